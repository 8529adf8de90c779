"""Checks of the AWS Backup fixes (webstack_emulator/extensions/backup.py), one per fixed operation."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/webstack-backup"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
VAULT = "demo-local"
CONDITIONS = {"StringEquals": [{"ConditionKey": "aws:ResourceTag/webstack:backup", "ConditionValue": "true"}]}


def vault(aws: Emulator, name: str = VAULT) -> None:
    aws.client("backup").create_backup_vault(BackupVaultName=name, EncryptionKeyArn=KEY)


def database(aws: Emulator, identifier: str = "demo-local") -> str:
    """An RDS DB instance; its ARN."""
    created = aws.client("rds").create_db_instance(
        DBInstanceIdentifier=identifier,
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="admin",
        MasterUserPassword="secret-password",
        AllocatedStorage=20,
    )
    return created["DBInstance"]["DBInstanceArn"]


def backed_up(aws: Emulator, **extra: Any) -> dict[str, Any]:
    """A vault, a DB instance and an on-demand backup of it; StartBackupJob's answer."""
    vault(aws)
    return aws.client("backup").start_backup_job(BackupVaultName=VAULT, ResourceArn=database(aws), IamRoleArn=ROLE, **extra)


def plan(aws: Emulator, name: str = "demo-local") -> str:
    """A backup plan with one rule to VAULT; its ID."""
    rules = [{"RuleName": "daily", "TargetBackupVaultName": VAULT, "Lifecycle": {"DeleteAfterDays": 35}}]
    return aws.client("backup").create_backup_plan(BackupPlan={"BackupPlanName": name, "Rules": rules})["BackupPlanId"]


def selection(aws: Emulator, plan_id: str, **extra: Any) -> dict[str, Any]:
    body = {"SelectionName": "tagged", "IamRoleArn": ROLE, "Resources": ["*"], "Conditions": CONDITIONS}
    return aws.client("backup").create_backup_selection(BackupPlanId=plan_id, BackupSelection=body, **extra)


@check("backup", "DescribeBackupVault")
def describe_backup_vault_counts_recovery_points(aws: Emulator) -> dict[str, Any]:
    backed_up(aws)
    response = aws.client("backup").describe_backup_vault(BackupVaultName=VAULT)
    assert (response["NumberOfRecoveryPoints"], response["EncryptionKeyArn"]) == (1, KEY)
    return response


@check("backup", "DeleteBackupVault")
def delete_backup_vault_once_empty(aws: Emulator) -> dict[str, Any]:
    job = backed_up(aws)
    backup = aws.client("backup")
    backup.delete_recovery_point(BackupVaultName=VAULT, RecoveryPointArn=job["RecoveryPointArn"])
    response = backup.delete_backup_vault(BackupVaultName=VAULT)
    assert [v["BackupVaultName"] for v in backup.list_backup_vaults()["BackupVaultList"]] == []
    return response


@check("backup", "DeleteBackupPlan")
def delete_backup_plan_without_selections(aws: Emulator) -> dict[str, Any]:
    vault(aws)
    plan_id = plan(aws)
    response = aws.client("backup").delete_backup_plan(BackupPlanId=plan_id)
    assert response["BackupPlanId"] == plan_id and "DeletionDate" in response
    assert plan(aws) != plan_id  # the name is free again
    return response


@check("backup", "UpdateBackupPlan")
def update_backup_plan_replaces_rules(aws: Emulator) -> dict[str, Any]:
    vault(aws)
    plan_id = plan(aws)
    backup = aws.client("backup")
    before = backup.get_backup_plan(BackupPlanId=plan_id)
    rules = [{"RuleName": "weekly", "TargetBackupVaultName": VAULT, "ScheduleExpression": "cron(0 5 ? * 1 *)"}]
    response = backup.update_backup_plan(BackupPlanId=plan_id, BackupPlan={"BackupPlanName": "demo-local", "Rules": rules})
    after = backup.get_backup_plan(BackupPlanId=plan_id)
    assert response["VersionId"] == after["VersionId"] != before["VersionId"]
    assert [rule["RuleName"] for rule in after["BackupPlan"]["Rules"]] == ["weekly"]
    return response


