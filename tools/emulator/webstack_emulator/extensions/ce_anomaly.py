"""Cost Anomaly Detection for moto 5.2.5 (moto/ce): monitors, alert subscriptions, anomalies, and the tags of both.

moto's Cost Explorer knows cost categories, resource tags and GetCostAndUsage only; every anomaly operation
answered an unknown action. Here the Cost Explorer backend keeps, per account, the monitors and subscriptions
the way the API reference and botocore's ``ce`` model describe them:

- monitor ARNs are ``arn:<partition>:ce::<account>:anomalymonitor/<uuid>``, subscription ARNs
  ``arn:<partition>:ce::<account>:anomalysubscription/<uuid>``;
- a DIMENSIONAL monitor needs a MonitorDimension, and a MonitorSpecification only (and always) for TAG and
  COST_CATEGORY; a CUSTOM monitor needs a MonitorSpecification and no MonitorDimension (``ValidationException``);
- only the name of a monitor can be updated; an unknown monitor is ``UnknownMonitorException``, an unknown
  subscription ``UnknownSubscriptionException``;
- a subscription has exactly one of Threshold (deprecated shorthand) and ThresholdExpression; the expression may
  only use ANOMALY_TOTAL_IMPACT_ABSOLUTE and ANOMALY_TOTAL_IMPACT_PERCENTAGE with GREATER_THAN_OR_EQUAL, And and
  Or, and numbers between 0 and 10,000,000,000; it reads back with each number as a double (``"100"`` answers
  ``"100.0"``), and Threshold given alone reads back as both Threshold and the absolute ThresholdExpression;
- DAILY and WEEKLY subscriptions notify EMAIL subscribers (at most 10), IMMEDIATE ones one SNS topic;
- tags of a monitor or subscription ARN that does not exist are ``ResourceNotFoundException``; a resource keeps at
  most 50 tags (``TooManyTagsException``); deleting a monitor or subscription forgets its tags.

GetAnomalies answers no anomaly: the emulator has no spend to detect one in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

MONITOR = "anomalymonitor"
SUBSCRIPTION = "anomalysubscription"
ARN_PATTERN = re.compile(r"^arn:aws[-a-z0-9]*:ce::\d{12}:(anomalymonitor|anomalysubscription)/[-a-f0-9]+$")

MONITOR_TYPES = ("DIMENSIONAL", "CUSTOM")
DIMENSIONS = ("SERVICE", "LINKED_ACCOUNT", "TAG", "COST_CATEGORY")
DIMENSIONS_WITH_SPECIFICATION = ("TAG", "COST_CATEGORY")
FREQUENCIES = ("DAILY", "IMMEDIATE", "WEEKLY")
THRESHOLD_KEYS = ("ANOMALY_TOTAL_IMPACT_ABSOLUTE", "ANOMALY_TOTAL_IMPACT_PERCENTAGE")
THRESHOLD_MAX = 10_000_000_000
MAX_EMAIL_SUBSCRIBERS = 10
MAX_TAGS = 50
PAGE_SIZE = 100  # the emulator's page when MaxResults is not given
EMAIL = re.compile(r"^[a-zA-Z0-9.!#$%&'*+=?^_`{|}~-]+@[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)+$")
SNS_TOPIC = re.compile(r"^arn:(aws[a-zA-Z-]*):sns:[a-zA-Z0-9-]+:[0-9]{12}:[a-zA-Z0-9_-]+(\.fifo)?$")
DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}Z)?$")


def _error(code: str, message: str, **extra: str) -> Exception:
    from moto.core.exceptions import JsonRESTError

    error = JsonRESTError(code, message)
    if extra:
        body = json.loads(error.description)
        body.update(extra)
        error.description = json.dumps(body)
    return error


def validation(message: str) -> Exception:
    return _error("ValidationException", message)


def is_date(value: Any) -> bool:
    if not isinstance(value, str) or not DATE.match(value):
        return False
    try:
        datetime.strptime(value[:10], "%Y-%m-%d")
    except ValueError:
        return False
    return True


def today() -> str:
    return date.today().isoformat()


# --- the resources --------------------------------------------------------------------


@dataclass
class Monitor:
    arn: str
    name: str
    monitor_type: str
    dimension: str | None
    specification: dict[str, Any] | None
    created: str = field(default_factory=today)
    updated: str = field(default_factory=today)

    def to_json(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "MonitorArn": self.arn,
            "MonitorName": self.name,
            "CreationDate": self.created,
            "LastUpdatedDate": self.updated,
            "MonitorType": self.monitor_type,
        }
        if self.dimension is not None:
            answer["MonitorDimension"] = self.dimension
            answer["DimensionalValueCount"] = 0
        if self.specification is not None:
            answer["MonitorSpecification"] = self.specification
        return answer


@dataclass
class Subscription:
    arn: str
    account_id: str
    name: str
    monitor_arns: list[str]
    subscribers: list[dict[str, str]]
    frequency: str
    threshold_expression: dict[str, Any]
    threshold: float | None

    def to_json(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "SubscriptionArn": self.arn,
            "AccountId": self.account_id,
            "MonitorArnList": list(self.monitor_arns),
            "Subscribers": [{**subscriber, "Status": "CONFIRMED"} for subscriber in self.subscribers],
            "Frequency": self.frequency,
            "SubscriptionName": self.name,
            "ThresholdExpression": self.threshold_expression,
        }
        if self.threshold is not None:
            answer["Threshold"] = self.threshold
        return answer


@dataclass
class AnomalyState:
    monitors: dict[str, Monitor] = field(default_factory=dict)
    subscriptions: dict[str, Subscription] = field(default_factory=dict)


def state_of(backend: Any) -> AnomalyState:
    """The backend's monitors and subscriptions (made on first use; moto's reset forgets them with the backend)."""
    state = backend.__dict__.get("anomaly_state")
    if state is None:
        state = backend.__dict__["anomaly_state"] = AnomalyState()
    return state


def new_arn(backend: Any, kind: str) -> str:
    from moto.moto_api._internal import mock_random
    from moto.utilities.utils import get_partition

    return f"arn:{get_partition(backend.region_name)}:ce::{backend.account_id}:{kind}/{mock_random.uuid4()}"


# --- validation, as AWS answers it ------------------------------------------------------


def check_monitor(monitor_type: str | None, dimension: str | None, specification: dict[str, Any] | None) -> None:
    if monitor_type not in MONITOR_TYPES:
        raise validation(f"MonitorType must be one of {', '.join(MONITOR_TYPES)}")
    if monitor_type == "CUSTOM":
        if dimension is not None:
            raise validation("MonitorDimension must not be specified for a CUSTOM monitor")
        if not specification:
            raise validation("MonitorSpecification is required for a CUSTOM monitor")
        return
    if dimension not in DIMENSIONS:
        raise validation(f"MonitorDimension must be one of {', '.join(DIMENSIONS)} for a DIMENSIONAL monitor")
    if dimension in DIMENSIONS_WITH_SPECIFICATION and not specification:
        raise validation(f"MonitorSpecification is required for a DIMENSIONAL monitor of dimension {dimension}")
    if dimension not in DIMENSIONS_WITH_SPECIFICATION and specification:
        raise validation(f"MonitorSpecification must not be specified for a DIMENSIONAL monitor of dimension {dimension}")


def normalized_threshold(expression: Any) -> dict[str, Any]:
    """The ThresholdExpression as AWS keeps it (numbers as doubles), or ValidationException."""
    if not isinstance(expression, dict) or len(expression) != 1:
        raise validation("ThresholdExpression must have exactly one of And, Or and Dimensions")
    [(operator, operand)] = expression.items()
    if operator in ("And", "Or"):
        if not isinstance(operand, list) or len(operand) < 2:
            raise validation(f"ThresholdExpression {operator} needs at least two expressions")
        return {operator: [normalized_threshold(item) for item in operand]}
    if operator != "Dimensions":
        raise validation(f"ThresholdExpression does not support {operator}; use Dimensions, And or Or")
    if operand.get("Key") not in THRESHOLD_KEYS:
        raise validation(f"ThresholdExpression Dimensions Key must be one of {', '.join(THRESHOLD_KEYS)}")
    if operand.get("MatchOptions") != ["GREATER_THAN_OR_EQUAL"]:
        raise validation("ThresholdExpression Dimensions MatchOptions must be [GREATER_THAN_OR_EQUAL]")
    values = operand.get("Values") or []
    if len(values) != 1:
        raise validation("ThresholdExpression Dimensions Values must hold exactly one number")
    try:
        number = float(values[0])
    except ValueError:
        raise validation(f"ThresholdExpression value {values[0]!r} is not a number") from None
    if not 0 <= number <= THRESHOLD_MAX:
        raise validation(f"ThresholdExpression value {values[0]} must be between 0 and {THRESHOLD_MAX}")
    return {"Dimensions": {"Key": operand["Key"], "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": [str(number)]}}


def absolute_threshold(threshold: float) -> dict[str, Any]:
    return {"Dimensions": {"Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE", "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": [str(float(threshold))]}}


def check_subscribers(frequency: str, subscribers: list[dict[str, Any]]) -> list[dict[str, str]]:
    if frequency not in FREQUENCIES:
        raise validation(f"Frequency must be one of {', '.join(FREQUENCIES)}")
    if not subscribers:
        raise validation("Subscribers must name at least one subscriber")
    wanted = "SNS" if frequency == "IMMEDIATE" else "EMAIL"
    kept = []
    for subscriber in subscribers:
        kind, address = subscriber.get("Type"), subscriber.get("Address") or ""
        if kind != wanted:
            raise validation(f"A {frequency} subscription notifies {wanted} subscribers only, not {kind}")
        if not (EMAIL if kind == "EMAIL" else SNS_TOPIC).match(address):
            raise validation(f"Subscriber address {address!r} is not a valid {'email address' if kind == 'EMAIL' else 'SNS topic ARN'}")
        kept.append({"Address": address, "Type": kind})
    if wanted == "SNS" and len(kept) > 1:
        raise validation("An IMMEDIATE subscription notifies one SNS topic")
    if len(kept) > MAX_EMAIL_SUBSCRIBERS:
        raise validation(f"A subscription notifies at most {MAX_EMAIL_SUBSCRIBERS} email subscribers")
    return kept


def threshold_of(threshold: float | None, expression: dict[str, Any] | None) -> tuple[dict[str, Any], float | None]:
    """The subscription's (ThresholdExpression, Threshold) from a request that gives exactly one of them."""
    if (threshold is None) == (expression is None):
        raise validation("Specify exactly one of Threshold and ThresholdExpression")
    if expression is not None:
        return normalized_threshold(expression), None
    if threshold < 0:
        raise validation("Threshold must not be negative")
    return absolute_threshold(threshold), float(threshold)


