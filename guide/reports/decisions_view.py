"""How the guide does on the documented decisions, as plain text pieces: the About page, the CLI and the README
figures all render this one view (guide.checks.decisions computes it)."""

from __future__ import annotations

from dataclasses import dataclass

from guide.checks.decisions import Agreement, Outcome, Tally, agreement, run_decisions
from guide.decision.questions import QuestionSet
from guide.decision.rules import RuleSet
from guide.text import Lang, current_lang, t

# Rows of the summary table, in order: (row key, how to pick its tally from an Agreement).
ROWS: tuple[tuple[str, str, str], ...] = (
    ("overall", "overall", ""),
    *(("chose", "by_chosen", fw) for fw in ("pytorch", "tensorflow", "jax", "keras")),
    ("period", "by_period", "before-2022"), ("period", "by_period", "since-2022"),
    ("part", "by_part", "used"), ("part", "by_part", "held-out"),
    *(("confidence", "by_confidence", c) for c in ("high", "medium", "low")),
)


@dataclass(frozen=True)
class DecisionRow:
    organisation: str
    date: str
    chose: str
    picked: str
    picked_today: str
    confidence: str
    agrees: bool
    held_out: bool
    why: str  # empty where the guide agrees
    reasons: str
    source: str


@dataclass(frozen=True)
class DecisionsView:
    count: int
    summary: tuple[tuple[str, str, str], ...]  # (row label, with every answer, with today's questions alone)
    rows: tuple[DecisionRow, ...]

    @property
    def misses(self) -> tuple[DecisionRow, ...]:
        return tuple(r for r in self.rows if not r.agrees)


def _tally(a: Agreement, attr: str, key: str) -> Tally:
    return a.overall if attr == "overall" else getattr(a, attr).get(key, Tally())


def _row_label(kind: str, key: str, names: dict[str, str], lang: Lang) -> str:
    if kind == "chose":
        return t("about.decisions.row.chose", lang=lang, framework=names[key])
    return t(f"about.decisions.row.{kind}" + (f".{key}" if key else ""), lang=lang)


def why_missed(outcome: Outcome, names: dict[str, str], lang: Lang) -> str:
    """The fired rules that put the guide's pick ahead of what they chose, largest gap first (or the veto)."""
    chose, picked, rec = outcome.decision.chose, outcome.rec.winner, outcome.rec
    if outcome.agrees:
        return ""
    ruled_out = next((r for r in rec.ranking if r.framework == chose and r.vetoed), None)
    if ruled_out is not None:
        return t("about.decisions.why.ruled_out", lang=lang, framework=names[chose],
                 reasons="; ".join(v.get(lang) for v in ruled_out.veto_reasons))
    gaps = sorted(((e.scores.get(picked, 0) - e.scores.get(chose, 0), e.title.get(lang)) for e in rec.trace),
                  reverse=True)
    ahead = ", ".join(f"{title} ({gap:+g})" for gap, title in gaps if gap > 0)
    return t("about.decisions.why.behind", lang=lang, picked=names[picked], picked_score=rec.score_of(picked),
             chose=names[chose], chose_score=rec.score_of(chose), ahead=ahead or t("about.decisions.why.baseline",
                                                                                  lang=lang))


def decisions_view(ruleset: RuleSet, questions: QuestionSet, lang: Lang | None = None) -> DecisionsView:
    lang = lang or current_lang()
    names = {f.id: f.label.get(lang) for f in ruleset.frameworks}
    full, today = run_decisions(ruleset, questions, "all"), run_decisions(ruleset, questions, "today")
    a_full, a_today = agreement(full), agreement(today)
    summary = tuple((_row_label(kind, key, names, lang), _tally(a_full, attr, key).text(),
                     _tally(a_today, attr, key).text()) for kind, attr, key in ROWS)
    rows = tuple(DecisionRow(
        organisation=o.decision.organisation, date=o.decision.date, chose=names[o.decision.chose],
        picked=names[o.rec.winner], picked_today=names[o_today.rec.winner],
        confidence=t(f"recommendation.confidence.{o.rec.confidence}", lang=lang), agrees=o.agrees,
        held_out=o.decision.held_out, why=why_missed(o, names, lang), reasons=o.decision.reasons,
        source=o.decision.source) for o, o_today in zip(full, today, strict=True))
    return DecisionsView(count=len(full), summary=summary, rows=rows)
