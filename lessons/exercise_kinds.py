"""The exercise kinds of issue #13 in the manual format: dictation, radio, speaking, form, report, roleplay,
spot. The format is in ``content/README.md`` (section "The other kinds").

:class:`NewKindsParser` is mixed into :class:`lessons.parser.ContentParser`, which gives it ``error`` and
``french``; it receives an exercise's ``- key: value`` lines already scanned (line, key, value) and checks
everything a kind needs, reporting each problem at its line, so that a broken exercise names its file and
line (the unit is then left out, the rest of the course loads).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from lessons.model import (
    FORM_TYPES,
    NOISE_LEVELS,
    OUTCOMES,
    REPORT_ELEMENTS,
    Exercise,
    Question,
    Reply,
    ReportElement,
    RoleNode,
)
from text.content import Text3
from text.markdown_cells import split_list

__all__ = ["KEY_LINE", "MAX_FIELDS", "MAX_QUESTIONS", "MIN_REPORT_ELEMENTS", "NewKindsParser"]

#: A ``- key: value`` line of the new kinds: ``q1-answer``, ``scenario-en`` and ``a > b`` are keys too.
KEY_LINE = re.compile(r"[-*+][ \t]+([A-Za-z0-9_]+(?:-[A-Za-z]+)?(?:[ \t]*>[ \t]*[A-Za-z0-9_]+)?)[ \t]*:(.*)")
MIN_QUESTIONS, MAX_QUESTIONS = 1, 5
MIN_FIELDS, MAX_FIELDS = 1, 20
MIN_REPORT_ELEMENTS = 3
MIN_REPLIES, MAX_REPLIES = 2, 4

_NUMBERED = re.compile(r"(?P<letter>[qf])(?P<number>[1-9][0-9]*)(?P<answer>-answer)?")
_NODE_ID = re.compile(r"[A-Za-z0-9_]+")
_REPLY = re.compile(r"(?P<source>[A-Za-z0-9_]+)[ \t]*>[ \t]*(?P<target>[A-Za-z0-9_]+)")
_END = re.compile(r"end[ \t]+(?P<outcome>[A-Za-z]+)[ \t]*:[ \t]*(?P<text>.*)", re.IGNORECASE)
_INSTRUCTIONS = ("en", "fr", "es")
_SCENARIO = ("scenario", "scenario-en", "scenario-es")
_WHY = ("why-en", "why-fr", "why-es")
_ROLEPLAY_RESERVED = frozenset({"en", "fr", "es", "start"})
# The named keys of the kinds whose other keys are numbered (radio, form) or node ids (roleplay).
_NAMED_KEYS: dict[str, tuple[str, ...]] = {
    "radio": (*_INSTRUCTIONS, "say", "noise"),
    "form": (*_INSTRUCTIONS, "form", *_SCENARIO),
    "roleplay": (*_INSTRUCTIONS, "start"),
}

# The keys of each kind with a fixed set of keys (radio, form and roleplay have numbered or named ones).
_FIXED_KEYS: dict[str, tuple[str, ...]] = {
    "dictation": (*_INSTRUCTIONS, "say", "answer", "accept"),
    "speaking": (*_INSTRUCTIONS, "prompt", "say"),
    "report": (*_INSTRUCTIONS, *_SCENARIO, *REPORT_ELEMENTS, "model"),
    "spot": (*_INSTRUCTIONS, "prompt", "error", "answer", *_WHY),
}
_EXPECTED_KEYS: dict[str, str] = {
    **{kind: ", ".join(keys) for kind, keys in _FIXED_KEYS.items()},
    "radio": "en, fr, es, say, noise, q1…q5, q1-answer…q5-answer",
    "form": "en, fr, es, form, scenario, scenario-en, scenario-es, f1…f20, f1-answer…f20-answer",
    "roleplay": "en, fr, es, start, <node>, <node>-en, <node>-es, <node> > <node>",
}

_Key = tuple[int, str, str]  # line, key, value


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class NewKindsParser:
    """Parsing of the new exercise kinds, for a class that has ``error(line, message)`` and
    ``french(line, text, where)`` (:class:`lessons.parser.ContentParser`) and an ``id_prefix``."""

    id_prefix: str
    error: Callable[[int, str], None]
    french: Callable[[int, str, str], None]

    def new_kind_exercise(self, heading_line: int, local_id: str, kind: str, keys: list[_Key]) -> Exercise:
        where = f"exercise {local_id}"
        values: dict[str, tuple[str, int]] = {}
        extra: list[_Key] = []  # numbered questions and fields, role-play nodes and replies
        fixed = _FIXED_KEYS.get(kind)
        for number, raw_key, value in keys:
            key = re.sub(r"[ \t]*>[ \t]*", " > ", raw_key)
            if fixed is not None and key not in fixed:
                self.error(number, f"unknown key `{key}` in {where} (expected {_EXPECTED_KEYS[kind]})")
            elif fixed is None and key not in _NAMED_KEYS[kind]:
                extra.append((number, key, value))
            elif key in values:
                self.error(number, f"`{key}` is given twice in {where} (first at line {values[key][1]})")
            else:
                values[key] = (value, number)

        def value(key: str) -> str:
            return values.get(key, ("", 0))[0]

        def line(key: str) -> int:
            return values.get(key, ("", heading_line))[1]

        def required(*names: str) -> None:
            for name in names:
                if not value(name):
                    self.error(heading_line, f"{where}: missing `- {name}:`")

        required(*_INSTRUCTIONS)
        self.french(line("fr"), value("fr"), f"{where} fr")
        exercise = Exercise(
            id=f"{self.id_prefix}#{local_id}",
            local_id=local_id,
            kind=kind,
            instruction=Text3(value("en"), value("fr"), value("es")),
            prompt="",
            options=(),
            answer="",
            accept=(),
            line=heading_line,
        )
        parts: dict[str, object] = {}
        if kind in ("dictation", "radio", "speaking"):
            required("say")
            self.french(line("say"), value("say"), f"{where} say")
            parts["say"] = value("say")
        if kind == "dictation":
            answer, accept = value("answer") or value("say"), split_list(value("accept"))
            if value("answer"):
                self.french(line("answer"), answer, f"{where} answer")
            for item in accept:
                self.french(line("accept"), item, f"{where} accept")
            parts.update(answer=answer, accept=accept)
        elif kind == "radio":
            noise = value("noise")
            if not noise:
                self.error(heading_line, f"{where}: missing `- noise:` (one of {', '.join(NOISE_LEVELS)})")
            elif noise not in NOISE_LEVELS:
                message = f'{where}: unknown noise level "{noise}" (expected {", ".join(NOISE_LEVELS)})'
                self.error(line("noise"), message)
            parts.update(noise=noise, questions=self._numbered(heading_line, where, kind, extra))
        elif kind == "speaking":
            self.french(line("prompt"), value("prompt"), f"{where} prompt")
            parts.update(prompt=value("prompt"), answer=value("say"))
        elif kind == "form":
            form = value("form")
            if not form:
                self.error(heading_line, f"{where}: missing `- form:` (one of {', '.join(FORM_TYPES)})")
            elif form not in FORM_TYPES:
                self.error(line("form"), f'{where}: unknown form "{form}" (expected {", ".join(FORM_TYPES)})')
            parts.update(
                form=form,
                scenario=self._scenario(where, value, line, required),
                fields=self._numbered(heading_line, where, kind, extra),
            )
        elif kind == "report":
            elements = []
            for name in REPORT_ELEMENTS:
                if name in values:
                    phrases = split_list(value(name))
                    if not phrases:
                        self.error(line(name), f"{where}: `- {name}:` lists no phrase")
                    for phrase in phrases:
                        self.french(line(name), phrase, f"{where} {name}")
                    elements.append(ReportElement(name, phrases, line(name)))
            if len(elements) < MIN_REPORT_ELEMENTS:
                self.error(
                    heading_line,
                    f"{where}: a report needs at least {MIN_REPORT_ELEMENTS} of the elements "
                    f"{', '.join(REPORT_ELEMENTS)} (found {len(elements)})",
                )
            required("model")
            self.french(line("model"), value("model"), f"{where} model")
            parts.update(
                scenario=self._scenario(where, value, line, required),
                elements=tuple(elements),
                model=value("model"),
            )
        elif kind == "roleplay":
            start, nodes = self._roleplay(heading_line, where, value("start"), line("start"), extra)
            parts.update(start=start, nodes=nodes)
        elif kind == "spot":
            parts.update(self._spot(heading_line, where, value, line, required))
        return replace(exercise, **parts)  # type: ignore[arg-type]

    # --- pieces ------------------------------------------------------------------------------------------

    def _scenario(self, where: str, value, line, required) -> Text3:
        required(*_SCENARIO)
        self.french(line("scenario"), value("scenario"), f"{where} scenario")
        return Text3(value("scenario-en"), value("scenario"), value("scenario-es"))

    def _numbered(self, heading_line: int, where: str, kind: str, keys: list[_Key]) -> tuple[Question, ...]:
        """The questions (``q1``…) of a radio exercise or the fields (``f1``…) of a form."""
        letter, noun = ("q", "question") if kind == "radio" else ("f", "field")
        low, high = (MIN_QUESTIONS, MAX_QUESTIONS) if kind == "radio" else (MIN_FIELDS, MAX_FIELDS)
        labels: dict[int, tuple[str, int]] = {}
        answers: dict[int, tuple[str, int]] = {}
        for number, key, value in keys:
            match = _NUMBERED.fullmatch(key)
            if not match or match.group("letter") != letter:
                self.error(number, f"unknown key `{key}` in {where} (expected {_EXPECTED_KEYS[kind]})")
                continue
            index = int(match.group("number"))
            target = answers if match.group("answer") else labels
            if index in target:
                self.error(number, f"`{key}` is given twice in {where} (first at line {target[index][1]})")
                continue
            target[index] = (value, number)
        count = max([*labels, *answers], default=0)
        if not low <= len(labels) <= high:
            message = f"{where}: a {kind} exercise needs {low} to {high} {noun}s (found {len(labels)})"
            self.error(heading_line, message)
        for index in range(1, count + 1):
            if index not in labels and index not in answers:
                message = f"{where}: {noun} {letter}{index} is missing ({noun}s are numbered {letter}1, "
                self.error(heading_line, message + f"{letter}2, … without gaps)")
        result: list[Question] = []
        for index in sorted(set(labels) | set(answers)):
            label, label_line = labels.get(index, ("", 0))
            answer, answer_line = answers.get(index, ("", 0))
            if not label_line:
                self.error(answer_line, f"{where}: `- {letter}{index}-answer:` without `- {letter}{index}:`")
                continue
            parts = split_list(label)
            if len(parts) != 3:
                self.error(
                    label_line,
                    f"{where}: {letter}{index} must be `French | English | Spanish` (found "
                    f"{_plural(len(parts), 'part')})",
                )
            accepted = split_list(answer)
            if not accepted:
                self.error(label_line, f"{where}: {letter}{index} has no `- {letter}{index}-answer:`")
            if parts:
                self.french(label_line, parts[0], f"{where} {letter}{index}")
            for item in accepted:
                self.french(answer_line, item, f"{where} {letter}{index}-answer")
            if len(parts) == 3 and accepted:
                result.append(Question(index, Text3(parts[1], parts[0], parts[2]), accepted, label_line))
        return tuple(result)

    def _spot(self, heading_line: int, where: str, value, line, required) -> dict[str, object]:
        required("prompt", "error", *_WHY)
        prompt, error, answer = value("prompt"), value("error"), value("answer")
        if prompt and error and error not in prompt:
            self.error(line("error"), f'{where}: the error "{error}" is not part of the prompt')
        elif prompt and error and answer.strip() == error.strip():
            self.error(line("answer"), f"{where}: the correction is the error itself")
        # The prompt is wrong on purpose: its French is checked with the error corrected.
        corrected = prompt.replace(error, answer, 1) if error else prompt
        self.french(line("prompt"), corrected, f"{where} prompt (corrected)")
        self.french(line("answer"), answer, f"{where} answer")
        self.french(line("why-fr"), value("why-fr"), f"{where} why-fr")
        return {
            "prompt": prompt,
            "error": error,
            "answer": answer,
            "why": Text3(value("why-en"), value("why-fr"), value("why-es")),
        }

    def _roleplay(
        self, heading_line: int, where: str, start: str, start_line: int, keys: list[_Key]
    ) -> tuple[str, tuple[RoleNode, ...]]:
        texts: dict[str, tuple[str, int]] = {}
        glosses: dict[tuple[str, str], tuple[str, int]] = {}
        replies: dict[str, list[Reply]] = {}
        for number, key, value in keys:
            reply = _REPLY.fullmatch(key.replace(" > ", ">"))
            if reply:
                if not value:
                    self.error(number, f"{where}: the reply `{key}` has no text")
                self.french(number, value, f"{where} reply")
                replies.setdefault(reply.group("source"), []).append(
                    Reply(value, reply.group("target"), number)
                )
                continue
            node_id, _, suffix = key.partition("-")
            if not _NODE_ID.fullmatch(node_id) or suffix not in ("", "en", "es") or key in _ROLEPLAY_RESERVED:
                self.error(number, f"unknown key `{key}` in {where} (expected {_EXPECTED_KEYS['roleplay']})")
                continue
            target = texts if not suffix else glosses
            slot = node_id if not suffix else (node_id, suffix)
            if slot in target:
                self.error(number, f"`{key}` is given twice in {where} (first at line {target[slot][1]})")  # type: ignore[index]
                continue
            target[slot] = (value, number)  # type: ignore[index]

        if not start:
            self.error(heading_line, f"{where}: missing `- start:` (the id of the first node)")
        elif start not in texts:
            self.error(start_line, f"{where}: the start node `{start}` is not defined")
        if not texts:
            self.error(heading_line, f"{where}: a roleplay needs nodes (`- a: …`) and replies (`- a > b: …`)")
        for (node_id, lang), (_, number) in glosses.items():
            if node_id not in texts:
                self.error(number, f"{where}: `{node_id}-{lang}` translates an unknown node `{node_id}`")
        for source, items in replies.items():
            if source not in texts:
                self.error(items[0].line, f"{where}: reply from an unknown node `{source}`")
            for item in items:
                if item.target not in texts:
                    self.error(item.line, f"{where}: the reply leads to an unknown node `{item.target}`")

        nodes: list[RoleNode] = []
        for node_id, (raw, number) in texts.items():
            outcome, text = self._node_text(number, where, node_id, raw)
            translations = []
            for lang in ("en", "es"):
                gloss, _ = glosses.get((node_id, lang), ("", 0))
                if not gloss:
                    self.error(number, f"{where}: node `{node_id}` needs `- {node_id}-{lang}:`")
                ended = _END.fullmatch(gloss)
                translations.append(ended.group("text").strip() if ended else gloss)
            own = [item for item in replies.get(node_id, []) if item.target in texts]
            if outcome and replies.get(node_id):
                self.error(number, f"{where}: node `{node_id}` ends the scenario but has replies")
            elif not outcome and not MIN_REPLIES <= len(replies.get(node_id, [])) <= MAX_REPLIES:
                count = len(replies.get(node_id, []))
                self.error(
                    number,
                    f"{where}: node `{node_id}` has {_plural(count, 'reply').replace('replys', 'replies')}; "
                    f"{MIN_REPLIES} to {MAX_REPLIES} are expected (or `end success:`, `end partial:`, "
                    "`end fail:`)",
                )
            nodes.append(
                RoleNode(
                    node_id,
                    Text3(translations[0], text, translations[1]),
                    tuple(own) if not outcome else (),
                    outcome,
                    number,
                )
            )
        if start in texts:
            self._check_graph(where, start, nodes)
        return start, tuple(nodes)

    def _node_text(self, number: int, where: str, node_id: str, raw: str) -> tuple[str, str]:
        """(outcome, French text) of a node: ``end success: …`` ends the scenario."""
        ended = _END.fullmatch(raw)
        text, outcome = raw, ""
        if ended:
            outcome, text = ended.group("outcome").lower(), ended.group("text").strip()
            if outcome not in OUTCOMES:
                self.error(
                    number,
                    f'{where}: node `{node_id}`: unknown outcome "{ended.group("outcome")}" (expected '
                    f"{', '.join(OUTCOMES)})",
                )
                outcome = "fail"
        if not text:
            self.error(number, f"{where}: node `{node_id}` has no text")
        self.french(number, text, f"{where} node {node_id}")
        return outcome, text

    def _check_graph(self, where: str, start: str, nodes: list[RoleNode]) -> None:
        """Every node reachable from the start, and no loop (so that, with 2–4 replies at every node that
        does not end, every path ends)."""
        by_id = {node.id: node for node in nodes}
        state: dict[str, int] = {}
        reported: set[int] = set()

        def visit(node_id: str, path: list[str]) -> None:
            state[node_id] = 1
            for reply in by_id[node_id].replies:
                if state.get(reply.target) == 1:
                    if reply.line not in reported:
                        reported.add(reply.line)
                        loop = " → ".join([*path[path.index(reply.target) :], reply.target])
                        self.error(reply.line, f"{where}: the replies go round in a loop: {loop}")
                elif reply.target not in state:
                    visit(reply.target, [*path, reply.target])
            state[node_id] = 2

        visit(start, [start])
        for node in nodes:
            if node.id not in state:
                self.error(node.line, f"{where}: node `{node.id}` cannot be reached from the start `{start}`")
