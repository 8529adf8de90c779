# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Cost Explorer: the rules behind savings_plans_report.

Everything here except :func:`paginate` (which only drives a call it is given)
is pure: it validates the options, builds the request parameters and turns
Cost Explorer's answers into the module's ``report``. Amounts stay the decimal
strings Cost Explorer answered; the only arithmetic (coverage totals, cost per
period) is done in :class:`decimal.Decimal` and rendered as plain strings.
"""

from __future__ import annotations

import datetime
import functools
import re
from decimal import ROUND_HALF_UP
from decimal import Decimal
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional

DATE_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Cost Explorer keeps DAILY and MONTHLY data for the current month and the 13 before it. Multi-year data (38 months,
# MONTHLY only) is not served to the Savings Plans utilization and coverage reports, so the report cannot span more.
MAX_PERIOD_MONTHS = {"DAILY": 14, "MONTHLY": 14}

COST_METRIC = "UnblendedCost"
ZERO = "0.00"

# reservation_services choice -> the SERVICE value GetReservationPurchaseRecommendation takes and its InstanceDetails key.
RESERVATION_SERVICES = {
    "rds": ("Amazon Relational Database Service", "RDSInstanceDetails", "InstanceType"),
    "elasticache": ("Amazon ElastiCache", "ElastiCacheInstanceDetails", "NodeType"),
}

UTILIZATION_KEYS = ("total_commitment", "used_commitment", "unused_commitment", "utilization_percentage", "on_demand_cost_equivalent", "net_savings")
COVERAGE_FIELDS = {"spend_covered": "SpendCoveredBySavingsPlans", "on_demand_cost": "OnDemandCost", "total_cost": "TotalCost"}


# Validation and requests


# Cost Explorer answers LimitExceededException when called too often: its clients back off on it as on throttling.
THROTTLING_CODES = ("LimitExceededException",)


def parse_date(value: Any) -> Optional[datetime.date]:
    """The date of a YYYY-MM-DD string, None when it is not one."""
    if not isinstance(value, str) or not DATE_FORMAT.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def months_spanned(start: datetime.date, end: datetime.date) -> int:
    """How many calendar months the period [start, end) touches."""
    last = end - datetime.timedelta(days=1)
    return (last.year - start.year) * 12 + last.month - start.month + 1


def validate_params(params: Dict[str, Any]) -> List[str]:
    """An error for each bad option (choices are checked by the argument spec)."""
    errors = []
    start, end = parse_date(params["start"]), parse_date(params["end"])
    for option, value in (("start", start), ("end", end)):
        if value is None:
            errors.append(f"{option} must be a date as YYYY-MM-DD, got {params[option]!r}")
    if start and end:
        errors.extend(_period_errors(start, end, params["granularity"]))
    errors.extend(f"tag_keys must hold non-empty tag keys, got {key!r}" for key in params.get("tag_keys") or [] if not key)
    errors.extend(_filter_tags_errors(params.get("filter_tags") or {}))
    return errors


def _period_errors(start: datetime.date, end: datetime.date, granularity: str) -> List[str]:
    if end <= start:
        return [f"end ({end}) must be after start ({start}): the period is [start, end)"]
    months = months_spanned(start, end)
    if months > MAX_PERIOD_MONTHS[granularity]:
        return [
            f"start and end span {months} months, longer than Cost Explorer serves for granularity {granularity}"
            f" (at most {MAX_PERIOD_MONTHS[granularity]} months: the current month and the 13 before it)"
        ]
    return []


def _filter_tags_errors(filter_tags: Dict[str, Any]) -> List[str]:
    errors = []
    for key, values in filter_tags.items():
        if not key:
            errors.append("filter_tags must not have an empty tag key")
        if not tag_values(values):
            errors.append(f"filter_tags[{key!r}] must be a tag value or a non-empty list of tag values, got {values!r}")
    return errors


def tag_values(values: Any) -> List[str]:
    """The tag values a filter_tags entry stands for (one string or a list of them)."""
    if isinstance(values, list):
        return [str(value) for value in values]
    if values is None:
        return []
    return [str(values)]


def time_period(params: Dict[str, Any]) -> Dict[str, str]:
    return {"Start": params["start"], "End": params["end"]}


def tags_filter(filter_tags: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The Cost Explorer Expression restricting cost to these tag values (several keys: And), None for no filter."""
    expressions = [{"Tags": {"Key": key, "Values": tag_values(values)}} for key, values in sorted((filter_tags or {}).items())]
    if not expressions:
        return None
    if len(expressions) == 1:
        return expressions[0]
    return {"And": expressions}


