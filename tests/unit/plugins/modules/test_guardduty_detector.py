"""guardduty_detector and guardduty_detector_info: pure functions, and runs of main() against the emulator."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import botocore.session
import pytest
from ansible_collections.webstack.aws.plugins.module_utils import guardduty
from ansible_collections.webstack.aws.plugins.modules import guardduty_detector
from ansible_collections.webstack.aws.plugins.modules import guardduty_detector_info

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty"
RUNTIME = {
    "name": "RUNTIME_MONITORING",
    "additional_configuration": [{"name": "ECS_FARGATE_AGENT_MANAGEMENT"}, {"name": "EKS_ADDON_MANAGEMENT", "status": "DISABLED"}],
}


def params(**overrides: Any) -> dict[str, Any]:
    """The module's params with the argument spec's defaults, as AnsibleModule fills them."""
    base = {"state": "present", "enable": True, "finding_publishing_frequency": "SIX_HOURS", "features": None, "tags": None, "purge_tags": True}
    return {**base, **overrides}


def feature(name: str, status: str = "ENABLED", **extras: str) -> dict[str, Any]:
    """A feature option as AnsibleModule fills it (defaults in place)."""
    return {"name": name, "status": status, "additional_configuration": [{"name": key, "status": value} for key, value in extras.items()] or None}


def current_feature(name: str, status: str, **extras: str) -> dict[str, Any]:
    """A feature as normalize_detector returns it."""
    return {
        "name": name,
        "status": status,
        "updated_at": "2025-01-01T00:00:00+00:00",
        "additional_configuration": [{"name": k, "status": v} for k, v in extras.items()],
    }


# --- pure functions -------------------------------------------------------------------


def model_enum(shape: str) -> list[str]:
    return list(botocore.session.get_session().get_service_model("guardduty").shape_for(shape).enum)


def test_feature_choices_are_the_create_detector_enum() -> None:
    assert guardduty_detector.FEATURE_NAMES == model_enum("DetectorFeature")


def test_additional_configuration_choices_are_the_model_enum() -> None:
    assert guardduty_detector.ADDITIONAL_CONFIGURATION_NAMES == model_enum("FeatureAdditionalConfiguration")


def test_validate_accepts_good_params() -> None:
    assert guardduty_detector.validate_params(params(features=[feature("S3_DATA_EVENTS"), feature("RUNTIME_MONITORING", EKS_ADDON_MANAGEMENT="ENABLED")])) == []


def test_validate_refuses_a_feature_given_twice() -> None:
    errors = guardduty_detector.validate_params(params(features=[feature("S3_DATA_EVENTS"), feature("S3_DATA_EVENTS", "DISABLED")]))
    assert len(errors) == 1
    assert "features" in errors[0] and "S3_DATA_EVENTS" in errors[0]


def test_validate_refuses_an_additional_configuration_given_twice() -> None:
    twice = {
        "name": "RUNTIME_MONITORING",
        "status": "ENABLED",
        "additional_configuration": [{"name": "EC2_AGENT_MANAGEMENT", "status": "ENABLED"}, {"name": "EC2_AGENT_MANAGEMENT", "status": "DISABLED"}],
    }
    errors = guardduty_detector.validate_params(params(features=[twice]))
    assert errors == [
        "features[RUNTIME_MONITORING].additional_configuration lists EC2_AGENT_MANAGEMENT more than once: give each additional configuration once"
    ]


def test_validate_refuses_reserved_tag_keys() -> None:
    errors = guardduty_detector.validate_params(params(tags={"aws:owner": "x", "team": "y"}))
    assert len(errors) == 1 and errors[0].startswith("tags aws:owner:")


def test_wanted_features_sends_additional_configuration_only_when_given() -> None:
    wanted = guardduty_detector.wanted_features([feature("S3_DATA_EVENTS"), feature("RUNTIME_MONITORING", EC2_AGENT_MANAGEMENT="DISABLED")])
    assert wanted == [
        {"Name": "S3_DATA_EVENTS", "Status": "ENABLED"},
        {"Name": "RUNTIME_MONITORING", "Status": "ENABLED", "AdditionalConfiguration": [{"Name": "EC2_AGENT_MANAGEMENT", "Status": "DISABLED"}]},
    ]


def test_feature_changes_lists_only_the_features_that_differ() -> None:
    current = [current_feature("S3_DATA_EVENTS", "ENABLED"), current_feature("RUNTIME_MONITORING", "ENABLED", EKS_ADDON_MANAGEMENT="ENABLED")]
    wanted = guardduty_detector.wanted_features(
        [feature("S3_DATA_EVENTS"), feature("RUNTIME_MONITORING", EKS_ADDON_MANAGEMENT="DISABLED"), feature("LAMBDA_NETWORK_LOGS", "DISABLED")]
    )
    assert [change["Name"] for change in guardduty_detector.feature_changes(current, wanted)] == ["RUNTIME_MONITORING"]


def test_feature_changes_counts_a_missing_feature_as_disabled() -> None:
    wanted = guardduty_detector.wanted_features([feature("AI_ANALYST", "DISABLED"), feature("AI_PROTECTION")])
    assert [change["Name"] for change in guardduty_detector.feature_changes([], wanted)] == ["AI_PROTECTION"]


def test_feature_changes_counts_a_missing_additional_configuration_as_disabled() -> None:
    current = [current_feature("RUNTIME_MONITORING", "ENABLED")]
    off = guardduty_detector.wanted_features([feature("RUNTIME_MONITORING", EC2_AGENT_MANAGEMENT="DISABLED")])
    on = guardduty_detector.wanted_features([feature("RUNTIME_MONITORING", EC2_AGENT_MANAGEMENT="ENABLED")])
    assert guardduty_detector.feature_changes(current, off) == []
    assert guardduty_detector.feature_changes(current, on) == on


def test_update_params_sends_only_what_differs() -> None:
    current = {"status": "ENABLED", "finding_publishing_frequency": "SIX_HOURS", "features": [current_feature("S3_DATA_EVENTS", "ENABLED")]}
    assert guardduty_detector.update_params(current, params(features=[feature("S3_DATA_EVENTS")])) == {}
    assert guardduty_detector.update_params(current, params(finding_publishing_frequency="ONE_HOUR")) == {"FindingPublishingFrequency": "ONE_HOUR"}
    assert guardduty_detector.update_params(current, params(enable=False, features=[feature("S3_DATA_EVENTS", "DISABLED")])) == {
        "Enable": False,
        "Features": [{"Name": "S3_DATA_EVENTS", "Status": "DISABLED"}],
    }


def test_create_params_leave_out_empty_features_and_tags() -> None:
    assert guardduty_detector.create_params(params(tags={})) == {"Enable": True, "FindingPublishingFrequency": "SIX_HOURS"}
    create = guardduty_detector.create_params(params(enable=False, features=[feature("S3_DATA_EVENTS")], tags={"a": "1"}))
    assert create == {
        "Enable": False,
        "FindingPublishingFrequency": "SIX_HOURS",
        "Features": [{"Name": "S3_DATA_EVENTS", "Status": "ENABLED"}],
        "Tags": {"a": "1"},
    }


def test_client_token_is_derived_from_the_request() -> None:
    request = guardduty_detector.create_params(params(tags={"a": "1"}))
    token = guardduty_detector.client_token(request)
    assert len(token) == 64
    assert token == guardduty_detector.client_token(dict(reversed(list(request.items()))))
    assert token != guardduty_detector.client_token(guardduty_detector.create_params(params(tags={"a": "2"})))
    assert token != guardduty_detector.client_token(request, salt="deadbeef")


def test_tags_after_applies_purge_tags() -> None:
    assert guardduty_detector.tags_after({"a": "1", "b": "2"}, {"a": "9"}, True) == {"a": "9"}
    assert guardduty_detector.tags_after({"a": "1", "b": "2"}, {"a": "9"}, False) == {"a": "9", "b": "2"}
    assert guardduty_detector.tags_after({"a": "1"}, None, True) == {"a": "1"}


def test_predicted_detector_merges_features_by_name() -> None:
    current = {
        "detector_id": "d1",
        "status": "ENABLED",
        "finding_publishing_frequency": "SIX_HOURS",
        "features": [current_feature("S3_DATA_EVENTS", "ENABLED"), current_feature("RUNTIME_MONITORING", "DISABLED", EKS_ADDON_MANAGEMENT="DISABLED")],
        "tags": {"a": "1"},
    }
    wanted = [feature("RUNTIME_MONITORING", EKS_ADDON_MANAGEMENT="ENABLED", EC2_AGENT_MANAGEMENT="ENABLED"), feature("AI_PROTECTION", "DISABLED")]
    after = guardduty_detector.predicted_detector(current, params(features=wanted, tags={"b": "2"}, purge_tags=False))

    assert guardduty_detector.detector_view(after) == {
        "detector_id": "d1",
        "status": "ENABLED",
        "finding_publishing_frequency": "SIX_HOURS",
        "tags": {"a": "1", "b": "2"},
        "features": [
            {"name": "S3_DATA_EVENTS", "status": "ENABLED", "additional_configuration": []},
            {
                "name": "RUNTIME_MONITORING",
                "status": "ENABLED",
                "additional_configuration": [{"name": "EKS_ADDON_MANAGEMENT", "status": "ENABLED"}, {"name": "EC2_AGENT_MANAGEMENT", "status": "ENABLED"}],
            },
            {"name": "AI_PROTECTION", "status": "DISABLED", "additional_configuration": []},
        ],
    }
    assert current["features"][1]["status"] == "DISABLED"  # the current detector is left as it was


def test_detector_arn_takes_account_and_partition_from_the_service_role() -> None:
    china_role = "arn:aws-cn:iam::210987654321:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty"
    assert guardduty.detector_arn("cn-north-1", "d1", china_role) == "arn:aws-cn:guardduty:cn-north-1:210987654321:detector/d1"
    assert guardduty.detector_arn("eu-west-1", "d1", "not-an-arn") is None
    assert guardduty.detector_arn("eu-west-1", "d1", None) is None


def test_normalize_detector_reads_a_get_detector_answer() -> None:
    moment = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    answer = {
        "Status": "ENABLED",
        "ServiceRole": ROLE,
        "FindingPublishingFrequency": "ONE_HOUR",
        "Tags": {"Name": "x"},
        "Features": [
            {
                "Name": "RUNTIME_MONITORING",
                "Status": "ENABLED",
                "UpdatedAt": moment,
                "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", "Status": "DISABLED"}],
            }
        ],
        "DataSources": {"S3Logs": {"Status": "ENABLED"}},
    }
    detector = guardduty.normalize_detector("d1", "us-east-1", answer)
    assert detector == {
        "detector_id": "d1",
        "arn": "arn:aws:guardduty:us-east-1:123456789012:detector/d1",
        "status": "ENABLED",
        "finding_publishing_frequency": "ONE_HOUR",
        "service_role": ROLE,
        "features": [
            {
                "name": "RUNTIME_MONITORING",
                "status": "ENABLED",
                "updated_at": "2025-01-01T00:00:00+00:00",
                "additional_configuration": [{"name": "EKS_ADDON_MANAGEMENT", "status": "DISABLED"}],
            }
        ],
        "tags": {"Name": "x"},
    }


# --- end to end against the emulator --------------------------------------------------


@dataclass
class World:
    aws: Emulator

    def detector(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(guardduty_detector.main, self.aws, args, check_mode)

    def info(self) -> Result:
        return run(guardduty_detector_info.main, self.aws, {})

    @property
    def gd(self) -> Any:
        return self.aws.client("guardduty")

    def detector_ids(self) -> list[str]:
        return self.gd.list_detectors()["DetectorIds"]

    def only_detector(self) -> dict[str, Any]:
        [detector_id] = self.detector_ids()
        return self.gd.get_detector(DetectorId=detector_id)

    def feature_status(self, name: str) -> str:
        return {f["Name"]: f["Status"] for f in self.only_detector()["Features"]}[name]

    def mutating(self) -> list[str]:
        return self.aws.calls().mutating


@pytest.fixture
def world(aws: Emulator) -> World:
    return World(aws)


def extras_of(detector: dict[str, Any], name: str) -> dict[str, str]:
    [wanted] = [f for f in detector["Features"] if f["Name"] == name]
    return {extra["Name"]: extra["Status"] for extra in wanted.get("AdditionalConfiguration", [])}


# Create


def test_create_makes_the_detector_with_its_settings_features_and_tags(world: World) -> None:
    args = {
        "finding_publishing_frequency": "FIFTEEN_MINUTES",
        "features": [{"name": "S3_DATA_EVENTS", "status": "DISABLED"}, RUNTIME],
        "tags": {"webstack:stack": "test"},
    }
    result = world.detector(args)

    assert not result.failed, result.out
    assert result.changed
    [detector_id] = world.detector_ids()
    detector = world.only_detector()
    assert (detector["Status"], detector["FindingPublishingFrequency"], detector["Tags"]) == ("ENABLED", "FIFTEEN_MINUTES", {"webstack:stack": "test"})
    assert world.feature_status("S3_DATA_EVENTS") == "DISABLED"
    assert world.feature_status("RUNTIME_MONITORING") == "ENABLED"
    assert extras_of(detector, "RUNTIME_MONITORING") == {
        "EKS_ADDON_MANAGEMENT": "DISABLED",
        "ECS_FARGATE_AGENT_MANAGEMENT": "ENABLED",
        "EC2_AGENT_MANAGEMENT": "DISABLED",
    }
    assert world.mutating() == ["guardduty:CreateDetector"]

    returned = result.out["detector"]
    assert returned["detector_id"] == detector_id
    assert returned["arn"] == f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/{detector_id}"
    assert returned["tags"] == {"webstack:stack": "test"}
    runtime = next(f for f in returned["features"] if f["name"] == "RUNTIME_MONITORING")
    assert runtime["status"] == "ENABLED" and isinstance(runtime["updated_at"], str)
    assert {"name": "ECS_FARGATE_AGENT_MANAGEMENT", "status": "ENABLED"}.items() <= runtime["additional_configuration"][1].items()
    assert result.out["diff"]["before"] == {}
    assert result.out["diff"]["after"]["detector_id"] == detector_id


def test_create_with_defaults_enables_the_detector_every_six_hours_without_tags(world: World) -> None:
    result = world.detector({})

    assert not result.failed, result.out
    detector = world.only_detector()
    assert (detector["Status"], detector["FindingPublishingFrequency"], detector.get("Tags", {})) == ("ENABLED", "SIX_HOURS", {})
    assert result.out["detector"]["tags"] == {}


def test_create_sends_a_client_token_derived_from_the_request(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []
    real = guardduty_detector.DetectorManager._create_call

    def spy(self: Any, request: dict[str, Any], token: str) -> str:
        sent.append(token)
        return real(self, request, token)

    monkeypatch.setattr(guardduty_detector.DetectorManager, "_create_call", spy)
    assert not world.detector({"tags": {"a": "1"}}).failed
    assert not world.detector({"state": "absent"}).failed
    assert not world.detector({"tags": {"a": "1"}}).failed

    assert len(sent) == 2 and len(sent[0]) == 64
    assert sent[0] == sent[1]


def test_create_uses_a_fresh_token_when_the_first_answers_a_deleted_detector(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """AWS may answer a token spent on a detector deleted since with that detector: the module creates again with another token."""
    sent: list[str] = []
    real = guardduty_detector.DetectorManager._create_call

    def spent_first(self: Any, request: dict[str, Any], token: str) -> str:
        sent.append(token)
        return "0" * 32 if len(sent) == 1 else real(self, request, token)

    monkeypatch.setattr(guardduty_detector.DetectorManager, "_create_call", spent_first)
    result = world.detector({})

    assert not result.failed, result.out
    assert len(sent) == 2 and sent[0] != sent[1]
    assert world.detector_ids() == [result.out["detector"]["detector_id"]]


def test_an_existing_detector_is_adopted_not_duplicated(world: World) -> None:
    detector_id = world.gd.create_detector(Enable=True, FindingPublishingFrequency="SIX_HOURS")["DetectorId"]
    world.aws.clear_calls()

    result = world.detector({})

    assert not result.failed, result.out
    assert not result.changed
    assert world.detector_ids() == [detector_id]
    assert world.mutating() == []


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = {"finding_publishing_frequency": "ONE_HOUR", "features": [RUNTIME, {"name": "EKS_AUDIT_LOGS", "status": "DISABLED"}], "tags": {"a": "1"}}
    first = world.detector(args)
    world.aws.clear_calls()

    again = world.detector(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.mutating() == []
    assert again.out["detector"]["detector_id"] == first.out["detector"]["detector_id"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    result = world.detector({"features": [RUNTIME], "tags": {"a": "1"}}, check_mode=True)

    assert not result.failed, result.out
    assert result.changed
    assert world.detector_ids() == []
    assert world.mutating() == []
    after = result.out["diff"]["after"]
    assert "detector_id" not in after and after["tags"] == {"a": "1"}
    assert after["features"] == [
        {
            "name": "RUNTIME_MONITORING",
            "status": "ENABLED",
            "additional_configuration": [{"name": "ECS_FARGATE_AGENT_MANAGEMENT", "status": "ENABLED"}, {"name": "EKS_ADDON_MANAGEMENT", "status": "DISABLED"}],
        }
    ]


def test_check_mode_on_a_converged_detector_reports_no_change(world: World) -> None:
    world.detector({"tags": {"a": "1"}})
    world.aws.clear_calls()

    result = world.detector({"tags": {"a": "1"}}, check_mode=True)

    assert not result.changed
    assert world.mutating() == []


def test_check_mode_update_changes_nothing_and_shows_the_change(world: World) -> None:
    world.detector({})
    world.aws.clear_calls()

    result = world.detector({"finding_publishing_frequency": "ONE_HOUR", "features": [{"name": "S3_DATA_EVENTS", "status": "DISABLED"}]}, check_mode=True)

    assert result.changed
    assert world.mutating() == []
    assert world.only_detector()["FindingPublishingFrequency"] == "SIX_HOURS"
    assert world.feature_status("S3_DATA_EVENTS") == "ENABLED"
    diff = result.out["diff"]
    assert (diff["before"]["finding_publishing_frequency"], diff["after"]["finding_publishing_frequency"]) == ("SIX_HOURS", "ONE_HOUR")
    s3_after = next(f for f in diff["after"]["features"] if f["name"] == "S3_DATA_EVENTS")
    assert s3_after["status"] == "DISABLED"


# Update


def test_update_changes_the_frequency_with_one_update_call(world: World) -> None:
    world.detector({})
    world.aws.clear_calls()

    result = world.detector({"finding_publishing_frequency": "FIFTEEN_MINUTES"})

    assert result.changed
    assert world.mutating() == ["guardduty:UpdateDetector"]
    assert world.only_detector()["FindingPublishingFrequency"] == "FIFTEEN_MINUTES"
    assert result.out["detector"]["finding_publishing_frequency"] == "FIFTEEN_MINUTES"
    assert result.out["diff"]["before"]["finding_publishing_frequency"] == "SIX_HOURS"


def test_enable_false_suspends_the_detector(world: World) -> None:
    world.detector({})

    result = world.detector({"enable": False})

    assert result.changed
    assert world.only_detector()["Status"] == "DISABLED"
    assert result.out["detector"]["status"] == "DISABLED"


def test_update_changes_the_listed_features_and_leaves_the_others(world: World) -> None:
    world.detector({"features": [RUNTIME, {"name": "EKS_AUDIT_LOGS", "status": "DISABLED"}]})
    world.aws.clear_calls()

    change = {"name": "RUNTIME_MONITORING", "additional_configuration": [{"name": "EC2_AGENT_MANAGEMENT"}]}
    result = world.detector({"features": [change, {"name": "LAMBDA_NETWORK_LOGS", "status": "DISABLED"}]})

    assert not result.failed, result.out
    assert result.changed
    assert world.mutating() == ["guardduty:UpdateDetector"]
    detector = world.only_detector()
    assert extras_of(detector, "RUNTIME_MONITORING") == {
        "EKS_ADDON_MANAGEMENT": "DISABLED",
        "ECS_FARGATE_AGENT_MANAGEMENT": "ENABLED",
        "EC2_AGENT_MANAGEMENT": "ENABLED",
    }
    assert world.feature_status("LAMBDA_NETWORK_LOGS") == "DISABLED"
    assert world.feature_status("EKS_AUDIT_LOGS") == "DISABLED"  # not listed this time: left as it was


def test_update_sends_only_the_features_that_differ(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    world.detector({"features": [{"name": "S3_DATA_EVENTS"}, {"name": "EKS_AUDIT_LOGS"}]})
    sent: list[dict[str, Any]] = []
    real = guardduty_detector.DetectorManager.update

    def spy(self: Any, detector_id: str, update: dict[str, Any]) -> None:
        sent.append(update)
        real(self, detector_id, update)

    monkeypatch.setattr(guardduty_detector.DetectorManager, "update", spy)
    world.detector({"features": [{"name": "S3_DATA_EVENTS"}, {"name": "EKS_AUDIT_LOGS", "status": "DISABLED"}]})

    assert sent == [{"Features": [{"Name": "EKS_AUDIT_LOGS", "Status": "DISABLED"}]}]


def test_features_not_listed_are_left_alone(world: World) -> None:
    world.detector({})
    [detector_id] = world.detector_ids()
    world.gd.update_detector(DetectorId=detector_id, Features=[{"Name": "S3_DATA_EVENTS", "Status": "DISABLED"}])
    world.aws.clear_calls()

    result = world.detector({})

    assert not result.changed
    assert world.mutating() == []
    assert world.feature_status("S3_DATA_EVENTS") == "DISABLED"


# Tags


def test_tags_change_without_an_update_call(world: World) -> None:
    world.detector({"tags": {"keep": "1", "drop": "2"}})
    world.aws.clear_calls()

    result = world.detector({"tags": {"keep": "1", "add": "3"}})

    assert result.changed
    assert world.only_detector()["Tags"] == {"keep": "1", "add": "3"}
    assert result.out["detector"]["tags"] == {"keep": "1", "add": "3"}
    assert (result.out["diff"]["before"]["tags"], result.out["diff"]["after"]["tags"]) == ({"keep": "1", "drop": "2"}, {"keep": "1", "add": "3"})
    calls = world.aws.calls()
    assert len(calls.mutating) == 2  # UntagResource then TagResource
    assert calls.count("UpdateDetector") == 0 and calls.count("CreateDetector") == 0


def test_tags_without_purge_are_added(world: World) -> None:
    world.detector({"tags": {"keep": "1"}})

    world.detector({"tags": {"add": "3"}, "purge_tags": False})

    assert world.only_detector()["Tags"] == {"keep": "1", "add": "3"}


def test_tags_not_given_are_left_alone(world: World) -> None:
    world.detector({"tags": {"keep": "1"}})
    world.aws.clear_calls()

    result = world.detector({})

    assert not result.changed
    assert world.mutating() == []
    assert world.only_detector()["Tags"] == {"keep": "1"}


def test_empty_tags_remove_every_tag(world: World) -> None:
    world.detector({"tags": {"a": "1", "b": "2"}})

    result = world.detector({"tags": {}})

    assert result.changed
    assert world.only_detector().get("Tags", {}) == {}


# Absent


def test_absent_deletes_the_detector(world: World) -> None:
    world.detector({"tags": {"a": "1"}})
    world.aws.clear_calls()

    result = world.detector({"state": "absent"})

    assert not result.failed, result.out
    assert result.changed
    assert world.detector_ids() == []
    assert world.mutating() == ["guardduty:DeleteDetector"]
    assert result.out["diff"]["before"]["tags"] == {"a": "1"}
    assert result.out["diff"]["after"] == {}


def test_absent_twice_changes_nothing(world: World) -> None:
    world.detector({})
    world.detector({"state": "absent"})
    world.aws.clear_calls()

    result = world.detector({"state": "absent"})

    assert not result.failed, result.out
    assert not result.changed
    assert world.mutating() == []


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.detector({})
    world.aws.clear_calls()

    result = world.detector({"state": "absent"}, check_mode=True)

    assert result.changed
    assert len(world.detector_ids()) == 1
    assert world.mutating() == []


# Bad input


@pytest.mark.parametrize(
    ("args", "names"),
    [
        ({"features": [{"name": "S3_LOGS"}]}, ["features", "name", "S3_LOGS"]),
        ({"features": [{"name": "RUNTIME_MONITORING", "additional_configuration": [{"name": "FARGATE"}]}]}, ["additional_configuration", "name", "FARGATE"]),
        ({"features": [{"name": "S3_DATA_EVENTS", "status": "ON"}]}, ["features", "status"]),
        ({"features": [{"name": "S3_DATA_EVENTS"}, {"name": "S3_DATA_EVENTS", "status": "DISABLED"}]}, ["features", "S3_DATA_EVENTS", "more than once"]),
        (
            {"features": [{"name": "RUNTIME_MONITORING", "additional_configuration": [{"name": "EC2_AGENT_MANAGEMENT"}, {"name": "EC2_AGENT_MANAGEMENT"}]}]},
            ["additional_configuration", "EC2_AGENT_MANAGEMENT", "more than once"],
        ),
        ({"finding_publishing_frequency": "HOURLY"}, ["finding_publishing_frequency", "HOURLY"]),
        ({"tags": {"aws:createdBy": "me"}}, ["tags", "aws:createdBy", "reserved"]),
        ({"state": "gone"}, ["state", "gone"]),
    ],
    ids=["feature-name", "additional-configuration-name", "feature-status", "feature-twice", "additional-configuration-twice", "frequency", "tag-key", "state"],
)
def test_bad_input_fails_naming_the_option_and_changes_nothing(world: World, args: dict[str, Any], names: list[str]) -> None:
    result = world.detector(args)

    assert result.failed
    for name in names:
        assert name in result.out["msg"]
    assert world.mutating() == []
    assert world.detector_ids() == []


# Info


def test_info_without_a_detector_lists_none(world: World) -> None:
    result = world.info()

    assert not result.failed, result.out
    assert not result.changed
    assert result.out["detectors"] == []


def test_info_describes_the_detector_with_features_and_tags(world: World) -> None:
    created = world.detector({"finding_publishing_frequency": "ONE_HOUR", "features": [RUNTIME], "tags": {"webstack:stack": "test"}})
    world.aws.clear_calls()

    result = world.info()

    assert not result.failed, result.out
    assert world.mutating() == []
    [detector] = result.out["detectors"]
    detector_id = created.out["detector"]["detector_id"]
    assert detector["detector_id"] == detector_id
    assert detector["arn"] == f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/{detector_id}"
    assert (detector["status"], detector["finding_publishing_frequency"], detector["tags"]) == ("ENABLED", "ONE_HOUR", {"webstack:stack": "test"})
    assert detector["service_role"].endswith("AWSServiceRoleForAmazonGuardDuty")
    runtime = next(f for f in detector["features"] if f["name"] == "RUNTIME_MONITORING")
    assert {extra["name"]: extra["status"] for extra in runtime["additional_configuration"]} == {
        "EKS_ADDON_MANAGEMENT": "DISABLED",
        "ECS_FARGATE_AGENT_MANAGEMENT": "ENABLED",
        "EC2_AGENT_MANAGEMENT": "DISABLED",
    }
    assert detector == created.out["detector"]
