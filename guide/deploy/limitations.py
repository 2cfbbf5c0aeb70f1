"""Documented runtime limitations (guide/data/limitations.yaml): the only failures of a deployment row that count
against a framework. Anything else is our own export recipe failing, which says nothing about the framework."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guide.deploy.schema import DeployRow, Stage
from guide.errors import DataFileError, first_problem
from guide.settings import PACKAGE_DATA
from guide.text import Text
from guide.userfile import read_yaml

LIMITATIONS_FILE = PACKAGE_DATA / "limitations.yaml"


class Limitation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    path: str
    source: str
    stage: Stage
    error_contains: str = Field(min_length=3)
    models: tuple[str, ...] = ()  # empty: every model
    says: Text
    cited: str = Field(description="a sources.yaml key or a URL")
    date: str = Field(pattern=r"^\d{4}(-\d{2}){0,2}$")

    def matches(self, row: DeployRow, model: str) -> bool:
        return ((row.path, row.source, row.stage) == (self.path, self.source, self.stage)
                and self.error_contains in (row.error or "") and (not self.models or model in self.models))


class LimitationFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    limitations: tuple[Limitation, ...] = ()


def load_limitations(path: Path | None = None) -> tuple[Limitation, ...]:
    return _load(str(path or LIMITATIONS_FILE))


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[Limitation, ...]:
    try:
        return LimitationFile.model_validate(read_yaml(Path(path))).limitations
    except ValidationError as exc:
        raise DataFileError(path, [first_problem(exc)]) from None


def documented(row: DeployRow, model: str, limitations: tuple[Limitation, ...] | None = None) -> Limitation | None:
    """The documented limitation a failed row is an instance of, or None (then the failure is our recipe's)."""
    if row.ok or not row.tried:
        return None
    return next((lim for lim in (load_limitations() if limitations is None else limitations)
                 if lim.matches(row, model)), None)
