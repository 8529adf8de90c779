"""Checks of the CloudFront fixes (webstack_emulator/extensions/cloudfront.py), one per fixed operation."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03"
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7"
WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/webstack-edge/a1b2c3d4-e5f6-7890-abcd-ef1234567890"
CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'"


def cloudfront(aws: Emulator) -> Any:
    """A CloudFront client in us-east-1, CloudFront's home Region."""
    return aws.client("cloudfront", region="us-east-1")


def items(*values: Any) -> dict[str, Any]:
    return {"Quantity": len(values), "Items": list(values)}


def security_headers_config(name: str = "webstack-edge-headers", comment: str = "HSTS, CSP, nosniff, frame options, referrer policy") -> dict[str, Any]:
    """A response headers policy configuration with the security headers the edge role sets."""
    return {
        "Name": name,
        "Comment": comment,
        "SecurityHeadersConfig": {
            "StrictTransportSecurity": {"Override": True, "IncludeSubdomains": True, "Preload": True, "AccessControlMaxAgeSec": 63072000},
            "ContentSecurityPolicy": {"Override": True, "ContentSecurityPolicy": CSP},
            "ContentTypeOptions": {"Override": True},
            "FrameOptions": {"Override": True, "FrameOption": "DENY"},
            "ReferrerPolicy": {"Override": True, "ReferrerPolicy": "strict-origin-when-cross-origin"},
        },
        "CustomHeadersConfig": items({"Header": "Permissions-Policy", "Value": "geolocation=()", "Override": True}),
    }


def response_headers_policy(aws: Emulator, name: str = "webstack-edge-headers") -> dict[str, Any]:
    """A custom response headers policy; CreateResponseHeadersPolicy's answer."""
    return cloudfront(aws).create_response_headers_policy(ResponseHeadersPolicyConfig=security_headers_config(name))


def origin_access_control(aws: Emulator, name: str = "webstack-site") -> str:
    config = {"Name": name, "Description": "", "SigningProtocol": "sigv4", "SigningBehavior": "always", "OriginAccessControlOriginType": "s3"}
    return cloudfront(aws).create_origin_access_control(OriginAccessControlConfig=config)["OriginAccessControl"]["Id"]


def edge_config(oac: str, headers_policy: str = SECURITY_HEADERS, reference: str = "webstack-edge") -> dict[str, Any]:
    """A DistributionConfig with everything the edge role sets: S3 site through an OAC, /api/* to the ALB, TLS, logging, WAF, SPA errors."""
    site = {
        "Id": "site",
        "DomainName": "webstack-site.s3.eu-west-1.amazonaws.com",
        "S3OriginConfig": {"OriginAccessIdentity": ""},
        "OriginAccessControlId": oac,
    }
    alb = {
        "Id": "alb",
        "DomainName": "webstack-alb-1234567890.eu-west-1.elb.amazonaws.com",
        "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only", "OriginSslProtocols": items("TLSv1.2")},
    }
    read_methods = items("GET", "HEAD")
    return {
        "CallerReference": reference,
        "Aliases": items("www.example.com"),
        "DefaultRootObject": "index.html",
        "Origins": items(site, alb),
        "DefaultCacheBehavior": {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": "redirect-to-https",
            "AllowedMethods": {**read_methods, "CachedMethods": read_methods},
            "Compress": True,
            "CachePolicyId": CACHING_OPTIMIZED,
            "ResponseHeadersPolicyId": headers_policy,
        },
        "CacheBehaviors": items(
            {
                "PathPattern": "/api/*",
                "TargetOriginId": "alb",
                "ViewerProtocolPolicy": "https-only",
                "AllowedMethods": {**items("GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"), "CachedMethods": read_methods},
                "Compress": False,
                "CachePolicyId": CACHING_DISABLED,
                "OriginRequestPolicyId": ALL_VIEWER_EXCEPT_HOST_HEADER,
                "ResponseHeadersPolicyId": headers_policy,
            }
        ),
        "CustomErrorResponses": items(
            {"ErrorCode": 403, "ResponsePagePath": "/index.html", "ResponseCode": "200", "ErrorCachingMinTTL": 10},
            {"ErrorCode": 404, "ResponsePagePath": "/index.html", "ResponseCode": "200", "ErrorCachingMinTTL": 10},
        ),
        "Comment": "webstack edge",
        "Logging": {"Enabled": True, "IncludeCookies": False, "Bucket": "webstack-logs.s3.amazonaws.com", "Prefix": "cloudfront/"},
        "PriceClass": "PriceClass_100",
        "Enabled": True,
        "ViewerCertificate": {"ACMCertificateArn": CERTIFICATE, "SSLSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1.2_2021"},
        "WebACLId": WEB_ACL,
        "HttpVersion": "http2and3",
        "IsIPV6Enabled": True,
    }


