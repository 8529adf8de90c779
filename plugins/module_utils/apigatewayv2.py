# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""API Gateway v2 (HTTP APIs, VPC links): what apigatewayv2_vpc_link, apigatewayv2_http_api and its _info share.

APIs and VPC links have no name lookup: the modules list every page of GetApis and GetVpcLinks
and pick by name. Both answer their tags inline, so no GetTags call is needed; tags change with
TagResource and UntagResource on the resource's ARN (``arn:<partition>:apigateway:<region>::/apis/<id>``).

The ``*_view`` functions are pure; the others call AWS, each with ``aws_retry=True``.
"""

from __future__ import annotations

import datetime
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

PARTITIONS = {"cn-": "aws-cn", "us-gov-": "aws-us-gov"}


def _pages(call: Callable[..., Dict[str, Any]], **params: Any) -> List[Dict[str, Any]]:
    items: List[Dict[str, Any]] = []
    while True:
        answer = call(aws_retry=True, **params)
        items.extend(answer.get("Items") or [])
        if not answer.get("NextToken"):
            return items
        params["NextToken"] = answer["NextToken"]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def snake(item: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """An API answer in snake_case with ISO 8601 dates; tags (a map of the user's keys) kept as they are."""
    if not item:
        return {}
    tags = item.get("Tags")
    view = _plain(camel_dict_to_snake_dict({key: value for key, value in item.items() if key != "Tags"}))
    if "Tags" in item:
        view["tags"] = dict(tags or {})
    return view


def resource_arn(region: str, kind: str, resource_id: str) -> str:
    """The ARN TagResource takes for an API (kind "apis") or a VPC link (kind "vpclinks")."""
    partition = next((name for prefix, name in PARTITIONS.items() if region.startswith(prefix)), "aws")
    return f"arn:{partition}:apigateway:{region}::/{kind}/{resource_id}"


def list_apis(client: Any) -> List[Dict[str, Any]]:
    return _pages(client.get_apis)


def list_vpc_links(client: Any) -> List[Dict[str, Any]]:
    return _pages(client.get_vpc_links)


def get_vpc_link(client: Any, vpc_link_id: str) -> Optional[Dict[str, Any]]:
    try:
        answer = client.get_vpc_link(aws_retry=True, VpcLinkId=vpc_link_id)
    except is_boto3_error_code("NotFoundException"):
        return None
    return {key: value for key, value in answer.items() if key != "ResponseMetadata"}


def api_parts(client: Any, api_id: str) -> Dict[str, List[Dict[str, Any]]]:
    """Every integration, route and stage of the API, as GetIntegrations, GetRoutes and GetStages answer them."""
    return {
        "integrations": _pages(client.get_integrations, ApiId=api_id),
        "routes": _pages(client.get_routes, ApiId=api_id),
        "stages": _pages(client.get_stages, ApiId=api_id),
    }


def apply_tags(client: Any, arn: str, to_set: Dict[str, str], to_remove: List[str]) -> None:
    if to_remove:
        client.untag_resource(aws_retry=True, ResourceArn=arn, TagKeys=to_remove)
    if to_set:
        client.tag_resource(aws_retry=True, ResourceArn=arn, Tags=to_set)


def api_info_view(api: Dict[str, Any], parts: Dict[str, List[Dict[str, Any]]]) -> Dict[str, Any]:
    """An API with all its integrations, routes and stages, as apigatewayv2_http_api_info returns it."""
    view = snake(api)
    view.update({kind: [snake(item) for item in items] for kind, items in parts.items()})
    return view
