#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ecs_service
version_added: 0.4.0
short_description: Manage an ECS service, deploy task definitions and wait until the deployment is steady
description:
  - Create, update or delete one Amazon ECS service named O(name) in the cluster O(cluster).
  - The module compares every option with the service as C(DescribeServices) returns it, AWS's defaults included, and
    sends C(UpdateService) with what differs only, so a run on a converged service changes nothing.
  - O(desired_count) may be left unset on an existing service, so that Application Auto Scaling can own it.
  - With O(wait=true) the module waits until the service is steady (one C(PRIMARY) deployment, its rollout
    C(COMPLETED), as many tasks running as desired), and fails when the deployment circuit breaker marks the rollout
    C(FAILED), saying whether it rolled the service back.
  - A service that AWS still lists as C(INACTIVE) after a delete counts as missing; O(state=present) creates it again.
  - RV(previous_task_definition) is the task definition the service ran before the run, for deploy and rollback playbooks.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the service, 1 to 255 letters, digits, hyphens or underscores. Unique in the cluster.
    required: true
    type: str
  cluster:
    description:
      - The name or ARN of the cluster the service runs in.
    required: true
    type: str
  state:
    description:
      - Whether the service should exist.
      - V(absent) scales the service to 0 tasks and deletes it.
    default: present
    choices: ['present', 'absent']
    type: str
  task_definition:
    description:
      - The task definition the service runs, as C(family:revision), C(family) (its latest active revision) or an ARN.
      - Required when O(state=present).
    type: str
  desired_count:
    description:
      - How many tasks the service runs.
      - A new service runs 1 when not set; an existing service keeps its count when not set.
    type: int
  launch_type:
    description:
      - The launch type of the service's tasks. Cannot change after the service is created.
      - Mutually exclusive with O(capacity_provider_strategy). When neither is set, a new service uses the cluster's
        default capacity provider strategy, or V(EC2) when the cluster has none.
    choices: ['FARGATE', 'EC2']
    type: str
  capacity_provider_strategy:
    description:
      - The capacity providers the service's tasks run on. Mutually exclusive with O(launch_type).
      - When not set, an existing service keeps its strategy. A change starts a new deployment.
    type: list
    elements: dict
    suboptions:
      capacity_provider:
        description: The name of the capacity provider, for example V(FARGATE) or V(FARGATE_SPOT).
        required: true
        type: str
      weight:
        description: The relative share of the tasks placed with this provider, 0 to 1000.
        default: 1
        type: int
      base:
        description: How many tasks at least run with this provider, 0 to 100000.
        default: 0
        type: int
  platform_version:
    description:
      - The Fargate platform version, for example V(LATEST) or V(1.4.0). When not set, a new Fargate service runs
        V(LATEST) and an existing service keeps its version.
    type: str
  network_configuration:
    description:
      - The VPC networking of the tasks (C(awsvpc) network mode). When not set, an existing service keeps its networking.
    type: dict
    suboptions:
      subnets:
        description: The subnets the tasks run in.
        required: true
        type: list
        elements: str
      security_groups:
        description:
          - The security groups of the tasks. When not set, a new service gets the default security group of the
            VPC and an existing one keeps its groups.
        type: list
        elements: str
      assign_public_ip:
        description: Whether the tasks get a public IP address.
        default: false
        type: bool
  load_balancers:
    description:
      - The target groups the service registers its tasks with. When not set, an existing service keeps its load
        balancers; V([]) removes them.
    type: list
    elements: dict
    suboptions:
      target_group_arn:
        description: The ARN of the target group.
        required: true
        type: str
      container_name:
        description: The container that receives the traffic.
        required: true
        type: str
      container_port:
        description: The port of the container, 1 to 65535.
        required: true
        type: int
  service_registries:
    description:
      - The AWS Cloud Map services the service registers its tasks with. When not set, an existing service keeps its
        registries; V([]) removes them.
    type: list
    elements: dict
    suboptions:
      registry_arn:
        description: The ARN of the Cloud Map service.
        required: true
        type: str
      container_name:
        description: The container registered (SRV records).
        type: str
      container_port:
        description: The port of the container registered (SRV records), 1 to 65535.
        type: int
      port:
        description: The port registered (SRV records), 1 to 65535.
        type: int
  deployment_configuration:
    description:
      - How deployments replace tasks. When not set, an existing service keeps its configuration and a new one gets
        AWS's defaults (100 and 200 percent, no circuit breaker).
    type: dict
    suboptions:
      minimum_healthy_percent:
        description: The share of the desired tasks that must stay running during a deployment, 0 to 100.
        default: 100
        type: int
      maximum_percent:
        description: The share of the desired tasks that may run during a deployment, 100 or more and not below
          O(deployment_configuration.minimum_healthy_percent).
        default: 200
        type: int
      deployment_circuit_breaker:
        description: Whether a deployment whose tasks keep failing is stopped, and rolled back to the last completed one.
        type: dict
        suboptions:
          enable:
            description: Whether the circuit breaker watches deployments.
            default: false
            type: bool
          rollback:
            description: Whether a failed deployment is rolled back.
            default: false
            type: bool
  health_check_grace_period_seconds:
    description:
      - How many seconds the scheduler ignores failing load balancer health checks of a new task. Needs O(load_balancers).
      - When not set, an existing service keeps its grace period.
    type: int
  enable_execute_command:
    description:
      - Whether ECS Exec may run commands in the service's containers.
    default: false
    type: bool
  propagate_tags:
    description:
      - Where the tasks' tags come from.
    default: SERVICE
    choices: ['SERVICE', 'TASK_DEFINITION', 'NONE']
    type: str
  enable_ecs_managed_tags:
    description:
      - Whether ECS tags the tasks with the cluster and service names.
    default: true
    type: bool
  force_new_deployment:
    description:
      - Start a new deployment even when nothing else changes (to pull a moved image tag, for example). The module
        then always reports a change.
    default: false
    type: bool
  wait:
    description:
      - Wait until the service is steady; on delete, until it is C(INACTIVE) or gone.
    default: false
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true).
    default: 600
    type: int
