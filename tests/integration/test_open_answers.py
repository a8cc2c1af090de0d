"""Open answers on a real database (SQLite and PostgreSQL): stored whole, role-play paths, comptes rendus
commented by the learner's instructor, recordings with their size limit, quota, deletion and privacy."""

from __future__ import annotations

import io
import wave
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from access.roles import Role
from exercises.open_exercises import OpenCheck
from library.content import load_library
from progress.models import ExerciseResult, OpenAnswer, Recording
from services import course, groups, open_answers
from services.errors import InvalidInput, NotFound, PermissionDenied
from tests.helpers import make_user

KINDS_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content" / "kinds"
UNIT = "u05-kinds"


@pytest.fixture(scope="module")
def kinds():
    return load_library(KINDS_CONTENT)


@pytest.fixture
def people(db, now):
    people = {
        "teacher": make_user(db, "teacher", now, Role.INSTRUCTOR, "Capitaine Morel"),
        "other_teacher": make_user(db, "otherteacher", now, Role.INSTRUCTOR),
        "admin": make_user(db, "admin", now, Role.ADMIN),
        "awa": make_user(db, "awa", now, name="Awa Traoré"),
        "kofi": make_user(db, "kofi", now, name="Kofi Mensah"),
    }
    with db.transaction() as session:
        group = groups.create_group(session, people["teacher"].id, "Section Bravo", now)
        groups.add_member(session, people["teacher"].id, group.id, "awa", now)
        groups.add_member(session, people["teacher"].id, group.id, "kofi", now)
        other = groups.create_group(session, people["other_teacher"].id, "Section Charlie", now)
        groups.add_member(session, people["other_teacher"].id, other.id, "kofi", now)
    return people


def answer(db, user, local_id, given, kinds, now):
    with db.transaction() as session:
        return course.answer_exercise(session, user.id, f"{UNIT}#{local_id}", given, kinds, now, seconds=12)


