"""Fault injection (webstack_emulator.faults): seeded throttling, server errors, dropped connections, eventual consistency.

The first half drives Faults directly: repeatability, rates, validation, and that every error it
answers parses with botocore's own parser for the service's protocol to the intended code. The
second half goes through the emulator with boto3 clients, as the collection's modules meet it.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections import Counter
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.exceptions import ConnectionClosedError
from botocore.parsers import create_parser
from webstack_emulator.faults import Faults
from webstack_emulator.faults import Injected
from webstack_emulator.operations import Call

from tests.harness.emulator import CREDENTIALS
from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator

FORM = "application/x-www-form-urlencoded"
VPC = "vpc-0a1b2c3d4e5f60718"
KEY = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
ACCOUNT = "123456789012"

# service: (throttling status, throttling code, code of a 500, code of a 503)
EXPECTED = {
    "ec2": (503, "RequestLimitExceeded", "InternalError", "ServiceUnavailable"),
    "iam": (400, "Throttling", "InternalError", "ServiceUnavailable"),
    "sts": (400, "Throttling", "InternalError", "ServiceUnavailable"),
    "rds": (400, "Throttling", "InternalError", "ServiceUnavailable"),
    "kms": (400, "ThrottlingException", "InternalFailure", "ServiceUnavailable"),
    "logs": (400, "ThrottlingException", "InternalFailure", "ServiceUnavailable"),
    "cloudwatch": (400, "Throttling", "InternalFailure", "ServiceUnavailable"),  # json, query-compatible: the query code wins
    "lambda": (429, "TooManyRequestsException", "InternalFailure", "ServiceUnavailable"),
    "s3": (503, "SlowDown", "InternalError", "ServiceUnavailable"),
    "route53": (400, "Throttling", "InternalError", "ServiceUnavailable"),
}


def environ(content_type: str = FORM) -> dict[str, Any]:
    return {"PATH_INFO": "/", "QUERY_STRING": "", "CONTENT_TYPE": content_type, "REQUEST_METHOD": "POST"}


def faults(**settings: Any) -> Faults:
    handle = Faults()
    handle.configure(settings)
    return handle


def ask(handle: Faults, service: str, operation: str, body: bytes = b"", content_type: str = FORM) -> Injected | None:
    return handle.before(Call(service, operation), environ(content_type), body)


def kinds(handle: Faults, calls: list[tuple[str, str]]) -> list[str | None]:
    return [getattr(ask(handle, service, operation), "kind", None) for service, operation in calls]


def parsed(service: str, injected: Injected) -> dict[str, Any]:
    """The injected answer as botocore's parser for the service's protocol reads it."""
    protocol = botocore.session.get_session().get_service_model(service).resolved_protocol
    response = {"status_code": injected.status, "headers": {key.lower(): value for key, value in injected.headers}, "body": injected.body}
    return create_parser(protocol).parse(response, None)


def by_status(handle: Faults, service: str) -> dict[int, Injected]:
    """The first injected answer of each HTTP status over a few calls."""
    answers: dict[int, Injected] = {}
    for _attempt in range(20):
        injected = ask(handle, service, "DescribeThings")
        assert injected is not None
        answers.setdefault(injected.status, injected)
    return answers


# --- Faults on its own --------------------------------------------------------------

SEQUENCE = [("ec2", "DescribeVpcs"), ("ec2", "CreateVpc"), ("iam", "GetRole"), ("kms", "DescribeKey")] * 25


def test_the_same_seed_gives_the_same_faults() -> None:
    settings = {"seed": 11, "throttle": 0.2, "error_5xx": 0.1, "drop": 0.1}
    first = kinds(faults(**settings), SEQUENCE)
    assert first == kinds(faults(**settings), SEQUENCE)
    assert first != kinds(faults(**{**settings, "seed": 12}), SEQUENCE)
    assert {"throttle", "5xx", "drop", None} == set(first)


def test_each_operation_counts_its_own_calls() -> None:
    """Interleaving other operations (other threads) does not change the faults of an operation."""
    alone = kinds(faults(seed=3, throttle=0.5), [("ec2", "DescribeVpcs")] * 20)
    mixed = kinds(faults(seed=3, throttle=0.5), [("ec2", "DescribeVpcs"), ("ec2", "DescribeSubnets")] * 20)
    assert mixed[::2] == alone


def test_rates_are_roughly_honoured() -> None:
    handle = faults(seed=5, throttle=0.2, error_5xx=0.1, drop=0.05)
    answers = [ask(handle, "ec2", "DescribeVpcs") for _draw in range(2000)]
    counted = Counter(answer.kind if answer else None for answer in answers)
    assert 340 <= counted["throttle"] <= 460
    assert 150 <= counted["5xx"] <= 250
    assert 60 <= counted["drop"] <= 140
    statuses = Counter(answer.status for answer in answers if answer and answer.kind == "5xx")
    assert set(statuses) == {500, 503}
    assert abs(statuses[500] - statuses[503]) < 0.3 * counted["5xx"]


def test_configure_replaces_every_setting_and_restarts_the_counters() -> None:
    handle = faults(seed=9, throttle=0.5)
    first = kinds(handle, SEQUENCE)
    assert handle.configure({"seed": 9, "throttle": 0.5}) == {"seed": 9, "throttle": 0.5, "error_5xx": 0.0, "drop": 0.0, "consistency_s": 0.0}
    assert kinds(handle, SEQUENCE) == first
    assert handle.configure({"drop": 0.1})["throttle"] == 0.0


def test_reset_forgets_settings_counters_and_fresh_resources() -> None:
    handle = faults(throttle=1, consistency_s=60)
    handle.after(Call("ec2", "CreateVpc"), 200, f"<vpcId>{VPC}</vpcId>".encode())
    handle.reset()
    assert handle.settings() == {"seed": 0, "throttle": 0.0, "error_5xx": 0.0, "drop": 0.0, "consistency_s": 0.0}
    handle.configure({"consistency_s": 60})
    assert ask(handle, "ec2", "DescribeVpcs", f"Action=DescribeVpcs&VpcId.1={VPC}".encode()) is None


@pytest.mark.parametrize(
    ("settings", "error", "named"),
    [
        ({"throttel": 0.1}, ValueError, "throttel"),
        ({"throttle": 1.5}, ValueError, "throttle"),
        ({"error_5xx": -0.1}, ValueError, "error_5xx"),
        ({"drop": float("nan")}, ValueError, "drop"),
        ({"throttle": 0.6, "drop": 0.6}, ValueError, "drop"),
        ({"consistency_s": -1}, ValueError, "consistency_s"),
        ({"consistency_s": float("inf")}, ValueError, "consistency_s"),
        ({"seed": 1.5}, TypeError, "seed"),
        ({"seed": True}, TypeError, "seed"),
        ({"throttle": "0.1"}, TypeError, "throttle"),
    ],
)
def test_configure_refuses_what_it_cannot_honour(settings: dict[str, Any], error: type[Exception], named: str) -> None:
    handle = faults(seed=4, throttle=0.25)
    with pytest.raises(error, match=named):
        handle.configure(settings)
    assert handle.settings()["throttle"] == 0.25


def test_configure_needs_an_object() -> None:
    with pytest.raises(TypeError):
        Faults().configure([("throttle", 1)])  # type: ignore[arg-type]


def test_requests_of_no_known_service_are_never_faulted() -> None:
    assert ask(faults(throttle=1), "unknown", "GET /") is None


# --- the answers, as botocore reads them --------------------------------------------


@pytest.mark.parametrize("service", sorted(EXPECTED))
def test_throttling_parses_to_the_service_code(service: str) -> None:
    status, code = EXPECTED[service][:2]
    injected = ask(faults(throttle=1), service, "DescribeThings")
    assert injected is not None
    assert (injected.kind, injected.status) == ("throttle", status)
    error = parsed(service, injected)
    assert error["Error"]["Code"] == code
    assert error["ResponseMetadata"]["RequestId"]


@pytest.mark.parametrize("service", sorted(EXPECTED))
def test_server_errors_are_half_500_half_503_and_parse(service: str) -> None:
    internal, unavailable = EXPECTED[service][2:]
    answers = by_status(faults(seed=2, error_5xx=1), service)
    assert set(answers) == {500, 503}
    assert parsed(service, answers[500])["Error"]["Code"] == internal
    assert parsed(service, answers[503])["Error"]["Code"] == unavailable


def test_a_dropped_connection_has_no_answer() -> None:
    assert ask(faults(drop=1), "ec2", "DescribeVpcs") == Injected("drop", 0, [], b"")


# --- eventual consistency, on its own ------------------------------------------------

# service: (create operation, its answer, read operation, read request, content type, status, code)
NOT_FOUND = {
    "ec2 vpc": ("CreateVpc", f"<vpc><vpcId>{VPC}</vpcId></vpc>", "DescribeVpcs", f"Action=DescribeVpcs&VpcId.1={VPC}", FORM, 400, "InvalidVpcID.NotFound"),
    "ec2 subnet": (
        "CreateSubnet",
        "<subnet><subnetId>subnet-0123456789abcdef0</subnetId></subnet>",
        "DescribeSubnets",
        "Action=DescribeSubnets&SubnetId.1=subnet-0123456789abcdef0",
        FORM,
        400,
        "InvalidSubnetID.NotFound",
    ),
    "ec2 security group": (
        "CreateSecurityGroup",
        "<groupId>sg-0123456789abcdef0</groupId>",
        "DescribeSecurityGroups",
        "Action=DescribeSecurityGroups&GroupId.1=sg-0123456789abcdef0",
        FORM,
        400,
        "InvalidGroup.NotFound",
    ),
    "ec2 nat gateway": (
        "CreateNatGateway",
        "<natGatewayId>nat-0123456789abcdef0</natGatewayId>",
        "DescribeNatGateways",
        "Action=DescribeNatGateways&NatGatewayId.1=nat-0123456789abcdef0",
        FORM,
        400,
        "NatGatewayNotFound",
    ),
    "ec2 elastic ip": (
        "AllocateAddress",
        "<allocationId>eipalloc-0123456789abcdef0</allocationId>",
        "DescribeAddresses",
        "Action=DescribeAddresses&AllocationId.1=eipalloc-0123456789abcdef0",
        FORM,
        400,
        "InvalidAllocationID.NotFound",
    ),
    "iam": (
        "CreatePolicy",
        f"<Policy><Arn>arn:aws:iam::{ACCOUNT}:policy/web</Arn></Policy>",
        "GetPolicy",
        f"Action=GetPolicy&PolicyArn=arn%3Aaws%3Aiam%3A%3A{ACCOUNT}%3Apolicy%2Fweb",
        FORM,
        404,
        "NoSuchEntity",
    ),
    "kms": (
        "CreateKey",
        json.dumps({"KeyMetadata": {"KeyId": KEY, "Arn": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{KEY}"}}),
        "DescribeKey",
        json.dumps({"KeyId": KEY}),
        "application/x-amz-json-1.1",
        400,
        "NotFoundException",
    ),
    "logs": (
        "PutDestination",
        json.dumps({"destination": {"arn": f"arn:aws:logs:{REGION}:{ACCOUNT}:destination:web"}}),
        "ListTagsForResource",
        json.dumps({"resourceArn": f"arn:aws:logs:{REGION}:{ACCOUNT}:destination:web"}),
        "application/x-amz-json-1.1",
        400,
        "ResourceNotFoundException",
    ),
}


@pytest.mark.parametrize("case", sorted(NOT_FOUND))
def test_a_fresh_resource_named_by_a_read_is_not_found(case: str) -> None:
    create, answer, read, request, content_type, status, code = NOT_FOUND[case]
    service = case.split()[0]
    handle = faults(consistency_s=60)
    handle.after(Call(service, create), 200, answer.encode())
    injected = ask(handle, service, read, request.encode(), content_type)
    assert injected is not None
    assert (injected.kind, injected.status) == ("not_found", status)
    assert parsed(service, injected)["Error"]["Code"] == code


def test_a_filter_value_is_not_an_explicit_name() -> None:
    handle = faults(consistency_s=60)
    handle.after(Call("ec2", "CreateVpc"), 200, f"<vpcId>{VPC}</vpcId>".encode())
    assert ask(handle, "ec2", "DescribeVpcs", f"Action=DescribeVpcs&Filter.1.Name=vpc-id&Filter.1.Value.1={VPC}".encode()) is None


def test_mutating_calls_are_never_answered_not_found() -> None:
    handle = faults(consistency_s=60)
    handle.after(Call("ec2", "CreateVpc"), 200, f"<vpcId>{VPC}</vpcId>".encode())
    assert ask(handle, "ec2", "CreateSubnet", f"Action=CreateSubnet&VpcId={VPC}".encode()) is None


def test_ids_the_create_request_named_were_not_created_by_it() -> None:
    """CreateSubnet answers with its VPC's ID: that VPC is not new."""
    handle = faults(consistency_s=60)
    body = f"Action=CreateSubnet&VpcId={VPC}".encode()
    handle.before(Call("ec2", "CreateSubnet"), environ(), body)
    handle.after(Call("ec2", "CreateSubnet"), 200, f"<subnetId>subnet-0123456789abcdef0</subnetId><vpcId>{VPC}</vpcId>".encode())
    assert ask(handle, "ec2", "DescribeVpcs", f"Action=DescribeVpcs&VpcId.1={VPC}".encode()) is None
    assert ask(handle, "ec2", "DescribeSubnets", b"Action=DescribeSubnets&SubnetId.1=subnet-0123456789abcdef0") is not None


