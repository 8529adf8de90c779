#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: securityhub
version_added: 0.2.0
short_description: Manage AWS Security Hub CSPM and its standards for the account in a region
description:
  - Enable or disable AWS Security Hub Cloud Security Posture Management (CSPM) for the account in the region, and manage
    the hub's configuration, its tags and its subscriptions to security standards.
  - Disabling Security Hub (O(state=absent)) also disables every standard; AWS deletes the findings and settings after 90 days.
  - Standards are named by their ARN or their short id, and are checked against DescribeStandards before anything
    changes. Some standards ARNs are global (V(arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0)),
    most are regional (V(arn:aws:securityhub:eu-west-1::standards/pci-dss/v/3.2.1)); a short id avoids the difference.
author:
  - webstack.aws maintainers (@webstack)
options:
  state:
    description:
      - Whether Security Hub should be enabled (V(present)) or disabled (V(absent)) in the account and region.
    default: present
    choices: ['present', 'absent']
    type: str
  enable_default_standards:
    description:
      - Whether enabling Security Hub also enables the standards AWS marks as enabled by default (C(EnabledByDefault) in
        DescribeStandards), AWS Foundational Security Best Practices and CIS AWS Foundations Benchmark v1.2.0.
      - Only used when the module enables Security Hub; it changes nothing on a hub that is already enabled.
      - When O(standards) is given with O(purge_standards=true), the subscriptions end up exactly as O(standards)
        lists them, so the module does not ask AWS for the default standards it would disable at once.
    default: false
    type: bool
  control_finding_generator:
    description:
      - V(SECURITY_CONTROL) generates one finding per control check even when the control applies to several enabled
        standards (consolidated control findings); V(STANDARD_CONTROL) generates one finding per standard.
      - In an organization, only the Security Hub administrator account can change it.
    default: SECURITY_CONTROL
    choices: ['SECURITY_CONTROL', 'STANDARD_CONTROL']
    type: str
  auto_enable_controls:
    description:
      - Whether Security Hub enables new controls automatically when AWS adds them to an enabled standard.
    default: true
    type: bool
  standards:
    description:
      - The standards the account should be subscribed to, each by its ARN or its short id, for example
        V(aws-foundational-security-best-practices/v/1.0.0), V(cis-aws-foundations-benchmark/v/1.4.0),
        V(cis-aws-foundations-benchmark/v/3.0.0), V(nist-800-53/v/5.0.0) or V(pci-dss/v/3.2.1).
      - The valid ids are those DescribeStandards lists in the region (see M(webstack.aws.securityhub_info));
        an unknown one fails the module before anything changes, listing the valid ids.
      - When not set, the subscriptions are left as they are. With V([]) and O(purge_standards=true), every standard
        is disabled.
    type: list
    elements: str
  purge_standards:
    description:
      - Whether to disable the standards the account is subscribed to but O(standards) does not list.
      - Only used when O(standards) is set.
    default: true
    type: bool
  wait:
    description:
      - Wait until every standard the module enables is C(READY) and every standard it disables is gone.
      - A standard that ends C(INCOMPLETE) or C(FAILED) fails the module with the reason AWS gives.
    default: true
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true).
    default: 300
    type: int
notes:
  - Tags apply to the hub resource (its ARN, C(arn:aws:securityhub:<region>:<account>:hub/default)).
  - In check mode the module reports what would change and changes nothing; a hub it would enable is returned
    without C(hub_arn) and C(subscribed_at), and a standard it would enable with its C(standards_arn) only.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Enable Security Hub with AWS Foundational Security Best Practices and CIS v3.0.0 only
  webstack.aws.securityhub:
    standards:
      - aws-foundational-security-best-practices/v/1.0.0
      - cis-aws-foundations-benchmark/v/3.0.0
    tags:
      webstack:stack: webstack
      webstack:environment: prod
  register: security_hub

- name: Enable Security Hub with the default standards, one finding per standard, no new controls automatically
  webstack.aws.securityhub:
    enable_default_standards: true
    control_finding_generator: STANDARD_CONTROL
    auto_enable_controls: false

- name: Add PCI DSS by its ARN, keeping the other subscriptions, without waiting for it to be ready
  webstack.aws.securityhub:
    standards:
      - arn:aws:securityhub:eu-west-1::standards/pci-dss/v/3.2.1
    purge_standards: false
    wait: false

- name: Disable Security Hub (and every standard) in the region
  webstack.aws.securityhub:
    state: absent
