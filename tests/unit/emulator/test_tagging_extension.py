"""The behaviour around the Resource Groups Tagging API fixes: WAFv2 listed, types as ARNs embed them, resources in their Region."""

from __future__ import annotations

from typing import Any

import pytest
from webstack_emulator.extensions.tagging import arn_resource_type
from webstack_emulator.extensions.tagging import wafv2_resource_type

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.tagging import cache_cluster
from tests.unit.emulator.checks.tagging import distribution
from tests.unit.emulator.checks.tagging import listed
from tests.unit.emulator.checks.tagging import log_group
from tests.unit.emulator.checks.tagging import tag_list
from tests.unit.emulator.checks.tagging import web_acl
from tests.unit.emulator.model import shape_errors

DEMO = {"webstack:stack": "demo"}
OTHER = {"webstack:stack": "other"}


def get_resources(aws: Emulator, region: str = REGION, **params: Any) -> dict[str, Any]:
    return aws.client("resourcegroupstaggingapi", region=region).get_resources(**params)


def stack(name: str) -> list[dict[str, Any]]:
    return [{"Key": "webstack:stack", "Values": [name]}]


# Pure helpers


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        ("arn:aws:logs:eu-west-1:123456789012:log-group:/demo/local", "logs:log-group"),
        ("arn:aws:elasticache:eu-west-1:123456789012:cluster:demo", "elasticache:cluster"),
        ("arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:demo", "elasticache:replicationgroup"),
        ("arn:aws:ecs:eu-west-1:123456789012:service/demo/web", "ecs:service"),
    ],
)
def test_arn_resource_type_is_the_type_the_arn_embeds(arn: str, expected: str) -> None:
    assert arn_resource_type(arn) == expected


def test_wafv2_resource_type_keeps_the_scope() -> None:
    assert wafv2_resource_type("arn:aws:wafv2:us-east-1:123456789012:global/webacl/demo/1234") == "wafv2:global/webacl"


# WAFv2


def test_web_acls_are_listed_by_their_tags(aws: Emulator) -> None:
    demo = web_acl(aws, "demo-local", DEMO)
    web_acl(aws, "other-local", OTHER)
    response = get_resources(aws, TagFilters=stack("demo"))
    assert listed(response) == [demo]
    assert response["ResourceTagMappingList"][0]["Tags"] == tag_list(DEMO)
    assert shape_errors("resourcegroupstaggingapi", "GetResources", response) == ""


def test_web_acls_answer_the_wafv2_type_filters(aws: Emulator) -> None:
    acl = web_acl(aws, "demo-local", DEMO)
    ip_set = aws.client("wafv2").create_ip_set(Name="office", Scope="REGIONAL", IPAddressVersion="IPV4", Addresses=[], Tags=tag_list(DEMO))["Summary"]["ARN"]
    assert listed(get_resources(aws, ResourceTypeFilters=["wafv2:regional/webacl"])) == [acl]
    assert listed(get_resources(aws, ResourceTypeFilters=["wafv2"])) == sorted([acl, ip_set])


def test_an_untagged_web_acl_is_not_listed(aws: Emulator) -> None:
    web_acl(aws, "plain", {})
    assert listed(get_resources(aws, ResourceTypeFilters=["wafv2"])) == []


def test_cloudfront_web_acls_are_listed_in_us_east_1_only(aws: Emulator) -> None:
    acl = web_acl(aws, "edge", DEMO, scope="CLOUDFRONT")
    assert ":global/webacl/" in acl
    assert listed(get_resources(aws, region="us-east-1", ResourceTypeFilters=["wafv2:global/webacl"])) == [acl]
    assert listed(get_resources(aws, TagFilters=stack("demo"))) == []


def test_a_web_acl_of_another_region_is_not_listed(aws: Emulator) -> None:
    acl = web_acl(aws, "demo-local", DEMO)
    assert listed(get_resources(aws, region="us-west-2", TagFilters=stack("demo"))) == []
    assert listed(get_resources(aws, TagFilters=stack("demo"))) == [acl]


# Resource types as the ARNs embed them


def test_log_groups_answer_logs_log_group(aws: Emulator) -> None:
    group = log_group(aws, "/demo/local", DEMO)
    assert listed(get_resources(aws, ResourceTypeFilters=["logs:log-group"])) == [group]
    assert listed(get_resources(aws, ResourceTypeFilters=["logs:loggroup"])) == []


def test_cache_clusters_answer_elasticache_cluster(aws: Emulator) -> None:
    cluster = cache_cluster(aws, "demo-local", DEMO)
    assert listed(get_resources(aws, ResourceTypeFilters=["elasticache:cluster"])) == [cluster]
    assert listed(get_resources(aws, ResourceTypeFilters=["elasticache:replicationgroup"])) == []


def test_other_services_keep_their_types(aws: Emulator) -> None:
    queue = aws.client("sqs").create_queue(QueueName="demo", tags=DEMO)["QueueUrl"]
    arn = aws.client("sqs").get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    assert listed(get_resources(aws, ResourceTypeFilters=["sqs:queue"])) == [arn]


# Resources in their Region


def test_cloudfront_distributions_are_listed_in_us_east_1_only(aws: Emulator) -> None:
    arn = distribution(aws, "demo", DEMO)
    assert listed(get_resources(aws, region="us-east-1", TagFilters=stack("demo"))) == [arn]
    assert listed(get_resources(aws, TagFilters=stack("demo"))) == []


def test_buckets_are_listed_in_their_region_only(aws: Emulator) -> None:
    for bucket, region in (("demo-eu", REGION), ("demo-us", "us-west-2")):
        s3 = aws.client("s3", region=region)
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tag_list(DEMO)})
    assert listed(get_resources(aws, TagFilters=stack("demo"))) == ["arn:aws:s3:::demo-eu"]
    assert listed(get_resources(aws, region="us-west-2", TagFilters=stack("demo"))) == ["arn:aws:s3:::demo-us"]


# Paging still works over the extra sources


def test_pages_cover_every_resource_once(aws: Emulator) -> None:
    arns = [web_acl(aws, f"acl-{n}", DEMO) for n in range(3)] + [log_group(aws, f"/demo/{n}", DEMO) for n in range(3)]
    found: list[str] = []
    token = ""
    pages = 0
    while True:
        page = get_resources(aws, TagFilters=stack("demo"), ResourcesPerPage=2, **({"PaginationToken": token} if token else {}))
        found.extend(m["ResourceARN"] for m in page["ResourceTagMappingList"])
        pages += 1
        token = page.get("PaginationToken")
        if not token:
            break
    assert sorted(found) == sorted(arns)
    assert pages >= 3
