#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ec2_vpc_flow_log_info
version_added: 0.1.0
short_description: List VPC flow logs
description:
  - List VPC flow logs, optionally only those of some resources, with some IDs, or matching filters.
  - All the criteria given must hold (they are combined with AND).
author:
  - webstack.aws maintainers (@webstack)
options:
  resource_ids:
    description:
      - Only the flow logs of these VPCs, subnets or network interfaces.
    type: list
    elements: str
    aliases: ['resource_id']
  flow_log_ids:
    description:
      - Only the flow logs with these IDs. An ID that does not exist is not an error; it is simply not listed.
    type: list
    elements: str
  filters:
    description:
      - A dict of filters to apply, in the syntax of the AWS DescribeFlowLogs API, for example
        V(traffic-type) or V(tag:<key>); see EXAMPLES.
      - See U(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeFlowLogs.html) for the names.
      - Give resource IDs and flow log IDs either here or in O(resource_ids) and O(flow_log_ids), not both.
    type: dict
    default: {}
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: List every flow log in the region
  webstack.aws.ec2_vpc_flow_log_info:
  register: all_flow_logs

- name: List the flow logs of one VPC
  webstack.aws.ec2_vpc_flow_log_info:
    resource_ids:
      - vpc-0123456789abcdef0
  register: vpc_flow_logs

- name: List the stack's flow logs that publish to S3
  webstack.aws.ec2_vpc_flow_log_info:
    filters:
      log-destination-type: s3
      "tag:webstack:stack": webstack
"""

RETURN = r"""
flow_logs:
  description: The flow logs found, as DescribeFlowLogs returns them, in snake_case with tags as a dict.
  returned: always
  type: list
  elements: dict
  contains:
    flow_log_id:
      description: The ID of the flow log.
      type: str
      returned: always
      sample: fl-0123456789abcdef0
    resource_id:
      description: The ID of the VPC, subnet or network interface being logged.
      type: str
      returned: always
      sample: vpc-0123456789abcdef0
    traffic_type:
      description: The traffic logged (ACCEPT, REJECT or ALL).
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
      returned: for CloudWatch Logs destinations
      sample: /webstack/prod/vpc-flow-logs
    log_destination:
      description: The ARN of the destination.
      type: str
      returned: when AWS reports it
      sample: arn:aws:s3:::webstack-prod-logs/flow-logs/
    deliver_logs_permission_arn:
      description: The IAM role that publishes to CloudWatch Logs.
      type: str
      returned: for CloudWatch Logs destinations
      sample: arn:aws:iam::123456789012:role/webstack-prod-flow-logs
    log_format:
      description: The fields of a flow log record.
      type: str
      returned: always
      sample: "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${action} ${log-status}"
    max_aggregation_interval:
      description: The longest capture window of one record, in seconds.
      type: int
      returned: always
      sample: 600
    flow_log_status:
      description: The status of the flow log.
      type: str
      returned: always
      sample: ACTIVE
    deliver_logs_status:
      description: Whether publishing works (C(SUCCESS) or C(FAILED)).
      type: str
      returned: always
      sample: SUCCESS
    deliver_logs_error_message:
      description: Why publishing fails, when it does.
      type: str
      returned: when publishing fails
      sample: Access error
    destination_options:
      description: The S3 file format and partitioning options.
      type: dict
      returned: for S3 destinations, when AWS reports them
      sample: {"file_format": "plain-text", "hive_compatible_partitions": false, "per_hour_partition": false}
    creation_time:
      description: When the flow log was created (ISO 8601).
      type: str
      returned: always
      sample: "2025-01-01T12:00:00+00:00"
    tags:
      description: The tags of the flow log.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
"""

from typing import Any
from typing import Dict
from typing import List

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.transformation import ansible_dict_to_boto3_filter_list
from ansible_collections.webstack.aws.plugins.module_utils.flow_logs import describe_flow_logs
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    resource_ids=dict(type="list", elements="str", aliases=["resource_id"]),
    flow_log_ids=dict(type="list", elements="str"),
    filters=dict(type="dict", default={}),
)


# Option -> the DescribeFlowLogs filter it stands for.
ID_FILTERS = {"resource_ids": "resource-id", "flow_log_ids": "flow-log-id"}


def filter_conflicts(params: Dict[str, Any]) -> List[str]:
    """An error for each ID list given both as an option and in filters."""
    return [
        f"{option} and filters[{name!r}] both select by the same field: give the IDs in one place"
        for option, name in ID_FILTERS.items()
        if params.get(option) and name in params["filters"]
    ]


def describe_params(params: Dict[str, Any]) -> Dict[str, Any]:
    """DescribeFlowLogs parameters for the module's options (filters only: an unknown id is not an error)."""
    filters = dict(params["filters"])
    for option, name in ID_FILTERS.items():
        if params.get(option):
            filters[name] = params[option]
    return {"Filter": ansible_dict_to_boto3_filter_list(filters)} if filters else {}


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    errors = filter_conflicts(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("ec2", retry_decorator=retrying())
    try:
        flow_logs = describe_flow_logs(client, **describe_params(module.params))
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to describe flow logs")
    module.exit_json(changed=False, flow_logs=flow_logs)


if __name__ == "__main__":
    main()
