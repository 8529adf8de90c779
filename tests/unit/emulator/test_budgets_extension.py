"""The behaviour around the AWS Budgets fixes: identities, errors that must stay, pages, tags that go with the budget."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from webstack_emulator.extensions.budgets import aws_amount
from webstack_emulator.extensions.budgets import budget_name_of_arn
from webstack_emulator.extensions.budgets import page

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.budgets import ACCOUNT
from tests.unit.emulator.checks.budgets import ACTUAL_80
from tests.unit.emulator.checks.budgets import ARN
from tests.unit.emulator.checks.budgets import EMAIL
from tests.unit.emulator.checks.budgets import FORECAST_100
from tests.unit.emulator.checks.budgets import NAME
from tests.unit.emulator.checks.budgets import SNS
from tests.unit.emulator.checks.budgets import budget
from tests.unit.emulator.checks.budgets import create
from tests.unit.emulator.checks.budgets import notifications
from tests.unit.emulator.checks.budgets import subscribers
from tests.unit.emulator.checks.budgets import tags
from tests.unit.emulator.model import shape_errors


def error_code(call: Any, **params: Any) -> str:
    with pytest.raises(ClientError) as error:
        call(**params)
    return error.value.response["Error"]["Code"]


# --- pure helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(("sent", "kept"), [("100", "100.0"), ("100.0", "100.0"), ("250.50", "250.5"), ("0.01", "0.01"), ("1000", "1000.0")])
def test_a_limit_reads_back_as_aws_writes_it(sent: str, kept: str) -> None:
    assert aws_amount(sent) == kept


def test_pages_follow_one_another() -> None:
    items = list(range(5))
    assert page(items, None, 2) == ([0, 1], "2")
    assert page(items, "2", 2) == ([2, 3], "4")
    assert page(items, "4", 2) == ([4], None)


@pytest.mark.parametrize(
    ("arn", "owner"),
    [
        (ARN, (ACCOUNT, NAME)),
        ("arn:aws-cn:budgets::111122223333:budget/a/b", ("111122223333", "a/b")),
        ("arn:aws:sns:us-east-1:123456789012:topic", None),
        ("not-an-arn", None),
    ],
)
def test_budget_arns_name_their_account_and_budget(arn: str, owner: tuple[str, str] | None) -> None:
    assert budget_name_of_arn(arn) == owner


# --- budgets --------------------------------------------------------------------------


def test_update_keeps_the_time_period_and_notifications(aws: Emulator) -> None:
    create(aws)
    client = aws.client("budgets")
    before = client.describe_budget(AccountId=ACCOUNT, BudgetName=NAME)["Budget"]
    client.update_budget(AccountId=ACCOUNT, NewBudget=budget(amount="300", TimeUnit="QUARTERLY"))
    after = client.describe_budget(AccountId=ACCOUNT, BudgetName=NAME)["Budget"]
    assert (after["BudgetLimit"]["Amount"], after["TimeUnit"], after["TimePeriod"]) == ("300.0", "QUARTERLY", before["TimePeriod"])
    assert [n["Threshold"] for n in notifications(aws)] == [80.0]


def test_update_can_drop_the_cost_filters(aws: Emulator) -> None:
    client = aws.client("budgets")
    client.create_budget(AccountId=ACCOUNT, Budget=budget(CostFilters={"Service": ["Amazon EC2"]}))
    client.update_budget(AccountId=ACCOUNT, NewBudget=budget())
    assert "CostFilters" not in client.describe_budget(AccountId=ACCOUNT, BudgetName=NAME)["Budget"]


def test_update_of_a_missing_budget_is_not_found(aws: Emulator) -> None:
    assert error_code(aws.client("budgets").update_budget, AccountId=ACCOUNT, NewBudget=budget()) == "NotFoundException"


def test_update_without_a_limit_is_refused(aws: Emulator) -> None:
    create(aws)
    new = {k: v for k, v in budget().items() if k != "BudgetLimit"}
    assert error_code(aws.client("budgets").update_budget, AccountId=ACCOUNT, NewBudget=new) == "InvalidParameterException"


def test_describe_budgets_pages_through_every_budget(aws: Emulator) -> None:
    for index in range(5):
        create(aws, name=f"budget-{index}")
    paginator = aws.client("budgets").get_paginator("describe_budgets")
    pages = list(paginator.paginate(AccountId=ACCOUNT, PaginationConfig={"PageSize": 2}))
    assert [len(p["Budgets"]) for p in pages] == [2, 2, 1]
    assert [b["BudgetName"] for p in pages for b in p["Budgets"]] == [f"budget-{index}" for index in range(5)]
    assert all(shape_errors("budgets", "DescribeBudgets", p) == "" for p in pages)


def test_a_deleted_budget_takes_its_tags(aws: Emulator) -> None:
    create(aws, ResourceTags=[{"Key": "env", "Value": "prod"}])
    aws.client("budgets").delete_budget(AccountId=ACCOUNT, BudgetName=NAME)
    assert error_code(aws.client("budgets").list_tags_for_resource, ResourceARN=ARN) == "NotFoundException"
    create(aws)
    assert tags(aws) == {}


def test_a_duplicate_budget_is_still_refused(aws: Emulator) -> None:
    create(aws)
    assert error_code(aws.client("budgets").create_budget, AccountId=ACCOUNT, Budget=budget()) == "DuplicateRecordException"


def test_create_refuses_two_identical_notifications(aws: Emulator) -> None:
    twice = [{"Notification": ACTUAL_80, "Subscribers": [EMAIL]}, {"Notification": ACTUAL_80, "Subscribers": [SNS]}]
    call = aws.client("budgets").create_budget
    assert error_code(call, AccountId=ACCOUNT, Budget=budget(), NotificationsWithSubscribers=twice) == "DuplicateRecordException"


# --- notifications ----------------------------------------------------------------------


def test_notifications_of_a_missing_budget_are_not_found(aws: Emulator) -> None:
    call = aws.client("budgets").describe_notifications_for_budget
    assert error_code(call, AccountId=ACCOUNT, BudgetName="nothing") == "NotFoundException"


def test_a_duplicate_notification_is_refused(aws: Emulator) -> None:
    create(aws)
    call = aws.client("budgets").create_notification
    assert error_code(call, AccountId=ACCOUNT, BudgetName=NAME, Notification=ACTUAL_80, Subscribers=[SNS]) == "DuplicateRecordException"


def test_a_notification_without_threshold_type_is_a_percentage(aws: Emulator) -> None:
    create(aws)
    bare = {k: v for k, v in ACTUAL_80.items() if k != "ThresholdType"}
    assert subscribers(aws, bare) == [EMAIL]
    aws.client("budgets").delete_notification(AccountId=ACCOUNT, BudgetName=NAME, Notification=bare)
    assert notifications(aws) == []


def test_an_absolute_threshold_is_another_notification(aws: Emulator) -> None:
    create(aws)
    absolute = {**ACTUAL_80, "ThresholdType": "ABSOLUTE_VALUE"}
    aws.client("budgets").create_notification(AccountId=ACCOUNT, BudgetName=NAME, Notification=absolute, Subscribers=[EMAIL])
    assert sorted(n["ThresholdType"] for n in notifications(aws)) == ["ABSOLUTE_VALUE", "PERCENTAGE"]


def test_deleting_a_missing_notification_is_not_found(aws: Emulator) -> None:
    create(aws)
    call = aws.client("budgets").delete_notification
    assert error_code(call, AccountId=ACCOUNT, BudgetName=NAME, Notification=FORECAST_100) == "NotFoundException"
    assert len(notifications(aws)) == 1


def test_updating_onto_another_notification_is_a_duplicate(aws: Emulator) -> None:
    create(aws, notifications=[{"Notification": ACTUAL_80, "Subscribers": [EMAIL]}, {"Notification": FORECAST_100, "Subscribers": [EMAIL]}])
    call = aws.client("budgets").update_notification
    assert error_code(call, AccountId=ACCOUNT, BudgetName=NAME, OldNotification=ACTUAL_80, NewNotification=FORECAST_100) == "DuplicateRecordException"


def test_updating_a_missing_notification_is_not_found(aws: Emulator) -> None:
    create(aws)
    call = aws.client("budgets").update_notification
    assert error_code(call, AccountId=ACCOUNT, BudgetName=NAME, OldNotification=FORECAST_100, NewNotification=FORECAST_100) == "NotFoundException"


# --- subscribers --------------------------------------------------------------------------


def test_a_duplicate_subscriber_is_refused(aws: Emulator) -> None:
    create(aws)
    call = aws.client("budgets").create_subscriber
    assert error_code(call, AccountId=ACCOUNT, BudgetName=NAME, Notification=ACTUAL_80, Subscriber=EMAIL) == "DuplicateRecordException"


def test_subscribers_of_a_missing_notification_are_not_found(aws: Emulator) -> None:
    create(aws)
    call = aws.client("budgets").describe_subscribers_for_notification
    assert error_code(call, AccountId=ACCOUNT, BudgetName=NAME, Notification=FORECAST_100) == "NotFoundException"


def test_deleting_a_missing_subscriber_is_not_found(aws: Emulator) -> None:
    create(aws)
    call = aws.client("budgets").delete_subscriber
    assert error_code(call, AccountId=ACCOUNT, BudgetName=NAME, Notification=ACTUAL_80, Subscriber=SNS) == "NotFoundException"


def test_updating_a_subscriber_onto_another_is_a_duplicate(aws: Emulator) -> None:
    create(aws, notifications=[{"Notification": ACTUAL_80, "Subscribers": [EMAIL, SNS]}])
    call = aws.client("budgets").update_subscriber
    assert error_code(call, AccountId=ACCOUNT, BudgetName=NAME, Notification=ACTUAL_80, OldSubscriber=SNS, NewSubscriber=EMAIL) == "DuplicateRecordException"


def test_subscribers_page(aws: Emulator) -> None:
    create(aws, notifications=[{"Notification": ACTUAL_80, "Subscribers": [EMAIL, SNS]}])
    paginator = aws.client("budgets").get_paginator("describe_subscribers_for_notification")
    pages = list(paginator.paginate(AccountId=ACCOUNT, BudgetName=NAME, Notification=ACTUAL_80, PaginationConfig={"PageSize": 1}))
    assert [p["Subscribers"] for p in pages] == [[EMAIL], [SNS]]


# --- tags -----------------------------------------------------------------------------


def test_tags_of_a_missing_budget_are_not_found(aws: Emulator) -> None:
    call = aws.client("budgets").tag_resource
    assert error_code(call, ResourceARN=ARN, ResourceTags=[{"Key": "env", "Value": "prod"}]) == "NotFoundException"


def test_tag_resource_overwrites_a_value(aws: Emulator) -> None:
    create(aws, ResourceTags=[{"Key": "env", "Value": "dev"}])
    aws.client("budgets").tag_resource(ResourceARN=ARN, ResourceTags=[{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "web"}])
    assert tags(aws) == {"env": "prod", "team": "web"}


def test_untagging_a_key_the_budget_lacks_is_no_error(aws: Emulator) -> None:
    create(aws, ResourceTags=[{"Key": "env", "Value": "prod"}])
    aws.client("budgets").untag_resource(ResourceARN=ARN, ResourceTagKeys=["nothing"])
    assert tags(aws) == {"env": "prod"}
