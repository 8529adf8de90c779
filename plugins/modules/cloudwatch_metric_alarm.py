#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cloudwatch_metric_alarm
version_added: 0.2.0
short_description: Manage a CloudWatch metric alarm, including metric math alarms and tags
description:
  - Create, update, tag or delete one CloudWatch metric alarm, either an alarm on one metric (O(metric_name) with
    O(namespace), O(period) and O(statistic) or O(extended_statistic)) or on a metric math expression over several
    metrics (O(metrics)).
  - The options, their types and defaults are those of M(amazon.aws.cloudwatch_metric_alarm), plus O(actions_enabled),
    O(tags) and O(purge_tags), so a task moves from that module to this one by changing only its name.
  - The module compares every setting it sends with the alarm DescribeAlarms answers, in a normalised form (dimensions
    and actions in any order, numbers compared as numbers, metric queries by id with the AWS defaults filled in), and
    calls PutMetricAlarm only when one differs. An alarm already as asked is left alone.
  - AWS overwrites the whole configuration of a metric alarm on every update, so options left out take their default,
    not the alarm's current value.
  - Tags are set with the alarm when it is created and changed afterwards with TagResource and UntagResource;
    AWS ignores tags sent with an update.
  - To read metric alarms, use M(amazon.aws.cloudwatch_metric_alarm_info).
author:
  - webstack.aws maintainers (@webstack)
