#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: elasticache_replication_group
version_added: 0.3.0
short_description: Manage an ElastiCache (Redis OSS or Valkey) replication group
description:
  - Create, modify, tag or delete one ElastiCache replication group, with its replicas, encryption, AUTH token,
    snapshots, maintenance window and log delivery.
  - An option left unset is not managed on an existing group (except those with a default).
  - O(engine), O(at_rest_encryption), O(kms_key_id), O(cache_subnet_group_name), O(port) and O(num_node_groups)
    cannot change after creation; a difference fails naming the option, and nothing is recreated.
  - Replicas change with C(IncreaseReplicaCount) and C(DecreaseReplicaCount), node group by node group; other settings
    with C(ModifyReplicationGroup). When a run needs several of these calls, the module waits for the group to be
    C(available) before each, as AWS refuses a change while the group is modifying.
  - In-transit encryption changes in two steps, as AWS requires (C(TransitEncryptionMode) C(preferred) first).
author:
  - webstack.aws maintainers (@webstack)
options:
  replication_group_id:
    description:
      - The identifier of the replication group.
    required: true
    type: str
  description:
    description:
      - The description of the replication group.
    default: managed by Ansible
    type: str
  engine:
    description:
      - The cache engine. Cannot change after creation.
    default: redis
    choices: ['redis', 'valkey']
    type: str
  engine_version:
    description:
      - The engine version, for example V(7.1). A version that is a prefix of the group's version (V(7.1) for C(7.1.0)) matches.
    type: str
  cache_node_type:
    description:
      - The node type, for example V(cache.t4g.micro). Required when O(state=present).
    type: str
  num_node_groups:
    description:
      - The number of node groups (shards). More than one means cluster mode enabled. Cannot change after creation.
    default: 1
    type: int
  replicas_per_node_group:
    description:
      - The number of replicas in each node group, 0 to 5.
    default: 1
    type: int
  cluster_mode:
    description:
      - The cluster mode. When not set, a new group with more than one node group is created with V(enabled).
      - AWS moves an existing group from V(disabled) to V(compatible) to V(enabled), one step a call.
    choices: ['enabled', 'disabled', 'compatible']
    type: str
  automatic_failover:
    description:
      - Whether a replica is promoted when the primary fails. Needs at least one replica.
      - When not set, a new group in cluster mode V(enabled) gets it enabled, others disabled.
    type: bool
  multi_az:
    description:
      - Whether Multi-AZ is enabled. Needs O(automatic_failover=true) and at least one replica.
    type: bool
  cache_subnet_group_name:
    description:
      - The cache subnet group of the group's nodes. Cannot change after creation.
    type: str
  security_group_ids:
    description:
      - The VPC security groups of the group's nodes.
    type: list
    elements: str
  cache_parameter_group_name:
    description:
      - The cache parameter group. When not set, a new group gets the engine's default one.
    type: str
  port:
    description:
      - The port the nodes listen on. Cannot change after creation.
    default: 6379
    type: int
  at_rest_encryption:
    description:
      - Whether data at rest is encrypted. Cannot change after creation.
    default: true
    type: bool
  kms_key_id:
    description:
      - The KMS key (ID, ARN or alias) that encrypts data at rest. Needs O(at_rest_encryption=true). Cannot change after creation.
    type: str
  transit_encryption:
    description:
      - Whether connections are encrypted in transit (C(TransitEncryptionMode) C(required) once enabled).
    default: true
    type: bool
  auth_token:
    description:
      - The AUTH token (password), 16 to 128 printable ASCII characters without space, C(@), C(") or C(/). Needs O(transit_encryption=true).
      - Sent when the group is created, or on an existing group only with O(auth_token_update_strategy); AWS cannot
        read a token back, so a run without O(auth_token_update_strategy) never changes it.
    type: str
  auth_token_update_strategy:
    description:
      - How to change the token of an existing group; every run that sets it changes the token.
      - V(ROTATE) adds O(auth_token) next to the current token (both are accepted); V(SET) makes O(auth_token) the only
        token, after a V(ROTATE); V(DELETE) removes the token (without O(auth_token)).
    choices: ['ROTATE', 'SET', 'DELETE']
    type: str
  snapshot_retention_limit:
    description:
      - How many days automatic snapshots are kept, 0 to 35 (0 turns them off).
    type: int
  snapshot_window:
    description:
      - The daily UTC time range of automatic snapshots, for example V(05:00-06:00).
    type: str
  preferred_maintenance_window:
    description:
      - The weekly UTC maintenance window, for example V(sun:23:00-mon:01:30).
    type: str
  log_delivery_configurations:
    description:
      - Where the slow log and the engine log go. An empty list turns log delivery off; when not set, it is not managed.
    type: list
    elements: dict
    suboptions:
      log_type:
        description:
          - Which log.
        required: true
        choices: ['slow-log', 'engine-log']
        type: str
      destination_type:
        description:
          - Where the log goes.
        default: cloudwatch-logs
        choices: ['cloudwatch-logs', 'kinesis-firehose']
        type: str
      destination:
        description:
          - The CloudWatch Logs group name, or the Kinesis Data Firehose delivery stream name.
        required: true
        type: str
      log_format:
        description:
          - The format of the log records.
        default: json
        choices: ['json', 'text']
        type: str
  apply_immediately:
    description:
      - Apply modifications now rather than in the next maintenance window. Replica changes always apply now.
      - With V(false), AWS keeps the change pending, so the group reads back unchanged until the window.
    default: true
    type: bool
  final_snapshot_identifier:
    description:
      - The name of a snapshot AWS takes before deleting the group (O(state=absent)).
    type: str
  state:
    description:
      - Whether the replication group should exist.
    default: present
    choices: ['present', 'absent']
    type: str
  wait:
    description:
      - Wait until the group is C(available) after a change, or gone after deletion.
    default: true
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait, for each wait.
    default: 1800
    type: int
notes:
  - The token is never returned. In check mode nothing changes and RV(replication_group) is empty for a group that would be created.
  - The engine version, security groups, parameter group, subnet group and maintenance window are read from the
    group's first member cluster (C(DescribeCacheClusters)), as C(DescribeReplicationGroups) does not answer them.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A Redis OSS primary with one replica, Multi-AZ, encrypted, with an AUTH token
  webstack.aws.elasticache_replication_group:
    replication_group_id: demo-prod
    cache_node_type: cache.t4g.small
    engine_version: "7.1"
    replicas_per_node_group: 1
    automatic_failover: true
    multi_az: true
    cache_subnet_group_name: demo-prod
    security_group_ids: [sg-0123456789abcdef0]
    auth_token: "{{ cache_auth_token }}"
    snapshot_retention_limit: 7
    snapshot_window: "03:00-04:00"
    log_delivery_configurations:
      - log_type: slow-log
        destination: /webstack/demo-prod/redis-slow
    tags:
      webstack:stack: demo
      webstack:environment: prod
      webstack:component: cache

- name: Rotate the AUTH token (the old one keeps working)
  webstack.aws.elasticache_replication_group:
    replication_group_id: demo-prod
    cache_node_type: cache.t4g.small
    auth_token: "{{ new_cache_auth_token }}"
    auth_token_update_strategy: ROTATE

- name: Then make the new token the only one
  webstack.aws.elasticache_replication_group:
    replication_group_id: demo-prod
    cache_node_type: cache.t4g.small
    auth_token: "{{ new_cache_auth_token }}"
    auth_token_update_strategy: SET

- name: Delete it, keeping a final snapshot
  webstack.aws.elasticache_replication_group:
    replication_group_id: demo-prod
    final_snapshot_identifier: demo-prod-final
    state: absent
"""

RETURN = r"""
replication_group:
  description:
    - The replication group as DescribeReplicationGroups answers it, in snake_case, with its tags as a dict.
  returned: when O(state=present)
  type: dict
  contains:
    replication_group_id:
      description: The identifier.
      type: str
      returned: always
      sample: demo-prod
    arn:
      description: The ARN.
      type: str
      returned: always
      sample: arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:demo-prod
    status:
      description: The status (C(creating), C(available), C(modifying), ...).
      type: str
      returned: always
      sample: available
    description:
      description: The description.
      type: str
      returned: always
      sample: managed by Ansible
    member_clusters:
      description: The IDs of the member clusters (one node each).
      type: list
      elements: str
      returned: always
      sample: ["demo-prod-001", "demo-prod-002"]
    node_groups:
      description: The node groups (shards) with their endpoints and members.
      type: list
      elements: dict
      returned: always
    configuration_endpoint:
      description: The configuration endpoint, in cluster mode enabled.
      type: dict
      returned: when cluster mode is enabled
    automatic_failover:
      description: C(enabled), C(disabled), C(enabling) or C(disabling).
      type: str
      returned: always
      sample: enabled
    multi_az:
      description: C(enabled) or C(disabled).
      type: str
      returned: always
      sample: enabled
    cache_node_type:
      description: The node type.
      type: str
      returned: always
      sample: cache.t4g.small
    cluster_mode:
      description: The cluster mode.
      type: str
      returned: when AWS reports it
      sample: disabled
    engine:
      description: The engine.
      type: str
      returned: when AWS reports it
      sample: redis
    auth_token_enabled:
      description: Whether an AUTH token is set (the token itself is never returned).
      type: bool
      returned: always
      sample: true
    transit_encryption_enabled:
      description: Whether connections are encrypted in transit.
      type: bool
      returned: always
      sample: true
    transit_encryption_mode:
      description: C(preferred) or C(required).
      type: str
      returned: when in-transit encryption is enabled
      sample: required
    at_rest_encryption_enabled:
      description: Whether data at rest is encrypted.
      type: bool
      returned: always
      sample: true
    kms_key_id:
      description: The KMS key ARN encrypting data at rest.
      type: str
      returned: when a customer managed key is used
    snapshot_retention_limit:
      description: Days automatic snapshots are kept.
      type: int
      returned: always
      sample: 7
    snapshot_window:
      description: The daily snapshot window.
      type: str
      returned: always
      sample: "03:00-04:00"
    log_delivery_configurations:
      description: The log delivery configurations.
      type: list
      elements: dict
      returned: always
    tags:
      description: The tags of the group.
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
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.elasticache import describe_replication_group
from ansible_collections.webstack.aws.plugins.module_utils.elasticache import group_tags
from ansible_collections.webstack.aws.plugins.module_utils.elasticache import replication_group_result
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

LOG_DELIVERY_SPEC = dict(
    log_type=dict(type="str", required=True, choices=["slow-log", "engine-log"]),
    destination_type=dict(type="str", default="cloudwatch-logs", choices=["cloudwatch-logs", "kinesis-firehose"]),
    destination=dict(type="str", required=True),
    log_format=dict(type="str", default="json", choices=["json", "text"]),
)

ARGUMENT_SPEC = dict(
    replication_group_id=dict(type="str", required=True),
    description=dict(type="str", default="managed by Ansible"),
    engine=dict(type="str", default="redis", choices=["redis", "valkey"]),
    engine_version=dict(type="str"),
    cache_node_type=dict(type="str"),
    num_node_groups=dict(type="int", default=1),
    replicas_per_node_group=dict(type="int", default=1),
    cluster_mode=dict(type="str", choices=["enabled", "disabled", "compatible"]),
    automatic_failover=dict(type="bool"),
    multi_az=dict(type="bool"),
    cache_subnet_group_name=dict(type="str"),
    security_group_ids=dict(type="list", elements="str"),
    cache_parameter_group_name=dict(type="str"),
    port=dict(type="int", default=6379),
    at_rest_encryption=dict(type="bool", default=True),
    kms_key_id=dict(type="str"),
    transit_encryption=dict(type="bool", default=True),
    auth_token=dict(type="str", no_log=True),
    auth_token_update_strategy=dict(type="str", choices=["ROTATE", "SET", "DELETE"], no_log=False),
    snapshot_retention_limit=dict(type="int"),
    snapshot_window=dict(type="str"),
    preferred_maintenance_window=dict(type="str"),
    log_delivery_configurations=dict(type="list", elements="dict", options=LOG_DELIVERY_SPEC),
    apply_immediately=dict(type="bool", default=True),
    final_snapshot_identifier=dict(type="str"),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=1800),
)

