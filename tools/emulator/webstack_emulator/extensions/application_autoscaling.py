"""Application Auto Scaling fidelity fixes for moto 5.2.5.

A scaling policy and a scheduled action belong to a registered scalable target: AWS refuses them without one,
and deregistering the target deletes them. moto kept them apart; these fixes tie them together.
"""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix


def _object_not_found(message: str) -> Exception:
    from moto.core.exceptions import JsonRESTError

    return JsonRESTError("ObjectNotFoundException", message)


def _require_target(backend: Any, namespace: str, resource_id: str, dimension: str) -> None:
    """Raise ObjectNotFoundException, as AWS does, when no scalable target is registered for the resource."""
    if not backend.describe_scalable_targets(namespace, [resource_id], dimension):
        raise _object_not_found(
            f"No scalable target registered for service namespace: {namespace}, resource ID: {resource_id}, scalable dimension: {dimension}"
        )


def _of_target(item: Any, namespace: str, resource_id: str, dimension: str) -> bool:
    return (item.service_namespace, item.resource_id, item.scalable_dimension) == (namespace, resource_id, dimension)


@fix(
    "application-autoscaling",
    "DescribeScalingPolicies",
    "PolicyNames was ignored (every policy of the namespace came back, so community.aws application_autoscaling_policy, "
    "which reads MaxResults=1, compared another policy with its own), and ResourceId and ScalableDimension matched as "
    "substrings. AWS answers the named policies of exactly that resource and dimension.",
)
def scaling_policies_filter_by_name() -> None:
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
    from moto.applicationautoscaling.responses import _build_policy

    def describe_scaling_policies(self: ApplicationAutoScalingResponse) -> str:
        backend = self.applicationautoscaling_backend
        namespace = self._get_param("ServiceNamespace")
        resource_id = self._get_param("ResourceId")
        dimension = self._get_param("ScalableDimension")
        names = self._get_param("PolicyNames")
        policies = [
            policy
            for policy in backend.policies.values()
            if policy.service_namespace == namespace
            and (not resource_id or policy.resource_id == resource_id)
            and (not dimension or policy.scalable_dimension == dimension)
            and (not names or policy.policy_name in names)
        ]
        start = int(self._get_param("NextToken") or 0)
        end = start + (self._get_int_param("MaxResults") or 50)
        answer: dict[str, Any] = {"ScalingPolicies": [_build_policy(policy) for policy in policies[start:end]]}
        if end < len(policies):
            answer["NextToken"] = str(end)
        return json.dumps(answer)

    ApplicationAutoScalingResponse.describe_scaling_policies = describe_scaling_policies  # type: ignore[method-assign]


@fix(
    "application-autoscaling",
    "PutScalingPolicy",
    "A policy was accepted for a resource with no registered scalable target; putting an existing policy again made a "
    "new policy (new PolicyARN and CreationTime) with new CloudWatch alarms, leaving the old alarms behind. AWS answers "
    "ObjectNotFoundException without a target, and updates a policy in place: same ARN, its alarms replaced.",
)
def scaling_policies_need_a_target_and_update_in_place() -> None:
    from moto.applicationautoscaling.models import ApplicationAutoscalingBackend
    from moto.applicationautoscaling.models import FakeApplicationAutoscalingPolicy

    original = ApplicationAutoscalingBackend.put_scaling_policy

    @wraps(original)
    def put_scaling_policy(
        self: ApplicationAutoscalingBackend,
        policy_name: str,
        service_namespace: str,
        resource_id: str,
        scalable_dimension: str,
        policy_body: dict[str, Any],
        policy_type: str | None,
    ) -> FakeApplicationAutoscalingPolicy:
        _require_target(self, service_namespace, resource_id, scalable_dimension)
        key = FakeApplicationAutoscalingPolicy.formulate_key(service_namespace, resource_id, scalable_dimension, policy_name)
        old = self.policies.get(key)
        if old is not None:
            old.delete_alarms(self.account_id, self.region_name)
        policy = original(self, policy_name, service_namespace, resource_id, scalable_dimension, policy_body, policy_type)
        if old is not None:
            policy.delete_alarms(self.account_id, self.region_name)  # made for the new ARN: made again for the kept one
            policy.policy_arn, policy.creation_time, policy.alarms = old.policy_arn, old.creation_time, []
            policy.create_alarms()
        return policy

    ApplicationAutoscalingBackend.put_scaling_policy = put_scaling_policy  # type: ignore[method-assign]


