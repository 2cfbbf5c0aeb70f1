"""A team session's part of the link: ?team=CODE, with &admin=TOKEN on the lead's pages and &me=TOKEN on a
participant's. Read once from the link (tampered parts dropped and reported, tokens never echoed), kept in the
session, and written back only on the team pages: another page's address (copied to share a recommendation)
never carries a token."""

from __future__ import annotations

import re

import streamlit as st

from guide.team.links import public_base
from guide.team.tokens import normal_code
from guide.text import t

TEAM_LINK = "team_link"  # session state: {"team": code, "admin": token, "me": token}, each only when known
CODE, ADMIN, ME, SCREEN = "team", "admin", "me", "screen"
URL_MODE = "team_url_mode"  # True: a lead's page; False: the join page; None: the projector
NOT_A_TEAM_PAGE = "none"
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")  # secrets.token_urlsafe(24) gives 32 such characters


def take_team_params(raw: dict) -> list[str]:
    """Pop the team parts of a session's first link; keep the well-formed ones and say what was dropped."""
    found, problems = {}, []
    for key in (CODE, ADMIN, ME, SCREEN):
        value = raw.pop(key, None)
        if value is None:
            continue
        if isinstance(value, str) and key == CODE and normal_code(value):
            found[key] = normal_code(value)
        elif isinstance(value, str) and key != CODE and TOKEN.fullmatch(value):
            found[key] = value
        else:
            shown = (value if isinstance(value, str) else ", ".join(value))[:12] if key == CODE else "…"
            problems.append(t(f"team.link.bad_{key}", param=key, value=shown))
    st.session_state[TEAM_LINK] = found
    return problems


def team_link() -> dict[str, str]:
    return dict(st.session_state.get(TEAM_LINK, {}))


def set_team_link(lead: bool, **values: str | None) -> None:
    """Change parts of the session's team link (None removes one), and the address of this page: a lead's page
    (`lead`) or the join page, which never shows the admin token even to the lead answering there."""
    link = team_link() | values
    st.session_state[TEAM_LINK] = {k: v for k, v in link.items() if v}
    team_in_url(lead)


def team_in_url(lead: bool | None) -> None:
    """Keep the team parts in this page's address, through every later rewrite of it this run and in its widget
    callbacks (guide.ui.state writes team_url_params() with the answers): the admin token on the dashboard, the
    participant's own token on the join page (a bookmark or a reload brings them back as themselves); the code
    and the screen key on the projector (None), whose address a room can read: the key opens that view only."""
    st.session_state[URL_MODE] = lead
    for key, value in team_url_params().items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    for key in {CODE, ADMIN, ME, SCREEN} - set(team_url_params()):
        if key in st.query_params:
            del st.query_params[key]


def team_url_params() -> dict[str, str]:
    """The team parts this page keeps in its address (none on a page that is not a team page)."""
    mode = st.session_state.get(URL_MODE, NOT_A_TEAM_PAGE)
    wanted = {True: (CODE, ADMIN), False: (CODE, ME), None: (CODE, SCREEN)}.get(mode, ())  # unknown: nothing
    link = team_link()
    return {key: link[key] for key in wanted if key in link}


def leave_team_pages() -> None:
    """At the start of every page run: the page that runs decides again (team pages call team_in_url)."""
    st.session_state[URL_MODE] = NOT_A_TEAM_PAGE


def page_base() -> str:
    """The address participants reach the app at: GUIDE_PUBLIC_URL, else what this browser opened."""
    try:
        return public_base(st.context.url, st.get_option("server.baseUrlPath") or "")
    except Exception:  # noqa: BLE001 - no browser behind this run (AppTest): the configured or default one
        return public_base()
