# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The edge role's input checks and the documents it derives from them.

errors:   "{{ settings | webstack.aws.edge_errors }}"
rules:    "{{ edge_waf_mode | webstack.aws.edge_waf_rules(edge_waf_rate_limit) }}"
records:  "{{ certificate_results | webstack.aws.edge_validation_records }}"
alb:      "{{ load_balancers | webstack.aws.edge_tagged({'webstack:stack': name}) }}"
policies: "{{ bucket | webstack.aws.edge_bucket_policy(distribution_arn) }}", "{{ account | webstack.aws.edge_key_policy(distribution_arn) }}"
"""

from __future__ import annotations

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

DNS_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
PRICE_CLASSES = ("PriceClass_100", "PriceClass_200", "PriceClass_All")
FRAME_OPTIONS = ("DENY", "SAMEORIGIN")
# The eight values of CloudFront's ResponseHeadersPolicyReferrerPolicy.
REFERRER_POLICIES = (
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
)
WAF_MODES = ("count", "block")
ORIGIN_PROTOCOLS = ("https-only", "http-only", "match-viewer")
# AWS WAF's minimum for a rate-based rule's limit (requests per evaluation window per IP), and its maximum.
WAF_RATE_MIN = 10
WAF_RATE_MAX = 2000000000
# The values CloudWatch Logs accepts for PutRetentionPolicy.
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)
# CloudFront's limit on the Content-Security-Policy header value.
CSP_MAX = 1783
CSP_DIRECTIVE = re.compile(r"^[a-z]+(-[a-z]+)*$")
REGION = re.compile(r"^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2}$")
# Managed rule groups in front of the site and the API: OWASP-style common rules, known bad inputs, SQL injection,
# and Amazon's IP reputation list.
MANAGED_RULE_GROUPS = (
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
)
RATE_RULE = "rate-limit"


def _whole(value: Any) -> Optional[int]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def dns_name_error(name: str, value: Any) -> Optional[str]:
    """Why value is not a lower-case DNS name of at least two labels (None when it is one)."""
    text = value if isinstance(value, str) else ""
    labels = text.split(".")
    if not text or len(text) > 253 or len(labels) < 2 or not all(DNS_LABEL.match(label) for label in labels):
        return f"{name} must be a lower-case DNS name (labels of a-z, 0-9 and inner dashes, at least two, no trailing dot), not {value!r}"
    return None


def csp_errors(name: str, policy: Any) -> List[str]:
    """What is wrong with a Content-Security-Policy value, as CloudFront's response headers policy takes it."""
    if not isinstance(policy, str) or not policy.strip():
        return [f"{name} must be a non-empty Content-Security-Policy (e.g. \"default-src 'self'\")"]
    errors = []
    if len(policy) > CSP_MAX:
        errors.append(f"{name} is {len(policy)} characters; CloudFront takes at most {CSP_MAX}")
    if "\n" in policy or "\r" in policy:
        errors.append(f"{name} must be on one line (no newline)")
    directives = [part.strip() for part in policy.split(";")]
    if directives[-1] == "":
        directives.pop()
    for directive in directives:
        directive_name = directive.split()[0] if directive else ""
        if not CSP_DIRECTIVE.match(directive_name):
            errors.append(f"{name} has a malformed directive {directive!r}: each ';'-separated directive is a lower-case name (letters, dashes), then values")
    return errors


def edge_errors(settings: Dict[str, Any]) -> List[str]:
    """Every problem with the role's inputs, each naming its variable and what is allowed."""
    return _domain_errors(settings) + _header_errors(settings) + _waf_errors(settings) + _storage_errors(settings) + _guard_errors(settings)


