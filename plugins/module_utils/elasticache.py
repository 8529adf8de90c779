# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading ElastiCache replication groups, shared by elasticache_replication_group and its _info module."""

from __future__ import annotations

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict


def describe_replication_groups(client, replication_group_id: Optional[str] = None) -> List[Dict[str, Any]]:
    """The replication groups (one, or all of the Region); [] when the one asked for does not exist."""
    params: Dict[str, Any] = {"ReplicationGroupId": replication_group_id} if replication_group_id else {}
    groups: List[Dict[str, Any]] = []
    try:
        while True:
            page = client.describe_replication_groups(aws_retry=True, **params)
            groups.extend(page.get("ReplicationGroups", []))
            if not page.get("Marker"):
                return groups
            params["Marker"] = page["Marker"]
    except is_boto3_error_code("ReplicationGroupNotFoundFault"):
        return []


def describe_replication_group(client, replication_group_id: str) -> Optional[Dict[str, Any]]:
    found = describe_replication_groups(client, replication_group_id)
    return found[0] if found else None


def group_tags(client, arn: str) -> Dict[str, str]:
    try:
        return boto3_tag_list_to_ansible_dict(client.list_tags_for_resource(aws_retry=True, ResourceName=arn).get("TagList", []))
    except is_boto3_error_code(["ReplicationGroupNotFoundFault", "InvalidARN"]):
        return {}


def replication_group_result(group: Dict[str, Any], tags: Dict[str, str]) -> Dict[str, Any]:
    """The group as DescribeReplicationGroups answers it, in snake_case, with its tags as a dict (keys as they are)."""
    result = camel_dict_to_snake_dict(group)
    result["tags"] = dict(tags)
    return result


def describe_with_tags(client, replication_group_id: Optional[str] = None) -> List[Dict[str, Any]]:
    """The replication groups in snake_case with their tags."""
    return [replication_group_result(group, group_tags(client, group["ARN"])) for group in describe_replication_groups(client, replication_group_id)]