notes:
  - In check mode the module reports what would change and changes nothing; a service it would create or change is
    returned with the settings it would have.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Deploy a new revision behind the load balancer and wait until it is steady
  webstack.aws.ecs_service:
    name: demo-prod-app
    cluster: demo-prod-app
    task_definition: demo-prod-app:42
    launch_type: FARGATE
    network_configuration:
      subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
      security_groups: [sg-0123456789abcdef0]
    load_balancers:
      - target_group_arn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/demo-prod-app/0123456789abcdef
        container_name: app
        container_port: 8080
    health_check_grace_period_seconds: 60
    deployment_configuration:
      minimum_healthy_percent: 100
      maximum_percent: 200
      deployment_circuit_breaker:
        enable: true
        rollback: true
    tags:
      webstack:stack: demo
      webstack:environment: prod
      webstack:component: ecs_service
    wait: true
  register: deployed

- name: Roll back to what ran before
  webstack.aws.ecs_service:
    name: demo-prod-app
    cluster: demo-prod-app
    task_definition: "{{ deployed.previous_task_definition }}"
    wait: true
  when: deployed is failed

- name: Mostly on Spot, the task count left to auto scaling
  webstack.aws.ecs_service:
    name: demo-dev-worker
    cluster: demo-dev-app
    task_definition: demo-dev-worker
    capacity_provider_strategy:
      - capacity_provider: FARGATE
        base: 1
      - capacity_provider: FARGATE_SPOT
        weight: 3
    network_configuration:
      subnets: [subnet-0123456789abcdef0]

- name: Delete the service
  webstack.aws.ecs_service:
    name: demo-dev-worker
    cluster: demo-dev-app
    state: absent
    wait: true
