"""acm_certificate_request: its pure functions, and main() run end to end against the emulator."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import acm_certificate_request as module

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.acm import load_balancer_using
from tests.unit.emulator.checks.acm import write_validation_records
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

DOMAIN = "example.com"
WWW = "www.example.com"
TAGS = {"webstack:stack": "test", "Name": "site"}


def params(**overrides: Any) -> dict[str, Any]:
    defaults = {
        "domain_name": DOMAIN,
        "subject_alternative_names": [WWW],
        "key_algorithm": "RSA_2048",
        "certificate_transparency_logging": True,
        "tags": None,
        "purge_tags": True,
        "state": "present",
        "wait": False,
        "wait_timeout": 600,
    }
    return {**defaults, **overrides}


# --- pure functions ---------------------------------------------------------------------


@pytest.mark.parametrize("name", [DOMAIN, "*.example.com", "a-b.c1.example.co.uk", "WWW.Example.COM"])
def test_valid_names_pass(name: str) -> None:
    assert module.invalid_name(name) is None


@pytest.mark.parametrize(
    "name", ["localhost", "www.*.example.com", "-a.example.com", "a_b.example.com", "a..example.com", f"{'a' * 64}.example.com", "**.example.com"]
)
def test_invalid_names_are_refused(name: str) -> None:
    assert module.invalid_name(name)


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"domain_name": "example"}, "domain_name"),
        ({"subject_alternative_names": ["ok.example.com", "bad name.example.com"]}, "subject_alternative_names"),
        ({"subject_alternative_names": [f"n{n}.example.com" for n in range(100)]}, "subject_alternative_names"),
        ({"tags": {"aws:cloudformation:stack-name": "x"}}, "tags"),
        ({"tags": {"k": "v" * 257}}, "tags"),
        ({"wait_timeout": -1}, "wait_timeout"),
    ],
)
def test_validate_params_names_the_option(overrides: dict[str, Any], option: str) -> None:
    errors = module.validate_params(params(**overrides))
    assert len(errors) == 1 and errors[0].startswith(f"{option}:")


def test_validate_params_accepts_the_defaults() -> None:
    assert module.validate_params(params(tags=TAGS)) == []


def test_the_domain_is_one_of_the_names_case_insensitively() -> None:
    assert module.certificate_names("Example.com", ["www.example.com", "example.com"]) == frozenset({DOMAIN, WWW})
    assert module.requested_sans(DOMAIN, ["EXAMPLE.com", WWW, "www.EXAMPLE.com", "api.example.com"]) == [WWW, "api.example.com"]
    assert module.build_desired(params(subject_alternative_names=[DOMAIN]))["subject_alternative_names"] == [DOMAIN]


def test_identity_is_names_and_key_algorithm_whatever_their_order() -> None:
    desired = module.build_desired(params())
    detail = {"DomainName": DOMAIN, "SubjectAlternativeNames": [WWW, DOMAIN], "KeyAlgorithm": "RSA_2048"}
    assert module.same_identity(detail, desired)
    assert not module.same_identity({**detail, "KeyAlgorithm": "EC_prime256v1"}, desired)
    assert not module.same_identity({**detail, "SubjectAlternativeNames": [DOMAIN]}, desired)
    assert not module.same_identity({**detail, "DomainName": WWW}, desired)


def test_the_idempotency_token_is_derived_from_the_request() -> None:
    desired = module.build_desired(params(tags=TAGS))
    token = module.idempotency_token(desired)
    assert re.fullmatch(r"\w{32}", token)
    assert token == module.idempotency_token(module.build_desired(params(subject_alternative_names=[WWW, DOMAIN], tags=dict(reversed(TAGS.items())))))
    assert token != module.idempotency_token(module.build_desired(params(tags=TAGS, key_algorithm="EC_prime256v1")))
    assert token != module.idempotency_token(desired, salt="arn:aws:acm:eu-west-1:123456789012:certificate/gone")


def test_request_params_always_validate_through_dns() -> None:
    sent = module.build_request_params(module.build_desired(params(subject_alternative_names=[], certificate_transparency_logging=False, tags=TAGS)), "t")
    assert sent["ValidationMethod"] == "DNS"
    assert "SubjectAlternativeNames" not in sent
    assert sent["Options"] == {"CertificateTransparencyLoggingPreference": "DISABLED"}
    assert sorted(tag["Key"] for tag in sent["Tags"]) == ["Name", "webstack:stack"]


def test_validation_records_are_deduplicated_by_name() -> None:
    record = {"Name": "_x.example.com.", "Type": "CNAME", "Value": "_y.acm-validations.aws."}
    detail = {
        "DomainValidationOptions": [
            {"DomainName": DOMAIN, "ResourceRecord": record},
            {"DomainName": "*.example.com", "ResourceRecord": record},
            {"DomainName": WWW, "ResourceRecord": {**record, "Name": "_z.www.example.com."}},
        ]
    }
    assert module.validation_records(detail) == [
        {"domain_name": DOMAIN, "name": "_x.example.com.", "type": "CNAME", "value": "_y.acm-validations.aws."},
        {"domain_name": WWW, "name": "_z.www.example.com.", "type": "CNAME", "value": "_y.acm-validations.aws."},
    ]
    assert module.records_ready(detail)
    assert not module.records_ready({"DomainValidationOptions": [{"DomainName": DOMAIN}]})


def test_candidates_rank_by_tags_then_issued_then_newest() -> None:
    def candidate(arn: str, status: str, day: int, tags: dict[str, str]) -> dict[str, Any]:
        created = datetime.datetime(2025, 1, day, tzinfo=datetime.UTC)
        return {"detail": {"CertificateArn": arn, "Status": status, "CreatedAt": created}, "tags": tags}

    old_issued, new_pending, tagged = (
        candidate("a", "ISSUED", 1, {}),
        candidate("b", "PENDING_VALIDATION", 2, {}),
        candidate("c", "PENDING_VALIDATION", 3, TAGS),
    )
    assert [c["detail"]["CertificateArn"] for c in module.ranked([new_pending, old_issued, tagged], None)] == ["a", "c", "b"]
    assert [c["detail"]["CertificateArn"] for c in module.ranked([new_pending, old_issued, tagged], TAGS)] == ["c", "a", "b"]


@dataclass
class FakeModule:
    params: dict[str, Any]
    check_mode: bool = False

    def fail_json(self, **kwargs: Any) -> None:
        raise AssertionError(kwargs["msg"])


class SlowRecords:
    """A client whose certificate gets its validation records on the third DescribeCertificate, as ACM fills them a moment late."""

    def __init__(self) -> None:
        self.describes = 0

    def describe_certificate(self, **params: Any) -> dict[str, Any]:
        self.describes += 1
        option: dict[str, Any] = {"DomainName": DOMAIN, "ValidationMethod": "DNS"}
        if self.describes >= 3:
            option["ResourceRecord"] = {"Name": "_a.example.com.", "Type": "CNAME", "Value": "_b.acm-validations.aws."}
        return {"Certificate": {"CertificateArn": params["CertificateArn"], "DomainValidationOptions": [option]}}


def test_the_module_polls_until_acm_gives_the_validation_records() -> None:
    client, slept = SlowRecords(), []
    manager = module.CertificateManager(FakeModule(params()), client, sleep=slept.append, clock=lambda: 0.0)
    first = client.describe_certificate(aws_retry=True, CertificateArn="arn")["Certificate"]
    detail = manager.await_records(first)
    assert module.validation_records(detail)[0]["name"] == "_a.example.com."
    assert (client.describes, slept) == (3, [module.POLL_DELAY])


def test_waiting_for_the_records_is_bounded_by_wait_timeout() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    class NeverRecords(SlowRecords):
        def describe_certificate(self, **params: Any) -> dict[str, Any]:
            return {"Certificate": {"CertificateArn": params["CertificateArn"], "DomainValidationOptions": [{"DomainName": DOMAIN}]}}

    manager = module.CertificateManager(FakeModule(params(wait_timeout=12)), NeverRecords(), sleep=sleep, clock=lambda: now[0])
    with pytest.raises(AssertionError, match="Timed out after 12s"):
        manager.await_records({"CertificateArn": "arn", "DomainValidationOptions": []})
    assert now[0] == 12


# --- end to end -------------------------------------------------------------------------


@dataclass
class World:
    aws: Emulator

    def certificate(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(module.main, self.aws, {"domain_name": DOMAIN, "subject_alternative_names": [WWW], **args}, check_mode)

    def listed(self) -> list[str]:
        summaries = self.aws.client("acm").list_certificates(Includes={"keyTypes": list(module.KEY_ALGORITHMS)})["CertificateSummaryList"]
        return [summary["CertificateArn"] for summary in summaries]

    def describe(self, arn: str) -> dict[str, Any]:
        return self.aws.client("acm").describe_certificate(CertificateArn=arn)["Certificate"]

    def tags(self, arn: str) -> dict[str, str]:
        return {tag["Key"]: tag["Value"] for tag in self.aws.client("acm").list_tags_for_certificate(CertificateArn=arn)["Tags"]}


@pytest.fixture
def world(aws: Emulator) -> World:
    return World(aws)


@pytest.fixture
def quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "POLL_DELAY", 0.1)
    monkeypatch.setattr(module, "VISIBILITY_TIMEOUT", 0.5)


def test_create_requests_a_dns_validated_certificate(world: World) -> None:
    result = world.certificate({"tags": TAGS})

    assert not result.failed, result.out
    assert result.changed
    [arn] = world.listed()
    detail = world.describe(arn)
    assert detail["Status"] == "PENDING_VALIDATION"
    assert detail["KeyAlgorithm"] == "RSA_2048"
    assert sorted(detail["SubjectAlternativeNames"]) == [DOMAIN, WWW]
    assert {option["ValidationMethod"] for option in detail["DomainValidationOptions"]} == {"DNS"}
    assert world.tags(arn) == TAGS
    certificate = result.out["certificate"]
    assert (certificate["arn"], certificate["status"], certificate["tags"], certificate["in_use_by"]) == (arn, "PENDING_VALIDATION", TAGS, [])
    expected = {(option["ResourceRecord"]["Name"], option["ResourceRecord"]["Value"]) for option in detail["DomainValidationOptions"]}
    assert {(record["name"], record["value"]) for record in result.out["validation_records"]} == expected
    assert result.out["diff"] == {"before": {}, "after": certificate}
    assert world.aws.calls().mutating == ["acm:RequestCertificate"]


def test_a_retried_request_with_the_same_token_makes_no_second_certificate(world: World) -> None:
    result = world.certificate({"tags": TAGS})
    token = module.idempotency_token(module.build_desired(params(tags=TAGS)))
    again = world.aws.client("acm").request_certificate(**module.build_request_params(module.build_desired(params(tags=TAGS)), token))
    assert again["CertificateArn"] == result.out["certificate"]["arn"]
    assert len(world.listed()) == 1


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    first = world.certificate({"tags": TAGS})
    world.aws.clear_calls()

    second = world.certificate({"tags": TAGS, "subject_alternative_names": [WWW.upper(), DOMAIN]})

    assert not second.failed, second.out
    assert not second.changed
    assert world.aws.calls().mutating == []
    assert second.out["certificate"]["arn"] == first.out["certificate"]["arn"]
    assert second.out["validation_records"] == first.out["validation_records"]
    assert second.out["diff"]["before"] == second.out["diff"]["after"]


def test_check_mode_reports_a_request_and_makes_none(world: World) -> None:
    result = world.certificate({"tags": TAGS}, check_mode=True)

    assert result.changed
    assert world.aws.calls().mutating == []
    assert world.listed() == []
    assert "arn" not in result.out["certificate"]
    assert result.out["certificate"]["subject_alternative_names"] == [DOMAIN, WWW]
    assert result.out["validation_records"] == []


def test_wait_returns_once_the_validation_records_resolve(world: World) -> None:
    arn = world.certificate({}).out["certificate"]["arn"]
    write_validation_records(world.aws, arn)

    result = world.certificate({"wait": True})

    assert not result.failed, result.out
    assert not result.changed
    assert result.out["certificate"]["status"] == "ISSUED"
    assert result.out["certificate"]["not_after"] > datetime.datetime.now(datetime.UTC).isoformat()


def test_wait_fails_while_the_records_are_missing(world: World, quick_polls: None) -> None:
    result = world.certificate({"wait": True, "wait_timeout": 1})

    assert result.failed
    assert "PENDING_VALIDATION" in result.out["msg"]
    assert len(result.out["validation_records"]) == 2
    assert world.describe(world.listed()[0])["Status"] == "PENDING_VALIDATION"


def test_records_in_part_are_not_enough(world: World, quick_polls: None) -> None:
    arn = world.certificate({}).out["certificate"]["arn"]
    write_validation_records(world.aws, arn, only=1)

    assert world.certificate({"wait": True, "wait_timeout": 1}).failed


def test_tags_are_added_changed_and_purged(world: World) -> None:
    arn = world.certificate({"tags": TAGS}).out["certificate"]["arn"]
    world.aws.clear_calls()

    result = world.certificate({"tags": {"Name": "renamed", "owner": "web"}})

    assert result.changed
    assert world.tags(arn) == {"Name": "renamed", "owner": "web"}
    assert result.out["certificate"]["tags"] == {"Name": "renamed", "owner": "web"}
    assert result.out["diff"]["before"]["tags"] == TAGS
    assert world.aws.calls().mutating == ["acm:RemoveTagsFromCertificate", "acm:AddTagsToCertificate"]
    assert world.listed() == [arn]


def test_tags_without_purge_are_only_added(world: World) -> None:
    arn = world.certificate({"tags": TAGS}).out["certificate"]["arn"]
    result = world.certificate({"tags": {"owner": "web"}, "purge_tags": False})
    assert result.changed
    assert world.tags(arn) == {**TAGS, "owner": "web"}


def test_tags_not_given_are_left_alone(world: World) -> None:
    arn = world.certificate({"tags": TAGS}).out["certificate"]["arn"]
    world.aws.clear_calls()
    result = world.certificate({})
    assert not result.changed
    assert world.tags(arn) == TAGS
    assert world.aws.calls().mutating == []


def test_tag_changes_in_check_mode_change_nothing(world: World) -> None:
    arn = world.certificate({"tags": TAGS}).out["certificate"]["arn"]
    world.aws.clear_calls()
    result = world.certificate({"tags": {}}, check_mode=True)
    assert result.changed
    assert result.out["certificate"]["tags"] == {}
    assert world.aws.calls().mutating == []
    assert world.tags(arn) == TAGS


def test_transparency_logging_changes_in_place(world: World) -> None:
    arn = world.certificate({}).out["certificate"]["arn"]
    world.aws.clear_calls()

    result = world.certificate({"certificate_transparency_logging": False})

    assert result.changed
    assert world.aws.calls().mutating == ["acm:UpdateCertificateOptions"]
    assert world.describe(arn)["Options"]["CertificateTransparencyLoggingPreference"] == "DISABLED"
    assert result.out["diff"]["before"]["certificate_transparency_logging"] is True
    assert result.out["certificate"]["certificate_transparency_logging"] is False
    assert not world.certificate({"certificate_transparency_logging": False}).changed


@pytest.mark.parametrize("change", [{"subject_alternative_names": [WWW, "api.example.com"]}, {"key_algorithm": "EC_prime256v1"}])
def test_an_immutable_change_requests_a_new_certificate_and_keeps_the_old(world: World, change: dict[str, Any]) -> None:
    old = world.certificate({}).out["certificate"]["arn"]

    result = world.certificate(change)

    assert not result.failed, result.out
    assert result.changed
    new = result.out["certificate"]["arn"]
    assert new != old
    assert result.out["replaced_certificate_arn"] == old
    assert sorted(world.listed()) == sorted([old, new])
    world.aws.clear_calls()
    again = world.certificate(change)
    assert (again.changed, again.out["certificate"]["arn"], world.aws.calls().mutating) == (False, new, [])
    assert "replaced_certificate_arn" not in again.out


def test_an_ecdsa_certificate_is_found_again(world: World) -> None:
    first = world.certificate({"domain_name": "*.example.com", "subject_alternative_names": [], "key_algorithm": "EC_secp384r1"})
    assert world.describe(first.out["certificate"]["arn"])["KeyAlgorithm"] == "EC_secp384r1"
    assert len(first.out["validation_records"]) == 1
    second = world.certificate({"domain_name": "*.example.com", "subject_alternative_names": [], "key_algorithm": "EC_secp384r1"})
    assert not second.changed


def test_of_several_matches_the_one_with_the_tags_is_managed(world: World) -> None:
    acm = world.aws.client("acm")
    untagged = acm.request_certificate(DomainName=DOMAIN, SubjectAlternativeNames=[WWW], ValidationMethod="DNS")["CertificateArn"]
    tagged = acm.request_certificate(
        DomainName=DOMAIN, SubjectAlternativeNames=[WWW], ValidationMethod="DNS", IdempotencyToken="other", Tags=[{"Key": "Name", "Value": "site"}]
    )["CertificateArn"]
    world.aws.clear_calls()

    result = world.certificate({"tags": {"Name": "site"}})

    assert not result.changed
    assert result.out["certificate"]["arn"] == tagged
    assert result.out["matching_certificate_arns"] == [tagged, untagged]
    assert f"managing {tagged}" in json.dumps(result.out["warnings"])
    assert world.aws.calls().mutating == []


def test_a_new_certificate_for_a_validated_domain_is_issued_at_once(world: World) -> None:
    """The validation record belongs to the domain: a second certificate of it needs no new record, as in AWS."""
    first = world.certificate({}).out
    write_validation_records(world.aws, first["certificate"]["arn"])
    result = world.certificate({"key_algorithm": "EC_prime256v1", "wait": True})
    assert result.out["certificate"]["status"] == "ISSUED"
    assert result.out["validation_records"] == first["validation_records"]


def test_an_email_validated_certificate_is_not_reused(world: World) -> None:
    email = world.aws.client("acm").request_certificate(DomainName=DOMAIN, SubjectAlternativeNames=[WWW], ValidationMethod="EMAIL")["CertificateArn"]
    result = world.certificate({})
    assert result.changed
    assert result.out["certificate"]["arn"] != email


def test_every_page_of_certificates_is_read(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    arn = world.certificate({}).out["certificate"]["arn"]
    for name in ("a", "b", "c"):
        world.aws.client("acm").request_certificate(DomainName=f"{name}.example.org", ValidationMethod="DNS")
    monkeypatch.setattr(module, "PAGE_SIZE", 1)
    world.aws.clear_calls()

    result = world.certificate({})

    assert (result.changed, result.out["certificate"]["arn"]) == (False, arn)
    assert world.aws.calls().count("ListCertificates") == 4


def test_absent_deletes_and_absent_twice_changes_nothing(world: World) -> None:
    arn = world.certificate({"tags": TAGS}).out["certificate"]["arn"]
    world.aws.clear_calls()

    result = world.certificate({"state": "absent"})

    assert result.changed
    assert result.out["deleted_certificate_arns"] == [arn]
    assert result.out["diff"]["before"]["arn"] == arn and result.out["diff"]["after"] == {}
    assert world.listed() == []
    assert world.aws.calls().mutating == ["acm:DeleteCertificate"]
    world.aws.clear_calls()
    again = world.certificate({"state": "absent"})
    assert (again.changed, again.out["deleted_certificate_arns"], world.aws.calls().mutating) == (False, [], [])


def test_absent_in_check_mode_deletes_nothing(world: World) -> None:
    arn = world.certificate({}).out["certificate"]["arn"]
    world.aws.clear_calls()
    result = world.certificate({"state": "absent"}, check_mode=True)
    assert (result.changed, result.out["deleted_certificate_arns"]) == (True, [arn])
    assert world.aws.calls().mutating == []
    assert world.listed() == [arn]


def test_absent_keeps_certificates_with_other_names_or_without_the_tags(world: World) -> None:
    other_names = world.certificate({"subject_alternative_names": []}).out["certificate"]["arn"]
    untagged = world.certificate({}).out["certificate"]["arn"]
    result = world.certificate({"state": "absent", "tags": {"Name": "site"}})
    assert not result.changed
    assert sorted(world.listed()) == sorted([other_names, untagged])


def test_absent_fails_naming_the_load_balancer_that_uses_it(world: World) -> None:
    arn = world.certificate({}).out["certificate"]["arn"]
    write_validation_records(world.aws, arn)
    balancer = load_balancer_using(world.aws, arn)

    result = world.certificate({"state": "absent"})

    assert result.failed
    assert balancer in result.out["msg"] and arn in result.out["msg"]
    assert result.out["in_use_by"] == [balancer]
    assert world.listed() == [arn]
    present = world.certificate({})
    assert present.out["certificate"]["in_use_by"] == [balancer]


def test_present_after_absent_within_the_hour_requests_a_new_certificate(world: World, quick_polls: None) -> None:
    deleted = world.certificate({}).out["certificate"]["arn"]
    world.certificate({"state": "absent"})

    result = world.certificate({})

    assert not result.failed, result.out
    assert result.changed
    assert result.out["certificate"]["arn"] != deleted
    assert world.listed() == [result.out["certificate"]["arn"]]
    assert world.aws.calls().count("RequestCertificate") == 3  # the first, then the same token (the deleted one), then a fresh token


@pytest.mark.parametrize(
    ("args", "option"),
    [
        ({"domain_name": "not a domain"}, "domain_name"),
        ({"subject_alternative_names": ["*.*.example.com"]}, "subject_alternative_names"),
        ({"tags": {"aws:reserved": "x"}}, "tags"),
        ({"wait_timeout": -5}, "wait_timeout"),
        ({"key_algorithm": "RSA_4096"}, "key_algorithm"),
    ],
)
def test_bad_input_fails_before_any_call(world: World, args: dict[str, Any], option: str) -> None:
    result = world.certificate(args)
    assert result.failed
    assert option in result.out["msg"]
    assert world.aws.calls().calls == []
