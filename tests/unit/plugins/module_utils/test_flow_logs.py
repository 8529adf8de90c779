"""The pure rules behind ec2_vpc_flow_log: validation, identity, what differs, what to send."""

from __future__ import annotations

import datetime
from typing import Any

import botocore.session
import pytest
from ansible_collections.webstack.aws.plugins.module_utils import flow_logs as fl
from botocore.validate import ParamValidator

ROLE = "arn:aws:iam::123456789012:role/flow-logs"
BUCKET = "arn:aws:s3:::webstack-logs/flow-logs/"
DEFAULT_FORMAT = "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${action} ${log-status}"


def params(**overrides: Any) -> dict[str, Any]:
    """Module params as AnsibleModule hands them over (every option present, defaults applied)."""
    base = {
        "resource_id": "vpc-0123456789abcdef0",
        "resource_type": "VPC",
        "traffic_type": "ALL",
        "log_destination_type": "cloud-watch-logs",
        "log_group_name": "/webstack/flow-logs",
        "deliver_logs_permission_arn": ROLE,
        "log_destination": None,
        "log_format": None,
        "max_aggregation_interval": 600,
        "tags": None,
        "purge_tags": True,
        "state": "present",
        "wait": True,
        "wait_timeout": 300,
    }
    base.update(overrides)
    return base


def s3_params(**overrides: Any) -> dict[str, Any]:
    s3 = {"log_destination_type": "s3", "log_group_name": None, "deliver_logs_permission_arn": None, "log_destination": BUCKET}
    return params(**{**s3, **overrides})


def existing(**overrides: Any) -> dict[str, Any]:
    """A normalised DescribeFlowLogs item for the flow log params() asks for."""
    base = {
        "flow_log_id": "fl-0aaaaaaaaaaaaaaaa",
        "resource_id": "vpc-0123456789abcdef0",
        "traffic_type": "ALL",
        "log_destination_type": "cloud-watch-logs",
        "log_group_name": "/webstack/flow-logs",
        "log_destination": "arn:aws:logs:eu-west-1:123456789012:log-group:/webstack/flow-logs",
        "deliver_logs_permission_arn": ROLE,
        "log_format": DEFAULT_FORMAT,
        "max_aggregation_interval": 600,
        "flow_log_status": "ACTIVE",
        "creation_time": "2025-01-01T00:00:00+00:00",
        "tags": {"Name": "flow"},
    }
    base.update(overrides)
    return base


# validate_params


@pytest.mark.parametrize(
    "options",
    [
        params(),
        s3_params(),
        s3_params(log_destination="arn:aws:s3:::webstack-logs"),
        params(deliver_logs_permission_arn="arn:aws-us-gov:iam::123456789012:role/path/flow-logs"),
        params(resource_type="Subnet", resource_id="subnet-0123"),
        params(resource_type="NetworkInterface", resource_id="eni-0123"),
        params(log_format="${version} ${srcaddr} ${dstaddr} ${tcp-flags}"),
        params(state="absent", deliver_logs_permission_arn=None),
    ],
    ids=["cloud-watch-logs", "s3-prefix", "s3-bucket", "gov-partition-role", "subnet", "eni", "custom-format", "absent-without-role"],
)
def test_valid_options_pass(options: dict[str, Any]) -> None:
    assert fl.validate_params(options) == []


