"""The emulator's Security Hub: the standards catalogue and subscriptions, the hub's settings and tags, AWS's errors."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from webstack_emulator.extensions import securityhub as extension

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.securityhub import CIS_12_ARN
from tests.unit.emulator.checks.securityhub import FSBP_ARN
from tests.unit.emulator.checks.securityhub import HUB_ARN
from tests.unit.emulator.checks.securityhub import PCI_ARN
from tests.unit.emulator.checks.securityhub import PCI_SUBSCRIPTION_ARN
from tests.unit.emulator.checks.securityhub import hub
from tests.unit.emulator.model import enum_values
from tests.unit.emulator.model import shape_errors

NIST_ARN = f"arn:aws:securityhub:{REGION}::standards/nist-800-53/v/5.0.0"


def error_of(call: Any, *args: Any, **params: Any) -> tuple[str, int, str]:
    """The error code, HTTP status and message a call answers."""
    with pytest.raises(ClientError) as raised:
        call(*args, **params)
    answer = raised.value.response
    return answer["Error"]["Code"], answer["ResponseMetadata"]["HTTPStatusCode"], answer["Error"]["Message"]


def subscribed(client: Any) -> dict[str, str]:
    """StandardsArn -> StandardsStatus of every subscription (one read)."""
    return {s["StandardsArn"]: s["StandardsStatus"] for s in client.get_enabled_standards()["StandardsSubscriptions"]}


def enable(client: Any, *standards_arns: str) -> dict[str, Any]:
    return client.batch_enable_standards(StandardsSubscriptionRequests=[{"StandardsArn": arn} for arn in standards_arns])


# The catalogue


def test_the_catalogue_is_readable_before_security_hub_is_enabled(aws: Emulator) -> None:
    standards = aws.client("securityhub").describe_standards()["Standards"]

    assert len(standards) == len(extension.CATALOGUE)
    assert {s["StandardsArn"] for s in standards} >= {FSBP_ARN, CIS_12_ARN, PCI_ARN, NIST_ARN}


def test_only_cis_v1_2_0_has_a_global_arn(aws: Emulator) -> None:
    arns = [s["StandardsArn"] for s in aws.client("securityhub").describe_standards()["Standards"]]

    assert [arn for arn in arns if not arn.startswith(f"arn:aws:securityhub:{REGION}::standards/")] == [CIS_12_ARN]


def test_the_catalogue_names_the_standards_of_its_region(aws: Emulator) -> None:
    arns = {s["StandardsArn"] for s in aws.client("securityhub", region="us-east-1").describe_standards()["Standards"]}

    assert "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1" in arns
    assert CIS_12_ARN in arns


def test_the_default_standards_are_fsbp_and_cis_v1_2_0(aws: Emulator) -> None:
    standards = aws.client("securityhub").describe_standards()["Standards"]

    assert sorted(s["StandardsArn"] for s in standards if s["EnabledByDefault"]) == sorted([FSBP_ARN, CIS_12_ARN])
    assert {s["Provider"] for s in standards} <= set(enum_values("securityhub", "StandardsProvider"))


def test_describe_standards_pages(aws: Emulator) -> None:
    client = aws.client("securityhub")
    first = client.describe_standards(MaxResults=4)
    pages = list(client.get_paginator("describe_standards").paginate(PaginationConfig={"PageSize": 3}))

    assert len(first["Standards"]) == 4 and first["NextToken"]
    assert [len(p["Standards"]) for p in pages] == [3, 3, 3, 1]
    assert [s["StandardsArn"] for p in pages for s in p["Standards"]] == [s["StandardsArn"] for s in client.describe_standards()["Standards"]]
    assert "NextToken" not in pages[-1]


def test_describe_standards_filters_by_provider(aws: Emulator) -> None:
    assert aws.client("securityhub").describe_standards(Providers=["Azure"])["Standards"] == []


def test_a_bad_next_token_is_invalid_input(aws: Emulator) -> None:
    assert error_of(aws.client("securityhub").describe_standards, NextToken="not-a-token")[:2] == ("InvalidInputException", 400)


# The hub


def test_enable_security_hub_enables_the_default_standards_unless_told_not_to(aws: Emulator) -> None:
    client = aws.client("securityhub")
    client.enable_security_hub()

    assert subscribed(client) == {FSBP_ARN: "PENDING", CIS_12_ARN: "PENDING"}
    client.disable_security_hub()
    client.enable_security_hub(EnableDefaultStandards=False)
    assert subscribed(client) == {}


def test_a_new_hub_has_aws_defaults(aws: Emulator) -> None:
    described = hub(aws).describe_hub()

    assert (described["AutoEnableControls"], described["ControlFindingGenerator"]) == (True, "SECURITY_CONTROL")
    assert shape_errors("securityhub", "DescribeHub", described) == ""


def test_enabling_twice_is_a_conflict(aws: Emulator) -> None:
    client = hub(aws)

    assert error_of(client.enable_security_hub)[:2] == ("ResourceConflictException", 409)


def test_a_disabled_hub_answers_invalid_access(aws: Emulator) -> None:
    client = aws.client("securityhub")

    for call, args, params in [
        (client.describe_hub, (), {}),
        (client.get_enabled_standards, (), {}),
        (client.update_security_hub_configuration, (), {"AutoEnableControls": False}),
        (enable, (client, PCI_ARN), {}),
        (client.batch_disable_standards, (), {"StandardsSubscriptionArns": [PCI_SUBSCRIPTION_ARN]}),
    ]:
        code, status, message = error_of(call, *args, **params)
        assert (code, status) == ("InvalidAccessException", 401)
        assert "not subscribed to AWS Security Hub" in message


def test_the_error_is_in_the_rest_json_shape(aws: Emulator) -> None:
    with pytest.raises(ClientError) as raised:
        aws.client("securityhub").get_enabled_standards()

    assert raised.value.response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == "InvalidAccessException"


def test_update_configuration_changes_only_what_it_is_given(aws: Emulator) -> None:
    client = hub(aws)
    client.update_security_hub_configuration(AutoEnableControls=False)
    client.update_security_hub_configuration(ControlFindingGenerator="STANDARD_CONTROL")

    described = client.describe_hub()
    assert (described["AutoEnableControls"], described["ControlFindingGenerator"]) == (False, "STANDARD_CONTROL")


def test_update_configuration_refuses_an_unknown_generator(aws: Emulator) -> None:
    assert error_of(hub(aws).update_security_hub_configuration, ControlFindingGenerator="PER_CONTROL")[:2] == ("InvalidInputException", 400)


def test_disable_security_hub_forgets_standards_settings_and_tags(aws: Emulator) -> None:
    client = hub(aws, Tags={"a": "1"}, ControlFindingGenerator="STANDARD_CONTROL")
    enable(client, PCI_ARN)
    client.update_security_hub_configuration(AutoEnableControls=False)
    client.disable_security_hub()

    client.enable_security_hub(EnableDefaultStandards=False)

    described = client.describe_hub()
    assert (described["AutoEnableControls"], described["ControlFindingGenerator"]) == (True, "SECURITY_CONTROL")
    assert client.list_tags_for_resource(ResourceArn=HUB_ARN)["Tags"] == {}
    assert subscribed(client) == {}


def test_a_hub_arn_of_another_region_is_not_found(aws: Emulator) -> None:
    assert error_of(hub(aws).describe_hub, HubArn="arn:aws:securityhub:us-east-1:123456789012:hub/default")[:2] == ("ResourceNotFoundException", 404)


# Subscriptions


def test_a_new_subscription_is_pending_on_its_first_read_then_ready(aws: Emulator) -> None:
    client = hub(aws)
    answer = enable(client, NIST_ARN)["StandardsSubscriptions"][0]

    assert (answer["StandardsStatus"], answer["StandardsControlsUpdatable"]) == ("PENDING", "NOT_READY_FOR_UPDATES")
    assert subscribed(client) == {NIST_ARN: "PENDING"}
    ready = client.get_enabled_standards()["StandardsSubscriptions"][0]
    assert (ready["StandardsStatus"], ready["StandardsControlsUpdatable"]) == ("READY", "READY_FOR_UPDATES")
    assert subscribed(client) == {NIST_ARN: "READY"}


def test_subscription_arns_name_the_account_and_region(aws: Emulator) -> None:
    answer = enable(hub(aws), CIS_12_ARN, PCI_ARN)["StandardsSubscriptions"]

    assert [s["StandardsSubscriptionArn"] for s in answer] == [
        f"arn:aws:securityhub:{REGION}:123456789012:subscription/cis-aws-foundations-benchmark/v/1.2.0",
        PCI_SUBSCRIPTION_ARN,
    ]


def test_enabling_an_enabled_standard_answers_the_subscription_as_it_is(aws: Emulator) -> None:
    client = hub(aws)
    enable(client, PCI_ARN)
    subscribed(client)
    subscribed(client)

    again = enable(client, PCI_ARN)["StandardsSubscriptions"]

    assert [(s["StandardsSubscriptionArn"], s["StandardsStatus"]) for s in again] == [(PCI_SUBSCRIPTION_ARN, "READY")]
    assert len(client.get_enabled_standards()["StandardsSubscriptions"]) == 1


def test_enabling_an_unknown_standard_is_invalid_input_and_enables_nothing(aws: Emulator) -> None:
    client = hub(aws)
    other_region = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1"

    code, status, message = error_of(enable, client, NIST_ARN, other_region)

    assert (code, status) == ("InvalidInputException", 400)
    assert message == f'Invalid StandardsSubscriptionRequest(s): [{{"StandardsArn":"{other_region}"}}]'
    assert subscribed(client) == {}


def test_disabling_answers_deleting_and_the_subscription_leaves(aws: Emulator) -> None:
    client = hub(aws)
    enable(client, PCI_ARN, NIST_ARN)

    answer = client.batch_disable_standards(StandardsSubscriptionArns=[PCI_SUBSCRIPTION_ARN])["StandardsSubscriptions"]

    assert [(s["StandardsArn"], s["StandardsStatus"]) for s in answer] == [(PCI_ARN, "DELETING")]
    assert list(subscribed(client)) == [NIST_ARN]


def test_disabling_a_subscription_the_account_lacks_is_invalid_input(aws: Emulator) -> None:
    client = hub(aws)

    code, status, message = error_of(client.batch_disable_standards, StandardsSubscriptionArns=[PCI_SUBSCRIPTION_ARN])

    assert (code, status) == ("InvalidInputException", 400)
    assert PCI_SUBSCRIPTION_ARN in message


def test_get_enabled_standards_filters_by_subscription_arn(aws: Emulator) -> None:
    client = hub(aws, EnableDefaultStandards=True)
    enable(client, PCI_ARN)

    found = client.get_enabled_standards(StandardsSubscriptionArns=[PCI_SUBSCRIPTION_ARN, f"{PCI_SUBSCRIPTION_ARN}-gone"])["StandardsSubscriptions"]

    assert [s["StandardsArn"] for s in found] == [PCI_ARN]


def test_get_enabled_standards_pages(aws: Emulator) -> None:
    client = hub(aws, EnableDefaultStandards=True)
    enable(client, PCI_ARN, NIST_ARN)

    first = client.get_enabled_standards(MaxResults=3)
    rest = client.get_enabled_standards(MaxResults=3, NextToken=first["NextToken"])

    assert [s["StandardsArn"] for s in first["StandardsSubscriptions"] + rest["StandardsSubscriptions"]] == [FSBP_ARN, CIS_12_ARN, PCI_ARN, NIST_ARN]
    assert "NextToken" not in rest
    pages = client.get_paginator("get_enabled_standards").paginate(PaginationConfig={"PageSize": 1})
    assert len([s for page in pages for s in page["StandardsSubscriptions"]]) == 4


def test_subscriptions_are_kept_per_region(aws: Emulator) -> None:
    enable(hub(aws), PCI_ARN)
    other = aws.client("securityhub", region="us-east-1")

    assert error_of(other.get_enabled_standards)[0] == "InvalidAccessException"
    other.enable_security_hub(EnableDefaultStandards=False)
    assert subscribed(other) == {}


def test_reset_forgets_the_hub(aws: Emulator) -> None:
    enable(hub(aws, Tags={"a": "1"}), PCI_ARN)

    aws.reset()

    client = aws.client("securityhub")
    assert error_of(client.describe_hub)[0] == "InvalidAccessException"
    client.enable_security_hub(EnableDefaultStandards=False)
    assert subscribed(client) == {}
    assert client.list_tags_for_resource(ResourceArn=HUB_ARN)["Tags"] == {}


# Hub tags


def test_tags_are_overwritten_and_removed(aws: Emulator) -> None:
    client = hub(aws, Tags={"a": "1", "b": "2"})
    client.tag_resource(ResourceArn=HUB_ARN, Tags={"a": "9", "c": "3"})
    client.untag_resource(ResourceArn=HUB_ARN, TagKeys=["b", "missing"])

    assert client.list_tags_for_resource(ResourceArn=HUB_ARN)["Tags"] == {"a": "9", "c": "3"}


def test_aws_tag_keys_are_reserved(aws: Emulator) -> None:
    client = hub(aws)

    assert error_of(client.tag_resource, ResourceArn=HUB_ARN, Tags={"aws:owner": "me"})[:2] == ("InvalidInputException", 400)


@pytest.mark.parametrize("enabled", [True, False])
def test_tags_of_an_unknown_or_disabled_hub_are_not_found(aws: Emulator, enabled: bool) -> None:
    client = hub(aws) if enabled else aws.client("securityhub")
    arn = "arn:aws:securityhub:eu-west-1:123456789012:hub/other" if enabled else HUB_ARN

    for call, params in [(client.list_tags_for_resource, {}), (client.tag_resource, {"Tags": {"a": "1"}}), (client.untag_resource, {"TagKeys": ["a"]})]:
        assert error_of(call, ResourceArn=arn, **params)[:2] == ("ResourceNotFoundException", 404)
