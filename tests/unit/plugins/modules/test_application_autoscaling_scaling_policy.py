"""application_autoscaling_scaling_policy, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import botocore.session
import pytest
from ansible_collections.webstack.aws.plugins.modules import application_autoscaling_scaling_policy as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

CLUSTER = "demo-local"
SERVICE = "demo-local-api"
RESOURCE = f"service/{CLUSTER}/{SERVICE}"
DIMENSION = "ecs:service:DesiredCount"
TARGET = {"service_namespace": "ecs", "resource_id": RESOURCE, "scalable_dimension": DIMENSION}
API = {"ServiceNamespace": "ecs", "ResourceId": RESOURCE, "ScalableDimension": DIMENSION}
LABEL = "app/demo-local/0123456789abcdef/targetgroup/demo-local-api/fedcba9876543210"
CPU = {"target_value": 60, "predefined_metric_type": "ECSServiceAverageCPUUtilization"}
ARGS = {**TARGET, "policy_name": "cpu", "target_tracking": CPU}
TRACKING = {
    "target_value": 60.0,
    "predefined_metric_type": "ECSServiceAverageCPUUtilization",
    "resource_label": None,
    "customized_metric": None,
    "scale_in_cooldown": None,
    "scale_out_cooldown": None,
    "disable_scale_in": False,
}
STEPS = {
    "adjustment_type": "ChangeInCapacity",
    "step_adjustments": [{"metric_interval_lower_bound": 0.0, "metric_interval_upper_bound": None, "scaling_adjustment": 2}],
    "min_adjustment_magnitude": None,
    "cooldown": 120,
    "metric_aggregation_type": None,
}
PARAMS = {**TARGET, "policy_name": "cpu", "policy_type": "TargetTrackingScaling", "target_tracking": TRACKING, "step_scaling": None, "state": "present"}
STEP_ARGS = {
    **TARGET,
    "policy_name": "backlog",
    "policy_type": "StepScaling",
    "target_tracking": None,
    "step_scaling": {"adjustment_type": "ChangeInCapacity", "cooldown": 120, "step_adjustments": [{"metric_interval_lower_bound": 0, "scaling_adjustment": 2}]},
}
PUT = "application-autoscaling:PutScalingPolicy"


@dataclass
class World:
    aws: Emulator

    @property
    def client(self) -> Any:
        return self.aws.client("application-autoscaling")

    def policy(self, args: dict[str, Any] | None = None, check_mode: bool = False) -> Result:
        return run(module.main, self.aws, {**ARGS, **(args or {})}, check_mode)

    def policies(self) -> list[dict[str, Any]]:
        return self.client.describe_scaling_policies(**API)["ScalingPolicies"]

    def stored(self, name: str = "cpu") -> dict[str, Any]:
        [policy] = [policy for policy in self.policies() if policy["PolicyName"] == name]
        return policy


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
    unregistered.client.register_scalable_target(MinCapacity=2, MaxCapacity=6, **API)
    unregistered.aws.clear_calls()
    return unregistered


# Pure rules


def tracking(**overrides: Any) -> dict[str, Any]:
    return dict(PARAMS, target_tracking=dict(TRACKING, **overrides))


def stepping(**overrides: Any) -> dict[str, Any]:
    return dict(PARAMS, policy_type="StepScaling", target_tracking=None, step_scaling=dict(STEPS, **overrides))


@pytest.mark.parametrize(
    ("params", "named"),
    [
        (dict(PARAMS, scalable_dimension="dynamodb:table:ReadCapacityUnits"), "scalable_dimension"),
        (dict(PARAMS, resource_id="demo-local-api"), "resource_id"),
        (dict(PARAMS, policy_name="cpu/high"), "policy_name"),
        (dict(PARAMS, target_tracking=None), "target_tracking"),
        (tracking(target_value=0.0), "target_tracking.target_value"),
        (tracking(scale_in_cooldown=-1), "target_tracking.scale_in_cooldown"),
        (tracking(scale_out_cooldown=-60), "target_tracking.scale_out_cooldown"),
        (tracking(predefined_metric_type="ECSServiceAverageDiskUtilization"), "target_tracking.predefined_metric_type"),
        (tracking(predefined_metric_type=None), "target_tracking.predefined_metric_type"),
        (tracking(customized_metric={"metric_name": "Backlog", "namespace": "App", "statistic": "Average"}), "target_tracking.predefined_metric_type"),
        (tracking(predefined_metric_type="ALBRequestCountPerTarget"), "target_tracking.resource_label"),
        (tracking(resource_label=LABEL), "target_tracking.resource_label"),
        (dict(PARAMS, step_scaling=STEPS), "step_scaling"),
        (dict(PARAMS, policy_type="StepScaling", target_tracking=None), "step_scaling"),
        (stepping(step_adjustments=[]), "step_scaling.step_adjustments"),
        (
            stepping(step_adjustments=[{"metric_interval_lower_bound": 10.0, "metric_interval_upper_bound": 5.0, "scaling_adjustment": 1}]),
            "step_scaling.step_adjustments[0].metric_interval_upper_bound",
        ),
        (stepping(cooldown=-1), "step_scaling.cooldown"),
        (stepping(min_adjustment_magnitude=2), "step_scaling.min_adjustment_magnitude"),
    ],
)
def test_validate_params_names_the_option(params: dict[str, Any], named: str) -> None:
    [error] = module.validate_params(params)
    assert error.startswith(named)


def test_valid_configurations_pass() -> None:
    assert module.validate_params(PARAMS) == []
    assert module.validate_params(tracking(predefined_metric_type="ALBRequestCountPerTarget", resource_label=LABEL, scale_in_cooldown=0)) == []
    assert module.validate_params(tracking(predefined_metric_type=None, customized_metric={"metric_name": "Backlog", "namespace": "App"})) == []
    assert module.validate_params(stepping(adjustment_type="PercentChangeInCapacity", min_adjustment_magnitude=2)) == []


def test_absent_needs_no_configuration() -> None:
    assert module.validate_params(dict(PARAMS, state="absent", target_tracking=None)) == []


def test_metric_types_are_botocores() -> None:
    model = botocore.session.get_session().get_service_model("application-autoscaling")
    assert list(module.METRIC_TYPES) == model.shape_for("MetricType").enum


def aws_policy(configuration: dict[str, Any], policy_type: str = "TargetTrackingScaling") -> dict[str, Any]:
    member = module.CONFIGURATIONS[policy_type][1]
    return {"PolicyName": "cpu", "PolicyType": policy_type, member: configuration}


def test_a_policy_aws_answers_without_disable_scale_in_matches_false() -> None:
    current = aws_policy({"TargetValue": 60, "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}})

    assert not module.differs(current, module.desired_configuration(PARAMS, current))
    assert module.differs(current, module.desired_configuration(tracking(disable_scale_in=True), current))


def test_unset_cooldowns_keep_the_policys_own() -> None:
    current = aws_policy(
        {"TargetValue": 60.0, "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}, "ScaleInCooldown": 300}
    )

    desired = module.desired_configuration(tracking(scale_out_cooldown=60), current)

    assert (desired["ScaleInCooldown"], desired["ScaleOutCooldown"]) == (300, 60)
    assert module.desired_configuration(tracking(scale_in_cooldown=0), current)["ScaleInCooldown"] == 0


def test_step_bounds_compare_as_numbers() -> None:
    current = aws_policy(
        {"AdjustmentType": "ChangeInCapacity", "StepAdjustments": [{"MetricIntervalLowerBound": 0, "ScalingAdjustment": 2}], "Cooldown": 120}, "StepScaling"
    )

    assert not module.differs(current, module.desired_configuration(stepping(), current))


def test_customized_metric_is_sent_in_the_apis_case() -> None:
    metric = {"metric_name": "Backlog", "namespace": "App", "dimensions": [{"name": "Queue", "value": "jobs"}], "statistic": "Average"}

    configuration = module.desired_configuration(tracking(predefined_metric_type=None, customized_metric=metric), None)

    assert configuration["CustomizedMetricSpecification"] == {
        "MetricName": "Backlog",
        "Namespace": "App",
        "Dimensions": [{"Name": "Queue", "Value": "jobs"}],
        "Statistic": "Average",
    }


# Create


def test_create_puts_the_policy(world: World) -> None:
    result = world.policy({"target_tracking": dict(CPU, scale_in_cooldown=300, scale_out_cooldown=60)})

    assert not result.failed, result.out
    assert result.changed
    stored = world.stored()
    assert stored["TargetTrackingScalingPolicyConfiguration"] == {
        "TargetValue": 60.0,
        "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"},
        "ScaleInCooldown": 300,
        "ScaleOutCooldown": 60,
        "DisableScaleIn": False,
    }
    policy = result.out["scaling_policy"]
    assert policy["policy_arn"] == stored["PolicyARN"]
    assert [alarm["alarm_name"] for alarm in policy["alarms"]] == [alarm["AlarmName"] for alarm in stored["Alarms"]]
    assert policy["target_tracking_scaling_policy_configuration"]["disable_scale_in"] is False
    assert result.out["diff"]["before"] == {}
    assert world.aws.calls().mutating == [PUT]


def test_create_a_request_count_policy_keeps_its_resource_label(world: World) -> None:
    result = world.policy(
        {"policy_name": "requests", "target_tracking": {"target_value": 500, "predefined_metric_type": "ALBRequestCountPerTarget", "resource_label": LABEL}}
    )

    assert not result.failed, result.out
    specification = world.stored("requests")["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"]
    assert specification == {"PredefinedMetricType": "ALBRequestCountPerTarget", "ResourceLabel": LABEL}
    assert result.out["scaling_policy"]["target_tracking_scaling_policy_configuration"]["predefined_metric_specification"]["resource_label"] == LABEL


def test_create_a_step_scaling_policy(world: World) -> None:
    result = world.policy(STEP_ARGS)

    assert not result.failed, result.out
    assert world.stored("backlog")["StepScalingPolicyConfiguration"] == {
        "AdjustmentType": "ChangeInCapacity",
        "StepAdjustments": [{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 2}],
        "Cooldown": 120,
    }
    world.aws.clear_calls()

    again = world.policy(STEP_ARGS)

    assert not again.changed
    assert world.aws.calls().mutating == []


def test_an_unregistered_target_fails_naming_resource_id(unregistered: World) -> None:
    result = unregistered.policy()

    assert result.failed
    assert f"No scalable target is registered for resource_id {RESOURCE}" in result.out["msg"]
    assert unregistered.aws.calls().mutating == []


def test_an_unregistered_target_fails_in_check_mode_too(unregistered: World) -> None:
    result = unregistered.policy(check_mode=True)

    assert result.failed
    assert "No scalable target is registered for resource_id" in result.out["msg"]


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    first = world.policy()
    world.aws.clear_calls()

    again = world.policy()

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["scaling_policy"] == first.out["scaling_policy"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_a_policy_without_disable_scale_in_is_not_put_again(world: World) -> None:
    world.client.put_scaling_policy(
        PolicyName="cpu",
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 60,
            "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"},
        },
        **API,
    )
    world.aws.clear_calls()

    result = world.policy()

    assert not result.changed
    assert world.aws.calls().mutating == []


def test_unset_cooldowns_are_left_as_they_are(world: World) -> None:
    world.policy({"target_tracking": dict(CPU, scale_in_cooldown=300)})
    world.aws.clear_calls()

    result = world.policy({"target_tracking": dict(CPU, target_value=70)})

    assert result.changed
    assert world.stored()["TargetTrackingScalingPolicyConfiguration"]["ScaleInCooldown"] == 300


def test_check_mode_reports_the_create_and_puts_nothing(world: World) -> None:
    result = world.policy(check_mode=True)

    assert not result.failed, result.out
    assert result.changed
    assert world.policies() == []
    assert world.aws.calls().mutating == []
    assert result.out["scaling_policy"]["target_tracking_scaling_policy_configuration"] == {
        "target_value": 60.0,
        "predefined_metric_specification": {"predefined_metric_type": "ECSServiceAverageCPUUtilization"},
        "disable_scale_in": False,
    }


def test_check_mode_on_a_change_changes_nothing(world: World) -> None:
    world.policy()
    world.aws.clear_calls()

    result = world.policy({"target_tracking": dict(CPU, target_value=75)}, check_mode=True)

    assert result.changed
    assert world.aws.calls().mutating == []
    assert world.stored()["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] == 60.0
    assert result.out["diff"]["after"]["target_tracking_scaling_policy_configuration"]["target_value"] == 75.0
    assert result.out["scaling_policy"]["policy_arn"] == world.stored()["PolicyARN"]


# Update


def test_update_puts_the_policy_again_and_keeps_its_arn(world: World) -> None:
    arn = world.policy().out["scaling_policy"]["policy_arn"]
    world.aws.clear_calls()

    result = world.policy({"target_tracking": dict(CPU, target_value=75, disable_scale_in=True)})

    assert result.changed
    stored = world.stored()
    assert stored["PolicyARN"] == arn
    assert (stored["TargetTrackingScalingPolicyConfiguration"]["TargetValue"], stored["TargetTrackingScalingPolicyConfiguration"]["DisableScaleIn"]) == (
        75.0,
        True,
    )
    assert result.out["diff"]["before"]["target_tracking_scaling_policy_configuration"]["target_value"] == 60.0
    assert world.aws.calls().mutating == [PUT]


def test_a_new_policy_type_is_refused_naming_policy_type(world: World) -> None:
    world.policy()
    world.aws.clear_calls()

    result = world.policy({**STEP_ARGS, "policy_name": "cpu"})

    assert result.failed
    assert result.out["msg"].startswith("policy_type of the scaling policy cpu")
    assert world.aws.calls().mutating == []
    assert world.stored()["PolicyType"] == "TargetTrackingScaling"


def test_other_policies_of_the_target_are_left_alone(world: World) -> None:
    world.policy({"policy_name": "memory", "target_tracking": {"target_value": 70, "predefined_metric_type": "ECSServiceAverageMemoryUtilization"}})
    world.policy()

    world.policy({"state": "absent"})

    assert [policy["PolicyName"] for policy in world.policies()] == ["memory"]


# Absent


def test_absent_deletes_the_policy(world: World) -> None:
    world.policy()
    world.aws.clear_calls()

    result = world.policy({"state": "absent", "target_tracking": None})

    assert not result.failed, result.out
    assert result.changed
    assert world.policies() == []
    assert result.out["diff"]["after"] == {}
    assert result.out["diff"]["before"]["policy_type"] == "TargetTrackingScaling"
    assert world.aws.calls().mutating == ["application-autoscaling:DeleteScalingPolicy"]


def test_absent_twice_changes_nothing(world: World) -> None:
    world.policy()
    world.policy({"state": "absent"})
    world.aws.clear_calls()

    result = world.policy({"state": "absent"})

    assert not result.failed, result.out
    assert not result.changed
    assert world.aws.calls().mutating == []


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.policy()
    world.aws.clear_calls()

    result = world.policy({"state": "absent"}, check_mode=True)

    assert result.changed
    assert world.aws.calls().mutating == []
    assert len(world.policies()) == 1


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"target_tracking": dict(CPU, target_value=0)}, "target_tracking.target_value"),
        ({"target_tracking": dict(CPU, predefined_metric_type="ALBRequestCountPerTarget")}, "target_tracking.resource_label"),
        ({"target_tracking": dict(CPU, predefined_metric_type="CPU")}, "target_tracking.predefined_metric_type"),
        ({"policy_type": "StepScaling"}, "step_scaling"),
        ({"service_namespace": "s3"}, "service_namespace"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    result = world.policy(args)

    assert result.failed
    assert named in result.out["msg"]
    assert world.aws.calls().calls == []
