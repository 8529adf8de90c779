# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Cost Anomaly Detection: the logic shared by cost_anomaly_monitor, cost_anomaly_subscription and cost_anomaly_monitor_info.

Everything here except the few reading helpers at the end (which only drive the calls of a client they are
given) is pure: it validates options, compares what exists with what is wanted and builds what to send.
Monitor specifications and threshold expressions are Cost Explorer ``Expression`` dicts, taken and returned in
the API's CamelCase, as amazon.aws modules take policies.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.cost_explorer import paginate

MONITOR_ARN = re.compile(r"^arn:aws[a-z-]*:ce::\d{12}:anomalymonitor/[-a-zA-Z0-9]+$")
SUBSCRIPTION_ARN = re.compile(r"^arn:aws[a-z-]*:ce::\d{12}:anomalysubscription/[-a-zA-Z0-9]+$")
EMAIL_ADDRESS = re.compile(r"^[a-zA-Z0-9.!#$%&'*+=?^_`{|}~-]+@[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)+$")
SNS_TOPIC_ARN = re.compile(r"^arn:aws[a-zA-Z-]*:sns:[a-zA-Z0-9-]+:\d{12}:[a-zA-Z0-9_-]+(\.fifo)?$")
MAX_NAME_LENGTH = 1024

# Expression: the operators that combine expressions and the leaves that filter on values.
COMBINERS = ("And", "Or")
LEAVES = ("Dimensions", "Tags", "CostCategories")
LEAF_KEYS = ("Key", "Values", "MatchOptions")
MATCH_OPTIONS = ("EQUALS", "ABSENT", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "CASE_SENSITIVE", "CASE_INSENSITIVE", "GREATER_THAN_OR_EQUAL")

DIMENSIONS_WITH_SPECIFICATION = ("TAG", "COST_CATEGORY")
IMMUTABLE_MONITOR_FIELDS = ("monitor_type", "monitor_dimension", "monitor_specification")

THRESHOLD_ABSOLUTE = "ANOMALY_TOTAL_IMPACT_ABSOLUTE"
THRESHOLD_PERCENTAGE = "ANOMALY_TOTAL_IMPACT_PERCENTAGE"
THRESHOLD_MAX = 10000000000
MAX_EMAIL_SUBSCRIBERS = 10
# Subscriber type each frequency notifies (DAILY and WEEKLY send email summaries; IMMEDIATE publishes to SNS).
SUBSCRIBER_TYPE = {"DAILY": "EMAIL", "WEEKLY": "EMAIL", "IMMEDIATE": "SNS"}


# Validation


def expression_errors(expression: Any, option: str) -> List[str]:
    """Why expression is not a Cost Explorer Expression (And, Or, Not, Dimensions, Tags, CostCategories)."""
    if not isinstance(expression, dict) or len(expression) != 1:
        return [f"{option} must be a dict with exactly one of And, Or, Not, Dimensions, Tags, CostCategories"]
    [(operator, operand)] = expression.items()
    if operator in COMBINERS:
        if not isinstance(operand, list) or len(operand) < 2:
            return [f"{option}.{operator} must be a list of at least two expressions"]
        return [error for index, item in enumerate(operand) for error in expression_errors(item, f"{option}.{operator}[{index}]")]
    if operator == "Not":
        return expression_errors(operand, f"{option}.Not")
    if operator not in LEAVES:
        return [f"{option} has an unknown key {operator}; allowed: {', '.join((*COMBINERS, 'Not', *LEAVES))}"]
    return _leaf_errors(operand, f"{option}.{operator}")


def _leaf_errors(leaf: Any, option: str) -> List[str]:
    if not isinstance(leaf, dict) or not leaf.get("Key"):
        return [f"{option} must be a dict with a Key"]
    errors = [f"{option} has an unknown key {key}; allowed: {', '.join(LEAF_KEYS)}" for key in leaf if key not in LEAF_KEYS]
    for key in ("Values", "MatchOptions"):
        if key in leaf and (not isinstance(leaf[key], list) or not all(isinstance(value, str) for value in leaf[key])):
            errors.append(f"{option}.{key} must be a list of strings")
    unknown = [match for match in leaf.get("MatchOptions") or [] if match not in MATCH_OPTIONS]
    if unknown:
        errors.append(f"{option}.MatchOptions has {', '.join(map(str, unknown))}; allowed: {', '.join(MATCH_OPTIONS)}")
    return errors


