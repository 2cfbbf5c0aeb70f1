"""The import graph of the project's own code, read statically (imports inside functions count; imports under
`if TYPE_CHECKING:` never run and do not): no cycles, and no module outside the benchmark workers and models/
imports a framework."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = {"torch", "tensorflow", "keras", "jax"}
WORKER_SIDE = ("guide/bench/worker/", "models/", "benchmarks/", "tests/")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []  # never executed
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def graph() -> dict[str, set[str]]:
    files = [p for p in [*(ROOT / "guide").rglob("*.py"), *(ROOT / "app_pages").glob("*.py"), ROOT / "app.py"]]
    modules = {module_name(p): p for p in files}
    return {name: {m for m in imported(ast.parse(path.read_text())) if m in modules and m != name}
            for name, path in modules.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if state.get(nxt) is None and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if state.get(node) is None and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycles():
    assert find_cycle(graph()) is None, " -> ".join(find_cycle(graph()))


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_only_workers_and_models_import_a_framework():
    offenders = []
    for path in [*ROOT.rglob("*.py")]:
        rel = str(path.relative_to(ROOT))
        if rel.startswith((".venv", *WORKER_SIDE)):
            continue
        frameworks = {m.split(".")[0] for m in imported(ast.parse(path.read_text()))} & FRAMEWORKS
        if frameworks:
            offenders.append(f"{rel}: {sorted(frameworks)}")
    assert offenders == []


# Which layer may import which (prefixes of module names). The decision core is pure; the workers read only the
# protocol and the shared CPU facts; nothing below the UI imports Streamlit glue, the CLI or a page.
ALLOWED = {
    "guide.decision": ("guide.decision", "guide.errors", "guide.text", "guide.settings", "guide.userfile"),
    "guide.bench.worker": ("guide.bench.worker", "guide.bench.schema", "guide.bench.protocol", "guide.bench.stats",
                           "guide.bench.cpu", "guide.settings", "guide.deploy.schema"),
}
NOT_BELOW_UI = ("guide.ui", "guide.cli", "app_pages", "app")
# `from guide.bench import stats` names the package too; its __init__ is a docstring.
PACKAGES = {"guide", "guide.bench"}


def layer_violations(edges: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, targets in sorted(edges.items()):
        for prefix, allowed in ALLOWED.items():
            if module == prefix or module.startswith(prefix + "."):
                problems += [f"{module} -> {t}" for t in sorted(targets - PACKAGES)
                             if not any(t == a or t.startswith(a + ".") for a in allowed)]
        if module.startswith("guide.") and not module.startswith(("guide.ui", "guide.cli", "guide.__main__")):
            problems += [f"{module} -> {t}" for t in sorted(targets)
                         if any(t == u or t.startswith(u + ".") for u in NOT_BELOW_UI)]
    return problems


def test_each_layer_imports_only_what_it_may():
    assert layer_violations(graph()) == []


def test_the_layer_check_finds_a_violation():
    edges = {"guide.decision.engine": {"guide.evidence.measurements", "guide.text"},
             "guide.bench.worker.main": {"guide.bench.machine"}, "guide.reports.html": {"guide.ui.state"}}
    assert layer_violations(edges) == ["guide.bench.worker.main -> guide.bench.machine",
                                       "guide.decision.engine -> guide.evidence.measurements",
                                       "guide.reports.html -> guide.ui.state"]
