"""The data tier on the local stack: PostgreSQL Multi-AZ behind RDS Proxy and Redis Multi-AZ with TLS and AUTH.

The network and the keys come from the vpc and security_baseline roles (site.yml's tags), the emulator has
provisioning latency so the database, the proxy and the cache take their time, and the tests run in file order.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.harness.emulator import Emulator
from tests.harness.leftovers import tagged_resources
from tests.harness.stack import Run
from tests.harness.stack import Stack

STACK, ENVIRONMENT = "demo", "local"
NAME = f"{STACK}-{ENVIRONMENT}"
DB, PROXY, CACHE = f"{NAME}-db", f"{NAME}-db-proxy", f"{NAME}-cache"
TAGS = ["security_baseline", "vpc", "rds", "elasticache"]
# Prod's protection on the local stack: the teardown must lift it and keep a final snapshot.
PROD_LIKE = {"rds_deletion_protection": True}
RUNS: dict[str, Run] = {}


@pytest.fixture(scope="module")
def stack(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Stack:
    emulator.reset()
    return Stack(emulator, "inventories/local", tmp_path_factory.mktemp("data-tier"))


def _secret_values(stack: Stack) -> list[str]:
    """The database's master password and the cache's AUTH token, as Secrets Manager holds them."""
    secrets = stack.aws("secretsmanager")
    [db] = stack.aws("rds").describe_db_instances(DBInstanceIdentifier=DB)["DBInstances"]
    password = secrets.get_secret_value(SecretId=db["MasterUserSecret"]["SecretArn"])["SecretString"]
    token = secrets.get_secret_value(SecretId=f"{NAME}-cache-auth")["SecretString"]
    return [password, token]


def _group(stack: Stack) -> dict[str, Any]:
    [group] = stack.aws("elasticache").describe_replication_groups(ReplicationGroupId=CACHE)["ReplicationGroups"]
    return group


def test_converge_with_provisioning_latency(stack: Stack) -> None:
    stack.emulator.latency("aws-scaled", scale=0.03)
    run = stack.converge(tags=TAGS, extravars=PROD_LIKE, verbosity=3)
    RUNS["first"] = run
    assert run.ok, run.failures or run.stdout[-3000:]
    stack.emulator.latency("none")


def test_the_cache_is_created_while_the_database_is(stack: Stack) -> None:
    phases = {(r["kind"], r["phase"]): r for r in stack.emulator.slow_resources() if r["phase"] == "create"}
    database, cache = phases[("rds_instance", "create")], phases[("elasticache_replication_group", "create")]
    assert database["seconds"] > 0 and cache["seconds"] > 0
    assert cache["started"] < database["started"] + database["seconds"], "the cache waited for the database instead of starting beside it"


def test_secret_values_never_appear_in_the_output(stack: Stack) -> None:
    values = _secret_values(stack)
    assert all(len(value) >= 16 for value in values)
    for value in values:
        assert value not in RUNS["first"].stdout


def test_the_database_is_encrypted_multi_az_private_and_behind_a_tls_proxy(stack: Stack) -> None:
    rds = stack.aws("rds")
    [db] = rds.describe_db_instances(DBInstanceIdentifier=DB)["DBInstances"]
    key = stack.aws("kms").describe_key(KeyId=f"alias/{NAME}-database")["KeyMetadata"]["Arn"]
    assert (db["StorageEncrypted"], db["KmsKeyId"], db["MultiAZ"], db["PubliclyAccessible"]) == (True, key, True, False)
    assert db["DeletionProtection"] and db["BackupRetentionPeriod"] == 7
    assert db["DBSubnetGroup"]["DBSubnetGroupName"] == f"{NAME}-db"
    isolated = stack.aws("ec2").describe_subnets(Filters=[{"Name": "tag:webstack:tier", "Values": ["isolated"]}])["Subnets"]
    assert {s["SubnetIdentifier"] for s in db["DBSubnetGroup"]["Subnets"]} == {s["SubnetId"] for s in isolated}
    [proxy] = rds.describe_db_proxies(DBProxyName=PROXY)["DBProxies"]
    assert proxy["RequireTLS"] and proxy["Auth"][0]["SecretArn"] == db["MasterUserSecret"]["SecretArn"]
    assert [t["TargetHealth"]["State"] for t in rds.describe_db_proxy_targets(DBProxyName=PROXY)["Targets"]] == ["AVAILABLE"]


def test_the_proxy_role_reads_exactly_the_master_secret(stack: Stack) -> None:
    iam = stack.aws("iam")
    policy = iam.get_role_policy(RoleName=PROXY, PolicyName="read-master-secret")["PolicyDocument"]
    [db] = stack.aws("rds").describe_db_instances(DBInstanceIdentifier=DB)["DBInstances"]
    statements = {s["Sid"]: s for s in policy["Statement"]}
    assert statements["ReadTheMasterSecret"]["Resource"] == db["MasterUserSecret"]["SecretArn"]
    assert statements["DecryptItThroughSecretsManager"]["Condition"] == {"StringEquals": {"kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com"}}


def test_the_cache_is_multi_az_with_tls_auth_and_the_stack_key(stack: Stack) -> None:
    group = _group(stack)
    key = stack.aws("kms").describe_key(KeyId=f"alias/{NAME}-cache")["KeyMetadata"]["Arn"]
    assert (group["MultiAZ"], group["AutomaticFailover"]) == ("enabled", "enabled")
    assert group["TransitEncryptionEnabled"] and group["AuthTokenEnabled"] and group["AtRestEncryptionEnabled"]
    assert group["KmsKeyId"] == key
    assert len(group["NodeGroups"][0]["NodeGroupMembers"]) == 2


def test_check_mode_on_the_converged_tier_reports_no_change(stack: Stack) -> None:
    run = stack.converge(tags=["rds", "elasticache"], extravars=PROD_LIKE, check=True, diff=True)
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []


@pytest.mark.parametrize("role", ["rds", "elasticache"])
def test_each_role_alone_finds_the_network_and_keys_by_tags(stack: Stack, role: str) -> None:
    run = stack.converge(tags=[role], extravars=PROD_LIKE)
    assert run.ok, run.failures
    assert run.changed_tasks == []
    assert run.calls.mutating == []
    assert any(t.role == role for t in run.tasks)
    assert [t.task for t in run.tasks if t.role in ("vpc", "security_baseline") and not t.task.startswith("Validating arguments")] == []


def test_auth_token_rotation_rotate_then_set(stack: Stack) -> None:
    before = _group(stack).get("AuthTokenLastModifiedDate")
    old_token = _secret_values(stack)[1]
    rotate = stack.converge(tags=["elasticache"], extravars={"elasticache_auth_token_rotation": "rotate"}, verbosity=3)
    assert rotate.ok, rotate.failures
    new_token = _secret_values(stack)[1]
    assert new_token != old_token
    assert [c for c in rotate.calls.mutating if c.startswith("elasticache:")] == ["elasticache:ModifyReplicationGroup"]
    set_run = stack.converge(tags=["elasticache"], extravars={"elasticache_auth_token_rotation": "set"}, verbosity=3)
    assert set_run.ok, set_run.failures
    assert _secret_values(stack)[1] == new_token
    assert _group(stack)["AuthTokenEnabled"] and _group(stack).get("AuthTokenLastModifiedDate") != before
    for run in (rotate, set_run):
        assert old_token not in run.stdout and new_token not in run.stdout


def test_teardown_without_data_loss_keeps_final_snapshots(stack: Stack) -> None:
    run = stack.teardown(tags=["rds", "elasticache"], extravars={"webstack_allow_data_loss": False})
    assert run.ok, run.failures
    assert stack.aws("rds").describe_db_instances()["DBInstances"] == []
    [snapshot] = stack.aws("rds").describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]
    assert snapshot["DBSnapshotIdentifier"].startswith(f"{DB}-final-") and snapshot["Encrypted"]
    cache_snapshots = stack.aws("elasticache").describe_snapshots(SnapshotSource="manual")["Snapshots"]
    assert [s["SnapshotName"].startswith(f"{CACHE}-final-") for s in cache_snapshots] == [True]
    kept = sorted(r for r in tagged_resources(stack.emulator, STACK, ENVIRONMENT) if r.startswith(("rds:", "elasticache:")))
    assert kept == [f"rds:snapshot/{snapshot['DBSnapshotIdentifier']}"]


def test_a_second_teardown_finds_nothing_to_delete(stack: Stack) -> None:
    run = stack.teardown(tags=["rds", "elasticache"], extravars={"webstack_allow_data_loss": False})
    assert run.ok, run.failures
    assert run.calls.mutating == []
    assert len(stack.aws("rds").describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]) == 1


AURORA = {"rds_engine": "aurora-postgresql", "rds_engine_version": "16.4", "rds_aurora_serverless": True, "rds_aurora_instances": 2}


def test_aurora_serverless_writer_and_reader_behind_the_proxy(stack: Stack) -> None:
    run = stack.converge(tags=["rds"], extravars=AURORA)
    assert run.ok, run.failures
    rds = stack.aws("rds")
    [cluster] = rds.describe_db_clusters(DBClusterIdentifier=DB)["DBClusters"]
    key = stack.aws("kms").describe_key(KeyId=f"alias/{NAME}-database")["KeyMetadata"]["Arn"]
    assert (cluster["Engine"], cluster["StorageEncrypted"], cluster["KmsKeyId"]) == ("aurora-postgresql", True, key)
    assert cluster["ServerlessV2ScalingConfiguration"] == {"MinCapacity": 0.5, "MaxCapacity": 4.0}
    assert cluster["MasterUserSecret"]["KmsKeyId"] == key
    members = {m["DBInstanceIdentifier"]: m["IsClusterWriter"] for m in cluster["DBClusterMembers"]}
    assert sorted(members) == [f"{DB}-1", f"{DB}-2"] and sorted(members.values()) == [False, True]
    assert {i["DBInstanceClass"] for i in rds.describe_db_instances(Filters=[{"Name": "db-cluster-id", "Values": [DB]}])["DBInstances"]} == {"db.serverless"}
    endpoints = rds.describe_db_proxy_endpoints(DBProxyName=PROXY)["DBProxyEndpoints"]
    assert sorted((e["DBProxyEndpointName"], e["TargetRole"]) for e in endpoints if not e.get("IsDefault")) == [(f"{PROXY}-read-only", "READ_ONLY")]
    assert stack.converge(tags=["rds"], extravars=AURORA).calls.mutating == []


def test_aurora_teardown_keeps_a_final_cluster_snapshot_unless_data_loss_is_allowed(stack: Stack) -> None:
    run = stack.teardown(tags=["rds"], extravars={**AURORA, "webstack_allow_data_loss": False})
    assert run.ok, run.failures
    rds = stack.aws("rds")
    assert rds.describe_db_clusters()["DBClusters"] == []
    [snapshot] = rds.describe_db_cluster_snapshots(SnapshotType="manual")["DBClusterSnapshots"]
    assert snapshot["DBClusterSnapshotIdentifier"].startswith(f"{DB}-final-")
    run = stack.teardown(tags=["rds"], extravars=AURORA)
    assert run.ok, run.failures
    assert rds.describe_db_cluster_snapshots(SnapshotType="manual")["DBClusterSnapshots"] == []
