"""Deployment checks from a page: start or join a server-side check (guide.ui.deploy_jobs), draw its live
per-row progress with Stop, and say how it ended. A reloaded tab picks the running check up again."""

from __future__ import annotations

import streamlit as st

from guide.deploy.schema import DeploySpec, source_label
from guide.deploy.store import DeployStore
from guide.reports.deploy_table import path_name, result_text
from guide.text import literal, t
from guide.ui.bench_run import POLL_S
from guide.ui.deploy_jobs import DeploySnapshot, deploy_registry
from guide.ui.language import live_fragment
from guide.ui.state import DEPLOY, pinned_evidence

FOLLOW = "deploy_follow"
SHOWN = "deploy_check_shown"  # the Deployment page's check selector
PIN_WHEN_DONE = "deploy_pin_when_done"  # the matched check, asked for from the Recommendation page: used once done


def start_check(spec: DeploySpec) -> None:
    st.session_state[FOLLOW] = deploy_registry().submit(spec).key


def start_matched_check(spec: DeploySpec) -> None:
    """Run the check that matches the answers and follow it on the Deployment page; once stored, the
    recommendation uses it (pinned, so the link names it)."""
    start_check(spec)
    st.session_state[PIN_WHEN_DONE] = st.session_state[FOLLOW]
    st.switch_page("app_pages/deployment.py")


def show_check() -> str | None:
    """The followed check (or, for a session following none, the one running): live progress while it runs;
    once it has ended, how it ended. Returns the stored check's id once, when it is done."""
    if not st.session_state.get(FOLLOW):
        running = deploy_registry().running()
        if not running:
            return None
        st.session_state[FOLLOW] = running[0].key
    job = deploy_registry().get(st.session_state[FOLLOW])
    if job is None:
        del st.session_state[FOLLOW]
        return None
    snap = job.snapshot()
    if snap.running:
        _live_progress(job.key)
        return None
    del st.session_state[FOLLOW]
    done = _outcome(snap)
    if done is not None and st.session_state.pop(PIN_WHEN_DONE, None) == job.key:
        st.session_state[DEPLOY] = done
    return done


def _outcome(snap: DeploySnapshot) -> str | None:
    check = {"model": snap.spec.model, "size": snap.spec.size}
    if snap.status == "done":
        failed = sum(r.tried and not r.ok for r in snap.rows)
        (st.warning if failed else st.success)(t("deployment.run.stored", **check, rows=len(snap.rows), failed=failed))
        return snap.result_id
    if snap.status == "cancelled":
        st.info(t("deployment.run.cancelled", **check))
    else:
        st.error(t("deployment.run.failed", **check, error=literal(snap.error or "")))
    return None


@live_fragment(POLL_S)
def _live_progress(key: str) -> None:
    job = deploy_registry().get(key)
    snap = job.snapshot() if job is not None else None
    if snap is None or not snap.running:
        st.rerun()  # the whole page, which then shows how the check ended and stops polling
    step = snap.step_text()
    state = t("deployment.run.stopping") if snap.stopping else step
    # The status's own `with` would mark it complete (a green tick) on leaving the block, while the check runs on.
    with st.status(t("deployment.run.status", model=snap.spec.model, size=snap.spec.size, state=state),
                   state="running", expanded=True).container():
        st.progress(snap.fraction, text=t("deployment.run.progress", done=len(snap.rows), total=snap.total, step=step))
        for row in snap.rows:
            st.caption(literal(f"{path_name(row.path, source_label(row.source))}: {result_text(row)}"))
        if st.button(t("deployment.run.stop"), key="deploy_stop", disabled=snap.stopping,
                     help=t("deployment.run.stop_help")):
            deploy_registry().stop(key)


def chosen_check():
    """The deployment check in use (pinned by this session or its link; none unless one is); a link to a check not
    stored here says so and is dropped."""
    return pinned_evidence(DEPLOY, DeployStore().get, "deployment.run.not_stored", "check_id")


def choose_check(check) -> None:
    st.session_state[DEPLOY] = check.id


def show_deploy_check(check_id: str) -> None:
    """Open the Deployment page on one stored check (the one a recommendation used)."""
    st.session_state[SHOWN] = check_id
    st.switch_page("app_pages/deployment.py")


def check_running() -> bool:
    return bool(deploy_registry().running())
