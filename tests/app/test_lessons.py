"""Course map and lessons for a learner (AppTest, the real course in content/)."""

from __future__ import annotations

from access.roles import Role
from app_pages.content import library
from library.content import load_library
from services import course
from tests.app.conftest import open_app


def _open_lesson(user, unit_id="u01-ranks", lang="en", section=None):
    at = open_app(user, lang=lang)
    at.query_params["unit"] = unit_id
    if section:
        at.session_state[f"lesson_section_{unit_id}"] = section
    at.switch_page("app_pages/lesson.py").run()
    assert not at.exception, at.exception
    return at


def test_course_map_lists_every_unit_with_level_and_status(users):
    at = open_app(users[Role.LEARNER])
    at.switch_page("app_pages/course.py").run()
    assert not at.exception
    headers = [h.value for h in at.subheader]
    assert len(headers) == len(library().manual.units) >= 12
    assert headers[1].startswith("1. Ranks")
    assert any("Not started" in str(b) for b in at.get("badge")) or at.caption


def test_lesson_resumes_at_the_last_section(users, app_db):
    learner = users[Role.LEARNER]
    at = _open_lesson(learner)
    assert at.session_state["lesson_section_u01-ranks"] == "goals"
    at.segmented_control(key="lesson_section_u01-ranks").set_value("vocabulary").run()
    assert not at.exception
    with app_db.reading() as session:
        assert course.course_status(session, learner.id)["u01-ranks"].last_section == "vocabulary"
    again = _open_lesson(learner)  # a new session
    assert again.session_state["lesson_section_u01-ranks"] == "vocabulary"
    assert any(m.value.startswith("**le caporal**") for m in again.markdown)


def test_dialogue_lines_have_audio_and_translations_on_demand(users):
    at = _open_lesson(users[Role.LEARNER], lang="es", section="dialogue")
    captions_before = len(at.caption)
    at.toggle(key="lesson_reveal_u01-ranks_0").set_value(True).run()
    assert not at.exception
    assert len(at.caption) >= captions_before + 10  # a Spanish gloss under each line
    assert "Buenos días" in " ".join(c.value for c in at.caption)


def test_answering_exercises_is_stored_with_feedback(users, app_db):
    learner = users[Role.LEARNER]
    at = _open_lesson(learner)
    at.segmented_control(key="lesson_section_u01-ranks").set_value("exercises").run()
    from app_pages.content import library

    unit = library().manual.unit("u01-ranks")
    gap = next(e for e in unit.exercises if e.kind in ("gap", "translate", "reply"))
    key = f"lesson_ex_u01-ranks_{gap.local_id}"
    at.text_input(key=f"{key}_input").input(gap.answer.upper()).run()
    at.button(key=f"{key}_check").click().run()
    assert not at.exception
    assert at.success and at.success[0].value.startswith("Right")
    wrong = next(e for e in unit.exercises if e.kind == "choice")
    wrong_key = f"lesson_ex_u01-ranks_{wrong.local_id}"
    bad_option = next(o for o in wrong.options if o != wrong.answer)
    at.radio(key=f"{wrong_key}_input").set_value(bad_option).run()
    at.button(key=f"{wrong_key}_check").click().run()
    assert any(
        e.value.startswith("That is another word") or e.value.startswith("Not this time") for e in at.error
    )
    with app_db.reading() as session:
        results = course.latest_results(session, learner.id, "u01-ranks")
    assert results[gap.id].correct is True
    assert results[wrong.id].correct is False and results[wrong.id].answer == bad_option


def test_mark_done_shows_on_the_course_map(users, app_db):
    learner = users[Role.LEARNER]
    at = _open_lesson(learner)
    at.button(key="lesson_mark_done").click().run()
    assert not at.exception
    assert at.success[0].value == "You have marked this unit as done."
    at.switch_page("app_pages/course.py").run()
    total = len(library().manual.units)
    assert f"1 of {total} units done" in at.get("progress")[0].proto.text


def test_a_broken_unit_is_shown_to_instructors_and_hidden_from_learners(users, tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    content = tmp_path / "content"
    shutil.copytree(Path("content"), content)
    broken = content / "course" / "02-organisation.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("## Vocabulary", "## Vocabulaire"), "utf-8")
    monkeypatch.setenv("PARLEZ_CONTENT_DIR", str(content))
    learner = open_app(users[Role.LEARNER])
    learner.switch_page("app_pages/course.py").run()
    assert not learner.exception
    assert len(learner.subheader) == len(load_library(Path("content")).manual.units) - 1
    assert not learner.expander or all("problem" not in e.label for e in learner.expander)
    instructor = open_app(users[Role.INSTRUCTOR])
    instructor.switch_page("app_pages/course.py").run()
    assert any("problem" in e.label for e in instructor.expander)
    assert "02-organisation.md" in instructor.code[0].value
