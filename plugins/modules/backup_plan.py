#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: backup_plan
version_added: 0.2.0
short_description: Manage an AWS Backup plan
description:
  - Create, update, tag or delete an AWS Backup plan, found by its name.
  - Takes the same options as M(amazon.aws.backup_plan) and returns the same main values, without its false changes.
    The plan read back is compared rule by rule (by O(rules[].rule_name)) in a normalised form, with the defaults AWS
    fills in (time zone V(Etc/UTC), start window V(480), completion window V(10080), no continuous backup, no lifecycle,
    no tags, no copy actions). The keys of O(rules[].recovery_point_tags) and O(tags) are compared exactly as given,
    capitals included. C(UpdateBackupPlan) is called only when a rule or an advanced setting differs.
  - Settings of a rule that the module has no option for are not compared; an update made for another reason does not keep them.
  - Creation sends a C(CreatorRequestId) (by default derived from O(backup_plan_name)), so a create retried after a lost
    answer returns the plan already created instead of a second one.
  - AWS refuses to delete a plan that still has backup selections. The module then fails, naming the selections, and deletes none of them.
author:
  - webstack.aws maintainers (@webstack)
options:
  state:
    description:
      - Create or update the plan (V(present)), or delete it (V(absent)).
    type: str
    default: present
    choices: ['present', 'absent']
  backup_plan_name:
    description:
      - The display name of the plan. Must contain 1 to 50 alphanumeric or '-_.' characters.
    type: str
    required: true
    aliases: ['name']
  rules:
    description:
      - The rules of the plan, each a scheduled task that backs up the resources selected for the plan.
      - Required when O(state=present). Rule names must be unique within the plan.
      - Rules of the plan that are not listed are removed.
    type: list
    elements: dict
    suboptions:
      rule_name:
        description:
          - Name of the rule, 1 to 50 alphanumeric or '-_.' characters. Identifies the rule when the plan is compared.
        type: str
        required: true
      target_backup_vault_name:
        description: Name of the backup vault this rule stores its recovery points in.
        type: str
        required: true
      schedule_expression:
        description:
          - When AWS Backup starts a backup job, as V(cron(minutes hours day-of-month month day-of-week year)) (six fields)
            or V(rate(value unit)).
        type: str
        default: 'cron(0 5 ? * * *)'
      start_window_minutes:
        description:
          - Minutes after a backup is scheduled before a job that has not started is canceled. At least V(60).
        type: int
        default: 480
      completion_window_minutes:
        description:
          - Minutes after a backup job starts before it is canceled if not completed.
            At least 60 minutes more than O(rules[].start_window_minutes).
        type: int
        default: 10080
      lifecycle:
        description:
          - When a recovery point moves to cold storage and when it is deleted. Without it recovery points are kept forever.
          - A recovery point stays in cold storage at least 90 days, so O(rules[].lifecycle.delete_after_days) must be at least
            O(rules[].lifecycle.move_to_cold_storage_after_days) plus 90.
        type: dict
        suboptions:
          move_to_cold_storage_after_days:
            description: Days after creation before a recovery point moves to cold storage.
            type: int
          delete_after_days:
            description:
              - Days after creation before a recovery point is deleted.
              - At most V(35) when O(rules[].enable_continuous_backup=true), and then required.
            type: int
      recovery_point_tags:
        description:
          - Tags given to the recovery points this rule creates. Keys are kept exactly as given.
        type: dict
      copy_actions:
        description: Copies of each recovery point to other vaults (for example in another Region).
        type: list
        elements: dict
        suboptions:
          destination_backup_vault_arn:
            description: The ARN of the vault the copy is stored in.
            type: str
            required: true
          lifecycle:
            description:
              - When the copy moves to cold storage and when it is deleted; the 90 days rule of O(rules[].lifecycle) applies.
            type: dict
            suboptions:
              move_to_cold_storage_after_days:
                description: Days after creation before the copy moves to cold storage.
                type: int
              delete_after_days:
                description: Days after creation before the copy is deleted.
                type: int
      enable_continuous_backup:
        description:
          - Whether AWS Backup makes continuous backups, restorable to a point in time, instead of snapshots.
          - Continuous backups are kept at most 35 days (O(rules[].lifecycle.delete_after_days)).
        type: bool
        default: false
      schedule_expression_timezone:
        description:
          - The time zone of O(rules[].schedule_expression).
        type: str
        default: "Etc/UTC"
  advanced_backup_settings:
    description:
      - Advanced backup settings for each resource type.
      - These settings are only available for Windows Volume Shadow Copy Service (VSS) backup jobs.
    type: list
    elements: dict
    suboptions:
      resource_type:
        description:
          - The resource type the options apply to. The only one is Amazon EC2 instances with Windows VSS.
        type: str
        choices: ['EC2']
      backup_options:
        description:
          - The backup options of the resource type.
        type: dict
        suboptions:
          WindowsVSS:
            description: Enable or disable Windows VSS backups.
            type: str
            choices: ['enabled', 'disabled']
  creator_request_id:
    description:
      - The idempotency token of the create, 1 to 50 alphanumeric or '-_.' characters. If it matches an existing
        plan, AWS returns that plan instead of creating another.
      - Defaults to a value derived from O(backup_plan_name), so a retried create does not duplicate the plan.
    type: str
  tags:
    description:
      - Tags of the plan itself. Keys are kept exactly as given.
      - When not set, the plan's tags are left as they are.
    type: dict
    aliases: ['backup_plan_tags', 'resource_tags']
