"""ecs_taskdefinition_family_info against the emulator: one family's revisions, oldest first, other families left out."""

from __future__ import annotations

from ansible_collections.webstack.aws.plugins.modules import ecs_taskdefinition_family_info as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import run


def register(aws: Emulator, family: str) -> str:
    container = {"name": "web", "image": "web:1.0.0", "memory": 512}
    return aws.client("ecs").register_task_definition(family=family, containerDefinitions=[container])["taskDefinition"]["taskDefinitionArn"]


def test_lists_the_familys_revisions_oldest_first_without_prefix_matches(aws: Emulator) -> None:
    first, second, third = (register(aws, "demo-web") for revision in range(3))
    register(aws, "demo-web-worker")
    aws.client("ecs").deregister_task_definition(taskDefinition=second)
    aws.clear_calls()
    active = run(module.main, aws, {"family": "demo-web"})
    assert not active.failed and not active.changed
    assert (active.out["task_definition_arns"], active.out["revisions"]) == ([first, third], [1, 3])
    assert run(module.main, aws, {"family": "demo-web", "status": "INACTIVE"}).out["revisions"] == [2]
    assert aws.calls().mutating == []


def test_an_unknown_family_has_no_revisions(aws: Emulator) -> None:
    assert run(module.main, aws, {"family": "nothing"}).out["task_definition_arns"] == []
