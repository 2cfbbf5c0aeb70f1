"""The rule set as a searchable table, and a what-if view: change one answer, see the ranking move."""

import streamlit as st

from guide.decision.rules import load_ruleset
from guide.evidence.measurements import facts_from_result
from guide.reports.charts.recommendation_charts import what_if_chart
from guide.reports.explain import filter_rows, rule_rows, what_if
from guide.ui.bench_run import chosen_result
from guide.ui.state import current_answers, questions

qs = questions()
ruleset = load_ruleset()
answers = current_answers()

st.title("Rules & what-if")
st.caption(f"Rule set {ruleset.version} · {len(ruleset.rules)} rules · digest {ruleset.digest}. "
           "Sources: seed:N is a section of the 2025 article; fact:N a dated fact checked in 2026-11.")
query = st.text_input("Search the rules", key="rule_search", placeholder="e.g. mobile, seed:3, torch.export")
rows = filter_rows(rule_rows(ruleset), query)
st.dataframe(rows, width="stretch", hide_index=True)
st.caption(f"{len(rows)} of {len(ruleset.rules)} rules shown.")

st.header("What if one answer changed?")
labels = {q.id: q.label.en for q in qs.questions}
qid = st.selectbox("Question", [q.id for q in qs.questions], format_func=labels.get, key="whatif_question")
q = qs.get(qid)
names = {o.id: o.label.en for o in q.options}
value_key = f"whatif_value_{qid}"
if value_key not in st.session_state:  # start from the current answer, not from "unanswered"
    current = answers.get(qid)
    st.session_state[value_key] = list(current or []) if q.kind == "several" else current
if q.kind == "one":
    value = st.selectbox("Answer", [None, *q.option_ids], format_func=lambda o: names.get(o, "(unanswered)"),
                         key=value_key)
else:
    value = tuple(st.multiselect("Answer", q.option_ids, format_func=names.get, key=value_key)) or None

bench = chosen_result()
result = what_if(answers, qid, value, ruleset, qs, facts_from_result(bench) if bench else ())
if bench:
    st.caption(f"Measurements of benchmark {bench.id} count on both sides, as on the Recommendation page.")
before, after = result.before, result.after
if result.winner_changed:
    st.success(f"The winner would change: {ruleset.framework(before.winner).label.en} → "
               f"{ruleset.framework(after.winner).label.en}.")
else:
    st.info(f"The winner stays {ruleset.framework(before.winner).label.en}.")
st.dataframe(result.moves(), hide_index=True, width="stretch")
st.altair_chart(what_if_chart(before, after), width="stretch")
