#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: rds_proxy
version_added: 0.3.0
short_description: Manage an RDS Proxy, its default target group, its targets and its endpoints
description:
  - Create, modify or delete one RDS Proxy named O(name).
  - Besides the proxy's own settings (authentication, TLS, idle timeout, debug logging, IAM role, security groups), the
    module manages the connection pool of the proxy's default target group, the DB instances and Aurora clusters
    registered as its targets, its additional endpoints and its tags.
  - The proxy's engine family and subnets cannot change after it is created; a difference fails naming the option,
    nothing is recreated.
  - A new proxy takes minutes to become C(available), and AWS registers targets and adds endpoints only on an available
    proxy. With O(wait=false) the module starts what it can and returns; what had to wait for the proxy is left to the
    next run, and the result says RV(targets_pending=true). Run it again with O(wait=true) to finish and wait.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the proxy (C(DBProxyName)). 1 to 63 letters, digits or hyphens, starting with a letter, not
        ending with a hyphen and without two hyphens in a row.
    required: true
    type: str
  state:
    description:
      - Whether the proxy should exist.
    default: present
    choices: ['present', 'absent']
    type: str
  engine_family:
    description:
      - The kind of database engine the proxy connects to. Cannot change after the proxy is created.
    default: POSTGRESQL
    choices: ['POSTGRESQL', 'MYSQL', 'SQLSERVER']
    type: str
  auth:
    description:
      - How the proxy authenticates to the database, one entry per Secrets Manager secret holding database credentials.
      - At least one entry is required when O(state=present). The list replaces the proxy's list.
    type: list
    elements: dict
    suboptions:
      secret_arn:
        description:
          - The ARN of the Secrets Manager secret with the database user's credentials.
        required: true
        type: str
      iam_auth:
        description:
          - Whether clients must, may or may not use IAM authentication to connect to the proxy.
        default: DISABLED
        choices: ['DISABLED', 'REQUIRED', 'ENABLED']
        type: str
      client_password_auth_type:
        description:
          - The password authentication clients use to connect to the proxy.
          - When not set, a new proxy gets the AWS default for its engine family and an existing one keeps its value.
        choices: ['MYSQL_NATIVE_PASSWORD', 'MYSQL_CACHING_SHA2_PASSWORD', 'POSTGRES_SCRAM_SHA_256', 'POSTGRES_MD5', 'SQL_SERVER_AUTHENTICATION']
        type: str
      description:
        description:
          - A description of this authentication entry. When not set, an existing entry keeps its description.
        type: str
  role_arn:
    description:
      - The ARN of the IAM role the proxy uses to read the secrets of O(auth).
      - Required when O(state=present).
    type: str
  vpc_subnet_ids:
    description:
      - The subnets the proxy runs in, in one VPC. Cannot change after the proxy is created.
      - Required when O(state=present).
    type: list
    elements: str
  vpc_security_group_ids:
    description:
      - The security groups of the proxy.
      - When not set, a new proxy gets the default security group of its VPC and an existing proxy keeps its groups.
    type: list
    elements: str
  require_tls:
    description:
      - Whether clients must connect to the proxy with TLS.
    default: true
    type: bool
  idle_client_timeout:
    description:
      - How many seconds a client connection may stay idle before the proxy closes it, 1 to 28800.
    default: 1800
    type: int
  debug_logging:
    description:
      - Whether the proxy logs the SQL statements it sees, for debugging. It may log sensitive data.
    default: false
    type: bool
  target_group:
    description:
      - The connection pool of the proxy's default target group.
    type: dict
    default: {}
    suboptions:
      max_connections_percent:
        description:
          - The largest share of the database's max_connections the proxy may use, 1 to 100.
        default: 100
        type: int
      max_idle_connections_percent:
        description:
          - The largest share of the database's max_connections the proxy keeps idle, 1 to 100 and not above
            O(target_group.max_connections_percent).
        default: 50
        type: int
      connection_borrow_timeout:
        description:
          - How many seconds a client waits for a free connection of the pool, 1 to 3600.
        default: 120
        type: int
      session_pinning_filters:
        description:
          - Operations that do not pin a client session to one database connection, for example V(EXCLUDE_VARIABLE_SETS).
          - When not set, the target group keeps its filters; V([]) removes them.
        type: list
        elements: str
      init_query:
        description:
          - SQL statements run on each new database connection.
          - When not set, the target group keeps its init query; an empty string removes it.
        type: str
  db_instance_identifiers:
    description:
      - The DB instances registered as targets of the default target group.
      - Instances registered and not listed are deregistered; when not set, the instance targets are left as they are.
    type: list
    elements: str
  db_cluster_identifiers:
    description:
      - The Aurora DB clusters registered as targets of the default target group (AWS lists their member instances as
        targets too).
      - Clusters registered and not listed are deregistered; when not set, the cluster targets are left as they are.
    type: list
    elements: str
  endpoints:
    description:
      - Additional endpoints of the proxy, besides its default read/write endpoint.
      - When not set, the endpoints are left as they are.
      - An endpoint whose target role or subnets differ is deleted and created again; its security groups change in place.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - The name of the endpoint (C(DBProxyEndpointName)), with the same rules as O(name).
        required: true
        type: str
      target_role:
        description:
          - Whether the endpoint reaches the writer (V(READ_WRITE)) or the readers (V(READ_ONLY)) of the targets.
          - V(READ_ONLY) needs Aurora cluster targets (O(db_cluster_identifiers)).
        default: READ_ONLY
        choices: ['READ_WRITE', 'READ_ONLY']
        type: str
      vpc_subnet_ids:
        description:
          - The subnets of the endpoint, in the proxy's VPC. Defaults to the proxy's subnets.
        type: list
        elements: str
      vpc_security_group_ids:
        description:
          - The security groups of the endpoint. Defaults to the proxy's security groups.
        type: list
        elements: str
  purge_endpoints:
    description:
      - Whether to delete the additional endpoints that O(endpoints) does not list. Has no effect without O(endpoints).
    default: true
    type: bool
  wait:
    description:
      - Wait until the proxy is C(available), every target's health is C(AVAILABLE) and every endpoint is C(available);
        on delete, until the proxy is gone.
      - Without waiting, work that needs an available proxy (settings, target group, targets, endpoints) is left to
        the next run while the proxy is not available, and RV(targets_pending) says so.
    default: true
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait in all when O(wait=true).
    default: 900
    type: int
