"""ecs_cluster, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import ecs_cluster as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "webstack-test-app"
EXEC_LOGGED = {
    "kms_key_id": "alias/ecs-exec",
    "logging": "OVERRIDE",
    "log_configuration": {"cloud_watch_log_group_name": "/webstack/ecs-exec", "cloud_watch_encryption_enabled": True},
}
SPOT_MOSTLY = [{"capacity_provider": "FARGATE", "weight": 1, "base": 1}, {"capacity_provider": "FARGATE_SPOT", "weight": 3}]


def params(**overrides: Any) -> dict[str, Any]:
    """The module's params as AnsibleModule fills them in (defaults included)."""
    base = {
        "name": NAME,
        "state": "present",
        "container_insights": "enabled",
        "execute_command_configuration": None,
        "capacity_providers": None,
        "default_capacity_provider_strategy": None,
        "tags": None,
        "purge_tags": True,
        "wait": True,
        "wait_timeout": 300,
    }
    return {**base, **overrides}


def strategy(*items: tuple[str, int, int]) -> list[dict[str, Any]]:
    return [{"capacity_provider": name, "weight": weight, "base": base} for name, weight, base in items]


@dataclass
class World:
    aws: Emulator

    @property
    def ecs(self) -> Any:
        return self.aws.client("ecs")

    def cluster(self, args: dict[str, Any] | None = None, check_mode: bool = False) -> Result:
        return run(module.main, self.aws, {"name": NAME, **(args or {})}, check_mode)

    def read(self) -> dict[str, Any]:
        return self.ecs.describe_clusters(clusters=[NAME], include=["SETTINGS", "CONFIGURATIONS", "TAGS"])["clusters"][0]

    def clusters(self) -> list[str]:
        return self.ecs.list_clusters()["clusterArns"]

    def service(self, name: str = "web") -> None:
        """A service in the cluster, made behind the module's back."""
        self.ecs.register_task_definition(family="web", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}])
        self.ecs.create_service(cluster=NAME, serviceName=name, taskDefinition="web", desiredCount=1)


@pytest.fixture
def world(aws: Emulator) -> World:
    aws.clear_calls()
    return World(aws)


def insights(cluster: dict[str, Any]) -> str:
    return {s["name"]: s["value"] for s in cluster["settings"]}["containerInsights"]


# Pure rules


@pytest.mark.parametrize(
    ("overrides", "option", "problem"),
    [
        ({"name": "bad name"}, "name", "letters, digits"),
        ({"name": "x" * 256}, "name", "1 to 255"),
        ({"wait_timeout": -1}, "wait_timeout", "0 or more"),
        ({"default_capacity_provider_strategy": strategy(("FARGATE", 1001, 0))}, "default_capacity_provider_strategy[0].weight", "0 and 1000"),
        ({"default_capacity_provider_strategy": strategy(("FARGATE", -1, 0))}, "default_capacity_provider_strategy[0].weight", "0 and 1000"),
        ({"default_capacity_provider_strategy": strategy(("FARGATE", 1, 100001))}, "default_capacity_provider_strategy[0].base", "0 and 100000"),
        (
            {"default_capacity_provider_strategy": strategy(("FARGATE", 1, 1), ("FARGATE_SPOT", 1, 2))},
            "default_capacity_provider_strategy",
            "only one capacity provider may have a base",
        ),
        (
            {"default_capacity_provider_strategy": strategy(("FARGATE", 1, 0), ("FARGATE", 2, 0))},
            "default_capacity_provider_strategy",
            "FARGATE more than once",
        ),
        (
            {"capacity_providers": ["FARGATE"], "default_capacity_provider_strategy": strategy(("FARGATE_SPOT", 1, 0))},
            "default_capacity_provider_strategy",
            "FARGATE_SPOT, which is not in capacity_providers",
        ),
        (
            {"execute_command_configuration": {"kms_key_id": None, "logging": "OVERRIDE", "log_configuration": None}},
            "execute_command_configuration.log_configuration",
            "required with execute_command_configuration.logging=OVERRIDE",
        ),
        (
            {"execute_command_configuration": {"kms_key_id": None, "logging": "NONE", "log_configuration": {"s3_bucket_name": "b"}}},
            "execute_command_configuration.log_configuration",
            "only with logging=OVERRIDE",
        ),
    ],
)
def test_validate_params_names_the_option_and_what_is_wrong(overrides: dict[str, Any], option: str, problem: str) -> None:
    [error] = module.validate_params(params(**overrides))
    assert error.startswith(option)
    assert problem in error


def test_validate_params_accepts_a_good_strategy() -> None:
    good = params(capacity_providers=["FARGATE", "FARGATE_SPOT"], default_capacity_provider_strategy=strategy(("FARGATE", 1, 1), ("FARGATE_SPOT", 3, 0)))
    assert module.validate_params(good) == []


