"""cost_allocation_tags and cost_allocation_tags_info: pure functions, and main() end to end against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import cost_allocation_tags
from ansible_collections.webstack.aws.plugins.modules import cost_allocation_tags_info

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

STACK_TAGS = {"webstack:stack": "test", "webstack:environment": "dev", "CostCenter": "42"}


@dataclass
class World:
    aws: Emulator

    def tags(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(cost_allocation_tags.main, self.aws, args, check_mode)

    def info(self, args: dict[str, Any]) -> Result:
        return run(cost_allocation_tags_info.main, self.aws, args)

    def warnings(self, result: Result) -> list[str]:
        """The warning messages of a run (ansible keeps them for the process: name keys no other test uses).

        ansible-core reports a warning as a structured event, or as a plain string once another module of the
        same process has passed ``warnings`` to ``exit_json`` (deprecated, still done by some stock modules).
        """
        return [warning if isinstance(warning, str) else warning["event"]["msg"] for warning in result.out.get("warnings", [])]

    def statuses(self) -> dict[str, str]:
        """Every cost allocation tag's status, as AWS holds it."""
        pages = self.aws.client("ce").get_paginator("list_cost_allocation_tags").paginate()
        return {tag["TagKey"]: tag["Status"] for page in pages for tag in page["CostAllocationTags"]}

    def tag_resource(self, tags: dict[str, str]) -> None:
        self.aws.client("sns").create_topic(Name=f"topic-{len(tags)}", Tags=[{"Key": k, "Value": v} for k, v in tags.items()])


@pytest.fixture
def world(aws: Emulator) -> World:
    """An SNS topic carrying the stack's tags, so AWS knows their keys; the call log starts empty."""
    world = World(aws)
    world.tag_resource(STACK_TAGS)
    aws.clear_calls()
    return world


# Pure functions


def test_validate_accepts_keys_up_to_128_characters_and_aws_generated_keys() -> None:
    assert cost_allocation_tags.validate_params({"tag_keys": ["a" * 128, "aws:createdBy", "Cost Center"]}) == []


@pytest.mark.parametrize(
    ("tag_keys", "expected"),
    [([], "at least one"), ([""], "empty key"), (["ok", "k" * 129], "at most 128")],
    ids=["no-keys", "empty-key", "too-long"],
)
def test_validate_names_the_option_and_the_rule(tag_keys: list[str], expected: str) -> None:
    [error] = cost_allocation_tags.validate_params({"tag_keys": tag_keys})
    assert error.startswith("tag_keys") and expected in error


def test_unique_keeps_the_first_of_each_key_in_order() -> None:
    assert cost_allocation_tags.unique(["b", "a", "b", "c", "a"]) == ["b", "a", "c"]


def test_chunks_split_into_batches_of_at_most_size() -> None:
    assert [len(batch) for batch in cost_allocation_tags.chunks(list(range(45)), 20)] == [20, 20, 5]
    assert cost_allocation_tags.chunks([], 20) == []


def test_status_entries_are_the_known_keys_whose_status_differs() -> None:
    current = {"a": {"TagKey": "a", "Status": "Active"}, "b": {"TagKey": "b", "Status": "Inactive"}}
    assert cost_allocation_tags.status_entries(["a", "b", "unknown"], current, "Active") == [{"TagKey": "b", "Status": "Active"}]
    assert cost_allocation_tags.status_entries(["a", "b"], current, "Inactive") == [{"TagKey": "a", "Status": "Inactive"}]


def test_predicted_applies_the_entries_to_the_known_keys() -> None:
    current = {"a": {"TagKey": "a", "Type": "UserDefined", "Status": "Inactive"}}
    after = cost_allocation_tags.predicted(["a", "missing"], current, [{"TagKey": "a", "Status": "Active"}])
    assert after == {"a": {"TagKey": "a", "Type": "UserDefined", "Status": "Active"}}
    assert current["a"]["Status"] == "Inactive"


def test_tag_view_names_each_field_and_omits_absent_dates() -> None:
    tag = {"TagKey": "a", "Type": "UserDefined", "Status": "Active", "LastUsedDate": "2025-01-01T00:00:00Z"}
    assert cost_allocation_tags.tag_view(tag) == {"key": "a", "type": "UserDefined", "status": "Active", "last_used_date": "2025-01-01T00:00:00Z"}


