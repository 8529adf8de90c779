#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: inspector2_account_info
version_added: 0.2.0
short_description: Read the Amazon Inspector status of this account and region
description:
  - Read the Amazon Inspector (Inspector v2) status of the account the credentials belong to, in one region, that is
    the account's status and the status of scanning for each resource type.
  - Changes nothing; M(webstack.aws.inspector2_account) enables and disables scanning.
author:
  - webstack.aws maintainers (@webstack)
notes:
  - The account is the one C(sts:GetCallerIdentity) names.
  - Needs C(inspector2:BatchGetAccountStatus) and C(sts:GetCallerIdentity).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Read the Amazon Inspector status
  webstack.aws.inspector2_account_info:
  register: inspector

- name: Check that container images are scanned
  ansible.builtin.assert:
    that:
      - inspector.account.resource_state.ecr.status == "ENABLED"
"""

RETURN = r"""
account:
  description: The Amazon Inspector status of the account, as C(BatchGetAccountStatus) returns it, in snake_case.
  returned: always
  type: dict
  contains:
    account_id:
      description: The ID of the account.
      type: str
      returned: always
      sample: "123456789012"
    state:
      description: The status of Amazon Inspector for the account (C(ENABLED) while any resource type is scanned).
      type: dict
      returned: always
      contains:
        status:
          description: One of C(ENABLING), C(ENABLED), C(DISABLING), C(DISABLED), C(SUSPENDING), C(SUSPENDED).
          type: str
          returned: always
          sample: ENABLED
        error_code:
          description: The code AWS gives with the status.
          type: str
          returned: when AWS reports one
          sample: ACCESS_DENIED
        error_message:
          description: The message AWS gives with the status.
          type: str
          returned: when AWS reports one
          sample: Access denied
    resource_state:
      description:
        - The status of scanning per resource type, each a dict like RV(account.state).
        - The keys are V(ec2), V(ecr), V(lambda), V(lambda_code) and V(code_repository), and any other type AWS reports.
      type: dict
      returned: always
      sample:
        ec2: {"status": "DISABLED"}
        ecr: {"status": "ENABLED"}
        lambda: {"status": "ENABLED"}
        lambda_code: {"status": "DISABLED"}
        code_repository: {"status": "DISABLED"}
"""

from typing import Any
from typing import Dict

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.iam import get_aws_account_id
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.transformation import camel_dict_to_snake_dict
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC: Dict[str, Any] = {}


def account_state(module, client, account_id: str) -> Dict[str, Any]:
    """The account's AccountState, as BatchGetAccountStatus answers it."""
    try:
        response = client.batch_get_account_status(aws_retry=True, accountIds=[account_id])
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg=f"Failed to read the Amazon Inspector status of account {account_id}")
    for account in response.get("accounts") or []:
        if account.get("accountId") == account_id:
            return account
    failed = [f for f in response.get("failedAccounts") or [] if f.get("accountId") == account_id]
    reason = "; ".join(f"{f.get('errorCode')}: {f.get('errorMessage')}" for f in failed) or "the account is not in the answer"
    module.fail_json(msg=f"AWS did not report the Amazon Inspector status of account {account_id}: {reason}", failed_accounts=failed)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    account_id = get_aws_account_id(module)
    client = module.client("inspector2", retry_decorator=retrying())
    module.exit_json(changed=False, account=camel_dict_to_snake_dict(account_state(module, client, account_id)))


if __name__ == "__main__":
    main()
