"""EC2 fidelity fixes for moto 5.2.5."""

from __future__ import annotations

from webstack_emulator.extensions import fix

# moto's internal name -> the ResourceType AWS reports (botocore ec2 model, shape ResourceType),
# keyed by the resource ID prefix moto derives the type from. Only taggable resources whose
# moto name is not a member of the API enum are listed.
RESOURCE_TYPES = {
    "nat": "natgateway",  # moto: nat-gateway
    "eipalloc": "elastic-ip",  # moto: vpc-elastic-ip
    "h": "dedicated-host",  # moto: dedicated_host
    "fl": "vpc-flow-log",  # moto: flow-logs
    "sir": "spot-instances-request",  # moto: spot-instance-request
    "uuid4": "reserved-instances",  # moto: reserved-instance
    "pl": "prefix-list",  # moto: managed-prefix-list
}


@fix(
    "ec2",
    "DescribeTags",
    "Tags read back under moto's own resource names (nat-gateway, vpc-elastic-ip, ...), not the API's "
    "ResourceType (natgateway, elastic-ip, ...), so a resource-type filter found nothing and "
    "amazon.aws ec2_vpc_nat_gateway / ec2_eip re-tagged on every run.",
)
def describe_tags_uses_the_api_resource_types() -> None:
    from moto.ec2.utils import EC2_PREFIX_TO_RESOURCE

    # The one table DescribeTags reads, both for the resource-type filter and for ResourceType.
    EC2_PREFIX_TO_RESOURCE.update(RESOURCE_TYPES)
