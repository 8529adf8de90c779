"""The app tier on the local stack: registry, cluster, load balancer, task definition, service, scaling, deploys, teardown.

The network and the task roles come from vpc and security_baseline (site.yml's tags); the data tier is left out here
(test_stack_local checks what the tasks get from it). The tests share one emulator and run in file order.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.harness.emulator import Emulator
from tests.harness.leftovers import tagged_resources
from tests.harness.stack import Run
from tests.harness.stack import Stack

STACK, ENVIRONMENT = "demo", "local"
NAME = f"{STACK}-{ENVIRONMENT}"
PREFIX = f"{NAME}-web"
FAMILY = PREFIX
API = "api.demo.example.com"
CLOUDFRONT = "com.amazonaws.global.cloudfront.origin-facing"
MIGRATION = ["npm", "run", "migrate"]


@pytest.fixture(scope="module")
def stack(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Stack:
    emulator.reset()
    return Stack(emulator, "inventories/local", tmp_path_factory.mktemp("ecs"))


def _service(stack: Stack) -> dict[str, Any]:
    [service] = stack.aws("ecs").describe_services(cluster=NAME, services=[PREFIX], include=["TAGS"])["services"]
    return service


def _task_definition(stack: Stack, arn: str) -> dict[str, Any]:
    return stack.aws("ecs").describe_task_definition(taskDefinition=arn)["taskDefinition"]


def _revision(arn: str) -> int:
    return int(arn.rsplit(":", 1)[1])


def _load_balancer(stack: Stack) -> dict[str, Any]:
    [balancer] = stack.aws("elbv2").describe_load_balancers(Names=[PREFIX])["LoadBalancers"]
    return balancer


def _group(stack: Stack, name: str) -> dict[str, Any]:
    [group] = stack.aws("ec2").describe_security_groups(Filters=[{"Name": "group-name", "Values": [name]}])["SecurityGroups"]
    return group


def _app_tagged(stack: Stack) -> list[str]:
    """The stack's tagged resources the app tier made (security_baseline's task roles aside)."""
    names = tagged_resources(stack.emulator, STACK, ENVIRONMENT)
    return [name for name in names if (f"{PREFIX}" in name or "/ecs/" in name or name.startswith(("ecr:", "ecs:", "elbv2:"))) and not name.startswith("iam:")]


def _deploy(stack: Stack, **extravars: Any) -> Run:
    return stack.run("playbooks/deploy.yml", extravars=extravars)


def test_check_before_the_app_tier_exists_reports_changes_and_calls_nothing_mutating(stack: Stack) -> None:
    made = stack.converge(tags=["security_baseline", "vpc"])
    assert made.ok, made.failures
    run = stack.converge(tags=["ecs_service"], check=True, diff=True)
    assert run.ok, run.failures
    assert run.calls.mutating == []
    assert any(task.startswith("ecs_service | the image repository") for task in run.changed_tasks)


def test_converge_builds_the_app_tier(stack: Stack) -> None:
    run = stack.converge(tags=["ecs_service"])  # the network and the baseline are there since the first test
    assert run.ok, run.failures
    summary = [t.result for t in run.tasks if t.task.startswith("ecs_service | publish")]
    assert summary and summary[-1]["ansible_facts"]["webstack_ecs_service"]["steady"] is True


def test_the_repository_is_immutable_scanned_encrypted_and_expires_old_images(stack: Stack) -> None:
    ecr = stack.aws("ecr")
    [repository] = ecr.describe_repositories(repositoryNames=[PREFIX])["repositories"]
    assert repository["imageTagMutability"] == "IMMUTABLE"
    assert repository["imageScanningConfiguration"]["scanOnPush"] is True
    assert repository["encryptionConfiguration"]["encryptionType"] == "KMS"
    key = stack.aws("kms").describe_key(KeyId=f"alias/{NAME}-storage")["KeyMetadata"]["Arn"]
    assert repository["encryptionConfiguration"]["kmsKey"] == key
    lifecycle = ecr.get_lifecycle_policy(repositoryName=PREFIX)["lifecyclePolicyText"]
    assert '"untagged"' in lifecycle and '"imageCountMoreThan"' in lifecycle


def test_the_cluster_has_insights_fargate_and_spot_and_logs_ecs_exec(stack: Stack) -> None:
    [cluster] = stack.aws("ecs").describe_clusters(clusters=[NAME], include=["SETTINGS", "CONFIGURATIONS"])["clusters"]
    assert {"name": "containerInsights", "value": "enabled"} in cluster["settings"]
    assert sorted(cluster["capacityProviders"]) == ["FARGATE", "FARGATE_SPOT"]
    strategy = {s["capacityProvider"]: (s["weight"], s["base"]) for s in cluster["defaultCapacityProviderStrategy"]}
    assert strategy == {"FARGATE": (1, 1), "FARGATE_SPOT": (3, 0)}
    execute = cluster["configuration"]["executeCommandConfiguration"]
    assert execute["logging"] == "OVERRIDE"
    assert execute["logConfiguration"]["cloudWatchLogGroupName"] == f"/webstack/{STACK}/{ENVIRONMENT}/ecs/execute-command"


def test_the_load_balancer_serves_https_redirects_http_drops_bad_headers_and_logs(stack: Stack) -> None:
    elbv2 = stack.aws("elbv2")
    balancer = _load_balancer(stack)
    assert balancer["Scheme"] == "internet-facing"
    public = stack.aws("ec2").describe_subnets(SubnetIds=[z["SubnetId"] for z in balancer["AvailabilityZones"]])["Subnets"]
    assert {t["Value"] for s in public for t in s["Tags"] if t["Key"] == "webstack:tier"} == {"public"}
    attributes = {a["Key"]: a["Value"] for a in elbv2.describe_load_balancer_attributes(LoadBalancerArn=balancer["LoadBalancerArn"])["Attributes"]}
    account = stack.aws("sts").get_caller_identity()["Account"]
    assert attributes["routing.http.drop_invalid_header_fields.enabled"] == "true"
    assert (attributes["access_logs.s3.enabled"], attributes["access_logs.s3.bucket"]) == ("true", f"{PREFIX}-alb-logs-{account}")
    assert attributes["deletion_protection.enabled"] == "false", "only prod protects the load balancer"
    listeners = {listener["Port"]: listener for listener in elbv2.describe_listeners(LoadBalancerArn=balancer["LoadBalancerArn"])["Listeners"]}
    assert sorted(listeners) == [80, 443]
    https = listeners[443]
    assert (https["Protocol"], https["SslPolicy"]) == ("HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06")
    [certificate] = [c for c in stack.aws("acm").list_certificates()["CertificateSummaryList"] if c["DomainName"] == API]
    assert https["Certificates"] == [{"CertificateArn": certificate["CertificateArn"]}]
    assert stack.aws("acm").describe_certificate(CertificateArn=certificate["CertificateArn"])["Certificate"]["Status"] == "ISSUED"
    assert https["DefaultActions"][0]["Type"] == "forward"
    [redirect] = listeners[80]["DefaultActions"]
    assert redirect["Type"] == "redirect"
    config = redirect["RedirectConfig"]
    assert (config["Protocol"], config["Port"], config["StatusCode"]) == ("HTTPS", "443", "HTTP_301")


def test_the_target_group_checks_the_health_path_on_the_container_port(stack: Stack) -> None:
    elbv2 = stack.aws("elbv2")
    [group] = elbv2.describe_target_groups(Names=[PREFIX])["TargetGroups"]
    assert (group["TargetType"], group["Protocol"], group["Port"]) == ("ip", "HTTP", 3000)
    assert (group["HealthCheckPath"], group["HealthCheckPort"], group["Matcher"]["HttpCode"]) == ("/api/health", "traffic-port", "200-399")
    attributes = {a["Key"]: a["Value"] for a in elbv2.describe_target_group_attributes(TargetGroupArn=group["TargetGroupArn"])["Attributes"]}
    assert attributes["deregistration_delay.timeout_seconds"] == "30"


def test_only_cloudfront_reaches_the_load_balancer_and_only_the_load_balancer_reaches_the_tasks(stack: Stack) -> None:
    [prefix_list] = stack.aws("ec2").describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": [CLOUDFRONT]}])["PrefixLists"]
    alb = _group(stack, f"{PREFIX}-alb")
    sources = [
        (p["FromPort"], p.get("IpRanges", []), p.get("Ipv6Ranges", []), [x["PrefixListId"] for x in p.get("PrefixListIds", [])]) for p in alb["IpPermissions"]
    ]
    assert sorted(sources) == [(80, [], [], [prefix_list["PrefixListId"]]), (443, [], [], [prefix_list["PrefixListId"]])]
    tasks = _group(stack, f"{PREFIX}-tasks")
    [ingress] = tasks["IpPermissions"]
    assert (ingress["FromPort"], ingress["ToPort"]) == (3000, 3000)
    assert ingress["IpRanges"] == [] and ingress["Ipv6Ranges"] == [] and ingress.get("PrefixListIds", []) == []
    assert [pair["GroupId"] for pair in ingress["UserIdGroupPairs"]] == [alb["GroupId"]]


def test_the_service_runs_privately_with_the_circuit_breaker_and_is_steady(stack: Stack) -> None:
    service = _service(stack)
    network = service["networkConfiguration"]["awsvpcConfiguration"]
    assert network["assignPublicIp"] == "DISABLED"
    private = stack.aws("ec2").describe_subnets(SubnetIds=network["subnets"])["Subnets"]
    assert {t["Value"] for s in private for t in s["Tags"] if t["Key"] == "webstack:tier"} == {"private"}
    assert network["securityGroups"] == [_group(stack, f"{PREFIX}-tasks")["GroupId"]]
    deployment = service["deploymentConfiguration"]
    assert deployment["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}
    assert (deployment["minimumHealthyPercent"], deployment["maximumPercent"]) == (50, 200)
    assert service["healthCheckGracePeriodSeconds"] == 60
    [target] = service["loadBalancers"]
    assert (target["containerName"], target["containerPort"]) == ("web", 3000)
    assert [d["status"] for d in service["deployments"]] == ["PRIMARY"]
    assert service["runningCount"] == service["desiredCount"] == 2


def test_the_task_definition_is_locked_down_and_logs_to_its_group(stack: Stack) -> None:
    definition = _task_definition(stack, _service(stack)["taskDefinition"])
    assert (definition["cpu"], definition["memory"], definition["networkMode"]) == ("512", "1024", "awsvpc")
    assert definition["requiresCompatibilities"] == ["FARGATE"]
    assert definition["executionRoleArn"].endswith(f":role/{NAME}-ecs-execution")
    assert definition["taskRoleArn"].endswith(f":role/{PREFIX}-task")
    [container] = definition["containerDefinitions"]
    assert container["readonlyRootFilesystem"] is True
    repository = stack.aws("ecr").describe_repositories(repositoryNames=[PREFIX])["repositories"][0]["repositoryUri"]
    assert container["image"] == f"{repository}:1.0.0"
    assert container["logConfiguration"]["options"]["awslogs-group"] == f"/webstack/{STACK}/{ENVIRONMENT}/ecs/web"
    assert "webstack.definition-hash" in container["dockerLabels"]
    assert [v["name"] for v in container.get("environment", []) if v["name"].startswith(("DATABASE", "CACHE"))] == [], "no data tier in this stack"


def test_autoscaling_tracks_cpu_memory_and_requests_between_the_bounds(stack: Stack) -> None:
    scaling = stack.aws("application-autoscaling")
    resource = f"service/{NAME}/{PREFIX}"
    [target] = scaling.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[resource])["ScalableTargets"]
    assert (target["MinCapacity"], target["MaxCapacity"]) == (2, 10)
    policies = scaling.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource)["ScalingPolicies"]
    configurations = [p["TargetTrackingScalingPolicyConfiguration"] for p in policies]
    targets = {c["PredefinedMetricSpecification"]["PredefinedMetricType"]: c["TargetValue"] for c in configurations}
    assert targets == {"ECSServiceAverageCPUUtilization": 60.0, "ECSServiceAverageMemoryUtilization": 75.0, "ALBRequestCountPerTarget": 1000.0}
    assert scaling.describe_scheduled_actions(ServiceNamespace="ecs", ResourceId=resource)["ScheduledActions"] == [], "no off-hours outside dev"


def test_check_on_the_converged_app_tier_reports_no_change(stack: Stack) -> None:
    run = stack.converge(tags=["ecs_service"], check=True, diff=True)
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []


def test_the_app_tier_alone_finds_what_it_depends_on_by_tags(stack: Stack) -> None:
    run = stack.converge(tags=["ecs_service"])
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []
    assert [t.task for t in run.tasks if t.role in ("vpc", "security_baseline") and not t.task.startswith("Validating arguments")] == []


def test_off_hours_scale_to_zero_and_back_on_a_schedule(stack: Stack) -> None:
    run = stack.converge(tags=["ecs_service"], extravars={"ecs_service_off_hours": True})
    assert run.ok, run.failures
    actions = stack.aws("application-autoscaling").describe_scheduled_actions(ServiceNamespace="ecs", ResourceId=f"service/{NAME}/{PREFIX}")["ScheduledActions"]
    found = {a["ScheduledActionName"]: (a["Schedule"], a["ScalableTargetAction"]) for a in actions}
    assert found == {
        f"{PREFIX}-off-hours-stop": ("cron(0 20 ? * MON-FRI *)", {"MinCapacity": 0, "MaxCapacity": 0}),
        f"{PREFIX}-off-hours-start": ("cron(0 7 ? * MON-FRI *)", {"MinCapacity": 2, "MaxCapacity": 10}),
    }
    back = stack.converge(tags=["ecs_service"])
    assert back.ok, back.failures
    remaining = stack.aws("application-autoscaling").describe_scheduled_actions(ServiceNamespace="ecs", ResourceId=f"service/{NAME}/{PREFIX}")
    assert remaining["ScheduledActions"] == []


def test_deploy_runs_the_migration_then_moves_the_service_to_a_new_revision(stack: Stack) -> None:
    before = _service(stack)["taskDefinition"]
    run = _deploy(stack, ecs_service_image_tag="1.1.0", ecs_service_migration_command=MIGRATION)
    assert run.ok, run.failures
    after = _service(stack)
    assert _revision(after["taskDefinition"]) == _revision(before) + 1
    assert _task_definition(stack, after["taskDefinition"])["containerDefinitions"][0]["image"].endswith(":1.1.0")
    assert [d["status"] for d in after["deployments"]] == ["PRIMARY"] and after["runningCount"] == after["desiredCount"]
    migration = [t.result for t in run.tasks if t.task.startswith("ecs_service | run the migration")]
    assert migration and not migration[0].get("skipped")
    [task] = migration[0]["tasks"]
    assert task["last_status"] == "STOPPED"
    assert task["task_definition_arn"] == after["taskDefinition"]
    assert {c["name"]: c["exit_code"] for c in task["containers"]} == {"web": 0}
    # The same deploy again makes no new revision and runs no migration.
    again = _deploy(stack, ecs_service_image_tag="1.1.0", ecs_service_migration_command=MIGRATION)
    assert again.ok, again.failures
    assert again.calls.mutating == []


def test_rollback_returns_the_service_to_the_previous_revision(stack: Stack) -> None:
    current = _service(stack)["taskDefinition"]
    run = stack.run("playbooks/rollback.yml")
    assert run.ok, run.failures
    service = _service(stack)
    assert _revision(service["taskDefinition"]) == _revision(current) - 1
    assert _task_definition(stack, service["taskDefinition"])["containerDefinitions"][0]["image"].endswith(":1.0.0")
    assert service["runningCount"] == service["desiredCount"]
    # The inventory names 1.0.0 again: a converge keeps the rolled-back revision.
    converge = stack.converge(tags=["ecs_service"])
    assert converge.ok, converge.failures
    assert converge.calls.mutating == []


def test_rollback_refuses_a_revision_that_is_not_the_services_family(stack: Stack) -> None:
    run = stack.run("playbooks/rollback.yml", extravars={"ecs_service_rollback_to": "other-family:1"})
    assert not run.ok
    assert "ecs_service_rollback_to" in " ".join(run.failures)
    assert run.calls.mutating == []


def test_teardown_without_data_loss_keeps_the_images_and_the_logs(stack: Stack) -> None:
    run = stack.teardown(tags=["ecs_service"], extravars={"webstack_allow_data_loss": False})
    assert run.ok, run.failures
    account = stack.aws("sts").get_caller_identity()["Account"]
    app = _app_tagged(stack)
    assert sorted(app) == sorted(
        [
            f"ecr:{PREFIX}",
            f"logs:/webstack/{STACK}/{ENVIRONMENT}/ecs/web",
            f"logs:/webstack/{STACK}/{ENVIRONMENT}/ecs/execute-command",
            f"s3:{PREFIX}-alb-logs-{account}",
        ]
    )
    assert stack.aws("ecs").describe_clusters(clusters=[NAME])["clusters"][0]["status"] == "INACTIVE"
    assert stack.aws("elbv2").describe_load_balancers()["LoadBalancers"] == []
    assert [c for c in stack.aws("acm").list_certificates()["CertificateSummaryList"] if c["DomainName"] == API] == []
    again = stack.teardown(tags=["ecs_service"], extravars={"webstack_allow_data_loss": False})
    assert again.ok, again.failures
    assert again.calls.mutating == []


def test_teardown_with_data_loss_removes_the_rest(stack: Stack) -> None:
    run = stack.teardown(tags=["ecs_service"])
    assert run.ok, run.failures
    assert _app_tagged(stack) == []
    assert stack.aws("ecr").describe_repositories()["repositories"] == []
