"""backup_recovery_point, run end to end through main() against the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import backup_recovery_point

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

ROLE = "arn:aws:iam::123456789012:role/demo-local-backup"
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


class World:
    def __init__(self, aws: Emulator, db_arn: str) -> None:
        self.aws = aws
        self.db_arn = db_arn

    def backup(self, **extra: Any) -> str:
        """An on-demand backup of the DB instance; its recovery point ARN."""
        return self.aws.client("backup").start_backup_job(BackupVaultName=VAULT, ResourceArn=self.db_arn, IamRoleArn=ROLE, **extra)["RecoveryPointArn"]

    def point(self, arn: str, vault: str = VAULT) -> dict[str, Any]:
        return self.aws.client("backup").describe_recovery_point(BackupVaultName=vault, RecoveryPointArn=arn)

    def arns(self) -> list[str]:
        return [p["RecoveryPointArn"] for p in self.aws.client("backup").list_recovery_points_by_backup_vault(BackupVaultName=VAULT)["RecoveryPoints"]]

    def snapshots(self) -> list[str]:
        return [s["DBSnapshotArn"] for s in self.aws.client("rds").describe_db_snapshots(SnapshotType="awsbackup")["DBSnapshots"]]

    def run(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(backup_recovery_point.main, self.aws, {"backup_vault_name": VAULT, **args}, check_mode)


@pytest.fixture
def world(aws: Emulator) -> World:
    aws.client("backup").create_backup_vault(BackupVaultName=VAULT)
    return World(aws, database(aws, "demo-local"))


# Lifecycle


def test_sets_the_lifecycle(world: World) -> None:
    arn = world.backup(Lifecycle={"DeleteAfterDays": 7})
    world.aws.clear_calls()
    result = world.run({"recovery_point_arn": arn, "lifecycle": {"delete_after_days": 365}})
    assert not result.failed and result.changed, result.out
    assert world.point(arn)["Lifecycle"] == {"DeleteAfterDays": 365}
    assert result.out["recovery_point"]["lifecycle"] == {"delete_after_days": 365}
    assert result.out["diff"] == {
        "before": {"recovery_point_arn": arn, "backup_vault_name": VAULT, "status": "COMPLETED", "lifecycle": {"delete_after_days": 7}},
        "after": {"recovery_point_arn": arn, "backup_vault_name": VAULT, "status": "COMPLETED", "lifecycle": {"delete_after_days": 365}},
    }
    assert world.aws.calls().mutating == ["backup:UpdateRecoveryPointLifecycle"]


def test_a_second_run_changes_nothing(world: World) -> None:
    arn = world.backup()
    args = {"recovery_point_arn": arn, "lifecycle": {"move_to_cold_storage_after_days": 30, "delete_after_days": 365}}
    world.run(args)
    world.aws.clear_calls()
    again = world.run(args)
    assert not again.failed and not again.changed, again.out
    assert world.aws.calls().mutating == []


def test_check_mode_reports_the_change_and_makes_none(world: World) -> None:
    arn = world.backup(Lifecycle={"DeleteAfterDays": 7})
    world.aws.clear_calls()
    result = world.run({"recovery_point_arn": arn, "lifecycle": {"delete_after_days": 30}}, check_mode=True)
    assert result.changed and world.aws.calls().mutating == []
    assert world.point(arn)["Lifecycle"] == {"DeleteAfterDays": 7}


def test_present_without_lifecycle_only_reads(world: World) -> None:
    arn = world.backup(Lifecycle={"DeleteAfterDays": 7})
    world.aws.clear_calls()
    result = world.run({"recovery_point_arn": arn})
    assert not result.changed and result.out["recovery_point"]["recovery_point_arn"] == arn
    assert world.aws.calls().mutating == []


def test_present_for_a_missing_recovery_point_fails(world: World) -> None:
    world.aws.clear_calls()
    result = world.run({"recovery_point_arn": "arn:aws:rds:eu-west-1:123456789012:snapshot:awsbackup:job-missing", "lifecycle": {"delete_after_days": 7}})
    assert result.failed and "not in backup vault" in result.out["msg"]
    assert world.aws.calls().mutating == []


# Absent


def test_absent_deletes_the_named_recovery_point_and_its_snapshot_only(world: World) -> None:
    doomed = world.backup()
    kept = world.backup()
    world.aws.clear_calls()
    result = world.run({"recovery_point_arn": doomed, "state": "absent"})
    assert not result.failed and result.changed, result.out
    assert world.arns() == [kept] and world.snapshots() == [kept]
    assert result.out["recovery_point"] == {} and result.out["diff"]["before"]["recovery_point_arn"] == doomed
    assert world.aws.calls().mutating == ["backup:DeleteRecoveryPoint"]


def test_absent_twice_changes_nothing(world: World) -> None:
    arn = world.backup()
    world.run({"recovery_point_arn": arn, "state": "absent"})
    world.aws.clear_calls()
    again = world.run({"recovery_point_arn": arn, "state": "absent"})
    assert not again.failed and not again.changed
    assert world.aws.calls().mutating == []


def test_absent_in_check_mode_deletes_nothing(world: World) -> None:
    arn = world.backup()
    world.aws.clear_calls()
    result = world.run({"recovery_point_arn": arn, "state": "absent"}, check_mode=True)
    assert result.changed and world.arns() == [arn]
    assert world.aws.calls().mutating == []


def test_absent_names_the_vault_that_holds_it(world: World) -> None:
    """A recovery point named with another vault is not that vault's: nothing is deleted."""
    arn = world.backup()
    world.aws.client("backup").create_backup_vault(BackupVaultName="other")
    world.aws.clear_calls()
    result = run(backup_recovery_point.main, world.aws, {"backup_vault_name": "other", "recovery_point_arn": arn, "state": "absent"})
    assert not result.failed and not result.changed
    assert world.arns() == [arn] and world.aws.calls().mutating == []


