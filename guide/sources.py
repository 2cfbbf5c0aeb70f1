"""Where each evidence reference points: the article's sections, the dated facts, project docs."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from guide.questions import read_yaml
from guide.settings import PACKAGE_DATA


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    date: str
    url: str | None = None


@lru_cache(maxsize=1)
def load_sources() -> dict[str, Source]:
    raw = read_yaml(PACKAGE_DATA / "sources.yaml")
    return {key: Source.model_validate(value) for key, value in raw["sources"].items()}


def unknown_sources(ruleset) -> list[str]:
    known = load_sources()
    return sorted({f"rule '{r.id}': unknown source '{e.source}'" for r in ruleset.rules for e in r.evidence
                   if e.source not in known and not e.source.startswith("bench:")})
