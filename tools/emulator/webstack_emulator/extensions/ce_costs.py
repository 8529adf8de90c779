"""Cost Explorer reads answered from a seeded cost data set (moto/ce has no cost data of its own).

Tests seed one data set with ``POST /_webstack/costs`` (server.py calls :func:`seed`), read it back with
``GET /_webstack/costs`` (:func:`snapshot`); ``POST /_webstack/reset`` empties it (:func:`reset`). The format
and the rules every figure is computed by are
summed up in tools/emulator/README.md ("Seeded cost data").

The module has three layers:

- the data set: :func:`parse_cost_data` validates a seed and builds an immutable :class:`CostData`;
- pure functions (``Decimal`` throughout) that compute each answer from the data set and a request;
- the moto glue at the end: one ``@fix`` per operation adds its handler to moto's ``CostExplorerResponse``.

Every figure is computed exactly and rounded once, when it is rendered: money and percentages to 2 decimals,
hourly commitments (and hourly spend) to 3, ROUND_HALF_UP, as plain strings. Totals sum the unrounded figures.

Default discounts when the seed's ``discounts`` has no entry (fraction of the on-demand price saved):

- COMPUTE_SP: ONE_YEAR NO_UPFRONT 0.20 / PARTIAL_UPFRONT 0.22 / ALL_UPFRONT 0.24,
  THREE_YEARS 0.40 / 0.43 / 0.46;
- RDS and ELASTICACHE: ONE_YEAR 0.30 / 0.33 / 0.35, THREE_YEARS 0.50 / 0.55 / 0.58.
"""

from __future__ import annotations

import base64
import datetime
import json
import math
import re
import threading
import uuid
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from decimal import ROUND_HALF_UP
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any

from webstack_emulator.extensions import fix

SERVICE = "ce"

COMPUTE_SP_SERVICES = ("Amazon Elastic Compute Cloud - Compute", "Amazon Elastic Container Service", "AWS Lambda")
RDS = "Amazon Relational Database Service"
ELASTICACHE = "Amazon ElastiCache"
RESERVATION_SERVICES = {RDS: "RDS", ELASTICACHE: "ELASTICACHE"}
# Services GetReservationPurchaseRecommendation knows; those without seeded data answer no recommendation.
OTHER_RESERVATION_SERVICES = (
    "Amazon Elastic Compute Cloud - Compute",
    "Amazon Redshift",
    "Amazon OpenSearch Service",
    "Amazon Elasticsearch Service",
    "Amazon MemoryDB",
    "Amazon DynamoDB Service",
)

TERMS = ("ONE_YEAR", "THREE_YEARS")
TERM_YEARS = {"ONE_YEAR": 1, "THREE_YEARS": 3}
PAYMENT_OPTIONS = ("NO_UPFRONT", "PARTIAL_UPFRONT", "ALL_UPFRONT")
ALL_PAYMENT_OPTIONS = (*PAYMENT_OPTIONS, "LIGHT_UTILIZATION", "MEDIUM_UTILIZATION", "HEAVY_UTILIZATION")
LOOKBACK_DAYS = {"SEVEN_DAYS": 7, "THIRTY_DAYS": 30, "SIXTY_DAYS": 60}
GRANULARITIES = ("DAILY", "MONTHLY", "HOURLY")
SAVINGS_PLANS_TYPES = ("COMPUTE_SP", "EC2_INSTANCE_SP", "SAGEMAKER_SP", "DATABASE_SP")
PLAN_TYPES = ("Compute", "EC2Instance", "SageMaker", "Database")
ACCOUNT_SCOPES = ("PAYER", "LINKED")
SP_DATA_TYPES = ("ATTRIBUTES", "UTILIZATION", "AMORTIZED_COMMITMENT", "SAVINGS")
MATCH_OPTIONS = ("EQUALS", "ABSENT", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "CASE_SENSITIVE", "CASE_INSENSITIVE", "GREATER_THAN_OR_EQUAL")

DEFAULT_DISCOUNTS: dict[str, dict[str, dict[str, Decimal]]] = {
    "COMPUTE_SP": {
        "ONE_YEAR": {"NO_UPFRONT": Decimal("0.20"), "PARTIAL_UPFRONT": Decimal("0.22"), "ALL_UPFRONT": Decimal("0.24")},
        "THREE_YEARS": {"NO_UPFRONT": Decimal("0.40"), "PARTIAL_UPFRONT": Decimal("0.43"), "ALL_UPFRONT": Decimal("0.46")},
    },
    "RDS": {
        "ONE_YEAR": {"NO_UPFRONT": Decimal("0.30"), "PARTIAL_UPFRONT": Decimal("0.33"), "ALL_UPFRONT": Decimal("0.35")},
        "THREE_YEARS": {"NO_UPFRONT": Decimal("0.50"), "PARTIAL_UPFRONT": Decimal("0.55"), "ALL_UPFRONT": Decimal("0.58")},
    },
    "ELASTICACHE": {
        "ONE_YEAR": {"NO_UPFRONT": Decimal("0.30"), "PARTIAL_UPFRONT": Decimal("0.33"), "ALL_UPFRONT": Decimal("0.35")},
        "THREE_YEARS": {"NO_UPFRONT": Decimal("0.50"), "PARTIAL_UPFRONT": Decimal("0.55"), "ALL_UPFRONT": Decimal("0.58")},
    },
}

# GetCostAndUsage metrics: Cost Explorer accepts both spellings and answers the name as the request gave it.
COST_METRICS = ("AmortizedCost", "BlendedCost", "NetAmortizedCost", "NetUnblendedCost", "UnblendedCost")
USAGE_METRICS = ("UsageQuantity", "NormalizedUsageAmount")
USAGE_UNIT = "N/A"

HOURS_PER_DAY = 24
HOURS_PER_MONTH = 730
HOURS_PER_YEAR = 8760
# GetCostAndUsage has no page size: a page holds whole periods, up to this many rows (a group of a period,
# or a period without groups); a period with more rows has a page of its own. Smaller than AWS's pages, so
# that clients' pagination is exercised.
COST_AND_USAGE_PAGE_ROWS = 20
DEFAULT_MAX_RESULTS = 100  # GetSavingsPlansUtilizationDetails, GetSavingsPlansCoverage without MaxResults
DEFAULT_PAGE_SIZE = 100  # the recommendations without PageSize (or PageSize 0)
MAX_PAGE_SIZE = 6000
MAX_GROUP_BY = 2

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR_MONTH_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}Z)?$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
CENT = Decimal("0.01")
MILLI = Decimal("0.001")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


