"""From measurements to report.json and report.md: pure functions, no emulator."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from benchmarks.chain import longest_chain
from benchmarks.chain import sequential_seconds

MAX_NOOP_MUTATING_CALLS = 0
MAX_READ_CALLS_PER_RESOURCE = 3.0
MAX_LATENCY_OVERHEAD_FACTOR = 1.15
TOP_OPERATIONS = 15


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def summarize_run(wall_s: float, calls: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Wall time and AWS calls of one converge; read calls are the calls that change nothing."""
    calls = list(calls)
    by_operation = Counter(f"{call['service']}:{call['operation']}" for call in calls)
    mutating = Counter(f"{call['service']}:{call['operation']}" for call in calls if call["mutating"])
    return {
        "wall_s": _round(wall_s),
        "calls": len(calls),
        "mutating_calls": sum(mutating.values()),
        "read_calls": len(calls) - sum(mutating.values()),
        "calls_by_operation": dict(sorted(by_operation.items(), key=lambda item: (-item[1], item[0]))),
        "mutating_by_operation": dict(sorted(mutating.items(), key=lambda item: (-item[1], item[0]))),
    }


def summarize_noop(wall_s: float, calls: Iterable[Mapping[str, Any]], managed: Iterable[str]) -> dict[str, Any]:
    """A no-op converge, with read calls per managed resource (resources listed as 'service:id')."""
    summary = summarize_run(wall_s, calls)
    managed = list(managed)
    summary["managed_resources"] = len(managed)
    summary["managed_by_service"] = dict(sorted(Counter(resource.split(":", 1)[0] for resource in managed).items()))
    summary["read_calls_per_resource"] = _round(summary["read_calls"] / len(managed), 2) if managed else None
    return summary


BASELINES = {
    "fresh": "a fresh converge without latency, right before",
    "first": "the first converge",
}