options:
  state:
    description:
      - Whether the alarm should exist.
    choices: ['present', 'absent']
    default: 'present'
    type: str
  name:
    description:
      - The name of the alarm, unique within the Region, 1 to 255 characters.
    required: true
    type: str
  metric_name:
    description:
      - The name of the metric the alarm watches (for example V(CPUUtilization)).
      - With O(namespace), O(period) and O(statistic) or O(extended_statistic), required for an alarm on one metric
        (when O(metrics) is not set).
    type: str
    aliases: ['metric']
  metrics:
    description:
      - The metric data queries of an alarm on a metric math expression (or on one metric given as a query).
      - Exactly one query must return data (O(metrics[].return_data) true, the AWS default when not set); its
        result is compared with O(threshold).
      - Queries are compared by their O(metrics[].id); their order does not matter.
    type: list
    elements: dict
    default: []
    suboptions:
      id:
        description:
          - A short name for the query, unique in the alarm, used in expressions. It starts with a lowercase letter
            and holds only letters, digits and underscores.
        type: str
        required: true
      metric_stat:
        description:
          - The metric the query returns, with its statistic, period and unit.
          - Set either O(metrics[].metric_stat) or O(metrics[].expression).
        type: dict
        suboptions:
          metric:
            description: The metric, with its name, namespace and dimensions.
            type: dict
            suboptions:
              namespace:
                description: The namespace of the metric.
                type: str
              metric_name:
                description: The name of the metric.
                type: str
                required: true
              dimensions:
                description: The dimensions of the metric (compared in any order).
                type: list
                elements: dict
                suboptions:
                  name:
                    description: The name of the dimension.
                    type: str
                    required: true
                  value:
                    description: The value of the dimension.
                    type: str
                    required: true
          period:
            description: The granularity, in seconds, of the data points (10, 20, 30 or a multiple of 60).
            type: int
            required: true
          stat:
            description: The statistic, any CloudWatch statistic or extended statistic (for example V(Sum) or V(p99)).
            type: str
            required: true
          unit:
            description: The unit of the metric.
            type: str
      expression:
        description:
          - A metric math expression over the other queries' ids, or a Metrics Insights query.
          - Set either O(metrics[].metric_stat) or O(metrics[].expression).
        type: str
      label:
        description: A human-readable label for the query.
        type: str
      return_data:
        description:
          - Whether this query is the one the alarm compares with O(threshold). When not set, AWS takes it as true.
        type: bool
      period:
        description: The granularity, in seconds, of the query's data points (10, 20, 30 or a multiple of 60).
        type: int
      account_id:
        description: The account whose metric the query reads, in a cross-account alarm.
        type: str
  namespace:
    description:
      - The namespace of the metric (for example V(AWS/EC2)).
    type: str
  statistic:
    description:
      - The statistic applied to the metric over each O(period). Not with O(extended_statistic).
    choices: ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum']
    type: str
  extended_statistic:
    description:
      - A percentile or other extended statistic applied to the metric over each O(period). Not with O(statistic).
      - One of V(pNN), V(tmNN), V(tcNN), V(tsNN), V(wmNN) (NN from 0 to 100, decimals allowed, for example V(p95) or
        V(tm99.9)), V(IQM), V(PR(n:m\)) (n and m values of the metric, either may be left out), or V(TC(X%:Y%\)),
        V(TM(X%:Y%\)), V(TS(X%:Y%\)), V(WM(X%:Y%\)) (X below Y, from 0 to 100, either may be left out).
    type: str
  comparison:
    description:
      - How the statistic is compared with O(threshold). Required when O(state=present).
    type: str
    choices:
      - 'GreaterThanOrEqualToThreshold'
      - 'GreaterThanThreshold'
      - 'LessThanThreshold'
      - 'LessThanOrEqualToThreshold'
  threshold:
    description:
      - The value the statistic is compared with. Required when O(state=present).
    type: float
  period:
    description:
      - The length, in seconds, of each evaluation of the metric, 10, 20, 30 or a multiple of 60.
      - O(period) times O(evaluation_periods) may be at most one day when O(period) is under an hour, seven days otherwise.
    type: int
  evaluate_low_sample_count_percentile:
    description:
      - For percentile alarms, V(ignore) keeps the alarm state during periods with too few data points to be
        statistically significant; V(evaluate) (or not set) always evaluates.
    type: str
    choices: ['ignore', 'evaluate']
  datapoints_to_alarm:
    description:
      - How many of the last O(evaluation_periods) data points must breach to set the alarm ("M out of N").
        At most O(evaluation_periods); when not set, all of them.
    type: int
  evaluation_periods:
    description:
      - The number of periods over which data is compared with O(threshold). Required when O(state=present).
    type: int
  unit:
    description:
      - The unit of the metric.
    type: str
    choices:
      - 'Seconds'
      - 'Microseconds'
      - 'Milliseconds'
      - 'Bytes'
      - 'Kilobytes'
      - 'Megabytes'
      - 'Gigabytes'
      - 'Terabytes'
      - 'Bits'
      - 'Kilobits'
      - 'Megabits'
      - 'Gigabits'
      - 'Terabits'
      - 'Percent'
      - 'Count'
      - 'Bytes/Second'
      - 'Kilobytes/Second'
      - 'Megabytes/Second'
      - 'Gigabytes/Second'
      - 'Terabytes/Second'
      - 'Bits/Second'
      - 'Kilobits/Second'
      - 'Megabits/Second'
      - 'Gigabits/Second'
      - 'Terabits/Second'
      - 'Count/Second'
      - 'None'
  description:
    description:
      - The description of the alarm, at most 1024 characters. When not set, the alarm has none.
    type: str
  dimensions:
    description:
      - The dimensions of the metric, name to value (at most 30), compared in any order.
      - U(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension)
    type: dict
  actions_enabled:
    description:
      - Whether the alarm runs its actions when its state changes.
    type: bool
    default: true
  alarm_actions:
    description:
      - The ARNs of the actions (at most 5) run when the alarm goes to C(ALARM). Compared in any order.
    type: list
    elements: str
    default: []
  insufficient_data_actions:
    description:
      - The ARNs of the actions (at most 5) run when the alarm goes to C(INSUFFICIENT_DATA). Compared in any order.
    type: list
    elements: str
    default: []
  ok_actions:
    description:
      - The ARNs of the actions (at most 5) run when the alarm goes to C(OK). Compared in any order.
    type: list
    elements: str
    default: []
  treat_missing_data:
    description:
      - How the alarm treats missing data points.
    type: str
    choices:
      - 'breaching'
      - 'notBreaching'
      - 'ignore'
      - 'missing'
    default: 'missing'
notes:
  - Exactly as M(amazon.aws.cloudwatch_metric_alarm), O(metrics) cannot be set with O(metric_name), O(dimensions),
    O(period), O(namespace), O(statistic), O(extended_statistic) or O(unit), and O(statistic) not with O(extended_statistic).
  - In check mode the module reports what would change and changes nothing; an alarm it would create is returned
    without an ARN.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Alarm when the web tier's average CPU is above 80% for 2 of 3 five-minute periods
  webstack.aws.cloudwatch_metric_alarm:
    name: demo-local-cpu-high
    namespace: AWS/EC2
    metric_name: CPUUtilization
    dimensions:
      AutoScalingGroupName: demo-local-web
    statistic: Average
    comparison: GreaterThanThreshold
    threshold: 80.0
    period: 300
    evaluation_periods: 3
    datapoints_to_alarm: 2
    treat_missing_data: notBreaching
    description: CPU above 80% on the web tier
    alarm_actions: ["arn:aws:sns:eu-west-1:123456789012:demo-local-alerts"]
    ok_actions: ["arn:aws:sns:eu-west-1:123456789012:demo-local-alerts"]
    tags:
      webstack:stack: demo
      webstack:environment: local

