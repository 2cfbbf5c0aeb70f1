"""Broken rule files are rejected at load time with the file, the rule id and a 'did you mean'."""

import pytest

from guide.decision.rules import load_ruleset
from guide.errors import DataFileError
from tests.helpers import QUESTIONS, rule, write_rules


def load(tmp_path, rules):
    return load_ruleset(write_rules(tmp_path, rules), questions=QUESTIONS)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ({"question": "use_cas", "operator": "is", "value": "research"}, "did you mean 'use_case'"),
        ({"question": "use_case", "operator": "iss", "value": "research"}, "did you mean 'is'"),
        ({"question": "use_case", "operator": "is", "value": "reserch"}, "did you mean 'research'"),
        ({"question": "team_skills", "operator": "is", "value": "python"}, "does not apply to 'team_skills'"),
        ({"question": "use_case", "operator": "in", "value": "research"}, "takes a list of option ids"),
        ({"all": [{"not": {"question": "scale", "operator": "is", "value": "gpu"}}]}, "has no option 'gpu'"),
    ],
)
def test_bad_condition_names_file_rule_and_suggestion(tmp_path, when, expected):
    with pytest.raises(DataFileError) as err:
        load(tmp_path, [rule("my.rule", when, {"pytorch": 1})])
    message = str(err.value)
    assert "rules.yaml" in message and "rule 'my.rule'" in message and expected in message


def test_schema_error_names_the_rule_not_an_index(tmp_path):
    bad = rule("needs.evidence", None, {"pytorch": 1})
    bad["evidence"] = []
    with pytest.raises(DataFileError, match=r"rule 'needs.evidence': evidence"):
        load(tmp_path, [bad])


def test_unknown_framework_in_scores_is_rejected(tmp_path):
    with pytest.raises(DataFileError, match="rule 'x'"):
        load(tmp_path, [rule("x", None, {"pytorh": 1})])


def test_code_in_data_is_just_an_unknown_operator(tmp_path):
    when = {"question": "use_case", "operator": "__import__('os').system('true')", "value": "research"}
    with pytest.raises(DataFileError, match="unknown operator"):
        load(tmp_path, [rule("x", when, {"pytorch": 1})])


def test_duplicate_rule_ids_and_effectless_rules(tmp_path):
    with pytest.raises(DataFileError) as err:
        load(tmp_path, [rule("a", None, {"pytorch": 1}), rule("a", None, {}), ])
    assert "id used twice" in str(err.value) and "has no effect" in str(err.value)


def test_unreadable_yaml(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("rules: [unclosed", encoding="utf-8")
    with pytest.raises(DataFileError, match="cannot read YAML"):
        load_ruleset(path, questions=QUESTIONS)


def test_shipped_rules_cite_dated_evidence():
    from tests.helpers import RULESET

    assert len(RULESET.rules) >= 30
    sources = {e.source.split(":")[0] for r in RULESET.rules for e in r.evidence}
    assert {"seed", "fact"} <= sources


def test_questions_file_rejects_bad_follow_ups():
    import yaml

    from guide.decision.questions import parse_questions
    from guide.settings import PACKAGE_DATA

    raw = yaml.safe_load((PACKAGE_DATA / "questions.yaml").read_text(encoding="utf-8"))
    follow_up = next(q for q in raw["questions"] if q["id"] == "mobile_platform")
    follow_up["show_if"] = {"question": "deployment_target", "operator": "is", "value": "mobile"}
    with pytest.raises(DataFileError, match="must use 'includes'"):
        parse_questions(raw, "questions.yaml")
    follow_up["show_if"] = {"question": "deployment_targt", "operator": "includes", "value": "mobile"}
    with pytest.raises(DataFileError, match="did you mean 'deployment_target'"):
        parse_questions(raw, "questions.yaml")


def test_a_rule_reading_a_fact_must_look_at_its_scope(tmp_path):
    """measured.energy_* once scored CPU time for phone-only teams: a rule that reads a CPU-serving fact without
    looking at deployment_target is refused at load time."""
    from tests.helpers import rule, write_rules

    when = {"all": [{"fact": "bench.cpu_per_inference_winner", "operator": "is", "value": "pytorch"},
                    {"question": "priorities", "operator": "includes", "value": "energy"}]}
    path = write_rules(tmp_path, [rule("energy", when, {"pytorch": 1})])
    with pytest.raises(DataFileError, match="rule 'energy': reads 'bench.cpu_per_inference_winner' but never "
                                            "looks at 'deployment_target'"):
        load_ruleset(path, questions=QUESTIONS)


def test_fact_scopes_are_checked(tmp_path):
    from tests.helpers import rule, shipped_rules_raw, write_rules

    scopes = dict(shipped_rules_raw()["fact_scopes"])
    scopes["bench.infer_latency_winnr"] = scopes.pop("bench.infer_latency_winner")
    reason = {"en": "not here", "ko": "해당 없음"}
    scopes["bench.device"] = {"cpu": {"when": {"question": "scale", "operator": "is", "value": "cpuu"},
                                      "outside": reason}, "gpu": {}}
    path = write_rules(tmp_path, [rule("r", None, {"pytorch": 1})], fact_scopes=scopes)
    with pytest.raises(DataFileError) as caught:
        load_ruleset(path, questions=QUESTIONS)
    text = str(caught.value)
    assert "unknown fact 'bench.infer_latency_winnr' (did you mean 'bench.infer_latency_winner'?)" in text
    assert "'bench.infer_latency_winner' has no scope for cpu measurements" in text
    assert "'bench.device' (cpu): question 'scale' has no option 'cpuu' (did you mean 'cpu'?)" in text
    del scopes["bench.device"]["cpu"]["outside"]
    path = write_rules(tmp_path, [rule("r", None, {"pytorch": 1})], fact_scopes=scopes)
    with pytest.raises(DataFileError, match="needs 'outside'"):
        load_ruleset(path, questions=QUESTIONS)

