"""Checks of the RDS Proxy fixes (webstack_emulator/extensions/rds_proxy.py), one per fixed operation."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

PROXY = "webstack-proxy"
SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:webstack-db-AbCdEf"
ROLE = "arn:aws:iam::123456789012:role/webstack-proxy"


def proxy_world(aws: Emulator) -> dict[str, Any]:
    """A VPC with two subnets and a second security group, and PROXY in it; their IDs."""
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.40.{i}.0/24")["Subnet"]["SubnetId"] for i in (1, 2)]
    group = ec2.create_security_group(GroupName="proxy", Description="proxy", VpcId=vpc)["GroupId"]
    aws.client("rds").create_db_proxy(
        DBProxyName=PROXY,
        EngineFamily="POSTGRESQL",
        Auth=[{"AuthScheme": "SECRETS", "SecretArn": SECRET, "IAMAuth": "DISABLED"}],
        RoleArn=ROLE,
        VpcSubnetIds=subnets,
    )
    return {"vpc": vpc, "subnets": subnets, "group": group}


def db_instance(aws: Emulator, identifier: str = "webstack-db") -> str:
    aws.client("rds").create_db_instance(
        DBInstanceIdentifier=identifier,
        Engine="postgres",
        DBInstanceClass="db.t3.micro",
        MasterUsername="app",
        MasterUserPassword="password-1",
        AllocatedStorage=20,
    )
    return identifier


def aurora_cluster(aws: Emulator, identifier: str = "webstack-aurora") -> str:
    rds = aws.client("rds")
    rds.create_db_cluster(DBClusterIdentifier=identifier, Engine="aurora-postgresql", MasterUsername="app", MasterUserPassword="password-1")
    rds.create_db_instance(DBInstanceIdentifier=f"{identifier}-1", Engine="aurora-postgresql", DBInstanceClass="db.r6g.large", DBClusterIdentifier=identifier)
    return identifier


def error_code(call: Any, **params: Any) -> str:
    with pytest.raises(ClientError) as error:
        call(**params)
    return error.value.response["Error"]["Code"]


@check("rds", "RegisterDBProxyTargets")
def targets_carry_their_database_and_unknown_ones_are_refused(aws: Emulator) -> dict[str, Any]:
    proxy_world(aws)
    rds = aws.client("rds")
    assert error_code(rds.register_db_proxy_targets, DBProxyName=PROXY, DBInstanceIdentifiers=["missing"]) == "DBInstanceNotFound"
    response = rds.register_db_proxy_targets(DBProxyName=PROXY, DBInstanceIdentifiers=[db_instance(aws)])
    [target] = response["DBProxyTargets"]
    assert target["Endpoint"].startswith("webstack-db.") and target["TargetArn"].endswith(":db:webstack-db")
    assert error_code(rds.register_db_proxy_targets, DBProxyName=PROXY, DBInstanceIdentifiers=["webstack-db"]) == "DBProxyTargetAlreadyRegisteredFault"
    return response


@check("rds", "DescribeDBProxyTargets")
def cluster_members_are_targets_with_a_steady_health(aws: Emulator) -> dict[str, Any]:
    proxy_world(aws)
    rds = aws.client("rds")
    rds.register_db_proxy_targets(DBProxyName=PROXY, DBClusterIdentifiers=[aurora_cluster(aws)])
    rds.describe_db_proxy_targets(DBProxyName=PROXY)
    response = rds.describe_db_proxy_targets(DBProxyName=PROXY)
    by_id = {t["RdsResourceId"]: t for t in response["Targets"]}
    assert by_id["webstack-aurora"]["Type"] == "TRACKED_CLUSTER"
    member = by_id["webstack-aurora-1"]
    assert (member["Type"], member["TrackedClusterId"], member["Role"]) == ("RDS_INSTANCE", "webstack-aurora", "READ_WRITE")
    assert {t["TargetHealth"]["State"] for t in response["Targets"]} == {"AVAILABLE"}
    assert error_code(rds.describe_db_proxy_targets, DBProxyName="missing") == "DBProxyNotFoundFault"
    return response


@check("rds", "DeregisterDBProxyTargets")
def deregistering_an_unregistered_target_is_refused(aws: Emulator) -> dict[str, Any]:
    proxy_world(aws)
    rds = aws.client("rds")
    rds.register_db_proxy_targets(DBProxyName=PROXY, DBInstanceIdentifiers=[db_instance(aws)])
    assert error_code(rds.deregister_db_proxy_targets, DBProxyName=PROXY, DBInstanceIdentifiers=["other"]) == "DBProxyTargetNotFoundFault"
    assert error_code(rds.deregister_db_proxy_targets, DBProxyName="missing", DBInstanceIdentifiers=["webstack-db"]) == "DBProxyNotFoundFault"
    response = rds.deregister_db_proxy_targets(DBProxyName=PROXY, DBInstanceIdentifiers=["webstack-db"])
    assert rds.describe_db_proxy_targets(DBProxyName=PROXY)["Targets"] == []
    return response


@check("rds", "ModifyDBProxyTargetGroup")
def pool_changes_keep_init_query_and_unsent_settings(aws: Emulator) -> dict[str, Any]:
    proxy_world(aws)
    rds = aws.client("rds")
    rds.modify_db_proxy_target_group(DBProxyName=PROXY, TargetGroupName="default", ConnectionPoolConfig={"MaxIdleConnectionsPercent": 10})
    response = rds.modify_db_proxy_target_group(
        DBProxyName=PROXY, TargetGroupName="default", ConnectionPoolConfig={"MaxConnectionsPercent": 80, "InitQuery": "SET x = 1"}
    )
    pool = response["DBProxyTargetGroup"]["ConnectionPoolConfig"]
    assert (pool["MaxConnectionsPercent"], pool["MaxIdleConnectionsPercent"], pool["InitQuery"]) == (80, 10, "SET x = 1")
    assert rds.describe_db_proxy_target_groups(DBProxyName=PROXY)["TargetGroups"][0]["ConnectionPoolConfig"] == pool
    assert error_code(rds.describe_db_proxy_target_groups, DBProxyName="missing") == "DBProxyNotFoundFault"
    return response


@check("rds", "ModifyDBProxy")
def proxy_settings_change(aws: Emulator) -> dict[str, Any]:
    world = proxy_world(aws)
    auth = [{"AuthScheme": "SECRETS", "SecretArn": SECRET, "IAMAuth": "REQUIRED", "ClientPasswordAuthType": "POSTGRES_MD5"}]
    response = aws.client("rds").modify_db_proxy(
        DBProxyName=PROXY, Auth=auth, RequireTLS=False, IdleClientTimeout=60, DebugLogging=True, SecurityGroups=[world["group"]]
    )
    proxy = response["DBProxy"]
    assert proxy["Auth"] == auth
    assert (proxy["RequireTLS"], proxy["IdleClientTimeout"], proxy["DebugLogging"], proxy["VpcSecurityGroupIds"]) == (False, 60, True, [world["group"]])
    return response


@check("rds", "DeleteDBProxy")
def a_deleted_proxy_is_deleting_and_unknown_ones_are_not_found(aws: Emulator) -> dict[str, Any]:
    world = proxy_world(aws)
    rds = aws.client("rds")
    rds.create_db_proxy_endpoint(DBProxyName=PROXY, DBProxyEndpointName="reader", VpcSubnetIds=world["subnets"], TargetRole="READ_ONLY")
    assert error_code(rds.delete_db_proxy, DBProxyName="missing") == "DBProxyNotFoundFault"
    response = rds.delete_db_proxy(DBProxyName=PROXY)
    assert response["DBProxy"]["Status"] == "deleting"
    assert rds.describe_db_proxies()["DBProxies"] == []
    assert error_code(rds.describe_db_proxy_endpoints, DBProxyEndpointName="reader") == "DBProxyEndpointNotFoundFault"
    return response


@check("rds", "CreateDBProxyEndpoint")
def an_endpoint_is_created_in_the_proxys_vpc(aws: Emulator) -> dict[str, Any]:
    world = proxy_world(aws)
    response = aws.client("rds").create_db_proxy_endpoint(
        DBProxyName=PROXY, DBProxyEndpointName="reader", VpcSubnetIds=world["subnets"][:1], TargetRole="READ_ONLY"
    )
    endpoint = response["DBProxyEndpoint"]
    assert (endpoint["DBProxyName"], endpoint["VpcId"], endpoint["TargetRole"], endpoint["IsDefault"]) == (PROXY, world["vpc"], "READ_ONLY", False)
    assert endpoint["Endpoint"].startswith("reader.endpoint.proxy-") and endpoint["DBProxyEndpointArn"].startswith("arn:aws:rds:")
    return response


@check("rds", "DescribeDBProxyEndpoints")
def a_proxys_endpoints_start_with_its_default(aws: Emulator) -> dict[str, Any]:
    world = proxy_world(aws)
    rds = aws.client("rds")
    rds.create_db_proxy_endpoint(DBProxyName=PROXY, DBProxyEndpointName="reader", VpcSubnetIds=world["subnets"], TargetRole="READ_ONLY")
    response = rds.describe_db_proxy_endpoints(DBProxyName=PROXY)
    assert [(e["DBProxyEndpointName"], e["IsDefault"], e["TargetRole"]) for e in response["DBProxyEndpoints"]] == [
        ("default", True, "READ_WRITE"),
        ("reader", False, "READ_ONLY"),
    ]
    return response


@check("rds", "ModifyDBProxyEndpoint")
def an_endpoint_gets_new_security_groups(aws: Emulator) -> dict[str, Any]:
    world = proxy_world(aws)
    rds = aws.client("rds")
    rds.create_db_proxy_endpoint(DBProxyName=PROXY, DBProxyEndpointName="reader", VpcSubnetIds=world["subnets"], TargetRole="READ_ONLY")
    response = rds.modify_db_proxy_endpoint(DBProxyEndpointName="reader", VpcSecurityGroupIds=[world["group"]])
    assert response["DBProxyEndpoint"]["VpcSecurityGroupIds"] == [world["group"]]
    return response


@check("rds", "DeleteDBProxyEndpoint")
def an_endpoint_is_deleted(aws: Emulator) -> dict[str, Any]:
    world = proxy_world(aws)
    rds = aws.client("rds")
    rds.create_db_proxy_endpoint(DBProxyName=PROXY, DBProxyEndpointName="reader", VpcSubnetIds=world["subnets"], TargetRole="READ_ONLY")
    response = rds.delete_db_proxy_endpoint(DBProxyEndpointName="reader")
    assert response["DBProxyEndpoint"]["Status"] == "deleting"
    assert [e["DBProxyEndpointName"] for e in rds.describe_db_proxy_endpoints(DBProxyName=PROXY)["DBProxyEndpoints"]] == ["default"]
    return response
