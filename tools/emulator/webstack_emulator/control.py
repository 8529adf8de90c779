"""Start, stop and query the emulator as a background process.

    python -m webstack_emulator.control start [--port 4566] [--state-dir .emulator] \
        [--faults '{"seed": 1, "throttle": 0.1}'] [--latency-profile aws-scaled --latency-scale 0.05]
    python -m webstack_emulator.control stop
    python -m webstack_emulator.control status

`start` is idempotent: when an emulator already answers on the port it is
reused. The last line `start` prints is the endpoint URL.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_webstack/health", timeout=timeout) as answer:
            return json.load(answer).get("status") == "running"
    except OSError:
        return False


def start(port: int, state_dir: Path, wait_seconds: float = 60.0, server_args: list[str] | None = None) -> str:
    """Start the emulator in the background (server_args go to webstack_emulator.server) and return its URL."""
    url = f"http://127.0.0.1:{port}"
    if healthy(url):
        return url
    state_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")])))
    with open(state_dir / "emulator.log", "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "webstack_emulator.server", "--port", str(port), *(server_args or [])],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    (state_dir / "emulator.pid").write_text(str(process.pid))
    (state_dir / "endpoint").write_text(url)
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if healthy(url):
            return url
        if process.poll() is not None:
            raise SystemExit(f"the emulator exited with {process.returncode}; see {state_dir / 'emulator.log'}")
        time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"the emulator did not answer on {url} within {wait_seconds:.0f}s; see {state_dir / 'emulator.log'}")


def stop(state_dir: Path) -> bool:
    pid_file = state_dir / "emulator.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text())
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    pid_file.unlink()
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEBSTACK_EMULATOR_PORT", "4566")))
    parser.add_argument("--state-dir", type=Path, default=Path(".emulator"))
    parser.add_argument("--faults", help="fault settings as JSON, for a new emulator (see faults.py)")
    parser.add_argument("--latency-profile", help="provisioning latency profile for a new emulator (none, aws-scaled)")
    parser.add_argument("--latency-scale", help="multiplies every duration of the profile")
    args = parser.parse_args(argv)
    server_args = [
        arg
        for flag, value in (("--faults", args.faults), ("--latency-profile", args.latency_profile), ("--latency-scale", args.latency_scale))
        if value is not None
        for arg in (flag, value)
    ]
    url = f"http://127.0.0.1:{args.port}"
    if args.action == "start":
        already = healthy(url)
        url = start(args.port, args.state_dir, server_args=server_args)
        print("emulator already running" if already else "emulator started")
        print(url)
    elif args.action == "stop":
        print("emulator stopped" if stop(args.state_dir) else "no emulator started from here")
    else:
        running = healthy(url)
        print(f"{url} {'running' if running else 'not running'}")
        raise SystemExit(0 if running else 1)


if __name__ == "__main__":
    main()
