"""A private emulator for the test session, on a free loopback port."""

from __future__ import annotations

import json
import sys
import urllib.request
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools" / "emulator"))

from webstack_emulator import control  # noqa: E402

REGION = "eu-west-1"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@dataclass
class CallLog:
    """The emulator's record of AWS calls, as tests read it."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def mutating(self) -> list[str]:
        return [f"{c['service']}:{c['operation']}" for c in self.calls if c["mutating"]]

    def count(self, operation: str) -> int:
        return sum(1 for c in self.calls if c["operation"] == operation)

    @property
    def faults(self) -> list[str]:
        """Calls answered with an injected fault instead of AWS's answer."""
        return [f"{c['fault']} {c['service']}:{c['operation']}" for c in self.calls if c.get("fault")]


class Emulator:
    """Handle on a running emulator: AWS clients, call log, reset."""

    def __init__(self, url: str, state_dir: Path) -> None:
        self.url = url
        self.state_dir = state_dir

    @classmethod
    def start(cls, state_dir: Path) -> Emulator:
        url = control.start(control.free_port(), state_dir)
        return cls(url, state_dir)

    def stop(self) -> None:
        control.stop(self.state_dir)

    def _control(self, method: str, action: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(f"{self.url}/_webstack/{action}", data=data, method=method)
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.load(answer)

    def reset(self) -> None:
        """Forget every resource and call; faults and latency back to none."""
        self._control("POST", "reset")

    def faults(self, **settings: Any) -> dict[str, Any]:
        """Inject faults from now on: seed, throttle, error_5xx, drop (rates 0..1), consistency_s."""
        return self._control("POST", "faults", settings)

    def latency(self, profile: str = "none", scale: float = 1.0) -> dict[str, Any]:
        """Give slow resources their provisioning time from now on."""
        return self._control("POST", "latency", {"profile": profile, "scale": scale})

    def slow_resources(self) -> list[dict[str, Any]]:
        """Every slow resource started since the reset, with its kind, phase and duration."""
        return self._control("GET", "latency")["resources"]

    def seed_costs(self, data: dict[str, Any]) -> dict[str, Any]:
        """Replace the cost data set Cost Explorer answers from (tools/emulator/README.md, "Seeded cost data").

        Answers the data set as stored, defaults filled in; a malformed set raises ValueError with the emulator's reason.
        """
        try:
            return self._control("POST", "costs", data)
        except urllib.request.HTTPError as error:
            raise ValueError(json.load(error).get("error", str(error))) from error

    def clear_calls(self) -> None:
        self._control("DELETE", "calls")

    def calls(self) -> CallLog:
        return CallLog(self._control("GET", "calls")["calls"])

    def client(self, service: str, region: str = REGION) -> Any:
        # S3 Control prefixes the endpoint's host with the account ID: reach the emulator as the proxy, as the plays do.
        config = Config(proxies={"http": self.url}) if service == "s3control" else None
        return boto3.client(service, endpoint_url=self.url, region_name=region, config=config, **CREDENTIALS)

    @property
    def env(self) -> dict[str, str]:
        """Environment that points ansible-playbook (via the local inventory) at this emulator."""
        return {
            "WEBSTACK_AWS_ENDPOINT_URL": self.url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }
