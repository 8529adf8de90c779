#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: s3_site_publish
version_added: 0.2.0
short_description: Publish a built static site to S3 and invalidate what changed in CloudFront
description:
  - Uploads every file of a local directory (a built frontend) to an S3 bucket, each with its content type and
    C(Cache-Control) header, deletes the objects that are no longer in the directory, and, when O(distribution_id)
    is given, creates one CloudFront invalidation of exactly the paths it uploaded or deleted.
  - An object is unchanged, and not uploaded again, when its SHA-256 (kept in the object's metadata as
    C(x-amz-meta-sha256) by this module), its C(Content-Type), its C(Cache-Control) and, when O(sse) is set, its
    encryption are those wanted. ETags are never compared (the ETag of an SSE-KMS object is not an MD5), so
    KMS-encrypted buckets work. An object uploaded by another tool has no C(sha256) metadata and is uploaded once
    again.
  - A publish of an unchanged directory makes no change at all and creates no invalidation.
author:
  - webstack.aws maintainers (@webstack)
options:
  bucket:
    description:
      - The name of the S3 bucket to publish to.
    required: true
    type: str
  source:
    description:
      - The local directory to publish, for example the C(dist) directory of a frontend build.
      - Every file under it is published, hidden files and directories (such as C(.well-known)) included; symbolic
        links to files are followed.
      - It must exist and hold at least one file (an empty build would otherwise empty the bucket).
    required: true
    type: path
  prefix:
    description:
      - The key prefix the directory is published under, without leading slash, for example V(app/v2).
      - V("") publishes at the root of the bucket.
      - With O(delete=true), only objects under this prefix are deleted.
    default: ""
    type: str
  delete:
    description:
      - Delete the objects under O(prefix) that are not in O(source).
    default: true
    type: bool
  cache_rules:
    description:
      - C(Cache-Control) rules tried in order before the built-in ones; the first whose O(cache_rules[].pattern)
        matches a file's path (relative to O(source), with C(/) separators) gives the file's C(Cache-Control).
      - The built-in rules, tried after these, are
        C(no-cache) for HTML files (C(*.html), C(*.htm));
        C(public, max-age=31536000, immutable) for files under O(assets_prefix) and for files whose name holds a
        content hash (a C(.) or C(-) separated part of 8 or more hexadecimal characters, with at least one digit and
        one letter, before an extension, as in C(app.3f9a1c2b.js) or C(main-3f9a1c2b4d5e6f70.chunk.js));
        C(no-cache) for every other file.
    default: []
    type: list
    elements: dict
    suboptions:
      pattern:
        description:
          - A shell-style glob (Python C(fnmatch), case-sensitive) matched against the whole relative path; C(*)
            also matches C(/), so V(*.json) matches C(data/a.json).
        required: true
        type: str
      cache_control:
        description:
          - The C(Cache-Control) header of the matching files, for example V(public, max-age=300).
        required: true
        type: str
  assets_prefix:
    description:
      - Files whose path relative to O(source) starts with this prefix get C(public, max-age=31536000, immutable)
        (unless a rule of O(cache_rules) matched first).
      - V("") turns this rule off.
    default: assets/
    type: str
  content_types:
    description:
      - Extra file extension to content type mappings (V(.ext) or V(ext), case-insensitive), taking precedence over
        the built-in ones.
      - Built in are C(html), C(htm), C(css), C(js), C(mjs), C(json), C(map), C(svg), C(png), C(jpg), C(jpeg),
        C(gif), C(webp), C(avif), C(ico), C(woff), C(woff2), C(ttf), C(otf), C(txt), C(xml), C(webmanifest),
        C(pdf) and C(wasm); other extensions get the type Python's C(mimetypes) guesses, else
        C(application/octet-stream).
    default: {}
    type: dict
  sse:
    description:
      - The server-side encryption of the uploaded objects.
      - When not set, objects get the bucket's default encryption and their encryption is not compared.
    choices: ['AES256', 'aws:kms']
    type: str
  sse_kms_key_id:
    description:
      - The KMS key (ARN, key ID or alias ARN) of O(sse=aws:kms); without it, S3 uses the bucket's key or the
        AWS managed key.
      - An object encrypted with another key is uploaded again. A key given by alias cannot be compared with the key
        S3 reports, so give the key ARN or key ID.
      - Only with O(sse=aws:kms).
    type: str
  distribution_id:
    description:
      - The CloudFront distribution that serves the bucket. When given and something was uploaded or deleted, the
        module creates one invalidation of those paths (the object keys with a leading C(/), O(prefix) included,
        URL-encoded), adding C(/dir/) for each C(dir/index.html) and C(/) for C(index.html).
      - More than 1000 paths are invalidated with one wildcard path, C(/<prefix>*).
    type: str
  wait:
    description:
      - Wait until the invalidation is C(Completed).
    default: false
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true).
    default: 600
    type: int
