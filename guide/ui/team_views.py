"""Drawing a team session: the invitation (join code, link, QR code drawn offline by Segno), the team's aggregate
(recommendation with its why-list, where the team disagrees, the distributions) and each participant. The live
pieces are fragments that reread the database every GUIDE_TEAM_REFRESH_S seconds while the page is open, and
recompute the team only when a submission, a revision or a setting changed (TeamStore.stamp)."""

from __future__ import annotations

import html
from functools import lru_cache

import segno
import streamlit as st

from guide.reports.charts import chart_spec
from guide.reports.charts.team_charts import distribution_chart, tops_chart
from guide.reports.team_view import Distribution, TeamView, aggregation_rules, team_view
from guide.settings import get_settings
from guide.team.report import team_outcome
from guide.team.store import TeamError
from guide.text import current_lang, t
from guide.ui.language import live_fragment
from guide.ui.resources import team_store

VIEW = "team_view_cache"  # (stamp, TeamView) of the last computation in this session
REFRESH_S = get_settings().team_refresh_s


def lead_view(stamp: tuple, admin: str) -> TeamView:
    """The team as the lead sees it (each participant included), recomputed only when the stored session changed
    (its stamp, read once per refresh by the caller) or the language did. Kept per browser session: it is
    computed only after this session's token was checked."""
    key = (stamp, current_lang())
    cached = st.session_state.get(VIEW)
    if cached is not None and cached[0] == key:
        return cached[1]
    view = team_view(team_outcome(team_store(), stamp[0], admin))
    st.session_state[VIEW] = (key, view)
    return view


@lru_cache(maxsize=64)
def shared_view(stamp: tuple, lang: str) -> TeamView:
    """The aggregate participants may see, once per change for every open participant page of the server (it
    holds nothing of any one participant): 200 open pages each recomputing the team on every submission would
    keep a core busy. Without the disagreements and the counterfactual search, which participants are not shown."""
    return team_view(team_outcome(team_store(), stamp[0], for_participants=True), lang)


def qr_svg(url: str, scale: int = 8) -> str:
    return segno.make(url, error="m").svg_inline(scale=scale, border=2)


def draw_invitation(code: str, url: str, size: float = 1.0) -> None:
    """The join code large enough to read aloud, the QR code of the join link, and the link to copy."""
    st.html(f'<div class="guide-join-code" style="font-size:{3 * size}rem;font-weight:700;letter-spacing:.15em;'
            f'line-height:1.1;font-family:ui-monospace,monospace">{html.escape(code)}</div>')
    st.image(qr_svg(url), width=int(240 * size), caption=t("team.share.qr_caption"))
    if size > 1:  # on the projector, for those who type it: no copy button, but legible
        st.html(f'<div style="font-size:{0.8 * size}rem;word-break:break-all">{html.escape(url)}</div>')
    else:
        st.code(url, language=None, wrap_lines=True)


def draw_rules() -> None:
    with st.expander(t("team.rules_heading")):
        st.markdown("\n".join(f"- {rule}" for rule in aggregation_rules()))


def draw_recommendation(view: TeamView) -> None:
    d = view.decision
    st.subheader(t("team.dashboard.team_recommendation", winner=d.winner))
    st.caption(t("team.dashboard.alternative", alternative=d.alternative, answered=d.answered))
    with st.expander(t("team.dashboard.why"), expanded=False):
        st.markdown("\n".join(f"- **{w.title}** ({w.deltas}): {w.rationale}" for w in d.why)
                    or t("team.dashboard.no_rules"))


def draw_disagreements(view: TeamView) -> None:
    st.subheader(t("team.disagreements_heading"))
    if view.disagreements:
        st.markdown("\n".join(f"- {x}" for x in view.disagreements))
    else:
        st.caption(t("team.no_disagreement"))


@lru_cache(maxsize=256)
def _spec(shown: Distribution | tuple, lang: str, scale: float) -> dict:
    """A chart's Vega-Lite spec, built and validated once per content: a live page redraws every refresh, and
    building and validating the same charts again cost most of an unchanged refresh."""
    chart = distribution_chart(shown, lang, scale) if isinstance(shown, Distribution) else tops_chart(shown, lang)
    return chart_spec(chart)


def draw_distributions(view: TeamView, scale: float = 1.0, columns: int = 2) -> None:
    cells = st.columns(columns)
    for i, d in enumerate(view.distributions):
        with cells[i % columns]:
            st.vega_lite_chart(spec=_spec(d, current_lang(), scale), width="stretch")


