# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ecs_service role's input checks and the documents it derives from them.

errors:     "{{ settings | webstack.aws.ecs_service_errors }}"
containers: "{{ spec | webstack.aws.ecs_service_containers }}"
policies:   "{{ bucket | webstack.aws.ecs_service_alb_log_policy(account, region, partition) }}"
            "{{ secret_arns | webstack.aws.ecs_service_secrets_policy(key_arns) }}"
lifecycle:  "{{ keep | webstack.aws.ecs_service_ecr_lifecycle }}"
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

# Fargate's task sizes: cpu units -> the memory (MiB) each accepts (AWS ECS developer guide, task size).
FARGATE_SIZES: Dict[int, List[int]] = {
    256: [512, 1024, 2048],
    512: list(range(1024, 4096 + 1, 1024)),
    1024: list(range(2048, 8192 + 1, 1024)),
    2048: list(range(4096, 16384 + 1, 1024)),
    4096: list(range(8192, 30720 + 1, 1024)),
    8192: list(range(16384, 61440 + 1, 4096)),
    16384: list(range(32768, 122880 + 1, 8192)),
}
LAUNCH_TYPES = ("fargate", "ec2")
INSTANCE_TYPE = re.compile(r"^[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|xlarge|\d{1,2}xlarge|metal)$")
INGRESSES = ("alb", "http_api")
ALB_INGRESSES = ("internet", "cloudfront")
CAPACITY_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
DIGEST = re.compile(r"^sha256:[a-f0-9]{64}$")
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SECRET_ARN = re.compile(r"^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:\d{12}:secret:|ssm:[a-z0-9-]+:\d{12}:parameter/)\S+$")
CERTIFICATE_ARN = re.compile(r"^$|^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[A-Za-z0-9-]+$")
NAMESPACE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
SCHEDULE = re.compile(r"^(cron\([^)]+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$")
# The values CloudWatch Logs accepts for PutRetentionPolicy.
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)
# Elastic Load Balancing's account per Region, for access logs in Regions older than August 2022
# (newer Regions use the logdelivery.elasticloadbalancing.amazonaws.com service principal).
ELB_ACCOUNTS = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-south-1": "718504428378",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "eu-north-1": "897822967062",
    "eu-south-1": "635631232127",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
}
# The label that carries the hash of everything in a task definition that community.aws.ecs_taskdefinition
# does not compare (cpu, memory, environment, secrets, ...): a change of any of them makes a new revision.
HASH_LABEL = "webstack.definition-hash"


def _whole(value: Any) -> Optional[int]:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _range(settings: Dict[str, Any], name: str, low: int, high: int) -> List[str]:
    value = _whole(settings.get(name))
    if value is None or not low <= value <= high:
        return [f"{name} must be a whole number from {low} to {high}, not {settings.get(name)!r}"]
    return []


def ecs_service_errors(settings: Dict[str, Any]) -> List[str]:
    """Every problem with the role's inputs, each naming its variable and what is allowed."""
    return (
        _service_errors(settings)
        + _image_errors(settings)
        + _size_errors(settings)
        + _variable_errors(settings)
        + _traffic_errors(settings)
        + _capacity_errors(settings)
        + _scaling_errors(settings)
    )


def _service_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    name = settings.get("ecs_service_name")
    if not isinstance(name, str) or not re.match(r"^[a-z][a-z0-9-]{0,19}$", name):
        errors.append(f"ecs_service_name must be 1 to 20 lower-case letters, digits or hyphens starting with a letter, not {name!r}")
    if settings.get("ecs_service_launch_type") not in LAUNCH_TYPES:
        errors.append(f"ecs_service_launch_type must be one of {', '.join(LAUNCH_TYPES)}, not {settings.get('ecs_service_launch_type')!r}")
    if settings.get("ecs_service_ingress") not in INGRESSES:
        errors.append(f"ecs_service_ingress must be one of {', '.join(INGRESSES)}, not {settings.get('ecs_service_ingress')!r}")
    if _whole(settings.get("ecs_service_log_retention_days")) not in LOG_RETENTION_DAYS:
        errors.append(f"ecs_service_log_retention_days must be one of CloudWatch Logs' values ({', '.join(map(str, LOG_RETENTION_DAYS))})")
    errors += _range(settings, "ecs_service_ecr_keep_images", 1, 1000)
    errors += _range(settings, "ecs_service_wait_timeout", 60, 7200)
    if settings.get("ecs_service_container_insights") not in ("enabled", "enhanced", "disabled"):
        errors.append("ecs_service_container_insights must be enabled, enhanced or disabled")
    return errors


