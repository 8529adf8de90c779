"""RDS Proxy gaps and fidelity fixes for moto 5.2.5 (moto/rds/models.py, moto/rds/responses.py).

moto has proxies, their default target group and its targets, but no ModifyDBProxy and no proxy
endpoints; it crashes (HTTP 500) on a proxy name it does not know, registers anything, and makes
a target's health REGISTERING for exactly one read. Here, as in AWS: a target is REGISTERING until
its database is available (so it follows the latency profile), a tracked cluster brings its member
instances along as targets, and targets and endpoints can only be added to an available proxy.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

ENDPOINTS = "_webstack_proxy_endpoints"  # per RDS backend: endpoint name -> ProxyEndpoint
ENDPOINT_QUOTA = 20  # additional endpoints per proxy
DEFAULT_ENDPOINT = "default"


def rds_error(code: str, message: str) -> Exception:
    from moto.rds.exceptions import RDSClientError

    return RDSClientError(code, message)


def proxy_named(backend: Any, name: str) -> Any:
    from moto.rds.exceptions import DBProxyNotFoundFault

    if name not in backend.db_proxies:
        raise DBProxyNotFoundFault(name)
    return backend.db_proxies[name]


def available_proxy(backend: Any, name: str) -> Any:
    proxy = proxy_named(backend, name)
    if proxy.status != "available":
        raise rds_error("InvalidDBProxyStateFault", f"DB proxy {name} is in the {proxy.status} state, not available.")
    return proxy


def endpoints_of(backend: Any) -> dict[str, Any]:
    return vars(backend).setdefault(ENDPOINTS, {})


# --- targets -------------------------------------------------------------------------


def database_of(target: Any) -> Any:
    """The DB instance or cluster a target stands for, None when it is gone."""
    if target.type == "TRACKED_CLUSTER":
        return target.backend.clusters.get(target.rds_resource_id)
    return target.backend.databases.get(target.rds_resource_id)


def target_health(target: Any) -> dict[str, str]:
    database = database_of(target)
    if database is None:
        return {"State": "UNAVAILABLE", "Reason": "UNREACHABLE", "Description": f"{target.rds_resource_id} no longer exists"}
    if database.status != "available":
        return {"State": "REGISTERING"}
    return {"State": "AVAILABLE"}


def member_targets(cluster_target: Any) -> list[Any]:
    """The RDS_INSTANCE targets AWS lists for each member of a tracked cluster."""
    from moto.rds.models import DBProxyTarget

    cluster = database_of(cluster_target)
    members = []
    for instance in cluster.members if cluster is not None else []:
        member = DBProxyTarget(backend=cluster_target.backend, resource_id=instance.db_instance_identifier, endpoint=instance.address, type="RDS_INSTANCE")
        member.port = instance.port
        member.target_arn = instance.db_instance_arn
        member.tracked_cluster_id = cluster.db_cluster_identifier
        member.role = "READ_WRITE" if instance.is_cluster_writer else "READ_ONLY"
        members.append(member)
    return members


@fix(
    "rds",
    "RegisterDBProxyTargets",
    "moto 5.2.5 registered any identifier (even one of no database), the same target twice and on a proxy still creating, "
    "without the instance's Endpoint, Port or TargetArn; AWS answers DBInstanceNotFound / DBClusterNotFoundFault, "
    "DBProxyTargetAlreadyRegisteredFault and InvalidDBProxyStateFault, and a target carries its database's endpoint and port.",
)
def register_targets_like_aws() -> None:
    from moto.rds.exceptions import DBClusterNotFoundError
    from moto.rds.exceptions import DBInstanceNotFoundError
    from moto.rds.models import DBProxyTarget
    from moto.rds.models import RDSBackend

    def register_db_proxy_targets(
        self: Any, db_proxy_name: str, target_group_name: str, db_cluster_identifiers: list[str], db_instance_identifiers: list[str]
    ) -> list[Any]:
        proxy = available_proxy(self, db_proxy_name)
        group = proxy.proxy_target_groups[target_group_name or "default"]
        registered = {target.rds_resource_id for target in group.targets}
        wanted = [("TRACKED_CLUSTER", identifier) for identifier in db_cluster_identifiers or []]
        wanted += [("RDS_INSTANCE", identifier) for identifier in db_instance_identifiers or []]
        new_targets = []
        for kind, identifier in wanted:
            if identifier in registered:
                raise rds_error("DBProxyTargetAlreadyRegisteredFault", f"{identifier} is already registered with proxy {db_proxy_name}.")
            if kind == "TRACKED_CLUSTER":
                database = self.clusters.get(identifier)
                if database is None:
                    raise DBClusterNotFoundError(identifier)
                target = DBProxyTarget(backend=self, resource_id=identifier, endpoint=database.endpoint, type=kind)
            else:
                database = self.databases.get(identifier)
                if database is None:
                    raise DBInstanceNotFoundError(identifier)
                target = DBProxyTarget(backend=self, resource_id=identifier, endpoint=database.address, type=kind)
                target.target_arn = database.db_instance_arn
            target.port = database.port
            new_targets.append(target)
        group.targets.extend(new_targets)
        return new_targets

    RDSBackend.register_db_proxy_targets = register_db_proxy_targets  # type: ignore[method-assign]
    DBProxyTarget.target_health = property(target_health)  # type: ignore[assignment]
    DBProxyTarget.tracked_cluster_id = None  # type: ignore[attr-defined]


@fix(
    "rds",
    "DescribeDBProxyTargets",
    "moto 5.2.5 answered HTTP 500 for an unknown proxy, showed a new target REGISTERING for one read and AVAILABLE after, "
    "whatever its database's state, and listed a tracked cluster without its member instances; AWS answers "
    "DBProxyNotFoundFault, keeps a target REGISTERING until its database is available (UNAVAILABLE when it is gone), "
    "and lists each cluster member as an RDS_INSTANCE target with TrackedClusterId and Role.",
)
def describe_targets_like_aws() -> None:
    from moto.rds.models import RDSBackend

    def describe_db_proxy_targets(self: Any, proxy_name: str) -> list[Any]:
        targets = []
        for target in proxy_named(self, proxy_name).proxy_target_groups["default"].targets:
            targets.append(target)
            if target.type == "TRACKED_CLUSTER":
                targets.extend(member_targets(target))
        return targets

    RDSBackend.describe_db_proxy_targets = describe_db_proxy_targets  # type: ignore[method-assign]


@fix(
    "rds",
    "DeregisterDBProxyTargets",
    "moto 5.2.5 answered HTTP 500 for an unknown proxy and success for a target never registered; AWS answers "
    "DBProxyNotFoundFault and DBProxyTargetNotFoundFault.",
)
def deregister_targets_like_aws() -> None:
    from moto.rds.models import RDSBackend

    original = RDSBackend.deregister_db_proxy_targets

    @wraps(original)
    def deregister_db_proxy_targets(
        self: Any, db_proxy_name: str, target_group_name: str, db_cluster_identifiers: list[str], db_instance_identifiers: list[str]
    ) -> None:
        group = proxy_named(self, db_proxy_name).proxy_target_groups[target_group_name or "default"]
        registered = {target.rds_resource_id for target in group.targets}
        for identifier in [*(db_cluster_identifiers or []), *(db_instance_identifiers or [])]:
            if identifier not in registered:
                raise rds_error("DBProxyTargetNotFoundFault", f"{identifier} is not registered with proxy {db_proxy_name}.")
        original(self, db_proxy_name, target_group_name, db_cluster_identifiers or [], db_instance_identifiers or [])

    RDSBackend.deregister_db_proxy_targets = deregister_db_proxy_targets  # type: ignore[method-assign]


# --- target group --------------------------------------------------------------------


@fix(
    "rds",
    "ModifyDBProxyTargetGroup",
    "moto 5.2.5 answered HTTP 500 for an unknown proxy (DescribeDBProxyTargetGroups too), dropped InitQuery, and reset "
    "MaxIdleConnectionsPercent to half of MaxConnectionsPercent when a request left it out; AWS answers DBProxyNotFoundFault, "
    "keeps InitQuery, and changes only the settings a request gives.",
)
def modify_target_group_like_aws() -> None:
    from moto.rds.models import DBProxyTargetGroup
    from moto.rds.models import RDSBackend

    settings = {
        "MaxConnectionsPercent": "max_connections",
        "MaxIdleConnectionsPercent": "max_idle_connections",
        "ConnectionBorrowTimeout": "borrow_timeout",
        "SessionPinningFilters": "session_pinning_filters",
        "InitQuery": "init_query",
    }

    def modify_db_proxy_target_group(self: Any, proxy_name: str, config: dict[str, Any]) -> Any:
        group = proxy_named(self, proxy_name).proxy_target_groups["default"]
        for key, attribute in settings.items():
            if key in config:
                value = config[key]
                setattr(group, attribute, list(value) if key == "SessionPinningFilters" else value)
        return group

    def describe_db_proxy_target_groups(self: Any, proxy_name: str) -> list[Any]:
        return list(proxy_named(self, proxy_name).proxy_target_groups.values())

    def connection_pool_config(self: Any) -> dict[str, Any]:
        config = {
            "MaxConnectionsPercent": int(self.max_connections),
            "MaxIdleConnectionsPercent": int(self.max_idle_connections),
            "ConnectionBorrowTimeout": int(self.borrow_timeout),
            "SessionPinningFilters": list(self.session_pinning_filters),
        }
        if getattr(self, "init_query", None):
            config["InitQuery"] = self.init_query
        return config

    RDSBackend.modify_db_proxy_target_group = modify_db_proxy_target_group  # type: ignore[method-assign]
    RDSBackend.describe_db_proxy_target_groups = describe_db_proxy_target_groups  # type: ignore[method-assign]
    DBProxyTargetGroup.connection_pool_config = property(connection_pool_config)  # type: ignore[assignment]


# --- the proxy -----------------------------------------------------------------------


@fix(
    "rds",
    "ModifyDBProxy",
    "moto 5.2.5 has no ModifyDBProxy (HTTP 500); AWS changes the proxy's name, auth, TLS, idle timeout, debug logging, "
    "role and security groups and answers the proxy.",
)
def modify_db_proxy() -> None:
    from moto.core.responses import ActionResult
    from moto.core.utils import utcnow
    from moto.rds.exceptions import DBProxyAlreadyExistsFault
    from moto.rds.models import RDSBackend
    from moto.rds.responses import RDSResponse

    def modify(self: Any, params: dict[str, Any]) -> Any:
        name = params["DBProxyName"]
        proxy = available_proxy(self, name)
        timeout = params.get("IdleClientTimeout")
        if timeout is not None and not 1 <= int(timeout) <= 28800:
            raise rds_error("InvalidParameterValue", "IdleClientTimeout must be between 1 and 28800 seconds.")
        for key, attribute in (
            ("RequireTLS", "require_tls"),
            ("IdleClientTimeout", "idle_client_timeout"),
            ("DebugLogging", "debug_logging"),
            ("RoleArn", "role_arn"),
        ):
            if params.get(key) is not None:
                setattr(proxy, attribute, params[key])
        if params.get("Auth") is not None:
            proxy.auth = [dict(entry) for entry in params["Auth"]]
        if params.get("SecurityGroups") is not None:
            proxy.vpc_security_group_ids = list(params["SecurityGroups"])
        new_name = params.get("NewDBProxyName")
        if new_name and new_name != name:
            if new_name in self.db_proxies:
                raise DBProxyAlreadyExistsFault(new_name)
            self._validate_db_identifier(new_name)
            self.db_proxies[new_name] = self.db_proxies.pop(name)
            proxy.db_proxy_name = new_name
            for group in proxy.proxy_target_groups.values():
                group.db_proxy_name = new_name
            for endpoint in endpoints_of(self).values():
                if endpoint.db_proxy_name == name:
                    endpoint.db_proxy_name = new_name
        proxy.updated_date = utcnow()
        return proxy

    def modify_db_proxy_response(self: RDSResponse) -> ActionResult:
        return ActionResult({"DBProxy": modify(self.backend, self.params)})

    RDSBackend.modify_db_proxy = modify  # type: ignore[attr-defined]
    RDSResponse.modify_db_proxy = modify_db_proxy_response  # type: ignore[attr-defined]


@fix(
    "rds",
    "DeleteDBProxy",
    "moto 5.2.5 answered HTTP 500 for an unknown proxy, answered the deleted proxy as available and kept its endpoints; "
    "AWS answers DBProxyNotFoundFault, the proxy as deleting, and deletes its endpoints with it.",
)
def delete_db_proxy_like_aws() -> None:
    from moto.rds.models import RDSBackend

    original = RDSBackend.delete_db_proxy

    @wraps(original)
    def delete_db_proxy(self: Any, proxy_name: str) -> Any:
        proxy_named(self, proxy_name)
        proxy = original(self, proxy_name)
        proxy.status = "deleting"
        for name, endpoint in list(endpoints_of(self).items()):
            if endpoint.db_proxy_name == proxy_name:
                del endpoints_of(self)[name]
        return proxy

    RDSBackend.delete_db_proxy = delete_db_proxy  # type: ignore[method-assign]


# --- endpoints -----------------------------------------------------------------------


class ProxyEndpoint:
    """One additional endpoint of a proxy, with the attributes moto's serializer reads for a DBProxyEndpoint."""

    def __init__(self, backend: Any, proxy: Any, name: str, subnet_ids: list[str], security_group_ids: list[str], target_role: str, tags: list[Any]) -> None:
        from moto.core.utils import utcnow
        from moto.moto_api._internal import mock_random as random

        self.db_proxy_endpoint_name = name
        self.db_proxy_name = proxy.db_proxy_name
        resource_id = f"prx-endpoint-{random.get_random_string(17, lower_case=True)}"
        self.db_proxy_endpoint_arn = f"arn:{backend.partition}:rds:{backend.region_name}:{backend.account_id}:db-proxy-endpoint:{resource_id}"
        self.vpc_subnet_ids = list(subnet_ids)
        self.vpc_id = proxy.vpc_id
        self.vpc_security_group_ids = list(security_group_ids)
        self.target_role = target_role
        self.endpoint = f"{name}.endpoint.proxy-{proxy.url_identifier}.{backend.region_name}.rds.amazonaws.com"
        self.created_date = utcnow()
        self.status = "available"
        self.is_default = False
        self.tags = [{"Key": tag["Key"], "Value": tag["Value"]} for tag in tags]


