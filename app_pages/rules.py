"""The rule set as a searchable table, and a what-if view: change one answer, see the ranking move."""

import streamlit as st

from guide.decision.rules import load_ruleset
from guide.evidence.measurements import facts_from_result
from guide.reports.charts.recommendation_charts import what_if_chart
from guide.reports.explain import filter_rows, rule_rows, what_if
from guide.reports.view import answer_text
from guide.text import t
from guide.ui.bench_run import chosen_result
from guide.ui.language import in_this_language
from guide.ui.state import current_answers, questions

qs = questions()
ruleset = load_ruleset()
answers = current_answers()

st.title(t("rules_page.title"))
st.caption(t("rules_page.caption", version=ruleset.version, count=len(ruleset.rules), digest=ruleset.digest))
query = st.text_input(t("rules_page.search"), key="rule_search", placeholder=t("rules_page.search_placeholder"))
rows = filter_rows(rule_rows(ruleset), query)
st.dataframe(rows, width="stretch", hide_index=True)
st.caption(t("rules_page.shown", shown=len(rows), total=len(ruleset.rules)))

st.header(t("rules_page.what_if"))
labels = {q.id: q.label.get() for q in qs.questions}
qid = st.selectbox(t("rules_page.question"), [q.id for q in qs.questions], format_func=labels.get,
                   key="whatif_question")
q = qs.get(qid)
names = {o.id: o.label.get() for o in q.options}
value_key = f"whatif_value_{qid}"
if value_key not in st.session_state:  # start from the current answer, not from "unanswered"
    current = answers.get(qid)
    st.session_state[value_key] = list(current or []) if q.kind == "several" else current
if q.kind == "one":
    value = st.selectbox(t("rules_page.answer"), [None, *q.option_ids], key=value_key,
                         format_func=in_this_language(lambda o: answer_text(qid, o, qs)))
else:
    value = tuple(st.multiselect(t("rules_page.answer"), q.option_ids, format_func=names.get, key=value_key)) or None

bench = chosen_result()
result = what_if(answers, qid, value, ruleset, qs, facts_from_result(bench) if bench else ())
if bench:
    st.caption(t("rules_page.bench", id=bench.id))
before, after = result.before, result.after
if result.winner_changed:
    st.success(t("rules_page.changed", before=ruleset.framework(before.winner).label.get(),
                 after=ruleset.framework(after.winner).label.get()))
else:
    st.info(t("rules_page.stays", winner=ruleset.framework(before.winner).label.get()))
st.dataframe(result.moves(), hide_index=True, width="stretch")
st.altair_chart(what_if_chart(before, after), width="stretch")
