"""ECS one-off tasks (RunTask, DescribeTasks) for moto 5.2.5.

What AWS does, per the ECS API reference, the task lifecycle guide and botocore's model (2014-11-13):

- RunTask starts ``count`` tasks of a task definition; each task has one container per container
  definition, named after it, with the task's own ARN. An ``awsvpc`` task without security groups
  uses the default security group of its subnets' VPC, and gets an ENI with a private DNS name;
  a Fargate container may leave ``memory`` to the task. A container override must name a container
  of the task definition (``InvalidParameterException``).
- A one-off task (one no service started: ``startedBy`` not ``ecs-svc/...``) goes PROVISIONING ->
  PENDING -> RUNNING -> STOPPED when its essential container exits: ``stopCode``
  ``EssentialContainerExited``, ``stoppedReason`` "Essential container in task exited", every
  container STOPPED with its ``exitCode``, ``stoppedAt`` set, the task's ENI deleted. The emulator
  runs one-off tasks to completion at once: RunTask already answers them STOPPED. Their containers
  exit 0, unless an exit was planned for the task definition's family (:func:`plan_exit`, the
  ``/_webstack/ecs-task-exits`` control endpoint): then the next tasks of the family each take one
  planned exit code for their essential containers.
- DescribeTasks answers the tasks of the named cluster only, and a ``MISSING`` failure for each task
  it does not know.
"""

from __future__ import annotations

import threading
from collections import deque
from functools import wraps
from types import SimpleNamespace
from typing import Any

from webstack_emulator.extensions import fix

SERVICE_STARTED_BY = "ecs-svc/"
STOP_CODE = "EssentialContainerExited"
STOPPED_REASON = "Essential container in task exited"
MAX_EXIT_CODE = 255

_LOCK = threading.Lock()
_EXITS: dict[str, deque[int]] = {}  # family -> exit codes of its next one-off tasks, in order


def plan_exit(payload: Any) -> dict[str, Any]:
    """Make the next `tasks` one-off tasks of `family` exit with `exit_code`: {"family", "exit_code", "tasks": 1}."""
    if not isinstance(payload, dict):
        raise TypeError("an exit plan must be an object: {family, exit_code, tasks}")
    unknown = set(payload) - {"family", "exit_code", "tasks"}
    if unknown:
        raise ValueError(f"unknown exit plan keys: {', '.join(sorted(unknown))} (known: exit_code, family, tasks)")
    family, code, tasks = payload.get("family"), payload.get("exit_code"), payload.get("tasks", 1)
    if not isinstance(family, str) or not family:
        raise ValueError("family must be a task definition family name")
    if isinstance(code, bool) or not isinstance(code, int) or not 0 <= code <= MAX_EXIT_CODE:
        raise ValueError(f"exit_code must be an integer from 0 to {MAX_EXIT_CODE}, not {code!r}")
    if isinstance(tasks, bool) or not isinstance(tasks, int) or tasks < 1:
        raise ValueError(f"tasks must be an integer >= 1, not {tasks!r}")
    with _LOCK:
        _EXITS.setdefault(family, deque()).extend([code] * tasks)
    return planned_exits()


def planned_exits() -> dict[str, Any]:
    """The exit codes still planned, per family, in the order the next tasks take them."""
    with _LOCK:
        return {"exits": {family: list(codes) for family, codes in _EXITS.items() if codes}}


def reset() -> None:
    with _LOCK:
        _EXITS.clear()


def _next_exit(family: str) -> int:
    with _LOCK:
        codes = _EXITS.get(family)
        return codes.popleft() if codes else 0


def _ecs_error(code: str, message: str) -> Exception:
    from moto.ecs.exceptions import ECSException

    return ECSException(code, message)


