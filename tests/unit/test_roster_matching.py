"""Matching: the filter, each part of the score and its explanation, the ranking, diversity apart."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from roster.anonymise import alias, anonymise, years_band
from roster.matching import (
    ExpertVector,
    diversity,
    level_of,
    need_for,
    pack_levels,
    passes,
    rank,
    score,
    vector_for,
)
from roster.model import (
    Availability,
    Domain,
    Gender,
    LanguageNeed,
    LanguageSkill,
    Level,
    Mission,
    Notice,
    ProfileFields,
    Training,
    domain_mask,
    domains_of,
)

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
START = date(2027, 2, 1)  # 27 days and 15 hours after NOW
D = Domain


def profile(**changes) -> ProfileFields:
    values = dict(
        full_name="Awa Traoré",
        nationality="SN",
        gender=Gender.WOMAN,
        languages=(LanguageSkill("fr", Level.C2, Level.C1), LanguageSkill("en", Level.B2, Level.B1)),
        domains=(D.MEDIATION, D.ELECTIONS),
        years=12,
        missions=(
            Mission("MINUSMA", "ML", "Political affairs officer", date(2016, 3, 1), date(2019, 6, 30)),
        ),
        trainings=(Training("Mediation course", "EMP Bamako", 2018),),
        availability=Availability(None, None, Notice.D7, True),
        employer="Ministère de la Justice",
        employer_release_needed=True,
        email="awa@example.org",
        phone="+221 77 000 00 00",
    )
    values.update(changes)
    return ProfileFields(**values)


def need(domains=(D.MEDIATION,), languages=(("fr", Level.C1),), start=START, length=90, remote=False):
    return need_for(domains, [LanguageNeed(c, lv) for c, lv in languages], start, length, remote, NOW)


def test_levels_pack_three_bits_per_language():
    speaking, writing = pack_levels(profile().languages)
    assert (level_of(speaking, "fr"), level_of(writing, "fr")) == (6, 5)
    assert (level_of(speaking, "en"), level_of(writing, "en")) == (4, 3)
    assert level_of(speaking, "ar") == 0
    last = pack_levels([LanguageSkill("tr", Level.C2, Level.A1)])
    assert level_of(last[0], "tr") == 6 and last[0] < 2**63


def test_domains_round_trip_through_a_mask():
    mask = domain_mask([D.SSR, D.JUSTICE])
    assert domains_of(mask) == (D.JUSTICE, D.SSR)


def test_a_perfect_fit_scores_100_and_says_why():
    match = score(vector_for(1, profile()), need())
    assert match.score == 100
    assert (match.domains_points, match.languages_points, match.availability_points, match.remote_points) == (
        40, 30, 20, 10,
    )  # fmt: skip
    assert match.matched_domains == (D.MEDIATION,)
    assert [(f.code, f.minimum, f.speaking, f.writing) for f in match.languages] == [("fr", 5, 6, 5)]
    assert (match.window, match.notice_ok, match.days_to_start) == ("full", True, 27)


def test_domains_count_as_a_share_of_those_asked():
    match = score(vector_for(1, profile()), need(domains=(D.MEDIATION, D.SSR, D.GENDER)))
    assert match.domains_points == 13  # 40 × 1/3
    assert match.matched_domains == (D.MEDIATION,)


def test_one_level_below_the_minimum_counts_half_per_skill():
    expert = vector_for(1, profile(languages=(LanguageSkill("fr", Level.C1, Level.B1),)))
    match = score(expert, need(languages=(("fr", Level.C2),)))
    # speaking C1 for C2: ½; writing B1 for C2: 0 → (½ + 0) / 2 of 30
    assert match.languages_points == 8
    two = score(expert, need(languages=(("fr", Level.B2), ("en", Level.B2))))
    # fr: speaking 1, writing ½ → ¾; en absent → 0; 30 × (¾ + 0) / 2 = 11.25 (and en fails the filter)
    assert two.languages_points == 11
    assert not passes(expert, need(languages=(("fr", Level.B2), ("en", Level.B2))))


def test_the_filter_needs_a_common_domain_and_every_language_spoken_near_the_minimum():
    expert = vector_for(1, profile())
    assert passes(expert, need())
    assert not passes(expert, need(domains=(D.SSR,)))
    assert passes(expert, need(languages=(("en", Level.C1),)))  # B2 is one level below C1
    assert not passes(expert, need(languages=(("en", Level.C2),)))
    assert not passes(expert, need(languages=(("ar", Level.A1),)))


@pytest.mark.parametrize(
    ("available_from", "until", "notice", "window", "notice_ok", "points"),
    [
        (None, None, Notice.D7, "full", True, 20),
        (date(2027, 1, 15), date(2027, 12, 31), Notice.D30, "full", False, 10),  # 27 days < 30 days
        (date(2027, 3, 1), None, Notice.H72, "partial", True, 10),
        (None, date(2027, 1, 31), Notice.H72, "none", True, 0),
        (date(2027, 3, 1), date(2027, 3, 10), Notice.D30, "partial", False, 5),
    ],
)
def test_availability_against_the_dates_and_the_notice(
    available_from, until, notice, window, notice_ok, points
):
    expert = vector_for(1, profile(availability=Availability(available_from, until, notice, False)))
    match = score(expert, need())
    assert (match.window, match.notice_ok, match.availability_points) == (window, notice_ok, points)
    assert match.notice is notice


def test_remote_counts_only_when_the_request_allows_it():
    on_site = vector_for(1, profile(availability=Availability(None, None, Notice.D7, False)))
    remote = vector_for(2, profile())
    assert score(on_site, need(remote=False)).remote_points == 10
    assert score(on_site, need(remote=True)).remote_points == 0
    assert score(remote, need(remote=True)).remote_points == 10


def vector(
    expert_id, domains=(D.MEDIATION,), fr=Level.C2, years=5, nationality="SN", gender="woman", until=0
):
    speaking, writing = pack_levels([LanguageSkill("fr", fr, fr)])
    return ExpertVector(
        expert_id, domain_mask(domains), speaking, writing, 0, until, 72, True, years, nationality, gender
    )


def test_ranking_by_score_then_experience_then_id_after_filtering():
    experts = [
        vector(1, years=3),
        vector(2, domains=(D.SSR,)),  # filtered out: no common domain
        vector(3, years=20),
        vector(4, fr=Level.B2),  # filtered out: B2 is two below C2
        vector(5, fr=Level.C1),  # half marks on language
        vector(6, years=3),
    ]
    ranked = rank(experts, need(languages=(("fr", Level.C2),)))
    assert [m.expert_id for m in ranked] == [3, 1, 6, 5]
    assert [m.score for m in ranked] == [100, 100, 100, 85]
    assert [m.expert_id for m in rank(experts, need(languages=(("fr", Level.C2),)), limit=2)] == [3, 1]


def test_diversity_is_reported_and_never_changes_the_ranking():
    experts = [vector(i, nationality=n, gender=g) for i, (n, g) in enumerate(
        [("SN", "woman"), ("SN", "man"), ("CA", "man"), ("BE", "not_stated")], start=1
    )]  # fmt: skip
    shown = diversity(experts)
    assert shown.people == 4
    assert shown.nationalities == (("SN", 2), ("BE", 1), ("CA", 1))
    assert shown.genders == (("not_stated", 1), ("woman", 1), ("man", 2))
    assert shown.women_share == pytest.approx(1 / 3)
    swapped = [vector(e.expert_id, nationality="FR", gender="woman") for e in experts]
    assert [m.expert_id for m in rank(experts, need())] == [m.expert_id for m in rank(swapped, need())]


def test_the_anonymised_line_has_skills_but_no_identity():
    expert = profile()
    line = anonymise(1, "proposed", expert, score(vector_for(9, expert), need()))
    assert line.alias == "B"
    assert line.domains == (D.MEDIATION,)
    assert line.languages == (LanguageSkill("fr", Level.C2, Level.C1),)
    assert (line.years_band, line.missions, line.trainings, line.window) == ("10-14", 1, 1, "full")
    shown = repr(line)
    for hidden in (
        "Awa",
        "Traoré",
        "SN",
        "woman",
        "Justice",
        "awa@",
        "+221",
        "MINUSMA",
        "ML",
        "Mediation course",
        "Bamako",
    ):
        assert hidden not in shown, hidden


def test_aliases_and_year_bands():
    assert [alias(i) for i in (0, 1, 25, 26, 27, 701, 702)] == ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]
    assert [years_band(y) for y in (0, 4, 5, 9, 10, 19, 20, 45)] == [
        "0-4", "0-4", "5-9", "5-9", "10-14", "15-19", "20+", "20+",
    ]  # fmt: skip
