"""playbooks/cost_report.yml on seeded cost data: the report's figures are the ones this test computes from the seed.

The expected figures follow the rules Cost Explorer's answers are documented by (tools/emulator/README.md,
"Cost data"), computed here on their own from the seed, never read back from the emulator.
"""

from __future__ import annotations

import csv
import html.parser
from collections import defaultdict
from datetime import date
from datetime import timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.harness.emulator import Emulator
from tests.harness.stack import Stack

STACK, ENVIRONMENT = "demo", "local"
TODAY = date(2026, 11, 20)
START, END = date(2026, 8, 1), date(2026, 11, 1)
MONTHS = [(date(2026, 8, 1), date(2026, 9, 1)), (date(2026, 9, 1), date(2026, 10, 1)), (date(2026, 10, 1), date(2026, 11, 1))]
PLAN = "arn:aws:savingsplans::123456789012:savingsplan/3f1b5c2e-8a7d-4c1e-9b2a-6d5e4f3a2b1c"
HOURLY_COMMITMENT = Decimal("0.250")
ECS, RDS, CACHE, KMS = "Amazon Elastic Container Service", "Amazon Relational Database Service", "Amazon ElastiCache", "AWS Key Management Service"
COMPUTE_SP_DISCOUNT = Decimal("0.20")  # ONE_YEAR NO_UPFRONT, given in the seed
RDS_DISCOUNT = Decimal("0.30")
CENT, MILL = Decimal("0.01"), Decimal("0.001")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def days(first: date, last: date) -> list[date]:
    """Every day in [first, last)."""
    return [first + timedelta(days=n) for n in range((last - first).days)]


def stack_tags(component: str, stack: str = STACK) -> dict[str, str]:
    return {"webstack:stack": stack, "webstack:environment": ENVIRONMENT, "webstack:component": component}


def seed_usage() -> list[dict[str, Any]]:
    """110 days of a small stack, another stack's spend and untagged spend, each day a little different."""
    usage = []
    for index, day in enumerate(days(START, TODAY)):
        covered = {"savings_plan_arn": PLAN, "savings_plan_cost": "4.80"}
        usage += [
            item(day, ECS, "6.50", "24", stack_tags("ecs_service"), **covered),
            item(day, ECS, f"{4 + index % 5}.50", "18", stack_tags("ecs_service")),
            item(day, RDS, f"{Decimal('0.25') * (24 if index % 10 == 0 else 48)}", "24" if index % 10 == 0 else "48", stack_tags("rds"), "db.r6g.large"),
            item(day, CACHE, "2.40", "24", stack_tags("elasticache"), "cache.t4g.small"),
            item(day, ECS, "3.00", "12", stack_tags("ecs_service", stack="other")),
            item(day, KMS, "0.10", "1", {}),
        ]
    return usage


def item(day: date, service: str, cost: str, quantity: str, tags: dict[str, str], instance_type: str | None = None, **coverage: str) -> dict[str, Any]:
    return {
        "date": day.isoformat(),
        "service": service,
        "region": "eu-west-1",
        "usage_type": f"EUW1-{service.split()[-1]}-Hours",
        "instance_type": instance_type,
        "on_demand_cost": cost,
        "usage_quantity": quantity,
        "tags": tags,
        **coverage,
    }


SEED = {
    "currency": "USD",
    "today": TODAY.isoformat(),
    "usage": seed_usage(),
    "savings_plans": [
        {
            "arn": PLAN,
            "type": "Compute",
            "term": "ONE_YEAR",
            "payment_option": "NO_UPFRONT",
            "hourly_commitment": str(HOURLY_COMMITMENT),
            "start": "2026-01-01",
            "end": "2027-01-01",
            "region": "Any",
        }
    ],
    "discounts": {"COMPUTE_SP": {"ONE_YEAR": {"NO_UPFRONT": str(COMPUTE_SP_DISCOUNT)}}, "RDS": {"ONE_YEAR": {"NO_UPFRONT": str(RDS_DISCOUNT)}}},
}


def in_period(usage: dict[str, Any], first: date, last: date) -> bool:
    return first <= date.fromisoformat(usage["date"]) < last


def cost_of(usage: dict[str, Any]) -> Decimal:
    return Decimal(usage.get("savings_plan_cost") or usage["on_demand_cost"])


