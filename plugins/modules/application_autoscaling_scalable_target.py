#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: application_autoscaling_scalable_target
version_added: 0.3.0
short_description: Register or deregister an Application Auto Scaling scalable target
description:
  - Register a scalable target of Application Auto Scaling (for example the desired count of an ECS service) with its
    minimum and maximum capacity, suspended scaling activities and tags; update it; or deregister it.
  - The target is identified by O(service_namespace), O(resource_id) and O(scalable_dimension).
  - C(RegisterScalableTarget) registers or updates; the module calls it only when the capacity or the suspended state
    differs from the options, and tags an existing target with C(TagResource) and C(UntagResource), so a second run
    with the same options makes no change and no mutating call.
  - Deregistering a target (O(state=absent)) also deletes its scaling policies and scheduled actions, as AWS does.
  - Scaling policies of the target are managed with M(webstack.aws.application_autoscaling_scaling_policy), scheduled
    actions with M(webstack.aws.application_autoscaling_scheduled_action).
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
  min_capacity:
    description:
      - The minimum capacity (for an ECS service, the fewest tasks) scaling policies and scheduled actions may set.
      - Required when O(state=present); not negative, at most O(max_capacity).
    type: int
  max_capacity:
    description:
      - The maximum capacity scaling policies and scheduled actions may set.
      - Required when O(state=present).
    type: int
  suspended_state:
    description:
      - Which scaling activities are suspended. A member left unset keeps its current value (C(false) for a new
        target); without this option the suspended state is left as it is.
    type: dict
    suboptions:
      dynamic_scaling_in_suspended:
        description: Whether scaling policies may not remove capacity.
        type: bool
      dynamic_scaling_out_suspended:
        description: Whether scaling policies may not add capacity.
        type: bool
      scheduled_scaling_suspended:
        description: Whether scheduled actions do not run.
        type: bool
  state:
    description:
      - Whether the scalable target should be registered.
      - C(absent) deregisters it, which deletes its scaling policies and scheduled actions too.
    default: present
    choices: ['present', 'absent']
    type: str
notes:
  - In check mode the module reports what would change and changes nothing; a target it would register is returned
    with the settings it would have (no ARN, role or creation time).
  - A scalable target has no provisioning state, so the module has no O(ignore:wait) option.
  - O(tags) are given to a new target with C(RegisterScalableTarget); an existing target is tagged by its ARN.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Let the API service run 2 to 6 tasks
  webstack.aws.application_autoscaling_scalable_target:
    service_namespace: ecs
    resource_id: service/demo-local/demo-local-api
    scalable_dimension: ecs:service:DesiredCount
    min_capacity: 2
    max_capacity: 6
    tags:
      webstack:stack: demo

- name: Stop scaling in during a load test
  webstack.aws.application_autoscaling_scalable_target:
    service_namespace: ecs
    resource_id: service/demo-local/demo-local-api
    scalable_dimension: ecs:service:DesiredCount
    min_capacity: 2
    max_capacity: 6
    suspended_state:
      dynamic_scaling_in_suspended: true

- name: Deregister it (its scaling policies and scheduled actions go with it)
  webstack.aws.application_autoscaling_scalable_target:
    service_namespace: ecs
    resource_id: service/demo-local/demo-local-api
    scalable_dimension: ecs:service:DesiredCount
    state: absent
"""

RETURN = r"""
scalable_target:
  description:
    - The scalable target, as DescribeScalableTargets returns it, in snake_case, with its tags.
    - In check mode, for a target the module would register or change, the settings it would have.
  returned: when O(state=present)
  type: dict
  contains:
    scalable_target_arn:
      description: The ARN of the scalable target.
      type: str
      returned: when the target is registered
      sample: arn:aws:application-autoscaling:eu-west-1:123456789012:scalable-target/0ec81a0b7f9e6fd9b4f1e2c3d4a5b6c7d8e9
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
    min_capacity:
      description: The minimum capacity.
      type: int
      returned: always
      sample: 2
    max_capacity:
      description: The maximum capacity.
      type: int
      returned: always
      sample: 6
    predicted_capacity:
      description: The capacity a predictive scaling policy forecasts.
      type: int
      returned: when AWS answers it
      sample: 3
    role_arn:
      description: The role Application Auto Scaling uses to scale the target (its service-linked role by default).
      type: str
      returned: when the target is registered
      sample: arn:aws:iam::123456789012:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService
    suspended_state:
      description: Which scaling activities are suspended.
      type: dict
      returned: always
      contains:
        dynamic_scaling_in_suspended:
          description: Whether scaling policies may not remove capacity.
          type: bool
          returned: always
          sample: false
        dynamic_scaling_out_suspended:
          description: Whether scaling policies may not add capacity.
          type: bool
          returned: always
          sample: false
        scheduled_scaling_suspended:
          description: Whether scheduled actions do not run.
          type: bool
          returned: always
          sample: false
    creation_time:
      description: When the target was registered, ISO 8601.
      type: str
      returned: when the target is registered
      sample: "2026-11-26T20:05:08.296640+00:00"
    tags:
      description: The target's tags.
      type: dict
      returned: always
      sample: {"webstack:stack": "demo"}