class FakeCe:
    """Answers UpdateCostAllocationTagsStatus with an error for each key in refused; records each call's keys."""

    def __init__(self, refused: set[str]) -> None:
        self.refused = refused
        self.batches: list[list[str]] = []

    def update_cost_allocation_tags_status(self, aws_retry: bool, **request: list[dict[str, str]]) -> dict[str, Any]:
        assert aws_retry
        keys = [entry["TagKey"] for entry in request["CostAllocationTagsStatus"]]
        self.batches.append(keys)
        return {"Errors": [{"TagKey": key, "Code": "TagKeysNotFoundException", "Message": f"{key} does not exist"} for key in keys if key in self.refused]}


def test_update_statuses_sends_twenty_a_call_and_gathers_every_error() -> None:
    client = FakeCe(refused={"k3", "k24"})
    entries = [{"TagKey": f"k{n}", "Status": "Active"} for n in range(25)]
    errors = cost_allocation_tags.update_statuses(client, entries)
    assert [len(batch) for batch in client.batches] == [20, 5]
    assert [error["TagKey"] for error in errors] == ["k3", "k24"]
    message = cost_allocation_tags.update_errors_message(errors, "Active")
    assert "k3: TagKeysNotFoundException: k3 does not exist" in message and "k24: TagKeysNotFoundException" in message


def test_info_requests_filter_by_status_and_type_and_split_keys_by_hundred() -> None:
    keys = [f"k{n}" for n in range(250)]
    requests = cost_allocation_tags_info.list_requests({"tag_keys": keys, "status": "Active", "type": None})
    assert [len(r["TagKeys"]) for r in requests] == [100, 100, 50]
    assert all(r["Status"] == "Active" and "Type" not in r for r in requests)
    assert cost_allocation_tags_info.list_requests({"tag_keys": [], "status": None, "type": "UserDefined"}) == [{"Type": "UserDefined"}]


# Activation


def test_activate_sets_every_known_key_active(world: World) -> None:
    result = world.tags({"tag_keys": list(STACK_TAGS)})

    assert not result.failed, result.out
    assert result.changed
    assert {key: world.statuses()[key] for key in STACK_TAGS} == dict.fromkeys(STACK_TAGS, "Active")
    assert [tag["key"] for tag in result.out["tags"]] == list(STACK_TAGS)
    first = result.out["tags"][0]
    assert (first["type"], first["status"]) == ("UserDefined", "Active")
    assert first["last_updated_date"] and first["last_used_date"]
    assert result.out["not_found"] == []
    assert world.aws.calls().mutating == ["ce:UpdateCostAllocationTagsStatus"]


def test_a_second_run_changes_nothing_and_makes_no_mutating_call(world: World) -> None:
    world.tags({"tag_keys": list(STACK_TAGS)})
    world.aws.clear_calls()

    again = world.tags({"tag_keys": list(STACK_TAGS)})

    assert not again.failed and not again.changed
    assert world.aws.calls().mutating == []
    assert [tag["status"] for tag in again.out["tags"]] == ["Active"] * 3


def test_only_keys_whose_status_differs_are_sent(world: World) -> None:
    world.aws.client("ce").update_cost_allocation_tags_status(CostAllocationTagsStatus=[{"TagKey": "CostCenter", "Status": "Active"}])
    world.aws.clear_calls()

    result = world.tags({"tag_keys": list(STACK_TAGS)})

    assert result.changed
    assert result.out["diff"] == {
        "before": {"webstack:stack": "Inactive", "webstack:environment": "Inactive", "CostCenter": "Active"},
        "after": {"webstack:stack": "Active", "webstack:environment": "Active", "CostCenter": "Active"},
    }


def test_check_mode_reports_the_change_and_changes_nothing(world: World) -> None:
    result = world.tags({"tag_keys": ["webstack:stack"]}, check_mode=True)

    assert not result.failed and result.changed
    assert result.out["tags"][0]["status"] == "Active"
    assert result.out["diff"] == {"before": {"webstack:stack": "Inactive"}, "after": {"webstack:stack": "Active"}}
    assert world.aws.calls().mutating == []
    assert world.statuses()["webstack:stack"] == "Inactive"


def test_deactivate_sets_active_keys_inactive(world: World) -> None:
    world.tags({"tag_keys": list(STACK_TAGS)})

    result = world.tags({"tag_keys": ["CostCenter"], "status": "Inactive"})

    assert result.changed
    statuses = world.statuses()
    assert (statuses["CostCenter"], statuses["webstack:stack"]) == ("Inactive", "Active")
    assert result.out["diff"] == {"before": {"CostCenter": "Active"}, "after": {"CostCenter": "Inactive"}}


