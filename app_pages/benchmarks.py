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
from guide.reports.bench_table import COLUMNS, parity_verdict, probe_text, row_cells, to_csv
from guide.reports.charts import benchmark_charts as charts
from guide.text import literal, t, when
from guide.ui.bench_run import follow_running, show_busy_notice, show_run, start_run
from guide.ui.language import in_this_language
from guide.ui.resources import result_store
from models.registry import MODEL_NAMES, describe

SHOWN = "bench_pick"  # the selectbox key of the shown run
PENDING = "bench_show_next"  # a finished run or an upload asks to be shown; applied before the selectbox exists
UPLOADED = "bench_uploaded_ids"
IMPORT_NOTES = "bench_import_notes"
FOLLOWED = "bench_job"  # the cache key of the server-side run this session shows
BACKENDS = ("torch", "tensorflow", "jax")
ENERGY_SOURCES = {"not available": "none", "RAPL package counter": "rapl"}  # guide.bench.machine's words -> key

store = result_store()
st.title(t("benchmarks.title"))
st.caption(t("benchmarks.intro"))


def backend_option(backend: str) -> str:
    """A Keras backend as the picker shows it: its row's name, and whether it is installed here."""
    name = row_label(backend, "keras")
    return name if backend_installed(backend) else t("benchmarks.form.not_installed", name=name)


def spec_from_widgets() -> tuple[BenchmarkSpec | None, bool, bool]:
    left, right = st.columns(2)
    model = left.selectbox(t("benchmarks.form.model"), MODEL_NAMES, key="bench_model")
    size = right.selectbox(t("benchmarks.form.size"), SIZES, index=SIZES.index("small"), key="bench_size")
    st.caption(describe(model, size))
    backends = st.multiselect(t("benchmarks.form.backends"), BACKENDS, default=["torch", "tensorflow"],
                              key="bench_backends", format_func=in_this_language(backend_option))
    cols = st.columns(4)
    batch = cols[0].number_input(t("benchmarks.form.batch"), 1, 4096, 64, key="bench_batch")
    steps = cols[1].number_input(t("benchmarks.form.steps"), 1, 1000, 50, key="bench_steps")
    repeats = cols[2].number_input(t("benchmarks.form.repeats"), 1, 10, 3, key="bench_repeats")
    threads = cols[3].number_input(t("benchmarks.form.threads"), 1, 64, default_threads(), key="bench_threads",
                                   help=t("benchmarks.form.threads_help"))
    native = st.checkbox(t("benchmarks.form.native"), value=True, key="bench_native")
    jit = st.checkbox(t("benchmarks.form.jit"), key="bench_jit", help=t("benchmarks.form.jit_help"))
    rerun = st.checkbox(t("benchmarks.form.rerun"), key="bench_rerun")
    wait = st.checkbox(t("benchmarks.form.wait"), value=True, key="bench_wait")
    if not backends:
        st.error(t("benchmarks.form.no_backend"))
        return None, rerun, wait
    try:
        spec = BenchmarkSpec(model=model, size=size, batch_size=batch, steps=steps, repeats=repeats,
                             threads=threads, backends=backends, native=native, jit_compile=jit)
    except ValidationError as exc:
        st.error(t("benchmarks.form.invalid", problem=exc.errors()[0]["msg"]))
        return None, rerun, wait
    return spec, rerun, wait


def machine_caption(result: BenchmarkResult) -> None:
    m = result.machine
    energy = ENERGY_SOURCES.get(m.energy_source)
    described = t("benchmarks.machine", machine=m.name, threads=m.threads, probe=probe_text(m), python=m.python,
                  commit=(m.git_commit or t("benchmarks.unknown"))[:10],
                  energy=t(f"benchmarks.energy.{energy}") if energy else m.energy_source,
                  when=when(result.created_at), source=compare.source_text(result.source))
    st.caption(literal(described))  # an imported result's fields are the sender's text
    with st.expander(t("benchmarks.versions.title")):
        st.dataframe([{t("benchmarks.versions.row"): r.name, t("benchmarks.versions.device"): r.device,
                       t("benchmarks.versions.execution"): r.execution or "", **r.versions}
                      for r in result.rows], hide_index=True)


