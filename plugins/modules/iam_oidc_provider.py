#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iam_oidc_provider
version_added: 0.2.0
short_description: Manage an IAM OpenID Connect identity provider
description:
  - Create, update, tag or delete one IAM OpenID Connect (OIDC) identity provider, the trust anchor that lets
    tokens of an issuer such as GitHub Actions or an EKS cluster assume IAM roles with C(sts:AssumeRoleWithWebIdentity).
  - A provider is identified by its O(url) without the scheme; IAM derives its ARN from it,
    C(arn:aws:iam::<account>:oidc-provider/<host>/<path>). The module finds the provider by listing the account's
    providers and matching that suffix, so it needs no account ID.
  - The client IDs (audiences) are authoritative; thumbprints are managed only when O(thumbprints) is given.
  - An OIDC provider is ready as soon as IAM has created it, so the module does not wait.
author:
  - webstack.aws maintainers (@webstack)
options:
  url:
    description:
      - The URL of the identity provider, as in the C(iss) claim of its tokens, for example
        V(https://token.actions.githubusercontent.com) or V(https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE).
      - It must start with V(https://) and name a host with an optional path; it may not have a port, a user,
        a query or a fragment, and is at most 255 characters long.
      - Trailing slashes are dropped and the host is compared in lower case, so V(https://Example.com/) and
        V(https://example.com) name the same provider.
    required: true
    type: str
  client_ids:
    description:
      - The client IDs (audiences) the provider accepts. Authoritative, client IDs of the provider that are not
        listed are removed from it.
      - At most 100, each 1 to 255 characters long. Duplicates are ignored.
    default: ['sts.amazonaws.com']
    type: list
    elements: str
  thumbprints:
    description:
      - The SHA-1 thumbprints (40 hexadecimal digits) of the certificates of the provider's JSON Web Key Set
        endpoint, at most 5. Compared case-insensitively; duplicates are ignored.
      - When given and not empty, they replace the provider's thumbprints.
      - When omitted or empty, a new provider is created without thumbprints (IAM then retrieves the thumbprint
        of the provider's top intermediate certificate authority itself) and an existing provider keeps its thumbprints.
      - IAM verifies many providers (GitHub, GitLab, Google, Auth0, ...) with its own library of trusted root
        certificate authorities and does not use their thumbprints.
    type: list
    elements: str
  state:
    description:
      - Whether the provider should exist.
    default: present
    choices: ['present', 'absent']
    type: str
notes:
  - IAM is global; O(region) only chooses the endpoint.
  - In check mode the module reports what would change and makes no change; a provider it would create is
    returned without RV(oidc_provider.arn) and RV(oidc_provider.create_date).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Trust GitHub Actions tokens
  webstack.aws.iam_oidc_provider:
    url: https://token.actions.githubusercontent.com
    client_ids:
      - sts.amazonaws.com
    tags:
      webstack:stack: webstack
  register: github_oidc

- name: Trust the service account tokens of an EKS cluster, with the thumbprint of its issuer
  webstack.aws.iam_oidc_provider:
    url: https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
    thumbprints:
      - 9e99a48a9960b14926bb7f3b02e22da2b0ab7280

- name: Remove the provider
  webstack.aws.iam_oidc_provider:
    url: https://token.actions.githubusercontent.com
    state: absent
"""

RETURN = r"""
oidc_provider:
  description:
    - The provider, as GetOpenIDConnectProvider returns it, in snake_case with tags as a dict.
    - In check mode, for a provider the module would create, the settings it would have (no ARN yet).
  returned: when O(state=present)
  type: dict
  contains:
    arn:
      description: The ARN of the provider.
      type: str
      returned: when the provider exists
      sample: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
    url:
      description: The URL of the provider, with the V(https://) scheme that IAM leaves out of it.
      type: str
      returned: always
      sample: https://token.actions.githubusercontent.com
    client_ids:
      description: The client IDs (audiences) the provider accepts.
      type: list
      elements: str
      returned: always
      sample: ["sts.amazonaws.com"]
    thumbprints:
      description: The thumbprints of the provider's certificates.
      type: list
      elements: str
      returned: always
      sample: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
    tags:
      description: The tags of the provider.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
    create_date:
      description: When the provider was created (ISO 8601).
      type: str
      returned: when the provider exists
      sample: "2025-01-01T12:00:00+00:00"
"""

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.iam_oidc import find_arn
from ansible_collections.webstack.aws.plugins.module_utils.iam_oidc import get_provider
from ansible_collections.webstack.aws.plugins.module_utils.iam_oidc import list_provider_arns
from ansible_collections.webstack.aws.plugins.module_utils.iam_oidc import provider_identity
from ansible_collections.webstack.aws.plugins.module_utils.iam_oidc import provider_url
from ansible_collections.webstack.aws.plugins.module_utils.iam_oidc import url_errors
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    url=dict(type="str", required=True),
    client_ids=dict(type="list", elements="str", default=["sts.amazonaws.com"]),
    thumbprints=dict(type="list", elements="str"),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

MAX_CLIENT_IDS = 100
MAX_CLIENT_ID_LENGTH = 255
MAX_THUMBPRINTS = 5
_THUMBPRINT = re.compile(r"^[0-9A-Fa-f]{40}$")

# What the diff shows of a provider, in this order.
VIEW_KEYS = ("arn", "url", "client_ids", "thumbprints", "tags")

# IAM may not show a provider it has just created to GetOpenIDConnectProvider yet.
SETTLING_CODES = ["NoSuchEntity"]


# Pure functions: what is asked, what differs, what to send


def unique(items: List[str]) -> List[str]:
    """items without repeats, in their first order."""
    return list(dict.fromkeys(items))


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every error in the options, each naming its option; empty when they are valid."""
    errors = url_errors(params["url"])
    client_ids = params["client_ids"] or []
    if any(not client_id for client_id in client_ids):
        errors.append("client_ids may not contain an empty client ID")
    too_long = [client_id for client_id in client_ids if len(client_id) > MAX_CLIENT_ID_LENGTH]
    if too_long:
        errors.append(f"client_ids must each be at most {MAX_CLIENT_ID_LENGTH} characters long; {len(too_long)} are longer")
    distinct_client_ids = len(unique(client_ids))
    if distinct_client_ids > MAX_CLIENT_IDS:
        errors.append(f"client_ids may list at most {MAX_CLIENT_IDS} client IDs, not {distinct_client_ids}")
    thumbprints = params["thumbprints"] or []
    malformed = [thumbprint for thumbprint in thumbprints if not _THUMBPRINT.match(thumbprint)]
    if malformed:
        errors.append(f"thumbprints must each be 40 hexadecimal digits (a SHA-1 thumbprint); not {', '.join(repr(t) for t in malformed)}")
    distinct_thumbprints = len(unique([t.lower() for t in thumbprints]))
    if distinct_thumbprints > MAX_THUMBPRINTS:
        errors.append(f"thumbprints may list at most {MAX_THUMBPRINTS} thumbprints, not {distinct_thumbprints}")
    return errors


def build_desired(params: Dict[str, Any]) -> Dict[str, Any]:
    """The provider the options describe; thumbprints and tags are None when left to what exists."""
    thumbprints = unique([t.lower() for t in params["thumbprints"] or []])
    return {
        "url": provider_url(provider_identity(params["url"])),
        "client_ids": unique(params["client_ids"] or []),
        "thumbprints": thumbprints or None,
        "tags": params["tags"],
    }


def provider_changes(current: Dict[str, Any], desired: Dict[str, Any], purge_tags: bool) -> Dict[str, Any]:
    """What must be sent to bring current to desired: only the keys with something to do.

    add_client_ids / remove_client_ids: lists; thumbprints: the new list; set_tags: dict; unset_tags: list.
    """
    changes: Dict[str, Any] = {
        "add_client_ids": [c for c in desired["client_ids"] if c not in current["client_ids"]],
        "remove_client_ids": [c for c in current["client_ids"] if c not in desired["client_ids"]],
    }
    if desired["thumbprints"] is not None and {t.lower() for t in current["thumbprints"]} != set(desired["thumbprints"]):
        changes["thumbprints"] = desired["thumbprints"]
    if desired["tags"] is not None:
        changes["set_tags"], changes["unset_tags"] = compare_aws_tags(current["tags"], desired["tags"], purge_tags)
    return {key: value for key, value in changes.items() if value}


def predicted_provider(current: Optional[Dict[str, Any]], desired: Dict[str, Any], changes: Dict[str, Any]) -> Dict[str, Any]:
    """The provider as it will be once the changes are made (for a new one, as it will be created, with no ARN)."""
    if current is None:
        return {"url": desired["url"], "client_ids": desired["client_ids"], "thumbprints": desired["thumbprints"] or [], "tags": desired["tags"] or {}}
    after = dict(current)
    after["client_ids"] = [c for c in current["client_ids"] if c not in changes.get("remove_client_ids", [])] + changes.get("add_client_ids", [])
    after["thumbprints"] = changes.get("thumbprints", current["thumbprints"])
    tags = {key: value for key, value in current["tags"].items() if key not in changes.get("unset_tags", [])}
    tags.update(changes.get("set_tags", {}))
    after["tags"] = tags
    return after


def create_params(desired: Dict[str, Any]) -> Dict[str, Any]:
    """CreateOpenIDConnectProvider parameters for the desired provider."""
    params: Dict[str, Any] = {"Url": desired["url"], "ClientIDList": desired["client_ids"]}
    if desired["thumbprints"]:
        params["ThumbprintList"] = desired["thumbprints"]
    if desired["tags"]:
        params["Tags"] = ansible_dict_to_boto3_tag_list(desired["tags"])
    return params


def provider_view(provider: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The part of a provider the diff shows."""
    if not provider:
        return {}
    return {key: provider[key] for key in VIEW_KEYS if key in provider}


# AWS calls


class OIDCProviderManager:
    """Brings one OIDC provider to the state the module's options describe."""

    def __init__(self, module, client, settling_client) -> None:
        self.module = module
        self.client = client
        self.settling_client = settling_client  # also retries NoSuchEntity, for a provider just created
        self.params = module.params
        self.check_mode = module.check_mode
        self.identity = provider_identity(self.params["url"])

    def find(self, client=None) -> Optional[Dict[str, Any]]:
        """The managed provider, or None when the account has none with this URL."""
        arn = find_arn(self.list_arns(), self.identity)
        return None if arn is None else self.read(arn, client or self.client)

    def list_arns(self) -> List[str]:
        try:
            return list_provider_arns(self.client)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg="Failed to list the OIDC providers")

    def read(self, arn: str, client) -> Optional[Dict[str, Any]]:
        """The provider with this ARN, or None when IAM does not know it."""
        try:
            return get_provider(client, arn)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to read the OIDC provider {arn}")

    def ensure_present(self, desired: Dict[str, Any]) -> Dict[str, Any]:
        current = self.find()
        if current is None:
            if self.check_mode:
                after = predicted_provider(None, desired, {})
                return {"changed": True, "oidc_provider": after, "diff": {"before": {}, "after": provider_view(after)}}
            created = self.create(desired)
            if created is not None:
                return {"changed": True, "oidc_provider": created, "diff": {"before": {}, "after": provider_view(created)}}
            # IAM already had it (made meanwhile, or by our own create whose answer was lost): converge that one.
            current = self.find(self.settling_client)
            if current is None:
                self.module.fail_json(msg=f"IAM answered that the OIDC provider {desired['url']} exists, but does not list it")
            result = self.converge(current, desired)
            result.update(changed=True, diff={"before": {}, "after": result["diff"]["after"]})
            return result
        return self.converge(current, desired)

    def converge(self, current: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
        changes = provider_changes(current, desired, self.params["purge_tags"])
        provider = predicted_provider(current, desired, changes)
        if changes and not self.check_mode:
            self.update(current["arn"], changes)
            provider = self.read(current["arn"], self.client) or provider
        return {"changed": bool(changes), "oidc_provider": provider, "diff": {"before": provider_view(current), "after": provider_view(provider)}}

    def ensure_absent(self) -> Dict[str, Any]:
        current = self.find()
        if current is not None and not self.check_mode:
            self.delete(current["arn"])
        return {"changed": current is not None, "diff": {"before": provider_view(current), "after": {}}}

    def create(self, desired: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """Create the provider and return it as IAM reads it back; None when IAM answers that it exists already."""
        try:
            arn = self.client.create_open_id_connect_provider(aws_retry=True, **create_params(desired))["OpenIDConnectProviderArn"]
        except is_boto3_error_code("EntityAlreadyExists"):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to create the OIDC provider {desired['url']}")
        provider = self.read(arn, self.settling_client)
        if provider is None:
            self.module.fail_json(msg=f"IAM created the OIDC provider {arn} but never showed it")
        return provider

    def update(self, arn: str, changes: Dict[str, Any]) -> None:
        try:
            for client_id in changes.get("add_client_ids", []):
                self.client.add_client_id_to_open_id_connect_provider(aws_retry=True, OpenIDConnectProviderArn=arn, ClientID=client_id)
            for client_id in changes.get("remove_client_ids", []):
                self.client.remove_client_id_from_open_id_connect_provider(aws_retry=True, OpenIDConnectProviderArn=arn, ClientID=client_id)
            if "thumbprints" in changes:
                self.client.update_open_id_connect_provider_thumbprint(aws_retry=True, OpenIDConnectProviderArn=arn, ThumbprintList=changes["thumbprints"])
            # Untag first: IAM tag keys are unique whatever their case, so renaming "env" to "Env" must drop "env" before.
            if changes.get("unset_tags"):
                self.client.untag_open_id_connect_provider(aws_retry=True, OpenIDConnectProviderArn=arn, TagKeys=changes["unset_tags"])
            if changes.get("set_tags"):
                self.client.tag_open_id_connect_provider(aws_retry=True, OpenIDConnectProviderArn=arn, Tags=ansible_dict_to_boto3_tag_list(changes["set_tags"]))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to update the OIDC provider {arn}")

    def delete(self, arn: str) -> None:
        try:
            self.client.delete_open_id_connect_provider(aws_retry=True, OpenIDConnectProviderArn=arn)
        except is_boto3_error_code("NoSuchEntity"):
            pass  # already gone: a retried delete, or someone else deleted it
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to delete the OIDC provider {arn}")


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("iam", retry_decorator=retrying())
    settling_client = module.client("iam", retry_decorator=retrying(SETTLING_CODES))
    manager = OIDCProviderManager(module, client, settling_client)
    if module.params["state"] == "present":
        result = manager.ensure_present(build_desired(module.params))
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
