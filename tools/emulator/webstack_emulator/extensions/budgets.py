"""AWS Budgets fixes for moto 5.2.5 (moto/budgets/models.py, moto/budgets/responses.py).

moto keeps each budget as the dict CreateBudget sent and each notification as the Notification and Subscribers
CreateNotification sent. It has no UpdateBudget, UpdateNotification, no subscriber calls and no tagging, ignores
CreateBudget's ResourceTags, answers DescribeBudgets' token as ``nextToken``, crashes (HTTP 500) on
DescribeNotificationsForBudget for a budget that does not exist, accepts a duplicate notification and deletes a
notification that does not exist without a word.

AWS identifies a notification by its type, comparison operator, threshold and threshold type (PERCENTAGE when not
given), whatever its NotificationState, and a subscriber by its subscription type and address. It answers a budget's
limit as a decimal with a fractional part (``"100.0"`` for ``"100"``), and a notification with its ThresholdType and
NotificationState (``OK`` until the emulator, which has no spend, could ever raise an alarm).
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

SERVICE = "budgets"
DEFAULT_PAGE = 100  # MaxResults when not given (DescribeBudgets, DescribeNotificationsForBudget, DescribeSubscribersForNotification)


# --- pure helpers ---------------------------------------------------------------------


def aws_amount(amount: str) -> str:
    """A limit as AWS reads it back: the decimal without trailing zeros, with at least one fractional digit."""
    text = format(Decimal(amount).normalize(), "f")
    return text if "." in text else f"{text}.0"


def stored_budget(budget: dict[str, Any]) -> dict[str, Any]:
    """The budget as AWS keeps it: the limit normalized."""
    kept = dict(budget)
    if kept.get("BudgetLimit"):
        kept["BudgetLimit"] = {**kept["BudgetLimit"], "Amount": aws_amount(kept["BudgetLimit"]["Amount"])}
    return kept


def stored_notification(notification: dict[str, Any]) -> dict[str, Any]:
    """A notification as AWS answers it: with its ThresholdType and NotificationState."""
    return {"ThresholdType": "PERCENTAGE", "NotificationState": "OK", **notification}


def notification_key(notification: dict[str, Any]) -> tuple[str, str, float, str]:
    """What identifies a notification of a budget (NotificationState does not)."""
    return (
        notification["NotificationType"],
        notification["ComparisonOperator"],
        float(notification["Threshold"]),
        notification.get("ThresholdType") or "PERCENTAGE",
    )


def subscriber_key(subscriber: dict[str, Any]) -> tuple[str, str]:
    return (subscriber["SubscriptionType"], subscriber["Address"])


def page(items: list[Any], token: str | None, max_results: int | None) -> tuple[list[Any], str | None]:
    """One page of items from the position token names, and the token of the next page (None on the last)."""
    start = int(token or 0)
    end = start + (max_results or DEFAULT_PAGE)
    return items[start:end], (str(end) if end < len(items) else None)


def paged_answer(key: str, items: list[Any], token: str | None, max_results: int | None) -> str:
    shown, next_token = page(items, token, max_results)
    answer: dict[str, Any] = {key: shown}
    if next_token is not None:
        answer["NextToken"] = next_token
    return json.dumps(answer)


def budget_name_of_arn(arn: str) -> tuple[str, str] | None:
    """(account, budget name) of a budget ARN ``arn:<partition>:budgets::<account>:budget/<name>``, else None."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != SERVICE or not parts[5].startswith("budget/"):
        return None
    return parts[4], parts[5][len("budget/") :]


# --- moto's model, read and changed ------------------------------------------------------


def _budget(backend: Any, account_id: str, name: str, doing: str) -> Any:
    from moto.budgets.exceptions import NotFoundException

    budget = backend.budgets[account_id].get(name)
    if budget is None:
        raise NotFoundException(f"Unable to {doing}: {name} - the budget doesn't exist.")
    return budget


def _notification(budget: Any, notification: dict[str, Any], doing: str) -> Any:
    from moto.budgets.exceptions import NotFoundException

    key = notification_key(notification)
    for kept in budget.notifications:
        if notification_key(kept.details) == key:
            return kept
    raise NotFoundException(f"Unable to {doing} - the notification doesn't exist.")


def _refuse_duplicate_notification(budget: Any, notification: dict[str, Any], except_for: Any = None) -> None:
    from moto.budgets.exceptions import DuplicateRecordException

    key = notification_key(notification)
    if any(notification_key(kept.details) == key for kept in budget.notifications if kept is not except_for):
        raise DuplicateRecordException(record_type="notification", record_name=budget.budget["BudgetName"])


