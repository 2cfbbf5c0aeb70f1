"""Live benchmarks: the same Keras 3 model on each backend, beside native PyTorch / TensorFlow, measured here.

The page draws widgets and calls guide.bench; every number and chart comes from a BenchmarkResult. Frameworks
run only in worker processes: this page never imports torch, TensorFlow, Keras or JAX.
"""

import streamlit as st
from pydantic import ValidationError

from guide.bench.machine import backend_installed
from guide.bench.schema import SIZES, BenchmarkResult, BenchmarkSpec, default_threads, row_label
from guide.bench.store import ResultFileError
from guide.evidence import compare
from guide.evidence.overhead import keras_overhead
from guide.reports.bench_table import COLUMNS, parity_verdict, row_cells, to_csv
from guide.reports.charts import benchmark_charts as charts
from guide.text import literal
from guide.ui.bench_run import follow_running, show_busy_notice, show_run, start_run
from guide.ui.resources import result_store
from models.registry import MODEL_NAMES, describe

SHOWN = "bench_pick"  # the selectbox key of the shown run
PENDING = "bench_show_next"  # a finished run or an upload asks to be shown; applied before the selectbox exists
UPLOADED = "bench_uploaded_ids"
IMPORT_NOTES = "bench_import_notes"
FOLLOWED = "bench_job"  # the cache key of the server-side run this session shows
BACKENDS = ("torch", "tensorflow", "jax")

store = result_store()
st.title("Live benchmarks")
st.caption("The same Keras 3 model (same initial weights, same data) on each Keras backend, optionally beside "
           "hand-written native PyTorch and TensorFlow twins. Each row runs in its own worker process with the "
           "same thread budget, repeats alternate rows, and a parity check confirms every row trains the same "
           "model. A Keras-on-torch timing is not a PyTorch timing: tick the native rows to see both.")


def spec_from_widgets() -> tuple[BenchmarkSpec | None, bool, bool]:
    left, right = st.columns(2)
    model = left.selectbox("Model", MODEL_NAMES, key="bench_model")
    size = right.selectbox("Size", SIZES, index=SIZES.index("small"), key="bench_size")
    st.caption(describe(model, size))
    backends = st.multiselect("Keras backends", BACKENDS, default=["torch", "tensorflow"], key="bench_backends",
                              format_func=lambda b: row_label(b, "keras") + ("" if backend_installed(b)
                                                                             else " (not installed)"))
    cols = st.columns(4)
    batch = cols[0].number_input("Batch size", 1, 4096, 64, key="bench_batch")
    steps = cols[1].number_input("Timed steps", 1, 1000, 50, key="bench_steps")
    repeats = cols[2].number_input("Repeats", 1, 10, 3, key="bench_repeats")
    threads = cols[3].number_input("Threads", 1, 64, default_threads(), key="bench_threads",
                                   help="Equal for every row. Default: all cores but one, so the app stays responsive.")
    native = st.checkbox("Add native PyTorch / TensorFlow rows", value=True, key="bench_native")
    jit = st.checkbox("Compile (torch.compile on torch, XLA on TensorFlow)", key="bench_jit",
                      help="torch.compile can take half a minute per worker; compile time is reported apart.")
    rerun = st.checkbox("Measure again even if this exact run is stored", key="bench_rerun")
    wait = st.checkbox("Wait if another benchmark is running", value=True, key="bench_wait")
    if not backends:
        st.error("Choose at least one Keras backend.")
        return None, rerun, wait
    try:
        spec = BenchmarkSpec(model=model, size=size, batch_size=batch, steps=steps, repeats=repeats,
                             threads=threads, backends=backends, native=native, jit_compile=jit)
    except ValidationError as exc:
        st.error(f"Invalid settings: {exc.errors()[0]['msg']}")
        return None, rerun, wait
    return spec, rerun, wait


def machine_caption(result: BenchmarkResult) -> None:
    m = result.machine
    described = (f"Machine: {m.label}, {m.threads} threads per row; matmul probe {m.probe_text}; "
                 f"Python {m.python}; commit {(m.git_commit or 'unknown')[:10]}; energy: "
                 f"{m.energy_source} (CPU time per inference is the proxy). Measured "
                 f"{result.created_at:%Y-%m-%d %H:%M} UTC, source: {result.source}.")
    st.caption(literal(described))  # an imported result's fields are the sender's text
    with st.expander("Versions per row"):
        st.dataframe([{"row": r.label, "device": r.device, "step runs as": r.execution or "", **r.versions}
                      for r in result.rows], hide_index=True)


def show_charts(result: BenchmarkResult) -> None:
    tabs = st.tabs(["Step time", "Throughput", "Loss", "Inference", "Memory", "GFLOP/s", "Start-up"])
    chart_makers = (charts.step_time_chart, charts.throughput_chart, charts.loss_chart, charts.latency_chart,
                    charts.memory_chart, charts.gflops_chart, charts.startup_chart)
    for tab, make in zip(tabs, chart_makers, strict=True):
        tab.altair_chart(make(result), width="stretch")


