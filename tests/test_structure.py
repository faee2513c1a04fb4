"""The package's shape: no import circles, and no module imports one from a higher layer.

The layers are the pipeline the module names show: base records and helpers, then the readers and
the knowledge (gazetteer, lexicon, rules), extraction, one-article analysis, the engines that run
it, the pipeline that drives them, the outputs, the report, and the command line on top. Imports
are read from the source (every ``import``, also inside functions).
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "citetrack"

#: module (or package prefix) -> layer; a module may import from its own layer or lower ones.
LAYERS = {
    0: ("_version", "errors", "models", "markers", "exits", "atomic", "morphology", "automaton", "sentences",
        "readers.dates", "readers.sniff", "stats", "precision", "memo", "literals", "core"),
    1: ("readers", "lexicon", "outlets", "rules", "wire", "publisher", "countries"),
    2: ("mentions", "prefilter", "extract", "audit", "dump", "reach", "needs", "cuewords", "startcache"),
    3: ("analyse",),
    4: ("engines", "cache"),
    5: ("pipeline", "graph", "narrow", "networks", "citestore"),
    6: ("export", "parquet", "render", "graphstream", "pagestream", "swap", "outputs", "layout", "timeline", "netexport", "compare", "sample", "samplepage"),
    7: ("report", "stream", "progress", "terminal"),
    8: ("cli", "console", "__main__", ""),
}


def _modules() -> dict[str, Path]:
    found = {}
    for p in PACKAGE.rglob("*.py"):
        parts = p.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = p
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] + (node.module.split(".") if node.module else [])
            targets = [(".".join(base), a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("citetrack"):
            targets = [(node.module.removeprefix("citetrack").lstrip("."), a.name) for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [(a.name.removeprefix("citetrack").lstrip("."), None) for a in node.names
                       if a.name.split(".")[0] == "citetrack"]
        for module, member in targets:
            full = f"{module}.{member}".lstrip(".") if member else module
            out.add(full if full in modules else module)
    return {m for m in out if m in modules and m != name}


def _layer(name: str) -> int:
    best = max(((layer, prefix) for layer, prefixes in LAYERS.items() for prefix in prefixes
                if name == prefix or (prefix and name.startswith(prefix + "."))), key=lambda lp: len(lp[1]),
               default=None)
    assert best is not None, f"citetrack.{name} has no layer in LAYERS: give it one"
    return best[0]


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_no_import_from_a_higher_layer():
    wrong = [(m, t) for m, targets in _graph().items() for t in targets if _layer(t) > _layer(m)]
    assert wrong == [], "imports from a higher layer: " + ", ".join(f"{m} -> {t}" for m, t in wrong)


def test_no_import_circles():
    graph = _graph()
    state: dict[str, int] = {}
    circles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert circles == []


def test_the_checker_sees_imports():
    graph = _graph()
    assert "analyse" in graph["engines.local"] and "analyse" in graph["engines.dask"]
    assert "pipeline" not in graph["engines.local"] | graph["engines.dask"]
    assert "console" not in graph["cli"] and "" not in graph["cache"]
