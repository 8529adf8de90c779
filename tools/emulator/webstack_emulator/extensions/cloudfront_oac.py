"""CloudFront origin access control (OAC) fidelity fixes for moto 5.2.5 (moto/cloudfront).

What AWS does, per the CloudFront API reference and botocore's model (2020-05-31):

- an OAC name is unique in the account: CreateOriginAccessControl, and an
  UpdateOriginAccessControl that renames to a taken name, answer
  ``OriginAccessControlAlreadyExists`` (409);
- UpdateOriginAccessControl and DeleteOriginAccessControl need the OAC's current
  ``ETag`` as ``If-Match``: none is ``InvalidIfMatchVersion`` (400), another one is
  ``PreconditionFailed`` (412); an unknown id is ``NoSuchOriginAccessControl`` (404);
  every update gives the OAC a new ETag;
- DeleteOriginAccessControl of an OAC that an origin of a distribution names
  (``Origins.Items[].OriginAccessControlId``) is ``OriginAccessControlInUse`` (409);
- ListOriginAccessControls pages with ``Marker`` and ``MaxItems``; ``NextMarker``
  is present only when the list is truncated; every item has a ``Description``
  (``""`` when none was given);
- CreateOriginAccessControl answers the new OAC's URL in ``Location``, and
  GetOriginAccessControlConfig answers the configuration and the ETag.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

# Where an Origin keeps the OAC its request named (moto drops OriginAccessControlId).
ORIGIN_OAC_ATTRIBUTE = "_webstack_origin_access_control_id"
LOCATION = "https://cloudfront.amazonaws.com/2020-05-31/origin-access-control/{0}"
DEFAULT_MAX_ITEMS = 100


def _error(code: str, message: str) -> Exception:
    from moto.cloudfront.exceptions import CloudFrontException

    return CloudFrontException(code, message)


def _already_exists(name: str) -> Exception:
    return _error("OriginAccessControlAlreadyExists", f"An origin access control with the name {name} already exists.")


def check_version(control: Any, if_match: str | None) -> None:
    """AWS's If-Match rule: present, and the OAC's current ETag."""
    if not if_match:
        raise _error("InvalidIfMatchVersion", "The If-Match version is missing or not valid for the resource.")
    if if_match != control.etag:
        raise _error("PreconditionFailed", "The request failed because it didn't meet the preconditions in one or more request-header fields.")


def refuse_taken_name(backend: Any, name: str | None, own_id: str | None = None) -> None:
    """OriginAccessControlAlreadyExists when another OAC of the account has this name."""
    if any(control.name == name and control.id != own_id for control in backend.origin_access_controls.values()):
        raise _already_exists(str(name))


def distributions_using(backend: Any, control_id: str) -> list[str]:
    """The ids of the distributions with an origin that names the OAC."""
    return [
        distribution_id
        for distribution_id, distribution in backend.distributions.items()
        if any(getattr(origin, ORIGIN_OAC_ATTRIBUTE, "") == control_id for origin in distribution.distribution_config.Origins["Items"])
    ]


def page(controls: list[Any], marker: str | None, max_items: int) -> tuple[list[Any], str | None]:
    """The OACs after the marker (an OAC id; the list is in id order) and the NextMarker, None on the last page."""
    ordered = sorted(controls, key=lambda control: control.id)
    if marker:
        ordered = [control for control in ordered if control.id > marker]
    items = ordered[:max_items]
    return items, (items[-1].id if len(ordered) > max_items else None)


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


def _answer(control: Any) -> dict[str, Any]:
    return {"OriginAccessControl": {"Id": control.id, "OriginAccessControlConfig": control}, "ETag": control.etag}


@fix(
    "cloudfront",
    "CreateOriginAccessControl",
    "moto created a second OAC with a name already taken, answered no Location, and kept no Description when none was given "
    "(ListOriginAccessControls then lacked the required Description). AWS refuses a taken name with OriginAccessControlAlreadyExists (409), "
    "answers the OAC's URL in Location, and reads back an empty Description.",
)
def create_origin_access_control_as_aws_does() -> None:
    from moto.cloudfront.models import CloudFrontBackend
    from moto.cloudfront.models import OriginAccessControl
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import ActionResult

    original_init = OriginAccessControl.__init__

    @wraps(original_init)
    def __init__(self: Any, config_dict: dict[str, str]) -> None:
        original_init(self, config_dict)
        self.description = self.description or ""

    OriginAccessControl.__init__ = __init__  # type: ignore[method-assign]

    original_create = CloudFrontBackend.create_origin_access_control

    @wraps(original_create)
    def create_origin_access_control(self: CloudFrontBackend, config_dict: dict[str, str]) -> Any:
        refuse_taken_name(self, config_dict.get("Name"))
        return original_create(self, config_dict)

    CloudFrontBackend.create_origin_access_control = create_origin_access_control  # type: ignore[method-assign]

    def create_origin_access_control_response(self: CloudFrontResponse) -> ActionResult:
        control = self.backend.create_origin_access_control(self._get_param("OriginAccessControlConfig", {}))
        return ActionResult(dict(_answer(control), Location=LOCATION.format(control.id)))

    CloudFrontResponse.create_origin_access_control = create_origin_access_control_response  # type: ignore[method-assign]


@fix(
    "cloudfront",
    "UpdateOriginAccessControl",
    "moto ignored If-Match (none, or a stale ETag, updated the OAC), kept the ETag across updates, and renamed an OAC to a name "
    "another OAC has. AWS answers InvalidIfMatchVersion (no If-Match), PreconditionFailed (not the current ETag), "
    "OriginAccessControlAlreadyExists (a taken name), and a new ETag after each update.",
)
def update_origin_access_control_checks_if_match() -> None:
    from moto.cloudfront.models import CloudFrontBackend
    from moto.cloudfront.models import random_id
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import ActionResult

    original = CloudFrontBackend.update_origin_access_control

    def update_origin_access_control(self: CloudFrontBackend, control_id: str, config: dict[str, str], if_match: str | None = None) -> Any:
        control = self.get_origin_access_control(control_id)
        check_version(control, if_match)
        refuse_taken_name(self, config.get("Name", control.name), control_id)
        control = original(self, control_id, config)
        control.description = config.get("Description") or ""
        control.etag = random_id()
        return control

    CloudFrontBackend.update_origin_access_control = update_origin_access_control  # type: ignore[method-assign]

    def update_origin_access_control_response(self: CloudFrontResponse) -> ActionResult:
        control = self.backend.update_origin_access_control(
            self._get_param("Id"), self._get_param("OriginAccessControlConfig", {}), if_match=self._get_param("IfMatch")
        )
        return ActionResult(_answer(control))

    CloudFrontResponse.update_origin_access_control = update_origin_access_control_response  # type: ignore[method-assign]


@fix(
    "cloudfront",
    "DeleteOriginAccessControl",
    "moto ignored If-Match, deleted an OAC that distributions use, and crashed (HTTP 500) on an unknown id. AWS answers "
    "InvalidIfMatchVersion (no If-Match), PreconditionFailed (not the current ETag), OriginAccessControlInUse (an origin "
    "of a distribution names it) and NoSuchOriginAccessControl.",
)
def delete_origin_access_control_as_aws_does() -> None:
    from moto.cloudfront.models import CloudFrontBackend
    from moto.cloudfront.models import Origin
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import EmptyResult

    original_origin_init = Origin.__init__

    @wraps(original_origin_init)
    def origin_init(self: Any, origin: dict[str, Any]) -> None:
        original_origin_init(self, origin)
        setattr(self, ORIGIN_OAC_ATTRIBUTE, origin.get("OriginAccessControlId") or "")

    Origin.__init__ = origin_init  # type: ignore[method-assign]

    original_delete = CloudFrontBackend.delete_origin_access_control

    def delete_origin_access_control(self: CloudFrontBackend, control_id: str, if_match: str | None = None) -> None:
        control = self.get_origin_access_control(control_id)
        check_version(control, if_match)
        users = distributions_using(self, control_id)
        if users:
            raise _error(
                "OriginAccessControlInUse",
                f"The origin access control {control_id} is in use by distributions {', '.join(users)} and cannot be deleted.",
            )
        original_delete(self, control_id)

    CloudFrontBackend.delete_origin_access_control = delete_origin_access_control  # type: ignore[method-assign]

    def delete_origin_access_control_response(self: CloudFrontResponse) -> EmptyResult:
        self.backend.delete_origin_access_control(self._get_param("Id"), if_match=self._get_param("IfMatch"))
        return EmptyResult()

    CloudFrontResponse.delete_origin_access_control = delete_origin_access_control_response  # type: ignore[method-assign]


@fix(
    "cloudfront",
    "ListOriginAccessControls",
    "moto ignored Marker and MaxItems (every OAC on one page, IsTruncated false whatever MaxItems said). AWS answers at most "
    "MaxItems OACs after Marker, IsTruncated and NextMarker when more follow, and echoes Marker.",
)
def list_origin_access_controls_pages() -> None:
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import ActionResult

    def list_origin_access_controls_response(self: CloudFrontResponse) -> ActionResult:
        marker = self._get_param("Marker") or ""
        max_items = _max_items(self._get_param("MaxItems"))
        items, next_marker = page(list(self.backend.origin_access_controls.values()), marker, max_items)
        listing: dict[str, Any] = {"Marker": marker, "MaxItems": max_items, "IsTruncated": next_marker is not None, "Quantity": len(items)}
        if items:
            listing["Items"] = items
        if next_marker:
            listing["NextMarker"] = next_marker
        return ActionResult({"OriginAccessControlList": listing})

    CloudFrontResponse.list_origin_access_controls = list_origin_access_controls_response  # type: ignore[method-assign]


@fix(
    "cloudfront",
    "GetOriginAccessControlConfig",
    "No such operation in moto (HTTP 500). AWS answers the OAC's configuration and its ETag, or NoSuchOriginAccessControl.",
)
def get_origin_access_control_config() -> None:
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import ActionResult

    def get_origin_access_control_config_response(self: CloudFrontResponse) -> ActionResult:
        control = self.backend.get_origin_access_control(self._get_param("Id"))
        return ActionResult({"OriginAccessControlConfig": control, "ETag": control.etag})

    CloudFrontResponse.get_origin_access_control_config = get_origin_access_control_config_response  # type: ignore[method-assign]
