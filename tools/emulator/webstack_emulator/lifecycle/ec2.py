"""NAT gateways: pending, then available; deleting, then deleted (moto sets available and deleted at once)."""

from __future__ import annotations

from typing import Any

from webstack_emulator.lifecycle.phases import LIFECYCLE
from webstack_emulator.lifecycle.phases import after
from webstack_emulator.lifecycle.phases import timed

KIND = "nat_gateway"


def patch() -> None:
    from moto.ec2.models.nat_gateways import NatGateway
    from moto.ec2.models.nat_gateways import NatGatewayBackend

    timed(NatGateway, "state")
    NatGatewayBackend.create_nat_gateway = after(NatGatewayBackend.create_nat_gateway, _created)  # type: ignore[method-assign]
    NatGatewayBackend.delete_nat_gateway = after(NatGatewayBackend.delete_nat_gateway, _deleted)  # type: ignore[method-assign]


def _created(nat_gateway: Any) -> None:
    LIFECYCLE.start(nat_gateway, KIND, "create", nat_gateway.id, {"state": "pending"})


def _deleted(nat_gateway: Any) -> None:
    LIFECYCLE.start(nat_gateway, KIND, "delete", nat_gateway.id, {"state": "deleting"})
