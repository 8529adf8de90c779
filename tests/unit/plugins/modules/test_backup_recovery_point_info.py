"""backup_recovery_point_info, run end to end through main() against the emulator."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import backup_recovery_point_info

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

ROLE = "arn:aws:iam::123456789012:role/demo-local-backup"
KEY = "arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
VAULT = "demo-local"


def database(aws: Emulator, identifier: str) -> str:
    """An RDS DB instance made with boto3; its ARN."""
    created = aws.client("rds").create_db_instance(
        DBInstanceIdentifier=identifier,
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="admin",
        MasterUserPassword="secret-password",
        AllocatedStorage=20,
    )
    return created["DBInstance"]["DBInstanceArn"]


def backup(aws: Emulator, resource_arn: str, vault: str = VAULT, **extra: Any) -> str:
    """An on-demand backup; its recovery point ARN."""
    return aws.client("backup").start_backup_job(BackupVaultName=vault, ResourceArn=resource_arn, IamRoleArn=ROLE, **extra)["RecoveryPointArn"]


@pytest.fixture
def db_arn(aws: Emulator) -> str:
    """A vault with a key and a DB instance; the call log starts empty."""
    aws.client("backup").create_backup_vault(BackupVaultName=VAULT, EncryptionKeyArn=KEY)
    arn = database(aws, "demo-local")
    aws.clear_calls()
    return arn


def info(aws: Emulator, args: dict[str, Any]) -> Result:
    return run(backup_recovery_point_info.main, aws, args)


def test_lists_a_vault_newest_first(aws: Emulator, db_arn: str) -> None:
    first = backup(aws, db_arn, Lifecycle={"DeleteAfterDays": 7})
    second = backup(aws, db_arn)
    result = info(aws, {"backup_vault_name": VAULT})
    assert not result.failed and not result.changed, result.out
    points = result.out["recovery_points"]
    assert [p["recovery_point_arn"] for p in points] == [second, first]
    assert points[1]["lifecycle"] == {"delete_after_days": 7}
    assert aws.calls().mutating == ["backup:StartBackupJob", "backup:StartBackupJob"]


def test_entries_have_the_documented_fields(aws: Emulator, db_arn: str) -> None:
    arn = backup(aws, db_arn, Lifecycle={"DeleteAfterDays": 7})
    [point] = info(aws, {"backup_vault_name": VAULT}).out["recovery_points"]
    assert point["recovery_point_arn"] == arn
    assert (point["backup_vault_name"], point["resource_arn"], point["resource_type"], point["status"]) == (VAULT, db_arn, "RDS", "COMPLETED")
    assert (point["encryption_key_arn"], point["is_encrypted"], point["backup_size_in_bytes"]) == (KEY, False, 20 * 1024**3)
    assert point["creation_date"] <= point["completion_date"]
    assert isinstance(point["creation_date"], str) and point["calculated_lifecycle"]["delete_at"] > point["creation_date"]


def test_lists_a_resource_in_every_vault_with_full_details(aws: Emulator, db_arn: str) -> None:
    aws.client("backup").create_backup_vault(BackupVaultName="copy")
    other = database(aws, "other")
    in_vault = backup(aws, db_arn)
    in_copy = backup(aws, db_arn, "copy", Lifecycle={"DeleteAfterDays": 30})
    backup(aws, other)
    points = info(aws, {"resource_arn": db_arn}).out["recovery_points"]
    assert [(p["recovery_point_arn"], p["backup_vault_name"]) for p in points] == [(in_copy, "copy"), (in_vault, VAULT)]
    assert points[0]["lifecycle"] == {"delete_after_days": 30} and points[0]["resource_type"] == "RDS"


def test_lists_a_resource_in_one_vault(aws: Emulator, db_arn: str) -> None:
    other = database(aws, "other")
    mine = backup(aws, db_arn)
    backup(aws, other)
    points = info(aws, {"backup_vault_name": VAULT, "resource_arn": db_arn}).out["recovery_points"]
    assert [p["recovery_point_arn"] for p in points] == [mine]


def test_filters_by_status(aws: Emulator, db_arn: str) -> None:
    backup(aws, db_arn)
    assert len(info(aws, {"backup_vault_name": VAULT, "status": "COMPLETED"}).out["recovery_points"]) == 1
    assert info(aws, {"backup_vault_name": VAULT, "status": "EXPIRED"}).out["recovery_points"] == []


def test_an_empty_vault_lists_nothing(aws: Emulator, db_arn: str) -> None:
    result = info(aws, {"backup_vault_name": VAULT})
    assert (result.failed, result.out["recovery_points"]) == (False, [])


def test_a_missing_vault_lists_nothing_with_a_warning(aws: Emulator) -> None:
    result = info(aws, {"backup_vault_name": "missing"})
    assert not result.failed and result.out["recovery_points"] == []
    assert any("missing" in str(warning) for warning in result.out.get("warnings", []))


def test_needs_a_vault_or_a_resource(aws: Emulator) -> None:
    result = info(aws, {"status": "COMPLETED"})
    assert result.failed and "backup_vault_name" in result.out["msg"] and "resource_arn" in result.out["msg"]
    assert aws.calls().calls == []


def test_refuses_an_unknown_status(aws: Emulator) -> None:
    result = info(aws, {"backup_vault_name": VAULT, "status": "DONE"})
    assert result.failed and "status" in result.out["msg"]
    assert aws.calls().calls == []


def test_newest_first_filters_and_orders() -> None:

    old = {"RecoveryPointArn": "a", "Status": "COMPLETED", "CreationDate": datetime.datetime(2025, 1, 1)}
    new = {"RecoveryPointArn": "b", "Status": "COMPLETED", "CreationDate": datetime.datetime(2025, 2, 1)}
    expired = {"RecoveryPointArn": "c", "Status": "EXPIRED", "CreationDate": datetime.datetime(2025, 3, 1)}
    assert [p["RecoveryPointArn"] for p in backup_recovery_point_info.newest_first([old, expired, new], "COMPLETED")] == ["b", "a"]
    assert [p["RecoveryPointArn"] for p in backup_recovery_point_info.newest_first([old, expired, new], None)] == ["c", "b", "a"]


def test_recovery_point_view_is_snake_case_with_iso_dates() -> None:

    view = backup_recovery_point_info.recovery_point_view(
        {"RecoveryPointArn": "a", "CalculatedLifecycle": {"DeleteAt": datetime.datetime(2025, 1, 1)}, "ResponseMetadata": {}}
    )
    assert view == {"recovery_point_arn": "a", "calculated_lifecycle": {"delete_at": "2025-01-01T00:00:00"}, "is_encrypted": False}
