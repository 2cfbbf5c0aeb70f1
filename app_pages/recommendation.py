"""Recommendation: winner and runner-up, the score chart, why (from the trace), what would change it, paths."""

import json
from functools import partial

import streamlit as st

from guide.bench.schema import SIZES
from guide.decision.engine import recommend
from guide.decision.rules import load_ruleset
from guide.deploy.store import DeployStore
from guide.evidence.deployment import facts_from_deployment
from guide.evidence.judgement import judgement_settings
from guide.evidence.matching import matched_benchmark
from guide.evidence.measurements import contribution_text, fact_label, fact_value_text, facts_from_result, verdict_text
from guide.reports.charts.recommendation_charts import breakdown_chart, score_chart
from guide.reports.html import to_html
from guide.reports.json_export import recommendation_json
from guide.reports.markdown import deployment_steps_markdown, to_markdown
from guide.reports.model import build_report
from guide.reports.view import NO_CHANGE, NO_DEPLOYMENT, decision_view
from guide.ui.bench_run import choose_result, chosen_result, follow_running, show_run, start_run
from guide.ui.resources import framework_versions, result_store, this_machine
from guide.ui.state import (
    answers_upload,
    applied_counterfactual,
    apply_counterfactual,
    current_answers,
    questions,
    share_query,
    show_problems,
    undo_counterfactual,
)

qs = questions()
answers = current_answers()
bench = chosen_result()
matched = matched_benchmark(answers)
# The newest deployment check of the model your answers match: whether each phone path runs it.
deploy_check = next((d for d in DeployStore().recent(limit=20) if d.spec.model == matched.spec.model), None)
facts = [*(facts_from_result(bench) if bench else ()), *(facts_from_deployment(deploy_check) if deploy_check else ())]
rec = recommend(answers, measurements=tuple(facts))
name = {r.framework: r.label.en for r in rec.ranking}
view = decision_view(rec, qs, deploy=deploy_check)

st.title(f"Recommendation: {name[rec.winner]}")
show_problems()
if not answers.values:
    st.info("No answers yet: this is the default for a team we know nothing about.")
    st.page_link("app_pages/questionnaire.py", label="Answer the questionnaire", icon="📝")

def card(column, label: str, value: str, detail: str, help_text: str | None = None) -> None:
    """A bordered card whose value wraps: st.metric cut "Keras 3 (multi-backend)" off at projector widths."""
    with column.container(border=True):
        st.caption(label, help=help_text)
        st.markdown(f"**{value}**")
        st.caption(detail)


alternative = rec.alternative or rec.runner_up
thresholds = load_ruleset().confidence
c1, c2, c3 = st.columns(3)
card(c1, "Recommended", name[rec.winner], f"{rec.ranking[0].score:g} points")
card(c2, "The real alternative", name[alternative],
     f"{rec.ranking[0].score - rec.score_of(alternative):g} points behind")
card(c3, "Confidence", rec.confidence, f"margin {rec.margin:g} points over the next framework",
     f"From the margin between the first two: high at {thresholds.high:g} points or more, medium at "
     f"{thresholds.medium:g} or more. {rec.certainty.answered} of {rec.certainty.total} questions answered.")
if rec.alternative_note:
    st.caption(rec.alternative_note.en)
if rec.tie_broken:
    st.warning("The top two tie exactly; the order of the framework list decided. Answer more to separate them.")
open_q = [qs.get(q).label.en for q in rec.certainty.could_change_winner]
if open_q:
    st.caption("Still open and able to change the winner: " + "; ".join(open_q))
elif rec.certainty.unanswered:
    st.caption("No single answer to the remaining questions would change the winner.")

st.altair_chart(score_chart(rec), width="stretch")
with st.expander("How each score is built, rule by rule"):
    st.altair_chart(breakdown_chart(rec, [r.title.en for r in load_ruleset().rules]), width="stretch")

st.header("Why")
for item in view.why:
    with st.container(border=True):
        st.markdown(f"**{item.title}** · {item.deltas}  \n{item.rationale}")
        links = "; ".join(f"[{title}]({url})" if url else title for title, url in item.sources)
        st.caption(f"When: {item.when} · Evidence: {links}")

st.header("What would change it")
if not view.changes:
    st.write(NO_CHANGE)
for i, (cf, change) in enumerate(zip(rec.counterfactuals, view.changes, strict=True)):
    col_text, col_button = st.columns([4, 1])
    col_text.markdown(f"{change.text} ⇒ **{change.winner}** would lead by {change.margin:g} points")
    if col_button.button("Apply", key=f"apply_cf_{i}"):
        apply_counterfactual(answers, cf, change.text)
        st.rerun()
if (applied := applied_counterfactual()) is not None:
    u1, u2 = st.columns([4, 1])
    u1.info(f"Applied: {applied}.")
    if u2.button("Undo", key="undo_cf"):
        undo_counterfactual()
        st.rerun()