class DefaultEndpoint:
    """The endpoint every proxy has, as DescribeDBProxyEndpoints lists it (IsDefault, READ_WRITE, the proxy's network)."""

    def __init__(self, proxy: Any) -> None:
        self.proxy = proxy
        self.db_proxy_endpoint_name = DEFAULT_ENDPOINT
        self.target_role = "READ_WRITE"
        self.is_default = True

    def __getattr__(self, name: str) -> Any:  # db_proxy_name, vpc_*, endpoint, created_date, status: the proxy's
        return getattr(self.proxy, name)


def subnets_checked(backend: Any, proxy: Any, subnet_ids: list[str]) -> list[str]:
    """The subnets, when each exists and lies in the proxy's VPC; InvalidSubnet otherwise."""
    from moto.ec2.exceptions import InvalidSubnetIdError
    from moto.ec2.models import ec2_backends
    from moto.rds.exceptions import InvalidSubnet

    ec2 = ec2_backends[backend.account_id][backend.region_name]
    for subnet_id in subnet_ids:
        try:
            [subnet] = ec2.describe_subnets(subnet_ids=[subnet_id])
        except InvalidSubnetIdError:
            raise InvalidSubnet(subnet_identifier=subnet_id) from None
        if subnet.vpc_id != proxy.vpc_id:
            raise InvalidSubnet(subnet_identifier=subnet_id)
    return list(subnet_ids)


