"""Session fixtures shared by every test directory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.harness.emulator import Emulator


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """One emulator per test session (per xdist worker), on a free port of its own."""
    handle = Emulator.start(tmp_path_factory.mktemp("emulator"))
    yield handle
    handle.stop()


@pytest.fixture
def aws(emulator: Emulator) -> Iterator[Emulator]:
    """The emulator, emptied before the test."""
    emulator.reset()
    yield emulator
