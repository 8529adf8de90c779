# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The security_baseline role's input checks and every policy document it writes.

Policies are built here, not in templates, so that unit tests can read them
and lint each one with an independent IAM policy linter (parliament).

    errors:   "{{ settings | webstack.aws.security_baseline_errors }}"
    policies: "{{ context | webstack.aws.security_baseline_policies }}"
"""

from __future__ import annotations

import re
from typing import Any
from typing import Dict
from typing import List

KEY_DOMAINS = ("logs", "database", "cache", "storage", "secrets", "backup", "notifications")

# Services that use a domain's key on the account's behalf (kms:ViaService).
KEY_VIA_SERVICES = {
    "logs": (),
    "database": ("rds",),
    "cache": ("elasticache",),
    "storage": ("s3", "ec2"),
    "secrets": ("secretsmanager",),
    "backup": ("backup",),
    "notifications": ("sns",),
}

STANDARDS = (
    "aws-foundational-security-best-practices/v/1.0.0",
    "aws-resource-tagging-standard/v/1.0.0",
    "cis-aws-foundations-benchmark/v/1.2.0",
    "cis-aws-foundations-benchmark/v/1.4.0",
    "cis-aws-foundations-benchmark/v/3.0.0",
    "nist-800-53/v/5.0.0",
    "pci-dss/v/3.2.1",
    "pci-dss/v/4.0.1",
)

GUARDDUTY_FEATURES = (
    "S3_DATA_EVENTS",
    "EKS_AUDIT_LOGS",
    "EBS_MALWARE_PROTECTION",
    "RDS_LOGIN_EVENTS",
    "EKS_RUNTIME_MONITORING",
    "LAMBDA_NETWORK_LOGS",
    "RUNTIME_MONITORING",
)
GUARDDUTY_ADDITIONAL = ("EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT")

# AWS managed Config rules the role knows, by source identifier.
CONFIG_RULES = (
    "ACCESS_KEYS_ROTATED",
    "ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK",
    "ALB_WAF_ENABLED",
    "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED",
    "CLOUD_TRAIL_ENABLED",
    "CLOUD_TRAIL_ENCRYPTION_ENABLED",
    "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED",
    "CLOUDWATCH_LOG_GROUP_ENCRYPTED",
    "CMK_BACKING_KEY_ROTATION_ENABLED",
    "DB_INSTANCE_BACKUP_ENABLED",
    "EC2_EBS_ENCRYPTION_BY_DEFAULT",
    "EC2_IMDSV2_CHECK",
    "ECR_PRIVATE_IMAGE_SCANNING_ENABLED",
    "ECS_CONTAINERS_READONLY_ACCESS",
    "ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST",
    "ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT",
    "ENCRYPTED_VOLUMES",
    "GUARDDUTY_ENABLED_CENTRALIZED",
    "IAM_PASSWORD_POLICY",
    "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS",
    "IAM_ROOT_ACCESS_KEY_CHECK",
    "INCOMING_SSH_DISABLED",
    "KMS_CMK_NOT_SCHEDULED_FOR_DELETION",
    "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS",
    "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
    "RDS_MULTI_AZ_SUPPORT",
    "RDS_SNAPSHOTS_PUBLIC_PROHIBITED",
    "RDS_STORAGE_ENCRYPTED",
    "ROOT_ACCOUNT_MFA_ENABLED",
    "S3_BUCKET_PUBLIC_READ_PROHIBITED",
    "S3_BUCKET_PUBLIC_WRITE_PROHIBITED",
    "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
    "S3_BUCKET_SSL_REQUESTS_ONLY",
    "S3_BUCKET_VERSIONING_ENABLED",
    "SECURITYHUB_ENABLED",
    "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
    "VPC_FLOW_LOGS_ENABLED",
)

INSPECTOR_TYPES = ("EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY")

LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)

PASSWORD_POLICY_KEYS = (
    "min_pw_length",
    "require_symbols",
    "require_numbers",
    "require_uppercase",
    "require_lowercase",
    "allow_pw_change",
    "pw_max_age",
    "pw_reuse_prevent",
    "pw_expire",
)

SERVICE_NAME = re.compile(r"^[a-z][a-z0-9-]{0,19}$")
OIDC_URL = re.compile(r"^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$")
THUMBPRINT = re.compile(r"^[0-9A-Fa-f]{40}$")
SECURITYHUB_ARN = re.compile(r"^arn:aws[a-z-]*:securityhub:[a-z0-9-]*::(standards|ruleset)/(?P<id>.+)$")

VERSION = "2012-10-17"


# --- input checks ---------------------------------------------------------------------


def security_baseline_errors(settings: Dict[str, Any]) -> List[str]:
    """Every problem with the role's inputs, each naming its variable and the fix; [] when all is well."""
    errors: List[str] = []
    for check in (_key_errors, _service_errors, _password_errors, _ci_errors, _audit_errors, _config_errors, _detection_errors):
        errors += check(settings)
    return errors


