"""Claims page: the article's testable claims, checked against benchmarks run here (or imported)."""

import streamlit as st

from guide.bench.schema import default_threads
from guide.evidence.claims import describe_rows, observation_text, runtime_rows, specs_needed, verdicts_by_machine
from guide.evidence.sources import source_title
from guide.text import t
from guide.ui.bench_run import run_with_progress
from guide.ui.resources import stored_evidence, this_machine

BADGE_COLOUR = {"supported": "green", "contradicted": "red", "inconclusive": "orange"}

st.title(t("claims.title"))
st.caption(t("claims.intro"))

if st.button(t("claims.run_button"), key="run_claims", type="primary"):
    for spec in specs_needed(quick=True):
        if run_with_progress(spec, reuse=True) is None:
            break
    st.rerun()

results, deployments = stored_evidence()  # claims about runtimes are judged on the deployment checks
if not results:
    st.info(t("claims.no_results"))
for machine, verdicts in verdicts_by_machine(results, this_machine(default_threads()).fingerprint(), deployments):
    st.header(t("claims.measured_on", machine=machine))
    for v in verdicts:
        with st.container(border=True):
            badge = f":{BADGE_COLOUR[v.verdict]}[{t(f'claims.verdict.{v.verdict}')}]"
            st.markdown(f"**{badge}** · {v.claim.claim.get()} ({source_title(v.claim.source)})  \n{v.explanation}")
            if v.observations:
                st.dataframe([{t("claims.column.size"): o.size, t("claims.column.a_label"): o.a_label,
                               t("claims.column.a_value"): o.a_value, t("claims.column.b_label"): o.b_label,
                               t("claims.column.b_value"): o.b_value, t("claims.column.verdict"): observation_text(o),
                               t("claims.column.date"): o.date} for o in v.observations],
                             hide_index=True, width="stretch")
            if rows := runtime_rows(v, deployments):
                with st.expander(t("claims.runtimes_in_view")):
                    st.dataframe(rows, hide_index=True, width="stretch")
            if not v.observations:
                on_runtimes = v.claim.check.kind == "deploy_compare"
                st.caption(t("claims.how_to_measure_runtimes" if on_runtimes else "claims.how_to_measure"))
            st.caption(t("claims.rows_and_limits", rows=describe_rows(v.claim), limits=v.claim.limits.get()))
