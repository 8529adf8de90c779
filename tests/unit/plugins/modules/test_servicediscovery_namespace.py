"""servicediscovery_namespace, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.module_utils import servicediscovery
from ansible_collections.webstack.aws.plugins.modules import servicediscovery_namespace as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "internal.webstack-test.local"
DEFAULTS = {
    "name": NAME,
    "type": "private_dns",
    "vpc": "vpc-0123456789abcdef0",
    "description": None,
    "tags": None,
    "purge_tags": True,
    "state": "present",
    "wait": True,
    "wait_timeout": 300,
}


@dataclass
class World:
    aws: Emulator
    vpc: str

    @property
    def sd(self) -> Any:
        return self.aws.client("servicediscovery")

    def namespace(self, args: dict[str, Any] | None = None, check_mode: bool = False) -> Result:
        base = {"name": NAME, "vpc": self.vpc}
        return run(module.main, self.aws, {**base, **(args or {})}, check_mode)

    def namespaces(self) -> list[dict[str, Any]]:
        return self.sd.list_namespaces()["Namespaces"]

    def tags(self, arn: str) -> dict[str, str]:
        return {t["Key"]: t["Value"] for t in self.sd.list_tags_for_resource(ResourceARN=arn)["Tags"]}


@pytest.fixture
def world(aws: Emulator) -> World:
    vpc = aws.client("ec2").create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
    aws.clear_calls()
    return World(aws, vpc)


# Pure rules


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"name": ""}, "name"),
        ({"name": "has space.local"}, "name"),
        ({"type": "http", "name": "bad.name", "vpc": None}, "name"),
        ({"type": "http", "name": "apps"}, "vpc"),
        ({"vpc": None}, "vpc"),
        ({"vpc": "subnet-1"}, "vpc"),
        ({"description": "x" * 1025}, "description"),
        ({"wait_timeout": -1}, "wait_timeout"),
    ],
)
def test_validate_params_names_the_option(overrides: dict[str, Any], named: str) -> None:
    [error] = module.validate_params(dict(DEFAULTS, **overrides))
    assert error.startswith(named)


def test_validate_params_accepts_good_options_and_absent_without_vpc() -> None:
    assert module.validate_params(DEFAULTS) == []
    assert module.validate_params(dict(DEFAULTS, type="http", name="apps_1", vpc=None)) == []
    assert module.validate_params(dict(DEFAULTS, vpc=None, state="absent")) == []


def test_desired_view_keeps_what_the_options_leave_out() -> None:
    current = {"id": "ns-1", "name": NAME, "type": "DNS_PRIVATE", "description": "old", "vpc": DEFAULTS["vpc"], "tags": {"a": "1", "b": "2"}}
    desired = module.desired_view(dict(DEFAULTS, tags={"a": "9"}, purge_tags=False), current)
    assert (desired["description"], desired["tags"]) == ("old", {"a": "9", "b": "2"})
    purged = module.desired_view(dict(DEFAULTS, description="new", tags={"a": "9"}), current)
    assert (purged["description"], purged["tags"]) == ("new", {"a": "9"})


def test_immutable_errors_name_the_vpc() -> None:
    current = {"id": "ns-1", "name": NAME, "vpc": "vpc-other"}
    [error] = module.immutable_errors(current, DEFAULTS)
    assert error.startswith("vpc cannot change") and "vpc-other" in error


class FakeClient:
    def __init__(self, statuses: list[dict[str, Any]]) -> None:
        self.statuses = statuses

    def get_operation(self, aws_retry: bool, OperationId: str) -> dict[str, Any]:
        return {"Operation": self.statuses.pop(0)}


def test_wait_for_operation_polls_until_success() -> None:
    client = FakeClient([{"Status": "SUBMITTED"}, {"Status": "PENDING"}, {"Status": "SUCCESS", "Id": "op"}])
    sleeps: list[float] = []
    assert servicediscovery.wait_for_operation(client, "op", 60, sleep=sleeps.append, clock=lambda: 0)["Id"] == "op"
    assert len(sleeps) == 2


def test_wait_for_operation_fails_with_the_reason() -> None:
    client = FakeClient([{"Status": "FAIL", "ErrorCode": "CANNOT_CREATE_HOSTED_ZONE", "ErrorMessage": "limit reached"}])
    with pytest.raises(servicediscovery.OperationFailed, match="CANNOT_CREATE_HOSTED_ZONE: limit reached"):
        servicediscovery.wait_for_operation(client, "op", 60, sleep=lambda s: None, clock=lambda: 0)


def test_wait_for_operation_times_out() -> None:
    times = iter([0, 10, 400])
    with pytest.raises(servicediscovery.OperationTimedOut):
        servicediscovery.wait_for_operation(FakeClient([{"Status": "PENDING"}] * 3), "op", 300, sleep=lambda s: None, clock=lambda: next(times))


def test_without_waiting_the_operation_is_read_once() -> None:
    assert servicediscovery.wait_for_operation(FakeClient([{"Status": "PENDING"}]), "op", 0)["Status"] == "PENDING"


# Create


def test_create_makes_a_private_namespace_in_the_vpc(world: World) -> None:
    run_ = world.namespace({"description": "discovery", "tags": {"team": "web"}})

    assert not run_.failed, run_.out
    assert run_.changed
    [summary] = world.namespaces()
    namespace = run_.out["namespace"]
    assert (namespace["id"], namespace["type"], namespace["vpc"], namespace["description"]) == (summary["Id"], "DNS_PRIVATE", world.vpc, "discovery")
    zone = world.aws.client("route53").get_hosted_zone(Id=namespace["properties"]["dns_properties"]["hosted_zone_id"])
    assert [v["VPCId"] for v in zone["VPCs"]] == [world.vpc]
    assert world.tags(summary["Arn"]) == {"team": "web"} == namespace["tags"]
    assert run_.out["operation_id"]
    assert world.aws.calls().mutating == ["servicediscovery:CreatePrivateDnsNamespace"]
    assert run_.out["diff"]["before"] == {}


def test_create_an_http_namespace(world: World) -> None:
    run_ = world.namespace({"name": "apps", "type": "http", "vpc": None})

    assert not run_.failed, run_.out
    assert run_.out["namespace"]["type"] == "HTTP" and run_.out["namespace"]["vpc"] is None
    assert [n["Type"] for n in world.namespaces()] == ["HTTP"]


def test_a_namespace_of_another_name_in_the_vpc_is_left_alone(world: World) -> None:
    world.namespace({"name": "other.local"})

    run_ = world.namespace()

    assert run_.changed
    assert sorted(n["Name"] for n in world.namespaces()) == [NAME, "other.local"]


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    first = world.namespace({"description": "d", "tags": {"team": "web"}})
    world.aws.clear_calls()

    again = world.namespace({"description": "d", "tags": {"team": "web"}})

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["namespace"] == first.out["namespace"]


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    run_ = world.namespace({"description": "would be"}, check_mode=True)

    assert run_.changed
    assert world.namespaces() == []
    assert world.aws.calls().mutating == []
    assert run_.out["diff"]["after"] == {"name": NAME, "type": "DNS_PRIVATE", "description": "would be", "vpc": world.vpc, "tags": {}}


def test_check_mode_on_a_change_changes_nothing(world: World) -> None:
    world.namespace({"description": "old"})
    world.aws.clear_calls()

    run_ = world.namespace({"description": "new"}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.sd.get_namespace(Id=world.namespaces()[0]["Id"])["Namespace"]["Description"] == "old"


# Update


def test_description_is_updated_through_an_operation(world: World) -> None:
    world.namespace({"description": "old"})
    world.aws.clear_calls()

    run_ = world.namespace({"description": "new"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert run_.out["namespace"]["description"] == "new"
    assert world.aws.calls().mutating == ["servicediscovery:UpdatePrivateDnsNamespace"]
    assert (run_.out["diff"]["before"]["description"], run_.out["diff"]["after"]["description"]) == ("old", "new")


def test_tags_are_added_and_purged(world: World) -> None:
    created = world.namespace({"tags": {"keep": "1", "drop": "2"}}).out["namespace"]

    added = world.namespace({"tags": {"keep": "1", "new": "3"}, "purge_tags": False})
    assert world.tags(created["arn"]) == {"keep": "1", "drop": "2", "new": "3"} == added.out["namespace"]["tags"]

    world.aws.clear_calls()
    purged = world.namespace({"tags": {"keep": "1"}})
    assert world.tags(created["arn"]) == {"keep": "1"}
    assert purged.changed
    assert world.aws.calls().mutating == ["servicediscovery:UntagResource"]


def test_an_other_vpc_is_refused_naming_the_option(world: World) -> None:
    world.namespace()
    other = world.aws.client("ec2").create_vpc(CidrBlock="10.51.0.0/16")["Vpc"]["VpcId"]
    world.aws.clear_calls()

    run_ = world.namespace({"vpc": other})

    assert run_.failed
    assert run_.out["msg"].startswith("vpc cannot change")
    assert world.aws.calls().mutating == []


# Absent


def test_absent_deletes_the_namespace_and_its_zone(world: World) -> None:
    created = world.namespace().out["namespace"]
    world.aws.clear_calls()

    run_ = world.namespace({"state": "absent"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.namespaces() == []
    zones = [z["Id"].split("/")[-1] for z in world.aws.client("route53").list_hosted_zones()["HostedZones"]]
    assert created["properties"]["dns_properties"]["hosted_zone_id"] not in zones
    assert world.aws.calls().mutating == ["servicediscovery:DeleteNamespace"]


def test_absent_twice_changes_nothing(world: World) -> None:
    world.namespace()
    world.namespace({"state": "absent"})
    world.aws.clear_calls()

    run_ = world.namespace({"state": "absent"})

    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.namespace()
    world.aws.clear_calls()

    run_ = world.namespace({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert len(world.namespaces()) == 1
    assert world.aws.calls().mutating == []


def test_absent_refuses_while_services_remain_and_names_them(world: World) -> None:
    namespace_id = world.namespace().out["namespace"]["id"]
    world.sd.create_service(Name="api", NamespaceId=namespace_id, DnsConfig={"DnsRecords": [{"Type": "A", "TTL": 10}]})
    world.aws.clear_calls()

    run_ = world.namespace({"state": "absent"})

    assert run_.failed
    assert "still holds services api (srv-" in run_.out["msg"]
    assert world.aws.calls().mutating == []
    assert len(world.namespaces()) == 1


@pytest.mark.parametrize(("args", "named"), [({"name": "bad name"}, "name"), ({"vpc": None}, "vpc"), ({"type": "public"}, "type")])
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.namespace(args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []
