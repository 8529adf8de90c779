"""elasticache_replication_group: pure functions, then main() end to end against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import elasticache_replication_group as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

GROUP = "demo-local"
TOKEN = "first-token-0123456789"
NEW_TOKEN = "second-token-0123456789"
TAGS = {"webstack:stack": "demo", "webstack:environment": "local", "webstack:component": "cache", "ManagedBy": "ansible"}


def params(**overrides: Any) -> dict[str, Any]:
    """The module's parameters with its defaults, as AnsibleModule would hand them over."""
    defaults = {name: spec.get("default") for name, spec in module.ARGUMENT_SPEC.items()}
    return {**defaults, "replication_group_id": GROUP, "cache_node_type": "cache.t4g.micro", **overrides}


# --- validation ------------------------------------------------------------------------


def test_valid_options_have_no_errors() -> None:
    assert module.validate_params(params(multi_az=True, automatic_failover=True, auth_token=TOKEN, kms_key_id="alias/cache")) == []


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"multi_az": True}, "multi_az"),
        ({"automatic_failover": True, "replicas_per_node_group": 0}, "automatic_failover"),
        ({"replicas_per_node_group": 6}, "replicas_per_node_group"),
        ({"auth_token": TOKEN, "transit_encryption": False}, "auth_token"),
        ({"auth_token": "too-short"}, "auth_token"),
        ({"auth_token": "with@an-at-sign-0123456"}, "auth_token"),
        ({"auth_token": 'with"a-quote-0123456789'}, "auth_token"),
        ({"auth_token": TOKEN, "auth_token_update_strategy": "DELETE"}, "auth_token_update_strategy"),
        ({"auth_token_update_strategy": "ROTATE"}, "auth_token_update_strategy"),
        ({"kms_key_id": "alias/cache", "at_rest_encryption": False}, "kms_key_id"),
        ({"cache_node_type": "t4g.micro"}, "cache_node_type"),
        ({"cache_node_type": None}, "cache_node_type"),
        ({"snapshot_retention_limit": 36}, "snapshot_retention_limit"),
        ({"snapshot_window": "5am"}, "snapshot_window"),
        ({"preferred_maintenance_window": "sunday"}, "preferred_maintenance_window"),
        ({"num_node_groups": 2, "cluster_mode": "disabled"}, "num_node_groups"),
        (
            {"log_delivery_configurations": [{"log_type": "slow-log", "destination": "a"}, {"log_type": "slow-log", "destination": "b"}]},
            "log_delivery_configurations",
        ),
    ],
)
def test_bad_options_are_named(overrides: dict[str, Any], option: str) -> None:
    errors = module.validate_params(params(**overrides))
    assert errors and option in " ".join(errors)


def test_absent_needs_no_node_type() -> None:
    assert module.validate_params(params(state="absent", cache_node_type=None)) == []


# --- what to send ------------------------------------------------------------------------


def test_create_request_for_cluster_mode_disabled() -> None:
    request = module.create_request(params(replicas_per_node_group=2, auth_token=TOKEN, tags={"a": "b"}))
    assert request["NumCacheClusters"] == 3 and "NumNodeGroups" not in request
    assert request["AuthToken"] == TOKEN and request["TransitEncryptionEnabled"] is True
    assert request["Tags"] == [{"Key": "a", "Value": "b"}]


def test_create_request_for_several_shards_enables_cluster_mode_and_failover() -> None:
    request = module.create_request(params(num_node_groups=3))
    assert (request["NumNodeGroups"], request["ReplicasPerNodeGroup"], request["ClusterMode"], request["AutomaticFailoverEnabled"]) == (3, 1, "enabled", True)


def test_transit_encryption_is_enabled_in_two_steps() -> None:
    assert module.transit_steps(False, None, True) == (
        [{"TransitEncryptionEnabled": True, "TransitEncryptionMode": "preferred"}, {"TransitEncryptionMode": "required"}],
        [],
    )
    assert module.transit_steps(True, "preferred", True) == ([{"TransitEncryptionMode": "required"}], [])
    assert module.transit_steps(True, "required", False) == ([], [{"TransitEncryptionMode": "preferred"}, {"TransitEncryptionEnabled": False}])
    assert module.transit_steps(True, "required", True) == ([], [])


