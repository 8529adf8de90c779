"""cloudfront_distribution: the pure rules, and main() run end to end against the emulator."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.webstack.aws.plugins.module_utils import cloudfront_distribution as rules
from ansible_collections.webstack.aws.plugins.module_utils.retries import retry_codes
from ansible_collections.webstack.aws.plugins.modules import cloudfront_distribution

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03"
BUCKET = "webstack-test-site"
SITE_DOMAIN = f"{BUCKET}.s3.eu-west-1.amazonaws.com"
ALB_DOMAIN = "webstack-test-alb-123456789.eu-west-1.elb.amazonaws.com"
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0c6b1a5e-1111-2222-3333-444455556666"
REFERENCE = "webstack-test-edge"
ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]


def edge_args(oac_id: str | None = None, **overrides: Any) -> dict[str, Any]:
    """What the edge role asks for: an S3 site with an OAC, an API behind an ALB, SPA error routing, logging."""
    site: dict[str, Any] = {"id": "site", "domain_name": SITE_DOMAIN}
    if oac_id:
        site["origin_access_control_id"] = oac_id
    args: dict[str, Any] = {
        "caller_reference": REFERENCE,
        "comment": "webstack test edge",
        "origins": [site, {"id": "api", "domain_name": ALB_DOMAIN, "custom_origin": {"origin_protocol_policy": "https-only"}}],
        "default_cache_behavior": {"target_origin_id": "site", "cache_policy_id": CACHING_OPTIMIZED, "response_headers_policy_id": SECURITY_HEADERS},
        "cache_behaviors": [
            {
                "path_pattern": "/api/*",
                "target_origin_id": "api",
                "allowed_methods": ALL_METHODS,
                "cache_policy_id": CACHING_DISABLED,
                "origin_request_policy_id": ALL_VIEWER_EXCEPT_HOST_HEADER,
            }
        ],
        "custom_error_responses": [
            {"error_code": 403, "response_code": 200, "response_page_path": "/index.html", "error_caching_min_ttl": 0},
            {"error_code": 404, "response_code": 200, "response_page_path": "/index.html", "error_caching_min_ttl": 0},
        ],
        "logging": {"bucket": "webstack-test-logs", "prefix": "cloudfront/"},
        "tags": {"webstack:stack": "test"},
    }
    args.update(overrides)
    return args


@dataclass
class World:
    aws: Emulator
    oac_id: str

    def args(self, **overrides: Any) -> dict[str, Any]:
        return edge_args(self.oac_id, **overrides)

    def distribution(self, args: dict[str, Any], check_mode: bool = False) -> Result:
        return run(cloudfront_distribution.main, self.aws, args, check_mode)

    @property
    def cloudfront(self) -> Any:
        return self.aws.client("cloudfront")

    def listed(self) -> list[dict[str, Any]]:
        return self.cloudfront.list_distributions()["DistributionList"].get("Items", [])

    def config(self, distribution_id: str) -> tuple[dict[str, Any], str]:
        answer = self.cloudfront.get_distribution_config(Id=distribution_id)
        return answer["DistributionConfig"], answer["ETag"]

    def tags(self, arn: str) -> dict[str, str]:
        return {tag["Key"]: tag["Value"] for tag in self.cloudfront.list_tags_for_resource(Resource=arn)["Tags"].get("Items", [])}

    def created(self, **overrides: Any) -> dict[str, Any]:
        """The edge distribution made by the module; the call log starts empty after it."""
        result = self.distribution(self.args(**overrides))
        assert not result.failed, result.out
        self.aws.clear_calls()
        return result.out["distribution"]


@pytest.fixture
def world(aws: Emulator, monkeypatch: pytest.MonkeyPatch) -> World:
    """An origin access control for the site bucket; waits poll fast; the call log starts empty."""
    monkeypatch.setattr(cloudfront_distribution, "POLL_DELAY", 0.05)
    oac = aws.client("cloudfront").create_origin_access_control(
        OriginAccessControlConfig={
            "Name": "webstack-test-site",
            "Description": "",
            "SigningProtocol": "sigv4",
            "SigningBehavior": "always",
            "OriginAccessControlOriginType": "s3",
        }
    )
    aws.clear_calls()
    return World(aws, oac["OriginAccessControl"]["Id"])


def items_of(wrapper: dict[str, Any]) -> list[Any]:
    return wrapper.get("Items", [])


# --- validation (pure) -------------------------------------------------------------------------


def params(**overrides: Any) -> dict[str, Any]:
    """edge_args as AnsibleModule hands them over: every option present, suboption defaults filled in."""
    base = edge_args("E2OAC", state="present", wait_timeout=1800, aliases=[], viewer_certificate=None, default_root_object="index.html")
    behavior = {"viewer_protocol_policy": "redirect-to-https", "allowed_methods": ["GET", "HEAD"], "cached_methods": ["GET", "HEAD"], "compress": True}
    base["default_cache_behavior"] = {**behavior, "function_associations": [], **base["default_cache_behavior"]}
    base["cache_behaviors"] = [{**behavior, "function_associations": [], **b} for b in base["cache_behaviors"]]
    base["origins"] = [{"origin_path": "", "connection_attempts": 3, "connection_timeout": 10, **o} for o in base["origins"]]
    base.update(enabled=True, price_class="PriceClass_100", http_version="http2and3", ipv6_enabled=True, web_acl_id=None)
    base.update(overrides)
    return base


def test_the_edge_options_are_valid() -> None:
    assert rules.validate_params(params()) == []


def with_origin(**changes: Any) -> list[dict[str, Any]]:
    origins = copy.deepcopy(params()["origins"])
    origins[0].update(changes)
    return origins


def with_api_behavior(**changes: Any) -> list[dict[str, Any]]:
    behaviors = copy.deepcopy(params()["cache_behaviors"])
    behaviors[0].update(changes)
    return behaviors


BAD_PARAMS = {
    "duplicate origin id": ({"origins": with_origin(id="api")}, "origins: id 'api' appears more than once"),
    "unknown target origin": ({"cache_behaviors": with_api_behavior(target_origin_id="nowhere")}, "cache_behaviors[/api/*].target_origin_id 'nowhere'"),
    "duplicate path pattern": ({"cache_behaviors": with_api_behavior() * 2}, "path_pattern '/api/*' appears more than once"),
    "error code out of range": ({"custom_error_responses": [{"error_code": 999, "error_caching_min_ttl": 10}]}, "error_code 999"),
    "response code out of range": (
        {"custom_error_responses": [{"error_code": 404, "response_code": 302, "response_page_path": "/x.html"}]},
        "response_code 302",
    ),
    "response code without page": ({"custom_error_responses": [{"error_code": 404, "response_code": 200}]}, "response_code and response_page_path"),
    "page path without slash": (
        {"custom_error_responses": [{"error_code": 404, "response_code": 200, "response_page_path": "index.html"}]},
        "response_page_path 'index.html' must start with '/'",
    ),
    "alias without certificate": ({"aliases": ["www.example.com"]}, "aliases need viewer_certificate.acm_certificate_arn"),
    "certificate outside us-east-1": (
        {"viewer_certificate": {"acm_certificate_arn": CERTIFICATE.replace("us-east-1", "eu-west-1"), "ssl_support_method": "sni-only"}},
        "must be an ACM certificate in us-east-1",
    ),
    "SSLv3 with SNI": (
        {"viewer_certificate": {"acm_certificate_arn": CERTIFICATE, "ssl_support_method": "sni-only", "minimum_protocol_version": "SSLv3"}},
        "minimum_protocol_version SSLv3",
    ),
    "allowed methods CloudFront refuses": ({"cache_behaviors": with_api_behavior(allowed_methods=["GET", "POST"])}, "allowed_methods ['GET', 'POST']"),
    "cached methods not allowed": (
        {"default_cache_behavior": {**params()["default_cache_behavior"], "cached_methods": ["GET", "HEAD", "OPTIONS"]}},
        "default_cache_behavior.cached_methods",
    ),
    "two functions for one event": (
        {
            "cache_behaviors": with_api_behavior(
                function_associations=[{"event_type": "viewer-request", "function_arn": "arn:a"}, {"event_type": "viewer-request", "function_arn": "arn:b"}]
            )
        },
        "event_type viewer-request appears more than once",
    ),
    "origin path with trailing slash": ({"origins": with_origin(origin_path="/site/")}, "origins[site].origin_path '/site/'"),
    "too many connection attempts": ({"origins": with_origin(connection_attempts=5)}, "origins[site].connection_attempts"),
    "root object with slash": ({"default_root_object": "/index.html"}, "default_root_object '/index.html'"),
    "comment too long": ({"comment": "x" * 129}, "comment is 129 characters long"),
    "empty caller reference": ({"caller_reference": ""}, "caller_reference must not be empty"),
}


@pytest.mark.parametrize("case", sorted(BAD_PARAMS))
def test_bad_options_are_named(case: str) -> None:
    overrides, message = BAD_PARAMS[case]
    errors = rules.validate_params(params(**overrides))
    assert any(message in error for error in errors), errors


# --- wire and settings (pure) ------------------------------------------------------------------


def aws_answer(config: dict[str, Any]) -> dict[str, Any]:
    """A configuration as AWS reads it back: sets in another order, defaults and fields the module does not send."""
    answer = copy.deepcopy(config)
    answer["Restrictions"] = {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}}
    answer["ViewerCertificate"].update(CertificateSource="cloudfront", MinimumProtocolVersion="TLSv1", SSLSupportMethod="vip")
    for behavior in [answer["DefaultCacheBehavior"], *items_of(answer["CacheBehaviors"])]:
        behavior["AllowedMethods"]["Items"].reverse()
        behavior["AllowedMethods"]["CachedMethods"]["Items"].reverse()
        behavior.update(SmoothStreaming=False, FieldLevelEncryptionId="", LambdaFunctionAssociations={"Quantity": 0})
        behavior.setdefault("OriginRequestPolicyId", "")
    for origin in items_of(answer["Origins"]):
        origin["OriginShield"] = {"Enabled": False}
    answer["CustomErrorResponses"]["Items"].reverse()
    for response in answer["CustomErrorResponses"]["Items"]:
        response["ErrorCode"] = int(response["ErrorCode"])
    return answer


def test_settings_ignore_what_aws_adds_and_the_order_of_sets() -> None:
    wanted = rules.build_config(params())
    assert rules.settings_from_config(aws_answer(wanted)) == rules.settings_from_config(wanted)


def test_settings_see_a_changed_behavior_order() -> None:
    two = [*with_api_behavior(), {**with_api_behavior()[0], "path_pattern": "/v2/*"}]
    wanted = rules.build_config(params(cache_behaviors=two))
    swapped = copy.deepcopy(wanted)
    swapped["CacheBehaviors"]["Items"].reverse()
    assert rules.settings_from_config(swapped) != rules.settings_from_config(wanted)


def test_build_config_sends_the_edge_settings() -> None:
    config = rules.build_config(params())
    site, api = config["Origins"]["Items"]
    assert (site["OriginAccessControlId"], site["S3OriginConfig"], "CustomOriginConfig" in site) == ("E2OAC", {"OriginAccessIdentity": ""}, False)
    assert api["CustomOriginConfig"] == {
        "HTTPPort": 80,
        "HTTPSPort": 443,
        "OriginProtocolPolicy": "https-only",
        "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]},
        "OriginReadTimeout": 30,
        "OriginKeepaliveTimeout": 5,
    }
    assert config["Logging"] == {"Enabled": True, "IncludeCookies": False, "Bucket": "webstack-test-logs.s3.amazonaws.com", "Prefix": "cloudfront/"}
    assert config["ViewerCertificate"] == {"CloudFrontDefaultCertificate": True}
    assert "OriginRequestPolicyId" not in config["DefaultCacheBehavior"]
    assert config["CacheBehaviors"]["Items"][0]["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert config["CustomErrorResponses"]["Items"][0] == {"ErrorCode": 403, "ErrorCachingMinTTL": 0, "ResponseCode": "200", "ResponsePagePath": "/index.html"}
    assert config["Aliases"] == {"Quantity": 0}


def test_merge_keeps_unmanaged_settings_and_drops_legacy_cache_settings() -> None:
    current = aws_answer(rules.build_config(params()))
    current["Restrictions"] = {"GeoRestriction": {"RestrictionType": "whitelist", "Quantity": 1, "Items": ["FR"]}}
    current["Origins"]["Items"][0]["OriginShield"] = {"Enabled": True, "OriginShieldRegion": "eu-west-1"}
    current["DefaultCacheBehavior"].update(ForwardedValues={"QueryString": False}, MinTTL=0, ResponseHeadersPolicyId="gone")
    wanted = rules.build_config(params(default_cache_behavior={**params()["default_cache_behavior"], "response_headers_policy_id": None}))

    merged = rules.merge_config(current, wanted)

    assert merged["Restrictions"]["GeoRestriction"]["Items"] == ["FR"]
    assert merged["Origins"]["Items"][0]["OriginShield"] == {"Enabled": True, "OriginShieldRegion": "eu-west-1"}
    assert not {"ForwardedValues", "MinTTL", "ResponseHeadersPolicyId"} & set(merged["DefaultCacheBehavior"])
    assert rules.settings_from_config(merged) == rules.settings_from_config(wanted)


def test_tags_after_purges_or_keeps() -> None:
    assert rules.tags_after({"a": "1", "b": "2"}, {"a": "9"}, purge_tags=True) == {"a": "9"}
    assert rules.tags_after({"a": "1", "b": "2"}, {"c": "3"}, purge_tags=False) == {"a": "1", "b": "2", "c": "3"}
    assert rules.tags_after({"a": "1"}, None, purge_tags=True) == {"a": "1"}


# --- create ------------------------------------------------------------------------------------


def test_create_sends_everything_the_edge_role_sets(world: World) -> None:
    result = world.distribution(world.args())

    assert not result.failed, result.out
    assert result.changed
    [summary] = world.listed()
    distribution = result.out["distribution"]
    assert (distribution["id"], distribution["arn"], distribution["domain_name"]) == (summary["Id"], summary["ARN"], summary["DomainName"])
    config, etag = world.config(summary["Id"])
    assert distribution["etag"] == etag
    assert (config["CallerReference"], config["Comment"], config["Enabled"]) == (REFERENCE, "webstack test edge", True)
    assert (config["HttpVersion"], config["PriceClass"], config["IsIPV6Enabled"], config["DefaultRootObject"]) == (
        "http2and3",
        "PriceClass_100",
        True,
        "index.html",
    )
    site, api = config["Origins"]["Items"]
    assert (site["Id"], site["DomainName"], site["OriginAccessControlId"]) == ("site", SITE_DOMAIN, world.oac_id)
    assert site["S3OriginConfig"]["OriginAccessIdentity"] == ""
    assert api["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert api["CustomOriginConfig"]["OriginSslProtocols"]["Items"] == ["TLSv1.2"]
    default = config["DefaultCacheBehavior"]
    assert (default["CachePolicyId"], default["ResponseHeadersPolicyId"], default["Compress"]) == (CACHING_OPTIMIZED, SECURITY_HEADERS, True)
    assert "ForwardedValues" not in default
    [api_behavior] = config["CacheBehaviors"]["Items"]
    assert (api_behavior["PathPattern"], api_behavior["CachePolicyId"], api_behavior["OriginRequestPolicyId"]) == (
        "/api/*",
        CACHING_DISABLED,
        ALL_VIEWER_EXCEPT_HOST_HEADER,
    )
    assert sorted(api_behavior["AllowedMethods"]["Items"]) == sorted(ALL_METHODS)
    assert sorted((r["ErrorCode"], r["ResponseCode"], r["ResponsePagePath"]) for r in config["CustomErrorResponses"]["Items"]) == [
        (403, "200", "/index.html"),
        (404, "200", "/index.html"),
    ]
    assert config["Logging"] == {"Enabled": True, "IncludeCookies": False, "Bucket": "webstack-test-logs.s3.amazonaws.com", "Prefix": "cloudfront/"}
    assert world.tags(summary["ARN"]) == {"webstack:stack": "test"}
    assert distribution["tags"] == {"webstack:stack": "test"}
    assert result.out["diff"]["before"] == {}
    assert result.out["diff"]["after"]["origins"][0]["origin_access_control_id"] == world.oac_id
    assert world.aws.calls().mutating == ["cloudfront:CreateDistributionWithTags"]


def test_create_with_a_certificate_and_aliases(world: World) -> None:
    args = world.args(aliases=["www.example.com", "example.com"], viewer_certificate={"acm_certificate_arn": CERTIFICATE}, web_acl_id="arn:aws:wafv2:x")
    result = world.distribution(args)

    assert not result.failed, result.out
    config = world.config(result.out["distribution"]["id"])[0]
    assert sorted(config["Aliases"]["Items"]) == ["example.com", "www.example.com"]
    certificate = config["ViewerCertificate"]
    assert (certificate["ACMCertificateArn"], certificate["SSLSupportMethod"], certificate["MinimumProtocolVersion"]) == (
        CERTIFICATE,
        "sni-only",
        "TLSv1.2_2021",
    )
    assert config["WebACLId"] == "arn:aws:wafv2:x"
    assert result.out["distribution"]["viewer_certificate"]["acm_certificate_arn"] == CERTIFICATE


def test_create_with_a_policy_that_does_not_exist_fails_and_creates_nothing(world: World) -> None:
    behavior = {"target_origin_id": "site", "cache_policy_id": "00000000-0000-0000-0000-000000000000"}
    result = world.distribution(world.args(default_cache_behavior=behavior))

    assert result.failed
    assert "NoSuchCachePolicy" in str(result.out)
    assert world.listed() == []


def test_create_waits_until_deployed_when_asked(world: World) -> None:
    world.aws.latency("aws-scaled", scale=0.002)  # 300 s of propagation become 0.6 s

    result = world.distribution(world.args(wait=True))

    assert not result.failed, result.out
    assert result.out["distribution"]["status"] == "Deployed"
    assert world.aws.calls().count("GetDistribution") >= 2


def test_create_without_wait_returns_in_progress(world: World) -> None:
    world.aws.latency("aws-scaled", scale=0.01)

    result = world.distribution(world.args())

    assert result.out["distribution"]["status"] == "InProgress"
    assert world.aws.calls().count("GetDistribution") == 0


# --- idempotence and check mode ----------------------------------------------------------------


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    first = world.created()

    again = world.distribution(world.args())

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["distribution"]["id"] == first["id"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]
    # The usual lookup: one list, one read of the configuration whose comment matches.
    assert (world.aws.calls().count("ListDistributions"), world.aws.calls().count("GetDistributionConfig")) == (1, 1)


def test_sets_in_another_order_change_nothing(world: World) -> None:
    args = world.args(aliases=["b.example.com", "a.example.com"], viewer_certificate={"acm_certificate_arn": CERTIFICATE})
    world.distribution(args)
    world.aws.clear_calls()
    args["aliases"].reverse()
    args["cache_behaviors"][0]["allowed_methods"] = list(reversed(ALL_METHODS))
    args["custom_error_responses"].reverse()

    again = world.distribution(args)

    assert not again.changed
    assert world.aws.calls().mutating == []


def test_defaults_only_distribution_is_idempotent(world: World) -> None:
    args = {
        "caller_reference": "minimal",
        "origins": [{"id": "site", "domain_name": SITE_DOMAIN}],
        "default_cache_behavior": {"target_origin_id": "site", "cache_policy_id": CACHING_OPTIMIZED},
    }
    created = world.distribution(args)
    assert not created.failed, created.out
    world.aws.clear_calls()

    again = world.distribution(args)

    assert not again.changed
    assert world.aws.calls().mutating == []
    config = world.config(created.out["distribution"]["id"])[0]
    assert config["Comment"] == "minimal"
    assert config["ViewerCertificate"]["CloudFrontDefaultCertificate"] is True


def test_lookup_by_distribution_id_does_not_list(world: World) -> None:
    first = world.created()

    again = world.distribution(world.args(distribution_id=first["id"]))

    assert not again.changed
    assert world.aws.calls().count("ListDistributions") == 0
    assert world.aws.calls().mutating == []


def test_distribution_id_of_another_caller_reference_fails(world: World) -> None:
    first = world.created()

    result = world.distribution(world.args(distribution_id=first["id"], caller_reference="other"))

    assert result.failed
    assert "caller_reference 'other'" in result.out["msg"]
    assert world.aws.calls().mutating == []


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    result = world.distribution(world.args(), check_mode=True)

    assert not result.failed, result.out
    assert result.changed
    assert world.listed() == []
    assert world.aws.calls().mutating == []
    assert result.out["diff"]["after"]["price_class"] == "PriceClass_100"
    assert result.out["diff"]["after"]["tags"] == {"webstack:stack": "test"}
    assert "id" not in result.out["distribution"]


def test_check_mode_on_a_converged_distribution_reports_no_change(world: World) -> None:
    world.created()

    result = world.distribution(world.args(), check_mode=True)

    assert not result.changed
    assert world.aws.calls().mutating == []


# --- update ------------------------------------------------------------------------------------


def test_update_of_one_setting_sends_the_etag_read(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    first = world.created()
    etag = world.config(first["id"])[1]
    sent: list[str] = []
    real = cloudfront_distribution.DistributionManager.update

    def spy(self: Any, current: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
        sent.append(current["etag"])
        return real(self, current, config)

    monkeypatch.setattr(cloudfront_distribution.DistributionManager, "update", spy)

    result = world.distribution(world.args(price_class="PriceClass_All"))

    assert not result.failed, result.out
    assert result.changed
    assert sent == [etag]
    config, new_etag = world.config(first["id"])
    assert config["PriceClass"] == "PriceClass_All"
    assert new_etag != etag and result.out["distribution"]["etag"] == new_etag
    assert (result.out["diff"]["before"]["price_class"], result.out["diff"]["after"]["price_class"]) == ("PriceClass_100", "PriceClass_All")
    assert world.aws.calls().mutating == ["cloudfront:UpdateDistribution"]


def test_update_removes_a_policy_and_a_behavior(world: World) -> None:
    first = world.created()

    behavior = {"target_origin_id": "site", "cache_policy_id": CACHING_OPTIMIZED}
    result = world.distribution(world.args(default_cache_behavior=behavior, cache_behaviors=[]))

    assert result.changed
    config = world.config(first["id"])[0]
    assert config["DefaultCacheBehavior"].get("ResponseHeadersPolicyId", "") == ""
    assert config["CacheBehaviors"]["Quantity"] == 0
    assert not world.distribution(world.args(default_cache_behavior=behavior, cache_behaviors=[])).changed


def test_update_keeps_settings_the_module_has_no_option_for(world: World) -> None:
    first = world.created()
    config, etag = world.config(first["id"])
    config["Restrictions"] = {"GeoRestriction": {"RestrictionType": "whitelist", "Quantity": 1, "Items": ["FR"]}}
    world.cloudfront.update_distribution(Id=first["id"], IfMatch=etag, DistributionConfig=config)
    world.aws.clear_calls()

    assert not world.distribution(world.args()).changed
    world.distribution(world.args(http_version="http2"))

    config = world.config(first["id"])[0]
    assert (config["HttpVersion"], config["Restrictions"]["GeoRestriction"]["Items"]) == ("http2", ["FR"])


def test_check_mode_update_changes_nothing(world: World) -> None:
    first = world.created()

    result = world.distribution(world.args(enabled=False), check_mode=True)

    assert result.changed
    assert result.out["diff"]["after"]["enabled"] is False
    assert world.aws.calls().mutating == []
    assert world.config(first["id"])[0]["Enabled"] is True


def test_a_changed_comment_is_found_by_caller_reference_and_updated(world: World) -> None:
    first = world.created()

    result = world.distribution(world.args(comment="renamed"))

    assert result.changed
    assert [s["Id"] for s in world.listed()] == [first["id"]]
    assert world.config(first["id"])[0]["Comment"] == "renamed"


def test_lookup_reads_every_page(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(3):
        world.distribution(world.args(caller_reference=f"other-{number}", comment=f"other {number}", tags={}))
    first = world.created()
    real = cloudfront_distribution.DistributionManager.list_summaries

    def in_pages_of_two(self: Any) -> list[dict[str, Any]]:
        list_page = self.client.list_distributions
        self.client.list_distributions = lambda **kwargs: list_page(MaxItems="2", **kwargs)
        return real(self)

    monkeypatch.setattr(cloudfront_distribution.DistributionManager, "list_summaries", in_pages_of_two)

    again = world.distribution(world.args())

    assert not again.changed, again.out
    assert again.out["distribution"]["id"] == first["id"]
    assert world.aws.calls().count("ListDistributions") == 2
    assert world.aws.calls().count("GetDistributionConfig") == 1


# --- tags --------------------------------------------------------------------------------------


def test_tags_change_in_place(world: World) -> None:
    first = world.created(tags={"keep": "1", "drop": "2"})

    result = world.distribution(world.args(tags={"keep": "1", "add": "3"}))

    assert result.changed
    assert world.tags(first["arn"]) == {"keep": "1", "add": "3"}
    assert result.out["distribution"]["tags"] == {"keep": "1", "add": "3"}
    assert result.out["diff"]["before"]["tags"] == {"keep": "1", "drop": "2"}
    assert world.aws.calls().mutating == ["cloudfront:UntagResource", "cloudfront:TagResource"]


def test_tags_without_purge_are_added_and_none_leaves_them(world: World) -> None:
    first = world.created(tags={"keep": "1"})

    world.distribution(world.args(tags={"add": "3"}, purge_tags=False))
    world.aws.clear_calls()
    untouched = world.distribution(world.args(tags=None))

    assert world.tags(first["arn"]) == {"keep": "1", "add": "3"}
    assert not untouched.changed
    assert world.aws.calls().mutating == []


# --- a create retried or interrupted -----------------------------------------------------------


def test_a_retried_create_converges_the_existing_distribution(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    first = world.created()
    real = cloudfront_distribution.DistributionManager.find
    finds: list[int] = []

    def blind_first(self: Any) -> Any:
        finds.append(1)
        return None if len(finds) == 1 else real(self)  # the first lookup misses it, as after a lost create answer

    monkeypatch.setattr(cloudfront_distribution.DistributionManager, "find", blind_first)

    result = world.distribution(world.args(price_class="PriceClass_200"))

    assert not result.failed, result.out
    assert result.changed
    assert [s["Id"] for s in world.listed()] == [first["id"]]
    assert world.config(first["id"])[0]["PriceClass"] == "PriceClass_200"
    assert world.aws.calls().mutating == ["cloudfront:CreateDistributionWithTags", "cloudfront:UpdateDistribution"]


# --- absent ------------------------------------------------------------------------------------


def test_absent_disables_waits_and_deletes(world: World) -> None:
    world.created()
    world.aws.latency("aws-scaled", scale=0.002)

    result = world.distribution({"caller_reference": REFERENCE, "comment": "webstack test edge", "state": "absent", "wait": True})

    assert not result.failed, result.out
    assert result.changed
    assert "deleting" not in result.out
    assert world.listed() == []
    assert world.aws.calls().mutating == ["cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution"]
    assert world.aws.calls().count("GetDistribution") >= 2  # waited for the disable to deploy
    assert result.out["diff"]["before"]["enabled"] is True and result.out["diff"]["after"] == {}


def test_absent_without_wait_disables_then_a_later_run_deletes(world: World) -> None:
    first = world.created()
    absent = {"caller_reference": REFERENCE, "comment": "webstack test edge", "state": "absent"}

    pending = world.distribution(absent)

    assert pending.changed and pending.out["deleting"] == "pending"
    assert world.config(first["id"])[0]["Enabled"] is False
    assert world.aws.calls().mutating == ["cloudfront:UpdateDistribution"]
    world.aws.clear_calls()

    done = world.distribution(absent)

    assert done.changed and "deleting" not in done.out
    assert world.listed() == []
    assert world.aws.calls().mutating == ["cloudfront:DeleteDistribution"]


def test_absent_twice_changes_nothing(world: World) -> None:
    world.created()
    absent = {"caller_reference": REFERENCE, "comment": "webstack test edge", "state": "absent", "wait": True}
    world.distribution(absent)
    world.aws.clear_calls()

    again = world.distribution(absent)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []


def test_check_mode_absent_changes_nothing(world: World) -> None:
    first = world.created()

    result = world.distribution({"caller_reference": REFERENCE, "state": "absent"}, check_mode=True)

    assert result.changed
    assert world.aws.calls().mutating == []
    assert world.config(first["id"])[0]["Enabled"] is True


# --- bad input through main() -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"aliases": ["www.example.com"]}, "aliases"),
        ({"price_class": "PriceClass_Cheap"}, "price_class"),
        ({"viewer_certificate": {"acm_certificate_arn": CERTIFICATE, "minimum_protocol_version": "TLSv9"}}, "minimum_protocol_version"),
        ({"custom_error_responses": [{"error_code": 700}]}, "error_code 700"),
        ({"default_cache_behavior": {"target_origin_id": "nowhere", "cache_policy_id": CACHING_OPTIMIZED}}, "target_origin_id 'nowhere'"),
        ({"default_cache_behavior": {"target_origin_id": "site"}}, "cache_policy_id"),
        ({"origins": None}, "origins"),
    ],
)
def test_bad_input_fails_naming_the_option_and_calls_nothing(world: World, overrides: dict[str, Any], named: str) -> None:
    result = world.distribution(world.args(**overrides))

    assert result.failed
    assert named in result.out["msg"]
    assert world.aws.calls().calls == []


# --- throttling --------------------------------------------------------------------------------


def test_throttled_calls_are_retried_and_make_one_distribution(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = AWSRetry.jittered_backoff(retries=10, delay=0.01, max_delay=0.05, catch_extra_error_codes=retry_codes())
    monkeypatch.setattr(cloudfront_distribution, "retrying", lambda: fast)
    world.aws.faults(seed=5, throttle=0.4)

    first = world.distribution(world.args())
    again = world.distribution(world.args())

    faults = world.aws.calls().faults
    world.aws.faults(throttle=0)
    assert not first.failed and not again.failed, (first.out, again.out)
    assert faults
    assert not again.changed
    assert len(world.listed()) == 1
