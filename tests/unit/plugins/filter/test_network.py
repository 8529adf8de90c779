"""The subnet plan: every error names the variable to fix; the carving is aligned and disjoint."""

from __future__ import annotations

import ipaddress

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.webstack.aws.plugins.filter.network import FilterModule
from ansible_collections.webstack.aws.plugins.filter.network import vpc_eip_by_az
from ansible_collections.webstack.aws.plugins.filter.network import vpc_endpoint_plan
from ansible_collections.webstack.aws.plugins.filter.network import vpc_endpoint_state
from ansible_collections.webstack.aws.plugins.filter.network import vpc_isolated_nacl
from ansible_collections.webstack.aws.plugins.filter.network import vpc_plan_errors
from ansible_collections.webstack.aws.plugins.filter.network import vpc_route_table_state
from ansible_collections.webstack.aws.plugins.filter.network import vpc_route_tables
from ansible_collections.webstack.aws.plugins.filter.network import vpc_subnet_layout
from ansible_collections.webstack.aws.plugins.filter.network import vpc_subnet_plan

PREFIXES = {"public": 24, "private": 20, "isolated": 24}


def test_three_az_plan_is_aligned_disjoint_and_inside_the_vpc() -> None:
    plan = vpc_subnet_plan("10.40.0.0/16", 3, PREFIXES)
    networks = [ipaddress.IPv4Network(c) for tier in plan.values() for c in tier]
    assert [len(plan[t]) for t in ("public", "private", "isolated")] == [3, 3, 3]
    assert all(n.subnet_of(ipaddress.IPv4Network("10.40.0.0/16")) for n in networks)
    assert not any(a.overlaps(b) for i, a in enumerate(networks) for b in networks[i + 1 :])
    assert plan["private"] == ["10.40.0.0/20", "10.40.16.0/20", "10.40.32.0/20"]


def test_the_plan_is_stable_across_runs() -> None:
    assert vpc_subnet_plan("10.10.0.0/16", 2, PREFIXES) == vpc_subnet_plan("10.10.0.0/16", 2, PREFIXES)


def test_explicit_subnets_are_used_as_given() -> None:
    subnets = {"public": ["10.0.0.0/24", "10.0.1.0/24"], "private": ["10.0.16.0/20", "10.0.32.0/20"], "isolated": ["10.0.2.0/24", "10.0.3.0/24"]}
    assert vpc_subnet_plan("10.0.0.0/16", 2, PREFIXES, subnets) == subnets


@pytest.mark.parametrize(
    ("cidr", "az_count", "prefixes", "subnets", "variable"),
    [
        ("10.0.0.300/16", 3, PREFIXES, {}, "vpc_cidr"),
        ("10.0.0.1/16", 3, PREFIXES, {}, "vpc_cidr"),
        ("10.0.0.0/8", 3, PREFIXES, {}, "vpc_cidr"),
        ("10.0.0.0/26", 3, PREFIXES, {}, "vpc_cidr"),
        ("52.0.0.0/16", 3, PREFIXES, {}, "vpc_cidr"),
        ("10.0.0.0/22", 3, {"public": 24, "private": 24, "isolated": 24}, {}, "vpc_subnet_prefixes"),
        ("10.0.0.0/16", 3, {"public": 24, "private": 29, "isolated": 24}, {}, "vpc_subnet_prefixes.private"),
        ("10.0.0.0/16", 3, {"public": 24, "isolated": 24}, {}, "vpc_subnet_prefixes.private"),
        ("10.0.0.0/16", 2, PREFIXES, {"public": ["10.0.0.0/24"], "private": ["10.0.16.0/20"] * 2, "isolated": ["10.0.2.0/24"] * 2}, "vpc_subnets.public"),
        ("10.0.0.0/16", 1, PREFIXES, {"public": ["10.1.0.0/24"], "private": ["10.0.16.0/20"], "isolated": ["10.0.2.0/24"]}, "vpc_subnets.public"),
        ("10.0.0.0/16", 1, PREFIXES, {"public": ["10.0.0.0/24"], "private": ["10.0.0.0/20"], "isolated": ["10.0.2.0/24"]}, "vpc_subnets.private"),
        ("10.0.0.0/16", 1, PREFIXES, {"public": ["10.0.0.0/24"], "private": ["10.0.16.0/20"], "isolated": ["10.0.2.0/29"]}, "vpc_subnets.isolated"),
        ("10.0.0.0/16", 1, PREFIXES, {"public": ["10.0.0.0/24"], "private": ["10.0.16.0/20"], "isolated": ["10.0.2.0/24"], "data": []}, "vpc_subnets: unknown"),
    ],
)
def test_each_bad_plan_names_its_variable(cidr: str, az_count: int, prefixes: dict, subnets: dict, variable: str) -> None:
    errors = vpc_plan_errors(cidr, az_count, prefixes, subnets)
    assert errors, "the plan was accepted"
    assert any(error.startswith(variable) for error in errors), errors