- name: Alarm on the p95 response time of a load balancer
  webstack.aws.cloudwatch_metric_alarm:
    name: demo-local-latency-p95
    namespace: AWS/ApplicationELB
    metric_name: TargetResponseTime
    dimensions:
      LoadBalancer: app/demo-local/0123456789abcdef
    extended_statistic: p95
    evaluate_low_sample_count_percentile: ignore
    comparison: GreaterThanThreshold
    threshold: 1.5
    period: 60
    evaluation_periods: 5
    alarm_actions: ["arn:aws:sns:eu-west-1:123456789012:demo-local-alerts"]

- name: Alarm on the share of 5xx answers, a metric math expression over three metrics
  webstack.aws.cloudwatch_metric_alarm:
    name: demo-local-5xx-rate
    comparison: GreaterThanThreshold
    threshold: 5.0
    evaluation_periods: 5
    datapoints_to_alarm: 3
    treat_missing_data: notBreaching
    alarm_actions: ["arn:aws:sns:eu-west-1:123456789012:demo-local-alerts"]
    metrics:
      - id: m1
        metric_stat:
          metric:
            namespace: AWS/ApplicationELB
            metric_name: HTTPCode_ELB_5XX_Count
            dimensions: [{name: LoadBalancer, value: app/demo-local/0123456789abcdef}]
          period: 60
          stat: Sum
        return_data: false
      - id: m2
        metric_stat:
          metric:
            namespace: AWS/ApplicationELB
            metric_name: RequestCount
            dimensions: [{name: LoadBalancer, value: app/demo-local/0123456789abcdef}]
          period: 60
          stat: Sum
        return_data: false
      - id: e1
        expression: 100*FILL(m1,0)/m2
        label: 5xx rate (%)
        return_data: true

- name: Remove an alarm
  webstack.aws.cloudwatch_metric_alarm:
    name: demo-local-cpu-high
    state: absent
"""

RETURN = r"""
alarm:
  description:
    - The alarm, as DescribeAlarms returns it in C(MetricAlarms), in snake_case, with its tags.
    - In check mode, for an alarm the module would create or update, the settings it would have.
  returned: when O(state=present)
  type: dict
  contains:
    alarm_name:
      description: The name of the alarm.
      type: str
      returned: always
      sample: demo-local-cpu-high
    alarm_arn:
      description: The ARN of the alarm.
      type: str
      returned: when the alarm exists
      sample: arn:aws:cloudwatch:eu-west-1:123456789012:alarm:demo-local-cpu-high
    alarm_description:
      description: The description of the alarm.
      type: str
      returned: when the alarm has one
      sample: CPU above 80% on the web tier
    actions_enabled:
      description: Whether the alarm runs its actions.
      type: bool
      returned: always
      sample: true
    alarm_actions:
      description: The actions run when the alarm goes to C(ALARM).
      type: list
      elements: str
      returned: always
      sample: ["arn:aws:sns:eu-west-1:123456789012:demo-local-alerts"]
    ok_actions:
      description: The actions run when the alarm goes to C(OK).
      type: list
      elements: str
      returned: always
      sample: []
    insufficient_data_actions:
      description: The actions run when the alarm goes to C(INSUFFICIENT_DATA).
      type: list
      elements: str
      returned: always
      sample: []
    metric_name:
      description: The metric of an alarm on one metric.
      type: str
      returned: for an alarm on one metric
      sample: CPUUtilization
    namespace:
      description: The namespace of the metric of an alarm on one metric.
      type: str
      returned: for an alarm on one metric
      sample: AWS/EC2
    statistic:
      description: The statistic of an alarm on one metric.
      type: str
      returned: when the alarm uses one
      sample: Average
    extended_statistic:
      description: The extended statistic of an alarm on one metric.
      type: str
      returned: when the alarm uses one
      sample: p95
    dimensions:
      description: The dimensions of the metric of an alarm on one metric.
      type: list
      elements: dict
      returned: always
      sample: [{"name": "AutoScalingGroupName", "value": "demo-local-web"}]
    period:
      description: The length, in seconds, of each evaluation.
      type: int
      returned: for an alarm on one metric
      sample: 300
    unit:
      description: The unit of the metric.
      type: str
      returned: when set
      sample: Percent
    evaluation_periods:
      description: The number of periods compared with the threshold.
      type: int
      returned: always
      sample: 3
    datapoints_to_alarm:
      description: How many breaching data points set the alarm.
      type: int
      returned: when set
      sample: 2
    threshold:
      description: The value compared with the statistic.
      type: float
      returned: always
      sample: 80.0
    comparison_operator:
      description: How the statistic is compared with the threshold.
      type: str
      returned: always
      sample: GreaterThanThreshold
    treat_missing_data:
      description: How missing data points are treated.
      type: str
      returned: when AWS reports it
      sample: notBreaching
    evaluate_low_sample_count_percentile:
      description: Whether percentile alarms evaluate periods with few data points.
      type: str
      returned: when set
      sample: ignore
    metrics:
      description: The metric data queries of a metric math alarm, in snake_case.
      type: list
      elements: dict
      returned: always
      sample:
        - id: m1
          metric_stat:
            metric:
              namespace: AWS/ApplicationELB
              metric_name: RequestCount
              dimensions: [{"name": "LoadBalancer", "value": "app/demo-local/0123456789abcdef"}]
            period: 60
            stat: Sum
          return_data: false
        - id: e1
          expression: m1/60
          return_data: true
    state_value:
      description: The state of the alarm.
      type: str
      returned: when the alarm exists
      sample: INSUFFICIENT_DATA
    state_reason:
      description: Why the alarm is in its state.
      type: str
      returned: when the alarm exists
      sample: "Unchecked: Initial alarm creation"
    alarm_configuration_updated_timestamp:
      description: When the configuration of the alarm last changed (ISO 8601).
      type: str
      returned: when the alarm exists
      sample: "2025-01-01T12:00:00+00:00"
    tags:
      description: The tags of the alarm.
      type: dict
      returned: always
      sample: {"webstack:stack": "demo"}