notes:
  - In check mode the module reports what would change and changes nothing; a proxy it would create is returned with
    the settings it would have.
  - Secrets are named by ARN only; the module never reads their values.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Start a proxy in front of a PostgreSQL instance, without waiting
  webstack.aws.rds_proxy:
    name: demo-local
    auth:
      - secret_arn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:demo-local-db-AbCdEf
    role_arn: arn:aws:iam::123456789012:role/demo-local-rds-proxy
    vpc_subnet_ids: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
    vpc_security_group_ids: [sg-0123456789abcdef0]
    db_instance_identifiers: [demo-local]
    tags:
      webstack:stack: demo
      webstack:environment: local
      webstack:component: rds
      ManagedBy: ansible
    wait: false
  register: proxy_started

- name: Finish the proxy (register its targets) and wait until it serves
  webstack.aws.rds_proxy:
    name: demo-local
    auth:
      - secret_arn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:demo-local-db-AbCdEf
    role_arn: arn:aws:iam::123456789012:role/demo-local-rds-proxy
    vpc_subnet_ids: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
    vpc_security_group_ids: [sg-0123456789abcdef0]
    db_instance_identifiers: [demo-local]
    wait: true

- name: A proxy for an Aurora cluster with a read-only endpoint and a tuned pool
  webstack.aws.rds_proxy:
    name: demo-prod
    engine_family: MYSQL
    auth:
      - secret_arn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:demo-prod-db-AbCdEf
        iam_auth: REQUIRED
        client_password_auth_type: MYSQL_CACHING_SHA2_PASSWORD
    role_arn: arn:aws:iam::123456789012:role/demo-prod-rds-proxy
    vpc_subnet_ids: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
    idle_client_timeout: 900
    target_group:
      max_connections_percent: 90
      max_idle_connections_percent: 10
      session_pinning_filters: [EXCLUDE_VARIABLE_SETS]
    db_cluster_identifiers: [demo-prod]
    endpoints:
      - name: demo-prod-ro
        target_role: READ_ONLY

- name: Delete the proxy
  webstack.aws.rds_proxy:
    name: demo-local
    state: absent