def page(items: list[Any], token: str | None, size: int | None) -> tuple[list[Any], str | None]:
    start = 0
    if token:
        if not token.isdigit() or int(token) > len(items):
            raise _error("InvalidNextTokenException", "Invalid NextPageToken")
        start = int(token)
    end = start + (size if size and size > 0 else PAGE_SIZE)
    return items[start:end], (str(end) if end < len(items) else None)


# --- the backend ------------------------------------------------------------------------


def monitor_of(backend: Any, arn: str) -> Monitor:
    monitor = state_of(backend).monitors.get(arn)
    if monitor is None:
        raise _error("UnknownMonitorException", f"Cost anomaly monitor {arn} does not exist")
    return monitor


def subscription_of(backend: Any, arn: str) -> Subscription:
    subscription = state_of(backend).subscriptions.get(arn)
    if subscription is None:
        raise _error("UnknownSubscriptionException", f"Cost anomaly subscription {arn} does not exist")
    return subscription


def check_monitors_exist(backend: Any, arns: list[str]) -> None:
    if not arns:
        raise validation("MonitorArnList must name at least one monitor")
    for arn in arns:
        monitor_of(backend, arn)


def forget_tags(backend: Any, arn: str) -> None:
    backend.tagger.delete_all_tags_for_resource(arn)


def request(response: Any) -> dict[str, Any]:
    return json.loads(response.body or "{}")


@fix(
    "ce",
    "CreateAnomalyMonitor",
    "No such operation in moto's Cost Explorer. AWS creates a cost anomaly monitor (DIMENSIONAL with a "
    "MonitorDimension, or CUSTOM with a MonitorSpecification) with its ResourceTags and answers its ARN. "
    "webstack.aws cost_anomaly_monitor creates monitors with it.",
)
def create_anomaly_monitor() -> None:
    from moto.ce.models import CostExplorerBackend
    from moto.ce.responses import CostExplorerResponse

    def backend_create(self: CostExplorerBackend, monitor: dict[str, Any], tags: list[dict[str, str]] | None) -> str:
        check_monitor(monitor.get("MonitorType"), monitor.get("MonitorDimension"), monitor.get("MonitorSpecification"))
        if not monitor.get("MonitorName"):
            raise validation("MonitorName is required")
        check_tag_count(self, [], tags or [])
        created = Monitor(
            arn=new_arn(self, MONITOR),
            name=monitor["MonitorName"],
            monitor_type=monitor["MonitorType"],
            dimension=monitor.get("MonitorDimension"),
            specification=monitor.get("MonitorSpecification"),
        )
        state_of(self).monitors[created.arn] = created
        self.tagger.tag_resource(created.arn, tags or [])
        return created.arn

    def response(self: CostExplorerResponse) -> str:
        params = request(self)
        arn = self.ce_backend.create_anomaly_monitor(params.get("AnomalyMonitor") or {}, params.get("ResourceTags"))
        return json.dumps({"MonitorArn": arn})

    CostExplorerBackend.create_anomaly_monitor = backend_create  # type: ignore[attr-defined]
    CostExplorerResponse.create_anomaly_monitor = response  # type: ignore[attr-defined]


