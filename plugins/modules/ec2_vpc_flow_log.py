#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ec2_vpc_flow_log
version_added: 0.1.0
short_description: Manage a VPC flow log
description:
  - Create, replace, tag or delete one VPC flow log for a VPC, a subnet or a network interface.
  - A flow log is identified by O(resource_id), O(log_destination_type), its destination (O(log_group_name)
    or O(log_destination)) and O(traffic_type). An existing flow log with the same four values is the one managed;
    a different O(traffic_type) or destination names a different flow log.
  - AWS cannot modify a flow log in place except for its tags. When O(log_format), O(max_aggregation_interval) or
    O(deliver_logs_permission_arn) differ from the existing flow log, the module replaces it. It creates the new flow
    log first and deletes the old one after, so logging has no gap; if AWS refuses a second flow log with the same
    destination (C(FlowLogAlreadyExists)), it deletes the old one first.
  - Creation sends a C(ClientToken) derived from the request, so a create retried after a lost answer returns the
    flow log already created instead of a duplicate.
author:
  - webstack.aws maintainers (@webstack)
options:
  resource_id:
    description:
      - The ID of the VPC, subnet or network interface whose traffic is logged.
    required: true
    type: str
  resource_type:
    description:
      - The kind of resource O(resource_id) names.
    default: VPC
    choices: ['VPC', 'Subnet', 'NetworkInterface']
    type: str
  traffic_type:
    description:
      - Which traffic to log. Part of the flow log's identity.
    default: ALL
    choices: ['ACCEPT', 'REJECT', 'ALL']
    type: str
  log_destination_type:
    description:
      - Where the flow log publishes its records.
    default: cloud-watch-logs
    choices: ['cloud-watch-logs', 's3']
    type: str
  log_group_name:
    description:
      - The CloudWatch Logs group to publish to.
      - Required when O(log_destination_type=cloud-watch-logs); not allowed with V(s3).
    type: str
  deliver_logs_permission_arn:
    description:
      - The ARN of an IAM role that C(vpc-flow-logs.amazonaws.com) may assume to publish to O(log_group_name).
      - Required when O(log_destination_type=cloud-watch-logs) and O(state=present); not allowed with V(s3).
      - Changing it replaces the flow log.
    type: str
  log_destination:
    description:
      - The ARN of the S3 bucket to publish to, optionally with a prefix, for example
        V(arn:aws:s3:::my-bucket) or V(arn:aws:s3:::my-bucket/flow-logs/).
      - Required when O(log_destination_type=s3); not allowed with V(cloud-watch-logs).
    type: str
  log_format:
    description:
      - The fields of a flow log record, for example V(${version} ${srcaddr} ${dstaddr} ${action}).
      - When not set, a new flow log gets the AWS default format and an existing flow log keeps its format.
      - Changing it replaces the flow log.
    type: str
  max_aggregation_interval:
    description:
      - The longest time, in seconds, over which a flow is captured into one record.
      - Changing it replaces the flow log.
    default: 600
    choices: [60, 600]
    type: int
  state:
    description:
      - Whether the flow log should exist.
      - With V(absent) every flow log matching the identity is deleted.
    default: present
    choices: ['present', 'absent']
    type: str
  wait:
    description:
      - Wait until a created flow log is C(ACTIVE) and a deleted flow log is gone.
      - Even without waiting, the module confirms that a new flow log is visible before it returns.
    default: true
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true).
    default: 300
    type: int
notes:
  - Tags apply to the flow log itself (resource type C(vpc-flow-log)), not to the resource it watches.
  - In check mode the module reports what would change and makes no change; a flow log it would create or
    replace is returned without an id.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Log all traffic of a VPC to CloudWatch Logs
  webstack.aws.ec2_vpc_flow_log:
    resource_id: vpc-0123456789abcdef0
    log_group_name: /webstack/prod/vpc-flow-logs
    deliver_logs_permission_arn: arn:aws:iam::123456789012:role/webstack-prod-flow-logs
    tags:
      webstack:stack: webstack
      webstack:environment: prod
  register: flow_log

- name: Log rejected traffic of a subnet to S3 under a prefix, one-minute records, custom format
  webstack.aws.ec2_vpc_flow_log:
    resource_id: subnet-0123456789abcdef0
    resource_type: Subnet
    traffic_type: REJECT
    log_destination_type: s3
    log_destination: arn:aws:s3:::webstack-prod-logs/flow-logs/
    max_aggregation_interval: 60
    log_format: "${version} ${interface-id} ${srcaddr} ${dstaddr} ${dstport} ${protocol} ${action}"

