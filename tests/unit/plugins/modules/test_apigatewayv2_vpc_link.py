"""apigatewayv2_vpc_link, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import apigatewayv2_vpc_link as module

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "webstack-test-api"
DEFAULTS = {
    "name": NAME,
    "subnet_ids": ["subnet-1"],
    "security_group_ids": None,
    "tags": None,
    "purge_tags": True,
    "state": "present",
    "wait": True,
    "wait_timeout": 600,
}


@dataclass
class World:
    aws: Emulator
    subnets: list[str]
    group: str

    @property
    def api(self) -> Any:
        return self.aws.client("apigatewayv2")

    def link(self, args: dict[str, Any] | None = None, check_mode: bool = False) -> Result:
        base = {"name": NAME, "subnet_ids": self.subnets, "security_group_ids": [self.group]}
        return run(module.main, self.aws, {**base, **(args or {})}, check_mode)

    def links(self) -> list[dict[str, Any]]:
        return self.api.get_vpc_links()["Items"]


@pytest.fixture
def world(aws: Emulator) -> World:
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.70.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.70.{n}.0/24")["Subnet"]["SubnetId"] for n in (1, 2)]
    group = ec2.create_security_group(GroupName="vpc-link", Description="vpc link", VpcId=vpc)["GroupId"]
    aws.clear_calls()
    return World(aws, subnets, group)


# Pure rules


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 129}, "name"),
        ({"subnet_ids": None}, "subnet_ids"),
        ({"subnet_ids": ["vpc-1"]}, "subnet_ids"),
        ({"security_group_ids": ["default"]}, "security_group_ids"),
        ({"wait_timeout": -1}, "wait_timeout"),
    ],
)
def test_validate_params_names_the_option(overrides: dict[str, Any], named: str) -> None:
    [error] = module.validate_params(dict(DEFAULTS, **overrides))
    assert error.startswith(named)


def test_absent_needs_no_subnets() -> None:
    assert module.validate_params(dict(DEFAULTS, subnet_ids=None, state="absent")) == []


def test_immutable_errors_compare_subnets_in_any_order() -> None:
    current = {"name": NAME, "vpc_link_id": "abc", "subnet_ids": ["subnet-2", "subnet-1"], "security_group_ids": []}
    assert module.immutable_errors(current, dict(DEFAULTS, subnet_ids=["subnet-1", "subnet-2"])) == []
    [error] = module.immutable_errors(current, dict(DEFAULTS, subnet_ids=["subnet-1"], security_group_ids=[]))
    assert error.startswith("subnet_ids cannot change")


# Runs


def test_create_makes_the_vpc_link_and_waits_until_available(world: World) -> None:
    run_ = world.link({"tags": {"team": "web"}})

    assert not run_.failed, run_.out
    assert run_.changed
    [link] = world.links()
    out = run_.out["vpc_link"]
    assert (out["vpc_link_id"], out["vpc_link_status"], out["tags"]) == (link["VpcLinkId"], "AVAILABLE", {"team": "web"})
    assert (sorted(link["SubnetIds"]), link["SecurityGroupIds"]) == (sorted(world.subnets), [world.group])
    assert world.aws.calls().mutating == ["apigatewayv2:CreateVpcLink"]


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    first = world.link({"tags": {"team": "web"}})
    world.aws.clear_calls()

    again = world.link({"tags": {"team": "web"}})

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["vpc_link"]["vpc_link_id"] == first.out["vpc_link"]["vpc_link_id"]


def test_check_mode_creates_nothing(world: World) -> None:
    run_ = world.link(check_mode=True)

    assert run_.changed
    assert world.links() == []
    assert world.aws.calls().mutating == []


def test_tags_are_added_and_purged(world: World) -> None:
    created = world.link({"tags": {"keep": "1", "drop": "2"}}).out["vpc_link"]
    world.aws.clear_calls()

    run_ = world.link({"tags": {"keep": "1", "new": "3"}})

    assert run_.changed
    assert world.api.get_vpc_link(VpcLinkId=created["vpc_link_id"])["Tags"] == {"keep": "1", "new": "3"} == run_.out["vpc_link"]["tags"]
    assert sorted(world.aws.calls().mutating) == ["apigatewayv2:TagResource", "apigatewayv2:UntagResource"]


def test_check_mode_tag_change_changes_nothing(world: World) -> None:
    created = world.link({"tags": {"a": "1"}}).out["vpc_link"]
    world.aws.clear_calls()

    run_ = world.link({"tags": {"a": "2"}}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.api.get_vpc_link(VpcLinkId=created["vpc_link_id"])["Tags"] == {"a": "1"}


def test_other_subnets_are_refused_naming_the_option(world: World) -> None:
    world.link()
    world.aws.clear_calls()

    run_ = world.link({"subnet_ids": world.subnets[:1]})

    assert run_.failed
    assert run_.out["msg"].startswith("subnet_ids cannot change")
    assert world.aws.calls().mutating == []


def test_two_links_of_the_name_fail_naming_them(world: World) -> None:
    ids = sorted(world.api.create_vpc_link(Name=NAME, SubnetIds=world.subnets)["VpcLinkId"] for _n in range(2))

    run_ = world.link()

    assert run_.failed
    assert all(link_id in run_.out["msg"] for link_id in ids)


def test_a_link_on_a_later_page_is_found(world: World) -> None:
    for n in range(3):
        world.api.create_vpc_link(Name=f"other-{n}", SubnetIds=world.subnets)
    world.link()
    world.aws.clear_calls()

    run_ = world.link()

    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_absent_deletes_the_link_and_twice_changes_nothing(world: World) -> None:
    world.link()
    world.aws.clear_calls()

    run_ = world.link({"state": "absent"})
    again = world.link({"state": "absent"})

    assert run_.changed and not again.changed
    assert world.links() == []
    assert world.aws.calls().mutating == ["apigatewayv2:DeleteVpcLink"]


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.link()
    world.aws.clear_calls()

    run_ = world.link({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert len(world.links()) == 1
    assert world.aws.calls().mutating == []


def test_the_tag_arn_is_the_vpc_links(world: World) -> None:
    created = world.link().out["vpc_link"]

    world.link({"tags": {"x": "y"}})

    arn = f"arn:aws:apigateway:{REGION}::/vpclinks/{created['vpc_link_id']}"
    assert world.api.get_tags(ResourceArn=arn)["Tags"] == {"x": "y"}
