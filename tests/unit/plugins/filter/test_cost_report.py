"""The cost report: Markdown, CSV and HTML show every figure exactly as given; the HTML is valid, escaped and self-contained."""

from __future__ import annotations

import copy
import csv
import html
import io
import itertools
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.webstack.aws.plugins.filter.cost_report import CSV_HEADER
from ansible_collections.webstack.aws.plugins.filter.cost_report import FilterModule
from ansible_collections.webstack.aws.plugins.filter.cost_report import chart_geometry
from ansible_collections.webstack.aws.plugins.filter.cost_report import cost_report_csv
from ansible_collections.webstack.aws.plugins.filter.cost_report import cost_report_html
from ansible_collections.webstack.aws.plugins.filter.cost_report import cost_report_markdown
from ansible_collections.webstack.aws.plugins.filter.cost_report import nice_ceiling

SAMPLE = json.loads((Path(__file__).parent / "cost_report_sample.json").read_text())
GENERATED = "2026-11-20T08:00:00Z"
HOSTILE = '<script>alert("x")</script>, "quoted" & more'
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def sample() -> list[dict[str, Any]]:
    return copy.deepcopy(SAMPLE)


def empty_report() -> dict[str, Any]:
    zero = {
        "total_commitment": "0.00",
        "used_commitment": "0.00",
        "unused_commitment": "0.00",
        "utilization_percentage": "0.00",
        "on_demand_cost_equivalent": "0.00",
        "net_savings": "0.00",
    }
    return {
        "period": {"start": "2026-10-01", "end": "2026-11-01"},
        "granularity": "MONTHLY",
        "currency": "USD",
        "has_savings_plans": False,
        "utilization": {"total": zero, "by_period": [], "by_plan": []},
        "coverage": {"total": {"spend_covered": "0.00", "on_demand_cost": "0.00", "total_cost": "0.00", "coverage_percentage": "0.00"}, "by_period": []},
        "recommendation": None,
        "reservations": {"rds": [], "elasticache": []},
        "cost_by_service": [],
        "cost_by_tag": {},
    }