"""

RETURN = r"""
proxy:
  description:
    - The proxy, as DescribeDBProxies returns it, in snake_case, with its tags, default target group, targets and
      additional endpoints.
    - In check mode, for a proxy the module would create, the settings it would have.
  returned: when O(state=present)
  type: dict
  contains:
    db_proxy_name:
      description: The name of the proxy.
      type: str
      returned: always
      sample: demo-local
    db_proxy_arn:
      description: The ARN of the proxy.
      type: str
      returned: when the proxy exists
      sample: arn:aws:rds:eu-west-1:123456789012:db-proxy:prx-0123456789abcdef0
    status:
      description: The status of the proxy.
      type: str
      returned: when the proxy exists
      sample: available
    engine_family:
      description: The kind of database engine.
      type: str
      returned: always
      sample: POSTGRESQL
    endpoint:
      description: The host name of the proxy's default (read/write) endpoint.
      type: str
      returned: when the proxy exists
      sample: demo-local.proxy-abcdefghijkl.eu-west-1.rds.amazonaws.com
    vpc_id:
      description: The VPC of the proxy.
      type: str
      returned: when the proxy exists
      sample: vpc-0123456789abcdef0
    vpc_subnet_ids:
      description: The subnets of the proxy.
      type: list
      elements: str
      returned: always
      sample: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
    vpc_security_group_ids:
      description: The security groups of the proxy.
      type: list
      elements: str
      returned: always
      sample: [sg-0123456789abcdef0]
    auth:
      description: The authentication entries (secret ARNs, never secret values).
      type: list
      elements: dict
      returned: always
      sample: [{"auth_scheme": "SECRETS", "secret_arn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", "iam_auth": "DISABLED"}]
    role_arn:
      description: The IAM role that reads the secrets.
      type: str
      returned: always
      sample: arn:aws:iam::123456789012:role/demo-local-rds-proxy
    require_tls:
      description: Whether clients must use TLS.
      type: bool
      returned: always
      sample: true
    idle_client_timeout:
      description: Seconds an idle client connection is kept.
      type: int
      returned: always
      sample: 1800
    debug_logging:
      description: Whether debug logging is on.
      type: bool
      returned: always
      sample: false
    created_date:
      description: When the proxy was created (ISO 8601).
      type: str
      returned: when the proxy exists
      sample: "2025-01-01T12:00:00+00:00"
    tags:
      description: The tags of the proxy.
      type: dict
      returned: always
      sample: {"webstack:stack": "demo"}
    target_group:
      description: The default target group, as DescribeDBProxyTargetGroups returns it, in snake_case.
      type: dict
      returned: always
      sample: {"target_group_name": "default", "is_default": true, "status": "available",
               "connection_pool_config": {"max_connections_percent": 100, "max_idle_connections_percent": 50,
                                          "connection_borrow_timeout": 120, "session_pinning_filters": []}}
    targets:
      description: The targets of the default target group, as DescribeDBProxyTargets returns them, in snake_case.
      type: list
      elements: dict
      returned: always
      sample: [{"rds_resource_id": "demo-local", "type": "RDS_INSTANCE", "port": 5432, "target_health": {"state": "AVAILABLE"}}]
    endpoints:
      description: The additional endpoints, as DescribeDBProxyEndpoints returns them, in snake_case (not the default one).
      type: list
      elements: dict
      returned: always
      sample: [{"db_proxy_endpoint_name": "demo-prod-ro", "target_role": "READ_ONLY", "status": "available",
                "endpoint": "demo-prod-ro.endpoint.proxy-abcdefghijkl.eu-west-1.rds.amazonaws.com"}]
targets_pending:
  description:
    - Whether work that needs an available proxy (registering targets, endpoints, settings, pool) was left to the next
      run because the proxy was not available and O(wait=false).
  returned: when O(state=present)
  type: bool
  sample: false
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
from ansible_collections.webstack.aws.plugins.module_utils.rds_proxy import DEFAULT_TARGET_GROUP
from ansible_collections.webstack.aws.plugins.module_utils.rds_proxy import describe_endpoints
from ansible_collections.webstack.aws.plugins.module_utils.rds_proxy import describe_proxies
from ansible_collections.webstack.aws.plugins.module_utils.rds_proxy import describe_proxy
from ansible_collections.webstack.aws.plugins.module_utils.rds_proxy import describe_targets
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

AUTH_SPEC = dict(
    secret_arn=dict(type="str", required=True, no_log=False),
    iam_auth=dict(type="str", default="DISABLED", choices=["DISABLED", "REQUIRED", "ENABLED"]),
    client_password_auth_type=dict(
        type="str", choices=["MYSQL_NATIVE_PASSWORD", "MYSQL_CACHING_SHA2_PASSWORD", "POSTGRES_SCRAM_SHA_256", "POSTGRES_MD5", "SQL_SERVER_AUTHENTICATION"]
    ),
    description=dict(type="str"),
)

TARGET_GROUP_SPEC = dict(
    max_connections_percent=dict(type="int", default=100),
    max_idle_connections_percent=dict(type="int", default=50),
    connection_borrow_timeout=dict(type="int", default=120),
    session_pinning_filters=dict(type="list", elements="str"),
    init_query=dict(type="str"),
)

ENDPOINT_SPEC = dict(
    name=dict(type="str", required=True),
    target_role=dict(type="str", default="READ_ONLY", choices=["READ_WRITE", "READ_ONLY"]),
    vpc_subnet_ids=dict(type="list", elements="str"),
    vpc_security_group_ids=dict(type="list", elements="str"),
)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    engine_family=dict(type="str", default="POSTGRESQL", choices=["POSTGRESQL", "MYSQL", "SQLSERVER"]),
    auth=dict(type="list", elements="dict", options=AUTH_SPEC),
    role_arn=dict(type="str"),
    vpc_subnet_ids=dict(type="list", elements="str"),
    vpc_security_group_ids=dict(type="list", elements="str"),
    require_tls=dict(type="bool", default=True),
    idle_client_timeout=dict(type="int", default=1800),
    debug_logging=dict(type="bool", default=False),
    target_group=dict(type="dict", default={}, options=TARGET_GROUP_SPEC),
    db_instance_identifiers=dict(type="list", elements="str"),
    db_cluster_identifiers=dict(type="list", elements="str"),
    endpoints=dict(type="list", elements="dict", options=ENDPOINT_SPEC),
    purge_endpoints=dict(type="bool", default=True),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=900),
)

POLL_DELAY = 5  # seconds between describe calls while waiting

