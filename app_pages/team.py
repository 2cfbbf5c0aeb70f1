"""Team session: a lead starts one here; a participant joins (link, QR code or typed code), answers the same
questionnaire on their own device and submits, and revises until the session closes. Anonymous unless a name is
given; the participant's token stays in this page's link, so a bookmark brings them back as themselves."""

import streamlit as st

from guide.decision.answers import is_visible, parse_answers
from guide.decision.engine import recommend
from guide.team.store import TeamError
from guide.team.tokens import normal_code
from guide.text import literal, t
from guide.ui.question_widgets import draw_question
from guide.ui.resources import team_store
from guide.ui.state import current_answers, forget_widgets, questions, set_answers, show_problems
from guide.ui.team_link import ADMIN, CODE, ME, set_team_link, team_in_url, team_link
from guide.ui.team_views import live_aggregate

RESTORED = "team_restored"  # the participant token whose stored answers this session has loaded
STORED = "team_stored"  # (revision, own top framework) of the submission just made, said once

st.title(t("team.join.title"))
show_problems()
link = team_link()
team_in_url(lead=False)


def start_or_join() -> None:
    st.caption(t("team.join.intro"))
    create, join = st.columns(2)
    with create.form("team_create"):
        st.subheader(t("team.join.start_heading"))
        title = st.text_input(t("team.join.title_label"), max_chars=80)
        if st.form_submit_button(t("team.join.create"), type="primary"):
            code, admin = team_store().create(title.strip()[:80])  # max_chars binds the browser only
            set_team_link(lead=False, **{CODE: code, ADMIN: admin, ME: None})
            st.switch_page("app_pages/team_dashboard.py")
    with join.form("team_join"):
        st.subheader(t("team.join.join_heading"))
        typed = st.text_input(t("team.join.code_label"), max_chars=12, help=t("team.join.code_help"))
        if st.form_submit_button(t("team.join.join")):
            if normal_code(typed):
                set_team_link(lead=False, **{CODE: normal_code(typed), ADMIN: None, ME: None})
                st.rerun()
            st.error(t("team.unknown_code", code=literal(typed.strip()[:12])))


def restore_answers(code: str, token: str | None) -> None:
    """On a participant link's first visit, their stored answers replace the session's."""
    if not token or st.session_state.get(RESTORED) == token:
        return
    st.session_state[RESTORED] = token
    stored = team_store().participant(code, token)
    if stored is None:
        st.warning(t("team.join.unknown_participant", code=code))
        return
    set_answers(parse_answers(stored.answers, questions())[0])
    forget_widgets()
    st.session_state["team_name"] = stored.name or ""
    st.info(t("team.join.restored", revision=stored.revision))


def submit(code: str) -> None:
    answers = current_answers()
    if not answers.values:
        st.error(t("team.join.no_answers"))
        return
    name = st.session_state.get("team_name", "").strip()[:60] or None
    done = team_store().submit(code, answers.to_json_dict(), name, team_link().get(ME))
    st.session_state[RESTORED] = done.participant_token
    set_team_link(lead=False, **{ME: done.participant_token})
    own = recommend(answers, with_counterfactuals=False)  # only its winner is said
    st.session_state[STORED] = (done.revision, own.ranking[0].label.get())
    st.rerun()  # the page as it now is: the link with the token, the button that revises


def questionnaire(session: dict) -> None:
    st.markdown(t("team.join.joined", code=session["code"], title=literal(session["title"] or t("team.untitled"))))
    st.caption(t("team.join.anonymous"))
    restore_answers(session["code"], link.get(ME))
    for group in questions().groups:
        st.subheader(group.label.get())
        for q in questions().in_group(group.id):
            if is_visible(q, current_answers().values):
                draw_question(q)
    st.text_input(t("team.join.name_label"), key="team_name", max_chars=60)
    again = bool(link.get(ME))
    if not again:  # nothing in a plain join link knows this device: a second submit is a second participant
        st.caption(t("team.join.answered_before"))
    if st.button(t("team.join.revise" if again else "team.join.submit"), type="primary", key="team_submit"):
        submit(session["code"])
    if stored := st.session_state.pop(STORED, None):  # beside the button: on a phone the top is far away
        st.toast(t("team.join.stored_short", revision=stored[0]), icon="✅")
        st.success(t("team.join.stored", revision=stored[0]))
        st.info(t("team.join.your_top", winner=stored[1]))


if CODE not in link:
    start_or_join()
    st.stop()
try:
    session = team_store().session(link[CODE])
except TeamError as exc:
    st.error(str(exc))
    set_team_link(lead=False, **{CODE: None, ADMIN: None, ME: None})
    start_or_join()
    st.stop()
if session["closed"]:
    st.warning(t("team.closed", code=session["code"]))
else:
    try:
        questionnaire(session)
    except TeamError as exc:  # closed or deleted between drawing and submitting
        st.error(str(exc))
st.divider()
st.subheader(t("team.join.aggregate_heading"))
live_aggregate(session["code"], (bool(session["closed"]), bool(session["show_aggregate"])))
if ADMIN in link:  # the lead answering too: the way back to the dashboard, never a Leave that loses the token
    st.page_link("app_pages/team_dashboard.py", label=t("team.projector.back"), icon="📊")
elif ME not in link and st.button(t("team.join.leave"), key="team_leave"):  # after submitting it would lose
    # the participant token, and with it the way to revise
    set_team_link(lead=False, **{CODE: None, ME: None})
    st.rerun()
