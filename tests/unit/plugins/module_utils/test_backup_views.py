"""The pure helpers shared by backup_recovery_point and backup_recovery_point_info."""

from __future__ import annotations

import datetime

from ansible_collections.webstack.aws.plugins.module_utils import backup


def test_iso_dates_reaches_into_dicts_and_lists() -> None:
    value = {"a": [datetime.datetime(2025, 1, 1), {"b": datetime.date(2025, 1, 2)}], "c": 1}
    assert backup.iso_dates(value) == {"a": ["2025-01-01T00:00:00", {"b": "2025-01-02"}], "c": 1}


def test_recovery_point_view_fills_in_defaults_only_when_left_out() -> None:
    item = {"RecoveryPointArn": "a", "IsEncrypted": True, "ResponseMetadata": {}}
    assert backup.recovery_point_view(item) == {"recovery_point_arn": "a", "is_encrypted": True}
    assert backup.recovery_point_view(item, defaults={"IsEncrypted": False}) == {"recovery_point_arn": "a", "is_encrypted": True}
    assert backup.recovery_point_view({"RecoveryPointArn": "a"}, defaults={"IsEncrypted": False}) == {"recovery_point_arn": "a", "is_encrypted": False}
    assert backup.recovery_point_view(None) == {}