"""

RETURN = r"""
hub:
  description:
    - The hub, as DescribeHub returns it, in snake_case, with its tags.
    - In check mode, for a hub the module would enable, the settings it would have.
  returned: when O(state=present)
  type: dict
  contains:
    hub_arn:
      description: The ARN of the hub.
      type: str
      returned: when Security Hub is enabled
      sample: arn:aws:securityhub:eu-west-1:123456789012:hub/default
    subscribed_at:
      description: When Security Hub was enabled (ISO 8601).
      type: str
      returned: when Security Hub is enabled
      sample: "2025-01-01T12:00:00.000Z"
    auto_enable_controls:
      description: Whether new controls of enabled standards are enabled automatically.
      type: bool
      returned: always
      sample: true
    control_finding_generator:
      description: C(SECURITY_CONTROL) (consolidated control findings) or C(STANDARD_CONTROL).
      type: str
      returned: always
      sample: SECURITY_CONTROL
    tags:
      description: The tags of the hub.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
standards:
  description:
    - The account's subscriptions to standards, as GetEnabledStandards returns them, in snake_case; subscriptions
      being deleted are left out.
    - In check mode, a standard the module would enable has only its C(standards_arn).
  returned: when O(state=present)
  type: list
  elements: dict
  contains:
    standards_arn:
      description: The ARN of the standard.
      type: str
      returned: always
      sample: arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0
    standards_subscription_arn:
      description: The ARN of the subscription.
      type: str
      returned: when the subscription exists
      sample: arn:aws:securityhub:eu-west-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0
    standards_status:
      description: C(PENDING), C(READY), C(INCOMPLETE), C(DELETING) or C(FAILED).
      type: str
      returned: when the subscription exists
      sample: READY
    standards_status_reason:
      description: Why the subscription is C(INCOMPLETE) or C(FAILED).
      type: dict
      returned: when AWS reports it
      sample: {"status_reason_code": "NO_AVAILABLE_CONFIGURATION_RECORDER"}
    standards_controls_updatable:
      description: Whether the controls of the standard can be read and configured yet.
      type: str
      returned: when AWS reports it
      sample: READY_FOR_UPDATES
    standards_input:
      description: The input parameters of the standard.
      type: dict
      returned: when the subscription exists
      sample: {}
    provider:
      description: The cloud provider whose resources the standard evaluates.
      type: str
      returned: when AWS reports it
      sample: AWS
"""

import time
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import describe_hub
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import describe_standards
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import enabled_standards
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import hub_tags
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import hub_view
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import short_id
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import subscription_view

ARGUMENT_SPEC = dict(
    state=dict(type="str", default="present", choices=["present", "absent"]),
    enable_default_standards=dict(type="bool", default=False),
    control_finding_generator=dict(type="str", default="SECURITY_CONTROL", choices=["SECURITY_CONTROL", "STANDARD_CONTROL"]),
    auto_enable_controls=dict(type="bool", default=True),
    standards=dict(type="list", elements="str"),
    purge_standards=dict(type="bool", default=True),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
)

POLL_DELAY = 3  # seconds between GetEnabledStandards polls
BATCH_SIZE = 25  # most ARNs BatchEnableStandards and BatchDisableStandards take at once
GONE = "DELETING"  # a subscription in this status is on its way out: not enabled
BROKEN = ("INCOMPLETE", "FAILED")  # statuses that end a wait with an error
MAX_TAGS = 50

_SHORT_ID_SHAPE = "<name>/v/<version>"


# Pure functions: inputs, plans, views


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the options that needs no AWS call, each naming its option."""
    errors = []
    if params["wait_timeout"] <= 0:
        errors.append(f"wait_timeout must be a positive number of seconds, got {params['wait_timeout']}")
    for entry in params.get("standards") or []:
        if not _looks_like_standard(entry):
            errors.append(
                f"standards: {entry!r} is neither a Security Hub standards ARN (arn:aws:securityhub:...:standards/... or ...:ruleset/...) "
                f"nor a short id like aws-foundational-security-best-practices/v/1.0.0 ({_SHORT_ID_SHAPE})"
            )
    tags = params.get("tags") or {}
    if len(tags) > MAX_TAGS:
        errors.append(f"tags: a hub takes at most {MAX_TAGS} tags, got {len(tags)}")
    for key, value in tags.items():
        if key.lower().startswith("aws:"):
            errors.append(f"tags: the key {key!r} starts with 'aws:', which AWS reserves")
        elif not 1 <= len(key) <= 128:
            errors.append(f"tags: the key {key!r} must be 1 to 128 characters long")
        if len(str(value)) > 256:
            errors.append(f"tags: the value of {key!r} must be at most 256 characters long")
    return errors


