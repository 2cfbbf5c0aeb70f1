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
CODE, ADMIN, ME = "team", "admin", "me"
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")  # secrets.token_urlsafe(24) gives 32 such characters


def take_team_params(raw: dict) -> list[str]:
    """Pop the team parts of a session's first link; keep the well-formed ones and say what was dropped."""
    found, problems = {}, []
    for key in (CODE, ADMIN, ME):
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


def team_in_url(lead: bool) -> None:
    """Write the team parts into this page's address: the admin token on the lead's pages, the participant's
    own token on the join page (a bookmark brings the participant back as themselves)."""
    link = team_link()
    wanted = {CODE: link.get(CODE), ADMIN: link.get(ADMIN) if lead else None, ME: None if lead else link.get(ME)}
    for key, value in wanted.items():
        if value and st.query_params.get(key) != value:
            st.query_params[key] = value
        elif not value and key in st.query_params:
            del st.query_params[key]


def page_base() -> str:
    """The address participants reach the app at: GUIDE_PUBLIC_URL, else what this browser opened."""
    try:
        return public_base(st.context.url)
    except Exception:  # noqa: BLE001 - no browser behind this run (AppTest): the configured or default one
        return public_base()
