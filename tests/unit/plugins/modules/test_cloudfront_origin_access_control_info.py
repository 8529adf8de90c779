"""cloudfront_origin_access_control_info run end to end through main() against the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import cloudfront_origin_access_control_info as info_module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run


def make(aws: Emulator, name: str, **config: str) -> dict[str, Any]:
    return aws.client("cloudfront").create_origin_access_control(
        OriginAccessControlConfig={"Name": name, "SigningProtocol": "sigv4", "SigningBehavior": "always", "OriginAccessControlOriginType": "s3", **config}
    )


def info(aws: Emulator, args: dict[str, Any]) -> Result:
    return run(info_module.main, aws, args)


@pytest.fixture
def site(aws: Emulator) -> dict[str, Any]:
    """The OAC webstack-test-site (CreateOriginAccessControl's answer) next to webstack-test-media; the call log starts empty."""
    created = make(aws, "webstack-test-site", Description="the site bucket", SigningBehavior="no-override")
    make(aws, "webstack-test-media", OriginAccessControlOriginType="mediastore")
    aws.clear_calls()
    return created


def expected_site(site: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": site["OriginAccessControl"]["Id"],
        "name": "webstack-test-site",
        "description": "the site bucket",
        "origin_type": "s3",
        "signing_behavior": "no-override",
        "signing_protocol": "sigv4",
        "etag": site["ETag"],
    }


def test_info_lists_every_oac_without_etags(aws: Emulator, site: dict[str, Any]) -> None:
    run_ = info(aws, {})

    assert not run_.failed, run_.out
    assert not run_.changed
    by_name = {oac["name"]: oac for oac in run_.out["origin_access_controls"]}
    assert sorted(by_name) == ["webstack-test-media", "webstack-test-site"]
    assert by_name["webstack-test-site"] == {key: value for key, value in expected_site(site).items() if key != "etag"}
    assert by_name["webstack-test-media"]["origin_type"] == "mediastore"
    assert aws.calls().mutating == []


def test_info_lists_every_page(aws: Emulator) -> None:
    for n in range(101):
        make(aws, f"oac-{n:03}")
    aws.clear_calls()

    run_ = info(aws, {})

    assert sorted(oac["name"] for oac in run_.out["origin_access_controls"]) == [f"oac-{n:03}" for n in range(101)]
    assert aws.calls().count("ListOriginAccessControls") == 2


def test_info_by_name_answers_the_oac_with_its_etag(aws: Emulator, site: dict[str, Any]) -> None:
    run_ = info(aws, {"name": "webstack-test-site"})

    assert not run_.failed, run_.out
    assert run_.out["origin_access_controls"] == [expected_site(site)]


def test_info_by_id_answers_the_oac_with_its_etag(aws: Emulator, site: dict[str, Any]) -> None:
    run_ = info(aws, {"id": site["OriginAccessControl"]["Id"]})

    assert run_.out["origin_access_controls"] == [expected_site(site)]
    assert [call["operation"] for call in aws.calls().calls] == ["GetOriginAccessControl"]


@pytest.mark.parametrize("args", [{"name": "webstack-test-nothing"}, {"id": "E0000000000000"}])
def test_info_of_an_oac_that_does_not_exist_is_empty(aws: Emulator, site: dict[str, Any], args: dict[str, str]) -> None:
    run_ = info(aws, args)

    assert not run_.failed, run_.out
    assert run_.out["origin_access_controls"] == []


def test_info_refuses_a_name_and_an_id_together(aws: Emulator, site: dict[str, Any]) -> None:
    run_ = info(aws, {"name": "webstack-test-site", "id": site["OriginAccessControl"]["Id"]})

    assert run_.failed
    assert "name" in run_.out["msg"] and "id" in run_.out["msg"]
    assert aws.calls().calls == []
