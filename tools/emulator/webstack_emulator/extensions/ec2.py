"""EC2 fidelity fixes for moto 5.2.5."""

from __future__ import annotations

from functools import wraps
from typing import Any

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


@fix(
    "ec2",
    "DeleteVpc",
    "The VPC's default network ACL outlived the VPC (moto deletes the main route table and the default "
    "security group, not the ACL), so a torn-down stack still showed an ACL of a VPC that no longer exists.",
)
def delete_vpc_takes_its_default_network_acl() -> None:
    from moto.ec2.models.vpcs import VPC
    from moto.ec2.models.vpcs import VPCBackend

    original = VPCBackend.delete_vpc

    @wraps(original)
    def delete_vpc(self: Any, vpc_id: str) -> VPC:
        vpc = original(self, vpc_id)
        for acl_id in [acl.id for acl in self.network_acls.values() if acl.vpc_id == vpc_id and acl.default]:
            self.network_acls.pop(acl_id)
        return vpc

    VPCBackend.delete_vpc = delete_vpc
