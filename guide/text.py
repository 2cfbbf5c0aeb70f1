"""Bilingual text: every label, help and rationale is stored in English and Korean."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Lang = Literal["en", "ko"]


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    en: str
    ko: str

    def get(self, lang: Lang = "en") -> str:
        return getattr(self, lang) or self.en

    def __str__(self) -> str:
        return self.en
