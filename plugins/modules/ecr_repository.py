#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ecr_repository
version_added: 0.3.0
short_description: Manage an Amazon ECR private repository
description:
  - Create, update or delete an Amazon Elastic Container Registry (ECR) private repository with its image tag
    mutability, scan on push, encryption, lifecycle policy, repository policy and tags.
  - The repository is identified by O(name) in the account's default registry of the region.
  - Each setting is compared with what AWS holds and written only when it differs, so a second run with the same
    options changes nothing.
  - The encryption settings (O(encryption_type), O(kms_key)) are fixed when the repository is created; the module
    refuses to run when they differ from those of the existing repository instead of replacing it.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the repository, 2 to 256 characters, lowercase letters, digits and the separators C(.), C(_),
        C(-) and C(/) (for a namespace such as C(webstack/api)).
    required: true
    type: str
  state:
    description:
      - Whether the repository should exist.
    default: present
    choices: ['present', 'absent']
    type: str
  image_tag_mutability:
    description:
      - Whether an image tag, once pushed, can be pushed again to another image (V(MUTABLE)) or not (V(IMMUTABLE)).
    default: IMMUTABLE
    choices: ['MUTABLE', 'IMMUTABLE']
    type: str
  scan_on_push:
    description:
      - Whether each image is scanned for vulnerabilities when it is pushed.
    default: true
    type: bool
  encryption_type:
    description:
      - How the repository's images are encrypted at rest, V(KMS) (with a KMS key) or V(AES256) (with keys ECR
        manages).
      - Fixed at creation; a different value for an existing repository fails naming this option.
    default: KMS
    choices: ['AES256', 'KMS']
    type: str
  kms_key:
    description:
      - The KMS key that encrypts the repository, by key ID, key ARN, alias name (C(alias/...)) or alias ARN; only
        with O(encryption_type=KMS).
      - Without it, a new repository is encrypted with the account's AWS managed key for ECR (C(alias/aws/ecr)), and the
        key of an existing repository is not compared.
      - Fixed at creation; a different key for an existing repository fails naming this option. A key given by
        ID or alias is resolved to its ARN with KMS C(DescribeKey) for the comparison.
    type: str
  lifecycle_policy:
    description:
      - The lifecycle policy of the repository, as a dict or a JSON string (an object with its C(rules)).
      - Compared as JSON with the policy AWS holds (key order and whitespace do not matter).
      - Not set, the lifecycle policy is left as it is; V({}) removes it.
    type: json
  repository_policy:
    description:
      - The repository policy (who may pull or push), as a dict or a JSON string (an IAM policy document).
      - Compared as a policy (statement order, a single value against a list of one, and the like do not matter).
      - Not set, the repository policy is left as it is; V({}) removes it.
    type: json
  force_delete:
    description:
      - With O(state=absent), delete the repository even if it holds images, and the images with it.
      - When V(false), the module refuses to delete a repository that holds images, naming this option.
    default: false
    type: bool
notes:
  - In check mode the module reports what would change and changes nothing; a repository it would create is
    returned with the settings it would have (no ARN or URI).
  - An ECR repository has no provisioning state, so the module has no O(ignore:wait) option.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: The application's image repository, encrypted with the stack's key, keeping the last 30 images
  webstack.aws.ecr_repository:
    name: webstack/api
    kms_key: alias/webstack-prod
    lifecycle_policy:
      rules:
        - rulePriority: 1
          description: keep the last 30 images
          selection:
            tagStatus: any
            countType: imageCountMoreThan
            countNumber: 30
          action:
            type: expire
    tags:
      webstack:stack: webstack
      webstack:environment: prod
  register: repository

- name: Push to it
  ansible.builtin.debug:
    msg: "docker push {{ repository.repository.repository_uri }}:1.0.0"

- name: Let another account pull
  webstack.aws.ecr_repository:
    name: webstack/api
    kms_key: alias/webstack-prod
    repository_policy:
      Version: "2012-10-17"
      Statement:
        - Sid: pull
          Effect: Allow
          Principal:
            AWS: arn:aws:iam::210987654321:root
          Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]

