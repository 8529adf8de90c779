"""Stock S3 modules the edge role uses for the site bucket, run through main() against the emulator.

amazon.aws.s3_bucket makes the private site bucket (public access blocked, BucketOwnerEnforced, versioning, SSE-KMS with
a bucket key, a TLS-only policy that lets CloudFront read through its Origin Access Control, tags); community.aws
s3_lifecycle expires noncurrent versions and aborts incomplete multipart uploads. These tests pin what the role relies
on: the settings read back as set, no false changes (a second run makes no mutating call), the policy compared as a
policy. Where a stock module itself misbehaves, a strict xfail test shows it (it starts passing, and so fails, the day
the module is fixed). Replication has no stock module: webstack.aws.s3_bucket_replication (its own tests).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from ansible_collections.amazon.aws.plugins.modules import s3_bucket
from ansible_collections.community.aws.plugins.modules import s3_lifecycle

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

ACCOUNT = "123456789012"
BUCKET = f"webstack-test-site-{ACCOUNT}"
DISTRIBUTION_ARN = f"arn:aws:cloudfront::{ACCOUNT}:distribution/E2EXAMPLE1234"
TAGS = {"webstack:stack": "webstack", "webstack:environment": "test", "ManagedBy": "ansible"}
ALL_BLOCKED = {"block_public_acls": True, "ignore_public_acls": True, "block_public_policy": True, "restrict_public_buckets": True}


def site_policy(bucket: str = BUCKET) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
            {
                "Sid": "AllowCloudFrontRead",
                "Effect": "Allow",
                "Principal": {"Service": "cloudfront.amazonaws.com"},
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
                "Condition": {"StringEquals": {"AWS:SourceArn": DISTRIBUTION_ARN}},
            },
        ],
    }


def same_policy_written_differently() -> dict[str, Any]:
    """site_policy() as another template would write it: statements' keys reordered, single values in lists, resources swapped."""
    deny, allow = site_policy()["Statement"]
    return {
        "Statement": [
            {
                "Condition": deny["Condition"],
                "Resource": list(reversed(deny["Resource"])),
                "Action": ["s3:*"],
                "Principal": "*",
                "Effect": "Deny",
                "Sid": deny["Sid"],
            },
            {**allow, "Action": ["s3:GetObject"], "Resource": [allow["Resource"]], "Condition": {"StringEquals": {"AWS:SourceArn": [DISTRIBUTION_ARN]}}},
        ],
        "Version": "2012-10-17",
    }


# amazon.aws.s3_bucket


def bucket(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(s3_bucket.main, aws, {"name": BUCKET, **args}, check_mode)


@pytest.fixture
def key_arn(aws: Emulator) -> str:
    """The stack's KMS key; the call log starts empty."""
    arn = aws.client("kms").create_key(Description="webstack test")["KeyMetadata"]["Arn"]
    aws.clear_calls()
    return arn


def site_bucket_args(key: str, **overrides: Any) -> dict[str, Any]:
    return {
        "public_access": ALL_BLOCKED,
        "object_ownership": "BucketOwnerEnforced",
        "versioning": True,
        "encryption": "aws:kms",
        "encryption_key_id": key,
        "bucket_key_enabled": True,
        "policy": json.dumps(site_policy()),
        "tags": TAGS,
        **overrides,
    }


def stored_bucket(aws: Emulator) -> dict[str, Any]:
    s3 = aws.client("s3")
    return {
        "public_access": s3.get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"],
        "ownership": s3.get_bucket_ownership_controls(Bucket=BUCKET)["OwnershipControls"]["Rules"],
        "versioning": s3.get_bucket_versioning(Bucket=BUCKET).get("Status"),
        "encryption": s3.get_bucket_encryption(Bucket=BUCKET)["ServerSideEncryptionConfiguration"]["Rules"],
        "policy": json.loads(s3.get_bucket_policy(Bucket=BUCKET)["Policy"]),
        "tags": {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=BUCKET)["TagSet"]},
    }


