"""Where each evidence reference points: the article's sections, the dated facts, project docs."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from guide.settings import PACKAGE_DATA
from guide.text import Text, t
from guide.userfile import read_yaml


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    # Bilingual in the file (`title: {en, ko}`); `title` reads it in the current language, so every view and
    # every test that names a source by its title sees what the reader sees.
    titles: Text = Field(alias="title")
    date: str
    url: str | None = None

    @property
    def title(self) -> str:
        return self.titles.get()


@lru_cache(maxsize=1)
def load_sources() -> dict[str, Source]:
    raw = read_yaml(PACKAGE_DATA / "sources.yaml")
    return {key: Source.model_validate(value) for key, value in raw["sources"].items()}


def unknown_sources(ruleset) -> list[tuple[str, str]]:
    """(rule id, source) for each piece of evidence that names no known source (lint-rules words the finding)."""
    known = load_sources()
    return sorted({(r.id, e.source) for r in ruleset.rules for e in r.evidence
                   if e.source not in known and not e.source.startswith("bench:")})


def cite(evidence) -> tuple[str, str | None]:
    """How every view names one piece of evidence, in the current language: (the source's title with its date,
    its link or None). A measurement is cited as what it is; an unknown reference falls back to its id."""
    if evidence.source.startswith("bench:"):
        return t("report.measured_here"), None
    source = load_sources().get(evidence.source)
    if source is None:
        return f"{evidence.source} ({evidence.date})", evidence.url
    return f"{source.title} ({source.date})", evidence.url or source.url


def source_title(ref: str) -> str:
    """A source's title in the reader's language ("seed:3" -> "Article §3 — …"); an unknown id stays as it is."""
    source = load_sources().get(ref)
    return source.title if source else ref