"""

import math
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.cloudwatch import AlarmManager
from ansible_collections.webstack.aws.plugins.module_utils.cloudwatch import alarm_view
from ansible_collections.webstack.aws.plugins.module_utils.cloudwatch import predicted_alarm
from ansible_collections.webstack.aws.plugins.module_utils.cloudwatch import tags_after
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

UNITS = [
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
]

DIMENSION_SPEC = dict(name=dict(type="str", required=True), value=dict(type="str", required=True))
METRIC_SPEC = dict(
    namespace=dict(type="str"),
    metric_name=dict(type="str", required=True),
    dimensions=dict(type="list", elements="dict", options=DIMENSION_SPEC),
)
METRIC_STAT_SPEC = dict(
    metric=dict(type="dict", options=METRIC_SPEC),
    period=dict(type="int", required=True),
    stat=dict(type="str", required=True),
    unit=dict(type="str"),
)
QUERY_SPEC = dict(
    id=dict(type="str", required=True),
    metric_stat=dict(type="dict", options=METRIC_STAT_SPEC),
    expression=dict(type="str"),
    label=dict(type="str"),
    return_data=dict(type="bool"),
    period=dict(type="int"),
    account_id=dict(type="str"),
)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    metric_name=dict(type="str", aliases=["metric"]),
    namespace=dict(type="str"),
    statistic=dict(type="str", choices=["SampleCount", "Average", "Sum", "Minimum", "Maximum"]),
    comparison=dict(
        type="str",
        choices=["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"],
    ),
    threshold=dict(type="float"),
    period=dict(type="int"),
    unit=dict(type="str", choices=UNITS),
    evaluate_low_sample_count_percentile=dict(type="str", choices=["ignore", "evaluate"]),
    datapoints_to_alarm=dict(type="int"),
    evaluation_periods=dict(type="int"),
    extended_statistic=dict(type="str"),
    description=dict(type="str"),
    dimensions=dict(type="dict"),
    actions_enabled=dict(type="bool", default=True),
    alarm_actions=dict(type="list", elements="str", default=[]),
    insufficient_data_actions=dict(type="list", elements="str", default=[]),
    ok_actions=dict(type="list", elements="str", default=[]),
    treat_missing_data=dict(type="str", choices=["breaching", "notBreaching", "ignore", "missing"], default="missing"),
    metrics=dict(type="list", elements="dict", default=[], options=QUERY_SPEC),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

# amazon.aws.cloudwatch_metric_alarm's rules, unchanged.
MUTUALLY_EXCLUSIVE = [
    ["metric_name", "metrics"],
    ["dimensions", "metrics"],
    ["period", "metrics"],
    ["namespace", "metrics"],
    ["statistic", "metrics"],
    ["extended_statistic", "metrics"],
    ["unit", "metrics"],
    ["statistic", "extended_statistic"],
]

MAX_NAME = 255
MAX_DESCRIPTION = 1024
MAX_ACTIONS = 5
MAX_DIMENSIONS = 30
MAX_DIMENSION_VALUE = 1024
MAX_EXPRESSION = 2048
SHORT_PERIODS = (10, 20, 30)
HOUR = 3600
DAY = 86400
WEEK = 7 * DAY
DEFAULT_TREAT_MISSING_DATA = "missing"
DEFAULT_LOW_SAMPLE_COUNT = "evaluate"
ACTION_OPTIONS = {"alarm_actions": "AlarmActions", "ok_actions": "OKActions", "insufficient_data_actions": "InsufficientDataActions"}
ARN = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:\S+$")
QUERY_ID = re.compile(r"^[a-z][a-zA-Z0-9_]*$")
NUMBER = r"\d+(?:\.\d+)?"
SIGNED = r"-?" + NUMBER
PERCENTILE_FORM = re.compile(rf"^(?:p|tm|tc|ts|wm)({NUMBER})$")
RANGE_FORM = re.compile(rf"^PR\(({SIGNED})?:({SIGNED})?\)$")
PERCENT_RANGE_FORM = re.compile(rf"^(?:TC|TM|TS|WM)\(({NUMBER})?%?:({NUMBER})?%?\)$")

# The settings PutMetricAlarm takes and DescribeAlarms answers, compared to decide whether to put.
SETTINGS = (
    "AlarmDescription",
    "ActionsEnabled",
    "AlarmActions",
    "OKActions",
    "InsufficientDataActions",
    "MetricName",
    "Namespace",
    "Statistic",
    "ExtendedStatistic",
    "Dimensions",
    "Period",
    "Unit",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
    "EvaluateLowSampleCountPercentile",
    "Metrics",
)


# Validation


def valid_period(period: int) -> bool:
    return period in SHORT_PERIODS or (period > 0 and period % 60 == 0)


def valid_extended_statistic(statistic: str) -> bool:
    """Whether AWS takes the extended statistic (PutMetricAlarm's ExtendedStatistic and CloudWatch's statistics definitions)."""
    if statistic == "IQM":
        return True
    percentile = PERCENTILE_FORM.match(statistic)
    if percentile:
        return 0 <= float(percentile.group(1)) <= 100
    bounds = RANGE_FORM.match(statistic)
    if bounds:
        low, high = bounds.groups()
        return (low, high) != (None, None) and (low is None or high is None or float(low) < float(high))
    bounds = PERCENT_RANGE_FORM.match(statistic)
    if bounds and statistic.count("%") == sum(value is not None for value in bounds.groups()):
        low, high = (None if value is None else float(value) for value in bounds.groups())
        in_range = all(value is None or 0 <= value <= 100 for value in (low, high))
        return (low, high) != (None, None) and in_range and (low is None or high is None or low < high)
    return False


def _period_errors(option: str, period: Optional[int]) -> List[str]:
    if period is None or valid_period(period):
        return []
    return [f"{option} is {period}; AWS allows 10, 20, 30 or a multiple of 60 seconds."]


def _metric_errors(params: Dict[str, Any]) -> List[str]:
    """Errors of an alarm on one metric (no metrics)."""
    errors = []
    missing = [option for option in ("metric_name", "namespace", "period") if params.get(option) is None]
    if missing:
        errors.append(f"{', '.join(missing)} required for an alarm on one metric (or set metrics for a metric math alarm).")
    if params.get("statistic") is None and params.get("extended_statistic") is None:
        errors.append("statistic or extended_statistic is required for an alarm on one metric.")
    for option in ("metric_name", "namespace"):
        value = params.get(option)
        if value is not None and not 1 <= len(value) <= MAX_NAME:
            errors.append(f"{option} must be 1 to {MAX_NAME} characters long.")
    if params.get("namespace") and params["namespace"].startswith(":"):
        errors.append("namespace may not start with ':'.")
    extended = params.get("extended_statistic")
    if extended is not None and not valid_extended_statistic(extended):
        errors.append(
            f"extended_statistic {extended!r} is not one AWS takes: pNN, tmNN, tcNN, tsNN or wmNN (NN from 0 to 100, for example p95 or tm99.9), "
            "IQM, PR(n:m), or TC, TM, TS or WM(X%:Y%)."
        )
    errors.extend(_period_errors("period", params.get("period")))
    dimensions = params.get("dimensions") or {}
    if len(dimensions) > MAX_DIMENSIONS:
        errors.append(f"dimensions has {len(dimensions)} entries; AWS allows at most {MAX_DIMENSIONS}.")
    bad = [str(name) for name, value in dimensions.items() if not 1 <= len(str(name)) <= MAX_NAME or not 1 <= len(str(value)) <= MAX_DIMENSION_VALUE]
    if bad:
        errors.append(f"dimensions need names of 1 to {MAX_NAME} and values of 1 to {MAX_DIMENSION_VALUE} characters; not so: {', '.join(bad)}.")
    period, evaluation_periods = params.get("period"), params.get("evaluation_periods")
    if period and evaluation_periods and valid_period(period):
        window = period * evaluation_periods
        limit = DAY if period < HOUR else WEEK
        if window > limit:
            errors.append(f"period times evaluation_periods is {window} seconds; AWS allows at most {limit} with a period of {period} seconds.")
    return errors


def _query_errors(index: int, query: Dict[str, Any]) -> List[str]:
    where = f"metrics[{index}]"
    errors = []
    if not QUERY_ID.match(query["id"]) or len(query["id"]) > MAX_NAME:
        errors.append(f"{where}.id {query['id']!r} must start with a lowercase letter and hold only letters, digits and underscores.")
    stat, expression = query.get("metric_stat"), query.get("expression")
    if (stat is None) == (expression is None):
        errors.append(f"{where} needs exactly one of metric_stat and expression.")
    if expression is not None and not 1 <= len(expression) <= MAX_EXPRESSION:
        errors.append(f"{where}.expression must be 1 to {MAX_EXPRESSION} characters long.")
    if stat is not None:
        if not stat.get("metric"):
            errors.append(f"{where}.metric_stat.metric is required.")
        elif len(stat["metric"].get("dimensions") or []) > MAX_DIMENSIONS:
            errors.append(f"{where}.metric_stat.metric.dimensions has more than {MAX_DIMENSIONS} entries.")
        if stat.get("unit") is not None and stat["unit"] not in UNITS:
            errors.append(f"{where}.metric_stat.unit {stat['unit']!r} is not one of {', '.join(UNITS)}.")
        errors.extend(_period_errors(f"{where}.metric_stat.period", stat.get("period")))
    errors.extend(_period_errors(f"{where}.period", query.get("period")))
    return errors


def _metrics_errors(metrics: List[Dict[str, Any]]) -> List[str]:
    """Errors of a metric math alarm (metrics set)."""
    errors = []
    for index, query in enumerate(metrics):
        errors.extend(_query_errors(index, query))
    ids = [query["id"] for query in metrics]
    repeated = sorted({query_id for query_id in ids if ids.count(query_id) > 1})
    if repeated:
        errors.append(f"metrics ids must be unique; repeated: {', '.join(repeated)}.")
    returning = [query["id"] for query in metrics if query.get("return_data") is not False]
    if len(returning) != 1:
        errors.append(
            f"metrics must have exactly one query with return_data true (the AWS default when not set); {len(returning)} have it"
            + (f": {', '.join(returning)}." if returning else ".")
        )
    return errors


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every reason the options cannot be sent, each naming its option; [] when they can."""
    errors = []
    if not 1 <= len(params["name"]) <= MAX_NAME:
        errors.append(f"name must be 1 to {MAX_NAME} characters long.")
    if params["state"] == "absent":
        return errors
    missing = [option for option in ("comparison", "threshold", "evaluation_periods") if params.get(option) is None]
    if missing:
        errors.append(f"{', '.join(missing)} required when state=present.")
    if params.get("threshold") is not None and not math.isfinite(params["threshold"]):
        errors.append("threshold must be a finite number.")
    evaluation_periods, datapoints = params.get("evaluation_periods"), params.get("datapoints_to_alarm")
    if evaluation_periods is not None and evaluation_periods < 1:
        errors.append("evaluation_periods must be 1 or more.")
    if datapoints is not None and (datapoints < 1 or (evaluation_periods is not None and datapoints > evaluation_periods)):
        errors.append(f"datapoints_to_alarm is {datapoints}; it must be from 1 to evaluation_periods ({evaluation_periods}).")
    if params.get("description") and len(params["description"]) > MAX_DESCRIPTION:
        errors.append(f"description is {len(params['description'])} characters long; AWS allows at most {MAX_DESCRIPTION}.")
    for option in ACTION_OPTIONS:
        actions = params.get(option) or []
        bad = [action for action in actions if not ARN.match(action)]
        if bad:
            errors.append(f"{option} must be ARNs (arn:aws:sns:<region>:<account>:<topic>, ...); not ARNs: {', '.join(bad)}.")
        if len(actions) > MAX_ACTIONS:
            errors.append(f"{option} has {len(actions)} actions; AWS allows at most {MAX_ACTIONS}.")
    errors.extend(_metrics_errors(params["metrics"]) if params.get("metrics") else _metric_errors(params))
    return errors