@pytest.fixture
def site_bucket(aws: Emulator, key_arn: str) -> str:
    """The site bucket made once by s3_bucket; the call log starts empty. Returns the KMS key ARN."""
    made = bucket(aws, site_bucket_args(key_arn))
    assert not made.failed, made.out
    aws.clear_calls()
    return key_arn


def test_site_bucket_is_created_with_every_setting(aws: Emulator, key_arn: str) -> None:
    made = bucket(aws, site_bucket_args(key_arn))

    assert not made.failed, made.out
    assert made.changed
    assert stored_bucket(aws) == {
        "public_access": {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True},
        "ownership": [{"ObjectOwnership": "BucketOwnerEnforced"}],
        "versioning": "Enabled",
        "encryption": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn}, "BucketKeyEnabled": True}],
        "policy": site_policy(),
        "tags": TAGS,
    }
    assert made.out["object_ownership"] == "BucketOwnerEnforced"
    assert made.out["versioning"]["Versioning"] == "Enabled"
    assert made.out["tags"] == TAGS


def test_site_bucket_second_run_changes_nothing_and_calls_nothing_mutating(aws: Emulator, site_bucket: str) -> None:
    again = bucket(aws, site_bucket_args(site_bucket))

    assert not again.failed, again.out
    assert not again.changed
    assert aws.calls().mutating == []


def test_site_bucket_policy_is_compared_as_a_policy_not_as_text(aws: Emulator, site_bucket: str) -> None:
    again = bucket(aws, site_bucket_args(site_bucket, policy=json.dumps(same_policy_written_differently(), indent=4)))

    assert not again.changed
    assert aws.calls().mutating == []


def test_site_bucket_policy_change_is_put(aws: Emulator, site_bucket: str) -> None:
    other = site_policy()
    other["Statement"][1]["Condition"]["StringEquals"]["AWS:SourceArn"] = f"arn:aws:cloudfront::{ACCOUNT}:distribution/EOTHER"

    changed = bucket(aws, site_bucket_args(site_bucket, policy=json.dumps(other)))

    assert changed.changed
    assert aws.calls().mutating == ["s3:PutBucketPolicy"]
    assert stored_bucket(aws)["policy"] == other


def test_site_bucket_tag_change_keeps_the_other_settings(aws: Emulator, site_bucket: str) -> None:
    changed = bucket(aws, site_bucket_args(site_bucket, tags={**TAGS, "webstack:environment": "prod"}))

    assert changed.changed
    assert aws.calls().mutating == ["s3:PutBucketTagging"]
    assert stored_bucket(aws)["tags"]["webstack:environment"] == "prod"
    assert stored_bucket(aws)["versioning"] == "Enabled"


def test_site_bucket_key_change_keeps_the_bucket_key(aws: Emulator, site_bucket: str) -> None:
    other_key = aws.client("kms").create_key(Description="rotated")["KeyMetadata"]["Arn"]
    aws.clear_calls()

    changed = bucket(aws, site_bucket_args(other_key))

    assert changed.changed
    [rule] = stored_bucket(aws)["encryption"]
    assert rule["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"] == other_key
    assert rule["BucketKeyEnabled"] is True


def test_site_bucket_check_mode_is_skipped_and_calls_nothing(aws: Emulator, key_arn: str) -> None:
    """What s3_bucket does in check mode today: it does not support it, so ansible skips it. Nothing is called."""
    checked = bucket(aws, site_bucket_args(key_arn), check_mode=True)

    assert checked.out.get("skipped")
    assert aws.calls().calls == []


@pytest.mark.xfail(
    strict=True,
    reason="amazon.aws 10.1.2 s3_bucket limitation: no check mode support (AnsibleAWSModule without supports_check_mode), so "
    "--check skips it and cannot report that the bucket would be created or changed.",
)
def test_site_bucket_check_mode_reports_the_change(aws: Emulator, key_arn: str) -> None:
    checked = bucket(aws, site_bucket_args(key_arn), check_mode=True)

    assert checked.changed


