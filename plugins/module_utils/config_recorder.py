# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS Config configuration recorders: the logic shared by config_recorder and config_recorder_info.

Everything here except the two ``describe_*`` functions is pure. A recorder is
shown (returned, diffed, compared) as a "view": the module's own option shape in
snake_case, with resource type lists sorted and free of duplicates (AWS treats
them as sets), and what AWS leaves implicit (the recording strategy of an old
recorder, the continuous recording mode) made explicit.
"""

from __future__ import annotations

import datetime
from typing import Any
from typing import Dict
from typing import Iterable
from typing import List
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

ALL_SUPPORTED = "ALL_SUPPORTED_RESOURCE_TYPES"
INCLUSION = "INCLUSION_BY_RESOURCE_TYPES"
EXCLUSION = "EXCLUSION_BY_RESOURCE_TYPES"
RECORDING_STRATEGIES = [ALL_SUPPORTED, INCLUSION, EXCLUSION]
RECORDING_FREQUENCIES = ["CONTINUOUS", "DAILY"]
DEFAULT_FREQUENCY = "CONTINUOUS"

# The recorder settings PutConfigurationRecorder sets (the name is the recorder's identity).
SETTINGS = ("role_arn", "recording_group", "recording_mode")

# DescribeConfigurationRecorderStatus fields config_recorder_info adds to a recorder's view.
STATUS_DETAILS = {
    "lastStartTime": "last_start_time",
    "lastStopTime": "last_stop_time",
    "lastStatusChangeTime": "last_status_change_time",
    "lastErrorCode": "last_error_code",
    "lastErrorMessage": "last_error_message",
}


def resource_type_set(resource_types: Optional[Iterable[str]]) -> List[str]:
    return sorted(set(resource_types or []))


def group_view(group: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A RecordingGroup (API shape) as the module's recording_group option."""
    if group is None:  # what AWS records when PutConfigurationRecorder has no recordingGroup
        group = {"allSupported": True, "includeGlobalResourceTypes": False}
    resource_types = resource_type_set(group.get("resourceTypes"))
    exclusions = resource_type_set((group.get("exclusionByResourceTypes") or {}).get("resourceTypes"))
    strategy = (group.get("recordingStrategy") or {}).get("useOnly")
    if not strategy:  # recorders made before recording strategies existed
        strategy = ALL_SUPPORTED if group.get("allSupported") else (EXCLUSION if exclusions else INCLUSION)
    return {
        "all_supported": bool(group.get("allSupported")),
        "include_global_resource_types": bool(group.get("includeGlobalResourceTypes")),
        "resource_types": resource_types,
        "exclusion_by_resource_types": exclusions,
        "recording_strategy": strategy,
    }


def mode_view(mode: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A RecordingMode (API shape) as the module's recording_mode option; none means continuous recording."""
    mode = mode or {}
    overrides = [
        {
            "description": override.get("description"),
            "resource_types": resource_type_set(override.get("resourceTypes")),
            "recording_frequency": override.get("recordingFrequency"),
        }
        for override in mode.get("recordingModeOverrides") or []
    ]
    return {"recording_frequency": mode.get("recordingFrequency") or DEFAULT_FREQUENCY, "overrides": overrides}


def recorder_view(recorder: Dict[str, Any], status: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A ConfigurationRecorder and its ConfigurationRecorderStatus (API shapes) as the module returns them."""
    status = status or {}
    return {
        "name": recorder["name"],
        "role_arn": recorder.get("roleARN"),
        "recording_group": group_view(recorder.get("recordingGroup")),
        "recording_mode": mode_view(recorder.get("recordingMode")),
        "recording": bool(status.get("recording")),
        "last_status": status.get("lastStatus"),
    }


def recorder_details(recorder: Dict[str, Any], status: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """recorder_view() plus the recorder's ARN and the times and errors of its status, when AWS reports them."""
    details = recorder_view(recorder, status)
    if recorder.get("arn"):
        details["arn"] = recorder["arn"]
    for field, key in STATUS_DETAILS.items():
        value = (status or {}).get(field)
        if value is not None:
            details[key] = value.isoformat() if isinstance(value, datetime.datetime) else value
    return details


def settings_of(view: Dict[str, Any]) -> Dict[str, Any]:
    return {key: view[key] for key in SETTINGS}


def describe_recorders(client, name: Optional[str] = None) -> List[Dict[str, Any]]:
    """The customer managed recorders (API shape), or the one named; [] when that one does not exist."""
    params = {"ConfigurationRecorderNames": [name]} if name else {}
    try:
        return client.describe_configuration_recorders(aws_retry=True, **params)["ConfigurationRecorders"]
    except is_boto3_error_code("NoSuchConfigurationRecorderException"):
        return []


def describe_statuses(client, name: Optional[str] = None) -> Dict[str, Dict[str, Any]]:
    """The recorders' statuses (API shape) by recorder name, or the named one's; {} when it does not exist."""
    params = {"ConfigurationRecorderNames": [name]} if name else {}
    try:
        statuses = client.describe_configuration_recorder_status(aws_retry=True, **params)["ConfigurationRecordersStatus"]
    except is_boto3_error_code("NoSuchConfigurationRecorderException"):
        return {}
    return {status["name"]: status for status in statuses}
