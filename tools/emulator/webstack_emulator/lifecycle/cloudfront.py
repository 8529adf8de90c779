"""CloudFront distributions: Status InProgress, then Deployed, after a create and after every update.

moto answers InProgress until the distribution is read once, and keeps Deployed through updates.
"""

from __future__ import annotations

from typing import Any

from webstack_emulator.lifecycle.phases import LIFECYCLE
from webstack_emulator.lifecycle.phases import after
from webstack_emulator.lifecycle.phases import timed

KIND = "cloudfront_distribution"


def patch() -> None:
    from moto.cloudfront.models import CloudFrontBackend
    from moto.cloudfront.models import Distribution

    timed(Distribution, "status")
    CloudFrontBackend.create_distribution_with_tags = after(CloudFrontBackend.create_distribution_with_tags, _created)  # type: ignore[method-assign]
    CloudFrontBackend.update_distribution = after(CloudFrontBackend.update_distribution, _updated)  # type: ignore[method-assign]


def _created(answer: tuple[Any, str, str]) -> None:
    _propagate(answer[0], "create")


def _updated(answer: tuple[Any, str, str]) -> None:
    _propagate(answer[0], "update")


def _propagate(distribution: Any, phase: str) -> None:
    LIFECYCLE.start(distribution, KIND, phase, distribution.distribution_id, {"status": "InProgress"}, {"status": "Deployed"})
