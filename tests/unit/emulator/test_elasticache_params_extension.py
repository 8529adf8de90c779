"""ElastiCache parameter groups and subnet groups in the emulator (webstack_emulator/extensions/elasticache_params.py):
the behaviours around each fix."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.elasticache_params import GROUP
from tests.unit.emulator.checks.elasticache_params import SUBNET_GROUP
from tests.unit.emulator.checks.elasticache_params import TAGS
from tests.unit.emulator.checks.elasticache_params import cache_cluster
from tests.unit.emulator.checks.elasticache_params import group_arn
from tests.unit.emulator.checks.elasticache_params import parameter_group
from tests.unit.emulator.checks.elasticache_params import replication_group
from tests.unit.emulator.checks.elasticache_params import set_values
from tests.unit.emulator.checks.elasticache_params import subnet_group
from tests.unit.emulator.checks.elasticache_params import subnets
from tests.unit.emulator.checks.elasticache_params import values_of

REQUIRED_PARAMETERS = {
    "maxmemory-policy",
    "timeout",
    "tcp-keepalive",
    "slowlog-log-slower-than",
    "slowlog-max-len",
    "notify-keyspace-events",
    "cluster-enabled",
    "maxmemory-samples",
    "reserved-memory-percent",
    "activedefrag",
}


def error_of(call: Any, **params: Any) -> tuple[str, int, str]:
    with pytest.raises(ClientError) as raised:
        call(**params)
    answer = raised.value.response
    return answer["Error"]["Code"], answer["ResponseMetadata"]["HTTPStatusCode"], answer["Error"]["Message"]


def code_of(call: Any, **params: Any) -> str:
    return error_of(call, **params)[0]


def group_names(aws: Emulator) -> list[str]:
    return [g["CacheParameterGroupName"] for g in aws.client("elasticache").describe_cache_parameter_groups()["CacheParameterGroups"]]


# --- creating and describing groups ----------------------------------------------------------


def test_default_groups_exist_for_every_family_and_are_not_global(aws: Emulator) -> None:
    groups = aws.client("elasticache").describe_cache_parameter_groups()["CacheParameterGroups"]
    by_name = {g["CacheParameterGroupName"]: g for g in groups}
    assert set(by_name) == {
        "default.memcached1.6",
        "default.redis6.x",
        "default.redis6.x.cluster.on",
        "default.redis7",
        "default.redis7.cluster.on",
        "default.valkey7",
        "default.valkey7.cluster.on",
        "default.valkey8",
        "default.valkey8.cluster.on",
    }
    assert {g["IsGlobal"] for g in groups} == {False}
    assert by_name["default.redis7"]["Description"] == "Default parameter group for redis7"
    assert by_name["default.valkey8"]["ARN"] == group_arn("default.valkey8")


def test_a_cluster_on_default_group_has_cluster_mode_enabled(aws: Emulator) -> None:
    assert values_of(aws, "default.redis7.cluster.on")["cluster-enabled"] == ("yes", "system")
    assert values_of(aws, "default.redis7")["cluster-enabled"] == ("no", "system")


@pytest.mark.parametrize("family", ["redis6.x", "redis7", "valkey7", "valkey8"])
def test_each_redis_like_family_catalogues_the_usual_parameters(aws: Emulator, family: str) -> None:
    parameter_group(aws, family=family)
    found = aws.client("elasticache").describe_cache_parameters(CacheParameterGroupName=GROUP)["Parameters"]
    assert REQUIRED_PARAMETERS <= {p["ParameterName"] for p in found}
    for parameter in found:
        assert {"DataType", "IsModifiable", "ChangeType", "Source", "ParameterValue"} <= set(parameter), parameter
        assert parameter["Source"] == "system"


def test_memcached_groups_have_their_own_catalogue(aws: Emulator) -> None:
    parameter_group(aws, family="memcached1.6")
    found = values_of(aws)
    assert found["max_item_size"] == ("1048576", "system")
    assert "maxmemory-policy" not in found


def test_a_group_name_is_kept_in_lower_case(aws: Emulator) -> None:
    created = parameter_group(aws, name="Demo-Local")["CacheParameterGroup"]
    assert (created["CacheParameterGroupName"], created["ARN"]) == (GROUP, group_arn())
    described = aws.client("elasticache").describe_cache_parameter_groups(CacheParameterGroupName="DEMO-LOCAL")["CacheParameterGroups"]
    assert [g["CacheParameterGroupName"] for g in described] == [GROUP]


def test_creating_a_group_twice_is_refused(aws: Emulator) -> None:
    parameter_group(aws)
    assert code_of(parameter_group, aws=aws) == "CacheParameterGroupAlreadyExists"


@pytest.mark.parametrize("family", ["redis9", "postgres16", ""])
def test_an_unknown_family_is_refused(aws: Emulator, family: str) -> None:
    assert code_of(parameter_group, aws=aws, family=family) == "InvalidParameterValue"
    assert GROUP not in group_names(aws)


@pytest.mark.parametrize("name", ["1cache", "cache-", "ca--che", "cache.local", "default.redis7"])
def test_an_invalid_name_is_refused(aws: Emulator, name: str) -> None:
    assert code_of(parameter_group, aws=aws, name=name) == "InvalidParameterValue"


def test_describing_a_missing_group_is_not_found(aws: Emulator) -> None:
    elasticache = aws.client("elasticache")
    assert error_of(elasticache.describe_cache_parameter_groups, CacheParameterGroupName="missing") == (
        "CacheParameterGroupNotFound",
        404,
        "CacheParameterGroup missing not found.",
    )
    assert code_of(elasticache.describe_cache_parameters, CacheParameterGroupName="missing") == "CacheParameterGroupNotFound"


def test_describe_cache_parameter_groups_pages_with_a_marker(aws: Emulator) -> None:
    for index in range(25):
        parameter_group(aws, name=f"cache-{index:02d}")
    elasticache = aws.client("elasticache")
    first = elasticache.describe_cache_parameter_groups(MaxRecords=20)
    second = elasticache.describe_cache_parameter_groups(MaxRecords=20, Marker=first["Marker"])
    names = [g["CacheParameterGroupName"] for g in first["CacheParameterGroups"] + second["CacheParameterGroups"]]
    assert len(first["CacheParameterGroups"]) == 20 and "Marker" not in second
    assert names == sorted(names) and len(set(names)) == 25 + 9
    paginated = elasticache.get_paginator("describe_cache_parameter_groups").paginate(PaginationConfig={"PageSize": 20})
    assert [g["CacheParameterGroupName"] for page in paginated for g in page["CacheParameterGroups"]] == names


@pytest.mark.parametrize("size", [19, 101])
def test_max_records_outside_20_to_100_is_refused(aws: Emulator, size: int) -> None:
    assert code_of(aws.client("elasticache").describe_cache_parameter_groups, MaxRecords=size) == "InvalidParameterValue"


# --- parameter values ----------------------------------------------------------------------


def test_source_filters_user_and_system_values(aws: Emulator) -> None:
    parameter_group(aws)
    set_values(aws, {"maxmemory-policy": "allkeys-lru"})
    elasticache = aws.client("elasticache")
    user = elasticache.describe_cache_parameters(CacheParameterGroupName=GROUP, Source="user")["Parameters"]
    system = elasticache.describe_cache_parameters(CacheParameterGroupName=GROUP, Source="system")["Parameters"]
    assert [p["ParameterName"] for p in user] == ["maxmemory-policy"]
    assert "maxmemory-policy" not in {p["ParameterName"] for p in system} and "timeout" in {p["ParameterName"] for p in system}


def test_describe_cache_parameters_pages(aws: Emulator) -> None:
    parameter_group(aws)
    pages = aws.client("elasticache").get_paginator("describe_cache_parameters").paginate(CacheParameterGroupName=GROUP, PaginationConfig={"PageSize": 20})
    assert {p["ParameterName"] for page in pages for p in page["Parameters"]} == set(values_of(aws))


def test_values_are_kept_per_group(aws: Emulator) -> None:
    parameter_group(aws)
    parameter_group(aws, name="other")
    set_values(aws, {"timeout": "300"})
    assert values_of(aws)["timeout"] == ("300", "user")
    assert values_of(aws, "other")["timeout"] == ("0", "system")


@pytest.mark.parametrize(
    ("values", "why"),
    [
        ({"no-such-parameter": "1"}, "Unrecognized parameter: no-such-parameter"),
        ({"lua-time-limit": "6000"}, "Parameter lua-time-limit is not modifiable."),
        ({"maxmemory-policy": "lru"}, "Allowed values are"),
        ({"timeout": "5"}, "Allowed values are: 0,20-"),
        ({"reserved-memory-percent": "101"}, "Allowed values are: 0-100"),
        ({"tcp-keepalive": "often"}, "Must be an integer."),
        ({"activedefrag": "true"}, "Allowed values are: yes,no"),
        ({"notify-keyspace-events": "Ex!"}, "Allowed characters"),
    ],
)
def test_modify_refuses_what_aws_refuses_and_changes_nothing(aws: Emulator, values: dict[str, str], why: str) -> None:
    parameter_group(aws)
    code, status, message = error_of(set_values, aws=aws, values={"slowlog-max-len": "256", **values})
    assert (code, status) == ("InvalidParameterValue", 400) and why in message
    assert values_of(aws)["slowlog-max-len"] == ("128", "system")


@pytest.mark.parametrize(
    "values",
    [
        {"timeout": "0"},
        {"timeout": "20"},
        {"slowlog-log-slower-than": "-1"},
        {"notify-keyspace-events": "Ex"},
        {"notify-keyspace-events": ""},
        {"activedefrag": "yes"},
        {"cluster-enabled": "yes"},
    ],
)
def test_modify_accepts_values_inside_the_allowed_ones(aws: Emulator, values: dict[str, str]) -> None:
    parameter_group(aws)
    set_values(aws, values)
    [(name, value)] = values.items()
    assert values_of(aws)[name] == (value, "user")


def test_modify_takes_at_most_20_parameters(aws: Emulator) -> None:
    parameter_group(aws)
    pairs = [{"ParameterName": "timeout", "ParameterValue": "0"}] * 21
    elasticache = aws.client("elasticache")
    assert code_of(elasticache.modify_cache_parameter_group, CacheParameterGroupName=GROUP, ParameterNameValues=pairs) == "InvalidParameterCombination"


@pytest.mark.parametrize("name", ["default.redis7", "default.valkey8.cluster.on"])
def test_default_groups_cannot_be_modified_or_reset(aws: Emulator, name: str) -> None:
    elasticache = aws.client("elasticache")
    assert code_of(set_values, aws=aws, values={"timeout": "300"}, name=name) == "InvalidParameterValue"
    assert code_of(elasticache.reset_cache_parameter_group, CacheParameterGroupName=name, ResetAllParameters=True) == "InvalidParameterValue"
    assert values_of(aws, name)["timeout"] == ("0", "system")


def test_modifying_a_missing_group_is_not_found(aws: Emulator) -> None:
    assert code_of(set_values, aws=aws, values={"timeout": "300"}) == "CacheParameterGroupNotFound"


def test_reset_of_named_parameters_keeps_the_others(aws: Emulator) -> None:
    parameter_group(aws)
    set_values(aws, {"timeout": "300", "maxmemory-policy": "allkeys-lru"})
    aws.client("elasticache").reset_cache_parameter_group(CacheParameterGroupName=GROUP, ParameterNameValues=[{"ParameterName": "timeout"}])
    found = values_of(aws)
    assert (found["timeout"], found["maxmemory-policy"]) == (("0", "system"), ("allkeys-lru", "user"))


@pytest.mark.parametrize(
    "params",
    [{}, {"ResetAllParameters": True, "ParameterNameValues": [{"ParameterName": "timeout"}]}],
)
def test_reset_wants_all_or_names_not_both(aws: Emulator, params: dict[str, Any]) -> None:
    parameter_group(aws)
    assert code_of(aws.client("elasticache").reset_cache_parameter_group, CacheParameterGroupName=GROUP, **params) == "InvalidParameterCombination"


# --- deleting groups --------------------------------------------------------------------------


def test_a_default_group_cannot_be_deleted(aws: Emulator) -> None:
    assert error_of(aws.client("elasticache").delete_cache_parameter_group, CacheParameterGroupName="default.redis7")[:2] == (
        "InvalidCacheParameterGroupState",
        400,
    )
    assert "default.redis7" in group_names(aws)


def test_deleting_a_missing_group_is_not_found(aws: Emulator) -> None:
    assert code_of(aws.client("elasticache").delete_cache_parameter_group, CacheParameterGroupName="missing") == "CacheParameterGroupNotFound"


def test_a_group_used_by_a_replication_group_is_not_deleted_until_the_group_is_gone(aws: Emulator) -> None:
    parameter_group(aws)
    replication_group(aws, CacheParameterGroupName=GROUP)
    elasticache = aws.client("elasticache")
    code, status, message = error_of(elasticache.delete_cache_parameter_group, CacheParameterGroupName=GROUP)
    assert (code, status) == ("InvalidCacheParameterGroupState", 400) and "replication group demo-local" in message
    elasticache.delete_replication_group(ReplicationGroupId="demo-local")
    elasticache.delete_cache_parameter_group(CacheParameterGroupName=GROUP)
    assert GROUP not in group_names(aws)


def test_a_group_used_by_a_cache_cluster_is_not_deleted(aws: Emulator) -> None:
    parameter_group(aws)
    cache_cluster(aws, CacheParameterGroupName=GROUP)
    assert code_of(aws.client("elasticache").delete_cache_parameter_group, CacheParameterGroupName=GROUP) == "InvalidCacheParameterGroupState"


def test_a_deleting_replication_group_holds_its_parameter_group_while_its_delete_phase_runs(aws: Emulator) -> None:
    parameter_group(aws)
    replication_group(aws, CacheParameterGroupName=GROUP)
    aws.latency("aws-scaled", scale=0.005)  # the delete phase: 360 s * 0.005 = 1.8 s
    elasticache = aws.client("elasticache")
    elasticache.delete_replication_group(ReplicationGroupId="demo-local")
    assert code_of(elasticache.delete_cache_parameter_group, CacheParameterGroupName=GROUP) == "InvalidCacheParameterGroupState"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and elasticache.describe_replication_groups()["ReplicationGroups"]:
        time.sleep(0.2)
    elasticache.delete_cache_parameter_group(CacheParameterGroupName=GROUP)
    assert GROUP not in group_names(aws)


def test_a_deleted_group_loses_its_tags_and_its_name_is_free_again(aws: Emulator) -> None:
    parameter_group(aws, Tags=TAGS)
    elasticache = aws.client("elasticache")
    elasticache.delete_cache_parameter_group(CacheParameterGroupName=GROUP)
    assert code_of(elasticache.list_tags_for_resource, ResourceName=group_arn()) == "CacheParameterGroupNotFound"
    parameter_group(aws, family="valkey8")
    assert elasticache.list_tags_for_resource(ResourceName=group_arn())["TagList"] == []


# --- replication groups and cache clusters name a group that exists ---------------------------


def test_a_replication_group_with_an_unknown_parameter_group_is_refused(aws: Emulator) -> None:
    elasticache = aws.client("elasticache")
    assert error_of(replication_group, aws=aws, CacheParameterGroupName="missing")[:2] == ("CacheParameterGroupNotFound", 404)
    assert elasticache.describe_replication_groups()["ReplicationGroups"] == []


def test_a_cache_cluster_with_an_unknown_parameter_group_is_refused(aws: Emulator) -> None:
    assert code_of(cache_cluster, aws=aws, CacheParameterGroupName="missing") == "CacheParameterGroupNotFound"
    assert aws.client("elasticache").describe_cache_clusters()["CacheClusters"] == []


@pytest.mark.parametrize("name", ["default.redis7", "default.redis7.cluster.on"])
def test_a_replication_group_may_name_a_default_group(aws: Emulator, name: str) -> None:
    replication_group(aws, CacheParameterGroupName=name)
    assert [g["ReplicationGroupId"] for g in aws.client("elasticache").describe_replication_groups()["ReplicationGroups"]] == ["demo-local"]


def test_modifying_a_replication_group_to_an_unknown_parameter_group_is_refused(aws: Emulator) -> None:
    replication_group(aws)
    modify = aws.client("elasticache").modify_replication_group
    assert code_of(modify, ReplicationGroupId="demo-local", CacheParameterGroupName="missing", ApplyImmediately=True) == "CacheParameterGroupNotFound"


# --- tags ---------------------------------------------------------------------------------------


def test_tags_of_a_parameter_group_are_added_and_removed(aws: Emulator) -> None:
    parameter_group(aws)
    elasticache = aws.client("elasticache")
    assert elasticache.add_tags_to_resource(ResourceName=group_arn(), Tags=TAGS)["TagList"] == TAGS
    assert elasticache.remove_tags_from_resource(ResourceName=group_arn(), TagKeys=["ManagedBy"])["TagList"] == TAGS[:1]
    assert elasticache.list_tags_for_resource(ResourceName=group_arn())["TagList"] == TAGS[:1]


@pytest.mark.parametrize(
    ("operation", "params"),
    [("add_tags_to_resource", {"Tags": TAGS}), ("remove_tags_from_resource", {"TagKeys": ["ManagedBy"]}), ("list_tags_for_resource", {})],
)
def test_tagging_a_missing_parameter_group_is_not_found(aws: Emulator, operation: str, params: dict[str, Any]) -> None:
    assert code_of(getattr(aws.client("elasticache"), operation), ResourceName=group_arn("missing"), **params) == "CacheParameterGroupNotFound"


def test_tagging_a_missing_subnet_group_is_not_found(aws: Emulator) -> None:
    arn = group_arn("missing").replace(":parametergroup:", ":subnetgroup:")
    assert code_of(aws.client("elasticache").add_tags_to_resource, ResourceName=arn, Tags=TAGS) == "CacheSubnetGroupNotFoundFault"


def test_tags_of_a_subnet_group_answer_the_tag_list(aws: Emulator) -> None:
    arn = subnet_group(aws, subnets(aws, 1))["CacheSubnetGroup"]["ARN"]
    answer = aws.client("elasticache").add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "webstack:component", "Value": "cache"}])
    assert answer["TagList"] == [*TAGS, {"Key": "webstack:component", "Value": "cache"}]


# --- subnet groups ------------------------------------------------------------------------------


def test_a_subnet_group_used_by_a_replication_group_is_not_deleted(aws: Emulator) -> None:
    subnet_group(aws, subnets(aws, 1))
    replication_group(aws, CacheSubnetGroupName=SUBNET_GROUP)
    elasticache = aws.client("elasticache")
    assert code_of(elasticache.delete_cache_subnet_group, CacheSubnetGroupName=SUBNET_GROUP) == "CacheSubnetGroupInUse"
    elasticache.delete_replication_group(ReplicationGroupId="demo-local")
    elasticache.delete_cache_subnet_group(CacheSubnetGroupName=SUBNET_GROUP)
    assert elasticache.describe_cache_subnet_groups()["CacheSubnetGroups"] == []


def test_a_subnet_group_used_by_a_cache_cluster_is_not_deleted(aws: Emulator) -> None:
    subnet_group(aws, subnets(aws, 1))
    cache_cluster(aws, CacheSubnetGroupName=SUBNET_GROUP)
    assert code_of(aws.client("elasticache").delete_cache_subnet_group, CacheSubnetGroupName=SUBNET_GROUP) == "CacheSubnetGroupInUse"


def test_a_deleted_subnet_group_loses_its_tags(aws: Emulator) -> None:
    arn = subnet_group(aws, subnets(aws, 1))["CacheSubnetGroup"]["ARN"]
    elasticache = aws.client("elasticache")
    elasticache.delete_cache_subnet_group(CacheSubnetGroupName=SUBNET_GROUP)
    assert code_of(elasticache.list_tags_for_resource, ResourceName=arn) == "CacheSubnetGroupNotFoundFault"


@pytest.mark.parametrize("operation", ["delete_cache_subnet_group", "modify_cache_subnet_group"])
def test_a_missing_subnet_group_is_not_found(aws: Emulator, operation: str) -> None:
    assert code_of(getattr(aws.client("elasticache"), operation), CacheSubnetGroupName="missing") == "CacheSubnetGroupNotFoundFault"


def test_modify_cache_subnet_group_changes_only_what_it_is_given(aws: Emulator) -> None:
    first, second = subnets(aws)
    subnet_group(aws, [first])
    elasticache = aws.client("elasticache")
    elasticache.modify_cache_subnet_group(CacheSubnetGroupName=SUBNET_GROUP, SubnetIds=[second])
    [group] = elasticache.describe_cache_subnet_groups(CacheSubnetGroupName=SUBNET_GROUP)["CacheSubnetGroups"]
    assert (group["CacheSubnetGroupDescription"], [s["SubnetIdentifier"] for s in group["Subnets"]]) == ("cache", [second])
    elasticache.modify_cache_subnet_group(CacheSubnetGroupName=SUBNET_GROUP, CacheSubnetGroupDescription="cache tier")
    [group] = elasticache.describe_cache_subnet_groups(CacheSubnetGroupName=SUBNET_GROUP)["CacheSubnetGroups"]
    assert (group["CacheSubnetGroupDescription"], [s["SubnetIdentifier"] for s in group["Subnets"]]) == ("cache tier", [second])
    assert elasticache.list_tags_for_resource(ResourceName=group["ARN"])["TagList"] == TAGS


def test_modify_cache_subnet_group_refuses_an_unknown_subnet(aws: Emulator) -> None:
    [first] = subnets(aws, 1)
    subnet_group(aws, [first])
    elasticache = aws.client("elasticache")
    assert code_of(elasticache.modify_cache_subnet_group, CacheSubnetGroupName=SUBNET_GROUP, SubnetIds=["subnet-0123456789abcdef0"]) == "InvalidSubnet"
    [group] = elasticache.describe_cache_subnet_groups(CacheSubnetGroupName=SUBNET_GROUP)["CacheSubnetGroups"]
    assert [s["SubnetIdentifier"] for s in group["Subnets"]] == [first]
