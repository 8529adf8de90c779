"""savings_plans_report, run end to end through main() against the emulator's seeded cost data.

Every expected figure is recomputed here from the seed by the rules of the cost spec (section 2), independently of
the module and of the emulator: exact decimals, rounded once, half up.
"""

from __future__ import annotations

import datetime
import math
from decimal import ROUND_HALF_UP
from decimal import Decimal
from typing import Any

import boto3
import pytest
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying
from ansible_collections.webstack.aws.plugins.modules import savings_plans_report
from botocore.stub import Stubber

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

TODAY = "2026-11-20"
ECS = "Amazon Elastic Container Service"
LAMBDA = "AWS Lambda"
EC2 = "Amazon Elastic Compute Cloud - Compute"
RDS = "Amazon Relational Database Service"
ELASTICACHE = "Amazon ElastiCache"
ELIGIBLE = (ECS, LAMBDA, EC2)
SP_1 = "arn:aws:savingsplans::123456789012:savingsplan/sp-1"
SP_2 = "arn:aws:savingsplans::123456789012:savingsplan/sp-2"
SP_OLD = "arn:aws:savingsplans::123456789012:savingsplan/sp-old"
DEV = {"webstack:stack": "webstack", "webstack:environment": "dev"}
PROD = {"webstack:stack": "webstack", "webstack:environment": "prod"}
OTHER = {"webstack:stack": "other"}
LOOKBACK_DAYS = {"SEVEN_DAYS": 7, "THIRTY_DAYS": 30, "SIXTY_DAYS": 60}
DEFAULT_DISCOUNTS = {
    "COMPUTE_SP": {
        "ONE_YEAR": {"NO_UPFRONT": "0.20", "PARTIAL_UPFRONT": "0.22", "ALL_UPFRONT": "0.24"},
        "THREE_YEARS": {"NO_UPFRONT": "0.40", "PARTIAL_UPFRONT": "0.43", "ALL_UPFRONT": "0.46"},
    },
    "RDS": {
        "ONE_YEAR": {"NO_UPFRONT": "0.30", "PARTIAL_UPFRONT": "0.33", "ALL_UPFRONT": "0.35"},
        "THREE_YEARS": {"NO_UPFRONT": "0.50", "PARTIAL_UPFRONT": "0.55", "ALL_UPFRONT": "0.58"},
    },
}
DEFAULT_DISCOUNTS["ELASTICACHE"] = DEFAULT_DISCOUNTS["RDS"]
ZERO_UTILIZATION = {
    "total_commitment": "0.00",
    "used_commitment": "0.00",
    "unused_commitment": "0.00",
    "utilization_percentage": "0.00",
    "on_demand_cost_equivalent": "0.00",
    "net_savings": "0.00",
}
ZERO_COVERAGE = {"spend_covered": "0.00", "on_demand_cost": "0.00", "total_cost": "0.00", "coverage_percentage": "0.00"}


# The seed


def dates(first: str, end: str) -> list[str]:
    """Every day of [first, end) as YYYY-MM-DD."""
    day, stop = datetime.date.fromisoformat(first), datetime.date.fromisoformat(end)
    found = []
    while day < stop:
        found.append(day.isoformat())
        day += datetime.timedelta(days=1)
    return found


def item(day: str, service: str, on_demand: str, quantity: str = "1", tags: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "date": day,
        "service": service,
        "region": "eu-west-1",
        "usage_type": f"EUW1-{service.split()[-1]}",
        "instance_type": extra.pop("instance_type", None),
        "on_demand_cost": on_demand,
        "usage_quantity": quantity,
        "tags": tags or {},
        **extra,
    }


def plan(arn: str, hourly: str, start: str, end: str, term: str = "ONE_YEAR", payment_option: str = "NO_UPFRONT") -> dict[str, Any]:
    return {
        "arn": arn,
        "type": "Compute",
        "term": term,
        "payment_option": payment_option,
        "hourly_commitment": hourly,
        "start": start,
        "end": end,
        "region": "Any",
    }


