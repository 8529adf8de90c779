"""The pure helpers shared by the CloudWatch alarm and dashboard modules."""

from __future__ import annotations

import datetime

from ansible_collections.webstack.aws.plugins.module_utils import cloudwatch as cw


def test_tags_after_keeps_merges_or_replaces() -> None:
    assert cw.tags_after({"a": "1"}, None, True) == {"a": "1"}
    assert cw.tags_after({"a": "1", "b": "2"}, {"b": "3"}, True) == {"b": "3"}
    assert cw.tags_after({"a": "1", "b": "2"}, {"b": "3"}, False) == {"a": "1", "b": "3"}


def test_alarm_view_is_snake_case_with_iso_dates_and_tags() -> None:
    alarm = {"AlarmName": "a", "StateUpdatedTimestamp": datetime.datetime(2025, 1, 1), "Tags": [{"Key": "x"}], "ResponseMetadata": {}}
    assert cw.alarm_view(alarm, {"k": "v"}) == {"alarm_name": "a", "state_updated_timestamp": "2025-01-01T00:00:00", "tags": {"k": "v"}}
    assert cw.alarm_view({"AlarmName": "a"}) == {"alarm_name": "a", "tags": {}}
    assert cw.alarm_view(None, {"k": "v"}) == {}


def test_predicted_alarm_drops_the_settings_the_request_leaves_out() -> None:
    current = {"AlarmName": "a", "AlarmArn": "arn", "AlarmDescription": "old", "Threshold": 1.0}
    request = {"AlarmName": "a", "Threshold": 2.0}
    assert cw.predicted_alarm(current, request, ("AlarmDescription", "Threshold")) == {"AlarmName": "a", "AlarmArn": "arn", "Threshold": 2.0}
    assert cw.predicted_alarm(None, request, ("AlarmDescription",)) == request


def test_dashboard_from_takes_size_and_date_only_when_listed() -> None:
    entry = {"DashboardName": "d", "DashboardArn": "arn", "Size": 12, "LastModified": datetime.datetime(2025, 1, 1)}
    tags = [{"Key": "k", "Value": "v"}]
    assert cw.dashboard_from(entry, '{"widgets": []}', tags) == {
        "dashboard_name": "d",
        "dashboard_arn": "arn",
        "body": {"widgets": []},
        "size": 12,
        "last_modified": "2025-01-01T00:00:00",
        "tags": {"k": "v"},
    }
    assert cw.dashboard_from({"DashboardName": "d", "DashboardArn": "arn"}, '{"widgets": []}', []) == {
        "dashboard_name": "d",
        "dashboard_arn": "arn",
        "body": {"widgets": []},
        "tags": {},
    }
