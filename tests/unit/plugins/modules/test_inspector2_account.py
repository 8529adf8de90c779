"""inspector2_account and inspector2_account_info, run end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import inspector2_account
from ansible_collections.webstack.aws.plugins.modules import inspector2_account_info

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

ACCOUNT_ID = "123456789012"  # the emulator's account
ALL_DISABLED = {"EC2": "DISABLED", "ECR": "DISABLED", "LAMBDA": "DISABLED", "LAMBDA_CODE": "DISABLED", "CODE_REPOSITORY": "DISABLED"}


@dataclass
class World:
    aws: Emulator

    def account(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(inspector2_account.main, self.aws, args, check_mode)

    def info(self) -> Result:
        return run(inspector2_account_info.main, self.aws, {})

    def statuses(self) -> dict[str, str]:
        """What AWS holds: ResourceScanType -> status of the caller's account."""
        [account] = self.aws.client("inspector2").batch_get_account_status(accountIds=[ACCOUNT_ID])["accounts"]
        return {t: account["resourceState"][key]["status"] for t, key in inspector2_account.RESOURCE_KEYS.items()}

    def enable(self, *resource_types: str) -> None:
        self.aws.client("inspector2").enable(resourceTypes=list(resource_types))
        self.aws.clear_calls()


@pytest.fixture
def world(aws: Emulator) -> World:
    aws.clear_calls()
    return World(aws)


def with_statuses(**statuses: str) -> dict[str, str]:
    return {**ALL_DISABLED, **statuses}


# Enable


def test_enable_scans_the_listed_types(world: World) -> None:
    run_ = world.account({"resource_types": ["ECR", "LAMBDA"]})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.statuses() == with_statuses(ECR="ENABLED", LAMBDA="ENABLED")
    assert world.aws.calls().mutating == ["inspector2:Enable"]
    account = run_.out["account"]
    assert account["account_id"] == ACCOUNT_ID
    assert account["state"]["status"] == "ENABLED"
    assert account["resource_state"]["ecr"]["status"] == "ENABLED"
    assert account["resource_state"]["lambda_code"]["status"] == "DISABLED"
    assert sorted(account["resource_state"]) == ["code_repository", "ec2", "ecr", "lambda", "lambda_code"]
    assert run_.out["diff"] == {"before": ALL_DISABLED, "after": with_statuses(ECR="ENABLED", LAMBDA="ENABLED")}


