"""CloudFront fidelity fixes for moto 5.2.5 (moto/cloudfront): policies, and distributions read back as sent.

What AWS does, per the CloudFront API reference and botocore's model (2020-05-31):

Policies. moto has no cache, origin request or response headers policies (HTTP 404 on their paths).

- Response headers policies are the account's own (``custom``) ones, kept per backend, and AWS's
  managed ones. CreateResponseHeadersPolicy refuses a name the account already uses
  (``ResponseHeadersPolicyAlreadyExists``, 409), a ``Quantity`` that is not the number of
  ``Items`` (``InconsistentQuantities``) and a Content-Security-Policy longer than 1783
  characters (``TooLongCSPInResponseHeadersPolicy``); it answers the policy, its ETag and its URL.
  UpdateResponseHeadersPolicy and DeleteResponseHeadersPolicy need the current ETag as
  ``If-Match`` (none: ``InvalidIfMatchVersion``; another one: ``PreconditionFailed``); an update
  gives a new ETag and ``LastModifiedTime``; a policy that a cache behavior of a distribution names
  is ``ResponseHeadersPolicyInUse``; a managed policy cannot be changed (``IllegalUpdate``) nor
  deleted (``IllegalDelete``); an unknown id is ``NoSuchResponseHeadersPolicy``.
- Cache and origin request policies: only AWS's managed ones (custom ones are not emulated), with
  their real configurations.
- The List calls page with ``Marker`` (here the id of the first policy of the next page) and
  ``MaxItems`` (default 100), filter on ``Type`` (``managed`` or ``custom``), list managed
  policies first, and omit ``Items`` when there are none.

Distributions. moto rebuilds the configuration from its own model: it drops
``OriginAccessControlId`` and ``S3OriginConfig``, adds ``ForwardedValues`` and zero TTLs to
behaviors that use a cache policy, answers ``Compress`` true when not sent, marks a viewer
certificate from ACM as CloudFront's default one, and keeps one ETag and a fixed
``LastModifiedTime`` for ever. Here the configuration is answered as the request sent it, with the
defaults AWS fills in for what the request leaves out (`distribution_answer`). CreateDistribution[WithTags]
and UpdateDistribution refuse a reference to a policy or OAC that does not exist
(``NoSuchCachePolicy``, ``NoSuchOriginRequestPolicy``, ``NoSuchResponseHeadersPolicy``,
``NoSuchOriginAccessControl``), a behavior whose target origin does not exist (``NoSuchOrigin``)
and inconsistent quantities; UpdateDistribution and DeleteDistribution check ``If-Match`` against
the current ETag (``PreconditionFailed``), and each update gives a new ETag.
"""

from __future__ import annotations

import copy
import hashlib
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

SERVICE = "cloudfront"
API = "/2020-05-31"
LOCATION = "https://cloudfront.amazonaws.com" + API + "/{0}/{1}"
DEFAULT_MAX_ITEMS = 100
MAX_CSP_LENGTH = 1783
RESPONSE_HEADERS = "ResponseHeadersPolicy"
CACHE = "CachePolicy"
ORIGIN_REQUEST = "OriginRequestPolicy"
PATHS = {RESPONSE_HEADERS: "response-headers-policy", CACHE: "cache-policy", ORIGIN_REQUEST: "origin-request-policy"}
STORE = "_webstack_response_headers_policies"

# --- AWS's managed policies (ids and configurations as AWS answers them) ----------------------

CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
CORS_S3_ORIGIN = "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf"
SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03"
CORS_AND_SECURITY_HEADERS = "e61eb60c-9c35-4d20-a928-2b84e02af89c"


def _items(*values: str) -> dict[str, Any]:
    return {"Quantity": len(values), "Items": list(values)}


def _cache_key(gzip: bool) -> dict[str, Any]:
    return {
        "EnableAcceptEncodingGzip": gzip,
        "EnableAcceptEncodingBrotli": gzip,
        "HeadersConfig": {"HeaderBehavior": "none"},
        "CookiesConfig": {"CookieBehavior": "none"},
        "QueryStringsConfig": {"QueryStringBehavior": "none"},
    }


