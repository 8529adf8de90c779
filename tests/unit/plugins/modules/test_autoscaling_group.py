"""autoscaling_group, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import autoscaling_group as module

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "demo-local-ecs"
TEMPLATE = "demo-local-ecs"
TAGS = {"Name": "demo-local-ecs", "webstack:stack": "demo"}


def params(**overrides: Any) -> dict[str, Any]:
    """The module's params after ansible's defaults, as validate_params sees them."""
    base = {
        "name": NAME,
        "state": "present",
        "launch_template": {"launch_template_id": None, "launch_template_name": TEMPLATE, "version": "$Latest"},
        "min_size": 0,
        "max_size": 4,
        "desired_capacity": None,
        "vpc_zone_identifier": ["subnet-1"],
        "health_check_type": "EC2",
        "health_check_grace_period": 300,
        "default_instance_warmup": None,
        "new_instances_protected_from_scale_in": False,
        "capacity_rebalance": False,
        "termination_policies": None,
        "tags": None,
        "purge_tags": True,
        "wait": True,
        "wait_timeout": 600,
    }
    return {**base, **overrides}


def described(**overrides: Any) -> dict[str, Any]:
    """A DescribeAutoScalingGroups entry of the group the default params describe."""
    group = {
        "AutoScalingGroupName": NAME,
        "LaunchTemplate": {"LaunchTemplateId": "lt-1", "LaunchTemplateName": TEMPLATE, "Version": "$Latest"},
        "MinSize": 0,
        "MaxSize": 4,
        "DesiredCapacity": 0,
        "VPCZoneIdentifier": "subnet-1",
        "HealthCheckType": "EC2",
        "HealthCheckGracePeriod": 300,
        "NewInstancesProtectedFromScaleIn": False,
        "CapacityRebalance": False,
        "TerminationPolicies": ["Default"],
        "Tags": [],
    }
    return {**group, **overrides}


def tag(key: str, value: str, propagate: bool = True) -> dict[str, Any]:
    return {"Key": key, "Value": value, "PropagateAtLaunch": propagate, "ResourceId": NAME, "ResourceType": "auto-scaling-group"}


@dataclass
class World:
    aws: Emulator
    subnets: list[str]
    template_id: str

    @property
    def autoscaling(self) -> Any:
        return self.aws.client("autoscaling")

    def group(self, args: dict[str, Any] | None = None, check_mode: bool = False) -> Result:
        base = {"name": NAME, "launch_template": {"launch_template_name": TEMPLATE}, "min_size": 0, "max_size": 4, "vpc_zone_identifier": self.subnets}
        return run(module.main, self.aws, {**base, **(args or {})}, check_mode)

    def absent(self, check_mode: bool = False, **args: Any) -> Result:
        return run(module.main, self.aws, {"name": NAME, "state": "absent", **args}, check_mode)

    def read(self) -> dict[str, Any] | None:
        groups = self.autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[NAME])["AutoScalingGroups"]
        return groups[0] if groups else None

    def tags(self) -> dict[str, tuple[str, bool]]:
        return {t["Key"]: (t["Value"], t["PropagateAtLaunch"]) for t in (self.read() or {}).get("Tags", [])}


@pytest.fixture
def world(aws: Emulator) -> World:
    """Two subnets in two zones and the launch template; the call log starts empty."""
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.70.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.70.{index}.0/24", AvailabilityZone=f"{REGION}{zone}")["Subnet"]["SubnetId"]
        for index, zone in enumerate("ab", start=1)
    ]
    template = ec2.create_launch_template(LaunchTemplateName=TEMPLATE, LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.small"})
    aws.clear_calls()
    return World(aws, subnets, template["LaunchTemplate"]["LaunchTemplateId"])


# Pure rules


def test_validate_params_accepts_the_defaults() -> None:
    assert module.validate_params(params()) == []


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 256}, "name"),
        ({"launch_template": None}, "launch_template"),
        ({"launch_template": {"launch_template_id": "lt-1", "launch_template_name": TEMPLATE, "version": "$Latest"}}, "launch_template"),
        ({"launch_template": {"launch_template_id": None, "launch_template_name": None, "version": "$Latest"}}, "launch_template"),
        ({"launch_template": {"launch_template_id": "lt-1", "launch_template_name": None, "version": ""}}, "launch_template.version"),
        ({"min_size": None}, "min_size"),
        ({"max_size": None}, "max_size"),
        ({"min_size": -1}, "min_size"),
        ({"min_size": 3, "max_size": 2}, "max_size"),
        ({"desired_capacity": 5}, "desired_capacity"),
        ({"min_size": 2, "desired_capacity": 1}, "desired_capacity"),
        ({"vpc_zone_identifier": []}, "vpc_zone_identifier"),
        ({"vpc_zone_identifier": None}, "vpc_zone_identifier"),
        ({"health_check_grace_period": -1}, "health_check_grace_period"),
        ({"default_instance_warmup": -5}, "default_instance_warmup"),
        ({"termination_policies": []}, "termination_policies"),
        ({"wait_timeout": -1}, "wait_timeout"),
    ],
)
def test_validate_params_names_the_option(overrides: dict[str, Any], named: str) -> None:
    [error] = module.validate_params(params(**overrides))
    assert error.startswith(named)


def test_absent_needs_no_sizes_nor_template() -> None:
    assert module.validate_params(params(state="absent", launch_template=None, min_size=None, max_size=None, vpc_zone_identifier=None)) == []


def test_a_group_that_matches_needs_no_update() -> None:
    current = module.settings_of(described())

    assert module.update_params(current, module.desired_settings(current, params())) == {}


def test_an_unset_desired_capacity_is_left_to_ecs_within_the_new_bounds() -> None:
    current = module.settings_of(described(DesiredCapacity=3))

    assert module.desired_settings(current, params())["desired_capacity"] == 3
    assert module.desired_settings(current, params(max_size=2))["desired_capacity"] == 2
    assert module.desired_settings(current, params(min_size=4))["desired_capacity"] == 4
    assert module.desired_settings({}, params(min_size=1))["desired_capacity"] == 1


def test_update_params_send_only_what_differs() -> None:
    current = module.settings_of(described())
    desired = module.desired_settings(
        current, params(max_size=6, new_instances_protected_from_scale_in=True, vpc_zone_identifier=["subnet-2", "subnet-1"], default_instance_warmup=60)
    )

    assert module.update_params(current, desired) == {
        "MaxSize": 6,
        "NewInstancesProtectedFromScaleIn": True,
        "VPCZoneIdentifier": "subnet-1,subnet-2",
        "DefaultInstanceWarmup": 60,
    }


def test_the_same_template_by_name_keeps_its_id_and_a_new_version_is_sent_by_id() -> None:
    current = module.settings_of(described())
    desired = module.desired_settings(current, params(launch_template={"launch_template_id": None, "launch_template_name": TEMPLATE, "version": "3"}))

    assert desired["launch_template"] == {"launch_template_id": "lt-1", "launch_template_name": TEMPLATE, "version": "3"}
    assert module.update_params(current, desired) == {"LaunchTemplate": {"LaunchTemplateId": "lt-1", "Version": "3"}}


def test_another_template_by_name_is_sent_by_name() -> None:
    current = module.settings_of(described())
    desired = module.desired_settings(current, params(launch_template={"launch_template_id": None, "launch_template_name": "other", "version": "$Latest"}))

    assert module.update_params(current, desired) == {"LaunchTemplate": {"LaunchTemplateName": "other", "Version": "$Latest"}}


def test_subnets_compare_as_a_set() -> None:
    current = module.settings_of(described(VPCZoneIdentifier="subnet-2,subnet-1"))

    assert module.update_params(current, module.desired_settings(current, params(vpc_zone_identifier=["subnet-1", "subnet-2"]))) == {}


def test_purging_tags_keeps_the_ecs_tag_and_aws_tags() -> None:
    group = described(Tags=[tag("AmazonECSManaged", ""), tag("aws:cloudformation:stack-name", "x"), tag("old", "1")])
    desired = module.desired_settings(module.settings_of(group), params(tags={"new": "2"}))

    assert desired["tags"] == {"AmazonECSManaged": "", "aws:cloudformation:stack-name": "x", "new": "2"}
    assert module.tag_changes(group, desired["tags"]) == ({"new": "2"}, ["old"])


def test_a_tag_not_propagated_at_launch_is_put_again() -> None:
    group = described(Tags=[tag("Name", "x", propagate=False)])

    assert module.tag_changes(group, {"Name": "x"}) == ({"Name": "x"}, [])


def test_tags_not_given_are_left_alone_and_purge_tags_false_merges() -> None:
    current = {"tags": {"a": "1", "b": "2"}}

    assert module.desired_tags(current["tags"], params()) == {"a": "1", "b": "2"}
    assert module.desired_tags(current["tags"], params(tags={"b": "3"}, purge_tags=False)) == {"a": "1", "b": "3"}


# Create


def test_create_makes_the_group_with_every_setting(world: World) -> None:
    args = {
        "launch_template": {"launch_template_id": world.template_id, "version": "$Default"},
        "min_size": 1,
        "max_size": 3,
        "health_check_grace_period": 60,
        "default_instance_warmup": 120,
        "new_instances_protected_from_scale_in": True,
        "capacity_rebalance": True,
        "termination_policies": ["OldestLaunchTemplate", "Default"],
        "tags": TAGS,
    }

    run_ = world.group(args)

    assert not run_.failed, run_.out
    assert run_.changed
    group = world.read()
    assert group is not None
    assert group["LaunchTemplate"] == {"LaunchTemplateId": world.template_id, "LaunchTemplateName": TEMPLATE, "Version": "$Default"}
    assert (group["MinSize"], group["MaxSize"], group["DesiredCapacity"]) == (1, 3, 1)
    assert sorted(group["VPCZoneIdentifier"].split(",")) == sorted(world.subnets)
    assert (group["HealthCheckType"], group["HealthCheckGracePeriod"], group["DefaultInstanceWarmup"]) == ("EC2", 60, 120)
    assert (group["NewInstancesProtectedFromScaleIn"], group["CapacityRebalance"]) == (True, True)
    assert group["TerminationPolicies"] == ["OldestLaunchTemplate", "Default"]
    assert world.tags() == {key: (value, True) for key, value in TAGS.items()}
    returned = run_.out["auto_scaling_group"]
    assert returned["auto_scaling_group_arn"] == group["AutoScalingGroupARN"]
    assert returned["new_instances_protected_from_scale_in"] is True
    assert returned["tags"] == TAGS
    assert isinstance(returned["created_time"], str)
    assert run_.out["diff"]["before"] == {}
    assert world.aws.calls().mutating == ["autoscaling:CreateAutoScalingGroup"]


def test_create_with_defaults_starts_at_min_size_and_protects_nothing(world: World) -> None:
    run_ = world.group()

    assert not run_.failed, run_.out
    group = world.read()
    assert (group["DesiredCapacity"], group["NewInstancesProtectedFromScaleIn"], group["CapacityRebalance"]) == (0, False, False)
    assert (group["HealthCheckType"], group["HealthCheckGracePeriod"], group["TerminationPolicies"]) == ("EC2", 300, ["Default"])
    assert group["LaunchTemplate"]["Version"] == "$Latest"
    assert "DefaultInstanceWarmup" not in group


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = {"min_size": 1, "default_instance_warmup": 120, "new_instances_protected_from_scale_in": True, "tags": TAGS}
    first = world.group(args)
    world.aws.clear_calls()

    again = world.group(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["auto_scaling_group"]["auto_scaling_group_arn"] == first.out["auto_scaling_group"]["auto_scaling_group_arn"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_a_desired_capacity_ecs_set_is_left_alone(world: World) -> None:
    world.group({"max_size": 4})
    world.autoscaling.set_desired_capacity(AutoScalingGroupName=NAME, DesiredCapacity=2)  # ECS managed scaling
    world.autoscaling.create_or_update_tags(Tags=[tag("AmazonECSManaged", "")])  # ECS's tag
    world.aws.clear_calls()

    run_ = world.group({"max_size": 4, "tags": TAGS})

    assert not run_.failed, run_.out
    assert world.read()["DesiredCapacity"] == 2
    assert "AmazonECSManaged" in world.tags()
    assert world.aws.calls().mutating == ["autoscaling:CreateOrUpdateTags"]


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    run_ = world.group({"tags": TAGS}, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.read() is None
    assert world.aws.calls().mutating == []
    predicted = run_.out["auto_scaling_group"]
    assert (predicted["auto_scaling_group_name"], predicted["min_size"], predicted["desired_capacity"], predicted["tags"]) == (NAME, 0, 0, TAGS)
    assert run_.out["diff"]["after"]["launch_template"]["launch_template_name"] == TEMPLATE


def test_check_mode_on_a_change_reports_it_and_changes_nothing(world: World) -> None:
    world.group()
    world.aws.clear_calls()

    run_ = world.group({"max_size": 6}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.read()["MaxSize"] == 4
    assert (run_.out["diff"]["before"]["max_size"], run_.out["diff"]["after"]["max_size"]) == (4, 6)


def test_check_mode_on_the_converged_group_reports_no_change(world: World) -> None:
    world.group({"tags": TAGS})
    world.aws.clear_calls()

    run_ = world.group({"tags": TAGS}, check_mode=True)

    assert not run_.changed
    assert world.aws.calls().mutating == []


# Update


def test_settings_change_in_place(world: World) -> None:
    world.group()
    world.aws.clear_calls()

    run_ = world.group(
        {
            "max_size": 6,
            "desired_capacity": 1,
            "vpc_zone_identifier": world.subnets[:1],
            "health_check_grace_period": 30,
            "default_instance_warmup": 90,
            "new_instances_protected_from_scale_in": True,
            "capacity_rebalance": True,
            "termination_policies": ["NewestInstance"],
        }
    )

    assert not run_.failed, run_.out
    assert run_.changed
    group = world.read()
    assert (group["MaxSize"], group["DesiredCapacity"], group["VPCZoneIdentifier"]) == (6, 1, world.subnets[0])
    assert (group["HealthCheckGracePeriod"], group["DefaultInstanceWarmup"]) == (30, 90)
    assert (group["NewInstancesProtectedFromScaleIn"], group["CapacityRebalance"], group["TerminationPolicies"]) == (True, True, ["NewestInstance"])
    assert run_.out["diff"]["after"]["max_size"] == 6
    assert world.aws.calls().mutating == ["autoscaling:UpdateAutoScalingGroup"]


def test_a_new_launch_template_version_is_used(world: World) -> None:
    world.group()
    world.aws.clear_calls()

    run_ = world.group({"launch_template": {"launch_template_name": TEMPLATE, "version": "1"}})

    assert run_.changed
    assert world.read()["LaunchTemplate"]["Version"] == "1"
    assert world.aws.calls().mutating == ["autoscaling:UpdateAutoScalingGroup"]


def test_tags_are_added_and_purged(world: World) -> None:
    world.group({"tags": {"old": "1", "keep": "2"}})
    world.aws.clear_calls()

    run_ = world.group({"tags": {"keep": "2", "new": "3"}})

    assert run_.changed
    assert world.tags() == {"keep": ("2", True), "new": ("3", True)}
    assert world.aws.calls().mutating == ["autoscaling:DeleteTags", "autoscaling:CreateOrUpdateTags"]
    assert run_.out["auto_scaling_group"]["tags"] == {"keep": "2", "new": "3"}


def test_purge_tags_false_keeps_tags_it_was_not_given(world: World) -> None:
    world.group({"tags": {"theirs": "1"}})

    run_ = world.group({"tags": {"mine": "2"}, "purge_tags": False})

    assert run_.changed
    assert world.tags() == {"theirs": ("1", True), "mine": ("2", True)}


# Absent


def test_absent_force_deletes_the_group_with_its_instances(world: World) -> None:
    world.group({"min_size": 1, "new_instances_protected_from_scale_in": True})
    [instance] = world.read()["Instances"]
    world.aws.clear_calls()

    run_ = world.absent()

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.read() is None
    state = world.aws.client("ec2").describe_instances(InstanceIds=[instance["InstanceId"]])["Reservations"][0]["Instances"][0]["State"]["Name"]
    assert state in ("shutting-down", "terminated")
    assert run_.out["diff"]["before"]["min_size"] == 1 and run_.out["diff"]["after"] == {}
    assert world.aws.calls().mutating == ["autoscaling:DeleteAutoScalingGroup"]


def test_absent_twice_changes_nothing(world: World) -> None:
    world.group()
    world.absent()
    world.aws.clear_calls()

    run_ = world.absent()

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.group()
    world.aws.clear_calls()

    run_ = world.absent(check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.read() is not None


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"min_size": 5}, "max_size"),
        ({"desired_capacity": 9}, "desired_capacity"),
        ({"vpc_zone_identifier": []}, "vpc_zone_identifier"),
        ({"launch_template": {"version": "1"}}, "launch_template"),
        ({"health_check_type": "HTTP"}, "health_check_type"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.group(args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []
