"""The package's dependencies point one way: no import cycle, deferred imports included, and each layer imports
only the layers below it."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "iotjobs"

# Bottom to top; a module may import its own layer and the ones below, never one above.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"iotjobs._limits", "iotjobs._enums", "iotjobs._errors"}),
    frozenset({"iotjobs._checks", "iotjobs._model", "iotjobs._notebook"}),
    frozenset({"iotjobs._rules", "iotjobs._wire"}),
    frozenset({"iotjobs._rollout", "iotjobs._abort", "iotjobs._retry", "iotjobs._timeout", "iotjobs._presigned",
               "iotjobs._preview", "iotjobs._update", "iotjobs._job", "iotjobs._client"}),
    frozenset({"iotjobs._display"}),
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Each module of the package -> the package modules it imports at run time (function-level imports
    included; ``if TYPE_CHECKING:`` blocks and a module's own parent packages left out)."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, frozenset[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(sub)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for sub in ast.walk(node)
        }
        targets: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                submodules = [f"{node.module}.{alias.name}" for alias in node.names]
                targets.update([m for m in submodules if m in modules] or [node.module])
        graph[name] = frozenset(
            t for t in targets if t in modules and t != name and not name.startswith(t + ".")
        )
    return graph


def cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """The import cycles: strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle() -> None:
    """No module of the package imports, even inside a function, a module that imports it back."""
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check above can fail: a two-module cycle is found."""
    assert cycles({"a": frozenset({"b"}), "b": frozenset({"a"}), "c": frozenset()}) == [["a", "b"]]


@pytest.mark.parametrize("level", range(len(LAYERS)))
def test_layers_import_only_downwards(level: int) -> None:
    """limits/enums/errors, then checks/model, then the rules and wire helpers, then the model classes and the
    client, then the renderer: none imports a layer above its own."""
    above = frozenset().union(*LAYERS[level + 1:])
    graph = import_graph()
    wrong = {module: sorted(graph[module] & above) for module in LAYERS[level] if graph[module] & above}
    assert wrong == {}


def test_only_the_package_loads_the_renderer() -> None:
    """The classes reach the renderer through `iotjobs._notebook`, never by importing it."""
    importers = sorted(module for module, imported in import_graph().items() if "iotjobs._display" in imported)
    assert importers == ["iotjobs"]
