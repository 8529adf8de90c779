"""ecs_service, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import ecs_service as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

CLUSTER = "webstack-test-app"
NAME = "web"


def params(**overrides: Any) -> dict[str, Any]:
    """The module's params as AnsibleModule fills them in (defaults included)."""
    base = {
        "name": NAME,
        "cluster": CLUSTER,
        "state": "present",
        "task_definition": "web:1",
        "desired_count": None,
        "launch_type": None,
        "capacity_provider_strategy": None,
        "platform_version": None,
        "network_configuration": None,
        "load_balancers": None,
        "service_registries": None,
        "deployment_configuration": None,
        "health_check_grace_period_seconds": None,
        "enable_execute_command": False,
        "propagate_tags": "SERVICE",
        "enable_ecs_managed_tags": True,
        "force_new_deployment": False,
        "tags": None,
        "purge_tags": True,
        "wait": False,
        "wait_timeout": 600,
    }
    return {**base, **overrides}


LB = {"target_group_arn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef", "container_name": "web", "container_port": 80}


def deployment(status: str = "PRIMARY", rollout: str = "COMPLETED", task: str = "td:2", **extra: Any) -> dict[str, Any]:
    return {"id": f"ecs-svc/{task}", "status": status, "rolloutState": rollout, "taskDefinition": task, **extra}


@dataclass
class World:
    aws: Emulator
    subnet: str
    group: str
    revisions: list[str]
    target_group: str

    @property
    def ecs(self) -> Any:
        return self.aws.client("ecs")

    def service(self, args: dict[str, Any] | None = None, check_mode: bool = False) -> Result:
        return run(module.main, self.aws, {"name": NAME, "cluster": CLUSTER, **(args or {})}, check_mode)

    def fargate(self, **args: Any) -> dict[str, Any]:
        """The options of a Fargate service in the world's subnet."""
        return {
            "task_definition": "web:1",
            "launch_type": "FARGATE",
            "network_configuration": {"subnets": [self.subnet], "security_groups": [self.group]},
            **args,
        }

    def read(self) -> dict[str, Any]:
        return self.ecs.describe_services(cluster=CLUSTER, services=[NAME], include=["TAGS"])["services"][0]


@pytest.fixture
def world(aws: Emulator) -> World:
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    target_group = aws.client("elbv2").create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip")["TargetGroups"][0][
        "TargetGroupArn"
    ]
    ecs = aws.client("ecs")
    ecs.create_cluster(clusterName=CLUSTER, capacityProviders=["FARGATE", "FARGATE_SPOT"])
    revisions = [
        ecs.register_task_definition(
            family="web",
            networkMode="awsvpc",
            requiresCompatibilities=["FARGATE"],
            cpu="256",
            memory="512",
            containerDefinitions=[{"name": "web", "image": f"nginx:{n}", "portMappings": [{"containerPort": 80}]}],
        )["taskDefinition"]["taskDefinitionArn"]
        for n in (1, 2)
    ]
    aws.clear_calls()
    return World(aws, subnet, group, revisions, target_group)


# Pure rules


