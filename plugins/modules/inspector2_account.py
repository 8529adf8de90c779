#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: inspector2_account
version_added: 0.2.0
short_description: Enable or disable Amazon Inspector scanning in this account and region
description:
  - Enable or disable Amazon Inspector (Inspector v2) scanning of some resource types for the account the credentials
    belong to, in one region.
  - With O(state=enabled) each type in O(resource_types) ends up C(ENABLED); with O(state=disabled) each ends up
    C(DISABLED). Resource types not listed are left as they are.
  - The module reads the account's status with C(BatchGetAccountStatus) and calls C(Enable) or C(Disable) only for the
    listed types whose status differs, so a run with nothing to change makes no change.
  - Disabling every resource type disables Amazon Inspector for the account.
author:
  - webstack.aws maintainers (@webstack)
options:
  resource_types:
    description:
      - The resource types whose scanning O(state) applies to.
      - V(EC2) (instances), V(ECR) (container images), V(LAMBDA) (function packages), V(LAMBDA_CODE) (function code)
        and V(CODE_REPOSITORY) (code repositories).
    required: true
    type: list
    elements: str
    choices: ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE', 'CODE_REPOSITORY']
  state:
    description:
      - Whether scanning of O(resource_types) should be enabled or disabled.
    default: enabled
    choices: ['enabled', 'disabled']
    type: str
  wait:
    description:
      - Wait until each type in O(resource_types) is C(ENABLED) (from C(ENABLING)) or C(DISABLED) (from C(DISABLING)).
      - A type that is C(SUSPENDING) or C(SUSPENDED) fails the module, waiting or not.
    default: true
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true). When the time is up, the module fails, naming each type not yet
        in the wanted status with its status and the error AWS reports for it.
    default: 300
    type: int
notes:
  - The account is the one C(sts:GetCallerIdentity) names; the module never enables or disables other accounts of an
    organization.
  - In check mode the module reports what would change and changes nothing; RV(account) is the status as it is.
  - Needs C(inspector2:BatchGetAccountStatus), C(inspector2:Enable), C(inspector2:Disable) and
    C(sts:GetCallerIdentity); enabling also needs the permission to create Amazon Inspector's service-linked role.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Scan container images and Lambda functions
  webstack.aws.inspector2_account:
    resource_types:
      - ECR
      - LAMBDA
  register: inspector

- name: Stop scanning EC2 instances, leaving the other types as they are
  webstack.aws.inspector2_account:
    resource_types:
      - EC2
    state: disabled

- name: Start scanning Lambda code without waiting for it to be enabled
  webstack.aws.inspector2_account:
    resource_types:
      - LAMBDA_CODE
    wait: false
"""

RETURN = r"""
account:
  description:
    - The Amazon Inspector status of the account, as C(BatchGetAccountStatus) returns it, in snake_case.
    - In check mode, the status before any change.
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
        - The keys are V(ec2), V(ecr), V(lambda), V(lambda_code) and V(code_repository) (for V(EC2), V(ECR), V(LAMBDA),
          V(LAMBDA_CODE) and V(CODE_REPOSITORY)), and any other type AWS reports.
      type: dict
      returned: always
      sample:
        ec2: {"status": "DISABLED"}
        ecr: {"status": "ENABLED"}
        lambda: {"status": "ENABLED"}
        lambda_code: {"status": "DISABLED"}
        code_repository: {"status": "DISABLED"}
