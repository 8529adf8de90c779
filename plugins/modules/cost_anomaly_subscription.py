#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cost_anomaly_subscription
version_added: 0.2.0
short_description: Manage an AWS Cost Anomaly Detection alert subscription
description:
  - Create, update, tag or delete one Cost Anomaly Detection alert subscription (Cost Explorer C(AnomalySubscription)),
    which notifies subscribers of the anomalies its monitors detect above a threshold.
  - The subscription is found by O(name) among the account's subscriptions, or by O(subscription_arn) when given, in
    which case O(name) is the name it should have.
  - An existing subscription is updated in place; only the settings that differ are sent. Thresholds are compared as
    numbers (AWS answers C(100.0) for C(100)), monitors and subscribers regardless of their order.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the subscription (C(SubscriptionName)).
      - Identifies the subscription unless O(subscription_arn) is given. When several subscriptions have this name the
        module fails; name one with O(subscription_arn).
    required: true
    type: str
  subscription_arn:
    description:
      - The ARN of an existing subscription to manage, for example
        V(arn:aws:ce::123456789012:anomalysubscription/0123abcd-...).
      - With O(state=present) the subscription must exist; its name becomes O(name).
    type: str
  state:
    description:
      - Whether the subscription should exist.
    default: present
    choices: ['present', 'absent']
    type: str
  monitor_arns:
    description:
      - The ARNs of the anomaly monitors whose anomalies the subscription notifies about.
      - Required with O(state=present).
    type: list
    elements: str
  frequency:
    description:
      - How often subscribers are notified. V(DAILY) and V(WEEKLY) send email summaries, so they need
        V(EMAIL) subscribers only; V(IMMEDIATE) publishes each anomaly to one SNS topic, so it needs exactly one
        V(SNS) subscriber.
    default: DAILY
    choices: ['DAILY', 'IMMEDIATE', 'WEEKLY']
    type: str
  subscribers:
    description:
      - Who is notified, at most 10 email addresses or one SNS topic. Required with O(state=present).
    type: list
    elements: dict
    suboptions:
      type:
        description:
          - V(EMAIL) or V(SNS), as O(frequency) requires.
        required: true
        choices: ['EMAIL', 'SNS']
        type: str
      address:
        description:
          - A well-formed email address, or the ARN of an SNS topic.
        required: true
        type: str
  threshold_expression:
    description:
      - The C(ThresholdExpression) of the subscription, a Cost Explorer C(Expression) as the API spells it, that is C(Dimensions)
        with C(Key) V(ANOMALY_TOTAL_IMPACT_ABSOLUTE) or V(ANOMALY_TOTAL_IMPACT_PERCENTAGE), C(MatchOptions)
        V([GREATER_THAN_OR_EQUAL]) and one number as a string in C(Values); or C(And)/C(Or) of such expressions.
      - Mutually exclusive with O(threshold_absolute) and O(threshold_percentage); one of the three is required with
        O(state=present).
    type: dict
  threshold_absolute:
    description:
      - Notify anomalies whose total cost impact is at least this amount (in the account's currency, 0 or more).
      - With O(threshold_percentage) too, an anomaly must meet both (the module sends an C(And) of the two).
    type: float
  threshold_percentage:
    description:
      - Notify anomalies whose total impact is at least this percentage of the expected spend (0 or more).
      - With O(threshold_absolute) too, an anomaly must meet both (the module sends an C(And) of the two).
    type: float
notes:
  - Cost Explorer is a global service; its endpoint is in C(us-east-1).
  - An SNS topic subscriber must allow C(costalerts.amazonaws.com) to publish to it.
  - In check mode the module reports what would change and changes nothing; a subscription it would create is
    returned without an ARN.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Email a daily summary of anomalies costing 100 or more
  webstack.aws.cost_anomaly_subscription:
    name: webstack-daily
    monitor_arns:
      - "{{ services_monitor.monitor.monitor_arn }}"
    subscribers:
      - type: EMAIL
        address: ops@example.com
    threshold_absolute: 100
    tags:
      webstack:stack: webstack

- name: Publish each anomaly of at least 100 and 20 % to an SNS topic at once
  webstack.aws.cost_anomaly_subscription:
    name: webstack-immediate
    monitor_arns:
      - "{{ services_monitor.monitor.monitor_arn }}"
    frequency: IMMEDIATE
    subscribers:
      - type: SNS
        address: arn:aws:sns:us-east-1:123456789012:webstack-cost-alerts
    threshold_absolute: 100
    threshold_percentage: 20

- name: Weekly email for anomalies of 500 or more, or 50 % or more
  webstack.aws.cost_anomaly_subscription:
    name: webstack-weekly
    monitor_arns:
      - "{{ services_monitor.monitor.monitor_arn }}"
    frequency: WEEKLY
    subscribers:
      - type: EMAIL
        address: finance@example.com
    threshold_expression:
      Or:
        - Dimensions:
            Key: ANOMALY_TOTAL_IMPACT_ABSOLUTE
            MatchOptions: [GREATER_THAN_OR_EQUAL]
            Values: ["500"]
        - Dimensions:
            Key: ANOMALY_TOTAL_IMPACT_PERCENTAGE
            MatchOptions: [GREATER_THAN_OR_EQUAL]
            Values: ["50"]

- name: Remove a subscription
  webstack.aws.cost_anomaly_subscription:
    name: webstack-weekly
    state: absent
"""

RETURN = r"""
subscription:
  description:
    - The subscription, as GetAnomalySubscriptions returns it, in snake_case (the threshold expression as the API
      spells it) with its tags.
    - In check mode, for a subscription the module would create, the settings it would have (no ARN).
  returned: when O(state=present)
  type: dict
  contains:
    subscription_arn:
      description: The ARN of the subscription.
      type: str
      returned: when the subscription exists
      sample: arn:aws:ce::123456789012:anomalysubscription/0123abcd-4567-89ef-0123-456789abcdef
    subscription_name:
      description: The name of the subscription.
      type: str
      returned: always
      sample: webstack-daily
    account_id:
      description: The account that owns the subscription.
      type: str
      returned: when the subscription exists
      sample: "123456789012"
    monitor_arn_list:
      description: The ARNs of the monitors of the subscription.
      type: list
      elements: str
      returned: always
      sample: ["arn:aws:ce::123456789012:anomalymonitor/0123abcd-4567-89ef-0123-456789abcdef"]
    subscribers:
      description: The subscribers, each with C(type), C(address) and, when AWS reports it, C(status).
      type: list
      elements: dict
      returned: always
      sample: [{"type": "EMAIL", "address": "ops@example.com", "status": "CONFIRMED"}]
    frequency:
      description: How often subscribers are notified.
      type: str
      returned: always
      sample: DAILY
    threshold_expression:
      description: The threshold expression, in the API's CamelCase.
      type: dict
      returned: always
      sample: {"Dimensions": {"Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE", "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": ["100.0"]}}
    threshold:
      description: The deprecated absolute threshold, for a subscription made with it.
      type: float
      returned: when AWS reports it
      sample: 100.0
    tags:
      description: The tags of the subscription.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
"""

from typing import Any
from typing import Dict
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import SETTLING_CODES
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import apply_tags
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import by_arn
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import by_name
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import desired_subscription
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import get_subscriptions
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import get_tags
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import resource_tags
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import subscription_after
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import subscription_update
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import subscription_view
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import tag_changes
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import tags_after
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import validate_subscription_params
from ansible_collections.webstack.aws.plugins.module_utils.cost_explorer import THROTTLING_CODES
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    subscription_arn=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    monitor_arns=dict(type="list", elements="str"),
    frequency=dict(type="str", default="DAILY", choices=["DAILY", "IMMEDIATE", "WEEKLY"]),
    subscribers=dict(
        type="list",
        elements="dict",
        options=dict(
            type=dict(type="str", required=True, choices=["EMAIL", "SNS"]),
            address=dict(type="str", required=True),
        ),
    ),
    threshold_expression=dict(type="dict"),
    threshold_absolute=dict(type="float"),
    threshold_percentage=dict(type="float"),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
)


class SubscriptionManager:
    """Brings one anomaly subscription to the state the module's options describe."""

    def __init__(self, module, client, settling) -> None:
        self.module = module
        self.client = client
        # The same client, also retrying while a resource just made is not visible yet (SETTLING_CODES).
        self.settling = settling
        self.params = module.params
        self.check_mode = module.check_mode

    def call(self, what: str, operation: str, settling: bool = False, **params: Any) -> Dict[str, Any]:
        try:
            return getattr(self.settling if settling else self.client, operation)(aws_retry=True, **params)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to {what}")

    def tags(self, arn: str, settling: bool = False) -> Dict[str, str]:
        try:
            return get_tags(self.settling if settling else self.client, arn)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to read the tags of anomaly subscription {arn}")

    def find(self) -> Optional[Dict[str, Any]]:
        try:
            subscriptions = get_subscriptions(self.client)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg="Failed to list anomaly subscriptions")
        arn = self.params.get("subscription_arn")
        if arn:
            return by_arn(subscriptions, "SubscriptionArn", arn)
        matches = by_name(subscriptions, "SubscriptionName", self.params["name"])
        if len(matches) > 1:
            arns = ", ".join(s["SubscriptionArn"] for s in matches)
            self.module.fail_json(msg=f"{len(matches)} anomaly subscriptions are named {self.params['name']!r} ({arns}); choose one with subscription_arn")
        return matches[0] if matches else None

    def reread(self, arn: str) -> Dict[str, Any]:
        [subscription] = self.call(f"read anomaly subscription {arn}", "get_anomaly_subscriptions", settling=True, SubscriptionArnList=[arn])[
            "AnomalySubscriptions"
        ]
        return subscription_view(subscription, self.tags(arn, settling=True))

    # Desired states

    def ensure_absent(self) -> Dict[str, Any]:
        current = self.find()
        if current is None:
            return {"changed": False, "diff": {"before": {}, "after": {}}}
        arn = current["SubscriptionArn"]
        before = subscription_view(current, self.tags(arn))
        if not self.check_mode:
            self.call(f"delete anomaly subscription {arn}", "delete_anomaly_subscription", SubscriptionArn=arn)
        return {"changed": True, "diff": {"before": before, "after": {}}}

    def ensure_present(self) -> Dict[str, Any]:
        desired = desired_subscription(self.params)
        current = self.find()
        if current is None:
            if self.params.get("subscription_arn"):
                self.module.fail_json(msg=f"subscription_arn {self.params['subscription_arn']} names no anomaly subscription of this account")
            return self.create(desired)
        return self.update(current, desired)

    # Changing

    def create(self, desired: Dict[str, Any]) -> Dict[str, Any]:
        tags = tags_after({}, self.params.get("tags"), True)
        after = subscription_view(desired, tags)
        if not self.check_mode:
            answer = self.call(
                f"create anomaly subscription {desired['SubscriptionName']}",
                "create_anomaly_subscription",
                settling=True,
                AnomalySubscription=desired,
                **resource_tags(tags),
            )
            after = self.reread(answer["SubscriptionArn"])
        return {"changed": True, "subscription": after, "diff": {"before": {}, "after": after}}

    def update(self, current: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
        arn = current["SubscriptionArn"]
        current_tags = self.tags(arn)
        before = subscription_view(current, current_tags)
        update = subscription_update(current, desired)
        to_set, to_remove = tag_changes(current_tags, self.params.get("tags"), self.params["purge_tags"])
        changed = bool(update or to_set or to_remove)
        after = subscription_view(subscription_after(current, update), tags_after(current_tags, self.params.get("tags"), self.params["purge_tags"]))
        if changed and not self.check_mode:
            if update:
                self.call(f"update anomaly subscription {arn}", "update_anomaly_subscription", settling=True, SubscriptionArn=arn, **update)
            try:
                apply_tags(self.client, arn, to_set, to_remove)
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.module.fail_json_aws(e, msg=f"Failed to tag anomaly subscription {arn}")
            after = self.reread(arn)
        return {"changed": changed, "subscription": after, "diff": {"before": before, "after": after}}


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_subscription_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("ce", retry_decorator=retrying(THROTTLING_CODES))
    settling = module.client("ce", retry_decorator=retrying(THROTTLING_CODES + SETTLING_CODES))
    manager = SubscriptionManager(module, client, settling)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
