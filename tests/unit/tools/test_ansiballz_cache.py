"""tools/ansiballz_cache: a module imported again from a new zip is not compiled again, and runs the same."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
import zipimport
from pathlib import Path
from types import CodeType
from types import ModuleType

import pytest

SOURCE = Path(__file__).parents[3] / "tools" / "ansiballz_cache" / "webstack_ansiballz_cache.py"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("ansiballz_cache_under_test", SOURCE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setattr(zipimport, "_compile_source", zipimport._compile_source)  # restored after the test
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "CACHE_DIR", str(tmp_path / "cache"))
    return module


def _payload(directory: Path, source: str) -> Path:
    """An AnsiballZ-like payload: a fresh zip per task, holding the same module_utils."""
    directory.mkdir()
    archive = directory / "ansible_ping_payload.zip"
    with zipfile.ZipFile(archive, "w") as payload:
        payload.writestr("shared_utils.py", source)
    return archive


def _import(archive: Path) -> ModuleType:
    spec = zipimport.zipimporter(str(archive)).find_spec("shared_utils")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _count_compiles(cache: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    compiled: list[str] = []
    original = cache._compile_source

    def counting(pathname: str, source: bytes) -> CodeType:
        compiled.append(pathname)
        return original(pathname, source)

    monkeypatch.setattr(cache, "_compile_source", counting)
    return compiled


def test_the_same_source_from_a_new_zip_is_served_from_the_cache(cache: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _count_compiles(cache, monkeypatch)
    source = "VALUE = 41\n\ndef where():\n    return where.__code__.co_filename\n"
    first = _import(_payload(tmp_path / "task-1", source))
    second = _import(_payload(tmp_path / "task-2", source))
    assert len(compiled) == 1
    assert (first.VALUE, second.VALUE) == (41, 41)
    # Tracebacks name the zip the module really came from, not the one it was first compiled from.
    assert second.where() == str(tmp_path / "task-2" / "ansible_ping_payload.zip" / "shared_utils.py")


def test_a_changed_source_is_compiled_again(cache: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _count_compiles(cache, monkeypatch)
    assert _import(_payload(tmp_path / "task-1", "VALUE = 1\n")).VALUE == 1
    assert _import(_payload(tmp_path / "task-2", "VALUE = 2\n")).VALUE == 2
    assert len(compiled) == 2


def test_an_unreadable_cache_entry_is_compiled_again(cache: ModuleType, tmp_path: Path) -> None:
    _import(_payload(tmp_path / "task-1", "VALUE = 3\n"))
    [entry] = Path(cache.CACHE_DIR).iterdir()
    entry.write_bytes(b"not marshal data")
    assert _import(_payload(tmp_path / "task-2", "VALUE = 3\n")).VALUE == 3


def test_it_can_be_turned_off(cache: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipimport, "_compile_source", cache._compile_source)
    monkeypatch.setenv("WEBSTACK_ANSIBALLZ_CACHE", "off")
    cache.install()
    assert zipimport._compile_source is cache._compile_source
    monkeypatch.setenv("WEBSTACK_ANSIBALLZ_CACHE", "on")
    cache.install()
    assert zipimport._compile_source is cache.cached_compile


def test_the_project_venv_loads_it() -> None:
    """`make setup` puts the .pth in .venv, so every module Ansible runs from it gets the cache."""
    assert "webstack_ansiballz_cache" in sys.modules, "run `make setup`: .venv lacks webstack_ansiballz_cache.pth"
