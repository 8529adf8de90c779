"""Elastic Load Balancing v2 fidelity fixes for moto 5.2.5."""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

# What DescribeLoadBalancerAttributes answers for a new Application Load Balancer (Elastic Load Balancing
# User Guide, "Load balancer attributes"): every attribute, with its default.
APPLICATION_DEFAULTS = {
    "access_logs.s3.enabled": "false",
    "access_logs.s3.bucket": "",
    "access_logs.s3.prefix": "",
    "connection_logs.s3.enabled": "false",
    "connection_logs.s3.bucket": "",
    "connection_logs.s3.prefix": "",
    "health_check_logs.s3.enabled": "false",
    "client_keep_alive.seconds": "3600",
    "deletion_protection.enabled": "false",
    "idle_timeout.timeout_seconds": "60",
    "load_balancing.cross_zone.enabled": "true",
    "routing.http.desync_mitigation_mode": "defensive",
    "routing.http.drop_invalid_header_fields.enabled": "false",
    "routing.http.preserve_host_header.enabled": "false",
    "routing.http.x_amzn_tls_version_and_cipher_suite.enabled": "false",
    "routing.http.xff_client_port.enabled": "false",
    "routing.http.xff_header_processing.mode": "append",
    "routing.http2.enabled": "true",
    "waf.fail_open.enabled": "false",
    "zonal_shift.config.enabled": "false",
}


@fix(
    "elbv2",
    "DescribeLoadBalancerAttributes",
    "An Application Load Balancer read back five attributes only (no access_logs.s3.enabled, idle timeout, "
    "HTTP/2, header handling, ...), so amazon.aws elb_application_lb failed with KeyError "
    "'access_logs_s3_enabled' on any load balancer with access logs.",
)
def application_load_balancers_have_every_attribute() -> None:
    from moto.elbv2.models import FakeLoadBalancer

    original = FakeLoadBalancer.__init__

    @wraps(original)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if self.type == "application":
            self.attrs = {**APPLICATION_DEFAULTS, **self.attrs, "load_balancing.cross_zone.enabled": "true"}

    FakeLoadBalancer.__init__ = __init__


@fix(
    "elbv2",
    "DeleteLoadBalancer",
    "A deleted load balancer stayed associated with its WAFv2 web ACL, so the web ACL could never be deleted "
    "(WAFAssociatedItemException) once the app tier was torn down before the edge.",
)
def deleted_load_balancers_leave_their_web_acl() -> None:
    from moto.elbv2.models import ELBv2Backend
    from moto.wafv2.models import wafv2_backends

    original = ELBv2Backend.delete_load_balancer

    @wraps(original)
    def delete_load_balancer(self: Any, arn: str) -> Any:
        answer = original(self, arn)
        wafv2_backends[self.account_id][self.region_name].disassociate_web_acl(arn)
        return answer

    ELBv2Backend.delete_load_balancer = delete_load_balancer