@fix(
    "ce",
    "GetAnomalyMonitors",
    "No such operation in moto's Cost Explorer. AWS answers the account's monitors (optionally only those of "
    "MonitorArnList; an unknown ARN is UnknownMonitorException), paginated with MaxResults and NextPageToken. "
    "webstack.aws cost_anomaly_monitor and cost_anomaly_monitor_info find monitors with it.",
)
def get_anomaly_monitors() -> None:
    from moto.ce.models import CostExplorerBackend
    from moto.ce.responses import CostExplorerResponse

    def backend_get(self: CostExplorerBackend, arns: list[str] | None) -> list[Monitor]:
        if arns:
            return [monitor_of(self, arn) for arn in dict.fromkeys(arns)]
        return list(state_of(self).monitors.values())

    def response(self: CostExplorerResponse) -> str:
        params = request(self)
        monitors = self.ce_backend.get_anomaly_monitors(params.get("MonitorArnList"))
        shown, token = page(monitors, params.get("NextPageToken"), params.get("MaxResults"))
        answer: dict[str, Any] = {"AnomalyMonitors": [monitor.to_json() for monitor in shown]}
        if token:
            answer["NextPageToken"] = token
        return json.dumps(answer)

    CostExplorerBackend.get_anomaly_monitors = backend_get  # type: ignore[attr-defined]
    CostExplorerResponse.get_anomaly_monitors = response  # type: ignore[attr-defined]


@fix(
    "ce",
    "UpdateAnomalyMonitor",
    "No such operation in moto's Cost Explorer. AWS renames a monitor (its only updatable field), moves its "
    "LastUpdatedDate and answers its ARN; an unknown ARN is UnknownMonitorException. webstack.aws "
    "cost_anomaly_monitor renames monitors with it.",
)
def update_anomaly_monitor() -> None:
    from moto.ce.models import CostExplorerBackend
    from moto.ce.responses import CostExplorerResponse

    def backend_update(self: CostExplorerBackend, arn: str, name: str | None) -> str:
        monitor = monitor_of(self, arn)
        if name:
            monitor.name = name
        monitor.updated = today()
        return arn

    def response(self: CostExplorerResponse) -> str:
        params = request(self)
        return json.dumps({"MonitorArn": self.ce_backend.update_anomaly_monitor(params.get("MonitorArn"), params.get("MonitorName"))})

    CostExplorerBackend.update_anomaly_monitor = backend_update  # type: ignore[attr-defined]
    CostExplorerResponse.update_anomaly_monitor = response  # type: ignore[attr-defined]


