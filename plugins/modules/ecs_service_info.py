#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ecs_service_info
version_added: 0.4.0
short_description: List the services of an ECS cluster with their deployments and tags
description:
  - List the named services of one ECS cluster, or every service of the cluster (every page of C(ListServices)), in the
    shape M(webstack.aws.ecs_service) returns.
  - A name that names no service, or an C(INACTIVE) (deleted) one, is not an error; it is left out of the list.
author:
  - webstack.aws maintainers (@webstack)
options:
  cluster:
    description:
      - The name or ARN of the cluster.
    required: true
    type: str
  names:
    description:
      - The names or ARNs of the services to list. When not set, every service of the cluster is listed.
    type: list
    elements: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Every service of the cluster
  webstack.aws.ecs_service_info:
    cluster: demo-prod-app
  register: app_services

- name: The task definition the app runs now
  webstack.aws.ecs_service_info:
    cluster: demo-prod-app
    names: [demo-prod-app]
  register: app

- name: Show it
  ansible.builtin.debug:
    msg: "{{ app.services[0].task_definition }}"
"""

RETURN = r"""
services:
  description: The services found, as DescribeServices returns them with their tags, in snake_case, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    service_name:
      description: The name of the service.
      type: str
      returned: always
      sample: demo-prod-app
    service_arn:
      description: The ARN of the service.
      type: str
      returned: always
      sample: arn:aws:ecs:eu-west-1:123456789012:service/demo-prod-app/demo-prod-app
    status:
      description: The status of the service, C(ACTIVE) or C(DRAINING).
      type: str
      returned: always
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
      returned: always
      sample: 2
    launch_type:
      description: The launch type of the tasks.
      type: str
      returned: when the service has one
      sample: FARGATE
    deployments:
      description: The deployments of the service; a steady service has one, C(PRIMARY), its rollout C(COMPLETED).
      type: list
      elements: dict
      returned: always
      sample: [{"id": "ecs-svc/1234567890123456789", "status": "PRIMARY", "rollout_state": "COMPLETED", "running_count": 2}]
    deployment_configuration:
      description: How deployments replace tasks.
      type: dict
      returned: always
      sample: {"minimum_healthy_percent": 100, "maximum_percent": 200, "deployment_circuit_breaker": {"enable": true, "rollback": true}}
    load_balancers:
      description: The target groups of the service.
      type: list
      elements: dict
      returned: always
      sample: []
    tags:
      description: The tags of the service.
      type: dict
      returned: always
      sample: {"webstack:stack": "demo"}
"""

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.ecs import describe_services
from ansible_collections.webstack.aws.plugins.module_utils.ecs import list_service_arns
from ansible_collections.webstack.aws.plugins.module_utils.ecs import resource_view
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    cluster=dict(type="str", required=True),
    names=dict(type="list", elements="str"),
)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    client = module.client("ecs", retry_decorator=retrying())
    cluster = module.params["cluster"]
    try:
        names = module.params["names"]
        if names is None:
            names = list_service_arns(client, cluster)
        found = describe_services(client, cluster, names)
    except is_boto3_error_code("ClusterNotFoundException"):
        module.fail_json(msg=f"ECS cluster {cluster} does not exist")
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to describe the services of ECS cluster {cluster}")
    services = sorted((resource_view(s) for s in found if s.get("status") != "INACTIVE"), key=lambda s: s["service_name"])
    module.exit_json(changed=False, services=services)


if __name__ == "__main__":
    main()
