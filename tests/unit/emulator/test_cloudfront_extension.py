"""CloudFront policies and distribution read-back in the emulator, as AWS answers them."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.cloudfront import ALL_VIEWER_EXCEPT_HOST_HEADER
from tests.unit.emulator.checks.cloudfront import CACHING_DISABLED
from tests.unit.emulator.checks.cloudfront import CACHING_OPTIMIZED
from tests.unit.emulator.checks.cloudfront import CERTIFICATE
from tests.unit.emulator.checks.cloudfront import SECURITY_HEADERS
from tests.unit.emulator.checks.cloudfront import cloudfront
from tests.unit.emulator.checks.cloudfront import edge_config
from tests.unit.emulator.checks.cloudfront import edge_distribution
from tests.unit.emulator.checks.cloudfront import items
from tests.unit.emulator.checks.cloudfront import origin_access_control
from tests.unit.emulator.checks.cloudfront import response_headers_policy
from tests.unit.emulator.checks.cloudfront import security_headers_config
from tests.unit.emulator.checks.cloudfront import sent_part
from tests.unit.emulator.model import shape_errors

CORS_AND_SECURITY_HEADERS = "e61eb60c-9c35-4d20-a928-2b84e02af89c"
ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3"
CORS_S3_ORIGIN = "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf"
UNKNOWN = "00000000-0000-0000-0000-000000000000"


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    return raised.value.response["Error"]["Code"], raised.value.response["ResponseMetadata"]["HTTPStatusCode"]


def custom_policy_names(aws: Emulator) -> list[str]:
    listing = cloudfront(aws).list_response_headers_policies(Type="custom")["ResponseHeadersPolicyList"]
    return [item["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"]["Name"] for item in listing.get("Items", [])]


def minimal_config(reference: str = "minimal") -> dict[str, Any]:
    """A distribution with only the required settings and legacy cache settings (ForwardedValues)."""
    origin = {"Id": "site", "DomainName": "site.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
    behavior = {
        "TargetOriginId": "site",
        "ViewerProtocolPolicy": "allow-all",
        "MinTTL": 0,
        "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
    }
    return {"CallerReference": reference, "Comment": "", "Enabled": True, "Origins": items(origin), "DefaultCacheBehavior": behavior}


def distribution_ids(aws: Emulator) -> list[str]:
    return [item["Id"] for item in cloudfront(aws).list_distributions()["DistributionList"].get("Items", [])]


# --- managed policies -------------------------------------------------------------------------


def test_the_managed_security_headers_policy_is_listed_and_answered(aws: Emulator) -> None:
    listing = cloudfront(aws).list_response_headers_policies(Type="managed")["ResponseHeadersPolicyList"]
    by_id = {item["ResponseHeadersPolicy"]["Id"]: item for item in listing["Items"]}
    assert {SECURITY_HEADERS, CORS_AND_SECURITY_HEADERS} <= set(by_id)
    assert {item["Type"] for item in listing["Items"]} == {"managed"}
    config = cloudfront(aws).get_response_headers_policy_config(Id=SECURITY_HEADERS)["ResponseHeadersPolicyConfig"]
    assert config["Name"] == "Managed-SecurityHeadersPolicy"
    assert config["SecurityHeadersConfig"]["StrictTransportSecurity"]["AccessControlMaxAgeSec"] == 31536000
    assert config["SecurityHeadersConfig"]["FrameOptions"]["FrameOption"] == "SAMEORIGIN"


def test_the_managed_cache_policies_have_their_real_settings(aws: Emulator) -> None:
    optimized = cloudfront(aws).get_cache_policy(Id=CACHING_OPTIMIZED)["CachePolicy"]["CachePolicyConfig"]
    disabled = cloudfront(aws).get_cache_policy_config(Id=CACHING_DISABLED)["CachePolicyConfig"]
    assert (optimized["MinTTL"], optimized["DefaultTTL"], optimized["MaxTTL"]) == (1, 86400, 31536000)
    key = optimized["ParametersInCacheKeyAndForwardedToOrigin"]
    assert (key["EnableAcceptEncodingGzip"], key["EnableAcceptEncodingBrotli"], key["QueryStringsConfig"]) == (True, True, {"QueryStringBehavior": "none"})
    assert (disabled["Name"], disabled["DefaultTTL"]) == ("Managed-CachingDisabled", 0)
    assert disabled["ParametersInCacheKeyAndForwardedToOrigin"]["EnableAcceptEncodingGzip"] is False


def test_the_managed_origin_request_policies_have_their_real_settings(aws: Emulator) -> None:
    def headers(policy_id: str) -> dict[str, Any]:
        return cloudfront(aws).get_origin_request_policy(Id=policy_id)["OriginRequestPolicy"]["OriginRequestPolicyConfig"]["HeadersConfig"]

    assert headers(ALL_VIEWER) == {"HeaderBehavior": "allViewer"}
    assert headers(ALL_VIEWER_EXCEPT_HOST_HEADER) == {"HeaderBehavior": "allExcept", "Headers": items("host")}
    assert headers(CORS_S3_ORIGIN)["HeaderBehavior"] == "whitelist"
    config = cloudfront(aws).get_origin_request_policy_config(Id=ALL_VIEWER_EXCEPT_HOST_HEADER)["OriginRequestPolicyConfig"]
    assert (config["CookiesConfig"], config["QueryStringsConfig"]) == ({"CookieBehavior": "all"}, {"QueryStringBehavior": "all"})


def test_a_managed_policy_keeps_its_etag_between_reads(aws: Emulator) -> None:
    first = cloudfront(aws).get_cache_policy(Id=CACHING_OPTIMIZED)["ETag"]
    assert cloudfront(aws).get_cache_policy_config(Id=CACHING_OPTIMIZED)["ETag"] == first


@pytest.mark.parametrize(
    ("operation", "code"),
    [
        ("get_cache_policy", "NoSuchCachePolicy"),
        ("get_cache_policy_config", "NoSuchCachePolicy"),
        ("get_origin_request_policy", "NoSuchOriginRequestPolicy"),
        ("get_origin_request_policy_config", "NoSuchOriginRequestPolicy"),
        ("get_response_headers_policy", "NoSuchResponseHeadersPolicy"),
        ("get_response_headers_policy_config", "NoSuchResponseHeadersPolicy"),
    ],
)
def test_an_unknown_policy_is_not_found(aws: Emulator, operation: str, code: str) -> None:
    with pytest.raises(ClientError) as error:
        getattr(cloudfront(aws), operation)(Id=UNKNOWN)
    assert error_of(error) == (code, 404)


@pytest.mark.parametrize("operation", ["list_cache_policies", "list_origin_request_policies", "list_response_headers_policies"])
def test_no_custom_policy_lists_no_items(aws: Emulator, operation: str) -> None:
    response = getattr(cloudfront(aws), operation)(Type="custom")
    [listing] = [value for key, value in response.items() if key.endswith("List")]
    assert (listing["Quantity"], "Items" in listing, "NextMarker" in listing) == (0, False, False)


def test_an_unknown_type_is_an_invalid_argument(aws: Emulator) -> None:
    with pytest.raises(ClientError) as error:
        cloudfront(aws).list_cache_policies(Type="mine")
    assert error_of(error) == ("InvalidArgument", 400)


# --- response headers policies ----------------------------------------------------------------


def test_marker_and_max_items_walk_every_response_headers_policy_once(aws: Emulator) -> None:
    """ListResponseHeadersPolicies has no botocore paginator: a module follows NextMarker itself."""
    for name in ("a", "b", "c"):
        response_headers_policy(aws, name)
    pages, marker = [], ""
    while marker is not None:
        page = cloudfront(aws).list_response_headers_policies(MaxItems="2", **({"Marker": marker} if marker else {}))
        pages.append(page)
        marker = page["ResponseHeadersPolicyList"].get("NextMarker")
    names = [item["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"]["Name"] for page in pages for item in page["ResponseHeadersPolicyList"]["Items"]]
    assert names == ["Managed-SecurityHeadersPolicy", "Managed-CORS-and-SecurityHeadersPolicy", "a", "b", "c"]
    assert [page["ResponseHeadersPolicyList"]["Quantity"] for page in pages] == [2, 2, 1]
    assert all(shape_errors("cloudfront", "ListResponseHeadersPolicies", page) == "" for page in pages)


def test_a_taken_name_is_refused(aws: Emulator) -> None:
    response_headers_policy(aws)
    with pytest.raises(ClientError) as error:
        response_headers_policy(aws)
    assert error_of(error) == ("ResponseHeadersPolicyAlreadyExists", 409)
    assert custom_policy_names(aws) == ["webstack-edge-headers"]


def test_a_policy_is_not_renamed_to_a_taken_name(aws: Emulator) -> None:
    response_headers_policy(aws, "first")
    second = response_headers_policy(aws, "second")
    with pytest.raises(ClientError) as error:
        cloudfront(aws).update_response_headers_policy(
            Id=second["ResponseHeadersPolicy"]["Id"], IfMatch=second["ETag"], ResponseHeadersPolicyConfig=security_headers_config("first")
        )
    assert error_of(error) == ("ResponseHeadersPolicyAlreadyExists", 409)
    assert custom_policy_names(aws) == ["first", "second"]


def test_an_update_replaces_the_configuration_and_the_version(aws: Emulator) -> None:
    created = response_headers_policy(aws)
    policy_id = created["ResponseHeadersPolicy"]["Id"]
    config = {"Name": "webstack-edge-headers", "SecurityHeadersConfig": {"ContentTypeOptions": {"Override": True}}}
    updated = cloudfront(aws).update_response_headers_policy(Id=policy_id, IfMatch=created["ETag"], ResponseHeadersPolicyConfig=config)
    read = cloudfront(aws).get_response_headers_policy(Id=policy_id)
    assert read["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"] == config
    assert read["ETag"] == updated["ETag"] != created["ETag"]
    assert read["ResponseHeadersPolicy"]["LastModifiedTime"] >= created["ResponseHeadersPolicy"]["LastModifiedTime"]


@pytest.mark.parametrize(("if_match", "code", "status"), [(None, "InvalidIfMatchVersion", 400), ("E2STALE", "PreconditionFailed", 412)])
def test_an_update_or_delete_needs_the_current_etag(aws: Emulator, if_match: str | None, code: str, status: int) -> None:
    created = response_headers_policy(aws)
    policy_id = created["ResponseHeadersPolicy"]["Id"]
    version = {"IfMatch": if_match} if if_match else {}
    with pytest.raises(ClientError) as update_error:
        cloudfront(aws).update_response_headers_policy(Id=policy_id, ResponseHeadersPolicyConfig=security_headers_config(comment="x"), **version)
    with pytest.raises(ClientError) as delete_error:
        cloudfront(aws).delete_response_headers_policy(Id=policy_id, **version)
    assert error_of(update_error) == error_of(delete_error) == (code, status)
    assert cloudfront(aws).get_response_headers_policy(Id=policy_id)["ETag"] == created["ETag"]


def test_managed_policies_cannot_be_changed(aws: Emulator) -> None:
    etag = cloudfront(aws).get_response_headers_policy(Id=SECURITY_HEADERS)["ETag"]
    with pytest.raises(ClientError) as update_error:
        cloudfront(aws).update_response_headers_policy(Id=SECURITY_HEADERS, IfMatch=etag, ResponseHeadersPolicyConfig=security_headers_config())
    with pytest.raises(ClientError) as delete_error:
        cloudfront(aws).delete_response_headers_policy(Id=SECURITY_HEADERS, IfMatch=etag)
    assert (error_of(update_error)[0], error_of(delete_error)[0]) == ("IllegalUpdate", "IllegalDelete")


def test_inconsistent_quantities_are_refused(aws: Emulator) -> None:
    config = security_headers_config()
    config["CustomHeadersConfig"]["Quantity"] = 2
    with pytest.raises(ClientError) as error:
        cloudfront(aws).create_response_headers_policy(ResponseHeadersPolicyConfig=config)
    assert error_of(error) == ("InconsistentQuantities", 400)
    assert custom_policy_names(aws) == []


def test_a_content_security_policy_over_1783_characters_is_refused(aws: Emulator) -> None:
    config = security_headers_config()
    config["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"] = "default-src 'self'; " + "a" * 1764
    with pytest.raises(ClientError) as error:
        cloudfront(aws).create_response_headers_policy(ResponseHeadersPolicyConfig=config)
    assert error_of(error)[0] == "TooLongCSPInResponseHeadersPolicy"


def test_a_policy_a_distribution_uses_is_not_deleted_until_it_stops(aws: Emulator) -> None:
    created = response_headers_policy(aws)
    policy_id = created["ResponseHeadersPolicy"]["Id"]
    config, distribution = edge_distribution(aws, headers_policy=policy_id)
    with pytest.raises(ClientError) as error:
        cloudfront(aws).delete_response_headers_policy(Id=policy_id, IfMatch=created["ETag"])
    assert error_of(error) == ("ResponseHeadersPolicyInUse", 409)

    config["DefaultCacheBehavior"]["ResponseHeadersPolicyId"] = SECURITY_HEADERS
    config["CacheBehaviors"]["Items"][0]["ResponseHeadersPolicyId"] = SECURITY_HEADERS
    cloudfront(aws).update_distribution(Id=distribution["Distribution"]["Id"], IfMatch=distribution["ETag"], DistributionConfig=config)
    cloudfront(aws).delete_response_headers_policy(Id=policy_id, IfMatch=created["ETag"])
    assert custom_policy_names(aws) == []


def test_policies_are_logged_as_their_operations(aws: Emulator) -> None:
    created = response_headers_policy(aws)
    cloudfront(aws).list_response_headers_policies()
    cloudfront(aws).delete_response_headers_policy(Id=created["ResponseHeadersPolicy"]["Id"], IfMatch=created["ETag"])
    assert aws.calls().mutating == ["cloudfront:CreateResponseHeadersPolicy", "cloudfront:DeleteResponseHeadersPolicy"]
    assert aws.calls().count("ListResponseHeadersPolicies") == 1


def test_a_reset_forgets_custom_policies(aws: Emulator) -> None:
    response_headers_policy(aws)
    aws.reset()
    assert custom_policy_names(aws) == []


# --- distributions: read-back -----------------------------------------------------------------


def test_every_read_answers_the_edge_configuration_as_sent(aws: Emulator) -> None:
    config, created = edge_distribution(aws)
    distribution_id = created["Distribution"]["Id"]
    answers = {
        "CreateDistribution": created["Distribution"]["DistributionConfig"],
        "GetDistribution": cloudfront(aws).get_distribution(Id=distribution_id)["Distribution"]["DistributionConfig"],
        "GetDistributionConfig": cloudfront(aws).get_distribution_config(Id=distribution_id)["DistributionConfig"],
    }
    assert {operation: sent_part(answer, config) for operation, answer in answers.items()} == dict.fromkeys(answers, config)


def test_the_certificate_from_acm_is_answered_as_the_distribution_certificate(aws: Emulator) -> None:
    config, created = edge_distribution(aws)
    answered = cloudfront(aws).get_distribution_config(Id=created["Distribution"]["Id"])["DistributionConfig"]["ViewerCertificate"]
    assert answered == {**config["ViewerCertificate"], "CloudFrontDefaultCertificate": False, "Certificate": CERTIFICATE, "CertificateSource": "acm"}


def test_behaviors_with_a_cache_policy_have_no_legacy_cache_settings(aws: Emulator) -> None:
    created = edge_distribution(aws)[1]
    answered = cloudfront(aws).get_distribution_config(Id=created["Distribution"]["Id"])["DistributionConfig"]
    for behavior in [answered["DefaultCacheBehavior"], *answered["CacheBehaviors"]["Items"]]:
        assert not {"ForwardedValues", "MinTTL", "DefaultTTL", "MaxTTL"} & set(behavior)


def test_what_a_minimal_request_leaves_out_reads_back_as_aws_defaults(aws: Emulator) -> None:
    config = minimal_config()
    created = cloudfront(aws).create_distribution(DistributionConfig=config)["Distribution"]
    answered = cloudfront(aws).get_distribution_config(Id=created["Id"])["DistributionConfig"]
    behavior = answered["DefaultCacheBehavior"]
    assert sent_part(answered, config) == config
    assert (behavior["Compress"], behavior["DefaultTTL"], behavior["MaxTTL"]) == (False, 86400, 31536000)
    assert behavior["AllowedMethods"] == {**items("HEAD", "GET"), "CachedMethods": items("HEAD", "GET")}
    assert answered["ViewerCertificate"] == {
        "CloudFrontDefaultCertificate": True,
        "SSLSupportMethod": "vip",
        "MinimumProtocolVersion": "TLSv1",
        "CertificateSource": "cloudfront",
    }
    assert answered["Logging"] == {"Enabled": False, "IncludeCookies": False, "Bucket": "", "Prefix": ""}
    assert answered["Origins"]["Items"][0]["OriginAccessControlId"] == ""
    assert (answered["PriceClass"], answered["HttpVersion"], answered["WebACLId"], answered["Staging"]) == ("PriceClass_All", "http2", "", False)


def test_a_configuration_read_and_sent_back_reads_back_the_same(aws: Emulator) -> None:
    """What a module's second run relies on: nothing it reads differs after it writes back what it read."""
    distribution_id = edge_distribution(aws)[1]["Distribution"]["Id"]
    read = cloudfront(aws).get_distribution_config(Id=distribution_id)
    cloudfront(aws).update_distribution(Id=distribution_id, IfMatch=read["ETag"], DistributionConfig=read["DistributionConfig"])
    assert cloudfront(aws).get_distribution_config(Id=distribution_id)["DistributionConfig"] == read["DistributionConfig"]


