"""webstack.aws.wafv2_logging_configuration: pure functions, then main() against the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import wafv2_logging_configuration as module
from botocore.exceptions import ClientError

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.wafv2 import US_EAST_1
from tests.unit.emulator.checks.wafv2 import create_web_acl
from tests.unit.emulator.checks.wafv2 import log_group_arn
from tests.unit.emulator.checks.wafv2 import wafv2
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

GROUP = log_group_arn("aws-waf-logs-webstack-test")
REDACTED = [{"type": "single_header", "name": "authorization"}, {"type": "single_header", "name": "cookie"}]
ACL_ARN = f"arn:aws:wafv2:{REGION}:123456789012:regional/webacl/edge/0a1b2c3d-0000-4000-8000-000000000001"
BLOCKED_ONLY = {
    "default_behavior": "DROP",
    "filters": [{"behavior": "KEEP", "requirement": "MEETS_ANY", "conditions": [{"action_condition": {"action": "BLOCK"}, "label_name_condition": None}]}],
}


def params(**overrides: Any) -> dict[str, Any]:
    return {"web_acl_arn": ACL_ARN, "log_destination_configs": [GROUP], "redacted_fields": REDACTED, "logging_filter": None, "state": "present", **overrides}


# --- pure functions -------------------------------------------------------------------


def test_valid_params_have_no_errors() -> None:
    assert module.validate_params(params()) == []
    assert module.validate_params(params(logging_filter=BLOCKED_ONLY)) == []


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"web_acl_arn": "arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/edge/0a1b"}, "web_acl_arn"),
        ({"web_acl_arn": "arn:aws:wafv2:eu-west-1:123456789012:global/webacl/edge/0a1b"}, "us-east-1"),
        ({"log_destination_configs": []}, "exactly one"),
        ({"log_destination_configs": [GROUP, log_group_arn("aws-waf-logs-other")]}, "exactly one"),
        ({"log_destination_configs": [log_group_arn("webstack-test")]}, "aws-waf-logs-"),
        ({"log_destination_configs": ["arn:aws:sns:eu-west-1:123456789012:aws-waf-logs-x"]}, "log_destination_configs"),
        ({"redacted_fields": [{"type": "single_header", "name": None}]}, "single_header need a name"),
        ({"redacted_fields": [{"type": "uri_path", "name": "x"}]}, "only with type single_header"),
        ({"redacted_fields": [{"type": "single_header", "name": "Cookie"}, {"type": "single_header", "name": "cookie"}]}, "twice"),
        ({"logging_filter": {"default_behavior": "DROP", "filters": []}}, "logging_filter.filters"),
        (
            {"logging_filter": {"default_behavior": "DROP", "filters": [{"behavior": "KEEP", "requirement": "MEETS_ANY", "conditions": [{}]}]}},
            "exactly one of action_condition",
        ),
    ],
)
def test_bad_params_name_the_option(overrides: dict[str, Any], option: str) -> None:
    errors = module.validate_params(params(**overrides))
    assert errors
    assert option in " ".join(errors)


def test_absent_needs_only_the_arn() -> None:
    assert module.validate_params(params(state="absent", log_destination_configs=None)) == []


def test_web_acl_region_is_us_east_1_for_cloudfront_scope() -> None:
    assert module.web_acl_region(ACL_ARN) == REGION
    assert module.web_acl_region("arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0a1b") == US_EAST_1


def test_build_desired_sends_the_api_shapes() -> None:
    wanted = module.build_desired(params(log_destination_configs=[GROUP + ":*"], logging_filter=BLOCKED_ONLY))
    assert wanted == {
        "ResourceArn": ACL_ARN,
        "LogDestinationConfigs": [GROUP],
        "RedactedFields": [{"SingleHeader": {"Name": "authorization"}}, {"SingleHeader": {"Name": "cookie"}}],
        "LoggingFilter": {
            "Filters": [{"Behavior": "KEEP", "Requirement": "MEETS_ANY", "Conditions": [{"ActionCondition": {"Action": "BLOCK"}}]}],
            "DefaultBehavior": "DROP",
        },
    }


def test_order_and_header_case_of_redacted_fields_do_not_matter() -> None:
    current = module.build_desired(params())
    current["RedactedFields"] = [{"SingleHeader": {"Name": "Cookie"}}, {"SingleHeader": {"Name": "Authorization"}}]
    current.update(LogType="WAF_LOGS", LogScope="CUSTOMER", ManagedByFirewallManager=False)
    assert not module.needs_put(current, module.build_desired(params()))


@pytest.mark.parametrize(
    "overrides",
    [{"log_destination_configs": [log_group_arn("aws-waf-logs-other")]}, {"redacted_fields": REDACTED[:1]}, {"logging_filter": BLOCKED_ONLY}],
    ids=["destination", "redacted", "filter"],
)
def test_a_different_setting_needs_a_put(overrides: dict[str, Any]) -> None:
    assert module.needs_put(module.build_desired(params()), module.build_desired(params(**overrides)))
    assert module.needs_put(None, module.build_desired(params()))


def test_settings_view_is_the_module_terms() -> None:
    view = module.settings_view({**module.build_desired(params(logging_filter=BLOCKED_ONLY)), "LogType": "WAF_LOGS"})
    assert view == {
        "resource_arn": ACL_ARN,
        "log_destination_configs": [GROUP],
        "redacted_fields": REDACTED,
        "logging_filter": {
            "default_behavior": "DROP",
            "filters": [{"behavior": "KEEP", "requirement": "MEETS_ANY", "conditions": [{"action_condition": {"action": "BLOCK"}}]}],
        },
        "log_type": "WAF_LOGS",
    }


# --- main() against the emulator ------------------------------------------------------


def logging(aws: Emulator, args: dict[str, Any], check_mode: bool = False) -> Result:
    return run(module.main, aws, args, check_mode)


def stored(aws: Emulator, arn: str, scope: str = "REGIONAL") -> dict[str, Any] | None:
    try:
        return wafv2(aws, scope).get_logging_configuration(ResourceArn=arn)["LoggingConfiguration"]
    except ClientError as error:
        assert error.response["Error"]["Code"] == "WAFNonexistentItemException"
        return None


@pytest.fixture
def acl(aws: Emulator) -> str:
    """A REGIONAL web ACL without logging; its ARN. The call log starts empty."""
    arn = create_web_acl(aws)["ARN"]
    aws.clear_calls()
    return arn


def args(arn: str, **overrides: Any) -> dict[str, Any]:
    return {"web_acl_arn": arn, "log_destination_configs": [GROUP], "redacted_fields": REDACTED, **overrides}


def test_logging_is_put_with_redactions(aws: Emulator, acl: str) -> None:
    result = logging(aws, args(acl))

    assert not result.failed, result.out
    assert result.changed
    assert aws.calls().mutating == ["wafv2:PutLoggingConfiguration"]
    configuration = stored(aws, acl)
    assert configuration is not None
    assert configuration["LogDestinationConfigs"] == [GROUP]
    assert configuration["RedactedFields"] == [{"SingleHeader": {"Name": "authorization"}}, {"SingleHeader": {"Name": "cookie"}}]
    out = result.out["logging_configuration"]
    assert (out["resource_arn"], out["log_destination_configs"], out["redacted_fields"], out["log_type"]) == (acl, [GROUP], REDACTED, "WAF_LOGS")
    assert result.out["diff"] == {"before": {}, "after": out}


def test_second_run_changes_nothing_and_calls_nothing_mutating(aws: Emulator, acl: str) -> None:
    logging(aws, args(acl))
    aws.clear_calls()

    again = logging(aws, args(acl, redacted_fields=list(reversed(REDACTED))))

    assert not again.failed, again.out
    assert not again.changed
    assert aws.calls().mutating == []
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_puts_nothing(aws: Emulator, acl: str) -> None:
    result = logging(aws, args(acl), check_mode=True)

    assert result.changed
    assert aws.calls().mutating == []
    assert stored(aws, acl) is None
    assert result.out["logging_configuration"]["redacted_fields"] == REDACTED


def test_update_adds_a_filter_and_shows_the_diff(aws: Emulator, acl: str) -> None:
    logging(aws, args(acl))
    aws.clear_calls()

    result = logging(aws, args(acl, logging_filter=BLOCKED_ONLY))

    assert result.changed
    assert aws.calls().mutating == ["wafv2:PutLoggingConfiguration"]
    configuration = stored(aws, acl)
    assert configuration is not None and configuration["LoggingFilter"]["DefaultBehavior"] == "DROP"
    assert "logging_filter" not in result.out["diff"]["before"]
    assert result.out["diff"]["after"]["logging_filter"]["filters"][0]["conditions"] == [{"action_condition": {"action": "BLOCK"}}]


def test_check_mode_update_puts_nothing(aws: Emulator, acl: str) -> None:
    logging(aws, args(acl))
    aws.clear_calls()

    result = logging(aws, args(acl, redacted_fields=[]), check_mode=True)

    assert result.changed
    assert aws.calls().mutating == []
    configuration = stored(aws, acl)
    assert configuration is not None and len(configuration["RedactedFields"]) == 2


def test_cloudfront_web_acl_is_managed_in_us_east_1_whatever_the_region(aws: Emulator) -> None:
    arn = create_web_acl(aws, scope="CLOUDFRONT")["ARN"]
    group = log_group_arn("aws-waf-logs-webstack-test", US_EAST_1)

    result = logging(aws, args(arn, log_destination_configs=[group], region=REGION))
    again = logging(aws, args(arn, log_destination_configs=[group], region=REGION))

    assert not result.failed, result.out
    assert result.changed and not again.changed
    configuration = stored(aws, arn, "CLOUDFRONT")
    assert configuration is not None and configuration["LogDestinationConfigs"] == [group]


def test_absent_deletes_and_twice_changes_nothing(aws: Emulator, acl: str) -> None:
    logging(aws, args(acl))
    aws.clear_calls()

    gone = logging(aws, {"web_acl_arn": acl, "state": "absent"})
    again = logging(aws, {"web_acl_arn": acl, "state": "absent"})

    assert gone.changed and not again.changed
    assert not gone.failed and not again.failed
    assert stored(aws, acl) is None
    assert aws.calls().mutating == ["wafv2:DeleteLoggingConfiguration"]
    assert gone.out["diff"]["after"] == {}


def test_absent_check_mode_deletes_nothing(aws: Emulator, acl: str) -> None:
    logging(aws, args(acl))
    aws.clear_calls()

    result = logging(aws, {"web_acl_arn": acl, "state": "absent"}, check_mode=True)

    assert result.changed
    assert aws.calls().mutating == []
    assert stored(aws, acl) is not None


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"log_destination_configs": [log_group_arn("webstack-test")]}, "aws-waf-logs-"),
        ({"redacted_fields": [{"type": "single_header"}]}, "redacted_fields"),
        ({"web_acl_arn": "arn:aws:wafv2:eu-west-1:123456789012:global/webacl/edge/0a1b"}, "web_acl_arn"),
        ({"redacted_fields": [{"type": "body"}]}, "redacted_fields"),
    ],
    ids=["destination-name", "header-without-name", "global-outside-us-east-1", "unknown-type"],
)
def test_bad_inputs_fail_before_any_change(aws: Emulator, acl: str, overrides: dict[str, Any], option: str) -> None:
    result = logging(aws, args(acl, **overrides))

    assert result.failed
    assert option in result.out["msg"]
    assert aws.calls().mutating == []


def test_present_without_destination_fails(aws: Emulator, acl: str) -> None:
    result = logging(aws, {"web_acl_arn": acl})

    assert result.failed
    assert "log_destination_configs" in result.out["msg"]
    assert aws.calls().mutating == []


def test_a_web_acl_that_does_not_exist_fails_naming_it(aws: Emulator) -> None:
    result = logging(aws, args(ACL_ARN))

    assert result.failed
    assert ACL_ARN in result.out["msg"]
    assert "WAFNonexistentItemException" in str(result.out)
