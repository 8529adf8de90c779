"""The behaviour around the Amazon Inspector fixes: the caller's account, every resource type, complete State objects."""

from __future__ import annotations

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.inspector2 import own_account
from tests.unit.emulator.checks.inspector2 import statuses
from tests.unit.emulator.model import enum_values
from tests.unit.emulator.model import shape_errors

OTHER_ACCOUNT = "111122223333"


def test_enable_answers_enabled_types_as_they_are(aws: Emulator) -> None:
    inspector = aws.client("inspector2")
    inspector.enable(resourceTypes=["EC2"])
    response = inspector.enable(resourceTypes=["EC2", "LAMBDA"])
    [account] = response["accounts"]
    assert (account["resourceStatus"]["ec2"], account["resourceStatus"]["lambda"]) == ("ENABLED", "ENABLING")
    assert account["status"] == "ENABLED"


def test_enable_leaves_other_types_alone(aws: Emulator) -> None:
    aws.client("inspector2").enable(resourceTypes=["ECR"])
    assert statuses(aws) == {"ec2": "DISABLED", "ecr": "ENABLED", "lambda": "DISABLED", "lambdaCode": "DISABLED", "codeRepository": "DISABLED"}


def test_disable_with_resource_types_disables_only_those(aws: Emulator) -> None:
    inspector = aws.client("inspector2")
    inspector.enable(resourceTypes=["EC2", "ECR", "LAMBDA_CODE"])
    response = inspector.disable(resourceTypes=["ECR", "LAMBDA_CODE"])
    assert response["accounts"][0]["status"] == "ENABLED"
    assert statuses(aws) == {"ec2": "ENABLED", "ecr": "DISABLED", "lambda": "DISABLED", "lambdaCode": "DISABLED", "codeRepository": "DISABLED"}


def test_the_account_is_disabled_once_no_type_is_scanned(aws: Emulator) -> None:
    inspector = aws.client("inspector2")
    inspector.enable(resourceTypes=["ECR"])
    assert inspector.batch_get_account_status()["accounts"][0]["state"]["status"] == "ENABLED"
    response = inspector.disable(resourceTypes=["ECR"])
    assert response["accounts"][0]["status"] == "DISABLING"
    assert inspector.batch_get_account_status()["accounts"][0]["state"]["status"] == "DISABLED"


def test_enable_and_disable_by_account_id_change_the_same_account(aws: Emulator) -> None:
    inspector = aws.client("inspector2")
    inspector.enable(accountIds=[own_account(aws)], resourceTypes=["EC2"])
    assert statuses(aws)["ec2"] == "ENABLED"
    inspector.disable(accountIds=[own_account(aws)], resourceTypes=["EC2"])
    assert statuses(aws)["ec2"] == "DISABLED"


def test_status_by_account_id_answers_the_caller_and_fails_an_unknown_account(aws: Emulator) -> None:
    response = aws.client("inspector2").batch_get_account_status(accountIds=[own_account(aws), OTHER_ACCOUNT])
    assert [a["accountId"] for a in response["accounts"]] == [own_account(aws)]
    [failed] = response["failedAccounts"]
    assert failed["accountId"] == OTHER_ACCOUNT and failed["errorCode"] in enum_values("inspector2", "ErrorCode")
    assert shape_errors("inspector2", "BatchGetAccountStatus", response) == ""


def test_state_codes_are_members_of_the_error_code_enum(aws: Emulator) -> None:
    inspector = aws.client("inspector2")
    inspector.enable(resourceTypes=["EC2"])
    [account] = inspector.batch_get_account_status()["accounts"]
    codes = {state["errorCode"] for state in [account["state"], *account["resourceState"].values()]}
    assert codes == {"ALREADY_ENABLED", "RESOURCE_NOT_FOUND"}
    assert codes <= set(enum_values("inspector2", "ErrorCode"))


def test_status_answers_every_resource_scan_type(aws: Emulator) -> None:
    from webstack_emulator.extensions.inspector2 import RESOURCE_KEYS

    assert sorted(RESOURCE_KEYS) == sorted(enum_values("inspector2", "ResourceScanType"))
    assert sorted(statuses(aws)) == sorted(RESOURCE_KEYS.values())


def test_accounts_are_kept_per_region(aws: Emulator) -> None:
    aws.client("inspector2").enable(resourceTypes=["EC2"])
    [account] = aws.client("inspector2", region="us-east-1").batch_get_account_status()["accounts"]
    assert account["resourceState"]["ec2"]["status"] == "DISABLED"
