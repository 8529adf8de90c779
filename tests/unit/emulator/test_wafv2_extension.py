"""Behaviour around the WAFv2 fixes (tools/emulator/webstack_emulator/extensions/wafv2.py)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.wafv2 import US_EAST_1
from tests.unit.emulator.checks.wafv2 import create_web_acl
from tests.unit.emulator.checks.wafv2 import edge_rules
from tests.unit.emulator.checks.wafv2 import error_code
from tests.unit.emulator.checks.wafv2 import load_balancer
from tests.unit.emulator.checks.wafv2 import log_group_arn
from tests.unit.emulator.checks.wafv2 import visibility
from tests.unit.emulator.checks.wafv2 import wafv2
from tests.unit.emulator.model import shape_errors

WAF_LOGS = log_group_arn("aws-waf-logs-edge")


def put_logging(aws: Emulator, arn: str, destinations: list[str], scope: str = "REGIONAL", **extra: Any) -> dict[str, Any]:
    return wafv2(aws, scope).put_logging_configuration(LoggingConfiguration={"ResourceArn": arn, "LogDestinationConfigs": destinations, **extra})


# --- web ACLs -------------------------------------------------------------------------


@pytest.mark.parametrize("scope", ["REGIONAL", "CLOUDFRONT"])
def test_managed_rule_groups_and_rate_rules_read_back_as_sent(aws: Emulator, scope: str) -> None:
    summary = create_web_acl(aws, scope=scope)
    response = wafv2(aws, scope).get_web_acl(Name="edge", Scope=scope, Id=summary["Id"])
    assert response["WebACL"]["Rules"] == edge_rules()
    assert response["WebACL"]["DefaultAction"] == {"Allow": {}}
    assert response["LockToken"] == summary["LockToken"]
    assert "Description" not in response["WebACL"]
    assert shape_errors("wafv2", "GetWebACL", response) == ""


@pytest.mark.parametrize("call", ["get_web_acl", "list_web_acls"])
def test_cloudfront_scope_is_refused_outside_us_east_1(aws: Emulator, call: str) -> None:
    summary = create_web_acl(aws, scope="CLOUDFRONT")
    params = {"Scope": "CLOUDFRONT", **({"Name": "edge", "Id": summary["Id"]} if call == "get_web_acl" else {})}
    with pytest.raises(ClientError) as error:
        getattr(aws.client("wafv2"), call)(**params)
    assert error_code(error) == "WAFInvalidParameterException"


def test_cloudfront_and_regional_web_acls_of_us_east_1_are_listed_apart(aws: Emulator) -> None:
    create_web_acl(aws, "edge", "CLOUDFRONT")
    aws.client("wafv2", region=US_EAST_1).create_web_acl(
        Name="alb", Scope="REGIONAL", DefaultAction={"Allow": {}}, Rules=[], VisibilityConfig=visibility("alb")
    )
    client = wafv2(aws, "CLOUDFRONT")
    assert [a["Name"] for a in client.list_web_acls(Scope="CLOUDFRONT")["WebACLs"]] == ["edge"]
    assert [a["Name"] for a in client.list_web_acls(Scope="REGIONAL")["WebACLs"]] == ["alb"]


def test_an_update_with_a_stale_lock_token_is_refused(aws: Emulator) -> None:
    summary = create_web_acl(aws)
    client = wafv2(aws)
    update = {
        "Name": "edge",
        "Scope": "REGIONAL",
        "Id": summary["Id"],
        "DefaultAction": {"Block": {}},
        "Rules": edge_rules(),
        "VisibilityConfig": visibility("edge"),
    }
    client.update_web_acl(LockToken=summary["LockToken"], **update)
    with pytest.raises(ClientError) as error:
        client.update_web_acl(LockToken=summary["LockToken"], **update)
    assert error_code(error) == "WAFOptimisticLockException"


def test_an_update_keeps_what_it_sends(aws: Emulator) -> None:
    summary = create_web_acl(aws, Description="before")
    client = wafv2(aws)
    rules = edge_rules("Count")
    client.update_web_acl(
        Name="edge",
        Scope="REGIONAL",
        Id=summary["Id"],
        DefaultAction={"Allow": {}},
        Rules=rules,
        Description="after",
        VisibilityConfig=visibility("edge"),
        LockToken=summary["LockToken"],
    )
    acl = client.get_web_acl(Name="edge", Scope="REGIONAL", Id=summary["Id"])["WebACL"]
    assert (acl["Rules"], acl["Description"]) == (rules, "after")


def test_the_same_name_in_another_scope_is_no_duplicate(aws: Emulator) -> None:
    create_web_acl(aws, "edge", "CLOUDFRONT")
    assert create_web_acl(aws, "edge", "REGIONAL")["ARN"].startswith(f"arn:aws:wafv2:{REGION}:123456789012:regional/webacl/edge/")


# --- associations ---------------------------------------------------------------------


def test_associating_twice_lists_the_resource_once(aws: Emulator) -> None:
    summary = create_web_acl(aws)
    alb = load_balancer(aws)
    client = wafv2(aws)
    client.associate_web_acl(WebACLArn=summary["ARN"], ResourceArn=alb)
    client.associate_web_acl(WebACLArn=summary["ARN"], ResourceArn=alb)
    assert client.list_resources_for_web_acl(WebACLArn=summary["ARN"])["ResourceArns"] == [alb]
    client.disassociate_web_acl(ResourceArn=alb)
    assert client.list_resources_for_web_acl(WebACLArn=summary["ARN"])["ResourceArns"] == []
    assert client.get_web_acl_for_resource(ResourceArn=alb).get("WebACL") is None


def test_a_load_balancer_that_does_not_exist_is_not_associated(aws: Emulator) -> None:
    summary = create_web_acl(aws)
    missing = f"arn:aws:elasticloadbalancing:{REGION}:123456789012:loadbalancer/app/missing/0123456789abcdef"
    with pytest.raises(ClientError) as error:
        wafv2(aws).associate_web_acl(WebACLArn=summary["ARN"], ResourceArn=missing)
    assert error_code(error) == "WAFNonexistentItemException"


def test_resources_of_another_type_are_listed_by_their_type(aws: Emulator) -> None:
    summary = create_web_acl(aws)
    alb = load_balancer(aws)
    pool = aws.client("cognito-idp").create_user_pool(PoolName="edge")["UserPool"]["Arn"]
    client = wafv2(aws)
    client.associate_web_acl(WebACLArn=summary["ARN"], ResourceArn=alb)
    client.associate_web_acl(WebACLArn=summary["ARN"], ResourceArn=pool)
    assert client.list_resources_for_web_acl(WebACLArn=summary["ARN"])["ResourceArns"] == [alb]
    assert client.list_resources_for_web_acl(WebACLArn=summary["ARN"], ResourceType="COGNITO_USER_POOL")["ResourceArns"] == [pool]


def test_resources_of_an_unknown_web_acl_are_not_found(aws: Emulator) -> None:
    summary = create_web_acl(aws)
    with pytest.raises(ClientError) as error:
        wafv2(aws).list_resources_for_web_acl(WebACLArn=summary["ARN"].replace(summary["Id"], "00000000-0000-0000-0000-000000000000"))
    assert error_code(error) == "WAFNonexistentItemException"


def test_a_web_acl_of_a_cloudfront_distribution_is_not_deleted(aws: Emulator) -> None:
    summary = create_web_acl(aws, scope="CLOUDFRONT")
    origin = {"Id": "site", "DomainName": "site.s3.eu-west-1.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
    aws.client("cloudfront").create_distribution(
        DistributionConfig={
            "CallerReference": "edge",
            "Comment": "edge",
            "Enabled": True,
            "Origins": {"Quantity": 1, "Items": [origin]},
            "DefaultCacheBehavior": {
                "TargetOriginId": "site",
                "ViewerProtocolPolicy": "redirect-to-https",
                "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
            },
            "WebACLId": summary["ARN"],
        }
    )
    with pytest.raises(ClientError) as error:
        wafv2(aws, "CLOUDFRONT").delete_web_acl(Name="edge", Scope="CLOUDFRONT", Id=summary["Id"], LockToken=summary["LockToken"])
    assert error_code(error) == "WAFAssociatedItemException"


def test_an_unassociated_web_acl_is_deleted_with_its_logging(aws: Emulator) -> None:
    summary = create_web_acl(aws)
    put_logging(aws, summary["ARN"], [WAF_LOGS])
    client = wafv2(aws)
    client.delete_web_acl(Name="edge", Scope="REGIONAL", Id=summary["Id"], LockToken=summary["LockToken"])
    assert client.list_web_acls(Scope="REGIONAL")["WebACLs"] == []
    with pytest.raises(ClientError) as error:
        client.get_logging_configuration(ResourceArn=summary["ARN"])
    assert error_code(error) == "WAFNonexistentItemException"


# --- logging --------------------------------------------------------------------------


def test_logging_reads_back_redactions_and_filter(aws: Emulator) -> None:
    summary = create_web_acl(aws)
    redacted = [{"SingleHeader": {"Name": "authorization"}}, {"SingleHeader": {"Name": "cookie"}}, {"QueryString": {}}]
    logging_filter = {
        "Filters": [{"Behavior": "KEEP", "Requirement": "MEETS_ANY", "Conditions": [{"ActionCondition": {"Action": "BLOCK"}}]}],
        "DefaultBehavior": "DROP",
    }
    put_logging(aws, summary["ARN"], [WAF_LOGS], RedactedFields=redacted, LoggingFilter=logging_filter)
    response = wafv2(aws).get_logging_configuration(ResourceArn=summary["ARN"])
    configuration = response["LoggingConfiguration"]
    assert (configuration["RedactedFields"], configuration["LoggingFilter"]) == (redacted, logging_filter)
    assert (configuration["ResourceArn"], configuration["ManagedByFirewallManager"]) == (summary["ARN"], False)
    assert shape_errors("wafv2", "GetLoggingConfiguration", response) == ""


@pytest.mark.parametrize(
    "destinations",
    [
        [log_group_arn("edge")],
        [WAF_LOGS, log_group_arn("aws-waf-logs-other")],
        [log_group_arn("aws-waf-logs-edge", US_EAST_1)],
        ["arn:aws:sns:eu-west-1:123456789012:aws-waf-logs-edge"],
    ],
    ids=["no-prefix", "two", "other-region", "not-a-destination"],
)
def test_a_logging_destination_aws_refuses_is_refused(aws: Emulator, destinations: list[str]) -> None:
    summary = create_web_acl(aws)
    with pytest.raises(ClientError) as error:
        put_logging(aws, summary["ARN"], destinations)
    assert error_code(error) == "WAFInvalidParameterException"
    with pytest.raises(ClientError):
        wafv2(aws).get_logging_configuration(ResourceArn=summary["ARN"])


@pytest.mark.parametrize(
    "destination",
    ["arn:aws:s3:::aws-waf-logs-edge", f"arn:aws:firehose:{REGION}:123456789012:deliverystream/aws-waf-logs-edge", WAF_LOGS + ":*"],
    ids=["bucket", "firehose", "log-group-star"],
)
def test_other_kinds_of_destination_are_accepted(aws: Emulator, destination: str) -> None:
    summary = create_web_acl(aws)
    put_logging(aws, summary["ARN"], [destination])
    assert wafv2(aws).get_logging_configuration(ResourceArn=summary["ARN"])["LoggingConfiguration"]["LogDestinationConfigs"] == [destination]


def test_logging_of_a_web_acl_that_does_not_exist_is_refused(aws: Emulator) -> None:
    missing = f"arn:aws:wafv2:{REGION}:123456789012:regional/webacl/missing/00000000-0000-0000-0000-000000000000"
    with pytest.raises(ClientError) as error:
        put_logging(aws, missing, [WAF_LOGS])
    assert error_code(error) == "WAFNonexistentItemException"


def test_logging_of_a_cloudfront_web_acl_is_refused_outside_us_east_1(aws: Emulator) -> None:
    summary = create_web_acl(aws, scope="CLOUDFRONT")
    with pytest.raises(ClientError) as error:
        put_logging(aws, summary["ARN"], [log_group_arn("aws-waf-logs-edge", US_EAST_1)], scope="REGIONAL")
    assert error_code(error) == "WAFInvalidParameterException"


def test_deleting_logging_that_does_not_exist_is_not_found(aws: Emulator) -> None:
    summary = create_web_acl(aws)
    with pytest.raises(ClientError) as error:
        wafv2(aws).delete_logging_configuration(ResourceArn=summary["ARN"])
    assert error_code(error) == "WAFNonexistentItemException"
