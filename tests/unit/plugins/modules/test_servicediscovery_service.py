"""servicediscovery_service, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import servicediscovery_service as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "app"
SRV = {"routing_policy": "MULTIVALUE", "dns_records": [{"type": "SRV", "ttl": 10}]}
DEFAULTS = {
    "name": NAME,
    "namespace_id": "ns-abcdefghijklmnop",
    "description": None,
    "dns_config": SRV,
    "health_check_custom_config": None,
    "tags": None,
    "purge_tags": True,
    "state": "present",
    "wait": True,
    "wait_timeout": 300,
}


@dataclass
class World:
    aws: Emulator
    namespace_id: str

    @property
    def sd(self) -> Any:
        return self.aws.client("servicediscovery")

    def service(self, args: dict[str, Any] | None = None, check_mode: bool = False) -> Result:
        base = {"name": NAME, "namespace_id": self.namespace_id, "dns_config": SRV}
        return run(module.main, self.aws, {**base, **(args or {})}, check_mode)

    def services(self) -> list[dict[str, Any]]:
        return self.sd.list_services()["Services"]

    def read(self, service_id: str) -> dict[str, Any]:
        return self.sd.get_service(Id=service_id)["Service"]


@pytest.fixture
def world(aws: Emulator) -> World:
    vpc = aws.client("ec2").create_vpc(CidrBlock="10.60.0.0/16")["Vpc"]["VpcId"]
    sd = aws.client("servicediscovery")
    operation = sd.create_private_dns_namespace(Name="internal.local", Vpc=vpc)["OperationId"]
    namespace_id = sd.get_operation(OperationId=operation)["Operation"]["Targets"]["NAMESPACE"]
    aws.clear_calls()
    return World(aws, namespace_id)


# Pure rules


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"name": "-app"}, "name"),
        ({"name": "a" * 64}, "name"),
        ({"namespace_id": "internal.local"}, "namespace_id"),
        ({"dns_config": {"routing_policy": "MULTIVALUE", "dns_records": []}}, "dns_config.dns_records"),
        ({"dns_config": {"routing_policy": "MULTIVALUE", "dns_records": [{"type": "A", "ttl": 1}, {"type": "A", "ttl": 2}]}}, "dns_config.dns_records"),
        ({"dns_config": {"routing_policy": "WEIGHTED", "dns_records": [{"type": "CNAME", "ttl": 1}, {"type": "A", "ttl": 2}]}}, "dns_config.dns_records"),
        ({"dns_config": {"routing_policy": "MULTIVALUE", "dns_records": [{"type": "CNAME", "ttl": 1}]}}, "dns_config.routing_policy"),
        ({"dns_config": {"routing_policy": "MULTIVALUE", "dns_records": [{"type": "A", "ttl": -1}]}}, "dns_config.dns_records"),
        ({"health_check_custom_config": {"failure_threshold": 11}}, "health_check_custom_config.failure_threshold"),
        ({"wait_timeout": -5}, "wait_timeout"),
    ],
)
def test_validate_params_names_the_option(overrides: dict[str, Any], named: str) -> None:
    [error] = module.validate_params(dict(DEFAULTS, **overrides))
    assert error.startswith(named)


def test_validate_params_accepts_good_options() -> None:
    assert module.validate_params(DEFAULTS) == []
    assert module.validate_params(dict(DEFAULTS, dns_config={"routing_policy": "WEIGHTED", "dns_records": [{"type": "CNAME", "ttl": 60}]})) == []


def test_service_change_sends_every_record_and_the_description() -> None:
    desired = module.desired_view(dict(DEFAULTS, description="d"), None)
    assert module.service_change(desired) == {"Description": "d", "DnsConfig": {"DnsRecords": [{"Type": "SRV", "TTL": 10}]}}


def test_immutable_errors_name_routing_policy_and_health_check() -> None:
    current = {"name": NAME, "dns_config": SRV, "health_check_custom_config": None}
    params = dict(DEFAULTS, dns_config=dict(SRV, routing_policy="WEIGHTED"), health_check_custom_config={"failure_threshold": 1})
    errors = module.immutable_errors(current, params)
    assert [error.split(" ")[0] for error in errors] == ["dns_config.routing_policy", "health_check_custom_config"]


# Create


def test_create_makes_the_service_with_its_records(world: World) -> None:
    run_ = world.service({"description": "tasks", "health_check_custom_config": {"failure_threshold": 1}, "tags": {"team": "web"}})

    assert not run_.failed, run_.out
    assert run_.changed
    [summary] = world.services()
    service = world.read(summary["Id"])
    assert service["DnsConfig"]["DnsRecords"] == [{"Type": "SRV", "TTL": 10}]
    assert (service["Description"], service["HealthCheckCustomConfig"]) == ("tasks", {"FailureThreshold": 1})
    out = run_.out["service"]
    assert (out["id"], out["arn"], out["namespace_id"], out["tags"]) == (summary["Id"], summary["Arn"], world.namespace_id, {"team": "web"})
    assert out["dns_config"]["dns_records"] == [{"type": "SRV", "ttl": 10}]
    assert world.aws.calls().mutating == ["servicediscovery:CreateService"]


def test_a_service_of_the_same_name_in_another_namespace_is_another_service(world: World) -> None:
    operation = world.sd.create_http_namespace(Name="apps")["OperationId"]
    other = world.sd.get_operation(OperationId=operation)["Operation"]["Targets"]["NAMESPACE"]
    world.service({"namespace_id": other, "dns_config": None})

    run_ = world.service()

    assert run_.changed
    assert sorted(world.read(s["Id"])["NamespaceId"] for s in world.services()) == sorted([other, world.namespace_id])


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = {"description": "tasks", "health_check_custom_config": {"failure_threshold": 1}, "tags": {"team": "web"}}
    world.service(args)
    world.aws.clear_calls()

    again = world.service(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    run_ = world.service(check_mode=True)

    assert run_.changed
    assert world.services() == []
    assert world.aws.calls().mutating == []
    assert run_.out["service"]["dns_config"] == SRV


def test_check_mode_on_a_change_changes_nothing(world: World) -> None:
    created = world.service().out["service"]
    world.aws.clear_calls()

    run_ = world.service({"dns_config": {"dns_records": [{"type": "SRV", "ttl": 60}]}}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.read(created["id"])["DnsConfig"]["DnsRecords"] == [{"Type": "SRV", "TTL": 10}]


# Update


def test_records_and_description_are_updated_through_an_operation(world: World) -> None:
    created = world.service().out["service"]
    world.aws.clear_calls()

    run_ = world.service({"description": "new", "dns_config": {"dns_records": [{"type": "SRV", "ttl": 60}]}})

    assert not run_.failed, run_.out
    assert run_.changed
    service = world.read(created["id"])
    assert (service["Description"], service["DnsConfig"]["DnsRecords"]) == ("new", [{"Type": "SRV", "TTL": 60}])
    assert run_.out["operation_id"]
    assert world.aws.calls().mutating == ["servicediscovery:UpdateService"]
    assert run_.out["diff"]["after"]["dns_config"]["dns_records"] == [{"type": "SRV", "ttl": 60}]


def test_tags_are_added_and_purged(world: World) -> None:
    created = world.service({"tags": {"keep": "1", "drop": "2"}}).out["service"]
    world.aws.clear_calls()

    run_ = world.service({"tags": {"keep": "1", "new": "3"}})

    assert run_.changed
    tags = world.sd.list_tags_for_resource(ResourceARN=created["arn"])["Tags"]
    assert {t["Key"]: t["Value"] for t in tags} == {"keep": "1", "new": "3"} == run_.out["service"]["tags"]
    assert sorted(world.aws.calls().mutating) == ["servicediscovery:TagResource", "servicediscovery:UntagResource"]


def test_a_routing_policy_change_is_refused_naming_the_option(world: World) -> None:
    world.service()
    world.aws.clear_calls()

    run_ = world.service({"dns_config": {"routing_policy": "WEIGHTED", "dns_records": [{"type": "SRV", "ttl": 10}]}})

    assert run_.failed
    assert run_.out["msg"].startswith("dns_config.routing_policy cannot change")
    assert world.aws.calls().mutating == []


def test_a_health_check_change_is_refused_naming_the_option(world: World) -> None:
    world.service()

    run_ = world.service({"health_check_custom_config": {"failure_threshold": 2}})

    assert run_.failed
    assert run_.out["msg"].startswith("health_check_custom_config cannot change")


# Absent


def test_absent_deletes_the_service(world: World) -> None:
    world.service()
    world.aws.clear_calls()

    run_ = world.service({"state": "absent"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.services() == []
    assert world.aws.calls().mutating == ["servicediscovery:DeleteService"]


def test_absent_twice_changes_nothing(world: World) -> None:
    world.service()
    world.service({"state": "absent"})
    world.aws.clear_calls()

    run_ = world.service({"state": "absent"})

    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.service()
    world.aws.clear_calls()

    run_ = world.service({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert len(world.services()) == 1
    assert world.aws.calls().mutating == []


def test_absent_refuses_while_instances_are_registered(world: World) -> None:
    service_id = world.service().out["service"]["id"]
    for task in ("task-1", "task-2"):
        world.sd.register_instance(ServiceId=service_id, InstanceId=task, Attributes={"AWS_INSTANCE_IPV4": "10.60.1.10", "AWS_INSTANCE_PORT": "80"})
    world.aws.clear_calls()

    run_ = world.service({"state": "absent"})

    assert run_.failed
    assert "2 instances are still registered" in run_.out["msg"]
    assert world.aws.calls().mutating == []
    assert len(world.services()) == 1


@pytest.mark.parametrize(("args", "named"), [({"name": "bad name"}, "name"), ({"namespace_id": "x"}, "namespace_id")])
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.service(args)

    assert run_.failed
    assert run_.out["msg"].startswith(named)
    assert world.aws.calls().calls == []