@pytest.mark.parametrize(
    ("overrides", "option", "problem"),
    [
        ({"name": "no spaces"}, "name", "letters, digits"),
        ({"cluster": " "}, "cluster", "must name the cluster"),
        ({"task_definition": None}, "task_definition", "required with state=present"),
        ({"desired_count": -1}, "desired_count", "0 or more"),
        (
            {"launch_type": "FARGATE", "capacity_provider_strategy": [{"capacity_provider": "FARGATE", "weight": 1, "base": 0}]},
            "launch_type",
            "mutually exclusive",
        ),
        ({"capacity_provider_strategy": [{"capacity_provider": "FARGATE", "weight": 2000, "base": 0}]}, "capacity_provider_strategy[0].weight", "0 and 1000"),
        ({"network_configuration": {"subnets": [], "security_groups": None, "assign_public_ip": False}}, "network_configuration.subnets", "at least one"),
        (
            {"deployment_configuration": {"minimum_healthy_percent": 101, "maximum_percent": 200, "deployment_circuit_breaker": None}},
            "deployment_configuration.minimum_healthy_percent",
            "0 and 100",
        ),
        (
            {"deployment_configuration": {"minimum_healthy_percent": 50, "maximum_percent": 99, "deployment_circuit_breaker": None}},
            "deployment_configuration.maximum_percent",
            "100 or more",
        ),
        ({"load_balancers": [dict(LB, container_port=0)]}, "load_balancers[0].container_port", "1 and 65535"),
        (
            {"service_registries": [{"registry_arn": "arn", "container_name": None, "container_port": None, "port": 70000}]},
            "service_registries[0].port",
            "1 and 65535",
        ),
        ({"load_balancers": [LB], "health_check_grace_period_seconds": -1}, "health_check_grace_period_seconds", "0 or more"),
        ({"health_check_grace_period_seconds": 30}, "health_check_grace_period_seconds", "needs load_balancers"),
        ({"wait_timeout": -5}, "wait_timeout", "0 or more"),
    ],
)
def test_validate_params_names_the_option_and_what_is_wrong(overrides: dict[str, Any], option: str, problem: str) -> None:
    [error] = module.validate_params(params(**overrides))
    assert error.startswith(option)
    assert problem in error


def test_validate_params_accepts_a_full_service() -> None:
    good = params(
        launch_type="FARGATE",
        desired_count=0,
        load_balancers=[LB],
        health_check_grace_period_seconds=0,
        deployment_configuration={"minimum_healthy_percent": 0, "maximum_percent": 100, "deployment_circuit_breaker": {"enable": True, "rollback": True}},
    )
    assert module.validate_params(good) == []


def test_absent_needs_no_task_definition() -> None:
    assert module.validate_params(params(state="absent", task_definition=None)) == []


def test_steady_needs_one_completed_primary_deployment_and_every_task_running() -> None:
    assert module.steady({"deployments": [deployment()], "desiredCount": 2, "runningCount": 2}) == (True, "")
    assert module.steady({"deployments": [deployment(rollout=None)], "desiredCount": 0, "runningCount": 0})[0]
    two = {"deployments": [deployment(), deployment("ACTIVE", task="td:1")], "desiredCount": 2, "runningCount": 2}
    assert module.steady(two) == (False, "2 deployments")
    rolling = {"deployments": [deployment(rollout="IN_PROGRESS")], "desiredCount": 2, "runningCount": 1}
    assert module.steady(rolling) == (False, "rollout IN_PROGRESS, 1 of 2 tasks running")


def test_a_rolled_back_deployment_is_reported_with_its_reason_and_the_rollback() -> None:
    service = {
        "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": True, "rollback": True}},
        "deployments": [
            deployment(rollout="IN_PROGRESS", task="td:1"),
            deployment("ACTIVE", "FAILED", "td:2", rolloutStateReason="tasks failed to start"),
        ],
    }
    message = module.rollout_failure(service, "td:2")
    assert "ecs-svc/td:2 of task definition td:2 failed: tasks failed to start" in message
    assert "rolled the service back to td:1" in message
    assert module.rollout_failure(service, "td:1") == ""


def test_a_failed_deployment_without_rollback_says_so() -> None:
    service = {
        "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": True, "rollback": False}},
        "deployments": [deployment(rollout="FAILED", rolloutStateReason="circuit breaker")],
    }
    assert "not rolled back: deployment_configuration.deployment_circuit_breaker.rollback is off" in module.rollout_failure(service, "td:2")


