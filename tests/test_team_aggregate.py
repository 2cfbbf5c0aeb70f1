"""How a team's answers combine (the rules stated on the pages and in the About page), where the team disagrees,
and the team report built on them (Markdown and HTML, in English and Korean, participants' text literal)."""

import itertools
import random

from guide.decision.engine import recommend
from guide.decision.questions import load_questions
from guide.reports.team_report import team_html, team_markdown, team_report
from guide.team.aggregate import _toggled, disagreements, team_profile
from guide.team.report import team_outcome
from guide.team.store import TeamStore

QS = load_questions()


def people(*use_cases: str) -> list[dict]:
    return [{"use_case": u} for u in use_cases]


def test_one_choice_takes_the_majority_and_a_tie_is_kept_and_broken_by_questionnaire_order():
    assert team_profile(people("production", "research", "production"), QS).answers.get("use_case") == "production"
    for order in itertools.permutations(["production", "research"]):  # the order of submission never matters
        tied = team_profile(people(*order), QS)
        assert tied.answers.get("use_case") == "research"  # listed first in the questionnaire
        assert tied.ties == {"use_case": ("research", "production")}


def test_several_choice_keeps_what_half_of_those_who_answered_picked():
    sets = [{"deployment_target": ["cloud_gpu", "cpu_server"]}, {"deployment_target": ["cpu_server"]},
            {"deployment_target": ["mobile"]}, {"use_case": "research"}]  # the last did not answer it
    profile = team_profile(sets, QS)
    assert profile.answers.get("deployment_target") == ("cpu_server",)
    assert profile.answered["deployment_target"] == 3
    spread = team_profile([{"deployment_target": [t]} for t in ("browser", "cpu_server")], QS)
    assert spread.answers.get("deployment_target") == ("cpu_server", "browser")  # 1 of 2 is half: both kept
    nobody = team_profile([{"deployment_target": [t]} for t in ("browser", "cpu_server", "mobile")], QS)
    assert nobody.answers.get("deployment_target") == ("cpu_server",)  # none reaches half: the first most picked
    room = [{"deployment_target": ["cloud_gpu"]}] * 26 + [{"deployment_target": ["cpu_server"]}] * 30 + [
        {"deployment_target": ["mobile"]}] * 9  # 65 people, none reaching half (seen in a trial)
    assert team_profile(room, QS).answers.get("deployment_target") == ("cpu_server",)  # the most picked


def test_skills_are_the_union_with_counts_and_unanswered_stays_unanswered():
    sets = [{"team_skills": ["python"]}, {"team_skills": ["pytorch"]}, {"team_skills": ["python", "jax"]}]
    profile = team_profile(sets, QS)
    assert profile.answers.get("team_skills") == ("python", "pytorch", "jax")
    assert profile.counts["team_skills"] == {"python": 2, "pytorch": 1, "jax": 1}
    assert "scale" not in profile.answers and "scale" not in profile.counts


def test_a_disagreement_is_an_answer_that_would_change_the_team_winner_and_every_listed_one_does():
    sets = [{"use_case": "research", "model_family": "llm", "team_skills": ["python"]}] * 2 + [
        {"use_case": "cross_framework", "model_family": "llm", "team_skills": ["tensorflow"]}]
    profile = team_profile(sets, QS)
    found = disagreements(profile, QS)
    assert [(d.question, d.option, d.change, d.people, d.answered) for d in found if d.question == "use_case"] == [
        ("use_case", "cross_framework", "other", 1, 3)]
    winner = recommend(profile.answers).winner
    for d in found:
        assert d.winner != winner


def test_disagreements_are_exactly_the_answers_that_change_the_winner_on_random_teams():
    """Checked against a brute force over every answer someone gave, on random teams of 2-6."""
    rng = random.Random(7)
    for _ in range(40):
        sets = [{q.id: (rng.choice(q.option_ids) if q.kind == "one" else rng.sample(q.option_ids, rng.randint(1, 2)))
                 for q in QS.questions if not q.show_if and rng.random() < 0.8} for _ in range(rng.randint(2, 6))]
        profile = team_profile(sets, QS)
        winner = recommend(profile.answers).winner
        listed = {(d.question, d.option) for d in disagreements(profile, QS)}
        for qid, counts in profile.counts.items():
            q = QS.get(qid)
            for option in (o for o in counts if q.kind == "one" and o != profile.answers.get(qid)):
                changes = recommend(profile.answers.with_answer(qid, option)).winner != winner
                assert ((qid, option) in listed) == changes, (qid, option)


