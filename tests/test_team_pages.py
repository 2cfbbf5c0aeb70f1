"""AppTest: a lead creates a team session on the Team page, three participants answer on their own sessions,
the lead's dashboard shows three and the aggregate, the projector view renders; and what a participant or a
stranger without the admin token is refused."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guide.team.store import TeamStore
from tests.test_pages import texts

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60
ANSWER_SETS = [  # (use case, model family, skills): two lean one way, one the other
    ("research", "llm", ["python", "pytorch"]),
    ("research", "llm", ["python", "pytorch"]),
    ("production", "tabular", ["tensorflow"]),
]


def on_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def created_session(title: str = "Platform team") -> tuple[str, str]:
    """Create a session through the Team page's form, as a lead does: (code, admin token) from the session."""
    at = on_page("app_pages/team.py")
    at.text_input[0].set_value(title)
    next(b for b in at.button if b.label == "Create the session").click().run()
    assert not at.exception, at.exception
    link = at.session_state["team_link"]
    return link["team"], link["admin"]


def participate(code: str, use_case: str, family: str, skills: list[str], name: str | None = None) -> AppTest:
    at = on_page("app_pages/team.py", team=code)
    at.radio(key="q_use_case").set_value(use_case).run()
    at.radio(key="q_model_family").set_value(family).run()
    at.pills(key="q_team_skills").set_value(skills).run()
    if name:
        at.text_input(key="team_name").set_value(name).run()
    at.button(key="team_submit").click().run()
    assert not at.exception, at.exception
    assert at.success, texts(at)
    return at


def test_a_session_with_three_participants_shows_on_the_dashboard_and_projector():
    code, admin = created_session()
    for i, (use_case, family, skills) in enumerate(ANSWER_SETS):
        participate(code, use_case, family, skills, name="Ada" if i == 0 else None)
    assert TeamStore().count(code) == 3
    dashboard = on_page("app_pages/team_dashboard.py", team=code, admin=admin)
    assert [m.value for m in dashboard.metric] == ["3"]
    body = texts(dashboard)
    assert "Team recommendation: PyTorch" in body  # research + LLM + PyTorch skills for the majority
    assert "Where the team disagrees" in body
    people = dashboard.dataframe[0].value
    assert sorted(people.iloc[:, 0]) == ["#2", "#3", "Ada"]  # names only where given
    projector = on_page("app_pages/projector.py", team=code, admin=admin)
    shown = " ".join(e.proto.body for e in projector.get("html"))
    assert 'class="guide-count"' in shown and ">3</div>" in shown  # the live count, large
    assert f">{code}</div>" in shown  # the join code, large
    assert "Team recommendation: PyTorch" in texts(projector)


def test_a_participant_revises_instead_of_adding_a_second_set():
    code, _ = created_session()
    at = participate(code, "research", "llm", ["python"])
    token = at.session_state["team_link"]["me"]
    again = on_page("app_pages/team.py", team=code, me=token)
    assert again.radio(key="q_use_case").value == "research"  # the stored answers come back with the link
    again.radio(key="q_use_case").set_value("production").run()
    again.button(key="team_submit").click().run()
    people = TeamStore().participants(code)
    assert len(people) == 1 and people[0].answers["use_case"] == "production" and people[0].revision == 2


def test_participants_see_the_aggregate_only_when_the_lead_shares_it():
    code, admin = created_session()
    participate(code, "research", "llm", ["python"])
    hidden = on_page("app_pages/team.py", team=code)
    assert "The lead has not shared the team's aggregate." in texts(hidden)
    assert not hidden.metric
    TeamStore().set_show_aggregate(code, admin, True)
    shown = on_page("app_pages/team.py", team=code)
    assert [m.value for m in shown.metric] == ["1"]
    assert not shown.dataframe  # the aggregate, never the individuals


@pytest.mark.parametrize("params", [{}, {"admin": "not-the-token-0123456789"}])
def test_the_dashboard_without_the_admin_token_shows_nothing_of_the_team(params):
    code, _ = created_session()
    participate(code, "research", "llm", ["python"], name="Ada")
    for page in ("app_pages/team_dashboard.py", "app_pages/projector.py"):
        at = on_page(page, team=code, **params)
        assert not at.metric and not at.dataframe
        assert "Ada" not in texts(at)
        assert ("not the admin token" in texts(at)) == bool(params)


