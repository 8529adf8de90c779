"""Checks of the WAFv2 fixes (tools/emulator/webstack_emulator/extensions/wafv2.py), and the world they need."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

US_EAST_1 = "us-east-1"
MANAGED_GROUPS = ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesAmazonIpReputationList")


def visibility(metric: str) -> dict[str, Any]:
    return {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": metric}


def managed_rule(name: str, priority: int, override: str = "None") -> dict[str, Any]:
    return {
        "Name": name,
        "Priority": priority,
        "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": name}},
        "OverrideAction": {override: {}},
        "VisibilityConfig": visibility(name),
    }


def rate_rule(priority: int, limit: int = 2000) -> dict[str, Any]:
    return {
        "Name": "rate-limit",
        "Priority": priority,
        "Statement": {"RateBasedStatement": {"Limit": limit, "AggregateKeyType": "IP", "EvaluationWindowSec": 300}},
        "Action": {"Block": {}},
        "VisibilityConfig": visibility("rate-limit"),
    }


def edge_rules(override: str = "None") -> list[dict[str, Any]]:
    """The edge role's rules: the four AWS managed groups, then a rate limit."""
    return [managed_rule(name, index, override) for index, name in enumerate(MANAGED_GROUPS)] + [rate_rule(len(MANAGED_GROUPS))]


def wafv2(aws: Emulator, scope: str = "REGIONAL") -> Any:
    return aws.client("wafv2", region=US_EAST_1 if scope == "CLOUDFRONT" else REGION)


def create_web_acl(aws: Emulator, name: str = "edge", scope: str = "REGIONAL", **extra: Any) -> dict[str, Any]:
    """CreateWebACL's Summary for a web ACL with the edge rules (client in us-east-1 for CLOUDFRONT)."""
    params = {
        "Name": name,
        "Scope": scope,
        "DefaultAction": {"Allow": {}},
        "Rules": edge_rules(),
        "VisibilityConfig": visibility(name),
        **extra,
    }
    return wafv2(aws, scope).create_web_acl(**params)["Summary"]


def load_balancer(aws: Emulator, name: str = "edge-alb") -> str:
    """An application load balancer in two subnets of a new VPC; its ARN."""
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.40.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")["Subnet"]["SubnetId"] for i, zone in ((1, "a"), (2, "b"))
    ]
    return aws.client("elbv2").create_load_balancer(Name=name, Subnets=subnets, Type="application")["LoadBalancers"][0]["LoadBalancerArn"]


def log_group_arn(name: str, region: str = REGION) -> str:
    return f"arn:aws:logs:{region}:123456789012:log-group:{name}"


def error_code(error: pytest.ExceptionInfo[ClientError]) -> str:
    return error.value.response["Error"]["Code"]


@check("wafv2", "CreateWebACL")
def a_cloudfront_web_acl_is_made_in_us_east_1(aws: Emulator) -> dict[str, Any]:
    with pytest.raises(ClientError) as error:
        aws.client("wafv2").create_web_acl(Name="edge", Scope="CLOUDFRONT", DefaultAction={"Allow": {}}, Rules=[], VisibilityConfig=visibility("edge"))
    assert error_code(error) == "WAFInvalidParameterException"
    assert "SCOPE_VALUE" in error.value.response["Error"]["Message"]
    response = wafv2(aws, "CLOUDFRONT").create_web_acl(
        Name="edge", Scope="CLOUDFRONT", DefaultAction={"Allow": {}}, Rules=edge_rules(), VisibilityConfig=visibility("edge")
    )
    assert response["Summary"]["ARN"].startswith("arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/")
    with pytest.raises(ClientError) as error:
        create_web_acl(aws, "edge", "CLOUDFRONT")
    assert error_code(error) == "WAFDuplicateItemException"
    return response


@check("wafv2", "UpdateWebACL")
def an_update_replaces_what_it_leaves_out(aws: Emulator) -> dict[str, Any]:
    summary = create_web_acl(aws, Description="edge firewall")
    client = wafv2(aws)
    response = client.update_web_acl(
        Name="edge",
        Scope="REGIONAL",
        Id=summary["Id"],
        DefaultAction={"Allow": {}},
        Rules=[],
        VisibilityConfig=visibility("edge"),
        LockToken=summary["LockToken"],
    )
    acl = client.get_web_acl(Name="edge", Scope="REGIONAL", Id=summary["Id"])["WebACL"]
    assert (acl["Rules"], acl.get("Description", "")) == ([], "")
    assert response["NextLockToken"] != summary["LockToken"]
    return response


