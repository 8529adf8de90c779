"""EC2 launch template fidelity fixes for moto 5.2.5 (moto/ec2/responses/launch_templates.py)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix


@fix(
    "ec2",
    "DescribeLaunchTemplateVersions",
    "CreateLaunchTemplate copies the request's TagSpecifications (the launch template's own tags) into the first "
    "version's LaunchTemplateData, so the version reads back with a launch-template tag specification it was never "
    "given; amazon.aws ec2_launch_template compares that data and makes a new version on every run of a tagged template.",
)
def template_tags_stay_out_of_the_version_data() -> None:
    from moto.ec2.models.launch_templates import LaunchTemplateBackend

    original = LaunchTemplateBackend.create_launch_template

    @wraps(original)
    def create_launch_template(self: Any, name: str, description: str, template_data: dict[str, Any], tag_spec: dict[str, Any]) -> Any:
        specs = [spec for spec in template_data.get("TagSpecifications") or [] if spec.get("ResourceType") != "launch-template"]
        template_data = {key: value for key, value in template_data.items() if key != "TagSpecifications"}
        if specs:
            template_data["TagSpecifications"] = specs
        return original(self, name, description, template_data, tag_spec)

    LaunchTemplateBackend.create_launch_template = create_launch_template  # type: ignore[method-assign]
