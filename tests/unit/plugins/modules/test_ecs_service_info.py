"""ecs_service_info through main() against the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.module_utils import ecs
from ansible_collections.webstack.aws.plugins.modules import ecs_service_info as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

CLUSTER = "webstack-test-app"


@pytest.fixture
def aws_ecs(aws: Emulator) -> Any:
    client = aws.client("ecs")
    client.create_cluster(clusterName=CLUSTER)
    client.register_task_definition(family="web", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}])
    return client


def make(client: Any, *names: str) -> None:
    for name in names:
        client.create_service(cluster=CLUSTER, serviceName=name, taskDefinition="web", desiredCount=1, tags=[{"key": "svc", "value": name}])


def info(aws: Emulator, check_mode: bool = False, **args: Any) -> Result:
    return run(module.main, aws, {"cluster": CLUSTER, **args}, check_mode)


def test_every_service_of_the_cluster_is_listed_across_pages(aws: Emulator, aws_ecs: Any) -> None:
    names = [f"svc-{n:02d}" for n in range(12)]  # more than ListServices' page of 10
    make(aws_ecs, *names)
    aws.clear_calls()

    result = info(aws)

    assert not result.failed, result.out
    assert not result.changed
    assert [s["service_name"] for s in result.out["services"]] == names
    assert aws.calls().count("ListServices") == 2
    assert aws.calls().count("DescribeServices") == 2  # ten names a call


def test_services_are_returned_snake_cased_with_tags_as_a_dict(aws: Emulator, aws_ecs: Any) -> None:
    make(aws_ecs, "web")

    [service] = info(aws, names=["web"]).out["services"]

    assert service["tags"] == {"svc": "web"}
    assert service["task_definition"].endswith("task-definition/web:1")
    assert service["deployments"][0]["rollout_state"] == "COMPLETED"
    assert service["deployment_configuration"]["maximum_percent"] == 200


def test_named_services_only_and_unknown_or_deleted_ones_left_out(aws: Emulator, aws_ecs: Any) -> None:
    make(aws_ecs, "api", "web", "old")
    aws_ecs.delete_service(cluster=CLUSTER, service="old", force=True)

    result = info(aws, names=["web", "missing", "old"])

    assert [s["service_name"] for s in result.out["services"]] == ["web"]


def test_an_empty_cluster_lists_nothing(aws: Emulator, aws_ecs: Any) -> None:
    assert info(aws).out["services"] == []


def test_check_mode_lists_too(aws: Emulator, aws_ecs: Any) -> None:
    make(aws_ecs, "web")

    result = info(aws, check_mode=True)

    assert [s["service_name"] for s in result.out["services"]] == ["web"]


def test_a_missing_cluster_fails_naming_it(aws: Emulator) -> None:
    result = info(aws, cluster="nowhere")

    assert result.failed
    assert result.out["msg"] == "ECS cluster nowhere does not exist"


def test_resource_view_keeps_tag_keys_as_they_are() -> None:
    view = ecs.resource_view({"serviceName": "web", "tags": [{"key": "webstack:Stack", "value": "Demo"}], "deploymentConfiguration": {"maximumPercent": 200}})
    assert view == {"service_name": "web", "deployment_configuration": {"maximum_percent": 200}, "tags": {"webstack:Stack": "Demo"}}