@fix(
    "ecs",
    "RunTask",
    "An awsvpc task without securityGroups crashed moto (KeyError), so did a Fargate container without memory (TypeError) and a "
    "subnet in a VPC without DNS hostnames (no private DNS name on the ENI); a task had one container, built from the first "
    "definition, with the task definition's ARN as its taskArn; overrides of unknown containers were accepted; a one-off task "
    "never exited (it stepped towards STOPPED one state per DescribeTasks, with no stopCode, stoppedAt or container exit). "
    "AWS defaults the security group, runs every container and stops a one-off task when its essential container exits.",
)
def one_off_tasks_run_to_completion() -> None:
    from moto.ec2.models.elastic_network_interfaces import NetworkInterface
    from moto.ecs.models import EC2ContainerServiceBackend

    # moto sets private_dns_name only in VPCs with DNS hostnames, and Task reads it for its ENI attachment.
    NetworkInterface.private_dns_name = None  # type: ignore[attr-defined]
    requirements = EC2ContainerServiceBackend._calculate_task_resource_requirements

    def _calculate_task_resource_requirements(task_definition: Any) -> dict[str, Any]:
        definitions = [_with_memory(definition) for definition in task_definition.container_definitions]
        return requirements(SimpleNamespace(container_definitions=definitions))

    EC2ContainerServiceBackend._calculate_task_resource_requirements = staticmethod(_calculate_task_resource_requirements)  # type: ignore[method-assign]
    original = EC2ContainerServiceBackend.run_task

    @wraps(original)
    def run_task(
        self: EC2ContainerServiceBackend,
        cluster_str: str,
        task_definition_str: str,
        count: int,
        overrides: dict[str, Any] | None,
        started_by: str,
        tags: list[dict[str, str]] | None,
        launch_type: str | None,
        networking_configuration: dict[str, Any] | None = None,
        group: str | None = None,
        platform_version: str | None = None,
        capacity_provider_strategy: list[dict[str, Any]] | None = None,
    ) -> list[Any]:
        task_definition = self.describe_task_definition(task_definition_str)
        _check_overrides(task_definition, overrides)
        _default_security_groups(self, networking_configuration)
        tasks = original(
            self,
            cluster_str,
            task_definition_str,
            count,
            overrides,
            started_by,
            tags,
            launch_type,
            networking_configuration,
            group,
            platform_version,
            capacity_provider_strategy,
        )
        for task in tasks:
            _run(self, task, task_definition)
        return tasks

    EC2ContainerServiceBackend.run_task = run_task  # type: ignore[method-assign]


def _with_memory(definition: dict[str, Any]) -> dict[str, Any]:
    """A container definition moto can add up: no memory of its own (a Fargate task's) counts as 0."""
    keys = ("memory", "memoryReservation", "Memory", "MemoryReservation")
    return definition if any(definition.get(key) is not None for key in keys) else {**definition, "memory": 0}


def _check_overrides(task_definition: Any, overrides: dict[str, Any] | None) -> None:
    names = {definition.get("name") for definition in task_definition.container_definitions}
    for override in (overrides or {}).get("containerOverrides") or []:
        if override.get("name") not in names:
            raise _ecs_error("InvalidParameterException", f"Override for container named {override.get('name')} is not a container in the TaskDefinition.")


def _default_security_groups(backend: Any, networking_configuration: dict[str, Any] | None) -> None:
    """The default security group of the first subnet's VPC, where an awsvpc configuration names none (AWS's default)."""
    from moto.ec2.exceptions import InvalidSubnetIdError
    from moto.ec2.models import ec2_backends

    awsvpc = (networking_configuration or {}).get("awsvpcConfiguration") or {}
    if not awsvpc.get("subnets") or awsvpc.get("securityGroups"):
        return
    ec2 = ec2_backends[backend.account_id][backend.region_name]
    try:
        vpc_id = ec2.get_subnet(awsvpc["subnets"][0]).vpc_id
    except InvalidSubnetIdError as error:
        raise _ecs_error("InvalidParameterException", f"Error retrieving subnet information for [{awsvpc['subnets'][0]}]: {error.message}") from None
    group = ec2.get_default_security_group(vpc_id)
    awsvpc["securityGroups"] = [group.id] if group is not None else []


def _run(backend: Any, task: Any, task_definition: Any) -> None:
    """Give the task its containers and AWS's timestamps; a one-off task runs to its end at once."""
    from moto.core.utils import utcnow

    now = utcnow()
    task.created_at = task.pull_started_at = task.pull_stopped_at = task.started_at = now
    task.cpu = task_definition.cpu
    task.memory = task_definition.memory
    task.containers = [_container(task, definition) for definition in task_definition.container_definitions]
    for attachment in task.attachments:
        _fill_private_dns_name(attachment)
    if not task.started_by.startswith(SERVICE_STARTED_BY):
        _stop(backend, task, task_definition, _next_exit(task_definition.family), now)


