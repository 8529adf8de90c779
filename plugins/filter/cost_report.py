# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cost report of playbooks/cost_report.yml: Markdown, CSV and a self-contained HTML page with SVG charts.

Each filter takes the stacks' reports as ``[{"stack": "webstack-dev", "report": <savings_plans_report's report>}]``:

    markdown: "{{ stacks | webstack.aws.cost_report_markdown(generated) }}"
    csv:      "{{ stacks | webstack.aws.cost_report_csv }}"
    html:     "{{ stacks | webstack.aws.cost_report_html(generated) }}"

Amounts are shown exactly as the report gives them (decimal strings) with the report's currency. Sums are
``decimal.Decimal``; floats only place the charts' shapes. The page needs no network: no scripts, fonts or
style sheets from elsewhere, the charts are inline SVG, every value is escaped with ``html.escape``.
"""

from __future__ import annotations

import csv
import html
import io
import math
from collections.abc import Mapping
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Sequence
from typing import Tuple

from ansible.errors import AnsibleFilterError

CHART_SERVICES = 8  # the chart shows the top services by cost, the rest as "Other"; the tables show all
OTHER = "Other"
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7")
OTHER_COLOUR = "#9c9c9c"
PERCENT_COLOURS = ("#4e79a7", "#f28e2b")

UTILIZATION_AMOUNTS = ("total_commitment", "used_commitment", "unused_commitment", "on_demand_cost_equivalent", "net_savings")
UTILIZATION_METRICS = ("total_commitment", "used_commitment", "unused_commitment", "utilization_percentage", "on_demand_cost_equivalent", "net_savings")
COVERAGE_METRICS = ("spend_covered", "on_demand_cost", "total_cost", "coverage_percentage")
RECOMMENDATION_METRICS = (
    "term",
    "payment_option",
    "lookback",
    "hourly_commitment",
    "daily_commitment",
    "estimated_monthly_savings",
    "estimated_savings_percentage",
    "estimated_roi",
    "current_on_demand_spend",
)
RESERVATION_METRICS = ("count", "estimated_monthly_on_demand_cost", "estimated_monthly_savings", "estimated_savings_percentage")
RESERVATION_SERVICES = {"rds": "RDS", "elasticache": "ElastiCache"}
# Metrics that are not money: no currency in the CSV.
NOT_MONEY = {
    "utilization_percentage",
    "coverage_percentage",
    "estimated_savings_percentage",
    "estimated_roi",
    "count",
    "type",
    "term",
    "payment_option",
    "lookback",
    "granularity",
    "has_savings_plans",
}
CSV_HEADER = ("stack", "section", "period_start", "period_end", "key", "metric", "value", "currency")


# --- reading the reports --------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _decimal(value: Any) -> Decimal:
    """An amount as Decimal; a missing or unreadable amount counts as zero."""
    try:
        return Decimal(_text(value).strip() or "0")
    except InvalidOperation:
        return Decimal("0")


def _sum(values: Sequence[Any]) -> Decimal:
    return sum((_decimal(value) for value in values), Decimal("0.00"))


def _entries(stacks: Any) -> List[Tuple[str, Dict[str, Any]]]:
    if stacks is None:
        return []
    if isinstance(stacks, (str, bytes, Mapping)) or not isinstance(stacks, Sequence):
        raise AnsibleFilterError(f"cost_report: expected a list of {{stack, report}}, got {type(stacks).__name__}")
    entries = []
    for index, entry in enumerate(stacks):
        if not isinstance(entry, Mapping) or "stack" not in entry:
            raise AnsibleFilterError(f"cost_report: stacks[{index}] needs a 'stack' name and a 'report'")
        entries.append((_text(entry["stack"]), entry.get("report") or {}))
    return entries


def _period(report: Dict[str, Any]) -> Tuple[str, str]:
    period = report.get("period") or {}
    return _text(period.get("start")), _text(period.get("end"))


def _cost_periods(report: Dict[str, Any]) -> List[Dict[str, Any]]:
    return list(report.get("cost_by_service") or [])


def _service_totals(periods: List[Dict[str, Any]]) -> List[Tuple[str, Decimal]]:
    """Every group key with its cost over all periods, largest first, then by key."""
    totals: Dict[str, Decimal] = {}
    for period in periods:
        for group in period.get("groups") or []:
            key = _text(group.get("key"))
            totals[key] = totals.get(key, Decimal("0.00")) + _decimal(group.get("amount"))
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def _amounts(period: Dict[str, Any]) -> Dict[str, str]:
    """A period's groups as {key: amount as given}."""
    return {_text(group.get("key")): _text(group.get("amount")) for group in period.get("groups") or []}


