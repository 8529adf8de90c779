"""s3_bucket_replication: pure functions, and main() run end to end against the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import s3_bucket_replication

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

SOURCE = "webstack-test-site-123456789012"
REPLICA = "webstack-test-site-dr-123456789012"
REPLICA_REGION = "eu-central-1"
ROLE = "arn:aws:iam::123456789012:role/webstack-test-site-replication"
KEY = "arn:aws:kms:eu-central-1:123456789012:key/0f3e5c2a-1111-2222-3333-444455556666"


def rule(**overrides: Any) -> dict[str, Any]:
    return {"id": "site-to-dr", "destination_bucket": REPLICA, **overrides}


def args(*rules: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return {"bucket": SOURCE, "role_arn": ROLE, "rules": list(rules) or [rule()], **overrides}


def params(*rules: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """Module params as AnsibleModule fills them (suboption defaults included)."""
    defaults = {"priority": None, "status": "enabled", "prefix": "", "filter_tags": {}, "storage_class": None, "replica_kms_key_id": None}
    filled = [{**defaults, "delete_marker_replication": False, **given} for given in rules or [rule()]]
    return {"state": "present", **args(*filled, **overrides)}


# Pure functions


def test_a_plain_rule_builds_a_prefix_filter_and_disabled_delete_markers() -> None:
    [built] = s3_bucket_replication.build_configuration(params())["Rules"]

    assert built == {
        "ID": "site-to-dr",
        "Priority": 1,
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "DeleteMarkerReplication": {"Status": "Disabled"},
        "Destination": {"Bucket": f"arn:aws:s3:::{REPLICA}"},
    }


def test_a_replica_key_also_selects_kms_encrypted_objects() -> None:
    [built] = s3_bucket_replication.build_configuration(params(rule(replica_kms_key_id=KEY, storage_class="STANDARD_IA")))["Rules"]

    assert built["Destination"] == {"Bucket": f"arn:aws:s3:::{REPLICA}", "StorageClass": "STANDARD_IA", "EncryptionConfiguration": {"ReplicaKmsKeyID": KEY}}
    assert built["SourceSelectionCriteria"] == {"SseKmsEncryptedObjects": {"Status": "Enabled"}}


@pytest.mark.parametrize(
    ("prefix", "tags", "expected"),
    [
        ("", {}, {"Prefix": ""}),
        ("a/", {}, {"Prefix": "a/"}),
        ("", {"k": "v"}, {"Tag": {"Key": "k", "Value": "v"}}),
        ("a/", {"k": "v"}, {"And": {"Prefix": "a/", "Tags": [{"Key": "k", "Value": "v"}]}}),
        ("", {"k": "v", "j": "w"}, {"And": {"Tags": [{"Key": "j", "Value": "w"}, {"Key": "k", "Value": "v"}]}}),
    ],
)
def test_filters_use_the_simplest_form_and_read_back_the_same(prefix: str, tags: dict[str, str], expected: dict[str, Any]) -> None:
    built = s3_bucket_replication.build_filter(prefix, tags)

    assert built == expected
    assert s3_bucket_replication.filter_view({"Filter": built}) == {"prefix": prefix, "filter_tags": tags}


def test_the_old_top_level_prefix_reads_as_a_prefix() -> None:
    assert s3_bucket_replication.filter_view({"Prefix": "logs/"}) == {"prefix": "logs/", "filter_tags": {}}


def test_priorities_default_to_the_position_in_the_list() -> None:
    assert s3_bucket_replication.rule_priorities([{"priority": None}, {"priority": 7}, {}]) == [1, 7, 3]


def test_the_view_ignores_rule_order() -> None:
    one = {"ID": "b", "Status": "Enabled", "Destination": {"Bucket": "arn:aws:s3:::x-bucket"}}
    two = {"ID": "a", "Status": "Enabled", "Destination": {"Bucket": "arn:aws:s3:::y-bucket"}}

    assert s3_bucket_replication.configuration_view({"Role": ROLE, "Rules": [one, two]}) == s3_bucket_replication.configuration_view(
        {"Role": ROLE, "Rules": [two, one]}
    )


@pytest.mark.parametrize(
    ("given", "named"),
    [
        (params(role_arn=None), "role_arn is required"),
        (params(role_arn="webstack-role"), "role_arn must be an IAM role ARN"),
        ({**params(), "rules": []}, "rules needs at least one rule"),
        (params(rule(), rule()), "rules[].id must be unique"),
        (params(rule(priority=2), rule(id="other", priority=2)), "rules[].priority must be unique"),
        (params(rule(id="x" * 256)), "rules[].id must have 1 to 255 characters"),
        (params(rule(priority=-1)), "rules[].priority of rule 'site-to-dr' must be 0 or more"),
        (params(rule(destination_bucket="Not_A_Bucket")), "rules[].destination_bucket of rule 'site-to-dr' must be a bucket name"),
        (params(rule(destination_bucket=SOURCE)), "is the source bucket"),
        (params(rule(replica_kms_key_id="0f3e5c2a")), "rules[].replica_kms_key_id of rule 'site-to-dr' must be a KMS key or alias ARN"),
    ],
)
def test_bad_options_are_named(given: dict[str, Any], named: str) -> None:
    assert any(named in error for error in s3_bucket_replication.validate_params(given))


def test_good_options_and_absent_pass_validation() -> None:
    assert s3_bucket_replication.validate_params(params(rule(destination_bucket=f"arn:aws:s3:::{REPLICA}", replica_kms_key_id=KEY))) == []
    assert s3_bucket_replication.validate_params({"state": "absent", "bucket": SOURCE, "role_arn": None, "rules": []}) == []


# Against the emulator


def replication(aws: Emulator, module_args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(s3_bucket_replication.main, aws, module_args, check_mode)


def stored(aws: Emulator) -> dict[str, Any] | None:
    try:
        return aws.client("s3").get_bucket_replication(Bucket=SOURCE)["ReplicationConfiguration"]
    except aws.client("s3").exceptions.ClientError:
        return None


@pytest.fixture
def buckets(aws: Emulator) -> Emulator:
    """A versioned source bucket in the test region and a versioned replica bucket in another; the call log starts empty."""
    for name, region in ((SOURCE, REGION), (REPLICA, REPLICA_REGION)):
        s3 = aws.client("s3", region=region)
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    aws.clear_calls()
    return aws


SITE_RULE = rule(storage_class="STANDARD_IA", replica_kms_key_id=KEY, delete_marker_replication=True)


def test_replication_is_created_as_asked(buckets: Emulator) -> None:
    made = replication(buckets, args(SITE_RULE))

    assert not made.failed, made.out
    assert made.changed
    assert buckets.calls().mutating == ["s3:PutBucketReplication"]
    assert stored(buckets) == {"Role": ROLE, "Rules": [s3_bucket_replication.build_rule(params(SITE_RULE)["rules"][0], 1)]}
    assert made.out["replication"] == {
        "role_arn": ROLE,
        "rules": [
            {
                "id": "site-to-dr",
                "priority": 1,
                "status": "enabled",
                "prefix": "",
                "filter_tags": {},
                "destination_bucket": f"arn:aws:s3:::{REPLICA}",
                "storage_class": "STANDARD_IA",
                "replica_kms_key_id": KEY,
                "delete_marker_replication": True,
            }
        ],
    }
    assert made.out["diff"] == {"before": {}, "after": made.out["replication"]}


def test_second_run_changes_nothing_and_calls_nothing_mutating(buckets: Emulator) -> None:
    two_rules = args(SITE_RULE, rule(id="assets", prefix="assets/", filter_tags={"replicate": "yes"}, destination_bucket=f"arn:aws:s3:::{REPLICA}"))
    replication(buckets, two_rules)
    buckets.clear_calls()

    again = replication(buckets, two_rules)

    assert not again.failed, again.out
    assert not again.changed
    assert buckets.calls().mutating == []
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_reports_the_change_and_makes_none(buckets: Emulator) -> None:
    checked = replication(buckets, args(SITE_RULE), check_mode=True)

    assert checked.changed
    assert buckets.calls().mutating == []
    assert stored(buckets) is None
    assert checked.out["replication"]["rules"][0]["replica_kms_key_id"] == KEY


def test_an_update_puts_the_whole_configuration_and_shows_the_diff(buckets: Emulator) -> None:
    replication(buckets, args(SITE_RULE))
    buckets.clear_calls()

    updated = replication(buckets, args({**SITE_RULE, "storage_class": "GLACIER_IR", "delete_marker_replication": False}))

    assert updated.changed
    assert buckets.calls().mutating == ["s3:PutBucketReplication"]
    assert updated.out["diff"]["before"]["rules"][0]["storage_class"] == "STANDARD_IA"
    assert updated.out["diff"]["after"]["rules"][0]["storage_class"] == "GLACIER_IR"
    assert stored(buckets)["Rules"][0]["DeleteMarkerReplication"] == {"Status": "Disabled"}


def test_a_rule_left_out_is_removed(buckets: Emulator) -> None:
    replication(buckets, args(SITE_RULE, rule(id="assets", prefix="assets/")))

    trimmed = replication(buckets, args(SITE_RULE))

    assert trimmed.changed
    assert [r["ID"] for r in stored(buckets)["Rules"]] == ["site-to-dr"]


def test_check_mode_of_an_update_changes_nothing(buckets: Emulator) -> None:
    replication(buckets, args(SITE_RULE))
    buckets.clear_calls()

    checked = replication(buckets, args({**SITE_RULE, "status": "disabled"}), check_mode=True)

    assert checked.changed
    assert buckets.calls().mutating == []
    assert stored(buckets)["Rules"][0]["Status"] == "Enabled"


def test_absent_removes_the_configuration_and_a_second_absent_changes_nothing(buckets: Emulator) -> None:
    replication(buckets, args(SITE_RULE))
    buckets.clear_calls()

    removed = replication(buckets, {"bucket": SOURCE, "state": "absent"})
    again = replication(buckets, {"bucket": SOURCE, "state": "absent"})

    assert removed.changed
    assert removed.out["diff"]["after"] == {}
    assert not again.changed
    assert buckets.calls().mutating == ["s3:DeleteBucketReplication"]
    assert stored(buckets) is None


def test_check_mode_absent_changes_nothing(buckets: Emulator) -> None:
    replication(buckets, args(SITE_RULE))
    buckets.clear_calls()

    checked = replication(buckets, {"bucket": SOURCE, "state": "absent"}, check_mode=True)

    assert checked.changed
    assert buckets.calls().mutating == []
    assert stored(buckets) is not None


def test_an_unversioned_destination_fails_with_a_clear_message(buckets: Emulator) -> None:
    buckets.client("s3", region=REPLICA_REGION).create_bucket(Bucket="webstack-unversioned", CreateBucketConfiguration={"LocationConstraint": REPLICA_REGION})

    refused = replication(buckets, args(rule(destination_bucket="webstack-unversioned")))

    assert refused.failed
    assert "versioning must be enabled" in refused.out["msg"]
    assert stored(buckets) is None


def test_a_missing_source_bucket_fails_naming_it(aws: Emulator) -> None:
    refused = replication(aws, args())

    assert refused.failed
    assert f"Bucket {SOURCE} does not exist" in refused.out["msg"]
    assert aws.calls().mutating == []


@pytest.mark.parametrize(
    ("module_args", "named"),
    [
        (args(role_arn="not-a-role"), "role_arn"),
        (args(rule(), rule()), "rules[].id"),
        (args(rule(destination_bucket=SOURCE)), "rules[].destination_bucket"),
        ({"bucket": SOURCE, "role_arn": ROLE, "rules": []}, "rules"),
    ],
)
def test_bad_inputs_fail_before_any_call(buckets: Emulator, module_args: dict[str, Any], named: str) -> None:
    refused = replication(buckets, module_args)

    assert refused.failed
    assert named in refused.out["msg"]
    assert buckets.calls().calls == []
