"""No module keeps mutable state: every Application (the tests run many in one process) has
its own registry, services and caches, so nothing one of them does leaks into another.

The check: a name bound at module level to a dict, list, set (literal, comprehension or
constructor call) must never be changed anywhere in its module (item assignment, `del`,
a mutating method, `global`). Constant tables stay allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "storage", "views")
_CONTAINERS = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
_CONSTRUCTORS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"}
_MUTATORS = {
    "append", "extend", "insert", "add", "update", "setdefault", "pop", "popitem",
    "clear", "remove", "discard", "appendleft", "sort",
}  # fmt: skip


def _is_container(node: ast.AST | None) -> bool:
    if isinstance(node, _CONTAINERS):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return name in _CONSTRUCTORS
    return False


def module_containers(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and _is_container(node.value):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif (
            isinstance(node, ast.AnnAssign)
            and _is_container(node.value)
            and isinstance(node.target, ast.Name)
        ):
            names.add(node.target.id)
    return names


def mutations(tree: ast.Module, names: set[str]) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found += [f"line {node.lineno}: global {n}" for n in node.names]
        targets: list[ast.AST] = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
        for target in targets:
            owner = target.value if isinstance(target, ast.Subscript) else None
            if isinstance(owner, ast.Name) and owner.id in names:
                found.append(f"line {node.lineno}: {owner.id}[…] changed")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            called = node.func.value
            if isinstance(called, ast.Name) and called.id in names and node.func.attr in _MUTATORS:
                found.append(f"line {node.lineno}: {called.id}.{node.func.attr}()")
    return found


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_level_mutable_state(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert mutations(tree, module_containers(tree)) == []


def test_the_check_catches_a_hook_table() -> None:
    """The shape the registry replaced (handlers/year.py `_STATUS`) is caught."""
    tree = ast.parse("_STATUS: dict = {}\ndef add(k, v):\n    _STATUS[k] = v\n")
    assert mutations(tree, module_containers(tree)) == ["line 3: _STATUS[…] changed"]
    tree = ast.parse("_X = [None]\ndef use(v):\n    _X.append(v)\n")
    assert mutations(tree, module_containers(tree)) == ["line 3: _X.append()"]
