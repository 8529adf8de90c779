"""cloudfront_response_headers_policy, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from ansible_collections.webstack.aws.plugins.modules import cloudfront_response_headers_policy as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "webstack-test-security-headers"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; upgrade-insecure-requests;"

# What the edge role asks for.
SECURITY_HEADERS = {
    "strict_transport_security": {"max_age": 63072000, "preload": True},
    "content_security_policy": {"policy": CSP},
    "content_type_options": {},
    "frame_options": {"frame_option": "DENY"},
    "referrer_policy": {"referrer_policy": "strict-origin-when-cross-origin"},
}
EDGE_ARGS = {"comment": "site headers", "security_headers": SECURITY_HEADERS}
# The ResponseHeadersPolicyConfig AWS should hold for EDGE_ARGS.
EDGE_CONFIG = {
    "Name": NAME,
    "Comment": "site headers",
    "SecurityHeadersConfig": {
        "StrictTransportSecurity": {"Override": True, "IncludeSubdomains": True, "Preload": True, "AccessControlMaxAgeSec": 63072000},
        "ContentSecurityPolicy": {"Override": True, "ContentSecurityPolicy": CSP},
        "ContentTypeOptions": {"Override": True},
        "FrameOptions": {"Override": True, "FrameOption": "DENY"},
        "ReferrerPolicy": {"Override": True, "ReferrerPolicy": "strict-origin-when-cross-origin"},
    },
}
CORS = {
    "allow_origins": ["https://www.example.com", "https://admin.example.com"],
    "allow_headers": ["Content-Type", "Authorization"],
    "allow_methods": ["POST", "GET", "OPTIONS"],
    "allow_credentials": True,
    "expose_headers": ["X-Request-Id"],
    "max_age_sec": 600,
}
EVERYTHING_ARGS = {
    "security_headers": dict(SECURITY_HEADERS, xss_protection={"protection": True, "mode_block": True}),
    "custom_headers": [{"header": "X-Stack", "value": "webstack-test"}, {"header": "Permissions-Policy", "value": "camera=()", "override": False}],
    "remove_headers": ["Server", "X-Powered-By"],
    "server_timing": {"sampling_rate": 12.5},
    "cors": CORS,
}


def params(**args: Any) -> dict[str, Any]:
    """Module params as AnsibleModule hands them to the module: every option, defaults filled in, suboptions included."""
    given = {"name": NAME, **args}
    return {
        "name": given["name"],
        "comment": given.get("comment", ""),
        "security_headers": fill(given.get("security_headers"), module.ARGUMENT_SPEC["security_headers"]["options"]),
        "custom_headers": [fill(header, module.ARGUMENT_SPEC["custom_headers"]["options"]) for header in given.get("custom_headers", [])],
        "remove_headers": given.get("remove_headers", []),
        "server_timing": fill(given.get("server_timing"), module.ARGUMENT_SPEC["server_timing"]["options"]),
        "cors": fill(given.get("cors"), module.ARGUMENT_SPEC["cors"]["options"]),
        "state": given.get("state", "present"),
    }


def fill(value: dict[str, Any] | None, spec: dict[str, Any]) -> dict[str, Any] | None:
    """A dict option with its suboptions' defaults, the way AnsibleModule fills them (None when not given)."""
    if value is None:
        return None
    filled = {}
    for option, option_spec in spec.items():
        given = value.get(option, option_spec.get("default"))
        filled[option] = fill(given, option_spec["options"]) if option_spec.get("options") and option_spec["type"] == "dict" else given
    return filled


