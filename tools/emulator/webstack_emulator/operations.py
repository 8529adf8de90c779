"""Name the AWS operation behind an HTTP request, using botocore's service model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs

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


@lru_cache(maxsize=None)
def _rest_routes(service: str) -> list[tuple[str, re.Pattern[str], str]]:
    """(method, path pattern, operation) for a REST service, most literal first."""
    try:
        model = _session().get_service_model(service)
    except Exception:  # noqa: BLE001 - unknown service: no routes
        return []
    routes = []
    for name in model.operation_names:
        http = model.operation_model(name).http
        uri = http.get("requestUri", "/").split("?", 1)
        path = uri[0]
        query_keys = [part.split("=", 1)[0] for part in uri[1].split("&")] if len(uri) > 1 else []
        pattern = re.escape(path).replace(r"\{", "{").replace(r"\}", "}").replace(r"\+", "+")
        pattern = re.sub(r"{[^}/]+\+}", ".+", pattern)
        pattern = re.sub(r"{[^}/]+}", "[^/]+", pattern)
        literal = len(re.sub(r"{[^}]+}", "", path)) + 10 * len(query_keys)
        routes.append((literal, http.get("method", "POST"), re.compile(f"^{pattern}/?$"), name, tuple(query_keys)))
    routes.sort(key=lambda r: -r[0])
    return [(m, p, n, q) for _, m, p, n, q in routes]


def service_from_auth(authorization: str) -> str | None:
    match = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request", authorization or "")
    if not match:
        return None
    signing = match.group(1)
    return SIGNING_TO_SERVICE.get(signing, signing)


def identify(environ: dict, body: bytes) -> Call:
    """Service and operation for one WSGI request; 'unknown' where it cannot tell."""
    service = service_from_auth(environ.get("HTTP_AUTHORIZATION", "")) or "unknown"
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
    method = environ.get("REQUEST_METHOD", "GET")
    path = environ.get("PATH_INFO", "/")
    for route_method, pattern, name, query_keys in _rest_routes(service):
        if route_method == method and pattern.match(path) and all(k in query for k in query_keys):
            return Call(service, name)
    return Call(service, f"{method} {path}")
