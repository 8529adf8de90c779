"""The full local stack, as a platform team runs it: plan, converge, re-run, partial run, teardown.

The tests run in file order on one emulator (pytest-xdist --dist loadfile keeps them together).
"""

from __future__ import annotations

import pytest

from tests.harness.leftovers import tagged_resources
from tests.harness.stack import Stack

STACK, ENVIRONMENT = "demo", "local"


def _vpc(stack: Stack) -> dict:
    vpcs = stack.aws("ec2").describe_vpcs(Filters=[{"Name": "tag:webstack:stack", "Values": [STACK]}])["Vpcs"]
    assert len(vpcs) == 1, vpcs
    return vpcs[0]


def test_check_on_an_empty_account_changes_nothing(local_stack: Stack) -> None:
    run = local_stack.converge(check=True)
    assert run.ok, run.failures or run.stdout[-3000:]
    assert run.changed > 0, "check mode on an empty account must report what it would create"
    assert run.calls.mutating == []
    assert local_stack.aws("ec2").describe_vpcs(Filters=[{"Name": "tag:webstack:stack", "Values": [STACK]}])["Vpcs"] == []


def test_converge_builds_the_network(local_stack: Stack) -> None:
    run = local_stack.converge()
    assert run.ok, run.failures or run.stdout[-3000:]
    ec2 = local_stack.aws("ec2")
    vpc = _vpc(local_stack)
    assert vpc["CidrBlock"] == "10.40.0.0/16"
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    tiers: dict[str, set[str]] = {}
    for subnet in subnets:
        tags = {t["Key"]: t["Value"] for t in subnet["Tags"]}
        tiers.setdefault(tags["webstack:tier"], set()).add(subnet["AvailabilityZone"])
        assert not subnet["MapPublicIpOnLaunch"]
    assert tiers == {tier: {"eu-west-1a", "eu-west-1b", "eu-west-1c"} for tier in ("public", "private", "isolated")}
    nats = ec2.describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}, {"Name": "state", "Values": ["available"]}])
    assert len(nats["NatGateways"]) == 3
    addresses = ec2.describe_addresses(Filters=[{"Name": "tag:webstack:stack", "Values": [STACK]}])["Addresses"]
    assert sorted(a["AllocationId"] for a in addresses) == sorted(n["NatGatewayAddresses"][0]["AllocationId"] for n in nats["NatGateways"])


def test_private_tier_leaves_through_its_own_az_nat_and_isolated_tier_has_no_default_route(local_stack: Stack) -> None:
    ec2 = local_stack.aws("ec2")
    vpc = _vpc(local_stack)
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["RouteTables"]
    by_tier: dict[str, list[dict]] = {}
    for table in tables:
        tags = {t["Key"]: t["Value"] for t in table.get("Tags", [])}
        if "webstack:tier" in tags:
            by_tier.setdefault(tags["webstack:tier"], []).append(table)
    default = "0.0.0.0/0"
    [public] = by_tier["public"]
    assert any(r.get("DestinationCidrBlock") == default and r.get("GatewayId", "").startswith("igw-") for r in public["Routes"])
    assert len(by_tier["private"]) == 3
    nat_targets = {r["NatGatewayId"] for t in by_tier["private"] for r in t["Routes"] if r.get("DestinationCidrBlock") == default}
    assert len(nat_targets) == 3
    [isolated] = by_tier["isolated"]
    assert not any(r.get("DestinationCidrBlock") == default for r in isolated["Routes"])


def test_endpoints_default_group_and_data_tier_acl(local_stack: Stack) -> None:
    ec2 = local_stack.aws("ec2")
    vpc_id = _vpc(local_stack)["VpcId"]
    endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["VpcEndpoints"]
    services = sorted(e["ServiceName"].split("eu-west-1.", 1)[1] for e in endpoints)
    assert services == sorted(["s3", "dynamodb", "ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "sts", "kms"])
    [default] = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]
    assert default["IpPermissions"] == [] and default["IpPermissionsEgress"] == []
    acls = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "tag:webstack:tier", "Values": ["isolated"]}])
    [acl] = acls["NetworkAcls"]
    assert len(acl["Associations"]) == 3
    inbound_ports = {e["PortRange"]["From"] for e in acl["Entries"] if not e["Egress"] and e["RuleAction"] == "allow" and "PortRange" in e}
    assert inbound_ports == {5432, 6379}


def test_flow_logs_go_to_an_encrypted_log_group(local_stack: Stack) -> None:
    vpc_id = _vpc(local_stack)["VpcId"]
    [flow_log] = local_stack.aws("ec2").describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc_id]}])["FlowLogs"]
    assert flow_log["TrafficType"] == "ALL"
    [group] = local_stack.aws("logs").describe_log_groups(logGroupNamePrefix=flow_log["LogGroupName"])["logGroups"]
    assert group["retentionInDays"] == 90
    assert group["kmsKeyId"].startswith("arn:aws:kms:")


