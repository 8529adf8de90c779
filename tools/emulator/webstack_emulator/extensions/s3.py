"""S3 fidelity fixes for moto 5.2.5 (moto/s3/models.py, moto/s3/responses.py): what the site bucket's modules read back."""

from __future__ import annotations

import fnmatch
import json
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

S3_ARN_PREFIX = "arn:aws:s3:::"


def member_named(value: Any, shape: Any) -> Any:
    """A rule as xmltodict parsed it from the request (XML element names, one child not in a list) in the
    shape's member names, with every list a list: what moto's serializer writes back as the same XML.
    An empty element (``<Prefix></Prefix>``, parsed as None) is an empty string or structure, as AWS answers it."""
    if value is None:
        return {} if shape.type_name == "structure" else "" if shape.type_name == "string" else None
    if shape.type_name == "structure":
        if not isinstance(value, dict):
            return value
        answer = {}
        for name, member in shape.members.items():
            element = member.serialization.get("name", name)
            if element in value:
                answer[name] = member_named(value[element], member)
        return answer
    if shape.type_name == "list":
        if shape.serialization.get("flattened"):
            items = value
        else:
            items = (value or {}).get(shape.member.serialization.get("name", "member"), [])
        items = items if isinstance(items, list) else [items]
        return [member_named(item, shape.member) for item in items]
    return value


def replication_rule_shape() -> Any:
    import botocore.session

    model = botocore.session.get_session().get_service_model("s3")
    return model.shape_for("ReplicationRule")


def destination_bucket(rule: dict[str, Any]) -> str:
    """The bucket name a rule's Destination.Bucket ARN names."""
    arn = (rule.get("Destination") or {}).get("Bucket") or ""
    return arn[len(S3_ARN_PREFIX) :] if arn.startswith(S3_ARN_PREFIX) else arn


@fix(
    "s3",
    "GetBucketReplication",
    "moto answers every rule with Filter {Prefix: ''} and DeleteMarkerReplication Disabled whatever was put, and drops "
    "SourceSelectionCriteria and ExistingObjectReplication; it accepts a destination bucket that does not exist or is not "
    "versioned. AWS answers the rules as put and refuses such destinations (InvalidRequest).",
)
def replication_reads_back_as_put() -> None:
    from moto.core.responses import ActionResult
    from moto.s3.exceptions import ReplicationConfigurationNotFoundError
    from moto.s3.exceptions import S3ClientError
    from moto.s3.models import S3Backend
    from moto.s3.responses import S3Response

    shape = replication_rule_shape()
    original_put = S3Backend.put_bucket_replication

    @wraps(original_put)
    def put_bucket_replication(self: S3Backend, bucket_name: str, replication: dict[str, Any]) -> None:
        rules = replication.get("Rule") or []
        for rule in rules if isinstance(rules, list) else [rules]:
            name = destination_bucket(rule)
            target = self.buckets.get(name)
            if target is None:
                raise S3ClientError("InvalidRequest", "Destination bucket must exist.")
            if not target.is_versioned:
                raise S3ClientError("InvalidRequest", "Destination bucket must have versioning enabled.")
        original_put(self, bucket_name, replication)

    def get_bucket_replication(self: S3Response) -> Any:
        self.data["Action"] = "GetBucketReplication"
        replication = self.backend.get_bucket_replication(self.bucket_name)
        if not replication:
            raise ReplicationConfigurationNotFoundError(bucket_name=self.bucket_name)
        rules = [member_named(rule, shape) for rule in replication["Rule"]]
        return self.serialized(ActionResult({"ReplicationConfiguration": {"Role": replication["Role"], "Rules": rules}}))

    S3Backend.put_bucket_replication = put_bucket_replication  # type: ignore[method-assign]
    S3Response.get_bucket_replication = get_bucket_replication  # type: ignore[method-assign]


