"""Recommendation: winner and runner-up, the score chart, why (from the trace), what would change it, paths."""

import json

import streamlit as st

from guide.bench.schema import SIZES
from guide.decision.engine import recommend
from guide.decision.rules import load_ruleset
from guide.deploy.store import DeployStore
from guide.evidence.deployment import facts_from_deployment
from guide.evidence.judgement import judgement_settings
from guide.evidence.matching import matched_benchmark, matched_deploy_spec
from guide.evidence.measurements import contribution_text, fact_label, fact_value_text, facts_from_result, verdict_text
from guide.reports.charts.recommendation_charts import breakdown_chart, score_chart
from guide.reports.html import to_html
from guide.reports.json_export import recommendation_json
from guide.reports.markdown import deployment_steps_markdown, stack_lines, steps_markdown, to_markdown
from guide.reports.model import build_report
from guide.reports.view import NO_CHANGE, NO_DEPLOYMENT, decision_view
from guide.text import current_lang, day, literal, t, when
from guide.ui.bench_run import choose_result, chosen_result, follow_running, show_run, start_run
from guide.ui.deploy_run import choose_check, chosen_check, show_deploy_check, start_matched_check
from guide.ui.resources import framework_versions, result_store, this_machine
from guide.ui.state import (
    answers_upload,
    applied_counterfactual,
    apply_counterfactual,
    current_answers,
    questions,
    share_link,
    show_problems,
    undo_counterfactual,
)

qs = questions()
answers = current_answers()
bench = chosen_result()
matched = matched_benchmark(answers)
# The deployment check pinned by this session or its link (never swapped for a newer one: a shared link keeps its
# winner); the newest check of the matched model is only offered.
deploy_check = chosen_check()
newest_check = next((d for d in DeployStore().recent(limit=20) if d.spec.model == matched.spec.model), None)
facts = [*(facts_from_result(bench) if bench else ()), *(facts_from_deployment(deploy_check) if deploy_check else ())]
rec = recommend(answers, measurements=tuple(facts))
name = {r.framework: r.label.get() for r in rec.ranking}
view = decision_view(rec, qs, deploy=deploy_check)

st.title(t("recommendation.title", winner=name[rec.winner]))
show_problems()
if not answers.values:
    st.info(t("recommendation.no_answers"))
    st.page_link("app_pages/questionnaire.py", label=t("recommendation.answer_questionnaire"), icon="📝")

def card(column, label: str, value: str, detail: str, help_text: str | None = None) -> None:
    """A bordered card whose value wraps: st.metric cut "Keras 3 (multi-backend)" off at projector widths."""
    with column.container(border=True):
        st.caption(label, help=help_text)
        st.markdown(f"**{value}**")
        st.caption(detail)


alternative = rec.alternative or rec.runner_up
thresholds = load_ruleset().confidence
c1, c2, c3 = st.columns(3)
card(c1, t("recommendation.card.recommended"), name[rec.winner], t("recommendation.card.points",
                                                                   points=rec.ranking[0].score))
ruled_out = next(r for r in rec.ranking if r.framework == alternative).veto_reasons
card(c2, t("recommendation.card.alternative"), name[alternative],
     "; ".join(v.get() for v in ruled_out) if ruled_out else
     t("recommendation.card.behind", points=rec.ranking[0].score - rec.score_of(alternative)))
card(c3, t("recommendation.card.confidence"), t(f"recommendation.confidence.{rec.confidence}"),
     t("recommendation.card.others_ruled_out") if rec.ranking[1].vetoed else
     t("recommendation.card.margin", margin=rec.margin),
     t("recommendation.card.confidence_help", high=thresholds.high, medium=thresholds.medium,
       answered=rec.certainty.answered, total=rec.certainty.total))
if rec.alternative_note:
    st.caption(rec.alternative_note.get())
if view.moved:
    st.info(literal(view.moved), icon="📏")
if rec.tie_broken:
    st.warning(t("recommendation.tie"))
open_q = [qs.get(q).label.get() for q in rec.certainty.could_change_winner]
if open_q:
    st.caption(t("recommendation.still_open", questions="; ".join(open_q)))
elif rec.certainty.unanswered:
    st.caption(t("recommendation.settled"))

if view.stack is not None:
    st.header(t("view.stack.heading"))
    st.markdown("\n".join(stack_lines(view.stack)))

st.altair_chart(score_chart(rec), width="stretch")
with st.expander(t("recommendation.breakdown")):
    st.altair_chart(breakdown_chart(rec, [r.title.get() for r in load_ruleset().rules]), width="stretch")

st.header(t("recommendation.why"))
for item in view.why:
    with st.container(border=True):
        st.markdown(f"**{item.title}** · {item.deltas}  \n{item.rationale}")
        links = "; ".join(f"[{title}]({url})" if url else title for title, url in item.sources)
        st.caption(t("recommendation.why_when", when=item.when, links=links))

st.header(t("recommendation.changes"))
if not view.changes:
    st.write(NO_CHANGE.get())
for i, (cf, change) in enumerate(zip(rec.counterfactuals, view.changes, strict=True)):
    col_text, col_button = st.columns([4, 1])
    col_text.markdown(t("recommendation.change_line", change=change.text, winner=change.winner, margin=change.margin))
    if col_button.button(t("recommendation.apply"), key=f"apply_cf_{i}"):
        apply_counterfactual(answers, cf, change.text)
        st.rerun()
if (applied := applied_counterfactual()) is not None:
    u1, u2 = st.columns([4, 1])
    u1.info(t("recommendation.applied", change=applied))
    if u2.button(t("recommendation.undo"), key="undo_cf"):
        undo_counterfactual()
        st.rerun()

