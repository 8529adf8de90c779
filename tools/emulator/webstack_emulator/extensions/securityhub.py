"""Security Hub (CSPM) for moto 5.2.5: standards, hub configuration and hub tags (moto/securityhub).

moto knows the hub (EnableSecurityHub, DescribeHub, DisableSecurityHub) but none of the standards
calls, and it answers DescribeHub with fixed settings. The fixes below add the standards catalogue
and subscriptions, the hub's configuration and its tags, per account and region: the state lives
on moto's SecurityHubBackend instance, so moto's reset forgets it with the backend.

A new subscription is PENDING in the answer that creates it and on the first GetEnabledStandards
that lists it, READY from then on: a client that waits for READY polls at least once.
"""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from webstack_emulator.extensions import fix

SERVICE = "securityhub"
DEFAULT_CONTROL_FINDING_GENERATOR = "SECURITY_CONTROL"
CONTROL_FINDING_GENERATORS = ("SECURITY_CONTROL", "STANDARD_CONTROL")
PROVIDER = "AWS"
MANAGED_BY = {"Company": "AWS", "Product": "Security Hub"}
MAX_RESULTS = 100  # MaxResults: 1..100 for DescribeStandards and GetEnabledStandards


@dataclass(frozen=True)
class Standard:
    """One standard of the catalogue: its ARN path (after the ARN's account field), name and description."""

    path: str  # 'standards/<id>' (a regional ARN) or 'ruleset/<id>' (a global ARN, CIS v1.2.0 only)
    name: str
    description: str
    enabled_by_default: bool = False

    @property
    def regional(self) -> bool:
        return self.path.startswith("standards/")

    @property
    def short_id(self) -> str:
        """'cis-aws-foundations-benchmark/v/1.2.0': the path without 'standards/' or 'ruleset/'."""
        return self.path.partition("/")[2]

    def arn(self, partition: str, region: str) -> str:
        return f"arn:{partition}:securityhub:{region if self.regional else ''}::{self.path}"

    def subscription_arn(self, partition: str, region: str, account_id: str) -> str:
        return f"arn:{partition}:securityhub:{region}:{account_id}:subscription/{self.short_id}"

    def describe(self, partition: str, region: str) -> dict[str, Any]:
        return {
            "StandardsArn": self.arn(partition, region),
            "Name": self.name,
            "Description": self.description,
            "EnabledByDefault": self.enabled_by_default,
            "Provider": PROVIDER,
            "StandardsManagedBy": dict(MANAGED_BY),
        }


def _cis(version: str, path_kind: str = "standards", enabled_by_default: bool = False) -> Standard:
    return Standard(
        f"{path_kind}/cis-aws-foundations-benchmark/v/{version}",
        f"CIS AWS Foundations Benchmark v{version}",
        f"The Center for Internet Security (CIS) AWS Foundations Benchmark v{version} is a set of security configuration best practices for AWS. "
        "This Security Hub standard automatically checks for your compliance readiness against a subset of CIS requirements.",
        enabled_by_default,
    )


# The standards DescribeStandards lists, in the order AWS lists them (AWS added them in this order).
# EnabledByDefault: the two that EnableSecurityHub enables unless EnableDefaultStandards is false.
CATALOGUE: tuple[Standard, ...] = (
    Standard(
        "standards/aws-foundational-security-best-practices/v/1.0.0",
        "AWS Foundational Security Best Practices v1.0.0",
        "The AWS Foundational Security Best Practices standard is a set of automated security checks that detect when AWS accounts and deployed "
        "resources do not align to security best practices. The standard is defined by AWS security experts. This curated set of controls helps "
        "improve your security posture in AWS, and cover AWS's most popular and foundational services.",
        enabled_by_default=True,
    ),
    _cis("1.2.0", path_kind="ruleset", enabled_by_default=True),
    Standard(
        "standards/pci-dss/v/3.2.1",
        "PCI DSS v3.2.1",
        "The Payment Card Industry Data Security Standard (PCI DSS) v3.2.1 is an information security standard for entities that store, process, "
        "and/or transmit cardholder data. This Security Hub standard automatically checks for your compliance readiness against a subset of PCI DSS "
        "requirements.",
    ),
    _cis("1.4.0"),
    Standard(
        "standards/nist-800-53/v/5.0.0",
        "NIST Special Publication 800-53 Revision 5",
        "The National Institute of Standards and Technology (NIST) SP 800-53 Rev. 5 standard is a cybersecurity and compliance framework that helps "
        "you protect the confidentiality, integrity, and availability of information systems and critical resources. This Security Hub standard "
        "automatically checks for your compliance readiness against a subset of NIST SP 800-53 Rev. 5 requirements.",
    ),
    Standard(
        "standards/aws-resource-tagging-standard/v/1.0.0",
        "AWS Resource Tagging Standard v1.0.0",
        "The AWS Resource Tagging Standard is a set of automated security checks that detect when AWS resources lack the tags they should carry. "
        "This Security Hub standard checks that resources have tags, and optionally the tag keys you require.",
    ),
    _cis("3.0.0"),
    Standard(
        "standards/nist-800-171/v/2.0.0",
        "NIST SP 800-171 Revision 2",
        "The National Institute of Standards and Technology (NIST) SP 800-171 Rev. 2 standard is a cybersecurity and compliance framework for "
        "protecting Controlled Unclassified Information (CUI) in nonfederal systems and organizations. This Security Hub standard automatically "
        "checks for your compliance readiness against a subset of NIST SP 800-171 Rev. 2 requirements.",
    ),
    Standard(
        "standards/pci-dss/v/4.0.1",
        "PCI DSS v4.0.1",
        "The Payment Card Industry Data Security Standard (PCI DSS) v4.0.1 is an information security standard for entities that store, process, "
        "and/or transmit cardholder data. This Security Hub standard automatically checks for your compliance readiness against a subset of PCI DSS "
        "requirements.",
    ),
    _cis("5.0.0"),
)


