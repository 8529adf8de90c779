#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cloudfront_response_headers_policy
version_added: 0.2.0
short_description: Manage a CloudFront response headers policy
description:
  - Create, update or delete a CloudFront response headers policy, which the cache behaviors of a distribution name
    (C(ResponseHeadersPolicyId)) so that CloudFront adds security headers (HSTS, Content-Security-Policy,
    X-Content-Type-Options, X-Frame-Options, Referrer-Policy, X-XSS-Protection), CORS headers, a C(Server-Timing)
    header and custom headers to its responses, and removes headers the origin sent.
  - A policy is identified by O(name), which is unique in the account. The module finds it by name among every
    custom response headers policy of the account.
  - The policy read from AWS is compared with the one the options describe, ignoring the order of header lists and
    the C(Quantity)/C(Items) wrappers; the policy is updated only when they differ. Updates and deletes send the
    policy's current C(ETag) as C(IfMatch), so a change made by someone else between the module's read and its write
    fails instead of being overwritten.
  - Unlike M(community.aws.cloudfront_response_headers_policy), a policy that is already as described is neither
    updated nor reported as changed.
  - A response headers policy has no tags.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the response headers policy. Unique in the account.
    required: true
    type: str
  comment:
    description:
      - A comment describing the policy.
    default: ""
    type: str
  security_headers:
    description:
      - The security headers CloudFront adds to its responses. Each header is set only when its option is given.
    type: dict
    suboptions:
      strict_transport_security:
        description:
          - The C(Strict-Transport-Security) (HSTS) header.
        type: dict
        suboptions:
          max_age:
            description:
              - How long, in seconds, browsers remember to use only HTTPS for the site (C(max-age)); at least 0.
            required: true
            type: int
          include_subdomains:
            description:
              - Whether the header has the C(includeSubDomains) directive.
            default: true
            type: bool
          preload:
            description:
              - Whether the header has the C(preload) directive.
            default: false
            type: bool
          override:
            description:
              - Whether this header replaces one the origin sent.
            default: true
            type: bool
      content_security_policy:
        description:
          - The C(Content-Security-Policy) header.
        type: dict
        suboptions:
          policy:
            description:
              - The header's value, C(;)-separated directives, each a name (lower case letters and dashes) followed
                by its values, for example C(default-src 'self'; img-src 'self' data:; frame-ancestors 'none').
              - At most 1783 characters, on one line; a directive may not be given twice.
            required: true
            type: str
          override:
            description:
              - Whether this header replaces one the origin sent.
            default: true
            type: bool
      content_type_options:
        description:
          - The C(X-Content-Type-Options) header, always C(nosniff).
        type: dict
        suboptions:
          override:
            description:
              - Whether this header replaces one the origin sent.
            default: true
            type: bool
      frame_options:
        description:
          - The C(X-Frame-Options) header.
        type: dict
        suboptions:
          frame_option:
            description:
              - The header's value.
            required: true
            choices: ['DENY', 'SAMEORIGIN']
            type: str
          override:
            description:
              - Whether this header replaces one the origin sent.
            default: true
            type: bool
      referrer_policy:
        description:
          - The C(Referrer-Policy) header.
        type: dict
        suboptions:
          referrer_policy:
            description:
              - The header's value.
            required: true
            choices:
              - no-referrer
              - no-referrer-when-downgrade
              - origin
              - origin-when-cross-origin
              - same-origin
              - strict-origin
              - strict-origin-when-cross-origin
              - unsafe-url
            type: str
          override:
            description:
              - Whether this header replaces one the origin sent.
            default: true
            type: bool
      xss_protection:
        description:
          - The C(X-XSS-Protection) header.
        type: dict
        suboptions:
          protection:
            description:
              - V(true) sets the header to C(1), V(false) to C(0) (the filter off).
            required: true
            type: bool
          mode_block:
            description:
              - Whether the header has the C(mode=block) directive. Not with O(security_headers.xss_protection.report_uri).
            default: false
            type: bool
          report_uri:
            description:
              - The URI of the header's C(report) directive. Not with O(security_headers.xss_protection.mode_block=true).
            type: str
          override:
            description:
              - Whether this header replaces one the origin sent.
            default: true
            type: bool
  custom_headers:
    description:
      - Other headers CloudFront adds to its responses.
      - Compared as a set (by header name), in any order.
    type: list
    elements: dict
    default: []
    suboptions:
      header:
        description:
          - The header's name, an HTTP token (letters, digits and C(!#$%&'*+.^_`|~-)). A name may appear once.
        required: true
        type: str
      value:
        description:
          - The header's value.
        required: true
        type: str
      override:
        description:
          - Whether this header replaces one the origin sent.
        default: true
        type: bool
  remove_headers:
    description:
      - The names of headers CloudFront removes from the origin's responses.
      - Compared as a set, in any order. A header may not be both added and removed.
    type: list
    elements: str
    default: []
  server_timing:
    description:
      - The C(Server-Timing) header, which gives the viewer CloudFront's timings for the request.
      - Left out, or with O(server_timing.enabled=false), CloudFront adds no C(Server-Timing) header.
    type: dict
    suboptions:
      enabled:
        description:
          - Whether CloudFront adds the header.
        default: true
        type: bool
      sampling_rate:
        description:
          - The percentage of responses (0 to 100, up to four decimal places) that get the header.
        type: float
  cors:
    description:
      - The CORS headers CloudFront adds to its responses. Left out, the policy sets no CORS header.
      - The lists are compared as sets, in any order.
    type: dict
    suboptions:
      allow_origins:
        description:
          - The values of C(Access-Control-Allow-Origin), for example C(https://www.example.com), or C(*).
        required: true
        type: list
        elements: str
      allow_headers:
        description:
          - The values of C(Access-Control-Allow-Headers), header names or C(*).
        default: []
        type: list
        elements: str
      allow_methods:
        description:
          - The values of C(Access-Control-Allow-Methods). V(ALL) stands for every method, alone.
        required: true
        type: list
        elements: str
        choices: ['GET', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'ALL']
      allow_credentials:
        description:
          - The value of C(Access-Control-Allow-Credentials).
        default: false
        type: bool
      expose_headers:
        description:
          - The values of C(Access-Control-Expose-Headers), header names or C(*).
        default: []
        type: list
        elements: str
      max_age_sec:
        description:
          - The value of C(Access-Control-Max-Age), in seconds; left out, the header is not set.
        type: int
      origin_override:
        description:
          - Whether these headers replace CORS headers the origin sent.
        default: true
        type: bool
  state:
    description:
      - Whether the response headers policy should exist.
      - AWS refuses to delete a policy that a cache behavior of a distribution still names; the module then fails
        naming it. Remove it from the distribution first.
    default: present
    choices: ['present', 'absent']
    type: str
notes:
  - CloudFront is a global service. Like every CloudFront client, the module's client sends its calls to the global
    endpoint (C(cloudfront.amazonaws.com)), signed for C(us-east-1), whatever O(region) says; O(region) only picks
    the partition and may be left unset.
  - Every option is checked before any call to AWS; a bad value fails naming the option.
  - In check mode the module reports what would change and makes no change; a policy it would create or update is
    returned with the configuration it would have, without C(etag) and C(last_modified_time), and without C(id) for
    a new one.
  - The diff shows the policy in the module's options (name, comment, security_headers, custom_headers,
    remove_headers, server_timing, cors), header lists sorted.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: The site's security headers
  webstack.aws.cloudfront_response_headers_policy:
    name: webstack-prod-security-headers
    comment: Security headers of the webstack-prod site
    security_headers:
      strict_transport_security:
        max_age: 63072000
        preload: true
      content_security_policy:
        policy: "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'"
      content_type_options: {}
      frame_options:
        frame_option: DENY
      referrer_policy:
        referrer_policy: strict-origin-when-cross-origin
    remove_headers:
      - Server
  register: headers_policy

- name: Name it in the distribution's cache behaviors
  ansible.builtin.debug:
    msg: "ResponseHeadersPolicyId: {{ headers_policy.response_headers_policy.id }}"

- name: CORS for an API, a custom header and Server-Timing on one response in a hundred
  webstack.aws.cloudfront_response_headers_policy:
    name: webstack-prod-api
    cors:
      allow_origins:
        - https://www.example.com
      allow_headers:
        - Authorization
        - Content-Type
      allow_methods: [GET, HEAD, OPTIONS, POST]
      allow_credentials: true
      max_age_sec: 600
    custom_headers:
      - header: X-Stack
        value: webstack-prod
    server_timing:
      sampling_rate: 1

- name: Remove the policy (no distribution may use it any more)
  webstack.aws.cloudfront_response_headers_policy:
    name: webstack-prod-api
    state: absent
"""

RETURN = r"""
response_headers_policy:
  description:
    - The response headers policy.
    - In check mode, for a policy the module would create or update, the configuration it would have (no etag nor
      last_modified_time; no id for a new one).
  returned: when O(state=present)
  type: dict
  contains:
    id:
      description: The ID of the policy, the value of a cache behavior's C(ResponseHeadersPolicyId).
      type: str
      returned: when the policy exists
      sample: 4a7c1f0e-9b1d-4f8e-a2c3-5d6e7f8a9b0c
    etag:
      description: The current version of the policy, which an update or delete sends as C(IfMatch).
      type: str
      returned: when the policy exists
      sample: E3UN6WX5RRO2AG
    last_modified_time:
      description: When the policy was last changed, in ISO 8601.
      type: str
      returned: when the policy exists
      sample: "2024-05-02T10:11:12.345000+00:00"
    response_headers_policy_config:
      description:
        - The policy's configuration as AWS holds it (C(ResponseHeadersPolicyConfig)), its keys in snake_case,
          lists as C(quantity) and C(items).
      type: dict
      returned: always
      sample:
        name: webstack-prod-security-headers
        comment: Security headers of the webstack-prod site
        security_headers_config:
          strict_transport_security:
            access_control_max_age_sec: 63072000
            include_subdomains: true
            preload: true
            override: true
          content_type_options:
            override: true
          frame_options:
            frame_option: DENY
            override: true
        remove_headers_config:
          quantity: 1
          items:
            - header: Server
"""

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

FRAME_OPTIONS = ["DENY", "SAMEORIGIN"]
REFERRER_POLICIES = [
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
]
CORS_METHODS = ["GET", "POST", "OPTIONS", "PUT", "DELETE", "PATCH", "HEAD", "ALL"]


def override_option() -> Dict[str, Any]:
    return dict(type="bool", default=True)


ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    comment=dict(type="str", default=""),
    security_headers=dict(
        type="dict",
        options=dict(
            strict_transport_security=dict(
                type="dict",
                options=dict(
                    max_age=dict(type="int", required=True),
                    include_subdomains=dict(type="bool", default=True),
                    preload=dict(type="bool", default=False),
                    override=override_option(),
                ),
            ),
            content_security_policy=dict(type="dict", options=dict(policy=dict(type="str", required=True), override=override_option())),
            content_type_options=dict(type="dict", options=dict(override=override_option())),
            frame_options=dict(type="dict", options=dict(frame_option=dict(type="str", required=True, choices=FRAME_OPTIONS), override=override_option())),
            referrer_policy=dict(
                type="dict", options=dict(referrer_policy=dict(type="str", required=True, choices=REFERRER_POLICIES), override=override_option())
            ),
            xss_protection=dict(
                type="dict",
                options=dict(
                    protection=dict(type="bool", required=True),
                    mode_block=dict(type="bool", default=False),
                    report_uri=dict(type="str"),
                    override=override_option(),
                ),
            ),
        ),
    ),
    custom_headers=dict(
        type="list",
        elements="dict",
        default=[],
        options=dict(header=dict(type="str", required=True), value=dict(type="str", required=True), override=override_option()),
    ),
    remove_headers=dict(type="list", elements="str", default=[]),
    server_timing=dict(type="dict", options=dict(enabled=dict(type="bool", default=True), sampling_rate=dict(type="float"))),
    cors=dict(
        type="dict",
        options=dict(
            allow_origins=dict(type="list", elements="str", required=True),
            allow_headers=dict(type="list", elements="str", default=[]),
            allow_methods=dict(type="list", elements="str", required=True, choices=CORS_METHODS),
            allow_credentials=dict(type="bool", default=False),
            expose_headers=dict(type="list", elements="str", default=[]),
            max_age_sec=dict(type="int"),
            origin_override=override_option(),
        ),
    ),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

MAX_CSP_LENGTH = 1783
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
CSP_DIRECTIVE_NAME = re.compile(r"^[a-z]+(-[a-z]+)*$")
CSP = "security_headers.content_security_policy.policy"


# --- validation ---------------------------------------------------------------------------------


def csp_errors(policy: str) -> List[str]:
    """What is wrong with a Content-Security-Policy value, each naming the option; [] when it is sane."""
    if not policy.strip():
        return [f"{CSP} must not be empty: give ';'-separated directives such as \"default-src 'self'\""]
    if "\n" in policy or "\r" in policy:
        return [f"{CSP} must be on one line (it is an HTTP header value): remove the line breaks"]
    if len(policy) > MAX_CSP_LENGTH:
        return [f"{CSP} has {len(policy)} characters: CloudFront allows at most {MAX_CSP_LENGTH}"]
    directives = [part.strip() for part in policy.split(";")]
    if not directives[-1]:
        directives.pop()  # a trailing ';'
    errors = []
    seen = set()
    for number, directive in enumerate(directives, start=1):
        if not directive:
            errors.append(f"{CSP}: directive {number} is empty (two ';' in a row)")
            continue
        name = directive.split()[0]
        if not CSP_DIRECTIVE_NAME.match(name):
            errors.append(f"{CSP}: directive name {name!r} is not lower case letters and dashes (e.g. default-src, frame-ancestors)")
        elif name in seen:
            errors.append(f"{CSP}: directive {name!r} is given twice (browsers ignore the second)")
        seen.add(name)
    return errors


def header_name_errors(option: str, names: List[str], wildcard: bool = False) -> List[str]:
    """Every name that is not an HTTP header name (a token), and every name given twice (case-insensitive)."""
    errors = []
    seen = set()
    for name in names:
        if not (HEADER_NAME.match(name) or (wildcard and name == "*")):
            allowed = "an HTTP token (letters, digits and !#$%&'*+.^_`|~-)" + (" or '*'" if wildcard else "")
            errors.append(f"{option}: {name!r} is not a header name: use {allowed}")
        elif name.lower() in seen:
            errors.append(f"{option}: {name!r} is given twice (header names are case-insensitive)")
        seen.add(name.lower())
    return errors


