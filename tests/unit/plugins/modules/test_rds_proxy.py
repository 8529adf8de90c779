"""rds_proxy, run end to end through main() against the emulator, and its pure functions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import rds_proxy

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "demo-local"
TAGS = {"webstack:stack": "demo", "webstack:environment": "local", "webstack:component": "rds", "ManagedBy": "ansible"}
TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "rds.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
LATENCY_SCALE = 0.0025  # an instance creates in 1.5 s, a proxy in 1.2 s


@dataclass
class World:
    aws: Emulator
    subnets: list[str]
    other_subnet: str
    groups: list[str]
    secrets: list[str]
    roles: list[str]

    def proxy(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(rds_proxy.main, self.aws, args, check_mode)

    def args(self, **overrides: Any) -> dict[str, Any]:
        return {
            "name": NAME,
            "auth": [{"secret_arn": self.secrets[0]}],
            "role_arn": self.roles[0],
            "vpc_subnet_ids": self.subnets,
            "db_instance_identifiers": ["demo-local-db"],
            "tags": TAGS,
            **overrides,
        }

    @property
    def rds(self) -> Any:
        return self.aws.client("rds")

    def described(self) -> dict[str, Any]:
        return self.rds.describe_db_proxies(DBProxyName=NAME)["DBProxies"][0]

    def names(self) -> list[str]:
        return [p["DBProxyName"] for p in self.rds.describe_db_proxies()["DBProxies"]]

    def pool(self) -> dict[str, Any]:
        return self.rds.describe_db_proxy_target_groups(DBProxyName=NAME)["TargetGroups"][0]["ConnectionPoolConfig"]

    def targets(self) -> dict[str, str]:
        """RdsResourceId -> TargetHealth.State of every target."""
        return {t["RdsResourceId"]: t["TargetHealth"]["State"] for t in self.rds.describe_db_proxy_targets(DBProxyName=NAME)["Targets"]}

    def endpoints(self) -> dict[str, dict[str, Any]]:
        listed = self.rds.describe_db_proxy_endpoints(DBProxyName=NAME)["DBProxyEndpoints"]
        return {e["DBProxyEndpointName"]: e for e in listed if not e["IsDefault"]}

    def tags(self) -> dict[str, str]:
        tag_list = self.rds.list_tags_for_resource(ResourceName=self.described()["DBProxyArn"])["TagList"]
        return {t["Key"]: t["Value"] for t in tag_list}


def database(aws: Emulator, identifier: str) -> None:
    aws.client("rds").create_db_instance(
        DBInstanceIdentifier=identifier,
        Engine="postgres",
        DBInstanceClass="db.t3.micro",
        MasterUsername="app",
        MasterUserPassword="correct-horse-battery",
        AllocatedStorage=20,
    )


def aurora(aws: Emulator, identifier: str) -> None:
    rds = aws.client("rds")
    rds.create_db_cluster(DBClusterIdentifier=identifier, Engine="aurora-postgresql", MasterUsername="app", MasterUserPassword="correct-horse-battery")
    for member in ("a", "b"):
        rds.create_db_instance(
            DBInstanceIdentifier=f"{identifier}-{member}", Engine="aurora-postgresql", DBInstanceClass="db.r6g.large", DBClusterIdentifier=identifier
        )


def network(aws: Emulator) -> tuple[list[str], str, list[str]]:
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.30.{index}.0/24", AvailabilityZone=f"eu-west-1{zone}")["Subnet"]["SubnetId"]
        for index, zone in enumerate("abc", start=1)
    ]
    groups = [ec2.create_security_group(GroupName=f"proxy-{index}", Description="proxy", VpcId=vpc)["GroupId"] for index in range(2)]
    return subnets[:2], subnets[2], groups


def credentials(aws: Emulator) -> tuple[list[str], list[str]]:
    secrets = [
        aws.client("secretsmanager").create_secret(Name=f"demo-local-db-{user}", SecretString=json.dumps({"username": user, "password": "pw"}))["ARN"]
        for user in ("app", "admin")
    ]
    iam = aws.client("iam")
    roles = [iam.create_role(RoleName=f"demo-local-proxy-{index}", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"] for index in range(2)]
    return secrets, roles


@pytest.fixture
def bare(aws: Emulator) -> World:
    """Network, secrets and roles, no database; the call log starts empty."""
    subnets, other, groups = network(aws)
    secrets, roles = credentials(aws)
    aws.clear_calls()
    return World(aws, subnets, other, groups, secrets, roles)


@pytest.fixture
def world(bare: World) -> World:
    """Also a PostgreSQL instance (demo-local-db) and an Aurora cluster (demo-local-aurora, two members)."""
    database(bare.aws, "demo-local-db")
    aurora(bare.aws, "demo-local-aurora")
    bare.aws.clear_calls()
    return bare


@pytest.fixture
def offline(aws: Emulator) -> World:
    """Names only, for runs that must fail before any AWS call."""
    secrets = [f"arn:aws:secretsmanager:eu-west-1:123456789012:secret:demo-local-db-{user}" for user in ("app", "admin")]
    roles = [f"arn:aws:iam::123456789012:role/demo-local-proxy-{index}" for index in range(2)]
    return World(aws, ["subnet-0a", "subnet-0b"], "subnet-0c", ["sg-00", "sg-01"], secrets, roles)


@pytest.fixture
def quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rds_proxy, "POLL_DELAY", 0.2)


# Create


def test_create_waits_until_the_proxy_and_its_targets_serve(world: World) -> None:
    result = world.proxy(world.args(vpc_security_group_ids=world.groups[:1]))

    assert not result.failed, result.out
    assert result.changed
    proxy = world.described()
    assert proxy["Status"] == "available"
    assert (proxy["EngineFamily"], proxy["RoleArn"], proxy["RequireTLS"], proxy["IdleClientTimeout"], proxy["DebugLogging"]) == (
        "POSTGRESQL",
        world.roles[0],
        True,
        1800,
        False,
    )
    assert proxy["Auth"] == [{"AuthScheme": "SECRETS", "SecretArn": world.secrets[0], "IAMAuth": "DISABLED"}]
    assert proxy["VpcSecurityGroupIds"] == world.groups[:1]
    assert world.targets() == {"demo-local-db": "AVAILABLE"}
    assert world.tags() == TAGS
    returned = result.out["proxy"]
    assert returned["db_proxy_arn"] == proxy["DBProxyArn"]
    assert returned["tags"] == TAGS
    assert returned["target_group"]["connection_pool_config"]["max_connections_percent"] == 100
    assert [(t["rds_resource_id"], t["target_health"]["state"]) for t in returned["targets"]] == [("demo-local-db", "AVAILABLE")]
    assert returned["endpoints"] == []
    assert result.out["targets_pending"] is False
    assert world.aws.calls().mutating == ["rds:CreateDBProxy", "rds:RegisterDBProxyTargets"]


def test_create_survives_a_proxy_arn_not_yet_readable(world: World) -> None:
    world.aws.faults(seed=1, consistency_s=30)

    result = world.proxy(world.args())

    assert not result.failed, result.out
    assert result.out["proxy"]["tags"] == TAGS
    assert world.targets() == {"demo-local-db": "AVAILABLE"}
    assert world.aws.calls().count("ListTagsForResource") == 0


def test_create_with_cluster_targets_and_endpoints(world: World) -> None:
    endpoints = [{"name": "demo-local-ro"}, {"name": "demo-local-rw", "target_role": "READ_WRITE", "vpc_subnet_ids": world.subnets[:1]}]
    result = world.proxy(world.args(db_instance_identifiers=[], db_cluster_identifiers=["demo-local-aurora"], endpoints=endpoints))

    assert not result.failed, result.out
    assert world.targets() == {"demo-local-aurora": "AVAILABLE", "demo-local-aurora-a": "AVAILABLE", "demo-local-aurora-b": "AVAILABLE"}
    listed = world.endpoints()
    proxy = world.described()
    assert {name: (e["TargetRole"], e["VpcSubnetIds"], e["Status"]) for name, e in listed.items()} == {
        "demo-local-ro": ("READ_ONLY", sorted(world.subnets), "available"),
        "demo-local-rw": ("READ_WRITE", world.subnets[:1], "available"),
    }
    assert listed["demo-local-ro"]["VpcSecurityGroupIds"] == proxy["VpcSecurityGroupIds"]
    assert [e["db_proxy_endpoint_name"] for e in result.out["proxy"]["endpoints"]] == ["demo-local-ro", "demo-local-rw"]


# Idempotence, check mode, diff


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = world.args(
        db_cluster_identifiers=["demo-local-aurora"],
        endpoints=[{"name": "demo-local-ro"}],
        target_group={"max_connections_percent": 80, "session_pinning_filters": ["EXCLUDE_VARIABLE_SETS"], "init_query": "SET TIME ZONE 'UTC'"},
        auth=[{"secret_arn": world.secrets[0], "client_password_auth_type": "POSTGRES_SCRAM_SHA_256", "description": "app"}],
    )
    first = world.proxy(args)
    assert not first.failed, first.out
    world.aws.clear_calls()

    again = world.proxy(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["diff"]["before"] == again.out["diff"]["after"]
    assert again.out["proxy"]["db_proxy_arn"] == first.out["proxy"]["db_proxy_arn"]


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    result = world.proxy(world.args(endpoints=[{"name": "demo-local-rw", "target_role": "READ_WRITE"}]), check_mode=True)

    assert not result.failed, result.out
    assert result.changed
    assert world.names() == []
    assert world.aws.calls().mutating == []
    assert result.out["diff"]["before"] == {}
    after = result.out["diff"]["after"]
    assert (after["name"], after["db_instance_identifiers"], after["tags"]) == (NAME, ["demo-local-db"], TAGS)
    assert after["endpoints"] == [{"name": "demo-local-rw", "target_role": "READ_WRITE", "vpc_subnet_ids": sorted(world.subnets), "vpc_security_group_ids": []}]
    assert result.out["proxy"]["db_proxy_name"] == NAME


def test_check_mode_change_reports_it_and_changes_nothing(world: World) -> None:
    world.proxy(world.args())
    world.aws.clear_calls()

    result = world.proxy(world.args(require_tls=False, idle_client_timeout=60, tags={"a": "1"}), check_mode=True)

    assert result.changed
    assert world.aws.calls().mutating == []
    assert (world.described()["RequireTLS"], world.described()["IdleClientTimeout"]) == (True, 1800)
    assert (result.out["diff"]["before"]["require_tls"], result.out["diff"]["after"]["require_tls"]) == (True, False)
    assert result.out["diff"]["after"]["tags"] == {"a": "1"}


def test_check_mode_on_a_converged_proxy_reports_no_change(world: World) -> None:
    world.proxy(world.args())
    world.aws.clear_calls()

    result = world.proxy(world.args(), check_mode=True)

    assert not result.changed
    assert world.aws.calls().mutating == []


def test_diff_shows_before_and_after_of_what_changed(world: World) -> None:
    world.proxy(world.args())

    result = world.proxy(world.args(debug_logging=True, db_instance_identifiers=[], db_cluster_identifiers=["demo-local-aurora"]))

    before, after = result.out["diff"]["before"], result.out["diff"]["after"]
    assert (before["debug_logging"], after["debug_logging"]) == (False, True)
    assert (before["db_instance_identifiers"], after["db_instance_identifiers"]) == (["demo-local-db"], [])
    assert (before["db_cluster_identifiers"], after["db_cluster_identifiers"]) == ([], ["demo-local-aurora"])
    assert {key for key in before if before[key] != after[key]} == {"debug_logging", "db_instance_identifiers", "db_cluster_identifiers"}


# Modify


@pytest.mark.parametrize(
    ("overrides", "field", "expected"),
    [
        ({"require_tls": False}, "RequireTLS", False),
        ({"idle_client_timeout": 600}, "IdleClientTimeout", 600),
        ({"debug_logging": True}, "DebugLogging", True),
        ({"role_arn": "ROLE1"}, "RoleArn", "ROLE1"),
        ({"vpc_security_group_ids": ["GROUP0", "GROUP1"]}, "VpcSecurityGroupIds", ["GROUP0", "GROUP1"]),
    ],
)
def test_a_proxy_setting_changes_in_place(world: World, overrides: dict[str, Any], field: str, expected: Any) -> None:
    aliases = {"ROLE1": world.roles[1], "GROUP0": world.groups[0], "GROUP1": world.groups[1]}

    def resolved(value: Any) -> Any:
        return [aliases.get(v, v) for v in value] if isinstance(value, list) else aliases.get(value, value)

    arn = world.proxy(world.args()).out["proxy"]["db_proxy_arn"]
    world.aws.clear_calls()

    result = world.proxy(world.args(**{key: resolved(value) for key, value in overrides.items()}))

    assert not result.failed, result.out
    assert result.changed
    proxy = world.described()
    assert sorted(proxy[field]) == sorted(resolved(expected)) if isinstance(expected, list) else proxy[field] == resolved(expected)
    assert proxy["DBProxyArn"] == arn
    assert world.aws.calls().mutating == ["rds:ModifyDBProxy"]
    assert not world.proxy(world.args(**{key: resolved(value) for key, value in overrides.items()})).changed


def test_auth_changes_replace_the_list(world: World) -> None:
    world.proxy(world.args())
    world.aws.clear_calls()
    auth = [{"secret_arn": world.secrets[0], "iam_auth": "REQUIRED"}, {"secret_arn": world.secrets[1], "client_password_auth_type": "POSTGRES_MD5"}]

    result = world.proxy(world.args(auth=auth))

    assert result.changed
    assert sorted(world.described()["Auth"], key=lambda a: a["SecretArn"]) == sorted(
        [
            {"AuthScheme": "SECRETS", "SecretArn": world.secrets[0], "IAMAuth": "REQUIRED"},
            {"AuthScheme": "SECRETS", "SecretArn": world.secrets[1], "IAMAuth": "DISABLED", "ClientPasswordAuthType": "POSTGRES_MD5"},
        ],
        key=lambda a: a["SecretArn"],
    )
    assert world.aws.calls().mutating == ["rds:ModifyDBProxy"]


def test_auth_without_optional_fields_keeps_them(world: World) -> None:
    auth = [{"secret_arn": world.secrets[0], "client_password_auth_type": "POSTGRES_MD5", "description": "app"}]
    world.proxy(world.args(auth=auth))
    world.aws.clear_calls()

    result = world.proxy(world.args(auth=[{"secret_arn": world.secrets[0]}]))

    assert not result.changed
    assert world.aws.calls().mutating == []


def test_target_group_pool_settings_change(world: World) -> None:
    world.proxy(world.args())
    world.aws.clear_calls()
    pool = {
        "max_connections_percent": 90,
        "max_idle_connections_percent": 10,
        "connection_borrow_timeout": 30,
        "session_pinning_filters": ["EXCLUDE_VARIABLE_SETS"],
        "init_query": "SET x = 1",
    }

    result = world.proxy(world.args(target_group=pool))

    assert result.changed
    assert world.pool() == {
        "MaxConnectionsPercent": 90,
        "MaxIdleConnectionsPercent": 10,
        "ConnectionBorrowTimeout": 30,
        "SessionPinningFilters": ["EXCLUDE_VARIABLE_SETS"],
        "InitQuery": "SET x = 1",
    }
    assert world.aws.calls().mutating == ["rds:ModifyDBProxyTargetGroup"]
    assert result.out["proxy"]["target_group"]["connection_pool_config"]["init_query"] == "SET x = 1"


def test_one_pool_setting_sends_only_that_setting(world: World) -> None:
    world.proxy(world.args(target_group={"max_idle_connections_percent": 20}))
    world.aws.clear_calls()

    world.proxy(world.args(target_group={"max_idle_connections_percent": 20, "connection_borrow_timeout": 60}))

    assert world.pool()["ConnectionBorrowTimeout"] == 60
    assert world.pool()["MaxIdleConnectionsPercent"] == 20


def test_targets_are_registered_and_deregistered_to_match(world: World) -> None:
    world.proxy(world.args())
    world.aws.clear_calls()

    result = world.proxy(world.args(db_instance_identifiers=[], db_cluster_identifiers=["demo-local-aurora"]))

    assert result.changed
    assert world.targets() == {"demo-local-aurora": "AVAILABLE", "demo-local-aurora-a": "AVAILABLE", "demo-local-aurora-b": "AVAILABLE"}
    assert world.aws.calls().mutating == ["rds:DeregisterDBProxyTargets", "rds:RegisterDBProxyTargets"]
    assert not world.proxy(world.args(db_instance_identifiers=[], db_cluster_identifiers=["demo-local-aurora"])).changed


def test_targets_not_given_are_left_alone(world: World) -> None:
    world.proxy(world.args())
    world.aws.clear_calls()

    result = world.proxy({key: value for key, value in world.args().items() if key != "db_instance_identifiers"})

    assert not result.changed
    assert world.targets() == {"demo-local-db": "AVAILABLE"}


def test_endpoints_are_added_and_removed(world: World) -> None:
    cluster = {"db_instance_identifiers": [], "db_cluster_identifiers": ["demo-local-aurora"]}
    world.proxy(world.args(endpoints=[{"name": "demo-local-ro"}, {"name": "demo-local-old"}], **cluster))
    world.aws.clear_calls()

    result = world.proxy(world.args(endpoints=[{"name": "demo-local-ro"}, {"name": "demo-local-new", "target_role": "READ_WRITE"}], **cluster))

    assert result.changed
    assert sorted(world.endpoints()) == ["demo-local-new", "demo-local-ro"]
    assert world.aws.calls().mutating == ["rds:DeleteDBProxyEndpoint", "rds:CreateDBProxyEndpoint"]


def test_endpoints_without_purge_are_only_added(world: World) -> None:
    cluster = {"db_cluster_identifiers": ["demo-local-aurora"]}
    world.proxy(world.args(endpoints=[{"name": "demo-local-ro"}], **cluster))

    world.proxy(world.args(endpoints=[{"name": "demo-local-ro2"}], purge_endpoints=False, **cluster))

    assert sorted(world.endpoints()) == ["demo-local-ro", "demo-local-ro2"]


def test_endpoint_security_groups_change_in_place_and_a_new_role_recreates(world: World) -> None:
    cluster = {"db_cluster_identifiers": ["demo-local-aurora"]}
    world.proxy(world.args(endpoints=[{"name": "demo-local-ro"}], **cluster))
    world.aws.clear_calls()

    world.proxy(world.args(endpoints=[{"name": "demo-local-ro", "vpc_security_group_ids": world.groups[1:]}], **cluster))
    assert world.endpoints()["demo-local-ro"]["VpcSecurityGroupIds"] == world.groups[1:]
    assert world.aws.calls().mutating == ["rds:ModifyDBProxyEndpoint"]
    world.aws.clear_calls()

    world.proxy(world.args(endpoints=[{"name": "demo-local-ro", "target_role": "READ_WRITE", "vpc_security_group_ids": world.groups[1:]}], **cluster))
    assert world.endpoints()["demo-local-ro"]["TargetRole"] == "READ_WRITE"
    assert world.aws.calls().mutating == ["rds:DeleteDBProxyEndpoint", "rds:CreateDBProxyEndpoint"]


def test_tags_change_in_place(world: World) -> None:
    world.proxy(world.args(tags={"keep": "1", "drop": "2"}))
    world.aws.clear_calls()

    result = world.proxy(world.args(tags={"keep": "1", "add": "3"}))

    assert result.changed
    assert world.tags() == {"keep": "1", "add": "3"}
    assert result.out["proxy"]["tags"] == {"keep": "1", "add": "3"}
    assert world.aws.calls().mutating == ["rds:RemoveTagsFromResource", "rds:AddTagsToResource"]


def test_tags_without_purge_are_added(world: World) -> None:
    world.proxy(world.args(tags={"keep": "1"}))

    world.proxy(world.args(tags={"add": "3"}, purge_tags=False))

    assert world.tags() == {"keep": "1", "add": "3"}


def test_subnets_cannot_change(world: World) -> None:
    world.proxy(world.args())
    world.aws.clear_calls()

    result = world.proxy(world.args(vpc_subnet_ids=[world.subnets[0], world.other_subnet]))

    assert result.failed
    assert "vpc_subnet_ids" in result.out["msg"]
    assert world.aws.calls().mutating == []


# Waiting: latency profile


def test_wait_false_leaves_targets_pending_then_wait_true_finishes(bare: World, quick_polls: None) -> None:
    bare.aws.latency("aws-scaled", LATENCY_SCALE)
    database(bare.aws, "demo-local-db")
    bare.aws.clear_calls()

    started = bare.proxy(bare.args(wait=False))

    assert not started.failed, started.out
    assert started.changed
    assert started.out["targets_pending"] is True
    assert started.out["proxy"]["status"] == "creating"
    assert started.out["proxy"]["targets"] == []
    assert bare.aws.calls().mutating == ["rds:CreateDBProxy"]
    bare.aws.clear_calls()

    finished = bare.proxy(bare.args(wait=True))

    assert not finished.failed, finished.out
    assert finished.changed
    assert finished.out["targets_pending"] is False
    assert bare.aws.calls().mutating == ["rds:RegisterDBProxyTargets"]
    assert bare.described()["Status"] == "available"
    assert bare.targets() == {"demo-local-db": "AVAILABLE"}


def test_create_with_latency_and_wait_ends_with_targets_available(bare: World, quick_polls: None) -> None:
    bare.aws.latency("aws-scaled", LATENCY_SCALE)
    database(bare.aws, "demo-local-db")
    bare.aws.clear_calls()

    result = bare.proxy(bare.args(wait=True))

    assert not result.failed, result.out
    assert result.out["proxy"]["status"] == "available"
    assert [(t["rds_resource_id"], t["target_health"]["state"]) for t in result.out["proxy"]["targets"]] == [("demo-local-db", "AVAILABLE")]
    assert bare.targets() == {"demo-local-db": "AVAILABLE"}
    assert {resource["kind"] for resource in bare.aws.slow_resources()} == {"rds_instance", "rds_proxy"}


# Absent


def test_absent_deletes_the_proxy(world: World) -> None:
    created = world.proxy(world.args(db_cluster_identifiers=["demo-local-aurora"], endpoints=[{"name": "demo-local-ro"}]))
    world.aws.clear_calls()

    result = world.proxy({"name": NAME, "state": "absent"})

    assert not result.failed, result.out
    assert result.changed
    assert world.names() == []
    assert world.aws.calls().mutating == ["rds:DeleteDBProxy"]
    assert result.out["diff"]["before"]["name"] == NAME
    assert result.out["diff"]["before"] == created.out["diff"]["after"]
    assert result.out["diff"]["after"] == {}


def test_absent_twice_changes_nothing(world: World) -> None:
    world.proxy(world.args())
    world.proxy({"name": NAME, "state": "absent"})
    world.aws.clear_calls()

    result = world.proxy({"name": NAME, "state": "absent"})

    assert not result.failed, result.out
    assert not result.changed
    assert world.aws.calls().mutating == []


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.proxy(world.args())
    world.aws.clear_calls()

    result = world.proxy({"name": NAME, "state": "absent"}, check_mode=True)

    assert result.changed
    assert world.aws.calls().mutating == []
    assert world.names() == [NAME]


# Bad input


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"auth": []}, "auth"),
        ({"auth": None}, "auth"),
        ({"auth": [{"secret_arn": "my-secret"}]}, "auth[0].secret_arn"),
        ({"role_arn": None}, "role_arn"),
        ({"role_arn": "proxy-role"}, "role_arn"),
        ({"vpc_subnet_ids": None}, "vpc_subnet_ids"),
        ({"name": "1-proxy"}, "name"),
        ({"name": "demo--local"}, "name"),
        ({"idle_client_timeout": 0}, "idle_client_timeout"),
        ({"idle_client_timeout": 28801}, "idle_client_timeout"),
        ({"target_group": {"max_connections_percent": 101}}, "target_group.max_connections_percent"),
        ({"target_group": {"max_idle_connections_percent": 0}}, "target_group.max_idle_connections_percent"),
        ({"target_group": {"connection_borrow_timeout": 3601}}, "target_group.connection_borrow_timeout"),
        ({"target_group": {"max_connections_percent": 40, "max_idle_connections_percent": 50}}, "max_idle_connections_percent must not exceed"),
        ({"endpoints": [{"name": "demo-local-ro"}]}, "READ_ONLY"),
        ({"endpoints": [{"name": "default", "target_role": "READ_WRITE"}]}, "endpoints"),
        ({"endpoints": [{"name": "rw", "target_role": "READ_WRITE"}, {"name": "rw", "target_role": "READ_WRITE"}]}, "unique"),
        ({"wait_timeout": -1}, "wait_timeout"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(offline: World, overrides: dict[str, Any], named: str) -> None:
    result = offline.proxy({key: value for key, value in offline.args(**overrides).items() if value is not None})

    assert result.failed
    assert named in result.out["msg"]
    assert offline.aws.calls().calls == []
    assert offline.names() == []


def test_a_proxy_without_a_secret_fails_naming_auth(offline: World) -> None:
    result = offline.proxy({key: value for key, value in offline.args().items() if key != "auth"})

    assert result.failed
    assert result.out["msg"].startswith("auth needs at least one entry with a secret_arn")
    assert offline.aws.calls().calls == []


def test_an_unknown_database_is_reported_not_raised(world: World) -> None:
    result = world.proxy(world.args(db_instance_identifiers=["no-such-db"]))

    assert result.failed
    assert "Failed to register targets" in result.out["msg"]


# Pure functions


def params(**overrides: Any) -> dict[str, Any]:
    base = {
        "name": NAME,
        "state": "present",
        "engine_family": "POSTGRESQL",
        "auth": [
            {
                "secret_arn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
                "iam_auth": "DISABLED",
                "client_password_auth_type": None,
                "description": None,
            }
        ],
        "role_arn": "arn:aws:iam::123456789012:role/proxy",
        "vpc_subnet_ids": ["subnet-b", "subnet-a"],
        "vpc_security_group_ids": None,
        "require_tls": True,
        "idle_client_timeout": 1800,
        "debug_logging": False,
        "target_group": {
            "max_connections_percent": 100,
            "max_idle_connections_percent": 50,
            "connection_borrow_timeout": 120,
            "session_pinning_filters": None,
            "init_query": None,
        },
        "db_instance_identifiers": None,
        "db_cluster_identifiers": None,
        "endpoints": None,
        "purge_endpoints": True,
        "tags": None,
        "purge_tags": True,
        "wait": True,
        "wait_timeout": 900,
    }
    base.update(overrides)
    return base


def test_validate_params_accepts_a_complete_proxy() -> None:
    assert rds_proxy.validate_params(params()) == []


def test_validate_params_ignores_settings_when_absent() -> None:
    assert rds_proxy.validate_params(params(state="absent", auth=None, role_arn=None, vpc_subnet_ids=None)) == []


def test_desired_settings_of_a_new_proxy_fill_the_defaults() -> None:
    after = rds_proxy.desired_settings(
        {}, params(tags={"a": 1}, endpoints=[{"name": "rw", "target_role": "READ_WRITE", "vpc_subnet_ids": None, "vpc_security_group_ids": None}])
    )

    assert after["vpc_subnet_ids"] == ["subnet-a", "subnet-b"]
    assert after["target_group"]["session_pinning_filters"] == [] and after["target_group"]["init_query"] == ""
    assert after["endpoints"] == [{"name": "rw", "target_role": "READ_WRITE", "vpc_subnet_ids": ["subnet-a", "subnet-b"], "vpc_security_group_ids": []}]
    assert after["tags"] == {"a": "1"}
    assert (after["db_instance_identifiers"], after["db_cluster_identifiers"]) == ([], [])


def test_modify_params_send_only_what_differs() -> None:
    current = rds_proxy.desired_settings({}, params(vpc_security_group_ids=["sg-1"]))
    after = rds_proxy.desired_settings(current, params(require_tls=False, vpc_security_group_ids=["sg-2"]))

    assert rds_proxy.modify_params(current, after) == {"DBProxyName": NAME, "RequireTLS": False, "SecurityGroups": ["sg-2"]}
    assert rds_proxy.modify_params(current, current) == {}


def test_pool_config_sends_only_what_differs() -> None:
    current = rds_proxy.desired_settings({}, params())
    after = rds_proxy.desired_settings(current, params(target_group=dict(params()["target_group"], connection_borrow_timeout=5, init_query="SET a=1")))

    assert rds_proxy.pool_config(current, after) == {"ConnectionBorrowTimeout": 5, "InitQuery": "SET a=1"}


def test_target_changes_register_the_missing_and_deregister_the_extra() -> None:
    current = dict(rds_proxy.desired_settings({}, params()), db_instance_identifiers=["a", "b"], db_cluster_identifiers=[])
    after = dict(current, db_instance_identifiers=["b", "c"], db_cluster_identifiers=["x"])

    assert rds_proxy.target_changes(current, after) == (
        {"DBInstanceIdentifiers": ["c"], "DBClusterIdentifiers": ["x"]},
        {"DBInstanceIdentifiers": ["a"]},
    )


def test_endpoint_changes_recreate_on_role_or_subnets() -> None:
    old = {"name": "e", "target_role": "READ_ONLY", "vpc_subnet_ids": ["s1"], "vpc_security_group_ids": ["g1"]}
    current = {"endpoints": [old, dict(old, name="gone")]}

    assert rds_proxy.endpoint_changes(current, {"endpoints": [dict(old, vpc_security_group_ids=["g2"])]}) == {
        "delete": [dict(old, name="gone")],
        "modify": [dict(old, vpc_security_group_ids=["g2"])],
        "create": [],
    }
    assert rds_proxy.endpoint_changes(current, {"endpoints": [dict(old, target_role="READ_WRITE"), dict(old, name="gone")]}) == {
        "delete": [old],
        "modify": [],
        "create": [dict(old, target_role="READ_WRITE")],
    }


def test_immutable_errors_name_the_option() -> None:
    current = rds_proxy.desired_settings({}, params())
    after = rds_proxy.desired_settings(current, params(engine_family="MYSQL"))

    [error] = rds_proxy.immutable_errors(current, after)
    assert error.startswith("engine_family cannot change")
    assert rds_proxy.immutable_errors({}, after) == []


def test_not_ready_lists_what_does_not_serve() -> None:
    targets = [
        {"RdsResourceId": "a", "TargetHealth": {"State": "AVAILABLE"}},
        {"RdsResourceId": "b", "TargetHealth": {"State": "UNAVAILABLE", "Reason": "AUTH_FAILURE"}},
    ]
    endpoints = [{"DBProxyEndpointName": "ro", "Status": "creating"}]

    assert rds_proxy.not_ready(targets, endpoints) == ["target b is UNAVAILABLE, AUTH_FAILURE", "endpoint ro is creating"]
