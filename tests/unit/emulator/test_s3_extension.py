"""Behaviour of the S3 fixes (tools/emulator/webstack_emulator/extensions/s3.py) beyond their model checks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from webstack_emulator.extensions import s3 as s3_extension

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.s3 import REPLICA
from tests.unit.emulator.checks.s3 import SOURCE
from tests.unit.emulator.checks.s3 import replication_rule
from tests.unit.emulator.checks.s3 import tls_only_policy
from tests.unit.emulator.checks.s3 import versioned_bucket

ROLE = "arn:aws:iam::123456789012:role/replication"


def put_replication(aws: Emulator, *rules: dict[str, Any]) -> None:
    aws.client("s3").put_bucket_replication(Bucket=SOURCE, ReplicationConfiguration={"Role": ROLE, "Rules": list(rules)})


@pytest.fixture
def buckets(aws: Emulator) -> Emulator:
    versioned_bucket(aws, SOURCE)
    versioned_bucket(aws, REPLICA, "eu-central-1")
    return aws


@pytest.mark.parametrize(
    "rule_filter",
    [{"Prefix": ""}, {"Prefix": "logs/"}, {"Tag": {"Key": "k", "Value": "v"}}, {"And": {"Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]}}],
)
def test_replication_filters_read_back_as_put(buckets: Emulator, rule_filter: dict[str, Any]) -> None:
    rule = replication_rule(Filter=rule_filter)
    put_replication(buckets, rule)

    assert buckets.client("s3").get_bucket_replication(Bucket=SOURCE)["ReplicationConfiguration"]["Rules"] == [rule]


def test_replication_time_and_metrics_read_back(buckets: Emulator) -> None:
    rule = replication_rule(
        Destination={
            "Bucket": f"arn:aws:s3:::{REPLICA}",
            "ReplicationTime": {"Status": "Enabled", "Time": {"Minutes": 15}},
            "Metrics": {"Status": "Enabled", "EventThreshold": {"Minutes": 15}},
        },
        SourceSelectionCriteria={"SseKmsEncryptedObjects": {"Status": "Disabled"}},
        ExistingObjectReplication={"Status": "Enabled"},
    )
    put_replication(buckets, rule)

    assert buckets.client("s3").get_bucket_replication(Bucket=SOURCE)["ReplicationConfiguration"]["Rules"] == [rule]


def test_a_destination_that_does_not_exist_is_refused(buckets: Emulator) -> None:
    with pytest.raises(ClientError) as refused:
        put_replication(buckets, replication_rule(Destination={"Bucket": "arn:aws:s3:::webstack-nowhere"}))

    assert refused.value.response["Error"]["Code"] == "InvalidRequest"
    assert "must exist" in refused.value.response["Error"]["Message"]


def test_an_unversioned_destination_is_refused(buckets: Emulator) -> None:
    buckets.client("s3").create_bucket(Bucket="webstack-unversioned", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})

    with pytest.raises(ClientError) as refused:
        put_replication(buckets, replication_rule(Destination={"Bucket": "arn:aws:s3:::webstack-unversioned"}))

    assert "versioning enabled" in refused.value.response["Error"]["Message"]


def test_an_unversioned_source_is_still_refused(aws: Emulator) -> None:
    aws.client("s3").create_bucket(Bucket=SOURCE, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    versioned_bucket(aws, REPLICA, "eu-central-1")

    with pytest.raises(ClientError) as refused:
        put_replication(aws, replication_rule())

    assert refused.value.response["Error"]["Code"] == "InvalidRequest"


def test_lifecycle_without_newer_versions_reads_back_without_it(buckets: Emulator) -> None:
    s3 = buckets.client("s3")
    rules = [
        {"ID": "a", "Status": "Enabled", "Filter": {"Prefix": "a/"}, "NoncurrentVersionExpiration": {"NoncurrentDays": 30, "NewerNoncurrentVersions": 2}},
        {"ID": "b", "Status": "Enabled", "Filter": {"Prefix": "b/"}, "NoncurrentVersionExpiration": {"NoncurrentDays": 10}},
    ]
    s3.put_bucket_lifecycle_configuration(Bucket=SOURCE, LifecycleConfiguration={"Rules": rules})

    answered = s3.get_bucket_lifecycle_configuration(Bucket=SOURCE)["Rules"]

    assert [r["NoncurrentVersionExpiration"] for r in answered] == [{"NoncurrentDays": 30, "NewerNoncurrentVersions": 2}, {"NoncurrentDays": 10}]


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def test_a_tls_only_policy_lets_object_calls_through(buckets: Emulator) -> None:
    s3 = buckets.client("s3")
    s3.put_bucket_policy(Bucket=SOURCE, Policy=tls_only_policy(SOURCE))

    s3.put_object(Bucket=SOURCE, Key="index.html", Body=b"x")

    assert s3.get_object(Bucket=SOURCE, Key="index.html")["Body"].read() == b"x"


def test_an_unconditional_deny_still_denies(buckets: Emulator) -> None:
    s3 = buckets.client("s3")
    s3.put_bucket_policy(Bucket=SOURCE, Policy=policy({"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{SOURCE}/*"}))

    with pytest.raises(ClientError):
        s3.put_object(Bucket=SOURCE, Key="index.html", Body=b"x")


def test_a_deny_whose_condition_holds_denies(buckets: Emulator) -> None:
    s3 = buckets.client("s3")
    statement = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": f"arn:aws:s3:::{SOURCE}/*",
        "Condition": {"Bool": {"aws:SecureTransport": "true"}},
    }
    s3.put_bucket_policy(Bucket=SOURCE, Policy=policy(statement))

    with pytest.raises(ClientError):
        s3.put_object(Bucket=SOURCE, Key="index.html", Body=b"x")


def test_a_statement_for_a_service_principal_does_not_apply_to_the_caller(buckets: Emulator) -> None:
    s3 = buckets.client("s3")
    statement = {"Effect": "Deny", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:*", "Resource": f"arn:aws:s3:::{SOURCE}/*"}
    s3.put_bucket_policy(Bucket=SOURCE, Policy=policy(statement))

    s3.put_object(Bucket=SOURCE, Key="index.html", Body=b"x")


@pytest.mark.parametrize(
    ("operator", "key", "expected", "holds"),
    [
        ("Bool", "aws:SecureTransport", "false", False),
        ("Bool", "aws:securetransport", ["True"], True),
        ("StringEquals", "aws:SourceIp", "10.0.0.1", False),
        ("StringNotEquals", "aws:SecureTransport", "false", True),
        ("StringLike", "aws:SecureTransport", "t*", True),
        ("NumericLessThan", "aws:SecureTransport", "1", False),
    ],
)
def test_conditions_are_evaluated_against_a_tls_request(operator: str, key: str, expected: Any, holds: bool) -> None:
    assert s3_extension.condition_holds(operator, key, expected) is holds