def test_an_update_answers_the_new_configuration_and_version(aws: Emulator) -> None:
    config, created = edge_distribution(aws)
    distribution_id = created["Distribution"]["Id"]
    config["CacheBehaviors"]["Items"][0]["OriginRequestPolicyId"] = ALL_VIEWER
    config["PriceClass"] = "PriceClass_200"
    updated = cloudfront(aws).update_distribution(Id=distribution_id, IfMatch=created["ETag"], DistributionConfig=config)
    read = cloudfront(aws).get_distribution(Id=distribution_id)
    assert sent_part(updated["Distribution"]["DistributionConfig"], config) == sent_part(read["Distribution"]["DistributionConfig"], config) == config
    assert read["ETag"] == updated["ETag"] != created["ETag"]
    assert read["Distribution"]["LastModifiedTime"] >= created["Distribution"]["LastModifiedTime"]


def test_a_stale_etag_changes_and_deletes_nothing(aws: Emulator) -> None:
    config, created = edge_distribution(aws)
    distribution_id = created["Distribution"]["Id"]
    cloudfront(aws).update_distribution(Id=distribution_id, IfMatch=created["ETag"], DistributionConfig={**config, "Comment": "second"})
    with pytest.raises(ClientError) as update_error:
        cloudfront(aws).update_distribution(Id=distribution_id, IfMatch=created["ETag"], DistributionConfig={**config, "Comment": "third"})
    with pytest.raises(ClientError) as delete_error:
        cloudfront(aws).delete_distribution(Id=distribution_id, IfMatch=created["ETag"])
    assert error_of(update_error) == error_of(delete_error) == ("PreconditionFailed", 412)
    assert cloudfront(aws).get_distribution_config(Id=distribution_id)["DistributionConfig"]["Comment"] == "second"


