"""AWS Config rule fidelity fixes for moto 5.2.5."""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix


@fix(
    "config",
    "DescribeConfigRules",
    "A rule named in ConfigRuleNames while the account had no rule at all answered an empty list; AWS answers "
    "NoSuchConfigRuleException, which community.aws config_rule relies on (it crashed with an IndexError).",
)
def describe_config_rules_names_a_missing_rule() -> None:
    from moto.config.exceptions import NoSuchConfigRuleException
    from moto.config.models import ConfigBackend

    original = ConfigBackend.describe_config_rules

    @wraps(original)
    def describe_config_rules(self: Any, config_rule_names: list[str] | None, next_token: str | None) -> dict[str, Any]:
        for name in config_rule_names or []:
            if name not in self.config_rules:
                raise NoSuchConfigRuleException(name)
        return original(self, config_rule_names, next_token)

    ConfigBackend.describe_config_rules = describe_config_rules  # type: ignore[method-assign]


@fix(
    "config",
    "PutConfigRule",
    "A rule was stored without EvaluationModes; AWS answers DescribeConfigRules with the rule's evaluation modes "
    "(DETECTIVE unless PROACTIVE was asked for), and community.aws config_rule crashed with a KeyError without them.",
)
def config_rules_keep_their_evaluation_modes() -> None:
    from moto.config.models import ConfigRule

    original = ConfigRule.modify_fields

    @wraps(original)
    def modify_fields(self: Any, region: str, config_rule: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        original(self, region, config_rule, *args, **kwargs)
        self.evaluation_modes = config_rule.get("EvaluationModes") or [{"Mode": "DETECTIVE"}]

    ConfigRule.modify_fields = modify_fields  # type: ignore[method-assign]
