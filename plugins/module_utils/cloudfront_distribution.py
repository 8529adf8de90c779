# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CloudFront distributions: the pure rules of the cloudfront_distribution module.

Everything here takes plain dicts and returns plain dicts. Three forms of a distribution's
configuration meet:

- the module's options (``params``);
- the wire ``DistributionConfig`` (CamelCase, lists wrapped in ``Quantity``/``Items``), which
  :func:`build_config` makes from the options and :func:`merge_config` lays over the one AWS holds,
  keeping what the module has no option for;
- the *settings*: the module's own snake_case view, with AWS's defaults filled in and the lists
  AWS treats as sets sorted, which :func:`settings_from_config` reads from any wire configuration.
  Two configurations are the same for the module when their settings are equal; the diff shows them.
"""

from __future__ import annotations

import copy
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

S3_DOMAIN_SUFFIX = ".s3.amazonaws.com"
MAX_COMMENT_LENGTH = 128

# The HTTP codes CloudFront accepts in CustomErrorResponses.
ERROR_CODES = (400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504)
RESPONSE_CODES = (200, *ERROR_CODES)
DEFAULT_ERROR_CACHING_MIN_TTL = 10

# The only method sets CloudFront accepts (AllowedMethods, CachedMethods), sorted.
ALLOWED_METHOD_SETS = (
    ["GET", "HEAD"],
    ["GET", "HEAD", "OPTIONS"],
    ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
)
CACHED_METHOD_SETS = ALLOWED_METHOD_SETS[:2]

# Top-level DistributionConfig keys the module sets; the others are kept as AWS holds them.
MANAGED_KEYS = (
    "CallerReference",
    "Comment",
    "Enabled",
    "Aliases",
    "DefaultRootObject",
    "PriceClass",
    "HttpVersion",
    "IsIPV6Enabled",
    "WebACLId",
    "ViewerCertificate",
    "Logging",
    "Origins",
    "DefaultCacheBehavior",
    "CacheBehaviors",
    "CustomErrorResponses",
)
# Keys of an origin or a behavior the module replaces; the others are kept from the one with the same id or path.
ORIGIN_KIND_KEYS = ("S3OriginConfig", "CustomOriginConfig", "VpcOriginConfig")
LEGACY_CACHE_KEYS = ("ForwardedValues", "MinTTL", "DefaultTTL", "MaxTTL")


# --- validation --------------------------------------------------------------------------------


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the options, each naming the option and what is allowed; [] when all is well."""
    errors = []
    if not params["caller_reference"]:
        errors.append("caller_reference must not be empty")
    comment = params.get("comment")
    if comment is not None and len(comment) > MAX_COMMENT_LENGTH:
        errors.append(f"comment is {len(comment)} characters long; CloudFront allows at most {MAX_COMMENT_LENGTH}")
    if params.get("wait_timeout", 1) < 1:
        errors.append(f"wait_timeout {params['wait_timeout']} is not a number of seconds: give a positive integer")
    if params["state"] == "absent":
        return errors
    if (params.get("default_root_object") or "").startswith("/"):
        errors.append(f"default_root_object {params['default_root_object']!r} must not start with '/' (give the object name, e.g. index.html)")
    errors.extend(_certificate_errors(params))
    errors.extend(_origin_errors(params["origins"] or []))
    origin_ids = {origin["id"] for origin in params["origins"] or []}
    errors.extend(_behavior_errors("default_cache_behavior", params["default_cache_behavior"], origin_ids))
    patterns = [behavior["path_pattern"] for behavior in params["cache_behaviors"] or []]
    for pattern in _duplicates(patterns):
        errors.append(f"cache_behaviors: path_pattern {pattern!r} appears more than once; each path pattern needs one behavior")
    for behavior in params["cache_behaviors"] or []:
        errors.extend(_behavior_errors(f"cache_behaviors[{behavior['path_pattern']}]", behavior, origin_ids))
    errors.extend(_error_response_errors(params["custom_error_responses"] or []))
    return errors


def _duplicates(values: List[Any]) -> List[Any]:
    return sorted({value for value in values if values.count(value) > 1}, key=str)


