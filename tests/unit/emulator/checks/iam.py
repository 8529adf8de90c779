"""Checks of the IAM fixes (webstack_emulator/extensions/iam.py), one per fixed operation."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

OIDC_URL = "https://token.actions.example.com"


def oidc_provider(aws: Emulator, client_ids: list[str]) -> str:
    """A provider for OIDC_URL with these client IDs; its ARN."""
    return aws.client("iam").create_open_id_connect_provider(Url=OIDC_URL, ClientIDList=client_ids)["OpenIDConnectProviderArn"]


def client_ids_of(aws: Emulator, arn: str) -> list[str]:
    return aws.client("iam").get_open_id_connect_provider(OpenIDConnectProviderArn=arn)["ClientIDList"]


@check("iam", "AddClientIDToOpenIDConnectProvider")
def client_id_added(aws: Emulator) -> dict[str, Any]:
    arn = oidc_provider(aws, ["sts.amazonaws.com"])
    response = aws.client("iam").add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="webstack")
    assert client_ids_of(aws, arn) == ["sts.amazonaws.com", "webstack"]
    return response


@check("iam", "RemoveClientIDFromOpenIDConnectProvider")
def client_id_removed(aws: Emulator) -> dict[str, Any]:
    arn = oidc_provider(aws, ["sts.amazonaws.com", "webstack"])
    response = aws.client("iam").remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="sts.amazonaws.com")
    assert client_ids_of(aws, arn) == ["webstack"]
    return response


BACKUP_POLICY = "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"


@check("iam", "GetPolicy")
def aws_managed_policy(aws: Emulator) -> dict[str, Any]:
    response = aws.client("iam").get_policy(PolicyArn=BACKUP_POLICY)
    policy = response["Policy"]
    assert (policy["Arn"], policy["PolicyName"], policy["Path"], policy["AttachmentCount"]) == (
        BACKUP_POLICY,
        "AWSBackupServiceRolePolicyForBackup",
        "/service-role/",
        0,
    )
    return response
