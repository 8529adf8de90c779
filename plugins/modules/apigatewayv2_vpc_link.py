#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: apigatewayv2_vpc_link
version_added: 0.4.0
short_description: Manage an API Gateway VPC link for HTTP APIs
description:
  - Create, tag or delete an API Gateway v2 VPC link, through which an HTTP API's private integrations reach a
    Cloud Map service or a load balancer listener in a VPC.
  - A VPC link is found by O(name) among every VPC link of the region; two of the same name fail the module, naming
    them.
  - A VPC link's subnets and security groups cannot change after it is created; a difference fails naming the option.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the VPC link, 1 to 128 characters.
    required: true
    type: str
  subnet_ids:
    description:
      - The subnets the VPC link's network interfaces are in. Required when O(state=present).
      - Cannot change after the VPC link is created.
    type: list
    elements: str
  security_group_ids:
    description:
      - The security groups of the VPC link's network interfaces. When not set, a new VPC link has none.
      - Cannot change after the VPC link is created.
    type: list
    elements: str
  tags:
    description:
      - Tags for the VPC link. When not set, the VPC link's tags are left as they are.
    type: dict
    aliases: ['resource_tags']
  purge_tags:
    description:
      - Whether to remove tags of the VPC link that O(tags) does not name.
    default: true
    type: bool
  state:
    description:
      - Whether the VPC link should exist.
    default: present
    choices: ['present', 'absent']
    type: str
  wait:
    description:
      - Whether to wait until a new VPC link is C(AVAILABLE), or a deleted one is gone.
      - AWS takes a few minutes to make a VPC link's network interfaces.
    default: true
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true).
    default: 600
    type: int
notes:
  - In check mode the module reports what would change and makes no change.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A VPC link into the app subnets, started without waiting
  webstack.aws.apigatewayv2_vpc_link:
    name: webstack-prod-api
    subnet_ids: "{{ private_subnet_ids }}"
    security_group_ids: ["{{ vpc_link_sg_id }}"]
    wait: false
  register: vpc_link

- name: Remove the VPC link
  webstack.aws.apigatewayv2_vpc_link:
    name: webstack-prod-api
    state: absent
"""

RETURN = r"""
vpc_link:
  description:
    - The VPC link. In check mode, a VPC link the module would create has only the settings it asked for.
  returned: when O(state=present)
  type: dict
  contains:
    vpc_link_id:
      description: The ID of the VPC link, an integration's C(connection_id).
      type: str
      returned: when the VPC link exists
      sample: abcdef
    name:
      description: The name of the VPC link.
      type: str
      returned: always
      sample: webstack-prod-api
    subnet_ids:
      description: The VPC link's subnets.
      type: list
      elements: str
      returned: always
      sample: ["subnet-0123456789abcdef0"]
    security_group_ids:
      description: The VPC link's security groups.
      type: list
      elements: str
      returned: always
      sample: ["sg-0123456789abcdef0"]
    vpc_link_status:
      description: C(PENDING), C(AVAILABLE), C(DELETING), C(FAILED) or C(INACTIVE).
      type: str
      returned: when the VPC link exists
      sample: AVAILABLE
    vpc_link_status_message:
      description: AWS's explanation of the status.
      type: str
      returned: when AWS gives one
      sample: VPC link is ready to route traffic
    vpc_link_version:
      description: The version of the VPC link, C(V2).
      type: str
      returned: when the VPC link exists
      sample: V2
    created_date:
      description: When the VPC link was created (ISO 8601).
      type: str
      returned: when the VPC link exists
      sample: "2025-01-01T12:00:00+00:00"
    tags:
      description: The VPC link's tags.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
"""

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

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.apigatewayv2 import apply_tags
from ansible_collections.webstack.aws.plugins.module_utils.apigatewayv2 import get_vpc_link
from ansible_collections.webstack.aws.plugins.module_utils.apigatewayv2 import list_vpc_links
from ansible_collections.webstack.aws.plugins.module_utils.apigatewayv2 import resource_arn
from ansible_collections.webstack.aws.plugins.module_utils.apigatewayv2 import snake
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    subnet_ids=dict(type="list", elements="str"),
    security_group_ids=dict(type="list", elements="str"),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=600),
)

POLL_DELAY = 5
MAX_NAME = 128


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the module's options, each naming the option; [] when all is well."""
    errors = []
    if not 1 <= len(params["name"] or "") <= MAX_NAME:
        errors.append(f"name must have 1 to {MAX_NAME} characters")
    if params["state"] == "present" and not params.get("subnet_ids"):
        errors.append("subnet_ids is required for state=present: give the subnets the VPC link reaches the VPC through")
    errors.extend(f"subnet_ids has {value!r}, not a subnet ID (subnet-...)" for value in params.get("subnet_ids") or [] if not value.startswith("subnet-"))
    errors.extend(
        f"security_group_ids has {value!r}, not a security group ID (sg-...)" for value in params.get("security_group_ids") or [] if not value.startswith("sg-")
    )
    if params["wait_timeout"] < 0:
        errors.append("wait_timeout must be 0 or more seconds")
    return errors


def immutable_errors(current: Dict[str, Any], params: Dict[str, Any]) -> List[str]:
    errors = []
    for option in ("subnet_ids", "security_group_ids"):
        wanted = params.get(option)
        if wanted is not None and sorted(set(wanted)) != sorted(current.get(option) or []):
            errors.append(f"{option} cannot change: VPC link {current['name']} ({current['vpc_link_id']}) has {sorted(current.get(option) or [])}")
    return errors