def test_failed_creates_teach_nothing() -> None:
    handle = faults(consistency_s=60)
    handle.after(Call("ec2", "CreateVpc"), 400, f"<vpcId>{VPC}</vpcId>".encode())
    assert ask(handle, "ec2", "DescribeVpcs", f"Action=DescribeVpcs&VpcId.1={VPC}".encode()) is None


def test_a_resource_is_found_once_consistency_s_has_passed() -> None:
    handle = faults(consistency_s=0.2)
    handle.after(Call("ec2", "CreateVpc"), 200, f"<vpcId>{VPC}</vpcId>".encode())
    time.sleep(0.25)
    assert ask(handle, "ec2", "DescribeVpcs", f"Action=DescribeVpcs&VpcId.1={VPC}".encode()) is None


# --- through the emulator, with boto3 -------------------------------------------------

# botocore's max_attempts counts retries (max_attempts 1 is two attempts); total_max_attempts counts attempts.
ONE_ATTEMPT = Config(retries={"mode": "standard", "total_max_attempts": 1})
STANDARD = Config(retries={"mode": "standard", "total_max_attempts": 10})


def client(aws: Emulator, service: str, config: Config = ONE_ATTEMPT) -> Any:
    return boto3.client(service, endpoint_url=aws.url, region_name=REGION, config=config, **CREDENTIALS)


