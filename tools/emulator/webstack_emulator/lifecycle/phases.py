"""Phases: for a set time after a slow resource starts changing, its model shows AWS's intermediate state.

moto keeps a resource's state in a plain attribute (sometimes a property, or an item of a plain
dict) and sets the final state at once. `timed()` replaces that attribute on the model class with
a `Timed` data descriptor: while a phase runs on the object it answers the state the phase shows
(``creating``, ``pending``, ``InProgress``...), otherwise what moto stored; what moto sets is
stored as before. moto's own code (describe filters, "must be available" checks) reads through
the descriptor too, so it sees what a client sees. `TimedDict` does the same for dict items.

A phase is kept on the model object itself, so it goes with the resource; the durations are read
when a phase starts, so a new profile affects only what starts afterwards.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any

PHASE = "_webstack_phase"
STORED = object()


@dataclass(frozen=True)
class Phase:
    """One slow resource in one phase: what it shows, from when, for how long."""

    kind: str
    name: str
    resource_id: str
    shown: Mapping[str, Any]
    started: float
    seconds: float

    def running(self, now: float) -> bool:
        return now < self.started + self.seconds

    def record(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.resource_id, "phase": self.name, "seconds": self.seconds, "started": self.started}


class Lifecycle:
    """The durations in force, the clock, and every phase started since the last reset."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._durations: dict[str, dict[str, float]] = {}
        self._lock = threading.Lock()
        self._phases: list[Phase] = []

    def configure(self, durations: Mapping[str, Mapping[str, float]]) -> None:
        """Seconds per kind and duration name, for the phases started from now on."""
        self._durations = {kind: dict(seconds) for kind, seconds in durations.items()}

    def seconds(self, kind: str, duration: str) -> float:
        return self._durations.get(kind, {}).get(duration, 0.0)

    def start(
        self,
        model: Any,
        kind: str,
        name: str,
        resource_id: str,
        shown: Mapping[str, Any],
        final: Mapping[str, Any] | None = None,
        duration: str | None = None,
    ) -> Phase | None:
        """Start phase `name` on model when the profile gives it time (duration names the table entry, name by default).

        `shown` maps attributes (or dict keys) to what they answer while the phase runs; `final`
        is stored at once, where moto would not store the state AWS ends in itself.
        """
        seconds = self.seconds(kind, duration or name)
        if seconds <= 0:
            return None
        phase = Phase(kind, name, resource_id, dict(shown), self.clock(), seconds)
        self.attach(model, phase, final or {})
        with self._lock:
            self._phases.append(phase)
        return phase

    @staticmethod
    def attach(model: Any, phase: Phase, final: Mapping[str, Any]) -> None:
        """Let one more object show the phase (a resource answered in two places), with its own final values."""
        vars(model)[PHASE] = phase
        for key, value in final.items():
            if isinstance(model, dict):
                model[key] = value
            else:
                setattr(model, key, value)

    def shown(self, model: Any, key: str) -> Any:
        """What the running phase of model shows for key, or STORED when it shows nothing."""
        phase = vars(model).get(PHASE)
        if phase is not None and key in phase.shown and phase.running(self.clock()):
            return phase.shown[key]
        return STORED

    def ended(self, model: Any, name: str) -> bool:
        """Whether model went through phase `name` and its time is up."""
        phase = vars(model).get(PHASE)
        return phase is not None and phase.name == name and not phase.running(self.clock())

    def started(self) -> list[dict[str, Any]]:
        with self._lock:
            return [phase.record() for phase in self._phases]

    def forget(self) -> None:
        with self._lock:
            self._phases.clear()


LIFECYCLE = Lifecycle()


class Timed:
    """Data descriptor in place of a model's state attribute: the running phase's state, else the stored one.

    The stored value lives where it lived: in the instance dict, or behind moto's own property (inner).
    """

    def __init__(self, name: str, inner: Any = None) -> None:
        self.name = name
        self.inner = inner

    def __get__(self, model: Any, owner: type | None = None) -> Any:
        if model is None:
            return self
        value = LIFECYCLE.shown(model, self.name)
        if value is not STORED:
            return value
        if self.inner is not None:
            return self.inner.__get__(model, owner)
        try:
            return vars(model)[self.name]
        except KeyError:
            raise AttributeError(self.name) from None

    def __set__(self, model: Any, value: Any) -> None:
        if self.inner is not None:
            self.inner.__set__(model, value)
        else:
            vars(model)[self.name] = value


def timed(model_class: type, *attributes: str) -> None:
    """Put a Timed descriptor in place of each attribute of model_class (once; a property stays behind it)."""
    for attribute in attributes:
        inner = inspect.getattr_static(model_class, attribute, None)
        if not isinstance(inner, Timed):
            setattr(model_class, attribute, Timed(attribute, inner if hasattr(inner, "__set__") else None))


class TimedDict(dict[str, Any]):
    """A dict whose items answer the running phase's values, for states moto keeps in plain dicts.

    moto's response serializer reads dict members by item, so the answer shows the phase.
    """

    def __getitem__(self, key: str) -> Any:
        value = LIFECYCLE.shown(self, key)
        return super().__getitem__(key) if value is STORED else value

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default


def after(original: Callable[..., Any], hook: Callable[[Any], None]) -> Callable[..., Any]:
    """original, then hook on what it returned."""

    @wraps(original)
    def method(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        hook(result)
        return result

    return method
