"""The backup role's input checks, its plan and the restore drill's figures (plugins/filter/backup.py)."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.filter import backup

DR_VAULT = "arn:aws:backup:eu-central-1:123456789012:backup-vault:demo-prod-dr"
RULES: list[dict[str, Any]] = [
    {"name": "daily", "schedule": "cron(0 3 * * ? *)", "delete_after_days": 35, "continuous": True},
    {"name": "weekly", "schedule": "cron(0 4 ? * SUN *)", "delete_after_days": 90},
    {"name": "monthly", "schedule": "cron(0 5 1 * ? *)", "move_to_cold_storage_after_days": 30, "delete_after_days": 365},
]
SETTINGS: dict[str, Any] = {
    "webstack_region": "eu-west-1",
    "backup_rules": RULES,
    "backup_vault_lock_enabled": True,
    "backup_vault_lock_min_retention_days": 7,
    "backup_vault_lock_max_retention_days": 400,
    "backup_vault_lock_changeable_for_days": 3,
    "backup_dr_region": "eu-central-1",
    "backup_dr_delete_after_days": None,
}


def errors_with(**changes: Any) -> list[str]:
    return backup.backup_errors({**SETTINGS, **changes})


def with_rule(**changes: Any) -> list[dict[str, Any]]:
    return [{**RULES[1], **changes}]


def test_the_role_defaults_pass() -> None:
    assert backup.backup_errors(SETTINGS) == []
    assert errors_with(backup_vault_lock_enabled=False, backup_dr_region="") == []
    assert errors_with(backup_rules=with_rule(schedule="rate(12 hours)", start_window_minutes=120, completion_window_minutes=180)) == []


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"backup_rules": []}, "backup_rules must be a list"),
        ({"backup_rules": with_rule(schedule="every day")}, "backup_rules[0].schedule"),
        ({"backup_rules": with_rule(schedule="cron(0 3 * * ?)")}, "backup_rules[0].schedule"),
        ({"backup_rules": with_rule(schedule="rate(30 minutes)")}, "backup_rules[0].schedule"),
        ({"backup_rules": with_rule(start_window_minutes=30)}, "backup_rules[0].start_window_minutes"),
        ({"backup_rules": with_rule(start_window_minutes=60, completion_window_minutes=90)}, "backup_rules[0].completion_window_minutes"),
        ({"backup_rules": with_rule(delete_after_days=0)}, "backup_rules[0].delete_after_days"),
        ({"backup_rules": with_rule(move_to_cold_storage_after_days=30, delete_after_days=100)}, "backup_rules[0].delete_after_days (100)"),
        ({"backup_rules": with_rule(continuous=True, delete_after_days=36)}, "backup_rules[0].delete_after_days: continuous"),
        ({"backup_rules": with_rule(continuous=True, move_to_cold_storage_after_days=1, delete_after_days=35)}, "cannot move to cold storage"),
        ({"backup_rules": with_rule(name="has space")}, "backup_rules[0].name"),
        ({"backup_rules": with_rule(retention=3)}, "backup_rules[0]: unknown key(s) retention"),
        ({"backup_rules": [RULES[1], RULES[1]]}, "a name is listed twice"),
        ({"backup_rules": with_rule(delete_after_days=5)}, "outside the vault lock's retention"),
        ({"backup_dr_delete_after_days": 120}, "shorter than its DR copy's retention"),
        ({"backup_dr_delete_after_days": 0}, "backup_dr_delete_after_days"),
        ({"backup_dr_region": "eu-west-1"}, "backup_dr_region must differ"),
        ({"backup_dr_region": "Frankfurt"}, "backup_dr_region must be an AWS Region"),
        ({"backup_vault_lock_min_retention_days": 0}, "backup_vault_lock_min_retention_days"),
        ({"backup_vault_lock_max_retention_days": 5}, "backup_vault_lock_max_retention_days"),
        ({"backup_vault_lock_changeable_for_days": 1}, "backup_vault_lock_changeable_for_days"),
        ({"backup_vault_lock_min_retention_days": True}, "backup_vault_lock_min_retention_days"),
    ],
)
def test_each_bad_input_is_named(changes: dict[str, Any], named: str) -> None:
    errors = errors_with(**changes)
    assert errors, f"{changes} was accepted"
    assert any(named in error for error in errors), errors


def test_an_unlocked_vault_takes_any_retention() -> None:
    assert errors_with(backup_vault_lock_enabled=False, backup_rules=with_rule(delete_after_days=2)) == []


def test_plan_rules_target_the_vault_and_copy_to_the_dr_vault() -> None:
    tags = {"webstack:stack": "demo"}
    daily, weekly, monthly = backup.backup_plan_rules(RULES, "demo-prod", DR_VAULT, None, tags)
    assert daily == {
        "rule_name": "daily",
        "target_backup_vault_name": "demo-prod",
        "schedule_expression": "cron(0 3 * * ? *)",
        "start_window_minutes": 60,
        "completion_window_minutes": 480,
        "lifecycle": {"delete_after_days": 35},
        "enable_continuous_backup": True,
        "recovery_point_tags": tags,
        "copy_actions": [{"destination_backup_vault_arn": DR_VAULT, "lifecycle": {"delete_after_days": 35}}],
    }
    assert weekly["enable_continuous_backup"] is False
    assert monthly["lifecycle"] == {"delete_after_days": 365, "move_to_cold_storage_after_days": 30}


def test_copies_keep_the_dr_retention_and_rules_may_opt_out() -> None:
    rules = [RULES[0], {**RULES[1], "copy_to_dr": False}]
    daily, weekly = backup.backup_plan_rules(rules, "demo-prod", DR_VAULT, 14, {})
    assert daily["copy_actions"][0]["lifecycle"] == {"delete_after_days": 14}
    assert weekly["copy_actions"] == []
    assert all(rule["copy_actions"] == [] for rule in backup.backup_plan_rules(RULES, "demo-prod", "", None, {}))


def test_the_selection_needs_both_tags() -> None:
    assert backup.backup_selection_conditions("demo") == {
        "string_equals": [
            {"condition_key": "aws:ResourceTag/webstack:backup", "condition_value": "true"},
            {"condition_key": "aws:ResourceTag/webstack:stack", "condition_value": "demo"},
        ]
    }


SOURCE = {
    "engine": "postgres",
    "engine_version": "16.4",
    "storage_encrypted": True,
    "kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/abc",
    "db_instance_class": "db.t4g.medium",
    "db_instance_status": "available",
    "publicly_accessible": False,
}


def test_a_faithful_restore_has_no_mismatch() -> None:
    assert backup.restore_drill_mismatches(SOURCE, dict(SOURCE)) == []


def test_restore_mismatches_name_the_setting() -> None:
    restored = {**SOURCE, "kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/other", "publicly_accessible": True}
    problems = backup.restore_drill_mismatches(SOURCE, restored)
    assert len(problems) == 2
    assert problems[0].startswith("kms_key_id is 'arn:aws:kms:eu-west-1:123456789012:key/other'")
    assert problems[1] == "publicly_accessible is True, not False"
    assert backup.restore_drill_mismatches(SOURCE, {}) == ["the restored instance was not found"]


def test_the_report_gives_the_achieved_rpo_and_the_restore_duration() -> None:
    report = backup.restore_drill_report({"source": "db"}, "2026-11-26T01:00:00Z", "2026-11-26T03:00:00+00:00", "2026-11-26T03:12:30.5+00:00")
    assert report["source"] == "db"
    assert report["achieved_rpo_seconds"] == 7200
    assert report["restore_duration_seconds"] == 750.5
    assert report["recovery_point_time"] == "2026-11-26T01:00:00+00:00"