def draw_individuals(view: TeamView) -> None:
    st.subheader(t("team.dashboard.individuals"))
    if view.tops:
        st.vega_lite_chart(spec=_spec(view.tops, current_lang(), 1.0), width="stretch")
    name, top, revision = (t(f"team.dashboard.columns.{c}") for c in ("name", "top", "revision"))
    st.dataframe([{name: n, top: fw, revision: r} for n, fw, r in view.individuals], hide_index=True,
                 width="stretch")


def _live_stamp(code: str, drawn: tuple[bool, bool] | None = None) -> tuple:
    """The session's stamp for a live fragment; the whole page reruns when the session was deleted, or closed,
    reopened, shared or hidden since the page was drawn, so what is around the fragment (the invitation, the
    answer form, the controls) follows too."""
    try:
        stamp = team_store().stamp(code)
    except TeamError:
        st.rerun()
    if drawn is not None and (bool(stamp[3]), bool(stamp[4])) != drawn:
        st.rerun()
    return stamp


def _lead_view(code: str, admin: str, drawn: tuple[bool, bool]) -> TeamView:
    stamp = _live_stamp(code, drawn)
    try:
        return lead_view(stamp, admin)
    except TeamError:  # the token stopped matching (or the session went) since the stamp was read
        st.rerun()


@live_fragment(REFRESH_S)
def live_dashboard(code: str, admin: str, drawn: tuple[bool, bool]) -> None:
    view = _lead_view(code, admin, drawn)
    st.metric(t("team.dashboard.participants"), view.participants,
              help=t("team.dashboard.refresh", seconds=f"{REFRESH_S:g}"))
    if not view.participants:
        st.info(t("team.dashboard.no_participants"))
        return
    draw_recommendation(view)
    draw_disagreements(view)
    draw_individuals(view)
    st.subheader(t("team.report.distributions"))
    draw_distributions(view)


@live_fragment(2 * REFRESH_S)  # a participant's page: less hurry, and there may be hundreds open
def live_aggregate(code: str, drawn: tuple[bool, bool]) -> None:
    """What a participant sees of the team: the aggregate only, and only while the lead shares it. A close or a
    reopen reaches a participant's open page within a refresh (the form goes, or comes back)."""
    stamp = _live_stamp(code, drawn)
    if not stamp[4]:
        st.caption(t("team.join.aggregate_hidden"))
        return
    view = shared_view(stamp, current_lang())
    st.metric(t("team.dashboard.participants"), view.participants)
    if view.participants:
        draw_recommendation(view)
        draw_distributions(view)


# Type for the back of a room: the page's own text grows; charts grow through their `scale`.
PROJECTOR_CSS = """<style>
[data-testid="stMainBlockContainer"]{max-width:100%;padding-top:1.5rem}
[data-testid="stMainBlockContainer"] p,[data-testid="stMainBlockContainer"] li{font-size:1.6rem}
[data-testid="stMainBlockContainer"] h1{font-size:3.2rem}
[data-testid="stMainBlockContainer"] h2,[data-testid="stMainBlockContainer"] h3{font-size:2.3rem}
[data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"]{display:none}
</style>"""


def projector_style() -> None:
    """Large type, and no sidebar: the room sees the session, not the app's navigation."""
    st.html(PROJECTOR_CSS)


def big_count(n: int) -> None:
    st.html(f'<div class="guide-count" style="font-size:6rem;font-weight:700;line-height:1">{n}</div>'
            f'<div style="font-size:1.8rem">{html.escape(t("team.projector.answered"))}</div>')


@live_fragment(REFRESH_S)
def live_projector(code: str, drawn: tuple[bool, bool]) -> None:
    """The count, the team recommendation and the distributions, large: the aggregate only, as participants
    would see it when shared (the page checked the screen key or the admin token)."""
    view = shared_view(_live_stamp(code, drawn), current_lang())
    big_count(view.participants)
    if not view.participants:
        st.markdown(t("team.projector.waiting"))
        return
    st.subheader(t("team.dashboard.team_recommendation", winner=view.decision.winner))
    st.markdown(t("team.dashboard.alternative", alternative=view.decision.alternative,
                  answered=view.decision.answered))
    draw_distributions(view, scale=1.9, columns=2)
