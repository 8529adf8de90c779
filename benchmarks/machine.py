"""The machine a benchmark ran on, without naming it (no hostname, no user)."""

from __future__ import annotations

import datetime
import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any


def cpu_model(cpuinfo: str) -> str:
    """The first 'model name' of /proc/cpuinfo (or the 'Hardware'/'Processor' line some ARM kernels give)."""
    for key in ("model name", "hardware", "processor"):
        for line in cpuinfo.splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == key and value.strip() and not value.strip().isdigit():
                return value.strip()
    return platform.processor() or "unknown"


def memory_gib(meminfo: str) -> float | None:
    """MemTotal of /proc/meminfo in GiB."""
    for line in meminfo.splitlines():
        if line.startswith("MemTotal:"):
            kib = int(line.split()[1])
            return round(kib / 1024 / 1024, 1)
    return None


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def describe() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model(_read("/proc/cpuinfo")),
        "memory_gib": memory_gib(_read("/proc/meminfo")),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "ansible_core": _version("ansible-core"),
        "moto": _version("moto"),
        "date": datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat(),
    }
