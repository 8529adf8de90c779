"""ElastiCache replication group fidelity fixes for moto 5.2.5.

moto creates a replication group with the right node groups only for cluster mode enabled, keeps no
member clusters to describe, changes six fields on ModifyReplicationGroup, lacks
IncreaseReplicaCount and DecreaseReplicaCount, and ignores a final snapshot. The backend methods
replaced here are the ones `lifecycle/elasticache.py` wraps when the emulator starts (extensions are
applied first), so creating, modifying and deleting still show their phases under a latency profile.
"""

from __future__ import annotations

import copy
import re
from datetime import datetime
from functools import lru_cache
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

MAX_REPLICAS = 5
TOKEN = re.compile(r"^[!#-.0-?A-~]{16,128}$")  # printable ASCII without space, '"', '/' and '@'
LOG_KEYS = ("LogType", "DestinationType", "DestinationDetails", "LogFormat")
CLUSTER_MODE_STEPS = {("disabled", "compatible"), ("compatible", "enabled"), ("compatible", "disabled")}


@lru_cache(maxsize=1)
def _errors() -> Any:
    from moto.elasticache.exceptions import ElastiCacheException

    class InvalidReplicationGroupState(ElastiCacheException):
        code = "InvalidReplicationGroupState"

    class InvalidParameterValue(ElastiCacheException):
        code = "InvalidParameterValue"

    class InvalidParameterCombination(ElastiCacheException):
        code = "InvalidParameterCombination"

    class NoOperation(ElastiCacheException):
        code = "NoOperationFault"

    return InvalidReplicationGroupState, InvalidParameterValue, InvalidParameterCombination, NoOperation


def _fault(kind: int, message: str) -> Exception:
    return _errors()[kind](message)


def invalid_state(message: str) -> Exception:
    return _fault(0, message)


def invalid_value(message: str) -> Exception:
    return _fault(1, message)


def invalid_combination(message: str) -> Exception:
    return _fault(2, message)


def no_operation(message: str) -> Exception:
    return _fault(3, message)


def as_bool(value: Any) -> bool | None:
    """A boolean request member, as the query protocol sends it ('true'/'false') or already parsed."""
    return None if value is None else str(value).lower() == "true"


# --- reading a group ---------------------------------------------------------------------------


def replica_counts(group: Any) -> dict[str, int]:
    """Replicas per node group ID."""
    return {node_group["node_group_id"]: len(node_group["node_group_members"]) - 1 for node_group in group.node_groups}


def parameter_group_family(engine: str, version: str | None) -> str:
    """The default parameter group's family for an engine version (default.redis7, default.redis6.x, default.valkey8)."""
    major = (version or "").split(".")[0]
    if engine == "valkey":
        return f"valkey{major or '8'}"
    if major in ("", "7"):
        return "redis7"
    return f"redis{major}.x" if major == "6" else f"redis{version}"


def _default_engine_version(engine: str) -> str:
    return "8.0" if engine == "valkey" else "7.1"


