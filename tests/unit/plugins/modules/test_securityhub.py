"""securityhub and securityhub_info, run end to end through main() against the emulator, and their pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.module_utils import securityhub as shared
from ansible_collections.webstack.aws.plugins.modules import securityhub
from ansible_collections.webstack.aws.plugins.modules import securityhub_info
from botocore.exceptions import ClientError

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

ACCOUNT = "123456789012"
FSBP = "aws-foundational-security-best-practices/v/1.0.0"
CIS_12 = "cis-aws-foundations-benchmark/v/1.2.0"
CIS_30 = "cis-aws-foundations-benchmark/v/3.0.0"
NIST = "nist-800-53/v/5.0.0"
PCI = "pci-dss/v/3.2.1"
HUB_ARN = f"arn:aws:securityhub:{REGION}:{ACCOUNT}:hub/default"


def regional(standard: str) -> str:
    return f"arn:aws:securityhub:{REGION}::standards/{standard}"


CIS_12_ARN = f"arn:aws:securityhub:::ruleset/{CIS_12}"
DEFAULTS = sorted([regional(FSBP), CIS_12_ARN])


@dataclass
class World:
    aws: Emulator

    def hub(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(securityhub.main, self.aws, args, check_mode)

    def info(self) -> Result:
        return run(securityhub_info.main, self.aws, {})

    @property
    def client(self) -> Any:
        return self.aws.client("securityhub")

    def enabled(self) -> bool:
        try:
            self.client.describe_hub()
        except ClientError as error:
            assert error.response["Error"]["Code"] == "InvalidAccessException"
            return False
        return True

    def subscribed(self) -> list[str]:
        """The standards ARNs the account is subscribed to, sorted."""
        return sorted(s["StandardsArn"] for s in self.client.get_enabled_standards()["StandardsSubscriptions"])

    def tags(self) -> dict[str, str]:
        return self.client.list_tags_for_resource(ResourceArn=HUB_ARN)["Tags"]

    def mutating(self) -> list[str]:
        return self.aws.calls().mutating


@pytest.fixture
def world(aws: Emulator, monkeypatch: pytest.MonkeyPatch) -> World:
    """Security Hub disabled, polls without delay; the call log starts empty."""
    monkeypatch.setattr(securityhub, "POLL_DELAY", 0)
    aws.clear_calls()
    return World(aws)


@pytest.fixture
def enabled_world(world: World) -> World:
    """Security Hub enabled with FSBP and CIS v3.0.0 (ready), tagged {"keep": "1", "drop": "2"}; the call log starts empty."""
    created = world.hub({"standards": [FSBP, CIS_30], "tags": {"keep": "1", "drop": "2"}})
    assert not created.failed, created.out
    world.aws.clear_calls()
    return world


# Enable


def test_enable_subscribes_to_the_standards_and_waits_until_they_are_ready(world: World) -> None:
    run_ = world.hub({"standards": [FSBP, regional(CIS_30)], "tags": {"webstack:stack": "test"}})

    assert not run_.failed, run_.out
    assert run_.changed
    # The emulator shows a new subscription PENDING on its first read: READY below means the module polled again.
    assert world.aws.calls().count("GetEnabledStandards") == 2
    assert world.mutating() == ["securityhub:EnableSecurityHub", "securityhub:BatchEnableStandards"]
    assert world.subscribed() == sorted([regional(FSBP), regional(CIS_30)])
    assert [(s["standards_arn"], s["standards_status"]) for s in run_.out["standards"]] == [(regional(FSBP), "READY"), (regional(CIS_30), "READY")]
    assert run_.out["standards"][0]["standards_subscription_arn"] == f"arn:aws:securityhub:{REGION}:{ACCOUNT}:subscription/{FSBP}"
    hub = run_.out["hub"]
    assert (hub["hub_arn"], hub["auto_enable_controls"], hub["control_finding_generator"]) == (HUB_ARN, True, "SECURITY_CONTROL")
    assert hub["tags"] == world.tags() == {"webstack:stack": "test"}
    assert hub["subscribed_at"]
    assert run_.out["diff"]["before"] == {}
    assert run_.out["diff"]["after"]["standards"] == sorted([regional(FSBP), regional(CIS_30)])


def test_enable_sends_no_default_standards_unless_asked(world: World) -> None:
    run_ = world.hub({})

    assert not run_.failed, run_.out
    assert world.enabled()
    assert world.subscribed() == []
    assert run_.out["standards"] == []


def test_wait_polls_until_a_new_standard_is_ready(world: World) -> None:
    world.hub({})
    world.aws.clear_calls()

    run_ = world.hub({"standards": [NIST]})

    assert [s["standards_status"] for s in run_.out["standards"]] == ["READY"]
    assert world.aws.calls().count("GetEnabledStandards") == 3  # the read before, then PENDING, then READY


def test_without_wait_a_new_standard_is_returned_pending(world: World) -> None:
    run_ = world.hub({"standards": [NIST], "wait": False})

    assert not run_.failed, run_.out
    assert [(s["standards_arn"], s["standards_status"]) for s in run_.out["standards"]] == [(regional(NIST), "PENDING")]


def test_enable_default_standards_subscribes_to_aws_defaults(world: World) -> None:
    run_ = world.hub({"enable_default_standards": True})

    assert not run_.failed, run_.out
    assert world.subscribed() == DEFAULTS  # CIS v1.2.0 under its global ruleset ARN
    assert sorted(s["standards_arn"] for s in run_.out["standards"]) == DEFAULTS
    assert {s["standards_status"] for s in run_.out["standards"]} == {"READY"}
    assert world.mutating() == ["securityhub:EnableSecurityHub"]


def test_enable_default_standards_with_a_purged_list_enables_the_list_only(world: World) -> None:
    run_ = world.hub({"enable_default_standards": True, "standards": [PCI]})

    assert not run_.failed, run_.out
    assert world.subscribed() == [regional(PCI)]
    assert world.mutating() == ["securityhub:EnableSecurityHub", "securityhub:BatchEnableStandards"]  # nothing enabled only to be disabled


def test_enable_default_standards_with_a_kept_list_adds_the_list(world: World) -> None:
    run_ = world.hub({"enable_default_standards": True, "standards": [PCI], "purge_standards": False})

    assert not run_.failed, run_.out
    assert world.subscribed() == sorted([*DEFAULTS, regional(PCI)])


def test_enable_default_standards_changes_nothing_on_an_enabled_hub(enabled_world: World) -> None:
    run_ = enabled_world.hub({"enable_default_standards": True, "tags": {"keep": "1", "drop": "2"}})

    assert not run_.changed
    assert enabled_world.mutating() == []


def test_enable_with_settings_and_no_new_controls(world: World) -> None:
    run_ = world.hub({"control_finding_generator": "STANDARD_CONTROL", "auto_enable_controls": False})

    assert not run_.failed, run_.out
    hub = world.client.describe_hub()
    assert (hub["ControlFindingGenerator"], hub["AutoEnableControls"]) == ("STANDARD_CONTROL", False)
    assert (run_.out["hub"]["control_finding_generator"], run_.out["hub"]["auto_enable_controls"]) == ("STANDARD_CONTROL", False)
    assert world.mutating() == ["securityhub:EnableSecurityHub", "securityhub:UpdateSecurityHubConfiguration"]


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(enabled_world: World) -> None:
    run_ = enabled_world.hub({"standards": [FSBP, CIS_30], "tags": {"keep": "1", "drop": "2"}})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert enabled_world.mutating() == []
    assert run_.out["diff"]["before"] == run_.out["diff"]["after"]
    assert [s["standards_status"] for s in run_.out["standards"]] == ["READY", "READY"]


def test_options_left_out_leave_the_hub_as_it_is(enabled_world: World) -> None:
    run_ = enabled_world.hub({})

    assert not run_.changed
    assert enabled_world.mutating() == []
    assert run_.out["hub"]["tags"] == {"keep": "1", "drop": "2"}
    assert len(run_.out["standards"]) == 2


def test_check_mode_reports_the_enable_and_enables_nothing(world: World) -> None:
    run_ = world.hub({"enable_default_standards": True, "standards": [NIST], "purge_standards": False, "tags": {"a": "1"}}, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.mutating() == []
    assert not world.enabled()
    assert run_.out["diff"]["before"] == {}
    assert run_.out["diff"]["after"] == {
        "auto_enable_controls": True,
        "control_finding_generator": "SECURITY_CONTROL",
        "tags": {"a": "1"},
        "standards": sorted([*DEFAULTS, regional(NIST)]),
    }
    assert "hub_arn" not in run_.out["hub"]


def test_check_mode_on_a_converged_hub_reports_no_change(enabled_world: World) -> None:
    run_ = enabled_world.hub({"standards": [CIS_30, FSBP], "tags": {"keep": "1", "drop": "2"}}, check_mode=True)

    assert not run_.changed
    assert enabled_world.mutating() == []


def test_check_mode_standards_change_changes_nothing(enabled_world: World) -> None:
    run_ = enabled_world.hub({"standards": [FSBP, PCI]}, check_mode=True)

    assert run_.changed
    assert enabled_world.mutating() == []
    assert enabled_world.subscribed() == sorted([regional(FSBP), regional(CIS_30)])
    assert run_.out["diff"]["after"]["standards"] == sorted([regional(FSBP), regional(PCI)])
    assert [s["standards_arn"] for s in run_.out["standards"]] == [regional(FSBP), regional(PCI)]


# Standards


def test_unlisted_standards_are_disabled(enabled_world: World) -> None:
    run_ = enabled_world.hub({"standards": [FSBP, PCI]})

    assert not run_.failed, run_.out
    assert run_.changed
    assert enabled_world.subscribed() == sorted([regional(FSBP), regional(PCI)])
    assert enabled_world.mutating() == ["securityhub:BatchEnableStandards", "securityhub:BatchDisableStandards"]
    assert run_.out["diff"]["before"]["standards"] == sorted([regional(FSBP), regional(CIS_30)])
    assert run_.out["diff"]["after"]["standards"] == sorted([regional(FSBP), regional(PCI)])


def test_without_purge_standards_are_only_added(enabled_world: World) -> None:
    enabled_world.hub({"standards": [PCI], "purge_standards": False})

    assert enabled_world.subscribed() == sorted([regional(FSBP), regional(CIS_30), regional(PCI)])


def test_an_empty_list_disables_every_standard(enabled_world: World) -> None:
    run_ = enabled_world.hub({"standards": []})

    assert run_.changed
    assert enabled_world.subscribed() == []
    assert run_.out["standards"] == []
    assert enabled_world.mutating() == ["securityhub:BatchDisableStandards"]


def test_standards_by_global_and_regional_arn(world: World) -> None:
    run_ = world.hub({"standards": [CIS_12_ARN, regional(PCI), PCI]})

    assert not run_.failed, run_.out
    assert world.subscribed() == sorted([CIS_12_ARN, regional(PCI)])
    world.aws.clear_calls()
    again = world.hub({"standards": [CIS_12, regional(PCI)]})
    assert not again.changed
    assert world.mutating() == []


# Configuration and tags of an enabled hub


def test_configuration_changes_in_place(enabled_world: World) -> None:
    run_ = enabled_world.hub({"control_finding_generator": "STANDARD_CONTROL", "auto_enable_controls": False})

    assert run_.changed
    hub = enabled_world.client.describe_hub()
    assert (hub["ControlFindingGenerator"], hub["AutoEnableControls"]) == ("STANDARD_CONTROL", False)
    assert enabled_world.mutating() == ["securityhub:UpdateSecurityHubConfiguration"]
    assert run_.out["diff"]["before"]["control_finding_generator"] == "SECURITY_CONTROL"
    assert run_.out["diff"]["after"]["control_finding_generator"] == "STANDARD_CONTROL"
    assert run_.out["diff"]["after"]["auto_enable_controls"] is False


def test_tags_change_in_place(enabled_world: World) -> None:
    run_ = enabled_world.hub({"tags": {"keep": "1", "add": "3"}})

    assert run_.changed
    assert enabled_world.tags() == {"keep": "1", "add": "3"}
    assert run_.out["hub"]["tags"] == {"keep": "1", "add": "3"}
    assert run_.out["diff"]["before"]["tags"] == {"keep": "1", "drop": "2"}
    assert enabled_world.mutating() == ["securityhub:UntagResource", "securityhub:TagResource"]


def test_tags_without_purge_are_added(enabled_world: World) -> None:
    enabled_world.hub({"tags": {"add": "3"}, "purge_tags": False})

    assert enabled_world.tags() == {"keep": "1", "drop": "2", "add": "3"}


def test_check_mode_tag_change_changes_nothing(enabled_world: World) -> None:
    run_ = enabled_world.hub({"tags": {"keep": "2"}}, check_mode=True)

    assert run_.changed
    assert run_.out["diff"]["after"]["tags"] == {"keep": "2"}
    assert enabled_world.mutating() == []
    assert enabled_world.tags() == {"keep": "1", "drop": "2"}


# Absent


def test_absent_disables_security_hub_and_its_standards(enabled_world: World) -> None:
    run_ = enabled_world.hub({"state": "absent"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert not enabled_world.enabled()
    assert enabled_world.mutating() == ["securityhub:DisableSecurityHub"]
    assert run_.out["diff"]["before"]["standards"] == sorted([regional(FSBP), regional(CIS_30)])
    assert run_.out["diff"]["after"] == {}
    enabled_world.hub({})
    assert enabled_world.subscribed() == []  # enabled again, it starts with no standard


def test_absent_twice_changes_nothing(enabled_world: World) -> None:
    enabled_world.hub({"state": "absent"})
    enabled_world.aws.clear_calls()

    run_ = enabled_world.hub({"state": "absent"})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert enabled_world.mutating() == []


def test_check_mode_absent_disables_nothing(enabled_world: World) -> None:
    run_ = enabled_world.hub({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert enabled_world.mutating() == []
    assert enabled_world.enabled()


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"standards": ["cis"]}, "standards"),
        ({"standards": ["arn:aws:s3:::bucket"]}, "standards"),
        ({"tags": {"aws:owner": "me"}}, "tags"),
        ({"tags": {f"k{n}": "v" for n in range(51)}}, "tags"),
        ({"wait_timeout": 0}, "wait_timeout"),
        ({"control_finding_generator": "PER_STANDARD"}, "control_finding_generator"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.hub(args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []


def test_an_unknown_standard_fails_listing_the_valid_ids_and_changes_nothing(world: World) -> None:
    run_ = world.hub({"standards": [FSBP, "cis-aws-foundations-benchmark/v/9.9.9"]})

    assert run_.failed
    assert "standards" in run_.out["msg"] and "cis-aws-foundations-benchmark/v/9.9.9" in run_.out["msg"]
    assert FSBP in run_.out["msg"] and NIST in run_.out["msg"] and CIS_12 in run_.out["msg"]
    assert world.mutating() == []
    assert not world.enabled()


def test_a_standard_arn_of_another_region_is_unknown(enabled_world: World) -> None:
    run_ = enabled_world.hub({"standards": ["arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1"]})

    assert run_.failed
    assert "us-east-1" in run_.out["msg"]
    assert enabled_world.mutating() == []


# Waiting: what the emulator does not show (a standard that cannot be enabled, one that never settles)


class FakeModule:
    check_mode = False

    def __init__(self, **params: Any) -> None:
        self.params = {"wait": True, "wait_timeout": 30, "purge_standards": True, **params}

    def fail_json(self, **kwargs: Any) -> None:
        raise AssertionError(kwargs["msg"])

    fail_json_aws = fail_json


class ScriptedStandards:
    """GetEnabledStandards answering one scripted list after another (the last one for ever)."""

    def __init__(self, *answers: list[dict[str, Any]]) -> None:
        self.answers = list(answers)
        self.reads = 0

    def get_enabled_standards(self, aws_retry: bool, **params: Any) -> dict[str, Any]:
        assert aws_retry
        self.reads += 1
        return {"StandardsSubscriptions": self.answers[min(self.reads, len(self.answers)) - 1]}


def subscription(standard: str, status: str, **extra: Any) -> dict[str, Any]:
    return {
        "StandardsArn": regional(standard),
        "StandardsSubscriptionArn": f"arn:aws:securityhub:{REGION}:{ACCOUNT}:subscription/{standard}",
        "StandardsInput": {},
        "StandardsStatus": status,
        **extra,
    }


def manager_for(client: ScriptedStandards, **params: Any) -> securityhub.SecurityHubManager:
    ticks = iter(range(0, 10_000, securityhub.POLL_DELAY))
    return securityhub.SecurityHubManager(FakeModule(**params), client, sleep=lambda seconds: None, clock=lambda: next(ticks))


def test_settle_waits_until_ready_and_for_the_disabled_to_go() -> None:
    nist, pci = subscription(NIST, "PENDING"), subscription(PCI, "DELETING")
    client = ScriptedStandards([nist, pci], [dict(nist, StandardsStatus="READY"), pci], [dict(nist, StandardsStatus="READY")])

    settled = manager_for(client).settle([nist["StandardsSubscriptionArn"]], [pci["StandardsSubscriptionArn"]])

    assert [s["StandardsStatus"] for s in settled] == ["READY"]
    assert client.reads == 3


def test_settle_fails_with_the_reason_of_an_incomplete_standard() -> None:
    incomplete = subscription(NIST, "INCOMPLETE", StandardsStatusReason={"StatusReasonCode": "NO_AVAILABLE_CONFIGURATION_RECORDER"})
    client = ScriptedStandards([subscription(NIST, "PENDING")], [incomplete])

    with pytest.raises(AssertionError, match=r"nist-800-53/v/5.0.0 is INCOMPLETE \(NO_AVAILABLE_CONFIGURATION_RECORDER\)"):
        manager_for(client).settle([incomplete["StandardsSubscriptionArn"]], [])


def test_settle_times_out_naming_the_subscription() -> None:
    pending = subscription(NIST, "PENDING")
    client = ScriptedStandards([pending])

    with pytest.raises(AssertionError, match=f"Timed out after 30s .*subscription/{NIST}"):
        manager_for(client).settle([pending["StandardsSubscriptionArn"]], [])


# Pure functions


CATALOGUE = [
    {"StandardsArn": regional(FSBP), "EnabledByDefault": True},
    {"StandardsArn": CIS_12_ARN, "EnabledByDefault": True},
    {"StandardsArn": regional(PCI)},
]


def test_resolve_standards_takes_short_ids_and_arns_once_each() -> None:
    assert securityhub.resolve_standards([PCI, CIS_12, regional(PCI), CIS_12_ARN], CATALOGUE) == ([regional(PCI), CIS_12_ARN], [])


def test_resolve_standards_reports_what_it_cannot_resolve() -> None:
    assert securityhub.resolve_standards([PCI, "nope/v/1"], CATALOGUE) == ([regional(PCI)], ["nope/v/1"])


@pytest.mark.parametrize(
    ("current", "wanted", "purge", "expected"),
    [
        (["a", "b"], None, True, ([], [])),
        (["a", "b"], ["b", "c"], True, (["c"], ["a"])),
        (["a", "b"], ["b", "c"], False, (["c"], [])),
        (["a"], [], True, ([], ["a"])),
        ([], ["a", "a"], True, (["a"], [])),
    ],
)
def test_standards_changes(current: list[str], wanted: list[str] | None, purge: bool, expected: tuple[list[str], list[str]]) -> None:
    assert securityhub.standards_changes(current, wanted, purge) == expected


@pytest.mark.parametrize(
    ("enable_default_standards", "standards", "purge_standards", "expected"),
    [(True, None, True, True), (True, [PCI], True, False), (True, [PCI], False, True), (False, None, True, False)],
)
def test_sends_default_standards(enable_default_standards: bool, standards: list[str] | None, purge_standards: bool, expected: bool) -> None:
    params = {"enable_default_standards": enable_default_standards, "standards": standards, "purge_standards": purge_standards}
    assert securityhub.sends_default_standards(params) is expected


def test_enable_params_send_tags_only_when_there_are_some() -> None:
    params = {"enable_default_standards": False, "standards": None, "purge_standards": True, "control_finding_generator": "STANDARD_CONTROL", "tags": {}}
    assert securityhub.enable_params(params) == {"EnableDefaultStandards": False, "ControlFindingGenerator": "STANDARD_CONTROL"}
    assert securityhub.enable_params(dict(params, tags={"a": "1"}))["Tags"] == {"a": "1"}


def test_configuration_changes_name_only_what_differs() -> None:
    hub = {"AutoEnableControls": True, "ControlFindingGenerator": "SECURITY_CONTROL"}
    assert securityhub.configuration_changes(hub, {"auto_enable_controls": True, "control_finding_generator": "SECURITY_CONTROL"}) == {}
    assert securityhub.configuration_changes(hub, {"auto_enable_controls": False, "control_finding_generator": "SECURITY_CONTROL"}) == {
        "AutoEnableControls": False
    }


def test_short_id_of_global_and_regional_arns() -> None:
    assert shared.short_id(CIS_12_ARN) == CIS_12
    assert shared.short_id(regional(PCI)) == PCI


# securityhub_info


def test_info_of_a_disabled_hub_lists_the_available_standards(world: World) -> None:
    run_ = world.info()

    assert not run_.failed, run_.out
    assert not run_.changed
    assert (run_.out["enabled"], run_.out["hub"], run_.out["standards"]) == (False, {}, [])
    by_id = {s["short_id"]: s for s in run_.out["available_standards"]}
    assert {FSBP, CIS_12, "cis-aws-foundations-benchmark/v/1.4.0", CIS_30, NIST, PCI} <= set(by_id)
    assert by_id[CIS_12]["standards_arn"] == CIS_12_ARN
    assert by_id[FSBP]["standards_arn"] == regional(FSBP)
    assert sorted(i for i, s in by_id.items() if s["enabled_by_default"]) == sorted([FSBP, CIS_12])
    assert world.mutating() == []


def test_info_of_an_enabled_hub(enabled_world: World) -> None:
    run_ = enabled_world.info()

    assert run_.out["enabled"]
    assert run_.out["hub"]["hub_arn"] == HUB_ARN
    assert run_.out["hub"]["tags"] == {"keep": "1", "drop": "2"}
    assert [(s["standards_arn"], s["standards_status"]) for s in run_.out["standards"]] == [(regional(FSBP), "READY"), (regional(CIS_30), "READY")]
    assert enabled_world.mutating() == []
