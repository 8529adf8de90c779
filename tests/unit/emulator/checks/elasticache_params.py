"""Checks of the ElastiCache parameter group and subnet group fixes (webstack_emulator/extensions/elasticache_params.py), one per fix."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

ACCOUNT = "123456789012"
GROUP = "demo-local"
SUBNET_GROUP = "demo-local"
TAGS = [{"Key": "webstack:stack", "Value": "demo"}, {"Key": "ManagedBy", "Value": "ansible"}]


def group_arn(name: str = GROUP) -> str:
    return f"arn:aws:elasticache:{REGION}:{ACCOUNT}:parametergroup:{name}"


def parameter_group(aws: Emulator, name: str = GROUP, family: str = "redis7", **extra: Any) -> dict[str, Any]:
    """A cache parameter group; CreateCacheParameterGroup's answer."""
    return aws.client("elasticache").create_cache_parameter_group(CacheParameterGroupName=name, CacheParameterGroupFamily=family, Description="cache", **extra)


def set_values(aws: Emulator, values: dict[str, str], name: str = GROUP) -> dict[str, Any]:
    pairs = [{"ParameterName": key, "ParameterValue": value} for key, value in values.items()]
    return aws.client("elasticache").modify_cache_parameter_group(CacheParameterGroupName=name, ParameterNameValues=pairs)


def values_of(aws: Emulator, name: str = GROUP) -> dict[str, tuple[str, str]]:
    """Parameter name -> (value, source) of a group."""
    found = aws.client("elasticache").describe_cache_parameters(CacheParameterGroupName=name)["Parameters"]
    return {p["ParameterName"]: (p.get("ParameterValue", ""), p["Source"]) for p in found}


