#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ecs_cluster
version_added: 0.4.0
short_description: Manage an ECS cluster, its settings, execute-command configuration and capacity providers
description:
  - Create, update or delete one Amazon ECS cluster named O(name).
  - Besides its tags, the module manages the cluster's Container Insights setting, the configuration of ECS Exec
    (C(executeCommandConfiguration)) and the capacity providers with the default capacity provider strategy, which
    M(community.aws.ecs_cluster) cannot set.
  - A cluster that AWS still lists as C(INACTIVE) after a delete counts as missing; O(state=present) creates it again.
  - AWS refuses to delete a cluster that still has active services or registered container instances; the module
    then fails naming them and deletes nothing.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the cluster, 1 to 255 letters, digits, hyphens or underscores.
    required: true
    type: str
  state:
    description:
      - Whether the cluster should exist.
    default: present
    choices: ['present', 'absent']
    type: str
  container_insights:
    description:
      - The cluster's C(containerInsights) setting. V(enhanced) adds task and container level metrics.
    default: enabled
    choices: ['enabled', 'disabled', 'enhanced']
    type: str
  execute_command_configuration:
    description:
      - How ECS Exec sessions of the cluster's tasks are encrypted and logged (C(configuration.executeCommandConfiguration)).
      - When not set, the cluster's configuration is left as it is.
    type: dict
    suboptions:
      kms_key_id:
        description:
          - The KMS key (ID or ARN) that encrypts the data between the local client and the container.
        type: str
      logging:
        description:
          - Where the output of the commands goes. V(DEFAULT) uses the awslogs configuration of the task definition,
            V(NONE) logs nothing, V(OVERRIDE) sends it where O(execute_command_configuration.log_configuration) says.
        default: DEFAULT
        choices: ['DEFAULT', 'NONE', 'OVERRIDE']
        type: str
      log_configuration:
        description:
          - The log destinations, with O(execute_command_configuration.logging=OVERRIDE) only.
        type: dict
        suboptions:
          cloud_watch_log_group_name:
            description: The CloudWatch Logs group the output goes to.
            type: str
          cloud_watch_encryption_enabled:
            description: Whether the log group is encrypted (it must be, to be used when true).
            default: false
            type: bool
          s3_bucket_name:
            description: The S3 bucket the output goes to.
            type: str
          s3_encryption_enabled:
            description: Whether the bucket encrypts the objects (it must, to be used when true).
            default: false
            type: bool
          s3_key_prefix:
            description: The prefix of the objects in the bucket.
            type: str
  capacity_providers:
    description:
      - The capacity providers of the cluster, for example V([FARGATE, FARGATE_SPOT]) or Auto Scaling group capacity
        providers by name.
      - When not set, the cluster's capacity providers are left as they are; V([]) removes them.
    type: list
    elements: str
  default_capacity_provider_strategy:
    description:
      - The strategy a service or task of the cluster uses when it names neither a launch type nor a strategy.
      - Every entry's provider must be one of the cluster's capacity providers. At most one entry may have a base above 0.
      - When not set, the cluster's default strategy is left as it is; V([]) removes it.
    type: list
    elements: dict
    suboptions:
      capacity_provider:
        description: The name of the capacity provider.
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
  wait:
    description:
      - With O(state=absent), wait until the cluster is C(INACTIVE) or gone.
    default: true
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true).
    default: 300
    type: int
notes:
  - In check mode the module reports what would change and changes nothing; a cluster it would create is returned with
    the settings it would have (no ARN).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A Fargate cluster with Container Insights, ECS Exec logged to CloudWatch, mostly on Spot
  webstack.aws.ecs_cluster:
    name: demo-prod-app
    container_insights: enabled
    execute_command_configuration:
      kms_key_id: arn:aws:kms:eu-west-1:123456789012:key/0123abcd-0123-0123-0123-0123456789ab
      logging: OVERRIDE
      log_configuration:
        cloud_watch_log_group_name: /webstack/demo-prod/ecs-exec
        cloud_watch_encryption_enabled: true
    capacity_providers: [FARGATE, FARGATE_SPOT]
    default_capacity_provider_strategy:
      - capacity_provider: FARGATE
        weight: 1
        base: 1
      - capacity_provider: FARGATE_SPOT
        weight: 3
    tags:
      webstack:stack: demo
      webstack:environment: prod
      webstack:component: ecs_service
      ManagedBy: ansible
  register: cluster