def threshold_expression_errors(expression: Any, option: str = "threshold_expression") -> List[str]:
    """Why expression is not a ThresholdExpression AWS accepts (impact dimensions, GREATER_THAN_OR_EQUAL, And/Or, numbers)."""
    if not isinstance(expression, dict) or len(expression) != 1:
        return [f"{option} must be a dict with exactly one of And, Or, Dimensions"]
    [(operator, operand)] = expression.items()
    if operator in COMBINERS:
        if not isinstance(operand, list) or len(operand) < 2:
            return [f"{option}.{operator} must be a list of at least two expressions"]
        return [error for index, item in enumerate(operand) for error in threshold_expression_errors(item, f"{option}.{operator}[{index}]")]
    if operator != "Dimensions":
        return [f"{option} may use only And, Or and Dimensions, not {operator}"]
    if not isinstance(operand, dict):
        return [f"{option}.Dimensions must be a dict"]
    errors = []
    if operand.get("Key") not in (THRESHOLD_ABSOLUTE, THRESHOLD_PERCENTAGE):
        errors.append(f"{option}.Dimensions.Key must be {THRESHOLD_ABSOLUTE} or {THRESHOLD_PERCENTAGE}")
    if operand.get("MatchOptions") != ["GREATER_THAN_OR_EQUAL"]:
        errors.append(f"{option}.Dimensions.MatchOptions must be [GREATER_THAN_OR_EQUAL]")
    values = operand.get("Values")
    if not isinstance(values, list) or len(values) != 1 or number_or_none(values[0]) is None:
        errors.append(f"{option}.Dimensions.Values must hold exactly one number, as a string")
    elif not 0 <= number_or_none(values[0]) <= THRESHOLD_MAX:
        errors.append(f"{option}.Dimensions.Values must be between 0 and {THRESHOLD_MAX}")
    return errors


def number_or_none(value: Any) -> Optional[float]:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def name_errors(name: Optional[str], option: str) -> List[str]:
    if name is None:
        return []
    if not name.strip() or len(name) > MAX_NAME_LENGTH:
        return [f"{option} must be a non-empty string of at most {MAX_NAME_LENGTH} characters"]
    return []


def arn_errors(arn: Optional[str], pattern: Any, option: str, kind: str) -> List[str]:
    if arn is None or pattern.match(arn):
        return []
    return [f"{option} must be the ARN of a {kind} (arn:aws:ce::<account>:{kind}/<id>), got {arn!r}"]


def tag_errors(tags: Optional[Dict[str, Any]]) -> List[str]:
    if not tags:
        return []
    reserved = [key for key in tags if str(key).lower().startswith("aws:")]
    return [f"tags may not use the reserved prefix aws: ({', '.join(reserved)})"] if reserved else []


def validate_monitor_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with cost_anomaly_monitor's options; empty when they are usable."""
    errors = name_errors(params["name"], "name") + arn_errors(params.get("monitor_arn"), MONITOR_ARN, "monitor_arn", "anomalymonitor")
    if params["state"] == "absent":
        return errors
    errors += tag_errors(params.get("tags"))
    specification = params.get("monitor_specification")
    if specification is not None:
        errors += expression_errors(specification, "monitor_specification")
    if params["monitor_type"] == "CUSTOM":
        if params.get("monitor_dimension") is not None:
            errors.append("monitor_dimension is only allowed with monitor_type=DIMENSIONAL")
        if specification is None:
            errors.append("monitor_specification is required with monitor_type=CUSTOM")
        return errors
    dimension = params.get("monitor_dimension") or "SERVICE"
    if dimension in DIMENSIONS_WITH_SPECIFICATION and specification is None:
        errors.append(f"monitor_specification is required with monitor_dimension={dimension}")
    if dimension not in DIMENSIONS_WITH_SPECIFICATION and specification is not None:
        errors.append(f"monitor_specification is not allowed with monitor_type=DIMENSIONAL and monitor_dimension={dimension}; use monitor_type=CUSTOM")
    return errors


def validate_subscription_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with cost_anomaly_subscription's options; empty when they are usable."""
    errors = name_errors(params["name"], "name")
    errors += arn_errors(params.get("subscription_arn"), SUBSCRIPTION_ARN, "subscription_arn", "anomalysubscription")
    if params["state"] == "absent":
        return errors
    errors += tag_errors(params.get("tags"))
    monitor_arns = params.get("monitor_arns")
    if not monitor_arns:
        errors.append("monitor_arns is required with state=present (at least one monitor ARN)")
    for arn in monitor_arns or []:
        errors += arn_errors(arn, MONITOR_ARN, "monitor_arns", "anomalymonitor")
    errors += subscriber_errors(params["frequency"], params.get("subscribers") or [])
    errors += threshold_errors(params)
    return errors


def subscriber_errors(frequency: str, subscribers: List[Dict[str, Any]]) -> List[str]:
    wanted = SUBSCRIBER_TYPE[frequency]
    if not subscribers:
        return [f"subscribers is required with state=present (frequency={frequency} notifies {wanted} subscribers)"]
    errors = []
    for subscriber in subscribers:
        kind, address = subscriber["type"], subscriber["address"]
        if kind != wanted:
            errors.append(f"subscribers: frequency={frequency} notifies {wanted} subscribers only, not {kind} ({address})")
        elif kind == "EMAIL" and not EMAIL_ADDRESS.match(address):
            errors.append(f"subscribers: {address!r} is not a well-formed email address")
        elif kind == "SNS" and not SNS_TOPIC_ARN.match(address):
            errors.append(f"subscribers: {address!r} is not an SNS topic ARN")
    addresses = [subscriber["address"] for subscriber in subscribers]
    if len(set(addresses)) != len(addresses):
        errors.append("subscribers: each address may appear once")
    if wanted == "EMAIL" and len(subscribers) > MAX_EMAIL_SUBSCRIBERS:
        errors.append(f"subscribers: at most {MAX_EMAIL_SUBSCRIBERS} EMAIL subscribers, got {len(subscribers)}")
    if wanted == "SNS" and len(subscribers) > 1:
        errors.append("subscribers: frequency=IMMEDIATE notifies one SNS topic")
    return errors


def threshold_errors(params: Dict[str, Any]) -> List[str]:
    expression = params.get("threshold_expression")
    simple = {key: params.get(key) for key in ("threshold_absolute", "threshold_percentage") if params.get(key) is not None}
    if expression is not None and simple:
        return [f"threshold_expression and {', '.join(simple)} are mutually exclusive"]
    if expression is None and not simple:
        return ["one of threshold_expression, threshold_absolute or threshold_percentage is required with state=present"]
    if expression is not None:
        return threshold_expression_errors(expression)
    return [f"{key} must be between 0 and {THRESHOLD_MAX}, got {value}" for key, value in simple.items() if not 0 <= value <= THRESHOLD_MAX]


# Monitors


def desired_monitor(params: Dict[str, Any]) -> Dict[str, Any]:
    """The monitor the options describe, in the module's view (no ARN)."""
    dimensional = params["monitor_type"] == "DIMENSIONAL"
    return {
        "monitor_name": params["name"],
        "monitor_type": params["monitor_type"],
        "monitor_dimension": (params.get("monitor_dimension") or "SERVICE") if dimensional else None,
        "monitor_specification": params.get("monitor_specification"),
    }


