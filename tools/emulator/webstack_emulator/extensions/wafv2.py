"""WAFv2 fidelity fixes for moto 5.2.5 (moto/wafv2): web ACLs, their associations and logging.

moto files a CLOUDFRONT-scoped resource under its "global" backend whatever region the request came
from, and a regional one under the request's region. AWS answers CLOUDFRONT-scoped calls only at the
us-east-1 endpoint (https://docs.aws.amazon.com/waf/latest/APIReference/Welcome.html); the fixes here
keep moto's filing and add what AWS checks and answers on top of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

CLOUDFRONT = "CLOUDFRONT"
CLOUDFRONT_REGION = "us-east-1"
MOTO_GLOBAL_REGION = "global"
LOG_DESTINATION_PREFIX = "aws-waf-logs-"
DEFAULT_RESOURCE_TYPE = "APPLICATION_LOAD_BALANCER"
LOG_TYPE = "WAF_LOGS"
LOG_SCOPE = "CUSTOMER"
DUPLICATE_MESSAGE = "AWS WAF could not perform the operation because some resource in your request is a duplicate of an existing one."

# ResourceType of ListResourcesForWebACL -> the ARN service and the resource path it names.
RESOURCE_TYPES = {
    "APPLICATION_LOAD_BALANCER": ("elasticloadbalancing", "loadbalancer/app/"),
    "API_GATEWAY": ("apigateway", "/restapis/"),
    "APPSYNC": ("appsync", "apis/"),
    "COGNITO_USER_POOL": ("cognito-idp", "userpool/"),
    "APP_RUNNER_SERVICE": ("apprunner", "service/"),
    "VERIFIED_ACCESS_INSTANCE": ("ec2", "verified-access-instance/"),
    "AMPLIFY": ("amplify", "apps/"),
    "AGENTCORE_GATEWAY": ("bedrock-agentcore", "gateway/"),
}

# The mutable settings of a web ACL UpdateWebACL replaces: request member -> attribute of moto's FakeWebACL.
REPLACED_SETTINGS = {
    "Description": "description",
    "CustomResponseBodies": "custom_response_bodies",
    "CaptchaConfig": "captcha_config",
    "ChallengeConfig": "challenge_config",
    "TokenDomains": "token_domains",
    "AssociationConfig": "association_config",
}


def invalid_parameter(reason: str, field: str, parameter: str) -> Exception:
    """AWS's WAFInvalidParameterException, worded as AWS words it."""
    from moto.wafv2.exceptions import WAFv2ClientError

    return WAFv2ClientError("WAFInvalidParameterException", f"Error reason: {reason}, field: {field}, parameter: {parameter}")


def is_global_arn(arn: str) -> bool:
    """A CLOUDFRONT-scoped resource: arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>."""
    parts = arn.split(":", 5)
    return len(parts) == 6 and parts[5].startswith("global/")


def arn_region(arn: str) -> str:
    parts = arn.split(":")
    return parts[3] if len(parts) > 3 else ""


def web_acl_backend_region(arn: str) -> str:
    """The region key of moto's backend that holds the web ACL an ARN names."""
    return MOTO_GLOBAL_REGION if is_global_arn(arn) else arn_region(arn)


def check_scope_region(scope: str | None, region: str) -> None:
    """AWS answers CLOUDFRONT-scoped requests only at us-east-1."""
    if scope == CLOUDFRONT and region != CLOUDFRONT_REGION:
        raise invalid_parameter("The scope is not valid.", "SCOPE_VALUE", CLOUDFRONT)


def check_arn_region(arn: str, region: str) -> None:
    """A request naming a web ACL by ARN goes to the ACL's region (us-east-1 for CLOUDFRONT scope)."""
    if arn_region(arn) != region:
        raise invalid_parameter(
            "The ARN isn't valid. A valid ARN begins with arn: and includes other information separated by colons or slashes.", "RESOURCE_ARN", arn
        )


def log_destination_name(destination: str) -> str | None:
    """The name of a WAF logging destination ARN: a log group, a Firehose delivery stream or an S3 bucket; None for anything else."""
    parts = destination.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return None
    service, resource = parts[2], parts[5]
    if service == "logs" and resource.startswith("log-group:"):
        name = resource[len("log-group:") :]
        return name[:-2] if name.endswith(":*") else name
    if service == "firehose" and resource.startswith("deliverystream/"):
        return resource[len("deliverystream/") :]
    if service == "s3":
        return resource.split("/", 1)[0]
    return None