def failure(call: Any, **kwargs: Any) -> tuple[int, str]:
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    return raised.value.response["ResponseMetadata"]["HTTPStatusCode"], raised.value.response["Error"]["Code"]


def control(aws: Emulator, method: str, payload: Any = None) -> tuple[int, dict[str, Any]]:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(f"{aws.url}/_webstack/faults", data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_throttling_through_the_emulator(aws: Emulator) -> None:
    aws.faults(throttle=1)
    assert failure(client(aws, "ec2").describe_vpcs) == (503, "RequestLimitExceeded")
    assert failure(client(aws, "iam").list_roles) == (400, "Throttling")
    assert failure(client(aws, "kms").list_keys) == (400, "ThrottlingException")
    assert failure(client(aws, "logs").describe_log_groups) == (400, "ThrottlingException")
    assert failure(client(aws, "s3").list_buckets) == (503, "SlowDown")
    assert aws.calls().faults == [
        "throttle ec2:DescribeVpcs",
        "throttle iam:ListRoles",
        "throttle kms:ListKeys",
        "throttle logs:DescribeLogGroups",
        "throttle s3:ListBuckets",
    ]


def test_server_errors_through_the_emulator(aws: Emulator) -> None:
    aws.faults(seed=2, error_5xx=1)
    answers = {failure(client(aws, "kms").list_keys) for _try in range(8)}
    assert answers == {(500, "InternalFailure"), (503, "ServiceUnavailable")}


def test_a_dropped_connection_fails_one_attempt(aws: Emulator) -> None:
    aws.faults(drop=1)
    with pytest.raises(ConnectionClosedError):
        client(aws, "ec2").describe_vpcs()
    assert [(c["operation"], c["status"], c["fault"]) for c in aws.calls().calls] == [("DescribeVpcs", 0, "drop")]


def test_standard_retries_get_through_a_dropped_connection(aws: Emulator) -> None:
    aws.faults(seed=0, drop=0.5)  # seed 0 drops the first DescribeVpcs, not the second
    assert client(aws, "ec2", STANDARD).describe_vpcs()["Vpcs"]
    assert aws.calls().faults == ["drop ec2:DescribeVpcs"]


def test_standard_retries_converge_through_throttling(aws: Emulator) -> None:
    aws.faults(seed=7, throttle=0.3)
    ec2 = client(aws, "ec2", STANDARD)
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.30.{n}.0/24")["Subnet"]["SubnetId"] for n in range(4)]
    assert {s["SubnetId"] for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]} == set(subnets)
    log = aws.calls()
    assert log.faults and all(fault.startswith("throttle ") for fault in log.faults)
    assert log.count("CreateSubnet") == 4 + sum(1 for fault in log.faults if fault.endswith("CreateSubnet"))


