"""Checks of the security group fixes (tools/emulator/webstack_emulator/extensions/ec2_security_groups.py)."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

CLOUDFRONT = "com.amazonaws.global.cloudfront.origin-facing"


def group_with_a_prefix_list_rule(aws: Emulator, description: str) -> tuple[Any, str, str]:
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName="alb", Description="alb", VpcId=vpc)["GroupId"]
    [prefix_list] = ec2.describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": [CLOUDFRONT]}])["PrefixLists"]
    entry = {"PrefixListId": prefix_list["PrefixListId"], "Description": description}
    permission = {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [entry]}
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[permission])
    return ec2, group, prefix_list["PrefixListId"]


@check("ec2", "AuthorizeSecurityGroupIngress")
def prefix_list_rules_keep_their_description(aws: Emulator) -> dict[str, Any]:
    ec2, group, prefix_list = group_with_a_prefix_list_rule(aws, "from CloudFront")
    [permission] = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["IpPermissions"]
    assert permission["PrefixListIds"] == [{"PrefixListId": prefix_list, "Description": "from CloudFront"}]
    return ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "PrefixListIds": [{"PrefixListId": prefix_list, "Description": "http"}]}],
    )


@check("ec2", "UpdateSecurityGroupRuleDescriptionsIngress")
def rule_description_updates_return_true(aws: Emulator) -> dict[str, Any]:
    ec2, group, prefix_list = group_with_a_prefix_list_rule(aws, "old")
    renamed = {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": prefix_list, "Description": "new"}]}
    answer = ec2.update_security_group_rule_descriptions_ingress(GroupId=group, IpPermissions=[renamed])
    assert answer["Return"] is True
    [permission] = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["IpPermissions"]
    assert permission["PrefixListIds"] == [{"PrefixListId": prefix_list, "Description": "new"}]
    return answer