def test_update_params_send_only_what_differs() -> None:
    raw = {"serviceName": NAME, "taskDefinition": "td:1", "desiredCount": 3, "launchType": "FARGATE", "propagateTags": "SERVICE", "enableECSManagedTags": True}
    current = module.settings_of(raw)
    same = module.desired_settings(current, params(), "td:1")
    assert module.update_params(current, same, force=False) == {}
    assert same["desired_count"] == 3  # left to whoever owns it
    deploy = module.desired_settings(current, params(desired_count=4), "td:2")
    assert module.update_params(current, deploy, force=False) == {"taskDefinition": "td:2", "desiredCount": 4}
    spot = module.desired_settings(current, params(capacity_provider_strategy=[{"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": 0}]), "td:1")
    assert module.update_params(current, spot, force=False) == {
        "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}],
        "forceNewDeployment": True,
    }


def test_a_launch_type_change_is_refused_by_option_name() -> None:
    current = module.settings_of({"serviceName": NAME, "launchType": "FARGATE"})
    [error] = module.immutable_errors(current, params(launch_type="EC2"))
    assert error.startswith("launch_type cannot change") and "FARGATE" in error
    assert module.immutable_errors(current, params(launch_type="FARGATE")) == []
    assert module.immutable_errors({}, params(launch_type="EC2")) == []


# Create


def test_create_makes_the_service_with_every_setting(world: World) -> None:
    args = world.fargate(
        desired_count=2,
        load_balancers=[dict(LB, target_group_arn=world.target_group)],
        health_check_grace_period_seconds=30,
        deployment_configuration={"minimum_healthy_percent": 50, "deployment_circuit_breaker": {"enable": True, "rollback": True}},
        enable_execute_command=True,
        tags={"webstack:stack": "test"},
        wait=True,
    )

    run_ = world.service(args)

    assert not run_.failed, run_.out
    assert run_.changed
    found = world.read()
    assert (found["taskDefinition"], found["desiredCount"], found["runningCount"], found["launchType"]) == (world.revisions[0], 2, 2, "FARGATE")
    assert found["networkConfiguration"]["awsvpcConfiguration"] == {"subnets": [world.subnet], "securityGroups": [world.group], "assignPublicIp": "DISABLED"}
    assert found["loadBalancers"] == [{"targetGroupArn": world.target_group, "containerName": "web", "containerPort": 80}]
    assert found["deploymentConfiguration"] == {
        "deploymentCircuitBreaker": {"enable": True, "rollback": True},
        "maximumPercent": 200,
        "minimumHealthyPercent": 50,
    }
    assert (found["healthCheckGracePeriodSeconds"], found["enableExecuteCommand"], found["propagateTags"], found["enableECSManagedTags"]) == (
        30,
        True,
        "SERVICE",
        True,
    )
    returned = run_.out["service"]
    assert returned["tags"] == {"webstack:stack": "test"}
    assert returned["deployments"][0]["rollout_state"] == "COMPLETED"
    assert run_.out["previous_task_definition"] is None
    assert world.aws.calls().mutating == ["ecs:CreateService"]


def test_a_new_service_runs_one_task_by_default(world: World) -> None:
    run_ = world.service(world.fargate())

    assert not run_.failed, run_.out
    assert world.read()["desiredCount"] == 1


def test_an_inactive_service_of_the_name_is_created_again(world: World) -> None:
    world.service(world.fargate())
    world.ecs.delete_service(cluster=CLUSTER, service=NAME, force=True)

    run_ = world.service(world.fargate())

    assert run_.changed
    assert world.read()["status"] == "ACTIVE"


def test_an_unknown_task_definition_fails_naming_the_option(world: World) -> None:
    run_ = world.service(world.fargate(task_definition="web:9"))

    assert run_.failed
    assert "task_definition web:9" in run_.out["msg"]
    assert world.aws.calls().mutating == []


def test_a_missing_cluster_fails_naming_it(world: World) -> None:
    run_ = world.service(dict(world.fargate(), cluster="nowhere"))

    assert run_.failed
    assert "ECS cluster nowhere does not exist" in run_.out["msg"]


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = world.fargate(
        load_balancers=[dict(LB, target_group_arn=world.target_group)],
        health_check_grace_period_seconds=10,
        deployment_configuration={"deployment_circuit_breaker": {"enable": True, "rollback": True}},
        tags={"a": "1"},
    )
    first = world.service(args)
    world.aws.clear_calls()

    again = world.service(dict(args, wait=True))

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["service"]["deployments"] == first.out["service"]["deployments"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]
    assert again.out["previous_task_definition"] == world.revisions[0]


