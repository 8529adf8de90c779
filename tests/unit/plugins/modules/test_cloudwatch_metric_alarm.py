"""cloudwatch_metric_alarm (webstack.aws's own): pure functions, and main() run end to end against the emulator.

The three alarms are those of test_cloudwatch_metric_alarm_stock.py (plain, p95 extended statistic, metric math over three
metrics with one expression); the metric math one is where amazon.aws's module reports a change on every run.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from ansible_collections.amazon.aws.plugins.modules import cloudwatch_metric_alarm as stock
from ansible_collections.webstack.aws.plugins.modules import cloudwatch_metric_alarm as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

TOPIC = "arn:aws:sns:eu-west-1:123456789012:demo-local-alerts"
OTHER_TOPIC = "arn:aws:sns:eu-west-1:123456789012:demo-local-pager"
LOAD_BALANCER = "app/demo-local/0123456789abcdef"
OTHER_LOAD_BALANCER = "app/demo-local/fedcba9876543210"
TAGS = {"webstack:stack": "demo", "webstack:environment": "local", "webstack:component": "monitoring", "ManagedBy": "ansible"}

PLAIN = {
    "name": "demo-local-cpu-high",
    "namespace": "AWS/EC2",
    "metric_name": "CPUUtilization",
    "dimensions": {"AutoScalingGroupName": "demo-local-web"},
    "statistic": "Average",
    "comparison": "GreaterThanThreshold",
    "threshold": 80.0,
    "period": 300,
    "evaluation_periods": 3,
    "datapoints_to_alarm": 2,
    "treat_missing_data": "notBreaching",
    "description": "CPU above 80% on the web tier",
    "alarm_actions": [TOPIC],
    "ok_actions": [TOPIC],
}

PERCENTILE = {
    "name": "demo-local-latency-p95",
    "namespace": "AWS/ApplicationELB",
    "metric_name": "TargetResponseTime",
    "dimensions": {"LoadBalancer": LOAD_BALANCER},
    "extended_statistic": "p95",
    "comparison": "GreaterThanThreshold",
    "threshold": 1.5,
    "period": 60,
    "evaluation_periods": 5,
    "alarm_actions": [TOPIC],
}


def alb_count(query_id: str, metric_name: str, load_balancer: str = LOAD_BALANCER) -> dict[str, Any]:
    return {
        "id": query_id,
        "metric_stat": {
            "metric": {"namespace": "AWS/ApplicationELB", "metric_name": metric_name, "dimensions": [{"name": "LoadBalancer", "value": load_balancer}]},
            "period": 60,
            "stat": "Sum",
        },
        "return_data": False,
    }


EXPRESSION = "100*(FILL(m1,0)+FILL(m2,0))/m3"
METRIC_MATH = {
    "name": "demo-local-5xx-rate",
    "comparison": "GreaterThanThreshold",
    "threshold": 5.0,
    "evaluation_periods": 5,
    "datapoints_to_alarm": 3,
    "treat_missing_data": "notBreaching",
    "alarm_actions": [TOPIC],
    "metrics": [
        alb_count("m1", "HTTPCode_ELB_5XX_Count"),
        alb_count("m2", "HTTPCode_Target_5XX_Count"),
        alb_count("m3", "RequestCount"),
        {"id": "e1", "expression": EXPRESSION, "label": "5xx rate (%)", "return_data": True},
    ],
}

ALARMS = [
    pytest.param(PLAIN, id="plain"),
    pytest.param(PERCENTILE, id="extended-statistic"),
    pytest.param(METRIC_MATH, id="metric-math"),
]


def with_dimension(args: dict[str, Any], load_balancer: str) -> dict[str, Any]:
    """The alarm with its (first) metric's dimension value changed."""
    changed = copy.deepcopy(args)
    if "metrics" in changed:
        changed["metrics"][0]["metric_stat"]["metric"]["dimensions"] = [{"name": "LoadBalancer", "value": load_balancer}]
    else:
        changed["dimensions"] = {name: load_balancer for name in changed["dimensions"]}
    return changed