@dataclass
class World:
    aws: Emulator

    @property
    def cloudfront(self) -> Any:
        return self.aws.client("cloudfront")

    def policy(self, args: dict[str, Any] | None = None, check_mode: bool = False) -> Result:
        return run(module.main, self.aws, {"name": NAME, **(args or {})}, check_mode)

    def policies(self) -> list[dict[str, Any]]:
        """Every custom response headers policy of the account, through every page."""
        found: list[dict[str, Any]] = []
        marker: dict[str, str] = {}
        while True:
            listing = self.cloudfront.list_response_headers_policies(Type="custom", **marker)["ResponseHeadersPolicyList"]
            found.extend(item["ResponseHeadersPolicy"] for item in listing.get("Items", []))
            if "NextMarker" not in listing:
                return found
            marker = {"Marker": listing["NextMarker"]}

    def read(self, policy_id: str) -> tuple[dict[str, Any], str]:
        answer = self.cloudfront.get_response_headers_policy(Id=policy_id)
        return answer["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"], answer["ETag"]

    def make(self, name: str) -> str:
        """A policy made behind the module's back; its id."""
        config = {"Name": name, "SecurityHeadersConfig": {"ContentTypeOptions": {"Override": True}}}
        return self.cloudfront.create_response_headers_policy(ResponseHeadersPolicyConfig=config)["ResponseHeadersPolicy"]["Id"]

    def distribution_using(self, policy_id: str) -> str:
        origin = {
            "Id": "app",
            "DomainName": "app.example.com",
            "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"},
        }
        behavior = {
            "TargetOriginId": "app",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": CACHING_OPTIMIZED,
            "ResponseHeadersPolicyId": policy_id,
        }
        config = {"CallerReference": "site", "Comment": "", "Enabled": True, "Origins": {"Quantity": 1, "Items": [origin]}, "DefaultCacheBehavior": behavior}
        return self.cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["Id"]


@pytest.fixture
def world(aws: Emulator) -> World:
    aws.clear_calls()
    return World(aws)


# Pure rules: the documentation


def spec_of(options: dict[str, Any]) -> dict[str, Any]:
    """The argument spec a DOCUMENTATION options block describes."""
    spec = {}
    for option, doc in options.items():
        entry = {key: doc[key] for key in ("type", "default", "choices", "elements") if key in doc}
        if doc.get("required"):
            entry["required"] = True
        if "suboptions" in doc:
            entry["options"] = spec_of(doc["suboptions"])
        spec[option] = entry
    return spec


def test_the_documentation_describes_the_argument_spec_exactly() -> None:
    documented = spec_of(yaml.safe_load(module.DOCUMENTATION)["options"])

    assert documented == module.ARGUMENT_SPEC


def descriptions(node: Any) -> list[Any]:
    """Every line of every description in a DOCUMENTATION or RETURN block."""
    if isinstance(node, list):
        return [line for item in node for line in descriptions(item)]
    if not isinstance(node, dict):
        return []
    found = []
    for key, value in node.items():
        if key == "description":
            found.extend(value if isinstance(value, list) else [value])
        else:
            found.extend(descriptions(value))
    return found


@pytest.mark.parametrize("block", ["DOCUMENTATION", "RETURN"])
def test_every_description_is_text(block: str) -> None:
    lines = descriptions(yaml.safe_load(getattr(module, block)))

    assert lines
    assert [line for line in lines if not isinstance(line, str)] == []


def test_the_examples_and_return_are_yaml() -> None:
    assert yaml.safe_load(module.EXAMPLES)
    assert yaml.safe_load(module.RETURN)["response_headers_policy"]["contains"]["id"]


# Pure rules: the Content-Security-Policy


@pytest.mark.parametrize(
    "policy",
    [
        CSP,
        "default-src 'self'",
        "upgrade-insecure-requests",
        "default-src https: 'unsafe-inline';script-src 'self' https://cdn.example.com;",
        "default-src " + "a" * (module.MAX_CSP_LENGTH - len("default-src ")),
    ],
)
def test_a_sane_csp_passes(policy: str) -> None:
    assert module.csp_errors(policy) == []


