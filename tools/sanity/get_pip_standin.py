"""Offline stand-in for the get-pip.py script that ansible-test downloads.

webstack-aws get-pip stand-in (tools/sanity/run.sh recognises installed copies by this line)

ansible-test bootstraps pip into every virtual environment it creates (``--venv``
and the per-test sanity environments) by running
``https://ci-files.testing.ansible.com/ansible-test/get-pip-<version>.py``.
That host is not reachable here, but ansible-test first looks for a cached copy
at ``~/.ansible/test/cache/get_pip_<version with dots as underscores>.py``;
tools/sanity/run.sh installs this file there.

ansible-test runs it (through its quiet_pip.py wrapper, with ``runpy``) as::

    python quiet_pip.py --disable-pip-version-check pip==<version> --no-setuptools --no-wheel

inside a fresh ``python -m venv --without-pip`` environment.  This stand-in:

1. bootstraps pip from the wheels bundled with the interpreter (``ensurepip``);
2. undoes ensurepip's ``PIP_CONFIG_FILE=/dev/null``, which it sets in
   ``os.environ`` and never restores, so the next pip run sees the machine's
   pip configuration (package index, find-links, certificates, constraints);
3. runs ``pip install --upgrade`` with the given arguments, minus get-pip's own
   ``--no-setuptools``/``--no-wheel`` (pip install does not know them), so pip
   ends up at exactly the version ansible-test pinned, from the configured index;
4. honours ``--no-setuptools``: Python <= 3.11's ensurepip also installs
   setuptools, which a real get-pip run would not; it is removed again so the
   environments (the ``import`` sanity test's in particular) stay as lean as
   ansible-test expects.
"""

from __future__ import annotations

import ensurepip
import os
import subprocess
import sys
import sysconfig

GET_PIP_ONLY_OPTIONS = ("--no-setuptools", "--no-wheel")


def installed_here(name: str) -> bool:
    """Whether a top-level package is installed in this environment's own site-packages."""
    return any(os.path.isdir(os.path.join(sysconfig.get_paths()[key], name)) for key in ("purelib", "platlib"))


def main() -> int:
    args = sys.argv[1:]
    no_setuptools = "--no-setuptools" in args
    pip_args = [arg for arg in args if arg not in GET_PIP_ONLY_OPTIONS]
    had_setuptools = installed_here("setuptools")

    saved_config = os.environ.get("PIP_CONFIG_FILE")
    try:
        ensurepip.bootstrap(upgrade=True, default_pip=True, verbosity=0)
    finally:
        # ensurepip points PIP_CONFIG_FILE at /dev/null for its own, --no-index run and leaves it there.
        if saved_config is None:
            os.environ.pop("PIP_CONFIG_FILE", None)
        else:
            os.environ["PIP_CONFIG_FILE"] = saved_config

    pip = [sys.executable, "-m", "pip"]
    subprocess.run([*pip, "install", "--upgrade", *pip_args], check=True)

    if no_setuptools and not had_setuptools and installed_here("setuptools"):
        subprocess.run([*pip, "uninstall", "--yes", "--quiet", "setuptools"], check=True)

    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as ex:
        print(f"get-pip stand-in: {ex}", file=sys.stderr)
        sys.exit(ex.returncode or 1)
