"""Answers from URLs, uploads and files: bad parts reported and dropped, good parts kept."""

import pytest

from guide.decision.answers import AnswerSet, parse_answers, parse_answers_json
from guide.errors import AnswerError
from tests.helpers import QUESTIONS


def test_url_round_trip_keeps_every_answer():
    answers, problems = parse_answers({"use_case": "production", "deployment_target": "mobile,browser",
                                       "mobile_platform": "both"}, QUESTIONS)
    assert problems == []
    again, _ = parse_answers(answers.to_query_params(), QUESTIONS)
    assert again == answers and answers.get("deployment_target") == ("mobile", "browser")


def test_tampered_params_are_reported_and_the_rest_kept():
    answers, problems = parse_answers({"use_case": "reserch", "scale": "tpu", "hack": "1",
                                       "team_skills": "python,<script>"}, QUESTIONS)
    assert answers.values == {"scale": "tpu", "team_skills": ("python",)}
    assert any("did you mean 'research'" in p for p in problems)
    assert any("unknown question 'hack'" in p for p in problems)
    assert any("<script>" in p for p in problems)


def test_exclusive_option_is_dropped_with_a_message():
    answers, problems = parse_answers({"deployment_target": ["none", "mobile"]}, QUESTIONS)
    assert answers.get("deployment_target") == ("mobile",) and "cannot be combined" in problems[0]


def test_multi_select_is_canonical_order_and_deduplicated():
    answers, _ = parse_answers({"priorities": ["energy", "prototype_speed", "energy"]}, QUESTIONS)
    assert answers.get("priorities") == ("prototype_speed", "energy")


def test_strict_parsing_raises_with_every_problem():
    with pytest.raises(AnswerError) as err:
        parse_answers({"use_case": ["research", "production"], "scale": "gpu"}, QUESTIONS, strict=True)
    assert len(err.value.problems) == 2


@pytest.mark.parametrize("text", [b"\xff\xfe", "not json", "[1, 2]", '"x"'])
def test_malformed_uploads_raise_answer_error(text):
    with pytest.raises(AnswerError):
        parse_answers_json(text, QUESTIONS)


def test_downloaded_recommendation_file_can_be_uploaded_again():
    answers, _ = parse_answers_json('{"export_version": 1, "answers": {"use_case": "learning"}}', QUESTIONS)
    assert answers == AnswerSet(values={"use_case": "learning"})


def test_empty_values_mean_unanswered():
    answers, problems = parse_answers({"use_case": "", "deployment_target": "mobile,", "scale": "cpu"}, QUESTIONS)
    assert problems == [] and answers.values == {"deployment_target": ("mobile",), "scale": "cpu"}


def test_hostile_input_is_bounded():
    answers, problems = parse_answers({f"k{i}": "x" * 100_000 for i in range(500)}, QUESTIONS)
    assert answers.values == {} and len(problems) == 21 and max(len(p) for p in problems) < 200


def test_deeply_nested_json_is_a_clear_error():
    with pytest.raises(AnswerError, match="nested too deeply"):
        parse_answers_json("[" * 100_000, QUESTIONS)


def test_share_query():
    answers, _ = parse_answers({"use_case": "production", "deployment_target": ["mobile", "browser"]}, QUESTIONS)
    assert answers.share_query() == "?use_case=production&deployment_target=mobile,browser"
    assert AnswerSet().share_query() == ""