MANAGED_SECURITY_HEADERS = {
    "XSSProtection": {"Override": False, "Protection": True, "ModeBlock": True},
    "FrameOptions": {"Override": False, "FrameOption": "SAMEORIGIN"},
    "ReferrerPolicy": {"Override": False, "ReferrerPolicy": "strict-origin-when-cross-origin"},
    "ContentTypeOptions": {"Override": True},
    "StrictTransportSecurity": {"Override": False, "IncludeSubdomains": False, "Preload": False, "AccessControlMaxAgeSec": 31536000},
}

MANAGED: dict[str, dict[str, dict[str, Any]]] = {
    CACHE: {
        CACHING_OPTIMIZED: {
            "Name": "Managed-CachingOptimized",
            "Comment": "Policy with caching enabled. Supports Gzip and Brotli compression.",
            "MinTTL": 1,
            "DefaultTTL": 86400,
            "MaxTTL": 31536000,
            "ParametersInCacheKeyAndForwardedToOrigin": _cache_key(gzip=True),
        },
        CACHING_DISABLED: {
            "Name": "Managed-CachingDisabled",
            "Comment": "Policy with caching disabled",
            "MinTTL": 0,
            "DefaultTTL": 0,
            "MaxTTL": 0,
            "ParametersInCacheKeyAndForwardedToOrigin": _cache_key(gzip=False),
        },
    },
    ORIGIN_REQUEST: {
        ALL_VIEWER: {
            "Name": "Managed-AllViewer",
            "Comment": "Policy to forward all parameters in viewer requests",
            "HeadersConfig": {"HeaderBehavior": "allViewer"},
            "CookiesConfig": {"CookieBehavior": "all"},
            "QueryStringsConfig": {"QueryStringBehavior": "all"},
        },
        ALL_VIEWER_EXCEPT_HOST_HEADER: {
            "Name": "Managed-AllViewerExceptHostHeader",
            "Comment": "Policy to forward all parameters in viewer requests except for the Host header",
            "HeadersConfig": {"HeaderBehavior": "allExcept", "Headers": _items("host")},
            "CookiesConfig": {"CookieBehavior": "all"},
            "QueryStringsConfig": {"QueryStringBehavior": "all"},
        },
        CORS_S3_ORIGIN: {
            "Name": "Managed-CORS-S3Origin",
            "Comment": "Policy for origin request to S3 origin with CORS",
            "HeadersConfig": {"HeaderBehavior": "whitelist", "Headers": _items("origin", "access-control-request-headers", "access-control-request-method")},
            "CookiesConfig": {"CookieBehavior": "none"},
            "QueryStringsConfig": {"QueryStringBehavior": "none"},
        },
    },
    RESPONSE_HEADERS: {
        SECURITY_HEADERS: {
            "Name": "Managed-SecurityHeadersPolicy",
            "Comment": "Adds a set of security headers to every response",
            "SecurityHeadersConfig": MANAGED_SECURITY_HEADERS,
        },
        CORS_AND_SECURITY_HEADERS: {
            "Name": "Managed-CORS-and-SecurityHeadersPolicy",
            "Comment": "Allows all origins for simple CORS requests and adds security headers",
            "CorsConfig": {
                "AccessControlAllowOrigins": _items("*"),
                "AccessControlAllowHeaders": _items("*"),
                "AccessControlAllowMethods": _items("ALL"),
                "AccessControlAllowCredentials": False,
                "AccessControlExposeHeaders": _items("*"),
                "OriginOverride": False,
            },
            "SecurityHeadersConfig": MANAGED_SECURITY_HEADERS,
        },
    },
}
MANAGED_MODIFIED = {
    CACHE: datetime(2020, 7, 22, tzinfo=UTC),
    ORIGIN_REQUEST: datetime(2020, 7, 22, tzinfo=UTC),
    RESPONSE_HEADERS: datetime(2021, 11, 2, tzinfo=UTC),
}


@dataclass
class Policy:
    """One policy of a kind (CachePolicy, OriginRequestPolicy, ResponseHeadersPolicy): its configuration as sent, its version."""

    kind: str
    id: str
    config: dict[str, Any]
    etag: str
    last_modified: datetime
    managed: bool = False

    @property
    def type(self) -> str:
        return "managed" if self.managed else "custom"

    def answer(self) -> dict[str, Any]:
        """The policy as Get<Kind> answers it (CachePolicy, OriginRequestPolicy, ResponseHeadersPolicy shapes)."""
        return {"Id": self.id, "LastModifiedTime": self.last_modified, f"{self.kind}Config": self.config}


