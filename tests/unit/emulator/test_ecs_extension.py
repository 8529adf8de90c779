"""The ECS fixes' behaviours beyond their checks: services read back as created and updated, paging, busy clusters."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.ecs import CLUSTER
from tests.unit.emulator.checks.ecs import service
from tests.unit.emulator.checks.ecs import task_definitions
from tests.unit.emulator.model import shape_errors


def described(aws: Emulator, name: str = "web") -> dict[str, Any]:
    response = aws.client("ecs").describe_services(cluster=CLUSTER, services=[name], include=["TAGS"])
    assert shape_errors("ecs", "DescribeServices", response) == ""
    return response["services"][0]


def test_a_new_service_reads_back_aws_defaults_and_is_steady(aws: Emulator) -> None:
    task_definitions(aws, 1)
    service(aws)

    found = described(aws)

    assert found["deploymentConfiguration"] == {
        "deploymentCircuitBreaker": {"enable": False, "rollback": False},
        "maximumPercent": 200,
        "minimumHealthyPercent": 100,
    }
    assert (found["enableExecuteCommand"], found["enableECSManagedTags"], found["propagateTags"]) == (False, False, "NONE")
    assert (found["runningCount"], found["pendingCount"]) == (2, 0)
    [deployment] = found["deployments"]
    assert (deployment["rolloutState"], deployment["runningCount"]) == ("COMPLETED", 2)


def test_a_new_service_reads_back_what_it_was_created_with(aws: Emulator) -> None:
    task_definitions(aws, 1)
    service(
        aws,
        deploymentConfiguration={"minimumHealthyPercent": 50, "deploymentCircuitBreaker": {"enable": True, "rollback": True}},
        enableExecuteCommand=True,
        enableECSManagedTags=True,
        healthCheckGracePeriodSeconds=30,
        tags=[{"key": "a", "value": "1"}],
    )

    found = described(aws)

    assert found["deploymentConfiguration"] == {
        "deploymentCircuitBreaker": {"enable": True, "rollback": True},
        "maximumPercent": 200,
        "minimumHealthyPercent": 50,
    }
    assert (found["enableExecuteCommand"], found["enableECSManagedTags"], found["healthCheckGracePeriodSeconds"]) == (True, True, 30)
    assert found["tags"] == [{"key": "a", "value": "1"}]


def test_a_capacity_provider_strategy_replaces_the_launch_type(aws: Emulator) -> None:
    task_definitions(aws, 1)
    strategy = [{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}]
    service(aws, capacityProviderStrategy=strategy)

    found = described(aws)

    assert found["capacityProviderStrategy"] == strategy
    assert "launchType" not in found and "launchType" not in found["deployments"][0]
    assert found["platformVersion"] == "LATEST"


def test_a_fargate_service_runs_the_latest_platform_version(aws: Emulator) -> None:
    task_definitions(aws, 1)
    service(aws, launchType="FARGATE")

    assert described(aws)["platformVersion"] == "LATEST"


def test_a_desired_count_change_keeps_the_deployment(aws: Emulator) -> None:
    task_definitions(aws, 1)
    created = service(aws)

    aws.client("ecs").update_service(cluster=CLUSTER, service="web", desiredCount=5)

    found = described(aws)
    [deployment] = found["deployments"]
    assert deployment["id"] == created["deployments"][0]["id"]
    assert (deployment["desiredCount"], deployment["runningCount"], found["runningCount"]) == (5, 5, 5)


def test_a_forced_deployment_is_a_new_deployment(aws: Emulator) -> None:
    task_definitions(aws, 1)
    created = service(aws)

    aws.client("ecs").update_service(cluster=CLUSTER, service="web", forceNewDeployment=True)

    [deployment] = described(aws)["deployments"]
    assert deployment["id"] != created["deployments"][0]["id"]


def test_an_update_merges_the_deployment_configuration(aws: Emulator) -> None:
    task_definitions(aws, 1)
    service(aws, deploymentConfiguration={"minimumHealthyPercent": 50})

    aws.client("ecs").update_service(cluster=CLUSTER, service="web", deploymentConfiguration={"maximumPercent": 150})

    assert described(aws)["deploymentConfiguration"] == {
        "deploymentCircuitBreaker": {"enable": False, "rollback": False},
        "maximumPercent": 150,
        "minimumHealthyPercent": 50,
    }


def test_an_inactive_service_is_not_updated(aws: Emulator) -> None:
    task_definitions(aws, 1)
    service(aws)
    ecs = aws.client("ecs")
    ecs.delete_service(cluster=CLUSTER, service="web", force=True)

    with pytest.raises(ClientError) as error:
        ecs.update_service(cluster=CLUSTER, service="web", desiredCount=1)

    assert error.value.response["Error"]["Code"] == "ServiceNotActiveException"


def test_an_unknown_task_definition_is_refused_on_update(aws: Emulator) -> None:
    task_definitions(aws, 1)
    service(aws)

    with pytest.raises(ClientError) as error:
        aws.client("ecs").update_service(cluster=CLUSTER, service="web", taskDefinition="web:9")

    assert error.value.response["Error"]["Code"] == "ClientException"


def test_list_services_pages_by_max_results(aws: Emulator) -> None:
    task_definitions(aws, 1)
    arns = sorted(service(aws, f"s{n}")["serviceArn"] for n in range(3))
    ecs = aws.client("ecs")

    pages = list(ecs.get_paginator("list_services").paginate(cluster=CLUSTER, PaginationConfig={"PageSize": 2}))

    assert [page["serviceArns"] for page in pages] == [arns[:2], arns[2:]]


@pytest.mark.parametrize(("extra", "code"), [({"maxResults": 101}, "InvalidParameterException"), ({"nextToken": "nonsense"}, "InvalidParameterException")])
def test_list_services_refuses_bad_paging(aws: Emulator, extra: dict[str, Any], code: str) -> None:
    task_definitions(aws, 1)
    service(aws)

    with pytest.raises(ClientError) as error:
        aws.client("ecs").list_services(cluster=CLUSTER, **extra)

    assert error.value.response["Error"]["Code"] == code


def test_a_cluster_with_a_container_instance_is_not_deleted(aws: Emulator) -> None:
    ec2 = aws.client("ec2")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    ecs = aws.client("ecs")
    ecs.create_cluster(clusterName=CLUSTER)
    document = f'{{"instanceId": "{instance}", "region": "eu-west-1"}}'
    ecs.register_container_instance(cluster=CLUSTER, instanceIdentityDocument=document)

    with pytest.raises(ClientError) as error:
        ecs.delete_cluster(cluster=CLUSTER)

    assert error.value.response["Error"]["Code"] == "ClusterContainsContainerInstancesException"
