#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cost_anomaly_monitor_info
version_added: 0.2.0
short_description: List AWS Cost Anomaly Detection monitors with their alert subscriptions
description:
  - Lists the account's Cost Anomaly Detection monitors, or those named O(name), each with its tags and the alert
    subscriptions that notify about its anomalies.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - List only the monitors with this name.
    type: str
notes:
  - Cost Explorer is a global service; its endpoint is in C(us-east-1).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: List every anomaly monitor
  webstack.aws.cost_anomaly_monitor_info:
  register: anomaly_monitors

- name: Check that the services monitor alerts someone
  webstack.aws.cost_anomaly_monitor_info:
    name: webstack-services
  register: services
  failed_when: services.monitors | map(attribute='subscriptions') | flatten | length == 0
"""

RETURN = r"""
monitors:
  description: The monitors, as GetAnomalyMonitors returns them, in snake_case (the specification as the API spells it).
  returned: always
  type: list
  elements: dict
  contains:
    monitor_arn:
      description: The ARN of the monitor.
      type: str
      returned: always
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
      returned: always
      sample: "2025-01-01"
    last_updated_date:
      description: The day the monitor was last updated.
      type: str
      returned: when AWS reports it
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
    subscriptions:
      description: The alert subscriptions whose monitors include this one, in snake_case (the threshold expression as the API spells it).
      type: list
      elements: dict
      returned: always
      sample:
        - subscription_arn: arn:aws:ce::123456789012:anomalysubscription/0123abcd-4567-89ef-0123-456789abcdef
          subscription_name: webstack-daily
          account_id: "123456789012"
          monitor_arn_list: ["arn:aws:ce::123456789012:anomalymonitor/0123abcd-4567-89ef-0123-456789abcdef"]
          subscribers: [{"type": "EMAIL", "address": "ops@example.com", "status": "CONFIRMED"}]
          frequency: DAILY
          threshold_expression: {"Dimensions": {"Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE", "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": ["100.0"]}}
          tags: {"webstack:stack": "webstack"}
"""

from typing import Any
from typing import Dict
from typing import List

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import by_name
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import get_monitors
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import get_subscriptions
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import get_tags
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import monitor_view
from ansible_collections.webstack.aws.plugins.module_utils.cost_anomaly import subscription_view
from ansible_collections.webstack.aws.plugins.module_utils.cost_explorer import THROTTLING_CODES
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
)


def monitors_with_subscriptions(monitors: List[Dict[str, Any]], subscriptions: List[Dict[str, Any]], tags: Dict[str, Dict[str, str]]) -> List[Dict[str, Any]]:
    """Each monitor's view with its tags and the views of the subscriptions that use it."""
    listed = []
    for monitor in monitors:
        arn = monitor["MonitorArn"]
        view = monitor_view(monitor, tags.get(arn))
        view["subscriptions"] = [subscription_view(s, tags.get(s["SubscriptionArn"])) for s in subscriptions if arn in (s.get("MonitorArnList") or [])]
        listed.append(view)
    return listed


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    client = module.client("ce", retry_decorator=retrying(THROTTLING_CODES))
    name = module.params.get("name")
    try:
        monitors = get_monitors(client)
        if name is not None:
            monitors = by_name(monitors, "MonitorName", name)
        monitor_arns = {m["MonitorArn"] for m in monitors}
        subscriptions = [s for s in get_subscriptions(client) if monitor_arns.intersection(s.get("MonitorArnList") or [])] if monitors else []
        arns = sorted(monitor_arns) + [s["SubscriptionArn"] for s in subscriptions]
        tags = {arn: get_tags(client, arn) for arn in arns}
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to list anomaly monitors and their subscriptions")
    module.exit_json(changed=False, monitors=monitors_with_subscriptions(monitors, subscriptions, tags))


if __name__ == "__main__":
    main()