def member_clusters(group: Any, region: str, account_id: str) -> list[dict[str, Any]]:
    """The group's member clusters as DescribeCacheClusters answers them."""
    status = {"modifying": "modifying", "creating": "creating", "deleting": "deleting"}.get(group.status, "available")
    members = []
    for node_group in group.node_groups:
        for node in node_group["node_group_members"]:
            cluster_id = node["cache_cluster_id"]
            members.append(
                {
                    "CacheClusterId": cluster_id,
                    "CacheNodeType": group.cache_node_type,
                    "Engine": group.engine,
                    "EngineVersion": group.engine_version,
                    "CacheClusterStatus": status,
                    "NumCacheNodes": 1,
                    "PreferredAvailabilityZone": node.get("preferred_availability_zone"),
                    "CacheClusterCreateTime": group.replication_group_create_time,
                    "PreferredMaintenanceWindow": group.preferred_maintenance_window,
                    "CacheSecurityGroups": [],
                    "CacheParameterGroup": {
                        "CacheParameterGroupName": group.cache_parameter_group_name,
                        "ParameterApplyStatus": "in-sync",
                        "CacheNodeIdsToReboot": [],
                    },
                    "CacheSubnetGroupName": group.cache_subnet_group_name,
                    "AutoMinorVersionUpgrade": group.auto_minor_version_upgrade is not False,
                    "SecurityGroups": [{"SecurityGroupId": sg, "Status": "active"} for sg in group.security_group_ids or []],
                    "ReplicationGroupId": group.replication_group_id,
                    "SnapshotRetentionLimit": group.snapshot_retention_limit,
                    "SnapshotWindow": group.snapshot_window,
                    "AuthTokenEnabled": group.auth_token_enabled,
                    "AuthTokenLastModifiedDate": group.auth_token_last_modified_date,
                    "TransitEncryptionEnabled": group.transit_encryption_enabled,
                    "AtRestEncryptionEnabled": group.at_rest_encryption_enabled,
                    "ARN": f"arn:aws:elasticache:{region}:{account_id}:cluster:{cluster_id}",
                    "ReplicationGroupLogDeliveryEnabled": bool(group.log_delivery_configurations),
                    "LogDeliveryConfigurations": [],
                    "NetworkType": group.network_type,
                    "IpDiscovery": group.ip_discovery,
                    "TransitEncryptionMode": group.transit_encryption_mode,
                }
            )
    return members


def _available(backend: Any, replication_group_id: str) -> Any:
    from moto.elasticache.exceptions import ReplicationGroupNotFound

    group = backend.replication_groups.get(replication_group_id)
    if group is None:
        raise ReplicationGroupNotFound(replication_group_id)
    if group.status != "available":
        raise invalid_state(f"Replication group {replication_group_id} must be in available state, not {group.status}.")
    return group


def check_token(token: str) -> None:
    if not TOKEN.match(token):
        raise invalid_value("Invalid AuthToken provided: it must be 16 to 128 printable ASCII characters other than space, '\"', '/' and '@'.")


# --- CreateReplicationGroup --------------------------------------------------------------------


@fix(
    "elasticache",
    "CreateReplicationGroup",
    "NumCacheClusters was ignored (a cluster-mode-disabled group had one node whatever it asked); NumNodeGroups > 1 "
    "without ClusterMode made several 'disabled' node groups; TransitEncryptionMode was left empty; an AuthToken without "
    "in-transit encryption and an unknown CacheSubnetGroupName were accepted; the engine version and parameter group its "
    "member clusters read back were empty.",
)
def create_replication_group_as_asked() -> None:
    from moto.elasticache.exceptions import CacheSubnetGroupNotFound
    from moto.elasticache.models import ElastiCacheBackend

    original = ElastiCacheBackend.create_replication_group

    @wraps(original)
    def create_replication_group(self: Any, **kwargs: Any) -> Any:
        num_node_groups = kwargs.get("num_node_groups") or 1
        if num_node_groups > 1 and not kwargs.get("cluster_mode"):
            kwargs["cluster_mode"] = "enabled"
        if kwargs.get("auth_token") is not None:
            if not kwargs.get("transit_encryption_enabled"):
                raise invalid_combination("AuthToken can be specified only on replication groups where TransitEncryptionEnabled is true.")
            check_token(kwargs["auth_token"])
        subnet_group = kwargs.get("cache_subnet_group_name")
        if subnet_group and subnet_group not in self.cache_subnet_groups:
            raise CacheSubnetGroupNotFound(subnet_group)
        if kwargs.get("multi_az_enabled") and not kwargs.get("automatic_failover_enabled"):
            raise invalid_combination("Multi-AZ can only be enabled with automatic failover enabled.")
        if kwargs.get("cluster_mode") != "enabled" and kwargs.get("num_cache_clusters") and not kwargs.get("replicas_per_node_group"):
            kwargs["replicas_per_node_group"] = kwargs["num_cache_clusters"] - 1
        if kwargs.get("automatic_failover_enabled") and kwargs.get("cluster_mode") != "enabled" and not kwargs.get("replicas_per_node_group"):
            raise invalid_value("When automatic failover is enabled, NumCacheClusters must be at least 2.")
        group = original(self, **kwargs)
        group.engine_version = group.engine_version or _default_engine_version(group.engine)
        cluster_on = ".cluster.on" if group.cluster_mode == "enabled" else ""
        group.cache_parameter_group_name = (
            group.cache_parameter_group_name or f"default.{parameter_group_family(group.engine, group.engine_version)}{cluster_on}"
        )
        group.preferred_maintenance_window = group.preferred_maintenance_window or "sun:23:00-mon:01:30"
        group.security_group_ids = list(group.security_group_ids or [])
        if group.transit_encryption_enabled and not group.transit_encryption_mode:
            group.transit_encryption_mode = "required"
        group.auth_tokens = [kwargs["auth_token"]] if kwargs.get("auth_token") else []
        return group

    ElastiCacheBackend.create_replication_group = create_replication_group  # type: ignore[method-assign]