# What to send


def _drop_none(values: Dict[str, Any]) -> Dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _query_request(query: Dict[str, Any]) -> Dict[str, Any]:
    """One metric data query option as PutMetricAlarm takes it."""
    stat = query.get("metric_stat")
    metric_stat = None
    if stat is not None:
        metric = stat.get("metric") or {}
        dimensions = [{"Name": d["name"], "Value": d["value"]} for d in metric.get("dimensions") or []]
        metric_stat = _drop_none(
            {
                "Metric": _drop_none({"Namespace": metric.get("namespace"), "MetricName": metric.get("metric_name"), "Dimensions": dimensions or None}),
                "Period": stat.get("period"),
                "Stat": stat.get("stat"),
                "Unit": stat.get("unit"),
            }
        )
    return _drop_none(
        {
            "Id": query["id"],
            "MetricStat": metric_stat,
            "Expression": query.get("expression"),
            "Label": query.get("label"),
            "ReturnData": query.get("return_data"),
            "Period": query.get("period"),
            "AccountId": query.get("account_id"),
        }
    )


def build_request(params: Dict[str, Any]) -> Dict[str, Any]:
    """The PutMetricAlarm request the options describe (without Tags)."""
    dimensions = params.get("dimensions")
    request = {
        "AlarmName": params["name"],
        "AlarmDescription": params.get("description"),
        "ActionsEnabled": params["actions_enabled"],
        "MetricName": params.get("metric_name"),
        "Namespace": params.get("namespace"),
        "Statistic": params.get("statistic"),
        "ExtendedStatistic": params.get("extended_statistic"),
        "Dimensions": [{"Name": str(name), "Value": str(dimensions[name])} for name in sorted(dimensions)] if dimensions else None,
        "Period": params.get("period"),
        "Unit": params.get("unit"),
        "EvaluationPeriods": params["evaluation_periods"],
        "DatapointsToAlarm": params.get("datapoints_to_alarm"),
        "Threshold": params["threshold"],
        "ComparisonOperator": params["comparison"],
        "TreatMissingData": params["treat_missing_data"],
        "EvaluateLowSampleCountPercentile": params.get("evaluate_low_sample_count_percentile"),
        "Metrics": [_query_request(query) for query in params["metrics"]] or None,
    }
    request.update({key: list(params.get(option) or []) for option, key in ACTION_OPTIONS.items()})
    return _drop_none(request)


