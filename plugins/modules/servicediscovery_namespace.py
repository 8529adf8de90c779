#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: servicediscovery_namespace
version_added: 0.4.0
short_description: Manage an AWS Cloud Map namespace
description:
  - Create, update or delete an AWS Cloud Map (service discovery) namespace, private DNS or HTTP.
  - A namespace is found by O(name) and O(type) among every namespace of the region. A private DNS namespace is also
    identified by its VPC (its private hosted zone is associated with O(vpc)).
  - Creating and deleting a namespace, and changing its description, are asynchronous in AWS. With O(wait=true) the
    module polls the operation until it succeeds, and fails with AWS's reason when it fails.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the namespace. For a private DNS namespace, the domain name of its hosted zone (for example
        C(internal.example.com)); for an HTTP namespace, letters, digits, hyphens and underscores.
    required: true
    type: str
  type:
    description:
      - V(private_dns) makes a namespace that services are discovered in through DNS queries in O(vpc) and through
        API calls; V(http) one that services are discovered in through API calls only.
    default: private_dns
    choices: ['private_dns', 'http']
    type: str
  vpc:
    description:
      - The ID of the VPC the private DNS namespace's hosted zone is associated with.
      - Required when O(type=private_dns) and O(state=present); not allowed with O(type=http).
      - Cannot change after the namespace is created; a difference fails naming this option.
    type: str
  description:
    description:
      - A description of the namespace. When not set, an existing namespace keeps its description.
    type: str
  tags:
    description:
      - Tags for the namespace. When not set, the namespace's tags are left as they are.
    type: dict
    aliases: ['resource_tags']
  purge_tags:
    description:
      - Whether to remove tags of the namespace that O(tags) does not name.
    default: true
    type: bool
  state:
    description:
      - Whether the namespace should exist.
      - AWS refuses to delete a namespace that still holds services; the module then fails naming them.
    default: present
    choices: ['present', 'absent']
    type: str
  wait:
    description:
      - Whether to wait until the namespace is created, updated or deleted.
      - Without waiting, the module returns once AWS has accepted the operation (RV(operation_id)); a namespace it
        creates is returned as far as it is known.
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

- name: A private DNS namespace for the services of the stack's VPC
  webstack.aws.servicediscovery_namespace:
    name: internal.webstack-prod.local
    vpc: vpc-0123456789abcdef0
    description: Service discovery for webstack-prod
    tags:
      webstack:stack: webstack
  register: namespace

- name: An HTTP namespace (API discovery only)
  webstack.aws.servicediscovery_namespace:
    name: webstack-prod
    type: http

- name: Remove the namespace (its services must be gone)
  webstack.aws.servicediscovery_namespace:
    name: internal.webstack-prod.local
    vpc: vpc-0123456789abcdef0
    state: absent
"""

RETURN = r"""
namespace:
  description:
    - The namespace. In check mode, or without waiting for its creation, a namespace the module would create or is
      creating has only the settings it asked for (no id or arn).
  returned: when O(state=present)
  type: dict
  contains:
    id:
      description: The ID of the namespace.
      type: str
      returned: when the namespace exists
      sample: ns-abcdefghijklmnop
    arn:
      description: The ARN of the namespace.
      type: str
      returned: when the namespace exists
      sample: arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abcdefghijklmnop
    name:
      description: The name of the namespace.
      type: str
      returned: always
      sample: internal.webstack-prod.local
    type:
      description: The API's type of the namespace, C(DNS_PRIVATE) or C(HTTP).
      type: str
      returned: always
      sample: DNS_PRIVATE
    description:
      description: The description of the namespace.
      type: str
      returned: always
      sample: Service discovery for webstack-prod
    vpc:
      description: The VPC of a private DNS namespace; null for an HTTP namespace.
      type: str
      returned: always
      sample: vpc-0123456789abcdef0
    properties:
      description: The namespace's DNS and HTTP properties.
      type: dict
      returned: when the namespace exists
      contains:
        dns_properties:
          description: The hosted zone of a DNS namespace (C(hosted_zone_id)).
          type: dict
          returned: when the namespace is a DNS namespace
          sample: {"hosted_zone_id": "Z0123456789ABCDEFGHIJ"}
        http_properties:
          description: The name API calls discover the namespace by (C(http_name)).
          type: dict
          returned: always
          sample: {"http_name": "internal.webstack-prod.local"}
    create_date:
      description: When the namespace was created (ISO 8601).
      type: str
      returned: when the namespace exists
      sample: "2025-01-01T12:00:00+00:00"
    service_count:
      description: How many services the namespace holds.
      type: int
      returned: when AWS answers it
      sample: 2
    creator_request_id:
      description: The request ID the namespace was created with.
      type: str
      returned: when the namespace exists
      sample: 5e1e7a4e-6f7c-4d6b-9a55-1f0c2c1e6f00
    tags:
      description: The namespace's tags.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