def _container(task: Any, definition: dict[str, Any]) -> dict[str, Any]:
    from moto.moto_api._internal import mock_random

    task_path = task.task_arn.split(":task/", 1)[1]
    cluster_path = task_path if "/" in task_path else f"{task.cluster_name}/{task_path}"
    container = {
        "containerArn": f"{task.task_arn.split(':task/', 1)[0]}:container/{cluster_path}/{mock_random.uuid4()}",
        "taskArn": task.task_arn,
        "name": definition.get("name"),
        "image": definition.get("image"),
        "runtimeId": f"{task.id}-{mock_random.randint(1000000000, 9999999999)}",
        "lastStatus": "RUNNING",
        "healthStatus": "UNKNOWN",
        "cpu": str(definition.get("cpu", 0)),
        "networkInterfaces": [_network_interface(attachment) for attachment in task.attachments],
    }
    for key in ("memory", "memoryReservation"):
        if definition.get(key) is not None:
            container[key] = str(definition[key])
    return container


def _network_interface(attachment: dict[str, Any]) -> dict[str, str]:
    details = {detail["name"]: detail["value"] for detail in attachment["details"]}
    return {"attachmentId": attachment["id"], "privateIpv4Address": details["privateIPv4Address"]}


def _fill_private_dns_name(attachment: dict[str, Any]) -> None:
    from moto.ec2.utils import generate_dns_from_ip

    details = {detail["name"]: detail for detail in attachment["details"]}
    if "privateDnsName" in details and details["privateDnsName"]["value"] is None:
        details["privateDnsName"]["value"] = generate_dns_from_ip(details["privateIPv4Address"]["value"])


def _stop(backend: Any, task: Any, task_definition: Any, exit_code: int, now: Any) -> None:
    """The task's essential containers exited with exit_code (the others with 0): the task STOPPED, its ENI and resources freed."""
    essential = {definition.get("name") for definition in task_definition.container_definitions if definition.get("essential", True)}
    for container in task.containers:
        container.update(lastStatus="STOPPED", exitCode=exit_code if container["name"] in essential else 0)
    task.last_status = task.desired_status = "STOPPED"
    task.stop_code = STOP_CODE
    task.stopped_reason = STOPPED_REASON
    task.stopping_at = task.execution_stopped_at = task.stopped_at = now
    _release(backend, task)


def _release(backend: Any, task: Any) -> None:
    """What a stopped task held: its ENI (awsvpc) or its container instance's resources (EC2)."""
    from moto.ec2.models import ec2_backends

    ec2 = ec2_backends[backend.account_id][backend.region_name]
    for attachment in task.attachments:
        details = {detail["name"]: detail["value"] for detail in attachment["details"]}
        ec2.enis.pop(details.get("networkInterfaceId"), None)
        attachment["status"] = "DELETED"
    if task.container_instance_arn:
        instance = backend.container_instances[task.cluster_name][task.container_instance_arn.split("/")[-1]]
        backend.update_container_instance_resources(instance, task.resource_requirements, removing=True)
        backend.update_cluster_resources(backend._get_cluster(task.cluster_name), -1, task_state="RUNNING")


@fix(
    "ecs",
    "DescribeTasks",
    "Tasks of every cluster were answered (matched by any substring of their ID) and an unknown task was left out silently. "
    "AWS answers the named cluster's tasks and a MISSING failure for each task it does not find.",
)
def tasks_described_in_their_cluster() -> None:
    from moto.ecs.models import EC2ContainerServiceBackend

    def describe_tasks(self: EC2ContainerServiceBackend, cluster_str: str, tasks: list[str]) -> list[Any]:
        cluster = self._get_cluster(cluster_str)
        if not tasks:
            raise _ecs_error("InvalidParameterException", "Tasks cannot be empty.")
        known = self.tasks.get(cluster.name, {})
        found = []
        for name in tasks:
            task = next((task for task in known.values() if name in (task.task_arn, task.id)), None)
            if task is not None:
                task.advance()
                found.append(task)
        return found

    EC2ContainerServiceBackend.describe_tasks = describe_tasks  # type: ignore[method-assign]
    _answer_missing_tasks()


def _answer_missing_tasks() -> None:
    from moto.ecs.responses import EC2ContainerServiceResponse

    original = EC2ContainerServiceResponse.describe_tasks

    @wraps(original)
    def describe_tasks(self: EC2ContainerServiceResponse) -> Any:
        result = original(self)
        answered = {name for task in result.result["tasks"] for name in (task.task_arn, task.id)}
        cluster = self.ecs_backend._get_cluster(self._get_param("cluster", "default"))
        result.result["failures"] = [
            {"arn": name if name.startswith("arn:") else f"{cluster.arn.replace(':cluster/', ':task/')}/{name}", "reason": "MISSING"}
            for name in self._get_param("tasks", [])
            if name not in answered
        ]
        return result

    EC2ContainerServiceResponse.describe_tasks = describe_tasks  # type: ignore[method-assign]
