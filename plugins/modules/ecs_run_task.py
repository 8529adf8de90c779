#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ecs_run_task
version_added: 0.4.0
short_description: Run one-off ECS tasks to completion, such as database migrations
description:
  - Run O(count) tasks of an ECS task definition, wait until every one of them has C(STOPPED), and fail unless every
    essential container of every task exited with code 0.
  - Made for the steps of a deploy that must finish before the next one starts, such as a database migration that must
    succeed before the service is updated. M(community.aws.ecs_task) with C(operation=run) and C(wait=true) only waits
    until the tasks are C(RUNNING).
  - A failure names each task's ARN, its stop code and stopped reason, and every container's exit code (or the reason
    it has none, such as an image that could not be pulled).
  - The task definition is read first (C(DescribeTaskDefinition)) to know which containers are essential and to check
    O(container_overrides) against it; the tasks then run exactly that revision, even when O(task_definition) names
    only a family.
  - Running tasks is not idempotent; the module always runs them and always reports a change. Each run sends one
    C(clientToken), so a RunTask call retried after a throttling or network error does not start the tasks twice, but
    running the module again (for example after an interrupted play) runs the tasks again. A migration run this way
    must itself be idempotent (safe to run twice), as migration tools with a schema version table are.
author:
  - webstack.aws maintainers (@webstack)
options:
  cluster:
    description:
      - The name or ARN of the cluster to run the tasks in.
    required: true
    type: str
  task_definition:
    description:
      - The task definition to run, as C(family) (its latest ACTIVE revision), C(family:revision) or a full ARN.
    required: true
    type: str
  launch_type:
    description:
      - Where the tasks run. When neither O(launch_type) nor O(capacity_provider_strategy) is set, V(FARGATE).
      - Mutually exclusive with O(capacity_provider_strategy).
    choices: ['FARGATE', 'EC2']
    type: str
  capacity_provider_strategy:
    description:
      - The capacity providers to run the tasks on, instead of a launch type.
      - Mutually exclusive with O(launch_type).
    type: list
    elements: dict
    suboptions:
      capacity_provider:
        description:
          - The name of the capacity provider, for example V(FARGATE) or V(FARGATE_SPOT).
        required: true
        type: str
      weight:
        description:
          - The relative share of the tasks this provider gets, 0 to 1000; 0 when not set.
        type: int
      base:
        description:
          - How many tasks at least run on this provider, 0 to 100000; 0 when not set. At most one provider may have a base above 0.
        type: int
  platform_version:
    description:
      - The Fargate platform version, for example V(1.4.0). AWS uses C(LATEST) when it is not set.
    type: str
  network_configuration:
    description:
      - The network of tasks whose task definition uses the C(awsvpc) network mode, which every Fargate task does.
    type: dict
    suboptions:
      subnets:
        description:
          - The IDs of the subnets the tasks run in, up to 16. Required on Fargate and for C(awsvpc) tasks on EC2.
        type: list
        elements: str
      security_groups:
        description:
          - The IDs of the security groups of the tasks, up to 5. AWS uses the VPC's default security group when none is given.
        type: list
        elements: str
      assign_public_ip:
        description:
          - Whether the tasks' network interfaces get a public IP address.
        default: false
        type: bool
  container_overrides:
    description:
      - Changes to containers of the task definition for these tasks only.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - The name of the container, as the task definition names it.
        required: true
        type: str
      command:
        description:
          - The command the container runs instead of the task definition's.
        type: list
        elements: str
      environment:
        description:
          - Environment variables added to (or replacing those of) the container's, as a dict of names and values.
        type: dict
  started_by:
    description:
      - The C(startedBy) of the tasks, to find them later (C(aws ecs list-tasks --started-by ...)).
      - Up to 128 letters, digits, hyphens, forward slashes and underscores. A value starting with C(ecs-svc/) is the
        mark of tasks a service starts, and is refused.
    default: webstack-aws
    type: str
  count:
    description:
      - How many tasks to run, 1 to 10.
    default: 1
    type: int
  wait:
    description:
      - Wait until every task has C(STOPPED), then fail unless every essential container exited with code 0.
      - With O(wait=false) the module returns as soon as AWS has accepted the tasks, and does not check how they end.
    default: true
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait for the tasks to stop when O(wait=true). Tasks still running then are left running and
        the module fails naming them.
    default: 1800
    type: int
  tags:
    description:
      - Tags of the tasks, as a dict.
    type: dict
    aliases: ['resource_tags']
