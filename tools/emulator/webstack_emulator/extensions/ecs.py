"""ECS fidelity fixes for moto 5.2.5."""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix


@fix(
    "ecs",
    "DescribeClusters",
    "A cluster created without capacity providers reads back without capacityProviders and "
    "defaultCapacityProviderStrategy; AWS returns both as empty lists (community.aws ecs_cluster reads them).",
)
def cluster_capacity_providers_default_to_empty() -> None:
    from moto.ecs.models import Cluster

    original = Cluster.__init__

    @wraps(original)
    def __init__(self: Cluster, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if self.capacity_providers is None:
            self.capacity_providers = []
        if self.default_capacity_provider_strategy is None:
            self.default_capacity_provider_strategy = []

    Cluster.__init__ = __init__  # type: ignore[method-assign]


@fix(
    "ecs",
    "CreateService",
    "An awsvpcConfiguration without securityGroups crashed moto (KeyError); AWS uses the default security group of the subnets' VPC.",
)
def service_security_groups_default_to_the_vpc_default() -> None:
    from moto.ec2.exceptions import InvalidSubnetIdError
    from moto.ec2.models import ec2_backends
    from moto.ecs.models import Service

    original = Service._validate_network

    @wraps(original)
    def _validate_network(self: Service, nc: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, list[str]]]:
        awsvpc = nc.get("awsvpcConfiguration") or {}
        if awsvpc.get("subnets") and not awsvpc.get("securityGroups"):
            ec2 = ec2_backends[self._account_id][self.region_name]
            try:
                vpc_id = ec2.get_subnet(awsvpc["subnets"][0]).vpc_id
            except InvalidSubnetIdError:
                return original(self, nc)  # moto reports the unknown subnet as AWS does
            group = ec2.get_default_security_group(vpc_id)
            if group is not None:
                awsvpc["securityGroups"] = [group.id]
        return original(self, nc)

    Service._validate_network = _validate_network  # type: ignore[method-assign]
