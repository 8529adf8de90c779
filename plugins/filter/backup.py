# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup role's input checks and the plan it derives from them.

errors: "{{ settings | webstack.aws.backup_errors }}"
rules:  "{{ backup_rules | webstack.aws.backup_plan_rules(vault_name, dr_vault_arn, dr_delete_after_days, recovery_point_tags) }}"
"""

from __future__ import annotations

import datetime
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

RULE_KEYS = (
    "name",
    "schedule",
    "start_window_minutes",
    "completion_window_minutes",
    "move_to_cold_storage_after_days",
    "delete_after_days",
    "continuous",
    "copy_to_dr",
)
RULE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,50}$")
# AWS Backup schedules: cron with 6 fields (minutes hours day-of-month month day-of-week year) or rate().
CRON = re.compile(r"^cron\((\S+\s+){5}\S+\)$")
RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
# AWS Backup: a start window of at least 60 minutes, a completion window at least 60 minutes longer,
# cold storage for at least 90 days before deletion, continuous backups kept 1 to 35 days,
# and a vault lock's retention between 1 day and 100 years.
MIN_START_WINDOW = 60
MIN_COLD_DAYS = 90
MAX_CONTINUOUS_DAYS = 35
MAX_RETENTION_DAYS = 36500
MIN_CHANGEABLE_DAYS = 3


def _whole(value: Any) -> Optional[int]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def backup_errors(settings: Dict[str, Any]) -> List[str]:
    """Every problem with the role's inputs, each naming its variable and what is allowed."""
    errors = _lock_errors(settings) + _dr_errors(settings)
    rules = settings.get("backup_rules")
    if not isinstance(rules, list) or not rules:
        return [*errors, "backup_rules must be a list of at least one rule ({name, schedule, delete_after_days, ...})"]
    names = [rule.get("name") for rule in rules if isinstance(rule, dict)]
    for index, rule in enumerate(rules):
        errors += _rule_errors(f"backup_rules[{index}]", rule, settings)
    if len(set(names)) != len(names):
        errors.append("backup_rules: each rule needs its own name (a name is listed twice)")
    return errors


def _lock_errors(settings: Dict[str, Any]) -> List[str]:
    if not settings.get("backup_vault_lock_enabled"):
        return []
    errors = []
    low = _whole(settings.get("backup_vault_lock_min_retention_days"))
    high = _whole(settings.get("backup_vault_lock_max_retention_days"))
    changeable = _whole(settings.get("backup_vault_lock_changeable_for_days"))
    if low is None or low < 1:
        given = settings.get("backup_vault_lock_min_retention_days")
        errors.append(f"backup_vault_lock_min_retention_days must be a whole number of days, 1 or more, not {given!r}")
    if high is None or high > MAX_RETENTION_DAYS or (low is not None and high < low):
        errors.append(
            f"backup_vault_lock_max_retention_days must be whole days, at least backup_vault_lock_min_retention_days and at most {MAX_RETENTION_DAYS}, "
            f"not {settings.get('backup_vault_lock_max_retention_days')!r}"
        )
    if changeable is None or changeable < MIN_CHANGEABLE_DAYS:
        errors.append(
            f"backup_vault_lock_changeable_for_days must be {MIN_CHANGEABLE_DAYS} or more (the grace period before a compliance-mode lock "
            f"becomes immutable), not {settings.get('backup_vault_lock_changeable_for_days')!r}"
        )
    return errors


def _dr_errors(settings: Dict[str, Any]) -> List[str]:
    region = settings.get("backup_dr_region") or ""
    if not region:
        return []
    errors = []
    if not REGION.match(str(region)):
        errors.append(f"backup_dr_region must be an AWS Region such as eu-central-1, not {region!r}")
    elif region == settings.get("webstack_region"):
        errors.append(f"backup_dr_region must differ from the stack's Region ({region}): a copy in the same Region is no disaster recovery")
    days = settings.get("backup_dr_delete_after_days")
    if days is not None and (_whole(days) is None or days < 1):
        errors.append(f"backup_dr_delete_after_days must be a whole number of days, 1 or more, or null (the rule's retention), not {days!r}")
    return errors