@fix(
    "ce",
    "DeleteAnomalyMonitor",
    "No such operation in moto's Cost Explorer. AWS deletes the monitor (an unknown ARN is UnknownMonitorException) "
    "and answers an empty object. webstack.aws cost_anomaly_monitor deletes and replaces monitors with it.",
)
def delete_anomaly_monitor() -> None:
    from moto.ce.models import CostExplorerBackend
    from moto.ce.responses import CostExplorerResponse

    def backend_delete(self: CostExplorerBackend, arn: str) -> None:
        monitor_of(self, arn)
        del state_of(self).monitors[arn]
        forget_tags(self, arn)

    def response(self: CostExplorerResponse) -> str:
        self.ce_backend.delete_anomaly_monitor(request(self).get("MonitorArn"))
        return json.dumps({})

    CostExplorerBackend.delete_anomaly_monitor = backend_delete  # type: ignore[attr-defined]
    CostExplorerResponse.delete_anomaly_monitor = response  # type: ignore[attr-defined]


@fix(
    "ce",
    "CreateAnomalySubscription",
    "No such operation in moto's Cost Explorer. AWS creates an alert subscription of existing monitors "
    "(UnknownMonitorException otherwise) with exactly one of Threshold and ThresholdExpression, EMAIL subscribers "
    "(at most 10) for DAILY and WEEKLY or one SNS topic for IMMEDIATE, and its ResourceTags; it answers the ARN. "
    "webstack.aws cost_anomaly_subscription creates subscriptions with it.",
)
def create_anomaly_subscription() -> None:
    from moto.ce.models import CostExplorerBackend
    from moto.ce.responses import CostExplorerResponse

    def backend_create(self: CostExplorerBackend, subscription: dict[str, Any], tags: list[dict[str, str]] | None) -> str:
        if not subscription.get("SubscriptionName"):
            raise validation("SubscriptionName is required")
        subscribers = check_subscribers(subscription.get("Frequency"), subscription.get("Subscribers") or [])
        expression, threshold = threshold_of(subscription.get("Threshold"), subscription.get("ThresholdExpression"))
        monitor_arns = list(dict.fromkeys(subscription.get("MonitorArnList") or []))
        check_monitors_exist(self, monitor_arns)
        check_tag_count(self, [], tags or [])
        created = Subscription(
            arn=new_arn(self, SUBSCRIPTION),
            account_id=self.account_id,
            name=subscription["SubscriptionName"],
            monitor_arns=monitor_arns,
            subscribers=subscribers,
            frequency=subscription["Frequency"],
            threshold_expression=expression,
            threshold=threshold,
        )
        state_of(self).subscriptions[created.arn] = created
        self.tagger.tag_resource(created.arn, tags or [])
        return created.arn

    def response(self: CostExplorerResponse) -> str:
        params = request(self)
        arn = self.ce_backend.create_anomaly_subscription(params.get("AnomalySubscription") or {}, params.get("ResourceTags"))
        return json.dumps({"SubscriptionArn": arn})

    CostExplorerBackend.create_anomaly_subscription = backend_create  # type: ignore[attr-defined]
    CostExplorerResponse.create_anomaly_subscription = response  # type: ignore[attr-defined]


