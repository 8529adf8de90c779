"""Checks of the ELBv2 fixes (tools/emulator/webstack_emulator/extensions/elbv2.py)."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check


def application_load_balancer(aws: Emulator) -> tuple[Any, str]:
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.8.{index}.0/24", AvailabilityZone=f"eu-west-1{zone}")["Subnet"]["SubnetId"]
        for index, zone in enumerate("ab")
    ]
    elbv2 = aws.client("elbv2")
    arn = elbv2.create_load_balancer(Name="web", Subnets=subnets, Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
    return elbv2, arn


@check("elbv2", "DescribeLoadBalancerAttributes")
def application_load_balancers_have_every_attribute(aws: Emulator) -> dict[str, Any]:
    elbv2, arn = application_load_balancer(aws)
    elbv2.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "30"}])
    answer = elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn)
    attributes = {attribute["Key"]: attribute["Value"] for attribute in answer["Attributes"]}
    assert attributes["access_logs.s3.enabled"] == "false"
    assert attributes["routing.http2.enabled"] == "true"
    assert attributes["idle_timeout.timeout_seconds"] == "30"
    assert attributes["load_balancing.cross_zone.enabled"] == "true"
    return answer


@check("elbv2", "DeleteLoadBalancer")
def deleted_load_balancers_leave_their_web_acl(aws: Emulator) -> dict[str, Any]:
    elbv2, arn = application_load_balancer(aws)
    wafv2 = aws.client("wafv2")
    visibility = {"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": "alb"}
    acl = wafv2.create_web_acl(Name="alb", Scope="REGIONAL", DefaultAction={"Allow": {}}, VisibilityConfig=visibility)["Summary"]
    wafv2.associate_web_acl(WebACLArn=acl["ARN"], ResourceArn=arn)
    answer = elbv2.delete_load_balancer(LoadBalancerArn=arn)
    assert "WebACL" not in wafv2.get_web_acl_for_resource(ResourceArn=arn)
    wafv2.delete_web_acl(Name="alb", Scope="REGIONAL", Id=acl["Id"], LockToken=acl["LockToken"])
    return answer
