"""ecs_capacity_provider, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import ecs_capacity_provider as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "demo-local-ec2"
TAGS = {"webstack:stack": "demo", "webstack:component": "ecs_service"}
SCALING_DEFAULTS = {
    "status": "ENABLED",
    "target_capacity": 100,
    "minimum_scaling_step_size": 1,
    "maximum_scaling_step_size": 10000,
    "instance_warmup_period": 300,
}
ARN = "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:0a1b2c3d-4e5f-6789-abcd-ef0123456789:autoScalingGroupName/demo-local-ecs"


def params(**overrides: Any) -> dict[str, Any]:
    """The module's params after ansible's defaults, as validate_params sees them."""
    base = {
        "name": NAME,
        "state": "present",
        "auto_scaling_group_arn": ARN,
        "managed_scaling": dict(SCALING_DEFAULTS),
        "managed_termination_protection": "DISABLED",
        "managed_draining": "ENABLED",
        "tags": None,
        "purge_tags": True,
        "wait": True,
        "wait_timeout": 300,
    }
    return {**base, **overrides}


@dataclass
class World:
    aws: Emulator
    groups: dict[str, str]

    @property
    def ecs(self) -> Any:
        return self.aws.client("ecs")

    def provider(self, args: dict[str, Any] | None = None, check_mode: bool = False, group: str = "protected") -> Result:
        return run(module.main, self.aws, {"name": NAME, "auto_scaling_group_arn": self.groups[group], **(args or {})}, check_mode)

    def absent(self, check_mode: bool = False, **args: Any) -> Result:
        return run(module.main, self.aws, {"name": NAME, "state": "absent", **args}, check_mode)

    def read(self) -> dict[str, Any] | None:
        found = self.ecs.describe_capacity_providers(capacityProviders=[NAME], include=["TAGS"])["capacityProviders"]
        return found[0] if found else None


@pytest.fixture
def world(aws: Emulator) -> World:
    """Two empty Auto Scaling groups: one protects new instances from scale-in, one does not."""
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.60.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.60.1.0/24")["Subnet"]["SubnetId"]
    ec2.create_launch_template(LaunchTemplateName="ecs-nodes", LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.small"})
    autoscaling = aws.client("autoscaling")
    groups = {}
    for name, protected in (("protected", True), ("unprotected", False)):
        autoscaling.create_auto_scaling_group(
            AutoScalingGroupName=name,
            LaunchTemplate={"LaunchTemplateName": "ecs-nodes", "Version": "$Latest"},
            MinSize=0,
            MaxSize=2,
            VPCZoneIdentifier=subnet,
            NewInstancesProtectedFromScaleIn=protected,
        )
        groups[name] = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]["AutoScalingGroupARN"]
    aws.clear_calls()
    return World(aws, groups)


# Pure rules


def test_validate_params_accepts_the_defaults() -> None:
    assert module.validate_params(params()) == []


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"name": "has space"}, "name"),
        ({"name": "x" * 256}, "name"),
        ({"name": "ECS-nodes"}, "name"),
        ({"name": "fargate_spot2"}, "name"),
        ({"auto_scaling_group_arn": None}, "auto_scaling_group_arn"),
        ({"auto_scaling_group_arn": "demo-local-ecs"}, "auto_scaling_group_arn"),
        ({"managed_scaling": dict(SCALING_DEFAULTS, target_capacity=0)}, "managed_scaling.target_capacity"),
        ({"managed_scaling": dict(SCALING_DEFAULTS, target_capacity=101)}, "managed_scaling.target_capacity"),
        ({"managed_scaling": dict(SCALING_DEFAULTS, minimum_scaling_step_size=0)}, "managed_scaling.minimum_scaling_step_size"),
        ({"managed_scaling": dict(SCALING_DEFAULTS, maximum_scaling_step_size=10001)}, "managed_scaling.maximum_scaling_step_size"),
        ({"managed_scaling": dict(SCALING_DEFAULTS, instance_warmup_period=-1)}, "managed_scaling.instance_warmup_period"),
        ({"managed_scaling": dict(SCALING_DEFAULTS, minimum_scaling_step_size=5, maximum_scaling_step_size=4)}, "managed_scaling.minimum_scaling_step_size"),
        ({"managed_termination_protection": "ENABLED", "managed_scaling": dict(SCALING_DEFAULTS, status="DISABLED")}, "managed_termination_protection"),
        ({"wait_timeout": -1}, "wait_timeout"),
    ],
)
def test_validate_params_names_the_option(overrides: dict[str, Any], named: str) -> None:
    [error] = module.validate_params(params(**overrides))
    assert error.startswith(named)


def test_absent_needs_no_group() -> None:
    assert module.validate_params(params(state="absent", auto_scaling_group_arn=None)) == []


def test_the_update_request_carries_every_managed_setting() -> None:
    desired = module.desired_settings({}, params(managed_scaling=dict(SCALING_DEFAULTS, target_capacity=90), managed_draining="DISABLED"))

    assert module.provider_update(desired) == {
        "managedScaling": {
            "status": "ENABLED",
            "targetCapacity": 90,
            "minimumScalingStepSize": 1,
            "maximumScalingStepSize": 10000,
            "instanceWarmupPeriod": 300,
        },
        "managedTerminationProtection": "DISABLED",
        "managedDraining": "DISABLED",
    }


def test_tags_not_given_are_kept_and_purge_tags_false_merges() -> None:
    current = {"tags": {"a": "1", "b": "2"}}

    assert module.desired_settings(current, params())["tags"] == {"a": "1", "b": "2"}
    assert module.desired_settings(current, params(tags={"b": "3"}, purge_tags=False))["tags"] == {"a": "1", "b": "3"}
    assert module.desired_settings(current, params(tags={"b": "3"}))["tags"] == {"b": "3"}


def test_only_managed_settings_need_an_update() -> None:
    current = module.desired_settings({}, params(tags={"a": "1"}))

    assert not module.needs_update(current, dict(current, tags={}))
    assert module.needs_update(current, dict(current, managed_draining="DISABLED"))


def test_a_different_group_is_an_immutable_error_naming_the_option() -> None:
    current = module.desired_settings({}, params())

    [error] = module.immutable_errors(current, dict(current, auto_scaling_group_arn=ARN + "x"))
    assert error.startswith("auto_scaling_group_arn cannot change")
    assert module.immutable_errors({}, current) == []


# Create


def test_create_makes_the_provider_with_every_setting(world: World) -> None:
    scaling = {"target_capacity": 90, "maximum_scaling_step_size": 2, "instance_warmup_period": 120}
    args = {"managed_scaling": scaling, "managed_termination_protection": "ENABLED", "managed_draining": "DISABLED", "tags": TAGS}

    run_ = world.provider(args)

    assert not run_.failed, run_.out
    assert run_.changed
    read = world.read()
    assert read is not None and read["status"] == "ACTIVE"
    group = read["autoScalingGroupProvider"]
    assert group == {
        "autoScalingGroupArn": world.groups["protected"],
        "managedScaling": {"status": "ENABLED", "targetCapacity": 90, "minimumScalingStepSize": 1, "maximumScalingStepSize": 2, "instanceWarmupPeriod": 120},
        "managedTerminationProtection": "ENABLED",
        "managedDraining": "DISABLED",
    }
    assert {tag["key"]: tag["value"] for tag in read["tags"]} == TAGS
    returned = run_.out["capacity_provider"]
    assert returned["capacity_provider_arn"] == read["capacityProviderArn"]
    assert returned["auto_scaling_group_provider"]["managed_scaling"]["target_capacity"] == 90
    assert returned["tags"] == TAGS
    assert run_.out["diff"]["before"] == {}
    assert world.aws.calls().mutating == ["ecs:CreateCapacityProvider"]


def test_create_with_defaults_scales_and_drains_without_termination_protection(world: World) -> None:
    run_ = world.provider()

    assert not run_.failed, run_.out
    group = run_.out["capacity_provider"]["auto_scaling_group_provider"]
    assert group["managed_scaling"] == SCALING_DEFAULTS
    assert (group["managed_termination_protection"], group["managed_draining"]) == ("DISABLED", "ENABLED")
    assert run_.out["capacity_provider"]["tags"] == {}


def test_termination_protection_on_an_unprotected_group_fails_with_aws_reason(world: World) -> None:
    run_ = world.provider({"managed_termination_protection": "ENABLED"}, group="unprotected")

    assert run_.failed
    assert "instance protection from scale in" in run_.out["msg"]
    assert world.read() is None


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = {"managed_scaling": {"target_capacity": 90}, "tags": TAGS}
    first = world.provider(args)
    world.aws.clear_calls()

    again = world.provider(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["capacity_provider"] == first.out["capacity_provider"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    run_ = world.provider({"tags": TAGS}, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.read() is None
    assert world.aws.calls().mutating == []
    assert run_.out["capacity_provider"]["name"] == NAME
    assert run_.out["capacity_provider"]["auto_scaling_group_provider"]["managed_scaling"] == SCALING_DEFAULTS
    assert run_.out["diff"]["after"]["tags"] == TAGS


def test_check_mode_on_a_change_reports_it_and_changes_nothing(world: World) -> None:
    world.provider()
    world.aws.clear_calls()

    run_ = world.provider({"managed_draining": "DISABLED"}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.read()["autoScalingGroupProvider"]["managedDraining"] == "ENABLED"
    assert (run_.out["diff"]["before"]["managed_draining"], run_.out["diff"]["after"]["managed_draining"]) == ("ENABLED", "DISABLED")


def test_check_mode_on_the_converged_provider_reports_no_change(world: World) -> None:
    world.provider({"tags": TAGS})
    world.aws.clear_calls()

    run_ = world.provider({"tags": TAGS}, check_mode=True)

    assert not run_.changed
    assert world.aws.calls().mutating == []


# Update


def test_managed_settings_change_in_place(world: World) -> None:
    created = world.provider().out["capacity_provider"]
    world.aws.clear_calls()

    run_ = world.provider({"managed_scaling": {"target_capacity": 80, "minimum_scaling_step_size": 2}, "managed_draining": "DISABLED"})

    assert not run_.failed, run_.out
    assert run_.changed
    group = world.read()["autoScalingGroupProvider"]
    assert (group["managedScaling"]["targetCapacity"], group["managedScaling"]["minimumScalingStepSize"], group["managedDraining"]) == (80, 2, "DISABLED")
    assert run_.out["capacity_provider"]["capacity_provider_arn"] == created["capacity_provider_arn"]
    assert run_.out["diff"]["after"]["managed_scaling"]["target_capacity"] == 80
    assert world.aws.calls().mutating == ["ecs:UpdateCapacityProvider"]


def test_managed_scaling_can_be_turned_off(world: World) -> None:
    world.provider()

    run_ = world.provider({"managed_scaling": {"status": "DISABLED"}})

    assert run_.changed
    assert world.read()["autoScalingGroupProvider"]["managedScaling"]["status"] == "DISABLED"


def test_tags_are_added_and_purged_without_an_update(world: World) -> None:
    world.provider({"tags": {"old": "1", "keep": "2"}})
    world.aws.clear_calls()

    run_ = world.provider({"tags": {"keep": "2", "new": "3"}})

    assert run_.changed
    assert {tag["key"]: tag["value"] for tag in world.read()["tags"]} == {"keep": "2", "new": "3"}
    assert sorted(world.aws.calls().mutating) == ["ecs:TagResource", "ecs:UntagResource"]
    assert run_.out["capacity_provider"]["tags"] == {"keep": "2", "new": "3"}


def test_purge_tags_false_keeps_tags_it_was_not_given(world: World) -> None:
    world.provider({"tags": {"theirs": "1"}})

    run_ = world.provider({"tags": {"mine": "2"}, "purge_tags": False})

    assert run_.changed
    assert {tag["key"]: tag["value"] for tag in world.read()["tags"]} == {"theirs": "1", "mine": "2"}


def test_another_group_fails_naming_the_option_and_changes_nothing(world: World) -> None:
    world.provider()
    world.aws.clear_calls()

    run_ = world.provider({"managed_draining": "DISABLED"}, group="unprotected")

    assert run_.failed
    assert run_.out["msg"].startswith("auto_scaling_group_arn cannot change")
    assert world.aws.calls().mutating == []
    assert world.read()["autoScalingGroupProvider"]["autoScalingGroupArn"] == world.groups["protected"]


# Absent


def test_absent_deletes_the_provider(world: World) -> None:
    world.provider({"tags": TAGS})
    world.aws.clear_calls()

    run_ = world.absent()

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.read()["status"] == "INACTIVE"
    assert run_.out["diff"]["before"]["tags"] == TAGS and run_.out["diff"]["after"] == {}
    assert world.aws.calls().mutating == ["ecs:DeleteCapacityProvider"]


def test_absent_twice_changes_nothing(world: World) -> None:
    world.provider()
    world.absent()
    world.aws.clear_calls()

    run_ = world.absent()

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_a_deleted_provider_is_created_again(world: World) -> None:
    world.provider()
    world.absent()

    run_ = world.provider()

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.read()["status"] == "ACTIVE"


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.provider()
    world.aws.clear_calls()

    run_ = world.absent(check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.read()["status"] == "ACTIVE"


def test_absent_of_a_provider_a_cluster_uses_fails_naming_the_cluster(world: World) -> None:
    world.provider()
    world.ecs.create_cluster(clusterName="demo-local", capacityProviders=[NAME])
    world.aws.clear_calls()

    run_ = world.absent()

    assert run_.failed
    assert NAME in run_.out["msg"] and "associated with cluster: demo-local" in run_.out["msg"]
    assert world.read()["status"] == "ACTIVE"


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"name": "aws-nodes"}, "name"),
        ({"auto_scaling_group_arn": "demo"}, "auto_scaling_group_arn"),
        ({"managed_scaling": {"target_capacity": 0}}, "managed_scaling.target_capacity"),
        ({"managed_draining": "SOMETIMES"}, "managed_draining"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.provider(args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []
