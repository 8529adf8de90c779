# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cost role's input checks and what it derives from them.

errors:        "{{ settings | webstack.aws.cost_errors }}"
notifications: "{{ cost_budget_alerts | webstack.aws.cost_budget_notifications(topic_arns, emails) }}"
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

ALERT_TYPES = ("ACTUAL", "FORECASTED")
TIME_UNITS = ("DAILY", "MONTHLY", "QUARTERLY", "ANNUALLY")
SCOPES = ("stack", "account")
FREQUENCIES = ("", "DAILY", "IMMEDIATE", "WEEKLY")
# ISO 4217 codes AWS Budgets accepts for a cost budget's limit: the account's billing currency, usually USD.
CURRENCY = re.compile(r"^[A-Z]{3}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SNS_ARN = re.compile(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$")
# AWS Budgets: at most 5 notifications per budget, 10 email subscribers and 1 SNS topic per notification.
MAX_ALERTS = 5
MAX_EMAILS = 10
# Cost allocation tag keys: 1 to 128 characters (user-defined and AWS-generated, such as aws:createdBy).
MAX_TAG_KEY = 128


def _decimal(value: Any) -> Optional[Decimal]:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def cost_errors(settings: Dict[str, Any]) -> List[str]:
    """Every problem with the role's inputs, each naming its variable and what is allowed."""
    return _budget_errors(settings) + _subscriber_errors(settings) + _anomaly_errors(settings) + _tag_errors(settings)


def _budget_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    amount = _decimal(settings.get("cost_budget_amount"))
    if amount is None or amount <= 0:
        errors.append(f"cost_budget_amount must be a number above 0 (the limit in cost_budget_currency), not {settings.get('cost_budget_amount')!r}")
    if not CURRENCY.match(str(settings.get("cost_budget_currency", ""))):
        errors.append(f"cost_budget_currency must be a 3-letter ISO 4217 code such as USD, not {settings.get('cost_budget_currency')!r}")
    if settings.get("cost_budget_time_unit") not in TIME_UNITS:
        errors.append(f"cost_budget_time_unit must be one of {', '.join(TIME_UNITS)}, not {settings.get('cost_budget_time_unit')!r}")
    if settings.get("cost_budget_scope") not in SCOPES:
        errors.append(f"cost_budget_scope must be stack or account, not {settings.get('cost_budget_scope')!r}")
    alerts = settings.get("cost_budget_alerts")
    if not isinstance(alerts, list) or len(alerts) > MAX_ALERTS:
        return [*errors, f"cost_budget_alerts must be a list of at most {MAX_ALERTS} alerts (AWS Budgets' limit per budget)"]
    seen = set()
    for index, alert in enumerate(alerts):
        where = f"cost_budget_alerts[{index}]"
        if not isinstance(alert, dict) or alert.get("type") not in ALERT_TYPES:
            errors.append(f"{where}.type must be ACTUAL or FORECASTED")
            continue
        threshold = _decimal(alert.get("threshold"))
        if threshold is None or threshold <= 0 or threshold > 1000:
            errors.append(f"{where}.threshold must be a percentage of cost_budget_amount above 0 and at most 1000, not {alert.get('threshold')!r}")
            continue
        if (alert["type"], threshold) in seen:
            errors.append(f"{where} repeats a {alert['type']} alert at {threshold} %")
        seen.add((alert["type"], threshold))
    return errors


def _subscriber_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    emails = settings.get("cost_notification_emails")
    if not isinstance(emails, list) or len(emails) > MAX_EMAILS:
        return [f"cost_notification_emails must be a list of at most {MAX_EMAILS} addresses (AWS Budgets' limit per alert)"]
    for address in emails:
        if not isinstance(address, str) or not EMAIL.match(address):
            errors.append(f"cost_notification_emails: {address!r} is not an email address")
    topic = settings.get("cost_alarm_topic_arn") or ""
    if topic and not SNS_ARN.match(str(topic)):
        errors.append(f"cost_alarm_topic_arn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), not {topic!r}")
    return errors


def _anomaly_errors(settings: Dict[str, Any]) -> List[str]:
    errors = []
    threshold = _decimal(settings.get("cost_anomaly_threshold"))
    if threshold is None or threshold < 0:
        given = settings.get("cost_anomaly_threshold")
        errors.append(f"cost_anomaly_threshold must be an amount of 0 or more (the total impact of an anomaly to alert on), not {given!r}")
    frequency = settings.get("cost_anomaly_frequency")
    if frequency not in FREQUENCIES:
        errors.append(f"cost_anomaly_frequency must be IMMEDIATE, DAILY, WEEKLY or '' (IMMEDIATE to a topic if there is one, else DAILY), not {frequency!r}")
    elif frequency == "IMMEDIATE" and not settings.get("cost_alarm_topic_arn") and settings.get("cost_anomaly_enabled"):
        errors.append("cost_anomaly_frequency IMMEDIATE alerts only go to an SNS topic: set cost_alarm_topic_arn, or choose DAILY or WEEKLY for email")
    return errors


def _tag_errors(settings: Dict[str, Any]) -> List[str]:
    keys = settings.get("cost_allocation_tag_keys")
    if not isinstance(keys, list):
        return ["cost_allocation_tag_keys must be a list of tag keys"]
    return [
        f"cost_allocation_tag_keys: {key!r} must be a tag key of 1 to {MAX_TAG_KEY} characters"
        for key in keys
        if not isinstance(key, str) or not key or len(key) > MAX_TAG_KEY
    ]


def cost_budget_notifications(alerts: List[Dict[str, Any]], topic_arns: List[str], emails: List[str]) -> List[Dict[str, Any]]:
    """The budget module's notifications: each alert to the alarm topic and every email address."""
    return [
        {
            "notification_type": alert["type"],
            "comparison_operator": "GREATER_THAN",
            "threshold": float(alert["threshold"]),
            "threshold_type": "PERCENTAGE",
            "sns_topic_arns": list(topic_arns),
            "email_addresses": list(emails),
        }
        for alert in alerts
    ]


def cost_anomaly_subscribers(frequency: str, topic_arns: List[str], emails: List[str]) -> List[Dict[str, str]]:
    """Anomaly alerts go to SNS topics when IMMEDIATE and to email addresses as a DAILY or WEEKLY summary."""
    if frequency == "IMMEDIATE":
        return [{"type": "SNS", "address": arn} for arn in topic_arns]
    return [{"type": "EMAIL", "address": address} for address in emails]


def cost_report_period(today: str, months: int) -> Dict[str, str]:
    """The last `months` whole calendar months before `today` (YYYY-MM-DD): {start, end}, end exclusive."""
    day = datetime.date.fromisoformat(str(today))
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise ValueError(f"cost_report_months must be a whole number of months, 1 or more, not {months!r}")
    end = day.replace(day=1)
    index = end.year * 12 + end.month - 1 - months
    return {"start": datetime.date(index // 12, index % 12 + 1, 1).isoformat(), "end": end.isoformat()}


class FilterModule:
    def filters(self) -> Dict[str, Any]:
        return {
            "cost_errors": cost_errors,
            "cost_budget_notifications": cost_budget_notifications,
            "cost_anomaly_subscribers": cost_anomaly_subscribers,
            "cost_report_period": cost_report_period,
        }