# --- DescribeCacheClusters ---------------------------------------------------------------------


@fix(
    "elasticache",
    "DescribeCacheClusters",
    "The member clusters of a replication group were not listed, so their engine version, parameter group, security "
    "groups, subnet group and maintenance window (which DescribeReplicationGroups does not answer) could not be read.",
)
def describe_cache_clusters_lists_members() -> None:
    from moto.elasticache.models import ElastiCacheBackend

    original = ElastiCacheBackend.describe_cache_clusters

    @wraps(original)
    def describe_cache_clusters(self: Any, cache_cluster_id: str | None = None) -> list[Any]:
        groups = self.describe_replication_groups()  # forgets the groups whose delete phase ended
        members = {m["CacheClusterId"]: m for group in groups for m in member_clusters(group, self.region_name, self.account_id)}
        if cache_cluster_id:
            return [members[cache_cluster_id]] if cache_cluster_id in members else original(self, cache_cluster_id)
        return [*original(self), *members.values()]

    ElastiCacheBackend.describe_cache_clusters = describe_cache_clusters  # type: ignore[method-assign]


# --- ModifyReplicationGroup --------------------------------------------------------------------


def _apply_auth_token(group: Any, request: dict[str, Any]) -> None:
    token, strategy = request.get("AuthToken"), request.get("AuthTokenUpdateStrategy")
    if token is None and strategy is None:
        return
    if strategy == "DELETE":
        if token is not None:
            raise invalid_combination("AuthToken must not be specified with AuthTokenUpdateStrategy DELETE.")
        group.auth_tokens = []
    else:
        if token is None:
            raise invalid_combination(f"AuthToken must be specified with AuthTokenUpdateStrategy {strategy}.")
        if not group.transit_encryption_enabled:
            raise invalid_combination("AuthToken can be set only on replication groups where TransitEncryptionEnabled is true.")
        check_token(token)
        if (strategy or "ROTATE") == "ROTATE":
            group.auth_tokens = [*group.auth_tokens[-1:], token]
        elif not group.auth_tokens:
            raise invalid_combination("AuthTokenUpdateStrategy SET is allowed only after ROTATE.")
        else:
            group.auth_tokens = [token]
    group.auth_token_enabled = bool(group.auth_tokens)
    group.auth_token_last_modified_date = datetime.now().astimezone() if group.auth_tokens else None


def _apply_transit_encryption(group: Any, request: dict[str, Any]) -> None:
    enabled, mode = as_bool(request.get("TransitEncryptionEnabled")), request.get("TransitEncryptionMode")
    if enabled is None and mode is None:
        return
    now_enabled, now_mode = bool(group.transit_encryption_enabled), group.transit_encryption_mode
    if enabled is True and not now_enabled:
        if mode != "preferred":
            raise invalid_combination("To enable in-transit encryption on an existing replication group, set TransitEncryptionMode to preferred.")
        group.transit_encryption_enabled, group.transit_encryption_mode = True, "preferred"
        return
    if enabled is False and now_enabled:
        if now_mode != "preferred":
            raise invalid_combination("Set TransitEncryptionMode to preferred before disabling in-transit encryption.")
        if group.auth_token_enabled:
            raise invalid_combination("In-transit encryption cannot be disabled while an AuthToken is set.")
        group.transit_encryption_enabled, group.transit_encryption_mode = False, None
        return
    if mode is not None:
        if not now_enabled and enabled is not True:
            raise invalid_combination("TransitEncryptionMode needs in-transit encryption enabled.")
        if mode == "required" and now_mode not in ("preferred", "required"):
            raise invalid_combination("TransitEncryptionMode can be set to required only after it was set to preferred.")
        group.transit_encryption_mode = mode


