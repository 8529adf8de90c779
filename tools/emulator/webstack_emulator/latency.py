"""Provisioning latency: resources that take minutes in AWS show AWS's intermediate states for a set time.

Profiles:
    none         no latency: moto's own behaviour (the default)
    aws-scaled   the typical AWS durations of AWS_SECONDS, times `scale`

While a phase runs, describe calls answer the intermediate state (a NAT gateway is pending, a
database creating, a distribution InProgress...), then the final one, so roles and modules must
really wait. Each phase started since the last reset is listed in report()["resources"]; the
benchmark compares a converge with the longest dependency chain through them. The mechanism is in
`lifecycle/phases.py`, what each service shows in `lifecycle/<service>.py`.
"""

from __future__ import annotations

import math
from typing import Any

from webstack_emulator.lifecycle import acm
from webstack_emulator.lifecycle import cloudfront
from webstack_emulator.lifecycle import ec2
from webstack_emulator.lifecycle import ecs
from webstack_emulator.lifecycle import elasticache
from webstack_emulator.lifecycle import elbv2
from webstack_emulator.lifecycle import rds
from webstack_emulator.lifecycle.phases import LIFECYCLE

# Typical AWS seconds per slow kind and phase: the one table of durations. A phase's entry is its
# name, except a Multi-AZ DB instance, created in "create_multi_az" seconds.
AWS_SECONDS: dict[str, dict[str, float]] = {
    "nat_gateway": {"create": 120, "delete": 60},
    "load_balancer": {"create": 180},
    "acm_certificate": {"create": 120},
    "rds_instance": {"create": 600, "create_multi_az": 900, "modify": 600, "delete": 480},
    "rds_cluster": {"create": 600},
    "rds_proxy": {"create": 480},
    "elasticache_replication_group": {"create": 720, "modify": 480, "delete": 360},
    "cloudfront_distribution": {"create": 300, "update": 300},
    "cloudfront_invalidation": {"create": 60},
    "ecs_deployment": {"create": 180},
}

# What each profile multiplies AWS_SECONDS by, before the scale.
PROFILES: dict[str, float] = {"none": 0.0, "aws-scaled": 1.0}

_PATCHES = (ec2, elbv2, acm, rds, elasticache, cloudfront, ecs)
_settings: dict[str, Any] = {"profile": "none", "scale": 1.0}
_applied = False


def apply() -> None:
    """Install the phases on moto's models (once per process); without a profile they change nothing."""
    global _applied
    if not _applied:
        for service in _PATCHES:
            service.patch()
        _applied = True


def configure(profile: str = "none", scale: float = 1.0) -> None:
    """Choose the profile and scale for the phases started from now on; ValueError for an unknown profile or a bad scale."""
    if profile not in PROFILES:
        raise ValueError(f"unknown latency profile {profile!r}; one of {', '.join(PROFILES)}")
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not math.isfinite(scale) or scale < 0:
        raise ValueError(f"latency scale must be a finite number >= 0, not {scale!r}")
    _settings.update(profile=profile, scale=float(scale))
    LIFECYCLE.configure(durations())


def durations() -> dict[str, dict[str, float]]:
    """Seconds per kind and phase under the current profile and scale."""
    factor = PROFILES[_settings["profile"]] * _settings["scale"]
    return {kind: {phase: seconds * factor for phase, seconds in phases.items()} for kind, phases in AWS_SECONDS.items()}


def report() -> dict[str, Any]:
    """The profile, its scale, the durations in force and every slow resource started since the reset."""
    return {**_settings, "durations": durations(), "resources": LIFECYCLE.started()}


def reset() -> None:
    """Forget the slow resources started so far (the server configures the startup profile again)."""
    LIFECYCLE.forget()
