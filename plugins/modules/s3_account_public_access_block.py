#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: s3_account_public_access_block
version_added: 0.2.0
short_description: Manage the account-level S3 Block Public Access settings
description:
  - Set, or remove, the S3 Block Public Access configuration of an AWS account (S3 Control
    C(PutPublicAccessBlock) and C(DeletePublicAccessBlock)). It applies to every bucket of the account,
    whatever the buckets' own settings say.
  - An account without a configuration blocks nothing; the module reads it as all four settings V(false).
    So O(state=present) with all four options V(false) on an account without a configuration changes nothing.
author:
  - webstack.aws maintainers (@webstack)
options:
  account_id:
    description:
      - The 12-digit ID of the account to configure.
      - Defaults to the account of the credentials in use (STS C(GetCallerIdentity)).
    type: str
  block_public_acls:
    description:
      - Refuse requests that add a public ACL to a bucket or an object.
    type: bool
    default: true
  ignore_public_acls:
    description:
      - Ignore every public ACL on the account's buckets and objects.
    type: bool
    default: true
  block_public_policy:
    description:
      - Refuse bucket policies that grant public access.
    type: bool
    default: true
  restrict_public_buckets:
    description:
      - Allow only AWS service principals and users of the account into buckets with a public policy.
    type: bool
    default: true
  state:
    description:
      - With V(present) the account's configuration holds the four settings.
      - With V(absent) the configuration is deleted, which turns every setting off.
    type: str
    default: present
    choices: ['present', 'absent']
notes:
  - In check mode the module reports what would change and changes nothing.
  - The settings are read back by S3 Control C(GetPublicAccessBlock); the answers can take a moment to reflect a change.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Block all public access to the buckets of the current account
  webstack.aws.s3_account_public_access_block:
  register: public_access_block

- name: Block new public ACLs and policies, but keep honouring existing ones, in another account
  webstack.aws.s3_account_public_access_block:
    account_id: "123456789012"
    block_public_acls: true
    ignore_public_acls: false
    block_public_policy: true
    restrict_public_buckets: false

- name: Remove the account-level configuration
  webstack.aws.s3_account_public_access_block:
    state: absent
"""

RETURN = r"""
public_access_block:
  description:
    - The account's Block Public Access settings after the module ran (in check mode, what they would be).
    - Without a configuration every setting is V(false).
  returned: always
  type: dict
  contains:
    account_id:
      description: The account the settings belong to.
      type: str
      returned: always
      sample: "123456789012"
    block_public_acls:
      description: Whether requests that add public ACLs are refused.
      type: bool
      returned: always
      sample: true
    ignore_public_acls:
      description: Whether public ACLs are ignored.
      type: bool
      returned: always
      sample: true
    block_public_policy:
      description: Whether public bucket policies are refused.
      type: bool
      returned: always
      sample: true
    restrict_public_buckets:
      description: Whether buckets with public policies are restricted to AWS services and the account.
      type: bool
      returned: always
      sample: true
"""

from typing import Any
from typing import Dict
from typing import List

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying
from ansible_collections.webstack.aws.plugins.module_utils.s3control import SETTINGS
from ansible_collections.webstack.aws.plugins.module_utils.s3control import account_id_errors
from ansible_collections.webstack.aws.plugins.module_utils.s3control import public_access_block_view
from ansible_collections.webstack.aws.plugins.module_utils.s3control import read_account_configuration

ARGUMENT_SPEC = dict(
    account_id=dict(type="str"),
    block_public_acls=dict(type="bool", default=True),
    ignore_public_acls=dict(type="bool", default=True),
    block_public_policy=dict(type="bool", default=True),
    restrict_public_buckets=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the options, before any AWS call."""
    return account_id_errors(params.get("account_id"))


def desired_configuration(params: Dict[str, Any]) -> Dict[str, bool]:
    """The PublicAccessBlockConfiguration the options ask for (all four members, always)."""
    return {member: params[option] for option, member in SETTINGS}


def plan(state: str, current: Dict[str, Any], exists: bool, desired: Dict[str, Any]) -> Dict[str, Any]:
    """What to do: ``{"action": None | "put" | "delete", "after": view}``; current and desired are views."""
    if state == "absent":
        after = public_access_block_view(current["account_id"], None)
        return {"action": "delete" if exists else None, "after": after}
    return {"action": "put" if desired != current else None, "after": desired}


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("s3control", retry_decorator=retrying())
    account_id, configuration = read_account_configuration(module, client)
    before = public_access_block_view(account_id, configuration)
    desired = desired_configuration(module.params)
    todo = plan(module.params["state"], before, configuration is not None, public_access_block_view(account_id, desired))

    if todo["action"] and not module.check_mode:
        try:
            if todo["action"] == "put":
                client.put_public_access_block(aws_retry=True, AccountId=account_id, PublicAccessBlockConfiguration=desired)
            else:
                client.delete_public_access_block(aws_retry=True, AccountId=account_id)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            module.fail_json_aws(e, msg=f"Failed to {todo['action']} the S3 Block Public Access configuration of account_id {account_id}")

    result: Dict[str, Any] = {"changed": bool(todo["action"]), "public_access_block": todo["after"]}
    if module._diff:
        result["diff"] = {"before": before, "after": todo["after"]}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
