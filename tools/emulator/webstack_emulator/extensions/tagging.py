"""Resource Groups Tagging API fidelity fixes for moto 5.2.5 (moto/resourcegroupstaggingapi, moto/core/resource_tagging.py).

moto's GetResources walks every backend that mixes in ``TaggableResourcesMixin`` and filters what their
``iter_tagged_resources`` yield. The fixes below change that walk, in one place: extra sources of resources
(services moto leaves out) and corrections of what a backend yields (its resource type, the Region that lists it).
AWS names a resource type ``service:type`` with the type as the resource's ARN embeds it, and lists in a Region
only the resources of that Region (global CloudFront resources in us-east-1, S3 buckets in their own Region).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

from webstack_emulator.extensions import fix

# A source yields extra resources for (account, Region); a correction answers the resource as AWS
# lists it in that Region, or None when AWS does not list it there.
Source = Callable[[str, str], Iterator[Any]]
Correction = Callable[[Any, str, str], Any]

SOURCES: list[Source] = []
CORRECTIONS: list[Correction] = []

# Services whose resource types moto names otherwise than their ARNs do.
TYPED_BY_ARN = ("logs", "elasticache")
# CloudFront's resources are global; AWS lists them with GetResources in us-east-1 only.
GLOBAL_HOME = {"cloudfront": "us-east-1"}

_installed = False


def arn_resource_type(arn: str) -> str:
    """``service:type`` as the ARN embeds it: arn:aws:logs:r:a:log-group:NAME -> logs:log-group."""
    parts = arn.split(":", 5)
    return f"{parts[2]}:{re.split('[:/]', parts[5], maxsplit=1)[0]}"


def wafv2_resource_type(arn: str) -> str:
    """WAFv2 keeps the scope in the type: .../regional/webacl/NAME/ID -> wafv2:regional/webacl."""
    scope, kind = arn.split(":", 5)[5].split("/")[:2]
    return f"wafv2:{scope}/{kind}"


def _install() -> None:
    """Replace moto's resource walk once by one that reads SOURCES and applies CORRECTIONS."""
    global _installed
    if _installed:
        return
    from moto.core.resource_tagging import iter_taggable_backends
    from moto.core.resource_tagging import make_tag_matcher
    from moto.core.resource_tagging import match_resource_type
    from moto.resourcegroupstaggingapi.models import ResourceGroupsTaggingAPIBackend

    def listed(account_id: str, region: str) -> Iterator[Any]:
        for backend in iter_taggable_backends(account_id, region):
            for resource in backend.iter_tagged_resources():
                for correct in CORRECTIONS:
                    resource = correct(resource, account_id, region)
                    if resource is None:
                        break
                else:
                    yield resource
        for source in SOURCES:
            yield from source(account_id, region)

    def get_resources_generator(
        self: ResourceGroupsTaggingAPIBackend,
        tag_filters: list[dict[str, Any]] | None = None,
        resource_type_filters: list[str] | None = None,
        resource_arn_list: list[str] | None = None,
    ) -> Iterator[Any]:
        tag_matcher = make_tag_matcher(tag_filters)
        for resource in listed(self.account_id, self.region_name):
            if not resource.tags and not resource.extra.get("include_untagged"):
                continue
            if not match_resource_type(resource.resource_type, resource_type_filters):
                continue
            if not tag_matcher(resource.tags):
                continue
            if resource_arn_list and resource.arn not in resource_arn_list:
                continue
            yield resource

    ResourceGroupsTaggingAPIBackend._get_resources_generator = get_resources_generator  # type: ignore[method-assign]
    _installed = True


@fix(
    "resourcegroupstaggingapi",
    "GetResources",
    "WAFv2 web ACLs, rule groups, IP sets and regex pattern sets were never listed (moto's WAFv2 backend takes no part in "
    "the tagging API); AWS lists them with the types wafv2:regional/webacl, ... (CloudFront-scope ones as wafv2:global/... in us-east-1).",
)
def wafv2_resources_are_listed() -> None:
    from moto.core.resource_tagging import TaggedResource
    from moto.wafv2.models import GLOBAL_REGION
    from moto.wafv2.models import wafv2_backends

    def wafv2_resources(account_id: str, region: str) -> Iterator[Any]:
        regions = [region, GLOBAL_REGION] if region == GLOBAL_HOME["cloudfront"] else [region]
        for backend_region in regions:
            backend = wafv2_backends[account_id][backend_region]
            for collection in (backend.wacls, backend.rule_groups, backend.ip_sets, backend.regex_pattern_sets):
                for item in list(collection.values()):
                    yield TaggedResource(
                        arn=item.arn,
                        tags=backend.tagging_service.get_tag_dict_for_resource(item.arn),
                        resource_type=wafv2_resource_type(item.arn),
                    )

    SOURCES.append(wafv2_resources)
    _install()


@fix(
    "resourcegroupstaggingapi",
    "GetResources",
    "Log groups had the resource type logs:loggroup and ElastiCache resources elasticache:cache_clusters, "
    "elasticache:replication-group, ..., so the ResourceTypeFilters AWS documents (logs:log-group, elasticache:cluster, "
    "elasticache:replicationgroup, ...: the type as the ARN embeds it) matched nothing.",
)
def resource_types_are_those_of_the_arns() -> None:
    from moto.core.resource_tagging import TaggedResource

    def typed_by_arn(resource: Any, account_id: str, region: str) -> Any:
        if resource.resource_type.split(":", 1)[0] not in TYPED_BY_ARN:
            return resource
        return TaggedResource(arn=resource.arn, tags=resource.tags, resource_type=arn_resource_type(resource.arn), extra=resource.extra)

    CORRECTIONS.append(typed_by_arn)
    _install()


@fix(
    "resourcegroupstaggingapi",
    "GetResources",
    "CloudFront distributions, functions and key value stores, and S3 buckets, were listed in every Region; AWS lists "
    "CloudFront's global resources in us-east-1 only, and a bucket in its own Region only.",
)
def resources_are_listed_in_their_region() -> None:
    from moto.s3.models import s3_backends
    from moto.utilities.utils import get_partition

    def in_region(resource: Any, account_id: str, region: str) -> Any:
        service = resource.arn.split(":", 3)[2]
        if service in GLOBAL_HOME:
            return resource if region == GLOBAL_HOME[service] else None
        if service == "s3":
            bucket = s3_backends[account_id][get_partition(region)].buckets.get(resource.arn.rsplit(":", 1)[1])
            return resource if bucket is None or bucket.region_name == region else None
        return resource

    CORRECTIONS.append(in_region)
    _install()


@fix(
    "resourcegroupstaggingapi",
    "GetResources",
    "RDS DB subnet groups and DB (cluster) parameter groups were never listed (moto's RDS backend lists only instances, "
    "clusters, proxies and snapshots); AWS lists them with the types rds:subgrp, rds:pg and rds:cluster-pg.",
)
def rds_groups_are_listed() -> None:
    from moto.core.resource_tagging import TaggedResource
    from moto.rds.models import rds_backends

    def rds_groups(account_id: str, region: str) -> Iterator[Any]:
        backend = rds_backends[account_id][region]
        for collection in (backend.subnet_groups, backend.db_parameter_groups, backend.db_cluster_parameter_groups):
            for item in list(collection.values()):
                tags = {tag["Key"]: tag["Value"] for tag in item.get_tags()}
                yield TaggedResource(arn=item.arn, tags=tags, resource_type=arn_resource_type(item.arn))

    SOURCES.append(rds_groups)
    _install()