def _certificate_errors(params: Dict[str, Any]) -> List[str]:
    certificate = params.get("viewer_certificate") or {}
    arn = certificate.get("acm_certificate_arn")
    errors = []
    if params.get("aliases") and not arn:
        errors.append("aliases need viewer_certificate.acm_certificate_arn: CloudFront refuses alternate domain names without a certificate that covers them")
    if arn and ":acm:us-east-1:" not in arn:
        errors.append(f"viewer_certificate.acm_certificate_arn {arn!r} must be an ACM certificate in us-east-1 (CloudFront uses no other Region's)")
    if arn and certificate.get("ssl_support_method") == "sni-only" and certificate.get("minimum_protocol_version") == "SSLv3":
        errors.append("viewer_certificate.minimum_protocol_version SSLv3 needs ssl_support_method vip; with sni-only give TLSv1 or later")
    return errors


def _origin_errors(origins: List[Dict[str, Any]]) -> List[str]:
    errors = [f"origins: id {origin_id!r} appears more than once; origin ids must be unique" for origin_id in _duplicates([o["id"] for o in origins])]
    for origin in origins:
        path = origin.get("origin_path") or ""
        if path and (not path.startswith("/") or path.endswith("/")):
            errors.append(f"origins[{origin['id']}].origin_path {path!r} must start with '/' and not end with '/' (e.g. /site), or be empty")
        if not 1 <= origin.get("connection_attempts", 3) <= 3:
            errors.append(f"origins[{origin['id']}].connection_attempts must be 1, 2 or 3")
        if not 1 <= origin.get("connection_timeout", 10) <= 10:
            errors.append(f"origins[{origin['id']}].connection_timeout must be from 1 to 10 seconds")
    return errors


def _behavior_errors(name: str, behavior: Dict[str, Any], origin_ids: set) -> List[str]:
    errors = []
    if behavior["target_origin_id"] not in origin_ids:
        known = ", ".join(sorted(origin_ids)) or "none"
        errors.append(f"{name}.target_origin_id {behavior['target_origin_id']!r} names no origin (origins: {known})")
    allowed = sorted(set(behavior["allowed_methods"]))
    cached = sorted(set(behavior["cached_methods"]))
    if allowed not in ALLOWED_METHOD_SETS:
        errors.append(f"{name}.allowed_methods {allowed} is not a set CloudFront accepts: {' or '.join(str(s) for s in ALLOWED_METHOD_SETS)}")
    if cached not in CACHED_METHOD_SETS or not set(cached) <= set(allowed):
        errors.append(f"{name}.cached_methods {cached} must be [GET, HEAD] or [GET, HEAD, OPTIONS], and among allowed_methods")
    events = [association["event_type"] for association in behavior.get("function_associations") or []]
    for event in _duplicates(events):
        errors.append(f"{name}.function_associations: event_type {event} appears more than once; one function per event type")
    return errors


def _error_response_errors(responses: List[Dict[str, Any]]) -> List[str]:
    errors = [f"custom_error_responses: error_code {code} appears more than once" for code in _duplicates([response["error_code"] for response in responses])]
    for response in responses:
        code = response["error_code"]
        if code not in ERROR_CODES:
            errors.append(f"custom_error_responses: error_code {code} is not one CloudFront handles: {', '.join(map(str, ERROR_CODES))}")
        if response.get("response_code") is not None and response["response_code"] not in RESPONSE_CODES:
            errors.append(f"custom_error_responses[{code}].response_code {response['response_code']} must be one of {', '.join(map(str, RESPONSE_CODES))}")
        if (response.get("response_code") is None) != (response.get("response_page_path") is None):
            errors.append(f"custom_error_responses[{code}]: response_code and response_page_path go together; give both or neither")
        page = response.get("response_page_path")
        if page is not None and not page.startswith("/"):
            errors.append(f"custom_error_responses[{code}].response_page_path {page!r} must start with '/'")
    return errors


# --- options -> wire ---------------------------------------------------------------------------


def _items(values: List[Any]) -> Dict[str, Any]:
    """CloudFront's list wrapper; no Items key for an empty list, as AWS answers it."""
    return {"Quantity": len(values), "Items": list(values)} if values else {"Quantity": 0}


def _unwrap(wrapper: Optional[Dict[str, Any]]) -> List[Any]:
    return list((wrapper or {}).get("Items") or [])


def logging_bucket(bucket: str) -> str:
    """The bucket's domain name CloudFront wants (a bare bucket name gets the S3 suffix)."""
    return bucket if bucket.endswith(".amazonaws.com") else bucket + S3_DOMAIN_SUFFIX


