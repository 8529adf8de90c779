"""Checks of the ElastiCache replication group fixes (tools/emulator/webstack_emulator/extensions/elasticache.py)."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

TOKEN = "a-first-token-0123456789"


def group(aws: Emulator, group_id: str = "cache", **extra: Any) -> dict[str, Any]:
    """A cluster-mode-disabled group of a primary and one replica, encrypted in transit with a token."""
    request = {
        "ReplicationGroupId": group_id,
        "ReplicationGroupDescription": "cache",
        "CacheNodeType": "cache.t4g.micro",
        "NumCacheClusters": 2,
        "AutomaticFailoverEnabled": True,
        "TransitEncryptionEnabled": True,
        "AuthToken": TOKEN,
        **extra,
    }
    return aws.client("elasticache").create_replication_group(**request)


@check("elasticache", "CreateReplicationGroup")
def a_group_has_the_clusters_it_asked_for(aws: Emulator) -> dict[str, Any]:
    response = group(aws)
    created = response["ReplicationGroup"]
    assert created["MemberClusters"] == ["cache-001", "cache-002"]
    assert created["TransitEncryptionMode"] == "required"
    assert created["AuthTokenEnabled"] is True
    return response


@check("elasticache", "DescribeCacheClusters")
def member_clusters_are_listed(aws: Emulator) -> dict[str, Any]:
    group(aws, SecurityGroupIds=["sg-0123456789abcdef0"], EngineVersion="7.1", PreferredMaintenanceWindow="sun:05:00-sun:06:00")
    response = aws.client("elasticache").describe_cache_clusters(CacheClusterId="cache-002")
    [member] = response["CacheClusters"]
    assert member["ReplicationGroupId"] == "cache"
    assert member["SecurityGroups"] == [{"SecurityGroupId": "sg-0123456789abcdef0", "Status": "active"}]
    assert member["CacheParameterGroup"]["CacheParameterGroupName"] == "default.redis7"
    assert (member["EngineVersion"], member["PreferredMaintenanceWindow"]) == ("7.1", "sun:05:00-sun:06:00")
    return response


@check("elasticache", "ModifyReplicationGroup")
def every_field_is_modified(aws: Emulator) -> dict[str, Any]:
    group(aws)
    response = aws.client("elasticache").modify_replication_group(
        ReplicationGroupId="cache",
        SecurityGroupIds=["sg-0123456789abcdef1"],
        CacheParameterGroupName="default.redis7",
        SnapshotWindow="01:00-02:00",
        PreferredMaintenanceWindow="mon:03:00-mon:04:00",
        EngineVersion="7.1",
        AuthToken="a-second-token-0123456789",
        AuthTokenUpdateStrategy="ROTATE",
        LogDeliveryConfigurations=[
            {
                "LogType": "slow-log",
                "DestinationType": "cloudwatch-logs",
                "DestinationDetails": {"CloudWatchLogsDetails": {"LogGroup": "/cache/slow"}},
                "LogFormat": "json",
                "Enabled": True,
            }
        ],
        ApplyImmediately=True,
    )
    modified = response["ReplicationGroup"]
    assert modified["SnapshotWindow"] == "01:00-02:00" and modified["AuthTokenEnabled"] is True
    assert [(c["LogType"], c["Status"]) for c in modified["LogDeliveryConfigurations"]] == [("slow-log", "active")]
    member = aws.client("elasticache").describe_cache_clusters(CacheClusterId="cache-001")["CacheClusters"][0]
    assert member["SecurityGroups"][0]["SecurityGroupId"] == "sg-0123456789abcdef1"
    assert member["PreferredMaintenanceWindow"] == "mon:03:00-mon:04:00"
    return response


@check("elasticache", "IncreaseReplicaCount")
def replicas_are_added(aws: Emulator) -> dict[str, Any]:
    group(aws)
    response = aws.client("elasticache").increase_replica_count(ReplicationGroupId="cache", NewReplicaCount=3, ApplyImmediately=True)
    assert response["ReplicationGroup"]["MemberClusters"] == ["cache-001", "cache-002", "cache-003", "cache-004"]
    return response


@check("elasticache", "DecreaseReplicaCount")
def replicas_are_removed(aws: Emulator) -> dict[str, Any]:
    group(aws, NumCacheClusters=3)
    response = aws.client("elasticache").decrease_replica_count(ReplicationGroupId="cache", NewReplicaCount=1, ApplyImmediately=True)
    assert response["ReplicationGroup"]["MemberClusters"] == ["cache-001", "cache-002"]
    return response


@check("elasticache", "DeleteReplicationGroup")
def a_final_snapshot_is_taken(aws: Emulator) -> dict[str, Any]:
    group(aws)
    elasticache = aws.client("elasticache")
    response = elasticache.delete_replication_group(ReplicationGroupId="cache", FinalSnapshotIdentifier="cache-final")
    assert response["ReplicationGroup"]["Status"] == "deleting"
    assert [s["SnapshotName"] for s in elasticache.describe_snapshots(SnapshotName="cache-final")["Snapshots"]] == ["cache-final"]
    return response
