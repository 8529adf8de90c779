#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: elasticache_replication_group_info
version_added: 0.3.0
short_description: Describe ElastiCache replication groups
description:
  - List one ElastiCache replication group, or every replication group of the Region, with its tags.
author:
  - webstack.aws maintainers (@webstack)
options:
  replication_group_id:
    description:
      - The identifier of the replication group to describe. When not set, every replication group of the Region.
      - A group that does not exist gives an empty list.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Read one replication group
  webstack.aws.elasticache_replication_group_info:
    replication_group_id: demo-prod
  register: cache

- name: Its primary endpoint
  ansible.builtin.debug:
    msg: "{{ cache.replication_groups[0].node_groups[0].primary_endpoint.address }}"

- name: Every replication group of the Region
  webstack.aws.elasticache_replication_group_info:
"""

RETURN = r"""
replication_groups:
  description:
    - The replication groups as DescribeReplicationGroups answers them, in snake_case, each with its tags as a dict.
    - The AUTH token is never returned (only C(auth_token_enabled)).
  returned: always
  type: list
  elements: dict
  contains:
    replication_group_id:
      description: The identifier.
      type: str
      returned: always
      sample: demo-prod
    arn:
      description: The ARN.
      type: str
      returned: always
      sample: arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:demo-prod
    status:
      description: The status.
      type: str
      returned: always
      sample: available
    member_clusters:
      description: The IDs of the member clusters.
      type: list
      elements: str
      returned: always
      sample: ["demo-prod-001", "demo-prod-002"]
    node_groups:
      description: The node groups (shards) with their endpoints and members.
      type: list
      elements: dict
      returned: always
    auth_token_enabled:
      description: Whether an AUTH token is set.
      type: bool
      returned: always
      sample: true
    tags:
      description: The tags of the group.
      type: dict
      returned: always
      sample: {"webstack:stack": "demo"}
"""

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.elasticache import describe_with_tags
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    replication_group_id=dict(type="str"),
)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    client = module.client("elasticache", retry_decorator=retrying())
    try:
        groups = describe_with_tags(client, module.params["replication_group_id"])
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to describe replication groups")
    module.exit_json(changed=False, replication_groups=groups)


if __name__ == "__main__":
    main()
