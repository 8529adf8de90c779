#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: tagged_resources_info
version_added: 0.2.0
short_description: List the resources of a Region that carry some tags
description:
  - List the resources of the Region, of every service the Resource Groups Tagging API covers, that carry the tags
    O(tags), optionally only those of some resource types.
  - Reads every page of the Resource Groups Tagging API C(GetResources) answer.
  - The Resource Groups Tagging API lists a resource that is tagged, or was tagged once. Global CloudFront resources
    are listed in C(us-east-1) only, and an S3 bucket in its own Region only.
author:
  - webstack.aws maintainers (@webstack)
options:
  tags:
    description:
      - The tags a resource must carry, as a dict of tag key to tag value.
      - A value may be a list of values; the resource then carries the key with any one of them. An empty list
        means the key with any value.
      - A resource must carry every key given (the keys are combined with AND).
      - At most 50 keys and 20 values a key; a key has 1 to 128 characters, a value at most 256.
      - When empty, every tagged resource of the Region (and of O(resource_type_filters)) is listed.
    type: dict
    default: {}
  resource_type_filters:
    description:
      - Only resources of these types, each in the form C(service[:resourcetype]) where both parts are as the resource's
        ARN embeds them, for example V(elasticloadbalancing:loadbalancer), V(rds:db), V(logs:log-group),
        V(wafv2:regional/webacl), or a whole service such as V(sqs).
      - At most 100 types.
    type: list
    elements: str
    default: []
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: List every resource of one stack and environment
  webstack.aws.tagged_resources_info:
    tags:
      webstack:stack: demo
      webstack:environment: local
  register: stack_resources

- name: List the stack's load balancers, databases and log groups
  webstack.aws.tagged_resources_info:
    tags:
      webstack:stack: demo
    resource_type_filters:
      - elasticloadbalancing:loadbalancer
      - rds:db
      - logs:log-group
  register: monitored

- name: List the queues of two environments
  webstack.aws.tagged_resources_info:
    tags:
      webstack:environment: [staging, prod]
    resource_type_filters: [sqs]
"""

RETURN = r"""
resources:
  description: The resources found, sorted by ARN.
  returned: always
  type: list
  elements: dict
  contains:
    resource_arn:
      description: The ARN of the resource.
      type: str
      returned: always
      sample: arn:aws:rds:eu-west-1:123456789012:db:demo-local
    tags:
      description: Every tag of the resource, keys as they are.
      type: dict
      returned: always
      sample: {"webstack:stack": "demo", "webstack:environment": "local"}
"""

import re
from typing import Any
from typing import Dict
from typing import List

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    tags=dict(type="dict", default={}),
    resource_type_filters=dict(type="list", elements="str", default=[]),
)

# Limits of GetResources (botocore's service model and the API reference).
MAX_TAG_KEYS = 50
MAX_TAG_VALUES = 20
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256
MAX_TYPE_FILTERS = 100
MAX_TYPE_LENGTH = 256
RESOURCE_TYPE = re.compile(r"^[a-z0-9-]+(:[A-Za-z0-9][A-Za-z0-9._/-]*)?$")


def tag_values(value: Any) -> List[Any]:
    return value if isinstance(value, list) else [value]


def tag_errors(tags: Dict[Any, Any]) -> List[str]:
    """What is wrong with the tags option (nothing: [])."""
    errors = []
    if len(tags) > MAX_TAG_KEYS:
        errors.append(f"tags: at most {MAX_TAG_KEYS} keys are allowed, got {len(tags)}.")
    for key, value in tags.items():
        if not isinstance(key, str) or not 1 <= len(key) <= MAX_KEY_LENGTH:
            errors.append(f"tags: a key must be a string of 1 to {MAX_KEY_LENGTH} characters, got {key!r}.")
        values = tag_values(value)
        if not all(isinstance(v, str) for v in values):
            errors.append(f"tags[{key!r}]: the value must be a string or a list of strings, got {value!r}.")
        elif any(len(v) > MAX_VALUE_LENGTH for v in values):
            errors.append(f"tags[{key!r}]: a value may have at most {MAX_VALUE_LENGTH} characters.")
        elif len(values) > MAX_TAG_VALUES:
            errors.append(f"tags[{key!r}]: at most {MAX_TAG_VALUES} values a key are allowed, got {len(values)}.")
    return errors


def type_filter_errors(type_filters: List[str]) -> List[str]:
    """What is wrong with the resource_type_filters option (nothing: [])."""
    errors = []
    if len(type_filters) > MAX_TYPE_FILTERS:
        errors.append(f"resource_type_filters: at most {MAX_TYPE_FILTERS} types are allowed, got {len(type_filters)}.")
    errors.extend(
        f"resource_type_filters: {type_filter!r} is not of the form service[:resourcetype] (for example rds:db, logs:log-group or sqs)."
        for type_filter in type_filters
        if len(type_filter) > MAX_TYPE_LENGTH or not RESOURCE_TYPE.match(type_filter)
    )
    return errors


def validate_params(params: Dict[str, Any]) -> List[str]:
    return tag_errors(params["tags"]) + type_filter_errors(params["resource_type_filters"])


def build_request(params: Dict[str, Any]) -> Dict[str, Any]:
    """GetResources parameters (without the page token) for the module's options."""
    request: Dict[str, Any] = {}
    if params["tags"]:
        request["TagFilters"] = [{"Key": key, "Values": tag_values(value)} for key, value in params["tags"].items()]
    if params["resource_type_filters"]:
        request["ResourceTypeFilters"] = list(params["resource_type_filters"])
    return request


def get_all_resources(client: Any, request: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Every ResourceTagMappingList entry of every page, following PaginationToken until AWS answers none."""
    mappings: List[Dict[str, Any]] = []
    token = ""
    while True:
        page = client.get_resources(aws_retry=True, **request, **({"PaginationToken": token} if token else {}))
        mappings.extend(page.get("ResourceTagMappingList", []))
        token = page.get("PaginationToken")
        if not token:
            return mappings


def resources_view(mappings: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The returned resources: snake_case, tags as a dict, sorted by ARN, each ARN once."""
    by_arn = {m["ResourceARN"]: boto3_tag_list_to_ansible_dict(m.get("Tags", [])) for m in mappings}
    return [{"resource_arn": arn, "tags": by_arn[arn]} for arn in sorted(by_arn)]


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("resourcegroupstaggingapi", retry_decorator=retrying())
    try:
        mappings = get_all_resources(client, build_request(module.params))
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to list tagged resources")
    module.exit_json(changed=False, resources=resources_view(mappings))


if __name__ == "__main__":
    main()