def test_a_sound_plan_has_no_errors() -> None:
    assert vpc_plan_errors("10.40.0.0/16", 3, PREFIXES, {}) == []


def test_subnet_plan_refuses_a_bad_plan_with_the_same_message() -> None:
    with pytest.raises(AnsibleFilterError, match="vpc_cidr"):
        vpc_subnet_plan("10.0.0.0/8", 3, PREFIXES)


def test_layout_pairs_each_tier_with_the_azs_in_order() -> None:
    plan = vpc_subnet_plan("10.40.0.0/16", 2, PREFIXES)
    layout = vpc_subnet_layout(plan, ["eu-west-1a", "eu-west-1b"])
    assert [(s["tier"], s["az"]) for s in layout] == [
        ("public", "eu-west-1a"),
        ("public", "eu-west-1b"),
        ("private", "eu-west-1a"),
        ("private", "eu-west-1b"),
        ("isolated", "eu-west-1a"),
        ("isolated", "eu-west-1b"),
    ]
    assert layout[2]["cidr"] == plan["private"][0]


def test_each_subnet_carries_the_stack_tags_its_name_and_tier() -> None:
    plan = vpc_subnet_plan("10.40.0.0/16", 1, PREFIXES)
    public = vpc_subnet_layout(plan, ["eu-west-1a"], {"webstack:stack": "demo"}, "demo-local")[0]
    assert public == {
        "tier": "public",
        "az": "eu-west-1a",
        "cidr": plan["public"][0],
        "map_public": False,
        "tags": {"webstack:stack": "demo", "Name": "demo-local-public-eu-west-1a", "webstack:tier": "public"},
    }


def test_layout_refuses_a_plan_for_another_az_count() -> None:
    with pytest.raises(AnsibleFilterError):
        vpc_subnet_layout(vpc_subnet_plan("10.40.0.0/16", 3, PREFIXES), ["eu-west-1a"])


def test_data_tier_acl_admits_only_the_private_tier_on_data_ports() -> None:
    plan = {"public": ["10.0.0.0/24"], "private": ["10.0.16.0/20", "10.0.32.0/20"], "isolated": ["10.0.2.0/24"]}
    acl = vpc_isolated_nacl(plan, [5432])
    assert acl["ingress"] == [
        [100, "tcp", "allow", "10.0.16.0/20", None, None, 5432, 5432],
        [110, "tcp", "allow", "10.0.32.0/20", None, None, 5432, 5432],
        [120, "all", "allow", "10.0.2.0/24", None, None, None, None],
    ]
    assert [rule[3] for rule in acl["egress"]] == ["10.0.16.0/20", "10.0.32.0/20", "10.0.2.0/24"]
    assert all(rule[2] == "allow" for rule in acl["egress"])
    assert "0.0.0.0/0" not in {rule[3] for rule in acl["ingress"] + acl["egress"]}


def test_eips_are_found_by_name_and_completed_by_what_was_just_allocated() -> None:
    found = [
        {"allocation_id": "eipalloc-a", "tags": {"Name": "demo-local-nat-eu-west-1a"}},
        {"allocation_id": "eipalloc-x", "tags": {"Name": "someone-else"}},
        {"allocation_id": "eipalloc-y"},
    ]
    allocated = [{"item": "eu-west-1b", "allocation_id": "eipalloc-b"}, {"item": "eu-west-1c", "changed": True}]
    assert vpc_eip_by_az(found, allocated, "demo-local-nat-") == {"eu-west-1a": "eipalloc-a", "eu-west-1b": "eipalloc-b"}
    assert vpc_eip_by_az(None, None, "demo-local-nat-") == {}


