#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cloudfront_distribution
version_added: 0.2.0
short_description: Manage a CloudFront distribution with origin access control and policy-based cache behaviors
description:
  - Create, update, tag, disable and delete one CloudFront distribution.
  - The distribution is identified by O(caller_reference), which CloudFront keeps for the life of the distribution and
    which is unique in the account. The module looks it up by O(distribution_id) when given; otherwise it lists the
    distributions (every page), reads the configuration of those whose comment is O(comment) until one has the
    caller reference, and reads the others only when none has.
  - A create that AWS answers with C(DistributionAlreadyExists) (a create retried after a lost answer, or a run
    interrupted after the create) makes no second distribution; the module finds the existing one and brings it to
    the options.
  - The module owns the settings it has options for and compares them with the distribution's after filling in
    the defaults AWS applies, treating O(aliases), methods, SSL protocols, custom headers, function associations and
    custom error responses as sets and O(origins) and O(cache_behaviors) as ordered. It updates the distribution only
    when they differ, with the ETag it read as C(IfMatch).
  - Settings it has no option for (geo restrictions, origin groups, origin shield, Lambda@Edge associations, ...)
    stay as they are, also inside an origin with the same O(origins[].id) or a behavior with the same
    O(cache_behaviors[].path_pattern). Legacy cache settings (C(ForwardedValues) and TTLs) are removed; every
    behavior uses a cache policy.
  - This module replaces M(community.aws.cloudfront_distribution) where an origin access control, cache, origin
    request or response headers policies, and exact idempotence are needed.
author:
  - webstack.aws maintainers (@webstack)
