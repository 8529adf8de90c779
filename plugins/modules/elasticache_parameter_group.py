#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: elasticache_parameter_group
version_added: 0.3.0
short_description: Manage an ElastiCache cache parameter group
description:
  - Create, change, tag or delete one ElastiCache cache parameter group (Redis OSS, Valkey or Memcached).
  - Replaces C(community.aws.elasticache_parameter_group), which knows no family after C(redis6.x), changes the group on every
    run, has no check mode, reads only the first page of parameters and has no tags.
  - Values are compared, as strings, with what C(DescribeCacheParameters) answers (every page); only the parameters whose value
    differs are sent, with C(ModifyCacheParameterGroup), at most 20 per request. A second identical run changes nothing.
  - Before any change the module checks every name in O(parameters) against the parameters of the group (for a group still to
    create, against the family's default group C(default.<family>)). An unknown name, a parameter AWS does not let anyone
    modify, a value that is not an integer for an integer parameter, or a value outside the parameter's allowed values fails
    naming the parameter, and nothing is changed.
  - AWS cannot change the family or the description of an existing group. A different O(group_family) fails; a different
    O(description) is reported with a warning and left as it is.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the cache parameter group.
      - 1 to 255 letters, digits or hyphens, starting with a letter, without two hyphens in a row or a hyphen at the end.
        AWS keeps the name in lower case.
      - The C(default.*) groups of AWS cannot be managed.
    required: true
    type: str
  group_family:
    description:
      - The cache engine family of the group.
      - Required to create the group. On an existing group it must be the group's family, since AWS cannot change it.
    choices: ['memcached1.6', 'redis6.x', 'redis7', 'valkey7', 'valkey8']
    type: str
  description:
    description:
      - The description of the group, set when the group is created.
    default: managed by Ansible
    type: str
  parameters:
    description:
      - Parameter names and the values they should have, for example C(maxmemory-policy=allkeys-lru) and C(timeout=300).
      - Values may be strings, integers or booleans. A boolean becomes V(yes) or V(no), or V(1) or V(0) for a parameter whose
        allowed values are C(0,1) (Memcached's C(cas_disabled) for example).
      - Parameters not named keep their value, unless O(purge_parameters=true).
      - When not set, no parameter is changed, whatever O(purge_parameters) says.
    type: dict
    aliases: ['values']
  purge_parameters:
    description:
      - Reset to their defaults, with C(ResetCacheParameterGroup), the parameters set by a user (C(Source=user)) that
        O(parameters) does not name.
      - With O(parameters={}) every user-set parameter is reset.
    default: false
    type: bool
  state:
    description:
      - Whether the group should exist.
      - AWS refuses to delete a group a replication group or a cache cluster uses; the module fails with AWS's message.
    default: present
    choices: ['present', 'absent']
    type: str
notes:
  - A parameter group has no asynchronous status, so the module does not wait. Parameters whose change type is
    C(requires-reboot) take effect on the clusters using the group only once their nodes reboot.
  - In check mode the module reads the group and reports what would change, without changing anything; a group it would
    create is returned without an ARN.
  - With O(state=absent) in check mode the module cannot know whether AWS would refuse the delete because the group is in use.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A Valkey 8 parameter group for the demo stack
  webstack.aws.elasticache_parameter_group:
    name: demo-local
    group_family: valkey8
    description: demo cache settings
    parameters:
      maxmemory-policy: allkeys-lru
      timeout: 300
      activedefrag: true
    tags:
      webstack:stack: demo
      webstack:environment: local
      webstack:component: elasticache
      ManagedBy: ansible

- name: Set exactly these parameters, resetting any other user-set parameter to its default
  webstack.aws.elasticache_parameter_group:
    name: demo-local
    parameters:
      maxmemory-policy: volatile-ttl
    purge_parameters: true

- name: Reset every parameter set by a user
  webstack.aws.elasticache_parameter_group:
    name: demo-local
    parameters: {}
    purge_parameters: true

- name: Delete the group (fails while a replication group uses it)
  webstack.aws.elasticache_parameter_group:
    name: demo-local
    state: absent
"""

RETURN = r"""
parameter_group:
  description:
    - The parameter group, with the parameters a user set and its tags.
    - In check mode, for a group the module would create or change, the group as it would be.
  returned: when O(state=present)
  type: dict
  contains:
    cache_parameter_group_name:
      description: The name of the group.
      type: str
      returned: always
      sample: demo-local
    cache_parameter_group_family:
      description: The cache engine family of the group.
      type: str
      returned: always
      sample: valkey8
    description:
      description: The description of the group.
      type: str
      returned: always
      sample: managed by Ansible
    arn:
      description: The ARN of the group.
      type: str
      returned: when the group exists
      sample: arn:aws:elasticache:eu-west-1:123456789012:parametergroup:demo-local
    parameters:
      description: The parameters set by a user (C(Source=user)), name to value as AWS answers them (strings).
      type: dict
      returned: always
      sample: {"maxmemory-policy": "allkeys-lru", "timeout": "300", "activedefrag": "yes"}
    tags:
      description: The tags of the group.
      type: dict
      returned: always
      sample: {"webstack:stack": "demo"}
"""

import difflib
import re
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
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

FAMILIES = ["memcached1.6", "redis6.x", "redis7", "valkey7", "valkey8"]

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    group_family=dict(type="str", choices=FAMILIES),
    description=dict(type="str", default="managed by Ansible"),
    parameters=dict(type="dict", aliases=["values"]),
    purge_parameters=dict(type="bool", default=False),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

NAME = re.compile(r"^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,254}(?<!-)$")
DEFAULT_PREFIX = "default."
BATCH_SIZE = 20  # ModifyCacheParameterGroup takes at most 20 parameters a request
NOT_FOUND = "CacheParameterGroupNotFound"
INTEGER = re.compile(r"^-?\d+$")
RANGE = re.compile(r"^(-?\d*)-(-?\d*)$")

Parameter = Dict[str, Any]  # one Parameter of DescribeCacheParameters


# Pure functions: validation


def validate_params(params: Dict[str, Any]) -> List[str]:
    """What is wrong with the options, before any AWS call."""
    errors = []
    name = params["name"]
    if name.lower().startswith(DEFAULT_PREFIX):
        errors.append(f"name: {name} is a default parameter group of AWS, which cannot be changed or deleted; name a group of your own.")
    elif not NAME.match(name):
        errors.append(
            f"name: {name!r} is not a valid parameter group name: 1 to 255 letters, digits or hyphens, starting with a letter, "
            "without two hyphens in a row or a hyphen at the end."
        )
    for key, value in (params.get("parameters") or {}).items():
        if isinstance(value, bool) or isinstance(value, (int, str)):
            continue
        errors.append(f"parameters.{key}: the value must be a string, an integer or a boolean, not {type(value).__name__} ({value!r}).")
    return errors


def in_allowed_ranges(number: int, allowed: str) -> Optional[bool]:
    """Whether number is in AllowedValues' comma-separated numbers and ranges (``0,20-``, ``1-100``, ``-``); None when unreadable."""
    for part in (piece.strip() for piece in allowed.split(",")):
        if INTEGER.match(part):
            if number == int(part):
                return True
            continue
        bounds = RANGE.match(part)
        if bounds is None:
            return None
        low, high = bounds.groups()
        if (not low or number >= int(low)) and (not high or number <= int(high)):
            return True
    return False


def value_problem(value: str, parameter: Parameter) -> Optional[str]:
    """Why AWS would refuse value for the parameter, when the catalogue says it plainly; None otherwise."""
    if not parameter.get("IsModifiable", True):
        return "AWS does not allow this parameter to be modified"
    allowed = parameter.get("AllowedValues")
    if parameter.get("DataType") == "integer":
        if not INTEGER.match(value):
            return f"{value!r} is not an integer"
        if allowed and in_allowed_ranges(int(value), allowed) is False:
            return f"{value} is not allowed; allowed values: {allowed}"
        return None
    if allowed and parameter.get("DataType") in ("string", "boolean") and "," in allowed and value not in allowed.split(","):
        return f"{value!r} is not allowed; allowed values: {allowed}"
    return None


def as_value(value: Any, parameter: Optional[Parameter] = None) -> str:
    """The string AWS keeps for a value: booleans become yes/no (1/0 for a parameter whose allowed values are 0,1)."""
    if isinstance(value, bool):
        if parameter is not None and set((parameter.get("AllowedValues") or "").split(",")) == {"0", "1"}:
            return "1" if value else "0"
        return "yes" if value else "no"
    return str(value)


def catalogue_problems(wanted: Dict[str, Any], catalogue: Dict[str, Parameter], family: str) -> List[str]:
    """What is wrong with each wanted parameter against the group's parameters (by name)."""
    errors = []
    for name in sorted(wanted):
        parameter = catalogue.get(name)
        if parameter is None:
            close = difflib.get_close_matches(name, list(catalogue), n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            errors.append(f"parameters.{name}: the {family} family has no parameter {name!r}.{hint}")
            continue
        problem = value_problem(as_value(wanted[name], parameter), parameter)
        if problem:
            errors.append(f"parameters.{name}: {problem}.")
    return errors


# Pure functions: what differs and what to send


def desired_values(wanted: Dict[str, Any], catalogue: Dict[str, Parameter]) -> Dict[str, str]:
    return {name: as_value(value, catalogue.get(name)) for name, value in wanted.items()}


def user_parameters(catalogue: Dict[str, Parameter]) -> Dict[str, str]:
    """The parameters a user set: name -> value."""
    return {name: p.get("ParameterValue", "") for name, p in catalogue.items() if p.get("Source") == "user"}


def parameter_changes(catalogue: Dict[str, Parameter], desired: Optional[Dict[str, str]], purge: bool) -> Tuple[Dict[str, str], List[str]]:
    """(values to modify, names to reset to their defaults)."""
    if desired is None:
        return {}, []
    to_modify = {name: value for name, value in desired.items() if catalogue[name].get("ParameterValue", "") != value}
    to_reset = sorted(name for name in user_parameters(catalogue) if name not in desired) if purge else []
    return to_modify, to_reset


def batches(items: List[Any], size: int) -> List[List[Any]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def modify_requests(name: str, to_modify: Dict[str, str]) -> List[Dict[str, Any]]:
    pairs = [{"ParameterName": key, "ParameterValue": to_modify[key]} for key in sorted(to_modify)]
    return [{"CacheParameterGroupName": name, "ParameterNameValues": batch} for batch in batches(pairs, BATCH_SIZE)]


def reset_requests(name: str, to_reset: List[str]) -> List[Dict[str, Any]]:
    pairs = [{"ParameterName": key} for key in sorted(to_reset)]
    return [{"CacheParameterGroupName": name, "ParameterNameValues": batch} for batch in batches(pairs, BATCH_SIZE)]


def tags_after(current: Dict[str, str], to_add: Dict[str, str], to_remove: List[str]) -> Dict[str, str]:
    return {key: value for key, value in {**current, **to_add}.items() if key not in to_remove}


def group_view(group: Dict[str, Any], parameters: Dict[str, str], tags: Dict[str, str]) -> Dict[str, Any]:
    """The module's view of a group (DescribeCacheParameterGroups entry, user parameters, tags)."""
    view = {
        "cache_parameter_group_name": group["CacheParameterGroupName"],
        "cache_parameter_group_family": group["CacheParameterGroupFamily"],
        "description": group.get("Description", ""),
        "parameters": dict(parameters),
        "tags": dict(tags),
    }
    if group.get("ARN"):
        view["arn"] = group["ARN"]
    return view


def diff_views(
    group: Dict[str, Any],
    before: Dict[str, str],
    after: Dict[str, str],
    tags_before: Dict[str, str],
    tags_now: Dict[str, str],
) -> Dict[str, Any]:
    """before/after showing the parameters that differ (with the values they have and will have), description and tags."""
    names = sorted(set(before) | set(after))
    common = {"cache_parameter_group_name": group["CacheParameterGroupName"], "cache_parameter_group_family": group["CacheParameterGroupFamily"]}
    common["description"] = group.get("Description", "")
    return {
        "before": {**common, "parameters": {n: before[n] for n in names if n in before}, "tags": dict(tags_before)},
        "after": {**common, "parameters": {n: after[n] for n in names if n in after}, "tags": dict(tags_now)},
    }


class ParameterGroupManager:
    """Brings one cache parameter group to the state the module's options describe."""

    def __init__(self, module, client) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.check_mode = module.check_mode
        self.name = module.params["name"].lower()

    # Reading

    def describe_group(self) -> Optional[Dict[str, Any]]:
        try:
            groups = self.client.describe_cache_parameter_groups(aws_retry=True, CacheParameterGroupName=self.name)["CacheParameterGroups"]
        except is_boto3_error_code(NOT_FOUND):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to describe cache parameter group {self.name}")
        return groups[0] if groups else None

    def catalogue(self, group_name: str) -> Dict[str, Parameter]:
        """Every parameter of a group by name (every page of DescribeCacheParameters)."""
        found: Dict[str, Parameter] = {}
        request: Dict[str, Any] = {"CacheParameterGroupName": group_name, "MaxRecords": 100}
        try:
            while True:
                answer = self.client.describe_cache_parameters(aws_retry=True, **request)
                found.update((p["ParameterName"], p) for p in answer.get("Parameters", []))
                if not answer.get("Marker"):
                    return found
                request["Marker"] = answer["Marker"]
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to describe the parameters of cache parameter group {group_name}")

    def tags(self, arn: str) -> Dict[str, str]:
        try:
            return boto3_tag_list_to_ansible_dict(self.client.list_tags_for_resource(aws_retry=True, ResourceName=arn).get("TagList", []))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to list the tags of cache parameter group {self.name}")

    def fresh(self) -> None:
        """A group just created may not be visible yet: read and change it with a client that retries not-found."""
        self.client = self.module.client("elasticache", retry_decorator=retrying([NOT_FOUND]))

    # Desired states

    def ensure_present(self, group: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        family = self.check_family(group)
        catalogue = self.catalogue(group["CacheParameterGroupName"] if group else DEFAULT_PREFIX + family)
        wanted = self.params["parameters"]
        errors = catalogue_problems(wanted or {}, catalogue, family)
        if errors:
            self.module.fail_json(msg=" ".join(errors), errors=errors)

        desired = desired_values(wanted, catalogue) if wanted is not None else None
        to_modify, to_reset = parameter_changes(catalogue, desired, self.params["purge_parameters"])
        tags_before = self.tags(group["ARN"]) if group else {}
        to_add, to_remove = {}, []
        if self.params["tags"] is not None:
            to_add, to_remove = compare_aws_tags(tags_before, self.params["tags"], self.params["purge_tags"])
        if group and group.get("Description", "") != self.params["description"]:
            self.module.warn(
                f"AWS cannot change the description of a cache parameter group: {self.name} keeps {group.get('Description', '')!r}, "
                f"not {self.params['description']!r}"
            )

        defaults = self.catalogue(DEFAULT_PREFIX + family) if to_reset else {}
        before = {name: catalogue[name].get("ParameterValue", "") for name in [*to_modify, *to_reset]}
        after = {**to_modify, **{name: defaults.get(name, {}).get("ParameterValue", "") for name in to_reset}}
        new_tags = tags_after(tags_before, to_add, to_remove)
        user_after = {key: value for key, value in {**user_parameters(catalogue), **to_modify}.items() if key not in to_reset}

        shown = group or {"CacheParameterGroupName": self.name, "CacheParameterGroupFamily": family, "Description": self.params["description"]}
        diff = diff_views(shown, before, after, tags_before, new_tags)
        if group is None:
            diff["before"] = {}
        changed = group is None or bool(to_modify or to_reset or to_add or to_remove)
        if not changed:
            return {"changed": False, "diff": diff, "parameter_group": group_view(group, user_parameters(catalogue), tags_before)}
        if self.check_mode:
            return {"changed": True, "diff": diff, "parameter_group": group_view(shown, user_after, new_tags)}

        if group is None:
            group = self.create(family, new_tags)
            self.fresh()
        self.change(group["ARN"], to_modify, to_reset, to_add, to_remove)
        # The tags are those sent: CreateCacheParameterGroup sets them all, and tag changes are answered or failed.
        result = group_view(group, user_parameters(self.catalogue(self.name)), new_tags)
        return {"changed": True, "diff": diff, "parameter_group": result}

    def ensure_absent(self, group: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if group is None:
            return {"changed": False, "diff": {"before": {}, "after": {}}}
        before = group_view(group, user_parameters(self.catalogue(self.name)), self.tags(group["ARN"]))
        if not self.check_mode:
            self.delete()
        return {"changed": True, "diff": {"before": before, "after": {}}}

    def check_family(self, group: Optional[Dict[str, Any]]) -> str:
        family = self.params["group_family"]
        if group is None:
            if family is None:
                self.module.fail_json(msg=f"group_family: required to create cache parameter group {self.name}; choose one of {', '.join(FAMILIES)}.")
            return family
        if family is not None and family != group["CacheParameterGroupFamily"]:
            self.module.fail_json(
                msg=(
                    f"group_family: cache parameter group {self.name} is of family {group['CacheParameterGroupFamily']}, not {family}; "
                    "AWS cannot change the family of a group: delete it (state=absent) and create it again, or use another name."
                )
            )
        return group["CacheParameterGroupFamily"]

    # Changing

    def call(self, operation: str, failure: str, **request: Any) -> Dict[str, Any]:
        try:
            return getattr(self.client, operation)(aws_retry=True, **request)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=failure)

    def create(self, family: str, tags: Dict[str, str]) -> Dict[str, Any]:
        request = {"CacheParameterGroupName": self.name, "CacheParameterGroupFamily": family, "Description": self.params["description"]}
        if tags:
            request["Tags"] = ansible_dict_to_boto3_tag_list(tags)
        return self.call("create_cache_parameter_group", f"Failed to create cache parameter group {self.name}", **request)["CacheParameterGroup"]

    def change(self, arn: str, to_modify: Dict[str, str], to_reset: List[str], to_add: Dict[str, str], to_remove: List[str]) -> None:
        for request in modify_requests(self.name, to_modify):
            names = ", ".join(p["ParameterName"] for p in request["ParameterNameValues"])
            self.call("modify_cache_parameter_group", f"Failed to set parameters {names} of cache parameter group {self.name}", **request)
        for request in reset_requests(self.name, to_reset):
            names = ", ".join(p["ParameterName"] for p in request["ParameterNameValues"])
            self.call("reset_cache_parameter_group", f"Failed to reset parameters {names} of cache parameter group {self.name}", **request)
        if to_remove:
            self.call("remove_tags_from_resource", f"Failed to remove tags from cache parameter group {self.name}", ResourceName=arn, TagKeys=to_remove)
        if to_add:
            tags = ansible_dict_to_boto3_tag_list(to_add)
            self.call("add_tags_to_resource", f"Failed to tag cache parameter group {self.name}", ResourceName=arn, Tags=tags)

    def delete(self) -> None:
        try:
            self.client.delete_cache_parameter_group(aws_retry=True, CacheParameterGroupName=self.name)
        except is_boto3_error_code(NOT_FOUND):
            return  # gone since we read it
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to delete cache parameter group {self.name}")


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    manager = ParameterGroupManager(module, module.client("elasticache", retry_decorator=retrying()))
    group = manager.describe_group()
    if module.params["state"] == "present":
        result = manager.ensure_present(group)
    else:
        result = manager.ensure_absent(group)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
