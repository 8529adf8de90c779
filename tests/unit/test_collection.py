"""The repository builds as the collection webstack.aws, with its action group."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def test_the_action_group_extends_amazon_and_community_and_lists_every_module() -> None:
    runtime = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text())
    group = runtime["action_groups"]["aws"]
    assert group[0] == {"metadata": {"extend_group": ["amazon.aws.aws", "community.aws.aws"]}}
    modules = {p.stem for p in (REPO / "plugins" / "modules").glob("*.py")}
    assert set(group[1:]) == modules


def test_the_collection_builds_without_the_emulator_or_caches(tmp_path: Path) -> None:
    galaxy = Path(sys.executable).parent / "ansible-galaxy"
    subprocess.run([str(galaxy), "collection", "build", str(REPO), "--output-path", str(tmp_path)], check=True, capture_output=True)
    [artifact] = tmp_path.glob("webstack-aws-*.tar.gz")
    with tarfile.open(artifact) as archive:
        names = archive.getnames()
    assert "roles/vpc/tasks/main.yml" in names and "plugins/modules/ec2_vpc_flow_log.py" in names
    assert not [n for n in names if n.startswith(("tools/", ".venv", ".ansible/", ".emulator")) or "__pycache__" in n]