@fix(
    "ce",
    "GetAnomalySubscriptions",
    "No such operation in moto's Cost Explorer. AWS answers the account's subscriptions, optionally only those of "
    "SubscriptionArnList (an unknown ARN is UnknownSubscriptionException) and those that use MonitorArn, paginated "
    "with MaxResults and NextPageToken. webstack.aws cost_anomaly_subscription and cost_anomaly_monitor_info read them.",
)
def get_anomaly_subscriptions() -> None:
    from moto.ce.models import CostExplorerBackend
    from moto.ce.responses import CostExplorerResponse

    def backend_get(self: CostExplorerBackend, arns: list[str] | None, monitor_arn: str | None) -> list[Subscription]:
        if arns:
            found = [subscription_of(self, arn) for arn in dict.fromkeys(arns)]
        else:
            found = list(state_of(self).subscriptions.values())
        return [s for s in found if monitor_arn is None or monitor_arn in s.monitor_arns]

    def response(self: CostExplorerResponse) -> str:
        params = request(self)
        subscriptions = self.ce_backend.get_anomaly_subscriptions(params.get("SubscriptionArnList"), params.get("MonitorArn"))
        shown, token = page(subscriptions, params.get("NextPageToken"), params.get("MaxResults"))
        answer: dict[str, Any] = {"AnomalySubscriptions": [subscription.to_json() for subscription in shown]}
        if token:
            answer["NextPageToken"] = token
        return json.dumps(answer)

    CostExplorerBackend.get_anomaly_subscriptions = backend_get  # type: ignore[attr-defined]
    CostExplorerResponse.get_anomaly_subscriptions = response  # type: ignore[attr-defined]


@fix(
    "ce",
    "UpdateAnomalySubscription",
    "No such operation in moto's Cost Explorer. AWS changes only the fields the request gives (omitted fields "
    "are unchanged), with the same rules as on create (monitors must exist, subscriber types must fit the "
    "frequency, one of Threshold and ThresholdExpression); an unknown ARN is UnknownSubscriptionException. "
    "webstack.aws cost_anomaly_subscription updates subscriptions with it.",
)
def update_anomaly_subscription() -> None:
    from moto.ce.models import CostExplorerBackend
    from moto.ce.responses import CostExplorerResponse

    def backend_update(self: CostExplorerBackend, arn: str, changes: dict[str, Any]) -> str:
        subscription = subscription_of(self, arn)
        frequency = changes.get("Frequency") or subscription.frequency
        given_subscribers = changes.get("Subscribers")
        subscribers = check_subscribers(frequency, subscription.subscribers if given_subscribers is None else given_subscribers)
        expression, threshold = subscription.threshold_expression, subscription.threshold
        if changes.get("Threshold") is not None or changes.get("ThresholdExpression") is not None:
            expression, threshold = threshold_of(changes.get("Threshold"), changes.get("ThresholdExpression"))
        monitor_arns = subscription.monitor_arns
        if changes.get("MonitorArnList") is not None:
            monitor_arns = list(dict.fromkeys(changes["MonitorArnList"]))
            check_monitors_exist(self, monitor_arns)
        subscription.frequency, subscription.subscribers = frequency, subscribers
        subscription.threshold_expression, subscription.threshold = expression, threshold
        subscription.monitor_arns = monitor_arns
        if changes.get("SubscriptionName"):
            subscription.name = changes["SubscriptionName"]
        return arn

    def response(self: CostExplorerResponse) -> str:
        params = request(self)
        return json.dumps({"SubscriptionArn": self.ce_backend.update_anomaly_subscription(params.get("SubscriptionArn"), params)})

    CostExplorerBackend.update_anomaly_subscription = backend_update  # type: ignore[attr-defined]
    CostExplorerResponse.update_anomaly_subscription = response  # type: ignore[attr-defined]


@fix(
    "ce",
    "DeleteAnomalySubscription",
    "No such operation in moto's Cost Explorer. AWS deletes the subscription (an unknown ARN is "
    "UnknownSubscriptionException) and answers an empty object. webstack.aws cost_anomaly_subscription deletes with it.",
)
def delete_anomaly_subscription() -> None:
    from moto.ce.models import CostExplorerBackend
    from moto.ce.responses import CostExplorerResponse

    def backend_delete(self: CostExplorerBackend, arn: str) -> None:
        subscription_of(self, arn)
        del state_of(self).subscriptions[arn]
        forget_tags(self, arn)

    def response(self: CostExplorerResponse) -> str:
        self.ce_backend.delete_anomaly_subscription(request(self).get("SubscriptionArn"))
        return json.dumps({})

    CostExplorerBackend.delete_anomaly_subscription = backend_delete  # type: ignore[attr-defined]
    CostExplorerResponse.delete_anomaly_subscription = response  # type: ignore[attr-defined]


