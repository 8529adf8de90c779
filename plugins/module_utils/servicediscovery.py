# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS Cloud Map (servicediscovery): what servicediscovery_namespace and servicediscovery_service share.

Namespaces and services are found through every page of ListNamespaces and ListServices with
the API's filters, read whole with GetNamespace and GetService, and tagged by ARN. Creating a
namespace, deleting one and updating a service are asynchronous: the call answers an operation
id, and :func:`wait_for_operation` polls GetOperation until it succeeds or fails.

The ``*_view`` functions and :func:`tag_changes` are pure; the others call AWS, each with
``aws_retry=True`` on a client built with ``retrying()``.
"""

from __future__ import annotations

import datetime
import time
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

POLL_DELAY = 2  # seconds between GetOperation calls


class OperationFailed(Exception):
    """An asynchronous Cloud Map operation ended in FAIL; the message is AWS's reason."""


class OperationTimedOut(Exception):
    """An asynchronous Cloud Map operation did not end within the time allowed."""


def _pages(call: Callable[..., Dict[str, Any]], key: str, **params: Any) -> List[Dict[str, Any]]:
    items: List[Dict[str, Any]] = []
    while True:
        answer = call(aws_retry=True, **params)
        items.extend(answer.get(key) or [])
        if not answer.get("NextToken"):
            return items
        params["NextToken"] = answer["NextToken"]


def _plain(value: Any) -> Any:
    """value with datetimes as ISO 8601 strings, so it can be compared and returned."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def list_namespaces(client: Any, name: Optional[str] = None, namespace_type: Optional[str] = None) -> List[Dict[str, Any]]:
    """The NamespaceSummary items of the region, optionally only those of a name and type (API types: DNS_PRIVATE, HTTP)."""
    filters = []
    if name is not None:
        filters.append({"Name": "NAME", "Values": [name], "Condition": "EQ"})
    if namespace_type is not None:
        filters.append({"Name": "TYPE", "Values": [namespace_type], "Condition": "EQ"})
    params = {"Filters": filters} if filters else {}
    return _pages(client.list_namespaces, "Namespaces", **params)


def get_namespace(client: Any, namespace_id: str) -> Optional[Dict[str, Any]]:
    try:
        return client.get_namespace(aws_retry=True, Id=namespace_id)["Namespace"]
    except is_boto3_error_code("NamespaceNotFound"):
        return None


def list_services(client: Any, namespace_id: str) -> List[Dict[str, Any]]:
    """The ServiceSummary items of the namespace."""
    return _pages(client.list_services, "Services", Filters=[{"Name": "NAMESPACE_ID", "Values": [namespace_id], "Condition": "EQ"}])


def get_service(client: Any, service_id: str) -> Optional[Dict[str, Any]]:
    try:
        return client.get_service(aws_retry=True, Id=service_id)["Service"]
    except is_boto3_error_code("ServiceNotFound"):
        return None


def get_tags(client: Any, arn: str) -> Dict[str, str]:
    return boto3_tag_list_to_ansible_dict(client.list_tags_for_resource(aws_retry=True, ResourceARN=arn).get("Tags") or [])


def tag_changes(current: Dict[str, str], wanted: Optional[Dict[str, str]], purge: bool) -> Tuple[Dict[str, str], List[str]]:
    """The tags to set and the keys to remove; nothing when wanted is None (tags not managed)."""
    if wanted is None:
        return {}, []
    return compare_aws_tags(current, wanted, purge_tags=purge)


def tags_after(current: Dict[str, str], wanted: Optional[Dict[str, str]], purge: bool) -> Dict[str, str]:
    to_set, to_remove = tag_changes(current, wanted, purge)
    return {key: value for key, value in dict(current, **to_set).items() if key not in to_remove}


def apply_tags(client: Any, arn: str, to_set: Dict[str, str], to_remove: List[str]) -> None:
    if to_remove:
        client.untag_resource(aws_retry=True, ResourceARN=arn, TagKeys=to_remove)
    if to_set:
        client.tag_resource(aws_retry=True, ResourceARN=arn, Tags=ansible_dict_to_boto3_tag_list(to_set))


def operation_status(client: Any, operation_id: str) -> Dict[str, Any]:
    return client.get_operation(aws_retry=True, OperationId=operation_id)["Operation"]


def wait_for_operation(
    client: Any,
    operation_id: str,
    timeout: float,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Dict[str, Any]:
    """The operation once it succeeded; OperationFailed with AWS's reason, OperationTimedOut after timeout seconds.

    A timeout of 0 reads the operation once and answers it whatever its status.
    """
    deadline = clock() + timeout
    while True:
        operation = operation_status(client, operation_id)
        status = operation.get("Status")
        if status == "SUCCESS":
            return operation
        if status == "FAIL":
            raise OperationFailed(f"{operation.get('ErrorCode', 'FAIL')}: {operation.get('ErrorMessage', 'no reason given')}")
        if timeout == 0:
            return operation
        if clock() >= deadline:
            raise OperationTimedOut(f"operation {operation_id} is still {status} after {timeout} seconds")
        sleep(POLL_DELAY)


def namespace_view(namespace: Dict[str, Any], tags: Dict[str, str], vpc: Optional[str]) -> Dict[str, Any]:
    """A namespace as the modules return it: snake_case, its tags as a dict, and its VPC (private DNS namespaces)."""
    view = _plain(camel_dict_to_snake_dict(namespace))
    view.setdefault("description", "")
    view["tags"] = dict(tags)
    view["vpc"] = vpc
    return view


def service_view(service: Dict[str, Any], tags: Dict[str, str]) -> Dict[str, Any]:
    """A service as the modules return it: snake_case, its tags as a dict."""
    view = _plain(camel_dict_to_snake_dict(service))
    view.setdefault("description", "")
    view["tags"] = dict(tags)
    return view
