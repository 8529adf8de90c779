"""The rds role's input checks: every bad input is named, good input passes."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.filter.rds import rds_errors
from ansible_collections.webstack.aws.plugins.filter.rds import rds_parameter_family
from ansible_collections.webstack.aws.plugins.filter.rds import rds_parameter_list

GOOD: dict[str, Any] = {
    "webstack_environment": "prod",
    "rds_engine": "postgres",
    "rds_engine_version": "16.6",
    "rds_instance_class": "db.r6g.large",
    "rds_multi_az": True,
    "rds_allocated_storage": 100,
    "rds_max_allocated_storage": 1000,
    "rds_port": 5432,
    "rds_db_name": "app",
    "rds_master_username": "webstack",
    "rds_kms_key": "",
    "rds_backup_retention_days": 14,
    "rds_backup_window": "03:00-03:30",
    "rds_maintenance_window": "sun:04:00-sun:05:00",
    "rds_performance_insights_retention_days": 31,
    "rds_monitoring_interval": 60,
    "rds_log_exports": ["postgresql", "upgrade"],
    "rds_parameters": {"work_mem": 8192},
    "rds_aurora_instances": 2,
    "rds_aurora_serverless": False,
    "rds_aurora_min_capacity": 0.5,
    "rds_aurora_max_capacity": 4,
    "rds_proxy_enabled": True,
    "rds_proxy_max_connections_percent": 90,
    "rds_proxy_max_idle_connections_percent": 50,
    "rds_proxy_idle_client_timeout": 1800,
    "rds_proxy_connection_borrow_timeout": 120,
    "rds_proxy_iam_auth": "DISABLED",
}


def test_good_settings_pass() -> None:
    assert rds_errors(GOOD) == []


def test_aurora_serverless_in_dev_may_pause() -> None:
    settings = {**GOOD, "webstack_environment": "dev", "rds_engine": "aurora-postgresql", "rds_aurora_serverless": True}
    assert rds_errors({**settings, "rds_aurora_min_capacity": 0, "rds_aurora_instances": 1}) == []


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"rds_master_password": "hunter2hunter2"}, "rds_master_password must not be set"),
        ({"rds_engine": "mysql"}, "rds_engine must be one of"),
        ({"rds_engine_version": "9.6"}, "rds_engine_version '9.6' is not a postgres version"),
        ({"rds_engine_version": "latest"}, "rds_engine_version 'latest'"),
        ({"rds_instance_class": "db.huge.large"}, "rds_instance_class 'db.huge.large'"),
        ({"rds_instance_class": "t4g.medium"}, "rds_instance_class 't4g.medium'"),
        ({"rds_multi_az": False}, "rds_multi_az must be true in prod"),
        ({"rds_backup_retention_days": 0}, "rds_backup_retention_days must be at least 7 in prod"),
        ({"rds_backup_retention_days": 36}, "rds_backup_retention_days must be a whole number from 0 to 35"),
        ({"rds_allocated_storage": 10}, "rds_allocated_storage must be a whole number from 20"),
        ({"rds_max_allocated_storage": 50}, "rds_max_allocated_storage must be 0"),
        ({"rds_monitoring_interval": 7}, "rds_monitoring_interval must be one of"),
        ({"rds_performance_insights_retention_days": 30}, "rds_performance_insights_retention_days must be 7"),
        ({"rds_log_exports": ["slowquery"]}, "rds_log_exports must be a list of"),
        ({"rds_backup_window": "3-4"}, "rds_backup_window must be hh:mm-hh:mm"),
        ({"rds_maintenance_window": "sunday"}, "rds_maintenance_window must be ddd:hh:mm-ddd:hh:mm"),
        ({"rds_kms_key": "my-key"}, "rds_kms_key must be a key ARN or alias"),
        ({"rds_parameters": {"work_mem": None}}, "rds_parameters must map"),
        ({"rds_db_name": "1app"}, "rds_db_name must start with a letter"),
        ({"rds_master_username": "rdsadmin"}, "rds_master_username 'rdsadmin' is reserved"),
        ({"rds_port": 80}, "rds_port must be a whole number from 1150"),
        ({"rds_proxy_max_connections_percent": 0}, "rds_proxy_max_connections_percent must be a whole number from 1 to 100"),
        ({"rds_proxy_max_idle_connections_percent": 95}, "rds_proxy_max_idle_connections_percent must not exceed"),
        ({"rds_proxy_idle_client_timeout": 30000}, "rds_proxy_idle_client_timeout must be a whole number from 1 to 28800"),
        ({"rds_proxy_iam_auth": "ON"}, "rds_proxy_iam_auth must be one of"),
    ],
)
def test_each_bad_input_is_named(change: dict[str, Any], named: str) -> None:
    errors = rds_errors({**GOOD, **change})
    assert any(named in error for error in errors), errors


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"rds_instance_class": "db.t4g.micro"}, "too small for Aurora"),
        ({"rds_aurora_instances": 1}, "rds_aurora_instances must be at least 2 in prod"),
        ({"rds_aurora_serverless": True, "rds_aurora_min_capacity": 0}, "rds_aurora_min_capacity must be at least 0.5 in prod"),
        ({"rds_aurora_serverless": True, "rds_aurora_min_capacity": 0.3}, "steps of 0.5"),
        ({"rds_aurora_serverless": True, "rds_aurora_max_capacity": 0.25}, "rds_aurora_max_capacity must be 1 to 256"),
    ],
)
def test_aurora_inputs_are_checked(change: dict[str, Any], named: str) -> None:
    errors = rds_errors({**GOOD, "rds_engine": "aurora-postgresql", **change})
    assert any(named in error for error in errors), errors


def test_a_single_az_database_is_allowed_outside_stage_and_prod() -> None:
    assert rds_errors({**GOOD, "webstack_environment": "dev", "rds_multi_az": False, "rds_backup_retention_days": 0}) == []


def test_parameter_family_and_values() -> None:
    assert rds_parameter_family("postgres", "16.6") == "postgres16"
    assert rds_parameter_family("aurora-postgresql", 15) == "aurora-postgresql15"
    assert rds_parameter_list({"rds.force_ssl": 1, "log_connections": True}, {"rds.force_ssl": 0}) == {"rds.force_ssl": "0", "log_connections": "1"}


def test_iam_auth_is_refused_with_aurora_until_the_stock_module_handles_it() -> None:
    errors = rds_errors({**GOOD, "rds_engine": "aurora-postgresql", "rds_iam_auth": True})
    assert any(error.startswith("rds_iam_auth is not available with aurora-postgresql") for error in errors), errors
