#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: budget
version_added: 0.2.0
short_description: Manage an AWS Budgets budget with its notifications
description:
  - Create, update, tag or delete one cost or usage budget of the account the credentials belong to, with notifications
    on actual or forecasted spend to an SNS topic or email addresses.
  - The module changes only what differs. A limit is compared as a decimal (AWS answers C(100.0) for C(100)); a change of
    limit, unit, period, type, cost filters or cost types updates the budget in place with C(UpdateBudget).
  - Notifications are identified by their type, comparison operator, threshold and threshold type. A notification
    the budget lacks is created, one it should not have is deleted, one whose threshold moved is updated in place
    (keeping its subscribers), and subscribers are added, replaced or removed one by one.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the budget, unique in the account. It cannot contain C(:) or C(\).
    required: true
    type: str
  state:
    description:
      - Whether the budget should exist. V(absent) deletes it with its notifications.
    default: present
    choices: ['present', 'absent']
    type: str
  budget_type:
    description:
      - Whether the budget tracks cost or usage.
    default: COST
    choices: ['COST', 'USAGE']
    type: str
  time_unit:
    description:
      - How long each budget period lasts; the limit applies to each period.
    default: MONTHLY
    choices: ['DAILY', 'MONTHLY', 'QUARTERLY', 'ANNUALLY']
    type: str
  limit_amount:
    description:
      - The limit of each period, a decimal number greater than 0, for example V(100) or V("250.50").
      - Given as a string or a number; a string keeps every digit.
      - Required when O(state=present).
    type: raw
  limit_unit:
    description:
      - The unit of O(limit_amount), a currency for a C(COST) budget, a usage unit (for example V(GB) or V(Hrs)) for a C(USAGE) budget.
    default: USD
    aliases: ['currency']
    type: str
  cost_filters:
    description:
      - Which costs the budget counts, as a dict of filter name to a list of values.
      - 'For example V({"TagKeyValue": ["user:webstack:stack$webstack"]}) or V({"Service": ["Amazon Elastic Compute Cloud - Compute"]}).'
      - When not set, an existing budget keeps its filters and a new budget counts every cost. V({}) removes every filter.
    type: dict
  cost_types:
    description:
      - Which kinds of cost a C(COST) budget counts. Each option left unset keeps its current value (the AWS default for a new budget).
    type: dict
    suboptions:
      include_tax:
        description: Count taxes.
        type: bool
      include_subscription:
        description: Count non-RI subscription costs.
        type: bool
      use_blended:
        description: Use blended costs.
        type: bool
      include_refund:
        description: Count refunds.
        type: bool
      include_credit:
        description: Count credits.
        type: bool
      include_upfront:
        description: Count upfront reservation costs.
        type: bool
      include_recurring:
        description: Count recurring costs.
        type: bool
      include_other_subscription:
        description: Count other subscription costs.
        type: bool
      include_support:
        description: Count support costs.
        type: bool
      include_discount:
        description: Count discounts.
        type: bool
      use_amortized:
        description: Use amortized costs.
        type: bool
  notifications:
    description:
      - The notifications of the budget, exactly. The budget ends with these and no other.
      - When not set, an existing budget keeps its notifications. V([]) removes every notification.
      - Each notification needs at least one subscriber; AWS allows one SNS topic and up to 10 email addresses per notification.
    type: list
    elements: dict
    suboptions:
      notification_type:
        description:
          - Whether to notify on actual spend or on the spend forecast for the period.
        required: true
        choices: ['ACTUAL', 'FORECASTED']
        type: str
      comparison_operator:
        description:
          - How the spend compares with the threshold to notify.
        default: GREATER_THAN
        choices: ['GREATER_THAN', 'LESS_THAN', 'EQUAL_TO']
        type: str
      threshold:
        description:
          - The threshold, greater than 0; a percentage of the limit or an amount, as O(notifications[].threshold_type) says.
        required: true
        type: float
      threshold_type:
        description:
          - Whether O(notifications[].threshold) is a percentage of the limit or an amount in O(limit_unit).
        default: PERCENTAGE
        choices: ['PERCENTAGE', 'ABSOLUTE_VALUE']
        type: str
      sns_topic_arns:
        description:
          - The ARN of the SNS topic to notify (at most one). The topic's policy must let C(budgets.amazonaws.com) publish.
        type: list
        elements: str
        default: []
      email_addresses:
        description:
          - The email addresses to notify (at most 10).
        type: list
        elements: str
        default: []