"""

RETURN = r"""
service:
  description:
    - The service, as DescribeServices returns it with its tags, in snake_case.
    - In check mode, for a service the module would create or change, the settings it would have.
  returned: when O(state=present)
  type: dict
  contains:
    service_name:
      description: The name of the service.
      type: str
      returned: always
      sample: demo-prod-app
    service_arn:
      description: The ARN of the service.
      type: str
      returned: when the service exists
      sample: arn:aws:ecs:eu-west-1:123456789012:service/demo-prod-app/demo-prod-app
    cluster_arn:
      description: The ARN of the cluster.
      type: str
      returned: when the service exists
      sample: arn:aws:ecs:eu-west-1:123456789012:cluster/demo-prod-app
    status:
      description: The status of the service.
      type: str
      returned: when the service exists
      sample: ACTIVE
    task_definition:
      description: The ARN of the task definition the service runs.
      type: str
      returned: always
      sample: arn:aws:ecs:eu-west-1:123456789012:task-definition/demo-prod-app:42
    desired_count:
      description: How many tasks the service should run.
      type: int
      returned: always
      sample: 2
    running_count:
      description: How many tasks run.
      type: int
      returned: when the service exists
      sample: 2
    pending_count:
      description: How many tasks are pending.
      type: int
      returned: when the service exists
      sample: 0
    launch_type:
      description: The launch type of the tasks.
      type: str
      returned: when the service has one
      sample: FARGATE
    capacity_provider_strategy:
      description: The capacity provider strategy of the service.
      type: list
      elements: dict
      returned: when the service has one
      sample: [{"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": 0}]
    platform_version:
      description: The Fargate platform version.
      type: str
      returned: when the service has one
      sample: LATEST
    network_configuration:
      description: The VPC networking of the tasks.
      type: dict
      returned: when the service has one
      sample: {"awsvpc_configuration": {"subnets": ["subnet-0123456789abcdef0"], "security_groups": ["sg-0123456789abcdef0"],
               "assign_public_ip": "DISABLED"}}
    load_balancers:
      description: The target groups of the service.
      type: list
      elements: dict
      returned: always
      sample: [{"target_group_arn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/app/0123456789abcdef",
                "container_name": "app", "container_port": 8080}]
    service_registries:
      description: The Cloud Map registries of the service.
      type: list
      elements: dict
      returned: always
      sample: []
    deployment_configuration:
      description: How deployments replace tasks.
      type: dict
      returned: always
      sample: {"minimum_healthy_percent": 100, "maximum_percent": 200, "deployment_circuit_breaker": {"enable": true, "rollback": true}}
    deployments:
      description: The deployments of the service; a steady service has one, C(PRIMARY).
      type: list
      elements: dict
      returned: when the service exists
      sample: [{"id": "ecs-svc/1234567890123456789", "status": "PRIMARY", "rollout_state": "COMPLETED",
                "task_definition": "arn:aws:ecs:eu-west-1:123456789012:task-definition/demo-prod-app:42",
                "desired_count": 2, "running_count": 2, "pending_count": 0}]
    health_check_grace_period_seconds:
      description: The grace period of load balancer health checks.
      type: int
      returned: when the service has one
      sample: 60
    enable_execute_command:
      description: Whether ECS Exec is on.
      type: bool
      returned: always
      sample: false
    propagate_tags:
      description: Where the tasks' tags come from.
      type: str
      returned: always
      sample: SERVICE
    enable_ecs_managed_tags:
      description: Whether ECS tags the tasks.
      type: bool
      returned: always
      sample: true
    tags:
      description: The tags of the service.
      type: dict
      returned: always
      sample: {"webstack:stack": "demo"}
previous_task_definition:
  description:
    - The ARN of the task definition the service ran before this run, whether or not the run changed it; null when
      the run creates the service.
  returned: when O(state=present)
  type: str
  sample: arn:aws:ecs:eu-west-1:123456789012:task-definition/demo-prod-app:41
