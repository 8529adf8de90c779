"""AWS Config fidelity fixes for moto 5.2.5 (moto/config/models.py)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

RECORDING_FREQUENCIES = ("CONTINUOUS", "DAILY")
MAX_RECORDING_MODE_OVERRIDES = 1  # RecordingModeOverrides: max 1 in the service model


def recording_mode_errors(mode: dict[str, Any] | None) -> list[str]:
    """What AWS's input validation says of a recordingMode (the checks botocore leaves to the service)."""
    if not mode:
        return []
    errors = []
    frequencies = [("configurationRecorder.recordingMode.recordingFrequency", mode.get("recordingFrequency"))]
    overrides = mode.get("recordingModeOverrides") or []
    if len(overrides) > MAX_RECORDING_MODE_OVERRIDES:
        errors.append(
            f"Value '{overrides}' at 'configurationRecorder.recordingMode.recordingModeOverrides' failed to satisfy constraint: "
            f"Member must have length less than or equal to {MAX_RECORDING_MODE_OVERRIDES}"
        )
    for index, override in enumerate(overrides, start=1):
        frequencies.append(
            (f"configurationRecorder.recordingMode.recordingModeOverrides.{index}.member.recordingFrequency", override.get("recordingFrequency"))
        )
    for where, frequency in frequencies:
        if frequency not in RECORDING_FREQUENCIES:
            errors.append(
                f"Value '{frequency}' at '{where}' failed to satisfy constraint: Member must satisfy enum value set: [{', '.join(RECORDING_FREQUENCIES)}]"
            )
    return errors


def validation_message(errors: list[str]) -> str:
    plural = "s" if len(errors) > 1 else ""
    return f"{len(errors)} validation error{plural} detected: {'; '.join(errors)}"


def stored_recording_mode(mode: dict[str, Any] | None) -> dict[str, Any]:
    """The recordingMode AWS reads back: the one given, or continuous recording without overrides."""
    if not mode:
        return {"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []}
    overrides = []
    for override in mode.get("recordingModeOverrides") or []:
        kept = {"resourceTypes": list(override["resourceTypes"]), "recordingFrequency": override["recordingFrequency"]}
        if override.get("description") is not None:
            kept = {"description": override["description"], **kept}
        overrides.append(kept)
    return {"recordingFrequency": mode["recordingFrequency"], "recordingModeOverrides": overrides}


@fix(
    "config",
    "DescribeConfigurationRecorders",
    "PutConfigurationRecorder dropped recordingMode, so every recorder read back without it: a DAILY recorder or a "
    "frequency override looked unset, and a module comparing it saw a change on every run. AWS keeps recordingMode and "
    "answers it (CONTINUOUS without overrides when none was given), and refuses a frequency outside CONTINUOUS/DAILY or "
    "more than one override with ValidationException.",
)
def recorders_keep_their_recording_mode() -> None:
    from moto.config.exceptions import ValidationException
    from moto.config.models import ConfigBackend

    original = ConfigBackend.put_configuration_recorder

    @wraps(original)
    def put_configuration_recorder(self: ConfigBackend, config_recorder: dict[str, Any]) -> None:
        mode = config_recorder.get("recordingMode")
        errors = recording_mode_errors(mode)
        if errors:
            raise ValidationException(validation_message(errors))
        original(self, config_recorder)
        # ConfigRecorder.to_dict() answers every public attribute, camelCased: recording_mode -> recordingMode.
        self.recorders[config_recorder["name"]].recording_mode = stored_recording_mode(mode)

    ConfigBackend.put_configuration_recorder = put_configuration_recorder  # type: ignore[method-assign]
