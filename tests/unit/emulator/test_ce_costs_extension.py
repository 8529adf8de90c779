"""Cost Explorer answered from seeded cost data (extensions/ce_costs.py): the figures of a hand-computed seed,
the empty cases, pagination, filters and groups, bad requests, and the seed endpoint itself.

The seed (today 2026-11-20):

October 2026, MONTHLY
- sp-1: Compute, ONE_YEAR NO_UPFRONT, 0.500/h from 2026-10-01: 31 days x 24 x 0.5 = 372.00 committed.
  It covered ECS on 10-05 (400.00 on demand, 300.00 at the plan's rate, env=prod) and Lambda on 10-06
  (60.00, 45.00, env=dev): used 345.00, unused 27.00, 92.74 %, on-demand equivalent 460.00, net savings 88.00.
- sp-2: Compute, THREE_YEARS PARTIAL_UPFRONT, 0.100/h from 2026-10-15: 17 days x 24 x 0.1 = 40.80.
  It covered EC2 on 10-20 (50.00, 30.00): used 30.00, unused 10.80, 73.53 %, net savings 9.20, 20.40 upfront.
- uncovered: EC2 on 10-07 (90.00, untagged), RDS on 10-08 (100.00, not eligible, untagged).
  Total: 412.80 committed, 375.00 used, 90.84 %, 510.00 on demand, 97.20 net savings.
  Coverage: 510.00 covered, 90.00 on demand, 600.00, 85.00 %.
  Cost: 565.00 (ECS 300.00, EC2 120.00, RDS 100.00, Lambda 45.00); env prod 300.00, dev 45.00, untagged 220.00.

The seven days before today (11-13 .. 11-19)
- uncovered ECS a day: 24, 30, 36, 24, 48, 30, 24 -> base 24 / 24 = 1.00 an hour; 216.00 in all.
  ONE_YEAR NO_UPFRONT (0.20): 0.800 an hour, 19.20 a day, 146.00 a month, 20.00 %, 33.60 over the week, ROI 25.00.
- RDS db.r6g.large eu-west-1: 48, 48, 50, 72, 48, 48, 48 instance-hours at 0.20 -> 2 instances, 292.00 a month
  on demand, 87.60 saved (30 %), 2.00 / 3.00 / 2.15 instances an hour; db.r6g.xlarge eu-central-1: 24 a day at
  0.40 -> 1 instance, 292.00, 87.60; db.t4g.micro: 20 hours on one day -> none. Summary 175.20, 30.00 %.
- ElastiCache cache.r6g.large: 24 a day at 0.25 -> 1 node, 182.50 a month, 54.75 saved.
"""

from __future__ import annotations

import datetime
import json
import urllib.error
import urllib.request
from decimal import Decimal
from typing import Any

import pytest
from botocore.exceptions import ClientError
from webstack_emulator.extensions import ce_costs

from tests.harness.emulator import Emulator
from tests.unit.emulator.model import shape_errors

TODAY = datetime.date(2026, 11, 20)
SP1 = "arn:aws:savingsplans::123456789012:savingsplan/sp-1"
SP2 = "arn:aws:savingsplans::123456789012:savingsplan/sp-2"
EC2 = "Amazon Elastic Compute Cloud - Compute"
ECS = "Amazon Elastic Container Service"
LAMBDA = "AWS Lambda"
RDS = "Amazon Relational Database Service"
ELASTICACHE = "Amazon ElastiCache"
OCTOBER = {"Start": "2026-10-01", "End": "2026-11-01"}
WEEK = [(TODAY - datetime.timedelta(days=days)).isoformat() for days in range(7, 0, -1)]


def usage(date: str, service: str, on_demand: str, quantity: str = "1", region: str = "eu-west-1", **extra: Any) -> dict[str, Any]:
    return {
        "date": date,
        "service": service,
        "region": region,
        "usage_type": f"{service}-usage",
        "on_demand_cost": on_demand,
        "usage_quantity": quantity,
        **extra,
    }


def plan(arn: str, term: str, payment_option: str, commitment: str, start: str, end: str) -> dict[str, Any]:
    return {
        "arn": arn,
        "type": "Compute",
        "term": term,
        "payment_option": payment_option,
        "hourly_commitment": commitment,
        "start": start,
        "end": end,
        "region": "Any",
    }


def rds(date: str, instance_type: str, hours: int, rate: str, region: str = "eu-west-1") -> dict[str, Any]:
    return usage(date, RDS, str(Decimal(hours) * Decimal(rate)), str(hours), region, instance_type=instance_type)