# What differs


def _dimensions(dimensions: Optional[List[Dict[str, str]]]) -> List[Dict[str, str]]:
    return sorted(({"Name": d["Name"], "Value": d["Value"]} for d in dimensions or []), key=lambda d: (d["Name"], d["Value"]))


def _query(query: Dict[str, Any]) -> Dict[str, Any]:
    """A metric data query in the form compared: AWS defaults filled in, empty values dropped, dimensions sorted."""
    normal = {
        "Id": query["Id"],
        "ReturnData": query.get("ReturnData") is not False,
        "Expression": query.get("Expression") or None,
        "Label": query.get("Label") or None,
        "Period": query.get("Period"),
        "AccountId": query.get("AccountId") or None,
    }
    stat = query.get("MetricStat")
    if stat:
        metric = stat.get("Metric") or {}
        normal["MetricStat"] = _drop_none(
            {
                "Metric": _drop_none(
                    {
                        "Namespace": metric.get("Namespace") or None,
                        "MetricName": metric.get("MetricName"),
                        "Dimensions": _dimensions(metric.get("Dimensions")) or None,
                    }
                ),
                "Period": stat.get("Period"),
                "Stat": stat.get("Stat"),
                "Unit": stat.get("Unit") or None,
            }
        )
    return _drop_none(normal)