"""

import re
import time
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.ecs import describe_services
from ansible_collections.webstack.aws.plugins.module_utils.ecs import resource_view
from ansible_collections.webstack.aws.plugins.module_utils.ecs import strategy_errors
from ansible_collections.webstack.aws.plugins.module_utils.ecs import strategy_request
from ansible_collections.webstack.aws.plugins.module_utils.ecs import strategy_settings
from ansible_collections.webstack.aws.plugins.module_utils.ecs import tag_changes
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

STRATEGY_SPEC = dict(
    capacity_provider=dict(type="str", required=True),
    weight=dict(type="int", default=1),
    base=dict(type="int", default=0),
)

NETWORK_SPEC = dict(
    subnets=dict(type="list", elements="str", required=True),
    security_groups=dict(type="list", elements="str"),
    assign_public_ip=dict(type="bool", default=False),
)

LOAD_BALANCER_SPEC = dict(
    target_group_arn=dict(type="str", required=True),
    container_name=dict(type="str", required=True),
    container_port=dict(type="int", required=True),
)

REGISTRY_SPEC = dict(
    registry_arn=dict(type="str", required=True),
    container_name=dict(type="str"),
    container_port=dict(type="int"),
    port=dict(type="int"),
)

CIRCUIT_BREAKER_SPEC = dict(
    enable=dict(type="bool", default=False),
    rollback=dict(type="bool", default=False),
)

DEPLOYMENT_SPEC = dict(
    minimum_healthy_percent=dict(type="int", default=100),
    maximum_percent=dict(type="int", default=200),
    deployment_circuit_breaker=dict(type="dict", options=CIRCUIT_BREAKER_SPEC),
)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    cluster=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    task_definition=dict(type="str"),
    desired_count=dict(type="int"),
    launch_type=dict(type="str", choices=["FARGATE", "EC2"]),
    capacity_provider_strategy=dict(type="list", elements="dict", options=STRATEGY_SPEC),
    platform_version=dict(type="str"),
    network_configuration=dict(type="dict", options=NETWORK_SPEC),
    load_balancers=dict(type="list", elements="dict", options=LOAD_BALANCER_SPEC),
    service_registries=dict(type="list", elements="dict", options=REGISTRY_SPEC),
    deployment_configuration=dict(type="dict", options=DEPLOYMENT_SPEC),
    health_check_grace_period_seconds=dict(type="int"),
    enable_execute_command=dict(type="bool", default=False),
    propagate_tags=dict(type="str", default="SERVICE", choices=["SERVICE", "TASK_DEFINITION", "NONE"]),
    enable_ecs_managed_tags=dict(type="bool", default=True),
    force_new_deployment=dict(type="bool", default=False),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    wait=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=600),
)

POLL_DELAY = 10  # seconds between describe calls while waiting
NEW_SERVICE_DESIRED_COUNT = 1
DEFAULT_DEPLOYMENT = {"minimum_healthy_percent": 100, "maximum_percent": 200, "deployment_circuit_breaker": {"enable": False, "rollback": False}}

# Setting -> its UpdateService parameter, for the settings sent as they are.
PLAIN_UPDATES = {
    "task_definition": "taskDefinition",
    "desired_count": "desiredCount",
    "platform_version": "platformVersion",
    "health_check_grace_period_seconds": "healthCheckGracePeriodSeconds",
    "enable_execute_command": "enableExecuteCommand",
    "propagate_tags": "propagateTags",
    "enable_ecs_managed_tags": "enableECSManagedTags",
}

# Load balancer and service registry settings -> their API members.
LOAD_BALANCER_KEYS = (("target_group_arn", "targetGroupArn"), ("container_name", "containerName"), ("container_port", "containerPort"))
REGISTRY_KEYS = (("registry_arn", "registryArn"), ("container_name", "containerName"), ("container_port", "containerPort"), ("port", "port"))

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")


# --- validation (pure) -----------------------------------------------------------------


def validate_params(params: Dict[str, Any]) -> List[str]:
    """What is wrong with the options, one message per problem naming the option; [] when they are fine."""
    errors = []
    if not _NAME.match(params["name"]):
        errors.append(f"name {params['name']!r} must be 1 to 255 letters, digits, hyphens or underscores")
    if not params["cluster"].strip():
        errors.append("cluster must name the cluster (its name or ARN)")
    if params["wait_timeout"] < 0:
        errors.append("wait_timeout must be 0 or more seconds")
    if params["state"] == "absent":
        return errors
    if not params["task_definition"]:
        errors.append("task_definition is required with state=present: the family:revision or ARN the service runs")
    if params["desired_count"] is not None and params["desired_count"] < 0:
        errors.append(f"desired_count must be 0 or more, not {params['desired_count']}")
    if params["launch_type"] and params["capacity_provider_strategy"]:
        errors.append("launch_type and capacity_provider_strategy are mutually exclusive: set one of them")
    errors.extend(strategy_errors("capacity_provider_strategy", params["capacity_provider_strategy"]))
    if params["network_configuration"] is not None and not params["network_configuration"]["subnets"]:
        errors.append("network_configuration.subnets needs at least one subnet")
    errors.extend(_deployment_errors(params["deployment_configuration"]))
    errors.extend(_port_errors(params))
    grace = params["health_check_grace_period_seconds"]
    if grace is not None and grace < 0:
        errors.append(f"health_check_grace_period_seconds must be 0 or more, not {grace}")
    if grace is not None and not params["load_balancers"]:
        errors.append("health_check_grace_period_seconds needs load_balancers: the grace period is for load balancer health checks")
    return errors


def _deployment_errors(config: Optional[Dict[str, Any]]) -> List[str]:
    if config is None:
        return []
    errors = []
    low, high = config["minimum_healthy_percent"], config["maximum_percent"]
    if not 0 <= low <= 100:
        errors.append(f"deployment_configuration.minimum_healthy_percent must be between 0 and 100, not {low}")
    if high < 100 or high < low:
        errors.append(f"deployment_configuration.maximum_percent must be 100 or more and not below minimum_healthy_percent, not {high}")
    return errors


def _port_errors(params: Dict[str, Any]) -> List[str]:
    errors = []
    ports = [(f"load_balancers[{i}].container_port", lb["container_port"]) for i, lb in enumerate(params["load_balancers"] or [])]
    for i, registry in enumerate(params["service_registries"] or []):
        ports.extend((f"service_registries[{i}].{key}", registry[key]) for key in ("container_port", "port") if registry[key] is not None)
    for option, port in ports:
        if not 1 <= port <= 65535:
            errors.append(f"{option} must be between 1 and 65535, not {port}")
    return errors


# --- what the service holds and should hold (pure) ---------------------------------------


def _network_settings(network: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    awsvpc = (network or {}).get("awsvpcConfiguration")
    if not awsvpc:
        return None
    return {
        "subnets": sorted(awsvpc.get("subnets") or []),
        "security_groups": sorted(awsvpc.get("securityGroups") or []),
        "assign_public_ip": awsvpc.get("assignPublicIp") == "ENABLED",
    }


def _list_settings(items: Optional[List[Dict[str, Any]]], keys: Tuple[Tuple[str, str], ...]) -> List[Dict[str, Any]]:
    """Load balancers or service registries (API shape) as comparable settings, in a stable order."""
    return sorted(({option: item.get(key) for option, key in keys} for item in items or []), key=repr)


def _deployment_settings(config: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    config = config or {}
    breaker = config.get("deploymentCircuitBreaker") or {}
    return {
        "minimum_healthy_percent": config.get("minimumHealthyPercent", DEFAULT_DEPLOYMENT["minimum_healthy_percent"]),
        "maximum_percent": config.get("maximumPercent", DEFAULT_DEPLOYMENT["maximum_percent"]),
        "deployment_circuit_breaker": {"enable": bool(breaker.get("enable")), "rollback": bool(breaker.get("rollback"))},
    }


def settings_of(service: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The settings the module manages, from a DescribeServices entry ({} for no service)."""
    if not service:
        return {}
    return {
        "name": service["serviceName"],
        "task_definition": service.get("taskDefinition"),
        "desired_count": service.get("desiredCount"),
        "launch_type": service.get("launchType"),
        "capacity_provider_strategy": strategy_settings(service.get("capacityProviderStrategy")),
        "platform_version": service.get("platformVersion"),
        "network_configuration": _network_settings(service.get("networkConfiguration")),
        "load_balancers": _list_settings(service.get("loadBalancers"), LOAD_BALANCER_KEYS),
        "service_registries": _list_settings(service.get("serviceRegistries"), REGISTRY_KEYS),
        "deployment_configuration": _deployment_settings(service.get("deploymentConfiguration")),
        "health_check_grace_period_seconds": service.get("healthCheckGracePeriodSeconds"),
        "enable_execute_command": bool(service.get("enableExecuteCommand")),
        "propagate_tags": service.get("propagateTags") or "NONE",
        "enable_ecs_managed_tags": bool(service.get("enableECSManagedTags")),
        "tags": {tag["key"]: tag["value"] for tag in service.get("tags") or []},
    }


