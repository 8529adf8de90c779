"""The elasticache role's input checks: every bad input is named, good input passes."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.filter.elasticache import elasticache_errors
from ansible_collections.webstack.aws.plugins.filter.elasticache import elasticache_parameter_family

GOOD: dict[str, Any] = {
    "webstack_environment": "prod",
    "elasticache_engine": "redis",
    "elasticache_engine_version": "7.1",
    "elasticache_node_type": "cache.r7g.large",
    "elasticache_num_node_groups": 1,
    "elasticache_replicas_per_node_group": 2,
    "elasticache_multi_az": True,
    "elasticache_port": 6379,
    "elasticache_kms_key": "alias/demo-prod-cache",
    "elasticache_snapshot_retention_days": 7,
    "elasticache_snapshot_window": "02:00-03:00",
    "elasticache_maintenance_window": "sun:05:00-sun:06:00",
    "elasticache_parameters": {"maxmemory-policy": "allkeys-lru"},
    "elasticache_log_retention_days": 30,
    "elasticache_auth_token_rotation": "none",
}


def test_good_settings_pass() -> None:
    assert elasticache_errors(GOOD) == []
    assert elasticache_errors({**GOOD, "elasticache_engine": "valkey", "elasticache_engine_version": "8.0"}) == []


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"elasticache_auth_token": "a-token-in-plain-vars"}, "elasticache_auth_token must not be set"),
        ({"elasticache_engine": "memcached"}, "elasticache_engine must be one of"),
        ({"elasticache_engine_version": "5.0.6"}, "elasticache_engine_version '5.0.6' is not a redis version"),
        ({"elasticache_node_type": "cache.x99.large"}, "elasticache_node_type 'cache.x99.large'"),
        ({"elasticache_node_type": "r7g.large"}, "elasticache_node_type 'r7g.large'"),
        ({"elasticache_multi_az": False}, "elasticache_multi_az must be true in prod"),
        ({"elasticache_replicas_per_node_group": 0}, "elasticache_replicas_per_node_group must be at least 1 in prod"),
        ({"elasticache_replicas_per_node_group": 6}, "elasticache_replicas_per_node_group must be a whole number from 0 to 5"),
        ({"elasticache_num_node_groups": 0}, "elasticache_num_node_groups must be a whole number from 1"),
        ({"elasticache_snapshot_retention_days": 0}, "elasticache_snapshot_retention_days must be at least 1 in prod"),
        ({"elasticache_snapshot_window": "2-3"}, "elasticache_snapshot_window must be hh:mm-hh:mm"),
        ({"elasticache_maintenance_window": "sun"}, "elasticache_maintenance_window must be ddd:hh:mm-ddd:hh:mm"),
        ({"elasticache_kms_key": "cache-key"}, "elasticache_kms_key must be a key ARN or alias"),
        ({"elasticache_parameters": {"timeout": [1]}}, "elasticache_parameters must map"),
        ({"elasticache_auth_token_rotation": "now"}, "elasticache_auth_token_rotation must be one of"),
        ({"elasticache_port": 80}, "elasticache_port must be a whole number from 1024"),
    ],
)
def test_each_bad_input_is_named(change: dict[str, Any], named: str) -> None:
    errors = elasticache_errors({**GOOD, **change})
    assert any(named in error for error in errors), errors


def test_multi_az_needs_a_replica_everywhere() -> None:
    errors = elasticache_errors({**GOOD, "webstack_environment": "dev", "elasticache_replicas_per_node_group": 0})
    assert errors == ["elasticache_multi_az needs elasticache_replicas_per_node_group of at least 1 (a replica to fail over to)"]
    assert elasticache_errors({**GOOD, "webstack_environment": "dev", "elasticache_replicas_per_node_group": 0, "elasticache_multi_az": False}) == []


def test_parameter_family() -> None:
    assert elasticache_parameter_family("redis", "7.1") == "redis7"
    assert elasticache_parameter_family("redis", "6.2") == "redis6.x"
    assert elasticache_parameter_family("valkey", "8.0") == "valkey8"
