"""Stock amazon.aws monitoring modules the roles use, run through main() against the emulator.

amazon.aws.cloudwatchlogs_log_group sets a log group's retention; amazon.aws.cloudwatchevent_rule routes AWS Backup
job failures to SNS. These tests pin what the roles rely on: no false changes, tags kept, check mode.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from ansible_collections.amazon.aws.plugins.modules import cloudwatchevent_rule
from ansible_collections.amazon.aws.plugins.modules import cloudwatchlogs_log_group

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

GROUP = "/webstack/test/app"
GROUP_TAGS = {"webstack:stack": "test", "webstack:environment": "local", "ManagedBy": "ansible"}
RULE = "webstack-test-backup-failures"
TOPIC = "webstack-test-alerts"
BACKUP_FAILURES = {
    "source": ["aws.backup"],
    "detail-type": ["Backup Job State Change"],
    "detail": {"state": ["FAILED", "ABORTED", "EXPIRED"]},
}


# amazon.aws.cloudwatchlogs_log_group


def log_group(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(cloudwatchlogs_log_group.main, aws, {"log_group_name": GROUP, **args}, check_mode)


def stored_group(aws: Emulator) -> tuple[int | None, dict[str, str]]:
    logs = aws.client("logs")
    [group] = [g for g in logs.describe_log_groups(logGroupNamePrefix=GROUP)["logGroups"] if g["logGroupName"] == GROUP]
    return group.get("retentionInDays"), logs.list_tags_log_group(logGroupName=GROUP)["tags"]


@pytest.fixture
def tagged_group(aws: Emulator) -> Emulator:
    """A log group made with boto3, tagged, without retention; the call log starts empty."""
    aws.client("logs").create_log_group(logGroupName=GROUP, tags=GROUP_TAGS)
    aws.clear_calls()
    return aws


def test_log_group_retention_is_set_and_tags_stay(tagged_group: Emulator) -> None:
    run_ = log_group(tagged_group, {"retention": 30, "purge_tags": False})

    assert not run_.failed, run_.out
    assert run_.changed
    assert stored_group(tagged_group) == (30, GROUP_TAGS)
    assert tagged_group.calls().mutating == ["logs:PutRetentionPolicy"]
    assert run_.out["retention_in_days"] == 30
    assert run_.out["tags"] == GROUP_TAGS


def test_log_group_without_tags_option_keeps_tags_even_with_purge(tagged_group: Emulator) -> None:
    """tags omitted means 'leave them alone', whatever purge_tags says."""
    log_group(tagged_group, {"retention": 30})

    assert stored_group(tagged_group) == (30, GROUP_TAGS)


def test_log_group_second_run_changes_nothing_and_calls_nothing_mutating(tagged_group: Emulator) -> None:
    log_group(tagged_group, {"retention": 30, "purge_tags": False})
    tagged_group.clear_calls()

    again = log_group(tagged_group, {"retention": 30, "purge_tags": False})

    assert not again.failed, again.out
    assert not again.changed
    assert tagged_group.calls().mutating == []


def test_log_group_check_mode_on_the_converged_group_changes_nothing(tagged_group: Emulator) -> None:
    log_group(tagged_group, {"retention": 30, "purge_tags": False})
    tagged_group.clear_calls()

    run_ = log_group(tagged_group, {"retention": 30, "purge_tags": False}, check_mode=True)

    assert not run_.changed
    assert tagged_group.calls().mutating == []


@pytest.mark.xfail(
    strict=True,
    reason="amazon.aws 10.1.2 cloudwatchlogs_log_group: input_retention_policy() calls PutRetentionPolicy without looking at check mode",
)
def test_log_group_check_mode_retention_change_changes_nothing(tagged_group: Emulator) -> None:
    run_ = log_group(tagged_group, {"retention": 30, "purge_tags": False}, check_mode=True)

    assert run_.changed
    assert tagged_group.calls().mutating == []
    assert stored_group(tagged_group) == (None, GROUP_TAGS)


def test_log_group_check_mode_retention_change_writes_the_retention(tagged_group: Emulator) -> None:
    """What the module does today (the xfail above): check mode writes the retention. Roles must not rely on check mode here."""
    run_ = log_group(tagged_group, {"retention": 30, "purge_tags": False}, check_mode=True)

    assert run_.changed
    assert tagged_group.calls().mutating == ["logs:PutRetentionPolicy"]
    assert stored_group(tagged_group) == (30, GROUP_TAGS)


def test_log_group_check_mode_tag_change_changes_nothing(tagged_group: Emulator) -> None:
    run_ = log_group(tagged_group, {"tags": {"extra": "1"}, "purge_tags": False}, check_mode=True)

    assert run_.changed
    assert tagged_group.calls().mutating == []
    assert stored_group(tagged_group) == (None, GROUP_TAGS)


# amazon.aws.cloudwatchevent_rule


def topic_arn(aws: Emulator) -> str:
    return aws.client("sns").create_topic(Name=TOPIC)["TopicArn"]


def rule_args(topic: str, **overrides: Any) -> dict[str, Any]:
    return {
        "name": RULE,
        "description": "AWS Backup jobs that failed, were aborted or expired",
        "event_pattern": BACKUP_FAILURES,
        "targets": [{"id": "alerts", "arn": topic}],
        **overrides,
    }


def event_rule(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(cloudwatchevent_rule.main, aws, args, check_mode)


@pytest.fixture
def topic(aws: Emulator) -> str:
    arn = topic_arn(aws)
    aws.clear_calls()
    return arn


def test_event_rule_is_created_with_its_pattern_and_target(aws: Emulator, topic: str) -> None:
    run_ = event_rule(aws, rule_args(topic))

    assert not run_.failed, run_.out
    assert run_.changed
    events = aws.client("events")
    rule = events.describe_rule(Name=RULE)
    assert json.loads(rule["EventPattern"]) == BACKUP_FAILURES
    assert rule["State"] == "ENABLED"
    assert [(t["Id"], t["Arn"]) for t in events.list_targets_by_rule(Rule=RULE)["Targets"]] == [("alerts", topic)]
    assert sorted(aws.calls().mutating) == ["events:PutRule", "events:PutTargets"]
    assert [t["id"] for t in run_.out["targets"]] == ["alerts"]


def test_event_rule_second_run_changes_nothing_and_calls_nothing_mutating(aws: Emulator, topic: str) -> None:
    event_rule(aws, rule_args(topic))
    aws.clear_calls()

    again = event_rule(aws, rule_args(topic))

    assert not again.failed, again.out
    assert not again.changed
    assert aws.calls().mutating == []


def test_event_rule_check_mode_on_the_converged_rule_reports_no_change(aws: Emulator, topic: str) -> None:
    """The module does not support check mode: Ansible skips it (changed=false, nothing called at all)."""
    event_rule(aws, rule_args(topic))
    aws.clear_calls()

    run_ = event_rule(aws, rule_args(topic), check_mode=True)

    assert not run_.failed, run_.out
    assert not run_.changed
    assert run_.out.get("skipped") is True
    assert aws.calls().calls == []


def test_event_rule_pattern_change_is_applied(aws: Emulator, topic: str) -> None:
    event_rule(aws, rule_args(topic))
    aws.clear_calls()
    failed_only = {**BACKUP_FAILURES, "detail": {"state": ["FAILED"]}}

    run_ = event_rule(aws, rule_args(topic, event_pattern=failed_only))

    assert run_.changed
    assert json.loads(aws.client("events").describe_rule(Name=RULE)["EventPattern"]) == failed_only
    assert aws.calls().mutating == ["events:PutRule"]


def test_event_rule_absent_deletes_rule_and_targets(aws: Emulator, topic: str) -> None:
    event_rule(aws, rule_args(topic))
    aws.clear_calls()

    run_ = event_rule(aws, {"name": RULE, "state": "absent"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert aws.calls().mutating == ["events:RemoveTargets", "events:DeleteRule"]
    assert aws.client("events").list_rules(NamePrefix=RULE)["Rules"] == []


def test_event_rule_absent_twice_changes_nothing(aws: Emulator, topic: str) -> None:
    event_rule(aws, rule_args(topic))
    event_rule(aws, {"name": RULE, "state": "absent"})
    aws.clear_calls()

    run_ = event_rule(aws, {"name": RULE, "state": "absent"})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert aws.calls().mutating == []
