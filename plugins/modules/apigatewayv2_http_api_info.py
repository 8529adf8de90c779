#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: apigatewayv2_http_api_info
version_added: 0.4.0
short_description: Read API Gateway HTTP APIs with their integrations, routes and stages
description:
  - Return the HTTP APIs of the region, or the one named O(name), each with all its integrations, routes and stages.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the API to read. When not set, every HTTP API of the region is returned.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Read the stack's API
  webstack.aws.apigatewayv2_http_api_info:
    name: webstack-prod-api
  register: api_info

- name: Its endpoint
  ansible.builtin.debug:
    msg: "{{ api_info.apis[0].api_endpoint }}"
"""

RETURN = r"""
apis:
  description: The HTTP APIs, sorted by name; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    api_id:
      description: The ID of the API.
      type: str
      returned: always
      sample: a1b2c3d4e5
    api_endpoint:
      description: The API's default endpoint.
      type: str
      returned: always
      sample: https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com
    name:
      description: The name of the API.
      type: str
      returned: always
      sample: webstack-prod-api
    protocol_type:
      description: C(HTTP).
      type: str
      returned: always
      sample: HTTP
    tags:
      description: The API's tags.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
    integrations:
      description: Every integration of the API, snake_case.
      type: list
      elements: dict
      returned: always
      sample: [{"integration_id": "abc123", "connection_type": "VPC_LINK"}]
    routes:
      description: Every route of the API, snake_case.
      type: list
      elements: dict
      returned: always
      sample: [{"route_id": "r1", "route_key": "$default", "target": "integrations/abc123"}]
    stages:
      description: Every stage of the API, snake_case.
      type: list
      elements: dict
      returned: always
      sample: [{"stage_name": "$default", "auto_deploy": true}]
"""

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.apigatewayv2 import api_info_view
from ansible_collections.webstack.aws.plugins.module_utils.apigatewayv2 import api_parts
from ansible_collections.webstack.aws.plugins.module_utils.apigatewayv2 import list_apis
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(name=dict(type="str"))


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    client = module.client("apigatewayv2", retry_decorator=retrying())
    name = module.params["name"]
    try:
        apis = [api for api in list_apis(client) if api["ProtocolType"] == "HTTP" and name in (None, api["Name"])]
        views = [api_info_view(api, api_parts(client, api["ApiId"])) for api in apis]
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to read the HTTP APIs")
    module.exit_json(changed=False, apis=sorted(views, key=lambda view: (view["name"], view["api_id"])))


if __name__ == "__main__":
    main()