def _key_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    domains = settings["security_baseline_key_domains"]
    unknown = [d for d in domains if d not in KEY_DOMAINS]
    if unknown:
        errors.append(f"security_baseline_key_domains: unknown domain(s) {', '.join(map(str, unknown))}; choose from {', '.join(KEY_DOMAINS)}")
    if len(set(domains)) != len(domains):
        errors.append("security_baseline_key_domains: a domain is listed twice")
    for domain, needed_by in (("logs", "security_baseline_trail_enabled"), ("storage", "security_baseline_ebs_default_encryption")):
        if settings[needed_by] and domain not in domains:
            errors.append(f"security_baseline_key_domains: {domain} is needed by {needed_by}; add it or turn {needed_by} off")
    window = settings["security_baseline_key_deletion_window_days"]
    if not 7 <= window <= 30:
        errors.append(f"security_baseline_key_deletion_window_days: must be between 7 and 30 (KMS limits), got {window}")
    return errors


def _service_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    names = []
    for index, service in enumerate(settings["security_baseline_services"]):
        where = f"security_baseline_services[{index}]"
        name = service.get("name", "")
        names.append(name)
        if not SERVICE_NAME.match(str(name)):
            errors.append(f"{where}.name: must be 1-20 lowercase letters, digits or dashes starting with a letter, got {name!r}")
        unknown = sorted(set(service) - {"name", "execute_command", "statements"})
        if unknown:
            errors.append(f"{where}: unknown key(s) {', '.join(unknown)}; a service has name, execute_command and statements")
        for position, statement in enumerate(service.get("statements") or []):
            errors += _statement_errors(f"{where}.statements[{position}]", statement)
    if len(set(names)) != len(names):
        errors.append("security_baseline_services: a service name is listed twice")
    return errors


def _statement_errors(where: str, statement: Any) -> List[str]:
    if not isinstance(statement, dict) or not {"Effect", "Action", "Resource"} <= set(statement):
        return [f"{where}: an IAM statement needs Effect, Action and Resource"]
    actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
    broad = [a for a in actions if a == "*" or str(a).endswith(":*")]
    if statement["Effect"] == "Allow" and broad:
        return [f"{where}: allows every action of a service ({', '.join(broad)}); list the actions the service needs"]
    return []


def _password_errors(settings: Dict[str, Any]) -> List[str]:
    policy = settings["security_baseline_password_policy"]
    errors = []
    unknown = sorted(set(policy) - set(PASSWORD_POLICY_KEYS))
    if unknown:
        errors.append(f"security_baseline_password_policy: unknown key(s) {', '.join(unknown)}; use {', '.join(PASSWORD_POLICY_KEYS)}")
    length = policy.get("min_pw_length", 14)
    if not isinstance(length, int) or not 14 <= length <= 128:
        errors.append(f"security_baseline_password_policy.min_pw_length: must be 14-128 (CIS asks for 14 at least), got {length!r}")
    return errors


def _ci_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    url = settings["security_baseline_ci_provider_url"]
    if not OIDC_URL.match(str(url)):
        errors.append(f"security_baseline_ci_provider_url: must be an https:// URL with a host and no query, got {url!r}")
    thumbprints = settings["security_baseline_ci_thumbprints"]
    bad = [t for t in thumbprints if not THUMBPRINT.match(str(t))]
    if bad:
        errors.append(f"security_baseline_ci_thumbprints: a thumbprint is 40 hex digits (a SHA-1 fingerprint), got {', '.join(map(repr, bad))}")
    if len(thumbprints) > 5:
        errors.append(f"security_baseline_ci_thumbprints: IAM takes at most 5, got {len(thumbprints)}")
    audiences = settings["security_baseline_ci_audiences"]
    if not audiences or any(not str(a) or len(str(a)) > 255 for a in audiences):
        errors.append("security_baseline_ci_audiences: give 1 or more audiences of 1-255 characters, e.g. sts.amazonaws.com")
    for subject in settings["security_baseline_ci_subjects"]:
        if not str(subject).strip("*:/ "):
            errors.append(f"security_baseline_ci_subjects: {subject!r} would let any token assume the deploy role; name a repository and ref")
    return errors


