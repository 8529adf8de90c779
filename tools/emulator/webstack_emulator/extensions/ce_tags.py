"""Cost Explorer cost allocation tags, missing from moto 5.2.5 (moto/ce): ListCostAllocationTags, UpdateCostAllocationTagsStatus.

AWS lists a tag key as a cost allocation tag once it has been applied to a resource and has shown up in the
billing data (up to 24 hours later); the key stays listed after the resources carrying it are gone. The
emulator's rule, applied on every call of either operation:

- the keys it knows are the tag keys of every resource it holds, in every region of the caller's account,
  as moto's Resource Groups Tagging API sees them (every backend that mixes in ``TaggableResourcesMixin``;
  only backends already in use are read, none is created), with no billing delay, plus ``aws:createdBy``,
  the AWS-generated tag a management account can activate before any resource carries it;
- a key starting with ``aws:`` is ``AWSGenerated``, any other ``UserDefined``;
- a key is ``Inactive`` when first seen and stays known (with its status) until the emulator resets;
- ``LastUsedDate`` is the first instant of the current month (UTC) for a key some resource carries now,
  and keeps that value after; ``aws:createdBy`` on no resource has none;
- ``LastUpdatedDate`` is set when UpdateCostAllocationTagsStatus changes a key's status; an update to the
  status the key already has changes nothing ("doesn't have any effect on the tag status").

Cost allocation tags belong to the account (Cost Explorer is global): one table per account and partition,
kept on moto's ``CostExplorerBackend``. Only the methods below are added to moto's classes; other
extensions add other Cost Explorer operations.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from typing import Any

from webstack_emulator.extensions import fix

ACTIVE = "Active"
INACTIVE = "Inactive"
STATUSES = (ACTIVE, INACTIVE)
AWS_GENERATED = "AWSGenerated"
USER_DEFINED = "UserDefined"
TYPES = (AWS_GENERATED, USER_DEFINED)
CREATED_BY = "aws:createdBy"
AWS_PREFIX = "aws:"

# Limits of botocore's model (CostAllocationTagKeyList, CostAllocationTagsMaxResults, CostAllocationTagStatusList)
# and the API reference's default page size ("By default, the request returns 100 results").
MAX_FILTER_KEYS = 100
MAX_RESULTS = 1000
DEFAULT_MAX_RESULTS = 100
MAX_UPDATE_ENTRIES = 20

# The per-key error AWS answers, inside Errors with HTTP 200, for a key it does not know.
NOT_FOUND_CODE = "TagKeysNotFoundException"


def zoned(moment: datetime) -> str:
    """A ZonedDateTime as the model's pattern has it: 2025-01-01T00:00:00Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def month_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def tag_type(key: str) -> str:
    return AWS_GENERATED if key.startswith(AWS_PREFIX) else USER_DEFINED


def resource_tag_keys(account_id: str) -> set[str]:
    """The tag keys of every resource of the account, in every region and partition a backend is in use for."""
    from moto.core.base_backend import BackendDict
    from moto.core.resource_tagging import TaggableResourcesMixin

    keys: set[str] = set()
    for backend_dict in list(BackendDict._instances):  # type: ignore[misc]
        if not (isinstance(backend_dict.backend, type) and issubclass(backend_dict.backend, TaggableResourcesMixin)):
            continue
        if account_id not in dict.keys(backend_dict):
            continue
        for backend in list(dict.values(dict.__getitem__(backend_dict, account_id))):  # existing region backends only
            keys.update(key for resource in backend.iter_tagged_resources() for key in resource.tags)
    return keys


def synced_table(backend: Any, now: datetime) -> dict[str, dict[str, str]]:
    """The backend's cost allocation tags, {key: CostAllocationTag}, with every key resources carry now added."""
    table: dict[str, dict[str, str]] = backend.__dict__.setdefault("cost_allocation_tags", {})
    if CREATED_BY not in table:
        table[CREATED_BY] = {"TagKey": CREATED_BY, "Type": AWS_GENERATED, "Status": INACTIVE}
    used = zoned(month_start(now))
    for key in resource_tag_keys(backend.account_id):
        entry = table.setdefault(key, {"TagKey": key, "Type": tag_type(key), "Status": INACTIVE})
        entry["LastUsedDate"] = used
    return table


def _invalid(member: str, constraint: str, value: Any = None) -> Exception:
    """The ValidationException AWS answers for a member outside the model's constraints."""
    from moto.core.exceptions import JsonRESTError

    shown = "" if value is None else f" '{value}'"
    return JsonRESTError(
        "ValidationException", f"1 validation error detected: Value{shown} at '{member}' failed to satisfy constraint: Member must {constraint}"
    )


def _selected(table: dict[str, dict[str, str]], status: str | None, tag_keys: list[str] | None, kind: str | None) -> Iterator[dict[str, str]]:
    wanted = set(tag_keys) if tag_keys else None
    for key in sorted(table):
        entry = table[key]
        if wanted is not None and key not in wanted:
            continue
        if (status and entry["Status"] != status) or (kind and entry["Type"] != kind):
            continue
        yield dict(entry)