def _total_cost(report: Dict[str, Any]) -> Decimal:
    return _sum([period.get("total") for period in _cost_periods(report)])


def _sp_periods(report: Dict[str, Any]) -> List[Tuple[Tuple[str, str], Dict[str, Any], Dict[str, Any]]]:
    """Utilization and coverage side by side per (start, end), in date order."""
    utilization = {(_text(p.get("start")), _text(p.get("end"))): p for p in (report.get("utilization") or {}).get("by_period") or []}
    coverage = {(_text(p.get("start")), _text(p.get("end"))): p for p in (report.get("coverage") or {}).get("by_period") or []}
    return [(key, utilization.get(key, {}), coverage.get(key, {})) for key in sorted(set(utilization) | set(coverage))]


def _reservations(report: Dict[str, Any]) -> List[Tuple[str, Dict[str, Any]]]:
    reservations = report.get("reservations") or {}
    found = []
    for service in list(RESERVATION_SERVICES) + sorted(set(reservations) - set(RESERVATION_SERVICES)):
        found += [(service, item) for item in reservations.get(service) or []]
    return found


# --- the content both Markdown and HTML show ------------------------------------------


def _money(value: Any, currency: str) -> str:
    return f"{_text(value) or '0.00'} {currency}".strip()


def _headline(report: Dict[str, Any]) -> List[Tuple[str, str]]:
    currency = _text(report.get("currency"))
    start, end = _period(report)
    utilization = (report.get("utilization") or {}).get("total") or {}
    coverage = (report.get("coverage") or {}).get("total") or {}
    lines = [
        ("Period", f"{start} to {end} (end exclusive), {_text(report.get('granularity')) or 'MONTHLY'}"),
        ("Total cost", _money(_total_cost(report), currency)),
    ]
    if report.get("has_savings_plans"):
        lines.append(
            (
                "Savings Plans utilization",
                f"{_text(utilization.get('utilization_percentage')) or '0.00'} % ({_money(utilization.get('used_commitment'), currency)} "
                f"of {_money(utilization.get('total_commitment'), currency)} commitment used; net savings {_money(utilization.get('net_savings'), currency)})",
            )
        )
    else:
        lines.append(("Savings Plans utilization", "no Savings Plans were active in the period"))
    lines.append(
        (
            "Savings Plans coverage",
            f"{_text(coverage.get('coverage_percentage')) or '0.00'} % ({_money(coverage.get('spend_covered'), currency)} "
            f"of {_money(coverage.get('total_cost'), currency)} eligible spend covered)",
        )
    )
    recommendation = report.get("recommendation")
    if recommendation:
        lines.append(
            (
                "Recommended Savings Plan",
                f"{_text(recommendation.get('savings_plans_type'))} {_text(recommendation.get('term'))} {_text(recommendation.get('payment_option'))}: "
                f"commit {_money(recommendation.get('hourly_commitment'), currency)} per hour, estimated monthly savings "
                f"{_money(recommendation.get('estimated_monthly_savings'), currency)} ({_text(recommendation.get('estimated_savings_percentage'))} %)",
            )
        )
    else:
        lines.append(("Recommended Savings Plan", "no recommendation"))
    reservations = _reservations(report)
    if reservations:
        savings = _sum([item.get("estimated_monthly_savings") for _service, item in reservations])
        parts = [
            f"{RESERVATION_SERVICES.get(service, service)} {_text(item.get('count'))} x {_text(item.get('instance_type'))} ({_text(item.get('region'))})"
            for service, item in reservations
        ]
        lines.append(("Recommended reservations", f"{'; '.join(parts)}; estimated monthly savings {_money(savings, currency)}"))
    else:
        lines.append(("Recommended reservations", "no recommendation"))
    return lines