SEED: dict[str, Any] = {
    "currency": "USD",
    "today": TODAY.isoformat(),
    "usage": [
        usage("2026-10-05", ECS, "400.00", "1600", tags={"env": "prod"}, savings_plan_arn=SP1, savings_plan_cost="300.00"),
        usage("2026-10-06", LAMBDA, "60.00", "1000", tags={"env": "dev"}, savings_plan_arn=SP1, savings_plan_cost="45.00"),
        usage("2026-10-20", EC2, "50.00", "200", savings_plan_arn=SP2, savings_plan_cost="30.00"),
        usage("2026-10-07", EC2, "90.00", "360"),
        usage("2026-10-08", RDS, "100.00", "500"),
        *(usage(day, ECS, amount, "10") for day, amount in zip(WEEK, ["24", "30", "36", "24", "48", "30", "24"], strict=True)),
        *(rds(day, "db.r6g.large", hours, "0.20") for day, hours in zip(WEEK, [48, 48, 50, 72, 48, 48, 48], strict=True)),
        *(rds(day, "db.r6g.xlarge", 24, "0.40", "eu-central-1") for day in WEEK),
        rds(WEEK[0], "db.t4g.micro", 20, "0.02"),
        *(usage(day, ELASTICACHE, "6.00", "24", instance_type="cache.r6g.large") for day in WEEK),
    ],
    "savings_plans": [
        plan(SP1, "ONE_YEAR", "NO_UPFRONT", "0.500", "2026-10-01", "2027-10-01"),
        plan(SP2, "THREE_YEARS", "PARTIAL_UPFRONT", "0.100", "2026-10-15", "2029-10-15"),
    ],
    "discounts": {"COMPUTE_SP": {"ONE_YEAR": {"NO_UPFRONT": "0.20"}}},
}


@pytest.fixture
def ce(aws: Emulator) -> Any:
    aws.seed_costs(SEED)
    return aws.client("ce", region="us-east-1")


@pytest.fixture
def empty_ce(aws: Emulator) -> Any:
    return aws.client("ce", region="us-east-1")