notes:
  - AWS Budgets is global; the budget belongs to the account C(sts:GetCallerIdentity) names.
  - Tags apply to the budget's ARN C(arn:<partition>:budgets::<account>:budget/<name>).
  - In check mode the module reports what would change and makes no change; RV(budget) is the budget as it would be.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A monthly cost budget for the prod environment, notified by SNS and email
  webstack.aws.budget:
    name: webstack-prod-monthly
    limit_amount: "500"
    cost_filters:
      TagKeyValue:
        - "user:webstack:environment$prod"
    notifications:
      - notification_type: ACTUAL
        threshold: 80
        sns_topic_arns:
          - arn:aws:sns:us-east-1:123456789012:webstack-prod-budget
        email_addresses:
          - ops@example.com
      - notification_type: FORECASTED
        threshold: 100
        email_addresses:
          - ops@example.com
          - finance@example.com
    tags:
      webstack:stack: webstack
      webstack:environment: prod
  register: budget

- name: A quarterly budget counting amortized costs without credits or refunds
  webstack.aws.budget:
    name: webstack-quarterly
    time_unit: QUARTERLY
    limit_amount: 1500.50
    cost_types:
      use_amortized: true
      include_credit: false
      include_refund: false

- name: Remove the budget
  webstack.aws.budget:
    name: webstack-prod-monthly
    state: absent
"""

RETURN = r"""
budget:
  description:
    - The budget, as DescribeBudget returns it, in snake_case (cost filter names and tag keys as they are), with its
      ARN, its notifications and their subscribers, and its tags.
    - In check mode, the budget as it would be.
  returned: when O(state=present)
  type: dict
  contains:
    budget_name:
      description: The name of the budget.
      type: str
      returned: always
      sample: webstack-prod-monthly
    budget_arn:
      description: The ARN of the budget.
      type: str
      returned: always
      sample: arn:aws:budgets::123456789012:budget/webstack-prod-monthly
    budget_type:
      description: What the budget tracks.
      type: str
      returned: always
      sample: COST
    time_unit:
      description: The length of a budget period.
      type: str
      returned: always
      sample: MONTHLY
    budget_limit:
      description: The limit of each period.
      type: dict
      returned: always
      sample: {"amount": "500.0", "unit": "USD"}
    cost_filters:
      description: The filters on the costs counted.
      type: dict
      returned: when the budget has filters
      sample: {"TagKeyValue": ["user:webstack:environment$prod"]}
    cost_types:
      description: The kinds of cost counted.
      type: dict
      returned: for cost budgets, when AWS reports them
      sample: {"include_tax": true, "use_amortized": false}
    time_period:
      description: When the budget starts and ends (ISO 8601).
      type: dict
      returned: when the budget exists
      sample: {"start": "2025-01-01T00:00:00+00:00", "end": "2087-06-15T00:00:00+00:00"}
    calculated_spend:
      description: The actual and forecasted spend of the period.
      type: dict
      returned: when the budget exists
      sample: {"actual_spend": {"amount": "12.3", "unit": "USD"}, "forecasted_spend": {"amount": "40.0", "unit": "USD"}}
    last_updated_time:
      description: When the budget was last changed (ISO 8601).
      type: str
      returned: when the budget exists
      sample: "2025-01-15T10:00:00+00:00"
    notifications:
      description: The notifications of the budget.
      type: list
      elements: dict
      returned: always
      contains:
        notification_type:
          description: Actual or forecasted spend.
          type: str
          returned: always
          sample: ACTUAL
        comparison_operator:
          description: How spend compares with the threshold.
          type: str
          returned: always
          sample: GREATER_THAN
        threshold:
          description: The threshold.
          type: float
          returned: always
          sample: 80.0
        threshold_type:
          description: Whether the threshold is a percentage or an amount.
          type: str
          returned: always
          sample: PERCENTAGE
        notification_state:
          description: Whether the notification is in alarm (C(ALARM)) or not (C(OK)).
          type: str
          returned: when AWS reports it
          sample: OK
        subscribers:
          description: Who is notified.
          type: list
          elements: dict
          returned: always
          sample: [{"subscription_type": "SNS", "address": "arn:aws:sns:us-east-1:123456789012:webstack-prod-budget"}]
    tags:
      description: The tags of the budget.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