notes:
  - In check mode the module reads the task definition (a task definition it cannot find is only a warning, since an
    earlier task of the play may register it), runs nothing and reports a change.
  - The module has no C(state), no diff and no C(purge_tags) option, since every run starts new tasks.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Migrate the database with the new image before the service is updated
  webstack.aws.ecs_run_task:
    cluster: webstack-prod
    task_definition: webstack-prod-app
    container_overrides:
      - name: app
        command: ["python", "manage.py", "migrate", "--noinput"]
        environment:
          DJANGO_SETTINGS_MODULE: site.settings.prod
    network_configuration:
      subnets: "{{ private_subnet_ids }}"
      security_groups: ["{{ app_security_group_id }}"]
    started_by: deploy-migrate
    wait_timeout: 900
  register: migration

- name: Run a batch on Fargate Spot and do not wait for it
  webstack.aws.ecs_run_task:
    cluster: webstack-prod
    task_definition: webstack-prod-report:7
    capacity_provider_strategy:
      - capacity_provider: FARGATE_SPOT
        weight: 1
    network_configuration:
      subnets: "{{ private_subnet_ids }}"
    wait: false
    tags:
      job: nightly-report
"""

RETURN = r"""
task_definition_arn:
  description: The ARN of the task definition revision the tasks run (or would run, in check mode).
  returned: when the task definition was found
  type: str
  sample: arn:aws:ecs:eu-west-1:123456789012:task-definition/webstack-prod-app:12
tasks:
  description:
    - The tasks, as C(DescribeTasks) answers them once they have stopped (as C(RunTask) answers them with O(wait=false)),
      in snake_case, timestamps as ISO 8601 strings. Empty in check mode.
    - Also returned when the module fails because a task failed or did not stop in time.
  returned: always
  type: list
  elements: dict
  contains:
    task_arn:
      description: The ARN of the task.
      type: str
      sample: arn:aws:ecs:eu-west-1:123456789012:task/webstack-prod/0d1e5b4c4b7e4f0ea2a55a2d8f8a9a1c
    task_definition_arn:
      description: The ARN of the task definition revision the task runs.
      type: str
      sample: arn:aws:ecs:eu-west-1:123456789012:task-definition/webstack-prod-app:12
    cluster_arn:
      description: The ARN of the cluster.
      type: str
      sample: arn:aws:ecs:eu-west-1:123456789012:cluster/webstack-prod
    last_status:
      description: The task's status, V(STOPPED) once it has finished.
      type: str
      sample: STOPPED
    desired_status:
      description: The status ECS drives the task to.
      type: str
      sample: STOPPED
    started_by:
      description: The task's C(startedBy).
      type: str
      sample: deploy-migrate
    stop_code:
      description: Why the task stopped, for example V(EssentialContainerExited) or V(TaskFailedToStart).
      type: str
      returned: when the task has stopped
      sample: EssentialContainerExited
    stopped_reason:
      description: AWS's words on why the task stopped.
      type: str
      returned: when the task has stopped
      sample: Essential container in task exited
    created_at:
      description: When the task was created.
      type: str
      sample: "2026-05-04T10:21:07.123000+00:00"
    stopped_at:
      description: When the task stopped.
      type: str
      returned: when the task has stopped
      sample: "2026-05-04T10:22:41.456000+00:00"
    containers:
      description: The task's containers.
      type: list
      elements: dict
      contains:
        name:
          description: The container's name in the task definition.
          type: str
          sample: app
        exit_code:
          description: The code the container exited with.
          type: int
          returned: when the container has exited
          sample: 0
        last_status:
          description: The container's status.
          type: str
          sample: STOPPED
        reason:
          description: Why the container stopped or could not start, when AWS says.
          type: str
          returned: when AWS gives one
          sample: "CannotPullContainerError: pull image manifest has been retried 5 time(s)"
    tags:
      description: The tags of the task, as a dict.
      type: dict
      sample: {"job": "nightly-report"}