def image_error(variable: str, image: Any) -> Optional[str]:
    """The problem with a container image reference, or None: it must pin a tag or a digest."""
    if not isinstance(image, str) or not image or any(char.isspace() for char in image):
        return f"{variable} must be an image reference such as registry/repository:tag, not {image!r}"
    last = image.rsplit("/", 1)[-1]
    if "@" in last:
        digest = last.split("@", 1)[1]
        return None if DIGEST.match(digest) else f"{variable} {image!r} has a malformed digest (expected @sha256:<64 hex digits>)"
    if ":" not in last:
        return f"{variable} {image!r} has no tag or digest: pin one (repository:1.4.2 or repository@sha256:...), the deploy would otherwise be unrepeatable"
    tag = last.split(":", 1)[1]
    if not TAG.match(tag):
        return f"{variable} {image!r} has an invalid tag {tag!r}"
    if tag == "latest":
        return f"{variable} {image!r} uses the tag latest, which the repository's immutable tags cannot move: pin a version"
    return None


def _image_errors(settings: Dict[str, Any]) -> List[str]:
    image = settings.get("ecs_service_image") or ""
    if image:
        error = image_error("ecs_service_image", image)
    else:
        error = image_error("ecs_service_image_tag", "repository:" + str(settings.get("ecs_service_image_tag") or ""))
        if error:
            error = f"ecs_service_image_tag must be a tag such as 1.4.2 (not empty, not latest), not {settings.get('ecs_service_image_tag')!r}"
    errors = [error] if error else []
    if settings.get("ecs_service_xray"):
        xray = image_error("ecs_service_xray_image", settings.get("ecs_service_xray_image"))
        errors += [xray] if xray else []
    return errors


def _size_errors(settings: Dict[str, Any]) -> List[str]:
    cpu = _whole(settings.get("ecs_service_cpu"))
    memory = _whole(settings.get("ecs_service_memory"))
    errors = _range(settings, "ecs_service_container_port", 1, 65535)
    if settings.get("ecs_service_launch_type") == "ec2":
        return errors + _range(settings, "ecs_service_cpu", 128, 196608) + _range(settings, "ecs_service_memory", 128, 1572864)
    if cpu not in FARGATE_SIZES:
        sizes = ", ".join(map(str, FARGATE_SIZES))
        return [*errors, f"ecs_service_cpu must be one of Fargate's task sizes ({sizes}), not {settings.get('ecs_service_cpu')!r}"]
    if memory not in FARGATE_SIZES[cpu]:
        sizes = FARGATE_SIZES[cpu]
        errors.append(
            f"ecs_service_memory {settings.get('ecs_service_memory')!r} is not a Fargate size for ecs_service_cpu {cpu}: "
            f"use {sizes[0]} to {sizes[-1]} MiB ({', '.join(map(str, sizes))})"
        )
    return errors


def _variable_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    environment = settings.get("ecs_service_environment")
    secrets = settings.get("ecs_service_secrets")
    if not isinstance(environment, dict):
        return ["ecs_service_environment must be a mapping NAME: value"]
    if not isinstance(secrets, dict):
        return ["ecs_service_secrets must be a mapping NAME: Secrets Manager or SSM parameter ARN"]
    for name in list(environment) + list(secrets):
        if not ENV_NAME.match(str(name)):
            errors.append(f"{name!r} in ecs_service_environment/ecs_service_secrets is not a valid variable name (letters, digits, _)")
    for name in set(environment) & set(secrets):
        errors.append(f"{name} is in both ecs_service_environment and ecs_service_secrets")
    for name, arn in secrets.items():
        if not isinstance(arn, str) or not SECRET_ARN.match(arn):
            errors.append(f"ecs_service_secrets.{name} must be a Secrets Manager secret ARN or an SSM parameter ARN, not {arn!r} (never the value itself)")
    for name, value in environment.items():
        if re.search(r"(?i)(password|secret|token|private_key)", str(name)):
            errors.append(f"ecs_service_environment.{name} looks like a secret: put it in Secrets Manager and name its ARN in ecs_service_secrets")
        if isinstance(value, (dict, list)):
            errors.append(f"ecs_service_environment.{name} must be a string, number or boolean")
    return errors