def build_config(params: Dict[str, Any]) -> Dict[str, Any]:
    """The wire DistributionConfig of the keys the module manages (MANAGED_KEYS), from the options."""
    logging = params.get("logging")
    return {
        "CallerReference": params["caller_reference"],
        "Comment": wanted_comment(params),
        "Enabled": params["enabled"],
        "Aliases": _items(params.get("aliases") or []),
        "DefaultRootObject": params.get("default_root_object") or "",
        "PriceClass": params["price_class"],
        "HttpVersion": params["http_version"],
        "IsIPV6Enabled": params["ipv6_enabled"],
        "WebACLId": params.get("web_acl_id") or "",
        "ViewerCertificate": _viewer_certificate(params.get("viewer_certificate") or {}),
        "Logging": {
            "Enabled": bool(logging),
            "IncludeCookies": bool(logging and logging.get("include_cookies")),
            "Bucket": logging_bucket(logging["bucket"]) if logging else "",
            "Prefix": (logging.get("prefix") or "") if logging else "",
        },
        "Origins": _items([_origin(origin) for origin in params["origins"] or []]),
        "DefaultCacheBehavior": _behavior(params["default_cache_behavior"]),
        "CacheBehaviors": _items([_behavior(behavior) for behavior in params.get("cache_behaviors") or []]),
        "CustomErrorResponses": _items([_error_response(response) for response in params.get("custom_error_responses") or []]),
    }


def wanted_comment(params: Dict[str, Any]) -> str:
    comment = params.get("comment")
    return params["caller_reference"] if comment is None else comment


def _viewer_certificate(certificate: Dict[str, Any]) -> Dict[str, Any]:
    if not certificate.get("acm_certificate_arn"):
        return {"CloudFrontDefaultCertificate": True}
    return {
        "CloudFrontDefaultCertificate": False,
        "ACMCertificateArn": certificate["acm_certificate_arn"],
        "SSLSupportMethod": certificate.get("ssl_support_method") or "sni-only",
        "MinimumProtocolVersion": certificate.get("minimum_protocol_version") or "TLSv1.2_2021",
    }


def _origin(origin: Dict[str, Any]) -> Dict[str, Any]:
    headers = origin.get("custom_headers") or {}
    wire = {
        "Id": origin["id"],
        "DomainName": origin["domain_name"],
        "OriginPath": origin.get("origin_path") or "",
        "CustomHeaders": _items([{"HeaderName": name, "HeaderValue": str(headers[name])} for name in sorted(headers)]),
        "ConnectionAttempts": origin.get("connection_attempts", 3),
        "ConnectionTimeout": origin.get("connection_timeout", 10),
        "OriginAccessControlId": origin.get("origin_access_control_id") or "",
    }
    custom = origin.get("custom_origin")
    if custom is None:
        wire["S3OriginConfig"] = {"OriginAccessIdentity": ""}
    else:
        wire["CustomOriginConfig"] = {
            "HTTPPort": custom.get("http_port", 80),
            "HTTPSPort": custom.get("https_port", 443),
            "OriginProtocolPolicy": custom.get("origin_protocol_policy") or "https-only",
            "OriginSslProtocols": _items(sorted(set(custom.get("origin_ssl_protocols") or ["TLSv1.2"]))),
            "OriginReadTimeout": custom.get("read_timeout", 30),
            "OriginKeepaliveTimeout": custom.get("keepalive_timeout", 5),
        }
    return wire


def _behavior(behavior: Dict[str, Any]) -> Dict[str, Any]:
    wire = {}
    if behavior.get("path_pattern") is not None:
        wire["PathPattern"] = behavior["path_pattern"]
    wire.update(
        {
            "TargetOriginId": behavior["target_origin_id"],
            "ViewerProtocolPolicy": behavior.get("viewer_protocol_policy") or "redirect-to-https",
            "AllowedMethods": {
                **_items(sorted(set(behavior.get("allowed_methods") or ["GET", "HEAD"]))),
                "CachedMethods": _items(sorted(set(behavior.get("cached_methods") or ["GET", "HEAD"]))),
            },
            "Compress": behavior.get("compress", True),
            "CachePolicyId": behavior["cache_policy_id"],
            "FunctionAssociations": _items(
                [
                    {"FunctionARN": association["function_arn"], "EventType": association["event_type"]}
                    for association in sorted(behavior.get("function_associations") or [], key=lambda a: a["event_type"])
                ]
            ),
        }
    )
    for option, key in (("origin_request_policy_id", "OriginRequestPolicyId"), ("response_headers_policy_id", "ResponseHeadersPolicyId")):
        if behavior.get(option):
            wire[key] = behavior[option]
    return wire


