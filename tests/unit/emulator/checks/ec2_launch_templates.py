"""Checks of the EC2 launch template fixes (webstack_emulator.extensions.ec2_launch_templates)."""

from __future__ import annotations

from typing import Any

from tests.harness.emulator import Emulator
from tests.unit.emulator.checks.registry import check

INSTANCE_TAGS = {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "ecs"}]}


@check("ec2", "DescribeLaunchTemplateVersions")
def template_tags_are_not_version_data(aws: Emulator) -> dict[str, Any]:
    ec2 = aws.client("ec2")
    data = {
        "ImageId": "ami-12c6146b",
        "MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 2},
        "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 30, "VolumeType": "gp3", "Encrypted": True}}],
        "IamInstanceProfile": {"Name": "ecs-instance"},
        "UserData": "IyEvYmluL2Jhc2gK",
        "TagSpecifications": [INSTANCE_TAGS],
    }
    ec2.create_launch_template(
        LaunchTemplateName="ecs-nodes",
        LaunchTemplateData=data,
        TagSpecifications=[{"ResourceType": "launch-template", "Tags": [{"Key": "team", "Value": "web"}]}],
    )
    response = ec2.describe_launch_template_versions(LaunchTemplateName="ecs-nodes")
    [version] = response["LaunchTemplateVersions"]
    assert version["LaunchTemplateData"] == data  # the instance tags stay, the template's own tags are not data
    [template] = ec2.describe_launch_templates(LaunchTemplateNames=["ecs-nodes"])["LaunchTemplates"]
    assert template["Tags"] == [{"Key": "team", "Value": "web"}]
    return response