def test_replica_requests_per_node_group() -> None:
    assert module.replica_requests({"0001": 1}, 2, False) == ({"NewReplicaCount": 2}, {})
    more, fewer = module.replica_requests({"0001": 1, "0002": 3}, 2, True)
    assert more == {"ReplicaConfiguration": [{"NodeGroupId": "0001", "NewReplicaCount": 2}]}
    assert fewer == {"ReplicaConfiguration": [{"NodeGroupId": "0002", "NewReplicaCount": 2}]}


def test_log_delivery_request_adds_and_turns_off() -> None:
    current = [{"log_type": "engine-log", "destination_type": "cloudwatch-logs", "destination": "/old", "log_format": "json"}]
    desired = [{"log_type": "slow-log", "destination_type": "kinesis-firehose", "destination": "stream", "log_format": "text"}]
    assert module.log_delivery_request(current, desired) == [
        {
            "LogType": "slow-log",
            "DestinationType": "kinesis-firehose",
            "DestinationDetails": {"KinesisFirehoseDetails": {"DeliveryStream": "stream"}},
            "LogFormat": "text",
            "Enabled": True,
        },
        {"LogType": "engine-log", "Enabled": False},
    ]
    assert module.log_delivery_request(current, None) == []
    assert module.log_delivery_request(current, current) == []


def test_engine_version_prefix_matches() -> None:
    assert module.version_matches("7.1.0", "7.1") and module.version_matches("7.1", "7.1") and module.version_matches("7.0.7", None)
    assert not module.version_matches("7.0.7", "7.1")


def test_kms_key_id_matches_its_arn() -> None:
    arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    assert module.kms_key_matches(arn, "1234abcd-12ab-34cd-56ef-1234567890ab") and module.kms_key_matches(arn, arn)
    assert not module.kms_key_matches(arn, "ffffffff-12ab-34cd-56ef-1234567890ab")


def test_auth_token_request_only_with_a_strategy() -> None:
    assert module.auth_token_request(params(auth_token=TOKEN), True) == {}
    assert module.auth_token_request(params(auth_token=TOKEN, auth_token_update_strategy="SET"), True) == {"AuthToken": TOKEN, "AuthTokenUpdateStrategy": "SET"}
    assert module.auth_token_request(params(auth_token_update_strategy="DELETE"), False) == {}


# --- end to end ------------------------------------------------------------------------