def _apply_log_delivery(group: Any, requests: list[dict[str, Any]]) -> None:
    by_type = {entry["LogType"]: entry for entry in group.log_delivery_configurations}
    for request in requests:
        if as_bool(request.get("Enabled")) is False:
            by_type.pop(request.get("LogType"), None)
            continue
        entry = {key: request[key] for key in LOG_KEYS if key in request}
        by_type[request["LogType"]] = {**entry, "Status": "active", "Message": "Log delivery configuration is active."}
    group.log_delivery_configurations = list(by_type.values())


def _apply_cluster_mode(group: Any, mode: str) -> None:
    if mode == group.cluster_mode:
        return
    if (group.cluster_mode, mode) not in CLUSTER_MODE_STEPS:
        raise invalid_value(f"ClusterMode cannot change from {group.cluster_mode} to {mode}; it moves disabled -> compatible -> enabled.")
    group.cluster_mode = mode
    group.cluster_enabled = mode == "enabled"


def _check_failover(group: Any) -> None:
    if group.multi_az == "enabled" and group.automatic_failover != "enabled":
        raise invalid_combination("Multi-AZ can only be enabled with automatic failover enabled.")
    if group.automatic_failover == "enabled" and group.cluster_mode != "enabled" and min(replica_counts(group).values()) < 1:
        raise invalid_value("Automatic failover needs at least one replica.")


SIMPLE_FIELDS = {
    "ReplicationGroupDescription": "description",
    "Engine": "engine",
    "EngineVersion": "engine_version",
    "CacheNodeType": "cache_node_type",
    "CacheParameterGroupName": "cache_parameter_group_name",
    "PreferredMaintenanceWindow": "preferred_maintenance_window",
    "SnapshotWindow": "snapshot_window",
}


def modify(group: Any, request: dict[str, Any]) -> None:
    """Apply a ModifyReplicationGroup request (API member names) to group, or raise as AWS does."""
    for member, attribute in SIMPLE_FIELDS.items():
        if request.get(member) is not None:
            setattr(group, attribute, request[member])
    if request.get("AutoMinorVersionUpgrade") is not None:
        group.auto_minor_version_upgrade = as_bool(request["AutoMinorVersionUpgrade"])
    if request.get("SecurityGroupIds") is not None:
        group.security_group_ids = list(request["SecurityGroupIds"])
    if request.get("SnapshotRetentionLimit") is not None:
        group.snapshot_retention_limit = int(request["SnapshotRetentionLimit"])
        group.snapshotting_cluster_id = group.member_clusters[-1] if group.snapshot_retention_limit else None
    for member, attribute in (("AutomaticFailoverEnabled", "automatic_failover"), ("MultiAZEnabled", "multi_az")):
        if request.get(member) is not None:
            setattr(group, attribute, "enabled" if as_bool(request[member]) else "disabled")
    if request.get("ClusterMode"):
        _apply_cluster_mode(group, request["ClusterMode"])
    _check_failover(group)
    _apply_transit_encryption(group, request)
    _apply_auth_token(group, request)
    if request.get("LogDeliveryConfigurations") is not None:
        _apply_log_delivery(group, request["LogDeliveryConfigurations"])