notes:
  - Files are read whole into memory to be uploaded (one C(PutObject) each, at most 5 GB), as fits a built site.
  - The module uploads and deletes first and invalidates after, so CloudFront never caches old content again. If the
    invalidation fails, the module fails listing the paths in C(invalidation_paths); a later run, finding nothing
    changed, does not invalidate them, so invalidate them yourself (for example with community.aws.cloudfront_invalidation).
  - Each invalidation gets a C(CallerReference) made for this run, so a request retried after a lost answer does not
    create a second invalidation.
  - In check mode the module reads the bucket and reports what it would upload, delete and invalidate, and changes
    nothing.
  - The diff lists, for each key uploaded, its SHA-256, content type and C(Cache-Control) before and after, and for
    each key deleted its size before.
  - CloudFront is a global service; its client uses the global endpoint, signed for C(us-east-1), whatever
    O(region) says.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Publish the built frontend and invalidate what changed
  webstack.aws.s3_site_publish:
    bucket: webstack-prod-site-123456789012
    source: "{{ playbook_dir }}/../frontend/dist"
    distribution_id: E2QWRUHAPOMQZL
  register: published

- name: Publish under a prefix, KMS-encrypted, keep objects removed from the build, wait for the invalidation
  webstack.aws.s3_site_publish:
    bucket: webstack-prod-site-123456789012
    source: /srv/build/site
    prefix: docs
    delete: false
    sse: aws:kms
    sse_kms_key_id: arn:aws:kms:eu-west-1:123456789012:key/0c6b1a5e-1111-2222-3333-444455556666
    distribution_id: E2QWRUHAPOMQZL
    wait: true

- name: Short caching for data files, a content type for an unusual extension
  webstack.aws.s3_site_publish:
    bucket: webstack-prod-site-123456789012
    source: /srv/build/site
    cache_rules:
      - pattern: "data/*.json"
        cache_control: "public, max-age=60"
      - pattern: "robots.txt"
        cache_control: "public, max-age=86400"
    content_types:
      .glb: model/gltf-binary
"""

RETURN = r"""
uploaded:
  description: The keys uploaded (or that would be uploaded in check mode), new or changed, sorted.
  returned: always
  type: list
  elements: str
  sample: ["assets/app.3f9a1c2b.js", "index.html"]
deleted:
  description: The keys deleted (or that would be deleted in check mode), sorted.
  returned: always
  type: list
  elements: str
  sample: ["assets/app.0a1b2c3d.js"]
unchanged:
  description: The keys of files already published as wanted, sorted.
  returned: always
  type: list
  elements: str
  sample: ["favicon.ico"]
counts:
  description: How many keys were uploaded, deleted and left unchanged.
  returned: always
  type: dict
  contains:
    uploaded:
      description: The number of keys uploaded.
      type: int
      returned: always
      sample: 2
    deleted:
      description: The number of keys deleted.
      type: int
      returned: always
      sample: 1
    unchanged:
      description: The number of keys unchanged.
      type: int
      returned: always
      sample: 41
invalidation_paths:
  description: The paths invalidated (or that would be in check mode); empty when nothing changed or without O(distribution_id).
  returned: always
  type: list
  elements: str
  sample: ["/", "/assets/app.0a1b2c3d.js", "/assets/app.3f9a1c2b.js", "/index.html"]
invalidation_id:
  description: The ID of the invalidation created; null when none was (nothing changed, no O(distribution_id), or check mode).
  returned: always
  type: str
  sample: I2J0I21PCUYOIK