def _subscriber_index(kept: Any, subscriber: dict[str, Any], doing: str) -> int:
    from moto.budgets.exceptions import NotFoundException

    key = subscriber_key(subscriber)
    for index, existing in enumerate(kept.subscribers):
        if subscriber_key(existing) == key:
            return index
    raise NotFoundException(f"Unable to {doing} - the subscriber doesn't exist.")


def _refuse_duplicate_subscriber(kept: Any, subscriber: dict[str, Any], budget_name: str) -> None:
    from moto.budgets.exceptions import DuplicateRecordException

    if any(subscriber_key(existing) == subscriber_key(subscriber) for existing in kept.subscribers):
        raise DuplicateRecordException(record_type="subscriber", record_name=budget_name)


def _budget_of_arn(backend: Any, arn: str) -> Any:
    from moto.budgets.exceptions import NotFoundException

    owner = budget_name_of_arn(arn)
    budget = backend.budgets[owner[0]].get(owner[1]) if owner else None
    if budget is None:
        raise NotFoundException(f"Unable to find resource {arn}")
    return budget


def _tags(budget: Any) -> dict[str, str]:
    if not hasattr(budget, "tags"):
        budget.tags = {}
    return budget.tags


# --- the fixes ---------------------------------------------------------------------------


@fix(
    SERVICE,
    "CreateBudget",
    "moto ignored ResourceTags, kept the limit as sent (AWS answers '100.0' for '100', so a module comparing strings saw a "
    "change on every run), kept notifications without ThresholdType and NotificationState and accepted two identical ones. "
    "AWS tags the budget, reads the limit back as a decimal, answers both notification members and refuses a duplicate "
    "notification with DuplicateRecordException. webstack.aws budget creates a budget with its tags and notifications.",
)
def create_budget_with_tags() -> None:
    from moto.budgets.models import BudgetsBackend
    from moto.budgets.responses import BudgetsResponse

    original = BudgetsBackend.create_budget

    @wraps(original)
    def create_budget(self: BudgetsBackend, account_id: str, budget: dict[str, Any], notifications: list[dict[str, Any]]) -> None:
        kept = [{"Notification": stored_notification(n["Notification"]), "Subscribers": list(n["Subscribers"])} for n in notifications]
        keys = [notification_key(n["Notification"]) for n in kept]
        if len(set(keys)) != len(keys):
            from moto.budgets.exceptions import DuplicateRecordException

            raise DuplicateRecordException(record_type="notification", record_name=budget["BudgetName"])
        original(self, account_id, stored_budget(budget), kept)

    def response(self: BudgetsResponse) -> str:
        account_id = self._get_param("AccountId")
        budget = self._get_param("Budget")
        self.backend.create_budget(account_id=account_id, budget=budget, notifications=self._get_param("NotificationsWithSubscribers", []))
        tags = self._get_param("ResourceTags") or []
        _tags(self.backend.budgets[account_id][budget["BudgetName"]]).update({tag["Key"]: tag["Value"] for tag in tags})
        return json.dumps({})

    BudgetsBackend.create_budget = create_budget  # type: ignore[method-assign]
    BudgetsResponse.create_budget = response  # type: ignore[method-assign]


@fix(
    SERVICE,
    "UpdateBudget",
    "moto lacked UpdateBudget. AWS replaces every part of the budget but its name (the time period stays when NewBudget has "
    "none), and answers NotFoundException for a budget that does not exist. webstack.aws budget changes a limit or filters with it.",
)
def update_budget() -> None:
    from moto.budgets.exceptions import BudgetMissingLimit
    from moto.budgets.responses import BudgetsResponse
    from moto.core.utils import unix_time

    def response(self: BudgetsResponse) -> str:
        new = self._get_param("NewBudget")
        budget = _budget(self.backend, self._get_param("AccountId"), new["BudgetName"], "update budget")
        if "BudgetLimit" not in new and "PlannedBudgetLimits" not in new:
            raise BudgetMissingLimit()
        replaced = stored_budget(new)
        replaced.setdefault("TimePeriod", budget.budget["TimePeriod"])
        replaced.pop("CalculatedSpend", None)
        replaced["LastUpdatedTime"] = unix_time()
        budget.budget = replaced
        return json.dumps({})

    BudgetsResponse.update_budget = response  # type: ignore[attr-defined]


@fix(
    SERVICE,
    "DescribeBudgets",
    "moto ignored MaxResults and answered the token as 'nextToken' (null); AWS pages with MaxResults (100 by default) and "
    "answers NextToken while more budgets follow. webstack.aws budget_info lists every budget of the account.",
)
def describe_budgets_pages() -> None:
    from moto.budgets.responses import BudgetsResponse

    def response(self: BudgetsResponse) -> str:
        budgets = list(self.backend.describe_budgets(account_id=self._get_param("AccountId")))
        return paged_answer("Budgets", budgets, self._get_param("NextToken"), self._get_param("MaxResults"))

    BudgetsResponse.describe_budgets = response  # type: ignore[method-assign]


