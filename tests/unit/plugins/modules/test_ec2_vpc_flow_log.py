"""ec2_vpc_flow_log and ec2_vpc_flow_log_info, run end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.module_utils import flow_logs
from ansible_collections.webstack.aws.plugins.modules import ec2_vpc_flow_log
from ansible_collections.webstack.aws.plugins.modules import ec2_vpc_flow_log_info

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

ROLE = "arn:aws:iam::123456789012:role/webstack-flow-logs"
GROUP = "/webstack/test/flow-logs"
BUCKET = "webstack-test-flow-logs"
FORMAT = "${version} ${interface-id} ${srcaddr} ${dstaddr} ${action}"


@dataclass
class World:
    aws: Emulator
    vpc_id: str

    def subnet(self) -> str:
        """A subnet of the VPC, made on demand (moto takes a second over each)."""
        return self.aws.client("ec2").create_subnet(VpcId=self.vpc_id, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]

    def flow_log(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(ec2_vpc_flow_log.main, self.aws, args, check_mode)

    def info(self, args: dict[str, Any]) -> Result:
        return run(ec2_vpc_flow_log_info.main, self.aws, args)

    def flow_logs(self, **filters: str) -> list[dict[str, Any]]:
        wanted = [{"Name": name.replace("_", "-"), "Values": [value]} for name, value in filters.items()]
        return self.aws.client("ec2").describe_flow_logs(Filter=wanted)["FlowLogs"]

    def cwl(self, **overrides: Any) -> dict[str, Any]:
        return {"resource_id": self.vpc_id, "log_group_name": GROUP, "deliver_logs_permission_arn": ROLE, **overrides}

    def s3(self, **overrides: Any) -> dict[str, Any]:
        return {"resource_id": self.vpc_id, "log_destination_type": "s3", "log_destination": f"arn:aws:s3:::{BUCKET}", **overrides}


@pytest.fixture
def world(aws: Emulator) -> World:
    """A VPC and a bucket; the call log starts empty. (EC2 does not need the log group to exist.)"""
    vpc_id = aws.client("ec2").create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    aws.client("s3").create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    aws.clear_calls()
    return World(aws, vpc_id)


def tags_of(flow_log: dict[str, Any]) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in flow_log.get("Tags", [])}


# Create


def test_create_publishes_to_cloud_watch_logs_with_tags(world: World) -> None:
    world.aws.client("logs").create_log_group(logGroupName=GROUP)
    world.aws.clear_calls()

    run_ = world.flow_log(world.cwl(max_aggregation_interval=60, tags={"webstack:stack": "test", "ManagedBy": "ansible"}))

    assert not run_.failed, run_.out
    assert run_.changed
    [flow_log] = world.flow_logs(resource_id=world.vpc_id)
    assert flow_log["FlowLogId"] == run_.out["flow_log"]["flow_log_id"]
    assert flow_log["FlowLogStatus"] == "ACTIVE"
    assert flow_log["DeliverLogsStatus"] == "SUCCESS"
    assert flow_log["TrafficType"] == "ALL"
    assert flow_log["LogDestinationType"] == "cloud-watch-logs"
    assert flow_log["LogGroupName"] == GROUP
    assert flow_log["DeliverLogsPermissionArn"] == ROLE
    assert flow_log["MaxAggregationInterval"] == 60
    assert tags_of(flow_log) == {"webstack:stack": "test", "ManagedBy": "ansible"}
    assert run_.out["flow_log"]["tags"] == {"webstack:stack": "test", "ManagedBy": "ansible"}
    assert run_.out["diff"]["before"] == {}
    assert run_.out["diff"]["after"]["flow_log_id"] == flow_log["FlowLogId"]
    assert world.aws.calls().count("CreateFlowLogs") == 1


def test_create_sends_a_deterministic_client_token(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []
    real = ec2_vpc_flow_log.FlowLogManager._create_call

    def spy(self: Any, params: dict[str, Any], token: str) -> str:
        sent.append(token)
        return real(self, params, token)

    monkeypatch.setattr(ec2_vpc_flow_log.FlowLogManager, "_create_call", spy)
    assert not world.flow_log(world.cwl()).failed
    world.flow_log(world.cwl(state="absent"))
    assert not world.flow_log(world.cwl()).failed

    assert len(sent) == 2 and len(sent[0]) == 64
    assert sent[0] == sent[1]


def test_create_publishes_a_subnet_to_s3_under_a_prefix(world: World) -> None:
    destination = f"arn:aws:s3:::{BUCKET}/flow-logs/"
    subnet_id = world.subnet()
    run_ = world.flow_log(world.s3(resource_id=subnet_id, resource_type="Subnet", traffic_type="REJECT", log_destination=destination))

    assert not run_.failed, run_.out
    [flow_log] = world.flow_logs(resource_id=subnet_id)
    assert (flow_log["LogDestinationType"], flow_log["LogDestination"], flow_log["TrafficType"]) == ("s3", destination, "REJECT")


def test_create_publishes_to_an_s3_bucket(world: World) -> None:
    run_ = world.flow_log(world.s3(log_format=FORMAT))

    assert not run_.failed, run_.out
    [flow_log] = world.flow_logs(resource_id=world.vpc_id)
    assert (flow_log["LogDestination"], flow_log["LogFormat"], flow_log.get("LogGroupName")) == (f"arn:aws:s3:::{BUCKET}", FORMAT, None)


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = world.cwl(log_format=FORMAT, tags={"webstack:stack": "test"})
    first = world.flow_log(args)
    world.aws.clear_calls()

    again = world.flow_log(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["flow_log"]["flow_log_id"] == first.out["flow_log"]["flow_log_id"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    run_ = world.flow_log(world.cwl(tags={"a": "1"}), check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.flow_logs() == []
    assert world.aws.calls().mutating == []
    assert run_.out["diff"]["after"]["log_group_name"] == GROUP
    assert run_.out["diff"]["after"]["tags"] == {"a": "1"}


def test_check_mode_on_a_converged_flow_log_reports_no_change(world: World) -> None:
    world.flow_log(world.cwl(tags={"a": "1"}))
    world.aws.clear_calls()

    run_ = world.flow_log(world.cwl(tags={"a": "1"}), check_mode=True)

    assert not run_.changed
    assert world.aws.calls().mutating == []


# Tags change in place


def test_tags_change_in_place(world: World) -> None:
    created = world.flow_log(world.cwl(tags={"keep": "1", "drop": "2"}))
    world.aws.clear_calls()

    run_ = world.flow_log(world.cwl(tags={"keep": "1", "add": "3"}))

    assert run_.changed
    [flow_log] = world.flow_logs(resource_id=world.vpc_id)
    assert flow_log["FlowLogId"] == created.out["flow_log"]["flow_log_id"]
    assert tags_of(flow_log) == {"keep": "1", "add": "3"}
    assert run_.out["flow_log"]["tags"] == {"keep": "1", "add": "3"}
    assert run_.out["diff"]["before"]["tags"] == {"keep": "1", "drop": "2"}
    assert world.aws.calls().mutating == ["ec2:DeleteTags", "ec2:CreateTags"]


def test_tags_without_purge_are_added(world: World) -> None:
    world.flow_log(world.cwl(tags={"keep": "1"}))

    world.flow_log(world.cwl(tags={"add": "3"}, purge_tags=False))

    assert tags_of(world.flow_logs()[0]) == {"keep": "1", "add": "3"}


def test_check_mode_tag_change_changes_nothing(world: World) -> None:
    world.flow_log(world.cwl(tags={"a": "1"}))
    world.aws.clear_calls()

    run_ = world.flow_log(world.cwl(tags={"a": "2"}), check_mode=True)

    assert run_.changed
    assert run_.out["diff"]["after"]["tags"] == {"a": "2"}
    assert world.aws.calls().mutating == []
    assert tags_of(world.flow_logs()[0]) == {"a": "1"}


# Immutable settings replace


@pytest.mark.parametrize(
    ("option", "value", "field"),
    [
        ("log_format", FORMAT, "LogFormat"),
        ("max_aggregation_interval", 60, "MaxAggregationInterval"),
        ("deliver_logs_permission_arn", "arn:aws:iam::123456789012:role/other", "DeliverLogsPermissionArn"),
    ],
)
def test_immutable_change_replaces_the_flow_log(world: World, option: str, value: Any, field: str) -> None:
    old = world.flow_log(world.cwl(tags={"webstack:stack": "test"})).out["flow_log"]

    run_ = world.flow_log(world.cwl(**{option: value}))

    assert not run_.failed, run_.out
    assert run_.changed
    [flow_log] = world.flow_logs(resource_id=world.vpc_id)
    assert flow_log["FlowLogId"] != old["flow_log_id"]
    assert flow_log[field] == value
    assert tags_of(flow_log) == {"webstack:stack": "test"}  # unmanaged tags carry over
    assert run_.out["diff"]["before"][option] == old[option]
    assert run_.out["diff"]["after"][option] == value
    assert run_.out["diff"]["after"]["flow_log_id"] == flow_log["FlowLogId"]


def test_check_mode_replacement_changes_nothing(world: World) -> None:
    old = world.flow_log(world.cwl()).out["flow_log"]
    world.aws.clear_calls()

    run_ = world.flow_log(world.cwl(log_format=FORMAT), check_mode=True)

    assert run_.changed
    assert run_.out["diff"]["after"]["log_format"] == FORMAT
    assert "flow_log_id" not in run_.out["diff"]["after"]
    assert world.aws.calls().mutating == []
    assert [f["FlowLogId"] for f in world.flow_logs()] == [old["flow_log_id"]]


def test_replacement_is_idempotent(world: World) -> None:
    world.flow_log(world.cwl())
    world.flow_log(world.cwl(log_format=FORMAT))
    world.aws.clear_calls()

    again = world.flow_log(world.cwl(log_format=FORMAT))

    assert not again.changed
    assert world.aws.calls().mutating == []


# Identity


def test_another_destination_is_another_flow_log(world: World) -> None:
    cwl = world.flow_log(world.cwl()).out["flow_log"]

    s3 = world.flow_log(world.s3())

    assert s3.changed
    ids = sorted(f["FlowLogId"] for f in world.flow_logs(resource_id=world.vpc_id))
    assert ids == sorted([cwl["flow_log_id"], s3.out["flow_log"]["flow_log_id"]])


def test_another_traffic_type_is_another_flow_log(world: World) -> None:
    all_traffic = world.flow_log(world.cwl()).out["flow_log"]

    rejected = world.flow_log(world.cwl(traffic_type="REJECT"))

    assert not rejected.failed, rejected.out
    assert rejected.changed
    by_type = {f["TrafficType"]: f["FlowLogId"] for f in world.flow_logs(resource_id=world.vpc_id)}
    assert by_type == {"ALL": all_traffic["flow_log_id"], "REJECT": rejected.out["flow_log"]["flow_log_id"]}


# Absent


def test_absent_deletes_the_flow_log(world: World) -> None:
    created = world.flow_log(world.cwl()).out["flow_log"]

    run_ = world.flow_log(world.cwl(state="absent"))

    assert not run_.failed, run_.out
    assert run_.changed
    assert run_.out["deleted_flow_log_ids"] == [created["flow_log_id"]]
    assert world.flow_logs() == []
    assert run_.out["diff"] == {"before": flow_logs.flow_log_view(created), "after": {}}


def test_absent_leaves_other_flow_logs_alone(world: World) -> None:
    world.flow_log(world.cwl())
    s3 = world.flow_log(world.s3()).out["flow_log"]

    world.flow_log(world.cwl(state="absent"))

    assert [f["FlowLogId"] for f in world.flow_logs()] == [s3["flow_log_id"]]


def test_absent_twice_changes_nothing(world: World) -> None:
    world.flow_log(world.cwl())
    world.flow_log(world.cwl(state="absent"))
    world.aws.clear_calls()

    run_ = world.flow_log(world.cwl(state="absent"))

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.flow_log(world.cwl())
    world.aws.clear_calls()

    run_ = world.flow_log(world.cwl(state="absent"), check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert len(world.flow_logs()) == 1


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"log_group_name": None}, "log_group_name"),
        ({"deliver_logs_permission_arn": None}, "deliver_logs_permission_arn"),
        ({"log_destination_type": "s3", "log_group_name": None, "deliver_logs_permission_arn": None, "log_destination": "my-bucket"}, "log_destination"),
        ({"log_destination_type": "s3", "log_destination": "arn:aws:s3:::my-bucket"}, "log_group_name"),
        ({"resource_type": "Subnet"}, "resource_id"),
        ({"log_format": "srcaddr dstaddr"}, "log_format"),
        ({"max_aggregation_interval": 300}, "max_aggregation_interval"),
        ({"traffic_type": "SOME"}, "traffic_type"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.flow_log({k: v for k, v in world.cwl(**args).items() if v is not None})

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []
    assert world.flow_logs() == []


def test_aws_refusal_is_reported_not_raised(world: World) -> None:
    run_ = world.flow_log(world.cwl(resource_id="vpc-0000000000000dead"))

    assert run_.failed
    assert "vpc-0000000000000dead" in run_.out["msg"]
    assert world.flow_logs() == []


# Creation details a fake EC2 can show: a spent client token, waiting for ACTIVE


class FakeModule:
    check_mode = False

    def __init__(self) -> None:
        self.params = {
            "resource_id": "vpc-1",
            "resource_type": "VPC",
            "traffic_type": "ALL",
            "log_destination_type": "cloud-watch-logs",
            "log_group_name": GROUP,
            "deliver_logs_permission_arn": ROLE,
            "log_destination": None,
            "log_format": None,
            "max_aggregation_interval": 600,
            "tags": None,
            "purge_tags": True,
            "state": "present",
            "wait": True,
            "wait_timeout": 30,
        }

    def fail_json(self, **kwargs: Any) -> None:
        raise AssertionError(kwargs["msg"])

    fail_json_aws = fail_json


class TokenRememberingClient:
    """EC2 as documented for client tokens: a token seen before gets its first answer again, even once that flow log is deleted."""

    def __init__(self, spent: dict[str, str] | None = None, active_after: int = 0) -> None:
        self.tokens = dict(spent or {})
        self.live: dict[str, dict[str, Any]] = {}
        self.active_after = active_after  # DescribeFlowLogs answers before a new flow log shows ACTIVE
        self.describes = 0

    def create_flow_logs(self, aws_retry: bool, ClientToken: str, **params: Any) -> dict[str, Any]:
        assert aws_retry
        if ClientToken not in self.tokens:
            flow_log_id = f"fl-new{len(self.live) + 1}"
            self.tokens[ClientToken] = flow_log_id
            self.live[flow_log_id] = {"FlowLogId": flow_log_id, "FlowLogStatus": "ACTIVE", "ResourceId": params["ResourceIds"][0]}
        return {"FlowLogIds": [self.tokens[ClientToken]], "Unsuccessful": []}

    def describe_flow_logs(self, aws_retry: bool, Filter: list[dict[str, Any]]) -> dict[str, Any]:
        assert aws_retry
        self.describes += 1
        status = "ACTIVE" if self.describes > self.active_after else ""
        return {"FlowLogs": [dict(self.live[fid], FlowLogStatus=status) for fid in Filter[0]["Values"] if fid in self.live]}


def manager_for(client: TokenRememberingClient, **params: Any) -> ec2_vpc_flow_log.FlowLogManager:
    module = FakeModule()
    module.params.update(params)
    ticks = iter(range(0, 10_000, ec2_vpc_flow_log.POLL_DELAY))
    return ec2_vpc_flow_log.FlowLogManager(module, client, sleep=lambda _seconds: None, clock=lambda: next(ticks))


def new_flow_log(module_params: dict[str, Any]) -> dict[str, Any]:
    return flow_logs.predicted_flow_log(None, flow_logs.build_desired(module_params), purge_tags=True)


def test_a_spent_client_token_is_replaced_by_a_fresh_one() -> None:
    after = new_flow_log(FakeModule().params)
    spent_token = flow_logs.client_token(flow_logs.build_create_params(after, "VPC"))
    client = TokenRememberingClient(spent={spent_token: "fl-deleted"})

    flow_log = manager_for(client).create(after)

    assert flow_log["flow_log_id"] == "fl-new1"
    assert list(client.live) == ["fl-new1"]


def test_create_waits_until_the_flow_log_is_active() -> None:
    client = TokenRememberingClient(active_after=3)

    flow_log = manager_for(client).create(new_flow_log(FakeModule().params))

    assert flow_log["flow_log_status"] == "ACTIVE"
    assert client.describes == 4


def test_create_without_wait_returns_once_the_flow_log_is_visible() -> None:
    client = TokenRememberingClient(active_after=3)

    flow_log = manager_for(client, wait=False).create(new_flow_log(FakeModule().params))

    assert flow_log["flow_log_status"] == ""
    assert client.describes == 1


def test_create_times_out_naming_the_flow_log() -> None:
    client = TokenRememberingClient(active_after=10_000)

    with pytest.raises(AssertionError, match="Timed out after 30s waiting for flow log fl-new1 to become ACTIVE"):
        manager_for(client).create(new_flow_log(FakeModule().params))


# ec2_vpc_flow_log_info


def test_info_lists_flow_logs_as_snake_case_with_tag_dicts(world: World) -> None:
    world.flow_log(world.cwl(tags={"webstack:stack": "test"}))
    world.flow_log(world.s3(resource_id=world.subnet(), resource_type="Subnet"))
    world.aws.clear_calls()

    everything = world.info({})
    of_vpc = world.info({"resource_ids": [world.vpc_id]})
    by_tag = world.info({"filters": {"tag:webstack:stack": "test"}})

    assert not everything.changed
    assert len(everything.out["flow_logs"]) == 2
    [flow_log] = of_vpc.out["flow_logs"]
    assert flow_log["resource_id"] == world.vpc_id
    assert flow_log["log_group_name"] == GROUP
    assert flow_log["tags"] == {"webstack:stack": "test"}
    assert [f["flow_log_id"] for f in by_tag.out["flow_logs"]] == [flow_log["flow_log_id"]]
    assert world.aws.calls().mutating == []


def test_info_by_flow_log_id_lists_only_those_that_exist(world: World) -> None:
    created = world.flow_log(world.cwl()).out["flow_log"]

    run_ = world.info({"flow_log_ids": [created["flow_log_id"], "fl-0000000000000dead"]})

    assert [f["flow_log_id"] for f in run_.out["flow_logs"]] == [created["flow_log_id"]]


def test_info_refuses_ids_given_twice(world: World) -> None:
    run_ = world.info({"resource_ids": [world.vpc_id], "filters": {"resource-id": world.vpc_id}})

    assert run_.failed
    assert "resource_ids" in run_.out["msg"]
    assert world.aws.calls().calls == []