def security_header_errors(headers: Dict[str, Any]) -> List[str]:
    errors = []
    hsts = headers.get("strict_transport_security")
    if hsts and hsts["max_age"] < 0:
        errors.append(f"security_headers.strict_transport_security.max_age is {hsts['max_age']}: give a number of seconds, 0 or more")
    if headers.get("content_security_policy"):
        errors.extend(csp_errors(headers["content_security_policy"]["policy"]))
    xss = headers.get("xss_protection")
    if xss and xss["mode_block"] and xss.get("report_uri"):
        errors.append("security_headers.xss_protection: report_uri cannot be used with mode_block true (AWS allows one or the other)")
    return errors


def server_timing_errors(server_timing: Dict[str, Any]) -> List[str]:
    rate = server_timing.get("sampling_rate")
    if rate is not None and not (0 <= rate <= 100 and round(rate, 4) == rate):
        return [f"server_timing.sampling_rate is {rate}: give a percentage from 0 to 100 with at most four decimal places"]
    return []


def cors_errors(cors: Dict[str, Any]) -> List[str]:
    errors = []
    if not cors["allow_origins"]:
        errors.append("cors.allow_origins must not be empty: give the allowed origins, e.g. https://www.example.com, or '*'")
    errors.extend(
        f"cors.allow_origins: {origin!r} is not an origin (no spaces, e.g. https://www.example.com or '*')"
        for origin in cors["allow_origins"]
        if not origin or re.search(r"\s", origin)
    )
    if not cors["allow_methods"]:
        errors.append(f"cors.allow_methods must not be empty: give some of {', '.join(CORS_METHODS)}")
    if "ALL" in cors["allow_methods"] and len(cors["allow_methods"]) > 1:
        errors.append("cors.allow_methods: ALL stands for every method and must be given alone")
    errors.extend(header_name_errors("cors.allow_headers", cors["allow_headers"], wildcard=True))
    errors.extend(header_name_errors("cors.expose_headers", cors["expose_headers"], wildcard=True))
    if cors.get("max_age_sec") is not None and cors["max_age_sec"] < 0:
        errors.append(f"cors.max_age_sec is {cors['max_age_sec']}: give a number of seconds, 0 or more")
    return errors


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the module's options, each naming the option; [] when all is well."""
    errors = []
    if not params["name"].strip():
        errors.append("name must not be empty: give the response headers policy's name")
    if params["state"] == "absent":
        return errors
    errors.extend(security_header_errors(params.get("security_headers") or {}))
    added = [header["header"] for header in params["custom_headers"]]
    errors.extend(header_name_errors("custom_headers", added))
    errors.extend(header_name_errors("remove_headers", params["remove_headers"]))
    both = sorted({name.lower() for name in added} & {name.lower() for name in params["remove_headers"]})
    if both:
        errors.append(f"custom_headers and remove_headers both name {', '.join(both)}: a header cannot be added and removed")
    errors.extend(server_timing_errors(params.get("server_timing") or {}))
    if params.get("cors"):
        errors.extend(cors_errors(params["cors"]))
    return errors