@check("backup", "CreateBackupSelection")
def create_backup_selection_is_idempotent(aws: Emulator) -> dict[str, Any]:
    vault(aws)
    plan_id = plan(aws)
    first = selection(aws, plan_id, CreatorRequestId="request-1")
    response = selection(aws, plan_id, CreatorRequestId="request-1")
    assert response["SelectionId"] == first["SelectionId"] and response["BackupPlanId"] == plan_id
    assert len(aws.client("backup").list_backup_selections(BackupPlanId=plan_id)["BackupSelectionsList"]) == 1
    return response


@check("backup", "GetBackupSelection")
def get_backup_selection_with_every_condition_operator(aws: Emulator) -> dict[str, Any]:
    vault(aws)
    plan_id = plan(aws)
    selection_id = selection(aws, plan_id)["SelectionId"]
    response = aws.client("backup").get_backup_selection(BackupPlanId=plan_id, SelectionId=selection_id)
    assert response["BackupSelection"]["Conditions"] == {**CONDITIONS, "StringNotEquals": [], "StringLike": [], "StringNotLike": []}
    assert response["BackupSelection"]["Resources"] == ["*"]
    return response


@check("backup", "ListBackupSelections")
def list_backup_selections_of_a_plan(aws: Emulator) -> dict[str, Any]:
    vault(aws)
    plan_id = plan(aws)
    created = selection(aws, plan_id)
    response = aws.client("backup").list_backup_selections(BackupPlanId=plan_id)
    assert [(s["SelectionId"], s["SelectionName"], s["IamRoleArn"]) for s in response["BackupSelectionsList"]] == [(created["SelectionId"], "tagged", ROLE)]
    return response


@check("backup", "DeleteBackupSelection")
def delete_backup_selection(aws: Emulator) -> dict[str, Any]:
    vault(aws)
    plan_id = plan(aws)
    backup = aws.client("backup")
    response = backup.delete_backup_selection(BackupPlanId=plan_id, SelectionId=selection(aws, plan_id)["SelectionId"])
    assert backup.list_backup_selections(BackupPlanId=plan_id)["BackupSelectionsList"] == []
    return response


@check("backup", "StartBackupJob")
def start_backup_job_snapshots_the_instance(aws: Emulator) -> dict[str, Any]:
    response = backed_up(aws)
    [snapshot] = aws.client("rds").describe_db_snapshots(SnapshotType="awsbackup")["DBSnapshots"]
    assert snapshot["DBSnapshotArn"] == response["RecoveryPointArn"]
    assert snapshot["DBSnapshotIdentifier"] == f"awsbackup:job-{response['BackupJobId'].lower()}"
    return response


@check("backup", "DescribeBackupJob")
def describe_backup_job_completed(aws: Emulator) -> dict[str, Any]:
    job = backed_up(aws, Lifecycle={"DeleteAfterDays": 7})
    response = aws.client("backup").describe_backup_job(BackupJobId=job["BackupJobId"])
    assert (response["State"], response["RecoveryPointArn"], response["RecoveryPointLifecycle"]) == (
        "COMPLETED",
        job["RecoveryPointArn"],
        {"DeleteAfterDays": 7},
    )
    return response


@check("backup", "ListBackupJobs")
def list_backup_jobs_by_vault(aws: Emulator) -> dict[str, Any]:
    job = backed_up(aws)
    response = aws.client("backup").list_backup_jobs(ByBackupVaultName=VAULT, ByState="COMPLETED")
    assert [j["BackupJobId"] for j in response["BackupJobs"]] == [job["BackupJobId"]]
    return response


@check("backup", "ListRecoveryPointsByBackupVault")
def list_recovery_points_of_a_vault(aws: Emulator) -> dict[str, Any]:
    job = backed_up(aws, Lifecycle={"DeleteAfterDays": 7})
    response = aws.client("backup").list_recovery_points_by_backup_vault(BackupVaultName=VAULT)
    [point] = response["RecoveryPoints"]
    assert (point["RecoveryPointArn"], point["Status"], point["EncryptionKeyArn"], point["Lifecycle"]) == (
        job["RecoveryPointArn"],
        "COMPLETED",
        KEY,
        {"DeleteAfterDays": 7},
    )
    return response