"""

import time
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.iam import get_aws_account_id
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.transformation import camel_dict_to_snake_dict
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

# ResourceScanType -> its key in the API's ResourceState and ResourceStatus.
RESOURCE_KEYS = {"EC2": "ec2", "ECR": "ecr", "LAMBDA": "lambda", "LAMBDA_CODE": "lambdaCode", "CODE_REPOSITORY": "codeRepository"}

ARGUMENT_SPEC = dict(
    resource_types=dict(type="list", elements="str", required=True, choices=list(RESOURCE_KEYS)),
    state=dict(type="str", default="enabled", choices=["enabled", "disabled"]),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
)

# state -> (the status each listed type ends in, the status on the way there).
TARGETS = {"enabled": ("ENABLED", "ENABLING"), "disabled": ("DISABLED", "DISABLING")}
SUSPENDED = ("SUSPENDING", "SUSPENDED")  # the account is suspended: no Enable or Disable changes that

POLL_DELAY = 5  # seconds between BatchGetAccountStatus polls


def validate_params(params: Dict[str, Any]) -> List[str]:
    """What is wrong with the options, before any AWS call."""
    errors = []
    if not params["resource_types"]:
        errors.append(f"resource_types must name at least one of {', '.join(RESOURCE_KEYS)}")
    if params["wait_timeout"] < 0:
        errors.append(f"wait_timeout must be 0 or more seconds, not {params['wait_timeout']}")
    return errors


def wanted_types(resource_types: List[str]) -> List[str]:
    """The listed types, each once, in the order given."""
    return list(dict.fromkeys(resource_types))


def resource_statuses(account: Dict[str, Any]) -> Dict[str, Optional[str]]:
    """ResourceScanType -> its status in an AccountState (None when AWS does not report the type)."""
    state = account.get("resourceState") or {}
    return {scan_type: (state.get(key) or {}).get("status") for scan_type, key in RESOURCE_KEYS.items()}


def settled(status: Optional[str], state: str) -> bool:
    """Whether a type with this status needs nothing more for state (a type AWS does not report is not scanned)."""
    return status == TARGETS[state][0] or (status is None and state == "disabled")


def types_to_change(statuses: Dict[str, Optional[str]], resource_types: List[str], state: str) -> List[str]:
    """The listed types for Enable or Disable: neither in the wanted status nor on the way to it."""
    return [t for t in wanted_types(resource_types) if not settled(statuses.get(t), state) and statuses.get(t) != TARGETS[state][1]]


def progress(statuses: Dict[str, Optional[str]], resource_types: List[str], state: str) -> Tuple[List[str], List[str]]:
    """(suspended, pending): the listed types that cannot get there, and those not there yet."""
    suspended = [t for t in wanted_types(resource_types) if statuses.get(t) in SUSPENDED]
    pending = [t for t in wanted_types(resource_types) if not settled(statuses.get(t), state) and t not in suspended]
    return suspended, pending


def statuses_view(statuses: Dict[str, Optional[str]]) -> Dict[str, str]:
    """The diff's view: ResourceScanType -> status, for the types AWS reports."""
    return {scan_type: status for scan_type, status in statuses.items() if status is not None}


def predicted_statuses(statuses: Dict[str, Optional[str]], changes: List[str], state: str) -> Dict[str, Optional[str]]:
    return {scan_type: (TARGETS[state][0] if scan_type in changes else status) for scan_type, status in statuses.items()}


def describe_types(account: Dict[str, Any], resource_types: List[str]) -> str:
    """'EC2 is SUSPENDED (ACCESS_DENIED: ...), ECR is ENABLING' for the message of a failure."""
    state = account.get("resourceState") or {}
    parts = []
    for scan_type in resource_types:
        type_state = state.get(RESOURCE_KEYS[scan_type]) or {}
        error = ": ".join(str(type_state[k]) for k in ("errorCode", "errorMessage") if type_state.get(k))
        parts.append(f"{scan_type} is {type_state.get('status') or 'not reported'}" + (f" ({error})" if error else ""))
    return ", ".join(parts)


def failed_accounts_message(failed: List[Dict[str, Any]]) -> str:
    return "; ".join(f"{f.get('accountId')}: {f.get('errorCode')}: {f.get('errorMessage')}" for f in failed)


