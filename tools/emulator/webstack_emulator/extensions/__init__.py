"""The one place where the emulator departs from stock moto.

Each module in this package closes one gap (a missing operation) or fixes one
fidelity bug (a wrong or missing field on read-back, a crash on an optional
field). A module registers each patch function with :func:`fix`, which records
what it changes and why; :func:`apply_all` runs them once. Every registered fix has a
test under ``tests/unit/emulator`` that checks the fixed answer against
botocore's service model.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

_APPLIED = False


@dataclass(frozen=True)
class Fix:
    service: str
    operation: str
    reason: str


REGISTRY: list[Fix] = []


def fix(service: str, operation: str, reason: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Register a patch function; it runs once when the emulator starts."""

    def register(patch: Callable[[], None]) -> Callable[[], None]:
        REGISTRY.append(Fix(service, operation, reason))
        _PATCHES.append(patch)
        return patch

    return register


_PATCHES: list[Callable[[], None]] = []


def apply_all() -> list[Fix]:
    """Import every extension module and apply its patches (once per process)."""
    global _APPLIED
    if not _APPLIED:
        for info in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{info.name}")
        for patch in _PATCHES:
            patch()
        _APPLIED = True
    return list(REGISTRY)


def reset_moto() -> None:
    """Forget every resource in every backend, as moto's own reset does."""
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.reset()
