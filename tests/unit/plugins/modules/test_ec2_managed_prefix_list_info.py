"""ec2_managed_prefix_list_info against the emulator: AWS-managed lists by name, customer lists, no writes."""

from __future__ import annotations

from ansible_collections.webstack.aws.plugins.modules import ec2_managed_prefix_list_info as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import run

CLOUDFRONT = "com.amazonaws.global.cloudfront.origin-facing"


def test_finds_cloudfronts_origin_facing_list_by_name(aws: Emulator) -> None:
    result = run(module.main, aws, {"names": [CLOUDFRONT]})
    assert not result.failed and not result.changed
    [found] = result.out["prefix_lists"]
    assert found["prefix_list_name"] == CLOUDFRONT
    assert found["prefix_list_id"].startswith("pl-")
    assert found["owner_id"] == "AWS"
    assert found["address_family"] == "IPv4"


def test_lists_a_customer_list_with_its_tags_and_nothing_else_when_named(aws: Emulator) -> None:
    ec2 = aws.client("ec2")
    made = ec2.create_managed_prefix_list(
        PrefixListName="office",
        MaxEntries=2,
        AddressFamily="IPv4",
        Entries=[{"Cidr": "192.0.2.0/24"}],
        TagSpecifications=[{"ResourceType": "prefix-list", "Tags": [{"Key": "team", "Value": "web"}]}],
    )["PrefixList"]
    aws.clear_calls()
    result = run(module.main, aws, {"names": ["office"]})
    assert [(entry["prefix_list_id"], entry["tags"]) for entry in result.out["prefix_lists"]] == [(made["PrefixListId"], {"team": "web"})]
    assert aws.calls().mutating == []


def test_without_names_lists_every_list_sorted_by_name(aws: Emulator) -> None:
    names = [entry["prefix_list_name"] for entry in run(module.main, aws, {}).out["prefix_lists"]]
    assert CLOUDFRONT in names and names == sorted(names)


def test_an_unknown_name_finds_nothing(aws: Emulator) -> None:
    assert run(module.main, aws, {"names": ["no-such-list"]}).out["prefix_lists"] == []
