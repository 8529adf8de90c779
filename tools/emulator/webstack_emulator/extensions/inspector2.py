"""Amazon Inspector (inspector2) account status fixes for moto 5.2.5 (moto/inspector2/models.py, moto/inspector2/responses.py).

moto keeps one AccountStatus per account with a status per resource type. It knows EC2, ECR, LAMBDA and
LAMBDA_CODE only, crashes (HTTP 500) on Enable, Disable and BatchGetAccountStatus without accountIds, which
AWS reads as the caller's account, does not list an account that never called Enable, and answers State
objects without the errorCode and errorMessage botocore's model requires.

The statuses a read answers are final at once (the emulator's latency profile "none"); Enable and Disable
answer ENABLING and DISABLING for the resource types they start changing, as AWS does.
"""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

# ResourceScanType -> its key in ResourceStatus (Enable, Disable) and ResourceState (BatchGetAccountStatus).
RESOURCE_KEYS = {"EC2": "ec2", "ECR": "ecr", "LAMBDA": "lambda", "LAMBDA_CODE": "lambdaCode", "CODE_REPOSITORY": "codeRepository"}
# ResourceStatus key -> the attribute moto's AccountStatus keeps it in.
ATTRIBUTES = {"ec2": "ec2", "ecr": "ecr", "lambda": "_lambda", "lambdaCode": "lambda_code", "codeRepository": "code_repository"}
NAMES = {"ec2": "Amazon EC2", "ecr": "Amazon ECR", "lambda": "AWS Lambda", "lambdaCode": "AWS Lambda code", "codeRepository": "Code repository"}
# The model requires errorCode and errorMessage in every State; for a settled status the emulator answers the code
# of the ErrorCode enum that restates it (ENABLED: ALREADY_ENABLED, as AWS's own SDK examples stub it; DISABLED:
# RESOURCE_NOT_FOUND, no scan configuration for the type).
STATE_CODES = {"ENABLED": "ALREADY_ENABLED", "DISABLED": "RESOURCE_NOT_FOUND"}
# The errorCode of an account BatchGetAccountStatus cannot resolve, listed in failedAccounts.
UNRESOLVED = "ACCESS_DENIED"

_patched = False


def overall_status(statuses: list[str]) -> str:
    """The account's status from its resource types': ENABLED while any scans, else the transition under way, else DISABLED."""
    for status in ("ENABLED", "ENABLING", "DISABLING"):
        if status in statuses:
            return status
    return "DISABLED"


def state_of(key: str, status: str) -> dict[str, str]:
    """One State object, complete as the model requires."""
    code = STATE_CODES[status]
    enabled = "enabled" if status == "ENABLED" else "not enabled"
    return {"status": status, "errorCode": code, "errorMessage": f"{NAMES.get(key, 'Amazon Inspector')} scanning is {enabled}"}


def _patch_account_status() -> None:
    """AccountStatus with every resource type, the transitions one Enable or Disable starts, and complete State objects (once)."""
    global _patched
    if _patched:
        return
    from moto.inspector2.models import AccountStatus

    original_init = AccountStatus.__init__

    @wraps(original_init)
    def __init__(self: AccountStatus, account_id: str) -> None:
        original_init(self, account_id)
        self.code_repository = "DISABLED"
        self.transitions: dict[str, str] = {}

    def statuses(self: AccountStatus) -> dict[str, str]:
        return {key: getattr(self, attribute) for key, attribute in ATTRIBUTES.items()}

    def toggle(self: AccountStatus, resource_types: list[str], enable: bool) -> None:
        final, transition = ("ENABLED", "ENABLING") if enable else ("DISABLED", "DISABLING")
        self.transitions = {}
        for scan_type in resource_types:
            key = RESOURCE_KEYS.get(scan_type)
            if key is not None and getattr(self, ATTRIBUTES[key]) != final:
                setattr(self, ATTRIBUTES[key], final)
                self.transitions[key] = transition

    def to_json(self: AccountStatus) -> dict[str, Any]:
        shown = {**statuses(self), **self.transitions}
        return {"accountId": self.account_id, "resourceStatus": shown, "status": overall_status(list(shown.values()))}

    def to_batch_json(self: AccountStatus) -> dict[str, Any]:
        current = statuses(self)
        overall = overall_status(list(current.values()))
        return {
            "accountId": self.account_id,
            "resourceState": {key: state_of(key, status) for key, status in current.items()},
            "state": state_of("", overall),
        }

    AccountStatus.__init__ = __init__  # type: ignore[method-assign]
    AccountStatus.toggle = toggle  # type: ignore[method-assign]
    AccountStatus.to_json = to_json  # type: ignore[method-assign]
    AccountStatus.to_batch_json = to_batch_json  # type: ignore[method-assign]
    _patched = True