def edge_distribution(aws: Emulator, headers_policy: str = SECURITY_HEADERS) -> tuple[dict[str, Any], dict[str, Any]]:
    """The edge distribution (with a new OAC): the config sent and CreateDistribution's answer."""
    config = edge_config(origin_access_control(aws), headers_policy)
    return config, cloudfront(aws).create_distribution(DistributionConfig=config)


def sent_part(answered: Any, sent: Any) -> Any:
    """The part of an answer that the request sent: the same structure, pruned to the keys sent."""
    if isinstance(sent, dict):
        return {key: sent_part(answered.get(key), value) for key, value in sent.items()} if isinstance(answered, dict) else answered
    if isinstance(sent, list) and isinstance(answered, list) and len(sent) == len(answered):
        return [sent_part(item, value) for item, value in zip(answered, sent, strict=True)]
    return answered


# --- response headers policies ----------------------------------------------------------------


@check("cloudfront", "CreateResponseHeadersPolicy")
def create_response_headers_policy(aws: Emulator) -> dict[str, Any]:
    response = response_headers_policy(aws)
    policy = response["ResponseHeadersPolicy"]
    assert policy["ResponseHeadersPolicyConfig"] == security_headers_config()
    assert response["ETag"] and response["Location"].endswith(f"/2020-05-31/response-headers-policy/{policy['Id']}")
    return response


@check("cloudfront", "GetResponseHeadersPolicy")
def get_response_headers_policy(aws: Emulator) -> dict[str, Any]:
    created = response_headers_policy(aws)
    response = cloudfront(aws).get_response_headers_policy(Id=created["ResponseHeadersPolicy"]["Id"])
    assert response["ResponseHeadersPolicy"] == created["ResponseHeadersPolicy"] and response["ETag"] == created["ETag"]
    return response


@check("cloudfront", "GetResponseHeadersPolicyConfig")
def get_response_headers_policy_config(aws: Emulator) -> dict[str, Any]:
    created = response_headers_policy(aws)
    response = cloudfront(aws).get_response_headers_policy_config(Id=created["ResponseHeadersPolicy"]["Id"])
    assert (response["ResponseHeadersPolicyConfig"], response["ETag"]) == (security_headers_config(), created["ETag"])
    return response


@check("cloudfront", "UpdateResponseHeadersPolicy")
def update_response_headers_policy(aws: Emulator) -> dict[str, Any]:
    created = response_headers_policy(aws)
    config = security_headers_config(comment="updated")
    response = cloudfront(aws).update_response_headers_policy(
        Id=created["ResponseHeadersPolicy"]["Id"], IfMatch=created["ETag"], ResponseHeadersPolicyConfig=config
    )
    assert response["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"]["Comment"] == "updated"
    assert response["ETag"] != created["ETag"]
    return response


@check("cloudfront", "DeleteResponseHeadersPolicy")
def delete_response_headers_policy(aws: Emulator) -> dict[str, Any]:
    created = response_headers_policy(aws)
    response = cloudfront(aws).delete_response_headers_policy(Id=created["ResponseHeadersPolicy"]["Id"], IfMatch=created["ETag"])
    assert "Items" not in cloudfront(aws).list_response_headers_policies(Type="custom")["ResponseHeadersPolicyList"]
    return response


@check("cloudfront", "ListResponseHeadersPolicies")
def list_response_headers_policies(aws: Emulator) -> dict[str, Any]:
    created = response_headers_policy(aws)
    response = cloudfront(aws).list_response_headers_policies()
    listed = {item["ResponseHeadersPolicy"]["Id"]: item["Type"] for item in response["ResponseHeadersPolicyList"]["Items"]}
    assert listed[SECURITY_HEADERS] == "managed" and listed[created["ResponseHeadersPolicy"]["Id"]] == "custom"
    return response


# --- managed cache and origin request policies ----------------------------------------------------


@check("cloudfront", "ListCachePolicies")
def list_cache_policies(aws: Emulator) -> dict[str, Any]:
    response = cloudfront(aws).list_cache_policies(Type="managed")
    names = {item["CachePolicy"]["Id"]: item["CachePolicy"]["CachePolicyConfig"]["Name"] for item in response["CachePolicyList"]["Items"]}
    assert names[CACHING_OPTIMIZED] == "Managed-CachingOptimized" and names[CACHING_DISABLED] == "Managed-CachingDisabled"
    return response


