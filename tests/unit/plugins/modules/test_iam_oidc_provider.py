"""iam_oidc_provider and iam_oidc_provider_info: the pure rules, then main() end to end against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.module_utils import iam_oidc
from ansible_collections.webstack.aws.plugins.modules import iam_oidc_provider
from ansible_collections.webstack.aws.plugins.modules import iam_oidc_provider_info

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

URL = "https://token.actions.example.com"
EKS_URL = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123"
ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.example.com"
THUMB_A = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"
THUMB_B = "a031c46782e6e6c662c2c87c76da9aa62ccabd8e"
STS = "sts.amazonaws.com"


def params(**overrides: Any) -> dict[str, Any]:
    """The module's params as AnsibleAWSModule hands them over, defaults filled in."""
    return {"url": URL, "client_ids": [STS], "thumbprints": None, "tags": None, "purge_tags": True, "state": "present", **overrides}


def current(**overrides: Any) -> dict[str, Any]:
    """A provider as the module reads it."""
    return {"arn": ARN, "url": URL, "client_ids": [STS], "thumbprints": [THUMB_A], "tags": {}, "create_date": "2025-01-01T00:00:00+00:00", **overrides}


# URL rules


@pytest.mark.parametrize(
    ("url", "identity"),
    [
        ("https://token.actions.example.com", "token.actions.example.com"),
        ("https://token.actions.example.com/", "token.actions.example.com"),
        ("HTTPS://Token.Actions.Example.com", "token.actions.example.com"),
        ("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123//", "oidc.eks.eu-west-1.amazonaws.com/id/ABC123"),
        ("https://login.example.com/Tenant/v2.0", "login.example.com/Tenant/v2.0"),
    ],
)
def test_a_valid_url_is_normalised_to_its_identity(url: str, identity: str) -> None:
    assert iam_oidc.url_errors(url) == []
    assert iam_oidc.provider_identity(url) == identity


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://example.com", "does not start with https://"),
        ("example.com", "does not start with https://"),
        ("https://example.com/path?x=1", "query or fragment"),
        ("https://example.com#frag", "query or fragment"),
        ("https://example.com:8443", "port"),
        ("https://user@example.com", "user"),
        ("https://", "not a host name"),
        ("https://exa_mple.com", "not a host name"),
        ("https://-example.com", "not a host name"),
        ("https://example.com/a path", "path"),
        ("https://example.com/" + "p" * 240, "at most 255"),
    ],
)
def test_a_malformed_url_is_refused_naming_the_option(url: str, why: str) -> None:
    [error] = iam_oidc.url_errors(url)
    assert error.startswith("url must")
    assert why in error


def test_identities_compare_the_host_in_any_case_and_the_path_exactly() -> None:
    assert iam_oidc.same_identity("Example.com/id/X", "example.com/id/X")
    assert not iam_oidc.same_identity("example.com/id/X", "example.com/id/x")
    assert not iam_oidc.same_identity("example.com", "example.com/id/X")


def test_find_arn_matches_the_whole_arn_suffix() -> None:
    arns = [
        "arn:aws:iam::123456789012:oidc-provider/example.com/id/X",
        "arn:aws:iam::123456789012:saml-provider/example.com",
        "arn:aws:iam::123456789012:oidc-provider/Example.com",
    ]
    assert iam_oidc.find_arn(arns, "example.com") == arns[2]
    assert iam_oidc.find_arn(arns, "example.com/id/X") == arns[0]
    assert iam_oidc.find_arn(arns, "example.com/id") is None


def test_normalize_provider_gives_back_the_https_url_and_a_tag_dict() -> None:
    answer = {"Url": "example.com/id/X", "ClientIDList": [STS], "ThumbprintList": [THUMB_A], "Tags": [{"Key": "a", "Value": "1"}]}
    provider = iam_oidc.normalize_provider("arn:aws:iam::1:oidc-provider/example.com/id/X", answer)
    assert provider == {
        "arn": "arn:aws:iam::1:oidc-provider/example.com/id/X",
        "url": "https://example.com/id/X",
        "client_ids": [STS],
        "thumbprints": [THUMB_A],
        "tags": {"a": "1"},
    }


# Option rules


