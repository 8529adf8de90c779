"""backup_vault_lock, run end to end through main() against the emulator, and its pure functions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import backup_vault_lock
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

VAULT = "demo-local"
NOW = datetime.datetime(2025, 1, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def vault(aws: Emulator) -> str:
    """A backup vault without a lock; the call log starts empty."""
    aws.client("backup").create_backup_vault(BackupVaultName=VAULT)
    aws.clear_calls()
    return VAULT


def lock(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(backup_vault_lock.main, aws, {"backup_vault_name": VAULT, **args}, check_mode)


def described(aws: Emulator) -> dict[str, Any]:
    return aws.client("backup").describe_backup_vault(BackupVaultName=VAULT)


def view(locked: bool, low: int | None = None, high: int | None = None, lock_date: str | None = None) -> dict[str, Any]:
    return {"backup_vault_name": VAULT, "locked": locked, "min_retention_days": low, "max_retention_days": high, "lock_date": lock_date}


def days_from_now(lock_date: str) -> float:
    return (datetime.datetime.fromisoformat(lock_date) - datetime.datetime.now(datetime.UTC)).total_seconds() / 86400


# Governance mode


def test_create_puts_a_governance_lock(aws: Emulator, vault: str) -> None:
    result = lock(aws, {"min_retention_days": 7, "max_retention_days": 365})

    assert not result.failed, result.out
    assert result.changed
    answer = described(aws)
    assert (answer["Locked"], answer["MinRetentionDays"], answer["MaxRetentionDays"], answer.get("LockDate")) == (True, 7, 365, None)
    assert result.out["lock"] == {"backup_vault_name": VAULT, "locked": True, "min_retention_days": 7, "max_retention_days": 365, "lock_date": None}
    assert result.out["diff"]["before"] == {
        "backup_vault_name": VAULT,
        "locked": False,
        "min_retention_days": None,
        "max_retention_days": None,
        "lock_date": None,
    }
    assert result.out["diff"]["after"] == result.out["lock"]
    assert aws.calls().mutating == ["backup:PutBackupVaultLockConfiguration"]


def test_second_run_changes_nothing_and_calls_nothing_mutating(aws: Emulator, vault: str) -> None:
    lock(aws, {"min_retention_days": 7})
    aws.clear_calls()

    again = lock(aws, {"min_retention_days": 7})

    assert not again.failed, again.out
    assert not again.changed
    assert aws.calls().mutating == []
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_reports_the_lock_and_puts_nothing(aws: Emulator, vault: str) -> None:
    result = lock(aws, {"min_retention_days": 7, "max_retention_days": 30}, check_mode=True)

    assert not result.failed, result.out
    assert result.changed
    assert aws.calls().mutating == []
    assert described(aws)["Locked"] is False
    assert result.out["lock"]["min_retention_days"] == 7 and result.out["lock"]["locked"]


def test_update_changes_the_retention_days(aws: Emulator, vault: str) -> None:
    lock(aws, {"min_retention_days": 7, "max_retention_days": 30})
    aws.clear_calls()

    result = lock(aws, {"min_retention_days": 14})

    assert not result.failed, result.out
    assert result.changed
    answer = described(aws)
    assert (answer["MinRetentionDays"], answer.get("MaxRetentionDays")) == (14, None)
    assert result.out["diff"]["before"]["max_retention_days"] == 30 and result.out["diff"]["after"]["max_retention_days"] is None
    assert aws.calls().mutating == ["backup:PutBackupVaultLockConfiguration"]


# Compliance mode


def test_compliance_mode_sets_a_lock_date(aws: Emulator, vault: str) -> None:
    result = lock(aws, {"min_retention_days": 7, "max_retention_days": 365, "changeable_for_days": 3})

    assert not result.failed, result.out
    assert described(aws)["LockDate"] is not None
    assert days_from_now(result.out["lock"]["lock_date"]) == pytest.approx(3, abs=0.01)


def test_compliance_mode_is_idempotent_and_keeps_the_lock_date(aws: Emulator, vault: str) -> None:
    first = lock(aws, {"min_retention_days": 7, "changeable_for_days": 10})
    aws.clear_calls()

    again = lock(aws, {"min_retention_days": 7, "changeable_for_days": 3})

    assert not again.changed
    assert aws.calls().mutating == []
    assert again.out["lock"]["lock_date"] == first.out["lock"]["lock_date"]


def test_check_mode_predicts_the_lock_date(aws: Emulator, vault: str) -> None:
    result = lock(aws, {"min_retention_days": 7, "changeable_for_days": 5}, check_mode=True)

    assert result.changed and aws.calls().mutating == []
    assert days_from_now(result.out["lock"]["lock_date"]) == pytest.approx(5, abs=0.01)


def test_governance_options_turn_a_changeable_compliance_lock_back(aws: Emulator, vault: str) -> None:
    lock(aws, {"min_retention_days": 7, "changeable_for_days": 3})
    aws.clear_calls()

    result = lock(aws, {"min_retention_days": 7})

    assert not result.failed, result.out
    assert result.changed
    assert described(aws).get("LockDate") is None
    assert result.out["lock"]["lock_date"] is None
    assert aws.calls().mutating == ["backup:DeleteBackupVaultLockConfiguration", "backup:PutBackupVaultLockConfiguration"]


def test_a_governance_lock_becomes_compliance(aws: Emulator, vault: str) -> None:
    lock(aws, {"min_retention_days": 7})
    aws.clear_calls()

    result = lock(aws, {"min_retention_days": 7, "changeable_for_days": 3})

    assert result.changed
    assert described(aws)["LockDate"] is not None
    assert aws.calls().mutating == ["backup:PutBackupVaultLockConfiguration"]


# An immutable lock


@pytest.fixture
def immutable(aws: Emulator, vault: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A compliance lock (min 7, max 30) that the module sees four days later, past its lock date."""
    lock(aws, {"min_retention_days": 7, "max_retention_days": 30, "changeable_for_days": 3})
    aws.clear_calls()
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=4)
    monkeypatch.setattr(backup_vault_lock, "utc_now", lambda: later)


