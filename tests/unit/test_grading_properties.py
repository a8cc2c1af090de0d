"""Properties of normalisation and grading that must hold for any text."""

from __future__ import annotations

import unicodedata

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from app_pages.markdown import diff_markdown
from exercises.grading import Verdict, grade_answer, rating_for
from text.normalise import fold_accents, normalise, search_key

ACCENTED = "éèêëàâäîïôöùûüçÿœæ"
FRENCH_LETTERS = "abcdefghijklmnopqrstuvwxyz" + ACCENTED
CORRECT = {Verdict.EXACT, Verdict.ALTERNATIVE, Verdict.ACCENT_SLIP, Verdict.TYPO}

# Text that looks like what learners and content authors type: French letters (both cases), spaces of
# every kind, hyphens and dashes, apostrophes and quotes, final punctuation.
french_text = st.text(
    alphabet=st.sampled_from(
        list(FRENCH_LETTERS + FRENCH_LETTERS.upper() + "    -–—'’«»?!.:;")
        + ["\u00a0", "\u202f", "\t", "\u2011"]
    ),
    max_size=40,
)
# Anything at all, surrogates and control characters included.
any_text = st.text(alphabet=st.characters(codec=None), max_size=60)
words = st.text(alphabet=st.sampled_from(FRENCH_LETTERS), min_size=1, max_size=14)
ONE_CHAR_LETTERS = FRENCH_LETTERS.replace("œ", "").replace("æ", "")  # a ligature folds to two letters
one_char_words = st.text(alphabet=st.sampled_from(ONE_CHAR_LETTERS), min_size=4, max_size=14)


def _strip_some_accents(text: str, which: list[bool]) -> str:
    out = []
    for char, strip in zip(text, which + [True] * len(text), strict=False):
        out.append(fold_accents(char) if strip and char in ACCENTED + ACCENTED.upper() else char)
    return "".join(out)


@given(st.one_of(french_text, any_text))
@example("  L’ Adjudant\u00a0- chef  !")
@example('"«\u00a0Reçu\u00a0» !"')
@example("\u01f0")  # ǰ: case folding decomposes, NFC recomposes
@example("a \ufe56")  # small question mark: folding turns it into "?"
@example("ß")
def test_normalisation_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once
    assert normalise(text, keep_case=True) == normalise(normalise(text, keep_case=True), keep_case=True)
    assert fold_accents(fold_accents(text)) == fold_accents(text)
    key = search_key(text)
    assert search_key(key) == key


@given(st.one_of(french_text, any_text))
def test_normalised_text_is_clean(text):
    result = normalise(text)
    assert result == result.strip()
    assert "  " not in result
    assert not result.endswith((".", "!", "?"))
    assert " -" not in result and "- " not in result and " '" not in result and "' " not in result
    assert all(unicodedata.category(c) not in {"Cc", "Cf", "Cs"} for c in result)
    assert unicodedata.is_normalized("NFC", result)


@given(st.one_of(french_text, any_text))
def test_an_accepted_answer_is_exact(text):
    assume(normalise(text))
    grade = grade_answer(text, [text])
    assert grade.verdict is Verdict.EXACT and grade.correct
    assert rating_for(grade, None) == 3


@given(french_text, st.lists(st.booleans(), max_size=40))
def test_an_answer_with_accents_left_out_is_exact_or_an_accent_slip(text, which):
    assume(normalise(text))
    grade = grade_answer(_strip_some_accents(text, which), [text])
    assert grade.verdict in {Verdict.EXACT, Verdict.ACCENT_SLIP}
    assert grade.correct


@given(french_text)
def test_an_answer_with_no_accents_at_all_is_forgiven_even_when_it_is_another_known_word(text):
    assume(normalise(text))
    stripped = fold_accents(text)
    grade = grade_answer(stripped, [text], [stripped, text])
    assert grade.verdict in {Verdict.EXACT, Verdict.ACCENT_SLIP}


@settings(max_examples=300)
@given(st.one_of(french_text, any_text), st.one_of(french_text, any_text), st.lists(any_text, max_size=5))
def test_grading_never_raises(answer, accepted, known):
    assume(normalise(accepted))
    grade = grade_answer(answer, [accepted, answer[::-1]], known)
    assert isinstance(diff_markdown(grade.diff), str)
    assert grade.correct == (grade.verdict in CORRECT)
    assert 1 <= rating_for(grade, 1.0) <= 4


@settings(max_examples=300)
@given(st.one_of(words, french_text), st.one_of(words, french_text))
def test_a_known_different_term_is_never_accepted_as_a_typo(term, other):
    assume(normalise(term) and normalise(other) and search_key(term) != search_key(other))
    grade = grade_answer(other, [term], [term, other])
    assert grade.verdict is not Verdict.TYPO
    if grade.correct:  # only the same noun with its article left out or added may pass
        assert grade.verdict is Verdict.EXACT
        assert search_key(term).endswith(search_key(other)) or search_key(other).endswith(search_key(term))


@given(words, words)
def test_diff_rebuilds_both_answers(answer, expected):
    grade = grade_answer(answer, [expected])
    given_side = "".join(text for op, text, _ in grade.diff if op in {"equal", "delete", "replace"})
    expected_side = "".join(
        correction if op == "replace" else text for op, text, correction in grade.diff if op != "delete"
    )
    assert normalise(given_side) == normalise(answer)
    assert normalise(expected_side) == normalise(expected)


@given(one_char_words, st.integers(min_value=0, max_value=13), st.sampled_from(ONE_CHAR_LETTERS))
def test_one_changed_letter_in_a_word_of_four_letters_or_more_is_forgiven(word, position, letter):
    position %= len(word)
    typed = word[:position] + letter + word[position + 1 :]
    assert grade_answer(typed, [word]).correct
