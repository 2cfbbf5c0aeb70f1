"""One question as a widget, bound to the session's answers: the Questionnaire page and a team participant's
page draw the same widgets, so both store answers the same way."""

from __future__ import annotations

import streamlit as st

from guide.decision.questions import Question
from guide.ui.state import current_answers, questions, resolve_exclusive, set_answers


def _store(question_id: str) -> None:
    q = questions().get(question_id)
    value = st.session_state[f"q_{question_id}"]
    if q.kind == "several":
        value = resolve_exclusive(q, current_answers().get(q.id) or (), list(value or []))
        st.session_state[f"q_{question_id}"] = list(value or [])
    set_answers(current_answers().with_answer(question_id, value))


def draw_question(q: Question) -> None:
    key = f"q_{q.id}"
    current = current_answers().get(q.id)
    labels = {o.id: o.label.get() for o in q.options}
    if q.kind == "one":
        if key not in st.session_state:
            st.session_state[key] = current
        st.radio(q.label.get(), q.option_ids, format_func=labels.get, captions=[o.help.get() for o in q.options],
                 help=q.help.get(), key=key, on_change=_store, args=(q.id,), index=None)
    else:
        if key not in st.session_state:
            st.session_state[key] = list(current or [])
        # Pills, not a multiselect: a multiselect's type-ahead offers "Select N matches" first, so typing
        # "CPU servers" and pressing Enter also picked "Cloud GPU servers" and changed the score.
        st.pills(q.label.get(), q.option_ids, selection_mode="multi", format_func=labels.get, help=q.help.get(),
                 key=key, on_change=_store, args=(q.id,))
        st.caption(" · ".join(f"**{o.label.get()}**: {o.help.get()}" for o in q.options))