# --- distributions: references ------------------------------------------------------------------


def with_unknown(config: dict[str, Any], reference: str) -> dict[str, Any]:
    """The config with one reference replaced by an id that names nothing."""
    if reference == "OriginAccessControlId":
        config["Origins"]["Items"][0][reference] = "E0UNKNOWN0OAC"
    elif reference == "OriginRequestPolicyId":
        config["CacheBehaviors"]["Items"][0][reference] = UNKNOWN
    else:
        config["DefaultCacheBehavior"][reference] = UNKNOWN
    return config


REFERENCES = [
    ("CachePolicyId", "NoSuchCachePolicy"),
    ("OriginRequestPolicyId", "NoSuchOriginRequestPolicy"),
    ("ResponseHeadersPolicyId", "NoSuchResponseHeadersPolicy"),
    ("OriginAccessControlId", "NoSuchOriginAccessControl"),
]


@pytest.mark.parametrize(("reference", "code"), REFERENCES)
def test_a_create_naming_what_does_not_exist_is_refused(aws: Emulator, reference: str, code: str) -> None:
    config = with_unknown(edge_config(origin_access_control(aws)), reference)
    with pytest.raises(ClientError) as error:
        cloudfront(aws).create_distribution(DistributionConfig=config)
    assert error_of(error) == (code, 404)
    assert distribution_ids(aws) == []


