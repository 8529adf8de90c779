"""Stock community.aws ElastiCache modules run through main() against the emulator.

community.aws elasticache_parameter_group and elasticache_subnet_group (10.0.0, in the venv's community.aws, not
amazon.aws) manage what the cache tier needs besides its replication group. These tests pin what they do: create,
a second identical run, check mode, a change, delete. Where the stock module itself misbehaves, a strict xfail test
shows the bug (it starts passing, and so fails, the day the module is fixed).
"""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.community.aws.plugins.modules import elasticache_parameter_group
from ansible_collections.community.aws.plugins.modules import elasticache_subnet_group

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.elasticache_params import replication_group
from tests.unit.emulator.checks.elasticache_params import subnets
from tests.unit.emulator.checks.elasticache_params import values_of
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

GROUP = "demo-local"
VALUES = {"maxmemory-policy": "allkeys-lru", "timeout": 300, "notify-keyspace-events": "Ex"}


# community.aws.elasticache_parameter_group


def parameter_group(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(elasticache_parameter_group.main, aws, {"name": GROUP, "state": "present", **args}, check_mode)


def user_values(aws: Emulator) -> dict[str, str]:
    return {name: value for name, (value, source) in values_of(aws).items() if source == "user"}


@pytest.fixture
def existing_group(aws: Emulator) -> Emulator:
    """A redis6.x group made by the stock module with VALUES set; the call log starts empty."""
    made = parameter_group(aws, {"group_family": "redis6.x", "description": "cache", "values": VALUES})
    assert not made.failed and made.changed, made.out
    aws.clear_calls()
    return aws


def test_parameter_group_is_created(aws: Emulator) -> None:
    made = parameter_group(aws, {"group_family": "redis6.x", "description": "cache"})

    assert not made.failed, made.out
    assert made.changed
    assert aws.calls().mutating == ["elasticache:CreateCacheParameterGroup"]
    [group] = aws.client("elasticache").describe_cache_parameter_groups(CacheParameterGroupName=GROUP)["CacheParameterGroups"]
    assert (group["CacheParameterGroupFamily"], group["Description"]) == ("redis6.x", "cache")
    assert made.out["elasticache"]["cache_parameter_group"]["cache_parameter_group_name"] == GROUP


def test_parameter_group_without_values_second_run_changes_nothing(aws: Emulator) -> None:
    parameter_group(aws, {"group_family": "redis6.x"})
    aws.clear_calls()

    again = parameter_group(aws, {"group_family": "redis6.x"})

    assert not again.failed, again.out
    assert not again.changed
    assert aws.calls().mutating == []


def test_parameter_group_is_created_with_values(aws: Emulator) -> None:
    made = parameter_group(aws, {"group_family": "redis6.x", "values": VALUES})

    assert not made.failed, made.out
    assert made.changed
    assert aws.calls().mutating == ["elasticache:CreateCacheParameterGroup", "elasticache:ModifyCacheParameterGroup"]
    assert user_values(aws) == {"maxmemory-policy": "allkeys-lru", "timeout": "300", "notify-keyspace-events": "Ex"}


def test_parameter_group_second_run_with_the_same_values_reports_no_change(existing_group: Emulator) -> None:
    again = parameter_group(existing_group, {"group_family": "redis6.x", "values": VALUES})

    assert not again.failed, again.out
    assert not again.changed


@pytest.mark.xfail(
    strict=True,
    reason="community.aws elasticache_parameter_group bug: with values given it always calls ModifyCacheParameterGroup, "
    "even when every value is already set (it reports changed=false but makes a mutating call).",
)
def test_parameter_group_second_run_with_the_same_values_makes_no_mutating_call(existing_group: Emulator) -> None:
    parameter_group(existing_group, {"group_family": "redis6.x", "values": VALUES})

    assert existing_group.calls().mutating == []


def test_parameter_group_value_change(existing_group: Emulator) -> None:
    changed = parameter_group(existing_group, {"values": {**VALUES, "maxmemory-policy": "volatile-ttl", "activedefrag": "yes"}})

    assert not changed.failed, changed.out
    assert changed.changed
    assert existing_group.calls().mutating == ["elasticache:ModifyCacheParameterGroup"]
    assert user_values(existing_group) == {"maxmemory-policy": "volatile-ttl", "timeout": "300", "notify-keyspace-events": "Ex", "activedefrag": "yes"}


def test_parameter_group_check_mode_is_skipped_without_a_call(aws: Emulator) -> None:
    """The stock module does not support check mode: ansible skips it, so a check run says nothing about what would change."""
    checked = parameter_group(aws, {"group_family": "redis6.x", "values": VALUES}, check_mode=True)

    assert not checked.failed, checked.out
    assert checked.out.get("skipped") is True and not checked.changed
    assert aws.calls().mutating == []
    assert aws.calls().count("DescribeCacheParameters") == 0


@pytest.mark.xfail(
    strict=True,
    reason="community.aws elasticache_parameter_group bug: a group created with values that all equal the family's defaults "
    "reports changed=false (the result of the value comparison replaces the create's changed=true).",
)
def test_parameter_group_created_with_default_values_reports_a_change(aws: Emulator) -> None:
    made = parameter_group(aws, {"group_family": "redis6.x", "values": {"maxmemory-policy": "volatile-lru"}})

    assert "elasticache:CreateCacheParameterGroup" in aws.calls().mutating
    assert made.changed


@pytest.mark.xfail(
    strict=True,
    reason="community.aws elasticache_parameter_group limitation: group_family choices stop at redis6.x (no redis7, valkey7, "
    "valkey8, memcached1.6), so it cannot create the groups current engines use.",
)
@pytest.mark.parametrize("family", ["redis7", "valkey8"])
def test_parameter_group_of_a_current_family_is_created(aws: Emulator, family: str) -> None:
    made = parameter_group(aws, {"group_family": family})

    assert not made.failed, made.out


def test_parameter_group_of_a_current_family_made_elsewhere_can_be_changed(aws: Emulator) -> None:
    """Without group_family the module only modifies: a valkey8 group made by another tool takes the values."""
    aws.client("elasticache").create_cache_parameter_group(CacheParameterGroupName=GROUP, CacheParameterGroupFamily="valkey8", Description="cache")
    aws.clear_calls()

    changed = parameter_group(aws, {"values": {"maxmemory-policy": "allkeys-lfu"}})

    assert not changed.failed, changed.out
    assert changed.changed
    assert user_values(aws) == {"maxmemory-policy": "allkeys-lfu"}


@pytest.mark.xfail(
    strict=True,
    reason="community.aws elasticache_parameter_group bug: an integer parameter given as a string (as a templated value "
    "usually is) fails its type check instead of being sent as the string the API takes.",
)
def test_parameter_group_takes_an_integer_given_as_a_string(existing_group: Emulator) -> None:
    changed = parameter_group(existing_group, {"values": {"timeout": "600"}})

    assert not changed.failed, changed.out


@pytest.mark.xfail(
    strict=True,
    reason="community.aws elasticache_parameter_group bug: a yes/no parameter given as a boolean (YAML `activedefrag: yes`) "
    "fails ('True is not an allowed value'): the module's bool-to-'yes'/'no' conversion compares its type with `str`, "
    "but its expected type is six's string_types tuple, so the conversion never runs.",
)
def test_parameter_group_takes_a_boolean_for_a_yes_no_parameter(existing_group: Emulator) -> None:
    changed = parameter_group(existing_group, {"values": {"activedefrag": True}})

    assert not changed.failed, changed.out
    assert user_values(existing_group)["activedefrag"] == "yes"


def test_parameter_group_unknown_parameter_fails_before_any_change(existing_group: Emulator) -> None:
    failed = parameter_group(existing_group, {"values": {"no-such-parameter": 1}})

    assert failed.failed
    assert "no-such-parameter is not a modifiable parameter" in failed.out["msg"]
    assert existing_group.calls().mutating == []


def test_parameter_group_value_aws_refuses_fails_with_the_aws_error(existing_group: Emulator) -> None:
    failed = parameter_group(existing_group, {"values": {"timeout": 5}})

    assert failed.failed
    assert "InvalidParameterValue" in failed.out["msg"] or failed.out.get("error", {}).get("code") == "InvalidParameterValue", failed.out
    assert user_values(existing_group)["timeout"] == "300"


def test_parameter_group_reset_restores_the_defaults(existing_group: Emulator) -> None:
    reset = parameter_group(existing_group, {"state": "reset"})

    assert not reset.failed, reset.out
    assert reset.changed
    assert existing_group.calls().mutating == ["elasticache:ResetCacheParameterGroup"]
    assert user_values(existing_group) == {}


@pytest.mark.xfail(
    strict=True,
    reason="community.aws elasticache_parameter_group bug: state=reset always calls ResetCacheParameterGroup, even on a group "
    "already at its defaults (it reports changed=false but makes a mutating call).",
)
def test_parameter_group_reset_of_a_group_at_its_defaults_makes_no_mutating_call(aws: Emulator) -> None:
    parameter_group(aws, {"group_family": "redis6.x"})
    aws.clear_calls()

    reset = parameter_group(aws, {"state": "reset"})

    assert not reset.failed and not reset.changed, reset.out
    assert aws.calls().mutating == []


def test_parameter_group_is_deleted_and_absent_twice_changes_nothing(existing_group: Emulator) -> None:
    deleted = parameter_group(existing_group, {"state": "absent"})
    again = parameter_group(existing_group, {"state": "absent"})

    assert not deleted.failed and deleted.changed, deleted.out
    assert not again.failed and not again.changed, again.out
    assert existing_group.calls().mutating == ["elasticache:DeleteCacheParameterGroup"]
    assert GROUP not in [g["CacheParameterGroupName"] for g in existing_group.client("elasticache").describe_cache_parameter_groups()["CacheParameterGroups"]]


def test_parameter_group_in_use_is_not_deleted(existing_group: Emulator) -> None:
    replication_group(existing_group, CacheParameterGroupName=GROUP)

    failed = parameter_group(existing_group, {"state": "absent"})

    assert failed.failed
    assert "InvalidCacheParameterGroupState" in str(failed.out)
    assert user_values(existing_group)["timeout"] == "300"


# community.aws.elasticache_subnet_group


def subnet_group(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(elasticache_subnet_group.main, aws, {"name": GROUP, **args}, check_mode)


def stored_subnet_group(aws: Emulator) -> tuple[str, list[str]]:
    [group] = aws.client("elasticache").describe_cache_subnet_groups(CacheSubnetGroupName=GROUP)["CacheSubnetGroups"]
    return group["CacheSubnetGroupDescription"], sorted(s["SubnetIdentifier"] for s in group["Subnets"])


@pytest.fixture
def two_subnets(aws: Emulator) -> list[str]:
    found = subnets(aws)
    aws.clear_calls()
    return found


def test_subnet_group_is_created_under_its_lower_case_name(aws: Emulator, two_subnets: list[str]) -> None:
    made = subnet_group(aws, {"name": "Demo-Local", "description": "cache", "subnets": two_subnets[:1]})

    assert not made.failed, made.out
    assert made.changed
    assert aws.calls().mutating == ["elasticache:CreateCacheSubnetGroup"]
    assert stored_subnet_group(aws) == ("cache", two_subnets[:1])
    assert (made.out["cache_subnet_group"]["name"], made.out["cache_subnet_group"]["subnet_ids"]) == (GROUP, two_subnets[:1])


def test_subnet_group_second_run_changes_nothing(aws: Emulator, two_subnets: list[str]) -> None:
    subnet_group(aws, {"description": "cache", "subnets": two_subnets})
    aws.clear_calls()

    again = subnet_group(aws, {"description": "cache", "subnets": list(reversed(two_subnets))})

    assert not again.failed, again.out
    assert not again.changed
    assert aws.calls().mutating == []


def test_subnet_group_check_mode_changes_nothing(aws: Emulator, two_subnets: list[str]) -> None:
    checked = subnet_group(aws, {"description": "cache", "subnets": two_subnets}, check_mode=True)

    assert not checked.failed, checked.out
    assert checked.changed
    assert aws.calls().mutating == []
    assert aws.client("elasticache").describe_cache_subnet_groups()["CacheSubnetGroups"] == []


def test_subnet_group_change_in_check_mode_changes_nothing(aws: Emulator, two_subnets: list[str]) -> None:
    subnet_group(aws, {"description": "cache", "subnets": two_subnets[:1]})
    aws.clear_calls()

    checked = subnet_group(aws, {"description": "cache tier", "subnets": two_subnets}, check_mode=True)

    assert checked.changed and not checked.failed, checked.out
    assert aws.calls().mutating == []
    assert stored_subnet_group(aws) == ("cache", two_subnets[:1])


def test_subnet_group_subnets_and_description_change(aws: Emulator, two_subnets: list[str]) -> None:
    subnet_group(aws, {"description": "cache", "subnets": two_subnets[:1]})
    aws.clear_calls()

    changed = subnet_group(aws, {"description": "cache tier", "subnets": two_subnets})

    assert not changed.failed, changed.out
    assert changed.changed
    assert aws.calls().mutating == ["elasticache:ModifyCacheSubnetGroup"]
    assert stored_subnet_group(aws) == ("cache tier", sorted(two_subnets))
    assert sorted(changed.out["cache_subnet_group"]["subnet_ids"]) == sorted(two_subnets)


def test_subnet_group_is_deleted_and_absent_twice_changes_nothing(aws: Emulator, two_subnets: list[str]) -> None:
    subnet_group(aws, {"subnets": two_subnets})
    aws.clear_calls()

    deleted = subnet_group(aws, {"state": "absent"})
    again = subnet_group(aws, {"state": "absent"})

    assert not deleted.failed and deleted.changed, deleted.out
    assert not again.failed and not again.changed, again.out
    assert aws.calls().mutating == ["elasticache:DeleteCacheSubnetGroup"]
    assert aws.client("elasticache").describe_cache_subnet_groups()["CacheSubnetGroups"] == []


def test_subnet_group_in_use_is_not_deleted(aws: Emulator, two_subnets: list[str]) -> None:
    subnet_group(aws, {"subnets": two_subnets})
    replication_group(aws, CacheSubnetGroupName=GROUP)

    failed = subnet_group(aws, {"state": "absent"})

    assert failed.failed
    assert "CacheSubnetGroupInUse" in str(failed.out)
    assert stored_subnet_group(aws)[1] == sorted(two_subnets)


def test_subnet_group_without_subnets_is_not_created(aws: Emulator) -> None:
    failed = subnet_group(aws, {"description": "cache"})

    assert failed.failed
    assert "At least one subnet must be provided" in failed.out["msg"]
    assert aws.calls().mutating == []
