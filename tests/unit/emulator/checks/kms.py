"""Checks of the later KMS fixes (tools/emulator/webstack_emulator/extensions/kms.py)."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check


@check("kms", "DescribeKey")
def a_reserved_alias_names_an_aws_managed_key(aws: Emulator) -> dict[str, Any]:
    kms = aws.client("kms")
    response = kms.describe_key(KeyId="alias/aws/ebs")
    assert response["KeyMetadata"]["KeyManager"] == "AWS"
    assert response["KeyMetadata"]["Description"] == "Default key that protects my EBS data when no other key is defined"
    own = kms.create_key(Description="mine")["KeyMetadata"]
    assert own["KeyManager"] == "CUSTOMER"
    return response
