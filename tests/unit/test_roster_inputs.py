"""What experts and partners type is checked field by field; uploaded terms by their bytes."""

from __future__ import annotations

from datetime import date

import pytest

from roster.errors import InputRefused
from roster.files import PDF, TERMS_MAX_BYTES, TEXT, check_terms_file, safe_filename
from roster.inputs import clean_paragraphs, parse_profile, parse_request
from roster.model import Domain, Gender, Level, Notice, SecurityLevel, is_confirmed

TODAY = date(2027, 1, 4)


def profile_form(**changes) -> dict:
    form = {
        "full_name": "  Awa   Traoré ",
        "nationality": "sn",
        "gender": "woman",
        "languages": [
            {"code": "en", "speaking": "B2", "writing": "B1"},
            {"code": "fr", "speaking": "C2", "writing": "C1"},
        ],
        "domains": ["elections", "mediation"],
        "years": 12,
        "missions": [
            {"organisation": "MINUSMA", "country": "ML", "role": "Political affairs", "start": "2016-03-01",
             "end": "2019-06-30"},
        ],
        "trainings": [{"title": "Médiation", "provider": "EMP", "year": 2018}],
        "available_from": None,
        "available_until": date(2027, 12, 31),
        "notice": "7d",
        "remote": True,
        "employer": "Ministère",
        "employer_release_needed": True,
        "email": "awa@example.org",
        "phone": "+221 77 000 00 00",
    }  # fmt: skip
    form.update(changes)
    return form


def request_form(**changes) -> dict:
    form = {
        "institution": "Mission d'appui",
        "contact": "Jean Dupont, chef de la section politique",
        "contact_email": "jean@example.org",
        "mandate": "Résolution 2100 (2013)",
        "need": "Un médiateur\r\n\r\n\r\n\r\npour le dialogue local",
        "reason": "Élections en mai",
        "terms_text": "",
        "domains": ["mediation"],
        "languages": [{"code": "fr", "level": "C1"}],
        "place": "Gao",
        "country": "ML",
        "start": date(2027, 2, 1),
        "length_days": 90,
        "remote": False,
        "security": "substantial",
        "funding": "Donor-funded",
    }
    form.update(changes)
    return form


def test_a_profile_is_parsed_into_typed_values():
    parsed = parse_profile(profile_form(), TODAY)
    assert parsed.full_name == "Awa Traoré"
    assert parsed.nationality == "SN" and parsed.gender is Gender.WOMAN
    assert [(s.code, s.speaking, s.writing) for s in parsed.languages] == [
        ("fr", Level.C2, Level.C1), ("en", Level.B2, Level.B1),
    ]  # fmt: skip
    assert parsed.domains == (Domain.ELECTIONS, Domain.MEDIATION)
    assert parsed.availability.notice is Notice.D7 and parsed.availability.remote
    assert parsed.missions[0].start == date(2016, 3, 1)


@pytest.mark.parametrize(
    ("changes", "key", "field"),
    [
        ({"full_name": "  "}, "roster.errors.required", "full_name"),
        ({"full_name": "x" * 81}, "roster.errors.too_long", "full_name"),
        ({"full_name": "Awa\u202eTraoré"}, "roster.errors.control_characters", "full_name"),
        ({"nationality": "XX"}, "roster.errors.unknown_choice", "nationality"),
        ({"languages": []}, "roster.errors.required", "languages"),
        ({"languages": [{"code": "xx", "speaking": "C2", "writing": "C2"}]}, "roster.errors.unknown_choice",
         "languages"),
        ({"languages": [{"code": "fr", "speaking": "D1", "writing": "C2"}]}, "roster.errors.unknown_choice",
         "languages"),
        ({"languages": [{"code": "fr", "speaking": "C2", "writing": "C2"}] * 2},
         "roster.errors.duplicate_language", "languages"),
        ({"domains": []}, "roster.errors.required", "domains"),
        ({"domains": ["cooking"]}, "roster.errors.unknown_choice", "domains"),
        ({"years": 61}, "roster.errors.number", "years"),
        ({"years": "many"}, "roster.errors.number", "years"),
        ({"available_from": date(2027, 6, 1), "available_until": date(2027, 5, 1)},
         "roster.errors.dates_order", "available_until"),
        ({"notice": "1h"}, "roster.errors.unknown_choice", "notice"),
        ({"email": "not-an-address"}, "roster.errors.email", "email"),
        ({"phone": "call me"}, "roster.errors.phone", "phone"),
        ({"missions": [{"organisation": "X", "country": "ML", "role": "Y", "start": "2020-01-01",
                        "end": "2019-01-01"}]}, "roster.errors.dates_order", "missions"),
        ({"missions": [{"organisation": "X", "country": "ML", "role": "Y", "start": "soon"}]},
         "roster.errors.date", "missions"),
        ({"trainings": [{"title": "T", "provider": "P", "year": 1900}]}, "roster.errors.number", "trainings"),
        ({"trainings": [{"title": "T", "provider": "P", "year": 2000}] * 31}, "roster.errors.too_many",
         "trainings"),
    ],
)  # fmt: skip
def test_a_wrong_profile_field_is_refused_by_name(changes, key, field):
    with pytest.raises(InputRefused) as refusal:
        parse_profile(profile_form(**changes), TODAY)
    assert (refusal.value.key, refusal.value.params["field"]) == (key, field)