def show_charts(result: BenchmarkResult) -> None:
    tabs = st.tabs([t(f"benchmarks.tabs.{tab}") for tab in ("step", "throughput", "loss", "inference", "memory")]
                   + ["GFLOP/s", t("benchmarks.tabs.startup")])  # a unit: the same in every language
    chart_makers = (charts.step_time_chart, charts.throughput_chart, charts.loss_chart, charts.latency_chart,
                    charts.memory_chart, charts.gflops_chart, charts.startup_chart)
    for tab, make in zip(tabs, chart_makers, strict=True):
        tab.altair_chart(make(result), width="stretch")


def show_result(result: BenchmarkResult) -> None:
    spec = result.spec
    st.header(f"{spec.model}/{spec.size}: {describe(spec.model, spec.size)}")
    st.caption(t("benchmarks.spec", batch=spec.batch_size, warmup=spec.warmup, steps=spec.steps,
                 repeats=spec.repeats, jit=spec.jit_compile, infer_batch=spec.infer_batch, seed=spec.seed))
    machine_caption(result)
    held, sentence = parity_verdict(result)
    (st.success if held else st.error if held is False else st.info)(sentence)
    for row in result.rows:
        if not row.ok:
            st.error(t("benchmarks.row_failed", row=row.name, error=literal(row.error)))
        elif row.noisy:
            st.warning(t("benchmarks.row_noisy", row=row.name, note=literal(row.noise_note)))
    st.dataframe([dict(zip(COLUMNS, row_cells(row), strict=True)) for row in result.rows], hide_index=True)
    overheads = keras_overhead(result)
    if overheads:
        st.subheader(t("benchmarks.overhead.title"))
        st.caption(t("benchmarks.overhead.caption"))
        st.altair_chart(charts.overhead_chart(overheads), width="stretch")
    if any(row.ok for row in result.rows):
        show_charts(result)
    left, right = st.columns(2)
    left.download_button(t("benchmarks.download_json"), result.model_dump_json(indent=2),
                         f"benchmark-{result.id}.json", "application/json", key="bench_download_json")
    right.download_button(t("benchmarks.download_csv"), to_csv(result), f"benchmark-{result.id}.csv", "text/csv",
                          key="bench_download_csv")


def import_upload() -> None:
    if notes := st.session_state.pop(IMPORT_NOTES, None):  # what the last import did, shown after its rerun
        created, message, warnings = notes
        (st.success if created else st.info)(literal(message))
        for warning in warnings:
            st.warning(literal(warning))
    upload = st.file_uploader(t("benchmarks.import"), type=["json"], key="bench_upload")
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
    st.header(t("benchmarks.history.title"))
    st.dataframe(compare.history_rows(results, shown), hide_index=True)
    by_id = {r.id: r for r in results}
    picked = st.multiselect(t("benchmarks.history.compare"), list(by_id), default=[shown.id], key="bench_compare",
                            format_func=in_this_language(lambda rid: compare.run_label(by_id[rid], shown)))
    chosen = [by_id[rid] for rid in picked if rid in by_id]
    if len(chosen) >= 2:
        labels = {r.id: compare.run_label(r, shown) for r in chosen}
        st.altair_chart(charts.compare_chart(chosen, labels), width="stretch")
        for result in chosen:
            if notes := compare.differences(result, shown):
                st.caption(t("benchmarks.history.differs", id=result.id, notes="; ".join(notes)))


follow_running(FOLLOWED)  # a reloaded tab shows the run still going on the server
show_busy_notice(FOLLOWED)  # runs this session does not follow (another process's); its own come with its run
spec, rerun, wait = spec_from_widgets()
if st.button(t("benchmarks.run"), type="primary", key="bench_run", disabled=spec is None) and spec is not None:
    start_run(spec, FOLLOWED, reuse=not rerun, wait=wait)
if (finished := show_run(FOLLOWED, notice=True)) is not None:
    st.session_state[PENDING] = finished.id

results = [r for s in store.list(50) if (r := store.get(s.id)) is not None]
if not results:
    st.info(t("benchmarks.empty"))
    import_upload()
    st.stop()
ids = [r.id for r in results]
if st.session_state.get(PENDING) in ids:
    st.session_state[SHOWN] = st.session_state.pop(PENDING)
if st.session_state.get(SHOWN) not in ids:
    st.session_state[SHOWN] = ids[0]
shown_id = st.selectbox(t("benchmarks.shown"), ids, key=SHOWN,
                        format_func=in_this_language(lambda rid: compare.run_label(results[ids.index(rid)],
                                                                                   results[0])))
shown = results[ids.index(shown_id)]
show_result(shown)
history(results, shown)
import_upload()
