"""A bytecode cache for the modules Ansible runs from AnsiballZ payloads, in the project's .venv only.

Every task runs its module from a fresh zip of the module and its module_utils, and Python's
zipimport compiles every source in it again: ansible.module_utils.basic and amazon.aws's
module_utils cost about 0.1 s of CPU per task on this project's machines. `make setup` adds a
.pth file to .venv that imports this module, which keeps the compiled code of each source (keyed
by its path inside the zip and a hash of its text) under ~/.cache/webstack-ansiballz. The code
is what compile() makes of the same source, so modules behave exactly as without the cache.
WEBSTACK_ANSIBALLZ_CACHE=off turns it off.
"""

from __future__ import annotations

import _imp
import hashlib
import marshal
import os
import sys
import zipimport
from types import CodeType

CACHE_DIR = os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
    "webstack-ansiballz",
    sys.implementation.cache_tag or "python",
)
_compile_source = zipimport._compile_source  # pylint: disable=protected-access


def _key(pathname: str, source: bytes) -> str:
    """The path inside the zip (the zip itself is a new temporary file every task) and the source's hash."""
    inner = pathname.rpartition(".zip" + os.sep)[2]
    return hashlib.sha256(inner.encode() + b"\0" + source).hexdigest()


def _load(name: str, pathname: str) -> CodeType | None:
    try:
        with open(name, "rb") as cached:
            code = marshal.loads(cached.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    _imp._fix_co_filename(code, pathname)  # pylint: disable=protected-access
    return code


def _store(name: str, code: CodeType) -> None:
    temporary = f"{name}.{os.getpid()}"
    try:
        os.makedirs(CACHE_DIR, exist_ok=True)
        with open(temporary, "wb") as out:
            out.write(marshal.dumps(code))
        os.replace(temporary, name)
    except OSError:
        pass


def cached_compile(pathname: str, source: bytes) -> CodeType:
    """zipimport's compile step, served from the cache when the same source was compiled before."""
    name = os.path.join(CACHE_DIR, _key(pathname, source))
    code = _load(name, pathname)
    if code is None:
        code = _compile_source(pathname, source)
        _store(name, code)
    return code


def install() -> None:
    if os.environ.get("WEBSTACK_ANSIBALLZ_CACHE", "on") != "off":
        zipimport._compile_source = cached_compile  # pylint: disable=protected-access


install()