def managed_policies(kind: str) -> list[Policy]:
    return [Policy(kind, policy_id, config, managed_etag(policy_id), MANAGED_MODIFIED[kind], managed=True) for policy_id, config in MANAGED[kind].items()]


def managed_etag(policy_id: str) -> str:
    """A stable ETag for a managed policy (AWS's do not change between reads)."""
    return "E" + hashlib.sha256(policy_id.encode()).hexdigest()[:13].upper()


# --- pure rules -------------------------------------------------------------------------------


def inconsistent_quantity(value: Any, path: str = "") -> str | None:
    """The path of the first structure whose Quantity is not the number of its Items, or None."""
    if isinstance(value, dict):
        if "Quantity" in value and value["Quantity"] != len(value.get("Items") or []):
            return path or "."
        for key, member in value.items():
            found = inconsistent_quantity(member, f"{path}.{key}" if path else key)
            if found:
                return found
    elif isinstance(value, list):
        for index, member in enumerate(value):
            found = inconsistent_quantity(member, f"{path}[{index}]")
            if found:
                return found
    return None


def page(policies: list[Policy], policy_type: str | None, marker: str | None, max_items: int) -> tuple[list[Policy], str | None]:
    """The policies of the type (all when None) from the marker (the id of the first one of the page) and the next marker, or None."""
    chosen = [policy for policy in policies if policy_type in (None, policy.type)]
    start = next((index for index, policy in enumerate(chosen) if policy.id == marker), len(chosen)) if marker else 0
    items = chosen[start : start + max_items]
    rest = chosen[start + max_items :]
    return items, (rest[0].id if rest else None)


def behaviors(config: dict[str, Any]) -> list[dict[str, Any]]:
    """The default cache behavior and the others, of a DistributionConfig (wire form)."""
    return [config.get("DefaultCacheBehavior") or {}, *((config.get("CacheBehaviors") or {}).get("Items") or [])]


def references(config: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(kind, id) of every policy and OAC a DistributionConfig names, origins first."""
    for origin in (config.get("Origins") or {}).get("Items") or []:
        if origin.get("OriginAccessControlId"):
            yield "OriginAccessControl", origin["OriginAccessControlId"]
    for behavior in behaviors(config):
        for kind in (CACHE, ORIGIN_REQUEST, RESPONSE_HEADERS):
            if behavior.get(f"{kind}Id"):
                yield kind, behavior[f"{kind}Id"]


def unknown_targets(config: dict[str, Any]) -> list[str]:
    """The TargetOriginId of behaviors that name no origin nor origin group."""
    known = {item["Id"] for part in ("Origins", "OriginGroups") for item in (config.get(part) or {}).get("Items") or []}
    return [behavior["TargetOriginId"] for behavior in behaviors(config) if behavior.get("TargetOriginId") not in known]


def distribution_answer(sent: dict[str, Any]) -> dict[str, Any]:
    """A DistributionConfig as AWS reads it back: what the request sent, with AWS's defaults for what it left out."""
    config = copy.deepcopy(sent)
    config.setdefault("Aliases", {"Quantity": 0})
    config.setdefault("DefaultRootObject", "")
    config["Origins"]["Items"] = [_origin(origin) for origin in config["Origins"].get("Items") or []]
    config.setdefault("OriginGroups", {"Quantity": 0})
    config["DefaultCacheBehavior"] = _behavior(config["DefaultCacheBehavior"])
    cache_behaviors = config.setdefault("CacheBehaviors", {"Quantity": 0})
    if cache_behaviors.get("Items"):
        cache_behaviors["Items"] = [_behavior(behavior) for behavior in cache_behaviors["Items"]]
    error_responses = config.setdefault("CustomErrorResponses", {"Quantity": 0})
    if error_responses.get("Items"):
        error_responses["Items"] = [{"ResponsePagePath": "", "ResponseCode": "", "ErrorCachingMinTTL": 10, **item} for item in error_responses["Items"]]
    config["Logging"] = {"Enabled": False, "IncludeCookies": False, "Bucket": "", "Prefix": "", **(config.get("Logging") or {})}
    config.setdefault("PriceClass", "PriceClass_All")
    config["ViewerCertificate"] = _viewer_certificate(config.get("ViewerCertificate") or {})
    config.setdefault("Restrictions", {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}})
    config.setdefault("WebACLId", "")
    config.setdefault("HttpVersion", "http2")
    config.setdefault("ContinuousDeploymentPolicyId", "")
    config.setdefault("Staging", False)
    return config


