"""Progress that moves with the work done: every phase has a share of a row's bar (imports and builds move it
too), the timed steps advance it step by step, it never goes back, and it reads 100% only once the row's worker
has finished, in the default mode (one process per row) and in thorough mode (one per repeat), repeats=1 too."""

import json

import pytest

from guide.bench import runner
from guide.bench.progress import RowProgress, row_plan
from guide.bench.protocol import RunEvent
from guide.bench.schema import BenchmarkSpec

LABEL = "Keras 3 on torch"


def event(kind, **fields):
    return RunEvent(kind=kind, label=LABEL, backend="torch", api="keras", **fields)


def worker_events(spec: BenchmarkSpec, probe: bool) -> list[RunEvent]:
    """What the runner forwards for the first row, in the order a worker reports its phases."""
    events = []
    batches = [range(r, r + 1) for r in range(spec.repeats)] if spec.thorough else [range(spec.repeats)]
    for repeats in batches:
        events.append(event("row_started", repeat=repeats[0]))
        for repeat in repeats:
            if spec.thorough or repeat == 0:
                events.append(event("progress", repeat=repeat, phase="import"))
            events += [event("progress", repeat=repeat, phase=p) for p in ("build", "first_step")]
            events += [event("progress", repeat=repeat, phase="warmup", done=i, total=spec.warmup)
                       for i in range(1, spec.warmup + 1)]
            events += [event("progress", repeat=repeat, phase="train", done=i, total=spec.steps)
                       for i in range(1, spec.steps + 1)]
            events += [event("progress", repeat=repeat, phase=p) for p in ("infer", "evaluate")]
            if repeat == (0 if spec.thorough else spec.repeats - 1):
                events += [event("progress", repeat=repeat, phase=p) for p in ("save", "probe")[:1 + probe]]
        events.append(event("row_finished", repeat=repeats[-1], message="ok"))
    return events


@pytest.mark.parametrize(("repeats", "thorough"), [(1, False), (3, False), (1, True), (3, True)])
def test_fraction_rises_with_every_phase_and_is_full_only_when_finished(repeats, thorough):
    spec = BenchmarkSpec(repeats=repeats, steps=8, warmup=2, thorough=thorough)
    tracker = RowProgress(spec, probe=True)
    fractions = [tracker.update(e).fraction for e in worker_events(spec, probe=True)]
    *before, final = fractions
    assert final == 1.0 and tracker.rows[LABEL].text == "done"
    assert max(before) < 1.0, "full before the worker finished"
    assert all(b >= a for a, b in zip(fractions, fractions[1:], strict=False)), "went back"
    phase_starts = {}  # the bar when each (repeat, phase) first reported: each phase has a share of its own
    for e, fraction in zip(worker_events(spec, True), fractions, strict=True):
        if e.kind == "progress":
            phase_starts.setdefault((e.repeat, e.phase), fraction)
    starts = list(phase_starts.values())
    assert len(starts) > 6 and all(b > a for a, b in zip(starts, starts[1:], strict=False))


def test_shares_follow_typical_durations_and_sum_to_one():
    spec = BenchmarkSpec(repeats=3, steps=40, warmup=3)
    plan = row_plan(spec, "torch", "keras", probe=True)
    assert [key for key in plan][:2] == [(0, "import"), (0, "build")]  # one import in the default mode
    assert sum(share for _, share in plan.values()) == pytest.approx(1.0)
    assert plan[(2, "probe")][0] + plan[(2, "probe")][1] == pytest.approx(1.0)  # the probe ends the row
    native = row_plan(spec, "torch", "native", probe=False)
    assert native[(0, "import")][1] < plan[(0, "import")][1]  # native torch imports faster than Keras
    thorough = row_plan(spec.model_copy(update={"thorough": True}), "torch", "keras", probe=False)
    assert [key for key in thorough if key[1] == "import"] == [(0, "import"), (1, "import"), (2, "import")]


def test_step_text_and_failures():
    tracker = RowProgress(BenchmarkSpec(repeats=2, native=True))
    assert list(tracker.rows) == ["Keras 3 on torch", "Keras 3 on TensorFlow", "PyTorch, native",
                                  "TensorFlow, native"]
    assert tracker.update(RunEvent(kind="waiting", message="waiting for another benchmark")) is None
    state = tracker.update(event("progress", repeat=1, phase="train", done=25, total=50))
    assert state.text == "repeat 2 of 2: timed steps 25/50" and 0.5 < state.fraction < 1.0
    failed = tracker.update(RunEvent(kind="row_finished", label="PyTorch, native", message="timed out after 3 s"))
    assert failed.failed and failed.text == "failed: timed out after 3 s"
    assert tracker.overall() == pytest.approx((state.fraction + 1.0) / 4)  # a failed row is finished


@pytest.mark.parametrize("thorough", [False, True])
def test_a_real_run_of_the_fake_worker_never_shows_full_early(monkeypatch, tmp_path, thorough):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("GUIDE_FAKE_WORKER", json.dumps({}))
    spec = BenchmarkSpec(size="tiny", steps=4, repeats=2, thorough=thorough)
    tracker, seen = RowProgress(spec), {label: [] for label in ("Keras 3 on torch", "Keras 3 on TensorFlow")}

    def on_event(e: RunEvent) -> None:
        state = tracker.update(e)
        if state is not None:
            seen[state.label].append((e.kind, e.repeat, state.fraction))

    runner.run_benchmark(spec, on_event=on_event, worker_module="tests.fake_worker")
    for label, trace in seen.items():
        fractions = [f for _, _, f in trace]
        assert all(b >= a for a, b in zip(fractions, fractions[1:], strict=False)), label
        assert trace[-1][:2] == ("row_finished", 1) and fractions[-1] == 1.0
        assert max(fractions[:-1]) < 1.0
        assert len({r for kind, r, _ in trace if kind == "progress"}) == 2  # the worker named both repeats
