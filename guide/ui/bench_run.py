"""Run a benchmark from a page with live progress, and keep the chosen result in the session."""

from __future__ import annotations

import streamlit as st

from guide.bench.lock import BenchmarkBusy
from guide.bench.runner import planned_rows, run_benchmark
from guide.bench.schema import BenchmarkResult, BenchmarkSpec
from guide.bench.store import ResultStore

RESULT_ID = "bench_result_id"


def run_with_progress(spec: BenchmarkSpec, reuse: bool = False) -> BenchmarkResult | None:
    """Runs spec in worker processes, one progress bar over every (row, repeat); None when the machine is busy."""
    total = max(1, len(planned_rows(spec)) * spec.repeats)
    done = [0]
    with st.status(f"Benchmark {spec.model}/{spec.size}: {total} worker runs", expanded=True) as status:
        bar = st.progress(0.0, text="starting")

        def on_event(event) -> None:
            if event.kind == "row_finished":
                done[0] += 1
            step = event.done / event.total / total if event.kind == "progress" and event.total else 0.0
            text = " · ".join(p for p in (event.label, event.phase, event.message) if p)
            bar.progress(min(done[0] / total + step, 1.0), text=text or event.kind)

        try:
            result = run_benchmark(spec, on_event=on_event, store=ResultStore(), reuse=reuse, wait=False)
        except BenchmarkBusy as exc:
            status.update(label=f"Busy: {exc}", state="error")
            return None
        failed = [r.label for r in result.rows if not r.ok]
        label = f"Done in {result.wall_s or 0:.0f} s" + (f"; failed: {', '.join(failed)}" if failed else "")
        status.update(label=label, state="error" if failed else "complete", expanded=bool(failed))
    return result


def chosen_result() -> BenchmarkResult | None:
    result_id = st.session_state.get(RESULT_ID)
    return ResultStore().get(result_id) if result_id else None


def choose_result(result: BenchmarkResult) -> None:
    st.session_state[RESULT_ID] = result.id
