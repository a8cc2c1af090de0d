"""What a drill asks, in which order: due reviews first, then new directions of words already met, then new
words — each planned item with the kind of question that trains its direction and a seed, so a refresh
shows exactly the same question."""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence

from exercises.drills import (
    DIRECTIONS,
    DrillKind,
    Question,
    make_callsign_question,
    make_number_question,
    make_question,
)
from glossary.model import Glossary, GlossaryEntry
from text.content import LEVEL_ORDER

SKILLS = {"callsign": "skill:callsign", "numbers": "skill:numbers"}
_KIND_BY_SKILL = {"callsign": DrillKind.SPELL_CALLSIGN, "numbers": DrillKind.NUMBERS_HEARD}
_FIRST_MEETING = (DrillKind.FLASHCARD, DrillKind.MULTIPLE_CHOICE)
_DEEPER = ("meaning>fr", "listen")


def kinds_for_direction(direction: str, allowed: Collection[DrillKind]) -> list[DrillKind]:
    return [kind for kind in DrillKind if DIRECTIONS[kind] == direction and kind in allowed]


def plan_drill(
    due: Sequence[tuple[str, str]],
    known: Mapping[str, set[str]],
    candidates: Sequence[str],
    size: int,
    allowed: Collection[DrillKind],
    rng: random.Random,
) -> list[dict]:
    """Up to ``size`` items: ``due`` (item, direction) reviews first; then, for items already met
    (``known``: item → directions with a card) among ``candidates``, a direction not trained yet (type the
    French, listen and type); then new ``candidates``; plus the call-sign and numbers skills when their kinds
    are allowed. Items whose direction no allowed kind trains are skipped."""
    plan: list[dict] = []
    planned: set[tuple[str, str]] = set()

    def add(item_id: str, direction: str, kinds: Sequence[DrillKind]) -> None:
        if len(plan) >= size or (item_id, direction) in planned or not kinds:
            return
        planned.add((item_id, direction))
        plan.append(
            {
                "item_id": item_id,
                "direction": direction,
                "kind": rng.choice(list(kinds)).value,
                "seed": rng.randrange(1, 2**31),
            }
        )

    for item_id, direction in due:
        add(item_id, direction, kinds_for_direction(direction, allowed))
    for direction, item_id in SKILLS.items():
        if _KIND_BY_SKILL[direction] in allowed and len(plan) < size:
            add(item_id, direction, [_KIND_BY_SKILL[direction]])
    room = size - len(plan)
    deeper = [
        (item_id, direction)
        for item_id in candidates
        if item_id in known
        for direction in _DEEPER
        if direction not in known[item_id] and kinds_for_direction(direction, allowed)
    ]
    rng.shuffle(deeper)
    for item_id, direction in deeper[: room // 3]:
        add(item_id, direction, kinds_for_direction(direction, allowed))
    first = [kind for kind in _FIRST_MEETING if kind in allowed] or kinds_for_direction("fr>meaning", allowed)
    for item_id in candidates:
        if item_id not in known:
            add(item_id, "fr>meaning", first)
    for item_id, direction in deeper:  # still room: more new directions
        add(item_id, direction, kinds_for_direction(direction, allowed))
    return plan


def drill_candidates(
    entries: Sequence[GlossaryEntry],
    themes: Collection[str],
    units: Collection[str],
    rng: random.Random,
) -> list[str]:
    """Ids of the glossary entries a new drill may introduce: those of the chosen ``themes`` and ``units``
    (all when none is chosen), shuffled, then the easiest CEFR levels first."""
    pool = [
        entry
        for entry in entries
        if (not themes or entry.theme in themes) and (not units or set(entry.units) & set(units))
    ]
    rng.shuffle(pool)
    pool.sort(key=lambda entry: LEVEL_ORDER.get(entry.level, len(LEVEL_ORDER)))
    return [entry.id for entry in pool]


def question_for_item(item: Mapping, glossary: Glossary, lang: str) -> Question | None:
    """The question of a planned drill item, rebuilt identically from its seed (the same question after a
    refresh, and the same one the service grades); None when its glossary entry no longer exists."""
    rng = random.Random(item.get("seed", 0))
    kind = DrillKind(item["kind"])
    if kind is DrillKind.SPELL_CALLSIGN:
        return make_callsign_question(rng)
    if kind is DrillKind.NUMBERS_HEARD:
        return make_number_question(rng)
    entry = glossary.get(item["item_id"])
    if entry is None:
        return None
    return make_question(entry, kind, lang, rng, glossary.entries)
