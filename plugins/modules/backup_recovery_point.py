#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: backup_recovery_point
version_added: 0.2.0
short_description: Manage the lifecycle of an AWS Backup recovery point, or delete it
description:
  - Set the lifecycle of one recovery point (backup) of a backup vault, or delete it.
  - Recovery points are made by backup jobs (a backup plan, or an on-demand backup), never by this module.
    With O(state=present) the recovery point must exist.
  - O(state=absent) deletes exactly the recovery point O(recovery_point_arn) names, and only when it is in the vault
    O(backup_vault_name) names; for an RDS backup AWS Backup deletes its DB snapshot too. Deleting a backup loses its data, so
    the caller names the backup to delete, the module never chooses one.
author:
  - webstack.aws maintainers (@webstack)
options:
  backup_vault_name:
    description:
      - The name of the backup vault that holds the recovery point.
    required: true
    type: str
  recovery_point_arn:
    description:
      - The ARN of the recovery point (for an RDS backup, the ARN of its DB snapshot).
    required: true
    type: str
  state:
    description:
      - V(present) keeps the recovery point and sets O(lifecycle) when it is given.
      - V(absent) deletes the recovery point and, with O(wait), waits until it is gone.
    type: str
    default: present
    choices: ['present', 'absent']
  lifecycle:
    description:
      - The lifecycle the recovery point should have. It replaces the current one as a whole; a setting left out is removed.
      - At least one of its settings is required when it is given.
    type: dict
    suboptions:
      move_to_cold_storage_after_days:
        description:
          - Days after creation when the recovery point moves to cold storage (for resource types that support it).
        type: int
      delete_after_days:
        description:
          - Days after creation when the recovery point is deleted. With O(lifecycle.move_to_cold_storage_after_days),
            it must be at least 90 days more.
        type: int
  wait:
    description:
      - With O(state=absent), wait until the recovery point is gone.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait for the deletion.
    type: int
    default: 600
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Keep the pre-upgrade backup for a year
  webstack.aws.backup_recovery_point:
    backup_vault_name: demo-local
    recovery_point_arn: "{{ pre_upgrade_backup }}"
    lifecycle:
      delete_after_days: 365

- name: Delete one backup the operator chose
  webstack.aws.backup_recovery_point:
    backup_vault_name: demo-local
    recovery_point_arn: arn:aws:rds:eu-west-1:123456789012:snapshot:awsbackup:job-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
    state: absent
"""

RETURN = r"""
recovery_point:
  description: The recovery point as DescribeRecoveryPoint answers it, in snake_case with dates in ISO 8601; empty once deleted.
  returned: always
  type: dict
  contains:
    recovery_point_arn:
      description: The ARN of the recovery point.
      type: str
      returned: when it exists
      sample: arn:aws:rds:eu-west-1:123456789012:snapshot:awsbackup:job-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
    backup_vault_name:
      description: The vault that holds it.
      type: str
      returned: when it exists
      sample: demo-local
    resource_arn:
      description: The ARN of the resource backed up.
      type: str
      returned: when it exists
      sample: arn:aws:rds:eu-west-1:123456789012:db:demo-local
    resource_type:
      description: The kind of resource backed up.
      type: str
      returned: when it exists
      sample: RDS
    status:
      description: The status of the recovery point.
      type: str
      returned: when it exists
      sample: COMPLETED
    creation_date:
      description: When the backup started (ISO 8601).
      type: str
      returned: when it exists
      sample: "2025-01-01T05:00:00+00:00"
    lifecycle:
      description: Its lifecycle, in days after creation.
      type: dict
      returned: when it has one
      sample: {"delete_after_days": 365}
    calculated_lifecycle:
      description: The dates the lifecycle gives (ISO 8601).
      type: dict
      returned: when it has a lifecycle
      sample: {"delete_at": "2026-01-01T05:00:00+00:00"}
    encryption_key_arn:
      description: The KMS key that encrypts it.
      type: str
      returned: when AWS reports it
      sample: arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0
"""

import time
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
from ansible_collections.webstack.aws.plugins.module_utils.backup import recovery_point_view
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    backup_vault_name=dict(type="str", required=True),
    recovery_point_arn=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    lifecycle=dict(
        type="dict",
        options=dict(
            move_to_cold_storage_after_days=dict(type="int"),
            delete_after_days=dict(type="int"),
        ),
    ),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=600),
)

LIFECYCLE_FIELDS = {"move_to_cold_storage_after_days": "MoveToColdStorageAfterDays", "delete_after_days": "DeleteAfterDays"}
COLD_STORAGE_MINIMUM_DAYS = 90
POLL_SECONDS = 5


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every reason the options cannot be used, before any AWS call."""
    errors = []
    if not params["recovery_point_arn"].startswith("arn:"):
        errors.append(f"recovery_point_arn must be the ARN of one recovery point (arn:...), got {params['recovery_point_arn']!r}")
    lifecycle = params.get("lifecycle")
    if lifecycle is not None:
        if params["state"] == "absent":
            errors.append("lifecycle applies with state=present only")
        given = {key: value for key, value in lifecycle.items() if value is not None}
        if not given:
            errors.append("lifecycle needs move_to_cold_storage_after_days, delete_after_days or both")
        errors.extend(f"lifecycle.{key} must be at least 1 day, got {value}" for key, value in given.items() if value < 1)
        cold, delete = given.get("move_to_cold_storage_after_days"), given.get("delete_after_days")
        if cold is not None and delete is not None and delete < cold + COLD_STORAGE_MINIMUM_DAYS:
            errors.append(
                f"lifecycle.delete_after_days must be at least {COLD_STORAGE_MINIMUM_DAYS} days more than "
                f"lifecycle.move_to_cold_storage_after_days ({cold}), got {delete}"
            )
    if params["wait_timeout"] < 0:
        errors.append(f"wait_timeout must be 0 or more seconds, got {params['wait_timeout']}")
    return errors


