"""Checks of the CloudFront origin access control fixes (tools/emulator/webstack_emulator/extensions/cloudfront_oac.py)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check


def oac_config(name: str, **overrides: str) -> dict[str, str]:
    return {"Name": name, "SigningProtocol": "sigv4", "SigningBehavior": "always", "OriginAccessControlOriginType": "s3", **overrides}


def create_oac(aws: Emulator, name: str, **overrides: str) -> dict[str, Any]:
    return aws.client("cloudfront").create_origin_access_control(OriginAccessControlConfig=oac_config(name, **overrides))


def error_code(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    return error.value.response["Error"]["Code"], error.value.response["ResponseMetadata"]["HTTPStatusCode"]


@check("cloudfront", "CreateOriginAccessControl")
def a_taken_oac_name_is_refused(aws: Emulator) -> dict[str, Any]:
    response = create_oac(aws, "site")
    oac_id = response["OriginAccessControl"]["Id"]
    assert response["Location"] == f"https://cloudfront.amazonaws.com/2020-05-31/origin-access-control/{oac_id}"
    assert response["OriginAccessControl"]["OriginAccessControlConfig"]["Description"] == ""
    assert response["ETag"]
    with pytest.raises(ClientError) as error:
        create_oac(aws, "site", Description="again")
    assert error_code(error) == ("OriginAccessControlAlreadyExists", 409)
    return response


@check("cloudfront", "UpdateOriginAccessControl")
def an_oac_update_needs_the_current_etag(aws: Emulator) -> dict[str, Any]:
    cloudfront = aws.client("cloudfront")
    created = create_oac(aws, "site")
    oac_id = created["OriginAccessControl"]["Id"]
    with pytest.raises(ClientError) as error:
        cloudfront.update_origin_access_control(Id=oac_id, IfMatch="STALE", OriginAccessControlConfig=oac_config("site", Description="new"))
    assert error_code(error) == ("PreconditionFailed", 412)
    response = cloudfront.update_origin_access_control(Id=oac_id, IfMatch=created["ETag"], OriginAccessControlConfig=oac_config("site", Description="new"))
    assert response["OriginAccessControl"]["OriginAccessControlConfig"]["Description"] == "new"
    assert response["ETag"] != created["ETag"]
    return response


@check("cloudfront", "DeleteOriginAccessControl")
def an_oac_delete_needs_the_current_etag(aws: Emulator) -> dict[str, Any]:
    cloudfront = aws.client("cloudfront")
    created = create_oac(aws, "site")
    oac_id = created["OriginAccessControl"]["Id"]
    with pytest.raises(ClientError) as error:
        cloudfront.delete_origin_access_control(Id=oac_id)
    assert error_code(error) == ("InvalidIfMatchVersion", 400)
    response = cloudfront.delete_origin_access_control(Id=oac_id, IfMatch=created["ETag"])
    assert cloudfront.list_origin_access_controls()["OriginAccessControlList"]["Quantity"] == 0
    return response


@check("cloudfront", "ListOriginAccessControls")
def oacs_list_in_pages(aws: Emulator) -> dict[str, Any]:
    ids = sorted(create_oac(aws, name)["OriginAccessControl"]["Id"] for name in ("a", "b", "c"))
    response = aws.client("cloudfront").list_origin_access_controls(MaxItems="2")
    listing = response["OriginAccessControlList"]
    assert (listing["IsTruncated"], listing["Quantity"], listing["MaxItems"], listing["NextMarker"]) == (True, 2, 2, ids[1])
    assert [item["Id"] for item in listing["Items"]] == ids[:2]
    return response


@check("cloudfront", "GetOriginAccessControlConfig")
def an_oac_config_reads_back_with_its_etag(aws: Emulator) -> dict[str, Any]:
    created = create_oac(aws, "site", Description="the site bucket")
    response = aws.client("cloudfront").get_origin_access_control_config(Id=created["OriginAccessControl"]["Id"])
    assert response["OriginAccessControlConfig"] == oac_config("site", Description="the site bucket")
    assert response["ETag"] == created["ETag"]
    return response
