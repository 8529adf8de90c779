# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""GuardDuty detectors: reading them, shared by guardduty_detector and guardduty_detector_info.

A Region holds at most one detector per account; ListDetectors finds it and
GetDetector describes it (settings, features and tags; its ARN follows from the
service role it answers). Everything here except
:func:`list_detector_ids` and :func:`describe_detector` is pure.
"""

from __future__ import annotations

import datetime
from typing import Any
from typing import Dict
from typing import List
from typing import Optional


def detector_arn(region: str, detector_id: str, service_role: Optional[str]) -> Optional[str]:
    """The ARN of a detector, as TagResource and UntagResource take it; None when service_role is not an ARN.

    GetDetector always answers the service-linked role GuardDuty uses, which lives in
    the detector's own account and partition: its ARN gives both, with no other call.
    """
    parts = (service_role or "").split(":")
    if len(parts) < 6 or parts[0] != "arn" or not parts[1] or not parts[4]:
        return None
    return f"arn:{parts[1]}:guardduty:{region}:{parts[4]}:detector/{detector_id}"


def _named_status(item: Dict[str, Any]) -> Dict[str, Any]:
    """Name, Status and UpdatedAt of a feature or an additional configuration, in snake_case."""
    entry = {"name": item["Name"], "status": item.get("Status")}
    updated = item.get("UpdatedAt")
    if updated is not None:
        entry["updated_at"] = updated.isoformat() if isinstance(updated, (datetime.datetime, datetime.date)) else updated
    return entry


def normalize_feature(item: Dict[str, Any]) -> Dict[str, Any]:
    """One GetDetector feature in snake_case, times as ISO 8601 strings, additional_configuration always a list."""
    feature = _named_status(item)
    feature["additional_configuration"] = [_named_status(extra) for extra in item.get("AdditionalConfiguration") or []]
    return feature


def normalize_detector(detector_id: str, region: str, response: Dict[str, Any]) -> Dict[str, Any]:
    """A GetDetector answer as the modules return it: snake_case, tags as a dict (keys as they are).

    The deprecated DataSources are left out: the features say the same.
    """
    detector = {
        "detector_id": detector_id,
        "arn": detector_arn(region, detector_id, response.get("ServiceRole")),
        "status": response.get("Status"),
        "finding_publishing_frequency": response.get("FindingPublishingFrequency"),
        "service_role": response.get("ServiceRole"),
        "created_at": response.get("CreatedAt"),
        "updated_at": response.get("UpdatedAt"),
        "features": [normalize_feature(item) for item in response.get("Features") or []],
        "tags": dict(response.get("Tags") or {}),
    }
    return {key: value for key, value in detector.items() if value is not None}


def list_detector_ids(client) -> List[str]:
    """Every detector ID of the Region (at most one, as AWS allows); client is a retrying amazon.aws client."""
    detector_ids: List[str] = []
    params: Dict[str, Any] = {}
    while True:
        page = client.list_detectors(aws_retry=True, **params)
        detector_ids.extend(page.get("DetectorIds", []))
        next_token = page.get("NextToken")
        if not next_token:
            return detector_ids
        params = {"NextToken": next_token}


def describe_detector(client, detector_id: str, region: str) -> Dict[str, Any]:
    """GetDetector for one detector of region, normalised; client is a retrying amazon.aws client."""
    return normalize_detector(detector_id, region, client.get_detector(aws_retry=True, DetectorId=detector_id))