notes:
  - In check mode the module reads the plan and its tags and reports what would change; it calls neither
    C(CreateBackupPlan), C(UpdateBackupPlan), C(DeleteBackupPlan), C(TagResource) nor C(UntagResource).
    A plan it would create is returned without ARN or ID (empty strings).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A daily plan kept 35 days, copied to a vault in another Region
  webstack.aws.backup_plan:
    backup_plan_name: demo-prod
    rules:
      - rule_name: daily
        target_backup_vault_name: demo-prod
        schedule_expression: "cron(0 3 ? * * *)"
        start_window_minutes: 60
        completion_window_minutes: 480
        lifecycle:
          delete_after_days: 35
        recovery_point_tags:
          ManagedBy: ansible
          webstack:stack: demo
        copy_actions:
          - destination_backup_vault_arn: arn:aws:backup:eu-central-1:123456789012:backup-vault:demo-prod-dr
            lifecycle:
              delete_after_days: 35
    tags:
      ManagedBy: ansible
      webstack:stack: demo
  register: plan

- name: Monthly backups moved to cold storage after 30 days, kept a year, and continuous backups for a week
  webstack.aws.backup_plan:
    backup_plan_name: demo-prod-long
    rules:
      - rule_name: monthly
        target_backup_vault_name: demo-prod
        schedule_expression: "cron(0 5 1 * ? *)"
        schedule_expression_timezone: Europe/Paris
        lifecycle:
          move_to_cold_storage_after_days: 30
          delete_after_days: 365
      - rule_name: continuous
        target_backup_vault_name: demo-prod
        enable_continuous_backup: true
        lifecycle:
          delete_after_days: 7

- name: Delete the plan (its selections must be deleted first)
  webstack.aws.backup_plan:
    backup_plan_name: demo-prod
    state: absent
"""

RETURN = r"""
exists:
  description: Whether the plan exists after the run (or would, in check mode).
  returned: always
  type: bool
  sample: true
backup_plan_arn:
  description: ARN of the plan (empty in check mode for a plan to create).
  returned: when the plan exists or was deleted
  type: str
  sample: arn:aws:backup:eu-west-1:123456789012:backup-plan:1111f877-1ecf-4d79-9718-a861cd09df3b
backup_plan_id:
  description: ID of the plan (empty in check mode for a plan to create).
  returned: when the plan exists or was deleted
  type: str
  sample: "1111f877-1ecf-4d79-9718-a861cd09df3b"
backup_plan_name:
  description: Name of the plan.
  returned: always
  type: str
  sample: demo-prod
version_id:
  description: Version ID of the plan; each update makes a new one (empty in check mode for a plan to create).
  returned: when the plan exists or was deleted
  type: str
  sample: ODM3MjVjNjItYWFkOC00NjExLWIwZTYtZDNiNGI5M2I0ZTY1
creation_date:
  description: When the plan was created.
  returned: when the plan exists, except in check mode for a plan to create
  type: str
  sample: '2025-01-24T10:08:03.193000+00:00'
creator_request_id:
  description: The idempotency token the plan was created with.
  returned: when the plan exists and has one
  type: str
  sample: ansible-4f1c0e8a9b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e
deletion_date:
  description: When the plan was deleted.
  returned: when the plan was deleted (not in check mode)
  type: str
  sample: '2025-05-05T16:24:51.987000+00:00'
