"""Claims page: the article's testable claims, checked against benchmarks run here (or imported)."""

import streamlit as st

from guide.bench.schema import default_threads
from guide.deploy.store import DeployStore
from guide.evidence.claims import describe_rows, observation_text, runtime_rows, specs_needed, verdicts_by_machine
from guide.ui.bench_run import run_with_progress
from guide.ui.resources import result_store, this_machine

BADGE = {"supported": ":green[supported]", "contradicted": ":red[contradicted]",
         "inconclusive": ":orange[inconclusive]"}

st.title("The article's claims, checked")
st.caption("Each claim of the 2025 article that a benchmark can test, judged on measurements: supported, "
           "contradicted, or inconclusive (a size's difference counts only when the 95% interval of the ratio "
           "clears 10%). A CPU mini-benchmark speaks for small models on this machine; claims about GPU "
           "utilisation need a GPU result (import one on the Benchmarks page or "
           "with `python -m guide results import FILE`). Results from different machines are judged apart.")

if st.button("Run the checks (quick: tiny and small MLP, about a minute)", key="run_claims", type="primary"):
    for spec in specs_needed(quick=True):
        if run_with_progress(spec, reuse=True) is None:
            break
    st.rerun()

store = result_store()
results = [r for s in store.list(limit=200) if (r := store.get(s.id))]
if not results:
    st.info("No benchmark is stored yet: run the checks above.")
deployments = DeployStore().recent(limit=50)  # claims about runtimes are judged on deployment checks
for machine, verdicts in verdicts_by_machine(results, this_machine(default_threads()).fingerprint(), deployments):
    st.header(f"Measured on {machine}")
    for v in verdicts:
        with st.container(border=True):
            st.markdown(f"**{BADGE[v.verdict]}** · {v.claim.claim} ({v.claim.source})  \n{v.explanation}")
            if v.observations:
                st.dataframe([{"size": o.size, "claim says lower": o.a_label, "value": o.a_value,
                               "compared with": o.b_label, "its value": o.b_value,
                               "verdict": observation_text(o),
                               "date": o.date} for o in v.observations], hide_index=True, width="stretch")
            if rows := runtime_rows(v, deployments):
                with st.expander("The runtimes in view (from the newest deployment check per size)"):
                    st.dataframe(rows, hide_index=True, width="stretch")
            if not v.observations:
                st.caption("Press **Run the checks** above to measure it (or run `python -m guide claims --quick`; "
                           "claims about runtimes need `python -m guide deploy-check --size tiny` and `--size small`).")
            st.caption(f"Rows and figure: {describe_rows(v.claim)}. Limits: {v.claim.limits}")