"""

import re
import time
import uuid
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional
from typing import Set
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.webstack.aws.plugins.module_utils.ecs import resource_view
from ansible_collections.webstack.aws.plugins.module_utils.ecs import strategy_errors
from ansible_collections.webstack.aws.plugins.module_utils.ecs import strategy_request
from ansible_collections.webstack.aws.plugins.module_utils.ecs import strategy_settings
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    cluster=dict(type="str", required=True),
    task_definition=dict(type="str", required=True),
    launch_type=dict(type="str", choices=["FARGATE", "EC2"]),
    capacity_provider_strategy=dict(
        type="list",
        elements="dict",
        options=dict(
            capacity_provider=dict(type="str", required=True),
            weight=dict(type="int"),
            base=dict(type="int"),
        ),
    ),
    platform_version=dict(type="str"),
    network_configuration=dict(
        type="dict",
        options=dict(
            subnets=dict(type="list", elements="str"),
            security_groups=dict(type="list", elements="str"),
            assign_public_ip=dict(type="bool", default=False),
        ),
    ),
    container_overrides=dict(
        type="list",
        elements="dict",
        options=dict(
            name=dict(type="str", required=True),
            command=dict(type="list", elements="str"),
            environment=dict(type="dict"),
        ),
    ),
    started_by=dict(type="str", default="webstack-aws"),
    count=dict(type="int", default=1),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=1800),
    tags=dict(type="dict", aliases=["resource_tags"]),
)
MUTUALLY_EXCLUSIVE = [["launch_type", "capacity_provider_strategy"]]

MAX_COUNT = 10
MAX_SUBNETS = 16
MAX_SECURITY_GROUPS = 5
MAX_TAGS = 50
STARTED_BY = re.compile(r"^[A-Za-z0-9_/-]{1,128}$")
SERVICE_STARTED_BY = "ecs-svc/"
FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
POLL_DELAY = 6  # seconds, as botocore's tasks_stopped waiter
DESCRIBE_TASKS_BATCH = 100


# --- what the options say ---------------------------------------------------------------


def on_fargate(params: Dict[str, Any]) -> bool:
    """Whether the tasks run on Fargate: the default launch type, or a strategy of Fargate capacity providers."""
    strategy = params.get("capacity_provider_strategy")
    if strategy:
        return any(item["capacity_provider"] in FARGATE_PROVIDERS for item in strategy)
    return params.get("launch_type") in (None, "FARGATE")


def subnets(params: Dict[str, Any]) -> List[str]:
    return list((params.get("network_configuration") or {}).get("subnets") or [])


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the module's options, each naming the option; [] when all is well."""
    errors = []
    for option in ("cluster", "task_definition"):
        if not params[option].strip():
            errors.append(f"{option} must not be empty")
    if not 1 <= params["count"] <= MAX_COUNT:
        errors.append(f"count must be from 1 to {MAX_COUNT} (RunTask starts at most {MAX_COUNT} tasks a call), not {params['count']}")
    if params["wait_timeout"] < 0:
        errors.append(f"wait_timeout must be 0 or more seconds, not {params['wait_timeout']}")
    if not STARTED_BY.match(params["started_by"]):
        errors.append(f"started_by {params['started_by']!r} must be 1 to 128 letters, digits, hyphens (-), forward slashes (/) and underscores (_)")
    elif params["started_by"].startswith(SERVICE_STARTED_BY):
        errors.append(f"started_by must not start with {SERVICE_STARTED_BY!r}: ECS marks the tasks of services so")
    errors.extend(strategy_errors("capacity_provider_strategy", params.get("capacity_provider_strategy")))
    errors.extend(_network_errors(params))
    errors.extend(_override_errors(params.get("container_overrides") or []))
    if len(params.get("tags") or {}) > MAX_TAGS:
        errors.append(f"tags has {len(params['tags'])} tags: a task has at most {MAX_TAGS}")
    return errors


def _network_errors(params: Dict[str, Any]) -> List[str]:
    network = params.get("network_configuration") or {}
    errors = []
    if on_fargate(params) and not subnets(params):
        errors.append("network_configuration.subnets is required on Fargate (every Fargate task uses the awsvpc network mode): give the task's subnet IDs")
    if len(network.get("subnets") or []) > MAX_SUBNETS:
        errors.append(f"network_configuration.subnets may list at most {MAX_SUBNETS} subnets")
    if len(network.get("security_groups") or []) > MAX_SECURITY_GROUPS:
        errors.append(f"network_configuration.security_groups may list at most {MAX_SECURITY_GROUPS} security groups")
    return errors


def _override_errors(overrides: List[Dict[str, Any]]) -> List[str]:
    errors = []
    names = [override["name"].strip() for override in overrides]
    for index, name in enumerate(names):
        if not name:
            errors.append(f"container_overrides[{index}].name must not be empty: name the container as the task definition does")
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        errors.append(f"container_overrides names {', '.join(repeated)} more than once: give one override per container")
    return errors


