"""rds_proxy_info, run end to end through main() against the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import rds_proxy_info

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.rds_proxy import PROXY
from tests.unit.emulator.checks.rds_proxy import aurora_cluster
from tests.unit.emulator.checks.rds_proxy import proxy_world
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run


def info(aws: Emulator, args: dict[str, Any]) -> Result:
    return run(rds_proxy_info.main, aws, args)


@pytest.fixture
def proxy(aws: Emulator) -> dict[str, Any]:
    """PROXY with a tag, an Aurora cluster target and a read-only endpoint; the call log starts empty."""
    world = proxy_world(aws)
    rds = aws.client("rds")
    arn = rds.describe_db_proxies(DBProxyName=PROXY)["DBProxies"][0]["DBProxyArn"]
    rds.add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "webstack:stack", "Value": "demo"}])
    rds.register_db_proxy_targets(DBProxyName=PROXY, DBClusterIdentifiers=[aurora_cluster(aws)])
    rds.create_db_proxy_endpoint(DBProxyName=PROXY, DBProxyEndpointName="reader", VpcSubnetIds=world["subnets"], TargetRole="READ_ONLY")
    aws.clear_calls()
    return world


def test_info_by_name_returns_the_proxy_whole(aws: Emulator, proxy: dict[str, Any]) -> None:
    result = info(aws, {"name": PROXY})

    assert not result.failed, result.out
    assert not result.changed
    [found] = result.out["proxies"]
    assert (found["db_proxy_name"], found["status"], found["vpc_id"]) == (PROXY, "available", proxy["vpc"])
    assert found["tags"] == {"webstack:stack": "demo"}
    assert found["target_group"]["target_group_name"] == "default"
    assert found["target_group"]["connection_pool_config"]["max_connections_percent"] == 100
    assert sorted((t["rds_resource_id"], t["type"], t["target_health"]["state"]) for t in found["targets"]) == [
        ("webstack-aurora", "TRACKED_CLUSTER", "AVAILABLE"),
        ("webstack-aurora-1", "RDS_INSTANCE", "AVAILABLE"),
    ]
    assert [(e["db_proxy_endpoint_name"], e["target_role"]) for e in found["endpoints"]] == [("reader", "READ_ONLY")]
    assert isinstance(found["created_date"], str)
    assert aws.calls().mutating == []


def test_info_without_a_name_lists_every_proxy(aws: Emulator, proxy: dict[str, Any]) -> None:
    rds = aws.client("rds")
    first = rds.describe_db_proxies(DBProxyName=PROXY)["DBProxies"][0]
    rds.create_db_proxy(DBProxyName="second-proxy", EngineFamily="MYSQL", Auth=first["Auth"], RoleArn=first["RoleArn"], VpcSubnetIds=proxy["subnets"])

    result = info(aws, {})

    assert sorted(p["db_proxy_name"] for p in result.out["proxies"]) == ["second-proxy", PROXY]
    second = next(p for p in result.out["proxies"] if p["db_proxy_name"] == "second-proxy")
    assert (second["engine_family"], second["targets"], second["endpoints"], second["tags"]) == ("MYSQL", [], [], {})


def test_info_for_an_unknown_name_is_empty(aws: Emulator) -> None:
    result = info(aws, {"name": "no-such-proxy"})

    assert not result.failed, result.out
    assert result.out["proxies"] == []
