"""ecr_repository, its pure rules and its runs end to end through main() against the emulator."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import ecr_repository as module

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "webstack/api"
TAGS = {"webstack:stack": "demo", "webstack:environment": "local"}
LIFECYCLE = {
    "rules": [
        {
            "rulePriority": 1,
            "description": "keep the last 30 images",
            "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 30},
            "action": {"type": "expire"},
        }
    ]
}
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "pull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"}, "Action": ["ecr:BatchGetImage"]},
    ],
}
DEFAULTS = {
    "name": NAME,
    "state": "present",
    "image_tag_mutability": "IMMUTABLE",
    "scan_on_push": True,
    "encryption_type": "KMS",
    "kms_key": None,
    "lifecycle_policy": None,
    "repository_policy": None,
    "force_delete": False,
    "tags": None,
    "purge_tags": True,
}
MANIFEST = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023, "digest": "sha256:" + "b" * 64},
    "layers": [],
}


@dataclass
class World:
    aws: Emulator

    @property
    def ecr(self) -> Any:
        return self.aws.client("ecr")

    def repo(self, args: dict[str, Any] | None = None, check_mode: bool = False) -> Result:
        return run(module.main, self.aws, {"name": NAME, **(args or {})}, check_mode)

    def names(self) -> list[str]:
        return [r["repositoryName"] for r in self.ecr.describe_repositories()["repositories"]]

    def described(self) -> dict[str, Any]:
        return self.ecr.describe_repositories(repositoryNames=[NAME])["repositories"][0]

    def lifecycle(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.ecr.get_lifecycle_policy(repositoryName=NAME)["lifecyclePolicyText"])
        except self.ecr.exceptions.LifecyclePolicyNotFoundException:
            return None

    def policy(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.ecr.get_repository_policy(repositoryName=NAME)["policyText"])
        except self.ecr.exceptions.RepositoryPolicyNotFoundException:
            return None

    def tags(self) -> dict[str, str]:
        tags = self.ecr.list_tags_for_resource(resourceArn=self.described()["repositoryArn"])["tags"]
        return {tag["Key"]: tag["Value"] for tag in tags}

    def push(self, tag: str = "1.0.0") -> None:
        self.ecr.put_image(repositoryName=NAME, imageManifest=json.dumps(MANIFEST), imageTag=tag)

    def key(self, alias: str) -> str:
        kms = self.aws.client("kms")
        key = kms.create_key(Description=alias)["KeyMetadata"]
        kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])
        return key["Arn"]


@pytest.fixture
def world(aws: Emulator) -> World:
    aws.clear_calls()
    return World(aws)


def converged(world: World, args: dict[str, Any]) -> Result:
    """Run with args twice; the second run must change nothing and call nothing mutating."""
    first = world.repo(args)
    assert not first.failed, first.out
    world.aws.clear_calls()
    again = world.repo(args)
    assert not again.failed, again.out
    assert (again.changed, world.aws.calls().mutating) == (False, [])
    return first


# Pure rules


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"name": "Web"}, "name"),
        ({"name": "a"}, "name"),
        ({"name": "web//api"}, "name"),
        ({"name": "x" * 257}, "name"),
        ({"encryption_type": "AES256", "kms_key": "alias/x"}, "kms_key"),
        ({"kms_key": " "}, "kms_key"),
        ({"lifecycle_policy": "{not json"}, "lifecycle_policy"),
        ({"lifecycle_policy": "[1]"}, "lifecycle_policy"),
        ({"lifecycle_policy": '{"rules": []}'}, "lifecycle_policy"),
        ({"repository_policy": '"text"'}, "repository_policy"),
    ],
)
def test_validate_params_names_the_option(overrides: dict[str, Any], named: str) -> None:
    [error] = module.validate_params(dict(DEFAULTS, **overrides))
    assert error.startswith(named)


def test_validate_params_accepts_good_options() -> None:
    params = dict(DEFAULTS, name="webstack/api-v2.x_y", kms_key="alias/k", lifecycle_policy=json.dumps(LIFECYCLE), repository_policy="{}")
    assert module.validate_params(params) == []


def view(**overrides: Any) -> dict[str, Any]:
    base = {
        "repository_name": NAME,
        "image_tag_mutability": "IMMUTABLE",
        "image_scanning_configuration": {"scan_on_push": True},
        "encryption_configuration": {"encryption_type": "KMS", "kms_key": "arn:aws:kms:eu-west-1:123456789012:key/k1"},
        "lifecycle_policy": LIFECYCLE,
        "repository_policy": POLICY,
        "tags": {},
    }
    return dict(base, **overrides)


def test_changed_settings_compares_policies_as_documents() -> None:
    reordered = {"Statement": [dict(POLICY["Statement"][0], Action="ecr:BatchGetImage")], "Version": "2012-10-17"}
    desired = module.desired_settings(dict(DEFAULTS, lifecycle_policy=json.dumps(LIFECYCLE, indent=4), repository_policy=json.dumps(reordered)))

    assert module.changed_settings(view(), desired) == []


def test_changed_settings_lists_what_differs_and_leaves_unset_policies_alone() -> None:
    desired = module.desired_settings(dict(DEFAULTS, image_tag_mutability="MUTABLE", scan_on_push=False, repository_policy="{}"))

    assert module.changed_settings(view(), desired) == ["image_tag_mutability", "scan_on_push", "repository_policy"]
    assert module.changed_settings(view(repository_policy={}), desired) == ["image_tag_mutability", "scan_on_push"]


def test_encryption_conflicts_name_the_option() -> None:
    [error] = module.encryption_conflicts(view(), dict(DEFAULTS, encryption_type="AES256"), None)
    assert error.startswith("encryption_type") and "state=absent" in error
    [error] = module.encryption_conflicts(view(), dict(DEFAULTS, kms_key="alias/other"), "arn:aws:kms:eu-west-1:123456789012:key/k2")
    assert error.startswith("kms_key alias/other")
    assert module.encryption_conflicts(view(), DEFAULTS, None) == []


def test_planned_view_of_a_new_repository() -> None:
    planned = module.planned_view(None, dict(DEFAULTS, kms_key="alias/k", lifecycle_policy=json.dumps(LIFECYCLE), tags={"a": 1}))

    assert planned == {
        "repository_name": NAME,
        "image_tag_mutability": "IMMUTABLE",
        "image_scanning_configuration": {"scan_on_push": True},
        "encryption_configuration": {"encryption_type": "KMS", "kms_key": "alias/k"},
        "lifecycle_policy": LIFECYCLE,
        "repository_policy": {},
        "tags": {"a": "1"},
    }


# Create


def test_create_makes_the_repository_with_every_setting(world: World) -> None:
    run_ = world.repo({"lifecycle_policy": LIFECYCLE, "repository_policy": POLICY, "tags": TAGS})

    assert not run_.failed, run_.out
    assert run_.changed
    described = world.described()
    assert described["imageTagMutability"] == "IMMUTABLE"
    assert described["imageScanningConfiguration"] == {"scanOnPush": True}
    assert described["encryptionConfiguration"]["encryptionType"] == "KMS"
    assert (world.lifecycle(), world.policy(), world.tags()) == (LIFECYCLE, POLICY, TAGS)
    repository = run_.out["repository"]
    assert repository["repository_arn"] == described["repositoryArn"]
    assert repository["repository_uri"] == described["repositoryUri"]
    assert (repository["lifecycle_policy"], repository["repository_policy"], repository["tags"]) == (LIFECYCLE, POLICY, TAGS)
    assert run_.out["diff"]["before"] == {}
    assert world.aws.calls().mutating == ["ecr:CreateRepository", "ecr:PutLifecyclePolicy", "ecr:SetRepositoryPolicy"]


def test_create_with_defaults_uses_the_aws_managed_key(world: World) -> None:
    run_ = world.repo()

    assert not run_.failed, run_.out
    managed = world.aws.client("kms").describe_key(KeyId="alias/aws/ecr")["KeyMetadata"]["Arn"]
    assert run_.out["repository"]["encryption_configuration"] == {"encryption_type": "KMS", "kms_key": managed}
    assert (run_.out["repository"]["lifecycle_policy"], run_.out["repository"]["repository_policy"], run_.out["repository"]["tags"]) == ({}, {}, {})


def test_create_with_aes256_and_mutable_tags(world: World) -> None:
    run_ = world.repo({"encryption_type": "AES256", "image_tag_mutability": "MUTABLE", "scan_on_push": False})

    assert not run_.failed, run_.out
    described = world.described()
    assert (described["encryptionConfiguration"], described["imageTagMutability"], described["imageScanningConfiguration"]) == (
        {"encryptionType": "AES256"},
        "MUTABLE",
        {"scanOnPush": False},
    )


def test_a_policy_given_as_json_text_is_the_same_as_a_dict(world: World) -> None:
    converged(world, {"lifecycle_policy": json.dumps(LIFECYCLE), "repository_policy": json.dumps(POLICY)})
    world.aws.clear_calls()

    again = world.repo({"lifecycle_policy": LIFECYCLE, "repository_policy": POLICY})

    assert (again.changed, world.aws.calls().mutating) == (False, [])


# Idempotence and check mode


def test_second_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    first = converged(world, {"lifecycle_policy": LIFECYCLE, "repository_policy": POLICY, "tags": TAGS})

    again = world.repo({"lifecycle_policy": LIFECYCLE, "repository_policy": POLICY, "tags": TAGS})

    assert again.out["repository"] == first.out["repository"]
    assert again.out["diff"]["before"] == again.out["diff"]["after"]


def test_a_key_given_by_alias_converges(world: World) -> None:
    arn = world.key("alias/webstack-demo")

    first = converged(world, {"kms_key": "alias/webstack-demo"})

    assert first.out["repository"]["encryption_configuration"] == {"encryption_type": "KMS", "kms_key": arn}
    assert world.described()["encryptionConfiguration"]["kmsKey"] == arn


def test_check_mode_reports_the_create_and_creates_nothing(world: World) -> None:
    run_ = world.repo({"tags": TAGS, "lifecycle_policy": LIFECYCLE}, check_mode=True)

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.names() == []
    assert world.aws.calls().mutating == []
    assert run_.out["repository"]["tags"] == TAGS
    assert run_.out["repository"]["lifecycle_policy"] == LIFECYCLE
    assert run_.out["diff"]["before"] == {}


def test_check_mode_on_a_change_changes_nothing(world: World) -> None:
    world.repo()
    world.aws.clear_calls()

    run_ = world.repo({"image_tag_mutability": "MUTABLE", "lifecycle_policy": LIFECYCLE}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.described()["imageTagMutability"] == "IMMUTABLE"
    assert world.lifecycle() is None
    assert run_.out["diff"]["after"]["image_tag_mutability"] == "MUTABLE"
    assert run_.out["diff"]["after"]["lifecycle_policy"] == LIFECYCLE


# Updates


def test_update_of_tag_mutability_and_scanning(world: World) -> None:
    world.repo()
    world.aws.clear_calls()

    run_ = world.repo({"image_tag_mutability": "MUTABLE", "scan_on_push": False})

    assert run_.changed
    described = world.described()
    assert (described["imageTagMutability"], described["imageScanningConfiguration"]) == ("MUTABLE", {"scanOnPush": False})
    assert world.aws.calls().mutating == ["ecr:PutImageTagMutability", "ecr:PutImageScanningConfiguration"]
    assert run_.out["diff"]["before"]["image_tag_mutability"] == "IMMUTABLE"
    assert run_.out["diff"]["after"]["image_tag_mutability"] == "MUTABLE"


def test_update_of_the_lifecycle_policy(world: World) -> None:
    world.repo({"lifecycle_policy": LIFECYCLE})
    changed = {"rules": [dict(LIFECYCLE["rules"][0], selection=dict(LIFECYCLE["rules"][0]["selection"], countNumber=10))]}
    world.aws.clear_calls()

    run_ = world.repo({"lifecycle_policy": changed})

    assert run_.changed
    assert world.lifecycle() == changed
    assert world.aws.calls().mutating == ["ecr:PutLifecyclePolicy"]


def test_an_unset_policy_is_left_alone_and_an_empty_one_removed(world: World) -> None:
    world.repo({"lifecycle_policy": LIFECYCLE, "repository_policy": POLICY})
    world.aws.clear_calls()

    untouched = world.repo()
    removed = world.repo({"lifecycle_policy": {}, "repository_policy": {}})

    assert not untouched.changed
    assert removed.changed
    assert (world.lifecycle(), world.policy()) == (None, None)
    assert world.aws.calls().mutating == ["ecr:DeleteLifecyclePolicy", "ecr:DeleteRepositoryPolicy"]
    assert (removed.out["repository"]["lifecycle_policy"], removed.out["repository"]["repository_policy"]) == ({}, {})


def test_update_of_the_repository_policy(world: World) -> None:
    world.repo({"repository_policy": POLICY})
    wider = {"Version": "2012-10-17", "Statement": [dict(POLICY["Statement"][0], Action=["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])]}
    world.aws.clear_calls()

    run_ = world.repo({"repository_policy": wider})

    assert run_.changed
    assert world.policy() == wider
    assert world.aws.calls().mutating == ["ecr:SetRepositoryPolicy"]


def test_tags_are_added_and_purged(world: World) -> None:
    world.repo({"tags": {"old": "1", "keep": "2"}})
    world.aws.clear_calls()

    run_ = world.repo({"tags": {"keep": "2", "new": "3"}})

    assert run_.changed
    assert world.tags() == {"keep": "2", "new": "3"}
    assert sorted(world.aws.calls().mutating) == ["ecr:TagResource", "ecr:UntagResource"]
    assert run_.out["repository"]["tags"] == {"keep": "2", "new": "3"}


def test_tags_are_kept_without_purge_tags(world: World) -> None:
    world.repo({"tags": {"old": "1"}})

    run_ = world.repo({"tags": {"new": "3"}, "purge_tags": False})

    assert run_.changed
    assert world.tags() == {"old": "1", "new": "3"}


# Immutable encryption


def test_a_different_encryption_type_is_refused(world: World) -> None:
    world.repo()
    world.aws.clear_calls()

    run_ = world.repo({"encryption_type": "AES256", "image_tag_mutability": "MUTABLE"})

    assert run_.failed
    assert run_.out["msg"].startswith("encryption_type is AES256")
    assert world.aws.calls().mutating == []
    assert world.described()["imageTagMutability"] == "IMMUTABLE"


def test_a_different_kms_key_is_refused(world: World) -> None:
    world.key("alias/first")
    world.key("alias/second")
    world.repo({"kms_key": "alias/first"})
    world.aws.clear_calls()

    run_ = world.repo({"kms_key": "alias/second"})

    assert run_.failed
    assert run_.out["msg"].startswith("kms_key alias/second")
    assert world.aws.calls().mutating == []


def test_an_unset_kms_key_accepts_the_existing_key(world: World) -> None:
    world.key("alias/first")
    world.repo({"kms_key": "alias/first"})
    world.aws.clear_calls()

    run_ = world.repo()

    assert not run_.failed, run_.out
    assert (run_.changed, world.aws.calls().mutating) == (False, [])


# Absent


def test_absent_deletes_the_repository(world: World) -> None:
    created = world.repo({"tags": TAGS}).out["repository"]
    world.aws.clear_calls()

    run_ = world.repo({"state": "absent"})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.names() == []
    assert run_.out["diff"] == {"before": created, "after": {}}
    assert world.aws.calls().mutating == ["ecr:DeleteRepository"]


def test_absent_twice_changes_nothing(world: World) -> None:
    world.repo()
    world.repo({"state": "absent"})
    world.aws.clear_calls()

    run_ = world.repo({"state": "absent"})

    assert not run_.failed, run_.out
    assert not run_.changed
    assert world.aws.calls().mutating == []


def test_absent_refuses_a_repository_with_images_naming_force_delete(world: World) -> None:
    world.repo()
    world.push()
    world.aws.clear_calls()

    run_ = world.repo({"state": "absent"})

    assert run_.failed
    assert "force_delete" in run_.out["msg"]
    assert world.aws.calls().mutating == []
    assert world.names() == [NAME]


def test_absent_with_force_delete_deletes_the_images_too(world: World) -> None:
    world.repo()
    world.push()

    run_ = world.repo({"state": "absent", "force_delete": True})

    assert not run_.failed, run_.out
    assert run_.changed
    assert world.names() == []


def test_check_mode_absent_deletes_nothing(world: World) -> None:
    world.repo()
    world.aws.clear_calls()

    run_ = world.repo({"state": "absent"}, check_mode=True)

    assert run_.changed
    assert world.aws.calls().mutating == []
    assert world.names() == [NAME]


def test_absent_leaves_other_repositories_alone(world: World) -> None:
    world.ecr.create_repository(repositoryName="webstack/worker")
    world.repo()

    world.repo({"state": "absent"})

    assert world.names() == ["webstack/worker"]


# Bad input


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"name": "Web"}, "name"),
        ({"encryption_type": "AES256", "kms_key": "alias/x"}, "kms_key"),
        ({"lifecycle_policy": "{oops"}, "lifecycle_policy"),
        ({"image_tag_mutability": "SOMETIMES"}, "image_tag_mutability"),
        ({"encryption_type": "KMS_DSSE"}, "encryption_type"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    run_ = world.repo(args)

    assert run_.failed
    assert named in run_.out["msg"]
    assert world.aws.calls().calls == []