st.header(t("recommendation.evidence"))
st.write(t("recommendation.matched", reasons="; ".join(matched.reasons)))
with st.expander(t("recommendation.adjust")):
    a1, a2, a3 = st.columns(3)
    size = a1.selectbox(t("recommendation.model_size"), SIZES, index=SIZES.index("small"), key="match_size")
    steps = a2.number_input(t("recommendation.timed_steps"), 5, 500, matched.spec.steps, key="match_steps")
    repeats = a3.number_input(t("recommendation.repeats"), 1, 10, matched.spec.repeats, key="match_repeats")
spec = matched.spec.model_copy(update={"size": size, "steps": int(steps), "repeats": int(repeats)})
stored = result_store().find_cached(spec, this_machine(spec.threads), framework_versions())
b1, b2 = st.columns(2)
if stored and (bench is None or bench.id != stored.id) and b1.button(
        t("recommendation.use_stored", created=when(stored.created_at)), key="use_stored_bench"):
    choose_result(stored)
    st.rerun()
MATCH_JOB = "match_bench_job"  # the cache key of the server-side run of the matched benchmark this session shows
if b2.button(t("recommendation.run_matched"), key="run_matched_bench", type="primary"):
    start_run(spec, MATCH_JOB, reuse=False)  # joins the run in progress for the same spec, if any
# A reloaded tab picks the matched benchmark up again, whatever size, steps and repeats it was adjusted to.
follow_running(MATCH_JOB, lambda running: running.model_copy(
    update=spec.model_dump(include={"size", "steps", "repeats"})) == spec)
if (result := show_run(MATCH_JOB)) is not None:
    choose_result(result)
    st.rerun()
if bench is not None and bench.spec.model != matched.spec.model:
    st.warning(t("recommendation.other_model", used=bench.spec.model, matched=matched.spec.model))
if deploy_check is not None:
    st.caption(t("recommendation.using_deploy", id=deploy_check.id, model=deploy_check.spec.model,
                 size=deploy_check.spec.size, created=day(deploy_check.created_at)))
matched_check = matched_deploy_spec(answers)
if st.button(t("recommendation.run_matched_check", model=matched_check.model, size=matched_check.size,
               paths=len(matched_check.targets)), key="run_matched_check", icon="📦"):
    start_matched_check(matched_check)
if newest_check is not None and newest_check.id != getattr(deploy_check, "id", None) and st.button(
        t("recommendation.use_newer_check", model=newest_check.spec.model, size=newest_check.spec.size,
          created=when(newest_check.created_at)), key="use_newer_check"):
    choose_check(newest_check)
    st.rerun()
if bench is None:
    st.caption(t("recommendation.no_bench_but_deploy" if deploy_check else "recommendation.no_bench"))
if bench is not None:
    st.caption(t("recommendation.using_bench", id=bench.id, model=bench.spec.model, size=bench.spec.size,
                 created=day(bench.created_at), threshold=judgement_settings().practical_difference))
if rec.measurements:
    column = {key: t(f"recommendation.table.{key}") for key in ("measured", "result", "counts", "added", "details")}
    # A static table: its sentences (why a fact counts, what it added) wrap at any width instead of running off
    # a scrolling grid (seen at 1440 px).
    st.table([{column["measured"]: fact_label(m.key), column["result"]: fact_value_text(m),
               column["counts"]: verdict_text(m),
               column["added"]: contribution_text(m, name, {e.rule_id: e.title.get() for e in rec.trace}),
               column["details"]: m.detail} for m in rec.measurements])

left, right = st.columns(2)
with left:
    st.header(t("recommendation.deployment_path"))
    st.markdown(deployment_steps_markdown(view) or NO_DEPLOYMENT.get())
    if any(view.deployment_checks) and st.button(t("recommendation.deploy_link"), icon="📦", key="open_check"):
        show_deploy_check(deploy_check.id)  # the check these lines came from, not just the newest one
    others = {fw: steps for fw, steps in rec.deployment_by_framework.items() if fw != rec.winner}
    if others:
        with st.expander(t("recommendation.other_paths")):
            for fw, steps in others.items():
                st.markdown(f"**{name[fw]}**\n" + steps_markdown(steps, deploy_check))
with right:
    st.header(t("recommendation.learning_path"))
    st.markdown("\n".join(f"{i}. {step}" for i, step in enumerate(view.learning, 1)))

st.header(t("recommendation.share"))
st.write(t("recommendation.share_text"))
st.code(share_link(answers) if answers.values else t("recommendation.no_answers_query"), language=None)
# The report is built in this run's language: the downloads below are made later, in a server thread.
page_lang = current_lang()  # the reports are built later, in another thread: they keep this page's language


def report():
    """What the page shows, one run throughout: its pinned benchmark and deployment check, and the claims judged
    on those two (never silently on the newest stored run)."""
    return build_report(answers, bench, deployment=deploy_check, lang=page_lang)



d1, d2, d3 = st.columns(3)
# on_click="ignore": a download does not rerun the page, so a second click right after the first is not lost in
# the rerun; the reports are built only when their button is clicked (deferred data).
d1.download_button(t("recommendation.download_json"),
                   json.dumps(recommendation_json(rec), indent=2, ensure_ascii=False),
                   file_name="recommendation.json", mime="application/json", key="download_json", on_click="ignore")
d2.download_button(t("recommendation.report_md"), lambda: to_markdown(report()),
                   file_name="decision-report.md", mime="text/markdown", key="download_md", on_click="ignore")
d3.download_button(t("recommendation.report_html"), lambda: to_html(report()),
                   file_name="decision-report.html", mime="text/html", key="download_html", on_click="ignore")
with st.expander(t("answers.load_expander")):
    answers_upload("recommendation_upload")
