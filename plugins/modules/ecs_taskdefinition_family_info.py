#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ecs_taskdefinition_family_info
version_added: 0.9.0
short_description: List the revisions of an ECS task definition family
description:
  - Lists the task definition ARNs of one family (C(ListTaskDefinitions), every page), oldest revision first, keeping
    only the family named exactly (the API matches a prefix, so C(web) would also list C(web-worker)).
  - community.aws M(community.aws.ecs_taskdefinition_info) reads one revision; a teardown or a clean-up of old
    revisions needs all of them.
author:
  - webstack.aws maintainers (@webstack)
options:
  family:
    description:
      - The task definition family.
    type: str
    required: true
  status:
    description:
      - Only revisions in this state. AWS keeps deregistered (INACTIVE) revisions listed for a while.
    type: str
    choices: [ACTIVE, INACTIVE]
    default: ACTIVE
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Find every active revision of the family
  webstack.aws.ecs_taskdefinition_family_info:
    family: demo-prod-web
  register: web_revisions

- name: Deregister them
  community.aws.ecs_taskdefinition:
    arn: "{{ item }}"
    containers: []
    state: absent
  loop: "{{ web_revisions.task_definition_arns }}"
"""

RETURN = r"""
task_definition_arns:
  description: The ARNs of the family's revisions in the state asked for, oldest first.
  returned: always
  type: list
  elements: str
  sample: ["arn:aws:ecs:eu-west-1:123456789012:task-definition/demo-prod-web:3"]
revisions:
  description: The revision numbers, in the same order.
  returned: always
  type: list
  elements: int
  sample: [3, 4]
"""

from typing import Any

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying


def revisions(client: Any, family: str, status: str) -> list[str]:
    """The family's task definition ARNs in that state, oldest revision first; prefix matches of other families left out."""
    paginator = client.get_paginator("list_task_definitions")
    arns = paginator.paginate(familyPrefix=family, status=status, sort="ASC").build_full_result()["taskDefinitionArns"]
    mine = [arn for arn in arns if arn.rsplit("/", 1)[-1].rsplit(":", 1)[0] == family]
    return sorted(mine, key=lambda arn: int(arn.rsplit(":", 1)[1]))


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec={"family": {"type": "str", "required": True}, "status": {"type": "str", "choices": ["ACTIVE", "INACTIVE"], "default": "ACTIVE"}},
        supports_check_mode=True,
    )
    client = module.client("ecs", retry_decorator=retrying())
    try:
        arns = revisions(client, module.params["family"], module.params["status"])
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the revisions of {module.params['family']}")
    module.exit_json(changed=False, task_definition_arns=arns, revisions=[int(arn.rsplit(":", 1)[1]) for arn in arns])


if __name__ == "__main__":
    main()
