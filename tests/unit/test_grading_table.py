"""Real answers a learner types, and the verdict each one gets.

Decisions this table pins down:

* A space, or nothing, where a compound takes a hyphen («adjudant chef», «adjudantchef», «sous lieutenant»)
  is a TYPO, not EXACT: the rank is recognised and counted correct, but the learner is shown the missing
  hyphen, because French spells these ranks with it. Hyphens typed with spaces around them or as a dash
  («adjudant – chef») are only typography: EXACT.
* «quatre vingt» for «quatre-vingts» is a TYPO (hyphen and plural «s»): the number is right, the spelling
  is shown. «vingt» being a glossary word of its own does not make it a different answer (plural ending).
* Punctuation and typography are never mistakes: final «.» «!» «?», the French space before «?», curly
  apostrophes, « » quotes, capitals, extra spaces, non-breaking spaces.
* Missing accents are ACCENT_SLIP (correct, rated Hard); an accent that spells another known word
  («élevé» for «élève») is WRONG.
* Leaving out the article of a noun is accepted (EXACT); a different article is WRONG_ARTICLE.
"""

from __future__ import annotations

import pytest

from exercises.grading import Verdict, grade_answer
from exercises.terms import TermIndex

EXACT = Verdict.EXACT
ALTERNATIVE = Verdict.ALTERNATIVE
ACCENT_SLIP = Verdict.ACCENT_SLIP
TYPO = Verdict.TYPO
WRONG_ARTICLE = Verdict.WRONG_ARTICLE
WRONG = Verdict.WRONG
EMPTY = Verdict.EMPTY

# The rest of the course's French, as a learner's answer would be checked against it.
GLOSSARY = TermIndex(
    [
        # ranks and address
        "soldat", "caporal", "caporal-chef", "sergent", "sergent-chef", "maréchal des logis", "adjudant",
        "adjudant-chef", "major", "aspirant", "sous-lieutenant", "lieutenant", "capitaine", "commandant",
        "lieutenant-colonel", "colonel", "général de brigade", "général de division",
        "général de corps d'armée", "général d'armée", "mon lieutenant", "mon colonel", "mon capitaine",
        "l'adjudant",
        # NATO alphabet
        "Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett", "Kilo",
        "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango", "Uniform",
        "Victor", "Whiskey", "X-ray", "Yankee", "Zulu",
        # radio
        "Parlez", "parler", "Terminé", "Reçu", "ici", "Comment me recevez-vous ?",
        "Je vous reçois cinq sur cinq.",
        # units, camp, equipment
        "la section", "le groupe", "la compagnie", "le bataillon", "le régiment", "l'état-major", "le char",
        "le chat", "la patrouille", "le poste de commandement", "l'arme", "armé", "l'élève", "élevé",
        "les Casques bleus", "la relève", "le convoi", "le blessé",
        # numbers and time
        "cinq", "six", "vingt", "quatre-vingts", "quatre-vingt-dix", "soixante-dix", "septante",
        "quatorze heures trente", "quatorze heures", "trente",
        # UN
        "ONU", "MINUSMA", "MINUSCA", "MONUSCO", "FINUL", "Union africaine",
    ]
)  # fmt: skip

