"""Measure the local stack on a private emulator and write benchmarks/report.{md,json}.

    .venv/bin/python -m benchmarks.run [--inventory inventories/local] [--scale 0.5] [--baseline fresh] [--output-dir benchmarks]

1. first converge on an empty account (wall time, calls by operation, mutating calls);
2. no-op converge (the same, plus read calls per managed resource);
3. teardown, reset, a fresh converge without latency (the baseline) and its teardown;
4. reset, then a converge under the latency profile: its wall time minus the baseline's
   against the longest dependency chain and the sum of all waits.

Exits non-zero only when a playbook fails (a functional failure); a missed goal is reported, not failed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import machine  # noqa: E402
from benchmarks.report import build_report  # noqa: E402
from benchmarks.report import render_markdown  # noqa: E402
from benchmarks.report import summarize_latency  # noqa: E402
from benchmarks.report import summarize_noop  # noqa: E402
from benchmarks.report import summarize_run  # noqa: E402

LATENCY_PROFILE = "aws-scaled"


class PlaybookFailed(Exception):
    """A converge or teardown did not succeed: the benchmark measures nothing then."""


def stack_identity(inventory: Path) -> tuple[str, str]:
    """webstack_name and webstack_environment from the inventory's group_vars (files or directories)."""
    found: dict[str, str] = {}
    group_vars = inventory / "group_vars"
    files = sorted(path for pattern in ("*.yml", "*.yaml", "*/*.yml", "*/*.yaml") for path in group_vars.glob(pattern))
    for path in files:
        data = yaml.safe_load(path.read_text()) or {}
        for key in ("webstack_name", "webstack_environment"):
            if isinstance(data, dict) and key in data:
                found.setdefault(key, str(data[key]))
    missing = [key for key in ("webstack_name", "webstack_environment") if key not in found]
    if missing:
        raise ValueError(f"{inventory}: no {' or '.join(missing)} in group_vars")
    return found["webstack_name"], found["webstack_environment"]


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def timed(what: str, action: Callable[[], Any]) -> tuple[Any, float]:
    """Run one playbook; its Run and wall seconds, or PlaybookFailed with what failed."""
    log(f"{what} ...")
    start = time.monotonic()
    run = action()
    wall = time.monotonic() - start
    if not run.ok:
        detail = "\n".join(run.failures) or run.stdout[-3000:]
        raise PlaybookFailed(f"{what} failed (rc {run.rc}, {run.status}):\n{detail}")
    log(f"{what}: {wall:.1f} s, {len(run.calls.calls)} AWS calls, {len(run.calls.mutating)} mutating")
    return run, wall


def measure(emulator: Any, inventory: str, workdir: Path, scale: float, baseline: str = "fresh") -> dict[str, Any]:
    from tests.harness.leftovers import managed_resources
    from tests.harness.stack import Stack

    name, environment = stack_identity(REPO / inventory)
    stack = Stack(emulator, inventory, workdir)

    emulator.reset()
    run, wall = timed("first converge", stack.converge)
    first = summarize_run(wall, run.calls.calls)

    run, wall = timed("no-op converge", stack.converge)
    managed = managed_resources(emulator, name, environment)
    noop = summarize_noop(wall, run.calls.calls, managed)
    log(f"{noop['managed_resources']} managed resources, {noop['read_calls_per_resource']} read calls per resource")
    timed("teardown", stack.teardown)

    no_latency_wall = first["wall_s"]
    if baseline == "fresh":
        # The same fresh converge without latency, right before the one with it: both on a warm
        # emulator and under the same machine load, so their difference is the latency's.
        emulator.reset()
        _, no_latency_wall = timed("baseline converge without latency", stack.converge)
        timed("teardown of the baseline", stack.teardown)

    emulator.reset()
    emulator.latency(LATENCY_PROFILE, scale)
    run, wall = timed(f"converge under latency ({LATENCY_PROFILE}, scale {scale:g})", stack.converge)
    latency = summarize_latency(LATENCY_PROFILE, scale, wall, no_latency_wall, emulator.slow_resources(), baseline, run.calls.calls)
    timed("teardown under latency", stack.teardown)
    emulator.reset()
    return build_report(machine.describe(), inventory, first, noop, latency)


def write(report: dict[str, Any], output_dir: Path) -> str:
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    markdown = render_markdown(report)
    (output_dir / "report.md").write_text(markdown)
    return markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inventory", default="inventories/local", help="inventory (relative to the repository) whose stack the emulator holds")
    parser.add_argument("--scale", type=float, default=0.5, help=f"scale of the {LATENCY_PROFILE} latency profile (1.0 = AWS's own times)")
    parser.add_argument(
        "--baseline",
        choices=("fresh", "first"),
        default="fresh",
        help="the converge without latency the latency run is compared with: a fresh one right before it (default), or the first converge (one converge less)",
    )
    parser.add_argument("--output-dir", type=Path, default=REPO / "benchmarks", help="where report.md and report.json go")
    args = parser.parse_args(argv)

    from tests.harness.emulator import Emulator

    with tempfile.TemporaryDirectory(prefix="webstack-bench-") as tmp:
        log("starting a private emulator")
        emulator = Emulator.start(Path(tmp) / "emulator")
        try:
            report = measure(emulator, args.inventory, Path(tmp) / "runs", args.scale, args.baseline)
        except PlaybookFailed as failure:
            print(f"bench: FAILED: {failure}", file=sys.stderr)
            emulator_log = Path(tmp) / "emulator" / "emulator.log"
            if emulator_log.exists():
                tail = emulator_log.read_text(errors="replace").splitlines()[-40:]
                print("bench: the emulator's log ends with:\n" + "\n".join(tail), file=sys.stderr)
            return 1
        finally:
            emulator.stop()
    markdown = write(report, args.output_dir)
    print(markdown)
    if report["latency"]["overhead_s"] < 0:
        print("bench: the overhead under latency is negative: wall times vary more than the latency adds; the latency goal says little")
    missed = [goal["name"] for goal in report["goals"] if not goal["met"]]
    if missed:
        print(f"bench: goals MISSED: {', '.join(missed)} (reported, not failed)")
    else:
        print("bench: every goal met")
    print(f"bench: wrote {args.output_dir / 'report.md'} and {args.output_dir / 'report.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
