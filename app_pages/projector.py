"""Projector view of a team session, for workshops: the join code and QR code large, the live count, the team
recommendation and the distributions, readable from the back of a room. Opened from the lead's dashboard, in a
window of its own, by a link with the session's screen key: that key opens this view and nothing else (never
each participant's answers, never the lead's controls), so the address may be seen by the room. It shows the
aggregate whether or not participants may see it on their own devices."""

import html

import streamlit as st

from guide.team.links import join_url
from guide.team.store import TeamError
from guide.text import literal, t
from guide.ui.resources import team_store
from guide.ui.team_link import ADMIN, CODE, SCREEN, page_base, team_in_url, team_link
from guide.ui.team_views import draw_invitation, live_projector, projector_style

link = team_link()
team_in_url(lead=None)  # the code and the screen key, never the admin token
projector_style()


def projected_session() -> dict | None:
    store = team_store()
    try:
        if SCREEN in link:
            return store.screen(link.get(CODE, ""), link[SCREEN])
        if ADMIN in link:  # the lead's own session, coming from the dashboard
            return store.admin(link.get(CODE, ""), link[ADMIN])
    except TeamError as exc:
        st.error(str(exc))
    return None


if (session := projected_session()) is None:
    st.title(t("team.projector.title"))
    st.info(t("team.projector.need_admin"))
    st.page_link("app_pages/team.py", label=t("team.dashboard.to_start"), icon="👥")
    st.stop()

st.title(literal(session["title"]) or t("team.projector.title"))
left, right = st.columns([1, 2], gap="large")
with left:
    if session["closed"]:  # the room sees that answers are no longer taken
        st.html(f'<div style="font-size:3rem;font-weight:700">{html.escape(t("team.projector.closed"))}</div>')
    else:
        st.markdown(t("team.projector.join_at"))
        draw_invitation(session["code"], join_url(session["code"], page_base()), size=1.9)
with right:
    live_projector(session["code"], (bool(session["closed"]), bool(session["show_aggregate"])))
