"""config_recorder and config_recorder_info: the pure rules, then main() end to end against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.module_utils import config_recorder as recorders
from ansible_collections.webstack.aws.plugins.modules import config_recorder
from ansible_collections.webstack.aws.plugins.modules import config_recorder_info

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

ROLE = "arn:aws:iam::123456789012:role/webstack-config"
OTHER_ROLE = "arn:aws:iam::123456789012:role/webstack-config-2"
BUCKET = "webstack-test-config"
INSTANCE = "AWS::EC2::Instance"
BUCKET_TYPE = "AWS::S3::Bucket"
VOLUME = "AWS::EC2::Volume"
ALL_GROUP = {
    "all_supported": True,
    "include_global_resource_types": True,
    "resource_types": [],
    "exclusion_by_resource_types": [],
    "recording_strategy": "ALL_SUPPORTED_RESOURCE_TYPES",
}
CONTINUOUS = {"recording_frequency": "CONTINUOUS", "overrides": []}
ONLY_SOME = {"all_supported": False, "include_global_resource_types": False}


def params(**overrides: Any) -> dict[str, Any]:
    """The module's params as AnsibleModule hands them over (defaults applied)."""
    group = {
        "all_supported": True,
        "include_global_resource_types": True,
        "resource_types": None,
        "exclusion_by_resource_types": None,
        "recording_strategy": None,
    }
    mode = {"recording_frequency": "CONTINUOUS", "overrides": None}
    base = {"name": "default", "role_arn": ROLE, "recording_group": group, "recording_mode": mode, "recording": True, "state": "present"}
    for key in ("recording_group", "recording_mode"):
        base[key] = {**base[key], **overrides.pop(key, {})}
    return {**base, **overrides}


def override(resource_types: list[str], frequency: str, description: str | None = None) -> dict[str, Any]:
    return {"description": description, "resource_types": resource_types, "recording_frequency": frequency}


# Validation: the RecordingGroup and RecordingMode rules of the API reference


@pytest.mark.parametrize(
    "group",
    [
        {},
        {"include_global_resource_types": False},
        {"recording_strategy": "ALL_SUPPORTED_RESOURCE_TYPES"},
        {**ONLY_SOME, "resource_types": [INSTANCE]},
        {**ONLY_SOME, "resource_types": [INSTANCE], "recording_strategy": "INCLUSION_BY_RESOURCE_TYPES"},
        {**ONLY_SOME, "exclusion_by_resource_types": [INSTANCE]},
        {**ONLY_SOME, "exclusion_by_resource_types": [INSTANCE], "recording_strategy": "EXCLUSION_BY_RESOURCE_TYPES"},
    ],
)
def test_valid_recording_groups_pass(group: dict[str, Any]) -> None:
    assert config_recorder.validate_params(params(recording_group=group)) == []


@pytest.mark.parametrize(
    ("group", "named"),
    [
        ({"resource_types": [INSTANCE]}, "recording_group.all_supported must be false"),
        ({"all_supported": False, "resource_types": [INSTANCE]}, "recording_group.include_global_resource_types must be false"),
        ({"exclusion_by_resource_types": [INSTANCE]}, "recording_group.all_supported must be false"),
        ({"all_supported": False, "include_global_resource_types": False}, "recording_group.all_supported=false records nothing"),
        ({**ONLY_SOME, "resource_types": [INSTANCE], "exclusion_by_resource_types": [VOLUME]}, "cannot both list"),
        ({**ONLY_SOME, "recording_strategy": "INCLUSION_BY_RESOURCE_TYPES"}, "needs recording_group.resource_types"),
        ({**ONLY_SOME, "recording_strategy": "EXCLUSION_BY_RESOURCE_TYPES"}, "needs recording_group.exclusion_by_resource_types"),
        ({**ONLY_SOME, "resource_types": [INSTANCE], "recording_strategy": "EXCLUSION_BY_RESOURCE_TYPES"}, "recording_group.resource_types lists"),
        ({"resource_types": [INSTANCE], "recording_strategy": "ALL_SUPPORTED_RESOURCE_TYPES"}, "recording_group.resource_types lists"),
        (
            {"exclusion_by_resource_types": [INSTANCE], "recording_strategy": "ALL_SUPPORTED_RESOURCE_TYPES"},
            "recording_group.exclusion_by_resource_types lists",
        ),
        ({"all_supported": False, "recording_strategy": "ALL_SUPPORTED_RESOURCE_TYPES"}, "recording_group.all_supported=false"),
    ],
)
def test_invalid_recording_groups_name_the_option(group: dict[str, Any], named: str) -> None:
    errors = config_recorder.validate_params(params(recording_group=group))
    assert any(named in error for error in errors), errors