POLL_DELAY = 15  # seconds between DescribeReplicationGroups polls
MAX_REPLICAS = 5
NODE_TYPE = re.compile(r"^cache\.[a-z0-9-]+\.[a-z0-9]+$")
TOKEN = re.compile(r"^[!#-.0-?A-~]{16,128}$")  # printable ASCII without space, '"', '/' and '@'
DAILY_WINDOW = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")
WEEKLY_WINDOW = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$")
# Options AWS cannot change on an existing group, as the module names them.
IMMUTABLE = ("engine", "at_rest_encryption", "kms_key_id", "cache_subnet_group_name", "port", "num_node_groups")
DESTINATION_KEYS = {"cloudwatch-logs": ("CloudWatchLogsDetails", "LogGroup"), "kinesis-firehose": ("KinesisFirehoseDetails", "DeliveryStream")}


# Validation


def validate_params(params: Dict[str, Any]) -> List[str]:
    """What is wrong with the options, each naming the option; [] when they are fine. Makes no AWS call."""
    errors = []
    replicas = params["replicas_per_node_group"]
    if params["state"] == "present":
        if not params.get("cache_node_type"):
            errors.append("cache_node_type is required when state=present.")
        elif not NODE_TYPE.match(params["cache_node_type"]):
            errors.append(f"cache_node_type must look like cache.<family>.<size> (for example cache.t4g.micro), not {params['cache_node_type']!r}.")
    if not 0 <= replicas <= MAX_REPLICAS:
        errors.append(f"replicas_per_node_group must be between 0 and {MAX_REPLICAS}, not {replicas}.")
    if params["num_node_groups"] < 1:
        errors.append(f"num_node_groups must be at least 1, not {params['num_node_groups']}.")
    if params["num_node_groups"] > 1 and params.get("cluster_mode") == "disabled":
        errors.append("num_node_groups > 1 needs cluster_mode enabled (or unset), not disabled.")
    if params.get("multi_az") and not params.get("automatic_failover"):
        errors.append("multi_az needs automatic_failover: true.")
    if (params.get("multi_az") or params.get("automatic_failover")) and replicas < 1:
        errors.append("automatic_failover and multi_az need replicas_per_node_group >= 1.")
    errors.extend(_token_errors(params))
    if params.get("kms_key_id") and not params["at_rest_encryption"]:
        errors.append("kms_key_id needs at_rest_encryption: true.")
    if params.get("snapshot_retention_limit") is not None and not 0 <= params["snapshot_retention_limit"] <= 35:
        errors.append(f"snapshot_retention_limit must be between 0 and 35, not {params['snapshot_retention_limit']}.")
    if params.get("snapshot_window") and not DAILY_WINDOW.match(params["snapshot_window"]):
        errors.append(f"snapshot_window must look like hh24:mi-hh24:mi (UTC), not {params['snapshot_window']!r}.")
    if params.get("preferred_maintenance_window") and not WEEKLY_WINDOW.match(params["preferred_maintenance_window"]):
        errors.append(f"preferred_maintenance_window must look like ddd:hh24:mi-ddd:hh24:mi (UTC), not {params['preferred_maintenance_window']!r}.")
    if not 1 <= params["port"] <= 65535:
        errors.append(f"port must be between 1 and 65535, not {params['port']}.")
    log_types = [entry["log_type"] for entry in params.get("log_delivery_configurations") or []]
    if len(log_types) != len(set(log_types)):
        errors.append("log_delivery_configurations may name each log_type once.")
    return errors