@pytest.mark.parametrize(
    ("policy", "problem"),
    [
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        ("default-src 'self';\nimg-src 'self'", "one line"),
        ("default-src 'self';\rimg-src 'self'", "one line"),
        ("default-src " + "a" * module.MAX_CSP_LENGTH, "at most 1783"),
        ("Default-Src 'self'", "'Default-Src' is not lower case"),
        ("default_src 'self'", "'default_src' is not lower case"),
        ("-src 'self'", "'-src' is not lower case"),
        ("default-src 'self';; img-src 'self'", "directive 2 is empty"),
        (";", "directive 1 is empty"),
        ("'self' default-src", "\"'self'\" is not lower case"),
        ("img-src 'self'; img-src data:", "'img-src' is given twice"),
    ],
)
def test_a_broken_csp_fails_naming_the_option(policy: str, problem: str) -> None:
    errors = module.csp_errors(policy)

    assert len(errors) == 1, errors
    assert errors[0].startswith("security_headers.content_security_policy.policy")
    assert problem in errors[0]


# Pure rules: the other options


def test_valid_options_pass() -> None:
    assert module.validate_params(params(**EDGE_ARGS)) == []
    assert module.validate_params(params(**EVERYTHING_ARGS)) == []
    assert module.validate_params(params(cors=dict(CORS, allow_headers=["*"], expose_headers=["*"], allow_methods=["ALL"]))) == []


@pytest.mark.parametrize(
    ("args", "named", "problem"),
    [
        ({"name": " "}, "name", "must not be empty"),
        ({"security_headers": {"strict_transport_security": {"max_age": -1}}}, "security_headers.strict_transport_security.max_age", "0 or more"),
        ({"security_headers": {"content_security_policy": {"policy": "Script-Src 'self'"}}}, "security_headers.content_security_policy.policy", "lower case"),
        (
            {"security_headers": {"xss_protection": {"protection": True, "mode_block": True, "report_uri": "https://r.example.com"}}},
            "security_headers.xss_protection",
            "report_uri cannot be used with mode_block",
        ),
        ({"custom_headers": [{"header": "X Stack", "value": "v"}]}, "custom_headers", "'X Stack' is not a header name"),
        ({"custom_headers": [{"header": "", "value": "v"}]}, "custom_headers", "'' is not a header name"),
        ({"custom_headers": [{"header": "X-Grüße", "value": "v"}]}, "custom_headers", "'X-Grüße' is not a header name"),
        ({"custom_headers": [{"header": "X-A", "value": "1"}, {"header": "x-a", "value": "2"}]}, "custom_headers", "'x-a' is given twice"),
        ({"remove_headers": ["Server:"]}, "remove_headers", "'Server:' is not a header name"),
        ({"remove_headers": ["Server", "server"]}, "remove_headers", "given twice"),
        ({"custom_headers": [{"header": "Server", "value": "x"}], "remove_headers": ["server"]}, "custom_headers and remove_headers", "both name server"),
        ({"server_timing": {"sampling_rate": 100.5}}, "server_timing.sampling_rate", "0 to 100"),
        ({"server_timing": {"sampling_rate": -1.0}}, "server_timing.sampling_rate", "0 to 100"),
        ({"server_timing": {"sampling_rate": 1.23456}}, "server_timing.sampling_rate", "four decimal places"),
        ({"cors": dict(CORS, allow_origins=[])}, "cors.allow_origins", "must not be empty"),
        ({"cors": dict(CORS, allow_origins=["https://a.example.com https://b.example.com"])}, "cors.allow_origins", "is not an origin"),
        ({"cors": dict(CORS, allow_methods=[])}, "cors.allow_methods", "must not be empty"),
        ({"cors": dict(CORS, allow_methods=["ALL", "GET"])}, "cors.allow_methods", "ALL stands for every method"),
        ({"cors": dict(CORS, allow_headers=["Content Type"])}, "cors.allow_headers", "is not a header name"),
        ({"cors": dict(CORS, expose_headers=["X-Id", "x-id"])}, "cors.expose_headers", "given twice"),
        ({"cors": dict(CORS, max_age_sec=-5)}, "cors.max_age_sec", "0 or more"),
    ],
)
def test_validate_params_names_the_option_and_what_is_wrong(args: dict[str, Any], named: str, problem: str) -> None:
    errors = module.validate_params(params(**args))

    assert len(errors) == 1, errors
    assert errors[0].startswith(named)
    assert problem in errors[0]


