"""Checks of the Cost Anomaly Detection fixes (webstack_emulator/extensions/ce_anomaly.py), one per fixed operation."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

ACCOUNT = "123456789012"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:cost-alerts"
STACK_TAG = {"Tags": {"Key": "webstack:stack", "Values": ["webstack"], "MatchOptions": ["EQUALS"]}}


def absolute(value: str) -> dict[str, Any]:
    return {"Dimensions": {"Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE", "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": [value]}}


def percentage(value: str) -> dict[str, Any]:
    return {"Dimensions": {"Key": "ANOMALY_TOTAL_IMPACT_PERCENTAGE", "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": [value]}}


def service_monitor(aws: Emulator, name: str = "services", **extra: Any) -> str:
    """A DIMENSIONAL SERVICE monitor; its ARN."""
    return aws.client("ce").create_anomaly_monitor(AnomalyMonitor={"MonitorName": name, "MonitorType": "DIMENSIONAL", "MonitorDimension": "SERVICE"}, **extra)[
        "MonitorArn"
    ]


def custom_monitor(aws: Emulator, name: str = "stack", **extra: Any) -> str:
    """A CUSTOM monitor of the webstack:stack tag; its ARN."""
    return aws.client("ce").create_anomaly_monitor(AnomalyMonitor={"MonitorName": name, "MonitorType": "CUSTOM", "MonitorSpecification": STACK_TAG}, **extra)[
        "MonitorArn"
    ]


def email_subscription(aws: Emulator, monitor_arns: list[str], name: str = "daily", **extra: Any) -> str:
    """A DAILY subscription to one email address with an absolute threshold of 100; its ARN."""
    subscription = {
        "SubscriptionName": name,
        "MonitorArnList": monitor_arns,
        "Subscribers": [{"Type": "EMAIL", "Address": "ops@example.com"}],
        "Frequency": "DAILY",
        "ThresholdExpression": absolute("100"),
    }
    return aws.client("ce").create_anomaly_subscription(AnomalySubscription=subscription, **extra)["SubscriptionArn"]


def monitors(aws: Emulator) -> dict[str, dict[str, Any]]:
    return {m["MonitorArn"]: m for m in aws.client("ce").get_paginator("get_anomaly_monitors").paginate().build_full_result()["AnomalyMonitors"]}


def subscriptions(aws: Emulator) -> dict[str, dict[str, Any]]:
    pages = aws.client("ce").get_paginator("get_anomaly_subscriptions").paginate()
    return {s["SubscriptionArn"]: s for s in pages.build_full_result()["AnomalySubscriptions"]}


def tags(aws: Emulator, arn: str) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in aws.client("ce").list_tags_for_resource(ResourceArn=arn)["ResourceTags"]}


def error_code(error: pytest.ExceptionInfo[ClientError]) -> str:
    return error.value.response["Error"]["Code"]


@check("ce", "CreateAnomalyMonitor")
def create_a_custom_monitor_with_tags(aws: Emulator) -> dict[str, Any]:
    response = aws.client("ce").create_anomaly_monitor(
        AnomalyMonitor={"MonitorName": "stack", "MonitorType": "CUSTOM", "MonitorSpecification": STACK_TAG},
        ResourceTags=[{"Key": "team", "Value": "web"}],
    )
    assert response["MonitorArn"].startswith(f"arn:aws:ce::{ACCOUNT}:anomalymonitor/")
    assert monitors(aws)[response["MonitorArn"]]["MonitorSpecification"] == STACK_TAG
    assert tags(aws, response["MonitorArn"]) == {"team": "web"}
    return response


@check("ce", "GetAnomalyMonitors")
def get_monitors_by_arn(aws: Emulator) -> dict[str, Any]:
    services = service_monitor(aws)
    custom_monitor(aws)
    response = aws.client("ce").get_anomaly_monitors(MonitorArnList=[services])
    [monitor] = response["AnomalyMonitors"]
    assert (monitor["MonitorArn"], monitor["MonitorType"], monitor["MonitorDimension"], monitor["DimensionalValueCount"]) == (
        services,
        "DIMENSIONAL",
        "SERVICE",
        0,
    )
    return response


@check("ce", "UpdateAnomalyMonitor")
def rename_a_monitor(aws: Emulator) -> dict[str, Any]:
    arn = service_monitor(aws)
    response = aws.client("ce").update_anomaly_monitor(MonitorArn=arn, MonitorName="renamed")
    assert response["MonitorArn"] == arn
    assert monitors(aws)[arn]["MonitorName"] == "renamed"
    return response


@check("ce", "DeleteAnomalyMonitor")
def delete_a_monitor(aws: Emulator) -> dict[str, Any]:
    arn = service_monitor(aws)
    response = aws.client("ce").delete_anomaly_monitor(MonitorArn=arn)
    assert monitors(aws) == {}
    with pytest.raises(ClientError) as error:
        aws.client("ce").delete_anomaly_monitor(MonitorArn=arn)
    assert error_code(error) == "UnknownMonitorException"
    return response


@check("ce", "CreateAnomalySubscription")
def create_a_subscription_with_a_threshold_expression(aws: Emulator) -> dict[str, Any]:
    monitor = service_monitor(aws)
    response = aws.client("ce").create_anomaly_subscription(
        AnomalySubscription={
            "SubscriptionName": "immediate",
            "MonitorArnList": [monitor],
            "Subscribers": [{"Type": "SNS", "Address": TOPIC}],
            "Frequency": "IMMEDIATE",
            "ThresholdExpression": {"And": [absolute("100"), percentage("20")]},
        },
        ResourceTags=[{"Key": "team", "Value": "web"}],
    )
    subscription = subscriptions(aws)[response["SubscriptionArn"]]
    assert response["SubscriptionArn"].startswith(f"arn:aws:ce::{ACCOUNT}:anomalysubscription/")
    assert subscription["ThresholdExpression"] == {"And": [absolute("100.0"), percentage("20.0")]}
    assert tags(aws, response["SubscriptionArn"]) == {"team": "web"}
    return response


@check("ce", "GetAnomalySubscriptions")
def get_the_subscriptions_of_a_monitor(aws: Emulator) -> dict[str, Any]:
    first, second = service_monitor(aws), custom_monitor(aws)
    mine = email_subscription(aws, [first, second], "both")
    email_subscription(aws, [second], "other")
    response = aws.client("ce").get_anomaly_subscriptions(MonitorArn=first)
    [subscription] = response["AnomalySubscriptions"]
    assert (subscription["SubscriptionArn"], subscription["AccountId"], subscription["MonitorArnList"]) == (mine, ACCOUNT, [first, second])
    assert subscription["Subscribers"] == [{"Type": "EMAIL", "Address": "ops@example.com", "Status": "CONFIRMED"}]
    return response


@check("ce", "UpdateAnomalySubscription")
def update_only_the_threshold(aws: Emulator) -> dict[str, Any]:
    arn = email_subscription(aws, [service_monitor(aws)])
    response = aws.client("ce").update_anomaly_subscription(SubscriptionArn=arn, ThresholdExpression=absolute("250"))
    subscription = subscriptions(aws)[arn]
    assert (subscription["ThresholdExpression"], subscription["Frequency"], subscription["SubscriptionName"]) == (absolute("250.0"), "DAILY", "daily")
    return response


@check("ce", "DeleteAnomalySubscription")
def delete_a_subscription(aws: Emulator) -> dict[str, Any]:
    arn = email_subscription(aws, [service_monitor(aws)])
    response = aws.client("ce").delete_anomaly_subscription(SubscriptionArn=arn)
    assert subscriptions(aws) == {}
    return response


@check("ce", "GetAnomalies")
def no_anomalies(aws: Emulator) -> dict[str, Any]:
    response = aws.client("ce").get_anomalies(MonitorArn=service_monitor(aws), DateInterval={"StartDate": "2025-01-01", "EndDate": "2025-01-31"})
    assert response["Anomalies"] == []
    return response


@check("ce", "TagResource")
def tag_a_monitor(aws: Emulator) -> dict[str, Any]:
    arn = service_monitor(aws, ResourceTags=[{"Key": "a", "Value": "1"}])
    response = aws.client("ce").tag_resource(ResourceArn=arn, ResourceTags=[{"Key": "b", "Value": "2"}])
    assert tags(aws, arn) == {"a": "1", "b": "2"}
    aws.client("ce").delete_anomaly_monitor(MonitorArn=arn)
    with pytest.raises(ClientError) as error:
        aws.client("ce").tag_resource(ResourceArn=arn, ResourceTags=[{"Key": "b", "Value": "2"}])
    assert error_code(error) == "ResourceNotFoundException"
    return response


@check("ce", "UntagResource")
def untag_a_subscription(aws: Emulator) -> dict[str, Any]:
    arn = email_subscription(aws, [service_monitor(aws)], ResourceTags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    response = aws.client("ce").untag_resource(ResourceArn=arn, ResourceTagKeys=["a"])
    assert tags(aws, arn) == {"b": "2"}
    return response


@check("ce", "ListTagsForResource")
def list_tags_of_a_deleted_monitor(aws: Emulator) -> dict[str, Any]:
    arn = service_monitor(aws, ResourceTags=[{"Key": "a", "Value": "1"}])
    response = aws.client("ce").list_tags_for_resource(ResourceArn=arn)
    assert response["ResourceTags"] == [{"Key": "a", "Value": "1"}]
    aws.client("ce").delete_anomaly_monitor(MonitorArn=arn)
    with pytest.raises(ClientError) as error:
        aws.client("ce").list_tags_for_resource(ResourceArn=arn)
    assert error_code(error) == "ResourceNotFoundException"
    return response