@fix(
    "s3",
    "GetBucketLifecycleConfiguration",
    "moto drops NoncurrentVersionExpiration.NewerNoncurrentVersions (community.aws s3_lifecycle noncurrent_version_keep_newer): "
    "the rule reads back without it and the module puts it again on every run. AWS answers it as put.",
)
def lifecycle_keeps_newer_noncurrent_versions() -> None:
    from moto.s3.models import FakeBucket
    from moto.s3.responses import S3Response

    original_set = FakeBucket.set_lifecycle
    original_get = S3Response.get_bucket_lifecycle

    @wraps(original_set)
    def set_lifecycle(self: FakeBucket, rules: list[dict[str, Any]]) -> None:
        original_set(self, rules)
        for sent, kept in zip(rules, self.rules, strict=True):
            kept.nve_newer_versions = (sent.get("NoncurrentVersionExpiration") or {}).get("NewerNoncurrentVersions")

    @wraps(original_get)
    def get_bucket_lifecycle(self: S3Response) -> Any:
        kept_rules = self.backend.get_bucket_lifecycle(self.bucket_name) or []
        serialized = self.serialized

        def with_newer_versions(action_result: Any) -> Any:
            for answer, kept in zip(action_result.result["Rules"], kept_rules, strict=True):
                newer = getattr(kept, "nve_newer_versions", None)
                if newer is not None:
                    answer.setdefault("NoncurrentVersionExpiration", {})["NewerNoncurrentVersions"] = newer
            return serialized(action_result)

        self.serialized = with_newer_versions  # type: ignore[method-assign]
        try:
            return original_get(self)
        finally:
            del self.serialized

    FakeBucket.set_lifecycle = set_lifecycle  # type: ignore[method-assign]
    S3Response.get_bucket_lifecycle = get_bucket_lifecycle  # type: ignore[method-assign]


# What the emulator knows of a request, for bucket policy conditions: clients reach it as they reach S3, over TLS.
REQUEST_CONTEXT = {"aws:securetransport": "true"}


def condition_holds(operator: str, key: str, expected: Any) -> bool:
    """One condition of a statement against REQUEST_CONTEXT; a key the emulator does not know fails it, as a missing key does in IAM."""
    actual = REQUEST_CONTEXT.get(key.lower())
    if actual is None:
        return False
    values = [str(value).lower() if operator == "Bool" else str(value) for value in (expected if isinstance(expected, list) else [expected])]
    if operator in ("Bool", "StringEquals", "ArnEquals"):
        return actual in values
    if operator == "StringNotEquals":
        return actual not in values
    if operator in ("StringLike", "ArnLike"):
        return any(fnmatch.fnmatchcase(actual, value) for value in values)
    return False


def statement_applies(statement: dict[str, Any], action: str, resource: str) -> bool:
    """Whether a bucket policy statement names this action and resource, anyone as principal (moto knows no caller),
    and its conditions hold."""
    from moto.iam.access_control import IAMPolicyStatement

    principal = statement.get("Principal")
    if principal not in ("*", {"AWS": "*"}):
        return False
    matcher = IAMPolicyStatement(statement)
    if "NotAction" in statement:
        if matcher._check_element_matches("NotAction", action):
            return False
    elif not matcher._check_element_matches("Action", action):
        return False
    if "NotResource" in statement:
        if matcher._check_element_matches("NotResource", resource):
            return False
    elif not matcher._check_element_matches("Resource", resource):
        return False
    conditions = statement.get("Condition") or {}
    return all(condition_holds(operator, key, expected) for operator, pairs in conditions.items() for key, expected in pairs.items())


@fix(
    "s3",
    "PutObject",
    "moto's bucket policy check ignores Bool conditions: a TLS-only statement (Deny, Principal *, s3:*, Condition Bool "
    "aws:SecureTransport false) denies every object call (403) though the caller uses TLS as AWS clients do. AWS applies a "
    "statement only when its conditions hold.",
)
def bucket_policy_conditions_are_evaluated() -> None:
    from moto.iam.access_control import PermissionResult
    from moto.s3.models import FakeBucket

    def get_permission(self: FakeBucket, action: str, resource: str) -> Any:
        if self.policy is None:
            return PermissionResult.NEUTRAL
        statements = json.loads(self.policy.decode())["Statement"]
        applying = [s for s in (statements if isinstance(statements, list) else [statements]) if statement_applies(s, action, resource)]
        if any(s["Effect"] == "Deny" for s in applying):
            return PermissionResult.DENIED
        return PermissionResult.PERMITTED if applying else PermissionResult.NEUTRAL

    FakeBucket.get_permission = get_permission  # type: ignore[method-assign]
