"""Stock amazon.aws ec2_launch_template as the ECS EC2 capacity uses it, run through main() against the emulator.

The launch template of an ECS container instance: IMDSv2 required, an encrypted gp3 root volume, an instance profile
and user data that joins the cluster. A second identical run must change nothing and call nothing mutating (no new
template version), in check mode too; what AWS holds is read back and asserted.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.amazon.aws.plugins.modules import ec2_launch_template

from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

NAME = "demo-local-ecs"
PROFILE = "demo-local-ecs-instance"
USER_DATA = base64.b64encode(b"#!/bin/bash\necho ECS_CLUSTER=demo-local >> /etc/ecs/ecs.config\n").decode()
TAGS = {"webstack:stack": "demo", "webstack:environment": "local", "webstack:component": "ecs_service", "ManagedBy": "ansible"}


@dataclass
class World:
    aws: Emulator
    profile_arn: str

    def template(self, check_mode: bool = False, **overrides: Any) -> Result:
        args = {
            "template_name": NAME,
            "image_id": "ami-12c6146b",
            "instance_type": "t3.small",
            "iam_instance_profile": PROFILE,
            "user_data": USER_DATA,
            "metadata_options": {"http_tokens": "required", "http_put_response_hop_limit": 2},
            "block_device_mappings": [
                {"device_name": "/dev/xvda", "ebs": {"volume_size": 30, "volume_type": "gp3", "encrypted": True, "delete_on_termination": True}}
            ],
            "tags": TAGS,
            **overrides,
        }
        return run(ec2_launch_template.main, self.aws, args, check_mode)

    def latest_data(self) -> dict[str, Any]:
        versions = self.aws.client("ec2").describe_launch_template_versions(LaunchTemplateName=NAME, Versions=["$Latest"])["LaunchTemplateVersions"]
        return versions[0]["LaunchTemplateData"]

    def version_count(self) -> int:
        return len(self.aws.client("ec2").describe_launch_template_versions(LaunchTemplateName=NAME)["LaunchTemplateVersions"])


@pytest.fixture
def world(aws: Emulator) -> World:
    """The instance profile the template names; the call log starts empty."""
    arn = aws.client("iam").create_instance_profile(InstanceProfileName=PROFILE)["InstanceProfile"]["Arn"]
    aws.clear_calls()
    return World(aws, arn)


def test_the_template_holds_imdsv2_an_encrypted_gp3_root_the_profile_and_the_user_data(world: World) -> None:
    created = world.template()

    assert not created.failed, created.out
    assert created.changed
    data = world.latest_data()
    assert data["MetadataOptions"]["HttpTokens"] == "required"
    assert data["MetadataOptions"]["HttpPutResponseHopLimit"] == 2
    assert data["BlockDeviceMappings"] == [
        {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 30, "VolumeType": "gp3", "Encrypted": True, "DeleteOnTermination": True}}
    ]
    assert data["IamInstanceProfile"] == {"Arn": world.profile_arn}
    assert base64.b64decode(data["UserData"]).decode().startswith("#!/bin/bash\necho ECS_CLUSTER=demo-local")


def test_a_second_identical_run_changes_nothing_and_calls_nothing_mutating(world: World) -> None:
    world.template()
    world.aws.clear_calls()

    again = world.template()

    assert not again.failed, again.out
    assert not again.changed
    assert world.aws.calls().mutating == []
    assert world.version_count() == 1


def test_check_mode_on_the_converged_template_reports_no_change(world: World) -> None:
    world.template()
    world.aws.clear_calls()

    checked = world.template(check_mode=True)

    assert not checked.failed, checked.out
    assert not checked.changed
    assert world.aws.calls().mutating == []


def test_new_user_data_makes_a_new_version(world: World) -> None:
    world.template()
    other = base64.b64encode(b"#!/bin/bash\necho ECS_CLUSTER=other >> /etc/ecs/ecs.config\n").decode()

    changed = world.template(user_data=other)

    assert not changed.failed, changed.out
    assert changed.changed
    assert world.version_count() == 2
    assert world.latest_data()["UserData"] == other
