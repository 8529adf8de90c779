#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: securityhub_info
version_added: 0.2.0
short_description: Describe AWS Security Hub CSPM for the account in a region
description:
  - Tell whether AWS Security Hub Cloud Security Posture Management (CSPM) is enabled for the account in the region, and
    return the hub with its tags, the standards the account is subscribed to, and the standards available in the region.
  - The available standards give the short ids and ARNs that M(webstack.aws.securityhub) takes in its O(webstack.aws.securityhub#module:standards) option.
author:
  - webstack.aws maintainers (@webstack)
options: {}
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Describe Security Hub in the region
  webstack.aws.securityhub_info:
  register: security_hub

- name: Show the short ids of the standards the account could enable
  ansible.builtin.debug:
    msg: "{{ security_hub.available_standards | map(attribute='short_id') | list }}"
"""

RETURN = r"""
enabled:
  description: Whether Security Hub is enabled for the account in the region.
  returned: always
  type: bool
  sample: true
hub:
  description: The hub, as DescribeHub returns it, in snake_case, with its tags; empty when Security Hub is disabled.
  returned: always
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
      returned: when Security Hub is enabled
      sample: true
    control_finding_generator:
      description: C(SECURITY_CONTROL) (consolidated control findings) or C(STANDARD_CONTROL).
      type: str
      returned: when Security Hub is enabled
      sample: SECURITY_CONTROL
    tags:
      description: The tags of the hub.
      type: dict
      returned: when Security Hub is enabled
      sample: {"webstack:stack": "webstack"}
standards:
  description: The account's subscriptions to standards, as GetEnabledStandards returns them, in snake_case; empty when Security Hub is disabled.
  returned: always
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
      returned: always
      sample: arn:aws:securityhub:eu-west-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0
    standards_status:
      description: C(PENDING), C(READY), C(INCOMPLETE), C(DELETING) or C(FAILED).
      type: str
      returned: always
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
      returned: always
      sample: {}
    provider:
      description: The cloud provider whose resources the standard evaluates.
      type: str
      returned: when AWS reports it
      sample: AWS
available_standards:
  description: The standards available in the region, as DescribeStandards returns them, in snake_case.
  returned: always
  type: list
  elements: dict
  contains:
    standards_arn:
      description: The ARN of the standard.
      type: str
      returned: always
      sample: arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0
    short_id:
      description: The ARN's last part without C(standards/) or C(ruleset/), as the securityhub module's standards option takes it.
      type: str
      returned: always
      sample: cis-aws-foundations-benchmark/v/1.2.0
    name:
      description: The name of the standard.
      type: str
      returned: always
      sample: CIS AWS Foundations Benchmark v1.2.0
    description:
      description: What the standard checks.
      type: str
      returned: always
      sample: The Center for Internet Security (CIS) AWS Foundations Benchmark v1.2.0 is a set of security configuration best practices for AWS.
    enabled_by_default:
      description: Whether enabling Security Hub with its default standards enables this one.
      type: bool
      returned: always
      sample: true
    provider:
      description: The cloud provider whose resources the standard evaluates.
      type: str
      returned: when AWS reports it
      sample: AWS
    standards_managed_by:
      description: Who manages the standard.
      type: dict
      returned: when AWS reports it
      sample: {"company": "AWS", "product": "Security Hub"}
"""

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import describe_hub
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import describe_standards
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import enabled_standards
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import hub_tags
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import hub_view
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import standard_view
from ansible_collections.webstack.aws.plugins.module_utils.securityhub import subscription_view


def main() -> None:
    module = AnsibleAWSModule(argument_spec={}, supports_check_mode=True)
    client = module.client("securityhub", retry_decorator=retrying())
    try:
        hub = describe_hub(client)
        available = describe_standards(client)
        tags = hub_tags(client, hub["HubArn"]) if hub else {}
        subscriptions = enabled_standards(client) if hub else []
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to describe Security Hub")
    module.exit_json(
        changed=False,
        enabled=hub is not None,
        hub=hub_view(hub, tags) if hub else {},
        standards=[subscription_view(s) for s in subscriptions],
        available_standards=[standard_view(s) for s in available],
    )


if __name__ == "__main__":
    main()
