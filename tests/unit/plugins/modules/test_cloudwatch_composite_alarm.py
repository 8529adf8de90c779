"""cloudwatch_composite_alarm: pure functions, and main() run end to end against the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import cloudwatch_composite_alarm as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "demo-local-web-unhealthy"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:demo-local-alerts"
OTHER_TOPIC = "arn:aws:sns:eu-west-1:123456789012:demo-local-pager"
RULE = 'ALARM("demo-local-5xx-rate") OR ALARM("demo-local-latency-p95")'
TAGS = {"webstack:stack": "demo", "webstack:environment": "local", "webstack:component": "monitoring", "ManagedBy": "ansible"}


def args(**overrides: Any) -> dict[str, Any]:
    return {"name": NAME, "alarm_rule": RULE, "description": "web is unhealthy", "alarm_actions": [TOPIC], "tags": TAGS, **overrides}


def params(**overrides: Any) -> dict[str, Any]:
    """Module params as AnsibleModule fills them in: every option, defaults applied."""
    defaults = {
        "alarm_rule": None,
        "description": None,
        "actions_enabled": True,
        "alarm_actions": [],
        "ok_actions": [],
        "insufficient_data_actions": [],
        "actions_suppressor": None,
        "actions_suppressor_wait_period": None,
        "actions_suppressor_extension_period": None,
        "tags": None,
        "purge_tags": True,
        "state": "present",
    }
    return {**defaults, "name": NAME, "alarm_rule": RULE, **overrides}


def composite(aws: Emulator, args_: dict[str, Any], check_mode: bool = False) -> Result:
    return run(module.main, aws, args_, check_mode)


def described(aws: Emulator) -> list[dict[str, Any]]:
    return aws.client("cloudwatch").describe_alarms(AlarmNames=[NAME], AlarmTypes=["CompositeAlarm"])["CompositeAlarms"]


def tags_of(aws: Emulator) -> dict[str, str]:
    [alarm] = described(aws)
    return {t["Key"]: t["Value"] for t in aws.client("cloudwatch").list_tags_for_resource(ResourceARN=alarm["AlarmArn"])["Tags"]}


@pytest.fixture
def metric_alarms(aws: Emulator) -> Emulator:
    """The two metric alarms the rule names; the call log starts empty."""
    cloudwatch = aws.client("cloudwatch")
    for name in ("demo-local-5xx-rate", "demo-local-latency-p95", "demo-local-deploying"):
        cloudwatch.put_metric_alarm(
            AlarmName=name,
            Namespace="AWS/ApplicationELB",
            MetricName="TargetResponseTime",
            Statistic="Average",
            Period=60,
            EvaluationPeriods=1,
            Threshold=1.0,
            ComparisonOperator="GreaterThanThreshold",
        )
    aws.clear_calls()
    return aws


# Pure functions


def test_validate_accepts_a_full_alarm() -> None:
    assert (
        module.validate_params(params(ok_actions=[TOPIC], actions_suppressor="x", actions_suppressor_wait_period=0, actions_suppressor_extension_period=60))
        == []
    )


def test_validate_needs_no_rule_to_delete() -> None:
    assert module.validate_params(params(alarm_rule=None, state="absent")) == []


def test_build_desired_sends_only_what_is_set() -> None:
    assert module.build_desired(params()) == {
        "AlarmName": NAME,
        "AlarmRule": RULE,
        "ActionsEnabled": True,
        "AlarmActions": [],
        "OKActions": [],
        "InsufficientDataActions": [],
    }


def test_settings_changes_ignores_action_order_and_a_suppressor_named_by_arn() -> None:
    desired = module.build_desired(
        params(alarm_actions=[TOPIC, OTHER_TOPIC], actions_suppressor="deploying", actions_suppressor_wait_period=1, actions_suppressor_extension_period=2)
    )
    current = {
        **desired,
        "AlarmActions": [OTHER_TOPIC, TOPIC],
        "ActionsSuppressor": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:deploying",
        "AlarmArn": "arn",
        "StateValue": "ALARM",
    }
    assert module.settings_changes(current, desired) == []


def test_settings_changes_names_each_difference() -> None:
    current = module.build_desired(params(description="old"))
    desired = module.build_desired(params(alarm_rule="FALSE", ok_actions=[TOPIC], actions_enabled=False))
    assert module.settings_changes(current, desired) == ["AlarmRule", "AlarmDescription", "ActionsEnabled", "OKActions"]


def test_tags_after_keeps_or_purges() -> None:
    assert module.tags_after({"a": "1"}, None, True) == {"a": "1"}
    assert module.tags_after({"a": "1"}, {"b": "2"}, True) == {"b": "2"}
    assert module.tags_after({"a": "1"}, {"b": "2"}, False) == {"a": "1", "b": "2"}


# Create


def test_create_makes_the_alarm_with_its_tags(metric_alarms: Emulator) -> None:
    result = composite(metric_alarms, args(ok_actions=[OTHER_TOPIC], insufficient_data_actions=[TOPIC], actions_enabled=False))

    assert not result.failed, result.out
    assert result.changed
    [alarm] = described(metric_alarms)
    assert (alarm["AlarmRule"], alarm["AlarmDescription"], alarm["ActionsEnabled"]) == (RULE, "web is unhealthy", False)
    assert (alarm["AlarmActions"], alarm["OKActions"], alarm["InsufficientDataActions"]) == ([TOPIC], [OTHER_TOPIC], [TOPIC])
    assert tags_of(metric_alarms) == TAGS
    out = result.out["alarm"]
    assert (out["alarm_arn"], out["alarm_rule"], out["ok_actions"], out["tags"]) == (alarm["AlarmArn"], RULE, [OTHER_TOPIC], TAGS)
    assert out["state_value"] == "INSUFFICIENT_DATA"
    assert result.out["diff"]["before"] == {}
    assert metric_alarms.calls().mutating == ["cloudwatch:PutCompositeAlarm"]


def test_create_with_a_suppressor(metric_alarms: Emulator) -> None:
    suppressor = {"actions_suppressor": "demo-local-deploying", "actions_suppressor_wait_period": 120, "actions_suppressor_extension_period": 300}
    result = composite(metric_alarms, args(**suppressor))

    assert not result.failed, result.out
    [alarm] = described(metric_alarms)
    assert (alarm["ActionsSuppressor"], alarm["ActionsSuppressorWaitPeriod"], alarm["ActionsSuppressorExtensionPeriod"]) == ("demo-local-deploying", 120, 300)
    metric_alarms.clear_calls()
    assert not composite(metric_alarms, args(**suppressor)).changed
    assert metric_alarms.calls().mutating == []


def test_second_run_changes_nothing_and_calls_nothing_mutating(metric_alarms: Emulator) -> None:
    first = composite(metric_alarms, args(ok_actions=[TOPIC]))
    metric_alarms.clear_calls()

    again = composite(metric_alarms, args(ok_actions=[TOPIC]))

    assert not again.failed, again.out
    assert not again.changed
    assert metric_alarms.calls().mutating == []
    assert again.out["alarm"] == first.out["alarm"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_reports_the_create_and_creates_nothing(metric_alarms: Emulator) -> None:
    result = composite(metric_alarms, args(), check_mode=True)

    assert not result.failed, result.out
    assert result.changed
    assert described(metric_alarms) == []
    assert metric_alarms.calls().mutating == []
    assert (result.out["diff"]["after"]["alarm_rule"], result.out["diff"]["after"]["tags"]) == (RULE, TAGS)
    assert "alarm_arn" not in result.out["alarm"]


def test_check_mode_on_a_converged_alarm_reports_no_change(metric_alarms: Emulator) -> None:
    composite(metric_alarms, args())
    metric_alarms.clear_calls()

    result = composite(metric_alarms, args(), check_mode=True)

    assert not result.changed
    assert metric_alarms.calls().mutating == []


# Update


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ({"alarm_rule": 'ALARM("demo-local-5xx-rate")'}, "AlarmRule", 'ALARM("demo-local-5xx-rate")'),
        ({"alarm_actions": [OTHER_TOPIC]}, "AlarmActions", [OTHER_TOPIC]),
        ({"ok_actions": [TOPIC]}, "OKActions", [TOPIC]),
        ({"description": "changed"}, "AlarmDescription", "changed"),
        ({"actions_enabled": False}, "ActionsEnabled", False),
    ],
)
def test_update_puts_the_changed_setting(metric_alarms: Emulator, change: dict[str, Any], field: str, value: Any) -> None:
    composite(metric_alarms, args())
    metric_alarms.clear_calls()

    result = composite(metric_alarms, args(**change))

    assert not result.failed, result.out
    assert result.changed
    assert described(metric_alarms)[0][field] == value
    assert metric_alarms.calls().mutating == ["cloudwatch:PutCompositeAlarm"]
    assert tags_of(metric_alarms) == TAGS
    assert result.out["diff"]["before"] != result.out["diff"]["after"]
    assert not composite(metric_alarms, args(**change)).changed


def test_dropping_the_description_removes_it(metric_alarms: Emulator) -> None:
    composite(metric_alarms, args())
    result = composite(metric_alarms, args(description=None))
    assert result.changed
    assert "AlarmDescription" not in described(metric_alarms)[0]


def test_check_mode_update_shows_the_diff_and_changes_nothing(metric_alarms: Emulator) -> None:
    composite(metric_alarms, args())
    metric_alarms.clear_calls()

    result = composite(metric_alarms, args(alarm_rule="FALSE", description=None), check_mode=True)

    assert result.changed
    assert (result.out["diff"]["before"]["alarm_rule"], result.out["diff"]["after"]["alarm_rule"]) == (RULE, "FALSE")
    assert "alarm_description" not in result.out["diff"]["after"]
    assert described(metric_alarms)[0]["AlarmRule"] == RULE
    assert metric_alarms.calls().mutating == []


# Tags


def test_tags_are_added_and_removed_without_a_put(metric_alarms: Emulator) -> None:
    composite(metric_alarms, args())
    metric_alarms.clear_calls()
    tags = {**{k: v for k, v in TAGS.items() if k != "ManagedBy"}, "owner": "web"}

    result = composite(metric_alarms, args(tags=tags))

    assert result.changed
    assert tags_of(metric_alarms) == tags
    assert sorted(metric_alarms.calls().mutating) == ["cloudwatch:TagResource", "cloudwatch:UntagResource"]
    assert result.out["alarm"]["tags"] == tags
    assert result.out["diff"]["before"]["tags"] == TAGS


def test_tags_without_purge_are_only_added(metric_alarms: Emulator) -> None:
    composite(metric_alarms, args())
    result = composite(metric_alarms, args(tags={"owner": "web"}, purge_tags=False))
    assert result.changed
    assert tags_of(metric_alarms) == {**TAGS, "owner": "web"}


def test_tags_left_out_are_left_alone(metric_alarms: Emulator) -> None:
    composite(metric_alarms, args())
    metric_alarms.clear_calls()
    result = composite(metric_alarms, args(tags=None))
    assert not result.changed
    assert metric_alarms.calls().mutating == []
    assert tags_of(metric_alarms) == TAGS


def test_check_mode_tag_change_changes_nothing(metric_alarms: Emulator) -> None:
    composite(metric_alarms, args())
    metric_alarms.clear_calls()
    result = composite(metric_alarms, args(tags={}), check_mode=True)
    assert result.changed
    assert result.out["diff"]["after"]["tags"] == {}
    assert tags_of(metric_alarms) == TAGS
    assert metric_alarms.calls().mutating == []


# Absent


def test_absent_deletes_the_alarm_and_twice_changes_nothing(metric_alarms: Emulator) -> None:
    composite(metric_alarms, args())

    first = composite(metric_alarms, {"name": NAME, "state": "absent"})
    metric_alarms.clear_calls()
    second = composite(metric_alarms, {"name": NAME, "state": "absent"})

    assert (first.changed, second.changed) == (True, False)
    assert first.out["diff"]["before"]["alarm_rule"] == RULE
    assert described(metric_alarms) == []
    assert metric_alarms.calls().mutating == []
    assert len(metric_alarms.client("cloudwatch").describe_alarms()["MetricAlarms"]) == 3


def test_check_mode_absent_deletes_nothing(metric_alarms: Emulator) -> None:
    composite(metric_alarms, args())
    metric_alarms.clear_calls()
    result = composite(metric_alarms, {"name": NAME, "state": "absent"}, check_mode=True)
    assert result.changed
    assert len(described(metric_alarms)) == 1
    assert metric_alarms.calls().mutating == []


def test_absent_leaves_a_metric_alarm_of_that_name_alone(metric_alarms: Emulator) -> None:
    result = composite(metric_alarms, {"name": "demo-local-5xx-rate", "state": "absent"})
    assert not result.changed
    assert len(metric_alarms.client("cloudwatch").describe_alarms()["MetricAlarms"]) == 3


# Bad inputs


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"alarm_rule": ""}, "alarm_rule"),
        ({"alarm_rule": "   "}, "alarm_rule"),
        ({"alarm_rule": None}, "alarm_rule"),
        ({"alarm_rule": "ALARM(x) OR " * 1000}, "alarm_rule"),
        ({"description": "d" * 1025}, "description"),
        ({"alarm_actions": ["demo-local-alerts"]}, "alarm_actions"),
        ({"ok_actions": ["arn:aws:sns:eu-west-1:demo-local-alerts"]}, "ok_actions"),
        ({"insufficient_data_actions": ["sns:topic"]}, "insufficient_data_actions"),
        ({"alarm_actions": [f"{TOPIC}-{n}" for n in range(6)]}, "alarm_actions"),
        ({"actions_suppressor_wait_period": 60}, "actions_suppressor_wait_period"),
        ({"actions_suppressor_extension_period": 60}, "actions_suppressor_extension_period"),
        ({"actions_suppressor": "demo-local-deploying", "actions_suppressor_wait_period": 60}, "actions_suppressor_extension_period"),
        (
            {"actions_suppressor": "demo-local-deploying", "actions_suppressor_wait_period": -1, "actions_suppressor_extension_period": 60},
            "actions_suppressor_wait_period",
        ),
        ({"name": "n" * 256}, "name"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(metric_alarms: Emulator, overrides: dict[str, Any], named: str) -> None:
    result = composite(metric_alarms, {k: v for k, v in args(**overrides).items() if v is not None})

    assert result.failed
    assert named in result.out["msg"]
    assert metric_alarms.calls().calls == []
    assert described(metric_alarms) == []


def test_a_rule_of_exactly_the_limit_is_accepted() -> None:
    assert module.validate_params(params(alarm_rule="T" * module.MAX_RULE)) == []


def test_aws_refusal_is_reported_not_raised(metric_alarms: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer the module cannot foresee (here the emulator's ValidationError) fails the run with AWS's message."""
    build = module.build_desired
    monkeypatch.setattr(module, "build_desired", lambda params_: {**build(params_), "ActionsSuppressorWaitPeriod": 60})
    result = composite(metric_alarms, args())
    assert result.failed
    assert NAME in result.out["msg"]
    assert described(metric_alarms) == []
