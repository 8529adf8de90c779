#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cloudwatch_dashboard_info
version_added: 0.2.0
short_description: List CloudWatch dashboards with their bodies
description:
  - List the CloudWatch dashboards of the account, one by name, those whose name starts with a prefix, or all.
  - Each dashboard comes with its parsed body and its tags (one GetDashboard and one ListTagsForResource call per dashboard).
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - Only the dashboard with this name. A name that does not exist gives an empty list.
    type: str
  prefix:
    description:
      - Only the dashboards whose name starts with this prefix (V(A-Z), V(a-z), V(0-9), V(.), V(-) and V(_)).
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Read one dashboard
  webstack.aws.cloudwatch_dashboard_info:
    name: webstack-prod
  register: dashboard

- name: List the stack's dashboards
  webstack.aws.cloudwatch_dashboard_info:
    prefix: webstack-
  register: dashboards
"""

RETURN = r"""
dashboards:
  description: The dashboards found, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    dashboard_name:
      description: The name of the dashboard.
      type: str
      returned: always
      sample: webstack-prod
    dashboard_arn:
      description: The ARN of the dashboard.
      type: str
      returned: always
      sample: arn:aws:cloudwatch::123456789012:dashboard/webstack-prod
    body:
      description: The dashboard body, parsed.
      type: dict
      returned: always
      sample: {"widgets": []}
    size:
      description: The size of the dashboard body, in bytes.
      type: int
      returned: when AWS reports it
      sample: 1024
    last_modified:
      description: When the dashboard was last modified (ISO 8601).
      type: str
      returned: when AWS reports it
      sample: "2025-01-01T12:00:00+00:00"
    tags:
      description: The tags of the dashboard.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
"""

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.cloudwatch import dashboard_from
from ansible_collections.webstack.aws.plugins.module_utils.cloudwatch import list_dashboards
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    prefix=dict(type="str"),
)

NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
PREFIX_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,255}$")


def validate_params(params: Dict[str, Any]) -> List[str]:
    errors = []
    if params["name"] is not None and not NAME_PATTERN.match(params["name"]):
        errors.append(f"name must be 1 to 255 characters of A-Z, a-z, 0-9, '-' and '_' (got {params['name']!r})")
    if params["prefix"] is not None and not PREFIX_PATTERN.match(params["prefix"]):
        errors.append(f"prefix must be 1 to 255 characters of A-Z, a-z, 0-9, '.', '-' and '_' (got {params['prefix']!r})")
    return errors


def read_dashboard(client: Any, entry: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The dashboard of a ListDashboards entry; None when it was deleted since it was listed."""
    try:
        body = client.get_dashboard(aws_retry=True, DashboardName=entry["DashboardName"])["DashboardBody"]
        tags = client.list_tags_for_resource(aws_retry=True, ResourceARN=entry["DashboardArn"])["Tags"]
    except is_boto3_error_code(["ResourceNotFound", "ResourceNotFoundException"]):
        return None
    return dashboard_from(entry, body, tags)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True, mutually_exclusive=[["name", "prefix"]])
    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("cloudwatch", retry_decorator=retrying())
    name = module.params["name"]
    try:
        entries = list_dashboards(client, name or module.params["prefix"])
        if name is not None:
            entries = [e for e in entries if e["DashboardName"] == name]
        dashboards = [d for d in (read_dashboard(client, e) for e in entries) if d is not None]
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to list dashboards")
    module.exit_json(changed=False, dashboards=sorted(dashboards, key=lambda d: d["dashboard_name"]))


if __name__ == "__main__":
    main()