@fix(
    "ce",
    "GetAnomalies",
    "No such operation in moto's Cost Explorer. AWS answers the anomalies detected in DateInterval (StartDate "
    "required, dates YYYY-MM-DD). Departure: the emulator has no spend, so it detects no anomaly and answers an "
    "empty Anomalies list; a malformed date is ValidationException.",
)
def get_anomalies() -> None:
    from moto.ce.responses import CostExplorerResponse

    def response(self: CostExplorerResponse) -> str:
        interval = request(self).get("DateInterval") or {}
        for key in ("StartDate", "EndDate"):
            value = interval.get(key)
            if (value is not None or key == "StartDate") and not is_date(value):
                raise validation(f"DateInterval {key} must be a date YYYY-MM-DD")
        return json.dumps({"Anomalies": []})

    CostExplorerResponse.get_anomalies = response  # type: ignore[attr-defined]


# --- tags of monitor and subscription ARNs ---------------------------------------------------


def known(backend: Any, arn: str) -> bool:
    state = state_of(backend)
    return arn in state.monitors or arn in state.subscriptions


def require_anomaly_resource(backend: Any, arn: str) -> None:
    """ResourceNotFoundException for a monitor or subscription ARN that does not exist; other ARNs pass."""
    if ARN_PATTERN.match(arn or "") and not known(backend, arn):
        raise _error("ResourceNotFoundException", f"Resource {arn} does not exist", ResourceName=arn)


def check_tag_count(backend: Any, arn_tags: list[dict[str, str]], tags: list[dict[str, str]]) -> None:
    keys = {tag["Key"] for tag in arn_tags} | {tag["Key"] for tag in tags}
    if len(keys) > MAX_TAGS:
        raise _error("TooManyTagsException", f"A resource can have at most {MAX_TAGS} tags")


def guarding(original: Any, counting: bool = False) -> Any:
    """Wrap a tag method of the backend: refuse unknown monitor and subscription ARNs, then do what it did."""

    @wraps(original)
    def method(self: Any, resource_arn: str, *args: Any, **kwargs: Any) -> Any:
        require_anomaly_resource(self, resource_arn)
        if counting and ARN_PATTERN.match(resource_arn or ""):
            check_tag_count(self, self.tagger.list_tags_for_resource(resource_arn)["Tags"], (args[0] if args else kwargs.get("tags")) or [])
        return original(self, resource_arn, *args, **kwargs)

    return method


@fix(
    "ce",
    "TagResource",
    "moto tags any ARN, even a monitor or subscription that does not exist. AWS answers ResourceNotFoundException "
    "for a resource that does not exist and TooManyTagsException beyond 50 tags. webstack.aws cost_anomaly_monitor "
    "and cost_anomaly_subscription tag their resources with it.",
)
def tag_anomaly_resources() -> None:
    from moto.ce.models import CostExplorerBackend

    CostExplorerBackend.tag_resource = guarding(CostExplorerBackend.tag_resource, counting=True)  # type: ignore[method-assign]


@fix(
    "ce",
    "UntagResource",
    "moto untags any ARN, even a monitor or subscription that does not exist; AWS answers ResourceNotFoundException.",
)
def untag_anomaly_resources() -> None:
    from moto.ce.models import CostExplorerBackend

    CostExplorerBackend.untag_resource = guarding(CostExplorerBackend.untag_resource)  # type: ignore[method-assign]


@fix(
    "ce",
    "ListTagsForResource",
    "moto answers an empty tag list for any ARN, even a monitor or subscription that does not exist (or was deleted); AWS answers ResourceNotFoundException.",
)
def list_tags_of_anomaly_resources() -> None:
    from moto.ce.models import CostExplorerBackend

    CostExplorerBackend.list_tags_for_resource = guarding(CostExplorerBackend.list_tags_for_resource)  # type: ignore[method-assign]