def _token_errors(params: Dict[str, Any]) -> List[str]:
    token, strategy = params.get("auth_token"), params.get("auth_token_update_strategy")
    errors = []
    if token is not None:
        if not params["transit_encryption"]:
            errors.append("auth_token needs transit_encryption: true.")
        if not TOKEN.match(token):
            errors.append("auth_token must be 16 to 128 printable ASCII characters without space, '@', '\"' or '/'.")
        if strategy == "DELETE":
            errors.append("auth_token_update_strategy DELETE removes the token: do not give auth_token with it.")
    elif strategy in ("ROTATE", "SET"):
        errors.append(f"auth_token_update_strategy {strategy} needs auth_token.")
    return errors


# What the group is and what it should be


def cluster_mode_enabled(params: Dict[str, Any]) -> bool:
    return params.get("cluster_mode") == "enabled" or (params["num_node_groups"] > 1 and params.get("cluster_mode") is None)


def desired_settings(params: Dict[str, Any]) -> Dict[str, Any]:
    """The settings the options ask for, as current_settings reads them; None where an option leaves a setting alone."""
    logs = params.get("log_delivery_configurations")
    return {
        "description": params["description"],
        "engine": params["engine"],
        "engine_version": params.get("engine_version"),
        "cache_node_type": params.get("cache_node_type"),
        "num_node_groups": params["num_node_groups"],
        "replicas_per_node_group": params["replicas_per_node_group"],
        "cluster_mode": params.get("cluster_mode"),
        "automatic_failover": params.get("automatic_failover"),
        "multi_az": params.get("multi_az"),
        "cache_subnet_group_name": params.get("cache_subnet_group_name"),
        "security_group_ids": sorted(params["security_group_ids"]) if params.get("security_group_ids") is not None else None,
        "cache_parameter_group_name": params.get("cache_parameter_group_name"),
        "port": params["port"],
        "at_rest_encryption": params["at_rest_encryption"],
        "kms_key_id": params.get("kms_key_id"),
        "transit_encryption": params["transit_encryption"],
        "snapshot_retention_limit": params.get("snapshot_retention_limit"),
        "snapshot_window": params.get("snapshot_window"),
        "preferred_maintenance_window": params.get("preferred_maintenance_window"),
        "log_delivery_configurations": sorted((dict(entry) for entry in logs), key=lambda e: e["log_type"]) if logs is not None else None,
    }


