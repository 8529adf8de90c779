"""Checks of the GuardDuty fixes (webstack_emulator/extensions/guardduty.py), one per fixed operation."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

ACCOUNT = "123456789012"
RUNTIME_MONITORING = {"Name": "RUNTIME_MONITORING", "Status": "ENABLED", "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED"}]}


def detector(aws: Emulator, **params: Any) -> str:
    """A detector of the Region made with params; its ID."""
    return aws.client("guardduty").create_detector(Enable=True, **params)["DetectorId"]


def detector_arn(detector_id: str) -> str:
    return f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/{detector_id}"


def statuses(answer: dict[str, Any]) -> dict[str, str]:
    """Each feature of a GetDetector answer, by name."""
    return {feature["Name"]: feature["Status"] for feature in answer["Features"]}


@check("guardduty", "CreateDetector")
def create_detector_with_a_repeated_client_token(aws: Emulator) -> dict[str, Any]:
    first = aws.client("guardduty").create_detector(Enable=True, ClientToken="token-1", Features=[RUNTIME_MONITORING])
    response = aws.client("guardduty").create_detector(Enable=True, ClientToken="token-1", Features=[RUNTIME_MONITORING])
    assert response["DetectorId"] == first["DetectorId"]
    assert aws.client("guardduty").list_detectors()["DetectorIds"] == [first["DetectorId"]]
    return response


@check("guardduty", "GetDetector")
def get_detector_answers_every_feature(aws: Emulator) -> dict[str, Any]:
    detector_id = detector(aws, Features=[RUNTIME_MONITORING, {"Name": "S3_DATA_EVENTS", "Status": "DISABLED"}])
    response = aws.client("guardduty").get_detector(DetectorId=detector_id)
    features = {feature["Name"]: feature for feature in response["Features"]}
    assert statuses(response)["CLOUD_TRAIL"] == "ENABLED" and statuses(response)["S3_DATA_EVENTS"] == "DISABLED"
    assert all("UpdatedAt" in feature for feature in response["Features"])
    assert {extra["Name"]: extra["Status"] for extra in features["RUNTIME_MONITORING"]["AdditionalConfiguration"]} == {
        "EKS_ADDON_MANAGEMENT": "ENABLED",
        "ECS_FARGATE_AGENT_MANAGEMENT": "DISABLED",
        "EC2_AGENT_MANAGEMENT": "DISABLED",
    }
    return response


@check("guardduty", "UpdateDetector")
def update_detector_changes_the_features_named(aws: Emulator) -> dict[str, Any]:
    detector_id = detector(aws, Features=[RUNTIME_MONITORING])
    guardduty = aws.client("guardduty")
    response = guardduty.update_detector(DetectorId=detector_id, Features=[{"Name": "EKS_AUDIT_LOGS", "Status": "DISABLED"}])
    answer = guardduty.get_detector(DetectorId=detector_id)
    assert (statuses(answer)["EKS_AUDIT_LOGS"], statuses(answer)["RUNTIME_MONITORING"]) == ("DISABLED", "ENABLED")
    return response


@check("guardduty", "TagResource")
def detector_tagged(aws: Emulator) -> dict[str, Any]:
    detector_id = detector(aws, Tags={"a": "1"})
    guardduty = aws.client("guardduty")
    response = guardduty.tag_resource(ResourceArn=detector_arn(detector_id), Tags={"b": "2"})
    assert guardduty.get_detector(DetectorId=detector_id)["Tags"] == {"a": "1", "b": "2"}
    return response


@check("guardduty", "UntagResource")
def detector_untagged(aws: Emulator) -> dict[str, Any]:
    detector_id = detector(aws, Tags={"a": "1", "b": "2"})
    guardduty = aws.client("guardduty")
    response = guardduty.untag_resource(ResourceArn=detector_arn(detector_id), TagKeys=["a"])
    assert guardduty.get_detector(DetectorId=detector_id)["Tags"] == {"b": "2"}
    return response


@check("guardduty", "ListTagsForResource")
def detector_tags_listed(aws: Emulator) -> dict[str, Any]:
    detector_id = detector(aws, Tags={"a": "1"})
    response = aws.client("guardduty").list_tags_for_resource(ResourceArn=detector_arn(detector_id))
    assert response["Tags"] == {"a": "1"}
    return response
