"""Deployment: the benchmark's model exported along each path a team would ship, run in its own runtime here."""

import streamlit as st

from guide.bench.schema import SIZES
from guide.deploy.schema import PATH_IDS, DeploySpec
from guide.deploy.store import DeployStore
from guide.evidence.matching import matched_deploy_spec
from guide.reports.charts.deploy_charts import deploy_charts
from guide.reports.deploy_table import busy_lines, failure_lines, heading, not_tried_lines, table_rows
from guide.text import literal, t, when
from guide.ui.deploy_run import check_running, show_check, start_check
from guide.ui.language import in_this_language
from guide.ui.state import current_answers
from models.registry import MODEL_NAMES

st.title(t("deployment.title"))
st.caption(t("deployment.intro"))

matched = matched_deploy_spec(current_answers())  # the form opens on the check that matches the answers
st.caption(t("deployment.matched", model=matched.model, size=matched.size, paths=", ".join(matched.targets)))
with st.form("deploy_form"):
    left, middle, right = st.columns(3)
    model = left.selectbox(t("deployment.form.model"), MODEL_NAMES, index=MODEL_NAMES.index(matched.model),
                           key="deploy_model")
    size = middle.selectbox(t("deployment.form.size"), SIZES, index=SIZES.index(matched.size), key="deploy_size")
    runs = right.number_input(t("deployment.form.runs"), 10, 5000, 200, key="deploy_runs")
    targets = st.multiselect(t("deployment.form.paths"), PATH_IDS, default=list(matched.targets),
                             key="deploy_targets")
    if st.form_submit_button(t("deployment.form.submit"), type="primary"):
        if targets:
            start_check(DeploySpec(model=model, size=size, targets=tuple(targets), runs=int(runs)))
        else:
            st.warning(t("deployment.form.no_paths"))
if (finished := show_check()) is not None:
    st.session_state["deploy_check_shown"] = finished

checks = DeployStore().recent(limit=20)
if not checks:
    if not check_running():  # the running check's progress is on screen: "no check yet" would contradict it
        st.info(t("deployment.no_checks"))
    st.stop()
ids = [c.id for c in checks]
if st.session_state.get("deploy_check_shown") not in ids:
    st.session_state["deploy_check_shown"] = ids[0]
by_id = {c.id: c for c in checks}


def check_label(check_id: str) -> str:
    c = by_id[check_id]  # model/size, rows × runs, when, id: tells apart checks of one model with other paths
    return f"{c.spec.model}/{c.spec.size}, {len(c.rows)} × {c.spec.runs}, {when(c.created_at)} ({check_id})"


chosen = by_id[st.selectbox(t("deployment.check"), ids, key="deploy_check_shown",
                            format_func=in_this_language(check_label))]
st.caption(literal(heading(chosen)))
st.dataframe(table_rows(chosen), hide_index=True, width="stretch",
             column_config={t("deployment.column.result"): st.column_config.TextColumn(width="medium")})
for line in failure_lines(chosen):
    st.warning(literal(line))  # runtimes' error messages are shown as the characters they are
for line in busy_lines(chosen):
    st.warning(line, icon="⏳")
for line in not_tried_lines(chosen):
    st.info(literal(line))
for chart in deploy_charts(chosen):
    st.altair_chart(chart)