def params(args: dict[str, Any]) -> dict[str, Any]:
    """Module params as AnsibleModule fills them in: every option, defaults applied (suboptions as given)."""
    defaults = {name: copy.deepcopy(spec.get("default")) for name, spec in module.ARGUMENT_SPEC.items()}
    return {**defaults, **copy.deepcopy(args)}


def alarm(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(module.main, aws, args, check_mode)


def described(aws: Emulator, name: str) -> dict[str, Any]:
    [found] = aws.client("cloudwatch").describe_alarms(AlarmNames=[name], AlarmTypes=["MetricAlarm"])["MetricAlarms"]
    return found


def tags_of(aws: Emulator, name: str) -> dict[str, str]:
    arn = described(aws, name)["AlarmArn"]
    return {t["Key"]: t["Value"] for t in aws.client("cloudwatch").list_tags_for_resource(ResourceARN=arn)["Tags"]}


def converged(aws: Emulator, args: dict[str, Any]) -> Emulator:
    """The alarm made as args asks; the call log starts empty."""
    made = alarm(aws, args)
    assert made.changed and not made.failed, made.out
    aws.clear_calls()
    return aws


# Pure functions: validation


@pytest.mark.parametrize("args", ALARMS)
def test_validate_accepts_the_three_alarms(args: dict[str, Any]) -> None:
    assert module.validate_params(params(args)) == []


def test_validate_accepts_absent_with_only_a_name() -> None:
    assert module.validate_params(params({"name": "demo-local-cpu-high", "state": "absent"})) == []


def test_validate_takes_an_expression_that_returns_data_by_default() -> None:
    queries = [alb_count("m1", "RequestCount"), {"id": "e1", "expression": "m1/60"}]
    assert module.validate_params(params({**METRIC_MATH, "metrics": queries})) == []


@pytest.mark.parametrize(
    "statistic", ["p95", "p99.9", "p0", "p100", "tm99", "tc90", "ts50.5", "wm90", "IQM", "PR(10:500)", "PR(:0.5)", "TM(10%:90%)", "TC(:95%)", "WM(5%:)"]
)
def test_valid_extended_statistics(statistic: str) -> None:
    assert module.valid_extended_statistic(statistic)


@pytest.mark.parametrize(
    "statistic", ["p101", "P95", "p", "tm", "pp95", "Average", "iqm", "PR(:)", "PR(500:10)", "TM(90%:10%)", "TM(10%:120%)", "TM(10:90%)", "XX(10%:90%)"]
)
def test_invalid_extended_statistics(statistic: str) -> None:
    assert not module.valid_extended_statistic(statistic)


@pytest.mark.parametrize(("period", "valid"), [(10, True), (20, True), (30, True), (60, True), (300, True), (3600, True), (0, False), (45, False), (90, False)])
def test_valid_periods(period: int, valid: bool) -> None:
    assert module.valid_period(period) is valid


# Pure functions: what to send and what differs


def test_request_of_a_plain_alarm() -> None:
    request = module.build_request(params(PLAIN))
    assert request["Dimensions"] == [{"Name": "AutoScalingGroupName", "Value": "demo-local-web"}]
    assert (request["Statistic"], request["Period"], request["Threshold"], request["DatapointsToAlarm"]) == ("Average", 300, 80.0, 2)
    assert (request["AlarmActions"], request["OKActions"], request["InsufficientDataActions"]) == ([TOPIC], [TOPIC], [])
    assert "Metrics" not in request and "ExtendedStatistic" not in request and "Unit" not in request


def test_request_of_a_metric_math_alarm_has_queries_and_no_metric() -> None:
    request = module.build_request(params(METRIC_MATH))
    assert not {"MetricName", "Namespace", "Period", "Statistic", "Dimensions"} & set(request)
    assert request["Metrics"][0] == {
        "Id": "m1",
        "MetricStat": {
            "Metric": {
                "Namespace": "AWS/ApplicationELB",
                "MetricName": "HTTPCode_ELB_5XX_Count",
                "Dimensions": [{"Name": "LoadBalancer", "Value": LOAD_BALANCER}],
            },
            "Period": 60,
            "Stat": "Sum",
        },
        "ReturnData": False,
    }
    assert request["Metrics"][3] == {"Id": "e1", "Expression": EXPRESSION, "Label": "5xx rate (%)", "ReturnData": True}


def test_a_described_metric_math_alarm_matches_its_request_when_aws_leaves_out_defaults() -> None:
    request = module.build_request(params(METRIC_MATH))
    answer = copy.deepcopy(request)
    answer["Metrics"] = list(reversed(answer["Metrics"]))
    del answer["Metrics"][0]["ReturnData"]  # e1: AWS may leave out ReturnData=true
    answer.update({"Dimensions": [], "ActionsEnabled": True, "StateValue": "OK", "AlarmArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x"})
    assert module.settings_changes(answer, request) == []


def test_dimensions_actions_and_numbers_compare_in_any_order_and_type() -> None:
    request = module.build_request(params({**PLAIN, "dimensions": {"B": "2", "A": "1"}, "alarm_actions": [TOPIC, OTHER_TOPIC]}))
    answer = {
        **request,
        "Dimensions": [{"Name": "B", "Value": "2"}, {"Name": "A", "Value": "1"}],
        "AlarmActions": [OTHER_TOPIC, TOPIC],
        "Threshold": 80,
        "EvaluateLowSampleCountPercentile": "",
    }
    assert module.settings_changes(answer, request) == []


def test_datapoints_to_alarm_not_set_is_all_of_the_evaluation_periods() -> None:
    request = module.build_request(params({**PERCENTILE, "datapoints_to_alarm": None}))
    assert module.settings_changes({**request, "DatapointsToAlarm": 5}, request) == []
    assert module.settings_changes({**request, "DatapointsToAlarm": 4}, request) == ["DatapointsToAlarm"]


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"threshold": 81.0}, "Threshold"),
        ({"dimensions": {"AutoScalingGroupName": "demo-local-api"}}, "Dimensions"),
        ({"ok_actions": []}, "OKActions"),
        ({"actions_enabled": False}, "ActionsEnabled"),
        ({"description": None}, "AlarmDescription"),
        ({"treat_missing_data": "missing"}, "TreatMissingData"),
        ({"unit": "Percent"}, "Unit"),
    ],
)
def test_settings_changes_names_what_differs(change: dict[str, Any], key: str) -> None:
    current = module.build_request(params(PLAIN))
    assert module.settings_changes(current, module.build_request(params({**PLAIN, **change}))) == [key]


