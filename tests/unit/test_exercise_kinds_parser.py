"""The exercise kinds of issue #13 in the manual: parsed into the model, each problem reported at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons import house_rules
from lessons.model import KINDS, NEW_KINDS, OPEN_KINDS, Manual
from lessons.parser import UnitError, load_manual, parse_unit
from text.content import Text3

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "content"
KINDS_UNIT = FIXTURES / "kinds" / "course" / "05-kinds.md"
HEAD_LINES = 106  # the fixture unit up to (and with) its `## Exercises` heading


def kinds_text() -> str:
    return KINDS_UNIT.read_text(encoding="utf-8")


def unit_with(exercises: str) -> str:
    """The fixture unit with its exercises replaced by three choices, a gap, a translation and
    ``exercises``."""
    head = "\n".join(kinds_text().split("\n")[:HEAD_LINES])
    others = "".join(
        f"\n### c{n} · choice\n- en: Pick.\n- fr: Choisissez.\n- es: Elija.\n- options: oui | non\n"
        "- answer: oui\n"
        for n in range(1, 4)
    )
    others += (
        "\n### g1 · gap\n- en: Fill.\n- fr: Complétez.\n- es: Complete.\n- prompt: ___ !\n- answer: Halte\n"
    )
    others += "\n### t1 · translate\n- en: Say “Stop!”\n- fr: Dites « Halte ! ».\n- es: Diga «¡Alto!».\n"
    others += "- answer: Halte !\n"
    return f"{head}\n{others}\n{exercises}"


def errors_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(UnitError) as raised:
        parse_unit(text, "unit.md")
    return [(error.line, error.message) for error in raised.value.errors]


def messages_of(text: str) -> list[str]:
    return [message for _, message in errors_of(text)]


def test_the_kinds():
    assert OPEN_KINDS == ("dictation", "radio", "speaking", "form", "report", "roleplay")
    assert NEW_KINDS[:-1] == OPEN_KINDS and NEW_KINDS[-1] == "spot"
    assert KINDS[:5] == ("choice", "gap", "order", "reply", "translate") and KINDS[5:] == NEW_KINDS


def test_every_new_kind_parses():
    unit = parse_unit(kinds_text(), "05-kinds.md")
    assert [exercise.kind for exercise in unit.exercises] == ["choice", *NEW_KINDS]
    assert [exercise.is_open for exercise in unit.exercises] == [False] + [True] * 6 + [False]

    dictation = unit.exercise("e2")
    assert dictation.say == "Rendez-vous au point Bravo à quatorze heures trente."
    assert dictation.accepted_answers == (dictation.say, "Rendez-vous au point Bravo à 14 h 30.")

    radio = unit.exercise("e3")
    assert radio.noise == "medium" and radio.say.startswith("Tango Zéro ici Tango Deux.")
    assert [(q.number, q.label, q.accepted) for q in radio.questions] == [
        (1, Text3("Who is calling?", "Qui appelle ?", "¿Quién llama?"), ("Tango Deux",)),
        (
            2,
            Text3("Where is the contact?", "Où est le contact ?", "¿Dónde está el contacto?"),
            ("au point Bravo", "point Bravo", "Bravo"),
        ),
    ]
    assert radio.questions[1].line == 130

    speaking = unit.exercise("e4")
    assert speaking.prompt == "Tango Deux ici Tango Zéro. Comment me recevez-vous ? Parlez."
    assert (
        speaking.say == speaking.answer == "Tango Zéro ici Tango Deux. Je vous reçois cinq sur cinq. Parlez."
    )

    form = unit.exercise("e5")
    assert form.form == "medevac"
    assert form.scenario.fr.startswith("Votre patrouille") and form.scenario.get("es").startswith(
        "Su patrulla"
    )
    assert [f.label.en for f in form.fields] == [
        "Line 1: pick-up site location",
        "Line 2: radio frequency and call sign",
    ]
    assert form.fields[0].accepted == ("34T CM 508 914", "34TCM508914")

    report = unit.exercise("e6")
    assert [element.name for element in report.elements] == [
        "who",
        "what",
        "where",
        "when",
        "done",
        "request",
    ]
    assert report.elements[3].phrases == ("14 h 30", "quatorze heures trente")
    assert report.model.startswith("Ici Tango Deux.") and report.scenario.en.startswith("At 14:30")

    roleplay = unit.exercise("e7")
    assert roleplay.start == "a"
    assert [(n.id, n.outcome, [r.target for r in n.replies]) for n in roleplay.nodes] == [
        ("a", "", ["b", "c"]),
        ("b", "", ["d", "c"]),
        ("c", "fail", []),
        ("d", "success", []),
    ]
    end = roleplay.node("d")
    assert end.is_end and end.text.fr == "Le chef de poste arrive ; l'infirmier part avec une escorte."
    assert end.text.en == "The post commander comes; the medic leaves with an escort."
    assert roleplay.node("a").replies[0].text == "Halte ! Arrêtez-vous ! Montrez vos mains !"
    assert roleplay.node("zz") is None

    spot = unit.exercise("e8")
    assert (spot.error, spot.answer) == ("Terminé,", "")
    assert spot.error in spot.prompt and spot.why.fr.startswith("« Terminé » clôt")


def test_the_kinds_fixture_breaks_no_house_rule():
    unit = parse_unit(kinds_text(), str(KINDS_UNIT))
    assert house_rules.check_content(Manual((unit,)), (), {unit.path: kinds_text()}) == []


def test_house_rules_read_the_new_texts_and_a_spot_prompt_once_corrected():
    spot = (
        "### s1 · spot\n- en: Find it.\n- fr: Trouvez-la.\n- es: Encuéntrela.\n"
        "- prompt: Tango Deux à Tango Zéro, parlez.\n- error: Tango Deux à Tango Zéro\n"
        "- answer: Tango Zéro ici Tango Deux\n- why-en: The called station first.\n"
        "- why-fr: La station appelée d'abord, jamais « Tango Deux à Tango Zéro ».\n"
        "- why-es: Primero la estación llamada.\n"
    )
    bad_say = (
        "### d1 · dictation\n- en: Write.\n- fr: Écrivez.\n- es: Escriba.\n"
        "- say: Aigle 1 à Aigle 6, parlez.\n"
    )
    text = unit_with(spot + "\n" + bad_say)
    unit = parse_unit(text, "unit.md")
    errors = house_rules.check_content(Manual((unit,)), (), {"unit.md": text})
    say_line = text.split("\n").index("- say: Aigle 1 à Aigle 6, parlez.") + 1
    assert [(error.line, error.message) for error in errors] == [
        (
            say_line,
            "radio call « Aigle 1 à Aigle 6 »: the station called comes first, « Aigle 6 ici Aigle 1 »",
        ),
        (
            say_line,
            "radio call « Aigle 1 à Aigle 6, parlez »: the station called comes first, « Aigle 6 ici "
            "Aigle 1 »",
        ),
    ]


def test_a_unit_may_use_the_new_kinds_for_its_kind_count():
    text = kinds_text()
    unit = parse_unit(text, "u.md")
    assert len({exercise.kind for exercise in unit.exercises}) == 8


# --- roleplay graphs ------------------------------------------------------------------------------------


def roleplay(*lines: str) -> str:
    body = "\n".join(lines)
    return unit_with(f"### r1 · roleplay\n- en: Act.\n- fr: Agissez.\n- es: Actúe.\n{body}\n")


def node(node_id: str, text: str) -> list[str]:
    return [f"- {node_id}: {text}", f"- {node_id}-en: {node_id} en", f"- {node_id}-es: {node_id} es"]


def test_a_node_with_one_reply_or_five_is_refused():
    text = roleplay(
        "- start: a",
        *node("a", "Début."),
        "- a > b: Un.",
        *node("b", "Milieu."),
        *(f"- b > c: Réponse {n}." for n in range(5)),
        *node("c", "end partial: Fin."),
    )
    assert messages_of(text) == [
        "exercise r1: node `a` has 1 reply; 2 to 4 are expected (or `end success:`, `end partial:`, "
        "`end fail:`)",
        "exercise r1: node `b` has 5 replies; 2 to 4 are expected (or `end success:`, `end partial:`, "
        "`end fail:`)",
    ]


def test_a_node_without_replies_that_does_not_end_is_a_dead_end():
    text = roleplay(
        "- start: a", *node("a", "Début."), "- a > b: Un.", "- a > c: Deux.", *node("b", "Rien."),
        *node("c", "end success: Fin."),
    )  # fmt: skip
    assert messages_of(text) == [
        "exercise r1: node `b` has 0 replies; 2 to 4 are expected (or `end success:`, `end partial:`, "
        "`end fail:`)"
    ]


def test_a_reply_to_its_own_node_is_a_loop():
    text = roleplay(
        "- start: a", *node("a", "Début."), "- a > a: Encore.", "- a > b: Fin.", *node("b", "end fail: Fin.")
    )
    [(line, message)] = errors_of(text)
    assert message == "exercise r1: the replies go round in a loop: a → a"
    assert text.split("\n")[line - 1] == "- a > a: Encore."


def test_a_longer_loop_and_an_unreachable_node():
    text = roleplay(
        "- start: a",
        *node("a", "Début."), "- a > b: Vers b.", "- a > d: Vers d.",
        *node("b", "B."), "- b > c: Vers c.", "- b > d: Vers d.",
        *node("c", "C."), "- c > a: Retour.", "- c > d: Vers d.",
        *node("d", "end success: Fin."),
        *node("x", "end fail: Personne ne vient ici."),
    )  # fmt: skip
    assert messages_of(text) == [
        "exercise r1: the replies go round in a loop: a → b → c → a",
        "exercise r1: node `x` cannot be reached from the start `a`",
    ]


def test_reserved_keys_and_twice_given_nodes():
    text = roleplay(
        "- start: a",
        *node("a", "Début."), "- a > b: Un.", "- a > b: Deux aussi.",
        "- a: Encore le début.", "- a-fr: Non.",
        *node("b", "end success: Fin."),
    )  # fmt: skip
    first = text.split("\n").index("- a: Début.") + 1
    assert messages_of(text) == [
        f"`a` is given twice in exercise r1 (first at line {first})",
        "unknown key `a-fr` in exercise r1 (expected en, fr, es, start, <node>, <node>-en, <node>-es, "
        "<node> > <node>)",
    ]


def test_end_translations_may_repeat_the_end_marker():
    text = roleplay(
        "- start: a", *node("a", "Début."), "- a > b: Un.", "- a > c: Deux.",
        "- b: end success: Bravo.", "- b-en: end success: Well done.", "- b-es: ¡Bien!",
        *node("c", "end fail: Dommage."),
    )  # fmt: skip
    unit = parse_unit(text, "u.md")
    assert unit.exercise("r1").node("b").text == Text3("Well done.", "Bravo.", "¡Bien!")


# --- the other kinds, one rule at a time ----------------------------------------------------------------


def exercise(kind: str, *lines: str) -> str:
    body = "\n".join(lines)
    return unit_with(f"### x1 · {kind}\n- en: Do it.\n- fr: Faites-le.\n- es: Hágalo.\n{body}\n")


@pytest.mark.parametrize(
    ("kind", "lines", "expected"),
    [
        ("dictation", ["- say: Bonjour.", "- options: a | b"],
         ["unknown key `options` in exercise x1 (expected en, fr, es, say, answer, accept)"]),
        ("dictation", ["- say: Il est 14:30."],
         ['exercise x1 say: missing space before ":" in "Il est 14:30." (French writes times as 14 h 30)']),
        ("radio", ["- say: Parlez.", "- noise: low"],
         ["exercise x1: a radio exercise needs 1 to 5 questions (found 0)"]),
        ("radio", ["- say: Parlez.", "- noise: high", "- q1: Quoi? | What? | ¿Qué?", "- q1-answer: rien"],
         ['exercise x1 q1: missing space before "?" in "Quoi?"']),
        ("speaking", ["- prompt: Parlez."], ["exercise x1: missing `- say:`"]),
        ("form", ["- form: contact", "- scenario: Un contact.", "- scenario-en: A contact.",
                  "- scenario-es: Un contacto.", "- f1: Ligne 1 : quoi | Line 1: what | Línea 1: qué"],
         ["exercise x1: f1 has no `- f1-answer:`"]),
        ("form", ["- form: other", "- scenario: Un contact.", "- scenario-en: A contact.",
                  "- scenario-es: Un contacto.", "- q1: Quoi ? | What? | ¿Qué?", "- q1-answer: rien"],
         ["exercise x1: a form exercise needs 1 to 20 fields (found 0)",
          "unknown key `q1` in exercise x1 (expected en, fr, es, form, scenario, scenario-en, scenario-es, "
          "f1…f20, f1-answer…f20-answer)",
          "unknown key `q1-answer` in exercise x1 (expected en, fr, es, form, scenario, scenario-en, "
          "scenario-es, f1…f20, f1-answer…f20-answer)"]),
        ("report", ["- scenario: Rien.", "- scenario-en: Nothing.", "- scenario-es: Nada.",
                    "- who: nous", "- what: camion", "- where: pont",
                    "- model: Nous voyons un camion au pont."],
         []),
        ("spot", ["- prompt: Reçu, terminé.", "- error: terminé", "- why-en: a", "- why-fr: b",
                  "- why-es: c"],
         []),
        ("spot", ["- prompt: Reçu, terminé.", "- why-en: a", "- why-fr: b", "- why-es: c"],
         ["exercise x1: missing `- error:`"]),
    ],
)  # fmt: skip
def test_rules_of_each_kind(kind, lines, expected):
    text = exercise(kind, *lines)
    if expected:
        assert messages_of(text) == expected
    else:
        assert parse_unit(text, "u.md").exercise("x1").kind == kind


def test_a_broken_new_kind_leaves_its_unit_out_and_the_rest_loads(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    (course / "05-kinds.md").write_text(kinds_text(), encoding="utf-8")
    broken = kinds_text().replace("u05-kinds", "u06-broken").replace("number: 5", "number: 6")
    (course / "06-broken.md").write_text(broken.replace("- error: Terminé,", "- error: Fini"), "utf-8")
    manual = load_manual(tmp_path)
    assert [unit.id for unit in manual.units] == ["u05-kinds"]
    assert [(Path(e.path).name, e.line, e.message) for e in manual.errors] == [
        ("06-broken.md", 195, 'exercise e8: the error "Fini" is not part of the prompt')
    ]
