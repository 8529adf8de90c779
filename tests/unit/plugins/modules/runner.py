"""Run a module's main() against the emulator the way ansible does, and read what it exited with."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from ansible.module_utils.testing import patch_module_args

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator


@dataclass
class Result:
    rc: int
    out: dict[str, Any]

    @property
    def failed(self) -> bool:
        return self.rc != 0 or bool(self.out.get("failed"))

    @property
    def changed(self) -> bool:
        return bool(self.out.get("changed"))


def run(main: Callable[[], None], aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    """Run a module's main() with args the way ansible does, and return what it exited with."""
    module_args = {
        "region": REGION,
        "endpoint_url": aws.url,
        "aws_access_key": "testing",
        "aws_secret_key": "testing",
        "_ansible_check_mode": check_mode,
        "_ansible_diff": True,
        **args,
    }
    stdout = io.StringIO()
    with patch_module_args(module_args), contextlib.redirect_stdout(stdout), pytest.raises(SystemExit) as exited:
        main()
    return Result(rc=exited.value.code or 0, out=json.loads(stdout.getvalue()))
