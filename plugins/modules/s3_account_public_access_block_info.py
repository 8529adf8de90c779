#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: s3_account_public_access_block_info
version_added: 0.2.0
short_description: Read the account-level S3 Block Public Access settings
description:
  - Read the S3 Block Public Access configuration of an AWS account (S3 Control C(GetPublicAccessBlock)).
  - An account without a configuration blocks nothing; the module reports all four settings V(false).
author:
  - webstack.aws maintainers (@webstack)
options:
  account_id:
    description:
      - The 12-digit ID of the account to read.
      - Defaults to the account of the credentials in use (STS C(GetCallerIdentity)).
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Read the settings of the current account
  webstack.aws.s3_account_public_access_block_info:
  register: account_block

- name: Fail unless every public access is blocked
  ansible.builtin.assert:
    that:
      - account_block.public_access_block.block_public_acls
      - account_block.public_access_block.ignore_public_acls
      - account_block.public_access_block.block_public_policy
      - account_block.public_access_block.restrict_public_buckets
"""

RETURN = r"""
public_access_block:
  description:
    - The account's Block Public Access settings. Without a configuration every setting is V(false).
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

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying
from ansible_collections.webstack.aws.plugins.module_utils.s3control import account_id_errors
from ansible_collections.webstack.aws.plugins.module_utils.s3control import public_access_block_view
from ansible_collections.webstack.aws.plugins.module_utils.s3control import read_account_configuration

ARGUMENT_SPEC = dict(
    account_id=dict(type="str"),
)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    errors = account_id_errors(module.params["account_id"])
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("s3control", retry_decorator=retrying())
    account_id, configuration = read_account_configuration(module, client)
    module.exit_json(changed=False, public_access_block=public_access_block_view(account_id, configuration))


if __name__ == "__main__":
    main()
