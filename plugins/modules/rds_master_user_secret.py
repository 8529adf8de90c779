#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: rds_master_user_secret
version_added: 0.3.0
short_description: Let RDS manage the master user password of a DB instance or cluster in Secrets Manager
description:
  - Turn on or off the management of the master user password of an RDS DB instance, or of an Aurora or Multi-AZ DB
    cluster, by RDS in AWS Secrets Manager (C(ManageMasterUserPassword)), which M(amazon.aws.rds_instance) and
    M(amazon.aws.rds_cluster) cannot set.
  - With O(state=present) RDS generates the password and keeps it in a secret it owns (named C(rds!db-...) or
    C(rds!cluster-...)), encrypted with O(kms_key_id) or with the C(aws/secretsmanager) key. An instance or cluster
    created with a password is switched over; one whose password is already managed is left as it is, except for
    its key when O(kms_key_id) names another one, and for a rotation when O(rotate=true).
  - With O(state=absent) RDS deletes the secret and sets O(master_user_password) as the master password.
  - The module never reads or returns the password.
author:
  - webstack.aws maintainers (@webstack)
options:
  db_instance_identifier:
    description:
      - The DB instance whose master user password is managed.
      - Exactly one of O(db_instance_identifier) and O(db_cluster_identifier) is required.
      - For an instance of an Aurora cluster, use O(db_cluster_identifier), since the cluster holds the password.
    type: str
  db_cluster_identifier:
    description:
      - The Aurora or Multi-AZ DB cluster whose master user password is managed.
    type: str
  state:
    description:
      - V(present) to have RDS manage the master user password in Secrets Manager.
      - V(absent) to turn that management off; RDS deletes the secret and the master password becomes
        O(master_user_password).
    default: present
    choices: ['present', 'absent']
    type: str
  master_user_password:
    description:
      - The master password to set when management is turned off. Required with O(state=absent), not allowed with
        O(state=present).
      - From 8 characters (to 41 for a cluster, 255 for an instance), printable ASCII without C(/), C(") or C(@).
      - It is sent only when the password is managed now; AWS cannot read a password back, so a run on an
        unmanaged password never changes it.
    type: str
  kms_key_id:
    description:
      - The KMS key that encrypts the secret (C(MasterUserSecretKmsKeyId)), as a key ID, key ARN, alias name
        (V(alias/...)) or alias ARN. It is compared with the secret's key by key ARN.
      - When not set, a new secret is encrypted with the C(aws/secretsmanager) key and an existing one keeps its key.
      - Only with O(state=present).
    type: str
  rotate:
    description:
      - Rotate the secret now (C(RotateMasterUserPassword)). This is a change on every run that sets it.
      - A secret the module has just created is not rotated again; it holds a new password already.
      - Only with O(state=present), and needs O(apply_immediately=true).
    default: false
    type: bool
  apply_immediately:
    description:
      - Apply the change now rather than in the next maintenance window.
    default: true
    type: bool
  wait:
    description:
      - Before a change, wait until the instance or cluster is C(available); after it, wait until it is
        C(available) again and the secret is C(active) under the key asked for (or gone, with O(state=absent)).
      - Without O(apply_immediately) the module does not wait for a change that AWS keeps pending.
    default: true
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true).
    default: 900
    type: int
notes:
  - In check mode the module reports what would change and changes nothing.
  - The secret belongs to RDS; it goes when the instance or cluster is deleted.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Let RDS manage the master password of a DB instance, encrypted with the stack's key
  webstack.aws.rds_master_user_secret:
    db_instance_identifier: demo-prod
    kms_key_id: alias/demo-prod-data
  register: master

- name: Point the application at the secret
  ansible.builtin.debug:
    msg: "{{ master.master_user_secret.secret_arn }}"

- name: Let RDS manage the master password of an Aurora cluster, and rotate it now
  webstack.aws.rds_master_user_secret:
    db_cluster_identifier: demo-prod
    rotate: true

- name: Take the password back from Secrets Manager
  webstack.aws.rds_master_user_secret:
    db_instance_identifier: demo-prod
    state: absent
    master_user_password: "{{ vault_master_password }}"
"""

RETURN = r"""
master_user_secret:
  description:
    - The secret RDS keeps the master user password in (never its value).
    - Empty when the password is not managed by RDS.
    - In check mode, for a secret the module would create, the values known before it exists.
  returned: always
  type: dict
  contains:
    secret_arn:
      description: The ARN of the secret.
      type: str
      returned: when the secret exists
      sample: arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-AbCdEf
    secret_status:
      description: The status of the secret, C(creating), C(active), C(rotating) or C(impaired).
      type: str
      returned: when the secret exists or would be created
      sample: active
    kms_key_id:
      description: The ARN of the KMS key that encrypts the secret.
      type: str
      returned: when known
      sample: arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
