"""Checks of the API Gateway v2 fixes (tools/emulator/webstack_emulator/extensions/apigatewayv2.py)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

LOG_GROUP = "arn:aws:logs:eu-west-1:123456789012:log-group:/webstack/api"


def api(aws: Emulator, name: str = "web") -> str:
    return aws.client("apigatewayv2").create_api(Name=name, ProtocolType="HTTP")["ApiId"]


@check("apigatewayv2", "UpdateStage")
def a_stage_changes_what_the_update_names(aws: Emulator) -> dict[str, Any]:
    client = aws.client("apigatewayv2")
    api_id = api(aws)
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True, DefaultRouteSettings={"ThrottlingBurstLimit": 10, "ThrottlingRateLimit": 5.0})
    response = client.update_stage(ApiId=api_id, StageName="$default", AccessLogSettings={"DestinationArn": LOG_GROUP, "Format": "$context.requestId"})
    assert response["AccessLogSettings"] == {"DestinationArn": LOG_GROUP, "Format": "$context.requestId"}
    [stage] = client.get_stages(ApiId=api_id)["Items"]
    kept = (stage["AutoDeploy"], stage["DefaultRouteSettings"]["ThrottlingBurstLimit"], stage["AccessLogSettings"]["Format"])
    assert kept == (True, 10, "$context.requestId")
    with pytest.raises(ClientError) as error:
        client.update_stage(ApiId=api_id, StageName="prod", AutoDeploy=False)
    assert error.value.response["Error"]["Code"] == "NotFoundException"
    return response


@check("apigatewayv2", "CreateStage")
def a_stage_name_is_taken_once(aws: Emulator) -> dict[str, Any]:
    client = aws.client("apigatewayv2")
    api_id = api(aws)
    response = client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    with pytest.raises(ClientError) as error:
        client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=False)
    assert error.value.response["Error"]["Code"] == "ConflictException"
    assert client.get_stage(ApiId=api_id, StageName="$default")["AutoDeploy"] is True
    return response


@check("apigatewayv2", "GetApis")
def apis_list_in_pages(aws: Emulator) -> dict[str, Any]:
    client = aws.client("apigatewayv2")
    ids = [api(aws, name) for name in ("a", "b", "c")]
    response = client.get_apis(MaxResults="2")
    assert [item["ApiId"] for item in response["Items"]] == ids[:2]
    rest = client.get_apis(MaxResults="2", NextToken=response["NextToken"])
    assert [item["ApiId"] for item in rest["Items"]] == ids[2:] and "NextToken" not in rest
    return response


@check("apigatewayv2", "GetVpcLinks")
def vpc_links_list_in_pages(aws: Emulator) -> dict[str, Any]:
    client = aws.client("apigatewayv2")
    ids = [client.create_vpc_link(Name=name, SubnetIds=["subnet-1"])["VpcLinkId"] for name in ("a", "b", "c")]
    response = client.get_vpc_links(MaxResults="1")
    assert [item["VpcLinkId"] for item in response["Items"]] == ids[:1]
    rest = client.get_vpc_links(MaxResults="5", NextToken=response["NextToken"])
    assert [item["VpcLinkId"] for item in rest["Items"]] == ids[1:] and "NextToken" not in rest
    return response


@check("apigatewayv2", "CreateVpcLink")
def a_vpc_link_without_security_groups_answers_none(aws: Emulator) -> dict[str, Any]:
    client = aws.client("apigatewayv2")
    response = client.create_vpc_link(Name="link", SubnetIds=["subnet-1"])
    assert response["SecurityGroupIds"] == []
    assert client.get_vpc_link(VpcLinkId=response["VpcLinkId"])["SecurityGroupIds"] == []
    return response