def test_absent_needs_only_a_name() -> None:
    assert module.validate_params(params(state="absent", security_headers={"strict_transport_security": {"max_age": -1}})) == []


# Pure rules: what to send


def test_config_to_send_has_only_the_headers_given() -> None:
    assert module.config_to_send(params(**EDGE_ARGS)) == EDGE_CONFIG


def test_config_to_send_of_a_bare_policy_is_its_name_and_comment() -> None:
    assert module.config_to_send(params()) == {"Name": NAME, "Comment": ""}


def test_config_to_send_of_everything() -> None:
    config = module.config_to_send(params(**EVERYTHING_ARGS))

    assert config["SecurityHeadersConfig"]["XSSProtection"] == {"Override": True, "Protection": True, "ModeBlock": True}
    assert config["CustomHeadersConfig"] == {
        "Quantity": 2,
        "Items": [
            {"Header": "X-Stack", "Value": "webstack-test", "Override": True},
            {"Header": "Permissions-Policy", "Value": "camera=()", "Override": False},
        ],
    }
    assert config["RemoveHeadersConfig"] == {"Quantity": 2, "Items": [{"Header": "Server"}, {"Header": "X-Powered-By"}]}
    assert config["ServerTimingHeadersConfig"] == {"Enabled": True, "SamplingRate": 12.5}
    assert config["CorsConfig"] == {
        "AccessControlAllowOrigins": {"Quantity": 2, "Items": ["https://www.example.com", "https://admin.example.com"]},
        "AccessControlAllowHeaders": {"Quantity": 2, "Items": ["Content-Type", "Authorization"]},
        "AccessControlAllowMethods": {"Quantity": 3, "Items": ["POST", "GET", "OPTIONS"]},
        "AccessControlAllowCredentials": True,
        "AccessControlExposeHeaders": {"Quantity": 1, "Items": ["X-Request-Id"]},
        "AccessControlMaxAgeSec": 600,
        "OriginOverride": True,
    }


def test_xss_protection_with_a_report_uri() -> None:
    config = module.config_to_send(params(security_headers={"xss_protection": {"protection": True, "report_uri": "https://r.example.com/xss"}}))

    assert config["SecurityHeadersConfig"] == {
        "XSSProtection": {"Override": True, "Protection": True, "ModeBlock": False, "ReportUri": "https://r.example.com/xss"}
    }


# Pure rules: what differs


def test_the_same_policy_in_another_order_does_not_differ() -> None:
    sent = module.config_to_send(params(**EVERYTHING_ARGS))
    read = copy.deepcopy(sent)
    for wrapper in (read["CustomHeadersConfig"], read["RemoveHeadersConfig"], *[read["CorsConfig"][key] for key in read["CorsConfig"] if key.endswith("s")]):
        if isinstance(wrapper, dict) and "Items" in wrapper:
            wrapper["Items"].reverse()

    assert read != sent
    assert module.changed_settings(read, sent) == []


def test_what_aws_leaves_out_reads_as_its_default() -> None:
    sent = module.config_to_send(params(**EVERYTHING_ARGS, comment=""))
    read = copy.deepcopy(sent)
    del read["Comment"]
    read["SecurityHeadersConfig"]["XSSProtection"]["ModeBlock"] = True  # as sent; the rest left out below
    del read["SecurityHeadersConfig"]["StrictTransportSecurity"]["IncludeSubdomains"]
    sent["SecurityHeadersConfig"]["StrictTransportSecurity"]["IncludeSubdomains"] = False
    read["CorsConfig"]["AccessControlExposeHeaders"] = {"Quantity": 0}
    sent["CorsConfig"].pop("AccessControlExposeHeaders")

    assert module.changed_settings(read, sent) == []


