#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: servicediscovery_service
version_added: 0.4.0
short_description: Manage an AWS Cloud Map service
description:
  - Create, update or delete an AWS Cloud Map (service discovery) service in a namespace, for example the service an
    ECS service registers its tasks in and an API Gateway HTTP API integration targets.
  - A service is found by O(name) among the services of O(namespace_id).
  - The service's DNS records and description are updated in place (an asynchronous operation that O(wait) waits
    for). Its routing policy and custom health check cannot change; a difference fails naming the option.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the service, the first label of its DNS name in a DNS namespace.
    required: true
    type: str
  namespace_id:
    description:
      - The ID of the namespace the service is in (see M(webstack.aws.servicediscovery_namespace)).
    required: true
    type: str
  description:
    description:
      - A description of the service. When not set, an existing service keeps its description.
    type: str
  dns_config:
    description:
      - The DNS records Cloud Map creates for each registered instance, in a DNS namespace.
      - When not set, a new service has no DNS records (an HTTP namespace's services) and an existing one keeps its own.
    type: dict
    suboptions:
      routing_policy:
        description:
          - How Route 53 answers DNS queries for the service. Cannot change after the service is created.
          - V(WEIGHTED) is required with a C(CNAME) record.
        default: MULTIVALUE
        choices: ['MULTIVALUE', 'WEIGHTED']
        type: str
      dns_records:
        description:
          - The records, one per type.
        required: true
        type: list
        elements: dict
        suboptions:
          type:
            description:
              - The record type. V(CNAME) cannot be combined with another type.
            required: true
            choices: ['A', 'AAAA', 'SRV', 'CNAME']
            type: str
          ttl:
            description:
              - The time to live of the record, in seconds.
            required: true
            type: int
  health_check_custom_config:
    description:
      - A custom health check, whose status the instances' owner (for example ECS) reports.
      - Cannot change after the service is created.
    type: dict
    suboptions:
      failure_threshold:
        description:
          - Deprecated by AWS, which always uses 1; kept for services created with it.
        type: int
  tags:
    description:
      - Tags for the service. When not set, the service's tags are left as they are.
    type: dict
    aliases: ['resource_tags']
  purge_tags:
    description:
      - Whether to remove tags of the service that O(tags) does not name.
    default: true
    type: bool
  state:
    description:
      - Whether the service should exist.
      - AWS refuses to delete a service while instances are registered in it; the module then fails with their number.
        ECS deregisters its tasks when the ECS service is deleted.
    default: present
    choices: ['present', 'absent']
    type: str
  wait:
    description:
      - Whether to wait until an update of the service's DNS records or description is done.
    default: true
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true).
    default: 300
    type: int
notes:
  - In check mode the module reports what would change and makes no change.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A service the app's ECS tasks register in, with SRV records for an HTTP API integration
  webstack.aws.servicediscovery_service:
    name: app
    namespace_id: "{{ namespace.namespace.id }}"
    dns_config:
      routing_policy: MULTIVALUE
      dns_records:
        - type: SRV
          ttl: 10
    health_check_custom_config:
      failure_threshold: 1
  register: discovery

- name: Remove the service (the ECS service must be gone)
  webstack.aws.servicediscovery_service:
    name: app
    namespace_id: "{{ namespace.namespace.id }}"
    state: absent
"""

RETURN = r"""
service:
  description:
    - The service. In check mode, a service the module would create has only the settings it asked for (no id or arn).
  returned: when O(state=present)
  type: dict
  contains:
    id:
      description: The ID of the service.
      type: str
      returned: when the service exists
      sample: srv-abcdefghijklmnop
    arn:
      description: The ARN of the service, the C(integration_uri) of an API Gateway integration through a VPC link.
      type: str
      returned: when the service exists
      sample: arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-abcdefghijklmnop
    name:
      description: The name of the service.
      type: str
      returned: always
      sample: app
    namespace_id:
      description: The ID of the service's namespace.
      type: str
      returned: always
      sample: ns-abcdefghijklmnop
    description:
      description: The description of the service.
      type: str
      returned: always
      sample: The app's tasks
    dns_config:
      description: The service's DNS configuration (C(routing_policy), C(dns_records) with C(type) and C(ttl)).
      type: dict
      returned: when the service has DNS records
      sample: {"routing_policy": "MULTIVALUE", "dns_records": [{"type": "SRV", "ttl": 10}]}
    health_check_custom_config:
      description: The custom health check (C(failure_threshold)).
      type: dict
      returned: when the service has one
      sample: {"failure_threshold": 1}
    instance_count:
      description: How many instances are registered in the service.
      type: int
      returned: when the service exists
      sample: 2
    type:
      description: How the service is discovered, C(DNS_HTTP), C(DNS) or C(HTTP).
      type: str
      returned: when the service exists
      sample: DNS_HTTP
    create_date:
      description: When the service was created (ISO 8601).
      type: str
      returned: when the service exists
      sample: "2025-01-01T12:00:00+00:00"
    creator_request_id:
      description: The request ID the service was created with.
      type: str
      returned: when the service exists
      sample: 5e1e7a4e-6f7c-4d6b-9a55-1f0c2c1e6f00
    tags:
      description: The service's tags.
      type: dict
      returned: always
      sample: {"webstack:component": "ecs_service"}
operation_id:
  description: The ID of the asynchronous UpdateService operation the module started.
  returned: when the module updated the service's DNS records or description
  type: str
  sample: abcdefghijklmnopqrstuvwxyz012345-abcdefgh
"""

import re
import uuid
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import OperationFailed
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import OperationTimedOut
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import apply_tags
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import get_service
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import get_tags
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import list_services
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import service_view
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import tag_changes
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import tags_after
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import wait_for_operation

DNS_RECORD_SPEC = dict(
    type=dict(type="str", required=True, choices=["A", "AAAA", "SRV", "CNAME"]),
    ttl=dict(type="int", required=True),
)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    namespace_id=dict(type="str", required=True),
    description=dict(type="str"),
    dns_config=dict(
        type="dict",
        options=dict(
            routing_policy=dict(type="str", default="MULTIVALUE", choices=["MULTIVALUE", "WEIGHTED"]),
            dns_records=dict(type="list", elements="dict", required=True, options=DNS_RECORD_SPEC),
        ),
    ),
    health_check_custom_config=dict(type="dict", options=dict(failure_threshold=dict(type="int"))),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
)

SERVICE_NAME = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")
MAX_TTL = 2147483647


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the module's options, each naming the option; [] when all is well."""
    errors = []
    if not SERVICE_NAME.match(params["name"] or ""):
        errors.append(f"name {params['name']!r} is not a valid service name: 1 to 63 letters, digits, '-' or '_', not starting or ending with '-'")
    if not (params["namespace_id"] or "").startswith("ns-"):
        errors.append(f"namespace_id {params['namespace_id']!r} is not a namespace ID (ns-...)")
    errors.extend(_dns_errors(params.get("dns_config")))
    threshold = (params.get("health_check_custom_config") or {}).get("failure_threshold")
    if threshold is not None and not 1 <= threshold <= 10:
        errors.append(f"health_check_custom_config.failure_threshold {threshold} is outside 1 to 10")
    if params["wait_timeout"] < 0:
        errors.append("wait_timeout must be 0 or more seconds")
    return errors


def _dns_errors(dns_config: Optional[Dict[str, Any]]) -> List[str]:
    if dns_config is None:
        return []
    records = dns_config["dns_records"]
    types = [record["type"] for record in records]
    errors = []
    if not records:
        errors.append("dns_config.dns_records must name at least one record")
    if len(set(types)) != len(types):
        errors.append(f"dns_config.dns_records has a type twice: {', '.join(types)}")
    if "CNAME" in types and len(types) > 1:
        errors.append("dns_config.dns_records: a CNAME record cannot be combined with another record type")
    if "CNAME" in types and dns_config["routing_policy"] != "WEIGHTED":
        errors.append("dns_config.routing_policy must be WEIGHTED with a CNAME record")
    errors.extend(
        f"dns_config.dns_records ttl {record['ttl']} of {record['type']} is outside 0 to {MAX_TTL}" for record in records if not 0 <= record["ttl"] <= MAX_TTL
    )
    return errors


