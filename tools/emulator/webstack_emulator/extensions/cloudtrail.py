"""CloudTrail fidelity fixes for moto 5.2.5."""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix


@fix(
    "cloudtrail",
    "DeleteTrail",
    "A trail named by its ARN (as amazon.aws cloudtrail sends it) was silently kept: moto looks the name up among "
    "trail names only. AWS accepts a trail name or ARN, and answers TrailNotFoundException for neither.",
)
def delete_trail_accepts_trail_arns() -> None:
    from moto.cloudtrail.models import CloudTrailBackend

    original = CloudTrailBackend.delete_trail

    @wraps(original)
    def delete_trail(self: Any, name: str) -> None:
        original(self, self.get_trail(name).trail_name)  # get_trail resolves an ARN, or raises TrailNotFoundException

    CloudTrailBackend.delete_trail = delete_trail  # type: ignore[method-assign]
