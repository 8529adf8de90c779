"""budget and budget_info: the pure rules, then end-to-end runs of main() against the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import budget
from ansible_collections.webstack.aws.plugins.modules import budget_info

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

ACCOUNT = "123456789012"
NAME = "webstack-test-monthly"
ARN = f"arn:aws:budgets::{ACCOUNT}:budget/{NAME}"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:webstack-budget"
OTHER_TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:webstack-finance"
FILTERS = {"TagKeyValue": ["user:webstack:stack$webstack"]}


def actual(threshold: float = 80, **overrides: Any) -> dict[str, Any]:
    return {"notification_type": "ACTUAL", "threshold": threshold, "sns_topic_arns": [TOPIC], "email_addresses": ["ops@example.com"], **overrides}


def forecast(threshold: float = 100, **overrides: Any) -> dict[str, Any]:
    return {"notification_type": "FORECASTED", "threshold": threshold, "email_addresses": ["ops@example.com"], **overrides}


def args(**overrides: Any) -> dict[str, Any]:
    """A monthly 100 USD budget of the stack, notified at 80% actual and 100% forecast, tagged."""
    return {
        "name": NAME,
        "limit_amount": "100",
        "cost_filters": FILTERS,
        "notifications": [actual(), forecast()],
        "tags": {"webstack:stack": "webstack", "webstack:environment": "test"},
        **overrides,
    }


def options(**overrides: Any) -> dict[str, Any]:
    """Module params as Ansible fills them in (defaults included), for the pure functions."""
    filled = {
        "state": "present",
        "budget_type": "COST",
        "time_unit": "MONTHLY",
        "limit_unit": "USD",
        "cost_types": None,
        "purge_tags": True,
        **args(**overrides),
    }
    filled["notifications"] = [notification_options(n) for n in filled["notifications"]] if filled["notifications"] is not None else None
    return filled


def notification_options(notification: dict[str, Any]) -> dict[str, Any]:
    return {"comparison_operator": "GREATER_THAN", "threshold_type": "PERCENTAGE", "sns_topic_arns": [], "email_addresses": [], **notification}


def described(aws: Emulator) -> dict[str, Any]:
    return aws.client("budgets").describe_budget(AccountId=ACCOUNT, BudgetName=NAME)["Budget"]


def budget_names(aws: Emulator) -> list[str]:
    return [b["BudgetName"] for b in aws.client("budgets").describe_budgets(AccountId=ACCOUNT).get("Budgets", [])]


def notifications_held(aws: Emulator) -> dict[tuple[str, float], list[tuple[str, str]]]:
    """{(type, threshold): [(subscription type, address), ...]} of the budget as AWS holds it."""
    client = aws.client("budgets")
    held = {}
    for notification in client.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName=NAME)["Notifications"]:
        subscribers = client.describe_subscribers_for_notification(AccountId=ACCOUNT, BudgetName=NAME, Notification=notification)["Subscribers"]
        held[(notification["NotificationType"], notification["Threshold"])] = sorted((s["SubscriptionType"], s["Address"]) for s in subscribers)
    return held


def tags_held(aws: Emulator) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in aws.client("budgets").list_tags_for_resource(ResourceARN=ARN)["ResourceTags"]}


def converge(aws: Emulator, module_args: dict[str, Any], check_mode: bool = False) -> Result:
    result = run(budget.main, aws, module_args, check_mode)
    assert not result.failed, result.out
    return result


@pytest.fixture
def existing(aws: Emulator) -> Emulator:
    """The budget of args() exists; the call log starts empty."""
    converge(aws, args())
    aws.clear_calls()
    return aws


# --- pure: validation ---------------------------------------------------------------------


def test_good_options_are_valid() -> None:
    assert budget.validate_params(options()) == []


@pytest.mark.parametrize("amount", ["0", "-5", "0.00", "abc", "", None, True, "NaN", "Infinity"])
def test_a_limit_of_zero_or_below_or_not_a_number_is_invalid(amount: Any) -> None:
    errors = budget.validate_params(options(limit_amount=amount))
    assert len(errors) == 1 and errors[0].startswith("limit_amount must be a decimal number greater than 0")


@pytest.mark.parametrize("amount", ["100", "0.01", 250, 99.5, " 1000.00 "])
def test_a_positive_limit_is_valid(amount: Any) -> None:
    assert budget.validate_params(options(limit_amount=amount)) == []


def test_absent_needs_no_limit_or_notifications() -> None:
    assert budget.validate_params(options(state="absent", limit_amount=None, notifications=[{**actual(), "email_addresses": ["nope"]}])) == []


@pytest.mark.parametrize("name", ["a:b", "a\\b", "", "x" * 101])
def test_a_name_aws_refuses_is_invalid(name: str) -> None:
    assert budget.validate_params(options(name=name))[0].startswith("name must be 1 to 100 characters")


@pytest.mark.parametrize(
    ("notification", "expected"),
    [
        (actual(threshold=0), "notifications[0].threshold must be greater than 0"),
        (actual(threshold=-10), "notifications[0].threshold must be greater than 0"),
        (actual(sns_topic_arns=[], email_addresses=[]), "notifications[0] needs at least one subscriber"),
        (actual(sns_topic_arns=[TOPIC, OTHER_TOPIC]), "notifications[0].sns_topic_arns may hold at most 1 SNS topic"),
        (actual(email_addresses=[f"user{i}@example.com" for i in range(11)]), "notifications[0].email_addresses may hold at most 10 addresses"),
        (actual(email_addresses=["ops@example"]), "notifications[0].email_addresses: 'ops@example' is not an email address"),
        (actual(email_addresses=["ops example@example.com"]), "is not an email address"),
        (actual(sns_topic_arns=["webstack-budget"]), "notifications[0].sns_topic_arns: 'webstack-budget' is not an SNS topic ARN"),
        (actual(email_addresses=["ops@example.com", "ops@example.com"]), "notifications[0] names a subscriber twice"),
    ],
)
def test_a_bad_notification_is_invalid(notification: dict[str, Any], expected: str) -> None:
    errors = budget.validate_params(options(notifications=[notification]))
    assert len(errors) == 1 and expected in errors[0], errors


def test_ten_email_addresses_and_one_topic_are_valid() -> None:
    assert budget.validate_params(options(notifications=[actual(email_addresses=[f"user{i}@example.com" for i in range(10)])])) == []


def test_two_identical_notifications_are_invalid() -> None:
    errors = budget.validate_params(options(notifications=[actual(80), actual(80.0, email_addresses=["finance@example.com"])]))
    assert errors == ["notifications[1] repeats another notification (same notification_type, comparison_operator, threshold and threshold_type)"]


def test_cost_filter_values_must_be_lists_of_strings() -> None:
    errors = budget.validate_params(options(cost_filters={"Service": "Amazon EC2", "TagKeyValue": []}))
    assert [e.split("]", maxsplit=1)[0] for e in errors] == ["cost_filters['Service'", "cost_filters['TagKeyValue'"]


# --- pure: what differs and the calls --------------------------------------------------------


def state(amount: str = "100.0", notifications: list[dict[str, Any]] | None = None, tags: dict[str, str] | None = None) -> dict[str, Any]:
    """A budget state as read from AWS."""
    return {
        "Budget": {"BudgetName": NAME, "BudgetLimit": {"Amount": amount, "Unit": "USD"}, "TimeUnit": "MONTHLY", "BudgetType": "COST", "CostFilters": FILTERS},
        "Notifications": notifications if notifications is not None else [notification_held("ACTUAL", 80.0, [("SNS", TOPIC), ("EMAIL", "ops@example.com")])],
        "Tags": tags if tags is not None else {},
        "Arn": ARN,
    }


def notification_held(kind: str, threshold: float, subscribers: list[tuple[str, str]]) -> dict[str, Any]:
    notification = {
        "NotificationType": kind,
        "ComparisonOperator": "GREATER_THAN",
        "Threshold": threshold,
        "ThresholdType": "PERCENTAGE",
        "NotificationState": "OK",
    }
    return {"Notification": notification, "Subscribers": [{"SubscriptionType": t, "Address": a} for t, a in subscribers]}


def planned(current: dict[str, Any] | None, **overrides: Any) -> list[tuple[str, dict[str, Any]]]:
    params = options(**{"notifications": [actual()], "tags": None, **overrides})
    return budget.plan(ACCOUNT, current, budget.desired_state(current, params, ARN))


def test_a_limit_equal_as_a_decimal_is_no_change() -> None:
    assert planned(state(amount="100.0"), limit_amount="100") == []
    assert planned(state(amount="100.5"), limit_amount=100.50) == []


def test_another_limit_is_one_update_keeping_the_rest() -> None:
    [(operation, params)] = planned(state(), limit_amount="250.50")
    assert operation == "update_budget"
    assert params["NewBudget"]["BudgetLimit"] == {"Amount": "250.50", "Unit": "USD"}
    assert params["NewBudget"]["CostFilters"] == FILTERS


def test_filter_values_in_another_order_are_no_change() -> None:
    current = state()
    current["Budget"]["CostFilters"] = {"TagKeyValue": ["b", "a"]}
    assert planned(current, cost_filters={"TagKeyValue": ["a", "b"]}) == []


def test_unset_options_keep_what_the_budget_has() -> None:
    current = state(tags={"owner": "web"})
    current["Budget"]["CostTypes"] = {"IncludeTax": True, "UseAmortized": False}
    assert planned(current, cost_filters=None, notifications=None, tags=None) == []


def test_one_cost_type_is_changed_and_the_others_kept() -> None:
    current = state()
    current["Budget"]["CostTypes"] = {"IncludeTax": True, "UseAmortized": False}
    [(operation, params)] = planned(current, cost_types={"use_amortized": True, "include_tax": None})
    assert (operation, params["NewBudget"]["CostTypes"]) == ("update_budget", {"IncludeTax": True, "UseAmortized": True})


def test_a_new_budget_is_one_create_with_everything() -> None:
    [(operation, params)] = planned(None, tags={"env": "test"})
    assert operation == "create_budget"
    assert params["Budget"]["BudgetLimit"] == {"Amount": "100", "Unit": "USD"}
    assert params["NotificationsWithSubscribers"] == [
        {
            "Notification": {"NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN", "Threshold": 80.0, "ThresholdType": "PERCENTAGE"},
            "Subscribers": [{"SubscriptionType": "SNS", "Address": TOPIC}, {"SubscriptionType": "EMAIL", "Address": "ops@example.com"}],
        }
    ]
    assert params["ResourceTags"] == [{"Key": "env", "Value": "test"}]


def test_a_moved_threshold_updates_the_notification_in_place() -> None:
    calls = planned(state(), notifications=[actual(90)])
    assert [call[0] for call in calls] == ["update_notification"]
    assert (calls[0][1]["OldNotification"]["Threshold"], calls[0][1]["NewNotification"]["Threshold"]) == (80.0, 90.0)
    assert "NotificationState" not in calls[0][1]["OldNotification"]


def test_a_replaced_topic_is_one_subscriber_update() -> None:
    [(operation, params)] = planned(state(), notifications=[actual(sns_topic_arns=[OTHER_TOPIC])])
    assert operation == "update_subscriber"
    assert (params["OldSubscriber"]["Address"], params["NewSubscriber"]["Address"]) == (TOPIC, OTHER_TOPIC)


def test_subscribers_are_added_before_others_are_removed() -> None:
    calls = planned(state(), notifications=[actual(sns_topic_arns=[], email_addresses=["ops@example.com", "finance@example.com"])])
    assert [(operation, params["Subscriber"]["Address"]) for operation, params in calls] == [
        ("create_subscriber", "finance@example.com"),
        ("delete_subscriber", TOPIC),
    ]


def test_notifications_are_deleted_before_others_are_created() -> None:
    current = state(notifications=[notification_held("ACTUAL", 80.0, [("EMAIL", "ops@example.com")])])
    calls = planned(current, notifications=[forecast()])
    assert [call[0] for call in calls] == ["delete_notification", "create_notification"]


def test_tags_follow_purge_tags() -> None:
    current = state(tags={"env": "dev", "owner": "web"})
    assert planned(current, tags={"env": "test"}) == [
        ("untag_resource", {"ResourceARN": ARN, "ResourceTagKeys": ["owner"]}),
        ("tag_resource", {"ResourceARN": ARN, "ResourceTags": [{"Key": "env", "Value": "test"}]}),
    ]
    assert planned(current, tags={"env": "test"}, purge_tags=False) == [
        ("tag_resource", {"ResourceARN": ARN, "ResourceTags": [{"Key": "env", "Value": "test"}]})
    ]


# --- end to end: create ----------------------------------------------------------------


def test_create_makes_the_budget_with_notifications_and_tags(aws: Emulator) -> None:
    result = converge(aws, args())

    assert result.changed
    held = described(aws)
    assert (held["BudgetLimit"], held["TimeUnit"], held["BudgetType"], held["CostFilters"]) == ({"Amount": "100.0", "Unit": "USD"}, "MONTHLY", "COST", FILTERS)
    assert notifications_held(aws) == {
        ("ACTUAL", 80.0): [("EMAIL", "ops@example.com"), ("SNS", TOPIC)],
        ("FORECASTED", 100.0): [("EMAIL", "ops@example.com")],
    }
    assert tags_held(aws) == {"webstack:stack": "webstack", "webstack:environment": "test"}
    assert aws.calls().mutating == ["budgets:CreateBudget"]
    returned = result.out["budget"]
    assert (returned["budget_name"], returned["budget_arn"], returned["cost_filters"]) == (NAME, ARN, FILTERS)
    assert returned["budget_limit"] == {"amount": "100.0", "unit": "USD"}
    assert returned["notifications"][0]["subscribers"] == [
        {"subscription_type": "SNS", "address": TOPIC},
        {"subscription_type": "EMAIL", "address": "ops@example.com"},
    ]
    assert returned["tags"] == {"webstack:stack": "webstack", "webstack:environment": "test"}


def test_a_second_identical_run_changes_nothing_and_calls_nothing_mutating(existing: Emulator) -> None:
    result = converge(existing, args())
    assert not result.changed
    assert existing.calls().mutating == []
    assert result.out["diff"]["before"] == result.out["diff"]["after"]


def test_a_numeric_limit_equal_to_the_stored_one_is_no_change(existing: Emulator) -> None:
    result = converge(existing, args(limit_amount=100.0))
    assert not result.changed and existing.calls().mutating == []


def test_check_mode_create_reports_the_budget_and_creates_nothing(aws: Emulator) -> None:
    aws.clear_calls()
    result = converge(aws, args(), check_mode=True)
    assert result.changed
    assert aws.calls().mutating == []
    assert budget_names(aws) == []
    assert result.out["budget"]["budget_limit"] == {"amount": "100", "unit": "USD"}
    assert [n["threshold"] for n in result.out["budget"]["notifications"]] == [80.0, 100.0]


def test_diff_of_a_create_shows_the_budget_after(aws: Emulator) -> None:
    diff = converge(aws, args()).out["diff"]
    assert diff["before"] == {}
    assert diff["after"]["budget_limit"] == {"amount": "100.0", "unit": "USD"}
    assert diff["after"]["tags"] == {"webstack:stack": "webstack", "webstack:environment": "test"}
    assert "calculated_spend" not in diff["after"]


# --- end to end: update ----------------------------------------------------------------


def test_a_new_limit_is_one_update_budget(existing: Emulator) -> None:
    result = converge(existing, args(limit_amount="250.50", time_unit="QUARTERLY"))
    assert result.changed
    assert existing.calls().mutating == ["budgets:UpdateBudget"]
    held = described(existing)
    assert (held["BudgetLimit"]["Amount"], held["TimeUnit"], held["CostFilters"]) == ("250.5", "QUARTERLY", FILTERS)
    assert len(notifications_held(existing)) == 2
    diff = result.out["diff"]
    assert (diff["before"]["budget_limit"]["amount"], diff["after"]["budget_limit"]["amount"]) == ("100.0", "250.5")


def test_new_cost_filters_replace_the_old(existing: Emulator) -> None:
    converge(existing, args(cost_filters={"Service": ["Amazon Elastic Compute Cloud - Compute"]}))
    assert described(existing)["CostFilters"] == {"Service": ["Amazon Elastic Compute Cloud - Compute"]}
    assert existing.calls().mutating == ["budgets:UpdateBudget"]


def test_notifications_converge_with_only_the_calls_that_differ(existing: Emulator) -> None:
    wanted = [
        actual(90, sns_topic_arns=[OTHER_TOPIC], email_addresses=["ops@example.com", "finance@example.com"]),
        forecast(100, threshold_type="ABSOLUTE_VALUE"),
    ]
    result = converge(existing, args(notifications=wanted))
    assert result.changed
    assert sorted(existing.calls().mutating) == sorted(
        [
            "budgets:UpdateNotification",
            "budgets:UpdateSubscriber",
            "budgets:CreateSubscriber",
            "budgets:UpdateNotification",
        ]
    )
    assert notifications_held(existing) == {
        ("ACTUAL", 90.0): [("EMAIL", "finance@example.com"), ("EMAIL", "ops@example.com"), ("SNS", OTHER_TOPIC)],
        ("FORECASTED", 100.0): [("EMAIL", "ops@example.com")],
    }
    existing.clear_calls()
    assert not converge(existing, args(notifications=wanted)).changed
    assert existing.calls().mutating == []


def test_a_notification_no_longer_wanted_is_deleted(existing: Emulator) -> None:
    converge(existing, args(notifications=[actual()]))
    assert existing.calls().mutating == ["budgets:DeleteNotification"]
    assert list(notifications_held(existing)) == [("ACTUAL", 80.0)]


def test_an_empty_notification_list_removes_them_all(existing: Emulator) -> None:
    converge(existing, args(notifications=[]))
    assert notifications_held(existing) == {}


def test_notifications_left_unset_are_kept(existing: Emulator) -> None:
    result = converge(existing, args(notifications=None))
    assert not result.changed and len(notifications_held(existing)) == 2


def test_a_subscriber_removed_is_deleted(existing: Emulator) -> None:
    converge(existing, args(notifications=[actual(sns_topic_arns=[]), forecast()]))
    assert existing.calls().mutating == ["budgets:DeleteSubscriber"]
    assert notifications_held(existing)[("ACTUAL", 80.0)] == [("EMAIL", "ops@example.com")]


def test_check_mode_update_reports_the_change_and_changes_nothing(existing: Emulator) -> None:
    result = converge(existing, args(limit_amount="500", notifications=[actual(95)], tags={"env": "prod"}), check_mode=True)
    assert result.changed
    assert existing.calls().mutating == []
    assert described(existing)["BudgetLimit"]["Amount"] == "100.0"
    assert len(notifications_held(existing)) == 2
    returned = result.out["budget"]
    assert (returned["budget_limit"]["amount"], [n["threshold"] for n in returned["notifications"]], returned["tags"]) == ("500", [95.0], {"env": "prod"})


# --- end to end: tags ------------------------------------------------------------------


def test_tags_are_added_and_purged(existing: Emulator) -> None:
    result = converge(existing, args(tags={"webstack:stack": "webstack", "owner": "web"}))
    assert result.changed
    assert sorted(existing.calls().mutating) == ["budgets:TagResource", "budgets:UntagResource"]
    assert tags_held(existing) == {"webstack:stack": "webstack", "owner": "web"}
    assert result.out["budget"]["tags"] == {"webstack:stack": "webstack", "owner": "web"}


def test_tags_are_kept_without_purge(existing: Emulator) -> None:
    converge(existing, args(tags={"owner": "web"}, purge_tags=False))
    assert existing.calls().mutating == ["budgets:TagResource"]
    assert tags_held(existing) == {"webstack:stack": "webstack", "webstack:environment": "test", "owner": "web"}


def test_tags_left_unset_are_kept(existing: Emulator) -> None:
    assert not converge(existing, args(tags=None)).changed
    assert tags_held(existing) == {"webstack:stack": "webstack", "webstack:environment": "test"}


# --- end to end: absent ----------------------------------------------------------------


def test_absent_deletes_the_budget(existing: Emulator) -> None:
    result = converge(existing, {"name": NAME, "state": "absent"})
    assert result.changed
    assert existing.calls().mutating == ["budgets:DeleteBudget"]
    assert budget_names(existing) == []
    assert result.out["diff"]["before"]["budget_name"] == NAME and result.out["diff"]["after"] == {}


def test_absent_twice_changes_nothing(existing: Emulator) -> None:
    converge(existing, {"name": NAME, "state": "absent"})
    existing.clear_calls()
    result = converge(existing, {"name": NAME, "state": "absent"})
    assert not result.changed
    assert existing.calls().mutating == []


def test_check_mode_absent_deletes_nothing(existing: Emulator) -> None:
    result = converge(existing, {"name": NAME, "state": "absent"}, check_mode=True)
    assert result.changed
    assert existing.calls().mutating == [] and budget_names(existing) == [NAME]


# --- end to end: bad input -------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"limit_amount": "0"}, "limit_amount"),
        ({"limit_amount": -1}, "limit_amount"),
        ({"limit_amount": None}, "limit_amount"),
        ({"notifications": [actual(email_addresses=["not-an-address"])]}, "email_addresses"),
        ({"notifications": [actual(sns_topic_arns=[TOPIC, OTHER_TOPIC])]}, "sns_topic_arns"),
        ({"notifications": [actual(threshold=0)]}, "threshold"),
        ({"notifications": [actual(sns_topic_arns=[], email_addresses=[])]}, "subscriber"),
        ({"notifications": [{"notification_type": "SOMETIMES", "threshold": 80, "email_addresses": ["ops@example.com"]}]}, "notification_type"),
        ({"time_unit": "WEEKLY"}, "time_unit"),
        ({"name": "a:b"}, "name"),
    ],
)
def test_bad_input_fails_naming_the_option_with_no_change(aws: Emulator, overrides: dict[str, Any], option: str) -> None:
    aws.clear_calls()
    result = run(budget.main, aws, args(**overrides))
    assert result.failed
    assert option in result.out["msg"]
    assert aws.calls().mutating == []
    assert budget_names(aws) == []


# --- budget_info -----------------------------------------------------------------------


def test_info_describes_one_budget_by_name(existing: Emulator) -> None:
    converge(existing, args(name="other", notifications=[], tags={}))
    result = run(budget_info.main, existing, {"name": NAME})
    assert not result.failed and not result.changed
    [found] = result.out["budgets"]
    assert (found["budget_name"], found["budget_arn"], found["budget_limit"]["amount"]) == (NAME, ARN, "100.0")
    assert [(n["notification_type"], n["threshold"], len(n["subscribers"])) for n in found["notifications"]] == [("ACTUAL", 80.0, 2), ("FORECASTED", 100.0, 1)]
    assert found["tags"] == {"webstack:stack": "webstack", "webstack:environment": "test"}
    assert existing.calls().mutating == ["budgets:CreateBudget"]


def test_info_lists_every_budget(existing: Emulator) -> None:
    converge(existing, args(name="other", notifications=[], tags={}))
    result = run(budget_info.main, existing, {})
    assert sorted((b["budget_name"], len(b["notifications"])) for b in result.out["budgets"]) == [("other", 0), (NAME, 2)]


def test_info_of_a_missing_budget_is_empty(aws: Emulator) -> None:
    result = run(budget_info.main, aws, {"name": "nothing"})
    assert not result.failed and result.out["budgets"] == []


def test_info_returns_what_the_module_returned(existing: Emulator) -> None:
    returned = converge(existing, args()).out["budget"]
    assert run(budget_info.main, existing, {"name": NAME}).out["budgets"] == [returned]