def _origin(origin: dict[str, Any]) -> dict[str, Any]:
    answer = {
        "OriginPath": "",
        "CustomHeaders": {"Quantity": 0},
        "ConnectionAttempts": 3,
        "ConnectionTimeout": 10,
        "OriginShield": {"Enabled": False},
        "OriginAccessControlId": "",
        **origin,
    }
    if "CustomOriginConfig" in origin:
        answer["CustomOriginConfig"] = {"OriginReadTimeout": 30, "OriginKeepaliveTimeout": 5, **origin["CustomOriginConfig"]}
    return answer


def _behavior(behavior: dict[str, Any]) -> dict[str, Any]:
    answer = {
        "TrustedSigners": {"Enabled": False, "Quantity": 0},
        "TrustedKeyGroups": {"Enabled": False, "Quantity": 0},
        "SmoothStreaming": False,
        "Compress": False,
        "LambdaFunctionAssociations": {"Quantity": 0},
        "FunctionAssociations": {"Quantity": 0},
        "FieldLevelEncryptionId": "",
        **behavior,
    }
    answer["AllowedMethods"] = {"Quantity": 2, "Items": ["HEAD", "GET"], **(behavior.get("AllowedMethods") or {})}
    answer["AllowedMethods"].setdefault("CachedMethods", {"Quantity": 2, "Items": ["HEAD", "GET"]})
    if not behavior.get("CachePolicyId"):  # legacy cache settings: AWS's default TTLs
        answer.setdefault("MinTTL", 0)
        answer.setdefault("DefaultTTL", 86400)
        answer.setdefault("MaxTTL", 31536000)
    return answer


def _viewer_certificate(sent: dict[str, Any]) -> dict[str, Any]:
    if sent.get("ACMCertificateArn"):
        source, certificate = "acm", sent["ACMCertificateArn"]
    elif sent.get("IAMCertificateId"):
        source, certificate = "iam", sent["IAMCertificateId"]
    else:
        return {"CloudFrontDefaultCertificate": True, "SSLSupportMethod": "vip", "MinimumProtocolVersion": "TLSv1", "CertificateSource": "cloudfront", **sent}
    return {"CloudFrontDefaultCertificate": False, "MinimumProtocolVersion": "TLSv1", **sent, "Certificate": certificate, "CertificateSource": source}


# --- errors -------------------------------------------------------------------------------------

NOT_FOUND = {
    CACHE: ("NoSuchCachePolicy", "The cache policy does not exist."),
    ORIGIN_REQUEST: ("NoSuchOriginRequestPolicy", "The origin request policy does not exist."),
    RESPONSE_HEADERS: ("NoSuchResponseHeadersPolicy", "The response headers policy does not exist."),
    "OriginAccessControl": ("NoSuchOriginAccessControl", "The origin access control does not exist."),
}


def _error(code: str, message: str) -> Exception:
    from moto.cloudfront.exceptions import CloudFrontException

    return CloudFrontException(code, message)


def _not_found(kind: str, ident: str) -> Exception:
    code, message = NOT_FOUND[kind]
    return _error(code, f"{message} ({ident})")


def _check_version(etag: str, if_match: str | None) -> None:
    if not if_match:
        raise _error("InvalidIfMatchVersion", "The If-Match version is missing or not valid for the resource.")
    if if_match != etag:
        raise _error("PreconditionFailed", "The precondition given in one or more of the request-header fields evaluated to false.")


def _check_quantities(config: dict[str, Any]) -> None:
    path = inconsistent_quantity(config)
    if path:
        raise _error("InconsistentQuantities", f"The value of Quantity and the size of Items don't match ({path}).")


