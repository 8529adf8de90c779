#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: guardduty_detector_info
version_added: 0.2.0
short_description: Describe the GuardDuty detector of a Region
description:
  - List the Amazon GuardDuty detectors of the account in the Region (AWS allows one), each with its settings,
    features and tags as C(GetDetector) reports them.
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

- name: Describe the Region's GuardDuty detector
  webstack.aws.guardduty_detector_info:
  register: guardduty

- name: Check that Runtime Monitoring is on
  ansible.builtin.assert:
    that:
      - guardduty.detectors | length == 1
      - (guardduty.detectors[0].features | selectattr('name', 'equalto', 'RUNTIME_MONITORING') | first).status == 'ENABLED'
"""

RETURN = r"""
detectors:
  description: The detectors of the Region (none or one), as GetDetector returns them, in snake_case.
  returned: always
  type: list
  elements: dict
  contains:
    detector_id:
      description: The ID of the detector.
      type: str
      returned: always
      sample: 12abc34d567e8fa901bc2d34e56789f0
    arn:
      description: The ARN of the detector.
      type: str
      returned: always
      sample: arn:aws:guardduty:eu-west-1:123456789012:detector/12abc34d567e8fa901bc2d34e56789f0
    status:
      description: Whether the detector is enabled.
      type: str
      returned: always
      sample: ENABLED
    finding_publishing_frequency:
      description: How often updated findings are exported.
      type: str
      returned: always
      sample: SIX_HOURS
    service_role:
      description: The service-linked role GuardDuty uses.
      type: str
      returned: always
      sample: arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty
    created_at:
      description: When the detector was created.
      type: str
      returned: always
      sample: "2025-01-01T12:00:00.000Z"
    updated_at:
      description: When the detector was last updated.
      type: str
      returned: always
      sample: "2025-01-01T12:00:00.000Z"
    features:
      description: The features of the detector and their status.
      type: list
      elements: dict
      returned: always
      contains:
        name:
          description: The feature.
          type: str
          returned: always
          sample: RUNTIME_MONITORING
        status:
          description: Whether the feature is on.
          type: str
          returned: always
          sample: ENABLED
        updated_at:
          description: When the feature last changed (ISO 8601).
          type: str
          returned: when AWS reports it
          sample: "2025-01-01T12:00:00+00:00"
        additional_configuration:
          description: The additional configurations of the feature.
          type: list
          elements: dict
          returned: always
          contains:
            name:
              description: The additional configuration.
              type: str
              returned: always
              sample: EKS_ADDON_MANAGEMENT
            status:
              description: Whether it is on.
              type: str
              returned: always
              sample: ENABLED
            updated_at:
              description: When it last changed (ISO 8601).
              type: str
              returned: when AWS reports it
              sample: "2025-01-01T12:00:00+00:00"
    tags:
      description: The tags of the detector.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
"""

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.guardduty import describe_detector
from ansible_collections.webstack.aws.plugins.module_utils.guardduty import list_detector_ids
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying


def main() -> None:
    module = AnsibleAWSModule(argument_spec={}, supports_check_mode=True)
    client = module.client("guardduty", retry_decorator=retrying())
    try:
        detector_ids = list_detector_ids(client)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to list GuardDuty detectors")

    detectors = []
    for detector_id in detector_ids:
        try:
            detectors.append(describe_detector(client, detector_id, module.region))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            module.fail_json_aws(e, msg=f"Failed to get GuardDuty detector {detector_id}")
    module.exit_json(changed=False, detectors=detectors)


if __name__ == "__main__":
    main()
