"""An independent IAM policy linter (parliament) over the policies the roles write."""

from __future__ import annotations

import json
from typing import Any

import parliament

SEVERITIES = ("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL")


def findings(document: dict[str, Any] | str) -> list[tuple[str, str, Any]]:
    """parliament's findings on an identity policy: (issue, severity from parliament's own config, detail)."""
    text = document if isinstance(document, str) else json.dumps(document)
    analysed = parliament.analyze_policy_string(text)
    return [(finding.issue, parliament.config.get(finding.issue, {}).get("severity", ""), finding.detail) for finding in analysed.findings]


def at_least(severity: str, found: list[tuple[str, str, Any]]) -> list[tuple[str, str, Any]]:
    """The findings of ``severity`` or worse."""
    floor = SEVERITIES.index(severity)
    return [finding for finding in found if finding[1] in SEVERITIES and SEVERITIES.index(finding[1]) >= floor]
