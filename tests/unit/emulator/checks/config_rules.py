"""Checks of the AWS Config rule fixes (tools/emulator/webstack_emulator/extensions/config_rules.py)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

RULE = {"ConfigRuleName": "encrypted-volumes", "Source": {"Owner": "AWS", "SourceIdentifier": "ENCRYPTED_VOLUMES"}}


@check("config", "DescribeConfigRules")
def a_missing_rule_is_named_even_when_the_account_has_none(aws: Emulator) -> dict[str, Any]:
    config = aws.client("config")
    with pytest.raises(ClientError) as refused:
        config.describe_config_rules(ConfigRuleNames=["encrypted-volumes"])
    assert refused.value.response["Error"]["Code"] == "NoSuchConfigRuleException"
    config.put_config_rule(ConfigRule=RULE)
    response = config.describe_config_rules(ConfigRuleNames=["encrypted-volumes"])
    assert [rule["ConfigRuleName"] for rule in response["ConfigRules"]] == ["encrypted-volumes"]
    return response


@check("config", "PutConfigRule")
def a_rule_reads_back_with_its_evaluation_modes(aws: Emulator) -> dict[str, Any]:
    config = aws.client("config")
    response = config.put_config_rule(ConfigRule=RULE)
    [rule] = config.describe_config_rules(ConfigRuleNames=["encrypted-volumes"])["ConfigRules"]
    assert rule["EvaluationModes"] == [{"Mode": "DETECTIVE"}]
    return response