def _max_items(raw: Any) -> int:
    if raw in (None, ""):
        return DEFAULT_MAX_ITEMS
    if not str(raw).isdigit():
        raise _error("InvalidArgument", f"MaxItems {raw} is not a valid number of items.")
    return int(raw)


def _policy_type(raw: Any) -> str | None:
    if raw in (None, ""):
        return None
    if raw not in ("managed", "custom"):
        raise _error("InvalidArgument", f"Type {raw} is not managed or custom.")
    return str(raw)


# --- the policies of a backend ------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _new_etag() -> str:
    from moto.cloudfront.models import random_id

    return "E" + random_id()


def _custom(backend: Any) -> dict[str, Policy]:
    """The account's response headers policies, by id (kept on the backend, so a reset forgets them)."""
    return backend.__dict__.setdefault(STORE, {})


def policies(backend: Any, kind: str) -> list[Policy]:
    """Every policy of the kind: managed ones first, then the account's in creation order."""
    return managed_policies(kind) + (list(_custom(backend).values()) if kind == RESPONSE_HEADERS else [])


def find(backend: Any, kind: str, policy_id: str) -> Policy:
    for policy in policies(backend, kind):
        if policy.id == policy_id:
            return policy
    raise _not_found(kind, policy_id)


def exists(backend: Any, kind: str, ident: str) -> bool:
    if kind == "OriginAccessControl":
        return ident in backend.origin_access_controls
    return any(policy.id == ident for policy in policies(backend, kind))


def _check_response_headers_config(backend: Any, config: dict[str, Any], own_id: str | None = None) -> None:
    name = config.get("Name")
    if any(policy.config.get("Name") == name and policy.id != own_id for policy in policies(backend, RESPONSE_HEADERS)):
        raise _error("ResponseHeadersPolicyAlreadyExists", f"A response headers policy with the name {name} already exists.")
    _check_quantities(config)
    csp = ((config.get("SecurityHeadersConfig") or {}).get("ContentSecurityPolicy") or {}).get("ContentSecurityPolicy") or ""
    if len(csp) > MAX_CSP_LENGTH:
        raise _error("TooLongCSPInResponseHeadersPolicy", f"The Content-Security-Policy is {len(csp)} characters long; at most {MAX_CSP_LENGTH} are allowed.")


def create_response_headers_policy(backend: Any, config: dict[str, Any]) -> Policy:
    _check_response_headers_config(backend, config)
    policy = Policy(RESPONSE_HEADERS, str(uuid.uuid4()), config, _new_etag(), _now())
    _custom(backend)[policy.id] = policy
    return policy


def update_response_headers_policy(backend: Any, policy_id: str, config: dict[str, Any], if_match: str | None) -> Policy:
    policy = find(backend, RESPONSE_HEADERS, policy_id)
    if policy.managed:
        raise _error("IllegalUpdate", f"The managed response headers policy {policy_id} cannot be updated.")
    _check_version(policy.etag, if_match)
    _check_response_headers_config(backend, config, policy_id)
    policy.config, policy.etag, policy.last_modified = config, _new_etag(), _now()
    return policy


def delete_response_headers_policy(backend: Any, policy_id: str, if_match: str | None) -> None:
    policy = find(backend, RESPONSE_HEADERS, policy_id)
    if policy.managed:
        raise _error("IllegalDelete", f"The managed response headers policy {policy_id} cannot be deleted.")
    _check_version(policy.etag, if_match)
    users = [
        distribution_id
        for distribution_id, distribution in backend.distributions.items()
        if (RESPONSE_HEADERS, policy_id) in set(references(vars(distribution.distribution_config)))
    ]
    if users:
        raise _error("ResponseHeadersPolicyInUse", f"The response headers policy {policy_id} is in use by distributions {', '.join(users)}.")
    del _custom(backend)[policy_id]


# --- the operations -----------------------------------------------------------------------------


