"""ElastiCache replication groups: creating, modifying, then available; deleting, then gone.

moto makes a replication group available at once, keeps modifications instant, and leaves a
deleted group deleting for ever. With a profile, a deleted group is forgotten once its delete
phase ends, so describing it answers ReplicationGroupNotFoundFault as in AWS.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from webstack_emulator.lifecycle.phases import LIFECYCLE
from webstack_emulator.lifecycle.phases import after
from webstack_emulator.lifecycle.phases import timed

KIND = "elasticache_replication_group"
# Backend method: the phase it starts and what the group shows meanwhile (moto already answers deleting).
PHASES: dict[str, tuple[str, dict[str, str]]] = {
    "create_replication_group": ("create", {"status": "creating"}),
    "modify_replication_group": ("modify", {"status": "modifying"}),
    "delete_replication_group": ("delete", {}),
}


def patch() -> None:
    from moto.elasticache.models import ElastiCacheBackend
    from moto.elasticache.models import ReplicationGroup

    timed(ReplicationGroup, "status")
    for name, (phase, shown) in PHASES.items():
        setattr(ElastiCacheBackend, name, after(getattr(ElastiCacheBackend, name), _phase(phase, shown)))
    for name in (*PHASES, "describe_replication_groups"):
        setattr(ElastiCacheBackend, name, _forgetting_deleted(getattr(ElastiCacheBackend, name)))


def _phase(name: str, shown: dict[str, str]) -> Callable[[Any], None]:
    def start(group: Any) -> None:
        LIFECYCLE.start(group, KIND, name, group.replication_group_id, shown)

    return start


def _forgetting_deleted(method: Callable[..., Any]) -> Callable[..., Any]:
    """method, after the backend forgot the replication groups whose delete phase ended."""

    @wraps(method)
    def forgetting(self: Any, *args: Any, **kwargs: Any) -> Any:
        for group_id, group in list(self.replication_groups.items()):
            if LIFECYCLE.ended(group, "delete"):
                self.replication_groups.pop(group_id, None)
        return method(self, *args, **kwargs)

    return forgetting