def _audit_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    retention = settings["security_baseline_log_retention_days"]
    if retention not in LOG_RETENTION_DAYS:
        errors.append(f"security_baseline_log_retention_days: CloudWatch Logs accepts {', '.join(map(str, LOG_RETENTION_DAYS))}; got {retention}")
    transition = settings["security_baseline_audit_transition_days"]
    expiration = settings["security_baseline_audit_expiration_days"]
    if transition < 1 or expiration <= transition:
        errors.append(
            f"security_baseline_audit_expiration_days: must come after security_baseline_audit_transition_days (at least 1), got {expiration} <= {transition}"
        )
    if settings["security_baseline_audit_noncurrent_expiration_days"] < 1:
        errors.append("security_baseline_audit_noncurrent_expiration_days: must be 1 or more")
    return errors


def _config_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    identifiers = []
    for index, rule in enumerate(settings["security_baseline_config_rules"]):
        identifier = rule if isinstance(rule, str) else rule.get("identifier") if isinstance(rule, dict) else None
        identifiers.append(identifier)
        if identifier not in CONFIG_RULES:
            errors.append(f"security_baseline_config_rules[{index}]: unknown rule identifier {identifier!r}; known: {', '.join(CONFIG_RULES)}")
        elif isinstance(rule, dict) and not isinstance(rule.get("input_parameters", {}), dict):
            errors.append(f"security_baseline_config_rules[{index}].input_parameters: must be a dictionary")
    if len(set(map(str, identifiers))) != len(identifiers):
        errors.append("security_baseline_config_rules: a rule is listed twice")
    return errors


def _detection_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    for index, feature in enumerate(settings["security_baseline_guardduty_features"]):
        if feature.get("name") not in GUARDDUTY_FEATURES:
            name = feature.get("name")
            errors.append(f"security_baseline_guardduty_features[{index}].name: unknown feature {name!r}; choose from {', '.join(GUARDDUTY_FEATURES)}")
        for extra in feature.get("additional_configuration") or []:
            if extra.get("name") not in GUARDDUTY_ADDITIONAL:
                errors.append(
                    f"security_baseline_guardduty_features[{index}].additional_configuration: unknown name {extra.get('name')!r}; "
                    f"choose from {', '.join(GUARDDUTY_ADDITIONAL)}"
                )
    for standard in settings["security_baseline_securityhub_standards"]:
        if standard_id(standard) not in STANDARDS:
            errors.append(f"security_baseline_securityhub_standards: unknown standard {standard!r}; choose from {', '.join(STANDARDS)}")
    unknown = [t for t in settings["security_baseline_inspector_resource_types"] if t not in INSPECTOR_TYPES]
    if unknown:
        errors.append(f"security_baseline_inspector_resource_types: unknown type(s) {', '.join(unknown)}; choose from {', '.join(INSPECTOR_TYPES)}")
    return errors


def standard_id(standard: str) -> str:
    """The standard's id (``cis-aws-foundations-benchmark/v/3.0.0``) from an id or an ARN."""
    found = SECURITYHUB_ARN.match(standard)
    return found.group("id") if found else standard


def security_baseline_config_rules(rules: List[Any], prefix: str) -> List[Dict[str, Any]]:
    """Each rule as {identifier, name, input_parameters}, named <prefix>-<identifier in kebab case>."""
    entries = []
    for rule in rules:
        identifier = rule if isinstance(rule, str) else rule["identifier"]
        parameters = {} if isinstance(rule, str) else rule.get("input_parameters", {})
        entries.append({"identifier": identifier, "name": f"{prefix}-{identifier.lower().replace('_', '-')}", "input_parameters": parameters})
    return entries


