"""Bilingual text: every label, help and rationale is stored in English and Korean."""

from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

Lang = Literal["en", "ko"]


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    en: str
    ko: str

    def get(self, lang: Lang | None = None) -> str:
        """The text in `lang`, or in this run's language (guide.text.use_lang) when none is given."""
        return getattr(self, lang or current_lang()) or self.en

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


# --- The UI's language: one per script run (a Streamlit session's thread, or a CLI process) ---------------------
_LANG: ContextVar[Lang] = ContextVar("guide_lang", default="en")
BABEL_LOCALE = {"en": "en_US", "ko": "ko_KR"}


def use_lang(lang: Lang) -> None:
    """Set the language of every t() call that follows in this thread (the UI's set-up, a CLI's --lang)."""
    _LANG.set(lang)


def current_lang() -> Lang:
    return _LANG.get()


def lang_of(value: str | None) -> Lang | None:
    """'ko', 'ko-KR', 'ko_KR' -> 'ko'; 'en*' -> 'en'; anything else None (the caller decides the default)."""
    head = (value or "").replace("_", "-").split("-")[0].lower()
    return head if head in ("en", "ko") else None  # type: ignore[return-value]


def t(key: str, lang: Lang | None = None, **values: object) -> str:
    """The catalogue's text for key in the current (or given) language, with its placeholders filled."""
    from guide.catalogue import UnknownTextKey, catalogues

    texts = catalogues()[lang or current_lang()]
    if key not in texts:
        raise UnknownTextKey(key, texts)
    return texts[key].format(**values) if values else texts[key]


def has_text(key: str, lang: Lang | None = None) -> bool:
    from guide.catalogue import catalogues

    return key in catalogues()[lang or current_lang()]


def number(value: float, digits: int = 3, lang: Lang | None = None) -> str:
    """A number as the language writes it (Babel), with at most `digits` decimals."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0." + "#" * digits if digits else "#,##0",
                          locale=BABEL_LOCALE[lang or current_lang()])


def when(moment: datetime, lang: Lang | None = None) -> str:
    """A date and time in UTC as the language writes it (Babel, with the catalogue's pattern)."""
    return _babel_date(moment, "formats.datetime", lang)


def day(moment: datetime, lang: Lang | None = None) -> str:
    return _babel_date(moment, "formats.date", lang)


def clock(moment: datetime, lang: Lang | None = None) -> str:
    return _babel_date(moment, "formats.time", lang)


def _babel_date(moment: datetime, pattern_key: str, lang: Lang | None) -> str:
    from babel.dates import format_datetime

    lang = lang or current_lang()
    return format_datetime(moment, t(pattern_key, lang=lang), tzinfo=UTC, locale=BABEL_LOCALE[lang])