def test_a_changed_expression_is_a_metrics_change() -> None:
    current = module.build_request(params(METRIC_MATH))
    queries = copy.deepcopy(METRIC_MATH["metrics"])
    queries[3]["expression"] = "100*FILL(m1,0)/m3"
    assert module.settings_changes(current, module.build_request(params({**METRIC_MATH, "metrics": queries}))) == ["Metrics"]


def test_tags_after() -> None:
    assert module.tags_after({"a": "1"}, None, True) == {"a": "1"}
    assert module.tags_after({"a": "1", "b": "2"}, {"b": "3"}, True) == {"b": "3"}
    assert module.tags_after({"a": "1", "b": "2"}, {"b": "3"}, False) == {"a": "1", "b": "3"}


def test_the_options_are_the_stock_modules_plus_actions_enabled_and_tags() -> None:
    """The monitoring role changes only the module's name: every stock option is here, with its type, default and choices."""
    ours = yaml.safe_load(module.DOCUMENTATION)["options"]
    theirs = yaml.safe_load(stock.DOCUMENTATION)["options"]

    def shape(options: dict[str, Any]) -> dict[str, Any]:
        return {
            name: (
                spec.get("type"),
                spec.get("default"),
                sorted(spec.get("choices") or []),
                bool(spec.get("required")),
                spec.get("elements"),
                spec.get("aliases"),
                shape(spec.get("suboptions") or {}),
            )
            for name, spec in options.items()
        }

    assert set(ours) == set(theirs) | {"actions_enabled"}  # tags and purge_tags come from the amazon.aws.tags fragment
    assert set(module.ARGUMENT_SPEC) == set(ours) | {"tags", "purge_tags"}
    assert {name: value for name, value in shape(ours).items() if name in theirs} == shape(theirs)
    assert module.MUTUALLY_EXCLUSIVE == [
        ["metric_name", "metrics"],
        ["dimensions", "metrics"],
        ["period", "metrics"],
        ["namespace", "metrics"],
        ["statistic", "metrics"],
        ["extended_statistic", "metrics"],
        ["unit", "metrics"],
        ["statistic", "extended_statistic"],
    ]