tags:
  description: Tags of the plan, keys as they are.
  returned: when O(state=present)
  type: dict
  sample: {"ManagedBy": "ansible", "webstack:stack": "demo"}
backup_plan:
  description:
    - The plan, in snake_case; the keys of recovery point tags and tags are kept as they are.
    - In check mode, when the plan would change, the plan as it would be (rules without C(rule_id) for a plan to create).
  returned: when O(state=present)
  type: dict
  contains:
    backup_plan_name:
      description: The display name of the plan.
      returned: always
      type: str
      sample: demo-prod
    rules:
      description: The rules of the plan.
      returned: always
      type: list
      elements: dict
      contains:
        rule_name:
          description: The name of the rule.
          returned: always
          type: str
          sample: daily
        rule_id:
          description: The ID AWS gave the rule.
          returned: when the plan exists
          type: str
          sample: "973621ef-d863-41ef-b5c3-9e943a64ad0c"
        target_backup_vault_name:
          description: The vault the rule stores its recovery points in.
          returned: always
          type: str
          sample: demo-prod
        schedule_expression:
          description: When backup jobs start.
          returned: always
          type: str
          sample: "cron(0 5 ? * * *)"
        schedule_expression_timezone:
          description: The time zone of the schedule expression.
          returned: always
          type: str
          sample: "Etc/UTC"
        start_window_minutes:
          description: Minutes before a job that has not started is canceled.
          returned: always
          type: int
          sample: 480
        completion_window_minutes:
          description: Minutes before a started job that has not completed is canceled.
          returned: always
          type: int
          sample: 10080
        lifecycle:
          description: When recovery points move to cold storage and are deleted.
          returned: when configured
          type: dict
          sample: {"delete_after_days": 120, "move_to_cold_storage_after_days": 30}
        recovery_point_tags:
          description: Tags given to the recovery points, keys as they are.
          returned: when configured
          type: dict
          sample: {"ManagedBy": "ansible"}
        copy_actions:
          description: Copies of each recovery point to other vaults.
          returned: when configured
          type: list
          elements: dict
          sample: [{"destination_backup_vault_arn": "arn:aws:backup:eu-central-1:123456789012:backup-vault:dr", "lifecycle": {"delete_after_days": 35}}]
        enable_continuous_backup:
          description: Whether the rule makes continuous backups.
          returned: always
          type: bool
          sample: false
    advanced_backup_settings:
      description: Advanced backup settings of the plan.
      returned: always
      type: list
      elements: dict
      sample: [{"resource_type": "EC2", "backup_options": {"windows_vss": "enabled"}}]
    tags:
      description: Tags of the plan, keys as they are.
      returned: always
      type: dict
      sample: {"ManagedBy": "ansible"}