def test_absent_in_a_missing_vault_changes_nothing(world: World) -> None:
    arn = world.backup()
    world.aws.clear_calls()
    result = run(backup_recovery_point.main, world.aws, {"backup_vault_name": "missing", "recovery_point_arn": arn, "state": "absent"})
    assert not result.failed and not result.changed
    assert world.arns() == [arn] and world.aws.calls().mutating == []


# Bad inputs


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"lifecycle": {"move_to_cold_storage_after_days": 30, "delete_after_days": 60}}, "lifecycle.delete_after_days"),
        ({"lifecycle": {"delete_after_days": 0}}, "lifecycle.delete_after_days"),
        ({"lifecycle": {}}, "lifecycle needs"),
        ({"lifecycle": {"delete_after_days": 7}, "state": "absent"}, "lifecycle applies"),
        ({"recovery_point_arn": "*"}, "recovery_point_arn"),
        ({"wait_timeout": -1}, "wait_timeout"),
    ],
)
def test_bad_inputs_fail_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    arn = world.backup()
    world.aws.clear_calls()
    result = world.run({"recovery_point_arn": arn, **args})
    assert result.failed and named in result.out["msg"], result.out
    assert world.aws.calls().calls == []
    assert world.arns() == [arn]


# Pure functions


def test_lifecycle_differs_only_on_managed_settings() -> None:
    current = {"Lifecycle": {"DeleteAfterDays": 7, "OptInToArchiveForSupportedResources": False}}
    assert not backup_recovery_point.lifecycle_differs(current, {"DeleteAfterDays": 7})
    assert backup_recovery_point.lifecycle_differs(current, {"DeleteAfterDays": 7, "MoveToColdStorageAfterDays": 1})
    assert backup_recovery_point.lifecycle_differs({}, {"DeleteAfterDays": 7})
    assert not backup_recovery_point.lifecycle_differs(current, None)


def test_desired_lifecycle_sends_the_settings_given() -> None:
    assert backup_recovery_point.desired_lifecycle({"move_to_cold_storage_after_days": None, "delete_after_days": 35}) == {"DeleteAfterDays": 35}
    assert backup_recovery_point.desired_lifecycle(None) is None