def test_enable_sends_only_the_types_that_differ(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    world.enable("ECR")
    sent: list[tuple[list[str], str]] = []
    real = inspector2_account.InspectorAccount.change

    def spy(self: Any, resource_types: list[str], state: str) -> None:
        sent.append((resource_types, state))
        real(self, resource_types, state)

    monkeypatch.setattr(inspector2_account.InspectorAccount, "change", spy)
    run_ = world.account({"resource_types": ["ECR", "CODE_REPOSITORY", "ECR"]})

    assert run_.changed
    assert sent == [(["CODE_REPOSITORY"], "enabled")]
    assert world.statuses() == with_statuses(ECR="ENABLED", CODE_REPOSITORY="ENABLED")


def test_enable_leaves_unlisted_types_alone(world: World) -> None:
    world.enable("EC2")

    world.account({"resource_types": ["LAMBDA_CODE"]})

    assert world.statuses() == with_statuses(EC2="ENABLED", LAMBDA_CODE="ENABLED")


def test_enable_without_waiting_returns_the_status_read_after(world: World) -> None:
    run_ = world.account({"resource_types": ["EC2"], "wait": False})

    assert not run_.failed, run_.out
    assert run_.changed
    assert run_.out["account"]["resource_state"]["ec2"]["status"] == "ENABLED"


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = {"resource_types": ["ECR", "LAMBDA"]}
    world.account(args)
    world.aws.clear_calls()

    again = world.account(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["diff"]["before"] == again.out["diff"]["after"] == with_statuses(ECR="ENABLED", LAMBDA="ENABLED")
    assert again.out["account"]["resource_state"]["ecr"]["status"] == "ENABLED"


def test_check_mode_reports_the_enable_and_enables_nothing(world: World) -> None:
    run_ = world.account({"resource_types": ["EC2"]}, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.statuses() == ALL_DISABLED
    assert run_.out["diff"] == {"before": ALL_DISABLED, "after": with_statuses(EC2="ENABLED")}
    assert run_.out["account"]["resource_state"]["ec2"]["status"] == "DISABLED"


def test_check_mode_on_a_converged_account_reports_no_change(world: World) -> None:
    world.enable("EC2", "ECR")

    run_ = world.account({"resource_types": ["EC2", "ECR"]}, check_mode=True)

    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_check_mode_disable_disables_nothing(world: World) -> None:
    world.enable("EC2")

    run_ = world.account({"resource_types": ["EC2"], "state": "disabled"}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.statuses() == with_statuses(EC2="ENABLED")
    assert run_.out["diff"]["after"] == ALL_DISABLED


# Disable


def test_disable_stops_only_the_listed_types(world: World) -> None:
    world.enable("EC2", "ECR", "LAMBDA")

    run_ = world.account({"resource_types": ["EC2", "LAMBDA"], "state": "disabled"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.statuses() == with_statuses(ECR="ENABLED")
    assert world.aws.calls().mutating == ["inspector2:Disable"]
    assert run_.out["diff"] == {"before": with_statuses(EC2="ENABLED", ECR="ENABLED", LAMBDA="ENABLED"), "after": with_statuses(ECR="ENABLED")}
    assert run_.out["account"]["state"]["status"] == "ENABLED"


def test_disabling_the_last_type_disables_the_account(world: World) -> None:
    world.enable("ECR")

    run_ = world.account({"resource_types": ["ECR"], "state": "disabled"})

    assert run_.out["account"]["state"]["status"] == "DISABLED"


def test_disable_twice_changes_nothing(world: World) -> None:
    world.enable("EC2")
    world.account({"resource_types": ["EC2"], "state": "disabled"})
    world.aws.clear_calls()

    run_ = world.account({"resource_types": ["EC2"], "state": "disabled"})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_disable_of_types_never_enabled_changes_nothing(world: World) -> None:
    run_ = world.account({"resource_types": ["LAMBDA", "CODE_REPOSITORY"], "state": "disabled"})

    assert not run_.changed
    assert world.aws.calls().mutating == []


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"resource_types": []}, "resource_types"),
        ({"resource_types": ["EC2", "S3"]}, "resource_types"),
        ({"resource_types": ["ec2"]}, "resource_types"),
        ({"resource_types": ["EC2"], "state": "present"}, "state"),
        ({"resource_types": ["EC2"], "wait_timeout": -1}, "wait_timeout"),
        ({}, "resource_types"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.account(args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []
    assert world.statuses() == ALL_DISABLED


# inspector2_account_info


def test_info_reads_an_account_never_enabled(world: World) -> None:
    run_ = world.info()

    assert not run_.failed, run_.out
    assert not run_.changed
    account = run_.out["account"]
    assert account["account_id"] == ACCOUNT_ID
    assert account["state"]["status"] == "DISABLED"
    assert {key: state["status"] for key, state in account["resource_state"].items()} == {
        "ec2": "DISABLED",
        "ecr": "DISABLED",
        "lambda": "DISABLED",
        "lambda_code": "DISABLED",
        "code_repository": "DISABLED",
    }
    assert world.aws.calls().mutating == []


def test_info_reads_what_the_module_enabled(world: World) -> None:
    enabled = world.account({"resource_types": ["ECR", "LAMBDA_CODE"]}).out["account"]
    world.aws.clear_calls()

    run_ = world.info()

    assert run_.out["account"] == enabled
    assert run_.out["account"]["resource_state"]["lambda_code"]["status"] == "ENABLED"
    assert world.aws.calls().mutating == []


# What a fake Inspector shows: transitions, suspension, failures


def account_state(failed_with: dict[str, str] | None = None, **statuses: str) -> dict[str, Any]:
    """An AccountState with these statuses (DISABLED for the others)."""
    resource_state = {}
    for scan_type, key in inspector2_account.RESOURCE_KEYS.items():
        state = {"status": statuses.get(scan_type, "DISABLED")}
        if failed_with and scan_type in failed_with:
            state.update(errorCode=failed_with[scan_type], errorMessage=f"{scan_type} failed")
        resource_state[key] = state
    return {"accountId": ACCOUNT_ID, "state": {"status": "ENABLED"}, "resourceState": resource_state}


class FakeModule:
    check_mode = False

    def __init__(self, **params: Any) -> None:
        self.params = {"resource_types": ["EC2"], "state": "enabled", "wait": True, "wait_timeout": 30, **params}

    def fail_json(self, **kwargs: Any) -> None:
        raise AssertionError(kwargs["msg"])

    fail_json_aws = fail_json


class FakeInspector:
    """Inspector answering a scripted series of statuses, the last one for ever."""

    def __init__(self, *answers: dict[str, Any], enable_answer: dict[str, Any] | None = None, reported: bool = True) -> None:
        self.answers = list(answers)
        self.reads = 0
        self.changes: list[tuple[str, list[str]]] = []
        self.enable_answer = enable_answer or {"accounts": [], "failedAccounts": []}
        self.reported = reported

    def batch_get_account_status(self, aws_retry: bool, accountIds: list[str]) -> dict[str, Any]:
        assert aws_retry and accountIds == [ACCOUNT_ID]
        answer = self.answers[min(self.reads, len(self.answers) - 1)]
        self.reads += 1
        if not self.reported:
            return {"accounts": [], "failedAccounts": [{"accountId": ACCOUNT_ID, "errorCode": "ACCESS_DENIED", "errorMessage": "denied"}]}
        return {"accounts": [answer], "failedAccounts": []}

    def enable(self, aws_retry: bool, resourceTypes: list[str]) -> dict[str, Any]:
        assert aws_retry
        self.changes.append(("enable", resourceTypes))
        return self.enable_answer

    def disable(self, aws_retry: bool, resourceTypes: list[str]) -> dict[str, Any]:
        assert aws_retry
        self.changes.append(("disable", resourceTypes))
        return {"accounts": [], "failedAccounts": []}


def manager_for(client: FakeInspector, **params: Any) -> inspector2_account.InspectorAccount:
    ticks = iter(range(0, 10_000, inspector2_account.POLL_DELAY))
    return inspector2_account.InspectorAccount(FakeModule(**params), client, ACCOUNT_ID, sleep=lambda seconds: None, clock=lambda: next(ticks))


def test_enable_waits_through_enabling() -> None:
    client = FakeInspector(account_state(), account_state(EC2="ENABLING"), account_state(EC2="ENABLING"), account_state(EC2="ENABLED"))

    result = manager_for(client).ensure()

    assert result["changed"]
    assert client.changes == [("enable", ["EC2"])]
    assert result["account"]["resourceState"]["ec2"]["status"] == "ENABLED"
    assert client.reads == 4


def test_disable_waits_through_disabling() -> None:
    client = FakeInspector(account_state(EC2="ENABLED"), account_state(EC2="DISABLING"), account_state())

    result = manager_for(client, state="disabled").ensure()

    assert client.changes == [("disable", ["EC2"])]
    assert result["account"]["resourceState"]["ec2"]["status"] == "DISABLED"


def test_a_type_already_enabling_is_waited_for_not_enabled_again() -> None:
    client = FakeInspector(account_state(EC2="ENABLING"), account_state(EC2="ENABLED"))

    result = manager_for(client).ensure()

    assert not result["changed"]
    assert client.changes == []
    assert result["account"]["resourceState"]["ec2"]["status"] == "ENABLED"


def test_without_wait_an_enabling_type_is_returned_as_it_is() -> None:
    client = FakeInspector(account_state(), account_state(EC2="ENABLING"))

    result = manager_for(client, wait=False).ensure()

    assert result["changed"]
    assert result["account"]["resourceState"]["ec2"]["status"] == "ENABLING"
    assert client.reads == 2


def test_the_wait_times_out_naming_each_type_and_its_error() -> None:
    client = FakeInspector(account_state(), account_state(EC2="ENABLED", ECR="DISABLED", failed_with={"ECR": "SSM_UNAVAILABLE"}))

    with pytest.raises(AssertionError, match=r"Timed out after 30s .* ENABLED: ECR is DISABLED \(SSM_UNAVAILABLE: ECR failed\)$"):
        manager_for(client, resource_types=["EC2", "ECR"]).ensure()


def test_a_suspended_type_fails_at_once_naming_it() -> None:
    client = FakeInspector(account_state(), account_state(LAMBDA="SUSPENDED", failed_with={"LAMBDA": "ACCOUNT_IS_ISOLATED"}))

    with pytest.raises(AssertionError, match=r"cannot become ENABLED: LAMBDA is SUSPENDED \(ACCOUNT_IS_ISOLATED: LAMBDA failed\)"):
        manager_for(client, resource_types=["LAMBDA"]).ensure()
    assert client.reads == 2


def test_a_suspended_type_fails_without_wait_too() -> None:
    client = FakeInspector(account_state(), account_state(EC2="SUSPENDING"))

    with pytest.raises(AssertionError, match="EC2 is SUSPENDING"):
        manager_for(client, wait=False).ensure()


def test_a_failed_account_in_the_enable_answer_fails_the_module() -> None:
    failed = {"accountId": ACCOUNT_ID, "errorCode": "BLOCKED_BY_ORGANIZATION_POLICY", "errorMessage": "blocked"}
    client = FakeInspector(account_state(), enable_answer={"accounts": [], "failedAccounts": [failed]})

    with pytest.raises(AssertionError, match=f"did not enable Amazon Inspector scanning of EC2: {ACCOUNT_ID}: BLOCKED_BY_ORGANIZATION_POLICY: blocked"):
        manager_for(client).ensure()


def test_an_account_aws_does_not_report_fails_with_its_error() -> None:
    client = FakeInspector(account_state(), reported=False)

    with pytest.raises(AssertionError, match=f"did not report the Amazon Inspector status of account {ACCOUNT_ID}: {ACCOUNT_ID}: ACCESS_DENIED: denied"):
        manager_for(client).ensure()
    assert client.changes == []


# Pure functions


def test_resource_statuses_reads_every_type_and_none_for_a_type_not_reported() -> None:
    account = {"accountId": ACCOUNT_ID, "resourceState": {"ec2": {"status": "ENABLED"}, "ecr": {"status": "DISABLING"}}}

    assert inspector2_account.resource_statuses(account) == {"EC2": "ENABLED", "ECR": "DISABLING", "LAMBDA": None, "LAMBDA_CODE": None, "CODE_REPOSITORY": None}


@pytest.mark.parametrize(
    ("statuses", "state", "expected"),
    [
        ({"EC2": "DISABLED", "ECR": "ENABLED"}, "enabled", ["EC2"]),
        ({"EC2": "ENABLING", "ECR": "ENABLED"}, "enabled", []),
        ({"EC2": "DISABLING", "ECR": None}, "enabled", ["EC2", "ECR"]),
        ({"EC2": "SUSPENDED", "ECR": "ENABLED"}, "enabled", ["EC2"]),
        ({"EC2": "ENABLED", "ECR": "DISABLED"}, "disabled", ["EC2"]),
        ({"EC2": "DISABLING", "ECR": None}, "disabled", []),
        ({"EC2": "ENABLING", "ECR": "DISABLED"}, "disabled", ["EC2"]),
    ],
)
def test_types_to_change(statuses: dict[str, str | None], state: str, expected: list[str]) -> None:
    assert inspector2_account.types_to_change(statuses, ["EC2", "ECR", "EC2"], state) == expected


def test_progress_splits_suspended_from_pending() -> None:
    statuses = {"EC2": "ENABLED", "ECR": "ENABLING", "LAMBDA": "SUSPENDED", "LAMBDA_CODE": "DISABLED"}

    assert inspector2_account.progress(statuses, ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"], "enabled") == (["LAMBDA"], ["ECR", "LAMBDA_CODE"])
    assert inspector2_account.progress(statuses, ["EC2", "LAMBDA_CODE"], "disabled") == ([], ["EC2"])


def test_validate_params_names_each_bad_option() -> None:
    assert inspector2_account.validate_params({"resource_types": ["EC2"], "wait_timeout": 0}) == []
    errors = inspector2_account.validate_params({"resource_types": [], "wait_timeout": -5})
    assert [error.split()[0] for error in errors] == ["resource_types", "wait_timeout"]


def test_the_choices_are_the_models_resource_scan_types() -> None:
    import botocore.session

    scan_types = botocore.session.get_session().get_service_model("inspector2").shape_for("ResourceScanType").enum
    assert inspector2_account.ARGUMENT_SPEC["resource_types"]["choices"] == list(scan_types)


def test_enable_converges_under_throttling(world: World) -> None:
    world.aws.faults(seed=3, throttle=0.3)

    run_ = world.account({"resource_types": ["ECR"]})

    assert not run_.failed, run_.out
    assert world.aws.calls().faults
    world.aws.faults()
    assert world.statuses() == with_statuses(ECR="ENABLED")
