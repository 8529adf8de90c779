"""The two limits a converge under provisioning latency is compared with.

A slow resource is one the emulator's latency profile gives a provisioning time
(GET /_webstack/latency): {"kind", "id", "phase", "seconds", "started"}.

- The longest dependency chain: what a perfectly parallel tool takes. Every slow
  resource starts as soon as the slow resources it needs are ready; resources of
  one kind do not wait for each other (three NAT gateways take as long as one).
- The sequential sum: what a tool that creates and waits for one resource after
  the other takes.

Only 'create' resources count: these are the limits of building a stack.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

# Which slow kinds must be ready before another slow kind can start (or become ready),
# as AWS imposes it. Kinds absent from a stack weigh nothing but still pass their
# dependencies on: without a proxy the deployment still needs the database.
DEPENDS_ON: dict[str, tuple[str, ...]] = {
    # Needs only its public subnet and an elastic IP, both ready at once.
    "nat_gateway": (),
    # DNS validation needs only the record; nothing slow comes before it.
    "acm_certificate": (),
    # An ALB needs subnets and security groups; its HTTPS listener is added later and is quick.
    "load_balancer": (),
    # A database needs its subnet group, parameter group and KMS key: all quick.
    "rds_instance": (),
    "rds_cluster": (),
    # A replication group needs its subnet group and parameter group: quick.
    "elasticache_replication_group": (),
    # RDS Proxy registers its target only once the database is available; until then
    # the target stays unavailable and the proxy cannot serve.
    "rds_proxy": ("rds_instance", "rds_cluster"),
    # CloudFront accepts a viewer certificate only once ACM has ISSUED it.
    "cloudfront_distribution": ("acm_certificate",),
    # A deployment reaches steady state only once the load balancer is active (targets
    # register and pass health checks), its HTTPS listener has an ISSUED certificate,
    # tasks can pull images and reach AWS through the NAT gateways, and the database
    # (through its proxy) and the cache it connects to at start are available.
    "ecs_deployment": ("load_balancer", "nat_gateway", "acm_certificate", "rds_proxy", "elasticache_replication_group"),
}


def create_weights(resources: Iterable[Mapping[str, Any]]) -> dict[str, float]:
    """Seconds per kind: the longest 'create' of that kind (resources of one kind run in parallel)."""
    weights: dict[str, float] = {}
    for resource in resources:
        if resource.get("phase") != "create":
            continue
        kind = str(resource["kind"])
        weights[kind] = max(weights.get(kind, 0.0), float(resource["seconds"]))
    return weights


def longest_chain(resources: Iterable[Mapping[str, Any]], depends_on: Mapping[str, Iterable[str]] = DEPENDS_ON) -> tuple[float, list[str]]:
    """Seconds of the longest dependency chain through the kinds present, and that chain's kinds, first to last.

    A kind the table does not know is a chain root with no dependencies.
    """
    weights = create_weights(resources)
    finish: dict[str, tuple[float, list[str]]] = {}

    def chain_to(kind: str, visiting: tuple[str, ...]) -> tuple[float, list[str]]:
        if kind in finish:
            return finish[kind]
        if kind in visiting:
            raise ValueError(f"dependency cycle: {' -> '.join((*visiting, kind))}")
        before = (0.0, [])
        for dependency in sorted(depends_on.get(kind, ())):
            candidate = chain_to(dependency, (*visiting, kind))
            if candidate[0] > before[0]:
                before = candidate
        here = (before[0] + weights[kind], [*before[1], kind]) if kind in weights else before
        finish[kind] = here
        return here

    best: tuple[float, list[str]] = (0.0, [])
    for kind in sorted(weights):
        candidate = chain_to(kind, ())
        if candidate[0] > best[0]:
            best = candidate
    return best


def sequential_seconds(resources: Iterable[Mapping[str, Any]]) -> float:
    """Seconds of every 'create', one after the other."""
    return sum(float(resource["seconds"]) for resource in resources if resource.get("phase") == "create")
