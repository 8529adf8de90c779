# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The elasticache role's input checks and the settings it derives from them.

errors: "{{ settings | webstack.aws.elasticache_errors }}"
family: "{{ elasticache_engine | webstack.aws.elasticache_parameter_family(elasticache_engine_version) }}"
"""

from __future__ import annotations

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

# Versions ElastiCache offers today (DescribeCacheEngineVersions, 2026) and their parameter group families.
FAMILIES = {
    "redis": {"6.0": "redis6.x", "6.2": "redis6.x", "7.0": "redis7", "7.1": "redis7"},
    "valkey": {"7.2": "valkey7", "8.0": "valkey8", "8.1": "valkey8"},
}
NODE_TYPE = re.compile(r"^cache\.(t3|t4g|m5|m6g|m7g|r5|r6g|r6gd|r7g|c7gn)\.(micro|small|medium|large|xlarge|\d{1,2}xlarge)$")
DAILY_WINDOW = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")
WEEKLY_WINDOW = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$")
KMS_KEY = re.compile(r"^$|^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+$|^alias/[A-Za-z0-9/_-]+$")
ROTATIONS = ("none", "rotate", "set")
GUARDED = ("stage", "prod")


def _whole(value: Any) -> Optional[int]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _range(settings: Dict[str, Any], name: str, low: int, high: int) -> List[str]:
    value = _whole(settings.get(name))
    if value is None or not low <= value <= high:
        return [f"{name} must be a whole number from {low} to {high}, not {settings.get(name)!r}"]
    return []


def elasticache_errors(settings: Dict[str, Any]) -> List[str]:
    """Every problem with the role's inputs, each naming its variable and what is allowed."""
    errors = _engine_errors(settings) + _shape_errors(settings) + _operations_errors(settings)
    if settings.get("elasticache_auth_token"):
        errors.append(
            "elasticache_auth_token must not be set: the AUTH token is generated into Secrets Manager "
            "(webstack_elasticache.auth_secret_arn); rotate it with elasticache_auth_token_rotation=rotate, then set"
        )
    if settings.get("elasticache_auth_token_rotation") not in ROTATIONS:
        errors.append(f"elasticache_auth_token_rotation must be one of {', '.join(ROTATIONS)}, not {settings.get('elasticache_auth_token_rotation')!r}")
    return errors


def _engine_errors(settings: Dict[str, Any]) -> List[str]:
    engine = settings.get("elasticache_engine")
    if engine not in FAMILIES:
        return [f"elasticache_engine must be one of {', '.join(FAMILIES)}, not {engine!r}"]
    version = str(settings.get("elasticache_engine_version", ""))
    if version not in FAMILIES[engine]:
        return [f"elasticache_engine_version {version!r} is not a {engine} version ElastiCache offers ({', '.join(FAMILIES[engine])})"]
    return []


def _shape_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    node_type = str(settings.get("elasticache_node_type", ""))
    if not NODE_TYPE.match(node_type):
        errors.append(f"elasticache_node_type {node_type!r} is not a cache node type (cache.<family>.<size>, e.g. cache.t4g.small or cache.r7g.large)")
    errors += _range(settings, "elasticache_num_node_groups", 1, 500)
    errors += _range(settings, "elasticache_replicas_per_node_group", 0, 5)
    replicas = _whole(settings.get("elasticache_replicas_per_node_group"))
    environment = settings.get("webstack_environment")
    if environment in GUARDED:
        if not settings.get("elasticache_multi_az"):
            errors.append(f"elasticache_multi_az must be true in {environment}: a cache without a standby in another AZ is lost with it")
        if replicas == 0:
            errors.append(f"elasticache_replicas_per_node_group must be at least 1 in {environment} (Multi-AZ fails over to a replica)")
    elif settings.get("elasticache_multi_az") and replicas == 0:
        errors.append("elasticache_multi_az needs elasticache_replicas_per_node_group of at least 1 (a replica to fail over to)")
    errors += _range(settings, "elasticache_port", 1024, 65535)
    return errors


def _operations_errors(settings: Dict[str, Any]) -> List[str]:
    errors = _range(settings, "elasticache_snapshot_retention_days", 0, 35)
    if settings.get("webstack_environment") == "prod" and _whole(settings.get("elasticache_snapshot_retention_days")) == 0:
        errors.append("elasticache_snapshot_retention_days must be at least 1 in prod (0 keeps no daily snapshot)")
    if not DAILY_WINDOW.match(str(settings.get("elasticache_snapshot_window", ""))):
        errors.append(f"elasticache_snapshot_window must be hh:mm-hh:mm in UTC, not {settings.get('elasticache_snapshot_window')!r}")
    if not WEEKLY_WINDOW.match(str(settings.get("elasticache_maintenance_window", ""))):
        errors.append(
            "elasticache_maintenance_window must be ddd:hh:mm-ddd:hh:mm in UTC (e.g. sun:05:00-sun:06:00), "
            f"not {settings.get('elasticache_maintenance_window')!r}"
        )
    if not KMS_KEY.match(str(settings.get("elasticache_kms_key", ""))):
        errors.append(f"elasticache_kms_key must be a key ARN or alias/<name>, not {settings.get('elasticache_kms_key')!r}")
    parameters = settings.get("elasticache_parameters")
    if not isinstance(parameters, dict) or any(isinstance(value, (dict, list)) or value is None for value in parameters.values()):
        errors.append("elasticache_parameters must map parameter names to plain values (e.g. {maxmemory-policy: allkeys-lru})")
    errors += _range(settings, "elasticache_log_retention_days", 1, 3653)
    return errors


def elasticache_parameter_family(engine: str, version: Any) -> str:
    """The parameter group family of an engine version: redis7, valkey8."""
    return FAMILIES.get(engine, {}).get(str(version), "")


class FilterModule:
    def filters(self) -> Dict[str, Any]:
        return {
            "elasticache_errors": elasticache_errors,
            "elasticache_parameter_family": elasticache_parameter_family,
        }