def test_absent_does_not_validate_the_settings() -> None:
    bad = params(state="absent", default_capacity_provider_strategy=strategy(("FARGATE", 5000, 0)))
    assert module.validate_params(bad) == []


def test_a_cluster_without_configuration_logs_as_default() -> None:
    cluster = {"clusterName": NAME, "settings": [{"name": "containerInsights", "value": "enabled"}]}
    after = module.desired_settings(
        module.settings_of(cluster), params(execute_command_configuration={"kms_key_id": None, "logging": "DEFAULT", "log_configuration": None})
    )
    assert module.settings_of(cluster) == after


def test_update_params_send_only_what_differs() -> None:
    current = module.settings_of({"clusterName": NAME, "settings": [{"name": "containerInsights", "value": "enabled"}]})
    assert module.update_params(current, dict(current)) == {}
    assert module.update_params(current, dict(current, container_insights="enhanced")) == {
        "cluster": NAME,
        "settings": [{"name": "containerInsights", "value": "enhanced"}],
    }


def test_a_strategy_read_without_base_compares_equal_to_base_zero() -> None:
    cluster = {"clusterName": NAME, "capacityProviders": ["FARGATE"], "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]}
    current = module.settings_of(cluster)
    after = module.desired_settings(current, params(capacity_providers=["FARGATE"], default_capacity_provider_strategy=strategy(("FARGATE", 1, 0))))
    assert module.capacity_params(current, after) == {}


def test_busy_message_names_services_and_instances() -> None:
    message = module.busy_message(NAME, ["api", "web"], ["i-1"])
    assert "active services api, web" in message and "container instances i-1" in message
    assert module.busy_message(NAME, [], []) == ""


# Create


def test_create_makes_the_cluster_with_every_setting(world: World) -> None:
    args = {
        "container_insights": "enhanced",
        "execute_command_configuration": EXEC_LOGGED,
        "capacity_providers": ["FARGATE", "FARGATE_SPOT"],
        "default_capacity_provider_strategy": SPOT_MOSTLY,
        "tags": {"webstack:stack": "test", "ManagedBy": "ansible"},
    }

    run_ = world.cluster(args)

    assert not run_.failed, run_.out
    assert run_.changed
    cluster = world.read()
    assert insights(cluster) == "enhanced"
    assert cluster["configuration"]["executeCommandConfiguration"] == {
        "kmsKeyId": "alias/ecs-exec",
        "logging": "OVERRIDE",
        "logConfiguration": {"cloudWatchLogGroupName": "/webstack/ecs-exec", "cloudWatchEncryptionEnabled": True, "s3EncryptionEnabled": False},
    }
    assert sorted(cluster["capacityProviders"]) == ["FARGATE", "FARGATE_SPOT"]
    assert [(s["capacityProvider"], s["weight"], s.get("base", 0)) for s in cluster["defaultCapacityProviderStrategy"]] == [
        ("FARGATE", 1, 1),
        ("FARGATE_SPOT", 3, 0),
    ]
    returned = run_.out["cluster"]
    assert returned["cluster_arn"] == cluster["clusterArn"]
    assert returned["tags"] == {"webstack:stack": "test", "ManagedBy": "ansible"}
    assert world.aws.calls().mutating == ["ecs:CreateCluster"]


def test_create_with_defaults_turns_container_insights_on(world: World) -> None:
    run_ = world.cluster()

    assert not run_.failed, run_.out
    assert insights(world.read()) == "enabled"
    assert run_.out["cluster"]["tags"] == {}


def test_an_inactive_cluster_of_the_name_is_created_again(world: World) -> None:
    world.ecs.create_cluster(clusterName=NAME)
    world.ecs.delete_cluster(cluster=NAME)

    run_ = world.cluster()

    assert run_.changed
    assert world.read()["status"] == "ACTIVE"


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    args = {"execute_command_configuration": EXEC_LOGGED, "capacity_providers": ["FARGATE_SPOT", "FARGATE"], "default_capacity_provider_strategy": SPOT_MOSTLY}
    first = world.cluster(dict(args, tags={"a": "1"}))
    world.aws.clear_calls()

    again = world.cluster(dict(args, tags={"a": "1"}))

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert again.out["cluster"] == first.out["cluster"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    run_ = world.cluster({"container_insights": "disabled", "tags": {"a": "1"}}, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.clusters() == []
    assert world.aws.calls().mutating == []
    assert run_.out["cluster"]["settings"] == [{"name": "containerInsights", "value": "disabled"}]
    assert run_.out["diff"]["before"] == {}
    assert run_.out["diff"]["after"]["tags"] == {"a": "1"}


def test_check_mode_reports_a_change_and_changes_nothing(world: World) -> None:
    world.cluster()
    world.aws.clear_calls()

    run_ = world.cluster({"container_insights": "disabled", "capacity_providers": ["FARGATE"]}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert insights(world.read()) == "enabled"
    assert (run_.out["diff"]["before"]["container_insights"], run_.out["diff"]["after"]["container_insights"]) == ("enabled", "disabled")


# Updates


def test_container_insights_changes_with_update_cluster_only(world: World) -> None:
    world.cluster()
    world.aws.clear_calls()

    run_ = world.cluster({"container_insights": "disabled"})

    assert run_.changed
    assert insights(world.read()) == "disabled"
    assert world.aws.calls().mutating == ["ecs:UpdateCluster"]


def test_execute_command_configuration_changes_and_is_left_alone_when_unset(world: World) -> None:
    world.cluster({"execute_command_configuration": EXEC_LOGGED})

    world.cluster({"execute_command_configuration": {"logging": "NONE"}})
    assert world.read()["configuration"]["executeCommandConfiguration"] == {"logging": "NONE"}

    world.aws.clear_calls()
    untouched = world.cluster()
    assert not untouched.changed
    assert world.aws.calls().mutating == []


def test_capacity_providers_change_and_strategy_is_kept_when_unset(world: World) -> None:
    world.cluster({"capacity_providers": ["FARGATE"], "default_capacity_provider_strategy": [{"capacity_provider": "FARGATE"}]})
    world.aws.clear_calls()

    run_ = world.cluster({"capacity_providers": ["FARGATE", "FARGATE_SPOT"]})

    assert run_.changed
    cluster = world.read()
    assert sorted(cluster["capacityProviders"]) == ["FARGATE", "FARGATE_SPOT"]
    assert [s["capacityProvider"] for s in cluster["defaultCapacityProviderStrategy"]] == ["FARGATE"]
    assert world.aws.calls().mutating == ["ecs:PutClusterCapacityProviders"]


def test_capacity_providers_can_be_removed(world: World) -> None:
    world.cluster({"capacity_providers": ["FARGATE"], "default_capacity_provider_strategy": [{"capacity_provider": "FARGATE"}]})

    run_ = world.cluster({"capacity_providers": [], "default_capacity_provider_strategy": []})

    assert run_.changed
    cluster = world.read()
    assert (cluster["capacityProviders"], cluster["defaultCapacityProviderStrategy"]) == ([], [])


def test_a_strategy_for_a_provider_the_cluster_lacks_is_refused(world: World) -> None:
    world.cluster({"capacity_providers": ["FARGATE"]})
    world.aws.clear_calls()

    run_ = world.cluster({"default_capacity_provider_strategy": [{"capacity_provider": "FARGATE_SPOT"}]})

    assert run_.failed
    assert "default_capacity_provider_strategy names FARGATE_SPOT" in run_.out["msg"]
    assert world.aws.calls().mutating == []


def test_tags_are_added_and_purged(world: World) -> None:
    world.cluster({"tags": {"keep": "1", "drop": "2"}})
    world.aws.clear_calls()

    run_ = world.cluster({"tags": {"keep": "1", "new": "3"}})

    assert run_.changed
    assert {t["key"]: t["value"] for t in world.read()["tags"]} == {"keep": "1", "new": "3"}
    assert sorted(world.aws.calls().mutating) == ["ecs:TagResource", "ecs:UntagResource"]
    assert run_.out["cluster"]["tags"] == {"keep": "1", "new": "3"}


def test_tags_are_kept_without_purge(world: World) -> None:
    world.cluster({"tags": {"keep": "1"}})

    world.cluster({"tags": {"new": "3"}, "purge_tags": False})

    assert {t["key"]: t["value"] for t in world.read()["tags"]} == {"keep": "1", "new": "3"}


# Absent


def test_absent_deletes_the_cluster_and_again_changes_nothing(world: World) -> None:
    world.cluster()
    world.aws.clear_calls()

    gone = world.cluster({"state": "absent"})
    assert not gone.failed, gone.out
    assert gone.changed
    assert world.read()["status"] == "INACTIVE"
    assert world.aws.calls().mutating == ["ecs:DeleteCluster"]

    world.aws.clear_calls()
    again = world.cluster({"state": "absent"})
    assert not again.changed
    assert world.aws.calls().mutating == []


def test_absent_in_check_mode_deletes_nothing(world: World) -> None:
    world.cluster()
    world.aws.clear_calls()

    run_ = world.cluster({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert world.read()["status"] == "ACTIVE"
    assert world.aws.calls().mutating == []


def test_absent_refuses_a_cluster_with_an_active_service_and_names_it(world: World) -> None:
    world.cluster()
    world.service("web")
    world.aws.clear_calls()

    run_ = world.cluster({"state": "absent"})

    assert run_.failed
    assert "active services web" in run_.out["msg"]
    assert world.read()["status"] == "ACTIVE"
    assert world.aws.calls().mutating == []


def test_absent_deletes_a_cluster_whose_services_are_deleted(world: World) -> None:
    world.cluster()
    world.service("web")
    world.ecs.delete_service(cluster=NAME, service="web", force=True)

    run_ = world.cluster({"state": "absent"})

    assert not run_.failed, run_.out
    assert world.read()["status"] == "INACTIVE"