def test_hostile_text_is_kept_as_text():
    hostile = '<script>alert(1)</script> **bold** =HYPERLINK("x")'
    assert parse_profile(profile_form(full_name=hostile[:80]), TODAY).full_name == hostile[:80]


def test_a_request_is_parsed_and_its_paragraphs_tidied():
    parsed = parse_request(request_form(), TODAY)
    assert parsed.need == "Un médiateur\n\npour le dialogue local"
    assert parsed.security is SecurityLevel.SUBSTANTIAL
    assert parsed.languages[0].level is Level.C1
    assert parsed.end == date(2027, 5, 2)


@pytest.mark.parametrize(
    ("changes", "key", "field"),
    [
        ({"institution": ""}, "roster.errors.required", "institution"),
        ({"start": date(2027, 1, 3)}, "roster.errors.start_past", "start"),
        ({"length_days": 0}, "roster.errors.number", "length_days"),
        ({"length_days": 731}, "roster.errors.number", "length_days"),
        ({"security": "dangerous"}, "roster.errors.unknown_choice", "security"),
        ({"languages": []}, "roster.errors.required", "languages"),
        ({"need": "x" * 4001}, "roster.errors.too_long", "need"),
        ({"need": "ligne\x00cachée"}, "roster.errors.control_characters", "need"),
        ({"country": ""}, "roster.errors.required", "country"),
        ({"contact_email": "jean@"}, "roster.errors.email", "contact_email"),
    ],
)
def test_a_wrong_request_field_is_refused_by_name(changes, key, field):
    with pytest.raises(InputRefused) as refusal:
        parse_request(request_form(**changes), TODAY)
    assert (refusal.value.key, refusal.value.params["field"]) == (key, field)


def test_paragraphs_keep_line_breaks_and_tabs():
    assert clean_paragraphs("a\tb\n\nc  \n", "need") == "a\tb\n\nc"


def test_terms_files_are_checked_by_their_bytes():
    assert check_terms_file("tdr.pdf", b"%PDF-1.7\n...").media_type == PDF
    assert check_terms_file("termes.txt", "Termes de référence".encode()).media_type == TEXT
    for name, data, key in [
        ("tdr.pdf", b"MZ\x90\x00 not a pdf", "roster.errors.terms_type"),
        ("tdr.exe", b"%PDF-1.7", "roster.errors.terms_type"),
        ("tdr.txt", b"\xff\xfe\x00binary", "roster.errors.terms_type"),
        ("tdr.txt", b"bell\x07", "roster.errors.terms_type"),
        ("tdr.txt", b"", "roster.errors.terms_empty"),
        ("tdr.pdf", b"%PDF-" + b"0" * TERMS_MAX_BYTES, "roster.errors.terms_size"),
    ]:
        with pytest.raises(InputRefused) as refusal:
            check_terms_file(name, data)
        assert refusal.value.key == key, name


def test_uploaded_names_lose_their_folders():
    assert safe_filename("../../etc/passwd.txt") == "passwd.txt"
    assert safe_filename("C:\\Users\\x\\tdr.pdf") == "tdr.pdf"
    assert safe_filename("..\x00") == "terms"


def test_a_profile_counts_for_six_months_after_confirmation():
    from datetime import UTC, datetime, timedelta

    confirmed = datetime(2026, 7, 1, tzinfo=UTC)
    assert is_confirmed(confirmed, confirmed + timedelta(days=181))
    assert not is_confirmed(confirmed, confirmed + timedelta(days=182))
    assert not is_confirmed(None, confirmed)