def _rule_errors(where: str, rule: Any, settings: Dict[str, Any]) -> List[str]:
    if not isinstance(rule, dict):
        return [f"{where} must be a dict with name, schedule and delete_after_days"]
    errors = []
    unknown = sorted(set(rule) - set(RULE_KEYS))
    if unknown:
        errors.append(f"{where}: unknown key(s) {', '.join(unknown)}; a rule has {', '.join(RULE_KEYS)}")
    if not RULE_NAME.match(str(rule.get("name", ""))):
        errors.append(f"{where}.name must be 1 to 50 letters, digits, '_', '.' or '-', not {rule.get('name')!r}")
    errors += _schedule_errors(where, rule)
    errors += _lifecycle_errors(where, rule, settings)
    return errors


def _schedule_errors(where: str, rule: Dict[str, Any]) -> List[str]:
    errors = []
    schedule = str(rule.get("schedule", ""))
    rate = RATE.match(schedule)
    if not CRON.match(schedule) and not rate:
        errors.append(f"{where}.schedule must be cron(minutes hours day-of-month month day-of-week year) or rate(N hours|days), not {rule.get('schedule')!r}")
    elif rate and (int(rate.group(1)) < 1 or (rate.group(2).startswith("minute") and int(rate.group(1)) < 60)):
        errors.append(f"{where}.schedule: AWS Backup runs a rule at most once an hour, not {schedule!r}")
    start = rule.get("start_window_minutes", MIN_START_WINDOW)
    completion = rule.get("completion_window_minutes")
    if _whole(start) is None or start < MIN_START_WINDOW:
        errors.append(f"{where}.start_window_minutes must be at least {MIN_START_WINDOW}, not {start!r}")
    elif completion is not None and (_whole(completion) is None or completion < start + 60):
        errors.append(f"{where}.completion_window_minutes must be at least 60 minutes more than start_window_minutes ({start}), not {completion!r}")
    return errors


def _lifecycle_errors(where: str, rule: Dict[str, Any], settings: Dict[str, Any]) -> List[str]:
    delete = rule.get("delete_after_days")
    cold = rule.get("move_to_cold_storage_after_days")
    if _whole(delete) is None or delete < 1:
        return [f"{where}.delete_after_days must be a whole number of days, 1 or more, not {delete!r}"]
    errors = []
    if cold is not None:
        if _whole(cold) is None or cold < 1:
            errors.append(f"{where}.move_to_cold_storage_after_days must be a whole number of days, 1 or more, not {cold!r}")
        elif delete < cold + MIN_COLD_DAYS:
            errors.append(
                f"{where}.delete_after_days ({delete}) must be at least {MIN_COLD_DAYS} days after move_to_cold_storage_after_days ({cold}): "
                "AWS keeps a recovery point in cold storage for 90 days at least"
            )
        if rule.get("continuous"):
            errors.append(f"{where}.move_to_cold_storage_after_days: continuous backups cannot move to cold storage")
    if rule.get("continuous") and delete > MAX_CONTINUOUS_DAYS:
        errors.append(f"{where}.delete_after_days: continuous backups (point-in-time restore) are kept at most {MAX_CONTINUOUS_DAYS} days, not {delete}")
    copy_days = settings.get("backup_dr_delete_after_days")
    if settings.get("backup_dr_region") and rule.get("copy_to_dr", True) and _whole(copy_days) is not None and copy_days > delete:
        errors.append(
            f"{where}.delete_after_days ({delete}) is shorter than its DR copy's retention (backup_dr_delete_after_days {copy_days}): "
            "a copy may not outlive the recovery point it copies; lengthen the rule or shorten the copy"
        )
    if settings.get("backup_vault_lock_enabled"):
        low = _whole(settings.get("backup_vault_lock_min_retention_days"))
        high = _whole(settings.get("backup_vault_lock_max_retention_days"))
        if low is not None and high is not None and not low <= delete <= high:
            errors.append(
                f"{where}.delete_after_days ({delete}) is outside the vault lock's retention ({low} to {high} days, "
                "backup_vault_lock_min/max_retention_days): AWS Backup would fail every job of this rule"
            )
    return errors


