"""Checks of the AWS Config fixes (webstack_emulator/extensions/config.py), one per fixed operation."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

ROLE = "arn:aws:iam::123456789012:role/webstack-config"
DAILY_WITH_OVERRIDE = {
    "recordingFrequency": "DAILY",
    "recordingModeOverrides": [{"description": "instances as they change", "resourceTypes": ["AWS::EC2::Instance"], "recordingFrequency": "CONTINUOUS"}],
}


def put_recorder(aws: Emulator, name: str = "default", **extra: Any) -> None:
    recorder = {"name": name, "roleARN": ROLE, "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}, **extra}
    aws.client("config").put_configuration_recorder(ConfigurationRecorder=recorder)


@check("config", "DescribeConfigurationRecorders")
def recorder_with_its_recording_mode(aws: Emulator) -> dict[str, Any]:
    put_recorder(aws, recordingMode=DAILY_WITH_OVERRIDE)
    response = aws.client("config").describe_configuration_recorders(ConfigurationRecorderNames=["default"])
    [recorder] = response["ConfigurationRecorders"]
    assert recorder["recordingMode"] == DAILY_WITH_OVERRIDE
    return response