def test_a_service_without_security_groups_is_converged_with_the_default_group(world: World) -> None:
    args = {"task_definition": "web:1", "launch_type": "FARGATE", "network_configuration": {"subnets": [world.subnet]}}
    world.service(args)
    world.aws.clear_calls()

    again = world.service(args)

    assert not again.changed
    assert world.aws.calls().mutating == []


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    run_ = world.service(world.fargate(desired_count=3), check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.ecs.list_services(cluster=CLUSTER)["serviceArns"] == []
    assert world.aws.calls().mutating == []
    assert (run_.out["service"]["desired_count"], run_.out["service"]["task_definition"]) == (3, world.revisions[0])
    assert run_.out["diff"]["before"] == {}


def test_check_mode_reports_a_deploy_and_changes_nothing(world: World) -> None:
    world.service(world.fargate())
    world.aws.clear_calls()

    run_ = world.service(world.fargate(task_definition="web:2"), check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.read()["taskDefinition"] == world.revisions[0]
    assert (run_.out["diff"]["before"]["task_definition"], run_.out["diff"]["after"]["task_definition"]) == tuple(world.revisions)


# Updates


def test_a_new_task_definition_is_deployed_and_the_previous_one_returned(world: World) -> None:
    world.service(world.fargate(desired_count=2))
    world.aws.clear_calls()

    run_ = world.service(world.fargate(task_definition="web:2", wait=True))

    assert not run_.failed, run_.out
    assert run_.changed
    assert run_.out["previous_task_definition"] == world.revisions[0]
    found = world.read()
    [primary] = found["deployments"]
    assert (found["taskDefinition"], primary["taskDefinition"], primary["status"], primary["rolloutState"]) == (
        world.revisions[1],
        world.revisions[1],
        "PRIMARY",
        "COMPLETED",
    )
    assert (found["desiredCount"], found["runningCount"]) == (2, 2)
    assert world.aws.calls().mutating == ["ecs:UpdateService"]


def test_an_unset_desired_count_is_left_to_autoscaling(world: World) -> None:
    world.service(world.fargate(desired_count=2))
    world.ecs.update_service(cluster=CLUSTER, service=NAME, desiredCount=5)
    world.aws.clear_calls()

    run_ = world.service(world.fargate())

    assert not run_.changed
    assert world.read()["desiredCount"] == 5
    assert world.aws.calls().mutating == []


def test_a_desired_count_is_set_when_given(world: World) -> None:
    world.service(world.fargate())

    run_ = world.service(world.fargate(desired_count=4))

    assert run_.changed
    assert world.read()["desiredCount"] == 4


def test_settings_change_with_one_update(world: World) -> None:
    world.service(world.fargate())
    world.aws.clear_calls()

    run_ = world.service(
        world.fargate(
            enable_execute_command=True,
            propagate_tags="TASK_DEFINITION",
            enable_ecs_managed_tags=False,
            deployment_configuration={"minimum_healthy_percent": 0, "maximum_percent": 100},
            network_configuration={"subnets": [world.subnet], "security_groups": [world.group], "assign_public_ip": True},
            load_balancers=[dict(LB, target_group_arn=world.target_group)],
            health_check_grace_period_seconds=45,
        )
    )

    assert not run_.failed, run_.out
    found = world.read()
    assert (found["enableExecuteCommand"], found["propagateTags"], found["enableECSManagedTags"]) == (True, "TASK_DEFINITION", False)
    assert (found["deploymentConfiguration"]["minimumHealthyPercent"], found["deploymentConfiguration"]["maximumPercent"]) == (0, 100)
    assert found["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"] == "ENABLED"
    assert found["loadBalancers"][0]["targetGroupArn"] == world.target_group
    assert found["healthCheckGracePeriodSeconds"] == 45
    assert world.aws.calls().mutating == ["ecs:UpdateService"]


def test_a_capacity_provider_strategy_replaces_the_launch_type(world: World) -> None:
    world.service(world.fargate())
    strategy = [{"capacity_provider": "FARGATE_SPOT", "weight": 1}]
    args = {"task_definition": "web:1", "capacity_provider_strategy": strategy, "network_configuration": {"subnets": [world.subnet]}}

    run_ = world.service(args)

    assert not run_.failed, run_.out
    found = world.read()
    assert found["capacityProviderStrategy"] == [{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}]
    assert "launchType" not in found
    world.aws.clear_calls()
    assert not world.service(args).changed
    assert world.aws.calls().mutating == []


def test_a_launch_type_change_is_refused(world: World) -> None:
    world.service(world.fargate())
    world.aws.clear_calls()

    run_ = world.service(world.fargate(launch_type="EC2"))

    assert run_.failed
    assert run_.out["msg"].startswith("launch_type cannot change")
    assert world.aws.calls().mutating == []


def test_force_new_deployment_starts_a_deployment_every_run(world: World) -> None:
    world.service(world.fargate())
    before = world.read()["deployments"][0]["id"]

    run_ = world.service(world.fargate(force_new_deployment=True))

    assert run_.changed
    assert world.read()["deployments"][0]["id"] != before


def test_tags_are_added_and_purged(world: World) -> None:
    world.service(world.fargate(tags={"keep": "1", "drop": "2"}))
    world.aws.clear_calls()

    run_ = world.service(world.fargate(tags={"keep": "1", "new": "3"}))

    assert run_.changed
    assert {t["key"]: t["value"] for t in world.read()["tags"]} == {"keep": "1", "new": "3"}
    assert sorted(world.aws.calls().mutating) == ["ecs:TagResource", "ecs:UntagResource"]
    assert run_.out["service"]["tags"] == {"keep": "1", "new": "3"}


# Waiting


def test_wait_waits_out_the_rollout(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "POLL_DELAY", 0.1)
    world.aws.latency("aws-scaled", 0.01)

    run_ = world.service(world.fargate(desired_count=2, wait=True))

    assert not run_.failed, run_.out
    service = run_.out["service"]
    assert (service["running_count"], service["deployments"][0]["rollout_state"]) == (2, "COMPLETED")
    assert world.aws.calls().count("DescribeServices") > 2  # it saw the rollout in progress


def test_wait_times_out_naming_what_is_not_steady(world: World) -> None:
    world.aws.latency("aws-scaled", 1)

    run_ = world.service(world.fargate(wait=True, wait_timeout=0))

    assert run_.failed
    assert "waiting for ECS service web to be steady: rollout IN_PROGRESS, 0 of 1 tasks running" in run_.out["msg"]


# Absent


def test_absent_scales_to_zero_deletes_and_again_changes_nothing(world: World) -> None:
    world.service(world.fargate(desired_count=2))
    world.aws.clear_calls()

    gone = world.service({"state": "absent", "wait": True})
    assert not gone.failed, gone.out
    assert gone.changed
    assert world.read()["status"] == "INACTIVE"
    assert world.aws.calls().mutating == ["ecs:UpdateService", "ecs:DeleteService"]

    world.aws.clear_calls()
    again = world.service({"state": "absent"})
    assert not again.changed
    assert world.aws.calls().mutating == []


def test_absent_in_check_mode_deletes_nothing(world: World) -> None:
    world.service(world.fargate())
    world.aws.clear_calls()

    run_ = world.service({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert world.read()["status"] == "ACTIVE"
    assert world.aws.calls().mutating == []


def test_absent_in_a_missing_cluster_changes_nothing(world: World) -> None:
    run_ = world.service({"state": "absent", "cluster": "nowhere"})

    assert not run_.failed, run_.out
    assert not run_.changed
