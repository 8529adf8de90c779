"""application_autoscaling_scalable_target, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import application_autoscaling_scalable_target as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

CLUSTER = "demo-local"
SERVICE = "demo-local-api"
RESOURCE = f"service/{CLUSTER}/{SERVICE}"
DIMENSION = "ecs:service:DesiredCount"
TARGET = {"service_namespace": "ecs", "resource_id": RESOURCE, "scalable_dimension": DIMENSION}
API = {"ServiceNamespace": "ecs", "ResourceId": RESOURCE, "ScalableDimension": DIMENSION}
ARGS = {**TARGET, "min_capacity": 2, "max_capacity": 6}
PARAMS = {**ARGS, "suspended_state": None, "tags": None, "purge_tags": True, "state": "present"}
NOT_SUSPENDED = {"dynamic_scaling_in_suspended": False, "dynamic_scaling_out_suspended": False, "scheduled_scaling_suspended": False}
REGISTER = "application-autoscaling:RegisterScalableTarget"


@dataclass
class World:
    aws: Emulator

    @property
    def client(self) -> Any:
        return self.aws.client("application-autoscaling")

    def target(self, args: dict[str, Any] | None = None, check_mode: bool = False) -> Result:
        return run(module.main, self.aws, {**ARGS, **(args or {})}, check_mode)

    def targets(self) -> list[dict[str, Any]]:
        return self.client.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[RESOURCE])["ScalableTargets"]

    def stored(self) -> dict[str, Any]:
        [target] = self.targets()
        return target

    def tags(self) -> dict[str, str]:
        return self.client.list_tags_for_resource(ResourceARN=self.stored()["ScalableTargetARN"])["Tags"]


@pytest.fixture
def world(aws: Emulator) -> World:
    """The ECS service, not registered as a scalable target; the call log starts empty."""
    ecs = aws.client("ecs")
    ecs.create_cluster(clusterName=CLUSTER)
    ecs.register_task_definition(family=SERVICE, containerDefinitions=[{"name": "api", "image": "nginx", "memory": 128}])
    ecs.create_service(cluster=CLUSTER, serviceName=SERVICE, taskDefinition=SERVICE, desiredCount=2)
    aws.clear_calls()
    return World(aws)


@pytest.fixture
def registered(world: World) -> World:
    """The ECS service registered (2 to 6 tasks, tagged team=web) by the module; the call log starts empty."""
    result = world.target({"tags": {"team": "web"}})
    assert not result.failed, result.out
    world.aws.clear_calls()
    return world


# Pure rules


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"scalable_dimension": "dynamodb:table:ReadCapacityUnits"}, "scalable_dimension"),
        ({"resource_id": "demo-local/demo-local-api"}, "resource_id"),
        ({"resource_id": " "}, "resource_id"),
        ({"min_capacity": None}, "min_capacity"),
        ({"max_capacity": None}, "max_capacity"),
        ({"min_capacity": -1}, "min_capacity"),
        ({"min_capacity": 7}, "min_capacity"),
    ],
)
def test_validate_params_names_the_option(overrides: dict[str, Any], named: str) -> None:
    [error] = module.validate_params(dict(PARAMS, **overrides))
    assert error.startswith(named)


def test_absent_needs_no_capacity() -> None:
    assert module.validate_params(dict(PARAMS, state="absent", min_capacity=None, max_capacity=None)) == []


def test_equal_capacities_and_zero_are_valid() -> None:
    assert module.validate_params(dict(PARAMS, min_capacity=0, max_capacity=0)) == []


def current_view(**overrides: Any) -> dict[str, Any]:
    view = {**TARGET, "min_capacity": 2, "max_capacity": 6, "suspended_state": dict(NOT_SUSPENDED), "tags": {"team": "web"}, "scalable_target_arn": "arn"}
    view.update(overrides)
    return view


def test_unset_suspended_states_keep_their_current_value() -> None:
    current = current_view(suspended_state=dict(NOT_SUSPENDED, scheduled_scaling_suspended=True))
    desired = module.desired_view(dict(PARAMS, suspended_state={"dynamic_scaling_in_suspended": True, "scheduled_scaling_suspended": None}), current)

    assert desired["suspended_state"] == {"dynamic_scaling_in_suspended": True, "dynamic_scaling_out_suspended": False, "scheduled_scaling_suspended": True}
    assert module.changed_settings(current, desired) == ["suspended_state"]
    assert module.desired_view(PARAMS, None)["suspended_state"] == NOT_SUSPENDED


def test_tags_left_unset_are_left_alone_and_purge_is_optional() -> None:
    current = current_view(tags={"team": "web", "env": "dev"})

    assert module.tag_changes(current["tags"], PARAMS) == ({}, [])
    assert module.desired_view(PARAMS, current)["tags"] == {"team": "web", "env": "dev"}
    assert module.tag_changes(current["tags"], dict(PARAMS, tags={"team": "api"})) == ({"team": "api"}, ["env"])
    assert module.tag_changes(current["tags"], dict(PARAMS, tags={"team": "api"}, purge_tags=False)) == ({"team": "api"}, [])
    assert module.desired_view(dict(PARAMS, tags={"team": "api"}, purge_tags=False), current)["tags"] == {"team": "api", "env": "dev"}


def test_register_request_sends_every_suspended_state() -> None:
    assert module.register_request(module.desired_view(PARAMS, None)) == {
        **API,
        "MinCapacity": 2,
        "MaxCapacity": 6,
        "SuspendedState": {"DynamicScalingInSuspended": False, "DynamicScalingOutSuspended": False, "ScheduledScalingSuspended": False},
    }


# Create


def test_create_registers_the_target_with_its_tags(world: World) -> None:
    result = world.target({"tags": {"team": "web"}})

    assert not result.failed, result.out
    assert result.changed
    stored = world.stored()
    assert (stored["MinCapacity"], stored["MaxCapacity"]) == (2, 6)
    assert world.tags() == {"team": "web"}
    target = result.out["scalable_target"]
    assert target["scalable_target_arn"] == stored["ScalableTargetARN"]
    assert (target["min_capacity"], target["max_capacity"], target["suspended_state"], target["tags"]) == (2, 6, NOT_SUSPENDED, {"team": "web"})
    assert target["role_arn"] == stored["RoleARN"]
    assert result.out["diff"] == {"before": {}, "after": {"min_capacity": 2, "max_capacity": 6, "suspended_state": NOT_SUSPENDED, "tags": {"team": "web"}}}
    assert world.aws.calls().mutating == [REGISTER]


def test_create_with_a_suspended_state(world: World) -> None:
    result = world.target({"suspended_state": {"dynamic_scaling_in_suspended": True}})

    assert result.changed
    assert world.stored()["SuspendedState"] == {"DynamicScalingInSuspended": True, "DynamicScalingOutSuspended": False, "ScheduledScalingSuspended": False}


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(registered: World) -> None:
    again = registered.target({"tags": {"team": "web"}, "suspended_state": {"scheduled_scaling_suspended": False}})

    assert not again.failed, again.out
    assert not again.changed
    assert registered.aws.calls().mutating == []
    assert again.out["diff"]["before"] == again.out["diff"]["after"]
    assert again.out["scalable_target"]["tags"] == {"team": "web"}


def test_check_mode_reports_the_create_and_registers_nothing(world: World) -> None:
    result = world.target({"tags": {"team": "web"}}, check_mode=True)

    assert not result.failed, result.out
    assert result.changed
    assert world.targets() == []
    assert world.aws.calls().mutating == []
    assert result.out["scalable_target"] == {**TARGET, "min_capacity": 2, "max_capacity": 6, "suspended_state": NOT_SUSPENDED, "tags": {"team": "web"}}


def test_check_mode_on_a_change_changes_nothing(registered: World) -> None:
    result = registered.target({"max_capacity": 8, "tags": {"team": "api"}}, check_mode=True)

    assert result.changed
    assert registered.aws.calls().mutating == []
    assert registered.stored()["MaxCapacity"] == 6
    assert registered.tags() == {"team": "web"}
    assert result.out["diff"]["after"]["max_capacity"] == 8
    assert result.out["scalable_target"]["tags"] == {"team": "api"}


# Update


def test_capacity_update_registers_again_and_keeps_the_arn(registered: World) -> None:
    arn = registered.stored()["ScalableTargetARN"]

    result = registered.target({"min_capacity": 1, "max_capacity": 10})

    assert result.changed
    stored = registered.stored()
    assert (stored["ScalableTargetARN"], stored["MinCapacity"], stored["MaxCapacity"]) == (arn, 1, 10)
    assert result.out["diff"]["before"]["max_capacity"] == 6
    assert registered.aws.calls().mutating == [REGISTER]


def test_suspending_scale_in_leaves_the_other_states(registered: World) -> None:
    registered.target({"suspended_state": {"scheduled_scaling_suspended": True}})
    registered.aws.clear_calls()

    result = registered.target({"suspended_state": {"dynamic_scaling_in_suspended": True}})

    assert result.changed
    assert registered.stored()["SuspendedState"] == {"DynamicScalingInSuspended": True, "DynamicScalingOutSuspended": False, "ScheduledScalingSuspended": True}
    assert registered.aws.calls().mutating == [REGISTER]


def test_tags_are_added_and_purged_without_registering_again(registered: World) -> None:
    result = registered.target({"tags": {"env": "dev"}})

    assert result.changed
    assert registered.tags() == {"env": "dev"}
    assert result.out["scalable_target"]["tags"] == {"env": "dev"}
    assert sorted(registered.aws.calls().mutating) == ["application-autoscaling:TagResource", "application-autoscaling:UntagResource"]


def test_tags_are_kept_without_purge_tags(registered: World) -> None:
    result = registered.target({"tags": {"env": "dev"}, "purge_tags": False})

    assert result.changed
    assert registered.tags() == {"team": "web", "env": "dev"}
    assert registered.aws.calls().mutating == ["application-autoscaling:TagResource"]


def test_without_tags_the_tags_are_left_alone(registered: World) -> None:
    result = registered.target()

    assert not result.changed
    assert registered.tags() == {"team": "web"}


# Absent


def test_absent_deregisters_the_target_and_its_policies(registered: World) -> None:
    registered.client.put_scaling_policy(
        PolicyName="cpu",
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 60.0,
            "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"},
        },
        **API,
    )
    registered.aws.clear_calls()

    result = registered.target({"state": "absent"})

    assert not result.failed, result.out
    assert result.changed
    assert registered.targets() == []
    assert registered.client.describe_scaling_policies(**API)["ScalingPolicies"] == []
    assert result.out["diff"] == {"before": {"min_capacity": 2, "max_capacity": 6, "suspended_state": NOT_SUSPENDED, "tags": {"team": "web"}}, "after": {}}
    assert registered.aws.calls().mutating == ["application-autoscaling:DeregisterScalableTarget"]


def test_absent_twice_changes_nothing(registered: World) -> None:
    registered.target({"state": "absent"})
    registered.aws.clear_calls()

    result = registered.target({"state": "absent"})

    assert not result.failed, result.out
    assert not result.changed
    assert registered.aws.calls().mutating == []


def test_check_mode_absent_deregisters_nothing(registered: World) -> None:
    result = registered.target({"state": "absent"}, check_mode=True)

    assert result.changed
    assert registered.aws.calls().mutating == []
    assert len(registered.targets()) == 1


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"max_capacity": 1}, "min_capacity"),
        ({"min_capacity": None}, "min_capacity"),
        ({"service_namespace": "s3"}, "service_namespace"),
        ({"scalable_dimension": "ecs:task:Count", "resource_id": "cluster/x"}, "resource_id"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    result = world.target(args)

    assert result.failed
    assert named in result.out["msg"]
    assert world.aws.calls().calls == []


def test_an_aws_error_fails_naming_the_target(world: World) -> None:
    result = world.target({"resource_id": f"service/{CLUSTER}/missing"})

    assert result.failed
    assert f"Failed to register scalable target service/{CLUSTER}/missing" in result.out["msg"]
    assert world.targets() == []
