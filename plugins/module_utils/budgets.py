# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS Budgets: reading budgets, shared by budget and budget_info.

A budget is read whole as a "state": the Budget DescribeBudget answers, its
notifications each with its subscribers, and its tags. Everything here except
the ``read_*`` and ``list_*`` functions (which only call a retrying client) is pure.
"""

from __future__ import annotations

import datetime
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

DEFAULT_THRESHOLD_TYPE = "PERCENTAGE"
# Members of a Notification that identify it; NotificationState is its status, not part of it.
NOTIFICATION_IDENTITY = ("NotificationType", "ComparisonOperator", "Threshold", "ThresholdType")
# Budget members AWS computes: never sent back in UpdateBudget, never compared.
COMPUTED_MEMBERS = ("CalculatedSpend", "LastUpdatedTime", "HealthStatus")


def budget_arn(partition: str, account_id: str, name: str) -> str:
    """The ARN TagResource, UntagResource and ListTagsForResource take for a budget."""
    return f"arn:{partition}:budgets::{account_id}:budget/{name}"


def notification_identity(notification: Dict[str, Any]) -> Dict[str, Any]:
    """The Notification to name an existing notification by (DeleteNotification, CreateSubscriber, ...)."""
    identity = {key: notification[key] for key in NOTIFICATION_IDENTITY if notification.get(key) is not None}
    identity.setdefault("ThresholdType", DEFAULT_THRESHOLD_TYPE)
    return identity


def notification_key(notification: Dict[str, Any]) -> Tuple:
    """What tells two notifications of a budget apart (a threshold of 80 is one of 80.0)."""
    identity = notification_identity(notification)
    return (identity["NotificationType"], identity["ComparisonOperator"], float(identity["Threshold"]), identity["ThresholdType"])


def subscriber_key(subscriber: Dict[str, Any]) -> Tuple:
    return (subscriber["SubscriptionType"], subscriber["Address"])


def _plain(value: Any) -> Any:
    """value with every timestamp as an ISO 8601 string."""
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def budget_view(state: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A budget state as the modules return it: snake_case, cost filter keys and tag keys as they are; {} for none."""
    if not state:
        return {}
    view = camel_dict_to_snake_dict(_plain(state["Budget"]), ignore_list=["CostFilters", "PlannedBudgetLimits"])
    view["budget_arn"] = state["Arn"]
    view["notifications"] = [
        dict(camel_dict_to_snake_dict(item["Notification"]), subscribers=[camel_dict_to_snake_dict(s) for s in item["Subscribers"]])
        for item in state["Notifications"]
    ]
    view["tags"] = dict(state["Tags"])
    return view


# Reading (each call through a retrying amazon.aws client)


def _all_pages(call: Callable[..., Dict[str, Any]], key: str, **params: Any) -> List[Dict[str, Any]]:
    items: List[Dict[str, Any]] = []
    while True:
        page = call(aws_retry=True, **params)
        items.extend(page.get(key) or [])
        if not page.get("NextToken"):
            return items
        params["NextToken"] = page["NextToken"]


def list_budgets(client, account_id: str) -> List[Dict[str, Any]]:
    """Every budget of the account, as DescribeBudgets answers them."""
    return _all_pages(client.describe_budgets, "Budgets", AccountId=account_id)


def read_budget(client, account_id: str, name: str) -> Optional[Dict[str, Any]]:
    """The Budget DescribeBudget answers, or None when the account has no budget of that name."""
    try:
        return client.describe_budget(aws_retry=True, AccountId=account_id, BudgetName=name)["Budget"]
    except is_boto3_error_code("NotFoundException"):
        return None


def read_notifications(client, account_id: str, name: str) -> List[Dict[str, Any]]:
    """The budget's notifications, each {"Notification": ..., "Subscribers": [...]}."""
    notifications = _all_pages(client.describe_notifications_for_budget, "Notifications", AccountId=account_id, BudgetName=name)
    return [
        {
            "Notification": notification,
            "Subscribers": _all_pages(
                client.describe_subscribers_for_notification,
                "Subscribers",
                AccountId=account_id,
                BudgetName=name,
                Notification=notification_identity(notification),
            ),
        }
        for notification in notifications
    ]


def read_tags(client, arn: str) -> Dict[str, str]:
    tags = client.list_tags_for_resource(aws_retry=True, ResourceARN=arn).get("ResourceTags") or []
    return {tag["Key"]: tag["Value"] for tag in tags}


def read_state(client, account_id: str, partition: str, budget: Dict[str, Any]) -> Dict[str, Any]:
    """The whole state of a budget already described: the budget, its notifications with subscribers, its tags, its ARN."""
    name = budget["BudgetName"]
    arn = budget_arn(partition, account_id, name)
    return {"Budget": budget, "Notifications": read_notifications(client, account_id, name), "Tags": read_tags(client, arn), "Arn": arn}