@pytest.mark.parametrize(("reference", "code"), REFERENCES)
def test_an_update_naming_what_does_not_exist_changes_nothing(aws: Emulator, reference: str, code: str) -> None:
    config, created = edge_distribution(aws)
    distribution_id = created["Distribution"]["Id"]
    with pytest.raises(ClientError) as error:
        cloudfront(aws).update_distribution(Id=distribution_id, IfMatch=created["ETag"], DistributionConfig=with_unknown(config, reference))
    assert error_of(error) == (code, 404)
    read = cloudfront(aws).get_distribution_config(Id=distribution_id)
    assert (read["ETag"], read["DistributionConfig"]) == (created["ETag"], created["Distribution"]["DistributionConfig"])


def test_a_distribution_may_use_a_custom_response_headers_policy(aws: Emulator) -> None:
    policy_id = response_headers_policy(aws)["ResponseHeadersPolicy"]["Id"]
    created = edge_distribution(aws, headers_policy=policy_id)[1]
    assert created["Distribution"]["DistributionConfig"]["DefaultCacheBehavior"]["ResponseHeadersPolicyId"] == policy_id


def test_a_behavior_targeting_no_origin_is_refused(aws: Emulator) -> None:
    config = edge_config(origin_access_control(aws))
    config["CacheBehaviors"]["Items"][0]["TargetOriginId"] = "nowhere"
    with pytest.raises(ClientError) as error:
        cloudfront(aws).create_distribution(DistributionConfig=config)
    assert error_of(error)[0] == "NoSuchOrigin"
    assert distribution_ids(aws) == []


def test_inconsistent_quantities_in_a_distribution_are_refused(aws: Emulator) -> None:
    config = edge_config(origin_access_control(aws))
    config["Aliases"]["Quantity"] = 2
    with pytest.raises(ClientError) as error:
        cloudfront(aws).create_distribution(DistributionConfig=config)
    assert error_of(error) == ("InconsistentQuantities", 400)