def check_log_destinations(web_acl_arn: str, destinations: list[str]) -> None:
    """One destination, named aws-waf-logs-..., in the web ACL's region (log groups and streams; buckets are global)."""
    if len(destinations) != 1:
        raise invalid_parameter("You can associate one logging destination to a web ACL.", "LOG_DESTINATION", ",".join(destinations))
    [destination] = destinations
    name = log_destination_name(destination)
    if name is None or not name.startswith(LOG_DESTINATION_PREFIX):
        raise invalid_parameter(f"The destination name must start with {LOG_DESTINATION_PREFIX}.", "LOG_DESTINATION", destination)
    if destination.split(":")[2] != "s3" and arn_region(destination) != arn_region(web_acl_arn):
        raise invalid_parameter("The destination must be in the Region of the web ACL.", "LOG_DESTINATION", destination)


def logging_answer(configuration: Any) -> dict[str, Any]:
    """A stored logging configuration as AWS answers it: moto's fields without nulls, LogType and LogScope filled in."""
    answer = {k: v for k, v in configuration.to_dict().items() if v is not None}
    answer.setdefault("LogType", getattr(configuration, "log_type", None) or LOG_TYPE)
    answer.setdefault("LogScope", getattr(configuration, "log_scope", None) or LOG_SCOPE)
    return answer


def resource_matches(resource_arn: str, resource_type: str) -> bool:
    service, path = RESOURCE_TYPES[resource_type]
    parts = resource_arn.split(":", 5)
    return len(parts) == 6 and parts[2] == service and parts[5].startswith(path)


def _backend(response: Any, region: str) -> Any:
    from moto.wafv2.models import wafv2_backends

    return wafv2_backends[response.current_account][region]


def _body(response: Any) -> dict[str, Any]:
    return json.loads(response.body or "{}")


def _json(answer: dict[str, Any]) -> tuple[int, dict[str, str], str]:
    return 200, {"Content-Type": "application/json"}, json.dumps(answer)