def subnets(aws: Emulator, count: int = 2) -> list[str]:
    """Subnets of one new VPC."""
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    return [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.40.{index}.0/24")["Subnet"]["SubnetId"] for index in range(count)]


def subnet_group(aws: Emulator, subnet_ids: list[str], name: str = SUBNET_GROUP) -> dict[str, Any]:
    return aws.client("elasticache").create_cache_subnet_group(CacheSubnetGroupName=name, CacheSubnetGroupDescription="cache", SubnetIds=subnet_ids, Tags=TAGS)


def cache_cluster(aws: Emulator, **extra: Any) -> dict[str, Any]:
    return aws.client("elasticache").create_cache_cluster(CacheClusterId="demo-local", CacheNodeType="cache.t4g.micro", Engine="redis", **extra)


def replication_group(aws: Emulator, **extra: Any) -> dict[str, Any]:
    return aws.client("elasticache").create_replication_group(
        ReplicationGroupId="demo-local", ReplicationGroupDescription="cache", Engine="redis", CacheNodeType="cache.t4g.micro", **extra
    )


@check("elasticache", "CreateCacheParameterGroup")
def create_cache_parameter_group_with_tags(aws: Emulator) -> dict[str, Any]:
    response = parameter_group(aws, Tags=TAGS)
    assert response["CacheParameterGroup"] == {
        "CacheParameterGroupName": GROUP,
        "CacheParameterGroupFamily": "redis7",
        "Description": "cache",
        "IsGlobal": False,
        "ARN": group_arn(),
    }
    assert aws.client("elasticache").list_tags_for_resource(ResourceName=group_arn())["TagList"] == TAGS
    return response


@check("elasticache", "DescribeCacheParameterGroups")
def describe_cache_parameter_groups_with_the_defaults(aws: Emulator) -> dict[str, Any]:
    parameter_group(aws)
    response = aws.client("elasticache").describe_cache_parameter_groups()
    groups = {g["CacheParameterGroupName"]: g for g in response["CacheParameterGroups"]}
    assert {"default.redis7", "default.redis7.cluster.on", "default.valkey8", GROUP} <= set(groups)
    assert (groups["default.valkey8"]["CacheParameterGroupFamily"], groups["default.valkey8"]["IsGlobal"]) == ("valkey8", False)
    return response


@check("elasticache", "DescribeCacheParameters")
def describe_cache_parameters_of_a_family(aws: Emulator) -> dict[str, Any]:
    parameter_group(aws)
    response = aws.client("elasticache").describe_cache_parameters(CacheParameterGroupName=GROUP)
    found = {p["ParameterName"]: p for p in response["Parameters"]}
    assert (found["maxmemory-policy"]["ParameterValue"], found["maxmemory-policy"]["Source"], found["maxmemory-policy"]["ChangeType"]) == (
        "volatile-lru",
        "system",
        "immediate",
    )
    assert (found["cluster-enabled"]["AllowedValues"], found["cluster-enabled"]["ChangeType"]) == ("yes,no", "requires-reboot")
    return response


@check("elasticache", "ModifyCacheParameterGroup")
def modify_cache_parameter_group_sets_user_values(aws: Emulator) -> dict[str, Any]:
    parameter_group(aws)
    response = set_values(aws, {"maxmemory-policy": "allkeys-lru", "timeout": "300"})
    assert response["CacheParameterGroupName"] == GROUP
    found = values_of(aws)
    assert (found["maxmemory-policy"], found["timeout"], found["tcp-keepalive"]) == (("allkeys-lru", "user"), ("300", "user"), ("300", "system"))
    return response


@check("elasticache", "ResetCacheParameterGroup")
def reset_cache_parameter_group_to_the_defaults(aws: Emulator) -> dict[str, Any]:
    parameter_group(aws)
    set_values(aws, {"maxmemory-policy": "allkeys-lru"})
    response = aws.client("elasticache").reset_cache_parameter_group(CacheParameterGroupName=GROUP, ResetAllParameters=True)
    assert response["CacheParameterGroupName"] == GROUP
    assert values_of(aws)["maxmemory-policy"] == ("volatile-lru", "system")
    return response


@check("elasticache", "DeleteCacheParameterGroup")
def delete_cache_parameter_group(aws: Emulator) -> dict[str, Any]:
    parameter_group(aws)
    elasticache = aws.client("elasticache")
    response = elasticache.delete_cache_parameter_group(CacheParameterGroupName=GROUP)
    assert GROUP not in [g["CacheParameterGroupName"] for g in elasticache.describe_cache_parameter_groups()["CacheParameterGroups"]]
    return response


@check("elasticache", "CreateCacheCluster")
def create_cache_cluster_with_a_known_parameter_group(aws: Emulator) -> dict[str, Any]:
    parameter_group(aws)
    response = cache_cluster(aws, CacheParameterGroupName=GROUP)
    assert response["CacheCluster"]["CacheClusterId"] == "demo-local"
    return response


@check("elasticache", "ListTagsForResource")
def list_tags_of_a_parameter_group(aws: Emulator) -> dict[str, Any]:
    parameter_group(aws, Tags=TAGS)
    response = aws.client("elasticache").list_tags_for_resource(ResourceName=group_arn())
    assert response["TagList"] == TAGS
    return response


@check("elasticache", "AddTagsToResource")
def add_tags_answers_the_tag_list(aws: Emulator) -> dict[str, Any]:
    parameter_group(aws, Tags=TAGS)
    response = aws.client("elasticache").add_tags_to_resource(ResourceName=group_arn(), Tags=[{"Key": "webstack:component", "Value": "cache"}])
    assert response["TagList"] == [*TAGS, {"Key": "webstack:component", "Value": "cache"}]
    return response


@check("elasticache", "DeleteCacheSubnetGroup")
def delete_cache_subnet_group(aws: Emulator) -> dict[str, Any]:
    subnet_group(aws, subnets(aws, 1))
    elasticache = aws.client("elasticache")
    response = elasticache.delete_cache_subnet_group(CacheSubnetGroupName=SUBNET_GROUP)
    assert elasticache.describe_cache_subnet_groups()["CacheSubnetGroups"] == []
    return response


@check("elasticache", "ModifyCacheSubnetGroup")
def modify_cache_subnet_group(aws: Emulator) -> dict[str, Any]:
    first, second = subnets(aws)
    subnet_group(aws, [first])
    response = aws.client("elasticache").modify_cache_subnet_group(
        CacheSubnetGroupName=SUBNET_GROUP, CacheSubnetGroupDescription="cache tier", SubnetIds=[first, second]
    )
    group = response["CacheSubnetGroup"]
    assert (group["CacheSubnetGroupDescription"], sorted(s["SubnetIdentifier"] for s in group["Subnets"])) == ("cache tier", sorted([first, second]))
    return response