@fix(
    "inspector2",
    "Enable",
    "Without accountIds moto crashed (TypeError, HTTP 500); it ignored CODE_REPOSITORY and answered without codeRepository, "
    "and answered ENABLED at once. AWS enables the caller's account when accountIds is omitted, knows every ResourceScanType, "
    "and answers ENABLING for the resource types it starts enabling. webstack.aws inspector2_account enables its own account.",
)
def enable_the_callers_account() -> None:
    from moto.inspector2.models import Inspector2Backend

    _patch_account_status()
    original = Inspector2Backend.enable

    @wraps(original)
    def enable(self: Inspector2Backend, account_ids: list[str] | None, resource_types: list[str]) -> list[dict[str, Any]]:
        return original(self, account_ids or [self.account_id], resource_types)

    Inspector2Backend.enable = enable  # type: ignore[method-assign]


@fix(
    "inspector2",
    "Disable",
    "Without accountIds or resourceTypes moto crashed (TypeError, HTTP 500); it ignored CODE_REPOSITORY and answered "
    "DISABLED at once. AWS disables the caller's account when accountIds is omitted, every resource type when "
    "resourceTypes is omitted, and answers DISABLING for the resource types it starts disabling.",
)
def disable_the_callers_account() -> None:
    from moto.inspector2.models import Inspector2Backend

    _patch_account_status()
    original = Inspector2Backend.disable

    @wraps(original)
    def disable(self: Inspector2Backend, account_ids: list[str] | None, resource_types: list[str] | None) -> list[dict[str, Any]]:
        return original(self, account_ids or [self.account_id], resource_types or list(RESOURCE_KEYS))

    Inspector2Backend.disable = disable  # type: ignore[method-assign]


@fix(
    "inspector2",
    "BatchGetAccountStatus",
    "moto answered no account until it had called Enable or Disable, crashed (TypeError, HTTP 500) without accountIds once "
    "one had, left out codeRepository, and answered State objects without errorCode and errorMessage (required by the model). "
    "AWS answers the caller's account when accountIds is omitted, always answers the caller's own account (DISABLED until "
    "enabled), lists an account it cannot resolve in failedAccounts, and answers every State complete.",
)
def batch_get_account_status_answers_the_caller() -> None:
    from moto.inspector2.models import AccountStatus
    from moto.inspector2.models import Inspector2Backend
    from moto.inspector2.responses import Inspector2Response

    _patch_account_status()

    def batch_get_account_status(self: Inspector2Backend, account_ids: list[str] | None) -> list[dict[str, Any]]:
        wanted = list(dict.fromkeys(account_ids or [self.account_id]))
        known = {a: self.account_status.get(a) or (AccountStatus(a) if a == self.account_id else None) for a in wanted}
        return [status.to_batch_json() for status in known.values() if status is not None]

    def response(self: Inspector2Response) -> str:
        wanted = list(dict.fromkeys(self._get_param("accountIds") or [self.current_account]))
        accounts = self.inspector2_backend.batch_get_account_status(wanted)
        answered = {account["accountId"] for account in accounts}
        failed = [
            {"accountId": a, "errorCode": UNRESOLVED, "errorMessage": f"Account {a} is not a member of the caller's Amazon Inspector organization"}
            for a in wanted
            if a not in answered
        ]
        return json.dumps({"accounts": accounts, "failedAccounts": failed})

    Inspector2Backend.batch_get_account_status = batch_get_account_status  # type: ignore[method-assign]
    Inspector2Response.batch_get_account_status = response  # type: ignore[method-assign]
