"""The behaviour around the Cost Explorer cost allocation tag operations: which keys are known, filters, pages, status changes."""

from __future__ import annotations

import re

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.ce_tags import cost_allocation_tags
from tests.unit.emulator.checks.ce_tags import tagged_topic
from tests.unit.emulator.model import shape_errors

ZONED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def activate(aws: Emulator, *keys: str, status: str = "Active") -> dict:
    return aws.client("ce").update_cost_allocation_tags_status(CostAllocationTagsStatus=[{"TagKey": key, "Status": status} for key in keys])


def test_only_aws_created_by_is_known_without_tagged_resources(aws: Emulator) -> None:
    assert cost_allocation_tags(aws) == {"aws:createdBy": {"TagKey": "aws:createdBy", "Type": "AWSGenerated", "Status": "Inactive"}}


def test_tag_keys_of_ec2_resources_are_known(aws: Emulator) -> None:
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Environment", "Value": "test"}])
    assert cost_allocation_tags(aws)["Environment"]["Type"] == "UserDefined"


def test_tag_keys_of_resources_in_any_region_are_known(aws: Emulator) -> None:
    aws.client("sns", region="us-east-1").create_topic(Name="far", Tags=[{"Key": "Team", "Value": "web"}])
    assert "Team" in cost_allocation_tags(aws)


def test_a_key_stays_known_with_its_status_after_its_resources_are_gone(aws: Emulator) -> None:
    topic = tagged_topic(aws, {"Team": "web"})
    activate(aws, "Team")
    aws.client("sns").delete_topic(TopicArn=topic)
    assert cost_allocation_tags(aws)["Team"]["Status"] == "Active"


def test_dates_follow_the_zoned_date_time_pattern(aws: Emulator) -> None:
    tagged_topic(aws, {"Team": "web"})
    activate(aws, "Team")
    tag = cost_allocation_tags(aws)["Team"]
    assert ZONED.match(tag["LastUsedDate"]) and ZONED.match(tag["LastUpdatedDate"])


def test_list_filters_by_status_type_and_keys_together(aws: Emulator) -> None:
    tagged_topic(aws, {"Team": "web", "Owner": "ops", "Project": "x"})
    activate(aws, "Team", "Owner", "aws:createdBy")
    assert sorted(cost_allocation_tags(aws, Status="Active")) == ["Owner", "Team", "aws:createdBy"]
    assert sorted(cost_allocation_tags(aws, Status="Active", Type="UserDefined")) == ["Owner", "Team"]
    assert sorted(cost_allocation_tags(aws, Status="Inactive")) == ["Project"]
    assert sorted(cost_allocation_tags(aws, TagKeys=["Team", "Project", "unknown"], Status="Active")) == ["Team"]
    assert sorted(cost_allocation_tags(aws, Type="AWSGenerated")) == ["aws:createdBy"]


def test_list_answers_pages_of_max_results(aws: Emulator) -> None:
    tagged_topic(aws, {f"key-{n}": "v" for n in range(5)})
    ce = aws.client("ce")
    first = ce.list_cost_allocation_tags(MaxResults=4)
    assert len(first["CostAllocationTags"]) == 4 and first["NextToken"]
    second = ce.list_cost_allocation_tags(MaxResults=4, NextToken=first["NextToken"])
    assert len(second["CostAllocationTags"]) == 2 and "NextToken" not in second
    keys = [t["TagKey"] for t in first["CostAllocationTags"] + second["CostAllocationTags"]]
    assert sorted(keys) == sorted([f"key-{n}" for n in range(5)] + ["aws:createdBy"])
    assert shape_errors("ce", "ListCostAllocationTags", second) == ""


def test_an_unknown_next_token_is_refused(aws: Emulator) -> None:
    with pytest.raises(ClientError) as error:
        aws.client("ce").list_cost_allocation_tags(NextToken="not-a-token")
    assert error.value.response["Error"]["Code"] == "InvalidNextTokenException"


def test_more_than_a_thousand_results_a_page_is_refused(aws: Emulator) -> None:
    with pytest.raises(ClientError) as error:
        aws.client("ce").list_cost_allocation_tags(MaxResults=1001)
    assert error.value.response["Error"]["Code"] == "ValidationException"


def test_the_aws_generated_created_by_tag_can_be_activated(aws: Emulator) -> None:
    assert activate(aws, "aws:createdBy")["Errors"] == []
    assert cost_allocation_tags(aws)["aws:createdBy"]["Status"] == "Active"


def test_deactivation_sets_the_status_and_the_last_updated_date(aws: Emulator) -> None:
    tagged_topic(aws, {"Team": "web"})
    activate(aws, "Team")
    activate(aws, "Team", status="Inactive")
    tag = cost_allocation_tags(aws)["Team"]
    assert tag["Status"] == "Inactive" and "LastUpdatedDate" in tag


def test_an_update_to_the_same_status_has_no_effect(aws: Emulator) -> None:
    tagged_topic(aws, {"Team": "web", "Owner": "ops"})
    assert activate(aws, "Team", status="Inactive")["Errors"] == []
    assert "LastUpdatedDate" not in cost_allocation_tags(aws)["Team"]


def test_an_unknown_key_fails_alone(aws: Emulator) -> None:
    tagged_topic(aws, {"Team": "web"})
    response = activate(aws, "later", "Team")
    assert [(e["TagKey"], e["Code"]) for e in response["Errors"]] == [("later", "TagKeysNotFoundException")]
    assert cost_allocation_tags(aws)["Team"]["Status"] == "Active"


def test_more_than_twenty_entries_are_refused_and_nothing_changes(aws: Emulator) -> None:
    keys = [f"key-{n}" for n in range(21)]
    tagged_topic(aws, dict.fromkeys(keys, "v"))
    with pytest.raises(ClientError) as error:
        activate(aws, *keys)
    assert error.value.response["Error"]["Code"] == "ValidationException"
    assert cost_allocation_tags(aws, Status="Active") == {}


def test_the_calls_are_logged_as_read_and_mutating(aws: Emulator) -> None:
    aws.clear_calls()
    aws.client("ce").list_cost_allocation_tags()
    activate(aws, "aws:createdBy")
    calls = aws.calls()
    assert calls.count("ListCostAllocationTags") == 1
    assert calls.mutating == ["ce:UpdateCostAllocationTagsStatus"]