- name: Turn Container Insights off, leave everything else as it is
  webstack.aws.ecs_cluster:
    name: demo-dev-app
    container_insights: disabled

- name: Delete the cluster (its services must be deleted first)
  webstack.aws.ecs_cluster:
    name: demo-dev-app
    state: absent
"""

RETURN = r"""
cluster:
  description:
    - The cluster, as DescribeClusters returns it with its settings, configuration and tags, in snake_case.
    - In check mode, for a cluster the module would create or change, the settings it would have.
  returned: when O(state=present)
  type: dict
  contains:
    cluster_name:
      description: The name of the cluster.
      type: str
      returned: always
      sample: demo-prod-app
    cluster_arn:
      description: The ARN of the cluster.
      type: str
      returned: when the cluster exists
      sample: arn:aws:ecs:eu-west-1:123456789012:cluster/demo-prod-app
    status:
      description: The status of the cluster.
      type: str
      returned: when the cluster exists
      sample: ACTIVE
    settings:
      description: The settings of the cluster.
      type: list
      elements: dict
      returned: always
      sample: [{"name": "containerInsights", "value": "enabled"}]
    configuration:
      description: The configuration of the cluster (ECS Exec).
      type: dict
      returned: when the cluster has one
      sample: {"execute_command_configuration": {"logging": "OVERRIDE", "log_configuration": {"cloud_watch_log_group_name": "/ecs-exec"}}}
    capacity_providers:
      description: The capacity providers of the cluster.
      type: list
      elements: str
      returned: always
      sample: [FARGATE, FARGATE_SPOT]
    default_capacity_provider_strategy:
      description: The default capacity provider strategy of the cluster.
      type: list
      elements: dict
      returned: always
      sample: [{"capacity_provider": "FARGATE", "weight": 1, "base": 1}]
    active_services_count:
      description: How many services of the cluster are active.
      type: int
      returned: when the cluster exists
      sample: 1
    running_tasks_count:
      description: How many tasks of the cluster run.
      type: int
      returned: when the cluster exists
      sample: 2
    pending_tasks_count:
      description: How many tasks of the cluster are pending.
      type: int
      returned: when the cluster exists
      sample: 0
    registered_container_instances_count:
      description: How many container instances are registered with the cluster.
      type: int
      returned: when the cluster exists
      sample: 0
    tags:
      description: The tags of the cluster.
      type: dict
      returned: always
      sample: {"webstack:stack": "demo"}
