"""The benchmark that matches a set of answers: which model, what to look at, and why.

model_family picks the model; deployment targets and priorities pick the figures that matter. Native rows are
always included: the framework question rests on them, the Keras rows on "which Keras backend".
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from guide.bench.schema import BenchmarkSpec
from guide.decision.answers import AnswerSet, AnswerValue
from guide.deploy.schema import PATH_IDS, DeploySpec
from guide.text import t

MODEL_FOR_FAMILY = {"llm": "transformer", "vision": "cnn", "tabular": "mlp", "audio": "lstm", "rl": "mlp",
                    "other": "mlp", "scientific": "mlp"}


# Which answers make a figure matter: (question id, options). Checked against questions.yaml by
# unknown_ids(), so a renamed option cannot silently stop matching.
FOCUS_WHEN: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "infer_latency": (("deployment_target", ("cpu_server", "mobile", "embedded")),
                      ("priorities", ("inference_latency",))),
    "cpu_per_inference": (("priorities", ("energy",)),),
    "startup": (("priorities", ("prototype_speed",)),),
}


def unknown_ids(questions) -> list[str]:
    """Question and option ids this module names that questions.yaml does not have."""
    named = [("model_family", tuple(MODEL_FOR_FAMILY)), ("scale", ()), ("deployment_target", tuple(PATHS_FOR_TARGET))]
    named += [pair for triggers in FOCUS_WHEN.values() for pair in triggers]
    problems = []
    for qid, options in named:
        q = questions.get(qid)
        if q is None:
            problems.append(f"unknown question '{qid}'")
        else:
            problems += [f"'{qid}' has no option '{o}'" for o in options if o not in q.option_ids]
    return problems


class MatchedBenchmark(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    spec: BenchmarkSpec
    focus: tuple[str, ...]
    family: str | None = None

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why this benchmark, in this run's language: the model it picked, then each figure that matters."""
        picked = (f"model_family={self.family} → {self.spec.model}" if self.family
                  else t("recommendation.match.no_family", model=self.spec.model))
        return (picked, *(t(f"recommendation.match.focus.{f}") for f in self.focus))


def _has(values: Mapping[str, AnswerValue], qid: str, *options: str) -> bool:
    v = values.get(qid)
    chosen = v if isinstance(v, tuple) else (v,)
    return any(o in chosen for o in options)


def matched_benchmark(answers: AnswerSet | Mapping[str, AnswerValue], quick: bool = False) -> MatchedBenchmark:
    values = answers.values if isinstance(answers, AnswerSet) else answers
    family = values.get("model_family")
    model = MODEL_FOR_FAMILY.get(family, "mlp")
    focus = [name for name, triggers in FOCUS_WHEN.items()
             if any(_has(values, qid, *options) for qid, options in triggers)]
    if values.get("scale") or not focus:
        focus.append("throughput")
    size = "tiny" if quick else "small"
    steps, repeats = (10, 1) if quick else (40, 3)
    spec = BenchmarkSpec(model=model, size=size, steps=steps, warmup=3, repeats=repeats, native=True,
                         backends=["torch", "tensorflow"], batch_size=32 if model == "transformer" else 64)
    return MatchedBenchmark(spec=spec, focus=tuple(focus), family=family)


# The deployment paths that speak for each target a team answers (the phone and serving facts among them); with
# no target answered, every path.
PATHS_FOR_TARGET: dict[str, tuple[str, ...]] = {
    "cpu_server": ("savedmodel", "pt2", "onnx", "openvino", "http-savedmodel", "http-pt2", "http-onnx"),
    "cloud_gpu": ("savedmodel", "pt2", "onnx"),
    "mobile": ("litert", "litert-int8", "executorch-xnnpack", "coreml"),
    "browser": ("onnx-web",),
    "embedded": ("litert-int8", "executorch-xnnpack"),
}


def matched_deploy_spec(answers: AnswerSet | Mapping[str, AnswerValue]) -> DeploySpec:
    """The deployment check that matches the answers, as the matched benchmark does: model_family picks the
    model, the deployment targets pick the paths (every path when none is answered, or only 'none')."""
    values = answers.values if isinstance(answers, AnswerSet) else answers
    targets = values.get("deployment_target") or ()
    paths = tuple(dict.fromkeys(p for target in targets for p in PATHS_FOR_TARGET.get(target, ())))
    return DeploySpec(model=MODEL_FOR_FAMILY.get(values.get("model_family"), "mlp"), size="small",
                      targets=paths or PATH_IDS)
