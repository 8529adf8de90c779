#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: backup_vault_lock
version_added: 0.2.0
short_description: Manage the Vault Lock of an AWS Backup vault
description:
  - Put, change or remove the AWS Backup Vault Lock of an existing backup vault, which sets the shortest and longest
    retention its recovery points may have.
  - Without O(changeable_for_days) the lock is in governance mode, which can be changed or removed at any time.
    With O(changeable_for_days) it is in compliance mode; once its lock date has passed, the lock is immutable.
  - On a vault whose lock is immutable, the module fails, without any call, when it would change or remove the lock.
  - The lock date of a compliance mode lock is set when the lock is put. A later run with the same retention days
    keeps it; a run that changes the retention days before the lock date sets it again, O(changeable_for_days) from then.
author:
  - webstack.aws maintainers (@webstack)
options:
  backup_vault_name:
    description:
      - The name of the backup vault. It must exist.
    required: true
    type: str
  min_retention_days:
    description:
      - The shortest retention, in days, of a recovery point in the vault; at least V(1).
      - When not set, the lock enforces no minimum.
    type: int
  max_retention_days:
    description:
      - The longest retention, in days, of a recovery point in the vault; at most V(36500) and not less than
        O(min_retention_days).
      - When not set, the lock enforces no maximum.
    type: int
  changeable_for_days:
    description:
      - Put the lock in compliance mode, changeable for this many days (at least V(3), at most V(36500)); after that
        nobody can change or remove it, nor delete the vault's recovery points before their retention ends.
      - When not set, the lock is in governance mode. A compliance mode lock still before its lock date is removed and
        put again in governance mode.
    type: int
  state:
    description:
      - Whether the vault has a lock.
      - With V(absent), O(min_retention_days), O(max_retention_days) and O(changeable_for_days) may not be set.
      - V(absent) on a vault that does not exist reports no change, since a vault that is gone has no lock.
    default: present
    choices: ['present', 'absent']
    type: str
notes:
  - In check mode the module reports what would change and makes no change.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Keep recovery points between 7 days and a year (governance mode)
  webstack.aws.backup_vault_lock:
    backup_vault_name: demo-local
    min_retention_days: 7
    max_retention_days: 365

- name: Lock the vault for good in 3 days (compliance mode)
  webstack.aws.backup_vault_lock:
    backup_vault_name: demo-prod
    min_retention_days: 35
    max_retention_days: 3650
    changeable_for_days: 3
  register: vault_lock

- name: Remove the lock (only possible before its lock date)
  webstack.aws.backup_vault_lock:
    backup_vault_name: demo-local
    state: absent
"""

RETURN = r"""
lock:
  description:
    - The Vault Lock of the vault, as DescribeBackupVault reports it.
    - In check mode, the lock as it would be.
  returned: always
  type: dict
  contains:
    backup_vault_name:
      description: The name of the vault.
      type: str
      returned: always
      sample: demo-local
    locked:
      description: Whether a Vault Lock protects the vault.
      type: bool
      returned: always
      sample: true
    min_retention_days:
      description: The shortest retention the lock enforces, or null when it enforces none.
      type: int
      returned: always
      sample: 7
    max_retention_days:
      description: The longest retention the lock enforces, or null when it enforces none.
      type: int
      returned: always
      sample: 365
    lock_date:
      description: When the lock becomes immutable (ISO 8601), or null for a governance mode lock or no lock.
      type: str
      returned: always
      sample: "2025-01-04T12:00:00+00:00"
