"""iam_account_password_policy and its _info module, run end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import iam_account_password_policy
from ansible_collections.webstack.aws.plugins.modules import iam_account_password_policy_info
from ansible_collections.webstack.aws.plugins.modules.iam_account_password_policy import current_settings
from ansible_collections.webstack.aws.plugins.modules.iam_account_password_policy import desired_settings
from ansible_collections.webstack.aws.plugins.modules.iam_account_password_policy import expected_policy
from ansible_collections.webstack.aws.plugins.modules.iam_account_password_policy import plan
from ansible_collections.webstack.aws.plugins.modules.iam_account_password_policy import policy_after
from ansible_collections.webstack.aws.plugins.modules.iam_account_password_policy import policy_view
from ansible_collections.webstack.aws.plugins.modules.iam_account_password_policy import update_request
from ansible_collections.webstack.aws.plugins.modules.iam_account_password_policy import validate_params

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

UPDATE = "iam:UpdateAccountPasswordPolicy"
DELETE = "iam:DeleteAccountPasswordPolicy"

# The module's defaults, as options and as the policy IAM answers for them.
DEFAULTS = {
    "min_pw_length": 14,
    "require_symbols": True,
    "require_numbers": True,
    "require_uppercase": True,
    "require_lowercase": True,
    "allow_pw_change": True,
    "pw_max_age": 90,
    "pw_reuse_prevent": 24,
    "pw_expire": False,
}
DEFAULT_POLICY = {
    "MinimumPasswordLength": 14,
    "RequireSymbols": True,
    "RequireNumbers": True,
    "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True,
    "AllowUsersToChangePassword": True,
    "ExpirePasswords": True,
    "MaxPasswordAge": 90,
    "PasswordReusePrevention": 24,
    "HardExpiry": False,
}
DEFAULT_VIEW = {
    "minimum_password_length": 14,
    "require_symbols": True,
    "require_numbers": True,
    "require_uppercase_characters": True,
    "require_lowercase_characters": True,
    "allow_users_to_change_password": True,
    "expire_passwords": True,
    "max_password_age": 90,
    "password_reuse_prevention": 24,
    "hard_expiry": False,
}


@dataclass
class World:
    aws: Emulator

    def policy_module(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(iam_account_password_policy.main, self.aws, args, check_mode)

    def info(self) -> Result:
        return run(iam_account_password_policy_info.main, self.aws, {})

    def policy(self) -> dict[str, Any] | None:
        """What IAM holds (None without a policy)."""
        iam = self.aws.client("iam")
        try:
            return iam.get_account_password_policy()["PasswordPolicy"]
        except iam.exceptions.NoSuchEntityException:
            return None

    def set_policy(self, **settings: Any) -> None:
        """A policy set outside the module; the call log starts empty after it."""
        self.aws.client("iam").update_account_password_policy(**settings)
        self.aws.clear_calls()


@pytest.fixture
def world(aws: Emulator) -> World:
    """An account without a password policy; the call log starts empty."""
    return World(aws)


# Pure functions


def test_the_defaults_are_valid() -> None:
    assert validate_params(DEFAULTS) == []


@pytest.mark.parametrize(("option", "value"), [("min_pw_length", 6), ("min_pw_length", 128), ("pw_max_age", 1), ("pw_max_age", 1095), ("pw_reuse_prevent", 1)])
def test_the_bounds_are_valid(option: str, value: int) -> None:
    assert validate_params(dict(DEFAULTS, **{option: value})) == []


@pytest.mark.parametrize("option", ["pw_max_age", "pw_reuse_prevent"])
def test_zero_turns_a_setting_off_and_is_valid(option: str) -> None:
    assert validate_params(dict(DEFAULTS, **{option: 0})) == []


@pytest.mark.parametrize(
    ("option", "value", "allowed"),
    [
        ("min_pw_length", 5, "from 6 to 128"),
        ("min_pw_length", 129, "from 6 to 128"),
        ("min_pw_length", 0, "from 6 to 128"),
        ("pw_max_age", 1096, "from 1 to 1095, or 0"),
        ("pw_max_age", -1, "from 1 to 1095, or 0"),
        ("pw_reuse_prevent", 25, "from 1 to 24, or 0"),
        ("pw_reuse_prevent", -3, "from 1 to 24, or 0"),
    ],
)
def test_out_of_range_values_are_refused_naming_the_option(option: str, value: int, allowed: str) -> None:
    [error] = validate_params(dict(DEFAULTS, **{option: value}))
    assert error.startswith(f"{option} must be {allowed}")
    assert f"got {value}" in error


def test_every_bad_value_is_reported_at_once() -> None:
    errors = validate_params(dict(DEFAULTS, min_pw_length=200, pw_max_age=2000, pw_reuse_prevent=30))
    assert [error.split()[0] for error in errors] == ["min_pw_length", "pw_max_age", "pw_reuse_prevent"]


def test_desired_settings_name_every_member() -> None:
    assert desired_settings(DEFAULTS) == {key: value for key, value in DEFAULT_POLICY.items() if key != "ExpirePasswords"}


def test_update_request_leaves_out_the_settings_turned_off() -> None:
    request = update_request(desired_settings(dict(DEFAULTS, pw_max_age=0, pw_reuse_prevent=0)))
    assert "MaxPasswordAge" not in request and "PasswordReusePrevention" not in request
    assert request["HardExpiry"] is False and request["MinimumPasswordLength"] == 14


def test_update_request_sends_the_settings_turned_on() -> None:
    request = update_request(desired_settings(DEFAULTS))
    assert (request["MaxPasswordAge"], request["PasswordReusePrevention"]) == (90, 24)
    assert "ExpirePasswords" not in request


def test_current_settings_read_absent_members_as_off() -> None:
    answer = {key: value for key, value in DEFAULT_POLICY.items() if key not in ("MaxPasswordAge", "PasswordReusePrevention", "HardExpiry")}
    settings = current_settings(dict(answer, ExpirePasswords=False))
    assert (settings["MaxPasswordAge"], settings["PasswordReusePrevention"], settings["HardExpiry"]) == (0, 0, False)
    assert "ExpirePasswords" not in settings


def test_expected_policy_derives_expire_passwords() -> None:
    assert expected_policy(desired_settings(DEFAULTS)) == DEFAULT_POLICY
    never = expected_policy(desired_settings(dict(DEFAULTS, pw_max_age=0)))
    assert never["ExpirePasswords"] is False and "MaxPasswordAge" not in never


def test_the_policy_iam_answers_for_the_defaults_needs_no_update() -> None:
    assert plan("present", DEFAULT_POLICY, desired_settings(DEFAULTS)) is None


@pytest.mark.parametrize(
    ("state", "current", "options", "action"),
    [
        ("present", None, DEFAULTS, "update"),
        ("present", DEFAULT_POLICY, dict(DEFAULTS, min_pw_length=15), "update"),
        ("present", DEFAULT_POLICY, dict(DEFAULTS, pw_expire=True), "update"),
        ("present", DEFAULT_POLICY, dict(DEFAULTS, pw_max_age=0), "update"),
        ("present", dict(DEFAULT_POLICY, MaxPasswordAge=None), DEFAULTS, "update"),
        ("absent", DEFAULT_POLICY, DEFAULTS, "delete"),
        ("absent", None, DEFAULTS, None),
    ],
)
def test_plan(state: str, current: dict[str, Any] | None, options: dict[str, Any], action: str | None) -> None:
    assert plan(state, current, desired_settings(options)) == action


def test_a_policy_with_expiry_and_reuse_off_matches_zeros() -> None:
    answer = expected_policy(desired_settings(dict(DEFAULTS, pw_max_age=0, pw_reuse_prevent=0)))
    assert plan("present", answer, desired_settings(dict(DEFAULTS, pw_max_age=0, pw_reuse_prevent=0))) is None


def test_policy_after_each_action() -> None:
    desired = desired_settings(dict(DEFAULTS, min_pw_length=20))
    assert policy_after("update", DEFAULT_POLICY, desired)["MinimumPasswordLength"] == 20
    assert policy_after("delete", DEFAULT_POLICY, desired) is None
    assert policy_after(None, DEFAULT_POLICY, desired) is DEFAULT_POLICY


def test_policy_view_is_snake_case_or_empty() -> None:
    assert policy_view(DEFAULT_POLICY) == DEFAULT_VIEW
    assert policy_view(None) == {}


# Present


def test_defaults_create_the_policy(world: World) -> None:
    run_ = world.policy_module({})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.policy() == DEFAULT_POLICY
    assert run_.out["password_policy"] == DEFAULT_VIEW
    assert run_.out["diff"] == {"before": {}, "after": DEFAULT_VIEW}
    assert world.aws.calls().mutating == [UPDATE]


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    world.policy_module({})
    world.aws.clear_calls()

    again = world.policy_module({})

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert world.aws.calls().count("GetAccountPasswordPolicy") == 1
    assert again.out["diff"] == {"before": DEFAULT_VIEW, "after": DEFAULT_VIEW}
    assert again.out["password_policy"] == DEFAULT_VIEW


def test_the_returned_policy_is_what_iam_answers_after_an_update(world: World) -> None:
    args = {"min_pw_length": 32, "require_symbols": False, "pw_max_age": 0, "pw_reuse_prevent": 3, "pw_expire": True}
    run_ = world.policy_module(args)

    assert run_.changed
    assert run_.out["password_policy"] == world.info().out["password_policy"]
    assert run_.out["password_policy"]["expire_passwords"] is False


@pytest.mark.parametrize("option", ["pw_max_age", "pw_reuse_prevent"])
def test_a_setting_turned_off_is_left_out_and_stays_silent(world: World, option: str) -> None:
    world.policy_module({})
    world.aws.clear_calls()

    off = world.policy_module({option: 0})

    assert off.changed
    assert world.aws.calls().mutating == [UPDATE]
    member = {"pw_max_age": "MaxPasswordAge", "pw_reuse_prevent": "PasswordReusePrevention"}[option]
    assert member not in world.policy()
    world.aws.clear_calls()
    again = world.policy_module({option: 0})
    assert not again.changed
    assert world.aws.calls().mutating == []


def test_passwords_that_never_expire_read_back_as_not_expiring(world: World) -> None:
    world.policy_module({"pw_max_age": 0})

    assert world.policy()["ExpirePasswords"] is False


def test_the_aliases_of_amazon_aws_iam_password_policy_set_the_same_policy(world: World) -> None:
    aliases = {
        "minimum_password_length": 20,
        "allow_password_change": False,
        "password_max_age": 60,
        "prevent_reuse": 5,
        "expire": True,
    }
    world.policy_module(aliases)
    world.aws.clear_calls()

    same = world.policy_module({"min_pw_length": 20, "allow_pw_change": False, "pw_max_age": 60, "password_reuse_prevent": 5, "password_expire": True})

    assert not same.changed
    assert world.aws.calls().mutating == []
    policy = world.policy()
    assert (policy["MinimumPasswordLength"], policy["AllowUsersToChangePassword"], policy["MaxPasswordAge"]) == (20, False, 60)
    assert (policy["PasswordReusePrevention"], policy["HardExpiry"]) == (5, True)


def test_one_setting_changes_in_place(world: World) -> None:
    world.set_policy(**update_request(desired_settings(DEFAULTS)))

    run_ = world.policy_module({"min_pw_length": 20})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.policy() == dict(DEFAULT_POLICY, MinimumPasswordLength=20)
    before, after = run_.out["diff"]["before"], run_.out["diff"]["after"]
    assert {key for key in before if before[key] != after.get(key)} == {"minimum_password_length"}
    assert after["minimum_password_length"] == 20
    assert world.aws.calls().mutating == [UPDATE]


def test_a_weaker_policy_set_elsewhere_is_brought_to_the_options(world: World) -> None:
    world.set_policy(MinimumPasswordLength=8)

    run_ = world.policy_module({})

    assert run_.changed
    assert run_.out["diff"]["before"]["minimum_password_length"] == 8
    assert "max_password_age" not in run_.out["diff"]["before"]
    assert world.policy() == DEFAULT_POLICY


# Check mode


def test_check_mode_reports_the_policy_and_creates_nothing(world: World) -> None:
    run_ = world.policy_module({"min_pw_length": 16}, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert run_.out["password_policy"] == dict(DEFAULT_VIEW, minimum_password_length=16)
    assert run_.out["diff"] == {"before": {}, "after": dict(DEFAULT_VIEW, minimum_password_length=16)}
    assert world.aws.calls().mutating == []
    assert world.policy() is None


def test_check_mode_update_changes_nothing(world: World) -> None:
    world.set_policy(**update_request(desired_settings(DEFAULTS)))

    run_ = world.policy_module({"require_symbols": False}, check_mode=True)

    assert run_.changed
    assert run_.out["diff"]["after"]["require_symbols"] is False
    assert world.aws.calls().mutating == []
    assert world.policy() == DEFAULT_POLICY


def test_check_mode_on_a_converged_account_reports_no_change(world: World) -> None:
    world.set_policy(**update_request(desired_settings(DEFAULTS)))

    run_ = world.policy_module({}, check_mode=True)

    assert not run_.changed
    assert world.aws.calls().mutating == []


# Absent


def test_absent_deletes_the_policy(world: World) -> None:
    world.set_policy(**update_request(desired_settings(DEFAULTS)))

    run_ = world.policy_module({"state": "absent"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.policy() is None
    assert run_.out["password_policy"] == {}
    assert run_.out["diff"] == {"before": DEFAULT_VIEW, "after": {}}
    assert world.aws.calls().mutating == [DELETE]


def test_absent_twice_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    world.set_policy(MinimumPasswordLength=10)
    world.policy_module({"state": "absent"})
    world.aws.clear_calls()

    again = world.policy_module({"state": "absent"})

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["password_policy"] == {}


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.set_policy(MinimumPasswordLength=10)

    run_ = world.policy_module({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert run_.out["diff"]["after"] == {}
    assert world.aws.calls().mutating == []
    assert world.policy()["MinimumPasswordLength"] == 10


# Bad input


@pytest.mark.parametrize(
    ("args", "option"),
    [
        ({"min_pw_length": 5}, "min_pw_length"),
        ({"minimum_password_length": 129}, "min_pw_length"),
        ({"pw_max_age": 1096}, "pw_max_age"),
        ({"password_max_age": -1}, "pw_max_age"),
        ({"pw_reuse_prevent": 25}, "pw_reuse_prevent"),
        ({"prevent_reuse": -1, "state": "absent"}, "pw_reuse_prevent"),
        ({"state": "disabled"}, "state"),
        ({"min_pw_length": "long"}, "min_pw_length"),
        ({"require_symbols": "sometimes"}, "require_symbols"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], option: str) -> None:
    world.set_policy(MinimumPasswordLength=10)

    run_ = world.policy_module(args)

    assert run_.failed
    assert option in run_.out["msg"]
    assert world.aws.calls().calls == []
    assert world.policy()["MinimumPasswordLength"] == 10


# iam_account_password_policy_info


def test_info_without_a_policy(world: World) -> None:
    run_ = world.info()

    assert not run_.failed, run_.out
    assert not run_.changed
    assert run_.out["exists"] is False
    assert run_.out["password_policy"] == {}
    assert world.aws.calls().mutating == []


def test_info_reads_what_the_module_set(world: World) -> None:
    world.policy_module({"pw_reuse_prevent": 0, "pw_expire": True})
    world.aws.clear_calls()

    run_ = world.info()

    assert run_.out["exists"] is True
    expected = dict(DEFAULT_VIEW, hard_expiry=True)
    del expected["password_reuse_prevention"]
    assert run_.out["password_policy"] == expected
    assert world.aws.calls().mutating == []
