"""s3_account_public_access_block and its _info module, run end to end through main() against the emulator.

S3 Control puts the account ID in front of the endpoint's host name (``123456789012.127.0.0.1``), which
does not resolve; the tests reach the emulator through it as an HTTP proxy (``aws_config.proxies``), the
way any client reaches an S3 Control endpoint without DNS of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from ansible_collections.webstack.aws.plugins.module_utils import s3control
from ansible_collections.webstack.aws.plugins.modules import s3_account_public_access_block
from ansible_collections.webstack.aws.plugins.modules import s3_account_public_access_block_info
from botocore.config import Config

from tests.harness.emulator import CREDENTIALS
from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

ACCOUNT = "123456789012"
ALL_ON = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
ALL_OFF = {"BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}


def view(block_public_acls: bool, ignore_public_acls: bool, block_public_policy: bool, restrict_public_buckets: bool) -> dict[str, Any]:
    return {
        "block_public_acls": block_public_acls,
        "ignore_public_acls": ignore_public_acls,
        "block_public_policy": block_public_policy,
        "restrict_public_buckets": restrict_public_buckets,
        "account_id": ACCOUNT,
    }


@dataclass
class World:
    aws: Emulator

    @property
    def via_proxy(self) -> dict[str, Any]:
        return {"proxies": {"http": self.aws.url}}

    def block(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(s3_account_public_access_block.main, self.aws, {"aws_config": self.via_proxy, **args}, check_mode)

    def info(self, args: dict[str, Any]) -> Result:
        return run(s3_account_public_access_block_info.main, self.aws, {"aws_config": self.via_proxy, **args})

    def s3control(self) -> Any:
        return boto3.client("s3control", endpoint_url=self.aws.url, region_name=REGION, config=Config(**self.via_proxy), **CREDENTIALS)

    def configuration(self) -> dict[str, bool] | None:
        """What AWS holds for the account (None without a configuration)."""
        client = self.s3control()
        try:
            return client.get_public_access_block(AccountId=ACCOUNT)["PublicAccessBlockConfiguration"]
        except client.exceptions.NoSuchPublicAccessBlockConfiguration:
            return None

    def configure(self, configuration: dict[str, bool]) -> None:
        self.s3control().put_public_access_block(AccountId=ACCOUNT, PublicAccessBlockConfiguration=configuration)
        self.aws.clear_calls()


@pytest.fixture
def world(aws: Emulator) -> World:
    """An account without a configuration; the call log starts empty."""
    return World(aws)


# Pure functions


@pytest.mark.parametrize("account_id", ["12345678901", "1234567890123", "arn:aws:iam::123456789012:root", "12345678901a", ""])
def test_account_id_must_be_twelve_digits(account_id: str) -> None:
    [error] = s3_account_public_access_block.validate_params({"account_id": account_id})
    assert "account_id" in error and repr(account_id) in error


@pytest.mark.parametrize("account_id", [None, ACCOUNT])
def test_no_account_id_or_twelve_digits_is_valid(account_id: str | None) -> None:
    assert s3_account_public_access_block.validate_params({"account_id": account_id}) == []


def test_a_missing_configuration_reads_as_all_false() -> None:
    assert s3control.public_access_block_view(ACCOUNT, None) == view(False, False, False, False)


def test_the_desired_configuration_names_all_four_members() -> None:
    params = {"block_public_acls": True, "ignore_public_acls": False, "block_public_policy": True, "restrict_public_buckets": False}
    assert s3_account_public_access_block.desired_configuration(params) == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": False,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": False,
    }


@pytest.mark.parametrize(
    ("state", "current", "exists", "desired", "action"),
    [
        ("present", view(False, False, False, False), False, view(True, True, True, True), "put"),
        ("present", view(True, True, True, True), True, view(True, True, True, True), None),
        ("present", view(True, True, True, True), True, view(True, False, True, True), "put"),
        ("present", view(False, False, False, False), False, view(False, False, False, False), None),
        ("absent", view(True, True, True, True), True, view(True, True, True, True), "delete"),
        ("absent", view(False, False, False, False), True, view(True, True, True, True), "delete"),
        ("absent", view(False, False, False, False), False, view(True, True, True, True), None),
    ],
)
def test_plan(state: str, current: dict[str, Any], exists: bool, desired: dict[str, Any], action: str | None) -> None:
    todo = s3_account_public_access_block.plan(state, current, exists, desired)
    assert todo["action"] == action
    assert todo["after"] == (desired if state == "present" else view(False, False, False, False))


# Present


def test_defaults_block_all_public_access_of_the_caller_account(world: World) -> None:
    run_ = world.block({})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.configuration() == ALL_ON
    assert run_.out["public_access_block"] == view(True, True, True, True)
    assert run_.out["diff"] == {"before": view(False, False, False, False), "after": view(True, True, True, True)}
    calls = world.aws.calls()
    assert calls.count("GetCallerIdentity") == 1
    assert len(calls.mutating) == 1


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = {"ignore_public_acls": False, "restrict_public_buckets": False}
    world.block(args)
    world.aws.clear_calls()

    again = world.block(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["diff"]["before"] == again.out["diff"]["after"] == view(True, False, True, False)


def test_one_setting_changes_in_place(world: World) -> None:
    world.configure(ALL_ON)

    run_ = world.block({"block_public_policy": False})

    assert run_.changed
    assert world.configuration() == dict(ALL_ON, BlockPublicPolicy=False)
    assert run_.out["diff"]["before"] == view(True, True, True, True)
    assert run_.out["diff"]["after"] == view(True, True, False, True)
    assert len(world.aws.calls().mutating) == 1


def test_all_false_on_an_account_without_configuration_changes_nothing(world: World) -> None:
    run_ = world.block({k: False for k in ("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets")})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []
    assert world.configuration() is None
    assert run_.out["public_access_block"] == view(False, False, False, False)


def test_a_given_account_id_is_used_without_asking_sts(world: World) -> None:
    run_ = world.block({"account_id": ACCOUNT})

    assert run_.changed
    assert world.configuration() == ALL_ON
    assert world.aws.calls().count("GetCallerIdentity") == 0


def test_check_mode_reports_the_change_and_changes_nothing(world: World) -> None:
    run_ = world.block({"ignore_public_acls": False}, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert run_.out["public_access_block"] == view(True, False, True, True)
    assert run_.out["diff"]["after"] == view(True, False, True, True)
    assert world.aws.calls().mutating == []
    assert world.configuration() is None


def test_check_mode_on_a_converged_account_reports_no_change(world: World) -> None:
    world.configure(ALL_ON)

    run_ = world.block({}, check_mode=True)

    assert not run_.changed
    assert world.aws.calls().mutating == []


# Absent


def test_absent_deletes_the_configuration(world: World) -> None:
    world.configure(dict(ALL_ON, IgnorePublicAcls=False))

    run_ = world.block({"state": "absent"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.configuration() is None
    assert run_.out["public_access_block"] == view(False, False, False, False)
    assert run_.out["diff"] == {"before": view(True, False, True, True), "after": view(False, False, False, False)}
    assert len(world.aws.calls().mutating) == 1


def test_absent_deletes_even_an_all_false_configuration(world: World) -> None:
    world.configure(ALL_OFF)

    run_ = world.block({"state": "absent"})

    assert run_.changed
    assert world.configuration() is None


def test_absent_twice_changes_nothing(world: World) -> None:
    world.configure(ALL_ON)
    world.block({"state": "absent"})
    world.aws.clear_calls()

    run_ = world.block({"state": "absent"})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.configure(ALL_ON)

    run_ = world.block({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.configuration() == ALL_ON


# Bad input and refusals


@pytest.mark.parametrize("account_id", ["12345", "arn:aws:iam::123456789012:root"])
def test_bad_account_id_fails_naming_it_before_any_call(world: World, account_id: str) -> None:
    run_ = world.block({"account_id": account_id})

    assert run_.failed
    assert "account_id" in run_.out["msg"]
    assert world.aws.calls().calls == []


def test_bad_state_fails_naming_it(world: World) -> None:
    run_ = world.block({"state": "disabled"})

    assert run_.failed
    assert "state" in run_.out["msg"]
    assert world.aws.calls().calls == []


def test_another_account_refused_by_aws_is_reported_naming_it(world: World) -> None:
    run_ = world.block({"account_id": "111122223333"})

    assert run_.failed
    assert "111122223333" in run_.out["msg"]
    assert world.aws.calls().mutating == []


# s3_account_public_access_block_info


def test_info_reads_a_missing_configuration_as_all_false(world: World) -> None:
    run_ = world.info({})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert run_.out["public_access_block"] == view(False, False, False, False)
    assert world.aws.calls().mutating == []


def test_info_reads_what_the_module_set(world: World) -> None:
    world.block({"restrict_public_buckets": False})
    world.aws.clear_calls()

    run_ = world.info({"account_id": ACCOUNT})

    assert run_.out["public_access_block"] == view(True, True, True, False)
    assert world.aws.calls().mutating == []
    assert world.aws.calls().count("GetCallerIdentity") == 0


def test_info_refuses_a_bad_account_id(world: World) -> None:
    run_ = world.info({"account_id": "nope"})

    assert run_.failed
    assert "account_id" in run_.out["msg"]
    assert world.aws.calls().calls == []