@pytest.mark.parametrize(
    ("options", "option_named"),
    [
        (params(log_group_name=None), "log_group_name is required when log_destination_type=cloud-watch-logs"),
        (params(log_group_name="bad name!"), "log_group_name 'bad name!'"),
        (params(deliver_logs_permission_arn=None), "deliver_logs_permission_arn is required"),
        (params(deliver_logs_permission_arn="flow-logs-role"), "deliver_logs_permission_arn 'flow-logs-role' is not an IAM role ARN"),
        (params(log_destination=BUCKET), "log_destination is only for log_destination_type=s3"),
        (s3_params(log_destination=None), "log_destination is required when log_destination_type=s3"),
        (s3_params(log_destination="webstack-logs"), "log_destination 'webstack-logs' is not an S3 bucket ARN"),
        (s3_params(log_destination="arn:aws:s3:eu-west-1:123456789012:webstack-logs"), "is not an S3 bucket ARN"),
        (s3_params(log_destination="arn:aws:logs:eu-west-1:123456789012:log-group:x"), "is not an S3 bucket ARN"),
        (s3_params(log_group_name="/webstack/flow-logs"), "log_group_name is only for log_destination_type=cloud-watch-logs"),
        (s3_params(deliver_logs_permission_arn=ROLE), "deliver_logs_permission_arn is not supported with log_destination_type=s3"),
        (params(resource_id="subnet-0123"), "resource_id 'subnet-0123' is not a VPC id"),
        (params(resource_type="NetworkInterface"), "must start with 'eni-'"),
        (params(log_format="version srcaddr"), "log_format 'version srcaddr' is not a flow log format"),
        (params(log_format="${version}  ${srcaddr}"), "log_format"),
        (params(wait_timeout=0), "wait_timeout 0"),
    ],
)
def test_bad_options_fail_naming_the_option(options: dict[str, Any], option_named: str) -> None:
    errors = fl.validate_params(options)
    assert len(errors) == 1, errors
    assert option_named in errors[0]


def test_every_problem_is_reported_at_once() -> None:
    errors = fl.validate_params(s3_params(log_destination=None, log_group_name="g", resource_id="eni-1"))
    assert [e.split(" ", 1)[0] for e in errors] == ["resource_id", "log_destination", "log_group_name"]


# build_desired


def test_desired_keeps_only_the_destination_of_its_type() -> None:
    desired = fl.build_desired(params(log_destination=BUCKET))
    assert desired["log_group_name"] == "/webstack/flow-logs"
    assert desired["log_destination"] is None
    s3 = fl.build_desired(s3_params())
    assert (s3["log_destination"], s3["log_group_name"], s3["deliver_logs_permission_arn"]) == (BUCKET, None, None)


# normalize_flow_log


def test_normalize_snake_cases_and_turns_tags_into_a_dict() -> None:
    created = datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    item = {
        "FlowLogId": "fl-1",
        "ResourceId": "vpc-1",
        "TrafficType": "REJECT",
        "LogDestinationType": "s3",
        "LogDestination": BUCKET,
        "MaxAggregationInterval": 60,
        "CreationTime": created,
        "DestinationOptions": {"FileFormat": "parquet", "HiveCompatiblePartitions": True, "PerHourPartition": False},
        "Tags": [{"Key": "webstack:stack", "Value": "web"}, {"Key": "CamelKey", "Value": "v"}],
    }
    normalized = fl.normalize_flow_log(item)
    assert normalized["flow_log_id"] == "fl-1"
    assert normalized["max_aggregation_interval"] == 60
    assert normalized["creation_time"] == "2025-01-02T03:04:05+00:00"
    assert normalized["destination_options"] == {"file_format": "parquet", "hive_compatible_partitions": True, "per_hour_partition": False}
    assert normalized["tags"] == {"webstack:stack": "web", "CamelKey": "v"}


def test_normalize_without_tags_gives_an_empty_dict() -> None:
    assert fl.normalize_flow_log({"FlowLogId": "fl-1"})["tags"] == {}


# identity


def test_destination_is_the_log_group_name_or_the_s3_arn() -> None:
    assert fl.flow_log_destination(existing()) == "/webstack/flow-logs"
    assert fl.flow_log_destination(existing(log_group_name=None)) == "/webstack/flow-logs"  # from the log group ARN
    assert fl.flow_log_destination(existing(log_group_name=None, log_destination=None)) is None
    assert fl.flow_log_destination({"log_destination_type": "s3", "log_destination": BUCKET}) == BUCKET


def test_same_flow_log_needs_resource_destination_type_destination_and_traffic_type() -> None:
    desired = fl.build_desired(params())
    assert fl.is_same_flow_log(existing(), desired)
    assert fl.is_same_flow_log(existing(log_format="${srcaddr}", max_aggregation_interval=60, tags={}), desired)
    assert not fl.is_same_flow_log(existing(resource_id="vpc-other"), desired)
    assert not fl.is_same_flow_log(existing(traffic_type="REJECT"), desired)
    assert not fl.is_same_flow_log(existing(log_group_name="/other"), desired)
    assert not fl.is_same_flow_log(existing(log_destination_type="s3", log_destination=BUCKET), desired)


