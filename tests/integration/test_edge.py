"""The edge on the local stack: a private site bucket behind CloudFront, WAF, ACM through Route 53, publish and teardown.

The keys come from security_baseline (site.yml's tags); there is no app tier, so a module fixture makes a load
balancer tagged as the app tier's (in a VPC of its own) for the /api/* behaviour, the REGIONAL web ACL and the API
record. The tests share one emulator and run in file order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.harness.emulator import Emulator
from tests.harness.leftovers import tagged_resources
from tests.harness.stack import Run
from tests.harness.stack import Stack

STACK, ENVIRONMENT = "demo", "local"
NAME = f"{STACK}-{ENVIRONMENT}"
TAGS = ["security_baseline", "edge"]
SITE, API, ZONE = "www.demo.example.com", "api.demo.example.com", "demo.example.com."
GLOBAL = "us-east-1"
WAF_LOGS = f"aws-waf-logs-{NAME}"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
IMMUTABLE = "public, max-age=31536000, immutable"
SITE_FILES = {
    "index.html": "<!doctype html><title>demo</title><script src=/assets/app.1a2b3c4d.js></script>",
    "assets/app.1a2b3c4d.js": "console.log('demo');",
    "styles.css": "body { margin: 0; }",
}
# The stack's tagged resources once the edge is torn down without data loss (the next test compares).
KEPT: list[str] = []


@pytest.fixture(scope="module")
def stack(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Stack:
    emulator.reset()
    _make_tagged_load_balancer(emulator)
    return Stack(emulator, "inventories/local", tmp_path_factory.mktemp("edge"))


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    for relative, text in SITE_FILES.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    return root


def _make_tagged_load_balancer(emulator: Emulator) -> str:
    """The app tier's load balancer as the edge role finds it: by its stack, environment and component tags."""
    ec2 = emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.77.{i}.0/24", AvailabilityZone=zone)["Subnet"]["SubnetId"] for i, zone in enumerate(zones)]
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
    group = ec2.create_security_group(GroupName="edge-test-alb", Description="edge test load balancer", VpcId=vpc)["GroupId"]
    tags = [
        {"Key": "webstack:stack", "Value": STACK},
        {"Key": "webstack:environment", "Value": ENVIRONMENT},
        {"Key": "webstack:component", "Value": "ecs_service"},
    ]
    [balancer] = emulator.client("elbv2").create_load_balancer(
        Name=f"{NAME}-app", Subnets=subnets, SecurityGroups=[group], Scheme="internet-facing", Type="application", Tags=tags
    )["LoadBalancers"]
    return balancer["LoadBalancerArn"]


def _account(stack: Stack) -> str:
    return stack.aws("sts").get_caller_identity()["Account"]


def _buckets(stack: Stack) -> tuple[str, str]:
    account = _account(stack)
    return f"{NAME}-site-{account}", f"{NAME}-edge-logs-{account}"


def _distribution(stack: Stack) -> dict[str, Any] | None:
    """The stack's distribution (the edge role's comment is '<stack>-<env> site'), in full."""
    cloudfront = stack.aws("cloudfront")
    items = cloudfront.list_distributions()["DistributionList"].get("Items", [])
    found = [d for d in items if d["Comment"] == f"{NAME} site"]
    assert len(found) <= 1, f"more than one distribution: {[d['Id'] for d in found]}"
    return cloudfront.get_distribution(Id=found[0]["Id"])["Distribution"] if found else None


def _load_balancer(stack: Stack) -> dict[str, Any]:
    [balancer] = stack.aws("elbv2").describe_load_balancers(Names=[f"{NAME}-app"])["LoadBalancers"]
    return balancer


def _web_acls(stack: Stack) -> dict[str, dict[str, Any]]:
    """Scope -> the web ACL summary of the stack's ACLs (CLOUDFRONT in us-east-1, REGIONAL in the stack's Region)."""
    found = {}
    for scope, region, name in (("CLOUDFRONT", GLOBAL, f"{NAME}-edge"), ("REGIONAL", "eu-west-1", f"{NAME}-alb")):
        acls = stack.emulator.client("wafv2", region).list_web_acls(Scope=scope)["WebACLs"]
        found.update((scope, acl) for acl in acls if acl["Name"] == name)
    return found