@pytest.mark.parametrize(
    "args",
    [
        {"min_retention_days": 1, "max_retention_days": 30, "changeable_for_days": 3},
        {"min_retention_days": 7, "max_retention_days": 30},
        {"state": "absent"},
    ],
    ids=["change", "governance", "absent"],
)
def test_an_immutable_lock_refuses_changes_without_a_call(aws: Emulator, immutable: None, args: dict[str, Any]) -> None:
    result = lock(aws, args)

    assert result.failed
    assert "compliance mode and immutable" in result.out["msg"] and VAULT in result.out["msg"]
    assert aws.calls().mutating == []
    assert described(aws)["MinRetentionDays"] == 7


def test_an_immutable_lock_with_its_own_settings_is_fine(aws: Emulator, immutable: None) -> None:
    result = lock(aws, {"min_retention_days": 7, "max_retention_days": 30, "changeable_for_days": 3})

    assert not result.failed, result.out
    assert not result.changed
    assert aws.calls().mutating == []


# Absent


def test_absent_removes_the_lock(aws: Emulator, vault: str) -> None:
    lock(aws, {"min_retention_days": 7, "changeable_for_days": 3})
    aws.clear_calls()

    result = lock(aws, {"state": "absent"})

    assert not result.failed, result.out
    assert result.changed
    assert described(aws)["Locked"] is False
    assert result.out["lock"]["locked"] is False and result.out["diff"]["before"]["min_retention_days"] == 7
    assert aws.calls().mutating == ["backup:DeleteBackupVaultLockConfiguration"]


def test_absent_twice_changes_nothing(aws: Emulator, vault: str) -> None:
    lock(aws, {"min_retention_days": 7})
    lock(aws, {"state": "absent"})
    aws.clear_calls()

    result = lock(aws, {"state": "absent"})

    assert not result.failed, result.out
    assert not result.changed
    assert aws.calls().mutating == []


def test_absent_in_check_mode_removes_nothing(aws: Emulator, vault: str) -> None:
    lock(aws, {"min_retention_days": 7})
    aws.clear_calls()

    result = lock(aws, {"state": "absent"}, check_mode=True)

    assert result.changed and result.out["lock"]["locked"] is False
    assert described(aws)["Locked"] is True
    assert aws.calls().mutating == []


# Missing vault and bad inputs


def test_a_missing_vault_fails_plainly(aws: Emulator) -> None:
    result = lock(aws, {"min_retention_days": 7})

    assert result.failed
    assert f"Backup vault {VAULT} not found" in result.out["msg"]
    assert aws.calls().mutating == []


