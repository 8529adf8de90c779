# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""VPC flow logs: the logic shared by ec2_vpc_flow_log and ec2_vpc_flow_log_info.

Everything here except :func:`describe_flow_logs` is pure: it takes plain dicts
and returns plain dicts, so the modules stay thin and the rules are unit-tested
on their own.

A flow log is identified by what it watches and where it writes: the resource
id, the destination type, the destination (log group name or S3 ARN) and the
traffic type. Flow logs cannot be modified in place (only their tags), so a
change of any other setting means a replacement.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_specifications
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

TAG_RESOURCE_TYPE = "vpc-flow-log"

# Settings that CreateFlowLogs fixes for the life of the flow log; a change means replace.
IMMUTABLE_SETTINGS = ("deliver_logs_permission_arn", "log_format", "max_aggregation_interval")

# What the diff and the module's return value show of a flow log, in this order.
VIEW_KEYS = (
    "flow_log_id",
    "resource_id",
    "traffic_type",
    "log_destination_type",
    "log_group_name",
    "log_destination",
    "deliver_logs_permission_arn",
    "log_format",
    "max_aggregation_interval",
    "tags",
)

RESOURCE_ID_PREFIXES = {"VPC": "vpc-", "Subnet": "subnet-", "NetworkInterface": "eni-"}

