"""A role-play walked reply by reply: the replies picked (their index at each node) give the path through the
dialogue and, at an end node, the outcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lessons.model import Exercise, RoleNode

__all__ = ["OUTCOME_SCORES", "RoleplayWalk", "walk_roleplay"]

OUTCOME_SCORES = {"success": 1.0, "partial": 0.5, "fail": 0.0}


@dataclass(frozen=True, slots=True)
class RoleplayWalk:
    """Where a series of replies leads: the nodes met (start first), the replies' texts, the outcome
    (``""`` while the dialogue goes on)."""

    path: tuple[str, ...]
    choices: tuple[int, ...]
    replies: tuple[str, ...]
    outcome: str

    @property
    def finished(self) -> bool:
        return bool(self.outcome)

    @property
    def score(self) -> float:
        return OUTCOME_SCORES.get(self.outcome, 0.0)


def walk_roleplay(exercise: Exercise, choices: Sequence[int]) -> RoleplayWalk:
    """Follow ``choices`` (the index of the reply picked at each node) from the start.

    Raises ``ValueError`` for an index that is not a reply of its node, or for a reply after the end.
    """
    node = exercise.node(exercise.start)
    if node is None:
        raise ValueError(f"{exercise.id} is not a role-play")
    path, replies = [node.id], []
    for step, choice in enumerate(choices):
        if node.is_end:
            raise ValueError(f"reply {step + 1} comes after the end of the dialogue")
        if isinstance(choice, bool) or not isinstance(choice, int) or not 0 <= choice < len(node.replies):
            raise ValueError(f"reply {step + 1}: {choice!r} is not one of the replies at node {node.id}")
        reply = node.replies[choice]
        replies.append(reply.text)
        node = _node(exercise, reply.target)
        path.append(node.id)
    return RoleplayWalk(tuple(path), tuple(choices), tuple(replies), node.outcome)


def _node(exercise: Exercise, node_id: str) -> RoleNode:
    node = exercise.node(node_id)
    if node is None:  # the parser refuses such a manual; a hand-made Exercise may still have one
        raise ValueError(f"{exercise.id}: no node {node_id!r}")
    return node