def _add_operation(name: str, operation: Callable[[Any], Any]) -> None:
    """Give moto's CloudFrontResponse an operation (routed by botocore's model) and the URL paths of the policies."""
    from moto.cloudfront import urls
    from moto.cloudfront.responses import CloudFrontResponse

    for path in PATHS.values():
        for suffix in ("$", "/(?P<Id>[^/]+)$", "/(?P<Id>[^/]+)/config$"):
            urls.url_paths.setdefault("{0}" + f"{API}/{path}{suffix}", CloudFrontResponse.dispatch)
    setattr(CloudFrontResponse, name, operation)


def _list_answer(response: Any, kind: str) -> Any:
    from moto.core.responses import ActionResult

    max_items = _max_items(response._get_param("MaxItems"))
    items, next_marker = page(policies(response.backend, kind), _policy_type(response._get_param("Type")), response._get_param("Marker"), max_items)
    listing: dict[str, Any] = {"MaxItems": max_items, "Quantity": len(items)}
    if items:
        listing["Items"] = [{"Type": policy.type, kind: policy.answer()} for policy in items]
    if next_marker:
        listing["NextMarker"] = next_marker
    return ActionResult({f"{kind}List": listing})


def _get_answer(response: Any, kind: str) -> Any:
    from moto.core.responses import ActionResult

    policy = find(response.backend, kind, response._get_param("Id"))
    return ActionResult({kind: policy.answer(), "ETag": policy.etag})


def _get_config_answer(response: Any, kind: str) -> Any:
    from moto.core.responses import ActionResult

    policy = find(response.backend, kind, response._get_param("Id"))
    return ActionResult({f"{kind}Config": policy.config, "ETag": policy.etag})


@fix(
    SERVICE,
    "CreateResponseHeadersPolicy",
    "No such operation in moto (HTTP 404). AWS creates a custom policy with the configuration sent and answers it with its ETag and URL; "
    "a name already used is ResponseHeadersPolicyAlreadyExists (409), inconsistent quantities InconsistentQuantities, a CSP over 1783 "
    "characters TooLongCSPInResponseHeadersPolicy.",
)
def create_response_headers_policy_operation() -> None:
    from moto.core.responses import ActionResult

    def operation(self: Any) -> Any:
        policy = create_response_headers_policy(self.backend, self._get_param("ResponseHeadersPolicyConfig", {}))
        return ActionResult({RESPONSE_HEADERS: policy.answer(), "ETag": policy.etag, "Location": LOCATION.format(PATHS[RESPONSE_HEADERS], policy.id)})

    _add_operation("create_response_headers_policy", operation)


@fix(
    SERVICE,
    "GetResponseHeadersPolicy",
    "No such operation in moto (HTTP 404). AWS answers a custom or managed policy with its ETag, or NoSuchResponseHeadersPolicy (404).",
)
def get_response_headers_policy_operation() -> None:
    _add_operation("get_response_headers_policy", lambda self: _get_answer(self, RESPONSE_HEADERS))


@fix(
    SERVICE,
    "GetResponseHeadersPolicyConfig",
    "No such operation in moto (HTTP 404). AWS answers the policy's configuration with its ETag, or NoSuchResponseHeadersPolicy (404).",
)
def get_response_headers_policy_config_operation() -> None:
    _add_operation("get_response_headers_policy_config", lambda self: _get_config_answer(self, RESPONSE_HEADERS))


@fix(
    SERVICE,
    "UpdateResponseHeadersPolicy",
    "No such operation in moto (HTTP 404). AWS replaces the configuration when If-Match is the current ETag (InvalidIfMatchVersion "
    "without one, PreconditionFailed for another) and answers a new ETag and LastModifiedTime; a name another policy has is "
    "ResponseHeadersPolicyAlreadyExists; a managed policy cannot be updated.",
)
def update_response_headers_policy_operation() -> None:
    from moto.core.responses import ActionResult

    def operation(self: Any) -> Any:
        policy = update_response_headers_policy(
            self.backend, self._get_param("Id"), self._get_param("ResponseHeadersPolicyConfig", {}), self._get_param("IfMatch")
        )
        return ActionResult({RESPONSE_HEADERS: policy.answer(), "ETag": policy.etag})

    _add_operation("update_response_headers_policy", operation)


