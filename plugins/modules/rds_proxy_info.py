#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: rds_proxy_info
version_added: 0.3.0
short_description: List RDS Proxies with their target group, targets and endpoints
description:
  - List one RDS Proxy by name, or every proxy of the region, each with its tags, default target group, targets and
    additional endpoints, in the shape M(webstack.aws.rds_proxy) returns.
  - A name that names no proxy is not an error; the list is empty.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the proxy (C(DBProxyName)). When not set, every proxy is listed.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: List every proxy in the region
  webstack.aws.rds_proxy_info:
  register: all_proxies

- name: Read one proxy and its targets' health
  webstack.aws.rds_proxy_info:
    name: demo-local
  register: demo_proxy

- name: Show the targets that do not serve
  ansible.builtin.debug:
    msg: "{{ demo_proxy.proxies[0].targets | rejectattr('target_health.state', 'equalto', 'AVAILABLE') | list }}"
"""

RETURN = r"""
proxies:
  description: The proxies found, as DescribeDBProxies returns them, in snake_case, with tags, target group, targets and endpoints.
  returned: always
  type: list
  elements: dict
  contains:
    db_proxy_name:
      description: The name of the proxy.
      type: str
      returned: always
      sample: demo-local
    db_proxy_arn:
      description: The ARN of the proxy.
      type: str
      returned: always
      sample: arn:aws:rds:eu-west-1:123456789012:db-proxy:prx-0123456789abcdef0
    status:
      description: The status of the proxy.
      type: str
      returned: always
      sample: available
    engine_family:
      description: The kind of database engine.
      type: str
      returned: always
      sample: POSTGRESQL
    endpoint:
      description: The host name of the proxy's default (read/write) endpoint.
      type: str
      returned: always
      sample: demo-local.proxy-abcdefghijkl.eu-west-1.rds.amazonaws.com
    vpc_id:
      description: The VPC of the proxy.
      type: str
      returned: always
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
      returned: always
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
      sample: [{"db_proxy_endpoint_name": "demo-prod-ro", "target_role": "READ_ONLY", "status": "available"}]
"""

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.rds_proxy import describe_proxies
from ansible_collections.webstack.aws.plugins.module_utils.rds_proxy import describe_proxy
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    client = module.client("rds", retry_decorator=retrying())
    try:
        proxies = [describe_proxy(client, proxy) for proxy in describe_proxies(client, module.params["name"])]
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to describe RDS proxies")
    module.exit_json(changed=False, proxies=proxies)


if __name__ == "__main__":
    main()
