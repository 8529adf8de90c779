#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cloudfront_origin_access_control_info
version_added: 0.2.0
short_description: List CloudFront origin access controls
description:
  - List the CloudFront origin access controls (OACs) of the account, or find one by O(name) or O(id).
  - An origin access control that does not exist is not an error; the list is then empty.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - Only the origin access control with this name (names are unique in the account).
      - Mutually exclusive with O(id).
    type: str
  id:
    description:
      - Only the origin access control with this ID.
      - Mutually exclusive with O(name).
    type: str
notes:
  - CloudFront is a global service. Like every CloudFront client, the module's client sends its calls to the global
    endpoint (C(cloudfront.amazonaws.com)), signed for C(us-east-1), whatever O(region) says; O(region) only picks
    the partition and may be left unset.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: List every origin access control of the account
  webstack.aws.cloudfront_origin_access_control_info:
  register: all_oacs

- name: Find the site's origin access control by name
  webstack.aws.cloudfront_origin_access_control_info:
    name: webstack-prod-site
  register: site_oac

- name: Read one origin access control by ID
  webstack.aws.cloudfront_origin_access_control_info:
    id: E2QWRUHAPOMQZL
"""

RETURN = r"""
origin_access_controls:
  description: The origin access controls found.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The ID of the origin access control, the value of an origin's C(OriginAccessControlId).
      type: str
      returned: always
      sample: E2QWRUHAPOMQZL
    name:
      description: The name of the origin access control.
      type: str
      returned: always
      sample: webstack-prod-site
    description:
      description: The description of the origin access control.
      type: str
      returned: always
      sample: CloudFront reads the webstack-prod-site bucket
    origin_type:
      description: The type of origin the origin access control is for.
      type: str
      returned: always
      sample: s3
    signing_behavior:
      description: Which requests CloudFront signs.
      type: str
      returned: always
      sample: always
    signing_protocol:
      description: How CloudFront signs its requests.
      type: str
      returned: always
      sample: sigv4
    etag:
      description: The current version of the origin access control, which an update or delete sends as C(IfMatch).
      type: str
      returned: when O(name) or O(id) is given
      sample: E3UN6WX5RRO2AG
"""

from typing import Any
from typing import Dict
from typing import List

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_oac import find_by_name
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_oac import get_origin_access_control
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_oac import list_origin_access_controls
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_oac import summary_view
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    id=dict(type="str"),
)


def origin_access_controls(client, params: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The origin access controls the options select: the one with the id or the name (with its ETag), or all."""
    if params["id"]:
        found = get_origin_access_control(client, params["id"])
    elif params["name"]:
        found = find_by_name(client, params["name"])
    else:
        return [summary_view(summary) for summary in list_origin_access_controls(client)]
    return [found] if found else []


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, mutually_exclusive=[["name", "id"]], supports_check_mode=True)
    client = module.client("cloudfront", retry_decorator=retrying())
    try:
        found = origin_access_controls(client, module.params)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to read CloudFront origin access controls")
    module.exit_json(changed=False, origin_access_controls=found)


if __name__ == "__main__":
    main()