operation_id:
  description: The ID of the asynchronous operation the module started (create, update or delete).
  returned: when the module started an operation
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
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import OperationFailed
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import OperationTimedOut
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import apply_tags
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import get_namespace
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import get_tags
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import list_namespaces
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import list_services
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import namespace_view
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import tag_changes
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import tags_after
from ansible_collections.webstack.aws.plugins.module_utils.servicediscovery import wait_for_operation

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    type=dict(type="str", default="private_dns", choices=["private_dns", "http"]),
    vpc=dict(type="str"),
    description=dict(type="str"),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
)

API_TYPES = {"private_dns": "DNS_PRIVATE", "http": "HTTP"}
HTTP_NAME = re.compile(r"^[0-9A-Za-z_-]{1,1024}$")
DNS_NAME = re.compile(r"^[!-~]{1,1024}$")
MAX_DESCRIPTION = 1024


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the module's options, each naming the option; [] when all is well."""
    errors = []
    name, kind = params["name"], params["type"]
    pattern = HTTP_NAME if kind == "http" else DNS_NAME
    if not pattern.match(name or ""):
        allowed = "letters, digits, '-' and '_'" if kind == "http" else "printable characters without spaces"
        errors.append(f"name {name!r} is not a valid {kind} namespace name: 1 to 1024 {allowed}")
    if kind == "http" and params.get("vpc"):
        errors.append("vpc applies only to type=private_dns: an HTTP namespace has no VPC")
    if kind == "private_dns" and params["state"] == "present" and not params.get("vpc"):
        errors.append("vpc is required for type=private_dns: give the ID of the VPC whose DNS resolves the namespace")
    if params.get("vpc") and not params["vpc"].startswith("vpc-"):
        errors.append(f"vpc {params['vpc']!r} is not a VPC ID (vpc-...)")
    if len(params.get("description") or "") > MAX_DESCRIPTION:
        errors.append(f"description has more than {MAX_DESCRIPTION} characters")
    if params["wait_timeout"] < 0:
        errors.append("wait_timeout must be 0 or more seconds")
    return errors


