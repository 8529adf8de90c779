"""Name the AWS operation behind an HTTP request, using botocore's service model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import botocore.session

READ_PREFIXES = ("Describe", "List", "Get", "Head", "Search", "Lookup", "Batch Get", "BatchGet", "Scan", "Query", "Select")

# Signing names that differ from the service's model name.
SIGNING_TO_SERVICE = {
    "monitoring": "cloudwatch",
    "email": "ses",
    "execute-api": "apigateway",
    "servicediscovery": "servicediscovery",
    "states": "stepfunctions",
    "elasticloadbalancing": "elbv2",
    "tagging": "resourcegroupstaggingapi",
    "ce": "ce",
    "iam": "iam",
    "securityhub": "securityhub",
}


@dataclass(frozen=True)
class Call:
    service: str
    operation: str

    @property
    def mutating(self) -> bool:
        return not self.operation.startswith(READ_PREFIXES)


@lru_cache(maxsize=1)
def _session() -> botocore.session.Session:
    return botocore.session.get_session()


@dataclass(frozen=True)
class _Route:
    method: str
    path: re.Pattern[str]
    operation: str
    query: tuple[tuple[str, str | None], ...]  # required query keys, with the value when the URI fixes one
    headers: tuple[str, ...]  # WSGI names of required header members

    def matches(self, environ: dict, query: dict[str, list[str]]) -> bool:
        return (
            self.method == environ.get("REQUEST_METHOD", "GET")
            and bool(self.path.match(raw_path(environ)))
            and all(key in query and (value is None or value in query[key]) for key, value in self.query)
            and all(header in environ for header in self.headers)
        )


def raw_path(environ: dict) -> str:
    """The request path as the client sent it: a URI label holding an ARN keeps its %2F, so it stays one label."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if not raw:
        return environ.get("PATH_INFO", "/")
    if "://" in raw:  # absolute form, from a client that reaches the emulator as its proxy
        raw = urlsplit(raw).path or "/"
    return raw.partition("?")[0]


def _route(name: str, operation: Any) -> tuple[tuple[int, bool], _Route]:
    path, _, fixed_query = operation.http.get("requestUri", "/").partition("?")
    query = {key: (values[0] or None) for key, values in parse_qs(fixed_query, keep_blank_values=True).items()}
    headers = []
    shape = operation.input_shape
    for member in shape.required_members if shape else []:
        where = shape.members[member].serialization
        if where.get("location") == "querystring":
            query.setdefault(where["name"], None)
        elif where.get("location") == "header":
            headers.append("HTTP_" + where["name"].upper().replace("-", "_"))
    pattern = re.escape(path).replace(r"\{", "{").replace(r"\}", "}").replace(r"\+", "+")
    pattern = re.sub(r"{[^}/]+\+}", ".+", pattern)
    pattern = re.sub(r"{[^}/]+}", "[^/]+", pattern)
    # The most constrained route wins; among equals, the current name beats a deprecated one.
    score = (len(re.sub(r"{[^}]+}", "", path)) + 10 * (len(query) + len(headers)), not operation.deprecated)
    route = _Route(operation.http.get("method", "POST"), re.compile(f"^{pattern}/?$"), name, tuple(query.items()), tuple(headers))
    return score, route


@cache
def _rest_routes(service: str) -> list[_Route]:
    """Routes of a REST service, most constrained first."""
    try:
        model = _session().get_service_model(service)
    except Exception:  # noqa: BLE001 - unknown service: no routes
        return []
    scored = [_route(name, model.operation_model(name)) for name in model.operation_names]
    return [route for _, route in sorted(scored, key=lambda pair: pair[0], reverse=True)]


S3_CONTROL_PREFIX = "/v20180820/"
APIGATEWAY_V2_PREFIX = "/v2/"


def service_from_auth(authorization: str) -> str | None:
    match = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request", authorization or "")
    if not match:
        return None
    signing = match.group(1)
    return SIGNING_TO_SERVICE.get(signing, signing)


def identify(environ: dict, body: bytes) -> Call:
    """Service and operation for one WSGI request; 'unknown' where it cannot tell."""
    service = service_from_auth(environ.get("HTTP_AUTHORIZATION", "")) or "unknown"
    if service == "s3" and raw_path(environ).startswith(S3_CONTROL_PREFIX):
        service = "s3control"  # S3 Control signs as s3; its API lives under its version prefix
    if service == "apigateway" and raw_path(environ).startswith(APIGATEWAY_V2_PREFIX):
        service = "apigatewayv2"  # API Gateway v2 (HTTP and WebSocket APIs) signs as apigateway; its API lives under /v2/
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return Call(service, target.rsplit(".", 1)[-1])
    query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    if "Action" in query:
        return Call(service, query["Action"][0])
    content_type = environ.get("CONTENT_TYPE", "")
    if body and "x-www-form-urlencoded" in content_type:
        form = parse_qs(body.decode("utf-8", "replace"))
        if "Action" in form:
            return Call(service, form["Action"][0])
    for route in _rest_routes(service):
        if route.matches(environ, query):
            return Call(service, route.operation)
    return Call(service, f"{environ.get('REQUEST_METHOD', 'GET')} {environ.get('PATH_INFO', '/')}")
