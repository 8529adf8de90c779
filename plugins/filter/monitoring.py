# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The monitoring role's input checks, and the alarms, dashboard and log retention it derives from the stack's resources.

errors:     "{{ settings | webstack.aws.monitoring_errors }}"
thresholds: "{{ monitoring_thresholds | webstack.aws.monitoring_thresholds }}"
alarms:     "{{ tagged.resources | webstack.aws.monitoring_alarms(alarm_settings) }}"
rule:       "{{ alarms | webstack.aws.monitoring_composite_rule(region) }}"
dashboard:  "{{ tagged.resources | webstack.aws.monitoring_dashboard(alarm_settings) }}"
tiers:      "{{ tagged.resources | webstack.aws.monitoring_tiers }}"
retention:  "{{ found.log_groups | webstack.aws.monitoring_log_groups(tagged.resources, name, monitoring_log_retention_days) }}"
subscribe:  "{{ monitoring_alarm_emails | webstack.aws.monitoring_subscriptions(monitoring_alarm_https_endpoints) }}"
stale:      "{{ existing.results | webstack.aws.monitoring_stale_alarms(wanted_names, alarm_pattern) }}"

``resources`` is ``webstack.aws.tagged_resources_info``'s ``resources`` for the stack's tags: ``{resource_arn, tags}``.
Each resource is known by its ARN alone; an ARN of a service or a kind this file does not know is ignored.

