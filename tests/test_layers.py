"""The package's shape (issue 13): layers, no import circles, small modules and functions.

The import graph is read from the source with `ast`, not by importing: every `import axissim...`
or `from axissim... import ...` (absolute or relative) in any module is an edge, including
imports inside functions (they run when the function does); imports under `if TYPE_CHECKING:`
are left out (they never run). `from axissim.x import y` is an edge to the module
`axissim.x.y` when that is a module of the package, else to `axissim.x`. Importing a module
also runs its parent packages' `__init__`; those implicit edges are not counted (every module
would then depend on the top-level `__init__`, which re-exports the public API).

Layers, low to high; a module may import from its own layer or lower ones only:

    0 errors, levels, files, wording,      plain helpers, no project imports
      _version, limits, bars
    1 engine.interests                     the interest terms and their names
    2 scenario.*                           reading and checking scenario files
    3 engine.*, data.*                     the compiled world and kernel; scenarios built
                                           from the COW/ATOP tables
    4 abm.model, abm.agents                the Mesa model
    5 charts.*                             drawing
    6 folders.*                            results folders: files, writing, reading
    7 studies.*                            runs, sweeps, calibration, tipping, back-test
    8 readers.*                            reports and discovery over results
    9 abm.app, cli, cli.*, __main__, the package __init__
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "axissim"
SOURCE = Path(__file__).resolve().parent.parent / "src" / PACKAGE

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

# The layer of a module: the longest matching prefix (a dotted name below `axissim`) wins.
LAYERS: dict[str, int] = {
    "errors": 0,
    "levels": 0,
    "files": 0,
    "wording": 0,
    "_version": 0,
    "limits": 0,
    "bars": 0,
    "engine.interests": 1,
    "scenario": 2,
    "engine": 3,
    "data": 3,
    "abm": 4,  # the (empty) package `__init__`; `abm.app` sits on top
    "abm.model": 4,
    "abm.agents": 4,
    "charts": 5,
    "folders": 6,
    "studies": 7,
    "readers": 8,
    "abm.app": 9,
    "cli": 9,
    "__main__": 9,
    "": 9,  # the package `__init__` re-exports the public API
}

# Offenders that other people are reworking right now, each named by the check it fails.
# Whoever lands a fix removes its entry; an entry that no longer fails makes
# `test_pending_entries_still_fail` fail, so the list cannot go stale.
PENDING: set[str] = set()


@dataclass(frozen=True)
class Module:
    name: str  # dotted, e.g. "axissim.scenario.load"
    path: Path
    is_package: bool  # an `__init__.py`

    @property
    def shown(self) -> str:
        return self.path.relative_to(SOURCE.parent).as_posix()


def _modules() -> dict[str, Module]:
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        name = ".".join(parts)
        found[name] = Module(name, path, is_package)
    return found


MODULES = _modules()


def layer_of(name: str) -> int:
    """The layer of a dotted module name below (or equal to) the package."""
    inner = name.removeprefix(PACKAGE).removeprefix(".")
    best = max(
        (key for key in LAYERS if key == "" or inner == key or inner.startswith(key + ".")),
        key=len,
    )
    return LAYERS[best]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: all of them but the `if TYPE_CHECKING:` bodies."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
            return
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _base_of(module: Module, node: ast.ImportFrom) -> str:
    """The absolute dotted name `from X import` names, resolving relative imports."""
    if not node.level:
        return node.module or ""
    package = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join(package + ([node.module] if node.module else []))


def _targets(module: Module, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The package's modules one import statement imports."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = _base_of(module, node)
        names = [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
            for alias in node.names
        ]
    targets = set()
    for name in names:
        if name != PACKAGE and not name.startswith(PACKAGE + "."):
            continue
        # `import axissim.a.b` names the module itself; fall back to the nearest package known
        while name not in MODULES and "." in name:
            name = name.rsplit(".", 1)[0]
        targets.add(name)
    return targets


def import_graph() -> dict[str, set[str]]:
    """Each module's runtime imports of other modules of the package."""
    graph = {}
    for module in MODULES.values():
        tree = ast.parse(module.path.read_text(encoding="utf-8"), filename=str(module.path))
        edges = set()
        for node in _runtime_imports(tree):
            edges |= _targets(module, node)
        edges.discard(module.name)
        graph[module.name] = edges
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: one cycle for each strongly connected set of two or more modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                connect(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_cycle_within(graph, set(component)) for component in components]


