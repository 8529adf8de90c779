"""The behaviour around the CloudWatch dashboard fixes: validation, global dashboards, tags, deletion."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.cloudwatch_dashboards import ARN
from tests.unit.emulator.checks.cloudwatch_dashboards import BODY


def refusal(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as error:
        call(**params)
    return error.value.response


def tags_of(aws: Emulator, name: str) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in aws.client("cloudwatch").list_tags_for_resource(ResourceARN=ARN.format(name))["Tags"]}


def names(aws: Emulator, region: str | None = None) -> list[str]:
    cloudwatch = aws.client("cloudwatch", region=region) if region else aws.client("cloudwatch")
    return sorted(e["DashboardName"] for e in cloudwatch.list_dashboards()["DashboardEntries"])


# PutDashboard


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ("[]", [("", "Should be object")]),
        ('"widgets"', [("", "Should be object")]),
        ('{"start": "-PT3H"}', [("", "Should have required property 'widgets'")]),
        ('{"widgets": {}}', [("/widgets", "Should be array")]),
        ('{"widgets": [1, {"x": 0}]}', [("/widgets/0", "Should be object"), ("/widgets/1", "Should have required property 'type'")]),
    ],
)
def test_put_dashboard_refuses_a_body_of_the_wrong_structure(aws: Emulator, body: str, messages: list[tuple[str, str]]) -> None:
    answer = refusal(aws.client("cloudwatch").put_dashboard, DashboardName="bad", DashboardBody=body)
    assert answer["Error"]["Code"] == "InvalidParameterInput"
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert [(m["DataPath"], m["Message"]) for m in answer["dashboardValidationMessages"]] == messages
    assert answer["Error"]["Message"].startswith(f"The dashboard body is invalid, there are {len(messages)} validation errors")
    assert names(aws) == []


def test_put_dashboard_still_refuses_a_body_that_is_not_json(aws: Emulator) -> None:
    answer = refusal(aws.client("cloudwatch").put_dashboard, DashboardName="bad", DashboardBody="{widgets")
    assert answer["Error"]["Code"] == "InvalidParameterInput"


def test_put_dashboard_accepts_an_empty_widget_list(aws: Emulator) -> None:
    assert aws.client("cloudwatch").put_dashboard(DashboardName="empty", DashboardBody='{"widgets": []}')["DashboardValidationMessages"] == []
    assert names(aws) == ["empty"]


@pytest.mark.parametrize("name", ["with space", "dots.are.refused", "slash/name", "x" * 256, "é"])
def test_put_dashboard_refuses_a_name_aws_refuses(aws: Emulator, name: str) -> None:
    answer = refusal(aws.client("cloudwatch").put_dashboard, DashboardName=name, DashboardBody=BODY)
    assert answer["Error"]["Code"] == "InvalidParameterInput"
    assert "DashboardName" in answer["Error"]["Message"]
    assert names(aws) == []


@pytest.mark.parametrize("name", ["Aa-0_z", "x" * 255])
def test_put_dashboard_accepts_the_names_aws_accepts(aws: Emulator, name: str) -> None:
    aws.client("cloudwatch").put_dashboard(DashboardName=name, DashboardBody=BODY)
    assert names(aws) == [name]


def test_put_dashboard_replaces_the_body_and_keeps_the_tags(aws: Emulator) -> None:
    cloudwatch = aws.client("cloudwatch")
    cloudwatch.put_dashboard(DashboardName="kept", DashboardBody=BODY, Tags=[{"Key": "a", "Value": "1"}])
    cloudwatch.put_dashboard(DashboardName="kept", DashboardBody='{"widgets": []}', Tags=[{"Key": "b", "Value": "2"}])
    assert json.loads(cloudwatch.get_dashboard(DashboardName="kept")["DashboardBody"]) == {"widgets": []}
    assert tags_of(aws, "kept") == {"a": "1"}  # Tags on an update are ignored


def test_a_dashboard_put_again_after_deletion_starts_without_tags(aws: Emulator) -> None:
    cloudwatch = aws.client("cloudwatch")
    cloudwatch.put_dashboard(DashboardName="again", DashboardBody=BODY, Tags=[{"Key": "a", "Value": "1"}])
    cloudwatch.delete_dashboards(DashboardNames=["again"])
    cloudwatch.put_dashboard(DashboardName="again", DashboardBody=BODY)
    assert tags_of(aws, "again") == {}


# Global dashboards


def test_a_dashboard_is_the_same_in_every_region(aws: Emulator) -> None:
    aws.client("cloudwatch").put_dashboard(DashboardName="global", DashboardBody=BODY)
    elsewhere = aws.client("cloudwatch", region="us-east-1")
    assert elsewhere.get_dashboard(DashboardName="global")["DashboardArn"] == ARN.format("global")
    elsewhere.delete_dashboards(DashboardNames=["global"])
    assert names(aws) == []


def test_get_dashboard_of_a_missing_dashboard_is_resource_not_found(aws: Emulator) -> None:
    answer = refusal(aws.client("cloudwatch").get_dashboard, DashboardName="missing")
    assert (answer["Error"]["Code"], answer["ResponseMetadata"]["HTTPStatusCode"]) == ("ResourceNotFound", 404)


def test_the_reset_forgets_dashboards(aws: Emulator) -> None:
    aws.client("cloudwatch").put_dashboard(DashboardName="forgotten", DashboardBody=BODY)
    aws.reset()
    assert names(aws) == [] and names(aws, "us-east-1") == []


# Tags


def test_untag_resource_removes_a_dashboard_tag(aws: Emulator) -> None:
    cloudwatch = aws.client("cloudwatch")
    cloudwatch.put_dashboard(DashboardName="untagged", DashboardBody=BODY, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    cloudwatch.untag_resource(ResourceARN=ARN.format("untagged"), TagKeys=["a"])
    assert tags_of(aws, "untagged") == {"b": "2"}


@pytest.mark.parametrize("operation", ["tag", "untag", "list"])
def test_tags_of_a_missing_dashboard_are_resource_not_found(aws: Emulator, operation: str) -> None:
    cloudwatch = aws.client("cloudwatch")
    arn = ARN.format("missing")
    calls = {
        "tag": (cloudwatch.tag_resource, {"ResourceARN": arn, "Tags": [{"Key": "a", "Value": "1"}]}),
        "untag": (cloudwatch.untag_resource, {"ResourceARN": arn, "TagKeys": ["a"]}),
        "list": (cloudwatch.list_tags_for_resource, {"ResourceARN": arn}),
    }
    call, params = calls[operation]
    assert refusal(call, **params)["Error"]["Code"] == "ResourceNotFoundException"


def test_alarms_are_still_tagged_by_moto(aws: Emulator) -> None:
    cloudwatch = aws.client("cloudwatch")
    cloudwatch.put_metric_alarm(
        AlarmName="cpu",
        MetricName="CPUUtilization",
        Namespace="AWS/EC2",
        Statistic="Average",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1.0,
        ComparisonOperator="GreaterThanThreshold",
    )
    arn = cloudwatch.describe_alarms(AlarmNames=["cpu"])["MetricAlarms"][0]["AlarmArn"]
    cloudwatch.tag_resource(ResourceARN=arn, Tags=[{"Key": "a", "Value": "1"}])
    assert cloudwatch.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "a", "Value": "1"}]


# DeleteDashboards


def test_delete_dashboards_deletes_several(aws: Emulator) -> None:
    cloudwatch = aws.client("cloudwatch")
    for name in ("one", "two", "three"):
        cloudwatch.put_dashboard(DashboardName=name, DashboardBody=BODY)
    cloudwatch.delete_dashboards(DashboardNames=["one", "three"])
    assert names(aws) == ["two"]


def test_delete_dashboards_of_a_missing_dashboard_is_resource_not_found(aws: Emulator) -> None:
    answer = refusal(aws.client("cloudwatch").delete_dashboards, DashboardNames=["missing"])
    assert (answer["Error"]["Code"], answer["ResponseMetadata"]["HTTPStatusCode"]) == ("ResourceNotFound", 404)