# End to end: create, converge, check mode


@pytest.mark.parametrize("args", ALARMS)
def test_create_makes_the_alarm_as_asked_with_its_tags(aws: Emulator, args: dict[str, Any]) -> None:
    result = alarm(aws, {**args, "tags": TAGS})

    assert not result.failed, result.out
    assert result.changed
    found = described(aws, args["name"])
    assert (found["Threshold"], found["EvaluationPeriods"], found["AlarmActions"]) == (args["threshold"], args["evaluation_periods"], [TOPIC])
    assert found.get("DatapointsToAlarm") == args.get("datapoints_to_alarm")
    assert found["ActionsEnabled"] is True
    assert tags_of(aws, args["name"]) == TAGS
    assert aws.calls().mutating == ["cloudwatch:PutMetricAlarm"]
    assert result.out["alarm"]["alarm_arn"] == found["AlarmArn"]
    assert result.out["alarm"]["tags"] == TAGS


def test_a_metric_math_alarm_returns_its_queries_in_snake_case(aws: Emulator) -> None:
    result = alarm(aws, METRIC_MATH)
    queries = result.out["alarm"]["metrics"]
    assert [(q["id"], q["return_data"]) for q in queries] == [("m1", False), ("m2", False), ("m3", False), ("e1", True)]
    assert queries[3]["expression"] == EXPRESSION
    assert queries[0]["metric_stat"]["metric"]["dimensions"] == [{"name": "LoadBalancer", "value": LOAD_BALANCER}]


def test_a_percentile_alarm_keeps_its_extended_statistic(aws: Emulator) -> None:
    alarm(aws, {**PERCENTILE, "evaluate_low_sample_count_percentile": "ignore"})
    found = described(aws, PERCENTILE["name"])
    assert (found["ExtendedStatistic"], found["EvaluateLowSampleCountPercentile"]) == ("p95", "ignore")
    assert "Statistic" not in found


@pytest.mark.parametrize("args", ALARMS)
def test_second_run_changes_nothing_and_calls_nothing_mutating(aws: Emulator, args: dict[str, Any]) -> None:
    converged(aws, {**args, "tags": TAGS})

    again = alarm(aws, {**args, "tags": TAGS})

    assert not again.failed, again.out
    assert not again.changed
    assert aws.calls().mutating == []
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


@pytest.mark.parametrize("args", ALARMS)
def test_check_mode_on_the_converged_alarm_reports_no_change(aws: Emulator, args: dict[str, Any]) -> None:
    converged(aws, args)

    checked = alarm(aws, args, check_mode=True)

    assert not checked.failed, checked.out
    assert not checked.changed
    assert aws.calls().mutating == []


@pytest.mark.parametrize("args", ALARMS)
def test_check_mode_create_reports_a_change_and_creates_nothing(aws: Emulator, args: dict[str, Any]) -> None:
    result = alarm(aws, args, check_mode=True)

    assert result.changed
    assert result.out["alarm"]["alarm_name"] == args["name"]
    assert result.out["diff"]["before"] == {}
    assert aws.client("cloudwatch").describe_alarms(AlarmNames=[args["name"]])["MetricAlarms"] == []
    assert aws.calls().mutating == []


