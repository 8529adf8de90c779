"""Checks of the later ECS fixes (tools/emulator/webstack_emulator/extensions/ecs.py).

The checks of the first two ECS fixes (DescribeClusters, CreateService) stay in test_fixes.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

CLUSTER = "web"


def task_definitions(aws: Emulator, revisions: int = 2) -> list[str]:
    """Revisions of the task definition family "web", their ARNs."""
    ecs = aws.client("ecs")
    return [
        ecs.register_task_definition(family="web", containerDefinitions=[{"name": "web", "image": f"nginx:{n}", "memory": 128}])["taskDefinition"][
            "taskDefinitionArn"
        ]
        for n in range(revisions)
    ]


def service(aws: Emulator, name: str = "web", **extra: Any) -> dict[str, Any]:
    ecs = aws.client("ecs")
    ecs.create_cluster(clusterName=CLUSTER)
    return ecs.create_service(cluster=CLUSTER, serviceName=name, taskDefinition="web:1", desiredCount=2, **extra)["service"]


@check("ecs", "UpdateService")
def a_new_task_definition_is_a_new_deployment(aws: Emulator) -> dict[str, Any]:
    first, second = task_definitions(aws)
    created = service(aws)
    response = aws.client("ecs").update_service(cluster=CLUSTER, service="web", taskDefinition="web:2", desiredCount=3)
    updated = response["service"]
    assert updated["taskDefinition"] == second
    [deployment] = updated["deployments"]
    assert deployment["id"] != created["deployments"][0]["id"]
    assert (deployment["status"], deployment["taskDefinition"], deployment["rolloutState"]) == ("PRIMARY", second, "COMPLETED")
    assert (deployment["desiredCount"], deployment["runningCount"], updated["runningCount"]) == (3, 3, 3)
    assert created["taskDefinition"] == first
    return response


@check("ecs", "ListServices")
def services_list_in_pages_without_inactive_ones(aws: Emulator) -> dict[str, Any]:
    task_definitions(aws, 1)
    arns = sorted(service(aws, f"s{n:02d}")["serviceArn"] for n in range(12))
    ecs = aws.client("ecs")
    ecs.delete_service(cluster=CLUSTER, service="s00", force=True)
    response = ecs.list_services(cluster=CLUSTER)
    assert response["serviceArns"] == arns[1:11]
    rest = ecs.list_services(cluster=CLUSTER, nextToken=response["nextToken"])
    assert rest["serviceArns"] == arns[11:]
    assert "nextToken" not in rest
    return response


@check("ecs", "DeleteCluster")
def a_cluster_with_an_active_service_is_not_deleted(aws: Emulator) -> dict[str, Any]:
    task_definitions(aws, 1)
    service(aws)
    ecs = aws.client("ecs")
    with pytest.raises(ClientError) as error:
        ecs.delete_cluster(cluster=CLUSTER)
    assert error.value.response["Error"]["Code"] == "ClusterContainsServicesException"
    ecs.delete_service(cluster=CLUSTER, service="web", force=True)
    response = ecs.delete_cluster(cluster=CLUSTER)
    assert response["cluster"]["status"] == "INACTIVE"
    return response
