"""backup_plan: pure functions, then end-to-end runs of main() against the emulator."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import backup_plan

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/webstack-backup"
VAULT = "demo-local"
DR_VAULT_ARN = f"arn:aws:backup:eu-central-1:{ACCOUNT}:backup-vault:demo-local-dr"
NAME = "demo-local"
RECOVERY_POINT_TAGS = {"ManagedBy": "ansible", "webstack:stack": "demo"}
TAGS = {"webstack:stack": "demo", "webstack:environment": "local", "webstack:component": "backup", "ManagedBy": "ansible"}
MUTATING = {"CreateBackupPlan", "UpdateBackupPlan", "DeleteBackupPlan", "TagResource", "UntagResource"}


def daily(**overrides: Any) -> dict[str, Any]:
    rule = {
        "rule_name": "daily",
        "target_backup_vault_name": VAULT,
        "schedule_expression": "cron(0 3 ? * * *)",
        "start_window_minutes": 60,
        "completion_window_minutes": 480,
        "lifecycle": {"move_to_cold_storage_after_days": 30, "delete_after_days": 365},
        "recovery_point_tags": dict(RECOVERY_POINT_TAGS),
        "copy_actions": [{"destination_backup_vault_arn": DR_VAULT_ARN, "lifecycle": {"delete_after_days": 35}}],
    }
    return {**rule, **overrides}


def continuous(**overrides: Any) -> dict[str, Any]:
    return {"rule_name": "continuous", "target_backup_vault_name": VAULT, "enable_continuous_backup": True, "lifecycle": {"delete_after_days": 7}, **overrides}


def plan_args(**overrides: Any) -> dict[str, Any]:
    return {"backup_plan_name": NAME, "rules": [daily(), continuous()], "tags": dict(TAGS), **overrides}


@pytest.fixture
def vault(aws: Emulator) -> Emulator:
    """The plan's vault, made with boto3; the call log starts empty."""
    aws.client("backup").create_backup_vault(BackupVaultName=VAULT)
    aws.clear_calls()
    return aws


