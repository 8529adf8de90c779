"""AWS Config in the emulator: the recording mode round trip, and the recorder behaviours around it that must stay."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.config import DAILY_WITH_OVERRIDE
from tests.unit.emulator.checks.config import put_recorder
from tests.unit.emulator.model import shape_errors


def recorder_of(aws: Emulator, name: str = "default") -> dict[str, Any]:
    [recorder] = aws.client("config").describe_configuration_recorders(ConfigurationRecorderNames=[name])["ConfigurationRecorders"]
    return recorder


def status_of(aws: Emulator, name: str = "default") -> dict[str, Any]:
    [status] = aws.client("config").describe_configuration_recorder_status(ConfigurationRecorderNames=[name])["ConfigurationRecordersStatus"]
    return status


def delivery_channel(aws: Emulator) -> None:
    aws.client("config").put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "webstack-config"})


def test_a_recorder_put_without_a_recording_mode_records_continuously(aws: Emulator) -> None:
    put_recorder(aws)
    assert recorder_of(aws)["recordingMode"] == {"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []}


def test_a_recording_mode_is_listed_without_a_name_too(aws: Emulator) -> None:
    put_recorder(aws, recordingMode=DAILY_WITH_OVERRIDE)
    response = aws.client("config").describe_configuration_recorders()
    assert [r["recordingMode"] for r in response["ConfigurationRecorders"]] == [DAILY_WITH_OVERRIDE]
    assert shape_errors("config", "DescribeConfigurationRecorders", response) == ""


def test_an_override_without_a_description_reads_back_without_one(aws: Emulator) -> None:
    override = {"resourceTypes": ["AWS::S3::Bucket"], "recordingFrequency": "DAILY"}
    put_recorder(aws, recordingMode={"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": [override]})
    assert recorder_of(aws)["recordingMode"]["recordingModeOverrides"] == [override]


def test_a_put_replaces_the_recording_mode(aws: Emulator) -> None:
    put_recorder(aws, recordingMode=DAILY_WITH_OVERRIDE)
    put_recorder(aws, recordingMode={"recordingFrequency": "CONTINUOUS"})
    assert recorder_of(aws)["recordingMode"] == {"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []}


@pytest.mark.parametrize(
    ("mode", "where"),
    [
        ({"recordingFrequency": "HOURLY"}, "recordingMode.recordingFrequency"),
        (
            {"recordingFrequency": "DAILY", "recordingModeOverrides": [{"resourceTypes": ["AWS::S3::Bucket"], "recordingFrequency": "WEEKLY"}]},
            "recordingFrequency",
        ),
        (
            {
                "recordingFrequency": "DAILY",
                "recordingModeOverrides": [
                    {"resourceTypes": ["AWS::S3::Bucket"], "recordingFrequency": "CONTINUOUS"},
                    {"resourceTypes": ["AWS::EC2::Instance"], "recordingFrequency": "CONTINUOUS"},
                ],
            },
            "recordingModeOverrides",
        ),
    ],
)
def test_a_recording_mode_outside_the_model_is_refused(aws: Emulator, mode: dict[str, Any], where: str) -> None:
    with pytest.raises(ClientError) as error:
        put_recorder(aws, recordingMode=mode)
    assert error.value.response["Error"]["Code"] == "ValidationException"
    assert where in error.value.response["Error"]["Message"]
    assert aws.client("config").describe_configuration_recorders()["ConfigurationRecorders"] == []


def test_a_bad_recording_group_is_still_refused(aws: Emulator) -> None:
    with pytest.raises(ClientError) as error:
        put_recorder(aws, recordingGroup={"allSupported": True, "resourceTypes": ["AWS::S3::Bucket"]}, recordingMode=DAILY_WITH_OVERRIDE)
    assert error.value.response["Error"]["Code"] == "InvalidRecordingGroupException"


def test_starting_without_a_delivery_channel_is_still_refused(aws: Emulator) -> None:
    put_recorder(aws, recordingMode=DAILY_WITH_OVERRIDE)
    with pytest.raises(ClientError) as error:
        aws.client("config").start_configuration_recorder(ConfigurationRecorderName="default")
    assert error.value.response["Error"]["Code"] == "NoAvailableDeliveryChannelException"
    assert status_of(aws)["recording"] is False


def test_the_status_follows_start_and_stop_and_survives_a_put(aws: Emulator) -> None:
    put_recorder(aws)
    delivery_channel(aws)
    config = aws.client("config")
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    started = status_of(aws)
    put_recorder(aws, recordingMode=DAILY_WITH_OVERRIDE)
    updated = status_of(aws)
    config.stop_configuration_recorder(ConfigurationRecorderName="default")
    stopped = status_of(aws)

    assert (started["recording"], updated["recording"], stopped["recording"]) == (True, True, False)
    assert started["lastStatus"].upper() == "PENDING"
    assert "lastStopTime" in stopped
    assert recorder_of(aws)["recordingMode"] == DAILY_WITH_OVERRIDE
