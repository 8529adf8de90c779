#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: application_autoscaling_scaling_policy
version_added: 0.3.0
short_description: Manage an Application Auto Scaling scaling policy
description:
  - Create, update or delete a target tracking or step scaling policy of an Application Auto Scaling scalable target
    (for example the desired count of an ECS service).
  - The policy is identified by O(service_namespace), O(resource_id), O(scalable_dimension) and O(policy_name).
  - C(PutScalingPolicy) creates or updates; the module calls it only when the policy differs from the options (AWS's
    defaults filled in, so a policy AWS answers without C(DisableScaleIn) matches O(target_tracking.disable_scale_in=false)),
    so a second run with the same options makes no change and no mutating call.
  - The scalable target must be registered first, with M(webstack.aws.application_autoscaling_scalable_target); the
    module fails naming O(resource_id) otherwise. Unlike M(community.aws.application_autoscaling_policy), this module
    never registers or changes the scalable target.
author:
  - webstack.aws maintainers (@webstack)
options:
  policy_name:
    description:
      - The name of the scaling policy, unique for the scalable target; 1 to 256 characters, none of C(:), C(/) and
        C(|). A policy cannot be renamed.
    required: true
    type: str
  service_namespace:
    description:
      - The AWS service of the scalable target.
    required: true
    type: str
    choices: ['ecs', 'elasticmapreduce', 'ec2', 'appstream', 'dynamodb', 'rds', 'sagemaker', 'custom-resource', 'comprehend',
              'lambda', 'cassandra', 'kafka', 'elasticache', 'neptune', 'workspaces']
  resource_id:
    description:
      - The scalable target's resource, for an ECS service C(service/<cluster>/<service>).
    required: true
    type: str
  scalable_dimension:
    description:
      - The scalable dimension of the target, for an ECS service C(ecs:service:DesiredCount). Its first part is
        O(service_namespace).
    required: true
    type: str
  policy_type:
    description:
      - The kind of policy. It cannot change on an existing policy; delete the policy first (O(state=absent)).
      - O(target_tracking) describes a C(TargetTrackingScaling) policy, O(step_scaling) a C(StepScaling) one.
    default: TargetTrackingScaling
    choices: ['TargetTrackingScaling', 'StepScaling']
    type: str
  target_tracking:
    description:
      - The target tracking configuration; required when O(state=present) and O(policy_type=TargetTrackingScaling).
      - Exactly one of O(target_tracking.predefined_metric_type) and O(target_tracking.customized_metric).
    type: dict
    suboptions:
      target_value:
        description: The value of the metric to keep the target at; more than 0.
        type: float
        required: true
      predefined_metric_type:
        description:
          - A predefined metric (botocore's C(MetricType) enum), for an ECS service C(ECSServiceAverageCPUUtilization),
            C(ECSServiceAverageMemoryUtilization) or C(ALBRequestCountPerTarget).
        type: str
      resource_label:
        description:
          - The target group of an C(ALBRequestCountPerTarget) metric,
            C(app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id>); required
            with that metric type, and only with it.
        type: str
      customized_metric:
        description:
          - A CloudWatch metric of your own, the C(CustomizedMetricSpecification) of the API with snake_case keys
            (C(metric_name), C(namespace), C(dimensions) (a list of C(name)/C(value)), C(statistic), C(unit), or
            C(metrics), a list of metric data queries).
        type: dict
      scale_in_cooldown:
        description:
          - Seconds after a scale-in before another may start; not negative. Unset, the policy keeps its current value
            (AWS's default for a new policy).
        type: int
      scale_out_cooldown:
        description:
          - Seconds after a scale-out before another may start; not negative. Unset, the policy keeps its current value
            (AWS's default for a new policy).
        type: int
      disable_scale_in:
        description: Whether the policy never removes capacity (it only adds).
        type: bool
        default: false
  step_scaling:
    description:
      - The step scaling configuration (the C(StepScalingPolicyConfiguration) of the API with snake_case keys); required
        when O(state=present) and O(policy_type=StepScaling). The policy runs when a CloudWatch alarm you create names
        its ARN.
    type: dict
    suboptions:
      adjustment_type:
        description: How O(step_scaling.step_adjustments[].scaling_adjustment) is read.
        type: str
        required: true
        choices: ['ChangeInCapacity', 'PercentChangeInCapacity', 'ExactCapacity']
      step_adjustments:
        description: The steps, by how far the metric is from the alarm threshold; at least one.
        type: list
        elements: dict
        required: true
        suboptions:
          metric_interval_lower_bound:
            description: The lower bound of the step (from the alarm threshold); unset, minus infinity.
            type: float
          metric_interval_upper_bound:
            description: The upper bound of the step; unset, infinity. More than the lower bound.
            type: float
          scaling_adjustment:
            description: The capacity to add (negative, to remove), or to set for C(ExactCapacity).
            type: int
            required: true
      min_adjustment_magnitude:
        description: The least capacity a C(PercentChangeInCapacity) step changes; 1 or more, with that adjustment type only.
        type: int
      cooldown:
        description:
          - Seconds after a scaling activity before another may start; not negative. Unset, the policy keeps its
            current value.
        type: int
      metric_aggregation_type:
        description: How the metric's data points are aggregated. Unset, the policy keeps its current value (C(Average) for a new one).
        type: str
        choices: ['Average', 'Minimum', 'Maximum']
  state:
    description:
      - Whether the scaling policy should exist.
    default: present
    choices: ['present', 'absent']
    type: str
notes:
  - In check mode the module reports what would change and changes nothing; a policy it would create is returned with
    the settings it would have (no ARN, alarms or creation time).
  - A scaling policy has no tags and no provisioning state, so the module has no O(ignore:tags) or O(ignore:wait)
    options.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Keep the API service's CPU at 60 %
  webstack.aws.application_autoscaling_scaling_policy:
    policy_name: cpu
    service_namespace: ecs
    resource_id: service/demo-local/demo-local-api
    scalable_dimension: ecs:service:DesiredCount
    target_tracking:
      target_value: 60
      predefined_metric_type: ECSServiceAverageCPUUtilization
      scale_in_cooldown: 300
      scale_out_cooldown: 60

- name: About 500 requests a minute per task behind the load balancer
  webstack.aws.application_autoscaling_scaling_policy:
    policy_name: requests
    service_namespace: ecs
    resource_id: service/demo-local/demo-local-api
    scalable_dimension: ecs:service:DesiredCount
    target_tracking:
      target_value: 500
      predefined_metric_type: ALBRequestCountPerTarget
      resource_label: app/demo-local/0123456789abcdef/targetgroup/demo-local-api/fedcba9876543210

- name: Add two tasks when a queue alarm fires
  webstack.aws.application_autoscaling_scaling_policy:
    policy_name: queue-backlog
    service_namespace: ecs
    resource_id: service/demo-local/demo-local-worker
    scalable_dimension: ecs:service:DesiredCount
    policy_type: StepScaling
    step_scaling:
      adjustment_type: ChangeInCapacity
      cooldown: 120
      step_adjustments:
        - metric_interval_lower_bound: 0
          scaling_adjustment: 2

- name: Remove the CPU policy
  webstack.aws.application_autoscaling_scaling_policy:
    policy_name: cpu
    service_namespace: ecs
    resource_id: service/demo-local/demo-local-api
    scalable_dimension: ecs:service:DesiredCount
    state: absent
"""

RETURN = r"""
scaling_policy:
  description:
    - The scaling policy, as DescribeScalingPolicies returns it, in snake_case; C(disable_scale_in) of a target tracking
      configuration is always given.
    - In check mode, for a policy the module would create or change, the settings it would have.
  returned: when O(state=present)
  type: dict
  contains:
    policy_arn:
      description: The ARN of the policy.
      type: str
      returned: when the policy exists
      sample: arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:0f1e2d3c:resource/ecs/service/demo-local/demo-local-api:policyName/cpu
    policy_name:
      description: The name of the policy.
      type: str
      returned: always
      sample: cpu
    service_namespace:
      description: The AWS service of the scalable target.
      type: str
      returned: always
      sample: ecs
    resource_id:
      description: The scalable target's resource.
      type: str
      returned: always
      sample: service/demo-local/demo-local-api
    scalable_dimension:
      description: The scalable dimension.
      type: str
      returned: always
      sample: ecs:service:DesiredCount
    policy_type:
      description: The kind of policy.
      type: str
      returned: always
      sample: TargetTrackingScaling
    target_tracking_scaling_policy_configuration:
      description: The target tracking configuration, in snake_case.
      type: dict
      returned: when O(policy_type=TargetTrackingScaling)
      sample:
        target_value: 60.0
        predefined_metric_specification:
          predefined_metric_type: ECSServiceAverageCPUUtilization
        scale_in_cooldown: 300
        scale_out_cooldown: 60
        disable_scale_in: false
    step_scaling_policy_configuration:
      description: The step scaling configuration, in snake_case.
      type: dict
      returned: when O(policy_type=StepScaling)
      sample:
        adjustment_type: ChangeInCapacity
        cooldown: 120
        step_adjustments:
          - metric_interval_lower_bound: 0.0
            scaling_adjustment: 2
    alarms:
      description: The CloudWatch alarms AWS made for a target tracking policy.
      type: list
      elements: dict
      returned: when the policy exists
      contains:
        alarm_name:
          description: The name of the alarm.
          type: str
          returned: always
          sample: TargetTracking-service/demo-local/demo-local-api-AlarmHigh-0f1e2d3c
        alarm_arn:
          description: The ARN of the alarm.
          type: str
          returned: always
          sample: arn:aws:cloudwatch:eu-west-1:123456789012:alarm:TargetTracking-service/demo-local/demo-local-api-AlarmHigh-0f1e2d3c
    creation_time:
      description: When the policy was created, ISO 8601.
      type: str
      returned: when the policy exists
      sample: "2026-11-26T20:05:08.296640+00:00"
"""

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import snake_dict_to_camel_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.application_autoscaling import TARGET_ARGUMENT_SPEC
from ansible_collections.webstack.aws.plugins.module_utils.application_autoscaling import describe_target
from ansible_collections.webstack.aws.plugins.module_utils.application_autoscaling import not_registered
from ansible_collections.webstack.aws.plugins.module_utils.application_autoscaling import snake_view
from ansible_collections.webstack.aws.plugins.module_utils.application_autoscaling import target_errors
from ansible_collections.webstack.aws.plugins.module_utils.application_autoscaling import target_key
from ansible_collections.webstack.aws.plugins.module_utils.application_autoscaling import target_label
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

# botocore's MetricType enum (application-autoscaling service model); a unit test keeps the two equal.
METRIC_TYPES = (
    "DynamoDBReadCapacityUtilization",
    "DynamoDBWriteCapacityUtilization",
    "ALBRequestCountPerTarget",
    "RDSReaderAverageCPUUtilization",
    "RDSReaderAverageDatabaseConnections",
    "EC2SpotFleetRequestAverageCPUUtilization",
    "EC2SpotFleetRequestAverageNetworkIn",
    "EC2SpotFleetRequestAverageNetworkOut",
    "SageMakerVariantInvocationsPerInstance",
    "ECSServiceAverageCPUUtilization",
    "ECSServiceAverageMemoryUtilization",
    "AppStreamAverageCapacityUtilization",
    "ComprehendInferenceUtilization",
    "LambdaProvisionedConcurrencyUtilization",
    "CassandraReadCapacityUtilization",
    "CassandraWriteCapacityUtilization",
    "KafkaBrokerStorageUtilization",
    "ElastiCacheEngineCPUUtilization",
    "ElastiCacheDatabaseMemoryUsagePercentage",
    "ElastiCachePrimaryEngineCPUUtilization",
    "ElastiCacheReplicaEngineCPUUtilization",
    "ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage",
    "NeptuneReaderAverageCPUUtilization",
    "SageMakerVariantProvisionedConcurrencyUtilization",
    "ElastiCacheDatabaseCapacityUsageCountedForEvictPercentage",
    "SageMakerInferenceComponentInvocationsPerCopy",
    "WorkSpacesAverageUserSessionsCapacityUtilization",
    "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution",
    "SageMakerVariantConcurrentRequestsPerModelHighResolution",
    "ECSServiceAverageCPUUtilizationHighResolution",
    "ECSServiceAverageMemoryUtilizationHighResolution",
)
ALB_REQUESTS = "ALBRequestCountPerTarget"
TARGET_TRACKING = "TargetTrackingScaling"
STEP_SCALING = "StepScaling"
# The policy type, its option and the member of its configuration in PutScalingPolicy and ScalingPolicy.
CONFIGURATIONS = {
    TARGET_TRACKING: ("target_tracking", "TargetTrackingScalingPolicyConfiguration"),
    STEP_SCALING: ("step_scaling", "StepScalingPolicyConfiguration"),
}
# Members an update leaves as they are when the options do not set them.
KEPT_WHEN_UNSET = {
    TARGET_TRACKING: ("ScaleInCooldown", "ScaleOutCooldown"),
    STEP_SCALING: ("Cooldown", "MinAdjustmentMagnitude", "MetricAggregationType"),
}
NAME_PATTERN = re.compile(r"[^\x00-\x1f\x7f-\x9f:/|]{1,256}")

ARGUMENT_SPEC = dict(
    TARGET_ARGUMENT_SPEC,
    policy_name=dict(type="str", required=True),
    policy_type=dict(type="str", default=TARGET_TRACKING, choices=[TARGET_TRACKING, STEP_SCALING]),
    target_tracking=dict(
        type="dict",
        options=dict(
            target_value=dict(type="float", required=True),
            predefined_metric_type=dict(type="str"),
            resource_label=dict(type="str"),
            customized_metric=dict(type="dict"),
            scale_in_cooldown=dict(type="int"),
            scale_out_cooldown=dict(type="int"),
            disable_scale_in=dict(type="bool", default=False),
        ),
    ),
    step_scaling=dict(
        type="dict",
        options=dict(
            adjustment_type=dict(type="str", required=True, choices=["ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity"]),
            step_adjustments=dict(
                type="list",
                elements="dict",
                required=True,
                options=dict(
                    metric_interval_lower_bound=dict(type="float"),
                    metric_interval_upper_bound=dict(type="float"),
                    scaling_adjustment=dict(type="int", required=True),
                ),
            ),
            min_adjustment_magnitude=dict(type="int"),
            cooldown=dict(type="int"),
            metric_aggregation_type=dict(type="str", choices=["Average", "Minimum", "Maximum"]),
        ),
    ),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the module's options, each naming the option; [] when all is well."""
    errors = target_errors(params)
    name = params["policy_name"]
    if not NAME_PATTERN.fullmatch(name):
        errors.append(f"policy_name {name!r} is not a policy name: 1 to 256 characters, none of ':', '/' and '|'")
    if params["state"] == "present":
        errors.extend(configuration_errors(params))
    return errors


def configuration_errors(params: Dict[str, Any]) -> List[str]:
    """Exactly the configuration option of policy_type, and what is wrong in it."""
    policy_type = params["policy_type"]
    option = CONFIGURATIONS[policy_type][0]
    errors = [
        f"{other} is not an option of policy_type={policy_type} (it describes a {other_type} policy)"
        for other_type, (other, _member) in CONFIGURATIONS.items()
        if other_type != policy_type and params[other] is not None
    ]
    if params[option] is None:
        errors.append(f"{option} is required when policy_type={policy_type} and state=present")
    elif policy_type == TARGET_TRACKING:
        errors.extend(target_tracking_errors(params[option]))
    else:
        errors.extend(step_scaling_errors(params[option]))
    return errors


def target_tracking_errors(tracking: Dict[str, Any]) -> List[str]:
    errors = []
    if tracking["target_value"] <= 0:
        errors.append(f"target_tracking.target_value must be more than 0, not {tracking['target_value']:g}")
    errors.extend(f"target_tracking.{option} must not be negative" for option in ("scale_in_cooldown", "scale_out_cooldown") if (tracking[option] or 0) < 0)
    metric_type = tracking["predefined_metric_type"]
    if (metric_type is None) == (tracking["customized_metric"] is None):
        errors.append("target_tracking.predefined_metric_type or target_tracking.customized_metric is required, not both")
    elif metric_type is not None and metric_type not in METRIC_TYPES:
        errors.append(f"target_tracking.predefined_metric_type {metric_type!r} is not one of {', '.join(METRIC_TYPES)}")
    if metric_type == ALB_REQUESTS and not tracking["resource_label"]:
        errors.append(
            f"target_tracking.resource_label is required with predefined_metric_type={ALB_REQUESTS}: "
            "app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id>"
        )
    if metric_type != ALB_REQUESTS and tracking["resource_label"] is not None:
        errors.append(f"target_tracking.resource_label is only for predefined_metric_type={ALB_REQUESTS}")
    return errors


def step_scaling_errors(steps: Dict[str, Any]) -> List[str]:
    errors = []
    if not steps["step_adjustments"]:
        errors.append("step_scaling.step_adjustments needs at least one step")
    for index, step in enumerate(steps["step_adjustments"]):
        low, high = step["metric_interval_lower_bound"], step["metric_interval_upper_bound"]
        if low is not None and high is not None and high <= low:
            errors.append(f"step_scaling.step_adjustments[{index}].metric_interval_upper_bound {high:g} is not more than its lower bound {low:g}")
    if (steps["cooldown"] or 0) < 0:
        errors.append("step_scaling.cooldown must not be negative")
    magnitude = steps["min_adjustment_magnitude"]
    if magnitude is not None and (magnitude < 1 or steps["adjustment_type"] != "PercentChangeInCapacity"):
        errors.append("step_scaling.min_adjustment_magnitude must be 1 or more, with adjustment_type=PercentChangeInCapacity only")
    return errors


def without_none(members: Dict[str, Any]) -> Dict[str, Any]:
    return {key: value for key, value in members.items() if value is not None}


def target_tracking_configuration(tracking: Dict[str, Any]) -> Dict[str, Any]:
    """The TargetTrackingScalingPolicyConfiguration of the target_tracking option."""
    configuration = without_none(
        {
            "TargetValue": float(tracking["target_value"]),
            "ScaleInCooldown": tracking["scale_in_cooldown"],
            "ScaleOutCooldown": tracking["scale_out_cooldown"],
            "DisableScaleIn": tracking["disable_scale_in"],
        }
    )
    if tracking["predefined_metric_type"] is not None:
        configuration["PredefinedMetricSpecification"] = without_none(
            {"PredefinedMetricType": tracking["predefined_metric_type"], "ResourceLabel": tracking["resource_label"]}
        )
    else:
        configuration["CustomizedMetricSpecification"] = snake_dict_to_camel_dict(tracking["customized_metric"], capitalize_first=True)
    return configuration


def step_scaling_configuration(steps: Dict[str, Any]) -> Dict[str, Any]:
    """The StepScalingPolicyConfiguration of the step_scaling option."""
    adjustments = [
        without_none(
            {
                "MetricIntervalLowerBound": step["metric_interval_lower_bound"],
                "MetricIntervalUpperBound": step["metric_interval_upper_bound"],
                "ScalingAdjustment": step["scaling_adjustment"],
            }
        )
        for step in steps["step_adjustments"]
    ]
    return without_none(
        {
            "AdjustmentType": steps["adjustment_type"],
            "StepAdjustments": adjustments,
            "MinAdjustmentMagnitude": steps["min_adjustment_magnitude"],
            "Cooldown": steps["cooldown"],
            "MetricAggregationType": steps["metric_aggregation_type"],
        }
    )


def bounds_as_floats(step: Dict[str, Any]) -> Dict[str, Any]:
    return {key: float(value) if key.startswith("MetricInterval") else value for key, value in step.items()}


def normalized(policy_type: str, configuration: Dict[str, Any]) -> Dict[str, Any]:
    """A configuration with AWS's defaults filled in and its numbers as AWS answers them, to compare."""
    configuration = dict(configuration)
    if policy_type == TARGET_TRACKING:
        configuration.setdefault("DisableScaleIn", False)
        configuration["TargetValue"] = float(configuration["TargetValue"])
    else:
        configuration["StepAdjustments"] = [bounds_as_floats(step) for step in configuration.get("StepAdjustments", [])]
    return configuration


def desired_configuration(params: Dict[str, Any], current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The configuration to put: the options', with what they leave unset (cooldowns, ...) as the policy has it."""
    policy_type = params["policy_type"]
    option, member = CONFIGURATIONS[policy_type]
    build = target_tracking_configuration if policy_type == TARGET_TRACKING else step_scaling_configuration
    configuration = build(params[option])
    existing = (current or {}).get(member) or {}
    for kept in KEPT_WHEN_UNSET[policy_type]:
        if kept not in configuration and kept in existing:
            configuration[kept] = existing[kept]
    return normalized(policy_type, configuration)


def differs(current: Dict[str, Any], configuration: Dict[str, Any]) -> bool:
    """Whether the existing policy's configuration is not the desired one (AWS's defaults filled in on both)."""
    member = CONFIGURATIONS[current["PolicyType"]][1]
    return normalized(current["PolicyType"], current.get(member) or {}) != configuration


def put_request(params: Dict[str, Any], configuration: Dict[str, Any]) -> Dict[str, Any]:
    """The PutScalingPolicy parameters of the desired policy."""
    request = dict(target_key(params), PolicyName=params["policy_name"], PolicyType=params["policy_type"])
    request[CONFIGURATIONS[params["policy_type"]][1]] = configuration
    return request


def policy_view(policy: Dict[str, Any]) -> Dict[str, Any]:
    """A DescribeScalingPolicies entry as the module returns it: snake_case, AWS's defaults filled in."""
    policy = dict(policy)
    member = CONFIGURATIONS.get(policy["PolicyType"], (None, None))[1]
    if member in policy:
        policy[member] = normalized(policy["PolicyType"], policy[member])
    return snake_view(policy)


def settings(view: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A policy's type and configuration, for the diff; {} for none."""
    keys = ("policy_type", "target_tracking_scaling_policy_configuration", "step_scaling_policy_configuration")
    return {key: view[key] for key in keys if key in (view or {})}


class ScalingPolicyManager:
    """Brings the scaling policy named by the options to the state they describe."""

    def __init__(self, module: AnsibleAWSModule) -> None:
        self.module = module
        self.client = module.client("application-autoscaling", retry_decorator=retrying())
        self.key = target_key(module.params)
        self.name = module.params["policy_name"]
        self.label = f"scaling policy {self.name} of {target_label(self.key)}"

    def call(self, method: str, failure: str, **kwargs: Any) -> Dict[str, Any]:
        try:
            return getattr(self.client, method)(aws_retry=True, **kwargs)
        except is_boto3_error_code("ObjectNotFoundException") as e:
            self.module.fail_json_aws(e, msg=not_registered(self.key))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"{failure} {self.label}")

    def read(self) -> Optional[Dict[str, Any]]:
        answer = self.call("describe_scaling_policies", "Failed to describe", PolicyNames=[self.name], **self.key)
        found = [policy for policy in answer["ScalingPolicies"] if policy["PolicyName"] == self.name]
        return found[0] if found else None

    def require_target(self) -> None:
        try:
            target = describe_target(self.client, self.key)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to find the scalable target of {self.label}")
        if target is None:
            self.module.fail_json(msg=not_registered(self.key))

    def ensure_present(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        params = self.module.params
        if current is not None and current["PolicyType"] != params["policy_type"]:
            self.module.fail_json(
                msg=f"policy_type of the {self.label} is {current['PolicyType']}, not {params['policy_type']}: a policy's type cannot change; "
                "delete it first (state=absent)"
            )
        configuration = desired_configuration(params, current)
        before = policy_view(current) if current else None
        if current is not None and not differs(current, configuration):
            return self.result(False, before, before)
        self.require_target()
        request = put_request(params, configuration)
        if self.module.check_mode:
            return self.result(True, before, policy_view(dict(current or {}, **request)))
        self.call("put_scaling_policy", "Failed to put", **request)
        after = self.read()
        if after is None:
            self.module.fail_json(msg=f"PutScalingPolicy succeeded but the {self.label} cannot be read back")
        return self.result(True, before, policy_view(after))

    def ensure_absent(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        changed = current is not None
        if changed and not self.module.check_mode:
            try:
                self.client.delete_scaling_policy(aws_retry=True, PolicyName=self.name, **self.key)
            except is_boto3_error_code("ObjectNotFoundException"):
                changed = False  # deleted by someone else since the lookup
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
                self.module.fail_json_aws(e, msg=f"Failed to delete {self.label}")
        return self.with_diff({"changed": changed}, policy_view(current) if current else None, None)

    def result(self, changed: bool, before: Optional[Dict[str, Any]], after: Dict[str, Any]) -> Dict[str, Any]:
        return self.with_diff({"changed": changed, "scaling_policy": after}, before, after)

    def with_diff(self, answer: Dict[str, Any], before: Optional[Dict[str, Any]], after: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if self.module._diff:
            answer["diff"] = {"before": settings(before), "after": settings(after)}
        return answer


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    manager = ScalingPolicyManager(module)
    current = manager.read()
    if module.params["state"] == "present":
        result = manager.ensure_present(current)
    else:
        result = manager.ensure_absent(current)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
