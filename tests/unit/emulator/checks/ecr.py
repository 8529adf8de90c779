"""Checks of the ECR fixes (tools/emulator/webstack_emulator/extensions/ecr.py)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check


@check("ecr", "CreateRepository")
def kms_keys_read_back_as_key_arns(aws: Emulator) -> dict[str, Any]:
    ecr, kms = aws.client("ecr"), aws.client("kms")
    key = kms.create_key(Description="images")["KeyMetadata"]
    kms.create_alias(AliasName="alias/images", TargetKeyId=key["KeyId"])
    response = ecr.create_repository(repositoryName="managed", encryptionConfiguration={"encryptionType": "KMS"})
    managed = kms.describe_key(KeyId="alias/aws/ecr")["KeyMetadata"]["Arn"]
    assert response["repository"]["encryptionConfiguration"] == {"encryptionType": "KMS", "kmsKey": managed}
    again = ecr.create_repository(repositoryName="managed-too", encryptionConfiguration={"encryptionType": "KMS"})
    assert again["repository"]["encryptionConfiguration"]["kmsKey"] == managed
    for name, given in (("by-id", key["KeyId"]), ("by-alias", "alias/images"), ("by-arn", key["Arn"])):
        created = ecr.create_repository(repositoryName=name, encryptionConfiguration={"encryptionType": "KMS", "kmsKey": given})
        assert created["repository"]["encryptionConfiguration"]["kmsKey"] == key["Arn"]
    [described] = ecr.describe_repositories(repositoryNames=["by-alias"])["repositories"]
    assert described["encryptionConfiguration"]["kmsKey"] == key["Arn"]
    with pytest.raises(ClientError) as error:
        ecr.create_repository(repositoryName="unknown", encryptionConfiguration={"encryptionType": "KMS", "kmsKey": "alias/nope"})
    assert error.value.response["Error"]["Code"] == "KmsException"
    assert "unknown" not in [r["repositoryName"] for r in ecr.describe_repositories()["repositories"]]
    aes = ecr.create_repository(repositoryName="aes", encryptionConfiguration={"encryptionType": "AES256"})
    assert aes["repository"]["encryptionConfiguration"] == {"encryptionType": "AES256"}
    return response
