"""API Gateway v2 (HTTP APIs) fidelity fixes for moto 5.2.5 (moto/apigatewayv2).

What AWS does, per the API Gateway v2 API reference and botocore's model (2018-11-29):

- UpdateStage (``PATCH /v2/apis/{apiId}/stages/{stageName}``) changes the members the
  request names (access log settings, auto deploy, default route settings, ...), moves
  ``lastUpdatedDate`` and answers the stage; an unknown API or stage is ``NotFoundException``;
- CreateStage of a stage name the API already has is ``ConflictException`` (409);
- GetApis and GetVpcLinks page with ``maxResults`` and ``nextToken``; ``nextToken`` is
  answered only while more items follow.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import wraps
from typing import Any
from urllib.parse import unquote

from webstack_emulator.extensions import fix

# UpdateStage request member -> the moto Stage attribute that holds it.
STAGE_MEMBERS = {
    "accessLogSettings": "access_log_settings",
    "autoDeploy": "auto_deploy",
    "clientCertificateId": "client_certificate_id",
    "defaultRouteSettings": "default_route_settings",
    "description": "description",
    "routeSettings": "route_settings",
    "stageVariables": "stage_variables",
}


def _bad_request(message: str) -> Exception:
    from moto.apigatewayv2.exceptions import BadRequestException

    return BadRequestException(message)


def page(items: list[Any], max_results: str | None, next_token: str | None) -> tuple[list[Any], str | None]:
    """One page of items and the token of the next page (None on the last): the token is the index of the next item."""
    try:
        start = int(next_token) if next_token else 0
    except ValueError:
        raise _bad_request(f"Invalid next token {next_token}") from None
    try:
        size = int(max_results) if max_results else len(items) or 1
    except ValueError:
        raise _bad_request(f"Invalid max results {max_results}") from None
    if start < 0 or size < 1:
        raise _bad_request("maxResults must be at least 1 and nextToken a token GetApis or GetVpcLinks answered")
    end = start + size
    return items[start:end], (str(end) if end < len(items) else None)


def _paged_answer(response: Any, items: list[dict[str, Any]]) -> tuple[int, dict[str, str], str]:
    query = response.querystring
    chunk, token = page(items, (query.get("maxResults") or [None])[0], (query.get("nextToken") or [None])[0])
    answer: dict[str, Any] = {"items": chunk}
    if token:
        answer["nextToken"] = token
    return 200, {}, json.dumps(answer)


@fix(
    "apigatewayv2",
    "UpdateStage",
    "moto 5.2.5 has no UpdateStage (HTTP 500): a stage's access logs, auto deploy or throttling could not change. "
    "AWS changes the members the request names and answers the stage.",
)
def update_stage() -> None:
    from moto.apigatewayv2.responses import ApiGatewayV2Response

    def update_stage_response(self: ApiGatewayV2Response) -> tuple[int, dict[str, str], str]:
        api_id = self.path.split("/")[-3]
        stage = self.apigatewayv2_backend.get_stage(api_id, unquote(self.path.split("/")[-1]))
        params = json.loads(self.body or "{}")
        for member, attribute in STAGE_MEMBERS.items():
            if member in params:
                setattr(stage, attribute, params[member])
        stage.updated = datetime.now()
        return 200, {}, json.dumps(stage.to_json())

    ApiGatewayV2Response.update_stage = update_stage_response  # type: ignore[attr-defined]


@fix(
    "apigatewayv2",
    "CreateStage",
    "moto replaced an API's stage by a new one of the same name (its settings lost). AWS answers ConflictException (409).",
)
def create_stage_refuses_a_taken_name() -> None:
    from moto.apigatewayv2.exceptions import APIGatewayV2Error
    from moto.apigatewayv2.models import Api

    class ConflictException(APIGatewayV2Error):
        code = 409

        def __init__(self, name: str) -> None:
            super().__init__("ConflictException", f"Stage already exists: {name}")

    original = Api.create_stage

    def create_stage(self: Api, config: dict[str, Any]) -> Any:
        if config.get("stageName") in self.stages:
            raise ConflictException(config["stageName"])
        return original(self, config)

    Api.create_stage = create_stage  # type: ignore[method-assign]


@fix(
    "apigatewayv2",
    "GetApis",
    "moto answered every API at once, ignoring maxResults and nextToken. AWS pages the APIs and answers nextToken while more follow.",
)
def get_apis_pages() -> None:
    from moto.apigatewayv2.responses import ApiGatewayV2Response

    def get_apis(self: ApiGatewayV2Response) -> tuple[int, dict[str, str], str]:
        return _paged_answer(self, [api.to_json() for api in self.apigatewayv2_backend.get_apis()])

    ApiGatewayV2Response.get_apis = get_apis  # type: ignore[method-assign]


@fix(
    "apigatewayv2",
    "GetVpcLinks",
    "moto answered every VPC link at once, ignoring maxResults and nextToken. AWS pages the VPC links and answers nextToken while more follow.",
)
def get_vpc_links_pages() -> None:
    from moto.apigatewayv2.responses import ApiGatewayV2Response

    def get_vpc_links(self: ApiGatewayV2Response) -> tuple[int, dict[str, str], str]:
        return _paged_answer(self, [link.to_json() for link in self.apigatewayv2_backend.get_vpc_links()])

    ApiGatewayV2Response.get_vpc_links = get_vpc_links  # type: ignore[method-assign]


@fix(
    "apigatewayv2",
    "CreateVpcLink",
    "A VPC link created without security groups read back without SecurityGroupIds (moto kept None), a member the model requires "
    "in every VpcLink. AWS answers [] (also GetVpcLink and GetVpcLinks).",
)
def vpc_link_security_groups_default_to_empty() -> None:
    from moto.apigatewayv2.models import VpcLink

    original = VpcLink.__init__

    @wraps(original)
    def __init__(self: VpcLink, name: str, sg_ids: list[str] | None, *args: Any, **kwargs: Any) -> None:
        original(self, name, sg_ids or [], *args, **kwargs)

    VpcLink.__init__ = __init__  # type: ignore[method-assign]
