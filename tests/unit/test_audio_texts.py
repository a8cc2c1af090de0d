"""course_texts gathers every French text to speak from any manual- and glossary-shaped objects."""

from types import SimpleNamespace as NS

from audio.texts import course_texts, unique_texts


def fake_manual():
    unit1 = NS(
        dialogues=[
            NS(lines=[NS(fr="Bonjour, sergent."), NS(fr="Bonjour,  caporal.")]),
            NS(lines=[NS(fr="À vos ordres !"), NS(fr="Bonjour, sergent.")]),
        ],
        vocabulary=[NS(french="le caporal"), NS(french="saluer")],
        grammar=NS(examples=[NS(fr="Je suis caporal.")]),
        exercises=[NS(answer="mon capitaine"), NS(answer="le caporal")],
    )
    unit2 = NS(
        dialogues=[NS(lines=[NS(fr="Halte ! Qui va là ?")])],
        vocabulary=[NS(french="la sentinelle")],
        grammar=NS(examples=[]),
        exercises=[NS(answer="Re\u0301pe\u0301tez.")],
    )
    return NS(units=[unit1, unit2])


def fake_glossary():
    return NS(
        entries=[
            NS(french="le caporal", example="Le caporal salue."),
            NS(french="la patrouille", example=""),
            NS(french="l'ONU", example=None),
            NS(french="la sentinelle", example="La sentinelle\u00a0crie : « Halte ! »"),
        ]
    )


def test_collects_dialogues_vocabulary_examples_answers_then_glossary_in_order():
    assert course_texts(fake_manual(), fake_glossary()) == [
        "Bonjour, sergent.",
        "Bonjour, caporal.",
        "À vos ordres !",
        "le caporal",
        "saluer",
        "Je suis caporal.",
        "mon capitaine",
        "Halte ! Qui va là ?",
        "la sentinelle",
        "Répétez.",
        "Le caporal salue.",
        "la patrouille",
        "l'ONU",
        "La sentinelle crie : « Halte ! »",
    ]


def test_unique_texts_normalises_deduplicates_and_drops_empties():
    assert unique_texts(["  Oui ", "Oui", None, "", "\x00", "Non", "E\u0301tat", "État"]) == [
        "Oui",
        "Non",
        "État",
    ]


def test_the_new_kinds_are_spoken_too_and_radio_messages_listed():
    from audio.texts import radio_texts

    unit = NS(
        dialogues=[],
        vocabulary=[],
        grammar=NS(examples=[]),
        exercises=[
            NS(kind="dictation", answer="Au point Bravo.", say="Au point Bravo.", model=""),
            NS(kind="radio", answer="", say="Tango Zéro ici Tango Deux.  Parlez.", model=""),
            NS(kind="report", answer="", say="", model="Ici Tango Deux. Rien à signaler."),
        ],
    )
    manual = NS(units=[unit])
    assert course_texts(manual, NS(entries=[])) == [
        "Au point Bravo.", "Tango Zéro ici Tango Deux. Parlez.", "Ici Tango Deux. Rien à signaler.",
    ]  # fmt: skip
    assert radio_texts(manual) == ["Tango Zéro ici Tango Deux. Parlez."]
