"""EC2 EBS encryption-by-default fixes for moto 5.2.5 (moto/ec2/models/elastic_block_store.py, moto/ec2/responses/elastic_block_store.py).

The default KMS key of a region lives in moto's ``EBSBackend.default_kms_key_id`` (empty until something sets it).
AWS names it, in GetEbsDefaultKmsKeyId, ModifyEbsDefaultKmsKeyId and ResetEbsDefaultKmsKeyId answers, by an ARN:
the alias ARN of ``alias/aws/ebs`` while the account never chose a key, else the key ARN.
"""

from __future__ import annotations

from typing import Any

from webstack_emulator.extensions import fix

MANAGED_ALIAS = "alias/aws/ebs"


def kms_arn(partition: str, region: str, account_id: str, resource: str) -> str:
    """arn:PARTITION:kms:REGION:ACCOUNT:RESOURCE, RESOURCE being key/ID or alias/NAME."""
    return f"arn:{partition}:kms:{region}:{account_id}:{resource}"


def _kms(ebs_backend: Any) -> Any:
    from moto.kms import kms_backends

    return kms_backends[ebs_backend.account_id][ebs_backend.region_name]


def _partition(ebs_backend: Any) -> str:
    from moto.utilities.utils import get_partition

    return get_partition(ebs_backend.region_name)


def default_key_arn(ebs_backend: Any) -> str:
    """What GetEbsDefaultKmsKeyId answers: the key set for the region, or the alias ARN of aws/ebs."""
    return ebs_backend.default_kms_key_id or kms_arn(_partition(ebs_backend), ebs_backend.region_name, ebs_backend.account_id, MANAGED_ALIAS)


def key_arn_for(ebs_backend: Any, kms_key_id: str) -> str:
    """The ARN AWS answers for a KmsKeyId (key ID, key ARN, alias name or alias ARN).

    A key or alias of this region resolves to its key ARN (an AWS managed alias such as aws/ebs creates its key
    on first use, as KMS does). One that does not exist is accepted as AWS does ("authenticates the KMS key
    asynchronously ... the action can appear to complete"): an ARN is kept as given, a key ID or alias name
    becomes the ARN of that name in this region. An ARN of another region or account is kept as given.
    """
    if kms_key_id.startswith("arn:") and kms_key_id.split(":")[3:5] != [ebs_backend.region_name, ebs_backend.account_id]:
        return kms_key_id  # a key of another region or account: moto cannot look it up
    kms = _kms(ebs_backend)
    name = kms.get_alias_name(kms_key_id)
    if name.startswith("alias/"):
        key_id = kms.get_key_id_from_alias(name)
    else:
        key_id = kms.get_key_id(kms_key_id)
    if key_id in kms.keys:
        return kms.keys[key_id].arn
    if kms_key_id.startswith("arn:"):
        return kms_key_id
    resource = name if name.startswith("alias/") else f"key/{key_id}"
    return kms_arn(_partition(ebs_backend), ebs_backend.region_name, ebs_backend.account_id, resource)


@fix(
    "ec2",
    "GetEbsDefaultKmsKeyId",
    "moto has no GetEbsDefaultKmsKeyId (HTTP 500). AWS answers the ARN of the region's default KMS key for EBS: "
    "the alias ARN of alias/aws/ebs until a key is chosen, then the key ARN ModifyEbsDefaultKmsKeyId or "
    "ResetEbsDefaultKmsKeyId answered.",
)
def get_ebs_default_kms_key_id() -> None:
    from moto.core.responses import ActionResult
    from moto.ec2.responses.elastic_block_store import ElasticBlockStore

    def get_ebs_default_kms_key_id(self: ElasticBlockStore) -> ActionResult:
        self.error_on_dryrun()
        return ActionResult({"KmsKeyId": default_key_arn(self.ec2_backend)})

    ElasticBlockStore.get_ebs_default_kms_key_id = get_ebs_default_kms_key_id  # type: ignore[attr-defined]


@fix(
    "ec2",
    "ResetEbsDefaultKmsKeyId",
    "moto has no ResetEbsDefaultKmsKeyId (HTTP 500). AWS makes the AWS managed key alias/aws/ebs the default again and answers its key ARN.",
)
def reset_ebs_default_kms_key_id() -> None:
    from moto.core.responses import ActionResult
    from moto.ec2.responses.elastic_block_store import ElasticBlockStore

    def reset_ebs_default_kms_key_id(self: ElasticBlockStore) -> ActionResult:
        self.error_on_dryrun()
        backend = self.ec2_backend
        backend.default_kms_key_id = key_arn_for(backend, MANAGED_ALIAS)
        return ActionResult({"KmsKeyId": backend.default_kms_key_id})

    ElasticBlockStore.reset_ebs_default_kms_key_id = reset_ebs_default_kms_key_id  # type: ignore[attr-defined]


@fix(
    "ec2",
    "ModifyEbsDefaultKmsKeyId",
    "A KmsKeyId naming no key of the region crashed moto (KeyError or AttributeError, HTTP 500). AWS checks the "
    "key asynchronously: the call completes and answers the ARN of what was named (a known key or alias still "
    "answers its key ARN).",
)
def modify_ebs_default_kms_key_id_accepts_unknown_keys() -> None:
    from moto.ec2.models.elastic_block_store import EBSBackend

    def modify_ebs_default_kms_key_id(self: EBSBackend, kms_key_id: str) -> str:
        self.default_kms_key_id = key_arn_for(self, kms_key_id)
        return self.default_kms_key_id

    EBSBackend.modify_ebs_default_kms_key_id = modify_ebs_default_kms_key_id  # type: ignore[method-assign]