- name: Remove the repository and its images
  webstack.aws.ecr_repository:
    name: webstack/api
    state: absent
    force_delete: true
"""

RETURN = r"""
repository:
  description:
    - The repository, as DescribeRepositories returns it in snake_case, with its lifecycle policy, repository policy
      and tags.
    - In check mode, for a repository the module would create, the settings it would have.
  returned: when O(state=present)
  type: dict
  contains:
    repository_arn:
      description: The ARN of the repository.
      type: str
      returned: when the repository exists
      sample: arn:aws:ecr:eu-west-1:123456789012:repository/webstack/api
    registry_id:
      description: The ID of the account whose registry holds the repository.
      type: str
      returned: when the repository exists
      sample: "123456789012"
    repository_name:
      description: The name of the repository.
      type: str
      returned: always
      sample: webstack/api
    repository_uri:
      description: The URI to push to and pull from (without a tag).
      type: str
      returned: when the repository exists
      sample: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/webstack/api
    created_at:
      description: When the repository was created.
      type: str
      returned: when the repository exists
      sample: "2026-11-26T20:04:24.320000+00:00"
    image_tag_mutability:
      description: Whether image tags can be overwritten.
      type: str
      returned: always
      sample: IMMUTABLE
    image_scanning_configuration:
      description: The scanning configuration.
      type: dict
      returned: always
      contains:
        scan_on_push:
          description: Whether images are scanned when pushed.
          type: bool
          returned: always
          sample: true
    encryption_configuration:
      description: How the repository is encrypted.
      type: dict
      returned: always
      contains:
        encryption_type:
          description: V(KMS) or V(AES256).
          type: str
          returned: always
          sample: KMS
        kms_key:
          description: The ARN of the KMS key, with V(KMS) encryption (in check mode, the key as given, if given).
          type: str
          returned: when the repository is encrypted with KMS and the key is known
          sample: arn:aws:kms:eu-west-1:123456789012:key/1c362066-e28a-4d20-842d-1e0126f18c6b
    lifecycle_policy:
      description: The lifecycle policy document; V({}) when the repository has none.
      type: dict
      returned: always
      sample: {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan",
               "countNumber": 30}, "action": {"type": "expire"}}]}
    repository_policy:
      description: The repository policy document; V({}) when the repository has none.
      type: dict
      returned: always
      sample: {"Version": "2012-10-17", "Statement": []}
    tags:
      description: The tags of the repository.
      type: dict
      returned: always
      sample: {"webstack:stack": "webstack"}
"""

import json
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.policy import compare_policies
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    image_tag_mutability=dict(type="str", default="IMMUTABLE", choices=["MUTABLE", "IMMUTABLE"]),
    scan_on_push=dict(type="bool", default=True),
    encryption_type=dict(type="str", default="KMS", choices=["AES256", "KMS"]),
    kms_key=dict(type="str", no_log=False),
    lifecycle_policy=dict(type="json"),
    repository_policy=dict(type="json"),
    force_delete=dict(type="bool", default=False),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
)

NAME_PATTERN = re.compile(r"[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*")
NAME_LENGTH = (2, 256)
KEY_ARN = re.compile(r"arn:[^:]+:kms:[^:]+:\d{12}:key/.+")
POLICY_OPTIONS = ("lifecycle_policy", "repository_policy")


def parse_document(option: str, text: Optional[str]) -> Any:
    """The JSON document of a policy option (None when not set); raises ValueError naming the option."""
    if text is None:
        return None
    try:
        document = json.loads(text)
    except ValueError as e:
        raise ValueError(f"{option} is not valid JSON: {e}") from e
    if not isinstance(document, dict):
        raise ValueError(f"{option} must be a JSON object (a dict), not {type(document).__name__}")
    return document


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every problem with the module's options, each naming the option; [] when all is well."""
    errors = []
    name = params["name"]
    if not NAME_LENGTH[0] <= len(name) <= NAME_LENGTH[1] or not NAME_PATTERN.fullmatch(name):
        errors.append(
            f"name {name!r} is not a repository name: 2 to 256 characters, lowercase letters and digits, "
            "separated by '.', '_', '-' or '/' (for example webstack/api)"
        )
    if params["kms_key"] is not None and params["encryption_type"] != "KMS":
        errors.append(f"kms_key is set but encryption_type is {params['encryption_type']}: a KMS key needs encryption_type=KMS")
    if params["kms_key"] is not None and not params["kms_key"].strip():
        errors.append("kms_key must not be empty: give a key ID, key ARN or alias, or leave it unset for the AWS managed key")
    for option in POLICY_OPTIONS:
        try:
            document = parse_document(option, params[option])
        except ValueError as e:
            errors.append(str(e))
            continue
        if option == "lifecycle_policy" and document and not (isinstance(document.get("rules"), list) and document["rules"]):
            errors.append("lifecycle_policy must have a non-empty list of rules (or be {} to remove the policy)")
    return errors


