#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: savings_plans_report
version_added: 0.2.0
short_description: Report Savings Plans utilization and coverage, purchase recommendations and cost for a period
description:
  - Read from Cost Explorer, for a period and a granularity, the utilization and coverage of the account's Savings Plans,
    the Compute Savings Plans purchase recommendation, the RDS and ElastiCache reserved instance recommendations and
    the unblended cost by service and by tag, and return them as one RV(report).
  - The module only reads; it never changes anything, so it reports C(changed=false) and runs the same in check mode.
  - Amounts are the decimal strings Cost Explorer answers (never rounded again or turned into floats), in RV(report.currency).
  - An account without Savings Plans is not an error (Cost Explorer answers C(DataUnavailableException) for its utilization);
    the utilization is reported as zero and RV(report.has_savings_plans) is V(false).
  - Every answer that Cost Explorer pages is read to its last page. Each Cost Explorer request is billed by AWS.
author:
  - webstack.aws maintainers (@webstack)
options:
  start:
    description:
      - The first day of the period, as V(YYYY-MM-DD) (inclusive).
    required: true
    type: str
  end:
    description:
      - The day after the period, as V(YYYY-MM-DD) (exclusive); it must be after O(start).
      - Cost Explorer keeps daily and monthly data for the current month and the 13 months before it (its multi-year
        monthly data is not served to the Savings Plans reports), so the period may span at most 14 calendar months.
    required: true
    type: str
  granularity:
    description:
      - The length of the periods the utilization, coverage and cost are broken down into.
      - V(MONTHLY) periods are calendar months clipped to the period.
    type: str
    choices: ['DAILY', 'MONTHLY']
    default: MONTHLY
  term:
    description:
      - The term of the Savings Plan and reserved instances recommended.
    type: str
    choices: ['ONE_YEAR', 'THREE_YEARS']
    default: ONE_YEAR
  payment_option:
    description:
      - The payment option of the Savings Plan and reserved instances recommended.
    type: str
    choices: ['NO_UPFRONT', 'PARTIAL_UPFRONT', 'ALL_UPFRONT']
    default: NO_UPFRONT
  lookback:
    description:
      - How many days of past usage the recommendations are based on.
    type: str
    choices: ['SEVEN_DAYS', 'THIRTY_DAYS', 'SIXTY_DAYS']
    default: THIRTY_DAYS
  reservation_services:
    description:
      - The services to recommend reserved instances for, V(rds) (Amazon Relational Database Service) and
        V(elasticache) (Amazon ElastiCache). An empty list asks for none.
    type: list
    elements: str
    choices: ['rds', 'elasticache']
    default: ['rds', 'elasticache']
  tag_keys:
    description:
      - Cost allocation tag keys to break the cost down by, one breakdown per key in RV(report.cost_by_tag).
    type: list
    elements: str
    default: []
  filter_tags:
    description:
      - Count only the cost of resources with these tags, a dict of tag key to one value or a list of values
        (any of them). Several keys must all match.
      - Applies to RV(report.cost_by_service) and RV(report.cost_by_tag); Savings Plans utilization, coverage and the
        recommendations are for the whole account.
    type: dict
    default: {}
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Report last month's Savings Plans and cost
  webstack.aws.savings_plans_report:
    start: "2026-10-01"
    end: "2026-11-01"
  register: savings

- name: Daily cost of the stack, by environment, with a three-year, partial upfront recommendation
  webstack.aws.savings_plans_report:
    start: "2026-11-01"
    end: "2026-11-15"
    granularity: DAILY
    term: THREE_YEARS
    payment_option: PARTIAL_UPFRONT
    lookback: SIXTY_DAYS
    reservation_services: [rds]
    tag_keys: ["webstack:environment"]
    filter_tags:
      "webstack:stack": webstack
  register: savings

- name: Warn when the Savings Plans are under-used
  ansible.builtin.debug:
    msg: "Savings Plans used at {{ savings.report.utilization.total.utilization_percentage }}%"
  when: savings.report.has_savings_plans and savings.report.utilization.total.utilization_percentage | float < 90
