# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rds role's input checks and the settings it derives from them.

errors:     "{{ settings | webstack.aws.rds_errors }}"
family:     "{{ rds_engine | webstack.aws.rds_parameter_family(rds_engine_version) }}"
parameters: "{{ defaults | webstack.aws.rds_parameter_list(rds_parameters) }}"
"""

from __future__ import annotations

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

# Major versions RDS offers today, per engine (DescribeDBEngineVersions, 2026).
MAJORS = {
    "postgres": (13, 14, 15, 16, 17),
    "aurora-postgresql": (13, 14, 15, 16, 17),
}
VERSION = re.compile(r"^(\d+)(\.\d+)?$")
# DB instance classes: db.<family>.<size>; Aurora also has db.serverless and no micro/small sizes.
INSTANCE_CLASS = re.compile(
    r"^db\.(t3|t4g|m5|m5d|m6g|m6gd|m6i|m6id|m7g|m7i|r5|r5b|r6g|r6gd|r6i|r6id|r7g|r7i|x2g)\.(micro|small|medium|large|xlarge|\d{1,2}xlarge)$"
)
AURORA_TOO_SMALL = re.compile(r"\.(micro|small)$")
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
DAILY_WINDOW = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")
WEEKLY_WINDOW = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$")
KMS_KEY = re.compile(r"^$|^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+$|^alias/[A-Za-z0-9/_-]+$")
MONITORING_INTERVALS = (0, 1, 5, 10, 15, 30, 60)
LOG_EXPORTS = ("postgresql", "upgrade", "iam-db-auth-error")
PROXY_IAM_AUTH = ("DISABLED", "REQUIRED", "ENABLED")
# Environments that must survive the loss of an AZ and keep point-in-time recovery.
GUARDED = {"prod": 7, "stage": 1}


def _whole(value: Any) -> Optional[int]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _number(value: Any) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _range(settings: Dict[str, Any], name: str, low: int, high: int) -> List[str]:
    value = _whole(settings.get(name))
    if value is None or not low <= value <= high:
        return [f"{name} must be a whole number from {low} to {high}, not {settings.get(name)!r}"]
    return []


def rds_errors(settings: Dict[str, Any]) -> List[str]:
    """Every problem with the role's inputs, each naming its variable and what is allowed."""
    errors = _secret_errors(settings) + _engine_errors(settings) + _storage_errors(settings)
    errors += _protection_errors(settings) + _operations_errors(settings) + _name_errors(settings)
    if settings.get("rds_engine") == "aurora-postgresql":
        errors += _aurora_errors(settings)
    if settings.get("rds_proxy_enabled"):
        errors += _proxy_errors(settings)
    return errors


def _secret_errors(settings: Dict[str, Any]) -> List[str]:
    given = [name for name in ("rds_master_password", "rds_password") if settings.get(name)]
    return [
        f"{name} must not be set: the master password is generated and kept by RDS in Secrets Manager "
        "(ManageMasterUserPassword); remove it from your variables and read the secret named in webstack_rds.master_secret_arn"
        for name in given
    ]


def _engine_errors(settings: Dict[str, Any]) -> List[str]:
    engine = settings.get("rds_engine")
    if engine not in MAJORS:
        return [f"rds_engine must be one of {', '.join(MAJORS)}, not {engine!r}"]
    errors = []
    version = str(settings.get("rds_engine_version", ""))
    match = VERSION.match(version)
    if not match or int(match.group(1)) not in MAJORS[engine]:
        majors = ", ".join(str(major) for major in MAJORS[engine])
        errors.append(f"rds_engine_version {version!r} is not a {engine} version RDS offers (major versions {majors}, e.g. '16.6')")
    instance_class = str(settings.get("rds_instance_class", ""))
    serverless = engine == "aurora-postgresql" and settings.get("rds_aurora_serverless")
    if not serverless and not INSTANCE_CLASS.match(instance_class):
        errors.append(f"rds_instance_class {instance_class!r} is not a DB instance class (db.<family>.<size>, e.g. db.t4g.medium or db.r6g.large)")
    elif engine == "aurora-postgresql" and not serverless and AURORA_TOO_SMALL.search(instance_class):
        errors.append(f"rds_instance_class {instance_class!r} is too small for Aurora PostgreSQL (db.t4g.medium or larger, or rds_aurora_serverless)")
    return errors


