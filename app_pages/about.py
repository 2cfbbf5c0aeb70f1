"""About & method: how scoring works, where the evidence comes from, the article's table beside ours."""

import streamlit as st

from guide.decision.rules import load_ruleset
from guide.evidence.sources import load_sources
from guide.reports.explain import article_table
from guide.reports.team_view import aggregation_rules
from guide.text import t
from guide.ui.state import questions

ruleset = load_ruleset()

st.title(t("app.pages.about"))
st.markdown(t("about.body", high=ruleset.confidence.high, medium=ruleset.confidence.medium))

st.header(t("about.article_table"))
st.caption(t("about.article_source"))
st.dataframe(article_table(ruleset, questions()), hide_index=True, width="stretch")

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
