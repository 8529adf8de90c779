"""RDS: DB instances creating, modifying, deleting; DB clusters and proxies creating; then available.

moto makes an instance available at once, and forgets it at once on delete. A deleted instance
is kept aside for the delete phase: DescribeDBInstances answers it as deleting, and its
identifier cannot be reused, until the phase ends; then it is not found, as in AWS.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.lifecycle.phases import LIFECYCLE
from webstack_emulator.lifecycle.phases import after
from webstack_emulator.lifecycle.phases import timed

INSTANCE = "rds_instance"
DELETING = "_webstack_deleting"


def patch() -> None:
    from moto.rds.models import DBCluster
    from moto.rds.models import DBInstance
    from moto.rds.models import DBProxy
    from moto.rds.models import RDSBackend

    timed(DBInstance, "status")
    timed(DBCluster, "status")
    timed(DBProxy, "status")
    _patch_instance_create(RDSBackend)
    RDSBackend.create_db_instance_read_replica = after(RDSBackend.create_db_instance_read_replica, _instance_created)  # type: ignore[method-assign]
    _patch_instance_modify(RDSBackend)
    _patch_instance_delete(RDSBackend)
    _patch_describe_instances()
    RDSBackend.create_db_cluster = after(RDSBackend.create_db_cluster, _cluster_created)  # type: ignore[method-assign]
    RDSBackend.create_db_proxy = after(RDSBackend.create_db_proxy, _proxy_created)  # type: ignore[method-assign]


def _instance_created(database: Any) -> None:
    duration = "create_multi_az" if database.multi_az else "create"
    LIFECYCLE.start(database, INSTANCE, "create", database.db_instance_identifier, {"status": "creating"}, duration=duration)


def _cluster_created(cluster: Any) -> None:
    LIFECYCLE.start(cluster, "rds_cluster", "create", cluster.db_cluster_identifier, {"status": "creating"}, {"status": "available"})


def _proxy_created(proxy: Any) -> None:
    LIFECYCLE.start(proxy, "rds_proxy", "create", proxy.db_proxy_name, {"status": "creating"})


def _patch_instance_create(backend_class: type) -> None:
    from moto.rds.exceptions import DBInstanceAlreadyExists

    original = backend_class.create_db_instance

    @wraps(original)
    def create_db_instance(self: Any, db_kwargs: dict[str, Any]) -> Any:
        if db_kwargs["db_instance_identifier"] in deleting(self):
            raise DBInstanceAlreadyExists()
        database = original(self, db_kwargs)
        _instance_created(database)
        return database

    backend_class.create_db_instance = create_db_instance


def _patch_instance_modify(backend_class: type) -> None:
    original = backend_class.modify_db_instance

    @wraps(original)
    def modify_db_instance(self: Any, db_instance_identifier: str, db_kwargs: dict[str, Any]) -> Any:
        apply_immediately = bool(db_kwargs.get("apply_immediately"))
        database = original(self, db_instance_identifier, db_kwargs)
        if apply_immediately:  # otherwise AWS keeps the changes pending until the maintenance window
            LIFECYCLE.start(database, INSTANCE, "modify", database.db_instance_identifier, {"status": "modifying"})
        return database

    backend_class.modify_db_instance = modify_db_instance


def _patch_instance_delete(backend_class: type) -> None:
    original = backend_class.delete_db_instance

    @wraps(original)
    def delete_db_instance(self: Any, *args: Any, **kwargs: Any) -> Any:
        database = original(self, *args, **kwargs)  # status "deleting", gone from the backend
        if LIFECYCLE.start(database, INSTANCE, "delete", database.db_instance_identifier, {}):
            vars(self).setdefault(DELETING, {})[database.db_instance_identifier] = database
        return database

    backend_class.delete_db_instance = delete_db_instance


def deleting(backend: Any) -> dict[str, Any]:
    """The instances of backend still in their delete phase, by identifier (forgets those whose phase ended)."""
    kept: dict[str, Any] = vars(backend).get(DELETING, {})
    for identifier, database in list(kept.items()):
        if LIFECYCLE.ended(database, "delete"):
            kept.pop(identifier, None)
    return dict(kept)


def _patch_describe_instances() -> None:
    from moto.core.responses import ActionResult
    from moto.core.responses import PaginatedResult
    from moto.rds.exceptions import DBInstanceNotFoundError
    from moto.rds.responses import RDSResponse

    original = RDSResponse.describe_db_instances

    @wraps(original)
    def describe_db_instances(self: RDSResponse) -> ActionResult:
        dying = _deleting_asked_for(self)
        if not dying:
            return original(self)
        try:
            answer = original(self)
        except DBInstanceNotFoundError:
            return PaginatedResult({"DBInstances": dying})
        answer.result["DBInstances"].extend(dying)  # type: ignore[index]
        return answer

    RDSResponse.describe_db_instances = describe_db_instances  # type: ignore[method-assign]


def _deleting_asked_for(response: Any) -> list[Any]:
    """The instances in their delete phase that a DescribeDBInstances request names or filters for."""
    from moto.rds.models import DBInstance

    dying = deleting(response.backend)
    identifier = response.params.get("DBInstanceIdentifier")
    if identifier:
        dying = {key: database for key, database in dying.items() if key == identifier}
    filters = {f["Name"]: f["Values"] for f in response.params.get("Filters", [])}
    if filters and dying:
        dying = response.backend._filter_resources(dying, filters, DBInstance)
    return list(dying.values())
