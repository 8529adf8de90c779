"""Checks of the Application Auto Scaling fixes (tools/emulator/webstack_emulator/extensions/application_autoscaling.py)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

CLUSTER = "web"
RESOURCE = f"service/{CLUSTER}/api"
DIMENSION = "ecs:service:DesiredCount"
TARGET = {"ServiceNamespace": "ecs", "ResourceId": RESOURCE, "ScalableDimension": DIMENSION}


def service(aws: Emulator, name: str = "api") -> None:
    """An ECS service (a scalable target of ECS needs one)."""
    ecs = aws.client("ecs")
    ecs.create_cluster(clusterName=CLUSTER)
    ecs.register_task_definition(family=name, containerDefinitions=[{"name": name, "image": "nginx", "memory": 128}])
    ecs.create_service(cluster=CLUSTER, serviceName=name, taskDefinition=name, desiredCount=1)


def registered(aws: Emulator) -> Any:
    """An ECS service registered as a scalable target (1 to 4 tasks); the Application Auto Scaling client."""
    service(aws)
    client = aws.client("application-autoscaling")
    client.register_scalable_target(MinCapacity=1, MaxCapacity=4, **TARGET)
    return client


def cpu_policy(client: Any, name: str = "cpu", target_value: float = 60.0, **target: str) -> dict[str, Any]:
    config = {"TargetValue": target_value, "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}
    return client.put_scaling_policy(PolicyName=name, PolicyType="TargetTrackingScaling", TargetTrackingScalingPolicyConfiguration=config, **(target or TARGET))


def night(client: Any, **target: str) -> dict[str, Any]:
    return client.put_scheduled_action(
        ScheduledActionName="night", Schedule="cron(0 20 * * ? *)", ScalableTargetAction={"MinCapacity": 1, "MaxCapacity": 1}, **(target or TARGET)
    )


def alarm_names(aws: Emulator) -> list[str]:
    return sorted(alarm["AlarmName"] for alarm in aws.client("cloudwatch").describe_alarms()["MetricAlarms"])


def not_found(error: pytest.ExceptionInfo[ClientError]) -> bool:
    return error.value.response["Error"]["Code"] == "ObjectNotFoundException"


@check("application-autoscaling", "DescribeScalingPolicies")
def scaling_policies_are_read_by_name(aws: Emulator) -> dict[str, Any]:
    client = registered(aws)
    service(aws, "api2")
    client.register_scalable_target(MinCapacity=1, MaxCapacity=2, **{**TARGET, "ResourceId": f"{RESOURCE}2"})
    for name in ("cpu", "memory", "requests"):
        cpu_policy(client, name)
    cpu_policy(client, "cpu", **{**TARGET, "ResourceId": f"{RESOURCE}2"})
    response = client.describe_scaling_policies(PolicyNames=["memory"], MaxResults=1, **TARGET)
    assert [(p["PolicyName"], p["ResourceId"]) for p in response["ScalingPolicies"]] == [("memory", RESOURCE)]
    assert "NextToken" not in response
    every = client.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=RESOURCE)["ScalingPolicies"]
    assert sorted(p["PolicyName"] for p in every) == ["cpu", "memory", "requests"]
    page = client.describe_scaling_policies(ServiceNamespace="ecs", MaxResults=2)
    rest = client.describe_scaling_policies(ServiceNamespace="ecs", MaxResults=2, NextToken=page["NextToken"])
    assert len(page["ScalingPolicies"]) == len(rest["ScalingPolicies"]) == 2 and "NextToken" not in rest
    return response


@check("application-autoscaling", "PutScalingPolicy")
def scaling_policies_need_a_target_and_update_in_place(aws: Emulator) -> dict[str, Any]:
    client = registered(aws)
    with pytest.raises(ClientError) as error:
        cpu_policy(client, **{**TARGET, "ResourceId": f"service/{CLUSTER}/unregistered"})
    assert not_found(error)
    created = cpu_policy(client)
    response = cpu_policy(client, target_value=70.0)
    assert response["PolicyARN"] == created["PolicyARN"]
    assert alarm_names(aws) == sorted(alarm["AlarmName"] for alarm in response["Alarms"])
    [policy] = client.describe_scaling_policies(**TARGET)["ScalingPolicies"]
    assert (policy["PolicyARN"], policy["TargetTrackingScalingPolicyConfiguration"]["TargetValue"]) == (created["PolicyARN"], 70.0)
    return response


@check("application-autoscaling", "DeleteScalingPolicy")
def an_unknown_scaling_policy_is_not_found(aws: Emulator) -> dict[str, Any]:
    client = registered(aws)
    cpu_policy(client)
    with pytest.raises(ClientError) as error:
        client.delete_scaling_policy(PolicyName="memory", **TARGET)
    assert not_found(error)
    response = client.delete_scaling_policy(PolicyName="cpu", **TARGET)
    assert client.describe_scaling_policies(**TARGET)["ScalingPolicies"] == []
    assert alarm_names(aws) == []
    return response


@check("application-autoscaling", "DeregisterScalableTarget")
def a_deregistered_target_takes_its_policies_and_actions(aws: Emulator) -> dict[str, Any]:
    client = registered(aws)
    cpu_policy(client)
    night(client)
    response = client.deregister_scalable_target(**TARGET)
    assert client.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"] == []
    assert client.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"] == []
    assert client.describe_scheduled_actions(ServiceNamespace="ecs")["ScheduledActions"] == []
    assert alarm_names(aws) == []
    with pytest.raises(ClientError) as error:
        client.deregister_scalable_target(**TARGET)
    assert not_found(error)
    return response


@check("application-autoscaling", "PutScheduledAction")
def scheduled_actions_need_a_target(aws: Emulator) -> dict[str, Any]:
    client = registered(aws)
    with pytest.raises(ClientError) as error:
        night(client, **{**TARGET, "ResourceId": f"service/{CLUSTER}/unregistered"})
    assert not_found(error)
    client.put_scheduled_action(
        ScheduledActionName="night",
        Schedule="cron(0 20 * * ? *)",
        StartTime="2030-01-01T00:00:00Z",
        EndTime="2031-01-01T00:00:00Z",
        ScalableTargetAction={"MinCapacity": 1},
        **TARGET,
    )
    response = client.put_scheduled_action(ScheduledActionName="night", Schedule="cron(0 21 * * ? *)", **TARGET)
    [action] = client.describe_scheduled_actions(**TARGET)["ScheduledActions"]
    assert action["Schedule"] == "cron(0 21 * * ? *)"
    assert (action["StartTime"].year, action["EndTime"].year, action["ScalableTargetAction"]) == (2030, 2031, {"MinCapacity": 1})
    return response


@check("application-autoscaling", "DeleteScheduledAction")
def an_unknown_scheduled_action_is_not_found(aws: Emulator) -> dict[str, Any]:
    client = registered(aws)
    night(client)
    response = client.delete_scheduled_action(ScheduledActionName="night", **TARGET)
    assert client.describe_scheduled_actions(**TARGET)["ScheduledActions"] == []
    with pytest.raises(ClientError) as error:
        client.delete_scheduled_action(ScheduledActionName="night", **TARGET)
    assert not_found(error)
    return response
