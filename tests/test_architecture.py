"""The shape of the code, checked: no import cycle between the generator's modules, every module small
enough to read in one sitting, and ARCHITECTURE.md naming every package and module.

Imports are read from the source with ``ast`` (not by importing), so a cycle hidden in a function-level
or type-checking import counts too: it is still a circle in the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support import ROOT

GENERATOR = ROOT / "generator"
MOST_LINES = 400
"""House rule: a module a maintainer can read in one sitting."""


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(GENERATOR.rglob("*.py"))}


def imported(name: str, path: Path) -> set[str]:
    """The generator modules that module ``name`` imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package if node.level else ""
            target = ".".join(part for part in (base, node.module or "") if part)
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}  # ``from . import records``
    return {module for module in found if module in MODULES and module != name}


def graph() -> dict[str, set[str]]:
    """Module -> the generator modules it imports; importing a submodule runs its package's __init__ too."""
    edges = {name: imported(name, path) for name, path in MODULES.items()}
    for name in edges:
        parent = name.rpartition(".")[0]
        if parent in MODULES and parent != "generator":
            edges[name].add(parent)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_circle():
    """The oracle itself can fail: a hand-made graph with one circle and one tail."""
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_reader_sees_relative_and_lazy_imports():
    edges = graph()
    assert "generator.opendata.history" in edges["generator.opendata.feed"]  # from .history import …
    assert "generator.records" in edges["generator.cli"]  # from . import records, inside a function
    assert "generator.validation.problems" in edges["generator.validation.load"]


def test_no_import_cycle():
    assert cycles(graph()) == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_small(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MOST_LINES, f"{name} has {lines} lines; split it by concern (house rule 11)"


def test_architecture_names_every_package_and_module():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    packages = {path.parent.name for path in MODULES.values() if path.parent != GENERATOR}
    missing = [f"{name}/" for name in sorted(packages) if f"`{name}/`" not in text]
    missing += [name for name, path in MODULES.items() if path.name != "__init__.py" and f"`{path.name}`" not in text]
    assert missing == []


def test_every_setting_says_what_it_is_for():
    """Each field of ``Settings`` is followed by its docstring, as the house style asks of dataclasses."""
    tree = ast.parse((GENERATOR / "settings.py").read_text(encoding="utf-8"))
    body = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Settings").body
    fields = [(index, node.target.id) for index, node in enumerate(body) if isinstance(node, ast.AnnAssign)]
    assert len(fields) >= 10
    undocumented = [
        name
        for index, name in fields
        if not (
            index + 1 < len(body)
            and isinstance(body[index + 1], ast.Expr)
            and isinstance(body[index + 1].value, ast.Constant)
            and isinstance(body[index + 1].value.value, str)
        )
    ]
    assert undocumented == []