def _merged_tags(current: Dict[str, str], wanted: Optional[Dict[str, Any]], purge: bool) -> Dict[str, str]:
    if wanted is None:
        return dict(current)
    to_set, to_unset = compare_aws_tags(current, wanted, purge)
    tags = {key: value for key, value in current.items() if key not in to_unset}
    tags.update({key: str(value) for key, value in to_set.items()})
    return tags


def _desired_network(current: Dict[str, Any], network: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    if network is None:
        return current.get("network_configuration")
    groups = network["security_groups"]
    if groups is None:
        groups = (current.get("network_configuration") or {}).get("security_groups") or []
    return {"subnets": sorted(network["subnets"]), "security_groups": sorted(groups), "assign_public_ip": network["assign_public_ip"]}


def _desired_deployment(current: Dict[str, Any], config: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    if config is None:
        return current.get("deployment_configuration") or DEFAULT_DEPLOYMENT
    breaker = config["deployment_circuit_breaker"] or DEFAULT_DEPLOYMENT["deployment_circuit_breaker"]
    return {
        "minimum_healthy_percent": config["minimum_healthy_percent"],
        "maximum_percent": config["maximum_percent"],
        "deployment_circuit_breaker": {"enable": breaker["enable"], "rollback": breaker["rollback"]},
    }


def _kept(params: Dict[str, Any], current: Dict[str, Any], option: str, default: Any = None) -> Any:
    """The option when set, else current's value, else default."""
    if params[option] is not None:
        return params[option]
    return current.get(option, default)


def _kept_list(params: Dict[str, Any], current: Dict[str, Any], option: str, keys: Tuple[Tuple[str, str], ...]) -> List[Dict[str, Any]]:
    """Load balancers or service registries of the options as comparable settings, else current's."""
    if params[option] is None:
        return current.get(option, [])
    return sorted(({name: item.get(name) for name, _member in keys} for item in params[option]), key=repr)


def desired_settings(current: Dict[str, Any], params: Dict[str, Any], task_definition: str) -> Dict[str, Any]:
    """The settings the service has once converged: the options (task_definition resolved to its ARN), current's values where an option leaves them alone."""
    strategy = params["capacity_provider_strategy"]
    return {
        "name": params["name"],
        "task_definition": task_definition,
        "desired_count": _kept(params, current, "desired_count", NEW_SERVICE_DESIRED_COUNT),
        "launch_type": _kept(params, current, "launch_type") if not strategy else None,
        "capacity_provider_strategy": strategy_settings(strategy) if strategy is not None else current.get("capacity_provider_strategy", []),
        "platform_version": _kept(params, current, "platform_version"),
        "network_configuration": _desired_network(current, params["network_configuration"]),
        "load_balancers": _kept_list(params, current, "load_balancers", LOAD_BALANCER_KEYS),
        "service_registries": _kept_list(params, current, "service_registries", REGISTRY_KEYS),
        "deployment_configuration": _desired_deployment(current, params["deployment_configuration"]),
        "health_check_grace_period_seconds": _kept(params, current, "health_check_grace_period_seconds"),
        "enable_execute_command": params["enable_execute_command"],
        "propagate_tags": params["propagate_tags"],
        "enable_ecs_managed_tags": params["enable_ecs_managed_tags"],
        "tags": _merged_tags(current.get("tags") or {}, params["tags"], params["purge_tags"]),
    }


def immutable_errors(current: Dict[str, Any], params: Dict[str, Any]) -> List[str]:
    """A message for each option that differs from the existing service and cannot change."""
    wanted, has = params["launch_type"], current.get("launch_type")
    if not current or wanted is None or wanted == has:
        return []
    running = f"launch type {has}" if has else "a capacity provider strategy"
    return [
        f"launch_type cannot change on an existing service: {current['name']} runs with {running}, not launch type {wanted}; delete the service to change it"
    ]


def _api_load_balancers(settings: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [{key: item[option] for option, key in LOAD_BALANCER_KEYS} for item in settings]


def _api_registries(settings: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [{key: item[option] for option, key in REGISTRY_KEYS if item.get(option) is not None} for item in settings]


def _api_network(settings: Dict[str, Any]) -> Dict[str, Any]:
    awsvpc: Dict[str, Any] = {"subnets": settings["subnets"], "assignPublicIp": "ENABLED" if settings["assign_public_ip"] else "DISABLED"}
    if settings["security_groups"]:
        awsvpc["securityGroups"] = settings["security_groups"]
    return {"awsvpcConfiguration": awsvpc}


def _api_deployment(settings: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "minimumHealthyPercent": settings["minimum_healthy_percent"],
        "maximumPercent": settings["maximum_percent"],
        "deploymentCircuitBreaker": dict(settings["deployment_circuit_breaker"]),
    }


def create_params(after: Dict[str, Any], cluster: str) -> Dict[str, Any]:
    """CreateService parameters for the settings."""
    request: Dict[str, Any] = {
        "cluster": cluster,
        "serviceName": after["name"],
        "taskDefinition": after["task_definition"],
        "desiredCount": after["desired_count"],
        "deploymentConfiguration": _api_deployment(after["deployment_configuration"]),
        "enableExecuteCommand": after["enable_execute_command"],
        "propagateTags": after["propagate_tags"],
        "enableECSManagedTags": after["enable_ecs_managed_tags"],
        "loadBalancers": _api_load_balancers(after["load_balancers"]),
        "serviceRegistries": _api_registries(after["service_registries"]),
    }
    optional = {
        "launchType": after["launch_type"],
        "capacityProviderStrategy": strategy_request(after["capacity_provider_strategy"]) or None,
        "platformVersion": after["platform_version"],
        "networkConfiguration": _api_network(after["network_configuration"]) if after["network_configuration"] else None,
        "healthCheckGracePeriodSeconds": after["health_check_grace_period_seconds"],
        "tags": [{"key": key, "value": value} for key, value in after["tags"].items()] or None,
    }
    request.update({key: value for key, value in optional.items() if value is not None})
    return request


def update_params(current: Dict[str, Any], after: Dict[str, Any], force: bool) -> Dict[str, Any]:
    """UpdateService parameters (without cluster and service) for what differs; {} when nothing does and no deployment is forced."""
    request: Dict[str, Any] = {key: after[setting] for setting, key in PLAIN_UPDATES.items() if current[setting] != after[setting]}
    if current["capacity_provider_strategy"] != after["capacity_provider_strategy"]:
        request["capacityProviderStrategy"] = strategy_request(after["capacity_provider_strategy"])
        force = True  # AWS moves the tasks to the new providers with a new deployment only
    if current["network_configuration"] != after["network_configuration"] and after["network_configuration"]:
        request["networkConfiguration"] = _api_network(after["network_configuration"])
    if current["load_balancers"] != after["load_balancers"]:
        request["loadBalancers"] = _api_load_balancers(after["load_balancers"])
    if current["service_registries"] != after["service_registries"]:
        request["serviceRegistries"] = _api_registries(after["service_registries"])
    if current["deployment_configuration"] != after["deployment_configuration"]:
        request["deploymentConfiguration"] = _api_deployment(after["deployment_configuration"])
    if force:
        request["forceNewDeployment"] = True
    return request


def predicted_service(after: Dict[str, Any], current_view: Dict[str, Any]) -> Dict[str, Any]:
    """What check mode returns for a service it would create or change: the settings, shaped like the service."""
    view = dict(current_view)
    view.update({key: value for key, value in after.items() if key not in ("name", "network_configuration")})
    view["service_name"] = after["name"]
    if after["network_configuration"]:
        network = after["network_configuration"]
        view["network_configuration"] = {
            "awsvpc_configuration": {
                "subnets": network["subnets"],
                "security_groups": network["security_groups"],
                "assign_public_ip": "ENABLED" if network["assign_public_ip"] else "DISABLED",
            }
        }
    return view


def steady(service: Dict[str, Any]) -> Tuple[bool, str]:
    """Whether a DescribeServices entry is steady (one PRIMARY deployment, COMPLETED where rolled out, every desired task running), and what is not."""
    deployments = service.get("deployments") or []
    primary = next((d for d in deployments if d.get("status") == "PRIMARY"), {})
    rollout = primary.get("rolloutState")
    waiting = []
    if len(deployments) != 1 or not primary:
        waiting.append(f"{len(deployments)} deployments")
    if rollout not in (None, "COMPLETED"):
        waiting.append(f"rollout {rollout}")
    if service.get("runningCount") != service.get("desiredCount"):
        waiting.append(f"{service.get('runningCount')} of {service.get('desiredCount')} tasks running")
    return not waiting, ", ".join(waiting)


def rollout_failure(service: Dict[str, Any], task_definition: str) -> str:
    """Why the deployment of task_definition failed, and whether the circuit breaker rolled it back ('' when it did not fail)."""
    deployments = service.get("deployments") or []
    failed = next((d for d in deployments if d.get("rolloutState") == "FAILED" and d.get("taskDefinition") == task_definition), None)
    if failed is None:
        return ""
    message = f"The deployment {failed.get('id')} of task definition {task_definition} failed: {failed.get('rolloutStateReason') or 'no reason given'}."
    primary = next((d for d in deployments if d.get("status") == "PRIMARY"), {})
    breaker = (service.get("deploymentConfiguration") or {}).get("deploymentCircuitBreaker") or {}
    if primary and primary.get("taskDefinition") != task_definition:
        return f"{message} The circuit breaker rolled the service back to {primary.get('taskDefinition')}."
    if breaker.get("rollback"):
        return f"{message} The service was not rolled back (no completed deployment to go back to)."
    return f"{message} The service was not rolled back: deployment_configuration.deployment_circuit_breaker.rollback is off."


# --- AWS ------------------------------------------------------------------------------------


class ServiceManager:
    """Brings one service to the state the module's options describe."""

    def __init__(self, module: Any, client: Any, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.name = module.params["name"]
        self.cluster = module.params["cluster"]
        self._sleep = sleep
        self._clock = clock
        self.deadline = clock() + module.params["wait_timeout"]

    def call(self, operation: str, msg: str, **params: Any) -> Dict[str, Any]:
        try:
            return getattr(self.client, operation)(aws_retry=True, **params)
        except is_boto3_error_code("ClusterNotFoundException"):
            self.module.fail_json(msg=f"ECS cluster {self.cluster} does not exist: create it first (webstack.aws.ecs_cluster)")
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=msg)

    def read(self) -> Optional[Dict[str, Any]]:
        """The service's DescribeServices entry (tags included), None when it does not exist or is INACTIVE."""
        try:
            found = describe_services(self.client, self.cluster, [self.name])
        except is_boto3_error_code("ClusterNotFoundException"):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to describe ECS service {self.name} in cluster {self.cluster}")
        live = [service for service in found if service.get("status") != "INACTIVE"]
        return live[0] if live else None

    def task_definition_arn(self) -> str:
        wanted = self.params["task_definition"]
        try:
            return self.client.describe_task_definition(aws_retry=True, taskDefinition=wanted)["taskDefinition"]["taskDefinitionArn"]
        except is_boto3_error_code("ClientException") as e:
            self.module.fail_json_aws(e, msg=f"task_definition {wanted} is not a registered task definition (family:revision, family or ARN)")
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to describe task definition {wanted}")

    def ensure_present(self) -> Dict[str, Any]:
        raw = self.read()
        current = settings_of(raw)
        errors = immutable_errors(current, self.params)
        if errors:
            self.module.fail_json(msg=" ".join(errors), errors=errors)
        after = desired_settings(current, self.params, self.task_definition_arn())
        previous = current.get("task_definition")
        update = update_params(current, after, self.params["force_new_deployment"]) if raw else {}
        to_set, to_unset = compare_aws_tags(current.get("tags") or {}, after["tags"], purge_tags=True)
        changed = raw is None or bool(update or to_set or to_unset)
        result: Dict[str, Any] = {"changed": changed, "previous_task_definition": previous, "diff": {"before": current, "after": after}}
        if self.module.check_mode or not changed:
            result["service"] = predicted_service(after, resource_view(raw)) if changed else resource_view(raw)
            if not changed and self.params["wait"]:
                result["service"] = resource_view(self.wait_steady(after["task_definition"]))
            return result
        if raw is None:
            self.call("create_service", f"Failed to create ECS service {self.name} in cluster {self.cluster}", **create_params(after, self.cluster))
        else:
            if update:
                self.call("update_service", f"Failed to update ECS service {self.name}", cluster=self.cluster, service=self.name, **update)
            try:
                tag_changes(self.client, raw["serviceArn"], to_set, to_unset)
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.module.fail_json_aws(e, msg=f"Failed to tag ECS service {self.name}")
        final = self.wait_steady(after["task_definition"]) if self.params["wait"] else self.read()
        result["service"] = resource_view(final)
        result["diff"]["after"] = settings_of(final)
        return result

    def wait_steady(self, task_definition: str) -> Dict[str, Any]:
        """The service once steady; fails on a failed rollout of task_definition, or when wait_timeout runs out."""
        while True:
            service = self.read() or {}
            failure = rollout_failure(service, task_definition)
            if failure:
                self.module.fail_json(msg=failure, service=resource_view(service))
            done, waiting = steady(service)
            if done:
                return service
            if self._clock() >= self.deadline:
                self.module.fail_json(
                    msg=f"Timed out after {self.params['wait_timeout']}s waiting for ECS service {self.name} to be steady: {waiting}",
                    service=resource_view(service),
                )
            self._sleep(POLL_DELAY)

    def ensure_absent(self) -> Dict[str, Any]:
        raw = self.read()
        diff = {"before": settings_of(raw), "after": {}}
        if raw is None or raw.get("status") != "ACTIVE":  # missing, or DRAINING: deleted already
            if raw is not None and self.params["wait"] and not self.module.check_mode:
                self.wait_gone()
            return {"changed": False, "diff": diff}
        if not self.module.check_mode:
            if raw.get("desiredCount"):
                self.call("update_service", f"Failed to scale ECS service {self.name} to 0", cluster=self.cluster, service=self.name, desiredCount=0)
            self.call("delete_service", f"Failed to delete ECS service {self.name}", cluster=self.cluster, service=self.name, force=True)
            if self.params["wait"]:
                self.wait_gone()
        return {"changed": True, "diff": diff}

    def wait_gone(self) -> None:
        while self.read() is not None:
            if self._clock() >= self.deadline:
                self.module.fail_json(msg=f"Timed out after {self.params['wait_timeout']}s waiting for ECS service {self.name} to be deleted")
            self._sleep(POLL_DELAY)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("ecs", retry_decorator=retrying())
    manager = ServiceManager(module, client)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
