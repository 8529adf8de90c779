"""ec2_ebs_default_encryption and its _info module, run end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import ec2_ebs_default_encryption
from ansible_collections.webstack.aws.plugins.modules import ec2_ebs_default_encryption_info

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

ACCOUNT = "123456789012"
MANAGED_ALIAS_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/aws/ebs"
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{KEY_ID}"

MODIFY = "ec2:ModifyEbsDefaultKmsKeyId"
RESET = "ec2:ResetEbsDefaultKmsKeyId"
ENABLE = "ec2:EnableEbsEncryptionByDefault"
DISABLE = "ec2:DisableEbsEncryptionByDefault"


@dataclass
class World:
    aws: Emulator

    def encryption(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(ec2_ebs_default_encryption.main, self.aws, args, check_mode)

    def info(self) -> Result:
        return run(ec2_ebs_default_encryption_info.main, self.aws, {})

    def key(self, alias: str | None = None, **create: Any) -> dict[str, Any]:
        """A new KMS key (KeyMetadata), with an alias when given; the call log is cleared."""
        kms = self.aws.client("kms")
        key = kms.create_key(Description="ebs", **create)["KeyMetadata"]
        if alias:
            kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])
        self.aws.clear_calls()
        return key

    def managed_key_arn(self) -> str:
        return self.aws.client("kms").describe_key(KeyId="alias/aws/ebs")["KeyMetadata"]["Arn"]

    def enabled(self) -> bool:
        return self.aws.client("ec2").get_ebs_encryption_by_default()["EbsEncryptionByDefault"]

    def default_key(self) -> str:
        return self.aws.client("ec2").get_ebs_default_kms_key_id()["KmsKeyId"]

    def set_default(self, enabled: bool, kms_key_id: str | None = None) -> None:
        ec2 = self.aws.client("ec2")
        if enabled:
            ec2.enable_ebs_encryption_by_default()
        if kms_key_id:
            ec2.modify_ebs_default_kms_key_id(KmsKeyId=kms_key_id)
        self.aws.clear_calls()


@pytest.fixture
def world(aws: Emulator) -> World:
    """A region where encryption by default is off and the AWS managed key is the default; the call log starts empty."""
    return World(aws)


def setting(enabled: bool, kms_key_id: str) -> dict[str, Any]:
    return {"enabled": enabled, "kms_key_id": kms_key_id}


# Pure functions


@pytest.mark.parametrize(
    "kms_key_id",
    [KEY_ID, KEY_ARN, "alias/webstack-ebs", "alias/aws/ebs", f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/team/ebs_key-1", "mrk-" + "0" * 32],
)
def test_every_form_of_key_identifier_is_valid(kms_key_id: str) -> None:
    assert ec2_ebs_default_encryption.validate_params({"kms_key_id": kms_key_id, "reset_kms_key": False}) == []


@pytest.mark.parametrize(
    "kms_key_id",
    ["", "webstack-ebs", "1234abcd", f"arn:aws:kms:{REGION}:{ACCOUNT}:key/nope", "arn:aws:s3:::bucket", "alias/", f"arn:aws:kms:{REGION}:123:key/{KEY_ID}"],
)
def test_a_malformed_key_identifier_is_refused_naming_kms_key_id(kms_key_id: str) -> None:
    [error] = ec2_ebs_default_encryption.validate_params({"kms_key_id": kms_key_id, "reset_kms_key": False})
    assert error.startswith("kms_key_id must be") and repr(kms_key_id) in error


def test_a_key_and_a_reset_together_are_refused_naming_both() -> None:
    [error] = ec2_ebs_default_encryption.validate_params({"kms_key_id": KEY_ID, "reset_kms_key": True})
    assert "kms_key_id" in error and "reset_kms_key" in error


@pytest.mark.parametrize(
    ("metadata", "problem"),
    [
        ({"KeyState": "Enabled", "KeyUsage": "ENCRYPT_DECRYPT", "KeySpec": "SYMMETRIC_DEFAULT"}, None),
        ({"KeyState": "Enabled", "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT"}, None),
        ({"KeyState": "Disabled", "KeyUsage": "ENCRYPT_DECRYPT", "KeySpec": "SYMMETRIC_DEFAULT"}, "is Disabled, not Enabled"),
        ({"KeyState": "PendingDeletion", "KeyUsage": "ENCRYPT_DECRYPT", "KeySpec": "SYMMETRIC_DEFAULT"}, "is PendingDeletion, not Enabled"),
        ({"KeyState": "Enabled", "KeyUsage": "ENCRYPT_DECRYPT", "KeySpec": "RSA_2048"}, "symmetric"),
        ({"KeyState": "Enabled", "KeyUsage": "GENERATE_VERIFY_MAC", "KeySpec": "HMAC_256"}, "symmetric"),
    ],
)
def test_key_problem(metadata: dict[str, Any], problem: str | None) -> None:
    found = ec2_ebs_default_encryption.key_problem(metadata)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


@pytest.mark.parametrize(
    ("kms_key_id", "managed"),
    [("alias/aws/ebs", True), (MANAGED_ALIAS_ARN, True), ("alias/aws/ebs-other", False), (KEY_ARN, False), ("alias/my/aws/ebs", False)],
)
def test_names_managed_key(kms_key_id: str, managed: bool) -> None:
    assert ec2_ebs_default_encryption.names_managed_key(kms_key_id) is managed


@pytest.mark.parametrize(
    ("current", "enabled", "wanted", "current_arn", "todo"),
    [
        (setting(False, MANAGED_ALIAS_ARN), True, None, None, {"enabled": True}),
        (setting(True, MANAGED_ALIAS_ARN), True, None, None, {}),
        (setting(True, KEY_ARN), False, None, None, {"enabled": False}),
        (setting(True, KEY_ARN), True, KEY_ARN, None, {}),
        (setting(True, MANAGED_ALIAS_ARN), True, KEY_ARN, "arn:aws:kms:eu-west-1:123456789012:key/other", {"kms_key_id": KEY_ARN}),
        (setting(True, f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/mine"), True, KEY_ARN, KEY_ARN, {}),
        (setting(False, "arn:aws:kms:eu-west-1:123456789012:alias/gone"), True, KEY_ARN, None, {"enabled": True, "kms_key_id": KEY_ARN}),
    ],
)
def test_changes(current: dict[str, Any], enabled: bool, wanted: str | None, current_arn: str | None, todo: dict[str, Any]) -> None:
    assert ec2_ebs_default_encryption.changes(current, enabled, wanted, current_arn) == todo


def test_predicted_applies_the_changes_to_the_current_setting() -> None:
    current = setting(False, MANAGED_ALIAS_ARN)
    assert ec2_ebs_default_encryption.predicted(current, {"kms_key_id": KEY_ARN}) == setting(False, KEY_ARN)
    assert current == setting(False, MANAGED_ALIAS_ARN)


# Enabling and disabling


def test_enable_with_the_aws_managed_key(world: World) -> None:
    run_ = world.encryption({"enabled": True})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.enabled() is True
    assert run_.out["ebs_default_encryption"] == setting(True, MANAGED_ALIAS_ARN)
    assert run_.out["diff"] == {"before": setting(False, MANAGED_ALIAS_ARN), "after": setting(True, MANAGED_ALIAS_ARN)}
    assert world.aws.calls().mutating == [ENABLE]
    assert world.aws.calls().count("DescribeKey") == 0


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    key = world.key(alias="alias/webstack-ebs")
    args = {"enabled": True, "kms_key_id": "alias/webstack-ebs"}
    world.encryption(args)
    world.aws.clear_calls()

    again = world.encryption(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["ebs_default_encryption"] == setting(True, key["Arn"])
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_disable_keeps_the_default_key(world: World) -> None:
    key = world.key()
    world.set_default(True, key["Arn"])

    run_ = world.encryption({"enabled": False})

    assert run_.changed
    assert world.enabled() is False
    assert world.default_key() == key["Arn"]
    assert world.aws.calls().mutating == [DISABLE]


def test_check_mode_reports_the_enable_and_changes_nothing(world: World) -> None:
    run_ = world.encryption({"enabled": True}, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert run_.out["ebs_default_encryption"] == setting(True, MANAGED_ALIAS_ARN)
    assert world.aws.calls().mutating == []
    assert world.enabled() is False


# The default key


@pytest.mark.parametrize("form", ["alias", "alias_arn", "key_id", "key_arn"])
def test_set_the_key_by_any_name_records_its_key_arn(world: World, form: str) -> None:
    key = world.key(alias="alias/webstack-ebs")
    named = {
        "alias": "alias/webstack-ebs",
        "alias_arn": f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/webstack-ebs",
        "key_id": key["KeyId"],
        "key_arn": key["Arn"],
    }[form]

    run_ = world.encryption({"enabled": True, "kms_key_id": named})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.default_key() == key["Arn"]
    assert run_.out["ebs_default_encryption"] == setting(True, key["Arn"])
    assert run_.out["diff"]["before"] == setting(False, MANAGED_ALIAS_ARN)
    assert world.aws.calls().mutating == [MODIFY, ENABLE]  # the key first


@pytest.mark.parametrize("form", ["alias", "alias_arn", "key_id"])
def test_the_same_key_by_another_name_is_no_change(world: World, form: str) -> None:
    key = world.key(alias="alias/webstack-ebs")
    world.set_default(True, key["Arn"])
    named = {"alias": "alias/webstack-ebs", "alias_arn": f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/webstack-ebs", "key_id": key["KeyId"]}[form]

    run_ = world.encryption({"enabled": True, "kms_key_id": named})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_the_aws_managed_key_by_alias_is_no_change_while_it_is_the_default(world: World) -> None:
    run_ = world.encryption({"enabled": False, "kms_key_id": "alias/aws/ebs"})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_without_kms_key_id_the_key_is_left_alone(world: World) -> None:
    key = world.key()
    world.set_default(False, key["Arn"])

    run_ = world.encryption({"enabled": True})

    assert run_.changed
    assert world.default_key() == key["Arn"]
    assert world.aws.calls().mutating == [ENABLE]


def test_change_from_one_key_to_another(world: World) -> None:
    old, new = world.key(), world.key(alias="alias/new")
    world.set_default(True, old["Arn"])

    run_ = world.encryption({"enabled": True, "kms_key_id": "alias/new"})

    assert run_.changed
    assert world.default_key() == new["Arn"]
    assert run_.out["diff"] == {"before": setting(True, old["Arn"]), "after": setting(True, new["Arn"])}
    assert world.aws.calls().mutating == [MODIFY]


def test_check_mode_key_change_changes_nothing(world: World) -> None:
    key = world.key(alias="alias/webstack-ebs")

    run_ = world.encryption({"enabled": False, "kms_key_id": "alias/webstack-ebs"}, check_mode=True)

    assert run_.changed
    assert run_.out["diff"]["after"] == setting(False, key["Arn"])
    assert world.aws.calls().mutating == []
    assert world.default_key() == MANAGED_ALIAS_ARN


# Reset to the AWS managed key


def test_reset_returns_to_the_aws_managed_key(world: World) -> None:
    key = world.key()
    world.set_default(True, key["Arn"])

    run_ = world.encryption({"enabled": True, "reset_kms_key": True})

    assert not run_.failed, run_.out
    assert run_.changed
    managed = world.managed_key_arn()
    assert world.default_key() == managed
    assert run_.out["ebs_default_encryption"] == setting(True, managed)
    assert run_.out["diff"]["before"] == setting(True, key["Arn"])
    assert world.aws.calls().mutating == [RESET]


def test_reset_twice_changes_nothing(world: World) -> None:
    world.set_default(True, world.key()["Arn"])
    world.encryption({"enabled": True, "reset_kms_key": True})
    world.aws.clear_calls()

    run_ = world.encryption({"enabled": True, "reset_kms_key": True})

    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_reset_while_the_managed_alias_is_the_default_asks_nothing_of_kms(world: World) -> None:
    run_ = world.encryption({"enabled": False, "reset_kms_key": True})

    assert not run_.changed
    assert world.aws.calls().mutating == []
    assert world.aws.calls().count("DescribeKey") == 0


def test_check_mode_reset_changes_nothing(world: World) -> None:
    key = world.key()
    world.set_default(False, key["Arn"])

    run_ = world.encryption({"enabled": False, "reset_kms_key": True}, check_mode=True)

    assert run_.changed
    assert run_.out["diff"]["after"] == setting(False, world.managed_key_arn())
    assert world.aws.calls().mutating == []
    assert world.default_key() == key["Arn"]


# Bad input: refused before anything changes


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"enabled": True, "kms_key_id": "webstack-ebs"}, "kms_key_id"),
        ({"enabled": True, "kms_key_id": KEY_ID, "reset_kms_key": True}, "reset_kms_key"),
        ({"enabled": "maybe"}, "enabled"),
        ({}, "enabled"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.encryption(args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []


@pytest.mark.parametrize("kms_key_id", [KEY_ID, "alias/no-such-key", KEY_ARN])
def test_a_key_that_does_not_exist_fails_naming_kms_key_id(world: World, kms_key_id: str) -> None:
    run_ = world.encryption({"enabled": True, "kms_key_id": kms_key_id})

    assert run_.failed
    assert run_.out["msg"] == f"kms_key_id {kms_key_id!r}: no such KMS key in {REGION}"
    assert world.aws.calls().mutating == []
    assert (world.enabled(), world.default_key()) == (False, MANAGED_ALIAS_ARN)


def test_a_disabled_key_fails_naming_kms_key_id(world: World) -> None:
    key = world.key(alias="alias/off")
    world.aws.client("kms").disable_key(KeyId=key["KeyId"])
    world.aws.clear_calls()

    run_ = world.encryption({"enabled": True, "kms_key_id": "alias/off"})

    assert run_.failed
    assert "kms_key_id 'alias/off'" in run_.out["msg"] and "is Disabled" in run_.out["msg"]
    assert world.aws.calls().mutating == []


def test_a_key_pending_deletion_fails_naming_kms_key_id(world: World) -> None:
    key = world.key()
    world.aws.client("kms").schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    world.aws.clear_calls()

    run_ = world.encryption({"enabled": True, "kms_key_id": key["Arn"]})

    assert run_.failed
    assert "kms_key_id" in run_.out["msg"] and "PendingDeletion" in run_.out["msg"]
    assert world.aws.calls().mutating == []


def test_an_asymmetric_key_fails_naming_kms_key_id(world: World) -> None:
    key = world.key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")

    run_ = world.encryption({"enabled": True, "kms_key_id": key["KeyId"]})

    assert run_.failed
    assert "kms_key_id" in run_.out["msg"] and "symmetric" in run_.out["msg"]
    assert world.aws.calls().mutating == []


# ec2_ebs_default_encryption_info


def test_info_reports_the_region_as_aws_does(world: World) -> None:
    before = world.info()
    key = world.key()
    world.set_default(True, key["Arn"])

    after = world.info()

    assert not before.failed, before.out
    assert not before.changed and not after.changed
    assert before.out["ebs_default_encryption"] == setting(False, MANAGED_ALIAS_ARN)
    assert after.out["ebs_default_encryption"] == setting(True, key["Arn"])
    assert world.aws.calls().mutating == []


def test_info_matches_what_the_module_returned(world: World) -> None:
    world.key(alias="alias/webstack-ebs")
    changed = world.encryption({"enabled": True, "kms_key_id": "alias/webstack-ebs"})

    assert world.info().out["ebs_default_encryption"] == changed.out["ebs_default_encryption"]
