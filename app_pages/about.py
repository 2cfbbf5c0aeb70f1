"""About & method: how scoring works, where the evidence comes from, the article's table beside ours."""

import streamlit as st

from guide.decision.rules import load_ruleset
from guide.evidence.sources import load_sources
from guide.reports.explain import article_table
from guide.ui.state import questions

ruleset = load_ruleset()

st.title("About & method")
st.markdown(
    f"""
**What this is.** A decision guide for choosing between PyTorch, TensorFlow, Keras 3 and JAX. You answer a short
questionnaire; a rule engine turns the answers into a ranked, explained recommendation.

**How scoring works.** Every rule is data: a condition on your answers, score changes per framework, a one-sentence
rationale and dated evidence. The score of a framework is the sum of what the rules that fired gave it, so the
"why" list is the computation itself. The margin between the first two sets the confidence
(high ≥ {ruleset.confidence.high:g} points, medium ≥ {ruleset.confidence.medium:g}).
*What would change it* lists the smallest answer changes that change the winner, found by re-scoring
every one- and (if needed) two-answer edit.

**Keeping it honest.** The rules are checked by examples stored beside them (the article's table among them) and by
`python -m guide lint-rules`, which sweeps every possible answer set for rules that never fire and exact ties.
Where a newer fact contradicts the 2025 article (TorchScript, TorchServe, TFLite → LiteRT, Transformers v5), the
rule follows the fact and says so.

**A Keras backend is not the framework.** Keras 3 on torch is not PyTorch as a PyTorch team writes it; the
benchmarks label every row ("Keras 3 on torch", "PyTorch, native").
"""
)

st.header("The article's table, and what this guide says")
st.caption("Source: 'TensorFlow vs PyTorch: a 2025 comparison' (Korean blog post), section 7.")
st.dataframe(article_table(ruleset, questions()), hide_index=True, width="stretch")

st.header("Sources")
st.dataframe(
    [{"ref": key, "source": s.title, "date": s.date, "link": s.url or ""} for key, s in load_sources().items()
     if key != "test"],
    hide_index=True, width="stretch",
    column_config={"link": st.column_config.LinkColumn("link")},
)
