# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""S3 Block Public Access for an account: what s3_account_public_access_block and its _info module share.

An account without a configuration (GetPublicAccessBlock answers
``NoSuchPublicAccessBlockConfiguration``) blocks nothing: it reads as all four
settings false.
"""

from __future__ import annotations

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.iam import get_aws_account_id

# Module option -> PublicAccessBlockConfiguration member, in the order AWS documents them.
SETTINGS = (
    ("block_public_acls", "BlockPublicAcls"),
    ("ignore_public_acls", "IgnorePublicAcls"),
    ("block_public_policy", "BlockPublicPolicy"),
    ("restrict_public_buckets", "RestrictPublicBuckets"),
)

_ACCOUNT_ID = re.compile(r"^\d{12}$")


def account_id_errors(account_id: Optional[str]) -> List[str]:
    """An error when account_id is given and is not a 12-digit AWS account ID."""
    if account_id is None or _ACCOUNT_ID.match(account_id):
        return []
    return [f"account_id must be a 12-digit AWS account ID, got {account_id!r}"]


def get_public_access_block(client: Any, account_id: str) -> Optional[Dict[str, bool]]:
    """The account's PublicAccessBlockConfiguration, or None when it has none."""
    try:
        response = client.get_public_access_block(aws_retry=True, AccountId=account_id)
    except is_boto3_error_code("NoSuchPublicAccessBlockConfiguration"):
        return None
    return response["PublicAccessBlockConfiguration"]


def read_account_configuration(module: Any, client: Any) -> Tuple[str, Optional[Dict[str, bool]]]:
    """The account the module manages (O(account_id), else the caller's) and its configuration (None when it has none)."""
    try:
        account_id = module.params["account_id"] or get_aws_account_id(module)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to find the account of the credentials in use; set account_id")
    try:
        return account_id, get_public_access_block(client, account_id)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg=f"Failed to read the S3 Block Public Access settings of account_id {account_id}")


def public_access_block_view(account_id: str, configuration: Optional[Dict[str, bool]]) -> Dict[str, Any]:
    """What the modules return for a configuration (None reads as all false): snake_case settings and the account."""
    configuration = configuration or {}
    view: Dict[str, Any] = {option: bool(configuration.get(member, False)) for option, member in SETTINGS}
    view["account_id"] = account_id
    return view