@fix(
    SERVICE,
    "DeleteResponseHeadersPolicy",
    "No such operation in moto (HTTP 404). AWS deletes a custom policy when If-Match is its current ETag; a policy a distribution's "
    "cache behavior names is ResponseHeadersPolicyInUse (409); a managed one IllegalDelete; an unknown id NoSuchResponseHeadersPolicy.",
)
def delete_response_headers_policy_operation() -> None:
    from moto.core.responses import EmptyResult

    def operation(self: Any) -> Any:
        delete_response_headers_policy(self.backend, self._get_param("Id"), self._get_param("IfMatch"))
        return EmptyResult()

    _add_operation("delete_response_headers_policy", operation)


@fix(
    SERVICE,
    "ListResponseHeadersPolicies",
    "No such operation in moto (HTTP 404). AWS lists its managed policies (SecurityHeadersPolicy, CORS-and-SecurityHeadersPolicy, ...) "
    "and the account's, filtered by Type, paged with Marker and MaxItems.",
)
def list_response_headers_policies_operation() -> None:
    _add_operation("list_response_headers_policies", lambda self: _list_answer(self, RESPONSE_HEADERS))


@fix(
    SERVICE,
    "ListCachePolicies",
    "No such operation in moto (HTTP 404). AWS lists its managed cache policies (CachingOptimized, CachingDisabled, ...) and the "
    "account's, filtered by Type, paged with Marker and MaxItems.",
)
def list_cache_policies_operation() -> None:
    _add_operation("list_cache_policies", lambda self: _list_answer(self, CACHE))


@fix(SERVICE, "GetCachePolicy", "No such operation in moto (HTTP 404). AWS answers the policy and its ETag, or NoSuchCachePolicy (404).")
def get_cache_policy_operation() -> None:
    _add_operation("get_cache_policy", lambda self: _get_answer(self, CACHE))


@fix(SERVICE, "GetCachePolicyConfig", "No such operation in moto (HTTP 404). AWS answers the policy's configuration and its ETag, or NoSuchCachePolicy.")
def get_cache_policy_config_operation() -> None:
    _add_operation("get_cache_policy_config", lambda self: _get_config_answer(self, CACHE))


@fix(
    SERVICE,
    "ListOriginRequestPolicies",
    "No such operation in moto (HTTP 404). AWS lists its managed origin request policies (AllViewer, AllViewerExceptHostHeader, "
    "CORS-S3Origin, ...) and the account's, filtered by Type, paged with Marker and MaxItems.",
)
def list_origin_request_policies_operation() -> None:
    _add_operation("list_origin_request_policies", lambda self: _list_answer(self, ORIGIN_REQUEST))


@fix(SERVICE, "GetOriginRequestPolicy", "No such operation in moto (HTTP 404). AWS answers the policy and its ETag, or NoSuchOriginRequestPolicy (404).")
def get_origin_request_policy_operation() -> None:
    _add_operation("get_origin_request_policy", lambda self: _get_answer(self, ORIGIN_REQUEST))


@fix(
    SERVICE,
    "GetOriginRequestPolicyConfig",
    "No such operation in moto (HTTP 404). AWS answers the policy's configuration and its ETag, or NoSuchOriginRequestPolicy.",
)
def get_origin_request_policy_config_operation() -> None:
    _add_operation("get_origin_request_policy_config", lambda self: _get_config_answer(self, ORIGIN_REQUEST))


# --- distributions ------------------------------------------------------------------------------


class AnsweredOrigin(dict):  # type: ignore[type-arg]
    """An origin in AWS's wire shape that keeps the attributes of moto's Origin it replaces (other fixes read them)."""

    def __init__(self, answer: dict[str, Any], model: Any) -> None:
        super().__init__(answer)
        vars(self).update(vars(model))


def check_distribution_config(backend: Any, config: dict[str, Any]) -> None:
    """AWS's refusals of a DistributionConfig that names what does not exist, or miscounts."""
    _check_quantities(config)
    targets = unknown_targets(config)
    if targets:
        raise _error("NoSuchOrigin", f"One or more of your origins or origin groups do not exist ({', '.join(targets)}).")
    for kind, ident in references(config):
        if not exists(backend, kind, ident):
            raise _not_found(kind, ident)


