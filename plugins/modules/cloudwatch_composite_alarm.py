#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cloudwatch_composite_alarm
version_added: 0.2.0
short_description: Manage a CloudWatch composite alarm
description:
  - Create, update, tag or delete one CloudWatch composite alarm, an alarm whose state is a rule over the states of
    other alarms.
  - AWS overwrites the whole configuration of a composite alarm on every update, so options left out take their
    default (no description, no actions, no suppressor), not the alarm's current value.
  - Tags are changed with TagResource and UntagResource; AWS ignores tags sent with an update.
  - To read composite alarms, use M(amazon.aws.cloudwatch_metric_alarm_info) with O(amazon.aws.cloudwatch_metric_alarm_info#module:alarm_type=CompositeAlarm).
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the composite alarm, unique within the Region.
    required: true
    type: str
  alarm_rule:
    description:
      - The rule over other alarms' states (see the examples).
      - Functions C(ALARM), C(OK) and C(INSUFFICIENT_DATA) take an alarm name or ARN; C(AND), C(OR), C(NOT), C(TRUE)
        and C(FALSE) combine them. At most 10240 characters.
      - Required when O(state=present).
    type: str
  description:
    description:
      - The description of the composite alarm, at most 1024 characters.
      - When not set, the alarm has no description.
    type: str
  actions_enabled:
    description:
      - Whether the alarm's actions run when its state changes.
    default: true
    type: bool
  alarm_actions:
    description:
      - The ARNs of the actions (SNS topics, Lambda functions, Systems Manager OpsItems or incidents) to run when the
        alarm goes to C(ALARM). At most 5.
    default: []
    type: list
    elements: str
  ok_actions:
    description:
      - The ARNs of the actions to run when the alarm goes to C(OK). At most 5.
    default: []
    type: list
    elements: str
  insufficient_data_actions:
    description:
      - The ARNs of the actions to run when the alarm goes to C(INSUFFICIENT_DATA). At most 5.
    default: []
    type: list
    elements: str
  actions_suppressor:
    description:
      - The name or ARN of an existing alarm whose C(ALARM) state suppresses this alarm's actions.
      - Requires O(actions_suppressor_wait_period) and O(actions_suppressor_extension_period).
    type: str
  actions_suppressor_wait_period:
    description:
      - How many seconds the alarm waits for O(actions_suppressor) to go to C(ALARM) before it runs its actions.
      - Only with O(actions_suppressor).
    type: int
  actions_suppressor_extension_period:
    description:
      - How many seconds the alarm keeps its actions suppressed after O(actions_suppressor) leaves C(ALARM).
      - Only with O(actions_suppressor).
    type: int
  state:
    description:
      - Whether the composite alarm should exist.
    default: present
    choices: ['present', 'absent']
    type: str
notes:
  - In check mode the module reports what would change and makes no change; an alarm it would create is returned
    without an ARN.
  - Another composite alarm whose rule names this alarm keeps AWS from deleting it; change or delete that one first.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Page once when the load balancer errs or slows down
  webstack.aws.cloudwatch_composite_alarm:
    name: demo-local-web-unhealthy
    alarm_rule: ALARM("demo-local-5xx-rate") OR ALARM("demo-local-latency-p95")
    description: The web tier answers errors or answers slowly
    alarm_actions:
      - arn:aws:sns:eu-west-1:123456789012:demo-local-alerts
    ok_actions:
      - arn:aws:sns:eu-west-1:123456789012:demo-local-alerts
    tags:
      webstack:stack: demo
      webstack:environment: local
      webstack:component: monitoring
      ManagedBy: ansible

- name: Hold the page back while a deployment alarm is in ALARM
  webstack.aws.cloudwatch_composite_alarm:
    name: demo-local-web-unhealthy
    alarm_rule: ALARM("demo-local-5xx-rate")
    alarm_actions:
      - arn:aws:sns:eu-west-1:123456789012:demo-local-alerts
    actions_suppressor: demo-local-deploying
    actions_suppressor_wait_period: 120
    actions_suppressor_extension_period: 300

- name: Remove the composite alarm
  webstack.aws.cloudwatch_composite_alarm:
    name: demo-local-web-unhealthy
    state: absent
"""

RETURN = r"""
alarm:
  description:
    - The composite alarm, as DescribeAlarms returns it, in snake_case, with its tags.
    - In check mode, for an alarm the module would create or change, the settings it would have.
  returned: when O(state=present)
  type: dict
  contains:
    alarm_name:
      description: The name of the alarm.
      type: str
      returned: always
      sample: demo-local-web-unhealthy
    alarm_arn:
      description: The ARN of the alarm.
      type: str
      returned: when the alarm exists
      sample: arn:aws:cloudwatch:eu-west-1:123456789012:alarm:demo-local-web-unhealthy
    alarm_rule:
      description: The rule over other alarms' states.
      type: str
      returned: always
      sample: ALARM("demo-local-5xx-rate") OR ALARM("demo-local-latency-p95")
    alarm_description:
      description: The description of the alarm.
      type: str
      returned: when the alarm has one
      sample: The web tier answers errors or answers slowly
    actions_enabled:
      description: Whether the alarm's actions run.
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
    actions_suppressor:
      description: The alarm whose C(ALARM) state suppresses this alarm's actions.
      type: str
      returned: when the alarm has a suppressor
      sample: demo-local-deploying
    actions_suppressor_wait_period:
      description: Seconds the alarm waits for the suppressor to go to C(ALARM).
      type: int
      returned: when the alarm has a suppressor
      sample: 120
    actions_suppressor_extension_period:
      description: Seconds the actions stay suppressed after the suppressor leaves C(ALARM).
      type: int
      returned: when the alarm has a suppressor
      sample: 300
    state_value:
      description: The state of the alarm (C(OK), C(ALARM) or C(INSUFFICIENT_DATA)).
      type: str
      returned: when the alarm exists
      sample: INSUFFICIENT_DATA
    state_reason:
      description: Why the alarm is in its state.
      type: str
      returned: when the alarm exists
      sample: "Unchecked: Initial alarm creation"
    state_updated_timestamp:
      description: When the state last changed (ISO 8601).
      type: str
      returned: when the alarm exists
      sample: "2025-01-01T12:00:00+00:00"
    alarm_configuration_updated_timestamp:
      description: When the configuration last changed (ISO 8601).
      type: str
      returned: when the alarm exists
      sample: "2025-01-01T12:00:00+00:00"
    tags:
      description: The tags of the alarm.
      type: dict
      returned: always
      sample: {"webstack:stack": "demo", "ManagedBy": "ansible"}
"""

import re
from typing import Any
from typing import Dict
from typing import List

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.cloudwatch import AlarmManager
from ansible_collections.webstack.aws.plugins.module_utils.cloudwatch import alarm_view
from ansible_collections.webstack.aws.plugins.module_utils.cloudwatch import predicted_alarm
from ansible_collections.webstack.aws.plugins.module_utils.cloudwatch import tags_after
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    alarm_rule=dict(type="str"),
    description=dict(type="str"),
    actions_enabled=dict(type="bool", default=True),
    alarm_actions=dict(type="list", elements="str", default=[]),
    ok_actions=dict(type="list", elements="str", default=[]),
    insufficient_data_actions=dict(type="list", elements="str", default=[]),
    actions_suppressor=dict(type="str"),
    actions_suppressor_wait_period=dict(type="int"),
    actions_suppressor_extension_period=dict(type="int"),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

MAX_NAME = 255
MAX_RULE = 10240
MAX_DESCRIPTION = 1024
MAX_ACTIONS = 5
ACTION_OPTIONS = {"alarm_actions": "AlarmActions", "ok_actions": "OKActions", "insufficient_data_actions": "InsufficientDataActions"}
PERIOD_OPTIONS = {"actions_suppressor_wait_period": "ActionsSuppressorWaitPeriod", "actions_suppressor_extension_period": "ActionsSuppressorExtensionPeriod"}
ARN = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:\S+$")
ALARM_ARN_MARK = ":alarm:"
# The settings PutCompositeAlarm takes and DescribeAlarms answers, compared to decide whether to put.
SETTINGS = (
    "AlarmRule",
    "AlarmDescription",
    "ActionsEnabled",
    "AlarmActions",
    "OKActions",
    "InsufficientDataActions",
    "ActionsSuppressor",
    "ActionsSuppressorWaitPeriod",
    "ActionsSuppressorExtensionPeriod",
)


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every reason the options cannot be sent, each naming its option; [] when they can."""
    errors = []
    if not 1 <= len(params["name"]) <= MAX_NAME:
        errors.append(f"name must be 1 to {MAX_NAME} characters long.")
    if params["state"] == "absent":
        return errors
    rule = params.get("alarm_rule")
    if not rule or not rule.strip():
        errors.append("alarm_rule is required (and may not be empty) when state=present.")
    elif len(rule) > MAX_RULE:
        errors.append(f"alarm_rule is {len(rule)} characters long; AWS allows at most {MAX_RULE}.")
    if params.get("description") and len(params["description"]) > MAX_DESCRIPTION:
        errors.append(f"description is {len(params['description'])} characters long; AWS allows at most {MAX_DESCRIPTION}.")
    for option in ACTION_OPTIONS:
        actions = params.get(option) or []
        bad = [action for action in actions if not ARN.match(action)]
        if bad:
            errors.append(f"{option} must be ARNs (arn:aws:sns:<region>:<account>:<topic>, ...); not ARNs: {', '.join(bad)}.")
        if len(actions) > MAX_ACTIONS:
            errors.append(f"{option} has {len(actions)} actions; AWS allows at most {MAX_ACTIONS}.")
    periods = [option for option in PERIOD_OPTIONS if params.get(option) is not None]
    if params.get("actions_suppressor"):
        missing = [option for option in PERIOD_OPTIONS if option not in periods]
        if missing:
            errors.append(f"actions_suppressor requires {' and '.join(missing)}.")
    elif periods:
        errors.append(f"{' and '.join(periods)} may only be set with actions_suppressor.")
    negative = [option for option in periods if params[option] < 0]
    if negative:
        errors.append(f"{' and '.join(negative)} must be 0 or more seconds.")
    return errors


def build_desired(params: Dict[str, Any]) -> Dict[str, Any]:
    """The PutCompositeAlarm request the options describe (without Tags)."""
    desired = {
        "AlarmName": params["name"],
        "AlarmRule": params["alarm_rule"],
        "ActionsEnabled": params["actions_enabled"],
    }
    desired.update({key: list(params.get(option) or []) for option, key in ACTION_OPTIONS.items()})
    if params.get("description"):
        desired["AlarmDescription"] = params["description"]
    if params.get("actions_suppressor"):
        desired["ActionsSuppressor"] = params["actions_suppressor"]
        desired.update({key: params[option] for option, key in PERIOD_OPTIONS.items()})
    return desired


def alarm_name_of(name_or_arn: str) -> str:
    """The alarm an alarm name or alarm ARN names (ActionsSuppressor takes either)."""
    return name_or_arn.split(ALARM_ARN_MARK, 1)[1] if name_or_arn.startswith("arn:") and ALARM_ARN_MARK in name_or_arn else name_or_arn


def _comparable(alarm: Dict[str, Any], key: str) -> Any:
    value = alarm.get(key)
    if key in ACTION_OPTIONS.values():
        return sorted(value or [])
    if key == "AlarmDescription":
        return value or ""
    if key == "ActionsEnabled":
        return True if value is None else value
    if key == "ActionsSuppressor" and value:
        return alarm_name_of(value)
    return value


def settings_changes(current: Dict[str, Any], desired: Dict[str, Any]) -> List[str]:
    """The settings (PutCompositeAlarm keys) in which the alarm differs from the desired one."""
    return [key for key in SETTINGS if _comparable(current, key) != _comparable(desired, key)]


class CompositeAlarmManager(AlarmManager):
    """Brings one composite alarm to the state the module's options describe."""

    ALARM_TYPE = "CompositeAlarm"
    PUT_METHOD = "put_composite_alarm"
    KIND = "composite alarm"

    def ensure_present(self) -> Dict[str, Any]:
        desired = build_desired(self.params)
        current = self.describe()
        current_tags = self.tags_of(current["AlarmArn"]) if current else {}
        wanted_tags = tags_after(current_tags, self.params["tags"], self.params["purge_tags"])
        changes = settings_changes(current, desired) if current else list(SETTINGS)
        changed = bool(current is None or changes or wanted_tags != current_tags)

        before = alarm_view(current, current_tags) if current else {}
        if not changed:
            return {"changed": False, "alarm": before, "diff": {"before": before, "after": before}}
        if self.module.check_mode:
            after = alarm_view(predicted_alarm(current, desired, SETTINGS), wanted_tags)
            return {"changed": True, "alarm": after, "diff": {"before": before, "after": after}}

        self.apply(current, desired, bool(changes), current_tags, wanted_tags)
        alarm = self.describe()
        after = alarm_view(alarm, self.tags_of(alarm["AlarmArn"]) if alarm else wanted_tags)
        return {"changed": True, "alarm": after, "diff": {"before": before, "after": after}}


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("cloudwatch", retry_decorator=retrying())
    manager = CompositeAlarmManager(module, client)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
