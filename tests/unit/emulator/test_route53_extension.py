"""Route 53 records in the emulator: alias read-back, whole-batch checks of CREATE and DELETE, and changes, as AWS answers them."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from webstack_emulator.extensions.route53 import alias_target
from webstack_emulator.extensions.route53 import record_key
from webstack_emulator.extensions.route53 import refusals

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.route53 import ZONE
from tests.unit.emulator.checks.route53 import alias
from tests.unit.emulator.checks.route53 import change
from tests.unit.emulator.checks.route53 import cname
from tests.unit.emulator.checks.route53 import make_zone
from tests.unit.emulator.checks.route53 import records
from tests.unit.emulator.checks.route53 import refusal

ALB_ZONE = "Z32O12XQLNTSW2"


# Pure helpers


def test_an_alias_target_is_kept_lower_case_and_fully_qualified() -> None:
    assert alias_target({"HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": "D1.CloudFront.net", "EvaluateTargetHealth": "false"}) == {
        "HostedZoneId": "Z2FDTNDATAQYW2",
        "DNSName": "d1.cloudfront.net.",
        "EvaluateTargetHealth": False,
    }


def test_a_record_is_known_by_name_in_any_case_type_and_set_identifier() -> None:
    assert record_key({"Name": "WWW.demo.example.com", "Type": "A"}) == record_key({"Name": "www.demo.example.com.", "Type": "A"})
    assert record_key({"Name": "www.demo.example.com", "Type": "A"}) != record_key({"Name": "www.demo.example.com", "Type": "AAAA"})


def test_a_batch_is_checked_in_order() -> None:
    record = cname("_x.demo.example.com", "_y.acm-validations.aws.")

    assert refusals([], [{"Action": "CREATE", "ResourceRecordSet": record}, {"Action": "DELETE", "ResourceRecordSet": record}]) == []
    assert len(refusals([], [{"Action": "CREATE", "ResourceRecordSet": record}, {"Action": "CREATE", "ResourceRecordSet": record}])) == 1


# Aliases


def test_aliases_to_a_distribution_and_a_load_balancer_read_back_as_aws_keeps_them(aws: Emulator) -> None:
    zone_id = make_zone(aws)
    change(
        aws,
        zone_id,
        ("UPSERT", alias(f"www.{ZONE}", "A", "d111111abcdef8.cloudfront.net")),
        ("UPSERT", alias(f"www.{ZONE}", "AAAA", "d111111abcdef8.cloudfront.net.")),
        ("UPSERT", alias(f"api.{ZONE}", "A", "Web-123.eu-west-1.ELB.amazonaws.com", ALB_ZONE)),
    )

    found = {(record["Name"], record["Type"]): record["AliasTarget"] for record in records(aws, zone_id)}

    assert found == {
        (f"www.{ZONE}.", "A"): {"HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": "d111111abcdef8.cloudfront.net.", "EvaluateTargetHealth": False},
        (f"www.{ZONE}.", "AAAA"): {"HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": "d111111abcdef8.cloudfront.net.", "EvaluateTargetHealth": False},
        (f"api.{ZONE}.", "A"): {"HostedZoneId": ALB_ZONE, "DNSName": "web-123.eu-west-1.elb.amazonaws.com.", "EvaluateTargetHealth": False},
    }


def test_an_upsert_replaces_the_record(aws: Emulator) -> None:
    zone_id = make_zone(aws)
    change(aws, zone_id, ("UPSERT", cname(f"_x.{ZONE}", "_old.acm-validations.aws.")))

    change(aws, zone_id, ("UPSERT", cname(f"_x.{ZONE}", "_new.acm-validations.aws.", ttl=60)))

    assert records(aws, zone_id) == [cname(f"_x.{ZONE}.", "_new.acm-validations.aws.", ttl=60)]


def test_a_name_in_another_case_belongs_to_the_zone(aws: Emulator) -> None:
    zone_id = make_zone(aws)

    change(aws, zone_id, ("CREATE", cname("_X.Demo.Example.com", "_y.acm-validations.aws.")))

    assert len(records(aws, zone_id)) == 1


def test_a_name_outside_the_zone_is_still_refused(aws: Emulator) -> None:
    zone_id = make_zone(aws)

    with pytest.raises(ClientError) as error:
        change(aws, zone_id, ("CREATE", cname("www.other.example.com", "x.example.com")))

    assert refusal(error)[0] == "InvalidChangeBatch"


# DELETE


def test_a_delete_with_the_current_values_deletes(aws: Emulator) -> None:
    zone_id = make_zone(aws)
    change(aws, zone_id, ("CREATE", alias(f"www.{ZONE}", "A", "d1.cloudfront.net")))

    change(aws, zone_id, ("DELETE", alias(f"WWW.{ZONE}.", "A", "D1.cloudfront.net.")))

    assert records(aws, zone_id) == []


def test_a_delete_with_other_values_is_refused_and_keeps_the_record(aws: Emulator) -> None:
    zone_id = make_zone(aws)
    change(aws, zone_id, ("CREATE", cname(f"_x.{ZONE}", "_y.acm-validations.aws.")))

    with pytest.raises(ClientError) as error:
        change(aws, zone_id, ("DELETE", cname(f"_x.{ZONE}", "_y.acm-validations.aws.", ttl=60)))

    assert refusal(error) == (
        "InvalidChangeBatch",
        f"[Tried to delete resource record set [name='_x.{ZONE}.', type='CNAME'] but the values provided do not match the current values]",
    )
    assert len(records(aws, zone_id)) == 1


def test_a_delete_of_a_missing_record_is_refused(aws: Emulator) -> None:
    zone_id = make_zone(aws)
    change(aws, zone_id, ("CREATE", cname(f"_x.{ZONE}", "_y.acm-validations.aws.")))
    change(aws, zone_id, ("DELETE", cname(f"_x.{ZONE}", "_y.acm-validations.aws.")))

    with pytest.raises(ClientError) as error:
        change(aws, zone_id, ("DELETE", cname(f"_x.{ZONE}", "_y.acm-validations.aws.")))

    assert refusal(error) == ("InvalidChangeBatch", f"[Tried to delete resource record set [name='_x.{ZONE}.', type='CNAME'] but it was not found]")


def test_a_batch_with_one_refused_change_changes_nothing(aws: Emulator) -> None:
    zone_id = make_zone(aws)
    change(aws, zone_id, ("CREATE", cname(f"_a.{ZONE}", "_a.acm-validations.aws.")))

    with pytest.raises(ClientError):
        change(aws, zone_id, ("CREATE", cname(f"_b.{ZONE}", "_b.acm-validations.aws.")), ("CREATE", cname(f"_a.{ZONE}", "_c.acm-validations.aws.")))

    assert [record["Name"] for record in records(aws, zone_id)] == [f"_a.{ZONE}."]


def test_a_record_deleted_can_be_created_again(aws: Emulator) -> None:
    zone_id = make_zone(aws)
    record = alias(f"www.{ZONE}", "A", "d1.cloudfront.net")
    change(aws, zone_id, ("CREATE", record))
    change(aws, zone_id, ("DELETE", record))

    change(aws, zone_id, ("CREATE", record))

    assert len(records(aws, zone_id)) == 1


# Changes


def test_each_change_has_its_own_id_and_an_unknown_id_is_no_such_change(aws: Emulator) -> None:
    zone_id = make_zone(aws)
    first = change(aws, zone_id, ("UPSERT", cname(f"_a.{ZONE}", "_a.acm-validations.aws.")))["ChangeInfo"]["Id"]
    second = change(aws, zone_id, ("UPSERT", cname(f"_b.{ZONE}", "_b.acm-validations.aws.")))["ChangeInfo"]["Id"]

    with pytest.raises(ClientError) as error:
        aws.client("route53").get_change(Id="/change/C00000000000000000000")

    assert first != second
    assert refusal(error)[0] == "NoSuchChange"


def test_boto3_waits_for_a_change(aws: Emulator) -> None:
    zone_id = make_zone(aws)
    made = change(aws, zone_id, ("UPSERT", cname(f"_a.{ZONE}", "_a.acm-validations.aws.")))["ChangeInfo"]

    aws.client("route53").get_waiter("resource_record_sets_changed").wait(Id=made["Id"], WaiterConfig={"Delay": 1, "MaxAttempts": 2})
