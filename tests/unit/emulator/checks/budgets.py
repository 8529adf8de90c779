"""Checks of the AWS Budgets fixes (webstack_emulator/extensions/budgets.py), one per fixed operation."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

ACCOUNT = "123456789012"
NAME = "webstack-prod"
ARN = f"arn:aws:budgets::{ACCOUNT}:budget/{NAME}"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:budget-alerts"
ACTUAL_80 = {"NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN", "Threshold": 80.0, "ThresholdType": "PERCENTAGE"}
FORECAST_100 = {"NotificationType": "FORECASTED", "ComparisonOperator": "GREATER_THAN", "Threshold": 100.0, "ThresholdType": "PERCENTAGE"}
EMAIL = {"SubscriptionType": "EMAIL", "Address": "ops@example.com"}
SNS = {"SubscriptionType": "SNS", "Address": TOPIC}


def budget(name: str = NAME, amount: str = "100", **extra: Any) -> dict[str, Any]:
    return {"BudgetName": name, "BudgetLimit": {"Amount": amount, "Unit": "USD"}, "TimeUnit": "MONTHLY", "BudgetType": "COST", **extra}


def create(aws: Emulator, name: str = NAME, amount: str = "100", notifications: list[dict[str, Any]] | None = None, **extra: Any) -> None:
    """A budget with an ACTUAL 80% notification to EMAIL, unless notifications say otherwise."""
    if notifications is None:
        notifications = [{"Notification": ACTUAL_80, "Subscribers": [EMAIL]}]
    aws.client("budgets").create_budget(AccountId=ACCOUNT, Budget=budget(name, amount), NotificationsWithSubscribers=notifications, **extra)


def notifications(aws: Emulator, name: str = NAME) -> list[dict[str, Any]]:
    return aws.client("budgets").describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName=name)["Notifications"]


def subscribers(aws: Emulator, notification: dict[str, Any], name: str = NAME) -> list[dict[str, Any]]:
    return aws.client("budgets").describe_subscribers_for_notification(AccountId=ACCOUNT, BudgetName=name, Notification=notification)["Subscribers"]


def tags(aws: Emulator, arn: str = ARN) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in aws.client("budgets").list_tags_for_resource(ResourceARN=arn)["ResourceTags"]}


@check("budgets", "CreateBudget")
def create_budget_with_tags(aws: Emulator) -> dict[str, Any]:
    response = aws.client("budgets").create_budget(
        AccountId=ACCOUNT,
        Budget=budget(),
        NotificationsWithSubscribers=[{"Notification": ACTUAL_80, "Subscribers": [EMAIL]}],
        ResourceTags=[{"Key": "webstack:stack", "Value": "webstack"}],
    )
    assert tags(aws) == {"webstack:stack": "webstack"}
    described = aws.client("budgets").describe_budget(AccountId=ACCOUNT, BudgetName=NAME)["Budget"]
    assert described["BudgetLimit"] == {"Amount": "100.0", "Unit": "USD"}
    return response


@check("budgets", "UpdateBudget")
def update_budget_limit(aws: Emulator) -> dict[str, Any]:
    create(aws)
    response = aws.client("budgets").update_budget(AccountId=ACCOUNT, NewBudget=budget(amount="250.50", CostFilters={"Service": ["Amazon EC2"]}))
    described = aws.client("budgets").describe_budget(AccountId=ACCOUNT, BudgetName=NAME)["Budget"]
    assert described["BudgetLimit"]["Amount"] == "250.5" and described["CostFilters"] == {"Service": ["Amazon EC2"]}
    return response


@check("budgets", "DescribeBudgets")
def describe_budgets_by_page(aws: Emulator) -> dict[str, Any]:
    for index in range(3):
        create(aws, name=f"budget-{index}")
    response = aws.client("budgets").describe_budgets(AccountId=ACCOUNT, MaxResults=2)
    assert [b["BudgetName"] for b in response["Budgets"]] == ["budget-0", "budget-1"] and response["NextToken"]
    return response


@check("budgets", "DescribeNotificationsForBudget")
def notifications_with_their_state(aws: Emulator) -> dict[str, Any]:
    create(aws, notifications=[{"Notification": {k: v for k, v in ACTUAL_80.items() if k != "ThresholdType"}, "Subscribers": [EMAIL]}])
    response = aws.client("budgets").describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName=NAME)
    assert response["Notifications"] == [{**ACTUAL_80, "NotificationState": "OK"}]
    return response


@check("budgets", "CreateNotification")
def create_a_second_notification(aws: Emulator) -> dict[str, Any]:
    create(aws)
    response = aws.client("budgets").create_notification(AccountId=ACCOUNT, BudgetName=NAME, Notification=FORECAST_100, Subscribers=[SNS])
    assert [n["NotificationType"] for n in notifications(aws)] == ["ACTUAL", "FORECASTED"]
    return response


@check("budgets", "DeleteNotification")
def delete_a_notification_as_described(aws: Emulator) -> dict[str, Any]:
    create(aws)
    [described] = notifications(aws)
    response = aws.client("budgets").delete_notification(AccountId=ACCOUNT, BudgetName=NAME, Notification=described)
    assert notifications(aws) == []
    return response


@check("budgets", "UpdateNotification")
def raise_a_threshold(aws: Emulator) -> dict[str, Any]:
    create(aws)
    new = {**ACTUAL_80, "Threshold": 90.0}
    response = aws.client("budgets").update_notification(AccountId=ACCOUNT, BudgetName=NAME, OldNotification=ACTUAL_80, NewNotification=new)
    assert [n["Threshold"] for n in notifications(aws)] == [90.0]
    assert subscribers(aws, new) == [EMAIL]
    return response


@check("budgets", "CreateSubscriber")
def add_an_sns_subscriber(aws: Emulator) -> dict[str, Any]:
    create(aws)
    response = aws.client("budgets").create_subscriber(AccountId=ACCOUNT, BudgetName=NAME, Notification=ACTUAL_80, Subscriber=SNS)
    assert subscribers(aws, ACTUAL_80) == [EMAIL, SNS]
    return response


@check("budgets", "DeleteSubscriber")
def remove_a_subscriber(aws: Emulator) -> dict[str, Any]:
    create(aws, notifications=[{"Notification": ACTUAL_80, "Subscribers": [EMAIL, SNS]}])
    response = aws.client("budgets").delete_subscriber(AccountId=ACCOUNT, BudgetName=NAME, Notification=ACTUAL_80, Subscriber=EMAIL)
    assert subscribers(aws, ACTUAL_80) == [SNS]
    return response


@check("budgets", "UpdateSubscriber")
def change_an_address(aws: Emulator) -> dict[str, Any]:
    create(aws)
    new = {"SubscriptionType": "EMAIL", "Address": "finance@example.com"}
    response = aws.client("budgets").update_subscriber(AccountId=ACCOUNT, BudgetName=NAME, Notification=ACTUAL_80, OldSubscriber=EMAIL, NewSubscriber=new)
    assert subscribers(aws, ACTUAL_80) == [new]
    return response


@check("budgets", "DescribeSubscribersForNotification")
def subscribers_of_a_notification(aws: Emulator) -> dict[str, Any]:
    create(aws, notifications=[{"Notification": ACTUAL_80, "Subscribers": [EMAIL, SNS]}])
    response = aws.client("budgets").describe_subscribers_for_notification(AccountId=ACCOUNT, BudgetName=NAME, Notification=ACTUAL_80)
    assert response["Subscribers"] == [EMAIL, SNS] and "NextToken" not in response
    return response


@check("budgets", "TagResource")
def tag_a_budget(aws: Emulator) -> dict[str, Any]:
    create(aws)
    response = aws.client("budgets").tag_resource(ResourceARN=ARN, ResourceTags=[{"Key": "env", "Value": "prod"}])
    assert tags(aws) == {"env": "prod"}
    return response


@check("budgets", "UntagResource")
def untag_a_budget(aws: Emulator) -> dict[str, Any]:
    create(aws, ResourceTags=[{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "web"}])
    response = aws.client("budgets").untag_resource(ResourceARN=ARN, ResourceTagKeys=["env"])
    assert tags(aws) == {"team": "web"}
    return response


@check("budgets", "ListTagsForResource")
def list_the_tags_of_a_budget(aws: Emulator) -> dict[str, Any]:
    create(aws, ResourceTags=[{"Key": "env", "Value": "prod"}])
    response = aws.client("budgets").list_tags_for_resource(ResourceARN=ARN)
    assert response["ResourceTags"] == [{"Key": "env", "Value": "prod"}]
    return response