@dataclass
class World:
    aws: Emulator
    vpc_id: str
    subnet_group: str

    def module(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(module.main, self.aws, {"replication_group_id": GROUP, **args}, check_mode)

    def base(self, **overrides: Any) -> dict[str, Any]:
        return {"cache_node_type": "cache.t4g.micro", "cache_subnet_group_name": self.subnet_group, "tags": TAGS, **overrides}

    def create(self, **overrides: Any) -> Result:
        result = self.module(self.base(**overrides))
        assert not result.failed and result.changed, result.out
        self.aws.clear_calls()
        return result

    def group(self) -> dict[str, Any]:
        return self.aws.client("elasticache").describe_replication_groups(ReplicationGroupId=GROUP)["ReplicationGroups"][0]

    def member(self) -> dict[str, Any]:
        return self.aws.client("elasticache").describe_cache_clusters(CacheClusterId=self.group()["MemberClusters"][0])["CacheClusters"][0]

    def tags(self) -> dict[str, str]:
        answer = self.aws.client("elasticache").list_tags_for_resource(ResourceName=self.group()["ARN"])
        return {tag["Key"]: tag["Value"] for tag in answer["TagList"]}

    def groups(self) -> list[str]:
        return [g["ReplicationGroupId"] for g in self.aws.client("elasticache").describe_replication_groups()["ReplicationGroups"]]

    def security_group(self, name: str) -> str:
        return self.aws.client("ec2").create_security_group(GroupName=name, Description=name, VpcId=self.vpc_id)["GroupId"]


@pytest.fixture
def world(aws: Emulator) -> World:
    """A VPC, a subnet and a cache subnet group; the call log starts empty."""
    ec2 = aws.client("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.40.1.0/24")["Subnet"]["SubnetId"]
    aws.client("elasticache").create_cache_subnet_group(CacheSubnetGroupName="demo-local", CacheSubnetGroupDescription="demo", SubnetIds=[subnet])
    aws.clear_calls()
    return World(aws, vpc_id, "demo-local")


def test_create_waits_and_returns_the_group_without_its_token(world: World) -> None:
    result = world.module(world.base(auth_token=TOKEN, automatic_failover=True, multi_az=True, snapshot_retention_limit=3))

    assert not result.failed and result.changed, result.out
    group = world.group()
    assert group["Status"] == "available"
    assert group["MemberClusters"] == [f"{GROUP}-001", f"{GROUP}-002"]
    assert (group["AutomaticFailover"], group["MultiAZ"], group["SnapshotRetentionLimit"]) == ("enabled", "enabled", 3)
    assert group["AuthTokenEnabled"] and group["TransitEncryptionEnabled"] and group["AtRestEncryptionEnabled"]
    assert world.member()["CacheSubnetGroupName"] == "demo-local"
    assert world.tags() == TAGS
    returned = result.out["replication_group"]
    assert returned["replication_group_id"] == GROUP and returned["tags"] == TAGS and returned["auth_token_enabled"] is True
    assert TOKEN not in str(result.out)
    assert world.aws.calls().mutating == ["elasticache:CreateReplicationGroup"]


def test_second_run_changes_nothing(world: World) -> None:
    args = world.base(
        auth_token=TOKEN,
        engine_version="7.1",
        automatic_failover=True,
        security_group_ids=[world.security_group("cache")],
        snapshot_window="03:00-04:00",
        preferred_maintenance_window="sun:05:00-sun:06:00",
        log_delivery_configurations=[{"log_type": "slow-log", "destination": "/demo/slow"}],
    )
    assert world.module(args).changed
    world.aws.clear_calls()

    again = world.module(args)

    assert not again.failed and not again.changed, again.out
    assert world.aws.calls().mutating == []
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_create_changes_nothing(world: World) -> None:
    result = world.module(world.base(), check_mode=True)

    assert result.changed and not result.failed
    assert world.aws.calls().mutating == []
    assert world.groups() == []
    assert result.out["diff"]["after"]["cache_node_type"] == "cache.t4g.micro"


def test_check_mode_update_reports_without_changing(world: World) -> None:
    world.create()

    result = world.module(world.base(description="new"), check_mode=True)

    assert result.changed and world.aws.calls().mutating == []
    assert world.group()["Description"] == "managed by Ansible"


def test_diff_shows_the_change(world: World) -> None:
    world.create()

    result = world.module(world.base(cache_node_type="cache.t4g.small", tags={**TAGS, "tier": "cache"}))

    before, after = result.out["diff"]["before"], result.out["diff"]["after"]
    assert (before["cache_node_type"], after["cache_node_type"]) == ("cache.t4g.micro", "cache.t4g.small")
    assert "tier" not in before["tags"] and after["tags"]["tier"] == "cache"
    assert "auth_token" not in after


def test_every_setting_is_modified_in_one_call(world: World) -> None:
    security_group = world.security_group("cache")
    world.create()

    result = world.module(
        world.base(
            description="the cache",
            cache_node_type="cache.t4g.small",
            engine_version="7.1",
            automatic_failover=True,
            multi_az=True,
            security_group_ids=[security_group],
            cache_parameter_group_name="default.redis7",
            snapshot_retention_limit=5,
            snapshot_window="02:00-03:00",
            preferred_maintenance_window="mon:04:00-mon:05:00",
            log_delivery_configurations=[{"log_type": "engine-log", "destination": "/demo/engine", "log_format": "text"}],
        )
    )

    assert not result.failed and result.changed, result.out
    assert world.aws.calls().mutating == ["elasticache:ModifyReplicationGroup"]
    group, member = world.group(), world.member()
    assert (group["Description"], group["CacheNodeType"], group["AutomaticFailover"], group["MultiAZ"]) == (
        "the cache",
        "cache.t4g.small",
        "enabled",
        "enabled",
    )
    assert (group["SnapshotRetentionLimit"], group["SnapshotWindow"]) == (5, "02:00-03:00")
    assert [(c["LogType"], c["LogFormat"]) for c in group["LogDeliveryConfigurations"]] == [("engine-log", "text")]
    assert [sg["SecurityGroupId"] for sg in member["SecurityGroups"]] == [security_group]
    assert (member["PreferredMaintenanceWindow"], member["CacheParameterGroup"]["CacheParameterGroupName"]) == ("mon:04:00-mon:05:00", "default.redis7")


def test_log_delivery_is_turned_off_with_an_empty_list(world: World) -> None:
    world.create(log_delivery_configurations=[{"log_type": "slow-log", "destination": "/demo/slow"}])

    result = world.module(world.base(log_delivery_configurations=[]))

    assert result.changed and world.group()["LogDeliveryConfigurations"] == []


def test_auth_token_is_rotated_then_set(world: World) -> None:
    world.create(auth_token=TOKEN)
    before = world.group()["AuthTokenLastModifiedDate"]

    rotated = world.module(world.base(auth_token=NEW_TOKEN, auth_token_update_strategy="ROTATE"))
    assert rotated.changed and not rotated.failed, rotated.out
    assert world.group()["AuthTokenEnabled"] and world.group()["AuthTokenLastModifiedDate"] >= before
    set_ = world.module(world.base(auth_token=NEW_TOKEN, auth_token_update_strategy="SET"))

    assert set_.changed and not set_.failed, set_.out
    assert world.aws.calls().mutating == ["elasticache:ModifyReplicationGroup", "elasticache:ModifyReplicationGroup"]
    assert world.group()["AuthTokenEnabled"] is True
    for result in (rotated, set_):
        assert NEW_TOKEN not in str(result.out) and result.out["replication_group"]["auth_token_enabled"] is True


def test_a_token_without_strategy_is_left_alone(world: World) -> None:
    world.create(auth_token=TOKEN)

    result = world.module(world.base(auth_token=NEW_TOKEN))

    assert not result.changed and world.aws.calls().mutating == []


def test_transit_encryption_is_turned_on_in_two_steps(world: World) -> None:
    world.create(transit_encryption=False)
    assert "TransitEncryptionMode" not in world.group()

    result = world.module(world.base())

    assert result.changed and not result.failed, result.out
    assert world.aws.calls().mutating == ["elasticache:ModifyReplicationGroup", "elasticache:ModifyReplicationGroup"]
    assert (world.group()["TransitEncryptionEnabled"], world.group()["TransitEncryptionMode"]) == (True, "required")


def test_replicas_are_increased_then_decreased(world: World) -> None:
    world.create()

    more = world.module(world.base(replicas_per_node_group=3))
    assert more.changed and not more.failed, more.out
    assert world.aws.calls().mutating == ["elasticache:IncreaseReplicaCount"]
    assert len(world.group()["MemberClusters"]) == 4
    world.aws.clear_calls()

    fewer = world.module(world.base(replicas_per_node_group=0))

    assert fewer.changed and not fewer.failed, fewer.out
    assert world.aws.calls().mutating == ["elasticache:DecreaseReplicaCount"]
    assert world.group()["MemberClusters"] == [f"{GROUP}-001"]


def test_failover_is_turned_off_before_the_last_replica_goes(world: World) -> None:
    world.create(automatic_failover=True, multi_az=True)

    result = world.module(world.base(replicas_per_node_group=0, automatic_failover=False, multi_az=False))

    assert not result.failed, result.out
    assert world.aws.calls().mutating == ["elasticache:ModifyReplicationGroup", "elasticache:DecreaseReplicaCount"]
    assert (world.group()["AutomaticFailover"], len(world.group()["MemberClusters"])) == ("disabled", 1)


def test_cluster_mode_shards_get_their_replicas(world: World) -> None:
    world.create(num_node_groups=2)
    assert world.group()["ClusterEnabled"] is True

    result = world.module(world.base(num_node_groups=2, replicas_per_node_group=2))

    assert result.changed and not result.failed, result.out
    assert [len(ng["NodeGroupMembers"]) for ng in world.group()["NodeGroups"]] == [3, 3]


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"engine": "valkey"}, "engine"),
        ({"at_rest_encryption": False}, "at_rest_encryption"),
        ({"port": 6380}, "port"),
        ({"cache_subnet_group_name": "other"}, "cache_subnet_group_name"),
        ({"kms_key_id": "ffffffff-12ab-34cd-56ef-1234567890ab"}, "kms_key_id"),
        ({"num_node_groups": 2}, "num_node_groups"),
    ],
)
def test_immutable_options_fail_without_a_change(world: World, overrides: dict[str, Any], option: str) -> None:
    world.create()

    result = world.module(world.base(**overrides))

    assert result.failed and option in result.out["msg"]
    assert world.aws.calls().mutating == []


