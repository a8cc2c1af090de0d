"""The Markdown manual parser: a valid unit becomes typed values; every problem is reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.model import KINDS, Manual
from lessons.parser import UnitError, load_manual, parse_unit
from text.content import ContentError, Text3
from text.french import category_problems, missing_spaces, normalize_pos, slug
from text.markdown_cells import split_cells

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "content"
VALID = FIXTURES / "valid" / "course"
MALFORMED = FIXTURES / "malformed"


def valid_text(name: str = "01-ranks.md") -> str:
    return (VALID / name).read_text(encoding="utf-8")


def errors_of(text: str, path: str = "unit.md") -> list[tuple[int, str]]:
    with pytest.raises(UnitError) as raised:
        parse_unit(text, path)
    assert all(error.path == path for error in raised.value.errors)
    return [(error.line, error.message) for error in raised.value.errors]


# --- a valid unit -------------------------------------------------------------------------------------------


def test_valid_unit_front_matter_goals_and_dialogues():
    unit = parse_unit(valid_text(), "course/01-ranks.md")

    assert (unit.id, unit.number, unit.level, unit.path) == ("u01-ranks", 1, "A1", "course/01-ranks.md")
    assert unit.title == Text3(
        "Ranks and forms of address", "Les grades et les appellations", "Los grados y el tratamiento"
    )
    assert len(unit.goals) == 4
    assert unit.goals[0].fr == "Je peux dire mon grade et mon nom."
    assert [dialogue.title for dialogue in unit.dialogues] == ["Arrivée au camp", "Au bureau du capitaine"]
    first = unit.dialogues[0]
    assert first.situation.es == "Un cabo llega al campamento y se presenta al sargento de guardia."
    assert len(first.lines) == 10
    line = first.lines[0]
    assert (line.speaker, line.fr, line.line) == (
        "Caporal Silva",
        "Bonjour, sergent. Caporal Silva, à vos ordres !",
        31,
    )
    assert line.gloss("es") == "Buenos días, sargento. ¡Cabo Silva, a sus órdenes!"
    assert line.gloss("fr") == line.gloss("en") == "Good morning, sergeant. Corporal Silva, reporting!"
    assert len(unit.dialogue_lines) == 20
    assert unit.dialogue_lines[-1].fr == "Alors, rompez !"


def test_valid_unit_vocabulary():
    unit = parse_unit(valid_text(), "01-ranks.md")

    assert len(unit.vocabulary) == 26
    by_french = {entry.french: entry for entry in unit.vocabulary}
    chief = by_french["le caporal-chef"]
    assert chief.id == "u01-ranks/le-caporal-chef"
    assert (chief.pos, chief.english, chief.spanish, chief.unit_id, chief.line) == (
        "m",
        "senior corporal",
        "cabo primero",
        "u01-ranks",
        68,
    )
    assert chief.note == "OR-4 | written CCH"  # an escaped pipe inside a cell
    assert by_french["l'adjudant"].id == "u01-ranks/l-adjudant"
    assert by_french["saluer"].gloss("es") == "saludar"
    assert by_french["saluer"].gloss("en") == "to salute; to greet"
    assert by_french["à vos ordres"].id == "u01-ranks/a-vos-ordres"
    assert by_french["la recrue"].is_noun and not by_french["repos"].is_noun


def test_valid_unit_grammar_culture_and_exercises():
    unit = parse_unit(valid_text(), "01-ranks.md")

    assert unit.grammar.title.fr == "S'adresser à un supérieur : mon + grade"
    # the body is Markdown, kept whole, with a heading-like line inside a code fence
    assert unit.grammar.body.en.startswith("A man addresses a male officer")
    assert "## not a section: inside a code block" in unit.grammar.body.en
    assert unit.grammar.body.es.startswith("Un hombre se dirige")
    assert [example.fr for example in unit.grammar.examples][:2] == [
        "À vos ordres, mon capitaine !",
        "Merci, sergent.",
    ]
    assert unit.culture.title.en == "Women officers"
    assert len(unit.culture.examples) == 1

    assert [exercise.local_id for exercise in unit.exercises] == ["e1", "e2", "e3", "e4", "e5", "e6"]
    choice = unit.exercise("e1")
    assert choice is not None
    assert (choice.id, choice.kind, choice.line) == ("u01-ranks#e1", "choice", 143)
    assert choice.options == ("mon capitaine", "capitaine-chef", "mon caporal")
    assert choice.prompt == "Bonjour, ___ !"
    assert choice.instruction.get("es") == "Entra un capitán. ¿Qué dice usted?"
    assert choice.accepted_answers == ("mon capitaine",)
    reply = unit.exercise("e4")
    assert reply is not None
    assert reply.accepted_answers == ("Merci, sergent.", "Merci, sergent !", "Merci beaucoup, sergent.")
    assert unit.exercise("e99") is None
    assert {exercise.kind for exercise in unit.exercises} <= set(KINDS)


def test_text3_falls_back_to_english():
    text = Text3("Hello", "", "Hola")
    assert text.get("es") == "Hola"
    assert text.get("fr") == "Hello"  # empty → English
    assert text.get("de") == "Hello"  # unknown language → English


def test_both_valid_fixture_units_parse():
    for path in sorted(VALID.glob("*.md")):
        assert parse_unit(path.read_text(encoding="utf-8"), str(path)).path == str(path)


# --- malformed units: one file per family of errors, every error with its line ------------------------------

EXPECTED = {
    "front-matter.md": [
        (1, "missing front-matter key `title_es`"),
        (2, 'bad unit id "u00 first contact": use letters, digits and - only'),
        (3, 'number must be an integer, not "zéro"'),
        (4, 'unknown level "C1" (expected A1, A2, B1, B2)'),
        (7, "unknown front-matter key `topic` (expected id, number, level, title_en, title_fr, title_es)"),
        (8, "front matter lines are `key: value`, not: draft"),
        (9, "front-matter key `level` is given twice (first at line 4)"),
    ],
    "no-front-matter.md": [
        (
            1,
            "the file must start with front matter between `---` lines "
            "(id, number, level, title_en, title_fr, title_es)",
        ),
    ],
    "sections.md": [
        (1, "missing section `## Dialogue: <title>` (at least one)"),
        (1, "missing section `## Culture`"),
        (12, "text outside any ## section: Une introduction perdue."),
        (22, "section `## Goals` appears twice (first at line 14)"),
        (
            82,
            "unknown section `## Notes` (expected Goals, Dialogue: <title>, Vocabulary, Grammar, Culture, "
            "Exercises)",
        ),
    ],
    "goals.md": [
        (12, "## Goals has 7 goals; 3 to 6 are expected"),
        (18, "goal: empty es cell"),
        (24, "unexpected text in ## Goals: Voir aussi l'unité 2."),
    ],
    "dialogue.md": [
        (20, 'dialogue "Premier contact au poste": missing `- es:` (the situation in es)'),
        (20, 'dialogue "Premier contact au poste" has 9 lines; at least 10 are expected'),
        (24, 'unknown key `de` in dialogue "Premier contact au poste" (expected en, fr, es)'),
        (32, "dialogue: empty en gloss"),
        (33, "dialogue: empty speaker cell"),
        (34, "dialogue: empty French cell"),
        (38, "a dialogue needs a French title: `## Dialogue: <title>`"),
        (44, "the table header of dialogue must be `speaker | fr | en | es`, not `speaker | fr | en`"),
    ],
    "vocabulary.md": [
        (39, "## Vocabulary has 24 rows; at least 25 are expected"),
        (
            50,
            '"le nom" has no gender: write m, f, m/f, m pl or f pl for a noun (or its category: v, adj, adv, '
            "expr…)",
        ),
        (
            51,
            '"le prénom" has the gender "n": write m, f, m/f, m pl or f pl for a noun (or its category: v, '
            "adj, adv, expr…)",
        ),
        (
            52,
            'unknown gender code "nf" for "la nationalité" (expected one of m, f, m/f, m pl, f pl, v, adj, '
            "adv, prep, conj, pron, num, interj, expr)",
        ),
        (53, 'the noun "pays" must start with its article: le, la, l\' or les'),
        (54, "vocabulary: empty es gloss"),
        (55, "vocabulary: empty French cell"),
        (56, 'duplicate vocabulary term "Bonjour" (same id as "bonjour"), first at line 43'),
        (57, "row has 4 cells, the header has 5"),
        (
            58,
            'the noun "l’armée" must start with its article: le, la, l\' or les '
            "(with a straight apostrophe: l')",
        ),
    ],
    "tables.md": [
        (14, "the table of ## Goals needs a `|---|` line under its header"),
        (19, "## Goals has a second table; only one is expected"),
        (
            44,
            "the table header of ## Vocabulary must be `fr | gender | en | es | note`, "
            "not `fr | en | es | gender | note`",
        ),
    ],
    "notes.md": [
        (69, "## Grammar: missing `- title_fr:`"),
        (69, "## Grammar: missing `### es`"),
        (69, "## Grammar: missing `### examples` (a table `fr | en | es`)"),
        (85, "unknown key `subtitle` in ## Culture (expected title_en, title_fr, title_es)"),
        (87, "unexpected text in ## Culture: Lisez ceci."),
        (92, "`### fr` of ## Culture is empty"),
        (98, "unknown subsection `### de` in ## Culture (expected en, fr, es, examples)"),
        (101, "`### en` appears twice in ## Culture (first at line 89)"),
    ],
    "exercises.md": [
        (
            108,
            "exercise e1: unknown kind `match` (expected one of choice, gap, order, reply, translate, "
            "dictation, radio, speaking, form, report, roleplay, spot)",
        ),
        (114, "exercise e2: a choice exercise needs `- options: a | b | c`"),
        (124, "exercise e3: a gap prompt must contain `___` exactly once (found 2)"),
        (132, 'exercise e4: the answer "Salut." is not one of the options'),
        (134, "exercise e5: missing `- fr:`"),
        (134, "exercise e5: missing `- answer:`"),
        (139, "duplicate exercise id e4 (first at line 127)"),
        (145, "an exercise heading is `### <id> · <kind>`, not `### e7 - order`"),
        (155, "exercise e8: a gap prompt must contain `___` exactly once (found 0)"),
        (162, "unknown key `hint` in exercise e9 (expected en, fr, es, prompt, options, answer, accept)"),
        (164, "unexpected text in exercise e9: Attention aux majuscules."),
    ],
    "kinds.md": [
        (108, "exercise e1: missing `- say:`"),
        (
            112,
            'exercise e1 accept: missing space before ":" in "Rendez-vous à 14:30." (French w'
            "rites times as 14 h 30)",
        ),
        (114, "exercise e2: question q2 is missing (questions are numbered q1, q2, … without gaps)"),
        (119, 'exercise e2: unknown noise level "loud" (expected low, medium, high)'),
        (120, "exercise e2: q1 must be `French | English | Spanish` (found 2 parts)"),
        (122, "exercise e2: q3 has no `- q3-answer:`"),
        (123, "exercise e2: `- q4-answer:` without `- q4:`"),
        (
            124,
            "unknown key `hint` in exercise e2 (expected en, fr, es, say, noise, q1…q5, q1-answer…q5-answer)",
        ),
        (126, "exercise e3: missing `- noise:` (one of low, medium, high)"),
        (126, "exercise e3: a radio exercise needs 1 to 5 questions (found 6)"),
        (144, "exercise e4: missing `- scenario-en:`"),
        (144, "exercise e4: missing `- scenario-es:`"),
        (144, "exercise e4: field f2 is missing (fields are numbered f1, f2, … without gaps)"),
        (148, 'exercise e4: unknown form "casevac" (expected medevac, contact, ied, other)'),
        (
            155,
            "exercise e5: a report needs at least 3 of the elements who, what, where, when, d"
            "one, request (found 2)",
        ),
        (155, "exercise e5: missing `- model:`"),
        (163, "exercise e5: `- what:` lists no phrase"),
        (
            164,
            "unknown key `why` in exercise e5 (expected en, fr, es, scenario, scenario-en, sc"
            "enario-es, who, what, where, when, done, request, model)",
        ),
        (178, "exercise e6: the replies go round in a loop: a → b → a"),
        (180, 'exercise e6: node `c`: unknown outcome "win" (expected success, partial, fail)'),
        (180, "exercise e6: node `c` needs `- c-es:`"),
        (182, "exercise e6: node `d` ends the scenario but has replies"),
        (182, "exercise e6: node `d` cannot be reached from the start `a`"),
        (186, "exercise e6: `e-en` translates an unknown node `e`"),
        (187, "exercise e6: the reply leads to an unknown node `z`"),
        (189, "exercise e7: missing `- why-es:`"),
        (194, 'exercise e7: the error "Terminé" is not part of the prompt'),
        (
            203,
            'exercise e8 prompt (corrected): missing space before "!" in "Tango Zéro ici Tang'
            'o Deux. Reçu. Parlez!"',
        ),
        (205, "exercise e8: the correction is the error itself"),
        (210, "exercise e9: missing `- start:` (the id of the first node)"),
        (210, "exercise e9: a roleplay needs nodes (`- a: …`) and replies (`- a > b: …`)"),
    ],
    "exercises-few.md": [
        (106, "## Exercises has 5 exercises; at least 6 are expected"),
        (106, "## Exercises uses 2 kinds (choice, gap); at least 3 are expected"),
    ],
    "typography.md": [
        # French written for the learner: titles, goals, situations, instructions
        (6, 'title_fr: missing space before ":" in "Premier contact: l\'accueil"'),
        (18, 'goal fr: missing space before ";" in "Je peux remercier; je peux dire au revoir."'),
        (
            23,
            'dialogue "Premier contact au poste" situation fr: missing space before ":" in '
            '"Une lieutenante arrive: elle se présente."',
        ),
        # course French: dialogue lines, vocabulary, examples, prompts, answers, accepted answers, options
        (
            32,
            'dialogue fr: missing space before "?" in '
            '"D\'accord. Quelle est votre nationalité? Vous êtes... urugua…"',
        ),
        (61, 'vocabulary fr: missing space before "!" in "d\'accord!"'),
        (72, '## Grammar title_fr: missing space before ":" in "Le verbe être: je suis, vous êtes"'),
        (88, 'example fr: missing space before ":" in "Attention: je suis le sergent Diallo."'),
        (
            119,
            'exercise e2 prompt: missing space before ";" and ":" in '
            '"Je ___ le sergent Diallo; rendez-vous à 14:30." (French writes times as 14 h 30)',
        ),
        (133, 'exercise e4 answer: missing space before "!" in "De rien, lieutenant!"'),
        (134, 'exercise e4 accept: missing space before "!" in "De rien!"'),
        (145, 'exercise e6 fr: missing space before "?" in "Vous n\'avez pas compris. Que dites-vous?"'),
        (147, 'exercise e6 options: missing space before "!" in "Au revoir!"'),
    ],
}


def test_every_malformed_fixture_is_checked():
    assert sorted(path.name for path in MALFORMED.glob("*.md")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_unit_reports_every_error_with_its_line(name):
    text = (MALFORMED / name).read_text(encoding="utf-8")
    assert errors_of(text, f"course/{name}") == EXPECTED[name]


def test_unit_error_message_lists_path_line_message():
    with pytest.raises(UnitError) as raised:
        parse_unit((MALFORMED / "goals.md").read_text(encoding="utf-8"), "course/goals.md")
    assert str(raised.value).splitlines() == [
        "course/goals.md:12: ## Goals has 7 goals; 3 to 6 are expected",
        "course/goals.md:18: goal: empty es cell",
        "course/goals.md:24: unexpected text in ## Goals: Voir aussi l'unité 2.",
    ]
    assert str(ContentError("a.md", 3, "boom")) == "a.md:3: boom"


# --- details of the format ----------------------------------------------------------------------------------


def test_front_matter_not_closed():
    text = valid_text().replace("title_es: Los grados y el tratamiento\n---\n", "title_es: Los grados\n", 1)
    assert errors_of(text) == [(1, "the front matter is not closed by a `---` line")]


def test_front_matter_values_may_be_quoted_and_contain_colons():
    text = valid_text().replace(
        "title_en: Ranks and forms of address", 'title_en: "Ranks: forms of address"', 1
    )
    assert parse_unit(text, "u.md").title.en == "Ranks: forms of address"


def test_key_values_may_contain_colons():
    text = valid_text().replace(
        "- answer: mon capitaine", "- answer: mon capitaine\n- accept: note : mon capitaine"
    )
    exercise = parse_unit(text, "u.md").exercise("e1")
    assert exercise is not None and exercise.accept == ("note : mon capitaine",)


def test_html_comments_are_allowed():
    text = valid_text().replace("## Vocabulary\n", "## Vocabulary\n\n<!-- ranks first -->\n", 1)
    assert len(parse_unit(text, "u.md").vocabulary) == 26


def test_choice_with_a_single_option():
    text = valid_text().replace(
        "- options: mon capitaine | capitaine-chef | mon caporal", "- options: mon capitaine"
    )
    assert errors_of(text) == [(148, "exercise e1: a choice exercise needs at least 2 options")]


def test_empty_file_reports_front_matter_and_sections():
    assert errors_of("") == [
        (
            1,
            "the file must start with front matter between `---` lines "
            "(id, number, level, title_en, title_fr, title_es)",
        ),
        (1, "missing section `## Goals`"),
        (1, "missing section `## Dialogue: <title>` (at least one)"),
        (1, "missing section `## Vocabulary`"),
        (1, "missing section `## Grammar`"),
        (1, "missing section `## Culture`"),
        (1, "missing section `## Exercises`"),
    ]


def test_line_numbers_with_windows_line_ends_a_byte_order_mark_and_unicode_line_separators():
    text = (MALFORMED / "goals.md").read_text(encoding="utf-8")
    text = text.replace("| Goal 4. |", "| Goal\u2028 4. |")  # not a line break for an editor
    expected = [
        (12, "## Goals has 7 goals; 3 to 6 are expected"),
        (18, "goal: empty es cell"),
        (24, "unexpected text in ## Goals: Voir aussi l'unité 2."),
    ]
    assert errors_of("\ufeff" + text.replace("\n", "\r\n")) == expected


def test_split_cells_handles_escaped_pipes_and_missing_outer_pipes():
    assert split_cells("| a | b \\| c |  |") == ["a", "b | c", ""]
    assert split_cells("a | b") == ["a", "b"]


cell_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12).map(str.strip)


@given(st.lists(cell_text, min_size=1, max_size=6))
def test_split_cells_round_trips_escaped_cells(cells):
    row = "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
    assert split_cells(row) == cells


@pytest.mark.parametrize(
    ("french", "missing"),
    [
        ("Halte ! Qui va là ?", []),
        ("Halte\u202f! Qui va là\u00a0?", []),  # narrow and ordinary no-break spaces
        ("Quoi ?!", []),
        ("Voir https://example.org/a?b=1;c=2 : merci.", []),
        ("Halte! Qui va là?", ["!", "?"]),
        ("Rendez-vous à 14:30 .", [":"]),
        ("Attention; danger", [";"]),
    ],
)
def test_missing_spaces(french, missing):
    assert missing_spaces(french) == missing


@given(st.text())
def test_slug_is_ascii_lowercase_words(text):
    result = slug(text)
    assert result == "" or all(part and (part.isascii() and part.isalnum()) for part in result.split("-"))
    assert result == result.lower()


def test_slug_folds_accents_and_ligatures():
    assert slug("l'État-major") == "l-etat-major"
    assert slug("le cœur") == "le-coeur"
    assert slug("  À vos ordres !  ") == "a-vos-ordres"


def test_categories():
    assert normalize_pos(" M  PL ") == "m pl"
    assert normalize_pos("m / f") == "m/f"
    assert category_problems("le caporal", "m") == []
    assert category_problems("les rations", "f pl") == []
    assert category_problems("ONU", "f", abbreviation=True) == []
    assert category_problems("saluer", "v") == []
    assert category_problems("caporal", "m") == [
        'the noun "caporal" must start with its article: le, la, l\' or les'
    ]


# --- the whole manual ---------------------------------------------------------------------------------------


def make_content(tmp_path: Path, files: dict[str, str]) -> Path:
    content = tmp_path / "content"
    (content / "course").mkdir(parents=True)
    for name, text in files.items():
        (content / "course" / name).write_text(text, encoding="utf-8")
    return content


def test_load_manual_sorts_units_by_number(tmp_path):
    content = make_content(
        tmp_path, {"00-late.md": valid_text("01-ranks.md"), "01-early.md": valid_text("00-first-contact.md")}
    )
    manual = load_manual(content)
    assert manual.errors == ()
    assert [unit.id for unit in manual.units] == ["u00-first-contact", "u01-ranks"]
    assert len(manual.vocabulary) == 25 + 26
    assert manual.vocabulary[0].id == "u00-first-contact/bonjour"
    assert manual.unit("u01-ranks") is manual.units[1]
    assert manual.unit("u99-nothing") is None
    exercise = manual.exercise("u01-ranks#e2")
    assert exercise is not None and exercise.answer == "ordres"
    assert manual.exercise("u01-ranks#e42") is None and manual.exercise("nope") is None


def test_load_manual_keeps_valid_units_when_one_file_is_broken(tmp_path):
    content = make_content(
        tmp_path,
        {
            "00-first-contact.md": valid_text("00-first-contact.md"),
            "01-ranks.md": valid_text("01-ranks.md"),
            "02-broken.md": (MALFORMED / "goals.md").read_text(encoding="utf-8"),
        },
    )
    manual = load_manual(content)
    assert [unit.id for unit in manual.units] == ["u00-first-contact", "u01-ranks"]
    broken = str(content / "course" / "02-broken.md")
    assert [(error.path, error.line) for error in manual.errors] == [(broken, 12), (broken, 18), (broken, 24)]


def test_load_manual_reports_duplicate_unit_ids_and_numbers(tmp_path):
    other_number = valid_text("01-ranks.md").replace("number: 1\n", "number: 7\n", 1)
    other_id = valid_text("00-first-contact.md").replace("id: u00-first-contact", "id: u07-extra", 1)
    content = make_content(
        tmp_path,
        {
            "00-first-contact.md": valid_text("00-first-contact.md"),
            "01-ranks.md": valid_text("01-ranks.md"),
            "02-ranks-again.md": other_number,
            "03-extra.md": other_id,
        },
    )
    manual = load_manual(content)
    assert [unit.id for unit in manual.units] == ["u00-first-contact", "u01-ranks"]
    course = content / "course"
    assert manual.errors == (
        ContentError(
            str(course / "02-ranks-again.md"), 2, "duplicate unit id u01-ranks (already used by 01-ranks.md)"
        ),
        ContentError(
            str(course / "03-extra.md"), 3, "duplicate unit number 0 (already used by 00-first-contact.md)"
        ),
    )


def test_load_manual_reports_a_file_that_is_not_utf8(tmp_path):
    content = make_content(tmp_path, {"01-ranks.md": valid_text("01-ranks.md")})
    (content / "course" / "02-latin1.md").write_bytes("é".encode("latin-1"))
    manual = load_manual(content)
    assert [unit.id for unit in manual.units] == ["u01-ranks"]
    assert len(manual.errors) == 1
    assert manual.errors[0].line == 1
    assert manual.errors[0].message.startswith("not valid UTF-8")


def test_load_manual_without_a_course_directory(tmp_path):
    assert load_manual(tmp_path) == Manual((), ())


def test_load_manual_on_the_valid_fixtures():
    manual = load_manual(FIXTURES / "valid")
    assert manual.errors == ()
    assert [unit.id for unit in manual.units] == ["u00-first-contact", "u01-ranks"]