def security_baseline_key_arns(domains: List[str], prefix: str, found: List[Dict[str, Any]], made: List[Dict[str, Any]]) -> Dict[str, str]:
    """Each domain's key ARN: from this run's kms_key results, else from the keys found by tag (Name <prefix>-<domain>); '' when none."""
    by_name = {key.get("tags", {}).get("Name"): key["key_arn"] for key in found if key.get("key_arn")}
    by_domain = {result["item"]["domain"]: result["key_arn"] for result in made if result.get("key_arn")}
    return {domain: by_domain.get(domain) or by_name.get(f"{prefix}-{domain}", "") for domain in domains}


def security_baseline_key_items(domains: List[str], prefix: str, policies: Dict[str, Any], tags: Dict[str, str]) -> List[Dict[str, Any]]:
    """Each domain's key as kms_key_info describes it, so ``drifted`` can compare the found keys with it."""
    return [
        {
            "domain": domain,
            "name": f"{prefix}-{domain}",
            "aliases": [f"{prefix}-{domain}"],
            "description": f"{prefix} {domain} data",
            "enable_key_rotation": True,
            "key_state": "Enabled",
            "key_policies": [policies[f"key_{domain}"]],
            "tags": dict(tags, Name=f"{prefix}-{domain}", **{"webstack:domain": domain}),
        }
        for domain in domains
    ]


# --- policies -------------------------------------------------------------------------


def security_baseline_policies(context: Dict[str, Any]) -> Dict[str, Any]:
    """Every policy document of the role, by name, from the account, region, names and key ARNs in ``context``.

    ``context`` has: account, partition, region, name (<stack>-<environment>), stack, environment,
    key_arns ({domain: ARN}, may be empty before the keys exist), services (security_baseline_services),
    oidc_host, audiences, subjects, bucket, trail_name, log_group.
    """
    policies: Dict[str, Any] = {f"key_{domain}": key_policy(context, domain) for domain in KEY_DOMAINS}
    policies.update(
        ecs_tasks_trust=_service_trust(context, "ecs-tasks.amazonaws.com"),
        execution=execution_policy(context),
        tasks={service["name"]: task_policy(context, service) for service in context["services"]},
        ci_trust=ci_trust(context),
        ci=ci_policy(context),
        audit_bucket=audit_bucket_policy(context),
        config_trust=_service_trust(context, "config.amazonaws.com"),
        config=config_policy(context),
        trail_trust=_service_trust(context, "cloudtrail.amazonaws.com"),
        trail_logs=trail_logs_policy(context),
    )
    return policies


def _arn(context: Dict[str, Any], service: str, resource: str, region: bool = True) -> str:
    return f"arn:{context['partition']}:{service}:{context['region'] if region else ''}:{context['account']}:{resource}"


def _document(*statements: Dict[str, Any]) -> Dict[str, Any]:
    return {"Version": VERSION, "Statement": list(statements)}


def key_policy(context: Dict[str, Any], domain: str) -> Dict[str, Any]:
    """The account administers the key through IAM; services use it only on this account's behalf, or for its resources."""
    account = context["account"]
    statements = [
        {
            "Sid": "AccountAdministersThroughIam",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:{context['partition']}:iam::{account}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]
    via = KEY_VIA_SERVICES[domain]
    if via:
        statements.append(
            {
                "Sid": "ServicesUseOnThisAccountsBehalf",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {
                        "kms:CallerAccount": account,
                        "kms:ViaService": [f"{service}.{context['region']}.amazonaws.com" for service in via],
                    }
                },
            }
        )
    statements += _service_principal_statements(context, domain)
    return _document(*statements)


def _service_principal_statements(context: Dict[str, Any], domain: str) -> List[Dict[str, Any]]:
    account = context["account"]
    if domain == "logs":
        return [
            {
                "Sid": "LogsEncryptThisAccountsLogGroups",
                "Effect": "Allow",
                "Principal": {"Service": f"logs.{context['region']}.amazonaws.com"},
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                "Resource": "*",
                "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": _arn(context, "logs", "log-group:*")}},
            },
            {
                "Sid": "CloudTrailEncryptsTheStacksTrail",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:GenerateDataKey*",
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"aws:SourceArn": _arn(context, "cloudtrail", f"trail/{context['trail_name']}")},
                    "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": f"arn:{context['partition']}:cloudtrail:*:{account}:trail/*"},
                },
            },
            {
                "Sid": "CloudTrailDescribesTheKey",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:DescribeKey",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceArn": _arn(context, "cloudtrail", f"trail/{context['trail_name']}")}},
            },
        ]
    if domain == "notifications":
        return [
            {
                "Sid": "AlarmsAndEventsPublishToEncryptedTopics",
                "Effect": "Allow",
                "Principal": {
                    "Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com", "backup.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"]
                },
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": account}},
            }
        ]
    return []


def _service_trust(context: Dict[str, Any], principal: str) -> Dict[str, Any]:
    return _document(
        {
            "Effect": "Allow",
            "Principal": {"Service": principal},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": context["account"]}},
        }
    )


def _key_arns(context: Dict[str, Any], *domains: str) -> List[str]:
    return [context["key_arns"][domain] for domain in domains if context["key_arns"].get(domain)]


def execution_policy(context: Dict[str, Any]) -> Dict[str, Any]:
    """What ECS needs to start the stack's tasks: pull its images, write its logs, read its secrets."""
    name = context["name"]
    statements = [
        {"Sid": "EcrLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {
            "Sid": "PullTheStacksImages",
            "Effect": "Allow",
            "Action": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            "Resource": _arn(context, "ecr", f"repository/{name}-*"),
        },
        {
            "Sid": "WriteTheStacksLogs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": _arn(context, "logs", f"log-group:/webstack/{context['stack']}/{context['environment']}/*:log-stream:*"),
        },
        {
            "Sid": "ReadTheStacksSecrets",
            "Effect": "Allow",
            "Action": "secretsmanager:GetSecretValue",
            "Resource": _arn(context, "secretsmanager", f"secret:{name}/*"),
        },
        {
            "Sid": "ReadTheStacksParameters",
            "Effect": "Allow",
            "Action": "ssm:GetParameters",
            "Resource": _arn(context, "ssm", f"parameter/{context['stack']}/{context['environment']}/*"),
        },
    ]
    keys = _key_arns(context, "secrets")
    if keys:
        statements.append(
            {
                "Sid": "DecryptTheStacksSecrets",
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": keys,
                "Condition": {"StringEquals": {"kms:ViaService": [f"{service}.{context['region']}.amazonaws.com" for service in ("secretsmanager", "ssm")]}},
            }
        )
    return _document(*statements)


def task_policy(context: Dict[str, Any], service: Dict[str, Any]) -> Dict[str, Any]:
    """A service's own permissions: its X-Ray traces, ECS Exec when asked for, and the statements given for it."""
    statements = [
        {
            "Sid": "SendTraces",
            "Effect": "Allow",
            "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
            "Resource": "*",
        }
    ]
    if service.get("execute_command"):
        statements.append(
            {
                "Sid": "EcsExecChannels",
                "Effect": "Allow",
                "Action": [f"ssmmessages:{verb}{channel}Channel" for verb in ("Create", "Open") for channel in ("Control", "Data")],
                "Resource": "*",
            }
        )
    statements += list(service.get("statements") or [])
    return _document(*statements)


def ci_trust(context: Dict[str, Any]) -> Dict[str, Any]:
    """Only tokens of the given audiences and subjects, from the stack's OIDC provider, assume the deploy role."""
    host = context["oidc_host"]
    return _document(
        {
            "Effect": "Allow",
            "Principal": {"Federated": f"arn:{context['partition']}:iam::{context['account']}:oidc-provider/{host}"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                "StringEquals": {f"{host}:aud": list(context["audiences"])},
                "StringLike": {f"{host}:sub": list(context["subjects"])},
            },
        }
    )


def ci_policy(context: Dict[str, Any]) -> Dict[str, Any]:
    """Push to the stack's repositories and deploy its services, nothing else."""
    name = context["name"]
    return _document(
        {"Sid": "EcrLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {
            "Sid": "PushTheStacksImages",
            "Effect": "Allow",
            "Action": [
                "ecr:BatchCheckLayerAvailability",
                "ecr:BatchGetImage",
                "ecr:CompleteLayerUpload",
                "ecr:DescribeImages",
                "ecr:GetDownloadUrlForLayer",
                "ecr:InitiateLayerUpload",
                "ecr:PutImage",
                "ecr:UploadLayerPart",
            ],
            "Resource": _arn(context, "ecr", f"repository/{name}-*"),
        },
        {"Sid": "ReadTaskDefinitions", "Effect": "Allow", "Action": "ecs:DescribeTaskDefinition", "Resource": "*"},
        {
            "Sid": "RegisterTheStacksTaskDefinitions",
            "Effect": "Allow",
            "Action": "ecs:RegisterTaskDefinition",
            "Resource": _arn(context, "ecs", f"task-definition/{name}-*:*"),
        },
        {
            "Sid": "DeployTheStacksServices",
            "Effect": "Allow",
            "Action": ["ecs:DescribeServices", "ecs:UpdateService"],
            "Resource": _arn(context, "ecs", f"service/{name}*/*"),
        },
        {
            "Sid": "RunMigrationsInTheStacksCluster",
            "Effect": "Allow",
            "Action": ["ecs:RunTask", "ecs:DescribeTasks"],
            "Resource": [_arn(context, "ecs", f"task-definition/{name}-*:*"), _arn(context, "ecs", f"task/{name}*/*")],
        },
        {
            "Sid": "PassTheStacksTaskRoles",
            "Effect": "Allow",
            "Action": "iam:PassRole",
            "Resource": f"arn:{context['partition']}:iam::{context['account']}:role/{name}-*",
            "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
        },
    )


def audit_bucket_policy(context: Dict[str, Any]) -> Dict[str, Any]:
    """TLS only; CloudTrail and Config write into their own prefixes for this account only."""
    bucket = f"arn:{context['partition']}:s3:::{context['bucket']}"
    account = context["account"]
    trail = _arn(context, "cloudtrail", f"trail/{context['trail_name']}")
    return _document(
        {
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [bucket, f"{bucket}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        },
        {
            "Sid": "AuditServicesCheckTheBucket",
            "Effect": "Allow",
            "Principal": {"Service": ["cloudtrail.amazonaws.com", "config.amazonaws.com"]},
            "Action": ["s3:GetBucketAcl", "s3:ListBucket"],
            "Resource": bucket,
            "Condition": {"StringEquals": {"aws:SourceAccount": account}},
        },
        {
            "Sid": "CloudTrailWritesTheStacksTrail",
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": f"{bucket}/cloudtrail/AWSLogs/{account}/*",
            "Condition": {"StringEquals": {"aws:SourceArn": trail, "s3:x-amz-acl": "bucket-owner-full-control"}},
        },
        {
            "Sid": "ConfigWritesSnapshots",
            "Effect": "Allow",
            "Principal": {"Service": "config.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": f"{bucket}/config/AWSLogs/{account}/Config/*",
            "Condition": {"StringEquals": {"aws:SourceAccount": account, "s3:x-amz-acl": "bucket-owner-full-control"}},
        },
    )


def config_policy(context: Dict[str, Any]) -> Dict[str, Any]:
    """Config's delivery into the audit bucket (its read access comes from the AWS_ConfigRole managed policy)."""
    bucket = f"arn:{context['partition']}:s3:::{context['bucket']}"
    statements = [
        {"Sid": "CheckTheAuditBucket", "Effect": "Allow", "Action": "s3:GetBucketAcl", "Resource": bucket},
        {
            "Sid": "DeliverSnapshots",
            "Effect": "Allow",
            "Action": "s3:PutObject",
            "Resource": f"{bucket}/config/AWSLogs/{context['account']}/*",
            "Condition": {"StringLike": {"s3:x-amz-acl": "bucket-owner-full-control"}},
        },
    ]
    keys = _key_arns(context, "logs")
    if keys:  # the bucket encrypts what it is given with the logs key
        statements.append(
            {
                "Sid": "EncryptSnapshotsWithTheLogsKey",
                "Effect": "Allow",
                "Action": "kms:GenerateDataKey",
                "Resource": keys,
                "Condition": {"StringEquals": {"kms:ViaService": f"s3.{context['region']}.amazonaws.com"}},
            }
        )
    return _document(*statements)


def trail_logs_policy(context: Dict[str, Any]) -> Dict[str, Any]:
    """CloudTrail's delivery to the trail's own log group."""
    return _document(
        {
            "Sid": "DeliverTheTrailToItsLogGroup",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": _arn(context, "logs", f"log-group:{context['log_group']}:log-stream:*"),
        }
    )


class FilterModule:
    def filters(self) -> Dict[str, Any]:
        return {
            "security_baseline_errors": security_baseline_errors,
            "security_baseline_config_rules": security_baseline_config_rules,
            "security_baseline_key_arns": security_baseline_key_arns,
            "security_baseline_key_items": security_baseline_key_items,
            "security_baseline_policies": security_baseline_policies,
        }
