"""The training directory's screens through AppTest: a visitor filters (state in the URL), opens a centre
and its calendar file; a learner keeps a shortlist and sees their readiness; an instructor recommends a
session; a centre manager adds, edits and imports sessions; roles are checked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from access.roles import Grant, Role
from app_pages.directory_common import directory
from services import accounts, groups
from services import directory as service
from tests.app.conftest import open_app
from tests.helpers import make_user

SOON = datetime.now(UTC).date() + timedelta(days=40)


def _add(app_db, admin, **fields):
    values = {
        "centre": "empabb", "title_fr": "Protection des civils", "title_en": "Protection of civilians",
        "start": SOON, "end": SOON + timedelta(days=11), "delivery": "residence", "languages": ["fr"],
        "audiences": ["military"], "level": "specialised", "cefr_level": "A2", "status": "open",
    }  # fmt: skip
    values.update(fields)
    with app_db.transaction() as session:
        return service.create_session(session, admin.id, values, directory(), datetime.now(UTC))


@pytest.fixture
def sessions(app_db, users):
    admin = users[Role.ADMIN]
    return {
        "bamako": _add(app_db, admin),
        "awae": _add(app_db, admin, centre="eiforces", title_fr="Unités de police constituées",
                     title_en="Formed police units", languages=["fr", "en"], audiences=["police"]),
        "thies": _add(app_db, admin, centre="eai", title_fr="Cours d'état-major", title_en="Staff course",
                      level="strategic", cefr_level="B2"),
        "past": _add(app_db, admin, centre="empabb", title_fr="Genre et paix", start=date(2025, 3, 3),
                     end=date(2025, 3, 14)),
    }  # fmt: skip


def _page(user, path, lang="en", **params):
    at = open_app(user, lang=lang)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def _listed(at) -> list[str]:
    return [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**")]


def test_a_visitor_sees_upcoming_sessions_and_filters_by_country_and_language(app_db, sessions):
    at = _page(None, "app_pages/directory.py")
    assert at.title[0].value == "Training directory"
    assert _listed(at)[:3] == ["**Protection of civilians**", "**Formed police units**", "**Staff course**"]
    assert "**Genre et paix**" not in _listed(at)  # past sessions apart
    country = at.multiselect(key="directory_country")
    assert set(country.options) == {"Cameroon (1)", "Mali (1)", "Senegal (1)"}
    country.set_value(["CM", "ML"]).run()
    assert at.query_params["country"] == ["CM", "ML"]
    at.multiselect(key="directory_language").set_value(["en"]).run()
    assert _listed(at) == ["**Formed police units**"]
    assert at.query_params["language"] in ("en", ["en"])  # one value: AppTest keeps it as a string
    assert set(at.multiselect(key="directory_language").options) == {"English (1)", "French (2)"}


def test_a_shared_url_opens_the_same_filtered_view(app_db, sessions):
    at = _page(None, "app_pages/directory.py", country=["SN"], when="all", q="etat major")
    assert at.multiselect(key="directory_country").value == ["SN"]
    assert _listed(at) == ["**Staff course**"]
    past = _page(None, "app_pages/directory.py", when="past", lang="fr")
    assert _listed(past) == ["**Genre et paix**"]
    junk = _page(None, "app_pages/directory.py", country=["ZZ", "<b>"], view="nope")
    assert junk.multiselect(key="directory_country").value == []
    assert "country" not in junk.query_params and "view" not in junk.query_params  # junk is dropped


def test_search_forgives_accents_and_typos(app_db, sessions):
    at = _page(None, "app_pages/directory.py")
    at.text_input(key="directory_q").input("unites polise").run()
    assert _listed(at) == ["**Formed police units**"]
    assert at.query_params["q"] == "unites polise"


def test_the_map_shows_the_centres_with_a_table_and_the_calendar_draws(app_db, sessions):
    at = _page(None, "app_pages/directory.py", view="map", category=["police"])
    assert at.get("deck_gl_json_chart")
    table = at.dataframe[0].value
    names = table.iloc[:, 0].tolist()
    assert "EIFORCES" in names and "EMPABB" in names and "EAI" not in names  # EAI is military only
    calendar = _page(None, "app_pages/directory.py", view="calendar")
    assert calendar.get("vega_lite_chart")


def test_a_visitor_opens_a_centre_with_its_sessions_and_calendar_files(app_db, sessions):
    at = _page(None, "app_pages/directory_centre.py", centre="empabb", session=str(sessions["bamako"].id))
    assert at.title[0].value.startswith("École de maintien de la paix Alioune Blondin Beye")
    assert [s.value for s in at.subheader] == ["Upcoming sessions (1)", "Past sessions (1)"]
    assert {b.proto.label for b in at.get("download_button")} == {"Add to my calendar (ICS)"}
    assert len(at.get("download_button")) == 2
    assert not at.button  # no shortlist for a visitor
    unknown = _page(None, "app_pages/directory_centre.py", centre="nowhere")
    assert unknown.title[0].value == "Centre not found"


def test_an_entry_never_verified_is_flagged(app_db):
    at = _page(None, "app_pages/directory_centre.py", centre="cifr-rochefort", lang="fr")
    assert any("pas encore été vérifiée" in w.value for w in at.warning)
    fresh = _page(None, "app_pages/directory_centre.py", centre="empabb")
    assert not fresh.warning


def test_a_learner_keeps_a_shortlist_and_sees_what_to_work_on(app_db, users, sessions):
    learner = users[Role.LEARNER]
    at = _page(learner, "app_pages/directory_centre.py", centre="empabb")
    assert any(m.value == "**Your language readiness**" for m in at.markdown)
    assert any(c.value.startswith("Level needed: A2") for c in at.caption)
    assert any(link.label.startswith("0.") for link in at.get("page_link"))  # the first units to work on
    at.button(key=f"directory_keep_{sessions['bamako'].id}").click().run()
    with app_db.reading() as session:
        assert [s.id for s in service.shortlist(session, learner.id)] == [sessions["bamako"].id]
    mine = _page(learner, "app_pages/directory.py", view="shortlist")
    assert _listed(mine) == ["**Protection of civilians**"]


def test_an_instructor_recommends_a_session_that_learners_see_in_their_assignments(app_db, users, sessions):
    instructor, learner = users[Role.INSTRUCTOR], users[Role.LEARNER]
    moment = datetime.now(UTC)
    with app_db.transaction() as session:
        group = groups.create_group(session, instructor.id, "Section Alfa", moment)
        groups.join_group(session, learner.id, group.join_code, moment)
    at = _page(instructor, "app_pages/directory_centre.py", centre="eiforces")
    target = sessions["awae"].id
    at.text_input(key=f"directory_recommend_note_{target}").input("Pour les officiers de police")
    next(b for b in at.button if b.label == "Recommend").click().run()
    assert at.success[0].value == "Recommended to Section Alfa."
    board = _page(learner, "app_pages/assignments.py")
    assert "Training sessions recommended to you" in [s.value for s in board.subheader]
    assert any(m.value == "**Formed police units**" for m in board.markdown)
    assert any("Pour les officiers de police" in m.value for m in board.markdown)


def _manager(app_db, users, username="manager-bamako", centre="empabb"):
    manager = make_user(app_db, username, datetime.now(UTC))
    with app_db.transaction() as session:
        service.attach_manager(
            session, users[Role.ADMIN].id, manager.id, centre, directory(), datetime.now(UTC)
        )
        return accounts.get_user(session, manager.id)


def test_a_centre_manager_adds_and_edits_a_session(app_db, users):
    manager = _manager(app_db, users)
    at = _page(manager, "app_pages/directory_manage.py")
    assert at.selectbox(key="directory_manage_centre").options == [
        "EMPABB — École de maintien de la paix Alioune Blondin Beye"
    ]
    at.button(key="directory_manage_new").click().run()
    at.text_input(key="directory_form_new_title_fr").input("Désarmement, démobilisation et réintégration")
    at.text_input(key="directory_form_new_code").input("DDR 2027-1")
    next(b for b in at.button if b.label == "Save").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "Session DDR 2027-1 created."
    with app_db.reading() as session:
        (created,) = service.manager_sessions(session, manager.id, directory(), "empabb")
    assert created.title.fr == "Désarmement, démobilisation et réintégration"
    at.button(key=f"directory_manage_edit_{created.id}").click().run()
    at.number_input(key=f"directory_form_edit_{created.id}_1_capacity").set_value(24)
    next(b for b in at.button if b.label == "Save").click().run()
    assert at.success[0].value == "Saved (1 fields changed)."
    with app_db.reading() as session:
        edited = service.get_session(session, created.id)
    assert (edited.capacity, edited.version, edited.title.fr) == (24, 2, created.title.fr)


def test_a_refused_form_says_why(app_db, users):
    manager = _manager(app_db, users)
    at = _page(manager, "app_pages/directory_manage.py")
    at.button(key="directory_manage_new").click().run()
    at.selectbox(key="directory_form_new_delivery").select("mobile")
    next(b for b in at.button if b.label == "Save").click().run()
    message = at.error[0].value.replace("\\", "")
    assert message.startswith("The session cannot be saved (2 problems)")
    assert "Title (French): required" in message and "Place: say where the mobile team meets" in message


def test_a_centre_manager_imports_a_csv_after_a_preview_of_refused_rows(app_db, users):
    manager = _manager(app_db, users)
    at = _page(manager, "app_pages/directory_manage.py")
    csv = (
        "centre,title_fr,start,end,delivery,languages,audiences,level\n"
        "empabb,Logistique en mission,2027-05-03,2027-05-14,residence,fr,military,specialised\n"
        "eiforces,Pas mon centre,2027-05-03,2027-05-14,residence,fr,police,foundation\n"
        "empabb,Dates fausses,2027-05-14,2027-05-03,online,fr,civilian,foundation\n"
    )
    at.text_area(key="directory_import_text").input(csv).run()
    assert any(m.value == "Preview: 1 new, 0 updated, 2 refused." for m in at.markdown)
    refused = at.dataframe[0].value
    assert refused.iloc[:, 0].tolist() == [3, 4]
    assert "you do not manage the centre “eiforces”" in refused.iloc[0, 1]
    with app_db.reading() as session:
        assert (
            service.manager_sessions(session, manager.id, directory(), "empabb") == []
        )  # nothing written yet
    at.button(key="directory_import_apply").click().run()
    assert at.success[0].value == "1 rows imported."
    with app_db.reading() as session:
        (imported,) = service.manager_sessions(session, manager.id, directory(), "empabb")
    assert imported.title.fr == "Logistique en mission"
    assert at.get("download_button")  # the export


def test_roles_on_the_manager_screen(app_db, users):
    learner = users[Role.LEARNER]
    at = open_app(learner)
    with pytest.raises(ValueError):
        at.switch_page("app_pages/directory_manage.py")
    holder = make_user(app_db, "holder", datetime.now(UTC))
    with app_db.transaction() as session:
        accounts.set_grant(session, users[Role.ADMIN].id, holder.id, Grant.CENTRE_MANAGER, True)
        holder = accounts.get_user(session, holder.id)
    unattached = _page(holder, "app_pages/directory_manage.py")
    assert unattached.info[0].value.startswith("You are not attached to a centre yet")
    assert not unattached.expander  # the managers' section is for admins


def test_an_admin_attaches_a_manager_to_a_centre(app_db, users):
    admin = users[Role.ADMIN]
    at = _page(admin, "app_pages/directory_manage.py")
    at.selectbox(key="directory_managers_user").select(users[Role.INSTRUCTOR].id)
    at.selectbox(key="directory_managers_centre").select("eiforces")
    at.button(key="directory_managers_attach").click().run()
    assert at.success[0].value.startswith("Attached")
    with app_db.reading() as session:
        managers = service.centre_managers(session, admin.id)
    assert [(m.user.username, m.centres) for m in managers] == [("instructor1", ("eiforces",))]


def test_hostile_text_from_a_manager_is_shown_as_text(app_db, users):
    hostile = "<img src=x onerror=alert(1)> **gras** [lien](javascript:alert(1)) :red[rouge] $x$"
    _add(app_db, users[Role.ADMIN], title_fr=hostile, title_en=hostile, rank_band="<b>capitaine</b>")
    for path in ("app_pages/directory.py", "app_pages/directory_centre.py"):
        at = _page(None, path, centre="empabb")
        shown = [m.value for m in at.markdown if "img" in m.value] + [
            e.label for e in at.expander if "img" in e.label
        ]
        assert shown, path
        assert all(
            "\\<img" in value and "\\*\\*gras\\*\\*" in value and "\\[lien\\]" in value for value in shown
        ), shown