def summarize_latency(
    profile: str,
    scale: float,
    wall_s: float,
    no_latency_wall_s: float,
    resources: list[dict[str, Any]],
    baseline: str = "fresh",
    calls: Iterable[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """A converge under a latency profile against its two limits; the overhead is what latency added to the wall time.

    baseline names the converge without latency that no_latency_wall_s comes from (a key of BASELINES);
    calls are the AWS calls of the converge under latency (waiting shows as more read calls).
    """
    chain_s, chain = longest_chain(resources)
    overhead = wall_s - no_latency_wall_s
    run = summarize_run(wall_s, calls)
    return {
        "profile": profile,
        "scale": scale,
        "wall_s": _round(wall_s),
        "no_latency_wall_s": _round(no_latency_wall_s),
        "baseline": baseline,
        "longest_chain_s": _round(chain_s),
        "longest_chain": chain,
        "sequential_s": _round(sequential_seconds(resources)),
        "overhead_s": _round(overhead),
        "overhead_ratio": _round(overhead / chain_s) if chain_s > 0 else None,
        "calls": run["calls"],
        "mutating_calls": run["mutating_calls"],
        "read_calls": run["read_calls"],
        "calls_by_operation": run["calls_by_operation"],
        "resources": resources,
    }


def goals(noop: Mapping[str, Any], latency: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The three goals, each {name, target, value, met}; 'rule' says it in words."""
    per_resource = noop["read_calls_per_resource"]
    limit = round(MAX_LATENCY_OVERHEAD_FACTOR * latency["longest_chain_s"], 3)
    return [
        {
            "name": "noop.mutating_calls",
            "rule": f"a no-op converge makes at most {MAX_NOOP_MUTATING_CALLS} mutating calls",
            "target": MAX_NOOP_MUTATING_CALLS,
            "value": noop["mutating_calls"],
            "met": noop["mutating_calls"] <= MAX_NOOP_MUTATING_CALLS,
        },
        {
            "name": "noop.read_calls_per_resource",
            "rule": f"a no-op converge makes at most {MAX_READ_CALLS_PER_RESOURCE:g} read calls per managed resource",
            "target": MAX_READ_CALLS_PER_RESOURCE,
            "value": per_resource,
            "met": per_resource is not None and per_resource <= MAX_READ_CALLS_PER_RESOURCE,
        },
        {
            "name": "latency.overhead_s",
            "rule": f"latency adds at most {MAX_LATENCY_OVERHEAD_FACTOR:g} x the longest dependency chain to the converge",
            "target": limit,
            "value": latency["overhead_s"],
            "met": latency["longest_chain_s"] > 0 and latency["overhead_s"] <= limit,
        },
    ]


def build_report(
    machine: Mapping[str, Any],
    inventory: str,
    first: Mapping[str, Any],
    noop: Mapping[str, Any],
    latency: Mapping[str, Any],
) -> dict[str, Any]:
    return {
        "machine": dict(machine),
        "inventory": inventory,
        "first": dict(first),
        "noop": dict(noop),
        "latency": dict(latency),
        "goals": goals(noop, latency),
    }


def _cell(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _table(header: list[str], rows: Iterable[Iterable[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def render_markdown(report: Mapping[str, Any]) -> str:
    machine, first, noop, latency = report["machine"], report["first"], report["noop"], report["latency"]
    by_service = ", ".join(f"{service} {count}" for service, count in noop.get("managed_by_service", {}).items())
    lines = [
        "# webstack.aws benchmarks",
        "",
        f"Inventory `{report['inventory']}` on the local emulator, {machine.get('date')}.",
        "",
        f"Machine: {machine.get('cpu_count')} CPUs ({machine.get('cpu_model')}), {_cell(machine.get('memory_gib'))} GiB, "
        f"{machine.get('platform')}; Python {machine.get('python')}, ansible-core {machine.get('ansible_core')}, moto {machine.get('moto')}.",
        "",
        "## Goals",
        "",
        *_table(
            ["goal", "target", "value", "result"],
            ([goal["rule"], goal["target"], goal["value"], "met" if goal["met"] else "**MISSED**"] for goal in report["goals"]),
        ),
        "",
        "## Converges",
        "",
        *_table(
            ["run", "wall (s)", "AWS calls", "mutating", "read"],
            [
                ["first (empty account)", first["wall_s"], first["calls"], first["mutating_calls"], first.get("read_calls")],
                ["no-op (converged stack)", noop["wall_s"], noop["calls"], noop["mutating_calls"], noop["read_calls"]],
                [
                    f"under latency (fresh, scale {latency['scale']:g})",
                    latency["wall_s"],
                    latency.get("calls"),
                    latency.get("mutating_calls"),
                    latency.get("read_calls"),
                ],
            ],
        ),
        "",
        f"No-op: {noop['managed_resources']} managed resources ({by_service or 'none'}), {_cell(noop['read_calls_per_resource'])} read calls per resource.",
    ]
    if noop.get("mutating_by_operation"):
        lines += [
            "",
            "Mutating calls of the no-op: " + ", ".join(f"`{op}` x{count}" for op, count in noop["mutating_by_operation"].items()) + ".",
        ]
    lines += [
        "",
        f"### No-op converge: top {TOP_OPERATIONS} operations",
        "",
        *_table(["operation", "calls"], list(noop["calls_by_operation"].items())[:TOP_OPERATIONS]),
        "",
        f"## Under latency (profile `{latency['profile']}`, scale {latency['scale']:g})",
        "",
        *_table(
            ["measure", "seconds"],
            [
                ["converge under latency", latency["wall_s"]],
                [f"same converge without latency ({BASELINES.get(latency.get('baseline', ''), latency.get('baseline'))})", latency["no_latency_wall_s"]],
                ["overhead (difference)", latency["overhead_s"]],
                ["longest dependency chain (perfectly parallel limit)", latency["longest_chain_s"]],
                ["sum of all waits (fully sequential)", latency["sequential_s"]],
            ],
        ),
        "",
        f"Overhead / longest chain: {_cell(latency['overhead_ratio'])}. Longest chain: {' -> '.join(latency['longest_chain']) or 'none'}.",
        *(
            [
                "",
                "**The overhead is negative**: the converge without latency took longer than the one with it, so the wall times vary more "
                "than the latency adds. Run again on an idle machine, or with a larger `--scale`.",
            ]
            if latency["overhead_s"] < 0
            else []
        ),
        "",
        "### Slow resources",
        "",
    ]
    resources = latency["resources"]
    if resources:
        origin = min(float(resource.get("started") or 0.0) for resource in resources)
        rows = [
            [resource["kind"], resource["id"], resource["phase"], float(resource["seconds"]), float(resource.get("started") or 0.0) - origin]
            for resource in sorted(resources, key=lambda resource: (float(resource.get("started") or 0.0), resource["kind"], resource["id"]))
        ]
        lines += _table(["kind", "id", "phase", "seconds", "started at (s)"], rows)
    else:
        lines.append("None: the profile gave no resource a provisioning time.")
    return "\n".join(lines) + "\n"