_IAM_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")
_S3_BUCKET_ARN = re.compile(r"^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/\S*)?$")
_LOG_GROUP_NAME = re.compile(r"^[.\-_/#A-Za-z0-9]{1,512}$")
_LOG_GROUP_ARN = re.compile(r"^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:(?P<name>[^:]+)(:\*)?$")
_LOG_FORMAT = re.compile(r"^\$\{[a-z0-9-]+\}( \$\{[a-z0-9-]+\})*$")


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the module's options, each naming the option and the fix; [] when all is well.

    Runs before any AWS call, so bad input changes nothing.
    """
    errors = []
    resource_type = params["resource_type"]
    prefix = RESOURCE_ID_PREFIXES.get(resource_type)
    if prefix and not params["resource_id"].startswith(prefix):
        errors.append(f"resource_id {params['resource_id']!r} is not a {resource_type} id: with resource_type={resource_type} it must start with {prefix!r}")
    if params["log_destination_type"] == "cloud-watch-logs":
        errors.extend(_cloud_watch_logs_errors(params))
    else:
        errors.extend(_s3_errors(params))
    if params.get("wait_timeout", 1) < 1:
        errors.append(f"wait_timeout {params['wait_timeout']} is not a number of seconds: give a positive integer")
    log_format = params.get("log_format")
    if log_format is not None and not _LOG_FORMAT.match(log_format):
        errors.append(
            f"log_format {log_format!r} is not a flow log format: "
            "give one or more fields like '${version} ${srcaddr} ${dstaddr}' separated by single spaces"
        )
    return errors


def _cloud_watch_logs_errors(params: Dict[str, Any]) -> List[str]:
    errors = []
    group = params.get("log_group_name")
    role = params.get("deliver_logs_permission_arn")
    if not group:
        errors.append("log_group_name is required when log_destination_type=cloud-watch-logs: name the CloudWatch Logs group to publish to")
    elif not _LOG_GROUP_NAME.match(group):
        errors.append(f"log_group_name {group!r} is not a valid log group name: use 1-512 characters from a-z A-Z 0-9 . - _ / #")
    if params.get("log_destination"):
        errors.append("log_destination is only for log_destination_type=s3: with cloud-watch-logs set log_group_name instead")
    if params.get("state", "present") == "present":
        if not role:
            errors.append(
                "deliver_logs_permission_arn is required when log_destination_type=cloud-watch-logs: give the ARN of an IAM role "
                "that vpc-flow-logs.amazonaws.com may assume to write to the log group"
            )
        elif not _IAM_ROLE_ARN.match(role):
            errors.append(f"deliver_logs_permission_arn {role!r} is not an IAM role ARN: expected arn:aws:iam::<account>:role/<name>")
    return errors


def _s3_errors(params: Dict[str, Any]) -> List[str]:
    errors = []
    destination = params.get("log_destination")
    if not destination:
        errors.append(
            "log_destination is required when log_destination_type=s3: give the bucket ARN, e.g. arn:aws:s3:::my-bucket or arn:aws:s3:::my-bucket/prefix/"
        )
    elif not _S3_BUCKET_ARN.match(destination):
        errors.append(f"log_destination {destination!r} is not an S3 bucket ARN: expected arn:aws:s3:::<bucket> with an optional /<prefix>/")
    if params.get("log_group_name"):
        errors.append("log_group_name is only for log_destination_type=cloud-watch-logs: with s3 set log_destination instead")
    if params.get("deliver_logs_permission_arn"):
        errors.append("deliver_logs_permission_arn is not supported with log_destination_type=s3: remove it (S3 delivery uses the bucket policy)")
    return errors


def build_desired(params: Dict[str, Any]) -> Dict[str, Any]:
    """The flow log the module's options ask for, keyed like a normalised DescribeFlowLogs item.

    None means "not managed": an unset log_format or tags leaves the existing value alone.
    """
    cloud_watch = params["log_destination_type"] == "cloud-watch-logs"
    return {
        "resource_id": params["resource_id"],
        "resource_type": params["resource_type"],
        "traffic_type": params["traffic_type"],
        "log_destination_type": params["log_destination_type"],
        "log_group_name": params.get("log_group_name") if cloud_watch else None,
        "log_destination": None if cloud_watch else params.get("log_destination"),
        "deliver_logs_permission_arn": params.get("deliver_logs_permission_arn") if cloud_watch else None,
        "log_format": params.get("log_format"),
        "max_aggregation_interval": params["max_aggregation_interval"],
        "tags": params.get("tags"),
    }


def normalize_flow_log(item: Dict[str, Any]) -> Dict[str, Any]:
    """One DescribeFlowLogs item as a snake_case dict, tags as a dict, times as ISO 8601 strings."""
    flow_log = camel_dict_to_snake_dict(item, ignore_list=["Tags"])
    flow_log["tags"] = boto3_tag_list_to_ansible_dict(item.get("Tags") or [])
    created = flow_log.get("creation_time")
    if isinstance(created, (datetime.datetime, datetime.date)):
        flow_log["creation_time"] = created.isoformat()
    return flow_log


def flow_log_destination(flow_log: Dict[str, Any]) -> Optional[str]:
    """Where a flow log writes: its log group name for CloudWatch Logs, its destination ARN otherwise."""
    if flow_log.get("log_destination_type", "cloud-watch-logs") != "cloud-watch-logs":
        return flow_log.get("log_destination")
    if flow_log.get("log_group_name"):
        return flow_log["log_group_name"]
    match = _LOG_GROUP_ARN.match(flow_log.get("log_destination") or "")
    return match.group("name") if match else None


def is_same_flow_log(current: Dict[str, Any], desired: Dict[str, Any]) -> bool:
    """True when current is the flow log desired names: same resource, destination type, destination and traffic type."""
    return (
        current.get("resource_id") == desired["resource_id"]
        and current.get("log_destination_type") == desired["log_destination_type"]
        and flow_log_destination(current) == flow_log_destination(desired)
        and current.get("traffic_type") == desired["traffic_type"]
    )


def immutable_changes(current: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Dict[str, Any]]:
    """{setting: {"before": ..., "after": ...}} for each setting that only a replacement can change."""
    changes = {}
    for key in IMMUTABLE_SETTINGS:
        wanted = desired.get(key)
        if wanted is not None and current.get(key) != wanted:
            changes[key] = {"before": current.get(key), "after": wanted}
    return changes


def matching_flow_logs(flow_logs: List[Dict[str, Any]], desired: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The flow logs that are the desired one by identity, best first.

    Best is one that needs no replacement, then the oldest: when several match,
    the module keeps the first.
    """
    matches = [flow_log for flow_log in flow_logs if is_same_flow_log(flow_log, desired)]
    return sorted(matches, key=lambda fl: (bool(immutable_changes(fl, desired)), fl.get("creation_time") or "", fl.get("flow_log_id") or ""))


