#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ecs_capacity_provider
version_added: 0.4.0
short_description: Manage an ECS capacity provider backed by an Auto Scaling group
description:
  - Create, update or delete one Amazon ECS capacity provider named O(name), which gives an ECS cluster the EC2
    instances of one Auto Scaling group and, with managed scaling, lets ECS scale that group to the tasks it places.
  - The Auto Scaling group of a capacity provider cannot change after it is created; a different
    O(auto_scaling_group_arn) fails naming the option, nothing is replaced.
  - Managed scaling, managed termination protection and managed draining change in place (C(UpdateCapacityProvider)).
  - A capacity provider that a cluster uses cannot be deleted; O(state=absent) then fails naming the cluster. Remove it
    from the cluster's capacity providers first (for example community.aws.ecs_cluster with its C(capacity_providers)).
  - Associating the capacity provider with a cluster is the cluster's business, not this module's.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the capacity provider, 1 to 255 letters, digits, underscores or hyphens, not starting with
        V(aws), V(ecs) or V(fargate).
    required: true
    type: str
  state:
    description:
      - Whether the capacity provider should exist.
    default: present
    choices: ['present', 'absent']
    type: str
  auto_scaling_group_arn:
    description:
      - The ARN of the Auto Scaling group whose instances the capacity provider offers. One group serves one capacity
        provider only.
      - Required when O(state=present). Cannot change after the capacity provider is created.
    type: str
  managed_scaling:
    description:
      - ECS managed scaling of the Auto Scaling group (cluster auto scaling).
    type: dict
    default: {}
    suboptions:
      status:
        description:
          - Whether ECS scales the Auto Scaling group to the tasks it has to place.
        default: ENABLED
        choices: ['ENABLED', 'DISABLED']
        type: str
      target_capacity:
        description:
          - The utilization of the group's instances ECS aims at, in percent, 1 to 100. V(100) leaves no spare
            instance; V(90) keeps about a tenth of the capacity free.
        default: 100
        type: int
      minimum_scaling_step_size:
        description:
          - The fewest instances ECS launches at once when it scales out, 1 to 10000.
        default: 1
        type: int
      maximum_scaling_step_size:
        description:
          - The most instances ECS launches at once when it scales out, 1 to 10000 and not below
            O(managed_scaling.minimum_scaling_step_size).
        default: 10000
        type: int
      instance_warmup_period:
        description:
          - Seconds after launch before a new instance counts in the group's CloudWatch metrics, 0 to 10000.
        default: 300
        type: int
  managed_termination_protection:
    description:
      - Whether ECS keeps the group from terminating, on scale-in, instances that still run tasks.
      - V(ENABLED) needs O(managed_scaling.status=ENABLED), and the Auto Scaling group must protect new instances
        from scale-in (C(NewInstancesProtectedFromScaleIn), for example M(webstack.aws.autoscaling_group) with
        C(new_instances_protected_from_scale_in=true)); AWS refuses it otherwise.
    default: DISABLED
    choices: ['ENABLED', 'DISABLED']
    type: str
  managed_draining:
    description:
      - Whether ECS drains an instance (moves its tasks elsewhere) before the group terminates it.
    default: ENABLED
    choices: ['ENABLED', 'DISABLED']
    type: str
  wait:
    description:
      - After an update, wait until ECS has applied it (C(updateStatus) no longer C(UPDATE_IN_PROGRESS)); on delete,
        until the capacity provider is C(INACTIVE) or gone. A delete that ECS refuses while waiting fails with its
        reason.
    default: true
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait in all when O(wait=true).
    default: 300
    type: int
notes:
  - In check mode the module reports what would change and changes nothing; a capacity provider it would create is
    returned with the settings it would have.
  - A deleted capacity provider stays visible as C(INACTIVE) for a while; the module treats it as absent, and a new
    one of the same name can be created.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A capacity provider for the container instances, ECS scaling the group
  webstack.aws.ecs_capacity_provider:
    name: demo-local-ec2
    auto_scaling_group_arn: "{{ asg.auto_scaling_group.auto_scaling_group_arn }}"
    managed_scaling:
      target_capacity: 90
      maximum_scaling_step_size: 2
    managed_termination_protection: ENABLED
    tags:
      webstack:stack: demo
      webstack:environment: local
      webstack:component: ecs_service
      ManagedBy: ansible

- name: Delete it (after removing it from the cluster)
  webstack.aws.ecs_capacity_provider:
    name: demo-local-ec2
    state: absent
