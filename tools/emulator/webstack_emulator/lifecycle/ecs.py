"""ECS service deployments: rolloutState IN_PROGRESS with no task running, then COMPLETED with runningCount = desiredCount.

moto leaves a service's deployment IN_PROGRESS with runningCount 0 for ever and never starts a new
deployment on update; extensions/ecs.py rolls every deployment out at once instead. With a
profile, CreateService and every UpdateService that makes AWS start a new deployment (the
parameters in NEW_DEPLOYMENT) start one: the service's PRIMARY deployment, and the service's own
runningCount and pendingCount, show the rollout for the phase, then the steady state.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.lifecycle.phases import LIFECYCLE
from webstack_emulator.lifecycle.phases import TimedDict
from webstack_emulator.lifecycle.phases import timed

KIND = "ecs_deployment"
# UpdateService parameters (as moto names them) that start a new deployment in AWS.
NEW_DEPLOYMENT = ("task_definition", "force_new_deployment", "network_configuration", "load_balancers", "service_registries", "platform_version")


def patch() -> None:
    from moto.ecs.models import EC2ContainerServiceBackend
    from moto.ecs.models import Service

    timed(Service, "running_count", "pending_count")
    original_init = Service.__init__

    @wraps(original_init)
    def __init__(self: Service, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        _deploy(self, renew=False)

    Service.__init__ = __init__  # type: ignore[method-assign]
    original_update = EC2ContainerServiceBackend.update_service

    @wraps(original_update)
    def update_service(self: EC2ContainerServiceBackend, service_properties: dict[str, Any]) -> Service:
        renew = any(service_properties.get(name) for name in NEW_DEPLOYMENT)
        service = original_update(self, service_properties)
        if renew:
            _deploy(service, renew=True)
        return service

    EC2ContainerServiceBackend.update_service = update_service  # type: ignore[method-assign]


def _deploy(service: Any, renew: bool) -> None:
    """Roll the service's PRIMARY deployment out for the phase (a new one when renew); nothing without a profile."""
    if not service.deployments or LIFECYCLE.seconds(KIND, "create") <= 0:
        return
    deployment = TimedDict(service.deployments[0])
    if renew:
        deployment.update(_fresh(service))
    service.deployments[0] = deployment
    desired, identifier = service.desired_count, deployment["id"]
    rollout = {"rolloutState": "IN_PROGRESS", "rolloutStateReason": f"ECS deployment {identifier} in progress.", "runningCount": 0, "pendingCount": desired}
    steady = {"rolloutState": "COMPLETED", "rolloutStateReason": f"ECS deployment {identifier} completed.", "runningCount": desired, "pendingCount": 0}
    phase = LIFECYCLE.start(deployment, KIND, "create", identifier, {**rollout, "running_count": 0, "pending_count": desired}, steady)
    if phase is not None:
        LIFECYCLE.attach(service, phase, {"running_count": desired, "pending_count": 0})


def _fresh(service: Any) -> dict[str, Any]:
    from moto.core.utils import utcnow
    from moto.moto_api._internal import mock_random

    now = utcnow()
    return {
        "id": f"ecs-svc/{mock_random.randint(0, 32**12)}",
        "taskDefinition": service.task_definition,
        "desiredCount": service.desired_count,
        "createdAt": now,
        "updatedAt": now,
    }
