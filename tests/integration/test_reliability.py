"""The local stack under real-world trouble: throttling, 5xx answers, eventual consistency, a killed run.

Each test ends where a user would look: the account holds exactly what an
untroubled converge builds (no second VPC, NAT gateway or address, nothing
untagged left behind), or nothing at all after a teardown. Seeds come from
WEBSTACK_FAULT_SEEDS (CI runs two; `make test-reliability SEEDS=1,2,3,4,5,6`
runs more). The tests run in file order on one emulator.
"""

from __future__ import annotations

import os
import random
from collections import Counter

import pytest

from tests.harness.emulator import Emulator
from tests.harness.leftovers import account_resources
from tests.harness.stack import Run
from tests.harness.stack import Stack

SEEDS = [int(seed) for seed in os.environ.get("WEBSTACK_FAULT_SEEDS", "1,2").split(",")]
# The mix the issue sets: 10 % throttling, 2 % 5xx, a new resource invisible for 2 s.
FAULTS = {"throttle": 0.10, "error_5xx": 0.02, "consistency_s": 2.0}

_expected: dict[str, dict[str, int]] = {}


def _ok(run: Run) -> None:
    assert run.ok, run.failures or run.stdout[-4000:]


def _counts(resources: dict[str, list[str]]) -> dict[str, int]:
    return {kind: len(ids) for kind, ids in resources.items()}


def _added(before: dict[str, list[str]], after: dict[str, list[str]]) -> dict[str, int]:
    """How many resources of each kind the run added to the account."""
    return {kind: len(set(after[kind]) - set(before[kind])) for kind in after}


@pytest.fixture(scope="module")
def stack(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Stack:
    return Stack(emulator, "inventories/local", tmp_path_factory.mktemp("reliability"))


def _fresh(stack: Stack, **faults: float) -> dict[str, list[str]]:
    """Empty the emulator, inject faults, and return what the empty account holds."""
    stack.emulator.reset()
    empty = account_resources(stack.emulator)
    stack.emulator.faults(**faults)
    return empty


def _torn_down_to(stack: Stack, empty: dict[str, list[str]]) -> None:
    _ok(stack.teardown())
    stack.emulator.faults()
    assert account_resources(stack.emulator) == empty


def test_an_untroubled_converge_sets_the_expected_end_state(stack: Stack) -> None:
    empty = _fresh(stack)
    run = stack.converge()
    _ok(run)
    _expected.update(added=_added(empty, account_resources(stack.emulator)), tasks={"started": run.tasks_started})
    added = _expected["added"]
    assert (added["Vpcs"], added["NatGateways"], added["Addresses"], added["InternetGateways"]) == (1, 3, 3, 1)
    assert added["Subnets"] == 9 and added["FlowLogs"] == 1
    _torn_down_to(stack, empty)


@pytest.mark.parametrize("seed", SEEDS)
def test_converge_and_teardown_through_throttling_5xx_and_eventual_consistency(stack: Stack, seed: int) -> None:
    empty = _fresh(stack, seed=seed, **FAULTS)
    run = stack.converge()
    _ok(run)
    kinds = Counter(fault.split(" ", 1)[0] for fault in run.calls.faults)
    assert kinds["throttle"] > 0 and kinds["5xx"] > 0, f"seed {seed} injected too little to prove anything: {kinds}"
    assert _added(empty, account_resources(stack.emulator)) == _expected["added"]
    _torn_down_to(stack, empty)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_run_killed_at_a_random_task_resumes_to_the_same_end_state(stack: Stack, seed: int) -> None:
    kill_at = random.Random(seed).randint(3, _expected["tasks"]["started"] - 3)
    empty = _fresh(stack)
    killed = stack.converge(kill_at_task=kill_at)
    assert killed.status == "canceled", f"the run was not killed at task {kill_at}: {killed.status}"
    _ok(stack.converge())
    assert _added(empty, account_resources(stack.emulator)) == _expected["added"], f"killed at task {kill_at}"
    _torn_down_to(stack, empty)


def test_resources_are_counted_the_same_way_every_time(stack: Stack) -> None:
    """The comparison above is only as good as account_resources: it must see a stray resource."""
    empty = _fresh(stack)
    ec2 = stack.emulator.client("ec2")
    stray = ec2.create_vpc(CidrBlock="10.99.0.0/16")["Vpc"]["VpcId"]
    ec2.allocate_address(Domain="vpc")
    assert _counts(account_resources(stack.emulator))["Vpcs"] == _counts(empty)["Vpcs"] + 1
    assert _added(empty, account_resources(stack.emulator))["Addresses"] == 1
    ec2.delete_vpc(VpcId=stray)
