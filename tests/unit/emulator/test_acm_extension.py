"""The behaviour around the ACM fixes: DNS validation through Route 53, requests kept as asked, listing, users, deletion."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.acm import ZONE
from tests.unit.emulator.checks.acm import describe
from tests.unit.emulator.checks.acm import issued
from tests.unit.emulator.checks.acm import load_balancer_using
from tests.unit.emulator.checks.acm import request
from tests.unit.emulator.checks.acm import write_validation_records


def records(aws: Emulator, arn: str) -> dict[str, tuple[str, str]]:
    return {
        option["DomainName"]: (option["ResourceRecord"]["Name"], option["ResourceRecord"]["Value"]) for option in describe(aws, arn)["DomainValidationOptions"]
    }


# --- DNS validation -----------------------------------------------------------------------


def test_a_dns_certificate_stays_pending_without_its_records(aws: Emulator) -> None:
    arn = request(aws)
    describe(aws, arn)
    assert describe(aws, arn)["Status"] == "PENDING_VALIDATION"
    assert aws.client("acm").list_certificates(CertificateStatuses=["PENDING_VALIDATION"])["CertificateSummaryList"][0]["CertificateArn"] == arn


def test_every_domain_needs_its_record(aws: Emulator) -> None:
    arn = request(aws, SubjectAlternativeNames=[f"api.{ZONE}"])
    write_validation_records(aws, arn, only=1)
    assert describe(aws, arn)["Status"] == "PENDING_VALIDATION"
    write_validation_records(aws, arn)
    assert describe(aws, arn)["Status"] == "ISSUED"


def test_a_record_with_another_value_does_not_validate(aws: Emulator) -> None:
    arn = request(aws)
    [name] = [record[0] for record in records(aws, arn).values()]
    route53 = aws.client("route53")
    zone = route53.create_hosted_zone(Name=ZONE, CallerReference="zone")["HostedZone"]["Id"]
    change = {"Action": "CREATE", "ResourceRecordSet": {"Name": name, "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": "elsewhere.example.net."}]}}
    route53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [change]})
    assert describe(aws, arn)["Status"] == "PENDING_VALIDATION"


def test_a_private_zone_does_not_validate(aws: Emulator) -> None:
    arn = request(aws)
    write_validation_records(aws, arn, private=True)
    assert describe(aws, arn)["Status"] == "PENDING_VALIDATION"


def test_a_wildcard_shares_its_base_domains_record(aws: Emulator) -> None:
    arn = request(aws, f"*.{ZONE}", SubjectAlternativeNames=[ZONE])
    found = records(aws, arn)
    assert found[f"*.{ZONE}"] == found[ZONE]
    assert found[ZONE][0].endswith(f".{ZONE}.") and found[ZONE][1].endswith(".acm-validations.aws.")


def test_the_record_of_a_domain_is_the_same_for_each_certificate(aws: Emulator) -> None:
    first = request(aws)
    write_validation_records(aws, first)
    second = request(aws, KeyAlgorithm="EC_prime256v1")
    assert records(aws, first) == records(aws, second)
    assert records(aws, request(aws, f"api.{ZONE}"))[f"api.{ZONE}"] != records(aws, first)[f"www.{ZONE}"]
    assert describe(aws, second)["Status"] == "ISSUED"


def test_dates_are_answered_once_issued(aws: Emulator) -> None:
    arn = request(aws)
    pending = describe(aws, arn)
    assert not {"NotBefore", "NotAfter", "IssuedAt", "Serial"} & set(pending)
    write_validation_records(aws, arn)
    assert {"NotBefore", "NotAfter", "IssuedAt", "Serial"} <= set(describe(aws, arn))


def test_email_validation_names_the_addresses_and_no_record(aws: Emulator) -> None:
    arn = aws.client("acm").request_certificate(DomainName=f"*.{ZONE}")["CertificateArn"]
    [option] = describe(aws, arn)["DomainValidationOptions"]
    assert option["ValidationMethod"] == "EMAIL"
    assert "ResourceRecord" not in option
    assert option["ValidationEmails"][0] == f"admin@{ZONE}"


# --- requests -------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["RSA_2048", "EC_prime256v1", "EC_secp384r1"])
def test_the_key_algorithm_is_kept(aws: Emulator, algorithm: str) -> None:
    arn = request(aws, KeyAlgorithm=algorithm, SubjectAlternativeNames=[ZONE])
    detail = describe(aws, arn)
    assert detail["KeyAlgorithm"] == algorithm
    assert detail["SubjectAlternativeNames"] == [f"www.{ZONE}", ZONE]


def test_a_token_answers_the_same_certificate_even_once_deleted(aws: Emulator) -> None:
    acm = aws.client("acm")
    arn = request(aws, IdempotencyToken="abc")
    assert request(aws, IdempotencyToken="abc") == arn
    acm.delete_certificate(CertificateArn=arn)
    assert request(aws, IdempotencyToken="abc") == arn
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        acm.describe_certificate(CertificateArn=arn)
    assert request(aws, IdempotencyToken="abd") != arn


def test_options_are_kept_and_updated(aws: Emulator) -> None:
    acm = aws.client("acm")
    arn = request(aws, Options={"CertificateTransparencyLoggingPreference": "DISABLED"})
    assert describe(aws, arn)["Options"]["CertificateTransparencyLoggingPreference"] == "DISABLED"
    acm.update_certificate_options(CertificateArn=arn, Options={"CertificateTransparencyLoggingPreference": "ENABLED"})
    assert describe(aws, arn)["Options"]["CertificateTransparencyLoggingPreference"] == "ENABLED"
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        acm.update_certificate_options(CertificateArn=arn[:-4] + "0000", Options={"CertificateTransparencyLoggingPreference": "ENABLED"})


# --- listing --------------------------------------------------------------------------------


def listed(aws: Emulator, **params: Any) -> list[str]:
    return [summary["CertificateArn"] for summary in aws.client("acm").list_certificates(**params)["CertificateSummaryList"]]


def test_ecdsa_certificates_are_listed_only_when_asked(aws: Emulator) -> None:
    rsa = request(aws)
    ec = request(aws, f"ec.{ZONE}", KeyAlgorithm="EC_prime256v1")
    assert listed(aws) == [rsa]
    assert listed(aws, Includes={"keyTypes": ["EC_prime256v1"]}) == [ec]
    assert listed(aws, Includes={"keyTypes": ["RSA_2048", "EC_prime256v1"]}) == [rsa, ec]


def test_statuses_filter_the_list(aws: Emulator) -> None:
    done = issued(aws)
    pending = request(aws, f"api.{ZONE}")
    assert listed(aws, CertificateStatuses=["ISSUED"]) == [done]
    assert listed(aws, CertificateStatuses=["PENDING_VALIDATION"]) == [pending]


def test_a_paginator_reads_every_page(aws: Emulator) -> None:
    made = [request(aws, f"site{n}.{ZONE}") for n in range(5)]
    pages = list(aws.client("acm").get_paginator("list_certificates").paginate(PaginationConfig={"PageSize": 2}))
    assert [len(page["CertificateSummaryList"]) for page in pages] == [2, 2, 1]
    assert [summary["CertificateArn"] for page in pages for summary in page["CertificateSummaryList"]] == made


def test_a_bad_next_token_is_refused(aws: Emulator) -> None:
    with pytest.raises(ClientError, match="InvalidArgsException"):
        aws.client("acm").list_certificates(NextToken="not-a-token")


# --- users and deletion ------------------------------------------------------------------


def test_a_load_balancer_using_it_is_named_until_it_is_gone(aws: Emulator) -> None:
    arn = issued(aws)
    balancer = load_balancer_using(aws, arn)
    assert describe(aws, arn)["InUseBy"] == [balancer]
    assert aws.client("acm").list_certificates()["CertificateSummaryList"][0]["InUse"] is True
    aws.client("elbv2").delete_load_balancer(LoadBalancerArn=balancer)
    assert describe(aws, arn)["InUseBy"] == []


def test_a_distribution_using_it_is_named_and_blocks_deletion(aws: Emulator) -> None:
    arn = issued(aws, region="us-east-1")
    cloudfront = aws.client("cloudfront")
    origin = {"Id": "site", "DomainName": "site.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
    behavior = {
        "TargetOriginId": "site",
        "ViewerProtocolPolicy": "redirect-to-https",
        "MinTTL": 0,
        "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
    }
    config = {
        "CallerReference": "site",
        "Comment": "",
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": behavior,
        "ViewerCertificate": {"ACMCertificateArn": arn, "SSLSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1.2_2021"},
    }
    distribution = cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["ARN"]
    assert describe(aws, arn)["InUseBy"] == [distribution]
    with pytest.raises(ClientError, match="ResourceInUseException"):
        aws.client("acm", "us-east-1").delete_certificate(CertificateArn=arn)


def test_an_unused_certificate_is_deleted(aws: Emulator) -> None:
    arn = request(aws)
    aws.client("acm").delete_certificate(CertificateArn=arn)
    assert listed(aws) == []