- name: Start the flow log without waiting for it to become active
  webstack.aws.ec2_vpc_flow_log:
    resource_id: vpc-0123456789abcdef0
    log_group_name: /webstack/prod/vpc-flow-logs
    deliver_logs_permission_arn: arn:aws:iam::123456789012:role/webstack-prod-flow-logs
    wait: false

- name: Remove the VPC's flow log to CloudWatch Logs
  webstack.aws.ec2_vpc_flow_log:
    resource_id: vpc-0123456789abcdef0
    log_group_name: /webstack/prod/vpc-flow-logs
    state: absent
"""

RETURN = r"""
flow_log:
  description:
    - The flow log, as DescribeFlowLogs returns it, in snake_case with tags as a dict.
    - In check mode, for a flow log the module would create or replace, the settings it would have (no id yet).
  returned: when O(state=present)
  type: dict
  contains:
    flow_log_id:
      description: The ID of the flow log.
      type: str
      returned: when the flow log exists
      sample: fl-0123456789abcdef0
    resource_id:
      description: The ID of the VPC, subnet or network interface being logged.
      type: str
      returned: always
      sample: vpc-0123456789abcdef0
    traffic_type:
      description: The traffic logged.
      type: str
      returned: always
      sample: ALL
    log_destination_type:
      description: Where records are published.
      type: str
      returned: always
      sample: cloud-watch-logs
    log_group_name:
      description: The CloudWatch Logs group, for CloudWatch Logs destinations.
      type: str
      returned: when O(log_destination_type=cloud-watch-logs)
      sample: /webstack/prod/vpc-flow-logs
    log_destination:
      description: The ARN of the destination (the S3 bucket and prefix, or the log group).
      type: str
      returned: when AWS reports it
      sample: arn:aws:s3:::webstack-prod-logs/flow-logs/
    deliver_logs_permission_arn:
      description: The IAM role that publishes to CloudWatch Logs.
      type: str
      returned: when O(log_destination_type=cloud-watch-logs)
      sample: arn:aws:iam::123456789012:role/webstack-prod-flow-logs
    log_format:
      description: The fields of a flow log record.
      type: str
      returned: always
      sample: "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${action} ${log-status}"
    max_aggregation_interval:
      description: The longest capture window of one record, in seconds.
      type: int
      returned: always
      sample: 600
    flow_log_status:
      description: The status of the flow log.
      type: str
      returned: when the flow log exists
      sample: ACTIVE
    deliver_logs_status:
      description: Whether publishing works (C(SUCCESS) or C(FAILED)).
      type: str
      returned: when the flow log exists
      sample: SUCCESS
    deliver_logs_error_message:
      description: Why publishing fails, when it does.
      type: str
      returned: when publishing fails
      sample: Access error
    creation_time:
      description: When the flow log was created (ISO 8601).
      type: str
      returned: when the flow log exists
      sample: "2025-01-01T12:00:00+00:00"
    tags:
      description: The tags of the flow log.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
deleted_flow_log_ids:
  description: The IDs of the flow logs deleted (or that would be deleted in check mode).
  returned: when O(state=absent)
  type: list
  elements: str
  sample: ["fl-0123456789abcdef0"]