def test_tags_are_added_and_purged(world: World) -> None:
    world.create()

    result = world.module(world.base(tags={"webstack:stack": "demo", "tier": "cache"}))

    assert result.changed and world.tags() == {"webstack:stack": "demo", "tier": "cache"}
    assert sorted(world.aws.calls().mutating) == ["elasticache:AddTagsToResource", "elasticache:RemoveTagsFromResource"]
    assert result.out["replication_group"]["tags"] == {"webstack:stack": "demo", "tier": "cache"}


def test_tags_are_kept_without_purge(world: World) -> None:
    world.create()

    result = world.module(world.base(tags={"tier": "cache"}, purge_tags=False))

    assert result.changed and world.tags() == {**TAGS, "tier": "cache"}


def test_delete_takes_a_final_snapshot_and_waits(world: World) -> None:
    world.create()

    result = world.module({"state": "absent", "final_snapshot_identifier": "demo-final"})

    assert result.changed and not result.failed, result.out
    assert world.groups() == []
    snapshots = world.aws.client("elasticache").describe_snapshots()["Snapshots"]
    assert [(s["SnapshotName"], s["ReplicationGroupId"]) for s in snapshots] == [("demo-final", GROUP)]
    assert result.out["diff"]["after"] == {} and result.out["diff"]["before"]["cache_node_type"] == "cache.t4g.micro"