def test_queries_in_another_order_and_return_data_left_out_change_nothing(aws: Emulator) -> None:
    converged(aws, METRIC_MATH)
    expression = {key: value for key, value in METRIC_MATH["metrics"][3].items() if key != "return_data"}
    reordered = {**METRIC_MATH, "metrics": [expression, *reversed(METRIC_MATH["metrics"][:3])]}

    again = alarm(aws, reordered)

    assert not again.changed, again.out
    assert aws.calls().mutating == []


def test_an_alarm_made_with_dimensions_and_actions_in_another_order_is_converged(aws: Emulator) -> None:
    args = {**PLAIN, "dimensions": {"AutoScalingGroupName": "demo-local-web", "InstanceType": "t3.micro"}, "alarm_actions": [TOPIC, OTHER_TOPIC]}
    request = module.build_request(params(args))
    aws.client("cloudwatch").put_metric_alarm(
        **{**request, "Dimensions": list(reversed(request["Dimensions"])), "AlarmActions": [OTHER_TOPIC, TOPIC], "Threshold": 80}
    )
    aws.clear_calls()

    result = alarm(aws, args)

    assert not result.changed, result.out
    assert aws.calls().mutating == []


# End to end: changes


@pytest.mark.parametrize("args", ALARMS)
def test_a_changed_threshold_is_applied(aws: Emulator, args: dict[str, Any]) -> None:
    converged(aws, args)

    result = alarm(aws, {**args, "threshold": args["threshold"] + 10})

    assert result.changed
    assert described(aws, args["name"])["Threshold"] == args["threshold"] + 10
    assert aws.calls().mutating == ["cloudwatch:PutMetricAlarm"]
    assert (result.out["diff"]["before"]["threshold"], result.out["diff"]["after"]["threshold"]) == (args["threshold"], args["threshold"] + 10)


@pytest.mark.parametrize("args", ALARMS)
def test_changed_dimensions_are_applied(aws: Emulator, args: dict[str, Any]) -> None:
    converged(aws, args)

    result = alarm(aws, with_dimension(args, OTHER_LOAD_BALANCER))

    assert result.changed
    found = described(aws, args["name"])
    dimensions = found["Metrics"][0]["MetricStat"]["Metric"]["Dimensions"] if "metrics" in args else found["Dimensions"]
    assert [d["Value"] for d in dimensions] == [OTHER_LOAD_BALANCER]
    assert aws.calls().mutating == ["cloudwatch:PutMetricAlarm"]


@pytest.mark.parametrize("args", ALARMS)
def test_changed_actions_are_applied(aws: Emulator, args: dict[str, Any]) -> None:
    converged(aws, args)

    result = alarm(aws, {**args, "alarm_actions": [TOPIC, OTHER_TOPIC], "insufficient_data_actions": [OTHER_TOPIC]})

    assert result.changed
    found = described(aws, args["name"])
    assert (sorted(found["AlarmActions"]), found["InsufficientDataActions"]) == (sorted([TOPIC, OTHER_TOPIC]), [OTHER_TOPIC])
    assert aws.calls().mutating == ["cloudwatch:PutMetricAlarm"]


def test_a_changed_expression_is_applied(aws: Emulator) -> None:
    converged(aws, METRIC_MATH)
    queries = copy.deepcopy(METRIC_MATH["metrics"])
    queries[3]["expression"] = "100*FILL(m1,0)/m3"

    result = alarm(aws, {**METRIC_MATH, "metrics": queries})

    assert result.changed
    assert described(aws, METRIC_MATH["name"])["Metrics"][3]["Expression"] == "100*FILL(m1,0)/m3"
    assert aws.calls().mutating == ["cloudwatch:PutMetricAlarm"]
    assert result.out["diff"]["after"]["metrics"][0]["expression"] == "100*FILL(m1,0)/m3"  # e1 sorts first


def test_disabling_actions_is_applied(aws: Emulator) -> None:
    converged(aws, PLAIN)
    result = alarm(aws, {**PLAIN, "actions_enabled": False})
    assert result.changed
    assert described(aws, PLAIN["name"])["ActionsEnabled"] is False


