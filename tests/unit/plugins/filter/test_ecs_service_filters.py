"""The ecs_service role's input checks and derived documents: every bad input is named, good input passes."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.filter.ecs_service import FARGATE_SIZES
from ansible_collections.webstack.aws.plugins.filter.ecs_service import HASH_LABEL
from ansible_collections.webstack.aws.plugins.filter.ecs_service import FilterModule
from ansible_collections.webstack.aws.plugins.filter.ecs_service import ecs_service_alb_log_policy
from ansible_collections.webstack.aws.plugins.filter.ecs_service import ecs_service_containers
from ansible_collections.webstack.aws.plugins.filter.ecs_service import ecs_service_ecr_lifecycle
from ansible_collections.webstack.aws.plugins.filter.ecs_service import ecs_service_errors
from ansible_collections.webstack.aws.plugins.filter.ecs_service import ecs_service_secrets_policy
from ansible_collections.webstack.aws.plugins.filter.ecs_service import image_error

SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:demo-prod-cache-auth-AbCdEf"
PARAMETER = "arn:aws:ssm:eu-west-1:123456789012:parameter/demo/prod/feature-flags"

GOOD: dict[str, Any] = {
    "webstack_environment": "prod",
    "ecs_service_name": "web",
    "ecs_service_image": "",
    "ecs_service_image_tag": "1.4.2",
    "ecs_service_container_port": 3000,
    "ecs_service_cpu": 512,
    "ecs_service_memory": 1024,
    "ecs_service_environment": {"LOG_LEVEL": "info"},
    "ecs_service_secrets": {"CACHE_AUTH_TOKEN": SECRET, "FLAGS": PARAMETER},
    "ecs_service_log_retention_days": 30,
    "ecs_service_xray": False,
    "ecs_service_xray_image": "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1",
    "ecs_service_launch_type": "fargate",
    "ecs_service_capacity_strategy": [{"capacity_provider": "FARGATE", "weight": 1, "base": 2}, {"capacity_provider": "FARGATE_SPOT", "weight": 3}],
    "ecs_service_ingress": "alb",
    "ecs_service_namespace": "demo-prod.internal",
    "ecs_service_api_throttle_rate": 50,
    "ecs_service_api_throttle_burst": 100,
    "ecs_service_health_check_path": "/api/health",
    "ecs_service_health_check_grace_seconds": 60,
    "ecs_service_deregistration_delay": 30,
    "ecs_service_alb_ingress": "cloudfront",
    "ecs_service_certificate_arn": "",
    "ecs_service_domain_name": "api.example.com",
    "ecs_service_hosted_zone": "example.com",
    "ecs_service_tls_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ecs_service_alb_deletion_protection": True,
    "ecs_service_alb_log_days": 90,
    "ecs_service_min_healthy_percent": 100,
    "ecs_service_max_percent": 200,
    "ecs_service_desired_count": 2,
    "ecs_service_min_capacity": 2,
    "ecs_service_max_capacity": 10,
    "ecs_service_cpu_target": 60,
    "ecs_service_memory_target": 75,
    "ecs_service_requests_per_target": 1000,
    "ecs_service_scale_in_cooldown": 300,
    "ecs_service_scale_out_cooldown": 60,
    "ecs_service_off_hours": False,
    "ecs_service_off_hours_stop": "cron(0 20 ? * MON-FRI *)",
    "ecs_service_off_hours_start": "cron(0 7 ? * MON-FRI *)",
    "ecs_service_ecr_keep_images": 30,
    "ecs_service_container_insights": "enabled",
    "ecs_service_ec2_instance_type": "t3.medium",
    "ecs_service_ec2_min_size": 2,
    "ecs_service_ec2_max_size": 10,
    "ecs_service_ec2_target_capacity": 100,
    "ecs_service_ec2_root_volume_gb": 30,
    "ecs_service_ec2_ami_parameter": "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
    "ecs_service_wait_timeout": 900,
}


def errors(**overrides: Any) -> list[str]:
    return ecs_service_errors({**GOOD, **overrides})


def test_good_settings_pass() -> None:
    assert errors() == []
    assert errors(webstack_environment="dev", ecs_service_min_healthy_percent=50, ecs_service_off_hours=True, ecs_service_min_capacity=1) == []
    assert errors(ecs_service_ingress="http_api") == []
    assert errors(ecs_service_launch_type="ec2", ecs_service_cpu=1536, ecs_service_memory=3000, ecs_service_capacity_strategy=[]) == []


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"ecs_service_name": "Web_1"}, "ecs_service_name"),
        ({"ecs_service_launch_type": "lambda"}, "ecs_service_launch_type"),
        ({"ecs_service_ingress": "nlb"}, "ecs_service_ingress"),
        ({"ecs_service_log_retention_days": 10}, "ecs_service_log_retention_days"),
        ({"ecs_service_image_tag": ""}, "ecs_service_image_tag"),
        ({"ecs_service_image_tag": "latest"}, "ecs_service_image_tag"),
        ({"ecs_service_image": "registry.example.com:5000/team/web"}, "ecs_service_image"),
        ({"ecs_service_image": "web@sha256:abc"}, "ecs_service_image"),
        ({"ecs_service_image": "team/web:latest"}, "ecs_service_image"),
        ({"ecs_service_xray": True, "ecs_service_xray_image": "otel"}, "ecs_service_xray_image"),
        ({"ecs_service_cpu": 300}, "ecs_service_cpu"),
        ({"ecs_service_cpu": 1024, "ecs_service_memory": 512}, "ecs_service_memory"),
        ({"ecs_service_container_port": 0}, "ecs_service_container_port"),
        ({"ecs_service_container_port": 70000}, "ecs_service_container_port"),
        ({"ecs_service_environment": ["A=1"]}, "ecs_service_environment"),
        ({"ecs_service_environment": {"1BAD": "x"}}, "1BAD"),
        ({"ecs_service_environment": {"DB_PASSWORD": "hunter2"}}, "ecs_service_environment.DB_PASSWORD"),
        ({"ecs_service_environment": {"FLAGS": "x"}}, "FLAGS is in both"),
        ({"ecs_service_secrets": {"API_KEY": "s3cr3t"}}, "ecs_service_secrets.API_KEY"),
        ({"ecs_service_health_check_path": "api/health"}, "ecs_service_health_check_path"),
        ({"ecs_service_health_check_path": "/api health"}, "ecs_service_health_check_path"),
        ({"ecs_service_deregistration_delay": 4000}, "ecs_service_deregistration_delay"),
        ({"ecs_service_alb_ingress": "vpn"}, "ecs_service_alb_ingress"),
        ({"ecs_service_certificate_arn": "arn:aws:iam::123456789012:server-certificate/x"}, "ecs_service_certificate_arn"),
        ({"ecs_service_hosted_zone": ""}, "ecs_service_hosted_zone"),
        ({"ecs_service_domain_name": "api.example.org"}, "ecs_service_domain_name"),
        ({"ecs_service_tls_policy": "TLS13"}, "ecs_service_tls_policy"),
        ({"ecs_service_alb_deletion_protection": False}, "ecs_service_alb_deletion_protection"),
        ({"ecs_service_min_healthy_percent": 50}, "ecs_service_min_healthy_percent"),
        ({"ecs_service_max_percent": 90}, "ecs_service_max_percent"),
        ({"ecs_service_capacity_strategy": []}, "ecs_service_capacity_strategy"),
        ({"ecs_service_capacity_strategy": [{"capacity_provider": "EC2"}]}, "ecs_service_capacity_strategy"),
        ({"ecs_service_capacity_strategy": [{"capacity_provider": "FARGATE_SPOT", "weight": 1}]}, "on-demand"),
        ({"ecs_service_capacity_strategy": [{"capacity_provider": "FARGATE", "base": 1}, {"capacity_provider": "FARGATE_SPOT", "base": 1}]}, "only one"),
        ({"ecs_service_capacity_strategy": [{"capacity_provider": "FARGATE", "weight": 0}]}, "weight above 0"),
        ({"ecs_service_capacity_strategy": [{"capacity_provider": "FARGATE", "weight": 2000}]}, "weight must be 0 to 1000"),
        ({"ecs_service_desired_count": 12}, "ecs_service_desired_count"),
        ({"ecs_service_min_capacity": 1, "ecs_service_desired_count": 1}, "ecs_service_min_capacity"),
        ({"ecs_service_cpu_target": 120}, "ecs_service_cpu_target"),
        ({"ecs_service_off_hours": True}, "ecs_service_off_hours"),
        ({"webstack_environment": "dev", "ecs_service_off_hours": True, "ecs_service_off_hours_stop": "0 20 * * *"}, "ecs_service_off_hours_stop"),
        ({"ecs_service_ecr_keep_images": 0}, "ecs_service_ecr_keep_images"),
        ({"ecs_service_container_insights": "on"}, "ecs_service_container_insights"),
        ({"ecs_service_launch_type": "ec2", "ecs_service_ec2_instance_type": "medium"}, "ecs_service_ec2_instance_type"),
        ({"ecs_service_launch_type": "ec2", "ecs_service_ec2_min_size": 1}, "ecs_service_ec2_min_size"),
        ({"ecs_service_launch_type": "ec2", "ecs_service_ec2_min_size": 12}, "ecs_service_ec2_max_size"),
        ({"ecs_service_launch_type": "ec2", "ecs_service_ec2_target_capacity": 0}, "ecs_service_ec2_target_capacity"),
        ({"ecs_service_launch_type": "ec2", "ecs_service_ec2_root_volume_gb": 8}, "ecs_service_ec2_root_volume_gb"),
        ({"ecs_service_launch_type": "ec2", "ecs_service_ec2_ami_parameter": "ami-0123"}, "ecs_service_ec2_ami_parameter"),
        ({"ecs_service_launch_type": "ec2", "ecs_service_cpu": 64}, "ecs_service_cpu"),
        ({"ecs_service_ingress": "http_api", "ecs_service_namespace": "Bad_Name"}, "ecs_service_namespace"),
        ({"ecs_service_ingress": "http_api", "ecs_service_api_throttle_rate": 0}, "ecs_service_api_throttle_rate"),
        ({"ecs_service_ingress": "http_api", "ecs_service_api_throttle_burst": -1}, "ecs_service_api_throttle_burst"),
    ],
)
def test_each_bad_setting_is_named(overrides: dict[str, Any], variable: str) -> None:
    found = errors(**overrides)
    assert any(variable in error for error in found), found


def test_every_fargate_pair_passes_and_its_neighbours_do_not() -> None:
    for cpu, memories in FARGATE_SIZES.items():
        for memory in memories:
            assert errors(ecs_service_cpu=cpu, ecs_service_memory=memory) == []
        assert errors(ecs_service_cpu=cpu, ecs_service_memory=memories[-1] + 1024) != []


@pytest.mark.parametrize(
    "image",
    ["web:1.4.2", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/demo-prod-web:2026.11.26", "registry.example.com:5000/team/web:v1", "web@sha256:" + "a" * 64],
)
def test_pinned_images_pass(image: str) -> None:
    assert image_error("ecs_service_image", image) is None


def spec(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "web",
        "image": "repo:1.0.0",
        "port": 3000,
        "environment": {"B": 2, "A": "1"},
        "secrets": {"DB": SECRET},
        "log_group": "/webstack/demo/prod/ecs/web",
        "region": "eu-west-1",
        "readonly": True,
        "xray": False,
        "xray_image": "otel:1",
        "cpu": 512,
        "memory": 1024,
        **overrides,
    }


def test_the_container_is_locked_down_and_logs_to_its_group() -> None:
    [app] = ecs_service_containers(spec())
    assert app["readonlyRootFilesystem"] is True
    assert app["portMappings"] == [{"containerPort": 3000, "protocol": "tcp", "name": "http", "appProtocol": "http"}]
    assert app["environment"] == [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]
    assert app["secrets"] == [{"name": "DB", "valueFrom": SECRET}]
    assert app["logConfiguration"]["options"]["awslogs-group"] == "/webstack/demo/prod/ecs/web"


@pytest.mark.parametrize("change", [{"cpu": 1024}, {"memory": 2048}, {"environment": {"A": "2"}}, {"secrets": {}}, {"image": "repo:1.0.1"}, {"xray": True}])
def test_the_hash_label_changes_with_anything_in_the_definition(change: dict[str, Any]) -> None:
    before = ecs_service_containers(spec())[0]["dockerLabels"][HASH_LABEL]
    after = ecs_service_containers(spec(**change))[0]["dockerLabels"][HASH_LABEL]
    assert before != after
    assert ecs_service_containers(spec())[0]["dockerLabels"][HASH_LABEL] == before


def test_the_xray_sidecar_is_not_essential_and_the_app_sends_to_it() -> None:
    app, collector = ecs_service_containers(spec(xray=True))
    assert collector["essential"] is False and collector["image"] == "otel:1"
    assert {"name": "OTEL_EXPORTER_OTLP_ENDPOINT", "value": "http://localhost:4317"} in app["environment"]


def test_the_access_log_policy_lets_elb_write_only_under_the_account_and_refuses_plain_http() -> None:
    policy = ecs_service_alb_log_policy("logs", "123456789012", "eu-west-1")
    allow, deny = policy["Statement"]
    assert allow["Principal"] == {"AWS": "arn:aws:iam::156460612806:root"}
    assert allow["Resource"] == "arn:aws:s3:::logs/AWSLogs/123456789012/*"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    newer = ecs_service_alb_log_policy("logs", "123456789012", "ap-southeast-4")
    assert newer["Statement"][0]["Principal"] == {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}


def test_the_secrets_policy_names_each_secret_once_without_its_json_key() -> None:
    policy = ecs_service_secrets_policy([SECRET + ":password::", SECRET, PARAMETER], ["arn:aws:kms:eu-west-1:123456789012:key/k"])
    statements = {statement["Sid"]: statement for statement in policy["Statement"]}
    assert statements["ReadTheServicesSecrets"]["Resource"] == [SECRET]
    assert statements["ReadTheServicesParameters"]["Resource"] == [PARAMETER]
    assert statements["DecryptThem"]["Resource"] == ["arn:aws:kms:eu-west-1:123456789012:key/k"]


def test_the_lifecycle_expires_untagged_first_and_keeps_the_newest() -> None:
    rules = ecs_service_ecr_lifecycle(30)["rules"]
    assert [rule["selection"]["tagStatus"] for rule in rules] == ["untagged", "any"]
    assert rules[1]["selection"]["countNumber"] == 30


def test_the_filters_are_registered() -> None:
    assert set(FilterModule().filters()) == {
        "ecs_service_errors",
        "ecs_service_containers",
        "ecs_service_alb_log_policy",
        "ecs_service_secrets_policy",
        "ecs_service_ecr_lifecycle",
    }
