"""Checks of the Cost Explorer reads answered from seeded cost data (tools/emulator/webstack_emulator/extensions/ce_costs.py).

Each check seeds SEED: one Compute Savings Plan of 0.500 an hour (12.00 a day) that covered 9.00 of ECS on
2026-11-02 (12.00 on demand), 6.00 a day of uncovered ECS and 2 RDS db.r6g.large instances (48 instance-hours a
day at 0.20) on the seven days before "today".
"""

from __future__ import annotations

import datetime
from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

TODAY = datetime.date(2026, 11, 20)
PLAN = "arn:aws:savingsplans::123456789012:savingsplan/check-1"
ECS = "Amazon Elastic Container Service"
RDS = "Amazon Relational Database Service"
LOOKBACK = [(TODAY - datetime.timedelta(days=days)).isoformat() for days in range(7, 0, -1)]


def item(date: str, service: str, on_demand: str, quantity: str, **extra: Any) -> dict[str, Any]:
    return {"date": date, "service": service, "region": "eu-west-1", "usage_type": "usage", "on_demand_cost": on_demand, "usage_quantity": quantity, **extra}


SEED: dict[str, Any] = {
    "currency": "USD",
    "today": TODAY.isoformat(),
    "usage": [
        item("2026-11-02", ECS, "12.00", "48", tags={"env": "dev"}, savings_plan_arn=PLAN, savings_plan_cost="9.00"),
        *(item(day, ECS, "6.00", "24") for day in LOOKBACK),
        *(item(day, RDS, "9.60", "48", instance_type="db.r6g.large") for day in LOOKBACK),
    ],
    "savings_plans": [
        {
            "arn": PLAN,
            "type": "Compute",
            "term": "ONE_YEAR",
            "payment_option": "NO_UPFRONT",
            "hourly_commitment": "0.500",
            "start": "2026-11-01",
            "end": "2027-11-01",
            "region": "Any",
        }
    ],
}
DAY = {"Start": "2026-11-02", "End": "2026-11-03"}


def ce(aws: Emulator) -> Any:
    aws.seed_costs(SEED)
    return aws.client("ce", region="us-east-1")


@check("ce", "GetCostAndUsage")
def cost_by_service_from_seeded_data(aws: Emulator) -> dict[str, Any]:
    response = ce(aws).get_cost_and_usage(TimePeriod=DAY, Granularity="DAILY", Metrics=["UnblendedCost"], GroupBy=[{"Type": "DIMENSION", "Key": "SERVICE"}])
    [result] = response["ResultsByTime"]
    assert [(g["Keys"], g["Metrics"]["UnblendedCost"]["Amount"]) for g in result["Groups"]] == [([ECS], "9.00")]
    return response


@check("ce", "GetSavingsPlansUtilization")
def utilization_of_the_seeded_plan(aws: Emulator) -> dict[str, Any]:
    response = ce(aws).get_savings_plans_utilization(TimePeriod=DAY, Granularity="DAILY")
    utilization = response["Total"]["Utilization"]
    assert utilization == {"TotalCommitment": "12.00", "UsedCommitment": "9.00", "UnusedCommitment": "3.00", "UtilizationPercentage": "75.00"}
    return response


@check("ce", "GetSavingsPlansUtilizationDetails")
def utilization_details_of_the_seeded_plan(aws: Emulator) -> dict[str, Any]:
    response = ce(aws).get_savings_plans_utilization_details(TimePeriod=DAY)
    [detail] = response["SavingsPlansUtilizationDetails"]
    assert (detail["SavingsPlanArn"], detail["Attributes"]["term"], detail["Utilization"]["UtilizationPercentage"]) == (PLAN, "ONE_YEAR", "75.00")
    return response


@check("ce", "GetSavingsPlansCoverage")
def coverage_of_the_seeded_day(aws: Emulator) -> dict[str, Any]:
    response = ce(aws).get_savings_plans_coverage(TimePeriod=DAY, Granularity="DAILY")
    [coverage] = response["SavingsPlansCoverages"]
    assert coverage["Coverage"] == {"SpendCoveredBySavingsPlans": "12.00", "OnDemandCost": "0.00", "TotalCost": "12.00", "CoveragePercentage": "100.00"}
    return response


@check("ce", "GetSavingsPlansPurchaseRecommendation")
def compute_savings_plan_recommendation(aws: Emulator) -> dict[str, Any]:
    response = ce(aws).get_savings_plans_purchase_recommendation(
        SavingsPlansType="COMPUTE_SP", TermInYears="ONE_YEAR", PaymentOption="NO_UPFRONT", LookbackPeriodInDays="SEVEN_DAYS"
    )
    summary = response["SavingsPlansPurchaseRecommendation"]["SavingsPlansPurchaseRecommendationSummary"]
    # base = 6.00 / 24 = 0.25 an hour; 20 % off: 0.200; (0.25 - 0.2) x 730 = 36.50
    assert (summary["TotalRecommendationCount"], summary["HourlyCommitmentToPurchase"], summary["EstimatedMonthlySavingsAmount"]) == ("1", "0.200", "36.50")
    return response


@check("ce", "GetReservationPurchaseRecommendation")
def rds_reservation_recommendation(aws: Emulator) -> dict[str, Any]:
    response = ce(aws).get_reservation_purchase_recommendation(
        Service=RDS, TermInYears="ONE_YEAR", PaymentOption="NO_UPFRONT", LookbackPeriodInDays="SEVEN_DAYS"
    )
    [detail] = response["Recommendations"][0]["RecommendationDetails"]
    # 2 instances x 0.20 x 730 = 292.00 on demand a month, 30 % of it saved
    assert (detail["RecommendedNumberOfInstancesToPurchase"], detail["EstimatedMonthlySavingsAmount"]) == ("2", "87.60")
    return response
