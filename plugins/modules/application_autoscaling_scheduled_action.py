#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: application_autoscaling_scheduled_action
version_added: 0.3.0
short_description: Manage an Application Auto Scaling scheduled action
description:
  - Create, update or delete a scheduled action of Application Auto Scaling, which sets the minimum and/or maximum
    capacity of a scalable target (for example the desired count of an ECS service) at given times, such as fewer
    tasks at night.
  - The action is identified by O(service_namespace), O(resource_id), O(scalable_dimension) and
    O(scheduled_action_name).
  - C(PutScheduledAction) creates or updates; the module calls it only when the action differs from the options, so a
    second run with the same options makes no change and no mutating call.
  - The scalable target must be registered first (with M(webstack.aws.application_autoscaling_scalable_target));
    the module fails naming it otherwise.
  - AWS keeps a parameter an update leaves out, so a start time, end time or capacity the options no longer give
    cannot be removed by an update; the module then deletes the action and puts it again.
author:
  - webstack.aws maintainers (@webstack)
options:
  service_namespace:
    description:
      - The AWS service of the scalable target.
    required: true
    type: str
    choices: ['ecs', 'elasticmapreduce', 'ec2', 'appstream', 'dynamodb', 'rds', 'sagemaker', 'custom-resource', 'comprehend',
              'lambda', 'cassandra', 'kafka', 'elasticache', 'neptune', 'workspaces']
  resource_id:
    description:
      - The scalable target's resource, for an ECS service C(service/<cluster>/<service>).
    required: true
    type: str
  scalable_dimension:
    description:
      - The scalable dimension of the target, for an ECS service C(ecs:service:DesiredCount). Its first part is
        O(service_namespace).
    required: true
    type: str
  scheduled_action_name:
    description:
      - The name of the scheduled action, unique for the scalable target; 1 to 256 characters, none of C(:), C(/) and
        C(|), no leading or trailing space.
    required: true
    type: str
  schedule:
    description:
      - When the action runs, C(cron(<minutes> <hours> <day of month> <month> <day of week> <year>)),
        C(rate(<value> <minute|minutes|hour|hours|day|days>)) or C(at(yyyy-mm-ddThh:mm:ss)).
      - Required when O(state=present).
    type: str
  timezone:
    description:
      - The time zone (an IANA name such as C(Europe/Paris)) of a C(cron) or C(at) O(schedule).
    default: UTC
    type: str
  start_time:
    description:
      - The date and time, ISO 8601 (C(2030-01-01T00:00:00Z)), from which the action runs; without an offset, UTC.
    type: str
  end_time:
    description:
      - The date and time, ISO 8601, after which the action no longer runs; without an offset, UTC.
    type: str
  scalable_target_action:
    description:
      - The capacity the action sets; at least one of O(scalable_target_action.min_capacity) and
        O(scalable_target_action.max_capacity).
      - Required when O(state=present).
    type: dict
    suboptions:
      min_capacity:
        description: The minimum capacity from when the action runs.
        type: int
      max_capacity:
        description: The maximum capacity from when the action runs.
        type: int
  state:
    description:
      - Whether the scheduled action should exist.
    default: present
    choices: ['present', 'absent']
    type: str
notes:
  - In check mode the module reports what would change and changes nothing; an action it would create is returned with
    the settings it would have (no ARN or creation time).
  - A scheduled action has no tags and no provisioning state, so the module has no O(ignore:tags) or O(ignore:wait)
    options.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: One task at night (Paris time)
  webstack.aws.application_autoscaling_scheduled_action:
    service_namespace: ecs
    resource_id: service/demo-local/demo-local-api
    scalable_dimension: ecs:service:DesiredCount
    scheduled_action_name: night
    schedule: cron(0 20 * * ? *)
    timezone: Europe/Paris
    scalable_target_action:
      min_capacity: 1
      max_capacity: 1

- name: Back to 2 to 6 tasks in the morning
  webstack.aws.application_autoscaling_scheduled_action:
    service_namespace: ecs
    resource_id: service/demo-local/demo-local-api
    scalable_dimension: ecs:service:DesiredCount
    scheduled_action_name: morning
    schedule: cron(0 7 * * ? *)
    timezone: Europe/Paris
    scalable_target_action:
      min_capacity: 2
      max_capacity: 6

- name: Remove the night action
  webstack.aws.application_autoscaling_scheduled_action:
    service_namespace: ecs
    resource_id: service/demo-local/demo-local-api
    scalable_dimension: ecs:service:DesiredCount
    scheduled_action_name: night
    state: absent