class StrictParser(HTMLParser):
    """Records every element and complains about tags that are not closed in order, and about any script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.doctype = ""
        self.text: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> StrictParser:
    parser = StrictParser()
    parser.feed(page)
    parser.close()
    assert parser.problems == []
    assert parser.open == []
    assert parser.doctype.lower() == "doctype html"
    return parser


def svgs(page: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", page, re.S)


def bars(svg: str) -> list[str]:
    """The tooltip of every bar."""
    return re.findall(r'<rect class="bar"[^>]*><title>(.*?)</title></rect>', svg)


# --- Markdown -------------------------------------------------------------------------


def test_markdown_shows_each_stacks_headline_figures() -> None:
    text = cost_report_markdown(sample(), GENERATED)
    assert text.startswith("# Cost report\n")
    assert f"- **Generated:** {GENERATED}" in text
    dev, prod = text.split("## webstack-dev\n")[1].split("## webstack-prod\n")
    assert "- **Period:** 2026-09-01 to 2026-11-01 (end exclusive), MONTHLY" in dev
    assert "- **Total cost:** 312.50 USD" in dev
    assert "- **Savings Plans utilization:** 96.99 % (142.00 USD of 146.40 USD commitment used; net savings 31.10 USD)" in dev
    assert "- **Savings Plans coverage:** 72.23 % (177.50 USD of 245.75 USD eligible spend covered)" in dev
    assert "commit 0.040 USD per hour, estimated monthly savings 7.30 USD (20.00 %)" in dev
    assert "- **Recommended reservations:** RDS 1 x db.t4g.medium (eu-west-1); estimated monthly savings 14.02 USD" in dev
    assert "- **Total cost:** 1881.45 USD" in prod
    assert "- **Savings Plans utilization:** no Savings Plans were active in the period" in prod
    assert "- **Recommended Savings Plan:** no recommendation" in prod
    assert "ElastiCache 2 x cache.r7g.large (eu-west-1); estimated monthly savings 71.18 USD" in prod


def test_markdown_tables_hold_every_service_tag_and_plan() -> None:
    text = cost_report_markdown(sample(), GENERATED)
    dev, prod = text.split("## webstack-dev\n")[1].split("## webstack-prod\n")
    assert "| Service | 2026-09-01 | 2026-10-01 | Total (USD) |\n|---|---:|---:|---:|" in dev
    assert "| Amazon Elastic Container Service | 100.00 | 110.25 | 210.25 |" in dev
    assert "| **Total** | **150.00** | **162.50** | **312.50** |" in dev
    assert "| (untagged) | 10.00 | 12.25 | 22.25 |" in dev
    assert "| 2026-10-01 | 2026-11-01 | 74.40 | 70.00 | 94.09 | 87.50 | 40.25 | 127.75 | 68.49 |" in dev
    assert "| arn:aws:savingsplans::123456789012:savingsplan/0b6e2f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b | Compute | ONE_YEAR | NO_UPFRONT | 146.40 |" in dev
    assert "| RDS | db.t4g.medium | eu-west-1 | 1 | 46.72 | 14.02 | 30.00 |" in dev
    services = [group["key"] for group in SAMPLE[1]["report"]["cost_by_service"][0]["groups"]]
    assert len(services) == 11
    for group in SAMPLE[1]["report"]["cost_by_service"][0]["groups"]:
        assert f"| {group['key']} | {group['amount']} | {group['amount']} |" in prod
    assert "### Cost by tag webstack:service" in prod
    assert "| (untagged) | 281.45 | 281.45 |" in prod
    assert "No Savings Plans were active in the period." in prod


def test_markdown_closes_with_the_decimal_total_across_stacks() -> None:
    text = cost_report_markdown(sample(), GENERATED)
    closing = text.split("## All stacks\n")[1]
    assert "| webstack-dev | 312.50 | 31.10 | 21.32 |" in closing
    assert "| webstack-prod | 1881.45 | 0.00 | 71.18 |" in closing
    assert "| **Total** | **2193.95** | **31.10** | **92.50** |" in closing


def test_sums_are_decimal_not_float() -> None:
    stacks = [{"stack": "webstack-a", "report": empty_report()}, {"stack": "webstack-b", "report": empty_report()}]
    for entry, amount in zip(stacks, ("0.10", "0.20"), strict=True):
        entry["report"]["cost_by_service"] = [
            {"start": "2026-10-01", "end": "2026-11-01", "total": amount, "groups": [{"key": "AWS Lambda", "amount": amount}]}
        ]
    text = cost_report_markdown(stacks, GENERATED)
    assert "| **Total** | **0.30** | **0.00** | **0.00** |" in text
    assert "0.30000000000000004" not in text + cost_report_html(stacks, GENERATED)


def test_no_total_across_stacks_in_different_currencies() -> None:
    stacks = sample()
    stacks[1]["report"]["currency"] = "EUR"
    text = cost_report_markdown(stacks, GENERATED)
    assert "different currencies (EUR, USD); there is no total across stacks" in text
    assert "**2193.95**" not in text
    assert "- **Total cost:** 1881.45 EUR" in text


def test_markdown_escapes_a_hostile_service_name() -> None:
    stacks = sample()
    stacks[0]["report"]["cost_by_service"][0]["groups"][0]["key"] = "Evil | <script>x</script>"
    text = cost_report_markdown(stacks, GENERATED)
    assert "<script>" not in text
    assert "| Evil \\| \\<script\\>x\\</script\\> | 100.00 | - | 100.00 |" in text


# --- CSV ------------------------------------------------------------------------------


def expected_rows(name: str, report: dict[str, Any]) -> list[tuple[str, ...]]:
    """The rows the CSV must hold for a report, built from the report's own figures (currency left out)."""
    start, end = report["period"]["start"], report["period"]["end"]
    rows = []
    for metric, value in report["utilization"]["total"].items():
        rows.append((name, "utilization_total", start, end, "", metric, value))
    for period in report["utilization"]["by_period"]:
        rows += [(name, "utilization_by_period", period["start"], period["end"], "", m, v) for m, v in period.items() if m not in ("start", "end")]
    for plan in report["utilization"]["by_plan"]:
        rows += [(name, "utilization_by_plan", start, end, plan["savings_plan_arn"], m, v) for m, v in plan.items() if m != "savings_plan_arn"]
    for metric, value in report["coverage"]["total"].items():
        rows.append((name, "coverage_total", start, end, "", metric, value))
    for period in report["coverage"]["by_period"]:
        rows += [(name, "coverage_by_period", period["start"], period["end"], "", m, v) for m, v in period.items() if m not in ("start", "end")]
    if report["recommendation"]:
        kind = report["recommendation"]["savings_plans_type"]
        rows += [(name, "recommendation", start, end, kind, m, v) for m, v in report["recommendation"].items() if m != "savings_plans_type"]
    for service, items in report["reservations"].items():
        for item in items:
            key = f"{service}/{item['instance_type']}/{item['region']}"
            rows += [(name, "reservation", start, end, key, m, str(v)) for m, v in item.items() if m not in ("instance_type", "region")]
    for period in report["cost_by_service"]:
        rows.append((name, "cost_by_service", period["start"], period["end"], "", "total", period["total"]))
        rows += [(name, "cost_by_service", period["start"], period["end"], g["key"], "amount", g["amount"]) for g in period["groups"]]
    for tag, periods in report["cost_by_tag"].items():
        for period in periods:
            rows += [(name, "cost_by_tag", period["start"], period["end"], f"{tag}${g['key']}", "amount", g["amount"]) for g in period["groups"]]
    total = sum((Decimal(p["total"]) for p in report["cost_by_service"]), Decimal("0.00"))
    rows += [
        (name, "summary", start, end, "", "granularity", report["granularity"]),
        (name, "summary", start, end, "", "has_savings_plans", "true" if report["has_savings_plans"] else "false"),
        (name, "summary", start, end, "", "total_cost", str(total)),
    ]
    return rows


