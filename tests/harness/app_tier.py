"""The app tier's checks the stack tests share: the service, its revision, a deploy and a rollback."""

from __future__ import annotations

from typing import Any

from tests.harness.stack import Stack


def service(stack: Stack, name: str) -> dict[str, Any]:
    [found] = stack.aws("ecs").describe_services(cluster=name, services=[f"{name}-web"])["services"]
    return found


def revision(described: dict[str, Any]) -> int:
    return int(described["taskDefinition"].rsplit(":", 1)[1])


def app_tier_runs_alone_deploys_and_rolls_back(stack: Stack, name: str, migration: list[str]) -> None:
    """--tags ecs_service alone and in check mode change nothing; a deploy moves to a new revision, a rollback back."""
    alone = stack.converge(tags=["ecs_service"])
    assert alone.ok and alone.changed_tasks == [] and alone.calls.mutating == [], alone.failures or alone.changed_tasks
    checked = stack.converge(tags=["ecs_service"], check=True)
    assert checked.ok and checked.changed_tasks == [] and checked.calls.mutating == [], checked.failures or checked.changed_tasks
    before = revision(service(stack, name))
    deploy = stack.run("playbooks/deploy.yml", extravars={"ecs_service_image_tag": "9.9.9", "ecs_service_migration_command": migration})
    assert deploy.ok, deploy.failures
    assert revision(service(stack, name)) == before + 1
    rollback = stack.run("playbooks/rollback.yml")
    assert rollback.ok, rollback.failures
    current = service(stack, name)
    assert revision(current) == before and current["runningCount"] == current["desiredCount"]
