"""AWS Cloud Map (servicediscovery) fidelity fixes for moto 5.2.5 (moto/servicediscovery).

What AWS does, per the Cloud Map API reference and botocore's model (2017-03-14):

- ListNamespaces and ListServices apply ``Filters`` (namespaces by ``TYPE``, ``NAME``,
  ``HTTP_NAME``; services by ``NAMESPACE_ID``; conditions ``EQ``, ``IN``, ``BEGINS_WITH``)
  and page with ``MaxResults``/``NextToken``; services are summarized with
  ``InstanceCount``;
- CreatePrivateDnsNamespace makes a private hosted zone named as the namespace and
  associated with the VPC; several namespaces may share a VPC, but a name already used
  in that VPC (or an HTTP namespace name already used) is ``NamespaceAlreadyExists``;
  every namespace answers ``HttpProperties.HttpName``, its name;
- DeleteNamespace refuses a namespace that still holds services (``ResourceInUse``) and
  deletes a DNS namespace's hosted zone with it;
- CreateService refuses an unknown namespace (``NamespaceNotFound``) and a name the
  namespace already has (``ServiceAlreadyExists``, with the existing service's id and ARN);
  GetService answers ``InstanceCount`` and the service ``Type``;
- DeleteService refuses a service that still has registered instances (``ResourceInUse``)
  and an unknown service (``ServiceNotFound``).
"""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

DNS_TYPES = ("DNS_PRIVATE", "DNS_PUBLIC")


def _error(code: str, message: str, status: int = 400, **members: str) -> Exception:
    """A Cloud Map error with the model's code, HTTP status and extra members."""
    from moto.core.exceptions import JsonRESTError

    error = JsonRESTError(code, message)
    error.code = status
    if members:
        body = json.loads(error.description)
        body.update(members)
        error.description = json.dumps(body)
    return error


def matches(value: str | None, condition: str, values: list[str]) -> bool:
    """Whether a value passes one Cloud Map filter (EQ is the default condition)."""
    if value is None:
        return False
    if condition == "IN":
        return value in values
    if condition == "BEGINS_WITH":
        return any(value.startswith(prefix) for prefix in values)
    if condition == "EQ":
        if len(values) != 1:
            raise _error("InvalidInput", "The EQ condition takes exactly one value.")
        return value == values[0]
    raise _error("InvalidInput", f"Condition {condition} is not supported for this filter.")


def apply_filters(items: list[Any], filters: list[dict[str, Any]] | None, attributes: dict[str, Any]) -> list[Any]:
    """The items passing every filter; attributes maps a filter name to a function of an item."""
    for entry in filters or []:
        name = entry.get("Name")
        if name not in attributes:
            raise _error("InvalidInput", f"Filter {name} is not supported.")
        read = attributes[name]
        items = [item for item in items if matches(read(item), entry.get("Condition") or "EQ", entry.get("Values") or [])]
    return items


def page(items: list[Any], max_results: int | None, next_token: str | None) -> tuple[list[Any], str | None]:
    """One page and the NextToken of the next (None on the last); the token is the index of the next item."""
    if next_token and not next_token.isdigit():
        raise _error("InvalidInput", "The NextToken is not valid.")
    start = int(next_token or 0)
    size = max_results or 100
    end = start + size
    return items[start:end], (str(end) if end < len(items) else None)


def _paged(params: dict[str, Any], key: str, answers: list[dict[str, Any]]) -> str:
    chunk, token = page(answers, params.get("MaxResults"), params.get("NextToken"))
    body: dict[str, Any] = {key: chunk}
    if token:
        body["NextToken"] = token
    return json.dumps(body)


def _route53(backend: Any) -> Any:
    from moto.route53 import route53_backends
    from moto.utilities.utils import get_partition

    return route53_backends[backend.account_id][get_partition(backend.region_name)]


def _namespace_json(namespace: Any) -> dict[str, Any]:
    answer = namespace.to_json()
    answer["Properties"]["HttpProperties"] = {"HttpName": namespace.name}
    if namespace.type in DNS_TYPES:
        answer["Properties"]["DnsProperties"] = {key: value for key, value in namespace.dns_properties.items() if key != "SOA" or value}
    return {key: value for key, value in answer.items() if value is not None}


def _service_json(backend: Any, service: Any) -> dict[str, Any]:
    answer = service.to_json()
    answer["InstanceCount"] = len(service.instances)
    if not service.service_type:
        namespace = backend.namespaces.get(service.namespace_id)
        answer["Type"] = "DNS_HTTP" if namespace is not None and namespace.type in DNS_TYPES else "HTTP"
    return {key: value for key, value in answer.items() if value is not None}