class CostExplorerError(Exception):
    """An error Cost Explorer answers; the moto glue turns it into a JSON error response (HTTP 400)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def validation_error(message: str) -> CostExplorerError:
    return CostExplorerError("ValidationException", message)


# --- the data set ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UsageItem:
    date: datetime.date
    service: str
    region: str
    usage_type: str
    instance_type: str | None
    on_demand_cost: Decimal
    usage_quantity: Decimal
    tags: dict[str, str]
    savings_plan_arn: str | None = None
    savings_plan_cost: Decimal | None = None

    @property
    def cost(self) -> Decimal:
        """What the item cost: the Savings Plan rate when a plan covered it, else on demand."""
        return self.savings_plan_cost if self.savings_plan_cost is not None else self.on_demand_cost

    @property
    def covered(self) -> bool:
        return self.savings_plan_arn is not None


@dataclass(frozen=True)
class SavingsPlan:
    arn: str
    type: str
    term: str
    payment_option: str
    hourly_commitment: Decimal
    start: datetime.date
    end: datetime.date
    region: str


@dataclass(frozen=True)
class CostData:
    currency: str = "USD"
    today: datetime.date | None = None  # None: the real date
    usage: tuple[UsageItem, ...] = ()
    savings_plans: tuple[SavingsPlan, ...] = ()
    discounts: dict[str, dict[str, dict[str, Decimal]]] = field(default_factory=dict)

    @property
    def current_date(self) -> datetime.date:
        return self.today or datetime.datetime.now(datetime.UTC).date()

    def discount(self, kind: str, term: str, payment_option: str) -> Decimal:
        """The seeded discount of a kind (COMPUTE_SP, RDS, ELASTICACHE), else the default."""
        seeded = self.discounts.get(kind, {}).get(term, {}).get(payment_option)
        return seeded if seeded is not None else DEFAULT_DISCOUNTS[kind][term][payment_option]


USAGE_KEYS = {"date", "service", "region", "usage_type", "instance_type", "on_demand_cost", "usage_quantity", "tags", "savings_plan_arn", "savings_plan_cost"}
USAGE_REQUIRED = ("date", "service", "region", "usage_type", "on_demand_cost", "usage_quantity")
PLAN_KEYS = {"arn", "type", "term", "payment_option", "hourly_commitment", "start", "end", "region"}
PLAN_REQUIRED = ("arn", "type", "term", "payment_option", "hourly_commitment", "start", "end")
TOP_KEYS = {"currency", "today", "usage", "savings_plans", "discounts"}


def _seed_date(value: Any, where: str) -> datetime.date:
    if not isinstance(value, str) or not DATE.match(value):
        raise ValueError(f"{where}: expected a date YYYY-MM-DD, got {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{where}: {value!r} is not a calendar date") from error


def _seed_decimal(value: Any, where: str, maximum: Decimal | None = None) -> Decimal:
    """A non-negative decimal given as a string ("12.50") or an integer; floats are refused (inexact)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f'{where}: expected a decimal string such as "12.50", got {value!r}')
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as error:
        raise ValueError(f'{where}: expected a decimal string such as "12.50", got {value!r}') from error
    if not number.is_finite() or number < 0:
        raise ValueError(f"{where}: expected a non-negative finite decimal, got {value!r}")
    if maximum is not None and number >= maximum:
        raise ValueError(f"{where}: expected a decimal below {maximum}, got {value!r}")
    return number


def _seed_string(value: Any, where: str, choices: Iterable[str] | None = None, empty: bool = False) -> str:
    if not isinstance(value, str) or (not value and not empty):
        raise ValueError(f"{where}: expected a {'' if empty else 'non-empty '}string, got {value!r}")
    if choices is not None and value not in choices:
        raise ValueError(f"{where}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def _seed_object(value: Any, where: str, allowed: set[str], required: Iterable[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object, got {type(value).__name__}")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
    missing = [key for key in required if key not in value]
    if missing:
        raise ValueError(f"{where}: missing key(s) {', '.join(missing)}")
    return value


def _seed_list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _parse_plan(raw: Any, where: str) -> SavingsPlan:
    raw = _seed_object(raw, where, PLAN_KEYS, PLAN_REQUIRED)
    plan = SavingsPlan(
        arn=_seed_string(raw["arn"], f"{where}.arn"),
        type=_seed_string(raw["type"], f"{where}.type", PLAN_TYPES),
        term=_seed_string(raw["term"], f"{where}.term", TERMS),
        payment_option=_seed_string(raw["payment_option"], f"{where}.payment_option", PAYMENT_OPTIONS),
        hourly_commitment=_seed_decimal(raw["hourly_commitment"], f"{where}.hourly_commitment"),
        start=_seed_date(raw["start"], f"{where}.start"),
        end=_seed_date(raw["end"], f"{where}.end"),
        region=_seed_string(raw.get("region", "Any"), f"{where}.region"),
    )
    if plan.end <= plan.start:
        raise ValueError(f"{where}: end {plan.end} must be after start {plan.start}")
    return plan


