"""test_reliability.py's fault and killed runs for the second and later WEBSTACK_FAULT_SEEDS, on a worker of
their own; they build their own untroubled baseline to compare with."""

from __future__ import annotations

from typing import Any

import pytest

from tests.harness.emulator import Emulator
from tests.harness.reliability import SEEDS
from tests.harness.reliability import converge_and_teardown_through_faults
from tests.harness.reliability import killed_run_resumes
from tests.harness.reliability import untroubled_baseline
from tests.harness.stack import Stack

pytestmark = pytest.mark.skipif(len(SEEDS) < 2, reason="WEBSTACK_FAULT_SEEDS names one seed; test_reliability.py runs it")


@pytest.fixture(scope="module")
def stack(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Stack:
    return Stack(emulator, "inventories/local", tmp_path_factory.mktemp("reliability-more-seeds"))


@pytest.fixture(scope="module")
def baseline(stack: Stack) -> dict[str, Any]:
    return untroubled_baseline(stack)


@pytest.mark.parametrize("seed", SEEDS[1:])
def test_converge_and_teardown_through_throttling_5xx_and_eventual_consistency(stack: Stack, baseline: dict[str, Any], seed: int) -> None:
    converge_and_teardown_through_faults(stack, baseline, seed)


@pytest.mark.parametrize("seed", SEEDS[1:])
def test_a_run_killed_at_a_random_task_resumes_to_the_same_end_state(stack: Stack, baseline: dict[str, Any], seed: int) -> None:
    killed_run_resumes(stack, baseline, seed)