def _zone_id(stack: Stack) -> str | None:
    zones = [z for z in stack.aws("route53").list_hosted_zones()["HostedZones"] if z["Name"] == ZONE]
    return zones[0]["Id"].split("/")[-1] if zones else None


def _records(stack: Stack) -> dict[tuple[str, str], dict[str, Any]]:
    zone = _zone_id(stack)
    if zone is None:
        return {}
    sets = stack.aws("route53").list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]
    return {(r["Name"], r["Type"]): r for r in sets}


def _certificates(stack: Stack, region: str) -> list[dict[str, Any]]:
    acm = stack.emulator.client("acm", region)
    listed = acm.list_certificates(Includes={"keyTypes": ["RSA_2048", "EC_prime256v1", "EC_secp384r1"]})["CertificateSummaryList"]
    return [acm.describe_certificate(CertificateArn=c["CertificateArn"])["Certificate"] for c in listed]


def _invalidations(stack: Stack, distribution_id: str) -> list[dict[str, Any]]:
    cloudfront = stack.aws("cloudfront")
    listed = cloudfront.list_invalidations(DistributionId=distribution_id)["InvalidationList"].get("Items", [])
    return [cloudfront.get_invalidation(DistributionId=distribution_id, Id=i["Id"])["Invalidation"] for i in listed]


def _key(stack: Stack) -> dict[str, Any]:
    return stack.aws("kms").describe_key(KeyId=f"alias/{NAME}-site")["KeyMetadata"]


def _log_groups(stack: Stack) -> dict[str, list[str]]:
    """Region -> the WAF log groups there."""
    return {
        region: [g["logGroupName"] for g in stack.emulator.client("logs", region).describe_log_groups(logGroupNamePrefix=WAF_LOGS)["logGroups"]]
        for region in (GLOBAL, "eu-west-1")
    }


def _publish(stack: Stack, source: Path) -> Run:
    return stack.run("playbooks/publish.yml", extravars={"edge_publish_source": str(source)})


# Converge -------------------------------------------------------------------------------------------------------


def test_converge_on_an_empty_emulator(stack: Stack) -> None:
    run = stack.converge(tags=TAGS)
    assert run.ok, run.failures or run.stdout[-3000:]
    assert _distribution(stack) is not None


