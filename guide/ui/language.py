"""The language of a session: from the link (?lang=ko|en), else the browser's (st.context.locale), then the
sidebar switch. Kept in the URL on every page, so a shared link opens in the sender's language. Pages never
look at the language: they call guide.text.t, which reads the one set here for this script run."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import streamlit as st

from guide.text import Lang, current_lang, lang_of, t, use_lang

LANG = "lang"  # session state key, and the URL parameter
SWITCH = "lang_switch"
NAMES = {"ko": "한국어", "en": "English"}


def language_from_link(value: str | list[str] | None) -> tuple[Lang | None, list[str]]:
    """A 'lang' link part: ('ko'|'en', []) when it is exactly one of them, else (None, the problem)."""
    if value is None:
        return None, []
    if isinstance(value, str) and value in NAMES:
        return value, []  # type: ignore[return-value]
    shown = value if isinstance(value, str) else ", ".join(value)
    return None, [t("link.bad_lang", param=LANG, value=shown[:40])]


def browser_language() -> Lang:
    """Korean for a ko* browser, English otherwise (and when Streamlit cannot tell)."""
    try:
        return lang_of(st.context.locale) or "en"
    except Exception:  # noqa: BLE001 - no browser behind this run (AppTest, bare mode): English
        return "en"


# Widgets whose value Streamlit keeps as the option's label text (a radio's value is the formatted option): after
# a switch that text matches no option of the new language, and the widget would reset, dropping the answer
# (seen by a participant who switched to Korean mid-way). Their state is dropped on a switch, so they re-seed
# from the answers, which are ids.
LABEL_VALUED_WIDGETS = ("q_",)


def _switched() -> None:
    st.session_state[LANG] = st.session_state[SWITCH]
    for key in [k for k in st.session_state if str(k).startswith(LABEL_VALUED_WIDGETS)]:
        del st.session_state[key]


def set_up_language(from_link: Lang | None) -> None:
    """Choose this session's language once (link, else browser), set it for this run, draw the switch."""
    if LANG not in st.session_state:
        st.session_state[LANG] = from_link or browser_language()
    use_lang(st.session_state[LANG])
    st.session_state[SWITCH] = st.session_state[LANG]
    st.sidebar.radio(t("app.language"), list(NAMES), format_func=NAMES.get, key=SWITCH, horizontal=True,
                     on_change=_switched)


def lang_param() -> dict[str, str]:
    """The URL part that keeps the language: always written, so a copied link carries it."""
    return {LANG: current_lang()}


def keep_language() -> None:
    """A fragment's own reruns run in a fresh script thread without the page's set-up, where the language
    would fall back to English: live_fragment calls this first."""
    use_lang(st.session_state.get(LANG, current_lang()))


def live_fragment(run_every: float) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """st.fragment(run_every=…) that speaks the session's language on each of its own reruns."""
    def wrap(draw: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(draw)
        def in_language(*args: Any, **kwargs: Any) -> None:
            keep_language()
            draw(*args, **kwargs)

        return st.fragment(run_every=run_every)(in_language)

    return wrap


def in_this_language(format_func: Callable[[Any], str]) -> Callable[[Any], str]:
    """A widget's format_func that speaks this run's language whenever it is called. Streamlit matches a
    widget's value by the formatted text, and may call format_func outside the script run (AppTest does, from
    its own thread, where the language is the default): unbound, a Korean option would come back as English
    text that matches nothing, and the widget would lose its value."""
    lang = current_lang()

    def formatted(option: Any) -> str:
        before = current_lang()
        use_lang(lang)
        try:
            return format_func(option)
        finally:
            use_lang(before)

    return formatted