def test_check_mode_reports_a_change_and_applies_nothing(aws: Emulator) -> None:
    converged(aws, PLAIN)

    result = alarm(aws, {**PLAIN, "threshold": 95.0}, check_mode=True)

    assert result.changed
    assert result.out["alarm"]["threshold"] == 95.0
    assert result.out["diff"]["after"]["threshold"] == 95.0
    assert described(aws, PLAIN["name"])["Threshold"] == 80.0
    assert aws.calls().mutating == []


def test_an_update_keeps_the_alarm_state(aws: Emulator) -> None:
    converged(aws, PLAIN)
    aws.client("cloudwatch").set_alarm_state(AlarmName=PLAIN["name"], StateValue="ALARM", StateReason="test")
    alarm(aws, {**PLAIN, "threshold": 90.0})
    assert described(aws, PLAIN["name"])["StateValue"] == "ALARM"


# End to end: tags


def test_a_tag_added_is_only_tagged(aws: Emulator) -> None:
    converged(aws, {**PLAIN, "tags": TAGS})

    result = alarm(aws, {**PLAIN, "tags": {**TAGS, "owner": "web"}})

    assert result.changed
    assert tags_of(aws, PLAIN["name"]) == {**TAGS, "owner": "web"}
    assert aws.calls().mutating == ["cloudwatch:TagResource"]
    assert result.out["diff"]["after"]["tags"] == {**TAGS, "owner": "web"}


def test_a_tag_left_out_is_removed_with_purge_tags(aws: Emulator) -> None:
    converged(aws, {**PLAIN, "tags": {**TAGS, "owner": "web"}})

    result = alarm(aws, {**PLAIN, "tags": TAGS})

    assert result.changed
    assert tags_of(aws, PLAIN["name"]) == TAGS
    assert aws.calls().mutating == ["cloudwatch:UntagResource"]


def test_tags_are_kept_without_purge_tags_or_without_tags(aws: Emulator) -> None:
    converged(aws, {**PLAIN, "tags": TAGS})

    kept = alarm(aws, {**PLAIN, "tags": {"owner": "web"}, "purge_tags": False})
    untouched = alarm(aws, PLAIN)

    assert kept.changed and not untouched.changed
    assert tags_of(aws, PLAIN["name"]) == {**TAGS, "owner": "web"}


def test_tags_change_in_check_mode_changes_nothing(aws: Emulator) -> None:
    converged(aws, {**PLAIN, "tags": TAGS})

    result = alarm(aws, {**PLAIN, "tags": {}}, check_mode=True)

    assert result.changed
    assert result.out["alarm"]["tags"] == {}
    assert tags_of(aws, PLAIN["name"]) == TAGS
    assert aws.calls().mutating == []


# End to end: absent


@pytest.mark.parametrize("args", ALARMS)
def test_absent_deletes_the_alarm_and_twice_changes_nothing(aws: Emulator, args: dict[str, Any]) -> None:
    converged(aws, args)

    first = alarm(aws, {"name": args["name"], "state": "absent"})
    aws.clear_calls()
    second = alarm(aws, {"name": args["name"], "state": "absent"})

    assert (first.changed, second.changed) == (True, False)
    assert aws.client("cloudwatch").describe_alarms(AlarmNames=[args["name"]])["MetricAlarms"] == []
    assert aws.calls().mutating == []
    assert first.out["diff"]["before"]["alarm_name"] == args["name"]


def test_absent_in_check_mode_deletes_nothing(aws: Emulator) -> None:
    converged(aws, PLAIN)
    result = alarm(aws, {"name": PLAIN["name"], "state": "absent"}, check_mode=True)
    assert result.changed
    assert described(aws, PLAIN["name"])["AlarmName"] == PLAIN["name"]
    assert aws.calls().mutating == []


# Bad inputs: each fails naming its option, before any call


def without(args: dict[str, Any], *options: str) -> dict[str, Any]:
    return {key: value for key, value in args.items() if key not in options}


def with_query(index: int, **changes: Any) -> dict[str, Any]:
    queries = copy.deepcopy(METRIC_MATH["metrics"])
    queries[index].update(changes)
    return {**METRIC_MATH, "metrics": queries}