"""

import re
import time
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

ARGUMENT_SPEC = dict(
    db_instance_identifier=dict(type="str"),
    db_cluster_identifier=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    master_user_password=dict(type="str", no_log=True),
    kms_key_id=dict(type="str"),
    rotate=dict(type="bool", default=False),
    apply_immediately=dict(type="bool", default=True),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=900),
)

IDENTIFIER = re.compile(r"^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)$")
KEY_ID = re.compile(r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$")
KEY_ARN = re.compile(r"^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+$")
ALIAS = re.compile(r"^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:)?alias/[A-Za-z0-9/_-]{1,250}$")
PASSWORD_FORBIDDEN = '/"@'
PASSWORD_MAX = {"instance": 255, "cluster": 41}
POLL_DELAY = 5
ACTIVE = "active"
AVAILABLE = "available"


# --- pure functions ---------------------------------------------------------------------


def target_kind(params: Dict[str, Any]) -> str:
    return "cluster" if params.get("db_cluster_identifier") else "instance"


def validate_params(params: Dict[str, Any]) -> List[str]:
    """What is wrong with the options, before any AWS call (empty when nothing)."""
    errors = []
    kind = target_kind(params)
    option = f"db_{kind}_identifier"
    if not IDENTIFIER.match(params[option] or ""):
        errors.append(f"{option} must be 1 to 63 letters, digits or hyphens, start with a letter, and neither end with a hyphen nor contain two in a row.")
    password = params.get("master_user_password")
    if params["state"] == "absent":
        if password is None:
            errors.append("master_user_password is required with state=absent: RDS sets it as the master password when it deletes the secret.")
        elif not 8 <= len(password) <= PASSWORD_MAX[kind] or any(c in PASSWORD_FORBIDDEN or not " " <= c <= "~" for c in password):
            errors.append(f'master_user_password must be 8 to {PASSWORD_MAX[kind]} printable ASCII characters without /, " or @.')
        for name in ("kms_key_id", "rotate"):
            if params.get(name):
                errors.append(f"{name} is only allowed with state=present.")
    elif password is not None:
        errors.append("master_user_password is only allowed with state=absent: with state=present RDS generates the password.")
    key = params.get("kms_key_id")
    if key is not None and not (KEY_ID.match(key) or KEY_ARN.match(key) or ALIAS.match(key)):
        errors.append("kms_key_id must be a KMS key ID, key ARN, alias name (alias/...) or alias ARN.")
    if params.get("rotate") and not params["apply_immediately"]:
        errors.append("rotate needs apply_immediately=true: AWS rotates the master user password only immediately.")
    if params["wait_timeout"] <= 0:
        errors.append("wait_timeout must be a positive number of seconds.")
    return errors


def secret_view(secret: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The MasterUserSecret of a DescribeDBInstances/DescribeDBClusters entry, in snake_case ({} when none)."""
    if not secret:
        return {}
    names = {"SecretArn": "secret_arn", "SecretStatus": "secret_status", "KmsKeyId": "kms_key_id"}
    return {names[key]: value for key, value in secret.items() if key in names}


def plan_request(current: Dict[str, Any], params: Dict[str, Any], key_arn: Optional[str]) -> Dict[str, Any]:
    """The Modify parameters that bring the secret where the options say (empty when it is there already).

    current is secret_view() of the resource; key_arn the ARN of O(kms_key_id), None when not set.
    """
    if params["state"] == "absent":
        if not current:
            return {}
        return {"ManageMasterUserPassword": False, "MasterUserPassword": params["master_user_password"]}
    request = {}  # type: Dict[str, Any]
    if not current or (key_arn and current.get("kms_key_id") != key_arn):
        request["ManageMasterUserPassword"] = True
        if params.get("kms_key_id"):
            request["MasterUserSecretKmsKeyId"] = params["kms_key_id"]
    if current and params["rotate"]:
        request["RotateMasterUserPassword"] = True
    return request


def predicted_secret(current: Dict[str, Any], request: Dict[str, Any], key_arn: Optional[str]) -> Dict[str, Any]:
    """What the secret will be once the request is applied, as far as it is known before."""
    if request.get("ManageMasterUserPassword") is False:
        return {}
    if not request:
        return dict(current)
    after = dict(current)
    if not current:
        after["secret_status"] = "creating"
    elif request.get("RotateMasterUserPassword"):
        after["secret_status"] = "rotating"
    if key_arn:
        after["kms_key_id"] = key_arn
    return after


def diff_view(secret: Dict[str, Any]) -> Dict[str, Any]:
    """The part of the secret a diff shows: whether it is managed, and under which key."""
    view = {"managed": bool(secret)}  # type: Dict[str, Any]
    if secret.get("kms_key_id"):
        view["kms_key_id"] = secret["kms_key_id"]
    return view


def available(resource: Optional[Dict[str, Any]], kind: str) -> bool:
    """Whether the DescribeDBInstances/DescribeDBClusters entry is available."""
    if resource is None:
        return False
    status = resource.get("DBInstanceStatus") if kind == "instance" else resource.get("Status")
    return status == AVAILABLE