def test_site_bucket_absent_with_force_deletes_every_version(aws: Emulator, site_bucket: str) -> None:
    s3 = aws.client("s3")
    s3.put_object(Bucket=BUCKET, Key="index.html", Body=b"v1")
    s3.put_object(Bucket=BUCKET, Key="index.html", Body=b"v2")

    removed = bucket(aws, {"state": "absent", "force": True})
    again = bucket(aws, {"state": "absent"})

    assert removed.changed
    assert not again.changed
    assert BUCKET not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


# community.aws.s3_lifecycle

RULE_ID = "noncurrent-and-uploads"


def lifecycle(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(s3_lifecycle.main, aws, {"name": BUCKET, "rule_id": RULE_ID, **args}, check_mode)


LIFECYCLE = {"noncurrent_version_expiration_days": 30, "abort_incomplete_multipart_upload_days": 7}


@pytest.fixture
def versioned_bucket(aws: Emulator) -> Emulator:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    aws.clear_calls()
    return aws


def stored_rules(aws: Emulator) -> list[dict[str, Any]]:
    return aws.client("s3").get_bucket_lifecycle_configuration(Bucket=BUCKET)["Rules"]


def test_lifecycle_rule_is_created_as_asked(versioned_bucket: Emulator) -> None:
    made = lifecycle(versioned_bucket, LIFECYCLE)

    assert not made.failed, made.out
    assert made.changed
    assert versioned_bucket.calls().mutating == ["s3:PutBucketLifecycleConfiguration"]
    assert stored_rules(versioned_bucket) == [
        {
            "ID": RULE_ID,
            "Filter": {"Prefix": ""},
            "Status": "Enabled",
            "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
        }
    ]


@pytest.mark.parametrize("settings", [LIFECYCLE, {**LIFECYCLE, "noncurrent_version_keep_newer": 3}], ids=["days", "keep-newer"])
def test_lifecycle_second_run_changes_nothing_and_calls_nothing_mutating(versioned_bucket: Emulator, settings: dict[str, Any]) -> None:
    lifecycle(versioned_bucket, settings)
    versioned_bucket.clear_calls()

    again = lifecycle(versioned_bucket, settings)

    assert not again.failed, again.out
    assert not again.changed
    assert versioned_bucket.calls().mutating == []


def test_lifecycle_change_of_days_is_put(versioned_bucket: Emulator) -> None:
    lifecycle(versioned_bucket, LIFECYCLE)
    versioned_bucket.clear_calls()

    changed = lifecycle(versioned_bucket, {**LIFECYCLE, "noncurrent_version_expiration_days": 90})

    assert changed.changed
    assert stored_rules(versioned_bucket)[0]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 90}


def test_lifecycle_check_mode_is_skipped_and_calls_nothing(versioned_bucket: Emulator) -> None:
    checked = lifecycle(versioned_bucket, LIFECYCLE, check_mode=True)

    assert checked.out.get("skipped")
    assert versioned_bucket.calls().calls == []


@pytest.mark.xfail(
    strict=True,
    reason="community.aws 10.0.0 s3_lifecycle limitation: no check mode support (AnsibleAWSModule without supports_check_mode), "
    "so --check skips it and cannot report that the rule would be added.",
)
def test_lifecycle_check_mode_reports_the_change(versioned_bucket: Emulator) -> None:
    checked = lifecycle(versioned_bucket, LIFECYCLE, check_mode=True)

    assert checked.changed


def test_lifecycle_absent_removes_the_rule_and_a_second_absent_changes_nothing(versioned_bucket: Emulator) -> None:
    lifecycle(versioned_bucket, LIFECYCLE)
    versioned_bucket.clear_calls()

    removed = lifecycle(versioned_bucket, {"state": "absent"})
    again = lifecycle(versioned_bucket, {"state": "absent"})

    assert removed.changed
    assert not again.changed
    assert versioned_bucket.calls().mutating == ["s3:DeleteBucketLifecycle"]