st.header("Evidence from this machine")
st.write("The benchmark that matches your answers: " + "; ".join(matched.reasons) + ". It runs the same model as "
         "Keras 3 on torch and on TensorFlow, and as native PyTorch and native TensorFlow twins.")
with st.expander("Adjust before running"):
    a1, a2, a3 = st.columns(3)
    size = a1.selectbox("Model size", SIZES, index=SIZES.index("small"), key="match_size")
    steps = a2.number_input("Timed steps", 5, 500, matched.spec.steps, key="match_steps")
    repeats = a3.number_input("Repeats", 1, 10, matched.spec.repeats, key="match_repeats")
spec = matched.spec.model_copy(update={"size": size, "steps": int(steps), "repeats": int(repeats)})
stored = result_store().find_cached(spec, this_machine(spec.threads), framework_versions())
b1, b2 = st.columns(2)
if stored and (bench is None or bench.id != stored.id) and b1.button(
        f"Use the stored result of {stored.created_at:%Y-%m-%d %H:%M} UTC", key="use_stored_bench"):
    choose_result(stored)
    st.rerun()
MATCH_JOB = "match_bench_job"  # the cache key of the server-side run of the matched benchmark this session shows
if b2.button("Run the matched benchmark", key="run_matched_bench", type="primary"):
    start_run(spec, MATCH_JOB, reuse=False)  # joins the run in progress for the same spec, if any
# A reloaded tab picks the matched benchmark up again, whatever size, steps and repeats it was adjusted to.
follow_running(MATCH_JOB, lambda running: running.model_copy(
    update=spec.model_dump(include={"size", "steps", "repeats"})) == spec)
if (result := show_run(MATCH_JOB)) is not None:
    choose_result(result)
    st.rerun()
if bench is not None and bench.spec.model != matched.spec.model:
    st.warning(f"The benchmark in use ran the {bench.spec.model} model; your answers now match "
               f"{matched.spec.model}. Its measurements still count until you run the matched benchmark.")
if deploy_check is not None:
    st.caption(f"Using deployment check {deploy_check.id} ({deploy_check.spec.model}/{deploy_check.spec.size}, "
               f"{deploy_check.created_at:%Y-%m-%d}): only whether each phone path runs the model counts, and only "
               "when you ship to phones (Deployment page).")
if bench is None and deploy_check is None:
    st.caption("No benchmark yet: the recommendation above stands on the rules alone.")
if bench is not None:
    st.caption(f"Using benchmark {bench.id} ({bench.spec.model}/{bench.spec.size}, {bench.created_at:%Y-%m-%d}). "
               f"A measured difference counts when the 95% interval of the ratio clears "
               f"{judgement_settings().practical_difference:.0%}, and only where it "
               "speaks for your answers (a CPU timing says nothing about phones or GPU training).")
if rec.measurements:
    st.dataframe([{"measured": fact_label(m.key), "result": fact_value_text(m),
                   "counts?": verdict_text(m),
                   "added to the scores": contribution_text(m, name),
                   "details": m.detail} for m in rec.measurements],
                 hide_index=True, width="stretch",
                 column_config={"details": st.column_config.TextColumn(width="large")})

left, right = st.columns(2)
with left:
    st.header("Deployment path")
    st.markdown(deployment_steps_markdown(view) or NO_DEPLOYMENT)
    if any(view.deployment_checks):
        st.page_link("app_pages/deployment.py", label="The deployment check behind these lines", icon="📦")
    others = {fw: steps for fw, steps in rec.deployment_by_framework.items() if fw != rec.winner}
    if others:
        with st.expander("Paths for the other frameworks"):
            for fw, steps in others.items():
                st.markdown(f"**{name[fw]}**\n" + "\n".join(f"- {s.text.en}" for s in steps))
with right:
    st.header("Learning path")
    st.markdown("\n".join(f"{i}. {step}" for i, step in enumerate(view.learning, 1)))

st.header("Share and download")
st.write("The answers, and the benchmark in use, are in this page's address: copy it to share exactly this "
         "recommendation (the benchmark must be stored where the link is opened: export and import it from the "
         "Live benchmarks page).")
st.code(share_query(answers) or "(no answers yet)", language=None)
report = partial(build_report, answers, bench, deployment=deploy_check)  # what the page shows, nothing else
d1, d2, d3 = st.columns(3)
# on_click="ignore": a download does not rerun the page, so a second click right after the first is not lost in
# the rerun; the reports are built only when their button is clicked (deferred data).
d1.download_button("Download JSON", json.dumps(recommendation_json(rec), indent=2, ensure_ascii=False),
                   file_name="recommendation.json", mime="application/json", key="download_json", on_click="ignore")
d2.download_button("Decision report (Markdown)", lambda: to_markdown(report()),
                   file_name="decision-report.md", mime="text/markdown", key="download_md", on_click="ignore")
d3.download_button("Decision report (HTML)", lambda: to_html(report()),
                   file_name="decision-report.html", mime="text/html", key="download_html", on_click="ignore")
with st.expander("Load answers from a file"):
    answers_upload("recommendation_upload")