"""

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
from ansible_collections.amazon.aws.plugins.module_utils.ec2 import ensure_ec2_tags
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.flow_logs import TAG_RESOURCE_TYPE
from ansible_collections.webstack.aws.plugins.module_utils.flow_logs import build_create_params
from ansible_collections.webstack.aws.plugins.module_utils.flow_logs import build_desired
from ansible_collections.webstack.aws.plugins.module_utils.flow_logs import client_token
from ansible_collections.webstack.aws.plugins.module_utils.flow_logs import describe_flow_logs
from ansible_collections.webstack.aws.plugins.module_utils.flow_logs import flow_log_view
from ansible_collections.webstack.aws.plugins.module_utils.flow_logs import immutable_changes
from ansible_collections.webstack.aws.plugins.module_utils.flow_logs import matching_flow_logs
from ansible_collections.webstack.aws.plugins.module_utils.flow_logs import predicted_flow_log
from ansible_collections.webstack.aws.plugins.module_utils.flow_logs import tags_after
from ansible_collections.webstack.aws.plugins.module_utils.flow_logs import validate_params
from ansible_collections.webstack.aws.plugins.module_utils.retries import retry_codes
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    resource_id=dict(type="str", required=True),
    resource_type=dict(type="str", default="VPC", choices=["VPC", "Subnet", "NetworkInterface"]),
    traffic_type=dict(type="str", default="ALL", choices=["ACCEPT", "REJECT", "ALL"]),
    log_destination_type=dict(type="str", default="cloud-watch-logs", choices=["cloud-watch-logs", "s3"]),
    log_group_name=dict(type="str"),
    deliver_logs_permission_arn=dict(type="str"),
    log_destination=dict(type="str"),
    log_format=dict(type="str"),
    max_aggregation_interval=dict(type="int", default=600, choices=[60, 600]),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
)

TAG_RETRY_CODES = retry_codes(["InvalidFlowLogId.NotFound"])

POLL_DELAY = 5  # seconds between DescribeFlowLogs polls
VISIBILITY_TIMEOUT = 60  # longest wait for a new flow log to show in DescribeFlowLogs
TOKEN_ATTEMPTS = 3  # creates with a fresh token when the previous one answered with a deleted flow log


class FlowLogManager:
    """Brings one flow log to the state the module's options describe."""

    def __init__(self, module, client, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.check_mode = module.check_mode
        self._sleep = sleep
        self._clock = clock

    # Reading

    def describe(self, **params: Any) -> List[Dict[str, Any]]:
        try:
            return describe_flow_logs(self.client, **params)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg="Failed to describe flow logs")

    def describe_ids(self, flow_log_ids: List[str]) -> List[Dict[str, Any]]:
        # A filter, not FlowLogIds: an id that is gone is simply not listed.
        return self.describe(Filter=[{"Name": "flow-log-id", "Values": flow_log_ids}])

    def matches(self, desired: Dict[str, Any]) -> List[Dict[str, Any]]:
        on_resource = self.describe(Filter=[{"Name": "resource-id", "Values": [desired["resource_id"]]}])
        return matching_flow_logs(on_resource, desired)

    # Desired states

    def ensure_present(self, desired: Dict[str, Any]) -> Dict[str, Any]:
        matches = self.matches(desired)
        current = matches[0] if matches else None
        if len(matches) > 1:
            others = ", ".join(fl["flow_log_id"] for fl in matches[1:])
            self.module.warn(f"{len(matches)} flow logs match this identity; managing {current['flow_log_id']} and leaving {others} alone")
        after = predicted_flow_log(current, desired, self.params["purge_tags"])

        if current is None or immutable_changes(current, desired):
            flow_log = after if self.check_mode else self.create_or_replace(current, after)
            changed = True
        else:
            changed = self.ensure_tags(current, desired)
            flow_log = current
            if changed and not self.check_mode:
                flow_log = (self.describe_ids([current["flow_log_id"]]) or [current])[0]

        if not self.check_mode:
            after = flow_log_view(flow_log)
        return {"changed": changed, "flow_log": flow_log, "diff": {"before": flow_log_view(current), "after": after}}

    def ensure_absent(self, desired: Dict[str, Any]) -> Dict[str, Any]:
        matches = self.matches(desired)
        flow_log_ids = [fl["flow_log_id"] for fl in matches]
        if matches and not self.check_mode:
            self.delete(flow_log_ids, wait=self.params["wait"])
        before = flow_log_view(matches[0]) if matches else {}
        return {"changed": bool(matches), "deleted_flow_log_ids": flow_log_ids, "diff": {"before": before, "after": {}}}

    # Changing

    def ensure_tags(self, current: Dict[str, Any], desired: Dict[str, Any]) -> bool:
        if tags_after(current["tags"], desired["tags"], self.params["purge_tags"]) == current["tags"]:
            return False
        return ensure_ec2_tags(
            self.client,
            self.module,
            current["flow_log_id"],
            resource_type=TAG_RESOURCE_TYPE,
            tags=desired["tags"],
            purge_tags=self.params["purge_tags"],
            retry_codes=TAG_RETRY_CODES,
        )

    def create_or_replace(self, current: Optional[Dict[str, Any]], after: Dict[str, Any]) -> Dict[str, Any]:
        """Create the flow log; when it replaces current, delete current after (or before, if AWS insists)."""
        try:
            created = self.create(after)
        except is_boto3_error_code("FlowLogAlreadyExists") as e:
            if current is None:
                self._fail_already_exists(e, after)
            # AWS refuses a second flow log with this destination: delete the old one first.
            self.delete([current["flow_log_id"]], wait=True)
            try:
                return self.create(after)
            except is_boto3_error_code("FlowLogAlreadyExists") as e:
                self._fail_already_exists(e, after)
        if current is not None:
            self.delete([current["flow_log_id"]], wait=self.params["wait"])
        return created

    def _fail_already_exists(self, error: Exception, after: Dict[str, Any]) -> None:
        self.module.fail_json_aws(
            error,
            msg=(
                f"AWS refused to create the flow log on {after['resource_id']}: it holds another flow log that AWS counts as the same "
                f"configuration and destination, though none has traffic_type={after['traffic_type']} to this destination; "
                "list them with webstack.aws.ec2_vpc_flow_log_info and remove the conflicting one"
            ),
        )

    def create(self, after: Dict[str, Any]) -> Dict[str, Any]:
        """Create the flow log and return it as DescribeFlowLogs shows it.

        Lets a FlowLogAlreadyExists error through for create_or_replace; fails on any other.
        """
        params = build_create_params(after, self.params["resource_type"])
        salt = ""
        for _attempt in range(TOKEN_ATTEMPTS):
            flow_log_id = self._create_call(params, client_token(params, salt))
            flow_log = self._await_visible(flow_log_id)
            if flow_log is not None:
                return self._await_active(flow_log) if self.params["wait"] else flow_log
            salt = flow_log_id  # the token was spent on a flow log deleted since: use a fresh one
        self.module.fail_json(
            msg=f"CreateFlowLogs answered {TOKEN_ATTEMPTS} times with a flow log that DescribeFlowLogs never showed; nothing usable was created"
        )

    def _create_call(self, params: Dict[str, Any], token: str) -> str:
        try:
            response = self.client.create_flow_logs(aws_retry=True, ClientToken=token, **params)
        except is_boto3_error_code("FlowLogAlreadyExists"):
            raise
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to create a flow log for {params['ResourceIds'][0]}")
        failures = response.get("Unsuccessful") or []
        if failures or not response.get("FlowLogIds"):
            reasons = "; ".join(f"{f.get('Error', {}).get('Code')}: {f.get('Error', {}).get('Message')}" for f in failures) or "no flow log id returned"
            self.module.fail_json(msg=f"AWS did not create the flow log for {params['ResourceIds'][0]}: {reasons}", unsuccessful=failures)
        return response["FlowLogIds"][0]

    def delete(self, flow_log_ids: List[str], wait: bool) -> None:
        try:
            response = self.client.delete_flow_logs(aws_retry=True, FlowLogIds=flow_log_ids)
        except is_boto3_error_code("InvalidFlowLogId.NotFound"):
            response = {}  # already gone: a retried delete, or someone else deleted it
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to delete flow logs {', '.join(flow_log_ids)}")
        failures = [f for f in response.get("Unsuccessful") or [] if f.get("Error", {}).get("Code") != "InvalidFlowLogId.NotFound"]
        if failures:
            reasons = "; ".join(f"{f.get('ResourceId')}: {f.get('Error', {}).get('Message')}" for f in failures)
            self.module.fail_json(msg=f"AWS did not delete every flow log: {reasons}", unsuccessful=failures)
        if wait and self._poll(flow_log_ids, lambda found: not found, self.params["wait_timeout"]) is None:
            self.module.fail_json(msg=f"Timed out after {self.params['wait_timeout']}s waiting for flow logs {', '.join(flow_log_ids)} to be deleted")

    # Waiting

    def _await_visible(self, flow_log_id: str) -> Optional[Dict[str, Any]]:
        found = self._poll([flow_log_id], bool, min(VISIBILITY_TIMEOUT, self.params["wait_timeout"]))
        return found[0] if found else None

    def _await_active(self, flow_log: Dict[str, Any]) -> Dict[str, Any]:
        if flow_log.get("flow_log_status") == "ACTIVE":
            return flow_log
        found = self._poll([flow_log["flow_log_id"]], lambda fls: bool(fls) and fls[0].get("flow_log_status") == "ACTIVE", self.params["wait_timeout"])
        if found is None:
            self.module.fail_json(msg=f"Timed out after {self.params['wait_timeout']}s waiting for flow log {flow_log['flow_log_id']} to become ACTIVE")
        return found[0]

    def _poll(self, flow_log_ids: List[str], done: Callable[[List[Dict[str, Any]]], bool], timeout: float) -> Optional[List[Dict[str, Any]]]:
        """DescribeFlowLogs for the ids until done(answer) holds; the answer, or None on timeout."""
        deadline = self._clock() + timeout
        while True:
            found = self.describe_ids(flow_log_ids)
            if done(found):
                return found
            if self._clock() >= deadline:
                return None
            self._sleep(POLL_DELAY)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("ec2", retry_decorator=retrying())
    manager = FlowLogManager(module, client)
    desired = build_desired(module.params)
    if module.params["state"] == "present":
        result = manager.ensure_present(desired)
    else:
        result = manager.ensure_absent(desired)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
