"""application_autoscaling_scheduled_action, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import application_autoscaling_scheduled_action as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

CLUSTER = "demo-local"
SERVICE = "demo-local-api"
RESOURCE = f"service/{CLUSTER}/{SERVICE}"
DIMENSION = "ecs:service:DesiredCount"
TARGET = {"service_namespace": "ecs", "resource_id": RESOURCE, "scalable_dimension": DIMENSION}
NIGHT = {**TARGET, "scheduled_action_name": "night", "schedule": "cron(0 20 * * ? *)", "scalable_target_action": {"min_capacity": 1, "max_capacity": 1}}
PARAMS = {
    **TARGET,
    "scheduled_action_name": "night",
    "schedule": "cron(0 20 * * ? *)",
    "timezone": "UTC",
    "start_time": None,
    "end_time": None,
    "scalable_target_action": {"min_capacity": 1, "max_capacity": 1},
    "state": "present",
}


@dataclass
class World:
    aws: Emulator

    @property
    def client(self) -> Any:
        return self.aws.client("application-autoscaling")

    def action(self, args: dict[str, Any] | None = None, check_mode: bool = False) -> Result:
        return run(module.main, self.aws, {**NIGHT, **(args or {})}, check_mode)

    def actions(self) -> list[dict[str, Any]]:
        return self.client.describe_scheduled_actions(ServiceNamespace="ecs", ResourceId=RESOURCE, ScalableDimension=DIMENSION)["ScheduledActions"]

    def stored(self) -> dict[str, Any]:
        [action] = self.actions()
        return action

    def register(self) -> None:
        self.client.register_scalable_target(ServiceNamespace="ecs", ResourceId=RESOURCE, ScalableDimension=DIMENSION, MinCapacity=2, MaxCapacity=6)


@pytest.fixture
def unregistered(aws: Emulator) -> World:
    """The ECS service, not registered as a scalable target; the call log starts empty."""
    ecs = aws.client("ecs")
    ecs.create_cluster(clusterName=CLUSTER)
    ecs.register_task_definition(family=SERVICE, containerDefinitions=[{"name": "api", "image": "nginx", "memory": 128}])
    ecs.create_service(cluster=CLUSTER, serviceName=SERVICE, taskDefinition=SERVICE, desiredCount=2)
    aws.clear_calls()
    return World(aws)


@pytest.fixture
def world(unregistered: World) -> World:
    """The ECS service registered as a scalable target (2 to 6 tasks); the call log starts empty."""
    unregistered.register()
    unregistered.aws.clear_calls()
    return unregistered


# Pure rules


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"scalable_dimension": "dynamodb:table:ReadCapacityUnits"}, "scalable_dimension"),
        ({"resource_id": "demo-local/demo-local-api"}, "resource_id"),
        ({"resource_id": " "}, "resource_id"),
        ({"scheduled_action_name": "night/1"}, "scheduled_action_name"),
        ({"scheduled_action_name": " night"}, "scheduled_action_name"),
        ({"scheduled_action_name": ""}, "scheduled_action_name"),
        ({"schedule": None}, "schedule"),
        ({"schedule": "cron(0 20 * * ?)"}, "schedule"),
        ({"schedule": "rate(0 days)"}, "schedule"),
        ({"schedule": "rate(5 weeks)"}, "schedule"),
        ({"schedule": "at(2030-13-01T00:00:00)"}, "schedule"),
        ({"schedule": "every night"}, "schedule"),
        ({"timezone": ""}, "timezone"),
        ({"start_time": "next monday"}, "start_time"),
        ({"end_time": "2030-01-01T25:00:00"}, "end_time"),
        ({"start_time": "2031-01-01T00:00:00Z", "end_time": "2030-01-01T00:00:00Z"}, "start_time"),
        ({"scalable_target_action": None}, "scalable_target_action"),
        ({"scalable_target_action": {"min_capacity": None, "max_capacity": None}}, "scalable_target_action"),
        ({"scalable_target_action": {"min_capacity": 3, "max_capacity": 2}}, "scalable_target_action.min_capacity"),
        ({"scalable_target_action": {"min_capacity": -1, "max_capacity": None}}, "scalable_target_action.min_capacity"),
    ],
)
def test_validate_params_names_the_option(overrides: dict[str, Any], named: str) -> None:
    [error] = module.validate_params(dict(PARAMS, **overrides))
    assert error.startswith(named)


@pytest.mark.parametrize(
    "schedule",
    ["cron(0 20 * * ? *)", "cron(0/15 8-18 ? * MON-FRI *)", "rate(1 day)", "rate(30 minutes)", "at(2030-01-01T06:30:00)"],
)
def test_validate_params_accepts_each_kind_of_schedule(schedule: str) -> None:
    assert module.validate_params(dict(PARAMS, schedule=schedule, start_time="2030-01-01T00:00:00", end_time="2030-06-01T00:00:00+02:00")) == []


def test_absent_needs_no_schedule_or_capacity() -> None:
    assert module.validate_params(dict(PARAMS, state="absent", schedule=None, scalable_target_action=None)) == []


def test_times_are_compared_in_utc() -> None:
    assert module.parse_time("2030-01-01T01:00:00+01:00") == module.parse_time("2030-01-01T00:00:00Z") == module.parse_time("2030-01-01T00:00:00")
    assert module.desired_view(dict(PARAMS, start_time="2030-01-01T01:00:00+01:00"))["start_time"] == "2030-01-01T00:00:00+00:00"


def stored_view(**overrides: Any) -> dict[str, Any]:
    view = module.desired_view(PARAMS)
    view.update(scheduled_action_arn="arn", creation_time="2026-01-01T00:00:00+00:00")
    view.update(overrides)
    return view


def test_changed_settings_and_recreate_rules() -> None:
    desired = module.desired_view(dict(PARAMS, timezone="Europe/Paris", scalable_target_action={"min_capacity": 1, "max_capacity": None}))
    current = stored_view()

    assert module.changed_settings(current, module.desired_view(PARAMS)) == []
    assert module.changed_settings(current, desired) == ["timezone", "scalable_target_action"]
    assert module.needs_recreate(current, desired)  # max_capacity dropped
    assert not module.needs_recreate(current, module.desired_view(dict(PARAMS, schedule="rate(1 day)")))
    assert module.needs_recreate(stored_view(end_time="2031-01-01T00:00:00+00:00"), module.desired_view(PARAMS))


def test_put_request_sends_every_setting() -> None:
    desired = module.desired_view(dict(PARAMS, start_time="2030-01-01T00:00:00Z", scalable_target_action={"min_capacity": None, "max_capacity": 3}))

    assert module.put_request(desired) == {
        "ServiceNamespace": "ecs",
        "ResourceId": RESOURCE,
        "ScalableDimension": DIMENSION,
        "ScheduledActionName": "night",
        "Schedule": "cron(0 20 * * ? *)",
        "Timezone": "UTC",
        "ScalableTargetAction": {"MaxCapacity": 3},
        "StartTime": datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    }


# Create


def test_create_puts_the_action(world: World) -> None:
    run_ = world.action({"timezone": "Europe/Paris", "start_time": "2030-01-01T00:00:00Z", "end_time": "2031-01-01T00:00:00Z"})

    assert not run_.failed, run_.out
    assert run_.changed
    stored = world.stored()
    assert (stored["Schedule"], stored["Timezone"], stored["ScalableTargetAction"]) == (
        "cron(0 20 * * ? *)",
        "Europe/Paris",
        {"MinCapacity": 1, "MaxCapacity": 1},
    )
    assert (stored["StartTime"].year, stored["EndTime"].year) == (2030, 2031)
    action = run_.out["scheduled_action"]
    assert action["scheduled_action_arn"] == stored["ScheduledActionARN"]
    assert (action["start_time"], action["end_time"]) == ("2030-01-01T00:00:00+00:00", "2031-01-01T00:00:00+00:00")
    assert action["scalable_target_action"] == {"min_capacity": 1, "max_capacity": 1}
    assert run_.out["diff"]["before"] == {}
    assert world.aws.calls().mutating == ["application-autoscaling:PutScheduledAction"]


def test_an_unregistered_target_fails_naming_it(unregistered: World) -> None:
    run_ = unregistered.action()

    assert run_.failed
    assert f"No scalable target is registered for {RESOURCE}" in run_.out["msg"]
    assert "application_autoscaling_scalable_target" in run_.out["msg"]
    assert unregistered.aws.calls().mutating == []


def test_an_unregistered_target_fails_in_check_mode_too(unregistered: World) -> None:
    run_ = unregistered.action(check_mode=True)

    assert run_.failed
    assert "No scalable target is registered" in run_.out["msg"]


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = {"timezone": "Europe/Paris", "start_time": "2030-01-01T01:00:00+01:00"}
    first = world.action(args)
    world.aws.clear_calls()

    again = world.action(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["scheduled_action"] == first.out["scheduled_action"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_reports_the_create_and_puts_nothing(world: World) -> None:
    run_ = world.action(check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.actions() == []
    assert world.aws.calls().mutating == []
    assert run_.out["scheduled_action"] == module.desired_view(PARAMS)


def test_check_mode_on_a_change_changes_nothing(world: World) -> None:
    world.action()
    world.aws.clear_calls()

    run_ = world.action({"schedule": "cron(0 21 * * ? *)"}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.stored()["Schedule"] == "cron(0 20 * * ? *)"
    assert run_.out["diff"]["after"]["schedule"] == "cron(0 21 * * ? *)"


# Update


def test_update_puts_the_action_again(world: World) -> None:
    arn = world.action().out["scheduled_action"]["scheduled_action_arn"]
    world.aws.clear_calls()

    run_ = world.action({"schedule": "cron(0 22 * * ? *)", "timezone": "Europe/Paris", "scalable_target_action": {"min_capacity": 0, "max_capacity": 2}})

    assert run_.changed
    stored = world.stored()
    assert (stored["ScheduledActionARN"], stored["Schedule"], stored["Timezone"]) == (arn, "cron(0 22 * * ? *)", "Europe/Paris")
    assert stored["ScalableTargetAction"] == {"MinCapacity": 0, "MaxCapacity": 2}
    assert world.aws.calls().mutating == ["application-autoscaling:PutScheduledAction"]
    assert run_.out["diff"]["before"]["schedule"] == "cron(0 20 * * ? *)"


def test_a_dropped_end_time_deletes_and_puts_the_action(world: World) -> None:
    world.action({"end_time": "2031-01-01T00:00:00Z"})
    world.aws.clear_calls()

    run_ = world.action()

    assert run_.changed
    assert "EndTime" not in world.stored()
    assert "end_time" not in run_.out["scheduled_action"]
    assert world.aws.calls().mutating == ["application-autoscaling:DeleteScheduledAction", "application-autoscaling:PutScheduledAction"]


def test_a_dropped_capacity_deletes_and_puts_the_action(world: World) -> None:
    world.action()
    world.aws.clear_calls()

    run_ = world.action({"scalable_target_action": {"max_capacity": 3}})

    assert run_.changed
    assert world.stored()["ScalableTargetAction"] == {"MaxCapacity": 3}
    assert world.aws.calls().mutating == ["application-autoscaling:DeleteScheduledAction", "application-autoscaling:PutScheduledAction"]


def test_other_actions_of_the_target_are_left_alone(world: World) -> None:
    world.action({"scheduled_action_name": "morning", "schedule": "cron(0 7 * * ? *)", "scalable_target_action": {"min_capacity": 2, "max_capacity": 6}})
    world.action()

    world.action({"state": "absent"})

    assert [action["ScheduledActionName"] for action in world.actions()] == ["morning"]


# Absent


def test_absent_deletes_the_action(world: World) -> None:
    world.action()
    world.aws.clear_calls()

    run_ = world.action({"state": "absent"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.actions() == []
    assert run_.out["diff"]["after"] == {}
    assert run_.out["diff"]["before"]["schedule"] == "cron(0 20 * * ? *)"
    assert world.aws.calls().mutating == ["application-autoscaling:DeleteScheduledAction"]


def test_absent_twice_changes_nothing(world: World) -> None:
    world.action()
    world.action({"state": "absent"})
    world.aws.clear_calls()

    run_ = world.action({"state": "absent"})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_absent_of_an_unregistered_target_changes_nothing(unregistered: World) -> None:
    run_ = unregistered.action({"state": "absent"})

    assert not run_.failed, run_.out
    assert not run_.changed


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.action()
    world.aws.clear_calls()

    run_ = world.action({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert len(world.actions()) == 1


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"schedule": "nightly"}, "schedule"),
        ({"scalable_target_action": {}}, "scalable_target_action"),
        ({"service_namespace": "s3"}, "service_namespace"),
        ({"scalable_dimension": "ecs:task:Count", "resource_id": "cluster/x"}, "resource_id"),
        ({"start_time": "tomorrow"}, "start_time"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.action(args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []
