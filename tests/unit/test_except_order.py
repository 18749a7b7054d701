"""No `except` clause is shadowed by an earlier one of the same `try` (issue 8: in PTB 22
`BadRequest` is a `NetworkError`, so `except NetworkError` before `except BadRequest` made the
second one dead). Checked over every module, for Telegram's errors and the built-in ones."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest
import telegram.error

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "storage", "views")


def _resolve(node: ast.expr | None) -> list[type]:
    if node is None:
        return [BaseException]
    if isinstance(node, ast.Tuple):
        return [t for element in node.elts for t in _resolve(element)]
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    found = getattr(telegram.error, name, None) or getattr(builtins, name, None)
    return [found] if isinstance(found, type) else []


def shadowed(tree: ast.AST) -> list[str]:
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        earlier: list[type] = []
        for handler in node.handlers:
            for kind in _resolve(handler.type):
                hidden = [e.__name__ for e in earlier if issubclass(kind, e)]
                if hidden:
                    problems.append(f"line {handler.lineno}: {kind.__name__} after {hidden}")
            earlier += _resolve(handler.type)
    return problems


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_except_clause_is_dead(path: Path) -> None:
    assert shadowed(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_the_check_catches_the_reply_defect() -> None:
    code = (
        "try:\n    pass\n"
        "except (NetworkError, RetryAfter):\n    pass\n"
        "except BadRequest:\n    pass\n"
    )
    assert shadowed(ast.parse(code)) == ["line 5: BadRequest after ['NetworkError']"]
