"""Architecture rules: every import points one way, down the layers, and nothing imports in a loop.

    app.py, server.py, bench/                  the router, the server, benchmarks that drive everything
    app_pages/, commands/, web/                screens, command-line entry points, HTTP routes
    services/                                  use cases: grade, decide, store (one transaction each)
    progress/                                  storage: engine, models, migrations
    library/                                   all the content put together (manual + glossary + terms)
    exercises/, analysis/, directory/, roster/ domain: questions, grading, planning…
    lessons/, glossary/, audio/, access/       content models and loaders, speech, roles (siblings)
    text/, i18n/, config                       shared text rules, interface strings, settings

A package may import itself and packages of a strictly lower layer, never a sibling or a higher one.
A package's ``__main__.py`` is a command-line entry point and may use any layer below ``commands/``.
Only ``app.py``, ``server.py`` and ``app_pages/`` import Streamlit; pages never import the storage layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

LAYERS: dict[str, int] = {
    "text": 0,
    "i18n": 0,
    "config": 0,
    "access": 1,
    "lessons": 1,
    "glossary": 1,
    "audio": 1,
    "exercises": 2,
    "analysis": 2,
    "directory": 2,
    "roster": 2,
    "library": 3,
    "progress": 4,
    "services": 5,
    "app_pages": 6,
    "commands": 6,
    "web": 6,
    "app": 7,
    "server": 7,
    "bench": 7,
}
SKIPPED = {".venv", "tests", "var", ".git"}


def _source_files() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if path.relative_to(ROOT).parts[0] not in SKIPPED
        and not path.relative_to(ROOT).parts[0].startswith(".")
    ]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, *, names: bool = False) -> list[tuple[str, int]]:
    """Every module named by an import in the file (lazy imports inside functions included); with
    ``names``, also ``package.name`` for each ``from package import name`` (which may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            # ``from package import module`` names a module too
            if names:
                found.extend((f"{node.module}.{alias.name}", node.lineno) for alias in node.names)
    return found


def _layer_of(module: str) -> int | None:
    return LAYERS.get(module.split(".")[0])


def layer_violations(files: list[Path]) -> list[str]:
    problems = []
    for path in files:
        own = _module_name(path)
        package = own.split(".")[0]
        layer = _layer_of(own)
        if layer is None:
            problems.append(f"{path.relative_to(ROOT)}: package {package!r} has no layer in LAYERS")
            continue
        if path.name == "__main__.py":
            layer = LAYERS["app_pages"]  # an entry point, like a page
        for module, line in _imports(path):
            target = module.split(".")[0]
            other = _layer_of(module)
            if other is None or target == package:
                continue
            if other >= layer:
                problems.append(
                    f"{path.relative_to(ROOT)}:{line}: {package} (layer {layer}) imports {module}"
                )
    return problems


def test_every_import_points_down_the_layers():
    assert layer_violations(_source_files()) == []


def test_pages_never_touch_storage():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in _source_files()
        if _module_name(path).split(".")[0] in {"app_pages", "app", "server", "web"}
        for module, line in _imports(path)
        if module.split(".")[0] in {"progress", "sqlalchemy"}
    ]
    assert offenders == []


def _graph(files: list[Path]) -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in files}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges = set()
        for module, _ in _imports(path, names=True):
            if module in modules and module != name:
                edges.add(module)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle between modules (a package imports its own ``__init__`` freely), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if node.startswith(nxt + "."):  # a submodule importing its own package's __init__
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycles():
    assert find_cycle(_graph(_source_files())) is None


@pytest.mark.parametrize(
    ("package", "source", "expected"),
    [
        ("glossary", "from lessons.parser import load_manual\n", "glossary (layer 1) imports lessons.parser"),
        ("text", "import exercises.grading\n", "text (layer 0) imports exercises.grading"),
        ("services", "from app_pages.frame import t\n", "services (layer 5) imports app_pages.frame"),
        ("exercises", "from library.content import load_library\n", "exercises (layer 2) imports library"),
    ],
)
def test_the_layer_check_catches_an_upward_or_sideways_import(
    tmp_path, monkeypatch, package, source, expected
):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / package).mkdir()
    sample = tmp_path / package / "sample.py"
    sample.write_text(source)
    problems = layer_violations([sample])
    assert len(problems) == 1 and expected in problems[0]


def test_the_cycle_check_finds_a_loop():
    graph = {"a.x": {"b.y"}, "b.y": {"c.z"}, "c.z": {"a.x"}, "d": set()}
    assert find_cycle(graph) == ["a.x", "b.y", "c.z", "a.x"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def _imports_streamlit(path: Path) -> bool:
    return any(module.split(".")[0] == "streamlit" for module, _ in _imports(path))


def test_only_app_and_app_pages_import_streamlit():
    offenders = [
        str(path.relative_to(ROOT))
        for path in _source_files()
        if _module_name(path).split(".")[0] not in {"app", "server", "app_pages", "bench"}
        and _imports_streamlit(path)
    ]
    assert offenders == []


def test_the_check_sees_a_streamlit_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from streamlit import session_state\n")
    assert _imports_streamlit(sample)


def test_no_unsafe_html_anywhere():
    hits = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if path.relative_to(ROOT).parts[0] not in {".venv", "tests"}
        and "unsafe_allow_html=True" in path.read_text(encoding="utf-8")
    ]
    assert hits == []
