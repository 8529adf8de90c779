"""ecs_run_task, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import ecs_run_task as module

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.ecs_tasks import plan_exit
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

CLUSTER = "webstack-test"
FAMILY = "webstack-test-app"
DEFAULTS: dict[str, Any] = {
    "cluster": CLUSTER,
    "task_definition": FAMILY,
    "launch_type": None,
    "capacity_provider_strategy": None,
    "platform_version": None,
    "network_configuration": {"subnets": ["subnet-1"], "security_groups": None, "assign_public_ip": False},
    "container_overrides": None,
    "started_by": "webstack-aws",
    "count": 1,
    "wait": True,
    "wait_timeout": 1800,
    "tags": None,
}
MIGRATE = [{"name": "app", "command": ["manage.py", "migrate"], "environment": {"STAGE": "test", "RETRIES": 3}}]


def params(**changes: Any) -> dict[str, Any]:
    return {**DEFAULTS, **changes}


@dataclass
class World:
    aws: Emulator
    subnet: str

    def run_task(self, check_mode: bool = False, **args: Any) -> Result:
        network = {"subnets": [self.subnet]}
        return run(module.main, self.aws, {"cluster": CLUSTER, "task_definition": FAMILY, "network_configuration": network, **args}, check_mode)

    def fail_next(self, exit_code: int, tasks: int = 1) -> None:
        assert plan_exit(self.aws, {"family": FAMILY, "exit_code": exit_code, "tasks": tasks})[0] == 200

    def task_arns(self) -> list[str]:
        return self.aws.client("ecs").list_tasks(cluster=CLUSTER)["taskArns"]


@pytest.fixture
def world(aws: Emulator) -> World:
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.40.1.0/24")["Subnet"]["SubnetId"]
    ecs = aws.client("ecs")
    ecs.create_cluster(clusterName=CLUSTER)
    ecs.register_task_definition(
        family=FAMILY,
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
        containerDefinitions=[{"name": "app", "image": "app:1"}, {"name": "log-router", "image": "fluent-bit", "essential": False}],
    )
    aws.clear_calls()
    return World(aws, subnet)


# Pure rules


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"count": 0}, "count must be from 1 to 10"),
        ({"count": 11}, "count must be from 1 to 10"),
        ({"wait_timeout": -1}, "wait_timeout must be 0 or more"),
        ({"cluster": " "}, "cluster must not be empty"),
        ({"task_definition": ""}, "task_definition must not be empty"),
        ({"started_by": "webstack.aws"}, "started_by 'webstack.aws' must be 1 to 128 letters"),
        ({"started_by": "ecs-svc/123"}, "started_by must not start with 'ecs-svc/'"),
        ({"network_configuration": None}, "network_configuration.subnets is required on Fargate"),
        (
            {"network_configuration": None, "capacity_provider_strategy": [{"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": None}]},
            "network_configuration.subnets is required on Fargate",
        ),
        ({"container_overrides": [{"name": " ", "command": None, "environment": None}]}, "container_overrides[0].name must not be empty"),
        ({"container_overrides": [*MIGRATE, *MIGRATE]}, "container_overrides names app more than once"),
        ({"capacity_provider_strategy": [{"capacity_provider": "FARGATE", "weight": 1001, "base": None}]}, "[0].weight must be between 0 and 1000"),
        (
            {
                "capacity_provider_strategy": [
                    {"capacity_provider": "FARGATE", "weight": 1, "base": 1},
                    {"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": 2},
                ]
            },
            "only one capacity provider may have a base above 0",
        ),
        ({"tags": {f"k{n}": "v" for n in range(51)}}, "tags has 51 tags"),
    ],
)
def test_validate_params_names_the_option_and_what_is_wrong(changes: dict[str, Any], problem: str) -> None:
    errors = module.validate_params(params(**changes))
    assert len(errors) == 1
    assert problem in errors[0]


def test_validate_params_lets_ec2_tasks_run_without_subnets() -> None:
    assert module.validate_params(params(launch_type="EC2", network_configuration=None)) == []
    assert module.validate_params(params()) == []


def test_run_task_request_defaults_to_fargate_and_spells_overrides_as_ecs_does() -> None:
    request = module.run_task_request(params(container_overrides=MIGRATE, tags={"job": "migrate"}), "arn:td:1", "token-1")
    assert request == {
        "cluster": CLUSTER,
        "taskDefinition": "arn:td:1",
        "count": 1,
        "startedBy": "webstack-aws",
        "clientToken": "token-1",
        "launchType": "FARGATE",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": "DISABLED"}},
        "overrides": {
            "containerOverrides": [
                {"name": "app", "command": ["manage.py", "migrate"], "environment": [{"name": "RETRIES", "value": "3"}, {"name": "STAGE", "value": "test"}]}
            ]
        },
        "tags": [{"key": "job", "value": "migrate"}],
    }


def test_run_task_request_sends_a_capacity_provider_strategy_instead_of_a_launch_type() -> None:
    strategy = [{"capacity_provider": "FARGATE_SPOT", "weight": 2, "base": None}]
    network = {"subnets": ["subnet-1"], "security_groups": ["sg-1"], "assign_public_ip": True}
    request = module.run_task_request(params(capacity_provider_strategy=strategy, network_configuration=network, platform_version="1.4.0"), "arn:td:1", "t")
    assert "launchType" not in request
    assert request["capacityProviderStrategy"] == [{"capacityProvider": "FARGATE_SPOT", "weight": 2, "base": 0}]
    assert request["networkConfiguration"] == {"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": "ENABLED", "securityGroups": ["sg-1"]}}
    assert request["platformVersion"] == "1.4.0"


def test_task_failures_name_the_task_its_stop_and_every_container() -> None:
    task = {
        "taskArn": "arn:task/1",
        "stopCode": "TaskFailedToStart",
        "stoppedReason": "CannotPullContainerError",
        "containers": [{"name": "app", "reason": "CannotPullContainerError: not found"}, {"name": "log-router", "exitCode": 137}],
    }
    ok = {"taskArn": "arn:task/2", "containers": [{"name": "app", "exitCode": 0}, {"name": "log-router", "exitCode": 1}]}
    assert module.task_failures([task, ok], {"app"}) == [
        "task arn:task/1 failed (stop code TaskFailedToStart: CannotPullContainerError); containers: "
        "app (essential) no exit code, CannotPullContainerError: not found; log-router (not essential) exit code 137"
    ]


def test_wait_until_stopped_gives_up_at_the_timeout() -> None:
    now = [0.0]
    reads: list[list[str]] = []

    def describe(arns: list[str]) -> list[dict[str, Any]]:
        reads.append(arns)
        return [{"taskArn": "arn:task/1", "lastStatus": "RUNNING"}]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    tasks, stopped = module.wait_until_stopped(describe, ["arn:task/1"], 10, sleep=sleep, clock=lambda: now[0])
    assert (stopped, tasks[0]["lastStatus"], now[0], len(reads)) == (False, "RUNNING", 10, 3)  # reads at 0, 6 and 10 seconds


def test_wait_until_stopped_waits_for_a_task_not_visible_yet() -> None:
    answers = [[], [{"taskArn": "arn:task/1", "lastStatus": "STOPPED"}]]
    tasks, stopped = module.wait_until_stopped(lambda arns: answers.pop(0), ["arn:task/1"], 60, sleep=lambda seconds: None)
    assert stopped and tasks == [{"taskArn": "arn:task/1", "lastStatus": "STOPPED"}]


# Runs against the emulator


def test_a_migration_that_exits_0_succeeds_once_every_task_has_stopped(world: World) -> None:
    result = world.run_task(container_overrides=MIGRATE, tags={"job": "migrate"}, started_by="deploy-migrate")
    assert not result.failed, result.out
    assert result.changed
    assert result.out["task_definition_arn"].endswith(f":task-definition/{FAMILY}:1")
    (task,) = result.out["tasks"]
    assert (task["last_status"], task["stop_code"], task["started_by"], task["tags"]) == (
        "STOPPED",
        "EssentialContainerExited",
        "deploy-migrate",
        {"job": "migrate"},
    )
    assert [(container["name"], container["exit_code"]) for container in task["containers"]] == [("app", 0), ("log-router", 0)]
    assert task["overrides"]["container_overrides"][0]["command"] == ["manage.py", "migrate"]
    assert world.task_arns() == [task["task_arn"]]
    assert world.aws.calls().mutating == ["ecs:RunTask"]


def test_a_migration_that_exits_non_zero_fails_with_its_exit_code_and_task(world: World) -> None:
    world.fail_next(3)
    result = world.run_task(container_overrides=MIGRATE)
    assert result.failed and result.changed
    (task,) = result.out["tasks"]
    assert f"task {task['task_arn']} failed" in result.out["msg"]
    assert "stop code EssentialContainerExited: Essential container in task exited" in result.out["msg"]
    assert "app (essential) exit code 3" in result.out["msg"]
    assert [container["exit_code"] for container in task["containers"]] == [3, 0]


def test_one_failing_task_of_several_fails_the_run(world: World) -> None:
    world.fail_next(1)
    result = world.run_task(count=3)
    assert result.failed
    assert result.out["msg"].startswith(f"1 of 3 tasks of {result.out['task_definition_arn']} failed")
    assert len(result.out["tasks"]) == 3 == len(world.task_arns())


def test_without_wait_the_tasks_are_started_and_not_judged(world: World) -> None:
    world.fail_next(2)
    result = world.run_task(wait=False)
    assert not result.failed and result.changed
    assert len(result.out["tasks"]) == 1
    assert world.aws.calls().count("DescribeTasks") == 0


def test_check_mode_runs_nothing_and_reports_a_change(world: World) -> None:
    result = world.run_task(check_mode=True, container_overrides=MIGRATE)
    assert not result.failed and result.changed
    assert result.out["tasks"] == []
    assert result.out["task_definition_arn"].endswith(f"{FAMILY}:1")
    assert world.aws.calls().mutating == []
    assert world.task_arns() == []


def test_check_mode_warns_about_a_task_definition_not_registered_yet(world: World) -> None:
    result = world.run_task(check_mode=True, task_definition="webstack-test-new")
    assert not result.failed and result.changed
    assert "Task definition webstack-test-new was not found" in str(result.out["warnings"])
    assert world.aws.calls().mutating == []


def test_an_unknown_task_definition_fails_before_anything_runs(world: World) -> None:
    result = world.run_task(task_definition=f"{FAMILY}:9")
    assert result.failed
    assert f"Task definition {FAMILY}:9 was not found" in result.out["msg"]
    assert world.aws.calls().mutating == []


def test_an_override_of_a_container_the_definition_lacks_fails_before_anything_runs(world: World) -> None:
    result = world.run_task(container_overrides=[{"name": "web", "command": ["true"]}])
    assert result.failed
    assert "container_overrides names container 'web'" in result.out["msg"]
    assert "(its containers: app, log-router)" in result.out["msg"]
    assert world.aws.calls().mutating == []


def test_an_awsvpc_task_on_ec2_without_subnets_fails_before_anything_runs(world: World) -> None:
    result = run(module.main, world.aws, {"cluster": CLUSTER, "task_definition": FAMILY, "launch_type": "EC2"})
    assert result.failed
    assert "network_configuration.subnets is required" in result.out["msg"]
    assert world.aws.calls().mutating == []


def test_invalid_options_fail_before_any_aws_call(world: World) -> None:
    result = world.run_task(count=11, container_overrides=[{"name": ""}])
    assert result.failed
    assert result.out["errors"] == [
        "count must be from 1 to 10 (RunTask starts at most 10 tasks a call), not 11",
        "container_overrides[0].name must not be empty: name the container as the task definition does",
    ]
    assert world.aws.calls().calls == []
