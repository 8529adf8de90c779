#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: guardduty_detector
version_added: 0.2.0
short_description: Manage the GuardDuty detector of a Region
description:
  - Create, update, tag or delete the Amazon GuardDuty detector of the account in the Region.
  - AWS allows one detector per account and Region. The module finds it with C(ListDetectors) and never creates a second.
  - Creation sends a C(ClientToken) derived from the request, so a create retried after a lost answer returns the
    detector already created instead of failing or making another.
  - Only the settings the options name are compared; the module calls C(UpdateDetector) only when one of them differs,
    and sends only what differs.
author:
  - webstack.aws maintainers (@webstack)
options:
  state:
    description:
      - Whether the Region's detector should exist.
      - With V(absent) the detector is deleted, and with it GuardDuty's findings in the Region.
    default: present
    choices: ['present', 'absent']
    type: str
  enable:
    description:
      - Whether the detector is enabled (status C(ENABLED)) or suspended (status C(DISABLED)).
    default: true
    type: bool
  finding_publishing_frequency:
    description:
      - How often GuardDuty exports updated findings to EventBridge and, when configured, to S3.
    default: SIX_HOURS
    choices: ['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS']
    type: str
  features:
    description:
      - The protection plans (features) to turn on or off, each compared by O(features[].name).
      - A feature not listed is left as it is. When the detector is created, AWS enables every feature
        not listed except V(RUNTIME_MONITORING).
      - A feature that AWS does not report for the detector counts as C(DISABLED).
      - AWS refuses V(EKS_RUNTIME_MONITORING) and V(RUNTIME_MONITORING) in one request; Runtime Monitoring
        already covers Amazon EKS.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - The feature. Each name may be listed once.
        required: true
        choices: ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS',
                  'EKS_RUNTIME_MONITORING', 'RUNTIME_MONITORING', 'AI_PROTECTION', 'AI_ANALYST']
        type: str
      status:
        description:
          - Whether the feature is on.
        default: ENABLED
        choices: ['ENABLED', 'DISABLED']
        type: str
      additional_configuration:
        description:
          - Settings of the feature, each compared by O(features[].additional_configuration[].name); those not listed
            are left as they are.
          - For example, for V(RUNTIME_MONITORING), whether GuardDuty manages its security agent on Amazon EKS
            (V(EKS_ADDON_MANAGEMENT)), Amazon ECS on AWS Fargate (V(ECS_FARGATE_AGENT_MANAGEMENT)) and Amazon EC2
            (V(EC2_AGENT_MANAGEMENT)).
        type: list
        elements: dict
        suboptions:
          name:
            description:
              - The additional configuration. Each name may be listed once per feature.
            required: true
            choices: ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT', 'RDS_DATA_RISK']
            type: str
          status:
            description:
              - Whether the additional configuration is on.
            default: ENABLED
            choices: ['ENABLED', 'DISABLED']
            type: str
notes:
  - Tags apply to the detector (its ARN C(arn:aws:guardduty:<region>:<account>:detector/<id>)).
  - The deprecated C(DataSources) settings are not managed; O(features) replaces them.
  - In check mode the module reports what would change and makes no change; a detector it would create is returned
    without an ID or ARN, with only the features the options name.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Turn GuardDuty on in the Region, findings exported every fifteen minutes
  webstack.aws.guardduty_detector:
    finding_publishing_frequency: FIFTEEN_MINUTES
    tags:
      webstack:stack: webstack
      webstack:environment: prod
  register: guardduty

- name: Choose the protection plans; the features not listed stay as they are
  webstack.aws.guardduty_detector:
    features:
      - name: S3_DATA_EVENTS
      - name: EKS_AUDIT_LOGS
        status: DISABLED
      - name: RUNTIME_MONITORING
        additional_configuration:
          - name: ECS_FARGATE_AGENT_MANAGEMENT
          - name: EC2_AGENT_MANAGEMENT
          - name: EKS_ADDON_MANAGEMENT
            status: DISABLED

- name: Suspend GuardDuty without deleting its findings
  webstack.aws.guardduty_detector:
    enable: false

- name: Delete the Region's detector
  webstack.aws.guardduty_detector:
    state: absent
