"""cloudfront_origin_access_control, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.module_utils import cloudfront_oac
from ansible_collections.webstack.aws.plugins.modules import cloudfront_origin_access_control as module

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "webstack-test-site"
DEFAULTS = {"name": NAME, "description": "", "origin_type": "s3", "signing_behavior": "always", "signing_protocol": "sigv4"}
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"


@dataclass
class World:
    aws: Emulator

    @property
    def cloudfront(self) -> Any:
        return self.aws.client("cloudfront")

    def oac(self, args: dict[str, Any] | None = None, check_mode: bool = False) -> Result:
        return run(module.main, self.aws, {"name": NAME, **(args or {})}, check_mode)

    def oacs(self) -> list[dict[str, Any]]:
        """Every OAC of the account, read through the API's paginator."""
        pages = self.cloudfront.get_paginator("list_origin_access_controls").paginate()
        return [item for page in pages for item in page["OriginAccessControlList"].get("Items", [])]

    def read(self, oac_id: str) -> tuple[dict[str, Any], str]:
        answer = self.cloudfront.get_origin_access_control(Id=oac_id)
        return answer["OriginAccessControl"]["OriginAccessControlConfig"], answer["ETag"]

    def make(self, name: str, **config: str) -> dict[str, Any]:
        """An OAC made behind the module's back; the answer of CreateOriginAccessControl."""
        return self.cloudfront.create_origin_access_control(
            OriginAccessControlConfig={"Name": name, "SigningProtocol": "sigv4", "SigningBehavior": "always", "OriginAccessControlOriginType": "s3", **config}
        )

    def distribution_using(self, oac_id: str) -> str:
        bucket = "webstack-test-site"
        self.aws.client("s3").create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        origin = {
            "Id": "site",
            "DomainName": f"{bucket}.s3.{REGION}.amazonaws.com",
            "S3OriginConfig": {"OriginAccessIdentity": ""},
            "OriginAccessControlId": oac_id,
        }
        config = {
            "CallerReference": "site",
            "Comment": "",
            "Enabled": True,
            "Origins": {"Quantity": 1, "Items": [origin]},
            "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https", "CachePolicyId": CACHING_OPTIMIZED},
        }
        return self.cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["Id"]


@pytest.fixture
def world(aws: Emulator) -> World:
    aws.clear_calls()
    return World(aws)


# Pure rules


@pytest.mark.parametrize(
    ("name", "problem"),
    [("", "must not be empty"), ("   ", "must not be empty"), ("x" * 65, "65 characters")],
)
def test_validate_params_names_the_option_and_what_is_wrong(name: str, problem: str) -> None:
    [error] = module.validate_params(dict(DEFAULTS, name=name))
    assert error.startswith("name ")
    assert problem in error


def test_validate_params_accepts_a_name_of_64_characters() -> None:
    assert module.validate_params(dict(DEFAULTS, name="x" * 64)) == []


def test_config_to_send_is_the_api_config_of_the_options() -> None:
    desired = module.desired_view(dict(DEFAULTS, description="d", origin_type="lambda", signing_behavior="never", state="present"))

    assert module.config_to_send(desired) == {
        "Name": NAME,
        "Description": "d",
        "OriginAccessControlOriginType": "lambda",
        "SigningBehavior": "never",
        "SigningProtocol": "sigv4",
    }


def test_changed_options_lists_only_what_differs() -> None:
    current = cloudfront_oac.oac_view("E1", module.config_to_send(DEFAULTS), "ETAG1")

    assert module.changed_options(current, DEFAULTS) == []
    assert module.changed_options(current, dict(DEFAULTS, description="d", signing_behavior="never")) == ["description", "signing_behavior"]


def test_the_diff_leaves_out_the_etag() -> None:
    view = cloudfront_oac.oac_view("E1", module.config_to_send(DEFAULTS), "ETAG1")

    assert module.settings(view) == dict(DEFAULTS, id="E1")
    assert module.settings(None) == {}