def wanted_dns(params: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The dns_config option as the service returns it (snake_case), None when not set."""
    dns_config = params.get("dns_config")
    if dns_config is None:
        return None
    return {"routing_policy": dns_config["routing_policy"], "dns_records": [{"type": r["type"], "ttl": r["ttl"]} for r in dns_config["dns_records"]]}


def settings(view: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """What the module manages of a service, for the diff and the comparison; {} for none."""
    if not view:
        return {}
    dns = view.get("dns_config")
    return {
        "name": view.get("name"),
        "namespace_id": view.get("namespace_id"),
        "description": view.get("description") or "",
        "dns_config": {"routing_policy": dns.get("routing_policy"), "dns_records": dns.get("dns_records") or []} if dns else None,
        "health_check_custom_config": view.get("health_check_custom_config"),
        "tags": view.get("tags") or {},
    }


def desired_view(params: Dict[str, Any], current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The service the options describe, on top of the existing one (or a new one)."""
    base = settings(current) or {
        "name": params["name"],
        "namespace_id": params["namespace_id"],
        "description": "",
        "dns_config": None,
        "health_check_custom_config": None,
        "tags": {},
    }
    if params.get("description") is not None:
        base["description"] = params["description"]
    if params.get("dns_config") is not None:
        base["dns_config"] = wanted_dns(params)
    if current is None and params.get("health_check_custom_config") is not None:
        base["health_check_custom_config"] = {k: v for k, v in params["health_check_custom_config"].items() if v is not None}
    base["tags"] = tags_after(base["tags"], params.get("tags"), params["purge_tags"])
    return base


def immutable_errors(current: Dict[str, Any], params: Dict[str, Any]) -> List[str]:
    errors = []
    wanted = wanted_dns(params)
    dns = current.get("dns_config")
    if wanted is not None and dns and dns.get("routing_policy") != wanted["routing_policy"]:
        errors.append(f"dns_config.routing_policy cannot change: service {current['name']} routes {dns.get('routing_policy')}")
    if wanted is not None and not dns:
        errors.append(f"dns_config cannot be added: service {current['name']} was created without DNS records")
    health = params.get("health_check_custom_config")
    have = current.get("health_check_custom_config")
    if health is not None and (have is None or any(have.get(key) != value for key, value in health.items() if value is not None)):
        errors.append(f"health_check_custom_config cannot change: service {current['name']} has {have}")
    return errors


def service_change(desired: Dict[str, Any]) -> Dict[str, Any]:
    """UpdateService's Service member: the description and every DNS record (records left out are deleted)."""
    change: Dict[str, Any] = {"Description": desired["description"]}
    if desired["dns_config"]:
        change["DnsConfig"] = {"DnsRecords": [{"Type": r["type"], "TTL": r["ttl"]} for r in desired["dns_config"]["dns_records"]]}
    return change


def create_request(desired: Dict[str, Any]) -> Dict[str, Any]:
    request: Dict[str, Any] = {"Name": desired["name"], "NamespaceId": desired["namespace_id"], "CreatorRequestId": str(uuid.uuid4())}
    if desired["description"]:
        request["Description"] = desired["description"]
    if desired["dns_config"]:
        dns = desired["dns_config"]
        request["DnsConfig"] = {"RoutingPolicy": dns["routing_policy"], "DnsRecords": [{"Type": r["type"], "TTL": r["ttl"]} for r in dns["dns_records"]]}
    if desired["health_check_custom_config"] is not None:
        threshold = desired["health_check_custom_config"].get("failure_threshold")
        request["HealthCheckCustomConfig"] = {} if threshold is None else {"FailureThreshold": threshold}
    if desired["tags"]:
        request["Tags"] = ansible_dict_to_boto3_tag_list(desired["tags"])
    return request


class ServiceManager:
    """Brings the service named by the options to the state they describe."""

    def __init__(self, module: Any, client: Any) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.name = module.params["name"]

    def fail(self, error: Exception, msg: str) -> None:
        self.module.fail_json_aws(error, msg=msg)

    def read(self, service_id: str) -> Optional[Dict[str, Any]]:
        service = get_service(self.client, service_id)
        return None if service is None else service_view(service, get_tags(self.client, service["Arn"]))

    def find(self) -> Optional[Dict[str, Any]]:
        try:
            for summary in list_services(self.client, self.params["namespace_id"]):
                if summary["Name"] == self.name:
                    return self.read(summary["Id"])
        except is_boto3_error_code("NamespaceNotFound"):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.fail(e, f"Failed to look up service {self.name} in namespace {self.params['namespace_id']}")
        return None

    def ensure_present(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if current is not None:
            errors = immutable_errors(current, self.params)
            if errors:
                self.module.fail_json(msg=" ".join(errors), errors=errors)
        desired = desired_view(self.params, current)
        if current is None:
            return self.create(desired)
        if settings(current) == desired:
            return self.result(False, current, current)
        if self.module.check_mode:
            return self.result(True, current, dict(current, **desired))
        return self.update(current, desired)

    def create(self, desired: Dict[str, Any]) -> Dict[str, Any]:
        if self.module.check_mode:
            return self.result(True, None, desired)
        try:
            service = self.client.create_service(aws_retry=True, **create_request(desired))["Service"]
        except is_boto3_error_code("ServiceAlreadyExists") as e:
            current = self.find()  # made since the lookup: by a retried create, or another run
            if current is None:
                self.fail(e, f"Cloud Map answered that service {self.name} exists, but it was not found")
            return self.ensure_present(current)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.fail(e, f"Failed to create service {self.name} in namespace {self.params['namespace_id']}")
        return self.result(True, None, service_view(dict(service, InstanceCount=0), desired["tags"]))

    def update(self, current: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
        answer: Dict[str, Any] = {}
        try:
            if {k: v for k, v in settings(current).items() if k != "tags"} != {k: v for k, v in desired.items() if k != "tags"}:
                operation_id = self.client.update_service(aws_retry=True, Id=current["id"], Service=service_change(desired))["OperationId"]
                answer["operation_id"] = operation_id
                self.wait(operation_id)
            apply_tags(self.client, current["arn"], *tag_changes(current["tags"], self.params.get("tags"), self.params["purge_tags"]))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, f"Failed to update service {self.name} ({current['id']})")
        return dict(self.result(True, current, self.read(current["id"]) or desired), **answer)

    def wait(self, operation_id: str) -> None:
        try:
            wait_for_operation(self.client, operation_id, self.params["wait_timeout"] if self.params["wait"] else 0)
        except OperationFailed as e:
            self.module.fail_json(msg=f"Cloud Map could not update service {self.name}: {e}", operation_id=operation_id)
        except OperationTimedOut as e:
            self.module.fail_json(msg=f"Timed out waiting for the update of service {self.name}: {e}", operation_id=operation_id)

    def ensure_absent(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if current is None:
            return self.with_diff({"changed": False}, None, None)
        if current.get("instance_count"):
            self.module.fail_json(
                msg=(
                    f"Cannot delete service {self.name} ({current['id']}): {current['instance_count']} instances are still registered in it. "
                    "Deregister them first (deleting the ECS service that registers them does)"
                )
            )
        if not self.module.check_mode:
            try:
                self.client.delete_service(aws_retry=True, Id=current["id"])
            except is_boto3_error_code("ServiceNotFound"):
                return self.with_diff({"changed": False}, None, None)  # deleted by someone else since the lookup
            except is_boto3_error_code("ResourceInUse") as e:  # pylint: disable=duplicate-except
                self.fail(e, f"Cannot delete service {self.name} ({current['id']}): instances were registered in it since the lookup")
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
                self.fail(e, f"Failed to delete service {self.name} ({current['id']})")
        return self.with_diff({"changed": True}, current, None)

    def result(self, changed: bool, before: Optional[Dict[str, Any]], after: Dict[str, Any]) -> Dict[str, Any]:
        return self.with_diff({"changed": changed, "service": after}, before, after)

    def with_diff(self, answer: Dict[str, Any], before: Optional[Dict[str, Any]], after: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if self.module._diff:
            answer["diff"] = {"before": settings(before), "after": settings(after)}
        return answer


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    manager = ServiceManager(module, module.client("servicediscovery", retry_decorator=retrying()))
    current = manager.find()
    if module.params["state"] == "present":
        result = manager.ensure_present(current)
    else:
        result = manager.ensure_absent(current)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