# Pool setting -> its ConnectionPoolConfig key.
POOL_KEYS = {
    "max_connections_percent": "MaxConnectionsPercent",
    "max_idle_connections_percent": "MaxIdleConnectionsPercent",
    "connection_borrow_timeout": "ConnectionBorrowTimeout",
    "session_pinning_filters": "SessionPinningFilters",
    "init_query": "InitQuery",
}

# Proxy setting -> its ModifyDBProxy parameter (auth and security groups are built apart).
MODIFIABLE = {"require_tls": "RequireTLS", "idle_client_timeout": "IdleClientTimeout", "debug_logging": "DebugLogging", "role_arn": "RoleArn"}

# (option, setting) that cannot change after create.
IMMUTABLE = (("engine_family", "engine_family"), ("vpc_subnet_ids", "vpc_subnet_ids"))

RANGES = (
    ("idle_client_timeout", None, 1, 28800),
    ("target_group.max_connections_percent", "max_connections_percent", 1, 100),
    ("target_group.max_idle_connections_percent", "max_idle_connections_percent", 1, 100),
    ("target_group.connection_borrow_timeout", "connection_borrow_timeout", 1, 3600),
)

_NAME = re.compile(r"^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)$")
_SECRET_ARN = re.compile(r"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:\S+$")
_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")


# --- validation (pure) -----------------------------------------------------------------


def validate_params(params: Dict[str, Any]) -> List[str]:
    """What is wrong with the options, one message per problem naming the option; [] when they are fine."""
    errors = []
    if not _NAME.match(params["name"]):
        errors.append(f"name {params['name']!r} must be 1 to 63 letters, digits or hyphens, start with a letter, not end with a hyphen nor hold '--'")
    if params["wait_timeout"] < 0:
        errors.append("wait_timeout must be 0 or more seconds")
    if params["state"] == "absent":
        return errors
    if not params.get("auth"):
        errors.append("auth needs at least one entry with a secret_arn: a proxy without a secret cannot reach its database")
    for index, entry in enumerate(params.get("auth") or []):
        if not _SECRET_ARN.match(entry["secret_arn"] or ""):
            errors.append(f"auth[{index}].secret_arn {entry['secret_arn']!r} is not a Secrets Manager secret ARN")
    if not params.get("role_arn"):
        errors.append("role_arn is required with state=present: the IAM role that lets the proxy read the auth secrets")
    elif not _ROLE_ARN.match(params["role_arn"]):
        errors.append(f"role_arn {params['role_arn']!r} is not an IAM role ARN")
    if not params.get("vpc_subnet_ids"):
        errors.append("vpc_subnet_ids is required with state=present: the subnets the proxy runs in")
    errors.extend(_range_errors(params))
    errors.extend(_endpoint_errors(params))
    return errors


def _range_errors(params: Dict[str, Any]) -> List[str]:
    errors = []
    pool = params["target_group"]
    for option, key, low, high in RANGES:
        value = params[option] if key is None else pool[key]
        if not low <= value <= high:
            errors.append(f"{option} must be between {low} and {high}, not {value}")
    if pool["max_idle_connections_percent"] > pool["max_connections_percent"]:
        errors.append("target_group.max_idle_connections_percent must not exceed target_group.max_connections_percent")
    return errors


def _endpoint_errors(params: Dict[str, Any]) -> List[str]:
    errors = []
    names = [endpoint["name"] for endpoint in params.get("endpoints") or []]
    for name in names:
        if not _NAME.match(name) or name == "default":
            errors.append(f"endpoints name {name!r} must be 1 to 63 letters, digits or hyphens, start with a letter, and not be 'default'")
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        errors.append(f"endpoints names must be unique: {', '.join(duplicates)} given twice")
    read_only = [e["name"] for e in params.get("endpoints") or [] if e["target_role"] == "READ_ONLY"]
    if read_only and not params.get("db_cluster_identifiers"):
        errors.append(
            f"endpoints {', '.join(read_only)} have target_role READ_ONLY, which needs Aurora cluster targets in db_cluster_identifiers; "
            "use target_role READ_WRITE for DB instance targets"
        )
    return errors


# --- what the proxy holds and should hold (pure) -----------------------------------------


def _auth_settings(entry: Dict[str, Any]) -> Dict[str, Any]:
    keys = ("secret_arn", "iam_auth", "client_password_auth_type", "description")
    return {key: entry[key] for key in keys if entry.get(key) is not None}


def _endpoint_settings(endpoint: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "name": endpoint["db_proxy_endpoint_name"],
        "target_role": endpoint.get("target_role"),
        "vpc_subnet_ids": sorted(endpoint.get("vpc_subnet_ids") or []),
        "vpc_security_group_ids": sorted(endpoint.get("vpc_security_group_ids") or []),
    }