def show_result(result: BenchmarkResult) -> None:
    spec = result.spec
    st.header(f"{spec.model}/{spec.size}: {describe(spec.model, spec.size)}")
    st.caption(f"batch {spec.batch_size}, {spec.warmup} warm-up + {spec.steps} timed steps × {spec.repeats} "
               f"repeats, jit_compile={spec.jit_compile}, inference batch {spec.infer_batch}, seed {spec.seed}.")
    machine_caption(result)
    held, sentence = parity_verdict(result)
    (st.success if held else st.error if held is False else st.info)(sentence)
    for row in result.rows:
        if not row.ok:
            st.error(f"{row.label} failed: {literal(row.error)}")
        elif row.noisy:
            st.warning(f"{row.label}: {literal(row.noise_note)}. Its spread widens the 95% intervals of the "
                       "comparisons that use it (a large gap still counts); re-run on an idle machine.")
    st.dataframe([dict(zip(COLUMNS, row_cells(row), strict=True)) for row in result.rows], hide_index=True)
    overheads = keras_overhead(result)
    if overheads:
        st.subheader("Keras overhead per backend")
        st.caption("Keras 3 step time over the native twin's on the same model, weights and data, with the 95% "
                   "interval of the ratio (the judgement every view uses). 1.0× means no overhead.")
        st.altair_chart(charts.overhead_chart(overheads), width="stretch")
    if any(row.ok for row in result.rows):
        show_charts(result)
    left, right = st.columns(2)
    left.download_button("Download JSON", result.model_dump_json(indent=2), f"benchmark-{result.id}.json",
                         "application/json", key="bench_download_json")
    right.download_button("Download CSV", to_csv(result), f"benchmark-{result.id}.csv", "text/csv",
                          key="bench_download_csv")


def import_upload() -> None:
    if notes := st.session_state.pop(IMPORT_NOTES, None):  # what the last import did, shown after its rerun
        created, message, warnings = notes
        (st.success if created else st.info)(literal(message))
        for warning in warnings:
            st.warning(literal(warning))
    upload = st.file_uploader("Import a result JSON (from `python -m guide results export`)", type=["json"],
                              key="bench_upload")
    done = st.session_state.setdefault(UPLOADED, {})
    if upload is None or upload.file_id in done:
        return
    try:
        outcome = store.import_result(upload.getvalue(), upload.name)
    except ResultFileError as exc:
        st.error(literal(exc))
        return
    done[upload.file_id] = outcome.result.id
    st.session_state[IMPORT_NOTES] = (outcome.created, f"{upload.name}: {outcome.message}", outcome.warnings)
    st.session_state[PENDING] = outcome.result.id
    st.rerun()


def history(results: list[BenchmarkResult], shown: BenchmarkResult) -> None:
    st.header("Past runs")
    st.dataframe(compare.history_rows(results, shown), hide_index=True)
    by_id = {r.id: r for r in results}
    picked = st.multiselect("Compare runs side by side", list(by_id), default=[shown.id], key="bench_compare",
                            format_func=lambda rid: compare.run_label(by_id[rid], shown))
    chosen = [by_id[rid] for rid in picked if rid in by_id]
    if len(chosen) >= 2:
        labels = {r.id: compare.run_label(r, shown) for r in chosen}
        st.altair_chart(charts.compare_chart(chosen, labels), width="stretch")
        for result in chosen:
            if notes := compare.differences(result, shown):
                st.caption(f"{result.id}: " + "; ".join(notes) + ". Shown side by side, never merged.")


follow_running(FOLLOWED)  # a reloaded tab shows the run still going on the server
show_busy_notice(FOLLOWED)  # runs this session does not follow (another process's); its own come with its run
spec, rerun, wait = spec_from_widgets()
if st.button("Run benchmark", type="primary", key="bench_run", disabled=spec is None) and spec is not None:
    start_run(spec, FOLLOWED, reuse=not rerun, wait=wait)
if (finished := show_run(FOLLOWED, notice=True)) is not None:
    st.session_state[PENDING] = finished.id

results = [r for s in store.list(50) if (r := store.get(s.id)) is not None]
if not results:
    st.info("No benchmark stored yet: choose a model and press Run benchmark.")
    import_upload()
    st.stop()
ids = [r.id for r in results]
if st.session_state.get(PENDING) in ids:
    st.session_state[SHOWN] = st.session_state.pop(PENDING)
if st.session_state.get(SHOWN) not in ids:
    st.session_state[SHOWN] = ids[0]
shown_id = st.selectbox("Shown run", ids, key=SHOWN,
                        format_func=lambda rid: compare.run_label(results[ids.index(rid)], results[0]))
shown = results[ids.index(shown_id)]
show_result(shown)
history(results, shown)
import_upload()
