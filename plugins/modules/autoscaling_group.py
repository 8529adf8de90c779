#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: autoscaling_group
version_added: 0.4.0
short_description: Manage an EC2 Auto Scaling group whose size ECS capacity providers own
description:
  - Create, update or delete one EC2 Auto Scaling group named O(name), launched from a launch template, for example
    the container instances of an ECS cluster behind an ECS capacity provider (M(webstack.aws.ecs_capacity_provider)).
  - Unlike amazon.aws.autoscaling_group, the module never waits for instances nor their health (the group's health
    checks and ECS own them), leaves the desired capacity alone on an existing group unless O(desired_capacity) is
    given (ECS managed scaling sets it), keeps the C(AmazonECSManaged) tag ECS adds, calls nothing that changes the
    group when it already matches, and manages scale-in protection of new instances, capacity rebalancing and the
    default instance warmup.
  - Every setting changes in place (C(UpdateAutoScalingGroup)); instances already running keep the launch template
    version they were launched from.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the Auto Scaling group, 1 to 255 characters.
    required: true
    type: str
  state:
    description:
      - Whether the Auto Scaling group should exist.
      - V(absent) deletes the group with its instances (C(ForceDelete)), whatever protects them from scale-in.
    default: present
    choices: ['present', 'absent']
    type: str
  launch_template:
    description:
      - The launch template the group launches instances from, named by ID or by name.
      - Required when O(state=present).
    type: dict
    suboptions:
      launch_template_id:
        description:
          - The ID of the launch template. Give this or O(launch_template.launch_template_name).
        type: str
      launch_template_name:
        description:
          - The name of the launch template. Give this or O(launch_template.launch_template_id).
        type: str
      version:
        description:
          - The version of the launch template, a number, V($Latest) or V($Default).
        default: $Latest
        type: str
  min_size:
    description:
      - The fewest instances the group keeps, 0 or more. Required when O(state=present).
    type: int
  max_size:
    description:
      - The most instances the group may have, not below O(min_size). Required when O(state=present).
    type: int
  desired_capacity:
    description:
      - How many instances the group should have, from O(min_size) to O(max_size).
      - When not set, a new group starts with O(min_size) instances and an existing group keeps its desired capacity
        (ECS managed scaling owns it).
    type: int
  vpc_zone_identifier:
    description:
      - The subnets the group launches instances in, at least one. Required when O(state=present).
    type: list
    elements: str
  health_check_type:
    description:
      - Whether the group replaces instances that EC2 reports impaired (V(EC2)) or also those a load balancer reports
        unhealthy (V(ELB)).
    default: EC2
    choices: ['EC2', 'ELB']
    type: str
  health_check_grace_period:
    description:
      - Seconds after an instance starts before the group checks its health, 0 or more.
    default: 300
    type: int
  default_instance_warmup:
    description:
      - Seconds until a new instance counts as ready in the group's metrics and instance refreshes, 0 or more.
      - When not set, a new group has none and an existing group keeps its value.
    type: int
  new_instances_protected_from_scale_in:
    description:
      - Whether new instances are protected from scale-in. An ECS capacity provider with managed termination protection
        needs V(true).
    default: false
    type: bool
  capacity_rebalance:
    description:
      - Whether the group replaces Spot instances at an elevated risk of interruption before they are interrupted.
    default: false
    type: bool
  termination_policies:
    description:
      - The order in which the group picks instances to terminate on scale-in, for example V([OldestLaunchTemplate, Default]).
      - When not set, a new group uses V([Default]) and an existing group keeps its policies.
    type: list
    elements: str
  tags:
    description:
      - Tags of the group, each propagated to the instances it launches (C(PropagateAtLaunch)).
      - When not set, the tags are left as they are.
      - The C(AmazonECSManaged) tag that ECS adds, and tags starting with C(aws:), are never removed.
    type: dict
    aliases: ['resource_tags']
  purge_tags:
    description:
      - Whether to remove the tags that O(tags) does not list. Has no effect without O(tags).
    default: true
    type: bool
  wait:
    description:
      - With O(state=absent), wait until the group and its instances are gone.
      - With O(state=present) the module never waits. The group is usable as soon as AWS answers, and its instances
        are the group's and ECS's business.
    default: true
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait in all when O(wait=true).
    default: 600
    type: int
notes:
  - In check mode the module reports what would change and changes nothing; a group it would create is returned with
    the settings it would have.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: The container instances of the cluster, sized by ECS managed scaling
  webstack.aws.autoscaling_group:
    name: demo-local-ecs
    launch_template:
      launch_template_name: demo-local-ecs
    min_size: 0
    max_size: 4
    vpc_zone_identifier: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
    new_instances_protected_from_scale_in: true
    default_instance_warmup: 120
    termination_policies: [OldestLaunchTemplate, Default]
    tags:
      Name: demo-local-ecs
      webstack:stack: demo
      webstack:environment: local
      webstack:component: ecs_service
      ManagedBy: ansible
  register: asg

- name: Delete the group and its instances
  webstack.aws.autoscaling_group:
    name: demo-local-ecs
    state: absent
"""

RETURN = r"""
auto_scaling_group:
  description:
    - The group, as DescribeAutoScalingGroups returns it, in snake_case, with its tags as a dict.
    - In check mode, for a group the module would create, the settings it would have.
  returned: when O(state=present)
  type: dict
  contains:
    auto_scaling_group_name:
      description: The name of the group.
      type: str
      returned: always
      sample: demo-local-ecs
    auto_scaling_group_arn:
      description: The ARN of the group.
      type: str
      returned: when the group exists
      sample: arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:0a1b2c3d-4e5f-6789-abcd-ef0123456789:autoScalingGroupName/demo-local-ecs
    launch_template:
      description: The launch template of the group.
      type: dict
      returned: always
      sample: {"launch_template_id": "lt-0123456789abcdef0", "launch_template_name": "demo-local-ecs", "version": "$Latest"}
    min_size:
      description: The fewest instances.
      type: int
      returned: always
      sample: 0
    max_size:
      description: The most instances.
      type: int
      returned: always
      sample: 4
    desired_capacity:
      description: The desired number of instances.
      type: int
      returned: always
      sample: 1
    vpc_zone_identifier:
      description: The subnets of the group, comma-separated as AWS answers them.
      type: str
      returned: always
      sample: subnet-0123456789abcdef0,subnet-0123456789abcdef1
    availability_zones:
      description: The Availability Zones of the subnets.
      type: list
      elements: str
      returned: when the group exists
      sample: [eu-west-1a, eu-west-1b]
    health_check_type:
      description: V(EC2) or V(ELB).
      type: str
      returned: always
      sample: EC2
    health_check_grace_period:
      description: Seconds before health checks start.
      type: int
      returned: always
      sample: 300
    default_instance_warmup:
      description: Seconds until a new instance counts as ready.
      type: int
      returned: when set
      sample: 120
    new_instances_protected_from_scale_in:
      description: Whether new instances are protected from scale-in.
      type: bool
      returned: always
      sample: true
    capacity_rebalance:
      description: Whether capacity rebalancing is on.
      type: bool
      returned: always
      sample: false
    termination_policies:
      description: The termination policies.
      type: list
      elements: str
      returned: always
      sample: [Default]
    instances:
      description: The instances of the group, as AWS lists them, in snake_case.
      type: list
      elements: dict
      returned: when the group exists
      sample: [{"instance_id": "i-0123456789abcdef0", "lifecycle_state": "InService", "health_status": "Healthy",
                "protected_from_scale_in": true, "availability_zone": "eu-west-1a"}]
    created_time:
      description: When the group was created (ISO 8601).
      type: str
      returned: when the group exists
      sample: "2025-01-01T12:00:00+00:00"
    status:
      description: C(Delete in progress) while the group is being deleted.
      type: str
      returned: when AWS gives one
      sample: Delete in progress
    tags:
      description: The tags of the group (every tag, C(AmazonECSManaged) included).
      type: dict
      returned: always
      sample: {"Name": "demo-local-ecs", "AmazonECSManaged": ""}
