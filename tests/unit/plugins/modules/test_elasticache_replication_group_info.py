"""elasticache_replication_group_info, run end to end through main() against the emulator."""

from __future__ import annotations

from ansible_collections.webstack.aws.plugins.modules import elasticache_replication_group_info

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import run

TOKEN = "first-token-0123456789"


def create(aws: Emulator, group_id: str, **extra: object) -> None:
    aws.client("elasticache").create_replication_group(
        ReplicationGroupId=group_id,
        ReplicationGroupDescription=group_id,
        CacheNodeType="cache.t4g.micro",
        NumCacheClusters=2,
        TransitEncryptionEnabled=True,
        AuthToken=TOKEN,
        Tags=[{"Key": "webstack:stack", "Value": "demo"}],
        **extra,
    )


def test_one_group_with_its_tags_and_no_token(aws: Emulator) -> None:
    create(aws, "demo-local")
    create(aws, "other-local")
    aws.clear_calls()

    result = run(elasticache_replication_group_info.main, aws, {"replication_group_id": "demo-local"})

    assert not result.failed and not result.changed
    [group] = result.out["replication_groups"]
    assert group["replication_group_id"] == "demo-local" and group["member_clusters"] == ["demo-local-001", "demo-local-002"]
    assert group["tags"] == {"webstack:stack": "demo"} and group["auth_token_enabled"] is True
    assert TOKEN not in str(result.out)
    assert aws.calls().mutating == []


def test_every_group_when_none_is_named(aws: Emulator) -> None:
    create(aws, "demo-local")
    create(aws, "other-local")

    result = run(elasticache_replication_group_info.main, aws, {})

    assert sorted(g["replication_group_id"] for g in result.out["replication_groups"]) == ["demo-local", "other-local"]


def test_a_missing_group_is_an_empty_list(aws: Emulator) -> None:
    result = run(elasticache_replication_group_info.main, aws, {"replication_group_id": "nothing"})

    assert not result.failed and result.out["replication_groups"] == []
