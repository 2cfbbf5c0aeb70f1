"""Documented decisions: the file validates, each runs through the engine, agreement is counted as the engine
decides it, the part kept aside is fixed by ids, and a broken file is one line that names the item."""

import json

import pytest

from guide.checks.decisions import agreement, load_decisions, run_decisions, today_only
from guide.cli import main
from guide.decision.answers import parse_answers
from guide.decision.engine import evaluate
from guide.errors import DataFileError
from guide.reports.decisions_view import decisions_view
from tests.helpers import QUESTIONS, RULESET

FILE = load_decisions()


def test_at_least_twenty_decisions_each_with_its_own_source_and_strict_answers():
    assert len(FILE.decisions) >= 20
    assert {d.chose for d in FILE.decisions} == {"pytorch", "tensorflow", "jax", "keras"}
    for d in FILE.decisions:
        assert d.source.startswith("https://") and d.reasons and d.organisation
        parse_answers(d.answers, QUESTIONS, strict=True)  # only ids the questionnaire has


def test_the_part_kept_aside_is_about_a_third_and_fixed_by_the_ids():
    held = [d for d in FILE.decisions if d.held_out]
    assert 0.2 <= len(held) / len(FILE.decisions) <= 0.45
    assert [d.id for d in held] == [d.id for d in load_decisions().decisions if d.held_out]


def test_agreement_counts_what_the_engine_decides():
    outcomes = run_decisions(RULESET, QUESTIONS, "all")
    agree = 0
    for d, o in zip(FILE.decisions, outcomes, strict=True):
        answers, _ = parse_answers(d.answers, QUESTIONS, strict=True)
        winner = evaluate(answers, RULESET, QUESTIONS, with_counterfactuals=False).winner
        assert o.rec.winner == winner
        agree += winner == d.chose
    tally = agreement(outcomes)
    assert tally.overall.agree == agree and tally.overall.total == len(FILE.decisions)
    assert sum(t.total for t in tally.by_chosen.values()) == len(FILE.decisions)
    assert tally.by_part["held-out"].total + tally.by_part["used"].total == len(FILE.decisions)


def test_confidence_means_something_on_the_documented_decisions():
    tally = agreement(run_decisions(RULESET, QUESTIONS, "all"))
    high = tally.by_confidence["high"]
    assert high.total >= 5 and high.share >= 0.9  # high confidence agrees at least 9 times in 10
    assert tally.overall.share >= 0.7  # a guard: a rule change that loses documented decisions fails here


def test_todays_questions_alone_drop_the_added_questions_and_options():
    added = FILE.added_later
    answers = {"model_family": "scientific", "priorities": ["training_efficiency", "energy"],
               "existing_code": "keep_keras", "use_case": "research"}
    assert today_only(answers, added) == {"priorities": ["energy"], "use_case": "research"}
    for d in FILE.decisions:
        kept = today_only(d.answers, added)
        assert not set(kept) & set(added.questions)


def test_every_miss_says_why_and_agreeing_rows_say_nothing():
    view = decisions_view(RULESET, QUESTIONS, "en")
    assert view.count == len(FILE.decisions) and view.misses
    for row in view.rows:
        assert bool(row.why) == (not row.agrees)
    assert all(" vs " in r.why or "ruled out" in r.why for r in view.misses)
    ko = decisions_view(RULESET, QUESTIONS, "ko")
    assert ko.summary[0][1] == view.summary[0][1] and ko.summary[0][0] == "전체"


@pytest.mark.parametrize("broken, says", [
    ("decisions:\n  - {id: a, organisation: X, date: '2020', source: 'https://x', chose: pytorch, reasons: r,"
     " answers: {use_cases: research}}\n", "did you mean 'use_case'"),
    ("decisions:\n  - {id: a, organisation: X, date: '2020', source: 'https://x', chose: torch, reasons: r}\n",
     "decisions.'a'.chose"),
    ("decisions: [\n", "cannot read YAML"),
])
def test_a_broken_decisions_file_is_one_line_naming_the_item(tmp_path, broken, says):
    path = tmp_path / "decisions.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        run_decisions(RULESET, QUESTIONS, "all", path)
    assert says in str(err.value) and str(path) in str(err.value) and "\n" not in str(err.value)


def test_the_cli_reproduces_the_table(capsys):
    assert main(["decisions", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == len(FILE.decisions)
    assert data["summary"][0][1] == agreement(run_decisions(RULESET, QUESTIONS, "all")).overall.text()
    assert main(["decisions", "--lang", "ko"]) == 0
    assert "기록된 결정" in capsys.readouterr().out
