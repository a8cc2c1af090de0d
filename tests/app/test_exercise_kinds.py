"""The new exercise kinds on the lesson page (AppTest, the kinds fixture course): each answered and stored,
its feedback shown; a compte rendu read and commented on by the learner's instructor on the dashboard."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from access.roles import Role
from services import course, groups, open_answers
from tests.app.conftest import open_app

KINDS_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content" / "kinds"
UNIT = "u05-kinds"


@pytest.fixture(autouse=True)
def kinds_course(monkeypatch):
    monkeypatch.setenv("PARLEZ_CONTENT_DIR", str(KINDS_CONTENT))


def lesson(user, lang="en"):
    at = open_app(user, lang=lang)
    at.query_params["unit"] = UNIT
    at.session_state[f"lesson_section_{UNIT}"] = "exercises"
    at.switch_page("app_pages/lesson.py").run()
    assert not at.exception, at.exception
    return at


def key(local_id: str) -> str:
    return f"lesson_ex_{UNIT}_{local_id}"


def results(app_db, user):
    with app_db.reading() as session:
        return course.latest_results(session, user.id, UNIT), open_answers.latest_open_answers(
            session, user.id, UNIT
        )


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def test_dictation_is_heard_not_shown_and_graded(users, app_db):
    learner = users[Role.LEARNER]
    at = lesson(learner)
    k = key("e2")
    assert at.button(key=f"{k}_say_audio_play").label == "Listen"
    assert not [b for b in at.button if b.key == f"{k}_say_audio_ipa_button"]  # no IPA: it tells the answer
    assert not any("quatorze heures" in m for m in texts(at.markdown))
    at.button(key=f"{k}_say_audio_play").click().run()
    assert at.get("audio"), "the dictation is read aloud"
    at.text_input(key=f"{k}_input").input("Rendez-vous au point Bravo à 14 h 30").run()
    at.button(key=f"{k}_check").click().run()
    assert not at.exception
    assert any(s.startswith("Right") for s in texts(at.success))
    assert results(app_db, learner)[0][f"{UNIT}#e2"].verdict == "alternative"


def test_radio_message_through_the_effect_then_questions_then_transcript(users, app_db):
    learner = users[Role.LEARNER]
    at = lesson(learner)
    k = key("e3")
    assert at.segmented_control(key=f"{k}_noise").value == "medium"
    at.segmented_control(key=f"{k}_noise").set_value("high").run()
    at.button(key=f"{k}_radio_play").click().run()
    assert not at.exception
    audio = at.get("audio")
    assert audio, "the radio message plays"
    assert not any(e.label == "Transcript of the message" for e in at.expander)  # not before answering
    at.text_input(key=f"{k}_1").input("Tango Deux").run()
    at.text_input(key=f"{k}_2").input("point Charlie").run()
    at.button(key=f"{k}_check").click().run()
    assert not at.exception
    assert "1 of 2 right" in texts(at.warning)
    assert any(e.value.replace("\\", "").startswith("Where is the contact? — Not this") for e in at.error)
    assert any(e.label == "Transcript of the message" for e in at.expander)
    assert any(t.value.startswith("Tango Zéro ici Tango Deux.") for t in at.text)
    stored = results(app_db, learner)[1][f"{UNIT}#e3"]
    assert stored.detail["noise"] == "high" and stored.detail["answers"] == ["Tango Deux", "point Charlie"]


def test_form_lines_are_graded_one_by_one(users, app_db):
    learner = users[Role.LEARNER]
    at = lesson(learner, lang="es")
    k = key("e5")
    assert at.text_input(key=f"{k}_1").label == (
        "Ligne 1 : lieu de la zone de poser — Línea 1: ubicación de la zona de aterrizaje"
    )
    at.toggle(key=f"{k}_scenario_gloss").set_value(True).run()
    assert any(c.value.startswith("Su patrulla") for c in at.caption)
    at.text_input(key=f"{k}_1").input("34T CM 508 914").run()
    at.text_input(key=f"{k}_2").input("45,500 Tango Deux").run()
    at.button(key=f"{k}_check").click().run()
    assert not at.exception
    assert "2 de 2 correctas" in texts(at.success)
    assert results(app_db, learner)[1][f"{UNIT}#e5"].correct


def test_a_compte_rendu_gets_feedback_per_element_then_the_model(users, app_db):
    learner = users[Role.LEARNER]
    at = lesson(learner)
    k = key("e6")
    at.text_area(key=f"{k}_text").input("Ici Tango Deux. Au point Bravo, nous avons obsrevé un camion.").run()
    at.button(key=f"{k}_check").click().run()
    assert not at.exception
    assert "Your report has 4 of the 6 expected elements." in texts(at.warning)
    shown = " ".join(texts(at.markdown))
    assert "You say who." in shown and "You do not say when" in shown
    assert "with a spelling slip: «obsrevé» for «observé»" in shown.replace("\\", "")
    assert any(t.value.startswith("Ici Tango Deux. À 14 h 30") for t in at.text)  # the model
    stored = results(app_db, learner)[1][f"{UNIT}#e6"]
    assert stored.text.startswith("Ici Tango Deux.") and stored.verdict == "partly"


def test_a_roleplay_walks_reply_by_reply_and_stores_the_path(users, app_db):
    learner = users[Role.LEARNER]
    at = lesson(learner)
    k = key("e7")
    at.button(key=f"{k}_reply_0_0").click().run()
    assert any("Ma femme est blessée" in m for m in texts(at.markdown))
    assert results(app_db, learner)[1] == {}  # nothing stored before the end
    at.button(key=f"{k}_reply_1_0").click().run()
    assert not at.exception
    assert "Well done: you handled the situation." in texts(at.success)
    stored = results(app_db, learner)[1][f"{UNIT}#e7"]
    assert stored.detail["path"] == ["a", "b", "d"] and stored.verdict == "success"
    at.run()  # a rerun stores nothing more
    with app_db.reading() as session:
        assert (
            len(open_answers.learner_open_answers(session, learner.id, learner.id, kinds=("roleplay",))) == 1
        )
    at.button(key=f"{k}_again").click().run()
    at.button(key=f"{k}_reply_0_1").click().run()
    assert "That went badly. Start again and try another reply." in texts(at.error)
    assert results(app_db, learner)[1][f"{UNIT}#e7"].detail["path"] == ["a", "c"]


def test_spot_the_error_pick_the_words_and_correct_them(users, app_db):
    learner = users[Role.LEARNER]
    at = lesson(learner, lang="fr")
    k = key("e8")
    pills = at.pills(key=f"{k}_picked")
    pills.set_value([11]).run()
    at.button(key=f"{k}_check").click().run()
    assert not at.exception
    assert "Oui, l'erreur est « Terminé, »." in [s.replace("\\", "") for s in texts(at.success)]
    assert any("« Terminé » clôt l'échange" in i.value.replace("\\", "") for i in at.info)
    assert results(app_db, learner)[1][f"{UNIT}#e8"].correct


def wav(seconds: float = 0.3) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(16000)
        writer.writeframes(b"\x20\x00" * int(16000 * seconds))
    return buffer.getvalue()


def test_speaking_record_hear_beside_the_model_rate_and_delete(users, app_db):
    learner = users[Role.LEARNER]
    at = lesson(learner)
    k = key("e4")
    assert "No recording yet." in texts(at.caption)
    at.audio_input(key=f"{k}_record").upload("me.wav", wav()).run()
    at.button(key=f"{k}_keep").click().run()
    assert not at.exception
    assert "Your recording is kept." in texts(at.success)
    assert len(at.get("audio")) >= 1
    with app_db.reading() as session:
        [kept] = open_answers.recordings_of(session, learner.id, learner.id)
    at.segmented_control(key=f"{k}_rating").set_value(2).run()
    at.button(key=f"{k}_check").click().run()
    assert "Saved: Close." in texts(at.success)
    stored = results(app_db, learner)[1][f"{UNIT}#e4"]
    assert stored.detail == {"rating": 2} and stored.recording_id == kept.id
    at.button(key=f"{k}_delete_{kept.id}").click().run()
    assert not at.exception
    with app_db.reading() as session:
        assert open_answers.recordings_of(session, learner.id, learner.id) == []


def test_a_recording_that_is_not_audio_is_refused_with_a_message(users):
    at = lesson(users[Role.LEARNER])
    k = key("e4")
    at.audio_input(key=f"{k}_record").upload("me.wav", b"RIFF0000WAVEjunk").run()
    at.button(key=f"{k}_keep").click().run()
    assert "This recording cannot be kept: record again." in texts(at.error)


def test_the_instructor_reads_the_compte_rendu_and_comments_the_learner_sees_it(users, app_db, now):
    learner, teacher = users[Role.LEARNER], users[Role.INSTRUCTOR]
    with app_db.transaction() as session:
        group = groups.create_group(session, teacher.id, "Section Alfa", now)
        groups.add_member(session, teacher.id, group.id, learner.username, now)
    at = lesson(learner)
    at.text_area(key=f"{key('e6')}_text").input("Tango Deux <b>au</b> point Bravo\nà 14 h 30.").run()
    at.button(key=f"{key('e6')}_check").click().run()
    with app_db.reading() as session:
        [answer] = open_answers.learner_open_answers(session, learner.id, learner.id)

    board = open_app(teacher)
    board.switch_page("app_pages/dashboard.py").run()
    assert not board.exception, board.exception
    assert "Tango Deux <b>au</b> point Bravo\nà 14 h 30." in texts(board.text)  # as text, never HTML
    prefix = f"dashboard_review_{learner.id}_report_{answer.id}"
    board.text_area(key=f"{prefix}_comment").input("Précisez ce que vous avez fait.").run()
    board.button(key=f"{prefix}_send").click().run()
    assert not board.exception
    assert "Précisez ce que vous avez fait." in texts(board.text)

    again = lesson(learner)
    assert "Your instructor's comments" in texts(again.caption)
    assert "Précisez ce que vous avez fait." in texts(again.text)


def test_an_instructor_of_another_group_sees_no_reports(users, app_db, now):
    learner, teacher = users[Role.LEARNER], users[Role.INSTRUCTOR]
    with app_db.transaction() as session:
        group = groups.create_group(session, teacher.id, "Section Alfa", now)
        groups.add_member(session, teacher.id, group.id, learner.username, now)
    admin = users[Role.ADMIN]  # sees the group's dashboard, not the learner's reports or recordings
    board = open_app(admin)
    board.switch_page("app_pages/dashboard.py").run()
    assert not board.exception, board.exception
    assert "Only the instructor of one of this learner's groups sees their reports and recordings." in texts(
        board.caption
    )


def test_a_unit_quiz_asks_dictation_spot_and_form_lines(users, app_db):
    from app_pages.content import library
    from exercises.quiz_catalog import build_quiz
    from exercises.quizzes import CHOICE_KINDS
    from services import quizzes

    learner = users[Role.LEARNER]
    at = open_app(learner)
    at.query_params["quiz"] = f"unit:{UNIT}"
    at.switch_page("app_pages/quiz.py").run()
    at.button(key="quiz_start").click().run()
    with app_db.reading() as session:
        attempt = quizzes.open_attempt(session, learner.id, f"unit:{UNIT}")
    quiz = build_quiz(library().manual, f"unit:{UNIT}", attempt.seed)
    kinds = {question.kind for question in quiz.questions}
    assert {"dictation", "spot", "form_field"} <= kinds
    for position, question in enumerate(quiz.questions):
        if question.kind == "dictation":  # heard, and no IPA (it would tell the answer)
            assert at.button(key=f"quiz_audio_{attempt.id}_{position}_audio_play")
            ipa = f"quiz_audio_{attempt.id}_{position}_audio_ipa_button"
            assert not [b for b in at.button if b.key == ipa]
        if question.kind in CHOICE_KINDS:
            at.radio(key=f"quiz_radio_{attempt.id}_{position}").set_value(question.accepted_for("en")[0])
        else:
            at.text_input(key=f"quiz_text_{attempt.id}_{position}").input(question.accepted[-1])
        next(b for b in at.button if b.label == "Answer").click().run()
        assert not at.exception, at.exception
    at.run()
    assert at.subheader[0].value == "Your score: 100 %"
