"""The behaviour around the IAM fixes: OpenID Connect provider client IDs added and removed as AWS does."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.iam import BACKUP_POLICY
from tests.unit.emulator.checks.iam import client_ids_of
from tests.unit.emulator.checks.iam import oidc_provider

TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
UNKNOWN = "arn:aws:iam::123456789012:oidc-provider/unknown.example.com"


def test_adding_a_client_id_already_there_changes_nothing(aws: Emulator) -> None:
    arn = oidc_provider(aws, ["sts.amazonaws.com"])
    aws.client("iam").add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="sts.amazonaws.com")
    assert client_ids_of(aws, arn) == ["sts.amazonaws.com"]


def test_removing_a_client_id_not_there_changes_nothing(aws: Emulator) -> None:
    arn = oidc_provider(aws, ["sts.amazonaws.com"])
    aws.client("iam").remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="absent")
    assert client_ids_of(aws, arn) == ["sts.amazonaws.com"]


def test_the_last_client_id_can_be_removed(aws: Emulator) -> None:
    arn = oidc_provider(aws, ["sts.amazonaws.com"])
    aws.client("iam").remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="sts.amazonaws.com")
    assert client_ids_of(aws, arn) == []


def test_client_ids_change_only_on_their_provider(aws: Emulator) -> None:
    arn = oidc_provider(aws, ["sts.amazonaws.com"])
    other = aws.client("iam").create_open_id_connect_provider(Url="https://other.example.com", ClientIDList=["sts.amazonaws.com"])["OpenIDConnectProviderArn"]
    aws.client("iam").add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="webstack")
    assert client_ids_of(aws, other) == ["sts.amazonaws.com"]


@pytest.mark.parametrize("operation", ["add_client_id_to_open_id_connect_provider", "remove_client_id_from_open_id_connect_provider"])
def test_an_unknown_provider_is_no_such_entity(aws: Emulator, operation: str) -> None:
    with pytest.raises(ClientError) as error:
        getattr(aws.client("iam"), operation)(OpenIDConnectProviderArn=UNKNOWN, ClientID="webstack")
    assert error.value.response["Error"]["Code"] == "NoSuchEntity"


def test_more_than_100_client_ids_is_limit_exceeded(aws: Emulator) -> None:
    arn = oidc_provider(aws, [f"audience-{n}" for n in range(100)])
    with pytest.raises(ClientError) as error:
        aws.client("iam").add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="one-too-many")
    assert error.value.response["Error"]["Code"] == "LimitExceeded"
    assert len(client_ids_of(aws, arn)) == 100


def test_client_id_changes_are_logged_as_mutating(aws: Emulator) -> None:
    arn = oidc_provider(aws, ["sts.amazonaws.com"])
    aws.clear_calls()
    aws.client("iam").add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="webstack")
    aws.client("iam").remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="webstack")
    assert aws.calls().mutating == ["iam:AddClientIDToOpenIDConnectProvider", "iam:RemoveClientIDFromOpenIDConnectProvider"]


def test_aws_managed_policies_start_unattached_after_a_reset(aws: Emulator) -> None:
    iam = aws.client("iam")
    iam.create_role(RoleName="backup", AssumeRolePolicyDocument=json.dumps(TRUST))
    iam.attach_role_policy(RoleName="backup", PolicyArn=BACKUP_POLICY)
    assert iam.get_policy(PolicyArn=BACKUP_POLICY)["Policy"]["AttachmentCount"] == 1

    aws.reset()

    assert iam.get_policy(PolicyArn=BACKUP_POLICY)["Policy"]["AttachmentCount"] == 0
    document = iam.get_policy_version(PolicyArn=BACKUP_POLICY, VersionId=iam.get_policy(PolicyArn=BACKUP_POLICY)["Policy"]["DefaultVersionId"])
    assert document["PolicyVersion"]["Document"]["Statement"], "the managed policy keeps its document"


def test_every_aws_managed_policy_is_listed(aws: Emulator) -> None:
    names = [policy["PolicyName"] for page in aws.client("iam").get_paginator("list_policies").paginate(Scope="AWS") for policy in page["Policies"]]
    assert len(names) > 1000 and len(names) == len(set(names))
    assert {"AWSBackupServiceRolePolicyForBackup", "AmazonECSTaskExecutionRolePolicy", "AmazonRDSEnhancedMonitoringRole"} <= set(names)