"""

RETURN = r"""
report:
  description: What Cost Explorer answered for the period, amounts as decimal strings in RV(report.currency).
  returned: always
  type: dict
  contains:
    period:
      description: The period reported, O(start) inclusive and O(end) exclusive.
      type: dict
      returned: always
      sample: {"start": "2026-10-01", "end": "2026-11-01"}
    granularity:
      description: The granularity of the periods (O(granularity)).
      type: str
      returned: always
      sample: MONTHLY
    currency:
      description: The currency of every amount (C(USD) when Cost Explorer answered no amount).
      type: str
      returned: always
      sample: USD
    has_savings_plans:
      description: Whether a Savings Plan was active in the period; when not, the utilization is all zero.
      type: bool
      returned: always
      sample: true
    utilization:
      description:
        - The Savings Plans utilization, in total, per period and per plan, each with the keys
          C(total_commitment), C(used_commitment), C(unused_commitment), C(utilization_percentage),
          C(on_demand_cost_equivalent) and C(net_savings).
      type: dict
      returned: always
      contains:
        total:
          description: The utilization over the whole period.
          type: dict
          returned: always
          sample: {"total_commitment": "292.00", "used_commitment": "270.00", "unused_commitment": "22.00",
                   "utilization_percentage": "92.47", "on_demand_cost_equivalent": "360.00", "net_savings": "68.00"}
        by_period:
          description: The utilization per period, with its C(start) and C(end).
          type: list
          elements: dict
          returned: always
          sample: [{"start": "2026-10-01", "end": "2026-11-01", "total_commitment": "292.00", "used_commitment": "270.00",
                    "unused_commitment": "22.00", "utilization_percentage": "92.47", "on_demand_cost_equivalent": "360.00",
                    "net_savings": "68.00"}]
        by_plan:
          description: The utilization per plan active in the period, with its C(savings_plan_arn), C(type), C(term) and C(payment_option).
          type: list
          elements: dict
          returned: always
          sample: [{"savings_plan_arn": "arn:aws:savingsplans::123456789012:savingsplan/sp-1", "type": "Compute",
                    "term": "ONE_YEAR", "payment_option": "NO_UPFRONT", "total_commitment": "292.00", "used_commitment": "270.00",
                    "unused_commitment": "22.00", "utilization_percentage": "92.47", "on_demand_cost_equivalent": "360.00",
                    "net_savings": "68.00"}]
    coverage:
      description:
        - How much of the usage Savings Plans could cover they did cover, in total and per period, each with the keys
          C(spend_covered), C(on_demand_cost), C(total_cost) and C(coverage_percentage).
        - The total adds up the periods and computes the percentage again (half up, 2 decimals).
      type: dict
      returned: always
      contains:
        total:
          description: The coverage over the whole period.
          type: dict
          returned: always
          sample: {"spend_covered": "360.00", "on_demand_cost": "40.00", "total_cost": "400.00", "coverage_percentage": "90.00"}
        by_period:
          description: The coverage per period, with its C(start) and C(end).
          type: list
          elements: dict
          returned: always
          sample: [{"start": "2026-10-01", "end": "2026-11-01", "spend_covered": "360.00", "on_demand_cost": "40.00",
                    "total_cost": "400.00", "coverage_percentage": "90.00"}]
    recommendation:
      description: The Compute Savings Plan Cost Explorer recommends buying, V(null) when it recommends none.
      type: dict
      returned: always
      sample: {"savings_plans_type": "COMPUTE_SP", "term": "ONE_YEAR", "payment_option": "NO_UPFRONT", "lookback": "THIRTY_DAYS",
               "hourly_commitment": "0.160", "daily_commitment": "3.84", "estimated_monthly_savings": "29.20",
               "estimated_savings_percentage": "20.00", "estimated_roi": "25.00", "current_on_demand_spend": "150.00"}
    reservations:
      description:
        - The reserved instances Cost Explorer recommends buying, one key per service of O(reservation_services), each a
          list of C(instance_type), C(region), C(count) (an integer), C(estimated_monthly_savings),
          C(estimated_monthly_on_demand_cost) and C(estimated_savings_percentage).
      type: dict
      returned: always
      sample: {"rds": [{"instance_type": "db.r6g.large", "region": "eu-west-1", "count": 2, "estimated_monthly_savings": "262.80",
                        "estimated_monthly_on_demand_cost": "876.00", "estimated_savings_percentage": "30.00"}],
               "elasticache": []}
    cost_by_service:
      description:
        - The unblended cost per period, C(total) and C(groups) of C(key) (the service) and C(amount), sorted by amount
          descending, then key.
      type: list
      elements: dict
      returned: always
      sample: [{"start": "2026-10-01", "end": "2026-11-01", "total": "400.00",
                "groups": [{"key": "Amazon Elastic Container Service", "amount": "310.00"}, {"key": "AWS Lambda", "amount": "90.00"}]}]
    cost_by_tag:
      description:
        - For each of O(tag_keys), the unblended cost per period in C(groups) of C(key) (the tag's value, V("") for
          untagged cost) and C(amount), sorted by amount descending, then key.
      type: dict
      returned: always
      sample: {"webstack:environment": [{"start": "2026-10-01", "end": "2026-11-01",
                                         "groups": [{"key": "dev", "amount": "300.00"}, {"key": "", "amount": "100.00"}]}]}