@pytest.mark.parametrize(
    ("overrides", "named", "why"),
    [
        ({"thumbprints": ["abc"]}, "thumbprints", "40 hexadecimal digits"),
        ({"thumbprints": ["g" * 40]}, "thumbprints", "40 hexadecimal digits"),
        ({"thumbprints": [THUMB_A + "0"]}, "thumbprints", "40 hexadecimal digits"),
        ({"thumbprints": [f"{n:040x}" for n in range(6)]}, "thumbprints", "at most 5"),
        ({"client_ids": [f"audience-{n}" for n in range(101)]}, "client_ids", "at most 100"),
        ({"client_ids": [STS, ""]}, "client_ids", "empty client ID"),
        ({"client_ids": ["x" * 256]}, "client_ids", "at most 255 characters"),
        ({"url": "http://example.com"}, "url", "https://"),
    ],
)
def test_validate_params_names_the_option(overrides: dict[str, Any], named: str, why: str) -> None:
    [error] = iam_oidc_provider.validate_params(params(**overrides))
    assert error.startswith(named)
    assert why in error


def test_validate_params_counts_distinct_values() -> None:
    five = [f"{n:040x}" for n in range(5)]
    assert iam_oidc_provider.validate_params(params(thumbprints=[*five, five[0].upper()], client_ids=[STS] * 101)) == []


def test_validate_params_reports_every_error() -> None:
    errors = iam_oidc_provider.validate_params(params(url="ftp://x", client_ids=[""], thumbprints=["x"]))
    assert [error.split(" ", maxsplit=1)[0] for error in errors] == ["url", "client_ids", "thumbprints"]


def test_build_desired_normalises_url_thumbprints_and_client_ids() -> None:
    desired = iam_oidc_provider.build_desired(params(url=URL + "/", client_ids=[STS, "b", STS], thumbprints=[THUMB_A.upper(), THUMB_A]))
    assert desired == {"url": URL, "client_ids": [STS, "b"], "thumbprints": [THUMB_A], "tags": None}


def test_build_desired_leaves_empty_thumbprints_to_what_exists() -> None:
    assert iam_oidc_provider.build_desired(params(thumbprints=[]))["thumbprints"] is None


# What differs


def changes_for(existing: dict[str, Any], purge_tags: bool = True, **overrides: Any) -> dict[str, Any]:
    return iam_oidc_provider.provider_changes(existing, iam_oidc_provider.build_desired(params(**overrides)), purge_tags)


def test_no_changes_when_thumbprints_differ_only_in_case_and_order() -> None:
    existing = current(thumbprints=[THUMB_B.upper(), THUMB_A], client_ids=["b", STS], tags={"a": "1"})
    assert changes_for(existing, thumbprints=[THUMB_A, THUMB_B], client_ids=[STS, "b"], tags={"a": "1"}) == {}


def test_omitted_thumbprints_and_tags_are_left_alone() -> None:
    assert changes_for(current(thumbprints=[THUMB_B], tags={"a": "1"})) == {}


def test_client_ids_are_authoritative() -> None:
    assert changes_for(current(client_ids=[STS, "old"]), client_ids=["new", STS]) == {"add_client_ids": ["new"], "remove_client_ids": ["old"]}


def test_thumbprints_given_replace_the_list() -> None:
    assert changes_for(current(), thumbprints=[THUMB_A, THUMB_B]) == {"thumbprints": [THUMB_A, THUMB_B]}


def test_tags_are_set_and_purged() -> None:
    existing = current(tags={"keep": "1", "drop": "2", "edit": "3"})
    assert changes_for(existing, tags={"keep": "1", "edit": "4", "add": "5"}) == {"set_tags": {"edit": "4", "add": "5"}, "unset_tags": ["drop"]}
    assert changes_for(existing, purge_tags=False, tags={"add": "5"}) == {"set_tags": {"add": "5"}}


def test_predicted_provider_applies_the_changes() -> None:
    existing = current(client_ids=[STS, "old"], tags={"drop": "1", "keep": "2"})
    desired = iam_oidc_provider.build_desired(params(client_ids=[STS, "new"], thumbprints=[THUMB_B], tags={"keep": "2", "add": "3"}))
    changes = iam_oidc_provider.provider_changes(existing, desired, purge_tags=True)
    after = iam_oidc_provider.predicted_provider(existing, desired, changes)
    assert after == current(client_ids=[STS, "new"], thumbprints=[THUMB_B], tags={"keep": "2", "add": "3"})


def test_predicted_new_provider_has_no_arn() -> None:
    desired = iam_oidc_provider.build_desired(params(tags={"a": "1"}))
    assert iam_oidc_provider.predicted_provider(None, desired, {}) == {"url": URL, "client_ids": [STS], "thumbprints": [], "tags": {"a": "1"}}


