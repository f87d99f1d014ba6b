"""Small rooms (issue 14, item 6): no production file over 600 lines, no
function over 80. Read with ast, no import: tests/, migrations/ and bench/ are
not production code. ALLOWED lists what is still over, each with the item that
fixes it; the list only shrinks."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80
SKIPPED_DIRS = {"tests", "migrations", "bench", "node_modules", "static"}

# "path" for a file, "path::function" (Class.method for a method) for a function.
ALLOWED: dict[str, str] = {}


def _production_files() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not any(
            part in SKIPPED_DIRS or part.startswith(".")
            for part in path.relative_to(ROOT).parts[:-1]
        )
    )


def _functions(tree: ast.AST, prefix: str = ""):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{prefix}{node.name}"
            start = min([d.lineno for d in node.decorator_list] + [node.lineno])
            yield name, node.end_lineno - start + 1
            yield from _functions(node, f"{name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")


def oversized() -> dict[str, int]:
    """Every file and function over its limit, with its length in lines."""
    found = {}
    for path in _production_files():
        name = path.relative_to(ROOT).as_posix()
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_FILE_LINES:
            found[name] = lines
        for function, length in _functions(ast.parse(source)):
            if length > MAX_FUNCTION_LINES:
                found[f"{name}::{function}"] = length
    return found


def test_no_production_file_or_function_is_over_the_limit():
    over = {key: n for key, n in oversized().items() if key not in ALLOWED}
    assert not over, (
        f"over {MAX_FILE_LINES} lines per file / {MAX_FUNCTION_LINES} per "
        f"function: {over}"
    )


def test_the_allow_list_names_only_what_is_still_over():
    stale = sorted(set(ALLOWED) - set(oversized()))
    assert not stale, f"no longer over the limit, remove from ALLOWED: {stale}"
