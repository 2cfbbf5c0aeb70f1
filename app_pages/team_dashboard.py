"""The lead's dashboard of a team session: the invitation, the live count and aggregate, each participant, and
the lead's controls (close, reopen, share the aggregate, export, report, delete). Everything here needs the admin
token, which only the admin link carries; without it the page says so and shows nothing of the team."""

from urllib.parse import urlsplit

import streamlit as st

from guide.reports.team_report import team_html, team_markdown, team_report
from guide.team.links import admin_url, join_url, projector_url
from guide.team.report import export_text, team_outcome, team_summary
from guide.team.store import TeamError
from guide.text import current_lang, literal, t
from guide.ui.resources import team_store
from guide.ui.state import show_problems
from guide.ui.team_link import ADMIN, CODE, ME, page_base, set_team_link, team_in_url, team_link
from guide.ui.team_views import draw_invitation, draw_rules, live_dashboard

LOOPBACK = ("localhost", "127.0.0.1", "::1")
SHARE = "team_show_aggregate"

st.title(t("team.dashboard.title"))
show_problems()
link = team_link()
team_in_url(lead=True)


def admin_session() -> dict | None:
    try:
        if CODE in link and ADMIN in link:
            return team_store().admin(link[CODE], link[ADMIN])
        st.info(t("team.dashboard.need_admin"))
    except TeamError as exc:
        st.error(str(exc))
        set_team_link(lead=True, **{ADMIN: None})
    st.page_link("app_pages/team.py", label=t("team.dashboard.to_start"), icon="👥")
    return None


def invitation(session: dict) -> None:
    code = session["code"]
    st.subheader(t("team.share.heading"))
    base = page_base()
    if urlsplit(base).hostname in LOOPBACK:  # a phone opening this would look for the app on itself
        st.warning(t("team.share.localhost", base=base))
    draw_invitation(code, join_url(code, base))
    with st.expander(t("team.share.admin_link")):
        st.warning(t("team.share.admin_warning"))
        st.code(admin_url(code, link[ADMIN], base), language=None, wrap_lines=True)
    screen = team_store().screen_key(code, link[ADMIN])
    st.link_button(t("team.dashboard.projector"), projector_url(code, screen, base), icon="📽️",
                   help=t("team.dashboard.projector_help"))


def controls(session: dict) -> None:
    """Each control acts on what its click meant, never on what this page last saw: another tab or the CLI may
    have changed the session since (a stale toggle wrote its old value back; a stale Close reopened)."""
    code, admin, store = session["code"], link[ADMIN], team_store()
    state = t("team.dashboard.closed" if session["closed"] else "team.dashboard.open")
    st.markdown(t("team.dashboard.status", code=code, title=literal(session["title"] or t("team.untitled")),
                  state=state))
    flip = "reopen" if session["closed"] else "close"
    st.button(t(f"team.dashboard.{flip}"), key=f"team_{flip}", help=t(f"team.dashboard.{flip}_help"),
              on_click=store.set_closed, args=(code, admin, flip == "close"))
    st.session_state[SHARE] = bool(session["show_aggregate"])  # as stored now, before the widget is drawn
    st.toggle(t("team.dashboard.show_aggregate"), help=t("team.dashboard.show_aggregate_help"), key=SHARE,
              on_change=lambda: store.set_show_aggregate(code, admin, st.session_state[SHARE]))


def downloads(session: dict) -> None:
    """Built when clicked (deferred), from the database as it is then, in this page's language."""
    code, admin, store = session["code"], link[ADMIN], team_store()
    lang = current_lang()
    files = {
        "csv": ("text/csv", lambda: export_text(team_summary(store, code, admin), "csv")),
        "json": ("application/json", lambda: export_text(team_summary(store, code, admin), "json")),
        "md": ("text/markdown", lambda: team_markdown(*team_report(team_outcome(store, code, admin), lang))),
        "html": ("text/html", lambda: team_html(*team_report(team_outcome(store, code, admin), lang))),
    }
    with st.expander(t("team.dashboard.files"), expanded=True):
        for kind, (mime, build) in files.items():
            st.download_button(t(f"team.dashboard.download.{kind}"), build, file_name=f"team-{code}.{kind}",
                               mime=mime, key=f"team_download_{kind}", on_click="ignore", width="stretch")


def deletion(session: dict) -> None:
    code = session["code"]
    with st.expander(t("team.dashboard.delete_heading")):
        sure = st.checkbox(t("team.dashboard.delete_confirm", code=code), key="team_delete_sure")
        if st.button(t("team.dashboard.delete"), disabled=not sure, key="team_delete", type="primary"):
            team_store().delete(code, link[ADMIN])
            set_team_link(lead=True, **{CODE: None, ADMIN: None, ME: None})
            st.session_state["team_deleted"] = code
            st.rerun()


if deleted := st.session_state.pop("team_deleted", None):
    st.success(t("team.dashboard.deleted", code=deleted))
if (session := admin_session()) is not None:
    side, live = st.columns([1, 2], gap="large")  # the live count and recommendation on the first screen
    with side:
        controls(session)
        invitation(session)
        downloads(session)
        deletion(session)
    with live:
        live_dashboard(session["code"], link[ADMIN], (bool(session["closed"]), bool(session["show_aggregate"])))
        draw_rules()
