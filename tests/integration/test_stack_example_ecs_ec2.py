"""The ecs_ec2 variant (seed 004): the service on an Auto Scaling group's capacity provider; converge, re-run, deploy,
roll back, tear down."""

from __future__ import annotations

import base64

import pytest

from tests.harness.app_tier import app_tier_runs_alone_deploys_and_rolls_back
from tests.harness.app_tier import service as service_of
from tests.harness.emulator import Emulator
from tests.harness.leftovers import tagged_resources
from tests.harness.stack import Stack


@pytest.fixture(scope="module")
def shop_stack(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Stack:
    """The variant on an emptied emulator; the tests share it, in file order."""
    emulator.reset()
    return Stack(emulator, "inventories/examples/ecs_ec2", tmp_path_factory.mktemp("shop"))


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
    service = service_of(shop_stack, "shop-stage")
    assert [s["capacityProvider"] for s in service["capacityProviderStrategy"]] == ["shop-stage-web"]
    definition = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
    assert (definition["requiresCompatibilities"], definition["networkMode"]) == (["EC2"], "awsvpc")
    [balancer] = shop_stack.aws("elbv2").describe_load_balancers(Names=["shop-stage-web"])["LoadBalancers"]
    [alb_group] = shop_stack.aws("ec2").describe_security_groups(GroupIds=balancer["SecurityGroups"])["SecurityGroups"]
    assert {r["CidrIp"] for p in alb_group["IpPermissions"] for r in p["IpRanges"]} == {"0.0.0.0/0"}


def test_ecs_ec2_re_run_changes_nothing(shop_stack: Stack) -> None:
    rerun = shop_stack.converge()
    assert rerun.ok and rerun.changed_tasks == [] and rerun.calls.mutating == [], rerun.failures or rerun.changed_tasks


def test_ecs_ec2_app_tier_runs_alone_deploys_and_rolls_back(shop_stack: Stack) -> None:
    # No migration here: the emulator registers no container instances, so it cannot place a one-off task on the
    # group's capacity provider (test_ecs_service.py runs the migration on Fargate).
    app_tier_runs_alone_deploys_and_rolls_back(shop_stack, "shop-stage", [])


def test_ecs_ec2_teardown_leaves_nothing_tagged(shop_stack: Stack) -> None:
    teardown = shop_stack.teardown()
    assert teardown.ok, teardown.failures
    assert tagged_resources(shop_stack.emulator, "shop", "stage") == []
    assert shop_stack.aws("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"] == []
