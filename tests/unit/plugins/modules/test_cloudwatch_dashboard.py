"""cloudwatch_dashboard, run end to end through main() against the emulator, and its pure functions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import cloudwatch_dashboard

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "webstack-test"
ARN = f"arn:aws:cloudwatch::123456789012:dashboard/{NAME}"
TEXT = {"type": "text", "x": 0, "y": 0, "width": 24, "height": 2, "properties": {"markdown": "Managed by Ansible"}}
GRAPH = {"type": "metric", "x": 0, "y": 2, "width": 12, "height": 6, "properties": {"region": "eu-west-1", "metrics": [["AWS/EC2", "CPUUtilization"]]}}
BODY = {"widgets": [TEXT]}


def dashboard(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(cloudwatch_dashboard.main, aws, {"name": NAME, **args}, check_mode)


def stored_body(aws: Emulator) -> dict[str, Any]:
    return json.loads(aws.client("cloudwatch").get_dashboard(DashboardName=NAME)["DashboardBody"])


def stored_tags(aws: Emulator) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in aws.client("cloudwatch").list_tags_for_resource(ResourceARN=ARN)["Tags"]}


def names(aws: Emulator) -> list[str]:
    return [e["DashboardName"] for e in aws.client("cloudwatch").list_dashboards()["DashboardEntries"]]


# Pure functions


@pytest.mark.parametrize("body", [BODY, json.dumps(BODY), json.dumps(BODY, indent=4, sort_keys=True), {"widgets": []}])
def test_parse_body_accepts_a_dict_or_a_json_object(body: Any) -> None:
    parsed, error = cloudwatch_dashboard.parse_body(body)
    assert error is None
    assert parsed == (body if isinstance(body, dict) else json.loads(body))


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("[]", "dict or a JSON object"),
        (["widgets"], "dict or a JSON object"),
        (42, "dict or a JSON object"),
        ("{widgets", "not valid JSON"),
        ({"start": "-PT3H"}, "'widgets' list"),
        ({"widgets": {}}, "'widgets' list"),
    ],
)
def test_parse_body_refuses_what_is_not_a_dashboard(body: Any, says: str) -> None:
    parsed, error = cloudwatch_dashboard.parse_body(body)
    assert parsed is None
    assert says in error and "body" in error


@pytest.mark.parametrize(
    ("current", "desired", "purge", "after"),
    [({"a": "1"}, None, True, {"a": "1"}), ({"a": "1"}, {"b": "2"}, True, {"b": "2"}), ({"a": "1"}, {"b": "2"}, False, {"a": "1", "b": "2"})],
)
def test_tags_after(current: dict[str, str], desired: dict[str, str] | None, purge: bool, after: dict[str, str]) -> None:
    assert cloudwatch_dashboard.tags_after(current, desired, purge) == after


# Create


def test_create_puts_the_body_and_tags(aws: Emulator) -> None:
    run_ = dashboard(aws, {"body": BODY, "tags": {"webstack:stack": "test"}})

    assert not run_.failed, run_.out
    assert run_.changed
    assert stored_body(aws) == BODY
    assert stored_tags(aws) == {"webstack:stack": "test"}
    assert aws.calls().mutating == ["cloudwatch:PutDashboard"]
    out = run_.out["dashboard"]
    assert (out["dashboard_name"], out["dashboard_arn"], out["body"], out["tags"]) == (NAME, ARN, BODY, {"webstack:stack": "test"})
    assert out["size"] > 0 and out["last_modified"]
    assert run_.out["diff"] == {"before": {}, "after": {"dashboard_name": NAME, "body": BODY, "tags": {"webstack:stack": "test"}}}


def test_create_from_a_json_string(aws: Emulator) -> None:
    run_ = dashboard(aws, {"body": json.dumps(BODY)})

    assert not run_.failed, run_.out
    assert stored_body(aws) == BODY
    assert run_.out["dashboard"]["body"] == BODY


# Idempotence and check mode


@pytest.mark.parametrize("again", [BODY, json.dumps(BODY, indent=2, sort_keys=True)])
def test_second_run_changes_nothing_and_calls_nothing_mutating(aws: Emulator, again: Any) -> None:
    dashboard(aws, {"body": BODY, "tags": {"a": "1"}})
    aws.clear_calls()

    run_ = dashboard(aws, {"body": again, "tags": {"a": "1"}})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert aws.calls().mutating == []
    assert run_.out["diff"]["before"] == run_.out["diff"]["after"]


def test_check_mode_reports_the_create_and_creates_nothing(aws: Emulator) -> None:
    run_ = dashboard(aws, {"body": BODY, "tags": {"a": "1"}}, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert aws.calls().mutating == []
    assert names(aws) == []
    assert run_.out["diff"]["after"] == {"dashboard_name": NAME, "body": BODY, "tags": {"a": "1"}}


def test_check_mode_on_a_converged_dashboard_reports_no_change(aws: Emulator) -> None:
    dashboard(aws, {"body": BODY})
    aws.clear_calls()

    run_ = dashboard(aws, {"body": BODY}, check_mode=True)

    assert not run_.changed
    assert aws.calls().mutating == []


# Update


def test_body_update_replaces_the_body_and_shows_both_in_the_diff(aws: Emulator) -> None:
    dashboard(aws, {"body": BODY, "tags": {"a": "1"}})
    aws.clear_calls()
    new_body = {"widgets": [TEXT, GRAPH]}

    run_ = dashboard(aws, {"body": new_body})

    assert run_.changed
    assert stored_body(aws) == new_body
    assert stored_tags(aws) == {"a": "1"}  # tags not given: left alone
    assert aws.calls().mutating == ["cloudwatch:PutDashboard"]
    assert run_.out["diff"]["before"]["body"] == BODY
    assert run_.out["diff"]["after"]["body"] == new_body


def test_check_mode_body_update_changes_nothing(aws: Emulator) -> None:
    dashboard(aws, {"body": BODY})
    aws.clear_calls()

    run_ = dashboard(aws, {"body": {"widgets": [GRAPH]}}, check_mode=True)

    assert run_.changed
    assert run_.out["diff"]["after"]["body"] == {"widgets": [GRAPH]}
    assert aws.calls().mutating == []
    assert stored_body(aws) == BODY


def test_tags_change_without_touching_the_body(aws: Emulator) -> None:
    dashboard(aws, {"body": BODY, "tags": {"keep": "1", "drop": "2"}})
    aws.clear_calls()

    run_ = dashboard(aws, {"body": BODY, "tags": {"keep": "1", "add": "3"}})

    assert run_.changed
    assert stored_tags(aws) == {"keep": "1", "add": "3"}
    assert aws.calls().mutating == ["cloudwatch:UntagResource", "cloudwatch:TagResource"]
    assert run_.out["dashboard"]["tags"] == {"keep": "1", "add": "3"}
    assert run_.out["diff"]["before"]["tags"] == {"keep": "1", "drop": "2"}


def test_tags_without_purge_are_added(aws: Emulator) -> None:
    dashboard(aws, {"body": BODY, "tags": {"keep": "1"}})

    dashboard(aws, {"body": BODY, "tags": {"add": "3"}, "purge_tags": False})

    assert stored_tags(aws) == {"keep": "1", "add": "3"}


# Absent


def test_absent_deletes_the_dashboard(aws: Emulator) -> None:
    dashboard(aws, {"body": BODY})
    aws.clear_calls()

    run_ = dashboard(aws, {"state": "absent"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert names(aws) == []
    assert aws.calls().mutating == ["cloudwatch:DeleteDashboards"]
    assert run_.out["diff"] == {"before": {"dashboard_name": NAME, "body": BODY, "tags": {}}, "after": {}}


def test_absent_twice_changes_nothing(aws: Emulator) -> None:
    dashboard(aws, {"body": BODY})
    dashboard(aws, {"state": "absent"})
    aws.clear_calls()

    run_ = dashboard(aws, {"state": "absent"})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert aws.calls().mutating == []


def test_check_mode_absent_deletes_nothing(aws: Emulator) -> None:
    dashboard(aws, {"body": BODY})
    aws.clear_calls()

    run_ = dashboard(aws, {"state": "absent"}, check_mode=True)

    assert run_.changed
    assert aws.calls().mutating == []
    assert names(aws) == [NAME]


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"body": "[1, 2]"}, "body"),
        ({"body": ["widgets"]}, "body"),
        ({"body": "not json"}, "body"),
        ({"body": {"start": "-PT3H"}}, "widgets"),
        ({"body": '{"periodOverride": "auto"}'}, "widgets"),
        ({}, "body"),
        ({"name": "x" * 256, "body": BODY}, "name"),
        ({"name": "with space", "body": BODY}, "name"),
        ({"name": "dots.not.allowed", "body": BODY}, "name"),
        ({"name": "", "body": BODY}, "name"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(aws: Emulator, args: dict[str, Any], named: str) -> None:
    run_ = dashboard(aws, args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert aws.calls().calls == []


def test_a_name_of_255_characters_is_accepted(aws: Emulator) -> None:
    run_ = run(cloudwatch_dashboard.main, aws, {"name": "x" * 255, "body": BODY})

    assert not run_.failed, run_.out
    assert names(aws) == ["x" * 255]


def test_aws_refusal_of_a_widget_is_reported_with_its_path(aws: Emulator) -> None:
    run_ = dashboard(aws, {"body": {"widgets": [{"x": 0}]}})

    assert run_.failed
    assert "/widgets/0" in run_.out["msg"] and "type" in run_.out["msg"]
    assert names(aws) == []
