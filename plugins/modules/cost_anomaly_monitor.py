#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cost_anomaly_monitor
version_added: 0.2.0
short_description: Manage an AWS Cost Anomaly Detection monitor
description:
  - Create, rename, tag, replace or delete one Cost Anomaly Detection monitor (Cost Explorer C(AnomalyMonitor)).
  - The monitor is found by O(name) among the account's monitors, or by O(monitor_arn) when given, in which case
    O(name) is the name it should have and a different name is updated in place.
  - AWS can update only the name of a monitor. When O(monitor_type), O(monitor_dimension) or
    O(monitor_specification) differ from the existing monitor, the module fails and names them, unless
    O(replace=true); then it creates the new monitor, moves every alert subscription that used the old monitor to
    the new one, and deletes the old monitor. It never deletes a monitor silently.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the monitor (C(MonitorName)).
      - Identifies the monitor unless O(monitor_arn) is given. When several monitors have this name the module fails;
        name one with O(monitor_arn).
    required: true
    type: str
  monitor_arn:
    description:
      - The ARN of an existing monitor to manage, for example V(arn:aws:ce::123456789012:anomalymonitor/0123abcd-...).
      - With O(state=present) the monitor must exist; its name becomes O(name).
    type: str
  state:
    description:
      - Whether the monitor should exist.
    default: present
    choices: ['present', 'absent']
    type: str
  monitor_type:
    description:
      - V(DIMENSIONAL) for an AWS managed monitor that tracks every value of O(monitor_dimension) on its own;
        V(CUSTOM) for a customer managed monitor of the costs O(monitor_specification) selects, in aggregate.
      - Cannot be changed in place (see O(replace)).
    default: DIMENSIONAL
    choices: ['DIMENSIONAL', 'CUSTOM']
    type: str
  monitor_dimension:
    description:
      - The dimension a V(DIMENSIONAL) monitor tracks. Defaults to V(SERVICE) with O(monitor_type=DIMENSIONAL);
        not allowed with V(CUSTOM).
      - V(TAG) and V(COST_CATEGORY) need O(monitor_specification) naming the key, for example a C(Tags) expression
        with only C(Key) V(webstack:environment) (see EXAMPLES).
      - Cannot be changed in place (see O(replace)).
    choices: ['SERVICE', 'LINKED_ACCOUNT', 'TAG', 'COST_CATEGORY']
    type: str
  monitor_specification:
    description:
      - A Cost Explorer C(Expression), written as the API spells it (CamelCase keys), that selects the costs the
        monitor analyzes, for example a C(Tags) expression with C(Key) V(webstack:stack), C(Values) V([webstack]) and
        C(MatchOptions) V([EQUALS]) (see EXAMPLES).
      - Required with O(monitor_type=CUSTOM) and with O(monitor_dimension) V(TAG) or V(COST_CATEGORY); not allowed
        with V(SERVICE) or V(LINKED_ACCOUNT).
      - Its top level has exactly one of C(And), C(Or), C(Not), C(Dimensions), C(Tags), C(CostCategories).
      - Cannot be changed in place (see O(replace)).
    type: dict
  replace:
    description:
      - Replace the monitor (create the new one, move its alert subscriptions, delete the old one) when
        O(monitor_type), O(monitor_dimension) or O(monitor_specification) differ from the existing monitor.
      - When V(false), such a difference fails the module and nothing changes.
      - The new monitor has a new ARN and starts learning spend patterns anew.
    default: false
    type: bool
notes:
  - Cost Explorer is a global service; its endpoint is in C(us-east-1).
  - In check mode the module reports what would change and changes nothing; a monitor it would create or replace
    is returned without an ARN.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Watch every AWS service for unusual spend
  webstack.aws.cost_anomaly_monitor:
    name: webstack-services
    tags:
      webstack:stack: webstack
  register: services_monitor

- name: Watch the costs of the stack's tagged resources, in aggregate
  webstack.aws.cost_anomaly_monitor:
    name: webstack-stack
    monitor_type: CUSTOM
    monitor_specification:
      Tags:
        Key: webstack:stack
        Values: [webstack]
        MatchOptions: [EQUALS]

- name: Watch each value of a tag key on its own
  webstack.aws.cost_anomaly_monitor:
    name: webstack-by-environment
    monitor_dimension: TAG
    monitor_specification:
      Tags:
        Key: webstack:environment

- name: Change what a monitor watches (AWS replaces it)
  webstack.aws.cost_anomaly_monitor:
    name: webstack-stack
    monitor_type: CUSTOM
    monitor_specification:
      Tags:
        Key: webstack:stack
        Values: [webstack, webstack-shared]
        MatchOptions: [EQUALS]
    replace: true

- name: Rename a monitor
  webstack.aws.cost_anomaly_monitor:
    monitor_arn: "{{ services_monitor.monitor.monitor_arn }}"
    name: webstack-all-services

