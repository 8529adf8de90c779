#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cloudfront_origin_access_control
version_added: 0.2.0
short_description: Manage a CloudFront origin access control
description:
  - Create, update or delete a CloudFront origin access control (OAC), which a distribution's origin names
    (C(OriginAccessControlId)) so that CloudFront signs its requests to the origin, for example a private S3 bucket.
  - An OAC is identified by O(name), which is unique in the account. The module finds it by name among every
    origin access control of the account.
  - Updates and deletes send the OAC's current C(ETag) as C(IfMatch), so a change made by someone else between
    the module's read and its write fails instead of being overwritten.
  - An OAC has no tags.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the origin access control, up to 64 characters. Unique in the account.
    required: true
    type: str
  description:
    description:
      - A description of the origin access control.
    default: ""
    type: str
  origin_type:
    description:
      - The type of origin the origin access control is for.
    default: s3
    choices: ['s3', 'mediastore', 'mediapackagev2', 'lambda']
    type: str
  signing_behavior:
    description:
      - Which requests CloudFront signs.
      - V(always) signs every origin request, replacing the viewer's C(Authorization) header if there is one.
      - V(never) signs none; this turns off origin access control for every origin that uses it.
      - V(no-override) signs a request only when the viewer sent no C(Authorization) header, and otherwise passes
        the viewer's header along.
    default: always
    choices: ['always', 'never', 'no-override']
    type: str
  signing_protocol:
    description:
      - How CloudFront signs (authenticates) its requests to the origin.
    default: sigv4
    choices: ['sigv4']
    type: str
  state:
    description:
      - Whether the origin access control should exist.
      - AWS refuses to delete an origin access control that an origin of a distribution still names; the module
        then fails naming it. Remove it from the distribution first.
    default: present
    choices: ['present', 'absent']
    type: str
notes:
  - CloudFront is a global service. Like every CloudFront client, the module's client sends its calls to the global
    endpoint (C(cloudfront.amazonaws.com)), signed for C(us-east-1), whatever O(region) says; O(region) only picks
    the partition and may be left unset.
  - In check mode the module reports what would change and makes no change; an origin access control it would
    create or update is returned without C(etag), and one it would create without C(id).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: An origin access control for the site's private S3 bucket
  webstack.aws.cloudfront_origin_access_control:
    name: webstack-prod-site
    description: CloudFront reads the webstack-prod-site bucket
  register: oac

- name: Use it on the distribution's S3 origin
  ansible.builtin.debug:
    msg: "OriginAccessControlId: {{ oac.origin_access_control.id }}"

- name: Sign only requests that carry no Authorization header of their own
  webstack.aws.cloudfront_origin_access_control:
    name: webstack-prod-media
    origin_type: mediastore
    signing_behavior: no-override

- name: Remove the origin access control (no distribution may use it any more)
  webstack.aws.cloudfront_origin_access_control:
    name: webstack-prod-site
    state: absent
"""

RETURN = r"""
origin_access_control:
  description:
    - The origin access control.
    - In check mode, for an origin access control the module would create or update, the settings it would have
      (no etag; no id for a new one).
  returned: when O(state=present)
  type: dict
  contains:
    id:
      description: The ID of the origin access control, the value of an origin's C(OriginAccessControlId).
      type: str
      returned: when the origin access control exists
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
      returned: when the origin access control exists
      sample: E3UN6WX5RRO2AG
"""

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
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_oac import CONFIG_KEYS
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_oac import find_by_name
from ansible_collections.webstack.aws.plugins.module_utils.cloudfront_oac import oac_view
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    description=dict(type="str", default=""),
    origin_type=dict(type="str", default="s3", choices=["s3", "mediastore", "mediapackagev2", "lambda"]),
    signing_behavior=dict(type="str", default="always", choices=["always", "never", "no-override"]),
    signing_protocol=dict(type="str", default="sigv4", choices=["sigv4"]),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

MAX_NAME_LENGTH = 64


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the module's options, each naming the option; [] when all is well."""
    name = params["name"]
    if not name.strip():
        return ["name must not be empty: give the origin access control's name (up to 64 characters)"]
    if len(name) > MAX_NAME_LENGTH:
        return [f"name {name!r} has {len(name)} characters: an origin access control's name has at most {MAX_NAME_LENGTH}"]
    return []


def desired_view(params: Dict[str, Any]) -> Dict[str, Any]:
    """The origin access control the options describe, as the module returns one (no id or etag)."""
    return {option: params[option] for option in CONFIG_KEYS.values()}


