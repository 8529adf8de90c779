"""Checks of the Resource Groups Tagging API fixes (webstack_emulator/extensions/tagging.py)."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

VISIBILITY = {"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": "web"}


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def web_acl(aws: Emulator, name: str, tags: dict[str, str], scope: str = "REGIONAL") -> str:
    """A WAFv2 web ACL of the scope, tagged; its ARN."""
    region = {"region": "us-east-1"} if scope == "CLOUDFRONT" else {}
    tagged = {"Tags": tag_list(tags)} if tags else {}
    answer = aws.client("wafv2", **region).create_web_acl(Name=name, Scope=scope, DefaultAction={"Allow": {}}, VisibilityConfig=VISIBILITY, **tagged)
    return answer["Summary"]["ARN"]


def log_group(aws: Emulator, name: str, tags: dict[str, str]) -> str:
    aws.client("logs").create_log_group(logGroupName=name, tags=tags)
    return aws.client("logs").describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]["logGroupArn"]


def cache_cluster(aws: Emulator, name: str, tags: dict[str, str]) -> str:
    answer = aws.client("elasticache").create_cache_cluster(
        CacheClusterId=name, Engine="redis", CacheNodeType="cache.t3.micro", NumCacheNodes=1, Tags=tag_list(tags)
    )
    return answer["CacheCluster"]["ARN"]


def distribution(aws: Emulator, reference: str, tags: dict[str, str]) -> str:
    """A CloudFront distribution in front of example.com, tagged; its ARN."""
    origin = {"Id": "web", "DomainName": "example.com", "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}
    config = {
        "CallerReference": reference,
        "Comment": "",
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": {
            "TargetOriginId": "web",
            "ViewerProtocolPolicy": "redirect-to-https",
            "MinTTL": 0,
            "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
        },
    }
    answer = aws.client("cloudfront", region="us-east-1").create_distribution_with_tags(
        DistributionConfigWithTags={"DistributionConfig": config, "Tags": {"Items": tag_list(tags)}}
    )
    return answer["Distribution"]["ARN"]


def listed(response: dict[str, Any]) -> list[str]:
    return sorted(mapping["ResourceARN"] for mapping in response["ResourceTagMappingList"])


@check("resourcegroupstaggingapi", "GetResources")
def resources_of_every_service_by_their_arn_types(aws: Emulator) -> dict[str, Any]:
    tags = {"webstack:stack": "demo"}
    acl = web_acl(aws, "demo-local", tags)
    group = log_group(aws, "/demo/local", tags)
    cluster = cache_cluster(aws, "demo-local", tags)
    distribution(aws, "demo-local", tags)
    subnets = [s["SubnetId"] for s in aws.client("ec2").describe_subnets()["Subnets"]][:2]
    rds = aws.client("rds")
    subnet_group = rds.create_db_subnet_group(DBSubnetGroupName="demo-local-db", DBSubnetGroupDescription="demo", SubnetIds=subnets, Tags=tag_list(tags))[
        "DBSubnetGroup"
    ]["DBSubnetGroupArn"]
    tagging = aws.client("resourcegroupstaggingapi")
    response = tagging.get_resources(TagFilters=[{"Key": "webstack:stack", "Values": ["demo"]}])
    assert listed(response) == sorted([acl, group, cluster, subnet_group])
    assert listed(tagging.get_resources(ResourceTypeFilters=["rds:subgrp"])) == [subnet_group]
    rds.delete_db_subnet_group(DBSubnetGroupName="demo-local-db")
    assert listed(tagging.get_resources(ResourceTypeFilters=["rds:subgrp"])) == []
    by_type = tagging.get_resources(ResourceTypeFilters=["wafv2:regional/webacl", "logs:log-group", "elasticache:cluster"])
    assert listed(by_type) == sorted([acl, group, cluster])
    return response