def test_all_errors_of_a_group_come_together() -> None:
    errors = config_recorder.validate_params(params(recording_group={"resource_types": [INSTANCE]}))
    assert len(errors) == 2
    assert "recording_group.all_supported" in errors[0] and "recording_group.include_global_resource_types" in errors[1]


@pytest.mark.parametrize(
    ("group", "mode", "named"),
    [
        ({}, {"overrides": [override([INSTANCE], "DAILY"), override([VOLUME], "DAILY")]}, "recording_mode.overrides takes at most 1"),
        ({}, {"overrides": [override([], "DAILY")]}, "recording_mode.overrides[0].resource_types"),
        ({}, {"overrides": [override([INSTANCE], "DAILY", "")]}, "recording_mode.overrides[0].description"),
        ({}, {"overrides": [override([INSTANCE], "DAILY", "x" * 257)]}, "recording_mode.overrides[0].description"),
        ({}, {"overrides": [override(["AWS::Config::ResourceCompliance"], "DAILY")]}, "recording_mode.overrides[0].recording_frequency=DAILY"),
        (
            {**ONLY_SOME, "resource_types": [INSTANCE, "AWS::Config::ConfigurationRecorder"]},
            {"recording_frequency": "DAILY"},
            "recording_mode.recording_frequency=DAILY cannot apply to AWS::Config::ConfigurationRecorder",
        ),
    ],
)
def test_invalid_recording_modes_name_the_option(group: dict[str, Any], mode: dict[str, Any], named: str) -> None:
    errors = config_recorder.validate_params(params(recording_group=group, recording_mode=mode))
    assert any(named in error for error in errors), errors


@pytest.mark.parametrize(
    ("group", "mode"),
    [
        ({}, {"recording_frequency": "DAILY"}),  # AWS records the continuous-only types continuously by itself
        ({}, {"overrides": [override(["AWS::Config::ResourceCompliance"], "CONTINUOUS", "compliance")]}),
        (
            {**ONLY_SOME, "resource_types": [INSTANCE, "AWS::Config::ResourceCompliance"]},
            {"recording_frequency": "DAILY", "overrides": [override(["AWS::Config::ResourceCompliance"], "CONTINUOUS")]},
        ),
    ],
)
def test_valid_recording_modes_pass(group: dict[str, Any], mode: dict[str, Any]) -> None:
    assert config_recorder.validate_params(params(recording_group=group, recording_mode=mode)) == []


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"name": ""}, "name must be 1 to 256"),
        ({"name": "r" * 257}, "name must be 1 to 256"),
        ({"role_arn": "webstack-config"}, "role_arn must be the ARN of an IAM role"),
        ({"role_arn": "arn:aws:iam::123456789012:user/someone"}, "role_arn must be the ARN of an IAM role"),
    ],
)
def test_invalid_name_or_role_names_the_option(overrides: dict[str, Any], named: str) -> None:
    errors = config_recorder.validate_params(params(**overrides))
    assert any(named in error for error in errors), errors


def test_absent_checks_only_the_name() -> None:
    assert config_recorder.validate_params(params(state="absent", role_arn=None, recording_group={"resource_types": [INSTANCE]})) == []


# What to send