"""

import re
import time
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.ecs import describe_cluster
from ansible_collections.webstack.aws.plugins.module_utils.ecs import describe_services
from ansible_collections.webstack.aws.plugins.module_utils.ecs import list_container_instance_arns
from ansible_collections.webstack.aws.plugins.module_utils.ecs import list_service_arns
from ansible_collections.webstack.aws.plugins.module_utils.ecs import resource_view
from ansible_collections.webstack.aws.plugins.module_utils.ecs import strategy_errors
from ansible_collections.webstack.aws.plugins.module_utils.ecs import strategy_request
from ansible_collections.webstack.aws.plugins.module_utils.ecs import strategy_settings
from ansible_collections.webstack.aws.plugins.module_utils.ecs import tag_changes
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

LOG_CONFIGURATION_SPEC = dict(
    cloud_watch_log_group_name=dict(type="str"),
    cloud_watch_encryption_enabled=dict(type="bool", default=False),
    s3_bucket_name=dict(type="str"),
    s3_encryption_enabled=dict(type="bool", default=False),
    s3_key_prefix=dict(type="str", no_log=False),
)

EXECUTE_COMMAND_SPEC = dict(
    kms_key_id=dict(type="str"),
    logging=dict(type="str", default="DEFAULT", choices=["DEFAULT", "NONE", "OVERRIDE"]),
    log_configuration=dict(type="dict", options=LOG_CONFIGURATION_SPEC),
)

STRATEGY_SPEC = dict(
    capacity_provider=dict(type="str", required=True),
    weight=dict(type="int", default=1),
    base=dict(type="int", default=0),
)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    container_insights=dict(type="str", default="enabled", choices=["enabled", "disabled", "enhanced"]),
    execute_command_configuration=dict(type="dict", options=EXECUTE_COMMAND_SPEC),
    capacity_providers=dict(type="list", elements="str"),
    default_capacity_provider_strategy=dict(type="list", elements="dict", options=STRATEGY_SPEC),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
)

POLL_DELAY = 5  # seconds between describe calls while waiting

# The API's executeCommandConfiguration.logConfiguration members, by option.
LOG_KEYS = {
    "cloud_watch_log_group_name": "cloudWatchLogGroupName",
    "cloud_watch_encryption_enabled": "cloudWatchEncryptionEnabled",
    "s3_bucket_name": "s3BucketName",
    "s3_encryption_enabled": "s3EncryptionEnabled",
    "s3_key_prefix": "s3KeyPrefix",
}

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")


# --- validation (pure) -----------------------------------------------------------------


def validate_params(params: Dict[str, Any]) -> List[str]:
    """What is wrong with the options, one message per problem naming the option; [] when they are fine."""
    errors = []
    if not _NAME.match(params["name"]):
        errors.append(f"name {params['name']!r} must be 1 to 255 letters, digits, hyphens or underscores")
    if params["wait_timeout"] < 0:
        errors.append("wait_timeout must be 0 or more seconds")
    if params["state"] == "absent":
        return errors
    errors.extend(_execute_command_errors(params["execute_command_configuration"]))
    strategy = params["default_capacity_provider_strategy"]
    errors.extend(strategy_errors("default_capacity_provider_strategy", strategy))
    names = [item["capacity_provider"] for item in strategy or []]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        errors.append(f"default_capacity_provider_strategy names {', '.join(duplicates)} more than once")
    if params["capacity_providers"] is not None:
        errors.extend(provider_errors(params["capacity_providers"], strategy_settings(strategy)))
    return errors


def _execute_command_errors(config: Optional[Dict[str, Any]]) -> List[str]:
    if config is None:
        return []
    if config["logging"] == "OVERRIDE" and not config["log_configuration"]:
        return ["execute_command_configuration.log_configuration is required with execute_command_configuration.logging=OVERRIDE"]
    if config["logging"] != "OVERRIDE" and config["log_configuration"]:
        return [f"execute_command_configuration.log_configuration is used only with logging=OVERRIDE, not {config['logging']}"]
    return []


def provider_errors(providers: List[str], strategy: List[Dict[str, Any]]) -> List[str]:
    """A message for each strategy entry whose provider is not one of the cluster's capacity providers."""
    return [
        f"default_capacity_provider_strategy names {item['capacity_provider']}, which is not in capacity_providers ({', '.join(providers) or 'none'})"
        for item in strategy
        if item["capacity_provider"] not in providers
    ]


# --- what the cluster holds and should hold (pure) ---------------------------------------