def read_csv(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == CSV_HEADER
    return list(reader)


def test_csv_holds_every_figure_exactly_as_given() -> None:
    rows = read_csv(cost_report_csv(sample()))
    found = sorted(tuple(row[column] for column in CSV_HEADER[:-1]) for row in rows)
    wanted = sorted(row for entry in SAMPLE for row in expected_rows(entry["stack"], entry["report"]))
    assert found == wanted
    assert sum(row["stack"] == "webstack-dev" for row in rows) == 67
    assert sum(row["stack"] == "webstack-prod" for row in rows) == 43


def test_csv_puts_the_currency_on_money_only() -> None:
    rows = read_csv(cost_report_csv(sample()))
    currency = {(row["section"], row["metric"]): row["currency"] for row in rows}
    assert currency[("cost_by_service", "amount")] == "USD"
    assert currency[("utilization_total", "net_savings")] == "USD"
    assert currency[("recommendation", "hourly_commitment")] == "USD"
    assert currency[("coverage_by_period", "coverage_percentage")] == ""
    assert currency[("reservation", "count")] == ""
    assert currency[("summary", "has_savings_plans")] == ""


def test_csv_amounts_add_up_to_the_period_totals() -> None:
    rows = read_csv(cost_report_csv(sample()))
    for entry in SAMPLE:
        mine = [row for row in rows if row["stack"] == entry["stack"] and row["section"] == "cost_by_service"]
        for period in entry["report"]["cost_by_service"]:
            amounts = [Decimal(row["value"]) for row in mine if row["period_start"] == period["start"] and row["metric"] == "amount"]
            total = [row["value"] for row in mine if row["period_start"] == period["start"] and row["metric"] == "total"]
            assert total == [period["total"]]
            assert sum(amounts, Decimal("0.00")) == Decimal(period["total"])


def test_csv_quotes_commas_quotes_and_newlines() -> None:
    stacks = sample()
    stacks[0]["report"]["cost_by_service"][0]["groups"][0]["key"] = HOSTILE + "\nsecond line"
    text = cost_report_csv(stacks)
    rows = read_csv(text)
    assert [row["value"] for row in rows if row["key"] == HOSTILE + "\nsecond line"] == ["100.00"]
    assert '"<script>alert(""x"")</script>, ""quoted"" & more' in text


def test_csv_of_nothing_is_the_header_only() -> None:
    assert cost_report_csv([]) == ",".join(CSV_HEADER) + "\n"
    rows = read_csv(cost_report_csv([{"stack": "webstack-empty", "report": empty_report()}]))
    assert len(rows) == 3 + 6 + 4
    assert {row["section"] for row in rows} == {"summary", "utilization_total", "coverage_total"}


# --- HTML -----------------------------------------------------------------------------


def test_html_is_one_valid_self_contained_page() -> None:
    page = cost_report_html(sample(), GENERATED)
    parser = parse(page)
    tags = [tag for tag, attrs in parser.starts]
    assert tags[:2] == ["html", "head"]
    assert tags.count("html") == tags.count("head") == tags.count("body") == tags.count("main") == 1
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not re.search(r"(src|href)\s*=|url\(|@import|https?://(?!www\.w3\.org/2000/svg)", page)
    assert ("meta", {"charset": "utf-8"}) in parser.starts


def test_html_draws_one_bar_per_period_and_shown_service() -> None:
    page = cost_report_html(sample(), GENERATED)
    charts = svgs(page)
    assert len(charts) == 3  # dev: cost and Savings Plans, prod: cost only (no Savings Plans)
    dev_cost, dev_plans, prod_cost = charts
    assert len(bars(dev_cost)) == 2 * 3
    assert "2026-10-01 to 2026-11-01, Amazon Elastic Container Service: 110.25 USD" in bars(dev_cost)
    assert len(bars(dev_plans)) == 2 * 2
    assert "2026-10-01 to 2026-11-01, Utilization: 94.09 %" in bars(dev_plans)
    assert "2026-09-01 to 2026-10-01, Coverage: 76.27 %" in bars(dev_plans)
    assert len(bars(prod_cost)) == 1 * 9  # one period, the top 8 services and Other
    assert "2026-10-01 to 2026-11-01, Other: 16.30 USD" in bars(prod_cost)
    assert not any("AWS Key Management Service" in title for title in bars(prod_cost))
    assert "AWS Key Management Service" in page  # the tables show every service
    assert ">162.50</text>" in dev_cost and ">1881.45</text>" in prod_cost  # period totals on the stacks


def test_html_says_when_a_stack_has_no_savings_plans() -> None:
    page = cost_report_html(sample(), GENERATED)
    prod = page.split("<h2>webstack-prod</h2>")[1]
    assert "No Savings Plans were active in the period: no utilization chart." in prod
    assert "no recommendation" in prod
    assert "coverage and utilization" not in prod


def test_html_escapes_every_value() -> None:
    stacks = sample()
    stacks[0]["stack"] = "webstack-<b>dev</b>"
    stacks[0]["report"]["cost_by_service"][1]["groups"][0]["key"] = HOSTILE
    stacks[0]["report"]["cost_by_tag"]["webstack:environment"][0]["groups"][0]["key"] = HOSTILE
    page = cost_report_html(stacks, "<i>now</i>")
    parser = parse(page)
    assert "<script>" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;, &quot;quoted&quot; &amp; more" in page
    assert HOSTILE in "".join(parser.text)
    assert {tag for tag, attrs in parser.starts}.isdisjoint({"script", "b", "i"})
    assert f"2026-10-01 to 2026-11-01, {HOSTILE}: 110.25 USD" in [html.unescape(title) for title in re.findall(r"<title>(.*?)</title>", page)]


def test_an_empty_report_and_no_stacks() -> None:
    stacks = [{"stack": "webstack-empty", "report": empty_report()}]
    page = cost_report_html(stacks, GENERATED)
    parse(page)
    assert svgs(page) == []
    assert "No cost in the period." in page
    text = cost_report_markdown(stacks, GENERATED)
    assert "- **Total cost:** 0.00 USD" in text
    assert "No cost in the period." in text and "No reservation recommended." in text
    assert "| **Total** | **0.00** | **0.00** | **0.00** |" in text
    nothing = cost_report_html([], GENERATED)
    parse(nothing)
    assert "No stack reported." in nothing and "No stack reported." in cost_report_markdown([], GENERATED)
    assert "No stack reported." in cost_report_markdown(None, GENERATED)


def test_a_period_without_groups_still_shows_its_total() -> None:
    report = empty_report()
    report["cost_by_service"] = [{"start": "2026-10-01", "end": "2026-11-01", "total": "0.00", "groups": []}]
    text = cost_report_markdown([{"stack": "webstack-idle", "report": report}], GENERATED)
    assert "| **Total** | **0.00** | **0.00** |" in text
    assert svgs(cost_report_html([{"stack": "webstack-idle", "report": report}], GENERATED)) == []


def test_bad_input_is_a_filter_error() -> None:
    with pytest.raises(AnsibleFilterError, match="expected a list"):
        cost_report_markdown({"stack": "webstack-dev"}, GENERATED)
    with pytest.raises(AnsibleFilterError, match=r"stacks\[0\]"):
        cost_report_csv([{"report": {}}])


def test_filters_are_registered_under_their_names() -> None:
    filters = FilterModule().filters()
    assert set(filters) == {"cost_report_markdown", "cost_report_csv", "cost_report_html"}
    assert filters["cost_report_csv"] is cost_report_csv


# --- chart geometry -------------------------------------------------------------------


def test_nice_ceiling_rounds_up_to_a_readable_scale() -> None:
    assert [nice_ceiling(v) for v in (0, -3, 0.7, 1, 1.2, 2.1, 3, 7, 100, 162.5, 1881.45)] == [1, 1, 1, 1, 2, 2.5, 5, 10, 100, 200, 2000]


def test_stacked_bars_sit_on_each_other_in_proportion() -> None:
    geometry = chart_geometry([[100.0, 40.0, 10.0], [110.25, 40.0, 12.25]], 3, stacked=True, width=720, height=300)
    plot = geometry["plot"]
    baseline = plot["y"] + plot["height"]
    assert geometry["maximum"] == 200
    assert [(rect["column"], rect["series"]) for rect in geometry["bars"]] == [(c, s) for c in range(2) for s in range(3)]
    for column in range(2):
        stack = [rect for rect in geometry["bars"] if rect["column"] == column]
        assert stack[0]["y"] + stack[0]["height"] == pytest.approx(baseline)
        for lower, upper in itertools.pairwise(stack):
            assert upper["y"] + upper["height"] == pytest.approx(lower["y"])
            assert upper["x"] == lower["x"] and upper["width"] == lower["width"]
    first = geometry["bars"][0]
    assert first["height"] == pytest.approx(plot["height"] * 100 / 200)
    assert geometry["columns"][1]["top"] == pytest.approx(baseline - plot["height"] * 162.5 / 200)
    assert [tick["value"] for tick in geometry["ticks"]] == [0, 40, 80, 120, 160, 200]
    assert geometry["ticks"][-1]["y"] == pytest.approx(plot["y"])
    assert [entry["series"] for entry in geometry["legend"]] == [0, 1, 2]
    assert geometry["height"] > geometry["legend"][-1]["y"] + 12


def test_grouped_bars_stand_side_by_side_within_their_period() -> None:
    geometry = chart_geometry([[76.27, 100.0], [68.49, 94.09], [0.0, 0.0]], 2, stacked=False, maximum=100.0)
    plot = geometry["plot"]
    slot = plot["width"] / 3
    assert geometry["maximum"] == 100
    for column in range(3):
        left, right = (rect for rect in geometry["bars"] if rect["column"] == column)
        assert left["x"] + left["width"] == pytest.approx(right["x"])
        assert plot["x"] + slot * column <= left["x"] and right["x"] + right["width"] <= plot["x"] + slot * (column + 1)
    assert geometry["bars"][1]["y"] == pytest.approx(plot["y"])
    assert geometry["bars"][1]["height"] == pytest.approx(plot["height"])
    assert geometry["bars"][4]["height"] == 0


def test_geometry_of_odd_values() -> None:
    clamped = chart_geometry([[150.0, -5.0]], 2, stacked=False, maximum=100.0)
    assert clamped["bars"][0]["height"] == pytest.approx(clamped["plot"]["height"])
    assert clamped["bars"][1]["height"] == 0
    nothing = chart_geometry([], 0)
    assert nothing["bars"] == [] and nothing["labels"] == [] and nothing["maximum"] == 1
    zeros = chart_geometry([[0.0]], 1)
    assert zeros["bars"][0]["height"] == 0 and zeros["maximum"] == 1


def test_labels_are_thinned_when_many_periods_do_not_fit() -> None:
    geometry = chart_geometry([[1.0]] * 60, 1, width=720)
    shown = [label["column"] for label in geometry["labels"]]
    assert len(geometry["bars"]) == 60
    assert shown[0] == 0 and len(shown) < 60
    gaps = {b["x"] - a["x"] for a, b in itertools.pairwise(geometry["labels"])}
    assert min(gaps) >= 70
    assert len(chart_geometry([[1.0]] * 3, 1)["labels"]) == 3