invalidation_status:
  description: The status of the invalidation as CloudFront last answered it (C(InProgress), or C(Completed) after O(wait=true)).
  returned: when an invalidation was created
  type: str
  sample: InProgress
"""

import fnmatch
import hashlib
import mimetypes
import os
import re
import time
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import NamedTuple
from typing import Optional
from urllib.parse import quote

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    bucket=dict(type="str", required=True),
    source=dict(type="path", required=True),
    prefix=dict(type="str", default=""),
    delete=dict(type="bool", default=True),
    cache_rules=dict(
        type="list",
        elements="dict",
        default=[],
        options=dict(
            pattern=dict(type="str", required=True),
            cache_control=dict(type="str", required=True),
        ),
    ),
    assets_prefix=dict(type="str", default="assets/"),
    content_types=dict(type="dict", default={}),
    sse=dict(type="str", choices=["AES256", "aws:kms"]),
    sse_kms_key_id=dict(type="str"),
    distribution_id=dict(type="str"),
    wait=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=600),
)

IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
HTML_PATTERNS = ("*.html", "*.htm")

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "htm": "text/html; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "mjs": "text/javascript; charset=utf-8",
    "json": "application/json",
    "map": "application/json",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "ico": "image/vnd.microsoft.icon",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "txt": "text/plain; charset=utf-8",
    "xml": "application/xml",
    "webmanifest": "application/manifest+json",
    "pdf": "application/pdf",
    "wasm": "application/wasm",
}
DEFAULT_CONTENT_TYPE = "application/octet-stream"

# A "." or "-" separated part of 8+ hex characters, holding a digit and a letter, followed by an extension.
HASH_PART = re.compile(r"(?:^|[.-])(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\.")
CONTENT_TYPE_FORMAT = re.compile(r"^[\w.+-]+/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+\"-]+)*$")
HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")

SHA256_METADATA = "sha256"  # stored as x-amz-meta-sha256
DELETE_BATCH = 1000  # keys per DeleteObjects call (the API's maximum)
MAX_INVALIDATION_PATHS = 1000  # beyond this, one wildcard path
POLL_DELAY = 10  # seconds between GetInvalidation polls
URL_SAFE = "/-._~"


class Wanted(NamedTuple):
    """One local file as it should be in the bucket."""

    key: str
    path: str
    sha256: str
    content_type: str
    cache_control: str


class Plan(NamedTuple):
    upload: List[Wanted]
    delete: List[str]
    unchanged: List[str]


# Validation


def glob_error(pattern: str) -> Optional[str]:
    """Why a cache rule's glob is unusable, or None."""
    if not pattern:
        return "is empty"
    if pattern.startswith("/"):
        return "starts with '/' (paths are relative to source)"
    if HEADER_UNSAFE.search(pattern):
        return "holds a control character"
    depth = 0
    for char in pattern:
        if char == "[":
            if depth:
                return "opens a '[' class inside another"
            depth = 1
        elif char == "]" and depth:
            depth = 0
    if depth:
        return "has a '[' without its closing ']'"
    return None


def validate_params(params: Dict[str, Any]) -> List[str]:
    errors = []
    source = params["source"]
    if not os.path.isdir(source):
        errors.append(f"source {source} does not exist or is not a directory.")
    elif not local_files(source):
        errors.append(f"source {source} holds no file; refusing to publish an empty site.")
    if params["prefix"].startswith("/"):
        errors.append(f"prefix {params['prefix']!r} must not start with '/'.")
    for index, rule in enumerate(params["cache_rules"]):
        problem = glob_error(rule["pattern"])
        if problem:
            errors.append(f"cache_rules[{index}].pattern {rule['pattern']!r} {problem}.")
        if not rule["cache_control"].strip() or HEADER_UNSAFE.search(rule["cache_control"]):
            errors.append(f"cache_rules[{index}].cache_control {rule['cache_control']!r} must be a non-empty header value without control characters.")
    for extension, content_type in params["content_types"].items():
        if not str(extension).lstrip(".") or not CONTENT_TYPE_FORMAT.match(str(content_type)):
            errors.append(f"content_types maps {extension!r} to {content_type!r}; expected an extension and a type/subtype such as 'text/plain'.")
    if params["sse_kms_key_id"] and params["sse"] != "aws:kms":
        errors.append("sse_kms_key_id is only allowed with sse=aws:kms.")
    if params["wait"] and not params["distribution_id"]:
        errors.append("wait=true needs distribution_id (it waits for the invalidation).")
    if params["wait_timeout"] <= 0:
        errors.append(f"wait_timeout must be a positive number of seconds, not {params['wait_timeout']}.")
    return errors