def test_every_resource_carries_the_stack_tags(local_stack: Stack) -> None:
    ec2 = local_stack.aws("ec2")
    vpc_id = _vpc(local_stack)["VpcId"]
    for subnet in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]:
        tags = {t["Key"]: t["Value"] for t in subnet["Tags"]}
        assert tags["webstack:component"] == "vpc" and tags["ManagedBy"] == "ansible" and tags["owner"] == "platform-team"


def test_second_converge_changes_nothing_and_calls_nothing_mutating(local_stack: Stack) -> None:
    run = local_stack.converge()
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []


def test_check_on_the_converged_stack_reports_no_change(local_stack: Stack) -> None:
    run = local_stack.converge(check=True, diff=True)
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []


def test_no_op_reads_at_most_three_times_per_managed_resource(local_stack: Stack) -> None:
    """The role reads each kind once and leaves converged items alone; it must not fall back to a module run per item."""
    run = local_stack.converge()
    assert run.ok, run.failures
    managed = len(tagged_resources(local_stack.emulator, STACK, ENVIRONMENT))
    assert len(run.calls.calls) <= 3 * managed, f"{len(run.calls.calls)} calls for {managed} resources"


def test_drift_is_repaired_and_only_the_drifted_items_are_touched(local_stack: Stack) -> None:
    ec2 = local_stack.aws("ec2")
    vpc_id = _vpc(local_stack)["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "tag:webstack:tier", "Values": ["public"]}])["Subnets"]
    ec2.delete_tags(Resources=[subnets[0]["SubnetId"]], Tags=[{"Key": "owner"}])
    [table] = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "tag:webstack:tier", "Values": ["public"]}])["RouteTables"]
    ec2.delete_route(RouteTableId=table["RouteTableId"], DestinationCidrBlock="0.0.0.0/0")
    [endpoint] = ec2.describe_vpc_endpoints(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "service-name", "Values": ["com.amazonaws.eu-west-1.s3"]}]
    )["VpcEndpoints"]
    ec2.delete_tags(Resources=[endpoint["VpcEndpointId"]], Tags=[{"Key": "Name"}])

    run = local_stack.converge()
    assert run.ok, run.failures
    assert sorted(run.changed_tasks) == ["vpc | create the endpoints", "vpc | create the subnets of every tier", "vpc | wait for the route tables"]
    assert sorted(run.calls.mutating) == ["ec2:CreateRoute", "ec2:CreateTags", "ec2:CreateTags"]
    subnet = ec2.describe_subnets(SubnetIds=[subnets[0]["SubnetId"]])["Subnets"][0]
    assert {t["Key"]: t["Value"] for t in subnet["Tags"]}["owner"] == "platform-team"
    [table] = ec2.describe_route_tables(RouteTableIds=[table["RouteTableId"]])["RouteTables"]
    assert any(r.get("DestinationCidrBlock") == "0.0.0.0/0" and r.get("GatewayId", "").startswith("igw-") for r in table["Routes"])
    assert local_stack.converge().calls.mutating == []


def test_vpc_tag_alone_runs_on_the_converged_stack(local_stack: Stack) -> None:
    run = local_stack.converge(tags=["vpc"])
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert any(t.role == "vpc" for t in run.tasks)
    assert "stack summary" in run.stdout.lower() or any(t.task.startswith("summary") for t in run.tasks)


@pytest.mark.parametrize("attempt", [1, 2])
def test_teardown_leaves_nothing_tagged(local_stack: Stack, attempt: int) -> None:
    run = local_stack.teardown()
    assert run.ok, run.failures
    if attempt == 2:
        assert run.calls.mutating == [], "a second teardown must find nothing to delete"
    assert tagged_resources(local_stack.emulator, STACK, ENVIRONMENT) == []
    assert local_stack.aws("ec2").describe_addresses()["Addresses"] == [], "the NAT gateways' elastic IPs must be released"


def test_converge_after_teardown_rebuilds_one_stack_and_revives_its_key(local_stack: Stack) -> None:
    run = local_stack.converge()
    assert run.ok, run.failures
    _vpc(local_stack)  # exactly one VPC
    kms = local_stack.aws("kms")
    [alias] = [a for a in kms.list_aliases()["Aliases"] if a["AliasName"] == "alias/demo-local-vpc-flow-logs"]
    assert kms.describe_key(KeyId=alias["TargetKeyId"])["KeyMetadata"]["KeyState"] == "Enabled"
    assert len(kms.list_keys()["Keys"]) == 1, "the key scheduled for deletion is revived, not duplicated"


def test_final_teardown_leaves_nothing_tagged(local_stack: Stack) -> None:
    run = local_stack.teardown()
    assert run.ok, run.failures
    assert tagged_resources(local_stack.emulator, STACK, ENVIRONMENT) == []
