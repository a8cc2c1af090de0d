"""Every roster value shown on screen has its interface text in the three languages (keys built from
enum values escape the i18n test's literal scan, so they are listed here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import i18n
from roster.model import LANGUAGE_CODES, Domain, Gender, Notice, SecurityLevel, Vetting
from roster.workflow import (
    PROPOSAL_MOVES,
    REQUEST_MOVES,
    Party,
    ProposalState,
    RequestState,
    TransitionRefused,
)

ROOT = Path(__file__).resolve().parents[2]


def dynamic_keys() -> set[str]:
    keys = {f"roster.state.{s.value}" for s in RequestState}
    keys |= {f"roster.proposal.{s.value}" for s in ProposalState}
    keys |= {f"roster.domain.{d.value}" for d in Domain}
    keys |= {f"roster.language.{code}" for code in LANGUAGE_CODES}
    keys |= {f"roster.notice.{n.value}" for n in Notice}
    keys |= {f"roster.vetting.{v.value}" for v in Vetting}
    keys |= {f"roster.gender.{g.value}" for g in Gender}
    keys |= {f"roster.security.{s.value}" for s in SecurityLevel}
    keys |= {f"roster.window.{w}" for w in ("full", "partial", "none")}
    keys |= {f"roster.errors.needs.{m.target}" for m in REQUEST_MOVES if m.needs}
    keys |= {f"roster.expert.answer.{m.target}" for m in PROPOSAL_MOVES if Party.EXPERT in m.by}
    keys |= {f"roster.proposal.move.{m.target}" for m in PROPOSAL_MOVES if m.by - {Party.EXPERT}}
    keys |= {f"nav.{key}" for key in ("roster", "notifications")} | {"nav.group.roster"}
    actions = re.findall(r'_audit\([^)]*?"([a-z_]+)"', (ROOT / "services/roster.py").read_text(), re.S)
    assert len(set(actions)) >= 15
    keys |= {f"roster.audit.action.{a}" for a in actions}
    keys |= {
        f"roster.field.{f}" for f in re.findall(r'field="([a-z_]+)"', (ROOT / "roster/inputs.py").read_text())
    }
    return keys


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_roster_value_has_a_text(lang):
    catalog = i18n.catalog(lang)
    assert sorted(k for k in dynamic_keys() if k not in catalog) == []


def test_refusals_name_only_texts_that_exist():
    refusal = TransitionRefused("roster.errors.move_not_allowed", source="draft", target="closed")
    assert i18n.t(refusal.key, "fr", source="Brouillon", target="Close") == (
        "Une demande à l'état «\u00a0Brouillon\u00a0» ne peut pas passer à «\u00a0Close\u00a0»."
    )


@pytest.mark.parametrize("lang", ["fr"])
def test_french_roster_texts_follow_the_typography(lang):
    for key, text in i18n.catalog(lang).items():
        if not key.startswith(("roster.", "notify.")):
            continue
        assert "« " not in text and " »" not in text, key  # non-breaking spaces inside the quotes
        assert not re.search(r" [:;!?]", text), key  # and before the high punctuation