def settings(view: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """What the module manages of a namespace, for the diff; {} for none."""
    if not view:
        return {}
    return {key: view.get(key) for key in ("name", "type", "description", "vpc", "tags")}


def desired_view(params: Dict[str, Any], current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The namespace the options describe, on top of the existing one (or a new one)."""
    base = dict(current or {"name": params["name"], "type": API_TYPES[params["type"]], "description": "", "vpc": params.get("vpc"), "tags": {}})
    if params.get("description") is not None:
        base["description"] = params["description"]
    base["tags"] = tags_after(base["tags"], params.get("tags"), params["purge_tags"])
    return base


def immutable_errors(current: Dict[str, Any], params: Dict[str, Any]) -> List[str]:
    if params["type"] == "private_dns" and current.get("vpc") != params.get("vpc"):
        return [
            f"vpc cannot change: namespace {current['name']} ({current['id']}) is in {current.get('vpc')}, not {params.get('vpc')}. "
            "Delete the namespace (and its services) to move it to another VPC"
        ]
    return []


class NamespaceManager:
    """Brings the namespace named by the options to the state they describe."""

    def __init__(self, module: Any, client: Any, route53: Any) -> None:
        self.module = module
        self.client = client
        self.route53 = route53
        self.params = module.params
        self.name = module.params["name"]

    def fail(self, error: Exception, msg: str) -> None:
        self.module.fail_json_aws(error, msg=msg)

    def vpc_of(self, namespace: Dict[str, Any]) -> Optional[str]:
        zone_id = ((namespace.get("Properties") or {}).get("DnsProperties") or {}).get("HostedZoneId")
        if namespace["Type"] != "DNS_PRIVATE" or not zone_id:
            return None
        vpcs = self.route53.get_hosted_zone(aws_retry=True, Id=zone_id).get("VPCs") or []
        return vpcs[0]["VPCId"] if vpcs else None

    def read(self, namespace_id: str) -> Optional[Dict[str, Any]]:
        namespace = get_namespace(self.client, namespace_id)
        if namespace is None:
            return None
        return namespace_view(namespace, get_tags(self.client, namespace["Arn"]), self.vpc_of(namespace))

    def find(self) -> Optional[Dict[str, Any]]:
        """The namespace of this name and type (in the VPC asked for, when several share the name)."""
        try:
            found = [self.read(summary["Id"]) for summary in list_namespaces(self.client, self.name, API_TYPES[self.params["type"]])]
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, f"Failed to look up namespace {self.name}")
        found = [namespace for namespace in found if namespace is not None]
        in_vpc = [namespace for namespace in found if namespace.get("vpc") == self.params.get("vpc")]
        if in_vpc or not self.params.get("vpc"):
            return (in_vpc or found or [None])[0]
        return found[0] if len(found) == 1 else None

    def wait(self, operation_id: str, what: str) -> Dict[str, Any]:
        timeout = self.params["wait_timeout"] if self.params["wait"] else 0
        try:
            return wait_for_operation(self.client, operation_id, timeout)
        except OperationFailed as e:
            self.module.fail_json(msg=f"Cloud Map could not {what} namespace {self.name}: {e}", operation_id=operation_id)
        except OperationTimedOut as e:
            self.module.fail_json(msg=f"Timed out waiting to {what} namespace {self.name}: {e}", operation_id=operation_id)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, f"Failed to read the operation that should {what} namespace {self.name}")

    def ensure_present(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if current is not None:
            errors = immutable_errors(current, self.params)
            if errors:
                self.module.fail_json(msg=" ".join(errors), errors=errors)
        desired = desired_view(self.params, current)
        if current is None:
            return self.create(desired)
        if settings(current) == settings(desired):
            return self.result(False, current, current)
        if self.module.check_mode:
            return self.result(True, current, desired)
        return self.update(current, desired)

    def create(self, desired: Dict[str, Any]) -> Dict[str, Any]:
        if self.module.check_mode:
            return self.result(True, None, desired)
        request = {"Name": self.name, "CreatorRequestId": str(uuid.uuid4()), "Tags": [{"Key": k, "Value": v} for k, v in desired["tags"].items()]}
        if self.params.get("description") is not None:
            request["Description"] = self.params["description"]
        try:
            if self.params["type"] == "http":
                operation_id = self.client.create_http_namespace(aws_retry=True, **request)["OperationId"]
            else:
                operation_id = self.client.create_private_dns_namespace(aws_retry=True, Vpc=self.params["vpc"], **request)["OperationId"]
        except is_boto3_error_code("NamespaceAlreadyExists") as e:
            current = self.find()  # made since the lookup: by a retried create, or another run
            if current is None:
                self.fail(e, f"Cloud Map answered that namespace {self.name} exists, but none of that name and type was found")
            return self.ensure_present(current)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.fail(e, f"Failed to create namespace {self.name}")
        operation = self.wait(operation_id, "create")
        created = self.read(operation["Targets"]["NAMESPACE"]) if operation.get("Status") == "SUCCESS" else None
        return dict(self.result(True, None, created or desired), operation_id=operation_id)

    def update(self, current: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
        answer: Dict[str, Any] = {}
        try:
            if desired["description"] != current["description"]:
                change = {"Description": desired["description"]}
                if current["type"] == "HTTP":
                    operation_id = self.client.update_http_namespace(aws_retry=True, Id=current["id"], Namespace=change)["OperationId"]
                else:
                    operation_id = self.client.update_private_dns_namespace(aws_retry=True, Id=current["id"], Namespace=change)["OperationId"]
                self.wait(operation_id, "update")
                answer["operation_id"] = operation_id
            apply_tags(self.client, current["arn"], *tag_changes(current["tags"], self.params.get("tags"), self.params["purge_tags"]))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, f"Failed to update namespace {self.name} ({current['id']})")
        return dict(self.result(True, current, self.read(current["id"]) or desired), **answer)

    def ensure_absent(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if current is None:
            return self.with_diff({"changed": False}, None, None)
        try:
            services = list_services(self.client, current["id"])
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, f"Failed to list the services of namespace {self.name} ({current['id']})")
        if services:
            names = ", ".join(sorted(f"{s['Name']} ({s['Id']})" for s in services))
            self.module.fail_json(msg=f"Cannot delete namespace {self.name} ({current['id']}): it still holds services {names}. Delete them first")
        answer: Dict[str, Any] = {"changed": True}
        if not self.module.check_mode:
            try:
                operation_id = self.client.delete_namespace(aws_retry=True, Id=current["id"])["OperationId"]
            except is_boto3_error_code("NamespaceNotFound"):
                return self.with_diff({"changed": False}, None, None)  # deleted by someone else since the lookup
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
                self.fail(e, f"Failed to delete namespace {self.name} ({current['id']})")
            self.wait(operation_id, "delete")
            answer["operation_id"] = operation_id
        return self.with_diff(answer, current, None)

    def result(self, changed: bool, before: Optional[Dict[str, Any]], after: Dict[str, Any]) -> Dict[str, Any]:
        return self.with_diff({"changed": changed, "namespace": after}, before, after)

    def with_diff(self, answer: Dict[str, Any], before: Optional[Dict[str, Any]], after: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if self.module._diff:
            answer["diff"] = {"before": settings(before), "after": settings(after)}
        return answer


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    manager = NamespaceManager(module, module.client("servicediscovery", retry_decorator=retrying()), module.client("route53", retry_decorator=retrying()))
    current = manager.find()
    if module.params["state"] == "present":
        result = manager.ensure_present(current)
    else:
        result = manager.ensure_absent(current)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