def test_empty_wrappers_and_disabled_server_timing_are_the_same_as_none() -> None:
    read = {
        "Name": NAME,
        "Comment": "",
        "SecurityHeadersConfig": {},
        "CustomHeadersConfig": {"Quantity": 0},
        "RemoveHeadersConfig": {"Quantity": 0},
        "ServerTimingHeadersConfig": {"Enabled": False, "SamplingRate": 0.0},
    }

    assert module.changed_settings(read, module.config_to_send(params())) == []
    assert module.changed_settings(read, module.config_to_send(params(server_timing={"enabled": False}))) == []


def test_changed_settings_lists_only_what_differs() -> None:
    current = module.config_to_send(params(**EVERYTHING_ARGS))
    desired = module.config_to_send(
        params(
            **{**EVERYTHING_ARGS, "comment": "new", "remove_headers": ["Server"], "server_timing": {"sampling_rate": 12.5}, "cors": {**CORS, "max_age_sec": 60}}
        )
    )

    assert module.changed_settings(current, desired) == ["comment", "remove_headers", "cors"]


@pytest.mark.parametrize(
    "change",
    [
        {"security_headers": dict(SECURITY_HEADERS, frame_options={"frame_option": "SAMEORIGIN"})},
        {"security_headers": dict(SECURITY_HEADERS, content_type_options={"override": False})},
        {"security_headers": {key: value for key, value in SECURITY_HEADERS.items() if key != "content_type_options"}},
        {"custom_headers": [{"header": "X-Stack", "value": "other"}]},
        {"custom_headers": [{"header": "x-stack", "value": "webstack-test"}]},
        {"server_timing": {"sampling_rate": 50.0}},
        {"server_timing": {"enabled": False}},
        {"cors": dict(CORS, allow_methods=["GET"])},
        {"cors": None},
    ],
)
def test_a_changed_header_differs(change: dict[str, Any]) -> None:
    base = {**EVERYTHING_ARGS, "custom_headers": [{"header": "X-Stack", "value": "webstack-test"}]}
    current = module.config_to_send(params(**base))
    desired = module.config_to_send(params(**{**base, **change}))

    assert module.changed_settings(current, desired) == list(change)


def test_the_view_is_the_options_normalised() -> None:
    view = module.policy_view(module.config_to_send(params(**EVERYTHING_ARGS)))

    assert view["security_headers"]["strict_transport_security"] == {"max_age": 63072000, "include_subdomains": True, "preload": True, "override": True}
    assert view["security_headers"]["xss_protection"] == {"protection": True, "mode_block": True, "report_uri": None, "override": True}
    assert [header["header"] for header in view["custom_headers"]] == ["Permissions-Policy", "X-Stack"]
    assert view["remove_headers"] == ["Server", "X-Powered-By"]
    assert view["server_timing"] == {"enabled": True, "sampling_rate": 12.5}
    assert view["cors"]["allow_methods"] == ["GET", "OPTIONS", "POST"]
    assert view["cors"]["allow_headers"] == ["Authorization", "Content-Type"]


def test_the_result_is_snake_case_with_id_etag_and_time() -> None:
    policy = {"Id": "abc", "LastModifiedTime": "2024-05-02T10:11:12+00:00"}

    result = module.policy_result(EDGE_CONFIG, policy, "ETAG1")

    assert (result["id"], result["etag"], result["last_modified_time"]) == ("abc", "ETAG1", "2024-05-02T10:11:12+00:00")
    config = result["response_headers_policy_config"]
    assert config["security_headers_config"]["strict_transport_security"]["access_control_max_age_sec"] == 63072000
    assert config["security_headers_config"]["content_security_policy"]["content_security_policy"] == CSP
    assert module.policy_result(EDGE_CONFIG) == {"response_headers_policy_config": result["response_headers_policy_config"]}


