"""The emulator's control endpoints: /_webstack/health, /_webstack/calls, /_webstack/reset."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.harness.emulator import Emulator


def control(aws: Emulator, method: str, action: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(f"{aws.url}/_webstack/{action}", method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def vpc_cidrs(aws: Emulator) -> set[str]:
    return {vpc["CidrBlock"] for vpc in aws.client("ec2").describe_vpcs()["Vpcs"]}


def test_health_reports_running(aws: Emulator) -> None:
    assert control(aws, "GET", "health") == (200, {"status": "running"})


def test_reset_forgets_every_resource(aws: Emulator) -> None:
    aws.client("ec2").create_vpc(CidrBlock="10.40.0.0/16")
    aws.client("logs").create_log_group(logGroupName="/webstack/app")
    assert control(aws, "POST", "reset") == (200, {"reset": True})
    assert "10.40.0.0/16" not in vpc_cidrs(aws)
    assert aws.client("logs").describe_log_groups()["logGroups"] == []


def test_reset_empties_the_call_log(aws: Emulator) -> None:
    aws.client("ec2").create_vpc(CidrBlock="10.40.0.0/16")
    control(aws, "POST", "reset")
    assert aws.calls().calls == []


def test_delete_calls_empties_the_log_and_keeps_resources(aws: Emulator) -> None:
    aws.client("ec2").create_vpc(CidrBlock="10.40.0.0/16")
    assert control(aws, "DELETE", "calls") == (200, {"calls": []})
    assert aws.calls().calls == []
    assert "10.40.0.0/16" in vpc_cidrs(aws)


def test_calls_record_the_http_status(aws: Emulator) -> None:
    with pytest.raises(aws.client("ec2").exceptions.ClientError):
        aws.client("ec2").describe_vpcs(VpcIds=["vpc-0000000000000000f"])
    assert [(c["operation"], c["status"]) for c in aws.calls().calls] == [("DescribeVpcs", 400)]


def test_control_calls_are_not_logged(aws: Emulator) -> None:
    control(aws, "GET", "health")
    control(aws, "GET", "calls")
    assert aws.calls().calls == []


@pytest.mark.parametrize(("method", "action"), [("GET", "nothing-here"), ("GET", "reset"), ("POST", "calls"), ("DELETE", "health/extra")])
def test_unknown_control_call_is_404(aws: Emulator, method: str, action: str) -> None:
    status, body = control(aws, method, action)
    assert status == 404
    assert "unknown control call" in body["error"]
