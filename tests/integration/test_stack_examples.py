"""The seed variants under inventories/examples converge, re-run silently, deploy and roll back, and tear down."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.harness.emulator import Emulator
from tests.harness.leftovers import tagged_resources
from tests.harness.stack import Stack


def _service(stack: Stack, name: str) -> dict[str, Any]:
    [service] = stack.aws("ecs").describe_services(cluster=name, services=[f"{name}-web"])["services"]
    return service


def _revision(service: dict[str, Any]) -> int:
    return int(service["taskDefinition"].rsplit(":", 1)[1])


def _app_tier_runs_alone_deploys_and_rolls_back(stack: Stack, name: str, migration: list[str]) -> None:
    """--tags ecs_service alone and in check mode change nothing; a deploy moves to a new revision, a rollback back."""
    alone = stack.converge(tags=["ecs_service"])
    assert alone.ok and alone.changed_tasks == [] and alone.calls.mutating == [], alone.failures or alone.changed_tasks
    checked = stack.converge(tags=["ecs_service"], check=True)
    assert checked.ok and checked.changed_tasks == [] and checked.calls.mutating == [], checked.failures or checked.changed_tasks
    before = _revision(_service(stack, name))
    deploy = stack.run("playbooks/deploy.yml", extravars={"ecs_service_image_tag": "9.9.9", "ecs_service_migration_command": migration})
    assert deploy.ok, deploy.failures
    assert _revision(_service(stack, name)) == before + 1
    rollback = stack.run("playbooks/rollback.yml")
    assert rollback.ok, rollback.failures
    service = _service(stack, name)
    assert _revision(service) == before and service["runningCount"] == service["desiredCount"]


@pytest.fixture
def lean_stack(emulator: Emulator, tmp_path) -> Stack:
    emulator.reset()
    return Stack(emulator, "inventories/examples/cost_conscious", tmp_path)


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

    # Seed 003's app tier: no load balancer; an HTTP API through a VPC link to the service's Cloud Map SRV records.
    assert lean_stack.aws("elbv2").describe_load_balancers()["LoadBalancers"] == []
    apis = lean_stack.aws("apigatewayv2")
    [api] = apis.get_apis()["Items"]
    [integration] = apis.get_integrations(ApiId=api["ApiId"])["Items"]
    [link] = apis.get_vpc_links()["Items"]
    service = _service(lean_stack, "lean-dev")
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

    rerun = lean_stack.converge()
    assert rerun.ok and rerun.changed_tasks == [] and rerun.calls.mutating == []
    _app_tier_runs_alone_deploys_and_rolls_back(lean_stack, "lean-dev", ["./migrate"])

    teardown = lean_stack.teardown()
    assert teardown.ok, teardown.failures
    assert tagged_resources(lean_stack.emulator, "lean", "dev") == []


@pytest.fixture
def shop_stack(emulator: Emulator, tmp_path) -> Stack:
    emulator.reset()
    return Stack(emulator, "inventories/examples/ecs_ec2", tmp_path)


def test_ecs_ec2_variant_runs_the_service_on_its_auto_scaling_group(shop_stack: Stack) -> None:
    run = shop_stack.converge()
    assert run.ok, run.failures or run.stdout[-3000:]
    [group] = shop_stack.aws("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=["shop-stage-web"])["AutoScalingGroups"]
    assert (group["MinSize"], group["MaxSize"], group["NewInstancesProtectedFromScaleIn"]) == (2, 10, True)
    subnets = shop_stack.aws("ec2").describe_subnets(SubnetIds=group["VPCZoneIdentifier"].split(","))["Subnets"]
    assert {t["Value"] for s in subnets for t in s["Tags"] if t["Key"] == "webstack:tier"} == {"private"}
    [version] = shop_stack.aws("ec2").describe_launch_template_versions(LaunchTemplateName="shop-stage-web", Versions=["$Latest"])["LaunchTemplateVersions"]
    data = version["LaunchTemplateData"]
    assert data["MetadataOptions"]["HttpTokens"] == "required" and "KeyName" not in data
    [volume] = data["BlockDeviceMappings"]
    assert (volume["Ebs"]["Encrypted"], volume["Ebs"]["VolumeType"]) == (True, "gp3")
    assert data["IamInstanceProfile"]["Arn"].endswith(":instance-profile/shop-stage-web-instance")
    assert "ECS_CLUSTER=shop-stage" in base64.b64decode(data["UserData"]).decode()
    ecs = shop_stack.aws("ecs")
    [provider] = ecs.describe_capacity_providers(capacityProviders=["shop-stage-web"])["capacityProviders"]
    managed = provider["autoScalingGroupProvider"]
    assert managed["autoScalingGroupArn"] == group["AutoScalingGroupARN"]
    assert (managed["managedScaling"]["status"], managed["managedTerminationProtection"]) == ("ENABLED", "ENABLED")
    [cluster] = ecs.describe_clusters(clusters=["shop-stage"])["clusters"]
    assert cluster["capacityProviders"] == ["shop-stage-web"]
    service = _service(shop_stack, "shop-stage")
    assert [s["capacityProvider"] for s in service["capacityProviderStrategy"]] == ["shop-stage-web"]
    definition = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
    assert (definition["requiresCompatibilities"], definition["networkMode"]) == (["EC2"], "awsvpc")
    [balancer] = shop_stack.aws("elbv2").describe_load_balancers(Names=["shop-stage-web"])["LoadBalancers"]
    [alb_group] = shop_stack.aws("ec2").describe_security_groups(GroupIds=balancer["SecurityGroups"])["SecurityGroups"]
    assert {r["CidrIp"] for p in alb_group["IpPermissions"] for r in p["IpRanges"]} == {"0.0.0.0/0"}

    rerun = shop_stack.converge()
    assert rerun.ok and rerun.changed_tasks == [] and rerun.calls.mutating == [], rerun.failures or rerun.changed_tasks
    # No migration here: the emulator registers no container instances, so it cannot place a one-off task on the
    # group's capacity provider (test_ecs_service.py runs the migration on Fargate).
    _app_tier_runs_alone_deploys_and_rolls_back(shop_stack, "shop-stage", [])

    teardown = shop_stack.teardown()
    assert teardown.ok, teardown.failures
    assert tagged_resources(shop_stack.emulator, "shop", "stage") == []
    assert shop_stack.aws("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"] == []