# Create


def test_create_makes_the_policy_with_the_security_headers(world: World) -> None:
    run_ = world.policy(EDGE_ARGS)

    assert not run_.failed, run_.out
    assert run_.changed
    [policy] = world.policies()
    config, etag = world.read(policy["Id"])
    assert config == EDGE_CONFIG
    returned = run_.out["response_headers_policy"]
    assert (returned["id"], returned["etag"]) == (policy["Id"], etag)
    assert returned["last_modified_time"].startswith(str(policy["LastModifiedTime"].year))
    assert returned["response_headers_policy_config"]["name"] == NAME
    assert returned["response_headers_policy_config"]["security_headers_config"]["frame_options"] == {"frame_option": "DENY", "override": True}
    assert run_.out["diff"] == {"before": {}, "after": module.policy_view(EDGE_CONFIG)}
    assert world.aws.calls().mutating == ["cloudfront:CreateResponseHeadersPolicy"]


def test_create_with_every_kind_of_header(world: World) -> None:
    run_ = world.policy(EVERYTHING_ARGS)

    assert not run_.failed, run_.out
    config = world.read(run_.out["response_headers_policy"]["id"])[0]
    assert config == module.config_to_send(params(**EVERYTHING_ARGS))
    assert config["CorsConfig"]["AccessControlAllowCredentials"] is True
    assert config["ServerTimingHeadersConfig"] == {"Enabled": True, "SamplingRate": 12.5}


def test_the_region_does_not_matter_to_a_global_service(world: World) -> None:
    created = world.policy(dict(EDGE_ARGS, region="ap-southeast-2")).out["response_headers_policy"]

    again = world.policy(dict(EDGE_ARGS, region="us-east-1"))

    assert not again.changed
    assert again.out["response_headers_policy"]["id"] == created["id"]


