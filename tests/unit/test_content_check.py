"""``python -m library.check``: each problem as path:line: message, then the summary line; an exit code."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessons.model import KINDS
from library import check
from text.content import ContentError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "content"
REAL_CONTENT = ROOT / "content"
KINDS_ZERO = (
    "exercises_dictation=0 exercises_radio=0 exercises_speaking=0 exercises_form=0 exercises_report=0 "
    "exercises_roleplay=0 exercises_spot=0 open_exercises=0"
)
VALID_SUMMARY = (
    "units=2 dialogue_lines=30 vocabulary=51 exercises=12 glossary=52 examples=11 exercises_choice=3 "
    f"exercises_gap=2 exercises_order=2 exercises_reply=2 exercises_translate=3 {KINDS_ZERO}"
)
KINDS_SUMMARY = (
    "units=1 dialogue_lines=10 vocabulary=25 exercises=8 glossary=32 examples=7 exercises_choice=1 "
    "exercises_gap=0 exercises_order=0 exercises_reply=0 exercises_translate=0 exercises_dictation=1 "
    "exercises_radio=1 exercises_speaking=1 exercises_form=1 exercises_report=1 exercises_roleplay=1 "
    "exercises_spot=1 open_exercises=6"
)


def run(capsys, *args: str) -> tuple[int, list[str]]:
    code = check.main(list(args))
    return code, capsys.readouterr().out.splitlines()


@pytest.fixture
def broken_content(tmp_path: Path) -> Path:
    """The valid fixtures plus one broken unit and one glossary file with a bad row, in ``tmp/content``."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", content)
    shutil.copy(FIXTURES / "malformed" / "goals.md", content / "course" / "02-goals.md")
    (content / "glossary" / "zz-extra.csv").write_text(
        (FIXTURES / "valid" / "glossary" / "un.csv").read_text(encoding="utf-8").splitlines()[0]
        + "\nzz-fusil,le fusil,m,rifle,fusil,army,A1,,,,,,,\n",
        encoding="utf-8",
    )
    return content


def test_valid_content_prints_only_the_summary(capsys):
    code, lines = run(capsys, "--content", str(FIXTURES / "valid"))
    assert code == 0
    assert lines == [VALID_SUMMARY]


def test_errors_are_printed_with_file_and_line_then_the_summary(capsys, broken_content):
    code, lines = run(capsys, "--content", str(broken_content))
    assert code == 1
    assert lines == [
        "content/course/02-goals.md:12: ## Goals has 7 goals; 3 to 6 are expected",
        "content/course/02-goals.md:18: goal: empty es cell",
        "content/course/02-goals.md:24: unexpected text in ## Goals: Voir aussi l'unité 2.",
        'content/glossary/zz-extra.csv:2: unknown theme "army" (expected one of general, numbers-time, '
        "alphabet, ranks, organisation, camp, orders, radio, map, weapons, vehicles, checkpoint, patrol, "
        "medical, mines, law, civilians, reports, media, un, police, analysis)",
        # the broken unit and the broken row are left out; the rest still counts
        VALID_SUMMARY,
    ]


def test_the_summary_counts_every_exercise_kind_and_the_open_ones(capsys):
    code, lines = run(capsys, "--content", str(FIXTURES / "kinds"))
    assert (code, lines) == (0, [KINDS_SUMMARY])


def test_a_broken_new_kind_names_file_and_line_and_the_rest_of_the_course_loads(capsys, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", content)
    shutil.copy(FIXTURES / "kinds" / "course" / "05-kinds.md", content / "course" / "05-kinds.md")
    broken = (FIXTURES / "kinds" / "course" / "05-kinds.md").read_text(encoding="utf-8")
    broken = broken.replace("u05-kinds", "u06-broken").replace("number: 5", "number: 6")
    broken = broken.replace("- noise: medium", "- noise: deafening").replace("- start: a", "- start: z")
    (content / "course" / "06-broken.md").write_text(broken, encoding="utf-8")
    code, lines = run(capsys, "--content", str(content))
    assert code == 1
    assert lines[:2] == [
        'content/course/06-broken.md:127: exercise e3: unknown noise level "deafening" (expected low, '
        "medium, high)",
        "content/course/06-broken.md:172: exercise e7: the start node `z` is not defined",
    ]
    summary = dict(item.split("=") for item in lines[-1].split())
    assert (summary["units"], summary["exercises"], summary["open_exercises"]) == ("3", "20", "6")


def test_paths_outside_the_content_parent_stay_as_they_are():
    error = ContentError("/elsewhere/x.md", 3, "boom")
    assert check.format_error(error, Path("/work/main")) == "/elsewhere/x.md:3: boom"
    inside = ContentError("/work/main/content/course/01-ranks.md", 7, "boom")
    assert check.format_error(inside, Path("/work/main")) == "content/course/01-ranks.md:7: boom"


def test_relative_content_directory(capsys, broken_content, monkeypatch):
    monkeypatch.chdir(broken_content.parent)
    code, lines = run(capsys, "--content", "content")
    assert code == 1
    assert lines[0] == "content/course/02-goals.md:12: ## Goals has 7 goals; 3 to 6 are expected"
    assert lines[-1] == VALID_SUMMARY


def test_missing_content_directory(capsys, tmp_path):
    code = check.main(["--content", str(tmp_path / "nothing")])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.strip() == f"{tmp_path / 'nothing'}: no such directory"


def test_runs_as_a_module(broken_content):
    result = subprocess.run(
        [sys.executable, "-m", "library.check", "--content", str(broken_content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("content/course/02-goals.md:12: ")
    assert lines[-1] == VALID_SUMMARY


def _real_unit_count() -> int:
    return len(list((REAL_CONTENT / "course").glob("*.md")))


@pytest.mark.skipif(
    _real_unit_count() < 12,
    reason=f"content/course holds {_real_unit_count()} units; the real-content check runs from 12 on",
)
def test_real_content_is_valid(capsys):
    code, lines = run(capsys)
    assert lines, "the checker printed nothing"
    assert code == 0, "\n".join(lines)
    summary = dict(item.split("=") for item in lines[-1].split())
    assert list(summary) == [
        "units", "dialogue_lines", "vocabulary", "exercises", "glossary", "examples",
        *(f"exercises_{kind}" for kind in KINDS), "open_exercises",
        "analysis_chapters", "analysis_terms", "worksheets",
    ]  # fmt: skip
    assert int(summary["units"]) >= 12
    assert int(summary["analysis_chapters"]) >= 8 and int(summary["analysis_terms"]) >= 150
    assert int(summary["worksheets"]) >= 8
