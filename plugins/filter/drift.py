# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read once, converge only what differs.

A role reads every resource of a kind with one ``*_info`` call, then loops its
module only over the desired items that are missing or differ. On a converged
stack the loop is empty: no module start and no API call per resource.

    loop: "{{ desired | webstack.aws.drifted(found, {'cidr': 'cidr_block'}, {'tags': 'tags'}) }}"
    ids:  "{{ desired | webstack.aws.resolved(found, {'cidr': 'cidr_block'}, 'id', results, 'subnet.id') }}"

``match`` and ``compare`` map a desired item's attribute to the found item's
(dotted paths reach into dictionaries).
"""

from __future__ import annotations

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

_MISSING = object()


def _get(item: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(item, dict) or part not in item:
            return _MISSING
        item = item[part]
    return item


def _counterpart(want: Dict[str, Any], found: List[Dict[str, Any]], match: Dict[str, str]) -> Optional[Dict[str, Any]]:
    for have in found or []:
        if all(_get(want, mine) == _get(have, theirs) for mine, theirs in match.items()):
            return have
    return None


def drifted(desired: List[Dict[str, Any]], found: List[Dict[str, Any]], match: Dict[str, str], compare: Dict[str, str]) -> List[Dict[str, Any]]:
    """The desired items with no found counterpart, or with one whose compared attributes differ."""
    out = []
    for want in desired or []:
        have = _counterpart(want, found, match)
        if have is None or any(_get(want, mine) != _get(have, theirs) for mine, theirs in compare.items()):
            out.append(want)
    return out


def resolved(
    desired: List[Dict[str, Any]],
    found: List[Dict[str, Any]],
    match: Dict[str, str],
    found_id: str,
    results: List[Dict[str, Any]],
    result_id: str,
    item_path: str = "item",
) -> List[Dict[str, Any]]:
    """Each desired item with its ``id``: from the module run that just converged it, else from what was found.

    ``results`` are the registered results of the loop over the drifted items;
    ``item_path`` is where each carries its desired item (``item.item`` for the
    async_status results of an async loop). The ID is '' where neither knows it
    yet (a resource check mode would create).
    """
    converged = {_key(_get(result, item_path), match): _get(result, result_id) for result in results or [] if _get(result, item_path) is not _MISSING}
    out = []
    for want in desired or []:
        resource_id = converged.get(_key(want, match), _MISSING)
        if resource_id in (_MISSING, None):
            have = _counterpart(want, found, match)
            resource_id = _get(have, found_id) if have is not None else ""
        out.append(dict(want, id="" if resource_id is _MISSING else resource_id))
    return out


def _key(item: Any, match: Dict[str, str]) -> tuple:
    return tuple(repr(_get(item, mine)) for mine in sorted(match))


class FilterModule:
    """Drift filters shared by every role."""

    def filters(self) -> Dict[str, Any]:
        return {"drifted": drifted, "resolved": resolved}
