"""The behaviour around the GuardDuty fixes: one detector per Region, client tokens, features and tags as AWS keeps them."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.guardduty import RUNTIME_MONITORING
from tests.unit.emulator.checks.guardduty import detector
from tests.unit.emulator.checks.guardduty import detector_arn
from tests.unit.emulator.checks.guardduty import statuses
from tests.unit.emulator.model import enum_values
from tests.unit.emulator.model import shape_errors


def get(aws: Emulator, detector_id: str) -> dict[str, Any]:
    return aws.client("guardduty").get_detector(DetectorId=detector_id)


def extras(answer: dict[str, Any], name: str) -> dict[str, str]:
    [feature] = [f for f in answer["Features"] if f["Name"] == name]
    return {extra["Name"]: extra["Status"] for extra in feature.get("AdditionalConfiguration", [])}


def error_code(error: pytest.ExceptionInfo[ClientError]) -> str:
    return error.value.response["Error"]["Code"]


# One detector per Region, and client tokens


def test_a_second_detector_in_the_region_is_refused(aws: Emulator) -> None:
    first = detector(aws)
    with pytest.raises(ClientError) as error:
        detector(aws)
    assert error_code(error) == "BadRequestException"
    assert "already exists" in error.value.response["Error"]["Message"]
    assert aws.client("guardduty").list_detectors()["DetectorIds"] == [first]


def test_each_region_has_its_own_detector(aws: Emulator) -> None:
    detector(aws)
    other = aws.client("guardduty", region="us-east-1").create_detector(Enable=True)["DetectorId"]
    assert aws.client("guardduty", region="us-east-1").list_detectors()["DetectorIds"] == [other]


def test_a_repeated_token_with_other_parameters_is_refused(aws: Emulator) -> None:
    detector(aws, ClientToken="token-1")
    with pytest.raises(ClientError) as error:
        detector(aws, ClientToken="token-1", FindingPublishingFrequency="ONE_HOUR")
    assert error_code(error) == "BadRequestException"


def test_a_token_is_answered_only_while_its_detector_exists(aws: Emulator) -> None:
    """The emulator forgets a token with its detector (AWS may keep it for a while after)."""
    first = detector(aws, ClientToken="token-1")
    aws.client("guardduty").delete_detector(DetectorId=first)
    again = detector(aws, ClientToken="token-1")
    assert again != first
    assert aws.client("guardduty").list_detectors()["DetectorIds"] == [again]


def test_a_detector_can_be_created_again_after_its_deletion(aws: Emulator) -> None:
    aws.client("guardduty").delete_detector(DetectorId=detector(aws))
    assert len(detector(aws)) == 32


# Features


def test_a_new_detector_enables_every_feature_not_named_except_runtime_monitoring(aws: Emulator) -> None:
    answer = get(aws, detector(aws, Features=[{"Name": "LAMBDA_NETWORK_LOGS", "Status": "DISABLED"}]))
    optional = enum_values("guardduty", "DetectorFeature")
    expected = {name: "ENABLED" for name in ["CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS", *optional]}
    expected.update(RUNTIME_MONITORING="DISABLED", LAMBDA_NETWORK_LOGS="DISABLED")
    assert statuses(answer) == expected
    assert set(statuses(answer)) <= set(enum_values("guardduty", "DetectorFeatureResult"))


def test_runtime_monitoring_agents_start_unmanaged(aws: Emulator) -> None:
    answer = get(aws, detector(aws))
    assert extras(answer, "RUNTIME_MONITORING") == {
        "EKS_ADDON_MANAGEMENT": "DISABLED",
        "ECS_FARGATE_AGENT_MANAGEMENT": "DISABLED",
        "EC2_AGENT_MANAGEMENT": "DISABLED",
    }
    assert extras(answer, "EKS_RUNTIME_MONITORING") == {"EKS_ADDON_MANAGEMENT": "DISABLED"}
    assert extras(answer, "S3_DATA_EVENTS") == {}


def test_update_changes_only_the_additional_configurations_named(aws: Emulator) -> None:
    detector_id = detector(aws, Features=[RUNTIME_MONITORING])
    aws.client("guardduty").update_detector(
        DetectorId=detector_id,
        Features=[{"Name": "RUNTIME_MONITORING", "Status": "ENABLED", "AdditionalConfiguration": [{"Name": "EC2_AGENT_MANAGEMENT", "Status": "ENABLED"}]}],
    )
    answer = get(aws, detector_id)
    assert extras(answer, "RUNTIME_MONITORING") == {
        "EKS_ADDON_MANAGEMENT": "ENABLED",
        "ECS_FARGATE_AGENT_MANAGEMENT": "DISABLED",
        "EC2_AGENT_MANAGEMENT": "ENABLED",
    }
    assert shape_errors("guardduty", "GetDetector", answer) == ""


def test_update_moves_updated_at_of_the_detector_and_of_the_features_named(aws: Emulator) -> None:
    detector_id = detector(aws)
    before = get(aws, detector_id)
    aws.client("guardduty").update_detector(
        DetectorId=detector_id, FindingPublishingFrequency="ONE_HOUR", Features=[{"Name": "EKS_AUDIT_LOGS", "Status": "DISABLED"}]
    )
    after = get(aws, detector_id)
    moved = {f["Name"] for f in after["Features"] if f["UpdatedAt"] > next(b["UpdatedAt"] for b in before["Features"] if b["Name"] == f["Name"])}
    assert moved == {"EKS_AUDIT_LOGS"}
    assert after["UpdatedAt"] > before["UpdatedAt"]
    assert after["FindingPublishingFrequency"] == "ONE_HOUR"


def test_update_without_features_keeps_them(aws: Emulator) -> None:
    detector_id = detector(aws, Features=[{"Name": "S3_DATA_EVENTS", "Status": "DISABLED"}])
    aws.client("guardduty").update_detector(DetectorId=detector_id, Enable=False)
    answer = get(aws, detector_id)
    assert (answer["Status"], statuses(answer)["S3_DATA_EVENTS"]) == ("DISABLED", "DISABLED")


def test_deprecated_data_sources_agree_with_the_features(aws: Emulator) -> None:
    detector_id = detector(aws, DataSources={"S3Logs": {"Enable": False}})
    aws.client("guardduty").update_detector(DetectorId=detector_id, Features=[{"Name": "EKS_AUDIT_LOGS", "Status": "DISABLED"}])
    answer = get(aws, detector_id)
    assert statuses(answer)["S3_DATA_EVENTS"] == "DISABLED"
    sources = answer["DataSources"]
    assert (sources["CloudTrail"]["Status"], sources["DNSLogs"]["Status"], sources["FlowLogs"]["Status"]) == ("ENABLED", "ENABLED", "ENABLED")
    assert (sources["S3Logs"]["Status"], sources["Kubernetes"]["AuditLogs"]["Status"]) == ("DISABLED", "DISABLED")


# Tags


def test_tag_operations_answer_no_content(aws: Emulator) -> None:
    arn = detector_arn(detector(aws))
    guardduty = aws.client("guardduty")
    assert guardduty.tag_resource(ResourceArn=arn, Tags={"a": "1"})["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert guardduty.untag_resource(ResourceArn=arn, TagKeys=["a"])["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert guardduty.list_tags_for_resource(ResourceArn=arn)["Tags"] == {}


def test_tagging_overwrites_a_value_and_untagging_an_absent_key_changes_nothing(aws: Emulator) -> None:
    arn = detector_arn(detector(aws, Tags={"a": "1"}))
    guardduty = aws.client("guardduty")
    guardduty.tag_resource(ResourceArn=arn, Tags={"a": "2"})
    guardduty.untag_resource(ResourceArn=arn, TagKeys=["absent"])
    assert guardduty.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"a": "2"}


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:guardduty:eu-west-1:123456789012:detector/00000000000000000000000000000000",
        "arn:aws:guardduty:us-east-1:123456789012:detector/{id}",
        "arn:aws:guardduty:eu-west-1:123456789012:detector/{id}/filter/mine",
        "arn:aws:s3:::bucket",
    ],
    ids=["unknown-detector", "other-region", "not-a-detector", "other-service"],
)
def test_tags_of_anything_but_a_detector_of_the_region_are_refused(aws: Emulator, arn: str) -> None:
    arn = arn.format(id=detector(aws))
    with pytest.raises(ClientError) as error:
        aws.client("guardduty").list_tags_for_resource(ResourceArn=arn)
    assert error_code(error) == "BadRequestException"