"""

import hashlib
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

LIFECYCLE_OPTIONS = dict(
    move_to_cold_storage_after_days=dict(type="int"),
    delete_after_days=dict(type="int"),
)

ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=["present", "absent"], default="present"),
    backup_plan_name=dict(required=True, type="str", aliases=["name"]),
    rules=dict(
        type="list",
        elements="dict",
        options=dict(
            rule_name=dict(required=True, type="str"),
            target_backup_vault_name=dict(required=True, type="str"),
            schedule_expression=dict(type="str", default="cron(0 5 ? * * *)"),
            start_window_minutes=dict(type="int", default=480),
            completion_window_minutes=dict(type="int", default=10080),
            schedule_expression_timezone=dict(type="str", default="Etc/UTC"),
            lifecycle=dict(type="dict", options=LIFECYCLE_OPTIONS),
            recovery_point_tags=dict(type="dict"),
            copy_actions=dict(
                type="list",
                elements="dict",
                options=dict(
                    destination_backup_vault_arn=dict(required=True, type="str"),
                    lifecycle=dict(type="dict", options=LIFECYCLE_OPTIONS),
                ),
            ),
            enable_continuous_backup=dict(type="bool", default=False),
        ),
    ),
    advanced_backup_settings=dict(
        type="list",
        elements="dict",
        options=dict(
            resource_type=dict(type="str", choices=["EC2"]),
            backup_options=dict(type="dict", options=dict(WindowsVSS=dict(type="str", choices=["enabled", "disabled"]))),
        ),
    ),
    creator_request_id=dict(type="str"),
    tags=dict(type="dict", aliases=["backup_plan_tags", "resource_tags"]),
    purge_tags=dict(type="bool", default=True),
)

REQUIRED_IF = [("state", "present", ["rules"])]

# What AWS fills in for a rule that does not say (the module's defaults are the same).
DEFAULT_SCHEDULE = "cron(0 5 ? * * *)"
DEFAULT_TIMEZONE = "Etc/UTC"
DEFAULT_START_WINDOW = 480
DEFAULT_COMPLETION_WINDOW = 10080

NAME = re.compile(r"^[a-zA-Z0-9\-_.]{1,50}$")  # plan names, rule names and CreatorRequestId
CRON = re.compile(r"^cron\((\S+\s+){5}\S+\)$")
RATE = re.compile(r"^rate\(\d+ (minute|minutes|hour|hours|day|days)\)$")
MIN_START_WINDOW = 60
MIN_WINDOW_GAP = 60  # the completion window is at least this much longer than the start window
MIN_COLD_DAYS = 90  # a recovery point stays in cold storage at least this long
MAX_CONTINUOUS_DAYS = 35

CREATE_ATTEMPTS = 3  # creates with a fresh token when the previous one answered with a deleted plan
# A plan read right after it is created (or listed) may not be visible yet.
RETRY_CODES = ["ResourceNotFoundException"]


# Validation


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the options, each naming the option and what is allowed; [] when none."""
    errors = []
    if not NAME.match(params["backup_plan_name"] or ""):
        errors.append(f"backup_plan_name must be 1 to 50 letters, digits, '-', '_' or '.', not {params['backup_plan_name']!r}")
    if params.get("creator_request_id") is not None and not NAME.match(params["creator_request_id"]):
        errors.append(f"creator_request_id must be 1 to 50 letters, digits, '-', '_' or '.', not {params['creator_request_id']!r}")
    if params["state"] != "present":
        return errors
    rules = params.get("rules") or []
    if not rules:
        errors.append("rules must hold at least one rule when state=present")
    names = [rule["rule_name"] for rule in rules]
    for name in sorted({name for name in names if names.count(name) > 1}):
        errors.append(f"rules: rule_name {name!r} is used by more than one rule; rule names must be unique")
    for index, rule in enumerate(rules):
        errors.extend(rule_errors(f"rules[{index}]", rule))
    return errors


def rule_errors(where: str, rule: Dict[str, Any]) -> List[str]:
    errors = []
    if not NAME.match(rule["rule_name"]):
        errors.append(f"{where}.rule_name must be 1 to 50 letters, digits, '-', '_' or '.', not {rule['rule_name']!r}")
    schedule = rule.get("schedule_expression")
    if schedule is not None and not (CRON.match(schedule) or RATE.match(schedule)):
        errors.append(
            f"{where}.schedule_expression must be cron() with six fields (minutes hours day-of-month month day-of-week year) "
            f"or rate(<n> minutes|hours|days), not {schedule!r}"
        )
    start = _or(rule.get("start_window_minutes"), DEFAULT_START_WINDOW)
    completion = _or(rule.get("completion_window_minutes"), DEFAULT_COMPLETION_WINDOW)
    if start < MIN_START_WINDOW:
        errors.append(f"{where}.start_window_minutes must be at least {MIN_START_WINDOW}, not {start}")
    if completion < start + MIN_WINDOW_GAP:
        errors.append(f"{where}.completion_window_minutes must be at least {MIN_WINDOW_GAP} more than start_window_minutes ({start}), not {completion}")
    lifecycle = rule.get("lifecycle") or {}
    errors.extend(lifecycle_errors(f"{where}.lifecycle", lifecycle))
    if rule.get("enable_continuous_backup"):
        days = lifecycle.get("delete_after_days")
        if days is None or days > MAX_CONTINUOUS_DAYS:
            errors.append(
                f"{where}.lifecycle.delete_after_days must be set, at most {MAX_CONTINUOUS_DAYS}, when enable_continuous_backup is true "
                f"(continuous backups are kept 1 to {MAX_CONTINUOUS_DAYS} days), not {days!r}"
            )
    for number, action in enumerate(rule.get("copy_actions") or []):
        errors.extend(lifecycle_errors(f"{where}.copy_actions[{number}].lifecycle", action.get("lifecycle") or {}))
    return errors


