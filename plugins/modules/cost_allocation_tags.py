#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cost_allocation_tags
version_added: 0.2.0
short_description: Activate or deactivate cost allocation tags
description:
  - Set the cost allocation status of tag keys, so that AWS Cost Explorer, budgets and cost reports can group
    costs by them.
  - Only keys whose status differs from O(status) are sent to AWS, at most 20 per UpdateCostAllocationTagsStatus
    call; a run where every key already has O(status) changes nothing.
  - AWS knows a user-defined tag key only once it has been applied to a resource and has appeared in the billing
    data, which takes up to 24 hours. A key AWS does not know yet cannot be activated; O(missing) says what to do
    about it. Such keys are returned in RV(not_found).
  - AWS-generated tag keys such as V(aws:createdBy) can be activated and deactivated like user-defined ones.
author:
  - webstack.aws maintainers (@webstack)
options:
  tag_keys:
    description:
      - The tag keys whose status to set, as they are spelled on the resources (case matters).
      - Each key is at most 128 characters long and not empty. A key given twice counts once.
    required: true
    type: list
    elements: str
  status:
    description:
      - The cost allocation status the keys should have.
    default: Active
    choices: ['Active', 'Inactive']
    type: str
  missing:
    description:
      - What to do when AWS does not know some of the keys yet, with O(status=Active).
      - V(warn) activates the keys AWS knows, warns, and returns the others in RV(not_found); a later run activates
        them once AWS knows them.
      - V(fail) fails naming the unknown keys, before changing any status.
      - With O(status=Inactive) a key AWS does not know is not active, so it is only returned in RV(not_found).
    default: warn
    choices: ['fail', 'warn']
    type: str
notes:
  - Cost allocation tags belong to the account, not to a region. Only the management account of an organization,
    or an account outside any organization, may change them; a member account gets C(AccessDeniedException).
  - In check mode the module reports what would change and changes nothing.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Activate the stack's tags for cost allocation, warning about keys AWS has not seen yet
  webstack.aws.cost_allocation_tags:
    tag_keys:
      - webstack:stack
      - webstack:environment
      - CostCenter
  register: cost_tags

- name: Activate the AWS-generated createdBy tag, and fail if AWS does not know a key
  webstack.aws.cost_allocation_tags:
    tag_keys:
      - aws:createdBy
      - webstack:stack
    missing: fail

- name: Stop allocating costs by a retired tag
  webstack.aws.cost_allocation_tags:
    tag_keys:
      - Project
    status: Inactive
"""

RETURN = r"""
tags:
  description:
    - The cost allocation tags of the O(tag_keys) AWS knows, in the order given, as ListCostAllocationTags
      returns them after the change (in check mode, with the status they would have).
  returned: always
  type: list
  elements: dict
  contains:
    key:
      description: The tag key.
      type: str
      returned: always
      sample: webstack:stack
    type:
      description: Whether the key is user-defined (C(UserDefined)) or AWS-generated (C(AWSGenerated)).
      type: str
      returned: always
      sample: UserDefined
    status:
      description: The cost allocation status of the key, C(Active) or C(Inactive).
      type: str
      returned: always
      sample: Active
    last_updated_date:
      description: When the key was last activated or deactivated (ISO 8601).
      type: str
      returned: when the status was ever changed
      sample: "2025-01-15T10:00:00Z"
    last_used_date:
      description: The last month the key was used on a resource (ISO 8601).
      type: str
      returned: when AWS reports it
      sample: "2025-01-01T00:00:00Z"
not_found:
  description: The keys of O(tag_keys) AWS does not know yet (not on any resource, or not yet in the billing data).
  returned: always
  type: list
  elements: str
  sample: ["webstack:environment"]
