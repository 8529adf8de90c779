"""Checks of the Route 53 record fixes (tools/emulator/webstack_emulator/extensions/route53.py)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

ZONE = "demo.example.com"
CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2"


def make_zone(aws: Emulator, name: str = ZONE) -> str:
    return aws.client("route53").create_hosted_zone(Name=name, CallerReference=f"zone-{name}")["HostedZone"]["Id"]


def alias(name: str, record_type: str, dns_name: str, zone_id: str = CLOUDFRONT_ZONE) -> dict[str, Any]:
    return {"Name": name, "Type": record_type, "AliasTarget": {"HostedZoneId": zone_id, "DNSName": dns_name, "EvaluateTargetHealth": False}}


def cname(name: str, value: str, ttl: int = 300) -> dict[str, Any]:
    return {"Name": name, "Type": "CNAME", "TTL": ttl, "ResourceRecords": [{"Value": value}]}


def change(aws: Emulator, zone_id: str, *changes: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    batch = {"Changes": [{"Action": action, "ResourceRecordSet": record} for action, record in changes]}
    return aws.client("route53").change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch=batch)


def records(aws: Emulator, zone_id: str) -> list[dict[str, Any]]:
    """The zone's records other than its NS and SOA."""
    listed = aws.client("route53").list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    return [record for record in listed if record["Type"] not in ("NS", "SOA")]


def refusal(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return error.value.response["Error"]["Code"], error.value.response["Error"]["Message"]


@check("route53", "ChangeResourceRecordSets")
def alias_targets_read_back_fully_qualified_and_creates_do_not_overwrite(aws: Emulator) -> dict[str, Any]:
    zone_id = make_zone(aws)
    response = change(aws, zone_id, ("CREATE", alias(f"www.{ZONE}", "A", "D111111ABCDEF8.cloudfront.net")))
    assert records(aws, zone_id)[0]["AliasTarget"]["DNSName"] == "d111111abcdef8.cloudfront.net."
    with pytest.raises(ClientError) as error:
        change(aws, zone_id, ("CREATE", alias(f"www.{ZONE}.", "A", "other.cloudfront.net")))
    assert refusal(error) == ("InvalidChangeBatch", f"[Tried to create resource record set [name='www.{ZONE}.', type='A'] but it already exists]")
    assert len(records(aws, zone_id)) == 1
    return response


@check("route53", "GetChange")
def a_change_reads_back_by_its_id(aws: Emulator) -> dict[str, Any]:
    zone_id = make_zone(aws)
    made = change(aws, zone_id, ("UPSERT", cname(f"_x.{ZONE}", "_y.acm-validations.aws.")))["ChangeInfo"]
    response = aws.client("route53").get_change(Id=made["Id"])
    assert made["Status"] == "PENDING" and made["Id"].startswith("/change/C")
    assert (response["ChangeInfo"]["Id"], response["ChangeInfo"]["Status"], response["ChangeInfo"]["SubmittedAt"]) == (
        made["Id"],
        "INSYNC",
        made["SubmittedAt"],
    )
    return response
