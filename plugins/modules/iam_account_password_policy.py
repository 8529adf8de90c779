#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iam_account_password_policy
version_added: 0.2.0
short_description: Manage the IAM password policy of an AWS account
description:
  - Set, or remove, the password policy that applies to the console passwords of every IAM user of the account
    (IAM C(UpdateAccountPasswordPolicy) and C(DeleteAccountPasswordPolicy)).
  - The module reads the policy first (C(GetAccountPasswordPolicy)) and updates it only when a setting differs, so a
    converged account sees no change and no call that changes anything. It deletes the policy only when one exists.
  - The options and their aliases are those of M(amazon.aws.iam_password_policy), so a task can switch modules by its
    name alone; the defaults differ (they follow the CIS AWS Foundations Benchmark) and O(state) is not required.
  - Without a policy, IAM applies its own default rules; the module reports the policy as V({}).
author:
  - webstack.aws maintainers (@webstack)
options:
  state:
    description:
      - With V(present) the account's password policy holds the settings of the other options.
      - With V(absent) the account's password policy is deleted, and IAM applies its default rules.
    type: str
    default: present
    choices: ['present', 'absent']
  min_pw_length:
    description:
      - The minimum number of characters of a password, from 6 to 128.
    type: int
    default: 14
    aliases: ['minimum_password_length']
  require_symbols:
    description:
      - Require at least one of the non-alphanumeric characters IAM accepts, for example V(!), V(%) or V(&).
    type: bool
    default: true
  require_numbers:
    description:
      - Require at least one digit (0 to 9).
    type: bool
    default: true
  require_uppercase:
    description:
      - Require at least one uppercase letter (A to Z).
    type: bool
    default: true
  require_lowercase:
    description:
      - Require at least one lowercase letter (a to z).
    type: bool
    default: true
  allow_pw_change:
    description:
      - Allow every IAM user to change their own password in the console.
    type: bool
    default: true
    aliases: ['allow_password_change']
  pw_max_age:
    description:
      - How many days a password is valid, from 1 to 1095.
      - V(0) means passwords never expire.
    type: int
    default: 90
    aliases: ['password_max_age']
  pw_reuse_prevent:
    description:
      - How many previous passwords a user cannot reuse, from 1 to 24.
      - V(0) means a user may reuse any previous password.
    type: int
    default: 24
    aliases: ['password_reuse_prevent', 'prevent_reuse']
  pw_expire:
    description:
      - Prevent users from setting a new password in the console once theirs has expired (IAM C(HardExpiry));
        an administrator must then reset it.
      - Only takes effect when passwords expire (O(pw_max_age) above V(0)).
    type: bool
    default: false
    aliases: ['password_expire', 'expire']
notes:
  - In check mode the module reports what would change and changes nothing.
  - IAM is a global service; the region only chooses the endpoint the calls go to.
  - Unlike M(amazon.aws.iam_password_policy), a run that changes nothing makes no C(UpdateAccountPasswordPolicy) call,
    and O(state=absent) on an account without a policy reports no change.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Apply the default policy (14 characters, all character classes, 90 days, no reuse of the last 24)
  webstack.aws.iam_account_password_policy:
  register: password_policy

- name: A longer minimum length, passwords that never expire, and no reuse of the last 5
  webstack.aws.iam_account_password_policy:
    min_pw_length: 20
    pw_max_age: 0
    pw_reuse_prevent: 5

- name: Expire passwords after 60 days and lock users out of the console until an administrator resets them
  webstack.aws.iam_account_password_policy:
    password_max_age: 60
    password_expire: true

- name: Remove the account's password policy
  webstack.aws.iam_account_password_policy:
    state: absent
"""

RETURN = r"""
password_policy:
  description:
    - The account's password policy after the module ran (in check mode, what it would be), as
      C(GetAccountPasswordPolicy) answers it, in snake_case.
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

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    state=dict(type="str", default="present", choices=["present", "absent"]),
    min_pw_length=dict(type="int", default=14, aliases=["minimum_password_length"]),
    require_symbols=dict(type="bool", default=True),
    require_numbers=dict(type="bool", default=True),
    require_uppercase=dict(type="bool", default=True),
    require_lowercase=dict(type="bool", default=True),
    allow_pw_change=dict(type="bool", default=True, aliases=["allow_password_change"]),
    pw_max_age=dict(type="int", default=90, aliases=["password_max_age"]),
    pw_reuse_prevent=dict(type="int", default=24, aliases=["password_reuse_prevent", "prevent_reuse"]),
    pw_expire=dict(type="bool", default=False, aliases=["password_expire", "expire"]),
)

