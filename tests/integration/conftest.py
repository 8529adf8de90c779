"""Fixtures for stack tests: a Stack bound to an inventory on the session's emulator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.harness.emulator import Emulator
from tests.harness.stack import Stack


@pytest.fixture(scope="module")
def local_stack(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """inventories/local on an emptied emulator; the module's tests share it, in file order."""
    emulator.reset()
    yield Stack(emulator, "inventories/local", tmp_path_factory.mktemp("local-stack"))