"""

import datetime
import time
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

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

LAUNCH_TEMPLATE_SPEC = dict(
    launch_template_id=dict(type="str"),
    launch_template_name=dict(type="str"),
    version=dict(type="str", default="$Latest"),
)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    launch_template=dict(type="dict", options=LAUNCH_TEMPLATE_SPEC),
    min_size=dict(type="int"),
    max_size=dict(type="int"),
    desired_capacity=dict(type="int"),
    vpc_zone_identifier=dict(type="list", elements="str"),
    health_check_type=dict(type="str", default="EC2", choices=["EC2", "ELB"]),
    health_check_grace_period=dict(type="int", default=300),
    default_instance_warmup=dict(type="int"),
    new_instances_protected_from_scale_in=dict(type="bool", default=False),
    capacity_rebalance=dict(type="bool", default=False),
    termination_policies=dict(type="list", elements="str"),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=600),
)

# Setting -> its CreateAutoScalingGroup / UpdateAutoScalingGroup parameter (launch template, subnets and tags apart).
PLAIN = {
    "min_size": "MinSize",
    "max_size": "MaxSize",
    "desired_capacity": "DesiredCapacity",
    "health_check_type": "HealthCheckType",
    "health_check_grace_period": "HealthCheckGracePeriod",
    "default_instance_warmup": "DefaultInstanceWarmup",
    "new_instances_protected_from_scale_in": "NewInstancesProtectedFromScaleIn",
    "capacity_rebalance": "CapacityRebalance",
    "termination_policies": "TerminationPolicies",
}

ECS_MANAGED_TAG = "AmazonECSManaged"
DEFAULT_TERMINATION_POLICIES = ["Default"]
GROUP_TAG_TYPE = "auto-scaling-group"
POLL_DELAY = 5  # seconds between describe calls while waiting
MAX_NAME_LENGTH = 255


# --- pure functions ------------------------------------------------------------------------


def validate_params(params: Dict[str, Any]) -> List[str]:
    """What is wrong with the options, one message per problem naming the option; [] when they are fine."""
    errors = []
    if not 1 <= len(params["name"]) <= MAX_NAME_LENGTH:
        errors.append(f"name must be 1 to {MAX_NAME_LENGTH} characters, not {len(params['name'])}")
    if params["wait_timeout"] < 0:
        errors.append("wait_timeout must be 0 or more seconds")
    if params["state"] == "absent":
        return errors
    errors.extend(_launch_template_errors(params.get("launch_template")))
    errors.extend(_size_errors(params))
    if not [subnet for subnet in params.get("vpc_zone_identifier") or [] if subnet]:
        errors.append("vpc_zone_identifier needs at least one subnet ID with state=present: the subnets the group launches instances in")
    if params["health_check_grace_period"] < 0:
        errors.append("health_check_grace_period must be 0 or more seconds")
    if params.get("default_instance_warmup") is not None and params["default_instance_warmup"] < 0:
        errors.append("default_instance_warmup must be 0 or more seconds")
    if params.get("termination_policies") == []:
        errors.append("termination_policies must list at least one policy when given (AWS's default is [Default])")
    return errors


def _launch_template_errors(template: Optional[Dict[str, Any]]) -> List[str]:
    if not template:
        return ["launch_template is required with state=present: the launch template the group launches instances from"]
    if bool(template.get("launch_template_id")) == bool(template.get("launch_template_name")):
        return ["launch_template needs exactly one of launch_template.launch_template_id and launch_template.launch_template_name"]
    if not template.get("version"):
        return ["launch_template.version must be a version number, $Latest or $Default"]
    return []


def _size_errors(params: Dict[str, Any]) -> List[str]:
    low, high, desired = params.get("min_size"), params.get("max_size"), params.get("desired_capacity")
    errors = []
    if low is None:
        errors.append("min_size is required with state=present")
    if high is None:
        errors.append("max_size is required with state=present")
    if errors:
        return errors
    if low < 0:
        errors.append(f"min_size must be 0 or more, not {low}")
    if high < low:
        errors.append(f"max_size ({high}) must not be below min_size ({low})")
    if desired is not None and not low <= desired <= high:
        errors.append(f"desired_capacity ({desired}) must be from min_size ({low}) to max_size ({high})")
    return errors


def subnets(vpc_zone_identifier: Optional[str]) -> List[str]:
    """The subnet IDs of AWS's comma-separated VPCZoneIdentifier, sorted."""
    return sorted(subnet.strip() for subnet in (vpc_zone_identifier or "").split(",") if subnet.strip())


def group_tags(group: Dict[str, Any]) -> Dict[str, str]:
    return {tag["Key"]: tag.get("Value", "") for tag in group.get("Tags") or []}


def launch_template_of(group: Dict[str, Any]) -> Dict[str, Any]:
    template = group.get("LaunchTemplate") or {}
    return {
        "launch_template_id": template.get("LaunchTemplateId"),
        "launch_template_name": template.get("LaunchTemplateName"),
        "version": template.get("Version"),
    }


