"""Shared test helpers: the shipped data, and small rule files written on the fly."""

from __future__ import annotations

from pathlib import Path

import yaml

from guide.decision.questions import load_questions
from guide.decision.rules import load_ruleset
from guide.settings import PACKAGE_DATA

QUESTIONS = load_questions()
RULESET = load_ruleset()


def shipped_rules_raw() -> dict:
    return yaml.safe_load((PACKAGE_DATA / "rules.yaml").read_text(encoding="utf-8"))


def write_rules(tmp_path: Path, rules: list[dict], frameworks: list[dict] | None = None,
                fact_scopes: dict | None = None) -> Path:
    raw = shipped_rules_raw()
    doc = {"version": "test", "frameworks": frameworks or raw["frameworks"], "rules": rules,
           "fact_scopes": raw["fact_scopes"] if fact_scopes is None else fact_scopes}
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def rule(rule_id: str, when: dict | None, scores: dict, **effects) -> dict:
    out = {
        "id": rule_id,
        "title": {"en": rule_id, "ko": rule_id},
        "effects": {"scores": scores, **effects},
        "rationale": {"en": "because", "ko": "왜냐하면"},
        "evidence": [{"source": "test", "claim": "a claim", "date": "2026-11"}],
    }
    if when is not None:
        out["when"] = when
    return out