def _parse_tags(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected an object of tag key to value, got {type(raw).__name__}")
    for key, value in raw.items():
        if not key or not isinstance(value, str):
            raise ValueError(f"{where}: tag {key!r} must have a non-empty key and a string value, got {value!r}")
    return dict(raw)


def _parse_item(raw: Any, where: str, plans: dict[str, SavingsPlan]) -> UsageItem:
    raw = _seed_object(raw, where, USAGE_KEYS, USAGE_REQUIRED)
    instance_type = raw.get("instance_type")
    if instance_type is not None:
        instance_type = _seed_string(instance_type, f"{where}.instance_type")
    arn = raw.get("savings_plan_arn")
    if ("savings_plan_arn" in raw) != ("savings_plan_cost" in raw) or (arn is None) != (raw.get("savings_plan_cost") is None):
        raise ValueError(f"{where}: savings_plan_arn and savings_plan_cost go together (both set, or neither)")
    item = UsageItem(
        date=_seed_date(raw["date"], f"{where}.date"),
        service=_seed_string(raw["service"], f"{where}.service"),
        region=_seed_string(raw["region"], f"{where}.region"),
        usage_type=_seed_string(raw["usage_type"], f"{where}.usage_type", empty=True),
        instance_type=instance_type,
        on_demand_cost=_seed_decimal(raw["on_demand_cost"], f"{where}.on_demand_cost"),
        usage_quantity=_seed_decimal(raw["usage_quantity"], f"{where}.usage_quantity"),
        tags=_parse_tags(raw.get("tags", {}), f"{where}.tags"),
        savings_plan_arn=None if arn is None else _seed_string(arn, f"{where}.savings_plan_arn"),
        savings_plan_cost=None if arn is None else _seed_decimal(raw["savings_plan_cost"], f"{where}.savings_plan_cost"),
    )
    if arn is not None:
        plan = plans.get(arn)
        if plan is None:
            raise ValueError(f"{where}.savings_plan_arn: {arn!r} is not one of savings_plans")
        if not plan.start <= item.date < plan.end:
            raise ValueError(f"{where}: {item.date} is outside the active time of {arn} ({plan.start} to {plan.end})")
    return item


def _parse_discounts(raw: Any) -> dict[str, dict[str, dict[str, Decimal]]]:
    if not isinstance(raw, dict):
        raise ValueError(f"discounts: expected an object, got {type(raw).__name__}")
    parsed: dict[str, dict[str, dict[str, Decimal]]] = {}
    for kind, terms in raw.items():
        _seed_string(kind, "discounts", DEFAULT_DISCOUNTS)
        _seed_object(terms, f"discounts.{kind}", set(TERMS), ())
        for term, options in terms.items():
            _seed_object(options, f"discounts.{kind}.{term}", set(PAYMENT_OPTIONS), ())
            parsed.setdefault(kind, {})[term] = {
                option: _seed_decimal(value, f"discounts.{kind}.{term}.{option}", maximum=Decimal(1)) for option, value in options.items()
            }
    return parsed


def parse_cost_data(payload: Any) -> CostData:
    """The data set of a seed, or ValueError naming the first malformed field (see README "Seeded cost data")."""
    payload = _seed_object(payload, "cost data", TOP_KEYS, ())
    plans: dict[str, SavingsPlan] = {}
    for index, raw in enumerate(_seed_list(payload.get("savings_plans", []), "savings_plans")):
        plan = _parse_plan(raw, f"savings_plans[{index}]")
        if plan.arn in plans:
            raise ValueError(f"savings_plans[{index}].arn: {plan.arn!r} is given twice")
        plans[plan.arn] = plan
    usage = tuple(_parse_item(raw, f"usage[{index}]", plans) for index, raw in enumerate(_seed_list(payload.get("usage", []), "usage")))
    today = payload.get("today")
    return CostData(
        currency=_seed_currency(payload.get("currency", "USD")),
        today=None if today is None else _seed_date(today, "today"),
        usage=usage,
        savings_plans=tuple(plans.values()),
        discounts=_parse_discounts(payload.get("discounts", {})),
    )


def _seed_currency(value: Any) -> str:
    if not isinstance(value, str) or not CURRENCY.match(value):
        raise ValueError(f"currency: expected a currency code such as USD, got {value!r}")
    return value


def render_cost_data(data: CostData) -> dict[str, Any]:
    """The data set as the seed format (what GET /_webstack/costs answers), defaults filled in."""
    usage = []
    for item in data.usage:
        entry: dict[str, Any] = {
            "date": item.date.isoformat(),
            "service": item.service,
            "region": item.region,
            "usage_type": item.usage_type,
            "instance_type": item.instance_type,
            "on_demand_cost": str(item.on_demand_cost),
            "usage_quantity": str(item.usage_quantity),
            "tags": dict(item.tags),
        }
        if item.covered:
            entry.update(savings_plan_arn=item.savings_plan_arn, savings_plan_cost=str(item.savings_plan_cost))
        usage.append(entry)
    plans = [
        {
            "arn": plan.arn,
            "type": plan.type,
            "term": plan.term,
            "payment_option": plan.payment_option,
            "hourly_commitment": str(plan.hourly_commitment),
            "start": plan.start.isoformat(),
            "end": plan.end.isoformat(),
            "region": plan.region,
        }
        for plan in data.savings_plans
    ]
    discounts = {
        kind: {term: {option: str(value) for option, value in options.items()} for term, options in terms.items()} for kind, terms in data.discounts.items()
    }
    today = data.today.isoformat() if data.today else None
    return {"currency": data.currency, "today": today, "usage": usage, "savings_plans": plans, "discounts": discounts}


class _Store:
    """The one data set of the emulator process (replaced whole; readers get an immutable snapshot)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._data = CostData()

    def get(self) -> CostData:
        with self._lock:
            return self._data

    def set(self, data: CostData) -> None:
        with self._lock:
            self._data = data


STORE = _Store()


def seed(payload: Any) -> dict[str, Any]:
    """Replace the data set (POST /_webstack/costs); ValueError (HTTP 400) on a malformed one, which changes nothing."""
    data = parse_cost_data(payload)
    STORE.set(data)
    return render_cost_data(data)


def snapshot() -> dict[str, Any]:
    """The data set (GET /_webstack/costs)."""
    return render_cost_data(STORE.get())


def reset() -> None:
    """Back to the empty data set (POST /_webstack/reset)."""
    STORE.set(CostData())


# --- rendering and periods -------------------------------------------------------------------------


def _quantize(value: Decimal, step: Decimal) -> str:
    rounded = value.quantize(step, rounding=ROUND_HALF_UP)
    return format(rounded.copy_abs() if rounded.is_zero() else rounded, "f")


def money(value: Decimal) -> str:
    """A money amount (or a quantity): 2 decimals, ROUND_HALF_UP."""
    return _quantize(value, CENT)


def hourly(value: Decimal) -> str:
    """An hourly commitment or hourly spend: 3 decimals, ROUND_HALF_UP."""
    return _quantize(value, MILLI)


def round3(value: Decimal) -> Decimal:
    return value.quantize(MILLI, rounding=ROUND_HALF_UP)


def percentage(part: Decimal, whole: Decimal) -> str:
    """part / whole x 100, 2 decimals; "0.00" when whole is 0."""
    return money(part / whole * HUNDRED) if whole else "0.00"


def _first_of_next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def periods(start: datetime.date, end: datetime.date, granularity: str) -> list[tuple[datetime.date, datetime.date]]:
    """[start, end) cut into days (DAILY) or calendar months clipped to the interval (MONTHLY)."""
    cuts = []
    current = start
    while current < end:
        following = current + datetime.timedelta(days=1) if granularity == "DAILY" else min(_first_of_next_month(current), end)
        cuts.append((current, following))
        current = following
    return cuts


def overlap_days(start: datetime.date, end: datetime.date, other_start: datetime.date, other_end: datetime.date) -> int:
    return max(0, (min(end, other_end) - max(start, other_start)).days)


def _time_period(start: datetime.date, end: datetime.date) -> dict[str, str]:
    return {"Start": start.isoformat(), "End": end.isoformat()}


# --- request validation ----------------------------------------------------------------------------


def _enum_error(value: Any, member: str, choices: Iterable[str]) -> CostExplorerError:
    return validation_error(
        f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{', '.join(choices)}]"
    )


def check_enum(value: Any, member: str, choices: Iterable[str], default: str | None = None) -> str:
    choices = tuple(choices)
    if value is None and default is not None:
        return default
    if value not in choices:
        raise _enum_error(value, member, choices)
    return value


def parse_time_period(value: Any) -> tuple[datetime.date, datetime.date]:
    """TimePeriod {Start, End} as dates; End must be after Start."""
    if not isinstance(value, dict) or "Start" not in value or "End" not in value:
        raise validation_error("1 validation error detected: Value null at 'timePeriod' failed to satisfy constraint: Member must not be null")
    dates = []
    for member in ("Start", "End"):
        text = value[member]
        match = YEAR_MONTH_DAY.match(text) if isinstance(text, str) else None
        if not match:
            raise validation_error(
                f"1 validation error detected: Value '{text}' at 'timePeriod.{member.lower()}' failed to satisfy constraint: "
                f"Member must satisfy regular expression pattern: {YEAR_MONTH_DAY.pattern[1:-1]}"
            )
        try:
            dates.append(datetime.date.fromisoformat(match.group(1)))
        except ValueError as error:
            raise validation_error(f"Invalid date {text} for timePeriod.{member.lower()}") from error
    start, end = dates
    if end <= start:
        raise validation_error("Start date (and hour) should be before end date (and hour)")
    return start, end


def check_page_size(value: Any, member: str, minimum: int, maximum: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum or (maximum is not None and value > maximum):
        bound = f"greater than or equal to {minimum}" if maximum is None else f"between {minimum} and {maximum}"
        raise validation_error(f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must have value {bound}")
    return value


# --- filters and groups ----------------------------------------------------------------------------

EXPRESSION_ROOTS = ("And", "Or", "Not", "Dimensions", "Tags", "CostCategories")

ITEM_DIMENSIONS: dict[str, Callable[[UsageItem], str]] = {
    "SERVICE": lambda item: item.service,
    "REGION": lambda item: item.region,
    "USAGE_TYPE": lambda item: item.usage_type,
    "INSTANCE_TYPE": lambda item: item.instance_type or "",
    "RECORD_TYPE": lambda item: "SavingsPlanCoveredUsage" if item.covered else "Usage",
}
PLAN_DIMENSIONS: dict[str, Callable[[SavingsPlan], str]] = {
    "SAVINGS_PLAN_ARN": lambda plan: plan.arn,
    "SAVINGS_PLANS_TYPE": lambda plan: plan.type,
    "PAYMENT_OPTION": lambda plan: plan.payment_option,
    "REGION": lambda plan: plan.region,
}


def check_expression(expression: Any, dimensions: Iterable[str], tags: bool = True) -> None:
    """ValidationException for a malformed Filter, or one naming what the data set cannot answer."""
    if not isinstance(expression, dict):
        raise validation_error("Expression must be an object")
    roots = [root for root in EXPRESSION_ROOTS if expression.get(root) is not None]
    if len(roots) != 1:
        raise validation_error(
            "Expression has more than one roots. Only one root operator is allowed for each expression: And, Or, Not, Dimensions, Tags, CostCategories"
        )
    root = roots[0]
    value = expression[root]
    if root in ("And", "Or"):
        if not isinstance(value, list) or len(value) < 2:
            raise validation_error(f"{root} expression must have at least 2 operands")
        for operand in value:
            check_expression(operand, dimensions, tags)
        return
    if root == "Not":
        check_expression(value, dimensions, tags)
        return
    if root == "Tags" and not tags:
        raise validation_error("Tags are not supported in this Filter")
    if root == "Dimensions" and value.get("Key") not in tuple(dimensions):
        raise validation_error(f"Dimension {value.get('Key')} is not supported here; supported: {', '.join(dimensions)}")
    if root != "Dimensions" and not value.get("Key"):
        raise validation_error(f"{root} expression must have a Key")
    options = value.get("MatchOptions") or []
    for option in options:
        check_enum(option, f"filter.{root.lower()}.matchOptions", MATCH_OPTIONS)
    if not value.get("Values") and "ABSENT" not in options:
        raise validation_error(f"{root} expression must have Values (or MatchOptions ABSENT)")


def value_matches(actual: str | None, values: Iterable[str], options: Iterable[str]) -> bool:
    """One dimension or tag value against the Values of an expression, by its MatchOptions (EQUALS by default)."""
    options = set(options or ())
    if "ABSENT" in options and not actual:
        return True
    actual = actual or ""
    fold = (lambda text: text.lower()) if "CASE_INSENSITIVE" in options else (lambda text: text)
    if "STARTS_WITH" in options:
        return any(fold(actual).startswith(fold(value)) for value in values)
    if "ENDS_WITH" in options:
        return any(fold(actual).endswith(fold(value)) for value in values)
    if "CONTAINS" in options:
        return any(fold(value) in fold(actual) for value in values)
    return any(fold(actual) == fold(value) for value in values)


def matches(expression: dict[str, Any] | None, dimension: Callable[[str], str], tag: Callable[[str], str | None]) -> bool:
    """Whether a record (known by its dimension and tag getters) passes a checked Filter; no filter passes all."""
    if not expression:
        return True
    if expression.get("And") is not None:
        return all(matches(operand, dimension, tag) for operand in expression["And"])
    if expression.get("Or") is not None:
        return any(matches(operand, dimension, tag) for operand in expression["Or"])
    if expression.get("Not") is not None:
        return not matches(expression["Not"], dimension, tag)
    if expression.get("Dimensions") is not None:
        value = expression["Dimensions"]
        return value_matches(dimension(value["Key"]), value.get("Values") or [], value.get("MatchOptions") or [])
    if expression.get("Tags") is not None:
        value = expression["Tags"]
        return value_matches(tag(value["Key"]), value.get("Values") or [], value.get("MatchOptions") or [])
    value = expression["CostCategories"]  # the data set has no cost categories: every record is without one
    return value_matches(None, value.get("Values") or [], value.get("MatchOptions") or [])


def item_matches(expression: dict[str, Any] | None, item: UsageItem) -> bool:
    return matches(expression, lambda key: ITEM_DIMENSIONS[key](item), item.tags.get)


def plan_matches(expression: dict[str, Any] | None, plan: SavingsPlan) -> bool:
    return matches(expression, lambda key: PLAN_DIMENSIONS[key](plan), lambda key: None)


def check_group_by(group_by: Any, dimensions: Iterable[str], tags: bool = True) -> list[dict[str, str]]:
    if group_by is None:
        return []
    if not isinstance(group_by, list) or len(group_by) > MAX_GROUP_BY:
        raise validation_error(f"You may group by at most {MAX_GROUP_BY} group definitions")
    dimensions = tuple(dimensions)
    for definition in group_by:
        kind = check_enum(definition.get("Type"), "groupBy.type", ("DIMENSION", "TAG", "COST_CATEGORY", "PRODUCT_ATTRIBUTE"))
        key = definition.get("Key")
        if kind == "DIMENSION" and key not in dimensions:
            raise validation_error(f"Group Definition dimension {key} is not supported here; supported: {', '.join(dimensions)}")
        if kind == "TAG" and (not tags or not key):
            raise validation_error("Group Definition of type TAG needs a tag key" if tags else "Group Definition of type TAG is not supported here")
        if kind in ("COST_CATEGORY", "PRODUCT_ATTRIBUTE"):
            raise validation_error(f"Group Definition type {kind} is not supported by the emulator's cost data")
    return list(group_by)


def group_key(definition: dict[str, str], item: UsageItem) -> str:
    """The key of an item's group: the dimension value, or '<tag key>$<value>' ('<tag key>$' when untagged)."""
    if definition["Type"] == "TAG":
        return f"{definition['Key']}${item.tags.get(definition['Key'], '')}"
    return ITEM_DIMENSIONS[definition["Key"]](item)


# --- pagination ------------------------------------------------------------------------------------


def page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def token_offset(token: str | None, length: int) -> int:
    if not token:
        return 0
    try:
        offset = json.loads(base64.urlsafe_b64decode(token.encode()))["offset"]
    except (ValueError, TypeError, KeyError) as error:
        raise CostExplorerError("InvalidNextTokenException", "The NextToken is invalid") from error
    if not isinstance(offset, int) or not 0 <= offset <= length:
        raise CostExplorerError("InvalidNextTokenException", "The NextToken is invalid")
    return offset


def paginate(items: list[Any], size: int, token: str | None) -> tuple[list[Any], str | None]:
    """One page of items from the token's offset, and the token of the next page (None on the last)."""
    start = token_offset(token, len(items))
    end = start + size
    return items[start:end], (page_token(end) if end < len(items) else None)


def paginate_rows(results: list[dict[str, Any]], rows: int, token: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """GetCostAndUsage pages: whole periods, up to `rows` rows a page (at least one period)."""
    start = token_offset(token, len(results))
    end, used = start, 0
    while end < len(results):
        size = max(1, len(results[end]["Groups"]))
        if end > start and used + size > rows:
            break
        used += size
        end += 1
    return results[start:end], (page_token(end) if end < len(results) else None)


# --- GetCostAndUsage -------------------------------------------------------------------------------

COST_AND_USAGE_DIMENSIONS = tuple(ITEM_DIMENSIONS)


def _metric_kind(name: str) -> str | None:
    """'cost' or 'usage' for a metric name in either spelling (UnblendedCost, UNBLENDED_COST), else None."""
    canonical = name.replace("_", "").lower()
    if any(canonical == metric.lower() for metric in COST_METRICS):
        return "cost"
    if any(canonical == metric.lower() for metric in USAGE_METRICS):
        return "usage"
    return None


def check_metrics(metrics: Any) -> list[str]:
    if not isinstance(metrics, list) or not metrics:
        raise validation_error("1 validation error detected: Value null at 'metrics' failed to satisfy constraint: Member must not be null")
    unknown = [name for name in metrics if not isinstance(name, str) or _metric_kind(name) is None]
    if unknown:
        valid = ", ".join((*COST_METRICS, *USAGE_METRICS))
        raise validation_error(f"Invalid metric(s) {', '.join(map(str, unknown))}; valid metrics: {valid}")
    return metrics


def metric_values(metrics: list[str], items: list[UsageItem], currency: str) -> dict[str, dict[str, str]]:
    cost = sum((item.cost for item in items), ZERO)
    quantity = sum((item.usage_quantity for item in items), ZERO)
    answer = {}
    for name in metrics:
        usage = _metric_kind(name) == "usage"
        answer[name] = {"Amount": money(quantity if usage else cost), "Unit": USAGE_UNIT if usage else currency}
    return answer


def cost_and_usage_results(data: CostData, request: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Every ResultByTime of a GetCostAndUsage request (unpaginated), and its group definitions."""
    start, end = parse_time_period(request.get("TimePeriod"))
    granularity = check_enum(request.get("Granularity"), "granularity", GRANULARITIES)
    metrics = check_metrics(request.get("Metrics"))
    expression = request.get("Filter")
    if expression is not None:
        check_expression(expression, COST_AND_USAGE_DIMENSIONS)
    group_by = check_group_by(request.get("GroupBy"), COST_AND_USAGE_DIMENSIONS)
    if granularity == "HOURLY":
        raise CostExplorerError("DataUnavailableException", "Hourly data is not available: hourly granularity is not enabled for this account")
    if end > _first_of_next_month(data.current_date):
        raise validation_error("end date past the beginning of next month")
    selected = [item for item in data.usage if start <= item.date < end and item_matches(expression, item)]
    unclosed = data.current_date.replace(day=1)
    results = []
    for period_start, period_end in periods(start, end, granularity):
        items = [item for item in selected if period_start <= item.date < period_end]
        result: dict[str, Any] = {"TimePeriod": _time_period(period_start, period_end), "Total": {}, "Groups": [], "Estimated": period_end > unclosed}
        if group_by:
            groups: dict[tuple[str, ...], list[UsageItem]] = {}
            for item in items:
                groups.setdefault(tuple(group_key(definition, item) for definition in group_by), []).append(item)
            result["Groups"] = [{"Keys": list(keys), "Metrics": metric_values(metrics, members, data.currency)} for keys, members in sorted(groups.items())]
        else:
            result["Total"] = metric_values(metrics, items, data.currency)
        results.append(result)
    return results, group_by


def get_cost_and_usage(data: CostData, request: dict[str, Any]) -> dict[str, Any]:
    results, group_by = cost_and_usage_results(data, request)
    page, token = paginate_rows(results, COST_AND_USAGE_PAGE_ROWS, request.get("NextPageToken"))
    answer: dict[str, Any] = {"ResultsByTime": page, "DimensionValueAttributes": []}
    if group_by:
        answer["GroupDefinitions"] = group_by
    if token:
        answer["NextPageToken"] = token
    return answer


# --- Savings Plans utilization ---------------------------------------------------------------------


@dataclass(frozen=True)
class Utilization:
    """Exact utilization figures of plans over periods; they add up."""

    total: Decimal = ZERO
    used: Decimal = ZERO
    on_demand: Decimal = ZERO
    recurring: Decimal = ZERO
    upfront: Decimal = ZERO

    def __add__(self, other: Utilization) -> Utilization:
        return Utilization(
            self.total + other.total,
            self.used + other.used,
            self.on_demand + other.on_demand,
            self.recurring + other.recurring,
            self.upfront + other.upfront,
        )

    @property
    def unused(self) -> Decimal:
        return self.total - self.used

    @property
    def net_savings(self) -> Decimal:
        return self.on_demand - self.total

    def render(self, data_types: Iterable[str] = ("UTILIZATION", "SAVINGS", "AMORTIZED_COMMITMENT")) -> dict[str, Any]:
        answer: dict[str, Any] = {}
        if "UTILIZATION" in data_types:
            answer["Utilization"] = {
                "TotalCommitment": money(self.total),
                "UsedCommitment": money(self.used),
                "UnusedCommitment": money(self.unused),
                "UtilizationPercentage": percentage(self.used, self.total),
            }
        if "SAVINGS" in data_types:
            answer["Savings"] = {"NetSavings": money(self.net_savings), "OnDemandCostEquivalent": money(self.on_demand)}
        if "AMORTIZED_COMMITMENT" in data_types:
            answer["AmortizedCommitment"] = {
                "AmortizedRecurringCommitment": money(self.recurring),
                "AmortizedUpfrontCommitment": money(self.upfront),
                "TotalAmortizedCommitment": money(self.total),
            }
        return answer


def plan_utilization(plan: SavingsPlan, usage: Iterable[UsageItem], start: datetime.date, end: datetime.date) -> Utilization:
    """One plan over [start, end): commitment of the hours it was active, used up to it, amortized by payment option."""
    total = plan.hourly_commitment * overlap_days(plan.start, plan.end, start, end) * HOURS_PER_DAY
    items = [item for item in usage if item.savings_plan_arn == plan.arn and start <= item.date < end]
    used = min(total, sum((item.savings_plan_cost or ZERO for item in items), ZERO))
    upfront = {"NO_UPFRONT": ZERO, "PARTIAL_UPFRONT": total / 2, "ALL_UPFRONT": total}[plan.payment_option]
    return Utilization(total, used, sum((item.on_demand_cost for item in items), ZERO), total - upfront, upfront)


def active(plan: SavingsPlan, start: datetime.date, end: datetime.date) -> bool:
    return overlap_days(plan.start, plan.end, start, end) > 0


def _utilization_request(data: CostData, request: dict[str, Any]) -> tuple[datetime.date, datetime.date, list[SavingsPlan]]:
    start, end = parse_time_period(request.get("TimePeriod"))
    expression = request.get("Filter")
    if expression is not None:
        check_expression(expression, tuple(PLAN_DIMENSIONS), tags=False)
    plans = [plan for plan in data.savings_plans if plan_matches(expression, plan)]
    if not any(active(plan, start, end) for plan in plans):
        # What AWS answers for the utilization of an account (or filter) without a Savings Plan in the period.
        raise CostExplorerError("DataUnavailableException", "Data is not available. Please try to adjust the time period.")
    return start, end, plans


def check_sp_granularity(value: Any) -> str:
    granularity = check_enum(value, "granularity", GRANULARITIES, default="DAILY")
    if granularity == "HOURLY":
        raise validation_error("Granularity should be either 'MONTHLY' or 'DAILY'")
    return granularity


def get_savings_plans_utilization(data: CostData, request: dict[str, Any]) -> dict[str, Any]:
    """Per period (every period of the request, zero where no plan was active) and the total; no plan at all: DataUnavailable."""
    granularity = check_sp_granularity(request.get("Granularity"))
    start, end, plans = _utilization_request(data, request)
    by_time, total = [], Utilization()
    for period_start, period_end in periods(start, end, granularity):
        figures = sum((plan_utilization(plan, data.usage, period_start, period_end) for plan in plans), Utilization())
        total += figures
        by_time.append({"TimePeriod": _time_period(period_start, period_end), **figures.render()})
    return {"SavingsPlansUtilizationsByTime": by_time, "Total": total.render()}


DETAIL_SORT_KEYS: dict[str, Callable[[Utilization], Decimal]] = {
    "UtilizationPercentage": lambda u: u.used / u.total if u.total else ZERO,
    "TotalCommitment": lambda u: u.total,
    "UsedCommitment": lambda u: u.used,
    "UnusedCommitment": lambda u: u.unused,
    "NetSavings": lambda u: u.net_savings,
    "AmortizedRecurringCommitment": lambda u: u.recurring,
    "AmortizedUpfrontCommitment": lambda u: u.upfront,
}


def plan_attributes(plan: SavingsPlan) -> dict[str, str]:
    return {
        "savingsPlansType": plan.type,
        "term": plan.term,
        "paymentOption": plan.payment_option,
        "region": plan.region,
        "startDate": plan.start.isoformat(),
        "endDate": plan.end.isoformat(),
    }


def get_savings_plans_utilization_details(data: CostData, request: dict[str, Any]) -> dict[str, Any]:
    """One detail per plan active in the period (by ARN, or SortBy), paginated by MaxResults/NextToken; the total of all."""
    start, end, plans = _utilization_request(data, request)
    data_types = request.get("DataType") or list(SP_DATA_TYPES)
    for data_type in data_types:
        check_enum(data_type, "dataType", SP_DATA_TYPES)
    size = check_page_size(request.get("MaxResults"), "maxResults", 1, None) or DEFAULT_MAX_RESULTS
    figures = [(plan, plan_utilization(plan, data.usage, start, end)) for plan in sorted(plans, key=lambda p: p.arn) if active(plan, start, end)]
    sort_by = request.get("SortBy")
    if sort_by:
        key = check_enum(sort_by.get("Key"), "sortBy.key", DETAIL_SORT_KEYS)
        order = check_enum(sort_by.get("SortOrder"), "sortBy.sortOrder", ("ASCENDING", "DESCENDING"), default="ASCENDING")
        figures.sort(key=lambda pair: DETAIL_SORT_KEYS[key](pair[1]), reverse=order == "DESCENDING")
    details = []
    for plan, utilization in figures:
        detail: dict[str, Any] = {"SavingsPlanArn": plan.arn}
        if "ATTRIBUTES" in data_types:
            detail["Attributes"] = plan_attributes(plan)
        details.append({**detail, **utilization.render(data_types)})
    page, token = paginate(details, size, request.get("NextToken"))
    total = sum((utilization for _plan, utilization in figures), Utilization())
    answer = {"SavingsPlansUtilizationDetails": page, "Total": total.render(), "TimePeriod": _time_period(start, end)}
    if token:
        answer["NextToken"] = token
    return answer


# --- Savings Plans coverage ------------------------------------------------------------------------

COVERAGE_GROUP_DIMENSIONS = ("SERVICE", "REGION", "INSTANCE_TYPE")


def coverage(items: Iterable[UsageItem]) -> dict[str, str]:
    """Coverage of eligible items: on-demand value of covered items over all (covered + uncovered on demand)."""
    items = list(items)
    covered = sum((item.on_demand_cost for item in items if item.covered), ZERO)
    on_demand = sum((item.on_demand_cost for item in items if not item.covered), ZERO)
    total = covered + on_demand
    return {
        "SpendCoveredBySavingsPlans": money(covered),
        "OnDemandCost": money(on_demand),
        "TotalCost": money(total),
        "CoveragePercentage": percentage(covered, total),
    }


def get_savings_plans_coverage(data: CostData, request: dict[str, Any]) -> dict[str, Any]:
    """Per period (and group), over Compute Savings Plans eligible items, paginated by MaxResults/NextToken."""
    start, end = parse_time_period(request.get("TimePeriod"))
    group_by = check_group_by(request.get("GroupBy"), COVERAGE_GROUP_DIMENSIONS, tags=False)
    if group_by and request.get("Granularity"):
        raise validation_error("Granularity can't be set if GroupBy is set")
    # Grouped coverage covers the whole period at once (AWS's API reference: no Granularity with GroupBy).
    granularity = "WHOLE" if group_by else check_sp_granularity(request.get("Granularity"))
    expression = request.get("Filter")
    if expression is not None:
        check_expression(expression, COST_AND_USAGE_DIMENSIONS)
    size = check_page_size(request.get("MaxResults"), "maxResults", 1, None) or DEFAULT_MAX_RESULTS
    eligible = [item for item in data.usage if item.service in COMPUTE_SP_SERVICES and start <= item.date < end and item_matches(expression, item)]
    coverages = []
    for period_start, period_end in [(start, end)] if granularity == "WHOLE" else periods(start, end, granularity):
        items = [item for item in eligible if period_start <= item.date < period_end]
        time_period = _time_period(period_start, period_end)
        if not group_by:
            coverages.append({"Attributes": {}, "Coverage": coverage(items), "TimePeriod": time_period})
            continue
        groups: dict[tuple[str, ...], list[UsageItem]] = {}
        for item in items:
            groups.setdefault(tuple(group_key(definition, item) for definition in group_by), []).append(item)
        for keys, members in sorted(groups.items()):
            attributes = {definition["Key"]: key for definition, key in zip(group_by, keys, strict=True)}
            coverages.append({"Attributes": attributes, "Coverage": coverage(members), "TimePeriod": time_period})
    page, token = paginate(coverages, size, request.get("NextToken"))
    answer: dict[str, Any] = {"SavingsPlansCoverages": page}
    if token:
        answer["NextToken"] = token
    return answer


# --- recommendations -------------------------------------------------------------------------------


def lookback_dates(today: datetime.date, days: int) -> list[datetime.date]:
    """The N days before today (today excluded), oldest first."""
    return [today - datetime.timedelta(days=days - index) for index in range(days)]


def _recommendation_id(*parts: Any) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "webstack-ce:" + ":".join(map(str, parts))))


def _metadata(data: CostData, *parts: Any) -> dict[str, str]:
    return {
        "RecommendationId": _recommendation_id("recommendation", *parts),
        "GenerationTimestamp": f"{data.current_date.isoformat()}T00:00:00Z",
        "AdditionalMetadata": "",
    }


def _page_size(request: dict[str, Any]) -> int:
    return check_page_size(request.get("PageSize"), "pageSize", 0, MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE


@dataclass(frozen=True)
class SavingsPlansRecommendation:
    """The figures of a Compute Savings Plans purchase recommendation (section 2 of the cost spec)."""

    days: int
    daily_on_demand: tuple[Decimal, ...]  # U per lookback day
    discount: Decimal

    @property
    def base(self) -> Decimal:
        return min(self.daily_on_demand) / HOURS_PER_DAY

    @property
    def hourly(self) -> Decimal:
        return round3(self.base * (1 - self.discount))

    @property
    def recommends(self) -> bool:
        return self.base > 0 and self.hourly > 0

    @property
    def hourly_savings(self) -> Decimal:
        return self.base - self.hourly

    @property
    def spend(self) -> Decimal:
        return sum(self.daily_on_demand, ZERO)

    @property
    def savings(self) -> Decimal:
        return self.hourly_savings * HOURS_PER_DAY * self.days


def savings_plans_recommendation(data: CostData, term: str, payment_option: str, days: int) -> SavingsPlansRecommendation:
    daily: dict[datetime.date, Decimal] = dict.fromkeys(lookback_dates(data.current_date, days), ZERO)
    for item in data.usage:
        if item.date in daily and item.service in COMPUTE_SP_SERVICES and not item.covered:
            daily[item.date] += item.on_demand_cost
    return SavingsPlansRecommendation(days, tuple(daily.values()), data.discount("COMPUTE_SP", term, payment_option))


def _savings_plans_summary(data: CostData, figures: SavingsPlansRecommendation | None) -> dict[str, str]:
    if figures is None:
        zero = money(ZERO)
        return {
            "EstimatedROI": zero,
            "CurrencyCode": data.currency,
            "EstimatedTotalCost": zero,
            "CurrentOnDemandSpend": zero,
            "EstimatedSavingsAmount": zero,
            "TotalRecommendationCount": "0",
            "DailyCommitmentToPurchase": zero,
            "HourlyCommitmentToPurchase": hourly(ZERO),
            "EstimatedSavingsPercentage": zero,
            "EstimatedMonthlySavingsAmount": zero,
            "EstimatedOnDemandCostWithCurrentCommitment": zero,
        }
    return {
        "EstimatedROI": percentage(figures.hourly_savings, figures.hourly),
        "CurrencyCode": data.currency,
        "EstimatedTotalCost": money(figures.spend - figures.savings),
        "CurrentOnDemandSpend": money(figures.spend),
        "EstimatedSavingsAmount": money(figures.savings),
        "TotalRecommendationCount": "1",
        "DailyCommitmentToPurchase": money(figures.hourly * HOURS_PER_DAY),
        "HourlyCommitmentToPurchase": hourly(figures.hourly),
        "EstimatedSavingsPercentage": percentage(figures.hourly_savings, figures.base),
        "EstimatedMonthlySavingsAmount": money(figures.hourly_savings * HOURS_PER_MONTH),
        "EstimatedOnDemandCostWithCurrentCommitment": money(figures.spend),
    }


def _savings_plans_detail(data: CostData, account_id: str, term: str, payment_option: str, figures: SavingsPlansRecommendation) -> dict[str, Any]:
    term_commitment = figures.hourly * HOURS_PER_YEAR * TERM_YEARS[term]
    upfront = {"NO_UPFRONT": ZERO, "PARTIAL_UPFRONT": term_commitment / 2, "ALL_UPFRONT": term_commitment}[payment_option]
    days = figures.days
    return {
        "SavingsPlansDetails": {"OfferingId": _recommendation_id("offering", "COMPUTE_SP", term, payment_option)},
        "AccountId": account_id,
        "UpfrontCost": money(upfront),
        "EstimatedROI": percentage(figures.hourly_savings, figures.hourly),
        "CurrencyCode": data.currency,
        "EstimatedSPCost": money(figures.hourly * HOURS_PER_DAY * days),
        "EstimatedOnDemandCost": money(figures.base * HOURS_PER_DAY * days),
        "EstimatedOnDemandCostWithCurrentCommitment": money(figures.spend),
        "EstimatedSavingsAmount": money(figures.savings),
        "EstimatedSavingsPercentage": percentage(figures.hourly_savings, figures.base),
        "HourlyCommitmentToPurchase": hourly(figures.hourly),
        "EstimatedAverageUtilization": "100.00",
        "EstimatedMonthlySavingsAmount": money(figures.hourly_savings * HOURS_PER_MONTH),
        "CurrentMinimumHourlyOnDemandSpend": hourly(figures.base),
        "CurrentMaximumHourlyOnDemandSpend": hourly(max(figures.daily_on_demand) / HOURS_PER_DAY),
        "CurrentAverageHourlyOnDemandSpend": hourly(figures.spend / (HOURS_PER_DAY * days)),
        "RecommendationDetailId": _recommendation_id("detail", "COMPUTE_SP", term, payment_option, days),
    }


def get_savings_plans_purchase_recommendation(data: CostData, request: dict[str, Any], account_id: str) -> dict[str, Any]:
    """Compute Savings Plans: one detail when the lookback's lowest day of uncovered eligible spend buys something."""
    plans_type = check_enum(request.get("SavingsPlansType"), "savingsPlansType", SAVINGS_PLANS_TYPES)
    term = check_enum(request.get("TermInYears"), "termInYears", TERMS)
    payment_option = check_enum(request.get("PaymentOption"), "paymentOption", ALL_PAYMENT_OPTIONS)
    if payment_option not in PAYMENT_OPTIONS:
        raise validation_error(f"Payment option {payment_option} is not supported for Savings Plans; supported: {', '.join(PAYMENT_OPTIONS)}")
    lookback = check_enum(request.get("LookbackPeriodInDays"), "lookbackPeriodInDays", LOOKBACK_DAYS)
    scope = check_enum(request.get("AccountScope"), "accountScope", ACCOUNT_SCOPES, default="PAYER")
    if request.get("Filter") is not None:
        check_expression(request["Filter"], ("LINKED_ACCOUNT",), tags=False)
    size = _page_size(request)
    figures = savings_plans_recommendation(data, term, payment_option, LOOKBACK_DAYS[lookback]) if plans_type == "COMPUTE_SP" else None
    if figures is not None and not figures.recommends:
        figures = None
    details = [] if figures is None else [_savings_plans_detail(data, account_id, term, payment_option, figures)]
    page, token = paginate(details, size, request.get("NextPageToken"))
    answer: dict[str, Any] = {
        "Metadata": _metadata(data, plans_type, term, payment_option, lookback),
        "SavingsPlansPurchaseRecommendation": {
            "AccountScope": scope,
            "SavingsPlansType": plans_type,
            "TermInYears": term,
            "PaymentOption": payment_option,
            "LookbackPeriodInDays": lookback,
            "SavingsPlansPurchaseRecommendationDetails": page,
            "SavingsPlansPurchaseRecommendationSummary": _savings_plans_summary(data, figures),
        },
    }
    if token:
        answer["NextPageToken"] = token
    return answer


@dataclass(frozen=True)
class ReservationRecommendation:
    """The figures of one (instance type, region) reservation recommendation (section 2 of the cost spec)."""

    instance_type: str
    region: str
    daily_hours: tuple[Decimal, ...]  # H per lookback day
    cost: Decimal  # on-demand cost over the lookback
    quantity: Decimal  # instance-hours over the lookback
    discount: Decimal

    @property
    def count(self) -> int:
        return math.floor(min(self.daily_hours) / HOURS_PER_DAY)

    @property
    def rate(self) -> Decimal:
        return self.cost / self.quantity if self.quantity else ZERO

    @property
    def monthly_on_demand(self) -> Decimal:
        return self.count * self.rate * HOURS_PER_MONTH

    @property
    def monthly_savings(self) -> Decimal:
        return self.monthly_on_demand * self.discount


def reservation_recommendations(data: CostData, service: str, term: str, payment_option: str, days: int) -> list[ReservationRecommendation]:
    """Per (instance type, region) of the service's instance-hours, the ones worth at least one reservation."""
    kind = RESERVATION_SERVICES.get(service)
    if kind is None:
        return []
    window = lookback_dates(data.current_date, days)
    hours: dict[tuple[str, str], dict[datetime.date, Decimal]] = {}
    costs: dict[tuple[str, str], Decimal] = {}
    for item in data.usage:
        if item.service != service or not item.instance_type or item.date not in window:
            continue
        key = (item.instance_type, item.region)
        daily = hours.setdefault(key, dict.fromkeys(window, ZERO))
        daily[item.date] += item.usage_quantity
        costs[key] = costs.get(key, ZERO) + item.on_demand_cost
    discount = data.discount(kind, term, payment_option)
    found = [
        ReservationRecommendation(instance_type, region, tuple(daily.values()), costs[(instance_type, region)], sum(daily.values(), ZERO), discount)
        for (instance_type, region), daily in sorted(hours.items())
    ]
    return [recommendation for recommendation in found if recommendation.count > 0]


def _instance_details(service: str, recommendation: ReservationRecommendation) -> dict[str, Any]:
    family = recommendation.instance_type.rsplit(".", 1)[0]
    if service == RDS:
        return {
            "RDSInstanceDetails": {
                "Family": family,
                "InstanceType": recommendation.instance_type,
                "Region": recommendation.region,
                "DatabaseEngine": "PostgreSQL",
                "DeploymentOption": "Single-AZ",
                "LicenseModel": "No license required",
                "CurrentGeneration": True,
                "SizeFlexEligible": True,
            }
        }
    return {
        "ElastiCacheInstanceDetails": {
            "Family": family,
            "NodeType": recommendation.instance_type,
            "Region": recommendation.region,
            "ProductDescription": "redis",
            "CurrentGeneration": True,
            "SizeFlexEligible": True,
        }
    }


def _reservation_detail(data: CostData, service: str, account_id: str, recommendation: ReservationRecommendation) -> dict[str, Any]:
    per_hour = [hours / HOURS_PER_DAY for hours in recommendation.daily_hours]
    reserved_monthly = recommendation.monthly_on_demand - recommendation.monthly_savings
    return {
        "AccountId": account_id,
        "InstanceDetails": _instance_details(service, recommendation),
        "RecommendedNumberOfInstancesToPurchase": str(recommendation.count),
        "MinimumNumberOfInstancesUsedPerHour": money(min(per_hour)),
        "MaximumNumberOfInstancesUsedPerHour": money(max(per_hour)),
        "AverageNumberOfInstancesUsedPerHour": money(sum(per_hour, ZERO) / len(per_hour)),
        "CurrencyCode": data.currency,
        "EstimatedMonthlySavingsAmount": money(recommendation.monthly_savings),
        "EstimatedMonthlySavingsPercentage": money(recommendation.discount * HUNDRED),
        "EstimatedMonthlyOnDemandCost": money(recommendation.monthly_on_demand),
        "RecurringStandardMonthlyCost": money(reserved_monthly),
    }


def get_reservation_purchase_recommendation(data: CostData, request: dict[str, Any], account_id: str) -> dict[str, Any]:
    """RDS / ElastiCache reservations: one detail per (instance type, region) with count > 0, paginated by PageSize."""
    service = request.get("Service")
    if service not in RESERVATION_SERVICES and service not in OTHER_RESERVATION_SERVICES:
        raise validation_error(
            f"Service {service} is not supported for reservation recommendations; supported: {', '.join((*RESERVATION_SERVICES, *OTHER_RESERVATION_SERVICES))}"
        )
    term = check_enum(request.get("TermInYears"), "termInYears", TERMS, default="ONE_YEAR")
    payment_option = check_enum(request.get("PaymentOption"), "paymentOption", ALL_PAYMENT_OPTIONS, default="NO_UPFRONT")
    if payment_option not in PAYMENT_OPTIONS:
        raise validation_error(f"Payment option {payment_option} is not supported; supported: {', '.join(PAYMENT_OPTIONS)}")
    lookback = check_enum(request.get("LookbackPeriodInDays"), "lookbackPeriodInDays", LOOKBACK_DAYS, default="SEVEN_DAYS")
    scope = check_enum(request.get("AccountScope"), "accountScope", ACCOUNT_SCOPES, default="PAYER")
    if request.get("Filter") is not None:
        check_expression(request["Filter"], ("LINKED_ACCOUNT", "REGION", "INSTANCE_TYPE"), tags=False)
    size = _page_size(request)
    found = reservation_recommendations(data, service, term, payment_option, LOOKBACK_DAYS[lookback])
    answer: dict[str, Any] = {"Metadata": _metadata(data, service, term, payment_option, lookback), "Recommendations": []}
    if not found:
        return answer
    details = [_reservation_detail(data, service, account_id, recommendation) for recommendation in found]
    page, token = paginate(details, size, request.get("NextPageToken"))
    savings = sum((recommendation.monthly_savings for recommendation in found), ZERO)
    on_demand = sum((recommendation.monthly_on_demand for recommendation in found), ZERO)
    answer["Recommendations"] = [
        {
            "AccountScope": scope,
            "LookbackPeriodInDays": lookback,
            "TermInYears": term,
            "PaymentOption": payment_option,
            "RecommendationDetails": page,
            "RecommendationSummary": {
                "TotalEstimatedMonthlySavingsAmount": money(savings),
                "TotalEstimatedMonthlySavingsPercentage": percentage(savings, on_demand),
                "CurrencyCode": data.currency,
            },
        }
    ]
    if token:
        answer["NextPageToken"] = token
    return answer


# --- moto glue -------------------------------------------------------------------------------------


def _handler(compute: Callable[[CostData, dict[str, Any], str], dict[str, Any]]) -> Callable[[Any], str]:
    """A CostExplorerResponse method answering compute(data set, request, account) as JSON, or Cost Explorer's error."""

    def handle(self: Any) -> str:
        from moto.core.exceptions import JsonRESTError

        body = self.body.decode("utf-8") if isinstance(self.body, bytes) else self.body
        try:
            request = json.loads(body) if body else {}
            return json.dumps(compute(STORE.get(), request if isinstance(request, dict) else {}, self.current_account))
        except CostExplorerError as error:
            raise JsonRESTError(error.code, error.message) from error
        except (ValueError, TypeError, KeyError, AttributeError) as error:  # a request botocore would not send
            raise JsonRESTError("ValidationException", f"Malformed request: {error}") from error

    return handle


def _install(name: str, compute: Callable[[CostData, dict[str, Any], str], dict[str, Any]]) -> None:
    from moto.ce.responses import CostExplorerResponse

    setattr(CostExplorerResponse, name, _handler(compute))


@fix(
    SERVICE,
    "GetCostAndUsage",
    "moto answers GetCostAndUsage from a queue of canned results (empty by default) and validates nothing; AWS computes cost and usage "
    "per period, filtered and grouped, pages with NextPageToken and refuses bad periods and granularities. webstack.aws "
    "savings_plans_report reads cost by service and by tag with it.",
)
def cost_and_usage_from_seeded_data() -> None:
    _install("get_cost_and_usage", lambda data, request, account: get_cost_and_usage(data, request))


@fix(
    SERVICE,
    "GetSavingsPlansUtilization",
    "moto lacks GetSavingsPlansUtilization ('has not been implemented', HTTP 500); AWS answers the commitment, used and unused commitment, "
    "savings and amortized commitment of the Savings Plans per period and in total.",
)
def savings_plans_utilization() -> None:
    _install("get_savings_plans_utilization", lambda data, request, account: get_savings_plans_utilization(data, request))


@fix(
    SERVICE,
    "GetSavingsPlansUtilizationDetails",
    "moto lacks GetSavingsPlansUtilizationDetails; AWS answers the utilization of each Savings Plan with its attributes, paginated by "
    "MaxResults and NextToken.",
)
def savings_plans_utilization_details() -> None:
    _install("get_savings_plans_utilization_details", lambda data, request, account: get_savings_plans_utilization_details(data, request))


@fix(
    SERVICE,
    "GetSavingsPlansCoverage",
    "moto lacks GetSavingsPlansCoverage; AWS answers how much of the eligible spend Savings Plans covered per period (and group), "
    "paginated by MaxResults and NextToken.",
)
def savings_plans_coverage() -> None:
    _install("get_savings_plans_coverage", lambda data, request, account: get_savings_plans_coverage(data, request))


@fix(
    SERVICE,
    "GetSavingsPlansPurchaseRecommendation",
    "moto lacks GetSavingsPlansPurchaseRecommendation; AWS recommends an hourly commitment from the on-demand spend of the lookback "
    "period, with its estimated savings.",
)
def savings_plans_purchase_recommendation() -> None:
    _install("get_savings_plans_purchase_recommendation", get_savings_plans_purchase_recommendation)


@fix(
    SERVICE,
    "GetReservationPurchaseRecommendation",
    "moto lacks GetReservationPurchaseRecommendation; AWS recommends reserved instances (RDS, ElastiCache...) from the steady "
    "instance usage of the lookback period, with their estimated savings.",
)
def reservation_purchase_recommendation() -> None:
    _install("get_reservation_purchase_recommendation", get_reservation_purchase_recommendation)