def apply(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(backup_plan.main, aws, args, check_mode)


def applied(aws: Emulator, args: dict[str, Any]) -> Result:
    """Run the module, expect success, and start the call log afresh."""
    result = apply(aws, args)
    assert not result.failed, result.out
    aws.clear_calls()
    return result


def mutating(aws: Emulator) -> list[str]:
    return aws.calls().mutating


def stored(aws: Emulator) -> dict[str, Any]:
    """The plan named NAME as AWS holds it, rules by name, with its tags."""
    backup = aws.client("backup")
    [listed] = [p for p in backup.list_backup_plans()["BackupPlansList"] if p["BackupPlanName"] == NAME]
    got = backup.get_backup_plan(BackupPlanId=listed["BackupPlanId"])
    return {
        "id": got["BackupPlanId"],
        "rules": {rule["RuleName"]: rule for rule in got["BackupPlan"]["Rules"]},
        "tags": backup.list_tags(ResourceArn=got["BackupPlanArn"])["Tags"],
        "creator_request_id": got.get("CreatorRequestId"),
    }


def plan_names(aws: Emulator) -> list[str]:
    return [p["BackupPlanName"] for p in aws.client("backup").list_backup_plans()["BackupPlansList"]]


# Pure functions


def test_a_rule_read_back_with_aws_defaults_equals_the_rule_asked_for() -> None:
    asked = backup_plan.desired_rule({"rule_name": "daily", "target_backup_vault_name": VAULT, "recovery_point_tags": {"ManagedBy": "ansible"}})
    read = backup_plan.current_rule(
        {
            "RuleName": "daily",
            "RuleId": "f0e1",
            "TargetBackupVaultName": VAULT,
            "ScheduleExpression": "cron(0 5 ? * * *)",
            "ScheduleExpressionTimezone": "Etc/UTC",
            "StartWindowMinutes": 480,
            "CompletionWindowMinutes": 10080,
            "EnableContinuousBackup": False,
            "RecoveryPointTags": {"ManagedBy": "ansible"},
            "CopyActions": [],
        }
    )
    assert asked == read
    assert read["recovery_point_tags"] == {"ManagedBy": "ansible"}


def test_copy_actions_compare_whatever_their_order() -> None:
    first = {"destination_backup_vault_arn": "arn:b", "lifecycle": {"delete_after_days": 35}}
    second = {"destination_backup_vault_arn": "arn:a"}
    base = {"rule_name": "daily", "target_backup_vault_name": VAULT}
    assert backup_plan.desired_rule({**base, "copy_actions": [first, second]}) == backup_plan.desired_rule({**base, "copy_actions": [second, first]})


def test_a_rule_is_sent_with_tag_keys_as_given_and_without_empty_members() -> None:
    sent = backup_plan.rule_input(
        backup_plan.desired_rule({"rule_name": "daily", "target_backup_vault_name": VAULT, "recovery_point_tags": RECOVERY_POINT_TAGS})
    )
    assert sent["RecoveryPointTags"] == RECOVERY_POINT_TAGS
    assert "Lifecycle" not in sent and "CopyActions" not in sent
    assert (sent["ScheduleExpressionTimezone"], sent["StartWindowMinutes"], sent["EnableContinuousBackup"]) == ("Etc/UTC", 480, False)


def test_the_returned_rule_keeps_recovery_point_tag_keys() -> None:
    rule = backup_plan.snake_rule({"RuleName": "daily", "RecoveryPointTags": {"ManagedBy": "ansible"}, "Lifecycle": {"DeleteAfterDays": 35}})
    assert rule == {"rule_name": "daily", "recovery_point_tags": {"ManagedBy": "ansible"}, "lifecycle": {"delete_after_days": 35}}


@pytest.mark.parametrize(
    ("current", "desired", "purge", "after"),
    [
        ({"A": "1"}, None, True, {"A": "1"}),
        ({"A": "1", "B": "2"}, {"A": "1"}, True, {"A": "1"}),
        ({"A": "1", "B": "2"}, {"A": "3"}, False, {"A": "3", "B": "2"}),
        ({}, {"ManagedBy": "ansible"}, True, {"ManagedBy": "ansible"}),
    ],
)
def test_tags_after(current: dict[str, str], desired: dict[str, str] | None, purge: bool, after: dict[str, str]) -> None:
    assert backup_plan.tags_after(current, desired, purge) == after


def test_the_default_creator_request_id_is_derived_from_the_name() -> None:
    token = backup_plan.default_creator_request_id(NAME)
    assert token == backup_plan.default_creator_request_id(NAME)
    assert token != backup_plan.default_creator_request_id("other")
    assert backup_plan.NAME.match(token)


def valid_params(**overrides: Any) -> dict[str, Any]:
    return {"backup_plan_name": NAME, "state": "present", "creator_request_id": None, "rules": [daily(), continuous()], **overrides}


def test_valid_params_have_no_errors() -> None:
    assert backup_plan.validate_params(valid_params()) == []
    assert backup_plan.validate_params(valid_params(state="absent", rules=None)) == []


# Create


def test_create_makes_the_plan_with_its_rules_and_tags(vault: Emulator) -> None:
    result = apply(vault, plan_args())

    assert not result.failed, result.out
    assert result.changed and result.out["exists"]
    plan = stored(vault)
    assert result.out["backup_plan_id"] == plan["id"]
    assert set(plan["rules"]) == {"daily", "continuous"}
    rule = plan["rules"]["daily"]
    assert rule["RecoveryPointTags"] == RECOVERY_POINT_TAGS
    assert (rule["ScheduleExpression"], rule["StartWindowMinutes"], rule["CompletionWindowMinutes"]) == ("cron(0 3 ? * * *)", 60, 480)
    assert rule["Lifecycle"] == {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 365}
    assert rule["CopyActions"] == [{"DestinationBackupVaultArn": DR_VAULT_ARN, "Lifecycle": {"DeleteAfterDays": 35}}]
    assert plan["rules"]["continuous"]["EnableContinuousBackup"] is True
    assert plan["tags"] == TAGS
    assert plan["creator_request_id"] == backup_plan.default_creator_request_id(NAME)
    assert sorted(mutating(vault)) == ["backup:CreateBackupPlan"]
    returned = {rule["rule_name"]: rule for rule in result.out["backup_plan"]["rules"]}
    assert returned["daily"]["recovery_point_tags"] == RECOVERY_POINT_TAGS
    assert returned["daily"]["rule_id"] == rule["RuleId"]
    assert result.out["tags"] == TAGS and result.out["backup_plan"]["tags"] == TAGS
    assert result.out["diff"]["before"] == {}
    assert result.out["diff"]["after"]["tags"] == TAGS


def test_create_uses_the_given_creator_request_id(vault: Emulator) -> None:
    assert not apply(vault, plan_args(creator_request_id="first-try-1")).failed
    assert stored(vault)["creator_request_id"] == "first-try-1"


def test_create_in_check_mode_reports_the_plan_and_makes_nothing(vault: Emulator) -> None:
    result = apply(vault, plan_args(), check_mode=True)

    assert not result.failed, result.out
    assert result.changed and result.out["backup_plan_id"] == ""
    assert [r["rule_name"] for r in result.out["backup_plan"]["rules"]] == ["continuous", "daily"]
    assert result.out["diff"]["after"]["tags"] == TAGS
    assert mutating(vault) == []
    assert plan_names(vault) == []


# No false changes


def test_a_second_identical_run_changes_nothing_and_calls_nothing_mutating(vault: Emulator) -> None:
    created = applied(vault, plan_args())

    again = apply(vault, plan_args())

    assert not again.failed, again.out
    assert not again.changed, again.out["diff"]
    assert mutating(vault) == []
    assert again.out["version_id"] == created.out["version_id"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_a_run_with_only_the_required_options_is_silent_the_second_time(vault: Emulator) -> None:
    args = {"backup_plan_name": NAME, "rules": [{"rule_name": "daily", "target_backup_vault_name": VAULT}]}
    applied(vault, args)
    again = apply(vault, args)
    assert not again.changed and mutating(vault) == []


def test_check_mode_on_the_converged_plan_reports_no_change(vault: Emulator) -> None:
    applied(vault, plan_args())

    checked = apply(vault, plan_args(), check_mode=True)

    assert not checked.failed, checked.out
    assert not checked.changed
    assert mutating(vault) == []


def test_rules_in_another_order_are_the_same_plan(vault: Emulator) -> None:
    applied(vault, plan_args())
    again = apply(vault, plan_args(rules=[continuous(), daily()]))
    assert not again.changed and mutating(vault) == []


def test_tags_not_given_are_left_alone(vault: Emulator) -> None:
    applied(vault, plan_args())
    args = plan_args()
    del args["tags"]
    again = apply(vault, args)
    assert not again.changed and mutating(vault) == []
    assert stored(vault)["tags"] == TAGS


# Check mode with changes


def test_check_mode_with_a_changed_tag_reports_the_change_without_calling(vault: Emulator) -> None:
    applied(vault, plan_args())

    checked = apply(vault, plan_args(tags={**TAGS, "ManagedBy": "terraform"}), check_mode=True)

    assert checked.changed
    assert mutating(vault) == []
    assert checked.out["diff"]["before"]["tags"]["ManagedBy"] == "ansible"
    assert checked.out["diff"]["after"]["tags"]["ManagedBy"] == "terraform"
    assert stored(vault)["tags"] == TAGS


def test_check_mode_with_a_changed_rule_reports_the_change_without_calling(vault: Emulator) -> None:
    applied(vault, plan_args())
    before = stored(vault)

    checked = apply(vault, plan_args(rules=[daily(schedule_expression="cron(0 4 ? * * *)"), continuous()]), check_mode=True)

    assert checked.changed
    assert mutating(vault) == []
    assert stored(vault) == before
    [rule] = [r for r in checked.out["diff"]["after"]["rules"] if r["rule_name"] == "daily"]
    assert rule["schedule_expression"] == "cron(0 4 ? * * *)"
    [returned] = [r for r in checked.out["backup_plan"]["rules"] if r["rule_name"] == "daily"]
    assert returned["rule_id"] == before["rules"]["daily"]["RuleId"]


# Updates


@pytest.mark.parametrize(
    ("rule", "field", "expected"),
    [
        (daily(schedule_expression="cron(0 4 ? * * *)"), "ScheduleExpression", "cron(0 4 ? * * *)"),
        (daily(schedule_expression_timezone="Europe/Paris"), "ScheduleExpressionTimezone", "Europe/Paris"),
        (
            daily(lifecycle={"move_to_cold_storage_after_days": 60, "delete_after_days": 400}),
            "Lifecycle",
            {"MoveToColdStorageAfterDays": 60, "DeleteAfterDays": 400},
        ),
        (
            daily(copy_actions=[{"destination_backup_vault_arn": DR_VAULT_ARN, "lifecycle": {"delete_after_days": 90}}]),
            "CopyActions",
            [{"DestinationBackupVaultArn": DR_VAULT_ARN, "Lifecycle": {"DeleteAfterDays": 90}}],
        ),
        (daily(recovery_point_tags={"ManagedBy": "ansible"}), "RecoveryPointTags", {"ManagedBy": "ansible"}),
        (daily(enable_continuous_backup=True, lifecycle={"delete_after_days": 35}), "EnableContinuousBackup", True),
    ],
    ids=["schedule", "timezone", "lifecycle", "copy-action", "recovery-point-tags", "continuous"],
)
def test_a_changed_rule_is_updated_once_then_silent(vault: Emulator, rule: dict[str, Any], field: str, expected: Any) -> None:
    created = applied(vault, plan_args())

    updated = apply(vault, plan_args(rules=[rule, continuous()]))

    assert not updated.failed, updated.out
    assert updated.changed
    assert mutating(vault) == ["backup:UpdateBackupPlan"]
    assert stored(vault)["rules"]["daily"][field] == expected
    assert updated.out["version_id"] != created.out["version_id"]
    vault.clear_calls()
    again = apply(vault, plan_args(rules=[rule, continuous()]))
    assert not again.changed and mutating(vault) == []


def test_continuous_backup_is_turned_off(vault: Emulator) -> None:
    applied(vault, plan_args())
    updated = apply(vault, plan_args(rules=[daily(), continuous(enable_continuous_backup=False)]))
    assert updated.changed
    assert stored(vault)["rules"]["continuous"]["EnableContinuousBackup"] is False


def test_a_copy_action_is_removed(vault: Emulator) -> None:
    applied(vault, plan_args())
    updated = apply(vault, plan_args(rules=[daily(copy_actions=[]), continuous()]))
    assert updated.changed and mutating(vault) == ["backup:UpdateBackupPlan"]
    assert not stored(vault)["rules"]["daily"].get("CopyActions")


def test_a_rule_is_added_then_removed(vault: Emulator) -> None:
    applied(vault, plan_args())
    weekly = {"rule_name": "weekly", "target_backup_vault_name": VAULT, "schedule_expression": "cron(0 2 ? * SUN *)", "lifecycle": {"delete_after_days": 90}}

    added = apply(vault, plan_args(rules=[daily(), continuous(), weekly]))

    assert added.changed and mutating(vault) == ["backup:UpdateBackupPlan"]
    assert set(stored(vault)["rules"]) == {"daily", "continuous", "weekly"}
    assert added.out["diff"]["before"]["rules"] != added.out["diff"]["after"]["rules"]
    vault.clear_calls()

    removed = apply(vault, plan_args(rules=[daily()]))

    assert removed.changed and mutating(vault) == ["backup:UpdateBackupPlan"]
    assert set(stored(vault)["rules"]) == {"daily"}
    assert [r["rule_name"] for r in removed.out["backup_plan"]["rules"]] == ["daily"]


def test_tags_are_added_and_removed(vault: Emulator) -> None:
    applied(vault, plan_args())
    wanted = {**{k: v for k, v in TAGS.items() if k != "webstack:component"}, "CostCenter": "Platform"}

    retagged = apply(vault, plan_args(tags=wanted))

    assert retagged.changed
    assert sorted(mutating(vault)) == ["backup:TagResource", "backup:UntagResource"]
    assert stored(vault)["tags"] == wanted
    assert retagged.out["tags"] == wanted
    vault.clear_calls()
    assert not apply(vault, plan_args(tags=wanted)).changed
    assert mutating(vault) == []


def test_tags_are_kept_without_purge(vault: Emulator) -> None:
    applied(vault, plan_args())
    added = apply(vault, plan_args(tags={"CostCenter": "Platform"}, purge_tags=False))
    assert added.changed and mutating(vault) == ["backup:TagResource"]
    assert stored(vault)["tags"] == {**TAGS, "CostCenter": "Platform"}


# Absent


def test_absent_deletes_the_plan_then_reports_nothing_to_do(vault: Emulator) -> None:
    created = applied(vault, plan_args())

    deleted = apply(vault, {"backup_plan_name": NAME, "state": "absent"})

    assert not deleted.failed, deleted.out
    assert deleted.changed and not deleted.out["exists"]
    assert deleted.out["backup_plan_id"] == created.out["backup_plan_id"]
    assert "deletion_date" in deleted.out
    assert mutating(vault) == ["backup:DeleteBackupPlan"]
    assert plan_names(vault) == []
    assert deleted.out["diff"]["after"] == {} and deleted.out["diff"]["before"]["tags"] == TAGS
    vault.clear_calls()

    again = apply(vault, {"backup_plan_name": NAME, "state": "absent"})

    assert not again.failed and not again.changed
    assert mutating(vault) == []


def test_absent_in_check_mode_deletes_nothing(vault: Emulator) -> None:
    applied(vault, plan_args())
    checked = apply(vault, {"backup_plan_name": NAME, "state": "absent"}, check_mode=True)
    assert checked.changed and mutating(vault) == []
    assert plan_names(vault) == [NAME]


def test_a_plan_is_created_again_after_deletion(vault: Emulator) -> None:
    first = applied(vault, plan_args())
    applied(vault, {"backup_plan_name": NAME, "state": "absent"})

    again = apply(vault, plan_args())

    assert not again.failed and again.changed, again.out
    assert again.out["backup_plan_id"] != first.out["backup_plan_id"]
    assert plan_names(vault) == [NAME]


@pytest.mark.parametrize("check_mode", [False, True], ids=["run", "check"])
def test_absent_is_refused_while_a_selection_exists(vault: Emulator, check_mode: bool) -> None:
    created = applied(vault, plan_args())
    vault.client("backup").create_backup_selection(
        BackupPlanId=created.out["backup_plan_id"], BackupSelection={"SelectionName": "tagged", "IamRoleArn": ROLE, "Resources": ["*"]}
    )
    vault.clear_calls()

    refused = apply(vault, {"backup_plan_name": NAME, "state": "absent"}, check_mode=check_mode)

    assert refused.failed
    assert "tagged" in refused.out["msg"] and "selection" in refused.out["msg"]
    assert refused.out["selections"] == ["tagged"]
    assert mutating(vault) == []
    assert plan_names(vault) == [NAME]
    assert len(vault.client("backup").list_backup_selections(BackupPlanId=created.out["backup_plan_id"])["BackupSelectionsList"]) == 1


# Bad inputs


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (plan_args(rules=[daily(), daily()]), "rule_name 'daily'"),
        (plan_args(rules=[daily(lifecycle={"move_to_cold_storage_after_days": 30, "delete_after_days": 100})]), "rules[0].lifecycle.delete_after_days"),
        (
            plan_args(
                rules=[
                    daily(
                        copy_actions=[
                            {"destination_backup_vault_arn": DR_VAULT_ARN, "lifecycle": {"move_to_cold_storage_after_days": 10, "delete_after_days": 20}}
                        ]
                    )
                ]
            ),
            "rules[0].copy_actions[0].lifecycle.delete_after_days",
        ),
        (plan_args(rules=[daily(), continuous(lifecycle={"delete_after_days": 36})]), "rules[1].lifecycle.delete_after_days"),
        (plan_args(rules=[continuous(lifecycle=None)]), "rules[0].lifecycle.delete_after_days"),
        (plan_args(rules=[daily(schedule_expression="0 5 * * *")]), "rules[0].schedule_expression"),
        (plan_args(rules=[daily(schedule_expression="cron(0 5 * * *)")]), "rules[0].schedule_expression"),
        (plan_args(rules=[daily(schedule_expression="rate(2 weeks)")]), "rules[0].schedule_expression"),
        (plan_args(rules=[daily(start_window_minutes=30)]), "rules[0].start_window_minutes"),
        (plan_args(rules=[daily(start_window_minutes=120, completion_window_minutes=150)]), "rules[0].completion_window_minutes"),
        (plan_args(rules=[daily(lifecycle={"delete_after_days": 0})]), "rules[0].lifecycle.delete_after_days"),
        (plan_args(rules=[daily(rule_name="daily backups")]), "rules[0].rule_name"),
        (plan_args(rules=[]), "rules"),
        (plan_args(backup_plan_name="demo local"), "backup_plan_name"),
        (plan_args(creator_request_id="x" * 51), "creator_request_id"),
    ],
    ids=[
        "duplicate-rule",
        "cold-storage",
        "copy-cold-storage",
        "continuous-too-long",
        "continuous-no-retention",
        "not-cron",
        "five-field-cron",
        "rate-unit",
        "start-window",
        "completion-window",
        "zero-days",
        "rule-name",
        "no-rules",
        "plan-name",
        "token",
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(vault: Emulator, args: dict[str, Any], option: str) -> None:
    result = apply(vault, copy.deepcopy(args))

    assert result.failed
    assert option in result.out["msg"], result.out["msg"]
    assert vault.calls().calls == []
    assert plan_names(vault) == []


def test_a_schedule_rate_is_accepted(vault: Emulator) -> None:
    result = apply(vault, plan_args(rules=[daily(schedule_expression="rate(12 hours)")]))
    assert not result.failed, result.out
    assert stored(vault)["rules"]["daily"]["ScheduleExpression"] == "rate(12 hours)"


def test_rules_are_required_when_present(vault: Emulator) -> None:
    result = apply(vault, {"backup_plan_name": NAME})
    assert result.failed and "rules" in result.out["msg"]
    assert vault.calls().calls == []
