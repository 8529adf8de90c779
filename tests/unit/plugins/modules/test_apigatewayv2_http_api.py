"""apigatewayv2_http_api, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import apigatewayv2_http_api as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "webstack-test-api"
LOGS = "arn:aws:logs:eu-west-1:123456789012:log-group:/webstack/api"
SERVICE_ARN = "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-abcdefgh"
INTEGRATION = {
    "type": "HTTP_PROXY",
    "connection_type": "VPC_LINK",
    "connection_id": "abc123",
    "integration_uri": SERVICE_ARN,
    "integration_method": "ANY",
    "payload_format_version": "1.0",
    "timeout_in_millis": 30000,
}
STAGE = {"name": "$default", "auto_deploy": True, "access_log_settings": None, "default_route_settings": None}
DEFAULTS = {
    "name": NAME,
    "description": None,
    "state": "present",
    "cors_configuration": None,
    "disable_execute_api_endpoint": False,
    "integration": INTEGRATION,
    "routes": ["$default"],
    "stage": STAGE,
    "tags": None,
    "purge_tags": True,
}


@dataclass
class World:
    aws: Emulator
    link_id: str

    @property
    def client(self) -> Any:
        return self.aws.client("apigatewayv2")

    def api(self, args: dict[str, Any] | None = None, check_mode: bool = False) -> Result:
        integration = {"connection_type": "VPC_LINK", "connection_id": self.link_id, "integration_uri": SERVICE_ARN}
        return run(module.main, self.aws, {"name": NAME, "integration": integration, **(args or {})}, check_mode)

    def apis(self) -> list[dict[str, Any]]:
        return self.client.get_apis()["Items"]


@pytest.fixture
def world(aws: Emulator) -> World:
    link = aws.client("apigatewayv2").create_vpc_link(Name="link", SubnetIds=["subnet-1"])["VpcLinkId"]
    aws.clear_calls()
    return World(aws, link)


# Pure rules


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"name": ""}, "name"),
        ({"integration": dict(INTEGRATION, connection_id=None)}, "integration.connection_id"),
        ({"integration": dict(INTEGRATION, integration_uri="https://x")}, "integration.integration_uri"),
        ({"integration": dict(INTEGRATION, connection_type="INTERNET", connection_id=None)}, "integration.integration_uri"),
        ({"integration": dict(INTEGRATION, timeout_in_millis=40000)}, "integration.timeout_in_millis"),
        ({"integration": dict(INTEGRATION, integration_method="FETCH")}, "integration.integration_method"),
        ({"routes": ["$default", "$default"]}, "routes"),
        ({"routes": ["GET health"]}, "routes"),
        ({"cors_configuration": {"max_age": 90000}}, "cors_configuration.max_age"),
        ({"stage": dict(STAGE, access_log_settings={"destination_arn": "arn:aws:s3:::b", "format": "x"})}, "stage.access_log_settings.destination_arn"),
        ({"stage": dict(STAGE, default_route_settings={"throttling_burst_limit": -1})}, "stage.default_route_settings.throttling_burst_limit"),
    ],
)
def test_validate_params_names_the_option(overrides: dict[str, Any], named: str) -> None:
    [error] = module.validate_params(dict(DEFAULTS, **overrides))
    assert error.startswith(named)


def test_validate_params_accepts_good_options() -> None:
    assert module.validate_params(dict(DEFAULTS, routes=["$default", "GET /health"])) == []


def test_route_changes_create_retarget_and_delete() -> None:
    current = [{"RouteId": "r1", "RouteKey": "$default", "Target": "integrations/old"}, {"RouteId": "r2", "RouteKey": "GET /old"}]
    assert module.route_changes(current, ["$default", "GET /health"], "integrations/new") == {"create": ["GET /health"], "retarget": ["r1"], "delete": ["r2"]}


def test_stage_changes_merge_route_settings_and_compare_logs() -> None:
    current = {"StageName": "$default", "AutoDeploy": True, "DefaultRouteSettings": {"DetailedMetricsEnabled": False, "ThrottlingBurstLimit": 10}}
    wanted = dict(STAGE, default_route_settings={"throttling_burst_limit": 20}, access_log_settings={"destination_arn": LOGS, "format": "f"})
    assert module.stage_changes(current, wanted) == {
        "AccessLogSettings": {"DestinationArn": LOGS, "Format": "f"},
        "DefaultRouteSettings": {"DetailedMetricsEnabled": False, "ThrottlingBurstLimit": 20},
    }
    assert module.stage_changes(current, STAGE) == {}


def test_api_changes_remove_cors_with_an_empty_dict() -> None:
    current = {"description": "", "disable_execute_api_endpoint": False, "cors_configuration": {"allow_origins": ["*"]}}
    assert module.api_changes(current, dict(DEFAULTS, cors_configuration={"allow_origins": None})) == {"CorsConfiguration": None}
    assert module.api_changes(current, dict(DEFAULTS, cors_configuration={"allow_origins": ["*"]})) == {}


# Runs


def test_create_makes_the_api_integration_route_and_stage(world: World) -> None:
    stage = {"access_log_settings": {"destination_arn": LOGS, "format": "$context.requestId"}, "default_route_settings": {"throttling_burst_limit": 100}}
    run_ = world.api({"description": "front door", "stage": stage, "tags": {"team": "web"}, "cors_configuration": {"allow_origins": ["https://a.example"]}})

    assert not run_.failed, run_.out
    assert run_.changed
    [api] = world.apis()
    [integration] = world.client.get_integrations(ApiId=api["ApiId"])["Items"]
    [route] = world.client.get_routes(ApiId=api["ApiId"])["Items"]
    [made] = world.client.get_stages(ApiId=api["ApiId"])["Items"]
    assert (integration["ConnectionType"], integration["ConnectionId"], integration["IntegrationUri"]) == ("VPC_LINK", world.link_id, SERVICE_ARN)
    assert (route["RouteKey"], route["Target"]) == ("$default", f"integrations/{integration['IntegrationId']}")
    assert (made["StageName"], made["AutoDeploy"], made["AccessLogSettings"]["DestinationArn"]) == ("$default", True, LOGS)
    assert api["Tags"] == {"team": "web"} and api["CorsConfiguration"] == {"AllowOrigins": ["https://a.example"]}
    out = run_.out["api"]
    assert (out["api_id"], out["integration"]["integration_id"], out["stage"]["stage_name"]) == (api["ApiId"], integration["IntegrationId"], "$default")
    assert world.aws.calls().mutating == ["apigatewayv2:CreateApi", "apigatewayv2:CreateIntegration", "apigatewayv2:CreateRoute", "apigatewayv2:CreateStage"]


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = {"stage": {"default_route_settings": {"throttling_rate_limit": 50.0}}, "tags": {"team": "web"}, "routes": ["$default", "GET /health"]}
    first = world.api(args)
    world.aws.clear_calls()

    again = world.api(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["api"] == first.out["api"]


def test_check_mode_creates_nothing(world: World) -> None:
    run_ = world.api(check_mode=True)

    assert run_.changed
    assert world.apis() == []
    assert world.aws.calls().mutating == []
    assert run_.out["api"]["routes"] == [{"route_key": "$default"}]


def test_check_mode_on_a_change_changes_nothing(world: World) -> None:
    world.api()
    world.aws.clear_calls()

    run_ = world.api({"description": "new", "routes": ["GET /health"]}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.apis()[0].get("Description") in (None, "")


def test_each_part_is_updated_only_where_it_differs(world: World) -> None:
    world.api()
    world.aws.clear_calls()

    run_ = world.api(
        {"integration": {"connection_type": "VPC_LINK", "connection_id": world.link_id, "integration_uri": SERVICE_ARN, "timeout_in_millis": 10000}}
    )

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.aws.calls().mutating == ["apigatewayv2:UpdateIntegration"]
    assert run_.out["api"]["integration"]["timeout_in_millis"] == 10000


def test_routes_not_listed_are_deleted_and_new_ones_target_the_integration(world: World) -> None:
    created = world.api().out["api"]
    world.aws.clear_calls()

    run_ = world.api({"routes": ["GET /health", "POST /orders"]})

    assert run_.changed
    routes = world.client.get_routes(ApiId=created["api_id"])["Items"]
    target = f"integrations/{created['integration']['integration_id']}"
    assert sorted((r["RouteKey"], r["Target"]) for r in routes) == [("GET /health", target), ("POST /orders", target)]
    assert sorted(world.aws.calls().mutating) == ["apigatewayv2:CreateRoute", "apigatewayv2:CreateRoute", "apigatewayv2:DeleteRoute"]


def test_stage_settings_are_updated(world: World) -> None:
    created = world.api().out["api"]
    world.aws.clear_calls()

    run_ = world.api({"stage": {"auto_deploy": False, "access_log_settings": {"destination_arn": LOGS, "format": "$context.status"}}})

    assert run_.changed
    stage = world.client.get_stage(ApiId=created["api_id"], StageName="$default")
    assert (stage["AutoDeploy"], stage["AccessLogSettings"]["Format"]) == (False, "$context.status")
    assert world.aws.calls().mutating == ["apigatewayv2:UpdateStage"]


def test_api_settings_and_tags_are_updated(world: World) -> None:
    created = world.api({"tags": {"keep": "1", "drop": "2"}, "cors_configuration": {"allow_origins": ["*"]}}).out["api"]
    world.aws.clear_calls()

    run_ = world.api({"description": "new", "tags": {"keep": "1"}, "cors_configuration": {}})

    assert run_.changed
    [api] = world.apis()
    assert (api["Description"], api["Tags"], api.get("CorsConfiguration")) == ("new", {"keep": "1"}, None)
    assert run_.out["api"]["api_id"] == created["api_id"]
    assert sorted(world.aws.calls().mutating) == ["apigatewayv2:DeleteCorsConfiguration", "apigatewayv2:UntagResource", "apigatewayv2:UpdateApi"]


def test_a_websocket_api_of_the_name_is_refused(world: World) -> None:
    world.client.create_api(Name=NAME, ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")

    run_ = world.api()

    assert run_.failed
    assert run_.out["msg"].startswith(f"name {NAME} is taken by a WEBSOCKET API")


def test_absent_deletes_the_api_and_twice_changes_nothing(world: World) -> None:
    world.api()
    world.aws.clear_calls()

    run_ = world.api({"state": "absent"})
    again = world.api({"state": "absent"})

    assert run_.changed and not again.changed
    assert world.apis() == []
    assert world.aws.calls().mutating == ["apigatewayv2:DeleteApi"]


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.api()
    world.aws.clear_calls()

    run_ = world.api({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert len(world.apis()) == 1
    assert world.aws.calls().mutating == []


def test_bad_input_fails_before_any_call(world: World) -> None:
    run_ = world.api({"routes": ["FETCH /x"]})

    assert run_.failed
    assert run_.out["msg"].startswith("routes")
    assert world.aws.calls().calls == []