def _scope_checked(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @wraps(original)
    def checked(self: Any) -> Any:
        check_scope_region(_body(self).get("Scope"), self.region)
        return original(self)

    return checked


def _without_empty_description(original: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    @wraps(original)
    def answer(self: Any) -> dict[str, Any]:
        shown = original(self)
        if not shown.get("Description"):
            shown.pop("Description", None)
        return shown

    return answer


@fix(
    "wafv2",
    "CreateWebACL",
    "moto accepts Scope CLOUDFRONT from any region (also GetWebACL, ListWebACLs, UpdateWebACL, DeleteWebACL), answers a duplicate name "
    'with the code WafV2DuplicateItem, and a web ACL made without a description with Description "" (below the model\'s minimum '
    "length 1). AWS answers CLOUDFRONT-scoped calls only at us-east-1 (WAFInvalidParameterException, field SCOPE_VALUE), a duplicate "
    "with WAFDuplicateItemException, and leaves an unset Description out.",
)
def cloudfront_scope_lives_in_us_east_1() -> None:
    from moto.wafv2.exceptions import WAFv2ClientError
    from moto.wafv2.exceptions import WAFV2DuplicateItemException
    from moto.wafv2.models import FakeWebACL
    from moto.wafv2.responses import WAFV2Response

    for name in ("create_web_acl", "get_web_acl", "list_web_ac_ls", "update_web_acl", "delete_web_acl"):
        setattr(WAFV2Response, name, _scope_checked(getattr(WAFV2Response, name)))

    def __init__(self: Any) -> None:
        WAFv2ClientError.__init__(self, "WAFDuplicateItemException", DUPLICATE_MESSAGE)

    for name in ("to_dict", "to_short_dict"):
        setattr(FakeWebACL, name, _without_empty_description(getattr(FakeWebACL, name)))

    WAFV2DuplicateItemException.__init__ = __init__  # type: ignore[method-assign]


@fix(
    "wafv2",
    "UpdateWebACL",
    "moto keeps what an update leaves out: Rules [] leaves the rules in place, and an omitted Description (CustomResponseBodies, CaptchaConfig, "
    "ChallengeConfig, TokenDomains, AssociationConfig) keeps the old one. AWS: the update 'completely replaces the mutable specifications'.",
)
def update_web_acl_replaces() -> None:
    from moto.wafv2.responses import WAFV2Response

    original = WAFV2Response.update_web_acl

    @wraps(original)
    def update_web_acl(self: Any) -> Any:
        body = _body(self)
        region = MOTO_GLOBAL_REGION if body.get("Scope") == CLOUDFRONT and self.region == CLOUDFRONT_REGION else self.region
        answer = original(self)  # moto's lock token check and update; raises on a stale token or a missing ACL
        acl = _backend(self, region).get_web_acl(None, body.get("Name"), body.get("Id"))
        if not body.get("Rules"):
            acl.rules = []
        for member, attribute in REPLACED_SETTINGS.items():
            if member not in body:
                setattr(acl, attribute, "" if member == "Description" else None)
        return answer

    WAFV2Response.update_web_acl = update_web_acl  # type: ignore[method-assign]


def _associated_elsewhere(account: str, acl: Any) -> bool:
    """Whether a CloudFront distribution of the account names the web ACL as its WebACLId."""
    from moto.cloudfront.models import cloudfront_backends

    distributions = cloudfront_backends[account]["global"].distributions.values()
    return any(vars(distribution.distribution_config).get("WebACLId") in (acl.arn, acl.id) for distribution in distributions)


@fix(
    "wafv2",
    "DeleteWebACL",
    "moto deletes a web ACL that is still associated with a resource (a load balancer, or a CloudFront distribution whose WebACLId names it). "
    "AWS refuses with WAFAssociatedItemException until it is disassociated; a deleted ACL's logging configuration goes with it.",
)
def associated_web_acl_is_not_deleted() -> None:
    from moto.wafv2.exceptions import WAFv2ClientError
    from moto.wafv2.models import WAFV2Backend
    from moto.wafv2.utils import make_arn_for_wacl

    original = WAFV2Backend.delete_web_acl

    @wraps(original)
    def delete_web_acl(self: Any, name: str, scope: str, _id: str, lock_token: str) -> None:
        arn = make_arn_for_wacl(name=name, account_id=self.account_id, region_name=self.region_name, _id=_id, scope=scope)
        acl = self.wacls.get(arn)
        if acl is not None and acl.lock_token == lock_token and (acl.associated_resources or _associated_elsewhere(self.account_id, acl)):
            raise WAFv2ClientError(
                "WAFAssociatedItemException",
                "AWS WAF couldn't perform the operation because your resource is being used by another resource or it's associated with another resource.",
            )
        original(self, name, scope, _id, lock_token)
        self.logging_configurations.pop(arn, None)

    WAFV2Backend.delete_web_acl = delete_web_acl  # type: ignore[method-assign]


def _load_balancer_exists(account: str, resource_arn: str) -> bool:
    from moto.elbv2.models import elbv2_backends

    region = arn_region(resource_arn)
    try:
        return resource_arn in elbv2_backends[account][region].load_balancers
    except KeyError:
        return False


@fix(
    "wafv2",
    "AssociateWebACL",
    "moto appends the resource to the web ACL's list without looking: a second association lists it twice, an association with another ACL leaves "
    "it in both, and any ARN is accepted. AWS keeps one web ACL per resource (a new association replaces the old one) and answers "
    "WAFNonexistentItemException for a load balancer that does not exist.",
)
def one_web_acl_per_resource() -> None:
    from moto.wafv2.exceptions import WAFNonexistentItemException
    from moto.wafv2.models import WAFV2Backend

    original = WAFV2Backend.associate_web_acl

    @wraps(original)
    def associate_web_acl(self: Any, web_acl_arn: str, resource_arn: str) -> None:
        if web_acl_arn not in self.wacls:
            raise WAFNonexistentItemException()
        if resource_matches(resource_arn, DEFAULT_RESOURCE_TYPE) and not _load_balancer_exists(self.account_id, resource_arn):
            raise WAFNonexistentItemException()
        for acl in self.wacls.values():
            if resource_arn in acl.associated_resources:
                acl.associated_resources.remove(resource_arn)
        original(self, web_acl_arn, resource_arn)

    WAFV2Backend.associate_web_acl = associate_web_acl  # type: ignore[method-assign]


@fix(
    "wafv2",
    "ListResourcesForWebACL",
    "No such operation in moto (an unknown action). AWS answers the ARNs of the resources of ResourceType (default APPLICATION_LOAD_BALANCER) "
    "associated with the web ACL, or WAFNonexistentItemException for an unknown web ACL.",
)
def list_resources_for_web_acl() -> None:
    from moto.wafv2.exceptions import WAFNonexistentItemException
    from moto.wafv2.responses import WAFV2Response

    def list_resources_for_web_acl(self: Any) -> Any:
        body = _body(self)
        arn = body["WebACLArn"]
        resource_type = body.get("ResourceType") or DEFAULT_RESOURCE_TYPE
        acl = self.wafv2_backend.wacls.get(arn)
        if acl is None:
            raise WAFNonexistentItemException()
        return _json({"ResourceArns": [r for r in acl.associated_resources if resource_matches(r, resource_type)]})

    WAFV2Response.list_resources_for_web_acl = list_resources_for_web_acl  # type: ignore[attr-defined]


@fix(
    "wafv2",
    "PutLoggingConfiguration",
    "moto stores any configuration: for a web ACL that does not exist, to any destination, several destinations, from any region, and files a "
    "CLOUDFRONT ACL's configuration apart from the ACL; the answer has no LogType or LogScope. AWS requires an existing web ACL "
    "(WAFNonexistentItemException), the ACL's region (us-east-1 for CLOUDFRONT), one destination whose name starts with aws-waf-logs- in that "
    "region (WAFInvalidParameterException), and answers LogType WAF_LOGS and LogScope CUSTOMER.",
)
def put_logging_configuration_as_aws_does() -> None:
    from moto.wafv2.exceptions import WAFNonexistentItemException
    from moto.wafv2.responses import WAFV2Response

    def put_logging_configuration(self: Any) -> Any:
        sent = _body(self)["LoggingConfiguration"]
        arn = sent["ResourceArn"]
        check_arn_region(arn, self.region)
        backend = _backend(self, web_acl_backend_region(arn))
        if arn not in backend.wacls:
            raise WAFNonexistentItemException()
        check_log_destinations(arn, sent["LogDestinationConfigs"])
        configuration = backend.put_logging_configuration(
            arn, sent["LogDestinationConfigs"], sent.get("RedactedFields"), sent.get("ManagedByFirewallManager"), sent.get("LoggingFilter")
        )
        configuration.log_type = sent.get("LogType") or LOG_TYPE
        configuration.log_scope = sent.get("LogScope") or LOG_SCOPE
        return _json({"LoggingConfiguration": logging_answer(configuration)})

    WAFV2Response.put_logging_configuration = put_logging_configuration  # type: ignore[method-assign]


@fix(
    "wafv2",
    "GetLoggingConfiguration",
    "moto looks in the backend of the request's region, so a CLOUDFRONT web ACL's configuration is found only where it was put, and answers "
    "without LogType and LogScope. AWS finds it with the ACL (at us-east-1 for CLOUDFRONT) and answers both.",
)
def get_logging_configuration_with_its_acl() -> None:
    from moto.wafv2.responses import WAFV2Response

    def get_logging_configuration(self: Any) -> Any:
        arn = _body(self)["ResourceArn"]
        check_arn_region(arn, self.region)
        configuration = _backend(self, web_acl_backend_region(arn)).get_logging_configuration(arn)
        return _json({"LoggingConfiguration": logging_answer(configuration)})

    WAFV2Response.get_logging_configuration = get_logging_configuration  # type: ignore[method-assign]


@fix(
    "wafv2",
    "DeleteLoggingConfiguration",
    "moto deletes from the backend of the request's region (not where a CLOUDFRONT web ACL's configuration is filed with its ACL). "
    "AWS deletes the ACL's configuration, asked at the ACL's region.",
)
def delete_logging_configuration_with_its_acl() -> None:
    from moto.wafv2.responses import WAFV2Response

    def delete_logging_configuration(self: Any) -> Any:
        arn = _body(self)["ResourceArn"]
        check_arn_region(arn, self.region)
        _backend(self, web_acl_backend_region(arn)).delete_logging_configuration(arn)
        return _json({})

    WAFV2Response.delete_logging_configuration = delete_logging_configuration  # type: ignore[method-assign]