def tags_after(current_tags: Optional[Dict[str, str]], tags: Optional[Dict[str, str]], purge_tags: bool) -> Dict[str, str]:
    """The tags a flow log ends with once ensure_ec2_tags has applied tags/purge_tags."""
    current_tags = dict(current_tags or {})
    if tags is None:
        return current_tags
    to_set, to_unset = compare_aws_tags(current_tags, tags, purge_tags)
    result = {key: value for key, value in current_tags.items() if key not in to_unset}
    result.update(to_set)
    return result


def flow_log_view(flow_log: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The part of a flow log that the diff shows: the managed settings that are set."""
    if not flow_log:
        return {}
    return {key: flow_log[key] for key in VIEW_KEYS if flow_log.get(key) is not None}


def predicted_flow_log(current: Optional[Dict[str, Any]], desired: Dict[str, Any], purge_tags: bool) -> Dict[str, Any]:
    """The flow log as it will be after the module has run, as far as it can be known beforehand.

    A replacement keeps what the options leave unset (log_format, tags) from the
    flow log it replaces; its new id is not known yet, so it has none.
    """
    after = dict(current or {})
    if current is None or immutable_changes(current, desired):
        after.pop("flow_log_id", None)
    for key in VIEW_KEYS:
        if key not in ("flow_log_id", "tags") and desired.get(key) is not None:
            after[key] = desired[key]
    after["tags"] = tags_after((current or {}).get("tags"), desired.get("tags"), purge_tags)
    return flow_log_view(after)


def build_create_params(flow_log: Dict[str, Any], resource_type: str) -> Dict[str, Any]:
    """CreateFlowLogs parameters for one flow log (a predicted_flow_log), without the ClientToken."""
    params = {
        "ResourceIds": [flow_log["resource_id"]],
        "ResourceType": resource_type,
        "TrafficType": flow_log["traffic_type"],
        "LogDestinationType": flow_log["log_destination_type"],
        "MaxAggregationInterval": flow_log["max_aggregation_interval"],
    }
    if flow_log["log_destination_type"] == "cloud-watch-logs":
        params["LogGroupName"] = flow_log_destination(flow_log)
    else:
        params["LogDestination"] = flow_log["log_destination"]
    if flow_log.get("deliver_logs_permission_arn"):
        params["DeliverLogsPermissionArn"] = flow_log["deliver_logs_permission_arn"]
    if flow_log.get("log_format"):
        params["LogFormat"] = flow_log["log_format"]
    tag_specifications = boto3_tag_specifications(flow_log.get("tags") or {}, [TAG_RESOURCE_TYPE])
    if tag_specifications:
        params["TagSpecifications"] = tag_specifications
    return params


def client_token(create_params: Dict[str, Any], salt: str = "") -> str:
    """A ClientToken derived from the request itself, so a retried create returns the first answer.

    The same request always gives the same token (64 hex characters, the API's
    limit). ``salt`` makes a fresh token when the plain one is spent: EC2 keeps
    a token for a while after its resource is gone and answers it with that
    resource, so re-creating a deleted flow log needs a new token.
    """
    request = {key: value for key, value in create_params.items() if key != "ClientToken"}
    payload = json.dumps([request, salt], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def describe_flow_logs(client, **params: Any) -> List[Dict[str, Any]]:
    """Every flow log DescribeFlowLogs returns for params, normalised; client is a retrying amazon.aws client."""
    flow_logs = []
    while True:
        page = client.describe_flow_logs(aws_retry=True, **params)
        flow_logs.extend(normalize_flow_log(item) for item in page.get("FlowLogs", []))
        next_token = page.get("NextToken")
        if not next_token:
            return flow_logs
        params = dict(params, NextToken=next_token)