"""

RETURN = r"""
capacity_provider:
  description:
    - The capacity provider, as DescribeCapacityProviders returns it, in snake_case, with its tags as a dict.
    - In check mode, for a capacity provider the module would create, the settings it would have.
  returned: when O(state=present)
  type: dict
  contains:
    name:
      description: The name of the capacity provider.
      type: str
      returned: always
      sample: demo-local-ec2
    capacity_provider_arn:
      description: The ARN of the capacity provider.
      type: str
      returned: when the capacity provider exists
      sample: arn:aws:ecs:eu-west-1:123456789012:capacity-provider/demo-local-ec2
    status:
      description: C(ACTIVE) for a capacity provider in service.
      type: str
      returned: when the capacity provider exists
      sample: ACTIVE
    update_status:
      description: The state of the last update or delete (C(UPDATE_COMPLETE), C(DELETE_FAILED), ...).
      type: str
      returned: when the capacity provider was updated or a delete was tried
      sample: UPDATE_COMPLETE
    update_status_reason:
      description: Why the last update or delete failed.
      type: str
      returned: when AWS gives one
      sample: "The capacity provider cannot be deleted because it is associated with cluster: demo-local."
    auto_scaling_group_provider:
      description: The Auto Scaling group and how ECS manages it.
      type: dict
      returned: always
      contains:
        auto_scaling_group_arn:
          description: The ARN of the Auto Scaling group.
          type: str
          returned: always
          sample: arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:0a1b2c3d-4e5f-6789-abcd-ef0123456789:autoScalingGroupName/demo-local-ecs
        managed_scaling:
          description: The managed scaling settings.
          type: dict
          returned: always
          sample: {"status": "ENABLED", "target_capacity": 100, "minimum_scaling_step_size": 1,
                   "maximum_scaling_step_size": 10000, "instance_warmup_period": 300}
        managed_termination_protection:
          description: Whether managed termination protection is on.
          type: str
          returned: always
          sample: DISABLED
        managed_draining:
          description: Whether managed draining is on.
          type: str
          returned: always
          sample: ENABLED
    tags:
      description: The tags of the capacity provider.
      type: dict
      returned: always
      sample: {"webstack:stack": "demo"}
"""

import re
import time
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ENABLED_DISABLED = ["ENABLED", "DISABLED"]

MANAGED_SCALING_SPEC = dict(
    status=dict(type="str", default="ENABLED", choices=ENABLED_DISABLED),
    target_capacity=dict(type="int", default=100),
    minimum_scaling_step_size=dict(type="int", default=1),
    maximum_scaling_step_size=dict(type="int", default=10000),
    instance_warmup_period=dict(type="int", default=300),
)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    auto_scaling_group_arn=dict(type="str"),
    managed_scaling=dict(type="dict", default={}, options=MANAGED_SCALING_SPEC),
    managed_termination_protection=dict(type="str", default="DISABLED", choices=ENABLED_DISABLED),
    managed_draining=dict(type="str", default="ENABLED", choices=ENABLED_DISABLED),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
)

# managed_scaling suboption -> (its ManagedScaling member, lowest, highest value)
SCALING = {
    "target_capacity": ("targetCapacity", 1, 100),
    "minimum_scaling_step_size": ("minimumScalingStepSize", 1, 10000),
    "maximum_scaling_step_size": ("maximumScalingStepSize", 1, 10000),
    "instance_warmup_period": ("instanceWarmupPeriod", 0, 10000),
}

ACTIVE = "ACTIVE"
POLL_DELAY = 5  # seconds between describe calls while waiting
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
_RESERVED_PREFIXES = ("aws", "ecs", "fargate")
_ASG_ARN = re.compile(r"^arn:aws[a-z-]*:autoscaling:[a-z0-9-]+:\d{12}:autoScalingGroup:[0-9a-f-]+:autoScalingGroupName/.+$")


# --- pure functions ------------------------------------------------------------------------


def validate_params(params: Dict[str, Any]) -> List[str]:
    """What is wrong with the options, one message per problem naming the option; [] when they are fine."""
    errors = []
    name = params["name"]
    if not _NAME.match(name):
        errors.append(f"name {name!r} must be 1 to 255 letters, digits, underscores or hyphens")
    elif name.lower().startswith(_RESERVED_PREFIXES):
        errors.append(f"name {name!r} must not start with 'aws', 'ecs' or 'fargate' (AWS reserves them)")
    if params["wait_timeout"] < 0:
        errors.append("wait_timeout must be 0 or more seconds")
    if params["state"] == "absent":
        return errors
    arn = params.get("auto_scaling_group_arn")
    if not arn:
        errors.append("auto_scaling_group_arn is required with state=present: the ARN of the Auto Scaling group the capacity provider offers")
    elif not _ASG_ARN.match(arn):
        errors.append(f"auto_scaling_group_arn {arn!r} is not an Auto Scaling group ARN (arn:aws:autoscaling:<region>:<account>:autoScalingGroup:...)")
    scaling = params["managed_scaling"]
    for option, (_member, low, high) in SCALING.items():
        if not low <= scaling[option] <= high:
            errors.append(f"managed_scaling.{option} must be between {low} and {high}, not {scaling[option]}")
    if scaling["minimum_scaling_step_size"] > scaling["maximum_scaling_step_size"]:
        errors.append("managed_scaling.minimum_scaling_step_size must not exceed managed_scaling.maximum_scaling_step_size")
    if params["managed_termination_protection"] == "ENABLED" and scaling["status"] != "ENABLED":
        errors.append("managed_termination_protection=ENABLED needs managed_scaling.status=ENABLED: without managed scaling it does not protect anything")
    return errors


def settings_of(provider: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The settings of a capacity provider as read (capacity_provider_view), in the options' terms; {} for none."""
    if not provider:
        return {}
    group = provider["auto_scaling_group_provider"]
    return {
        "auto_scaling_group_arn": group["auto_scaling_group_arn"],
        "managed_scaling": {option: group["managed_scaling"].get(option) for option in MANAGED_SCALING_SPEC},
        "managed_termination_protection": group.get("managed_termination_protection"),
        "managed_draining": group.get("managed_draining"),
        "tags": dict(provider.get("tags") or {}),
    }