def cost_request(params: Dict[str, Any], group_by: Dict[str, str]) -> Dict[str, Any]:
    """GetCostAndUsage parameters: unblended cost per period, grouped by one dimension or tag."""
    request = {"TimePeriod": time_period(params), "Granularity": params["granularity"], "Metrics": [COST_METRIC], "GroupBy": [group_by]}
    expression = tags_filter(params.get("filter_tags"))
    if expression:
        request["Filter"] = expression
    return request


def recommendation_request(params: Dict[str, Any]) -> Dict[str, str]:
    """GetSavingsPlansPurchaseRecommendation parameters for a Compute Savings Plan."""
    return {
        "SavingsPlansType": "COMPUTE_SP",
        "TermInYears": params["term"],
        "PaymentOption": params["payment_option"],
        "LookbackPeriodInDays": params["lookback"],
    }


def reservation_request(params: Dict[str, Any], service: str) -> Dict[str, str]:
    """GetReservationPurchaseRecommendation parameters for one of reservation_services."""
    return {
        "Service": RESERVATION_SERVICES[service][0],
        "TermInYears": params["term"],
        "PaymentOption": params["payment_option"],
        "LookbackPeriodInDays": params["lookback"],
    }


def paginate(call: Callable[..., Dict[str, Any]], request: Dict[str, Any], token: str) -> List[Dict[str, Any]]:
    """Every page of a call, following ``token`` (NextToken or NextPageToken, the same name both ways)."""
    pages = [call(**request)]
    while pages[-1].get(token):
        pages.append(call(**request, **{token: pages[-1][token]}))
    return pages


# Cost allocation tags

LIST_FILTER_SIZE = 100  # ListCostAllocationTags takes at most 100 TagKeys
# CostAllocationTag member -> the name the modules return it under.
TAG_FIELDS = {"TagKey": "key", "Type": "type", "Status": "status", "LastUpdatedDate": "last_updated_date", "LastUsedDate": "last_used_date"}


def tag_view(tag: Dict[str, Any]) -> Dict[str, Any]:
    return {name: tag[field] for field, name in TAG_FIELDS.items() if field in tag}


