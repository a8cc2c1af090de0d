"""Notices go by e-mail through SMTP when ``PARLEZ_SMTP_URL`` is set: to a local SMTP server the test
starts itself; only after the action committed; in the recipient's language; never with a hidden field;
a server that is down loses nothing."""

from __future__ import annotations

import socket

import pytest

from roster.workflow import ProposalState, RequestState
from services import accounts, notifications, roster
from tests.roster_support import (
    CANARY_EMAIL_DOMAIN,
    CANARY_EMPLOYER,
    CANARY_PHONE,
    listed_expert,
    make_people,
    request_in_search,
)
from tests.smtp_sink import start_sink


@pytest.fixture
def sink():
    sink, server = start_sink()
    yield sink
    server.shutdown()
    server.server_close()


@pytest.fixture
def people(db, now):
    return make_people(db, now)


def test_notices_are_mailed_in_the_recipients_language_once(db, now, people, sink):
    with db.transaction() as session:
        accounts.set_locale(session, people["awa"].id, "fr")
    awa = listed_expert(db, people, "awa", now)
    request_id = request_in_search(db, people, now)
    with db.transaction() as session:
        roster.propose_expert(session, people["manager"].id, request_id, awa, now)
    # Awa: vetted, proposed; the partner (who gave an address): under review, search
    assert notifications.deliver_pending(db, now, url=sink.url) == 4
    to_awa = [m for m in sink.messages if m.recipients == [f"awa@{CANARY_EMAIL_DOMAIN}"]]
    assert len(to_awa) == 2
    proposed = to_awa[-1].message
    assert proposed["From"] == "parlez@example.org"
    assert proposed["Subject"].startswith("Parlez\u00a0: Vous êtes proposé pour une demande à Gao")
    assert "Ouvrez Parlez pour en savoir plus." in proposed.get_content()
    assert notifications.deliver_pending(db, now, url=sink.url) == 0  # each notice goes once


def test_partner_mails_carry_no_hidden_field(db, now, people, sink):
    awa = listed_expert(db, people, "awa", now)
    request_id = request_in_search(db, people, now)
    with db.transaction() as session:
        roster.propose_expert(session, people["manager"].id, request_id, awa, now)
        roster.move_request(
            session, people["manager"].id, request_id, RequestState.SHORTLIST_SENT, "search", now
        )
    with db.reading() as session:
        proposal = roster.proposals_for(session, people["manager"].id, request_id)[0].id
    with db.transaction() as session:
        roster.move_proposal(session, people["awa"].id, proposal, ProposalState.INTERESTED, "proposed", now)
    notifications.deliver_pending(db, now, url=sink.url)
    to_partner = [m for m in sink.messages if m.recipients == ["jean@partner.example.org"]]
    assert len(to_partner) == 4  # under review, search, shortlist sent, expert A interested
    assert (
        to_partner[-1].message["Subject"] == f"Parlez: Request #{request_id}: expert A is now “Interested”."
    )
    for mail in to_partner:
        text = mail.message.as_string()
        for hidden in (CANARY_EMPLOYER, CANARY_PHONE, CANARY_EMAIL_DOMAIN, "Awa", "Exemple"):
            assert hidden not in text


def test_nothing_is_mailed_for_an_action_that_was_rolled_back(db, now, people, sink):
    awa = listed_expert(db, people, "awa", now)
    notifications.deliver_pending(db, now, url=sink.url)
    sent = len(sink.messages)
    request_id = request_in_search(db, people, now)
    with pytest.raises(RuntimeError), db.transaction() as session:
        roster.propose_expert(session, people["manager"].id, request_id, awa, now)
        raise RuntimeError("the page failed after the call")
    notifications.deliver_pending(db, now, url=sink.url)
    assert not [m for m in sink.messages[sent:] if m.recipients == [f"awa@{CANARY_EMAIL_DOMAIN}"]]


def test_a_mail_server_that_is_down_loses_nothing(db, now, people, sink):
    listed_expert(db, people, "awa", now)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    assert notifications.deliver_pending(db, now, url=f"smtp://127.0.0.1:{closed_port}") == 0
    assert notifications.deliver_pending(db, now, url=sink.url) == 1  # the vetting notice, still pending
    assert notifications.deliver_pending(db, now, url="") == 0  # not configured: nothing to do


def test_the_smtp_url_is_read_with_its_options():
    plain = notifications.smtp_settings("smtp://mail.example.org")
    assert (plain.host, plain.port, plain.sender, plain.ssl, plain.starttls) == (
        "mail.example.org", 25, "parlez@localhost", False, False,
    )  # fmt: skip
    secure = notifications.smtp_settings("smtps://bot%40x.org:p%40ss@mail.example.org?from=roster@x.org")
    assert (secure.port, secure.username, secure.password, secure.sender, secure.ssl) == (
        465, "bot@x.org", "p@ss", "roster@x.org", True,
    )  # fmt: skip
    assert notifications.smtp_settings("smtp://m.example.org?starttls=1").port == 587
    assert notifications.smtp_settings("") is None
    with pytest.raises(ValueError, match="PARLEZ_SMTP_URL"):
        notifications.smtp_settings("http://mail.example.org")


def test_the_setting_comes_from_the_environment(monkeypatch):
    from config import settings

    monkeypatch.setenv("PARLEZ_SMTP_URL", " smtp://127.0.0.1:2525 ")
    assert settings().smtp_url == "smtp://127.0.0.1:2525"
    monkeypatch.delenv("PARLEZ_SMTP_URL")
    assert settings().smtp_url == ""
