#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ec2_ebs_default_encryption
version_added: 0.2.0
short_description: Manage EBS encryption by default and its default KMS key in a region
description:
  - Turn EBS encryption by default on or off for the account in the region, and choose the KMS key that
    encrypts new volumes when none is given (the default KMS key).
  - The key is compared by the key it names, not by how it is written, so a key ID, key ARN, alias or alias ARN
    of the key already in use changes nothing.
  - Before changing anything, the module checks with KMS C(DescribeKey) that O(kms_key_id) exists, is enabled
    and is a symmetric encryption key. AWS itself checks the key only later, when a volume is created.
author:
  - webstack.aws maintainers (@webstack)
options:
  enabled:
    description:
      - Whether new EBS volumes and snapshot copies in the region are encrypted by default.
    type: bool
    required: true
  kms_key_id:
    description:
      - The KMS key to make the default key for EBS encryption in the region.
      - A key ID, a key ARN, an alias name (V(alias/...)) or an alias ARN. AWS records the key's ARN.
      - The key may be set while O(enabled=false); it is used once encryption by default is on.
      - When not set, the default key is left as it is (unless O(reset_kms_key=true)).
      - Mutually exclusive with O(reset_kms_key=true).
    type: str
  reset_kms_key:
    description:
      - Make the AWS managed key for EBS (V(alias/aws/ebs)) the default key again (C(ResetEbsDefaultKmsKeyId)).
      - Mutually exclusive with O(kms_key_id).
    type: bool
    default: false
notes:
  - The setting is per region; run the module once per region.
  - In check mode the module reports what would change and changes nothing. The key it would set is named by
    its key ARN, as AWS reports it after the change.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Encrypt new EBS volumes by default with the AWS managed key
  webstack.aws.ec2_ebs_default_encryption:
    enabled: true

- name: Encrypt new EBS volumes by default with a customer managed key
  webstack.aws.ec2_ebs_default_encryption:
    region: eu-west-1
    enabled: true
    kms_key_id: alias/webstack-prod-ebs
  register: ebs_encryption

- name: Go back to the AWS managed key, keeping encryption by default on
  webstack.aws.ec2_ebs_default_encryption:
    enabled: true
    reset_kms_key: true

- name: Turn encryption by default off
  webstack.aws.ec2_ebs_default_encryption:
    enabled: false
"""

RETURN = r"""
ebs_default_encryption:
  description:
    - The region's EBS encryption by default after the module ran (in check mode, what it would be).
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
        - The ARN of the default KMS key, as AWS reports it (C(GetEbsDefaultKmsKeyId)).
        - The key ARN of a chosen key, or the alias ARN of V(alias/aws/ebs) while the AWS managed key is the default.
      type: str
      returned: always
      sample: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
"""

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.ec2_ebs import MANAGED_KEY_ALIAS
from ansible_collections.webstack.aws.plugins.module_utils.ec2_ebs import describe_default_encryption
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    enabled=dict(type="bool", required=True),
    kms_key_id=dict(type="str"),
    reset_kms_key=dict(type="bool", default=False),
)

_KEY_ID = r"(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})"
_ALIAS_NAME = r"alias/[A-Za-z0-9/_-]{1,250}"
_KMS_ARN = r"arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:"
KMS_KEY_FORMS = re.compile(f"^(?:{_KEY_ID}|{_ALIAS_NAME}|{_KMS_ARN}key/{_KEY_ID}|{_KMS_ARN}{_ALIAS_NAME})$", re.IGNORECASE)
KEY_ARN = re.compile(f"^{_KMS_ARN}key/{_KEY_ID}$", re.IGNORECASE)


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the options, before any AWS call."""
    errors = []
    kms_key_id = params.get("kms_key_id")
    if kms_key_id is not None and not KMS_KEY_FORMS.match(kms_key_id):
        errors.append(
            f"kms_key_id must be a KMS key ID, a key ARN, an alias name (alias/...) or an alias ARN, got {kms_key_id!r}",
        )
    if kms_key_id is not None and params.get("reset_kms_key"):
        errors.append("kms_key_id and reset_kms_key=true are mutually exclusive: choose a key, or the AWS managed key")
    return errors


def key_problem(metadata: Dict[str, Any]) -> Optional[str]:
    """Why EBS cannot encrypt with a key (DescribeKey's KeyMetadata), or None when it can."""
    if metadata.get("KeyState") != "Enabled":
        return f"is {metadata.get('KeyState')}, not Enabled"
    # A SYMMETRIC_DEFAULT key is always an ENCRYPT_DECRYPT key; every other spec is asymmetric or HMAC.
    spec = metadata.get("KeySpec") or metadata.get("CustomerMasterKeySpec")
    if spec != "SYMMETRIC_DEFAULT":
        return f"is a {spec} key; EBS encrypts only with symmetric encryption keys (SYMMETRIC_DEFAULT)"
    return None


