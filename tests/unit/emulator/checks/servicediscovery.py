"""Checks of the Cloud Map fixes (tools/emulator/webstack_emulator/extensions/servicediscovery.py)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check


def vpc(aws: Emulator, cidr: str = "10.40.0.0/16") -> str:
    return aws.client("ec2").create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]


def private_namespace(aws: Emulator, name: str, vpc_id: str) -> str:
    """The id of a new private DNS namespace."""
    sd = aws.client("servicediscovery")
    operation = sd.create_private_dns_namespace(Name=name, Vpc=vpc_id)["OperationId"]
    return sd.get_operation(OperationId=operation)["Operation"]["Targets"]["NAMESPACE"]


def http_namespace(aws: Emulator, name: str) -> str:
    sd = aws.client("servicediscovery")
    operation = sd.create_http_namespace(Name=name)["OperationId"]
    return sd.get_operation(OperationId=operation)["Operation"]["Targets"]["NAMESPACE"]


def service(aws: Emulator, name: str, namespace_id: str) -> dict[str, Any]:
    dns = {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 10}]}
    return aws.client("servicediscovery").create_service(Name=name, NamespaceId=namespace_id, DnsConfig=dns)["Service"]


def error_code(error: pytest.ExceptionInfo[ClientError]) -> str:
    return error.value.response["Error"]["Code"]


@check("servicediscovery", "ListNamespaces")
def namespaces_filter_by_type_and_name_in_pages(aws: Emulator) -> dict[str, Any]:
    sd = aws.client("servicediscovery")
    private = private_namespace(aws, "internal.local", vpc(aws))
    http_namespace(aws, "apps")
    http_namespace(aws, "apps-two")
    response = sd.list_namespaces(Filters=[{"Name": "TYPE", "Values": ["DNS_PRIVATE"]}, {"Name": "NAME", "Values": ["internal.local"]}])
    [namespace] = response["Namespaces"]
    assert namespace["Id"] == private
    assert namespace["Properties"]["HttpProperties"] == {"HttpName": "internal.local"}
    assert not namespace["Properties"]["DnsProperties"]["HostedZoneId"].startswith("/")
    first = sd.list_namespaces(MaxResults=2, Filters=[{"Name": "TYPE", "Values": ["HTTP", "DNS_PRIVATE"], "Condition": "IN"}])
    assert len(first["Namespaces"]) == 2 and first["NextToken"]
    rest = sd.list_namespaces(MaxResults=2, NextToken=first["NextToken"], Filters=[{"Name": "TYPE", "Values": ["HTTP", "DNS_PRIVATE"], "Condition": "IN"}])
    assert len(rest["Namespaces"]) == 1 and "NextToken" not in rest
    return response


@check("servicediscovery", "CreatePrivateDnsNamespace")
def namespaces_share_a_vpc_under_their_own_names(aws: Emulator) -> dict[str, Any]:
    sd = aws.client("servicediscovery")
    vpc_id = vpc(aws)
    private_namespace(aws, "internal.local", vpc_id)
    response = sd.create_private_dns_namespace(Name="other.local", Vpc=vpc_id)
    namespace_id = sd.get_operation(OperationId=response["OperationId"])["Operation"]["Targets"]["NAMESPACE"]
    zone_id = sd.get_namespace(Id=namespace_id)["Namespace"]["Properties"]["DnsProperties"]["HostedZoneId"]
    zone = aws.client("route53").get_hosted_zone(Id=zone_id)
    assert zone["HostedZone"]["Name"] == "other.local." and zone["HostedZone"]["Config"]["PrivateZone"]
    assert [v["VPCId"] for v in zone["VPCs"]] == [vpc_id]
    with pytest.raises(ClientError) as error:
        sd.create_private_dns_namespace(Name="other.local", Vpc=vpc_id)
    assert error_code(error) == "NamespaceAlreadyExists"
    assert error.value.response["NamespaceId"] == namespace_id
    return response


@check("servicediscovery", "CreateHttpNamespace")
def an_http_namespace_name_is_taken_once(aws: Emulator) -> dict[str, Any]:
    sd = aws.client("servicediscovery")
    response = sd.create_http_namespace(Name="apps")
    with pytest.raises(ClientError) as error:
        sd.create_http_namespace(Name="apps")
    assert error_code(error) == "NamespaceAlreadyExists"
    assert len(sd.list_namespaces()["Namespaces"]) == 1
    return response


@check("servicediscovery", "DeleteNamespace")
def a_namespace_with_services_stays(aws: Emulator) -> dict[str, Any]:
    sd = aws.client("servicediscovery")
    namespace_id = private_namespace(aws, "internal.local", vpc(aws))
    zone_id = sd.get_namespace(Id=namespace_id)["Namespace"]["Properties"]["DnsProperties"]["HostedZoneId"]
    api = service(aws, "api", namespace_id)
    with pytest.raises(ClientError) as error:
        sd.delete_namespace(Id=namespace_id)
    assert error_code(error) == "ResourceInUse"
    sd.delete_service(Id=api["Id"])
    response = sd.delete_namespace(Id=namespace_id)
    assert sd.list_namespaces()["Namespaces"] == []
    assert zone_id not in [zone["Id"].split("/")[-1] for zone in aws.client("route53").list_hosted_zones()["HostedZones"]]
    return response


@check("servicediscovery", "ListServices")
def services_filter_by_namespace(aws: Emulator) -> dict[str, Any]:
    sd = aws.client("servicediscovery")
    first = private_namespace(aws, "internal.local", vpc(aws))
    second = private_namespace(aws, "other.local", vpc(aws, "10.41.0.0/16"))
    api = service(aws, "api", first)
    service(aws, "api", second)
    response = sd.list_services(Filters=[{"Name": "NAMESPACE_ID", "Values": [first], "Condition": "EQ"}])
    assert [(s["Id"], s["InstanceCount"]) for s in response["Services"]] == [(api["Id"], 0)]
    return response


@check("servicediscovery", "CreateService")
def a_service_name_is_taken_once_per_namespace(aws: Emulator) -> dict[str, Any]:
    sd = aws.client("servicediscovery")
    namespace_id = private_namespace(aws, "internal.local", vpc(aws))
    dns = {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 10}]}
    response = sd.create_service(Name="api", NamespaceId=namespace_id, DnsConfig=dns)
    with pytest.raises(ClientError) as error:
        sd.create_service(Name="api", NamespaceId=namespace_id, DnsConfig=dns)
    assert error_code(error) == "ServiceAlreadyExists"
    assert error.value.response["ServiceId"] == response["Service"]["Id"]
    with pytest.raises(ClientError) as error:
        sd.create_service(Name="api", NamespaceId="ns-doesnotexist000000", DnsConfig=dns)
    assert error_code(error) == "NamespaceNotFound"
    return response


@check("servicediscovery", "GetService")
def a_service_counts_its_instances(aws: Emulator) -> dict[str, Any]:
    sd = aws.client("servicediscovery")
    api = service(aws, "api", private_namespace(aws, "internal.local", vpc(aws)))
    sd.register_instance(ServiceId=api["Id"], InstanceId="task-1", Attributes={"AWS_INSTANCE_IPV4": "10.40.1.10"})
    response = sd.get_service(Id=api["Id"])
    assert (response["Service"]["InstanceCount"], response["Service"]["Type"]) == (1, "DNS_HTTP")
    return response


@check("servicediscovery", "DeleteService")
def a_service_with_instances_stays(aws: Emulator) -> dict[str, Any]:
    sd = aws.client("servicediscovery")
    api = service(aws, "api", private_namespace(aws, "internal.local", vpc(aws)))
    sd.register_instance(ServiceId=api["Id"], InstanceId="task-1", Attributes={"AWS_INSTANCE_IPV4": "10.40.1.10"})
    with pytest.raises(ClientError) as error:
        sd.delete_service(Id=api["Id"])
    assert error_code(error) == "ResourceInUse"
    sd.deregister_instance(ServiceId=api["Id"], InstanceId="task-1")
    response = sd.delete_service(Id=api["Id"])
    with pytest.raises(ClientError) as error:
        sd.delete_service(Id=api["Id"])
    assert error_code(error) == "ServiceNotFound"
    return response
