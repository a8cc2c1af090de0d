"""Where an answer differs from the expected form: character diffs and located slips."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz.distance import Indel, Levenshtein

from exercises.answer_forms import AnswerForm

LENGTH_FACTOR = 4  # answers longer than 4× the longest accepted form are WRONG without any distance
_DIFF_CHARS = 120  # a longer answer is shown as one crossed-out block, cut to this length


@dataclass(frozen=True, slots=True)
class Slip:
    """One located difference between the answer and the expected form.

    ``position`` is 1-based, counted in characters of the normalised expected form (for an extra character
    at the very end, one past its length); ``expected`` is what should be there ("" for extra text),
    ``given`` what the learner wrote there ("" for missing text). For ``WRONG_ARTICLE`` the single slip
    holds the two articles (``given`` is "" when the article was left out).
    """

    position: int
    expected: str
    given: str


class DiffSegment(NamedTuple):
    """One segment of the answer compared with the expected form, character by character.

    ``op`` is ``"equal"`` (``text`` is right), ``"insert"`` (``text`` is missing from the answer),
    ``"delete"`` (``text`` is extra in the answer) or ``"replace"`` (the learner wrote ``text`` where
    ``correction`` was expected). ``seg.op, seg.text`` / ``seg[0], seg[1]`` read as ``(op, text)``.
    """

    op: str
    text: str
    correction: str = ""


def diff_core(given: str, given_shown: str, expected: str, expected_shown: str) -> list[DiffSegment]:
    """Character diff of ``given`` against ``expected`` (normalised), shown with their own capitals."""
    segments: list[DiffSegment] = []
    pending: list[int] | None = None  # [i1, i2, j1, j2] of a run of non-equal opcodes

    def flush() -> None:
        if pending is None:
            return
        i1, i2, j1, j2 = pending
        if i1 == i2:
            segments.append(DiffSegment("insert", expected_shown[j1:j2]))
        elif j1 == j2:
            segments.append(DiffSegment("delete", given_shown[i1:i2]))
        else:
            segments.append(DiffSegment("replace", given_shown[i1:i2], expected_shown[j1:j2]))

    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(given, expected):
        if tag == "equal":
            flush()
            pending = None
            segments.append(DiffSegment("equal", expected_shown[j1:j2]))
        elif pending is None:
            pending = [i1, i2, j1, j2]
        else:
            pending[1], pending[3] = i2, j2
    flush()
    return _join_transpositions(segments)


def _join_transpositions(segments: list[DiffSegment]) -> list[DiffSegment]:
    """``n`` inserted-then-deleted around one letter (``serg+e n-e t``) is one swap: ``ne`` → ``en``."""
    joined: list[DiffSegment] = []
    index = 0
    while index < len(segments):
        window = segments[index : index + 3]
        if (
            len(window) == 3
            and {window[0].op, window[2].op} == {"insert", "delete"}
            and window[1].op == "equal"
            and len(window[0].text) == len(window[1].text) == 1
            and window[0].text.casefold() == window[2].text.casefold()
        ):
            middle = window[1].text
            if window[0].op == "insert":  # expected "XY", given "YX"
                joined.append(DiffSegment("replace", middle + window[2].text, window[0].text + middle))
            else:  # given "XY", expected "YX"
                joined.append(DiffSegment("replace", window[0].text + middle, middle + window[2].text))
            index += 3
        else:
            joined.append(segments[index])
            index += 1
    return joined


def slips_of(segments: Iterable[DiffSegment], offset: int = 0) -> tuple[Slip, ...]:
    slips: list[Slip] = []
    position = offset + 1
    for op, text, correction in segments:
        if op == "equal":
            position += len(text)
        elif op == "insert":
            slips.append(Slip(position, text, ""))
            position += len(text)
        elif op == "delete":
            slips.append(Slip(position, "", text))
        else:
            slips.append(Slip(position, correction, text))
            position += len(correction)
    return tuple(slips)


def whole_diff(given: AnswerForm, expected: AnswerForm) -> tuple[DiffSegment, ...]:
    """The answer against a whole accepted form; one block when it is too long or too different."""
    if len(given.norm) > max(LENGTH_FACTOR * len(expected.norm), _DIFF_CHARS // 4):
        shown = given.shown[:_DIFF_CHARS] + ("…" if len(given.shown) > _DIFF_CHARS else "")
        return (DiffSegment("replace", shown, expected.shown),)
    if Indel.normalized_similarity(given.norm, expected.norm) < 0.5:
        return (DiffSegment("replace", given.shown, expected.shown),)
    return tuple(diff_core(given.norm, given.shown, expected.norm, expected.shown))