def _already_exists(namespace: Any) -> Exception:
    return _error(
        "NamespaceAlreadyExists",
        f"Namespace {namespace.name} already exists.",
        CreatorRequestId=namespace.creator_request_id or "",
        NamespaceId=namespace.id,
    )


@fix(
    "servicediscovery",
    "ListNamespaces",
    "moto ignored Filters, MaxResults and NextToken (every namespace of the region answered, whatever its type or name), "
    "answered a private DNS namespace without HttpName and its hosted zone id as /hostedzone/<id>. AWS filters, pages, "
    "and answers HttpProperties.HttpName and the bare hosted zone id.",
)
def list_namespaces_filters_and_pages() -> None:
    from moto.servicediscovery.responses import ServiceDiscoveryResponse

    attributes = {"TYPE": lambda ns: ns.type, "NAME": lambda ns: ns.name, "HTTP_NAME": lambda ns: ns.name}

    def list_namespaces(self: ServiceDiscoveryResponse) -> str:
        params = json.loads(self.body or "{}")
        namespaces = apply_filters(list(self.servicediscovery_backend.list_namespaces()), params.get("Filters"), attributes)
        return _paged(params, "Namespaces", [_namespace_json(ns) for ns in namespaces])

    def get_namespace(self: ServiceDiscoveryResponse) -> str:
        namespace = self.servicediscovery_backend.get_namespace(namespace_id=json.loads(self.body)["Id"])
        return json.dumps({"Namespace": _namespace_json(namespace)})

    ServiceDiscoveryResponse.list_namespaces = list_namespaces  # type: ignore[method-assign]
    ServiceDiscoveryResponse.get_namespace = get_namespace  # type: ignore[method-assign]


@fix(
    "servicediscovery",
    "CreatePrivateDnsNamespace",
    "moto refused a second namespace in a VPC whatever its name (ConflictingDomainExists), made its hosted zone as "
    "'<name>-hz' outside the VPC and accepted a name the VPC already had. AWS lets namespaces of other names share the VPC, "
    "names the private hosted zone as the namespace, associates it with the VPC, and answers NamespaceAlreadyExists for a taken name.",
)
def create_private_dns_namespace_as_aws_does() -> None:
    from moto.servicediscovery.models import Namespace
    from moto.servicediscovery.models import ServiceDiscoveryBackend

    def create_private_dns_namespace(
        self: ServiceDiscoveryBackend,
        name: str,
        creator_request_id: str,
        description: str,
        vpc: str,
        tags: list[dict[str, str]],
        properties: dict[str, Any],
    ) -> str:
        for existing in self.namespaces.values():
            if existing.name == name and existing.vpc == vpc:
                raise _already_exists(existing)
        zone = _route53(self).create_hosted_zone(
            f"{name.rstrip('.')}.", private_zone=True, vpcid=vpc, vpcregion=self.region_name, comment=f"Created by AWS Cloud Map namespace {name}"
        )
        dns_properties = dict((properties or {}).get("DnsProperties") or {}, HostedZoneId=zone.id.replace("/hostedzone/", ""))
        namespace = Namespace(
            account_id=self.account_id,
            region=self.region_name,
            name=name,
            ns_type="DNS_PRIVATE",
            creator_request_id=creator_request_id,
            description=description,
            dns_properties=dns_properties,
            http_properties={"HttpName": name},
            vpc=vpc,
        )
        self.namespaces[namespace.id] = namespace
        if tags:
            self.tagger.tag_resource(namespace.arn, tags)
        return self._create_operation("CREATE_NAMESPACE", targets={"NAMESPACE": namespace.id})

    ServiceDiscoveryBackend.create_private_dns_namespace = create_private_dns_namespace  # type: ignore[method-assign]


@fix(
    "servicediscovery",
    "CreateHttpNamespace",
    "moto made a second HTTP namespace with a name already taken. AWS answers NamespaceAlreadyExists with the existing namespace's id.",
)
def create_http_namespace_refuses_a_taken_name() -> None:
    from moto.servicediscovery.models import ServiceDiscoveryBackend

    original = ServiceDiscoveryBackend.create_http_namespace

    @wraps(original)
    def create_http_namespace(self: ServiceDiscoveryBackend, name: str, *args: Any, **kwargs: Any) -> str:
        for existing in self.namespaces.values():
            if existing.name == name and existing.type == "HTTP":
                raise _already_exists(existing)
        return original(self, name, *args, **kwargs)

    ServiceDiscoveryBackend.create_http_namespace = create_http_namespace  # type: ignore[method-assign]