def expected_cost_by_service(first: date, last: date) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for usage in SEED["usage"]:
        if in_period(usage, first, last) and usage["tags"].get("webstack:stack") == STACK:
            totals[usage["service"]] += cost_of(usage)
    return {service: money(total) for service, total in totals.items()}


def expected_utilization(first: date, last: date) -> dict[str, Decimal]:
    total = HOURLY_COMMITMENT * 24 * (last - first).days
    covered = [u for u in SEED["usage"] if in_period(u, first, last) and u.get("savings_plan_arn") == PLAN]
    used = min(total, sum((Decimal(u["savings_plan_cost"]) for u in covered), Decimal(0)))
    return {"total_commitment": money(total), "used_commitment": money(used), "utilization_percentage": money(used / total * 100)}


def expected_coverage(first: date, last: date) -> dict[str, Decimal]:
    eligible = [u for u in SEED["usage"] if in_period(u, first, last) and u["service"] == ECS]
    covered = sum((Decimal(u["on_demand_cost"]) for u in eligible if u.get("savings_plan_arn")), Decimal(0))
    total = sum((Decimal(u["on_demand_cost"]) for u in eligible), Decimal(0))
    return {"spend_covered": money(covered), "total_cost": money(total), "coverage_percentage": money(covered / total * 100)}


def lookback_days(count: int) -> list[date]:
    return days(TODAY - timedelta(days=count), TODAY)


def expected_recommendation() -> dict[str, Decimal]:
    """Compute Savings Plan: the lowest day of uncovered eligible spend over the 30 days before today, per hour."""
    daily = {day: Decimal(0) for day in lookback_days(30)}
    for usage in SEED["usage"]:
        day = date.fromisoformat(usage["date"])
        if day in daily and usage["service"] == ECS and not usage.get("savings_plan_arn"):
            daily[day] += Decimal(usage["on_demand_cost"])
    base = min(daily.values()) / 24
    hourly = (base * (1 - COMPUTE_SP_DISCOUNT)).quantize(MILL, rounding=ROUND_HALF_UP)
    return {"hourly_commitment": hourly, "estimated_monthly_savings": money((base - hourly) * 730)}


