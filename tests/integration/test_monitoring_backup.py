"""Monitoring and backup on the local stack, with data and compute tiers in it.

The tiers (a PostgreSQL instance tagged for backup, an ALB with its target group, a queue, a cache node and
a CloudFront distribution) are made here with boto3, tagged as their roles tag them, so that the roles find
them as they will find the real ones. The tests run in file order on one emulator.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.harness.emulator import Emulator
from tests.harness.leftovers import tagged_resources
from tests.harness.stack import Stack

STACK, ENVIRONMENT = "demo", "local"
NAME = f"{STACK}-{ENVIRONMENT}"
DB = f"{NAME}-db"
TAGS = [{"Key": "webstack:stack", "Value": STACK}, {"Key": "webstack:environment", "Value": ENVIRONMENT}]


@pytest.fixture(scope="module")
def stack(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Stack:
    emulator.reset()
    return Stack(emulator, "inventories/local", tmp_path_factory.mktemp("monitoring-backup"))


# The data tier and the app tier's load balancer are made by hand below (as the monitoring role finds any database,
# cache and load balancer by its tags), so their roles stay out of these runs (test_data_tier.py and
# test_ecs_service.py run them), and so do the edge and cost roles, which these tests do not look at.
ROLES = ["security_baseline", "vpc", "monitoring", "backup"]


def _tiers(stack: Stack) -> dict[str, str]:
    """The tiers other roles will make, made by hand; their names by tier."""
    ec2 = stack.aws("ec2")
    subnets = [s["SubnetId"] for s in ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]][:2]
    stack.aws("rds").create_db_instance(
        DBInstanceIdentifier=DB,
        DBInstanceClass="db.t4g.medium",
        Engine="postgres",
        EngineVersion="16.4",
        AllocatedStorage=20,
        MasterUsername="webstack",
        ManageMasterUserPassword=True,
        StorageEncrypted=True,
        Tags=[*TAGS, {"Key": "webstack:backup", "Value": "true"}, {"Key": "webstack:component", "Value": "rds"}],
    )
    elbv2 = stack.aws("elbv2")
    [lb] = elbv2.create_load_balancer(Name=f"{NAME}-alb", Subnets=subnets, Tags=TAGS)["LoadBalancers"]
    vpc_id = lb["VpcId"]
    [group] = elbv2.create_target_group(Name=f"{NAME}-web", Protocol="HTTP", Port=3000, VpcId=vpc_id, TargetType="ip", Tags=TAGS)["TargetGroups"]
    elbv2.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}]
    )
    stack.aws("sqs").create_queue(QueueName=f"{NAME}-jobs", tags={t["Key"]: t["Value"] for t in TAGS})
    stack.aws("elasticache").create_cache_cluster(CacheClusterId=f"{NAME}-cache", Engine="redis", CacheNodeType="cache.t4g.small", NumCacheNodes=1, Tags=TAGS)
    return {"alb": lb["LoadBalancerArn"].split("loadbalancer/")[1], "target_group": group["TargetGroupArn"].split(":")[-1]}


def _alarms(stack: Stack, region: str = "eu-west-1") -> dict[str, dict[str, Any]]:
    alarms = stack.emulator.client("cloudwatch", region).describe_alarms(AlarmNamePrefix=f"{NAME}-")["MetricAlarms"]
    return {alarm["AlarmName"]: alarm for alarm in alarms}


def test_converge_with_the_tiers_in_place(stack: Stack) -> None:
    stack.tiers = _tiers(stack)
    run = stack.converge(tags=ROLES)
    assert run.ok, run.failures or run.stdout[-3000:]


def test_the_alarm_topic_is_encrypted_with_the_stack_key_and_admits_the_alerting_services(stack: Stack) -> None:
    sns = stack.aws("sns")
    [arn] = [t["TopicArn"] for t in sns.list_topics()["Topics"] if t["TopicArn"].endswith(f":{NAME}-alarms")]
    attributes = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    key = stack.aws("kms").describe_key(KeyId=f"alias/{NAME}-notifications")["KeyMetadata"]["Arn"]
    assert attributes["KmsMasterKeyId"] == key
    publishers = {s["Sid"]: s for s in json.loads(attributes["Policy"])["Statement"]}["AlertingServicesPublish"]["Principal"]["Service"]
    assert {"budgets.amazonaws.com", "costalerts.amazonaws.com", "backup.amazonaws.com", "events.amazonaws.com"} <= set(publishers)
    subscriptions = sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"]
    assert [(s["Protocol"], s["Endpoint"]) for s in subscriptions] == [("email", "platform-team@example.com")]


def test_every_tier_has_its_alarms_with_their_thresholds_and_actions(stack: Stack) -> None:
    alarms = _alarms(stack)
    topic = next(t["TopicArn"] for t in stack.aws("sns").list_topics()["Topics"] if t["TopicArn"].endswith(f":{NAME}-alarms"))
    cpu = alarms[f"{NAME}-rds-{DB}-cpu"]
    # Seed 002: RDS CPU above 80 % for 5 minutes.
    assert (cpu["Namespace"], cpu["MetricName"], cpu["Threshold"], cpu["ComparisonOperator"]) == ("AWS/RDS", "CPUUtilization", 80.0, "GreaterThanThreshold")
    assert cpu["Period"] * cpu["EvaluationPeriods"] == 300
    assert cpu["Dimensions"] == [{"Name": "DBInstanceIdentifier", "Value": DB}]
    visible = alarms[f"{NAME}-queue-{NAME}-jobs-visible-messages"]
    # Seed 002: SQS visible messages above 100 for 10 minutes.
    assert (visible["MetricName"], visible["Threshold"], visible["Period"] * visible["EvaluationPeriods"]) == ("ApproximateNumberOfMessagesVisible", 100.0, 600)
    for alarm in alarms.values():
        assert alarm["AlarmActions"] == [topic] and alarm["OKActions"] == [topic], alarm["AlarmName"]
    tiers = {name[len(NAME) + 1 :].split("-")[0] for name in alarms}
    assert tiers == {"alb", "target_group", "rds", "queue", "cache"}
    unhealthy = next(a for n, a in alarms.items() if n.startswith(f"{NAME}-target_group-"))
    assert {d["Name"]: d["Value"] for d in unhealthy["Dimensions"]} == {"TargetGroup": stack.tiers["target_group"], "LoadBalancer": stack.tiers["alb"]}


def test_the_composite_alarm_covers_the_availability_alarms(stack: Stack) -> None:
    [composite] = stack.aws("cloudwatch").describe_alarms(AlarmTypes=["CompositeAlarm"])["CompositeAlarms"]
    assert composite["AlarmName"] == f"{NAME}-service-unavailable"
    named = sorted(n for n in _alarms(stack) if n.endswith("-5xx-rate") or n.startswith(f"{NAME}-target_group-"))
    assert len(named) == 2
    assert composite["AlarmRule"] == " OR ".join(f'ALARM("{n}")' for n in named)


def test_the_dashboard_shows_every_tier(stack: Stack) -> None:
    body = json.loads(stack.aws("cloudwatch").get_dashboard(DashboardName=NAME)["DashboardBody"])
    text = json.dumps(body)
    for resource in (DB, f"{NAME}-jobs", f"{NAME}-cache", stack.tiers["alb"]):
        assert resource in text, f"{resource} is not on the dashboard"


def test_the_stacks_log_groups_keep_their_logs_at_least_the_retention(stack: Stack) -> None:
    logs = stack.aws("logs")
    groups = {g["logGroupName"]: g.get("retentionInDays") for g in logs.describe_log_groups()["logGroups"]}
    flow_logs = f"/webstack/{STACK}/{ENVIRONMENT}/vpc-flow-logs"
    assert groups[flow_logs] is not None and groups[flow_logs] >= 30


def test_the_backup_vault_plan_and_selection(stack: Stack) -> None:
    backup = stack.aws("backup")
    vault = backup.describe_backup_vault(BackupVaultName=NAME)
    key = stack.aws("kms").describe_key(KeyId=f"alias/{NAME}-backup")["KeyMetadata"]["Arn"]
    assert vault["EncryptionKeyArn"] == key
    [plan] = [p for p in backup.list_backup_plans()["BackupPlansList"] if p["BackupPlanName"] == NAME]
    rules = {r["RuleName"]: r for r in backup.get_backup_plan(BackupPlanId=plan["BackupPlanId"])["BackupPlan"]["Rules"]}
    assert sorted(rules) == ["daily", "monthly", "weekly"]
    assert rules["daily"]["EnableContinuousBackup"] is True
    assert rules["monthly"]["Lifecycle"] == {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 365}
    dr_vault = stack.emulator.client("backup", "eu-central-1").describe_backup_vault(BackupVaultName=f"{NAME}-dr")["BackupVaultArn"]
    assert all(rule["CopyActions"][0]["DestinationBackupVaultArn"] == dr_vault for rule in rules.values())
    [selection] = backup.list_backup_selections(BackupPlanId=plan["BackupPlanId"])["BackupSelectionsList"]
    chosen = backup.get_backup_selection(BackupPlanId=plan["BackupPlanId"], SelectionId=selection["SelectionId"])["BackupSelection"]
    assert chosen["IamRoleArn"].endswith(f":role/{NAME}-backup")
    assert sorted((c["ConditionKey"], c["ConditionValue"]) for c in chosen["Conditions"]["StringEquals"]) == [
        ("aws:ResourceTag/webstack:backup", "true"),
        ("aws:ResourceTag/webstack:stack", STACK),
    ]


def test_failed_backup_jobs_reach_the_alarm_topic(stack: Stack) -> None:
    events = stack.aws("events")
    rule = events.describe_rule(Name=f"{NAME}-backup-failures")
    assert json.loads(rule["EventPattern"])["detail"]["state"] == ["FAILED", "ABORTED", "EXPIRED"]
    [target] = events.list_targets_by_rule(Rule=f"{NAME}-backup-failures")["Targets"]
    assert target["Arn"].endswith(f":{NAME}-alarms")


# A no-op and a check run of the whole stack are test_stack_local's; here the two roles, beside the hand-made tiers.
def test_check_on_the_converged_roles_reports_no_change(stack: Stack) -> None:
    run = stack.converge(tags=["monitoring", "backup"], check=True, diff=True)
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []


@pytest.mark.parametrize("role", ["monitoring", "backup"])
def test_a_role_tag_alone_runs_on_the_converged_stack(stack: Stack, role: str) -> None:
    run = stack.converge(tags=[role])
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []
    assert any(t.role == role for t in run.tasks)
    assert [t.task for t in run.tasks if t.role not in (role, "") and not t.task.startswith("Validating arguments")] == []


def test_a_new_tier_gets_its_alarms_and_a_removed_one_loses_them(stack: Stack) -> None:
    sqs = stack.aws("sqs")
    url = sqs.create_queue(QueueName=f"{NAME}-mail", tags={t["Key"]: t["Value"] for t in TAGS})["QueueUrl"]
    assert stack.converge(tags=["monitoring"]).ok
    assert {f"{NAME}-queue-{NAME}-mail-visible-messages", f"{NAME}-queue-{NAME}-mail-oldest-message"} <= set(_alarms(stack))
    sqs.delete_queue(QueueUrl=url)
    run = stack.converge(tags=["monitoring"])
    assert run.ok, run.failures
    assert not [name for name in _alarms(stack) if f"{NAME}-mail" in name]
    assert sorted(run.calls.mutating) == ["cloudwatch:DeleteAlarms", "cloudwatch:DeleteAlarms", "cloudwatch:PutDashboard"]


def test_restore_drill_restores_the_latest_recovery_point_and_reports_rpo_and_duration(stack: Stack, tmp_path: Path) -> None:
    backup = stack.aws("backup")
    arn = stack.aws("rds").describe_db_instances(DBInstanceIdentifier=DB)["DBInstances"][0]["DBInstanceArn"]
    role = stack.aws("iam").get_role(RoleName=f"{NAME}-backup")["Role"]["Arn"]
    backup.start_backup_job(BackupVaultName=NAME, ResourceArn=arn, IamRoleArn=role)
    run = stack.run("playbooks/restore_drill.yml", extravars={"restore_drill_report_dir": str(tmp_path)})
    assert run.ok, run.failures or run.stdout[-3000:]
    report = json.loads((tmp_path / f"restore-drill-{DB}.json").read_text())
    [point] = backup.list_recovery_points_by_resource(ResourceArn=arn)["RecoveryPoints"]
    assert report["recovery_point_arn"] == point["RecoveryPointArn"]
    assert report["achieved_rpo_seconds"] >= 0 and report["restore_duration_seconds"] >= 0
    instances = [i["DBInstanceIdentifier"] for i in stack.aws("rds").describe_db_instances()["DBInstances"]]
    assert instances == [DB], "the drill's instance is deleted"
    assert "rds:RestoreDBInstanceFromDBSnapshot" in run.calls.mutating and "rds:DeleteDBInstance" in run.calls.mutating


def test_restore_drill_restores_the_latest_restorable_time(stack: Stack, tmp_path: Path) -> None:
    run = stack.run("playbooks/restore_drill.yml", extravars={"restore_drill_report_dir": str(tmp_path), "restore_drill_restore_time": "latest"})
    assert run.ok, run.failures or run.stdout[-3000:]
    report = json.loads((tmp_path / f"restore-drill-{DB}.json").read_text())
    assert (report["recovery_point_arn"], report["restore_time"]) == ("", "latest")
    assert "rds:RestoreDBInstanceToPointInTime" in run.calls.mutating
    assert [i["DBInstanceIdentifier"] for i in stack.aws("rds").describe_db_instances()["DBInstances"]] == [DB]


def test_teardown_without_data_loss_keeps_the_vault_that_holds_recovery_points(stack: Stack) -> None:
    run = stack.teardown(extravars={"webstack_allow_data_loss": False}, tags=ROLES)
    assert run.ok, run.failures
    assert stack.aws("backup").describe_backup_vault(BackupVaultName=NAME)["NumberOfRecoveryPoints"] == 1
    assert f"backup:eu-west-1/{NAME}" in tagged_resources(stack.emulator, STACK, ENVIRONMENT)
    assert f"backup:eu-central-1/{NAME}-dr" not in tagged_resources(stack.emulator, STACK, ENVIRONMENT), "an empty vault loses nothing"
    assert not _alarms(stack)
    assert stack.aws("backup").list_backup_plans()["BackupPlansList"] == []


def test_teardown_with_data_loss_deletes_the_recovery_points_and_the_vault(stack: Stack) -> None:
    run = stack.teardown(tags=ROLES)
    assert run.ok, run.failures
    assert [r for r in tagged_resources(stack.emulator, STACK, ENVIRONMENT) if r.startswith(("backup:", "sns:", "cloudwatch:"))] == []