def test_s3_identity_compares_the_arn_with_its_prefix() -> None:
    desired = fl.build_desired(s3_params())
    current = existing(log_destination_type="s3", log_group_name=None, log_destination=BUCKET, deliver_logs_permission_arn=None)
    assert fl.is_same_flow_log(current, desired)
    assert not fl.is_same_flow_log(dict(current, log_destination="arn:aws:s3:::webstack-logs"), desired)


def test_matching_prefers_a_flow_log_that_needs_no_replacement_then_the_oldest() -> None:
    desired = fl.build_desired(params(log_format=DEFAULT_FORMAT))
    stale = existing(flow_log_id="fl-stale", log_format="${srcaddr}", creation_time="2024-01-01T00:00:00+00:00")
    newer = existing(flow_log_id="fl-newer", creation_time="2025-06-01T00:00:00+00:00")
    older = existing(flow_log_id="fl-older", creation_time="2025-01-01T00:00:00+00:00")
    other = existing(flow_log_id="fl-other", traffic_type="ACCEPT")
    assert [m["flow_log_id"] for m in fl.matching_flow_logs([stale, newer, other, older], desired)] == ["fl-older", "fl-newer", "fl-stale"]


# what differs


def test_nothing_immutable_differs_when_unset_options_are_left_alone() -> None:
    assert fl.immutable_changes(existing(log_format="${srcaddr}"), fl.build_desired(params())) == {}


@pytest.mark.parametrize(
    ("option", "value", "before"),
    [
        ("log_format", "${version} ${srcaddr}", DEFAULT_FORMAT),
        ("max_aggregation_interval", 60, 600),
        ("deliver_logs_permission_arn", "arn:aws:iam::123456789012:role/other", ROLE),
    ],
)
def test_immutable_change_is_reported_with_before_and_after(option: str, value: Any, before: Any) -> None:
    changes = fl.immutable_changes(existing(), fl.build_desired(params(**{option: value})))
    assert changes == {option: {"before": before, "after": value}}


@pytest.mark.parametrize(
    ("tags", "purge", "expected"),
    [
        (None, True, {"a": "1", "aws:cloudformation:stack-name": "s"}),
        ({"a": "1", "aws:cloudformation:stack-name": "s"}, True, {"a": "1", "aws:cloudformation:stack-name": "s"}),
        ({"b": "2"}, True, {"b": "2", "aws:cloudformation:stack-name": "s"}),
        ({"b": "2"}, False, {"a": "1", "b": "2", "aws:cloudformation:stack-name": "s"}),
        ({"a": "changed"}, False, {"a": "changed", "aws:cloudformation:stack-name": "s"}),
        ({}, True, {"aws:cloudformation:stack-name": "s"}),
    ],
    ids=["unmanaged", "same", "purge", "merge", "update", "purge-all"],
)
def test_tags_after(tags: dict[str, str] | None, purge: bool, expected: dict[str, str]) -> None:
    assert fl.tags_after({"a": "1", "aws:cloudformation:stack-name": "s"}, tags, purge) == expected


def test_prediction_for_an_unchanged_flow_log_is_its_view() -> None:
    current = existing()
    assert fl.predicted_flow_log(current, fl.build_desired(params()), purge_tags=True) == fl.flow_log_view(current)


def test_prediction_for_a_new_flow_log_has_no_id_and_the_desired_settings() -> None:
    after = fl.predicted_flow_log(None, fl.build_desired(params(tags={"a": "1"})), purge_tags=True)
    assert after == {
        "resource_id": "vpc-0123456789abcdef0",
        "traffic_type": "ALL",
        "log_destination_type": "cloud-watch-logs",
        "log_group_name": "/webstack/flow-logs",
        "deliver_logs_permission_arn": ROLE,
        "max_aggregation_interval": 600,
        "tags": {"a": "1"},
    }


def test_prediction_for_a_replacement_keeps_unmanaged_settings_and_drops_the_id() -> None:
    current = existing(log_format="${srcaddr} ${dstaddr}")
    after = fl.predicted_flow_log(current, fl.build_desired(params(max_aggregation_interval=60)), purge_tags=True)
    assert "flow_log_id" not in after
    assert after["max_aggregation_interval"] == 60
    assert after["log_format"] == "${srcaddr} ${dstaddr}"
    assert after["tags"] == {"Name": "flow"}