@fix(
    "elasticache",
    "ModifyReplicationGroup",
    "Only the description, engine, node type, automatic failover, Multi-AZ and snapshot retention changed; AuthToken "
    "(with AuthTokenUpdateStrategy), security groups, parameter group, engine version, windows, log delivery, cluster "
    "mode and in-transit encryption were ignored, and a group that was not available was modified.",
)
def modify_replication_group_applies_every_field() -> None:
    from moto.elasticache.models import ElastiCacheBackend
    from moto.elasticache.responses import ElastiCacheResponse

    def modify_replication_group(self: Any, replication_group_id: str, request: dict[str, Any] | None = None) -> Any:
        group = _available(self, replication_group_id)
        modify(copy.copy(group), request or {})  # a refused request changes nothing
        modify(group, request or {})
        return group

    ElastiCacheBackend.modify_replication_group = modify_replication_group  # type: ignore[method-assign]

    def handler(self: Any) -> Any:
        from moto.core.responses import ActionResult

        params = self._get_params()
        group = self.elasticache_backend.modify_replication_group(params.get("ReplicationGroupId"), params)
        return ActionResult({"ReplicationGroup": group})

    ElastiCacheResponse.modify_replication_group = handler  # type: ignore[method-assign]


# --- IncreaseReplicaCount / DecreaseReplicaCount -----------------------------------------------


def replica_targets(group: Any, params: dict[str, Any]) -> dict[str, int]:
    """The replica count wanted per node group, from NewReplicaCount or ReplicaConfiguration."""
    count, configuration = params.get("NewReplicaCount"), params.get("ReplicaConfiguration")
    if count is not None and configuration:
        raise invalid_combination("Specify either NewReplicaCount or ReplicaConfiguration, not both.")
    current = replica_counts(group)
    if count is not None:
        return {node_group_id: int(count) for node_group_id in current}
    if not configuration:
        raise invalid_value("Either NewReplicaCount or ReplicaConfiguration must be specified.")
    targets = {}
    for shard in configuration:
        if shard.get("NodeGroupId") not in current:
            raise invalid_value(f"Node group {shard.get('NodeGroupId')} is not part of replication group {group.replication_group_id}.")
        targets[shard["NodeGroupId"]] = int(shard["NewReplicaCount"])
    return targets


def _member(group: Any, node_group: dict[str, Any], number: int) -> dict[str, Any]:
    prefix = group.replication_group_id if group.cluster_mode != "enabled" else f"{group.replication_group_id}-{node_group['node_group_id']}"
    cluster_id = f"{prefix}-{number:03}"
    member: dict[str, Any] = {"cache_cluster_id": cluster_id, "cache_node_id": node_group["node_group_id"], "preferred_availability_zone": "us-east-1b"}
    primary = node_group["node_group_members"][0]
    if "read_endpoint" in primary:
        domain = primary["read_endpoint"]["address"].split(".", 1)[1]
        member.update(read_endpoint={"address": f"{cluster_id}.{domain}", "port": group.port}, current_role="replica")
    return member


def set_replicas(group: Any, targets: dict[str, int], removing: list[str] | None = None) -> None:
    """Give each node group its target count: new replicas numbered after the last, the last ones (or those named) removed."""
    for node_group in group.node_groups:
        target = targets.get(node_group["node_group_id"])
        members = node_group["node_group_members"]
        if target is None:
            continue
        named = [m for m in members[1:] if m["cache_cluster_id"] in (removing or [])]
        for member in named[: len(members) - 1 - target]:
            members.remove(member)
        while len(members) - 1 > target:
            members.pop()
        while len(members) - 1 < target:
            last = max(int(m["cache_cluster_id"].rsplit("-", 1)[1]) for m in members)
            members.append(_member(group, node_group, last + 1))
    group.member_clusters = [m["cache_cluster_id"] for node_group in group.node_groups for m in node_group["node_group_members"]]