def _table(title: str, headers: List[str], rows: List[List[str]], empty: str, labels: int = 1, total: bool = False) -> Dict[str, Any]:
    """A table: ``labels`` leading text columns, the others numbers; ``total``: the last row is a total row."""
    return {"title": title, "headers": headers, "rows": rows, "empty": empty, "labels": labels, "total": total}


def _pivot(title: str, label: str, periods: List[Dict[str, Any]], currency: str, empty: str, names: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """Rows: the groups by cost over all periods; columns: the periods and the total; last row: each period's total."""
    ranked = _service_totals(periods)
    if not periods or (not ranked and not any(p.get("total") for p in periods)):
        return _table(title, [], [], empty)
    cells = [_amounts(period) for period in periods]
    headers = [label] + [_text(period.get("start")) for period in periods] + [f"Total ({currency})" if currency else "Total"]
    rows = [[(names or {}).get(key, key)] + [cell.get(key, "-") for cell in cells] + [str(total)] for key, total in ranked]
    period_totals = [period["total"] if "total" in period else _sum(list(_amounts(period).values())) for period in periods]
    rows.append(["Total"] + [_text(value) for value in period_totals] + [str(_sum(period_totals))])
    return _table(title, headers, rows, empty, total=True)


def _tables(report: Dict[str, Any]) -> List[Dict[str, Any]]:
    currency = _text(report.get("currency"))
    unit = f" ({currency})" if currency else ""
    tables = [_pivot("Cost by service per period", "Service", _cost_periods(report), currency, "No cost in the period.")]
    for tag, periods in sorted((report.get("cost_by_tag") or {}).items()):
        tables.append(_pivot(f"Cost by tag {tag}", "Value", list(periods or []), currency, f"No cost by tag {tag} in the period.", {"": "(untagged)"}))
    rows = [
        [start, end]
        + [_text(utilization.get(metric)) or "-" for metric in ("total_commitment", "used_commitment", "utilization_percentage")]
        + [_text(coverage.get(metric)) or "-" for metric in COVERAGE_METRICS]
        for (start, end), utilization, coverage in _sp_periods(report)
    ]
    tables.append(
        _table(
            "Savings Plans utilization and coverage per period",
            [
                "Start",
                "End",
                f"Commitment{unit}",
                f"Used{unit}",
                "Utilization %",
                f"Covered spend{unit}",
                f"On-demand spend{unit}",
                f"Eligible spend{unit}",
                "Coverage %",
            ],
            rows,
            "No Savings Plans data for the period.",
            labels=2,
        )
    )
    plans = ((report.get("utilization") or {}).get("by_plan") or []) if report.get("has_savings_plans") else []
    tables.append(
        _table(
            "Utilization per Savings Plan",
            [
                "Savings Plan",
                "Type",
                "Term",
                "Payment",
                f"Commitment{unit}",
                f"Used{unit}",
                f"Unused{unit}",
                "Utilization %",
                f"On-demand equivalent{unit}",
                f"Net savings{unit}",
            ],
            [
                [_text(plan.get(key)) for key in ("savings_plan_arn", "type", "term", "payment_option")]
                + [_text(plan.get(metric)) for metric in UTILIZATION_METRICS]
                for plan in plans
            ],
            "No Savings Plans were active in the period.",
            labels=4,
        )
    )
    tables.append(
        _table(
            "Recommended reservations",
            ["Service", "Instance type", "Region", "Count", f"Est. monthly on-demand cost{unit}", f"Est. monthly savings{unit}", "Savings %"],
            [
                [RESERVATION_SERVICES.get(service, service), _text(item.get("instance_type")), _text(item.get("region"))]
                + [_text(item.get(metric)) for metric in RESERVATION_METRICS]
                for service, item in _reservations(report)
            ],
            "No reservation recommended.",
            labels=3,
        )
    )
    return tables


def _overall(entries: List[Tuple[str, Dict[str, Any]]]) -> Tuple[List[Tuple[str, str]], Optional[Dict[str, Any]], str]:
    """The title lines (period, currency), the closing table across stacks, and a note when there is no total."""
    periods = {_period(report) for _name, report in entries}
    currencies = sorted({_text(report.get("currency")) for _name, report in entries})
    lines = []
    if len(periods) == 1:
        start, end = next(iter(periods))
        lines.append(("Period", f"{start} to {end} (end exclusive)"))
    elif periods:
        lines.append(("Period", "differs per stack, see each stack"))
    if len(currencies) == 1:
        lines.append(("Currency", currencies[0]))
    lines.append(("Stacks", str(len(entries))))
    if not entries:
        return lines, None, "No stack reported."
    if len(currencies) != 1:
        return lines, None, f"The stacks report in different currencies ({', '.join(c or 'none' for c in currencies)}); there is no total across stacks."
    currency = currencies[0]
    unit = f" ({currency})" if currency else ""
    rows = []
    totals: List[List[Decimal]] = [[], [], []]
    for name, report in entries:
        recommendation = report.get("recommendation") or {}
        figures = [
            _total_cost(report),
            _decimal(((report.get("utilization") or {}).get("total") or {}).get("net_savings")) if report.get("has_savings_plans") else Decimal("0.00"),
            _decimal(recommendation.get("estimated_monthly_savings"))
            + _sum([item.get("estimated_monthly_savings") for _service, item in _reservations(report)]),
        ]
        for column, figure in zip(totals, figures, strict=True):
            column.append(figure)
        rows.append([name] + [str(figure) for figure in figures])
    rows.append(["Total"] + [str(_sum(column)) for column in totals])
    headers = ["Stack", f"Total cost{unit}", f"Savings Plans net savings{unit}", f"Recommended est. monthly savings{unit}"]
    return lines, _table("All stacks", headers, rows, "", total=True), ""


# --- Markdown -------------------------------------------------------------------------

MARKDOWN_SPECIAL = "\\`*[]<>|"


def _md(value: Any) -> str:
    """Text for a Markdown line or table cell: one line, Markdown and HTML characters escaped."""
    text = " ".join(_text(value).split())
    return "".join("\\" + char if char in MARKDOWN_SPECIAL else char for char in text)


def _md_table(table: Dict[str, Any]) -> List[str]:
    lines = [f"### {_md(table['title'])}", ""]
    if not table["rows"]:
        return [*lines, _md(table["empty"]), ""]
    headers = table["headers"]
    lines.append("| " + " | ".join(_md(h) for h in headers) + " |")
    lines.append("|" + "|".join("---" if i < table["labels"] else "---:" for i in range(len(headers))) + "|")
    for index, row in enumerate(table["rows"]):
        cells = [_md(cell) for cell in row]
        if table["total"] and index == len(table["rows"]) - 1:
            cells = [f"**{cell}**" if cell else cell for cell in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def cost_report_markdown(stacks: Any, generated: Any = "") -> str:
    """The report in Markdown: per stack its headline figures and tables, then the total across stacks."""
    entries = _entries(stacks)
    title_lines, closing, note = _overall(entries)
    lines = ["# Cost report", "", f"- **Generated:** {_md(generated)}"] + [f"- **{label}:** {_md(value)}" for label, value in title_lines] + [""]
    for name, report in entries:
        lines += [f"## {_md(name)}", ""]
        lines += [f"- **{label}:** {_md(value)}" for label, value in _headline(report)] + [""]
        for table in _tables(report):
            lines += _md_table(table)
    lines += ["## All stacks", ""]
    lines += _md_table(closing)[2:] if closing else [_md(note), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# --- CSV ------------------------------------------------------------------------------


def cost_report_csv(stacks: Any) -> str:
    """Every figure of every stack as one long (tidy) CSV; amounts exactly as given, currency on money only."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for name, report in _entries(stacks):
        currency = _text(report.get("currency"))
        start, end = _period(report)

        def row(section: str, period_start: str, period_end: str, key: str, metric: str, value: Any, name: str = name, currency: str = currency) -> None:
            writer.writerow([name, section, period_start, period_end, key, metric, _text(value), "" if metric in NOT_MONEY else currency])

        row("summary", start, end, "", "granularity", report.get("granularity") or "")
        row("summary", start, end, "", "has_savings_plans", "true" if report.get("has_savings_plans") else "false")
        row("summary", start, end, "", "total_cost", _total_cost(report))
        utilization = report.get("utilization") or {}
        coverage = report.get("coverage") or {}
        for metric in UTILIZATION_METRICS:
            row("utilization_total", start, end, "", metric, (utilization.get("total") or {}).get(metric))
        for period in utilization.get("by_period") or []:
            for metric in UTILIZATION_METRICS:
                row("utilization_by_period", _text(period.get("start")), _text(period.get("end")), "", metric, period.get(metric))
        for plan in utilization.get("by_plan") or []:
            for metric in ("type", "term", "payment_option", *UTILIZATION_METRICS):
                row("utilization_by_plan", start, end, _text(plan.get("savings_plan_arn")), metric, plan.get(metric))
        for metric in COVERAGE_METRICS:
            row("coverage_total", start, end, "", metric, (coverage.get("total") or {}).get(metric))
        for period in coverage.get("by_period") or []:
            for metric in COVERAGE_METRICS:
                row("coverage_by_period", _text(period.get("start")), _text(period.get("end")), "", metric, period.get(metric))
        recommendation = report.get("recommendation")
        if recommendation:
            for metric in RECOMMENDATION_METRICS:
                row("recommendation", start, end, _text(recommendation.get("savings_plans_type")), metric, recommendation.get(metric))
        for service, item in _reservations(report):
            key = f"{service}/{_text(item.get('instance_type'))}/{_text(item.get('region'))}"
            for metric in RESERVATION_METRICS:
                row("reservation", start, end, key, metric, item.get(metric))
        for period in _cost_periods(report):
            period_start, period_end = _text(period.get("start")), _text(period.get("end"))
            row("cost_by_service", period_start, period_end, "", "total", period.get("total"))
            for group in period.get("groups") or []:
                row("cost_by_service", period_start, period_end, _text(group.get("key")), "amount", group.get("amount"))
        for tag, periods in sorted((report.get("cost_by_tag") or {}).items()):
            for period in periods or []:
                for group in period.get("groups") or []:
                    row("cost_by_tag", _text(period.get("start")), _text(period.get("end")), f"{tag}${_text(group.get('key'))}", "amount", group.get("amount"))
    return buffer.getvalue()


# --- chart geometry -------------------------------------------------------------------


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k that is at least ``value`` (1 for nothing to show)."""
    if not value > 0 or math.isinf(value):
        return 1.0
    exponent = math.floor(math.log10(value))
    for mantissa in (1.0, 2.0, 2.5, 5.0, 10.0):
        candidate = mantissa * 10.0**exponent
        if candidate >= value * (1 - 1e-12):
            return candidate
    return 10.0 ** (exponent + 1)


def chart_geometry(
    values: Sequence[Sequence[float]],
    series: int,
    stacked: bool = True,
    width: float = 720.0,
    height: float = 300.0,
    maximum: Optional[float] = None,
) -> Dict[str, Any]:
    """Where every bar of a bar chart goes, in SVG units (y grows downwards).

    ``values[column][series]`` are the columns' (periods') values; ``stacked`` stacks a column's series into one
    bar, else puts them side by side. Negative values are drawn as 0. The scale runs from 0 to ``maximum`` (default:
    a round number at least the largest bar). Returns the plot area, the scale's maximum and 5 ticks, one bar per
    (column, series) (zero height when the value is 0), the columns whose label is shown (every one when they fit)
    and one legend entry per series below the plot, and the whole chart's height.
    """
    left, right, top, bottom = 64.0, 12.0, 28.0, 36.0
    plot = {"x": left, "y": top, "width": max(width - left - right, 1.0), "height": max(height - top - bottom, 1.0)}
    cleaned = [[max(float(value), 0.0) for value in column] + [0.0] * (series - len(column)) for column in values]
    tallest = max((sum(column) if stacked else max(column, default=0.0) for column in cleaned), default=0.0)
    top_value = float(maximum) if maximum is not None and maximum > 0 else nice_ceiling(tallest)
    scale = plot["height"] / top_value
    baseline = plot["y"] + plot["height"]
    ticks = [{"value": top_value * step / 5, "y": baseline - top_value * step / 5 * scale} for step in range(6)]
    count = len(cleaned)
    slot = plot["width"] / count if count else plot["width"]
    group = min(slot * 0.7, 72.0 * (1 if stacked else max(series, 1)))
    bars = []
    for column, figures in enumerate(cleaned):
        x = plot["x"] + slot * column + (slot - group) / 2
        stacked_height = 0.0
        for index in range(series):
            bar_height = min(figures[index], top_value) * scale
            if stacked:
                bar_height = min(bar_height, plot["height"] - stacked_height)
                bars.append({"column": column, "series": index, "x": x, "y": baseline - stacked_height - bar_height, "width": group, "height": bar_height})
                stacked_height += bar_height
            else:
                bar_width = group / series
                bars.append(
                    {"column": column, "series": index, "x": x + bar_width * index, "y": baseline - bar_height, "width": bar_width, "height": bar_height}
                )
    step = max(1, math.ceil(count * 80.0 / plot["width"])) if count else 1
    labels = [{"column": column, "x": plot["x"] + slot * (column + 0.5)} for column in range(0, count, step)]
    tops = [min([rect["y"] for rect in bars if rect["column"] == column], default=baseline) for column in range(count)]
    columns = [{"column": column, "x": plot["x"] + slot * (column + 0.5), "top": tops[column]} for column in range(count)]
    legend_top = baseline + bottom
    legend = [{"series": index, "x": plot["x"], "y": legend_top + 18.0 * index} for index in range(series)]
    return {
        "width": width,
        "height": legend_top + 18.0 * series + 6.0,
        "plot": plot,
        "maximum": top_value,
        "ticks": ticks,
        "bars": bars,
        "labels": labels,
        "columns": columns,
        "legend": legend,
    }


# --- HTML -----------------------------------------------------------------------------


def _h(value: Any) -> str:
    return html.escape(_text(value), quote=True)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value else "0"


def _tick(value: float, maximum: float) -> str:
    return f"{value:,.0f}" if maximum >= 5 else f"{value:.2f}"


def _svg(
    title: str,
    columns: List[Tuple[str, str]],
    names: List[str],
    colours: List[str],
    amounts: List[List[str]],
    unit: str,
    totals: Optional[List[str]] = None,
    **options: Any,
) -> str:
    """A bar chart: one <rect class="bar"> per (column, series) with a tooltip, figures as given written on the bars (or ``totals`` above the stacks)."""
    geometry = chart_geometry([[float(_decimal(a)) for a in row] for row in amounts], len(names), **options)
    plot = geometry["plot"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{_number(geometry["width"])}" height="{_number(geometry["height"])}" '
        f'viewBox="0 0 {_number(geometry["width"])} {_number(geometry["height"])}" font-family="sans-serif" font-size="11">',
        f"<title>{_h(title)}</title>",
    ]
    right = plot["x"] + plot["width"]
    for tick in geometry["ticks"]:
        parts.append(f'<line x1="{_number(plot["x"])}" y1="{_number(tick["y"])}" x2="{_number(right)}" y2="{_number(tick["y"])}" stroke="#dddddd"/>')
        label = _tick(tick["value"], geometry["maximum"])
        parts.append(f'<text x="{_number(plot["x"] - 6)}" y="{_number(tick["y"] + 4)}" text-anchor="end">{_h(label)}</text>')
    parts.append(f'<text x="4" y="12" font-size="10" fill="#555555">{_h(unit)}</text>')
    for rect in geometry["bars"]:
        (start, end), name = columns[rect["column"]], names[rect["series"]]
        figure = amounts[rect["column"]][rect["series"]]
        parts.append(
            f'<rect class="bar" x="{_number(rect["x"])}" y="{_number(rect["y"])}" width="{_number(rect["width"])}" height="{_number(rect["height"])}" '
            f'fill="{colours[rect["series"]]}"><title>{_h(f"{start} to {end}, {name}: {figure} {unit}")}</title></rect>'
        )
    shown_columns = {label["column"] for label in geometry["labels"]}
    if totals:
        for column in geometry["columns"]:
            if column["column"] in shown_columns:
                value = totals[column["column"]]
                parts.append(f'<text class="value" x="{_number(column["x"])}" y="{_number(column["top"] - 4)}" text-anchor="middle">{_h(value)}</text>')
    else:
        for rect in geometry["bars"]:
            if rect["width"] >= 28 and rect["column"] in shown_columns:
                value = amounts[rect["column"]][rect["series"]]
                x = rect["x"] + rect["width"] / 2
                parts.append(f'<text class="value" x="{_number(x)}" y="{_number(rect["y"] - 4)}" text-anchor="middle">{_h(value)}</text>')
    baseline = plot["y"] + plot["height"]
    parts.append(f'<line x1="{_number(plot["x"])}" y1="{_number(baseline)}" x2="{_number(right)}" y2="{_number(baseline)}" stroke="#333333"/>')
    for label in geometry["labels"]:
        parts.append(f'<text x="{_number(label["x"])}" y="{_number(baseline + 16)}" text-anchor="middle">{_h(columns[label["column"]][0])}</text>')
    for entry in geometry["legend"]:
        name = names[entry["series"]]
        shown = name if len(name) <= 80 else name[:79] + "\u2026"
        parts.append(
            f'<rect class="swatch" x="{_number(entry["x"])}" y="{_number(entry["y"])}" width="12" height="12" fill="{colours[entry["series"]]}"/>'
            f'<text x="{_number(entry["x"] + 18)}" y="{_number(entry["y"] + 10)}">{_h(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _cost_chart(name: str, report: Dict[str, Any]) -> str:
    periods = _cost_periods(report)
    ranked = [key for key, _total in _service_totals(periods)]
    if not periods or not ranked:
        return ""
    shown, rest = (ranked, []) if len(ranked) <= CHART_SERVICES + 1 else (ranked[:CHART_SERVICES], ranked[CHART_SERVICES:])
    names = shown + ([OTHER] if rest else [])
    colours = [PALETTE[index % len(PALETTE)] for index in range(len(shown))] + ([OTHER_COLOUR] if rest else [])
    amounts = []
    for period in periods:
        cell = _amounts(period)
        amounts.append([cell.get(key, "0.00") for key in shown] + ([str(_sum([cell.get(key) for key in rest]))] if rest else []))
    columns = [(_text(period.get("start")), _text(period.get("end"))) for period in periods]
    title = f"{name}: cost by service per period"
    totals = [_text(period["total"]) if "total" in period else str(_sum(row)) for period, row in zip(periods, amounts, strict=True)]
    return _figure(_svg(title, columns, names, colours, amounts, _text(report.get("currency")), totals, stacked=True), title)


def _percent_chart(name: str, report: Dict[str, Any]) -> str:
    periods = _sp_periods(report)
    if not report.get("has_savings_plans") or not periods:
        return ""
    columns = [key for key, _utilization, _coverage in periods]
    amounts = [
        [_text(coverage.get("coverage_percentage")) or "0.00", _text(utilization.get("utilization_percentage")) or "0.00"]
        for _key, utilization, coverage in periods
    ]
    title = f"{name}: Savings Plans coverage and utilization per period"
    svg = _svg(title, columns, ["Coverage", "Utilization"], list(PERCENT_COLOURS), amounts, "%", stacked=False, maximum=100.0)
    return _figure(svg, title)


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{_h(caption)}</figcaption></figure>"


def _html_table(table: Dict[str, Any]) -> List[str]:
    parts = [f"<h3>{_h(table['title'])}</h3>"]
    if not table["rows"]:
        return [*parts, f'<p class="empty">{_h(table["empty"])}</p>']
    labels = table["labels"]
    parts.append('<div class="scroll"><table>')
    numeric = ' class="num"'
    parts.append(
        "<thead><tr>" + "".join(f'<th scope="col"{"" if i < labels else numeric}>{_h(h)}</th>' for i, h in enumerate(table["headers"])) + "</tr></thead><tbody>"
    )
    for index, row in enumerate(table["rows"]):
        total = ' class="total"' if table["total"] and index == len(table["rows"]) - 1 else ""
        cells = "".join(
            (f'<th scope="row">{_h(cell)}</th>' if i == 0 else f"<td>{_h(cell)}</td>" if i < labels else f'<td class="num">{_h(cell)}</td>')
            for i, cell in enumerate(row)
        )
        parts.append(f"<tr{total}>{cells}</tr>")
    parts.append("</tbody></table></div>")
    return parts


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1b1b1b;background:#fff;line-height:1.45;
max-width:64rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.8rem;margin-bottom:.25rem}h2{border-bottom:2px solid #4e79a7;padding-bottom:.2rem;margin-top:2.5rem}h3{font-size:1.05rem;margin:1.5rem 0 .4rem}
dl.headline{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dl.headline dt{font-weight:600}dl.headline dd{margin:0}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.9rem}
th,td{border:1px solid #c8c8c8;padding:.2rem .5rem;text-align:left;vertical-align:top}thead th{background:#f0f3f7}
.num{text-align:right;white-space:nowrap}tr.total th,tr.total td{font-weight:700;background:#f7f7f7}
.scroll{overflow-x:auto;max-width:100%}figure{margin:1rem 0}figcaption{font-size:.85rem;color:#555}
svg.chart{max-width:100%;height:auto}p.empty,p.note{color:#555;font-style:italic}
th[scope=row]{overflow-wrap:anywhere}
@media print{body{max-width:none;margin:0;font-size:10pt}section.stack+section.stack{break-before:page}figure,tr,dl{break-inside:avoid}
.scroll{overflow:visible}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def cost_report_html(stacks: Any, generated: Any = "") -> str:
    """The Markdown report's content as one self-contained HTML5 page, with each stack's charts as inline SVG."""
    entries = _entries(stacks)
    title_lines, closing, note = _overall(entries)

    def headline(lines: List[Tuple[str, str]]) -> str:
        return '<dl class="headline">' + "".join(f"<dt>{_h(label)}</dt><dd>{_h(value)}</dd>" for label, value in lines) + "</dl>"

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Cost report {_h(generated)}</title><style>{STYLE}</style></head>",
        "<body>",
        f"<header><h1>Cost report</h1>{headline([('Generated', _text(generated)), *title_lines])}</header>",
        "<main>",
    ]
    for name, report in entries:
        parts.append(f'<section class="stack"><h2>{_h(name)}</h2>{headline(_headline(report))}')
        parts.append(_cost_chart(name, report))
        if report.get("has_savings_plans"):
            parts.append(_percent_chart(name, report))
        else:
            parts.append('<p class="note">No Savings Plans were active in the period: no utilization chart.</p>')
        for table in _tables(report):
            parts += _html_table(table)
        parts.append("</section>")
    parts.append('<section class="total"><h2>All stacks</h2>')
    parts += _html_table(closing)[1:] if closing else [f'<p class="note">{_h(note)}</p>']
    parts += ["</section>", "</main>", "</body>", "</html>"]
    return "\n".join(part for part in parts if part) + "\n"


class FilterModule:
    """Cost report filters."""

    def filters(self) -> Dict[str, Any]:
        return {
            "cost_report_markdown": cost_report_markdown,
            "cost_report_csv": cost_report_csv,
            "cost_report_html": cost_report_html,
        }
