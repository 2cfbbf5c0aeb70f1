"""Things built once per server process, not on every rerun: the results store (a SQLAlchemy engine and its
create_all) and this machine's fingerprint (which spawns git, and nvidia-smi where present)."""

from __future__ import annotations

import streamlit as st

from guide.bench.machine import installed_versions, machine_info
from guide.bench.schema import MachineInfo
from guide.bench.store import ResultStore
from guide.settings import get_settings


@st.cache_resource(show_spinner=False)
def _store(url: str) -> ResultStore:
    return ResultStore(url)


def result_store() -> ResultStore:
    """The store for the configured database URL (keyed by it, so a changed URL gets its own store)."""
    return _store(get_settings().database_url)


@st.cache_resource(show_spinner=False)
def _team_store(url: str):
    from guide.team.store import TeamStore

    return TeamStore(url)


def team_store():
    """The team sessions' store, on the same database URL as the results."""
    return _team_store(get_settings().database_url)


@st.cache_resource(show_spinner=False)
def _machine(threads: int) -> MachineInfo:
    return machine_info(threads)


def this_machine(threads: int) -> MachineInfo:
    return _machine(threads).model_copy()  # a copy: callers may fill in a probe without touching the cache


@st.cache_resource(show_spinner=False)
def framework_versions() -> dict[str, str]:
    return installed_versions()


def stored_evidence() -> tuple[list, list]:
    """Every stored benchmark and deployment check the Claims page judges claims on (newest first)."""
    from guide.deploy.store import DeployStore

    store = result_store()
    return [r for s in store.list(limit=200) if (r := store.get(s.id))], DeployStore().recent(limit=50)


@st.cache_resource(show_spinner=False)
def _decisions_view(lang: str, digest: str):
    from guide.decision.questions import load_questions
    from guide.decision.rules import load_ruleset
    from guide.reports.decisions_view import decisions_view

    return decisions_view(load_ruleset(), load_questions(), lang)


def documented_decisions(lang: str):
    """How the guide does on the documented decisions, once per language and rule set (70 evaluations)."""
    from guide.decision.rules import load_ruleset

    return _decisions_view(lang, load_ruleset().digest)