"""

import re
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import snake_dict_to_camel_dict
from ansible_collections.amazon.aws.plugins.module_utils.iam import get_aws_account_info
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.budgets import COMPUTED_MEMBERS
from ansible_collections.webstack.aws.plugins.module_utils.budgets import budget_arn
from ansible_collections.webstack.aws.plugins.module_utils.budgets import budget_view
from ansible_collections.webstack.aws.plugins.module_utils.budgets import notification_identity
from ansible_collections.webstack.aws.plugins.module_utils.budgets import notification_key
from ansible_collections.webstack.aws.plugins.module_utils.budgets import read_budget
from ansible_collections.webstack.aws.plugins.module_utils.budgets import read_state
from ansible_collections.webstack.aws.plugins.module_utils.budgets import subscriber_key
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

COST_TYPES = (
    "include_tax",
    "include_subscription",
    "use_blended",
    "include_refund",
    "include_credit",
    "include_upfront",
    "include_recurring",
    "include_other_subscription",
    "include_support",
    "include_discount",
    "use_amortized",
)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    budget_type=dict(type="str", default="COST", choices=["COST", "USAGE"]),
    time_unit=dict(type="str", default="MONTHLY", choices=["DAILY", "MONTHLY", "QUARTERLY", "ANNUALLY"]),
    limit_amount=dict(type="raw"),
    limit_unit=dict(type="str", default="USD", aliases=["currency"]),
    cost_filters=dict(type="dict"),
    cost_types=dict(type="dict", options={name: dict(type="bool") for name in COST_TYPES}),
    notifications=dict(
        type="list",
        elements="dict",
        options=dict(
            notification_type=dict(type="str", required=True, choices=["ACTUAL", "FORECASTED"]),
            comparison_operator=dict(type="str", default="GREATER_THAN", choices=["GREATER_THAN", "LESS_THAN", "EQUAL_TO"]),
            threshold=dict(type="float", required=True),
            threshold_type=dict(type="str", default="PERCENTAGE", choices=["PERCENTAGE", "ABSOLUTE_VALUE"]),
            sns_topic_arns=dict(type="list", elements="str", default=[]),
            email_addresses=dict(type="list", elements="str", default=[]),
        ),
    ),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
)

DIFF_HIDDEN = ("calculated_spend", "last_updated_time", "health_status")  # computed by AWS: changes are not the module's
MAX_NAME_LENGTH = 100
MAX_SNS_TOPICS = 1  # per notification
MAX_EMAIL_ADDRESSES = 10  # per notification
MAX_THRESHOLD = 15000000000000  # NotificationThreshold's maximum in the service model
EMAIL_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
SNS_TOPIC_ARN = re.compile(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$")

# Calls (operation, parameters) a plan is made of.
Call = Tuple[str, Dict[str, Any]]


# Validating


def limit_decimal(value: Any) -> Optional[Decimal]:
    """limit_amount as a decimal, or None when it is not a finite decimal number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the options, before any AWS call; [] when they are fine."""
    errors = _name_errors(params["name"])
    if params["state"] != "present":
        return errors
    amount = limit_decimal(params["limit_amount"])
    if amount is None or amount <= 0:
        errors.append(f"limit_amount must be a decimal number greater than 0, got {params['limit_amount']!r}")
    if not (params["limit_unit"] or "").strip():
        errors.append("limit_unit must not be empty")
    for key, values in (params["cost_filters"] or {}).items():
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
            errors.append(f"cost_filters[{key!r}] must be a non-empty list of strings, got {values!r}")
    errors.extend(_notification_errors(params["notifications"] or []))
    return errors


def _name_errors(name: str) -> List[str]:
    if not name or len(name) > MAX_NAME_LENGTH or ":" in name or "\\" in name:
        return [f"name must be 1 to {MAX_NAME_LENGTH} characters without ':' or '\\', got {name!r}"]
    return []


def _notification_errors(notifications: List[Dict[str, Any]]) -> List[str]:
    errors = []
    seen = set()
    for index, notification in enumerate(notifications):
        where = f"notifications[{index}]"
        if not 0 < notification["threshold"] <= MAX_THRESHOLD:
            errors.append(f"{where}.threshold must be greater than 0 (and at most {MAX_THRESHOLD}), got {notification['threshold']}")
        topics, addresses = notification["sns_topic_arns"], notification["email_addresses"]
        if not topics and not addresses:
            errors.append(f"{where} needs at least one subscriber in sns_topic_arns or email_addresses")
        if len(topics) > MAX_SNS_TOPICS:
            errors.append(f"{where}.sns_topic_arns may hold at most {MAX_SNS_TOPICS} SNS topic, got {len(topics)}")
        if len(addresses) > MAX_EMAIL_ADDRESSES:
            errors.append(f"{where}.email_addresses may hold at most {MAX_EMAIL_ADDRESSES} addresses, got {len(addresses)}")
        errors.extend(f"{where}.sns_topic_arns: {arn!r} is not an SNS topic ARN" for arn in topics if not SNS_TOPIC_ARN.match(arn))
        errors.extend(f"{where}.email_addresses: {address!r} is not an email address" for address in addresses if not EMAIL_ADDRESS.match(address))
        if len(set(topics + addresses)) != len(topics + addresses):
            errors.append(f"{where} names a subscriber twice")
        key = notification_key(desired_notification(notification)["Notification"])
        if key in seen:
            errors.append(f"{where} repeats another notification (same notification_type, comparison_operator, threshold and threshold_type)")
        seen.add(key)
    return errors


# What the budget should be


def desired_notification(option: Dict[str, Any]) -> Dict[str, Any]:
    """One notifications[] option as AWS's NotificationWithSubscribers."""
    subscribers = [{"SubscriptionType": "SNS", "Address": arn} for arn in option["sns_topic_arns"]]
    subscribers += [{"SubscriptionType": "EMAIL", "Address": address} for address in option["email_addresses"]]
    notification = {
        "NotificationType": option["notification_type"],
        "ComparisonOperator": option["comparison_operator"],
        "Threshold": float(option["threshold"]),
        "ThresholdType": option["threshold_type"],
    }
    return {"Notification": notification, "Subscribers": subscribers}