# --- what to send -------------------------------------------------------------------------------


def _wrapped(items: List[Any]) -> Dict[str, Any]:
    return {"Quantity": len(items), "Items": list(items)}


def security_headers_config(headers: Dict[str, Any]) -> Dict[str, Any]:
    """The SecurityHeadersConfig of the security_headers option: one member per header given."""
    config: Dict[str, Any] = {}
    hsts = headers.get("strict_transport_security")
    if hsts:
        config["StrictTransportSecurity"] = {
            "Override": hsts["override"],
            "IncludeSubdomains": hsts["include_subdomains"],
            "Preload": hsts["preload"],
            "AccessControlMaxAgeSec": hsts["max_age"],
        }
    csp = headers.get("content_security_policy")
    if csp:
        config["ContentSecurityPolicy"] = {"Override": csp["override"], "ContentSecurityPolicy": csp["policy"]}
    if headers.get("content_type_options") is not None:
        config["ContentTypeOptions"] = {"Override": headers["content_type_options"]["override"]}
    frame = headers.get("frame_options")
    if frame:
        config["FrameOptions"] = {"Override": frame["override"], "FrameOption": frame["frame_option"]}
    referrer = headers.get("referrer_policy")
    if referrer:
        config["ReferrerPolicy"] = {"Override": referrer["override"], "ReferrerPolicy": referrer["referrer_policy"]}
    xss = headers.get("xss_protection")
    if xss:
        config["XSSProtection"] = {"Override": xss["override"], "Protection": xss["protection"], "ModeBlock": xss["mode_block"]}
        if xss.get("report_uri"):
            config["XSSProtection"]["ReportUri"] = xss["report_uri"]
    return config