def test_view_leaves_out_unset_and_unmanaged_fields() -> None:
    assert fl.flow_log_view(None) == {}
    view = fl.flow_log_view(existing(log_destination=None, deliver_logs_status="SUCCESS"))
    assert "log_destination" not in view and "deliver_logs_status" not in view and "creation_time" not in view


# what to send


def _request_errors(request: dict[str, Any]) -> str:
    shape = botocore.session.get_session().get_service_model("ec2").operation_model("CreateFlowLogs").input_shape
    report = ParamValidator().validate(request, shape)
    return report.generate_report() if report.has_errors() else ""


def test_create_params_for_cloud_watch_logs_follow_the_api_model() -> None:
    after = fl.predicted_flow_log(None, fl.build_desired(params(log_format="${srcaddr}", tags={"a": "1"})), purge_tags=True)
    request = fl.build_create_params(after, "VPC")
    assert request == {
        "ResourceIds": ["vpc-0123456789abcdef0"],
        "ResourceType": "VPC",
        "TrafficType": "ALL",
        "LogDestinationType": "cloud-watch-logs",
        "LogGroupName": "/webstack/flow-logs",
        "DeliverLogsPermissionArn": ROLE,
        "LogFormat": "${srcaddr}",
        "MaxAggregationInterval": 600,
        "TagSpecifications": [{"ResourceType": "vpc-flow-log", "Tags": [{"Key": "a", "Value": "1"}]}],
    }
    assert _request_errors(dict(request, ClientToken=fl.client_token(request))) == ""


def test_create_params_for_s3_send_only_the_destination_arn() -> None:
    after = fl.predicted_flow_log(None, fl.build_desired(s3_params()), purge_tags=True)
    request = fl.build_create_params(after, "Subnet")
    assert request["LogDestination"] == BUCKET
    assert request["ResourceType"] == "Subnet"
    assert not {"LogGroupName", "DeliverLogsPermissionArn", "LogFormat", "TagSpecifications"} & set(request)
    assert _request_errors(request) == ""


def test_replacement_of_a_cloud_watch_flow_log_sends_the_group_name_not_its_arn() -> None:
    after = fl.predicted_flow_log(existing(), fl.build_desired(params(max_aggregation_interval=60)), purge_tags=True)
    request = fl.build_create_params(after, "VPC")
    assert request["LogGroupName"] == "/webstack/flow-logs"
    assert "LogDestination" not in request
    assert request["TagSpecifications"][0]["Tags"] == [{"Key": "Name", "Value": "flow"}]


def test_client_token_is_a_deterministic_hash_of_the_request() -> None:
    request = fl.build_create_params(fl.predicted_flow_log(None, fl.build_desired(params()), True), "VPC")
    token = fl.client_token(request)
    assert len(token) == 64 and token.isascii()
    assert token == fl.client_token(dict(reversed(list(request.items()))))
    assert token == fl.client_token(dict(request, ClientToken="ignored"))
    assert token != fl.client_token(dict(request, TrafficType="REJECT"))
    assert token != fl.client_token(dict(request, TagSpecifications=[{"ResourceType": "vpc-flow-log", "Tags": [{"Key": "a", "Value": "1"}]}]))
    assert token != fl.client_token(request, salt="fl-0aaaaaaaaaaaaaaaa")


# describe_flow_logs


class PagingClient:
    def __init__(self, pages: list[dict[str, Any]]) -> None:
        self.pages = pages
        self.calls: list[dict[str, Any]] = []

    def describe_flow_logs(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(kwargs)
        return self.pages[len(self.calls) - 1]


def test_describe_follows_next_token_with_retries_on_every_page() -> None:
    client = PagingClient([{"FlowLogs": [{"FlowLogId": "fl-1"}], "NextToken": "t1"}, {"FlowLogs": [{"FlowLogId": "fl-2", "Tags": []}]}])
    found = fl.describe_flow_logs(client, Filter=[{"Name": "resource-id", "Values": ["vpc-1"]}])
    assert [f["flow_log_id"] for f in found] == ["fl-1", "fl-2"]
    assert all(call["aws_retry"] is True for call in client.calls)
    assert "NextToken" not in client.calls[0]
    assert client.calls[1]["NextToken"] == "t1"
    assert client.calls[1]["Filter"] == [{"Name": "resource-id", "Values": ["vpc-1"]}]
