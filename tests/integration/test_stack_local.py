"""The full local stack, as a platform team runs it: plan, converge, re-run, partial run, teardown.

The tests run in file order on one emulator (tests/integration/conftest.py keeps them on one xdist worker).
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

import pytest

from tests.harness.iam_lint import at_least
from tests.harness.iam_lint import findings
from tests.harness.leftovers import managed_resources
from tests.harness.leftovers import tagged_resources
from tests.harness.stack import Run
from tests.harness.stack import Stack

STACK, ENVIRONMENT = "demo", "local"
_no_op: list[Run] = []  # the second converge, whose calls the read bound counts


def _vpc(stack: Stack) -> dict:
    vpcs = stack.aws("ec2").describe_vpcs(Filters=[{"Name": "tag:webstack:stack", "Values": [STACK]}])["Vpcs"]
    assert len(vpcs) == 1, vpcs
    return vpcs[0]


def test_check_on_an_empty_account_changes_nothing(local_stack: Stack) -> None:
    run = local_stack.converge(check=True)
    assert run.ok, run.failures or run.stdout[-3000:]
    assert run.changed > 0, "check mode on an empty account must report what it would create"
    assert run.calls.mutating == []
    assert local_stack.aws("ec2").describe_vpcs(Filters=[{"Name": "tag:webstack:stack", "Values": [STACK]}])["Vpcs"] == []


def test_converge_builds_the_network(local_stack: Stack) -> None:
    run = local_stack.converge()
    assert run.ok, run.failures or run.stdout[-3000:]
    ec2 = local_stack.aws("ec2")
    vpc = _vpc(local_stack)
    assert vpc["CidrBlock"] == "10.40.0.0/16"
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    tiers: dict[str, set[str]] = {}
    for subnet in subnets:
        tags = {t["Key"]: t["Value"] for t in subnet["Tags"]}
        tiers.setdefault(tags["webstack:tier"], set()).add(subnet["AvailabilityZone"])
        assert not subnet["MapPublicIpOnLaunch"]
    assert tiers == {tier: {"eu-west-1a", "eu-west-1b", "eu-west-1c"} for tier in ("public", "private", "isolated")}
    nats = ec2.describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}, {"Name": "state", "Values": ["available"]}])
    assert len(nats["NatGateways"]) == 3
    addresses = ec2.describe_addresses(Filters=[{"Name": "tag:webstack:stack", "Values": [STACK]}])["Addresses"]
    assert sorted(a["AllocationId"] for a in addresses) == sorted(n["NatGatewayAddresses"][0]["AllocationId"] for n in nats["NatGateways"])


DOMAINS = ["backup", "cache", "database", "logs", "notifications", "secrets", "storage"]
# The edge's own key for its site bucket (its policy names the distribution), beside the security baseline's keys.
SITE_KEY = f"alias/{STACK}-{ENVIRONMENT}-site"


def _stack_keys(stack: Stack) -> dict[str, dict]:
    """The stack's keys by domain (from their aliases), with their metadata."""
    kms = stack.aws("kms")
    prefix = f"alias/{STACK}-{ENVIRONMENT}-"
    aliases = [a for a in kms.list_aliases()["Aliases"] if a["AliasName"].startswith(prefix) and a["AliasName"][len(prefix) :] in DOMAINS]
    return {a["AliasName"][len(prefix) :]: kms.describe_key(KeyId=a["TargetKeyId"])["KeyMetadata"] for a in aliases}