def _traffic_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    path = settings.get("ecs_service_health_check_path")
    if not isinstance(path, str) or not path.startswith("/") or len(path) > 1024 or any(char.isspace() for char in path):
        errors.append(f"ecs_service_health_check_path must be a URL path starting with / (e.g. /api/health), not {path!r}")
    errors += _range(settings, "ecs_service_health_check_grace_seconds", 0, 2147483647)
    errors += _range(settings, "ecs_service_deregistration_delay", 0, 3600)
    if settings.get("ecs_service_ingress") == "http_api":
        errors += _http_api_errors(settings)
    if settings.get("ecs_service_alb_ingress") not in ALB_INGRESSES:
        errors.append(f"ecs_service_alb_ingress must be one of {', '.join(ALB_INGRESSES)}, not {settings.get('ecs_service_alb_ingress')!r}")
    certificate = settings.get("ecs_service_certificate_arn") or ""
    if not CERTIFICATE_ARN.match(certificate):
        errors.append(f"ecs_service_certificate_arn must be an ACM certificate ARN, not {certificate!r}")
    if settings.get("ecs_service_domain_name") and not settings.get("ecs_service_hosted_zone") and not certificate:
        errors.append("ecs_service_domain_name needs ecs_service_hosted_zone (the Route 53 zone the certificate is validated in)")
    domain = settings.get("ecs_service_domain_name") or ""
    zone = settings.get("ecs_service_hosted_zone") or ""
    if domain and zone and domain != zone and not domain.endswith("." + zone):
        errors.append(f"ecs_service_domain_name {domain!r} is not in ecs_service_hosted_zone {zone!r}")
    if not str(settings.get("ecs_service_tls_policy", "")).startswith("ELBSecurityPolicy-"):
        errors.append(f"ecs_service_tls_policy must be an ELBSecurityPolicy-... name, not {settings.get('ecs_service_tls_policy')!r}")
    if settings.get("webstack_environment") == "prod" and not settings.get("ecs_service_alb_deletion_protection"):
        errors.append("ecs_service_alb_deletion_protection must be true in prod")
    errors += _range(settings, "ecs_service_alb_log_days", 1, 3650)
    minimum = _whole(settings.get("ecs_service_min_healthy_percent"))
    errors += _range(settings, "ecs_service_min_healthy_percent", 0, 100)
    errors += _range(settings, "ecs_service_max_percent", 100, 200)
    if settings.get("webstack_environment") == "prod" and minimum is not None and minimum < 100:
        errors.append("ecs_service_min_healthy_percent must be 100 in prod: a deploy must not take capacity away")
    return errors


def _http_api_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    namespace = settings.get("ecs_service_namespace")
    if not isinstance(namespace, str) or not NAMESPACE.match(namespace):
        errors.append(f"ecs_service_namespace must be a DNS name of lower-case labels such as demo-prod.internal, not {namespace!r}")
    try:
        rate = float(settings.get("ecs_service_api_throttle_rate"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        rate = -1.0
    if not 0 < rate <= 10000:
        given = settings.get("ecs_service_api_throttle_rate")
        errors.append(f"ecs_service_api_throttle_rate must be a number of requests per second above 0 (at most 10000), not {given!r}")
    errors += _range(settings, "ecs_service_api_throttle_burst", 0, 5000)
    return errors


def _ec2_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    instance_type = settings.get("ecs_service_ec2_instance_type")
    if not isinstance(instance_type, str) or not INSTANCE_TYPE.match(instance_type):
        errors.append(f"ecs_service_ec2_instance_type must be an EC2 instance type such as t3.medium or m7g.large, not {instance_type!r}")
    errors += _range(settings, "ecs_service_ec2_min_size", 0, 1000) + _range(settings, "ecs_service_ec2_max_size", 1, 1000)
    low, high = _whole(settings.get("ecs_service_ec2_min_size")), _whole(settings.get("ecs_service_ec2_max_size"))
    if low is not None and high is not None and low > high:
        errors.append(f"ecs_service_ec2_min_size {low} must not exceed ecs_service_ec2_max_size {high}")
    if settings.get("webstack_environment") == "prod" and low is not None and low < 2:
        errors.append("ecs_service_ec2_min_size must be at least 2 in prod (an instance per AZ)")
    errors += _range(settings, "ecs_service_ec2_target_capacity", 1, 100)
    errors += _range(settings, "ecs_service_ec2_root_volume_gb", 30, 16384)
    parameter = settings.get("ecs_service_ec2_ami_parameter")
    if not isinstance(parameter, str) or not parameter.startswith("/aws/service/ecs/"):
        errors.append(f"ecs_service_ec2_ami_parameter must be one of AWS's ECS-optimized AMI parameters (/aws/service/ecs/...), not {parameter!r}")
    return errors


def _capacity_errors(settings: Dict[str, Any]) -> List[str]:
    if settings.get("ecs_service_launch_type") == "ec2":
        return _ec2_errors(settings)
    strategy = settings.get("ecs_service_capacity_strategy")
    if not isinstance(strategy, list) or not strategy:
        return ["ecs_service_capacity_strategy must be a non-empty list of {capacity_provider, weight, base}"]
    errors = []
    for entry in strategy:
        provider = entry.get("capacity_provider") if isinstance(entry, dict) else None
        if provider not in CAPACITY_PROVIDERS:
            errors.append(f"ecs_service_capacity_strategy: capacity_provider must be FARGATE or FARGATE_SPOT, not {provider!r}")
            continue
        weight, base = _whole(entry.get("weight", 1)), _whole(entry.get("base", 0))
        if weight is None or not 0 <= weight <= 1000:
            errors.append(f"ecs_service_capacity_strategy: {provider} weight must be 0 to 1000")
        if base is None or not 0 <= base <= 100000:
            errors.append(f"ecs_service_capacity_strategy: {provider} base must be 0 to 100000")
    if not errors:
        if len([entry for entry in strategy if _whole(entry.get("base", 0))]) > 1:
            errors.append("ecs_service_capacity_strategy: only one capacity provider may have a base")
        if len({entry["capacity_provider"] for entry in strategy}) != len(strategy):
            errors.append("ecs_service_capacity_strategy names a capacity provider twice")
        if not any(_whole(entry.get("weight", 1)) for entry in strategy):
            errors.append("ecs_service_capacity_strategy needs a weight above 0")
        on_demand = [e for e in strategy if e["capacity_provider"] == "FARGATE" and (_whole(e.get("weight", 1)) or _whole(e.get("base", 0)))]
        if settings.get("webstack_environment") == "prod" and not on_demand:
            errors.append(
                "ecs_service_capacity_strategy must keep on-demand FARGATE capacity in prod (a base or a weight): Spot alone can lose every task at once"
            )
    return errors


def _scaling_errors(settings: Dict[str, Any]) -> List[str]:
    errors = _range(settings, "ecs_service_min_capacity", 0, 1000) + _range(settings, "ecs_service_max_capacity", 1, 1000)
    errors += _range(settings, "ecs_service_desired_count", 0, 1000)
    for name in ("ecs_service_cpu_target", "ecs_service_memory_target"):
        errors += _range(settings, name, 0, 100)
    errors += _range(settings, "ecs_service_requests_per_target", 0, 1000000)
    errors += _range(settings, "ecs_service_scale_in_cooldown", 0, 3600) + _range(settings, "ecs_service_scale_out_cooldown", 0, 3600)
    low, high, desired = (_whole(settings.get(name)) for name in ("ecs_service_min_capacity", "ecs_service_max_capacity", "ecs_service_desired_count"))
    if None not in (low, high, desired) and not low <= desired <= high:  # type: ignore[operator]
        errors.append(f"ecs_service_desired_count {desired} must be between ecs_service_min_capacity {low} and ecs_service_max_capacity {high}")
    if settings.get("webstack_environment") == "prod" and low is not None and low < 2:
        errors.append("ecs_service_min_capacity must be at least 2 in prod (one task per AZ at least)")
    if settings.get("ecs_service_off_hours"):
        if settings.get("webstack_environment") == "prod":
            errors.append("ecs_service_off_hours must be false in prod: scaling to zero stops the service")
        for name in ("ecs_service_off_hours_stop", "ecs_service_off_hours_start"):
            if not SCHEDULE.match(str(settings.get(name, ""))):
                errors.append(f"{name} must be cron(...) or rate(...), not {settings.get(name)!r}")
    return errors


def ecs_service_containers(spec: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The task definition's containers, each labelled with the hash of the whole definition.

    spec: name, image, port, environment (dict), secrets (dict NAME -> ARN), log_group, region, readonly,
    xray (bool), xray_image, cpu, memory.
    """
    log = {"logDriver": "awslogs", "options": {"awslogs-group": spec["log_group"], "awslogs-region": spec["region"], "awslogs-stream-prefix": "ecs"}}
    app = {
        "name": spec["name"],
        "image": spec["image"],
        "essential": True,
        "portMappings": [{"containerPort": int(spec["port"]), "protocol": "tcp", "name": "http", "appProtocol": "http"}],
        "environment": [{"name": name, "value": str(value)} for name, value in sorted(spec.get("environment", {}).items())],
        "secrets": [{"name": name, "valueFrom": arn} for name, arn in sorted(spec.get("secrets", {}).items())],
        "readonlyRootFilesystem": bool(spec.get("readonly", True)),
        "logConfiguration": log,
        "linuxParameters": {"initProcessEnabled": True},
        "stopTimeout": 30,
    }
    containers = [app]
    if spec.get("xray"):
        app["environment"].append({"name": "OTEL_EXPORTER_OTLP_ENDPOINT", "value": "http://localhost:4317"})
        containers.append(
            {
                "name": "otel-collector",
                "image": spec["xray_image"],
                "essential": False,
                "command": ["--config=/etc/ecs/ecs-xray.yaml"],
                "readonlyRootFilesystem": True,
                "logConfiguration": {**log, "options": {**log["options"], "awslogs-stream-prefix": "otel"}},
            }
        )
    digest = hashlib.sha256(json.dumps([containers, spec.get("cpu"), spec.get("memory")], sort_keys=True).encode()).hexdigest()[:16]
    for container in containers:
        container["dockerLabels"] = {HASH_LABEL: digest}
    return containers


def ecs_service_alb_log_policy(bucket: str, account: str, region: str, partition: str = "aws") -> Dict[str, Any]:
    """The access log bucket's policy: Elastic Load Balancing writes under AWSLogs/<account>/, TLS only."""
    prefix = f"arn:{partition}:s3:::{bucket}"
    writer = {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}
    if region in ELB_ACCOUNTS:
        writer = {"AWS": f"arn:{partition}:iam::{ELB_ACCOUNTS[region]}:root"}
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "ElbWritesAccessLogs", "Effect": "Allow", "Principal": writer, "Action": "s3:PutObject", "Resource": f"{prefix}/AWSLogs/{account}/*"},
            {
                "Sid": "DenyPlainHttp",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [prefix, f"{prefix}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        ],
    }


def ecs_service_secrets_policy(secret_arns: List[str], key_arns: List[str]) -> Dict[str, Any]:
    """The execution role's extra policy: read exactly the secrets the task definition names."""
    statements: List[Dict[str, Any]] = []
    managers = sorted({":".join(arn.split(":")[:7]) for arn in secret_arns if ":secretsmanager:" in arn})
    parameters = sorted({arn for arn in secret_arns if ":ssm:" in arn})
    if managers:
        statements.append({"Sid": "ReadTheServicesSecrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": managers})
    if parameters:
        statements.append({"Sid": "ReadTheServicesParameters", "Effect": "Allow", "Action": "ssm:GetParameters", "Resource": parameters})
    if key_arns:
        statements.append({"Sid": "DecryptThem", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": sorted(set(key_arns))})
    return {"Version": "2012-10-17", "Statement": statements}


def ecs_service_ecr_lifecycle(keep: int) -> Dict[str, Any]:
    """The repository's lifecycle policy: untagged images go after a day, only the newest `keep` stay."""
    return {
        "rules": [
            {
                "rulePriority": 1,
                "description": "Expire untagged images after a day",
                "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 1},
                "action": {"type": "expire"},
            },
            {
                "rulePriority": 2,
                "description": f"Keep the newest {int(keep)} images",
                "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": int(keep)},
                "action": {"type": "expire"},
            },
        ]
    }


class FilterModule:
    def filters(self) -> Dict[str, Any]:
        return {
            "ecs_service_errors": ecs_service_errors,
            "ecs_service_containers": ecs_service_containers,
            "ecs_service_alb_log_policy": ecs_service_alb_log_policy,
            "ecs_service_secrets_policy": ecs_service_secrets_policy,
            "ecs_service_ecr_lifecycle": ecs_service_ecr_lifecycle,
        }
