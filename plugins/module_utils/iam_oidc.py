# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IAM OpenID Connect providers: the logic shared by iam_oidc_provider and iam_oidc_provider_info.

A provider is identified by its URL without the scheme: IAM derives its ARN,
``arn:<partition>:iam::<account>:oidc-provider/<host/path>``, from it. The
modules find a provider by listing the account's providers and matching that
suffix, so they never need to know the account. Host names are compared
case-insensitively (DNS is), paths exactly.

Everything here except :func:`list_provider_arns` and :func:`get_provider` is pure.
"""

import datetime
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

SCHEME = "https://"
ARN_MARK = ":oidc-provider/"
URL_MAX_LENGTH = 255  # OpenIDConnectProviderUrlType, scheme included

_HOST_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = re.compile(rf"^{_HOST_LABEL}(?:\.{_HOST_LABEL})*$")
_PATH = re.compile(r"^[\x21-\x7e]*$")  # printable ASCII, no spaces


def host_and_path(text: str) -> Tuple[str, str]:
    """What comes before the first '/' and what comes after it ('' without one)."""
    if "/" not in text:
        return text, ""
    host, path = text.split("/", 1)
    return host, path


def url_errors(url: str, option: str = "url") -> List[str]:
    """What is wrong with an OIDC provider URL (empty when nothing): https://host[/path], no port, query or fragment."""
    allowed = f"{option} must be https://<host>[/<path>] without a port, user, query or fragment"
    if not url.lower().startswith(SCHEME):
        return [f"{allowed}; {url!r} does not start with https://"]
    host, path = host_and_path(url[len(SCHEME) :])
    if "?" in url or "#" in url:
        return [f"{allowed}; {url!r} has a query or fragment"]
    if "@" in host:
        return [f"{allowed}; {url!r} names a user"]
    if ":" in host:
        return [f"{allowed}; {url!r} names a port"]
    if not _HOST.match(host):
        return [f"{allowed}; {host!r} is not a host name"]
    if not _PATH.match(path):
        return [f"{allowed}; the path of {url!r} has spaces or characters that are not printable ASCII"]
    if len(provider_url(provider_identity(url))) > URL_MAX_LENGTH:
        return [f"{option} must be at most {URL_MAX_LENGTH} characters long"]
    return []


def provider_identity(url: str) -> str:
    """The provider's identity (a valid URL without scheme and trailing slashes, host in lower case), as its ARN ends."""
    host, path = host_and_path(url[len(SCHEME) :])
    path = path.rstrip("/")
    return f"{host.lower()}/{path}" if path else host.lower()


def provider_url(identity: str) -> str:
    """The https:// URL of a provider identity."""
    return f"{SCHEME}{identity}"


def arn_identity(arn: str) -> Optional[str]:
    """The identity an OIDC provider ARN ends with, or None when the ARN is not an OIDC provider's."""
    if ARN_MARK not in arn:
        return None
    return arn.split(ARN_MARK, 1)[1]


def same_identity(one: str, other: str) -> bool:
    """Two identities name the same provider: same host whatever its case, same path."""
    one_host, one_path = host_and_path(one)
    other_host, other_path = host_and_path(other)
    return one_host.lower() == other_host.lower() and one_path == other_path


def find_arn(arns: List[str], identity: str) -> Optional[str]:
    """The ARN among arns of the provider with this identity, or None."""
    for arn in arns:
        found = arn_identity(arn)
        if found is not None and same_identity(found, identity):
            return arn
    return None


def normalize_provider(arn: str, answer: Dict[str, Any]) -> Dict[str, Any]:
    """A GetOpenIDConnectProvider answer as the modules return it: snake_case, https:// URL, tags as a dict."""
    created = answer.get("CreateDate")
    if isinstance(created, (datetime.datetime, datetime.date)):
        created = created.isoformat()
    provider = {
        "arn": arn,
        "url": provider_url(answer.get("Url") or arn_identity(arn) or ""),
        "client_ids": list(answer.get("ClientIDList") or []),
        "thumbprints": list(answer.get("ThumbprintList") or []),
        "tags": boto3_tag_list_to_ansible_dict(answer.get("Tags") or []),
    }
    if created is not None:
        provider["create_date"] = created
    return provider


def list_provider_arns(client) -> List[str]:
    """The ARNs of every OIDC provider of the account; client is a retrying amazon.aws IAM client."""
    return [entry["Arn"] for entry in client.list_open_id_connect_providers(aws_retry=True).get("OpenIDConnectProviderList", [])]


def get_provider(client, arn: str) -> Optional[Dict[str, Any]]:
    """The provider with this ARN, normalised, or None when IAM does not know it."""
    try:
        answer = client.get_open_id_connect_provider(aws_retry=True, OpenIDConnectProviderArn=arn)
    except is_boto3_error_code("NoSuchEntity"):
        return None
    return normalize_provider(arn, answer)