"""

from typing import Any
from typing import Dict
from typing import List

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.cost_explorer import LIST_FILTER_SIZE
from ansible_collections.webstack.aws.plugins.module_utils.cost_explorer import THROTTLING_CODES
from ansible_collections.webstack.aws.plugins.module_utils.cost_explorer import list_cost_allocation_tags
from ansible_collections.webstack.aws.plugins.module_utils.cost_explorer import tag_view
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    tag_keys=dict(type="list", elements="str", required=True, no_log=False),
    status=dict(type="str", default="Active", choices=["Active", "Inactive"]),
    missing=dict(type="str", default="warn", choices=["fail", "warn"]),
)

MAX_KEY_LENGTH = 128  # the longest tag key AWS allows on a resource
UPDATE_BATCH_SIZE = 20  # UpdateCostAllocationTagsStatus takes at most 20 entries


def validate_params(params: Dict[str, Any]) -> List[str]:
    """An error for each unusable tag key, naming the option and what is allowed."""
    if not params["tag_keys"]:
        return ["tag_keys must name at least one tag key"]
    errors = []
    for key in params["tag_keys"]:
        if not key:
            errors.append(f"tag_keys must not contain an empty key, got {key!r}")
        elif len(key) > MAX_KEY_LENGTH:
            errors.append(f"tag_keys entry {key[:40]!r}... is {len(key)} characters long; a tag key has at most {MAX_KEY_LENGTH}")
    return errors


def unique(keys: List[str]) -> List[str]:
    """The keys in the order given, each once."""
    return list(dict.fromkeys(keys))


def chunks(items: List[Any], size: int) -> List[List[Any]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def not_found(keys: List[str], current: Dict[str, Dict[str, Any]]) -> List[str]:
    return [key for key in keys if key not in current]


def status_entries(keys: List[str], current: Dict[str, Dict[str, Any]], status: str) -> List[Dict[str, str]]:
    """The UpdateCostAllocationTagsStatus entries to send: the known keys whose status differs, in the order given."""
    return [{"TagKey": key, "Status": status} for key in keys if key in current and current[key]["Status"] != status]


def predicted(keys: List[str], current: Dict[str, Dict[str, Any]], entries: List[Dict[str, str]]) -> Dict[str, Dict[str, Any]]:
    """The known keys' tags once entries are applied (LastUpdatedDate is AWS's to set)."""
    changes = {entry["TagKey"]: entry["Status"] for entry in entries}
    return {key: dict(current[key], Status=changes.get(key, current[key]["Status"])) for key in keys if key in current}


def statuses(tags: Dict[str, Dict[str, Any]]) -> Dict[str, str]:
    """The diff view: each known key's status."""
    return {key: tag["Status"] for key, tag in tags.items()}


def update_errors_message(errors: List[Dict[str, Any]], status: str) -> str:
    reasons = "; ".join(f"{error.get('TagKey')}: {error.get('Code')}: {error.get('Message')}" for error in errors)
    return f"AWS did not set the cost allocation status {status} of every tag key: {reasons}"


def missing_message(keys: List[str]) -> str:
    return (
        f"AWS does not know the tag keys {', '.join(keys)} yet, so they cannot be activated: a user-defined key is known once it "
        "is on a resource and in the billing data, up to 24 hours after it was first applied"
    )


def list_tags(client, keys: List[str]) -> Dict[str, Dict[str, Any]]:
    """The cost allocation tags of keys AWS knows, by key (every page, 100 keys a request)."""
    return list_cost_allocation_tags(client, [{"TagKeys": chunk} for chunk in chunks(keys, LIST_FILTER_SIZE)])


def update_statuses(client, entries: List[Dict[str, str]]) -> List[Dict[str, Any]]:
    """Send entries 20 a call; the per-key errors AWS answered."""
    errors = []
    for batch in chunks(entries, UPDATE_BATCH_SIZE):
        response = client.update_cost_allocation_tags_status(aws_retry=True, CostAllocationTagsStatus=batch)
        errors.extend(response.get("Errors") or [])
    return errors


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    keys = unique(module.params["tag_keys"])
    status = module.params["status"]
    client = module.client("ce", retry_decorator=retrying(THROTTLING_CODES))
    try:
        current = list_tags(client, keys)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to list cost allocation tags")

    unknown = not_found(keys, current)
    if unknown and status == "Active":
        if module.params["missing"] == "fail":
            module.fail_json(msg=missing_message(unknown), not_found=unknown)
        module.warn(missing_message(unknown) + "; activating the others")

    entries = status_entries(keys, current, status)
    after = predicted(keys, current, entries)
    if entries and not module.check_mode:
        try:
            failures = update_statuses(client, entries)
            if failures:
                module.fail_json(msg=update_errors_message(failures, status), errors=failures, changed=len(failures) < len(entries))
            found = list_tags(client, keys)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            module.fail_json_aws(e, msg=f"Failed to set the cost allocation status {status} of {', '.join(entry['TagKey'] for entry in entries)}")
        after = {key: found[key] for key in keys if key in found}

    module.exit_json(
        changed=bool(entries),
        tags=[tag_view(tag) for tag in after.values()],
        not_found=unknown,
        diff={"before": statuses({key: current[key] for key in keys if key in current}), "after": statuses(after)},
    )


if __name__ == "__main__":
    main()