# What is wanted


def local_files(source: str) -> Dict[str, str]:
    """Every file under source: path relative to source (with '/') -> absolute path."""
    found = {}
    for directory, dirnames, filenames in os.walk(source):
        dirnames.sort()
        for name in filenames:
            path = os.path.join(directory, name)
            if os.path.isfile(path):
                found[os.path.relpath(path, source).replace(os.sep, "/")] = path
    return dict(sorted(found.items()))


def object_key(prefix: str, relative: str) -> str:
    prefix = prefix.strip("/")
    return f"{prefix}/{relative}" if prefix else relative


def key_prefix(prefix: str) -> str:
    """The prefix every published key starts with ('' or 'dir/')."""
    prefix = prefix.strip("/")
    return f"{prefix}/" if prefix else ""


def content_type_for(relative: str, extra: Dict[str, str]) -> str:
    extension = os.path.splitext(relative)[1].lstrip(".").lower()
    overrides = {str(ext).lstrip(".").lower(): value for ext, value in extra.items()}
    if extension in overrides:
        return overrides[extension]
    if extension in CONTENT_TYPES:
        return CONTENT_TYPES[extension]
    return mimetypes.guess_type(relative, strict=False)[0] or DEFAULT_CONTENT_TYPE


def has_content_hash(relative: str) -> bool:
    return bool(HASH_PART.search(relative.rsplit("/", 1)[-1]))


def cache_control_for(relative: str, rules: List[Dict[str, str]], assets_prefix: str) -> str:
    for rule in rules:
        if fnmatch.fnmatchcase(relative, rule["pattern"]):
            return rule["cache_control"]
    if any(fnmatch.fnmatchcase(relative.lower(), pattern) for pattern in HTML_PATTERNS):
        return NO_CACHE
    if (assets_prefix and relative.startswith(assets_prefix)) or has_content_hash(relative):
        return IMMUTABLE
    return NO_CACHE


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def wanted_objects(params: Dict[str, Any], files: Dict[str, str]) -> List[Wanted]:
    return [
        Wanted(
            key=object_key(params["prefix"], relative),
            path=path,
            sha256=file_sha256(path),
            content_type=content_type_for(relative, params["content_types"]),
            cache_control=cache_control_for(relative, params["cache_rules"], params["assets_prefix"]),
        )
        for relative, path in files.items()
    ]


# What differs


def published_state(head: Dict[str, Any]) -> Dict[str, Optional[str]]:
    """The compared settings of an object, from its HeadObject answer."""
    return {
        "sha256": head.get("Metadata", {}).get(SHA256_METADATA),
        "content_type": head.get("ContentType"),
        "cache_control": head.get("CacheControl"),
        "sse": head.get("ServerSideEncryption"),
        "sse_kms_key_id": head.get("SSEKMSKeyId"),
    }


def same_kms_key(wanted: str, reported: Optional[str]) -> bool:
    """Whether the key S3 reports (an ARN) is the wanted key (ARN or key id); an alias cannot be compared."""
    if wanted.startswith("alias/") or ":alias/" in wanted:
        return True
    return reported is not None and (reported == wanted or reported.endswith(f":key/{wanted}") or wanted.endswith(f":key/{reported}"))


def is_current(wanted: Wanted, state: Dict[str, Optional[str]], sse: Optional[str], kms_key_id: Optional[str]) -> bool:
    if (state["sha256"], state["content_type"], state["cache_control"]) != (wanted.sha256, wanted.content_type, wanted.cache_control):
        return False
    if sse and state["sse"] != sse:
        return False
    return not (sse == "aws:kms" and kms_key_id and not same_kms_key(kms_key_id, state["sse_kms_key_id"]))