def backup_plan_rules(
    rules: List[Dict[str, Any]], vault_name: str, dr_vault_arn: str, dr_delete_after_days: Optional[int], recovery_point_tags: Dict[str, str]
) -> List[Dict[str, Any]]:
    """amazon.aws.backup_plan's rules: each rule to the vault, copied to the DR vault when there is one."""
    plan = []
    for rule in rules:
        lifecycle = {"delete_after_days": rule["delete_after_days"]}
        if rule.get("move_to_cold_storage_after_days") is not None:
            lifecycle["move_to_cold_storage_after_days"] = rule["move_to_cold_storage_after_days"]
        start = rule.get("start_window_minutes", MIN_START_WINDOW)
        entry = {
            "rule_name": rule["name"],
            "target_backup_vault_name": vault_name,
            "schedule_expression": rule["schedule"],
            "start_window_minutes": start,
            "completion_window_minutes": rule.get("completion_window_minutes") or start + 420,
            "lifecycle": lifecycle,
            "enable_continuous_backup": bool(rule.get("continuous", False)),
            "recovery_point_tags": dict(recovery_point_tags),
            "copy_actions": [],
        }
        if dr_vault_arn and rule.get("copy_to_dr", True):
            copy_lifecycle = {"delete_after_days": dr_delete_after_days or rule["delete_after_days"]}
            entry["copy_actions"] = [{"destination_backup_vault_arn": dr_vault_arn, "lifecycle": copy_lifecycle}]
        plan.append(entry)
    return plan


def backup_selection_conditions(stack: str) -> Dict[str, List[Dict[str, str]]]:
    """The selection: resources tagged webstack:backup=true AND webstack:stack=<stack> (conditions are ANDed)."""
    return {
        "string_equals": [
            {"condition_key": "aws:ResourceTag/webstack:backup", "condition_value": "true"},
            {"condition_key": "aws:ResourceTag/webstack:stack", "condition_value": stack},
        ]
    }


# What a restored copy must share with its source (rds_instance_info's keys), and what it must be.
DRILL_SAME = ("engine", "engine_version", "storage_encrypted", "kms_key_id", "db_instance_class")
DRILL_EXPECTED = {"db_instance_status": "available", "storage_encrypted": True, "publicly_accessible": False}


def restore_drill_mismatches(source: Dict[str, Any], restored: Dict[str, Any]) -> List[str]:
    """How the restored instance differs from its source, or from what a restore must give; [] when it does not."""
    if not restored:
        return ["the restored instance was not found"]
    problems = [f"{key} is {restored.get(key)!r}, the source's is {source.get(key)!r}" for key in DRILL_SAME if restored.get(key) != source.get(key)]
    problems += [f"{key} is {restored.get(key)!r}, not {value!r}" for key, value in DRILL_EXPECTED.items() if restored.get(key) != value]
    return problems


def _moment(value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


def restore_drill_report(facts: Dict[str, Any], recovery_point_time: Any, started: Any, available: Any) -> Dict[str, Any]:
    """The drill's figures: the recovery point achieved (seconds of data the restore lacks) and the restore's duration."""
    point, begin, end = _moment(recovery_point_time), _moment(started), _moment(available)
    return {
        **facts,
        "recovery_point_time": point.isoformat(),
        "restore_started": begin.isoformat(),
        "restore_available": end.isoformat(),
        "achieved_rpo_seconds": round((begin - point).total_seconds()),
        "restore_duration_seconds": round((end - begin).total_seconds(), 1),
    }


class FilterModule:
    def filters(self) -> Dict[str, Any]:
        return {
            "backup_errors": backup_errors,
            "backup_plan_rules": backup_plan_rules,
            "backup_selection_conditions": backup_selection_conditions,
            "restore_drill_mismatches": restore_drill_mismatches,
            "restore_drill_report": restore_drill_report,
        }
