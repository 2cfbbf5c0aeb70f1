"""One settings object: paths, limits and the database URL, each overridable by an environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DATA = Path(__file__).resolve().parent / "data"


def _data_dir() -> Path:
    return Path(os.environ.get("GUIDE_DATA_DIR", REPO_ROOT / "data"))


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=_data_dir)
    # One URL decides the store: SQLite file by default, PostgreSQL for a hosted multi-replica deployment.
    database_url: str = ""
    questions_file: Path = PACKAGE_DATA / "questions.yaml"
    rules_file: Path = PACKAGE_DATA / "rules.yaml"
    examples_file: Path = PACKAGE_DATA / "examples.yaml"
    max_answers_upload_mb: int = 1  # one limit: the upload widget states it and the app enforces it
    # How often an open team dashboard or projector reads the database: each read is one fragment rerun.
    team_refresh_s: float = field(default_factory=lambda: float(os.environ.get("GUIDE_TEAM_REFRESH_S", "3")))

    @property
    def max_answers_upload_bytes(self) -> int:
        return self.max_answers_upload_mb * 1024 * 1024

    def __post_init__(self) -> None:
        if not self.database_url:
            url = os.environ.get("GUIDE_DATABASE_URL") or f"sqlite:///{self.data_dir / 'results.sqlite'}"
            object.__setattr__(self, "database_url", url)


def get_settings() -> Settings:
    return Settings()