class InspectorAccount:
    """Brings Amazon Inspector scanning of the caller's account to the state the module's options describe."""

    def __init__(self, module, client, account_id: str, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.module = module
        self.client = client
        self.account_id = account_id
        self.params = module.params
        self._sleep = sleep
        self._clock = clock

    def read(self) -> Dict[str, Any]:
        """The account's AccountState, as BatchGetAccountStatus answers it."""
        try:
            response = self.client.batch_get_account_status(aws_retry=True, accountIds=[self.account_id])
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to read the Amazon Inspector status of account {self.account_id}")
        for account in response.get("accounts") or []:
            if account.get("accountId") == self.account_id:
                return account
        failed = [f for f in response.get("failedAccounts") or [] if f.get("accountId") == self.account_id]
        reason = failed_accounts_message(failed) if failed else "the account is not in the answer"
        self.module.fail_json(msg=f"AWS did not report the Amazon Inspector status of account {self.account_id}: {reason}", failed_accounts=failed)

    def change(self, resource_types: List[str], state: str) -> None:
        """Enable or Disable scanning of resource_types for the caller's own account (no accountIds)."""
        verb = "enable" if state == "enabled" else "disable"
        try:
            response = getattr(self.client, verb)(aws_retry=True, resourceTypes=resource_types)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to {verb} Amazon Inspector scanning of {', '.join(resource_types)}")
        failed = response.get("failedAccounts") or []
        if failed:
            self.module.fail_json(
                msg=f"AWS did not {verb} Amazon Inspector scanning of {', '.join(resource_types)}: {failed_accounts_message(failed)}",
                failed_accounts=failed,
            )

    def ensure(self) -> Dict[str, Any]:
        resource_types, state = self.params["resource_types"], self.params["state"]
        current = self.read()
        statuses = resource_statuses(current)
        changes = types_to_change(statuses, resource_types, state)
        if self.module.check_mode:
            after = predicted_statuses(statuses, changes, state)
            return {"changed": bool(changes), "account": current, "diff": {"before": statuses_view(statuses), "after": statuses_view(after)}}

        if changes:
            self.change(changes, state)
        account = current
        if self.params["wait"] and (changes or progress(statuses, resource_types, state)[1]):
            account = self.await_state(resource_types, state)
        elif changes:
            account = self.read()
        self.fail_if_suspended(account, resource_types, state)
        return {"changed": bool(changes), "account": account, "diff": {"before": statuses_view(statuses), "after": statuses_view(resource_statuses(account))}}

    def fail_if_suspended(self, account: Dict[str, Any], resource_types: List[str], state: str) -> None:
        suspended = progress(resource_statuses(account), resource_types, state)[0]
        if suspended:
            self.module.fail_json(
                msg=f"Amazon Inspector scanning cannot become {TARGETS[state][0]}: {describe_types(account, suspended)}",
                account=camel_dict_to_snake_dict(account),
            )

    def await_state(self, resource_types: List[str], state: str) -> Dict[str, Any]:
        """Poll BatchGetAccountStatus until every listed type is in the wanted status; fail on a suspended type or on timeout."""
        deadline = self._clock() + self.params["wait_timeout"]
        while True:
            account = self.read()
            self.fail_if_suspended(account, resource_types, state)
            pending = progress(resource_statuses(account), resource_types, state)[1]
            if not pending:
                return account
            if self._clock() >= deadline:
                self.module.fail_json(
                    msg=(
                        f"Timed out after {self.params['wait_timeout']}s waiting for Amazon Inspector scanning to be {TARGETS[state][0]}: "
                        f"{describe_types(account, pending)}"
                    ),
                    account=camel_dict_to_snake_dict(account),
                )
            self._sleep(POLL_DELAY)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    account_id = get_aws_account_id(module)
    client = module.client("inspector2", retry_decorator=retrying())
    result = InspectorAccount(module, client, account_id).ensure()
    result["account"] = camel_dict_to_snake_dict(result["account"])
    module.exit_json(**result)


if __name__ == "__main__":
    main()