def settled(resource: Optional[Dict[str, Any]], kind: str, state: str, key_arn: Optional[str]) -> bool:
    """Whether the resource is available and its secret where the options put it."""
    if resource is None or not available(resource, kind):
        return False
    secret = secret_view(resource.get("MasterUserSecret"))
    if state == "absent":
        return not secret
    return secret.get("secret_status") == ACTIVE and (not key_arn or secret.get("kms_key_id") == key_arn)


# --- AWS --------------------------------------------------------------------------------


class MasterUserSecretManager:
    """Reads and changes the master user secret of one DB instance or cluster."""

    def __init__(self, module, client, kms, sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.module = module
        self.client = client
        self.kms = kms
        self.params = module.params
        self.kind = target_kind(module.params)
        self.identifier = module.params[f"db_{self.kind}_identifier"]
        self._sleep = sleep
        self._clock = clock

    def describe(self) -> Optional[Dict[str, Any]]:
        """The DescribeDBInstances/DescribeDBClusters entry, None when it does not exist."""
        try:
            if self.kind == "instance":
                return self.client.describe_db_instances(aws_retry=True, DBInstanceIdentifier=self.identifier)["DBInstances"][0]
            return self.client.describe_db_clusters(aws_retry=True, DBClusterIdentifier=self.identifier)["DBClusters"][0]
        except is_boto3_error_code(["DBInstanceNotFound", "DBInstanceNotFoundFault", "DBClusterNotFoundFault"]):
            return None
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to describe DB {self.kind} {self.identifier}")

    def key_arn(self) -> Optional[str]:
        """The ARN of the key O(kms_key_id) names (None when not set); a key ARN is taken as it is."""
        key = self.params.get("kms_key_id")
        if not key or KEY_ARN.match(key):
            return key
        try:
            return self.kms.describe_key(aws_retry=True, KeyId=key)["KeyMetadata"]["Arn"]
        except is_boto3_error_code("NotFoundException"):
            self.module.fail_json(msg=f"kms_key_id {key} names no KMS key in this Region.")
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"Failed to describe KMS key {key}")

    def modify(self, request: Dict[str, Any]) -> None:
        try:
            if self.kind == "instance":
                self.client.modify_db_instance(
                    aws_retry=True, DBInstanceIdentifier=self.identifier, ApplyImmediately=self.params["apply_immediately"], **request
                )
            else:
                self.client.modify_db_cluster(aws_retry=True, DBClusterIdentifier=self.identifier, ApplyImmediately=self.params["apply_immediately"], **request)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.module.fail_json_aws(e, msg=f"Failed to modify the master user secret of DB {self.kind} {self.identifier}")

    def wait_until(self, done: Callable[[Optional[Dict[str, Any]]], bool], what: str) -> Optional[Dict[str, Any]]:
        deadline = self._clock() + self.params["wait_timeout"]
        while True:
            resource = self.describe()
            if done(resource):
                return resource
            if self._clock() >= deadline:
                self.module.fail_json(msg=f"Timed out after {self.params['wait_timeout']} seconds waiting for DB {self.kind} {self.identifier} {what}.")
            self._sleep(POLL_DELAY)

    def wait_available(self) -> Optional[Dict[str, Any]]:
        return self.wait_until(lambda resource: available(resource, self.kind), "to be available")

    def ensure(self) -> Dict[str, Any]:
        resource = self.describe()
        if resource is None:
            if self.params["state"] == "present":
                self.module.fail_json(msg=f"DB {self.kind} {self.identifier} does not exist (db_{self.kind}_identifier).")
            return {"changed": False, "master_user_secret": {}}
        key_arn = self.key_arn() if self.params["state"] == "present" else None
        current = secret_view(resource.get("MasterUserSecret"))
        request = plan_request(current, self.params, key_arn)
        after = predicted_secret(current, request, key_arn)
        result = {"changed": bool(request), "master_user_secret": after}  # type: Dict[str, Any]
        if self.module._diff:
            result["diff"] = {"before": diff_view(current), "after": diff_view(after)}
        if not request or self.module.check_mode:
            return result
        if self.params["wait"]:
            self.wait_available()
        self.modify(request)
        if self.params["wait"] and self.params["apply_immediately"]:
            resource = self.wait_until(lambda found: settled(found, self.kind, self.params["state"], key_arn), "to apply the change")
        else:
            resource = self.describe()
        result["master_user_secret"] = secret_view((resource or {}).get("MasterUserSecret"))
        return result


def main() -> None:
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC,
        supports_check_mode=True,
        mutually_exclusive=[["db_instance_identifier", "db_cluster_identifier"]],
        required_one_of=[["db_instance_identifier", "db_cluster_identifier"]],
    )
    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("rds", retry_decorator=retrying())
    kms = module.client("kms", retry_decorator=retrying())
    module.exit_json(**MasterUserSecretManager(module, client, kms).ensure())


if __name__ == "__main__":
    main()