def desired_settings(params: Dict[str, Any]) -> Dict[str, Any]:
    """The mutable settings the options ask for, in the returned view's terms (None: leave as it is)."""
    return {
        "image_tag_mutability": params["image_tag_mutability"],
        "scan_on_push": params["scan_on_push"],
        "lifecycle_policy": parse_document("lifecycle_policy", params["lifecycle_policy"]),
        "repository_policy": parse_document("repository_policy", params["repository_policy"]),
    }


def merged_tags(current: Dict[str, str], wanted: Optional[Dict[str, Any]], purge: bool) -> Dict[str, str]:
    """The tags the repository ends up with (None: left as they are)."""
    if wanted is None:
        return dict(current)
    to_set, to_unset = compare_aws_tags(current, wanted, purge)
    tags = {key: value for key, value in current.items() if key not in to_unset}
    tags.update({key: str(value) for key, value in to_set.items()})
    return tags


def policy_differs(current: Dict[str, Any], wanted: Dict[str, Any]) -> bool:
    if not current or not wanted:
        return bool(current) != bool(wanted)
    return compare_policies(current, wanted)


def changed_settings(view: Dict[str, Any], desired: Dict[str, Any]) -> List[str]:
    """The options whose setting differs from the repository's (a None desired value is left alone)."""
    changed = []
    if view["image_tag_mutability"] != desired["image_tag_mutability"]:
        changed.append("image_tag_mutability")
    if view["image_scanning_configuration"]["scan_on_push"] != desired["scan_on_push"]:
        changed.append("scan_on_push")
    if desired["lifecycle_policy"] is not None and view["lifecycle_policy"] != desired["lifecycle_policy"]:
        changed.append("lifecycle_policy")
    if desired["repository_policy"] is not None and policy_differs(view["repository_policy"], desired["repository_policy"]):
        changed.append("repository_policy")
    return changed


def encryption_conflicts(view: Dict[str, Any], params: Dict[str, Any], key_arn: Optional[str]) -> List[str]:
    """Why the existing repository's encryption is not the one asked for ([] when it is): it cannot change."""
    current = view["encryption_configuration"]
    name = view["repository_name"]
    fix = f"encryption is fixed when a repository is created: delete repository {name} (state=absent) and create it again"
    if current["encryption_type"] != params["encryption_type"]:
        return [f"encryption_type is {params['encryption_type']} but repository {name} is encrypted with {current['encryption_type']}; {fix}"]
    if key_arn is not None and current.get("kms_key") != key_arn:
        return [f"kms_key {params['kms_key']} ({key_arn}) is not the key of repository {name} ({current.get('kms_key')}); {fix}"]
    return []