def with_stat_period(period: int) -> dict[str, Any]:
    queries = copy.deepcopy(METRIC_MATH["metrics"])
    queries[0]["metric_stat"]["period"] = period
    return {**METRIC_MATH, "metrics": queries}


BAD = [
    pytest.param(without(PLAIN, "comparison"), "comparison", id="no-comparison"),
    pytest.param(without(PLAIN, "threshold"), "threshold", id="no-threshold"),
    pytest.param(without(PLAIN, "evaluation_periods"), "evaluation_periods", id="no-evaluation-periods"),
    pytest.param({**PLAIN, "datapoints_to_alarm": 4}, "datapoints_to_alarm", id="datapoints-above-evaluation-periods"),
    pytest.param({**PLAIN, "datapoints_to_alarm": 0}, "datapoints_to_alarm", id="no-datapoints"),
    pytest.param({**PLAIN, "evaluation_periods": 0, "datapoints_to_alarm": None}, "evaluation_periods", id="zero-evaluation-periods"),
    pytest.param({**PLAIN, "period": 45}, "period", id="period-not-a-multiple-of-60"),
    pytest.param({**PLAIN, "period": 60, "evaluation_periods": 1441, "datapoints_to_alarm": 1}, "evaluation_periods", id="window-over-a-day"),
    pytest.param({**without(PERCENTILE, "extended_statistic"), "extended_statistic": "p101"}, "extended_statistic", id="percentile-above-100"),
    pytest.param({**without(PERCENTILE, "extended_statistic"), "extended_statistic": "P95"}, "extended_statistic", id="percentile-upper-case"),
    pytest.param({**PLAIN, "extended_statistic": "p95"}, "statistic", id="statistic-and-extended-statistic"),
    pytest.param(without(PLAIN, "statistic"), "statistic", id="no-statistic"),
    pytest.param(without(PLAIN, "namespace"), "namespace", id="no-namespace"),
    pytest.param(without(PLAIN, "metric_name"), "metric_name", id="no-metric-name"),
    pytest.param({**PLAIN, "name": "x" * 256}, "name", id="name-too-long"),
    pytest.param({**PLAIN, "description": "x" * 1025}, "description", id="description-too-long"),
    pytest.param({**PLAIN, "alarm_actions": ["demo-local-alerts"]}, "alarm_actions", id="action-not-an-arn"),
    pytest.param({**PLAIN, "ok_actions": [f"{TOPIC}-{n}" for n in range(6)]}, "ok_actions", id="six-actions"),
    pytest.param({**METRIC_MATH, "metric_name": "RequestCount"}, "metric_name", id="metrics-and-metric-name"),
    pytest.param({**METRIC_MATH, "dimensions": {"LoadBalancer": LOAD_BALANCER}}, "dimensions", id="metrics-and-dimensions"),
    pytest.param(with_query(0, return_data=True), "return_data", id="two-queries-return-data"),
    pytest.param(with_query(3, return_data=False), "return_data", id="no-query-returns-data"),
    pytest.param(with_query(3, metric_stat=alb_count("x", "RequestCount")["metric_stat"]), "metrics[3]", id="stat-and-expression"),
    pytest.param(with_query(3, expression=None), "metrics[3]", id="neither-stat-nor-expression"),
    pytest.param(with_query(0, id="M1"), "metrics[0].id", id="id-not-lowercase-first"),
    pytest.param(with_query(1, id="m1"), "metrics ids", id="repeated-id"),
    pytest.param(with_stat_period(45), "metrics[0].metric_stat.period", id="query-period"),
    pytest.param({**without(METRIC_MATH, "threshold")}, "threshold", id="metric-math-no-threshold"),
]


@pytest.mark.parametrize(("args", "option"), BAD)
def test_bad_input_fails_naming_the_option_before_any_call(aws: Emulator, args: dict[str, Any], option: str) -> None:
    result = alarm(aws, args)

    assert result.failed
    assert option in result.out["msg"], result.out["msg"]
    assert aws.calls().calls == []
