"""cost_anomaly_monitor, its pure rules and end to end through main() against the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.module_utils import cost_anomaly
from ansible_collections.webstack.aws.plugins.modules import cost_anomaly_monitor

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

STACK = {"Tags": {"Key": "webstack:stack", "Values": ["webstack"], "MatchOptions": ["EQUALS"]}}
OTHER_STACK = {"Tags": {"Key": "webstack:stack", "Values": ["webstack", "shared"], "MatchOptions": ["EQUALS"]}}
EMAIL = {"Type": "EMAIL", "Address": "ops@example.com"}
THRESHOLD = {"Dimensions": {"Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE", "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": ["100"]}}


def params(**overrides: Any) -> dict[str, Any]:
    base = {
        "name": "services",
        "monitor_arn": None,
        "state": "present",
        "monitor_type": "DIMENSIONAL",
        "monitor_dimension": None,
        "monitor_specification": None,
        "replace": False,
        "tags": None,
        "purge_tags": True,
    }
    return {**base, **overrides}


def monitor(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(cost_anomaly_monitor.main, aws, args, check_mode)


def monitors(aws: Emulator) -> list[dict[str, Any]]:
    return aws.client("ce").get_anomaly_monitors()["AnomalyMonitors"]


def tags_of(aws: Emulator, arn: str) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in aws.client("ce").list_tags_for_resource(ResourceArn=arn)["ResourceTags"]}


def custom(**overrides: Any) -> dict[str, Any]:
    return {"name": "stack", "monitor_type": "CUSTOM", "monitor_specification": STACK, **overrides}


# Pure rules


def test_a_dimensional_monitor_defaults_to_the_service_dimension() -> None:
    assert cost_anomaly.validate_monitor_params(params()) == []
    assert cost_anomaly.desired_monitor(params())["monitor_dimension"] == "SERVICE"
    assert cost_anomaly.desired_monitor(params(monitor_type="CUSTOM", monitor_specification=STACK))["monitor_dimension"] is None


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"monitor_type": "CUSTOM"}, "monitor_specification is required"),
        ({"monitor_type": "CUSTOM", "monitor_specification": STACK, "monitor_dimension": "SERVICE"}, "monitor_dimension"),
        ({"monitor_specification": STACK}, "monitor_specification is not allowed"),
        ({"monitor_dimension": "TAG"}, "monitor_specification is required with monitor_dimension=TAG"),
        ({"monitor_type": "CUSTOM", "monitor_specification": {"Tags": {"Key": "a"}, "Dimensions": {"Key": "SERVICE"}}}, "monitor_specification must"),
        ({"monitor_type": "CUSTOM", "monitor_specification": {"Tag": {"Key": "a"}}}, "unknown key Tag"),
        ({"monitor_type": "CUSTOM", "monitor_specification": {"Tags": {"Key": "a", "MatchOptions": ["LIKE"]}}}, "MatchOptions"),
        ({"monitor_type": "CUSTOM", "monitor_specification": {"Or": [STACK]}}, "at least two"),
        ({"name": " "}, "name must"),
        ({"monitor_arn": "arn:aws:ce::123456789012:costcategory/abc"}, "monitor_arn"),
        ({"tags": {"aws:owner": "x"}}, "tags"),
    ],
)
def test_validation_names_the_option(overrides: dict[str, Any], option: str) -> None:
    errors = cost_anomaly.validate_monitor_params(params(**overrides))
    assert any(option in error for error in errors), errors


def test_absent_needs_no_monitor_settings() -> None:
    assert cost_anomaly.validate_monitor_params(params(state="absent", monitor_type="CUSTOM")) == []


def test_immutable_changes_ignore_empty_members_and_the_name() -> None:
    current = {"monitor_name": "a", "monitor_type": "CUSTOM", "monitor_dimension": None, "monitor_specification": {"Tags": {"Key": "k", "Values": []}}}
    desired = {"monitor_name": "b", "monitor_type": "CUSTOM", "monitor_dimension": None, "monitor_specification": {"Tags": {"Key": "k"}}}
    assert cost_anomaly.immutable_changes(current, desired) == []
    assert cost_anomaly.immutable_changes(current, {**desired, "monitor_type": "DIMENSIONAL", "monitor_dimension": "SERVICE"}) == [
        "monitor_type",
        "monitor_dimension",
    ]


# Create


def test_create_a_service_monitor_with_tags(aws: Emulator) -> None:
    result = monitor(aws, {"name": "services", "tags": {"webstack:stack": "webstack"}})

    assert not result.failed, result.out
    assert result.changed
    [created] = monitors(aws)
    assert (created["MonitorName"], created["MonitorType"], created["MonitorDimension"]) == ("services", "DIMENSIONAL", "SERVICE")
    assert "MonitorSpecification" not in created
    assert tags_of(aws, created["MonitorArn"]) == {"webstack:stack": "webstack"}
    out = result.out["monitor"]
    assert out["monitor_arn"] == created["MonitorArn"]
    assert (out["monitor_type"], out["monitor_dimension"], out["tags"]) == ("DIMENSIONAL", "SERVICE", {"webstack:stack": "webstack"})
    assert result.out["diff"] == {"before": {}, "after": out}
    assert aws.calls().mutating == ["ce:CreateAnomalyMonitor"]


def test_create_a_custom_monitor_keeps_the_specification_in_camel_case(aws: Emulator) -> None:
    result = monitor(aws, custom())

    assert not result.failed, result.out
    assert result.out["monitor"]["monitor_specification"] == STACK
    assert result.out["monitor"]["monitor_dimension"] is None
    assert monitors(aws)[0]["MonitorSpecification"] == STACK


def test_create_a_tag_dimension_monitor(aws: Emulator) -> None:
    specification = {"Tags": {"Key": "webstack:environment"}}
    result = monitor(aws, {"name": "by-environment", "monitor_dimension": "TAG", "monitor_specification": specification})

    assert not result.failed, result.out
    assert (monitors(aws)[0]["MonitorDimension"], monitors(aws)[0]["MonitorSpecification"]) == ("TAG", specification)


# Idempotence and check mode


@pytest.mark.parametrize("args", [{"name": "services", "tags": {"a": "1"}}, custom(tags={"a": "1"})])
def test_second_run_changes_nothing_and_calls_nothing_mutating(aws: Emulator, args: dict[str, Any]) -> None:
    first = monitor(aws, args)
    aws.clear_calls()

    again = monitor(aws, args)

    assert not again.failed, again.out
    assert not again.changed
    assert aws.calls().mutating == []
    assert again.out["monitor"]["monitor_arn"] == first.out["monitor"]["monitor_arn"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_reports_the_create_and_creates_nothing(aws: Emulator) -> None:
    result = monitor(aws, custom(tags={"a": "1"}), check_mode=True)

    assert not result.failed, result.out
    assert result.changed
    assert monitors(aws) == []
    assert aws.calls().mutating == []
    assert result.out["diff"]["after"] == {
        "monitor_name": "stack",
        "monitor_type": "CUSTOM",
        "monitor_dimension": None,
        "monitor_specification": STACK,
        "tags": {"a": "1"},
    }


def test_check_mode_on_a_converged_monitor_reports_no_change(aws: Emulator) -> None:
    monitor(aws, custom())
    aws.clear_calls()

    result = monitor(aws, custom(), check_mode=True)

    assert not result.changed
    assert aws.calls().mutating == []


# Tags and name change in place


def test_tags_change_in_place(aws: Emulator) -> None:
    created = monitor(aws, {"name": "services", "tags": {"keep": "1", "drop": "2"}})
    aws.clear_calls()

    result = monitor(aws, {"name": "services", "tags": {"keep": "1", "add": "3"}})

    assert result.changed
    arn = created.out["monitor"]["monitor_arn"]
    assert tags_of(aws, arn) == {"keep": "1", "add": "3"}
    assert result.out["monitor"]["tags"] == {"keep": "1", "add": "3"}
    assert result.out["diff"]["before"]["tags"] == {"keep": "1", "drop": "2"}
    assert aws.calls().mutating == ["ce:UntagResource", "ce:TagResource"]


def test_tags_without_purge_are_added_and_no_tags_leaves_them(aws: Emulator) -> None:
    created = monitor(aws, {"name": "services", "tags": {"keep": "1"}})
    arn = created.out["monitor"]["monitor_arn"]

    monitor(aws, {"name": "services", "tags": {"add": "2"}, "purge_tags": False})
    aws.clear_calls()
    untouched = monitor(aws, {"name": "services"})

    assert tags_of(aws, arn) == {"keep": "1", "add": "2"}
    assert not untouched.changed and aws.calls().mutating == []


def test_check_mode_tag_change_changes_nothing(aws: Emulator) -> None:
    created = monitor(aws, {"name": "services", "tags": {"a": "1"}})
    aws.clear_calls()

    result = monitor(aws, {"name": "services", "tags": {"a": "2"}}, check_mode=True)

    assert result.changed
    assert result.out["diff"]["after"]["tags"] == {"a": "2"}
    assert aws.calls().mutating == []
    assert tags_of(aws, created.out["monitor"]["monitor_arn"]) == {"a": "1"}


def test_rename_by_arn_updates_in_place(aws: Emulator) -> None:
    arn = monitor(aws, {"name": "services"}).out["monitor"]["monitor_arn"]
    aws.clear_calls()

    result = monitor(aws, {"name": "all-services", "monitor_arn": arn})

    assert result.changed
    assert [(m["MonitorArn"], m["MonitorName"]) for m in monitors(aws)] == [(arn, "all-services")]
    assert aws.calls().mutating == ["ce:UpdateAnomalyMonitor"]
    assert (result.out["diff"]["before"]["monitor_name"], result.out["diff"]["after"]["monitor_name"]) == ("services", "all-services")


def test_an_unknown_monitor_arn_fails(aws: Emulator) -> None:
    result = monitor(aws, {"name": "x", "monitor_arn": "arn:aws:ce::123456789012:anomalymonitor/0000-1111"})

    assert result.failed
    assert "monitor_arn" in result.out["msg"]
    assert aws.calls().mutating == []


def test_two_monitors_with_the_name_fail_and_ask_for_the_arn(aws: Emulator) -> None:
    for name in ("twin", "twin"):
        aws.client("ce").create_anomaly_monitor(AnomalyMonitor={"MonitorName": name, "MonitorType": "DIMENSIONAL", "MonitorDimension": "SERVICE"})
    aws.clear_calls()

    result = monitor(aws, {"name": "twin"})

    assert result.failed
    assert "monitor_arn" in result.out["msg"]
    assert aws.calls().mutating == []


# Replacement


def test_a_changed_specification_fails_without_replace(aws: Emulator) -> None:
    arn = monitor(aws, custom()).out["monitor"]["monitor_arn"]
    aws.clear_calls()

    result = monitor(aws, custom(monitor_specification=OTHER_STACK))

    assert result.failed
    assert "replace=true" in result.out["msg"] and "monitor_specification" in result.out["msg"]
    assert aws.calls().mutating == []
    assert [m["MonitorArn"] for m in monitors(aws)] == [arn]


def test_a_changed_type_fails_without_replace(aws: Emulator) -> None:
    monitor(aws, custom())
    aws.clear_calls()

    result = monitor(aws, {"name": "stack"})

    assert result.failed
    assert "monitor_type" in result.out["msg"]
    assert aws.calls().mutating == []


def test_replace_creates_moves_subscriptions_and_deletes(aws: Emulator) -> None:
    old = monitor(aws, custom(tags={"a": "1"})).out["monitor"]["monitor_arn"]
    ce = aws.client("ce")
    subscription = ce.create_anomaly_subscription(
        AnomalySubscription={
            "SubscriptionName": "daily",
            "MonitorArnList": [old],
            "Subscribers": [EMAIL],
            "Frequency": "DAILY",
            "ThresholdExpression": THRESHOLD,
        }
    )["SubscriptionArn"]
    aws.clear_calls()

    result = monitor(aws, custom(monitor_specification=OTHER_STACK, replace=True))

    assert not result.failed, result.out
    assert result.changed
    [new] = monitors(aws)
    assert new["MonitorArn"] != old and new["MonitorSpecification"] == OTHER_STACK
    assert tags_of(aws, new["MonitorArn"]) == {"a": "1"}
    assert ce.get_anomaly_subscriptions()["AnomalySubscriptions"][0]["MonitorArnList"] == [new["MonitorArn"]]
    assert (result.out["replaced_monitor_arn"], result.out["moved_subscription_arns"]) == (old, [subscription])
    assert aws.calls().mutating == ["ce:CreateAnomalyMonitor", "ce:UpdateAnomalySubscription", "ce:DeleteAnomalyMonitor"]


def test_check_mode_replace_changes_nothing(aws: Emulator) -> None:
    old = monitor(aws, custom()).out["monitor"]["monitor_arn"]
    aws.clear_calls()

    result = monitor(aws, custom(monitor_specification=OTHER_STACK, replace=True), check_mode=True)

    assert result.changed
    assert result.out["diff"]["after"]["monitor_specification"] == OTHER_STACK
    assert aws.calls().mutating == []
    assert [m["MonitorArn"] for m in monitors(aws)] == [old]


# Absent


def test_absent_deletes_and_twice_is_a_no_op(aws: Emulator) -> None:
    monitor(aws, custom())
    aws.clear_calls()

    first = monitor(aws, {"name": "stack", "state": "absent"})
    second = monitor(aws, {"name": "stack", "state": "absent"})

    assert first.changed and not second.changed
    assert first.out["diff"]["before"]["monitor_name"] == "stack"
    assert monitors(aws) == []
    assert aws.calls().mutating == ["ce:DeleteAnomalyMonitor"]


def test_check_mode_absent_deletes_nothing(aws: Emulator) -> None:
    monitor(aws, custom())
    aws.clear_calls()

    result = monitor(aws, {"name": "stack", "state": "absent"}, check_mode=True)

    assert result.changed
    assert len(monitors(aws)) == 1
    assert aws.calls().mutating == []


# Bad input


@pytest.mark.parametrize(
    ("args", "option"),
    [
        ({"name": "x", "monitor_type": "CUSTOM"}, "monitor_specification"),
        ({"name": "x", "monitor_specification": STACK}, "monitor_specification"),
        ({"name": "x", "monitor_type": "CUSTOM", "monitor_specification": {"Nope": {}}}, "monitor_specification"),
        ({"name": "x", "monitor_type": "SOMETIMES"}, "monitor_type"),
        ({"name": "x", "monitor_dimension": "REGION"}, "monitor_dimension"),
        ({"name": "x", "monitor_arn": "not-an-arn"}, "monitor_arn"),
    ],
)
def test_bad_input_fails_naming_the_option_and_calls_nothing(aws: Emulator, args: dict[str, Any], option: str) -> None:
    result = monitor(aws, args)

    assert result.failed
    assert option in result.out["msg"]
    assert aws.calls().calls == []


def test_a_monitor_just_made_is_read_back_while_cost_explorer_settles(aws: Emulator) -> None:
    aws.faults(seed=3, consistency_s=1)
    result = monitor(aws, custom())
    assert not result.failed, result.out
    assert any(fault.startswith("not_found ce:") for fault in aws.calls().faults), "the read after the create met the propagation delay"
    assert [m["MonitorArn"] for m in monitors(aws)] == [result.out["monitor"]["monitor_arn"]]
