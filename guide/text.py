"""Bilingual text: every label, help and rationale is stored in English and Korean."""

from __future__ import annotations

import re
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


# Characters that start Markdown or Streamlit syntax: links and images ([ ] needed), emphasis, code, HTML tags,
# tables, strikethrough, LaTeX ($), headings and :color[...] directives.
MARKDOWN_SPECIAL = set("\\`*[]<>#|~$:")
# An underscore inside a word (use_case) never emphasises, so it stays as it is and ids stay readable.
LONE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# GFM links a bare https://host, www.host or name@host.org found in the rendered text, whatever the escaping
# (seen in Chromium): an invisible word joiner after ':', 'www' and '@' breaks the pattern, not the text.
AUTOLINK = re.compile(r"(?<=\\:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def literal(text: object) -> str:
    """Text from a link, an upload or an imported file, made safe to put inside Markdown: every character that
    could start Markdown or Streamlit syntax is escaped, bare URLs cannot become links, and line breaks become
    spaces, so a crafted value shows as the characters it is, never as a link, a heading or a badge."""
    flat = " ".join(str(text).split())
    escaped = LONE_UNDERSCORE.sub(r"\\_", "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in flat))
    return AUTOLINK.sub(WORD_JOINER, escaped)
