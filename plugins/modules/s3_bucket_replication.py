#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: s3_bucket_replication
version_added: 0.2.0
short_description: Manage the replication configuration of an S3 bucket
description:
  - Set or remove the replication configuration of an S3 bucket (PutBucketReplication, DeleteBucketReplication).
    It names the IAM role S3 assumes and the rules that copy new objects to other buckets, in the same or another region.
  - The configuration is one document. O(rules) is the whole set of rules; a rule of the bucket that is not in
    O(rules) is removed. Rules are compared by O(rules[].id), whatever their order.
  - Settings this module does not manage (existing object replication, replication time control, metrics, owner
    override) are not compared, and are removed when the module updates the configuration.
  - Versioning must be enabled on the source bucket and on every destination bucket before replication is set
    (amazon.aws.s3_bucket O(amazon.aws.s3_bucket#module:versioning=true)); AWS refuses the configuration otherwise.
author:
  - webstack.aws maintainers (@webstack)
options:
  bucket:
    description:
      - The name of the source bucket.
    required: true
    type: str
  role_arn:
    description:
      - The ARN of the IAM role S3 assumes to replicate objects.
      - Required when O(state=present).
    type: str
  rules:
    description:
      - The replication rules, all of them.
      - At least one is required when O(state=present).
    type: list
    elements: dict
    default: []
    suboptions:
      id:
        description:
          - The rule's ID, unique in the configuration (at most 255 characters).
        required: true
        type: str
      priority:
        description:
          - Which rule wins when several rules replicate an object to the same bucket (the highest number).
          - Priorities are unique in the configuration. When not set, the rule's position in O(rules), starting at 1.
        type: int
      status:
        description:
          - Whether the rule replicates.
        default: enabled
        choices: ['enabled', 'disabled']
        type: str
      prefix:
        description:
          - Only objects whose key starts with this prefix are replicated. V("") is every object.
        default: ""
        type: str
      filter_tags:
        description:
          - Only objects with all these tags are replicated (object tags, not the bucket's).
        type: dict
        default: {}
      destination_bucket:
        description:
          - The destination bucket, by name or ARN (V(arn:aws:s3:::name)).
        required: true
        type: str
      storage_class:
        description:
          - The storage class of the replicas. When not set, the storage class of the source object.
        choices: ['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR']
        type: str
      replica_kms_key_id:
        description:
          - The ARN of the KMS key (in the destination bucket's region) that encrypts the replicas.
          - When set, objects encrypted with SSE-KMS are replicated too (C(SourceSelectionCriteria.SseKmsEncryptedObjects)
            enabled); without it, S3 does not replicate them.
        type: str
      delete_marker_replication:
        description:
          - Whether delete markers are replicated.
        default: false
        type: bool
  state:
    description:
      - Whether the bucket has this replication configuration (V(present)) or none (V(absent)).
    default: present
    choices: ['present', 'absent']
    type: str
notes:
  - The replication configuration has no tags.
  - In check mode the module reports what would change and changes nothing.
  - S3 applies a configuration at once; there is nothing to wait for.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Replicate the site bucket to a bucket in another region, KMS-encrypted objects included
  webstack.aws.s3_bucket_replication:
    bucket: webstack-prod-site-123456789012
    role_arn: arn:aws:iam::123456789012:role/webstack-prod-site-replication
    rules:
      - id: site-to-dr
        destination_bucket: webstack-prod-site-dr-123456789012
        storage_class: STANDARD_IA
        replica_kms_key_id: arn:aws:kms:eu-central-1:123456789012:key/0f3e5c2a-1111-2222-3333-444455556666
        delete_marker_replication: true

- name: Replicate only objects under assets/ tagged replicate=yes
  webstack.aws.s3_bucket_replication:
    bucket: webstack-prod-site-123456789012
    role_arn: arn:aws:iam::123456789012:role/webstack-prod-site-replication
    rules:
      - id: assets
        priority: 10
        prefix: assets/
        filter_tags:
          replicate: "yes"
        destination_bucket: arn:aws:s3:::webstack-prod-assets-dr

- name: Stop replicating
  webstack.aws.s3_bucket_replication:
    bucket: webstack-prod-site-123456789012
    state: absent
"""

RETURN = r"""
replication:
  description:
    - The bucket's replication configuration after the module ran (in check mode, what it would be), in the
      module's terms. Empty when the bucket has none.
  returned: always
  type: dict
  contains:
    role_arn:
      description: The IAM role S3 assumes.
      type: str
      returned: when the bucket has a configuration
      sample: arn:aws:iam::123456789012:role/webstack-prod-site-replication
    rules:
      description: The rules, sorted by ID.
      type: list
      elements: dict
      returned: when the bucket has a configuration
      contains:
        id:
          description: The rule's ID.
          type: str
          sample: site-to-dr
        priority:
          description: The rule's priority.
          type: int
          sample: 1
        status:
          description: V(enabled) or V(disabled).
          type: str
          sample: enabled
        prefix:
          description: The key prefix replicated (V("") for every object).
          type: str
          sample: ""
        filter_tags:
          description: The object tags an object needs to be replicated.
          type: dict
          sample: {}
        destination_bucket:
          description: The ARN of the destination bucket.
          type: str
          sample: arn:aws:s3:::webstack-prod-site-dr-123456789012
        storage_class:
          description: The storage class of the replicas, null for the source object's.
          type: str
          sample: STANDARD_IA
        replica_kms_key_id:
          description: The KMS key that encrypts the replicas, null when KMS-encrypted objects are not replicated.
          type: str
          sample: arn:aws:kms:eu-central-1:123456789012:key/0f3e5c2a-1111-2222-3333-444455556666
        delete_marker_replication:
          description: Whether delete markers are replicated.
          type: bool
          sample: true
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
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

STORAGE_CLASSES = ["STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR"]

RULE_SPEC = dict(
    id=dict(type="str", required=True),
    priority=dict(type="int"),
    status=dict(type="str", default="enabled", choices=["enabled", "disabled"]),
    prefix=dict(type="str", default=""),
    filter_tags=dict(type="dict", default={}),
    destination_bucket=dict(type="str", required=True),
    storage_class=dict(type="str", choices=STORAGE_CLASSES),
    replica_kms_key_id=dict(type="str"),
    delete_marker_replication=dict(type="bool", default=False),
)

ARGUMENT_SPEC = dict(
    bucket=dict(type="str", required=True),
    role_arn=dict(type="str"),
    rules=dict(type="list", elements="dict", default=[], options=RULE_SPEC),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

S3_ARN_PREFIX = "arn:aws:s3:::"
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/\S+$")
KMS_KEY_ARN = re.compile(r"^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/\S+$")
MAX_RULE_ID = 255


# Pure functions: validation, the wanted configuration, the module's view of a configuration


def bucket_arn(name_or_arn: str) -> str:
    return name_or_arn if name_or_arn.startswith(S3_ARN_PREFIX) else S3_ARN_PREFIX + name_or_arn


def validate_params(params: Dict[str, Any]) -> List[str]:
    """What is wrong with the options, one message per problem (empty when they are usable)."""
    errors = []
    if params["state"] == "absent":
        return errors
    if not params.get("role_arn"):
        errors.append("role_arn is required when state=present.")
    elif not ROLE_ARN.match(params["role_arn"]):
        errors.append(f"role_arn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), not {params['role_arn']!r}.")
    rules = params["rules"]
    if not rules:
        errors.append("rules needs at least one rule when state=present; use state=absent to remove the replication configuration.")
    ids = [rule["id"] for rule in rules]
    for rule_id in sorted({i for i in ids if ids.count(i) > 1}):
        errors.append(f"rules[].id must be unique: {rule_id!r} is used more than once.")
    priorities = rule_priorities(rules)
    for priority in sorted({p for p in priorities if priorities.count(p) > 1}):
        errors.append(f"rules[].priority must be unique: {priority} is used more than once.")
    for rule in rules:
        errors.extend(rule_errors(rule, params["bucket"]))
    return errors


def rule_errors(rule: Dict[str, Any], source_bucket: str) -> List[str]:
    errors = []
    name = rule["id"]
    if not name or len(name) > MAX_RULE_ID:
        errors.append(f"rules[].id must have 1 to {MAX_RULE_ID} characters, not {len(name)} ({name!r}).")
    if rule.get("priority") is not None and rule["priority"] < 0:
        errors.append(f"rules[].priority of rule {name!r} must be 0 or more, not {rule['priority']}.")
    destination = rule["destination_bucket"]
    destination_name = destination[len(S3_ARN_PREFIX) :] if destination.startswith(S3_ARN_PREFIX) else destination
    if not BUCKET_NAME.match(destination_name):
        errors.append(f"rules[].destination_bucket of rule {name!r} must be a bucket name or arn:aws:s3:::<name>, not {destination!r}.")
    elif destination_name == source_bucket:
        errors.append(f"rules[].destination_bucket of rule {name!r} is the source bucket {source_bucket!r}; replicate to another bucket.")
    key = rule.get("replica_kms_key_id")
    if key is not None and not KMS_KEY_ARN.match(key):
        errors.append(f"rules[].replica_kms_key_id of rule {name!r} must be a KMS key or alias ARN, not {key!r}.")
    return errors


def rule_priorities(rules: List[Dict[str, Any]]) -> List[int]:
    """Each rule's priority: as given, else its 1-based position in the list."""
    return [rule["priority"] if rule.get("priority") is not None else position for position, rule in enumerate(rules, start=1)]


def build_filter(prefix: str, tags: Dict[str, str]) -> Dict[str, Any]:
    tag_list = [{"Key": key, "Value": str(value)} for key, value in sorted(tags.items())]
    if not tag_list:
        return {"Prefix": prefix}
    if not prefix and len(tag_list) == 1:
        return {"Tag": tag_list[0]}
    conditions: Dict[str, Any] = {"Tags": tag_list}
    if prefix:
        conditions["Prefix"] = prefix
    return {"And": conditions}


def build_rule(rule: Dict[str, Any], priority: int) -> Dict[str, Any]:
    """One ReplicationRule as PutBucketReplication takes it."""
    destination: Dict[str, Any] = {"Bucket": bucket_arn(rule["destination_bucket"])}
    if rule.get("storage_class"):
        destination["StorageClass"] = rule["storage_class"]
    answer: Dict[str, Any] = {
        "ID": rule["id"],
        "Priority": priority,
        "Status": rule["status"].capitalize(),
        "Filter": build_filter(rule.get("prefix") or "", rule.get("filter_tags") or {}),
        "DeleteMarkerReplication": {"Status": "Enabled" if rule["delete_marker_replication"] else "Disabled"},
        "Destination": destination,
    }
    if rule.get("replica_kms_key_id"):
        destination["EncryptionConfiguration"] = {"ReplicaKmsKeyID": rule["replica_kms_key_id"]}
        answer["SourceSelectionCriteria"] = {"SseKmsEncryptedObjects": {"Status": "Enabled"}}
    return answer


def build_configuration(params: Dict[str, Any]) -> Dict[str, Any]:
    """The ReplicationConfiguration the options describe."""
    rules = params["rules"]
    priorities = rule_priorities(rules)
    return {"Role": params["role_arn"], "Rules": [build_rule(rule, priorities[index]) for index, rule in enumerate(rules)]}


def filter_view(rule: Dict[str, Any]) -> Dict[str, Any]:
    """The prefix and tags of a rule, whichever way AWS wrote its filter (including the old top-level Prefix)."""
    rule_filter = rule.get("Filter")
    if rule_filter is None:
        return {"prefix": rule.get("Prefix") or "", "filter_tags": {}}
    conditions = rule_filter.get("And") or rule_filter
    tags = conditions.get("Tags") or ([rule_filter["Tag"]] if rule_filter.get("Tag") else [])
    return {"prefix": conditions.get("Prefix") or "", "filter_tags": {tag["Key"]: tag["Value"] for tag in tags}}


def rule_view(rule: Dict[str, Any]) -> Dict[str, Any]:
    """A ReplicationRule in the module's terms, what the module compares and returns."""
    destination = rule.get("Destination") or {}
    kms_objects = ((rule.get("SourceSelectionCriteria") or {}).get("SseKmsEncryptedObjects") or {}).get("Status") == "Enabled"
    return {
        "id": rule.get("ID", ""),
        "priority": rule.get("Priority"),
        "status": (rule.get("Status") or "").lower(),
        **filter_view(rule),
        "destination_bucket": destination.get("Bucket"),
        "storage_class": destination.get("StorageClass"),
        "replica_kms_key_id": (destination.get("EncryptionConfiguration") or {}).get("ReplicaKmsKeyID") if kms_objects else None,
        "delete_marker_replication": (rule.get("DeleteMarkerReplication") or {}).get("Status") == "Enabled",
    }


def configuration_view(configuration: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A ReplicationConfiguration in the module's terms ({} for none): rules sorted by ID, order does not matter."""
    if not configuration:
        return {}
    rules = sorted((rule_view(rule) for rule in configuration.get("Rules") or []), key=lambda rule: rule["id"])
    return {"role_arn": configuration.get("Role"), "rules": rules}


# AWS calls


def get_configuration(module: AnsibleAWSModule, client: Any, bucket: str) -> Optional[Dict[str, Any]]:
    try:
        return client.get_bucket_replication(aws_retry=True, Bucket=bucket)["ReplicationConfiguration"]
    except is_boto3_error_code("ReplicationConfigurationNotFoundError"):
        return None
    except is_boto3_error_code("NoSuchBucket") as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Bucket {bucket} does not exist")
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to read the replication configuration of bucket {bucket}")


def put_configuration(module: AnsibleAWSModule, client: Any, bucket: str, configuration: Dict[str, Any]) -> None:
    try:
        client.put_bucket_replication(aws_retry=True, Bucket=bucket, ReplicationConfiguration=configuration)
    except is_boto3_error_code("InvalidRequest") as e:
        module.fail_json_aws(
            e, msg=f"AWS refused the replication configuration of bucket {bucket} (versioning must be enabled on it and on every destination bucket)"
        )
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to set the replication configuration of bucket {bucket}")


def delete_configuration(module: AnsibleAWSModule, client: Any, bucket: str) -> None:
    try:
        client.delete_bucket_replication(aws_retry=True, Bucket=bucket)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg=f"Failed to delete the replication configuration of bucket {bucket}")


def ensure(module: AnsibleAWSModule, client: Any) -> Dict[str, Any]:
    params = module.params
    bucket = params["bucket"]
    before = configuration_view(get_configuration(module, client, bucket))
    wanted = build_configuration(params) if params["state"] == "present" else None
    after = configuration_view(wanted)
    changed = before != after
    if changed and not module.check_mode:
        if wanted is None:
            delete_configuration(module, client, bucket)
        else:
            put_configuration(module, client, bucket, wanted)
            after = configuration_view(get_configuration(module, client, bucket))
    result: Dict[str, Any] = {"changed": changed, "replication": after}
    if module._diff:
        result["diff"] = {"before": before, "after": after}
    return result


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("s3", retry_decorator=retrying())
    module.exit_json(**ensure(module, client))


if __name__ == "__main__":
    main()