"""

RETURN = r"""
scheduled_action:
  description:
    - The scheduled action, as DescribeScheduledActions returns it, in snake_case; times in ISO 8601, UTC.
    - In check mode, for an action the module would create or change, the settings it would have.
  returned: when O(state=present)
  type: dict
  contains:
    scheduled_action_name:
      description: The name of the action.
      type: str
      returned: always
      sample: night
    scheduled_action_arn:
      description: The ARN of the action.
      type: str
      returned: when the action exists
      sample: arn:aws:autoscaling:eu-west-1:123456789012:scheduledAction:0f1e2d3c:resource/ecs/service/demo-local/demo-local-api:scheduledActionName/night
    service_namespace:
      description: The AWS service of the scalable target.
      type: str
      returned: always
      sample: ecs
    resource_id:
      description: The scalable target's resource.
      type: str
      returned: always
      sample: service/demo-local/demo-local-api
    scalable_dimension:
      description: The scalable dimension.
      type: str
      returned: always
      sample: ecs:service:DesiredCount
    schedule:
      description: When the action runs.
      type: str
      returned: always
      sample: cron(0 20 * * ? *)
    timezone:
      description: The time zone of the schedule.
      type: str
      returned: always
      sample: Europe/Paris
    start_time:
      description: From when the action runs.
      type: str
      returned: when set
      sample: "2030-01-01T00:00:00+00:00"
    end_time:
      description: Until when the action runs.
      type: str
      returned: when set
      sample: "2031-01-01T00:00:00+00:00"
    scalable_target_action:
      description: The capacity the action sets.
      type: dict
      returned: always
      contains:
        min_capacity:
          description: The minimum capacity.
          type: int
          returned: when set
          sample: 1
        max_capacity:
          description: The maximum capacity.
          type: int
          returned: when set
          sample: 1
    creation_time:
      description: When the action was created, ISO 8601.
      type: str
      returned: when the action exists
      sample: "2026-11-26T20:05:08.296640+00:00"
"""

import datetime
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

SERVICE_NAMESPACES = [
    "ecs",
    "elasticmapreduce",
    "ec2",
    "appstream",
    "dynamodb",
    "rds",
    "sagemaker",
    "custom-resource",
    "comprehend",
    "lambda",
    "cassandra",
    "kafka",
    "elasticache",
    "neptune",
    "workspaces",
]

ARGUMENT_SPEC = dict(
    service_namespace=dict(type="str", required=True, choices=SERVICE_NAMESPACES),
    resource_id=dict(type="str", required=True),
    scalable_dimension=dict(type="str", required=True),
    scheduled_action_name=dict(type="str", required=True),
    schedule=dict(type="str"),
    timezone=dict(type="str", default="UTC"),
    start_time=dict(type="str"),
    end_time=dict(type="str"),
    scalable_target_action=dict(type="dict", options=dict(min_capacity=dict(type="int"), max_capacity=dict(type="int"))),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

NAME_PATTERN = re.compile(r"[^\x00-\x1f\x7f-\x9f:/|]{1,256}")
ECS_RESOURCE = re.compile(r"service/[^/]+/[^/]+")
CRON = re.compile(r"cron\((\S+(?: \S+){5})\)")
RATE = re.compile(r"rate\(([1-9][0-9]*) (minute|minutes|hour|hours|day|days)\)")
AT = re.compile(r"at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)")
CAPACITIES = (("min_capacity", "MinCapacity"), ("max_capacity", "MaxCapacity"))
TIMES = (("start_time", "StartTime"), ("end_time", "EndTime"))


def parse_time(text: str) -> datetime.datetime:
    """An ISO 8601 date and time in UTC (UTC when it has no offset); raises ValueError."""
    moment = datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc)


def iso(moment: Optional[datetime.datetime]) -> Optional[str]:
    return None if moment is None else moment.astimezone(datetime.timezone.utc).isoformat()


def schedule_error(schedule: str) -> Optional[str]:
    """Why schedule is not a cron, rate or at expression; None when it is one."""
    if CRON.fullmatch(schedule) or RATE.fullmatch(schedule):
        return None
    at = AT.fullmatch(schedule)
    if at:
        try:
            datetime.datetime.strptime(at.group(1), "%Y-%m-%dT%H:%M:%S")
            return None
        except ValueError as e:
            return f"schedule {schedule!r} has no valid date and time: {e}"
    return (
        f"schedule {schedule!r} is not cron(<minutes> <hours> <day of month> <month> <day of week> <year>), "
        "rate(<value> <minute|minutes|hour|hours|day|days>) or at(yyyy-mm-ddThh:mm:ss)"
    )


def target_errors(params: Dict[str, Any]) -> List[str]:
    errors = []
    namespace, dimension, resource = params["service_namespace"], params["scalable_dimension"], params["resource_id"]
    if dimension.split(":", 1)[0] != namespace:
        errors.append(f"scalable_dimension {dimension!r} is not a dimension of service_namespace {namespace} (it starts with '{namespace}:')")
    if not resource.strip():
        errors.append("resource_id must not be empty")
    elif namespace == "ecs" and not ECS_RESOURCE.fullmatch(resource):
        errors.append(f"resource_id {resource!r} is not an ECS service: service/<cluster>/<service>")
    name = params["scheduled_action_name"]
    if not NAME_PATTERN.fullmatch(name) or name != name.strip():
        errors.append(
            f"scheduled_action_name {name!r} is not a scheduled action name: 1 to 256 characters, none of ':', '/' and '|', no leading or trailing space"
        )
    return errors


def action_errors(params: Dict[str, Any]) -> List[str]:
    """Problems with the options that describe the action (state=present only)."""
    errors = []
    if not params["schedule"]:
        errors.append("schedule is required when state=present: cron(...), rate(...) or at(...)")
    else:
        error = schedule_error(params["schedule"])
        if error:
            errors.append(error)
    if not params["timezone"] or not params["timezone"].strip():
        errors.append("timezone must not be empty: an IANA time zone name such as UTC or Europe/Paris")
    times = {}
    for option, _member in TIMES:
        if params[option] is not None:
            try:
                times[option] = parse_time(params[option])
            except ValueError:
                errors.append(f"{option} {params[option]!r} is not an ISO 8601 date and time such as 2030-01-01T00:00:00Z")
    if len(times) == 2 and times["start_time"] >= times["end_time"]:
        errors.append(f"start_time {params['start_time']} is not before end_time {params['end_time']}")
    errors.extend(capacity_errors(params["scalable_target_action"]))
    return errors


def capacity_errors(action: Optional[Dict[str, Any]]) -> List[str]:
    capacities = {option: (action or {}).get(option) for option, _member in CAPACITIES}
    if all(value is None for value in capacities.values()):
        return ["scalable_target_action needs min_capacity, max_capacity or both when state=present"]
    errors = [f"scalable_target_action.{option} must not be negative" for option, value in capacities.items() if value is not None and value < 0]
    low, high = capacities["min_capacity"], capacities["max_capacity"]
    if not errors and low is not None and high is not None and low > high:
        errors.append(f"scalable_target_action.min_capacity {low} is more than max_capacity {high}")
    return errors


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the module's options, each naming the option; [] when all is well."""
    errors = target_errors(params)
    if params["state"] == "present":
        errors.extend(action_errors(params))
    return errors


