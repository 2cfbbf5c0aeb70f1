"""Answers live in st.session_state and are mirrored into the URL, so a link reproduces the recommendation."""

from __future__ import annotations

import re

import streamlit as st

from guide.decision.answers import AnswerSet, AnswerValue, parse_answers, parse_answers_json
from guide.decision.questions import Question, QuestionSet, load_questions
from guide.decision.recommendation import Counterfactual
from guide.errors import AnswerError
from guide.settings import get_settings
from guide.text import current_lang, literal, t
from guide.ui.language import LANG, lang_param, language_from_link, set_up_language
from guide.ui.team_link import leave_team_pages, take_team_params, team_url_params

ANSWERS = "answers"
PROBLEMS = "answer_problems"
UPLOADED = "answers_upload_seen"
FLASH = "answers_flash"  # (count, file name) of the last upload, said once on the next run in its language
UNDO = "counterfactual_undo"  # the answers before the last "Apply", and what it changed
BENCH = "bench_result_id"  # the benchmark whose measurements count; mirrored in the URL as ?bench=ID
BENCH_PARAM = "bench"
DEPLOY = "deploy_check_id"  # the deployment check whose facts count; mirrored in the URL as ?deploy=ID
DEPLOY_PARAM = "deploy"
# The evidence a link pins, URL parameter → session key: a page opened from a link uses exactly these, and newer
# evidence on the server is only offered, never swapped in.
PINNED = {BENCH_PARAM: BENCH, DEPLOY_PARAM: DEPLOY}
EVIDENCE_ID = r"[A-Za-z0-9_-]{1,64}"  # the stored results' and checks' id pattern (guide.bench.schema.RESULT_ID)


def questions() -> QuestionSet:
    return load_questions()


def _link_params() -> dict[str, str | list[str]]:
    raw = {}
    for key in st.query_params:
        values = st.query_params.get_all(key)  # a repeated key is kept as a list, so it can be named
        raw[key] = values if len(values) > 1 else values[0]
    return raw


def current_answers() -> AnswerSet:
    """The session's answers; on a session's first run they come from the URL (tampered parts dropped)."""
    if ANSWERS not in st.session_state:
        raw = _link_params()
        pinned = {param: raw.pop(param, None) for param in PINNED}
        team_problems = take_team_params(raw)
        _, problems = language_from_link(raw.pop(LANG, None))
        answers, answer_problems = parse_answers(raw, questions(), lang=current_lang())
        problems += answer_problems + team_problems
        for param, value in pinned.items():
            if value:
                problems += _take_evidence_id(param, value)
        st.session_state[ANSWERS] = answers
        st.session_state[PROBLEMS] = [t("link.from_link", problem=p) for p in problems]
    answers = st.session_state[ANSWERS]
    _sync_url(answers)
    return answers


def _take_evidence_id(param: str, value: str | list[str]) -> list[str]:
    """Keep a well-formed benchmark or check id from the link; anything else is reported and left out of the URL."""
    if isinstance(value, str) and re.fullmatch(EVIDENCE_ID, value):
        st.session_state[PINNED[param]] = value
        return []
    shown = value if isinstance(value, str) else ", ".join(value)
    return [t("link.bad_bench", param=param, value=shown[:40])]


def pinned_evidence(key: str, fetch, not_stored: str, id_field: str):
    """The stored run a session pins under `key` (a benchmark or a check, from this session or its link), or
    None; a pinned id not stored here is said once (catalogue text `not_stored`, the id as `id_field`) and
    dropped."""
    stored_id = st.session_state.get(key)
    if not stored_id:
        return None
    found = fetch(stored_id)
    if found is None:
        st.warning(t(not_stored, **{id_field: repr(stored_id)}))
        del st.session_state[key]
    return found


def evidence_params() -> dict[str, str]:
    """The evidence this session uses, as URL parameters (bench=, deploy=)."""
    return {param: st.session_state[key] for param, key in PINNED.items() if st.session_state.get(key)}


def set_answers(answers: AnswerSet) -> None:
    clean, _ = parse_answers(answers.to_json_dict(), questions())  # drops follow-ups that became hidden
    st.session_state[ANSWERS] = clean
    _sync_url(clean)


def _sync_url(answers: AnswerSet) -> None:
    target = answers.to_query_params() | lang_param() | evidence_params() | team_url_params()
    if st.query_params.to_dict() != target:
        st.query_params.from_dict(target)