@pytest.mark.parametrize("value", ["K7M2Q0", "<b>x</b>", "AAAAAA"])
def test_a_tampered_or_unknown_code_gets_one_clear_message(value):
    at = on_page("app_pages/team.py", team=value)
    body = texts(at)
    assert "Join code" in str([w.label for w in at.text_input])  # the join form, to type the right one
    assert ("not a join code" in body) or ("There is no team session" in body), body
    assert "<b>" not in body


def test_a_closed_session_refuses_new_answers_and_keeps_old_ones():
    code, admin = created_session()
    participate(code, "research", "llm", ["python"])
    TeamStore().set_closed(code, admin, True)
    at = on_page("app_pages/team.py", team=code)
    assert f"Team session {code} is closed" in texts(at)
    assert not [b for b in at.button if b.key == "team_submit"]
    assert TeamStore().count(code) == 1


def test_the_team_pages_speak_korean_from_their_first_line(tmp_path):
    from tests.i18n_scan import _texts_of, leftovers, open_in_korean
    from tests.test_i18n_pages import english_only_texts

    store = TeamStore()
    code, admin = store.create("워크숍")
    for use_case, family, skills in ANSWER_SETS:
        store.submit(code, {"use_case": use_case, "model_family": family, "team_skills": skills}, name="김")
    store.set_show_aggregate(code, admin, True)
    pages = {"team.py": {}, "team.py ": {"team": code}, "team_dashboard.py": {"team": code, "admin": admin},
             "projector.py": {"team": code, "admin": admin}}
    for page, params in pages.items():
        at = open_in_korean(f"app_pages/{page.strip()}", params)
        assert not at.exception, at.exception
        assert leftovers(at) == {}, page
        shown = "\n".join(_texts_of(at))
        assert not [text for text in english_only_texts() if text in shown], page
        assert "팀 추천" in shown or not params, page  # the aggregate is there, in Korean


def test_the_admin_token_stays_off_every_address_but_the_dashboards():
    at = on_page("app_pages/team.py")
    at.text_input[0].set_value("T")
    next(b for b in at.button if b.label == "Create the session").click().run()
    admin = at.session_state["team_link"]["admin"]
    assert at.query_params.get("admin") == admin  # the lead's dashboard: the admin link
    for page in ("app_pages/projector.py", "app_pages/team.py", "app_pages/questionnaire.py",
                 "app_pages/recommendation.py"):
        at.switch_page(page).run()
        assert not at.exception, at.exception
        assert "admin" not in at.query_params, page  # a room can read the projector; others get copied
    at.switch_page("app_pages/team_dashboard.py").run()
    assert at.query_params.get("admin") == admin


def test_two_dashboards_of_one_session_act_on_what_each_click_meant():
    """Seen in review: a stale share toggle wrote its old value back, and a stale Close reopened."""
    code, admin = created_session()
    first = on_page("app_pages/team_dashboard.py", team=code, admin=admin)
    second = on_page("app_pages/team_dashboard.py", team=code, admin=admin)
    first.toggle(key="team_show_aggregate").set_value(True).run()
    assert TeamStore().session(code)["show_aggregate"]
    second.run()  # redrawn, nobody touching it
    assert TeamStore().session(code)["show_aggregate"] and second.toggle(key="team_show_aggregate").value
    first.button(key="team_close").click().run()
    assert TeamStore().session(code)["closed"]
    second.button(key="team_close").click().run()  # drawn while open: its Close still means close
    assert TeamStore().session(code)["closed"]


def test_the_screen_key_opens_the_projector_and_nothing_else():
    code, admin = created_session()
    participate(code, "research", "llm", ["python"], name="Ada")
    key = TeamStore().screen_key(code, admin)
    projector = on_page("app_pages/projector.py", team=code, screen=key)
    assert "Team recommendation: PyTorch" in texts(projector) and "Ada" not in texts(projector)
    assert projector.query_params.get("screen") == key and "admin" not in projector.query_params
    dashboard = on_page("app_pages/team_dashboard.py", team=code, screen=key)
    assert not dashboard.metric and "Ada" not in texts(dashboard)  # not the lead's page
    TeamStore().set_closed(code, admin, True)
    closed = on_page("app_pages/projector.py", team=code, screen=key)
    shown = " ".join(e.proto.body for e in closed.get("html"))
    assert "answers are no longer taken" in shown and "guide-join-code" not in shown  # no invitation
    wrong = on_page("app_pages/projector.py", team=code, screen="x" * 32)
    assert "not the projector link" in texts(wrong) and not wrong.get("html")[1:]