def action_view(action: Dict[str, Any]) -> Dict[str, Any]:
    """A DescribeScheduledActions entry as the module returns it: snake_case, times in ISO 8601 UTC, timezone UTC by default."""
    view = {
        "scheduled_action_name": action["ScheduledActionName"],
        "scheduled_action_arn": action["ScheduledActionARN"],
        "service_namespace": action["ServiceNamespace"],
        "resource_id": action["ResourceId"],
        "scalable_dimension": action["ScalableDimension"],
        "schedule": action["Schedule"],
        "timezone": action.get("Timezone") or "UTC",
        "scalable_target_action": {
            option: action["ScalableTargetAction"][member] for option, member in CAPACITIES if member in action.get("ScalableTargetAction", {})
        },
        "creation_time": iso(action["CreationTime"]),
    }
    view.update({option: iso(action[member]) for option, member in TIMES if action.get(member) is not None})
    return view


def desired_view(params: Dict[str, Any]) -> Dict[str, Any]:
    """The action the options describe, as the module returns one (no ARN or creation time)."""
    view = {
        "scheduled_action_name": params["scheduled_action_name"],
        "service_namespace": params["service_namespace"],
        "resource_id": params["resource_id"],
        "scalable_dimension": params["scalable_dimension"],
        "schedule": params["schedule"],
        "timezone": params["timezone"],
        "scalable_target_action": {option: value for option, value in params["scalable_target_action"].items() if value is not None},
    }
    view.update({option: iso(parse_time(params[option])) for option, _member in TIMES if params[option] is not None})
    return view


SETTINGS = ("schedule", "timezone", "start_time", "end_time", "scalable_target_action")


def changed_settings(current: Dict[str, Any], desired: Dict[str, Any]) -> List[str]:
    """The settings that differ between the existing action and the desired one."""
    return [key for key in SETTINGS if current.get(key) != desired.get(key)]