def list_cost_allocation_tags(
    backend: Any, status: str | None, tag_keys: list[str] | None, kind: str | None, next_token: str | None, max_results: int | None
) -> dict[str, Any]:
    """ListCostAllocationTags: the keys matching every filter given, by key, a page at a time."""
    from moto.core.exceptions import JsonRESTError

    if status is not None and status not in STATUSES:
        raise _invalid("status", f"satisfy enum value set: [{', '.join(STATUSES)}]", status)
    if kind is not None and kind not in TYPES:
        raise _invalid("type", f"satisfy enum value set: [{', '.join(TYPES)}]", kind)
    if tag_keys is not None and not 1 <= len(tag_keys) <= MAX_FILTER_KEYS:
        raise _invalid("tagKeys", f"have length between 1 and {MAX_FILTER_KEYS}")
    size = DEFAULT_MAX_RESULTS if max_results is None else max_results
    if not 1 <= size <= MAX_RESULTS:
        raise _invalid("maxResults", f"be between 1 and {MAX_RESULTS}", size)
    matches = list(_selected(synced_table(backend, datetime.now(UTC)), status, tag_keys, kind))
    start = 0
    if next_token is not None:
        if not next_token.isdigit() or int(next_token) > len(matches):
            raise JsonRESTError("InvalidNextTokenException", "The pagination token is invalid. Try again without a pagination token.")
        start = int(next_token)
    answer: dict[str, Any] = {"CostAllocationTags": matches[start : start + size]}
    if start + size < len(matches):
        answer["NextToken"] = str(start + size)
    return answer


def update_cost_allocation_tags_status(backend: Any, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """UpdateCostAllocationTagsStatus: set each known key's status; an unknown key is an error entry, not a failure."""
    if not 1 <= len(entries) <= MAX_UPDATE_ENTRIES:
        raise _invalid("costAllocationTagsStatus", f"have length between 1 and {MAX_UPDATE_ENTRIES}")
    for entry in entries:
        if entry.get("Status") not in STATUSES:
            raise _invalid("costAllocationTagsStatus.member.status", f"satisfy enum value set: [{', '.join(STATUSES)}]", entry.get("Status"))
    now = datetime.now(UTC)
    table = synced_table(backend, now)
    errors = []
    for entry in entries:
        key = entry.get("TagKey", "")
        known = table.get(key)
        if known is None:
            errors.append({"TagKey": key, "Code": NOT_FOUND_CODE, "Message": f"Failed to update Cost Allocation Tag: TagKey {key} does not exist"})
        elif known["Status"] != entry["Status"]:
            known.update(Status=entry["Status"], LastUpdatedDate=zoned(now))
    return {"Errors": errors}


@fix(
    "ce",
    "ListCostAllocationTags",
    "moto has no ListCostAllocationTags (the call fails). AWS lists the account's cost allocation tag keys "
    "(user-defined keys once seen on resources, AWS-generated ones such as aws:createdBy) with type, status and "
    "dates, filtered by status, keys and type, 100 a page by default. webstack.aws cost_allocation_tags reads them.",
)
def list_cost_allocation_tags_operation() -> None:
    from moto.ce.models import CostExplorerBackend
    from moto.ce.responses import CostExplorerResponse

    def backend_method(self: CostExplorerBackend, **params: Any) -> dict[str, Any]:
        return list_cost_allocation_tags(self, **params)

    def response(self: CostExplorerResponse) -> str:
        params = json.loads(self.body or "{}")
        return json.dumps(
            self.ce_backend.list_cost_allocation_tags(
                status=params.get("Status"),
                tag_keys=params.get("TagKeys"),
                kind=params.get("Type"),
                next_token=params.get("NextToken"),
                max_results=params.get("MaxResults"),
            )
        )

    CostExplorerBackend.list_cost_allocation_tags = backend_method  # type: ignore[attr-defined]
    CostExplorerResponse.list_cost_allocation_tags = response  # type: ignore[attr-defined]


@fix(
    "ce",
    "UpdateCostAllocationTagsStatus",
    "moto has no UpdateCostAllocationTagsStatus (the call fails). AWS sets the status of up to 20 keys per call, "
    "leaves a key already in that status as it is, sets LastUpdatedDate on a change, and answers each key it does "
    "not know in Errors (TagKeysNotFoundException, HTTP 200). webstack.aws cost_allocation_tags activates keys with it.",
)
def update_cost_allocation_tags_status_operation() -> None:
    from moto.ce.models import CostExplorerBackend
    from moto.ce.responses import CostExplorerResponse

    def backend_method(self: CostExplorerBackend, entries: list[dict[str, Any]]) -> dict[str, Any]:
        return update_cost_allocation_tags_status(self, entries)

    def response(self: CostExplorerResponse) -> str:
        params = json.loads(self.body or "{}")
        return json.dumps(self.ce_backend.update_cost_allocation_tags_status(params.get("CostAllocationTagsStatus") or []))

    CostExplorerBackend.update_cost_allocation_tags_status = backend_method  # type: ignore[attr-defined]
    CostExplorerResponse.update_cost_allocation_tags_status = response  # type: ignore[attr-defined]