@fix(
    SERVICE,
    "GetDistributionConfig",
    "moto answered its own model of the configuration: no OriginAccessControlId nor S3OriginConfig on origins, ForwardedValues and zero "
    "TTLs on behaviors that use a cache policy, Compress true when not sent, an ACM certificate as CloudFrontDefaultCertificate true with "
    "CertificateSource cloudfront. AWS answers the configuration as sent, with its defaults for what was left out.",
)
def distribution_config_reads_back_as_sent() -> None:
    from moto.cloudfront.models import DistributionConfig

    original_init = DistributionConfig.__init__

    @wraps(original_init)
    def __init__(self: Any, config: dict[str, Any]) -> None:
        sent = copy.deepcopy(config)
        original_init(self, config)
        answer = distribution_answer(sent)
        answer["Origins"]["Items"] = [AnsweredOrigin(origin, model) for origin, model in zip(answer["Origins"]["Items"], self.Origins["Items"], strict=True)]
        vars(self).update(answer)

    DistributionConfig.__init__ = __init__  # type: ignore[method-assign]


@fix(
    SERVICE,
    "CreateDistribution",
    "moto accepted cache, origin request and response headers policy ids, and OAC ids, that do not exist, behaviors whose target origin "
    "does not exist (other than the default one), inconsistent quantities, and answered LastModifiedTime 2021-11-27 for every distribution. "
    "AWS answers NoSuchCachePolicy, NoSuchOriginRequestPolicy, NoSuchResponseHeadersPolicy, NoSuchOriginAccessControl, NoSuchOrigin, "
    "InconsistentQuantities (also CreateDistributionWithTags), and the time of the change.",
)
def create_distribution_checks_references() -> None:
    from moto.cloudfront.models import CloudFrontBackend

    original = CloudFrontBackend.create_distribution_with_tags

    @wraps(original)
    def create_distribution_with_tags(self: Any, distribution_config: dict[str, Any], tags: list[dict[str, str]]) -> Any:
        check_distribution_config(self, distribution_config)
        distribution, location, etag = original(self, distribution_config, tags)
        distribution.last_modified_time = _now()
        return distribution, location, etag

    CloudFrontBackend.create_distribution_with_tags = create_distribution_with_tags  # type: ignore[method-assign]


@fix(
    SERVICE,
    "UpdateDistribution",
    "moto accepted any If-Match, kept the ETag and LastModifiedTime across updates, and accepted references to policies and OACs that do "
    "not exist. AWS answers PreconditionFailed for a stale ETag, a new ETag and LastModifiedTime after each update, and the NoSuch... "
    "errors of CreateDistribution.",
)
def update_distribution_checks_version_and_references() -> None:
    from moto.cloudfront.models import CloudFrontBackend

    original = CloudFrontBackend.update_distribution

    @wraps(original)
    def update_distribution(self: Any, dist_config: dict[str, Any], _id: str, if_match: str | None) -> Any:
        current = self.distributions.get(_id)
        if current is not None and dist_config:
            _check_version(current.etag, if_match)
            check_distribution_config(self, dist_config)
        distribution, location = original(self, dist_config, _id, if_match)[:2]
        distribution.etag, distribution.last_modified_time = _new_etag(), _now()
        return distribution, location, distribution.etag

    CloudFrontBackend.update_distribution = update_distribution  # type: ignore[method-assign]


@fix(
    SERVICE,
    "DeleteDistribution",
    "moto deleted a distribution whatever If-Match said, and an enabled one, or one whose disabling had not yet been deployed. "
    "AWS answers PreconditionFailed unless If-Match is the current ETag, and DistributionNotDisabled until the distribution is "
    "disabled and Deployed.",
)
def delete_distribution_checks_version() -> None:
    from moto.cloudfront.models import CloudFrontBackend

    original = CloudFrontBackend.delete_distribution

    @wraps(original)
    def delete_distribution(self: Any, distribution_id: str, if_match: str | None) -> None:
        current = self.distributions.get(distribution_id)
        if current is not None:
            _check_version(current.etag, if_match)
            if str(vars(current.distribution_config).get("Enabled")).lower() == "true" or current.status != "Deployed":
                raise _error("DistributionNotDisabled", "The distribution you are trying to delete has not been disabled.")
        original(self, distribution_id, if_match)

    CloudFrontBackend.delete_distribution = delete_distribution  # type: ignore[method-assign]
