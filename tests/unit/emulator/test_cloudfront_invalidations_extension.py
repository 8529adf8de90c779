"""CloudFront invalidations in the emulator: status, CallerReference, quantities and paging, as AWS answers them."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from webstack_emulator.extensions.cloudfront_invalidations import page
from webstack_emulator.extensions.cloudfront_invalidations import same_batch

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.cloudfront_invalidations import batch
from tests.unit.emulator.checks.cloudfront_invalidations import error_code
from tests.unit.emulator.checks.cloudfront_invalidations import invalidate
from tests.unit.emulator.checks.cloudfront_invalidations import make_distribution
from tests.unit.emulator.model import shape_errors


class Item:
    def __init__(self, ident: str, paths: list[str] | None = None) -> None:
        self.id = ident
        self.paths = paths or []


# Pure helpers


def test_page_lists_newest_first_and_marks_the_last_id_of_a_truncated_page() -> None:
    oldest_first = [Item("A"), Item("B"), Item("C")]

    assert [i.id for i in page(oldest_first, None, 2)[0]] == ["C", "B"]
    assert page(oldest_first, None, 2)[1] == "B"
    assert [i.id for i in page(oldest_first, "B", 2)[0]] == ["A"]
    assert page(oldest_first, "B", 2)[1] is None
    assert page(oldest_first, None, 3)[1] is None


def test_page_after_an_unknown_marker_is_empty() -> None:
    assert page([Item("A")], "Z", 10) == ([], None)


def test_a_batch_is_the_same_whatever_the_order_of_its_paths() -> None:
    assert same_batch(Item("A", ["/a", "/b"]), ["/b", "/a"])
    assert not same_batch(Item("A", ["/a", "/b"]), ["/a"])


# Status


def test_an_invalidation_is_completed_in_every_answer(aws: Emulator) -> None:
    distribution_id = make_distribution(aws)
    created = invalidate(aws, distribution_id, "publish-1", "/index.html")
    listed = aws.client("cloudfront").list_invalidations(DistributionId=distribution_id)

    assert created["Invalidation"]["Status"] == "Completed"
    assert [item["Status"] for item in listed["InvalidationList"]["Items"]] == ["Completed"]
    assert shape_errors("cloudfront", "ListInvalidations", listed) == ""


def test_boto3_waits_for_an_invalidation_with_aws_strings(aws: Emulator) -> None:
    distribution_id = make_distribution(aws)
    created = invalidate(aws, distribution_id, "publish-1", "/index.html")["Invalidation"]

    aws.client("cloudfront").get_waiter("invalidation_completed").wait(
        DistributionId=distribution_id, Id=created["Id"], WaiterConfig={"Delay": 1, "MaxAttempts": 2}
    )


# CallerReference


def test_a_repeated_batch_is_answered_and_makes_nothing(aws: Emulator) -> None:
    distribution_id = make_distribution(aws)
    first = invalidate(aws, distribution_id, "publish-1", "/a", "/b")["Invalidation"]
    aws.clear_calls()

    again = invalidate(aws, distribution_id, "publish-1", "/b", "/a")["Invalidation"]

    assert again == first
    assert aws.client("cloudfront").list_invalidations(DistributionId=distribution_id)["InvalidationList"]["Quantity"] == 1


def test_a_reused_caller_reference_with_other_paths_is_refused(aws: Emulator) -> None:
    distribution_id = make_distribution(aws)
    invalidate(aws, distribution_id, "publish-1", "/a")

    with pytest.raises(ClientError) as error:
        invalidate(aws, distribution_id, "publish-1", "/a", "/b")

    assert error_code(error) == ("InvalidArgument", 400)
    assert "caller reference that was used for a previous invalidation batch" in error.value.response["Error"]["Message"]


def test_caller_references_are_kept_per_distribution(aws: Emulator) -> None:
    first, second = make_distribution(aws, "site-a"), make_distribution(aws, "site-b")
    one = invalidate(aws, first, "publish-1", "/a")["Invalidation"]

    other = invalidate(aws, second, "publish-1", "/b")["Invalidation"]

    assert other["Id"] != one["Id"]


def test_a_new_caller_reference_is_a_new_invalidation(aws: Emulator) -> None:
    distribution_id = make_distribution(aws)
    one = invalidate(aws, distribution_id, "publish-1", "/a")["Invalidation"]

    two = invalidate(aws, distribution_id, "publish-2", "/a")["Invalidation"]

    assert two["Id"] != one["Id"]


# Refusals


def test_a_quantity_that_is_not_the_number_of_paths_is_refused(aws: Emulator) -> None:
    distribution_id = make_distribution(aws)
    wrong = {"Paths": {"Quantity": 2, "Items": ["/a"]}, "CallerReference": "publish-1"}

    with pytest.raises(ClientError) as error:
        aws.client("cloudfront").create_invalidation(DistributionId=distribution_id, InvalidationBatch=wrong)

    assert error_code(error) == ("InconsistentQuantities", 400)
    assert aws.client("cloudfront").list_invalidations(DistributionId=distribution_id)["InvalidationList"]["Quantity"] == 0


@pytest.mark.parametrize("operation", ["create", "list", "get"])
def test_an_unknown_distribution_is_no_such_distribution(aws: Emulator, operation: str) -> None:
    cloudfront = aws.client("cloudfront")
    calls = {
        "create": lambda: cloudfront.create_invalidation(DistributionId="E0000000000000", InvalidationBatch=batch("publish-1", "/a")),
        "list": lambda: cloudfront.list_invalidations(DistributionId="E0000000000000"),
        "get": lambda: cloudfront.get_invalidation(DistributionId="E0000000000000", Id="I0000000000000"),
    }

    with pytest.raises(ClientError) as error:
        calls[operation]()

    assert error_code(error) == ("NoSuchDistribution", 404)


def test_an_unknown_invalidation_is_no_such_invalidation(aws: Emulator) -> None:
    distribution_id = make_distribution(aws)

    with pytest.raises(ClientError) as error:
        aws.client("cloudfront").get_invalidation(DistributionId=distribution_id, Id="I0000000000000")

    assert error_code(error) == ("NoSuchInvalidation", 404)


# Paging


def test_every_page_follows_from_the_last(aws: Emulator) -> None:
    distribution_id = make_distribution(aws)
    ids = [invalidate(aws, distribution_id, f"publish-{n}", f"/p{n}")["Invalidation"]["Id"] for n in range(5)]
    cloudfront = aws.client("cloudfront")

    seen, marker = [], ""
    while True:
        listing = cloudfront.list_invalidations(DistributionId=distribution_id, MaxItems="2", Marker=marker)["InvalidationList"]
        seen += [item["Id"] for item in listing.get("Items", [])]
        assert listing["Marker"] == marker
        if not listing["IsTruncated"]:
            assert "NextMarker" not in listing
            break
        marker = listing["NextMarker"]

    assert seen == list(reversed(ids))


def test_boto3_paginator_reads_every_invalidation(aws: Emulator) -> None:
    distribution_id = make_distribution(aws)
    ids = {invalidate(aws, distribution_id, f"publish-{n}", f"/p{n}")["Invalidation"]["Id"] for n in range(3)}

    pages = aws.client("cloudfront").get_paginator("list_invalidations").paginate(DistributionId=distribution_id, PaginationConfig={"PageSize": 1})

    assert {item["Id"] for item in pages.build_full_result()["InvalidationList"]["Items"]} == ids


def test_a_bad_max_items_is_invalid_argument(aws: Emulator) -> None:
    distribution_id = make_distribution(aws)

    with pytest.raises(ClientError) as error:
        aws.client("cloudfront").list_invalidations(DistributionId=distribution_id, MaxItems="-1")

    assert error_code(error)[0] == "InvalidArgument"


def test_an_empty_list_has_no_items(aws: Emulator) -> None:
    distribution_id = make_distribution(aws)

    listing = aws.client("cloudfront").list_invalidations(DistributionId=distribution_id)["InvalidationList"]

    assert (listing["Quantity"], listing["IsTruncated"], "Items" in listing, listing["MaxItems"]) == (0, False, False, 100)
