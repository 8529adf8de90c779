"""Check of the IAM account password policy fix (webstack_emulator/extensions/iam_password_policy.py)."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check


@check("iam", "GetAccountPasswordPolicy")
def password_policy_without_expiry_or_reuse_prevention(aws: Emulator) -> dict[str, Any]:
    iam = aws.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=14, RequireSymbols=True, HardExpiry=False)
    response = iam.get_account_password_policy()
    policy = response["PasswordPolicy"]
    assert "MaxPasswordAge" not in policy and "PasswordReusePrevention" not in policy
    assert (policy["MinimumPasswordLength"], policy["RequireSymbols"], policy["ExpirePasswords"], policy["HardExpiry"]) == (14, True, False, False)
    return response
