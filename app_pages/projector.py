"""Projector view of a team session, for workshops: the join code and QR code large, the live count, the team
recommendation and the distributions, readable from the back of a room. The lead's (admin link): it shows the
aggregate whether or not participants may see it."""

import streamlit as st

from guide.team.links import join_url
from guide.team.store import TeamError
from guide.text import literal, t
from guide.ui.resources import team_store
from guide.ui.team_link import ADMIN, CODE, page_base, team_in_url, team_link
from guide.ui.team_views import draw_invitation, live_projector, projector_style

link = team_link()
team_in_url(lead=None)  # the code only: a room can read this address
projector_style()



try:
    session = team_store().admin(link.get(CODE, ""), link.get(ADMIN)) if ADMIN in link else None
except TeamError as exc:
    st.error(str(exc))
    session = None
if session is None:
    st.title(t("team.projector.title"))
    st.info(t("team.projector.need_admin"))
    st.page_link("app_pages/team.py", label=t("team.dashboard.to_start"), icon="👥")
    st.stop()

st.title(literal(session["title"]) or t("team.projector.title"))
left, right = st.columns([1, 2], gap="large")
with left:
    st.markdown(t("team.projector.join_at"))
    draw_invitation(session["code"], join_url(session["code"], page_base()), size=1.9)
with right:
    live_projector(session["code"], link[ADMIN])
st.page_link("app_pages/team_dashboard.py", label=t("team.projector.back"), icon="📊")
