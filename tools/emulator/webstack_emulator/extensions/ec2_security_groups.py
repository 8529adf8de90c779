"""EC2 security group fixes for moto 5.2.5: prefix list rules and rule descriptions."""

from __future__ import annotations

import inspect
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix


@fix(
    "ec2",
    "AuthorizeSecurityGroupIngress",
    "A prefix list rule's Description was dropped (the rule kept only the PrefixListId), and "
    "UpdateSecurityGroupRuleDescriptions* never changed it, so amazon.aws ec2_security_group rewrote the "
    "description of a CloudFront prefix list rule on every run. Applies to egress rules the same way.",
)
def prefix_list_rules_keep_their_description() -> None:
    from moto.ec2.models.security_groups import GroupedSecurityRuleView
    from moto.ec2.models.security_groups import SecurityGroup
    from moto.ec2.models.security_groups import SecurityGroupBackend
    from moto.ec2.models.security_groups import SecurityGroupRule

    original_init = SecurityGroupRule.__init__
    signature = inspect.signature(original_init)

    @wraps(original_init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        prefix_list = signature.bind(self, *args, **kwargs).arguments.get("prefix_list_id")
        self.prefix_list_description = (prefix_list or {}).get("Description")

    SecurityGroupRule.__init__ = __init__

    def entry(rule: Any) -> dict[str, str]:
        found = {"PrefixListId": rule.prefix_list_id}
        if getattr(rule, "prefix_list_description", None):
            found["Description"] = rule.prefix_list_description
        return found

    original_flattened = SecurityGroup._flattened_rules

    @wraps(original_flattened)
    def _flattened_rules(self: Any, rules: list[Any]) -> list[GroupedSecurityRuleView]:
        views = original_flattened(self, rules)
        for view in views:
            matching = [
                rule
                for rule in rules
                if rule.prefix_list_id and (rule.from_port, rule.to_port, rule.ip_protocol) == (view.from_port, view.to_port, view.ip_protocol)
            ]
            if matching:
                view.prefix_list_ids = [entry(rule) for rule in matching]
        return views

    SecurityGroup._flattened_rules = _flattened_rules

    original_update = SecurityGroupBackend._sg_update_description

    @wraps(original_update)
    def _sg_update_description(self: Any, security_rule: Any, rule: Any) -> None:
        original_update(self, security_rule, rule)
        if security_rule.prefix_list_id and security_rule.prefix_list_id == rule.prefix_list_id:
            rule.prefix_list_description = getattr(security_rule, "prefix_list_description", None)

    SecurityGroupBackend._sg_update_description = _sg_update_description


@fix(
    "ec2",
    "UpdateSecurityGroupRuleDescriptionsIngress",
    "The answer had no Return element (AWS answers <return>true</return>), so amazon.aws "
    "ec2_security_group failed with KeyError 'Return' when it updated a rule's description. "
    "The egress operation answers the same way.",
)
def rule_description_updates_return_true() -> None:
    from moto.core.responses import ActionResult
    from moto.ec2.responses.security_groups import SecurityGroups

    for name in ("update_security_group_rule_descriptions_ingress", "update_security_group_rule_descriptions_egress"):
        original = getattr(SecurityGroups, name)

        def answer(self: Any, original: Any = original) -> ActionResult:
            original(self)
            return ActionResult({"Return": True})

        setattr(SecurityGroups, name, wraps(original)(answer))