def test_create_params_send_only_what_is_set() -> None:
    assert iam_oidc_provider.create_params(iam_oidc_provider.build_desired(params())) == {"Url": URL, "ClientIDList": [STS]}
    full = iam_oidc_provider.create_params(iam_oidc_provider.build_desired(params(thumbprints=[THUMB_A], tags={"a": "1"})))
    assert full == {"Url": URL, "ClientIDList": [STS], "ThumbprintList": [THUMB_A], "Tags": [{"Key": "a", "Value": "1"}]}


# End to end


@dataclass
class World:
    aws: Emulator

    def provider(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(iam_oidc_provider.main, self.aws, {"url": URL, **args}, check_mode)

    def info(self, args: dict[str, Any]) -> Result:
        return run(iam_oidc_provider_info.main, self.aws, args)

    def arns(self) -> list[str]:
        return [entry["Arn"] for entry in self.aws.client("iam").list_open_id_connect_providers()["OpenIDConnectProviderList"]]

    def read(self, arn: str) -> dict[str, Any]:
        return self.aws.client("iam").get_open_id_connect_provider(OpenIDConnectProviderArn=arn)

    def the_provider(self) -> dict[str, Any]:
        [arn] = self.arns()
        return self.read(arn)


@pytest.fixture
def world(aws: Emulator) -> World:
    aws.clear_calls()
    return World(aws)


def tags_of(answer: dict[str, Any]) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in answer.get("Tags", [])}


def test_create_with_thumbprints_and_tags(world: World) -> None:
    run_ = world.provider({"client_ids": [STS, "webstack"], "thumbprints": [THUMB_A.upper()], "tags": {"webstack:stack": "test"}})

    assert not run_.failed, run_.out
    assert run_.changed
    [arn] = world.arns()
    assert arn.endswith(":oidc-provider/token.actions.example.com")
    answer = world.read(arn)
    assert answer["Url"] == "token.actions.example.com"
    assert answer["ClientIDList"] == [STS, "webstack"]
    assert answer["ThumbprintList"] == [THUMB_A]
    assert tags_of(answer) == {"webstack:stack": "test"}
    provider = run_.out["oidc_provider"]
    assert provider["arn"] == arn
    assert provider["url"] == URL
    assert (provider["client_ids"], provider["thumbprints"], provider["tags"]) == ([STS, "webstack"], [THUMB_A], {"webstack:stack": "test"})
    assert provider["create_date"]
    assert run_.out["diff"] == {
        "before": {},
        "after": {"arn": arn, "url": URL, "client_ids": [STS, "webstack"], "thumbprints": [THUMB_A], "tags": {"webstack:stack": "test"}},
    }
    assert world.aws.calls().mutating == ["iam:CreateOpenIDConnectProvider"]


def test_create_defaults_to_the_sts_audience_and_no_thumbprints(world: World) -> None:
    run_ = world.provider({"url": EKS_URL + "/"})

    assert not run_.failed, run_.out
    answer = world.the_provider()
    assert (answer["Url"], answer["ClientIDList"], answer["ThumbprintList"]) == ("oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123", [STS], [])
    assert run_.out["oidc_provider"]["url"] == EKS_URL


def test_create_waits_until_iam_shows_the_new_provider(world: World) -> None:
    world.aws.faults(seed=7, consistency_s=2)

    run_ = world.provider({"tags": {"a": "1"}})

    assert not run_.failed, run_.out
    assert run_.out["oidc_provider"]["tags"] == {"a": "1"}
    assert world.aws.calls().count("GetOpenIDConnectProvider") > 1
    assert world.aws.calls().mutating == ["iam:CreateOpenIDConnectProvider"]


def test_a_provider_that_appears_meanwhile_is_converged_not_duplicated(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    world.aws.client("iam").create_open_id_connect_provider(Url=URL, ClientIDList=["other"])
    world.aws.clear_calls()
    real_find_arn = iam_oidc_provider.find_arn
    lookups: list[str] = []

    def late_find_arn(arns: list[str], identity: str) -> str | None:
        lookups.append(identity)
        return None if len(lookups) == 1 else real_find_arn(arns, identity)  # the first listing does not show it yet

    monkeypatch.setattr(iam_oidc_provider, "find_arn", late_find_arn)

    run_ = world.provider({})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.the_provider()["ClientIDList"] == [STS]
    assert world.aws.calls().mutating == [
        "iam:CreateOpenIDConnectProvider",
        "iam:AddClientIDToOpenIDConnectProvider",
        "iam:RemoveClientIDFromOpenIDConnectProvider",
    ]
    assert run_.out["diff"]["before"] == {}


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = {"client_ids": [STS, "webstack"], "thumbprints": [THUMB_A, THUMB_B], "tags": {"webstack:stack": "test"}}
    first = world.provider(args)
    world.aws.clear_calls()

    again = world.provider(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["oidc_provider"]["arn"] == first.out["oidc_provider"]["arn"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_the_same_provider_written_differently_changes_nothing(world: World) -> None:
    world.provider({"thumbprints": [THUMB_A], "client_ids": [STS, "b"]})
    world.aws.clear_calls()

    again = world.provider({"url": "HTTPS://Token.Actions.Example.com/", "thumbprints": [THUMB_A.upper()], "client_ids": ["b", STS, "b"]})

    assert not again.changed, again.out
    assert world.aws.calls().mutating == []
    assert len(world.arns()) == 1


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    run_ = world.provider({"thumbprints": [THUMB_A], "tags": {"a": "1"}}, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.arns() == []
    assert world.aws.calls().mutating == []
    assert run_.out["diff"] == {"before": {}, "after": {"url": URL, "client_ids": [STS], "thumbprints": [THUMB_A], "tags": {"a": "1"}}}
    assert "arn" not in run_.out["oidc_provider"]


def test_check_mode_on_a_converged_provider_reports_no_change(world: World) -> None:
    world.provider({"tags": {"a": "1"}})
    world.aws.clear_calls()

    run_ = world.provider({"tags": {"a": "1"}}, check_mode=True)

    assert not run_.changed
    assert world.aws.calls().mutating == []


# Updates


def test_client_ids_are_added_and_removed(world: World) -> None:
    world.provider({"client_ids": [STS, "old"]})
    world.aws.clear_calls()

    run_ = world.provider({"client_ids": [STS, "new"]})

    assert run_.changed
    assert world.the_provider()["ClientIDList"] == [STS, "new"]
    assert world.aws.calls().mutating == ["iam:AddClientIDToOpenIDConnectProvider", "iam:RemoveClientIDFromOpenIDConnectProvider"]
    assert (run_.out["diff"]["before"]["client_ids"], run_.out["diff"]["after"]["client_ids"]) == ([STS, "old"], [STS, "new"])


def test_thumbprints_are_replaced(world: World) -> None:
    world.provider({"thumbprints": [THUMB_A]})
    world.aws.clear_calls()

    run_ = world.provider({"thumbprints": [THUMB_B]})

    assert run_.changed
    assert world.the_provider()["ThumbprintList"] == [THUMB_B]
    assert world.aws.calls().mutating == ["iam:UpdateOpenIDConnectProviderThumbprint"]
    assert (run_.out["diff"]["before"]["thumbprints"], run_.out["diff"]["after"]["thumbprints"]) == ([THUMB_A], [THUMB_B])


@pytest.mark.parametrize("thumbprints", [None, []])
def test_thumbprints_not_given_are_left_alone(world: World, thumbprints: list[str] | None) -> None:
    world.provider({"thumbprints": [THUMB_A]})
    world.aws.clear_calls()

    run_ = world.provider({} if thumbprints is None else {"thumbprints": thumbprints})

    assert not run_.changed
    assert world.aws.calls().mutating == []
    assert world.the_provider()["ThumbprintList"] == [THUMB_A]


def test_tags_are_added_changed_and_removed(world: World) -> None:
    world.provider({"tags": {"keep": "1", "drop": "2", "edit": "3"}})
    world.aws.clear_calls()

    run_ = world.provider({"tags": {"keep": "1", "edit": "4", "add": "5"}})

    assert run_.changed
    assert tags_of(world.the_provider()) == {"keep": "1", "edit": "4", "add": "5"}
    assert world.aws.calls().mutating == ["iam:UntagOpenIDConnectProvider", "iam:TagOpenIDConnectProvider"]
    assert run_.out["diff"]["before"]["tags"] == {"keep": "1", "drop": "2", "edit": "3"}
    assert run_.out["oidc_provider"]["tags"] == {"keep": "1", "edit": "4", "add": "5"}


def test_tags_without_purge_are_added(world: World) -> None:
    world.provider({"tags": {"keep": "1"}})

    world.provider({"tags": {"add": "2"}, "purge_tags": False})

    assert tags_of(world.the_provider()) == {"keep": "1", "add": "2"}


def test_tags_not_given_are_left_alone(world: World) -> None:
    world.provider({"tags": {"keep": "1"}})
    world.aws.clear_calls()

    run_ = world.provider({})

    assert not run_.changed
    assert tags_of(world.the_provider()) == {"keep": "1"}


def test_a_tag_key_renamed_in_case_is_renamed(world: World) -> None:
    world.provider({"tags": {"env": "test"}})

    run_ = world.provider({"tags": {"Env": "test"}})

    assert run_.changed
    assert tags_of(world.the_provider()) == {"Env": "test"}


def test_check_mode_update_changes_nothing(world: World) -> None:
    world.provider({"client_ids": [STS], "thumbprints": [THUMB_A], "tags": {"a": "1"}})
    world.aws.clear_calls()

    run_ = world.provider({"client_ids": ["new"], "thumbprints": [THUMB_B], "tags": {"b": "2"}}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    after = run_.out["diff"]["after"]
    assert (after["client_ids"], after["thumbprints"], after["tags"]) == (["new"], [THUMB_B], {"b": "2"})
    answer = world.the_provider()
    assert (answer["ClientIDList"], answer["ThumbprintList"], tags_of(answer)) == ([STS], [THUMB_A], {"a": "1"})


# Absent


def test_absent_deletes_the_provider(world: World) -> None:
    created = world.provider({"tags": {"a": "1"}}).out["oidc_provider"]

    run_ = world.provider({"state": "absent"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.arns() == []
    assert run_.out["diff"] == {"before": iam_oidc_provider.provider_view(created), "after": {}}


def test_absent_leaves_other_providers_alone(world: World) -> None:
    world.provider({})
    other = world.provider({"url": URL + "/tenant"}).out["oidc_provider"]

    world.provider({"state": "absent", "url": URL + "/"})

    assert world.arns() == [other["arn"]]


def test_absent_twice_changes_nothing(world: World) -> None:
    world.provider({})
    world.provider({"state": "absent"})
    world.aws.clear_calls()

    run_ = world.provider({"state": "absent"})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.provider({})
    world.aws.clear_calls()

    run_ = world.provider({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert len(world.arns()) == 1


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"url": "http://token.actions.example.com"}, "url"),
        ({"url": "https://token.actions.example.com?aud=x"}, "url"),
        ({"url": "https://token.actions.example.com:443"}, "url"),
        ({"thumbprints": ["not-a-thumbprint"]}, "thumbprints"),
        ({"thumbprints": [f"{n:040x}" for n in range(6)]}, "thumbprints"),
        ({"client_ids": [f"audience-{n}" for n in range(101)]}, "client_ids"),
        ({"client_ids": [""]}, "client_ids"),
        ({"state": "gone"}, "state"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.provider(args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []


def test_bad_input_on_an_existing_provider_changes_nothing(world: World) -> None:
    world.provider({"thumbprints": [THUMB_A]})
    world.aws.clear_calls()

    run_ = world.provider({"thumbprints": [THUMB_B, "x"], "state": "absent"})

    assert run_.failed
    assert world.aws.calls().calls == []
    assert len(world.arns()) == 1


# iam_oidc_provider_info


def test_info_lists_every_provider_with_details_and_tags(world: World) -> None:
    github = world.provider({"thumbprints": [THUMB_A], "tags": {"webstack:stack": "test"}}).out["oidc_provider"]
    eks = world.provider({"url": EKS_URL, "client_ids": [STS, "eks"]}).out["oidc_provider"]
    world.aws.clear_calls()

    run_ = world.info({})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []
    by_arn = {provider["arn"]: provider for provider in run_.out["oidc_providers"]}
    assert by_arn == {github["arn"]: github, eks["arn"]: eks}
    assert by_arn[github["arn"]]["tags"] == {"webstack:stack": "test"}
    assert by_arn[eks["arn"]]["client_ids"] == [STS, "eks"]


def test_info_by_url_or_arn_lists_only_that_provider(world: World) -> None:
    github = world.provider({}).out["oidc_provider"]
    world.provider({"url": EKS_URL})

    by_url = world.info({"url": "https://Token.Actions.Example.com/"})
    by_arn = world.info({"arn": github["arn"]})

    assert [provider["arn"] for provider in by_url.out["oidc_providers"]] == [github["arn"]]
    assert [provider["arn"] for provider in by_arn.out["oidc_providers"]] == [github["arn"]]


@pytest.mark.parametrize("args", [{"url": "https://unknown.example.com"}, {"arn": "arn:aws:iam::123456789012:oidc-provider/unknown.example.com"}, {}])
def test_info_of_a_missing_provider_is_an_empty_list(world: World, args: dict[str, Any]) -> None:
    run_ = world.info(args)

    assert not run_.failed, run_.out
    assert run_.out["oidc_providers"] == []


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"url": "http://example.com"}, "url"),
        ({"arn": "arn:aws:iam::123456789012:role/example"}, "arn"),
        ({"url": URL, "arn": ARN}, "url"),
    ],
)
def test_info_refuses_bad_input_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.info(args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []
