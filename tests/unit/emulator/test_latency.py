"""Provisioning latency (webstack_emulator.latency): slow resources show AWS's intermediate states for a set time.

The first half drives the mechanism in-process on a clock the test turns (lifecycle.phases) and
the profile settings (latency). The second half goes through the emulator with boto3 clients and
waiters, as the collection's modules meet it: each phase is scaled to about PHASE_SECONDS, the
create answer shows the intermediate state, and the final state appears no sooner than the phase ends.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from botocore.exceptions import ClientError
from webstack_emulator import latency
from webstack_emulator.lifecycle.phases import LIFECYCLE
from webstack_emulator.lifecycle.phases import Lifecycle
from webstack_emulator.lifecycle.phases import TimedDict
from webstack_emulator.lifecycle.phases import timed

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.acm import write_validation_records

PHASE_SECONDS = 1.0  # how long each phase under test lasts through the emulator
WAITER = {"Delay": 1, "MaxAttempts": 20}


class Clock:
    """A clock the test turns."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now

    def turn(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    """LIFECYCLE on a test clock with the aws-scaled profile at scale 1; back to none and empty afterwards."""
    turned = Clock()
    monkeypatch.setattr(LIFECYCLE, "clock", turned)
    latency.configure("aws-scaled", 1.0)
    yield turned
    latency.configure()
    latency.reset()


class Gateway:
    def __init__(self, state: str) -> None:
        self.state = state


class Managed:
    """A state behind a property, as moto's DBCluster and ManagedState keep it."""

    def __init__(self) -> None:
        self._status = "creating"

    @property
    def status(self) -> str:
        return self._status.upper()

    @status.setter
    def status(self, value: str) -> None:
        self._status = value


timed(Gateway, "state")
timed(Managed, "status")


# --- the mechanism, on a test clock -----------------------------------------------------


def test_a_phase_shows_its_state_until_its_time_is_up(clock: Clock) -> None:
    gateway = Gateway("available")
    LIFECYCLE.start(gateway, "nat_gateway", "create", "nat-1", {"state": "pending"})
    clock.turn(119.9)
    assert gateway.state == "pending"
    clock.turn(0.2)
    assert gateway.state == "available"


def test_what_moto_sets_during_a_phase_is_stored_behind_it(clock: Clock) -> None:
    gateway = Gateway("available")
    LIFECYCLE.start(gateway, "nat_gateway", "create", "nat-1", {"state": "pending"})
    gateway.state = "failed"
    assert gateway.state == "pending"
    clock.turn(120)
    assert gateway.state == "failed"


def test_final_values_are_stored_when_the_phase_starts(clock: Clock) -> None:
    gateway = Gateway("provisioning")
    LIFECYCLE.start(gateway, "load_balancer", "create", "lb", {"state": "provisioning"}, {"state": "active"})
    assert vars(gateway)["state"] == "active"
    assert gateway.state == "provisioning"
    clock.turn(180)
    assert gateway.state == "active"


def test_a_property_stays_behind_the_phase(clock: Clock) -> None:
    managed = Managed()
    LIFECYCLE.start(managed, "rds_cluster", "create", "db", {"status": "creating"}, {"status": "available"})
    assert managed.status == "creating"
    clock.turn(600)
    assert managed.status == "AVAILABLE"


def test_a_timed_attribute_never_set_is_missing() -> None:
    gateway = Gateway.__new__(Gateway)
    assert not hasattr(gateway, "state")


def test_timing_an_attribute_twice_keeps_one_descriptor() -> None:
    descriptor = vars(Gateway)["state"]
    timed(Gateway, "state")
    assert vars(Gateway)["state"] is descriptor


def test_a_dict_item_shows_the_phase(clock: Clock) -> None:
    deployment = TimedDict(rolloutState="IN_PROGRESS", id="ecs-svc/1")
    LIFECYCLE.start(deployment, "ecs_deployment", "create", "ecs-svc/1", {"rolloutState": "IN_PROGRESS"}, {"rolloutState": "COMPLETED"})
    assert (deployment["rolloutState"], deployment.get("rolloutState"), deployment.get("missing", 7)) == ("IN_PROGRESS", "IN_PROGRESS", 7)
    clock.turn(180)
    assert deployment["rolloutState"] == "COMPLETED"


def test_without_a_profile_nothing_starts_or_changes(clock: Clock) -> None:
    latency.configure("none")
    gateway = Gateway("provisioning")
    assert LIFECYCLE.start(gateway, "load_balancer", "create", "lb", {"state": "provisioning"}, {"state": "active"}) is None
    assert gateway.state == "provisioning"
    assert latency.report()["resources"] == []


def test_a_phase_keeps_the_duration_it_started_with(clock: Clock) -> None:
    gateway = Gateway("available")
    LIFECYCLE.start(gateway, "nat_gateway", "create", "nat-1", {"state": "pending"})
    latency.configure("aws-scaled", 0.01)
    clock.turn(2)
    assert gateway.state == "pending"


def test_a_named_duration_replaces_the_phase_name(clock: Clock) -> None:
    phase = LIFECYCLE.start(Gateway("available"), "rds_instance", "create", "db", {"state": "creating"}, duration="create_multi_az")
    assert phase is not None
    assert (phase.name, phase.seconds) == ("create", 900)


def test_ended_tells_a_finished_phase_by_name(clock: Clock) -> None:
    gateway = Gateway("deleted")
    LIFECYCLE.start(gateway, "nat_gateway", "delete", "nat-1", {"state": "deleting"})
    assert not LIFECYCLE.ended(gateway, "delete")
    clock.turn(60)
    assert LIFECYCLE.ended(gateway, "delete")
    assert not LIFECYCLE.ended(gateway, "create")
    assert not LIFECYCLE.ended(Gateway("available"), "delete")


def test_a_lifecycle_records_each_phase_it_started() -> None:
    lifecycle = Lifecycle(clock=lambda: 42.0)
    lifecycle.configure({"nat_gateway": {"create": 1.5}})
    lifecycle.start(Gateway("available"), "nat_gateway", "create", "nat-1", {"state": "pending"})
    lifecycle.start(Gateway("available"), "load_balancer", "create", "lb", {"state": "provisioning"})
    assert lifecycle.started() == [{"kind": "nat_gateway", "id": "nat-1", "phase": "create", "seconds": 1.5, "started": 42.0}]
    lifecycle.forget()
    assert lifecycle.started() == []


# --- the profile ----------------------------------------------------------------------------


def test_aws_scaled_multiplies_every_duration_by_the_scale(clock: Clock) -> None:
    latency.configure("aws-scaled", 0.002)
    durations = latency.report()["durations"]
    assert durations["nat_gateway"] == {"create": pytest.approx(0.24), "delete": pytest.approx(0.12)}
    assert durations["rds_instance"]["create_multi_az"] == pytest.approx(1.8)
    assert set(durations) == set(latency.AWS_SECONDS)


def test_profile_none_has_no_duration(clock: Clock) -> None:
    latency.configure("none", 5)
    report = latency.report()
    assert (report["profile"], report["scale"]) == ("none", 5.0)
    assert {seconds for phases in report["durations"].values() for seconds in phases.values()} == {0}


@pytest.mark.parametrize("settings", [{"profile": "aws"}, {"scale": -1}, {"scale": float("nan")}, {"scale": "fast"}, {"scale": True}])
def test_configure_rejects_bad_settings(clock: Clock, settings: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        latency.configure(**settings)
    assert latency.report()["profile"] == "aws-scaled"


# --- through the emulator ---------------------------------------------------------------


@dataclass
class Slow:
    """A slow resource just created: its ID (or name), the state its create answer gave, and a describe of its state."""

    id: str
    created: str
    read: Callable[[], str]


def public_subnets(aws: Emulator) -> list[str]:
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    zones = [zone["ZoneName"] for zone in ec2.describe_availability_zones()["AvailabilityZones"][:2]]
    return [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.30.{n}.0/24", AvailabilityZone=zone)["Subnet"]["SubnetId"] for n, zone in enumerate(zones)]


def nat_gateway(aws: Emulator) -> Slow:
    ec2 = aws.client("ec2")
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=public_subnets(aws)[0], AllocationId=allocation)["NatGateway"]
    return Slow(nat["NatGatewayId"], nat["State"], lambda: ec2.describe_nat_gateways(NatGatewayIds=[nat["NatGatewayId"]])["NatGateways"][0]["State"])


def load_balancer(aws: Emulator) -> Slow:
    elbv2 = aws.client("elbv2")
    balancer = elbv2.create_load_balancer(Name="web", Subnets=public_subnets(aws), Type="application")["LoadBalancers"][0]
    return Slow("web", balancer["State"]["Code"], lambda: elbv2.describe_load_balancers(Names=["web"])["LoadBalancers"][0]["State"]["Code"])


def database(aws: Emulator, identifier: str = "db", multi_az: bool = False) -> Slow:
    rds = aws.client("rds")
    created = rds.create_db_instance(
        DBInstanceIdentifier=identifier,
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="admin",
        MasterUserPassword="secret-password",
        AllocatedStorage=20,
        MultiAZ=multi_az,
    )["DBInstance"]
    return Slow(
        identifier, created["DBInstanceStatus"], lambda: rds.describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"][0]["DBInstanceStatus"]
    )


def db_cluster(aws: Emulator) -> Slow:
    rds = aws.client("rds")
    created = rds.create_db_cluster(DBClusterIdentifier="aurora", Engine="aurora-postgresql", MasterUsername="admin", MasterUserPassword="secret-password")
    return Slow("aurora", created["DBCluster"]["Status"], lambda: rds.describe_db_clusters(DBClusterIdentifier="aurora")["DBClusters"][0]["Status"])


def db_proxy(aws: Emulator) -> Slow:
    rds = aws.client("rds")
    created = rds.create_db_proxy(
        DBProxyName="proxy",
        EngineFamily="POSTGRESQL",
        Auth=[{"AuthScheme": "SECRETS", "SecretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db", "IAMAuth": "DISABLED"}],
        RoleArn="arn:aws:iam::123456789012:role/proxy",
        VpcSubnetIds=public_subnets(aws),
    )
    return Slow("proxy", created["DBProxy"]["Status"], lambda: rds.describe_db_proxies(DBProxyName="proxy")["DBProxies"][0]["Status"])


def replication_group(aws: Emulator) -> Slow:
    elasticache = aws.client("elasticache")
    created = elasticache.create_replication_group(ReplicationGroupId="cache", ReplicationGroupDescription="cache", CacheNodeType="cache.t3.micro")
    return Slow(
        "cache",
        created["ReplicationGroup"]["Status"],
        lambda: elasticache.describe_replication_groups(ReplicationGroupId="cache")["ReplicationGroups"][0]["Status"],
    )


def distribution(aws: Emulator, caller_reference: str = "site") -> Slow:
    cloudfront = aws.client("cloudfront")
    origin = {"Id": "site", "DomainName": "site.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
    behavior = {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https", "MinTTL": 0}
    behavior["ForwardedValues"] = {"QueryString": False, "Cookies": {"Forward": "none"}}
    config = {
        "CallerReference": caller_reference,
        "Comment": "",
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": behavior,
    }
    created = cloudfront.create_distribution(DistributionConfig=config)["Distribution"]
    return Slow(created["Id"], created["Status"], lambda: cloudfront.get_distribution(Id=created["Id"])["Distribution"]["Status"])


def invalidation(aws: Emulator) -> Slow:
    cloudfront = aws.client("cloudfront")
    cdn = distribution(aws, "invalidated")
    batch = {"Paths": {"Quantity": 1, "Items": ["/index.html"]}, "CallerReference": "publish-1"}
    created = cloudfront.create_invalidation(DistributionId=cdn.id, InvalidationBatch=batch)["Invalidation"]
    return Slow(created["Id"], created["Status"], lambda: cloudfront.get_invalidation(DistributionId=cdn.id, Id=created["Id"])["Invalidation"]["Status"])


def certificate(aws: Emulator) -> Slow:
    """A DNS-validated certificate with its validation records in Route 53: its phase starts on the first read that finds them."""
    acm = aws.client("acm")
    arn = acm.request_certificate(DomainName="www.example.com", ValidationMethod="DNS")["CertificateArn"]
    write_validation_records(aws, arn)

    def read() -> str:
        return acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"]

    return Slow(arn, read(), read)  # RequestCertificate answers the ARN only


def ecs_service(aws: Emulator, desired: int = 2) -> Slow:
    ecs = aws.client("ecs")
    ecs.create_cluster(clusterName="web")
    ecs.register_task_definition(family="web", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}])
    created = ecs.create_service(cluster="web", serviceName="web", taskDefinition="web", desiredCount=desired)["service"]
    return Slow("web", created["deployments"][0]["rolloutState"], lambda: web_service(aws)["deployments"][0]["rolloutState"])


def web_service(aws: Emulator) -> dict[str, Any]:
    return aws.client("ecs").describe_services(cluster="web", services=["web"])["services"][0]


MAKERS: dict[str, Callable[[Emulator], Slow]] = {
    "nat_gateway": nat_gateway,
    "load_balancer": load_balancer,
    "rds_instance": database,
    "rds_cluster": db_cluster,
    "rds_proxy": db_proxy,
    "elasticache_replication_group": replication_group,
    "cloudfront_distribution": distribution,
    "cloudfront_invalidation": invalidation,
    "acm_certificate": certificate,
    "ecs_deployment": ecs_service,
}
# kind: (the state while it is created, the state after)
CREATE_STATES = {
    "nat_gateway": ("pending", "available"),
    "load_balancer": ("provisioning", "active"),
    "rds_instance": ("creating", "available"),
    "rds_cluster": ("creating", "available"),
    "rds_proxy": ("creating", "available"),
    "elasticache_replication_group": ("creating", "available"),
    "cloudfront_distribution": ("InProgress", "Deployed"),
    "cloudfront_invalidation": ("InProgress", "Completed"),
    "acm_certificate": ("PENDING_VALIDATION", "ISSUED"),
    "ecs_deployment": ("IN_PROGRESS", "COMPLETED"),
}
# What the second describe answers without a profile: the final state at once (the server sets
# MOTO_ACM_VALIDATION_WAIT=0; extensions/ecs.py rolls an ECS deployment out at once).
UNDER_PROFILE_NONE = {kind: states[1] for kind, states in CREATE_STATES.items()}


@pytest.fixture(scope="module", autouse=True)
def warm(emulator: Emulator) -> None:
    """Make and read every slow kind once, so that no first answer (moto loads models lazily) eats into a phase."""
    emulator.reset()
    for make in MAKERS.values():
        slow = make(emulator)
        slow.read()
        slow.read()
    emulator.reset()


@pytest.fixture
def aws(aws: Emulator) -> Emulator:
    """The emulator, emptied, and past moto's slow start after a reset.

    With AWS managed policies loaded, moto rebuilds IAM for every partition lazily over the first
    two calls after a reset (about a second), which would eat into the first phase.
    """
    sts = aws.client("sts")
    sts.get_caller_identity()
    sts.get_caller_identity()
    return aws


def scaled(aws: Emulator, kind: str, phase: str = "create") -> float:
    """Choose aws-scaled with the scale that gives this phase PHASE_SECONDS; its seconds."""
    aws.latency("aws-scaled", PHASE_SECONDS / latency.AWS_SECONDS[kind][phase])
    return PHASE_SECONDS


def wait_for(read: Callable[[], Any], final: Any, since: float, seconds: float, timeout: float = 20) -> None:
    """Poll read() until it answers final, which must not come before the phase that started after `since` ends."""
    deadline = time.monotonic() + timeout
    while (value := read()) != final:
        assert time.monotonic() < deadline, f"still {value!r}, expected {final!r}"
        time.sleep(0.1)
    assert_lasted(since, seconds)


def assert_lasted(since: float, seconds: float) -> None:
    assert time.monotonic() - since >= seconds - 0.05  # the server's and the test's clocks may differ by a hair


@pytest.mark.parametrize("kind", CREATE_STATES)
def test_a_slow_resource_shows_its_creating_state_then_its_final_one(aws: Emulator, kind: str) -> None:
    intermediate, final = CREATE_STATES[kind]
    seconds = scaled(aws, kind)
    since = time.monotonic()
    slow = MAKERS[kind](aws)
    assert (slow.created, slow.read()) == (intermediate, intermediate)
    wait_for(slow.read, final, since, seconds)


def test_profile_none_keeps_motos_answers(aws: Emulator) -> None:
    assert {kind: make(aws).read() for kind, make in MAKERS.items()} == UNDER_PROFILE_NONE
    aws.client("rds").delete_db_instance(DBInstanceIdentifier="db", SkipFinalSnapshot=True)
    assert aws.client("rds").describe_db_instances()["DBInstances"] == []
    assert aws.slow_resources() == []


def test_boto3_waiters_wait_out_the_phases(aws: Emulator) -> None:
    seconds = scaled(aws, "rds_instance")  # the NAT gateway, distribution and deployment phases are shorter at this scale
    since = time.monotonic()
    nat, db, cdn = nat_gateway(aws), database(aws), distribution(aws)
    ecs_service(aws, desired=2)
    aws.client("ec2").get_waiter("nat_gateway_available").wait(NatGatewayIds=[nat.id], WaiterConfig=WAITER)
    aws.client("cloudfront").get_waiter("distribution_deployed").wait(Id=cdn.id, WaiterConfig=WAITER)
    aws.client("ecs").get_waiter("services_stable").wait(cluster="web", services=["web"], WaiterConfig=WAITER)
    aws.client("rds").get_waiter("db_instance_available").wait(DBInstanceIdentifier=db.id, WaiterConfig=WAITER)
    assert_lasted(since, seconds)


def test_an_ecs_service_runs_its_tasks_only_once_the_deployment_completes(aws: Emulator) -> None:
    seconds = scaled(aws, "ecs_deployment")
    since = time.monotonic()
    ecs_service(aws, desired=3)
    rolling = web_service(aws)
    assert (rolling["runningCount"], rolling["pendingCount"], rolling["deployments"][0]["runningCount"]) == (0, 3, 0)
    wait_for(lambda: web_service(aws)["deployments"][0]["rolloutState"], "COMPLETED", since, seconds)
    steady = web_service(aws)
    assert (steady["runningCount"], steady["pendingCount"], steady["deployments"][0]["runningCount"]) == (3, 0, 3)
    assert steady["deployments"][0]["rolloutStateReason"].endswith("completed.")


def test_a_forced_ecs_deployment_is_a_new_rollout_and_scaling_is_not(aws: Emulator) -> None:
    seconds = scaled(aws, "ecs_deployment")
    ecs_service(aws)
    first = web_service(aws)["deployments"][0]["id"]
    aws.client("ecs").update_service(cluster="web", service="web", desiredCount=4)
    since = time.monotonic()
    deployment = aws.client("ecs").update_service(cluster="web", service="web", forceNewDeployment=True)["service"]["deployments"][0]
    assert (deployment["rolloutState"], deployment["id"] != first) == ("IN_PROGRESS", True)
    wait_for(lambda: web_service(aws)["deployments"][0]["rolloutState"], "COMPLETED", since, seconds)
    assert [resource["id"] for resource in aws.slow_resources()] == [first, deployment["id"]]


def test_nat_gateway_filters_see_the_phase(aws: Emulator) -> None:
    scaled(aws, "nat_gateway")
    nat = nat_gateway(aws)
    pending = aws.client("ec2").describe_nat_gateways(Filters=[{"Name": "state", "Values": ["pending"]}])["NatGateways"]
    assert [gateway["NatGatewayId"] for gateway in pending] == [nat.id]


def test_nat_gateway_is_deleting_then_deleted(aws: Emulator) -> None:
    nat = nat_gateway(aws)
    seconds = scaled(aws, "nat_gateway", "delete")
    since = time.monotonic()
    aws.client("ec2").delete_nat_gateway(NatGatewayId=nat.id)
    assert nat.read() == "deleting"
    wait_for(nat.read, "deleted", since, seconds)


def test_a_multi_az_db_instance_takes_longer(aws: Emulator) -> None:
    scaled(aws, "rds_instance")
    database(aws, "single")
    database(aws, "multi", multi_az=True)
    seconds = {resource["id"]: resource["seconds"] for resource in aws.slow_resources()}
    assert seconds["multi"] == pytest.approx(seconds["single"] * 1.5)


def test_a_db_instance_modified_immediately_is_modifying(aws: Emulator) -> None:
    rds = aws.client("rds")
    db = database(aws)
    seconds = scaled(aws, "rds_instance", "modify")
    rds.modify_db_instance(DBInstanceIdentifier="db", BackupRetentionPeriod=3)
    assert db.read() == "available"  # AWS applies it in the maintenance window
    since = time.monotonic()
    modified = rds.modify_db_instance(DBInstanceIdentifier="db", BackupRetentionPeriod=5, ApplyImmediately=True)["DBInstance"]
    assert (modified["DBInstanceStatus"], db.read()) == ("modifying", "modifying")
    wait_for(db.read, "available", since, seconds)


def test_a_deleted_db_instance_is_deleting_until_it_is_gone(aws: Emulator) -> None:
    rds = aws.client("rds")
    db = database(aws)
    seconds = scaled(aws, "rds_instance", "delete")
    since = time.monotonic()
    assert rds.delete_db_instance(DBInstanceIdentifier="db", SkipFinalSnapshot=True)["DBInstance"]["DBInstanceStatus"] == "deleting"
    assert db.read() == "deleting"
    assert [found["DBInstanceIdentifier"] for found in rds.describe_db_instances()["DBInstances"]] == ["db"]
    assert rds.describe_db_instances(Filters=[{"Name": "db-instance-id", "Values": ["db"]}])["DBInstances"][0]["DBInstanceStatus"] == "deleting"
    assert rds.describe_db_instances(Filters=[{"Name": "engine", "Values": ["mysql"]}])["DBInstances"] == []
    with pytest.raises(ClientError, match="DBInstanceAlreadyExists"):
        database(aws)
    rds.get_waiter("db_instance_deleted").wait(DBInstanceIdentifier="db", WaiterConfig=WAITER)
    assert_lasted(since, seconds)
    assert rds.describe_db_instances()["DBInstances"] == []


def test_a_deleted_replication_group_is_deleting_until_it_is_gone(aws: Emulator) -> None:
    group = replication_group(aws)
    seconds = scaled(aws, "elasticache_replication_group", "delete")
    since = time.monotonic()
    aws.client("elasticache").delete_replication_group(ReplicationGroupId=group.id)
    assert group.read() == "deleting"
    with pytest.raises(ClientError, match="ReplicationGroupNotFound"):
        wait_for(group.read, "gone", since, seconds)
    assert_lasted(since, seconds)


def test_a_modified_replication_group_is_modifying(aws: Emulator) -> None:
    group = replication_group(aws)
    seconds = scaled(aws, "elasticache_replication_group", "modify")
    since = time.monotonic()
    aws.client("elasticache").modify_replication_group(ReplicationGroupId=group.id, SnapshotRetentionLimit=3)
    assert group.read() == "modifying"
    wait_for(group.read, "available", since, seconds)


def test_a_distribution_counts_its_invalidations_in_progress(aws: Emulator) -> None:
    cloudfront = aws.client("cloudfront")
    seconds = scaled(aws, "cloudfront_invalidation")
    since = time.monotonic()
    running = invalidation(aws)
    [distribution_id] = [item["Id"] for item in cloudfront.list_distributions()["DistributionList"]["Items"]]
    assert cloudfront.get_distribution(Id=distribution_id)["Distribution"]["InProgressInvalidationBatches"] == 1
    cloudfront.get_waiter("invalidation_completed").wait(DistributionId=distribution_id, Id=running.id, WaiterConfig=WAITER)
    assert_lasted(since, seconds)
    assert cloudfront.get_distribution(Id=distribution_id)["Distribution"]["InProgressInvalidationBatches"] == 0


def test_an_updated_distribution_is_in_progress_again(aws: Emulator) -> None:
    cloudfront = aws.client("cloudfront")
    cdn = distribution(aws)
    seconds = scaled(aws, "cloudfront_distribution", "update")
    answer = cloudfront.get_distribution_config(Id=cdn.id)
    since = time.monotonic()
    config = {**answer["DistributionConfig"], "Comment": "updated"}
    updated = cloudfront.update_distribution(Id=cdn.id, IfMatch=answer["ETag"], DistributionConfig=config)["Distribution"]
    assert (updated["Status"], cdn.read()) == ("InProgress", "InProgress")
    wait_for(cdn.read, "Deployed", since, seconds)


def test_a_distribution_is_deleted_only_once_disabled_and_deployed(aws: Emulator) -> None:
    cloudfront = aws.client("cloudfront")
    cdn = distribution(aws)
    seconds = scaled(aws, "cloudfront_distribution", "update")
    answer = cloudfront.get_distribution_config(Id=cdn.id)
    with pytest.raises(ClientError) as enabled:
        cloudfront.delete_distribution(Id=cdn.id, IfMatch=answer["ETag"])
    since = time.monotonic()
    disabled = cloudfront.update_distribution(Id=cdn.id, IfMatch=answer["ETag"], DistributionConfig={**answer["DistributionConfig"], "Enabled": False})
    with pytest.raises(ClientError) as deploying:
        cloudfront.delete_distribution(Id=cdn.id, IfMatch=disabled["ETag"])
    for refused in (enabled, deploying):
        assert (refused.value.response["Error"]["Code"], refused.value.response["ResponseMetadata"]["HTTPStatusCode"]) == ("DistributionNotDisabled", 409)
    wait_for(cdn.read, "Deployed", since, seconds)

    cloudfront.delete_distribution(Id=cdn.id, IfMatch=disabled["ETag"])

    assert "Items" not in cloudfront.list_distributions()["DistributionList"]


def test_a_certificate_phase_starts_once_its_validation_records_are_found(aws: Emulator) -> None:
    seconds = scaled(aws, "acm_certificate")
    acm = aws.client("acm")
    arn = acm.request_certificate(DomainName="www.example.com", ValidationMethod="DNS")["CertificateArn"]

    def read() -> str:
        return acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"]

    time.sleep(seconds)  # as long as the phase: without the records nothing has started
    assert (read(), aws.slow_resources()) == ("PENDING_VALIDATION", [])
    since = time.monotonic()
    write_validation_records(aws, arn)
    assert read() == "PENDING_VALIDATION"
    assert [(resource["kind"], resource["id"]) for resource in aws.slow_resources()] == [("acm_certificate", arn)]
    wait_for(read, "ISSUED", since, seconds)


def test_a_new_profile_changes_only_what_starts_afterwards(aws: Emulator) -> None:
    aws.latency("aws-scaled", 1.0)
    slow = nat_gateway(aws)
    aws.latency("none")
    quick = nat_gateway(aws)
    assert (slow.read(), quick.read()) == ("pending", "available")


def test_the_report_lists_each_slow_resource(aws: Emulator) -> None:
    scaled(aws, "nat_gateway")
    before = time.time()
    nat = nat_gateway(aws)
    aws.latency("aws-scaled", 0.5)
    db = database(aws)
    after = time.time()
    resources = aws.slow_resources()
    assert [(r["kind"], r["id"], r["phase"], r["seconds"]) for r in resources] == [
        ("nat_gateway", nat.id, "create", pytest.approx(PHASE_SECONDS)),
        ("rds_instance", db.id, "create", pytest.approx(300)),
    ]
    assert before <= resources[0]["started"] <= resources[1]["started"] <= after


def test_reset_forgets_the_slow_resources_and_the_profile(aws: Emulator) -> None:
    scaled(aws, "nat_gateway")
    nat_gateway(aws)
    aws.reset()
    status, report = latency_endpoint(aws)
    assert (status, report["profile"], report["resources"]) == (200, "none", [])
    assert nat_gateway(aws).read() == "available"


def latency_endpoint(aws: Emulator, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
    """GET /_webstack/latency, or POST it the body: the status and the JSON answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{aws.url}/_webstack/latency", data=data, method="GET" if body is None else "POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_the_latency_endpoint_answers_the_settings_and_refuses_bad_ones(aws: Emulator) -> None:
    status, report = latency_endpoint(aws, {"profile": "aws-scaled", "scale": 0.5})
    assert (status, report["profile"], report["scale"], report["durations"]["nat_gateway"]["create"]) == (200, "aws-scaled", 0.5, 60)
    for bad in ({"profile": "aws-fast"}, {"profile": "none", "scale": -0.5}, {"speed": 2}):
        status, answer = latency_endpoint(aws, bad)
        assert (status, bool(answer["error"])) == (400, True)
    assert latency_endpoint(aws)[1]["profile"] == "aws-scaled"
