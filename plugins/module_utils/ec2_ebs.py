# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""EBS encryption by default: what ec2_ebs_default_encryption and ec2_ebs_default_encryption_info share.

A region's setting is two values: whether new volumes are encrypted by default
(GetEbsEncryptionByDefault) and the KMS key they are encrypted with when none is
given (GetEbsDefaultKmsKeyId). AWS names that key by an ARN: the key ARN of a key
the account chose, or the alias ARN of ``alias/aws/ebs`` (the AWS managed key)
while it chose none.
"""

from __future__ import annotations

from typing import Any
from typing import Dict

MANAGED_KEY_ALIAS = "alias/aws/ebs"


def describe_default_encryption(client: Any) -> Dict[str, Any]:
    """The region's EBS encryption by default, as AWS reports it: ``{"enabled": bool, "kms_key_id": str}``."""
    enabled = client.get_ebs_encryption_by_default(aws_retry=True)["EbsEncryptionByDefault"]
    kms_key_id = client.get_ebs_default_kms_key_id(aws_retry=True)["KmsKeyId"]
    return {"enabled": enabled, "kms_key_id": kms_key_id}