def cors_config(cors: Dict[str, Any]) -> Dict[str, Any]:
    config = {
        "AccessControlAllowOrigins": _wrapped(cors["allow_origins"]),
        "AccessControlAllowHeaders": _wrapped(cors["allow_headers"]),
        "AccessControlAllowMethods": _wrapped(cors["allow_methods"]),
        "AccessControlAllowCredentials": cors["allow_credentials"],
        "OriginOverride": cors["origin_override"],
    }
    if cors["expose_headers"]:
        config["AccessControlExposeHeaders"] = _wrapped(cors["expose_headers"])
    if cors.get("max_age_sec") is not None:
        config["AccessControlMaxAgeSec"] = cors["max_age_sec"]
    return config


def config_to_send(params: Dict[str, Any]) -> Dict[str, Any]:
    """The ResponseHeadersPolicyConfig the options describe, for CreateResponseHeadersPolicy and UpdateResponseHeadersPolicy."""
    config: Dict[str, Any] = {"Name": params["name"], "Comment": params["comment"]}
    security = security_headers_config(params.get("security_headers") or {})
    if security:
        config["SecurityHeadersConfig"] = security
    if params["custom_headers"]:
        config["CustomHeadersConfig"] = _wrapped(
            [{"Header": header["header"], "Value": header["value"], "Override": header["override"]} for header in params["custom_headers"]]
        )
    if params["remove_headers"]:
        config["RemoveHeadersConfig"] = _wrapped([{"Header": name} for name in params["remove_headers"]])
    server_timing = params.get("server_timing")
    if server_timing:
        config["ServerTimingHeadersConfig"] = {"Enabled": server_timing["enabled"]}
        if server_timing.get("sampling_rate") is not None:
            config["ServerTimingHeadersConfig"]["SamplingRate"] = server_timing["sampling_rate"]
    if params.get("cors"):
        config["CorsConfig"] = cors_config(params["cors"])
    return config