@dataclass
class Subscription:
    arn: str
    standards_arn: str
    standards_input: dict[str, str]
    status: str = "PENDING"
    unread: bool = True  # not yet listed by GetEnabledStandards: still PENDING

    def view(self) -> dict[str, Any]:
        ready = self.status == "READY"
        return {
            "StandardsSubscriptionArn": self.arn,
            "StandardsArn": self.standards_arn,
            "StandardsInput": dict(self.standards_input),
            "StandardsStatus": self.status,
            "StandardsControlsUpdatable": "READY_FOR_UPDATES" if ready else "NOT_READY_FOR_UPDATES",
            "Provider": PROVIDER,
        }

    def read(self) -> dict[str, Any]:
        """What GetEnabledStandards shows now; the first read of a new subscription is its last PENDING one."""
        answer = self.view()
        if self.unread:
            self.unread = False
        elif self.status == "PENDING":
            self.status = "READY"
            answer = self.view()
        return answer


@dataclass
class HubState:
    """What one account's hub in one region holds beyond moto's enabled flag."""

    control_finding_generator: str = DEFAULT_CONTROL_FINDING_GENERATOR
    auto_enable_controls: bool = True
    tags: dict[str, str] = field(default_factory=dict)
    subscriptions: dict[str, Subscription] = field(default_factory=dict)  # by StandardsArn, in the order enabled


# --- state and errors -------------------------------------------------------------------------


def _state(backend: Any) -> HubState:
    """The hub state of one backend (account and region); moto's reset forgets it with the backend."""
    return backend.__dict__.setdefault("_webstack_securityhub", HubState())


def _error(code: str, message: str) -> Exception:
    from moto.securityhub.exceptions import SecurityHubClientError

    return SecurityHubClientError(code, message)


def _require_hub(backend: Any) -> HubState:
    if not backend.enabled:
        raise _error("InvalidAccessException", f"Account {backend.account_id} is not subscribed to AWS Security Hub")
    return _state(backend)


def _hub_arn(backend: Any) -> str:
    return f"arn:{backend.partition}:securityhub:{backend.region_name}:{backend.account_id}:hub/default"


def _catalogue(backend: Any) -> dict[str, Standard]:
    """The catalogue by StandardsArn, as this region names the standards."""
    return {standard.arn(backend.partition, backend.region_name): standard for standard in CATALOGUE}


def _subscribe(backend: Any, standards_arn: str, standards_input: dict[str, str] | None = None) -> Subscription:
    """The subscription to a standard: the one that exists, or a new PENDING one."""
    state = _state(backend)
    if standards_arn not in state.subscriptions:
        standard = _catalogue(backend)[standards_arn]
        state.subscriptions[standards_arn] = Subscription(
            arn=standard.subscription_arn(backend.partition, backend.region_name, backend.account_id),
            standards_arn=standards_arn,
            standards_input=dict(standards_input or {}),
        )
    return state.subscriptions[standards_arn]


def _check_control_finding_generator(value: str | None) -> None:
    if value is not None and value not in CONTROL_FINDING_GENERATORS:
        raise _error("InvalidInputException", f"Invalid ControlFindingGenerator {value!r}: expected one of {', '.join(CONTROL_FINDING_GENERATORS)}")


