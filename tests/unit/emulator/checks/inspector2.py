"""Checks of the Amazon Inspector fixes (webstack_emulator/extensions/inspector2.py), one per fixed operation."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

# ResourceStatus / ResourceState keys of every ResourceScanType.
RESOURCE_KEYS = ["ec2", "ecr", "lambda", "lambdaCode", "codeRepository"]


def own_account(aws: Emulator) -> str:
    return aws.client("sts").get_caller_identity()["Account"]


def statuses(aws: Emulator) -> dict[str, str]:
    """The caller's status per resource type, as BatchGetAccountStatus answers it (no accountIds)."""
    [account] = aws.client("inspector2").batch_get_account_status()["accounts"]
    return {key: state["status"] for key, state in account["resourceState"].items()}


@check("inspector2", "Enable")
def enable_without_account_ids(aws: Emulator) -> dict[str, Any]:
    response = aws.client("inspector2").enable(resourceTypes=["ECR", "CODE_REPOSITORY"])
    [account] = response["accounts"]
    assert account["accountId"] == own_account(aws)
    assert account["resourceStatus"] == {"ec2": "DISABLED", "ecr": "ENABLING", "lambda": "DISABLED", "lambdaCode": "DISABLED", "codeRepository": "ENABLING"}
    assert account["status"] == "ENABLING"
    assert statuses(aws)["codeRepository"] == "ENABLED"
    return response


@check("inspector2", "Disable")
def disable_without_account_ids_or_resource_types(aws: Emulator) -> dict[str, Any]:
    inspector = aws.client("inspector2")
    inspector.enable(resourceTypes=["EC2", "CODE_REPOSITORY"])
    response = inspector.disable()
    [account] = response["accounts"]
    assert account["accountId"] == own_account(aws)
    assert account["resourceStatus"] == {"ec2": "DISABLING", "ecr": "DISABLED", "lambda": "DISABLED", "lambdaCode": "DISABLED", "codeRepository": "DISABLING"}
    assert set(statuses(aws).values()) == {"DISABLED"}
    return response


@check("inspector2", "BatchGetAccountStatus")
def status_of_an_account_never_enabled(aws: Emulator) -> dict[str, Any]:
    response = aws.client("inspector2").batch_get_account_status()
    [account] = response["accounts"]
    assert account["accountId"] == own_account(aws)
    assert sorted(account["resourceState"]) == sorted(RESOURCE_KEYS)
    assert {state["status"] for state in account["resourceState"].values()} == {"DISABLED"}
    assert account["state"]["status"] == "DISABLED" and account["state"]["errorCode"] and account["state"]["errorMessage"]
    return response