def _customer_keys(stack: Stack) -> list[dict]:
    """Every customer-managed key of the account (AWS makes its own, like aws/ebs, on first use)."""
    kms = stack.aws("kms")
    keys = [kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"] for key in kms.list_keys()["Keys"]]
    return [key for key in keys if key["KeyManager"] == "CUSTOMER"]


def test_converge_builds_the_security_baseline(local_stack: Stack) -> None:
    keys = _stack_keys(local_stack)
    kms = local_stack.aws("kms")
    assert sorted(keys) == DOMAINS
    assert all(kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"] for key in keys.values())
    assert len(_customer_keys(local_stack)) == len(DOMAINS) + 1, "the vpc role uses the stack's logs key instead of making its own; the edge has the site key"
    [trail] = local_stack.aws("cloudtrail").describe_trails()["trailList"]
    assert (trail["IsMultiRegionTrail"], trail["LogFileValidationEnabled"], trail["KmsKeyId"]) == (True, True, keys["logs"]["Arn"])
    assert local_stack.aws("cloudtrail").get_trail_status(Name=trail["TrailARN"])["IsLogging"]
    [recorder] = local_stack.aws("config").describe_configuration_recorder_status()["ConfigurationRecordersStatus"]
    assert recorder["recording"]
    guardduty = local_stack.aws("guardduty")
    [detector] = guardduty.list_detectors()["DetectorIds"]
    assert guardduty.get_detector(DetectorId=detector)["Status"] == "ENABLED"
    standards = local_stack.aws("securityhub").get_enabled_standards()["StandardsSubscriptions"]
    assert sorted(s["StandardsArn"].split("/", 1)[1] for s in standards) == [
        "aws-foundational-security-best-practices/v/1.0.0",
        "cis-aws-foundations-benchmark/v/3.0.0",
    ]
    account = local_stack.aws("sts").get_caller_identity()["Account"]
    block = local_stack.aws("s3control").get_public_access_block(AccountId=account)["PublicAccessBlockConfiguration"]
    assert all(block.values()) and len(block) == 4
    ec2 = local_stack.aws("ec2")
    assert ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"]
    assert ec2.get_ebs_default_kms_key_id()["KmsKeyId"] == keys["storage"]["Arn"]
    [log_group] = local_stack.aws("logs").describe_log_groups(logGroupNamePrefix="/webstack/demo/local/vpc-flow-logs")["logGroups"]
    assert log_group["kmsKeyId"] == keys["logs"]["Arn"]


def test_converge_sets_up_the_budget_and_anomaly_detection(local_stack: Stack) -> None:
    account = local_stack.aws("sts").get_caller_identity()["Account"]
    budgets = local_stack.aws("budgets")
    name = f"{STACK}-{ENVIRONMENT}-cost"
    budget = budgets.describe_budget(AccountId=account, BudgetName=name)["Budget"]
    assert (budget["TimeUnit"], float(budget["BudgetLimit"]["Amount"]), budget["BudgetLimit"]["Unit"]) == ("MONTHLY", 500.0, "USD")
    assert budget["CostFilters"] == {"TagKeyValue": [f"user:webstack:stack${STACK}"]}
    notifications = budgets.describe_notifications_for_budget(AccountId=account, BudgetName=name)["Notifications"]
    assert sorted((n["NotificationType"], n["Threshold"]) for n in notifications) == [("ACTUAL", 80.0), ("ACTUAL", 100.0), ("FORECASTED", 100.0)]
    # The monitoring role made the alarm topic: budget alerts go to it and to the address, anomalies to it at once.
    topic = next(t["TopicArn"] for t in local_stack.aws("sns").list_topics()["Topics"] if t["TopicArn"].endswith(f":{STACK}-{ENVIRONMENT}-alarms"))
    for notification in notifications:
        subscribers = budgets.describe_subscribers_for_notification(AccountId=account, BudgetName=name, Notification=notification)["Subscribers"]
        assert sorted((s["SubscriptionType"], s["Address"]) for s in subscribers) == [("EMAIL", "platform-team@example.com"), ("SNS", topic)]
    ce = local_stack.aws("ce")
    [monitor] = ce.get_anomaly_monitors()["AnomalyMonitors"]
    assert (monitor["MonitorName"], monitor["MonitorType"]) == (name, "CUSTOM")
    assert monitor["MonitorSpecification"]["Tags"] == {"Key": "webstack:stack", "Values": [STACK], "MatchOptions": ["EQUALS"]}
    [subscription] = ce.get_anomaly_subscriptions()["AnomalySubscriptions"]
    assert (subscription["MonitorArnList"], subscription["Frequency"]) == ([monitor["MonitorArn"]], "IMMEDIATE")
    assert [(s["Type"], s["Address"]) for s in subscription["Subscribers"]] == [("SNS", topic)]
    assert subscription["ThresholdExpression"]["Dimensions"]["Values"] in (["100"], ["100.0"])
    statuses = {t["TagKey"]: t["Status"] for t in ce.list_cost_allocation_tags()["CostAllocationTags"]}
    for key in ("webstack:stack", "webstack:environment", "webstack:component", "owner", "cost-center"):
        assert statuses.get(key) == "Active", f"{key} is not an active cost allocation tag: {statuses}"


def test_every_policy_aws_holds_for_the_stacks_roles_passes_the_iam_linter(local_stack: Stack) -> None:
    iam = local_stack.aws("iam")
    roles = [role["RoleName"] for role in iam.list_roles()["Roles"] if role["RoleName"].startswith(f"{STACK}-{ENVIRONMENT}-")]
    assert {f"{STACK}-{ENVIRONMENT}-{name}" for name in ("ecs-execution", "web-task", "ci-deploy", "config")} <= set(roles)
    linted = 0
    for role in roles:
        for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
            document = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
            assert at_least("MEDIUM", findings(document)) == [], f"{role}/{name}"
            linted += 1
    assert linted >= 5


def test_private_tier_leaves_through_its_own_az_nat_and_isolated_tier_has_no_default_route(local_stack: Stack) -> None:
    ec2 = local_stack.aws("ec2")
    vpc = _vpc(local_stack)
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["RouteTables"]
    by_tier: dict[str, list[dict]] = {}
    for table in tables:
        tags = {t["Key"]: t["Value"] for t in table.get("Tags", [])}
        if "webstack:tier" in tags:
            by_tier.setdefault(tags["webstack:tier"], []).append(table)
    default = "0.0.0.0/0"
    [public] = by_tier["public"]
    assert any(r.get("DestinationCidrBlock") == default and r.get("GatewayId", "").startswith("igw-") for r in public["Routes"])
    assert len(by_tier["private"]) == 3
    nat_targets = {r["NatGatewayId"] for t in by_tier["private"] for r in t["Routes"] if r.get("DestinationCidrBlock") == default}
    assert len(nat_targets) == 3
    [isolated] = by_tier["isolated"]
    assert not any(r.get("DestinationCidrBlock") == default for r in isolated["Routes"])


def test_endpoints_default_group_and_data_tier_acl(local_stack: Stack) -> None:
    ec2 = local_stack.aws("ec2")
    vpc_id = _vpc(local_stack)["VpcId"]
    endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["VpcEndpoints"]
    services = sorted(e["ServiceName"].split("eu-west-1.", 1)[1] for e in endpoints)
    assert services == sorted(["s3", "dynamodb", "ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "sts", "kms"])
    [default] = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]
    assert default["IpPermissions"] == [] and default["IpPermissionsEgress"] == []
    acls = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "tag:webstack:tier", "Values": ["isolated"]}])
    [acl] = acls["NetworkAcls"]
    assert len(acl["Associations"]) == 3
    inbound_ports = {e["PortRange"]["From"] for e in acl["Entries"] if not e["Egress"] and e["RuleAction"] == "allow" and "PortRange" in e}
    assert inbound_ports == {5432, 6379}


