"""Checks of the CloudWatch dashboard fixes (tools/emulator/webstack_emulator/extensions/cloudwatch_dashboards.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

BODY = json.dumps({"widgets": [{"type": "text", "x": 0, "y": 0, "width": 6, "height": 3, "properties": {"markdown": "hello"}}]})
ARN = "arn:aws:cloudwatch::123456789012:dashboard/{}"


@check("cloudwatch", "PutDashboard")
def put_dashboard_refuses_a_body_without_widgets_and_tags_a_new_dashboard(aws: Emulator) -> dict[str, Any]:
    cloudwatch = aws.client("cloudwatch")
    with pytest.raises(ClientError) as refused:
        cloudwatch.put_dashboard(DashboardName="checked", DashboardBody="{}")
    assert refused.value.response["Error"]["Code"] == "InvalidParameterInput"
    assert refused.value.response["dashboardValidationMessages"] == [{"DataPath": "", "Message": "Should have required property 'widgets'"}]
    response = cloudwatch.put_dashboard(DashboardName="checked", DashboardBody=BODY, Tags=[{"Key": "team", "Value": "web"}])
    assert response["DashboardValidationMessages"] == []
    assert cloudwatch.list_tags_for_resource(ResourceARN=ARN.format("checked"))["Tags"] == [{"Key": "team", "Value": "web"}]
    return response


@check("cloudwatch", "ListDashboards")
def a_dashboard_is_listed_in_every_region(aws: Emulator) -> dict[str, Any]:
    aws.client("cloudwatch").put_dashboard(DashboardName="global", DashboardBody=BODY)
    response = aws.client("cloudwatch", region="us-east-1").list_dashboards()
    assert [(e["DashboardName"], e["DashboardArn"]) for e in response["DashboardEntries"]] == [("global", ARN.format("global"))]
    return response


@check("cloudwatch", "TagResource")
def tag_resource_tags_a_dashboard(aws: Emulator) -> dict[str, Any]:
    cloudwatch = aws.client("cloudwatch")
    cloudwatch.put_dashboard(DashboardName="tagged", DashboardBody=BODY)
    response = cloudwatch.tag_resource(ResourceARN=ARN.format("tagged"), Tags=[{"Key": "team", "Value": "web"}])
    assert cloudwatch.list_tags_for_resource(ResourceARN=ARN.format("tagged"))["Tags"] == [{"Key": "team", "Value": "web"}]
    return response


@check("cloudwatch", "DeleteDashboards")
def delete_dashboards_deletes_those_that_exist(aws: Emulator) -> dict[str, Any]:
    cloudwatch = aws.client("cloudwatch")
    cloudwatch.put_dashboard(DashboardName="doomed", DashboardBody=BODY)
    with pytest.raises(ClientError) as refused:
        cloudwatch.delete_dashboards(DashboardNames=["doomed", "missing"])
    assert refused.value.response["Error"]["Code"] == "ResourceNotFound"
    assert "missing" in refused.value.response["Error"]["Message"] and "doomed" not in refused.value.response["Error"]["Message"]
    assert cloudwatch.list_dashboards()["DashboardEntries"] == []
    cloudwatch.put_dashboard(DashboardName="doomed", DashboardBody=BODY)
    response = cloudwatch.delete_dashboards(DashboardNames=["doomed"])
    assert cloudwatch.list_dashboards()["DashboardEntries"] == []
    return response
