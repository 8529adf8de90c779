"""ansible-playbook through ansible-runner (as AWX runs it), against one emulator."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import ansible_runner

from tests.harness.emulator import REPO
from tests.harness.emulator import CallLog
from tests.harness.emulator import Emulator


@dataclass
class TaskResult:
    task: str
    role: str
    changed: bool
    failed: bool
    result: dict[str, Any]


@dataclass
class Run:
    """One ansible-playbook run: recap, per-task results and the AWS calls it made."""

    rc: int
    status: str
    stats: dict[str, Any]
    tasks: list[TaskResult]
    calls: CallLog
    tasks_started: int
    stdout: str = field(repr=False)

    @property
    def ok(self) -> bool:
        return self.rc == 0 and self.status == "successful"

    @property
    def changed(self) -> int:
        return sum((self.stats.get("changed") or {}).values())

    @property
    def changed_tasks(self) -> list[str]:
        return [t.task for t in self.tasks if t.changed]

    @property
    def failures(self) -> list[str]:
        return [f"{t.task}: {t.result.get('msg', t.result)}" for t in self.tasks if t.failed]


def _killer(task_number: int) -> dict[str, Any]:
    """ansible-runner hooks that cancel the run once task_number tasks have started."""
    started = 0

    def count(event: dict[str, Any]) -> bool:
        nonlocal started
        started += event.get("event") == "playbook_on_task_start"
        return True

    return {
        "event_handler": count,
        "cancel_callback": lambda: started >= task_number,
        # ansible-runner checks for cancellation after each read wait; keep it short.
        "settings": {"pexpect_timeout": 0.05},
    }


class Stack:
    """One inventory's stack on one emulator: converge, check, tear down, read AWS."""

    def __init__(self, emulator: Emulator, inventory: str, workdir: Path) -> None:
        self.emulator = emulator
        self.inventory = REPO / inventory
        self.workdir = workdir
        self.runs = 0

    def run(
        self,
        playbook: str = "site.yml",
        *,
        tags: list[str] | None = None,
        skip_tags: list[str] | None = None,
        check: bool = False,
        diff: bool = False,
        extravars: dict[str, Any] | None = None,
        kill_at_task: int | None = None,
        verbosity: int = 0,
    ) -> Run:
        """ansible-playbook; with kill_at_task=n it is killed (SIGKILL, as AWX cancels a job) once its n-th task has started."""
        self.emulator.clear_calls()
        self.runs += 1
        private = self.workdir / f"run-{self.runs}"
        private.mkdir(parents=True)
        cmdline = " ".join(flag for flag, wanted in (("--check", check), ("--diff", diff)) if wanted)
        envvars = dict(self.emulator.env)
        envvars["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        envvars["ANSIBLE_CONFIG"] = str(REPO / "ansible.cfg")
        runner = ansible_runner.run(
            private_data_dir=str(private),
            project_dir=str(REPO),
            playbook=str(REPO / playbook),
            inventory=str(self.inventory),
            envvars=envvars,
            extravars=extravars or {},
            tags=",".join(tags) if tags else None,
            skip_tags=",".join(skip_tags) if skip_tags else None,
            cmdline=cmdline or None,
            verbosity=verbosity or None,
            quiet=True,
            **(_killer(kill_at_task) if kill_at_task else {}),
        )
        tasks = [
            TaskResult(
                task=event["event_data"].get("task", ""),
                role=event["event_data"].get("role", ""),
                changed=bool(event["event_data"].get("res", {}).get("changed")),
                failed=event["event"].endswith("failed") and not event["event_data"].get("ignore_errors"),
                result=event["event_data"].get("res", {}),
            )
            for event in runner.events
            if event.get("event") in ("runner_on_ok", "runner_on_failed")
        ]
        return Run(
            rc=runner.rc,
            status=runner.status,
            stats=runner.stats or {},
            tasks=tasks,
            calls=self.emulator.calls(),
            tasks_started=sum(1 for event in runner.events if event.get("event") == "playbook_on_task_start"),
            stdout=runner.stdout.read(),
        )

    def converge(self, **kwargs: Any) -> Run:
        return self.run("site.yml", **kwargs)

    def teardown(self, **kwargs: Any) -> Run:
        extravars = {"webstack_allow_data_loss": True, **kwargs.pop("extravars", {})}
        return self.run("playbooks/teardown.yml", extravars=extravars, **kwargs)

    def aws(self, service: str) -> Any:
        return self.emulator.client(service)
