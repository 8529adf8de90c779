"""elasticache_parameter_group: pure functions, and main() run end to end against the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import elasticache_parameter_group as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

GROUP = "demo-local"
TAGS = {"webstack:stack": "demo", "webstack:environment": "local", "ManagedBy": "ansible"}
VALUES = {"maxmemory-policy": "allkeys-lru", "timeout": 300, "tcp-keepalive": "120", "activedefrag": True}
AS_STORED = {"maxmemory-policy": "allkeys-lru", "timeout": "300", "tcp-keepalive": "120", "activedefrag": "yes"}
# Every modifiable parameter of the emulator's redis7 catalogue, each with a value other than its default.
ALL_REDIS7 = {
    "activedefrag": "yes",
    "active-defrag-cycle-max": 50,
    "cluster-enabled": "yes",
    "databases": 32,
    "latency-tracking": True,
    "maxmemory-policy": "volatile-ttl",
    "maxmemory-samples": 5,
    "notify-keyspace-events": "Ex",
    "reserved-memory-percent": 30,
    "slowlog-log-slower-than": 20000,
    "slowlog-max-len": 256,
    "tcp-keepalive": 60,
    "timeout": 600,
}


def parameter_group(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(module.main, aws, {"name": GROUP, **args}, check_mode)


def user_values(aws: Emulator, name: str = GROUP) -> dict[str, str]:
    pages = aws.client("elasticache").get_paginator("describe_cache_parameters").paginate(CacheParameterGroupName=name)
    return {p["ParameterName"]: p.get("ParameterValue", "") for page in pages for p in page["Parameters"] if p["Source"] == "user"}


def groups(aws: Emulator) -> dict[str, dict[str, Any]]:
    found = aws.client("elasticache").describe_cache_parameter_groups()["CacheParameterGroups"]
    return {g["CacheParameterGroupName"]: g for g in found if not g["CacheParameterGroupName"].startswith("default.")}


def tags_of(aws: Emulator, name: str = GROUP) -> dict[str, str]:
    arn = groups(aws)[name]["ARN"]
    return {t["Key"]: t["Value"] for t in aws.client("elasticache").list_tags_for_resource(ResourceName=arn)["TagList"]}


@pytest.fixture
def existing(aws: Emulator) -> Emulator:
    """A redis7 group with VALUES and TAGS; the call log starts empty."""
    made = parameter_group(aws, {"group_family": "redis7", "parameters": VALUES, "tags": TAGS})
    assert not made.failed, made.out
    aws.clear_calls()
    return aws


# Pure functions


@pytest.mark.parametrize(
    ("name", "fragment"),
    [("default.redis7", "default parameter group"), ("7cache", "not a valid"), ("a--b", "not a valid"), ("cache-", "not a valid"), ("a" * 256, "not a valid")],
)
def test_validate_params_refuses_bad_names(name: str, fragment: str) -> None:
    [error] = module.validate_params({"name": name, "parameters": None})
    assert error.startswith("name: ")
    assert fragment in error


def test_validate_params_accepts_strings_integers_and_booleans_only() -> None:
    params = {"name": "Demo-Local", "parameters": {"timeout": 1, "activedefrag": False, "maxmemory-policy": "noeviction", "x": 1.5, "y": ["a"]}}
    assert module.validate_params(params) == [
        "parameters.x: the value must be a string, an integer or a boolean, not float (1.5).",
        "parameters.y: the value must be a string, an integer or a boolean, not list (['a']).",
    ]


def test_as_value_turns_booleans_into_yes_no_or_one_zero() -> None:
    assert module.as_value(True) == "yes"
    assert module.as_value(False, {"AllowedValues": "yes,no"}) == "no"
    assert module.as_value(True, {"AllowedValues": "0,1"}) == "1"
    assert module.as_value(False, {"AllowedValues": "0,1"}) == "0"
    assert module.as_value(300) == "300"
    assert module.as_value("300") == "300"


@pytest.mark.parametrize(
    ("number", "allowed", "expected"),
    [(0, "0,20-", True), (10, "0,20-", False), (20, "0,20-", True), (5, "-", True), (101, "1-100", False), (-5, "-10--1", True), (3, "1-x", None)],
)
def test_in_allowed_ranges(number: int, allowed: str, expected: bool | None) -> None:
    assert module.in_allowed_ranges(number, allowed) is expected


def test_value_problem_follows_the_catalogue() -> None:
    integer = {"DataType": "integer", "AllowedValues": "0,20-", "IsModifiable": True}
    policy = {"DataType": "string", "AllowedValues": "allkeys-lru,noeviction", "IsModifiable": True}
    assert module.value_problem("300", integer) is None
    assert module.value_problem("10", integer) == "10 is not allowed; allowed values: 0,20-"
    assert module.value_problem("5m", integer) == "'5m' is not an integer"
    assert module.value_problem("noeviction", policy) is None
    assert module.value_problem("lru", policy) == "'lru' is not allowed; allowed values: allkeys-lru,noeviction"
    assert module.value_problem("Ex", {"DataType": "string", "IsModifiable": True}) is None
    assert module.value_problem("5000", {"DataType": "integer", "IsModifiable": False}) == "AWS does not allow this parameter to be modified"


def test_catalogue_problems_names_each_parameter_and_suggests() -> None:
    catalogue = {"maxmemory-policy": {"DataType": "string", "AllowedValues": "allkeys-lru,noeviction", "IsModifiable": True}}
    errors = module.catalogue_problems({"maxmemory-polcy": "x", "maxmemory-policy": "noeviction"}, catalogue, "redis7")
    assert errors == ["parameters.maxmemory-polcy: the redis7 family has no parameter 'maxmemory-polcy'. Did you mean maxmemory-policy?"]


def test_parameter_changes_sends_only_what_differs_and_purges_unnamed_user_values() -> None:
    catalogue = {
        "timeout": {"ParameterValue": "300", "Source": "user"},
        "tcp-keepalive": {"ParameterValue": "120", "Source": "user"},
        "maxmemory-policy": {"ParameterValue": "volatile-lru", "Source": "system"},
        "databases": {"ParameterValue": "16", "Source": "system"},
    }
    desired = {"timeout": "300", "maxmemory-policy": "allkeys-lru", "databases": "16"}
    assert module.parameter_changes(catalogue, desired, purge=False) == ({"maxmemory-policy": "allkeys-lru"}, [])
    assert module.parameter_changes(catalogue, desired, purge=True) == ({"maxmemory-policy": "allkeys-lru"}, ["tcp-keepalive"])
    assert module.parameter_changes(catalogue, None, purge=True) == ({}, [])
    assert module.parameter_changes(catalogue, {}, purge=True) == ({}, ["tcp-keepalive", "timeout"])


def test_modify_requests_batch_at_most_twenty_parameters() -> None:
    requests = module.modify_requests(GROUP, {f"p{n:02}": str(n) for n in range(45)})
    assert [len(r["ParameterNameValues"]) for r in requests] == [20, 20, 5]
    assert requests[2]["ParameterNameValues"][-1] == {"ParameterName": "p44", "ParameterValue": "44"}
    assert all(r["CacheParameterGroupName"] == GROUP for r in requests)
    assert [len(r["ParameterNameValues"]) for r in module.reset_requests(GROUP, [f"p{n}" for n in range(21)])] == [20, 1]


class PagedClient:
    """DescribeCacheParameters in three pages, as AWS answers a long catalogue."""

    def __init__(self) -> None:
        self.markers: list[str | None] = []

    def describe_cache_parameters(self, aws_retry: bool, **request: Any) -> dict[str, Any]:
        assert aws_retry
        self.markers.append(request.get("Marker"))
        page = {None: (["a", "b"], "b"), "b": (["c"], "c"), "c": (["d"], None)}[request.get("Marker")]
        answer: dict[str, Any] = {"Parameters": [{"ParameterName": n, "ParameterValue": n, "Source": "user"} for n in page[0]]}
        if page[1]:
            answer["Marker"] = page[1]
        return answer


class StubModule:
    params = {"name": GROUP}
    check_mode = False


def test_catalogue_reads_every_page() -> None:
    client = PagedClient()
    catalogue = module.ParameterGroupManager(StubModule(), client).catalogue(GROUP)
    assert sorted(catalogue) == ["a", "b", "c", "d"]
    assert client.markers == [None, "b", "c"]


# Create


@pytest.mark.parametrize("family", ["redis7", "valkey8"])
def test_create_with_parameters_and_tags(aws: Emulator, family: str) -> None:
    made = parameter_group(aws, {"group_family": family, "parameters": VALUES, "tags": TAGS})

    assert not made.failed, made.out
    assert made.changed
    group = groups(aws)[GROUP]
    assert group["CacheParameterGroupFamily"] == family
    assert group["Description"] == "managed by Ansible"
    assert user_values(aws) == AS_STORED
    assert tags_of(aws) == TAGS
    assert made.out["parameter_group"] == {
        "cache_parameter_group_name": GROUP,
        "cache_parameter_group_family": family,
        "description": "managed by Ansible",
        "arn": group["ARN"],
        "parameters": AS_STORED,
        "tags": TAGS,
    }
    assert made.out["diff"]["before"] == {}
    assert made.out["diff"]["after"]["parameters"] == AS_STORED
    assert aws.calls().count("ModifyCacheParameterGroup") == 1


def test_create_without_parameters_makes_one_call(aws: Emulator) -> None:
    made = parameter_group(aws, {"group_family": "memcached1.6", "description": "sessions"})

    assert made.changed, made.out
    assert aws.calls().mutating == ["elasticache:CreateCacheParameterGroup"]
    assert groups(aws)[GROUP]["Description"] == "sessions"
    assert made.out["parameter_group"]["parameters"] == {}
    assert made.out["parameter_group"]["tags"] == {}


def test_create_with_a_value_equal_to_the_default_sends_no_modify(aws: Emulator) -> None:
    made = parameter_group(aws, {"group_family": "redis7", "parameters": {"maxmemory-policy": "volatile-lru"}})

    assert made.changed, made.out
    assert aws.calls().mutating == ["elasticache:CreateCacheParameterGroup"]
    again = parameter_group(aws, {"group_family": "redis7", "parameters": {"maxmemory-policy": "volatile-lru"}})
    assert not again.changed


def test_memcached_boolean_parameter_takes_a_bool_as_one_or_zero(aws: Emulator) -> None:
    made = parameter_group(aws, {"group_family": "memcached1.6", "parameters": {"cas_disabled": True, "idle_timeout": "60"}})

    assert not made.failed, made.out
    assert user_values(aws) == {"cas_disabled": "1", "idle_timeout": "60"}
    aws.clear_calls()
    again = parameter_group(aws, {"parameters": {"cas_disabled": True, "idle_timeout": 60}})
    assert not again.changed
    assert aws.calls().mutating == []


def test_create_survives_a_group_not_yet_visible(aws: Emulator) -> None:
    aws.faults(seed=1, consistency_s=2)

    made = parameter_group(aws, {"group_family": "valkey8", "parameters": VALUES, "tags": TAGS})

    assert not made.failed, made.out
    assert made.out["parameter_group"]["parameters"] == AS_STORED
    assert made.out["parameter_group"]["tags"] == TAGS


def test_create_without_family_fails_naming_group_family(aws: Emulator) -> None:
    failed = parameter_group(aws, {"parameters": VALUES})

    assert failed.failed
    assert failed.out["msg"].startswith("group_family: required to create")
    assert aws.calls().mutating == []


# Idempotence


def test_second_identical_run_changes_nothing_and_calls_nothing_mutating(existing: Emulator) -> None:
    again = parameter_group(existing, {"group_family": "redis7", "parameters": VALUES, "tags": TAGS})

    assert not again.failed, again.out
    assert not again.changed
    assert existing.calls().mutating == []
    assert again.out["parameter_group"]["parameters"] == AS_STORED
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_values_given_as_strings_integers_or_booleans_are_the_same(existing: Emulator) -> None:
    again = parameter_group(existing, {"parameters": {"maxmemory-policy": "allkeys-lru", "timeout": "300", "tcp-keepalive": 120, "activedefrag": "yes"}})

    assert not again.changed, again.out
    assert existing.calls().mutating == []


def test_run_without_parameters_or_tags_leaves_them_alone(existing: Emulator) -> None:
    again = parameter_group(existing, {"purge_parameters": True})

    assert not again.changed, again.out
    assert existing.calls().mutating == []
    assert user_values(existing) == AS_STORED


def test_another_description_warns_and_changes_nothing(existing: Emulator) -> None:
    again = parameter_group(existing, {"description": "something else", "parameters": VALUES})

    assert not again.changed, again.out
    assert existing.calls().mutating == []
    assert "AWS cannot change the description of a cache parameter group: demo-local keeps 'managed by Ansible'" in str(again.out["warnings"])
    assert again.out["parameter_group"]["description"] == "managed by Ansible"


# Check mode and diff


def test_check_mode_create_changes_nothing(aws: Emulator) -> None:
    checked = parameter_group(aws, {"group_family": "valkey8", "parameters": VALUES, "tags": TAGS}, check_mode=True)

    assert not checked.failed, checked.out
    assert checked.changed
    assert aws.calls().mutating == []
    assert GROUP not in groups(aws)
    assert checked.out["parameter_group"] == {
        "cache_parameter_group_name": GROUP,
        "cache_parameter_group_family": "valkey8",
        "description": "managed by Ansible",
        "parameters": AS_STORED,
        "tags": TAGS,
    }


def test_check_mode_change_reports_it_without_a_call(existing: Emulator) -> None:
    checked = parameter_group(existing, {"parameters": {**VALUES, "timeout": 0}, "tags": {"owner": "ops"}}, check_mode=True)

    assert checked.changed, checked.out
    assert existing.calls().mutating == []
    assert user_values(existing) == AS_STORED
    assert tags_of(existing) == TAGS
    assert checked.out["parameter_group"]["parameters"] == {**AS_STORED, "timeout": "0"}
    assert checked.out["parameter_group"]["tags"] == {"owner": "ops"}


def test_diff_shows_the_parameters_that_differ_and_the_tags(existing: Emulator) -> None:
    changed = parameter_group(existing, {"parameters": {**VALUES, "timeout": 0, "slowlog-max-len": 256}, "tags": {**TAGS, "owner": "ops"}})

    assert changed.changed, changed.out
    diff = changed.out["diff"]
    assert diff["before"]["parameters"] == {"timeout": "300", "slowlog-max-len": "128"}
    assert diff["after"]["parameters"] == {"timeout": "0", "slowlog-max-len": "256"}
    assert diff["before"]["tags"] == TAGS
    assert diff["after"]["tags"] == {**TAGS, "owner": "ops"}
    assert diff["before"]["description"] == diff["after"]["description"] == "managed by Ansible"


# Updates


def test_change_one_value_sends_only_that_value(existing: Emulator) -> None:
    changed = parameter_group(existing, {"parameters": {**VALUES, "maxmemory-policy": "volatile-ttl"}})

    assert changed.changed, changed.out
    assert existing.calls().mutating == ["elasticache:ModifyCacheParameterGroup"]
    assert user_values(existing) == {**AS_STORED, "maxmemory-policy": "volatile-ttl"}
    assert changed.out["parameter_group"]["parameters"] == {**AS_STORED, "maxmemory-policy": "volatile-ttl"}
    assert changed.out["parameter_group"]["tags"] == TAGS


def test_parameters_not_named_are_kept_without_purge(existing: Emulator) -> None:
    changed = parameter_group(existing, {"parameters": {"databases": 32}})

    assert changed.changed, changed.out
    assert user_values(existing) == {**AS_STORED, "databases": "32"}


def test_purge_parameters_resets_the_unnamed_ones_to_their_defaults(existing: Emulator) -> None:
    purged = parameter_group(existing, {"parameters": {"maxmemory-policy": "allkeys-lru", "timeout": 300}, "purge_parameters": True})

    assert purged.changed, purged.out
    assert existing.calls().mutating == ["elasticache:ResetCacheParameterGroup"]
    assert user_values(existing) == {"maxmemory-policy": "allkeys-lru", "timeout": "300"}
    assert purged.out["diff"]["before"]["parameters"] == {"activedefrag": "yes", "tcp-keepalive": "120"}
    assert purged.out["diff"]["after"]["parameters"] == {"activedefrag": "no", "tcp-keepalive": "300"}
    assert purged.out["parameter_group"]["parameters"] == {"maxmemory-policy": "allkeys-lru", "timeout": "300"}
    existing.clear_calls()
    again = parameter_group(existing, {"parameters": {"maxmemory-policy": "allkeys-lru", "timeout": 300}, "purge_parameters": True})
    assert not again.changed
    assert existing.calls().mutating == []


def test_purge_with_no_parameters_resets_every_user_value(existing: Emulator) -> None:
    purged = parameter_group(existing, {"parameters": {}, "purge_parameters": True})

    assert purged.changed, purged.out
    assert user_values(existing) == {}


def test_every_parameter_at_once_is_sent_in_batches(aws: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    # The emulator catalogues 13 modifiable redis7 parameters, fewer than AWS's 20 a request: batch by 5 to see the batching.
    monkeypatch.setattr(module, "BATCH_SIZE", 5)

    made = parameter_group(aws, {"group_family": "redis7", "parameters": ALL_REDIS7})

    assert not made.failed, made.out
    assert aws.calls().count("ModifyCacheParameterGroup") == 3
    assert user_values(aws) == {name: module.as_value(value) for name, value in ALL_REDIS7.items()}
    aws.clear_calls()
    assert not parameter_group(aws, {"parameters": ALL_REDIS7}).changed
    assert aws.calls().mutating == []


def test_every_parameter_fits_one_request_of_twenty(aws: Emulator) -> None:
    made = parameter_group(aws, {"group_family": "redis7", "parameters": ALL_REDIS7})

    assert not made.failed, made.out
    assert aws.calls().count("ModifyCacheParameterGroup") == 1


# Tags


def test_tags_are_added_and_purged(existing: Emulator) -> None:
    retagged = parameter_group(existing, {"tags": {"webstack:stack": "demo", "owner": "ops"}})

    assert retagged.changed, retagged.out
    assert sorted(existing.calls().mutating) == ["elasticache:AddTagsToResource", "elasticache:RemoveTagsFromResource"]
    assert tags_of(existing) == {"webstack:stack": "demo", "owner": "ops"}
    assert retagged.out["parameter_group"]["tags"] == {"webstack:stack": "demo", "owner": "ops"}
    assert user_values(existing) == AS_STORED


def test_tags_are_kept_without_purge(existing: Emulator) -> None:
    retagged = parameter_group(existing, {"tags": {"owner": "ops"}, "purge_tags": False})

    assert retagged.changed, retagged.out
    assert existing.calls().mutating == ["elasticache:AddTagsToResource"]
    assert tags_of(existing) == {**TAGS, "owner": "ops"}


def test_empty_tags_remove_every_tag(existing: Emulator) -> None:
    retagged = parameter_group(existing, {"tags": {}})

    assert retagged.changed, retagged.out
    assert existing.calls().mutating == ["elasticache:RemoveTagsFromResource"]
    assert tags_of(existing) == {}


# Bad inputs


def test_another_family_fails_naming_group_family(existing: Emulator) -> None:
    failed = parameter_group(existing, {"group_family": "valkey8", "parameters": {"timeout": 0}})

    assert failed.failed
    assert failed.out["msg"].startswith("group_family: cache parameter group demo-local is of family redis7, not valkey8")
    assert existing.calls().mutating == []
    assert user_values(existing) == AS_STORED


def test_unknown_parameter_fails_naming_it_without_a_mutating_call(existing: Emulator) -> None:
    failed = parameter_group(existing, {"parameters": {"timeout": 0, "maxmemory-polcy": "noeviction"}, "tags": {}})

    assert failed.failed
    assert "parameters.maxmemory-polcy" in failed.out["msg"]
    assert "Did you mean maxmemory-policy" in failed.out["msg"]
    assert existing.calls().mutating == []
    assert user_values(existing) == AS_STORED


def test_unknown_parameter_on_create_creates_nothing(aws: Emulator) -> None:
    failed = parameter_group(aws, {"group_family": "memcached1.6", "parameters": {"maxmemory-policy": "noeviction"}})

    assert failed.failed
    assert failed.out["msg"].startswith("parameters.maxmemory-policy: the memcached1.6 family has no parameter")
    assert aws.calls().mutating == []
    assert GROUP not in groups(aws)


@pytest.mark.parametrize(
    ("parameters", "fragment"),
    [
        ({"lua-time-limit": 6000}, "parameters.lua-time-limit: AWS does not allow this parameter to be modified"),
        ({"timeout": "5m"}, "parameters.timeout: '5m' is not an integer"),
        ({"timeout": 10}, "parameters.timeout: 10 is not allowed; allowed values: 0,20-"),
        ({"maxmemory-policy": "lru"}, "parameters.maxmemory-policy: 'lru' is not allowed"),
        ({"activedefrag": "maybe"}, "parameters.activedefrag: 'maybe' is not allowed; allowed values: yes,no"),
        ({"timeout": 1.5}, "parameters.timeout: the value must be a string, an integer or a boolean"),
    ],
)
def test_bad_values_fail_naming_the_parameter(existing: Emulator, parameters: dict[str, Any], fragment: str) -> None:
    failed = parameter_group(existing, {"parameters": parameters})

    assert failed.failed
    assert fragment in failed.out["msg"]
    assert existing.calls().mutating == []


@pytest.mark.parametrize("name", ["default.redis7", "bad--name"])
def test_bad_names_fail_before_any_call(aws: Emulator, name: str) -> None:
    failed = run(module.main, aws, {"name": name, "group_family": "redis7"})

    assert failed.failed
    assert failed.out["msg"].startswith("name: ")
    assert aws.calls().calls == []


# Absent


def test_absent_deletes_the_group_then_changes_nothing(existing: Emulator) -> None:
    gone = parameter_group(existing, {"state": "absent"})

    assert gone.changed, gone.out
    assert GROUP not in groups(existing)
    assert existing.calls().mutating == ["elasticache:DeleteCacheParameterGroup"]
    assert gone.out["diff"]["before"]["parameters"] == AS_STORED
    assert gone.out["diff"]["after"] == {}
    existing.clear_calls()

    again = parameter_group(existing, {"state": "absent"})
    assert not again.failed, again.out
    assert not again.changed
    assert existing.calls().mutating == []


def test_absent_in_check_mode_deletes_nothing(existing: Emulator) -> None:
    checked = parameter_group(existing, {"state": "absent"}, check_mode=True)

    assert checked.changed, checked.out
    assert existing.calls().mutating == []
    assert GROUP in groups(existing)


def test_absent_fails_with_aws_message_while_a_replication_group_uses_it(existing: Emulator) -> None:
    existing.client("elasticache").create_replication_group(
        ReplicationGroupId="demo-local",
        ReplicationGroupDescription="cache",
        Engine="redis",
        CacheNodeType="cache.t4g.micro",
        CacheParameterGroupName=GROUP,
    )

    failed = parameter_group(existing, {"state": "absent"})

    assert failed.failed
    assert "Failed to delete cache parameter group demo-local" in failed.out["msg"]
    assert "is in use by replication group demo-local" in failed.out["msg"]
    assert GROUP in groups(existing)