def names_managed_key(kms_key_id: str) -> bool:
    """Whether a key identifier is the AWS managed key's alias (alias/aws/ebs, by name or ARN)."""
    return kms_key_id == MANAGED_KEY_ALIAS or kms_key_id.endswith(":" + MANAGED_KEY_ALIAS)


def changes(current: Dict[str, Any], enabled: bool, wanted_key_arn: Optional[str], current_key_arn: Optional[str]) -> Dict[str, Any]:
    """What to change: ``enabled`` and/or ``kms_key_id`` (the key ARN to make the default).

    wanted_key_arn is None when the key is left alone; current_key_arn is the current default key as a key ARN
    (None when it names no key).
    """
    todo: Dict[str, Any] = {}
    if current["enabled"] != enabled:
        todo["enabled"] = enabled
    if wanted_key_arn is not None and wanted_key_arn not in (current["kms_key_id"], current_key_arn):
        todo["kms_key_id"] = wanted_key_arn
    return todo


def predicted(current: Dict[str, Any], todo: Dict[str, Any]) -> Dict[str, Any]:
    """The setting after the changes, as AWS would report it."""
    return {**current, **todo}


class DefaultEncryption:
    """Reads and changes one region's EBS encryption by default."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self.ec2 = module.client("ec2", retry_decorator=retrying())
        self.kms = module.client("kms", retry_decorator=retrying())

    def current(self) -> Dict[str, Any]:
        try:
            return describe_default_encryption(self.ec2)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg="Failed to read EBS encryption by default")

    def describe_key(self, kms_key_id: str) -> Optional[Dict[str, Any]]:
        """DescribeKey's KeyMetadata, or None when no such key exists."""
        try:
            return self.kms.describe_key(aws_retry=True, KeyId=kms_key_id)["KeyMetadata"]
        except is_boto3_error_code("NotFoundException"):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to describe KMS key {kms_key_id}")

    def usable_key_arn(self, kms_key_id: str) -> str:
        """The key ARN of kms_key_id; fails naming the option unless EBS can encrypt with the key."""
        metadata = self.describe_key(kms_key_id)
        if metadata is None:
            self.module.fail_json(msg=f"kms_key_id {kms_key_id!r}: no such KMS key in {self.module.region}")
        problem = key_problem(metadata)
        if problem:
            self.module.fail_json(msg=f"kms_key_id {kms_key_id!r} ({metadata['Arn']}) {problem}")
        return metadata["Arn"]

    def key_arn_of(self, kms_key_id: str) -> Optional[str]:
        """A key identifier as a key ARN (None when it names no key)."""
        if KEY_ARN.match(kms_key_id):
            return kms_key_id
        metadata = self.describe_key(kms_key_id)
        return metadata["Arn"] if metadata else None

    def wanted_key_arn(self, current_key: str) -> Optional[str]:
        """The key ARN the options ask for, or None when the default key is to stay as it is."""
        params = self.module.params
        if params["kms_key_id"]:
            return self.usable_key_arn(params["kms_key_id"])
        if params["reset_kms_key"] and not names_managed_key(current_key):
            return self.key_arn_of(MANAGED_KEY_ALIAS)
        return None

    def apply(self, todo: Dict[str, Any]) -> Dict[str, Any]:
        """Make the changes (the key first, so no volume is encrypted with the old key once enabled); what AWS answered."""
        answered: Dict[str, Any] = {}
        try:
            if "kms_key_id" in todo and self.module.params["reset_kms_key"]:
                answered["kms_key_id"] = self.ec2.reset_ebs_default_kms_key_id(aws_retry=True)["KmsKeyId"]
            elif "kms_key_id" in todo:
                answered["kms_key_id"] = self.ec2.modify_ebs_default_kms_key_id(aws_retry=True, KmsKeyId=todo["kms_key_id"])["KmsKeyId"]
            if todo.get("enabled") is True:
                answered["enabled"] = self.ec2.enable_ebs_encryption_by_default(aws_retry=True)["EbsEncryptionByDefault"]
            elif todo.get("enabled") is False:
                answered["enabled"] = self.ec2.disable_ebs_encryption_by_default(aws_retry=True)["EbsEncryptionByDefault"]
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg="Failed to change EBS encryption by default")
        return answered


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    region = DefaultEncryption(module)
    current = region.current()
    wanted_key_arn = region.wanted_key_arn(current["kms_key_id"])
    current_key_arn = None
    if wanted_key_arn is not None and wanted_key_arn != current["kms_key_id"]:
        current_key_arn = region.key_arn_of(current["kms_key_id"])
    todo = changes(current, module.params["enabled"], wanted_key_arn, current_key_arn)

    after = predicted(current, todo)
    if todo and not module.check_mode:
        after = predicted(current, region.apply(todo))

    result: Dict[str, Any] = {"changed": bool(todo), "ebs_default_encryption": after}
    if module._diff:
        result["diff"] = {"before": current, "after": after}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
