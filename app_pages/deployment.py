"""Deployment: the benchmark's model exported along each path a team would ship, run in its own runtime here."""

import streamlit as st

from guide.bench.schema import SIZES
from guide.deploy.runner import run_deploy_check
from guide.deploy.schema import PATH_IDS, DeploySpec, paths_for
from guide.deploy.store import DeployStore
from guide.reports.deploy_table import failure_lines, heading, not_tried_lines, table_row
from guide.text import literal
from models.registry import MODEL_NAMES

st.title("Deployment paths, checked on this machine")
st.caption("Each path exports the same model the benchmarks train (Keras 3 on TensorFlow, Keras 3 on torch, or "
           "the native PyTorch twin), then loads the artifact in a process that imports only its runtime and "
           "compares its outputs with the model's own. A failure names its stage and the runtime's real error.")

left, middle, right = st.columns(3)
model = left.selectbox("Model", MODEL_NAMES, key="deploy_model")
size = middle.selectbox("Size", SIZES, index=SIZES.index("tiny"), key="deploy_size")
runs = right.number_input("Timed batch-1 runs per path", 10, 5000, 200, key="deploy_runs")
targets = st.multiselect("Paths", PATH_IDS, default=list(PATH_IDS), key="deploy_targets")
if st.button("Run the deployment check", key="run_deploy", type="primary", disabled=not targets):
    spec = DeploySpec(model=model, size=size, targets=tuple(targets), runs=int(runs))
    with st.status("Exporting and running each path…", expanded=True) as status:
        progress = st.progress(0.0)
        done: list[str] = []
        total = len(paths_for(spec.targets))  # one row per (path, source)

        def on_row(row) -> None:
            done.append(row.path)
            progress.progress(len(done) / total, text=f"{row.path} from {row.source}: "
                              + ("ok" if row.ok else f"failed at {row.stage}"))

        DeployStore().save(run_deploy_check(spec, on_row=on_row))
        status.update(label="Deployment check stored", state="complete")

checks = DeployStore().recent(limit=20)
if not checks:
    st.info("No deployment check yet: run one above, or `python -m guide deploy-check --size tiny`.")
    st.stop()
chosen = st.selectbox("Check", checks, format_func=lambda c: f"{c.spec.model}/{c.spec.size}, "
                      f"{c.created_at:%Y-%m-%d %H:%M} UTC ({c.id})", key="deploy_check_shown")
st.caption(literal(heading(chosen)))
st.dataframe([table_row(r) for r in chosen.rows], hide_index=True, width="stretch")
for line in failure_lines(chosen):
    st.warning(literal(line))  # runtimes' error messages are shown as the characters they are
for line in not_tried_lines(chosen):
    st.info(literal(line))
