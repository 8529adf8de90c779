# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CloudFront origin access controls (OACs): what cloudfront_origin_access_control and its _info module share.

An OAC has no tags and no ARN to look it up by; its name is unique in the
account, so the modules find it by name through every page of
ListOriginAccessControls, then read it with GetOriginAccessControl for the ETag
that UpdateOriginAccessControl and DeleteOriginAccessControl need as IfMatch.

Everything here except the two readers at the end is pure.
"""

from __future__ import annotations

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

# OriginAccessControlConfig member -> the module option (and return key) that stands for it.
CONFIG_KEYS = {
    "Name": "name",
    "Description": "description",
    "OriginAccessControlOriginType": "origin_type",
    "SigningBehavior": "signing_behavior",
    "SigningProtocol": "signing_protocol",
}


def oac_view(oac_id: Optional[str], config: Dict[str, Any], etag: Optional[str] = None) -> Dict[str, Any]:
    """An OAC as the modules return it: its id, each config member under its option's name, and the ETag when known."""
    view: Dict[str, Any] = {"id": oac_id} if oac_id else {}
    view.update({option: config.get(member, "") for member, option in CONFIG_KEYS.items()})
    if etag:
        view["etag"] = etag
    return view


def summary_view(summary: Dict[str, Any]) -> Dict[str, Any]:
    """An item of ListOriginAccessControls (an OriginAccessControlSummary) as the modules return it, without ETag."""
    return oac_view(summary["Id"], summary)


def list_origin_access_controls(client) -> List[Dict[str, Any]]:
    """Every OAC of the account (OriginAccessControlSummary items), through every page; client is a retrying amazon.aws client."""
    summaries: List[Dict[str, Any]] = []
    params: Dict[str, Any] = {}
    while True:
        listing = client.list_origin_access_controls(aws_retry=True, **params)["OriginAccessControlList"]
        summaries.extend(listing.get("Items") or [])
        if not listing.get("IsTruncated") or not listing.get("NextMarker"):
            return summaries
        params = {"Marker": listing["NextMarker"]}


def get_origin_access_control(client, oac_id: str) -> Optional[Dict[str, Any]]:
    """The OAC with this id as the modules return it, with its ETag; None when there is none."""
    try:
        answer = client.get_origin_access_control(aws_retry=True, Id=oac_id)
    except is_boto3_error_code("NoSuchOriginAccessControl"):
        return None
    oac = answer["OriginAccessControl"]
    return oac_view(oac["Id"], oac["OriginAccessControlConfig"], answer["ETag"])


def find_by_name(client, name: str) -> Optional[Dict[str, Any]]:
    """The OAC named name, with its ETag; None when the account has none of that name."""
    for summary in list_origin_access_controls(client):
        if summary["Name"] == name:
            return get_origin_access_control(client, summary["Id"])
    return None