def test_more_than_twenty_keys_are_sent_in_batches(world: World) -> None:
    keys = [f"team-{n:02d}" for n in range(25)]
    world.tag_resource(dict.fromkeys(keys, "x"))
    world.aws.clear_calls()

    result = world.tags({"tag_keys": keys})

    assert not result.failed, result.out
    assert world.aws.calls().count("UpdateCostAllocationTagsStatus") == 2
    assert all(world.statuses()[key] == "Active" for key in keys)


def test_the_aws_generated_created_by_tag_can_be_activated(world: World) -> None:
    result = world.tags({"tag_keys": ["aws:createdBy"]})

    assert not result.failed and result.changed
    [tag] = result.out["tags"]
    assert (tag["key"], tag["type"], tag["status"]) == ("aws:createdBy", "AWSGenerated", "Active")
    assert tag["last_updated_date"] and "last_used_date" not in tag
    assert world.statuses()["aws:createdBy"] == "Active"


def test_a_key_given_twice_is_sent_once(world: World) -> None:
    result = world.tags({"tag_keys": ["CostCenter", "CostCenter"]})

    assert [tag["key"] for tag in result.out["tags"]] == ["CostCenter"]
    assert world.statuses()["CostCenter"] == "Active"


# Keys AWS does not know yet


def test_unknown_keys_warn_and_the_known_ones_are_activated(world: World) -> None:
    result = world.tags({"tag_keys": ["CostCenter", "not-seen-yet"]})

    assert not result.failed and result.changed
    assert result.out["not_found"] == ["not-seen-yet"]
    assert any("not-seen-yet" in warning for warning in world.warnings(result))
    assert world.statuses()["CostCenter"] == "Active"
    assert "not-seen-yet" not in world.statuses()


def test_unknown_keys_with_missing_fail_fail_before_any_change(world: World) -> None:
    result = world.tags({"tag_keys": ["CostCenter", "not-seen-yet", "later"], "missing": "fail"})

    assert result.failed
    assert "not-seen-yet, later" in result.out["msg"]
    assert result.out["not_found"] == ["not-seen-yet", "later"]
    assert world.aws.calls().mutating == []
    assert world.statuses()["CostCenter"] == "Inactive"


def test_unknown_keys_are_not_a_problem_for_deactivation(world: World) -> None:
    result = world.tags({"tag_keys": ["retired-key"], "status": "Inactive", "missing": "fail"})

    assert not result.failed and not result.changed
    assert result.out["not_found"] == ["retired-key"]
    assert not any("retired-key" in warning for warning in world.warnings(result))


# Bad inputs


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"tag_keys": []}, "tag_keys"),
        ({"tag_keys": ["CostCenter", ""]}, "tag_keys"),
        ({"tag_keys": ["k" * 129]}, "tag_keys"),
        ({"tag_keys": ["CostCenter"], "status": "Enabled"}, "status"),
        ({"tag_keys": ["CostCenter"], "missing": "ignore"}, "missing"),
    ],
    ids=["no-keys", "empty-key", "too-long", "bad-status", "bad-missing"],
)
def test_bad_input_fails_naming_the_option_with_no_call(world: World, args: dict[str, Any], expected: str) -> None:
    result = world.tags(args)

    assert result.failed
    assert expected in result.out["msg"]
    assert world.aws.calls().calls == []
    assert world.statuses()["CostCenter"] == "Inactive"


# Info


def test_info_lists_every_known_key_by_key(world: World) -> None:
    result = world.info({})

    assert not result.failed and not result.changed
    assert [tag["key"] for tag in result.out["tags"]] == sorted([*STACK_TAGS, "aws:createdBy"])


def test_info_filters_by_status_type_and_keys(world: World) -> None:
    world.tags({"tag_keys": ["CostCenter", "aws:createdBy"]})

    assert [t["key"] for t in world.info({"status": "Active"}).out["tags"]] == ["CostCenter", "aws:createdBy"]
    assert [t["key"] for t in world.info({"status": "Active", "type": "UserDefined"}).out["tags"]] == ["CostCenter"]
    assert [t["key"] for t in world.info({"type": "AWSGenerated"}).out["tags"]] == ["aws:createdBy"]
    assert [t["key"] for t in world.info({"tag_keys": ["webstack:stack", "not-seen-yet"]}).out["tags"]] == ["webstack:stack"]
    active = world.info({"tag_keys": ["CostCenter"]}).out["tags"][0]
    assert (active["type"], active["status"]) == ("UserDefined", "Active") and active["last_updated_date"]
    assert world.aws.calls().mutating == ["ce:UpdateCostAllocationTagsStatus"]
