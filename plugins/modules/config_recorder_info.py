#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: config_recorder_info
version_added: 0.2.0
short_description: List AWS Config configuration recorders and whether they record
description:
  - List the customer managed AWS Config configuration recorder of a region (AWS keeps at most one), or the one named,
    with its recording status.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - Only the recorder with this name. A name that does not exist is not an error; nothing is listed.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: List the region's configuration recorder
  webstack.aws.config_recorder_info:
  register: config_recorders

- name: Read the default recorder
  webstack.aws.config_recorder_info:
    name: default
  register: default_recorder

- name: Fail unless it records
  ansible.builtin.assert:
    that: default_recorder.recorders | selectattr('recording') | list | length == 1
"""

RETURN = r"""
recorders:
  description: The recorders found, in the shape of webstack.aws.config_recorder's options, with their status.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The name of the recorder.
      type: str
      returned: always
      sample: default
    arn:
      description: The ARN of the recorder.
      type: str
      returned: when AWS reports it
      sample: arn:aws:config:eu-west-1:123456789012:configuration-recorder/default/abcdef0123456789
    role_arn:
      description: The IAM role AWS Config assumes.
      type: str
      returned: always
      sample: arn:aws:iam::123456789012:role/webstack-config
    recording_group:
      description:
        - Which resource types are recorded, with C(all_supported), C(include_global_resource_types), C(resource_types),
          C(exclusion_by_resource_types) (lists sorted) and C(recording_strategy).
      type: dict
      returned: always
      sample: {"all_supported": true, "include_global_resource_types": true, "resource_types": [], "exclusion_by_resource_types": [],
               "recording_strategy": "ALL_SUPPORTED_RESOURCE_TYPES"}
    recording_mode:
      description:
        - How often changes are recorded, with C(recording_frequency) and C(overrides) (each with C(description),
          C(resource_types) and C(recording_frequency)).
      type: dict
      returned: always
      sample: {"recording_frequency": "CONTINUOUS", "overrides": []}
    recording:
      description: Whether the recorder is recording.
      type: bool
      returned: always
      sample: true
    last_status:
      description:
        - How the latest recording event went. The API reference lists C(Pending), C(Success), C(Failure) and
          C(NotApplicable); the service answers them in upper case.
        - V(null) for a recorder that never recorded.
      type: str
      returned: always
      sample: SUCCESS
    last_start_time:
      description: When the recorder was last started (ISO 8601).
      type: str
      returned: when the recorder was ever started
      sample: "2025-01-01T12:00:00+00:00"
    last_stop_time:
      description: When the recorder was last stopped (ISO 8601).
      type: str
      returned: when the recorder was ever stopped
      sample: "2025-01-01T13:00:00+00:00"
    last_status_change_time:
      description: When C(last_status) last changed (ISO 8601).
      type: str
      returned: when AWS reports it
      sample: "2025-01-01T12:05:00+00:00"
    last_error_code:
      description: The error code of the recorder's latest failure.
      type: str
      returned: when the recorder failed
      sample: AccessDenied
    last_error_message:
      description: The error message of the recorder's latest failure.
      type: str
      returned: when the recorder failed
      sample: Config could not assume the role
"""

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.config_recorder import describe_recorders
from ansible_collections.webstack.aws.plugins.module_utils.config_recorder import describe_statuses
from ansible_collections.webstack.aws.plugins.module_utils.config_recorder import recorder_details
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
)


def list_recorders(client, name: Optional[str]) -> List[Dict[str, Any]]:
    recorders = describe_recorders(client, name)
    statuses = describe_statuses(client, name) if recorders else {}
    return [recorder_details(recorder, statuses.get(recorder["name"])) for recorder in recorders]


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    client = module.client("config", retry_decorator=retrying())
    try:
        recorders = list_recorders(client, module.params["name"])
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to describe configuration recorders")
    module.exit_json(changed=False, recorders=recorders)


if __name__ == "__main__":
    main()