def test_the_team_report_has_the_distributions_and_disagreements_and_shows_titles_literally(tmp_path):
    store = TeamStore(f"sqlite:///{tmp_path / 'team.db'}")
    code, admin = store.create("**Q3** <script>alert(1)</script> [x](http://ev.il)")
    for answers in ([{"use_case": "research", "model_family": "llm", "team_skills": ["python"]}] * 2
                    + [{"use_case": "cross_framework", "model_family": "llm", "team_skills": ["tensorflow"]}]):
        store.submit(code, answers)
    view, report = team_report(team_outcome(store, code, admin), "en")
    md = team_markdown(view, report)
    assert "| Research & prototyping | 2 |" in md and "| Cross-framework compatibility | 1 |" in md
    assert "## Where the team disagrees" in md and '1 of 3 answered "Cross-framework compatibility"' in md
    assert "\\*\\*Q3\\*\\*" in md and "](http://ev.il)" not in md  # the title shown as typed, never as markup
    assert md.startswith(f"# Team session {code}: ")  # the code as it is; only the typed title is escaped
    assert "\n## Framework recommendation: PyTorch\n" in md  # the decision report, one level down
    page = team_html(view, report)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert page.count("<figure>") == len(view.distributions) + 1 == 4  # a chart per answered question, the tops
    ko_view, ko_report = team_report(team_outcome(store, code, admin), "ko")
    assert "## 팀의 의견이 갈리는 곳" in team_markdown(ko_view, ko_report)


def test_answers_the_questionnaire_no_longer_has_are_left_out_not_fatal():
    """A session outlives edits of questions.yaml: an option removed since, or an unknown question."""
    sets = [{"use_case": "old_option", "deployment_target": ["gone"]}, {"use_case": "research"}, {"nope": "x"}]
    profile = team_profile(sets, QS)
    assert profile.answers.get("use_case") == "research" and profile.answered["use_case"] == 1
    assert "deployment_target" not in profile.answers


def test_none_stays_only_when_it_outnumbers_what_it_excludes_and_is_never_added_beside_them():
    half = [{"deployment_target": ["none"]}] * 2 + [{"deployment_target": ["cloud_gpu"]}] * 2
    assert team_profile(half, QS).answers.get("deployment_target") == ("cloud_gpu",)
    most = [{"deployment_target": ["none"]}] * 3 + [{"deployment_target": ["cloud_gpu"]}] * 2
    assert team_profile(most, QS).answers.get("deployment_target") == ("none",)
    target = QS.get("deployment_target")  # settling a disagreement gives an answer one person could give
    assert _toggled(target, {"cloud_gpu"}, "none") == ("none",)
    assert _toggled(target, {"none"}, "cpu_server") == ("cpu_server",)
    assert _toggled(target, {"cloud_gpu", "cpu_server"}, "cloud_gpu") == ("cpu_server",)
    skills = [{"team_skills": ["python", "tensorflow"]}, {"team_skills": ["python"]}, {"team_skills": ["python"]}]
    assert not [d for d in disagreements(team_profile(skills, QS), QS)
                if d.question == "team_skills" and d.change == "drop"]  # those without a skill do not disagree


def test_links_keep_the_address_people_reach_the_app_at(monkeypatch):
    from guide.team.links import join_url, public_base

    monkeypatch.delenv("GUIDE_PUBLIC_URL", raising=False)
    assert public_base("http://10.0.0.5:8501/team_dashboard?team=X") == "http://10.0.0.5:8501"
    assert public_base("https://h.example/guide/team_dashboard", "/guide/") == "https://h.example/guide"
    assert public_base(None) == "http://localhost:8501"  # no browser behind the run: the CLI's default
    monkeypatch.setenv("GUIDE_PUBLIC_URL", "https://guide.example.com/")
    assert join_url("K7M2QX") == "https://guide.example.com/team?team=K7M2QX"
