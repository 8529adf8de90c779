"""EBS encryption by default and its KMS key, as the emulator answers them (webstack_emulator.extensions.ec2_ebs)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.model import shape_errors

ACCOUNT = "123456789012"
MANAGED_ALIAS_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/aws/ebs"


def new_key(aws: Emulator, alias: str | None = None) -> dict[str, Any]:
    kms = aws.client("kms")
    key = kms.create_key(Description="ebs default")["KeyMetadata"]
    if alias:
        kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])
    return key


def default_key(aws: Emulator, region: str = REGION) -> str:
    return aws.client("ec2", region=region).get_ebs_default_kms_key_id()["KmsKeyId"]


@pytest.mark.parametrize("form", ["KeyId", "Arn", "alias", "alias_arn"])
def test_modify_stores_the_key_arn_however_the_key_is_named(aws: Emulator, form: str) -> None:
    key = new_key(aws, alias="alias/ebs-default")
    named = {
        "KeyId": key["KeyId"],
        "Arn": key["Arn"],
        "alias": "alias/ebs-default",
        "alias_arn": f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/ebs-default",
    }[form]

    answer = aws.client("ec2").modify_ebs_default_kms_key_id(KmsKeyId=named)

    assert answer["KmsKeyId"] == key["Arn"]
    assert default_key(aws) == key["Arn"]
    assert shape_errors("ec2", "ModifyEbsDefaultKmsKeyId", answer) == ""


def test_the_default_key_is_per_region(aws: Emulator) -> None:
    key = new_key(aws)
    aws.client("ec2").modify_ebs_default_kms_key_id(KmsKeyId=key["Arn"])

    assert default_key(aws) == key["Arn"]
    assert default_key(aws, region="us-east-1") == "arn:aws:kms:us-east-1:123456789012:alias/aws/ebs"


def test_reset_answers_the_managed_key_that_kms_describes(aws: Emulator) -> None:
    aws.client("ec2").modify_ebs_default_kms_key_id(KmsKeyId=new_key(aws)["Arn"])

    answer = aws.client("ec2").reset_ebs_default_kms_key_id()

    managed = aws.client("kms").describe_key(KeyId="alias/aws/ebs")["KeyMetadata"]
    assert answer["KmsKeyId"] == managed["Arn"] == default_key(aws)
    assert shape_errors("ec2", "GetEbsDefaultKmsKeyId", aws.client("ec2").get_ebs_default_kms_key_id()) == ""


def test_reset_before_any_choice_names_the_managed_key(aws: Emulator) -> None:
    answer = aws.client("ec2").reset_ebs_default_kms_key_id()

    assert answer["KmsKeyId"].startswith(f"arn:aws:kms:{REGION}:{ACCOUNT}:key/")
    assert aws.client("kms").describe_key(KeyId=answer["KmsKeyId"])["KeyMetadata"]["Arn"] == answer["KmsKeyId"]


def test_an_unknown_alias_is_accepted_as_its_alias_arn(aws: Emulator) -> None:
    answer = aws.client("ec2").modify_ebs_default_kms_key_id(KmsKeyId="alias/no-such-key")

    assert answer["KmsKeyId"] == f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/no-such-key"
    assert default_key(aws) == answer["KmsKeyId"]


def test_a_key_of_another_account_is_kept_as_given(aws: Emulator) -> None:
    foreign = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

    assert aws.client("ec2").modify_ebs_default_kms_key_id(KmsKeyId=foreign)["KmsKeyId"] == foreign


def test_an_encrypted_volume_uses_the_chosen_default_key(aws: Emulator) -> None:
    key = new_key(aws)
    ec2 = aws.client("ec2")
    ec2.modify_ebs_default_kms_key_id(KmsKeyId=key["KeyId"])

    volume = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=1, Encrypted=True)

    assert volume["KmsKeyId"] == key["Arn"]


@pytest.mark.parametrize("call", ["get_ebs_default_kms_key_id", "reset_ebs_default_kms_key_id"])
def test_dry_run_is_answered_as_dry_run(aws: Emulator, call: str) -> None:
    with pytest.raises(ClientError) as error:
        getattr(aws.client("ec2"), call)(DryRun=True)
    assert error.value.response["Error"]["Code"] == "DryRunOperation"
    assert default_key(aws) == MANAGED_ALIAS_ARN


def test_encryption_by_default_round_trips(aws: Emulator) -> None:
    """moto's own Enable/Disable/GetEbsEncryptionByDefault, which the module relies on unchanged."""
    ec2 = aws.client("ec2")
    assert ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is False
    assert ec2.enable_ebs_encryption_by_default()["EbsEncryptionByDefault"] is True
    assert ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is True
    assert aws.client("ec2", region="us-east-1").get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is False
    assert ec2.disable_ebs_encryption_by_default()["EbsEncryptionByDefault"] is False