def _error_response(response: Dict[str, Any]) -> Dict[str, Any]:
    wire = {"ErrorCode": response["error_code"], "ErrorCachingMinTTL": response.get("error_caching_min_ttl", DEFAULT_ERROR_CACHING_MIN_TTL)}
    if response.get("response_code") is not None:
        wire["ResponseCode"] = str(response["response_code"])
        wire["ResponsePagePath"] = response["response_page_path"]
    return wire


def merge_config(current: Optional[Dict[str, Any]], wanted: Dict[str, Any]) -> Dict[str, Any]:
    """The DistributionConfig to send: the wanted keys over the current configuration.

    Settings the module has no option for (geo restrictions, origin groups, origin shield, Lambda@Edge
    associations, ...) stay as AWS holds them, also inside an origin with the same id or a behavior with
    the same path pattern. The legacy cache settings (ForwardedValues, TTLs) go: behaviors here use a cache policy.
    """
    if current is None:
        return copy.deepcopy(wanted)
    config = {**copy.deepcopy(current), **copy.deepcopy(wanted)}
    kept_origins = {origin["Id"]: origin for origin in _unwrap(current.get("Origins"))}
    config["Origins"] = _items([_keep(kept_origins.get(origin["Id"]), origin, ORIGIN_KIND_KEYS) for origin in _unwrap(config["Origins"])])
    config["DefaultCacheBehavior"] = _keep(current.get("DefaultCacheBehavior"), config["DefaultCacheBehavior"], LEGACY_CACHE_KEYS)
    kept_behaviors = {behavior["PathPattern"]: behavior for behavior in _unwrap(current.get("CacheBehaviors"))}
    config["CacheBehaviors"] = _items(
        [_keep(kept_behaviors.get(behavior["PathPattern"]), behavior, LEGACY_CACHE_KEYS) for behavior in _unwrap(config["CacheBehaviors"])]
    )
    return config


def _keep(current: Optional[Dict[str, Any]], wanted: Dict[str, Any], dropped: tuple) -> Dict[str, Any]:
    kept = {key: value for key, value in (current or {}).items() if key not in dropped and key not in ("OriginRequestPolicyId", "ResponseHeadersPolicyId")}
    return {**kept, **wanted}


# --- wire -> settings --------------------------------------------------------------------------


def settings_from_config(config: Dict[str, Any]) -> Dict[str, Any]:
    """The module's snake_case view of a DistributionConfig, with AWS's defaults for what is missing and sets sorted."""
    logging = config.get("Logging") or {}
    return {
        "caller_reference": config.get("CallerReference"),
        "comment": config.get("Comment", ""),
        "enabled": bool(config.get("Enabled")),
        "aliases": sorted(_unwrap(config.get("Aliases"))),
        "default_root_object": config.get("DefaultRootObject") or "",
        "price_class": config.get("PriceClass") or "PriceClass_All",
        "http_version": config.get("HttpVersion") or "http2",
        "ipv6_enabled": bool(config.get("IsIPV6Enabled", False)),
        "web_acl_id": config.get("WebACLId") or None,
        "viewer_certificate": _certificate_settings(config.get("ViewerCertificate") or {}),
        "logging": (
            {"bucket": logging.get("Bucket", ""), "prefix": logging.get("Prefix") or "", "include_cookies": bool(logging.get("IncludeCookies"))}
            if logging.get("Enabled")
            else None
        ),
        "origins": [_origin_settings(origin) for origin in _unwrap(config.get("Origins"))],
        "default_cache_behavior": _behavior_settings(config.get("DefaultCacheBehavior") or {}),
        "cache_behaviors": [_behavior_settings(behavior) for behavior in _unwrap(config.get("CacheBehaviors"))],
        "custom_error_responses": sorted(
            (_error_response_settings(response) for response in _unwrap(config.get("CustomErrorResponses"))), key=lambda r: r["error_code"]
        ),
    }


def _certificate_settings(certificate: Dict[str, Any]) -> Dict[str, Any]:
    if not certificate.get("ACMCertificateArn"):
        # Any other source is not the module's; IAM certificates show as such and differ from what it sends.
        return {"iam_certificate_id": certificate["IAMCertificateId"]} if certificate.get("IAMCertificateId") else {"cloudfront_default_certificate": True}
    return {
        "acm_certificate_arn": certificate["ACMCertificateArn"],
        "ssl_support_method": certificate.get("SSLSupportMethod"),
        "minimum_protocol_version": certificate.get("MinimumProtocolVersion"),
    }


def _origin_settings(origin: Dict[str, Any]) -> Dict[str, Any]:
    custom = origin.get("CustomOriginConfig")
    return {
        "id": origin.get("Id"),
        "domain_name": origin.get("DomainName"),
        "origin_path": origin.get("OriginPath") or "",
        "origin_access_control_id": origin.get("OriginAccessControlId") or None,
        "custom_origin": (
            {
                "http_port": custom.get("HTTPPort"),
                "https_port": custom.get("HTTPSPort"),
                "origin_protocol_policy": custom.get("OriginProtocolPolicy"),
                "origin_ssl_protocols": sorted(_unwrap(custom.get("OriginSslProtocols"))),
                "read_timeout": custom.get("OriginReadTimeout", 30),
                "keepalive_timeout": custom.get("OriginKeepaliveTimeout", 5),
            }
            if custom is not None
            else None
        ),
        "custom_headers": {header["HeaderName"]: header["HeaderValue"] for header in _unwrap(origin.get("CustomHeaders"))},
        "connection_attempts": origin.get("ConnectionAttempts", 3),
        "connection_timeout": origin.get("ConnectionTimeout", 10),
    }


def _behavior_settings(behavior: Dict[str, Any]) -> Dict[str, Any]:
    allowed = behavior.get("AllowedMethods") or {}
    settings = {"path_pattern": behavior["PathPattern"]} if "PathPattern" in behavior else {}
    settings.update(
        {
            "target_origin_id": behavior.get("TargetOriginId"),
            "viewer_protocol_policy": behavior.get("ViewerProtocolPolicy"),
            "allowed_methods": sorted(_unwrap(allowed)) or ["GET", "HEAD"],
            "cached_methods": sorted(_unwrap(allowed.get("CachedMethods"))) or ["GET", "HEAD"],
            "cache_policy_id": behavior.get("CachePolicyId") or None,
            "origin_request_policy_id": behavior.get("OriginRequestPolicyId") or None,
            "response_headers_policy_id": behavior.get("ResponseHeadersPolicyId") or None,
            "compress": bool(behavior.get("Compress", False)),
            "function_associations": sorted(
                ({"event_type": a["EventType"], "function_arn": a["FunctionARN"]} for a in _unwrap(behavior.get("FunctionAssociations"))),
                key=lambda a: a["event_type"],
            ),
        }
    )
    return settings


def _error_response_settings(response: Dict[str, Any]) -> Dict[str, Any]:
    code = response.get("ResponseCode")
    return {
        "error_code": int(response["ErrorCode"]),
        "response_code": int(code) if code else None,
        "response_page_path": response.get("ResponsePagePath") or None,
        "error_caching_min_ttl": response.get("ErrorCachingMinTTL", DEFAULT_ERROR_CACHING_MIN_TTL),
    }


# --- tags and results --------------------------------------------------------------------------


def tags_after(current: Dict[str, str], wanted: Optional[Dict[str, str]], purge_tags: bool) -> Dict[str, str]:
    """The tags the distribution ends with (wanted None: the tags are left alone)."""
    if wanted is None:
        return dict(current)
    to_set, to_unset = compare_aws_tags(current, wanted, purge_tags)
    return {**{key: value for key, value in current.items() if key not in to_unset}, **to_set}


def distribution_view(summary: Dict[str, Any], settings: Dict[str, Any], tags: Dict[str, str], etag: Optional[str]) -> Dict[str, Any]:
    """The module's return value: identity and status (when the distribution exists), settings, tags."""
    view = {
        "id": summary.get("Id"),
        "arn": summary.get("ARN"),
        "domain_name": summary.get("DomainName"),
        "status": summary.get("Status"),
        "etag": etag,
        "last_modified_time": summary["LastModifiedTime"].isoformat() if hasattr(summary.get("LastModifiedTime"), "isoformat") else None,
    }
    return {**{key: value for key, value in view.items() if value is not None}, **settings, "tags": tags}
