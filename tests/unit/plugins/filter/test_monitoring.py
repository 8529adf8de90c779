"""The monitoring role's input checks, alarms, dashboard and log retention (plugins/filter/monitoring.py)."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
import yaml
from ansible_collections.amazon.aws.plugins.modules import cloudwatch_metric_alarm
from ansible_collections.webstack.aws.plugins.filter import monitoring

ACCOUNT = "123456789012"
REGION = "eu-west-1"
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:demo-local-alarms"
GLOBAL_TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:demo-local-alarms"
GIB = 1024**3

ALB = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/demo-local/50dc6c495c0c9188"
ALB_2 = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/demo-local-admin/6d0ecf831eec9f09"
NLB = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/net/demo-local-nlb/1a2b3c4d5e6f7a8b"
TARGET_GROUP = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/demo-local-web/73e2d6bc24d8a067"
NLB_TARGET_GROUP = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/demo-local-tcp/0a1b2c3d4e5f6a7b"
LISTENER = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener/app/demo-local/50dc6c495c0c9188/f2f7dc8efc522ab2"
ECS_SERVICE = f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/demo-local/demo-local-web"
ECS_OLD_SERVICE = f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/demo-local-legacy"
ECS_CLUSTER = f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/demo-local"
DB = f"arn:aws:rds:{REGION}:{ACCOUNT}:db:demo-local"
DB_CLUSTER = f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:demo-local-aurora"
DB_SUBNET_GROUP = f"arn:aws:rds:{REGION}:{ACCOUNT}:subgrp:demo-local"
CACHE = f"arn:aws:elasticache:{REGION}:{ACCOUNT}:cluster:demo-local-001"
REPLICATION_GROUP = f"arn:aws:elasticache:{REGION}:{ACCOUNT}:replicationgroup:demo-local"
QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:demo-local-jobs"
DISTRIBUTION = f"arn:aws:cloudfront::{ACCOUNT}:distribution/E2QWRUHAPOMQZL"
REGIONAL_ACL = f"arn:aws:wafv2:{REGION}:{ACCOUNT}:regional/webacl/demo-local/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
GLOBAL_ACL = f"arn:aws:wafv2:us-east-1:{ACCOUNT}:global/webacl/demo-local-cdn/a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"
IP_SET = f"arn:aws:wafv2:{REGION}:{ACCOUNT}:regional/ipset/demo-local/a1b2c3d4-5678-90ab-cdef-EXAMPLE33333"
LOG_GROUP = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/web"
BUCKET = "arn:aws:s3:::demo-local-assets"
INSTANCE = f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0123456789abcdef0"

TAGS = {"webstack:stack": "demo", "webstack:environment": "local", "ManagedBy": "ansible"}


def tagged(*arns: str) -> list[dict[str, Any]]:
    return [{"resource_arn": arn, "tags": dict(TAGS)} for arn in arns]


EVERYTHING = tagged(
    ALB,
    NLB,
    TARGET_GROUP,
    NLB_TARGET_GROUP,
    LISTENER,
    ECS_SERVICE,
    ECS_OLD_SERVICE,
    ECS_CLUSTER,
    DB,
    DB_CLUSTER,
    DB_SUBNET_GROUP,
    CACHE,
    REPLICATION_GROUP,
    QUEUE,
    DISTRIBUTION,
    REGIONAL_ACL,
    GLOBAL_ACL,
    IP_SET,
    LOG_GROUP,
    BUCKET,
    INSTANCE,
)

TARGET_GROUPS = [
    {"target_group_arn": TARGET_GROUP, "load_balancer_arns": [ALB]},
    {"target_group_arn": NLB_TARGET_GROUP, "load_balancer_arns": [NLB]},
]


def alarm_settings(**changes: Any) -> dict[str, Any]:
    return {
        "name": "demo-local",
        "region": REGION,
        "thresholds": monitoring.monitoring_thresholds({}),
        "evaluation_minutes": 5,
        "topic_arns": {REGION: TOPIC},
        "target_groups": TARGET_GROUPS,
        **changes,
    }


def alarms_of(*arns: str, **changes: Any) -> dict[str, dict[str, Any]]:
    return {alarm["name"]: alarm for alarm in monitoring.monitoring_alarms(tagged(*arns), alarm_settings(**changes))}


# ----------------------------------------------------------------------------------------------------------------- errors

SETTINGS: dict[str, Any] = {
    "monitoring_alarm_emails": ["platform-team@example.com"],
    "monitoring_alarm_https_endpoints": ["https://hooks.example.com/alarms?team=platform"],
    "monitoring_thresholds": {"rds_cpu_percent": 90, "alb_p95_latency_seconds": 0.8},
    "monitoring_log_retention_days": 30,
    "monitoring_dashboard_enabled": True,
    "monitoring_evaluation_minutes": 5,
}


def errors_with(**changes: Any) -> list[str]:
    return monitoring.monitoring_errors({**SETTINGS, **changes})


def test_sound_settings_pass() -> None:
    assert monitoring.monitoring_errors(SETTINGS) == []
    assert errors_with(monitoring_alarm_emails=[], monitoring_alarm_https_endpoints=[], monitoring_thresholds={}) == []
    assert errors_with(monitoring_evaluation_minutes=60, monitoring_log_retention_days=3653, monitoring_dashboard_enabled=False) == []


def test_evaluation_minutes_default_to_five() -> None:
    settings = {key: value for key, value in SETTINGS.items() if key != "monitoring_evaluation_minutes"}
    assert monitoring.monitoring_errors(settings) == []


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"monitoring_alarm_emails": "platform-team@example.com"}, "monitoring_alarm_emails"),
        ({"monitoring_alarm_emails": ["platform-team"]}, "monitoring_alarm_emails"),
        ({"monitoring_alarm_emails": [None]}, "monitoring_alarm_emails"),
        ({"monitoring_alarm_https_endpoints": "https://hooks.example.com"}, "monitoring_alarm_https_endpoints"),
        ({"monitoring_alarm_https_endpoints": ["http://hooks.example.com/alarms"]}, "monitoring_alarm_https_endpoints"),
        ({"monitoring_alarm_https_endpoints": ["https://"]}, "monitoring_alarm_https_endpoints"),
        ({"monitoring_alarm_https_endpoints": ["https://hooks.example.com/a b"]}, "monitoring_alarm_https_endpoints"),
        ({"monitoring_alarm_https_endpoints": ["hooks.example.com"]}, "monitoring_alarm_https_endpoints"),
        ({"monitoring_thresholds": ["rds_cpu_percent"]}, "monitoring_thresholds"),
        ({"monitoring_thresholds": {"rds_cpu": 90}}, "monitoring_thresholds"),
        ({"monitoring_thresholds": {"alb_5xx_percent": 0}}, "monitoring_thresholds.alb_5xx_percent"),
        ({"monitoring_thresholds": {"ecs_cpu_percent": 100.5}}, "monitoring_thresholds.ecs_cpu_percent"),
        ({"monitoring_thresholds": {"rds_cpu_percent": True}}, "monitoring_thresholds.rds_cpu_percent"),
        ({"monitoring_thresholds": {"rds_cpu_percent": "90"}}, "monitoring_thresholds.rds_cpu_percent"),
        ({"monitoring_thresholds": {"rds_cpu_percent": float("nan")}}, "monitoring_thresholds.rds_cpu_percent"),
        ({"monitoring_thresholds": {"alb_p95_latency_seconds": 0}}, "monitoring_thresholds.alb_p95_latency_seconds"),
        ({"monitoring_thresholds": {"sqs_oldest_message_seconds": -60}}, "monitoring_thresholds.sqs_oldest_message_seconds"),
        ({"monitoring_thresholds": {"alb_unhealthy_hosts": -1}}, "monitoring_thresholds.alb_unhealthy_hosts"),
        ({"monitoring_thresholds": {"ecs_tasks_below_desired": -0.5}}, "monitoring_thresholds.ecs_tasks_below_desired"),
        ({"monitoring_thresholds": {"rds_free_storage_gib": 0}}, "monitoring_thresholds.rds_free_storage_gib"),
        ({"monitoring_thresholds": {"rds_connections": 0}}, "monitoring_thresholds.rds_connections"),
        ({"monitoring_thresholds": {"redis_evictions": -1}}, "monitoring_thresholds.redis_evictions"),
        ({"monitoring_thresholds": {"sqs_visible_messages": None}}, "monitoring_thresholds.sqs_visible_messages"),
        ({"monitoring_thresholds": {"waf_blocked_requests": -1}}, "monitoring_thresholds.waf_blocked_requests"),
        ({"monitoring_log_retention_days": 2}, "monitoring_log_retention_days"),
        ({"monitoring_log_retention_days": "30"}, "monitoring_log_retention_days"),
        ({"monitoring_log_retention_days": 0}, "monitoring_log_retention_days"),
        ({"monitoring_dashboard_enabled": "yes"}, "monitoring_dashboard_enabled"),
        ({"monitoring_evaluation_minutes": 0}, "monitoring_evaluation_minutes"),
        ({"monitoring_evaluation_minutes": 61}, "monitoring_evaluation_minutes"),
        ({"monitoring_evaluation_minutes": 2.5}, "monitoring_evaluation_minutes"),
        ({"monitoring_evaluation_minutes": True}, "monitoring_evaluation_minutes"),
    ],
)
def test_each_bad_input_is_named(changes: dict[str, Any], named: str) -> None:
    found = errors_with(**changes)
    assert len(found) == 1, found
    assert found[0].startswith(named)


def test_an_unknown_threshold_lists_the_known_ones() -> None:
    [error] = errors_with(monitoring_thresholds={"rds_cpu": 90})
    assert "'rds_cpu'" in error
    assert all(key in error for key in monitoring.THRESHOLDS)


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [
        ("alb_5xx_percent", 0, "above 0 and at most 100"),
        ("alb_p95_latency_seconds", 0, "above 0"),
        ("alb_unhealthy_hosts", -1, "0 or more"),
        ("rds_connections", 0, "1 or more"),
    ],
)
def test_a_bad_threshold_says_what_is_allowed(key: str, value: Any, allowed: str) -> None:
    [error] = errors_with(monitoring_thresholds={key: value})
    assert allowed in error


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("alb_5xx_percent", 100),
        ("alb_5xx_percent", 0.1),
        ("alb_p95_latency_seconds", 0.05),
        ("alb_unhealthy_hosts", 0),
        ("ecs_tasks_below_desired", 0),
        ("rds_connections", 1),
        ("redis_evictions", 0),
        ("sqs_visible_messages", 0),
        ("waf_blocked_requests", 0),
    ],
)
def test_thresholds_at_the_edge_of_their_range_pass(key: str, value: Any) -> None:
    assert errors_with(monitoring_thresholds={key: value}) == []


def test_every_problem_is_reported_at_once() -> None:
    found = errors_with(
        monitoring_alarm_emails=["nobody"],
        monitoring_thresholds={"nope": 1, "rds_cpu_percent": 0},
        monitoring_log_retention_days=2,
        monitoring_evaluation_minutes=0,
    )
    assert len(found) == 5


def test_thresholds_are_the_defaults_with_the_overrides() -> None:
    assert monitoring.monitoring_thresholds({}) == monitoring.THRESHOLDS
    assert monitoring.monitoring_thresholds(None) == monitoring.THRESHOLDS
    merged = monitoring.monitoring_thresholds({"rds_cpu_percent": 90})
    assert merged["rds_cpu_percent"] == 90
    assert merged["alb_5xx_percent"] == 5
    assert monitoring.THRESHOLDS["rds_cpu_percent"] == 80


def test_the_documented_defaults() -> None:
    assert monitoring.THRESHOLDS == {
        "alb_5xx_percent": 5,
        "alb_p95_latency_seconds": 1.5,
        "alb_unhealthy_hosts": 0,
        "ecs_cpu_percent": 80,
        "ecs_memory_percent": 80,
        "ecs_tasks_below_desired": 0,
        "rds_cpu_percent": 80,
        "rds_free_storage_gib": 10,
        "rds_connections": 500,
        "rds_replica_lag_seconds": 60,
        "redis_cpu_percent": 75,
        "redis_memory_percent": 80,
        "redis_evictions": 100,
        "redis_replication_lag_seconds": 30,
        "sqs_visible_messages": 100,
        "sqs_oldest_message_seconds": 900,
        "cloudfront_5xx_percent": 5,
        "waf_blocked_requests": 1000,
    }
    assert monitoring.monitoring_errors({**SETTINGS, "monitoring_thresholds": dict(monitoring.THRESHOLDS)}) == []


# ------------------------------------------------------------------------------------------------------------------ tiers


def test_tiers_name_the_resources_present() -> None:
    assert monitoring.monitoring_tiers(EVERYTHING) == {
        "cdn": ["E2QWRUHAPOMQZL"],
        "waf": ["demo-local", "demo-local-cdn"],
        "alb": ["demo-local"],
        "target_group": ["demo-local-tcp", "demo-local-web"],
        "ecs": ["demo-local/demo-local-web"],
        "rds": ["demo-local", "demo-local-aurora"],
        "cache": ["demo-local-001"],
        "queue": ["demo-local-jobs"],
    }


def test_tiers_of_an_empty_or_unknown_stack() -> None:
    assert monitoring.monitoring_tiers([]) == {}
    assert monitoring.monitoring_tiers(tagged(BUCKET, INSTANCE, NLB, REPLICATION_GROUP, LOG_GROUP, "not-an-arn")) == {}


# ----------------------------------------------------------------------------------------------------------------- alarms


def test_the_seed_rds_cpu_alarm_is_above_80_percent_for_5_minutes() -> None:
    alarm = alarms_of(DB)["demo-local-rds-demo-local-cpu"]
    assert alarm == {
        "name": "demo-local-rds-demo-local-cpu",
        "description": "RDS instance demo-local: CPU utilization above 80 % for 5 minutes",
        "comparison": "GreaterThanThreshold",
        "threshold": 80.0,
        "evaluation_periods": 5,
        "datapoints_to_alarm": 5,
        "treat_missing_data": "missing",
        "alarm_actions": [TOPIC],
        "ok_actions": [TOPIC],
        "region": REGION,
        "tier": "rds",
        "availability": False,
        "namespace": "AWS/RDS",
        "metric_name": "CPUUtilization",
        "dimensions": {"DBInstanceIdentifier": "demo-local"},
        "period": 60,
        "statistic": "Average",
    }


def test_the_seed_sqs_alarm_is_above_100_visible_messages_for_10_minutes() -> None:
    alarm = alarms_of(QUEUE)["demo-local-queue-demo-local-jobs-visible-messages"]
    assert alarm == {
        "name": "demo-local-queue-demo-local-jobs-visible-messages",
        "description": "SQS queue demo-local-jobs: visible messages above 100 messages for 10 minutes",
        "comparison": "GreaterThanThreshold",
        "threshold": 100.0,
        "evaluation_periods": 10,
        "datapoints_to_alarm": 10,
        "treat_missing_data": "missing",
        "alarm_actions": [TOPIC],
        "ok_actions": [TOPIC],
        "region": REGION,
        "tier": "queue",
        "availability": False,
        "namespace": "AWS/SQS",
        "metric_name": "ApproximateNumberOfMessagesVisible",
        "dimensions": {"QueueName": "demo-local-jobs"},
        "period": 60,
        "statistic": "Maximum",
    }


def test_sqs_backlog_stays_10_minutes_whatever_the_evaluation_minutes() -> None:
    alarms = alarms_of(QUEUE, evaluation_minutes=3)
    visible = alarms["demo-local-queue-demo-local-jobs-visible-messages"]
    oldest = alarms["demo-local-queue-demo-local-jobs-oldest-message"]
    assert (visible["period"], visible["evaluation_periods"], visible["datapoints_to_alarm"]) == (60, 10, 10)
    assert (oldest["metric_name"], oldest["statistic"], oldest["threshold"]) == ("ApproximateAgeOfOldestMessage", "Maximum", 900.0)
    assert (oldest["period"], oldest["evaluation_periods"], oldest["datapoints_to_alarm"]) == (60, 3, 3)


def metric(metric_id: str, namespace: str, name: str, dimensions: dict[str, str], stat: str) -> dict[str, Any]:
    return {
        "id": metric_id,
        "metric_stat": {
            "metric": {"namespace": namespace, "metric_name": name, "dimensions": [{"name": key, "value": value} for key, value in dimensions.items()]},
            "period": 60,
            "stat": stat,
        },
        "return_data": False,
    }


def without_labels(metrics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in item.items() if key != "label"} for item in metrics]


def test_alb_5xx_rate_is_metric_math_over_both_5xx_counts_and_the_requests() -> None:
    alarms = alarms_of(ALB)
    assert sorted(alarms) == ["demo-local-alb-demo-local-5xx-rate", "demo-local-alb-demo-local-p95-latency"]
    rate = alarms["demo-local-alb-demo-local-5xx-rate"]
    dims = {"LoadBalancer": "app/demo-local/50dc6c495c0c9188"}
    assert without_labels(rate["metrics"]) == [
        metric("m1", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", dims, "Sum"),
        metric("m2", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", dims, "Sum"),
        metric("m3", "AWS/ApplicationELB", "RequestCount", dims, "Sum"),
        {"id": "e1", "expression": "100*(FILL(m1,0)+FILL(m2,0))/m3", "return_data": True},
    ]
    assert (rate["comparison"], rate["threshold"], rate["evaluation_periods"], rate["datapoints_to_alarm"]) == ("GreaterThanThreshold", 5.0, 5, 5)
    assert rate["treat_missing_data"] == "notBreaching"
    assert rate["availability"] is True
    assert "5 %" in rate["description"]


def test_alb_latency_is_the_p95_extended_statistic() -> None:
    latency = alarms_of(ALB)["demo-local-alb-demo-local-p95-latency"]
    assert latency["namespace"] == "AWS/ApplicationELB"
    assert latency["metric_name"] == "TargetResponseTime"
    assert latency["extended_statistic"] == "p95"
    assert "statistic" not in latency
    assert latency["dimensions"] == {"LoadBalancer": "app/demo-local/50dc6c495c0c9188"}
    assert (latency["threshold"], latency["period"], latency["treat_missing_data"], latency["availability"]) == (1.5, 60, "missing", False)
    assert "1.5 seconds" in latency["description"]


def test_network_load_balancers_and_their_target_groups_have_no_alarms() -> None:
    assert alarms_of(NLB, NLB_TARGET_GROUP, LISTENER) == {}


def test_a_target_group_has_an_unhealthy_hosts_alarm_per_application_load_balancer() -> None:
    groups = [{"target_group_arn": TARGET_GROUP, "load_balancer_arns": [ALB_2, ALB, NLB]}]
    alarms = alarms_of(TARGET_GROUP, target_groups=groups)
    assert sorted(alarms) == [
        "demo-local-target_group-demo-local-web-unhealthy-hosts-demo-local",
        "demo-local-target_group-demo-local-web-unhealthy-hosts-demo-local-admin",
    ]
    alarm = alarms["demo-local-target_group-demo-local-web-unhealthy-hosts-demo-local"]
    assert alarm["namespace"] == "AWS/ApplicationELB"
    assert alarm["metric_name"] == "UnHealthyHostCount"
    assert alarm["statistic"] == "Maximum"
    assert alarm["dimensions"] == {"TargetGroup": "targetgroup/demo-local-web/73e2d6bc24d8a067", "LoadBalancer": "app/demo-local/50dc6c495c0c9188"}
    assert (alarm["comparison"], alarm["threshold"], alarm["tier"], alarm["availability"]) == ("GreaterThanThreshold", 0.0, "target_group", True)


def test_a_target_group_without_a_load_balancer_has_no_alarm() -> None:
    assert alarms_of(TARGET_GROUP, target_groups=[]) == {}
    assert alarms_of(TARGET_GROUP, target_groups=[{"target_group_arn": TARGET_GROUP, "load_balancer_arns": []}]) == {}


def test_a_target_group_counts_only_when_tagged() -> None:
    assert alarms_of(ALB, target_groups=TARGET_GROUPS).keys() == alarms_of(ALB).keys()
    assert not any(name.startswith("demo-local-target_group") for name in alarms_of(ALB))


def test_ecs_service_alarms() -> None:
    alarms = alarms_of(ECS_SERVICE, ECS_OLD_SERVICE, ECS_CLUSTER)
    prefix = "demo-local-ecs-demo-local/demo-local-web-"
    assert sorted(alarms) == [f"{prefix}cpu", f"{prefix}memory", f"{prefix}tasks-below-desired"]
    dims = {"ClusterName": "demo-local", "ServiceName": "demo-local-web"}
    for check, metric_name in (("cpu", "CPUUtilization"), ("memory", "MemoryUtilization")):
        alarm = alarms[prefix + check]
        assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"], alarm["dimensions"]) == ("AWS/ECS", metric_name, "Average", dims)
        assert (alarm["threshold"], alarm["period"], alarm["evaluation_periods"], alarm["availability"]) == (80.0, 60, 5, False)
    tasks = alarms[prefix + "tasks-below-desired"]
    assert without_labels(tasks["metrics"]) == [
        metric("m1", "ECS/ContainerInsights", "DesiredTaskCount", dims, "Average"),
        metric("m2", "ECS/ContainerInsights", "RunningTaskCount", dims, "Average"),
        {"id": "e1", "expression": "m1 - m2", "return_data": True},
    ]
    assert (tasks["comparison"], tasks["threshold"], tasks["treat_missing_data"], tasks["availability"]) == ("GreaterThanThreshold", 0.0, "notBreaching", True)


def test_rds_instance_alarms() -> None:
    alarms = alarms_of(DB, DB_SUBNET_GROUP)
    prefix = "demo-local-rds-demo-local-"
    assert sorted(alarms) == [f"{prefix}connections", f"{prefix}cpu", f"{prefix}free-storage", f"{prefix}replica-lag"]
    storage = alarms[prefix + "free-storage"]
    assert (storage["metric_name"], storage["statistic"], storage["comparison"]) == ("FreeStorageSpace", "Minimum", "LessThanThreshold")
    assert storage["threshold"] == 10.0 * GIB
    assert "below 10 GiB" in storage["description"]
    connections = alarms[prefix + "connections"]
    assert (connections["metric_name"], connections["statistic"], connections["threshold"]) == ("DatabaseConnections", "Maximum", 500.0)
    lag = alarms[prefix + "replica-lag"]
    assert (lag["metric_name"], lag["statistic"], lag["threshold"], lag["treat_missing_data"]) == ("ReplicaLag", "Maximum", 60.0, "notBreaching")
    assert all(alarm["dimensions"] == {"DBInstanceIdentifier": "demo-local"} for alarm in alarms.values())
    assert all(alarm["namespace"] == "AWS/RDS" and alarm["tier"] == "rds" and not alarm["availability"] for alarm in alarms.values())


def test_rds_cluster_alarms_measure_aurora_replica_lag_in_milliseconds() -> None:
    alarms = alarms_of(DB_CLUSTER, thresholds=monitoring.monitoring_thresholds({"rds_replica_lag_seconds": 30}))
    prefix = "demo-local-rds-demo-local-aurora-"
    assert sorted(alarms) == [f"{prefix}cluster-connections", f"{prefix}cluster-cpu", f"{prefix}cluster-replica-lag"]
    assert all(alarm["dimensions"] == {"DBClusterIdentifier": "demo-local-aurora"} for alarm in alarms.values())
    lag = alarms[prefix + "cluster-replica-lag"]
    assert (lag["metric_name"], lag["statistic"], lag["threshold"], lag["treat_missing_data"]) == (
        "AuroraReplicaLagMaximum",
        "Maximum",
        30000.0,
        "notBreaching",
    )
    assert "30 seconds" in lag["description"]
    assert (alarms[prefix + "cluster-cpu"]["metric_name"], alarms[prefix + "cluster-cpu"]["threshold"]) == ("CPUUtilization", 80.0)
    assert alarms[prefix + "cluster-connections"]["metric_name"] == "DatabaseConnections"


def test_a_cluster_and_an_instance_of_the_same_name_do_not_share_alarm_names() -> None:
    cluster = f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:demo-local"
    alarms = monitoring.monitoring_alarms(tagged(DB, cluster), alarm_settings())
    assert len({alarm["name"] for alarm in alarms}) == len(alarms) == 7


def test_elasticache_cluster_alarms_and_none_for_the_replication_group() -> None:
    alarms = alarms_of(CACHE, REPLICATION_GROUP)
    prefix = "demo-local-cache-demo-local-001-"
    assert sorted(alarms) == [f"{prefix}engine-cpu", f"{prefix}evictions", f"{prefix}memory", f"{prefix}replication-lag"]
    assert all(alarm["dimensions"] == {"CacheClusterId": "demo-local-001"} and alarm["namespace"] == "AWS/ElastiCache" for alarm in alarms.values())
    assert (alarms[prefix + "engine-cpu"]["metric_name"], alarms[prefix + "engine-cpu"]["threshold"]) == ("EngineCPUUtilization", 75.0)
    assert (alarms[prefix + "memory"]["metric_name"], alarms[prefix + "memory"]["threshold"]) == ("DatabaseMemoryUsagePercentage", 80.0)
    evictions = alarms[prefix + "evictions"]
    assert (evictions["metric_name"], evictions["statistic"], evictions["period"]) == ("Evictions", "Sum", 300)
    assert (evictions["evaluation_periods"], evictions["datapoints_to_alarm"], evictions["threshold"]) == (1, 1, 100.0)
    assert "in 5 minutes" in evictions["description"]
    lag = alarms[prefix + "replication-lag"]
    assert (lag["metric_name"], lag["statistic"], lag["threshold"], lag["treat_missing_data"]) == ("ReplicationLag", "Maximum", 30.0, "notBreaching")
    assert alarms_of(REPLICATION_GROUP) == {}


def test_cloudfront_alarm_lives_in_us_east_1() -> None:
    [alarm] = alarms_of(DISTRIBUTION, topic_arns={REGION: TOPIC, "us-east-1": GLOBAL_TOPIC}).values()
    assert alarm["name"] == "demo-local-cdn-E2QWRUHAPOMQZL-5xx-rate"
    assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"]) == ("AWS/CloudFront", "5xxErrorRate", "Average")
    assert alarm["dimensions"] == {"DistributionId": "E2QWRUHAPOMQZL", "Region": "Global"}
    assert (alarm["region"], alarm["tier"], alarm["availability"], alarm["treat_missing_data"]) == ("us-east-1", "cdn", True, "notBreaching")
    assert (alarm["threshold"], alarm["alarm_actions"], alarm["ok_actions"]) == (5.0, [GLOBAL_TOPIC], [GLOBAL_TOPIC])


def test_waf_alarms_for_regional_and_global_web_acls() -> None:
    alarms = alarms_of(REGIONAL_ACL, GLOBAL_ACL, IP_SET)
    regional = alarms["demo-local-waf-demo-local-blocked-requests"]
    assert regional["dimensions"] == {"WebACL": "demo-local", "Rule": "ALL", "Region": REGION}
    assert regional["region"] == REGION
    cdn = alarms["demo-local-waf-demo-local-cdn-blocked-requests"]
    assert cdn["dimensions"] == {"WebACL": "demo-local-cdn", "Rule": "ALL"}
    assert cdn["region"] == "us-east-1"
    for alarm in (regional, cdn):
        assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"], alarm["period"]) == ("AWS/WAFV2", "BlockedRequests", "Sum", 300)
        assert (alarm["evaluation_periods"], alarm["datapoints_to_alarm"], alarm["threshold"], alarm["treat_missing_data"]) == (1, 1, 1000.0, "notBreaching")
    assert len(alarms) == 2


def test_actions_go_to_the_topic_of_the_alarms_own_region() -> None:
    alarms = monitoring.monitoring_alarms(EVERYTHING, alarm_settings())
    for alarm in alarms:
        expected = [TOPIC] if alarm["region"] == REGION else []
        assert alarm["alarm_actions"] == alarm["ok_actions"] == expected, alarm["name"]
    assert {alarm["region"] for alarm in alarms} == {REGION, "us-east-1"}
    assert all(alarm["alarm_actions"] == [] for alarm in monitoring.monitoring_alarms(EVERYTHING, alarm_settings(topic_arns={})))


def test_overrides_and_evaluation_minutes_reach_the_alarms() -> None:
    thresholds = monitoring.monitoring_thresholds({"rds_cpu_percent": 90, "rds_free_storage_gib": 2.5, "sqs_visible_messages": 0})
    alarms = alarms_of(DB, QUEUE, thresholds=thresholds, evaluation_minutes=3)
    cpu = alarms["demo-local-rds-demo-local-cpu"]
    assert (cpu["threshold"], cpu["evaluation_periods"], cpu["datapoints_to_alarm"]) == (90.0, 3, 3)
    assert cpu["description"] == "RDS instance demo-local: CPU utilization above 90 % for 3 minutes"
    assert alarms["demo-local-rds-demo-local-free-storage"]["threshold"] == 2.5 * GIB
    assert alarms["demo-local-queue-demo-local-jobs-visible-messages"]["threshold"] == 0.0


def test_missing_thresholds_and_minutes_fall_back_to_the_defaults() -> None:
    settings = {"name": "demo-local", "region": REGION}
    assert monitoring.monitoring_alarms(tagged(DB), settings) == monitoring.monitoring_alarms(tagged(DB), alarm_settings(topic_arns={}))


MODULE_DOC = yaml.safe_load(cloudwatch_metric_alarm.DOCUMENTATION)
ROLE_KEYS = {"region", "tier", "availability"}
# amazon.aws.cloudwatch_metric_alarm's mutually_exclusive.
EXCLUSIVE = [
    ("metric_name", "metrics"),
    ("dimensions", "metrics"),
    ("period", "metrics"),
    ("namespace", "metrics"),
    ("statistic", "metrics"),
    ("extended_statistic", "metrics"),
    ("unit", "metrics"),
    ("statistic", "extended_statistic"),
]


def test_alarms_use_only_the_modules_options_and_never_both_of_an_exclusive_pair() -> None:
    options = MODULE_DOC["options"]
    suboptions = options["metrics"]["suboptions"]
    alarms = monitoring.monitoring_alarms(EVERYTHING, alarm_settings())
    assert len(alarms) == 22
    for alarm in alarms:
        assert set(alarm) - ROLE_KEYS <= set(options), alarm["name"]
        for first, second in EXCLUSIVE:
            assert not (first in alarm and second in alarm), (alarm["name"], first, second)
        assert ("metrics" in alarm) != ("metric_name" in alarm)
        assert "metrics" in alarm or ("statistic" in alarm) != ("extended_statistic" in alarm)
        assert options["comparison"]["choices"].count(alarm["comparison"]) == 1
        assert alarm["treat_missing_data"] in options["treat_missing_data"]["choices"]
        assert alarm.get("statistic", "Average") in options["statistic"]["choices"]
        assert isinstance(alarm["threshold"], float)
        assert isinstance(alarm["availability"], bool)
        for query in alarm.get("metrics", []):
            assert set(query) <= set(suboptions)
            if "metric_stat" in query:
                assert set(query["metric_stat"]) <= set(suboptions["metric_stat"]["suboptions"])
                assert set(query["metric_stat"]["metric"]) <= set(suboptions["metric_stat"]["suboptions"]["metric"]["suboptions"])
        if "metrics" in alarm:
            assert [query["return_data"] for query in alarm["metrics"]].count(True) == 1


def test_alarms_are_sorted_unique_and_deterministic() -> None:
    alarms = monitoring.monitoring_alarms(EVERYTHING, alarm_settings())
    names = [alarm["name"] for alarm in alarms]
    assert names == sorted(names)
    assert len(set(names)) == len(names)
    shuffled = list(EVERYTHING) + list(EVERYTHING[:5])
    random.Random(7).shuffle(shuffled)
    assert monitoring.monitoring_alarms(shuffled, alarm_settings()) == alarms
    assert all(name.startswith("demo-local-") and len(name) <= 255 for name in names)


def test_long_names_are_cut_to_255_characters_and_stay_unique() -> None:
    queues = [f"arn:aws:sqs:{REGION}:{ACCOUNT}:{'q' * 70}{n}" for n in range(2)]
    alarms = monitoring.monitoring_alarms(tagged(*queues), alarm_settings(name="s" * 170 + "-local"))
    names = [alarm["name"] for alarm in alarms]
    assert all(len(name) == 255 for name in names)
    assert len(set(names)) == 4
    assert names == [alarm["name"] for alarm in monitoring.monitoring_alarms(tagged(*queues), alarm_settings(name="s" * 170 + "-local"))]


def test_unknown_resources_have_no_alarms() -> None:
    assert monitoring.monitoring_alarms(tagged(BUCKET, INSTANCE, LOG_GROUP, IP_SET, DB_SUBNET_GROUP, ECS_CLUSTER, "garbage"), alarm_settings()) == []
    assert monitoring.monitoring_alarms([], alarm_settings()) == []


# -------------------------------------------------------------------------------------------------------- composite rule


def test_composite_rule_joins_the_availability_alarms_of_a_region() -> None:
    alarms = monitoring.monitoring_alarms(EVERYTHING, alarm_settings())
    assert monitoring.monitoring_composite_rule(alarms, REGION) == (
        'ALARM("demo-local-alb-demo-local-5xx-rate") OR '
        'ALARM("demo-local-ecs-demo-local/demo-local-web-tasks-below-desired") OR '
        'ALARM("demo-local-target_group-demo-local-web-unhealthy-hosts-demo-local")'
    )
    assert monitoring.monitoring_composite_rule(alarms, "us-east-1") == 'ALARM("demo-local-cdn-E2QWRUHAPOMQZL-5xx-rate")'
    assert monitoring.monitoring_composite_rule(list(reversed(alarms)), REGION) == monitoring.monitoring_composite_rule(alarms, REGION)


def test_composite_rule_is_empty_without_availability_alarms() -> None:
    assert monitoring.monitoring_composite_rule(monitoring.monitoring_alarms(tagged(DB, QUEUE), alarm_settings()), REGION) == ""
    assert monitoring.monitoring_composite_rule([], REGION) == ""
    assert monitoring.monitoring_composite_rule(monitoring.monitoring_alarms(EVERYTHING, alarm_settings()), "ap-south-1") == ""


# -------------------------------------------------------------------------------------------------------------- dashboard


def overlaps(one: dict[str, Any], other: dict[str, Any]) -> bool:
    return (
        one["x"] < other["x"] + other["width"]
        and other["x"] < one["x"] + one["width"]
        and one["y"] < other["y"] + other["height"]
        and other["y"] < one["y"] + one["height"]
    )


def test_dashboard_lays_out_every_tier_without_overlaps() -> None:
    body = monitoring.monitoring_dashboard(EVERYTHING, alarm_settings())
    assert json.loads(json.dumps(body)) == body
    widgets = body["widgets"]
    assert widgets[0]["type"] == "text"
    assert "demo-local" in widgets[0]["properties"]["markdown"]
    for index, widget in enumerate(widgets):
        assert 0 <= widget["x"] and widget["x"] + widget["width"] <= 24
        assert all(not overlaps(widget, other) for other in widgets[index + 1 :]), widget
    headers = [widget["properties"]["markdown"] for widget in widgets[1:] if widget["type"] == "text"]
    assert headers == [f"## {monitoring.TIER_TITLES[tier]}" for tier in monitoring.TIERS]
    graphs = [widget for widget in widgets if widget["type"] == "metric"]
    assert len(graphs) == len(monitoring.monitoring_alarms(EVERYTHING, alarm_settings()))
    for graph in graphs:
        properties = graph["properties"]
        assert (graph["width"], graph["height"]) == (12, 6)
        assert (properties["view"], properties["period"]) == ("timeSeries", 300)
        assert properties["title"] and properties["stat"] and properties["region"] in (REGION, "us-east-1")
        for row in properties["metrics"]:
            names = row[:-1] if isinstance(row[-1], dict) else row
            assert all(isinstance(part, str) for part in names)
            assert len(names) % 2 == 0


def test_dashboard_shows_the_metrics_of_the_alarms() -> None:
    alarms = monitoring.monitoring_alarms(EVERYTHING, alarm_settings())
    alarmed = set()
    for alarm in alarms:
        for query in alarm.get("metrics", []):
            if "metric_stat" in query:
                alarmed.add((query["metric_stat"]["metric"]["namespace"], query["metric_stat"]["metric"]["metric_name"]))
        if "metric_name" in alarm:
            alarmed.add((alarm["namespace"], alarm["metric_name"]))
    body = monitoring.monitoring_dashboard(EVERYTHING, alarm_settings())
    shown = {(row[0], row[1]) for widget in body["widgets"] if widget["type"] == "metric" for row in widget["properties"]["metrics"] if isinstance(row[0], str)}
    assert shown == alarmed
    expressions = [
        row[0]["expression"] for widget in body["widgets"] if widget["type"] == "metric" for row in widget["properties"]["metrics"] if isinstance(row[0], dict)
    ]
    assert sorted(expressions) == ["100*(FILL(m1,0)+FILL(m2,0))/m3", "m1 - m2"]


def test_dashboard_graph_of_the_rds_cpu() -> None:
    body = monitoring.monitoring_dashboard(tagged(DB), alarm_settings())
    [cpu] = [widget for widget in body["widgets"] if widget["type"] == "metric" and "CPUUtilization" in widget["properties"]["metrics"][0]]
    assert cpu["properties"]["metrics"] == [["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "demo-local"]]
    assert (cpu["properties"]["stat"], cpu["properties"]["region"]) == ("Average", REGION)
    assert cpu["properties"]["annotations"]["horizontal"][0]["value"] == 80.0


def test_dashboard_math_graph_hides_its_inputs() -> None:
    body = monitoring.monitoring_dashboard(tagged(ALB), alarm_settings())
    [rate] = [widget for widget in body["widgets"] if widget["type"] == "metric" and isinstance(widget["properties"]["metrics"][0][0], dict)]
    rows = rate["properties"]["metrics"]
    assert rows[0][0]["id"] == "e1"
    assert [row[-1]["id"] for row in rows[1:]] == ["m1", "m2", "m3"]
    assert all(row[-1]["visible"] is False for row in rows[1:])
    assert rows[1][:4] == ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", "app/demo-local/50dc6c495c0c9188"]


def test_dashboard_of_an_empty_stack_says_no_tier_was_found() -> None:
    for resources in ([], tagged(REPLICATION_GROUP, BUCKET, NLB)):
        widgets = monitoring.monitoring_dashboard(resources, alarm_settings())["widgets"]
        assert [widget["type"] for widget in widgets] == ["text", "text"]
        assert "No tier was found" in widgets[1]["properties"]["markdown"]
        assert not overlaps(widgets[0], widgets[1])


def test_dashboard_is_deterministic() -> None:
    shuffled = list(EVERYTHING)
    random.Random(3).shuffle(shuffled)
    assert monitoring.monitoring_dashboard(shuffled, alarm_settings()) == monitoring.monitoring_dashboard(EVERYTHING, alarm_settings())
    assert json.dumps(monitoring.monitoring_dashboard(shuffled, alarm_settings()), sort_keys=True) == json.dumps(
        monitoring.monitoring_dashboard(EVERYTHING, alarm_settings()), sort_keys=True
    )


def test_a_replication_group_adds_nothing_to_the_dashboard() -> None:
    assert monitoring.monitoring_dashboard(tagged(CACHE, REPLICATION_GROUP), alarm_settings()) == monitoring.monitoring_dashboard(
        tagged(CACHE), alarm_settings()
    )


# ------------------------------------------------------------------------------------------------------------- log groups


def log_group(name: str, retention: Any = None) -> dict[str, Any]:
    group = {"log_group_name": name, "arn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{name}:*", "stored_bytes": 0}
    if retention is not None:
        group["retention_in_days"] = retention
    return group


def test_log_groups_of_the_stack_with_a_shorter_or_no_retention() -> None:
    groups = [
        log_group("/ecs/web"),  # tagged by ARN, never expires
        log_group("/aws/rds/instance/demo-local/postgresql", 7),  # its name has the stack's
        log_group("/aws/lambda/demo-local-rotate", 30),  # already at the retention
        log_group("/aws/rds/instance/demo-local/upgrade", 365),  # longer: never lowered
        log_group("/ecs/other-stack", 1),  # not the stack's
        log_group("/aws/lambda/demo-local-cleanup", 14),
    ]
    assert monitoring.monitoring_log_groups(groups, tagged(LOG_GROUP, DB), "demo-local", 30) == [
        "/aws/lambda/demo-local-cleanup",
        "/aws/rds/instance/demo-local/postgresql",
        "/ecs/web",
    ]


def test_log_groups_never_lower_a_longer_retention() -> None:
    groups = [log_group("/ecs/demo-local-web", days) for days in (400, 3653)]
    assert monitoring.monitoring_log_groups(groups, [], "demo-local", 365) == []
    assert monitoring.monitoring_log_groups([log_group("/ecs/demo-local-web", 400)], [], "demo-local", 731) == ["/ecs/demo-local-web"]


def test_log_groups_tagged_only_by_arn_count_without_the_name() -> None:
    groups = [log_group("/ecs/web", 1), log_group("/ecs/worker", 1)]
    assert monitoring.monitoring_log_groups(groups, tagged(LOG_GROUP), "demo-local", 30) == ["/ecs/web"]
    assert monitoring.monitoring_log_groups(groups, [], "", 30) == []
    assert monitoring.monitoring_log_groups([], tagged(LOG_GROUP), "demo-local", 30) == []


def test_log_groups_refuse_a_retention_cloudwatch_logs_does_not_offer() -> None:
    with pytest.raises(ValueError, match="monitoring_log_retention_days"):
        monitoring.monitoring_log_groups([log_group("/ecs/web")], [], "demo-local", 2)


# ------------------------------------------------------------------------------------------ subscriptions, stale alarms


def test_subscriptions_by_email_and_https_each_once() -> None:
    assert monitoring.monitoring_subscriptions(["ops@example.com", "ops@example.com"], ["https://hooks.example.com/a"]) == [
        {"protocol": "email", "endpoint": "ops@example.com"},
        {"protocol": "https", "endpoint": "https://hooks.example.com/a"},
    ]
    assert monitoring.monitoring_subscriptions([], []) == []


def test_stale_alarms_are_the_roles_alarms_no_longer_wanted() -> None:
    pattern = "^demo-local-(alb|target_group|ecs|rds|cache|queue|cdn|waf)-"
    results = [
        {
            "item": REGION,
            "metric_alarms": [
                {"alarm_name": "demo-local-rds-demo-local-cpu"},
                {"alarm_name": "demo-local-rds-demo-old-cpu"},
                {"alarm_name": "demo-local-hand-made"},
                {"alarm_name": "demo-local-2-rds-x-cpu"},
            ],
        },
        {"item": "us-east-1", "metric_alarms": [{"alarm_name": "demo-local-cdn-E2QWRUHAPOMQZL-5xx-rate"}]},
        {"item": "us-west-2", "skipped": True},
    ]
    wanted = ["demo-local-rds-demo-local-cpu"]
    assert monitoring.monitoring_stale_alarms(results, wanted, pattern) == [
        {"region": REGION, "name": "demo-local-rds-demo-old-cpu"},
        {"region": "us-east-1", "name": "demo-local-cdn-E2QWRUHAPOMQZL-5xx-rate"},
    ]
    assert monitoring.monitoring_stale_alarms(results, [], "^nothing-") == []


def test_the_filters_are_registered() -> None:
    assert set(monitoring.FilterModule().filters()) == {
        "monitoring_errors",
        "monitoring_thresholds",
        "monitoring_alarms",
        "monitoring_composite_rule",
        "monitoring_dashboard",
        "monitoring_tiers",
        "monitoring_log_groups",
        "monitoring_subscriptions",
        "monitoring_stale_alarms",
    }
