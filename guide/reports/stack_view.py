"""The stack as plain text pieces: the framework to train in (and its Keras backend), then one line per route
to each deployment target answered, with maturity, the sources and what a deployment check found for it. Every
view (the Recommendation page, both reports, the CLI text) renders these."""

from __future__ import annotations

from dataclasses import dataclass

from guide.decision.recommendation import Recommendation
from guide.deploy.schema import DeployResult, source_label
from guide.evidence.sources import cite
from guide.reports.deploy_steps import step_check_lines
from guide.reports.deploy_table import path_name
from guide.text import Lang, t

# How each Keras backend is named beside "Keras 3 on the ... backend".
BACKEND_NAMES = {"jax": "JAX", "torch": "torch", "tensorflow": "TensorFlow"}


@dataclass(frozen=True)
class StackLine:
    target: str
    route: str  # "converter → runtime"
    maturity: str
    sources: tuple[tuple[str, str | None], ...]  # (title, url or None)
    checks: tuple[str, ...]  # what a deployment check found for this route (empty without one)
    check_pair: tuple[str, str] | None  # (path, source) of the check that tries it, when one can
    unchecked: str  # what to say when no check result is shown: which check would try it, or that none can
    best: bool


@dataclass(frozen=True)
class StackView:
    framework: str  # "PyTorch", or "Keras 3 (multi-backend) on the JAX backend"
    lines: tuple[StackLine, ...]
    notes: tuple[str, ...]  # the scope note, targets without a route, no target answered


def stack_view(rec: Recommendation, names: dict[str, str], lang: Lang,
               deploy: DeployResult | None = None) -> StackView | None:
    stack = rec.stack
    if stack is None:
        return None
    framework = names[stack.framework]
    if stack.backend:
        framework = t("view.stack.keras_backend", lang=lang, framework=framework,
                      backend=BACKEND_NAMES.get(stack.backend, stack.backend))
    lines = tuple(StackLine(
        target=r.target_label.get(lang), route=t("view.stack.route", lang=lang, via=r.via.get(lang),
                                                 runtime=r.runtime.get(lang)),
        maturity=r.maturity_label.get(lang), sources=tuple(cite(e) for e in r.evidence),
        checks=step_check_lines((r.check,), deploy) if r.check else (), check_pair=r.check, best=r.best,
        unchecked=t("view.stack.check_with", lang=lang, name=path_name(r.check[0], source_label(r.check[1])))
        if r.check else t("view.stack.no_check", lang=lang))
        for r in stack.routes)
    notes = []
    if not stack.routes and not stack.no_route:
        notes.append(t("view.stack.no_target", lang=lang))
    elif not stack.moves_ranking:
        notes.append(t("view.stack.scope_note", lang=lang))
    if stack.no_route:
        notes.append(t("view.stack.no_route", lang=lang, framework=names[stack.framework],
                       targets=", ".join(stack.target_labels[x].get(lang) for x in stack.no_route)))
    return StackView(framework=framework, lines=lines, notes=tuple(notes))