@fix(
    SERVICE,
    "DescribeNotificationsForBudget",
    "moto crashed (KeyError, HTTP 500) for a budget that does not exist and ignored MaxResults. AWS answers NotFoundException "
    "and pages the notifications, each with its ThresholdType and NotificationState.",
)
def describe_notifications_for_budget() -> None:
    from moto.budgets.responses import BudgetsResponse

    def response(self: BudgetsResponse) -> str:
        budget = _budget(self.backend, self._get_param("AccountId"), self._get_param("BudgetName"), "get notifications")
        notifications = [stored_notification(kept.details) for kept in budget.notifications]
        return paged_answer("Notifications", notifications, self._get_param("NextToken"), self._get_param("MaxResults"))

    BudgetsResponse.describe_notifications_for_budget = response  # type: ignore[method-assign]


@fix(
    SERVICE,
    "CreateNotification",
    "moto added a second notification identical to one the budget has, and kept it without ThresholdType and NotificationState. "
    "AWS refuses a duplicate with DuplicateRecordException.",
)
def create_notification_refuses_duplicates() -> None:
    from moto.budgets.responses import BudgetsResponse

    def response(self: BudgetsResponse) -> str:
        from moto.budgets.models import Notification

        budget = _budget(self.backend, self._get_param("AccountId"), self._get_param("BudgetName"), "create notification")
        notification = stored_notification(self._get_param("Notification"))
        _refuse_duplicate_notification(budget, notification)
        budget.notifications.append(Notification(details=notification, subscribers=list(self._get_param("Subscribers"))))
        return json.dumps({})

    BudgetsResponse.create_notification = response  # type: ignore[method-assign]


@fix(
    SERVICE,
    "DeleteNotification",
    "moto deleted only a notification equal to the one sent, member for member (so not one it answered with NotificationState), "
    "and answered success for a notification that does not exist. AWS identifies the notification by type, operator, threshold "
    "and threshold type, and answers NotFoundException when the budget has no such notification.",
)
def delete_notification_by_identity() -> None:
    from moto.budgets.responses import BudgetsResponse

    def response(self: BudgetsResponse) -> str:
        budget = _budget(self.backend, self._get_param("AccountId"), self._get_param("BudgetName"), "delete notification")
        kept = _notification(budget, self._get_param("Notification"), "delete notification")
        budget.notifications.remove(kept)
        return json.dumps({})

    BudgetsResponse.delete_notification = response  # type: ignore[method-assign]


@fix(
    SERVICE,
    "UpdateNotification",
    "moto lacked UpdateNotification. AWS replaces OldNotification by NewNotification, keeping its subscribers; NotFoundException "
    "when the budget or OldNotification does not exist, DuplicateRecordException when NewNotification is another of the budget's.",
)
def update_notification() -> None:
    from moto.budgets.responses import BudgetsResponse

    def response(self: BudgetsResponse) -> str:
        budget = _budget(self.backend, self._get_param("AccountId"), self._get_param("BudgetName"), "update notification")
        kept = _notification(budget, self._get_param("OldNotification"), "update notification")
        new = self._get_param("NewNotification")
        _refuse_duplicate_notification(budget, new, except_for=kept)
        kept.details = stored_notification({key: value for key, value in new.items() if key != "NotificationState"})
        return json.dumps({})

    BudgetsResponse.update_notification = response  # type: ignore[attr-defined]


@fix(
    SERVICE,
    "CreateSubscriber",
    "moto lacked CreateSubscriber. AWS adds the subscriber to the notification; NotFoundException when the budget or the "
    "notification does not exist, DuplicateRecordException when the notification has that subscriber.",
)
def create_subscriber() -> None:
    from moto.budgets.responses import BudgetsResponse

    def response(self: BudgetsResponse) -> str:
        name = self._get_param("BudgetName")
        budget = _budget(self.backend, self._get_param("AccountId"), name, "create subscriber")
        kept = _notification(budget, self._get_param("Notification"), "create subscriber")
        subscriber = self._get_param("Subscriber")
        _refuse_duplicate_subscriber(kept, subscriber, name)
        kept.subscribers.append(subscriber)
        return json.dumps({})

    BudgetsResponse.create_subscriber = response  # type: ignore[attr-defined]


