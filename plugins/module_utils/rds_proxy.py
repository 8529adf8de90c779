# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""RDS Proxy: reading a proxy whole, shared by rds_proxy and rds_proxy_info.

A proxy as the modules return it is its DescribeDBProxies entry in snake_case, with its tags
(a dict), its default target group, the targets of that group and its additional endpoints
(the default endpoint is the proxy's own ``endpoint``). :func:`proxy_view` is pure; the
``describe_*`` functions make the read calls, each with ``aws_retry=True``.
"""

from __future__ import annotations

import datetime
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

DEFAULT_TARGET_GROUP = "default"


def _pages(call: Any, key: str, **params: Any) -> List[Dict[str, Any]]:
    """Every item of a Marker-paginated RDS describe call."""
    items: List[Dict[str, Any]] = []
    while True:
        answer = call(aws_retry=True, **params)
        items.extend(answer.get(key) or [])
        if not answer.get("Marker"):
            return items
        params["Marker"] = answer["Marker"]


def describe_proxies(client: Any, name: Optional[str] = None) -> List[Dict[str, Any]]:
    """The DescribeDBProxies entries: the named proxy (none when it does not exist), or every proxy."""
    params = {"DBProxyName": name} if name else {}
    try:
        return _pages(client.describe_db_proxies, "DBProxies", **params)
    except is_boto3_error_code("DBProxyNotFoundFault"):
        return []


def describe_target_group(client: Any, name: str) -> Optional[Dict[str, Any]]:
    """The proxy's default target group, None when the proxy is gone."""
    try:
        groups = _pages(client.describe_db_proxy_target_groups, "TargetGroups", DBProxyName=name, TargetGroupName=DEFAULT_TARGET_GROUP)
    except is_boto3_error_code(["DBProxyNotFoundFault", "DBProxyTargetGroupNotFoundFault"]):
        return None
    return groups[0] if groups else None


def describe_targets(client: Any, name: str) -> List[Dict[str, Any]]:
    """The targets of the default target group ([] while the proxy cannot list them yet, or is gone)."""
    try:
        return _pages(client.describe_db_proxy_targets, "Targets", DBProxyName=name, TargetGroupName=DEFAULT_TARGET_GROUP)
    except is_boto3_error_code(["DBProxyNotFoundFault", "DBProxyTargetGroupNotFoundFault", "InvalidDBProxyStateFault"]):
        return []


def describe_endpoints(client: Any, name: str) -> List[Dict[str, Any]]:
    """The proxy's additional endpoints (not the default one), sorted by name."""
    try:
        endpoints = _pages(client.describe_db_proxy_endpoints, "DBProxyEndpoints", DBProxyName=name)
    except is_boto3_error_code("DBProxyNotFoundFault"):
        return []
    return sorted((e for e in endpoints if not e.get("IsDefault")), key=lambda e: e["DBProxyEndpointName"])


def describe_tags(client: Any, arn: str) -> Dict[str, str]:
    return boto3_tag_list_to_ansible_dict(client.list_tags_for_resource(aws_retry=True, ResourceName=arn).get("TagList") or [])


def describe_proxy(client: Any, proxy: Dict[str, Any], tags: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """One DescribeDBProxies entry, read whole and returned as :func:`proxy_view`.

    tags, when the caller knows them (a proxy it has just created with them), are not read back:
    ListTagsForResource on a new proxy's ARN can answer NotFound until the proxy has propagated.
    """
    name = proxy["DBProxyName"]
    return proxy_view(
        proxy,
        tags=describe_tags(client, proxy["DBProxyArn"]) if tags is None else tags,
        target_group=describe_target_group(client, name),
        targets=describe_targets(client, name),
        endpoints=describe_endpoints(client, name),
    )


def _plain(value: Any) -> Any:
    """value with datetimes as ISO 8601 strings, so it can be compared and returned."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _snake(item: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    return _plain(camel_dict_to_snake_dict(item)) if item else {}


def proxy_view(
    proxy: Dict[str, Any],
    tags: Dict[str, str],
    target_group: Optional[Dict[str, Any]],
    targets: List[Dict[str, Any]],
    endpoints: List[Dict[str, Any]],
) -> Dict[str, Any]:
    """The proxy as the modules return it: snake_case, tags as a dict (keys kept as they are)."""
    view = _snake(proxy)
    view.update(
        tags=dict(tags),
        target_group=_snake(target_group),
        targets=[_snake(target) for target in targets],
        endpoints=[_snake(endpoint) for endpoint in endpoints],
    )
    return view