def definition_errors(params: Dict[str, Any], definition: Dict[str, Any]) -> List[str]:
    """What the options ask that the task definition (a DescribeTaskDefinition answer's taskDefinition) does not allow."""
    errors = []
    known = [container["name"] for container in definition.get("containerDefinitions", [])]
    for override in params.get("container_overrides") or []:
        if override["name"] not in known:
            errors.append(
                f"container_overrides names container {override['name']!r}, which task definition {definition['taskDefinitionArn']} "
                f"does not have (its containers: {', '.join(known)})"
            )
    if definition.get("networkMode") == "awsvpc" and not subnets(params):
        errors.append(f"network_configuration.subnets is required: task definition {definition['taskDefinitionArn']} uses the awsvpc network mode")
    return errors


def essential_containers(definition: Dict[str, Any]) -> Set[str]:
    """The names of the task definition's essential containers (a container is essential unless it says otherwise)."""
    return {container["name"] for container in definition.get("containerDefinitions", []) if container.get("essential", True)}


def run_task_request(params: Dict[str, Any], task_definition_arn: str, client_token: str) -> Dict[str, Any]:
    """The RunTask parameters the options describe."""
    request: Dict[str, Any] = {
        "cluster": params["cluster"],
        "taskDefinition": task_definition_arn,
        "count": params["count"],
        "startedBy": params["started_by"],
        "clientToken": client_token,
    }
    strategy = params.get("capacity_provider_strategy")
    if strategy:
        request["capacityProviderStrategy"] = strategy_request(strategy_settings(strategy))
    else:
        request["launchType"] = params.get("launch_type") or "FARGATE"
    if params.get("platform_version"):
        request["platformVersion"] = params["platform_version"]
    network = params.get("network_configuration")
    if network and network.get("subnets"):
        awsvpc: Dict[str, Any] = {"subnets": network["subnets"], "assignPublicIp": "ENABLED" if network.get("assign_public_ip") else "DISABLED"}
        if network.get("security_groups"):
            awsvpc["securityGroups"] = network["security_groups"]
        request["networkConfiguration"] = {"awsvpcConfiguration": awsvpc}
    overrides = [_container_override(override) for override in params.get("container_overrides") or []]
    if overrides:
        request["overrides"] = {"containerOverrides": overrides}
    if params.get("tags"):
        request["tags"] = ansible_dict_to_boto3_tag_list(params["tags"], "key", "value")
    return request


def _container_override(override: Dict[str, Any]) -> Dict[str, Any]:
    answer: Dict[str, Any] = {"name": override["name"]}
    if override.get("command") is not None:
        answer["command"] = override["command"]
    if override.get("environment") is not None:
        answer["environment"] = [{"name": name, "value": str(value)} for name, value in sorted(override["environment"].items())]
    return answer


# --- what the tasks did ---------------------------------------------------------------------


def all_stopped(tasks: List[Dict[str, Any]], arns: List[str]) -> bool:
    """Whether every task of arns is known and STOPPED."""
    status = {task["taskArn"]: task.get("lastStatus") for task in tasks}
    return all(status.get(arn) == "STOPPED" for arn in arns)


def task_failures(tasks: List[Dict[str, Any]], essential: Set[str]) -> List[str]:
    """One line per task whose essential containers did not all exit with 0; [] when every task succeeded."""
    failures = []
    for task in tasks:
        failed = [container for container in task.get("containers", []) if container["name"] in essential and container.get("exitCode") != 0]
        if failed or not task.get("containers"):
            stop = f"stop code {task.get('stopCode', 'none')}: {task.get('stoppedReason', 'no reason given')}"
            containers = "; ".join(_container_outcome(container, essential) for container in task.get("containers", [])) or "no containers"
            failures.append(f"task {task['taskArn']} failed ({stop}); containers: {containers}")
    return failures


def _container_outcome(container: Dict[str, Any], essential: Set[str]) -> str:
    kind = "essential" if container["name"] in essential else "not essential"
    outcome = f"exit code {container['exitCode']}" if container.get("exitCode") is not None else "no exit code"
    reason = f", {container['reason']}" if container.get("reason") else ""
    return f"{container['name']} ({kind}) {outcome}{reason}"


