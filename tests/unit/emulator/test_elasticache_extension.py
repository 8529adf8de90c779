"""Behaviours around the ElastiCache replication group fixes (extensions/elasticache.py)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.elasticache import TOKEN
from tests.unit.emulator.checks.elasticache import group
from tests.unit.emulator.model import shape_errors


def error_code(call: Any, **request: Any) -> str:
    with pytest.raises(ClientError) as error:
        call(**request)
    return error.value.response["Error"]["Code"]


def test_a_token_needs_transit_encryption(aws: Emulator) -> None:
    assert error_code(group, aws=aws, TransitEncryptionEnabled=False) == "InvalidParameterCombination"
    assert aws.client("elasticache").describe_replication_groups()["ReplicationGroups"] == []


def test_an_unknown_subnet_group_is_refused(aws: Emulator) -> None:
    assert error_code(group, aws=aws, CacheSubnetGroupName="nothing") == "CacheSubnetGroupNotFoundFault"


def test_failover_needs_a_replica(aws: Emulator) -> None:
    assert error_code(group, aws=aws, NumCacheClusters=1) == "InvalidParameterValue"


def test_several_shards_are_cluster_mode_enabled(aws: Emulator) -> None:
    answer = aws.client("elasticache").create_replication_group(
        ReplicationGroupId="shards", ReplicationGroupDescription="s", CacheNodeType="cache.t4g.micro", NumNodeGroups=2, ReplicasPerNodeGroup=1
    )["ReplicationGroup"]
    assert (answer["ClusterMode"], answer["ClusterEnabled"], len(answer["MemberClusters"])) == ("enabled", True, 4)
    member = aws.client("elasticache").describe_cache_clusters(CacheClusterId="shards-0002-002")["CacheClusters"][0]
    assert member["CacheParameterGroup"]["CacheParameterGroupName"] == "default.redis7.cluster.on"


def test_describe_cache_clusters_lists_every_member(aws: Emulator) -> None:
    group(aws)
    response = aws.client("elasticache").describe_cache_clusters()
    assert sorted(c["CacheClusterId"] for c in response["CacheClusters"]) == ["cache-001", "cache-002"]
    assert shape_errors("elasticache", "DescribeCacheClusters", response) == ""


def test_a_missing_cluster_is_still_not_found(aws: Emulator) -> None:
    assert error_code(aws.client("elasticache").describe_cache_clusters, CacheClusterId="nothing") == "CacheClusterNotFound"


def modify(aws: Emulator, **request: Any) -> dict[str, Any]:
    return aws.client("elasticache").modify_replication_group(ReplicationGroupId="cache", ApplyImmediately=True, **request)["ReplicationGroup"]


def test_set_is_refused_before_any_token(aws: Emulator) -> None:
    aws.client("elasticache").create_replication_group(
        ReplicationGroupId="cache", ReplicationGroupDescription="c", CacheNodeType="cache.t4g.micro", TransitEncryptionEnabled=True
    )
    assert error_code(modify, aws=aws, AuthToken=TOKEN, AuthTokenUpdateStrategy="SET") == "InvalidParameterCombination"
    assert modify(aws, AuthToken=TOKEN, AuthTokenUpdateStrategy="ROTATE")["AuthTokenEnabled"] is True
    assert modify(aws, AuthToken=TOKEN, AuthTokenUpdateStrategy="SET")["AuthTokenEnabled"] is True


def test_delete_strategy_removes_the_token(aws: Emulator) -> None:
    group(aws)
    assert error_code(modify, aws=aws, AuthToken=TOKEN, AuthTokenUpdateStrategy="DELETE") == "InvalidParameterCombination"
    answer = modify(aws, AuthTokenUpdateStrategy="DELETE")
    assert answer["AuthTokenEnabled"] is False and "AuthTokenLastModifiedDate" not in answer


def test_a_refused_modification_changes_nothing(aws: Emulator) -> None:
    group(aws)
    code = error_code(modify, aws=aws, ReplicationGroupDescription="changed", MultiAZEnabled=True, AutomaticFailoverEnabled=False)
    assert code == "InvalidParameterCombination"
    assert aws.client("elasticache").describe_replication_groups(ReplicationGroupId="cache")["ReplicationGroups"][0]["Description"] == "cache"


def test_transit_encryption_goes_through_preferred(aws: Emulator) -> None:
    aws.client("elasticache").create_replication_group(ReplicationGroupId="cache", ReplicationGroupDescription="c", CacheNodeType="cache.t4g.micro")
    assert error_code(modify, aws=aws, TransitEncryptionEnabled=True) == "InvalidParameterCombination"
    assert modify(aws, TransitEncryptionEnabled=True, TransitEncryptionMode="preferred")["TransitEncryptionMode"] == "preferred"
    assert modify(aws, TransitEncryptionMode="required")["TransitEncryptionMode"] == "required"
    assert error_code(modify, aws=aws, TransitEncryptionEnabled=False) == "InvalidParameterCombination"


def test_log_delivery_is_turned_off(aws: Emulator) -> None:
    group(aws)
    details = {"CloudWatchLogsDetails": {"LogGroup": "/cache/slow"}}
    modify(aws, LogDeliveryConfigurations=[{"LogType": "slow-log", "DestinationType": "cloudwatch-logs", "DestinationDetails": details, "LogFormat": "json"}])
    assert modify(aws, LogDeliveryConfigurations=[{"LogType": "slow-log", "Enabled": False}])["LogDeliveryConfigurations"] == []


def test_replica_counts_are_checked(aws: Emulator) -> None:
    group(aws)
    elasticache = aws.client("elasticache")
    assert error_code(elasticache.increase_replica_count, ReplicationGroupId="cache", NewReplicaCount=1, ApplyImmediately=True) == "InvalidParameterValue"
    assert error_code(elasticache.increase_replica_count, ReplicationGroupId="cache", NewReplicaCount=6, ApplyImmediately=True) == "InvalidParameterValue"
    assert error_code(elasticache.decrease_replica_count, ReplicationGroupId="cache", NewReplicaCount=0, ApplyImmediately=True) == "InvalidParameterValue"
    assert (
        error_code(elasticache.increase_replica_count, ReplicationGroupId="nothing", NewReplicaCount=2, ApplyImmediately=True)
        == "ReplicationGroupNotFoundFault"
    )


def test_named_replicas_are_removed(aws: Emulator) -> None:
    group(aws, NumCacheClusters=4)
    answer = aws.client("elasticache").decrease_replica_count(
        ReplicationGroupId="cache", NewReplicaCount=2, ReplicasToRemove=["cache-002"], ApplyImmediately=True
    )
    assert answer["ReplicationGroup"]["MemberClusters"] == ["cache-001", "cache-003", "cache-004"]


def test_a_modifying_group_refuses_another_change(aws: Emulator) -> None:
    group(aws)
    aws.latency("aws-scaled", 0.01)
    modify(aws, SnapshotRetentionLimit=3)
    assert error_code(modify, aws=aws, SnapshotRetentionLimit=4) == "InvalidReplicationGroupState"
    elasticache = aws.client("elasticache")
    assert (
        error_code(elasticache.increase_replica_count, ReplicationGroupId="cache", NewReplicaCount=2, ApplyImmediately=True) == "InvalidReplicationGroupState"
    )


def test_replica_changes_show_the_group_modifying(aws: Emulator) -> None:
    group(aws)
    aws.latency("aws-scaled", 0.01)
    answer = aws.client("elasticache").increase_replica_count(ReplicationGroupId="cache", NewReplicaCount=2, ApplyImmediately=True)
    assert answer["ReplicationGroup"]["Status"] == "modifying"


def test_a_deleted_group_and_its_members_are_gone_without_latency(aws: Emulator) -> None:
    group(aws, Tags=[{"Key": "webstack:stack", "Value": "demo"}])
    elasticache = aws.client("elasticache")
    elasticache.delete_replication_group(ReplicationGroupId="cache")
    assert elasticache.describe_replication_groups()["ReplicationGroups"] == []
    assert elasticache.describe_cache_clusters()["CacheClusters"] == []
    group(aws)
    assert elasticache.list_tags_for_resource(ResourceName=elasticache.describe_replication_groups()["ReplicationGroups"][0]["ARN"])["TagList"] == []


def test_a_final_snapshot_name_in_use_keeps_the_group(aws: Emulator) -> None:
    group(aws)
    elasticache = aws.client("elasticache")
    elasticache.create_snapshot(SnapshotName="taken", ReplicationGroupId="cache")
    assert error_code(elasticache.delete_replication_group, ReplicationGroupId="cache", FinalSnapshotIdentifier="taken") == "SnapshotAlreadyExistsFault"
    assert elasticache.describe_replication_groups(ReplicationGroupId="cache")["ReplicationGroups"][0]["Status"] == "available"
