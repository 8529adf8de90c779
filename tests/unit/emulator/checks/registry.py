"""The registry of checks for the emulator's fixes, one per (service, operation).

``tests/unit/emulator/test_fixes.py`` holds the checks of the first fixes; each
later extension keeps its checks in a module of the ``checks`` package named
after its service, imported by :func:`load` so that one registry sees them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

from tests.harness.emulator import Emulator

Check = Callable[[Emulator], dict[str, Any]]
CHECKS: dict[tuple[str, str], Check] = {}


def check(service: str, operation: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[(service, operation)] = function
        return function

    return register


def load() -> dict[tuple[str, str], Check]:
    """Import every check module of this package and return the whole registry."""
    package = importlib.import_module(__package__)
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{__package__}.{info.name}")
    return CHECKS