# --- what differs -------------------------------------------------------------------------------


def _items(wrapper: Optional[Dict[str, Any]]) -> List[Any]:
    return list((wrapper or {}).get("Items") or [])


def _sorted_names(names: List[str]) -> List[str]:
    """Header names in a stable order (case-insensitive first): lists AWS treats as sets compare equal in any order."""
    return sorted(names, key=lambda name: (name.lower(), name))


def security_headers_view(config: Dict[str, Any]) -> Dict[str, Any]:
    """A SecurityHeadersConfig as the security_headers option says it, with AWS's defaults for what it leaves out."""
    view: Dict[str, Any] = {}
    if config.get("StrictTransportSecurity"):
        hsts = config["StrictTransportSecurity"]
        view["strict_transport_security"] = {
            "max_age": hsts["AccessControlMaxAgeSec"],
            "include_subdomains": bool(hsts.get("IncludeSubdomains")),
            "preload": bool(hsts.get("Preload")),
            "override": hsts["Override"],
        }
    if config.get("ContentSecurityPolicy"):
        csp = config["ContentSecurityPolicy"]
        view["content_security_policy"] = {"policy": csp["ContentSecurityPolicy"], "override": csp["Override"]}
    if config.get("ContentTypeOptions"):
        view["content_type_options"] = {"override": config["ContentTypeOptions"]["Override"]}
    if config.get("FrameOptions"):
        view["frame_options"] = {"frame_option": config["FrameOptions"]["FrameOption"], "override": config["FrameOptions"]["Override"]}
    if config.get("ReferrerPolicy"):
        referrer = config["ReferrerPolicy"]
        view["referrer_policy"] = {"referrer_policy": referrer["ReferrerPolicy"], "override": referrer["Override"]}
    if config.get("XSSProtection"):
        xss = config["XSSProtection"]
        view["xss_protection"] = {
            "protection": xss["Protection"],
            "mode_block": bool(xss.get("ModeBlock")),
            "report_uri": xss.get("ReportUri") or None,
            "override": xss["Override"],
        }
    return view