def needs_recreate(current: Dict[str, Any], desired: Dict[str, Any]) -> bool:
    """Whether the action holds a time or capacity the options drop: an update keeps what it does not give."""
    dropped_times = any(key in current and key not in desired for key, _member in TIMES)
    dropped_capacities = set(current["scalable_target_action"]) - set(desired["scalable_target_action"])
    return dropped_times or bool(dropped_capacities)


def put_request(desired: Dict[str, Any]) -> Dict[str, Any]:
    """The PutScheduledAction parameters of the desired action."""
    request = {
        "ServiceNamespace": desired["service_namespace"],
        "ResourceId": desired["resource_id"],
        "ScalableDimension": desired["scalable_dimension"],
        "ScheduledActionName": desired["scheduled_action_name"],
        "Schedule": desired["schedule"],
        "Timezone": desired["timezone"],
        "ScalableTargetAction": {
            member: desired["scalable_target_action"][option] for option, member in CAPACITIES if option in desired["scalable_target_action"]
        },
    }
    request.update({member: parse_time(desired[option]) for option, member in TIMES if option in desired})
    return request


def settings(view: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """An action without its ARN and creation time, for the diff; {} for none."""
    return {key: value for key, value in (view or {}).items() if key not in ("scheduled_action_arn", "creation_time")}


class ScheduledActionManager:
    """Brings the scheduled action named by the options to the state they describe."""

    def __init__(self, module: AnsibleAWSModule) -> None:
        self.module = module
        self.client = module.client("application-autoscaling", retry_decorator=retrying())
        params = module.params
        self.target = {"ServiceNamespace": params["service_namespace"], "ResourceId": params["resource_id"], "ScalableDimension": params["scalable_dimension"]}
        self.name = params["scheduled_action_name"]
        self.label = f"scheduled action {self.name} of {params['resource_id']} ({params['scalable_dimension']})"

    def call(self, method: str, failure: str, **kwargs: Any) -> Dict[str, Any]:
        try:
            return getattr(self.client, method)(aws_retry=True, **kwargs)
        except is_boto3_error_code("ObjectNotFoundException") as e:
            self.module.fail_json_aws(e, msg=self.not_registered())
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"{failure} {self.label}")

    def not_registered(self) -> str:
        return (
            f"No scalable target is registered for {self.target['ResourceId']} ({self.target['ScalableDimension']}): "
            "register it first (webstack.aws.application_autoscaling_scalable_target)"
        )

    def read(self) -> Optional[Dict[str, Any]]:
        answer = self.call("describe_scheduled_actions", "Failed to describe", ScheduledActionNames=[self.name], **self.target)
        found = [action for action in answer["ScheduledActions"] if action["ScheduledActionName"] == self.name]
        return action_view(found[0]) if found else None

    def require_target(self) -> None:
        answer = self.call(
            "describe_scalable_targets",
            "Failed to find the scalable target of",
            ServiceNamespace=self.target["ServiceNamespace"],
            ResourceIds=[self.target["ResourceId"]],
            ScalableDimension=self.target["ScalableDimension"],
        )
        if not answer["ScalableTargets"]:
            self.module.fail_json(msg=self.not_registered())

    def ensure_present(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        desired = desired_view(self.module.params)
        if current is not None and not changed_settings(current, desired):
            return self.result(False, current, current)
        self.require_target()
        if self.module.check_mode:
            planned = {key: value for key, value in (current or {}).items() if key not in SETTINGS}
            return self.result(True, current, dict(planned, **desired))
        if current is not None and needs_recreate(current, desired):
            self.delete()
        self.call("put_scheduled_action", "Failed to put", **put_request(desired))
        after = self.read()
        if after is None:
            self.module.fail_json(msg=f"PutScheduledAction succeeded but the {self.label} cannot be read back")
        return self.result(True, current, after)

    def ensure_absent(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if current is not None and not self.module.check_mode:
            self.delete()
        return self.with_diff({"changed": current is not None}, current, None)

    def delete(self) -> None:
        try:
            self.client.delete_scheduled_action(aws_retry=True, ScheduledActionName=self.name, **self.target)
        except is_boto3_error_code("ObjectNotFoundException"):
            return  # deleted by someone else since the lookup
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to delete {self.label}")

    def result(self, changed: bool, before: Optional[Dict[str, Any]], after: Dict[str, Any]) -> Dict[str, Any]:
        return self.with_diff({"changed": changed, "scheduled_action": after}, before, after)

    def with_diff(self, answer: Dict[str, Any], before: Optional[Dict[str, Any]], after: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if self.module._diff:
            answer["diff"] = {"before": settings(before), "after": settings(after)}
        return answer


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    manager = ScheduledActionManager(module)
    current = manager.read()
    if module.params["state"] == "present":
        result = manager.ensure_present(current)
    else:
        result = manager.ensure_absent(current)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