def _execute_command_settings(config: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """An executeCommandConfiguration (API shape) as comparable settings; a cluster without one logs as DEFAULT."""
    config = config or {}
    log = config.get("logConfiguration")
    return {
        "kms_key_id": config.get("kmsKeyId"),
        "logging": config.get("logging") or "DEFAULT",
        "log_configuration": None if not log else {option: log.get(key, False if option.endswith("_enabled") else None) for option, key in LOG_KEYS.items()},
    }


def execute_command_request(settings: Dict[str, Any]) -> Dict[str, Any]:
    """Comparable execute-command settings as the API's executeCommandConfiguration."""
    request: Dict[str, Any] = {"logging": settings["logging"]}
    if settings["kms_key_id"]:
        request["kmsKeyId"] = settings["kms_key_id"]
    if settings["log_configuration"]:
        request["logConfiguration"] = {
            key: settings["log_configuration"][option] for option, key in LOG_KEYS.items() if settings["log_configuration"][option] is not None
        }
    return request


def settings_of(cluster: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The settings the module manages, from a DescribeClusters entry ({} for no cluster)."""
    if not cluster:
        return {}
    insights = {setting.get("name"): setting.get("value") for setting in cluster.get("settings") or []}
    return {
        "name": cluster["clusterName"],
        "container_insights": insights.get("containerInsights", "disabled"),
        "execute_command_configuration": _execute_command_settings((cluster.get("configuration") or {}).get("executeCommandConfiguration")),
        "capacity_providers": sorted(cluster.get("capacityProviders") or []),
        "default_capacity_provider_strategy": strategy_settings(cluster.get("defaultCapacityProviderStrategy")),
        "tags": {tag["key"]: tag["value"] for tag in cluster.get("tags") or []},
    }


def _merged_tags(current: Dict[str, str], wanted: Optional[Dict[str, Any]], purge: bool) -> Dict[str, str]:
    if wanted is None:
        return dict(current)
    to_set, to_unset = compare_aws_tags(current, wanted, purge)
    tags = {key: value for key, value in current.items() if key not in to_unset}
    tags.update({key: str(value) for key, value in to_set.items()})
    return tags


def desired_settings(current: Dict[str, Any], params: Dict[str, Any]) -> Dict[str, Any]:
    """The settings the cluster has once converged: the options, and current's values where an option leaves them alone."""
    config = params["execute_command_configuration"]
    if config is None:
        execute_command = current.get("execute_command_configuration") or _execute_command_settings(None)
    else:
        log = config["log_configuration"]
        execute_command = {"kms_key_id": config["kms_key_id"], "logging": config["logging"], "log_configuration": dict(log) if log else None}
    providers = params["capacity_providers"]
    strategy = params["default_capacity_provider_strategy"]
    return {
        "name": params["name"],
        "container_insights": params["container_insights"],
        "execute_command_configuration": execute_command,
        "capacity_providers": sorted(providers) if providers is not None else list(current.get("capacity_providers") or []),
        "default_capacity_provider_strategy": strategy_settings(strategy)
        if strategy is not None
        else list(current.get("default_capacity_provider_strategy") or []),
        "tags": _merged_tags(current.get("tags") or {}, params["tags"], params["purge_tags"]),
    }


def create_params(after: Dict[str, Any], params: Dict[str, Any]) -> Dict[str, Any]:
    """CreateCluster parameters for the settings."""
    request: Dict[str, Any] = {"clusterName": after["name"], "settings": [{"name": "containerInsights", "value": after["container_insights"]}]}
    if params["execute_command_configuration"] is not None:
        request["configuration"] = {"executeCommandConfiguration": execute_command_request(after["execute_command_configuration"])}
    if after["capacity_providers"]:
        request["capacityProviders"] = after["capacity_providers"]
    if after["default_capacity_provider_strategy"]:
        request["defaultCapacityProviderStrategy"] = strategy_request(after["default_capacity_provider_strategy"])
    if after["tags"]:
        request["tags"] = [{"key": key, "value": value} for key, value in after["tags"].items()]
    return request


def update_params(current: Dict[str, Any], after: Dict[str, Any]) -> Dict[str, Any]:
    """UpdateCluster parameters for the settings and configuration that differ ({} when none do)."""
    request: Dict[str, Any] = {}
    if current["container_insights"] != after["container_insights"]:
        request["settings"] = [{"name": "containerInsights", "value": after["container_insights"]}]
    if current["execute_command_configuration"] != after["execute_command_configuration"]:
        request["configuration"] = {"executeCommandConfiguration": execute_command_request(after["execute_command_configuration"])}
    return dict(request, cluster=current["name"]) if request else {}


def capacity_params(current: Dict[str, Any], after: Dict[str, Any]) -> Dict[str, Any]:
    """PutClusterCapacityProviders parameters when the providers or the default strategy differ ({} when neither does)."""
    keys = ("capacity_providers", "default_capacity_provider_strategy")
    if all(current[key] == after[key] for key in keys):
        return {}
    return {
        "cluster": current["name"],
        "capacityProviders": after["capacity_providers"],
        "defaultCapacityProviderStrategy": strategy_request(after["default_capacity_provider_strategy"]),
    }


def predicted_cluster(after: Dict[str, Any], current: Dict[str, Any]) -> Dict[str, Any]:
    """What check mode returns for a cluster it would create or change: the settings, shaped like the cluster."""
    view = dict(current)
    view.update(
        cluster_name=after["name"],
        settings=[{"name": "containerInsights", "value": after["container_insights"]}],
        configuration={"execute_command_configuration": {key: value for key, value in after["execute_command_configuration"].items() if value is not None}},
        capacity_providers=after["capacity_providers"],
        default_capacity_provider_strategy=after["default_capacity_provider_strategy"],
        tags=after["tags"],
    )
    return view


def busy_message(name: str, services: List[str], instances: List[str]) -> str:
    """Why the cluster cannot be deleted, naming what is still in it ('' when nothing is)."""
    reasons = []
    if services:
        reasons.append(f"active services {', '.join(services)} (delete them first, with webstack.aws.ecs_service state=absent)")
    if instances:
        reasons.append(f"registered container instances {', '.join(instances)} (deregister them first)")
    return f"Cannot delete ECS cluster {name}: it still has " + " and ".join(reasons) if reasons else ""


# --- AWS ------------------------------------------------------------------------------------


class ClusterManager:
    """Brings one cluster to the state the module's options describe."""

    def __init__(self, module: Any, client: Any, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.name = module.params["name"]
        self._sleep = sleep
        self._clock = clock
        self.deadline = clock() + module.params["wait_timeout"]

    def call(self, operation: str, msg: str, **params: Any) -> Dict[str, Any]:
        try:
            return getattr(self.client, operation)(aws_retry=True, **params)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=msg)

    def read(self) -> Optional[Dict[str, Any]]:
        """The cluster's DescribeClusters entry, None when it does not exist or is INACTIVE."""
        try:
            found = describe_cluster(self.client, self.name)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to describe ECS cluster {self.name}")
        return found if found and found.get("status") != "INACTIVE" else None

    def ensure_present(self) -> Dict[str, Any]:
        raw = self.read()
        current = settings_of(raw)
        after = desired_settings(current, self.params)
        errors = provider_errors(after["capacity_providers"], after["default_capacity_provider_strategy"])
        if errors:
            self.module.fail_json(msg=" ".join(errors), errors=errors)
        changed = current != after
        diff = {"before": current, "after": after}
        if self.module.check_mode or not changed:
            view = resource_view(raw) if not changed else predicted_cluster(after, resource_view(raw))
            return {"changed": changed, "cluster": view, "diff": diff}
        if raw is None:
            self.call("create_cluster", f"Failed to create ECS cluster {self.name}", **create_params(after, self.params))
        else:
            self.apply(raw["clusterArn"], current, after)
        final = self.read()
        return {"changed": True, "cluster": resource_view(final), "diff": {"before": current, "after": settings_of(final)}}

    def apply(self, arn: str, current: Dict[str, Any], after: Dict[str, Any]) -> None:
        update = update_params(current, after)
        if update:
            self.call("update_cluster", f"Failed to update ECS cluster {self.name}", **update)
        capacity = capacity_params(current, after)
        if capacity:
            self.call("put_cluster_capacity_providers", f"Failed to set the capacity providers of ECS cluster {self.name}", **capacity)
        to_set, to_unset = compare_aws_tags(current["tags"], after["tags"], purge_tags=True)
        try:
            tag_changes(self.client, arn, to_set, to_unset)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to tag ECS cluster {self.name}")

    def ensure_absent(self) -> Dict[str, Any]:
        raw = self.read()
        diff = {"before": settings_of(raw), "after": {}}
        if raw is None:
            return {"changed": False, "diff": diff}
        message = self.busy(raw["clusterArn"])
        if message:
            self.module.fail_json(msg=message)
        if not self.module.check_mode:
            self.delete(raw["clusterArn"])
            if self.params["wait"]:
                self.poll(lambda: self.read() is None, f"ECS cluster {self.name} to be deleted")
        return {"changed": True, "diff": diff}

    def busy(self, arn: str) -> str:
        """busy_message for the cluster's active services and registered container instances."""
        try:
            services = describe_services(self.client, arn, list_service_arns(self.client, arn))
            instances = list_container_instance_arns(self.client, arn)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to list what ECS cluster {self.name} still runs")
        active = sorted(service["serviceName"] for service in services if service.get("status") != "INACTIVE")
        return busy_message(self.name, active, [arn.split("/")[-1] for arn in instances])

    def delete(self, arn: str) -> None:
        try:
            self.client.delete_cluster(aws_retry=True, cluster=arn)
        except is_boto3_error_code(["ClusterContainsServicesException", "ClusterContainsContainerInstancesException", "ClusterContainsTasksException"]) as e:
            self.module.fail_json_aws(e, msg=f"Cannot delete ECS cluster {self.name}: it still has services, container instances or tasks")
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to delete ECS cluster {self.name}")

    def poll(self, done: Callable[[], bool], what: str) -> None:
        """Call done() until it holds; fail when the module's wait_timeout runs out first."""
        while not done():
            if self._clock() >= self.deadline:
                self.module.fail_json(msg=f"Timed out after {self.params['wait_timeout']}s waiting for {what}")
            self._sleep(POLL_DELAY)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("ecs", retry_decorator=retrying())
    manager = ClusterManager(module, client)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