def _cycle_within(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """One circle through the first module of a strongly connected set (breadth-first)."""
    start = min(component)
    came_from = {start: start}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for successor in sorted(graph[node] & component):
                if successor == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if successor not in came_from:
                    came_from[successor] = node
                    following.append(successor)
        frontier = following
    raise AssertionError(f"no cycle in {sorted(component)}")  # pragma: no cover


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    lines = []
    for name, targets in sorted(graph.items()):
        for target in sorted(targets):
            if layer_of(target) > layer_of(name):
                lines.append(
                    f"{MODULES[name].shown}: imports {target} "
                    f"(layer {layer_of(name)} -> {layer_of(target)})"
                )
    return lines


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def long_modules() -> dict[str, str]:
    """`module <path>` -> why, for every module at or over the limit."""
    found = {}
    for module in MODULES.values():
        lines = _line_count(module.path)
        if lines >= MAX_MODULE_LINES:
            found[f"module {module.shown}"] = f"{lines} lines"
    return found


def _functions(tree: ast.AST, prefix: str = ""):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield f"{prefix}{node.name}", node
            yield from _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")
        else:
            yield from _functions(node, prefix)


def long_functions() -> dict[str, str]:
    """`function <path>::<name>` -> why, for every function at or over the limit.

    A function's length runs from its first decorator to its last line, docstring included.
    Chart drawing (`charts/`) is exempt: a figure is many plain calls in a row.
    """
    found = {}
    for module in MODULES.values():
        if layer_of(module.name) == LAYERS["charts"]:
            continue
        tree = ast.parse(module.path.read_text(encoding="utf-8"))
        for name, node in _functions(tree):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lines = node.end_lineno - first + 1
            if lines >= MAX_FUNCTION_LINES:
                found[f"function {module.shown}::{name}"] = f"{lines} lines"
    return found


def _offences(found: dict[str, str]) -> list[str]:
    return [f"{key}: {why}" for key, why in sorted(found.items()) if key not in PENDING]


# --- the checks --------------------------------------------------------------------------------


def test_the_graph_sees_the_package():
    graph = import_graph()
    assert f"{PACKAGE}.scenario.load" in graph
    assert f"{PACKAGE}.scenario.schema" in graph[f"{PACKAGE}.scenario.load"]
    # every module has a layer of its own, not just the package's fallback
    unplaced = [name for name in MODULES if name != PACKAGE and layer_of(name) == LAYERS[""]]
    assert sorted(unplaced) == sorted(
        name
        for name in MODULES
        if name.removeprefix(PACKAGE + ".") in {"abm.app", "cli", "__main__"}
        or name.startswith((f"{PACKAGE}.cli.", f"{PACKAGE}.abm.app."))
    )


def test_no_import_cycles():
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_no_import_from_a_lower_layer_to_a_higher_one():
    upward = upward_imports(import_graph())
    assert not upward, "imports from a lower layer to a higher one:\n" + "\n".join(upward)


def test_modules_are_under_400_lines():
    offences = _offences(long_modules())
    assert not offences, f"modules of {MAX_MODULE_LINES} lines or more:\n" + "\n".join(offences)


def test_functions_are_under_60_lines_outside_chart_drawing():
    offences = _offences(long_functions())
    assert not offences, f"functions of {MAX_FUNCTION_LINES} lines or more:\n" + "\n".join(offences)


def test_pending_entries_still_fail():
    failing = set(long_modules()) | set(long_functions())
    landed = sorted(PENDING - failing)
    assert not landed, "fixed: remove from PENDING in tests/test_layers.py: " + ", ".join(landed)


# --- the checker checks itself on small made-up graphs -----------------------------------------


def test_find_cycles_reports_the_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize(
    ("name", "layer"),
    [
        ("axissim.errors", 0),
        ("axissim.engine.interests", 1),
        ("axissim.scenario.yamlio", 2),
        ("axissim.engine.kernel", 3),
        ("axissim.data.build", 3),
        ("axissim.abm.model", 4),
        ("axissim.charts.style", 5),
        ("axissim.folders.run", 6),
        ("axissim.studies.sweep.plan", 7),
        ("axissim.readers.discover", 8),
        ("axissim.abm.app", 9),
        ("axissim.cli", 9),
        ("axissim", 9),
    ],
)
def test_layer_of(name, layer):
    assert layer_of(name) == layer


def test_type_checking_imports_are_left_out_and_function_imports_counted():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from axissim.readers.report import x\n"
        "else:\n"
        "    import axissim.levels\n"
        "def f():\n"
        "    from axissim.studies import backtest\n"
    )
    module = MODULES[f"{PACKAGE}.charts.style"]
    targets = set().union(*(_targets(module, node) for node in _runtime_imports(tree)))
    assert targets == {f"{PACKAGE}.levels", f"{PACKAGE}.studies.backtest"}
