"""The packages of adalet stay layered: every import statement under src/adalet, read with `ast`, obeys the rules.

From the bottom: ``lib`` and the helper modules at the package's top level import no app; ``names`` imports nothing of
adalet but itself (pure Python); the domain apps import lower ones, never in a cycle, and never ``web`` or ``api``,
which sit on top (the API builds on the site, the site never on the API). Only the project's own wiring (settings,
URL map, command line, WSGI) may import anything. Every import counts: inside functions, under ``TYPE_CHECKING``,
relative ones.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "adalet"

#: Import no app: the shared helpers (``lib``) and the older helper modules beside it, and the package itself.
LIB = {"lib", "bulkinsert", "cellrefs", "changes", "console", "filecache", "home", "routes", "adalet"}
#: Apps (and packages) of the domain: may import each other downwards, but neither ``web`` nor ``api``.
DOMAIN = {"archive", "bundles", "campaigns", "demo", "names", "people", "sanctions", "verify"}
#: On top: the public site and workspace, and the API.
TOP = {"web", "api"}
#: The project's wiring: may import anything.
WIRING = {"cli", "settings", "urls", "wsgi"}

#: (importer, imported) top-level packages -> where each import is made:
#: "adalet.api.endpoints:18 imports from adalet.web.privacy: visible_collection_ids".
Graph = dict[tuple[str, str], list[str]]


def module_name(path: Path, root: Path, package: str) -> tuple[str, bool]:
    """The dotted name of a source file under ``root`` (the package's folder), and whether it is a package."""
    parts = [package, *path.relative_to(root).with_suffix("").parts]
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The absolute names an import statement reaches (``from x import y`` reaches ``x.y``: y may be a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        here = module.split(".") if is_package else module.split(".")[:-1]
        here = here[: len(here) - (node.level - 1)]
        base = ".".join([*here, base] if base else here)
    return [f"{base}.{alias.name}" for alias in node.names]


def top_level(name: str, package: str, tops: set[str]) -> str | None:
    """The package's top-level module that ``name`` lies in; the package itself (``adalet``) for a name that its
    __init__ defines (``adalet.__version__``); None outside the package."""
    parts = name.split(".")
    if parts[0] != package:
        return None
    if len(parts) > 1 and parts[1] in tops:
        return parts[1]
    return package


def import_graph(root: Path, package: str = "adalet") -> Graph:
    """Every import between the top-level modules of the package in ``root``, each with the places that make it."""
    files = sorted(root.rglob("*.py"))
    tops = {path.relative_to(root).parts[0].removesuffix(".py") for path in files} - {"__init__"}
    graph: Graph = defaultdict(list)
    for path in files:
        module, is_package = module_name(path, root, package)
        source = top_level(module, package, tops)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            reached: dict[str, list[str]] = defaultdict(list)  # target -> what this statement imports of it
            for alias, name in zip(node.names, imported(node, module, is_package), strict=True):
                target = top_level(name, package, tops)
                if target is not None and source is not None and target != source:
                    reached[target].append(alias.name)
            for target, names in reached.items():
                if isinstance(node, ast.Import):
                    graph[(source, target)].append(f"{module}:{node.lineno} imports {', '.join(names)}")
                else:
                    base = imported(node, module, is_package)[0].rpartition(".")[0]
                    graph[(source, target)].append(f"{module}:{node.lineno} imports from {base}: {', '.join(names)}")
    return dict(graph)


def cycles(graph: Graph) -> list[list[str]]:
    """The groups of top-level modules that import each other, round and round (strongly connected, 2 or more)."""
    following: dict[str, set[str]] = defaultdict(set)
    for source, target in graph:
        following[source].add(target)

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in following[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen

    reachable = {node: reach(node) for node in list(following)}
    groups = {frozenset({a} | {b for b in reachable[a] if a in reachable.get(b, set())}) for a in reachable}
    return sorted(sorted(group) for group in groups if len(group) > 1)


def violations(graph: Graph) -> list[str]:
    """Each broken rule, with the imports that break it."""
    found = []
    tops = {name for edge in graph for name in edge}
    unknown = tops - LIB - DOMAIN - TOP - WIRING
    if unknown:
        found.append(f"top-level modules {sorted(unknown)} are in no layer: add them to LIB, DOMAIN, TOP or WIRING")

    def where(source: str, target: str) -> str:
        return "\n      ".join(graph[(source, target)])

    for source, target in sorted(graph):
        if source in LIB and target not in LIB:
            found.append(f"{source} (below every app) imports the app {target}:\n      {where(source, target)}")
        elif source == "names":
            found.append(f"names (pure Python) imports {target} of adalet:\n      {where(source, target)}")
        elif source in DOMAIN and target in TOP:
            found.append(f"the domain app {source} imports {target}, which sits on top:\n      {where(source, target)}")
        elif target in WIRING:
            found.append(f"{source} imports the project's wiring {target}:\n      {where(source, target)}")
    for group in cycles(graph):
        inside = [(s, t) for (s, t) in sorted(graph) if s in group and t in group]
        found.append(f"import cycle between {', '.join(group)}:\n      "
                     + "\n      ".join(where(s, t) for s, t in inside))
    return found


def test_the_packages_are_layered() -> None:
    graph = import_graph(SOURCE)
    assert ("web", "archive") in graph  # the walk found the imports
    problems = violations(graph)
    assert not problems, "the layering is broken:\n  " + "\n  ".join(problems)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_a_cycle_and_every_broken_rule_are_caught(tmp_path: Path) -> None:
    """The checks on a small package that breaks each rule, the way a real module would (late, relative, typed)."""
    root = tmp_path / "adalet"
    write(root, {
        "__init__.py": '__version__ = "0"\n',
        "lib/__init__.py": "",
        "lib/helper.py": "def f():\n    from adalet.people import models\n",  # inside a function
        "names/__init__.py": "from .. import lib\n",  # relative, to the package's top
        "people/__init__.py": "",
        "people/models.py": "from adalet import __version__\nfrom ..verify import checks\n",
        "verify/__init__.py": "",
        "verify/checks.py": (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from adalet.people.models import X\n"
            "from . import runner\n"
        ),
        "verify/runner.py": "import adalet.web.views\n",
        "web/__init__.py": "",
        "web/views.py": "from adalet.api import tokens\nfrom adalet import settings\n",
        "api/__init__.py": "",
        "api/tokens.py": "from adalet.web import views\n",
        "settings.py": "",
        "extra.py": "",
        "misc.py": "import adalet.extra\n",
    })
    graph = import_graph(root)
    assert graph[("people", "verify")] == ["adalet.people.models:2 imports from adalet.verify: checks"]
    assert graph[("verify", "people")] == ["adalet.verify.checks:3 imports from adalet.people.models: X"]
    assert ("people", "adalet") in graph and ("verify", "verify") not in graph
    assert cycles(graph) == [["api", "web"], ["people", "verify"]]

    problems = "\n".join(violations(graph))
    assert "import cycle between people, verify:" in problems
    assert "adalet.people.models:2 imports from adalet.verify: checks" in problems
    assert "adalet.verify.checks:3 imports from adalet.people.models: X" in problems
    assert "import cycle between api, web:" in problems
    assert "adalet.api.tokens:1 imports from adalet.web: views" in problems
    indent = "\n      "
    assert f"domain app verify imports web, which sits on top:{indent}adalet.verify.runner:1 imports adalet.web.views" in problems
    assert f"(below every app) imports the app people:{indent}adalet.lib.helper:2 imports from adalet.people: models" in problems
    assert f"names (pure Python) imports lib of adalet:{indent}adalet.names:1 imports from adalet: lib" in problems
    assert "web imports the project's wiring settings" in problems
    assert "top-level modules ['extra', 'misc'] are in no layer" in problems
