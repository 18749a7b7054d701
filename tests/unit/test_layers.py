"""The layers hold: use cases and rights never import Telegram (so they can decide rights
themselves and be tested without it), and no handler reaches a repository."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.services import Services

ROOT = Path(__file__).resolve().parents[2]
NO_TELEGRAM = [
    ROOT / "bot" / "rights.py",
    ROOT / "bot" / "actor.py",
    ROOT / "bot" / "registry.py",
    ROOT / "bot" / "callback_data.py",
    *sorted((ROOT / "bot" / "usecases").glob("*.py")),
    *sorted((ROOT / "bot" / "domain").glob("*.py")),
]
REPOSITORIES = {
    name
    for name, kind in Services.__annotations__.items()
    if isinstance(kind, str) and kind.endswith("Repo")
} | {"db"}


def _runtime_imports(tree: ast.Module) -> set[str]:
    """Modules imported outside `if TYPE_CHECKING:` blocks."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", NO_TELEGRAM, ids=lambda p: str(p.relative_to(ROOT)))
def test_rights_and_use_cases_do_not_import_telegram(path: Path) -> None:
    imports = _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
    assert not {m for m in imports if m.split(".")[0] in ("telegram", "handlers")}


@pytest.mark.parametrize("path", sorted((ROOT / "handlers").glob("*.py")), ids=lambda p: p.name)
def test_no_handler_calls_a_repository(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reached = [
        f"line {node.lineno}: services.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in REPOSITORIES
        and isinstance(node.value, ast.Attribute | ast.Name)
        and getattr(node.value, "attr", getattr(node.value, "id", "")) == "services"
    ]
    assert reached == []


def test_the_repositories_are_known() -> None:
    assert {"blocs", "units", "pledges", "db"} <= REPOSITORIES