def _looks_like_standard(entry: str) -> bool:
    if entry.startswith("arn:"):
        parts = entry.split(":", 5)
        return len(parts) == 6 and parts[1].startswith("aws") and parts[2] == "securityhub" and parts[5].startswith(("standards/", "ruleset/"))
    name, slash_v_slash, version = entry.partition("/v/")
    return bool(name and slash_v_slash and version) and entry == entry.strip() and " " not in entry


def resolve_standards(requested: List[str], catalogue: List[Dict[str, Any]]) -> Tuple[List[str], List[str]]:
    """The standards ARNs the requested ARNs or short ids name (in order, once each), and the entries that name none."""
    by_name: Dict[str, str] = {}
    for standard in catalogue:
        by_name[standard["StandardsArn"]] = standard["StandardsArn"]
        by_name[short_id(standard["StandardsArn"])] = standard["StandardsArn"]
    arns = [by_name[entry] for entry in requested if entry in by_name]
    unknown = [entry for entry in requested if entry not in by_name]
    return list(dict.fromkeys(arns)), unknown


def unknown_standards_message(unknown: List[str], catalogue: List[Dict[str, Any]]) -> str:
    valid = ", ".join(short_id(standard["StandardsArn"]) for standard in catalogue)
    return f"standards: unknown standard(s) {', '.join(unknown)}; valid ids in this region: {valid} (or the ARNs DescribeStandards gives for them)"


def sends_default_standards(params: Dict[str, Any]) -> bool:
    """Whether EnableSecurityHub should enable the default standards: not when O(standards) with purge would disable them at once."""
    return params["enable_default_standards"] and not (params.get("standards") is not None and params["purge_standards"])


def enable_params(params: Dict[str, Any]) -> Dict[str, Any]:
    """EnableSecurityHub's parameters for the module's options."""
    request: Dict[str, Any] = {
        "EnableDefaultStandards": sends_default_standards(params),
        "ControlFindingGenerator": params["control_finding_generator"],
    }
    if params.get("tags"):
        request["Tags"] = dict(params["tags"])
    return request


def new_hub(params: Dict[str, Any]) -> Dict[str, Any]:
    """The settings EnableSecurityHub gives a hub (AutoEnableControls is not one of its parameters: AWS starts it true)."""
    return {"AutoEnableControls": True, "ControlFindingGenerator": params["control_finding_generator"]}


def configuration_changes(hub: Dict[str, Any], params: Dict[str, Any]) -> Dict[str, Any]:
    """UpdateSecurityHubConfiguration's parameters for the settings that differ ({} when none does)."""
    changes: Dict[str, Any] = {}
    if hub.get("AutoEnableControls") != params["auto_enable_controls"]:
        changes["AutoEnableControls"] = params["auto_enable_controls"]
    if hub.get("ControlFindingGenerator") != params["control_finding_generator"]:
        changes["ControlFindingGenerator"] = params["control_finding_generator"]
    return changes


def standards_after(current: List[str], wanted: Optional[List[str]], purge: bool) -> List[str]:
    """The standards ARNs subscribed once the module is done: current ones (all, or those wanted when purging), then the new ones."""
    if wanted is None:
        return list(current)
    kept = [arn for arn in current if arn in wanted or not purge]
    return list(dict.fromkeys(kept + wanted))


def standards_changes(current: List[str], wanted: Optional[List[str]], purge: bool) -> Tuple[List[str], List[str]]:
    """The standards ARNs to enable and those to disable."""
    after = standards_after(current, wanted, purge)
    return [arn for arn in after if arn not in current], [arn for arn in current if arn not in after]


