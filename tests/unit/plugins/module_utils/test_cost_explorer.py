"""The pure rules behind savings_plans_report: validation, requests, and Cost Explorer answers turned into the report."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from ansible_collections.webstack.aws.plugins.module_utils import cost_explorer as ce
from botocore.validate import ParamValidator

ARN_1 = "arn:aws:savingsplans::123456789012:savingsplan/sp-1"
ARN_2 = "arn:aws:savingsplans::123456789012:savingsplan/sp-2"
ZEROS = {key: "0.00" for key in ce.UTILIZATION_KEYS}


def params(**overrides: Any) -> dict[str, Any]:
    """Module params as AnsibleModule hands them over (every option present, defaults applied)."""
    base = {
        "start": "2026-10-01",
        "end": "2026-11-01",
        "granularity": "MONTHLY",
        "term": "ONE_YEAR",
        "payment_option": "NO_UPFRONT",
        "lookback": "THIRTY_DAYS",
        "reservation_services": ["rds", "elasticache"],
        "tag_keys": [],
        "filter_tags": {},
    }
    base.update(overrides)
    return base


def request_errors(operation: str, request: dict[str, Any]) -> str:
    shape = botocore.session.get_session().get_service_model("ce").operation_model(operation).input_shape
    report = ParamValidator().validate(request, shape)
    return report.generate_report() if report.has_errors() else ""


def money(amount: str) -> dict[str, str]:
    return {"Amount": amount, "Unit": "USD"}


def aggregate(total: str, used: str, unused: str, pct: str, on_demand: str, net: str) -> dict[str, Any]:
    return {
        "Utilization": {"TotalCommitment": total, "UsedCommitment": used, "UnusedCommitment": unused, "UtilizationPercentage": pct},
        "Savings": {"NetSavings": net, "OnDemandCostEquivalent": on_demand},
        "AmortizedCommitment": {"AmortizedRecurringCommitment": total, "AmortizedUpfrontCommitment": "0.00", "TotalAmortizedCommitment": total},
    }


def detail(arn: str, *amounts: str) -> dict[str, Any]:
    attributes = {"savingsPlansType": "Compute", "term": "ONE_YEAR", "paymentOption": "NO_UPFRONT", "region": "Any"}
    return {"SavingsPlanArn": arn, "Attributes": attributes, **aggregate(*amounts)}


def cost_result(start: str, end: str, *groups: tuple[str, str]) -> dict[str, Any]:
    return {
        "TimePeriod": {"Start": start, "End": end},
        "Total": {},
        "Groups": [{"Keys": [key], "Metrics": {"UnblendedCost": money(amount)}} for key, amount in groups],
        "Estimated": False,
    }


def coverage(start: str, end: str, covered: str, on_demand: str, total: str, pct: str) -> dict[str, Any]:
    data = {"SpendCoveredBySavingsPlans": covered, "OnDemandCost": on_demand, "TotalCost": total, "CoveragePercentage": pct}
    return {"Attributes": {}, "Coverage": data, "TimePeriod": {"Start": start, "End": end}}


def sp_recommendation(count: str, **summary: str) -> dict[str, Any]:
    return {
        "Metadata": {"RecommendationId": "r-1"},
        "SavingsPlansPurchaseRecommendation": {
            "SavingsPlansType": "COMPUTE_SP",
            "TermInYears": "ONE_YEAR",
            "PaymentOption": "NO_UPFRONT",
            "LookbackPeriodInDays": "THIRTY_DAYS",
            "SavingsPlansPurchaseRecommendationDetails": [],
            "SavingsPlansPurchaseRecommendationSummary": {"TotalRecommendationCount": count, "CurrencyCode": "EUR", **summary},
        },
    }


def rds_detail(instance_type: str, count: str, savings: str, on_demand: str) -> dict[str, Any]:
    instance = {"Family": instance_type.rsplit(".", 1)[0], "InstanceType": instance_type, "Region": "eu-west-1", "DatabaseEngine": "PostgreSQL"}
    return {
        "InstanceDetails": {"RDSInstanceDetails": instance},
        "RecommendedNumberOfInstancesToPurchase": count,
        "EstimatedMonthlySavingsAmount": savings,
        "EstimatedMonthlyOnDemandCost": on_demand,
        "EstimatedMonthlySavingsPercentage": "30.00",
        "CurrencyCode": "USD",
    }


# validation


def test_valid_params_have_no_error() -> None:
    assert ce.validate_params(params()) == []
    assert ce.validate_params(params(tag_keys=["webstack:environment"], filter_tags={"webstack:stack": "webstack", "team": ["a", "b"]})) == []


@pytest.mark.parametrize("value", ["2026-13-01", "2026/10/01", "01-10-2026", "2026-10-1", "yesterday", "2026-02-30", ""])
def test_a_start_not_a_date_is_refused_by_name(value: str) -> None:
    [error] = ce.validate_params(params(start=value))
    assert error.startswith("start ") and "YYYY-MM-DD" in error


def test_an_end_not_a_date_is_refused_by_name() -> None:
    [error] = ce.validate_params(params(end="2026-11-31"))
    assert error.startswith("end ") and "YYYY-MM-DD" in error


@pytest.mark.parametrize("end", ["2026-10-01", "2026-09-30"])
def test_end_must_be_after_start(end: str) -> None:
    [error] = ce.validate_params(params(end=end))
    assert error.startswith("end ") and "after start" in error


@pytest.mark.parametrize("granularity", ["DAILY", "MONTHLY"])
def test_a_period_of_fourteen_months_is_the_longest(granularity: str) -> None:
    assert ce.validate_params(params(start="2025-10-01", end="2026-12-01", granularity=granularity)) == []
    [error] = ce.validate_params(params(start="2025-09-30", end="2026-12-01", granularity=granularity))
    assert "start and end span 15 months" in error and granularity in error


def test_months_spanned_counts_calendar_months_of_the_half_open_period() -> None:
    assert ce.months_spanned(ce.parse_date("2026-10-01"), ce.parse_date("2026-11-01")) == 1
    assert ce.months_spanned(ce.parse_date("2026-10-31"), ce.parse_date("2026-11-02")) == 2
    assert ce.months_spanned(ce.parse_date("2025-12-15"), ce.parse_date("2027-01-01")) == 13


def test_empty_tag_keys_and_filter_tags_are_refused_by_name() -> None:
    errors = ce.validate_params(params(tag_keys=["ok", ""], filter_tags={"webstack:stack": [], "": "x"}))
    assert len(errors) == 3
    assert errors[0].startswith("tag_keys ")
    assert all(error.startswith("filter_tags") for error in errors[1:])


# requests


def test_cost_request_without_filter_groups_by_the_dimension() -> None:
    request = ce.cost_request(params(), {"Type": "DIMENSION", "Key": "SERVICE"})
    assert request == {
        "TimePeriod": {"Start": "2026-10-01", "End": "2026-11-01"},
        "Granularity": "MONTHLY",
        "Metrics": ["UnblendedCost"],
        "GroupBy": [{"Type": "DIMENSION", "Key": "SERVICE"}],
    }
    assert request_errors("GetCostAndUsage", request) == ""


def test_one_filter_tag_is_a_tags_expression() -> None:
    request = ce.cost_request(params(filter_tags={"webstack:stack": "webstack"}), {"Type": "TAG", "Key": "team"})
    assert request["Filter"] == {"Tags": {"Key": "webstack:stack", "Values": ["webstack"]}}
    assert request_errors("GetCostAndUsage", request) == ""


def test_several_filter_tags_are_anded() -> None:
    request = ce.cost_request(params(filter_tags={"webstack:stack": "webstack", "team": ["a", "b"]}), {"Type": "TAG", "Key": "team"})
    assert request["Filter"] == {"And": [{"Tags": {"Key": "team", "Values": ["a", "b"]}}, {"Tags": {"Key": "webstack:stack", "Values": ["webstack"]}}]}
    assert request_errors("GetCostAndUsage", request) == ""


def test_recommendation_requests_follow_the_api_model() -> None:
    mine = params(term="THREE_YEARS", payment_option="ALL_UPFRONT", lookback="SEVEN_DAYS")
    sp = ce.recommendation_request(mine)
    assert sp == {"SavingsPlansType": "COMPUTE_SP", "TermInYears": "THREE_YEARS", "PaymentOption": "ALL_UPFRONT", "LookbackPeriodInDays": "SEVEN_DAYS"}
    assert request_errors("GetSavingsPlansPurchaseRecommendation", sp) == ""
    rds = ce.reservation_request(mine, "rds")
    assert rds["Service"] == "Amazon Relational Database Service"
    assert ce.reservation_request(mine, "elasticache")["Service"] == "Amazon ElastiCache"
    assert request_errors("GetReservationPurchaseRecommendation", rds) == ""


# pagination


def test_paginate_follows_the_token_to_the_last_page() -> None:
    answers = {None: {"Items": [1], "NextToken": "a"}, "a": {"Items": [2], "NextToken": "b"}, "b": {"Items": [3]}}
    requests = []

    def call(**request: Any) -> dict[str, Any]:
        requests.append(request)
        return answers[request.get("NextToken")]

    pages = ce.paginate(call, {"TimePeriod": {"Start": "x"}}, "NextToken")
    assert [page["Items"] for page in pages] == [[1], [2], [3]]
    assert requests == [{"TimePeriod": {"Start": "x"}}, {"TimePeriod": {"Start": "x"}, "NextToken": "a"}, {"TimePeriod": {"Start": "x"}, "NextToken": "b"}]


# utilization


def test_utilization_keeps_the_answered_strings() -> None:
    answer = {
        "SavingsPlansUtilizationsByTime": [
            {"TimePeriod": {"Start": "2026-10-01", "End": "2026-10-02"}, **aggregate("9.60", "9.00", "0.60", "93.75", "12.00", "2.40")},
            {"TimePeriod": {"Start": "2026-10-02", "End": "2026-10-03"}, **aggregate("9.60", "9.60", "0.00", "100.00", "13.50", "3.90")},
        ],
        "Total": aggregate("19.20", "18.60", "0.60", "96.88", "25.50", "6.30"),
    }
    report = ce.utilization_report(answer, [{"SavingsPlansUtilizationDetails": [detail(ARN_1, "19.20", "18.60", "0.60", "96.88", "25.50", "6.30")]}])
    assert report["total"] == {
        "total_commitment": "19.20",
        "used_commitment": "18.60",
        "unused_commitment": "0.60",
        "utilization_percentage": "96.88",
        "on_demand_cost_equivalent": "25.50",
        "net_savings": "6.30",
    }
    assert [(p["start"], p["end"], p["utilization_percentage"]) for p in report["by_period"]] == [
        ("2026-10-01", "2026-10-02", "93.75"),
        ("2026-10-02", "2026-10-03", "100.00"),
    ]
    [plan] = report["by_plan"]
    assert plan == {"savings_plan_arn": ARN_1, "type": "Compute", "term": "ONE_YEAR", "payment_option": "NO_UPFRONT", **report["total"]}


def test_utilization_details_of_every_page_are_listed() -> None:
    pages = [
        {"SavingsPlansUtilizationDetails": [detail(ARN_1, "1.00", "1.00", "0.00", "100.00", "2.00", "1.00")], "NextToken": "t"},
        {"SavingsPlansUtilizationDetails": [detail(ARN_2, "2.00", "1.00", "1.00", "50.00", "1.50", "-0.50")]},
    ]
    report = ce.utilization_report({"SavingsPlansUtilizationsByTime": [], "Total": aggregate("3.00", "2.00", "1.00", "66.67", "3.50", "0.50")}, pages)
    assert [(p["savings_plan_arn"], p["net_savings"]) for p in report["by_plan"]] == [(ARN_1, "1.00"), (ARN_2, "-0.50")]


def test_data_unavailable_utilization_is_all_zero() -> None:
    assert ce.utilization_report(None, None) == {"total": ZEROS, "by_period": [], "by_plan": []}


# coverage


def test_coverage_total_adds_the_periods_and_recomputes_the_percentage() -> None:
    pages = [
        {"SavingsPlansCoverages": [coverage("2026-10-01", "2026-10-02", "9.00", "1.00", "10.00", "90.00")], "NextToken": "t"},
        {"SavingsPlansCoverages": [coverage("2026-10-02", "2026-10-03", "0.00", "2.00", "2.00", "0.00")]},
    ]
    report = ce.coverage_report(pages)
    assert report["total"] == {"spend_covered": "9.00", "on_demand_cost": "3.00", "total_cost": "12.00", "coverage_percentage": "75.00"}
    assert report["by_period"][1] == {
        "start": "2026-10-02",
        "end": "2026-10-03",
        "spend_covered": "0.00",
        "on_demand_cost": "2.00",
        "total_cost": "2.00",
        "coverage_percentage": "0.00",
    }


def test_coverage_percentage_rounds_half_up() -> None:
    report = ce.coverage_report([{"SavingsPlansCoverages": [coverage("2026-10-01", "2026-11-01", "1.00", "7.00", "8.00", "12.50")]}])
    assert report["total"]["coverage_percentage"] == "12.50"
    assert ce.percentage(ce.Decimal("1"), ce.Decimal("3")) == "33.33"
    assert ce.percentage(ce.Decimal("1"), ce.Decimal("800")) == "0.13"  # 0.125: half up, not half even
    assert ce.percentage(ce.Decimal("2"), ce.Decimal("3")) == "66.67"


@pytest.mark.parametrize("pages", [None, [], [{"SavingsPlansCoverages": []}]])
def test_no_coverage_is_zero(pages: Any) -> None:
    report = ce.coverage_report(pages)
    assert report == {"total": {"spend_covered": "0.00", "on_demand_cost": "0.00", "total_cost": "0.00", "coverage_percentage": "0.00"}, "by_period": []}


# recommendations


def test_recommendation_is_the_summary() -> None:
    answer = sp_recommendation(
        "1",
        HourlyCommitmentToPurchase="0.160",
        DailyCommitmentToPurchase="3.84",
        EstimatedMonthlySavingsAmount="29.20",
        EstimatedSavingsPercentage="20.00",
        EstimatedROI="25.00",
        CurrentOnDemandSpend="150.00",
    )
    assert ce.recommendation_report([answer]) == {
        "savings_plans_type": "COMPUTE_SP",
        "term": "ONE_YEAR",
        "payment_option": "NO_UPFRONT",
        "lookback": "THIRTY_DAYS",
        "hourly_commitment": "0.160",
        "daily_commitment": "3.84",
        "estimated_monthly_savings": "29.20",
        "estimated_savings_percentage": "20.00",
        "estimated_roi": "25.00",
        "current_on_demand_spend": "150.00",
    }


@pytest.mark.parametrize("pages", [[], [{"Metadata": {}}], [sp_recommendation("0", HourlyCommitmentToPurchase="0.000")]])
def test_no_recommendation_is_none(pages: list[dict[str, Any]]) -> None:
    assert ce.recommendation_report(pages) is None


def test_reservations_of_every_page_and_recommendation_are_listed() -> None:
    pages = [
        {"Recommendations": [{"RecommendationDetails": [rds_detail("db.r6g.large", "2", "262.80", "876.00")]}], "NextPageToken": "t"},
        {"Recommendations": [{"RecommendationDetails": []}, {"RecommendationDetails": [rds_detail("db.t4g.micro", "1", "3.50", "11.68")]}]},
    ]
    assert ce.reservation_report(pages, "rds") == [
        {
            "instance_type": "db.r6g.large",
            "region": "eu-west-1",
            "count": 2,
            "estimated_monthly_savings": "262.80",
            "estimated_monthly_on_demand_cost": "876.00",
            "estimated_savings_percentage": "30.00",
        },
        {
            "instance_type": "db.t4g.micro",
            "region": "eu-west-1",
            "count": 1,
            "estimated_monthly_savings": "3.50",
            "estimated_monthly_on_demand_cost": "11.68",
            "estimated_savings_percentage": "30.00",
        },
    ]


def test_elasticache_reservations_read_the_node_type() -> None:
    node = {"Family": "cache.r6g", "NodeType": "cache.r6g.large", "Region": "eu-west-1", "ProductDescription": "redis"}
    answer = {
        "Recommendations": [
            {"RecommendationDetails": [{"InstanceDetails": {"ElastiCacheInstanceDetails": node}, "RecommendedNumberOfInstancesToPurchase": "3"}]}
        ]
    }
    [reservation] = ce.reservation_report([answer], "elasticache")
    assert (reservation["instance_type"], reservation["count"]) == ("cache.r6g.large", 3)


@pytest.mark.parametrize("pages", [None, [], [{"Recommendations": []}]])
def test_no_reservation_is_an_empty_list(pages: Any) -> None:
    assert ce.reservation_report(pages, "rds") == []


# cost


def test_cost_by_service_sorts_groups_and_totals_each_period() -> None:
    page = {
        "ResultsByTime": [
            cost_result("2026-10-01", "2026-11-01", ("AWS Lambda", "90.00"), ("Amazon Elastic Container Service", "310.00"), ("Amazon ElastiCache", "90.00")),
            cost_result("2026-11-01", "2026-11-15"),
        ]
    }
    assert ce.cost_report([page]) == [
        {
            "start": "2026-10-01",
            "end": "2026-11-01",
            "groups": [
                {"key": "Amazon Elastic Container Service", "amount": "310.00"},
                {"key": "AWS Lambda", "amount": "90.00"},
                {"key": "Amazon ElastiCache", "amount": "90.00"},
            ],
            "total": "490.00",
        },
        {"start": "2026-11-01", "end": "2026-11-15", "groups": [], "total": "0.00"},
    ]


def test_a_period_split_over_pages_is_merged() -> None:
    pages = [
        {"ResultsByTime": [cost_result("2026-10-01", "2026-10-02", ("A", "1.10"))], "NextPageToken": "t"},
        {"ResultsByTime": [cost_result("2026-10-01", "2026-10-02", ("B", "2.2")), cost_result("2026-10-02", "2026-10-03", ("A", "0.015"))]},
    ]
    report = ce.cost_report(pages)
    assert [(p["start"], p["total"], [g["key"] for g in p["groups"]]) for p in report] == [("2026-10-01", "3.30", ["B", "A"]), ("2026-10-02", "0.015", ["A"])]


def test_cost_amounts_stay_exact_strings() -> None:
    [period] = ce.cost_report([{"ResultsByTime": [cost_result("2026-10-01", "2026-11-01", ("A", "0.1"), ("B", "0.2"))]}])
    assert period["total"] == "0.30"
    assert period["groups"] == [{"key": "B", "amount": "0.2"}, {"key": "A", "amount": "0.1"}]


def test_cost_by_tag_keys_are_the_values_and_untagged_is_empty() -> None:
    page = {"ResultsByTime": [cost_result("2026-10-01", "2026-11-01", ("webstack:environment$", "40.00"), ("webstack:environment$dev", "300.00"))]}
    assert ce.cost_report([page], "webstack:environment") == [
        {"start": "2026-10-01", "end": "2026-11-01", "groups": [{"key": "dev", "amount": "300.00"}, {"key": "", "amount": "40.00"}]}
    ]


def test_a_tag_value_with_a_dollar_is_kept_whole() -> None:
    assert ce.group_key(["price$tier$1"], "price") == "tier$1"


# the whole report


def test_empty_answers_make_an_empty_report() -> None:
    empty_cost = {"ResultsByTime": [cost_result("2026-10-01", "2026-11-01")]}
    answers = {
        "utilization": None,
        "utilization_details": None,
        "coverage": [{"SavingsPlansCoverages": []}],
        "recommendation": [sp_recommendation("0")],
        "reservations": {"rds": [{"Recommendations": []}], "elasticache": None},
        "cost_by_service": [empty_cost],
        "cost_by_tag": {"team": [empty_cost]},
    }
    report = ce.build_report(params(tag_keys=["team"]), answers)
    assert report == {
        "period": {"start": "2026-10-01", "end": "2026-11-01"},
        "granularity": "MONTHLY",
        "currency": "EUR",
        "has_savings_plans": False,
        "utilization": {"total": ZEROS, "by_period": [], "by_plan": []},
        "coverage": {"total": {"spend_covered": "0.00", "on_demand_cost": "0.00", "total_cost": "0.00", "coverage_percentage": "0.00"}, "by_period": []},
        "recommendation": None,
        "reservations": {"rds": [], "elasticache": []},
        "cost_by_service": [{"start": "2026-10-01", "end": "2026-11-01", "groups": [], "total": "0.00"}],
        "cost_by_tag": {"team": [{"start": "2026-10-01", "end": "2026-11-01", "groups": []}]},
    }


def test_report_with_plans_says_so_and_takes_the_currency_of_the_cost() -> None:
    answers = {
        "utilization": {"SavingsPlansUtilizationsByTime": [], "Total": aggregate("1.00", "1.00", "0.00", "100.00", "2.00", "1.00")},
        "utilization_details": [{"SavingsPlansUtilizationDetails": [detail(ARN_1, "1.00", "1.00", "0.00", "100.00", "2.00", "1.00")]}],
        "coverage": None,
        "recommendation": [],
        "reservations": {},
        "cost_by_service": [{"ResultsByTime": [cost_result("2026-10-01", "2026-11-01", ("A", "1.00"))]}],
        "cost_by_tag": {},
    }
    report = ce.build_report(params(), answers)
    assert report["has_savings_plans"] is True
    assert report["currency"] == "USD"
    assert report["utilization"]["total"]["net_savings"] == "1.00"
    assert report["reservations"] == {} and report["cost_by_tag"] == {}


def test_currency_defaults_to_usd_without_any_amount() -> None:
    assert ce.currency([], []) == "USD"