def settings_of(group: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The settings of a group as DescribeAutoScalingGroups answers it, in the options' terms; {} for none."""
    if not group:
        return {}
    settings = {option: group.get(member) for option, member in PLAIN.items()}
    settings.update(
        launch_template=launch_template_of(group),
        vpc_zone_identifier=subnets(group.get("VPCZoneIdentifier")),
        tags=group_tags(group),
    )
    return settings


def kept_tag(key: str) -> bool:
    """A tag the module never removes: the one ECS adds, and AWS's own."""
    return key == ECS_MANAGED_TAG or key.startswith("aws:")


def desired_tags(current: Dict[str, str], params: Dict[str, Any]) -> Dict[str, str]:
    if params["tags"] is None:
        return dict(current)
    kept = current if not params["purge_tags"] else {key: value for key, value in current.items() if kept_tag(key)}
    return dict(kept, **params["tags"])


def desired_launch_template(current: Dict[str, Any], wanted: Dict[str, Any]) -> Dict[str, Any]:
    """The launch template the options ask for; the current one (ID and name) when it is the same template."""
    key = "launch_template_id" if wanted.get("launch_template_id") else "launch_template_name"
    if current.get(key) == wanted[key]:
        return dict(current, version=wanted["version"])
    return {"launch_template_id": None, "launch_template_name": None, key: wanted[key], "version": wanted["version"]}


def desired_settings(current: Dict[str, Any], params: Dict[str, Any]) -> Dict[str, Any]:
    """The settings the options ask for; what they leave unset keeps its current value (or AWS's default on create)."""
    settings = {option: params[option] for option in PLAIN}
    if settings["desired_capacity"] is None:  # kept, within the new bounds (as AWS moves it when they change)
        settings["desired_capacity"] = min(max(current.get("desired_capacity", params["min_size"]), params["min_size"]), params["max_size"])
    if settings["default_instance_warmup"] is None:
        settings["default_instance_warmup"] = current.get("default_instance_warmup")
    if settings["termination_policies"] is None:
        settings["termination_policies"] = current.get("termination_policies", DEFAULT_TERMINATION_POLICIES)
    settings.update(
        launch_template=desired_launch_template(current.get("launch_template") or {}, params["launch_template"]),
        vpc_zone_identifier=sorted(set(params["vpc_zone_identifier"])),
        tags=desired_tags(current.get("tags") or {}, params),
    )
    return settings


def launch_template_param(desired: Dict[str, Any]) -> Dict[str, str]:
    """The LaunchTemplate parameter: the template by ID when known, else by name, and its version."""
    template = desired["launch_template"]
    key, member = ("launch_template_id", "LaunchTemplateId") if template.get("launch_template_id") else ("launch_template_name", "LaunchTemplateName")
    return {member: template[key], "Version": template["version"]}


def update_params(current: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
    """The UpdateAutoScalingGroup parameters for what differs, tags apart; {} when nothing does."""
    params = {member: desired[option] for option, member in PLAIN.items() if current[option] != desired[option]}
    if current["launch_template"] != desired["launch_template"]:
        params["LaunchTemplate"] = launch_template_param(desired)
    if current["vpc_zone_identifier"] != desired["vpc_zone_identifier"]:
        params["VPCZoneIdentifier"] = ",".join(desired["vpc_zone_identifier"])
    return params


def create_params(name: str, desired: Dict[str, Any]) -> Dict[str, Any]:
    params = {member: desired[option] for option, member in PLAIN.items() if desired[option] is not None}
    params.update(
        AutoScalingGroupName=name,
        LaunchTemplate=launch_template_param(desired),
        VPCZoneIdentifier=",".join(desired["vpc_zone_identifier"]),
    )
    if desired["tags"]:
        params["Tags"] = tag_list(name, desired["tags"])
    return params


def tag_list(name: str, tags: Dict[str, str]) -> List[Dict[str, Any]]:
    """Tags of the group as CreateOrUpdateTags takes them, each propagated at launch."""
    return [{"ResourceId": name, "ResourceType": GROUP_TAG_TYPE, "Key": key, "Value": value, "PropagateAtLaunch": True} for key, value in sorted(tags.items())]


def tag_changes(group: Dict[str, Any], desired: Dict[str, str]) -> Tuple[Dict[str, str], List[str]]:
    """(tags to put, keys to delete): a desired tag differs when its value does or it is not propagated at launch."""
    current = {tag["Key"]: tag for tag in group.get("Tags") or []}
    to_put = {
        key: value
        for key, value in desired.items()
        if key not in current or current[key].get("Value", "") != value or (not current[key].get("PropagateAtLaunch") and not kept_tag(key))
    }
    to_delete = sorted(key for key in current if key not in desired and not kept_tag(key))
    return to_put, to_delete


def _plain(value: Any) -> Any:
    """value with datetimes as ISO 8601 strings."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def group_view(group: Dict[str, Any]) -> Dict[str, Any]:
    """A DescribeAutoScalingGroups entry as the module returns it: snake_case, tags as a dict."""
    view = _plain(camel_dict_to_snake_dict({key: value for key, value in group.items() if key != "Tags"}))
    view["tags"] = group_tags(group)
    return view


def predicted_view(name: str, desired: Dict[str, Any]) -> Dict[str, Any]:
    """What check mode returns for a group it would create."""
    view = {option: desired[option] for option in PLAIN if desired[option] is not None}
    view.update(
        auto_scaling_group_name=name,
        launch_template=desired["launch_template"],
        vpc_zone_identifier=",".join(desired["vpc_zone_identifier"]),
        tags=desired["tags"],
    )
    return view


# --- AWS -----------------------------------------------------------------------------------


class AutoScalingGroupManager:
    """Brings one Auto Scaling group to the state the module's options describe."""

    def __init__(self, module: Any, client: Any, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.name = module.params["name"]
        self._sleep = sleep
        self._clock = clock
        self.deadline = clock() + module.params["wait_timeout"]

    def call(self, operation: str, msg: str, **params: Any) -> Dict[str, Any]:
        try:
            return getattr(self.client, operation)(aws_retry=True, **params)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=msg)

    def read(self) -> Optional[Dict[str, Any]]:
        """The group as DescribeAutoScalingGroups answers it, None when there is none."""
        found = self.call("describe_auto_scaling_groups", f"Failed to describe Auto Scaling group {self.name}", AutoScalingGroupNames=[self.name])
        groups = [group for group in found.get("AutoScalingGroups") or [] if group["AutoScalingGroupName"] == self.name]
        return groups[0] if groups else None

    def ensure_present(self) -> Dict[str, Any]:
        group = self.read()
        if group is not None and group.get("Status"):
            self.module.fail_json(msg=f"Auto Scaling group {self.name} is being deleted ({group['Status']}); run again once it is gone")
        current = settings_of(group)
        desired = desired_settings(current, self.params)
        changed = current != desired or (group is not None and tag_changes(group, desired["tags"]) != ({}, []))
        diff = {"before": current, "after": desired}
        if self.module.check_mode:
            view = group_view(group) if group is not None else predicted_view(self.name, desired)
            return {"changed": changed, "auto_scaling_group": view, "diff": diff}
        if group is None:
            self.call("create_auto_scaling_group", f"Failed to create Auto Scaling group {self.name}", **create_params(self.name, desired))
        elif changed:
            self.update(group, current, desired)
        final = self.read() if changed else group
        if final is None:
            self.module.fail_json(msg=f"Auto Scaling group {self.name} cannot be read back after the module created it")
        return {"changed": changed, "auto_scaling_group": group_view(final), "diff": {"before": current, "after": settings_of(final)}}

    def update(self, group: Dict[str, Any], current: Dict[str, Any], desired: Dict[str, Any]) -> None:
        params = update_params(current, desired)
        if params:
            self.call("update_auto_scaling_group", f"Failed to update Auto Scaling group {self.name}", AutoScalingGroupName=self.name, **params)
        to_put, to_delete = tag_changes(group, desired["tags"])
        if to_delete:
            tags = [{"ResourceId": self.name, "ResourceType": GROUP_TAG_TYPE, "Key": key} for key in to_delete]
            self.call("delete_tags", f"Failed to remove tags from Auto Scaling group {self.name}", Tags=tags)
        if to_put:
            self.call("create_or_update_tags", f"Failed to tag Auto Scaling group {self.name}", Tags=tag_list(self.name, to_put))

    def ensure_absent(self) -> Dict[str, Any]:
        group = self.read()
        deleting = group is not None and bool(group.get("Status"))
        changed = group is not None and not deleting
        if changed and not self.module.check_mode:
            self.call("delete_auto_scaling_group", f"Failed to delete Auto Scaling group {self.name}", AutoScalingGroupName=self.name, ForceDelete=True)
        if group is not None and self.params["wait"] and not self.module.check_mode:
            self.poll(lambda: self.read() is None, f"Auto Scaling group {self.name} and its instances to be deleted")
        return {"changed": changed, "diff": {"before": settings_of(group), "after": {}}}

    def poll(self, done: Callable[[], bool], what: str) -> None:
        """Call done() until it holds; fail when the module's wait_timeout runs out first."""
        while not done():
            if self._clock() >= self.deadline:
                self.module.fail_json(msg=f"Timed out after {self.params['wait_timeout']}s waiting for {what}")
            self._sleep(POLL_DELAY)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("autoscaling", retry_decorator=retrying(["ScalingActivityInProgress"]))
    manager = AutoScalingGroupManager(module, client)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
