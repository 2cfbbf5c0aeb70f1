"""Benchmarks from a page: start or join a server-side job (guide.ui.jobs), show its live progress, keep the
chosen result in the session.

The run belongs to the server process, so a reload or a closed tab does not stop it. A page remembers which
job it follows under a session key of its own; a fresh session picks a running job up again (follow_running).
Progress is polled in a fragment that reruns itself while the job runs; nothing blocks the script.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import streamlit as st

from guide.bench.lock import BenchLock
from guide.bench.schema import BenchmarkResult, BenchmarkSpec
from guide.settings import get_settings
from guide.text import t
from guide.ui.jobs import BenchJob, JobSnapshot, registry
from guide.ui.language import live_fragment
from guide.ui.resources import result_store
from guide.ui.state import BENCH, pinned_evidence

# How often an open page reads a running job's progress. Each read is a fragment rerun, which cost the server
# ~0.12 s of CPU here (measured, whatever the fragment draws), taken from the core a benchmark leaves free.
POLL_S = 2.0


def start_run(spec: BenchmarkSpec, follow: str, reuse: bool = True, wait: bool = True) -> None:
    """Start a job for spec (or join the one running for an identical spec) and follow it under `follow`."""
    st.session_state[follow] = registry().submit(spec, reuse=reuse, wait=wait).key


def follow_running(follow: str, accept: Callable[[BenchmarkSpec], bool] | None = None) -> None:
    """A session following nothing (a reloaded tab, a second visitor) picks up the oldest running job whose
    spec `accept`s (any, without it), so it shows that job's progress and then its result."""
    if st.session_state.get(follow):
        return
    job = next((j for j in registry().running() if accept is None or accept(j.spec)), None)
    if job is not None:
        st.session_state[follow] = job.key


def _followed(follow: str) -> BenchJob | None:
    key = st.session_state.get(follow)
    return registry().get(key) if key else None


def show_run(follow: str, notice: bool = False) -> BenchmarkResult | None:
    """The followed job: live progress and Stop while it runs (under the busy notice when `notice`); once it
    has ended, how it ended, and its result (returned once, for the page to choose)."""
    job = _followed(follow)
    if job is None:
        st.session_state.pop(follow, None)
        return None
    snap = job.snapshot()
    if snap.running:
        _live_progress(job.key, f"{follow}_stop", notice)
        return None
    del st.session_state[follow]
    return _outcome(snap)


def _outcome(snap: JobSnapshot) -> BenchmarkResult | None:
    if snap.status == "cancelled":
        st.info(t("bench.run.cancelled", title=snap.title, error=t("bench.job.stopped")))
        return None
    if snap.status == "failed":
        st.error(t("bench.run.failed", title=snap.title, error=snap.error))
        return None
    result = result_store().get(snap.result_id or "")
    if result is None:
        st.error(t("bench.run.lost", title=snap.title, result_id=snap.result_id))
        return None
    failed = [r.name for r in result.rows if not r.ok]
    seconds = result.wall_s or 0
    text = t("bench.run.done_failed", title=snap.title, seconds=seconds, rows=", ".join(failed)) if failed else \
        t("bench.run.done", title=snap.title, seconds=seconds)
    (st.warning if failed else st.success)(text)
    return result


def _draw_rows(snap: JobSnapshot) -> None:
    st.caption(t("bench.run.started", time=snap.started_text, note=snap.note))
    for row in snap.rows:
        st.progress(min(row.fraction, 1.0), text=f"{row.name}: {row.text}")


@live_fragment(POLL_S)
def _live_progress(key: str, stop_key: str, notice: bool) -> None:
    job = registry().get(key)
    snap = job.snapshot() if job is not None else None
    if snap is None or not snap.running:
        st.rerun()  # the whole page, which then shows how the run ended and stops polling
    if notice:
        _warn_busy(busy_lines())
    state = "stopping" if snap.stopping else "waiting" if snap.waiting else "running"
    # The status's own `with` would mark it complete (a green tick) on leaving the block, while the run goes on.
    with st.status(t("bench.run.status", title=snap.title, state=t(f"bench.run.state.{state}")), state="running",
                   expanded=True).container():
        _draw_rows(snap)
        if st.button(t("bench.run.stop"), key=stop_key, disabled=snap.stopping, help=t("bench.run.stop_help")):
            registry().stop(key)


def busy_lines() -> list[str]:
    """What runs on this machine now: this server's jobs from the registry, another process's from the lock."""
    lines = [job.snapshot().describe() for job in registry().running()]
    lock = BenchLock(get_settings().data_dir)
    holder = lock.holder()
    if holder is not None and holder.pid != os.getpid():
        lines.append(holder.describe())
    others = [w for w in lock.waiting() if w.pid != os.getpid()]
    return lines + ([t("bench.run.more_waiting", n=len(others))] if others else [])


def _warn_busy(lines: list[str]) -> None:
    st.warning(t("bench.run.busy", lines="; ".join(lines)))


def show_busy_notice(follow: str) -> None:
    """A notice naming what runs on the machine, refreshed while anything runs and gone once nothing does. A
    session following a running job gets it in that job's progress panel instead (show_run): one poll, not two."""
    job = _followed(follow)
    if (job is None or job.finished.is_set()) and busy_lines():
        _busy_notice()


@live_fragment(POLL_S)
def _busy_notice() -> None:
    lines = busy_lines()
    if not lines:
        st.rerun()
    _warn_busy(lines)


def run_with_progress(spec: BenchmarkSpec, reuse: bool = False, wait: bool = False) -> BenchmarkResult | None:
    """Run spec as a server job and wait here, drawing its progress, until it ends; None unless it was done.

    For a page that runs several specs in a row. The job itself survives a reload, the waiting does not:
    a page that can should follow the job instead (start_run, show_run)."""
    job = registry().submit(spec, reuse=reuse, wait=wait)
    with st.status(t("bench.run.title", title=f"{spec.model}/{spec.size}"), expanded=True) as status:
        shown = st.empty()
        while not job.finished.wait(POLL_S):
            with shown.container():
                _draw_rows(job.snapshot())
        shown.empty()
        snap = job.snapshot()
        status.update(label=t("bench.run.status", title=snap.title, state=t(f"bench.run.state.{snap.status}")),
                      state="complete" if snap.result_id else "error")
    return _outcome(snap)


def chosen_result() -> BenchmarkResult | None:
    """The benchmark in use (from this session or from the link); a link to one not stored here says so."""
    return pinned_evidence(BENCH, result_store().get, "bench.run.not_stored", "result_id")


def choose_result(result: BenchmarkResult) -> None:
    st.session_state[BENCH] = result.id
