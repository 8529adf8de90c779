"""The edge role's input checks and derived documents: every bad input is named, good input passes."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.filter.edge import CSP_MAX
from ansible_collections.webstack.aws.plugins.filter.edge import MANAGED_RULE_GROUPS
from ansible_collections.webstack.aws.plugins.filter.edge import FilterModule
from ansible_collections.webstack.aws.plugins.filter.edge import csp_errors
from ansible_collections.webstack.aws.plugins.filter.edge import edge_bucket_policy
from ansible_collections.webstack.aws.plugins.filter.edge import edge_errors
from ansible_collections.webstack.aws.plugins.filter.edge import edge_key_policy
from ansible_collections.webstack.aws.plugins.filter.edge import edge_tagged
from ansible_collections.webstack.aws.plugins.filter.edge import edge_validation_records
from ansible_collections.webstack.aws.plugins.filter.edge import edge_waf_rules

CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; upgrade-insecure-requests"
DISTRIBUTION_ARN = "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE1234"

GOOD: dict[str, Any] = {
    "webstack_environment": "prod",
    "webstack_region": "eu-west-1",
    "edge_domain_name": "www.example.com",
    "edge_alternative_names": ["example.com"],
    "edge_api_domain_name": "api.example.com",
    "edge_hosted_zone": "example.com",
    "edge_price_class": "PriceClass_100",
    "edge_content_security_policy": CSP,
    "edge_hsts_max_age": 63072000,
    "edge_frame_option": "DENY",
    "edge_referrer_policy": "strict-origin-when-cross-origin",
    "edge_alb_origin_protocol": "https-only",
    "edge_waf_mode": "block",
    "edge_waf_rate_limit": 2000,
    "edge_log_retention_days": 90,
    "edge_logging": True,
    "edge_access_log_days": 90,
    "edge_noncurrent_version_days": 30,
    "edge_replication_region": "eu-central-1",
}


def test_good_settings_pass() -> None:
    assert edge_errors(GOOD) == []


def test_a_static_site_without_names_passes() -> None:
    settings = {**GOOD, "edge_domain_name": "", "edge_alternative_names": [], "edge_api_domain_name": "", "edge_hosted_zone": ""}
    assert edge_errors(settings) == []


@pytest.mark.parametrize(
    "change",
    [
        {"edge_domain_name": "example.com"},
        {"edge_hosted_zone": "www.example.com", "edge_alternative_names": [], "edge_api_domain_name": ""},
        {"edge_hsts_max_age": 0},
        {"edge_waf_rate_limit": 10},
        {"edge_log_retention_days": 3653},
        {"edge_replication_region": ""},
        {"edge_replication_region": "us-gov-west-1"},
        {"webstack_environment": "dev", "edge_waf_mode": "count", "edge_logging": False},
        {"edge_content_security_policy": "default-src 'self';"},
        {"edge_content_security_policy": "x" * 10 + "; " + "img-src " + "a" * (CSP_MAX - 22)},
    ],
)
def test_edge_values_pass(change: dict[str, Any]) -> None:
    assert edge_errors({**GOOD, **change}) == []


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"edge_domain_name": "WWW.example.com"}, "edge_domain_name must be a lower-case DNS name"),
        ({"edge_domain_name": "www.example.com."}, "edge_domain_name must be a lower-case DNS name"),
        ({"edge_domain_name": "localhost", "edge_alternative_names": [], "edge_api_domain_name": ""}, "edge_domain_name must be a lower-case DNS name"),
        ({"edge_domain_name": "-www.example.com"}, "edge_domain_name must be a lower-case DNS name"),
        ({"edge_domain_name": "w_w.example.com"}, "edge_domain_name must be a lower-case DNS name"),
        ({"edge_alternative_names": ["Example.com"]}, "edge_alternative_names must be a lower-case DNS name"),
        ({"edge_alternative_names": "example.com"}, "edge_alternative_names must be a list"),
        ({"edge_api_domain_name": "api..example.com"}, "edge_api_domain_name must be a lower-case DNS name"),
        ({"edge_api_domain_name": "www.example.com"}, "edge_api_domain_name 'www.example.com' must differ"),
        ({"edge_hosted_zone": ""}, "edge_hosted_zone must be a lower-case DNS name"),
        ({"edge_hosted_zone": "example.org"}, "edge_domain_name 'www.example.com' is not in edge_hosted_zone 'example.org'"),
        ({"edge_hosted_zone": "www.example.com"}, "edge_alternative_names 'example.com' is not in edge_hosted_zone"),
        ({"edge_hosted_zone": "ample.com", "edge_alternative_names": []}, "edge_domain_name 'www.example.com' is not in edge_hosted_zone 'ample.com'"),
        ({"edge_api_domain_name": "api.example.net"}, "edge_api_domain_name 'api.example.net' is not in edge_hosted_zone"),
        ({"edge_domain_name": "", "edge_hosted_zone": ""}, "edge_alternative_names and edge_api_domain_name need edge_domain_name"),
        ({"edge_price_class": "PriceClass_300"}, "edge_price_class must be one of"),
        ({"edge_content_security_policy": ""}, "edge_content_security_policy must be a non-empty"),
        ({"edge_content_security_policy": None}, "edge_content_security_policy must be a non-empty"),
        ({"edge_content_security_policy": "default-src 'self';\nimg-src *"}, "edge_content_security_policy must be on one line"),
        ({"edge_content_security_policy": "Default-Src 'self'"}, "edge_content_security_policy has a malformed directive"),
        ({"edge_content_security_policy": "default-src 'self';; img-src *"}, "edge_content_security_policy has a malformed directive"),
        ({"edge_content_security_policy": "img_src *"}, "edge_content_security_policy has a malformed directive"),
        ({"edge_content_security_policy": "default-src " + "a" * CSP_MAX}, f"characters; CloudFront takes at most {CSP_MAX}"),
        ({"edge_hsts_max_age": -1}, "edge_hsts_max_age must be a whole number of seconds, 0 or more"),
        ({"edge_hsts_max_age": "1y"}, "edge_hsts_max_age must be a whole number of seconds"),
        ({"edge_hsts_max_age": True}, "edge_hsts_max_age must be a whole number of seconds"),
        ({"edge_frame_option": "ALLOW-FROM"}, "edge_frame_option must be one of DENY, SAMEORIGIN"),
        ({"edge_referrer_policy": "strict"}, "edge_referrer_policy must be one of"),
        ({"edge_alb_origin_protocol": "https"}, "edge_alb_origin_protocol must be one of"),
        ({"edge_waf_mode": "allow"}, "edge_waf_mode must be count"),
        ({"edge_waf_rate_limit": 9}, "edge_waf_rate_limit must be a whole number of requests per 5 minutes per IP from 10 (the AWS WAF minimum)"),
        ({"edge_waf_rate_limit": 2000000001}, "edge_waf_rate_limit must be a whole number"),
        ({"edge_waf_rate_limit": "2000"}, "edge_waf_rate_limit must be a whole number"),
        ({"edge_log_retention_days": 10}, "edge_log_retention_days must be a retention CloudWatch Logs offers"),
        ({"edge_noncurrent_version_days": 0}, "edge_noncurrent_version_days must be a whole number of days, 1 or more"),
        ({"edge_access_log_days": 0}, "edge_access_log_days must be a whole number of days, 1 or more"),
        ({"edge_replication_region": "europe"}, "edge_replication_region must be an AWS Region name"),
        ({"edge_replication_region": "eu-west-1"}, "edge_replication_region must differ from webstack_region"),
        ({"edge_waf_mode": "count"}, "edge_waf_mode must be block in prod"),
        ({"edge_logging": False}, "edge_logging must be true in prod"),
    ],
)
def test_each_bad_input_is_named(change: dict[str, Any], named: str) -> None:
    errors = edge_errors({**GOOD, **change})
    assert any(named in error for error in errors), errors


def test_every_error_is_reported_at_once() -> None:
    errors = edge_errors({**GOOD, "edge_price_class": "x", "edge_waf_mode": "x", "edge_noncurrent_version_days": 0})
    assert len(errors) == 4  # the waf mode is also not block in prod


def test_csp_with_a_value_less_directive_and_trailing_semicolon_passes() -> None:
    assert csp_errors("csp", "upgrade-insecure-requests;") == []


@pytest.mark.parametrize("mode", ["block", "count"])
def test_waf_rules_follow_the_mode(mode: str) -> None:
    rules = edge_waf_rules(mode, 500)

    assert [rule["name"] for rule in rules] == [*MANAGED_RULE_GROUPS, "rate-limit"]
    assert [rule["priority"] for rule in rules] == list(range(5))
    managed, rate = rules[:-1], rules[-1]
    assert {next(iter(rule["override_action"])) for rule in managed} == {"none" if mode == "block" else "count"}
    assert all(rule["statement"]["managed_rule_group_statement"]["vendor_name"] == "AWS" for rule in managed)
    assert rate["action"] == {mode: {}}
    assert rate["statement"]["rate_based_statement"] == {"limit": 500, "aggregate_key_type": "IP", "evaluation_window_sec": 300}
    assert all(rule["visibility_config"]["metric_name"] == rule["name"] for rule in rules)


def test_validation_records_are_deduplicated_by_name() -> None:
    record = {"domain_name": "www.example.com", "name": "_a.www.example.com.", "type": "CNAME", "value": "_b.acm-validations.aws."}
    other = {"domain_name": "api.example.com", "name": "_c.api.example.com.", "type": "CNAME", "value": "_d.acm-validations.aws."}
    results = [{"validation_records": [record, record]}, {"skipped": True}, {"validation_records": [other, record]}, None]

    assert edge_validation_records(results) == [
        {"name": "_a.www.example.com.", "type": "CNAME", "value": "_b.acm-validations.aws."},
        {"name": "_c.api.example.com.", "type": "CNAME", "value": "_d.acm-validations.aws."},
    ]
    assert edge_validation_records([]) == []


def test_bucket_policy_allows_only_the_distribution_over_tls() -> None:
    policy = edge_bucket_policy("demo-local-site-123456789012", DISTRIBUTION_ARN)

    deny, allow = policy["Statement"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert deny["Resource"] == ["arn:aws:s3:::demo-local-site-123456789012", "arn:aws:s3:::demo-local-site-123456789012/*"]
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"} and allow["Action"] == "s3:GetObject"
    assert allow["Condition"] == {"StringEquals": {"AWS:SourceArn": DISTRIBUTION_ARN}}


def test_key_policy_grants_the_distribution_decrypt_once_it_exists() -> None:
    before = edge_key_policy("123456789012")
    after = edge_key_policy("123456789012", DISTRIBUTION_ARN)

    assert [statement["Sid"] for statement in before["Statement"]] == ["AccountAdministers"]
    assert before["Statement"][0]["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"}
    decrypt = after["Statement"][1]
    assert decrypt["Action"] == "kms:Decrypt" and decrypt["Condition"] == {"StringEquals": {"AWS:SourceArn": DISTRIBUTION_ARN}}


def test_tagged_finds_the_stack_load_balancer() -> None:
    wanted = {"webstack:stack": "demo", "webstack:component": "ecs_service"}
    other = {"load_balancer_name": "a-other", "tags": {"webstack:stack": "other", "webstack:component": "ecs_service"}}
    untagged = {"load_balancer_name": "b-untagged"}
    mine = {"load_balancer_name": "c-mine", "tags": {**wanted, "extra": "x"}}

    assert edge_tagged([other, untagged, mine], wanted) == mine
    assert edge_tagged([other, untagged], wanted) == {}
    assert edge_tagged([], wanted) == {}


def test_filters_are_registered() -> None:
    assert set(FilterModule().filters()) == {"edge_errors", "edge_waf_rules", "edge_validation_records", "edge_bucket_policy", "edge_key_policy", "edge_tagged"}