@check("wafv2", "DeleteWebACL")
def an_associated_web_acl_is_not_deleted(aws: Emulator) -> dict[str, Any]:
    summary = create_web_acl(aws)
    alb = load_balancer(aws)
    client = wafv2(aws)
    client.associate_web_acl(WebACLArn=summary["ARN"], ResourceArn=alb)
    with pytest.raises(ClientError) as error:
        client.delete_web_acl(Name="edge", Scope="REGIONAL", Id=summary["Id"], LockToken=summary["LockToken"])
    assert error_code(error) == "WAFAssociatedItemException"
    client.disassociate_web_acl(ResourceArn=alb)
    return client.delete_web_acl(Name="edge", Scope="REGIONAL", Id=summary["Id"], LockToken=summary["LockToken"])


@check("wafv2", "AssociateWebACL")
def a_resource_has_one_web_acl(aws: Emulator) -> dict[str, Any]:
    first, second = create_web_acl(aws, "first"), create_web_acl(aws, "second")
    alb = load_balancer(aws)
    client = wafv2(aws)
    client.associate_web_acl(WebACLArn=first["ARN"], ResourceArn=alb)
    response = client.associate_web_acl(WebACLArn=second["ARN"], ResourceArn=alb)
    assert client.list_resources_for_web_acl(WebACLArn=first["ARN"])["ResourceArns"] == []
    assert client.get_web_acl_for_resource(ResourceArn=alb)["WebACL"]["Name"] == "second"
    return response


@check("wafv2", "ListResourcesForWebACL")
def the_load_balancers_of_a_web_acl(aws: Emulator) -> dict[str, Any]:
    summary = create_web_acl(aws)
    alb = load_balancer(aws)
    client = wafv2(aws)
    client.associate_web_acl(WebACLArn=summary["ARN"], ResourceArn=alb)
    response = client.list_resources_for_web_acl(WebACLArn=summary["ARN"])
    assert response["ResourceArns"] == [alb]
    return response


@check("wafv2", "PutLoggingConfiguration")
def logging_goes_to_an_aws_waf_logs_group(aws: Emulator) -> dict[str, Any]:
    summary = create_web_acl(aws)
    client = wafv2(aws)
    with pytest.raises(ClientError) as error:
        client.put_logging_configuration(LoggingConfiguration={"ResourceArn": summary["ARN"], "LogDestinationConfigs": [log_group_arn("edge-logs")]})
    assert error_code(error) == "WAFInvalidParameterException"
    response = client.put_logging_configuration(
        LoggingConfiguration={
            "ResourceArn": summary["ARN"],
            "LogDestinationConfigs": [log_group_arn("aws-waf-logs-edge")],
            "RedactedFields": [{"SingleHeader": {"Name": "authorization"}}],
        }
    )
    assert (response["LoggingConfiguration"]["LogType"], response["LoggingConfiguration"]["LogScope"]) == ("WAF_LOGS", "CUSTOMER")
    return response


@check("wafv2", "GetLoggingConfiguration")
def a_cloudfront_web_acl_logging_is_read_at_us_east_1(aws: Emulator) -> dict[str, Any]:
    summary = create_web_acl(aws, scope="CLOUDFRONT")
    client = wafv2(aws, "CLOUDFRONT")
    client.put_logging_configuration(
        LoggingConfiguration={"ResourceArn": summary["ARN"], "LogDestinationConfigs": [log_group_arn("aws-waf-logs-edge", US_EAST_1)]}
    )
    response = client.get_logging_configuration(ResourceArn=summary["ARN"])
    assert response["LoggingConfiguration"]["LogDestinationConfigs"] == [log_group_arn("aws-waf-logs-edge", US_EAST_1)]
    assert response["LoggingConfiguration"]["LogType"] == "WAF_LOGS"
    return response


@check("wafv2", "DeleteLoggingConfiguration")
def a_cloudfront_web_acl_logging_is_deleted_at_us_east_1(aws: Emulator) -> dict[str, Any]:
    summary = create_web_acl(aws, scope="CLOUDFRONT")
    client = wafv2(aws, "CLOUDFRONT")
    client.put_logging_configuration(
        LoggingConfiguration={"ResourceArn": summary["ARN"], "LogDestinationConfigs": [log_group_arn("aws-waf-logs-edge", US_EAST_1)]}
    )
    response = client.delete_logging_configuration(ResourceArn=summary["ARN"])
    with pytest.raises(ClientError) as error:
        client.get_logging_configuration(ResourceArn=summary["ARN"])
    assert error_code(error) == "WAFNonexistentItemException"
    return response
