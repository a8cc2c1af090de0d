"""Text given to engines and hashed into cache keys: normalised, cleaned, bounded."""

import pytest

from audio.normalise import MAX_TEXT_CHARS, TextTooLong, UnspeakableText, normalise_text, speakable_text


def test_composes_accents_to_nfc():
    assert normalise_text("Re\u0301sume\u0301") == "Résumé"
    assert normalise_text("Résumé") == normalise_text("Re\u0301sume\u0301")


def test_collapses_every_kind_of_whitespace_and_strips():
    assert normalise_text("  Halte\t!\n\nQui\u00a0va   là ?\r\n") == "Halte ! Qui va là ?"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Bon\x00jour", "Bonjour"),
        ("\x1b[31mRouge\x1b[0m", "[31mRouge[0m"),
        ("Zéro\u200blargeur", "Zérolargeur"),
        ("\u202eà l'envers", "à l'envers"),
        ("\x07cloche\x7f", "cloche"),
        ("fin\x0bde\x0cligne", "fin de ligne"),
    ],
)
def test_drops_control_and_format_characters(raw, expected):
    assert normalise_text(raw) == expected


def test_keeps_quotes_dashes_and_shell_characters_verbatim():
    text = '-rf ; rm -rf /tmp/x "c\'est" « Reçu » $(id) `id` | &&'
    assert normalise_text(text) == text


def test_empty_or_blank_text_is_unspeakable():
    for text in ("", "   ", "\x00\x01\n\t"):
        with pytest.raises(UnspeakableText, match="nothing to speak"):
            speakable_text(text)


def test_text_at_the_cap_is_accepted_and_one_more_character_refused():
    assert len(speakable_text("a" * MAX_TEXT_CHARS)) == MAX_TEXT_CHARS
    with pytest.raises(TextTooLong, match=r"1001 characters \(at most 1000\)"):
        speakable_text("a" * (MAX_TEXT_CHARS + 1))


def test_twenty_thousand_characters_give_a_clear_error():
    with pytest.raises(TextTooLong) as caught:
        speakable_text("Reçu, fin. " * 2000)
    assert "too long" in str(caught.value)
    assert "split it into sentences" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_length_is_counted_after_normalisation():
    assert speakable_text("  Oui  " + " " * 5000) == "Oui"


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError):
        speakable_text(b"Bonjour")  # type: ignore[arg-type]
