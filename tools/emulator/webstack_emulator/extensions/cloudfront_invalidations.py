"""CloudFront invalidation fidelity fixes for moto 5.2.5 (moto/cloudfront).

What AWS does, per the CloudFront API reference and botocore's model (2020-05-31):

- an invalidation is ``InProgress``, then ``Completed`` (that casing); moto answers
  ``COMPLETED`` at once (the latency phase is in ``lifecycle/cloudfront.py``);
- ``InvalidationBatch.CallerReference`` is unique per distribution: the same reference
  with the same paths answers the invalidation it created (no second one); with other
  paths the request is refused. The reference documents ``InvalidationBatchAlreadyExists``,
  but that code is in no error list of the model, and the service answers ``InvalidArgument``
  "Your request contains a caller reference that was used for a previous invalidation batch
  for the same distribution." (the message community.aws ``cloudfront_invalidation`` matches);
- ``Paths.Quantity`` must be the number of ``Paths.Items`` (``InconsistentQuantities``);
- ListInvalidations lists the distribution's invalidations newest first, at most ``MaxItems``
  (default 100) after ``Marker``; ``NextMarker`` "is the same as the ID of the last invalidation
  batch on that page" and is present only when the list is truncated; an unknown
  distribution is ``NoSuchDistribution``.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

SERVICE = "cloudfront"
DEFAULT_MAX_ITEMS = 100
REUSED_REFERENCE = "Your request contains a caller reference that was used for a previous invalidation batch for the same distribution."


def _error(code: str, message: str) -> Exception:
    from moto.cloudfront.exceptions import CloudFrontException

    return CloudFrontException(code, message)


def same_batch(invalidation: Any, paths: list[str]) -> bool:
    """Whether a repeated CallerReference names the same paths (as a multiset: AWS keeps no order it promises)."""
    return sorted(invalidation.paths) == sorted(paths)


def previous(invalidations: list[Any], caller_reference: str) -> Any:
    """The invalidation of this distribution made with this CallerReference, or None."""
    return next((item for item in invalidations if item.caller_ref == caller_reference), None)


def page(invalidations: list[Any], marker: str | None, max_items: int) -> tuple[list[Any], str | None]:
    """Newest first: the invalidations after the one whose ID is marker, and the NextMarker (None on the last page)."""
    newest_first = list(reversed(invalidations))
    if marker:
        ids = [item.id for item in newest_first]
        newest_first = newest_first[ids.index(marker) + 1 :] if marker in ids else []
    items = newest_first[:max_items]
    return items, (items[-1].id if len(newest_first) > max_items and items else None)


def _max_items(raw: Any) -> int:
    if raw in (None, ""):
        return DEFAULT_MAX_ITEMS
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = -1
    if value < 0:
        raise _error("InvalidArgument", f"MaxItems {raw} is not a valid number of items.")
    return value


def _quantity(raw: Any) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@fix(
    SERVICE,
    "GetInvalidation",
    "moto answered Status COMPLETED (upper case) for every invalidation; AWS answers InProgress, then Completed, so a client "
    "comparing with AWS's string (boto3's invalidation_completed waiter, webstack.aws s3_site_publish) waited for ever.",
)
def invalidations_complete_as_aws_says() -> None:
    from moto.cloudfront.models import Invalidation

    original_init = Invalidation.__init__

    @wraps(original_init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.status = "Completed"

    Invalidation.__init__ = __init__  # type: ignore[method-assign]


@fix(
    SERVICE,
    "CreateInvalidation",
    "moto ignored CallerReference (a retried request made a second invalidation) and Paths.Quantity. AWS answers the invalidation "
    "already made for a repeated CallerReference with the same paths, refuses one with other paths (InvalidArgument, 'Your request "
    "contains a caller reference that was used for a previous invalidation batch for the same distribution.'), and refuses a "
    "Quantity that is not the number of Items (InconsistentQuantities).",
)
def create_invalidation_honours_caller_reference() -> None:
    from moto.cloudfront.models import CloudFrontBackend
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import ActionResult

    original = CloudFrontBackend.create_invalidation

    @wraps(original)
    def create_invalidation(self: CloudFrontBackend, dist_id: str, paths: list[str], caller_ref: str) -> Any:
        self.get_distribution(dist_id)  # NoSuchDistribution first, as AWS checks it
        existing = previous(self.invalidations.get(dist_id, []), caller_ref)
        if existing is None:
            return original(self, dist_id, paths, caller_ref)
        if not same_batch(existing, paths):
            raise _error("InvalidArgument", REUSED_REFERENCE)
        return existing

    CloudFrontBackend.create_invalidation = create_invalidation  # type: ignore[method-assign]

    def create_invalidation_response(self: CloudFrontResponse) -> ActionResult:
        paths = self._get_param("InvalidationBatch.Paths.Items", []) or []
        if _quantity(self._get_param("InvalidationBatch.Paths.Quantity")) != len(paths):
            raise _error("InconsistentQuantities", "The value of Quantity and the size of Items don't match.")
        invalidation = self.backend.create_invalidation(self._get_param("DistributionId"), paths, self._get_param("InvalidationBatch.CallerReference"))
        return ActionResult({"Invalidation": invalidation, "Location": invalidation.location})

    CloudFrontResponse.create_invalidation = create_invalidation_response  # type: ignore[method-assign]


@fix(
    SERVICE,
    "ListInvalidations",
    "moto listed the oldest invalidation first, answered an opaque NextMarker, and an empty list for a distribution that does not "
    "exist. AWS lists newest first, its NextMarker is the ID of the last invalidation on the page (and Marker starts after that "
    "ID), and an unknown distribution is NoSuchDistribution.",
)
def list_invalidations_newest_first() -> None:
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import ActionResult

    def list_invalidations_response(self: CloudFrontResponse) -> ActionResult:
        dist_id = self._get_param("DistributionId")
        self.backend.get_distribution(dist_id)
        marker = self._get_param("Marker") or ""
        max_items = _max_items(self._get_param("MaxItems"))
        items, next_marker = page(self.backend.invalidations.get(dist_id, []), marker, max_items)
        listing: dict[str, Any] = {"Marker": marker, "MaxItems": max_items, "IsTruncated": next_marker is not None, "Quantity": len(items)}
        if items:
            listing["Items"] = items
        if next_marker:
            listing["NextMarker"] = next_marker
        return ActionResult({"InvalidationList": listing})

    CloudFrontResponse.list_invalidations = list_invalidations_response  # type: ignore[method-assign]