"""

from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils import cost_explorer as ce
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    start=dict(type="str", required=True),
    end=dict(type="str", required=True),
    granularity=dict(type="str", default="MONTHLY", choices=["DAILY", "MONTHLY"]),
    term=dict(type="str", default="ONE_YEAR", choices=["ONE_YEAR", "THREE_YEARS"]),
    payment_option=dict(type="str", default="NO_UPFRONT", choices=["NO_UPFRONT", "PARTIAL_UPFRONT", "ALL_UPFRONT"]),
    lookback=dict(type="str", default="THIRTY_DAYS", choices=["SEVEN_DAYS", "THIRTY_DAYS", "SIXTY_DAYS"]),
    reservation_services=dict(type="list", elements="str", default=["rds", "elasticache"], choices=["rds", "elasticache"]),
    tag_keys=dict(type="list", elements="str", default=[], no_log=False),
    filter_tags=dict(type="dict", default={}),
)


class CostExplorer:
    """The module's reads, each to its last page; None where Cost Explorer has no data (DataUnavailableException)."""

    def __init__(self, module: AnsibleAWSModule) -> None:
        self.module = module
        self.client = module.client("ce", retry_decorator=retrying(ce.THROTTLING_CODES))

    def read(self, operation: str, request: Dict[str, Any], token: Optional[str] = None) -> Optional[List[Dict[str, Any]]]:
        call: Callable[..., Dict[str, Any]] = getattr(self.client, operation)

        def retried(**params: Any) -> Dict[str, Any]:
            return call(aws_retry=True, **params)

        try:
            return ce.paginate(retried, request, token) if token else [retried(**request)]
        except is_boto3_error_code("DataUnavailableException"):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to read Cost Explorer ({operation})")

    def answers(self, params: Dict[str, Any]) -> Dict[str, Any]:
        """Everything build_report needs, read from Cost Explorer."""
        period = ce.time_period(params)
        utilization = self.read("get_savings_plans_utilization", {"TimePeriod": period, "Granularity": params["granularity"]})
        return {
            "utilization": utilization[0] if utilization else None,
            "utilization_details": self.read("get_savings_plans_utilization_details", {"TimePeriod": period}, "NextToken"),
            "coverage": self.read("get_savings_plans_coverage", {"TimePeriod": period, "Granularity": params["granularity"]}, "NextToken"),
            "recommendation": self.read("get_savings_plans_purchase_recommendation", ce.recommendation_request(params), "NextPageToken"),
            "reservations": {
                service: self.read("get_reservation_purchase_recommendation", ce.reservation_request(params, service), "NextPageToken")
                for service in params["reservation_services"]
            },
            "cost_by_service": self.cost({"Type": "DIMENSION", "Key": "SERVICE"}, params),
            "cost_by_tag": {key: self.cost({"Type": "TAG", "Key": key}, params) for key in params["tag_keys"]},
        }

    def cost(self, group_by: Dict[str, str], params: Dict[str, Any]) -> Optional[List[Dict[str, Any]]]:
        return self.read("get_cost_and_usage", ce.cost_request(params, group_by), "NextPageToken")


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    errors = ce.validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    answers = CostExplorer(module).answers(module.params)
    module.exit_json(changed=False, report=ce.build_report(module.params, answers))


if __name__ == "__main__":
    main()
