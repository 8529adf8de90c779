#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: budget_info
version_added: 0.2.0
short_description: Describe AWS Budgets budgets with their notifications
description:
  - Describe one budget, or every budget, of the account the credentials belong to, each with its notifications,
    their subscribers and its tags.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the budget to describe. When not set, every budget of the account is described.
      - A budget of that name that does not exist gives an empty RV(budgets).
    type: str
notes:
  - AWS Budgets is global; the budgets are those of the account C(sts:GetCallerIdentity) names.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Describe every budget of the account
  webstack.aws.budget_info:
  register: budgets

- name: Describe one budget
  webstack.aws.budget_info:
    name: webstack-prod-monthly
  register: prod_budget

- name: Check that prod is notified at 80% of its actual spend
  ansible.builtin.assert:
    that:
      - prod_budget.budgets[0].notifications | selectattr('notification_type', 'eq', 'ACTUAL') | map(attribute='threshold') | list == [80.0]
"""

RETURN = r"""
budgets:
  description:
    - The budgets, each as DescribeBudget returns it, in snake_case (cost filter names and tag keys as they are), with
      its ARN, its notifications and their subscribers, and its tags.
  returned: always
  type: list
  elements: dict
  contains:
    budget_name:
      description: The name of the budget.
      type: str
      returned: always
      sample: webstack-prod-monthly
    budget_arn:
      description: The ARN of the budget.
      type: str
      returned: always
      sample: arn:aws:budgets::123456789012:budget/webstack-prod-monthly
    budget_type:
      description: What the budget tracks.
      type: str
      returned: always
      sample: COST
    time_unit:
      description: The length of a budget period.
      type: str
      returned: always
      sample: MONTHLY
    budget_limit:
      description: The limit of each period.
      type: dict
      returned: when the budget has a fixed limit
      sample: {"amount": "500.0", "unit": "USD"}
    cost_filters:
      description: The filters on the costs counted.
      type: dict
      returned: when the budget has filters
      sample: {"TagKeyValue": ["user:webstack:environment$prod"]}
    cost_types:
      description: The kinds of cost counted.
      type: dict
      returned: for cost budgets, when AWS reports them
      sample: {"include_tax": true, "use_amortized": false}
    time_period:
      description: When the budget starts and ends (ISO 8601).
      type: dict
      returned: always
      sample: {"start": "2025-01-01T00:00:00+00:00", "end": "2087-06-15T00:00:00+00:00"}
    calculated_spend:
      description: The actual and forecasted spend of the period.
      type: dict
      returned: when AWS reports it
      sample: {"actual_spend": {"amount": "12.3", "unit": "USD"}, "forecasted_spend": {"amount": "40.0", "unit": "USD"}}
    last_updated_time:
      description: When the budget was last changed (ISO 8601).
      type: str
      returned: when AWS reports it
      sample: "2025-01-15T10:00:00+00:00"
    notifications:
      description: The notifications of the budget.
      type: list
      elements: dict
      returned: always
      contains:
        notification_type:
          description: Actual or forecasted spend.
          type: str
          returned: always
          sample: ACTUAL
        comparison_operator:
          description: How spend compares with the threshold.
          type: str
          returned: always
          sample: GREATER_THAN
        threshold:
          description: The threshold.
          type: float
          returned: always
          sample: 80.0
        threshold_type:
          description: Whether the threshold is a percentage or an amount.
          type: str
          returned: when AWS reports it
          sample: PERCENTAGE
        notification_state:
          description: Whether the notification is in alarm (C(ALARM)) or not (C(OK)).
          type: str
          returned: when AWS reports it
          sample: OK
        subscribers:
          description: Who is notified.
          type: list
          elements: dict
          returned: always
          sample: [{"subscription_type": "EMAIL", "address": "ops@example.com"}]
    tags:
      description: The tags of the budget.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
"""

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.iam import get_aws_account_info
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.budgets import budget_view
from ansible_collections.webstack.aws.plugins.module_utils.budgets import list_budgets
from ansible_collections.webstack.aws.plugins.module_utils.budgets import read_budget
from ansible_collections.webstack.aws.plugins.module_utils.budgets import read_state
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
)


def describe_budgets(client, account_id: str, partition: str, name: Optional[str]) -> List[Dict[str, Any]]:
    """The budgets asked for (one by name, else all), each read whole and shown as the module returns it."""
    if name is None:
        budgets = list_budgets(client, account_id)
    else:
        budgets = [budget for budget in [read_budget(client, account_id, name)] if budget is not None]
    return [budget_view(read_state(client, account_id, partition, budget)) for budget in budgets]


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    client = module.client("budgets", retry_decorator=retrying())
    account_id, partition = get_aws_account_info(module)
    try:
        budgets = describe_budgets(client, account_id, partition, module.params["name"])
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to describe budgets")
    module.exit_json(changed=False, budgets=budgets)


if __name__ == "__main__":
    main()