def test_flow_logs_go_to_an_encrypted_log_group(local_stack: Stack) -> None:
    vpc_id = _vpc(local_stack)["VpcId"]
    [flow_log] = local_stack.aws("ec2").describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc_id]}])["FlowLogs"]
    assert flow_log["TrafficType"] == "ALL"
    [group] = local_stack.aws("logs").describe_log_groups(logGroupNamePrefix=flow_log["LogGroupName"])["logGroups"]
    assert group["retentionInDays"] == 90
    assert group["kmsKeyId"].startswith("arn:aws:kms:")


def test_the_app_tier_reaches_the_data_tier_through_its_clients_groups_and_secrets(local_stack: Stack) -> None:
    ecs = local_stack.aws("ecs")
    [service] = ecs.describe_services(cluster=f"{STACK}-{ENVIRONMENT}", services=[f"{STACK}-{ENVIRONMENT}-web"])["services"]
    [container] = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]["containerDefinitions"]
    environment = {v["name"]: v["value"] for v in container["environment"]}
    [proxy] = local_stack.aws("rds").describe_db_proxies()["DBProxies"]
    assert (environment["DATABASE_HOST"], environment["DATABASE_PORT"]) == (proxy["Endpoint"], "5432")
    assert environment["CACHE_TLS"] == "true" and environment["CACHE_PORT"] == "6379"
    secrets = {s["name"]: s["valueFrom"] for s in container["secrets"]}
    [db] = local_stack.aws("rds").describe_db_instances()["DBInstances"]
    assert secrets["DATABASE_SECRET"] == db["MasterUserSecret"]["SecretArn"]
    assert secrets["CACHE_AUTH_TOKEN"] == local_stack.aws("secretsmanager").describe_secret(SecretId=f"{STACK}-{ENVIRONMENT}-cache-auth")["ARN"]
    groups = local_stack.aws("ec2").describe_security_groups(GroupIds=service["networkConfiguration"]["awsvpcConfiguration"]["securityGroups"])
    names = sorted(g["GroupName"] for g in groups["SecurityGroups"])
    assert names == [f"{STACK}-{ENVIRONMENT}-{name}" for name in ("cache-clients", "db-clients", "web-tasks")]