def make_plan(wanted: List[Wanted], states: Dict[str, Dict[str, Optional[str]]], remote_keys: List[str], params: Dict[str, Any]) -> Plan:
    """What to upload, delete and leave, given the published state of the wanted keys that exist."""
    upload = [w for w in wanted if w.key not in states or not is_current(w, states[w.key], params["sse"], params["sse_kms_key_id"])]
    wanted_keys = {w.key for w in wanted}
    delete = sorted(key for key in remote_keys if key not in wanted_keys) if params["delete"] else []
    unchanged = sorted(w.key for w in wanted if w.key in states and w not in upload)
    return Plan(upload=sorted(upload), delete=delete, unchanged=unchanged)


def invalidation_paths(keys: List[str], prefix: str) -> List[str]:
    """The CloudFront paths of changed keys: each key, and its directory for an index.html."""
    paths = set()
    for key in keys:
        paths.add("/" + quote(key, safe=URL_SAFE))
        if key == "index.html" or key.endswith("/index.html"):
            paths.add("/" + quote(key[: -len("index.html")], safe=URL_SAFE))
    if len(paths) > MAX_INVALIDATION_PATHS:
        return ["/" + quote(key_prefix(prefix), safe=URL_SAFE) + "*"]
    return sorted(paths)


def caller_reference(distribution_id: str, paths: List[str], now_ns: int) -> str:
    """Unique to this run: a retried CreateInvalidation returns the same invalidation, a later run makes a new one."""
    digest = hashlib.sha256("\n".join([distribution_id, *paths]).encode()).hexdigest()[:16]
    return f"s3_site_publish-{now_ns}-{digest}"


def put_params(bucket: str, wanted: Wanted, sse: Optional[str], kms_key_id: Optional[str]) -> Dict[str, Any]:
    params = {
        "Bucket": bucket,
        "Key": wanted.key,
        "ContentType": wanted.content_type,
        "CacheControl": wanted.cache_control,
        "Metadata": {SHA256_METADATA: wanted.sha256},
    }
    if sse:
        params["ServerSideEncryption"] = sse
    if kms_key_id:
        params["SSEKMSKeyId"] = kms_key_id
    return params


def diff_view(plan: Plan, states: Dict[str, Dict[str, Optional[str]]], remote: Dict[str, int]) -> Dict[str, Dict[str, Any]]:
    """Before and after of the keys uploaded or deleted (a deleted key shows its size: it is not read)."""

    def view(state: Dict[str, Optional[str]]) -> Dict[str, Optional[str]]:
        return {name: state.get(name) for name in ("sha256", "content_type", "cache_control")}

    before = {w.key: view(states[w.key]) for w in plan.upload if w.key in states}
    before.update({key: {"size": remote[key]} for key in plan.delete})
    after = {w.key: {"sha256": w.sha256, "content_type": w.content_type, "cache_control": w.cache_control} for w in plan.upload}
    return {"before": dict(sorted(before.items())), "after": dict(sorted(after.items()))}


# AWS