SUBNETS = [
    {"tier": "public", "az": "a", "id": "subnet-p1"},
    {"tier": "public", "az": "b", "id": "subnet-p2"},
    {"tier": "private", "az": "a", "id": "subnet-q1"},
    {"tier": "private", "az": "b", "id": "subnet-q2"},
    {"tier": "isolated", "az": "a", "id": "subnet-i1"},
    {"tier": "isolated", "az": "b", "id": ""},
]


def test_route_tables_per_tier_and_az() -> None:
    tables = vpc_route_tables(SUBNETS, "igw-1", ["nat-a", ""], ["a", "b"], {"s": "x"}, "demo")
    assert [(t["tags"]["Name"], t["subnets"], t["routes"]) for t in tables] == [
        ("demo-public", ["subnet-p1", "subnet-p2"], [{"dest": "0.0.0.0/0", "gateway_id": "igw-1"}]),
        ("demo-private-a", ["subnet-q1"], [{"dest": "0.0.0.0/0", "nat_gateway_id": "nat-a"}]),
        ("demo-private-b", ["subnet-q2"], []),
        ("demo-isolated", ["subnet-i1"], []),
    ]
    assert tables[0]["tags"] == {"s": "x", "Name": "demo-public", "webstack:tier": "public"}
    assert [t["tier"] for t in vpc_route_tables(SUBNETS[2:4], "", ["", ""], ["a", "b"], {}, "demo")] == ["private", "private"]


def test_route_table_state_keeps_only_what_the_role_manages() -> None:
    found = {
        "id": "rtb-1",
        "tags": {"Name": "demo-private-a"},
        "associations": [{"subnet_id": "subnet-q1", "main": False}, {"subnet_id": None, "main": True}],
        "routes": [
            {"destination_cidr_block": "10.40.0.0/16", "gateway_id": "local"},
            {"destination_cidr_block": "0.0.0.0/0", "nat_gateway_id": "nat-a", "gateway_id": None},
            {"destination_cidr_block": None, "destination_prefix_list_id": "pl-1", "gateway_id": "vpce-1"},
            {"destination_cidr_block": "192.168.0.0/16", "gateway_id": "igw-1"},
        ],
    }
    assert vpc_route_table_state([found]) == [
        {
            "id": "rtb-1",
            "tags": {"Name": "demo-private-a"},
            "subnets": ["subnet-q1"],
            "routes": [{"dest": "0.0.0.0/0", "nat_gateway_id": "nat-a"}, {"dest": "192.168.0.0/16", "gateway_id": "igw-1"}],
        }
    ]


def test_endpoint_plan_and_state() -> None:
    plan = vpc_endpoint_plan(["s3"], ["logs"], "eu-west-1", {"s": "x"}, "demo")
    assert plan == [
        {"name": "s3", "type": "Gateway", "service": "com.amazonaws.eu-west-1.s3", "tags": {"s": "x", "Name": "demo-vpce-s3"}},
        {"name": "logs", "type": "Interface", "service": "com.amazonaws.eu-west-1.logs", "tags": {"s": "x", "Name": "demo-vpce-logs"}},
    ]
    [state] = vpc_endpoint_state([{"vpc_endpoint_id": "vpce-1", "tags": [{"key": "Name", "value": "demo-vpce-s3"}]}])
    assert state == {"vpc_endpoint_id": "vpce-1", "tags": {"Name": "demo-vpce-s3"}}


def test_filters_are_registered_under_their_names() -> None:
    assert set(FilterModule().filters()) == {
        "vpc_plan_errors",
        "vpc_subnet_plan",
        "vpc_subnet_layout",
        "vpc_isolated_nacl",
        "vpc_eip_by_az",
        "vpc_route_tables",
        "vpc_route_table_state",
        "vpc_endpoint_plan",
        "vpc_endpoint_state",
    }