@check("cloudfront", "GetCachePolicy")
def get_cache_policy(aws: Emulator) -> dict[str, Any]:
    response = cloudfront(aws).get_cache_policy(Id=CACHING_DISABLED)
    config = response["CachePolicy"]["CachePolicyConfig"]
    assert (config["MinTTL"], config["DefaultTTL"], config["MaxTTL"]) == (0, 0, 0) and response["ETag"]
    return response


@check("cloudfront", "GetCachePolicyConfig")
def get_cache_policy_config(aws: Emulator) -> dict[str, Any]:
    response = cloudfront(aws).get_cache_policy_config(Id=CACHING_OPTIMIZED)
    assert response["CachePolicyConfig"]["ParametersInCacheKeyAndForwardedToOrigin"]["EnableAcceptEncodingBrotli"] is True
    return response


@check("cloudfront", "ListOriginRequestPolicies")
def list_origin_request_policies(aws: Emulator) -> dict[str, Any]:
    response = cloudfront(aws).list_origin_request_policies()
    names = [item["OriginRequestPolicy"]["OriginRequestPolicyConfig"]["Name"] for item in response["OriginRequestPolicyList"]["Items"]]
    assert {"Managed-AllViewer", "Managed-AllViewerExceptHostHeader", "Managed-CORS-S3Origin"} <= set(names)
    return response


@check("cloudfront", "GetOriginRequestPolicy")
def get_origin_request_policy(aws: Emulator) -> dict[str, Any]:
    response = cloudfront(aws).get_origin_request_policy(Id=ALL_VIEWER_EXCEPT_HOST_HEADER)
    headers = response["OriginRequestPolicy"]["OriginRequestPolicyConfig"]["HeadersConfig"]
    assert headers == {"HeaderBehavior": "allExcept", "Headers": items("host")}
    return response


@check("cloudfront", "GetOriginRequestPolicyConfig")
def get_origin_request_policy_config(aws: Emulator) -> dict[str, Any]:
    response = cloudfront(aws).get_origin_request_policy_config(Id=ALL_VIEWER_EXCEPT_HOST_HEADER)
    assert response["OriginRequestPolicyConfig"]["CookiesConfig"] == {"CookieBehavior": "all"}
    return response


# --- distributions ---------------------------------------------------------------------------------


@check("cloudfront", "GetDistributionConfig")
def distribution_config_reads_back_as_sent(aws: Emulator) -> dict[str, Any]:
    config, created = edge_distribution(aws)
    response = cloudfront(aws).get_distribution_config(Id=created["Distribution"]["Id"])
    assert sent_part(response["DistributionConfig"], config) == config
    assert response["DistributionConfig"]["ViewerCertificate"]["CertificateSource"] == "acm"
    return response


@check("cloudfront", "CreateDistribution")
def create_distribution_checks_what_it_names(aws: Emulator) -> dict[str, Any]:
    oac = origin_access_control(aws)
    with pytest.raises(ClientError) as error:
        cloudfront(aws).create_distribution(DistributionConfig=edge_config(oac, headers_policy="00000000-0000-0000-0000-000000000000"))
    assert error.value.response["Error"]["Code"] == "NoSuchResponseHeadersPolicy"
    response = cloudfront(aws).create_distribution(DistributionConfig=edge_config(oac))
    distribution = response["Distribution"]
    assert distribution["DistributionConfig"]["Origins"]["Items"][0]["OriginAccessControlId"] == oac
    assert distribution["LastModifiedTime"] > datetime.now(UTC) - timedelta(minutes=5)
    return response


@check("cloudfront", "UpdateDistribution")
def update_distribution_gives_a_new_etag(aws: Emulator) -> dict[str, Any]:
    config, created = edge_distribution(aws)
    response = cloudfront(aws).update_distribution(
        Id=created["Distribution"]["Id"], IfMatch=created["ETag"], DistributionConfig={**config, "Comment": "updated"}
    )
    assert response["ETag"] != created["ETag"] and response["Distribution"]["DistributionConfig"]["Comment"] == "updated"
    return response


@check("cloudfront", "DeleteDistribution")
def delete_distribution_with_the_current_etag(aws: Emulator) -> dict[str, Any]:
    config, created = edge_distribution(aws)
    updated = cloudfront(aws).update_distribution(Id=created["Distribution"]["Id"], IfMatch=created["ETag"], DistributionConfig={**config, "Enabled": False})
    response = cloudfront(aws).delete_distribution(Id=created["Distribution"]["Id"], IfMatch=updated["ETag"])
    assert "Items" not in cloudfront(aws).list_distributions()["DistributionList"]
    return response