def test_a_new_vpc_is_not_found_by_id_until_consistency_s(aws: Emulator) -> None:
    aws.faults(consistency_s=0.5)
    ec2 = client(aws, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.31.0.0/16")["Vpc"]["VpcId"]
    assert failure(ec2.describe_vpcs, VpcIds=[vpc]) == (400, "InvalidVpcID.NotFound")
    assert [v["VpcId"] for v in ec2.describe_vpcs(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Vpcs"]] == [vpc]
    time.sleep(0.5)
    assert [v["VpcId"] for v in ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"]] == [vpc]
    assert aws.calls().faults == ["not_found ec2:DescribeVpcs"]


def test_a_new_kms_key_is_not_found_until_consistency_s(aws: Emulator) -> None:
    aws.faults(consistency_s=0.5)
    kms = client(aws, "kms")
    key = kms.create_key()["KeyMetadata"]
    assert failure(kms.describe_key, KeyId=key["KeyId"]) == (400, "NotFoundException")
    assert failure(kms.describe_key, KeyId=key["Arn"]) == (400, "NotFoundException")
    time.sleep(0.5)
    assert kms.describe_key(KeyId=key["Arn"])["KeyMetadata"]["KeyId"] == key["KeyId"]


def test_the_faults_endpoint_replaces_and_reports_the_settings(aws: Emulator) -> None:
    assert control(aws, "POST", {"seed": 3, "drop": 0.25}) == (200, {"seed": 3, "throttle": 0.0, "error_5xx": 0.0, "drop": 0.25, "consistency_s": 0.0})
    assert control(aws, "GET") == (200, {"seed": 3, "throttle": 0.0, "error_5xx": 0.0, "drop": 0.25, "consistency_s": 0.0})
    status, answer = control(aws, "POST", {"throttle": 2})
    assert status == 400
    assert "throttle" in answer["error"]
    aws.reset()
    assert control(aws, "GET")[1]["drop"] == 0.0
