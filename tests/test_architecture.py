"""The folders show the architecture (#18), and these checks keep them showing it.

- `kpixl/` itself holds at most MAX_TOP_LEVEL modules: everything else lives in a role folder;
- no module of kpixl or udfs (installed as kpixl_udfs) is longer than MAX_LINES lines;
- no import circle among the modules of kpixl and kpixl_udfs;
- `kpixl.catalog` (what a KPI is) reaches nothing above it: only kpixl.catalog.*, and the foundations
  kpixl.errors and kpixl.text.* that every layer stands on;
- the foundations reach only each other (so what may import them gets nothing else through them);
- `kpixl.xlsx` (SpreadsheetML) knows no KPI: it reaches only kpixl.xlsx.*, the foundations and kpixl.atomic, never
  catalog, report, render, analytics, workbook, refresh, sources or commands.

The import graph is read from the source with `ast`, not by importing: an import counts wherever it is written (at
module level or inside a function, where imports are often put to break a circle — that hides the circle, it does
not remove it), except in the body of an `if TYPE_CHECKING:` block, which never runs. Importing `a.b.c` also imports
the packages `a` and `a.b` (Python runs their `__init__` first), so it counts as importing them too — except a
module's own enclosing packages, which are always initialised before it whatever it imports. "Reaches" means
through any chain of imports; a failure names the chain and the file and line of each import in it.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"kpixl": ROOT / "kpixl", "kpixl_udfs": ROOT / "udfs"}
"""Each top-level package of the project and the folder it is installed from."""

MAX_TOP_LEVEL = 8
MAX_LINES = 700
FOUNDATIONS = ("kpixl.errors", "kpixl.text")
CATALOG_MAY_REACH = ("kpixl.catalog", *FOUNDATIONS)
XLSX_MAY_REACH = ("kpixl.xlsx", *FOUNDATIONS, "kpixl.atomic")


@dataclass
class Module:
    name: str
    path: Path
    imports: dict[str, int] = field(default_factory=dict)
    """Every project module this one imports, with the line of the first import statement that does."""

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"

    def where(self, target: str) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.imports[target]}"


def _modules() -> dict[str, Module]:
    modules = {}
    for top, folder in PACKAGES.items():
        for path in sorted(folder.rglob("*.py")):
            parts = [top, *path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = Module(".".join(parts), path)
    return modules


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The ids of the nodes in the body of an `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`) block."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            skipped.update(id(inner) for statement in node.body for inner in ast.walk(statement))
    return skipped


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    """The module an `from … import` statement imports from, its dots resolved against `module`."""
    if not node.level:
        return node.module or ""
    package = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imported(module: Module, modules: dict[str, Module]) -> Iterator[tuple[str, int]]:
    """(project module, line) for each module an import statement of `module` names directly."""
    tree = ast.parse(module.path.read_text(encoding="utf-8"), filename=str(module.path))
    skipped = _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PACKAGES:
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in modules:  # `from package import module`
                    yield submodule, node.lineno
                elif source in modules:  # `from module import name`
                    yield source, node.lineno


def _graph() -> dict[str, Module]:
    """Every project module with the project modules it imports, packages of an imported module included."""
    modules = _modules()
    for module in modules.values():
        for target, line in _imported(module, modules):
            parts = target.split(".")
            for end in range(1, len(parts) + 1):
                imported = ".".join(parts[:end])
                own_package = module.name.startswith(imported + ".")
                if imported in modules and imported != module.name and not own_package:
                    module.imports.setdefault(imported, line)
    return modules


GRAPH = _graph()


def _circles(graph: dict[str, Module]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for target in graph[name].imports:
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == name:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for name in graph:
        if name not in index:
            visit(name)
    return found


def _path(graph: dict[str, Module], start: str, stop: Iterable[str], within: set[str] | None = None) -> list[str]:
    """The shortest import chain from `start` to one of `stop` (through `within` only, when given)."""
    goals = set(stop)
    came_from: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        name = queue.popleft()
        for target in graph[name].imports:
            if within is not None and target not in within:
                continue
            if target in goals:
                chain = [target, name]
                while (previous := came_from[chain[-1]]) is not None:
                    chain.append(previous)
                return chain[::-1]
            if target not in came_from:
                came_from[target] = name
                queue.append(target)
    return []


def _chain(graph: dict[str, Module], chain: list[str]) -> str:
    """'a (a.py:3) → b (b.py:9) → c': each step with the file and line of its import."""
    steps = [f"{name} ({graph[name].where(target)})" for name, target in pairwise(chain)]
    return " → ".join([*steps, chain[-1]])


def _in(name: str, allowed: Iterable[str]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in allowed)


def _reaching_outside(layer: str, allowed: tuple[str, ...]) -> list[str]:
    """For each module of `layer` that reaches a module outside `allowed`, the chain that gets there."""
    outside = [name for name in GRAPH if not _in(name, allowed)]
    return [_chain(GRAPH, chain) for name in GRAPH if _in(name, (layer,))
            if (chain := _path(GRAPH, name, outside))]


def test_graph_is_read():
    assert GRAPH["kpixl.catalog.kpi"].imports, "the graph found no import of kpixl.catalog.kpi: the reader is broken"
    assert "kpixl.catalog" in GRAPH["kpixl.render.engine"].imports, "importing a.b.c must count as importing a.b"


def test_top_level_of_kpixl_holds_few_modules():
    top = sorted(p.name for p in PACKAGES["kpixl"].glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL, (
        f"kpixl/ holds {len(top)} modules directly (at most {MAX_TOP_LEVEL}): {', '.join(top)}; "
        f"move what has a role into its role folder")


def test_no_module_is_too_long():
    too_long = sorted((len(m.path.read_text(encoding="utf-8").splitlines()), str(m.path.relative_to(ROOT)))
                      for m in GRAPH.values())
    too_long = [f"{path} ({lines} lines)" for lines, path in too_long if lines > MAX_LINES]
    assert not too_long, f"modules longer than {MAX_LINES} lines: {', '.join(too_long)}; split them by concept"


def test_no_import_circle():
    circles = []
    for component in _circles(GRAPH):
        members = set(component)
        cycle = _path(GRAPH, component[0], [component[0]], within=members)
        circles.append(f"{len(component)} modules ({', '.join(component)}), e.g. {_chain(GRAPH, cycle)}")
    assert not circles, (
        "import circles (a lazy import inside a function still counts: put what both sides need where both can "
        "import it):\n" + "\n".join(circles))


def test_catalog_reaches_nothing_above_it():
    offenders = _reaching_outside("kpixl.catalog", CATALOG_MAY_REACH)
    assert not offenders, (
        f"kpixl.catalog may import only {', '.join(CATALOG_MAY_REACH)} (and what they import):\n"
        + "\n".join(offenders))


def test_foundations_reach_only_each_other():
    offenders = [chain for layer in FOUNDATIONS for chain in _reaching_outside(layer, FOUNDATIONS)]
    assert not offenders, (
        f"the foundations {', '.join(FOUNDATIONS)} may import only each other:\n" + "\n".join(offenders))


def test_xlsx_knows_no_kpi():
    offenders = _reaching_outside("kpixl.xlsx", XLSX_MAY_REACH)
    assert not offenders, (
        f"kpixl.xlsx may import only {', '.join(XLSX_MAY_REACH)} (and what they import), nothing that knows "
        "a KPI or a workbook:\n" + "\n".join(offenders))
