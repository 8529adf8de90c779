"""Stock community.aws WAFv2 modules the edge role uses, run through main() against the emulator.

community.aws.wafv2_web_acl makes the CLOUDFRONT-scope web ACL (us-east-1) whose ARN goes into the distribution's
WebACLId and the REGIONAL one in front of the ALB; community.aws.wafv2_resources associates the latter with the ALB.
The rules are the edge role's: four AWS managed rule groups (override none in block mode, count in count mode) and a
rate limit. These tests pin what the role relies on (no false changes, zero mutating calls on a second run, check
mode) and show each bug found as a strict xfail, next to what the module does today.
"""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.community.aws.plugins.modules import wafv2_resources
from ansible_collections.community.aws.plugins.modules import wafv2_resources_info
from ansible_collections.community.aws.plugins.modules import wafv2_web_acl
from ansible_collections.community.aws.plugins.modules import wafv2_web_acl_info

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.wafv2 import MANAGED_GROUPS
from tests.unit.emulator.checks.wafv2 import US_EAST_1
from tests.unit.emulator.checks.wafv2 import edge_rules
from tests.unit.emulator.checks.wafv2 import load_balancer
from tests.unit.emulator.checks.wafv2 import wafv2
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "webstack-test-edge"
TAGS = {"webstack:stack": "webstack", "webstack:environment": "test"}


def visibility(metric: str) -> dict[str, Any]:
    return {"sampled_requests_enabled": True, "cloud_watch_metrics_enabled": True, "metric_name": metric}


def rule_args(override: str = "none") -> list[dict[str, Any]]:
    """The edge rules as the role writes them for the stock module (snake_case; the module camelizes them)."""
    managed = [
        {
            "name": group,
            "priority": index,
            "override_action": {override: {}},
            "visibility_config": visibility(group),
            "statement": {"managed_rule_group_statement": {"vendor_name": "AWS", "name": group}},
        }
        for index, group in enumerate(MANAGED_GROUPS)
    ]
    rate = {
        "name": "rate-limit",
        "priority": len(MANAGED_GROUPS),
        "action": {"block": {}},
        "visibility_config": visibility("rate-limit"),
        "statement": {"rate_based_statement": {"limit": 2000, "aggregate_key_type": "IP", "evaluation_window_sec": 300}},
    }
    return [*managed, rate]


def acl_args(scope: str = "REGIONAL", **overrides: Any) -> dict[str, Any]:
    return {
        "name": NAME,
        "scope": scope,
        "state": "present",
        "description": "webstack test edge firewall",
        "default_action": "Allow",
        "sampled_requests": True,
        "cloudwatch_metrics": True,
        "metric_name": NAME,
        "rules": rule_args(),
        "tags": TAGS,
        **({"region": US_EAST_1} if scope == "CLOUDFRONT" else {}),
        **overrides,
    }


