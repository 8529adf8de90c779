#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: backup_recovery_point_info
version_added: 0.2.0
short_description: List AWS Backup recovery points
description:
  - List the recovery points (backups) of a backup vault, of a resource, or of a resource in one vault, newest first.
  - With O(backup_vault_name) the vault's recovery points are listed (only those of O(resource_arn) when it is given too).
    With O(resource_arn) alone, the resource's recovery points in every vault are listed and each is described.
  - AWS answers C(AccessDeniedException) for a vault that does not exist; the module then returns no recovery points and a warning.
author:
  - webstack.aws maintainers (@webstack)
options:
  backup_vault_name:
    description:
      - The name of the backup vault whose recovery points are listed.
      - At least one of O(backup_vault_name) and O(resource_arn) is required.
    type: str
  resource_arn:
    description:
      - The ARN of the backed-up resource (for example an RDS DB instance) whose recovery points are listed.
    type: str
  status:
    description:
      - Only the recovery points with this status.
    type: str
    choices: ['COMPLETED', 'PARTIAL', 'DELETING', 'EXPIRED', 'AVAILABLE', 'STOPPED', 'CREATING']
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: List the recovery points of a vault
  webstack.aws.backup_recovery_point_info:
    backup_vault_name: demo-local
  register: vault_points

- name: The newest completed backup of a database
  webstack.aws.backup_recovery_point_info:
    resource_arn: arn:aws:rds:eu-west-1:123456789012:db:demo-local
    status: COMPLETED
  register: db_points

- name: Show its ARN
  ansible.builtin.debug:
    msg: "{{ db_points.recovery_points[0].recovery_point_arn }}"
  when: db_points.recovery_points | length > 0
"""

RETURN = r"""
recovery_points:
  description: The recovery points found, newest first (by creation date), in snake_case.
  returned: always
  type: list
  elements: dict
  contains:
    recovery_point_arn:
      description: The ARN of the recovery point (for RDS, the ARN of its DB snapshot).
      type: str
      returned: always
      sample: arn:aws:rds:eu-west-1:123456789012:snapshot:awsbackup:job-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
    backup_vault_name:
      description: The vault that holds the recovery point.
      type: str
      returned: always
      sample: demo-local
    backup_vault_arn:
      description: The ARN of that vault.
      type: str
      returned: always
      sample: arn:aws:backup:eu-west-1:123456789012:backup-vault:demo-local
    resource_arn:
      description: The ARN of the resource backed up.
      type: str
      returned: always
      sample: arn:aws:rds:eu-west-1:123456789012:db:demo-local
    resource_type:
      description: The kind of resource backed up.
      type: str
      returned: always
      sample: RDS
    resource_name:
      description: The name of the resource backed up.
      type: str
      returned: when AWS reports it
      sample: demo-local
    status:
      description: The status of the recovery point.
      type: str
      returned: always
      sample: COMPLETED
    creation_date:
      description: When the backup started (ISO 8601).
      type: str
      returned: always
      sample: "2025-01-01T05:00:00+00:00"
    completion_date:
      description: When the backup completed (ISO 8601).
      type: str
      returned: when the backup completed
      sample: "2025-01-01T05:12:00+00:00"
    encryption_key_arn:
      description: The KMS key that encrypts the recovery point.
      type: str
      returned: when AWS reports it
      sample: arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0
    is_encrypted:
      description: Whether the recovery point is encrypted.
      type: bool
      returned: always
      sample: true
    lifecycle:
      description: When the recovery point moves to cold storage and when it is deleted, in days after creation.
      type: dict
      returned: when the recovery point has a lifecycle
      sample: {"delete_after_days": 35}
    calculated_lifecycle:
      description: The dates the lifecycle gives (ISO 8601).
      type: dict
      returned: when the recovery point has a lifecycle
      sample: {"delete_at": "2025-02-05T05:00:00+00:00"}
    backup_size_in_bytes:
      description: The size of the backup.
      type: int
      returned: when AWS reports it
      sample: 21474836480
    iam_role_arn:
      description: The role AWS Backup used to make the backup.
      type: str
      returned: always
      sample: arn:aws:iam::123456789012:role/demo-local-backup
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
from ansible_collections.webstack.aws.plugins.module_utils.backup import recovery_point_view as point_view
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    backup_vault_name=dict(type="str"),
    resource_arn=dict(type="str"),
    status=dict(type="str", choices=["COMPLETED", "PARTIAL", "DELETING", "EXPIRED", "AVAILABLE", "STOPPED", "CREATING"]),
)

REQUIRED_ONE_OF = [["backup_vault_name", "resource_arn"]]


def recovery_point_view(item: Dict[str, Any]) -> Dict[str, Any]:
    """A listed recovery point as the module returns it: snake_case, dates in ISO 8601, IsEncrypted false when AWS leaves it out."""
    return point_view(item, defaults={"IsEncrypted": False})


def newest_first(points: List[Dict[str, Any]], status: Optional[str]) -> List[Dict[str, Any]]:
    """The recovery points (as AWS answers them) with the status asked for, newest first."""
    kept = [point for point in points if status is None or point.get("Status") == status]
    return sorted(kept, key=lambda point: point.get("CreationDate") or datetime.datetime.min, reverse=True)


@retrying()
def paginated(client: Any, operation: str, **params: Any) -> List[Dict[str, Any]]:
    """Every recovery point an operation lists, page after page (retried as a whole)."""
    return client.get_paginator(operation).paginate(**params).build_full_result()["RecoveryPoints"]


def list_by_vault(client: Any, vault_name: str, resource_arn: Optional[str]) -> List[Dict[str, Any]]:
    params = {"BackupVaultName": vault_name}
    if resource_arn:
        params["ByResourceArn"] = resource_arn
    return paginated(client, "list_recovery_points_by_backup_vault", **params)


def list_by_resource(client: Any, resource_arn: str) -> List[Dict[str, Any]]:
    """The resource's recovery points in every vault, each described (the list lacks the lifecycle, type and size)."""
    listed = paginated(client, "list_recovery_points_by_resource", ResourceArn=resource_arn)
    return [
        client.describe_recovery_point(aws_retry=True, BackupVaultName=item["BackupVaultName"], RecoveryPointArn=item["RecoveryPointArn"]) for item in listed
    ]


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, required_one_of=REQUIRED_ONE_OF, supports_check_mode=True)
    vault_name, resource_arn = module.params["backup_vault_name"], module.params["resource_arn"]
    client = module.client("backup", retry_decorator=retrying())
    points: List[Dict[str, Any]] = []
    try:
        points = list_by_vault(client, vault_name, resource_arn) if vault_name else list_by_resource(client, resource_arn)
    except is_boto3_error_code("AccessDeniedException") as e:
        if not vault_name:
            module.fail_json_aws(e, msg="Failed to list recovery points")
        module.warn(f"Backup vault {vault_name} does not exist or is not accessible (AccessDeniedException): no recovery points listed")
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg="Failed to list recovery points")
    module.exit_json(changed=False, recovery_points=[recovery_point_view(point) for point in newest_first(points, module.params["status"])])


if __name__ == "__main__":
    main()
