"""cost_anomaly_monitor_info, end to end through main() against the emulator."""

from __future__ import annotations

from typing import Any

from ansible_collections.webstack.aws.plugins.modules import cost_anomaly_monitor_info

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

STACK = {"Tags": {"Key": "webstack:stack", "Values": ["webstack"], "MatchOptions": ["EQUALS"]}}
THRESHOLD = {"Dimensions": {"Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE", "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": ["100"]}}


def info(aws: Emulator, args: dict[str, Any]) -> Result:
    return run(cost_anomaly_monitor_info.main, aws, args)


def make_world(aws: Emulator) -> dict[str, str]:
    """Two monitors, one subscription of both, one of the custom monitor only; their ARNs."""
    ce = aws.client("ce")
    services = ce.create_anomaly_monitor(
        AnomalyMonitor={"MonitorName": "services", "MonitorType": "DIMENSIONAL", "MonitorDimension": "SERVICE"},
        ResourceTags=[{"Key": "team", "Value": "web"}],
    )["MonitorArn"]
    stack = ce.create_anomaly_monitor(AnomalyMonitor={"MonitorName": "stack", "MonitorType": "CUSTOM", "MonitorSpecification": STACK})["MonitorArn"]

    def subscription(name: str, monitors: list[str], **extra: Any) -> str:
        return ce.create_anomaly_subscription(
            AnomalySubscription={
                "SubscriptionName": name,
                "MonitorArnList": monitors,
                "Subscribers": [{"Type": "EMAIL", "Address": "ops@example.com"}],
                "Frequency": "DAILY",
                "ThresholdExpression": THRESHOLD,
            },
            **extra,
        )["SubscriptionArn"]

    both = subscription("both", [services, stack], ResourceTags=[{"Key": "a", "Value": "1"}])
    only_stack = subscription("stack-only", [stack])
    aws.clear_calls()
    return {"services": services, "stack": stack, "both": both, "stack-only": only_stack}


def test_lists_every_monitor_with_its_subscriptions_and_tags(aws: Emulator) -> None:
    arns = make_world(aws)

    result = info(aws, {})

    assert not result.failed, result.out
    assert not result.changed
    listed = {m["monitor_name"]: m for m in result.out["monitors"]}
    assert set(listed) == {"services", "stack"}
    services, stack = listed["services"], listed["stack"]
    assert (services["monitor_arn"], services["monitor_dimension"], services["tags"]) == (arns["services"], "SERVICE", {"team": "web"})
    assert [s["subscription_arn"] for s in services["subscriptions"]] == [arns["both"]]
    assert services["subscriptions"][0]["tags"] == {"a": "1"}
    assert services["subscriptions"][0]["threshold_expression"] == {
        "Dimensions": {"Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE", "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": ["100.0"]}
    }
    assert (stack["monitor_specification"], stack["monitor_dimension"]) == (STACK, None)
    assert sorted(s["subscription_name"] for s in stack["subscriptions"]) == ["both", "stack-only"]
    assert aws.calls().mutating == []


def test_lists_only_the_named_monitor(aws: Emulator) -> None:
    arns = make_world(aws)

    result = info(aws, {"name": "services"})

    assert [m["monitor_arn"] for m in result.out["monitors"]] == [arns["services"]]
    assert [s["subscription_name"] for s in result.out["monitors"][0]["subscriptions"]] == ["both"]


def test_an_unknown_name_lists_nothing(aws: Emulator) -> None:
    make_world(aws)

    result = info(aws, {"name": "nope"})

    assert not result.failed
    assert result.out["monitors"] == []
    assert aws.calls().count("GetAnomalySubscriptions") == 0


def test_no_monitors(aws: Emulator) -> None:
    result = info(aws, {})

    assert not result.failed
    assert result.out["monitors"] == []


def test_reads_every_page(aws: Emulator) -> None:
    ce = aws.client("ce")
    for index in range(105):
        ce.create_anomaly_monitor(AnomalyMonitor={"MonitorName": f"m{index}", "MonitorType": "CUSTOM", "MonitorSpecification": STACK})
    aws.clear_calls()

    result = info(aws, {"name": "m104"})

    assert [m["monitor_name"] for m in result.out["monitors"]] == ["m104"]
    assert aws.calls().count("GetAnomalyMonitors") == 2