def web_acl(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(wafv2_web_acl.main, aws, args, check_mode)


def stored(aws: Emulator, scope: str = "REGIONAL") -> dict[str, Any] | None:
    """The web ACL named NAME as GetWebACL answers it, with its tags; None when there is none."""
    client = wafv2(aws, scope)
    found = [a for a in client.list_web_acls(Scope=scope)["WebACLs"] if a["Name"] == NAME]
    if not found:
        return None
    acl = client.get_web_acl(Name=NAME, Scope=scope, Id=found[0]["Id"])["WebACL"]
    acl["Tags"] = {t["Key"]: t["Value"] for t in client.list_tags_for_resource(ResourceARN=acl["ARN"])["TagInfoForResource"]["TagList"]}
    return acl


@pytest.fixture
def regional_acl(aws: Emulator) -> Emulator:
    """The REGIONAL web ACL made by the module; the call log starts empty."""
    first = web_acl(aws, acl_args())
    assert not first.failed, first.out
    aws.clear_calls()
    return aws


# community.aws.wafv2_web_acl


@pytest.mark.parametrize("scope", ["REGIONAL", "CLOUDFRONT"])
def test_web_acl_is_created_with_the_edge_rules(aws: Emulator, scope: str) -> None:
    result = web_acl(aws, acl_args(scope))

    assert not result.failed, result.out
    assert result.changed
    acl = stored(aws, scope)
    assert acl is not None
    assert acl["Rules"] == edge_rules()
    assert (acl["DefaultAction"], acl["Description"], acl["Tags"]) == ({"Allow": {}}, "webstack test edge firewall", TAGS)
    assert acl["VisibilityConfig"] == {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": NAME}
    assert aws.calls().mutating == ["wafv2:CreateWebACL"]
    assert result.out["arn"] == acl["ARN"]
    assert result.out["tags"] == TAGS


def test_cloudfront_web_acl_arn_is_global_in_us_east_1(aws: Emulator) -> None:
    result = web_acl(aws, acl_args("CLOUDFRONT"))

    assert result.out["arn"].startswith(f"arn:aws:wafv2:us-east-1:123456789012:global/webacl/{NAME}/")


def test_cloudfront_web_acl_outside_us_east_1_fails(aws: Emulator) -> None:
    result = web_acl(aws, acl_args("CLOUDFRONT", region=REGION))

    assert result.failed
    assert "WAFInvalidParameterException" in str(result.out)
    assert aws.calls().mutating == []


@pytest.mark.parametrize("scope", ["REGIONAL", "CLOUDFRONT"])
def test_web_acl_second_run_changes_nothing_and_calls_nothing_mutating(aws: Emulator, scope: str) -> None:
    web_acl(aws, acl_args(scope))
    aws.clear_calls()

    again = web_acl(aws, acl_args(scope))

    assert not again.failed, again.out
    assert not again.changed
    assert aws.calls().mutating == []


def test_web_acl_check_mode_creates_nothing(aws: Emulator) -> None:
    result = web_acl(aws, acl_args(), check_mode=True)

    assert result.changed
    assert aws.calls().mutating == []
    assert stored(aws) is None


def test_web_acl_check_mode_on_the_converged_acl_changes_nothing(regional_acl: Emulator) -> None:
    result = web_acl(regional_acl, acl_args(), check_mode=True)

    assert not result.changed
    assert regional_acl.calls().mutating == []


def test_web_acl_block_to_count_updates_the_rules(regional_acl: Emulator) -> None:
    result = web_acl(regional_acl, acl_args(rules=rule_args("count")))

    assert not result.failed, result.out
    assert result.changed
    assert regional_acl.calls().mutating == ["wafv2:UpdateWebACL"]
    acl = stored(regional_acl)
    assert acl is not None
    assert acl["Rules"] == edge_rules("Count")
    assert acl["Description"] == "webstack test edge firewall"


def test_web_acl_count_back_to_block_then_converges(regional_acl: Emulator) -> None:
    web_acl(regional_acl, acl_args(rules=rule_args("count")))
    back = web_acl(regional_acl, acl_args())
    regional_acl.clear_calls()

    again = web_acl(regional_acl, acl_args())

    assert back.changed
    assert not again.changed
    assert regional_acl.calls().mutating == []
    acl = stored(regional_acl)
    assert acl is not None and acl["Rules"] == edge_rules()


def test_web_acl_check_mode_rule_change_changes_nothing(regional_acl: Emulator) -> None:
    result = web_acl(regional_acl, acl_args(rules=rule_args("count")), check_mode=True)

    assert result.changed
    assert regional_acl.calls().mutating == []
    acl = stored(regional_acl)
    assert acl is not None and acl["Rules"] == edge_rules()


def test_web_acl_rate_limit_change_updates_the_rule(regional_acl: Emulator) -> None:
    rules = rule_args()
    rules[-1]["statement"]["rate_based_statement"]["limit"] = 500

    result = web_acl(regional_acl, acl_args(rules=rules))

    assert result.changed
    acl = stored(regional_acl)
    assert acl is not None and acl["Rules"][-1]["Statement"]["RateBasedStatement"]["Limit"] == 500


def test_web_acl_tags_are_added_and_purged(regional_acl: Emulator) -> None:
    result = web_acl(regional_acl, acl_args(tags={"webstack:stack": "webstack", "owner": "edge"}))

    assert result.changed
    acl = stored(regional_acl)
    assert acl is not None and acl["Tags"] == {"webstack:stack": "webstack", "owner": "edge"}
    assert sorted(regional_acl.calls().mutating) == ["wafv2:TagResource", "wafv2:UntagResource"]


def test_web_acl_check_mode_tag_change_changes_nothing(regional_acl: Emulator) -> None:
    result = web_acl(regional_acl, acl_args(tags={"owner": "edge"}), check_mode=True)

    assert result.changed
    assert regional_acl.calls().mutating == []


@pytest.mark.xfail(
    strict=True,
    reason="community.aws 10.0.0 wafv2_web_acl: main() compares rules, description and default action only, never the "
    "VisibilityConfig (sampled_requests, cloudwatch_metrics, metric_name): a change there is reported ok and never sent",
)
def test_web_acl_visibility_change_is_applied(regional_acl: Emulator) -> None:
    result = web_acl(regional_acl, acl_args(sampled_requests=False))

    assert result.changed
    acl = stored(regional_acl)
    assert acl is not None and acl["VisibilityConfig"]["SampledRequestsEnabled"] is False


def test_web_acl_visibility_change_is_ignored(regional_acl: Emulator) -> None:
    """What the module does today (the xfail above): the role must get the visibility settings right at creation."""
    result = web_acl(regional_acl, acl_args(sampled_requests=False, metric_name="other"))

    assert not result.changed
    assert regional_acl.calls().mutating == []
    acl = stored(regional_acl)
    assert acl is not None and acl["VisibilityConfig"]["MetricName"] == NAME


@pytest.mark.xfail(
    strict=True,
    reason="community.aws 10.0.0 wafv2_web_acl: a rule update sends UpdateWebACL without Description when the task gives "
    "none, and UpdateWebACL replaces the whole ACL: the description set earlier is wiped",
)
def test_web_acl_update_without_description_keeps_it(regional_acl: Emulator) -> None:
    args = acl_args(rules=rule_args("count"))
    del args["description"]
    web_acl(regional_acl, args)

    acl = stored(regional_acl)
    assert acl is not None and acl.get("Description") == "webstack test edge firewall"


def test_web_acl_absent_deletes_it_and_twice_changes_nothing(regional_acl: Emulator) -> None:
    gone = web_acl(regional_acl, {"name": NAME, "scope": "REGIONAL", "state": "absent"})
    again = web_acl(regional_acl, {"name": NAME, "scope": "REGIONAL", "state": "absent"})

    assert gone.changed and not gone.failed
    assert not again.changed and not again.failed
    assert stored(regional_acl) is None
    assert regional_acl.calls().mutating == ["wafv2:DeleteWebACL"]


def test_web_acl_absent_check_mode_deletes_nothing(regional_acl: Emulator) -> None:
    result = web_acl(regional_acl, {"name": NAME, "scope": "REGIONAL", "state": "absent"}, check_mode=True)

    assert result.changed
    assert stored(regional_acl) is not None
    assert regional_acl.calls().mutating == []


# community.aws.wafv2_web_acl_info


def test_web_acl_info_reads_the_rules_and_tags(regional_acl: Emulator) -> None:
    result = run(wafv2_web_acl_info.main, regional_acl, {"name": NAME, "scope": "REGIONAL"})

    assert not result.failed, result.out
    assert [r["name"] for r in result.out["rules"]] == [*MANAGED_GROUPS, "rate-limit"]
    assert result.out["rules"][0]["statement"] == {"managed_rule_group_statement": {"vendor_name": "AWS", "name": MANAGED_GROUPS[0]}}
    assert result.out["rules"][0]["override_action"] == {"none": {}}
    assert result.out["tags"] == TAGS
    assert regional_acl.calls().mutating == []


def test_web_acl_info_of_a_missing_acl_is_empty(aws: Emulator) -> None:
    result = run(wafv2_web_acl_info.main, aws, {"name": NAME, "scope": "REGIONAL"})

    assert not result.failed
    assert "arn" not in result.out


# community.aws.wafv2_resources and wafv2_resources_info


@pytest.fixture
def alb(regional_acl: Emulator) -> str:
    arn = load_balancer(regional_acl)
    regional_acl.clear_calls()
    return arn


def resources(aws: Emulator, arn: str, state: str = "present", check_mode: bool = False, **extra: Any) -> Result:
    return run(wafv2_resources.main, aws, {"name": NAME, "scope": "REGIONAL", "arn": arn, "state": state, **extra}, check_mode)


def associated(aws: Emulator, alb_arn: str) -> str | None:
    acl = wafv2(aws).get_web_acl_for_resource(ResourceArn=alb_arn).get("WebACL")
    return acl["Name"] if acl else None


def test_resources_associates_the_alb(regional_acl: Emulator, alb: str) -> None:
    result = resources(regional_acl, alb)

    assert not result.failed, result.out
    assert result.changed
    assert associated(regional_acl, alb) == NAME
    assert regional_acl.calls().mutating == ["wafv2:AssociateWebACL"]


def test_resources_second_run_changes_nothing(regional_acl: Emulator, alb: str) -> None:
    resources(regional_acl, alb)
    regional_acl.clear_calls()

    again = resources(regional_acl, alb)

    assert not again.changed
    assert again.out["resource_arns"] == [alb]
    assert regional_acl.calls().mutating == []


def test_resources_check_mode_associates_nothing(regional_acl: Emulator, alb: str) -> None:
    result = resources(regional_acl, alb, check_mode=True)

    assert result.changed
    assert associated(regional_acl, alb) is None
    assert regional_acl.calls().mutating == []


def test_resources_absent_disassociates_and_twice_changes_nothing(regional_acl: Emulator, alb: str) -> None:
    resources(regional_acl, alb)
    regional_acl.clear_calls()

    gone = resources(regional_acl, alb, "absent")
    again = resources(regional_acl, alb, "absent")

    assert gone.changed and not again.changed
    assert associated(regional_acl, alb) is None
    assert regional_acl.calls().mutating == ["wafv2:DisassociateWebACL"]


def test_resources_info_lists_the_alb(regional_acl: Emulator, alb: str) -> None:
    resources(regional_acl, alb)

    result = run(wafv2_resources_info.main, regional_acl, {"name": NAME, "scope": "REGIONAL"})

    assert not result.failed, result.out
    assert result.out["resource_arns"] == [alb]


def test_web_acl_absent_while_associated_fails_until_disassociated(regional_acl: Emulator, alb: str) -> None:
    """The role tears down in order: wafv2_resources absent first, then the web ACL."""
    resources(regional_acl, alb)

    refused = web_acl(regional_acl, {"name": NAME, "scope": "REGIONAL", "state": "absent"})
    resources(regional_acl, alb, "absent")
    deleted = web_acl(regional_acl, {"name": NAME, "scope": "REGIONAL", "state": "absent"})

    assert refused.failed and "WAFAssociatedItemException" in str(refused.out)
    assert deleted.changed and not deleted.failed
    assert stored(regional_acl) is None


@pytest.mark.xfail(
    strict=True,
    reason="community.aws 10.0.0 wafv2_resources: with a web ACL name that does not exist, main() skips both branches and exits ok, "
    "changed=false: the association silently never happens",
)
def test_resources_with_a_missing_web_acl_fails(regional_acl: Emulator, alb: str) -> None:
    result = resources(regional_acl, alb, name="no-such-acl")

    assert result.failed


def test_resources_with_a_missing_web_acl_reports_ok(regional_acl: Emulator, alb: str) -> None:
    """What the module does today (the xfail above): the role must check the association itself (wafv2_resources_info)."""
    result = resources(regional_acl, alb, name="no-such-acl")

    assert not result.failed and not result.changed
    assert associated(regional_acl, alb) is None


@pytest.mark.xfail(
    strict=True,
    reason="community.aws 10.0.0 wafv2_resources: after associating, it returns AssociateWebACL's empty answer, not the documented "
    "resource_arns ('returned: Always, as long as the wafv2 exists')",
)
def test_resources_returns_the_resource_arns_after_a_change(regional_acl: Emulator, alb: str) -> None:
    result = resources(regional_acl, alb)

    assert result.out["resource_arns"] == [alb]


@pytest.mark.xfail(
    strict=True,
    reason="community.aws 10.0.0 wafv2_resources: name and scope are documented as required only for state=present, but absent "
    "without them calls ListWebACLs with Scope=None and fails parameter validation",
)
def test_resources_absent_by_arn_alone_disassociates(regional_acl: Emulator, alb: str) -> None:
    resources(regional_acl, alb)

    result = run(wafv2_resources.main, regional_acl, {"arn": alb, "state": "absent"})

    assert not result.failed, result.out
    assert associated(regional_acl, alb) is None


def test_resources_moves_the_alb_to_another_acl(regional_acl: Emulator, alb: str) -> None:
    resources(regional_acl, alb)
    web_acl(regional_acl, acl_args(name="webstack-test-other", metric_name="other"))

    moved = resources(regional_acl, alb, name="webstack-test-other")

    assert moved.changed
    assert associated(regional_acl, alb) == "webstack-test-other"