def seed_data() -> dict[str, Any]:
    """Every day from September to the day before TODAY: ECS covered by sp-1, Lambda on demand (more on 11-10), a steady
    RDS db.r6g.large pair, ElastiCache (three cache.r6g.large, a part-time cache.t4g.small); EC2 covered by sp-2 for
    six October days. sp-2 starts mid-October; sp-old ended in June."""
    usage = []
    for day in dates("2026-09-01", TODAY):
        usage.append(item(day, ECS, "12.00", "48", DEV, savings_plan_arn=SP_1, savings_plan_cost="9.00"))
        usage.append(item(day, LAMBDA, "7.20" if day == "2026-11-10" else "4.80", "1000", PROD))
        usage.append(item(day, RDS, "9.60", "48", PROD, instance_type="db.r6g.large"))
        usage.append(item(day, ELASTICACHE, "14.40", "72", OTHER, instance_type="cache.r6g.large"))
        usage.append(item(day, ELASTICACHE, "0.68", "20", OTHER, instance_type="cache.t4g.small"))
    usage.extend(item(day, EC2, "3.00", "10", savings_plan_arn=SP_2, savings_plan_cost="2.00") for day in dates("2026-10-20", "2026-10-26"))
    plans = [
        plan(SP_1, "0.400", "2026-01-01", "2027-01-01"),
        plan(SP_2, "0.100", "2026-10-16", "2029-10-16", "THREE_YEARS", "ALL_UPFRONT"),
        plan(SP_OLD, "1.000", "2025-06-01", "2026-06-01"),
    ]
    return {"currency": "USD", "today": TODAY, "usage": usage, "savings_plans": plans}


# The rules, recomputed