def test_absent_on_a_missing_vault_changes_nothing(aws: Emulator) -> None:
    result = lock(aws, {"state": "absent"})

    assert not result.failed, result.out
    assert result.out["changed"] is False
    assert aws.calls().mutating == []


@pytest.mark.parametrize("code", ["ResourceNotFoundException", "AccessDeniedException"])
def test_both_answers_for_a_missing_vault_mean_not_found(code: str) -> None:
    class Module:
        params = {"backup_vault_name": VAULT}

    class Client:
        def describe_backup_vault(self, **request: Any) -> dict[str, Any]:
            raise ClientError({"Error": {"Code": code, "Message": "no"}}, "DescribeBackupVault")

    assert backup_vault_lock.VaultLockManager(Module(), Client()).describe() is None


@pytest.mark.parametrize(
    ("args", "option"),
    [
        ({"min_retention_days": 0}, "min_retention_days"),
        ({"max_retention_days": 36501}, "max_retention_days"),
        ({"min_retention_days": 30, "max_retention_days": 7}, "min_retention_days (30) may not be more than max_retention_days (7)"),
        ({"changeable_for_days": 2}, "changeable_for_days"),
        ({"changeable_for_days": 36501}, "changeable_for_days"),
        ({"state": "absent", "min_retention_days": 7}, "min_retention_days may not be set with state=absent"),
    ],
)
def test_bad_input_fails_before_any_call(aws: Emulator, vault: str, args: dict[str, Any], option: str) -> None:
    result = lock(aws, args)

    assert result.failed
    assert option in result.out["msg"]
    assert aws.calls().calls == []


# Pure functions


def test_validate_params_accepts_the_limits() -> None:
    params = {"state": "present", "min_retention_days": 1, "max_retention_days": 36500, "changeable_for_days": 3}
    assert backup_vault_lock.validate_params(params) == []


def governance(low: int | None = 7, high: int | None = None) -> dict[str, Any]:
    return {"BackupVaultName": VAULT, "Locked": True, "MinRetentionDays": low, "MaxRetentionDays": high}


def params(**options: Any) -> dict[str, Any]:
    return {"backup_vault_name": VAULT, "state": "present", "min_retention_days": None, "max_retention_days": None, "changeable_for_days": None, **options}


@pytest.mark.parametrize(
    ("vault_answer", "options", "calls"),
    [
        ({"BackupVaultName": VAULT, "Locked": False}, {}, ["put"]),
        (governance(7), {"min_retention_days": 7}, []),
        (governance(7), {"min_retention_days": 8}, ["put"]),
        (governance(7), {"min_retention_days": 7, "changeable_for_days": 3}, ["put"]),
        ({**governance(7), "LockDate": NOW}, {"min_retention_days": 7, "changeable_for_days": 3}, []),
        ({**governance(7), "LockDate": NOW}, {"min_retention_days": 7}, ["delete", "put"]),
        ({**governance(7), "LockDate": NOW}, {"min_retention_days": 9, "changeable_for_days": 3}, ["put"]),
    ],
)
def test_plan_present(vault_answer: dict[str, Any], options: dict[str, Any], calls: list[str]) -> None:
    assert backup_vault_lock.plan_present(vault_answer, params(**options)) == calls


def test_is_immutable_only_after_the_lock_date() -> None:
    answer = {**governance(), "LockDate": NOW}
    assert backup_vault_lock.is_immutable(answer, NOW + datetime.timedelta(seconds=1))
    assert not backup_vault_lock.is_immutable(answer, NOW - datetime.timedelta(seconds=1))
    assert not backup_vault_lock.is_immutable(governance(), NOW)


def test_put_request_sends_only_what_is_set() -> None:
    assert backup_vault_lock.put_request(params(max_retention_days=30)) == {"BackupVaultName": VAULT, "MaxRetentionDays": 30}


def test_predicted_lock_of_a_new_compliance_lock() -> None:
    predicted = backup_vault_lock.predicted_lock({"BackupVaultName": VAULT}, params(min_retention_days=7, changeable_for_days=3), ["put"], NOW)
    assert predicted == {
        "backup_vault_name": VAULT,
        "locked": True,
        "min_retention_days": 7,
        "max_retention_days": None,
        "lock_date": "2025-01-04T12:00:00+00:00",
    }