def endpoint_named(backend: Any, name: str) -> Any:
    endpoint = endpoints_of(backend).get(name)
    if endpoint is None:
        raise rds_error("DBProxyEndpointNotFoundFault", f"The DB proxy endpoint {name} doesn't exist.")
    return endpoint


@fix(
    "rds",
    "CreateDBProxyEndpoint",
    "moto 5.2.5 has no proxy endpoints (HTTP 500); AWS adds a READ_WRITE or READ_ONLY endpoint in subnets of the proxy's VPC, "
    "with the VPC's default security group unless told otherwise.",
)
def create_db_proxy_endpoint() -> None:
    from moto.core.responses import ActionResult
    from moto.rds.responses import RDSResponse

    def create(backend: Any, params: dict[str, Any]) -> ProxyEndpoint:
        from moto.ec2.models import ec2_backends

        name = params["DBProxyEndpointName"]
        backend._validate_db_identifier(name)
        proxy = available_proxy(backend, params["DBProxyName"])
        endpoints = endpoints_of(backend)
        if name in endpoints or name == DEFAULT_ENDPOINT:
            raise rds_error("DBProxyEndpointAlreadyExistsFault", f"A DB proxy endpoint named {name} already exists.")
        if sum(1 for endpoint in endpoints.values() if endpoint.db_proxy_name == proxy.db_proxy_name) >= ENDPOINT_QUOTA:
            raise rds_error("DBProxyEndpointQuotaExceededFault", f"DB proxy {proxy.db_proxy_name} already has {ENDPOINT_QUOTA} endpoints.")
        subnet_ids = subnets_checked(backend, proxy, params["VpcSubnetIds"])
        groups = params.get("VpcSecurityGroupIds") or [ec2_backends[backend.account_id][backend.region_name].get_default_security_group(proxy.vpc_id).id]
        endpoint = ProxyEndpoint(backend, proxy, name, subnet_ids, groups, params.get("TargetRole") or "READ_WRITE", params.get("Tags") or [])
        endpoints[name] = endpoint
        return endpoint

    def create_db_proxy_endpoint_response(self: RDSResponse) -> ActionResult:
        return ActionResult({"DBProxyEndpoint": create(self.backend, self.params)})

    RDSResponse.create_db_proxy_endpoint = create_db_proxy_endpoint_response  # type: ignore[attr-defined]


