"""Run a benchmark from a page with live progress, and keep the chosen result in the session."""

from __future__ import annotations

import streamlit as st

from guide.bench.lock import BenchmarkBusy
from guide.bench.progress import RowProgress
from guide.bench.runner import run_benchmark
from guide.bench.schema import BenchmarkResult, BenchmarkSpec
from guide.bench.store import ResultStore
from guide.ui.state import BENCH


def run_with_progress(spec: BenchmarkSpec, reuse: bool = False, wait: bool = False) -> BenchmarkResult | None:
    """Runs spec in worker processes with a live progress bar per row; None when the machine is busy and
    `wait` is off (the status says who holds it)."""
    tracker = RowProgress(spec)
    with st.status(f"Benchmark {spec.model}/{spec.size}", expanded=True) as status:
        note = st.empty()
        bars = {label: st.progress(0.0, text=f"{label}: waiting") for label in tracker.rows}

        def on_event(event) -> None:
            state = tracker.update(event)
            if state is None:
                if event.message:
                    note.caption(event.message)
                return
            bars[state.label].progress(min(state.fraction, 1.0), text=f"{state.label}: {state.text}")

        try:
            result = run_benchmark(spec, on_event=on_event, store=ResultStore(), reuse=reuse, wait=wait)
        except BenchmarkBusy as exc:
            status.update(label=str(exc), state="error")
            return None
        failed = [r.label for r in result.rows if not r.ok]
        label = f"Done in {result.wall_s or 0:.0f} s" + (f"; failed: {', '.join(failed)}" if failed else "")
        status.update(label=label, state="error" if failed else "complete", expanded=bool(failed))
    return result


def chosen_result() -> BenchmarkResult | None:
    """The benchmark in use (from this session or from the link); a link to one not stored here says so."""
    result_id = st.session_state.get(BENCH)
    if not result_id:
        return None
    result = ResultStore().get(result_id)
    if result is None:
        st.warning(f"The link names benchmark {result_id!r}, which is not stored on this machine, so the "
                   "recommendation stands on the rules alone. Import its JSON on the Live benchmarks page.")
        del st.session_state[BENCH]
    return result


def choose_result(result: BenchmarkResult) -> None:
    st.session_state[BENCH] = result.id
