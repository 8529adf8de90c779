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


def _ec2_tagged(ec2: Any, stack: str) -> list[str]:
    """Tagged EC2 resources that still exist; AWS lists deleted NAT gateways for an hour, with their tags."""
    tags = ec2.describe_tags(Filters=[{"Name": "key", "Values": ["webstack:stack"]}, {"Name": "value", "Values": [stack]}])["Tags"]
    live = []
    for tag in tags:
        if tag["ResourceId"].startswith("nat-"):
            gateways = ec2.describe_nat_gateways(NatGatewayIds=[tag["ResourceId"]])["NatGateways"]
            if all(g["State"] in ("deleted", "deleting") for g in gateways):
                continue
        live.append(tag["ResourceId"])
    return live
