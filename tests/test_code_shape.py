"""The size rules of the house: no module over 300 lines, no function body over 40 (docstring excluded)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 300, 40


def product_files() -> list[Path]:
    return sorted([*(ROOT / "guide").rglob("*.py"), *(ROOT / "app_pages").glob("*.py"), *(ROOT / "models").glob("*.py"),
                   ROOT / "app.py"])


def long_functions(source: str) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            if body and (length := body[-1].end_lineno - body[0].lineno + 1) > MAX_FUNCTION_LINES:
                found.append((node.name, length))
    return found


def test_no_module_is_over_300_lines():
    long = {str(p.relative_to(ROOT)): n for p in product_files() if (n := len(p.read_text().splitlines())) > 300}
    assert long == {}


def test_no_function_is_over_40_lines():
    found = {f"{p.relative_to(ROOT)}:{name}": n for p in product_files() for name, n in long_functions(p.read_text())}
    assert found == {}


def test_the_function_check_counts_a_long_body():
    source = "def f():\n    '''doc'''\n" + "    x = 1\n" * 41
    assert long_functions(source) == [("f", 41)]


def test_the_size_list_is_one_list():
    from guide.bench.schema import SIZES
    from models.registry import SIZES as MODEL_SIZES

    assert SIZES == MODEL_SIZES
