"""Shared by the deployment tests: make a runtime missing for the workers of one check."""

from __future__ import annotations

from pathlib import Path

from guide.deploy import runner


def shadow_package(monkeypatch, tmp_path: Path, name: str) -> None:
    """Every worker of the next deployment check finds a package `name` that fails to import, as on a machine
    where it is not installed (the export and the other runtimes are untouched)."""
    shadow = tmp_path / "shadow" / name
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(f"raise ImportError('{name} is not installed (test stub)')\n")
    real_env = runner.worker_env

    def env_with_shadow(*args, **kwargs):
        env = real_env(*args, **kwargs)
        env["PYTHONPATH"] = f"{tmp_path / 'shadow'}:{env['PYTHONPATH']}"
        return env

    monkeypatch.setattr(runner, "worker_env", env_with_shadow)