def expected_rds_reservation() -> tuple[int, Decimal]:
    hours = {day: Decimal(0) for day in lookback_days(30)}
    cost = quantity = Decimal(0)
    for usage in SEED["usage"]:
        day = date.fromisoformat(usage["date"])
        if day in hours and usage["service"] == RDS:
            hours[day] += Decimal(usage["usage_quantity"])
            cost += Decimal(usage["on_demand_cost"])
            quantity += Decimal(usage["usage_quantity"])
    count = int(min(hours.values()) // 24)
    return count, money(count * (cost / quantity) * 730 * RDS_DISCOUNT)


@pytest.fixture(scope="module")
def report(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Path:
    emulator.reset()
    emulator.seed_costs(SEED)
    directory = tmp_path_factory.mktemp("cost-report") / "out"
    stack = Stack(emulator, "inventories/local", tmp_path_factory.mktemp("cost-report-runs"))
    run = stack.run(
        "playbooks/cost_report.yml",
        extravars={"cost_report_dir": str(directory), "cost_report_start": START.isoformat(), "cost_report_end": END.isoformat()},
    )
    assert run.ok, run.failures
    assert run.calls.mutating == [], "a report only reads"
    return directory


def test_the_seed_is_what_the_test_expects() -> None:
    """Guards the expectations themselves: each month has spend, the plan is under-used, and there is something to buy."""
    assert all(expected_cost_by_service(first, last)[ECS] > 0 for first, last in MONTHS)
    assert Decimal(0) < expected_utilization(START, END)["utilization_percentage"] < 100
    assert expected_recommendation()["hourly_commitment"] > 0
    assert expected_rds_reservation()[0] == 1


def rows(report: Path, section: str) -> list[dict[str, str]]:
    with (report / "cost-report.csv").open(newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["stack"] == f"{STACK}-{ENVIRONMENT}" and row["section"] == section]


WORDS = {"type", "term", "payment_option", "lookback", "savings_plans_type"}


def figures(report: Path, section: str, key: str = "") -> dict[str, Decimal]:
    """The section's numbers for one key (descriptive fields such as a plan's term left out)."""
    return {row["metric"]: Decimal(row["value"]) for row in rows(report, section) if row["key"] == key and row["metric"] not in WORDS}


def test_cost_by_service_is_the_stacks_own_spend_month_by_month(report: Path) -> None:
    for first, last in MONTHS:
        found = {
            row["key"]: Decimal(row["value"])
            for row in rows(report, "cost_by_service")
            if row["period_start"] == first.isoformat() and row["metric"] == "amount"
        }
        assert found == expected_cost_by_service(first, last), f"{first:%B}"
        [total] = [r for r in rows(report, "cost_by_service") if r["period_start"] == first.isoformat() and r["metric"] == "total"]
        assert Decimal(total["value"]) == sum(found.values())
        assert total["currency"] == "USD"


def test_utilization_of_the_savings_plan(report: Path) -> None:
    total = figures(report, "utilization_total")
    assert {name: total[name] for name in ("total_commitment", "used_commitment", "utilization_percentage")} == expected_utilization(START, END)
    per_month = {row["period_start"]: row for row in rows(report, "utilization_by_period") if row["metric"] == "utilization_percentage"}
    for first, last in MONTHS:
        assert Decimal(per_month[first.isoformat()]["value"]) == expected_utilization(first, last)["utilization_percentage"]
    plan = figures(report, "utilization_by_plan", PLAN)
    assert plan["used_commitment"] == expected_utilization(START, END)["used_commitment"]


def test_coverage_by_savings_plans(report: Path) -> None:
    total = figures(report, "coverage_total")
    assert {name: total[name] for name in ("spend_covered", "total_cost", "coverage_percentage")} == expected_coverage(START, END)
    per_month = {row["period_start"]: Decimal(row["value"]) for row in rows(report, "coverage_by_period") if row["metric"] == "coverage_percentage"}
    assert per_month == {first.isoformat(): expected_coverage(first, last)["coverage_percentage"] for first, last in MONTHS}


def test_compute_savings_plan_recommendation(report: Path) -> None:
    found = figures(report, "recommendation", "COMPUTE_SP")
    expected = expected_recommendation()
    assert (found["hourly_commitment"], found["estimated_monthly_savings"]) == (expected["hourly_commitment"], expected["estimated_monthly_savings"])


def test_reservation_recommendations(report: Path) -> None:
    count, savings = expected_rds_reservation()
    rds = figures(report, "reservation", "rds/db.r6g.large/eu-west-1")
    assert (rds["count"], rds["estimated_monthly_savings"]) == (count, savings)
    cache = figures(report, "reservation", "elasticache/cache.t4g.small/eu-west-1")
    # One node every hour at 0.10 an hour, the default one-year no-upfront reservation discount of 30 %.
    assert (cache["count"], cache["estimated_monthly_savings"]) == (1, money(Decimal("0.10") * 730 * Decimal("0.30")))


def test_markdown_and_html_carry_the_same_headline(report: Path) -> None:
    markdown = (report / "cost-report.md").read_text()
    page = (report / "cost-report.html").read_text()
    utilization = f"{expected_utilization(START, END)['utilization_percentage']}"
    hourly = f"{expected_recommendation()['hourly_commitment']}"
    for text in (markdown, page):
        assert f"{STACK}-{ENVIRONMENT}" in text and utilization in text and hourly in text
    parser = html.parser.HTMLParser()
    parser.feed(page)
    parser.close()
    assert page.count("<svg") == 2, "cost by service, and coverage with utilization"
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")


@pytest.mark.parametrize(
    ("extravars", "named"),
    [
        ({"cost_report_start": "2026-10-01", "cost_report_end": "2026-09-01"}, "end"),
        ({"cost_report_granularity": "FORTNIGHTLY"}, "granularity"),
        ({"cost_report_lookback": "NINETY_DAYS"}, "lookback"),
    ],
)
def test_bad_report_settings_fail_naming_the_setting(emulator: Emulator, tmp_path: Path, extravars: dict[str, str], named: str) -> None:
    stack = Stack(emulator, "inventories/local", tmp_path)
    run = stack.run("playbooks/cost_report.yml", extravars={"cost_report_dir": str(tmp_path / "out"), **extravars})
    assert not run.ok
    assert named in " ".join(run.failures)
    assert not (tmp_path / "out").exists(), "nothing is written for a failed report"
