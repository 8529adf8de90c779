"""ECS capacity provider fidelity fixes for moto 5.2.5 (moto/ecs/models.py ``CapacityProvider``, moto/ecs/responses.py).

moto keeps a capacity provider's ``autoScalingGroupProvider`` as the request gave it (defaults filled in) and answers
the ``CapacityProvider`` object by attribute name. These fixes give it AWS's defaults, AWS's refusals on create, the
settings UpdateCapacityProvider may change, and AWS's delete: refused (``DELETE_FAILED``) while a cluster uses the
provider, else the provider turns ``INACTIVE`` and is answered so by DescribeCapacityProviders.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

ACTIVE = "ACTIVE"
INACTIVE = "INACTIVE"


def _client_error(message: str) -> Exception:
    from moto.ecs.exceptions import EcsClientException

    return EcsClientException(message)


def _active(backend: Any, name_or_arn: str) -> Any:
    """The ACTIVE provider of that name or ARN; ClientException when there is none."""
    provider = backend._get_provider(name_or_arn)
    if provider is None or provider.status != ACTIVE:
        raise _client_error("The specified capacity provider does not exist. Specify a valid name or ARN and try again.")
    return provider


def _auto_scaling_group(backend: Any, name_or_arn: str) -> Any:
    """moto's Auto Scaling group named by an ARN or a name, None when there is none."""
    from moto.autoscaling.models import autoscaling_backends

    groups = autoscaling_backends[backend.account_id][backend.region_name].autoscaling_groups
    return groups.get(name_or_arn.rsplit("autoScalingGroupName/", 1)[-1])


def _clusters_using(backend: Any, provider: Any) -> list[str]:
    return sorted(
        cluster.name
        for cluster in backend.clusters.values()
        # A deleted (INACTIVE) cluster holds no capacity provider any more.
        if cluster.status == "ACTIVE" and {provider.name, provider.capacity_provider_arn} & set(cluster.capacity_providers or [])
    )


def _create_problem(backend: Any, name: str, asg_details: dict[str, Any]) -> str:
    """Why AWS refuses CreateCapacityProvider, "" when it does not."""
    existing = backend._get_provider(name)
    if existing is not None and existing.status == ACTIVE:
        return (
            f"The specified capacity provider {name} already exists. "
            "To change the configuration of an existing capacity provider, update the capacity provider."
        )
    group = _auto_scaling_group(backend, asg_details["autoScalingGroupArn"])
    if group is None:
        return ""
    others = [p for p in backend.capacity_providers.values() if p.status == ACTIVE]
    if any(_auto_scaling_group(backend, p.auto_scaling_group_provider["autoScalingGroupArn"]) is group for p in others):
        return "The specified Auto Scaling group ARN is already being used by another capacity provider. Specify a unique Auto Scaling group ARN and try again."
    if asg_details.get("managedTerminationProtection") == "ENABLED" and not group.new_instances_protected_from_scale_in:
        return (
            "The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection "
            "for a capacity provider, the Auto Scaling group must have instance protection from scale in enabled."
        )
    return ""


@fix(
    "ecs",
    "CreateCapacityProvider",
    "A second provider with the same name replaces the first; an Auto Scaling group already used by another provider, "
    "and managed termination protection on a group without new-instance scale-in protection, are accepted.",
)
def create_refuses_what_aws_refuses() -> None:
    from moto.ecs.models import EC2ContainerServiceBackend

    original = EC2ContainerServiceBackend.create_capacity_provider

    @wraps(original)
    def create_capacity_provider(self: EC2ContainerServiceBackend, name: str, asg_details: dict[str, Any], tags: Any) -> Any:
        problem = _create_problem(self, name, asg_details)
        if problem:
            raise _client_error(problem)
        return original(self, name, asg_details, tags)

    EC2ContainerServiceBackend.create_capacity_provider = create_capacity_provider  # type: ignore[method-assign]