def desired_lifecycle(lifecycle: Optional[Dict[str, Any]]) -> Optional[Dict[str, int]]:
    """The Lifecycle to send for the lifecycle option (None when the option is not given)."""
    if lifecycle is None:
        return None
    return {LIFECYCLE_FIELDS[key]: value for key, value in lifecycle.items() if value is not None}


def lifecycle_differs(current: Dict[str, Any], wanted: Optional[Dict[str, int]]) -> bool:
    """Whether the recovery point's lifecycle (the settings this module manages) differs from the one wanted."""
    if wanted is None:
        return False
    have = {key: value for key, value in (current.get("Lifecycle") or {}).items() if key in LIFECYCLE_FIELDS.values() and value is not None}
    return have != wanted


def diff_view(item: Optional[Dict[str, Any]], lifecycle: Optional[Dict[str, int]] = None) -> Dict[str, Any]:
    """What the diff shows of a recovery point: identity, status and lifecycle ({} when there is none)."""
    if not item:
        return {}
    return {
        "recovery_point_arn": item["RecoveryPointArn"],
        "backup_vault_name": item.get("BackupVaultName"),
        "status": item.get("Status"),
        "lifecycle": camel_dict_to_snake_dict(lifecycle if lifecycle is not None else item.get("Lifecycle") or {}),
    }


def describe(client: Any, vault_name: str, arn: str) -> Optional[Dict[str, Any]]:
    """The recovery point in that vault, or None when the vault does not hold it (AWS answers AccessDenied for a missing vault)."""
    try:
        return client.describe_recovery_point(aws_retry=True, BackupVaultName=vault_name, RecoveryPointArn=arn)
    except is_boto3_error_code(["ResourceNotFoundException", "AccessDeniedException"]):
        return None


def wait_until_gone(module: AnsibleAWSModule, client: Any, vault_name: str, arn: str) -> None:
    deadline = time.monotonic() + module.params["wait_timeout"]
    while describe(client, vault_name, arn) is not None:
        if time.monotonic() >= deadline:
            module.fail_json(msg=f"Recovery point {arn} still exists after {module.params['wait_timeout']} seconds")
        time.sleep(POLL_SECONDS)


def ensure_absent(module: AnsibleAWSModule, client: Any, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    params = module.params
    if current is None:
        return dict(changed=False, recovery_point={})
    if not module.check_mode:
        client.delete_recovery_point(aws_retry=True, BackupVaultName=params["backup_vault_name"], RecoveryPointArn=params["recovery_point_arn"])
        if params["wait"]:
            wait_until_gone(module, client, params["backup_vault_name"], params["recovery_point_arn"])
    return dict(changed=True, recovery_point={}, diff={"before": diff_view(current), "after": {}})


def ensure_present(module: AnsibleAWSModule, client: Any, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    params = module.params
    if current is None:
        module.fail_json(
            msg=f"Recovery point {params['recovery_point_arn']} is not in backup vault {params['backup_vault_name']}: "
            "recovery points are made by backup jobs, not by this module"
        )
    wanted = desired_lifecycle(params["lifecycle"])
    if not lifecycle_differs(current, wanted):
        return dict(changed=False, recovery_point=recovery_point_view(current))
    after = current
    if not module.check_mode:
        client.update_recovery_point_lifecycle(
            aws_retry=True, BackupVaultName=params["backup_vault_name"], RecoveryPointArn=params["recovery_point_arn"], Lifecycle=wanted
        )
        after = describe(client, params["backup_vault_name"], params["recovery_point_arn"]) or current
    diff = {"before": diff_view(current), "after": diff_view(current, wanted)}
    return dict(changed=True, recovery_point=recovery_point_view(after), diff=diff)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("backup", retry_decorator=retrying())
    try:
        current = describe(client, module.params["backup_vault_name"], module.params["recovery_point_arn"])
        if module.params["state"] == "absent":
            result = ensure_absent(module, client, current)
        else:
            result = ensure_present(module, client, current)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg=f"Failed to manage recovery point {module.params['recovery_point_arn']}")
    if not module._diff:
        result.pop("diff", None)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
