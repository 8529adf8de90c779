"""Goals and the report, from fabricated measurements: no emulator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import machine
from benchmarks.report import build_report
from benchmarks.report import goals
from benchmarks.report import render_markdown
from benchmarks.report import summarize_latency
from benchmarks.report import summarize_noop
from benchmarks.report import summarize_run
from benchmarks.run import stack_identity


def call(operation: str, mutating: bool = False, service: str = "ec2") -> dict:
    return {"service": service, "operation": operation, "mutating": mutating, "status": 200, "fault": None}


NOOP_CALLS = [call("DescribeVpcs")] * 5 + [call("DescribeSubnets")] * 3 + [call("ListTagsForResource", service="logs")]
MANAGED = ["ec2:vpc-1", "ec2:subnet-1", "ec2:subnet-2", "logs:/flow"]
SLOW = [
    {"kind": "nat_gateway", "id": "nat-1", "phase": "create", "seconds": 6.0, "started": 100.0},
    {"kind": "nat_gateway", "id": "nat-2", "phase": "create", "seconds": 7.0, "started": 100.5},
]


def fabricated(latency_wall: float = 20.0, noop_calls: list[dict] | None = None, managed: list[str] | None = None) -> dict:
    first = summarize_run(12.0, [call("CreateVpc", mutating=True), call("DescribeVpcs")])
    noop = summarize_noop(10.0, NOOP_CALLS if noop_calls is None else noop_calls, MANAGED if managed is None else managed)
    latency = summarize_latency("aws-scaled", 0.05, latency_wall, first["wall_s"], SLOW, "fresh", [call("CreateVpc", mutating=True), call("DescribeVpcs")] * 2)
    return build_report({"cpu_count": 2, "cpu_model": "Test CPU", "date": "2025-01-01T00:00:00+00:00"}, "inventories/local", first, noop, latency)


def test_a_run_counts_calls_by_operation_and_splits_mutating_from_read() -> None:
    summary = summarize_run(1.23456, [call("DescribeVpcs"), call("CreateVpc", mutating=True), call("DescribeVpcs")])
    assert summary["wall_s"] == 1.235
    assert summary["calls"] == 3 and summary["mutating_calls"] == 1 and summary["read_calls"] == 2
    assert list(summary["calls_by_operation"].items()) == [("ec2:DescribeVpcs", 2), ("ec2:CreateVpc", 1)]
    assert summary["mutating_by_operation"] == {"ec2:CreateVpc": 1}


def test_noop_reads_per_managed_resource() -> None:
    noop = summarize_noop(10.0, NOOP_CALLS, MANAGED)
    assert noop["read_calls"] == 9 and noop["managed_resources"] == 4
    assert noop["read_calls_per_resource"] == 2.25
    assert noop["managed_by_service"] == {"ec2": 3, "logs": 1}
    assert summarize_noop(10.0, NOOP_CALLS, [])["read_calls_per_resource"] is None


def test_latency_overhead_against_its_limits() -> None:
    latency = summarize_latency("aws-scaled", 0.05, 20.0, 12.0, SLOW)
    assert latency["longest_chain_s"] == 7.0 and latency["longest_chain"] == ["nat_gateway"]
    assert latency["sequential_s"] == 13.0
    assert latency["overhead_s"] == 8.0
    assert latency["overhead_ratio"] == pytest.approx(8.0 / 7.0, abs=1e-3)
    assert summarize_latency("aws-scaled", 0.05, 20.0, 12.0, [])["overhead_ratio"] is None
    with_calls = summarize_latency("aws-scaled", 0.05, 20.0, 12.0, SLOW, "fresh", [call("DescribeNatGateways")] * 3 + [call("CreateNatGateway", mutating=True)])
    assert (with_calls["calls"], with_calls["mutating_calls"], with_calls["read_calls"]) == (4, 1, 3)
    assert with_calls["calls_by_operation"] == {"ec2:DescribeNatGateways": 3, "ec2:CreateNatGateway": 1}


def test_all_goals_met() -> None:
    report = fabricated(latency_wall=20.0)  # overhead 8 s <= 1.15 x 7 s = 8.05 s
    assert [goal["name"] for goal in report["goals"]] == ["noop.mutating_calls", "noop.read_calls_per_resource", "latency.overhead_s"]
    assert all(goal["met"] for goal in report["goals"]), report["goals"]
    assert report["goals"][2]["target"] == pytest.approx(8.05)


@pytest.mark.parametrize(
    ("kwargs", "missed"),
    [
        ({"noop_calls": [*NOOP_CALLS, call("CreateTags", mutating=True)]}, "noop.mutating_calls"),
        ({"noop_calls": NOOP_CALLS * 2}, "noop.read_calls_per_resource"),  # 18 reads / 4 resources = 4.5
        ({"managed": []}, "noop.read_calls_per_resource"),  # nothing found to divide by: not met
        ({"latency_wall": 20.1}, "latency.overhead_s"),  # 8.1 s > 8.05 s
    ],
)
def test_each_goal_can_be_missed(kwargs: dict, missed: str) -> None:
    report = fabricated(**kwargs)
    assert [goal["name"] for goal in report["goals"] if not goal["met"]] == [missed]


def test_no_slow_resource_means_the_latency_goal_is_not_met() -> None:
    report = fabricated()
    report["latency"] = summarize_latency("aws-scaled", 0.05, 12.0, 12.0, [])
    assert not goals(report["noop"], report["latency"])[2]["met"]


def test_the_json_report_has_the_promised_keys() -> None:
    report = json.loads(json.dumps(fabricated()))
    for section, keys in {
        "noop": ("mutating_calls", "read_calls", "managed_resources", "wall_s", "read_calls_per_resource", "calls_by_operation"),
        "first": ("wall_s", "calls", "mutating_calls", "calls_by_operation"),
        "latency": (
            "wall_s",
            "longest_chain_s",
            "sequential_s",
            "no_latency_wall_s",
            "baseline",
            "overhead_s",
            "overhead_ratio",
            "resources",
            "profile",
            "scale",
        ),
    }.items():
        for key in keys:
            assert key in report[section], f"{section}.{key}"
    assert "machine" in report
    assert all(set(goal) >= {"name", "target", "value", "met"} for goal in report["goals"])


def test_the_markdown_report_has_the_goal_table_operations_and_slow_resources() -> None:
    markdown = render_markdown(fabricated(latency_wall=25.0))
    assert "## Goals" in markdown
    assert "| goal | target | value | result |" in markdown
    assert markdown.count("| met |") == 2 and markdown.count("**MISSED**") == 1
    assert "| ec2:DescribeVpcs | 5 |" in markdown
    assert "| nat_gateway | nat-2 | create | 7.00 | 0.50 |" in markdown
    assert "Test CPU" in markdown
    assert "| under latency (fresh, scale 0.05) | 25.00 | 4 | 2 | 2 |" in markdown


def test_top_operations_are_cut_at_fifteen() -> None:
    calls = [call(f"Describe{n:02d}") for n in range(20)]
    markdown = render_markdown(fabricated(noop_calls=calls))
    assert "Describe14" in markdown and "Describe15" not in markdown


def test_machine_parsing() -> None:
    assert machine.cpu_model("processor\t: 0\nmodel name\t: AMD EPYC 7B13\n") == "AMD EPYC 7B13"
    assert machine.memory_gib("MemTotal:       16318412 kB\n") == 15.6
    assert machine.memory_gib("") is None
    described = machine.describe()
    assert {"cpu_count", "cpu_model", "memory_gib", "platform", "python", "ansible_core", "moto", "date"} <= set(described)


def test_stack_identity_comes_from_group_vars(tmp_path: Path) -> None:
    (tmp_path / "group_vars" / "all").mkdir(parents=True)
    (tmp_path / "group_vars" / "all" / "main.yml").write_text("---\nwebstack_name: shop\n")
    (tmp_path / "group_vars" / "prod.yml").write_text("---\nwebstack_environment: prod\nother: 1\n")
    assert stack_identity(tmp_path) == ("shop", "prod")
    (tmp_path / "group_vars" / "prod.yml").write_text("---\nother: 1\n")
    with pytest.raises(ValueError, match="webstack_environment"):
        stack_identity(tmp_path)


def test_the_local_inventory_names_its_stack() -> None:
    assert stack_identity(Path(__file__).resolve().parents[3] / "inventories" / "local") == ("demo", "local")


def test_a_negative_overhead_is_called_out() -> None:
    assert "overhead is negative" not in render_markdown(fabricated(latency_wall=20.0))
    markdown = render_markdown(fabricated(latency_wall=10.0))
    assert "overhead is negative" in markdown
    assert "a fresh converge without latency, right before" in markdown
