"""moto's server on loopback, wrapped with a call log and our fidelity fixes.

    python -m webstack_emulator.server --port 4566

Control endpoints (JSON), next to the AWS APIs on the same port:
    GET    /_webstack/health   liveness
    GET    /_webstack/calls    every AWS call since the last reset: service, operation, mutating
    DELETE /_webstack/calls    clear the call log
    POST   /_webstack/reset    forget every resource and clear the call log
"""

from __future__ import annotations

import argparse
import io
import json
import os
import threading
from collections.abc import Callable
from collections.abc import Iterable
from typing import Any

from werkzeug.serving import run_simple

from webstack_emulator import extensions
from webstack_emulator.operations import identify

CONTROL_PREFIX = "/_webstack/"


class CallLog:
    """Thread-safe list of the AWS calls the emulator answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: list[dict[str, Any]] = []

    def add(self, service: str, operation: str, mutating: bool, status: int) -> None:
        with self._lock:
            self._calls.append({"service": service, "operation": operation, "mutating": mutating, "status": status})

    def snapshot(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._calls)

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()


class Emulator:
    """WSGI application: control endpoints, then moto with every call logged."""

    def __init__(self, backend: Callable) -> None:
        self.backend = backend
        self.calls = CallLog()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(CONTROL_PREFIX):
            return self._control(path[len(CONTROL_PREFIX):], environ.get("REQUEST_METHOD", "GET"), start_response)
        body = _read_body(environ)
        call = identify(environ, body)
        status_holder: dict[str, int] = {}

        def recording_start_response(status: str, headers: list, exc_info: Any = None) -> Callable:
            status_holder["code"] = int(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        result = self.backend(environ, recording_start_response)
        self.calls.add(call.service, call.operation, call.mutating, status_holder.get("code", 0))
        return result

    def _control(self, action: str, method: str, start_response: Callable) -> Iterable[bytes]:
        if action == "health":
            return _json(start_response, {"status": "running"})
        if action == "calls" and method == "GET":
            return _json(start_response, {"calls": self.calls.snapshot()})
        if action == "calls" and method == "DELETE":
            self.calls.clear()
            return _json(start_response, {"calls": []})
        if action == "reset" and method == "POST":
            extensions.reset_moto()
            self.calls.clear()
            return _json(start_response, {"reset": True})
        return _json(start_response, {"error": f"unknown control call {method} {action}"}, "404 Not Found")


def _read_body(environ: dict) -> bytes:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _json(start_response: Callable, payload: dict, status: str = "200 OK") -> list[bytes]:
    data = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def build_app() -> Emulator:
    """The emulator WSGI app with every fidelity fix applied."""
    from moto.server import DomainDispatcherApplication
    from moto.server import create_backend_app

    extensions.apply_all()
    return Emulator(DomainDispatcherApplication(create_backend_app))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (loopback only by default)")
    parser.add_argument("--port", type=int, default=4566)
    args = parser.parse_args(argv)
    os.environ.setdefault("MOTO_PORT", str(args.port))
    os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    run_simple(args.host, args.port, build_app(), threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