# --- pagination -------------------------------------------------------------------------------


def _page(items: list[dict[str, Any]], max_results: Any, next_token: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """One page of items and the token of the next one (None on the last page)."""
    if max_results is not None:
        try:
            max_results = int(max_results)
        except (TypeError, ValueError):
            max_results = 0
        if not 1 <= max_results <= MAX_RESULTS:
            raise _error("InvalidInputException", f"MaxResults must be a number between 1 and {MAX_RESULTS}")
    size = max_results or MAX_RESULTS
    start = _token_offset(next_token) if next_token else 0
    end = start + size
    return items[start:end], (_token(end) if end < len(items) else None)


def _token(offset: int) -> str:
    return base64.b64encode(json.dumps({"offset": offset}).encode()).decode()


def _token_offset(token: str) -> int:
    try:
        offset = json.loads(base64.b64decode(token.encode(), validate=True))["offset"]
    except (ValueError, TypeError, KeyError) as e:
        raise _error("InvalidInputException", "The NextToken is invalid") from e
    if not isinstance(offset, int) or offset < 0:
        raise _error("InvalidInputException", "The NextToken is invalid")
    return offset


# --- request helpers --------------------------------------------------------------------------


def _body(response: Any) -> dict[str, Any]:
    body = response.body
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    return json.loads(body) if body else {}


def _query_list(response: Any, name: str) -> list[str] | None:
    values = response.querystring.get(name)
    return list(values) if values else None


def _resource(response: Any) -> HubState:
    """The hub a tagging call names; ResourceNotFoundException for any other ARN or a disabled hub."""
    backend = response.securityhub_backend
    resource_arn = response.uri_match.get("ResourceArn", "")
    if not backend.enabled or resource_arn != _hub_arn(backend):
        raise _error("ResourceNotFoundException", f"The request was rejected because no resource was found with ARN {resource_arn}.")
    return _state(backend)


def _route(*paths: str) -> None:
    """Send these URL paths (regexes after the host) to moto's Security Hub dispatcher."""
    from moto.securityhub import urls
    from moto.securityhub.responses import SecurityHubResponse

    for path in paths:
        urls.url_paths["{0}" + path] = SecurityHubResponse.dispatch


def _answer(payload: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """A rest-json answer: the JSON body, as application/json."""
    return json.dumps(payload), {"content-type": "application/json"}


# --- the hub ----------------------------------------------------------------------------------


@fix(
    SERVICE,
    "EnableSecurityHub",
    "moto ignored EnableDefaultStandards (no standard was enabled, though the default is true) and ControlFindingGenerator, and answered "
    "a second EnableSecurityHub with success; AWS enables the standards with EnabledByDefault, keeps the generator (SECURITY_CONTROL by "
    "default) and answers ResourceConflictException when the account is already subscribed.",
)
def enable_security_hub_as_aws_does() -> None:
    from moto.securityhub.responses import SecurityHubResponse

    def enable_security_hub(self: SecurityHubResponse) -> tuple[str, dict[str, str]]:
        backend = self.securityhub_backend
        params = _body(self)
        if backend.enabled:
            raise _error("ResourceConflictException", f"Account {backend.account_id} is already subscribed to Security Hub")
        generator = params.get("ControlFindingGenerator")
        _check_control_finding_generator(generator)
        backend.__dict__.pop("_webstack_securityhub", None)
        state = _state(backend)
        state.control_finding_generator = generator or DEFAULT_CONTROL_FINDING_GENERATOR
        state.tags = dict(params.get("Tags") or {})
        backend.enabled = True
        backend.enabled_at = datetime.datetime.now(datetime.UTC).isoformat()
        if params.get("EnableDefaultStandards", True):
            for standards_arn, standard in _catalogue(backend).items():
                if standard.enabled_by_default:
                    _subscribe(backend, standards_arn)
        return _answer({})

    SecurityHubResponse.enable_security_hub = enable_security_hub  # type: ignore[method-assign]


@fix(
    SERVICE,
    "DescribeHub",
    "moto answered AutoEnableControls true and ControlFindingGenerator SECURITY_CONTROL whatever the account chose, and added Tags, "
    "which DescribeHub does not return; AWS answers the hub's own settings (tags come from ListTagsForResource).",
)
def describe_hub_reads_back_the_settings() -> None:
    from moto.securityhub.responses import SecurityHubResponse

    def describe_hub(self: SecurityHubResponse) -> tuple[str, dict[str, str]]:
        backend = self.securityhub_backend
        state = _require_hub(backend)
        hub_arn = self._get_param("HubArn")
        if hub_arn and hub_arn != _hub_arn(backend):
            raise _error("ResourceNotFoundException", f"The request was rejected because no hub was found with ARN {hub_arn}.")
        return _answer(
            {
                "HubArn": _hub_arn(backend),
                "SubscribedAt": backend.enabled_at,
                "AutoEnableControls": state.auto_enable_controls,
                "ControlFindingGenerator": state.control_finding_generator,
            }
        )

    SecurityHubResponse.describe_hub = describe_hub  # type: ignore[method-assign]


@fix(
    SERVICE,
    "DisableSecurityHub",
    "moto cleared only the findings; AWS also disables every enabled standard and drops the hub's settings and tags, "
    "so a later EnableSecurityHub starts afresh.",
)
def disable_security_hub_clears_the_hub() -> None:
    from moto.securityhub.models import SecurityHubBackend

    original = SecurityHubBackend.disable_security_hub

    def disable_security_hub(self: SecurityHubBackend) -> dict[str, Any]:
        answer = original(self)  # InvalidAccessException when not subscribed
        self.__dict__.pop("_webstack_securityhub", None)
        return answer

    SecurityHubBackend.disable_security_hub = disable_security_hub  # type: ignore[method-assign]


@fix(
    SERVICE,
    "UpdateSecurityHubConfiguration",
    "moto lacked UpdateSecurityHubConfiguration (PATCH /accounts); AWS updates AutoEnableControls and ControlFindingGenerator, "
    "each only when given, and answers InvalidAccessException when the account is not subscribed.",
)
def update_security_hub_configuration() -> None:
    from moto.securityhub.responses import SecurityHubResponse

    def update(self: SecurityHubResponse) -> tuple[str, dict[str, str]]:
        state = _require_hub(self.securityhub_backend)
        params = _body(self)
        generator = params.get("ControlFindingGenerator")
        _check_control_finding_generator(generator)
        if generator is not None:
            state.control_finding_generator = generator
        if params.get("AutoEnableControls") is not None:
            state.auto_enable_controls = bool(params["AutoEnableControls"])
        return _answer({})

    SecurityHubResponse.update_security_hub_configuration = update  # type: ignore[attr-defined]


# --- standards --------------------------------------------------------------------------------


@fix(
    SERVICE,
    "DescribeStandards",
    "moto lacked DescribeStandards (GET /standards); AWS lists its catalogue of standards, with regional ARNs "
    "(arn:aws:securityhub:<region>::standards/...) except CIS v1.2.0 (arn:aws:securityhub:::ruleset/...), paginated by MaxResults/NextToken.",
)
def describe_standards() -> None:
    from moto.securityhub.responses import SecurityHubResponse

    _route("/standards$")

    def describe(self: SecurityHubResponse) -> tuple[str, dict[str, str]]:
        backend = self.securityhub_backend
        providers = _query_list(self, "Providers")
        standards = [standard.describe(backend.partition, backend.region_name) for standard in CATALOGUE if providers is None or PROVIDER in providers]
        page, next_token = _page(standards, self._get_param("MaxResults"), self._get_param("NextToken"))
        return _answer({"Standards": page, **({"NextToken": next_token} if next_token else {})})

    SecurityHubResponse.describe_standards = describe  # type: ignore[attr-defined]


@fix(
    SERVICE,
    "BatchEnableStandards",
    "moto lacked BatchEnableStandards (POST /standards/register); AWS subscribes the account to each standard (PENDING, then READY), "
    "answers an existing subscription as it is, and refuses an ARN that is not in DescribeStandards with InvalidInputException.",
)
def batch_enable_standards() -> None:
    from moto.securityhub.responses import SecurityHubResponse

    _route("/standards/register$")

    def enable(self: SecurityHubResponse) -> tuple[str, dict[str, str]]:
        backend = self.securityhub_backend
        _require_hub(backend)
        requests = _body(self).get("StandardsSubscriptionRequests") or []
        catalogue = _catalogue(backend)
        invalid = [request for request in requests if request.get("StandardsArn") not in catalogue]
        if invalid or not requests:
            raise _error("InvalidInputException", f"Invalid StandardsSubscriptionRequest(s): {json.dumps(invalid, separators=(',', ':'))}")
        subscriptions = [_subscribe(backend, request["StandardsArn"], request.get("StandardsInput")) for request in requests]
        return _answer({"StandardsSubscriptions": [subscription.view() for subscription in subscriptions]})

    SecurityHubResponse.batch_enable_standards = enable  # type: ignore[attr-defined]


@fix(
    SERVICE,
    "BatchDisableStandards",
    "moto lacked BatchDisableStandards (POST /standards/deregister); AWS answers each subscription DELETING and it leaves "
    "GetEnabledStandards; an ARN the account is not subscribed with is an InvalidInputException.",
)
def batch_disable_standards() -> None:
    from moto.securityhub.responses import SecurityHubResponse

    _route("/standards/deregister$")

    def disable(self: SecurityHubResponse) -> tuple[str, dict[str, str]]:
        state = _require_hub(self.securityhub_backend)
        arns = _body(self).get("StandardsSubscriptionArns") or []
        by_arn = {subscription.arn: subscription for subscription in state.subscriptions.values()}
        unknown = [arn for arn in arns if arn not in by_arn]
        if unknown or not arns:
            raise _error("InvalidInputException", f"Invalid StandardsSubscriptionArn(s): {json.dumps(unknown, separators=(',', ':'))}")
        answer = []
        for arn in dict.fromkeys(arns):
            subscription = state.subscriptions.pop(by_arn[arn].standards_arn)
            subscription.status = "DELETING"
            answer.append(subscription.view())
        return _answer({"StandardsSubscriptions": answer})

    SecurityHubResponse.batch_disable_standards = disable  # type: ignore[attr-defined]


@fix(
    SERVICE,
    "GetEnabledStandards",
    "moto lacked GetEnabledStandards (POST /standards/get); AWS lists the account's subscriptions, optionally only those of "
    "StandardsSubscriptionArns (an ARN not subscribed is simply not listed), paginated by MaxResults/NextToken.",
)
def get_enabled_standards() -> None:
    from moto.securityhub.responses import SecurityHubResponse

    _route("/standards/get$")

    def get(self: SecurityHubResponse) -> tuple[str, dict[str, str]]:
        state = _require_hub(self.securityhub_backend)
        params = _body(self)
        wanted = params.get("StandardsSubscriptionArns")
        providers = params.get("Providers")
        chosen = [s for s in state.subscriptions.values() if (wanted is None or s.arn in wanted) and (providers is None or PROVIDER in providers)]
        page, next_token = _page(chosen, params.get("MaxResults"), params.get("NextToken"))
        return _answer({"StandardsSubscriptions": [subscription.read() for subscription in page], **({"NextToken": next_token} if next_token else {})})

    SecurityHubResponse.get_enabled_standards = get  # type: ignore[attr-defined]


# --- hub tags ---------------------------------------------------------------------------------


@fix(
    SERVICE,
    "TagResource",
    "moto lacked TagResource (POST /tags/{ResourceArn}); AWS adds or overwrites the hub's tags, refuses keys starting with 'aws:' "
    "(InvalidInputException) and answers ResourceNotFoundException for an ARN that is not a hub of the account.",
)
def tag_resource() -> None:
    from moto.securityhub.responses import SecurityHubResponse

    _route("/tags/(?P<resource_arn>.+)$")

    def tag(self: SecurityHubResponse) -> tuple[str, dict[str, str]]:
        state = _resource(self)
        tags = _body(self).get("Tags") or {}
        reserved = sorted(key for key in tags if key.lower().startswith("aws:"))
        if reserved:
            raise _error("InvalidInputException", f"Tag keys starting with 'aws:' are reserved: {', '.join(reserved)}")
        state.tags.update(tags)
        return _answer({})

    SecurityHubResponse.tag_resource = tag  # type: ignore[attr-defined]


@fix(SERVICE, "UntagResource", "moto lacked UntagResource (DELETE /tags/{ResourceArn}?tagKeys=...); AWS removes those keys from the hub's tags.")
def untag_resource() -> None:
    from moto.securityhub.responses import SecurityHubResponse

    def untag(self: SecurityHubResponse) -> tuple[str, dict[str, str]]:
        state = _resource(self)
        for key in _query_list(self, "tagKeys") or []:
            state.tags.pop(key, None)
        return _answer({})

    SecurityHubResponse.untag_resource = untag  # type: ignore[attr-defined]


@fix(SERVICE, "ListTagsForResource", "moto lacked ListTagsForResource (GET /tags/{ResourceArn}); AWS answers the hub's tags as a map.")
def list_tags_for_resource() -> None:
    from moto.securityhub.responses import SecurityHubResponse

    def list_tags(self: SecurityHubResponse) -> tuple[str, dict[str, str]]:
        state = _resource(self)
        return _answer({"Tags": dict(state.tags)})

    SecurityHubResponse.list_tags_for_resource = list_tags  # type: ignore[attr-defined]