def _storage_errors(settings: Dict[str, Any]) -> List[str]:
    if settings.get("rds_engine") == "aurora-postgresql":
        return []
    errors = _range(settings, "rds_allocated_storage", 20, 65536)
    allocated = _whole(settings.get("rds_allocated_storage")) or 0
    ceiling = _whole(settings.get("rds_max_allocated_storage"))
    if ceiling is None or (ceiling != 0 and not allocated < ceiling <= 65536):
        errors.append(
            f"rds_max_allocated_storage must be 0 (no storage autoscaling) or more than rds_allocated_storage ({allocated}) "
            f"and at most 65536, not {settings.get('rds_max_allocated_storage')!r}"
        )
    return errors


def _protection_errors(settings: Dict[str, Any]) -> List[str]:
    errors = _range(settings, "rds_backup_retention_days", 0, 35)
    environment = settings.get("webstack_environment")
    least = GUARDED.get(environment)
    if least is None:
        return errors
    if settings.get("rds_engine") == "postgres" and not settings.get("rds_multi_az"):
        errors.append(f"rds_multi_az must be true in {environment}: a single-AZ database stops with its Availability Zone")
    retention = _whole(settings.get("rds_backup_retention_days"))
    if retention is not None and retention < least:
        errors.append(f"rds_backup_retention_days must be at least {least} in {environment} (0 turns off point-in-time recovery), not {retention}")
    return errors


def _operations_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    if settings.get("rds_monitoring_interval") not in MONITORING_INTERVALS:
        errors.append(f"rds_monitoring_interval must be one of {MONITORING_INTERVALS} seconds, not {settings.get('rds_monitoring_interval')!r}")
    days = _whole(settings.get("rds_performance_insights_retention_days"))
    if days is None or not (days in (7, 731) or (days % 31 == 0 and 31 <= days <= 713)):
        errors.append("rds_performance_insights_retention_days must be 7, a multiple of 31 up to 713, or 731")
    exports = settings.get("rds_log_exports")
    if not isinstance(exports, list) or any(export not in LOG_EXPORTS for export in exports):
        errors.append(f"rds_log_exports must be a list of {', '.join(LOG_EXPORTS)}, not {exports!r}")
    if not DAILY_WINDOW.match(str(settings.get("rds_backup_window", ""))):
        errors.append(f"rds_backup_window must be hh:mm-hh:mm in UTC, not {settings.get('rds_backup_window')!r}")
    if not WEEKLY_WINDOW.match(str(settings.get("rds_maintenance_window", ""))):
        errors.append(f"rds_maintenance_window must be ddd:hh:mm-ddd:hh:mm in UTC (e.g. sun:04:30-sun:05:30), not {settings.get('rds_maintenance_window')!r}")
    if not KMS_KEY.match(str(settings.get("rds_kms_key", ""))):
        errors.append(f"rds_kms_key must be a key ARN or alias/<name>, not {settings.get('rds_kms_key')!r}")
    parameters = settings.get("rds_parameters")
    if not isinstance(parameters, dict) or any(isinstance(value, (dict, list)) or value is None for value in parameters.values()):
        errors.append("rds_parameters must map parameter names to plain values (e.g. {work_mem: 8192})")
    return errors


def _name_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    for name in ("rds_db_name", "rds_master_username"):
        if not IDENTIFIER.match(str(settings.get(name, ""))):
            errors.append(f"{name} must start with a letter and hold up to 63 letters, digits or underscores, not {settings.get(name)!r}")
    if str(settings.get("rds_master_username", "")).lower() in ("rdsadmin", "rdsproxyadmin"):
        errors.append(f"rds_master_username {settings.get('rds_master_username')!r} is reserved by RDS")
    errors += _range(settings, "rds_port", 1150, 65535)
    return errors


def _aurora_errors(settings: Dict[str, Any]) -> List[str]:
    errors = _range(settings, "rds_aurora_instances", 1, 16)
    if settings.get("rds_iam_auth"):
        errors.append("rds_iam_auth is not available with aurora-postgresql yet: amazon.aws rds_cluster fails on it (KeyError EnableIAMDatabaseAuthentication)")
    if settings.get("webstack_environment") in GUARDED and (_whole(settings.get("rds_aurora_instances")) or 0) < 2:
        errors.append(f"rds_aurora_instances must be at least 2 in {settings.get('webstack_environment')} (a writer and a reader in another AZ)")
    if not settings.get("rds_aurora_serverless"):
        return errors
    low = _number(settings.get("rds_aurora_min_capacity"))
    high = _number(settings.get("rds_aurora_max_capacity"))
    if low is None or not 0 <= low <= 256 or low * 2 != int(low * 2):
        errors.append(f"rds_aurora_min_capacity must be 0 to 256 ACUs in steps of 0.5, not {settings.get('rds_aurora_min_capacity')!r}")
    if high is None or not 1 <= high <= 256 or high * 2 != int(high * 2) or (low is not None and high < low):
        errors.append(
            "rds_aurora_max_capacity must be 1 to 256 ACUs in steps of 0.5 and at least rds_aurora_min_capacity, "
            f"not {settings.get('rds_aurora_max_capacity')!r}"
        )
    if low == 0 and settings.get("webstack_environment") == "prod":
        errors.append("rds_aurora_min_capacity must be at least 0.5 in prod: at 0 ACUs Aurora pauses, and a paused database takes seconds to answer")
    return errors


def _proxy_errors(settings: Dict[str, Any]) -> List[str]:
    errors = _range(settings, "rds_proxy_max_connections_percent", 1, 100)
    errors += _range(settings, "rds_proxy_max_idle_connections_percent", 0, 100)
    errors += _range(settings, "rds_proxy_idle_client_timeout", 1, 28800)
    errors += _range(settings, "rds_proxy_connection_borrow_timeout", 1, 3600)
    idle = _whole(settings.get("rds_proxy_max_idle_connections_percent"))
    most = _whole(settings.get("rds_proxy_max_connections_percent"))
    if idle is not None and most is not None and idle > most:
        errors.append("rds_proxy_max_idle_connections_percent must not exceed rds_proxy_max_connections_percent")
    if settings.get("rds_proxy_iam_auth") not in PROXY_IAM_AUTH:
        errors.append(f"rds_proxy_iam_auth must be one of {', '.join(PROXY_IAM_AUTH)}, not {settings.get('rds_proxy_iam_auth')!r}")
    return errors


def rds_parameter_family(engine: str, version: Any) -> str:
    """The parameter group family of an engine version: postgres16, aurora-postgresql16."""
    return f"{engine}{str(version).split('.', maxsplit=1)[0]}"


def rds_parameter_list(defaults: Dict[str, Any], overrides: Dict[str, Any]) -> Dict[str, str]:
    """The role's parameters with the user's on top, values as the strings RDS stores."""
    merged = dict(defaults)
    merged.update(overrides or {})
    return {name: ("1" if value else "0") if isinstance(value, bool) else str(value) for name, value in merged.items()}


class FilterModule:
    def filters(self) -> Dict[str, Any]:
        return {
            "rds_errors": rds_errors,
            "rds_parameter_family": rds_parameter_family,
            "rds_parameter_list": rds_parameter_list,
        }
