#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cost_allocation_tags_info
version_added: 0.2.0
short_description: List cost allocation tags
description:
  - List the tag keys AWS knows for cost allocation, with their type and status, optionally only some keys,
    one status or one type.
  - All the criteria given must hold (they are combined with AND).
  - AWS knows a user-defined tag key once it has been applied to a resource and has appeared in the billing data,
    up to 24 hours later.
author:
  - webstack.aws maintainers (@webstack)
options:
  tag_keys:
    description:
      - Only these tag keys. A key AWS does not know is not an error; it is simply not listed.
      - An empty list lists every key.
    type: list
    elements: str
  status:
    description:
      - Only the keys with this cost allocation status.
    choices: ['Active', 'Inactive']
    type: str
  type:
    description:
      - Only the keys of this type, AWS-generated (such as V(aws:createdBy)) or user-defined.
    choices: ['AWSGenerated', 'UserDefined']
    type: str
notes:
  - Cost allocation tags belong to the account, not to a region. Only the management account of an organization,
    or an account outside any organization, may read them.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: List every cost allocation tag
  webstack.aws.cost_allocation_tags_info:
  register: all_cost_tags

- name: List the user-defined tags that are not active yet
  webstack.aws.cost_allocation_tags_info:
    status: Inactive
    type: UserDefined
  register: inactive_cost_tags

- name: Read the status of the stack's tags
  webstack.aws.cost_allocation_tags_info:
    tag_keys:
      - webstack:stack
      - webstack:environment
"""

RETURN = r"""
tags:
  description: The cost allocation tags found, as ListCostAllocationTags returns them, ordered by key.
  returned: always
  type: list
  elements: dict
  contains:
    key:
      description: The tag key.
      type: str
      returned: always
      sample: webstack:stack
    type:
      description: Whether the key is user-defined (C(UserDefined)) or AWS-generated (C(AWSGenerated)).
      type: str
      returned: always
      sample: UserDefined
    status:
      description: The cost allocation status of the key, C(Active) or C(Inactive).
      type: str
      returned: always
      sample: Active
    last_updated_date:
      description: When the key was last activated or deactivated (ISO 8601).
      type: str
      returned: when the status was ever changed
      sample: "2025-01-15T10:00:00Z"
    last_used_date:
      description: The last month the key was used on a resource (ISO 8601).
      type: str
      returned: when AWS reports it
      sample: "2025-01-01T00:00:00Z"
"""

from typing import Any
from typing import Dict
from typing import List

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.cost_explorer import LIST_FILTER_SIZE
from ansible_collections.webstack.aws.plugins.module_utils.cost_explorer import THROTTLING_CODES
from ansible_collections.webstack.aws.plugins.module_utils.cost_explorer import list_cost_allocation_tags
from ansible_collections.webstack.aws.plugins.module_utils.cost_explorer import tag_view
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    tag_keys=dict(type="list", elements="str", no_log=False),
    status=dict(type="str", choices=["Active", "Inactive"]),
    type=dict(type="str", choices=["AWSGenerated", "UserDefined"]),
)


def list_requests(params: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The ListCostAllocationTags requests for the options: one per 100 keys, or one for every key."""
    filters = {name: params[option] for option, name in (("status", "Status"), ("type", "Type")) if params.get(option)}
    keys = list(dict.fromkeys(params.get("tag_keys") or []))
    if not keys:
        return [filters]
    return [dict(filters, TagKeys=keys[start : start + LIST_FILTER_SIZE]) for start in range(0, len(keys), LIST_FILTER_SIZE)]


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    client = module.client("ce", retry_decorator=retrying(THROTTLING_CODES))
    try:
        found = list_cost_allocation_tags(client, list_requests(module.params))
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to list cost allocation tags")
    module.exit_json(changed=False, tags=[tag_view(found[key]) for key in sorted(found)])


if __name__ == "__main__":
    main()