def cors_view(config: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    if not config:
        return None
    return {
        "allow_origins": sorted(_items(config.get("AccessControlAllowOrigins"))),
        "allow_headers": _sorted_names(_items(config.get("AccessControlAllowHeaders"))),
        "allow_methods": sorted(_items(config.get("AccessControlAllowMethods"))),
        "allow_credentials": bool(config.get("AccessControlAllowCredentials")),
        "expose_headers": _sorted_names(_items(config.get("AccessControlExposeHeaders"))),
        "max_age_sec": config.get("AccessControlMaxAgeSec"),
        "origin_override": config["OriginOverride"],
    }


def server_timing_view(config: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """None when CloudFront adds no Server-Timing header (left out or disabled: the same behaviour)."""
    if not (config or {}).get("Enabled"):
        return None
    return {"enabled": True, "sampling_rate": float(config.get("SamplingRate") or 0)}


def policy_view(config: Dict[str, Any]) -> Dict[str, Any]:
    """A ResponseHeadersPolicyConfig in the module's options, normalised: two configs that behave alike have equal views.

    Quantity/Items wrappers are gone, header lists sorted, members AWS may leave out read as their defaults.
    """
    custom = sorted(_items(config.get("CustomHeadersConfig")), key=lambda header: (header["Header"].lower(), header["Header"]))
    return {
        "name": config["Name"],
        "comment": config.get("Comment") or "",
        "security_headers": security_headers_view(config.get("SecurityHeadersConfig") or {}),
        "custom_headers": [{"header": header["Header"], "value": header["Value"], "override": header["Override"]} for header in custom],
        "remove_headers": _sorted_names([header["Header"] for header in _items(config.get("RemoveHeadersConfig"))]),
        "server_timing": server_timing_view(config.get("ServerTimingHeadersConfig")),
        "cors": cors_view(config.get("CorsConfig")),
    }


def changed_settings(current: Dict[str, Any], desired: Dict[str, Any]) -> List[str]:
    """The top-level options whose value differs between two ResponseHeadersPolicyConfigs, once normalised."""
    before, after = policy_view(current), policy_view(desired)
    return [option for option in after if before.get(option) != after[option]]


# --- what to return -----------------------------------------------------------------------------


def policy_result(config: Dict[str, Any], policy: Optional[Dict[str, Any]] = None, etag: Optional[str] = None) -> Dict[str, Any]:
    """response_headers_policy as the module returns it: id, etag and last_modified_time when it exists, and its config in snake_case."""
    result: Dict[str, Any] = {"id": policy["Id"]} if policy else {}
    modified = (policy or {}).get("LastModifiedTime")
    if modified:
        result["last_modified_time"] = modified.isoformat() if hasattr(modified, "isoformat") else modified
    if etag:
        result["etag"] = etag
    result["response_headers_policy_config"] = camel_dict_to_snake_dict(config)
    return result


class ResponseHeadersPolicyManager:
    """Brings the response headers policy named by the options to the state they describe."""

    def __init__(self, module, client) -> None:
        self.module = module
        self.client = client
        self.name = module.params["name"]

    def fail(self, e: Exception, action: str) -> None:
        self.module.fail_json_aws(e, msg=f"Failed to {action} response headers policy {self.name}")

    def find(self) -> Optional[Dict[str, Any]]:
        """The answer of GetResponseHeadersPolicy (policy and ETag) for the custom policy of this name; None when there is none."""
        try:
            policy_id = self.find_id()
            if policy_id is None:
                return None
            return self.client.get_response_headers_policy(aws_retry=True, Id=policy_id)
        except is_boto3_error_code("NoSuchResponseHeadersPolicy"):
            return None  # deleted between the list and the get
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.fail(e, "look up")

    def find_id(self) -> Optional[str]:
        """The id of the account's policy named name, looked for through every page of ListResponseHeadersPolicies."""
        params: Dict[str, Any] = {"Type": "custom"}
        while True:
            listing = self.client.list_response_headers_policies(aws_retry=True, **params)["ResponseHeadersPolicyList"]
            for item in listing.get("Items") or []:
                policy = item["ResponseHeadersPolicy"]
                if policy["ResponseHeadersPolicyConfig"]["Name"] == self.name:
                    return policy["Id"]
            if not listing.get("NextMarker"):
                return None
            params["Marker"] = listing["NextMarker"]

    def ensure_present(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        desired = config_to_send(self.module.params)
        if current is None:
            if self.module.check_mode:
                return self.result(True, None, desired, policy_result(desired))
            current = self.create(desired)
            if current is not None:
                return self.answered(True, None, current)
            current = self.find()  # created since the lookup: a retried create, or another run
            if current is None:
                self.module.fail_json(
                    msg=(
                        f"CloudFront answered that a response headers policy named {self.name} exists, but the account has none of that name: "
                        "it is probably the name of one of AWS's managed policies (Managed-...); choose another name"
                    )
                )
        policy = current["ResponseHeadersPolicy"]
        before = policy["ResponseHeadersPolicyConfig"]
        if not changed_settings(before, desired):
            return self.answered(False, before, current)
        if self.module.check_mode:
            return self.result(True, before, desired, policy_result(desired, {"Id": policy["Id"]}))
        return self.answered(True, before, self.update(policy["Id"], current["ETag"], desired))

    def ensure_absent(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        before = current["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"] if current else None
        if current is not None and not self.module.check_mode:
            self.delete(current["ResponseHeadersPolicy"]["Id"], current["ETag"])
        return self.with_diff({"changed": current is not None}, before, None)

    def answered(self, changed: bool, before: Optional[Dict[str, Any]], answer: Dict[str, Any]) -> Dict[str, Any]:
        """The result for an answer of AWS (Create, Update or GetResponseHeadersPolicy)."""
        policy = answer["ResponseHeadersPolicy"]
        config = policy["ResponseHeadersPolicyConfig"]
        return self.result(changed, before, config, policy_result(config, policy, answer["ETag"]))

    def result(self, changed: bool, before: Optional[Dict[str, Any]], after: Dict[str, Any], returned: Dict[str, Any]) -> Dict[str, Any]:
        return self.with_diff({"changed": changed, "response_headers_policy": returned}, before, after)

    def with_diff(self, answer: Dict[str, Any], before: Optional[Dict[str, Any]], after: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if self.module._diff:
            answer["diff"] = {"before": policy_view(before) if before else {}, "after": policy_view(after) if after else {}}
        return answer

    def create(self, desired: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """The answer of CreateResponseHeadersPolicy; None when AWS answers that a policy of this name exists."""
        try:
            return self.client.create_response_headers_policy(aws_retry=True, ResponseHeadersPolicyConfig=desired)
        except is_boto3_error_code("ResponseHeadersPolicyAlreadyExists"):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.fail(e, "create")

    def update(self, policy_id: str, etag: str, desired: Dict[str, Any]) -> Dict[str, Any]:
        try:
            return self.client.update_response_headers_policy(aws_retry=True, Id=policy_id, IfMatch=etag, ResponseHeadersPolicyConfig=desired)
        except is_boto3_error_code("PreconditionFailed") as e:
            self.module.fail_json_aws(e, msg=f"Response headers policy {self.name} ({policy_id}) changed while the module updated it; run the task again")
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.fail(e, "update")

    def delete(self, policy_id: str, etag: str) -> None:
        try:
            self.client.delete_response_headers_policy(aws_retry=True, Id=policy_id, IfMatch=etag)
        except is_boto3_error_code("NoSuchResponseHeadersPolicy"):
            return  # deleted by someone else since the lookup
        except is_boto3_error_code("ResponseHeadersPolicyInUse") as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(
                e,
                msg=(
                    f"Cannot delete response headers policy {self.name} ({policy_id}): a CloudFront distribution still uses it. "
                    "Remove it from the distribution's cache behaviors (ResponseHeadersPolicyId) first"
                ),
            )
        except is_boto3_error_code("PreconditionFailed") as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Response headers policy {self.name} ({policy_id}) changed while the module deleted it; run the task again")
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.fail(e, "delete")


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("cloudfront", retry_decorator=retrying())
    manager = ResponseHeadersPolicyManager(module, client)
    current = manager.find()
    if module.params["state"] == "present":
        result = manager.ensure_present(current)
    else:
        result = manager.ensure_absent(current)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