"""

RETURN = r"""
detector:
  description:
    - The detector, as GetDetector returns it, in snake_case.
    - In check mode, for a detector the module would create, the settings it would have (no ID or ARN yet).
  returned: when O(state=present)
  type: dict
  contains:
    detector_id:
      description: The ID of the detector.
      type: str
      returned: when the detector exists
      sample: 12abc34d567e8fa901bc2d34e56789f0
    arn:
      description: The ARN of the detector.
      type: str
      returned: when the detector exists
      sample: arn:aws:guardduty:eu-west-1:123456789012:detector/12abc34d567e8fa901bc2d34e56789f0
    status:
      description: Whether the detector is enabled.
      type: str
      returned: always
      sample: ENABLED
    finding_publishing_frequency:
      description: How often updated findings are exported.
      type: str
      returned: always
      sample: SIX_HOURS
    service_role:
      description: The service-linked role GuardDuty uses.
      type: str
      returned: when the detector exists
      sample: arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty
    created_at:
      description: When the detector was created.
      type: str
      returned: when the detector exists
      sample: "2025-01-01T12:00:00.000Z"
    updated_at:
      description: When the detector was last updated.
      type: str
      returned: when the detector exists
      sample: "2025-01-01T12:00:00.000Z"
    features:
      description: The features of the detector and their status.
      type: list
      elements: dict
      returned: always
      contains:
        name:
          description: The feature.
          type: str
          returned: always
          sample: RUNTIME_MONITORING
        status:
          description: Whether the feature is on.
          type: str
          returned: always
          sample: ENABLED
        updated_at:
          description: When the feature last changed (ISO 8601).
          type: str
          returned: when AWS reports it
          sample: "2025-01-01T12:00:00+00:00"
        additional_configuration:
          description: The additional configurations of the feature.
          type: list
          elements: dict
          returned: always
          contains:
            name:
              description: The additional configuration.
              type: str
              returned: always
              sample: EKS_ADDON_MANAGEMENT
            status:
              description: Whether it is on.
              type: str
              returned: always
              sample: ENABLED
            updated_at:
              description: When it last changed (ISO 8601).
              type: str
              returned: when AWS reports it
              sample: "2025-01-01T12:00:00+00:00"
    tags:
      description: The tags of the detector.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
"""

import copy
import hashlib
import json
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.guardduty import describe_detector
from ansible_collections.webstack.aws.plugins.module_utils.guardduty import list_detector_ids
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

# botocore's guardduty model: the DetectorFeature and FeatureAdditionalConfiguration enums.
FEATURE_NAMES = [
    "S3_DATA_EVENTS",
    "EKS_AUDIT_LOGS",
    "EBS_MALWARE_PROTECTION",
    "RDS_LOGIN_EVENTS",
    "LAMBDA_NETWORK_LOGS",
    "EKS_RUNTIME_MONITORING",
    "RUNTIME_MONITORING",
    "AI_PROTECTION",
    "AI_ANALYST",
]
ADDITIONAL_CONFIGURATION_NAMES = ["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT", "RDS_DATA_RISK"]
STATUSES = ["ENABLED", "DISABLED"]

ARGUMENT_SPEC = dict(
    state=dict(type="str", default="present", choices=["present", "absent"]),
    enable=dict(type="bool", default=True),
    finding_publishing_frequency=dict(type="str", default="SIX_HOURS", choices=["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"]),
    features=dict(
        type="list",
        elements="dict",
        options=dict(
            name=dict(type="str", required=True, choices=FEATURE_NAMES),
            status=dict(type="str", default="ENABLED", choices=STATUSES),
            additional_configuration=dict(
                type="list",
                elements="dict",
                options=dict(
                    name=dict(type="str", required=True, choices=ADDITIONAL_CONFIGURATION_NAMES),
                    status=dict(type="str", default="ENABLED", choices=STATUSES),
                ),
            ),
        ),
    ),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
)

RESERVED_TAG_PREFIX = "aws:"
TOKEN_ATTEMPTS = 2  # the second create has a fresh token, when the first answered with a detector deleted since


# Validation


def _duplicates(names: List[str]) -> List[str]:
    return sorted({name for name in names if names.count(name) > 1})


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the options, each naming the option and what is allowed; [] when all is well.

    Names outside the choices are refused by the argument spec before this runs.
    """
    errors = []
    features = params.get("features") or []
    for name in _duplicates([feature["name"] for feature in features]):
        errors.append(f"features lists {name} more than once: give each feature once, with its status and additional_configuration")
    for feature in features:
        extras = [extra["name"] for extra in feature.get("additional_configuration") or []]
        for name in _duplicates(extras):
            errors.append(f"features[{feature['name']}].additional_configuration lists {name} more than once: give each additional configuration once")
    reserved = sorted(key for key in params.get("tags") or {} if key.lower().startswith(RESERVED_TAG_PREFIX))
    if reserved:
        errors.append(f"tags {', '.join(reserved)}: keys starting with {RESERVED_TAG_PREFIX!r} are reserved by AWS; choose other keys")
    return errors