def _log_entry(config: Dict[str, Any]) -> Dict[str, Any]:
    key, field = DESTINATION_KEYS.get(config.get("DestinationType"), DESTINATION_KEYS["cloudwatch-logs"])
    return {
        "log_type": config.get("LogType"),
        "destination_type": config.get("DestinationType"),
        "destination": config.get("DestinationDetails", {}).get(key, {}).get(field),
        "log_format": config.get("LogFormat"),
    }


def _port(group: Dict[str, Any]) -> Optional[int]:
    endpoint = group.get("ConfigurationEndpoint") or (group.get("NodeGroups") or [{}])[0].get("PrimaryEndpoint") or {}
    return endpoint.get("Port")


def current_settings(group: Dict[str, Any], member: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The group's settings, from DescribeReplicationGroups and its first member cluster (DescribeCacheClusters)."""
    member = member or {}
    node_groups = group.get("NodeGroups") or []
    logs = [config for config in group.get("LogDeliveryConfigurations") or [] if config.get("Status") != "disabling"]
    return {
        "description": group.get("Description"),
        "engine": group.get("Engine") or member.get("Engine"),
        "engine_version": member.get("EngineVersion"),
        "cache_node_type": group.get("CacheNodeType"),
        "num_node_groups": len(node_groups),
        "replicas_per_node_group": {ng["NodeGroupId"]: len(ng.get("NodeGroupMembers") or []) - 1 for ng in node_groups},
        "cluster_mode": group.get("ClusterMode") or ("enabled" if group.get("ClusterEnabled") else "disabled"),
        "automatic_failover": group.get("AutomaticFailover") in ("enabled", "enabling"),
        "multi_az": group.get("MultiAZ") == "enabled",
        "cache_subnet_group_name": member.get("CacheSubnetGroupName"),
        "security_group_ids": sorted(sg["SecurityGroupId"] for sg in member.get("SecurityGroups") or []),
        "cache_parameter_group_name": (member.get("CacheParameterGroup") or {}).get("CacheParameterGroupName"),
        "port": _port(group),
        "at_rest_encryption": bool(group.get("AtRestEncryptionEnabled")),
        "kms_key_id": group.get("KmsKeyId"),
        "transit_encryption": bool(group.get("TransitEncryptionEnabled")),
        "transit_encryption_mode": group.get("TransitEncryptionMode"),
        "auth_token_enabled": bool(group.get("AuthTokenEnabled")),
        "snapshot_retention_limit": group.get("SnapshotRetentionLimit"),
        "snapshot_window": group.get("SnapshotWindow"),
        "preferred_maintenance_window": member.get("PreferredMaintenanceWindow"),
        "log_delivery_configurations": sorted((_log_entry(config) for config in logs), key=lambda e: e["log_type"]),
    }


def version_matches(actual: Optional[str], desired: Optional[str]) -> bool:
    return desired is None or actual == desired or (actual or "").startswith(desired + ".")


def kms_key_matches(actual: Optional[str], desired: Optional[str]) -> bool:
    """Whether desired (a key ID or ARN) names the key ARN actual; aliases are resolved before."""
    return desired is None or actual == desired or (actual or "").endswith("/" + desired)


def immutable_errors(current: Dict[str, Any], desired: Dict[str, Any], group_id: str, kms_matches: bool) -> List[str]:
    errors = []
    for option in IMMUTABLE:
        wanted, actual = desired[option], current[option]
        same = kms_matches if option == "kms_key_id" else (wanted is None or actual is None or wanted == actual)
        if not same:
            errors.append(
                f"{option} cannot change on an existing replication group ({actual!r} -> {wanted!r}); "
                f"delete and recreate replication group {group_id} to change it."
            )
    return errors


def log_delivery_request(current: List[Dict[str, Any]], desired: Optional[List[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    """LogDeliveryConfigurations entries that bring current to desired; [] when they match or desired is None."""
    if desired is None or current == desired:
        return []
    request = []
    for entry in desired:
        if entry not in current:
            key, field = DESTINATION_KEYS[entry["destination_type"]]
            request.append(
                {
                    "LogType": entry["log_type"],
                    "DestinationType": entry["destination_type"],
                    "DestinationDetails": {key: {field: entry["destination"]}},
                    "LogFormat": entry["log_format"],
                    "Enabled": True,
                }
            )
    wanted_types = {entry["log_type"] for entry in desired}
    request.extend({"LogType": entry["log_type"], "Enabled": False} for entry in current if entry["log_type"] not in wanted_types)
    return request


# (option, ModifyReplicationGroup member) for the settings compared as they are.
PLAIN_MODIFICATIONS = (
    ("description", "ReplicationGroupDescription"),
    ("cache_node_type", "CacheNodeType"),
    ("automatic_failover", "AutomaticFailoverEnabled"),
    ("multi_az", "MultiAZEnabled"),
    ("security_group_ids", "SecurityGroupIds"),
    ("cache_parameter_group_name", "CacheParameterGroupName"),
    ("snapshot_retention_limit", "SnapshotRetentionLimit"),
    ("snapshot_window", "SnapshotWindow"),
    ("preferred_maintenance_window", "PreferredMaintenanceWindow"),
    ("cluster_mode", "ClusterMode"),
)


def modify_request(current: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
    """The ModifyReplicationGroup members that differ (no token, no in-transit encryption); {} when none."""
    request = {member: desired[option] for option, member in PLAIN_MODIFICATIONS if desired[option] is not None and desired[option] != current[option]}
    if not version_matches(current["engine_version"], desired["engine_version"]):
        request["EngineVersion"] = desired["engine_version"]
    logs = log_delivery_request(current["log_delivery_configurations"], desired["log_delivery_configurations"])
    if logs:
        request["LogDeliveryConfigurations"] = logs
    return request


def auth_token_request(params: Dict[str, Any], token_enabled: bool) -> Dict[str, Any]:
    """The token members of ModifyReplicationGroup: only with auth_token_update_strategy (DELETE only when a token is set)."""
    strategy = params.get("auth_token_update_strategy")
    if strategy == "DELETE":
        return {"AuthTokenUpdateStrategy": "DELETE"} if token_enabled else {}
    if strategy:
        return {"AuthToken": params["auth_token"], "AuthTokenUpdateStrategy": strategy}
    return {}


def transit_steps(enabled: bool, mode: Optional[str], wanted: bool) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """ModifyReplicationGroup calls for in-transit encryption, as (before the other changes, after them)."""
    mode = mode or ("required" if enabled else None)
    if wanted and not enabled:
        return [{"TransitEncryptionEnabled": True, "TransitEncryptionMode": "preferred"}, {"TransitEncryptionMode": "required"}], []
    if wanted and mode == "preferred":
        return [{"TransitEncryptionMode": "required"}], []
    if not wanted and enabled:
        to_preferred = [] if mode == "preferred" else [{"TransitEncryptionMode": "preferred"}]
        return [], [*to_preferred, {"TransitEncryptionEnabled": False}]
    return [], []


def replica_requests(counts: Dict[str, int], wanted: int, cluster_enabled: bool) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """The IncreaseReplicaCount and DecreaseReplicaCount members ({} when not needed) that give each node group `wanted` replicas."""
    more = sorted(ng for ng, count in counts.items() if count < wanted)
    fewer = sorted(ng for ng, count in counts.items() if count > wanted)

    def request(node_groups: List[str]) -> Dict[str, Any]:
        if not node_groups:
            return {}
        if not cluster_enabled:
            return {"NewReplicaCount": wanted}
        return {"ReplicaConfiguration": [{"NodeGroupId": ng, "NewReplicaCount": wanted} for ng in node_groups]}

    return request(more), request(fewer)


def create_request(params: Dict[str, Any]) -> Dict[str, Any]:
    """CreateReplicationGroup's members for the options."""
    enabled = cluster_mode_enabled(params)
    replicas = params["replicas_per_node_group"]
    request: Dict[str, Any] = {
        "ReplicationGroupId": params["replication_group_id"],
        "ReplicationGroupDescription": params["description"],
        "Engine": params["engine"],
        "CacheNodeType": params["cache_node_type"],
        "Port": params["port"],
        "AtRestEncryptionEnabled": params["at_rest_encryption"],
        "TransitEncryptionEnabled": params["transit_encryption"],
    }
    if enabled:
        request.update(NumNodeGroups=params["num_node_groups"], ReplicasPerNodeGroup=replicas, ClusterMode=params.get("cluster_mode") or "enabled")
    else:
        request["NumCacheClusters"] = replicas + 1
        if params.get("cluster_mode"):
            request["ClusterMode"] = params["cluster_mode"]
    failover = params.get("automatic_failover")
    if failover is None and enabled:
        failover = True
    optional = {
        "AutomaticFailoverEnabled": failover,
        "MultiAZEnabled": params.get("multi_az"),
        "EngineVersion": params.get("engine_version"),
        "CacheSubnetGroupName": params.get("cache_subnet_group_name"),
        "SecurityGroupIds": params.get("security_group_ids"),
        "CacheParameterGroupName": params.get("cache_parameter_group_name"),
        "KmsKeyId": params.get("kms_key_id"),
        "AuthToken": params.get("auth_token"),
        "SnapshotRetentionLimit": params.get("snapshot_retention_limit"),
        "SnapshotWindow": params.get("snapshot_window"),
        "PreferredMaintenanceWindow": params.get("preferred_maintenance_window"),
    }
    request.update({member: value for member, value in optional.items() if value is not None})
    logs = log_delivery_request([], desired_settings(params)["log_delivery_configurations"])
    if logs:
        request["LogDeliveryConfigurations"] = logs
    if params.get("tags"):
        request["Tags"] = ansible_dict_to_boto3_tag_list(params["tags"])
    return request


def settings_after(current: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
    """current with every setting the options manage replaced by what they ask (for the diff)."""
    after = dict(current)
    for key, value in desired.items():
        if value is None or key in IMMUTABLE:
            continue
        if key == "replicas_per_node_group":
            value = {ng: value for ng in current[key]}
        elif key == "engine_version" and version_matches(current[key], value):
            continue
        after[key] = value
    after["transit_encryption_mode"] = "required" if desired["transit_encryption"] else None
    return after


def diff_view(settings: Dict[str, Any], tags: Dict[str, str]) -> Dict[str, Any]:
    return {**settings, "tags": dict(tags)}


# AWS


class ReplicationGroupManager:
    """Brings one replication group to the state the module's options describe."""

    def __init__(self, module, client, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.group_id = module.params["replication_group_id"]
        self._sleep = sleep
        self._clock = clock

    def call(self, operation: str, **request: Any) -> Dict[str, Any]:
        try:
            return getattr(self.client, operation)(aws_retry=True, **request)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to {operation.replace('_', ' ')} {self.group_id}")

    def describe(self) -> Optional[Dict[str, Any]]:
        try:
            return describe_replication_group(self.client, self.group_id)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to describe replication group {self.group_id}")

    def first_member(self, group: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        members = group.get("MemberClusters") or []
        if not members:
            return None
        return (self.call("describe_cache_clusters", CacheClusterId=members[0]).get("CacheClusters") or [None])[0]

    def tags(self, group: Dict[str, Any]) -> Dict[str, str]:
        try:
            return group_tags(self.client, group["ARN"])
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to list the tags of replication group {self.group_id}")

    def kms_key_arn(self, key: str) -> str:
        """The ARN of the key that key (an alias or ID) names."""
        try:
            kms = self.module.client("kms", retry_decorator=retrying())
            return kms.describe_key(aws_retry=True, KeyId=key)["KeyMetadata"]["Arn"]
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to describe KMS key {key}")

    def wait_for(self, done: Callable[[Optional[Dict[str, Any]]], bool], what: str) -> Optional[Dict[str, Any]]:
        deadline = self._clock() + self.params["wait_timeout"]
        while True:
            group = self.describe()
            if done(group):
                return group
            if self._clock() >= deadline:
                status = group["Status"] if group else "gone"
                self.module.fail_json(
                    msg=f"Timed out after {self.params['wait_timeout']}s waiting for replication group {self.group_id} to be {what} (it is {status})"
                )
            self._sleep(POLL_DELAY)

    def wait_available(self) -> Dict[str, Any]:
        return self.wait_for(lambda group: group is not None and group["Status"] == "available", "available")

    # Desired states

    def ensure_absent(self) -> Dict[str, Any]:
        group = self.describe()
        if group is None:
            return {"changed": False, "diff": {"before": {}, "after": {}}}
        before = diff_view(current_settings(group, self.first_member(group)), self.tags(group))
        deleting = group["Status"] == "deleting"
        if not self.module.check_mode:
            if not deleting:
                if group["Status"] != "available":
                    self.wait_available()
                request = {"ReplicationGroupId": self.group_id}
                if self.params.get("final_snapshot_identifier"):
                    request["FinalSnapshotIdentifier"] = self.params["final_snapshot_identifier"]
                self.call("delete_replication_group", **request)
            if self.params["wait"]:
                self.wait_for(lambda found: found is None, "deleted")
        return {"changed": not deleting, "diff": {"before": before, "after": {}}}

    def ensure_present(self) -> Dict[str, Any]:
        group = self.describe()
        if group is None:
            return self.create()
        if group["Status"] == "deleting":
            self.module.fail_json(msg=f"Replication group {self.group_id} is being deleted; run again once it is gone to create it anew.")
        return self.update(group)

    def create(self) -> Dict[str, Any]:
        desired = desired_settings(self.params)
        after = diff_view({**desired, "auth_token_enabled": bool(self.params.get("auth_token"))}, self.params.get("tags") or {})
        result = {"changed": True, "diff": {"before": {}, "after": after}, "replication_group": {}}
        if self.module.check_mode:
            return result
        group = self.call("create_replication_group", **create_request(self.params))["ReplicationGroup"]
        if self.params["wait"]:
            group = self.wait_available()
        # The group was created with exactly these tags: reading them back costs a call, and right after the create
        # an eventually consistent read can miss the group.
        result["replication_group"] = replication_group_result(group, self.params.get("tags") or {})
        return result

    def update(self, group: Dict[str, Any]) -> Dict[str, Any]:
        current = current_settings(group, self.first_member(group))
        desired = desired_settings(self.params)
        kms_matches = kms_key_matches(current["kms_key_id"], desired["kms_key_id"])
        if not kms_matches and "alias/" in (desired["kms_key_id"] or ""):
            kms_matches = kms_key_matches(current["kms_key_id"], self.kms_key_arn(desired["kms_key_id"]))
        errors = immutable_errors(current, desired, self.group_id, kms_matches)
        if errors:
            self.module.fail_json(msg=" ".join(errors), errors=errors)
        steps = self.steps(current, desired)
        tags = self.tags(group)
        tags_to_add, tags_to_remove = {}, []
        if self.params.get("tags") is not None:
            tags_to_add, tags_to_remove = compare_aws_tags(tags, self.params["tags"], self.params["purge_tags"])
        tags_after = {k: v for k, v in {**tags, **tags_to_add}.items() if k not in tags_to_remove}
        changed = bool(steps or tags_to_add or tags_to_remove)
        diff = {"before": diff_view(current, tags), "after": diff_view(settings_after(current, desired), tags_after)}
        if self.params.get("auth_token_update_strategy"):
            diff["after"]["auth_token_enabled"] = self.params["auth_token_update_strategy"] != "DELETE"
        if changed and not self.module.check_mode:
            for operation, request in steps:
                if group["Status"] != "available":
                    group = self.wait_available()
                group = self.call(operation, ReplicationGroupId=self.group_id, **request)["ReplicationGroup"]
            self.retag(group["ARN"], tags_to_add, tags_to_remove)
            group = self.wait_available() if self.params["wait"] and steps else self.describe()
            tags = tags_after
        return {"changed": changed, "diff": diff, "replication_group": replication_group_result(group, tags)}

    def steps(self, current: Dict[str, Any], desired: Dict[str, Any]) -> List[Tuple[str, Dict[str, Any]]]:
        """(operation, request) calls in the order AWS accepts them: replicas up, encryption on, settings, encryption off, replicas down."""
        more, fewer = replica_requests(current["replicas_per_node_group"], desired["replicas_per_node_group"], current["cluster_mode"] == "enabled")
        transit_first, transit_last = transit_steps(current["transit_encryption"], current["transit_encryption_mode"], desired["transit_encryption"])
        settings = {**modify_request(current, desired), **auth_token_request(self.params, current["auth_token_enabled"])}
        modify = [dict(step, ApplyImmediately=self.params["apply_immediately"]) for step in [*transit_first, settings, *transit_last] if step]
        steps: List[Tuple[str, Dict[str, Any]]] = []
        if more:
            steps.append(("increase_replica_count", dict(more, ApplyImmediately=True)))
        steps.extend(("modify_replication_group", step) for step in modify)
        if fewer:
            steps.append(("decrease_replica_count", dict(fewer, ApplyImmediately=True)))
        return steps

    def retag(self, arn: str, to_add: Dict[str, str], to_remove: List[str]) -> None:
        if to_remove:
            self.call("remove_tags_from_resource", ResourceName=arn, TagKeys=to_remove)
        if to_add:
            self.call("add_tags_to_resource", ResourceName=arn, Tags=ansible_dict_to_boto3_tag_list(to_add))


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("elasticache", retry_decorator=retrying())
    manager = ReplicationGroupManager(module, client)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    if not module._diff:
        result.pop("diff")
    module.exit_json(**result)


if __name__ == "__main__":
    main()