@fix(
    "application-autoscaling",
    "DeleteScalingPolicy",
    "An unknown policy was a ValidationException; AWS answers ObjectNotFoundException.",
)
def unknown_scaling_policy_is_not_found() -> None:
    from moto.applicationautoscaling.exceptions import AWSValidationException
    from moto.applicationautoscaling.models import ApplicationAutoscalingBackend

    original = ApplicationAutoscalingBackend.delete_scaling_policy

    @wraps(original)
    def delete_scaling_policy(self: ApplicationAutoscalingBackend, *args: Any, **kwargs: Any) -> None:
        try:
            original(self, *args, **kwargs)
        except AWSValidationException as error:
            raise _object_not_found(error.message) from error

    ApplicationAutoscalingBackend.delete_scaling_policy = delete_scaling_policy  # type: ignore[method-assign]


@fix(
    "application-autoscaling",
    "DeregisterScalableTarget",
    "The target's scaling policies (with their CloudWatch alarms) and scheduled actions outlived it, and an unknown "
    "target was a ValidationException. AWS deletes them with the target and answers ObjectNotFoundException for an "
    "unknown one.",
)
def deregistering_a_target_deletes_its_policies_and_actions() -> None:
    from moto.applicationautoscaling.models import ApplicationAutoscalingBackend

    def deregister_scalable_target(self: ApplicationAutoscalingBackend, namespace: str, r_id: str, dimension: str) -> None:
        target = self.targets.get(dimension, {}).get(r_id)
        if target is None or target.service_namespace != namespace:
            raise _object_not_found(f"No scalable target found for service namespace: {namespace}, resource ID: {r_id}, scalable dimension: {dimension}")
        del self.targets[dimension][r_id]
        for key, policy in list(self.policies.items()):
            if _of_target(policy, namespace, r_id, dimension):
                policy.delete_alarms(self.account_id, self.region_name)
                del self.policies[key]
        self.scheduled_actions = [action for action in self.scheduled_actions if not _of_target(action, namespace, r_id, dimension)]

    ApplicationAutoscalingBackend.deregister_scalable_target = deregister_scalable_target  # type: ignore[method-assign]


@fix(
    "application-autoscaling",
    "PutScheduledAction",
    "A scheduled action was accepted for a resource with no registered scalable target, and an update without "
    "StartTime or EndTime erased them. AWS answers ObjectNotFoundException without a target, and an update leaves "
    "every parameter it does not give unchanged.",
)
def scheduled_actions_need_a_target() -> None:
    from moto.applicationautoscaling.models import ApplicationAutoscalingBackend
    from moto.applicationautoscaling.models import FakeScheduledAction

    original = ApplicationAutoscalingBackend.put_scheduled_action
    original_update = FakeScheduledAction.update

    @wraps(original)
    def put_scheduled_action(self: ApplicationAutoscalingBackend, **kwargs: Any) -> None:
        _require_target(self, kwargs["service_namespace"], kwargs["resource_id"], kwargs["scalable_dimension"])
        original(self, **kwargs)

    @wraps(original_update)
    def update(self: FakeScheduledAction, *args: Any) -> None:
        start_time, end_time = self.start_time, self.end_time
        original_update(self, *args)
        self.start_time = self.start_time or start_time
        self.end_time = self.end_time or end_time

    ApplicationAutoscalingBackend.put_scheduled_action = put_scheduled_action  # type: ignore[method-assign]
    FakeScheduledAction.update = update  # type: ignore[method-assign]


@fix(
    "application-autoscaling",
    "DeleteScheduledAction",
    "Deleting an unknown scheduled action succeeded silently; AWS answers ObjectNotFoundException.",
)
def unknown_scheduled_action_is_not_found() -> None:
    from moto.applicationautoscaling.models import ApplicationAutoscalingBackend

    original = ApplicationAutoscalingBackend.delete_scheduled_action

    @wraps(original)
    def delete_scheduled_action(
        self: ApplicationAutoscalingBackend, service_namespace: str, scheduled_action_name: str, resource_id: str, scalable_dimension: str
    ) -> None:
        if not self.describe_scheduled_actions([scheduled_action_name], service_namespace, resource_id, scalable_dimension):
            raise _object_not_found(
                f"No scheduled action found for service namespace: {service_namespace}, resource ID: {resource_id}, "
                f"scalable dimension: {scalable_dimension}, scheduled action name: {scheduled_action_name}"
            )
        original(self, service_namespace, scheduled_action_name, resource_id, scalable_dimension)

    ApplicationAutoscalingBackend.delete_scheduled_action = delete_scheduled_action  # type: ignore[method-assign]
