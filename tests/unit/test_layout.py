"""Architecture rules that keep the domain testable without Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports_streamlit(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            alias.name.split(".")[0] == "streamlit" for alias in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "streamlit":
            return True
    return False


def test_only_app_and_app_pages_import_streamlit():
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "tests", "bench", "var"}:  # tests and benchmarks drive the app
            continue
        if relative == Path("app.py") or relative.parts[0] == "app_pages":
            continue
        if _imports_streamlit(path):
            offenders.append(str(relative))
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
