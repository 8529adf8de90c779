"""CloudFront origin access controls in the emulator: names, If-Match, in-use and paging, as AWS answers them."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.cloudfront_oac import create_oac
from tests.unit.emulator.checks.cloudfront_oac import error_code
from tests.unit.emulator.checks.cloudfront_oac import oac_config
from tests.unit.emulator.model import shape_errors

BUCKET = "webstack-site"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"


def distribution_config(oac_id: str) -> dict[str, Any]:
    """A distribution whose one S3 origin signs its requests with the OAC."""
    origin = {
        "Id": "site",
        "DomainName": f"{BUCKET}.s3.{REGION}.amazonaws.com",
        "S3OriginConfig": {"OriginAccessIdentity": ""},
        "OriginAccessControlId": oac_id,
    }
    return {
        "CallerReference": f"site-{oac_id}",
        "Comment": "",
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https", "CachePolicyId": CACHING_OPTIMIZED},
    }


def oac_names(aws: Emulator) -> list[str]:
    listing = aws.client("cloudfront").list_origin_access_controls()["OriginAccessControlList"]
    return sorted(item["Name"] for item in listing.get("Items", []))


# Names are unique in the account


def test_a_deleted_oac_frees_its_name(aws: Emulator) -> None:
    created = create_oac(aws, "site")
    aws.client("cloudfront").delete_origin_access_control(Id=created["OriginAccessControl"]["Id"], IfMatch=created["ETag"])

    again = create_oac(aws, "site")

    assert again["OriginAccessControl"]["Id"] != created["OriginAccessControl"]["Id"]
    assert oac_names(aws) == ["site"]


def test_an_oac_is_not_renamed_to_a_taken_name(aws: Emulator) -> None:
    created = create_oac(aws, "site")
    create_oac(aws, "media")

    with pytest.raises(ClientError) as error:
        aws.client("cloudfront").update_origin_access_control(
            Id=created["OriginAccessControl"]["Id"], IfMatch=created["ETag"], OriginAccessControlConfig=oac_config("media")
        )

    assert error_code(error) == ("OriginAccessControlAlreadyExists", 409)
    assert oac_names(aws) == ["media", "site"]


def test_an_update_may_keep_its_own_name_and_change_the_rest(aws: Emulator) -> None:
    cloudfront = aws.client("cloudfront")
    created = create_oac(aws, "site", Description="old")
    oac_id = created["OriginAccessControl"]["Id"]
    config = oac_config("site", SigningBehavior="no-override", OriginAccessControlOriginType="mediastore")

    updated = cloudfront.update_origin_access_control(Id=oac_id, IfMatch=created["ETag"], OriginAccessControlConfig=config)

    read = cloudfront.get_origin_access_control(Id=oac_id)
    assert read["OriginAccessControl"]["OriginAccessControlConfig"] == dict(config, Description="")  # a PUT: an omitted Description is empty
    assert read["ETag"] == updated["ETag"] != created["ETag"]


# If-Match


def test_an_update_without_if_match_changes_nothing(aws: Emulator) -> None:
    cloudfront = aws.client("cloudfront")
    created = create_oac(aws, "site")
    oac_id = created["OriginAccessControl"]["Id"]

    with pytest.raises(ClientError) as error:
        cloudfront.update_origin_access_control(Id=oac_id, OriginAccessControlConfig=oac_config("site", Description="new"))

    assert error_code(error) == ("InvalidIfMatchVersion", 400)
    read = cloudfront.get_origin_access_control(Id=oac_id)
    assert (read["OriginAccessControl"]["OriginAccessControlConfig"]["Description"], read["ETag"]) == ("", created["ETag"])


def test_the_etag_before_an_update_is_stale_after_it(aws: Emulator) -> None:
    cloudfront = aws.client("cloudfront")
    created = create_oac(aws, "site")
    oac_id = created["OriginAccessControl"]["Id"]
    cloudfront.update_origin_access_control(Id=oac_id, IfMatch=created["ETag"], OriginAccessControlConfig=oac_config("site", Description="one"))

    with pytest.raises(ClientError) as error:
        cloudfront.update_origin_access_control(Id=oac_id, IfMatch=created["ETag"], OriginAccessControlConfig=oac_config("site", Description="two"))

    assert error_code(error) == ("PreconditionFailed", 412)
    assert cloudfront.get_origin_access_control(Id=oac_id)["OriginAccessControl"]["OriginAccessControlConfig"]["Description"] == "one"


def test_a_delete_with_a_stale_etag_keeps_the_oac(aws: Emulator) -> None:
    cloudfront = aws.client("cloudfront")
    created = create_oac(aws, "site")

    with pytest.raises(ClientError) as error:
        cloudfront.delete_origin_access_control(Id=created["OriginAccessControl"]["Id"], IfMatch="STALE")

    assert error_code(error) == ("PreconditionFailed", 412)
    assert oac_names(aws) == ["site"]


@pytest.mark.parametrize("operation", ["update", "delete", "get_config"])
def test_an_unknown_oac_is_no_such_origin_access_control(aws: Emulator, operation: str) -> None:
    cloudfront = aws.client("cloudfront")
    calls = {
        "update": lambda: cloudfront.update_origin_access_control(Id="E0000000000000", IfMatch="E1", OriginAccessControlConfig=oac_config("x")),
        "delete": lambda: cloudfront.delete_origin_access_control(Id="E0000000000000", IfMatch="E1"),
        "get_config": lambda: cloudfront.get_origin_access_control_config(Id="E0000000000000"),
    }

    with pytest.raises(ClientError) as error:
        calls[operation]()

    assert error_code(error) == ("NoSuchOriginAccessControl", 404)


# In use by a distribution


def test_an_oac_a_distribution_uses_is_not_deleted(aws: Emulator) -> None:
    cloudfront = aws.client("cloudfront")
    created = create_oac(aws, "site")
    oac_id = created["OriginAccessControl"]["Id"]
    cloudfront.create_distribution(DistributionConfig=distribution_config(oac_id))

    with pytest.raises(ClientError) as error:
        cloudfront.delete_origin_access_control(Id=oac_id, IfMatch=created["ETag"])

    assert error_code(error) == ("OriginAccessControlInUse", 409)
    assert oac_names(aws) == ["site"]


def test_an_oac_no_distribution_uses_any_more_is_deleted(aws: Emulator) -> None:
    cloudfront = aws.client("cloudfront")
    created = create_oac(aws, "site")
    oac_id = created["OriginAccessControl"]["Id"]
    distribution_id = cloudfront.create_distribution(DistributionConfig=distribution_config(oac_id))["Distribution"]["Id"]
    current = cloudfront.get_distribution_config(Id=distribution_id)
    config = distribution_config(oac_id)
    del config["Origins"]["Items"][0]["OriginAccessControlId"]
    cloudfront.update_distribution(Id=distribution_id, IfMatch=current["ETag"], DistributionConfig=config)

    cloudfront.delete_origin_access_control(Id=oac_id, IfMatch=created["ETag"])

    assert oac_names(aws) == []


def test_another_oac_of_the_same_account_is_not_in_use(aws: Emulator) -> None:
    cloudfront = aws.client("cloudfront")
    used = create_oac(aws, "site")["OriginAccessControl"]["Id"]
    spare = create_oac(aws, "spare")
    cloudfront.create_distribution(DistributionConfig=distribution_config(used))

    cloudfront.delete_origin_access_control(Id=spare["OriginAccessControl"]["Id"], IfMatch=spare["ETag"])

    assert oac_names(aws) == ["site"]


# Listing


def test_the_paginator_walks_every_oac_once(aws: Emulator) -> None:
    names = [f"oac-{n}" for n in range(5)]
    for name in names:
        create_oac(aws, name)

    pages = list(aws.client("cloudfront").get_paginator("list_origin_access_controls").paginate(PaginationConfig={"PageSize": 2}))

    assert [page["OriginAccessControlList"]["Quantity"] for page in pages] == [2, 2, 1]
    assert sorted(item["Name"] for page in pages for item in page["OriginAccessControlList"]["Items"]) == names
    assert "NextMarker" not in pages[-1]["OriginAccessControlList"]


def test_a_page_after_a_deleted_marker_goes_on_from_there(aws: Emulator) -> None:
    cloudfront = aws.client("cloudfront")
    created = sorted((create_oac(aws, name) for name in ("a", "b", "c")), key=lambda answer: answer["OriginAccessControl"]["Id"])
    first = cloudfront.list_origin_access_controls(MaxItems="1")["OriginAccessControlList"]
    cloudfront.delete_origin_access_control(Id=first["NextMarker"], IfMatch=created[0]["ETag"])

    rest = cloudfront.list_origin_access_controls(Marker=first["NextMarker"])["OriginAccessControlList"]

    assert [item["Id"] for item in rest["Items"]] == [answer["OriginAccessControl"]["Id"] for answer in created[1:]]
    assert rest["Marker"] == first["NextMarker"]


def test_an_empty_list_conforms_to_the_model(aws: Emulator) -> None:
    response = aws.client("cloudfront").list_origin_access_controls()

    assert response["OriginAccessControlList"] == {"Marker": "", "MaxItems": 100, "IsTruncated": False, "Quantity": 0}
    assert shape_errors("cloudfront", "ListOriginAccessControls", response) == ""


def test_max_items_that_is_not_a_number_is_an_invalid_argument(aws: Emulator) -> None:
    with pytest.raises(ClientError) as error:
        aws.client("cloudfront").list_origin_access_controls(MaxItems="many")

    assert error_code(error) == ("InvalidArgument", 400)


def test_get_answers_the_etag_of_the_last_change(aws: Emulator) -> None:
    cloudfront = aws.client("cloudfront")
    created = create_oac(aws, "site")

    read = cloudfront.get_origin_access_control(Id=created["OriginAccessControl"]["Id"])

    assert read["ETag"] == created["ETag"]
    assert shape_errors("cloudfront", "GetOriginAccessControl", read) == ""
