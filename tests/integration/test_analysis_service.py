"""The strategic-analysis use cases on a real database (SQLite and PostgreSQL): worksheet autosave and
versions, restore, submission, instructors' comments, reading progress, chapter quizzes, exports, key
terms added to drills, and every refusal (another learner, another instructor's group, a visitor)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from docx import Document

from access.roles import Role
from services import analysis, assignments, drills, groups, quizzes
from services.errors import InvalidInput, NotFound, PermissionDenied
from tests.helpers import make_user

GRID = "w02-pmesii-ascope"
NOTE = "w08-note"
COURSES = "w07-courses"
STAKEHOLDERS = "w03-stakeholders"
CASE = "tassandie"
HOSTILE = (
    "<script>alert('x')</script> <img src=x onerror=alert(1)> [clic](javascript:alert(1)) "
    "**gras** | --- | # titre $\\LaTeX$ :red[x] {name} %s"
)


@pytest.fixture
def people(db, now):
    return {
        "teacher": make_user(db, "teacher", now, Role.INSTRUCTOR, "Capitaine Morel"),
        "other_teacher": make_user(db, "otherteacher", now, Role.INSTRUCTOR),
        "admin": make_user(db, "admin", now, Role.ADMIN),
        "awa": make_user(db, "awa", now, name="Awa Traoré"),
        "kofi": make_user(db, "kofi", now, name="Kofi Mensah"),
        "outsider": make_user(db, "outsider", now),
    }


def _class(db, people, now, *learners):
    with db.transaction() as session:
        group = groups.create_group(session, people["teacher"].id, "Section Bravo", now)
        for name in learners:
            groups.join_group(session, people[name].id, group.join_code, now)
    return group


def _save(db, user, content, sheet, answers, when, situation=CASE):
    with db.transaction() as session:
        return analysis.save_worksheet(session, user.id, content, sheet, situation, answers, when)


def _open(db, user, content, sheet, situation=CASE):
    with db.reading() as session:
        return analysis.open_worksheet(session, user.id, content, sheet, situation)


def _grid(**cells):
    return {
        f"row.{row}|col.{col}": text for (row, col), text in ((k.split("__"), v) for k, v in cells.items())
    }


# --- autosave, versions, restore ----------------------------------------------------------------------------


def test_autosave_appends_a_version_per_change_and_nothing_for_the_same_answers(db, now, people, content):
    awa = people["awa"]
    assert _open(db, awa, content, GRID).version == 0
    first = _grid(economique__structures="La route de Dassa (rapport de patrouille)")
    assert _save(db, awa, content, GRID, first, now) == analysis.SaveResult(1, True)
    assert _save(db, awa, content, GRID, first, now + timedelta(seconds=5)) == analysis.SaveResult(1, False)
    second = {**first, "row.social|col.population": "Les éleveurs sélé"}
    assert _save(db, awa, content, GRID, second, now + timedelta(minutes=1)) == analysis.SaveResult(2, True)

    state = _open(db, awa, content, GRID)
    assert state.version == 2 and state.updated_at == now + timedelta(minutes=1)
    assert state.answers["row.economique|col.structures"] == "La route de Dassa (rapport de patrouille)"
    assert state.answers["row.social|col.population"] == "Les éleveurs sélé"
    assert state.answers["row.politique|col.zones"] == ""  # every cell is there, empty when not filled
    with db.reading() as session:
        versions = analysis.worksheet_versions(session, awa.id, content, GRID, CASE)
        assert [v.number for v in versions] == [2, 1]
        assert (
            analysis.version_answers(session, awa.id, content, GRID, CASE, 1)["row.social|col.population"]
            == ""
        )
    # Another situation is another worksheet.
    assert _open(db, awa, content, GRID, "belvere").version == 0


def test_restore_saves_the_old_version_again_and_keeps_the_history(db, now, people, content):
    awa = people["awa"]
    _save(db, awa, content, NOTE, {"bottom_line": "Première idée"}, now)
    _save(db, awa, content, NOTE, {"bottom_line": "Deuxième idée"}, now + timedelta(minutes=1))
    with db.transaction() as session:
        restored = analysis.restore_version(
            session, awa.id, content, NOTE, CASE, 1, now + timedelta(minutes=2)
        )
    assert restored == analysis.SaveResult(3, True)
    assert _open(db, awa, content, NOTE).answers["bottom_line"] == "Première idée"
    with db.reading() as session:
        versions = analysis.worksheet_versions(session, awa.id, content, NOTE, CASE)
    assert [(v.number, v.restored_from) for v in versions] == [(3, 1), (2, None), (1, None)]
    with db.transaction() as session:  # restoring what is already current writes nothing
        assert not analysis.restore_version(session, awa.id, content, NOTE, CASE, 3, now).stored
    with pytest.raises(NotFound), db.transaction() as session:
        analysis.restore_version(session, awa.id, content, NOTE, CASE, 99, now)


def test_the_history_is_bounded_and_the_latest_version_always_stays(db, now, people, content, monkeypatch):
    monkeypatch.setattr(analysis, "MAX_VERSIONS", 5)
    awa = people["awa"]
    for number in range(1, 9):
        _save(db, awa, content, NOTE, {"bottom_line": f"version {number}"}, now + timedelta(minutes=number))
    with db.reading() as session:
        assert [v.number for v in analysis.worksheet_versions(session, awa.id, content, NOTE, CASE)] == [
            8, 7, 6, 5, 4,
        ]  # fmt: skip
    monkeypatch.setattr(analysis, "MAX_HISTORY_BYTES", 10)  # smaller than one version: only the latest
    _save(db, awa, content, NOTE, {"bottom_line": "version 9"}, now + timedelta(minutes=9))
    with db.reading() as session:
        assert [v.number for v in analysis.worksheet_versions(session, awa.id, content, NOTE, CASE)] == [9]
    assert _open(db, awa, content, NOTE).answers["bottom_line"] == "version 9"


def test_hostile_and_long_text_is_stored_exactly_as_typed(db, now, people, content):
    awa = people["awa"]
    long_text = "Le Nord de la Tassandie. " * 4000  # 100 kB
    assert len(long_text.encode()) >= 100_000
    answers = {"bottom_line": HOSTILE, "question": long_text, "sources": "王小明 محمد 🙂\nligne 2"}
    assert _save(db, awa, content, NOTE, answers, now).stored
    stored = _open(db, awa, content, NOTE).answers
    assert stored["bottom_line"] == HOSTILE and stored["question"] == long_text
    assert stored["sources"] == "王小明 محمد 🙂\nligne 2"
    # Characters a text file cannot hold are removed, the rest kept.
    _save(db, awa, content, NOTE, {"bottom_line": "a\x00b\x07c"}, now)
    assert _open(db, awa, content, NOTE).answers["bottom_line"] == "abc"


def test_what_cannot_be_saved_is_refused_with_a_reason(db, now, people, content):
    awa = people["awa"]
    cases = [
        ((NOTE, CASE, {"bottom_line": "x" * 250_000}), InvalidInput, "errors.worksheet_too_long"),
        ((NOTE, CASE, {"no_such_box": "x"}), InvalidInput, "errors.worksheet_invalid"),
        ((NOTE, CASE, ["not", "a", "mapping"]), InvalidInput, "errors.worksheet_invalid"),
        ((COURSES, CASE, {"criteria": [{"id": "c", "label": "x", "weight": 9}]}), InvalidInput,
         "errors.worksheet_invalid"),
        ((NOTE, "../../etc/passwd", {}), InvalidInput, "errors.worksheet_situation"),
        (("w99-nothing", CASE, {}), NotFound, "errors.not_found"),
    ]  # fmt: skip
    for (sheet, situation, answers), error, key in cases:
        with pytest.raises(error) as refusal, db.transaction() as session:
            analysis.save_worksheet(session, awa.id, content, sheet, situation, answers, now)
        assert refusal.value.key == key
    assert _open(db, awa, content, NOTE).version == 0  # nothing was stored


def test_the_weighted_total_is_computed_by_the_domain(db, now, people, content):
    awa = people["awa"]
    state = _open(db, awa, content, COURSES)
    criteria = state.answers["criteria"]
    assert [c["weight"] for c in criteria] == [4, 4, 5, 3, 2]
    answers = {
        "criteria": criteria,
        "options": [
            {"id": "a", "label": "Escorter les convois", "scores": {c["id"]: 3 for c in criteria}},
            {"id": "b", "label": "Tenir le pont", "scores": {criteria[0]["id"]: 5}},
        ],
    }
    _save(db, awa, content, COURSES, answers, now)
    ranked = analysis.totals(content, COURSES, _open(db, awa, content, COURSES).answers)
    assert [(t.option_id, t.total, t.rank) for t in ranked] == [("a", 54, 1), ("b", 20, 2)]
    assert len(ranked[1].missing) == 4
    assert analysis.totals(content, NOTE, {}) == []


# --- submission and comments --------------------------------------------------------------------------------


def test_submit_comment_and_read_the_comments(db, now, people, content):
    awa, kofi, teacher = people["awa"], people["kofi"], people["teacher"]
    _save(db, awa, content, NOTE, {"bottom_line": "Escorter les convois"}, now)
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        analysis.submit_worksheet(session, awa.id, content, NOTE, CASE, now)
    assert refusal.value.key == "errors.worksheet_no_group"
    group = _class(db, people, now, "awa", "kofi")
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        analysis.submit_worksheet(session, kofi.id, content, NOTE, CASE, now)
    assert refusal.value.key == "errors.worksheet_empty"

    later = now + timedelta(hours=1)
    with db.transaction() as session:
        submitted = analysis.submit_worksheet(session, awa.id, content, NOTE, CASE, later)
        again = analysis.submit_worksheet(session, awa.id, content, NOTE, CASE, later)
    assert submitted.state is analysis.SubmissionState.SUBMITTED and submitted.version == 1
    assert again.id == submitted.id  # the same version twice: one submission
    assert _open(db, awa, content, NOTE).submission.id == submitted.id

    with db.reading() as session:
        listed = analysis.list_submissions_for_instructor(session, teacher.id)
        assert [(s.id, s.learner.username, s.worksheet_id) for s in listed] == [(submitted.id, "awa", NOTE)]
        assert [
            s.id for s in analysis.list_submissions_for_instructor(session, teacher.id, group_id=group.id)
        ] == [submitted.id]
        assert [s.id for s in analysis.list_submissions_for_instructor(session, people["admin"].id)] == [
            submitted.id
        ]
        assert analysis.list_submissions_for_instructor(session, people["other_teacher"].id) == []
        detail = analysis.submission_detail(session, teacher.id, content, submitted.id)
    assert detail.answers["bottom_line"] == "Escorter les convois" and detail.comments == []

    with db.transaction() as session:
        analysis.comment_section(session, teacher.id, content, submitted.id, "bottom_line", HOSTILE, later)
        analysis.comment_section(
            session, people["admin"].id, content, submitted.id, "general", " Bien.\n", later
        )
    # Awa edits after handing in: the instructor still reads what was handed in.
    _save(db, awa, content, NOTE, {"bottom_line": "Tenir le pont"}, later + timedelta(minutes=5))
    with db.reading() as session:
        mine = analysis.comments_for(session, awa.id, content, NOTE, CASE)
        assert [(c.section, c.author_name, c.body) for c in mine] == [
            ("bottom_line", "Capitaine Morel", HOSTILE),
            ("general", "Admin", "Bien."),
        ]
        assert analysis.comments_for(session, kofi.id, content, NOTE, CASE) == []
        frozen = analysis.submission_detail(session, awa.id, content, submitted.id)
        assert frozen.answers["bottom_line"] == "Escorter les convois" and len(frozen.comments) == 2
        assert analysis.list_submissions_for_instructor(session, teacher.id)[0].comments == 2

    with db.transaction() as session:
        resubmitted = analysis.submit_worksheet(
            session, awa.id, content, NOTE, CASE, later + timedelta(hours=1)
        )
        reviewed = analysis.mark_reviewed(session, teacher.id, resubmitted.id, later + timedelta(hours=2))
    assert resubmitted.id != submitted.id and resubmitted.version == 2
    assert reviewed.state is analysis.SubmissionState.REVIEWED
    with db.reading() as session:
        latest = analysis.list_submissions_for_instructor(session, teacher.id)
        waiting = analysis.list_submissions_for_instructor(session, teacher.id, state="submitted")
    assert [(s.id, s.version) for s in latest] == [(resubmitted.id, 2)] and waiting == []


def test_nobody_else_reads_or_comments_a_learners_worksheet(db, now, people, content):
    awa = people["awa"]
    _class(db, people, now, "awa", "kofi")
    with db.transaction() as session:
        theirs = groups.create_group(session, people["other_teacher"].id, "Other section", now)
        groups.join_group(session, people["outsider"].id, theirs.join_code, now)
    _save(db, awa, content, NOTE, {"bottom_line": "secret"}, now)
    with db.transaction() as session:
        submitted = analysis.submit_worksheet(session, awa.id, content, NOTE, CASE, now)
    refusals = {
        # another learner of the same group, and a learner elsewhere
        "kofi reads": lambda s: analysis.submission_detail(s, people["kofi"].id, content, submitted.id),
        "outsider reads": lambda s: analysis.submission_detail(
            s, people["outsider"].id, content, submitted.id
        ),
        "kofi comments": lambda s: analysis.comment_section(
            s, people["kofi"].id, content, submitted.id, "general", "copié", now
        ),
        "kofi lists": lambda s: analysis.list_submissions_for_instructor(s, people["kofi"].id),
        # the instructor of another group
        "other teacher reads": lambda s: analysis.submission_detail(
            s, people["other_teacher"].id, content, submitted.id
        ),
        "other teacher comments": lambda s: analysis.comment_section(
            s, people["other_teacher"].id, content, submitted.id, "general", "x", now
        ),
        "other teacher marks": lambda s: analysis.mark_reviewed(
            s, people["other_teacher"].id, submitted.id, now
        ),
        # the author cannot comment on or close their own submission
        "awa comments": lambda s: analysis.comment_section(
            s, awa.id, content, submitted.id, "general", "très bien", now
        ),
        "awa marks": lambda s: analysis.mark_reviewed(s, awa.id, submitted.id, now),
    }
    for name, action in refusals.items():
        with pytest.raises(PermissionDenied), db.transaction() as session:
            action(session)
            pytest.fail(name)
    with pytest.raises(PermissionDenied), db.transaction() as session:  # a group the teacher does not lead
        analysis.list_submissions_for_instructor(session, people["teacher"].id, group_id=theirs.id)
    # Every "my worksheet" call reads the actor's own rows: Kofi sees an empty sheet, not Awa's.
    assert _open(db, people["kofi"], content, NOTE).answers["bottom_line"] == ""
    with db.reading() as session:
        assert analysis.worksheet_versions(session, people["kofi"].id, content, NOTE, CASE) == []
        with pytest.raises(NotFound):
            analysis.version_answers(session, people["kofi"].id, content, NOTE, CASE, 1)
        with pytest.raises(NotFound):
            analysis.submission_detail(session, people["teacher"].id, content, 99_999)
    # A deactivated account can do nothing.
    from services import accounts

    with db.transaction() as session:
        accounts.set_active(session, people["admin"].id, awa.id, False)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        analysis.save_worksheet(session, awa.id, content, NOTE, CASE, {}, now)


def test_comments_are_checked(db, now, people, content):
    awa, teacher = people["awa"], people["teacher"]
    _class(db, people, now, "awa")
    _save(db, awa, content, GRID, {"row.social|col.population": "Les éleveurs"}, now)
    with db.transaction() as session:
        submitted = analysis.submit_worksheet(session, awa.id, content, GRID, CASE, now)
    defn = content.analysis.worksheet(GRID)
    assert analysis.comment_sections(defn) == ("general", *(row.key for row in defn.rows))
    for section, body, key in (
        ("row.nowhere", "x", "errors.comment_section"),
        ("row.social", "  \n\t ", "errors.comment_required"),
        ("row.social", "x" * (analysis.COMMENT_MAX + 1), "errors.comment_length"),
    ):
        with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
            analysis.comment_section(session, teacher.id, content, submitted.id, section, body, now)
        assert refusal.value.key == key
    with db.transaction() as session:
        kept = analysis.comment_section(
            session, teacher.id, content, submitted.id, "row.social", "a\x00b\r\nc", now
        )
    assert kept.body == "ab\nc"


# --- reading progress ---------------------------------------------------------------------------------------


def test_reading_progress_keeps_the_last_paragraph_and_completion(db, now, people, content):
    awa = people["awa"]
    chapter = content.analysis.chapter("a02-environment")
    ids = [p.id for p in chapter.all_paragraphs]
    with db.transaction() as session:
        first = analysis.record_reading(session, awa.id, content, chapter.id, "p2", now)
    assert (first.last_paragraph, first.furthest, first.done) == ("p2", 1, False)
    assert first.fraction == pytest.approx(2 / len(ids))
    with db.transaction() as session:
        done = analysis.record_reading(
            session, awa.id, content, chapter.id, ids[-1], now + timedelta(minutes=9)
        )
        back = analysis.record_reading(
            session, awa.id, content, chapter.id, "p1", now + timedelta(minutes=10)
        )
    assert done.done and done.completed_at == now + timedelta(minutes=9)
    assert back.last_paragraph == "p1" and back.done and back.furthest == len(ids) - 1
    with db.reading() as session:
        progress = analysis.reading_progress(session, awa.id, content)
        assert set(progress) == {chapter.id} and progress[chapter.id].fraction == 1.0
        assert analysis.reading_progress(session, people["kofi"].id, content) == {}
    for document_id, paragraph_id in (("a02-environment", "p99"), ("nowhere", "p1")):
        with pytest.raises(NotFound), db.transaction() as session:
            analysis.record_reading(session, awa.id, content, document_id, paragraph_id, now)
    with db.transaction() as session:  # a case study is read the same way
        assert analysis.record_reading(session, awa.id, content, "tassandie", "c1", now).furthest == 0


# --- chapter quizzes ----------------------------------------------------------------------------------------


def test_a_chapter_quiz_is_stored_and_scored_like_a_unit_quiz(db, now, people, content):
    awa = people["awa"]
    chapter = content.analysis.chapter("a02-environment")
    with db.transaction() as session:
        attempt = analysis.start_chapter_quiz(session, awa.id, content, chapter.id, now)
    assert attempt.quiz_id == "chapter:a02-environment" and attempt.question_count == len(chapter.quiz)
    with db.reading() as session:
        assert analysis.open_chapter_attempt(session, awa.id, content, chapter.id).id == attempt.id
    wrong_at = attempt.question_count - 1
    for position in range(attempt.question_count):
        question = quizzes.question_at(content, attempt, position)
        assert question.id.startswith("a02-environment#") and question.unit_id == chapter.id
        given = "je ne sais pas" if position == wrong_at else question.accepted_for("fr")[0]
        with db.transaction() as session:
            result = analysis.answer_chapter_quiz(
                session, awa.id, attempt.id, position, given, content, "fr", now, elapsed_ms=2000
            )
        assert result.stored and result.grade.correct is (position != wrong_at)
    with db.transaction() as session:  # a replayed answer changes nothing
        assert not analysis.answer_chapter_quiz(
            session, awa.id, attempt.id, 0, "x", content, "fr", now
        ).stored
        outcome = analysis.finish_chapter_quiz(
            session, awa.id, attempt.id, content, now + timedelta(minutes=3)
        )
    expected = (attempt.question_count - 1) / attempt.question_count
    assert outcome.attempt.score == pytest.approx(expected) and outcome.attempt.passed is True
    with db.reading() as session:
        assert analysis.chapter_quiz_scores(session, awa.id) == {chapter.id: pytest.approx(expected)}
        assert analysis.open_chapter_attempt(session, awa.id, content, chapter.id) is None
        review = quizzes.attempt_answers(session, awa.id, attempt.id)
    assert [a.correct for a in review].count(False) == 1


def test_chapter_quiz_refusals(db, now, people, content):
    awa, kofi = people["awa"], people["kofi"]
    with db.transaction() as session:
        attempt = analysis.start_chapter_quiz(session, awa.id, content, "a01-question", now)
        unit_attempt = quizzes.start_quiz(session, awa.id, content, "unit:u01-ranks", now, seed=3)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        analysis.answer_chapter_quiz(session, kofi.id, attempt.id, 0, "x", content, "fr", now)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        analysis.finish_chapter_quiz(session, kofi.id, attempt.id, content, now)
    with pytest.raises(NotFound), db.transaction() as session:  # not a chapter quiz
        analysis.answer_chapter_quiz(session, awa.id, unit_attempt.id, 0, "x", content, "fr", now)
    with pytest.raises(NotFound), db.transaction() as session:
        analysis.start_chapter_quiz(session, awa.id, content, "nowhere", now)
    with pytest.raises(NotFound), db.transaction() as session:  # a case without a quiz
        analysis.start_chapter_quiz(session, awa.id, content, "tassandie", now)
    group = _class(db, people, now, "awa")
    with db.transaction() as session:
        reading = assignments.create_assignment(
            session, people["teacher"].id, group.id, "chapter", "a01-question", now + timedelta(days=1), now,
            content=content,
        )  # fmt: skip
    with pytest.raises(PermissionDenied), db.transaction() as session:  # not a chapter-quiz assignment
        analysis.start_chapter_quiz(session, awa.id, content, "a01-question", now, assignment_id=reading.id)
    with pytest.raises(PermissionDenied), db.transaction() as session:  # not Kofi's assignment
        analysis.start_chapter_quiz(session, kofi.id, content, "a01-question", now, assignment_id=reading.id)


# --- exports ------------------------------------------------------------------------------------------------


def test_exports_of_one_worksheet_and_of_the_whole_analysis(db, now, people, content):
    awa = people["awa"]
    _save(db, awa, content, NOTE, {"bottom_line": HOSTILE}, now)
    _save(
        db,
        awa,
        content,
        STAKEHOLDERS,
        {"rows": [{"actor": "Le FLN-T", "interests": "[lien](http://x)"}]},
        now,
    )
    with db.reading() as session:
        md = analysis.export_worksheet(session, awa.id, content, NOTE, CASE, "md", "fr")
        docx = analysis.export_worksheet(session, awa.id, content, NOTE, CASE, "docx", "en")
        pdf = analysis.export_worksheet(session, awa.id, content, NOTE, CASE, "pdf", "es")
        whole = analysis.export_analysis(session, awa.id, content, CASE, "md", "fr")
        whole_docx = analysis.export_analysis(session, awa.id, content, CASE, "docx", "fr")
        with pytest.raises(InvalidInput):
            analysis.export_worksheet(session, awa.id, content, NOTE, CASE, "exe", "fr")
        with pytest.raises(InvalidInput) as refusal:  # nothing saved for Belvère
            analysis.export_analysis(session, awa.id, content, "belvere", "md", "fr")
        assert refusal.value.key == "errors.worksheet_empty"
        kofi_md = analysis.export_worksheet(session, people["kofi"].id, content, NOTE, CASE, "md", "fr")
    assert md.file_name == "parlez-w08-note-tassandie.md" and md.mime == "text/markdown"
    text = md.data.decode()
    assert "Fiche · " in text and "\\<script\\>" in text and "<script>" not in text
    assert docx.data[:2] == b"PK" and pdf.data[:5] == b"%PDF-"
    words = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert HOSTILE in words and "Worksheet · " in words
    combined = whole.data.decode()
    assert combined.startswith("# Analyse stratégique · ") and "Le FLN-T" in combined
    assert "\\[lien\\](http://x)" in combined
    assert combined.index("FLN") < combined.index("script")  # chapter order: stakeholders before the note
    assert whole_docx.data[:2] == b"PK"
    assert "secret" not in kofi_md.data.decode() and HOSTILE not in kofi_md.data.decode()


# --- key terms and assignments ------------------------------------------------------------------------------


def test_a_key_term_goes_into_the_learners_drills(db, now, people, content):
    awa = people["awa"]
    entry = analysis.glossary_entry(content, "le PMESII")
    assert entry is not None and entry.theme == "analysis"
    with db.transaction() as session:
        assert analysis.add_term_to_drills(session, awa.id, content, entry.id, now) is True
        assert analysis.add_term_to_drills(session, awa.id, content, entry.id, now) is False
    with db.reading() as session:
        assert drills.due_cards(session, awa.id, now) == [(entry.id, "fr>meaning")]
        assert drills.due_count(session, people["kofi"].id, now) == 0
    with pytest.raises(NotFound), db.transaction() as session:
        analysis.add_term_to_drills(session, awa.id, content, "no-such-entry", now)


def test_analysis_assignments_are_checked_and_followed(db, now, people, content):
    group = _class(db, people, now, "awa", "kofi")
    teacher = people["teacher"].id
    due = now + timedelta(days=3)

    def assign(kind, target, **params):
        with db.transaction() as session:
            return assignments.create_assignment(
                session, teacher, group.id, kind, target, due, now, params=params, content=content
            )

    for kind, target, params, key in (
        ("chapter", "nowhere", {}, "errors.assignment_target"),
        ("chapter_quiz", "tassandie", {}, "errors.assignment_target"),  # a case without a quiz
        ("worksheet", "w99", {}, "errors.assignment_target"),
        ("worksheet", NOTE, {"situation": "atlantis"}, "errors.worksheet_situation"),
    ):
        with pytest.raises(InvalidInput) as refusal:
            assign(kind, target, **params)
        assert refusal.value.key == key
    reading = assign("chapter", "a02-environment")
    quiz = assign("chapter_quiz", "a02-environment")
    sheet = assign("worksheet", NOTE, situation=CASE)
    default = assign("worksheet", GRID)
    assert default.params == {"situation": content.analysis.cases[0].id}  # the first case study by default
    own = assign("worksheet", NOTE, situation="own")

    later = now + timedelta(hours=1)
    awa, kofi = people["awa"], people["kofi"]
    chapter = content.analysis.chapter("a02-environment")
    with db.transaction() as session:
        analysis.record_reading(session, awa.id, content, chapter.id, chapter.all_paragraphs[-1].id, later)
        analysis.record_reading(session, kofi.id, content, chapter.id, "p1", later)
        attempt = analysis.start_chapter_quiz(
            session, awa.id, content, chapter.id, later, assignment_id=quiz.id
        )
        analysis.finish_chapter_quiz(session, awa.id, attempt.id, content, later)
        analysis.start_chapter_quiz(session, kofi.id, content, chapter.id, later)
        analysis.save_worksheet(session, awa.id, content, NOTE, CASE, {"bottom_line": "x"}, later)
        analysis.submit_worksheet(session, awa.id, content, NOTE, CASE, later)
        analysis.save_worksheet(session, kofi.id, content, NOTE, CASE, {"bottom_line": "y"}, later)

    with db.reading() as session:
        mine = {a.assignment.id: a.status for a in assignments.learner_assignments(session, awa.id, later)}
        his = {a.assignment.id: a.status for a in assignments.learner_assignments(session, kofi.id, later)}
        from services import dashboards

        board = dashboards.group_dashboard(session, teacher, group.id, later)
    assert [mine[a.id].state for a in (reading, quiz, sheet, own)] == ["done", "done", "done", "todo"]
    assert mine[quiz.id].score == 0.0 and mine[sheet.id].completed_at == later
    assert [his[a.id].state for a in (reading, quiz, sheet, own)] == ["started", "started", "started", "todo"]
    assert mine[default.id].state == "todo" and sheet.params == {"situation": CASE}
    assert board.completion(awa.id) == (3, 5) and board.completion(kofi.id) == (0, 5)
    assert board.chapters_read == {awa.id: 1} and board.worksheets_handed_in == {awa.id: 1}
    assert board.quiz_scores[awa.id][0][:2] == ("chapter:a02-environment", 0.0)