def settings_of(view: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The settings the module manages, from a proxy as describe_proxy returns it ({} for no proxy)."""
    if not view:
        return {}
    pool = (view.get("target_group") or {}).get("connection_pool_config") or {}
    targets = view.get("targets") or []
    return {
        "name": view["db_proxy_name"],
        "engine_family": view.get("engine_family"),
        "auth": sorted((_auth_settings(entry) for entry in view.get("auth") or []), key=lambda entry: entry["secret_arn"]),
        "role_arn": view.get("role_arn"),
        "vpc_subnet_ids": sorted(view.get("vpc_subnet_ids") or []),
        "vpc_security_group_ids": sorted(view.get("vpc_security_group_ids") or []),
        "require_tls": view.get("require_tls"),
        "idle_client_timeout": view.get("idle_client_timeout"),
        "debug_logging": view.get("debug_logging"),
        "target_group": {
            "max_connections_percent": pool.get("max_connections_percent"),
            "max_idle_connections_percent": pool.get("max_idle_connections_percent"),
            "connection_borrow_timeout": pool.get("connection_borrow_timeout"),
            "session_pinning_filters": sorted(pool.get("session_pinning_filters") or []),
            "init_query": pool.get("init_query") or "",
        },
        "db_instance_identifiers": sorted(t["rds_resource_id"] for t in targets if t.get("type") == "RDS_INSTANCE" and not t.get("tracked_cluster_id")),
        "db_cluster_identifiers": sorted(t["rds_resource_id"] for t in targets if t.get("type") == "TRACKED_CLUSTER"),
        "endpoints": sorted((_endpoint_settings(endpoint) for endpoint in view.get("endpoints") or []), key=lambda endpoint: endpoint["name"]),
        "tags": dict(view.get("tags") or {}),
    }


def _sorted_or_none(values: Optional[List[str]]) -> Optional[List[str]]:
    return None if values is None else sorted(values)


def _merged_auth(current: List[Dict[str, Any]], wanted: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The auth entries wanted, with what an entry leaves unset kept from the current entry for the same secret."""
    by_secret = {entry["secret_arn"]: entry for entry in current}
    merged = []
    for entry in wanted:
        settings = dict(by_secret.get(entry["secret_arn"], {}), secret_arn=entry["secret_arn"], iam_auth=entry["iam_auth"])
        settings.update(_auth_settings(entry))
        merged.append(settings)
    return sorted(merged, key=lambda entry: entry["secret_arn"])


def _merged_endpoints(current: List[Dict[str, Any]], wanted: Optional[List[Dict[str, Any]]], proxy: Dict[str, Any], purge: bool) -> List[Dict[str, Any]]:
    if wanted is None:
        return current
    endpoints = {
        endpoint["name"]: {
            "name": endpoint["name"],
            "target_role": endpoint["target_role"],
            "vpc_subnet_ids": sorted(endpoint["vpc_subnet_ids"] or proxy["vpc_subnet_ids"]),
            "vpc_security_group_ids": sorted(endpoint["vpc_security_group_ids"] or proxy["vpc_security_group_ids"]),
        }
        for endpoint in wanted
    }
    if not purge:
        endpoints.update({endpoint["name"]: endpoint for endpoint in current if endpoint["name"] not in endpoints})
    return [endpoints[name] for name in sorted(endpoints)]


def _merged_tags(current: Dict[str, str], wanted: Optional[Dict[str, Any]], purge: bool) -> Dict[str, str]:
    if wanted is None:
        return dict(current)
    to_set, to_unset = compare_aws_tags(current, wanted, purge)
    tags = {key: value for key, value in current.items() if key not in to_unset}
    tags.update({key: str(value) for key, value in to_set.items()})
    return tags


def desired_settings(current: Dict[str, Any], params: Dict[str, Any]) -> Dict[str, Any]:
    """The settings the proxy has once converged: the options, and current's values where an option leaves them alone."""
    pool = params["target_group"]
    current_pool = current.get("target_group") or {}
    after = {
        "name": params["name"],
        "engine_family": params["engine_family"],
        "auth": _merged_auth(current.get("auth") or [], params["auth"]),
        "role_arn": params["role_arn"],
        "vpc_subnet_ids": sorted(params["vpc_subnet_ids"]),
        "vpc_security_group_ids": _sorted_or_none(params["vpc_security_group_ids"]) or current.get("vpc_security_group_ids") or [],
        "require_tls": params["require_tls"],
        "idle_client_timeout": params["idle_client_timeout"],
        "debug_logging": params["debug_logging"],
        "target_group": {
            "max_connections_percent": pool["max_connections_percent"],
            "max_idle_connections_percent": pool["max_idle_connections_percent"],
            "connection_borrow_timeout": pool["connection_borrow_timeout"],
            "session_pinning_filters": _sorted_or_none(pool["session_pinning_filters"]),
            "init_query": pool["init_query"],
        },
    }
    for key in ("session_pinning_filters", "init_query"):
        if after["target_group"][key] is None:
            after["target_group"][key] = current_pool.get(key, [] if key == "session_pinning_filters" else "")
    for option in ("db_instance_identifiers", "db_cluster_identifiers"):
        after[option] = sorted(set(params[option])) if params[option] is not None else current.get(option, [])
    after["endpoints"] = _merged_endpoints(current.get("endpoints") or [], params["endpoints"], after, params["purge_endpoints"])
    after["tags"] = _merged_tags(current.get("tags") or {}, params["tags"], params["purge_tags"])
    return after


def immutable_errors(current: Dict[str, Any], after: Dict[str, Any]) -> List[str]:
    """A message for each setting that differs and cannot change after create."""
    return [
        f"{option} cannot change on an existing proxy: {current['name']} has {current[key]!r}, not {after[key]!r}; delete the proxy to change it"
        for option, key in IMMUTABLE
        if current and current[key] != after[key]
    ]


def _auth_request(entry: Dict[str, Any]) -> Dict[str, Any]:
    request = {"AuthScheme": "SECRETS", "SecretArn": entry["secret_arn"], "IAMAuth": entry["iam_auth"]}
    if entry.get("client_password_auth_type"):
        request["ClientPasswordAuthType"] = entry["client_password_auth_type"]
    if entry.get("description") is not None:
        request["Description"] = entry["description"]
    return request


def create_params(after: Dict[str, Any], security_groups: Optional[List[str]]) -> Dict[str, Any]:
    """CreateDBProxy parameters for the settings."""
    params = {
        "DBProxyName": after["name"],
        "EngineFamily": after["engine_family"],
        "Auth": [_auth_request(entry) for entry in after["auth"]],
        "RoleArn": after["role_arn"],
        "VpcSubnetIds": after["vpc_subnet_ids"],
        "RequireTLS": after["require_tls"],
        "IdleClientTimeout": after["idle_client_timeout"],
        "DebugLogging": after["debug_logging"],
        "Tags": ansible_dict_to_boto3_tag_list(after["tags"]),
    }
    if security_groups:
        params["VpcSecurityGroupIds"] = sorted(security_groups)
    return params


def modify_params(current: Dict[str, Any], after: Dict[str, Any]) -> Dict[str, Any]:
    """ModifyDBProxy parameters for what differs ({} when nothing does)."""
    params: Dict[str, Any] = {key: after[setting] for setting, key in MODIFIABLE.items() if current[setting] != after[setting]}
    if current["auth"] != after["auth"]:
        params["Auth"] = [_auth_request(entry) for entry in after["auth"]]
    if current["vpc_security_group_ids"] != after["vpc_security_group_ids"]:
        params["SecurityGroups"] = after["vpc_security_group_ids"]
    return dict(params, DBProxyName=current["name"]) if params else {}


def pool_config(current: Dict[str, Any], after: Dict[str, Any]) -> Dict[str, Any]:
    """The ConnectionPoolConfig of ModifyDBProxyTargetGroup for what differs ({} when nothing does)."""
    before, wanted = current["target_group"], after["target_group"]
    return {key: wanted[setting] for setting, key in POOL_KEYS.items() if before[setting] != wanted[setting]}


def target_changes(current: Dict[str, Any], after: Dict[str, Any]) -> Tuple[Dict[str, List[str]], Dict[str, List[str]]]:
    """(register, deregister): DBInstanceIdentifiers / DBClusterIdentifiers to add and to remove, only those not empty."""
    register: Dict[str, List[str]] = {}
    deregister: Dict[str, List[str]] = {}
    for setting, key in (("db_instance_identifiers", "DBInstanceIdentifiers"), ("db_cluster_identifiers", "DBClusterIdentifiers")):
        added = sorted(set(after[setting]) - set(current[setting]))
        removed = sorted(set(current[setting]) - set(after[setting]))
        if added:
            register[key] = added
        if removed:
            deregister[key] = removed
    return register, deregister


def endpoint_changes(current: Dict[str, Any], after: Dict[str, Any]) -> Dict[str, List[Dict[str, Any]]]:
    """The endpoints to delete, to modify (security groups) and to create; one whose role or subnets differ is deleted and created."""
    before = {endpoint["name"]: endpoint for endpoint in current["endpoints"]}
    wanted = {endpoint["name"]: endpoint for endpoint in after["endpoints"]}
    changes: Dict[str, List[Dict[str, Any]]] = {"delete": [], "modify": [], "create": []}
    for name in sorted(set(before) | set(wanted)):
        old, new = before.get(name), wanted.get(name)
        if new is None:
            changes["delete"].append(old)
        elif old is None:
            changes["create"].append(new)
        elif (old["target_role"], old["vpc_subnet_ids"]) != (new["target_role"], new["vpc_subnet_ids"]):
            changes["delete"].append(old)
            changes["create"].append(new)
        elif old["vpc_security_group_ids"] != new["vpc_security_group_ids"]:
            changes["modify"].append(new)
    return changes


def needs_available_proxy(current: Dict[str, Any], after: Dict[str, Any]) -> bool:
    """Whether anything but the tags differs (settings, pool, targets, endpoints: AWS changes them on an available proxy only)."""
    return {key: value for key, value in current.items() if key != "tags"} != {key: value for key, value in after.items() if key != "tags"}


def predicted_proxy(after: Dict[str, Any]) -> Dict[str, Any]:
    """What check mode returns for a proxy it would create: the settings, shaped like the proxy."""
    return {
        "db_proxy_name": after["name"],
        "engine_family": after["engine_family"],
        "auth": [dict(entry, auth_scheme="SECRETS") for entry in after["auth"]],
        "role_arn": after["role_arn"],
        "vpc_subnet_ids": after["vpc_subnet_ids"],
        "vpc_security_group_ids": after["vpc_security_group_ids"],
        "require_tls": after["require_tls"],
        "idle_client_timeout": after["idle_client_timeout"],
        "debug_logging": after["debug_logging"],
        "tags": after["tags"],
        "target_group": {"connection_pool_config": after["target_group"]},
        "targets": [{"rds_resource_id": name, "type": "RDS_INSTANCE"} for name in after["db_instance_identifiers"]]
        + [{"rds_resource_id": name, "type": "TRACKED_CLUSTER"} for name in after["db_cluster_identifiers"]],
        "endpoints": [
            {
                "db_proxy_endpoint_name": e["name"],
                "target_role": e["target_role"],
                "vpc_subnet_ids": e["vpc_subnet_ids"],
                "vpc_security_group_ids": e["vpc_security_group_ids"],
            }
            for e in after["endpoints"]
        ],
    }


def serving(view: Dict[str, Any]) -> bool:
    """Whether a proxy as read (proxy_view) is available, every target AVAILABLE and every endpoint available."""
    targets = view.get("targets") or []
    endpoints = view.get("endpoints") or []
    return (
        view.get("status") == "available"
        and all((target.get("target_health") or {}).get("state") == "AVAILABLE" for target in targets)
        and all(endpoint.get("status") == "available" for endpoint in endpoints)
    )


def not_ready(targets: List[Dict[str, Any]], endpoints: List[Dict[str, Any]]) -> List[str]:
    """What is not serving yet: targets not AVAILABLE, endpoints not available."""
    waiting = []
    for target in targets:
        health = target.get("TargetHealth") or {}
        if health.get("State") != "AVAILABLE":
            reason = f", {health['Reason']}" if health.get("Reason") else ""
            waiting.append(f"target {target.get('RdsResourceId')} is {health.get('State')}{reason}")
    waiting.extend(f"endpoint {e['DBProxyEndpointName']} is {e.get('Status')}" for e in endpoints if e.get("Status") != "available")
    return waiting


# --- AWS ------------------------------------------------------------------------------------


class ProxyManager:
    """Brings one proxy to the state the module's options describe."""

    def __init__(self, module: Any, client: Any, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.check_mode = module.check_mode
        self.name = module.params["name"]
        self._sleep = sleep
        self._clock = clock
        self.deadline = clock() + module.params["wait_timeout"]
        self.changed = False

    def call(self, operation: str, msg: str, **params: Any) -> Dict[str, Any]:
        """A mutating call (never in check mode); it marks the run changed."""
        self.changed = True
        try:
            return getattr(self.client, operation)(aws_retry=True, **params)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=msg)

    def raw_proxy(self) -> Optional[Dict[str, Any]]:
        try:
            found = describe_proxies(self.client, self.name)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to describe proxy {self.name}")
        return found[0] if found else None

    def read(self, tags: Optional[Dict[str, str]] = None) -> Optional[Dict[str, Any]]:
        """The proxy read whole (describe_proxy), None when it does not exist; tags when known are not read back."""
        proxy = self.raw_proxy()
        if proxy is None:
            return None
        try:
            return describe_proxy(self.client, proxy, tags)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to read proxy {self.name}")

    # Desired states

    def ensure_absent(self) -> Dict[str, Any]:
        current = self.read()
        if current is not None and not self.check_mode:
            self.call("delete_db_proxy", f"Failed to delete proxy {self.name}", DBProxyName=self.name)
            if self.params["wait"]:
                self.poll(lambda: self.raw_proxy() is None, f"proxy {self.name} to be deleted")
        return {"changed": current is not None, "diff": {"before": settings_of(current), "after": {}}}

    def ensure_present(self) -> Dict[str, Any]:
        view = self.read()
        current = settings_of(view)
        after = desired_settings(current, self.params)
        errors = immutable_errors(current, after)
        if errors:
            self.module.fail_json(msg=" ".join(errors), errors=errors)
        diff = {"before": current, "after": after}
        if self.check_mode:
            return {"changed": current != after, "proxy": view if view is not None else predicted_proxy(after), "targets_pending": False, "diff": diff}

        known_tags = None
        if view is None:
            created = self.call("create_db_proxy", f"Failed to create proxy {self.name}", **create_params(after, self.params["vpc_security_group_ids"]))[
                "DBProxy"
            ]
            view = {"db_proxy_name": self.name, "db_proxy_arn": created["DBProxyArn"], "status": created.get("Status")}
            self.poll(lambda: self.raw_proxy() is not None, f"new proxy {self.name} to be visible")
            # A new proxy has the tags it was created with; its ARN may not answer ListTagsForResource yet.
            known_tags = after["tags"]
            current = settings_of(self.read(known_tags))
            after = desired_settings(current, self.params)
        else:
            self.ensure_tags(view["db_proxy_arn"], current, after)

        pending = needs_available_proxy(current, after)
        if pending or self.params["wait"]:
            if self.wait_available(view):
                self.apply(current, after)
                pending = False
        # A proxy left unchanged that already served when read needs no waiting and no second read.
        settled = not self.changed and serving(view)
        if self.params["wait"] and not settled:
            self.wait_serving()
        final = view if settled else self.read(known_tags)
        diff["after"] = settings_of(final)
        return {"changed": self.changed, "proxy": final, "targets_pending": pending, "diff": diff}

    def wait_available(self, view: Dict[str, Any]) -> bool:
        """Whether the proxy is available, after waiting for it when the module waits."""
        if view.get("status") == "available":
            return True
        if not self.params["wait"]:
            return (self.raw_proxy() or {}).get("Status") == "available"
        self.poll(lambda: (self.raw_proxy() or {}).get("Status") == "available", f"proxy {self.name} to be available")
        return True

    # Changing

    def ensure_tags(self, arn: str, current: Dict[str, Any], after: Dict[str, Any]) -> None:
        to_set, to_unset = compare_aws_tags(current["tags"], after["tags"], purge_tags=True)
        if to_unset:
            self.call("remove_tags_from_resource", f"Failed to remove tags from proxy {self.name}", ResourceName=arn, TagKeys=to_unset)
        if to_set:
            self.call("add_tags_to_resource", f"Failed to tag proxy {self.name}", ResourceName=arn, Tags=ansible_dict_to_boto3_tag_list(to_set))

    def apply(self, current: Dict[str, Any], after: Dict[str, Any]) -> None:
        """Settings, pool, targets, endpoints of an available proxy."""
        settings = modify_params(current, after)
        if settings:
            self.call("modify_db_proxy", f"Failed to modify proxy {self.name}", **settings)
        pool = pool_config(current, after)
        if pool:
            self.call(
                "modify_db_proxy_target_group",
                f"Failed to modify the connection pool of proxy {self.name}",
                DBProxyName=self.name,
                TargetGroupName=DEFAULT_TARGET_GROUP,
                ConnectionPoolConfig=pool,
            )
        register, deregister = target_changes(current, after)
        if deregister:
            self.call("deregister_db_proxy_targets", f"Failed to deregister targets of proxy {self.name}", DBProxyName=self.name, **deregister)
        if register:
            self.call("register_db_proxy_targets", f"Failed to register targets of proxy {self.name}", DBProxyName=self.name, **register)
        self.apply_endpoints(endpoint_changes(current, after))

    def apply_endpoints(self, changes: Dict[str, List[Dict[str, Any]]]) -> None:
        for endpoint in changes["delete"]:
            name = endpoint["name"]
            self.call("delete_db_proxy_endpoint", f"Failed to delete endpoint {name} of proxy {self.name}", DBProxyEndpointName=name)
        if changes["delete"] and changes["create"]:  # a recreated endpoint needs its name back
            gone = {endpoint["name"] for endpoint in changes["delete"]}
            self.poll(lambda: not gone & {e["DBProxyEndpointName"] for e in describe_endpoints(self.client, self.name)}, "deleted endpoints to be gone")
        for endpoint in changes["modify"]:
            self.call(
                "modify_db_proxy_endpoint",
                f"Failed to modify endpoint {endpoint['name']} of proxy {self.name}",
                DBProxyEndpointName=endpoint["name"],
                VpcSecurityGroupIds=endpoint["vpc_security_group_ids"],
            )
        for endpoint in changes["create"]:
            self.call(
                "create_db_proxy_endpoint",
                f"Failed to create endpoint {endpoint['name']} of proxy {self.name}",
                DBProxyName=self.name,
                DBProxyEndpointName=endpoint["name"],
                TargetRole=endpoint["target_role"],
                VpcSubnetIds=endpoint["vpc_subnet_ids"],
                VpcSecurityGroupIds=endpoint["vpc_security_group_ids"],
            )

    # Waiting

    def wait_serving(self) -> None:
        """Until the proxy is available, its targets AVAILABLE and its endpoints available."""
        waiting: List[str] = []

        def serving() -> bool:
            proxy = self.raw_proxy() or {}
            waiting[:] = [] if proxy.get("Status") == "available" else [f"proxy {self.name} is {proxy.get('Status')}"]
            waiting.extend(not_ready(describe_targets(self.client, self.name), describe_endpoints(self.client, self.name)))
            return not waiting

        self.poll(serving, f"proxy {self.name} to serve", lambda: "; ".join(waiting))

    def poll(self, done: Callable[[], bool], what: str, detail: Callable[[], str] = lambda: "") -> None:
        """Call done() until it holds; fail when the module's wait_timeout runs out first."""
        while True:
            try:
                if done():
                    return
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.module.fail_json_aws(e, msg=f"Failed while waiting for {what}")
            if self._clock() >= self.deadline:
                still = detail()
                self.module.fail_json(msg=f"Timed out after {self.params['wait_timeout']}s waiting for {what}" + (f": {still}" if still else ""))
            self._sleep(POLL_DELAY)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("rds", retry_decorator=retrying())
    manager = ProxyManager(module, client)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
