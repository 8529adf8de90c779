"""IAM account password policy fix for moto 5.2.5 (moto/iam/models.py ``AccountPasswordPolicy``, moto/iam/responses.py).

moto stores ``max_password_age = 0`` when UpdateAccountPasswordPolicy has no MaxPasswordAge (passwords never
expire) and answers it as ``<MaxPasswordAge>0</MaxPasswordAge>``, outside the member's range (1-1095). AWS leaves
MaxPasswordAge out of GetAccountPasswordPolicy then, as it leaves PasswordReusePrevention out when reuse is not
prevented, and derives ExpirePasswords from MaxPasswordAge.
"""

from __future__ import annotations

from typing import Any

from webstack_emulator.extensions import fix

# PasswordPolicy member -> moto's AccountPasswordPolicy attribute, in the order of the service model.
MEMBERS = (
    ("MinimumPasswordLength", "minimum_password_length"),
    ("RequireSymbols", "require_symbols"),
    ("RequireNumbers", "require_numbers"),
    ("RequireUppercaseCharacters", "require_uppercase_characters"),
    ("RequireLowercaseCharacters", "require_lowercase_characters"),
    ("AllowUsersToChangePassword", "allow_users_to_change_password"),
    ("ExpirePasswords", "expire_passwords"),
    ("MaxPasswordAge", "max_password_age"),
    ("PasswordReusePrevention", "password_reuse_prevention"),
    ("HardExpiry", "hard_expiry"),
)

# Members AWS answers only when the setting is on (a value of at least 1).
ONLY_WHEN_SET = ("MaxPasswordAge", "PasswordReusePrevention")


def password_policy_answer(policy: Any) -> dict[str, Any]:
    """The PasswordPolicy structure AWS answers for moto's AccountPasswordPolicy."""
    answer = {member: getattr(policy, attribute) for member, attribute in MEMBERS}
    return {member: value for member, value in answer.items() if value is not None and not (member in ONLY_WHEN_SET and not value)}


@fix(
    "iam",
    "GetAccountPasswordPolicy",
    "moto answers MaxPasswordAge 0 for a policy whose passwords never expire (set without MaxPasswordAge), outside "
    "the member's range 1-1095. AWS leaves MaxPasswordAge out then (ExpirePasswords false), as it leaves out "
    "PasswordReusePrevention when reuse is not prevented. webstack.aws iam_account_password_policy and its _info "
    "module return the policy as IAM answers it.",
)
def get_account_password_policy() -> None:
    from moto.core.responses import ActionResult
    from moto.iam.responses import IamResponse

    def response(self: IamResponse) -> ActionResult:
        policy = self.backend.get_account_password_policy()  # NoSuchEntity when the account has none
        return ActionResult({"PasswordPolicy": password_policy_answer(policy)})

    IamResponse.get_account_password_policy = response  # type: ignore[method-assign]
