#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iam_oidc_provider_info
version_added: 0.2.0
short_description: List IAM OpenID Connect identity providers
description:
  - List the IAM OpenID Connect (OIDC) identity providers of the account with their client IDs, thumbprints and tags,
    or only the one with a given O(url) or O(arn).
  - A provider that does not exist is not an error; it is simply not listed.
author:
  - webstack.aws maintainers (@webstack)
options:
  url:
    description:
      - Only the provider with this URL, for example V(https://token.actions.githubusercontent.com).
      - Trailing slashes are dropped and the host is compared in lower case, as M(webstack.aws.iam_oidc_provider) does.
    type: str
  arn:
    description:
      - Only the provider with this ARN.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: List every OIDC provider of the account
  webstack.aws.iam_oidc_provider_info:
  register: oidc_providers

- name: Read the GitHub Actions provider
  webstack.aws.iam_oidc_provider_info:
    url: https://token.actions.githubusercontent.com
  register: github_oidc

- name: Read a provider by its ARN
  webstack.aws.iam_oidc_provider_info:
    arn: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
"""

RETURN = r"""
oidc_providers:
  description: The providers found, as GetOpenIDConnectProvider returns them, in snake_case with tags as a dict.
  returned: always
  type: list
  elements: dict
  contains:
    arn:
      description: The ARN of the provider.
      type: str
      returned: always
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
      returned: always
      sample: "2025-01-01T12:00:00+00:00"
"""

from typing import Any
from typing import Dict
from typing import List

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.iam_oidc import arn_identity
from ansible_collections.webstack.aws.plugins.module_utils.iam_oidc import find_arn
from ansible_collections.webstack.aws.plugins.module_utils.iam_oidc import get_provider
from ansible_collections.webstack.aws.plugins.module_utils.iam_oidc import list_provider_arns
from ansible_collections.webstack.aws.plugins.module_utils.iam_oidc import provider_identity
from ansible_collections.webstack.aws.plugins.module_utils.iam_oidc import url_errors
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    url=dict(type="str"),
    arn=dict(type="str"),
)


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every error in the options, each naming its option; empty when they are valid."""
    if params["url"] is not None:
        return url_errors(params["url"])
    if params["arn"] is not None and arn_identity(params["arn"]) is None:
        return [f"arn must be the ARN of an OIDC provider, arn:aws:iam::<account>:oidc-provider/<host>[/<path>]; not {params['arn']!r}"]
    return []


def selected_arns(params: Dict[str, Any], listed: List[str]) -> List[str]:
    """The ARNs among those listed that the options select (all when no option is set)."""
    if params["arn"] is not None:
        return [arn for arn in listed if arn == params["arn"]]
    if params["url"] is not None:
        found = find_arn(listed, provider_identity(params["url"]))
        return [] if found is None else [found]
    return list(listed)


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, mutually_exclusive=[["url", "arn"]], supports_check_mode=True)
    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("iam", retry_decorator=retrying())
    try:
        providers = [get_provider(client, arn) for arn in selected_arns(module.params, list_provider_arns(client))]
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to read the OIDC providers")
    module.exit_json(changed=False, oidc_providers=[provider for provider in providers if provider is not None])


if __name__ == "__main__":
    main()
