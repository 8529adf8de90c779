"""Application and network load balancers: State.Code provisioning, then active.

moto creates a load balancer provisioning and makes it active on the first describe.
"""

from __future__ import annotations

from typing import Any

from webstack_emulator.lifecycle.phases import LIFECYCLE
from webstack_emulator.lifecycle.phases import after
from webstack_emulator.lifecycle.phases import timed


def patch() -> None:
    from moto.elbv2.models import ELBv2Backend
    from moto.elbv2.models import FakeLoadBalancer

    timed(FakeLoadBalancer, "state")
    ELBv2Backend.create_load_balancer = after(ELBv2Backend.create_load_balancer, _created)  # type: ignore[method-assign]


def _created(load_balancer: Any) -> None:
    LIFECYCLE.start(load_balancer, "load_balancer", "create", load_balancer.arn, {"state": "provisioning"}, {"state": "active"})
