"""Where each evidence reference points: the article's sections, the dated facts, project docs."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from guide.settings import PACKAGE_DATA
from guide.userfile import read_yaml


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


def cite(evidence) -> tuple[str, str | None]:
    """How every view names one piece of evidence: (the source's title with its date, its link or None).
    A measurement is cited as what it is; an unknown reference falls back to its id."""
    if evidence.source.startswith("bench:"):
        return "measured on this machine", None
    source = load_sources().get(evidence.source)
    if source is None:
        return f"{evidence.source} ({evidence.date})", evidence.url
    return f"{source.title} ({source.date})", evidence.url or source.url
