"""Fixtures for stack tests: a Stack bound to an inventory on the session's emulator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.harness.emulator import Emulator
from tests.harness.stack import Stack

# `make test-stack` hands whole files to three xdist workers (--dist loadfile) in collection order
# (--no-loadscope-reorder): the longest files first, so that the workers finish at about the same time.
# xdist queues a worker's next file once its current one has two tests left, so a long file should not
# end in two long tests: the example stacks are split into several tests each.
LONGEST_FIRST = (
    "test_reliability.py",
    "test_stack_local.py",
    "test_stack_example_ecs_ec2.py",
    "test_ecs_service.py",
    "test_stack_examples.py",
    "test_data_tier.py",
    "test_monitoring_backup.py",
    "test_edge.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest files first; a file's tests keep their order (a stable sort), as they build on each other."""

    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)


@pytest.fixture(scope="module")
def local_stack(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """inventories/local on an emptied emulator; the module's tests share it, in file order."""
    emulator.reset()
    yield Stack(emulator, "inventories/local", tmp_path_factory.mktemp("local-stack"))
