"""The examples stored next to the rules (the article's table and one per rule), checked by one test."""

import pytest

from guide.checks.examples import Example, Expectation, check_example, load_examples, rules_without_examples
from tests.helpers import QUESTIONS, RULESET

EXAMPLES = load_examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_example_holds(example):
    assert check_example(example, RULESET, QUESTIONS) == []


def test_every_rule_has_an_example():
    assert rules_without_examples(EXAMPLES, RULESET) == []


def test_the_article_table_is_encoded():
    seed_rows = [e for e in EXAMPLES if e.source == "seed:7"]
    use_cases = {e.answers["use_case"] for e in seed_rows}
    assert use_cases == {"research", "production", "cross_framework", "learning"}


def test_a_wrong_expectation_is_reported():
    wrong = Example(id="wrong", answers={"use_case": "research"},
                    expect=Expectation(winner="tensorflow", fires=["route.mobile"]))
    problems = check_example(wrong, RULESET, QUESTIONS)
    assert any("expected tensorflow" in p for p in problems)
    assert any("route.mobile' did not fire" in p for p in problems)