def lifecycle_errors(where: str, lifecycle: Dict[str, Any]) -> List[str]:
    errors = []
    cold, delete = lifecycle.get("move_to_cold_storage_after_days"), lifecycle.get("delete_after_days")
    for name, days in (("move_to_cold_storage_after_days", cold), ("delete_after_days", delete)):
        if days is not None and days < 1:
            errors.append(f"{where}.{name} must be at least 1 day, not {days}")
    if cold is not None and delete is not None and delete < cold + MIN_COLD_DAYS:
        errors.append(
            f"{where}.delete_after_days must be at least move_to_cold_storage_after_days + {MIN_COLD_DAYS} ({cold + MIN_COLD_DAYS}): "
            f"recovery points stay in cold storage at least {MIN_COLD_DAYS} days, not {delete}"
        )
    return errors


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def default_creator_request_id(name: str, salt: str = "") -> str:
    """A CreatorRequestId for the plan name: the same for every run, so a retried create returns the first plan."""
    return "ansible-" + hashlib.sha256(f"{name}{salt}".encode("utf-8")).hexdigest()[:40]


# The normalised plan: snake_case, AWS's defaults filled in, rules sorted by name, tag keys as they are


def _lifecycle(lifecycle: Optional[Dict[str, Any]]) -> Dict[str, int]:
    lifecycle = lifecycle or {}
    pairs = (("move_to_cold_storage_after_days", lifecycle.get("move_to_cold_storage_after_days")), ("delete_after_days", lifecycle.get("delete_after_days")))
    return {key: int(days) for key, days in pairs if days is not None}


def _tags(tags: Optional[Dict[str, Any]]) -> Dict[str, str]:
    return {str(key): str(value) for key, value in (tags or {}).items()}


def desired_rule(rule: Dict[str, Any]) -> Dict[str, Any]:
    """A rule of the rules option, normalised."""
    copy_actions = [
        {
            "destination_backup_vault_arn": action["destination_backup_vault_arn"],
            "lifecycle": _lifecycle(action.get("lifecycle")),
        }
        for action in rule.get("copy_actions") or []
    ]
    return {
        "rule_name": rule["rule_name"],
        "target_backup_vault_name": rule["target_backup_vault_name"],
        "schedule_expression": _or(rule.get("schedule_expression"), DEFAULT_SCHEDULE),
        "schedule_expression_timezone": _or(rule.get("schedule_expression_timezone"), DEFAULT_TIMEZONE),
        "start_window_minutes": _or(rule.get("start_window_minutes"), DEFAULT_START_WINDOW),
        "completion_window_minutes": _or(rule.get("completion_window_minutes"), DEFAULT_COMPLETION_WINDOW),
        "lifecycle": _lifecycle(rule.get("lifecycle")),
        "recovery_point_tags": _tags(rule.get("recovery_point_tags")),
        "copy_actions": sorted(copy_actions, key=lambda action: action["destination_backup_vault_arn"]),
        "enable_continuous_backup": bool(rule.get("enable_continuous_backup")),
    }


def current_rule(rule: Dict[str, Any]) -> Dict[str, Any]:
    """A rule as GetBackupPlan answers it, normalised like desired_rule (its tag keys kept as they are)."""
    return desired_rule(camel_dict_to_snake_dict(rule, ignore_list=["RecoveryPointTags"]))


def desired_plan(params: Dict[str, Any]) -> Dict[str, Any]:
    """The plan the options describe, normalised."""
    settings = [
        {
            "resource_type": setting.get("resource_type"),
            "backup_options": {key: value for key, value in (setting.get("backup_options") or {}).items() if value is not None},
        }
        for setting in params.get("advanced_backup_settings") or []
    ]
    return {
        "backup_plan_name": params["backup_plan_name"],
        "rules": sorted((desired_rule(rule) for rule in params.get("rules") or []), key=lambda rule: rule["rule_name"]),
        "advanced_backup_settings": sorted(settings, key=lambda setting: str(setting["resource_type"])),
    }


def current_plan(got: Dict[str, Any]) -> Dict[str, Any]:
    """The plan GetBackupPlan answered, normalised like desired_plan."""
    plan = got["BackupPlan"]
    settings = [
        {"resource_type": setting.get("ResourceType"), "backup_options": dict(setting.get("BackupOptions") or {})} for setting in _advanced_settings(got)
    ]
    return {
        "backup_plan_name": plan["BackupPlanName"],
        "rules": sorted((current_rule(rule) for rule in plan.get("Rules") or []), key=lambda rule: rule["rule_name"]),
        "advanced_backup_settings": sorted(settings, key=lambda setting: str(setting["resource_type"])),
    }


