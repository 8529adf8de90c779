"""Checks of the RDS fixes (tools/emulator/webstack_emulator/extensions/rds.py)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

PASSWORD = "Initial-Pa55word"


def instance_with_password(aws: Emulator, identifier: str = "db") -> None:
    aws.client("rds").create_db_instance(
        DBInstanceIdentifier=identifier,
        DBInstanceClass="db.t4g.micro",
        Engine="postgres",
        MasterUsername="app",
        MasterUserPassword=PASSWORD,
        AllocatedStorage=20,
    )


def cluster_with_password(aws: Emulator, identifier: str = "cluster") -> None:
    aws.client("rds").create_db_cluster(DBClusterIdentifier=identifier, Engine="aurora-postgresql", MasterUsername="app", MasterUserPassword=PASSWORD)


def key_arn(aws: Emulator) -> str:
    return str(aws.client("kms").create_key(Description="master user secret")["KeyMetadata"]["Arn"])


@check("rds", "ModifyDBInstance")
def managing_a_managed_instance_again_keeps_its_secret_under_the_new_key(aws: Emulator) -> dict[str, Any]:
    rds = aws.client("rds")
    instance_with_password(aws)
    first = rds.modify_db_instance(DBInstanceIdentifier="db", ManageMasterUserPassword=True, ApplyImmediately=True)["DBInstance"]["MasterUserSecret"]
    key = key_arn(aws)
    response = rds.modify_db_instance(DBInstanceIdentifier="db", ManageMasterUserPassword=True, MasterUserSecretKmsKeyId=key, ApplyImmediately=True)
    secret = response["DBInstance"]["MasterUserSecret"]
    assert (secret["SecretArn"], secret["KmsKeyId"]) == (first["SecretArn"], key)
    assert len(aws.client("secretsmanager").list_secrets()["SecretList"]) == 1
    return response


@check("rds", "ModifyDBCluster")
def a_refused_rotation_leaves_the_cluster_in_place(aws: Emulator) -> dict[str, Any]:
    rds = aws.client("rds")
    cluster_with_password(aws)
    try:
        rds.modify_db_cluster(DBClusterIdentifier="cluster", RotateMasterUserPassword=True, ApplyImmediately=True)
    except ClientError as error:
        assert error.response["Error"]["Code"] == "InvalidParameterCombination"
    else:
        raise AssertionError("rotating an unmanaged cluster's password was accepted")
    response = rds.modify_db_cluster(DBClusterIdentifier="cluster", ManageMasterUserPassword=True, ApplyImmediately=True)
    assert response["DBCluster"]["MasterUserSecret"]["SecretStatus"] == "creating"
    return response


@check("rds", "DescribeDBInstances")
def the_secret_is_creating_until_the_instance_is_available(aws: Emulator) -> dict[str, Any]:
    rds = aws.client("rds")
    instance_with_password(aws)
    aws.latency("aws-scaled", 0.01)  # six seconds of modifying
    rds.modify_db_instance(DBInstanceIdentifier="db", ManageMasterUserPassword=True, ApplyImmediately=True)
    response = rds.describe_db_instances(DBInstanceIdentifier="db")
    assert response["DBInstances"][0]["DBInstanceStatus"] == "modifying"
    assert response["DBInstances"][0]["MasterUserSecret"]["SecretStatus"] == "creating"
    aws.latency("none")
    return response


@check("rds", "DescribeDBParameterGroups")
def a_missing_parameter_group_is_not_found(aws: Emulator) -> dict[str, Any]:
    rds = aws.client("rds")
    try:
        rds.describe_db_parameter_groups(DBParameterGroupName="missing")
    except ClientError as error:
        assert error.response["Error"]["Code"] == "DBParameterGroupNotFound"
    else:
        raise AssertionError("a missing parameter group was answered")
    rds.create_db_parameter_group(DBParameterGroupName="pg", DBParameterGroupFamily="postgres16", Description="d")
    response = rds.describe_db_parameter_groups(DBParameterGroupName="pg")
    assert [group["DBParameterGroupName"] for group in response["DBParameterGroups"]] == ["pg"]
    return response


@check("rds", "DescribeDBParameters")
def a_new_parameter_group_lists_its_family_defaults(aws: Emulator) -> dict[str, Any]:
    rds = aws.client("rds")
    rds.create_db_parameter_group(DBParameterGroupName="pg", DBParameterGroupFamily="postgres16", Description="d")
    rds.modify_db_parameter_group(
        DBParameterGroupName="pg", Parameters=[{"ParameterName": "log_connections", "ParameterValue": "1", "ApplyMethod": "immediate"}]
    )
    response = rds.describe_db_parameters(DBParameterGroupName="pg")
    by_name = {parameter["ParameterName"]: parameter for parameter in response["Parameters"]}
    assert by_name["rds.force_ssl"]["DataType"] == "boolean"
    assert by_name["rds.force_ssl"]["ParameterValue"] == "1"
    assert (by_name["log_connections"]["ParameterValue"], by_name["log_connections"]["Source"]) == ("1", "user")
    return response


@check("rds", "DescribeDBClusterParameters")
def a_new_cluster_parameter_group_lists_its_family_defaults(aws: Emulator) -> dict[str, Any]:
    rds = aws.client("rds")
    rds.create_db_cluster_parameter_group(DBClusterParameterGroupName="cpg", DBParameterGroupFamily="aurora-postgresql16", Description="d")
    response = rds.describe_db_cluster_parameters(DBClusterParameterGroupName="cpg")
    by_name = {parameter["ParameterName"]: parameter for parameter in response["Parameters"]}
    assert {"rds.force_ssl", "log_min_duration_statement", "log_connections", "log_disconnections"} <= set(by_name)
    assert by_name["log_min_duration_statement"]["DataType"] == "integer"
    return response


@check("rds", "CreateDBInstance")
def a_gp3_instance_answers_its_baseline_and_performance_insights(aws: Emulator) -> dict[str, Any]:
    key = key_arn(aws)
    response = aws.client("rds").create_db_instance(
        DBInstanceIdentifier="db",
        DBInstanceClass="db.t4g.micro",
        Engine="postgres",
        MasterUsername="app",
        MasterUserPassword=PASSWORD,
        AllocatedStorage=20,
        StorageType="gp3",
        StorageEncrypted=True,
        KmsKeyId=key,
        EnablePerformanceInsights=True,
    )
    db = response["DBInstance"]
    assert (db["Iops"], db["StorageThroughput"], db["KmsKeyId"]) == (3000, 125, key)
    default_key = aws.client("kms").describe_key(KeyId="alias/aws/rds")["KeyMetadata"]["Arn"]
    assert (db["PerformanceInsightsEnabled"], db["PerformanceInsightsKMSKeyId"], db["PerformanceInsightsRetentionPeriod"]) == (True, default_key, 7)
    return response
