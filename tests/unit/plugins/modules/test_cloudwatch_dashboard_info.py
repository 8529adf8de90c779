"""cloudwatch_dashboard_info, run end to end through main() against the emulator."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import cloudwatch_dashboard_info

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

BODY = {"widgets": [{"type": "text", "x": 0, "y": 0, "width": 6, "height": 2, "properties": {"markdown": "hello"}}]}


def info(aws: Emulator, args: dict[str, Any]) -> Result:
    return run(cloudwatch_dashboard_info.main, aws, args)


@pytest.fixture
def dashboards(aws: Emulator) -> Emulator:
    cloudwatch = aws.client("cloudwatch")
    cloudwatch.put_dashboard(DashboardName="web-prod", DashboardBody=json.dumps(BODY), Tags=[{"Key": "webstack:stack", "Value": "web"}])
    cloudwatch.put_dashboard(DashboardName="web-dev", DashboardBody='{"widgets": []}')
    cloudwatch.put_dashboard(DashboardName="costs", DashboardBody='{"widgets": []}')
    aws.clear_calls()
    return aws


def test_lists_every_dashboard_sorted_with_body_and_tags(dashboards: Emulator) -> None:
    run_ = info(dashboards, {})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert [d["dashboard_name"] for d in run_.out["dashboards"]] == ["costs", "web-dev", "web-prod"]
    prod = run_.out["dashboards"][2]
    assert prod["dashboard_arn"] == "arn:aws:cloudwatch::123456789012:dashboard/web-prod"
    assert prod["body"] == BODY
    assert prod["tags"] == {"webstack:stack": "web"}
    assert prod["size"] > 0 and prod["last_modified"]
    assert dashboards.calls().mutating == []


def test_prefix_lists_only_matching_dashboards(dashboards: Emulator) -> None:
    run_ = info(dashboards, {"prefix": "web-"})

    assert [d["dashboard_name"] for d in run_.out["dashboards"]] == ["web-dev", "web-prod"]


def test_name_lists_only_that_dashboard_not_those_it_prefixes(dashboards: Emulator) -> None:
    dashboards.client("cloudwatch").put_dashboard(DashboardName="web-prod-old", DashboardBody='{"widgets": []}')

    run_ = info(dashboards, {"name": "web-prod"})

    assert [d["dashboard_name"] for d in run_.out["dashboards"]] == ["web-prod"]


def test_a_missing_name_lists_nothing(dashboards: Emulator) -> None:
    run_ = info(dashboards, {"name": "missing"})

    assert not run_.failed, run_.out
    assert run_.out["dashboards"] == []


def test_every_page_is_read() -> None:
    pages = iter(
        [
            {"DashboardEntries": [{"DashboardName": "a", "DashboardArn": "arn:a"}], "NextToken": "t1"},
            {"DashboardEntries": [{"DashboardName": "b", "DashboardArn": "arn:b"}]},
        ]
    )
    seen: list[dict[str, Any]] = []

    class Client:
        def list_dashboards(self, aws_retry: bool, **params: Any) -> dict[str, Any]:
            assert aws_retry
            seen.append(params)
            return next(pages)

    entries = cloudwatch_dashboard_info.list_dashboards(Client(), "p")

    assert [e["DashboardName"] for e in entries] == ["a", "b"]
    assert seen == [{"DashboardNamePrefix": "p"}, {"DashboardNamePrefix": "p", "NextToken": "t1"}]


@pytest.mark.parametrize(("args", "named"), [({"name": "bad name"}, "name"), ({"prefix": "bad/prefix"}, "prefix"), ({"name": "a", "prefix": "a"}, "name")])
def test_bad_input_fails_before_any_call(dashboards: Emulator, args: dict[str, Any], named: str) -> None:
    run_ = info(dashboards, args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert dashboards.calls().calls == []