def comparable(alarm: Dict[str, Any]) -> Dict[str, Any]:
    """The settings of a PutMetricAlarm request or a DescribeAlarms entry in one form, so identical alarms are equal.

    Actions and dimensions in any order, numbers as numbers, metric queries by id with ReturnData filled in,
    and the defaults AWS applies to what is not set (no description, actions enabled, all data points to alarm,
    missing data as missing, low sample counts evaluated).
    """
    threshold = alarm.get("Threshold")
    evaluation_periods = alarm.get("EvaluationPeriods")
    settings = {
        "AlarmDescription": alarm.get("AlarmDescription") or "",
        "ActionsEnabled": alarm.get("ActionsEnabled") is not False,
        "MetricName": alarm.get("MetricName") or None,
        "Namespace": alarm.get("Namespace") or None,
        "Statistic": alarm.get("Statistic") or None,
        "ExtendedStatistic": alarm.get("ExtendedStatistic") or None,
        "Dimensions": _dimensions(alarm.get("Dimensions")),
        "Period": alarm.get("Period"),
        "Unit": alarm.get("Unit") or None,
        "EvaluationPeriods": evaluation_periods,
        "DatapointsToAlarm": alarm.get("DatapointsToAlarm") or evaluation_periods,
        "Threshold": None if threshold is None else float(threshold),
        "ComparisonOperator": alarm.get("ComparisonOperator"),
        "TreatMissingData": alarm.get("TreatMissingData") or DEFAULT_TREAT_MISSING_DATA,
        "EvaluateLowSampleCountPercentile": alarm.get("EvaluateLowSampleCountPercentile") or DEFAULT_LOW_SAMPLE_COUNT,
        "Metrics": sorted((_query(query) for query in alarm.get("Metrics") or []), key=lambda query: query["Id"]),
    }
    settings.update({key: sorted(alarm.get(key) or []) for key in ACTION_OPTIONS.values()})
    return settings