def error_of(call: Any, **kwargs: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    return error.value.response["Error"]["Code"], error.value.response["Error"]["Message"]


def amounts(metrics: dict[str, Any]) -> dict[str, str]:
    return {name: value["Amount"] for name, value in metrics.items()}


def cost(ce: Any, **kwargs: Any) -> dict[str, Any]:
    request = {"TimePeriod": OCTOBER, "Granularity": "MONTHLY", "Metrics": ["UnblendedCost"], **kwargs}
    response = ce.get_cost_and_usage(**request)
    assert shape_errors("ce", "GetCostAndUsage", response) == ""
    return response


def grouped(response: dict[str, Any]) -> dict[tuple[str, ...], str]:
    [result] = response["ResultsByTime"]
    return {tuple(group["Keys"]): group["Metrics"]["UnblendedCost"]["Amount"] for group in result["Groups"]}


def sp_recommendation(ce: Any, term: str = "ONE_YEAR", payment_option: str = "NO_UPFRONT", lookback: str = "SEVEN_DAYS", **kwargs: Any) -> dict[str, Any]:
    response = ce.get_savings_plans_purchase_recommendation(
        SavingsPlansType="COMPUTE_SP", TermInYears=term, PaymentOption=payment_option, LookbackPeriodInDays=lookback, **kwargs
    )
    assert shape_errors("ce", "GetSavingsPlansPurchaseRecommendation", response) == ""
    return response["SavingsPlansPurchaseRecommendation"]


def ri_recommendation(ce: Any, service: str = RDS, **kwargs: Any) -> dict[str, Any]:
    request = {"Service": service, "TermInYears": "ONE_YEAR", "PaymentOption": "NO_UPFRONT", "LookbackPeriodInDays": "SEVEN_DAYS", **kwargs}
    response = ce.get_reservation_purchase_recommendation(**request)
    assert shape_errors("ce", "GetReservationPurchaseRecommendation", response) == ""
    return response


# --- GetCostAndUsage ---------------------------------------------------------------------------------


def test_cost_of_a_month_sums_plan_rates_and_on_demand(ce: Any) -> None:
    response = cost(ce, Metrics=["UnblendedCost", "AmortizedCost", "BlendedCost", "NetUnblendedCost", "UsageQuantity"])
    [result] = response["ResultsByTime"]
    assert result["TimePeriod"] == OCTOBER and result["Groups"] == [] and result["Estimated"] is False
    assert amounts(result["Total"]) == {
        "UnblendedCost": "565.00",
        "AmortizedCost": "565.00",
        "BlendedCost": "565.00",
        "NetUnblendedCost": "565.00",
        "UsageQuantity": "3660.00",
    }
    assert result["Total"]["UnblendedCost"]["Unit"] == "USD"
    assert "NextPageToken" not in response and "GroupDefinitions" not in response


def test_cost_grouped_by_service(ce: Any) -> None:
    response = cost(ce, GroupBy=[{"Type": "DIMENSION", "Key": "SERVICE"}])
    assert grouped(response) == {(ECS,): "300.00", (EC2,): "120.00", (RDS,): "100.00", (LAMBDA,): "45.00"}
    assert response["GroupDefinitions"] == [{"Type": "DIMENSION", "Key": "SERVICE"}]
    assert response["ResultsByTime"][0]["Total"] == {}


def test_cost_grouped_by_tag_keys_untagged_as_an_empty_value(ce: Any) -> None:
    response = cost(ce, GroupBy=[{"Type": "TAG", "Key": "env"}])
    assert grouped(response) == {("env$prod",): "300.00", ("env$dev",): "45.00", ("env$",): "220.00"}


def test_cost_grouped_by_service_and_tag(ce: Any) -> None:
    response = cost(ce, GroupBy=[{"Type": "DIMENSION", "Key": "SERVICE"}, {"Type": "TAG", "Key": "env"}])
    assert grouped(response) == {(ECS, "env$prod"): "300.00", (LAMBDA, "env$dev"): "45.00", (EC2, "env$"): "120.00", (RDS, "env$"): "100.00"}


@pytest.mark.parametrize(
    ("expression", "total"),
    [
        ({"Tags": {"Key": "env", "Values": ["prod"]}}, "300.00"),
        ({"Tags": {"Key": "env", "MatchOptions": ["ABSENT"]}}, "220.00"),
        ({"Not": {"Dimensions": {"Key": "SERVICE", "Values": [RDS]}}}, "465.00"),
        ({"Or": [{"Dimensions": {"Key": "SERVICE", "Values": [LAMBDA]}}, {"Tags": {"Key": "env", "Values": ["prod"]}}]}, "345.00"),
        ({"And": [{"Dimensions": {"Key": "SERVICE", "Values": [EC2]}}, {"Dimensions": {"Key": "REGION", "Values": ["eu-west-1"]}}]}, "120.00"),
        ({"Dimensions": {"Key": "USAGE_TYPE", "Values": ["amazon"], "MatchOptions": ["STARTS_WITH", "CASE_INSENSITIVE"]}}, "520.00"),
        ({"Dimensions": {"Key": "REGION", "Values": ["us-east-1"]}}, "0.00"),
    ],
)
def test_cost_filters(ce: Any, expression: dict[str, Any], total: str) -> None:
    [result] = cost(ce, Filter=expression)["ResultsByTime"]
    assert result["Total"]["UnblendedCost"]["Amount"] == total


def test_monthly_periods_are_calendar_months_clipped_to_the_request(ce: Any) -> None:
    response = cost(ce, TimePeriod={"Start": "2026-09-15", "End": "2026-11-10"})
    periods = [(r["TimePeriod"]["Start"], r["TimePeriod"]["End"], r["Estimated"]) for r in response["ResultsByTime"]]
    assert periods == [("2026-09-15", "2026-10-01", False), ("2026-10-01", "2026-11-01", False), ("2026-11-01", "2026-11-10", True)]
    assert [r["Total"]["UnblendedCost"]["Amount"] for r in response["ResultsByTime"]] == ["0.00", "565.00", "0.00"]


def test_daily_cost_pages_with_next_page_token(ce: Any) -> None:
    results, tokens, token = [], 0, None
    while True:
        response = cost(ce, Granularity="DAILY", **({"NextPageToken": token} if token else {}))
        results += response["ResultsByTime"]
        token = response.get("NextPageToken")
        if not token:
            break
        tokens += 1
    assert tokens == 1 and len(results) == 31
    assert [r["TimePeriod"]["Start"] for r in results] == [f"2026-10-{day:02d}" for day in range(1, 32)]
    assert sum(Decimal(r["Total"]["UnblendedCost"]["Amount"]) for r in results) == Decimal("565.00")


def test_cost_with_no_data_is_zero(empty_ce: Any) -> None:
    [result] = cost(empty_ce)["ResultsByTime"]
    assert amounts(result["Total"]) == {"UnblendedCost": "0.00"}
    assert grouped(cost(empty_ce, GroupBy=[{"Type": "DIMENSION", "Key": "SERVICE"}])) == {}


@pytest.mark.parametrize(
    ("request_args", "code", "message"),
    [
        ({"TimePeriod": {"Start": "2026-10-05", "End": "2026-10-01"}}, "ValidationException", "Start date (and hour) should be before end date (and hour)"),
        ({"TimePeriod": {"Start": "2026-10-01", "End": "2026-10-01"}}, "ValidationException", "Start date (and hour) should be before end date (and hour)"),
        ({"TimePeriod": {"Start": "2026/10/01", "End": "2026-11-01"}}, "ValidationException", "at 'timePeriod.start' failed to satisfy constraint"),
        ({"TimePeriod": {"Start": "2026-10-01", "End": "2027-01-01"}}, "ValidationException", "end date past the beginning of next month"),
        ({"Granularity": "WEEKLY"}, "ValidationException", "Member must satisfy enum value set: [DAILY, MONTHLY, HOURLY]"),
        ({"Granularity": "HOURLY"}, "DataUnavailableException", "Hourly"),
        ({"Metrics": ["Spend"]}, "ValidationException", "Invalid metric(s) Spend"),
        (
            {"Filter": {"Tags": {"Key": "env", "Values": ["dev"]}, "Dimensions": {"Key": "SERVICE", "Values": [ECS]}}},
            "ValidationException",
            "more than one roots",
        ),
        ({"GroupBy": [{"Type": "DIMENSION", "Key": "SERVICE"}] * 3}, "ValidationException", "at most 2"),
        ({"NextPageToken": "not-a-token"}, "InvalidNextTokenException", "NextToken"),
    ],
)
def test_bad_cost_and_usage_requests(ce: Any, request_args: dict[str, Any], code: str, message: str) -> None:
    request = {"TimePeriod": OCTOBER, "Granularity": "MONTHLY", "Metrics": ["UnblendedCost"], **request_args}
    found_code, found_message = error_of(ce.get_cost_and_usage, **request)
    assert found_code == code and message in found_message


# --- Savings Plans utilization -----------------------------------------------------------------------


def test_utilization_of_a_month(ce: Any) -> None:
    response = ce.get_savings_plans_utilization(TimePeriod=OCTOBER, Granularity="MONTHLY")
    assert shape_errors("ce", "GetSavingsPlansUtilization", response) == ""
    total = response["Total"]
    assert total["Utilization"] == {"TotalCommitment": "412.80", "UsedCommitment": "375.00", "UnusedCommitment": "37.80", "UtilizationPercentage": "90.84"}
    assert total["Savings"] == {"NetSavings": "97.20", "OnDemandCostEquivalent": "510.00"}
    assert total["AmortizedCommitment"] == {
        "AmortizedRecurringCommitment": "392.40",
        "AmortizedUpfrontCommitment": "20.40",
        "TotalAmortizedCommitment": "412.80",
    }
    [month] = response["SavingsPlansUtilizationsByTime"]
    assert month["TimePeriod"] == OCTOBER and month["Utilization"] == total["Utilization"]


def test_daily_utilization_adds_up_to_the_month(ce: Any) -> None:
    response = ce.get_savings_plans_utilization(TimePeriod=OCTOBER, Granularity="DAILY")
    days = response["SavingsPlansUtilizationsByTime"]
    assert len(days) == 31
    by_day = {day["TimePeriod"]["Start"]: day["Utilization"] for day in days}
    assert by_day["2026-10-01"] == {"TotalCommitment": "12.00", "UsedCommitment": "0.00", "UnusedCommitment": "12.00", "UtilizationPercentage": "0.00"}
    # 10-20: sp-1 12.00 (nothing used) + sp-2 2.40 (30.00 of plan-rate usage, capped at the commitment)
    assert by_day["2026-10-20"] == {"TotalCommitment": "14.40", "UsedCommitment": "2.40", "UnusedCommitment": "12.00", "UtilizationPercentage": "16.67"}
    assert response["Total"]["Utilization"]["TotalCommitment"] == "412.80"


def test_utilization_filtered_to_one_plan(ce: Any) -> None:
    response = ce.get_savings_plans_utilization(TimePeriod=OCTOBER, Granularity="MONTHLY", Filter={"Dimensions": {"Key": "SAVINGS_PLAN_ARN", "Values": [SP2]}})
    assert response["Total"]["Utilization"]["UtilizationPercentage"] == "73.53"


def test_utilization_details_per_plan(ce: Any) -> None:
    response = ce.get_savings_plans_utilization_details(TimePeriod=OCTOBER)
    assert shape_errors("ce", "GetSavingsPlansUtilizationDetails", response) == ""
    details = {detail["SavingsPlanArn"]: detail for detail in response["SavingsPlansUtilizationDetails"]}
    assert details[SP1]["Utilization"] == {
        "TotalCommitment": "372.00",
        "UsedCommitment": "345.00",
        "UnusedCommitment": "27.00",
        "UtilizationPercentage": "92.74",
    }
    assert details[SP1]["Savings"] == {"NetSavings": "88.00", "OnDemandCostEquivalent": "460.00"}
    assert details[SP2]["Utilization"]["UtilizationPercentage"] == "73.53"
    assert details[SP2]["AmortizedCommitment"] == {
        "AmortizedRecurringCommitment": "20.40",
        "AmortizedUpfrontCommitment": "20.40",
        "TotalAmortizedCommitment": "40.80",
    }
    assert details[SP2]["Attributes"] == {
        "savingsPlansType": "Compute",
        "term": "THREE_YEARS",
        "paymentOption": "PARTIAL_UPFRONT",
        "region": "Any",
        "startDate": "2026-10-15",
        "endDate": "2029-10-15",
    }
    assert response["Total"]["Utilization"]["UtilizationPercentage"] == "90.84"
    assert response["TimePeriod"] == OCTOBER


def test_utilization_details_page_with_max_results(ce: Any) -> None:
    first = ce.get_savings_plans_utilization_details(TimePeriod=OCTOBER, MaxResults=1)
    second = ce.get_savings_plans_utilization_details(TimePeriod=OCTOBER, MaxResults=1, NextToken=first["NextToken"])
    assert [d["SavingsPlanArn"] for d in first["SavingsPlansUtilizationDetails"] + second["SavingsPlansUtilizationDetails"]] == [SP1, SP2]
    assert "NextToken" not in second
    assert first["Total"] == second["Total"]


def test_utilization_details_list_only_plans_active_in_the_period(ce: Any) -> None:
    response = ce.get_savings_plans_utilization_details(TimePeriod={"Start": "2026-10-01", "End": "2026-10-15"})
    assert [d["SavingsPlanArn"] for d in response["SavingsPlansUtilizationDetails"]] == [SP1]


def test_utilization_details_sorted_and_of_the_data_types_asked(ce: Any) -> None:
    response = ce.get_savings_plans_utilization_details(
        TimePeriod=OCTOBER, DataType=["UTILIZATION"], SortBy={"Key": "UtilizationPercentage", "SortOrder": "ASCENDING"}
    )
    details = response["SavingsPlansUtilizationDetails"]
    assert [d["SavingsPlanArn"] for d in details] == [SP2, SP1]
    assert set(details[0]) == {"SavingsPlanArn", "Utilization"}


def test_utilization_without_plans_is_data_unavailable(aws: Emulator) -> None:
    """As AWS answers for an account with no Savings Plan in the period (the report module reads it as zero)."""
    aws.seed_costs({"today": TODAY.isoformat(), "usage": [usage("2026-10-07", EC2, "90.00")]})
    ce = aws.client("ce", region="us-east-1")
    with pytest.raises(ce.exceptions.DataUnavailableException):
        ce.get_savings_plans_utilization(TimePeriod=OCTOBER, Granularity="MONTHLY")
    with pytest.raises(ce.exceptions.DataUnavailableException):
        ce.get_savings_plans_utilization_details(TimePeriod=OCTOBER)


@pytest.mark.parametrize(
    ("request_args", "message"),
    [
        ({"Granularity": "HOURLY"}, "Granularity should be either 'MONTHLY' or 'DAILY'"),
        ({"Granularity": "YEARLY"}, "enum value set"),
        ({"TimePeriod": {"Start": "2026-11-01", "End": "2026-10-01"}}, "Start date (and hour) should be before end date (and hour)"),
        ({"Filter": {"Tags": {"Key": "env", "Values": ["dev"]}}}, "Tags are not supported"),
    ],
)
def test_bad_utilization_requests(ce: Any, request_args: dict[str, Any], message: str) -> None:
    code, found = error_of(ce.get_savings_plans_utilization, **{"TimePeriod": OCTOBER, **request_args})
    assert code == "ValidationException" and message in found


# --- Savings Plans coverage --------------------------------------------------------------------------


def test_coverage_of_a_month(ce: Any) -> None:
    response = ce.get_savings_plans_coverage(TimePeriod=OCTOBER, Granularity="MONTHLY")
    assert shape_errors("ce", "GetSavingsPlansCoverage", response) == ""
    [month] = response["SavingsPlansCoverages"]
    assert month["Coverage"] == {"SpendCoveredBySavingsPlans": "510.00", "OnDemandCost": "90.00", "TotalCost": "600.00", "CoveragePercentage": "85.00"}
    assert month["TimePeriod"] == OCTOBER and month["Attributes"] == {}


def test_coverage_grouped_by_service_covers_the_whole_period(ce: Any) -> None:
    response = ce.get_savings_plans_coverage(TimePeriod=OCTOBER, GroupBy=[{"Type": "DIMENSION", "Key": "SERVICE"}])
    found = {c["Attributes"]["SERVICE"]: c["Coverage"]["CoveragePercentage"] for c in response["SavingsPlansCoverages"]}
    assert found == {EC2: "35.71", ECS: "100.00", LAMBDA: "100.00"}
    assert {c["TimePeriod"]["Start"] for c in response["SavingsPlansCoverages"]} == {OCTOBER["Start"]}


def test_coverage_refuses_a_granularity_with_a_group_by(ce: Any) -> None:
    with pytest.raises(ce.exceptions.ClientError, match="Granularity can't be set if GroupBy is set"):
        ce.get_savings_plans_coverage(TimePeriod=OCTOBER, Granularity="MONTHLY", GroupBy=[{"Type": "DIMENSION", "Key": "SERVICE"}])


def test_daily_coverage_pages_with_max_results(ce: Any) -> None:
    coverages, pages, token = [], 0, None
    while True:
        response = ce.get_savings_plans_coverage(TimePeriod=OCTOBER, Granularity="DAILY", MaxResults=10, **({"NextToken": token} if token else {}))
        coverages += response["SavingsPlansCoverages"]
        pages += 1
        token = response.get("NextToken")
        if not token:
            break
    assert pages == 4 and len(coverages) == 31
    assert sum(Decimal(c["Coverage"]["SpendCoveredBySavingsPlans"]) for c in coverages) == Decimal("510.00")


def test_coverage_with_no_data_is_zero(empty_ce: Any) -> None:
    [month] = empty_ce.get_savings_plans_coverage(TimePeriod=OCTOBER, Granularity="MONTHLY")["SavingsPlansCoverages"]
    assert month["Coverage"] == {"SpendCoveredBySavingsPlans": "0.00", "OnDemandCost": "0.00", "TotalCost": "0.00", "CoveragePercentage": "0.00"}


def test_bad_coverage_token(ce: Any) -> None:
    assert error_of(ce.get_savings_plans_coverage, TimePeriod=OCTOBER, NextToken="bm9wZQ==")[0] == "InvalidNextTokenException"


# --- Savings Plans purchase recommendation -----------------------------------------------------------


def test_compute_savings_plan_recommendation(ce: Any) -> None:
    recommendation = sp_recommendation(ce)
    summary = recommendation["SavingsPlansPurchaseRecommendationSummary"]
    expected = {
        "HourlyCommitmentToPurchase": "0.800",
        "DailyCommitmentToPurchase": "19.20",
        "EstimatedMonthlySavingsAmount": "146.00",
        "EstimatedSavingsPercentage": "20.00",
        "CurrentOnDemandSpend": "216.00",
        "EstimatedSavingsAmount": "33.60",
        "EstimatedROI": "25.00",
        "TotalRecommendationCount": "1",
        "CurrencyCode": "USD",
    }
    assert {key: summary[key] for key in expected} == expected
    [detail] = recommendation["SavingsPlansPurchaseRecommendationDetails"]
    assert (detail["HourlyCommitmentToPurchase"], detail["EstimatedMonthlySavingsAmount"], detail["CurrentMinimumHourlyOnDemandSpend"]) == (
        "0.800",
        "146.00",
        "1.000",
    )
    assert (recommendation["TermInYears"], recommendation["PaymentOption"], recommendation["LookbackPeriodInDays"]) == ("ONE_YEAR", "NO_UPFRONT", "SEVEN_DAYS")


def test_recommendation_with_a_default_discount(ce: Any) -> None:
    summary = sp_recommendation(ce, "THREE_YEARS", "ALL_UPFRONT")["SavingsPlansPurchaseRecommendationSummary"]
    # 0.46 off a base of 1.00: 0.540 an hour, 0.46 x 730 = 335.80 a month, ROI 0.46 / 0.54 = 85.19 %
    assert (summary["HourlyCommitmentToPurchase"], summary["EstimatedMonthlySavingsAmount"], summary["EstimatedROI"]) == ("0.540", "335.80", "85.19")


def test_no_recommendation_when_a_lookback_day_has_no_spend(ce: Any) -> None:
    recommendation = sp_recommendation(ce, lookback="THIRTY_DAYS")
    assert recommendation["SavingsPlansPurchaseRecommendationDetails"] == []
    summary = recommendation["SavingsPlansPurchaseRecommendationSummary"]
    assert (summary["TotalRecommendationCount"], summary["HourlyCommitmentToPurchase"], summary["EstimatedMonthlySavingsAmount"]) == ("0", "0.000", "0.00")


def test_no_recommendation_without_data(empty_ce: Any) -> None:
    summary = sp_recommendation(empty_ce)["SavingsPlansPurchaseRecommendationSummary"]
    assert summary["TotalRecommendationCount"] == "0" and summary["CurrentOnDemandSpend"] == "0.00"


def test_no_recommendation_for_other_savings_plans_types(ce: Any) -> None:
    response = ce.get_savings_plans_purchase_recommendation(
        SavingsPlansType="EC2_INSTANCE_SP", TermInYears="ONE_YEAR", PaymentOption="NO_UPFRONT", LookbackPeriodInDays="SEVEN_DAYS"
    )
    assert response["SavingsPlansPurchaseRecommendation"]["SavingsPlansPurchaseRecommendationSummary"]["TotalRecommendationCount"] == "0"


@pytest.mark.parametrize(
    ("request_args", "message"),
    [
        ({"LookbackPeriodInDays": "NINETY_DAYS"}, "Member must satisfy enum value set: [SEVEN_DAYS, THIRTY_DAYS, SIXTY_DAYS]"),
        ({"TermInYears": "TWO_YEARS"}, "enum value set"),
        ({"PaymentOption": "HEAVY_UTILIZATION"}, "not supported for Savings Plans"),
        ({"SavingsPlansType": "SPOT_SP"}, "enum value set"),
    ],
)
def test_bad_savings_plans_recommendation_requests(ce: Any, request_args: dict[str, Any], message: str) -> None:
    request = {"SavingsPlansType": "COMPUTE_SP", "TermInYears": "ONE_YEAR", "PaymentOption": "NO_UPFRONT", "LookbackPeriodInDays": "SEVEN_DAYS", **request_args}
    code, found = error_of(ce.get_savings_plans_purchase_recommendation, **request)
    assert code == "ValidationException" and message in found


# --- reservation purchase recommendation -------------------------------------------------------------


def test_rds_reservation_recommendation(ce: Any) -> None:
    [recommendation] = ri_recommendation(ce)["Recommendations"]
    details = {d["InstanceDetails"]["RDSInstanceDetails"]["InstanceType"]: d for d in recommendation["RecommendationDetails"]}
    assert set(details) == {"db.r6g.large", "db.r6g.xlarge"}
    large = details["db.r6g.large"]
    figures = {
        key: large[key]
        for key in (
            "RecommendedNumberOfInstancesToPurchase",
            "EstimatedMonthlyOnDemandCost",
            "EstimatedMonthlySavingsAmount",
            "EstimatedMonthlySavingsPercentage",
            "MinimumNumberOfInstancesUsedPerHour",
            "MaximumNumberOfInstancesUsedPerHour",
            "AverageNumberOfInstancesUsedPerHour",
        )
    }
    assert figures == {
        "RecommendedNumberOfInstancesToPurchase": "2",
        "EstimatedMonthlyOnDemandCost": "292.00",
        "EstimatedMonthlySavingsAmount": "87.60",
        "EstimatedMonthlySavingsPercentage": "30.00",
        "MinimumNumberOfInstancesUsedPerHour": "2.00",
        "MaximumNumberOfInstancesUsedPerHour": "3.00",
        "AverageNumberOfInstancesUsedPerHour": "2.15",
    }
    instance = large["InstanceDetails"]["RDSInstanceDetails"]
    assert (instance["Family"], instance["Region"], instance["DatabaseEngine"]) == ("db.r6g", "eu-west-1", "PostgreSQL")
    assert details["db.r6g.xlarge"]["InstanceDetails"]["RDSInstanceDetails"]["Region"] == "eu-central-1"
    assert recommendation["RecommendationSummary"] == {
        "TotalEstimatedMonthlySavingsAmount": "175.20",
        "TotalEstimatedMonthlySavingsPercentage": "30.00",
        "CurrencyCode": "USD",
    }


def test_elasticache_reservation_recommendation(ce: Any) -> None:
    [recommendation] = ri_recommendation(ce, ELASTICACHE)["Recommendations"]
    [detail] = recommendation["RecommendationDetails"]
    node = detail["InstanceDetails"]["ElastiCacheInstanceDetails"]
    assert (node["Family"], node["NodeType"], node["ProductDescription"]) == ("cache.r6g", "cache.r6g.large", "redis")
    assert (detail["RecommendedNumberOfInstancesToPurchase"], detail["EstimatedMonthlyOnDemandCost"], detail["EstimatedMonthlySavingsAmount"]) == (
        "1",
        "182.50",
        "54.75",
    )


def test_reservation_recommendation_pages_with_page_size(ce: Any) -> None:
    first = ri_recommendation(ce, PageSize=1)
    second = ri_recommendation(ce, PageSize=1, NextPageToken=first["NextPageToken"])
    types = [
        d["InstanceDetails"]["RDSInstanceDetails"]["InstanceType"] for page in (first, second) for d in page["Recommendations"][0]["RecommendationDetails"]
    ]
    assert types == ["db.r6g.large", "db.r6g.xlarge"] and "NextPageToken" not in second


def test_no_reservation_recommendation_without_steady_usage(aws: Emulator) -> None:
    aws.seed_costs({"today": TODAY.isoformat(), "usage": [rds(WEEK[0], "db.r6g.large", 48, "0.20")]})
    assert ri_recommendation(aws.client("ce", region="us-east-1"))["Recommendations"] == []


def test_no_reservation_recommendation_for_a_service_without_data(ce: Any) -> None:
    assert ri_recommendation(ce, "Amazon Redshift")["Recommendations"] == []


def test_bad_reservation_recommendation_requests(ce: Any) -> None:
    assert error_of(ce.get_reservation_purchase_recommendation, Service="Amazon Nothing")[0] == "ValidationException"
    code, message = error_of(ce.get_reservation_purchase_recommendation, Service=RDS, LookbackPeriodInDays="NINETY_DAYS")
    assert code == "ValidationException" and "lookbackPeriodInDays" in message


# --- the call log ------------------------------------------------------------------------------------


def test_cost_explorer_reads_are_logged_as_non_mutating(ce: Any, aws: Emulator) -> None:
    aws.clear_calls()
    cost(ce)
    ce.get_savings_plans_coverage(TimePeriod=OCTOBER)
    sp_recommendation(ce)
    ri_recommendation(ce)
    calls = aws.calls()
    assert calls.mutating == [] and calls.count("GetCostAndUsage") == 1 and len(calls.calls) == 4


# --- the seed endpoint -------------------------------------------------------------------------------


def control(aws: Emulator, method: str, payload: Any = None) -> tuple[int, dict[str, Any]]:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(f"{aws.url}/_webstack/costs", data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_seed_reads_back_and_reset_empties_it(aws: Emulator) -> None:
    stored = aws.seed_costs(SEED)
    assert control(aws, "GET") == (200, stored)
    assert stored["usage"][0]["savings_plan_cost"] == "300.00" and stored["usage"][3]["tags"] == {}
    aws.reset()
    assert control(aws, "GET") == (200, {"currency": "USD", "today": None, "usage": [], "savings_plans": [], "discounts": {}})


def test_a_new_seed_replaces_the_whole_set(aws: Emulator) -> None:
    aws.seed_costs(SEED)
    aws.seed_costs({"today": TODAY.isoformat()})
    [result] = cost(aws.client("ce", region="us-east-1"))["ResultsByTime"]
    assert result["Total"]["UnblendedCost"]["Amount"] == "0.00"


def with_item(**changes: Any) -> dict[str, Any]:
    return {"today": "2026-11-20", "usage": [{**usage("2026-10-07", EC2, "90.00"), **changes}]}


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([], "cost data: expected an object"),
        ({"usage": [], "extra": 1}, "unknown key(s) extra"),
        ({"currency": "dollars"}, "currency: expected a currency code"),
        ({"today": "20/11/2026"}, "today: expected a date YYYY-MM-DD"),
        ({"today": "2026-02-30"}, "today: '2026-02-30' is not a calendar date"),
        (with_item(on_demand_cost=12.5), "usage[0].on_demand_cost: expected a decimal string"),
        (with_item(on_demand_cost="-1"), "usage[0].on_demand_cost: expected a non-negative"),
        (with_item(usage_quantity="lots"), "usage[0].usage_quantity"),
        (with_item(tags={"env": 1}), "usage[0].tags"),
        (with_item(savings_plan_arn=SP1), "savings_plan_arn and savings_plan_cost go together"),
        (with_item(savings_plan_arn=SP1, savings_plan_cost="1.00"), "is not one of savings_plans"),
        ({"usage": [{"date": "2026-10-07"}]}, "usage[0]: missing key(s) service"),
        ({"savings_plans": [plan(SP1, "ONE_YEAR", "NO_UPFRONT", "0.5", "2026-10-01", "2026-10-01")]}, "end 2026-10-01 must be after start"),
        ({"savings_plans": [plan(SP1, "TWO_YEARS", "NO_UPFRONT", "0.5", "2026-10-01", "2027-10-01")]}, "savings_plans[0].term: expected one of"),
        ({"savings_plans": [plan(SP1, "ONE_YEAR", "NO_UPFRONT", "0.5", "2026-10-01", "2027-10-01")] * 2}, "is given twice"),
        (
            {
                "savings_plans": [plan(SP1, "ONE_YEAR", "NO_UPFRONT", "0.5", "2026-10-10", "2027-10-01")],
                "usage": [usage("2026-10-07", EC2, "9", savings_plan_arn=SP1, savings_plan_cost="7")],
            },
            "outside the active time",
        ),
        ({"discounts": {"EC2": {}}}, "discounts: expected one of COMPUTE_SP, RDS, ELASTICACHE"),
        ({"discounts": {"RDS": {"ONE_YEAR": {"NO_UPFRONT": "1.5"}}}}, "discounts.RDS.ONE_YEAR.NO_UPFRONT: expected a decimal below 1"),
    ],
)
def test_a_malformed_seed_is_refused_and_changes_nothing(aws: Emulator, payload: Any, message: str) -> None:
    stored = aws.seed_costs(SEED)
    status, answer = control(aws, "POST", payload)
    assert status == 400 and message in answer["error"]
    assert control(aws, "GET") == (200, stored)
    with pytest.raises(ValueError) as error:
        aws.seed_costs(payload)
    assert message in str(error.value)


