"""Read once, converge only what differs: which items a role's loop still has to converge, and their IDs."""

from __future__ import annotations

from ansible_collections.webstack.aws.plugins.filter.drift import FilterModule
from ansible_collections.webstack.aws.plugins.filter.drift import drifted
from ansible_collections.webstack.aws.plugins.filter.drift import resolved

MATCH = {"cidr": "cidr_block"}
COMPARE = {"az": "availability_zone", "tags": "tags"}
WANT = [
    {"cidr": "10.0.0.0/24", "az": "a", "tags": {"Name": "one"}},
    {"cidr": "10.0.1.0/24", "az": "b", "tags": {"Name": "two"}},
]
FOUND = [
    {"id": "subnet-1", "cidr_block": "10.0.0.0/24", "availability_zone": "a", "tags": {"Name": "one"}},
    {"id": "subnet-2", "cidr_block": "10.0.1.0/24", "availability_zone": "b", "tags": {"Name": "two", "extra": "tag"}},
    {"id": "subnet-9", "cidr_block": "10.0.9.0/24", "availability_zone": "c", "tags": {}},
]


def test_a_converged_item_is_left_alone_and_a_changed_one_is_converged() -> None:
    assert drifted(WANT, FOUND, MATCH, COMPARE) == [WANT[1]]


def test_a_missing_item_is_converged() -> None:
    assert drifted(WANT, FOUND[1:], MATCH, COMPARE) == WANT


def test_nothing_found_or_nothing_wanted() -> None:
    assert drifted(WANT, None, MATCH, COMPARE) == WANT
    assert drifted([], FOUND, MATCH, COMPARE) == []


def test_dotted_paths_reach_into_dictionaries_and_an_absent_attribute_differs() -> None:
    want = [{"tags": {"Name": "one"}, "routes": []}]
    assert drifted(want, [{"tags": {"Name": "one"}, "routes": []}], {"tags.Name": "tags.Name"}, {"routes": "routes"}) == []
    assert drifted(want, [{"tags": {"Name": "one"}}], {"tags.Name": "tags.Name"}, {"routes": "routes"}) == want
    assert drifted(want, [{"tags": {}}], {"tags.Name": "tags.Name"}, {"routes": "routes"}) == want


def test_ids_come_from_the_run_that_converged_an_item_else_from_what_was_found() -> None:
    results = [{"item": WANT[1], "subnet": {"id": "subnet-new"}}]
    ids = [item["id"] for item in resolved(WANT, FOUND, MATCH, "id", results, "subnet.id")]
    assert ids == ["subnet-1", "subnet-new"]


def test_ids_from_an_async_loop_whose_results_carry_the_item_one_level_down() -> None:
    results = [{"item": {"ansible_job_id": "j1", "item": WANT[1]}, "subnet": {"id": "subnet-new"}}]
    ids = [item["id"] for item in resolved(WANT, FOUND, MATCH, "id", results, "subnet.id", "item.item")]
    assert ids == ["subnet-1", "subnet-new"]


def test_an_item_check_mode_would_create_has_an_empty_id() -> None:
    results = [{"item": WANT[1], "changed": True}]
    assert [item["id"] for item in resolved(WANT, [], MATCH, "id", results, "subnet.id")] == ["", ""]


def test_filters_are_registered_under_their_names() -> None:
    assert set(FilterModule().filters()) == {"drifted", "resolved"}
