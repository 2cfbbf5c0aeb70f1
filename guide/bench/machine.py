"""What a number was measured on: CPU, cores, GPU, Python, git commit, installed framework versions.

Everything here reads files, metadata or `git`; nothing imports a framework, so the page and the runner can
call it. The GPU is detected without torch or TF (nvidia-smi), and the workers confirm it from inside.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import os
import platform
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from guide.bench.cpu import cpu_cores, cpu_model, rapl_readable
from guide.bench.schema import MachineInfo
from guide.settings import REPO_ROOT

# The module each backend needs, and the distribution whose version is recorded for it.
BACKEND_MODULE = {"torch": "torch", "tensorflow": "tensorflow", "jax": "jax"}


def gpu_name() -> str | None:
    """The first NVIDIA GPU's name, from nvidia-smi; None when there is none (no framework import)."""
    if shutil.which("nvidia-smi") is None:
        return None
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names = [line.strip() for line in out.splitlines() if line.strip()]
    return names[0] if names else None


def git_commit(repo: Path = REPO_ROOT) -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def backend_installed(backend: str) -> bool:
    """Whether the backend's module can be found, without importing it (this process never imports one)."""
    return importlib.util.find_spec(BACKEND_MODULE.get(backend, backend)) is not None


def installed_versions() -> dict[str, str]:
    """Versions of the packages a result depends on, read from metadata (no import)."""
    versions = {"python": platform.python_version()}
    for dist in ("keras", "torch", "tensorflow", "jax", "numpy"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return versions


def machine_info(threads: int) -> MachineInfo:
    """The machine context stored with every result; the probe's GFLOP/s is filled in by the runner."""
    return MachineInfo(
        hostname=socket.gethostname(),
        os=f"{platform.system()} {platform.release()}",
        cpu_model=cpu_model(),
        cpu_cores=cpu_cores(),
        gpu=gpu_name(),
        python=sys.version.split()[0],
        threads=threads,
        git_commit=git_commit(),
        energy_source="RAPL package counter" if rapl_readable() else "not available",
        load_avg_1m=round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    )


@functools.lru_cache(maxsize=1)  # read per row flagged and per deployment table drawn: the file once
def busy_margin_cores() -> float:
    """evidence.yaml's busy_cores: the margin of the one busy rule (guide.bench.cpu.is_busy), read where rows are
    flagged for display; the judgement reads the same file (guide.evidence.judgement)."""
    from guide.settings import PACKAGE_DATA
    from guide.userfile import read_yaml

    return float(read_yaml(PACKAGE_DATA / "evidence.yaml")["busy_cores"])
