"""Checks of the CloudFront invalidation fixes (tools/emulator/webstack_emulator/extensions/cloudfront_invalidations.py)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"


def make_distribution(aws: Emulator, caller_reference: str = "site") -> str:
    """A distribution with one S3 origin; its ID."""
    origin = {"Id": "site", "DomainName": "site.s3.eu-west-1.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
    config = {
        "CallerReference": caller_reference,
        "Comment": "",
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https", "CachePolicyId": CACHING_OPTIMIZED},
    }
    return aws.client("cloudfront").create_distribution(DistributionConfig=config)["Distribution"]["Id"]


def batch(caller_reference: str, *paths: str) -> dict[str, Any]:
    return {"Paths": {"Quantity": len(paths), "Items": list(paths)}, "CallerReference": caller_reference}


def invalidate(aws: Emulator, distribution_id: str, caller_reference: str, *paths: str) -> dict[str, Any]:
    return aws.client("cloudfront").create_invalidation(DistributionId=distribution_id, InvalidationBatch=batch(caller_reference, *paths))


def error_code(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    return error.value.response["Error"]["Code"], error.value.response["ResponseMetadata"]["HTTPStatusCode"]


@check("cloudfront", "GetInvalidation")
def an_invalidation_reads_back_completed(aws: Emulator) -> dict[str, Any]:
    distribution_id = make_distribution(aws)
    created = invalidate(aws, distribution_id, "publish-1", "/index.html")["Invalidation"]
    response = aws.client("cloudfront").get_invalidation(DistributionId=distribution_id, Id=created["Id"])
    assert response["Invalidation"]["Status"] == "Completed"
    assert response["Invalidation"]["InvalidationBatch"] == batch("publish-1", "/index.html")
    return response


@check("cloudfront", "CreateInvalidation")
def a_repeated_caller_reference_answers_the_first_invalidation(aws: Emulator) -> dict[str, Any]:
    distribution_id = make_distribution(aws)
    first = invalidate(aws, distribution_id, "publish-1", "/index.html", "/app.js")
    response = invalidate(aws, distribution_id, "publish-1", "/index.html", "/app.js")
    assert response["Invalidation"]["Id"] == first["Invalidation"]["Id"]
    assert response["Location"].endswith(f"/distribution/{distribution_id}/invalidation/{first['Invalidation']['Id']}")
    with pytest.raises(ClientError) as error:
        invalidate(aws, distribution_id, "publish-1", "/other.html")
    assert error_code(error) == ("InvalidArgument", 400)
    listing = aws.client("cloudfront").list_invalidations(DistributionId=distribution_id)["InvalidationList"]
    assert listing["Quantity"] == 1
    return response


@check("cloudfront", "ListInvalidations")
def invalidations_list_newest_first_in_pages(aws: Emulator) -> dict[str, Any]:
    distribution_id = make_distribution(aws)
    ids = [invalidate(aws, distribution_id, f"publish-{n}", f"/page-{n}.html")["Invalidation"]["Id"] for n in range(3)]
    response = aws.client("cloudfront").list_invalidations(DistributionId=distribution_id, MaxItems="2")
    listing = response["InvalidationList"]
    assert [item["Id"] for item in listing["Items"]] == [ids[2], ids[1]]
    assert (listing["IsTruncated"], listing["NextMarker"], listing["Quantity"], listing["MaxItems"]) == (True, ids[1], 2, 2)
    return response
