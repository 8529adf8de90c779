"""Checks of the ACM fixes (tools/emulator/webstack_emulator/extensions/acm.py), and the helpers they share with the ACM tests."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

ZONE = "example.com"


def request(aws: Emulator, domain_name: str = f"www.{ZONE}", region: str | None = None, **params: Any) -> str:
    """A DNS-validated certificate request; its ARN."""
    acm = aws.client("acm", region) if region else aws.client("acm")
    return acm.request_certificate(DomainName=domain_name, ValidationMethod="DNS", **params)["CertificateArn"]


def describe(aws: Emulator, arn: str) -> dict[str, Any]:
    region = arn.split(":")[3]
    return aws.client("acm", region).describe_certificate(CertificateArn=arn)["Certificate"]


def hosted_zone(aws: Emulator, name: str = ZONE, private: bool = False) -> str:
    """The ID of the hosted zone named name, made when there is none."""
    route53 = aws.client("route53")
    for zone in route53.list_hosted_zones()["HostedZones"]:
        if zone["Name"] == f"{name}." and zone["Config"]["PrivateZone"] == private:
            return zone["Id"]
    params: dict[str, Any] = {"Name": name, "CallerReference": f"{name}-{private}"}
    if private:
        vpc = aws.client("ec2").create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
        params.update(VPC={"VPCRegion": "eu-west-1", "VPCId": vpc}, HostedZoneConfig={"Comment": "private", "PrivateZone": True})
    return route53.create_hosted_zone(**params)["HostedZone"]["Id"]


def write_validation_records(aws: Emulator, arn: str, zone: str = ZONE, private: bool = False, only: int | None = None) -> list[dict[str, str]]:
    """UPSERT the validation CNAME of each domain of the certificate (the first `only` ones) into the zone; the records written."""
    records = {option["ResourceRecord"]["Name"]: option["ResourceRecord"] for option in describe(aws, arn)["DomainValidationOptions"]}
    written = list(records.values())[:only]
    changes = [
        {"Action": "UPSERT", "ResourceRecordSet": {"Name": record["Name"], "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": record["Value"]}]}}
        for record in written
    ]
    aws.client("route53").change_resource_record_sets(HostedZoneId=hosted_zone(aws, zone, private), ChangeBatch={"Changes": changes})
    return written


def issued(aws: Emulator, domain_name: str = f"www.{ZONE}", **params: Any) -> str:
    """A certificate requested and validated through DNS: ISSUED on its next read without a latency profile."""
    arn = request(aws, domain_name, **params)
    write_validation_records(aws, arn)
    return arn


@check("acm", "RequestCertificate")
def a_request_keeps_its_key_algorithm(aws: Emulator) -> dict[str, Any]:
    acm = aws.client("acm")
    response = acm.request_certificate(DomainName=f"api.{ZONE}", ValidationMethod="DNS", KeyAlgorithm="EC_prime256v1", IdempotencyToken="check")
    assert describe(aws, response["CertificateArn"])["KeyAlgorithm"] == "EC_prime256v1"
    with pytest.raises(ClientError, match="InvalidParameterException"):
        acm.request_certificate(DomainName=f"api.{ZONE}", KeyAlgorithm="RSA_4096")
    return response


@check("acm", "DescribeCertificate")
def a_dns_certificate_is_issued_once_its_records_exist(aws: Emulator) -> dict[str, Any]:
    arn = request(aws, SubjectAlternativeNames=[f"*.{ZONE}", ZONE])
    pending = describe(aws, arn)
    assert pending["Status"] == "PENDING_VALIDATION"
    assert "NotAfter" not in pending
    assert [option["ValidationMethod"] for option in pending["DomainValidationOptions"]] == ["DNS"] * 3
    write_validation_records(aws, arn)
    response = aws.client("acm").describe_certificate(CertificateArn=arn)
    assert response["Certificate"]["Status"] == "ISSUED"
    assert {option["ValidationStatus"] for option in response["Certificate"]["DomainValidationOptions"]} == {"SUCCESS"}
    return response


@check("acm", "GetCertificate")
def an_issued_certificate_is_answered(aws: Emulator) -> dict[str, Any]:
    acm = aws.client("acm")
    with pytest.raises(ClientError, match="RequestInProgressException"):
        acm.get_certificate(CertificateArn=request(aws, f"pending.{ZONE}"))
    response = acm.get_certificate(CertificateArn=issued(aws))
    assert response["Certificate"].startswith("-----BEGIN CERTIFICATE-----")
    return response


@check("acm", "ListCertificates")
def listing_pages_and_keeps_to_rsa_by_default(aws: Emulator) -> dict[str, Any]:
    acm = aws.client("acm")
    rsa = [request(aws, f"site{n}.{ZONE}") for n in range(3)]
    request(aws, f"ec.{ZONE}", KeyAlgorithm="EC_secp384r1")
    first = acm.list_certificates(MaxItems=2)
    assert [summary["CertificateArn"] for summary in first["CertificateSummaryList"]] == rsa[:2]
    response = acm.list_certificates(MaxItems=2, NextToken=first["NextToken"])
    assert [summary["CertificateArn"] for summary in response["CertificateSummaryList"]] == rsa[2:]
    assert "NextToken" not in response
    assert response["CertificateSummaryList"][0]["SubjectAlternativeNameSummaries"] == [f"site2.{ZONE}"]
    return response


@check("acm", "DeleteCertificate")
def a_certificate_in_use_is_not_deleted(aws: Emulator) -> dict[str, Any]:
    arn = issued(aws)
    balancer = load_balancer_using(aws, arn)
    acm = aws.client("acm")
    with pytest.raises(ClientError, match="ResourceInUseException") as refused:
        acm.delete_certificate(CertificateArn=arn)
    assert balancer in refused.value.response["Error"]["Message"]
    aws.client("elbv2").delete_load_balancer(LoadBalancerArn=balancer)
    return acm.delete_certificate(CertificateArn=arn)


@check("acm", "UpdateCertificateOptions")
def options_change_in_place(aws: Emulator) -> dict[str, Any]:
    arn = request(aws)
    acm = aws.client("acm")
    response = acm.update_certificate_options(CertificateArn=arn, Options={"CertificateTransparencyLoggingPreference": "DISABLED"})
    assert describe(aws, arn)["Options"]["CertificateTransparencyLoggingPreference"] == "DISABLED"
    return response


def load_balancer_using(aws: Emulator, arn: str) -> str:
    """An ALB with an HTTPS listener on the certificate; the load balancer's ARN."""
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
    zones = [zone["ZoneName"] for zone in ec2.describe_availability_zones()["AvailabilityZones"][:2]]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.50.{n}.0/24", AvailabilityZone=zone)["Subnet"]["SubnetId"] for n, zone in enumerate(zones)]
    elbv2 = aws.client("elbv2")
    balancer = elbv2.create_load_balancer(Name="web", Subnets=subnets, Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
    elbv2.create_listener(
        LoadBalancerArn=balancer,
        Protocol="HTTPS",
        Port=443,
        Certificates=[{"CertificateArn": arn}],
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}],
    )
    return balancer