def _domain_errors(settings: Dict[str, Any]) -> List[str]:
    domain = settings.get("edge_domain_name") or ""
    api = settings.get("edge_api_domain_name") or ""
    zone = settings.get("edge_hosted_zone") or ""
    alternatives = settings.get("edge_alternative_names")
    errors = []
    if not isinstance(alternatives, list):
        return [f"edge_alternative_names must be a list of DNS names, not {alternatives!r}"]
    if not domain:
        if alternatives or api:
            errors.append("edge_alternative_names and edge_api_domain_name need edge_domain_name (the site's own name) to be set")
        return errors
    names = [("edge_domain_name", domain)] + [("edge_alternative_names", name) for name in alternatives] + ([("edge_api_domain_name", api)] if api else [])
    errors += [error for error in (dns_name_error(variable, value) for variable, value in names) if error]
    zone_error = dns_name_error("edge_hosted_zone", zone)
    if zone_error:
        return [*errors, zone_error + " (the Route 53 zone the names and the certificates' validation records go to)"]
    for variable, value in names:
        if isinstance(value, str) and value != zone and not value.endswith("." + zone):
            errors.append(f"{variable} {value!r} is not in edge_hosted_zone {zone!r}: the zone must be the name or a parent of it")
    if api and api in [domain, *alternatives]:
        errors.append(f"edge_api_domain_name {api!r} must differ from the site's names (it points at the load balancer)")
    return errors


def _header_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    if settings.get("edge_price_class") not in PRICE_CLASSES:
        errors.append(f"edge_price_class must be one of {', '.join(PRICE_CLASSES)}, not {settings.get('edge_price_class')!r}")
    errors += csp_errors("edge_content_security_policy", settings.get("edge_content_security_policy"))
    max_age = _whole(settings.get("edge_hsts_max_age"))
    if max_age is None or max_age < 0:
        errors.append(f"edge_hsts_max_age must be a whole number of seconds, 0 or more (63072000 is two years), not {settings.get('edge_hsts_max_age')!r}")
    if settings.get("edge_frame_option") not in FRAME_OPTIONS:
        errors.append(f"edge_frame_option must be one of {', '.join(FRAME_OPTIONS)}, not {settings.get('edge_frame_option')!r}")
    if settings.get("edge_referrer_policy") not in REFERRER_POLICIES:
        errors.append(f"edge_referrer_policy must be one of {', '.join(REFERRER_POLICIES)}, not {settings.get('edge_referrer_policy')!r}")
    if settings.get("edge_alb_origin_protocol") not in ORIGIN_PROTOCOLS:
        errors.append(f"edge_alb_origin_protocol must be one of {', '.join(ORIGIN_PROTOCOLS)}, not {settings.get('edge_alb_origin_protocol')!r}")
    return errors


def _waf_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    if settings.get("edge_waf_mode") not in WAF_MODES:
        errors.append(f"edge_waf_mode must be count (log matches only) or block, not {settings.get('edge_waf_mode')!r}")
    limit = _whole(settings.get("edge_waf_rate_limit"))
    if limit is None or not WAF_RATE_MIN <= limit <= WAF_RATE_MAX:
        errors.append(
            f"edge_waf_rate_limit must be a whole number of requests per 5 minutes per IP from {WAF_RATE_MIN} (the AWS WAF minimum) "
            f"to {WAF_RATE_MAX}, not {settings.get('edge_waf_rate_limit')!r}"
        )
    if _whole(settings.get("edge_log_retention_days")) not in LOG_RETENTION_DAYS:
        errors.append(
            f"edge_log_retention_days must be a retention CloudWatch Logs offers ({', '.join(map(str, LOG_RETENTION_DAYS))}), "
            f"not {settings.get('edge_log_retention_days')!r}"
        )
    return errors


def _storage_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    for name in ("edge_noncurrent_version_days", "edge_access_log_days"):
        days = _whole(settings.get(name))
        if days is None or days < 1:
            errors.append(f"{name} must be a whole number of days, 1 or more, not {settings.get(name)!r}")
    replica = settings.get("edge_replication_region") or ""
    if replica:
        if not isinstance(replica, str) or not REGION.match(replica):
            errors.append(f"edge_replication_region must be an AWS Region name (e.g. eu-central-1) or empty for no replication, not {replica!r}")
        elif replica == settings.get("webstack_region"):
            errors.append(f"edge_replication_region must differ from webstack_region ({replica}): a replica in the same Region survives nothing")
    return errors


