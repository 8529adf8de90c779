"""Checks of the Security Hub fixes (webstack_emulator/extensions/securityhub.py), one per fixed operation."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

ACCOUNT = "123456789012"
HUB_ARN = f"arn:aws:securityhub:{REGION}:{ACCOUNT}:hub/default"
FSBP_ARN = f"arn:aws:securityhub:{REGION}::standards/aws-foundational-security-best-practices/v/1.0.0"
CIS_12_ARN = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
PCI_ARN = f"arn:aws:securityhub:{REGION}::standards/pci-dss/v/3.2.1"
PCI_SUBSCRIPTION_ARN = f"arn:aws:securityhub:{REGION}:{ACCOUNT}:subscription/pci-dss/v/3.2.1"


def hub(aws: Emulator, **params: Any) -> Any:
    """The Security Hub client of an account with Security Hub enabled (no default standards unless asked)."""
    client = aws.client("securityhub")
    client.enable_security_hub(**{"EnableDefaultStandards": False, **params})
    return client


@check("securityhub", "EnableSecurityHub")
def enable_with_default_standards(aws: Emulator) -> dict[str, Any]:
    client = aws.client("securityhub")
    response = client.enable_security_hub(ControlFindingGenerator="STANDARD_CONTROL", Tags={"team": "security"})
    subscriptions = client.get_enabled_standards()["StandardsSubscriptions"]
    assert sorted(s["StandardsArn"] for s in subscriptions) == sorted([FSBP_ARN, CIS_12_ARN])
    assert client.describe_hub()["ControlFindingGenerator"] == "STANDARD_CONTROL"
    return response


@check("securityhub", "DescribeHub")
def hub_settings_read_back(aws: Emulator) -> dict[str, Any]:
    client = hub(aws, ControlFindingGenerator="STANDARD_CONTROL")
    client.update_security_hub_configuration(AutoEnableControls=False)
    response = client.describe_hub()
    assert (response["HubArn"], response["AutoEnableControls"], response["ControlFindingGenerator"]) == (HUB_ARN, False, "STANDARD_CONTROL")
    assert response["SubscribedAt"]
    return response


@check("securityhub", "DisableSecurityHub")
def disable_clears_the_standards(aws: Emulator) -> dict[str, Any]:
    client = hub(aws, EnableDefaultStandards=True)
    response = client.disable_security_hub()
    client.enable_security_hub(EnableDefaultStandards=False)
    assert client.get_enabled_standards()["StandardsSubscriptions"] == []
    return response


@check("securityhub", "UpdateSecurityHubConfiguration")
def update_configuration(aws: Emulator) -> dict[str, Any]:
    client = hub(aws)
    response = client.update_security_hub_configuration(ControlFindingGenerator="STANDARD_CONTROL")
    described = client.describe_hub()
    assert (described["ControlFindingGenerator"], described["AutoEnableControls"]) == ("STANDARD_CONTROL", True)
    return response


@check("securityhub", "DescribeStandards")
def standards_catalogue(aws: Emulator) -> dict[str, Any]:
    response = aws.client("securityhub").describe_standards()
    by_arn = {s["StandardsArn"]: s for s in response["Standards"]}
    assert by_arn[CIS_12_ARN]["Name"] == "CIS AWS Foundations Benchmark v1.2.0"
    assert by_arn[CIS_12_ARN]["EnabledByDefault"] and by_arn[FSBP_ARN]["EnabledByDefault"]
    assert not by_arn[PCI_ARN]["EnabledByDefault"]
    return response


@check("securityhub", "BatchEnableStandards")
def enable_a_standard(aws: Emulator) -> dict[str, Any]:
    response = hub(aws).batch_enable_standards(StandardsSubscriptionRequests=[{"StandardsArn": PCI_ARN}])
    [subscription] = response["StandardsSubscriptions"]
    assert (subscription["StandardsSubscriptionArn"], subscription["StandardsStatus"]) == (PCI_SUBSCRIPTION_ARN, "PENDING")
    return response


@check("securityhub", "BatchDisableStandards")
def disable_a_standard(aws: Emulator) -> dict[str, Any]:
    client = hub(aws)
    client.batch_enable_standards(StandardsSubscriptionRequests=[{"StandardsArn": PCI_ARN}])
    response = client.batch_disable_standards(StandardsSubscriptionArns=[PCI_SUBSCRIPTION_ARN])
    assert [s["StandardsStatus"] for s in response["StandardsSubscriptions"]] == ["DELETING"]
    assert client.get_enabled_standards()["StandardsSubscriptions"] == []
    return response


@check("securityhub", "GetEnabledStandards")
def enabled_standards_become_ready(aws: Emulator) -> dict[str, Any]:
    client = hub(aws)
    client.batch_enable_standards(StandardsSubscriptionRequests=[{"StandardsArn": PCI_ARN}])
    first = client.get_enabled_standards()
    response = client.get_enabled_standards()
    assert [s["StandardsStatus"] for s in first["StandardsSubscriptions"]] == ["PENDING"]
    assert [(s["StandardsArn"], s["StandardsStatus"]) for s in response["StandardsSubscriptions"]] == [(PCI_ARN, "READY")]
    return response


@check("securityhub", "TagResource")
def tag_the_hub(aws: Emulator) -> dict[str, Any]:
    client = hub(aws, Tags={"a": "1"})
    response = client.tag_resource(ResourceArn=HUB_ARN, Tags={"b": "2"})
    assert client.list_tags_for_resource(ResourceArn=HUB_ARN)["Tags"] == {"a": "1", "b": "2"}
    return response


@check("securityhub", "UntagResource")
def untag_the_hub(aws: Emulator) -> dict[str, Any]:
    client = hub(aws, Tags={"a": "1", "b": "2"})
    response = client.untag_resource(ResourceArn=HUB_ARN, TagKeys=["a"])
    assert client.list_tags_for_resource(ResourceArn=HUB_ARN)["Tags"] == {"b": "2"}
    return response


@check("securityhub", "ListTagsForResource")
def list_the_hub_tags(aws: Emulator) -> dict[str, Any]:
    response = hub(aws, Tags={"team": "security"}).list_tags_for_resource(ResourceArn=HUB_ARN)
    assert response["Tags"] == {"team": "security"}
    return response
