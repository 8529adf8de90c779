"""ECS fidelity fixes for moto 5.2.5.

What AWS does, per the ECS API reference and botocore's model (2014-11-13):

- a cluster reads back ``capacityProviders`` and ``defaultCapacityProviderStrategy`` as lists,
  ``[]`` when unset; DeleteCluster refuses a cluster that still has active services
  (``ClusterContainsServicesException``) or registered container instances
  (``ClusterContainsContainerInstancesException``);
- a service reads back what it was created or updated with, AWS's defaults filled in:
  ``deploymentConfiguration`` (maximumPercent 200, minimumHealthyPercent 100, the circuit breaker
  off), ``enableExecuteCommand`` and ``enableECSManagedTags`` (false), ``capacityProviderStrategy``
  (and then no ``launchType``), ``healthCheckGracePeriodSeconds``, ``platformVersion`` (``LATEST``
  on Fargate), its task definition as an ARN;
- an UpdateService that changes what the tasks run (task definition, network configuration, load
  balancers, service registries, platform version, capacity provider strategy, execute command) or
  forces a new deployment starts a new PRIMARY deployment; the emulator rolls it out at once (or
  for the latency phase, see lifecycle/ecs.py): the old deployment is drained, the new one is
  COMPLETED with ``runningCount`` = ``desiredCount``. An inactive service is
  ``ServiceNotActiveException``;
- ListServices lists the cluster's services that are not INACTIVE, ``maxResults`` (1 to 100,
  default 10) a page, with an opaque ``nextToken``.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

DEFAULT_DEPLOYMENT_CONFIGURATION: dict[str, Any] = {
    "deploymentCircuitBreaker": {"enable": False, "rollback": False},
    "maximumPercent": 200,
    "minimumHealthyPercent": 100,
}
# UpdateService parameters (moto's names) that make AWS start a new deployment when they change.
NEW_DEPLOYMENT = (
    "task_definition",
    "network_configuration",
    "load_balancers",
    "service_registries",
    "platform_version",
    "capacity_provider_strategy",
    "enable_execute_command",
)
LIST_SERVICES_PAGE = 10
LIST_SERVICES_MAX = 100


def _ecs_error(code: str, message: str) -> Exception:
    from moto.ecs.exceptions import ECSException

    return ECSException(code, message)


def deployment_configuration(given: dict[str, Any] | None, current: dict[str, Any] | None = None) -> dict[str, Any]:
    """A service's deploymentConfiguration: what is given over what it had (AWS's defaults for a new service)."""
    merged = {**DEFAULT_DEPLOYMENT_CONFIGURATION, **(current or {}), **(given or {})}
    merged["deploymentCircuitBreaker"] = {**DEFAULT_DEPLOYMENT_CONFIGURATION["deploymentCircuitBreaker"], **merged["deploymentCircuitBreaker"]}
    return merged


def _steady_deployment(service: Any, fresh: bool) -> dict[str, Any]:
    """The service's PRIMARY deployment rolled out: a new one when fresh, else the current one brought up to date."""
    from moto.core.utils import utcnow
    from moto.moto_api._internal import mock_random

    now = utcnow()
    deployment = dict(service.deployments[0]) if service.deployments and not fresh else {"createdAt": now, "failedTasks": 0, "status": "PRIMARY"}
    if fresh or "id" not in deployment:
        deployment["id"] = f"ecs-svc/{mock_random.randint(0, 32**12)}"
    deployment.update(
        taskDefinition=service.task_definition,
        desiredCount=service.desired_count,
        runningCount=service.desired_count,
        pendingCount=0,
        rolloutState="COMPLETED",
        rolloutStateReason=f"ECS deployment {deployment['id']} completed.",
        networkConfiguration=service.network_configuration or None,
        platformVersion=service.platform_version,
        updatedAt=now,
    )
    deployment.pop("launchType", None)
    deployment.pop("capacityProviderStrategy", None)
    if getattr(service, "capacity_provider_strategy", None):
        deployment["capacityProviderStrategy"] = service.capacity_provider_strategy
    elif service.launch_type:
        deployment["launchType"] = service.launch_type
    return {key: value for key, value in deployment.items() if value is not None}


def _roll_out(service: Any, fresh: bool) -> None:
    """The service steady: its one PRIMARY deployment COMPLETED, every desired task running."""
    if service.deployment_controller.get("type") != "ECS":
        return
    service.deployments = [_steady_deployment(service, fresh)]
    service.running_count = service.desired_count
    service.pending_count = 0


@fix(
    "ecs",
    "DescribeClusters",
    "A cluster created without capacity providers reads back without capacityProviders and "
    "defaultCapacityProviderStrategy; AWS returns both as empty lists (community.aws ecs_cluster reads them).",
)
def cluster_capacity_providers_default_to_empty() -> None:
    from moto.ecs.models import Cluster

    original = Cluster.__init__

    @wraps(original)
    def __init__(self: Cluster, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if self.capacity_providers is None:
            self.capacity_providers = []
        if self.default_capacity_provider_strategy is None:
            self.default_capacity_provider_strategy = []

    Cluster.__init__ = __init__  # type: ignore[method-assign]


@fix(
    "ecs",
    "CreateService",
    "An awsvpcConfiguration without securityGroups crashed moto (KeyError); AWS uses the default security group of the subnets' VPC. "
    "deploymentConfiguration, capacityProviderStrategy, healthCheckGracePeriodSeconds, enableExecuteCommand and enableECSManagedTags "
    "were dropped (AWS reads them back, defaults filled in); a capacity provider strategy read back launchType EC2; the deployment "
    "stayed IN_PROGRESS with no task running for ever (AWS rolls it out).",
)
def service_created_as_aws_creates_it() -> None:
    _security_groups_default_to_the_vpc_default()
    _service_reads_back_its_settings()


def _service_reads_back_its_settings() -> None:
    from moto.ecs.models import Service
    from moto.ecs.responses import EC2ContainerServiceResponse

    original_init = Service.__init__

    @wraps(original_init)
    def __init__(self: Service, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.deployment_configuration = deployment_configuration(None)
        self.enable_execute_command = False
        self.enable_ecs_managed_tags = False
        self.capacity_provider_strategy = None
        self.health_check_grace_period_seconds = None
        if self.launch_type == "FARGATE" and self.platform_version is None:
            self.platform_version = "LATEST"
        _roll_out(self, fresh=False)

    Service.__init__ = __init__  # type: ignore[method-assign]
    original_create = EC2ContainerServiceResponse.create_service

    @wraps(original_create)
    def create_service(self: EC2ContainerServiceResponse) -> Any:
        result = original_create(self)
        service = self.ecs_backend._get_service(self._get_param("cluster", "default"), self._get_param("serviceName"))
        service.deployment_configuration = deployment_configuration(self._get_param("deploymentConfiguration"))
        service.enable_execute_command = bool(self._get_param("enableExecuteCommand", False))
        service.enable_ecs_managed_tags = bool(self._get_param("enableECSManagedTags", False))
        service.health_check_grace_period_seconds = self._get_param("healthCheckGracePeriodSeconds")
        strategy = self._get_param("capacityProviderStrategy")
        if strategy:
            service.capacity_provider_strategy = strategy
            service.launch_type = None
            if service.platform_version is None and any(item["capacityProvider"].startswith("FARGATE") for item in strategy):
                service.platform_version = "LATEST"
            # In place: the latency phase (lifecycle/ecs.py) may show this very deployment.
            deployment = service.deployments[0] if service.deployments else {}
            deployment.pop("launchType", None)
            deployment.update(capacityProviderStrategy=strategy, platformVersion=service.platform_version)
        return result

    EC2ContainerServiceResponse.create_service = create_service  # type: ignore[method-assign]


def _security_groups_default_to_the_vpc_default() -> None:
    from moto.ec2.exceptions import InvalidSubnetIdError
    from moto.ec2.models import ec2_backends
    from moto.ecs.models import Service

    original = Service._validate_network

    @wraps(original)
    def _validate_network(self: Service, nc: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, list[str]]]:
        awsvpc = nc.get("awsvpcConfiguration") or {}
        if awsvpc.get("subnets") and not awsvpc.get("securityGroups"):
            ec2 = ec2_backends[self._account_id][self.region_name]
            try:
                vpc_id = ec2.get_subnet(awsvpc["subnets"][0]).vpc_id
            except InvalidSubnetIdError:
                return original(self, nc)  # moto reports the unknown subnet as AWS does
            group = ec2.get_default_security_group(vpc_id)
            if group is not None:
                awsvpc["securityGroups"] = [group.id]
        return original(self, nc)

    Service._validate_network = _validate_network  # type: ignore[method-assign]


@fix(
    "ecs",
    "UpdateService",
    "A new task definition was stored as given (family:revision, not its ARN) and no new deployment started: the old PRIMARY "
    "deployment stayed, IN_PROGRESS, with the old task definition; a partial deploymentConfiguration replaced the whole; "
    "an INACTIVE service was updated. AWS starts a new PRIMARY deployment and refuses an inactive service.",
)
def service_updates_deploy() -> None:
    from moto.ecs.models import EC2ContainerServiceBackend

    original = EC2ContainerServiceBackend.update_service

    @wraps(original)
    def update_service(self: EC2ContainerServiceBackend, service_properties: dict[str, Any]) -> Any:
        service = self._get_service(service_properties.get("cluster", "default"), service_properties["service"].split("/")[-1])
        if service.status != "ACTIVE":
            raise _ecs_error("ServiceNotActiveException", "Service was not ACTIVE.")
        if service_properties.get("task_definition"):
            service_properties["task_definition"] = self.describe_task_definition(service_properties["task_definition"]).arn
        if service_properties.get("deployment_configuration") is not None:
            service_properties["deployment_configuration"] = deployment_configuration(
                service_properties["deployment_configuration"], service.deployment_configuration
            )
        fresh = bool(service_properties.get("force_new_deployment")) or any(
            service_properties.get(name) is not None and service_properties[name] != getattr(service, name, None) for name in NEW_DEPLOYMENT
        )
        updated = original(self, service_properties)
        if updated.capacity_provider_strategy:
            updated.launch_type = None
        _roll_out(updated, fresh)
        return updated

    EC2ContainerServiceBackend.update_service = update_service  # type: ignore[method-assign]


@fix(
    "ecs",
    "ListServices",
    "INACTIVE (deleted) services were listed, and every service came in one answer (maxResults and nextToken ignored). "
    "AWS lists the services that are not INACTIVE, 10 a page by default and at most 100.",
)
def services_list_in_pages() -> None:
    from moto.ecs.responses import EC2ContainerServiceResponse

    def list_services(self: EC2ContainerServiceResponse) -> Any:
        from moto.core.responses import ActionResult

        backend = self.ecs_backend
        cluster = backend._get_cluster(self._get_param("cluster", "default"))
        launch_type = self._get_param("launchType")
        strategy = self._get_param("schedulingStrategy")
        arns = sorted(
            service.arn
            for service in backend.services.values()
            if service.cluster_name == cluster.name
            and service.status != "INACTIVE"
            and launch_type in (None, service.launch_type)
            and strategy in (None, service.scheduling_strategy)
        )
        size = self._get_param("maxResults") or LIST_SERVICES_PAGE
        if not 1 <= size <= LIST_SERVICES_MAX:
            raise _ecs_error("InvalidParameterException", f"maxResults must be between 1 and {LIST_SERVICES_MAX}.")
        start = _page_start(self._get_param("nextToken"), len(arns))
        answer: dict[str, Any] = {"serviceArns": arns[start : start + size]}
        if start + size < len(arns):
            answer["nextToken"] = _page_token(start + size)
        return ActionResult(answer)

    EC2ContainerServiceResponse.list_services = list_services  # type: ignore[method-assign]


def _page_token(offset: int) -> str:
    import base64

    return base64.b64encode(f"webstack-ecs:{offset}".encode()).decode()


def _page_start(token: str | None, total: int) -> int:
    import base64
    import binascii

    if not token:
        return 0
    try:
        prefix, offset = base64.b64decode(token, validate=True).decode().split(":")
        start = int(offset)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise _ecs_error("InvalidParameterException", "Invalid token.") from None
    if prefix != "webstack-ecs" or not 0 <= start <= total:
        raise _ecs_error("InvalidParameterException", "Invalid token.")
    return start


@fix(
    "ecs",
    "DeleteCluster",
    "A cluster with active services or registered container instances was deleted (marked INACTIVE). AWS refuses: "
    "ClusterContainsServicesException, ClusterContainsContainerInstancesException.",
)
def cluster_deletion_refuses_a_busy_cluster() -> None:
    from moto.ecs.models import EC2ContainerServiceBackend

    original = EC2ContainerServiceBackend.delete_cluster

    @wraps(original)
    def delete_cluster(self: EC2ContainerServiceBackend, cluster_str: str) -> Any:
        cluster = self._get_cluster(cluster_str)
        if any(service.cluster_name == cluster.name and service.status != "INACTIVE" for service in self.services.values()):
            raise _ecs_error("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active.")
        if any(instance.status in ("ACTIVE", "DRAINING") for instance in self.container_instances.get(cluster.name, {}).values()):
            raise _ecs_error("ClusterContainsContainerInstancesException", "The Cluster cannot be deleted while Container Instances are active or draining.")
        return original(self, cluster_str)

    EC2ContainerServiceBackend.delete_cluster = delete_cluster  # type: ignore[method-assign]
