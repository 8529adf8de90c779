"""Make this repository importable as the collection ``ansible_collections.webstack.aws``.

The repository root is the collection root, but Python finds collections by
their ``ansible_collections/<namespace>/<name>`` path. A private temporary
directory holds that path as a symlink to the repository and goes first on
sys.path. ``ansible_collections`` is a namespace package (no ``__init__.py``
anywhere), so Python merges this directory with the venv's
``site-packages/ansible_collections`` and amazon.aws stays importable next to
webstack.aws. This runs when pytest loads the conftest, before any test module
imports a plugin.
"""

from __future__ import annotations

import atexit
import importlib
import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _link_collection() -> Path:
    root = Path(tempfile.mkdtemp(prefix="webstack-collections-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)  # rmtree removes the link, never the repository
    namespace = root / "ansible_collections" / "webstack"
    namespace.mkdir(parents=True)
    (namespace / "aws").symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    return root


COLLECTIONS_ROOT = _link_collection()


def _check_importable() -> None:
    """Fail the session early, and plainly, when either collection cannot be found (nothing is executed)."""
    for name in ("ansible_collections.webstack.aws.plugins", "ansible_collections.amazon.aws.plugins.module_utils"):
        if importlib.util.find_spec(name) is None:
            import ansible_collections

            raise RuntimeError(f"{name} is not importable; ansible_collections.__path__ = {list(ansible_collections.__path__)}")


_check_importable()
