"""rds_master_user_secret: pure functions, and main() end to end against the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import rds_master_user_secret as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

PASSWORD = "Initial-Pa55word"
SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1"
KEY_A = "arn:aws:kms:eu-west-1:123456789012:key/aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"
KEY_B = "arn:aws:kms:eu-west-1:123456789012:key/bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb"


def params(**overrides: Any) -> dict[str, Any]:
    base = {
        "db_instance_identifier": "demo-local",
        "db_cluster_identifier": None,
        "state": "present",
        "master_user_password": None,
        "kms_key_id": None,
        "rotate": False,
        "apply_immediately": True,
        "wait": True,
        "wait_timeout": 900,
    }
    return {**base, **overrides}


# --- pure functions ---------------------------------------------------------------------


def test_valid_present_options_have_no_errors() -> None:
    assert module.validate_params(params(kms_key_id="alias/demo-local-data", rotate=True)) == []


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"db_instance_identifier": "1db"}, "db_instance_identifier"),
        ({"db_instance_identifier": "db--x"}, "db_instance_identifier"),
        ({"db_instance_identifier": None, "db_cluster_identifier": "demo-"}, "db_cluster_identifier"),
        ({"state": "absent"}, "master_user_password"),
        ({"state": "absent", "master_user_password": "short"}, "master_user_password"),
        ({"state": "absent", "master_user_password": 'has"quote-in-it'}, "master_user_password"),
        ({"state": "absent", "master_user_password": "x" * 42, "db_instance_identifier": None, "db_cluster_identifier": "c"}, "master_user_password"),
        ({"state": "absent", "master_user_password": PASSWORD, "kms_key_id": KEY_A}, "kms_key_id"),
        ({"state": "absent", "master_user_password": PASSWORD, "rotate": True}, "rotate"),
        ({"master_user_password": PASSWORD}, "master_user_password"),
        ({"kms_key_id": "not a key"}, "kms_key_id"),
        ({"rotate": True, "apply_immediately": False}, "apply_immediately"),
        ({"wait_timeout": 0}, "wait_timeout"),
    ],
)
def test_bad_options_are_named(overrides: dict[str, Any], option: str) -> None:
    errors = module.validate_params(params(**overrides))
    assert len(errors) == 1
    assert option in errors[0]


def test_a_long_password_is_fine_for_an_instance() -> None:
    assert module.validate_params(params(state="absent", master_user_password="x" * 200)) == []


def test_plan_turns_management_on_with_the_key_as_given() -> None:
    assert module.plan_request({}, params(kms_key_id="alias/data"), KEY_A) == {"ManageMasterUserPassword": True, "MasterUserSecretKmsKeyId": "alias/data"}


def test_plan_leaves_a_managed_secret_alone() -> None:
    current = {"secret_arn": SECRET_ARN, "secret_status": "active", "kms_key_id": KEY_A}
    assert module.plan_request(current, params(), None) == {}
    assert module.plan_request(current, params(kms_key_id=KEY_A), KEY_A) == {}


def test_plan_changes_the_key_by_arn() -> None:
    current = {"secret_arn": SECRET_ARN, "secret_status": "active", "kms_key_id": KEY_A}
    assert module.plan_request(current, params(kms_key_id="alias/b"), KEY_B) == {"ManageMasterUserPassword": True, "MasterUserSecretKmsKeyId": "alias/b"}


def test_plan_rotates_only_a_secret_that_exists() -> None:
    current = {"secret_arn": SECRET_ARN, "secret_status": "active", "kms_key_id": KEY_A}
    assert module.plan_request(current, params(rotate=True), None) == {"RotateMasterUserPassword": True}
    assert module.plan_request({}, params(rotate=True), None) == {"ManageMasterUserPassword": True}


def test_plan_turns_management_off_with_the_password_only_when_managed() -> None:
    current = {"secret_arn": SECRET_ARN, "secret_status": "active", "kms_key_id": KEY_A}
    absent = params(state="absent", master_user_password=PASSWORD)
    assert module.plan_request(current, absent, None) == {"ManageMasterUserPassword": False, "MasterUserPassword": PASSWORD}
    assert module.plan_request({}, absent, None) == {}


def test_predicted_secret_of_a_new_secret_is_creating_under_the_key() -> None:
    assert module.predicted_secret({}, {"ManageMasterUserPassword": True}, KEY_A) == {"secret_status": "creating", "kms_key_id": KEY_A}


def test_secret_view_is_snake_case() -> None:
    view = module.secret_view({"SecretArn": SECRET_ARN, "SecretStatus": "active", "KmsKeyId": KEY_A})
    assert view == {"secret_arn": SECRET_ARN, "secret_status": "active", "kms_key_id": KEY_A}
    assert module.secret_view(None) == {}


def test_settled_needs_available_and_active_under_the_key() -> None:
    secret = {"SecretArn": SECRET_ARN, "SecretStatus": "active", "KmsKeyId": KEY_A}
    assert module.settled({"DBInstanceStatus": "available", "MasterUserSecret": secret}, "instance", "present", KEY_A)
    assert not module.settled({"DBInstanceStatus": "modifying", "MasterUserSecret": secret}, "instance", "present", KEY_A)
    assert not module.settled({"DBInstanceStatus": "available", "MasterUserSecret": secret}, "instance", "present", KEY_B)
    assert not module.settled({"Status": "available", "MasterUserSecret": {**secret, "SecretStatus": "creating"}}, "cluster", "present", None)
    assert module.settled({"Status": "available"}, "cluster", "absent", None)


# --- end to end -------------------------------------------------------------------------


class World:
    def __init__(self, aws: Emulator, kind: str) -> None:
        self.aws = aws
        self.kind = kind
        self.rds = aws.client("rds")

    @property
    def target(self) -> dict[str, str]:
        return {f"db_{self.kind}_identifier": "demo-local"}

    def secret(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(module.main, self.aws, {**self.target, **args}, check_mode)

    def described(self) -> dict[str, Any]:
        if self.kind == "instance":
            return self.rds.describe_db_instances(DBInstanceIdentifier="demo-local")["DBInstances"][0]
        return self.rds.describe_db_clusters(DBClusterIdentifier="demo-local")["DBClusters"][0]

    def key(self, alias: str) -> str:
        kms = self.aws.client("kms")
        arn = kms.create_key(Description=alias)["KeyMetadata"]["Arn"]
        kms.create_alias(AliasName=alias, TargetKeyId=arn)
        return str(arn)

    def secrets(self) -> list[dict[str, Any]]:
        return self.aws.client("secretsmanager").list_secrets()["SecretList"]


@pytest.fixture(params=["instance", "cluster"])
def world(request: pytest.FixtureRequest, aws: Emulator) -> World:
    """A PostgreSQL instance or an Aurora PostgreSQL cluster created with a password; the call log empty."""
    rds = aws.client("rds")
    if request.param == "instance":
        rds.create_db_instance(
            DBInstanceIdentifier="demo-local",
            DBInstanceClass="db.t4g.micro",
            Engine="postgres",
            MasterUsername="app",
            MasterUserPassword=PASSWORD,
            AllocatedStorage=20,
        )
    else:
        rds.create_db_cluster(DBClusterIdentifier="demo-local", Engine="aurora-postgresql", MasterUsername="app", MasterUserPassword=PASSWORD)
    aws.clear_calls()
    return World(aws, str(request.param))


def test_present_turns_management_on(world: World) -> None:
    result = world.secret({})
    assert not result.failed, result.out
    assert result.changed
    secret = world.described()["MasterUserSecret"]
    assert result.out["master_user_secret"] == {"secret_arn": secret["SecretArn"], "secret_status": "active", "kms_key_id": secret["KmsKeyId"]}
    default_key = world.aws.client("kms").describe_key(KeyId="alias/aws/secretsmanager")["KeyMetadata"]["Arn"]
    assert secret["KmsKeyId"] == default_key
    assert world.aws.calls().mutating == [f"rds:Modify{'DBInstance' if world.kind == 'instance' else 'DBCluster'}"]
    assert PASSWORD not in str(result.out)


def test_second_run_changes_nothing_and_makes_no_mutating_call(world: World) -> None:
    key = world.key("alias/demo-local-data")
    first = world.secret({"kms_key_id": "alias/demo-local-data"})
    assert first.out["master_user_secret"]["kms_key_id"] == key
    world.aws.clear_calls()
    again = world.secret({"kms_key_id": "alias/demo-local-data"})
    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["master_user_secret"] == first.out["master_user_secret"]


def test_check_mode_reports_the_change_and_makes_none(world: World) -> None:
    result = world.secret({}, check_mode=True)
    assert result.changed
    assert result.out["master_user_secret"] == {"secret_status": "creating"}
    assert world.aws.calls().mutating == []
    assert "MasterUserSecret" not in world.described()


def test_check_mode_on_the_converged_state_is_unchanged(world: World) -> None:
    world.secret({})
    world.aws.clear_calls()
    result = world.secret({}, check_mode=True)
    assert not result.changed
    assert world.aws.calls().mutating == []


def test_diff_shows_management_and_key(world: World) -> None:
    key = world.key("alias/demo-local-data")
    result = world.secret({"kms_key_id": "alias/demo-local-data"})
    assert result.out["diff"] == {"before": {"managed": False}, "after": {"managed": True, "kms_key_id": key}}


def test_a_new_key_reencrypts_the_same_secret(world: World) -> None:
    world.key("alias/first")
    second = world.key("alias/second")
    first = world.secret({"kms_key_id": "alias/first"}).out["master_user_secret"]
    world.aws.clear_calls()
    result = world.secret({"kms_key_id": second})
    assert result.changed
    assert result.out["master_user_secret"]["kms_key_id"] == second
    assert result.out["master_user_secret"]["secret_arn"] == first["secret_arn"]
    assert result.out["diff"]["before"]["kms_key_id"] == first["kms_key_id"]
    assert world.described()["MasterUserSecret"]["KmsKeyId"] == second
    assert len(world.secrets()) == 1
    assert len(world.aws.calls().mutating) == 1


def test_the_same_key_by_id_alias_or_arn_is_no_change(world: World) -> None:
    key = world.key("alias/data")
    world.secret({"kms_key_id": key})
    world.aws.clear_calls()
    for name in ("alias/data", key.split("/")[-1], key):
        assert not world.secret({"kms_key_id": name}).changed
    assert world.aws.calls().mutating == []


def test_rotate_rotates_every_time(world: World) -> None:
    world.secret({})
    world.aws.clear_calls()
    runs = [world.secret({"rotate": True}), world.secret({"rotate": True})]
    assert [result.changed for result in runs] == [True, True]
    assert [result.out["master_user_secret"]["secret_status"] for result in runs] == ["active", "active"]
    assert len(world.aws.calls().mutating) == 2


def test_rotate_in_check_mode_calls_nothing(world: World) -> None:
    world.secret({})
    world.aws.clear_calls()
    result = world.secret({"rotate": True}, check_mode=True)
    assert result.changed
    assert result.out["master_user_secret"]["secret_status"] == "rotating"
    assert world.aws.calls().mutating == []


def test_absent_with_a_password_takes_management_off(world: World) -> None:
    world.secret({})
    result = world.secret({"state": "absent", "master_user_password": "Another-Pa55word"})
    assert not result.failed, result.out
    assert result.changed
    assert result.out["master_user_secret"] == {}
    assert result.out["diff"]["after"] == {"managed": False}
    assert "MasterUserSecret" not in world.described()
    assert world.secrets() == []
    assert "Another-Pa55word" not in str(result.out)


def test_absent_twice_is_unchanged_and_silent(world: World) -> None:
    world.secret({})
    world.secret({"state": "absent", "master_user_password": "Another-Pa55word"})
    world.aws.clear_calls()
    result = world.secret({"state": "absent", "master_user_password": "Another-Pa55word"})
    assert not result.changed
    assert world.aws.calls().mutating == []


def test_absent_on_a_missing_instance_is_unchanged(aws: Emulator) -> None:
    result = run(module.main, aws, {"db_instance_identifier": "gone", "state": "absent", "master_user_password": PASSWORD})
    assert not result.failed, result.out
    assert not result.changed


def test_present_on_a_missing_instance_fails_naming_it(aws: Emulator) -> None:
    result = run(module.main, aws, {"db_instance_identifier": "gone"})
    assert result.failed
    assert "gone" in result.out["msg"] and "db_instance_identifier" in result.out["msg"]
    assert aws.calls().mutating == []


@pytest.mark.parametrize(
    ("args", "option"),
    [
        ({"state": "absent"}, "master_user_password"),
        ({"master_user_password": PASSWORD}, "master_user_password"),
        ({"kms_key_id": "alias/missing"}, "kms_key_id"),
        ({"kms_key_id": "no key"}, "kms_key_id"),
        ({"rotate": True, "apply_immediately": False}, "apply_immediately"),
        ({"db_cluster_identifier": "other"}, "db_cluster_identifier"),
    ],
)
def test_bad_inputs_fail_naming_the_option_with_no_mutating_call(world: World, args: dict[str, Any], option: str) -> None:
    result = world.secret(args)
    assert result.failed
    assert option in result.out["msg"]
    assert world.aws.calls().mutating == []
    assert "MasterUserSecret" not in world.described()


def test_wait_rides_out_a_modifying_instance(aws: Emulator) -> None:
    aws.client("rds").create_db_instance(
        DBInstanceIdentifier="demo-local",
        DBInstanceClass="db.t4g.micro",
        Engine="postgres",
        MasterUsername="app",
        MasterUserPassword=PASSWORD,
        AllocatedStorage=20,
    )
    aws.latency("aws-scaled", 0.01)  # six seconds of modifying
    result = run(module.main, aws, {"db_instance_identifier": "demo-local"})
    assert not result.failed, result.out
    described = aws.client("rds").describe_db_instances(DBInstanceIdentifier="demo-local")["DBInstances"][0]
    assert described["DBInstanceStatus"] == "available"
    assert result.out["master_user_secret"]["secret_status"] == "active"
