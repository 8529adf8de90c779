"""Checks of the EC2 Auto Scaling fixes (webstack_emulator.extensions.autoscaling)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check


def launch_template_and_subnet(aws: Emulator) -> tuple[str, str]:
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.40.1.0/24")["Subnet"]["SubnetId"]
    template = ec2.create_launch_template(LaunchTemplateName="ecs-nodes", LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.small"})
    return template["LaunchTemplate"]["LaunchTemplateId"], subnet


def group(aws: Emulator, **settings: Any) -> dict[str, Any]:
    template, subnet = launch_template_and_subnet(aws)
    autoscaling = aws.client("autoscaling")
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="ecs-nodes",
        LaunchTemplate={"LaunchTemplateId": template, "Version": "$Latest"},
        MinSize=0,
        MaxSize=2,
        DesiredCapacity=0,
        VPCZoneIdentifier=subnet,
        **settings,
    )
    return autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["ecs-nodes"])


@check("autoscaling", "DescribeAutoScalingGroups")
def a_default_instance_warmup_reads_back(aws: Emulator) -> dict[str, Any]:
    response = group(aws, DefaultInstanceWarmup=120, NewInstancesProtectedFromScaleIn=True, CapacityRebalance=True)
    [read] = response["AutoScalingGroups"]
    assert (read["DefaultInstanceWarmup"], read["NewInstancesProtectedFromScaleIn"], read["CapacityRebalance"]) == (120, True, True)
    other = aws.client("autoscaling")
    other.create_auto_scaling_group(
        AutoScalingGroupName="no-warmup", LaunchTemplate={"LaunchTemplateName": "ecs-nodes"}, MinSize=0, MaxSize=1, VPCZoneIdentifier=read["VPCZoneIdentifier"]
    )
    [plain] = other.describe_auto_scaling_groups(AutoScalingGroupNames=["no-warmup"])["AutoScalingGroups"]
    assert "DefaultInstanceWarmup" not in plain
    return response


@check("autoscaling", "UpdateAutoScalingGroup")
def an_update_changes_rebalance_warmup_policies_and_cooldown(aws: Emulator) -> dict[str, Any]:
    group(aws, DefaultInstanceWarmup=120)
    autoscaling = aws.client("autoscaling")
    response = autoscaling.update_auto_scaling_group(
        AutoScalingGroupName="ecs-nodes",
        CapacityRebalance=True,
        DefaultInstanceWarmup=60,
        TerminationPolicies=["OldestInstance", "Default"],
        DefaultCooldown=120,
    )
    [read] = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["ecs-nodes"])["AutoScalingGroups"]
    assert (read["CapacityRebalance"], read["DefaultInstanceWarmup"], read["TerminationPolicies"], read["DefaultCooldown"]) == (
        True,
        60,
        ["OldestInstance", "Default"],
        120,
    )
    autoscaling.update_auto_scaling_group(AutoScalingGroupName="ecs-nodes", MaxSize=3)  # what is not sent is kept
    [kept] = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["ecs-nodes"])["AutoScalingGroups"]
    assert (kept["CapacityRebalance"], kept["DefaultInstanceWarmup"], kept["MaxSize"]) == (True, 60, 3)
    autoscaling.update_auto_scaling_group(AutoScalingGroupName="ecs-nodes", DefaultInstanceWarmup=-1, CapacityRebalance=False)
    [removed] = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["ecs-nodes"])["AutoScalingGroups"]
    assert "DefaultInstanceWarmup" not in removed and removed["CapacityRebalance"] is False
    return response


@check("autoscaling", "DeleteAutoScalingGroup")
def force_delete_terminates_protected_instances_and_plain_delete_refuses(aws: Emulator) -> dict[str, Any]:
    group(aws, NewInstancesProtectedFromScaleIn=True)
    autoscaling = aws.client("autoscaling")
    autoscaling.set_desired_capacity(AutoScalingGroupName="ecs-nodes", DesiredCapacity=1)
    [instance] = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["ecs-nodes"])["AutoScalingGroups"][0]["Instances"]
    with pytest.raises(ClientError) as refused:
        autoscaling.delete_auto_scaling_group(AutoScalingGroupName="ecs-nodes")
    assert refused.value.response["Error"]["Code"] == "ResourceInUse"
    response = autoscaling.delete_auto_scaling_group(AutoScalingGroupName="ecs-nodes", ForceDelete=True)
    assert autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["ecs-nodes"])["AutoScalingGroups"] == []
    [reservation] = aws.client("ec2").describe_instances(InstanceIds=[instance["InstanceId"]])["Reservations"]
    assert reservation["Instances"][0]["State"]["Name"] in ("shutting-down", "terminated")
    return response
