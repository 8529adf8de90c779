# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ECS: reading clusters and services, shared by ecs_cluster, ecs_service and ecs_service_info.

A cluster or a service as the modules return it is its DescribeClusters / DescribeServices entry
in snake_case, datetimes as ISO 8601 strings and tags as a dict (:func:`resource_view`, pure).
The ``describe_*`` and ``list_*`` functions make the read calls, each with ``aws_retry=True``.
"""

from __future__ import annotations

import datetime
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

# DescribeServices names at most 10 services a call.
DESCRIBE_SERVICES_BATCH = 10
# What DescribeClusters leaves out unless asked.
CLUSTER_FIELDS = ["SETTINGS", "CONFIGURATIONS", "TAGS"]


def _plain(value: Any) -> Any:
    """value with datetimes as ISO 8601 strings, so it can be compared and returned."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def resource_view(resource: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A DescribeClusters or DescribeServices entry as the modules return it: snake_case, tags a dict ({} for none)."""
    if not resource:
        return {}
    tags = resource.get("tags") or []
    view = _plain(camel_dict_to_snake_dict({key: value for key, value in resource.items() if key != "tags"}))
    view["tags"] = boto3_tag_list_to_ansible_dict(tags, "key", "value")
    return view


def strategy_settings(strategy: Optional[List[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    """A capacity provider strategy (API or option shape) as comparable settings: weight and base 0 when unset."""
    items = []
    for item in strategy or []:
        provider = item.get("capacityProvider", item.get("capacity_provider"))
        items.append({"capacity_provider": provider, "weight": item.get("weight") or 0, "base": item.get("base") or 0})
    return items


def strategy_request(strategy: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Comparable strategy settings as the API's capacityProviderStrategy."""
    return [{"capacityProvider": item["capacity_provider"], "weight": item["weight"], "base": item["base"]} for item in strategy]


def strategy_errors(option: str, strategy: Optional[List[Dict[str, Any]]]) -> List[str]:
    """What is wrong with a capacity provider strategy option: weights 0..1000, bases 0..100000, one base above 0 at most."""
    errors = []
    for index, item in enumerate(strategy or []):
        weight, base = item.get("weight") or 0, item.get("base") or 0
        if not 0 <= weight <= 1000:
            errors.append(f"{option}[{index}].weight must be between 0 and 1000, not {weight}")
        if not 0 <= base <= 100000:
            errors.append(f"{option}[{index}].base must be between 0 and 100000, not {base}")
    with_base = [item["capacity_provider"] for item in strategy or [] if (item.get("base") or 0) > 0]
    if len(with_base) > 1:
        errors.append(f"{option}: only one capacity provider may have a base above 0, not {', '.join(with_base)}")
    return errors


def describe_cluster(client: Any, name: str) -> Optional[Dict[str, Any]]:
    """The DescribeClusters entry of a cluster (name or ARN) with its settings, configuration and tags; None when missing."""
    answer = client.describe_clusters(aws_retry=True, clusters=[name], include=CLUSTER_FIELDS)
    clusters = answer.get("clusters") or []
    return clusters[0] if clusters else None


def list_service_arns(client: Any, cluster: str) -> List[str]:
    """The ARNs of every service of the cluster that is not INACTIVE, every page."""
    arns: List[str] = []
    params: Dict[str, Any] = {"cluster": cluster}
    while True:
        answer = client.list_services(aws_retry=True, **params)
        arns.extend(answer.get("serviceArns") or [])
        if not answer.get("nextToken"):
            return arns
        params["nextToken"] = answer["nextToken"]


def describe_services(client: Any, cluster: str, names: List[str]) -> List[Dict[str, Any]]:
    """The DescribeServices entries (tags included) of the named services (names or ARNs), in batches of 10; missing ones left out."""
    services: List[Dict[str, Any]] = []
    for start in range(0, len(names), DESCRIBE_SERVICES_BATCH):
        batch = names[start : start + DESCRIBE_SERVICES_BATCH]
        services.extend(client.describe_services(aws_retry=True, cluster=cluster, services=batch, include=["TAGS"]).get("services") or [])
    return services


def list_container_instance_arns(client: Any, cluster: str) -> List[str]:
    """The ARNs of the cluster's container instances that are ACTIVE or DRAINING, every page."""
    arns: List[str] = []
    for status in ("ACTIVE", "DRAINING"):
        params: Dict[str, Any] = {"cluster": cluster, "status": status}
        while True:
            answer = client.list_container_instances(aws_retry=True, **params)
            arns.extend(answer.get("containerInstanceArns") or [])
            if not answer.get("nextToken"):
                break
            params["nextToken"] = answer["nextToken"]
    return arns


def tag_changes(client: Any, arn: str, to_set: Dict[str, str], to_unset: List[str]) -> None:
    """TagResource / UntagResource on an ECS resource, only the calls needed."""
    if to_unset:
        client.untag_resource(aws_retry=True, resourceArn=arn, tagKeys=to_unset)
    if to_set:
        client.tag_resource(aws_retry=True, resourceArn=arn, tags=[{"key": key, "value": value} for key, value in to_set.items()])
