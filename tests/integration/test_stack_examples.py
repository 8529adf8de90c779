"""The cost_conscious variant (seed 003) converges, re-runs silently, deploys and rolls back, and tears down (in file order)."""

from __future__ import annotations

import pytest

from tests.harness.app_tier import app_tier_runs_alone_deploys_and_rolls_back
from tests.harness.app_tier import service as service_of
from tests.harness.emulator import Emulator
from tests.harness.leftovers import tagged_resources
from tests.harness.stack import Stack


@pytest.fixture(scope="module")
def lean_stack(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Stack:
    """The variant on an emptied emulator; the tests share it, in file order."""
    emulator.reset()
    return Stack(emulator, "inventories/examples/cost_conscious", tmp_path_factory.mktemp("lean"))


def test_cost_conscious_variant_has_two_azs_and_no_nat(lean_stack: Stack) -> None:
    run = lean_stack.converge()
    assert run.ok, run.failures or run.stdout[-3000:]
    ec2 = lean_stack.aws("ec2")
    [vpc] = ec2.describe_vpcs(Filters=[{"Name": "tag:webstack:stack", "Values": ["lean"]}])["Vpcs"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    assert len(subnets) == 6 and len({s["AvailabilityZone"] for s in subnets}) == 2
    assert ec2.describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["NatGateways"] == []
    assert ec2.describe_addresses()["Addresses"] == []
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}, {"Name": "tag:webstack:tier", "Values": ["private"]}])
    assert all(r.get("DestinationCidrBlock") != "0.0.0.0/0" for t in tables["RouteTables"] for r in t["Routes"])
    [flow_log] = ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc["VpcId"]]}])["FlowLogs"]
    assert flow_log["TrafficType"] == "REJECT"
    # Seed 003's data tier: one small encrypted PostgreSQL without a standby or a proxy, one cache node with TLS.
    [db] = lean_stack.aws("rds").describe_db_instances()["DBInstances"]
    assert (db["DBInstanceClass"], db["MultiAZ"], db["StorageEncrypted"], db["PubliclyAccessible"]) == ("db.t4g.micro", False, True, False)
    assert lean_stack.aws("rds").describe_db_proxies()["DBProxies"] == []
    [cache] = lean_stack.aws("elasticache").describe_replication_groups()["ReplicationGroups"]
    assert len(cache["MemberClusters"]) == 1 and cache["TransitEncryptionEnabled"] and cache["AuthTokenEnabled"]


def test_cost_conscious_app_tier_is_an_http_api_through_a_vpc_link_to_cloud_map(lean_stack: Stack) -> None:
    """Seed 003's app tier: no load balancer; an HTTP API through a VPC link to the service's Cloud Map SRV records."""
    ec2 = lean_stack.aws("ec2")
    assert lean_stack.aws("elbv2").describe_load_balancers()["LoadBalancers"] == []
    apis = lean_stack.aws("apigatewayv2")
    [api] = apis.get_apis()["Items"]
    [integration] = apis.get_integrations(ApiId=api["ApiId"])["Items"]
    [link] = apis.get_vpc_links()["Items"]
    service = service_of(lean_stack, "lean-dev")
    [registry] = service["serviceRegistries"]
    assert (integration["ConnectionType"], integration["ConnectionId"], integration["IntegrationUri"]) == (
        "VPC_LINK",
        link["VpcLinkId"],
        registry["registryArn"],
    )
    [stage] = apis.get_stages(ApiId=api["ApiId"])["Items"]
    assert stage["AutoDeploy"] and stage["AccessLogSettings"]["DestinationArn"].endswith(":log-group:/webstack/lean/dev/apigateway/web")
    assert service["loadBalancers"] == [] and service["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"] == "DISABLED"
    groups = ec2.describe_security_groups(GroupIds=service["networkConfiguration"]["awsvpcConfiguration"]["securityGroups"])["SecurityGroups"]
    [tasks_group] = [group for group in groups if group["GroupName"] == "lean-dev-web-tasks"]
    [ingress] = tasks_group["IpPermissions"]
    assert [pair["GroupId"] for pair in ingress["UserIdGroupPairs"]] == link["SecurityGroupIds"]
    definition = lean_stack.aws("ecs").describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
    assert (definition["cpu"], definition["memory"]) == ("256", "512")
    assert [c["name"] for c in definition["containerDefinitions"]] == ["web", "otel-collector"]
    actions = lean_stack.aws("application-autoscaling").describe_scheduled_actions(ServiceNamespace="ecs")["ScheduledActions"]
    assert sorted(a["ScheduledActionName"] for a in actions) == ["lean-dev-web-off-hours-start", "lean-dev-web-off-hours-stop"]


def test_cost_conscious_re_run_changes_nothing(lean_stack: Stack) -> None:
    rerun = lean_stack.converge()
    assert rerun.ok and rerun.changed_tasks == [] and rerun.calls.mutating == [], rerun.failures or rerun.changed_tasks


def test_cost_conscious_app_tier_runs_alone_deploys_and_rolls_back(lean_stack: Stack) -> None:
    app_tier_runs_alone_deploys_and_rolls_back(lean_stack, "lean-dev", ["./migrate"])


def test_cost_conscious_teardown_leaves_nothing_tagged(lean_stack: Stack) -> None:
    teardown = lean_stack.teardown()
    assert teardown.ok, teardown.failures
    assert tagged_resources(lean_stack.emulator, "lean", "dev") == []
