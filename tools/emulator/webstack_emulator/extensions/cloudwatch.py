"""CloudWatch alarm gaps and fidelity fixes for moto 5.2.5 (moto/cloudwatch/models.py, moto/cloudwatch/responses.py).

moto keeps every alarm, metric or composite, in ``CloudWatchBackend.alarms`` and tells a composite alarm by its
``rule`` (AlarmRule). The fixes below keep that: a composite alarm is a moto ``Alarm`` with a rule and the
suppressor settings, so SetAlarmState, Enable/DisableAlarmActions, TagResource and the Resource Groups Tagging API
see it as they see any alarm.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

METRIC_ALARM = "MetricAlarm"
COMPOSITE_ALARM = "CompositeAlarm"
INITIAL_STATE = "INSUFFICIENT_DATA"  # PutMetricAlarm / PutCompositeAlarm: "the alarm state is immediately set to INSUFFICIENT_DATA"
STATE_FIELDS = ("state_value", "state_reason", "state_reason_data", "state_updated_timestamp", "history")


def alarm_types_of(requested: list[str] | None) -> set[str]:
    """The alarm types DescribeAlarms answers: only metric alarms when AlarmTypes is not given."""
    return set(requested or [METRIC_ALARM])


def alarm_type(alarm: Any) -> str:
    return METRIC_ALARM if alarm.rule is None else COMPOSITE_ALARM


def selected(alarm: Any, names: list[str], prefix: str | None, state: str | None, action_prefix: str | None) -> bool:
    """Whether an alarm passes every DescribeAlarms filter given (AWS applies them together)."""
    return (
        (not names or alarm.name in names)
        and (not prefix or alarm.name.startswith(prefix))
        and (not state or alarm.state_value == state)
        and (not action_prefix or any(action.startswith(action_prefix) for action in alarm.alarm_actions))
    )


def _keep_state_on_update(alarm: Any, previous: Any | None) -> None:
    """A new alarm starts INSUFFICIENT_DATA; an updated one keeps its state (both Put operations' documentation)."""
    if previous is None:
        alarm.state_value = INITIAL_STATE
        return
    for name in STATE_FIELDS:
        setattr(alarm, name, getattr(previous, name))


@fix(
    "cloudwatch",
    "PutCompositeAlarm",
    "moto had no PutCompositeAlarm (HTTP 500). The emulator creates or overwrites the composite alarm with its AlarmRule, "
    "ActionsEnabled, actions, AlarmDescription, ActionsSuppressor with its wait and extension periods and Tags; a new alarm "
    "is INSUFFICIENT_DATA, an updated one keeps its state and ignores Tags, as AWS documents.",
)
def put_composite_alarm() -> None:
    from moto.cloudwatch.exceptions import ValidationError
    from moto.cloudwatch.models import Alarm
    from moto.cloudwatch.models import CloudWatchBackend
    from moto.cloudwatch.responses import CloudWatchResponse
    from moto.core.responses import ActionResult
    from moto.core.responses import EmptyResult

    def put(self: CloudWatchBackend, params: dict[str, Any]) -> Alarm:
        suppressor = params.get("ActionsSuppressor")
        periods = {name: params.get(name) for name in ("ActionsSuppressorWaitPeriod", "ActionsSuppressorExtensionPeriod")}
        if suppressor:
            missing = [name for name, value in periods.items() if value is None]
            if missing:
                raise ValidationError(f"{' and '.join(missing)} must be specified when ActionsSuppressor is specified.")
        elif any(value is not None for value in periods.values()):
            raise ValidationError("ActionsSuppressorWaitPeriod and ActionsSuppressorExtensionPeriod can only be specified with ActionsSuppressor.")
        name = params["AlarmName"]
        previous = self.alarms.get(name)
        alarm = Alarm(
            account_id=self.account_id,
            region_name=self.region_name,
            name=name,
            namespace=None,  # type: ignore[arg-type]
            metric_name=None,  # type: ignore[arg-type]
            metric_data_queries=None,
            comparison_operator=None,  # type: ignore[arg-type]
            evaluation_periods=None,  # type: ignore[arg-type]
            datapoints_to_alarm=None,
            period=None,  # type: ignore[arg-type]
            threshold=None,  # type: ignore[arg-type]
            statistic=None,  # type: ignore[arg-type]
            extended_statistic=None,
            description=params.get("AlarmDescription"),  # type: ignore[arg-type]
            dimensions=[],
            alarm_actions=params.get("AlarmActions") or [],
            ok_actions=params.get("OKActions") or [],
            insufficient_data_actions=params.get("InsufficientDataActions") or [],
            unit=None,
            actions_enabled=params.get("ActionsEnabled"),  # type: ignore[arg-type]
            treat_missing_data=None,
            evaluate_low_sample_count_percentile=None,
            threshold_metric_id=None,
            rule=params["AlarmRule"],
        )
        alarm.actions_suppressor = suppressor
        alarm.actions_suppressor_wait_period = periods["ActionsSuppressorWaitPeriod"] if suppressor else None
        alarm.actions_suppressor_extension_period = periods["ActionsSuppressorExtensionPeriod"] if suppressor else None
        _keep_state_on_update(alarm, previous)
        self.alarms[name] = alarm
        if previous is None and params.get("Tags"):
            self.tagger.tag_resource(alarm.alarm_arn, params["Tags"])
        return alarm

    def put_composite_alarm_response(self: CloudWatchResponse) -> ActionResult:
        params = {
            name: self._get_param(name)
            for name in (
                "AlarmName",
                "AlarmRule",
                "AlarmDescription",
                "AlarmActions",
                "OKActions",
                "InsufficientDataActions",
                "ActionsSuppressor",
                "ActionsSuppressorWaitPeriod",
                "ActionsSuppressorExtensionPeriod",
                "Tags",
            )
        }
        params["ActionsEnabled"] = self._get_bool_param("ActionsEnabled")
        self.cloudwatch_backend.put_composite_alarm(params)
        return EmptyResult()

    CloudWatchBackend.put_composite_alarm = put  # type: ignore[attr-defined]
    CloudWatchResponse.put_composite_alarm = put_composite_alarm_response  # type: ignore[attr-defined]


@fix(
    "cloudwatch",
    "PutMetricAlarm",
    "moto made every put a new alarm: an update reset the state to OK, and its Tags were added to the alarm's. AWS starts a "
    "new alarm INSUFFICIENT_DATA, leaves an updated alarm's state unchanged and ignores Tags on an update (TagResource changes them).",
)
def put_metric_alarm_keeps_state_and_tags_on_update() -> None:
    from moto.cloudwatch.models import Alarm
    from moto.cloudwatch.models import CloudWatchBackend

    original = CloudWatchBackend.put_metric_alarm

    @wraps(original)
    def put_metric_alarm(self: CloudWatchBackend, *args: Any, **kwargs: Any) -> Alarm:
        previous = self.alarms.get(kwargs["name"] if "name" in kwargs else args[0])
        if previous is not None:
            kwargs["tags"] = None
        alarm = original(self, *args, **kwargs)
        _keep_state_on_update(alarm, previous)
        return alarm

    CloudWatchBackend.put_metric_alarm = put_metric_alarm  # type: ignore[method-assign]


@fix(
    "cloudwatch",
    "DescribeAlarms",
    "moto ignored AlarmTypes and answered composite alarms with metric alarms when it was not given, and applied only the first "
    "of AlarmNames, AlarmNamePrefix, StateValue and ActionPrefix. AWS answers only metric alarms without AlarmTypes, the types "
    "asked for with it, and applies every filter given.",
)
def describe_alarms_by_type() -> None:
    from moto.cloudwatch.responses import CloudWatchResponse
    from moto.core.responses import ActionResult

    def describe_alarms(self: CloudWatchResponse) -> ActionResult:
        types = alarm_types_of(self._get_param("AlarmTypes"))
        names = self._get_param("AlarmNames") or []
        prefix = self._get_param("AlarmNamePrefix")
        state = self._get_param("StateValue")
        action_prefix = self._get_param("ActionPrefix")
        alarms = [a for a in self.cloudwatch_backend.alarms.values() if selected(a, names, prefix, state, action_prefix)]
        result = {
            "MetricAlarms": [a for a in alarms if METRIC_ALARM in types and alarm_type(a) == METRIC_ALARM],
            "CompositeAlarms": [a for a in alarms if COMPOSITE_ALARM in types and alarm_type(a) == COMPOSITE_ALARM],
        }
        return ActionResult(result)

    CloudWatchResponse.describe_alarms = describe_alarms  # type: ignore[method-assign]


@fix(
    "cloudwatch",
    "DeleteAlarms",
    "moto kept a deleted alarm's tags, so an alarm made again under the same name came back with them; AWS deletes an alarm's tags with it.",
)
def delete_alarms_forgets_their_tags() -> None:
    from moto.cloudwatch.models import CloudWatchBackend

    original = CloudWatchBackend.delete_alarms

    @wraps(original)
    def delete_alarms(self: CloudWatchBackend, alarm_names: list[str]) -> None:
        arns = [self.alarms[name].alarm_arn for name in alarm_names if name in self.alarms]
        original(self, alarm_names)
        for arn in arns:
            self.tagger.delete_all_tags_for_resource(arn)

    CloudWatchBackend.delete_alarms = delete_alarms  # type: ignore[method-assign]


@fix(
    "cloudwatch",
    "UntagResource",
    "moto answered ResourceNotFoundException for an alarm that had no tags yet (it looked the ARN up among tagged resources); AWS untags any existing alarm.",
)
def untag_any_existing_alarm() -> None:
    from moto.cloudwatch.models import CloudWatchBackend

    original = CloudWatchBackend.untag_resource

    @wraps(original)
    def untag_resource(self: CloudWatchBackend, arn: str, tag_keys: list[str]) -> None:
        if any(alarm.alarm_arn == arn for alarm in self.alarms.values()):
            self.tagger.untag_resource_using_names(arn, tag_keys)
            return
        original(self, arn, tag_keys)

    CloudWatchBackend.untag_resource = untag_resource  # type: ignore[method-assign]