def test_all_supported_sends_the_strategy_and_no_lists() -> None:
    assert config_recorder.build_recorder(params()) == {
        "name": "default",
        "roleARN": ROLE,
        "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True, "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"}},
        "recordingMode": {"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []},
    }


def test_inclusion_sends_the_types_once_each_in_order() -> None:
    group = config_recorder.build_recording_group({**params()["recording_group"], **ONLY_SOME, "resource_types": [VOLUME, INSTANCE, VOLUME]})
    assert group == {
        "allSupported": False,
        "includeGlobalResourceTypes": False,
        "resourceTypes": [INSTANCE, VOLUME],
        "recordingStrategy": {"useOnly": "INCLUSION_BY_RESOURCE_TYPES"},
    }


def test_exclusion_sends_the_exclusion_structure() -> None:
    group = config_recorder.build_recording_group({**params()["recording_group"], **ONLY_SOME, "exclusion_by_resource_types": [VOLUME]})
    assert group["exclusionByResourceTypes"] == {"resourceTypes": [VOLUME]}
    assert group["recordingStrategy"] == {"useOnly": "EXCLUSION_BY_RESOURCE_TYPES"}
    assert "resourceTypes" not in group


def test_overrides_send_a_description_only_when_given() -> None:
    mode = config_recorder.build_recording_mode({"recording_frequency": "DAILY", "overrides": [override([INSTANCE], "CONTINUOUS")]})
    assert mode == {"recordingFrequency": "DAILY", "recordingModeOverrides": [{"resourceTypes": [INSTANCE], "recordingFrequency": "CONTINUOUS"}]}
    described = config_recorder.build_recording_mode({"recording_frequency": "DAILY", "overrides": [override([INSTANCE], "CONTINUOUS", "ec2")]})
    assert described["recordingModeOverrides"][0]["description"] == "ec2"


# What AWS answers, as a view


def test_an_old_recorder_without_strategy_or_mode_reads_as_continuous_with_its_strategy() -> None:
    answer = {
        "name": "default",
        "roleARN": ROLE,
        "recordingGroup": {"allSupported": False, "includeGlobalResourceTypes": False, "resourceTypes": [VOLUME, INSTANCE]},
    }
    view = recorders.recorder_view(answer, {"name": "default", "recording": True, "lastStatus": "SUCCESS"})
    assert view == {
        "name": "default",
        "role_arn": ROLE,
        "recording_group": {
            "all_supported": False,
            "include_global_resource_types": False,
            "resource_types": [INSTANCE, VOLUME],
            "exclusion_by_resource_types": [],
            "recording_strategy": "INCLUSION_BY_RESOURCE_TYPES",
        },
        "recording_mode": CONTINUOUS,
        "recording": True,
        "last_status": "SUCCESS",
    }


def test_the_desired_view_reads_like_the_answer_it_asks_for() -> None:
    """The view of what the module sends equals the view of what AWS answers for it: nothing differs on the next run."""
    wanted = params(
        recording_group={**ONLY_SOME, "exclusion_by_resource_types": [VOLUME, INSTANCE]}, recording_mode={"overrides": [override([INSTANCE], "DAILY")]}
    )
    answer = {
        "name": "default",
        "roleARN": ROLE,
        "recordingGroup": {
            "allSupported": False,
            "includeGlobalResourceTypes": False,
            "resourceTypes": [],
            "exclusionByResourceTypes": {"resourceTypes": [VOLUME, INSTANCE]},
            "recordingStrategy": {"useOnly": "EXCLUSION_BY_RESOURCE_TYPES"},
        },
        "recordingMode": {"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": [{"resourceTypes": [INSTANCE], "recordingFrequency": "DAILY"}]},
    }
    current = recorders.recorder_view(answer, {"recording": True})
    assert config_recorder.plan(current, config_recorder.desired_view(wanted, current)) == []


# What to call


def view(**changes: Any) -> dict[str, Any]:
    base = {"name": "default", "role_arn": ROLE, "recording_group": ALL_GROUP, "recording_mode": CONTINUOUS, "recording": True, "last_status": None}
    return {**base, **changes}


@pytest.mark.parametrize(
    ("current", "desired", "steps"),
    [
        (None, view(), ["put", "start"]),
        (None, view(recording=False), ["put"]),
        (view(), view(), []),
        (view(recording=False), view(recording=False), []),
        (view(recording=False), view(), ["start"]),
        (view(), view(recording=False), ["stop"]),
        (view(), view(role_arn=OTHER_ROLE), ["put"]),
        (view(recording=False), view(recording_mode={"recording_frequency": "DAILY", "overrides": []}), ["put", "start"]),
        (view(), view(last_status="SUCCESS"), []),
        (view(), None, ["stop", "delete"]),
        (view(recording=False), None, ["delete"]),
        (None, None, []),
    ],
)
def test_plan(current: dict[str, Any] | None, desired: dict[str, Any] | None, steps: list[str]) -> None:
    assert config_recorder.plan(current, desired) == steps


# End to end against the emulator


@dataclass
class World:
    aws: Emulator

    def recorder(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(config_recorder.main, self.aws, args, check_mode)

    def info(self, args: dict[str, Any]) -> Result:
        return run(config_recorder_info.main, self.aws, args)

    def delivery_channel(self) -> None:
        """AWS takes a delivery channel only once a recorder exists."""
        self.aws.client("config").put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": BUCKET})
        self.aws.clear_calls()

    def recording(self, args: dict[str, Any]) -> Result:
        """Save the recorder, add the delivery channel, start recording: a recorder as a stack has it."""
        assert not self.recorder({**args, "recording": False}).failed
        self.delivery_channel()
        started = self.recorder(args)
        assert not started.failed, started.out
        self.aws.clear_calls()
        return started

    def saved(self, name: str = "default") -> list[dict[str, Any]]:
        config = self.aws.client("config")
        return [r for r in config.describe_configuration_recorders()["ConfigurationRecorders"] if r["name"] == name]

    def status(self, name: str = "default") -> dict[str, Any]:
        [status] = self.aws.client("config").describe_configuration_recorder_status(ConfigurationRecorderNames=[name])["ConfigurationRecordersStatus"]
        return status


@pytest.fixture
def world(aws: Emulator) -> World:
    aws.clear_calls()
    return World(aws)


BASE = {"role_arn": ROLE}
INCLUDE = {"role_arn": ROLE, "recording_group": {**ONLY_SOME, "resource_types": [INSTANCE, BUCKET_TYPE]}}


def test_create_without_recording_saves_the_recorder(world: World) -> None:
    run_ = world.recorder({**BASE, "recording": False})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.aws.calls().mutating == ["config:PutConfigurationRecorder"]
    [saved] = world.saved()
    assert saved["roleARN"] == ROLE
    assert (saved["recordingGroup"]["allSupported"], saved["recordingGroup"]["includeGlobalResourceTypes"]) == (True, True)
    assert saved["recordingMode"] == {"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []}
    assert world.status()["recording"] is False
    assert run_.out["recorder"] == view(recording=False)


def test_create_and_record_without_a_delivery_channel_says_what_is_missing(world: World) -> None:
    run_ = world.recorder(BASE)

    assert run_.failed
    assert run_.changed  # the recorder was saved
    assert "delivery channel" in run_.out["msg"] and "community.aws.config_delivery_channel" in run_.out["msg"]
    assert "NoAvailableDeliveryChannelException" in run_.out["msg"]
    assert world.aws.calls().mutating == ["config:PutConfigurationRecorder", "config:StartConfigurationRecorder"]
    assert len(world.saved()) == 1
    assert world.status()["recording"] is False


def test_recording_starts_once_the_delivery_channel_exists(world: World) -> None:
    world.recorder({**BASE, "recording": False})
    world.delivery_channel()

    run_ = world.recorder(BASE)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.aws.calls().mutating == ["config:StartConfigurationRecorder"]
    assert world.status()["recording"] is True
    assert run_.out["recorder"]["recording"] is True
    assert run_.out["recorder"]["last_status"].upper() == "PENDING"
    assert run_.out["diff"] == {"before": config_recorder.diff_view(view(recording=False)), "after": config_recorder.diff_view(view())}


def test_a_failed_start_is_finished_by_the_next_run(world: World) -> None:
    world.recorder(BASE)
    world.delivery_channel()

    run_ = world.recorder(BASE)

    assert not run_.failed, run_.out
    assert world.aws.calls().mutating == ["config:StartConfigurationRecorder"]


# Idempotence and check mode


@pytest.mark.parametrize(
    "args",
    [
        BASE,
        INCLUDE,
        {"role_arn": ROLE, "recording_group": {**ONLY_SOME, "exclusion_by_resource_types": [VOLUME, "AWS::IAM::User"]}},
        {
            "role_arn": ROLE,
            "recording_group": {"include_global_resource_types": False},
            "recording_mode": {
                "recording_frequency": "DAILY",
                "overrides": [{"description": "ec2", "resource_types": [INSTANCE], "recording_frequency": "CONTINUOUS"}],
            },
        },
    ],
    ids=["all-supported", "inclusion", "exclusion", "daily-with-override"],
)
def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World, args: dict[str, Any]) -> None:
    first = world.recording(args)

    again = world.recorder(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["recorder"] == first.out["recorder"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_resource_types_compare_as_sets(world: World) -> None:
    world.recording(INCLUDE)

    again = world.recorder({**INCLUDE, "recording_group": {**ONLY_SOME, "resource_types": [BUCKET_TYPE, INSTANCE, INSTANCE]}})

    assert not again.changed
    assert world.aws.calls().mutating == []


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    run_ = world.recorder(INCLUDE, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.saved() == []
    assert run_.out["diff"]["before"] == {}
    assert run_.out["diff"]["after"]["recording_group"]["resource_types"] == [INSTANCE, BUCKET_TYPE]
    assert run_.out["diff"]["after"]["recording"] is True
    assert run_.out["recorder"]["last_status"] is None


def test_check_mode_on_a_converged_recorder_reports_no_change(world: World) -> None:
    world.recording(BASE)

    run_ = world.recorder(BASE, check_mode=True)

    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_check_mode_change_changes_nothing(world: World) -> None:
    world.recording(BASE)

    run_ = world.recorder({**BASE, "role_arn": OTHER_ROLE, "recording": False}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert run_.out["diff"]["after"]["role_arn"] == OTHER_ROLE
    assert run_.out["diff"]["after"]["recording"] is False
    assert world.saved()[0]["roleARN"] == ROLE
    assert world.status()["recording"] is True


# Updates


def test_a_settings_change_updates_the_recorder_and_keeps_it_recording(world: World) -> None:
    world.recording(BASE)

    run_ = world.recorder(INCLUDE)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.aws.calls().mutating == ["config:PutConfigurationRecorder"]
    group = world.saved()[0]["recordingGroup"]
    assert (group["allSupported"], sorted(group["resourceTypes"]), group["recordingStrategy"]["useOnly"]) == (
        False,
        [INSTANCE, BUCKET_TYPE],
        "INCLUSION_BY_RESOURCE_TYPES",
    )
    assert world.status()["recording"] is True
    assert run_.out["diff"]["before"]["recording_group"] == ALL_GROUP
    assert run_.out["diff"]["after"]["recording_group"]["resource_types"] == [INSTANCE, BUCKET_TYPE]
    assert run_.out["diff"]["before"]["recording"] is run_.out["diff"]["after"]["recording"] is True


def test_a_recording_mode_change_updates_the_recorder(world: World) -> None:
    world.recording(BASE)
    daily = {"recording_frequency": "DAILY", "overrides": [{"description": "ec2", "resource_types": [INSTANCE], "recording_frequency": "CONTINUOUS"}]}

    run_ = world.recorder({**BASE, "recording_mode": daily})

    assert run_.changed
    assert world.aws.calls().mutating == ["config:PutConfigurationRecorder"]
    assert world.saved()[0]["recordingMode"] == {
        "recordingFrequency": "DAILY",
        "recordingModeOverrides": [{"description": "ec2", "resourceTypes": [INSTANCE], "recordingFrequency": "CONTINUOUS"}],
    }
    assert run_.out["diff"]["before"]["recording_mode"] == CONTINUOUS
    assert run_.out["recorder"]["recording_mode"] == daily


def test_recording_false_stops_a_recording_recorder(world: World) -> None:
    world.recording(BASE)

    run_ = world.recorder({**BASE, "recording": False})

    assert run_.changed
    assert world.aws.calls().mutating == ["config:StopConfigurationRecorder"]
    assert world.status()["recording"] is False
    assert (run_.out["diff"]["before"]["recording"], run_.out["diff"]["after"]["recording"]) == (True, False)
    assert run_.out["recorder"]["recording"] is False


def test_another_recorder_in_the_region_is_named_and_left_alone(world: World) -> None:
    world.recorder({**BASE, "name": "legacy", "recording": False})
    world.aws.clear_calls()

    run_ = world.recorder({**BASE, "name": "webstack"})

    assert run_.failed
    assert "'legacy'" in run_.out["msg"] and "name=" in run_.out["msg"]
    assert world.aws.calls().mutating == []
    assert world.saved("webstack") == []


# Absent


def test_absent_stops_then_deletes(world: World) -> None:
    world.recording(BASE)

    run_ = world.recorder({"state": "absent"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.aws.calls().mutating == ["config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder"]
    assert world.saved() == []
    assert run_.out["diff"] == {"before": config_recorder.diff_view(view()), "after": {}}
    assert "recorder" not in run_.out


def test_absent_deletes_a_stopped_recorder_without_stopping_it(world: World) -> None:
    world.recorder({**BASE, "recording": False})
    world.aws.clear_calls()

    world.recorder({"state": "absent"})

    assert world.aws.calls().mutating == ["config:DeleteConfigurationRecorder"]


def test_absent_twice_changes_nothing(world: World) -> None:
    world.recorder({**BASE, "recording": False})
    world.recorder({"state": "absent"})
    world.aws.clear_calls()

    run_ = world.recorder({"state": "absent"})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_absent_leaves_a_recorder_of_another_name_alone(world: World) -> None:
    world.recorder({**BASE, "name": "legacy", "recording": False})
    world.aws.clear_calls()

    run_ = world.recorder({"state": "absent"})

    assert not run_.changed
    assert world.aws.calls().mutating == []
    assert len(world.saved("legacy")) == 1


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.recording(BASE)

    run_ = world.recorder({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert len(world.saved()) == 1
    assert world.status()["recording"] is True


# Bad input fails before any call


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"role_arn": None}, "role_arn"),
        ({"role_arn": "webstack-config"}, "role_arn"),
        ({"name": ""}, "name"),
        ({"recording_group": {"resource_types": [INSTANCE]}}, "recording_group.all_supported"),
        ({"recording_group": {"all_supported": False}}, "recording_group.all_supported"),
        ({"recording_group": {**ONLY_SOME, "resource_types": [INSTANCE], "exclusion_by_resource_types": [VOLUME]}}, "recording_group.resource_types"),
        ({"recording_group": {"recording_strategy": "SOME"}}, "recording_strategy"),
        ({"recording_mode": {"recording_frequency": "HOURLY"}}, "recording_frequency"),
        ({"recording_mode": {"overrides": [{"resource_types": [INSTANCE]}]}}, "recording_frequency"),
        (
            {
                "recording_mode": {
                    "overrides": [{"resource_types": [INSTANCE], "recording_frequency": "DAILY"}, {"resource_types": [VOLUME], "recording_frequency": "DAILY"}]
                }
            },
            "recording_mode.overrides",
        ),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.recorder({k: v for k, v in {**BASE, **args}.items() if v is not None})

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []


# config_recorder_info


def test_info_lists_the_recorder_with_its_status(world: World) -> None:
    args = {**INCLUDE, "recording_mode": {"recording_frequency": "DAILY"}}
    created = world.recording(args).out["recorder"]

    everything = world.info({})
    by_name = world.info({"name": "default"})

    assert not everything.failed, everything.out
    assert not everything.changed
    [recorder] = everything.out["recorders"]
    assert {key: recorder[key] for key in created} == created
    assert recorder["recording"] is True
    assert recorder["recording_mode"]["recording_frequency"] == "DAILY"
    assert recorder["last_start_time"]
    assert by_name.out["recorders"] == everything.out["recorders"]
    assert world.aws.calls().mutating == []


def test_info_shows_a_stopped_recorder_with_its_stop_time(world: World) -> None:
    world.recording(BASE)
    world.recorder({**BASE, "recording": False})

    [recorder] = world.info({}).out["recorders"]

    assert recorder["recording"] is False
    assert recorder["last_stop_time"] >= recorder["last_start_time"]


def test_info_of_an_unknown_name_or_an_empty_region_lists_nothing(world: World) -> None:
    assert world.info({}).out["recorders"] == []
    world.recorder({**BASE, "recording": False})

    run_ = world.info({"name": "nope"})

    assert not run_.failed, run_.out
    assert run_.out["recorders"] == []