def wait_until_stopped(
    describe: Callable[[List[str]], List[Dict[str, Any]]],
    arns: List[str],
    timeout: float,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Tuple[List[Dict[str, Any]], bool]:
    """Read the tasks until all have STOPPED or `timeout` seconds have passed: the last read, and whether all stopped."""
    deadline = clock() + timeout
    while True:
        tasks = describe(arns)
        if all_stopped(tasks, arns):
            return tasks, True
        remaining = deadline - clock()
        if remaining <= 0:
            return tasks, False
        sleep(min(POLL_DELAY, remaining))


# --- the calls ----------------------------------------------------------------------------------


class TaskRunner:
    """Runs the tasks the options describe and judges how they ended."""

    def __init__(self, module: Any, client: Any) -> None:
        self.module = module
        self.client = client
        self.params = module.params

    def task_definition(self) -> Optional[Dict[str, Any]]:
        """The task definition to run; None when it does not exist and the module is in check mode."""
        name = self.params["task_definition"]
        try:
            return self.client.describe_task_definition(aws_retry=True, taskDefinition=name)["taskDefinition"]
        except is_boto3_error_code("ClientException") as e:
            if self.module.check_mode:
                self.module.warn(f"Task definition {name} was not found; in check mode an earlier task may be about to register it")
                return None
            self.module.fail_json_aws(e, msg=f"Task definition {name} was not found: register it first, or name an ACTIVE family or revision")
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to describe task definition {name}")

    def run(self, definition: Dict[str, Any]) -> List[Dict[str, Any]]:
        request = run_task_request(self.params, definition["taskDefinitionArn"], str(uuid.uuid4()))
        try:
            answer = self.client.run_task(aws_retry=True, **request)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to run task definition {definition['taskDefinitionArn']} in cluster {self.params['cluster']}")
        tasks = answer.get("tasks", [])
        if answer.get("failures"):
            reasons = "; ".join(f"{failure.get('arn', '')}: {failure.get('reason', '')} {failure.get('detail', '')}".strip() for failure in answer["failures"])
            self.module.fail_json(
                msg=f"ECS started {len(tasks)} of {self.params['count']} tasks of {definition['taskDefinitionArn']}: {reasons}",
                changed=bool(tasks),
                task_definition_arn=definition["taskDefinitionArn"],
                tasks=[resource_view(task) for task in tasks],
            )
        return tasks

    def describe(self, arns: List[str]) -> List[Dict[str, Any]]:
        """The tasks of arns ECS knows (a task just started may not be visible yet: it is left out)."""
        tasks: List[Dict[str, Any]] = []
        for start in range(0, len(arns), DESCRIBE_TASKS_BATCH):
            try:
                answer = self.client.describe_tasks(
                    aws_retry=True, cluster=self.params["cluster"], tasks=arns[start : start + DESCRIBE_TASKS_BATCH], include=["TAGS"]
                )
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.module.fail_json_aws(e, msg=f"Failed to describe tasks {', '.join(arns)} in cluster {self.params['cluster']}")
            tasks.extend(answer.get("tasks", []))
        return tasks

    def wait(self, definition: Dict[str, Any], started: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        """The stopped tasks, in the order they started; fails when one is still running at the timeout or one failed."""
        arns = [task["taskArn"] for task in started]
        tasks, stopped = wait_until_stopped(self.describe, arns, self.params["wait_timeout"])
        latest = {task["taskArn"]: task for task in tasks}
        tasks = [latest.get(task["taskArn"], task) for task in started]
        result = {"changed": True, "task_definition_arn": definition["taskDefinitionArn"], "tasks": [resource_view(task) for task in tasks]}
        if not stopped:
            running = [f"{task['taskArn']} ({task.get('lastStatus', 'not visible yet')})" for task in tasks if task.get("lastStatus") != "STOPPED"]
            self.module.fail_json(
                msg=f"wait_timeout: after {self.params['wait_timeout']} seconds these tasks have not stopped and are left running: {', '.join(running)}",
                **result,
            )
        failures = task_failures(tasks, essential_containers(definition))
        if failures:
            self.module.fail_json(msg=f"{len(failures)} of {len(tasks)} tasks of {definition['taskDefinitionArn']} failed: " + " | ".join(failures), **result)
        return tasks


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, mutually_exclusive=MUTUALLY_EXCLUSIVE, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    runner = TaskRunner(module, module.client("ecs", retry_decorator=retrying()))
    definition = runner.task_definition()
    if definition is None:
        module.exit_json(changed=True, tasks=[])
    errors = definition_errors(module.params, definition)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)
    if module.check_mode:
        module.exit_json(changed=True, task_definition_arn=definition["taskDefinitionArn"], tasks=[])

    started = runner.run(definition)
    tasks = runner.wait(definition, started) if module.params["wait"] else started
    module.exit_json(changed=True, task_definition_arn=definition["taskDefinitionArn"], tasks=[resource_view(task) for task in tasks])


if __name__ == "__main__":
    main()
