#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ec2_ebs_default_encryption_info
version_added: 0.2.0
short_description: Read EBS encryption by default and its default KMS key in a region
description:
  - Read whether EBS encryption by default is on for the account in the region (C(GetEbsEncryptionByDefault))
    and which KMS key encrypts new volumes when none is given (C(GetEbsDefaultKmsKeyId)).
author:
  - webstack.aws maintainers (@webstack)
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Read EBS encryption by default in eu-west-1
  webstack.aws.ec2_ebs_default_encryption_info:
    region: eu-west-1
  register: ebs_encryption

- name: Fail unless new volumes are encrypted by default
  ansible.builtin.assert:
    that:
      - ebs_encryption.ebs_default_encryption.enabled
"""

RETURN = r"""
ebs_default_encryption:
  description: The region's EBS encryption by default.
  returned: always
  type: dict
  contains:
    enabled:
      description: Whether new EBS volumes are encrypted by default.
      type: bool
      returned: always
      sample: true
    kms_key_id:
      description:
        - The ARN of the default KMS key, as AWS reports it.
        - The key ARN of a chosen key, or the alias ARN of V(alias/aws/ebs) while the AWS managed key is the default.
      type: str
      returned: always
      sample: arn:aws:kms:eu-west-1:123456789012:alias/aws/ebs
"""

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.ec2_ebs import describe_default_encryption
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying


def main() -> None:
    module = AnsibleAWSModule(argument_spec={}, supports_check_mode=True)
    client = module.client("ec2", retry_decorator=retrying())
    try:
        setting = describe_default_encryption(client)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to read EBS encryption by default")
    module.exit_json(changed=False, ebs_default_encryption=setting)


if __name__ == "__main__":
    main()
