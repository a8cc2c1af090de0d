"""Drills and the glossary through their pages (AppTest, the real content)."""

from __future__ import annotations

from access.roles import Role
from exercises.drills import DrillKind
from services import drills
from tests.app.conftest import open_app


def _page(user, path, lang="en"):
    at = open_app(user, lang=lang)
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def test_glossary_search_as_you_type_and_term_card(users):
    at = _page(users[Role.LEARNER], "app_pages/glossary.py")
    at.text_input(key="glossary_query").input("capor").run()
    assert not at.exception
    picks = [b for b in at.button if b.key and b.key.startswith("glossary_pick_")]
    assert picks[0].label.startswith("le caporal —")
    assert at.subheader[0].value == "le caporal"
    at.text_input(key="glossary_query").input("ONU").run()
    labels = [b.label for b in at.button if b.key and b.key.startswith("glossary_pick_")]
    assert any(label.startswith("l'ONU") for label in labels[:3])
    assert any("Organisation des Nations" in m.value for m in at.markdown)


def test_glossary_filters_and_spanish_glosses(users):
    at = _page(users[Role.LEARNER], "app_pages/glossary.py", lang="es")
    at.multiselect(key="glossary_themes").set_value(["alphabet"]).run()
    labels = [b.label for b in at.button if b.key and b.key.startswith("glossary_pick_")]
    assert labels and all(b for b in labels)
    assert any(label.startswith("Quebec —") and "Q (Quebec)" in label for label in labels)


def test_drill_plans_answers_and_resumes_after_a_refresh(users, app_db):
    learner = users[Role.LEARNER]
    at = _page(learner, "app_pages/drill.py")
    at.slider(key="drill_size").set_value(5)
    at.multiselect(key="drill_themes").set_value(["ranks"])
    at.multiselect(key="drill_kinds").set_value([DrillKind.TYPE_MEANING])
    at.button[0].click().run()  # the form's submit button
    assert not at.exception, at.exception
    with app_db.reading() as session:
        active = drills.active_drill(session, learner.id)
    assert active is not None and len(active.plan) == 5
    assert {item["kind"] for item in active.plan} == {"type_meaning"}
    at.text_input(key=f"drill_text_{active.id}_0").input("corporal").run()
    next(b for b in at.button if b.label == "Answer").click().run()
    assert not at.exception, at.exception
    assert at.success or at.error  # feedback on the first answer
    with app_db.reading() as session:
        after = drills.active_drill(session, learner.id)
        reviewed = set(drills.card_directions(session, learner.id))
    assert after.position == 1
    assert reviewed == {active.plan[0]["item_id"]}
    refreshed = _page(learner, "app_pages/drill.py")  # a new browser session
    assert "Question 2 of 5" in refreshed.get("progress")[0].proto.text


def test_flashcards_are_self_rated(users, app_db):
    learner = users[Role.LEARNER]
    at = _page(learner, "app_pages/drill.py")
    at.slider(key="drill_size").set_value(5)
    at.multiselect(key="drill_kinds").set_value([DrillKind.FLASHCARD])
    at.button[0].click().run()
    at.button(key="drill_show").click().run()
    at.button(key="drill_rate_3").click().run()
    assert not at.exception
    with app_db.reading() as session:
        assert drills.active_drill(session, learner.id).position == 1