- name: Remove a monitor
  webstack.aws.cost_anomaly_monitor:
    name: webstack-stack
    state: absent
"""

RETURN = r"""
monitor:
  description:
    - The monitor, as GetAnomalyMonitors returns it, in snake_case (the specification as the API spells it) with its tags.
    - In check mode, for a monitor the module would create or replace, the settings it would have (no ARN).
  returned: when O(state=present)
  type: dict
  contains:
    monitor_arn:
      description: The ARN of the monitor.
      type: str
      returned: when the monitor exists
      sample: arn:aws:ce::123456789012:anomalymonitor/0123abcd-4567-89ef-0123-456789abcdef
    monitor_name:
      description: The name of the monitor.
      type: str
      returned: always
      sample: webstack-services
    monitor_type:
      description: V(DIMENSIONAL) or V(CUSTOM).
      type: str
      returned: always
      sample: DIMENSIONAL
    monitor_dimension:
      description: The dimension a DIMENSIONAL monitor tracks; null for a CUSTOM monitor.
      type: str
      returned: always
      sample: SERVICE
    monitor_specification:
      description: The Cost Explorer Expression of the monitor, in the API's CamelCase; null when it has none.
      type: dict
      returned: always
      sample: {"Tags": {"Key": "webstack:stack", "Values": ["webstack"], "MatchOptions": ["EQUALS"]}}
    creation_date:
      description: The day the monitor was created.
      type: str
      returned: when the monitor exists
      sample: "2025-01-01"
    last_updated_date:
      description: The day the monitor was last updated.
      type: str
      returned: when the monitor exists
      sample: "2025-01-02"
    last_evaluated_date:
      description: The day the monitor last looked for anomalies.
      type: str
      returned: when AWS reports it
      sample: "2025-01-02"
    dimensional_value_count:
      description: How many values of its dimension a DIMENSIONAL monitor evaluates.
      type: int
      returned: when AWS reports it
      sample: 12
    tags:
      description: The tags of the monitor.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
replaced_monitor_arn:
  description: The ARN of the monitor the module replaced (deleted), when it replaced one.
  returned: when the monitor was replaced
  type: str
  sample: arn:aws:ce::123456789012:anomalymonitor/89abcdef-0123-4567-89ab-cdef01234567
moved_subscription_arns:
  description: The alert subscriptions moved from the replaced monitor to the new one.
  returned: when the monitor was replaced
  type: list
  elements: str
  sample: ["arn:aws:ce::123456789012:anomalysubscription/0123abcd-4567-89ef-0123-456789abcdef"]