@fix(
    "ecs",
    "DescribeCapacityProviders",
    "A provider created without managedDraining reads back without it (AWS: ENABLED); tags are answered whether or not "
    "include=[TAGS] asks for them; no capacityProviders at all crashes moto (HTTP 500).",
)
def describe_answers_defaults_and_tags_on_request() -> None:
    from moto.core.responses import ActionResult
    from moto.ecs.models import CapacityProvider
    from moto.ecs.responses import EC2ContainerServiceResponse

    original_prepare = CapacityProvider._prepare_asg_provider

    @wraps(original_prepare)
    def _prepare_asg_provider(self: CapacityProvider, asg_details: dict[str, Any]) -> dict[str, Any]:
        details = original_prepare(self, asg_details)
        details.setdefault("managedDraining", "ENABLED")
        return details

    CapacityProvider._prepare_asg_provider = _prepare_asg_provider  # type: ignore[method-assign]

    def view(provider: CapacityProvider, with_tags: bool) -> dict[str, Any]:
        answer = {
            "capacityProviderArn": provider.capacity_provider_arn,
            "name": provider.name,
            "status": provider.status,
            "autoScalingGroupProvider": provider.auto_scaling_group_provider,
        }
        if provider.update_status:
            answer["updateStatus"] = provider.update_status
        if getattr(provider, "update_status_reason", None):
            answer["updateStatusReason"] = provider.update_status_reason
        if with_tags:
            answer["tags"] = provider.tags or []
        return answer

    def describe_capacity_providers(self: EC2ContainerServiceResponse) -> ActionResult:
        backend = self.ecs_backend
        names = self._get_param("capacityProviders") or [provider.name for provider in backend.capacity_providers.values()]
        providers, failures = backend.describe_capacity_providers(names)
        with_tags = "TAGS" in (self._get_param("include") or [])
        return ActionResult({"capacityProviders": [view(provider, with_tags) for provider in providers], "failures": failures})

    EC2ContainerServiceResponse.describe_capacity_providers = describe_capacity_providers  # type: ignore[method-assign]


@fix(
    "ecs",
    "UpdateCapacityProvider",
    "managedDraining is ignored (the provider keeps its old value); an unknown provider crashes moto (HTTP 500).",
)
def update_changes_managed_draining() -> None:
    from moto.ecs.models import EC2ContainerServiceBackend

    original = EC2ContainerServiceBackend.update_capacity_provider

    @wraps(original)
    def update_capacity_provider(self: EC2ContainerServiceBackend, name_or_arn: str, asg_provider: dict[str, Any]) -> Any:
        provider = _active(self, name_or_arn)
        updated = original(self, name_or_arn, asg_provider)
        if "managedDraining" in asg_provider:
            provider.auto_scaling_group_provider["managedDraining"] = asg_provider["managedDraining"]
        return updated

    EC2ContainerServiceBackend.update_capacity_provider = update_capacity_provider  # type: ignore[method-assign]


@fix(
    "ecs",
    "DeleteCapacityProvider",
    "A provider a cluster uses is deleted anyway; a deleted one disappears at once instead of reading back INACTIVE; an unknown one crashes moto (HTTP 500).",
)
def delete_refuses_a_provider_in_use() -> None:
    import copy

    from moto.ecs.models import EC2ContainerServiceBackend

    def delete_capacity_provider(self: EC2ContainerServiceBackend, name_or_arn: str) -> Any:
        provider = _active(self, name_or_arn)
        clusters = _clusters_using(self, provider)
        if clusters:
            provider.update_status = "DELETE_FAILED"
            provider.update_status_reason = (
                f"The capacity provider cannot be deleted because it is associated with cluster: {clusters[0]}. "
                "Remove the capacity provider from the cluster and try again."
            )
            return provider
        answer = copy.copy(provider)
        answer.update_status, answer.update_status_reason = "DELETE_IN_PROGRESS", None
        provider.status, provider.update_status, provider.update_status_reason = INACTIVE, "DELETE_COMPLETE", None
        return answer

    EC2ContainerServiceBackend.delete_capacity_provider = delete_capacity_provider  # type: ignore[method-assign]