"""

from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.application_autoscaling import TARGET_ARGUMENT_SPEC
from ansible_collections.webstack.aws.plugins.module_utils.application_autoscaling import describe_target
from ansible_collections.webstack.aws.plugins.module_utils.application_autoscaling import snake_view
from ansible_collections.webstack.aws.plugins.module_utils.application_autoscaling import target_errors
from ansible_collections.webstack.aws.plugins.module_utils.application_autoscaling import target_key
from ansible_collections.webstack.aws.plugins.module_utils.application_autoscaling import target_label
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

SUSPENDED = (
    ("dynamic_scaling_in_suspended", "DynamicScalingInSuspended"),
    ("dynamic_scaling_out_suspended", "DynamicScalingOutSuspended"),
    ("scheduled_scaling_suspended", "ScheduledScalingSuspended"),
)

ARGUMENT_SPEC = dict(
    TARGET_ARGUMENT_SPEC,
    min_capacity=dict(type="int"),
    max_capacity=dict(type="int"),
    suspended_state=dict(type="dict", options={option: dict(type="bool") for option, _member in SUSPENDED}),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

SETTINGS = ("min_capacity", "max_capacity", "suspended_state")


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the module's options, each naming the option; [] when all is well."""
    errors = target_errors(params)
    if params["state"] != "present":
        return errors
    capacities = {option: params[option] for option in ("min_capacity", "max_capacity")}
    errors.extend(f"{option} is required when state=present" for option, value in capacities.items() if value is None)
    errors.extend(f"{option} must not be negative" for option, value in capacities.items() if value is not None and value < 0)
    low, high = capacities["min_capacity"], capacities["max_capacity"]
    if low is not None and high is not None and 0 <= high < low:
        errors.append(f"min_capacity {low} is more than max_capacity {high}")
    return errors


def target_view(target: Dict[str, Any], tags: Dict[str, str]) -> Dict[str, Any]:
    """A DescribeScalableTargets entry as the module returns it: snake_case, with its tags."""
    view = snake_view(target)
    view["suspended_state"] = suspended_view(target.get("SuspendedState"))
    view["tags"] = tags
    return view


def suspended_view(state: Optional[Dict[str, bool]]) -> Dict[str, bool]:
    """Every suspended state, false when AWS leaves it out."""
    return {option: bool((state or {}).get(member, False)) for option, member in SUSPENDED}