class Publisher:
    """Reads the bucket, uploads, deletes and invalidates for one publish."""

    def __init__(self, module, s3, cloudfront, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.module = module
        self.s3 = s3
        self.cloudfront = cloudfront
        self.bucket = module.params["bucket"]
        self._sleep = sleep
        self._clock = clock

    def remote_objects(self, prefix: str) -> Dict[str, int]:
        """Every key under prefix, with its size."""

        @retrying()
        def listing() -> Dict[str, Any]:
            return self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix).build_full_result()

        try:
            return {item["Key"]: item["Size"] for item in listing().get("Contents", [])}
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to list the objects of bucket {self.bucket} under {prefix!r}")

    def published_states(self, wanted: List[Wanted], remote: Dict[str, int]) -> Dict[str, Dict[str, Optional[str]]]:
        """HeadObject for each wanted key that exists (the metadata is not in the listing)."""
        states = {}
        for item in wanted:
            if item.key not in remote:
                continue
            try:
                states[item.key] = published_state(self.s3.head_object(aws_retry=True, Bucket=self.bucket, Key=item.key))
            except is_boto3_error_code(["404", "NoSuchKey", "NotFound"]):
                continue  # deleted since the listing
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
                self.module.fail_json_aws(e, msg=f"Failed to read object {item.key} of bucket {self.bucket}")
        return states

    def upload(self, items: List[Wanted], sse: Optional[str], kms_key_id: Optional[str]) -> None:
        for item in items:
            with open(item.path, "rb") as handle:
                body = handle.read()  # bytes, so a retried PutObject sends the whole file again
            try:
                self.s3.put_object(aws_retry=True, Body=body, **put_params(self.bucket, item, sse, kms_key_id))
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.module.fail_json_aws(e, msg=f"Failed to upload {item.path} to s3://{self.bucket}/{item.key}")

    def delete(self, keys: List[str]) -> None:
        for start in range(0, len(keys), DELETE_BATCH):
            batch = keys[start : start + DELETE_BATCH]
            try:
                answer = self.s3.delete_objects(aws_retry=True, Bucket=self.bucket, Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True})
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.module.fail_json_aws(e, msg=f"Failed to delete {len(batch)} objects from bucket {self.bucket}")
            errors = answer.get("Errors") or []
            if errors:
                reasons = "; ".join(f"{error.get('Key')}: {error.get('Code')} {error.get('Message')}" for error in errors)
                self.module.fail_json(msg=f"S3 did not delete every object from bucket {self.bucket}: {reasons}", errors=errors)

    def invalidate(self, distribution_id: str, paths: List[str], wait: bool, timeout: int) -> Dict[str, Any]:
        batch = {"Paths": {"Quantity": len(paths), "Items": paths}, "CallerReference": caller_reference(distribution_id, paths, time.time_ns())}
        try:
            invalidation = self.cloudfront.create_invalidation(aws_retry=True, DistributionId=distribution_id, InvalidationBatch=batch)["Invalidation"]
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(
                e,
                msg=f"Uploaded and deleted, but failed to invalidate {len(paths)} paths of distribution {distribution_id}: invalidate them yourself",
                invalidation_paths=paths,
            )
        if wait:
            invalidation = self.await_completed(distribution_id, invalidation, timeout)
        return invalidation

    def await_completed(self, distribution_id: str, invalidation: Dict[str, Any], timeout: int) -> Dict[str, Any]:
        deadline = self._clock() + timeout
        while invalidation["Status"] != "Completed":
            if self._clock() >= deadline:
                self.module.fail_json(
                    msg=f"Timed out after {timeout}s waiting for invalidation {invalidation['Id']} of distribution {distribution_id} to complete",
                    invalidation_id=invalidation["Id"],
                )
            self._sleep(POLL_DELAY)
            try:
                invalidation = self.cloudfront.get_invalidation(aws_retry=True, DistributionId=distribution_id, Id=invalidation["Id"])["Invalidation"]
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.module.fail_json_aws(e, msg=f"Failed to read invalidation {invalidation['Id']} of distribution {distribution_id}")
        return invalidation


def publish(module, publisher: Publisher) -> Dict[str, Any]:
    params = module.params
    wanted = wanted_objects(params, local_files(params["source"]))
    remote = publisher.remote_objects(key_prefix(params["prefix"]))
    states = publisher.published_states(wanted, remote)
    plan = make_plan(wanted, states, sorted(remote), params)
    uploaded = [w.key for w in plan.upload]
    paths = invalidation_paths(uploaded + plan.delete, params["prefix"]) if params["distribution_id"] else []

    result = {
        "changed": bool(plan.upload or plan.delete),
        "uploaded": uploaded,
        "deleted": plan.delete,
        "unchanged": plan.unchanged,
        "counts": {"uploaded": len(uploaded), "deleted": len(plan.delete), "unchanged": len(plan.unchanged)},
        "invalidation_paths": paths,
        "invalidation_id": None,
    }
    if module._diff:
        result["diff"] = diff_view(plan, states, remote)
    if module.check_mode:
        return result
    publisher.upload(plan.upload, params["sse"], params["sse_kms_key_id"])
    publisher.delete(plan.delete)
    if paths:
        invalidation = publisher.invalidate(params["distribution_id"], paths, params["wait"], params["wait_timeout"])
        result.update(invalidation_id=invalidation["Id"], invalidation_status=invalidation["Status"])
    return result


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    s3 = module.client("s3", retry_decorator=retrying())
    cloudfront = module.client("cloudfront", retry_decorator=retrying()) if module.params["distribution_id"] else None
    module.exit_json(**publish(module, Publisher(module, s3, cloudfront)))


if __name__ == "__main__":
    main()
