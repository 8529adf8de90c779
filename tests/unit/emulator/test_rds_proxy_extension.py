"""The behaviour around the RDS Proxy fixes: target health that follows the database, endpoints, an available proxy first."""

from __future__ import annotations

import time

from webstack_emulator import latency

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.rds_proxy import PROXY
from tests.unit.emulator.checks.rds_proxy import SECRET
from tests.unit.emulator.checks.rds_proxy import db_instance
from tests.unit.emulator.checks.rds_proxy import error_code
from tests.unit.emulator.checks.rds_proxy import proxy_world

PHASE_SECONDS = 1.0


def health(aws: Emulator) -> dict[str, str]:
    return {t["RdsResourceId"]: t["TargetHealth"]["State"] for t in aws.client("rds").describe_db_proxy_targets(DBProxyName=PROXY)["Targets"]}


def test_a_target_is_registering_until_its_database_is_available(aws: Emulator) -> None:
    proxy_world(aws)
    aws.latency("aws-scaled", PHASE_SECONDS / latency.AWS_SECONDS["rds_instance"]["create"])
    aws.client("rds").register_db_proxy_targets(DBProxyName=PROXY, DBInstanceIdentifiers=[db_instance(aws)])

    assert health(aws) == {"webstack-db": "REGISTERING"}
    assert health(aws) == {"webstack-db": "REGISTERING"}  # not only for one read
    time.sleep(PHASE_SECONDS + 0.2)
    assert health(aws) == {"webstack-db": "AVAILABLE"}


def test_a_target_whose_database_is_gone_is_unavailable(aws: Emulator) -> None:
    proxy_world(aws)
    rds = aws.client("rds")
    rds.register_db_proxy_targets(DBProxyName=PROXY, DBInstanceIdentifiers=[db_instance(aws)])
    rds.delete_db_instance(DBInstanceIdentifier="webstack-db", SkipFinalSnapshot=True)

    [target] = rds.describe_db_proxy_targets(DBProxyName=PROXY)["Targets"]
    assert (target["TargetHealth"]["State"], target["TargetHealth"]["Reason"]) == ("UNAVAILABLE", "UNREACHABLE")


def test_a_creating_proxy_takes_no_targets_and_no_endpoints(aws: Emulator) -> None:
    aws.latency("aws-scaled", 100.0)
    world = proxy_world(aws)
    rds = aws.client("rds")
    assert rds.describe_db_proxies(DBProxyName=PROXY)["DBProxies"][0]["Status"] == "creating"
    identifier = db_instance(aws)

    assert error_code(rds.register_db_proxy_targets, DBProxyName=PROXY, DBInstanceIdentifiers=[identifier]) == "InvalidDBProxyStateFault"
    assert (
        error_code(rds.create_db_proxy_endpoint, DBProxyName=PROXY, DBProxyEndpointName="reader", VpcSubnetIds=world["subnets"]) == "InvalidDBProxyStateFault"
    )
    assert error_code(rds.modify_db_proxy, DBProxyName=PROXY, RequireTLS=False) == "InvalidDBProxyStateFault"


def test_a_proxy_can_be_renamed_with_its_endpoints(aws: Emulator) -> None:
    world = proxy_world(aws)
    rds = aws.client("rds")
    rds.create_db_proxy_endpoint(DBProxyName=PROXY, DBProxyEndpointName="reader", VpcSubnetIds=world["subnets"], TargetRole="READ_ONLY")

    renamed = rds.modify_db_proxy(DBProxyName=PROXY, NewDBProxyName="renamed")["DBProxy"]

    assert renamed["DBProxyName"] == "renamed"
    assert [p["DBProxyName"] for p in rds.describe_db_proxies()["DBProxies"]] == ["renamed"]
    assert [e["DBProxyEndpointName"] for e in rds.describe_db_proxy_endpoints(DBProxyName="renamed")["DBProxyEndpoints"]] == ["default", "reader"]