def test_a_summary_without_description_reads_as_empty() -> None:
    summary = {"Id": "E1", "Name": NAME, "SigningProtocol": "sigv4", "SigningBehavior": "always", "OriginAccessControlOriginType": "s3"}

    assert cloudfront_oac.summary_view(summary) == dict(DEFAULTS, id="E1")


# Create


def test_create_makes_the_oac_with_the_options(world: World) -> None:
    args = {"description": "the site bucket", "signing_behavior": "no-override", "origin_type": "mediastore"}

    run_ = world.oac(args)

    assert not run_.failed, run_.out
    assert run_.changed
    [summary] = world.oacs()
    config, etag = world.read(summary["Id"])
    assert config == {
        "Name": NAME,
        "Description": "the site bucket",
        "SigningProtocol": "sigv4",
        "SigningBehavior": "no-override",
        "OriginAccessControlOriginType": "mediastore",
    }
    assert run_.out["origin_access_control"] == dict(DEFAULTS, id=summary["Id"], etag=etag, **args)
    assert run_.out["diff"] == {"before": {}, "after": dict(DEFAULTS, id=summary["Id"], **args)}
    assert world.aws.calls().mutating == ["cloudfront:CreateOriginAccessControl"]


def test_create_with_defaults_signs_always_for_s3(world: World) -> None:
    run_ = world.oac()

    assert not run_.failed, run_.out
    config, _etag = world.read(run_.out["origin_access_control"]["id"])
    assert (config["Description"], config["OriginAccessControlOriginType"], config["SigningBehavior"], config["SigningProtocol"]) == (
        "",
        "s3",
        "always",
        "sigv4",
    )


