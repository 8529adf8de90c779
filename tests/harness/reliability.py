"""The reliability tests' steps, shared by tests/integration/test_reliability.py (the first fault seed)
and test_reliability_more_seeds.py (the others), which `make test-stack` runs side by side.

Each step starts from an emptied account and ends where a user would look: the account holds
exactly what an untroubled converge builds (no second VPC, NAT gateway or address, nothing
untagged left behind), or nothing at all after a teardown.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from typing import Any

from tests.harness.leftovers import account_resources
from tests.harness.stack import Run
from tests.harness.stack import Stack

# WEBSTACK_FAULT_SEEDS: CI runs two; `make test-reliability SEEDS=1,2,3,4,5,6` runs more.
SEEDS = [int(seed) for seed in os.environ.get("WEBSTACK_FAULT_SEEDS", "1,2").split(",")]
# The mix the issue sets: 10 % throttling, 2 % 5xx, a new resource invisible for 2 s.
FAULTS = {"throttle": 0.10, "error_5xx": 0.02, "consistency_s": 2.0}


def _ok(run: Run) -> None:
    assert run.ok, run.failures or run.stdout[-4000:]


def _added(before: dict[str, list[str]], after: dict[str, list[str]]) -> dict[str, int]:
    """How many resources of each kind the run added to the account."""
    return {kind: len(set(after[kind]) - set(before[kind])) for kind in after}


def _fresh(stack: Stack, **faults: float) -> dict[str, list[str]]:
    """Empty the emulator, inject faults, and return what the empty account holds."""
    stack.emulator.reset()
    empty = account_resources(stack.emulator)
    stack.emulator.faults(**faults)
    return empty


def untroubled_baseline(stack: Stack) -> dict[str, Any]:
    """What an untroubled converge adds to an empty account, and how many tasks it starts."""
    empty = _fresh(stack)
    run = stack.converge()
    _ok(run)
    return {"added": _added(empty, account_resources(stack.emulator)), "tasks_started": run.tasks_started}


def converge_and_teardown_through_faults(stack: Stack, baseline: dict[str, Any], seed: int) -> None:
    empty = _fresh(stack, seed=seed, **FAULTS)
    run = stack.converge()
    _ok(run)
    kinds = Counter(fault.split(" ", 1)[0] for fault in run.calls.faults)
    assert kinds["throttle"] > 0 and kinds["5xx"] > 0, f"seed {seed} injected too little to prove anything: {kinds}"
    assert _added(empty, account_resources(stack.emulator)) == baseline["added"]
    _ok(stack.teardown())
    stack.emulator.faults()
    assert account_resources(stack.emulator) == empty


def killed_run_resumes(stack: Stack, baseline: dict[str, Any], seed: int) -> None:
    """SIGKILLed (as AWX cancels a job) at a seeded random task, then run again. Teardown under faults is
    converge_and_teardown_through_faults's, an untroubled one test_stack_local's, so this ends at the converge."""
    kill_at = random.Random(seed).randint(3, baseline["tasks_started"] - 3)
    empty = _fresh(stack)
    killed = stack.converge(kill_at_task=kill_at)
    assert killed.status == "canceled", f"the run was not killed at task {kill_at}: {killed.status}"
    _ok(stack.converge())
    assert _added(empty, account_resources(stack.emulator)) == baseline["added"], f"killed at task {kill_at}"
