"""The security_baseline role's input checks and policies (plugins/filter/security.py)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.filter import security

from tests.harness.iam_lint import at_least
from tests.harness.iam_lint import findings

ACCOUNT = "123456789012"
SECRETS_KEY = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"
LOGS_KEY = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/66666666-7777-8888-9999-000000000000"

SETTINGS: dict[str, Any] = {
    "security_baseline_key_domains": list(security.KEY_DOMAINS),
    "security_baseline_key_deletion_window_days": 30,
    "security_baseline_services": [{"name": "web", "execute_command": True, "statements": []}],
    "security_baseline_password_policy": {"min_pw_length": 14, "require_symbols": True},
    "security_baseline_ci_provider_url": "https://token.actions.githubusercontent.com",
    "security_baseline_ci_audiences": ["sts.amazonaws.com"],
    "security_baseline_ci_thumbprints": ["6938fd4d98bab03faadb97b34396831e3780aea1"],
    "security_baseline_ci_subjects": ["repo:example/webstack:ref:refs/heads/main"],
    "security_baseline_trail_enabled": True,
    "security_baseline_log_retention_days": 365,
    "security_baseline_audit_transition_days": 90,
    "security_baseline_audit_expiration_days": 2555,
    "security_baseline_audit_noncurrent_expiration_days": 90,
    "security_baseline_config_rules": ["ENCRYPTED_VOLUMES", {"identifier": "IAM_PASSWORD_POLICY", "input_parameters": {"MinimumPasswordLength": "14"}}],
    "security_baseline_guardduty_features": [{"name": "RUNTIME_MONITORING", "additional_configuration": [{"name": "ECS_FARGATE_AGENT_MANAGEMENT"}]}],
    "security_baseline_securityhub_standards": [
        "aws-foundational-security-best-practices/v/1.0.0",
        "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
    ],
    "security_baseline_inspector_resource_types": ["ECR"],
    "security_baseline_ebs_default_encryption": True,
}

CONTEXT: dict[str, Any] = {
    "account": ACCOUNT,
    "partition": "aws",
    "region": "eu-west-1",
    "name": "webstack-dev",
    "stack": "webstack",
    "environment": "dev",
    "key_arns": {"secrets": SECRETS_KEY, "logs": LOGS_KEY},
    "services": [{"name": "web", "execute_command": True, "statements": []}, {"name": "worker", "statements": []}],
    "oidc_host": "token.actions.githubusercontent.com",
    "audiences": ["sts.amazonaws.com"],
    "subjects": ["repo:example/webstack:ref:refs/heads/main"],
    "bucket": f"webstack-dev-audit-{ACCOUNT}",
    "trail_name": "webstack-dev-trail",
    "log_group": "/webstack/webstack/dev/cloudtrail",
}


def with_setting(name: str, value: Any) -> dict[str, Any]:
    settings = copy.deepcopy(SETTINGS)
    settings[name] = value
    return settings


def test_good_settings_have_no_errors() -> None:
    assert security.security_baseline_errors(SETTINGS) == []


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("security_baseline_key_domains", ["logs", "storage", "music"], "unknown domain(s) music"),
        ("security_baseline_key_domains", ["storage"], "logs is needed by security_baseline_trail_enabled"),
        ("security_baseline_key_domains", ["logs"], "storage is needed by security_baseline_ebs_default_encryption"),
        ("security_baseline_key_domains", ["logs", "storage", "logs"], "listed twice"),
        ("security_baseline_key_deletion_window_days", 3, "between 7 and 30"),
        ("security_baseline_services", [{"name": "Web_1"}], "security_baseline_services[0].name"),
        ("security_baseline_services", [{"name": "web"}, {"name": "web"}], "a service name is listed twice"),
        ("security_baseline_services", [{"name": "web", "role": "x"}], "unknown key(s) role"),
        ("security_baseline_services", [{"name": "web", "statements": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}], "every action"),
        ("security_baseline_services", [{"name": "web", "statements": [{"Action": "s3:GetObject"}]}], "needs Effect, Action and Resource"),
        ("security_baseline_password_policy", {"min_pw_length": 8}, "min_pw_length: must be 14-128"),
        ("security_baseline_password_policy", {"min_length": 20}, "unknown key(s) min_length"),
        ("security_baseline_ci_provider_url", "http://token.actions.githubusercontent.com", "security_baseline_ci_provider_url"),
        ("security_baseline_ci_provider_url", "https://issuer.example.com/?tenant=1", "security_baseline_ci_provider_url"),
        ("security_baseline_ci_thumbprints", ["6938fd4d98"], "40 hex digits"),
        ("security_baseline_ci_thumbprints", ["a" * 40] * 6, "at most 5"),
        ("security_baseline_ci_audiences", [], "security_baseline_ci_audiences"),
        ("security_baseline_ci_subjects", ["*"], "any token"),
        ("security_baseline_log_retention_days", 100, "security_baseline_log_retention_days"),
        ("security_baseline_audit_expiration_days", 30, "must come after security_baseline_audit_transition_days"),
        ("security_baseline_audit_noncurrent_expiration_days", 0, "security_baseline_audit_noncurrent_expiration_days"),
        ("security_baseline_config_rules", ["NO_SUCH_RULE"], "unknown rule identifier 'NO_SUCH_RULE'"),
        ("security_baseline_config_rules", [{"identifier": "ENCRYPTED_VOLUMES", "input_parameters": "x"}], "input_parameters: must be a dictionary"),
        ("security_baseline_config_rules", ["ENCRYPTED_VOLUMES", "ENCRYPTED_VOLUMES"], "a rule is listed twice"),
        ("security_baseline_guardduty_features", [{"name": "DNS_LOGS"}], "unknown feature 'DNS_LOGS'"),
        ("security_baseline_guardduty_features", [{"name": "RUNTIME_MONITORING", "additional_configuration": [{"name": "X"}]}], "unknown name 'X'"),
        ("security_baseline_securityhub_standards", ["cis-aws-foundations-benchmark/v/9.9.9"], "unknown standard"),
        ("security_baseline_inspector_resource_types", ["S3"], "unknown type(s) S3"),
    ],
)
def test_each_bad_setting_is_named(name: str, value: Any, expected: str) -> None:
    errors = security.security_baseline_errors(with_setting(name, value))
    assert len(errors) == 1, errors
    assert expected in errors[0]
    assert errors[0].startswith(name)


def test_config_rules_are_named_after_their_identifier() -> None:
    rules = security.security_baseline_config_rules(SETTINGS["security_baseline_config_rules"], "webstack-dev")
    assert rules == [
        {"identifier": "ENCRYPTED_VOLUMES", "name": "webstack-dev-encrypted-volumes", "input_parameters": {}},
        {"identifier": "IAM_PASSWORD_POLICY", "name": "webstack-dev-iam-password-policy", "input_parameters": {"MinimumPasswordLength": "14"}},
    ]


def test_key_arns_prefer_this_runs_results_then_the_keys_found_by_name() -> None:
    found = [{"key_arn": "arn:found-logs", "tags": {"Name": "webstack-dev-logs"}}, {"key_arn": "arn:other", "tags": {}}]
    made = [{"item": {"domain": "storage"}, "key_arn": "arn:made-storage"}, {"item": {"domain": "cache"}, "skipped": True}]
    arns = security.security_baseline_key_arns(["logs", "storage", "cache"], "webstack-dev", found, made)
    assert arns == {"logs": "arn:found-logs", "storage": "arn:made-storage", "cache": ""}


def test_key_items_describe_each_key_as_kms_key_info_does() -> None:
    [item] = security.security_baseline_key_items(["logs"], "webstack-dev", {"key_logs": {"Version": "2012-10-17"}}, {"owner": "team"})
    assert item == {
        "domain": "logs",
        "name": "webstack-dev-logs",
        "aliases": ["webstack-dev-logs"],
        "description": "webstack-dev logs data",
        "enable_key_rotation": True,
        "key_state": "Enabled",
        "key_policies": [{"Version": "2012-10-17"}],
        "tags": {"owner": "team", "Name": "webstack-dev-logs", "webstack:domain": "logs"},
    }


# --- policies -------------------------------------------------------------------------

POLICIES = security.security_baseline_policies(CONTEXT)
IDENTITY_POLICIES = {
    "execution": POLICIES["execution"],
    "ci": POLICIES["ci"],
    "config": POLICIES["config"],
    "trail_logs": POLICIES["trail_logs"],
    **{f"task:{name}": document for name, document in POLICIES["tasks"].items()},
}


@pytest.mark.parametrize("name", sorted(IDENTITY_POLICIES))
def test_parliament_finds_nothing_in_the_identity_policies(name: str) -> None:
    assert findings(IDENTITY_POLICIES[name]) == []


def test_parliament_would_flag_a_broad_policy() -> None:
    broad = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    assert [finding[:2] for finding in findings(broad)] == [("RESOURCE_STAR", "LOW")]
    assert at_least("MEDIUM", findings(broad)) == []


def test_every_key_policy_lets_the_account_administer_through_iam() -> None:
    for domain in security.KEY_DOMAINS:
        first = POLICIES[f"key_{domain}"]["Statement"][0]
        assert first["Principal"] == {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}


def test_key_services_use_a_key_only_on_this_accounts_behalf() -> None:
    statement = POLICIES["key_database"]["Statement"][1]
    assert statement["Principal"] == {"AWS": "*"}
    assert statement["Condition"]["StringEquals"] == {"kms:CallerAccount": ACCOUNT, "kms:ViaService": ["rds.eu-west-1.amazonaws.com"]}


def test_the_logs_key_serves_this_accounts_log_groups_and_the_stacks_trail_only() -> None:
    statements = {s["Sid"]: s for s in POLICIES["key_logs"]["Statement"]}
    logs = statements["LogsEncryptThisAccountsLogGroups"]
    assert logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"] == f"arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:*"
    trail = statements["CloudTrailEncryptsTheStacksTrail"]
    assert trail["Condition"]["StringEquals"]["aws:SourceArn"] == f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/webstack-dev-trail"


def test_every_service_that_alerts_through_the_alarm_topic_can_use_the_notifications_key() -> None:
    statements = {s["Sid"]: s for s in POLICIES["key_notifications"]["Statement"]}
    publishers = statements["AlarmsAndEventsPublishToEncryptedTopics"]
    assert set(publishers["Principal"]["Service"]) == {
        "cloudwatch.amazonaws.com",
        "events.amazonaws.com",
        "backup.amazonaws.com",
        "budgets.amazonaws.com",
        "costalerts.amazonaws.com",
    }
    assert publishers["Action"] == ["kms:Decrypt", "kms:GenerateDataKey*"]
    assert publishers["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}


def test_service_trust_is_limited_to_this_account() -> None:
    for name in ("ecs_tasks_trust", "config_trust", "trail_trust"):
        [statement] = POLICIES[name]["Statement"]
        assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}


def test_ci_trust_requires_the_audience_and_a_listed_subject() -> None:
    [statement] = POLICIES["ci_trust"]["Statement"]
    assert statement["Principal"] == {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"}
    assert statement["Condition"] == {
        "StringEquals": {"token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"]},
        "StringLike": {"token.actions.githubusercontent.com:sub": ["repo:example/webstack:ref:refs/heads/main"]},
    }


def test_ci_may_pass_only_the_stacks_roles_to_ecs_tasks() -> None:
    statements = {s["Sid"]: s for s in POLICIES["ci"]["Statement"]}
    assert statements["PassTheStacksTaskRoles"]["Resource"] == f"arn:aws:iam::{ACCOUNT}:role/webstack-dev-*"
    assert statements["PassTheStacksTaskRoles"]["Condition"] == {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}
    assert all(not str(s["Action"]).startswith("iam:") or s["Sid"] == "PassTheStacksTaskRoles" for s in statements.values())


def test_execution_role_decrypts_secrets_with_the_secrets_key_only() -> None:
    statements = {s["Sid"]: s for s in POLICIES["execution"]["Statement"]}
    assert statements["DecryptTheStacksSecrets"]["Resource"] == [SECRETS_KEY]
    without_key = security.security_baseline_policies({**CONTEXT, "key_arns": {}})
    assert "DecryptTheStacksSecrets" not in {s["Sid"] for s in without_key["execution"]["Statement"]}


def test_task_roles_get_ecs_exec_only_when_asked() -> None:
    def actions(name: str) -> list[str]:
        return [action for s in POLICIES["tasks"][name]["Statement"] for action in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])]

    assert "ssmmessages:OpenDataChannel" in actions("web")
    assert not [action for action in actions("worker") if action.startswith("ssmmessages:")]


def test_the_audit_bucket_refuses_plain_http_and_admits_this_accounts_trail_and_config_only() -> None:
    statements = {s["Sid"]: s for s in POLICIES["audit_bucket"]["Statement"]}
    assert statements["DenyInsecureTransport"]["Effect"] == "Deny"
    assert statements["DenyInsecureTransport"]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert statements["CloudTrailWritesTheStacksTrail"]["Resource"] == f"arn:aws:s3:::webstack-dev-audit-{ACCOUNT}/cloudtrail/AWSLogs/{ACCOUNT}/*"
    assert statements["ConfigWritesSnapshots"]["Condition"]["StringEquals"]["aws:SourceAccount"] == ACCOUNT