@fix(
    "servicediscovery",
    "DeleteNamespace",
    "moto deleted a namespace that still held services (they stayed behind, in no namespace) and left its hosted zone. "
    "AWS answers ResourceInUse while the namespace has services, and deletes a DNS namespace's hosted zone with it.",
)
def delete_namespace_refuses_one_with_services() -> None:
    from moto.servicediscovery.models import ServiceDiscoveryBackend

    original = ServiceDiscoveryBackend.delete_namespace

    @wraps(original)
    def delete_namespace(self: ServiceDiscoveryBackend, namespace_id: str) -> str:
        namespace = self.get_namespace(namespace_id)
        if any(service.namespace_id == namespace_id for service in self.services.values()):
            raise _error("ResourceInUse", f"Namespace {namespace_id} has associated services, delete the services before deleting the namespace.", 409)
        operation = original(self, namespace_id)
        zone_id = namespace.dns_properties.get("HostedZoneId") if namespace.type in DNS_TYPES else None
        if zone_id:
            _route53(self).zones.pop(zone_id.replace("/hostedzone/", ""), None)
        return operation

    ServiceDiscoveryBackend.delete_namespace = delete_namespace  # type: ignore[method-assign]


@fix(
    "servicediscovery",
    "ListServices",
    "moto ignored Filters, MaxResults and NextToken (the services of every namespace answered) and left InstanceCount out. "
    "AWS filters by NAMESPACE_ID, pages, and summarizes each service with its InstanceCount.",
)
def list_services_filters_and_pages() -> None:
    from moto.servicediscovery.responses import ServiceDiscoveryResponse

    attributes = {"NAMESPACE_ID": lambda service: service.namespace_id}

    def list_services(self: ServiceDiscoveryResponse) -> str:
        params = json.loads(self.body or "{}")
        backend = self.servicediscovery_backend
        services = apply_filters(list(backend.list_services()), params.get("Filters"), attributes)
        return _paged(params, "Services", [_service_json(backend, service) for service in services])

    ServiceDiscoveryResponse.list_services = list_services  # type: ignore[method-assign]


@fix(
    "servicediscovery",
    "CreateService",
    "moto created a service in a namespace that does not exist, and a second service of a name the namespace already had. "
    "AWS answers NamespaceNotFound, and ServiceAlreadyExists with the existing service's id and ARN.",
)
def create_service_checks_the_namespace() -> None:
    from moto.servicediscovery.models import ServiceDiscoveryBackend

    original = ServiceDiscoveryBackend.create_service

    @wraps(original)
    def create_service(self: ServiceDiscoveryBackend, name: str, namespace_id: str, *args: Any, **kwargs: Any) -> Any:
        self.get_namespace(namespace_id)
        for existing in self.services.values():
            if existing.namespace_id == namespace_id and existing.name.lower() == name.lower():
                raise _error(
                    "ServiceAlreadyExists",
                    f"Service {name} already exists.",
                    CreatorRequestId=existing.creator_request_id or "",
                    ServiceId=existing.id,
                    ServiceArn=existing.arn,
                )
        return original(self, name, namespace_id, *args, **kwargs)

    ServiceDiscoveryBackend.create_service = create_service  # type: ignore[method-assign]


@fix(
    "servicediscovery",
    "GetService",
    "moto left InstanceCount out and answered no Type for a service created without one. AWS answers the number of registered "
    "instances and the type (DNS_HTTP in a DNS namespace, HTTP in an HTTP namespace).",
)
def get_service_answers_instance_count() -> None:
    from moto.servicediscovery.responses import ServiceDiscoveryResponse

    def get_service(self: ServiceDiscoveryResponse) -> str:
        backend = self.servicediscovery_backend
        service = backend.get_service(service_id=json.loads(self.body)["Id"])
        return json.dumps({"Service": _service_json(backend, service)})

    ServiceDiscoveryResponse.get_service = get_service  # type: ignore[method-assign]


@fix(
    "servicediscovery",
    "DeleteService",
    "moto deleted a service that still had registered instances, and answered success for a service that does not exist. "
    "AWS answers ResourceInUse while instances are registered, and ServiceNotFound.",
)
def delete_service_refuses_one_with_instances() -> None:
    from moto.servicediscovery.models import ServiceDiscoveryBackend

    original = ServiceDiscoveryBackend.delete_service

    @wraps(original)
    def delete_service(self: ServiceDiscoveryBackend, service_id: str) -> None:
        service = self.get_service(service_id)
        if service.instances:
            raise _error("ResourceInUse", f"Service {service_id} has {len(service.instances)} registered instances; deregister them first.", 409)
        original(self, service_id)

    ServiceDiscoveryBackend.delete_service = delete_service  # type: ignore[method-assign]
