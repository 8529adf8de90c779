#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cloudwatch_dashboard
version_added: 0.2.0
short_description: Manage a CloudWatch dashboard
description:
  - Create, replace, tag or delete one CloudWatch dashboard.
  - The body is compared as parsed JSON, so key order and whitespace make no change; any other difference
    replaces the whole body (PutDashboard has no partial update).
  - Dashboards are global to the account, not regional; the region only chooses the endpoint.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the dashboard, at most 255 characters of V(A-Z), V(a-z), V(0-9), V(-) and V(_).
    required: true
    type: str
  body:
    description:
      - The dashboard body, as a dict or a JSON string holding an object, with a C(widgets) list.
      - See U(https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
      - Required when O(state=present).
    type: raw
  state:
    description:
      - Whether the dashboard should exist.
    default: present
    choices: ['present', 'absent']
    type: str
notes:
  - AWS sets tags given at creation with the dashboard; later changes go through TagResource and UntagResource.
  - Validation messages in the PutDashboard answer are reported as a failure, even when AWS kept the body.
  - In check mode the module reports what would change and makes no change.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A dashboard with one text widget and one metric graph
  webstack.aws.cloudwatch_dashboard:
    name: webstack-prod
    body:
      widgets:
        - type: text
          x: 0
          y: 0
          width: 24
          height: 2
          properties:
            markdown: "Managed by Ansible: do not edit in the console."
        - type: metric
          x: 0
          y: 2
          width: 12
          height: 6
          properties:
            region: eu-west-1
            title: Load balancer 5xx
            metrics:
              - ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", "app/webstack-prod/0123456789abcdef"]
    tags:
      webstack:stack: webstack
      webstack:environment: prod
  register: dashboard

- name: A dashboard from a JSON file
  webstack.aws.cloudwatch_dashboard:
    name: webstack-prod-costs
    body: "{{ lookup('ansible.builtin.file', 'dashboards/costs.json') }}"

- name: Remove the dashboard
  webstack.aws.cloudwatch_dashboard:
    name: webstack-prod
    state: absent
"""

RETURN = r"""
dashboard:
  description:
    - The dashboard as AWS holds it after the run (in check mode, as it would be).
  returned: when O(state=present)
  type: dict
  contains:
    dashboard_name:
      description: The name of the dashboard.
      type: str
      returned: always
      sample: webstack-prod
    dashboard_arn:
      description: The ARN of the dashboard.
      type: str
      returned: when the dashboard exists
      sample: arn:aws:cloudwatch::123456789012:dashboard/webstack-prod
    body:
      description: The dashboard body, parsed.
      type: dict
      returned: always
      sample: {"widgets": [{"type": "text", "x": 0, "y": 0, "width": 24, "height": 2, "properties": {"markdown": "hello"}}]}
    size:
      description: The size of the dashboard body, in bytes.
      type: int
      returned: when the dashboard exists
      sample: 1024
    last_modified:
      description: When the dashboard was last modified (ISO 8601).
      type: str
      returned: when the dashboard exists
      sample: "2025-01-01T12:00:00+00:00"
    tags:
      description: The tags of the dashboard.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
"""

import json
import re
from typing import Any
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
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.cloudwatch import dashboard_from
from ansible_collections.webstack.aws.plugins.module_utils.cloudwatch import list_dashboards
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    body=dict(type="raw"),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,255}$")


# Pure functions


def parse_body(body: Any) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """The body as a dict, or None and why it is refused."""
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError as e:
            return None, f"body is not valid JSON ({e}); give a dict or a JSON object"
    if not isinstance(body, dict):
        return None, f"body must be a dict or a JSON object, not {type(body).__name__}"
    if not isinstance(body.get("widgets"), list):
        return None, "body must have a 'widgets' list (it may be empty)"
    return body, None


def validate_params(params: Dict[str, Any]) -> List[str]:
    """What is wrong with the options, before any AWS call."""
    errors = []
    if not NAME_PATTERN.match(params["name"]):
        errors.append(f"name must be 1 to 255 characters of A-Z, a-z, 0-9, '-' and '_' (got {params['name']!r}, {len(params['name'])} characters)")
    if params["state"] == "present":
        if params["body"] is None:
            errors.append("body is required when state=present")
        else:
            error = parse_body(params["body"])[1]
            if error:
                errors.append(error)
    return errors


def tags_after(current: Dict[str, str], desired: Optional[Dict[str, str]], purge_tags: bool) -> Dict[str, str]:
    """The tags the dashboard has once the module has run (tags=None leaves them alone)."""
    if desired is None:
        return dict(current)
    return dict(desired) if purge_tags else {**current, **desired}


def dashboard_view(dashboard: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """What the diff shows of a dashboard: its name, body and tags."""
    if dashboard is None:
        return {}
    return {"dashboard_name": dashboard["dashboard_name"], "body": dashboard["body"], "tags": dashboard["tags"]}


def validation_failures(messages: List[Dict[str, str]]) -> str:
    return "; ".join(f"{m.get('DataPath') or '/'}: {m.get('Message')}" for m in messages)


# AWS calls


class DashboardManager:
    def __init__(self, module: AnsibleAWSModule, client: Any) -> None:
        self.module = module
        self.client = client
        self.name = module.params["name"]

    def describe(self) -> Optional[Dict[str, Any]]:
        """The dashboard with its parsed body, size, last change and tags; None when it does not exist."""
        try:
            answer = self.client.get_dashboard(aws_retry=True, DashboardName=self.name)
        except is_boto3_error_code("ResourceNotFound"):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to get dashboard {self.name}")
        try:
            entries = list_dashboards(self.client, self.name)
            tags = self.client.list_tags_for_resource(aws_retry=True, ResourceARN=answer["DashboardArn"])["Tags"]
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to read dashboard {self.name}")
        listed = next((e for e in entries if e["DashboardName"] == self.name), {})  # none when not listed yet
        return dashboard_from({**listed, "DashboardName": answer["DashboardName"], "DashboardArn": answer["DashboardArn"]}, answer["DashboardBody"], tags)

    def put(self, body: Dict[str, Any], tags: Optional[Dict[str, str]]) -> None:
        params: Dict[str, Any] = {"DashboardName": self.name, "DashboardBody": json.dumps(body)}
        if tags:
            params["Tags"] = ansible_dict_to_boto3_tag_list(tags)
        try:
            answer = self.client.put_dashboard(aws_retry=True, **params)
        except is_boto3_error_code("InvalidParameterInput") as e:
            messages = e.response.get("dashboardValidationMessages") or []
            self.module.fail_json_aws(e, msg=f"AWS refused the body of dashboard {self.name}: {validation_failures(messages) or e}")
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to put dashboard {self.name}")
        messages = answer.get("DashboardValidationMessages") or []
        if messages:
            self.module.fail_json(
                msg=f"AWS reported problems with the body of dashboard {self.name}: {validation_failures(messages)}",
                dashboard_validation_messages=[{"data_path": m.get("DataPath"), "message": m.get("Message")} for m in messages],
            )

    def retag(self, arn: str, current: Dict[str, str], desired: Dict[str, str], purge_tags: bool) -> None:
        to_set, to_unset = compare_aws_tags(current, desired, purge_tags=purge_tags)
        try:
            if to_unset:
                self.client.untag_resource(aws_retry=True, ResourceARN=arn, TagKeys=to_unset)
            if to_set:
                self.client.tag_resource(aws_retry=True, ResourceARN=arn, Tags=ansible_dict_to_boto3_tag_list(to_set))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to tag dashboard {self.name}")

    def delete(self) -> None:
        try:
            self.client.delete_dashboards(aws_retry=True, DashboardNames=[self.name])
        except is_boto3_error_code("ResourceNotFound"):
            pass  # gone since we looked
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to delete dashboard {self.name}")

    # Desired states

    def ensure_present(self, body: Dict[str, Any]) -> Dict[str, Any]:
        params = self.module.params
        current = self.describe()
        current_tags = current["tags"] if current else {}
        wanted_tags = tags_after(current_tags, params["tags"], params["purge_tags"])
        body_changes = current is None or current["body"] != body
        changed = body_changes or wanted_tags != current_tags
        after = {**(current or {"dashboard_name": self.name}), "body": body, "tags": wanted_tags}
        if changed and not self.module.check_mode:
            if body_changes:
                self.put(body, wanted_tags if current is None else None)
            if current is not None and wanted_tags != current_tags:
                self.retag(current["dashboard_arn"], current_tags, wanted_tags, purge_tags=True)
            after = self.describe() or after
        return {"changed": changed, "dashboard": after, "diff": {"before": dashboard_view(current), "after": dashboard_view(after)}}

    def ensure_absent(self) -> Dict[str, Any]:
        current = self.describe()
        if current is not None and not self.module.check_mode:
            self.delete()
        return {"changed": current is not None, "diff": {"before": dashboard_view(current), "after": {}}}


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("cloudwatch", retry_decorator=retrying())
    manager = DashboardManager(module, client)
    if module.params["state"] == "present":
        result = manager.ensure_present(parse_body(module.params["body"])[0])
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
