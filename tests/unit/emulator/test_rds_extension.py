"""The RDS extension (tools/emulator/webstack_emulator/extensions/rds.py): the RDS-managed master user secret."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.rds import PASSWORD
from tests.unit.emulator.checks.rds import cluster_with_password
from tests.unit.emulator.checks.rds import instance_with_password
from tests.unit.emulator.checks.rds import key_arn


def modify(aws: Emulator, kind: str, **request: Any) -> dict[str, Any]:
    rds = aws.client("rds")
    if kind == "instance":
        return rds.modify_db_instance(DBInstanceIdentifier="db", **request)["DBInstance"]
    return rds.modify_db_cluster(DBClusterIdentifier="cluster", **request)["DBCluster"]


def describe(aws: Emulator, kind: str) -> dict[str, Any]:
    rds = aws.client("rds")
    if kind == "instance":
        return rds.describe_db_instances(DBInstanceIdentifier="db")["DBInstances"][0]
    return rds.describe_db_clusters(DBClusterIdentifier="cluster")["DBClusters"][0]


@pytest.fixture(params=["instance", "cluster"])
def kind(request: pytest.FixtureRequest, aws: Emulator) -> str:
    """An instance or an Aurora cluster whose master password is not managed yet."""
    if request.param == "instance":
        instance_with_password(aws)
    else:
        cluster_with_password(aws)
    return str(request.param)


def secret_names(aws: Emulator) -> list[str]:
    return [secret["Name"] for secret in aws.client("secretsmanager").list_secrets()["SecretList"]]


def error_code(aws: Emulator, kind: str, **request: Any) -> str:
    with pytest.raises(ClientError) as raised:
        modify(aws, kind, ApplyImmediately=True, **request)
    return str(raised.value.response["Error"]["Code"])


def test_managing_turns_on_with_a_creating_secret_under_the_secrets_manager_key(aws: Emulator, kind: str) -> None:
    default_key = aws.client("kms").describe_key(KeyId="alias/aws/secretsmanager")["KeyMetadata"]["Arn"]
    secret = modify(aws, kind, ManageMasterUserPassword=True, ApplyImmediately=True)["MasterUserSecret"]
    assert (secret["SecretStatus"], secret["KmsKeyId"]) == ("creating", default_key)
    assert describe(aws, kind)["MasterUserSecret"]["SecretStatus"] == "active"


def test_managing_a_managed_password_again_keeps_the_one_secret(aws: Emulator, kind: str) -> None:
    first = modify(aws, kind, ManageMasterUserPassword=True, ApplyImmediately=True)["MasterUserSecret"]
    again = modify(aws, kind, ManageMasterUserPassword=True, ApplyImmediately=True)["MasterUserSecret"]
    assert again["SecretArn"] == first["SecretArn"]
    assert len(secret_names(aws)) == 1


def test_a_new_key_reencrypts_the_same_secret(aws: Emulator, kind: str) -> None:
    first = modify(aws, kind, ManageMasterUserPassword=True, ApplyImmediately=True)["MasterUserSecret"]
    key = key_arn(aws)
    modify(aws, kind, ManageMasterUserPassword=True, MasterUserSecretKmsKeyId=key, ApplyImmediately=True)
    secret = describe(aws, kind)["MasterUserSecret"]
    assert (secret["SecretArn"], secret["KmsKeyId"]) == (first["SecretArn"], key)
    assert aws.client("secretsmanager").describe_secret(SecretId=first["SecretArn"])["KmsKeyId"] == key


def test_a_key_named_by_alias_reads_back_as_its_key_arn(aws: Emulator, kind: str) -> None:
    key = key_arn(aws)
    aws.client("kms").create_alias(AliasName="alias/db-secret", TargetKeyId=key)
    modify(aws, kind, ManageMasterUserPassword=True, MasterUserSecretKmsKeyId="alias/db-secret", ApplyImmediately=True)
    assert describe(aws, kind)["MasterUserSecret"]["KmsKeyId"] == key


def test_a_key_without_manage_master_user_password_is_refused(aws: Emulator, kind: str) -> None:
    modify(aws, kind, ManageMasterUserPassword=True, ApplyImmediately=True)
    assert error_code(aws, kind, MasterUserSecretKmsKeyId=key_arn(aws)) == "InvalidParameterValue"


def test_an_unknown_key_is_not_accessible_and_changes_nothing(aws: Emulator, kind: str) -> None:
    assert error_code(aws, kind, ManageMasterUserPassword=True, MasterUserSecretKmsKeyId="alias/missing") == "KMSKeyNotAccessibleFault"
    assert "MasterUserSecret" not in describe(aws, kind)
    assert secret_names(aws) == []


def test_managing_with_a_password_is_refused(aws: Emulator, kind: str) -> None:
    assert error_code(aws, kind, ManageMasterUserPassword=True, MasterUserPassword=PASSWORD) == "InvalidParameterCombination"


def test_turning_off_needs_a_password(aws: Emulator, kind: str) -> None:
    modify(aws, kind, ManageMasterUserPassword=True, ApplyImmediately=True)
    assert error_code(aws, kind, ManageMasterUserPassword=False) == "InvalidParameterCombination"
    assert describe(aws, kind)["MasterUserSecret"]["SecretArn"]


def test_turning_off_an_unmanaged_password_is_refused(aws: Emulator, kind: str) -> None:
    assert error_code(aws, kind, ManageMasterUserPassword=False, MasterUserPassword=PASSWORD) == "InvalidParameterCombination"


def test_turning_off_with_a_password_deletes_the_secret(aws: Emulator, kind: str) -> None:
    modify(aws, kind, ManageMasterUserPassword=True, ApplyImmediately=True)
    modify(aws, kind, ManageMasterUserPassword=False, MasterUserPassword="Another-Pa55word", ApplyImmediately=True)
    assert "MasterUserSecret" not in describe(aws, kind)
    assert secret_names(aws) == []


def test_rotating_an_unmanaged_password_is_refused_and_the_resource_stays(aws: Emulator, kind: str) -> None:
    assert error_code(aws, kind, RotateMasterUserPassword=True) == "InvalidParameterCombination"
    assert "MasterUserSecret" not in describe(aws, kind)


def test_rotating_without_apply_immediately_is_refused_and_the_resource_stays(aws: Emulator, kind: str) -> None:
    modify(aws, kind, ManageMasterUserPassword=True, ApplyImmediately=True)
    with pytest.raises(ClientError, match="apply immediately"):
        modify(aws, kind, RotateMasterUserPassword=True)
    assert describe(aws, kind)["MasterUserSecret"]["SecretStatus"] == "active"


def test_rotating_answers_rotating_then_active(aws: Emulator, kind: str) -> None:
    modify(aws, kind, ManageMasterUserPassword=True, ApplyImmediately=True)
    describe(aws, kind)
    assert modify(aws, kind, RotateMasterUserPassword=True, ApplyImmediately=True)["MasterUserSecret"]["SecretStatus"] == "rotating"
    assert describe(aws, kind)["MasterUserSecret"]["SecretStatus"] == "active"


def test_the_secret_rotates_until_the_instance_is_available_again(aws: Emulator) -> None:
    instance_with_password(aws)
    modify(aws, "instance", ManageMasterUserPassword=True, ApplyImmediately=True)
    aws.latency("aws-scaled", 0.002)  # 1.2 s of modifying
    modify(aws, "instance", RotateMasterUserPassword=True, ApplyImmediately=True)
    first = describe(aws, "instance")
    assert (first["DBInstanceStatus"], first["MasterUserSecret"]["SecretStatus"]) == ("modifying", "rotating")
    deadline = time.monotonic() + 10
    while describe(aws, "instance")["DBInstanceStatus"] != "available":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert describe(aws, "instance")["MasterUserSecret"]["SecretStatus"] == "active"


def test_an_unknown_cluster_is_still_not_found(aws: Emulator) -> None:
    with pytest.raises(ClientError) as raised:
        aws.client("rds").modify_db_cluster(DBClusterIdentifier="nope", ManageMasterUserPassword=True, ApplyImmediately=True)
    assert raised.value.response["Error"]["Code"] == "DBClusterNotFoundFault"


# --- parameter groups -------------------------------------------------------------------


def parameters_of(aws: Emulator, group: str) -> dict[str, dict[str, Any]]:
    answer = aws.client("rds").describe_db_parameters(DBParameterGroupName=group)["Parameters"]
    return {parameter["ParameterName"]: parameter for parameter in answer}


def test_a_missing_parameter_group_is_not_found(aws: Emulator) -> None:
    with pytest.raises(ClientError) as raised:
        aws.client("rds").describe_db_parameter_groups(DBParameterGroupName="missing")
    assert raised.value.response["Error"]["Code"] == "DBParameterGroupNotFound"


def test_every_parameter_group_is_listed_without_a_name(aws: Emulator) -> None:
    rds = aws.client("rds")
    for name in ("one", "two"):
        rds.create_db_parameter_group(DBParameterGroupName=name, DBParameterGroupFamily="postgres16", Description="d")
    names = [group["DBParameterGroupName"] for group in rds.describe_db_parameter_groups()["DBParameterGroups"]]
    assert {"one", "two"} <= set(names)


@pytest.mark.parametrize(("family", "force_ssl"), [("postgres16", "1"), ("postgres14", None)])
def test_postgres_forces_ssl_by_default_from_version_15(aws: Emulator, family: str, force_ssl: str | None) -> None:
    aws.client("rds").create_db_parameter_group(DBParameterGroupName="pg", DBParameterGroupFamily=family, Description="d")
    assert parameters_of(aws, "pg")["rds.force_ssl"].get("ParameterValue") == force_ssl


def test_a_default_parameter_is_complete_and_modifiable(aws: Emulator) -> None:
    aws.client("rds").create_db_parameter_group(DBParameterGroupName="pg", DBParameterGroupFamily="postgres16", Description="d")
    parameter = parameters_of(aws, "pg")["log_min_duration_statement"]
    assert parameter == {
        "ParameterName": "log_min_duration_statement",
        "Description": "Sets the minimum execution time above which statements will be logged.",
        "Source": "engine-default",
        "ApplyType": "dynamic",
        "DataType": "integer",
        "AllowedValues": "-1-2147483647",
        "IsModifiable": True,
        "ApplyMethod": "pending-reboot",
    }


def test_a_modified_parameter_keeps_its_description_and_reads_as_the_users(aws: Emulator) -> None:
    rds = aws.client("rds")
    rds.create_db_parameter_group(DBParameterGroupName="pg", DBParameterGroupFamily="postgres16", Description="d")
    rds.modify_db_parameter_group(
        DBParameterGroupName="pg", Parameters=[{"ParameterName": "log_min_duration_statement", "ParameterValue": "1000", "ApplyMethod": "immediate"}]
    )
    parameter = parameters_of(aws, "pg")["log_min_duration_statement"]
    assert (parameter["ParameterValue"], parameter["Source"], parameter["ApplyMethod"], parameter["DataType"]) == ("1000", "user", "immediate", "integer")


def test_another_family_keeps_motos_empty_start(aws: Emulator) -> None:
    aws.client("rds").create_db_parameter_group(DBParameterGroupName="my", DBParameterGroupFamily="mysql8.0", Description="d")
    assert parameters_of(aws, "my") == {}


def test_a_cluster_parameter_group_lists_its_defaults_and_the_users(aws: Emulator) -> None:
    rds = aws.client("rds")
    rds.create_db_cluster_parameter_group(DBClusterParameterGroupName="cpg", DBParameterGroupFamily="aurora-postgresql16", Description="d")
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName="cpg", Parameters=[{"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"}]
    )
    answer = rds.describe_db_cluster_parameters(DBClusterParameterGroupName="cpg")["Parameters"]
    by_name = {parameter["ParameterName"]: parameter for parameter in answer}
    assert (by_name["rds.force_ssl"]["ParameterValue"], by_name["rds.force_ssl"]["Source"]) == ("1", "user")
    assert by_name["log_connections"]["Source"] == "engine-default"


# --- what an instance reads back --------------------------------------------------------


def create_instance(aws: Emulator, **request: Any) -> dict[str, Any]:
    settings = {
        "DBInstanceIdentifier": "db",
        "DBInstanceClass": "db.t4g.micro",
        "Engine": "postgres",
        "MasterUsername": "app",
        "MasterUserPassword": PASSWORD,
        "AllocatedStorage": 20,
        **request,
    }
    aws.client("rds").create_db_instance(**settings)
    return describe(aws, "instance")


@pytest.mark.parametrize(("engine", "storage", "baseline"), [("postgres", 399, (3000, 125)), ("postgres", 400, (12000, 500)), ("oracle-ee", 200, (12000, 500))])
def test_gp3_answers_its_baseline_by_size(aws: Emulator, engine: str, storage: int, baseline: tuple[int, int]) -> None:
    db = create_instance(aws, Engine=engine, AllocatedStorage=storage, StorageType="gp3")
    assert (db["Iops"], db["StorageThroughput"]) == baseline


def test_gp3_keeps_what_was_asked(aws: Emulator) -> None:
    db = create_instance(aws, AllocatedStorage=500, StorageType="gp3", Iops=15000, StorageThroughput=600)
    assert (db["Iops"], db["StorageThroughput"]) == (15000, 600)


def test_gp2_has_no_throughput(aws: Emulator) -> None:
    db = create_instance(aws, StorageType="gp2")
    assert "StorageThroughput" not in db and "Iops" not in db


def test_performance_insights_off_reads_false_alone(aws: Emulator) -> None:
    db = create_instance(aws)
    assert db["PerformanceInsightsEnabled"] is False
    assert "PerformanceInsightsKMSKeyId" not in db and "PerformanceInsightsRetentionPeriod" not in db


def test_performance_insights_keep_the_key_and_retention_asked_for_and_modified(aws: Emulator) -> None:
    key = key_arn(aws)
    aws.client("kms").create_alias(AliasName="alias/pi", TargetKeyId=key)
    db = create_instance(aws, EnablePerformanceInsights=True, PerformanceInsightsKMSKeyId="alias/pi", PerformanceInsightsRetentionPeriod=31)
    assert (db["PerformanceInsightsKMSKeyId"], db["PerformanceInsightsRetentionPeriod"]) == (key, 31)
    modify(aws, "instance", EnablePerformanceInsights=False, ApplyImmediately=True)
    assert describe(aws, "instance")["PerformanceInsightsEnabled"] is False


def test_storage_key_is_the_aws_managed_key_by_default(aws: Emulator) -> None:
    default_key = aws.client("kms").describe_key(KeyId="alias/aws/rds")["KeyMetadata"]["Arn"]
    assert create_instance(aws, StorageEncrypted=True)["KmsKeyId"] == default_key


def test_a_cluster_member_answers_the_clusters_subnet_group(aws: Emulator) -> None:
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.40.{n}.0/24", AvailabilityZone=f"eu-west-1{z}")["Subnet"]["SubnetId"] for n, z in ((1, "a"), (2, "b"))
    ]
    rds = aws.client("rds")
    rds.create_db_subnet_group(DBSubnetGroupName="data", DBSubnetGroupDescription="d", SubnetIds=subnets)
    rds.create_db_cluster(
        DBClusterIdentifier="cluster", Engine="aurora-postgresql", MasterUsername="app", MasterUserPassword=PASSWORD, DBSubnetGroupName="data"
    )
    rds.create_db_instance(DBInstanceIdentifier="writer", DBClusterIdentifier="cluster", Engine="aurora-postgresql", DBInstanceClass="db.serverless")
    [writer] = rds.describe_db_instances(DBInstanceIdentifier="writer")["DBInstances"]
    assert writer["DBSubnetGroup"]["DBSubnetGroupName"] == "data"
