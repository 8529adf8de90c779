"""Seeded fault injection: throttling, server errors, dropped connections and eventual consistency.

Each AWS call draws once from a generator seeded with (seed, service, operation, n), n counting
the calls of that service:operation since the last configure or reset: the same seed and the same
call sequence give the same faults, whatever the thread timing. The draw picks throttle, 5xx or
drop by cumulative rates (or nothing). Errors are answered in the shape the real service uses for
the protocol botocore speaks to it, so botocore parses, classifies and retries them as it would
against AWS.

Eventual consistency: every successful create (Create*, Allocate*, Run*, ...) teaches the IDs it
created (EC2 IDs, KMS key IDs, ARNs in the answer that the request did not name). For
consistency_s after that, a read call of the same service that names such an ID explicitly is
answered with the service's NotFound error.
"""

from __future__ import annotations

import json
import math
import random
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import fields
from dataclasses import replace
from functools import cache
from typing import Any
from urllib.parse import parse_qsl
from urllib.parse import unquote_plus
from xml.sax.saxutils import escape

import botocore.session
from botocore.exceptions import UnknownServiceError

from webstack_emulator.operations import Call

CREATING_PREFIXES = ("Create", "Allocate", "Run", "Request", "Register", "Put")

# EC2's NotFound code for each ID prefix (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
EC2_NOT_FOUND = {
    "vpc": "InvalidVpcID.NotFound",
    "subnet": "InvalidSubnetID.NotFound",
    "igw": "InvalidInternetGatewayID.NotFound",
    "nat": "NatGatewayNotFound",
    "eipalloc": "InvalidAllocationID.NotFound",
    "rtb": "InvalidRouteTableID.NotFound",
    "sg": "InvalidGroup.NotFound",
    "acl": "InvalidNetworkAclID.NotFound",
    "vpce": "InvalidVpcEndpointId.NotFound",
    "fl": "InvalidFlowLogId.NotFound",
    "eni": "InvalidNetworkInterfaceID.NotFound",
    "i": "InvalidInstanceID.NotFound",
    "lt": "InvalidLaunchTemplateId.NotFound",
    "tgw": "InvalidTransitGatewayID.NotFound",
}
EC2_ID = re.compile(rf"\b({'|'.join(sorted(EC2_NOT_FOUND, key=len, reverse=True))})-[0-9a-f]{{8,17}}\b")
KMS_KEY_ID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
ARN = re.compile(r"\barn:aws[\w-]*:[\w-]+:[\w-]*:\d*:[^\s\"'<>&,]+")
CREATED_IDS = {"ec2": (EC2_ID,), "kms": (KMS_KEY_ID, ARN)}  # every other service: ARNs
FILTER_VALUE = re.compile(r"^Filter\.\d+\.Value")
# A service's NotFound error: the first of these shapes its model has (else ResourceNotFoundException, 400).
NOT_FOUND_SHAPES = ("NotFoundException", "ResourceNotFoundException", "NoSuchEntityException")


@dataclass(frozen=True)
class Injected:
    """The answer given instead of AWS's: an error, or a connection dropped without one (status 0)."""

    kind: str  # "throttle" | "5xx" | "drop" | "not_found"
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class Settings:
    seed: int = 0
    throttle: float = 0.0
    error_5xx: float = 0.0
    drop: float = 0.0
    consistency_s: float = 0.0


RATES = ("throttle", "error_5xx", "drop")


@dataclass(frozen=True)
class _Error:
    status: int
    code: str
    message: str
    query_code: str = ""  # awsQueryCompatible json services also name the query protocol's code


@dataclass(frozen=True)
class _Dialect:
    """How one protocol answers errors, and its throttling and server errors."""

    render: Callable[[_Error, _Service, str], tuple[list[tuple[str, str]], bytes]]
    throttle: _Error
    internal: _Error
    unavailable: _Error


@dataclass(frozen=True)
class _Service:
    dialect: str
    json_version: str
    namespace: str
    query_compatible: bool
    not_found: _Error