def desired_settings(current: Dict[str, Any], params: Dict[str, Any]) -> Dict[str, Any]:
    """The settings the options ask for; tags not given (tags=None) keep the current ones."""
    tags = current.get("tags", {}) if params["tags"] is None else params["tags"]
    if params["tags"] is not None and not params["purge_tags"]:
        tags = dict(current.get("tags", {}), **params["tags"])
    return {
        "auto_scaling_group_arn": params["auto_scaling_group_arn"],
        "managed_scaling": dict(params["managed_scaling"]),
        "managed_termination_protection": params["managed_termination_protection"],
        "managed_draining": params["managed_draining"],
        "tags": tags,
    }


def immutable_errors(current: Dict[str, Any], desired: Dict[str, Any]) -> List[str]:
    if current and current["auto_scaling_group_arn"] != desired["auto_scaling_group_arn"]:
        return [
            f"auto_scaling_group_arn cannot change: the capacity provider uses {current['auto_scaling_group_arn']}, not "
            f"{desired['auto_scaling_group_arn']}. Delete the capacity provider (state=absent) and create it again, or use another name"
        ]
    return []


def provider_update(desired: Dict[str, Any]) -> Dict[str, Any]:
    """The AutoScalingGroupProviderUpdate (and the managed settings of a new AutoScalingGroupProvider)."""
    scaling = desired["managed_scaling"]
    managed_scaling = {"status": scaling["status"]}
    managed_scaling.update({member: scaling[option] for option, (member, _low, _high) in SCALING.items()})
    return {
        "managedScaling": managed_scaling,
        "managedTerminationProtection": desired["managed_termination_protection"],
        "managedDraining": desired["managed_draining"],
    }


def needs_update(current: Dict[str, Any], desired: Dict[str, Any]) -> bool:
    """Whether a setting that UpdateCapacityProvider changes differs (tags and the group are apart)."""
    return any(current[key] != desired[key] for key in ("managed_scaling", "managed_termination_protection", "managed_draining"))


def capacity_provider_view(provider: Dict[str, Any], tags: Optional[List[Dict[str, str]]] = None) -> Dict[str, Any]:
    """A DescribeCapacityProviders entry as the module returns it: snake_case, tags as a dict."""
    raw_tags = provider.get("tags") if tags is None else tags
    view = camel_dict_to_snake_dict({key: value for key, value in provider.items() if key != "tags"})
    view["tags"] = boto3_tag_list_to_ansible_dict(raw_tags or [], "key", "value")
    return view


def predicted_view(name: str, desired: Dict[str, Any]) -> Dict[str, Any]:
    """What check mode returns for a capacity provider it would create."""
    return {
        "name": name,
        "auto_scaling_group_provider": dict(
            auto_scaling_group_arn=desired["auto_scaling_group_arn"],
            managed_scaling=dict(desired["managed_scaling"]),
            managed_termination_protection=desired["managed_termination_protection"],
            managed_draining=desired["managed_draining"],
        ),
        "tags": desired["tags"],
    }


# --- AWS -----------------------------------------------------------------------------------