# --- pure functions ----------------------------------------------------------------------------------


def test_rendering_rounds_half_up_and_never_answers_negative_zero() -> None:
    assert (ce_costs.money(Decimal("2.345")), ce_costs.money(Decimal("-0.001")), ce_costs.hourly(Decimal("0.0005"))) == ("2.35", "0.00", "0.001")
    assert ce_costs.percentage(Decimal(1), Decimal(3)) == "33.33" and ce_costs.percentage(Decimal(1), Decimal(0)) == "0.00"


def test_periods() -> None:
    day = datetime.date
    assert ce_costs.periods(day(2026, 1, 30), day(2026, 2, 2), "DAILY") == [
        (day(2026, 1, 30), day(2026, 1, 31)),
        (day(2026, 1, 31), day(2026, 2, 1)),
        (day(2026, 2, 1), day(2026, 2, 2)),
    ]
    assert ce_costs.periods(day(2026, 1, 30), day(2026, 3, 2), "MONTHLY") == [
        (day(2026, 1, 30), day(2026, 2, 1)),
        (day(2026, 2, 1), day(2026, 3, 1)),
        (day(2026, 3, 1), day(2026, 3, 2)),
    ]


def test_plan_utilization_caps_use_at_the_commitment() -> None:
    data = ce_costs.parse_cost_data(
        {
            "savings_plans": [plan(SP1, "ONE_YEAR", "ALL_UPFRONT", "0.100", "2026-10-01", "2027-10-01")],
            "usage": [usage("2026-10-02", ECS, "5.00", savings_plan_arn=SP1, savings_plan_cost="4.00")],
        }
    )
    figures = ce_costs.plan_utilization(data.savings_plans[0], data.usage, datetime.date(2026, 10, 2), datetime.date(2026, 10, 3))
    assert (figures.total, figures.used, figures.unused, figures.upfront, figures.recurring) == (
        Decimal("2.400"),
        Decimal("2.400"),
        Decimal("0.000"),
        Decimal("2.400"),
        Decimal("0.000"),
    )


def test_value_matches_options() -> None:
    assert ce_costs.value_matches(None, [], ["ABSENT"]) and not ce_costs.value_matches("x", [], ["ABSENT"])
    assert ce_costs.value_matches("Amazon EC2", ["ec2"], ["ENDS_WITH", "CASE_INSENSITIVE"])
    assert not ce_costs.value_matches("Amazon EC2", ["ec2"], ["ENDS_WITH"])
    assert ce_costs.value_matches(None, [""], [])  # Values [""]: untagged


def test_lookback_days_end_the_day_before_today() -> None:
    assert ce_costs.lookback_dates(TODAY, 7) == [TODAY - datetime.timedelta(days=days) for days in range(7, 0, -1)]