"""

from typing import Any
from typing import Dict
from typing import List
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
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import create_monitor_request
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import desired_monitor
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import get_monitors
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import get_subscriptions
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import get_tags
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import immutable_changes
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import monitor_view
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import resource_tags
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import tag_changes
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import tags_after
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import validate_monitor_params
from ansible_collections.webstack.aws.plugins.module_utils.cost_explorer import THROTTLING_CODES
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    monitor_arn=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    monitor_type=dict(type="str", default="DIMENSIONAL", choices=["DIMENSIONAL", "CUSTOM"]),
    monitor_dimension=dict(type="str", choices=["SERVICE", "LINKED_ACCOUNT", "TAG", "COST_CATEGORY"]),
    monitor_specification=dict(type="dict"),
    replace=dict(type="bool", default=False),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
)


class MonitorManager:
    """Brings one anomaly monitor to the state the module's options describe."""

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

    def read(self, what: str, reader: Any, *args: Any, settling: bool = False) -> Any:
        try:
            return reader(self.settling if settling else self.client, *args)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to {what}")

    def find(self) -> Optional[Dict[str, Any]]:
        monitors = self.read("list anomaly monitors", get_monitors)
        arn = self.params.get("monitor_arn")
        if arn:
            return by_arn(monitors, "MonitorArn", arn)
        matches = by_name(monitors, "MonitorName", self.params["name"])
        if len(matches) > 1:
            arns = ", ".join(m["MonitorArn"] for m in matches)
            self.module.fail_json(msg=f"{len(matches)} anomaly monitors are named {self.params['name']!r} ({arns}); choose one with monitor_arn")
        return matches[0] if matches else None

    def reread(self, arn: str) -> Dict[str, Any]:
        [monitor] = self.call(f"read anomaly monitor {arn}", "get_anomaly_monitors", settling=True, MonitorArnList=[arn])["AnomalyMonitors"]
        return monitor_view(monitor, self.read(f"read the tags of {arn}", get_tags, arn, settling=True))

    # Desired states

    def ensure_absent(self) -> Dict[str, Any]:
        current = self.find()
        if current is None:
            return {"changed": False, "diff": {"before": {}, "after": {}}}
        before = monitor_view(current, self.read("read the monitor's tags", get_tags, current["MonitorArn"]))
        if not self.check_mode:
            self.call(f"delete anomaly monitor {current['MonitorArn']}", "delete_anomaly_monitor", MonitorArn=current["MonitorArn"])
        return {"changed": True, "diff": {"before": before, "after": {}}}

    def ensure_present(self) -> Dict[str, Any]:
        desired = desired_monitor(self.params)
        current = self.find()
        if current is None:
            if self.params.get("monitor_arn"):
                self.module.fail_json(msg=f"monitor_arn {self.params['monitor_arn']} names no anomaly monitor of this account")
            return self.create(desired)
        before = monitor_view(current, self.read("read the monitor's tags", get_tags, current["MonitorArn"]))
        changes = immutable_changes(before, desired)
        if changes:
            return self.replace(before, desired, changes)
        return self.update(before, desired)

    # Changing

    def create(self, desired: Dict[str, Any]) -> Dict[str, Any]:
        tags = tags_after({}, self.params.get("tags"), True)
        after = {**desired, "tags": tags}
        if not self.check_mode:
            answer = self.call(
                f"create anomaly monitor {desired['monitor_name']}",
                "create_anomaly_monitor",
                AnomalyMonitor=create_monitor_request(desired),
                **resource_tags(tags),
            )
            after = self.reread(answer["MonitorArn"])
        return {"changed": True, "monitor": after, "diff": {"before": {}, "after": after}}

    def update(self, before: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
        arn = before["monitor_arn"]
        to_set, to_remove = tag_changes(before["tags"], self.params.get("tags"), self.params["purge_tags"])
        rename = before["monitor_name"] != desired["monitor_name"]
        changed = bool(rename or to_set or to_remove)
        after = {**before, "monitor_name": desired["monitor_name"], "tags": tags_after(before["tags"], self.params.get("tags"), self.params["purge_tags"])}
        if changed and not self.check_mode:
            if rename:
                self.call(f"rename anomaly monitor {arn}", "update_anomaly_monitor", MonitorArn=arn, MonitorName=desired["monitor_name"])
            try:
                apply_tags(self.client, arn, to_set, to_remove)
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.module.fail_json_aws(e, msg=f"Failed to tag anomaly monitor {arn}")
            after = self.reread(arn)
        return {"changed": changed, "monitor": after, "diff": {"before": before, "after": after}}

    def replace(self, before: Dict[str, Any], desired: Dict[str, Any], changes: List[str]) -> Dict[str, Any]:
        old_arn = before["monitor_arn"]
        if not self.params["replace"]:
            differences = "; ".join(f"{key} is {before.get(key)!r}, wanted {desired.get(key)!r}" for key in changes)
            self.module.fail_json(
                msg=(
                    f"Anomaly monitor {before['monitor_name']} ({old_arn}) cannot be changed in place: {differences}. "
                    "AWS can only rename a monitor; set replace=true to create a new monitor, move its subscriptions and delete this one"
                ),
                changes=changes,
            )
        tags = tags_after(before["tags"], self.params.get("tags"), self.params["purge_tags"])
        after = {**desired, "tags": tags}
        moved: List[str] = []
        if not self.check_mode:
            answer = self.call(
                f"create the replacement of anomaly monitor {old_arn}",
                "create_anomaly_monitor",
                AnomalyMonitor=create_monitor_request(desired),
                **resource_tags(tags),
            )
            moved = self.move_subscriptions(old_arn, answer["MonitorArn"])
            self.call(f"delete the replaced anomaly monitor {old_arn}", "delete_anomaly_monitor", MonitorArn=old_arn)
            after = self.reread(answer["MonitorArn"])
        return {
            "changed": True,
            "monitor": after,
            "replaced_monitor_arn": old_arn,
            "moved_subscription_arns": moved,
            "diff": {"before": before, "after": after},
        }

    def move_subscriptions(self, old_arn: str, new_arn: str) -> List[str]:
        subscriptions = self.read("list anomaly subscriptions", get_subscriptions)
        moved = []
        for subscription in subscriptions:
            if old_arn in subscription.get("MonitorArnList", []):
                monitor_arns = [new_arn if arn == old_arn else arn for arn in subscription["MonitorArnList"]]
                arn = subscription["SubscriptionArn"]
                self.call(
                    f"move anomaly subscription {arn} to monitor {new_arn}", "update_anomaly_subscription", SubscriptionArn=arn, MonitorArnList=monitor_arns
                )
                moved.append(arn)
        return moved


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_monitor_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("ce", retry_decorator=retrying(THROTTLING_CODES))
    settling = module.client("ce", retry_decorator=retrying(THROTTLING_CODES + SETTLING_CODES))
    manager = MonitorManager(module, client, settling)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