def test_every_resource_carries_the_stack_tags(local_stack: Stack) -> None:
    ec2 = local_stack.aws("ec2")
    vpc_id = _vpc(local_stack)["VpcId"]
    for subnet in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]:
        tags = {t["Key"]: t["Value"] for t in subnet["Tags"]}
        assert tags["webstack:component"] == "vpc" and tags["ManagedBy"] == "ansible" and tags["owner"] == "platform-team"


def test_second_converge_changes_nothing_and_calls_nothing_mutating(local_stack: Stack) -> None:
    run = local_stack.converge()
    _no_op.append(run)
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []


def test_check_on_the_converged_stack_reports_no_change(local_stack: Stack) -> None:
    run = local_stack.converge(check=True, diff=True)
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []


def test_no_op_reads_at_most_three_times_per_managed_resource(local_stack: Stack) -> None:
    """The role reads each kind once and leaves converged items alone; it must not fall back to a module run per item."""
    [run] = _no_op  # the second converge's calls
    assert run.ok, run.failures
    managed = len(managed_resources(local_stack.emulator, STACK, ENVIRONMENT))
    assert len(run.calls.calls) <= 3 * managed, f"{len(run.calls.calls)} calls for {managed} resources"


def test_drift_is_repaired_and_only_the_drifted_items_are_touched(local_stack: Stack) -> None:
    ec2 = local_stack.aws("ec2")
    vpc_id = _vpc(local_stack)["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "tag:webstack:tier", "Values": ["public"]}])["Subnets"]
    ec2.delete_tags(Resources=[subnets[0]["SubnetId"]], Tags=[{"Key": "owner"}])
    [table] = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "tag:webstack:tier", "Values": ["public"]}])["RouteTables"]
    ec2.delete_route(RouteTableId=table["RouteTableId"], DestinationCidrBlock="0.0.0.0/0")
    [endpoint] = ec2.describe_vpc_endpoints(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "service-name", "Values": ["com.amazonaws.eu-west-1.s3"]}]
    )["VpcEndpoints"]
    ec2.delete_tags(Resources=[endpoint["VpcEndpointId"]], Tags=[{"Key": "Name"}])

    run = local_stack.converge()
    assert run.ok, run.failures
    assert sorted(run.changed_tasks) == ["vpc | create the endpoints", "vpc | create the subnets of every tier", "vpc | wait for the route tables"]
    assert sorted(run.calls.mutating) == ["ec2:CreateRoute", "ec2:CreateTags", "ec2:CreateTags"]
    subnet = ec2.describe_subnets(SubnetIds=[subnets[0]["SubnetId"]])["Subnets"][0]
    assert {t["Key"]: t["Value"] for t in subnet["Tags"]}["owner"] == "platform-team"
    [table] = ec2.describe_route_tables(RouteTableIds=[table["RouteTableId"]])["RouteTables"]
    assert any(r.get("DestinationCidrBlock") == "0.0.0.0/0" and r.get("GatewayId", "").startswith("igw-") for r in table["Routes"])
    # That the repair is complete is the next test's: `--tags vpc` then changes nothing.


def test_vpc_tag_alone_runs_on_the_converged_stack(local_stack: Stack) -> None:
    run = local_stack.converge(tags=["vpc"])
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []
    assert any(t.role == "vpc" for t in run.tasks)
    assert "stack summary" in run.stdout.lower() or any(t.task.startswith("summary") for t in run.tasks)


def test_security_baseline_tag_alone_runs_on_the_converged_stack(local_stack: Stack) -> None:
    run = local_stack.converge(tags=["security_baseline"])
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []
    assert any(t.role == "security_baseline" for t in run.tasks)
    assert [t.task for t in run.tasks if t.role == "vpc" and not t.task.startswith("Validating arguments")] == []