def share_link(answers: AnswerSet) -> str:
    """The whole link to this page with what it shows: a bare "?use_case=…" pasted into a chat is no link
    (seen by a user). Only the query where Streamlit does not know the browser's address (AppTest)."""
    try:
        page = (st.context.url or "").split("?")[0]
    except Exception:  # noqa: BLE001 - no browser behind this run
        page = ""
    return page + share_query(answers)


def share_query(answers: AnswerSet) -> str:
    """The part of a link that reproduces what this session shows: the answers and the evidence in use."""
    query = answers.share_query()
    for param, value in evidence_params().items():
        query += ("&" if query else "?") + f"{param}={value}"
    return query + ("&" if query else "?") + f"{LANG}={lang_param()[LANG]}"  # opens in the sender's language


def show_problems() -> None:
    if flash := st.session_state.pop(FLASH, None):
        count, name = flash
        st.success(t("answers.loaded", count=count, name=name))
    problems = st.session_state.get(PROBLEMS) or []
    if problems:
        st.warning(t("answers.problems") + "\n\n" + "\n".join(f"- {literal(p)}" for p in problems), icon="⚠️")
        if st.button(t("answers.dismiss"), key="dismiss_problems"):
            st.session_state[PROBLEMS] = []
            st.rerun()


def resolve_exclusive(q: Question, before: tuple[str, ...], chosen: list[str]) -> AnswerValue | None:
    """A newly picked exclusive option ('none') replaces the rest; a new normal option drops it."""
    added = [c for c in chosen if c not in before]
    if any(a in q.exclusive for a in added):
        return (next(a for a in added if a in q.exclusive),)
    kept = [c for c in chosen if c not in q.exclusive] if added else chosen
    return tuple(o for o in q.option_ids if o in kept) or None


def answers_upload(key: str) -> None:
    """Upload a JSON answers file (or a downloaded recommendation). Bad files leave the answers as they were."""
    limit = get_settings().max_answers_upload_bytes
    mb = get_settings().max_answers_upload_mb
    upload = st.file_uploader(t("answers.upload_label"), type=["json"], key=key, max_upload_size=mb,
                              help=t("answers.upload_help", mb=mb))
    if upload is None or st.session_state.get(UPLOADED) == upload.file_id:
        return
    st.session_state[UPLOADED] = upload.file_id
    data = upload.getvalue()
    if len(data) > limit:
        st.error(t("answers.too_big", name=literal(upload.name), size=len(data), limit=limit, mb=mb))
        return
    try:
        answers, problems = parse_answers_json(data, questions(), name=t("answers.the_file"), lang=current_lang())
    except AnswerError as exc:
        st.error(t("answers.unreadable", name=literal(upload.name), error=literal(exc)))
        return
    if problems and not answers.values:
        st.error(t("answers.nothing_known", name=literal(upload.name), problems=literal("; ".join(problems))))
        return
    set_answers(answers)
    forget_widgets()  # widgets re-seed from the new answers on the rerun
    st.session_state[FLASH] = (len(answers.values), literal(upload.name))
    st.session_state[PROBLEMS] = [t("answers.left_out", name=upload.name, problem=p) for p in problems]
    st.rerun()


def forget_widgets() -> None:
    """Drop the question widgets' own values, so they show the session's answers (newly loaded) next run."""
    for key in [k for k in st.session_state if str(k).startswith("q_")]:
        del st.session_state[key]


def set_up_session() -> None:
    """Called by app.py for every page before it runs: the language is chosen (link, browser, switch) and the
    answers, the benchmark in use and the language stay in the URL on every page, so a reload or a copied link
    from any page keeps them."""
    from_link = None
    if ANSWERS not in st.session_state:  # the link is read on a session's first run only
        from_link, _ = language_from_link(_link_params().get(LANG))
    set_up_language(from_link)
    leave_team_pages()
    current_answers()


def apply_counterfactual(answers: AnswerSet, cf: Counterfactual, text: str) -> None:
    """Take a counterfactual's answers, keeping the ones before it for Undo."""
    st.session_state[UNDO] = (answers, text)
    for change in cf.changes:
        answers = answers.with_answer(change.question, change.after)
        st.session_state.pop(f"q_{change.question}", None)  # the widget shows the new answer on the next run
    set_answers(answers)


def applied_counterfactual() -> str | None:
    """What the last applied counterfactual changed, while it can still be undone."""
    return st.session_state[UNDO][1] if UNDO in st.session_state else None


def undo_counterfactual() -> None:
    previous, _ = st.session_state.pop(UNDO)
    for qid in questions().ids:
        st.session_state.pop(f"q_{qid}", None)
    set_answers(previous)