def test_the_site_bucket_is_private_encrypted_and_readable_only_by_this_distribution(stack: Stack) -> None:
    s3 = stack.aws("s3")
    site, logs = _buckets(stack)
    distribution = _distribution(stack)
    assert distribution is not None
    block = s3.get_public_access_block(Bucket=site)["PublicAccessBlockConfiguration"]
    assert block == {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    assert s3.get_bucket_ownership_controls(Bucket=site)["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    assert s3.get_bucket_versioning(Bucket=site)["Status"] == "Enabled"
    [rule] = s3.get_bucket_encryption(Bucket=site)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert rule["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"] in (_key(stack)["Arn"], _key(stack)["KeyId"])
    statements = json.loads(s3.get_bucket_policy(Bucket=site)["Policy"])["Statement"]
    readers = [s for s in statements if s["Effect"] == "Allow"]
    assert [r["Principal"] for r in readers] == [{"Service": "cloudfront.amazonaws.com"}]
    assert readers[0]["Condition"] == {"StringEquals": {"AWS:SourceArn": distribution["ARN"]}}
    denials = [s for s in statements if s["Effect"] == "Deny"]
    assert [d["Condition"] for d in denials] == [{"Bool": {"aws:SecureTransport": "false"}}]
    log_rule = s3.get_bucket_encryption(Bucket=logs)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert log_rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert s3.get_bucket_ownership_controls(Bucket=logs)["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerPreferred"}]
    key_policy = json.loads(stack.aws("kms").get_key_policy(KeyId=_key(stack)["KeyId"], PolicyName="default")["Policy"])
    cloudfront_grants = [s for s in key_policy["Statement"] if s.get("Principal") == {"Service": "cloudfront.amazonaws.com"}]
    assert [g["Condition"] for g in cloudfront_grants] == [{"StringEquals": {"AWS:SourceArn": distribution["ARN"]}}]


def test_the_distribution_serves_the_bucket_through_the_oac_and_the_api_through_the_load_balancer(stack: Stack) -> None:
    distribution = _distribution(stack)
    assert distribution is not None
    config = distribution["DistributionConfig"]
    origins = {o["Id"]: o for o in config["Origins"]["Items"]}
    site, logs = _buckets(stack)
    oacs = stack.aws("cloudfront").list_origin_access_controls()["OriginAccessControlList"].get("Items", [])
    [oac] = [o for o in oacs if o["Name"] == f"{NAME}-site"]
    assert origins["site"]["DomainName"] == f"{site}.s3.eu-west-1.amazonaws.com"
    assert origins["site"]["OriginAccessControlId"] == oac["Id"]
    assert origins["api"]["DomainName"] == API
    assert origins["api"]["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    policies = stack.aws("cloudfront").list_response_headers_policies(Type="custom")["ResponseHeadersPolicyList"]["Items"]
    [headers] = [p for p in (item["ResponseHeadersPolicy"] for item in policies) if p["ResponseHeadersPolicyConfig"]["Name"] == f"{NAME}-security-headers"]
    security = headers["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] == 63072000
    assert security["ContentSecurityPolicy"]["ContentSecurityPolicy"].startswith("default-src 'self';")
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    default = config["DefaultCacheBehavior"]
    assert (default["TargetOriginId"], default["CachePolicyId"], default["ResponseHeadersPolicyId"]) == ("site", CACHING_OPTIMIZED, headers["Id"])
    assert default["ViewerProtocolPolicy"] == "redirect-to-https" and default["Compress"]
    [api] = config["CacheBehaviors"]["Items"]
    assert (api["PathPattern"], api["TargetOriginId"], api["CachePolicyId"]) == ("/api/*", "api", CACHING_DISABLED)
    assert (api["OriginRequestPolicyId"], api["ResponseHeadersPolicyId"]) == (ALL_VIEWER_EXCEPT_HOST, headers["Id"])
    assert (config["HttpVersion"], config["IsIPV6Enabled"], config["DefaultRootObject"]) == ("http2and3", True, "index.html")
    assert config["Aliases"]["Items"] == [SITE]
    [certificate] = [c for c in _certificates(stack, GLOBAL) if c["DomainName"] == SITE]
    assert config["ViewerCertificate"]["ACMCertificateArn"] == certificate["CertificateArn"]
    assert config["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"
    assert config["WebACLId"] == _web_acls(stack)["CLOUDFRONT"]["ARN"]
    errors = {e["ErrorCode"]: (e["ResponseCode"], e["ResponsePagePath"]) for e in config["CustomErrorResponses"]["Items"]}
    assert errors == {403: ("200", "/index.html"), 404: ("200", "/index.html")}
    assert (config["Logging"]["Enabled"], config["Logging"]["Bucket"], config["Logging"]["Prefix"]) == (True, f"{logs}.s3.amazonaws.com", "cloudfront/")
    assert config["PriceClass"] == "PriceClass_100"


def test_the_certificate_is_issued_and_the_names_point_at_the_edge(stack: Stack) -> None:
    assert [c["Status"] for c in _certificates(stack, GLOBAL) if c["DomainName"] == SITE] == ["ISSUED"]
    # The load balancer's certificate for the API name is the ecs_service role's, not the edge's.
    assert [c["DomainName"] for c in _certificates(stack, "eu-west-1")] == []
    distribution = _distribution(stack)
    assert distribution is not None
    records = _records(stack)
    for kind in ("A", "AAAA"):
        alias = records[(f"{SITE}.", kind)]["AliasTarget"]
        assert (alias["HostedZoneId"], alias["DNSName"].rstrip(".")) == ("Z2FDTNDATAQYW2", distribution["DomainName"])
    balancer = _load_balancer(stack)
    alias = records[(f"{API}.", "A")]["AliasTarget"]
    assert (alias["HostedZoneId"], alias["DNSName"].rstrip(".").lower()) == (balancer["CanonicalHostedZoneId"], balancer["DNSName"].lower())


def test_the_web_acls_guard_the_distribution_and_the_load_balancer_and_log_redacted(stack: Stack) -> None:
    acls = _web_acls(stack)
    assert sorted(acls) == ["CLOUDFRONT", "REGIONAL"]
    regional = stack.aws("wafv2")
    assert regional.get_web_acl_for_resource(ResourceArn=_load_balancer(stack)["LoadBalancerArn"])["WebACL"]["ARN"] == acls["REGIONAL"]["ARN"]
    for scope, region in (("CLOUDFRONT", GLOBAL), ("REGIONAL", "eu-west-1")):
        waf = stack.emulator.client("wafv2", region)
        acl = waf.get_web_acl(Name=acls[scope]["Name"], Scope=scope, Id=acls[scope]["Id"])["WebACL"]
        rules = {r["Name"]: r for r in acl["Rules"]}
        managed = sorted(r["Statement"]["ManagedRuleGroupStatement"]["Name"] for r in acl["Rules"] if "ManagedRuleGroupStatement" in r["Statement"])
        assert managed == [f"AWSManagedRules{group}" for group in ("AmazonIpReputationList", "CommonRuleSet", "KnownBadInputsRuleSet", "SQLiRuleSet")]
        [rate] = [r for r in rules.values() if "RateBasedStatement" in r["Statement"]]
        assert rate["Statement"]["RateBasedStatement"]["Limit"] == 2000 and "Block" in rate["Action"]
        logging = waf.get_logging_configuration(ResourceArn=acls[scope]["ARN"])["LoggingConfiguration"]
        assert [d.split(":log-group:")[-1] for d in logging["LogDestinationConfigs"]] == [WAF_LOGS]
        assert sorted(f["SingleHeader"]["Name"] for f in logging["RedactedFields"]) == ["authorization", "cookie"]
    assert _log_groups(stack) == {GLOBAL: [WAF_LOGS], "eu-west-1": [WAF_LOGS]}


# A no-op run of the whole stack is test_stack_local's; here the edge alone, after its check run.
def test_check_mode_on_the_converged_edge_reports_no_change(stack: Stack) -> None:
    run = stack.converge(tags=["edge"], check=True, diff=True)
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []


def test_the_edge_alone_finds_everything_it_needs(stack: Stack) -> None:
    run = stack.converge(tags=["edge"])
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []
    assert any(t.role == "edge" for t in run.tasks)
    assert [t.task for t in run.tasks if t.role == "security_baseline" and not t.task.startswith("Validating arguments")] == []


# Publish --------------------------------------------------------------------------------------------------------


def test_publish_uploads_the_site_with_its_headers_and_invalidates_once(stack: Stack, site_dir: Path) -> None:
    run = _publish(stack, site_dir)
    assert run.ok, run.failures or run.stdout[-3000:]
    s3 = stack.aws("s3")
    site = _buckets(stack)[0]
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=site).get("Contents", []))
    assert keys == sorted(SITE_FILES)
    heads = {key: s3.head_object(Bucket=site, Key=key) for key in keys}
    assert {key: (h["ContentType"], h["CacheControl"]) for key, h in heads.items()} == {
        "index.html": ("text/html; charset=utf-8", "no-cache"),
        "assets/app.1a2b3c4d.js": ("text/javascript; charset=utf-8", IMMUTABLE),
        "styles.css": ("text/css; charset=utf-8", "no-cache"),
    }
    assert {h.get("ServerSideEncryption") for h in heads.values()} == {"aws:kms"}
    assert run.calls.count("PutObject") == 3
    assert run.calls.count("CreateInvalidation") == 1
    distribution = _distribution(stack)
    assert distribution is not None
    [invalidation] = _invalidations(stack, distribution["Id"])
    # index.html is also served as the root: both paths go.
    assert sorted(invalidation["InvalidationBatch"]["Paths"]["Items"]) == ["/", "/assets/app.1a2b3c4d.js", "/index.html", "/styles.css"]


def test_a_second_publish_of_the_same_site_changes_nothing(stack: Stack, site_dir: Path) -> None:
    run = _publish(stack, site_dir)
    assert run.ok, run.failures
    assert run.calls.mutating == []
    assert run.changed_tasks == []
    distribution = _distribution(stack)
    assert distribution is not None
    assert len(_invalidations(stack, distribution["Id"])) == 1


def test_a_changed_file_is_uploaded_and_invalidated_alone(stack: Stack, site_dir: Path) -> None:
    (site_dir / "styles.css").write_text("body { margin: 0; color: #222; }")
    run = _publish(stack, site_dir)
    assert run.ok, run.failures
    assert run.calls.mutating == ["s3:PutObject", "cloudfront:CreateInvalidation"]
    site = _buckets(stack)[0]
    assert stack.aws("s3").get_object(Bucket=site, Key="styles.css")["Body"].read() == b"body { margin: 0; color: #222; }"
    distribution = _distribution(stack)
    assert distribution is not None
    invalidations = _invalidations(stack, distribution["Id"])
    assert len(invalidations) == 2
    newest = max(invalidations, key=lambda i: i["CreateTime"])
    assert newest["InvalidationBatch"]["Paths"]["Items"] == ["/styles.css"]


# Teardown -------------------------------------------------------------------------------------------------------


def test_teardown_without_data_loss_keeps_the_buckets_the_key_and_the_waf_logs(stack: Stack) -> None:
    run = stack.teardown(tags=["edge"], extravars={"webstack_allow_data_loss": False})
    assert run.ok, run.failures or run.stdout[-3000:]
    site, logs = _buckets(stack)
    edge_buckets = sorted(b["Name"] for b in stack.aws("s3").list_buckets()["Buckets"] if b["Name"].startswith((f"{NAME}-site-", f"{NAME}-edge-")))
    assert edge_buckets == sorted([site, logs])
    assert sorted(o["Key"] for o in stack.aws("s3").list_objects_v2(Bucket=site).get("Contents", [])) == sorted(SITE_FILES)
    assert _key(stack)["KeyState"] == "Enabled"
    assert _log_groups(stack) == {GLOBAL: [WAF_LOGS], "eu-west-1": [WAF_LOGS]}
    assert _distribution(stack) is None
    assert _web_acls(stack) == {}
    cloudfront = stack.aws("cloudfront")
    assert [o["Name"] for o in cloudfront.list_origin_access_controls()["OriginAccessControlList"].get("Items", []) if o["Name"].startswith(NAME)] == []
    custom = cloudfront.list_response_headers_policies(Type="custom")["ResponseHeadersPolicyList"].get("Items", [])
    assert [p["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"]["Name"] for p in custom] == []
    assert [c["DomainName"] for c in _certificates(stack, GLOBAL) + _certificates(stack, "eu-west-1")] == []
    assert [name for name, kind in _records(stack) if kind not in ("NS", "SOA")] == []
    KEPT.extend(tagged_resources(stack.emulator, STACK, ENVIRONMENT))


def test_a_second_teardown_finds_nothing_to_delete(stack: Stack) -> None:
    run = stack.teardown(tags=["edge"], extravars={"webstack_allow_data_loss": False})
    assert run.ok, run.failures
    assert run.calls.mutating == []
    assert run.changed_tasks == []


def test_teardown_with_data_loss_removes_the_rest(stack: Stack) -> None:
    run = stack.teardown(tags=["edge"])
    assert run.ok, run.failures or run.stdout[-3000:]
    names = [b["Name"] for b in stack.aws("s3").list_buckets()["Buckets"]]
    assert [n for n in names if n.startswith((f"{NAME}-site-", f"{NAME}-edge-"))] == []
    assert _key(stack)["KeyState"] == "PendingDeletion"
    assert _log_groups(stack) == {GLOBAL: [], "eu-west-1": []}
    # What the teardown without data loss had kept beside the security baseline: exactly the two buckets, the key and the WAF logs.
    site, logs = _buckets(stack)
    gone = sorted(set(KEPT) - set(tagged_resources(stack.emulator, STACK, ENVIRONMENT)))
    assert gone == sorted([f"s3:{site}", f"s3:{logs}", f"kms:{_key(stack)['KeyId']}", f"logs:{WAF_LOGS}", f"logs:{GLOBAL}/{WAF_LOGS}"])
    again = stack.teardown(tags=["edge"])
    assert again.ok, again.failures
    assert again.calls.mutating == []