def test_cost_tag_alone_runs_on_the_converged_stack(local_stack: Stack) -> None:
    run = local_stack.converge(tags=["cost"])
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []
    assert any(t.role == "cost" and t.task.startswith("cost | converge the budget") for t in run.tasks)
    assert [t.task for t in run.tasks if t.role in ("vpc", "security_baseline") and not t.task.startswith("Validating arguments")] == []


def test_teardown_without_data_loss_keeps_the_audit_records_and_the_keys(local_stack: Stack) -> None:
    run = local_stack.teardown(extravars={"webstack_allow_data_loss": False})
    assert run.ok, run.failures
    kept = tagged_resources(local_stack.emulator, STACK, ENVIRONMENT)
    account = local_stack.aws("sts").get_caller_identity()["Account"]
    [snapshot] = local_stack.aws("rds").describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]
    assert snapshot["DBSnapshotIdentifier"].startswith(f"{STACK}-{ENVIRONMENT}-db-final-")
    cache_logs = [f"logs:/aws/elasticache/{STACK}-{ENVIRONMENT}-cache/{kind}" for kind in ("slow-log", "engine-log")]
    # The edge keeps its site and access log buckets, the site key and both web ACLs' WAF logs (us-east-1, the stack's Region).
    site_key = local_stack.aws("kms").describe_key(KeyId=SITE_KEY)["KeyMetadata"]
    edge = [f"s3:{STACK}-{ENVIRONMENT}-{kind}-{account}" for kind in ("site", "edge-logs")]
    edge += [f"kms:{site_key['KeyId']}", f"logs:us-east-1/aws-waf-logs-{STACK}-{ENVIRONMENT}", f"logs:aws-waf-logs-{STACK}-{ENVIRONMENT}"]
    # The app tier keeps its images, its logs and its load balancer's access logs.
    app = [f"ecr:{STACK}-{ENVIRONMENT}-web", f"s3:{STACK}-{ENVIRONMENT}-web-alb-logs-{account}"]
    app += [f"logs:/webstack/{STACK}/{ENVIRONMENT}/ecs/{kind}" for kind in ("web", "execute-command")]
    assert sorted(kept) == sorted(
        [f"s3:{STACK}-{ENVIRONMENT}-audit-{account}", f"logs:/webstack/{STACK}/{ENVIRONMENT}/vpc-flow-logs"]
        + [f"kms:{key['KeyId']}" for key in _stack_keys(local_stack).values()]
        + [f"rds:snapshot/{snapshot['DBSnapshotIdentifier']}", *cache_logs, *edge, *app]
    )
    assert site_key["KeyState"] == "Enabled"
    assert {key["KeyState"] for key in _stack_keys(local_stack).values()} == {"Enabled"}


@pytest.mark.parametrize("attempt", [1, 2])
def test_teardown_leaves_nothing_tagged(local_stack: Stack, attempt: int) -> None:
    run = local_stack.teardown()
    assert run.ok, run.failures
    if attempt == 2:
        assert run.calls.mutating == [], "a second teardown must find nothing to delete"
    assert tagged_resources(local_stack.emulator, STACK, ENVIRONMENT) == []
    assert local_stack.aws("ec2").describe_addresses()["Addresses"] == [], "the NAT gateways' elastic IPs must be released"


def test_teardown_schedules_the_keys_deletion_with_a_window(local_stack: Stack) -> None:
    keys = _customer_keys(local_stack)
    assert len(keys) == len(DOMAINS) + 1, "the security baseline's keys and the edge's site key"
    assert {key["KeyState"] for key in keys} == {"PendingDeletion"}
    now = datetime.now(UTC)
    assert all(29 <= (key["DeletionDate"] - now).days <= 30 for key in keys), "deleted after the 30-day window, never at once"
    assert local_stack.aws("cloudtrail").describe_trails()["trailList"] == []
    assert local_stack.aws("guardduty").list_detectors()["DetectorIds"] == []


def test_converge_after_teardown_rebuilds_one_stack_and_revives_its_keys(local_stack: Stack) -> None:
    run = local_stack.converge()
    assert run.ok, run.failures
    _vpc(local_stack)  # exactly one VPC
    keys = _stack_keys(local_stack)
    assert sorted(keys) == DOMAINS
    assert {key["KeyState"] for key in keys.values()} == {"Enabled"}
    assert len(_customer_keys(local_stack)) == len(DOMAINS) + 1, "keys scheduled for deletion are revived, not duplicated"
