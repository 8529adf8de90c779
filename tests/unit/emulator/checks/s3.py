"""Checks of the S3 fixes (tools/emulator/webstack_emulator/extensions/s3.py)."""

from __future__ import annotations

import json
from typing import Any

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

SOURCE = "webstack-check-source"
REPLICA = "webstack-check-replica"
KEY = "arn:aws:kms:eu-central-1:123456789012:key/0f3e5c2a-1111-2222-3333-444455556666"


def versioned_bucket(aws: Emulator, name: str, region: str = REGION) -> None:
    s3 = aws.client("s3", region=region)
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})


def replication_rule(**overrides: Any) -> dict[str, Any]:
    return {
        "ID": "site-to-dr",
        "Priority": 1,
        "Status": "Enabled",
        "Filter": {"And": {"Prefix": "assets/", "Tags": [{"Key": "replicate", "Value": "yes"}]}},
        "SourceSelectionCriteria": {"SseKmsEncryptedObjects": {"Status": "Enabled"}},
        "DeleteMarkerReplication": {"Status": "Enabled"},
        "Destination": {"Bucket": f"arn:aws:s3:::{REPLICA}", "StorageClass": "STANDARD_IA", "EncryptionConfiguration": {"ReplicaKmsKeyID": KEY}},
        **overrides,
    }


@check("s3", "GetBucketReplication")
def replication_reads_back_as_put(aws: Emulator) -> dict[str, Any]:
    versioned_bucket(aws, SOURCE)
    versioned_bucket(aws, REPLICA, "eu-central-1")
    s3 = aws.client("s3")
    rules = [replication_rule(), replication_rule(ID="everything", Priority=2, Filter={"Prefix": ""}, DeleteMarkerReplication={"Status": "Disabled"})]
    s3.put_bucket_replication(Bucket=SOURCE, ReplicationConfiguration={"Role": "arn:aws:iam::123456789012:role/replication", "Rules": rules})
    response = s3.get_bucket_replication(Bucket=SOURCE)
    assert response["ReplicationConfiguration"]["Rules"] == rules
    return response


@check("s3", "GetBucketLifecycleConfiguration")
def lifecycle_keeps_newer_noncurrent_versions(aws: Emulator) -> dict[str, Any]:
    versioned_bucket(aws, SOURCE)
    s3 = aws.client("s3")
    rule = {
        "ID": "noncurrent",
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "NoncurrentVersionExpiration": {"NoncurrentDays": 30, "NewerNoncurrentVersions": 3},
    }
    s3.put_bucket_lifecycle_configuration(Bucket=SOURCE, LifecycleConfiguration={"Rules": [rule]})
    response = s3.get_bucket_lifecycle_configuration(Bucket=SOURCE)
    assert response["Rules"][0]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 30, "NewerNoncurrentVersions": 3}
    return response


def tls_only_policy(bucket: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        }
    )


@check("s3", "PutObject")
def a_tls_only_policy_lets_tls_callers_in(aws: Emulator) -> dict[str, Any]:
    versioned_bucket(aws, SOURCE)
    s3 = aws.client("s3")
    s3.put_bucket_policy(Bucket=SOURCE, Policy=tls_only_policy(SOURCE))
    response = s3.put_object(Bucket=SOURCE, Key="index.html", Body=b"<html></html>")
    assert response["VersionId"]
    return response