def desired_budget(current: Optional[Dict[str, Any]], params: Dict[str, Any]) -> Dict[str, Any]:
    """The Budget as it should be: current with the options applied (a limit equal as a decimal stays as AWS wrote it)."""
    budget = {key: value for key, value in (current or {}).items() if key not in COMPUTED_MEMBERS}
    budget.update(BudgetName=params["name"], BudgetType=params["budget_type"], TimeUnit=params["time_unit"])
    limit = {"Amount": format(limit_decimal(params["limit_amount"]), "f"), "Unit": params["limit_unit"]}
    if limit_settings(budget.get("BudgetLimit")) != limit_settings(limit):
        budget["BudgetLimit"] = limit
    if params["cost_filters"] is not None:
        budget["CostFilters"] = {key: list(values) for key, values in params["cost_filters"].items()}
    chosen = {key: value for key, value in (params["cost_types"] or {}).items() if value is not None}
    if chosen:
        budget["CostTypes"] = dict(budget.get("CostTypes") or {}, **snake_dict_to_camel_dict(chosen, capitalize_first=True))
    return budget


def desired_notifications(current: List[Dict[str, Any]], options: Optional[List[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    """The notifications the budget should have; one it keeps shows as AWS answers it (with its state)."""
    if options is None:
        return current
    existing = {notification_key(item["Notification"]): item["Notification"] for item in current}
    wanted = [desired_notification(option) for option in options]
    return [dict(item, Notification=existing.get(notification_key(item["Notification"]), item["Notification"])) for item in wanted]


def desired_tags(current: Dict[str, str], tags: Optional[Dict[str, str]], purge_tags: bool) -> Dict[str, str]:
    if tags is None:
        return dict(current)
    to_set, to_unset = compare_aws_tags(current, tags, purge_tags)
    result = {key: value for key, value in current.items() if key not in to_unset}
    result.update(to_set)
    return result


def desired_state(current: Optional[Dict[str, Any]], params: Dict[str, Any], arn: str) -> Dict[str, Any]:
    """The whole budget state after the module has run, as far as it can be known beforehand."""
    current = current or {"Budget": None, "Notifications": [], "Tags": {}}
    return {
        "Budget": desired_budget(current["Budget"], params),
        "Notifications": desired_notifications(current["Notifications"], params["notifications"]),
        "Tags": desired_tags(current["Tags"], params["tags"], params["purge_tags"]),
        "Arn": arn,
    }


# What differs, and the calls that change it


def limit_settings(limit: Optional[Dict[str, Any]]) -> Optional[Tuple[Decimal, str]]:
    return (Decimal(limit["Amount"]), limit["Unit"]) if limit else None


def budget_settings(budget: Dict[str, Any]) -> Dict[str, Any]:
    """What the module compares of a Budget: decimals as decimals, filter values in any order."""
    return {
        "BudgetType": budget.get("BudgetType"),
        "TimeUnit": budget.get("TimeUnit"),
        "BudgetLimit": limit_settings(budget.get("BudgetLimit")),
        "CostFilters": {key: sorted(values) for key, values in (budget.get("CostFilters") or {}).items()},
        "CostTypes": budget.get("CostTypes") or {},
    }


def pair_up(
    removed: List[Dict[str, Any]], added: List[Dict[str, Any]], kind: Callable[[Dict[str, Any]], str]
) -> Tuple[List[Tuple[Dict[str, Any], Dict[str, Any]]], List[Dict[str, Any]], List[Dict[str, Any]]]:
    """Removed and added items of the same kind, paired in order (each pair is one update instead of a delete and a
    create), then the removed and the added items left without a pair."""
    pairs = []
    lone_removed = []
    lone_added = list(added)
    for old in removed:
        new = next((item for item in lone_added if kind(item) == kind(old)), None)
        if new is None:
            lone_removed.append(old)
        else:
            lone_added.remove(new)
            pairs.append((old, new))
    return pairs, lone_removed, lone_added


def subscriber_calls(base: Dict[str, Any], current: List[Dict[str, Any]], desired: List[Dict[str, Any]]) -> List[Call]:
    """Calls that turn one notification's subscribers from current into desired (base: AccountId, BudgetName, Notification).

    A subscriber replaced by another of its type is updated; then new ones are created before old ones are deleted,
    so the notification never goes without a subscriber.
    """
    current_keys = {subscriber_key(s) for s in current}
    desired_keys = {subscriber_key(s) for s in desired}
    removed = [s for s in current if subscriber_key(s) not in desired_keys]
    added = [s for s in desired if subscriber_key(s) not in current_keys]
    pairs, lone_removed, lone_added = pair_up(removed, added, lambda s: s["SubscriptionType"])
    calls: List[Call] = [("update_subscriber", dict(base, OldSubscriber=old, NewSubscriber=new)) for old, new in pairs]
    calls += [("create_subscriber", dict(base, Subscriber=s)) for s in lone_added]
    calls += [("delete_subscriber", dict(base, Subscriber=s)) for s in lone_removed]
    return calls


def notification_calls(account_id: str, name: str, current: List[Dict[str, Any]], desired: List[Dict[str, Any]]) -> List[Call]:
    """Calls that turn the budget's notifications from current into desired.

    Deletions go first (AWS caps the notifications of a budget); a notification replaced by one of its type is
    updated in place, keeping its subscribers; creations go last.
    """
    base = {"AccountId": account_id, "BudgetName": name}
    current_by_key = {notification_key(item["Notification"]): item for item in current}
    desired_keys = {notification_key(item["Notification"]) for item in desired}
    removed = [item for item in current if notification_key(item["Notification"]) not in desired_keys]
    added = [item for item in desired if notification_key(item["Notification"]) not in current_by_key]
    pairs, lone_removed, lone_added = pair_up(removed, added, lambda item: item["Notification"]["NotificationType"])

    calls: List[Call] = [("delete_notification", dict(base, Notification=notification_identity(item["Notification"]))) for item in lone_removed]
    for old, new in pairs:
        new_identity = notification_identity(new["Notification"])
        calls.append(("update_notification", dict(base, OldNotification=notification_identity(old["Notification"]), NewNotification=new_identity)))
        calls += subscriber_calls(dict(base, Notification=new_identity), old["Subscribers"], new["Subscribers"])
    for item in desired:
        kept = current_by_key.get(notification_key(item["Notification"]))
        if kept is not None:
            calls += subscriber_calls(dict(base, Notification=notification_identity(kept["Notification"])), kept["Subscribers"], item["Subscribers"])
    calls += [
        ("create_notification", dict(base, Notification=notification_identity(item["Notification"]), Subscribers=item["Subscribers"])) for item in lone_added
    ]
    return calls


def tag_calls(arn: str, current: Dict[str, str], desired: Dict[str, str]) -> List[Call]:
    to_set, to_unset = compare_aws_tags(current, desired, purge_tags=True)
    calls: List[Call] = []
    if to_unset:
        calls.append(("untag_resource", {"ResourceARN": arn, "ResourceTagKeys": list(to_unset)}))
    if to_set:
        calls.append(("tag_resource", {"ResourceARN": arn, "ResourceTags": ansible_dict_to_boto3_tag_list(to_set)}))
    return calls


def plan(account_id: str, current: Optional[Dict[str, Any]], desired: Dict[str, Any]) -> List[Call]:
    """Every call that brings the budget from current (None: it does not exist) to desired; [] when nothing differs."""
    name = desired["Budget"]["BudgetName"]
    if current is None:
        create = {"AccountId": account_id, "Budget": desired["Budget"], "NotificationsWithSubscribers": desired["Notifications"]}
        if desired["Tags"]:
            create["ResourceTags"] = ansible_dict_to_boto3_tag_list(desired["Tags"])
        return [("create_budget", create)]
    calls: List[Call] = []
    if budget_settings(current["Budget"]) != budget_settings(desired["Budget"]):
        calls.append(("update_budget", {"AccountId": account_id, "NewBudget": desired["Budget"]}))
    calls += notification_calls(account_id, name, current["Notifications"], desired["Notifications"])
    calls += tag_calls(desired["Arn"], current["Tags"], desired["Tags"])
    return calls


def diff_view(state: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """What the diff shows of a budget: what the module manages, not the spend AWS computes."""
    return {key: value for key, value in budget_view(state).items() if key not in DIFF_HIDDEN}


# AWS


class BudgetManager:
    """Brings one budget to the state the module's options describe."""

    def __init__(self, module, client, account_id: str, partition: str) -> None:
        self.module = module
        self.client = client
        self.account_id = account_id
        self.partition = partition
        self.name = module.params["name"]

    def read(self) -> Optional[Dict[str, Any]]:
        try:
            budget = read_budget(self.client, self.account_id, self.name)
            return None if budget is None else read_state(self.client, self.account_id, self.partition, budget)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to describe budget {self.name}")

    def call(self, operation: str, params: Dict[str, Any]) -> None:
        try:
            getattr(self.client, operation)(aws_retry=True, **params)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to {operation.replace('_', ' ')} for budget {self.name}")

    def ensure_present(self) -> Dict[str, Any]:
        current = self.read()
        desired = desired_state(current, self.module.params, budget_arn(self.partition, self.account_id, self.name))
        calls = plan(self.account_id, current, desired)
        after = desired if calls else current
        if calls and not self.module.check_mode:
            for operation, params in calls:
                self.call(operation, params)
            after = self.read()
        return {"changed": bool(calls), "budget": budget_view(after), "diff": {"before": diff_view(current), "after": diff_view(after)}}

    def ensure_absent(self) -> Dict[str, Any]:
        current = self.read()
        if current is not None and not self.module.check_mode:
            self.call("delete_budget", {"AccountId": self.account_id, "BudgetName": self.name})
        return {"changed": current is not None, "diff": {"before": diff_view(current), "after": {}}}


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, required_if=[("state", "present", ["limit_amount"])], supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("budgets", retry_decorator=retrying())
    account_id, partition = get_aws_account_info(module)
    manager = BudgetManager(module, client, account_id, partition)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
