"""Checks of the ECS capacity provider fixes (webstack_emulator.extensions.ecs_capacity_providers)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check


def auto_scaling_group(aws: Emulator, name: str = "ecs-nodes", protected: bool = True) -> str:
    """An empty Auto Scaling group (new instances protected from scale-in unless protected=False); its ARN."""
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.50.1.0/24")["Subnet"]["SubnetId"]
    ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.small"})
    autoscaling = aws.client("autoscaling")
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName=name,
        LaunchTemplate={"LaunchTemplateName": name},
        MinSize=0,
        MaxSize=2,
        VPCZoneIdentifier=subnet,
        NewInstancesProtectedFromScaleIn=protected,
    )
    return autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]["AutoScalingGroupARN"]


def provider(aws: Emulator, name: str = "ecs-nodes", **settings: Any) -> dict[str, Any]:
    group = settings.pop("group", None) or auto_scaling_group(aws)
    return aws.client("ecs").create_capacity_provider(name=name, autoScalingGroupProvider={"autoScalingGroupArn": group, **settings})["capacityProvider"]


def error_of(call: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call(**params)
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


@check("ecs", "CreateCapacityProvider")
def create_refuses_a_taken_name_a_taken_group_and_unprotected_termination(aws: Emulator) -> dict[str, Any]:
    ecs = aws.client("ecs")
    group = auto_scaling_group(aws)
    response = ecs.create_capacity_provider(
        name="ecs-nodes",
        autoScalingGroupProvider={"autoScalingGroupArn": group, "managedTerminationProtection": "ENABLED"},
        tags=[{"key": "team", "value": "web"}],
    )
    assert response["capacityProvider"]["status"] == "ACTIVE"
    code, message = error_of(ecs.create_capacity_provider, name="ecs-nodes", autoScalingGroupProvider={"autoScalingGroupArn": group})
    assert code == "ClientException" and "already exists" in message
    code, message = error_of(ecs.create_capacity_provider, name="other", autoScalingGroupProvider={"autoScalingGroupArn": group})
    assert code == "ClientException" and "already being used by another capacity provider" in message
    unprotected = auto_scaling_group(aws, "unprotected", protected=False)
    code, message = error_of(
        ecs.create_capacity_provider,
        name="unprotected",
        autoScalingGroupProvider={"autoScalingGroupArn": unprotected, "managedTerminationProtection": "ENABLED"},
    )
    assert code == "ClientException" and "instance protection from scale in" in message
    return response


@check("ecs", "DescribeCapacityProviders")
def managed_draining_defaults_to_enabled_and_tags_come_on_request(aws: Emulator) -> dict[str, Any]:
    ecs = aws.client("ecs")
    provider(aws)
    ecs.tag_resource(
        resourceArn=ecs.describe_capacity_providers(capacityProviders=["ecs-nodes"])["capacityProviders"][0]["capacityProviderArn"],
        tags=[{"key": "team", "value": "web"}],
    )
    response = ecs.describe_capacity_providers(capacityProviders=["ecs-nodes"], include=["TAGS"])
    [read] = response["capacityProviders"]
    assert read["autoScalingGroupProvider"]["managedDraining"] == "ENABLED"
    assert read["autoScalingGroupProvider"]["managedScaling"] == {
        "status": "DISABLED",
        "targetCapacity": 100,
        "minimumScalingStepSize": 1,
        "maximumScalingStepSize": 10000,
        "instanceWarmupPeriod": 300,
    }
    assert read["tags"] == [{"key": "team", "value": "web"}]
    [untagged] = ecs.describe_capacity_providers(capacityProviders=["ecs-nodes"])["capacityProviders"]
    assert "tags" not in untagged
    assert [p["name"] for p in ecs.describe_capacity_providers()["capacityProviders"]] == ["ecs-nodes"]
    return response


@check("ecs", "UpdateCapacityProvider")
def update_changes_managed_draining(aws: Emulator) -> dict[str, Any]:
    ecs = aws.client("ecs")
    provider(aws, managedDraining="ENABLED")
    response = ecs.update_capacity_provider(
        name="ecs-nodes", autoScalingGroupProvider={"managedDraining": "DISABLED", "managedScaling": {"status": "ENABLED", "targetCapacity": 90}}
    )
    settings = response["capacityProvider"]["autoScalingGroupProvider"]
    assert (settings["managedDraining"], settings["managedScaling"]["targetCapacity"]) == ("DISABLED", 90)
    [read] = ecs.describe_capacity_providers(capacityProviders=["ecs-nodes"])["capacityProviders"]
    assert read["autoScalingGroupProvider"]["managedDraining"] == "DISABLED"
    code, _message = error_of(ecs.update_capacity_provider, name="unknown", autoScalingGroupProvider={"managedDraining": "DISABLED"})
    assert code == "ClientException"
    return response


@check("ecs", "DeleteCapacityProvider")
def delete_fails_while_a_cluster_uses_it_then_turns_inactive(aws: Emulator) -> dict[str, Any]:
    ecs = aws.client("ecs")
    provider(aws)
    ecs.create_cluster(clusterName="web", capacityProviders=["ecs-nodes"])
    refused = ecs.delete_capacity_provider(capacityProvider="ecs-nodes")["capacityProvider"]
    assert (refused["status"], refused["updateStatus"]) == ("ACTIVE", "DELETE_FAILED")
    assert "associated with cluster: web" in refused["updateStatusReason"]
    ecs.put_cluster_capacity_providers(cluster="web", capacityProviders=[], defaultCapacityProviderStrategy=[])
    response = ecs.delete_capacity_provider(capacityProvider="ecs-nodes")
    assert response["capacityProvider"]["updateStatus"] == "DELETE_IN_PROGRESS"
    [gone] = ecs.describe_capacity_providers(capacityProviders=["ecs-nodes"])["capacityProviders"]
    assert (gone["status"], gone["updateStatus"]) == ("INACTIVE", "DELETE_COMPLETE")
    code, _message = error_of(ecs.delete_capacity_provider, capacityProvider="ecs-nodes")
    assert code == "ClientException"
    again = provider(aws, group=gone["autoScalingGroupProvider"]["autoScalingGroupArn"])  # the name and the group are free again
    assert again["status"] == "ACTIVE"
    return response
