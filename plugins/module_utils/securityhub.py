# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Security Hub (CSPM): the reads and views shared by securityhub and securityhub_info.

The readers take a retrying amazon.aws client (every call with ``aws_retry=True``);
the views are pure and turn AWS's answers into the modules' snake_case return values.
"""

from __future__ import annotations

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

NOT_SUBSCRIBED = "InvalidAccessException"  # what the account-level calls answer while Security Hub is disabled


def describe_hub(client) -> Optional[Dict[str, Any]]:
    """DescribeHub's answer, or None when Security Hub is not enabled in the account and region."""
    try:
        answer = client.describe_hub(aws_retry=True)
    except is_boto3_error_code(NOT_SUBSCRIBED):
        return None
    return {key: value for key, value in answer.items() if key != "ResponseMetadata"}


def hub_tags(client, hub_arn: str) -> Dict[str, str]:
    return client.list_tags_for_resource(aws_retry=True, ResourceArn=hub_arn).get("Tags") or {}


def describe_standards(client) -> List[Dict[str, Any]]:
    """Every standard DescribeStandards lists: the catalogue a subscription can name."""
    return _all_pages(client.describe_standards, "Standards")


def enabled_standards(client) -> List[Dict[str, Any]]:
    """Every subscription GetEnabledStandards lists, DELETING ones included."""
    return _all_pages(client.get_enabled_standards, "StandardsSubscriptions")


def _all_pages(operation, key: str) -> List[Dict[str, Any]]:
    items: List[Dict[str, Any]] = []
    params: Dict[str, Any] = {}
    while True:
        page = operation(aws_retry=True, **params)
        items.extend(page.get(key) or [])
        if not page.get("NextToken"):
            return items
        params = {"NextToken": page["NextToken"]}


def short_id(standards_arn: str) -> str:
    """A standard's id without its ARN: 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0' -> 'cis-aws-foundations-benchmark/v/1.2.0'."""
    resource = standards_arn.split(":", 5)[-1]
    return resource.partition("/")[2]


def hub_view(hub: Dict[str, Any], tags: Dict[str, str]) -> Dict[str, Any]:
    """The hub as the modules return it; keys AWS does not report (a hub not created yet, in check mode) are left out."""
    view = camel_dict_to_snake_dict(hub)
    view["tags"] = dict(tags)
    return view


def subscription_view(subscription: Dict[str, Any]) -> Dict[str, Any]:
    """A standards subscription in snake_case; the standard's input parameters keep their names."""
    return camel_dict_to_snake_dict(subscription, ignore_list=["StandardsInput"])


def standard_view(standard: Dict[str, Any]) -> Dict[str, Any]:
    """A standard of the catalogue in snake_case, with the short id the securityhub module's standards option takes."""
    view = camel_dict_to_snake_dict(standard)
    view["short_id"] = short_id(standard["StandardsArn"])
    return view