def test_a_policy_created_since_the_lookup_is_updated_not_duplicated(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    real = module.ResponseHeadersPolicyManager.find_id
    lookups: list[str] = []

    def first_lookup_misses(manager: module.ResponseHeadersPolicyManager) -> str | None:
        lookups.append(manager.name)
        return None if len(lookups) == 1 else real(manager)

    monkeypatch.setattr(module.ResponseHeadersPolicyManager, "find_id", first_lookup_misses)
    theirs = world.make(NAME)
    world.aws.clear_calls()

    run_ = world.policy(EDGE_ARGS)

    assert not run_.failed, run_.out
    assert run_.changed
    assert [policy["Id"] for policy in world.policies()] == [theirs]
    assert world.read(theirs)[0] == EDGE_CONFIG
    assert world.aws.calls().mutating == ["cloudfront:CreateResponseHeadersPolicy", "cloudfront:UpdateResponseHeadersPolicy"]


# Idempotence and check mode


@pytest.mark.parametrize("args", [EDGE_ARGS, EVERYTHING_ARGS, {}], ids=["edge", "everything", "bare"])
def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World, args: dict[str, Any]) -> None:
    first = world.policy(args)
    world.aws.clear_calls()

    again = world.policy(args)

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert world.aws.calls().count("GetResponseHeadersPolicy") == 1
    assert again.out["response_headers_policy"] == first.out["response_headers_policy"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_header_lists_in_another_order_change_nothing(world: World) -> None:
    world.policy(EVERYTHING_ARGS)
    world.aws.clear_calls()
    reordered = dict(
        EVERYTHING_ARGS,
        custom_headers=list(reversed(EVERYTHING_ARGS["custom_headers"])),
        remove_headers=["X-Powered-By", "Server"],
        cors={key: list(reversed(value)) if isinstance(value, list) else value for key, value in CORS.items()},
    )

    run_ = world.policy(reordered)

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    run_ = world.policy(EDGE_ARGS, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.policies() == []
    assert world.aws.calls().mutating == []
    assert run_.out["response_headers_policy"] == module.policy_result(EDGE_CONFIG)
    assert run_.out["diff"] == {"before": {}, "after": module.policy_view(EDGE_CONFIG)}


def test_check_mode_on_a_converged_policy_reports_no_change(world: World) -> None:
    world.policy(EDGE_ARGS)
    world.aws.clear_calls()

    run_ = world.policy(EDGE_ARGS, check_mode=True)

    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_a_policy_on_a_later_page_is_found_not_duplicated(world: World) -> None:
    for number in range(100):
        world.make(f"other-{number:03}")
    target = world.make(NAME)  # listed after the other hundred, on the second page
    world.aws.clear_calls()

    run_ = world.policy({"security_headers": {"content_type_options": {}}})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert run_.out["response_headers_policy"]["id"] == target
    assert world.aws.calls().count("ListResponseHeadersPolicies") == 2
    assert world.aws.calls().mutating == []


def test_a_managed_policy_of_the_name_is_never_taken_for_the_account_s(world: World) -> None:
    managed = "Managed-SecurityHeadersPolicy"  # AWS's SecurityHeadersPolicy, 67f7725c-6f97-4210-82d7-5512b31e9d03

    run_ = world.policy({"name": managed, "security_headers": {"content_type_options": {}}})

    assert "cloudfront:UpdateResponseHeadersPolicy" not in world.aws.calls().mutating
    assert world.aws.calls().count("GetResponseHeadersPolicy") == 0
    if run_.failed:  # AWS keeps the name for its own policy
        assert managed in run_.out["msg"] and "managed" in run_.out["msg"]
    else:
        assert run_.out["response_headers_policy"]["id"] != "67f7725c-6f97-4210-82d7-5512b31e9d03"


# Update


def test_update_changes_the_policy_in_place_with_its_etag(world: World) -> None:
    created = world.policy(EDGE_ARGS).out["response_headers_policy"]
    world.aws.clear_calls()
    changed_headers = dict(SECURITY_HEADERS, frame_options={"frame_option": "SAMEORIGIN"})

    run_ = world.policy(dict(EDGE_ARGS, security_headers=changed_headers, remove_headers=["Server"]))

    assert not run_.failed, run_.out
    assert run_.changed
    [policy] = world.policies()
    config, etag = world.read(created["id"])
    assert policy["Id"] == created["id"]
    assert config["SecurityHeadersConfig"]["FrameOptions"] == {"Override": True, "FrameOption": "SAMEORIGIN"}
    assert config["RemoveHeadersConfig"] == {"Quantity": 1, "Items": [{"Header": "Server"}]}
    assert run_.out["response_headers_policy"]["etag"] == etag != created["etag"]
    before, after = run_.out["diff"]["before"], run_.out["diff"]["after"]
    assert before["security_headers"]["frame_options"]["frame_option"] == "DENY"
    assert after["security_headers"]["frame_options"]["frame_option"] == "SAMEORIGIN"
    assert (before["remove_headers"], after["remove_headers"]) == ([], ["Server"])
    assert world.aws.calls().mutating == ["cloudfront:UpdateResponseHeadersPolicy"]


def test_a_header_left_out_is_removed_from_the_policy(world: World) -> None:
    created = world.policy(EVERYTHING_ARGS).out["response_headers_policy"]

    run_ = world.policy(EDGE_ARGS)

    assert run_.changed
    config = world.read(created["id"])[0]
    assert config == EDGE_CONFIG


def test_check_mode_update_changes_nothing(world: World) -> None:
    created = world.policy(EDGE_ARGS).out["response_headers_policy"]
    world.aws.clear_calls()

    run_ = world.policy(dict(EDGE_ARGS, comment="new"), check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.read(created["id"]) == (EDGE_CONFIG, created["etag"])
    assert run_.out["response_headers_policy"] == dict(module.policy_result(dict(EDGE_CONFIG, Comment="new")), id=created["id"])
    assert run_.out["diff"]["after"]["comment"] == "new"


def test_an_update_after_a_change_by_someone_else_fails_and_overwrites_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    created = world.policy(EDGE_ARGS).out["response_headers_policy"]
    stale = world.cloudfront.get_response_headers_policy(Id=created["id"])
    world.cloudfront.update_response_headers_policy(Id=created["id"], IfMatch=created["etag"], ResponseHeadersPolicyConfig=dict(EDGE_CONFIG, Comment="theirs"))
    monkeypatch.setattr(module.ResponseHeadersPolicyManager, "find", lambda manager: stale)  # the module read before their change

    run_ = world.policy(dict(EDGE_ARGS, comment="mine"))

    assert run_.failed
    assert NAME in run_.out["msg"] and "changed while" in run_.out["msg"]
    assert world.read(created["id"])[0]["Comment"] == "theirs"


# Absent


def test_absent_deletes_the_policy(world: World) -> None:
    world.policy(EDGE_ARGS)
    world.aws.clear_calls()

    run_ = world.policy({"state": "absent"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.policies() == []
    assert run_.out["diff"] == {"before": module.policy_view(EDGE_CONFIG), "after": {}}
    assert world.aws.calls().mutating == ["cloudfront:DeleteResponseHeadersPolicy"]


def test_absent_leaves_other_policies_alone(world: World) -> None:
    other = world.make("webstack-test-api")
    world.policy(EDGE_ARGS)

    world.policy({"state": "absent"})

    assert [policy["Id"] for policy in world.policies()] == [other]


def test_absent_twice_changes_nothing(world: World) -> None:
    world.policy(EDGE_ARGS)
    world.policy({"state": "absent"})
    world.aws.clear_calls()

    run_ = world.policy({"state": "absent"})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []
    assert "response_headers_policy" not in run_.out


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.policy(EDGE_ARGS)
    world.aws.clear_calls()

    run_ = world.policy({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert [policy["ResponseHeadersPolicyConfig"]["Name"] for policy in world.policies()] == [NAME]


def test_absent_of_a_policy_a_distribution_uses_fails_naming_it(world: World) -> None:
    created = world.policy(EDGE_ARGS).out["response_headers_policy"]
    world.distribution_using(created["id"])
    world.aws.clear_calls()

    run_ = world.policy({"state": "absent"})

    assert run_.failed
    assert NAME in run_.out["msg"] and created["id"] in run_.out["msg"]
    assert "distribution still uses it" in run_.out["msg"]
    assert world.aws.calls().mutating == ["cloudfront:DeleteResponseHeadersPolicy"]  # once: no retry loop
    assert [policy["Id"] for policy in world.policies()] == [created["id"]]


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"name": ""}, "name"),
        ({"security_headers": {"content_security_policy": {"policy": "default-src 'self';\nscript-src 'self'"}}}, "content_security_policy.policy"),
        ({"security_headers": {"content_security_policy": {"policy": "default-src " + "a" * 1780}}}, "content_security_policy.policy"),
        ({"security_headers": {"content_security_policy": {}}}, "policy"),
        ({"security_headers": {"strict_transport_security": {"max_age": -1}}}, "max_age"),
        ({"security_headers": {"strict_transport_security": {"preload": True}}}, "max_age"),
        ({"security_headers": {"frame_options": {"frame_option": "ALLOW-FROM"}}}, "frame_option"),
        ({"security_headers": {"referrer_policy": {"referrer_policy": "strict"}}}, "referrer_policy"),
        ({"custom_headers": [{"header": "Bad Header", "value": "x"}]}, "custom_headers"),
        ({"remove_headers": ["Bad:Header"]}, "remove_headers"),
        ({"cors": dict(CORS, allow_methods=["FETCH"])}, "allow_methods"),
        ({"server_timing": {"sampling_rate": 101}}, "sampling_rate"),
        ({"state": "gone"}, "state"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.policy(args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []
