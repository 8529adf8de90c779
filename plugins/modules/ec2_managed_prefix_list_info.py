#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ec2_managed_prefix_list_info
version_added: 0.9.0
short_description: Find managed prefix lists by name, such as CloudFront's origin-facing list
description:
  - Read the managed prefix lists of the Region (C(DescribeManagedPrefixLists), every page), AWS-managed ones
    included, optionally only those with the given names.
  - A security group rule names a prefix list by its ID; the ID of an AWS-managed list differs between Regions,
    so roles look it up by name, for example V(com.amazonaws.global.cloudfront.origin-facing) to let only
    CloudFront reach a load balancer.
author:
  - webstack.aws maintainers (@webstack)
options:
  names:
    description:
      - Only the prefix lists with these names. Every prefix list of the Region when empty.
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

- name: Find CloudFront's origin-facing prefix list
  webstack.aws.ec2_managed_prefix_list_info:
    names: [com.amazonaws.global.cloudfront.origin-facing]
  register: cloudfront_prefix_list

- name: Let only CloudFront reach the load balancer
  amazon.aws.ec2_security_group:
    name: web-alb
    description: CloudFront to the load balancer
    vpc_id: vpc-0123456789abcdef0
    rules:
      - proto: tcp
        ports: [443]
        ip_prefix: "{{ cloudfront_prefix_list.prefix_lists[0].prefix_list_id }}"
"""

RETURN = r"""
prefix_lists:
  description: The prefix lists found, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    prefix_list_id:
      description: The ID a security group rule names.
      type: str
      returned: always
      sample: pl-4fa04526
    prefix_list_name:
      description: The name.
      type: str
      returned: always
      sample: com.amazonaws.global.cloudfront.origin-facing
    prefix_list_arn:
      description: The ARN.
      type: str
      returned: always
      sample: arn:aws:ec2:eu-west-1:aws:prefix-list/pl-4fa04526
    owner_id:
      description: The owner, V(AWS) for AWS-managed lists.
      type: str
      returned: always
      sample: AWS
    address_family:
      description: V(IPv4) or V(IPv6).
      type: str
      returned: always
      sample: IPv4
    max_entries:
      description: How many rules a security group rule naming the list counts as, against the group's quota.
      type: int
      returned: always
      sample: 55
    state:
      description: The list's state.
      type: str
      returned: always
      sample: create-complete
    tags:
      description: The list's tags.
      type: dict
      returned: always
      sample: {}
"""

from typing import Any

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying


def describe(client: Any, names: list[str]) -> list[dict[str, Any]]:
    """Every prefix list with one of the names (all of them without names), snake_cased and sorted by name."""
    filters = [{"Name": "prefix-list-name", "Values": names}] if names else []
    paginator = client.get_paginator("describe_managed_prefix_lists")
    found = []
    for page in paginator.paginate(Filters=filters).build_full_result()["PrefixLists"]:
        found.append(
            {
                "prefix_list_id": page["PrefixListId"],
                "prefix_list_name": page.get("PrefixListName", ""),
                "prefix_list_arn": page.get("PrefixListArn", ""),
                "owner_id": page.get("OwnerId", ""),
                "address_family": page.get("AddressFamily", ""),
                "max_entries": page.get("MaxEntries", 0),
                "state": page.get("State", ""),
                "tags": boto3_tag_list_to_ansible_dict(page.get("Tags", [])),
            }
        )
    return sorted(found, key=lambda entry: entry["prefix_list_name"])


def main() -> None:
    module = AnsibleAWSModule(argument_spec={"names": {"type": "list", "elements": "str", "default": []}}, supports_check_mode=True)
    client = module.client("ec2", retry_decorator=retrying())
    try:
        prefix_lists = describe(client, module.params["names"])
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to describe the managed prefix lists")
    module.exit_json(changed=False, prefix_lists=prefix_lists)


if __name__ == "__main__":
    main()
