"""Checks of the EC2 EBS encryption-by-default fixes (webstack_emulator.extensions.ec2_ebs)."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

ACCOUNT = "123456789012"
MANAGED_ALIAS_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/aws/ebs"


@check("ec2", "GetEbsDefaultKmsKeyId")
def default_key_before_any_choice(aws: Emulator) -> dict[str, Any]:
    response = aws.client("ec2").get_ebs_default_kms_key_id()
    assert response["KmsKeyId"] == MANAGED_ALIAS_ARN
    return response


@check("ec2", "ResetEbsDefaultKmsKeyId")
def reset_to_the_managed_key(aws: Emulator) -> dict[str, Any]:
    ec2 = aws.client("ec2")
    ec2.modify_ebs_default_kms_key_id(KmsKeyId=aws.client("kms").create_key()["KeyMetadata"]["Arn"])
    response = ec2.reset_ebs_default_kms_key_id()
    managed = aws.client("kms").describe_key(KeyId="alias/aws/ebs")["KeyMetadata"]["Arn"]
    assert response["KmsKeyId"] == managed
    assert ec2.get_ebs_default_kms_key_id()["KmsKeyId"] == managed
    return response


@check("ec2", "ModifyEbsDefaultKmsKeyId")
def modify_with_an_unknown_key(aws: Emulator) -> dict[str, Any]:
    unknown = "1234abcd-12ab-34cd-56ef-1234567890ab"
    response = aws.client("ec2").modify_ebs_default_kms_key_id(KmsKeyId=unknown)
    assert response["KmsKeyId"] == f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{unknown}"
    return response
