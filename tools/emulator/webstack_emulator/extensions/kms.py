"""KMS fidelity fixes for moto 5.2.5."""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix


@fix(
    "kms",
    "ScheduleKeyDeletion",
    "A key named by its ARN (as amazon.aws kms_key sends it) crashed moto with a KeyError (HTTP 500), and the answer "
    "lacked KeyState and PendingWindowInDays; AWS accepts a key ID or ARN and answers the key ARN, KeyState and the window.",
)
def schedule_key_deletion_accepts_key_arns() -> None:
    from moto.kms.models import KmsBackend
    from moto.kms.responses import KmsResponse

    KmsBackend.schedule_key_deletion = _resolving_key_id(KmsBackend.schedule_key_deletion)  # type: ignore[method-assign]

    original_response = KmsResponse.schedule_key_deletion

    @wraps(original_response)
    def schedule_key_deletion(self: KmsResponse) -> str:
        answer = json.loads(original_response(self))
        key = self.kms_backend.describe_key(answer["KeyId"])
        answer.update(KeyId=key.arn, KeyState=key.key_state, PendingWindowInDays=self._get_param("PendingWindowInDays") or 30)
        return json.dumps(answer)

    KmsResponse.schedule_key_deletion = schedule_key_deletion  # type: ignore[method-assign]


@fix(
    "kms",
    "EnableKey",
    "EnableKey, DisableKey and CancelKeyDeletion crashed moto with a KeyError (HTTP 500) for a key named by its ARN, "
    "as amazon.aws kms_key sends it when it re-enables a key; AWS accepts a key ID or key ARN.",
)
def key_state_changes_accept_key_arns() -> None:
    from moto.kms.models import KmsBackend

    for name in ("enable_key", "disable_key", "cancel_key_deletion"):
        setattr(KmsBackend, name, _resolving_key_id(getattr(KmsBackend, name)))


def _resolving_key_id(original: Any) -> Any:
    @wraps(original)
    def method(self: Any, key_id: str, *args: Any, **kwargs: Any) -> Any:
        return original(self, self.any_id_to_key_id(key_id), *args, **kwargs)

    return method


@fix(
    "kms",
    "DescribeKey",
    "The AWS managed key moto makes on first use of a reserved alias (alias/aws/ebs, alias/aws/s3, ...) read back "
    "with KeyManager CUSTOMER and the description 'Default key'; AWS answers KeyManager AWS, and the key is no "
    "customer's to count, rotate or delete.",
)
def reserved_alias_keys_are_aws_managed() -> None:
    from moto.kms.models import KmsBackend

    original = KmsBackend._generate_default_keys

    @wraps(original)
    def generate_default_keys(self: Any, alias_name: str) -> Any:
        key_id = original(self, alias_name)
        if key_id:
            key = self.keys[key_id]
            key.key_manager = "AWS"
            key.description = f"Default key that protects my {alias_name.split('/')[-1].upper()} data when no other key is defined"
        return key_id

    KmsBackend._generate_default_keys = generate_default_keys  # type: ignore[method-assign]
