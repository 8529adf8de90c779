"""The cost role's input checks and derived settings (plugins/filter/cost.py)."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.filter import cost

TOPIC = "arn:aws:sns:eu-west-1:123456789012:demo-local-alarms"

SETTINGS: dict[str, Any] = {
    "cost_budget_amount": 500,
    "cost_budget_currency": "USD",
    "cost_budget_time_unit": "MONTHLY",
    "cost_budget_scope": "stack",
    "cost_budget_alerts": [{"type": "ACTUAL", "threshold": 80}, {"type": "FORECASTED", "threshold": 100}],
    "cost_notification_emails": ["platform-team@example.com"],
    "cost_alarm_topic_arn": "",
    "cost_anomaly_enabled": True,
    "cost_anomaly_threshold": 100,
    "cost_anomaly_frequency": "",
    "cost_allocation_tag_keys": ["webstack:stack", "aws:createdBy"],
}


def errors_with(**changes: Any) -> list[str]:
    return cost.cost_errors({**SETTINGS, **changes})


def test_sound_settings_pass() -> None:
    assert cost.cost_errors(SETTINGS) == []
    assert errors_with(cost_budget_amount="12.50", cost_alarm_topic_arn=TOPIC, cost_anomaly_frequency="IMMEDIATE") == []


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"cost_budget_amount": 0}, "cost_budget_amount"),
        ({"cost_budget_amount": -5}, "cost_budget_amount"),
        ({"cost_budget_amount": "lots"}, "cost_budget_amount"),
        ({"cost_budget_amount": True}, "cost_budget_amount"),
        ({"cost_budget_amount": "NaN"}, "cost_budget_amount"),
        ({"cost_budget_currency": "usd"}, "cost_budget_currency"),
        ({"cost_budget_time_unit": "WEEKLY"}, "cost_budget_time_unit"),
        ({"cost_budget_scope": "region"}, "cost_budget_scope"),
        ({"cost_budget_alerts": [{"type": "HOPED", "threshold": 80}]}, "cost_budget_alerts[0].type"),
        ({"cost_budget_alerts": [{"type": "ACTUAL", "threshold": 0}]}, "cost_budget_alerts[0].threshold"),
        ({"cost_budget_alerts": [{"type": "ACTUAL", "threshold": 1001}]}, "cost_budget_alerts[0].threshold"),
        ({"cost_budget_alerts": [{"type": "ACTUAL", "threshold": 80}, {"type": "ACTUAL", "threshold": "80.0"}]}, "cost_budget_alerts[1]"),
        ({"cost_budget_alerts": [{"type": "ACTUAL", "threshold": n} for n in range(10, 70, 10)]}, "cost_budget_alerts"),
        ({"cost_notification_emails": ["not-an-address"]}, "cost_notification_emails"),
        ({"cost_notification_emails": [f"a{n}@example.com" for n in range(11)]}, "cost_notification_emails"),
        ({"cost_alarm_topic_arn": "alarms"}, "cost_alarm_topic_arn"),
        ({"cost_anomaly_threshold": -1}, "cost_anomaly_threshold"),
        ({"cost_anomaly_frequency": "HOURLY"}, "cost_anomaly_frequency"),
        ({"cost_anomaly_frequency": "IMMEDIATE"}, "cost_anomaly_frequency"),
        ({"cost_allocation_tag_keys": ["webstack:stack", ""]}, "cost_allocation_tag_keys"),
        ({"cost_allocation_tag_keys": ["k" * 129]}, "cost_allocation_tag_keys"),
    ],
)
def test_each_bad_input_is_named(changes: dict[str, Any], named: str) -> None:
    found = errors_with(**changes)
    assert len(found) == 1, found
    assert found[0].startswith(named)


def test_budget_notifications_send_every_alert_to_the_topic_and_the_addresses() -> None:
    notifications = cost.cost_budget_notifications(SETTINGS["cost_budget_alerts"], [TOPIC], ["a@example.com"])
    assert [(n["notification_type"], n["threshold"]) for n in notifications] == [("ACTUAL", 80.0), ("FORECASTED", 100.0)]
    assert all(n["sns_topic_arns"] == [TOPIC] and n["email_addresses"] == ["a@example.com"] for n in notifications)
    assert {n["threshold_type"] for n in notifications} == {"PERCENTAGE"}


def test_anomaly_alerts_go_to_topics_immediately_and_to_addresses_as_summaries() -> None:
    assert cost.cost_anomaly_subscribers("IMMEDIATE", [TOPIC], ["a@example.com"]) == [{"type": "SNS", "address": TOPIC}]
    assert cost.cost_anomaly_subscribers("DAILY", [TOPIC], ["a@example.com"]) == [{"type": "EMAIL", "address": "a@example.com"}]


@pytest.mark.parametrize(
    ("today", "months", "period"),
    [
        ("2026-11-25", 3, {"start": "2026-08-01", "end": "2026-11-01"}),
        ("2026-02-01", 2, {"start": "2025-12-01", "end": "2026-02-01"}),
        ("2026-01-31", 1, {"start": "2025-12-01", "end": "2026-01-01"}),
        ("2026-03-15", 14, {"start": "2025-01-01", "end": "2026-03-01"}),
    ],
)
def test_report_period_is_whole_months_before_today(today: str, months: int, period: dict[str, str]) -> None:
    assert cost.cost_report_period(today, months) == period


def test_report_period_refuses_no_months() -> None:
    with pytest.raises(ValueError, match="cost_report_months"):
        cost.cost_report_period("2026-11-25", 0)