options:
  caller_reference:
    description:
      - The distribution's identity, unique in the account. It cannot change once the distribution exists.
    required: true
    type: str
  distribution_id:
    description:
      - The ID of the distribution, to find it without listing. Its caller reference must be O(caller_reference).
      - When no distribution has this ID, the module goes on as for a distribution that does not exist.
    type: str
  comment:
    description:
      - The distribution's comment, at most 128 characters.
      - Defaults to O(caller_reference), which makes the lookup cost one list and one read.
    type: str
  enabled:
    description:
      - Whether the distribution serves requests.
    default: true
    type: bool
  aliases:
    description:
      - The alternate domain names (CNAMEs). They need O(viewer_certificate.acm_certificate_arn), a certificate that
        covers them.
    default: []
    type: list
    elements: str
  default_root_object:
    description:
      - The object returned for a request to the root URL, without a leading C(/). V("") for none.
    default: index.html
    type: str
  price_class:
    description:
      - The edge locations the distribution uses.
    default: PriceClass_100
    choices: ['PriceClass_100', 'PriceClass_200', 'PriceClass_All']
    type: str
  http_version:
    description:
      - The highest HTTP version viewers may use.
    default: http2and3
    choices: ['http1.1', 'http2', 'http3', 'http2and3']
    type: str
  ipv6_enabled:
    description:
      - Whether the distribution answers over IPv6.
    default: true
    type: bool
  web_acl_id:
    description:
      - The web ACL that protects the distribution; for AWS WAF (v2), the ARN of a web ACL of scope C(CLOUDFRONT).
      - When not set, the distribution has no web ACL.
    type: str
  viewer_certificate:
    description:
      - The certificate viewers see.
      - Without O(viewer_certificate.acm_certificate_arn) the distribution uses the CloudFront default certificate
        (C(*.cloudfront.net)), and the other suboptions are ignored.
    type: dict
    suboptions:
      acm_certificate_arn:
        description:
          - The ARN of an ACM certificate in C(us-east-1).
        type: str
      minimum_protocol_version:
        description:
          - The oldest TLS version and ciphers viewers may use.
        default: TLSv1.2_2021
        choices: ['SSLv3', 'TLSv1', 'TLSv1_2016', 'TLSv1.1_2016', 'TLSv1.2_2018', 'TLSv1.2_2019', 'TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025']
        type: str
      ssl_support_method:
        description:
          - How CloudFront serves HTTPS. V(vip) uses dedicated IP addresses and costs extra.
        default: sni-only
        choices: ['sni-only', 'vip']
        type: str
  logging:
    description:
      - Standard (access) logging to an S3 bucket. When not set, logging is off.
    type: dict
    suboptions:
      bucket:
        description:
          - The bucket, as its domain name (V(my-logs.s3.amazonaws.com)) or its name (the module adds C(.s3.amazonaws.com)).
        required: true
        type: str
      prefix:
        description:
          - The prefix of the log files' keys, for example V(cloudfront/).
        default: ""
        type: str
      include_cookies:
        description:
          - Whether the logs include cookies.
        default: false
        type: bool
  origins:
    description:
      - The origins, in order. Required when O(state=present).
    type: list
    elements: dict
    suboptions:
      id:
        description:
          - The origin's ID, unique in the distribution; behaviors name it in their C(target_origin_id).
        required: true
        type: str
      domain_name:
        description:
          - The origin's domain name, for an S3 bucket its regional domain (V(my-site.s3.eu-west-1.amazonaws.com)),
            for a load balancer its DNS name.
        required: true
        type: str
      origin_path:
        description:
          - A path CloudFront puts before the request's, starting with C(/) and not ending with one. V("") for none.
        default: ""
        type: str
      origin_access_control_id:
        description:
          - The ID of the origin access control that signs CloudFront's requests to the origin (see
            M(webstack.aws.cloudfront_origin_access_control)).
        type: str
      custom_origin:
        description:
          - Settings of a custom (non-S3) origin such as a load balancer. When not set, the origin is an S3 bucket,
            with no origin access identity.
        type: dict
        suboptions:
          http_port:
            description: The origin's HTTP port.
            default: 80
            type: int
          https_port:
            description: The origin's HTTPS port.
            default: 443
            type: int
          origin_protocol_policy:
            description: The protocol CloudFront uses towards the origin.
            default: https-only
            choices: ['http-only', 'match-viewer', 'https-only']
            type: str
          origin_ssl_protocols:
            description: The TLS versions CloudFront may use towards the origin.
            default: ['TLSv1.2']
            choices: ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2']
            type: list
            elements: str
          read_timeout:
            description: How many seconds CloudFront waits for an answer from the origin.
            default: 30
            type: int
          keepalive_timeout:
            description: How many seconds CloudFront keeps an idle connection to the origin.
            default: 5
            type: int
      custom_headers:
        description:
          - Headers CloudFront adds to its requests to the origin, name to value.
        default: {}
        type: dict
      connection_attempts:
        description:
          - How many times CloudFront tries to connect to the origin, 1 to 3.
        default: 3
        type: int
      connection_timeout:
        description:
          - How many seconds CloudFront waits for a connection to the origin, 1 to 10.
        default: 10
        type: int
  default_cache_behavior:
    description:
      - The behavior of requests no O(cache_behaviors) path pattern matches. Required when O(state=present).
    type: dict
    suboptions:
      target_origin_id:
        description:
          - The O(origins[].id) of the origin requests go to.
        required: true
        type: str
      viewer_protocol_policy:
        description:
          - What viewers may use, HTTP or HTTPS.
        default: redirect-to-https
        choices: ['allow-all', 'https-only', 'redirect-to-https']
        type: str
      allowed_methods:
        description:
          - The HTTP methods CloudFront passes on. CloudFront accepts three sets only, V([GET, HEAD]),
            V([GET, HEAD, OPTIONS]) and all seven.
        default: ['GET', 'HEAD']
        choices: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE']
        type: list
        elements: str
      cached_methods:
        description:
          - The HTTP methods whose answers CloudFront caches, V([GET, HEAD]) or V([GET, HEAD, OPTIONS]).
        default: ['GET', 'HEAD']
        choices: ['GET', 'HEAD', 'OPTIONS']
        type: list
        elements: str
      cache_policy_id:
        description:
          - The ID of the cache policy, for example AWS's managed C(CachingOptimized)
            (V(658327ea-f89d-4fab-a63d-7e88639e58f6)) or C(CachingDisabled) (V(4135ea2d-6df8-44a3-9df3-4b5a84be39ad)).
          - Required. The module manages policy-based behaviors only, no legacy C(ForwardedValues).
        required: true
        type: str
      origin_request_policy_id:
        description:
          - The ID of the origin request policy, for example AWS's managed C(AllViewerExceptHostHeader)
            (V(b689b0a8-53d0-40ab-baf2-68738e2966ac)). When not set, none.
        type: str
      response_headers_policy_id:
        description:
          - The ID of the response headers policy. When not set, none.
        type: str
      compress:
        description:
          - Whether CloudFront compresses answers it can compress.
        default: true
        type: bool
      function_associations:
        description:
          - CloudFront Functions run for the behavior, one per event type.
        default: []
        type: list
        elements: dict
        suboptions:
          event_type:
            description: When the function runs.
            required: true
            choices: ['viewer-request', 'viewer-response']
            type: str
          function_arn:
            description: The ARN of the function (published, C(LIVE) stage).
            required: true
            type: str
  cache_behaviors:
    description:
      - Behaviors for path patterns, in order of precedence (the first pattern that matches a request wins).
      - Each takes the suboptions of O(default_cache_behavior) and a C(path_pattern).
    default: []
    type: list
    elements: dict
    suboptions:
      path_pattern:
        description:
          - The path pattern, for example V(/api/*). Unique in the distribution.
        required: true
        type: str
      target_origin_id:
        description:
          - The O(origins[].id) of the origin requests go to.
        required: true
        type: str
      viewer_protocol_policy:
        description:
          - What viewers may use, HTTP or HTTPS.
        default: redirect-to-https
        choices: ['allow-all', 'https-only', 'redirect-to-https']
        type: str
      allowed_methods:
        description:
          - The HTTP methods CloudFront passes on (see O(default_cache_behavior.allowed_methods)).
        default: ['GET', 'HEAD']
        choices: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE']
        type: list
        elements: str
      cached_methods:
        description:
          - The HTTP methods whose answers CloudFront caches.
        default: ['GET', 'HEAD']
        choices: ['GET', 'HEAD', 'OPTIONS']
        type: list
        elements: str
      cache_policy_id:
        description:
          - The ID of the cache policy.
        required: true
        type: str
      origin_request_policy_id:
        description:
          - The ID of the origin request policy. When not set, none.
        type: str
      response_headers_policy_id:
        description:
          - The ID of the response headers policy. When not set, none.
        type: str
      compress:
        description:
          - Whether CloudFront compresses answers it can compress.
        default: true
        type: bool
      function_associations:
        description:
          - CloudFront Functions run for the behavior, one per event type.
        default: []
        type: list
        elements: dict
        suboptions:
          event_type:
            description: When the function runs.
            required: true
            choices: ['viewer-request', 'viewer-response']
            type: str
          function_arn:
            description: The ARN of the function.
            required: true
            type: str
  custom_error_responses:
    description:
      - What viewers get instead of an origin's error, for example a single-page application's C(/index.html)
        with status 200 for 403 and 404.
    default: []
    type: list
    elements: dict
    suboptions:
      error_code:
        description:
          - The HTTP status the origin answered (400, 403, 404, 405, 414, 416, 500, 501, 502, 503 or 504).
        required: true
        type: int
      response_code:
        description:
          - The HTTP status viewers get instead (200 or one of the error codes). Goes with O(custom_error_responses[].response_page_path).
        type: int
      response_page_path:
        description:
          - The object viewers get instead, starting with C(/). Goes with O(custom_error_responses[].response_code).
        type: str
      error_caching_min_ttl:
        description:
          - How many seconds CloudFront caches the error.
        default: 10
        type: int
  state:
    description:
      - Whether the distribution should exist.
      - V(absent) disables the distribution, waits until it is deployed and deletes it (AWS refuses to delete a
        distribution that is enabled or not yet deployed). With O(wait=false), a run that has just disabled the
        distribution returns RV(deleting=pending) without waiting; a later run deletes it.
    default: present
    choices: ['present', 'absent']
    type: str
  wait:
    description:
      - Wait until the distribution is C(Deployed) after a change (and before returning when it is still in progress).
      - With O(state=absent), see O(state).
    default: false
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait for the distribution to be C(Deployed).
    default: 1800
    type: int
notes:
  - CloudFront is a global service. Like every CloudFront client, the module's client sends its calls to the global
    endpoint (C(cloudfront.amazonaws.com)), signed for C(us-east-1), whatever O(region) says; O(region) only picks
    the partition and may be left unset.
  - In check mode the module reports what would change and makes no change; a distribution it would create is
    returned with its settings only (no id, no domain name).
  - The diff shows the module's settings (the return value's keys without id, status and ETag) and the tags.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A site from a private S3 bucket, an API behind a load balancer, SPA error routing
  webstack.aws.cloudfront_distribution:
    caller_reference: webstack-prod-edge
    comment: webstack prod edge
    aliases:
      - www.example.com
    viewer_certificate:
      acm_certificate_arn: arn:aws:acm:us-east-1:123456789012:certificate/0c6b1a5e-1111-2222-3333-444455556666
    web_acl_id: arn:aws:wafv2:us-east-1:123456789012:global/webacl/webstack-prod/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111
    logging:
      bucket: webstack-prod-logs
      prefix: cloudfront/
    origins:
      - id: site
        domain_name: webstack-prod-site.s3.eu-west-1.amazonaws.com
        origin_access_control_id: "{{ oac.origin_access_control.id }}"
      - id: api
        domain_name: webstack-prod-alb-123456789.eu-west-1.elb.amazonaws.com
        custom_origin:
          origin_protocol_policy: https-only
    default_cache_behavior:
      target_origin_id: site
      cache_policy_id: 658327ea-f89d-4fab-a63d-7e88639e58f6  # Managed-CachingOptimized
      response_headers_policy_id: "{{ headers_policy.response_headers_policy.id }}"
    cache_behaviors:
      - path_pattern: /api/*
        target_origin_id: api
        allowed_methods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]
        cache_policy_id: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad  # Managed-CachingDisabled
        origin_request_policy_id: b689b0a8-53d0-40ab-baf2-68738e2966ac  # Managed-AllViewerExceptHostHeader
    custom_error_responses:
      - error_code: 403
        response_code: 200
        response_page_path: /index.html
      - error_code: 404
        response_code: 200
        response_page_path: /index.html
    tags:
      webstack:stack: webstack
      webstack:environment: prod
    wait: true
  register: edge

- name: The domain name for the alias records
  ansible.builtin.debug:
    msg: "{{ edge.distribution.domain_name }}"

- name: Remove the distribution (disable, wait until deployed, delete)
  webstack.aws.cloudfront_distribution:
    caller_reference: webstack-prod-edge
    comment: webstack prod edge
    state: absent
    wait: true
"""

RETURN = r"""
distribution:
  description:
    - The distribution, with its settings under the module's option names and AWS's defaults filled in.
    - In check mode, for a distribution the module would create, its settings only.
  returned: when O(state=present)
  type: dict
  contains:
    id:
      description: The ID of the distribution.
      type: str
      returned: when the distribution exists
      sample: E2QWRUHAPOMQZL
    arn:
      description: The ARN of the distribution.
      type: str
      returned: when the distribution exists
      sample: arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL
    domain_name:
      description: The distribution's domain name, the target of alias records.
      type: str
      returned: when the distribution exists
      sample: d111111abcdef8.cloudfront.net
    status:
      description: C(InProgress) while a change propagates, then C(Deployed).
      type: str
      returned: when the distribution exists
      sample: Deployed
    etag:
      description: The version of the distribution's configuration (C(IfMatch) of the next update).
      type: str
      returned: when the distribution exists
      sample: E2QWRUHAPOMQZL
    last_modified_time:
      description: When the distribution last changed (ISO 8601).
      type: str
      returned: when the distribution exists
      sample: "2025-01-01T12:00:00+00:00"
    caller_reference:
      description: The distribution's caller reference.
      type: str
      returned: always
      sample: webstack-prod-edge
    comment:
      description: The comment.
      type: str
      returned: always
      sample: webstack prod edge
    enabled:
      description: Whether the distribution serves requests.
      type: bool
      returned: always
      sample: true
    aliases:
      description: The alternate domain names, sorted.
      type: list
      elements: str
      returned: always
      sample: ["www.example.com"]
    default_root_object:
      description: The root object.
      type: str
      returned: always
      sample: index.html
    price_class:
      description: The price class.
      type: str
      returned: always
      sample: PriceClass_100
    http_version:
      description: The highest HTTP version.
      type: str
      returned: always
      sample: http2and3
    ipv6_enabled:
      description: Whether IPv6 is on.
      type: bool
      returned: always
      sample: true
    web_acl_id:
      description: The web ACL, or null.
      type: str
      returned: always
      sample: arn:aws:wafv2:us-east-1:123456789012:global/webacl/webstack-prod/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111
    viewer_certificate:
      description:
        - The certificate, C(acm_certificate_arn), C(ssl_support_method) and C(minimum_protocol_version) for an ACM
          certificate, else C(cloudfront_default_certificate=true) (or C(iam_certificate_id) for an IAM one).
      type: dict
      returned: always
      sample: {"acm_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/0c6b1a5e-1111-2222-3333-444455556666",
               "ssl_support_method": "sni-only", "minimum_protocol_version": "TLSv1.2_2021"}
    logging:
      description: The logging settings (C(bucket) as a domain name, C(prefix), C(include_cookies)), or null when logging is off.
      type: dict
      returned: always
      sample: {"bucket": "webstack-prod-logs.s3.amazonaws.com", "prefix": "cloudfront/", "include_cookies": false}
    origins:
      description: The origins, in order, with the suboptions of O(origins) (C(custom_origin) null for an S3 origin).
      type: list
      elements: dict
      returned: always
      sample: [{"id": "site", "domain_name": "webstack-prod-site.s3.eu-west-1.amazonaws.com", "origin_path": "",
                "origin_access_control_id": "E2QWRUHAPOMQZL", "custom_origin": null, "custom_headers": {},
                "connection_attempts": 3, "connection_timeout": 10}]
    default_cache_behavior:
      description: The default behavior, with the suboptions of O(default_cache_behavior) (methods sorted).
      type: dict
      returned: always
      sample: {"target_origin_id": "site", "viewer_protocol_policy": "redirect-to-https", "allowed_methods": ["GET", "HEAD"],
               "cached_methods": ["GET", "HEAD"], "cache_policy_id": "658327ea-f89d-4fab-a63d-7e88639e58f6",
               "origin_request_policy_id": null, "response_headers_policy_id": null, "compress": true, "function_associations": []}
    cache_behaviors:
      description: The path behaviors, in order, each as C(default_cache_behavior) with its C(path_pattern).
      type: list
      elements: dict
      returned: always
      sample: []
    custom_error_responses:
      description: The custom error responses, sorted by C(error_code).
      type: list
      elements: dict
      returned: always
      sample: [{"error_code": 404, "response_code": 200, "response_page_path": "/index.html", "error_caching_min_ttl": 10}]
    tags:
      description: The distribution's tags.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
deleting:
  description:
    - V(pending) when O(state=absent) and O(wait=false) and the run has just disabled the distribution; a later run
      deletes it once it is deployed.
  returned: when the distribution is disabled but not yet deleted
  type: str
  sample: pending
"""

import time
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_distribution import build_config
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_distribution import distribution_view
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_distribution import merge_config
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_distribution import settings_from_config
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_distribution import tags_after
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_distribution import validate_params
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_distribution import wanted_comment
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
FUNCTION_ASSOCIATION_OPTIONS = dict(
    event_type=dict(type="str", required=True, choices=["viewer-request", "viewer-response"]),
    function_arn=dict(type="str", required=True),
)
BEHAVIOR_OPTIONS = dict(
    target_origin_id=dict(type="str", required=True),
    viewer_protocol_policy=dict(type="str", default="redirect-to-https", choices=["allow-all", "https-only", "redirect-to-https"]),
    allowed_methods=dict(type="list", elements="str", default=["GET", "HEAD"], choices=METHODS),
    cached_methods=dict(type="list", elements="str", default=["GET", "HEAD"], choices=["GET", "HEAD", "OPTIONS"]),
    cache_policy_id=dict(type="str", required=True),
    origin_request_policy_id=dict(type="str"),
    response_headers_policy_id=dict(type="str"),
    compress=dict(type="bool", default=True),
    function_associations=dict(type="list", elements="dict", default=[], options=FUNCTION_ASSOCIATION_OPTIONS),
)
CUSTOM_ORIGIN_OPTIONS = dict(
    http_port=dict(type="int", default=80),
    https_port=dict(type="int", default=443),
    origin_protocol_policy=dict(type="str", default="https-only", choices=["http-only", "match-viewer", "https-only"]),
    origin_ssl_protocols=dict(type="list", elements="str", default=["TLSv1.2"], choices=["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"]),
    read_timeout=dict(type="int", default=30),
    keepalive_timeout=dict(type="int", default=5),
)
ORIGIN_OPTIONS = dict(
    id=dict(type="str", required=True),
    domain_name=dict(type="str", required=True),
    origin_path=dict(type="str", default=""),
    origin_access_control_id=dict(type="str"),
    custom_origin=dict(type="dict", options=CUSTOM_ORIGIN_OPTIONS),
    custom_headers=dict(type="dict", default={}),
    connection_attempts=dict(type="int", default=3),
    connection_timeout=dict(type="int", default=10),
)
PROTOCOL_VERSIONS = ["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"]

ARGUMENT_SPEC = dict(
    caller_reference=dict(type="str", required=True),
    distribution_id=dict(type="str"),
    comment=dict(type="str"),
    enabled=dict(type="bool", default=True),
    aliases=dict(type="list", elements="str", default=[]),
    default_root_object=dict(type="str", default="index.html"),
    price_class=dict(type="str", default="PriceClass_100", choices=["PriceClass_100", "PriceClass_200", "PriceClass_All"]),
    http_version=dict(type="str", default="http2and3", choices=["http1.1", "http2", "http3", "http2and3"]),
    ipv6_enabled=dict(type="bool", default=True),
    web_acl_id=dict(type="str"),
    viewer_certificate=dict(
        type="dict",
        options=dict(
            acm_certificate_arn=dict(type="str"),
            minimum_protocol_version=dict(type="str", default="TLSv1.2_2021", choices=PROTOCOL_VERSIONS),
            ssl_support_method=dict(type="str", default="sni-only", choices=["sni-only", "vip"]),
        ),
    ),
    logging=dict(
        type="dict",
        options=dict(
            bucket=dict(type="str", required=True),
            prefix=dict(type="str", default=""),
            include_cookies=dict(type="bool", default=False),
        ),
    ),
    origins=dict(type="list", elements="dict", options=ORIGIN_OPTIONS),
    default_cache_behavior=dict(type="dict", options=BEHAVIOR_OPTIONS),
    cache_behaviors=dict(type="list", elements="dict", default=[], options=dict(path_pattern=dict(type="str", required=True), **BEHAVIOR_OPTIONS)),
    custom_error_responses=dict(
        type="list",
        elements="dict",
        default=[],
        options=dict(
            error_code=dict(type="int", required=True),
            response_code=dict(type="int"),
            response_page_path=dict(type="str"),
            error_caching_min_ttl=dict(type="int", default=10),
        ),
    ),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    wait=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=1800),
)

POLL_DELAY = 10  # seconds between GetDistribution polls while waiting for Deployed

Current = Dict[str, Any]  # {"summary": Distribution or DistributionSummary fields, "config": DistributionConfig, "etag": str}


class DistributionManager:
    """Brings one distribution, identified by its caller reference, to the state the module's options describe."""

    def __init__(self, module, client, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.check_mode = module.check_mode
        self.reference = module.params["caller_reference"]
        self._sleep = sleep
        self._clock = clock

    # Reading

    def find(self) -> Optional[Current]:
        """The distribution with the caller reference, or None."""
        if self.params["distribution_id"]:
            current = self.get(self.params["distribution_id"])
            if current is not None and current["config"]["CallerReference"] != self.reference:
                self.module.fail_json(
                    msg=(
                        f"distribution_id {self.params['distribution_id']} has caller reference {current['config']['CallerReference']!r}, "
                        f"not caller_reference {self.reference!r}; a caller reference cannot change"
                    )
                )
            return current
        return self.find_by_reference()

    def find_by_reference(self) -> Optional[Current]:
        """The distribution with the caller reference, among the listed ones (those with the wanted comment first), or None."""
        summaries = self.list_summaries()
        comment = wanted_comment(self.params)
        candidates = [s for s in summaries if s.get("Comment") == comment] + [s for s in summaries if s.get("Comment") != comment]
        for summary in candidates:
            config, etag = self.get_config(summary["Id"])
            if config is not None and config["CallerReference"] == self.reference:
                return {"summary": summary, "config": config, "etag": etag}
        return None

    def list_summaries(self) -> List[Dict[str, Any]]:
        summaries: List[Dict[str, Any]] = []
        params: Dict[str, Any] = {}
        while True:
            try:
                listing = self.client.list_distributions(aws_retry=True, **params)["DistributionList"]
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.module.fail_json_aws(e, msg="Failed to list CloudFront distributions")
            summaries.extend(listing.get("Items") or [])
            if not listing.get("IsTruncated"):
                return summaries
            params = {"Marker": listing["NextMarker"]}

    def get_config(self, distribution_id: str) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
        try:
            answer = self.client.get_distribution_config(aws_retry=True, Id=distribution_id)
        except is_boto3_error_code("NoSuchDistribution"):
            return None, None  # deleted since it was listed
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to read the configuration of distribution {distribution_id}")
        return answer["DistributionConfig"], answer["ETag"]

    def get(self, distribution_id: str) -> Optional[Current]:
        try:
            answer = self.client.get_distribution(aws_retry=True, Id=distribution_id)
        except is_boto3_error_code("NoSuchDistribution"):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to read distribution {distribution_id}")
        return _current(answer["Distribution"], answer["ETag"])

    def tags(self, arn: str) -> Dict[str, str]:
        try:
            answer = self.client.list_tags_for_resource(aws_retry=True, Resource=arn)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to read the tags of distribution {arn}")
        return boto3_tag_list_to_ansible_dict(answer["Tags"].get("Items") or [])

    # Desired states

    def ensure_present(self, current: Optional[Current]) -> Dict[str, Any]:
        wanted = build_config(self.params)
        after = settings_from_config(wanted)
        if current is None:
            return self.create(wanted, after)

        before = settings_from_config(current["config"])
        current_tags = self.tags(current["summary"]["ARN"])
        final_tags = tags_after(current_tags, self.params["tags"], self.params["purge_tags"])
        changed = before != after or final_tags != current_tags
        if not self.check_mode:
            if before != after:
                current = self.update(current, merge_config(current["config"], wanted))
            self.set_tags(current["summary"]["ARN"], current_tags)
            if self.params["wait"] and current["summary"]["Status"] != "Deployed":
                current = self.wait_deployed(current["summary"]["Id"])
            after = settings_from_config(current["config"])
        return {
            "changed": changed,
            "distribution": distribution_view(current["summary"], after, final_tags, current["etag"]),
            "diff": {"before": {**before, "tags": current_tags}, "after": {**after, "tags": final_tags}},
        }

    def ensure_absent(self, current: Optional[Current]) -> Dict[str, Any]:
        if current is None:
            return {"changed": False, "diff": {"before": {}, "after": {}}}
        result = {"changed": True, "diff": {"before": {**settings_from_config(current["config"]), "tags": self.tags(current["summary"]["ARN"])}, "after": {}}}
        if self.check_mode:
            return result
        distribution_id = current["summary"]["Id"]
        if current["config"]["Enabled"]:
            current = self.update(current, {**current["config"], "Enabled": False})
            if not self.params["wait"]:
                return {**result, "deleting": "pending"}
        if current["summary"]["Status"] != "Deployed":
            current = self.wait_deployed(distribution_id)
        self.delete(distribution_id, current["etag"])
        return result

    # Changing

    def create(self, wanted: Dict[str, Any], after: Dict[str, Any]) -> Dict[str, Any]:
        tags = self.params["tags"] or {}
        if self.check_mode:
            return {"changed": True, "distribution": distribution_view({}, after, tags, None), "diff": {"before": {}, "after": {**after, "tags": tags}}}
        try:
            answer = self.client.create_distribution_with_tags(
                aws_retry=True, DistributionConfigWithTags={"DistributionConfig": wanted, "Tags": {"Items": ansible_dict_to_boto3_tag_list(tags)}}
            )
        except is_boto3_error_code("DistributionAlreadyExists"):
            return self.converge_existing()
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to create the distribution with caller reference {self.reference}")
        current = _current(answer["Distribution"], answer["ETag"])
        if self.params["wait"]:
            current = self.wait_deployed(current["summary"]["Id"])
        after = settings_from_config(current["config"])
        return {
            "changed": True,
            "distribution": distribution_view(current["summary"], after, tags, current["etag"]),
            "diff": {"before": {}, "after": {**after, "tags": tags}},
        }

    def converge_existing(self) -> Dict[str, Any]:
        """After DistributionAlreadyExists: the create of an earlier (or retried) request; find it and converge it."""
        current = self.find_by_reference()
        if current is None:
            self.module.fail_json(msg=f"CloudFront answered DistributionAlreadyExists for caller reference {self.reference}, but no distribution has it")
        result = self.ensure_present(current)
        # The create this run or an interrupted one sent was never reported: report it now.
        return {**result, "changed": True}

    def update(self, current: Current, config: Dict[str, Any]) -> Current:
        distribution_id = current["summary"]["Id"]
        try:
            answer = self.client.update_distribution(aws_retry=True, Id=distribution_id, IfMatch=current["etag"], DistributionConfig=config)
        except is_boto3_error_code("PreconditionFailed") as e:
            self.module.fail_json_aws(e, msg=f"Distribution {distribution_id} changed while the module updated it; run the task again")
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to update distribution {distribution_id}")
        return _current(answer["Distribution"], answer["ETag"])

    def set_tags(self, arn: str, current_tags: Dict[str, str]) -> None:
        if self.params["tags"] is None:
            return
        to_set, to_unset = compare_aws_tags(current_tags, self.params["tags"], self.params["purge_tags"])
        try:
            if to_unset:
                self.client.untag_resource(aws_retry=True, Resource=arn, TagKeys={"Items": to_unset})
            if to_set:
                self.client.tag_resource(aws_retry=True, Resource=arn, Tags={"Items": ansible_dict_to_boto3_tag_list(to_set)})
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to tag distribution {arn}")

    def delete(self, distribution_id: str, etag: str) -> None:
        try:
            self.client.delete_distribution(aws_retry=True, Id=distribution_id, IfMatch=etag)
        except is_boto3_error_code("NoSuchDistribution"):
            return  # already gone
        except is_boto3_error_code("PreconditionFailed") as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Distribution {distribution_id} changed while the module deleted it; run the task again")
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to delete distribution {distribution_id}")

    # Waiting

    def wait_deployed(self, distribution_id: str) -> Current:
        """GetDistribution until its status is Deployed; the distribution then."""
        deadline = self._clock() + self.params["wait_timeout"]
        while True:
            current = self.get(distribution_id)
            if current is None:
                self.module.fail_json(msg=f"Distribution {distribution_id} disappeared while the module waited for it to be deployed")
            if current["summary"]["Status"] == "Deployed":
                return current
            if self._clock() >= deadline:
                self.module.fail_json(
                    msg=(
                        f"Timed out after {self.params['wait_timeout']}s waiting for distribution {distribution_id} to be Deployed "
                        f"(status {current['summary']['Status']})"
                    )
                )
            self._sleep(POLL_DELAY)


def _current(distribution: Dict[str, Any], etag: str) -> Current:
    """A GetDistribution, CreateDistribution or UpdateDistribution answer as the manager holds a distribution."""
    summary = {key: value for key, value in distribution.items() if key != "DistributionConfig"}
    return {"summary": summary, "config": distribution["DistributionConfig"], "etag": etag}


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC,
        required_if=[("state", "present", ["origins", "default_cache_behavior"])],
        supports_check_mode=True,
    )

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("cloudfront", retry_decorator=retrying())
    manager = DistributionManager(module, client)
    current = manager.find()
    if module.params["state"] == "present":
        result = manager.ensure_present(current)
    else:
        result = manager.ensure_absent(current)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