def _advanced_settings(got: Dict[str, Any]) -> List[Dict[str, Any]]:
    return got["BackupPlan"].get("AdvancedBackupSettings") or got.get("AdvancedBackupSettings") or []


def tags_after(current: Dict[str, str], desired: Optional[Dict[str, str]], purge: bool) -> Dict[str, str]:
    """The plan's tags once the tags option is applied (unchanged when it is not set)."""
    if desired is None:
        return dict(current)
    to_set, to_unset = compare_aws_tags(current, desired, purge_tags=purge)
    after = {key: value for key, value in current.items() if key not in to_unset}
    after.update(to_set)
    return after


def plan_view(plan: Optional[Dict[str, Any]], tags: Dict[str, str]) -> Dict[str, Any]:
    """The plan and its tags, as diff shows them ({} for no plan)."""
    return dict(plan, tags=tags) if plan is not None else {}


# What to send


def _lifecycle_input(lifecycle: Dict[str, int]) -> Dict[str, int]:
    names = {"move_to_cold_storage_after_days": "MoveToColdStorageAfterDays", "delete_after_days": "DeleteAfterDays"}
    return {names[key]: days for key, days in lifecycle.items()}


def rule_input(rule: Dict[str, Any]) -> Dict[str, Any]:
    """A normalised rule as CreateBackupPlan and UpdateBackupPlan take it."""
    sent = {
        "RuleName": rule["rule_name"],
        "TargetBackupVaultName": rule["target_backup_vault_name"],
        "ScheduleExpression": rule["schedule_expression"],
        "ScheduleExpressionTimezone": rule["schedule_expression_timezone"],
        "StartWindowMinutes": rule["start_window_minutes"],
        "CompletionWindowMinutes": rule["completion_window_minutes"],
        "EnableContinuousBackup": rule["enable_continuous_backup"],
    }
    if rule["lifecycle"]:
        sent["Lifecycle"] = _lifecycle_input(rule["lifecycle"])
    if rule["recovery_point_tags"]:
        sent["RecoveryPointTags"] = rule["recovery_point_tags"]
    if rule["copy_actions"]:
        sent["CopyActions"] = [
            dict(
                {"DestinationBackupVaultArn": action["destination_backup_vault_arn"]},
                **({"Lifecycle": _lifecycle_input(action["lifecycle"])} if action["lifecycle"] else {}),
            )
            for action in rule["copy_actions"]
        ]
    return sent


def backup_plan_input(plan: Dict[str, Any]) -> Dict[str, Any]:
    """A normalised plan as the BackupPlan parameter of CreateBackupPlan and UpdateBackupPlan."""
    return {
        "BackupPlanName": plan["backup_plan_name"],
        "Rules": [rule_input(rule) for rule in plan["rules"]],
        "AdvancedBackupSettings": [
            {"ResourceType": setting["resource_type"], "BackupOptions": setting["backup_options"]} for setting in plan["advanced_backup_settings"]
        ],
    }


# What to return


def snake_rule(rule: Dict[str, Any]) -> Dict[str, Any]:
    """A rule of GetBackupPlan in snake_case, recovery point tag keys as they are."""
    return camel_dict_to_snake_dict(rule, ignore_list=["RecoveryPointTags"])


def plan_result(got: Dict[str, Any], tags: Dict[str, str]) -> Dict[str, Any]:
    """The module's return values for a plan GetBackupPlan answered."""
    top = {key: value for key, value in got.items() if key not in ("BackupPlan", "AdvancedBackupSettings", "ResponseMetadata")}
    result = camel_dict_to_snake_dict(top)
    result.update(
        exists=True,
        backup_plan_name=got["BackupPlan"]["BackupPlanName"],
        tags=tags,
        backup_plan={
            "backup_plan_name": got["BackupPlan"]["BackupPlanName"],
            "rules": [snake_rule(rule) for rule in got["BackupPlan"].get("Rules") or []],
            "advanced_backup_settings": [camel_dict_to_snake_dict(setting) for setting in _advanced_settings(got)],
            "tags": tags,
        },
    )
    return result


def predicted_result(got: Optional[Dict[str, Any]], plan: Dict[str, Any], tags: Dict[str, str]) -> Dict[str, Any]:
    """The return values in check mode for a plan that would be created or changed."""
    result = plan_result(got, tags) if got is not None else {"backup_plan_arn": "", "backup_plan_id": "", "version_id": "", "exists": True}
    rule_ids = {rule["RuleName"]: rule.get("RuleId") for rule in (got or {}).get("BackupPlan", {}).get("Rules") or []}
    rules = [dict(rule, rule_id=rule_ids[rule["rule_name"]]) if rule_ids.get(rule["rule_name"]) else dict(rule) for rule in plan["rules"]]
    settings = [
        {"resource_type": setting["resource_type"], "backup_options": camel_dict_to_snake_dict(setting["backup_options"])}
        for setting in plan["advanced_backup_settings"]
    ]
    result.update(
        backup_plan_name=plan["backup_plan_name"],
        tags=tags,
        backup_plan={"backup_plan_name": plan["backup_plan_name"], "rules": rules, "advanced_backup_settings": settings, "tags": tags},
    )
    return result


class BackupPlanManager:
    """Brings one backup plan, found by name, to the state the module's options describe."""

    def __init__(self, module, client) -> None:
        self.module = module
        self.client = client
        self.params = module.params
        self.name = module.params["backup_plan_name"]

    # Reading

    def plan_ids(self) -> List[str]:
        """The IDs of the plans named self.name, from every page of ListBackupPlans."""
        found: List[str] = []
        params: Dict[str, Any] = {}
        try:
            while True:
                page = self.client.list_backup_plans(aws_retry=True, **params)
                found.extend(plan["BackupPlanId"] for plan in page.get("BackupPlansList", []) if plan.get("BackupPlanName") == self.name)
                if not page.get("NextToken"):
                    return found
                params = {"NextToken": page["NextToken"]}
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg="Failed to list backup plans")

    def find(self) -> Optional[Tuple[Dict[str, Any], Dict[str, str]]]:
        """The plan named self.name (GetBackupPlan's answer) and its tags; None when there is none."""
        plan_ids = self.plan_ids()
        if not plan_ids:
            return None
        if len(plan_ids) > 1:
            self.module.warn(f"{len(plan_ids)} backup plans are named {self.name}; managing {plan_ids[0]} and leaving {', '.join(plan_ids[1:])} alone")
        got = self.read(plan_ids[0])
        return got, self.tags_of(got["BackupPlanArn"])

    def read(self, plan_id: str) -> Dict[str, Any]:
        try:
            return self.client.get_backup_plan(aws_retry=True, BackupPlanId=plan_id)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to read backup plan {plan_id}")

    def tags_of(self, arn: str) -> Dict[str, str]:
        tags: Dict[str, str] = {}
        params: Dict[str, Any] = {}
        try:
            while True:
                page = self.client.list_tags(aws_retry=True, ResourceArn=arn, **params)
                tags.update(page.get("Tags") or {})
                if not page.get("NextToken"):
                    return tags
                params = {"NextToken": page["NextToken"]}
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to list the tags of backup plan {arn}")

    def selection_names(self, plan_id: str) -> List[str]:
        names: List[str] = []
        params: Dict[str, Any] = {}
        try:
            while True:
                page = self.client.list_backup_selections(aws_retry=True, BackupPlanId=plan_id, **params)
                names.extend(selection["SelectionName"] for selection in page.get("BackupSelectionsList", []))
                if not page.get("NextToken"):
                    return names
                params = {"NextToken": page["NextToken"]}
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to list the selections of backup plan {self.name}")

    # Desired states

    def ensure_present(self) -> Dict[str, Any]:
        desired = desired_plan(self.params)
        wanted_tags = _tags(self.params["tags"]) if self.params["tags"] is not None else None
        found = self.find()
        before = plan_view(current_plan(found[0]), found[1]) if found else {}
        created = False
        if found is None:
            tags = tags_after({}, wanted_tags, True)
            diff = {"before": before, "after": plan_view(desired, tags)}
            if self.module.check_mode:
                return dict(predicted_result(None, desired, tags), changed=True, diff=diff)
            found = self.create(desired, tags)
            created = True

        got, current_tags = found
        plan_changed = current_plan(got) != desired
        to_set, to_unset = compare_aws_tags(current_tags, wanted_tags, purge_tags=self.params["purge_tags"]) if wanted_tags is not None else ({}, [])
        tags = tags_after(current_tags, wanted_tags, self.params["purge_tags"])
        changed = created or plan_changed or bool(to_set or to_unset)
        diff = {"before": before, "after": plan_view(desired, tags)}
        if self.module.check_mode:
            result = predicted_result(got, desired, tags) if changed else plan_result(got, current_tags)
            return dict(result, changed=changed, diff=diff)
        if plan_changed:
            self.update(got["BackupPlanId"], desired)
        self.set_tags(got["BackupPlanArn"], to_set, to_unset)
        if plan_changed or to_set or to_unset:
            got, current_tags = self.read(got["BackupPlanId"]), self.tags_of(got["BackupPlanArn"])
        diff["after"] = plan_view(current_plan(got), current_tags)
        return dict(plan_result(got, current_tags), changed=changed, diff=diff)

    def ensure_absent(self) -> Dict[str, Any]:
        found = self.find()
        if found is None:
            return {"changed": False, "exists": False, "backup_plan_name": self.name, "diff": {"before": {}, "after": {}}}
        got, tags = found
        selections = self.selection_names(got["BackupPlanId"])
        if selections:
            self.module.fail_json(
                msg=(
                    f"Backup plan {self.name} still has backup selections ({', '.join(sorted(selections))}); AWS deletes a plan only "
                    "once its selections are deleted. Delete them first (amazon.aws.backup_selection with state=absent)."
                ),
                selections=sorted(selections),
            )
        result = {
            "changed": True,
            "exists": False,
            "backup_plan_name": self.name,
            "backup_plan_id": got["BackupPlanId"],
            "backup_plan_arn": got["BackupPlanArn"],
            "version_id": got.get("VersionId", ""),
            "diff": {"before": plan_view(current_plan(got), tags), "after": {}},
        }
        if not self.module.check_mode:
            result.update(camel_dict_to_snake_dict(self.delete(got["BackupPlanId"])))
        return result

    # Changing

    def create(self, plan: Dict[str, Any], tags: Dict[str, str]) -> Tuple[Dict[str, Any], Dict[str, str]]:
        """Create the plan; GetBackupPlan's answer for it and its tags."""
        token = self.params["creator_request_id"] or default_creator_request_id(self.name)
        extra = {"BackupPlanTags": tags} if tags else {}
        for _attempt in range(CREATE_ATTEMPTS):
            try:
                response = self.client.create_backup_plan(aws_retry=True, BackupPlan=backup_plan_input(plan), CreatorRequestId=token, **extra)
            except is_boto3_error_code("AlreadyExistsException") as e:
                found = self.find()  # made meanwhile, or not yet listed when we looked
                if found is None:
                    self.module.fail_json_aws(e, msg=f"AWS says backup plan {self.name} already exists, but ListBackupPlans does not show it")
                return found
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
                self.module.fail_json_aws(e, msg=f"Failed to create backup plan {self.name}")
            got = self.read(response["BackupPlanId"])
            if got.get("DeletionDate") is None:
                if got["BackupPlan"]["BackupPlanName"] != self.name:
                    self.module.fail_json(
                        msg=f"creator_request_id {token} already created backup plan {got['BackupPlan']['BackupPlanName']}; give {self.name} its own"
                    )
                return got, self.tags_of(got["BackupPlanArn"])
            token = default_creator_request_id(self.name, salt=response["BackupPlanId"])  # spent on a plan deleted since
        self.module.fail_json(msg=f"CreateBackupPlan answered {CREATE_ATTEMPTS} times with a deleted plan; no backup plan {self.name} was created")

    def update(self, plan_id: str, plan: Dict[str, Any]) -> None:
        try:
            self.client.update_backup_plan(aws_retry=True, BackupPlanId=plan_id, BackupPlan=backup_plan_input(plan))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to update backup plan {self.name}")

    def set_tags(self, arn: str, to_set: Dict[str, str], to_unset: List[str]) -> None:
        try:
            if to_unset:
                self.client.untag_resource(aws_retry=True, ResourceArn=arn, TagKeyList=to_unset)
            if to_set:
                self.client.tag_resource(aws_retry=True, ResourceArn=arn, Tags=to_set)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to tag backup plan {self.name}")

    def delete(self, plan_id: str) -> Dict[str, Any]:
        try:
            response = self.client.delete_backup_plan(aws_retry=True, BackupPlanId=plan_id)
        except is_boto3_error_code("InvalidRequestException") as e:
            self.module.fail_json_aws(e, msg=f"AWS refused to delete backup plan {self.name}; a backup selection may have been added meanwhile")
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to delete backup plan {self.name}")
        return {key: value for key, value in response.items() if key != "ResponseMetadata"}


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, required_if=REQUIRED_IF, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("backup", retry_decorator=retrying(RETRY_CODES))
    manager = BackupPlanManager(module, client)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