``alarm_settings``: ``{name: "<stack>-<env>", region, thresholds (merged), evaluation_minutes,
topic_arns: {region: topic ARN}, target_groups: amazon.aws.elb_target_group_info's target_groups}``.

Every alarm is a dict of amazon.aws.cloudwatch_metric_alarm options, plus three keys the role strips before calling
the module: ``region`` (where the alarm lives: CloudFront and global WAF metrics only exist in us-east-1),
``tier`` and ``availability`` (a signal that the service is unavailable, combined into the composite alarm).
An alarm has either a single metric (namespace, metric_name, dimensions, period, statistic or extended_statistic)
or ``metrics`` (metric math), never both: the module declares them mutually exclusive.
"""

from __future__ import annotations

import hashlib
import math
import re
from typing import Any
from typing import Dict
from typing import List
from typing import NamedTuple
from typing import Optional
from typing import Tuple
from urllib.parse import urlsplit

# The same address check as the cost role's (plugins/filter/cost.py).
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The periods CloudWatch Logs' PutRetentionPolicy accepts, in days.
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)
MAX_EVALUATION_MINUTES = 60
DEFAULT_EVALUATION_MINUTES = 5
# PutMetricAlarm: an alarm name is 1 to 255 characters.
MAX_ALARM_NAME = 255
# CloudFront publishes its metrics, and WAF its global (CloudFront) web ACLs' metrics, in us-east-1 only.
GLOBAL_REGION = "us-east-1"
GIB = 1024**3

# The thresholds the alarms compare with, and their defaults (monitoring_thresholds overrides them).
THRESHOLDS: Dict[str, float] = {
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
# What each threshold allows: (lowest, whether the lowest itself is allowed, highest or None); *_percent and *_seconds by suffix.
PERCENT = (0, False, 100)
POSITIVE = (0, False, None)
NOT_NEGATIVE = (0, True, None)
RANGES: Dict[str, Tuple[float, bool, Optional[float]]] = {
    "alb_unhealthy_hosts": NOT_NEGATIVE,
    "ecs_tasks_below_desired": NOT_NEGATIVE,
    "rds_free_storage_gib": POSITIVE,
    "rds_connections": (1, True, None),
    "redis_evictions": NOT_NEGATIVE,
    "sqs_visible_messages": NOT_NEGATIVE,
    "waf_blocked_requests": NOT_NEGATIVE,
}

# The tiers in the order the dashboard shows them, with the words its headers and the alarms' descriptions use.
TIERS = ("cdn", "waf", "alb", "target_group", "ecs", "rds", "cache", "queue")
TIER_TITLES = {
    "cdn": "CloudFront distributions",
    "waf": "WAF web ACLs",
    "alb": "Application Load Balancers",
    "target_group": "Target groups",
    "ecs": "ECS services",
    "rds": "RDS databases",
    "cache": "ElastiCache clusters",
    "queue": "SQS queues",
}
KINDS = {
    "cdn": "CloudFront distribution",
    "waf": "WAF web ACL",
    "alb": "Application Load Balancer",
    "target_group": "Target group",
    "ecs": "ECS service",
    "cache": "ElastiCache cluster",
    "queue": "SQS queue",
}
COMPARISONS = {"GreaterThanThreshold": "above", "LessThanThreshold": "below"}


def _range(key: str) -> Tuple[float, bool, Optional[float]]:
    if key.endswith("_percent"):
        return PERCENT
    if key.endswith("_seconds"):
        return POSITIVE
    return RANGES.get(key, POSITIVE)


def _range_words(key: str) -> str:
    low, inclusive, high = _range(key)
    words = f"{low} or more" if inclusive else f"above {low}"
    return f"a number {words} and at most {high}" if high is not None else f"a number {words}"


def _number(value: Any) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _whole(value: Any) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(number: float) -> str:
    """80.0 -> '80', 1.5 -> '1.5'."""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


# ---------------------------------------------------------------------------------------------------------------- errors


def monitoring_errors(settings: Dict[str, Any]) -> List[str]:
    """Every problem with the role's inputs, each naming its variable and what is allowed."""
    return _recipient_errors(settings) + _threshold_errors(settings.get("monitoring_thresholds", {})) + _setting_errors(settings)


def _recipient_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    emails = settings.get("monitoring_alarm_emails", [])
    if not isinstance(emails, list):
        errors.append(f"monitoring_alarm_emails must be a list of email addresses, not {emails!r}")
    else:
        errors += [
            f"monitoring_alarm_emails: {address!r} is not an email address" for address in emails if not isinstance(address, str) or not EMAIL.match(address)
        ]
    endpoints = settings.get("monitoring_alarm_https_endpoints", [])
    if not isinstance(endpoints, list):
        errors.append(f"monitoring_alarm_https_endpoints must be a list of https:// URLs, not {endpoints!r}")
    else:
        errors += [
            f"monitoring_alarm_https_endpoints: {url!r} is not an https:// URL (SNS delivers alarms to https endpoints only)"
            for url in endpoints
            if not _https_url(url)
        ]
    return errors


def _https_url(url: Any) -> bool:
    if not isinstance(url, str) or re.search(r"\s", url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname)


def _threshold_errors(overrides: Any) -> List[str]:
    known = ", ".join(sorted(THRESHOLDS))
    if not isinstance(overrides, dict):
        return [f"monitoring_thresholds must be a dict of thresholds to override (known: {known}), not {overrides!r}"]
    errors = []
    for key in sorted(overrides, key=str):
        value = overrides[key]
        if key not in THRESHOLDS:
            errors.append(f"monitoring_thresholds: {key!r} is not a known threshold; known: {known}")
            continue
        number = _number(value)
        low, inclusive, high = _range(key)
        if number is None or number < low or (number == low and not inclusive) or (high is not None and number > high):
            errors.append(f"monitoring_thresholds.{key} must be {_range_words(key)}, not {value!r}")
    return errors


def _setting_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    retention = settings.get("monitoring_log_retention_days")
    if _whole(retention) not in RETENTION_DAYS:
        allowed = ", ".join(str(days) for days in RETENTION_DAYS)
        errors.append(f"monitoring_log_retention_days must be one of CloudWatch Logs' retention periods ({allowed} days), not {retention!r}")
    enabled = settings.get("monitoring_dashboard_enabled")
    if not isinstance(enabled, bool):
        errors.append(f"monitoring_dashboard_enabled must be true or false, not {enabled!r}")
    minutes = settings.get("monitoring_evaluation_minutes", DEFAULT_EVALUATION_MINUTES)
    whole = _whole(minutes)
    if whole is None or not 1 <= whole <= MAX_EVALUATION_MINUTES:
        errors.append(
            f"monitoring_evaluation_minutes must be a whole number of minutes from 1 to {MAX_EVALUATION_MINUTES} "
            f"(how long most alarms wait before they fire), not {minutes!r}"
        )
    return errors


def monitoring_thresholds(overrides: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """The default thresholds with the role's overrides (checked by monitoring_errors) over them."""
    return {**THRESHOLDS, **(overrides or {})}


# -------------------------------------------------------------------------------------------------------------- resources
# Each parser takes an ARN's parts and answers {tier, name, region, dimensions} (or a list of them), or None.


def _parts(arn: Any) -> Optional[Dict[str, str]]:
    fields = arn.split(":", 5) if isinstance(arn, str) else []
    if len(fields) != 6 or fields[0] != "arn":
        return None
    return {"arn": arn, "service": fields[2], "region": fields[3], "account": fields[4], "resource": fields[5]}


def _resource(tier: str, name: str, region: str, dimensions: Dict[str, str], **extra: Any) -> Dict[str, Any]:
    return {"tier": tier, "name": name, "region": region, "dimensions": dimensions, **extra}


def _elasticloadbalancing(parts: Dict[str, str]) -> Optional[Dict[str, Any]]:
    fields = parts["resource"].split("/")
    if len(fields) == 4 and fields[0] == "loadbalancer" and fields[1] == "app":
        # Network (net/) and gateway (gwy/) load balancers have other metrics: no alarms.
        return _resource("alb", fields[2], parts["region"], {"LoadBalancer": "/".join(fields[1:])})
    if len(fields) == 3 and fields[0] == "targetgroup":
        return _resource("target_group", fields[1], parts["region"], {"TargetGroup": parts["resource"]})
    return None


def _ecs(parts: Dict[str, str]) -> Optional[Dict[str, Any]]:
    # The long ARN format names the cluster; the old service/NAME format does not, and the metrics need it.
    fields = parts["resource"].split("/")
    if len(fields) != 3 or fields[0] != "service":
        return None
    return _resource("ecs", f"{fields[1]}/{fields[2]}", parts["region"], {"ClusterName": fields[1], "ServiceName": fields[2]})


def _rds(parts: Dict[str, str]) -> Optional[Dict[str, Any]]:
    kind, identifier = parts["resource"].partition(":")[::2]
    if kind == "db" and identifier:
        return _resource("rds", identifier, parts["region"], {"DBInstanceIdentifier": identifier}, kind="instance")
    if kind == "cluster" and identifier:
        return _resource("rds", identifier, parts["region"], {"DBClusterIdentifier": identifier}, kind="cluster")
    return None


def _elasticache(parts: Dict[str, str]) -> Optional[Dict[str, Any]]:
    # A replication group has no metrics of its own: its member clusters have them, and carry its tags.
    kind, identifier = parts["resource"].partition(":")[::2]
    if kind == "cluster" and identifier:
        return _resource("cache", identifier, parts["region"], {"CacheClusterId": identifier})
    return None


def _sqs(parts: Dict[str, str]) -> Optional[Dict[str, Any]]:
    name = parts["resource"]
    if not name or ":" in name or "/" in name:
        return None
    return _resource("queue", name, parts["region"], {"QueueName": name})


def _cloudfront(parts: Dict[str, str]) -> Optional[Dict[str, Any]]:
    kind, identifier = parts["resource"].partition("/")[::2]
    if kind != "distribution" or not identifier:
        return None
    return _resource("cdn", identifier, GLOBAL_REGION, {"DistributionId": identifier, "Region": "Global"})


def _wafv2(parts: Dict[str, str]) -> Optional[Dict[str, Any]]:
    fields = parts["resource"].split("/")
    if len(fields) != 4 or fields[1] != "webacl":
        return None
    if fields[0] == "regional":
        return _resource("waf", fields[2], parts["region"], {"WebACL": fields[2], "Rule": "ALL", "Region": parts["region"]})
    if fields[0] == "global":
        return _resource("waf", fields[2], GLOBAL_REGION, {"WebACL": fields[2], "Rule": "ALL"})
    return None


PARSERS = {
    "elasticloadbalancing": _elasticloadbalancing,
    "ecs": _ecs,
    "rds": _rds,
    "elasticache": _elasticache,
    "sqs": _sqs,
    "cloudfront": _cloudfront,
    "wafv2": _wafv2,
}


def _known(resources: Any) -> List[Dict[str, Any]]:
    """The resources this file knows, sorted by ARN, each once."""
    found = {}
    for item in resources or []:
        parts = _parts(item.get("resource_arn") if isinstance(item, dict) else None)
        parser = PARSERS.get(parts["service"]) if parts else None
        resource = parser(parts) if parser else None
        if resource:
            found[parts["arn"]] = {**resource, "arn": parts["arn"]}
    return [found[arn] for arn in sorted(found)]


def monitoring_tiers(resources: List[Dict[str, Any]]) -> Dict[str, List[str]]:
    """{tier: sorted resource names} for the tiers present (ECS services as CLUSTER/SERVICE)."""
    tiers: Dict[str, List[str]] = {}
    for resource in _known(resources):
        tiers.setdefault(resource["tier"], []).append(resource["name"])
    return {tier: sorted(set(tiers[tier])) for tier in TIERS if tier in tiers}


# ----------------------------------------------------------------------------------------------------------------- checks
# A check is one alarm before it takes the module's shape: the dashboard draws the same checks.


def _check(resource: Dict[str, Any], check: str, title: str, **spec: Any) -> Dict[str, Any]:
    return {
        "resource": resource,
        "check": check,
        "title": title,
        "comparison": "GreaterThanThreshold",
        "period": 60,
        "treat_missing_data": "missing",
        "availability": False,
        "dimensions": resource["dimensions"],
        **spec,
    }


def _math(metric_id: str, namespace: str, metric_name: str, dimensions: Dict[str, str], stat: str, label: str) -> Dict[str, Any]:
    return {"id": metric_id, "namespace": namespace, "metric_name": metric_name, "dimensions": dimensions, "stat": stat, "label": label}


class Metric(NamedTuple):
    """One single-metric check of a tier's table: what it watches and when it fires (the options after unit rarely change)."""

    check: str
    title: str
    metric_name: str
    stat: str
    limit: str  # the THRESHOLDS key of its threshold
    unit: str  # the threshold's unit, as the description says it
    minutes: Optional[int] = None  # fixed evaluation minutes; None: monitoring_evaluation_minutes
    period: int = 60
    missing: str = "missing"  # treat_missing_data
    comparison: str = "GreaterThanThreshold"
    availability: bool = False
    scale: int = 1  # the metric's units per threshold unit, when they differ (GiB -> bytes, seconds -> milliseconds)


# Each table's namespace and single-metric checks, in the order of the alarms' graphs on the dashboard.
# A tier's key, or for RDS "rds-instance" / "rds-cluster".
METRICS: Dict[str, Tuple[str, Tuple[Metric, ...]]] = {
    "alb": (
        "AWS/ApplicationELB",
        (Metric("p95-latency", "p95 target response time", "TargetResponseTime", "p95", "alb_p95_latency_seconds", " seconds"),),
    ),
    "ecs": (
        "AWS/ECS",
        (
            Metric("cpu", "CPU utilization", "CPUUtilization", "Average", "ecs_cpu_percent", " %"),
            Metric("memory", "memory utilization", "MemoryUtilization", "Average", "ecs_memory_percent", " %"),
        ),
    ),
    "rds-instance": (
        "AWS/RDS",
        (
            Metric("cpu", "CPU utilization", "CPUUtilization", "Average", "rds_cpu_percent", " %"),
            # FreeStorageSpace is in bytes; the threshold is given in GiB.
            Metric("free-storage", "free storage", "FreeStorageSpace", "Minimum", "rds_free_storage_gib", " GiB", comparison="LessThanThreshold", scale=GIB),
            Metric("connections", "database connections", "DatabaseConnections", "Maximum", "rds_connections", " connections"),
            # Only read replicas publish ReplicaLag.
            Metric("replica-lag", "replica lag", "ReplicaLag", "Maximum", "rds_replica_lag_seconds", " seconds", missing="notBreaching"),
        ),
    ),
    # Check names differ from an instance's: a cluster and an instance may share an identifier.
    "rds-cluster": (
        "AWS/RDS",
        (
            Metric("cluster-cpu", "CPU utilization", "CPUUtilization", "Average", "rds_cpu_percent", " %"),
            Metric("cluster-connections", "database connections", "DatabaseConnections", "Maximum", "rds_connections", " connections"),
            # AuroraReplicaLagMaximum is in milliseconds; the threshold is given in seconds.
            Metric(
                "cluster-replica-lag",
                "Aurora replica lag",
                "AuroraReplicaLagMaximum",
                "Maximum",
                "rds_replica_lag_seconds",
                " seconds",
                missing="notBreaching",
                scale=1000,
            ),
        ),
    ),
    "cache": (
        "AWS/ElastiCache",
        (
            Metric("engine-cpu", "engine CPU utilization", "EngineCPUUtilization", "Average", "redis_cpu_percent", " %"),
            Metric("memory", "memory used", "DatabaseMemoryUsagePercentage", "Average", "redis_memory_percent", " % of maxmemory"),
            Metric("evictions", "evictions", "Evictions", "Sum", "redis_evictions", "", minutes=1, period=300),
            # Only replicas publish ReplicationLag.
            Metric("replication-lag", "replication lag", "ReplicationLag", "Maximum", "redis_replication_lag_seconds", " seconds", missing="notBreaching"),
        ),
    ),
    "queue": (
        "AWS/SQS",
        (
            # A backlog is worth an alarm when it lasts: 10 minutes whatever monitoring_evaluation_minutes says.
            Metric("visible-messages", "visible messages", "ApproximateNumberOfMessagesVisible", "Maximum", "sqs_visible_messages", " messages", minutes=10),
            Metric("oldest-message", "age of the oldest message", "ApproximateAgeOfOldestMessage", "Maximum", "sqs_oldest_message_seconds", " seconds"),
        ),
    ),
    "cdn": (
        "AWS/CloudFront",
        (
            Metric(
                "5xx-rate",
                "5xx error rate",
                "5xxErrorRate",
                "Average",
                "cloudfront_5xx_percent",
                " % of requests",
                missing="notBreaching",
                availability=True,
            ),
        ),
    ),
    "waf": (
        "AWS/WAFV2",
        (Metric("blocked-requests", "blocked requests", "BlockedRequests", "Sum", "waf_blocked_requests", "", minutes=1, period=300, missing="notBreaching"),),
    ),
}


def _table_checks(resource: Dict[str, Any], limits: Dict[str, Any], minutes: int, settings: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The resource's checks of its METRICS table."""
    namespace, metrics = METRICS[f"rds-{resource['kind']}" if resource["tier"] == "rds" else resource["tier"]]
    checks = []
    for metric in metrics:
        limit = limits[metric.limit]
        # A scaled threshold is described in the unit it is given in, not the metric's.
        shown = {"unit": metric.unit} if metric.scale == 1 else {"words": f"{_text(limit)}{metric.unit}"}
        checks.append(
            _check(
                resource,
                metric.check,
                metric.title,
                namespace=namespace,
                metric_name=metric.metric_name,
                stat=metric.stat,
                period=metric.period,
                comparison=metric.comparison,
                threshold=limit * metric.scale,
                minutes=metric.minutes or minutes,
                treat_missing_data=metric.missing,
                availability=metric.availability,
                **shown,
            )
        )
    return checks


def _alb_checks(resource: Dict[str, Any], limits: Dict[str, Any], minutes: int, settings: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The 5xx rate (metric math over three metrics), then the table's checks."""
    ns, dims = "AWS/ApplicationELB", resource["dimensions"]
    five_xx = _check(
        resource,
        "5xx-rate",
        "5xx responses",
        math=[
            _math("m1", ns, "HTTPCode_ELB_5XX_Count", dims, "Sum", "Load balancer 5xx"),
            _math("m2", ns, "HTTPCode_Target_5XX_Count", dims, "Sum", "Target 5xx"),
            _math("m3", ns, "RequestCount", dims, "Sum", "Requests"),
        ],
        expression="100*(FILL(m1,0)+FILL(m2,0))/m3",
        label="5xx (% of requests)",
        stat="Sum",
        threshold=limits["alb_5xx_percent"],
        unit=" % of requests",
        minutes=minutes,
        treat_missing_data="notBreaching",
        availability=True,
    )
    return [five_xx, *_table_checks(resource, limits, minutes, settings)]


def _target_group_checks(resource: Dict[str, Any], limits: Dict[str, Any], minutes: int, settings: Dict[str, Any]) -> List[Dict[str, Any]]:
    """One check per application load balancer the target group serves: the metric needs both dimensions."""
    balancers = set()
    for group in settings.get("target_groups") or []:
        if isinstance(group, dict) and group.get("target_group_arn") == resource["arn"]:
            balancers.update(group.get("load_balancer_arns") or [])
    checks = []
    for arn in sorted(balancers):
        parts = _parts(arn)
        balancer = _elasticloadbalancing(parts) if parts and parts["service"] == "elasticloadbalancing" else None
        if not balancer or balancer["tier"] != "alb":
            continue
        checks.append(
            _check(
                resource,
                f"unhealthy-hosts-{balancer['name']}",
                f"unhealthy targets behind {balancer['name']}",
                dimensions={**resource["dimensions"], **balancer["dimensions"]},
                namespace="AWS/ApplicationELB",
                metric_name="UnHealthyHostCount",
                stat="Maximum",
                threshold=limits["alb_unhealthy_hosts"],
                unit="",
                minutes=minutes,
                availability=True,
            )
        )
    return checks


def _ecs_checks(resource: Dict[str, Any], limits: Dict[str, Any], minutes: int, settings: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The table's checks, then the tasks below desired (metric math over Container Insights' task counts)."""
    ns, dims = "ECS/ContainerInsights", resource["dimensions"]
    below_desired = _check(
        resource,
        "tasks-below-desired",
        "desired minus running tasks",
        math=[
            _math("m1", ns, "DesiredTaskCount", dims, "Average", "Desired tasks"),
            _math("m2", ns, "RunningTaskCount", dims, "Average", "Running tasks"),
        ],
        expression="m1 - m2",
        label="Desired - running tasks",
        stat="Average",
        threshold=limits["ecs_tasks_below_desired"],
        unit="",
        minutes=minutes,
        treat_missing_data="notBreaching",
        availability=True,
    )
    return [*_table_checks(resource, limits, minutes, settings), below_desired]


CHECKS = {
    "alb": _alb_checks,
    "target_group": _target_group_checks,
    "ecs": _ecs_checks,
    "rds": _table_checks,
    "cache": _table_checks,
    "queue": _table_checks,
    "cdn": _table_checks,
    "waf": _table_checks,
}


def _checks(resources: List[Dict[str, Any]], settings: Dict[str, Any]) -> List[Dict[str, Any]]:
    limits = monitoring_thresholds(settings.get("thresholds"))
    minutes = settings.get("evaluation_minutes") or DEFAULT_EVALUATION_MINUTES
    checks = []
    for resource in _known(resources):
        checks += CHECKS[resource["tier"]](resource, limits, int(minutes), settings)
    return checks


def _alarm_name(settings: Dict[str, Any], check: Dict[str, Any]) -> str:
    name = f"{settings.get('name', '')}-{check['resource']['tier']}-{check['resource']['name']}-{check['check']}"
    if len(name) <= MAX_ALARM_NAME:
        return name
    # Too long: cut, and keep it unique and stable with a digest of the whole name.
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{name[: MAX_ALARM_NAME - 9]}-{digest}"


def _duration(check: Dict[str, Any]) -> str:
    total = check["period"] * check["minutes"] // 60
    unit = "minute" if total == 1 else "minutes"
    return f"in {total} {unit}" if check["minutes"] == 1 and check["period"] > 60 else f"for {total} {unit}"


def _threshold_words(check: Dict[str, Any]) -> str:
    words = check.get("words") or f"{_text(check['threshold'])}{check.get('unit', '')}"
    return f"{COMPARISONS[check['comparison']]} {words}"


def _description(check: Dict[str, Any]) -> str:
    resource = check["resource"]
    kind = f"RDS {resource['kind']}" if resource["tier"] == "rds" else KINDS[resource["tier"]]
    return f"{kind} {resource['name']}: {check['title']} {_threshold_words(check)} {_duration(check)}"


def _alarm(check: Dict[str, Any], settings: Dict[str, Any]) -> Dict[str, Any]:
    region = check["resource"]["region"] or settings.get("region", "")
    topic = (settings.get("topic_arns") or {}).get(region)
    alarm: Dict[str, Any] = {
        "name": _alarm_name(settings, check),
        "description": _description(check),
        "comparison": check["comparison"],
        "threshold": float(check["threshold"]),
        "evaluation_periods": check["minutes"],
        "datapoints_to_alarm": check["minutes"],
        "treat_missing_data": check["treat_missing_data"],
        "alarm_actions": [topic] if topic else [],
        "ok_actions": [topic] if topic else [],
        "region": region,
        "tier": check["resource"]["tier"],
        "availability": check["availability"],
    }
    if "math" in check:
        alarm["metrics"] = [
            {
                "id": metric["id"],
                "metric_stat": {
                    "metric": {
                        "namespace": metric["namespace"],
                        "metric_name": metric["metric_name"],
                        "dimensions": [{"name": key, "value": value} for key, value in metric["dimensions"].items()],
                    },
                    "period": check["period"],
                    "stat": metric["stat"],
                },
                "label": metric["label"],
                "return_data": False,
            }
            for metric in check["math"]
        ] + [{"id": "e1", "expression": check["expression"], "label": check["label"], "return_data": True}]
        return alarm
    alarm.update(namespace=check["namespace"], metric_name=check["metric_name"], dimensions=dict(check["dimensions"]), period=check["period"])
    if check["stat"].startswith("p"):
        alarm["extended_statistic"] = check["stat"]
    else:
        alarm["statistic"] = check["stat"]
    return alarm


def monitoring_alarms(resources: List[Dict[str, Any]], settings: Dict[str, Any]) -> List[Dict[str, Any]]:
    """amazon.aws.cloudwatch_metric_alarm options for every alarm of the stack's resources (+ region, tier, availability), by name."""
    alarms = [_alarm(check, settings) for check in _checks(resources, settings)]
    return sorted(alarms, key=lambda alarm: (alarm["name"], alarm["region"]))


def monitoring_composite_rule(alarms: List[Dict[str, Any]], region: str) -> str:
    """The composite alarm's rule: any availability alarm of `region` in ALARM; '' when the region has none.

    A composite alarm lives in one region and can only watch that region's alarms: one per region.
    (PutCompositeAlarm takes at most 100 alarms in a rule: a stack has a handful of availability alarms per region.)
    """
    names = sorted({alarm["name"] for alarm in alarms or [] if alarm.get("availability") and alarm.get("region") == region})
    return " OR ".join(f'ALARM("{name}")' for name in names)


# -------------------------------------------------------------------------------------------------------------- dashboard

WIDGET_WIDTH = 12
WIDGET_HEIGHT = 6
GRID_WIDTH = 24
DASHBOARD_PERIOD = 300


def _dimension_list(dimensions: Dict[str, str]) -> List[str]:
    return [part for key, value in dimensions.items() for part in (key, value)]


def _widget_metrics(check: Dict[str, Any]) -> List[List[Any]]:
    if "math" not in check:
        return [[check["namespace"], check["metric_name"], *_dimension_list(check["dimensions"])]]
    rows: List[List[Any]] = [[{"expression": check["expression"], "label": check["label"], "id": "e1"}]]
    for metric in check["math"]:
        options = {"id": metric["id"], "label": metric["label"], "stat": metric["stat"], "visible": False}
        rows.append([metric["namespace"], metric["metric_name"], *_dimension_list(metric["dimensions"]), options])
    return rows


def _text_widget(y: int, height: int, markdown: str) -> Dict[str, Any]:
    return {"type": "text", "x": 0, "y": y, "width": GRID_WIDTH, "height": height, "properties": {"markdown": markdown}}


def monitoring_dashboard(resources: List[Dict[str, Any]], settings: Dict[str, Any]) -> Dict[str, Any]:
    """A CloudWatch dashboard body: the stack's name, then per tier a header and one graph per alarm, two to a row.

    Each graph shows its alarm's metric (or metric math) over 5-minute periods with the threshold as a line.
    """
    name = settings.get("name", "")
    widgets = [_text_widget(0, 2, f"# {name}\nMetrics behind the alarms of the resources tagged with this stack.")]
    y = 2
    checks = _checks(resources, settings)
    if not checks:
        widgets.append(_text_widget(y, 2, "No tier was found: no tagged resource of this stack has metrics to show."))
        return {"widgets": widgets}
    for tier in TIERS:
        graphs = [check for check in checks if check["resource"]["tier"] == tier]
        if not graphs:
            continue
        widgets.append(_text_widget(y, 1, f"## {TIER_TITLES[tier]}"))
        y += 1
        for index, check in enumerate(graphs):
            label = f"Alarm: {_threshold_words(check)}"
            widgets.append(
                {
                    "type": "metric",
                    "x": (index % 2) * WIDGET_WIDTH,
                    "y": y + (index // 2) * WIDGET_HEIGHT,
                    "width": WIDGET_WIDTH,
                    "height": WIDGET_HEIGHT,
                    "properties": {
                        "title": f"{check['resource']['name']}: {check['title']}",
                        "region": check["resource"]["region"] or settings.get("region", ""),
                        "metrics": _widget_metrics(check),
                        "view": "timeSeries",
                        "stacked": False,
                        "period": DASHBOARD_PERIOD,
                        "stat": check["stat"],
                        "annotations": {"horizontal": [{"label": label, "value": float(check["threshold"])}]},
                    },
                }
            )
        y += math.ceil(len(graphs) / 2) * WIDGET_HEIGHT
    return {"widgets": widgets}


# -------------------------------------------------------------------------------------------------------------- log groups


def monitoring_log_groups(log_groups: List[Dict[str, Any]], resources: List[Dict[str, Any]], name: str, retention: int) -> List[str]:
    """The stack's log groups whose retention must rise to `retention` days, by name.

    A group is the stack's when the stack's tags are on it (a tagged ``logs`` resource) or its name contains `name`.
    A group that never expires (no retention) or keeps its events fewer days is listed. A group that keeps them
    longer is left alone: lowering its retention would delete the older events at once, and a longer retention
    someone chose is never wrong for monitoring.
    """
    if _whole(retention) not in RETENTION_DAYS:
        raise ValueError(f"monitoring_log_retention_days must be one of CloudWatch Logs' retention periods, not {retention!r}")
    tagged = set()
    for item in resources or []:
        parts = _parts(item.get("resource_arn") if isinstance(item, dict) else None)
        if parts and parts["service"] == "logs" and parts["resource"].startswith("log-group:"):
            tagged.add(_without_star(parts["arn"]))
    names = set()
    for group in log_groups or []:
        group_name = group.get("log_group_name") or ""
        ours = _without_star(group.get("arn") or "") in tagged or (bool(name) and name in group_name)
        days = group.get("retention_in_days")
        if group_name and ours and (days is None or days < retention):
            names.add(group_name)
    return sorted(names)


def _without_star(arn: str) -> str:
    return arn[:-2] if arn.endswith(":*") else arn


# ------------------------------------------------------------------------------------------------ topic and stale alarms


def monitoring_subscriptions(emails: List[str], endpoints: List[str]) -> List[Dict[str, str]]:
    """webstack.aws.sns_topic's subscriptions: every address by email, every URL by https (each once, in order)."""
    wanted = [{"protocol": "email", "endpoint": address} for address in emails or []]
    wanted += [{"protocol": "https", "endpoint": url} for url in endpoints or []]
    unique: List[Dict[str, str]] = []
    for subscription in wanted:
        if subscription not in unique:
            unique.append(subscription)
    return unique


def monitoring_stale_alarms(results: List[Dict[str, Any]], wanted: List[str], pattern: str) -> List[Dict[str, str]]:
    """The alarms this role made before that it no longer wants: [{region, name}], by region and name.

    `results` are the loop results of amazon.aws.cloudwatch_metric_alarm_info over the regions (`item` is the region);
    an alarm is the role's when its name matches `pattern` (the stack's name and a tier), and stale when it is not in
    `wanted` (the names of monitoring_alarms).
    """
    keep = set(wanted or [])
    stale = set()
    for result in results or []:
        region = result.get("item") if isinstance(result, dict) else None
        for alarm in (result.get("metric_alarms") or []) if region else []:
            name = alarm.get("alarm_name") or ""
            if re.search(pattern, name) and name not in keep:
                stale.add((region, name))
    return [{"region": region, "name": name} for region, name in sorted(stale)]


class FilterModule:
    def filters(self) -> Dict[str, Any]:
        return {
            "monitoring_errors": monitoring_errors,
            "monitoring_thresholds": monitoring_thresholds,
            "monitoring_alarms": monitoring_alarms,
            "monitoring_composite_rule": monitoring_composite_rule,
            "monitoring_dashboard": monitoring_dashboard,
            "monitoring_tiers": monitoring_tiers,
            "monitoring_log_groups": monitoring_log_groups,
            "monitoring_subscriptions": monitoring_subscriptions,
            "monitoring_stale_alarms": monitoring_stale_alarms,
        }
