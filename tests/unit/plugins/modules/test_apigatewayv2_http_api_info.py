"""apigatewayv2_http_api_info against the emulator."""

from __future__ import annotations

from typing import Any

from ansible_collections.webstack.aws.plugins.modules import apigatewayv2_http_api_info as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import run


def make_api(aws: Emulator, name: str) -> str:
    client = aws.client("apigatewayv2")
    api_id = client.create_api(Name=name, ProtocolType="HTTP", Tags={"app": name})["ApiId"]
    integration = client.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationUri="https://example.com", IntegrationMethod="ANY")
    client.create_route(ApiId=api_id, RouteKey="$default", Target=f"integrations/{integration['IntegrationId']}")
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return api_id


def test_every_http_api_with_its_parts_and_no_call_that_changes(aws: Emulator) -> None:
    ids = {name: make_api(aws, name) for name in ("b-api", "a-api")}
    aws.client("apigatewayv2").create_api(Name="socket", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    aws.clear_calls()

    result = run(module.main, aws, {})

    assert not result.failed, result.out
    assert not result.changed
    apis: list[dict[str, Any]] = result.out["apis"]
    assert [(api["name"], api["api_id"]) for api in apis] == [("a-api", ids["a-api"]), ("b-api", ids["b-api"])]
    first = apis[0]
    assert first["tags"] == {"app": "a-api"}
    assert [route["route_key"] for route in first["routes"]] == ["$default"]
    assert first["routes"][0]["target"] == f"integrations/{first['integrations'][0]['integration_id']}"
    assert [stage["stage_name"] for stage in first["stages"]] == ["$default"]
    assert aws.calls().mutating == []


def test_a_name_selects_one_api_and_an_unknown_name_none(aws: Emulator) -> None:
    make_api(aws, "a-api")
    make_api(aws, "b-api")

    assert [api["name"] for api in run(module.main, aws, {"name": "b-api"}).out["apis"]] == ["b-api"]
    assert run(module.main, aws, {"name": "nope"}).out["apis"] == []