def test_modify_db_proxy_changes_only_what_it_is_given(aws: Emulator) -> None:
    world = proxy_world(aws)
    rds = aws.client("rds")

    proxy = rds.modify_db_proxy(DBProxyName=PROXY, IdleClientTimeout=300)["DBProxy"]

    assert (proxy["IdleClientTimeout"], proxy["Auth"][0]["SecretArn"], proxy["VpcSubnetIds"]) == (300, SECRET, world["subnets"])
    assert error_code(rds.modify_db_proxy, DBProxyName=PROXY, IdleClientTimeout=28801) == "InvalidParameterValue"
    assert error_code(rds.modify_db_proxy, DBProxyName="missing", RequireTLS=True) == "DBProxyNotFoundFault"


def test_endpoint_names_are_unique_and_default_is_reserved(aws: Emulator) -> None:
    world = proxy_world(aws)
    rds = aws.client("rds")
    rds.create_db_proxy_endpoint(DBProxyName=PROXY, DBProxyEndpointName="reader", VpcSubnetIds=world["subnets"])

    for name in ("reader", "default"):
        assert error_code(rds.create_db_proxy_endpoint, DBProxyName=PROXY, DBProxyEndpointName=name, VpcSubnetIds=world["subnets"]) == (
            "DBProxyEndpointAlreadyExistsFault"
        )
    assert error_code(rds.delete_db_proxy_endpoint, DBProxyEndpointName="default") == "DBProxyEndpointNotFoundFault"


def test_an_endpoint_defaults_to_read_write_and_the_vpcs_default_group(aws: Emulator) -> None:
    world = proxy_world(aws)
    rds = aws.client("rds")

    endpoint = rds.create_db_proxy_endpoint(DBProxyName=PROXY, DBProxyEndpointName="writer", VpcSubnetIds=world["subnets"])["DBProxyEndpoint"]

    assert endpoint["TargetRole"] == "READ_WRITE"
    assert endpoint["VpcSecurityGroupIds"] == rds.describe_db_proxies(DBProxyName=PROXY)["DBProxies"][0]["VpcSecurityGroupIds"]


def test_an_endpoint_in_another_vpc_is_refused(aws: Emulator) -> None:
    proxy_world(aws)
    ec2 = aws.client("ec2")
    other_vpc = ec2.create_vpc(CidrBlock="10.41.0.0/16")["Vpc"]["VpcId"]
    other_subnet = ec2.create_subnet(VpcId=other_vpc, CidrBlock="10.41.1.0/24")["Subnet"]["SubnetId"]

    code = error_code(aws.client("rds").create_db_proxy_endpoint, DBProxyName=PROXY, DBProxyEndpointName="reader", VpcSubnetIds=[other_subnet])

    assert code == "InvalidSubnet"


def test_an_endpoint_can_be_renamed(aws: Emulator) -> None:
    world = proxy_world(aws)
    rds = aws.client("rds")
    rds.create_db_proxy_endpoint(DBProxyName=PROXY, DBProxyEndpointName="reader", VpcSubnetIds=world["subnets"])

    endpoint = rds.modify_db_proxy_endpoint(DBProxyEndpointName="reader", NewDBProxyEndpointName="readers")["DBProxyEndpoint"]

    assert endpoint["DBProxyEndpointName"] == "readers" and endpoint["Endpoint"].startswith("readers.endpoint.")
    assert error_code(rds.describe_db_proxy_endpoints, DBProxyEndpointName="reader") == "DBProxyEndpointNotFoundFault"


def test_proxy_tags_round_trip(aws: Emulator) -> None:
    proxy_world(aws)
    rds = aws.client("rds")
    arn = rds.describe_db_proxies(DBProxyName=PROXY)["DBProxies"][0]["DBProxyArn"]

    rds.add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    rds.remove_tags_from_resource(ResourceName=arn, TagKeys=["a"])

    assert rds.list_tags_for_resource(ResourceName=arn)["TagList"] == [{"Key": "b", "Value": "2"}]