def test_absent_twice_is_quiet(world: World) -> None:
    world.create()
    assert world.module({"state": "absent"}).changed
    world.aws.clear_calls()

    again = world.module({"state": "absent"})

    assert not again.changed and not again.failed
    assert world.aws.calls().mutating == []


def test_check_mode_delete_keeps_the_group(world: World) -> None:
    world.create()

    result = world.module({"state": "absent"}, check_mode=True)

    assert result.changed and world.aws.calls().mutating == [] and world.groups() == [GROUP]


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"multi_az": True, "automatic_failover": False}, "multi_az"),
        ({"auth_token": "short"}, "auth_token"),
        ({"cache_node_type": "large"}, "cache_node_type"),
        ({"replicas_per_node_group": 9}, "replicas_per_node_group"),
    ],
)
def test_bad_inputs_fail_before_any_call(world: World, overrides: dict[str, Any], option: str) -> None:
    result = world.module(world.base(**overrides))

    assert result.failed and option in result.out["msg"]
    assert world.aws.calls().calls == []


def test_create_waits_through_the_creating_phase(world: World) -> None:
    world.aws.latency("aws-scaled", 0.002)  # 720 s create -> about 1.4 s
    module.POLL_DELAY, saved = 0.2, module.POLL_DELAY
    try:
        result = world.module(world.base())
    finally:
        module.POLL_DELAY = saved

    assert not result.failed and result.out["replication_group"]["status"] == "available"
    assert world.aws.calls().count("DescribeReplicationGroups") > 2
