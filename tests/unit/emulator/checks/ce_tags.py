"""Checks of the Cost Explorer cost allocation tag operations (webstack_emulator/extensions/ce_tags.py), one per fixed operation."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check


def tagged_topic(aws: Emulator, tags: dict[str, str], name: str = "billed") -> str:
    """An SNS topic carrying tags: the resource that makes their keys known to Cost Explorer."""
    return aws.client("sns").create_topic(Name=name, Tags=[{"Key": key, "Value": value} for key, value in tags.items()])["TopicArn"]


def cost_allocation_tags(aws: Emulator, **filters: Any) -> dict[str, dict[str, Any]]:
    """Every cost allocation tag ListCostAllocationTags answers for filters, by key (all pages)."""
    pages = aws.client("ce").get_paginator("list_cost_allocation_tags").paginate(**filters)
    return {tag["TagKey"]: tag for page in pages for tag in page["CostAllocationTags"]}


@check("ce", "ListCostAllocationTags")
def resource_tag_keys_are_listed_inactive(aws: Emulator) -> dict[str, Any]:
    tagged_topic(aws, {"webstack:stack": "test", "CostCenter": "42"})
    response = aws.client("ce").list_cost_allocation_tags()
    tags = {tag["TagKey"]: tag for tag in response["CostAllocationTags"]}
    assert sorted(tags) == ["CostCenter", "aws:createdBy", "webstack:stack"]
    assert (tags["webstack:stack"]["Type"], tags["webstack:stack"]["Status"]) == ("UserDefined", "Inactive")
    assert (tags["aws:createdBy"]["Type"], tags["aws:createdBy"]["Status"]) == ("AWSGenerated", "Inactive")
    assert tags["CostCenter"]["LastUsedDate"].endswith("-01T00:00:00Z")
    assert "LastUpdatedDate" not in tags["CostCenter"]
    return response


@check("ce", "UpdateCostAllocationTagsStatus")
def known_keys_are_activated_and_unknown_ones_answered_in_errors(aws: Emulator) -> dict[str, Any]:
    tagged_topic(aws, {"webstack:stack": "test"})
    response = aws.client("ce").update_cost_allocation_tags_status(
        CostAllocationTagsStatus=[{"TagKey": "webstack:stack", "Status": "Active"}, {"TagKey": "never-used", "Status": "Active"}]
    )
    [error] = response["Errors"]
    assert (error["TagKey"], error["Code"]) == ("never-used", "TagKeysNotFoundException")
    activated = cost_allocation_tags(aws)["webstack:stack"]
    assert activated["Status"] == "Active" and "LastUpdatedDate" in activated
    assert "never-used" not in cost_allocation_tags(aws)
    return response