# Option -> the PasswordPolicy member it sets (UpdateAccountPasswordPolicy takes the same names).
SETTINGS = (
    ("min_pw_length", "MinimumPasswordLength"),
    ("require_symbols", "RequireSymbols"),
    ("require_numbers", "RequireNumbers"),
    ("require_uppercase", "RequireUppercaseCharacters"),
    ("require_lowercase", "RequireLowercaseCharacters"),
    ("allow_pw_change", "AllowUsersToChangePassword"),
    ("pw_max_age", "MaxPasswordAge"),
    ("pw_reuse_prevent", "PasswordReusePrevention"),
    ("pw_expire", "HardExpiry"),
)

# Members IAM leaves out of its answer when the setting is off, with the value that means off.
# MaxPasswordAge and PasswordReusePrevention cannot be sent as 0: they are turned off by not sending them.
OFF_WHEN_ABSENT = {"MaxPasswordAge": 0, "PasswordReusePrevention": 0, "HardExpiry": False}
SENT_ONLY_WHEN_ON = ("MaxPasswordAge", "PasswordReusePrevention")

# Option -> (lowest, highest) value IAM accepts; 0 also allowed where it means off.
RANGES = {"min_pw_length": (6, 128), "pw_max_age": (1, 1095), "pw_reuse_prevent": (1, 24)}
ZERO_MEANS_OFF = {"pw_max_age": "passwords never expire", "pw_reuse_prevent": "any previous password may be reused"}


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the options, before any AWS call."""
    errors = []
    for option, (lowest, highest) in RANGES.items():
        value = params[option]
        if value == 0 and option in ZERO_MEANS_OFF:
            continue
        if not lowest <= value <= highest:
            allowed = f"from {lowest} to {highest}"
            if option in ZERO_MEANS_OFF:
                allowed += f", or 0 ({ZERO_MEANS_OFF[option]})"
            errors.append(f"{option} must be {allowed}; got {value}.")
    return errors


def desired_settings(params: Dict[str, Any]) -> Dict[str, Any]:
    """Every PasswordPolicy member the options set, with 0 or false where a setting is off."""
    return {member: params[option] for option, member in SETTINGS}


def current_settings(policy: Dict[str, Any]) -> Dict[str, Any]:
    """The settings of a policy as IAM answers it, comparable with desired_settings (ExpirePasswords is derived: left out)."""
    return {member: policy.get(member, OFF_WHEN_ABSENT.get(member)) for member in dict(SETTINGS).values()}


def update_request(settings: Dict[str, Any]) -> Dict[str, Any]:
    """The UpdateAccountPasswordPolicy parameters for the settings."""
    return {member: value for member, value in settings.items() if value or member not in SENT_ONLY_WHEN_ON}


def expected_policy(settings: Dict[str, Any]) -> Dict[str, Any]:
    """The policy GetAccountPasswordPolicy answers once the settings are applied."""
    return dict(update_request(settings), ExpirePasswords=bool(settings["MaxPasswordAge"]))


def policy_view(policy: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The policy in snake_case, {} when there is none."""
    return camel_dict_to_snake_dict(policy) if policy else {}


def plan(state: str, current: Optional[Dict[str, Any]], desired: Dict[str, Any]) -> Optional[str]:
    """What to do: None, "update" or "delete"; current is the policy IAM answers (None without one)."""
    if state == "absent":
        return "delete" if current is not None else None
    if current is None or current_settings(current) != desired:
        return "update"
    return None


def policy_after(action: Optional[str], current: Optional[Dict[str, Any]], desired: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The policy IAM answers once the action is done (None without one)."""
    if action == "update":
        return expected_policy(desired)
    if action == "delete":
        return None
    return current


def read_policy(module: AnsibleAWSModule, client: Any) -> Optional[Dict[str, Any]]:
    """The account's password policy as IAM answers it, or None without one."""
    try:
        return client.get_account_password_policy(aws_retry=True)["PasswordPolicy"]
    except is_boto3_error_code("NoSuchEntity"):
        return None
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg="Failed to read the account password policy")


def update_policy(module: AnsibleAWSModule, client: Any, settings: Dict[str, Any]) -> None:
    try:
        client.update_account_password_policy(aws_retry=True, **update_request(settings))
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to update the account password policy")


def delete_policy(module: AnsibleAWSModule, client: Any) -> None:
    try:
        client.delete_account_password_policy(aws_retry=True)
    except is_boto3_error_code("NoSuchEntity"):
        pass  # deleted by someone else since it was read: absent all the same
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg="Failed to delete the account password policy")


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("iam", retry_decorator=retrying())
    current = read_policy(module, client)
    desired = desired_settings(module.params)
    action = plan(module.params["state"], current, desired)
    if action == "update" and not module.check_mode:
        update_policy(module, client, desired)
    elif action == "delete" and not module.check_mode:
        delete_policy(module, client)

    after = policy_view(policy_after(action, current, desired))
    result: Dict[str, Any] = {"changed": bool(action), "password_policy": after}
    if module._diff:
        result["diff"] = {"before": policy_view(current), "after": after}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
