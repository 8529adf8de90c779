"""The local stack under real-world trouble: throttling, 5xx answers, eventual consistency, a killed run.

This file runs the untroubled baseline and the first of WEBSTACK_FAULT_SEEDS;
test_reliability_more_seeds.py runs the others on another worker. The steps are in
tests/harness/reliability.py.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.harness.emulator import Emulator
from tests.harness.leftovers import account_resources
from tests.harness.reliability import SEEDS
from tests.harness.reliability import converge_and_teardown_through_faults
from tests.harness.reliability import killed_run_resumes
from tests.harness.reliability import untroubled_baseline
from tests.harness.stack import Stack


@pytest.fixture(scope="module")
def stack(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Stack:
    return Stack(emulator, "inventories/local", tmp_path_factory.mktemp("reliability"))


@pytest.fixture(scope="module")
def baseline(stack: Stack) -> dict[str, Any]:
    return untroubled_baseline(stack)


def test_an_untroubled_converge_sets_the_expected_end_state(baseline: dict[str, Any]) -> None:
    added = baseline["added"]
    assert (added["Vpcs"], added["NatGateways"], added["Addresses"], added["InternetGateways"]) == (1, 3, 3, 1)
    assert added["Subnets"] == 9 and added["FlowLogs"] == 1


@pytest.mark.parametrize("seed", SEEDS[:1])
def test_converge_and_teardown_through_throttling_5xx_and_eventual_consistency(stack: Stack, baseline: dict[str, Any], seed: int) -> None:
    converge_and_teardown_through_faults(stack, baseline, seed)


@pytest.mark.parametrize("seed", SEEDS[:1])
def test_a_run_killed_at_a_random_task_resumes_to_the_same_end_state(stack: Stack, baseline: dict[str, Any], seed: int) -> None:
    killed_run_resumes(stack, baseline, seed)


def test_resources_are_counted_the_same_way_every_time(stack: Stack) -> None:
    """The comparison above is only as good as account_resources: it must see a stray resource."""
    stack.emulator.reset()
    empty = Counter({kind: len(ids) for kind, ids in account_resources(stack.emulator).items()})
    ec2 = stack.emulator.client("ec2")
    stray = ec2.create_vpc(CidrBlock="10.99.0.0/16")["Vpc"]["VpcId"]
    ec2.allocate_address(Domain="vpc")
    counted = Counter({kind: len(ids) for kind, ids in account_resources(stack.emulator).items()})
    assert counted - empty == Counter({"Vpcs": 1, "Addresses": 1})
    ec2.delete_vpc(VpcId=stray)