def active(subscriptions: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The subscriptions that count as enabled (not on their way out)."""
    return [s for s in subscriptions if s.get("StandardsStatus") != GONE]


def hub_state(hub: Optional[Dict[str, Any]], tags: Dict[str, str], standards_arns: List[str]) -> Dict[str, Any]:
    """What the diff shows of the hub: {} when Security Hub is disabled."""
    if hub is None:
        return {}
    return {
        "auto_enable_controls": hub.get("AutoEnableControls"),
        "control_finding_generator": hub.get("ControlFindingGenerator"),
        "tags": dict(tags),
        "standards": sorted(standards_arns),
    }


def status_problems(subscriptions: List[Dict[str, Any]], arns: List[str]) -> List[str]:
    """A line for each of these subscriptions that is INCOMPLETE or FAILED, with the reason AWS gives."""
    problems = []
    for subscription in subscriptions:
        if subscription["StandardsSubscriptionArn"] in arns and subscription.get("StandardsStatus") in BROKEN:
            reason = (subscription.get("StandardsStatusReason") or {}).get("StatusReasonCode", "no reason given")
            problems.append(f"{subscription['StandardsArn']} is {subscription['StandardsStatus']} ({reason})")
    return problems


def unsettled(subscriptions: List[Dict[str, Any]], enabling: List[str], disabling: List[str]) -> List[str]:
    """The subscription ARNs not yet where the module wants them: enabled ones not READY, disabled ones still listed."""
    status = {s["StandardsSubscriptionArn"]: s.get("StandardsStatus") for s in subscriptions}
    return [arn for arn in enabling if status.get(arn) != "READY"] + [arn for arn in disabling if arn in status]


def _batches(items: List[str]) -> List[List[str]]:
    return [items[start : start + BATCH_SIZE] for start in range(0, len(items), BATCH_SIZE)]


class SecurityHubManager:
    """Brings the account's hub in the region to the state the module's options describe."""

    def __init__(self, module, client, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.check_mode = module.check_mode
        self._sleep = sleep
        self._clock = clock

    def _fail(self, error: Exception, msg: str) -> None:
        self.module.fail_json_aws(error, msg=msg)

    # Reading

    def hub(self) -> Optional[Dict[str, Any]]:
        try:
            return describe_hub(self.client)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self._fail(e, "Failed to describe the Security Hub hub")

    def tags(self, hub: Dict[str, Any]) -> Dict[str, str]:
        try:
            return hub_tags(self.client, hub["HubArn"])
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self._fail(e, f"Failed to list the tags of {hub['HubArn']}")

    def subscriptions(self) -> List[Dict[str, Any]]:
        try:
            return enabled_standards(self.client)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self._fail(e, "Failed to get the enabled Security Hub standards")

    def catalogue(self) -> List[Dict[str, Any]]:
        try:
            return describe_standards(self.client)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self._fail(e, "Failed to describe the Security Hub standards")

    def wanted_standards(self, catalogue: List[Dict[str, Any]]) -> Optional[List[str]]:
        """The standards ARNs O(standards) names (None when not set); fails on an entry DescribeStandards does not know."""
        if self.params.get("standards") is None:
            return None
        arns, unknown = resolve_standards(self.params["standards"], catalogue)
        if unknown:
            self.module.fail_json(msg=unknown_standards_message(unknown, catalogue), unknown_standards=unknown)
        return arns

    # Desired states

    def ensure_present(self) -> Dict[str, Any]:
        hub = self.hub()
        creating = hub is None
        needs_catalogue = self.params.get("standards") is not None or (creating and sends_default_standards(self.params))
        catalogue = self.catalogue() if needs_catalogue else []
        wanted = self.wanted_standards(catalogue)  # fails before any change on an unknown standard

        tags = {} if creating else self.tags(hub)
        subscriptions = [] if creating else active(self.subscriptions())
        before = hub_state(hub, tags, [s["StandardsArn"] for s in subscriptions])

        enabling: List[str] = []  # subscription ARNs to wait for
        if creating:
            hub, subscriptions, enabling = self.enable_hub(catalogue)
            tags = dict(self.params.get("tags") or {})
        changed = creating

        changes = configuration_changes(hub, self.params)
        if changes:
            changed = True
            hub = dict(hub, **changes)
            if not self.check_mode:
                self.update_configuration(changes)

        if self.params.get("tags") is not None and not creating:
            to_set, to_unset = compare_aws_tags(tags, self.params["tags"], purge_tags=self.params["purge_tags"])
            if to_set or to_unset:
                changed = True
                tags = self.retag(hub, tags, to_set, to_unset)

        current = [s["StandardsArn"] for s in subscriptions]
        to_enable, to_disable = standards_changes(current, wanted, self.params["purge_standards"])
        disabling = [s["StandardsSubscriptionArn"] for s in subscriptions if s["StandardsArn"] in to_disable]
        if to_enable or to_disable:
            changed = True
            if self.check_mode:
                subscriptions = [s for s in subscriptions if s["StandardsArn"] not in to_disable] + [{"StandardsArn": arn} for arn in to_enable]
            else:
                enabling += self.enable_standards(to_enable)
                self.disable_standards(disabling)

        if not self.check_mode and (enabling or disabling):
            subscriptions = self.settle(enabling, disabling) if self.params["wait"] else active(self.subscriptions())

        after = hub_state(hub, tags, [s["StandardsArn"] for s in subscriptions])
        return {
            "changed": changed,
            "hub": hub_view(hub, tags),
            "standards": [subscription_view(s) for s in subscriptions],
            "diff": {"before": before, "after": after},
        }

    def ensure_absent(self) -> Dict[str, Any]:
        hub = self.hub()
        if hub is None:
            return {"changed": False, "diff": {"before": {}, "after": {}}}
        before = hub_state(hub, self.tags(hub), [s["StandardsArn"] for s in active(self.subscriptions())])
        if not self.check_mode:
            try:
                self.client.disable_security_hub(aws_retry=True)
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self._fail(e, "Failed to disable Security Hub")
        return {"changed": True, "diff": {"before": before, "after": {}}}

    # Changing

    def enable_hub(self, catalogue: List[Dict[str, Any]]) -> Tuple[Dict[str, Any], List[Dict[str, Any]], List[str]]:
        """Enable Security Hub: the hub, its subscriptions and those of them to wait for (predicted in check mode)."""
        if self.check_mode:
            defaults = [s["StandardsArn"] for s in catalogue if s.get("EnabledByDefault")] if sends_default_standards(self.params) else []
            return new_hub(self.params), [{"StandardsArn": arn} for arn in defaults], []
        try:
            self.client.enable_security_hub(aws_retry=True, **enable_params(self.params))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self._fail(e, "Failed to enable Security Hub")
        hub = self.hub() or new_hub(self.params)
        subscriptions = active(self.subscriptions()) if sends_default_standards(self.params) else []
        return hub, subscriptions, [s["StandardsSubscriptionArn"] for s in subscriptions if s.get("StandardsStatus") != "READY"]

    def update_configuration(self, changes: Dict[str, Any]) -> None:
        try:
            self.client.update_security_hub_configuration(aws_retry=True, **changes)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self._fail(e, f"Failed to update the Security Hub configuration ({', '.join(sorted(changes))})")

    def retag(self, hub: Dict[str, Any], tags: Dict[str, str], to_set: Dict[str, str], to_unset: List[str]) -> Dict[str, str]:
        """The hub's tags after the change (made unless in check mode)."""
        if not self.check_mode:
            try:
                if to_unset:
                    self.client.untag_resource(aws_retry=True, ResourceArn=hub["HubArn"], TagKeys=to_unset)
                if to_set:
                    self.client.tag_resource(aws_retry=True, ResourceArn=hub["HubArn"], Tags=to_set)
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self._fail(e, f"Failed to update the tags of {hub['HubArn']}")
        return dict({k: v for k, v in tags.items() if k not in to_unset}, **to_set)

    def enable_standards(self, standards_arns: List[str]) -> List[str]:
        """Subscribe to the standards; the subscription ARNs not READY yet."""
        pending = []
        for batch in _batches(standards_arns):
            try:
                answer = self.client.batch_enable_standards(aws_retry=True, StandardsSubscriptionRequests=[{"StandardsArn": arn} for arn in batch])
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self._fail(e, f"Failed to enable the standards {', '.join(batch)}")
            pending += [s["StandardsSubscriptionArn"] for s in answer.get("StandardsSubscriptions", []) if s.get("StandardsStatus") != "READY"]
        return pending

    def disable_standards(self, subscription_arns: List[str]) -> None:
        for batch in _batches(subscription_arns):
            try:
                self.client.batch_disable_standards(aws_retry=True, StandardsSubscriptionArns=batch)
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self._fail(e, f"Failed to disable the standards subscriptions {', '.join(batch)}")

    # Waiting

    def settle(self, enabling: List[str], disabling: List[str]) -> List[Dict[str, Any]]:
        """Poll GetEnabledStandards until the enabled subscriptions are READY and the disabled ones gone; the active subscriptions then."""
        deadline = self._clock() + self.params["wait_timeout"]
        while True:
            subscriptions = self.subscriptions()
            problems = status_problems(subscriptions, enabling + disabling)
            if problems:
                self.module.fail_json(msg=f"Security Hub could not settle the standards: {'; '.join(problems)}", standards=subscriptions)
            waiting = unsettled(subscriptions, enabling, disabling)
            if not waiting:
                return active(subscriptions)
            if self._clock() >= deadline:
                self.module.fail_json(
                    msg=f"Timed out after {self.params['wait_timeout']}s waiting for the standards subscriptions {', '.join(waiting)} to settle",
                    standards=subscriptions,
                )
            self._sleep(POLL_DELAY)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("securityhub", retry_decorator=retrying())
    manager = SecurityHubManager(module, client)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