def wav(seconds: float = 0.5, rate: int = 16000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(b"\x10\x00" * int(seconds * rate))
    return buffer.getvalue()


def test_radio_and_form_answers_are_stored_whole_and_counted(db, now, people, kinds):
    awa = people["awa"]
    check = answer(db, awa, "e3", {"answers": ["Tango Deux", "Charlie"], "noise": "high"}, kinds, now)
    assert isinstance(check, OpenCheck) and (check.correct, check.verdict) == (False, "partly")
    later = now + timedelta(minutes=1)
    answer(db, awa, "e5", ["34TCM508914", "45,500 Tango Deux"], kinds, later)
    with db.reading() as session:
        rows = session.scalars(select(OpenAnswer).order_by(OpenAnswer.id)).all()
        results = session.scalars(select(ExerciseResult).order_by(ExerciseResult.id)).all()
        status = course.course_status(session, awa.id)[UNIT]
    radio, form = rows
    assert (radio.kind, radio.verdict, radio.score, radio.correct) == ("radio", "partly", 0.5, False)
    assert radio.detail == {
        "answers": ["Tango Deux", "Charlie"], "verdicts": ["exact", "wrong"], "correct": [True, False],
        "noise": "high",
    }  # fmt: skip
    assert (form.kind, form.verdict, form.correct, form.detail["verdicts"]) == (
        "form", "right", True, ["alternative", "exact"],
    )  # fmt: skip
    assert [(r.exercise_id, r.answer, r.verdict) for r in results] == [
        (f"{UNIT}#e3", "Tango Deux | Charlie", "partly"),
        (f"{UNIT}#e5", "34TCM508914 | 45,500 Tango Deux", "right"),
    ]
    assert (status.exercises_answered, status.exercises_correct) == (2, 1)


def test_a_radio_level_the_manual_does_not_know_falls_back_to_its_own(db, now, people, kinds):
    answer(db, people["awa"], "e3", {"answers": ["Tango Deux"], "noise": "<script>"}, kinds, now)
    with db.reading() as session:
        assert session.scalar(select(OpenAnswer.detail))["noise"] == "medium"


@pytest.mark.parametrize(
    ("local_id", "given"),
    [("e3", "Tango Deux"), ("e3", [1, 2]), ("e5", ["a"] * 3), ("e6", ["texte"]), ("e7", [0]),
     ("e7", [5]), ("e8", {"picked": ["x"]}), ("e4", 7)],
)  # fmt: skip
def test_answers_of_another_shape_are_refused_and_nothing_is_stored(db, now, people, kinds, local_id, given):
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        course.answer_exercise(session, people["awa"].id, f"{UNIT}#{local_id}", given, kinds, now)
    assert refusal.value.key == "errors.invalid_answer"
    with db.reading() as session:
        assert session.scalars(select(OpenAnswer)).all() == []
        assert session.scalars(select(ExerciseResult)).all() == []


def test_roleplay_paths_and_outcomes_are_stored(db, now, people, kinds):
    awa = people["awa"]
    failed = answer(db, awa, "e7", [1], kinds, now)
    passed = answer(db, awa, "e7", [0, 0], kinds, now + timedelta(minutes=2))
    assert (failed.verdict, passed.verdict, passed.correct) == ("fail", "success", True)
    with db.reading() as session:
        latest = open_answers.latest_open_answers(session, awa.id, UNIT)[f"{UNIT}#e7"]
        every = open_answers.learner_open_answers(session, awa.id, awa.id, kinds=("roleplay",))
        status = course.course_status(session, awa.id)[UNIT]
    assert latest.detail["path"] == ["a", "b", "d"] and latest.detail["outcome"] == "success"
    assert latest.detail["replies"][0] == "Halte ! Arrêtez-vous ! Montrez vos mains !"
    assert [view.detail["path"] for view in every] == [["a", "b", "d"], ["a", "c"]]
    assert (status.exercises_answered, status.exercises_correct) == (1, 1)  # the latest answer counts


def test_spot_and_speaking_answers(db, now, people, kinds):
    awa = people["awa"]
    spot = answer(db, awa, "e8", {"picked": [11], "correction": ""}, kinds, now)
    assert spot.correct and spot.verdict == "right"
    rated = answer(db, awa, "e4", 2, kinds, now)
    assert (rated.correct, rated.verdict) == (False, "rated_2")
    with db.reading() as session:
        views = open_answers.latest_open_answers(session, awa.id, UNIT)
    assert views[f"{UNIT}#e8"].detail == {"picked": "Terminé,", "correction": "", "found": True,
                                          "correction_right": True}  # fmt: skip
    assert views[f"{UNIT}#e4"].detail == {"rating": 2} and views[f"{UNIT}#e4"].recording_id is None


def test_a_compte_rendu_is_stored_and_commented_by_the_learners_instructor(db, now, people, kinds):
    awa, teacher = people["awa"], people["teacher"]
    text = "Ici Tango Deux.\nÀ 14 h 30, au point Bravo, nous avons observé un pick-up. Je demande des ordres.\x00"
    check = answer(db, awa, "e6", text, kinds, now)
    assert check.verdict == "right" and check.report.found == 6
    with db.reading() as session:
        [stored] = open_answers.learner_open_answers(session, teacher.id, awa.id, kinds=("report",))
    assert stored.text == text.replace("\x00", "")  # the line break kept, the NUL dropped
    assert [e["name"] for e in stored.detail["elements"] if e["found"]] == [
        "who", "what", "where", "when", "done", "request",
    ]  # fmt: skip
    with db.transaction() as session:
        comment = open_answers.comment_on_answer(
            session, teacher.id, stored.id, "  Bien. Précisez la direction du véhicule.  ", now
        )
    assert (comment.author_name, comment.body) == (
        "Capitaine Morel",
        "Bien. Précisez la direction du véhicule.",
    )
    with db.reading() as session:
        mine = open_answers.latest_open_answers(session, awa.id, UNIT)[f"{UNIT}#e6"]
    assert [c.body for c in mine.comments] == ["Bien. Précisez la direction du véhicule."]


def test_only_the_learners_instructor_reads_and_comments(db, now, people, kinds):
    awa = people["awa"]
    answer(db, awa, "e6", "Tango Deux au point Bravo.", kinds, now)
    with db.reading() as session:
        [stored] = open_answers.learner_open_answers(session, awa.id, awa.id)
    for intruder in ("kofi", "other_teacher", "admin"):
        actor = people[intruder].id
        with pytest.raises(PermissionDenied), db.reading() as session:
            open_answers.learner_open_answers(session, actor, awa.id)
        with pytest.raises(PermissionDenied), db.transaction() as session:
            open_answers.comment_on_answer(session, actor, stored.id, "Vu.", now)
    with pytest.raises(PermissionDenied), db.transaction() as session:  # a learner never comments
        open_answers.comment_on_answer(session, awa.id, stored.id, "Vu.", now)
    with pytest.raises(NotFound), db.transaction() as session:
        open_answers.comment_on_answer(session, people["teacher"].id, stored.id + 99, "Vu.", now)
    for body, key in (("   ", "errors.comment_required"), ("x" * 2001, "errors.comment_length"),
                      ("a\x1bb", "errors.control_characters"), (None, "errors.comment_required")):  # fmt: skip
        with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
            open_answers.comment_on_answer(session, people["teacher"].id, stored.id, body, now)
        assert refusal.value.key == key
    with db.reading() as session:
        assert open_answers.learner_open_answers(session, people["teacher"].id, awa.id)[0].comments == ()


def test_an_instructor_of_another_group_of_the_learner_may_read_too(db, now, people, kinds):
    answer(db, people["kofi"], "e6", "Tango Deux au point Bravo.", kinds, now)
    with db.reading() as session:
        for teacher in ("teacher", "other_teacher"):
            assert len(open_answers.learner_open_answers(session, people[teacher].id, people["kofi"].id)) == 1


def test_a_report_too_long_is_refused(db, now, people, kinds):
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        course.answer_exercise(session, people["awa"].id, f"{UNIT}#e6", "mot " * 1001, kinds, now)
    assert refusal.value.key == "errors.report_too_long"


# --- recordings -----------------------------------------------------------------------------------------


def record(db, user, data, kinds, now, local_id="e4"):
    with db.transaction() as session:
        return open_answers.save_recording(session, user.id, f"{UNIT}#{local_id}", data, kinds, now)


def test_a_recording_is_kept_linked_to_the_self_rating_and_deletable(db, now, people, kinds):
    awa = people["awa"]
    first = record(db, awa, wav(0.5), kinds, now)
    second = record(db, awa, wav(1.0), kinds, now + timedelta(seconds=30))
    rated = answer(db, awa, "e4", 3, kinds, now + timedelta(minutes=1))
    assert rated.correct
    with db.reading() as session:
        mine = open_answers.recordings_of(session, awa.id, awa.id, f"{UNIT}#e4")
        assert [r.id for r in mine] == [second.id, first.id]
        assert open_answers.recording_usage(session, awa.id) == first.size + second.size
        assert open_answers.recording_audio(session, awa.id, second.id) == (wav(1.0), "audio/wav")
        assert open_answers.latest_open_answers(session, awa.id, UNIT)[f"{UNIT}#e4"].recording_id == second.id
    with db.transaction() as session:
        open_answers.delete_recording(session, awa.id, second.id)
    with db.reading() as session:
        assert [r.id for r in open_answers.recordings_of(session, awa.id, awa.id)] == [first.id]
        assert open_answers.latest_open_answers(session, awa.id, UNIT)[f"{UNIT}#e4"].recording_id is None
        assert open_answers.recording_usage(session, awa.id) == first.size
    with pytest.raises(NotFound), db.transaction() as session:
        open_answers.delete_recording(session, awa.id, second.id)


def test_recordings_are_heard_only_by_the_learner_and_their_instructor(db, now, people, kinds):
    awa = people["awa"]
    kept = record(db, awa, wav(), kinds, now)
    with db.reading() as session:
        assert open_answers.recording_audio(session, people["teacher"].id, kept.id)[0] == wav()
        assert len(open_answers.recordings_of(session, people["teacher"].id, awa.id)) == 1
    for intruder in ("kofi", "other_teacher", "admin"):
        with pytest.raises(PermissionDenied), db.reading() as session:
            open_answers.recording_audio(session, people[intruder].id, kept.id)
        with pytest.raises(PermissionDenied), db.reading() as session:
            open_answers.recordings_of(session, people[intruder].id, awa.id)
    for other in ("kofi", "teacher", "admin"):  # only the learner deletes, not even their instructor
        with pytest.raises(PermissionDenied), db.transaction() as session:
            open_answers.delete_recording(session, people[other].id, kept.id)
    with db.reading() as session:
        assert session.get(Recording, kept.id) is not None


def test_recordings_are_size_limited_checked_and_within_a_quota(db, now, people, kinds, monkeypatch):
    awa = people["awa"]
    too_big = wav(seconds=(open_answers.RECORDING_MAX_BYTES // 32000) + 1)
    for data, key in ((too_big, "errors.recording_too_big"), (b"RIFF....not audio", "errors.recording_format"),
                      (b"", "errors.recording_format"), ("text", "errors.recording_format")):  # fmt: skip
        with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
            open_answers.save_recording(session, awa.id, f"{UNIT}#e4", data, kinds, now)
        assert refusal.value.key == key
    with pytest.raises(NotFound), db.transaction() as session:  # only speaking exercises take one
        open_answers.save_recording(session, awa.id, f"{UNIT}#e6", wav(), kinds, now)
    monkeypatch.setattr(open_answers, "RECORDING_QUOTA_BYTES", 2 * len(wav()) + 10)
    record(db, awa, wav(), kinds, now)
    kept = record(db, awa, wav(), kinds, now)
    with pytest.raises(InvalidInput) as refusal, db.transaction() as session:
        open_answers.save_recording(session, awa.id, f"{UNIT}#e4", wav(), kinds, now)
    assert refusal.value.key == "errors.recording_quota"
    record(db, people["kofi"], wav(), kinds, now)  # the quota is per learner
    with db.transaction() as session:
        open_answers.delete_recording(session, awa.id, kept.id)
    record(db, awa, wav(), kinds, now)  # room again once one is deleted
