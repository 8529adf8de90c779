"""The behaviour around the Cost Anomaly Detection fixes: the rules AWS applies to monitors, subscriptions and their tags."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.ce_anomaly import STACK_TAG
from tests.unit.emulator.checks.ce_anomaly import TOPIC
from tests.unit.emulator.checks.ce_anomaly import absolute
from tests.unit.emulator.checks.ce_anomaly import custom_monitor
from tests.unit.emulator.checks.ce_anomaly import email_subscription
from tests.unit.emulator.checks.ce_anomaly import error_code
from tests.unit.emulator.checks.ce_anomaly import monitors
from tests.unit.emulator.checks.ce_anomaly import percentage
from tests.unit.emulator.checks.ce_anomaly import service_monitor
from tests.unit.emulator.checks.ce_anomaly import subscriptions
from tests.unit.emulator.checks.ce_anomaly import tags
from tests.unit.emulator.model import shape_errors

UNKNOWN_MONITOR = "arn:aws:ce::123456789012:anomalymonitor/00000000-0000-0000-0000-000000000000"
UNKNOWN_SUBSCRIPTION = "arn:aws:ce::123456789012:anomalysubscription/00000000-0000-0000-0000-000000000000"


def refused(call: Any, **params: Any) -> str:
    with pytest.raises(ClientError) as error:
        call(**params)
    return error_code(error)


def subscription(monitor_arns: list[str], **fields: Any) -> dict[str, Any]:
    return {
        "SubscriptionName": "s",
        "MonitorArnList": monitor_arns,
        "Subscribers": [{"Type": "EMAIL", "Address": "ops@example.com"}],
        "Frequency": "DAILY",
        "ThresholdExpression": absolute("1"),
        **fields,
    }


# Monitors


@pytest.mark.parametrize(
    "monitor",
    [
        {"MonitorType": "CUSTOM"},
        {"MonitorType": "CUSTOM", "MonitorDimension": "SERVICE", "MonitorSpecification": STACK_TAG},
        {"MonitorType": "DIMENSIONAL"},
        {"MonitorType": "DIMENSIONAL", "MonitorDimension": "SERVICE", "MonitorSpecification": STACK_TAG},
        {"MonitorType": "DIMENSIONAL", "MonitorDimension": "TAG"},
    ],
)
def test_a_monitor_aws_refuses_is_a_validation_error(aws: Emulator, monitor: dict[str, Any]) -> None:
    assert refused(aws.client("ce").create_anomaly_monitor, AnomalyMonitor={"MonitorName": "m", **monitor}) == "ValidationException"
    assert monitors(aws) == {}


def test_a_tag_dimension_monitor_keeps_its_key(aws: Emulator) -> None:
    arn = aws.client("ce").create_anomaly_monitor(
        AnomalyMonitor={"MonitorName": "m", "MonitorType": "DIMENSIONAL", "MonitorDimension": "TAG", "MonitorSpecification": {"Tags": {"Key": "env"}}}
    )["MonitorArn"]
    assert monitors(aws)[arn]["MonitorSpecification"] == {"Tags": {"Key": "env"}}


def test_a_custom_monitor_has_no_dimension(aws: Emulator) -> None:
    arn = custom_monitor(aws)
    answer = monitors(aws)[arn]
    assert "MonitorDimension" not in answer and "DimensionalValueCount" not in answer
    assert answer["CreationDate"] == answer["LastUpdatedDate"]


def test_monitors_are_paginated(aws: Emulator) -> None:
    created = [service_monitor(aws, f"m{index}") for index in range(5)]
    ce = aws.client("ce")
    first = ce.get_anomaly_monitors(MaxResults=2)
    rest = ce.get_anomaly_monitors(MaxResults=10, NextPageToken=first["NextPageToken"])
    assert [m["MonitorArn"] for m in first["AnomalyMonitors"] + rest["AnomalyMonitors"]] == created
    assert "NextPageToken" not in rest
    assert not shape_errors("ce", "GetAnomalyMonitors", first)
    assert refused(ce.get_anomaly_monitors, NextPageToken="garbage") == "InvalidNextTokenException"


def test_unknown_monitors_are_refused(aws: Emulator) -> None:
    ce = aws.client("ce")
    assert refused(ce.get_anomaly_monitors, MonitorArnList=[UNKNOWN_MONITOR]) == "UnknownMonitorException"
    assert refused(ce.update_anomaly_monitor, MonitorArn=UNKNOWN_MONITOR, MonitorName="x") == "UnknownMonitorException"
    assert refused(ce.delete_anomaly_monitor, MonitorArn=UNKNOWN_MONITOR) == "UnknownMonitorException"


def test_monitors_are_per_account_and_forgotten_on_reset(aws: Emulator) -> None:
    service_monitor(aws)
    aws.reset()
    assert monitors(aws) == {}


# Subscriptions


def test_a_subscription_needs_existing_monitors(aws: Emulator) -> None:
    ce = aws.client("ce")
    assert refused(ce.create_anomaly_subscription, AnomalySubscription=subscription([UNKNOWN_MONITOR])) == "UnknownMonitorException"
    assert subscriptions(aws) == {}


@pytest.mark.parametrize(
    "fields",
    [
        {"Frequency": "IMMEDIATE"},
        {"Subscribers": [{"Type": "SNS", "Address": TOPIC}]},
        {"Frequency": "IMMEDIATE", "Subscribers": [{"Type": "SNS", "Address": TOPIC}, {"Type": "SNS", "Address": TOPIC + "-2"}]},
        {"Subscribers": [{"Type": "EMAIL", "Address": f"u{index}@example.com"} for index in range(11)]},
        {"Subscribers": [{"Type": "EMAIL", "Address": "not-an-address"}]},
        {"Threshold": 10.0},
        {"ThresholdExpression": None},
        {"ThresholdExpression": {"Dimensions": {"Key": "SERVICE", "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": ["1"]}}},
        {"ThresholdExpression": {"Dimensions": {"Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE", "MatchOptions": ["EQUALS"], "Values": ["1"]}}},
        {"ThresholdExpression": absolute("-1")},
        {"ThresholdExpression": absolute("many")},
        {"ThresholdExpression": {"Not": absolute("1")}},
    ],
)
def test_a_subscription_aws_refuses_is_a_validation_error(aws: Emulator, fields: dict[str, Any]) -> None:
    monitor = service_monitor(aws)
    wanted = {key: value for key, value in subscription([monitor], **fields).items() if value is not None}
    assert refused(aws.client("ce").create_anomaly_subscription, AnomalySubscription=wanted) == "ValidationException"
    assert subscriptions(aws) == {}


def test_the_deprecated_threshold_reads_back_as_both(aws: Emulator) -> None:
    monitor = service_monitor(aws)
    wanted = subscription([monitor], Threshold=100)
    del wanted["ThresholdExpression"]
    arn = aws.client("ce").create_anomaly_subscription(AnomalySubscription=wanted)["SubscriptionArn"]
    answer = subscriptions(aws)[arn]
    assert (answer["Threshold"], answer["ThresholdExpression"]) == (100.0, absolute("100.0"))

    aws.client("ce").update_anomaly_subscription(SubscriptionArn=arn, ThresholdExpression=percentage("5"))
    answer = subscriptions(aws)[arn]
    assert "Threshold" not in answer and answer["ThresholdExpression"] == percentage("5.0")


def test_update_keeps_what_it_does_not_name_and_checks_the_result(aws: Emulator) -> None:
    monitor, other = service_monitor(aws), custom_monitor(aws)
    arn = email_subscription(aws, [monitor])
    ce = aws.client("ce")

    assert refused(ce.update_anomaly_subscription, SubscriptionArn=arn, Frequency="IMMEDIATE") == "ValidationException"
    assert refused(ce.update_anomaly_subscription, SubscriptionArn=arn, MonitorArnList=[UNKNOWN_MONITOR]) == "UnknownMonitorException"
    ce.update_anomaly_subscription(SubscriptionArn=arn, Frequency="IMMEDIATE", Subscribers=[{"Type": "SNS", "Address": TOPIC}], MonitorArnList=[other])

    answer = subscriptions(aws)[arn]
    assert (answer["Frequency"], answer["MonitorArnList"], answer["SubscriptionName"]) == ("IMMEDIATE", [other], "daily")
    assert answer["ThresholdExpression"] == absolute("100.0")


def test_subscriptions_filter_by_arn_and_monitor(aws: Emulator) -> None:
    monitor, other = service_monitor(aws), custom_monitor(aws)
    first = email_subscription(aws, [monitor], "first")
    email_subscription(aws, [other], "second")
    ce = aws.client("ce")
    assert [s["SubscriptionArn"] for s in ce.get_anomaly_subscriptions(SubscriptionArnList=[first])["AnomalySubscriptions"]] == [first]
    assert [s["SubscriptionName"] for s in ce.get_anomaly_subscriptions(MonitorArn=other)["AnomalySubscriptions"]] == ["second"]
    assert refused(ce.get_anomaly_subscriptions, SubscriptionArnList=[UNKNOWN_SUBSCRIPTION]) == "UnknownSubscriptionException"
    page = ce.get_anomaly_subscriptions(MaxResults=1)
    assert len(page["AnomalySubscriptions"]) == 1 and page["NextPageToken"]


def test_unknown_subscriptions_are_refused(aws: Emulator) -> None:
    ce = aws.client("ce")
    assert refused(ce.update_anomaly_subscription, SubscriptionArn=UNKNOWN_SUBSCRIPTION, Frequency="WEEKLY") == "UnknownSubscriptionException"
    assert refused(ce.delete_anomaly_subscription, SubscriptionArn=UNKNOWN_SUBSCRIPTION) == "UnknownSubscriptionException"


# Anomalies and tags


def test_get_anomalies_needs_a_valid_start_date(aws: Emulator) -> None:
    ce = aws.client("ce")
    assert ce.get_anomalies(DateInterval={"StartDate": "2025-01-01"})["Anomalies"] == []
    assert refused(ce.get_anomalies, DateInterval={"StartDate": "2025-13-01"}) == "ValidationException"


def test_tags_of_unknown_anomaly_resources_are_refused_and_other_arns_still_work(aws: Emulator) -> None:
    ce = aws.client("ce")
    for arn in (UNKNOWN_MONITOR, UNKNOWN_SUBSCRIPTION):
        assert refused(ce.tag_resource, ResourceArn=arn, ResourceTags=[{"Key": "a", "Value": "1"}]) == "ResourceNotFoundException"
        assert refused(ce.untag_resource, ResourceArn=arn, ResourceTagKeys=["a"]) == "ResourceNotFoundException"
    category = ce.create_cost_category_definition(Name="team", RuleVersion="CostCategoryExpression.v1", Rules=[{"Value": "web", "Rule": STACK_TAG}])[
        "CostCategoryArn"
    ]
    ce.tag_resource(ResourceArn=category, ResourceTags=[{"Key": "a", "Value": "1"}])
    assert tags(aws, category) == {"a": "1"}


def test_a_resource_keeps_at_most_50_tags(aws: Emulator) -> None:
    arn = service_monitor(aws, ResourceTags=[{"Key": f"k{index}", "Value": "v"} for index in range(50)])
    ce = aws.client("ce")
    assert refused(ce.tag_resource, ResourceArn=arn, ResourceTags=[{"Key": "one-more", "Value": "v"}]) == "TooManyTagsException"
    ce.tag_resource(ResourceArn=arn, ResourceTags=[{"Key": "k0", "Value": "changed"}])
    assert len(tags(aws, arn)) == 50 and tags(aws, arn)["k0"] == "changed"