def settings_changes(current: Dict[str, Any], request: Dict[str, Any]) -> List[str]:
    """The settings (PutMetricAlarm keys) in which the alarm differs from the request."""
    have, want = comparable(current), comparable(request)
    return [key for key in SETTINGS if have[key] != want[key]]


# What to return


def settings_view(alarm: Optional[Dict[str, Any]], tags: Optional[Dict[str, str]]) -> Dict[str, Any]:
    """The compared settings of an alarm, snake_case, with its tags: the diff's before and after."""
    if not alarm:
        return {}
    settings = {key: value for key, value in comparable(alarm).items() if value is not None and (value != [] or key in ACTION_OPTIONS.values())}
    view = camel_dict_to_snake_dict({"AlarmName": alarm.get("AlarmName"), **settings})
    view["tags"] = dict(tags or {})
    return view


def predicted(current: Optional[Dict[str, Any]], request: Dict[str, Any]) -> Dict[str, Any]:
    """The alarm DescribeAlarms would answer after the request: what AWS keeps of the current one, overwritten."""
    return predicted_alarm(current, request, SETTINGS)


class MetricAlarmManager(AlarmManager):
    """Brings one metric alarm to the state the module's options describe."""

    ALARM_TYPE = "MetricAlarm"
    PUT_METHOD = "put_metric_alarm"
    KIND = "metric alarm"

    def diff_view(self, alarm: Optional[Dict[str, Any]], tags: Optional[Dict[str, str]]) -> Dict[str, Any]:
        return settings_view(alarm, tags)

    def ensure_present(self) -> Dict[str, Any]:
        request = build_request(self.params)
        current = self.describe()
        current_tags = self.tags_of(current["AlarmArn"]) if current else {}
        wanted_tags = tags_after(current_tags, self.params["tags"], self.params["purge_tags"])
        changes = settings_changes(current, request) if current else list(SETTINGS)
        before = settings_view(current, current_tags)
        if current is not None and not changes and wanted_tags == current_tags:
            return {"changed": False, "alarm": alarm_view(current, current_tags), "diff": {"before": before, "after": before}}

        expected = predicted(current, request)
        if self.module.check_mode:
            return {"changed": True, "alarm": alarm_view(expected, wanted_tags), "diff": {"before": before, "after": settings_view(expected, wanted_tags)}}

        self.apply(current, request, bool(changes), current_tags, wanted_tags)
        alarm = self.describe()
        tags = self.tags_of(alarm["AlarmArn"]) if alarm else wanted_tags
        alarm = alarm or expected  # not yet visible: what was sent
        return {"changed": True, "alarm": alarm_view(alarm, tags), "diff": {"before": before, "after": settings_view(alarm, tags)}}


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, mutually_exclusive=MUTUALLY_EXCLUSIVE, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("cloudwatch", retry_decorator=retrying())
    manager = MetricAlarmManager(module, client)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
