"""Checks of the ECS one-off task fixes (tools/emulator/webstack_emulator/extensions/ecs_tasks.py)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

FAMILY = "webstack-migrate"


def plan_exit(aws: Emulator, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /_webstack/ecs-task-exits: the status and the JSON answer."""
    request = urllib.request.Request(f"{aws.url}/_webstack/ecs-task-exits", data=json.dumps(payload).encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def fargate_migration(aws: Emulator) -> tuple[str, str]:
    """A cluster, a subnet (VPC without DNS hostnames) and a Fargate task definition whose containers leave memory to the task."""
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.30.1.0/24")["Subnet"]["SubnetId"]
    ecs = aws.client("ecs")
    ecs.create_cluster(clusterName="jobs")
    ecs.register_task_definition(
        family=FAMILY,
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
        containerDefinitions=[{"name": "migrate", "image": "app:1"}, {"name": "log-router", "image": "fluent-bit", "essential": False}],
    )
    return vpc, subnet


def run(aws: Emulator, subnet: str, **extra: Any) -> dict[str, Any]:
    return aws.client("ecs").run_task(
        cluster="jobs",
        taskDefinition=FAMILY,
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet]}},
        **extra,
    )


@check("ecs", "RunTask")
def a_one_off_task_runs_every_container_to_its_exit(aws: Emulator) -> dict[str, Any]:
    vpc, subnet = fargate_migration(aws)
    assert plan_exit(aws, {"family": FAMILY, "exit_code": 3}) == (200, {"exits": {FAMILY: [3]}})
    response = run(aws, subnet, count=2, startedBy="deploy-42", overrides={"containerOverrides": [{"name": "migrate", "command": ["migrate"]}]})
    failing, passing = response["tasks"]
    for task in (failing, passing):
        assert (task["lastStatus"], task["desiredStatus"], task["stopCode"]) == ("STOPPED", "STOPPED", "EssentialContainerExited")
        assert task["stoppedReason"] == "Essential container in task exited"
        assert task["stoppedAt"] >= task["startedAt"]
        assert [container["name"] for container in task["containers"]] == ["migrate", "log-router"]
        assert {container["taskArn"] for container in task["containers"]} == {task["taskArn"]}
        assert {container["lastStatus"] for container in task["containers"]} == {"STOPPED"}
        assert task["attachments"][0]["status"] == "DELETED"
    assert [container["exitCode"] for container in failing["containers"]] == [3, 0]  # the planned exit: the essential container only
    assert [container["exitCode"] for container in passing["containers"]] == [0, 0]
    assert plan_exit(aws, {"family": FAMILY, "exit_code": 256})[0] == 400
    assert plan_exit(aws, {"family": "", "exit_code": 1})[0] == 400
    # No security group given: the VPC's default; the ENI the task used is gone with the task.
    default_group = aws.client("ec2").describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}])
    enis = aws.client("ec2").describe_network_interfaces(Filters=[{"Name": "group-id", "Values": [default_group["SecurityGroups"][0]["GroupId"]]}])
    assert enis["NetworkInterfaces"] == []
    details = {detail["name"]: detail["value"] for detail in failing["attachments"][0]["details"]}
    assert details["privateDnsName"].startswith("ip-")
    with pytest.raises(ClientError) as error:
        run(aws, subnet, overrides={"containerOverrides": [{"name": "web", "command": ["true"]}]})
    assert error.value.response["Error"]["Code"] == "InvalidParameterException"
    assert "web" in error.value.response["Error"]["Message"]
    return response


@check("ecs", "DescribeTasks")
def tasks_are_described_in_their_cluster_and_unknown_ones_missing(aws: Emulator) -> dict[str, Any]:
    subnet = fargate_migration(aws)[1]
    task_arn = run(aws, subnet)["tasks"][0]["taskArn"]
    aws.client("ecs").create_cluster(clusterName="other")
    assert aws.client("ecs").describe_tasks(cluster="other", tasks=[task_arn])["failures"] == [{"arn": task_arn, "reason": "MISSING"}]
    unknown = task_arn.rsplit("/", 1)[0] + "/0123456789abcdef0123456789abcdef"
    response = aws.client("ecs").describe_tasks(cluster="jobs", tasks=[task_arn, unknown])
    assert [task["taskArn"] for task in response["tasks"]] == [task_arn]
    assert response["tasks"][0]["lastStatus"] == "STOPPED"
    assert response["failures"] == [{"arn": unknown, "reason": "MISSING"}]
    return response