def list_cost_allocation_tags(client, requests: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    """Every cost allocation tag the ListCostAllocationTags requests answer (all pages), by key."""
    found = {}
    for request in requests:
        for page in paginate(functools.partial(client.list_cost_allocation_tags, aws_retry=True), request, "NextToken"):
            found.update((tag["TagKey"], tag) for tag in page.get("CostAllocationTags") or [])
    return found


# Amounts


def decimal_sum(amounts: List[str]) -> Decimal:
    return sum((Decimal(amount) for amount in amounts), Decimal(ZERO))


def render(amount: Decimal) -> str:
    return format(amount, "f")


def percentage(part: Decimal, whole: Decimal) -> str:
    """part / whole x 100, to 2 decimals (half up), "0.00" when whole is 0."""
    if not whole:
        return ZERO
    return render((part / whole * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def period_of(item: Dict[str, Any]) -> Dict[str, str]:
    return {"start": item["TimePeriod"]["Start"], "end": item["TimePeriod"]["End"]}


# Utilization


def utilization_amounts(aggregate: Optional[Dict[str, Any]]) -> Dict[str, str]:
    """The amounts of a SavingsPlansUtilizationAggregates (or ByTime, or Detail); zeros for none."""
    aggregate = aggregate or {}
    utilization, savings = aggregate.get("Utilization") or {}, aggregate.get("Savings") or {}
    return {
        "total_commitment": utilization.get("TotalCommitment", ZERO),
        "used_commitment": utilization.get("UsedCommitment", ZERO),
        "unused_commitment": utilization.get("UnusedCommitment", ZERO),
        "utilization_percentage": utilization.get("UtilizationPercentage", ZERO),
        "on_demand_cost_equivalent": savings.get("OnDemandCostEquivalent", ZERO),
        "net_savings": savings.get("NetSavings", ZERO),
    }


def plan_utilization(detail: Dict[str, Any]) -> Dict[str, str]:
    attributes = detail.get("Attributes") or {}
    return {
        "savings_plan_arn": detail["SavingsPlanArn"],
        "type": attributes.get("savingsPlansType"),
        "term": attributes.get("term"),
        "payment_option": attributes.get("paymentOption"),
        **utilization_amounts(detail),
    }


def utilization_report(answer: Optional[Dict[str, Any]], detail_pages: Optional[List[Dict[str, Any]]]) -> Dict[str, Any]:
    """GetSavingsPlansUtilization and the pages of GetSavingsPlansUtilizationDetails; None for DataUnavailable."""
    answer = answer or {}
    by_time = answer.get("SavingsPlansUtilizationsByTime") or []
    details = [detail for page in detail_pages or [] for detail in page.get("SavingsPlansUtilizationDetails") or []]
    return {
        "total": utilization_amounts(answer.get("Total")),
        "by_period": [{**period_of(item), **utilization_amounts(item)} for item in by_time],
        "by_plan": [plan_utilization(detail) for detail in details],
    }


# Coverage


def coverage_amounts(spend_covered: Decimal, on_demand_cost: Decimal) -> Dict[str, str]:
    total = spend_covered + on_demand_cost
    return {
        "spend_covered": render(spend_covered),
        "on_demand_cost": render(on_demand_cost),
        "total_cost": render(total),
        "coverage_percentage": percentage(spend_covered, total),
    }


def coverage_report(pages: Optional[List[Dict[str, Any]]]) -> Dict[str, Any]:
    """The pages of GetSavingsPlansCoverage (None for DataUnavailable): per period as answered, the total recomputed."""
    coverages = [item for page in pages or [] for item in page.get("SavingsPlansCoverages") or []]
    by_period = []
    for item in coverages:
        data = item.get("Coverage") or {}
        entry = {key: data.get(field, ZERO) for key, field in COVERAGE_FIELDS.items()}
        entry["coverage_percentage"] = data.get("CoveragePercentage", ZERO)
        by_period.append({**period_of(item), **entry})
    total = coverage_amounts(decimal_sum([entry["spend_covered"] for entry in by_period]), decimal_sum([entry["on_demand_cost"] for entry in by_period]))
    return {"total": total, "by_period": by_period}


# Recommendations


def recommendation_report(pages: List[Dict[str, Any]]) -> Optional[Dict[str, str]]:
    """The Compute Savings Plans recommendation's summary, None when Cost Explorer recommends nothing."""
    recommendations = [page["SavingsPlansPurchaseRecommendation"] for page in pages if page.get("SavingsPlansPurchaseRecommendation")]
    summaries = [rec for rec in recommendations if rec.get("SavingsPlansPurchaseRecommendationSummary")]
    if not summaries:
        return None
    recommendation = summaries[0]
    summary = recommendation["SavingsPlansPurchaseRecommendationSummary"]
    if Decimal(summary.get("TotalRecommendationCount") or "0") == 0:
        return None
    return {
        "savings_plans_type": recommendation.get("SavingsPlansType"),
        "term": recommendation.get("TermInYears"),
        "payment_option": recommendation.get("PaymentOption"),
        "lookback": recommendation.get("LookbackPeriodInDays"),
        "hourly_commitment": summary.get("HourlyCommitmentToPurchase"),
        "daily_commitment": summary.get("DailyCommitmentToPurchase"),
        "estimated_monthly_savings": summary.get("EstimatedMonthlySavingsAmount"),
        "estimated_savings_percentage": summary.get("EstimatedSavingsPercentage"),
        "estimated_roi": summary.get("EstimatedROI"),
        "current_on_demand_spend": summary.get("CurrentOnDemandSpend"),
    }


def reservation_report(pages: Optional[List[Dict[str, Any]]], service: str) -> List[Dict[str, Any]]:
    """The reserved instances to buy for one of reservation_services, from every page (None for DataUnavailable)."""
    details_key, type_key = RESERVATION_SERVICES[service][1:]
    details = [
        detail for page in pages or [] for recommendation in page.get("Recommendations") or [] for detail in recommendation.get("RecommendationDetails") or []
    ]
    report = []
    for detail in details:
        instance = (detail.get("InstanceDetails") or {}).get(details_key) or {}
        report.append(
            {
                "instance_type": instance.get(type_key),
                "region": instance.get("Region"),
                "count": int(Decimal(detail.get("RecommendedNumberOfInstancesToPurchase") or "0")),
                "estimated_monthly_savings": detail.get("EstimatedMonthlySavingsAmount"),
                "estimated_monthly_on_demand_cost": detail.get("EstimatedMonthlyOnDemandCost"),
                "estimated_savings_percentage": detail.get("EstimatedMonthlySavingsPercentage"),
            }
        )
    return report


# Cost and usage


def group_key(keys: List[str], tag_key: Optional[str]) -> str:
    """A group's key: the service, or the tag's value ("" for untagged) from Cost Explorer's "<key>$<value>"."""
    key = keys[0] if keys else ""
    prefix = f"{tag_key}$" if tag_key is not None else None
    if prefix is not None and key.startswith(prefix):
        return key[len(prefix) :]
    return key


def sorted_groups(groups: List[Dict[str, str]]) -> List[Dict[str, str]]:
    """Groups by amount descending, then key."""
    return sorted(groups, key=lambda group: (-Decimal(group["amount"]), group["key"]))


def cost_report(pages: List[Dict[str, Any]], tag_key: Optional[str] = None) -> List[Dict[str, Any]]:
    """Cost per period from the pages of one grouped GetCostAndUsage (a period's groups may span pages)."""
    periods: Dict[Any, Dict[str, Any]] = {}
    for page in pages:
        for result in page.get("ResultsByTime") or []:
            period = periods.setdefault((result["TimePeriod"]["Start"], result["TimePeriod"]["End"]), {**period_of(result), "groups": []})
            period["groups"].extend(
                {"key": group_key(group.get("Keys") or [], tag_key), "amount": group["Metrics"][COST_METRIC]["Amount"]} for group in result.get("Groups") or []
            )
    report = []
    for period in periods.values():
        groups = sorted_groups(period["groups"])
        entry = {"start": period["start"], "end": period["end"], "groups": groups}
        if tag_key is None:
            entry["total"] = render(decimal_sum([group["amount"] for group in groups]))
        report.append(entry)
    return report


def currency(cost_pages: List[Dict[str, Any]], recommendation_pages: List[Dict[str, Any]], default: str = "USD") -> str:
    """The currency Cost Explorer answered in: the unit of a cost, else the recommendation's, else ``default``."""
    for page in cost_pages:
        for result in page.get("ResultsByTime") or []:
            for group in result.get("Groups") or []:
                unit = group.get("Metrics", {}).get(COST_METRIC, {}).get("Unit")
                if unit:
                    return unit
    for page in recommendation_pages:
        summary = (page.get("SavingsPlansPurchaseRecommendation") or {}).get("SavingsPlansPurchaseRecommendationSummary") or {}
        if summary.get("CurrencyCode"):
            return summary["CurrencyCode"]
    return default


# The report


def build_report(params: Dict[str, Any], answers: Dict[str, Any]) -> Dict[str, Any]:
    """The module's report from Cost Explorer's answers (see the module's RETURN); None stands for DataUnavailable.

    ``answers`` holds: utilization (one answer), utilization_details, coverage, recommendation (pages),
    reservations ({service: pages}), cost_by_service (pages) and cost_by_tag ({tag key: pages}).
    """
    utilization = utilization_report(answers.get("utilization"), answers.get("utilization_details"))
    cost_pages = [page for pages in [answers.get("cost_by_service") or [], *(answers.get("cost_by_tag") or {}).values()] for page in pages]
    return {
        "period": {"start": params["start"], "end": params["end"]},
        "granularity": params["granularity"],
        "currency": currency(cost_pages, answers.get("recommendation") or []),
        "has_savings_plans": bool(utilization["by_plan"]),
        "utilization": utilization,
        "coverage": coverage_report(answers.get("coverage")),
        "recommendation": recommendation_report(answers.get("recommendation") or []),
        "reservations": {service: reservation_report(pages, service) for service, pages in (answers.get("reservations") or {}).items()},
        "cost_by_service": cost_report(answers.get("cost_by_service") or []),
        "cost_by_tag": {key: cost_report(pages, key) for key, pages in (answers.get("cost_by_tag") or {}).items()},
    }