def planned_view(view: Optional[Dict[str, Any]], params: Dict[str, Any]) -> Dict[str, Any]:
    """The repository as it will be once the options are applied (a new one has no ARN, URI or registry yet)."""
    desired = desired_settings(params)
    if view is None:
        encryption = {"encryption_type": params["encryption_type"]}
        if params["kms_key"] is not None:
            encryption["kms_key"] = params["kms_key"]
        view = {
            "repository_name": params["name"],
            "encryption_configuration": encryption,
            "lifecycle_policy": {},
            "repository_policy": {},
            "tags": {},
        }
    planned = dict(view, image_tag_mutability=desired["image_tag_mutability"], image_scanning_configuration={"scan_on_push": desired["scan_on_push"]})
    for option in POLICY_OPTIONS:
        if desired[option] is not None:
            planned[option] = desired[option]
    planned["tags"] = merged_tags(view["tags"], params["tags"], params["purge_tags"])
    return planned


class RepositoryManager:
    """Brings the repository named by the options to the state they describe."""

    def __init__(self, module: AnsibleAWSModule) -> None:
        self.module = module
        self.client = module.client("ecr", retry_decorator=retrying())
        self.name = module.params["name"]

    def call(self, method: str, failure: str, **kwargs: Any) -> Dict[str, Any]:
        try:
            return getattr(self.client, method)(aws_retry=True, **kwargs)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"{failure} (repository {self.name})")

    def read(self) -> Optional[Dict[str, Any]]:
        """The repository with its policies and tags, in the returned view's terms; None when it does not exist."""
        try:
            answer = self.client.describe_repositories(aws_retry=True, repositoryNames=[self.name])
        except is_boto3_error_code("RepositoryNotFoundException"):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to describe repository {self.name}")
        repository = answer["repositories"][0]
        view = camel_dict_to_snake_dict(repository)
        view["lifecycle_policy"] = self.read_document("get_lifecycle_policy", "lifecyclePolicyText", "LifecyclePolicyNotFoundException")
        view["repository_policy"] = self.read_document("get_repository_policy", "policyText", "RepositoryPolicyNotFoundException")
        tags = self.call("list_tags_for_resource", "Failed to list tags", resourceArn=repository["repositoryArn"])["tags"]
        view["tags"] = boto3_tag_list_to_ansible_dict(tags)
        return view

    def read_document(self, method: str, key: str, missing: str) -> Dict[str, Any]:
        try:
            answer = getattr(self.client, method)(aws_retry=True, repositoryName=self.name)
        except is_boto3_error_code(missing):
            return {}
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to read the {method[4:].replace('_', ' ')} of repository {self.name}")
        return json.loads(answer[key])

    def key_arn(self) -> Optional[str]:
        """The ARN of O(kms_key) (None when not set): an ARN as given, an ID or alias through KMS DescribeKey."""
        key = self.module.params["kms_key"]
        if key is None or KEY_ARN.fullmatch(key):
            return key
        kms = self.module.client("kms", retry_decorator=retrying())
        try:
            return kms.describe_key(aws_retry=True, KeyId=key)["KeyMetadata"]["Arn"]
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to find kms_key {key} in KMS")

    def ensure_present(self, view: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        params = self.module.params
        if view is not None:
            conflicts = encryption_conflicts(view, params, self.key_arn() if params["encryption_type"] == "KMS" else None)
            if conflicts:
                self.module.fail_json(msg=" ".join(conflicts), errors=conflicts)
        planned = planned_view(view, params)
        if view is not None and not changed_settings(view, desired_settings(params)) and planned["tags"] == view["tags"]:
            return self.result(False, view, view)
        if self.module.check_mode:
            return self.result(True, view, planned)
        self.apply(self.create(planned) if view is None else view, planned)
        return self.result(True, view, self.read())

    def create(self, planned: Dict[str, Any]) -> Dict[str, Any]:
        """Create the repository with its settings and tags; its view before the policies are written."""
        encryption = {"encryptionType": planned["encryption_configuration"]["encryption_type"]}
        if "kms_key" in planned["encryption_configuration"]:
            encryption["kmsKey"] = planned["encryption_configuration"]["kms_key"]
        answer = self.call(
            "create_repository",
            "Failed to create the repository",
            repositoryName=self.name,
            imageTagMutability=planned["image_tag_mutability"],
            imageScanningConfiguration={"scanOnPush": planned["image_scanning_configuration"]["scan_on_push"]},
            encryptionConfiguration=encryption,
            tags=ansible_dict_to_boto3_tag_list(planned["tags"]),
        )
        return dict(camel_dict_to_snake_dict(answer["repository"]), lifecycle_policy={}, repository_policy={}, tags=planned["tags"])

    def apply(self, view: Dict[str, Any], planned: Dict[str, Any]) -> None:
        """Write each setting, policy and tag that differs between the repository and the plan."""
        changed = changed_settings(view, dict(planned, scan_on_push=planned["image_scanning_configuration"]["scan_on_push"]))
        if "image_tag_mutability" in changed:
            self.call(
                "put_image_tag_mutability", "Failed to set image_tag_mutability", repositoryName=self.name, imageTagMutability=planned["image_tag_mutability"]
            )
        if "scan_on_push" in changed:
            self.call(
                "put_image_scanning_configuration",
                "Failed to set scan_on_push",
                repositoryName=self.name,
                imageScanningConfiguration={"scanOnPush": planned["image_scanning_configuration"]["scan_on_push"]},
            )
        if "lifecycle_policy" in changed:
            if planned["lifecycle_policy"]:
                text = json.dumps(planned["lifecycle_policy"])
                self.call("put_lifecycle_policy", "Failed to put lifecycle_policy", repositoryName=self.name, lifecyclePolicyText=text)
            else:
                self.call("delete_lifecycle_policy", "Failed to delete the lifecycle policy", repositoryName=self.name)
        if "repository_policy" in changed:
            if planned["repository_policy"]:
                text = json.dumps(planned["repository_policy"])
                self.call("set_repository_policy", "Failed to set repository_policy", repositoryName=self.name, policyText=text)
            else:
                self.call("delete_repository_policy", "Failed to delete the repository policy", repositoryName=self.name)
        self.apply_tags(view, planned["tags"])

    def apply_tags(self, view: Dict[str, Any], tags: Dict[str, str]) -> None:
        to_set, to_unset = compare_aws_tags(view["tags"], tags, purge_tags=True)
        if to_unset:
            self.call("untag_resource", "Failed to remove tags", resourceArn=view["repository_arn"], tagKeys=to_unset)
        if to_set:
            self.call("tag_resource", "Failed to tag the repository", resourceArn=view["repository_arn"], tags=ansible_dict_to_boto3_tag_list(to_set))

    def ensure_absent(self, view: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if view is None:
            return self.with_diff({"changed": False}, None, None)
        force = self.module.params["force_delete"]
        if not force and self.holds_images():
            self.refuse_delete()
        if not self.module.check_mode:
            try:
                self.client.delete_repository(aws_retry=True, repositoryName=self.name, force=force)
            except is_boto3_error_code("RepositoryNotFoundException"):
                pass  # deleted by someone else since the lookup
            except is_boto3_error_code("RepositoryNotEmptyException"):  # pylint: disable=duplicate-except
                self.refuse_delete()  # an image pushed since the check
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
                self.module.fail_json_aws(e, msg=f"Failed to delete repository {self.name}")
        return self.with_diff({"changed": True}, view, None)

    def holds_images(self) -> bool:
        return bool(self.call("list_images", "Failed to list the images", repositoryName=self.name, maxResults=1)["imageIds"])

    def refuse_delete(self) -> None:
        self.module.fail_json(
            msg=f"Repository {self.name} holds images and force_delete is false: set force_delete=true to delete it with its images, or delete the images first"
        )

    def result(self, changed: bool, before: Optional[Dict[str, Any]], after: Dict[str, Any]) -> Dict[str, Any]:
        return self.with_diff({"changed": changed, "repository": after}, before, after)

    def with_diff(self, answer: Dict[str, Any], before: Optional[Dict[str, Any]], after: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if self.module._diff:
            answer["diff"] = {"before": before or {}, "after": after or {}}
        return answer


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    manager = RepositoryManager(module)
    view = manager.read()
    if module.params["state"] == "present":
        result = manager.ensure_present(view)
    else:
        result = manager.ensure_absent(view)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
