#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iam_account_password_policy_info
version_added: 0.2.0
short_description: Read the IAM password policy of an AWS account
description:
  - Read the password policy that applies to the console passwords of every IAM user of the account
    (IAM C(GetAccountPasswordPolicy)).
  - An account without a password policy is not an error; the module reports RV(exists=false) and the policy as V({}).
author:
  - webstack.aws maintainers (@webstack)
notes:
  - IAM is a global service; the region only chooses the endpoint the call goes to.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Read the account's password policy
  webstack.aws.iam_account_password_policy_info:
  register: account_password_policy

- name: Fail unless passwords are long, expire, and cannot be reused
  ansible.builtin.assert:
    that:
      - account_password_policy.exists
      - account_password_policy.password_policy.minimum_password_length >= 14
      - account_password_policy.password_policy.expire_passwords
      - account_password_policy.password_policy.password_reuse_prevention | default(0) >= 24
"""

RETURN = r"""
exists:
  description: Whether the account has a password policy.
  returned: always
  type: bool
  sample: true
password_policy:
  description:
    - The account's password policy as C(GetAccountPasswordPolicy) answers it, in snake_case.
    - V({}) when the account has no password policy.
  returned: always
  type: dict
  contains:
    minimum_password_length:
      description: The minimum number of characters of a password.
      type: int
      returned: when a policy exists
      sample: 14
    require_symbols:
      description: Whether a password needs a non-alphanumeric character.
      type: bool
      returned: when a policy exists
      sample: true
    require_numbers:
      description: Whether a password needs a digit.
      type: bool
      returned: when a policy exists
      sample: true
    require_uppercase_characters:
      description: Whether a password needs an uppercase letter.
      type: bool
      returned: when a policy exists
      sample: true
    require_lowercase_characters:
      description: Whether a password needs a lowercase letter.
      type: bool
      returned: when a policy exists
      sample: true
    allow_users_to_change_password:
      description: Whether users may change their own password.
      type: bool
      returned: when a policy exists
      sample: true
    expire_passwords:
      description: Whether passwords expire (V(true) when RV(password_policy.max_password_age) is set).
      type: bool
      returned: when a policy exists
      sample: true
    max_password_age:
      description: How many days a password is valid.
      type: int
      returned: when passwords expire
      sample: 90
    password_reuse_prevention:
      description: How many previous passwords a user cannot reuse.
      type: int
      returned: when reuse is prevented
      sample: 24
    hard_expiry:
      description: Whether users with an expired password are kept out of the console until an administrator resets it.
      type: bool
      returned: when IAM reports it
      sample: false
"""

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying


def main() -> None:
    module = AnsibleAWSModule(argument_spec={}, supports_check_mode=True)
    client = module.client("iam", retry_decorator=retrying())
    try:
        policy = client.get_account_password_policy(aws_retry=True)["PasswordPolicy"]
    except is_boto3_error_code("NoSuchEntity"):
        module.exit_json(changed=False, exists=False, password_policy={})
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg="Failed to read the account password policy")
    module.exit_json(changed=False, exists=True, password_policy=camel_dict_to_snake_dict(policy))


if __name__ == "__main__":
    main()