class CapacityProviderManager:
    """Brings one capacity provider to the state the module's options describe."""

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
        """The ACTIVE capacity provider of this name (capacity_provider_view), None when there is none."""
        found = self.call("describe_capacity_providers", f"Failed to describe capacity provider {self.name}", capacityProviders=[self.name], include=["TAGS"])
        active = [p for p in found.get("capacityProviders") or [] if p.get("name") == self.name and p.get("status") == ACTIVE]
        return capacity_provider_view(active[0]) if active else None

    def ensure_present(self) -> Dict[str, Any]:
        view = self.read()
        current = settings_of(view)
        desired = desired_settings(current, self.params)
        errors = immutable_errors(current, desired)
        if errors:
            self.module.fail_json(msg=" ".join(errors), errors=errors)
        changed = current != desired
        diff = {"before": current, "after": desired}
        if self.module.check_mode:
            return {"changed": changed, "capacity_provider": view or predicted_view(self.name, desired), "diff": diff}
        if view is None:
            self.create(desired)
        else:
            self.update(view, current, desired)
        final = self.read() if changed else view
        if final is None:
            self.module.fail_json(msg=f"Capacity provider {self.name} is not ACTIVE after the module created or updated it")
        return {"changed": changed, "capacity_provider": final, "diff": {"before": current, "after": settings_of(final)}}

    def create(self, desired: Dict[str, Any]) -> None:
        params = dict(name=self.name, autoScalingGroupProvider=dict(provider_update(desired), autoScalingGroupArn=desired["auto_scaling_group_arn"]))
        if desired["tags"]:
            params["tags"] = ansible_dict_to_boto3_tag_list(desired["tags"], "key", "value")
        self.call("create_capacity_provider", f"Failed to create capacity provider {self.name}", **params)

    def update(self, view: Dict[str, Any], current: Dict[str, Any], desired: Dict[str, Any]) -> None:
        arn = view["capacity_provider_arn"]
        if needs_update(current, desired):
            self.call(
                "update_capacity_provider", f"Failed to update capacity provider {self.name}", name=self.name, autoScalingGroupProvider=provider_update(desired)
            )
            if self.params["wait"]:
                self.poll(self.update_done, f"capacity provider {self.name} to finish its update")
        to_set, to_unset = compare_aws_tags(current["tags"], desired["tags"], purge_tags=True)
        if to_unset:
            self.call("untag_resource", f"Failed to remove tags from capacity provider {self.name}", resourceArn=arn, tagKeys=to_unset)
        if to_set:
            self.call(
                "tag_resource", f"Failed to tag capacity provider {self.name}", resourceArn=arn, tags=ansible_dict_to_boto3_tag_list(to_set, "key", "value")
            )

    def update_done(self) -> bool:
        view = self.read() or {}
        if view.get("update_status") == "UPDATE_FAILED":
            self.module.fail_json(msg=f"ECS failed to update capacity provider {self.name}: {view.get('update_status_reason')}", capacity_provider=view)
        return view.get("update_status") != "UPDATE_IN_PROGRESS"

    def ensure_absent(self) -> Dict[str, Any]:
        view = self.read()
        diff = {"before": settings_of(view), "after": {}}
        if view is None or self.module.check_mode:
            return {"changed": view is not None, "diff": diff}
        answer = self.call("delete_capacity_provider", f"Failed to delete capacity provider {self.name}", capacityProvider=self.name)["capacityProvider"]
        self.fail_if_refused(answer)
        if self.params["wait"]:
            self.poll(self.deleted, f"capacity provider {self.name} to be deleted")
        return {"changed": True, "diff": diff}

    def fail_if_refused(self, provider: Dict[str, Any]) -> None:
        """Fail with ECS's reason (it names the cluster that uses the provider) when ECS refused the delete."""
        if provider.get("updateStatus") == "DELETE_FAILED":
            self.module.fail_json(
                msg=f"Capacity provider {self.name} cannot be deleted: {provider.get('updateStatusReason')}",
                capacity_provider=capacity_provider_view(provider, tags=[]),
            )

    def deleted(self) -> bool:
        found = self.call("describe_capacity_providers", f"Failed to describe capacity provider {self.name}", capacityProviders=[self.name])
        mine = [p for p in found.get("capacityProviders") or [] if p.get("name") == self.name]
        for provider in mine:
            self.fail_if_refused(provider)
        return all(p.get("status") != ACTIVE for p in mine)

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

    client = module.client("ecs", retry_decorator=retrying(["UpdateInProgressException"]))
    manager = CapacityProviderManager(module, client)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
