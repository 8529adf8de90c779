"""Checks of the scalable target fixes (tools/emulator/webstack_emulator/extensions/application_autoscaling_targets.py)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.application_autoscaling import TARGET
from tests.unit.emulator.checks.application_autoscaling import service
from tests.unit.emulator.checks.registry import check

UNKNOWN_ARN = "arn:aws:application-autoscaling:eu-west-1:123456789012:scalable-target/0123456789abcdef0123456789abcdef0123"


def tagged(aws: Emulator, tags: dict[str, str]) -> tuple[Any, str]:
    """An ECS service registered as a scalable target with tags; the client and the target's ARN."""
    service(aws)
    client = aws.client("application-autoscaling")
    arn = client.register_scalable_target(MinCapacity=1, MaxCapacity=4, Tags=tags, **TARGET)["ScalableTargetARN"]
    return client, arn


def stored(client: Any) -> dict[str, Any]:
    [target] = client.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[TARGET["ResourceId"]])["ScalableTargets"]
    return target


def error_code(error: pytest.ExceptionInfo[ClientError]) -> str:
    return error.value.response["Error"]["Code"]


@check("application-autoscaling", "RegisterScalableTarget")
def registered_targets_as_aws_keeps_them(aws: Emulator) -> dict[str, Any]:
    service(aws)
    client = aws.client("application-autoscaling")
    with pytest.raises(ClientError) as error:
        client.register_scalable_target(MinCapacity=1, **TARGET)
    assert error_code(error) == "ValidationException"
    with pytest.raises(ClientError) as error:
        client.register_scalable_target(MinCapacity=5, MaxCapacity=4, **TARGET)
    assert error_code(error) == "ValidationException"
    response = client.register_scalable_target(MinCapacity=1, MaxCapacity=4, Tags={"team": "web"}, **TARGET)
    target = stored(client)
    assert target["ScalableTargetARN"] == response["ScalableTargetARN"]
    assert target["RoleARN"].endswith("/AWSServiceRoleForApplicationAutoScaling_ECSService")
    assert target["SuspendedState"] == {"DynamicScalingInSuspended": False, "DynamicScalingOutSuspended": False, "ScheduledScalingSuspended": False}
    assert client.list_tags_for_resource(ResourceARN=response["ScalableTargetARN"])["Tags"] == {"team": "web"}
    again = client.register_scalable_target(MaxCapacity=6, SuspendedState={"ScheduledScalingSuspended": True}, Tags={"other": "x"}, **TARGET)
    target = stored(client)
    assert again["ScalableTargetARN"] == response["ScalableTargetARN"]
    assert (target["MinCapacity"], target["MaxCapacity"]) == (1, 6)
    assert target["SuspendedState"] == {"DynamicScalingInSuspended": False, "DynamicScalingOutSuspended": False, "ScheduledScalingSuspended": True}
    assert client.list_tags_for_resource(ResourceARN=response["ScalableTargetARN"])["Tags"] == {"team": "web"}
    with pytest.raises(ClientError) as error:
        client.register_scalable_target(MinCapacity=7, **TARGET)
    assert error_code(error) == "ValidationException"
    return response


@check("application-autoscaling", "TagResource")
def tag_resource(aws: Emulator) -> dict[str, Any]:
    client, arn = tagged(aws, {"team": "web"})
    response = client.tag_resource(ResourceARN=arn, Tags={"team": "api", "env": "dev"})
    assert client.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"team": "api", "env": "dev"}
    with pytest.raises(ClientError) as error:
        client.tag_resource(ResourceARN=arn, Tags={f"k{i}": "v" for i in range(49)})
    assert error_code(error) == "TooManyTagsException"
    with pytest.raises(ClientError) as error:
        client.tag_resource(ResourceARN=UNKNOWN_ARN, Tags={"team": "web"})
    assert error_code(error) == "ResourceNotFoundException"
    return response


@check("application-autoscaling", "UntagResource")
def untag_resource(aws: Emulator) -> dict[str, Any]:
    client, arn = tagged(aws, {"team": "web", "env": "dev"})
    response = client.untag_resource(ResourceARN=arn, TagKeys=["env", "missing"])
    assert client.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"team": "web"}
    with pytest.raises(ClientError) as error:
        client.untag_resource(ResourceARN=UNKNOWN_ARN, TagKeys=["team"])
    assert error_code(error) == "ResourceNotFoundException"
    return response


@check("application-autoscaling", "ListTagsForResource")
def list_tags_for_resource(aws: Emulator) -> dict[str, Any]:
    client, arn = tagged(aws, {"team": "web"})
    response = client.list_tags_for_resource(ResourceARN=arn)
    assert response["Tags"] == {"team": "web"}
    client.deregister_scalable_target(**TARGET)
    with pytest.raises(ClientError) as error:
        client.list_tags_for_resource(ResourceARN=arn)
    assert error_code(error) == "ResourceNotFoundException"
    return response