def config_to_send(desired: Dict[str, Any]) -> Dict[str, str]:
    """The OriginAccessControlConfig for CreateOriginAccessControl and UpdateOriginAccessControl."""
    return {member: desired[option] for member, option in CONFIG_KEYS.items()}


def changed_options(current: Dict[str, Any], desired: Dict[str, Any]) -> List[str]:
    """The options whose value differs between the existing origin access control and the desired one."""
    return [option for option, value in desired.items() if current.get(option) != value]


def settings(view: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """An origin access control without its ETag (a version, not a setting), for the diff; {} for none."""
    return {key: value for key, value in (view or {}).items() if key != "etag"}


class OriginAccessControlManager:
    """Brings the origin access control named by the options to the state they describe."""

    def __init__(self, module, client) -> None:
        self.module = module
        self.client = client
        self.name = module.params["name"]

    def find(self) -> Optional[Dict[str, Any]]:
        try:
            return find_by_name(self.client, self.name)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to look up origin access control {self.name}")

    def ensure_present(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        desired = desired_view(self.module.params)
        if current is None:
            if self.module.check_mode:
                return self.result(True, None, desired)
            created = self.create(desired)
            if created is not None:
                return self.result(True, None, created)
            current = self.find()  # created since the lookup: a retried create, or another run
            if current is None:
                self.module.fail_json(msg=f"CreateOriginAccessControl answered that {self.name} exists, but no origin access control has that name")
        if not changed_options(current, desired):
            return self.result(False, current, current)
        if self.module.check_mode:
            return self.result(True, current, dict(settings(current), **desired))
        return self.result(True, current, self.update(current, desired))

    def ensure_absent(self, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if current is not None and not self.module.check_mode:
            self.delete(current)
        return self.with_diff({"changed": current is not None}, current, None)

    def result(self, changed: bool, before: Optional[Dict[str, Any]], after: Dict[str, Any]) -> Dict[str, Any]:
        return self.with_diff({"changed": changed, "origin_access_control": after}, before, after)

    def with_diff(self, answer: Dict[str, Any], before: Optional[Dict[str, Any]], after: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if self.module._diff:
            answer["diff"] = {"before": settings(before), "after": settings(after)}
        return answer

    def create(self, desired: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """The new origin access control; None when AWS answers that one of this name exists."""
        try:
            answer = self.client.create_origin_access_control(aws_retry=True, OriginAccessControlConfig=config_to_send(desired))
        except is_boto3_error_code("OriginAccessControlAlreadyExists"):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to create origin access control {self.name}")
        return oac_view(answer["OriginAccessControl"]["Id"], answer["OriginAccessControl"]["OriginAccessControlConfig"], answer["ETag"])

    def update(self, current: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
        try:
            answer = self.client.update_origin_access_control(
                aws_retry=True, Id=current["id"], IfMatch=current["etag"], OriginAccessControlConfig=config_to_send(desired)
            )
        except is_boto3_error_code("PreconditionFailed") as e:
            self.module.fail_json_aws(e, msg=f"Origin access control {self.name} ({current['id']}) changed while the module updated it; run the task again")
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to update origin access control {self.name} ({current['id']})")
        return oac_view(answer["OriginAccessControl"]["Id"], answer["OriginAccessControl"]["OriginAccessControlConfig"], answer["ETag"])

    def delete(self, current: Dict[str, Any]) -> None:
        try:
            self.client.delete_origin_access_control(aws_retry=True, Id=current["id"], IfMatch=current["etag"])
        except is_boto3_error_code("NoSuchOriginAccessControl"):
            return  # deleted by someone else since the lookup
        except is_boto3_error_code("OriginAccessControlInUse") as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(
                e,
                msg=(
                    f"Cannot delete origin access control {self.name} ({current['id']}): a CloudFront distribution still uses it. "
                    "Remove it from the distribution's origins (OriginAccessControlId) first"
                ),
            )
        except is_boto3_error_code("PreconditionFailed") as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Origin access control {self.name} ({current['id']}) changed while the module deleted it; run the task again")
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to delete origin access control {self.name} ({current['id']})")


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("cloudfront", retry_decorator=retrying())
    manager = OriginAccessControlManager(module, client)
    current = manager.find()
    if module.params["state"] == "present":
        result = manager.ensure_present(current)
    else:
        result = manager.ensure_absent(current)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
