"""About & method: how scoring works, where the evidence comes from, the article's table beside ours."""

import streamlit as st

from guide.decision.rules import load_ruleset
from guide.evidence.sources import load_sources
from guide.reports.explain import article_table
from guide.reports.team_view import aggregation_rules
from guide.text import current_lang, literal, t
from guide.ui.resources import documented_decisions
from guide.ui.state import questions

ruleset = load_ruleset()

st.title(t("app.pages.about"))
st.markdown(t("about.body", high=ruleset.confidence.high, medium=ruleset.confidence.medium))

st.header(t("about.article_table"))
st.caption(t("about.article_source"))
st.dataframe(article_table(ruleset, questions()), hide_index=True, width="stretch")

view = documented_decisions(current_lang())
st.header(t("about.decisions.heading", count=view.count))
st.markdown(t("about.decisions.intro"))
what, full, today = (t(f"about.decisions.column.{c}") for c in ("what", "all", "today"))
st.dataframe([{what: label, full: a, today: b} for label, a, b in view.summary], hide_index=True, width="stretch",
             height=36 * (len(view.summary) + 1) + 3)  # every row on screen, no scrolling inside the table
columns = {c: t(f"about.decisions.column.{c}") for c in ("organisation", "date", "chose", "picked", "picked_today",
                                                          "confidence", "why", "reasons", "source", "part")}
part = {True: t("about.decisions.part.held_out"), False: t("about.decisions.part.used")}


def decision_table(rows, fields):
    """Decisions as a table; the organisations' texts are data, shown as plain cells (never as Markdown)."""
    st.dataframe([{columns[f]: part[r.held_out] if f == "part" else getattr(r, f) for f in fields} for r in rows],
                 hide_index=True, width="stretch",
                 column_config={columns["source"]: st.column_config.LinkColumn(columns["source"]),
                                columns["why"]: st.column_config.TextColumn(width="large")})


st.subheader(t("about.decisions.misses", count=len(view.misses)))
# A list, not a table: the why is a sentence that a table cell would cut off.
st.markdown("\n".join(t("about.decisions.miss_line", organisation=literal(r.organisation), date=r.date, chose=r.chose,
                          picked=r.picked, confidence=r.confidence, why=literal(r.why), source=r.source,
                          part=part[r.held_out]) for r in view.misses))
with st.expander(t("about.decisions.all_rows")):
    st.caption(t("about.decisions.reasons_note"))
    decision_table(view.rows, ("organisation", "date", "chose", "picked", "picked_today", "confidence", "reasons",
                               "part", "source"))

st.header(t("team.rules_heading"))
st.markdown("\n".join(f"- {rule}" for rule in aggregation_rules()))

st.header(t("about.sources"))
ref, source, date, link = (t(f"about.columns.{c}") for c in ("ref", "source", "date", "link"))
st.dataframe(
    [{ref: key, source: s.title, date: s.date, link: s.url or ""} for key, s in load_sources().items()
     if key != "test"],
    hide_index=True, width="stretch",
    column_config={link: st.column_config.LinkColumn(link)},
)
