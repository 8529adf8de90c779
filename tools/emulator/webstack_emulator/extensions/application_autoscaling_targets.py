"""Application Auto Scaling scalable targets as AWS keeps them, for moto 5.2.5: defaults, tags.

moto registered a target without its RoleARN or SuspendedState (both read back missing), accepted a new target
without capacities, ignored Tags and had no tagging operations. A target's tags live on the target, so they go
with it when it is deregistered.
"""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

SUSPENDED_MEMBERS = ("DynamicScalingInSuspended", "DynamicScalingOutSuspended", "ScheduledScalingSuspended")

# The service-linked role AWS gives a scalable target registered without RoleARN, per namespace (AWS docs,
# "Service-linked roles for Application Auto Scaling").
SERVICE_LINKED_ROLES = {
    "ecs": "ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
    "dynamodb": "dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable",
    "rds": "rds.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_RDSCluster",
    "ec2": "ec2.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_EC2SpotFleetRequest",
    "lambda": "lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency",
    "elasticache": "elasticache.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG",
}


def _error(code: str, message: str) -> Exception:
    from moto.core.exceptions import JsonRESTError

    return JsonRESTError(code, message)


def _suspended_state(given: dict[str, bool] | None) -> dict[str, bool]:
    """Every member of SuspendedState, false unless given true (AWS's default for each)."""
    return {member: bool((given or {}).get(member, False)) for member in SUSPENDED_MEMBERS}


def _target_by_arn(backend: Any, arn: str) -> Any:
    for targets in backend.targets.values():
        for target in targets.values():
            if target.arn == arn:
                return target
    raise _error("ResourceNotFoundException", f"No scalable target found for ARN: {arn}")


@fix(
    "application-autoscaling",
    "RegisterScalableTarget",
    "A new target read back without RoleARN (required in ScalableTarget) and SuspendedState, Tags were ignored, a new "
    "target without MinCapacity or MaxCapacity was accepted (and read back without them), and a minimum above the "
    "maximum was accepted. AWS gives a new target its service-linked role and all three suspended states false, "
    "tags it, requires both capacities for a new target and refuses min > max; an update keeps what it does not give.",
)
def registered_targets_as_aws_keeps_them() -> None:
    from moto.applicationautoscaling.exceptions import AWSValidationException
    from moto.applicationautoscaling.models import ApplicationAutoscalingBackend
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    original = ApplicationAutoscalingBackend.register_scalable_target

    @wraps(original)
    def register_scalable_target(
        self: ApplicationAutoscalingBackend,
        namespace: str,
        r_id: str,
        dimension: str,
        min_capacity: int | None,
        max_capacity: int | None,
        role_arn: str | None,
        suspended_state: dict[str, bool] | None,
        tags: dict[str, str] | None = None,
    ) -> Any:
        existing = self.targets.get(dimension, {}).get(r_id)
        if existing is None and (min_capacity is None or max_capacity is None):
            raise AWSValidationException("MinCapacity and MaxCapacity are required when registering a new scalable target")
        low = existing.min_capacity if min_capacity is None else min_capacity
        high = existing.max_capacity if max_capacity is None else max_capacity
        if low > high:
            raise AWSValidationException(f"Minimum capacity {low} cannot be greater than maximum capacity {high}")
        if existing is None:
            role = SERVICE_LINKED_ROLES.get(namespace, f"{namespace}.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling")
            role_arn = role_arn or f"arn:aws:iam::{self.account_id}:role/aws-service-role/{role}"
            suspended_state = _suspended_state(suspended_state)
        elif suspended_state is not None:
            suspended_state = _suspended_state(suspended_state)
        target = original(self, namespace, r_id, dimension, min_capacity, max_capacity, role_arn, suspended_state)
        if existing is None:
            target.tags = dict(tags or {})
        return target

    def register_scalable_target_response(self: ApplicationAutoScalingResponse) -> str:
        self._validate_params()
        target = self.applicationautoscaling_backend.register_scalable_target(
            self._get_param("ServiceNamespace"),
            self._get_param("ResourceId"),
            self._get_param("ScalableDimension"),
            min_capacity=self._get_int_param("MinCapacity"),
            max_capacity=self._get_int_param("MaxCapacity"),
            role_arn=self._get_param("RoleARN"),
            suspended_state=self._get_param("SuspendedState"),
            tags=self._get_param("Tags"),
        )
        return json.dumps({"ScalableTargetARN": target.arn})

    ApplicationAutoscalingBackend.register_scalable_target = register_scalable_target  # type: ignore[method-assign]
    ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target_response  # type: ignore[method-assign]


@fix(
    "application-autoscaling",
    "TagResource",
    "Not implemented (HTTP 500). AWS tags a scalable target by its ARN (an existing key takes the new value), "
    "answers ResourceNotFoundException for an unknown ARN and TooManyTagsException beyond 50 tags.",
)
def tag_resource() -> None:
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    def tag_resource_response(self: ApplicationAutoScalingResponse) -> str:
        target = _target_by_arn(self.applicationautoscaling_backend, self._get_param("ResourceARN"))
        tags = {**getattr(target, "tags", {}), **self._get_param("Tags")}
        if len(tags) > 50:
            raise _error("TooManyTagsException", "A scalable target can have at most 50 tags")
        target.tags = tags
        return json.dumps({})

    ApplicationAutoScalingResponse.tag_resource = tag_resource_response  # type: ignore[attr-defined]


@fix(
    "application-autoscaling",
    "UntagResource",
    "Not implemented (HTTP 500). AWS removes the given keys (an absent key is no error) and answers ResourceNotFoundException for an unknown ARN.",
)
def untag_resource() -> None:
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    def untag_resource_response(self: ApplicationAutoScalingResponse) -> str:
        target = _target_by_arn(self.applicationautoscaling_backend, self._get_param("ResourceARN"))
        keys = set(self._get_param("TagKeys") or [])
        target.tags = {key: value for key, value in getattr(target, "tags", {}).items() if key not in keys}
        return json.dumps({})

    ApplicationAutoScalingResponse.untag_resource = untag_resource_response  # type: ignore[attr-defined]


@fix(
    "application-autoscaling",
    "ListTagsForResource",
    "Not implemented (HTTP 500). AWS answers the scalable target's tags as a map, ResourceNotFoundException for an unknown (or deregistered) ARN.",
)
def list_tags_for_resource() -> None:
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    def list_tags_for_resource_response(self: ApplicationAutoScalingResponse) -> str:
        target = _target_by_arn(self.applicationautoscaling_backend, self._get_param("ResourceARN"))
        return json.dumps({"Tags": getattr(target, "tags", {})})

    ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource_response  # type: ignore[attr-defined]