def _guard_errors(settings: Dict[str, Any]) -> List[str]:
    if settings.get("webstack_environment") != "prod":
        return []
    errors = []
    if settings.get("edge_waf_mode") != "block":
        errors.append("edge_waf_mode must be block in prod (count only logs what the rules match)")
    if settings.get("edge_logging") is not True:
        errors.append("edge_logging must be true in prod (CloudFront access logs and WAF logs)")
    return errors


def _visibility(metric: str) -> Dict[str, Any]:
    return {"sampled_requests_enabled": True, "cloud_watch_metrics_enabled": True, "metric_name": metric}


def edge_waf_rules(mode: str, rate_limit: int) -> List[Dict[str, Any]]:
    """The web ACL's rules as community.aws.wafv2_web_acl takes them: the managed groups, then the rate limit."""
    override = "none" if mode == "block" else "count"
    rules = [
        {
            "name": group,
            "priority": index,
            "override_action": {override: {}},
            "visibility_config": _visibility(group),
            "statement": {"managed_rule_group_statement": {"vendor_name": "AWS", "name": group}},
        }
        for index, group in enumerate(MANAGED_RULE_GROUPS)
    ]
    rules.append(
        {
            "name": RATE_RULE,
            "priority": len(MANAGED_RULE_GROUPS),
            "action": {mode: {}},
            "visibility_config": _visibility(RATE_RULE),
            "statement": {"rate_based_statement": {"limit": int(rate_limit), "aggregate_key_type": "IP", "evaluation_window_sec": 300}},
        }
    )
    return rules


def edge_validation_records(results: List[Dict[str, Any]]) -> List[Dict[str, str]]:
    """The validation CNAMEs of acm_certificate_request results (skipped ones have none), once per record name."""
    seen: Dict[str, Dict[str, str]] = {}
    for result in results or []:
        for record in (result or {}).get("validation_records") or []:
            if record.get("name") and record["name"] not in seen:
                seen[record["name"]] = {"name": record["name"], "type": record.get("type", "CNAME"), "value": record["value"]}
    return [seen[name] for name in sorted(seen)]


def edge_tagged(resources: List[Dict[str, Any]], tags: Dict[str, str]) -> Dict[str, Any]:
    """The first resource (by name) that carries every one of tags, else {} (the stack has none)."""
    matching = [resource for resource in resources or [] if all((resource.get("tags") or {}).get(key) == value for key, value in tags.items())]
    return sorted(matching, key=lambda resource: resource.get("load_balancer_name") or resource.get("name") or "")[0] if matching else {}


def _partition(arn: str) -> str:
    return arn.split(":")[1] if arn.startswith("arn:") else "aws"


def edge_bucket_policy(bucket: str, distribution_arn: str) -> Dict[str, Any]:
    """The site bucket's policy: TLS only, and reads by the distribution alone (through its origin access control)."""
    partition = _partition(distribution_arn)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [f"arn:{partition}:s3:::{bucket}", f"arn:{partition}:s3:::{bucket}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
            {
                "Sid": "AllowCloudFrontRead",
                "Effect": "Allow",
                "Principal": {"Service": "cloudfront.amazonaws.com"},
                "Action": "s3:GetObject",
                "Resource": f"arn:{partition}:s3:::{bucket}/*",
                "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
            },
        ],
    }


def edge_key_policy(account: str, distribution_arn: str = "") -> Dict[str, Any]:
    """The site key's policy: the account administers it; the distribution (when it exists) decrypts the site's objects."""
    partition = _partition(distribution_arn)
    statements: List[Dict[str, Any]] = [
        {
            "Sid": "AccountAdministers",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]
    if distribution_arn:
        statements.append(
            {
                "Sid": "AllowCloudFrontDecrypt",
                "Effect": "Allow",
                "Principal": {"Service": "cloudfront.amazonaws.com"},
                "Action": "kms:Decrypt",
                "Resource": "*",
                "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


class FilterModule:
    def filters(self) -> Dict[str, Any]:
        return {
            "edge_errors": edge_errors,
            "edge_waf_rules": edge_waf_rules,
            "edge_validation_records": edge_validation_records,
            "edge_bucket_policy": edge_bucket_policy,
            "edge_key_policy": edge_key_policy,
            "edge_tagged": edge_tagged,
        }