def test_the_region_does_not_matter_to_a_global_service(world: World) -> None:
    created = world.oac({"region": "ap-southeast-2"}).out["origin_access_control"]

    again = world.oac({"region": "us-east-1"})

    assert not again.changed
    assert again.out["origin_access_control"]["id"] == created["id"]


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = {"description": "the site bucket", "signing_behavior": "no-override"}
    first = world.oac(args)
    world.aws.clear_calls()

    again = world.oac(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["origin_access_control"] == first.out["origin_access_control"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    run_ = world.oac({"description": "would be"}, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.oacs() == []
    assert world.aws.calls().mutating == []
    assert run_.out["origin_access_control"] == dict(DEFAULTS, description="would be")
    assert run_.out["diff"] == {"before": {}, "after": dict(DEFAULTS, description="would be")}


def test_check_mode_on_a_converged_oac_reports_no_change(world: World) -> None:
    world.oac()
    world.aws.clear_calls()

    run_ = world.oac(check_mode=True)

    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_an_oac_on_a_later_page_is_found_not_duplicated(world: World) -> None:
    made = sorted(world.make(f"other-{n:03}")["OriginAccessControl"]["Id"] for n in range(101))
    target = made[-1]  # the emulator lists 100 a page, in id order: the last id is on the second page
    config, etag = world.read(target)
    world.cloudfront.update_origin_access_control(Id=target, IfMatch=etag, OriginAccessControlConfig=dict(config, Name=NAME))
    world.aws.clear_calls()

    run_ = world.oac()

    assert not run_.failed, run_.out
    assert not run_.changed
    assert run_.out["origin_access_control"]["id"] == target
    assert world.aws.calls().count("ListOriginAccessControls") == 2
    assert world.aws.calls().mutating == []


# Update


def test_update_changes_the_oac_in_place_with_its_etag(world: World) -> None:
    created = world.oac({"description": "old"}).out["origin_access_control"]
    world.aws.clear_calls()

    run_ = world.oac({"description": "new", "signing_behavior": "never", "origin_type": "lambda"})

    assert not run_.failed, run_.out
    assert run_.changed
    [summary] = world.oacs()
    config, etag = world.read(created["id"])
    assert summary["Id"] == created["id"]
    assert (config["Description"], config["SigningBehavior"], config["OriginAccessControlOriginType"]) == ("new", "never", "lambda")
    assert run_.out["origin_access_control"]["etag"] == etag != created["etag"]
    assert run_.out["diff"]["before"] == dict(DEFAULTS, id=created["id"], description="old")
    assert run_.out["diff"]["after"] == dict(DEFAULTS, id=created["id"], description="new", signing_behavior="never", origin_type="lambda")
    assert world.aws.calls().mutating == ["cloudfront:UpdateOriginAccessControl"]


def test_check_mode_update_changes_nothing(world: World) -> None:
    created = world.oac({"description": "old"}).out["origin_access_control"]
    world.aws.clear_calls()

    run_ = world.oac({"description": "new"}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.read(created["id"]) == (module.config_to_send(dict(DEFAULTS, description="old")), created["etag"])
    assert run_.out["diff"]["after"] == dict(DEFAULTS, id=created["id"], description="new")
    assert "etag" not in run_.out["origin_access_control"]


def test_an_update_after_a_change_by_someone_else_fails_and_overwrites_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    created = world.oac({"description": "old"}).out["origin_access_control"]
    config, etag = world.read(created["id"])
    world.cloudfront.update_origin_access_control(Id=created["id"], IfMatch=etag, OriginAccessControlConfig=dict(config, Description="theirs"))
    monkeypatch.setattr(module, "find_by_name", lambda client, name: created)  # the module read before their change

    run_ = world.oac({"description": "mine"})

    assert run_.failed
    assert NAME in run_.out["msg"] and "changed while" in run_.out["msg"]
    assert world.read(created["id"])[0]["Description"] == "theirs"


def test_an_oac_created_since_the_lookup_is_updated_not_duplicated(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    real = module.find_by_name
    lookups: list[str] = []

    def first_lookup_misses(client: Any, name: str) -> dict[str, Any] | None:
        lookups.append(name)
        return None if len(lookups) == 1 else real(client, name)

    monkeypatch.setattr(module, "find_by_name", first_lookup_misses)
    theirs = world.make(NAME, Description="theirs")["OriginAccessControl"]["Id"]
    world.aws.clear_calls()

    run_ = world.oac({"description": "mine"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert [item["Id"] for item in world.oacs()] == [theirs]
    assert world.read(theirs)[0]["Description"] == "mine"
    assert world.aws.calls().mutating == ["cloudfront:CreateOriginAccessControl", "cloudfront:UpdateOriginAccessControl"]


# Absent


def test_absent_deletes_the_oac(world: World) -> None:
    created = world.oac({"description": "gone soon"}).out["origin_access_control"]
    world.aws.clear_calls()

    run_ = world.oac({"state": "absent"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.oacs() == []
    assert run_.out["diff"] == {"before": dict(DEFAULTS, id=created["id"], description="gone soon"), "after": {}}
    assert world.aws.calls().mutating == ["cloudfront:DeleteOriginAccessControl"]


def test_absent_leaves_other_oacs_alone(world: World) -> None:
    other = world.make("webstack-test-media")["OriginAccessControl"]["Id"]
    world.oac()

    world.oac({"state": "absent"})

    assert [item["Id"] for item in world.oacs()] == [other]


def test_absent_twice_changes_nothing(world: World) -> None:
    world.oac()
    world.oac({"state": "absent"})
    world.aws.clear_calls()

    run_ = world.oac({"state": "absent"})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.oac()
    world.aws.clear_calls()

    run_ = world.oac({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert [item["Name"] for item in world.oacs()] == [NAME]


def test_absent_of_an_oac_a_distribution_uses_fails_naming_it(world: World) -> None:
    created = world.oac().out["origin_access_control"]
    world.distribution_using(created["id"])
    world.aws.clear_calls()

    run_ = world.oac({"state": "absent"})

    assert run_.failed
    assert NAME in run_.out["msg"] and created["id"] in run_.out["msg"]
    assert "distribution still uses it" in run_.out["msg"]
    assert world.aws.calls().mutating == ["cloudfront:DeleteOriginAccessControl"]  # once: no retry loop
    assert [item["Id"] for item in world.oacs()] == [created["id"]]


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 65}, "name"),
        ({"origin_type": "s4"}, "origin_type"),
        ({"signing_behavior": "sometimes"}, "signing_behavior"),
        ({"signing_protocol": "sigv4a"}, "signing_protocol"),
        ({"state": "gone"}, "state"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.oac(args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []
