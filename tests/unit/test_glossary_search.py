"""Glossary search: as the learner types, in French, English or Spanish, forgiving accents and typos."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.model import GlossaryEntry
from glossary.search import FIELDS, SearchHit, SearchIndex, _fold_text
from library.content import load_course_and_glossary
from text.normalise import search_key

CONTENT = Path(__file__).resolve().parents[2] / "content"


def entry(entry_id: str, french: str, english: str, spanish: str, **other) -> GlossaryEntry:
    other.setdefault("theme", "general")
    other.setdefault("level", "A1")
    other.setdefault("pos", "m")
    return GlossaryEntry(
        id=entry_id,
        french=french,
        english=tuple(english.split("; ")),
        spanish=tuple(spanish.split("; ")),
        **other,
    )


ENTRIES = [
    entry("gen-eleve", "l'élève", "student; pupil", "alumno", units=("u00-first-contact",)),
    entry("gen-eleveur", "l'éleveur", "herder; stockbreeder", "ganadero", theme="civilians", level="B1"),
    entry(
        "rank-soldat", "le soldat", "private; soldier", "soldado", theme="ranks", related=("rank-caporal",)
    ),
    entry(
        "rank-caporal-chef",  # before le caporal on purpose: the ranking, not the order, puts caporal first
        "le caporal-chef",
        "senior corporal",
        "cabo primero",
        theme="ranks",
        related=("rank-caporal", "rank-nothing"),
        units=("u01-ranks",),
    ),
    entry(
        "rank-caporal",
        "le caporal",
        "corporal",
        "cabo",
        theme="ranks",
        related=("rank-caporal-chef",),
        units=("u01-ranks",),
    ),
    entry("rank-sergent", "le sergent", "sergeant", "sargento", theme="ranks", units=("u01-ranks",)),
    entry(
        "rank-sergent-chef",
        "le sergent-chef",
        "staff sergeant",
        "sargento primero",
        theme="ranks",
        level="A2",
    ),
    entry("rank-chef-de-section", "le chef de section", "platoon leader", "jefe de sección", theme="ranks"),
    entry("org-section", "la section", "platoon", "sección", theme="organisation"),
    entry(
        "un-onu",
        "l'ONU",
        "UN; United Nations",
        "ONU",
        theme="un",
        level="A2",
        expansion="Organisation des Nations unies",
        alternatives=("les Nations unies",),
    ),
    entry(
        "org-pc", "le PC", "CP; command post", "PC", theme="organisation", expansion="poste de commandement"
    ),
    entry(
        "org-poste-de-commandement",
        "le poste de commandement",
        "command post",
        "puesto de mando",
        theme="organisation",
    ),
    entry(
        "med-evasan",
        "l'évacuation sanitaire",
        "medical evacuation; MEDEVAC",
        "evacuación sanitaria",
        theme="medical",
    ),
    entry("gen-saluer", "saluer", "to salute; to greet", "saludar", pos="v"),
    entry("gen-lettre", "la lettre", "letter", "carta", pos="f"),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(ENTRIES)


@pytest.fixture(scope="module")
def real_index() -> SearchIndex:
    return SearchIndex(load_course_and_glossary(CONTENT)[1].entries)


def ids(hits: list[SearchHit]) -> list[str]:
    return [hit.entry.id for hit in hits]


def first(index: SearchIndex, query: str, **options) -> SearchHit:
    hits = index.search(query, **options)
    assert hits, f"nothing found for {query!r}"
    return hits[0]


# -- what finds what -----------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["eleve", "ELEVE", "élève", "l'eleve", "l’ élève", "Élève"])
def test_accents_case_and_apostrophes_do_not_matter(index, query):
    hit = first(index, query)
    assert (hit.entry.id, hit.score, hit.field) == ("gen-eleve", 100.0, "french")


def test_a_typo_still_finds_the_term_and_not_its_neighbour_first(index):
    hits = index.search("sergant")
    assert ids(hits)[0] == "rank-sergent"
    assert first(index, "le sergant").entry.id == "rank-sergent"
    assert first(index, "caporl").entry.id == "rank-caporal"
    assert first(index, "evacuaton sanitaire").entry.id == "med-evasan"
    assert first(index, "sanitare").entry.id == "med-evasan"  # a typo in one word of a longer term
    assert first(index, "letre").entry.id == "gen-lettre"  # "le" is not an article without its space
    assert first(index, "la letre").entry.id == "gen-lettre"


def test_a_prefix_finds_the_shortest_term_first(index):
    hits = index.search("capor")
    assert ids(hits)[:2] == ["rank-caporal", "rank-caporal-chef"]
    assert hits[0].score > hits[1].score >= 90
    assert ids(index.search("serg"))[:2] == ["rank-sergent", "rank-sergent-chef"]
    assert ids(index.search("le cap"))[:2] == ["rank-caporal", "rank-caporal-chef"]


def test_an_exact_match_ranks_first_and_caporal_is_not_caporal_chef(index):
    hits = index.search("caporal")
    assert ids(hits)[:2] == ["rank-caporal", "rank-caporal-chef"]
    assert hits[0].score == 100.0
    assert hits[1].score < 100.0
    assert first(index, "caporal-chef").entry.id == "rank-caporal-chef"
    assert first(index, "la caporal").entry.id == "rank-caporal"  # a wrong article is not a miss


@pytest.mark.parametrize(
    ("query", "field"), [("corporal", "english"), ("Corporal", "english"), ("cabo", "spanish")]
)
def test_english_and_spanish_find_the_french_term(index, query, field):
    hit = first(index, query)
    assert (hit.entry.id, hit.field, hit.score) == ("rank-caporal", field, 100.0)


def test_a_later_word_is_found_and_a_leading_to_or_the_is_optional(index):
    assert first(index, "section").entry.id == "org-section"  # whole term before "chef de section"
    assert "rank-chef-de-section" in ids(index.search("section"))
    assert first(index, "salute").entry.id == "gen-saluer"
    assert first(index, "to greet").entry.id == "gen-saluer"


def test_the_interface_language_breaks_ties_between_translations():
    entries = [
        entry("a", "le mot", "other", "común", theme="general"),
        entry("b", "la chose", "común", "cosa", theme="general"),
    ]
    index = SearchIndex(entries)
    assert ids(index.search("comun", lang="en")) == ["b", "a"]  # English field ranks before Spanish
    assert ids(index.search("comun", lang="es")) == ["a", "b"]


def test_an_abbreviation_finds_its_expansion_and_the_reverse(index):
    hit = first(index, "ONU")
    assert (hit.entry.id, hit.field, hit.text) == ("un-onu", "french", "l'ONU")
    assert first(index, "onu").entry.id == "un-onu"
    hit = first(index, "Organisation des Nations unies")
    assert (hit.entry.id, hit.field, hit.score) == ("un-onu", "expansion", 100.0)
    assert first(index, "organisation des nat").entry.id == "un-onu"
    assert first(index, "nations unies").entry.id == "un-onu"
    # "le PC" and "le poste de commandement" are two entries: each query finds both, its own first
    pc = index.search("PC")
    assert ids(pc)[:2] == ["org-pc", "org-poste-de-commandement"]
    assert (pc[1].field, pc[1].text) == ("abbreviation", "le PC")
    assert ids(index.search("poste de commandement"))[:2] == ["org-poste-de-commandement", "org-pc"]


def test_hits_are_sorted_and_name_the_field_and_text_that_matched(index):
    for query in ("c", "ca", "cap", "sec", "sergant", "command", "le"):
        hits = index.search(query)
        assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
        assert all(0 < hit.score <= 100 and hit.field in FIELDS and hit.text for hit in hits)
        assert len(set(ids(hits))) == len(hits)


def test_unrelated_queries_find_nothing(index):
    assert index.search("zzzz") == []
    assert index.search("helicoptere") == []


# -- filters and browsing ------------------------------------------------------------------------------
def test_filters_by_theme_level_and_unit(index):
    assert ids(index.search("chef", themes=["ranks"], levels=["A2"])) == ["rank-sergent-chef"]
    assert set(ids(index.search("c", themes=("organisation", "un")))) <= {
        "org-section",
        "org-pc",
        "org-poste-de-commandement",
        "un-onu",
    }
    assert ids(index.search("capor", units=["u01-ranks"])) == ["rank-caporal", "rank-caporal-chef"]
    assert index.search("capor", themes=["medical"]) == []
    assert ids(index.search("sergent", themes="ranks", levels="A1")) == ["rank-sergent"]  # a bare string too


def test_an_empty_query_lists_the_filtered_entries_in_glossary_order(index):
    hits = index.search("", themes=["ranks"])
    assert ids(hits) == [e.id for e in ENTRIES if e.theme == "ranks"]
    assert all(hit.score == 0.0 and hit.field == "" for hit in hits)
    assert ids(index.search("   ", units=["u01-ranks"])) == [
        "rank-caporal-chef",
        "rank-caporal",
        "rank-sergent",
    ]
    assert ids(index.search("?!", levels=["B1"])) == ["gen-eleveur"]
    assert ids(index.search("", limit=3)) == [e.id for e in ENTRIES[:3]]
    assert len(index.search("", limit=None)) == len(ENTRIES)
    assert index.search("", themes=["nope"]) == []


def test_limit(index):
    assert len(index.search("c", limit=2)) == 2
    assert index.search("caporal", limit=0) == []
    assert len(index.search("c", limit=None)) > 2


# -- related -------------------------------------------------------------------------------------------
def test_related_lists_the_related_ids_first_then_same_theme_entries_sharing_a_word(index):
    chef = next(e for e in ENTRIES if e.id == "rank-caporal-chef")
    # rank-caporal (related), rank-nothing (unknown: skipped), then "chef" entries of the same theme
    assert [e.id for e in index.related(chef)] == [
        "rank-caporal",
        "rank-sergent-chef",
        "rank-chef-de-section",
    ]
    assert [e.id for e in index.related(chef, limit=2)] == ["rank-caporal", "rank-sergent-chef"]
    assert index.related(chef, limit=0) == []


def test_related_never_lists_the_entry_itself_nor_other_themes(index):
    section = next(e for e in ENTRIES if e.id == "rank-chef-de-section")
    related = [e.id for e in index.related(section)]
    assert "rank-chef-de-section" not in related
    assert "org-section" not in related  # shares "section", but another theme
    assert related == ["rank-caporal-chef", "rank-sergent-chef"]  # "de" does not count as a shared word


def test_related_links_an_abbreviation_and_the_entry_of_its_expansion(index):
    pc = next(e for e in ENTRIES if e.id == "org-pc")
    assert [e.id for e in index.related(pc)][:1] == ["org-poste-de-commandement"]


# -- hostile input -------------------------------------------------------------------------------------
HOSTILE = [
    "x" * 10_000,
    "caporal " * 2_000,
    "\x00\x01\x02\x1b[31mcaporal\x7f",
    ".*+?^$()[]{}|\\",
    "(a+)+$" * 50,
    "\u202e\u200b\ufeff",
    "\ud800\udfff",
    "🪖🇫🇷" * 100,
    "%s%n{0}",
    "'; DROP TABLE entries; --",
    "\n\t\r",
    "«»“”",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_raise_and_stay_fast(real_index, query):
    start = time.perf_counter()
    hits = real_index.search(query)
    real_index.search(query, themes=["ranks"], lang="es", limit=None)
    assert time.perf_counter() - start < 0.25
    assert all(isinstance(hit, SearchHit) for hit in hits)


def test_a_control_character_inside_a_word_is_ignored(index):
    assert first(index, "capo\x00ral").entry.id == "rank-caporal"


def test_a_query_that_is_not_text_is_an_empty_query(index):
    assert ids(index.search(None, limit=2)) == [e.id for e in ENTRIES[:2]]  # type: ignore[arg-type]


# -- the real glossary ---------------------------------------------------------------------------------
def test_on_the_real_glossary(real_index):
    assert first(real_index, "capor").entry.french == "le caporal"
    assert ids(real_index.search("caporal"))[:2] == ["rank-le-caporal", "rank-le-caporal-chef"]
    assert first(real_index, "sergant").entry.french == "le sergent"
    assert first(real_index, "corporal").entry.french == "le caporal"
    assert first(real_index, "cabo").entry.french == "le caporal"
    assert first(real_index, "ONU").entry.id == "un-onu"
    assert first(real_index, "Organisation des Nations Unies").entry.id == "un-onu"
    assert "un-minusma" in ids(real_index.search("mali"))  # the last word of a long expansion


def test_searches_on_the_real_glossary_take_milliseconds(real_index):
    queries = ["c", "ca", "cap", "capor", "sergant", "corporal", "cabo", "nations", "evacuation sanitare", ""]
    start = time.perf_counter()
    for query in queries * 10:
        real_index.search(query)
    assert (time.perf_counter() - start) / (len(queries) * 10) < 0.02


# -- the folding shortcut ------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAzZ09 -'éÉœ.!?«»\u00a0\t’", max_size=40))
def test_keys_are_folded_exactly_like_search_key(text):
    assert _fold_text(text) == search_key(text)