def round2(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def round3(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def pct(part: Decimal, whole: Decimal) -> str:
    return round2(part / whole * 100) if whole else "0.00"


def total_of(items: list[dict[str, Any]], key: str) -> Decimal:
    return sum((Decimal(entry[key]) for entry in items), Decimal(0))


def in_range(entry: dict[str, Any], start: str, end: str) -> bool:
    return start <= entry["date"] < end


def periods(start: str, end: str, granularity: str) -> list[tuple[str, str]]:
    if granularity == "DAILY":
        return [(day, (datetime.date.fromisoformat(day) + datetime.timedelta(days=1)).isoformat()) for day in dates(start, end)]
    cuts, current = [], datetime.date.fromisoformat(start)
    while current.isoformat() < end:
        following = min((current.replace(day=1) + datetime.timedelta(days=32)).replace(day=1).isoformat(), end)
        cuts.append((current.isoformat(), following))
        current = datetime.date.fromisoformat(following)
    return cuts


def utilization_figures(seed: dict[str, Any], plans: list[dict[str, Any]], start: str, end: str) -> tuple[Decimal, Decimal, Decimal]:
    """(total commitment, used, on-demand equivalent) of plans over [start, end)."""
    total = used = on_demand = Decimal(0)
    for sp in plans:
        hours = max(0, (datetime.date.fromisoformat(min(sp["end"], end)) - datetime.date.fromisoformat(max(sp["start"], start))).days) * 24
        commitment = Decimal(sp["hourly_commitment"]) * hours
        covered = [entry for entry in seed["usage"] if entry.get("savings_plan_arn") == sp["arn"] and in_range(entry, start, end)]
        total += commitment
        used += min(commitment, total_of(covered, "savings_plan_cost"))
        on_demand += total_of(covered, "on_demand_cost")
    return total, used, on_demand


def utilization_view(figures: tuple[Decimal, Decimal, Decimal]) -> dict[str, str]:
    total, used, on_demand = figures
    return {
        "total_commitment": round2(total),
        "used_commitment": round2(used),
        "unused_commitment": round2(total - used),
        "utilization_percentage": pct(used, total),
        "on_demand_cost_equivalent": round2(on_demand),
        "net_savings": round2(on_demand - total),
    }


def coverage_view(seed: dict[str, Any], start: str, end: str) -> dict[str, str]:
    eligible = [entry for entry in seed["usage"] if entry["service"] in ELIGIBLE and in_range(entry, start, end)]
    covered = total_of([entry for entry in eligible if entry.get("savings_plan_arn")], "on_demand_cost")
    on_demand = total_of([entry for entry in eligible if not entry.get("savings_plan_arn")], "on_demand_cost")
    return {
        "spend_covered": round2(covered),
        "on_demand_cost": round2(on_demand),
        "total_cost": round2(covered + on_demand),
        "coverage_percentage": pct(covered, covered + on_demand),
    }


def cost(entry: dict[str, Any]) -> Decimal:
    return Decimal(entry["savings_plan_cost"] if entry.get("savings_plan_arn") else entry["on_demand_cost"])


def cost_groups(entries: list[dict[str, Any]], key_of: Any) -> list[dict[str, str]]:
    sums: dict[str, Decimal] = {}
    for entry in entries:
        sums[key_of(entry)] = sums.get(key_of(entry), Decimal(0)) + cost(entry)
    return [{"key": key, "amount": round2(amount)} for key, amount in sorted(sums.items(), key=lambda pair: (-pair[1], pair[0]))]


def selected(seed: dict[str, Any], filter_tags: dict[str, str]) -> list[dict[str, Any]]:
    return [entry for entry in seed["usage"] if all(entry["tags"].get(key) == value for key, value in filter_tags.items())]


def expected_cost_by_service(seed: dict[str, Any], start: str, end: str, granularity: str, filter_tags: dict[str, str] | None = None) -> list[dict[str, Any]]:
    report = []
    for first, last in periods(start, end, granularity):
        entries = [entry for entry in selected(seed, filter_tags or {}) if in_range(entry, first, last)]
        report.append(
            {"start": first, "end": last, "groups": cost_groups(entries, lambda entry: entry["service"]), "total": round2(sum(map(cost, entries), Decimal(0)))}
        )
    return report


def expected_cost_by_tag(
    seed: dict[str, Any], tag_key: str, start: str, end: str, granularity: str, filter_tags: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    return [
        {
            "start": first,
            "end": last,
            "groups": cost_groups(
                [entry for entry in selected(seed, filter_tags or {}) if in_range(entry, first, last)], lambda entry: entry["tags"].get(tag_key, "")
            ),
        }
        for first, last in periods(start, end, granularity)
    ]


def lookback(days: int) -> list[str]:
    today = datetime.date.fromisoformat(TODAY)
    return [(today - datetime.timedelta(days=back)).isoformat() for back in range(days, 0, -1)]


def expected_recommendation(seed: dict[str, Any], term: str, payment_option: str, window: str) -> dict[str, str] | None:
    days = lookback(LOOKBACK_DAYS[window])
    spend = [
        total_of([e for e in seed["usage"] if e["date"] == day and e["service"] in ELIGIBLE and not e.get("savings_plan_arn")], "on_demand_cost")
        for day in days
    ]
    base = min(spend) / 24
    hourly = round3(base * (1 - Decimal(DEFAULT_DISCOUNTS["COMPUTE_SP"][term][payment_option])))
    if not base or not hourly:
        return None
    return {
        "savings_plans_type": "COMPUTE_SP",
        "term": term,
        "payment_option": payment_option,
        "lookback": window,
        "hourly_commitment": str(hourly),
        "daily_commitment": round2(hourly * 24),
        "estimated_monthly_savings": round2((base - hourly) * 730),
        "estimated_savings_percentage": pct(base - hourly, base),
        "estimated_roi": pct(base - hourly, hourly),
        "current_on_demand_spend": round2(sum(spend, Decimal(0))),
    }


def expected_reservations(seed: dict[str, Any], service: str, kind: str, term: str, payment_option: str, window: str) -> list[dict[str, Any]]:
    days = lookback(LOOKBACK_DAYS[window])
    discount = Decimal(DEFAULT_DISCOUNTS[kind][term][payment_option])
    found = []
    for instance_type in sorted({e["instance_type"] for e in seed["usage"] if e["service"] == service}):
        entries = [e for e in seed["usage"] if e["service"] == service and e["instance_type"] == instance_type and e["date"] in days]
        hours = [total_of([e for e in entries if e["date"] == day], "usage_quantity") for day in days]
        count = math.floor(min(hours) / 24)
        if not count:
            continue
        monthly = count * total_of(entries, "on_demand_cost") / total_of(entries, "usage_quantity") * 730
        found.append(
            {
                "instance_type": instance_type,
                "region": "eu-west-1",
                "count": count,
                "estimated_monthly_savings": round2(monthly * discount),
                "estimated_monthly_on_demand_cost": round2(monthly),
                "estimated_savings_percentage": round2(discount * 100),
            }
        )
    return found


# Running the module


def report_of(aws: Emulator, check_mode: bool = False, **args: Any) -> dict[str, Any]:
    result = run(savings_plans_report.main, aws, args, check_mode)
    assert not result.failed, result.out
    assert not result.changed
    return result.out["report"]


@pytest.fixture
def seeded(aws: Emulator) -> dict[str, Any]:
    """The seed above in the emulator; the call log starts empty."""
    data = seed_data()
    aws.seed_costs(data)
    aws.clear_calls()
    return data


# The figures


def test_monthly_utilization_matches_the_seed(aws: Emulator, seeded: dict[str, Any]) -> None:
    report = report_of(aws, start="2026-10-01", end="2026-11-01")

    active = [sp for sp in seeded["savings_plans"] if sp["arn"] != SP_OLD]
    assert report["has_savings_plans"] is True
    assert report["utilization"]["total"] == utilization_view(utilization_figures(seeded, active, "2026-10-01", "2026-11-01"))
    assert report["utilization"]["total"]["utilization_percentage"] == "86.61"  # 291.00 used of 297.60 + 38.40
    assert report["utilization"]["by_period"] == [{"start": "2026-10-01", "end": "2026-11-01", **report["utilization"]["total"]}]
    by_plan = {entry["savings_plan_arn"]: entry for entry in report["utilization"]["by_plan"]}
    assert set(by_plan) == {SP_1, SP_2}  # sp-old ended before the period
    assert by_plan[SP_2] == {
        "savings_plan_arn": SP_2,
        "type": "Compute",
        "term": "THREE_YEARS",
        "payment_option": "ALL_UPFRONT",
        **utilization_view(utilization_figures(seeded, active[1:], "2026-10-01", "2026-11-01")),
    }
    assert by_plan[SP_1]["total_commitment"] == "297.60"  # 0.400 x 744 hours


def test_monthly_coverage_matches_the_seed(aws: Emulator, seeded: dict[str, Any]) -> None:
    report = report_of(aws, start="2026-10-01", end="2026-11-01")

    october = coverage_view(seeded, "2026-10-01", "2026-11-01")
    assert october == {"spend_covered": "390.00", "on_demand_cost": "148.80", "total_cost": "538.80", "coverage_percentage": "72.38"}
    assert report["coverage"] == {"total": october, "by_period": [{"start": "2026-10-01", "end": "2026-11-01", **october}]}


def test_a_period_over_two_months_has_two_periods_and_their_totals(aws: Emulator, seeded: dict[str, Any]) -> None:
    report = report_of(aws, start="2026-10-15", end="2026-11-15")

    cuts = [("2026-10-15", "2026-11-01"), ("2026-11-01", "2026-11-15")]
    active = [sp for sp in seeded["savings_plans"] if sp["arn"] != SP_OLD]
    assert report["utilization"]["by_period"] == [{"start": s, "end": e, **utilization_view(utilization_figures(seeded, active, s, e))} for s, e in cuts]
    assert report["utilization"]["total"] == utilization_view(utilization_figures(seeded, active, "2026-10-15", "2026-11-15"))
    assert report["coverage"]["by_period"] == [{"start": s, "end": e, **coverage_view(seeded, s, e)} for s, e in cuts]
    assert report["coverage"]["total"] == coverage_view(seeded, "2026-10-15", "2026-11-15")
    assert report["cost_by_service"] == expected_cost_by_service(seeded, "2026-10-15", "2026-11-15", "MONTHLY")


def test_recommendation_matches_the_seed(aws: Emulator, seeded: dict[str, Any]) -> None:
    report = report_of(aws, start="2026-10-01", end="2026-11-01")

    expected = expected_recommendation(seeded, "ONE_YEAR", "NO_UPFRONT", "THIRTY_DAYS")
    assert report["recommendation"] == expected
    # base 4.80 / 24 = 0.200 an hour, 20 % off; 29 days of 4.80 and one of 7.20
    assert expected is not None
    assert (expected["hourly_commitment"], expected["estimated_monthly_savings"], expected["current_on_demand_spend"]) == ("0.160", "29.20", "146.40")


@pytest.mark.parametrize(
    ("term", "payment_option", "window"),
    [("THREE_YEARS", "PARTIAL_UPFRONT", "SEVEN_DAYS"), ("ONE_YEAR", "ALL_UPFRONT", "SIXTY_DAYS")],
)
def test_term_payment_and_lookback_reach_the_recommendations(aws: Emulator, seeded: dict[str, Any], term: str, payment_option: str, window: str) -> None:
    report = report_of(aws, start="2026-10-01", end="2026-11-01", term=term, payment_option=payment_option, lookback=window)

    assert report["recommendation"] == expected_recommendation(seeded, term, payment_option, window)
    assert report["reservations"]["rds"] == expected_reservations(seeded, RDS, "RDS", term, payment_option, window)
    assert report["reservations"]["elasticache"] == expected_reservations(seeded, ELASTICACHE, "ELASTICACHE", term, payment_option, window)


def test_reservations_match_the_seed(aws: Emulator, seeded: dict[str, Any]) -> None:
    report = report_of(aws, start="2026-10-01", end="2026-11-01")

    assert report["reservations"] == {
        "rds": expected_reservations(seeded, RDS, "RDS", "ONE_YEAR", "NO_UPFRONT", "THIRTY_DAYS"),
        "elasticache": expected_reservations(seeded, ELASTICACHE, "ELASTICACHE", "ONE_YEAR", "NO_UPFRONT", "THIRTY_DAYS"),
    }
    [rds] = report["reservations"]["rds"]
    assert (rds["instance_type"], rds["count"], rds["estimated_monthly_on_demand_cost"], rds["estimated_monthly_savings"]) == (
        "db.r6g.large",
        2,
        "292.00",
        "87.60",
    )
    # cache.t4g.small runs 20 hours a day: not one reservation's worth
    assert [entry["instance_type"] for entry in report["reservations"]["elasticache"]] == ["cache.r6g.large"]


def test_only_the_reservation_services_asked_are_read(aws: Emulator, seeded: dict[str, Any]) -> None:
    report = report_of(aws, start="2026-10-01", end="2026-11-01", reservation_services=["elasticache"])
    assert list(report["reservations"]) == ["elasticache"]
    assert aws.calls().count("GetReservationPurchaseRecommendation") == 1

    aws.clear_calls()
    assert report_of(aws, start="2026-10-01", end="2026-11-01", reservation_services=[])["reservations"] == {}
    assert aws.calls().count("GetReservationPurchaseRecommendation") == 0


def test_cost_by_service_and_tag_match_the_seed(aws: Emulator, seeded: dict[str, Any]) -> None:
    report = report_of(aws, start="2026-10-01", end="2026-11-01", tag_keys=["webstack:environment", "webstack:stack"])

    assert report["currency"] == "USD"
    assert report["cost_by_service"] == expected_cost_by_service(seeded, "2026-10-01", "2026-11-01", "MONTHLY")
    assert report["cost_by_service"][0]["groups"][0] == {"key": ELASTICACHE, "amount": "467.48"}  # 31 x (14.40 + 0.68)
    assert report["cost_by_tag"] == {
        "webstack:environment": expected_cost_by_tag(seeded, "webstack:environment", "2026-10-01", "2026-11-01", "MONTHLY"),
        "webstack:stack": expected_cost_by_tag(seeded, "webstack:stack", "2026-10-01", "2026-11-01", "MONTHLY"),
    }
    environments = {group["key"]: group["amount"] for group in report["cost_by_tag"]["webstack:environment"][0]["groups"]}
    assert environments == {"prod": "446.40", "dev": "279.00", "": "479.48"}  # no environment: EC2 12.00 + ElastiCache 467.48


def test_filter_tags_restrict_the_cost(aws: Emulator, seeded: dict[str, Any]) -> None:
    stack = {"webstack:stack": "webstack"}
    report = report_of(aws, start="2026-10-01", end="2026-11-01", tag_keys=["webstack:environment"], filter_tags=stack)

    assert report["cost_by_service"] == expected_cost_by_service(seeded, "2026-10-01", "2026-11-01", "MONTHLY", stack)
    assert {group["key"] for group in report["cost_by_service"][0]["groups"]} == {ECS, LAMBDA, RDS}
    assert report["cost_by_tag"]["webstack:environment"] == expected_cost_by_tag(seeded, "webstack:environment", "2026-10-01", "2026-11-01", "MONTHLY", stack)
    # the Savings Plans figures stay the account's
    assert report["coverage"]["total"] == coverage_view(seeded, "2026-10-01", "2026-11-01")


def test_several_filter_tags_must_all_match(aws: Emulator, seeded: dict[str, Any]) -> None:
    prod = {"webstack:stack": "webstack", "webstack:environment": "prod"}
    report = report_of(aws, start="2026-10-01", end="2026-11-01", filter_tags=prod)

    assert report["cost_by_service"] == expected_cost_by_service(seeded, "2026-10-01", "2026-11-01", "MONTHLY", prod)
    assert {group["key"] for group in report["cost_by_service"][0]["groups"]} == {LAMBDA, RDS}


def test_daily_report_has_a_period_per_day_read_over_several_pages(aws: Emulator, seeded: dict[str, Any]) -> None:
    report = report_of(aws, start="2026-10-14", end="2026-10-28", granularity="DAILY", tag_keys=["webstack:environment"])

    days = periods("2026-10-14", "2026-10-28", "DAILY")
    active = [sp for sp in seeded["savings_plans"] if sp["arn"] != SP_OLD]
    assert report["granularity"] == "DAILY"
    assert report["utilization"]["by_period"] == [{"start": s, "end": e, **utilization_view(utilization_figures(seeded, active, s, e))} for s, e in days]
    assert report["coverage"]["by_period"] == [{"start": s, "end": e, **coverage_view(seeded, s, e)} for s, e in days]
    assert report["cost_by_service"] == expected_cost_by_service(seeded, "2026-10-14", "2026-10-28", "DAILY")
    assert report["cost_by_tag"]["webstack:environment"] == expected_cost_by_tag(seeded, "webstack:environment", "2026-10-14", "2026-10-28", "DAILY")
    # 14 days of 4 to 5 services do not fit one GetCostAndUsage page: both breakdowns were read to their last page
    assert aws.calls().count("GetCostAndUsage") > 2


def test_many_plans_are_read_over_several_pages(aws: Emulator) -> None:
    arns = [f"arn:aws:savingsplans::123456789012:savingsplan/sp-{index:03d}" for index in range(130)]
    aws.seed_costs({"currency": "USD", "today": TODAY, "savings_plans": [plan(arn, "0.010", "2026-01-01", "2027-01-01") for arn in arns]})
    aws.clear_calls()

    report = report_of(aws, start="2026-10-01", end="2026-11-01")

    assert sorted(entry["savings_plan_arn"] for entry in report["utilization"]["by_plan"]) == arns
    assert aws.calls().count("GetSavingsPlansUtilizationDetails") >= 2
    assert report["utilization"]["total"]["total_commitment"] == "967.20"  # 130 x 0.010 x 744 hours
    assert report["utilization"]["total"]["utilization_percentage"] == "0.00"
    assert report["utilization"]["total"]["net_savings"] == "-967.20"


# Read-only


def test_check_mode_reads_the_same_and_nothing_mutates(aws: Emulator, seeded: dict[str, Any]) -> None:
    normal = report_of(aws, start="2026-10-01", end="2026-11-01", tag_keys=["webstack:environment"])
    checked = report_of(aws, check_mode=True, start="2026-10-01", end="2026-11-01", tag_keys=["webstack:environment"])

    assert checked == normal
    assert aws.calls().mutating == []


# No data


def test_an_account_without_savings_plans_reports_zero_utilization(aws: Emulator) -> None:
    data = seed_data()
    data["usage"] = [entry for entry in data["usage"] if not entry.get("savings_plan_arn")]
    data["savings_plans"] = []
    aws.seed_costs(data)

    report = report_of(aws, start="2026-10-01", end="2026-11-01")

    assert report["has_savings_plans"] is False
    assert report["utilization"]["total"] == ZERO_UTILIZATION
    assert report["utilization"]["by_plan"] == []
    assert all(period == {"start": period["start"], "end": period["end"], **ZERO_UTILIZATION} for period in report["utilization"]["by_period"])
    assert report["coverage"]["total"] == coverage_view(data, "2026-10-01", "2026-11-01")
    assert report["coverage"]["total"]["coverage_percentage"] == "0.00"
    assert report["recommendation"] == expected_recommendation(data, "ONE_YEAR", "NO_UPFRONT", "THIRTY_DAYS")


def test_a_plan_not_active_in_the_period_does_not_count(aws: Emulator, seeded: dict[str, Any]) -> None:
    report = report_of(aws, start="2026-07-01", end="2026-08-01", reservation_services=[])

    assert report["utilization"]["by_plan"][0]["savings_plan_arn"] == SP_1
    assert [entry["savings_plan_arn"] for entry in report["utilization"]["by_plan"]] == [SP_1]
    assert report["utilization"]["total"]["total_commitment"] == "297.60"
    assert report["utilization"]["total"]["used_commitment"] == "0.00"  # no usage seeded before September


class StubbedModule:
    """What CostExplorer needs of AnsibleAWSModule, with a botocore-stubbed client (the emulator never answers
    DataUnavailableException, which AWS answers for the utilization of an account without Savings Plans)."""

    def __init__(self) -> None:
        self.boto3_client = boto3.client("ce", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
        self.stubber = Stubber(self.boto3_client)

    def client(self, service: str, retry_decorator: Any) -> Any:
        assert service == "ce"
        return RetryingBotoClientWrapper(self.boto3_client, retry_decorator or retrying())

    def fail_json_aws(self, error: Exception, msg: str) -> None:
        raise AssertionError(f"{msg}: {error}")


def test_data_unavailable_is_read_as_no_data() -> None:
    module = StubbedModule()
    period = {"Start": "2026-10-01", "End": "2026-11-01"}
    module.stubber.add_client_error("get_savings_plans_utilization", "DataUnavailableException", "Data is not available", 400)
    module.stubber.add_client_error("get_savings_plans_utilization_details", "DataUnavailableException", "Data is not available", 400)
    with module.stubber:
        reader = savings_plans_report.CostExplorer(module)  # type: ignore[arg-type]
        assert reader.read("get_savings_plans_utilization", {"TimePeriod": period, "Granularity": "MONTHLY"}) is None
        assert reader.read("get_savings_plans_utilization_details", {"TimePeriod": period}, "NextToken") is None
    module.stubber.assert_no_pending_responses()


def test_an_empty_data_set_reports_zeros_and_empty_lists(aws: Emulator) -> None:
    aws.seed_costs({"currency": "USD", "today": TODAY})

    report = report_of(aws, start="2026-10-01", end="2026-11-01", tag_keys=["webstack:environment"])

    assert_empty(report)


def test_an_unseeded_emulator_reports_zeros(aws: Emulator) -> None:
    this_month = datetime.date.today().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)

    report = report_of(aws, start=last_month.isoformat(), end=this_month.isoformat(), granularity="DAILY", tag_keys=["team"])

    assert_empty(report)


def assert_empty(report: dict[str, Any]) -> None:
    assert report["has_savings_plans"] is False
    assert report["currency"] == "USD"
    assert report["utilization"]["total"] == ZERO_UTILIZATION
    assert report["utilization"]["by_plan"] == []
    assert report["coverage"]["total"] == ZERO_COVERAGE
    assert report["recommendation"] is None
    assert report["reservations"] == {"rds": [], "elasticache": []}
    assert all(period["groups"] == [] and period["total"] == "0.00" for period in report["cost_by_service"])
    assert all(period["groups"] == [] for periods_ in report["cost_by_tag"].values() for period in periods_)


# Bad inputs


@pytest.mark.parametrize(
    ("args", "option"),
    [
        ({"start": "2026-10-32", "end": "2026-11-01"}, "start"),
        ({"start": "01/10/2026", "end": "2026-11-01"}, "start"),
        ({"start": "2026-10-01", "end": "next week"}, "end"),
        ({"start": "2026-10-01", "end": "2026-10-01"}, "end"),
        ({"start": "2026-11-01", "end": "2026-10-01"}, "end"),
        ({"start": "2025-01-01", "end": "2026-11-01"}, "start and end"),
        ({"start": "2025-08-31", "end": "2026-11-01", "granularity": "DAILY"}, "start and end"),
        ({"start": "2026-10-01", "end": "2026-11-01", "granularity": "HOURLY"}, "granularity"),
        ({"start": "2026-10-01", "end": "2026-11-01", "term": "FIVE_YEARS"}, "term"),
        ({"start": "2026-10-01", "end": "2026-11-01", "payment_option": "HEAVY_UTILIZATION"}, "payment_option"),
        ({"start": "2026-10-01", "end": "2026-11-01", "lookback": "NINETY_DAYS"}, "lookback"),
        ({"start": "2026-10-01", "end": "2026-11-01", "reservation_services": ["redshift"]}, "reservation_services"),
        ({"start": "2026-10-01", "end": "2026-11-01", "tag_keys": [""]}, "tag_keys"),
        ({"start": "2026-10-01", "end": "2026-11-01", "filter_tags": {"webstack:stack": []}}, "filter_tags"),
        ({"end": "2026-11-01"}, "start"),
    ],
)
def test_bad_input_fails_naming_the_option_without_any_call(aws: Emulator, args: dict[str, Any], option: str) -> None:
    result: Result = run(savings_plans_report.main, aws, args)

    assert result.failed
    assert option in result.out["msg"]
    assert aws.calls().calls == []
