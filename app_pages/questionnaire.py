"""Questionnaire: grouped steps with progress, help text, back/forward without losing answers."""

import streamlit as st

from guide.decision.answers import is_visible
from guide.text import t
from guide.ui.question_widgets import draw_question
from guide.ui.state import answers_upload, current_answers, questions, set_answers, show_problems

STEP = "questionnaire_step"
qs = questions()
answers = current_answers()
groups = qs.groups
step = min(st.session_state.get(STEP, 0), len(groups) - 1)

st.title(t("questionnaire.title"))
st.caption(t("questionnaire.intro"))
show_problems()

visible = [q for q in qs.questions if is_visible(q, answers.values)]
answered = sum(1 for q in visible if q.id in answers.values)
st.progress(answered / len(visible), text=t("questionnaire.progress", answered=answered, total=len(visible),
                                            step=step + 1, steps=len(groups), group=groups[step].label.get()))


st.subheader(groups[step].label.get())
for q in qs.in_group(groups[step].id):
    if q in visible:
        draw_question(q)
step_answered = any(q.id in answers.values for q in qs.in_group(groups[step].id))
if step_answered and st.button(t("questionnaire.clear_step"), key="clear_step"):
    for q in qs.in_group(groups[step].id):
        st.session_state.pop(f"q_{q.id}", None)
        answers = answers.with_answer(q.id, None)
    set_answers(answers)
    st.rerun()

back, forward = st.columns(2)
if back.button(t("questionnaire.back"), disabled=step == 0, key="step_back", width="stretch"):
    st.session_state[STEP] = step - 1
    st.rerun()
if step < len(groups) - 1:
    if forward.button(t("questionnaire.next"), key="step_next", type="primary", width="stretch"):
        st.session_state[STEP] = step + 1
        st.rerun()
elif forward.button(t("questionnaire.see_recommendation"), key="see_recommendation", type="primary", width="stretch"):
    st.switch_page("app_pages/recommendation.py")

with st.expander(t("answers.load_expander")):
    answers_upload("questionnaire_upload")
