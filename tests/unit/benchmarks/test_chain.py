"""The longest dependency chain and the sequential sum, from fabricated slow resources."""

from __future__ import annotations

import pytest

from benchmarks.chain import DEPENDS_ON
from benchmarks.chain import create_weights
from benchmarks.chain import longest_chain
from benchmarks.chain import sequential_seconds


def slow(kind: str, seconds: float, phase: str = "create", resource_id: str = "") -> dict:
    return {"kind": kind, "id": resource_id or f"{kind}-{seconds}", "phase": phase, "seconds": seconds, "started": 0.0}


def test_no_slow_resource_has_no_chain_and_no_wait() -> None:
    assert longest_chain([]) == (0.0, [])
    assert sequential_seconds([]) == 0.0


def test_a_single_kind_is_its_own_chain() -> None:
    resources = [slow("nat_gateway", 6.0)]
    assert longest_chain(resources) == (6.0, ["nat_gateway"])
    assert sequential_seconds(resources) == 6.0


def test_several_resources_of_one_kind_run_in_parallel_but_add_up_sequentially() -> None:
    resources = [slow("nat_gateway", 5.0, resource_id="a"), slow("nat_gateway", 7.0, resource_id="b"), slow("nat_gateway", 6.0, resource_id="c")]
    assert longest_chain(resources) == (7.0, ["nat_gateway"])
    assert sequential_seconds(resources) == 18.0


def test_database_then_proxy_then_deployment_add_up() -> None:
    resources = [slow("ecs_deployment", 3.0), slow("rds_proxy", 4.0), slow("rds_instance", 10.0), slow("nat_gateway", 8.0)]
    seconds, chain = longest_chain(resources)
    assert chain == ["rds_instance", "rds_proxy", "ecs_deployment"]
    assert seconds == pytest.approx(17.0)
    assert sequential_seconds(resources) == pytest.approx(25.0)


def test_the_longer_branch_wins() -> None:
    resources = [slow("ecs_deployment", 3.0), slow("rds_proxy", 4.0), slow("rds_instance", 10.0), slow("nat_gateway", 20.0)]
    assert longest_chain(resources) == (23.0, ["nat_gateway", "ecs_deployment"])


def test_kinds_not_present_weigh_nothing_but_keep_their_dependencies() -> None:
    # No proxy in this stack: the deployment still waits for the database, and nothing for the proxy.
    resources = [slow("rds_instance", 10.0), slow("ecs_deployment", 3.0)]
    assert longest_chain(resources) == (13.0, ["rds_instance", "ecs_deployment"])


def test_independent_kinds_do_not_add_up() -> None:
    resources = [slow("rds_instance", 10.0), slow("acm_certificate", 4.0), slow("cloudfront_distribution", 5.0)]
    assert longest_chain(resources) == (10.0, ["rds_instance"])


def test_an_unknown_kind_is_a_root_without_dependencies() -> None:
    resources = [slow("opensearch_domain", 30.0), slow("nat_gateway", 6.0)]
    assert longest_chain(resources) == (30.0, ["opensearch_domain"])


def test_only_creates_count() -> None:
    resources = [slow("nat_gateway", 6.0), slow("nat_gateway", 9.0, phase="delete"), slow("rds_instance", 50.0, phase="delete")]
    assert create_weights(resources) == {"nat_gateway": 6.0}
    assert longest_chain(resources) == (6.0, ["nat_gateway"])
    assert sequential_seconds(resources) == 6.0


def test_the_dependency_table_is_acyclic_and_names_only_its_own_kinds() -> None:
    for kind, dependencies in DEPENDS_ON.items():
        assert set(dependencies) <= set(DEPENDS_ON), kind
    # Every kind present at once: the walk terminates and finds ecs_deployment at the end of the chain.
    seconds, chain = longest_chain([slow(kind, 1.0) for kind in DEPENDS_ON])
    assert chain[-1] == "ecs_deployment" and seconds == len(chain)


def test_a_cycle_is_reported() -> None:
    with pytest.raises(ValueError, match="cycle"):
        longest_chain([slow("a", 1.0), slow("b", 1.0)], depends_on={"a": ("b",), "b": ("a",)})