@check("backup", "ListRecoveryPointsByResource")
def list_recovery_points_of_a_resource(aws: Emulator) -> dict[str, Any]:
    job = backed_up(aws)
    resource_arn = aws.client("backup").describe_backup_job(BackupJobId=job["BackupJobId"])["ResourceArn"]
    response = aws.client("backup").list_recovery_points_by_resource(ResourceArn=resource_arn)
    assert [(p["RecoveryPointArn"], p["BackupVaultName"]) for p in response["RecoveryPoints"]] == [(job["RecoveryPointArn"], VAULT)]
    return response


@check("backup", "DescribeRecoveryPoint")
def describe_recovery_point(aws: Emulator) -> dict[str, Any]:
    job = backed_up(aws, Lifecycle={"DeleteAfterDays": 7})
    response = aws.client("backup").describe_recovery_point(BackupVaultName=VAULT, RecoveryPointArn=job["RecoveryPointArn"])
    assert (response["ResourceType"], response["Status"], response["EncryptionKeyArn"]) == ("RDS", "COMPLETED", KEY)
    assert response["CalculatedLifecycle"]["DeleteAt"] > response["CreationDate"]
    return response


@check("backup", "DeleteRecoveryPoint")
def delete_recovery_point_and_its_snapshot(aws: Emulator) -> dict[str, Any]:
    job = backed_up(aws)
    response = aws.client("backup").delete_recovery_point(BackupVaultName=VAULT, RecoveryPointArn=job["RecoveryPointArn"])
    assert aws.client("rds").describe_db_snapshots(SnapshotType="awsbackup")["DBSnapshots"] == []
    assert aws.client("backup").list_recovery_points_by_backup_vault(BackupVaultName=VAULT)["RecoveryPoints"] == []
    return response


@check("backup", "UpdateRecoveryPointLifecycle")
def update_recovery_point_lifecycle(aws: Emulator) -> dict[str, Any]:
    job = backed_up(aws, Lifecycle={"DeleteAfterDays": 7})
    backup = aws.client("backup")
    response = backup.update_recovery_point_lifecycle(BackupVaultName=VAULT, RecoveryPointArn=job["RecoveryPointArn"], Lifecycle={"DeleteAfterDays": 30})
    assert response["Lifecycle"] == {"DeleteAfterDays": 30}
    assert backup.describe_recovery_point(BackupVaultName=VAULT, RecoveryPointArn=job["RecoveryPointArn"])["Lifecycle"] == {"DeleteAfterDays": 30}
    return response


@check("rds", "RestoreDBInstanceFromDBSnapshot")
def restore_db_instance_from_an_aws_backup_snapshot(aws: Emulator) -> dict[str, Any]:
    snapshot = backed_up(aws)["RecoveryPointArn"].split(":snapshot:", 1)[1]
    aws.client("rds").modify_db_instance(DBInstanceIdentifier="demo-local", PubliclyAccessible=True, ApplyImmediately=True)
    restored = aws.client("rds").restore_db_instance_from_db_snapshot(
        DBInstanceIdentifier="demo-local-drill", DBSnapshotIdentifier=snapshot, PubliclyAccessible=False, MultiAZ=False
    )
    assert restored["DBInstance"]["DBInstanceIdentifier"] == "demo-local-drill"
    assert restored["DBInstance"]["Engine"] == "postgres"
    assert restored["DBInstance"]["PubliclyAccessible"] is False
    return restored


@check("rds", "RestoreDBInstanceToPointInTime")
def restore_db_instance_to_point_in_time_as_asked(aws: Emulator) -> dict[str, Any]:
    source = database(aws)
    aws.client("rds").modify_db_instance(DBInstanceIdentifier="demo-local", PubliclyAccessible=True, ApplyImmediately=True)
    restored = aws.client("rds").restore_db_instance_to_point_in_time(
        SourceDBInstanceIdentifier=source.split(":db:")[1], TargetDBInstanceIdentifier="demo-local-pitr", UseLatestRestorableTime=True, PubliclyAccessible=False
    )
    assert restored["DBInstance"]["PubliclyAccessible"] is False
    return restored
