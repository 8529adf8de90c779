"""The bad-input corpus: each case fails before any mutating call, naming the variable to fix.

A case is a file bad_inputs/<role>/<case>.yml with `vars` (extra vars for the run) and
`names` (the variable the error message must name). Later roles add their own directories.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.harness.emulator import Emulator
from tests.harness.stack import Stack

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(CORPUS.glob("*/*.yml"))


@pytest.fixture(scope="module")
def empty_stack(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Stack:
    emulator.reset()
    return Stack(emulator, "inventories/local", tmp_path_factory.mktemp("bad-inputs"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_bad_input_fails_cleanly(empty_stack: Stack, case: Path) -> None:
    spec = yaml.safe_load(case.read_text())
    role = case.parent.name
    run = empty_stack.converge(tags=[role], extravars=spec["vars"])
    assert not run.ok, f"{case.name} was accepted"
    assert run.calls.mutating == [], f"{case.name} changed AWS before failing"
    messages = " ".join(run.failures) or run.stdout
    assert spec["names"] in messages, f"the error does not name {spec['names']}: {messages[:2000]}"


def test_the_corpus_is_not_empty() -> None:
    assert len(CASES) >= 10
