"""moto's server on loopback, wrapped with a call log and our fidelity fixes.

    python -m webstack_emulator.server --port 4566

    python -m webstack_emulator.server --port 4566 --faults '{"seed": 7, "throttle": 0.1}' \
        --latency-profile aws-scaled --latency-scale 0.01

Control endpoints (JSON), next to the AWS APIs on the same port:
    GET    /_webstack/health   liveness
    GET    /_webstack/calls    every AWS call since the last reset: service, operation, mutating,
                               status, and the fault injected instead of an answer (or null)
    DELETE /_webstack/calls    clear the call log
    GET    /_webstack/faults   the fault settings (see faults.py)
    POST   /_webstack/faults   replace them: {"seed", "throttle", "error_5xx", "drop", "consistency_s"}
    GET    /_webstack/latency  the latency profile, its scale and every slow resource started since the reset
    POST   /_webstack/latency  choose them: {"profile": "none" | "aws-scaled", "scale": 0.01}
    GET    /_webstack/costs    the cost data set Cost Explorer answers from (see extensions/ce_costs.py)
    POST   /_webstack/costs    replace it: {"currency", "today", "usage", "savings_plans", "discounts"};
                               400 with the first malformed field, which leaves the data set as it was
    GET    /_webstack/ecs-task-exits  the exit codes planned for the next one-off ECS tasks, per family
    POST   /_webstack/ecs-task-exits  plan one: {"family", "exit_code", "tasks": 1} (see extensions/ecs_tasks.py)
    POST   /_webstack/reset    forget every resource, the cost data and the planned task exits, clear the
                               call log, back to the startup faults and latency
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import threading
from collections.abc import Callable
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from werkzeug.serving import run_simple

from webstack_emulator import extensions
from webstack_emulator import latency
from webstack_emulator.extensions import ce_costs
from webstack_emulator.extensions import ecs_tasks
from webstack_emulator.faults import Faults
from webstack_emulator.faults import Injected
from webstack_emulator.operations import identify

CONTROL_PREFIX = "/_webstack/"


class CallLog:
    """Thread-safe list of the AWS calls the emulator answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: list[dict[str, Any]] = []

    def add(self, service: str, operation: str, mutating: bool, status: int, fault: str | None = None) -> None:
        with self._lock:
            self._calls.append({"service": service, "operation": operation, "mutating": mutating, "status": status, "fault": fault})

    def snapshot(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._calls)

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()


class Emulator:
    """WSGI application: control endpoints, then moto with every call logged."""

    def __init__(self, backend: Callable, faults: dict | None = None, slowness: dict | None = None) -> None:
        self.backend = backend
        self.calls = CallLog()
        self.faults = Faults()
        self.startup = {"faults": faults or {}, "latency": slowness or {}}
        self._restore_startup_settings()

    def _restore_startup_settings(self) -> None:
        self.faults.configure(self.startup["faults"])
        latency.configure(**self.startup["latency"])

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        body = _read_body(environ)
        if path.startswith(CONTROL_PREFIX):
            return self._control(path[len(CONTROL_PREFIX) :], environ.get("REQUEST_METHOD", "GET"), body, start_response)
        call = identify(environ, body)
        injected = self.faults.before(call, environ, body)
        if injected is not None:
            self.calls.add(call.service, call.operation, call.mutating, injected.status, injected.kind)
            return _inject(injected, environ, start_response)
        status_holder: dict[str, int] = {}

        def recording_start_response(status: str, headers: list, exc_info: Any = None) -> Callable:
            status_holder["code"] = int(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        result = self.backend(environ, recording_start_response)
        try:
            answer = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        self.faults.after(call, status_holder.get("code", 0), answer)
        self.calls.add(call.service, call.operation, call.mutating, status_holder.get("code", 0))
        return [answer]

    def _control(self, action: str, method: str, body: bytes, start_response: Callable) -> Iterable[bytes]:
        try:
            return self._answer_control(action, method, json.loads(body or b"{}"), start_response)
        except (TypeError, ValueError) as error:
            return _json(start_response, {"error": str(error)}, "400 Bad Request")

    def _answer_control(self, action: str, method: str, payload: dict, start_response: Callable) -> Iterable[bytes]:
        if action == "faults":
            return _json(start_response, self.faults.configure(payload) if method == "POST" else self.faults.settings())
        if action == "latency":
            if method == "POST":
                latency.configure(**payload)
            return _json(start_response, latency.report())
        if action == "health":
            return _json(start_response, {"status": "running"})
        if action == "costs" and method == "POST":
            return _json(start_response, ce_costs.seed(payload))
        if action == "costs" and method == "GET":
            return _json(start_response, ce_costs.snapshot())
        if action == "ecs-task-exits" and method == "POST":
            return _json(start_response, ecs_tasks.plan_exit(payload))
        if action == "ecs-task-exits" and method == "GET":
            return _json(start_response, ecs_tasks.planned_exits())
        if action == "calls" and method == "GET":
            return _json(start_response, {"calls": self.calls.snapshot()})
        if action == "calls" and method == "DELETE":
            self.calls.clear()
            return _json(start_response, {"calls": []})
        if action == "reset" and method == "POST":
            extensions.reset_moto()
            ce_costs.reset()
            ecs_tasks.reset()
            self.calls.clear()
            self.faults.reset()
            latency.reset()
            self._restore_startup_settings()
            return _json(start_response, {"reset": True})
        return _json(start_response, {"error": f"unknown control call {method} {action}"}, "404 Not Found")


def _read_body(environ: dict) -> bytes:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _inject(injected: Injected, environ: dict, start_response: Callable) -> Iterable[bytes]:
    """Answer with the injected error, or drop the connection without a word."""
    if injected.kind == "drop":
        connection = environ.get("werkzeug.socket")
        if connection is not None:
            connection.shutdown(socket.SHUT_RDWR)
        # werkzeug treats a ConnectionError as the client going away: no answer, no error logged.
        raise ConnectionAbortedError("connection dropped by fault injection")
    start_response(f"{injected.status} {HTTPStatus(injected.status).phrase}", [*injected.headers, ("Content-Length", str(len(injected.body)))])
    return [injected.body]


def _json(start_response: Callable, payload: dict, status: str = "200 OK") -> list[bytes]:
    data = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def build_app(faults: dict | None = None, slowness: dict | None = None) -> Emulator:
    """The emulator WSGI app with every fidelity fix applied, and the faults and latency it starts with."""
    from moto.server import DomainDispatcherApplication
    from moto.server import create_backend_app

    extensions.apply_all()
    latency.apply()
    return Emulator(DomainDispatcherApplication(create_backend_app), faults, slowness)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (loopback only by default)")
    parser.add_argument("--port", type=int, default=4566)
    parser.add_argument("--faults", type=json.loads, default={}, help="fault settings as JSON, as POST /_webstack/faults takes them")
    parser.add_argument("--latency-profile", default="none", help="provisioning latency profile (none, aws-scaled)")
    parser.add_argument("--latency-scale", type=float, default=1.0, help="multiplies every duration of the profile")
    args = parser.parse_args(argv)
    os.environ.setdefault("MOTO_PORT", str(args.port))
    os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    # Certificates are issued at once unless a latency profile says otherwise (moto waits 60 s by default).
    os.environ.setdefault("MOTO_ACM_VALIDATION_WAIT", "0")
    app = build_app(args.faults, {"profile": args.latency_profile, "scale": args.latency_scale})
    run_simple(args.host, args.port, app, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