def change_replicas(backend: Any, params: dict[str, Any], increase: bool) -> Any:
    group = _available(backend, params.get("ReplicationGroupId"))
    targets = replica_targets(group, params)
    current = replica_counts(group)
    for node_group_id, target in targets.items():
        if increase and target <= current[node_group_id]:
            raise invalid_value(
                f"The new replica count ({target}) must be greater than the current one ({current[node_group_id]}) for node group {node_group_id}."
            )
        if not increase and target >= current[node_group_id]:
            raise invalid_value(
                f"The new replica count ({target}) must be less than the current one ({current[node_group_id]}) for node group {node_group_id}."
            )
        if target > MAX_REPLICAS:
            raise invalid_value(f"A node group can have at most {MAX_REPLICAS} replicas.")
        failover = group.automatic_failover == "enabled" or group.multi_az == "enabled"
        if target < 1 and failover and group.cluster_mode != "enabled":
            raise invalid_value("With Multi-AZ or automatic failover enabled, a replication group needs at least 1 replica.")
    set_replicas(group, targets, params.get("ReplicasToRemove"))
    # Through ModifyReplicationGroup's backend method, so that the lifecycle shows the group modifying.
    return backend.modify_replication_group(group.replication_group_id)


def _replica_handler(increase: bool) -> Any:
    def handler(self: Any) -> Any:
        from moto.core.responses import ActionResult

        return ActionResult({"ReplicationGroup": change_replicas(self.elasticache_backend, self._get_params(), increase)})

    return handler


@fix(
    "elasticache",
    "IncreaseReplicaCount",
    "No such operation (HTTP 500). webstack.aws elasticache_replication_group adds replicas with it.",
)
def increase_replica_count() -> None:
    from moto.elasticache.responses import ElastiCacheResponse

    ElastiCacheResponse.increase_replica_count = _replica_handler(increase=True)  # type: ignore[attr-defined]


@fix(
    "elasticache",
    "DecreaseReplicaCount",
    "No such operation (HTTP 500). webstack.aws elasticache_replication_group removes replicas with it.",
)
def decrease_replica_count() -> None:
    from moto.elasticache.responses import ElastiCacheResponse

    ElastiCacheResponse.decrease_replica_count = _replica_handler(increase=False)  # type: ignore[attr-defined]


# --- DeleteReplicationGroup --------------------------------------------------------------------


def _delete_phase_running(group: Any) -> bool:
    from webstack_emulator.lifecycle.phases import LIFECYCLE
    from webstack_emulator.lifecycle.phases import PHASE

    phase = vars(group).get(PHASE)
    return phase is not None and phase.name == "delete" and phase.running(LIFECYCLE.clock())


@fix(
    "elasticache",
    "DeleteReplicationGroup",
    "FinalSnapshotIdentifier was ignored (no snapshot), a group already deleting could be deleted again, and a deleted "
    "group stayed 'deleting' for ever, so nothing waiting for it to go ever returned.",
)
def delete_replication_group_takes_final_snapshot() -> None:
    from moto.core.responses import ActionResult
    from moto.elasticache.models import ElastiCacheBackend
    from moto.elasticache.responses import ElastiCacheResponse

    original = ElastiCacheBackend.delete_replication_group

    @wraps(original)
    def delete_replication_group(
        self: Any, replication_group_id: str, retain_primary_cluster: bool | None, final_snapshot_identifier: str | None = None
    ) -> Any:
        group = _available(self, replication_group_id)
        if final_snapshot_identifier:
            self.create_snapshot(final_snapshot_identifier, group.replication_group_id, None, None, None)
        return original(self, replication_group_id, retain_primary_cluster)

    ElastiCacheBackend.delete_replication_group = delete_replication_group  # type: ignore[method-assign]

    def handler(self: Any) -> Any:
        backend = self.elasticache_backend
        group = backend.delete_replication_group(
            self._get_param("ReplicationGroupId"), self._get_bool_param("RetainPrimaryCluster"), self._get_param("FinalSnapshotIdentifier")
        )
        if not _delete_phase_running(group):  # no latency profile keeps it deleting: gone once answered, as AWS ends
            backend.replication_groups.pop(group.replication_group_id, None)
            backend.tagging_service.delete_all_tags_for_resource(group.arn)
        return ActionResult({"ReplicationGroup": group})

    ElastiCacheResponse.delete_replication_group = handler  # type: ignore[method-assign]
