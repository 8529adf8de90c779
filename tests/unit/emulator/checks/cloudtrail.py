"""Checks of the CloudTrail fixes (tools/emulator/webstack_emulator/extensions/cloudtrail.py)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check


@check("cloudtrail", "DeleteTrail")
def a_trail_named_by_its_arn_is_deleted(aws: Emulator) -> dict[str, Any]:
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="webstack-trail", CreateBucketConfiguration={"LocationConstraint": REGION})
    cloudtrail = aws.client("cloudtrail")
    arn = cloudtrail.create_trail(Name="webstack-trail", S3BucketName="webstack-trail")["TrailARN"]
    response = cloudtrail.delete_trail(Name=arn)
    assert cloudtrail.describe_trails()["trailList"] == []
    with pytest.raises(ClientError) as missing:
        cloudtrail.delete_trail(Name=arn)
    assert missing.value.response["Error"]["Code"] == "TrailNotFoundException"
    return response