def settings(view: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    if not view:
        return {}
    return {
        "name": view.get("name"),
        "subnet_ids": sorted(view.get("subnet_ids") or []),
        "security_group_ids": sorted(view.get("security_group_ids") or []),
        "tags": view.get("tags") or {},
    }


class VpcLinkManager:
    """Brings the VPC link named by the options to the state they describe."""

    def __init__(self, module: Any, client: Any, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.name = module.params["name"]
        self.sleep = sleep
        self.clock = clock

    def fail(self, error: Exception, msg: str) -> None:
        self.module.fail_json_aws(error, msg=msg)

    def find(self) -> Optional[Dict[str, Any]]:
        try:
            found = [link for link in list_vpc_links(self.client) if link["Name"] == self.name]
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, f"Failed to look up VPC link {self.name}")
        if len(found) > 1:
            self.module.fail_json(
                msg=f"{len(found)} VPC links are named {self.name}: {', '.join(sorted(link['VpcLinkId'] for link in found))}. Delete all but one"
            )
        return snake(found[0]) if found else None

    def ensure_present(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if current is None:
            return self.create()
        errors = immutable_errors(current, self.params)
        if errors:
            self.module.fail_json(msg=" ".join(errors), errors=errors)
        to_set, to_remove = (
            compare_aws_tags(current["tags"], self.params["tags"], purge_tags=self.params["purge_tags"]) if self.params["tags"] is not None else ({}, [])
        )
        after = dict(current, tags={k: v for k, v in dict(current["tags"], **to_set).items() if k not in to_remove})
        changed = bool(to_set or to_remove)
        if changed and not self.module.check_mode:
            try:
                apply_tags(self.client, resource_arn(self.module.region, "vpclinks", current["vpc_link_id"]), to_set, to_remove)
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.fail(e, f"Failed to tag VPC link {self.name} ({current['vpc_link_id']})")
        if self.params["wait"] and current.get("vpc_link_status") == "PENDING" and not self.module.check_mode:
            after = dict(self.wait_available(current["vpc_link_id"]), tags=after["tags"])
        return self.result(changed, current, after)

    def create(self) -> Dict[str, Any]:
        desired = {
            "name": self.name,
            "subnet_ids": self.params["subnet_ids"],
            "security_group_ids": self.params["security_group_ids"] or [],
            "tags": self.params["tags"] or {},
        }
        if self.module.check_mode:
            return self.result(True, None, desired)
        try:
            created = self.client.create_vpc_link(
                aws_retry=True, Name=self.name, SubnetIds=desired["subnet_ids"], SecurityGroupIds=desired["security_group_ids"], Tags=desired["tags"]
            )
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, f"Failed to create VPC link {self.name}")
        view = snake({key: value for key, value in created.items() if key != "ResponseMetadata"})
        if self.params["wait"]:
            view = dict(self.wait_available(view["vpc_link_id"]), tags=view["tags"])
        return self.result(True, None, view)

    def wait_available(self, vpc_link_id: str) -> Dict[str, Any]:
        deadline = self.clock() + self.params["wait_timeout"]
        while True:
            try:
                link = get_vpc_link(self.client, vpc_link_id)
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.fail(e, f"Failed to read VPC link {self.name} ({vpc_link_id})")
            status = (link or {}).get("VpcLinkStatus")
            if status == "AVAILABLE":
                return snake(link)
            if status in (None, "FAILED", "INACTIVE", "DELETING"):
                reason = (link or {}).get("VpcLinkStatusMessage") or "no reason given"
                self.module.fail_json(msg=f"VPC link {self.name} ({vpc_link_id}) is {status or 'gone'} instead of AVAILABLE: {reason}")
            if self.clock() >= deadline:
                self.module.fail_json(
                    msg=f"Timed out after {self.params['wait_timeout']} s waiting for VPC link {self.name} ({vpc_link_id}) to be AVAILABLE; it is {status}"
                )
            self.sleep(POLL_DELAY)

    def ensure_absent(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if current is None:
            return self.with_diff({"changed": False}, None, None)
        if not self.module.check_mode:
            try:
                self.client.delete_vpc_link(aws_retry=True, VpcLinkId=current["vpc_link_id"])
            except is_boto3_error_code("NotFoundException"):
                return self.with_diff({"changed": False}, None, None)  # deleted by someone else since the lookup
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
                self.fail(e, f"Failed to delete VPC link {self.name} ({current['vpc_link_id']})")
            if self.params["wait"]:
                self.wait_gone(current["vpc_link_id"])
        return self.with_diff({"changed": True}, current, None)

    def wait_gone(self, vpc_link_id: str) -> None:
        deadline = self.clock() + self.params["wait_timeout"]
        while True:
            try:
                if get_vpc_link(self.client, vpc_link_id) is None:
                    return
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.fail(e, f"Failed to read VPC link {self.name} ({vpc_link_id})")
            if self.clock() >= deadline:
                self.module.fail_json(
                    msg=f"Timed out after {self.params['wait_timeout']} seconds waiting for VPC link {self.name} ({vpc_link_id}) to be deleted"
                )
            self.sleep(POLL_DELAY)

    def result(self, changed: bool, before: Optional[Dict[str, Any]], after: Dict[str, Any]) -> Dict[str, Any]:
        return self.with_diff({"changed": changed, "vpc_link": after}, before, after)

    def with_diff(self, answer: Dict[str, Any], before: Optional[Dict[str, Any]], after: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if self.module._diff:
            answer["diff"] = {"before": settings(before), "after": settings(after)}
        return answer


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    manager = VpcLinkManager(module, module.client("apigatewayv2", retry_decorator=retrying()))
    current = manager.find()
    if module.params["state"] == "present":
        result = manager.ensure_present(current)
    else:
        result = manager.ensure_absent(current)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
