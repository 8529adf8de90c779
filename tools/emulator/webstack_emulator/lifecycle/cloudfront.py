"""CloudFront: distributions InProgress, then Deployed, after a create and after every update; invalidations InProgress, then Completed.

moto answers InProgress until the distribution is read once, and keeps Deployed through updates; an
invalidation is done at once (``Completed`` by extensions/cloudfront_invalidations.py). While
invalidations of a distribution are InProgress, its InProgressInvalidationBatches counts them.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.lifecycle.phases import LIFECYCLE
from webstack_emulator.lifecycle.phases import after
from webstack_emulator.lifecycle.phases import timed

KIND = "cloudfront_distribution"
INVALIDATION_KIND = "cloudfront_invalidation"
INVALIDATIONS = "_webstack_invalidations"  # a distribution's invalidations, kept on the distribution


class InProgressBatches:
    """Distribution.in_progress_invalidation_batches: the distribution's invalidations that show InProgress (moto's 0 is ignored)."""

    def __get__(self, model: Any, owner: type | None = None) -> Any:
        if model is None:
            return self
        return sum(1 for invalidation in vars(model).get(INVALIDATIONS, []) if invalidation.status == "InProgress")

    def __set__(self, model: Any, value: Any) -> None:
        pass


def patch() -> None:
    from moto.cloudfront.models import CloudFrontBackend
    from moto.cloudfront.models import Distribution
    from moto.cloudfront.models import Invalidation

    timed(Distribution, "status")
    timed(Invalidation, "status")
    Distribution.in_progress_invalidation_batches = InProgressBatches()  # type: ignore[assignment]
    original_init = Invalidation.__init__

    @wraps(original_init)
    def __init__(self: Any, distribution: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, distribution, *args, **kwargs)
        vars(distribution).setdefault(INVALIDATIONS, []).append(self)
        LIFECYCLE.start(self, INVALIDATION_KIND, "create", self.id, {"status": "InProgress"})

    Invalidation.__init__ = __init__  # type: ignore[method-assign]
    CloudFrontBackend.create_distribution_with_tags = after(CloudFrontBackend.create_distribution_with_tags, _created)  # type: ignore[method-assign]
    CloudFrontBackend.update_distribution = after(CloudFrontBackend.update_distribution, _updated)  # type: ignore[method-assign]


def _created(answer: tuple[Any, str, str]) -> None:
    _propagate(answer[0], "create")


def _updated(answer: tuple[Any, str, str]) -> None:
    _propagate(answer[0], "update")


def _propagate(distribution: Any, phase: str) -> None:
    LIFECYCLE.start(distribution, KIND, phase, distribution.distribution_id, {"status": "InProgress"}, {"status": "Deployed"})