TABLE = [
    # --- ranks: another rank is never a typo
    ("caporal", ["caporal-chef"], WRONG),
    ("caporal-chef", ["caporal"], WRONG),
    ("sergent", ["sergent-chef"], WRONG),
    ("lieutenant", ["lieutenant-colonel"], WRONG),
    ("lieutenant", ["sous-lieutenant"], WRONG),
    ("commandant", ["capitaine"], WRONG),
    ("général de division", ["général de brigade"], WRONG),
    ("Caporal-Chef", ["caporal-chef"], EXACT),
    ("sergant", ["sergent"], TYPO),
    ("sergnet", ["sergent"], TYPO),
    ("capitain", ["capitaine"], TYPO),
    ("adjudant chef", ["adjudant-chef"], TYPO),
    ("adjudantchef", ["adjudant-chef"], TYPO),
    ("adjudant – chef", ["adjudant-chef"], EXACT),
    ("sous lieutenant", ["sous-lieutenant"], TYPO),
    ("marechal des logis", ["maréchal des logis"], ACCENT_SLIP),
    ("general de brigade", ["général de brigade"], ACCENT_SLIP),
    ("Mon colonel !", ["mon colonel"], EXACT),
    ("mon colonnel", ["mon colonel"], TYPO),
    # --- NATO alphabet
    ("Quebec", ["Québec"], ACCENT_SLIP),
    ("QUÉBEC", ["Québec"], EXACT),
    ("Romeo", ["Roméo"], ACCENT_SLIP),
    ("Zulu", ["Zoulou", "Zulu"], ALTERNATIVE),
    ("zoulou", ["Zoulou", "Zulu"], EXACT),
    ("Alpha", ["Alfa", "Alpha"], ALTERNATIVE),
    ("Juliet", ["Juliett"], TYPO),
    ("whisky", ["Whiskey"], TYPO),
    ("Charly", ["Charlie"], TYPO),
    ("x ray", ["X-ray"], TYPO),
    ("Oscar", ["Tango"], WRONG),
    # --- radio
    ("recu", ["Reçu"], ACCENT_SLIP),
    ("Reçu.", ["Reçu"], EXACT),
    ("« Reçu »", ["Reçu"], EXACT),
    ("termine", ["Terminé"], ACCENT_SLIP),
    ("TERMINÉ !", ["Terminé"], EXACT),
    ("Parler", ["Parlez"], WRONG),  # «parler» is a word of its own, not a slip of «parlez»
    ("Comment me recevez-vous?", ["Comment me recevez-vous ?"], EXACT),
    ("comment me recevez-vous\u202f?", ["Comment me recevez-vous ?"], EXACT),
    ("Comment me recevez vous ?", ["Comment me recevez-vous ?"], TYPO),
    ("Comment recevez-vous ?", ["Comment me recevez-vous ?"], WRONG),
    ("je vous recois cinq sur cinq", ["Je vous reçois cinq sur cinq."], ACCENT_SLIP),
    ("Je vous reçois six sur cinq", ["Je vous reçois cinq sur cinq."], WRONG),
    # --- articles
    ("le section", ["la section"], WRONG_ARTICLE),
    ("une section", ["la section"], WRONG_ARTICLE),
    ("le sectoin", ["la section"], WRONG_ARTICLE),
    ("section", ["la section"], EXACT),
    ("sectoin", ["la section"], TYPO),
    ("La Section", ["la section"], EXACT),
    ("le adjudant", ["l'adjudant"], WRONG_ARTICLE),
    ("l’adjudant", ["l'adjudant"], EXACT),
    ("l' adjudant", ["l'adjudant"], EXACT),
    ("l adjudant", ["l'adjudant"], TYPO),
    ("etat-major", ["l'état-major"], ACCENT_SLIP),
    ("Casques bleus", ["les Casques bleus"], EXACT),
    ("la patrouille", ["patrouille"], EXACT),
    ("le patrouille", ["patrouille"], WRONG_ARTICLE),  # the glossary knows «la patrouille»
    ("le relève", ["la relève"], WRONG_ARTICLE),
    # --- char is not chat
    ("chat", ["char"], WRONG),
    ("le chat", ["le char"], WRONG),
    ("chra", ["char"], TYPO),
    # --- élève
    ("eleve", ["élève"], ACCENT_SLIP),
    ("Élève", ["élève"], EXACT),
    ("élevé", ["élève"], WRONG),
    ("arme", ["armé"], ACCENT_SLIP),
    # --- numbers and time
    ("quatre vingt", ["quatre-vingts"], TYPO),
    ("quatre-vingt", ["quatre-vingts"], TYPO),
    ("quatre-vingt-dix", ["quatre-vingts"], WRONG),
    ("septante", ["soixante-dix", "septante"], ALTERNATIVE),
    ("soixante-dix", ["quatre-vingt-dix"], WRONG),
    ("quatorze heures trente", ["quatorze heures trente", "14 h 30"], EXACT),
    ("14 h 30", ["quatorze heures trente", "14 h 30"], ALTERNATIVE),
    ("quatorze heure trente", ["quatorze heures trente", "14 h 30"], TYPO),
    ("quatorse heures trente", ["quatorze heures trente", "14 h 30"], TYPO),
    ("quatorze heures", ["quatorze heures trente", "14 h 30"], WRONG),
    ("14 h 40", ["quatorze heures trente", "14 h 30"], WRONG),
    # --- spacing, capitals, blanks, acronyms
    ("   Sergent   ", ["sergent"], EXACT),
    ("\u00a0caporal\u00a0chef", ["caporal-chef"], TYPO),
    ("CAPORAL-CHEF", ["caporal-chef"], EXACT),
    ("onu", ["ONU"], EXACT),
    ("UNO", ["ONU"], WRONG),
    ("MINUSCA", ["MINUSMA"], WRONG),
    ("", ["sergent"], EMPTY),
    ("   ", ["sergent"], EMPTY),
    ("?", ["sergent"], EMPTY),
]


@pytest.mark.parametrize(("given", "accepted", "verdict"), TABLE, ids=[row[0] or "<blank>" for row in TABLE])
def test_real_answers(given, accepted, verdict):
    grade = grade_answer(given, accepted, GLOSSARY)
    assert grade.verdict is verdict, (grade.verdict, grade.details, grade.other_term)
    assert grade.correct == (verdict in {EXACT, ALTERNATIVE, ACCENT_SLIP, TYPO})
    assert grade.expected == accepted[0]


def test_the_table_is_big_enough():
    assert len(TABLE) >= 40
    assert {row[2] for row in TABLE} == set(Verdict)


@pytest.mark.parametrize(("given", "accepted", "verdict"), TABLE[:20])
def test_a_plain_list_of_known_terms_grades_like_the_index(given, accepted, verdict):
    assert grade_answer(given, accepted, list(GLOSSARY.terms)).verdict is verdict
