# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS Backup recovery points as the modules return them, shared by backup_recovery_point and backup_recovery_point_info.

Everything here is pure.
"""

from __future__ import annotations

import datetime
from typing import Any
from typing import Dict
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict


def iso_dates(value: Any) -> Any:
    """value with every datetime turned into ISO 8601 text."""
    if isinstance(value, dict):
        return {key: iso_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [iso_dates(item) for item in value]
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return value


def recovery_point_view(item: Optional[Dict[str, Any]], defaults: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """A recovery point as the modules return it: snake_case, dates in ISO 8601 ({} when there is none).

    defaults fills in members AWS leaves out of the answer (ListRecoveryPoints* leaves out IsEncrypted when false).
    """
    if not item:
        return {}
    point = {key: value for key, value in item.items() if key != "ResponseMetadata"}
    for key, value in (defaults or {}).items():
        point.setdefault(key, value)
    return iso_dates(camel_dict_to_snake_dict(point))