def desired_view(params: Dict[str, Any], current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The target the options describe; what they leave unset keeps its current value (AWS's default for a new one)."""
    suspended = dict(current["suspended_state"]) if current else suspended_view(None)
    suspended.update({option: value for option, value in (params["suspended_state"] or {}).items() if value is not None})
    view = {
        "service_namespace": params["service_namespace"],
        "resource_id": params["resource_id"],
        "scalable_dimension": params["scalable_dimension"],
        "min_capacity": params["min_capacity"],
        "max_capacity": params["max_capacity"],
        "suspended_state": suspended,
    }
    current_tags = current["tags"] if current else {}
    to_set, to_remove = tag_changes(current_tags, params)
    view["tags"] = dict({key: value for key, value in current_tags.items() if key not in to_remove}, **to_set)
    return view


def changed_settings(current: Dict[str, Any], desired: Dict[str, Any]) -> List[str]:
    """The settings RegisterScalableTarget must change (tags aside)."""
    return [key for key in SETTINGS if current.get(key) != desired[key]]


def tag_changes(current: Dict[str, str], params: Dict[str, Any]) -> Tuple[Dict[str, str], List[str]]:
    """The tags to set and the tag keys to remove; none when the tags option is not given."""
    if params["tags"] is None:
        return {}, []
    return compare_aws_tags(current, params["tags"], params["purge_tags"])


def register_request(desired: Dict[str, Any]) -> Dict[str, Any]:
    """The RegisterScalableTarget parameters of the desired target (without its tags)."""
    return {
        "ServiceNamespace": desired["service_namespace"],
        "ResourceId": desired["resource_id"],
        "ScalableDimension": desired["scalable_dimension"],
        "MinCapacity": desired["min_capacity"],
        "MaxCapacity": desired["max_capacity"],
        "SuspendedState": {member: desired["suspended_state"][option] for option, member in SUSPENDED},
    }


def settings(view: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A target's settings and tags, for the diff; {} for none."""
    return {key: view[key] for key in (*SETTINGS, "tags")} if view else {}


class ScalableTargetManager:
    """Brings the scalable target named by the options to the state they describe."""

    def __init__(self, module: AnsibleAWSModule) -> None:
        self.module = module
        self.client = module.client("application-autoscaling", retry_decorator=retrying())
        self.key = target_key(module.params)
        self.label = f"scalable target {target_label(self.key)}"

    def call(self, method: str, failure: str, **kwargs: Any) -> Dict[str, Any]:
        try:
            return getattr(self.client, method)(aws_retry=True, **kwargs)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"{failure} {self.label}")

    def read(self) -> Optional[Dict[str, Any]]:
        try:
            target = describe_target(self.client, self.key)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to describe {self.label}")
        if target is None:
            return None
        tags = self.call("list_tags_for_resource", "Failed to list the tags of", ResourceARN=target["ScalableTargetARN"])["Tags"]
        return target_view(target, tags)

    def ensure_present(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        desired = desired_view(self.module.params, current)
        if current is None:
            return self.register(desired)
        changes = changed_settings(current, desired)
        to_set, to_remove = tag_changes(current["tags"], self.module.params)
        if not (changes or to_set or to_remove):
            return self.result(False, current, current)
        if self.module.check_mode:
            return self.result(True, current, dict(current, **desired))
        if changes:
            self.call("register_scalable_target", "Failed to update", **register_request(desired))
        if to_remove:
            self.call("untag_resource", "Failed to untag", ResourceARN=current["scalable_target_arn"], TagKeys=to_remove)
        if to_set:
            self.call("tag_resource", "Failed to tag", ResourceARN=current["scalable_target_arn"], Tags=to_set)
        return self.result(True, current, self.read_back())

    def register(self, desired: Dict[str, Any]) -> Dict[str, Any]:
        if self.module.check_mode:
            return self.result(True, None, desired)
        request = register_request(desired)
        if desired["tags"]:
            request["Tags"] = desired["tags"]
        self.call("register_scalable_target", "Failed to register", **request)
        return self.result(True, None, self.read_back())

    def read_back(self) -> Dict[str, Any]:
        after = self.read()
        if after is None:
            self.module.fail_json(msg=f"RegisterScalableTarget succeeded but the {self.label} cannot be read back")
        return after

    def ensure_absent(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        changed = current is not None
        if changed and not self.module.check_mode:
            try:
                self.client.deregister_scalable_target(aws_retry=True, **self.key)
            except is_boto3_error_code("ObjectNotFoundException"):
                changed = False  # deregistered by someone else since the lookup
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
                self.module.fail_json_aws(e, msg=f"Failed to deregister {self.label}")
        return self.with_diff({"changed": changed}, current, None)

    def result(self, changed: bool, before: Optional[Dict[str, Any]], after: Dict[str, Any]) -> Dict[str, Any]:
        return self.with_diff({"changed": changed, "scalable_target": after}, before, after)

    def with_diff(self, answer: Dict[str, Any], before: Optional[Dict[str, Any]], after: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if self.module._diff:
            answer["diff"] = {"before": settings(before), "after": settings(after)}
        return answer


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    manager = ScalableTargetManager(module)
    current = manager.read()
    if module.params["state"] == "present":
        result = manager.ensure_present(current)
    else:
        result = manager.ensure_absent(current)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
