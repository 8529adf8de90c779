#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: config_recorder
version_added: 0.2.0
short_description: Manage the AWS Config configuration recorder and whether it records
description:
  - Create, update or delete the customer managed AWS Config configuration recorder of a region, and start or stop
    its recording.
  - Unlike C(community.aws.config_recorder), which saves the recorder but never starts it, this module also manages
    the recording status (O(recording)), so a recorder it leaves present is actually recording by default.
  - AWS Config keeps one customer managed recorder per account and region. When a recorder with another name exists,
    the module fails before changing anything; manage that recorder by its O(name) or delete it first.
  - AWS starts a recorder only once a delivery channel exists, and a delivery channel can only be created once a
    recorder exists. Create the recorder with O(recording=false) (or let the first run fail after saving it), create the
    delivery channel (for example with C(community.aws.config_delivery_channel)), then run with O(recording=true).
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the configuration recorder, 1 to 256 characters.
      - AWS cannot rename a recorder; a different name means another recorder.
    default: default
    type: str
  role_arn:
    description:
      - The ARN of the IAM role AWS Config assumes to describe the resources it records, for example the service-linked
        role C(arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig).
      - Required when O(state=present).
    type: str
  recording_group:
    description:
      - Which resource types the recorder records.
      - The recording strategy (AWS's C(recordingStrategy.useOnly)) is O(recording_group.recording_strategy) when given;
        otherwise V(EXCLUSION_BY_RESOURCE_TYPES) when O(recording_group.exclusion_by_resource_types) lists types,
        V(INCLUSION_BY_RESOURCE_TYPES) when O(recording_group.resource_types) lists types, else V(ALL_SUPPORTED_RESOURCE_TYPES).
      - As the AWS Config API requires, V(ALL_SUPPORTED_RESOURCE_TYPES) needs O(recording_group.all_supported=true) and no
        resource type lists; the two other strategies need O(recording_group.all_supported=false),
        O(recording_group.include_global_resource_types=false) and their own list only. Any other combination fails
        before any AWS call, naming the option to change.
    type: dict
    suboptions:
      all_supported:
        description:
          - Record every resource type AWS Config supports in the region, including types it supports later.
          - Must be V(false) to record only or all but some types.
        default: true
        type: bool
      include_global_resource_types:
        description:
          - With O(recording_group.all_supported=true), also record the global IAM resource types (users, groups, roles
            and customer managed policies).
          - Record them in one region only, to avoid recording each IAM change in every region.
          - Must be V(false) unless O(recording_group.all_supported=true); to record IAM types with another strategy,
            list them in O(recording_group.resource_types).
        default: true
        type: bool
      resource_types:
        description:
          - Record only these resource types, for example V(AWS::EC2::Instance) or V(AWS::S3::Bucket)
            (strategy V(INCLUSION_BY_RESOURCE_TYPES)).
          - Compared as a set.
        type: list
        elements: str
      exclusion_by_resource_types:
        description:
          - Record every supported resource type except these (strategy V(EXCLUSION_BY_RESOURCE_TYPES)).
          - Global IAM types are recorded with this strategy unless they are listed here.
          - Compared as a set.
        type: list
        elements: str
      recording_strategy:
        description:
          - The recording strategy. Derived from the other suboptions when not given (see O(recording_group)).
        choices: ['ALL_SUPPORTED_RESOURCE_TYPES', 'INCLUSION_BY_RESOURCE_TYPES', 'EXCLUSION_BY_RESOURCE_TYPES']
        type: str
  recording_mode:
    description:
      - How often the recorder records configuration changes.
    type: dict
    suboptions:
      recording_frequency:
        description:
          - The default recording frequency. V(CONTINUOUS) records each change as it happens; V(DAILY) records once a
            day the state of a resource that changed.
          - AWS records C(AWS::Config::ResourceCompliance), C(AWS::Config::ConformancePackCompliance) and
            C(AWS::Config::ConfigurationRecorder) continuously only, so V(DAILY) cannot apply to them when
            O(recording_group.resource_types) lists them, unless an override records them continuously.
        default: CONTINUOUS
        choices: ['CONTINUOUS', 'DAILY']
        type: str
      overrides:
        description:
          - A recording frequency for some resource types, other than the default. AWS allows at most one override.
        type: list
        elements: dict
        suboptions:
          description:
            description:
              - A description of the override, 1 to 256 characters.
            type: str
          resource_types:
            description:
              - The resource types the override applies to. Compared as a set.
            required: true
            type: list
            elements: str
          recording_frequency:
            description:
              - The recording frequency of these resource types.
              - V(DAILY) cannot apply to C(AWS::Config::ResourceCompliance), C(AWS::Config::ConformancePackCompliance)
                or C(AWS::Config::ConfigurationRecorder).
            required: true
            choices: ['CONTINUOUS', 'DAILY']
            type: str
  recording:
    description:
      - Whether the recorder records (StartConfigurationRecorder) or not (StopConfigurationRecorder).
      - Starting needs a delivery channel; without one the module fails saying so, after saving the recorder's settings.
    default: true
    type: bool
  state:
    description:
      - Whether the recorder should exist.
      - With V(absent) a recording recorder is stopped, then deleted. What it recorded stays available.
    default: present
    choices: ['present', 'absent']
    type: str
notes:
  - The recorder is compared with DescribeConfigurationRecorders and DescribeConfigurationRecorderStatus; the module
    calls PutConfigurationRecorder only when O(role_arn), O(recording_group) or O(recording_mode) differ, and starts or
    stops recording only when O(recording) differs, so a second run with the same options changes nothing.
  - Starting and stopping take effect at once, so the module does not wait for anything; C(last_status) tells how the
    recorder's latest recording went and moves on by itself.
  - Tags of the recorder are not managed.
  - In check mode the module reports what would change and changes nothing.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

# A recorder records only once a delivery channel exists, and a delivery channel needs a recorder:
- name: Save the recorder for all supported resource types, IAM included, without recording yet
  webstack.aws.config_recorder:
    role_arn: arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig
    recording: false

- name: Deliver what it records to S3
  community.aws.config_delivery_channel:
    name: default
    s3_bucket: webstack-prod-config

- name: Record
  webstack.aws.config_recorder:
    role_arn: arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig
  register: recorder

- name: Record only instances and buckets, buckets once a day
  webstack.aws.config_recorder:
    role_arn: arn:aws:iam::123456789012:role/webstack-config
    recording_group:
      all_supported: false
      include_global_resource_types: false
      resource_types:
        - AWS::EC2::Instance
        - AWS::S3::Bucket
    recording_mode:
      recording_frequency: CONTINUOUS
      overrides:
        - description: Buckets change rarely
          resource_types:
            - AWS::S3::Bucket
          recording_frequency: DAILY

- name: Record everything but network interfaces and the IAM types, daily
  webstack.aws.config_recorder:
    role_arn: arn:aws:iam::123456789012:role/webstack-config
    recording_group:
      all_supported: false
      include_global_resource_types: false
      exclusion_by_resource_types:
        - AWS::EC2::NetworkInterface
        - AWS::IAM::User
        - AWS::IAM::Group
        - AWS::IAM::Role
        - AWS::IAM::Policy
    recording_mode:
      recording_frequency: DAILY

- name: Stop recording, keeping the recorder
  webstack.aws.config_recorder:
    role_arn: arn:aws:iam::123456789012:role/webstack-config
    recording: false

- name: Stop recording and delete the recorder
  webstack.aws.config_recorder:
    state: absent
"""

RETURN = r"""
recorder:
  description:
    - The recorder and whether it records, in the shape of the module's options.
    - In check mode, the recorder as it would be.
  returned: when O(state=present)
  type: dict
  contains:
    name:
      description: The name of the recorder.
      type: str
      returned: always
      sample: default
    role_arn:
      description: The IAM role AWS Config assumes.
      type: str
      returned: always
      sample: arn:aws:iam::123456789012:role/webstack-config
    recording_group:
      description: Which resource types are recorded; resource type lists sorted.
      type: dict
      returned: always
      contains:
        all_supported:
          description: Whether every supported resource type is recorded.
          type: bool
          returned: always
          sample: true
        include_global_resource_types:
          description: Whether the global IAM resource types are recorded along with all supported types.
          type: bool
          returned: always
          sample: true
        resource_types:
          description: The only resource types recorded, with C(INCLUSION_BY_RESOURCE_TYPES).
          type: list
          elements: str
          returned: always
          sample: []
        exclusion_by_resource_types:
          description: The resource types not recorded, with C(EXCLUSION_BY_RESOURCE_TYPES).
          type: list
          elements: str
          returned: always
          sample: []
        recording_strategy:
          description: The recording strategy.
          type: str
          returned: always
          sample: ALL_SUPPORTED_RESOURCE_TYPES
    recording_mode:
      description: How often changes are recorded.
      type: dict
      returned: always
      contains:
        recording_frequency:
          description: The default recording frequency.
          type: str
          returned: always
          sample: CONTINUOUS
        overrides:
          description: Recording frequencies of some resource types, each with C(description), C(resource_types) and C(recording_frequency).
          type: list
          elements: dict
          returned: always
          sample: [{"description": "Buckets change rarely", "resource_types": ["AWS::S3::Bucket"], "recording_frequency": "DAILY"}]
    recording:
      description: Whether the recorder is recording.
      type: bool
      returned: always
      sample: true
    last_status:
      description:
        - How the latest recording event went, as DescribeConfigurationRecorderStatus reports it. The API reference
          lists C(Pending), C(Success), C(Failure) and C(NotApplicable); the service answers them in upper case
          (C(PENDING), C(SUCCESS), C(FAILURE)).
        - V(null) for a recorder that never recorded, or one the module would create in check mode.
      type: str
      returned: always
      sample: SUCCESS
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
from ansible_collections.webstack.aws.plugins.module_utils.config_recorder import ALL_SUPPORTED
from ansible_collections.webstack.aws.plugins.module_utils.config_recorder import EXCLUSION
from ansible_collections.webstack.aws.plugins.module_utils.config_recorder import INCLUSION
from ansible_collections.webstack.aws.plugins.module_utils.config_recorder import RECORDING_FREQUENCIES
from ansible_collections.webstack.aws.plugins.module_utils.config_recorder import RECORDING_STRATEGIES
from ansible_collections.webstack.aws.plugins.module_utils.config_recorder import describe_recorders
from ansible_collections.webstack.aws.plugins.module_utils.config_recorder import describe_statuses
from ansible_collections.webstack.aws.plugins.module_utils.config_recorder import recorder_view
from ansible_collections.webstack.aws.plugins.module_utils.config_recorder import resource_type_set
from ansible_collections.webstack.aws.plugins.module_utils.config_recorder import settings_of
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str", default="default"),
    role_arn=dict(type="str"),
    recording_group=dict(
        type="dict",
        apply_defaults=True,
        options=dict(
            all_supported=dict(type="bool", default=True),
            include_global_resource_types=dict(type="bool", default=True),
            resource_types=dict(type="list", elements="str"),
            exclusion_by_resource_types=dict(type="list", elements="str"),
            recording_strategy=dict(type="str", choices=RECORDING_STRATEGIES),
        ),
    ),
    recording_mode=dict(
        type="dict",
        apply_defaults=True,
        options=dict(
            recording_frequency=dict(type="str", default="CONTINUOUS", choices=RECORDING_FREQUENCIES),
            overrides=dict(
                type="list",
                elements="dict",
                options=dict(
                    description=dict(type="str"),
                    resource_types=dict(type="list", elements="str", required=True),
                    recording_frequency=dict(type="str", required=True, choices=RECORDING_FREQUENCIES),
                ),
            ),
        ),
    ),
    recording=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

# The list option of recording_group each resource-type strategy uses.
STRATEGY_LISTS = {INCLUSION: "resource_types", EXCLUSION: "exclusion_by_resource_types"}

# Resource types AWS records continuously only (RecordingMode in the AWS Config API reference).
CONTINUOUS_ONLY = frozenset(["AWS::Config::ResourceCompliance", "AWS::Config::ConformancePackCompliance", "AWS::Config::ConfigurationRecorder"])

MAX_OVERRIDES = 1
MAX_NAME_LENGTH = 256
MAX_DESCRIPTION_LENGTH = 256

_IAM_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")

DELIVERY_CHANNEL_NEEDED = (
    "AWS Config starts a configuration recorder only once a delivery channel exists (NoAvailableDeliveryChannelException). "
    "The recorder {name!r} is saved but not recording: create a delivery channel first (for example with "
    "community.aws.config_delivery_channel), then run this task again; or set recording=false until the channel exists."
)


# Validation


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every reason the options cannot make a recorder, each naming its option; [] when they can."""
    errors = []
    if not 1 <= len(params["name"]) <= MAX_NAME_LENGTH:
        errors.append(f"name must be 1 to {MAX_NAME_LENGTH} characters long")
    if params["state"] != "present":
        return errors
    if params["role_arn"] is not None and not _IAM_ROLE_ARN.match(params["role_arn"]):
        errors.append(f"role_arn must be the ARN of an IAM role (arn:aws:iam::<account>:role/<name>), got {params['role_arn']!r}")
    return errors + recording_group_errors(params["recording_group"]) + recording_mode_errors(params["recording_mode"], params["recording_group"])


def recording_strategy(group: Dict[str, Any]) -> str:
    """recording_group.recording_strategy, or the strategy its resource type lists imply."""
    if group["recording_strategy"]:
        return group["recording_strategy"]
    for strategy, option in STRATEGY_LISTS.items():
        if group[option]:
            return strategy
    return ALL_SUPPORTED


def recording_group_errors(group: Dict[str, Any]) -> List[str]:
    """The RecordingGroup rules of the AWS Config API reference, as errors naming the recording_group suboption."""
    if group["resource_types"] and group["exclusion_by_resource_types"]:
        return [
            "recording_group.resource_types and recording_group.exclusion_by_resource_types cannot both list resource types: "
            "record only some types (resource_types) or all types but some (exclusion_by_resource_types)"
        ]
    strategy = recording_strategy(group)
    errors = [
        f"recording_group.{option} lists resource types only with recording_group.recording_strategy={option_strategy}, not {strategy}"
        for option_strategy, option in STRATEGY_LISTS.items()
        if group[option] and option_strategy != strategy
    ]
    if strategy == ALL_SUPPORTED:
        if not group["all_supported"]:
            errors.append(
                "recording_group.all_supported=false records nothing without a list: give recording_group.resource_types (record only "
                "those types) or recording_group.exclusion_by_resource_types (record all types but those), or set all_supported=true"
            )
        return errors
    wanted = STRATEGY_LISTS[strategy]
    if not group[wanted]:
        errors.append(f"recording_group.recording_strategy={strategy} needs recording_group.{wanted} to list at least one resource type")
    if group["all_supported"]:
        errors.append(
            f"recording_group.all_supported must be false with the {strategy} strategy (given or implied by recording_group.{wanted}): "
            f"AWS records all supported types only with {ALL_SUPPORTED}"
        )
    if group["include_global_resource_types"]:
        errors.append(
            f"recording_group.include_global_resource_types must be false with the {strategy} strategy: AWS takes it only with "
            "all_supported=true; "
            + (
                "list the global IAM types (AWS::IAM::User, ...) in recording_group.resource_types to record them"
                if strategy == INCLUSION
                else "the global IAM types are recorded unless recording_group.exclusion_by_resource_types lists them"
            )
        )
    return errors


def recording_mode_errors(mode: Dict[str, Any], group: Dict[str, Any]) -> List[str]:
    """The RecordingMode rules of the AWS Config API reference, as errors naming the recording_mode suboption."""
    overrides = mode["overrides"] or []
    errors = []
    if len(overrides) > MAX_OVERRIDES:
        errors.append(f"recording_mode.overrides takes at most {MAX_OVERRIDES} override (AWS's limit), got {len(overrides)}: put its resource types together")
    for index, override in enumerate(overrides):
        where = f"recording_mode.overrides[{index}]"
        if not override["resource_types"]:
            errors.append(f"{where}.resource_types must list at least one resource type")
        if override["description"] is not None and not 1 <= len(override["description"]) <= MAX_DESCRIPTION_LENGTH:
            errors.append(f"{where}.description must be 1 to {MAX_DESCRIPTION_LENGTH} characters long")
        continuous_only = resource_type_set(CONTINUOUS_ONLY.intersection(override["resource_types"]))
        if override["recording_frequency"] == "DAILY" and continuous_only:
            errors.append(f"{where}.recording_frequency=DAILY cannot apply to {', '.join(continuous_only)}: AWS records them only continuously")
    if mode["recording_frequency"] == "DAILY" and recording_strategy(group) == INCLUSION:
        continuous = {t for override in overrides if override["recording_frequency"] == "CONTINUOUS" for t in override["resource_types"]}
        daily = resource_type_set(CONTINUOUS_ONLY.intersection(group["resource_types"] or []) - continuous)
        if daily:
            errors.append(
                f"recording_mode.recording_frequency=DAILY cannot apply to {', '.join(daily)} listed in recording_group.resource_types: "
                "AWS records them only continuously; record them in a recording_mode.overrides entry with recording_frequency=CONTINUOUS"
            )
    return errors


# What to send, what differs


def build_recorder(params: Dict[str, Any]) -> Dict[str, Any]:
    """The ConfigurationRecorder of PutConfigurationRecorder for valid options."""
    return {
        "name": params["name"],
        "roleARN": params["role_arn"],
        "recordingGroup": build_recording_group(params["recording_group"]),
        "recordingMode": build_recording_mode(params["recording_mode"]),
    }


def build_recording_group(group: Dict[str, Any]) -> Dict[str, Any]:
    strategy = recording_strategy(group)
    api = {
        "allSupported": group["all_supported"],
        "includeGlobalResourceTypes": group["include_global_resource_types"],
        "recordingStrategy": {"useOnly": strategy},
    }
    if strategy == INCLUSION:
        api["resourceTypes"] = resource_type_set(group["resource_types"])
    elif strategy == EXCLUSION:
        api["exclusionByResourceTypes"] = {"resourceTypes": resource_type_set(group["exclusion_by_resource_types"])}
    return api


def build_recording_mode(mode: Dict[str, Any]) -> Dict[str, Any]:
    overrides = []
    for override in mode["overrides"] or []:
        api = {"resourceTypes": resource_type_set(override["resource_types"]), "recordingFrequency": override["recording_frequency"]}
        if override["description"] is not None:
            api["description"] = override["description"]
        overrides.append(api)
    return {"recordingFrequency": mode["recording_frequency"], "recordingModeOverrides": overrides}


def desired_view(params: Dict[str, Any], current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The recorder as it will be after the run: the options' settings and recording, the current last status."""
    view = recorder_view(build_recorder(params), {"recording": params["recording"]})
    view["last_status"] = current["last_status"] if current else None
    return view


def plan(current: Optional[Dict[str, Any]], desired: Optional[Dict[str, Any]]) -> List[str]:
    """The calls, in order, that bring the current recorder view to the desired one (None: no recorder)."""
    recording = bool(current and current["recording"])
    if desired is None:
        return [] if current is None else (["stop"] if recording else []) + ["delete"]
    steps = []
    if current is None or settings_of(current) != settings_of(desired):
        steps.append("put")
    if desired["recording"] != recording:
        steps.append("start" if desired["recording"] else "stop")
    return steps


def diff_view(view: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """What the diff shows: the settings and whether it records (not last_status, which moves by itself)."""
    return {key: value for key, value in view.items() if key != "last_status"} if view else {}


def other_recorder(recorders: List[Dict[str, Any]], name: str) -> Optional[str]:
    """The name of a customer managed recorder other than name, if there is one (service-linked ones do not count)."""
    others = [r["name"] for r in recorders if r["name"] != name and not r.get("servicePrincipal")]
    return others[0] if others else None


# AWS calls


class RecorderManager:
    """Brings the named recorder to the state the module's options describe."""

    def __init__(self, module, client) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.name = module.params["name"]
        self.done: List[str] = []

    def read(self) -> Optional[Dict[str, Any]]:
        """The recorder's view; None when it does not exist. Fails when another recorder stands in the way of creating it."""
        try:
            recorders = describe_recorders(self.client)
            recorder = next((r for r in recorders if r["name"] == self.name), None)
            if recorder is None:
                self._fail_if_taken(recorders)
                return None
            status = describe_statuses(self.client, self.name).get(self.name)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to describe configuration recorder {self.name!r}")
        return recorder_view(recorder, status)

    def _fail_if_taken(self, recorders: List[Dict[str, Any]]) -> None:
        other = other_recorder(recorders, self.name)
        if other is not None and self.params["state"] == "present":
            self.module.fail_json(
                msg=(
                    f"AWS Config keeps one configuration recorder per account and region, and {other!r} exists: "
                    f"set name={other!r} to manage it, or delete it before creating name={self.name!r}"
                )
            )

    def apply(self, steps: List[str]) -> None:
        for step in steps:
            getattr(self, step)()
            self.done.append(step)

    def put(self) -> None:
        try:
            self.client.put_configuration_recorder(aws_retry=True, ConfigurationRecorder=build_recorder(self.params))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to save configuration recorder {self.name!r}", changed=bool(self.done))

    def start(self) -> None:
        try:
            self.client.start_configuration_recorder(aws_retry=True, ConfigurationRecorderName=self.name)
        except is_boto3_error_code("NoAvailableDeliveryChannelException") as e:
            self.module.fail_json_aws(e, msg=DELIVERY_CHANNEL_NEEDED.format(name=self.name), changed=bool(self.done))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to start configuration recorder {self.name!r}", changed=bool(self.done))

    def stop(self) -> None:
        try:
            self.client.stop_configuration_recorder(aws_retry=True, ConfigurationRecorderName=self.name)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to stop configuration recorder {self.name!r}", changed=bool(self.done))

    def delete(self) -> None:
        try:
            self.client.delete_configuration_recorder(aws_retry=True, ConfigurationRecorderName=self.name)
        except is_boto3_error_code("NoSuchConfigurationRecorderException"):
            pass  # already gone: a retried delete, or someone else deleted it
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to delete configuration recorder {self.name!r}", changed=bool(self.done))


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True, required_if=[("state", "present", ["role_arn"])])

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    manager = RecorderManager(module, module.client("config", retry_decorator=retrying()))
    current = manager.read()
    present = module.params["state"] == "present"
    desired = desired_view(module.params, current) if present else None
    steps = plan(current, desired)

    after = desired if steps else current
    if steps and not module.check_mode:
        manager.apply(steps)
        after = manager.read() if present else None

    result: Dict[str, Any] = {"changed": bool(steps), "diff": {"before": diff_view(current), "after": diff_view(after)}}
    if present:
        result["recorder"] = after
    module.exit_json(**result)


if __name__ == "__main__":
    main()