"""

import datetime
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    backup_vault_name=dict(type="str", required=True),
    min_retention_days=dict(type="int"),
    max_retention_days=dict(type="int"),
    changeable_for_days=dict(type="int"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

# Limits of PutBackupVaultLockConfiguration (AWS Backup API reference).
MIN_RETENTION_DAYS = 1
MAX_RETENTION_DAYS = 36500
MIN_CHANGEABLE_DAYS = 3
MAX_CHANGEABLE_DAYS = 36500
LOCK_OPTIONS = ("min_retention_days", "max_retention_days", "changeable_for_days")
# A missing vault: AWS answers AccessDeniedException when the caller may not know whether it exists.
VAULT_NOT_FOUND = ("ResourceNotFoundException", "AccessDeniedException")


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def validate_params(params: Dict[str, Any]) -> List[str]:
    """What is wrong with the options (nothing: [])."""
    if params["state"] == "absent":
        given = [option for option in LOCK_OPTIONS if params.get(option) is not None]
        return [f"{', '.join(given)} may not be set with state=absent."] if given else []
    errors = []
    low, high, changeable = params.get("min_retention_days"), params.get("max_retention_days"), params.get("changeable_for_days")
    if low is not None and not MIN_RETENTION_DAYS <= low <= MAX_RETENTION_DAYS:
        errors.append(f"min_retention_days must be between {MIN_RETENTION_DAYS} and {MAX_RETENTION_DAYS}, got {low}.")
    if high is not None and not MIN_RETENTION_DAYS <= high <= MAX_RETENTION_DAYS:
        errors.append(f"max_retention_days must be between {MIN_RETENTION_DAYS} and {MAX_RETENTION_DAYS}, got {high}.")
    if low is not None and high is not None and low > high:
        errors.append(f"min_retention_days ({low}) may not be more than max_retention_days ({high}).")
    if changeable is not None and not MIN_CHANGEABLE_DAYS <= changeable <= MAX_CHANGEABLE_DAYS:
        errors.append(
            f"changeable_for_days must be between {MIN_CHANGEABLE_DAYS} and {MAX_CHANGEABLE_DAYS} (AWS needs a 72-hour cooling-off period), got {changeable}."
        )
    return errors


def lock_view(vault: Dict[str, Any]) -> Dict[str, Any]:
    """The lock of a DescribeBackupVault answer."""
    lock_date = vault.get("LockDate")
    return {
        "backup_vault_name": vault["BackupVaultName"],
        "locked": bool(vault.get("Locked")),
        "min_retention_days": vault.get("MinRetentionDays"),
        "max_retention_days": vault.get("MaxRetentionDays"),
        "lock_date": lock_date.isoformat() if lock_date else None,
    }


def is_immutable(vault: Dict[str, Any], now: datetime.datetime) -> bool:
    """A compliance mode lock whose lock date has passed."""
    return bool(vault.get("Locked")) and vault.get("LockDate") is not None and vault["LockDate"] <= now


def plan_present(vault: Dict[str, Any], params: Dict[str, Any]) -> List[str]:
    """The calls that bring the lock to params: [], ["put"] or ["delete", "put"] (compliance back to governance)."""
    compliance = params.get("changeable_for_days") is not None
    has_lock_date = vault.get("LockDate") is not None
    if not vault.get("Locked"):
        return ["put"]
    if not compliance and has_lock_date:
        return ["delete", "put"]
    same_days = (vault.get("MinRetentionDays"), vault.get("MaxRetentionDays")) == (params.get("min_retention_days"), params.get("max_retention_days"))
    if same_days and compliance == has_lock_date:
        return []
    return ["put"]


def plan_absent(vault: Dict[str, Any]) -> List[str]:
    return ["delete"] if vault.get("Locked") else []


def put_request(params: Dict[str, Any]) -> Dict[str, Any]:
    """PutBackupVaultLockConfiguration parameters for the options."""
    request = {"BackupVaultName": params["backup_vault_name"]}
    for option, name in (("min_retention_days", "MinRetentionDays"), ("max_retention_days", "MaxRetentionDays"), ("changeable_for_days", "ChangeableForDays")):
        if params.get(option) is not None:
            request[name] = params[option]
    return request


def predicted_lock(vault: Dict[str, Any], params: Dict[str, Any], calls: List[str], now: datetime.datetime) -> Dict[str, Any]:
    """The lock as it will be after calls (for check mode)."""
    if not calls:
        return lock_view(vault)
    if params["state"] == "absent":
        return lock_view({"BackupVaultName": vault["BackupVaultName"], "Locked": False})
    changeable = params.get("changeable_for_days")
    predicted = {"BackupVaultName": vault["BackupVaultName"], "Locked": True}
    predicted.update({key: value for key, value in put_request(params).items() if key in ("MinRetentionDays", "MaxRetentionDays")})
    if changeable is not None:
        predicted["LockDate"] = now + datetime.timedelta(days=changeable)
    return lock_view(predicted)


def immutable_message(vault: Dict[str, Any], params: Dict[str, Any]) -> str:
    wanted = "remove the lock" if params["state"] == "absent" else "change the lock"
    return (
        f"Cannot {wanted} of backup vault {vault['BackupVaultName']}: its Vault Lock is in compliance mode and immutable since "
        f"{vault['LockDate'].isoformat()} (min_retention_days={vault.get('MinRetentionDays')}, max_retention_days={vault.get('MaxRetentionDays')}). "
        "Nobody can change or remove it; set the options to its current values."
    )


class VaultLockManager:
    def __init__(self, module: AnsibleAWSModule, client: Any) -> None:
        self.module = module
        self.client = client
        self.name = module.params["backup_vault_name"]

    def describe(self) -> Optional[Dict[str, Any]]:
        try:
            return self.client.describe_backup_vault(aws_retry=True, BackupVaultName=self.name)
        except is_boto3_error_code(list(VAULT_NOT_FOUND)):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to describe backup vault {self.name}")

    def apply(self, calls: List[str]) -> None:
        for call in calls:
            try:
                if call == "delete":
                    self.client.delete_backup_vault_lock_configuration(aws_retry=True, BackupVaultName=self.name)
                else:
                    self.client.put_backup_vault_lock_configuration(aws_retry=True, **put_request(self.module.params))
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.module.fail_json_aws(e, msg=f"Failed to {call} the Vault Lock of backup vault {self.name}")


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    manager = VaultLockManager(module, module.client("backup", retry_decorator=retrying()))
    vault = manager.describe()
    if vault is None and module.params["state"] == "absent":
        module.exit_json(changed=False, lock={}, msg=f"Backup vault {manager.name} does not exist: it has no lock")
    if vault is None:
        module.fail_json(msg=f"Backup vault {manager.name} not found (or not accessible): create it before locking it")
    now = utc_now()
    calls = plan_absent(vault) if module.params["state"] == "absent" else plan_present(vault, module.params)
    if calls and is_immutable(vault, now):
        module.fail_json(msg=immutable_message(vault, module.params), lock=lock_view(vault))

    after = predicted_lock(vault, module.params, calls, now)
    if calls and not module.check_mode:
        manager.apply(calls)
        after = lock_view(manager.describe())
    module.exit_json(changed=bool(calls), lock=after, diff={"before": lock_view(vault), "after": after})


if __name__ == "__main__":
    main()