def monitor_view(monitor: Optional[Dict[str, Any]], tags: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """A GetAnomalyMonitors item in snake_case, the specification kept in CamelCase, with its tags."""
    if monitor is None:
        return {}
    view = camel_dict_to_snake_dict(monitor, ignore_list=["MonitorSpecification"])
    view.setdefault("monitor_dimension", None)
    view.setdefault("monitor_specification", None)
    view["tags"] = dict(tags or {})
    return view


def immutable_changes(current: Dict[str, Any], desired: Dict[str, Any]) -> List[str]:
    """The fields AWS cannot update that differ between the current monitor (view) and the desired one."""
    return [key for key in IMMUTABLE_MONITOR_FIELDS if _plain(current.get(key)) != _plain(desired.get(key))]


def create_monitor_request(desired: Dict[str, Any]) -> Dict[str, Any]:
    monitor = {"MonitorName": desired["monitor_name"], "MonitorType": desired["monitor_type"]}
    if desired["monitor_dimension"] is not None:
        monitor["MonitorDimension"] = desired["monitor_dimension"]
    if desired["monitor_specification"] is not None:
        monitor["MonitorSpecification"] = desired["monitor_specification"]
    return monitor


def _plain(value: Any) -> Any:
    """An expression without empty members, so an echo that leaves out an empty list compares equal."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if item not in (None, [], {})}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


# Subscriptions


def threshold_expression(params: Dict[str, Any]) -> Dict[str, Any]:
    """The ThresholdExpression the options ask for: threshold_expression, or the simple thresholds (both: And)."""
    if params.get("threshold_expression") is not None:
        return params["threshold_expression"]
    leaves = [
        impact_threshold(key, params[option])
        for key, option in ((THRESHOLD_ABSOLUTE, "threshold_absolute"), (THRESHOLD_PERCENTAGE, "threshold_percentage"))
        if params.get(option) is not None
    ]
    return leaves[0] if len(leaves) == 1 else {"And": leaves}


def impact_threshold(key: str, value: float) -> Dict[str, Any]:
    return {"Dimensions": {"Key": key, "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": [_number_text(value)]}}


def _number_text(value: float) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def comparable_threshold(expression: Optional[Dict[str, Any]]) -> Any:
    """A threshold expression with its numbers as floats and And/Or members in a stable order ("100" equals "100.0")."""
    if not expression:
        return None
    [(operator, operand)] = expression.items()
    if operator in COMBINERS:
        return {operator: sorted((comparable_threshold(item) for item in operand), key=repr)}
    values = [number_or_none(value) for value in operand.get("Values") or []]
    return {operator: {"Key": operand.get("Key"), "MatchOptions": sorted(operand.get("MatchOptions") or []), "Values": values}}


def current_threshold(subscription: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The subscription's threshold as an expression (a subscription made with the deprecated Threshold may lack one)."""
    if subscription.get("ThresholdExpression"):
        return subscription["ThresholdExpression"]
    if subscription.get("Threshold") is not None:
        return impact_threshold(THRESHOLD_ABSOLUTE, subscription["Threshold"])
    return None


def desired_subscription(params: Dict[str, Any]) -> Dict[str, Any]:
    """The subscription the options describe, as the API spells it (no ARN)."""
    return {
        "SubscriptionName": params["name"],
        "MonitorArnList": list(dict.fromkeys(params["monitor_arns"])),
        "Subscribers": [{"Type": s["type"], "Address": s["address"]} for s in params["subscribers"]],
        "Frequency": params["frequency"],
        "ThresholdExpression": threshold_expression(params),
    }


def _subscribers_key(subscribers: List[Dict[str, Any]]) -> List[Any]:
    return sorted((s.get("Type"), s.get("Address")) for s in subscribers)


def subscription_update(current: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
    """The UpdateAnomalySubscription fields that differ (empty when the subscription is as wanted)."""
    update: Dict[str, Any] = {}
    if current.get("SubscriptionName") != desired["SubscriptionName"]:
        update["SubscriptionName"] = desired["SubscriptionName"]
    if sorted(current.get("MonitorArnList") or []) != sorted(desired["MonitorArnList"]):
        update["MonitorArnList"] = desired["MonitorArnList"]
    if current.get("Frequency") != desired["Frequency"]:
        update["Frequency"] = desired["Frequency"]
    if _subscribers_key(current.get("Subscribers") or []) != _subscribers_key(desired["Subscribers"]):
        update["Subscribers"] = desired["Subscribers"]
    if comparable_threshold(current_threshold(current)) != comparable_threshold(desired["ThresholdExpression"]):
        update["ThresholdExpression"] = desired["ThresholdExpression"]
    return update


def subscription_after(current: Dict[str, Any], update: Dict[str, Any]) -> Dict[str, Any]:
    """The subscription as it will read after update (for check mode and the diff)."""
    after = {**current, **update}
    if "ThresholdExpression" in update:
        after.pop("Threshold", None)
    return after


def subscription_view(subscription: Optional[Dict[str, Any]], tags: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """A GetAnomalySubscriptions item in snake_case, the threshold expression kept in CamelCase, with its tags."""
    if subscription is None:
        return {}
    view = camel_dict_to_snake_dict(subscription, ignore_list=["ThresholdExpression"])
    view["tags"] = dict(tags or {})
    return view


def by_name(items: List[Dict[str, Any]], key: str, name: str) -> List[Dict[str, Any]]:
    return [item for item in items if item.get(key) == name]


def by_arn(items: List[Dict[str, Any]], key: str, arn: str) -> Optional[Dict[str, Any]]:
    return next((item for item in items if item.get(key) == arn), None)


# Tags


def tag_changes(current: Dict[str, str], wanted: Optional[Dict[str, Any]], purge: bool) -> Tuple[Dict[str, str], List[str]]:
    """The tags to set and the keys to remove; none when tags is not given (amazon.aws: leave them alone)."""
    if wanted is None:
        return {}, []
    return compare_aws_tags(current, {str(k): str(v) for k, v in wanted.items()}, purge)


def tags_after(current: Dict[str, str], wanted: Optional[Dict[str, Any]], purge: bool) -> Dict[str, str]:
    to_set, to_remove = tag_changes(current, wanted, purge)
    after = {key: value for key, value in current.items() if key not in to_remove}
    after.update(to_set)
    return after


def resource_tags(tags: Dict[str, str]) -> Dict[str, Any]:
    """The ResourceTags parameter of a create call for tags (nothing when there are none)."""
    return {"ResourceTags": ansible_dict_to_boto3_tag_list(tags)} if tags else {}


# Reading and tagging (the only code here that calls AWS; the caller handles errors)


def get_all(client, operation: str, result_key: str, **params: Any) -> List[Dict[str, Any]]:
    """Every item of a paginated Get call (GetAnomalyMonitors, GetAnomalySubscriptions)."""
    pages = paginate(functools.partial(getattr(client, operation), aws_retry=True), params, "NextPageToken")
    return [item for page in pages for item in page.get(result_key) or []]


def get_monitors(client) -> List[Dict[str, Any]]:
    return get_all(client, "get_anomaly_monitors", "AnomalyMonitors")


def get_subscriptions(client) -> List[Dict[str, Any]]:
    return get_all(client, "get_anomaly_subscriptions", "AnomalySubscriptions")


# What Cost Explorer may answer about a monitor or subscription just made, until it has propagated:
# reads right after a create, and a subscription to a monitor made a moment before, retry on these.
SETTLING_CODES = ("UnknownMonitorException", "UnknownSubscriptionException", "ResourceNotFoundException")


def get_tags(client, arn: str) -> Dict[str, str]:
    return boto3_tag_list_to_ansible_dict(client.list_tags_for_resource(aws_retry=True, ResourceArn=arn).get("ResourceTags") or [])


def apply_tags(client, arn: str, to_set: Dict[str, str], to_remove: List[str]) -> None:
    if to_remove:
        client.untag_resource(aws_retry=True, ResourceArn=arn, ResourceTagKeys=to_remove)
    if to_set:
        client.tag_resource(aws_retry=True, ResourceArn=arn, ResourceTags=ansible_dict_to_boto3_tag_list(to_set))
