"""cost_anomaly_subscription, its pure rules and end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.module_utils import cost_anomaly
from ansible_collections.webstack.aws.plugins.module_utils import retries
from ansible_collections.webstack.aws.plugins.modules import cost_anomaly_subscription

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

MONITOR = "arn:aws:ce::123456789012:anomalymonitor/0123abcd-4567-89ef-0123-456789abcdef"
TOPIC = "arn:aws:sns:us-east-1:123456789012:cost-alerts"
OPS = {"type": "EMAIL", "address": "ops@example.com"}
FINANCE = {"type": "EMAIL", "address": "finance@example.com"}


def absolute(value: str) -> dict[str, Any]:
    return {"Dimensions": {"Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE", "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": [value]}}


def percentage(value: str) -> dict[str, Any]:
    return {"Dimensions": {"Key": "ANOMALY_TOTAL_IMPACT_PERCENTAGE", "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": [value]}}


def params(**overrides: Any) -> dict[str, Any]:
    base = {
        "name": "daily",
        "subscription_arn": None,
        "state": "present",
        "monitor_arns": [MONITOR],
        "frequency": "DAILY",
        "subscribers": [OPS],
        "threshold_expression": None,
        "threshold_absolute": 100.0,
        "threshold_percentage": None,
        "tags": None,
        "purge_tags": True,
    }
    return {**base, **overrides}


@dataclass
class World:
    aws: Emulator
    monitor_arn: str
    other_monitor_arn: str

    def subscription(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(cost_anomaly_subscription.main, self.aws, args, check_mode)

    def daily(self, **overrides: Any) -> dict[str, Any]:
        return {"name": "daily", "monitor_arns": [self.monitor_arn], "subscribers": [OPS], "threshold_absolute": 100, **overrides}

    def subscriptions(self) -> list[dict[str, Any]]:
        return self.aws.client("ce").get_anomaly_subscriptions()["AnomalySubscriptions"]

    def tags_of(self, arn: str) -> dict[str, str]:
        return {t["Key"]: t["Value"] for t in self.aws.client("ce").list_tags_for_resource(ResourceArn=arn)["ResourceTags"]}


@pytest.fixture
def world(aws: Emulator) -> World:
    """Two monitors; the call log starts empty."""
    ce = aws.client("ce")
    arns = [
        ce.create_anomaly_monitor(AnomalyMonitor={"MonitorName": name, "MonitorType": "DIMENSIONAL", "MonitorDimension": "SERVICE"})["MonitorArn"]
        for name in ("services", "services-2")
    ]
    aws.clear_calls()
    return World(aws, *arns)


# Pure rules


def test_simple_thresholds_become_a_threshold_expression() -> None:
    assert cost_anomaly.threshold_expression(params()) == absolute("100")
    assert cost_anomaly.threshold_expression(params(threshold_absolute=None, threshold_percentage=12.5)) == percentage("12.5")
    assert cost_anomaly.threshold_expression(params(threshold_percentage=20)) == {"And": [absolute("100"), percentage("20")]}
    assert cost_anomaly.threshold_expression(params(threshold_absolute=None, threshold_expression=absolute("7"))) == absolute("7")


def test_thresholds_compare_as_numbers_and_members_in_any_order() -> None:
    current = {"ThresholdExpression": {"And": [percentage("20.0"), absolute("100.0")]}}
    assert cost_anomaly.comparable_threshold(current["ThresholdExpression"]) == cost_anomaly.comparable_threshold({"And": [absolute("100"), percentage("20")]})
    assert cost_anomaly.comparable_threshold(absolute("100.0")) != cost_anomaly.comparable_threshold(absolute("100.5"))
    assert cost_anomaly.current_threshold({"Threshold": 100.0}) == absolute("100")


def test_subscription_update_sends_only_what_differs() -> None:
    current = {
        "SubscriptionName": "daily",
        "MonitorArnList": ["b", "a"],
        "Subscribers": [{"Type": "EMAIL", "Address": "y@example.com", "Status": "CONFIRMED"}, {"Type": "EMAIL", "Address": "x@example.com"}],
        "Frequency": "DAILY",
        "ThresholdExpression": absolute("100.0"),
    }
    desired = {
        "SubscriptionName": "daily",
        "MonitorArnList": ["a", "b"],
        "Subscribers": [{"Type": "EMAIL", "Address": "x@example.com"}, {"Type": "EMAIL", "Address": "y@example.com"}],
        "Frequency": "DAILY",
        "ThresholdExpression": absolute("100"),
    }
    assert cost_anomaly.subscription_update(current, desired) == {}
    assert cost_anomaly.subscription_update(current, {**desired, "Frequency": "WEEKLY", "ThresholdExpression": absolute("5")}) == {
        "Frequency": "WEEKLY",
        "ThresholdExpression": absolute("5"),
    }


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"monitor_arns": None}, "monitor_arns"),
        ({"monitor_arns": ["arn:aws:ce::123456789012:costcategory/x"]}, "monitor_arns"),
        ({"subscribers": None}, "subscribers"),
        ({"subscribers": [{"type": "SNS", "address": TOPIC}]}, "frequency=DAILY notifies EMAIL"),
        ({"frequency": "IMMEDIATE"}, "frequency=IMMEDIATE notifies SNS"),
        ({"frequency": "IMMEDIATE", "subscribers": [{"type": "SNS", "address": TOPIC}, {"type": "SNS", "address": TOPIC + "-2"}]}, "one SNS topic"),
        ({"frequency": "IMMEDIATE", "subscribers": [{"type": "SNS", "address": "cost-alerts"}]}, "SNS topic ARN"),
        ({"subscribers": [{"type": "EMAIL", "address": "ops@"}]}, "email address"),
        ({"subscribers": [OPS, OPS]}, "once"),
        ({"subscribers": [{"type": "EMAIL", "address": f"u{i}@example.com"} for i in range(11)]}, "at most 10"),
        ({"threshold_absolute": None}, "threshold_expression, threshold_absolute or threshold_percentage"),
        ({"threshold_expression": absolute("1")}, "mutually exclusive"),
        ({"threshold_absolute": -1.0}, "threshold_absolute"),
        ({"threshold_absolute": None, "threshold_percentage": -5.0}, "threshold_percentage"),
        (
            {
                "threshold_absolute": None,
                "threshold_expression": {"Dimensions": {"Key": "SERVICE", "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": ["1"]}},
            },
            "Key",
        ),
        ({"threshold_absolute": None, "threshold_expression": {"Dimensions": {"Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE", "Values": ["1"]}}}, "MatchOptions"),
        ({"threshold_absolute": None, "threshold_expression": absolute("lots")}, "Values"),
        ({"threshold_absolute": None, "threshold_expression": {"Not": absolute("1")}}, "threshold_expression may use only"),
        ({"name": ""}, "name"),
        ({"subscription_arn": "arn:aws:ce::123456789012:anomalymonitor/x"}, "subscription_arn"),
    ],
)
def test_validation_names_the_option(overrides: dict[str, Any], option: str) -> None:
    errors = cost_anomaly.validate_subscription_params(params(**overrides))
    assert any(option in error for error in errors), errors


def test_valid_options_pass() -> None:
    assert cost_anomaly.validate_subscription_params(params()) == []
    assert cost_anomaly.validate_subscription_params(params(frequency="IMMEDIATE", subscribers=[{"type": "SNS", "address": TOPIC}])) == []
    assert cost_anomaly.validate_subscription_params(params(state="absent", monitor_arns=None, subscribers=None, threshold_absolute=None)) == []


# Create


def test_create_a_daily_email_subscription_with_tags(world: World) -> None:
    result = world.subscription(world.daily(tags={"webstack:stack": "webstack"}))

    assert not result.failed, result.out
    assert result.changed
    [created] = world.subscriptions()
    assert (created["SubscriptionName"], created["Frequency"], created["MonitorArnList"]) == ("daily", "DAILY", [world.monitor_arn])
    assert created["ThresholdExpression"] == absolute("100.0")
    assert [(s["Type"], s["Address"]) for s in created["Subscribers"]] == [("EMAIL", "ops@example.com")]
    assert world.tags_of(created["SubscriptionArn"]) == {"webstack:stack": "webstack"}
    out = result.out["subscription"]
    assert out["subscription_arn"] == created["SubscriptionArn"]
    assert out["threshold_expression"] == absolute("100.0")
    assert out["tags"] == {"webstack:stack": "webstack"}
    assert result.out["diff"] == {"before": {}, "after": out}
    assert world.aws.calls().mutating == ["ce:CreateAnomalySubscription"]


def test_create_an_immediate_sns_subscription_with_both_thresholds(world: World) -> None:
    result = world.subscription(world.daily(name="immediate", frequency="IMMEDIATE", subscribers=[{"type": "SNS", "address": TOPIC}], threshold_percentage=20))

    assert not result.failed, result.out
    [created] = world.subscriptions()
    assert created["ThresholdExpression"] == {"And": [absolute("100.0"), percentage("20.0")]}
    assert created["Frequency"] == "IMMEDIATE"


def test_an_unknown_monitor_fails_with_the_aws_error(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # The module waits out UnknownMonitorException (a monitor made a moment before); shorten that backoff.
    monkeypatch.setattr(retries, "MAX_DELAY", 0.1)
    monkeypatch.setattr(retries, "DELAY", 0.01)

    result = world.subscription(world.daily(monitor_arns=[MONITOR]))

    assert result.failed
    assert "UnknownMonitorException" in str(result.out)
    assert world.subscriptions() == []


# Idempotence and check mode


@pytest.mark.parametrize(
    "overrides",
    [
        {"tags": {"a": "1"}},
        {"threshold_absolute": None, "threshold_expression": {"Or": [absolute("500"), percentage("50")]}},
        {"threshold_percentage": 12.5, "subscribers": [FINANCE, OPS]},
    ],
)
def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World, overrides: dict[str, Any]) -> None:
    args = world.daily(monitor_arns=[world.monitor_arn, world.other_monitor_arn], **overrides)
    first = world.subscription(args)
    world.aws.clear_calls()

    again = world.subscription(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["subscription"]["subscription_arn"] == first.out["subscription"]["subscription_arn"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    result = world.subscription(world.daily(tags={"a": "1"}), check_mode=True)

    assert not result.failed, result.out
    assert result.changed
    assert world.subscriptions() == []
    assert world.aws.calls().mutating == []
    after = result.out["diff"]["after"]
    assert (after["subscription_name"], after["threshold_expression"], after["tags"]) == ("daily", absolute("100"), {"a": "1"})


def test_check_mode_on_a_converged_subscription_reports_no_change(world: World) -> None:
    world.subscription(world.daily())
    world.aws.clear_calls()

    result = world.subscription(world.daily(), check_mode=True)

    assert not result.changed
    assert world.aws.calls().mutating == []


# Update


def test_update_sends_only_what_differs(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    arn = world.subscription(world.daily()).out["subscription"]["subscription_arn"]
    sent: list[dict[str, Any]] = []
    real = cost_anomaly_subscription.SubscriptionManager.call

    def spy(self: Any, what: str, operation: str, settling: bool = False, **call_params: Any) -> dict[str, Any]:
        if operation == "update_anomaly_subscription":
            sent.append(call_params)
        return real(self, what, operation, settling, **call_params)

    monkeypatch.setattr(cost_anomaly_subscription.SubscriptionManager, "call", spy)
    world.aws.clear_calls()

    result = world.subscription(world.daily(threshold_absolute=250, subscribers=[OPS, FINANCE]))

    assert result.changed
    assert sent == [
        {
            "SubscriptionArn": arn,
            "Subscribers": [{"Type": "EMAIL", "Address": "ops@example.com"}, {"Type": "EMAIL", "Address": "finance@example.com"}],
            "ThresholdExpression": absolute("250"),
        }
    ]
    [updated] = world.subscriptions()
    assert updated["ThresholdExpression"] == absolute("250.0")
    assert result.out["diff"]["before"]["threshold_expression"] == absolute("100.0")
    assert result.out["diff"]["after"]["threshold_expression"] == absolute("250.0")
    assert world.aws.calls().mutating == ["ce:UpdateAnomalySubscription"]


def test_update_frequency_and_subscribers_together(world: World) -> None:
    world.subscription(world.daily())

    result = world.subscription(world.daily(frequency="IMMEDIATE", subscribers=[{"type": "SNS", "address": TOPIC}]))

    assert not result.failed, result.out
    [updated] = world.subscriptions()
    assert (updated["Frequency"], [s["Type"] for s in updated["Subscribers"]]) == ("IMMEDIATE", ["SNS"])


def test_update_monitors(world: World) -> None:
    world.subscription(world.daily())

    result = world.subscription(world.daily(monitor_arns=[world.other_monitor_arn]))

    assert result.changed
    assert world.subscriptions()[0]["MonitorArnList"] == [world.other_monitor_arn]


def test_rename_by_arn(world: World) -> None:
    arn = world.subscription(world.daily()).out["subscription"]["subscription_arn"]

    result = world.subscription(world.daily(name="renamed", subscription_arn=arn))

    assert result.changed
    assert [(s["SubscriptionArn"], s["SubscriptionName"]) for s in world.subscriptions()] == [(arn, "renamed")]


def test_check_mode_update_changes_nothing(world: World) -> None:
    world.subscription(world.daily())
    world.aws.clear_calls()

    result = world.subscription(world.daily(frequency="WEEKLY"), check_mode=True)

    assert result.changed
    assert result.out["diff"]["after"]["frequency"] == "WEEKLY"
    assert world.aws.calls().mutating == []
    assert world.subscriptions()[0]["Frequency"] == "DAILY"


# Tags


def test_tags_change_in_place(world: World) -> None:
    arn = world.subscription(world.daily(tags={"keep": "1", "drop": "2"})).out["subscription"]["subscription_arn"]
    world.aws.clear_calls()

    result = world.subscription(world.daily(tags={"keep": "1", "add": "3"}))

    assert result.changed
    assert world.tags_of(arn) == {"keep": "1", "add": "3"}
    assert result.out["diff"]["before"]["tags"] == {"keep": "1", "drop": "2"}
    assert world.aws.calls().mutating == ["ce:UntagResource", "ce:TagResource"]


def test_tags_without_purge_are_added(world: World) -> None:
    arn = world.subscription(world.daily(tags={"keep": "1"})).out["subscription"]["subscription_arn"]

    world.subscription(world.daily(tags={"add": "2"}, purge_tags=False))

    assert world.tags_of(arn) == {"keep": "1", "add": "2"}


# Absent


def test_absent_deletes_and_twice_is_a_no_op(world: World) -> None:
    world.subscription(world.daily())
    world.aws.clear_calls()

    first = world.subscription({"name": "daily", "state": "absent"})
    second = world.subscription({"name": "daily", "state": "absent"})

    assert first.changed and not second.changed
    assert first.out["diff"]["before"]["subscription_name"] == "daily"
    assert world.subscriptions() == []
    assert world.aws.calls().mutating == ["ce:DeleteAnomalySubscription"]


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.subscription(world.daily())
    world.aws.clear_calls()

    result = world.subscription({"name": "daily", "state": "absent"}, check_mode=True)

    assert result.changed
    assert len(world.subscriptions()) == 1
    assert world.aws.calls().mutating == []


# Bad input


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"monitor_arns": []}, "monitor_arns"),
        ({"frequency": "IMMEDIATE"}, "subscribers"),
        ({"subscribers": [{"type": "EMAIL", "address": "not-an-address"}]}, "subscribers"),
        ({"subscribers": [{"type": "PAGER", "address": "ops@example.com"}]}, "type"),
        ({"threshold_absolute": None}, "threshold_"),
        ({"threshold_expression": absolute("1")}, "threshold_expression"),
        ({"frequency": "HOURLY"}, "frequency"),
    ],
)
def test_bad_input_fails_naming_the_option_and_calls_nothing(world: World, overrides: dict[str, Any], option: str) -> None:
    result = world.subscription(world.daily(**overrides))

    assert result.failed
    assert option in result.out["msg"]
    assert world.aws.calls().calls == []


def test_a_subscription_just_made_is_read_back_while_cost_explorer_settles(world: World) -> None:
    world.aws.faults(seed=3, consistency_s=1)
    result = world.subscription(world.daily())
    assert not result.failed, result.out
    assert any(fault.startswith("not_found ce:") for fault in world.aws.calls().faults), "the read after the create met the propagation delay"
    assert world.aws.calls().mutating == ["ce:CreateAnomalySubscription"]