@fix(
    "rds",
    "DescribeDBProxyEndpoints",
    "moto 5.2.5 has no proxy endpoints (HTTP 500); AWS lists a proxy's endpoints, its default endpoint first (IsDefault), "
    "or one endpoint by name, and answers DBProxyNotFoundFault / DBProxyEndpointNotFoundFault for unknown names.",
)
def describe_db_proxy_endpoints() -> None:
    from moto.core.responses import ActionResult
    from moto.rds.responses import RDSResponse

    def describe(backend: Any, proxy_name: str | None, endpoint_name: str | None) -> list[Any]:
        proxies = [proxy_named(backend, proxy_name)] if proxy_name else list(backend.db_proxies.values())
        found: list[Any] = []
        for proxy in proxies:
            found.append(DefaultEndpoint(proxy))
            found.extend(endpoint for endpoint in endpoints_of(backend).values() if endpoint.db_proxy_name == proxy.db_proxy_name)
        if endpoint_name:
            found = [endpoint for endpoint in found if endpoint.db_proxy_endpoint_name == endpoint_name and not endpoint.is_default]
            if not found:
                endpoint_named(backend, endpoint_name)  # raises DBProxyEndpointNotFoundFault
        return found

    def describe_db_proxy_endpoints_response(self: RDSResponse) -> ActionResult:
        return ActionResult({"DBProxyEndpoints": describe(self.backend, self.params.get("DBProxyName"), self.params.get("DBProxyEndpointName"))})

    RDSResponse.describe_db_proxy_endpoints = describe_db_proxy_endpoints_response  # type: ignore[attr-defined]


@fix(
    "rds",
    "ModifyDBProxyEndpoint",
    "moto 5.2.5 has no proxy endpoints (HTTP 500); AWS renames an endpoint or replaces its security groups and answers it.",
)
def modify_db_proxy_endpoint() -> None:
    from moto.core.responses import ActionResult
    from moto.rds.responses import RDSResponse

    def modify(backend: Any, params: dict[str, Any]) -> ProxyEndpoint:
        name = params["DBProxyEndpointName"]
        endpoint = endpoint_named(backend, name)
        available_proxy(backend, endpoint.db_proxy_name)
        new_name = params.get("NewDBProxyEndpointName")
        if new_name and new_name != name:
            backend._validate_db_identifier(new_name)
            endpoints = endpoints_of(backend)
            if new_name in endpoints or new_name == DEFAULT_ENDPOINT:
                raise rds_error("DBProxyEndpointAlreadyExistsFault", f"A DB proxy endpoint named {new_name} already exists.")
            endpoints[new_name] = endpoints.pop(name)
            endpoint.db_proxy_endpoint_name = new_name
            endpoint.endpoint = endpoint.endpoint.replace(f"{name}.endpoint.", f"{new_name}.endpoint.", 1)
        if params.get("VpcSecurityGroupIds") is not None:
            endpoint.vpc_security_group_ids = list(params["VpcSecurityGroupIds"])
        return endpoint

    def modify_db_proxy_endpoint_response(self: RDSResponse) -> ActionResult:
        return ActionResult({"DBProxyEndpoint": modify(self.backend, self.params)})

    RDSResponse.modify_db_proxy_endpoint = modify_db_proxy_endpoint_response  # type: ignore[attr-defined]


@fix(
    "rds",
    "DeleteDBProxyEndpoint",
    "moto 5.2.5 has no proxy endpoints (HTTP 500); AWS deletes an additional endpoint (never the default one) and answers it as deleting.",
)
def delete_db_proxy_endpoint() -> None:
    from moto.core.responses import ActionResult
    from moto.rds.responses import RDSResponse

    def delete(backend: Any, name: str) -> ProxyEndpoint:
        endpoint = endpoint_named(backend, name)
        del endpoints_of(backend)[name]
        endpoint.status = "deleting"
        return endpoint

    def delete_db_proxy_endpoint_response(self: RDSResponse) -> ActionResult:
        return ActionResult({"DBProxyEndpoint": delete(self.backend, self.params["DBProxyEndpointName"])})

    RDSResponse.delete_db_proxy_endpoint = delete_db_proxy_endpoint_response  # type: ignore[attr-defined]
