"""ECR fidelity fixes for moto 5.2.5."""

from __future__ import annotations

from functools import wraps

from webstack_emulator.extensions import fix

ECR_MANAGED_KEY_ALIAS = "alias/aws/ecr"


@fix(
    "ecr",
    "CreateRepository",
    "A KMS-encrypted repository created without kmsKey read back a made-up key ARN, another for each repository, that KMS "
    "did not know; one created with a key ID or alias read it back as sent, and an unknown key was accepted. AWS encrypts "
    "with the account's AWS managed key (alias/aws/ecr), reads back the ARN of the key, and refuses an unknown key "
    "(KmsException).",
)
def kms_key_reads_back_as_the_key_arn() -> None:
    from moto.core.exceptions import ServiceException
    from moto.ecr.models import Repository
    from moto.kms.models import kms_backends

    class KmsException(ServiceException):
        code = "KmsException"

    def key_arn(account_id: str, region_name: str, key: str | None) -> str:
        kms = kms_backends[account_id][region_name]
        if key is None:
            key_id = kms.get_key_id_from_alias(ECR_MANAGED_KEY_ALIAS)
            if key_id is None:
                key_id = kms.create_key(None, "ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT", "Default key that protects my ECR data", None).id
                kms.create_alias(key_id, ECR_MANAGED_KEY_ALIAS)
            return kms.keys[key_id].arn
        key_id = kms.get_key_id_from_alias(kms.get_alias_name(key)) if "alias/" in key else kms.get_key_id(key)
        if key_id not in kms.keys:
            raise KmsException(f"KMS key {key} does not exist in {region_name} or is not accessible")
        return kms.keys[key_id].arn

    original = Repository._determine_encryption_config

    @wraps(original)
    def _determine_encryption_config(self: Repository, encryption_config: dict[str, str] | None) -> dict[str, str]:
        if encryption_config and encryption_config.get("encryptionType") == "KMS":
            return {"encryptionType": "KMS", "kmsKey": key_arn(self.account_id, self.region_name, encryption_config.get("kmsKey"))}
        return original(self, encryption_config)

    Repository._determine_encryption_config = _determine_encryption_config  # type: ignore[method-assign]
