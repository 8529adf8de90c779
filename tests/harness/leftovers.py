"""What in the account still carries a stack's tags, service by service."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator


def _has(tags: dict[str, str], stack: str, environment: str) -> bool:
    return tags.get("webstack:stack") == stack and tags.get("webstack:environment") == environment


def tagged_resources(emulator: Emulator, stack: str, environment: str) -> list[str]:
    """IDs or names of every live resource tagged with the stack, across the services the roles use."""
    found: list[str] = []
    found += [f"ec2:{resource}" for resource in _ec2_tagged(emulator.client("ec2"), stack)]
    logs = emulator.client("logs")
    for group in logs.describe_log_groups()["logGroups"]:
        tags = logs.list_tags_for_resource(resourceArn=group["arn"].rstrip(":*"))["tags"]
        if _has(tags, stack, environment):
            found.append(f"logs:{group['logGroupName']}")
    kms = emulator.client("kms")
    for key in kms.list_keys()["Keys"]:
        if kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "PendingDeletion":
            continue
        tags = {t["TagKey"]: t["TagValue"] for t in kms.list_resource_tags(KeyId=key["KeyId"])["Tags"]}
        if _has(tags, stack, environment):
            found.append(f"kms:{key['KeyId']}")
    iam = emulator.client("iam")
    for role in iam.list_roles()["Roles"]:
        tags = {t["Key"]: t["Value"] for t in iam.list_role_tags(RoleName=role["RoleName"])["Tags"]}
        if _has(tags, stack, environment):
            found.append(f"iam:{role['RoleName']}")
    return found


# (describe call, result key, ID key, states that count as gone) per EC2 resource type.
EC2_TYPES = (
    ("describe_vpcs", "Vpcs", "VpcId", ()),
    ("describe_subnets", "Subnets", "SubnetId", ()),
    ("describe_route_tables", "RouteTables", "RouteTableId", ()),
    ("describe_internet_gateways", "InternetGateways", "InternetGatewayId", ()),
    ("describe_nat_gateways", "NatGateways", "NatGatewayId", ("deleting", "deleted")),
    ("describe_vpc_endpoints", "VpcEndpoints", "VpcEndpointId", ("deleting", "deleted")),
    ("describe_security_groups", "SecurityGroups", "GroupId", ()),
    ("describe_network_acls", "NetworkAcls", "NetworkAclId", ()),
    ("describe_flow_logs", "FlowLogs", "FlowLogId", ()),
    ("describe_addresses", "Addresses", "AllocationId", ()),
)


def _ec2_tagged(ec2: Any, stack: str) -> list[str]:
    """Live EC2 resources with the stack tag; AWS keeps deleted NAT gateways and endpoints listed for a while."""
    live = []
    for call, key, id_key, gone in EC2_TYPES:
        for resource in getattr(ec2, call)(Filters=[{"Name": "tag:webstack:stack", "Values": [stack]}])[key]:
            if resource.get("State", resource.get("state", "")) not in gone:
                live.append(resource[id_key])
    return live


def account_resources(emulator: Emulator) -> dict[str, list[str]]:
    """Everything in the account the roles could have made, tagged or not, outside the default VPC.

    Untagged resources are what an interrupted run leaves behind when a module
    created something and was killed before tagging it; comparing this with the
    account after an uninterrupted run shows every orphan and every duplicate.
    """
    ec2 = emulator.client("ec2")
    default_vpcs = {vpc["VpcId"] for vpc in ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]}
    found: dict[str, list[str]] = {}
    for call, key, id_key, gone in EC2_TYPES:
        found[key] = sorted(
            resource[id_key]
            for resource in getattr(ec2, call)()[key]
            if resource.get("State", resource.get("state", "")) not in gone and not _in_default_vpc(resource, default_vpcs)
        )
    found["LogGroups"] = sorted(group["logGroupName"] for group in emulator.client("logs").describe_log_groups()["logGroups"])
    kms = emulator.client("kms")
    # A key pending deletion is gone as far as the stack goes; AWS deletes its aliases with it.
    found["Keys"] = sorted(
        key["KeyId"] for key in kms.list_keys()["Keys"] if kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] != "PendingDeletion"
    )
    found["Aliases"] = sorted(
        alias["AliasName"]
        for alias in kms.list_aliases()["Aliases"]
        if alias.get("TargetKeyId") in found["Keys"] and not alias["AliasName"].startswith("alias/aws/")
    )
    iam = emulator.client("iam")
    found["Roles"] = sorted(role["RoleName"] for role in iam.list_roles()["Roles"])
    return found


def _in_default_vpc(resource: dict[str, Any], default_vpcs: set[str]) -> bool:
    attachments = resource.get("Attachments") or [{}]
    return resource.get("VpcId", attachments[0].get("VpcId")) in default_vpcs