# What is wanted, what differs, what to send


def wanted_features(features: Optional[List[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    """The features option in the API's form (DetectorFeatureConfiguration)."""
    wanted = []
    for feature in features or []:
        item: Dict[str, Any] = {"Name": feature["name"], "Status": feature["status"]}
        if feature.get("additional_configuration"):
            item["AdditionalConfiguration"] = [{"Name": extra["name"], "Status": extra["status"]} for extra in feature["additional_configuration"]]
        wanted.append(item)
    return wanted


def feature_changes(current: List[Dict[str, Any]], wanted: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The wanted features (API form) whose status or a listed additional configuration differs from current (snake_case).

    A feature or additional configuration that current does not list counts as DISABLED.
    """
    by_name = {feature["name"]: feature for feature in current}
    changes = []
    for want in wanted:
        have = by_name.get(want["Name"], {})
        have_extras = {extra["name"]: extra.get("status") for extra in have.get("additional_configuration") or []}
        differs = have.get("status", "DISABLED") != want["Status"] or any(
            have_extras.get(extra["Name"], "DISABLED") != extra["Status"] for extra in want.get("AdditionalConfiguration", [])
        )
        if differs:
            changes.append(want)
    return changes


def detector_status(enable: bool) -> str:
    return "ENABLED" if enable else "DISABLED"


def update_params(current: Dict[str, Any], params: Dict[str, Any]) -> Dict[str, Any]:
    """UpdateDetector parameters for what differs (without DetectorId); {} when nothing does."""
    update: Dict[str, Any] = {}
    if current.get("status") != detector_status(params["enable"]):
        update["Enable"] = params["enable"]
    if current.get("finding_publishing_frequency") != params["finding_publishing_frequency"]:
        update["FindingPublishingFrequency"] = params["finding_publishing_frequency"]
    features = feature_changes(current.get("features") or [], wanted_features(params.get("features")))
    if features:
        update["Features"] = features
    return update


def create_params(params: Dict[str, Any]) -> Dict[str, Any]:
    """CreateDetector parameters for the options, without the ClientToken."""
    create: Dict[str, Any] = {"Enable": params["enable"], "FindingPublishingFrequency": params["finding_publishing_frequency"]}
    features = wanted_features(params.get("features"))
    if features:
        create["Features"] = features
    if params.get("tags"):
        create["Tags"] = params["tags"]
    return create


def client_token(request: Dict[str, Any], salt: str = "") -> str:
    """A ClientToken derived from the request, so a retried create answers the detector the first one made.

    The same request always gives the same token (64 hex characters, the API's
    limit); ``salt`` makes a fresh one when the plain token is spent on a
    detector deleted since.
    """
    payload = json.dumps([request, salt], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def tags_after(current_tags: Optional[Dict[str, str]], tags: Optional[Dict[str, str]], purge_tags: bool) -> Dict[str, str]:
    """The tags the detector ends with once tags/purge_tags apply (tags None: unchanged)."""
    current_tags = dict(current_tags or {})
    if tags is None:
        return current_tags
    to_set, to_unset = compare_aws_tags(current_tags, tags, purge_tags)
    result = {key: value for key, value in current_tags.items() if key not in to_unset}
    result.update(to_set)
    return result


def merge_features(current: List[Dict[str, Any]], changes: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """current (snake_case) with the changes (API form) applied by name, as AWS applies them."""
    merged = copy.deepcopy(current)
    by_name = {feature["name"]: feature for feature in merged}
    for change in changes:
        feature = by_name.get(change["Name"])
        if feature is None:
            feature = by_name[change["Name"]] = {"name": change["Name"], "additional_configuration": []}
            merged.append(feature)
        feature["status"] = change["Status"]
        extras = {extra["name"]: extra for extra in feature["additional_configuration"]}
        for extra in change.get("AdditionalConfiguration", []):
            if extra["Name"] in extras:
                extras[extra["Name"]]["status"] = extra["Status"]
            else:
                feature["additional_configuration"].append({"name": extra["Name"], "status": extra["Status"]})
    return merged


def predicted_detector(current: Optional[Dict[str, Any]], params: Dict[str, Any]) -> Dict[str, Any]:
    """The detector as it will be after the module has run, as far as it can be known beforehand."""
    after = copy.deepcopy(current) if current else {}
    after["status"] = detector_status(params["enable"])
    after["finding_publishing_frequency"] = params["finding_publishing_frequency"]
    after["features"] = merge_features(after.get("features") or [], wanted_features(params.get("features")))
    after["tags"] = tags_after(after.get("tags"), params.get("tags"), params["purge_tags"])
    return after


def detector_view(detector: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """What the diff shows of a detector: its ID and managed settings, without timestamps."""
    if not detector:
        return {}
    view = {key: detector[key] for key in ("detector_id", "status", "finding_publishing_frequency", "tags") if key in detector}
    view["features"] = [
        {
            "name": feature["name"],
            "status": feature.get("status"),
            "additional_configuration": [{"name": extra["name"], "status": extra.get("status")} for extra in feature.get("additional_configuration") or []],
        }
        for feature in detector.get("features") or []
    ]
    return view


class DetectorManager:
    """Brings the Region's detector to the state the module's options describe."""

    def __init__(self, module, client) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.check_mode = module.check_mode

    # Reading

    def detector_ids(self) -> List[str]:
        try:
            return list_detector_ids(self.client)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg="Failed to list GuardDuty detectors")

    def read(self, detector_id: str) -> Dict[str, Any]:
        try:
            return describe_detector(self.client, detector_id, self.module.region)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to get GuardDuty detector {detector_id}")

    def current(self) -> Optional[Dict[str, Any]]:
        detector_ids = self.detector_ids()
        return self.read(detector_ids[0]) if detector_ids else None

    # Desired states

    def ensure_present(self) -> Dict[str, Any]:
        current = self.current()
        after = predicted_detector(current, self.params)
        if current is None:
            changed = True
            detector = after if self.check_mode else self.create(create_params(self.params))
        else:
            update = update_params(current, self.params)
            tags_change = after["tags"] != current.get("tags", {})
            changed = bool(update) or tags_change
            detector = after if self.check_mode else current
            if changed and not self.check_mode:
                if update:
                    self.update(current["detector_id"], update)
                if tags_change:
                    self.retag(current)
                detector = self.read(current["detector_id"])
        return {"changed": changed, "detector": detector, "diff": {"before": detector_view(current), "after": detector_view(detector)}}

    def ensure_absent(self) -> Dict[str, Any]:
        detector_ids = self.detector_ids()
        before = self.read(detector_ids[0]) if detector_ids else None
        if not self.check_mode:
            for detector_id in detector_ids:
                self.delete(detector_id)
        return {"changed": bool(detector_ids), "diff": {"before": detector_view(before), "after": {}}}

    # Changing

    def create(self, request: Dict[str, Any]) -> Dict[str, Any]:
        salt = ""
        for _attempt in range(TOKEN_ATTEMPTS):
            detector_id = self._create_call(request, client_token(request, salt))
            if detector_id in self.detector_ids():
                return self.read(detector_id)
            salt = detector_id  # the token was spent on a detector deleted since: use a fresh one
        self.module.fail_json(
            msg=f"CreateDetector answered {TOKEN_ATTEMPTS} times with a detector that ListDetectors does not show; nothing usable was created"
        )

    def _create_call(self, request: Dict[str, Any], token: str) -> str:
        try:
            return self.client.create_detector(aws_retry=True, ClientToken=token, **request)["DetectorId"]
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg="Failed to create the GuardDuty detector")

    def update(self, detector_id: str, update: Dict[str, Any]) -> None:
        try:
            self.client.update_detector(aws_retry=True, DetectorId=detector_id, **update)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to update GuardDuty detector {detector_id}")

    def retag(self, current: Dict[str, Any]) -> None:
        if not current.get("arn"):
            self.module.fail_json(
                msg=f"Cannot tag GuardDuty detector {current['detector_id']}: GetDetector answered no service role ARN to derive its ARN from"
            )
        to_set, to_unset = compare_aws_tags(current.get("tags", {}), self.params["tags"], self.params["purge_tags"])
        try:
            if to_unset:
                self.client.untag_resource(aws_retry=True, ResourceArn=current["arn"], TagKeys=to_unset)
            if to_set:
                self.client.tag_resource(aws_retry=True, ResourceArn=current["arn"], Tags=to_set)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to update the tags of GuardDuty detector {current['detector_id']}")

    def delete(self, detector_id: str) -> None:
        try:
            self.client.delete_detector(aws_retry=True, DetectorId=detector_id)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to delete GuardDuty detector {detector_id}")


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    manager = DetectorManager(module, module.client("guardduty", retry_decorator=retrying()))
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