class Faults:
    """Fault settings, the per-operation call counters and the resources still propagating. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._settings = Settings()
        self._counts: Counter[tuple[str, str]] = Counter()
        self._created: dict[tuple[str, str], float] = {}  # (service, ID or ARN) -> when it was created
        self._request = threading.local()  # what before() saw, for after() on the same thread

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        """Replace every setting (missing ones go back to their default) and restart the call counters."""
        validated = _validated(settings)
        with self._lock:
            self._settings = validated
            self._counts.clear()
        return self.settings()

    def settings(self) -> dict[str, Any]:
        with self._lock:
            return asdict(self._settings)

    def reset(self) -> None:
        """Back to no faults, with no counters and no resources remembered."""
        with self._lock:
            self._settings = Settings()
            self._counts.clear()
            self._created.clear()

    def before(self, call: Call, environ: dict, body: bytes) -> Injected | None:
        """The fault to answer with instead of AWS, or None to let the call through."""
        self._request.text = unquote_plus(f"{environ.get('PATH_INFO', '')} {environ.get('QUERY_STRING', '')} {body.decode('utf-8', 'replace')}")
        service = _service(call.service)
        if service is None:
            return None
        with self._lock:
            settings = self._settings
            n = self._counts[(call.service, call.operation)]
            self._counts[(call.service, call.operation)] += 1
        draw = random.Random(f"{settings.seed}:{call.service}:{call.operation}:{n}")
        kind = _kind(settings, draw.random())
        if kind == "drop":
            return Injected("drop", 0, [], b"")
        if kind is not None:
            return _answer(kind, _fault_error(kind, service, draw), service, draw)
        fresh = self._fresh_name(call, environ, body, settings.consistency_s)
        return None if fresh is None else _answer("not_found", _not_found(call.service, service, fresh), service, draw)

    def after(self, call: Call, status: int, body: bytes) -> None:
        """Remember the resources a successful create made, with the time AWS would start propagating them."""
        if not (200 <= status < 300 and call.operation.startswith(CREATING_PREFIXES)) or _service(call.service) is None:
            return
        requested = getattr(self._request, "text", "")
        text = body.decode("utf-8", "replace")
        created = {match.group(0) for pattern in CREATED_IDS.get(call.service, (ARN,)) for match in pattern.finditer(text)}
        now = time.monotonic()
        with self._lock:
            for name in sorted(created):
                if name not in requested:
                    self._created.setdefault((call.service, name), now)

    def _fresh_name(self, call: Call, environ: dict, body: bytes, window: float) -> str | None:
        """The first resource a read call names that was created less than `window` seconds ago."""
        if call.mutating or not window:
            return None
        named = _named(environ, body)
        now = time.monotonic()
        with self._lock:
            fresh = [name for name in named if now - self._created.get((call.service, name), -math.inf) < window]
        return min(fresh, default=None)


# --- settings -----------------------------------------------------------------------


def _validated(settings: Any) -> Settings:
    if not isinstance(settings, dict):
        raise TypeError(f"fault settings must be an object, not {type(settings).__name__}")
    known = {field.name for field in fields(Settings)}
    for key in settings:
        if key not in known:
            raise ValueError(f"unknown fault setting {key!r} (known: {', '.join(sorted(known))})")
    validated = replace(Settings(), **{key: _checked(key, value) for key, value in settings.items()})
    if sum(getattr(validated, rate) for rate in RATES) > 1:
        raise ValueError(f"{' + '.join(RATES)} must not exceed 1")
    return validated


def _checked(key: str, value: Any) -> int | float:
    if key == "seed":
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"seed must be an integer, not {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{key} must be a number, not {value!r}")
    if key in RATES and not 0 <= value <= 1:
        raise ValueError(f"{key} must be between 0 and 1, not {value!r}")
    if key == "consistency_s" and not (0 <= value < math.inf):
        raise ValueError(f"consistency_s must be a finite number of seconds >= 0, not {value!r}")
    return float(value)


def _kind(settings: Settings, draw: float) -> str | None:
    """The fault the draw (0 <= draw < 1) falls on, by cumulative rates."""
    for kind, rate in (("throttle", settings.throttle), ("5xx", settings.error_5xx), ("drop", settings.drop)):
        if draw < rate:
            return kind
        draw -= rate
    return None


# --- what a request names -----------------------------------------------------------


def _named(environ: dict, body: bytes) -> set[str]:
    """Values the request names explicitly: query and form parameters except filter values, JSON strings."""
    pairs = parse_qsl(environ.get("QUERY_STRING", ""))
    content_type = environ.get("CONTENT_TYPE", "")
    if "x-www-form-urlencoded" in content_type:
        pairs += parse_qsl(body.decode("utf-8", "replace"))
    named = {value for key, value in pairs if not FILTER_VALUE.match(key)}
    if "json" in content_type and body:
        try:
            named.update(_strings(json.loads(body)))
        except ValueError:
            pass
    return named


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# --- the errors, per protocol -------------------------------------------------------


@cache
def _service(name: str) -> _Service | None:
    """How the service answers errors; None for a service botocore does not know or a protocol we cannot speak."""
    try:
        model = botocore.session.get_session().get_service_model(name)
    except UnknownServiceError:
        return None
    # botocore speaks the first protocol of its own priority list that the service offers (cloudwatch: json, not cbor).
    dialect = SERVICE_DIALECTS.get(name, model.resolved_protocol)
    if dialect not in DIALECTS:
        return None
    metadata = model.metadata
    shape = next((model.shape_for(shape) for shape in NOT_FOUND_SHAPES if shape in model.shape_names), None)
    error = (shape.metadata.get("error") or {}) if shape else {}
    shape_name = shape.name if shape else "ResourceNotFoundException"
    query_code = error.get("code", shape_name)
    code = shape_name if dialect in ("json", "rest-json") else query_code
    not_found = _Error(error.get("httpStatusCode", 400), code, "The requested resource does not exist.", query_code)
    return _Service(dialect, metadata.get("jsonVersion", "1.1"), metadata.get("xmlNamespace", ""), "awsQueryCompatible" in metadata, not_found)


def _fault_error(kind: str, service: _Service, draw: random.Random) -> _Error:
    dialect = DIALECTS[service.dialect]
    if kind == "throttle":
        return dialect.throttle
    return dialect.internal if draw.random() < 0.5 else dialect.unavailable


def _not_found(service_name: str, service: _Service, name: str) -> _Error:
    ec2_id = EC2_ID.fullmatch(name) if service_name == "ec2" else None
    if ec2_id:
        return _Error(400, EC2_NOT_FOUND[ec2_id.group(1)], f"The ID '{name}' does not exist")
    return replace(service.not_found, message=f"Resource '{name}' does not exist.")


def _answer(kind: str, error: _Error, service: _Service, draw: random.Random) -> Injected:
    request_id = str(uuid.UUID(int=draw.getrandbits(128), version=4))
    headers, body = DIALECTS[service.dialect].render(error, service, request_id)
    return Injected(kind, error.status, headers, body)


def _fault_type(error: _Error) -> str:
    return "Sender" if error.status < 500 else "Receiver"


def _xml(text: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}'.encode()


def _ec2_xml(error: _Error, service: _Service, request_id: str) -> tuple[list[tuple[str, str]], bytes]:
    error_xml = f"<Error><Code>{error.code}</Code><Message>{escape(error.message)}</Message></Error>"
    body = f"<Response><Errors>{error_xml}</Errors><RequestID>{request_id}</RequestID></Response>"
    return [("Content-Type", "text/xml;charset=UTF-8"), ("x-amzn-RequestId", request_id)], _xml(body)


def _error_response_xml(error: _Error, service: _Service, request_id: str) -> tuple[list[tuple[str, str]], bytes]:
    namespace = f' xmlns="{service.namespace}"' if service.namespace else ""
    body = (
        f"<ErrorResponse{namespace}><Error><Type>{_fault_type(error)}</Type><Code>{error.code}</Code>"
        f"<Message>{escape(error.message)}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
    )
    return [("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id)], _xml(body)


def _s3_xml(error: _Error, service: _Service, request_id: str) -> tuple[list[tuple[str, str]], bytes]:
    host_id = uuid.uuid5(uuid.NAMESPACE_URL, request_id).hex
    body = f"<Error><Code>{error.code}</Code><Message>{escape(error.message)}</Message><RequestId>{request_id}</RequestId><HostId>{host_id}</HostId></Error>"
    return [("Content-Type", "application/xml"), ("x-amz-request-id", request_id), ("x-amz-id-2", host_id)], _xml(body)


def _json(error: _Error, service: _Service, request_id: str) -> tuple[list[tuple[str, str]], bytes]:
    headers = [("Content-Type", f"application/x-amz-json-{service.json_version}"), ("x-amzn-RequestId", request_id), ("x-amzn-ErrorType", error.code)]
    if service.query_compatible:
        headers.append(("x-amzn-query-error", f"{error.query_code or error.code};{_fault_type(error)}"))
    return headers, json.dumps({"__type": error.code, "message": error.message}).encode()


def _rest_json(error: _Error, service: _Service, request_id: str) -> tuple[list[tuple[str, str]], bytes]:
    headers = [("Content-Type", "application/json"), ("x-amzn-RequestId", request_id), ("x-amzn-ErrorType", error.code)]
    return headers, json.dumps({"message": error.message}).encode()


_THROTTLING = _Error(400, "Throttling", "Rate exceeded")
_INTERNAL_ERROR = _Error(500, "InternalError", "An internal error has occurred.")
_INTERNAL_FAILURE = _Error(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.")
_UNAVAILABLE = _Error(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
_ERROR_RESPONSE = _Dialect(_error_response_xml, _THROTTLING, _INTERNAL_ERROR, _UNAVAILABLE)
DIALECTS = {
    "ec2": _Dialect(_ec2_xml, _Error(503, "RequestLimitExceeded", "Request limit exceeded."), _INTERNAL_ERROR, _UNAVAILABLE),
    "query": _ERROR_RESPONSE,
    "rest-xml": _ERROR_RESPONSE,  # route53, cloudfront
    "s3": _Dialect(
        _s3_xml,
        _Error(503, "SlowDown", "Please reduce your request rate."),
        _Error(500, "InternalError", "We encountered an internal error. Please try again."),
        _Error(503, "ServiceUnavailable", "Service is unable to handle request."),
    ),
    "json": _Dialect(_json, _Error(400, "ThrottlingException", "Rate exceeded", query_code="Throttling"), _INTERNAL_FAILURE, _UNAVAILABLE),
    "rest-json": _Dialect(_rest_json, _Error(429, "TooManyRequestsException", "Rate exceeded"), _INTERNAL_FAILURE, _UNAVAILABLE),
}
# Where a service answers unlike the other services of its protocol.
SERVICE_DIALECTS = {"s3": "s3"}
