# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the Application Auto Scaling modules share: the scalable target's identity and how to read one.

A scalable target is named by its service namespace, resource ID and scalable dimension; its scaling policies
are named by those three and a policy name. The pure functions here validate those options and build the
request members; the readers take a client built with :func:`retrying`.
"""

from __future__ import annotations

import datetime
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

# botocore's ServiceNamespace enum (application-autoscaling service model).
SERVICE_NAMESPACES = [
    "ecs",
    "elasticmapreduce",
    "ec2",
    "appstream",
    "dynamodb",
    "rds",
    "sagemaker",
    "custom-resource",
    "comprehend",
    "lambda",
    "cassandra",
    "kafka",
    "elasticache",
    "neptune",
    "workspaces",
]

ECS_RESOURCE = re.compile(r"service/[^/]+/[^/]+")

# The argument spec of the options that name a scalable target.
TARGET_ARGUMENT_SPEC = dict(
    service_namespace=dict(type="str", required=True, choices=SERVICE_NAMESPACES),
    resource_id=dict(type="str", required=True),
    scalable_dimension=dict(type="str", required=True),
)


def target_errors(params: Dict[str, Any]) -> List[str]:
    """Problems with service_namespace, resource_id and scalable_dimension, each naming its option."""
    errors = []
    namespace, dimension, resource = params["service_namespace"], params["scalable_dimension"], params["resource_id"]
    if dimension.split(":", 1)[0] != namespace:
        errors.append(f"scalable_dimension {dimension!r} is not a dimension of service_namespace {namespace} (it starts with '{namespace}:')")
    if not resource.strip():
        errors.append("resource_id must not be empty")
    elif namespace == "ecs" and not ECS_RESOURCE.fullmatch(resource):
        errors.append(f"resource_id {resource!r} is not an ECS service: service/<cluster>/<service>")
    return errors


def target_key(params: Dict[str, Any]) -> Dict[str, str]:
    """The request members that name the scalable target of the options."""
    return {"ServiceNamespace": params["service_namespace"], "ResourceId": params["resource_id"], "ScalableDimension": params["scalable_dimension"]}


def target_label(key: Dict[str, str]) -> str:
    return f"{key['ResourceId']} ({key['ScalableDimension']})"


def not_registered(key: Dict[str, str]) -> str:
    """The message for a scaling policy or action whose scalable target is not registered (it names resource_id)."""
    return (
        f"No scalable target is registered for resource_id {key['ResourceId']} ({key['ScalableDimension']}): "
        "register it first with webstack.aws.application_autoscaling_scalable_target"
    )


def iso(moment: Optional[datetime.datetime]) -> Optional[str]:
    return None if moment is None else moment.astimezone(datetime.timezone.utc).isoformat()


def snake_view(resource: Dict[str, Any]) -> Dict[str, Any]:
    """An API answer in snake_case, its CreationTime in ISO 8601 UTC."""
    view = camel_dict_to_snake_dict({key: value for key, value in resource.items() if key != "CreationTime"})
    if "CreationTime" in resource:
        view["creation_time"] = iso(resource["CreationTime"])
    return view


def describe_target(client: Any, key: Dict[str, str]) -> Optional[Dict[str, Any]]:
    """The scalable target as DescribeScalableTargets answers it; None when it is not registered."""
    answer = client.describe_scalable_targets(
        aws_retry=True, ServiceNamespace=key["ServiceNamespace"], ResourceIds=[key["ResourceId"]], ScalableDimension=key["ScalableDimension"]
    )
    found = [target for target in answer["ScalableTargets"] if target["ResourceId"] == key["ResourceId"]]
    return found[0] if found else None