@fix(
    SERVICE,
    "DeleteSubscriber",
    "moto lacked DeleteSubscriber. AWS removes the subscriber from the notification; NotFoundException when the budget, the "
    "notification or the subscriber does not exist.",
)
def delete_subscriber() -> None:
    from moto.budgets.responses import BudgetsResponse

    def response(self: BudgetsResponse) -> str:
        budget = _budget(self.backend, self._get_param("AccountId"), self._get_param("BudgetName"), "delete subscriber")
        kept = _notification(budget, self._get_param("Notification"), "delete subscriber")
        del kept.subscribers[_subscriber_index(kept, self._get_param("Subscriber"), "delete subscriber")]
        return json.dumps({})

    BudgetsResponse.delete_subscriber = response  # type: ignore[attr-defined]


@fix(
    SERVICE,
    "UpdateSubscriber",
    "moto lacked UpdateSubscriber. AWS replaces OldSubscriber by NewSubscriber; NotFoundException when the budget, the "
    "notification or OldSubscriber does not exist, DuplicateRecordException when NewSubscriber is another subscriber of it.",
)
def update_subscriber() -> None:
    from moto.budgets.responses import BudgetsResponse

    def response(self: BudgetsResponse) -> str:
        name = self._get_param("BudgetName")
        budget = _budget(self.backend, self._get_param("AccountId"), name, "update subscriber")
        kept = _notification(budget, self._get_param("Notification"), "update subscriber")
        index = _subscriber_index(kept, self._get_param("OldSubscriber"), "update subscriber")
        new = self._get_param("NewSubscriber")
        if subscriber_key(new) != subscriber_key(kept.subscribers[index]):
            _refuse_duplicate_subscriber(kept, new, name)
        kept.subscribers[index] = new
        return json.dumps({})

    BudgetsResponse.update_subscriber = response  # type: ignore[attr-defined]


@fix(
    SERVICE,
    "DescribeSubscribersForNotification",
    "moto lacked DescribeSubscribersForNotification. AWS pages the notification's subscribers (MaxResults, 100 by default); "
    "NotFoundException when the budget or the notification does not exist.",
)
def describe_subscribers_for_notification() -> None:
    from moto.budgets.responses import BudgetsResponse

    def response(self: BudgetsResponse) -> str:
        budget = _budget(self.backend, self._get_param("AccountId"), self._get_param("BudgetName"), "get subscribers")
        kept = _notification(budget, self._get_param("Notification"), "get subscribers")
        return paged_answer("Subscribers", list(kept.subscribers), self._get_param("NextToken"), self._get_param("MaxResults"))

    BudgetsResponse.describe_subscribers_for_notification = response  # type: ignore[attr-defined]


@fix(
    SERVICE,
    "TagResource",
    "moto lacked TagResource. AWS adds or overwrites tags of the budget its ARN (arn:aws:budgets::<account>:budget/<name>) "
    "names, and answers NotFoundException for an ARN that names no budget. webstack.aws budget tags budgets with it.",
)
def tag_resource() -> None:
    from moto.budgets.responses import BudgetsResponse

    def response(self: BudgetsResponse) -> str:
        budget = _budget_of_arn(self.backend, self._get_param("ResourceARN"))
        _tags(budget).update({tag["Key"]: tag["Value"] for tag in self._get_param("ResourceTags")})
        return json.dumps({})

    BudgetsResponse.tag_resource = response  # type: ignore[attr-defined]


@fix(
    SERVICE,
    "UntagResource",
    "moto lacked UntagResource. AWS removes those tag keys from the budget its ARN names (a key it lacks is no error); "
    "NotFoundException for an ARN that names no budget.",
)
def untag_resource() -> None:
    from moto.budgets.responses import BudgetsResponse

    def response(self: BudgetsResponse) -> str:
        tags = _tags(_budget_of_arn(self.backend, self._get_param("ResourceARN")))
        for key in self._get_param("ResourceTagKeys"):
            tags.pop(key, None)
        return json.dumps({})

    BudgetsResponse.untag_resource = response  # type: ignore[attr-defined]


@fix(
    SERVICE,
    "ListTagsForResource",
    "moto lacked ListTagsForResource. AWS answers the tags of the budget its ARN names as a ResourceTags list; "
    "NotFoundException for an ARN that names no budget.",
)
def list_tags_for_resource() -> None:
    from moto.budgets.responses import BudgetsResponse

    def response(self: BudgetsResponse) -> str:
        tags = _tags(_budget_of_arn(self.backend, self._get_param("ResourceARN")))
        return json.dumps({"ResourceTags": [{"Key": key, "Value": value} for key, value in tags.items()]})

    BudgetsResponse.list_tags_for_resource = response  # type: ignore[attr-defined]
