"""Input rules for accounts: every refusal has a clear, translatable reason."""

from __future__ import annotations

import pytest

from services import accounts
from services.errors import InvalidInput


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("", "errors.username_required"),
        ("   ", "errors.username_required"),
        (None, "errors.username_required"),
        ("ab", "errors.username_length"),
        ("x" * 10_000, "errors.username_length"),
        ("john smith", "errors.username_characters"),
        ("<script>", "errors.username_characters"),
        ("bad\x00name", "errors.control_characters"),
        ("bad\u202ename", "errors.control_characters"),
    ],
)
def test_refused_usernames(raw, key):
    with pytest.raises(InvalidInput) as refusal:
        accounts.clean_username(raw)
    assert refusal.value.key == key


@pytest.mark.parametrize("raw", ["rahman", "o.okafor", "sgt_diallo-2", "Ольга", "王小明", "محمد"])
def test_accepted_usernames(raw):
    assert accounts.clean_username(f"  {raw} ") == raw


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("", "errors.display_name_required"),
        ("\n\t ", "errors.display_name_required"),
        ("x" * 10_000, "errors.display_name_length"),
        ("Jean\x07Paul", "errors.control_characters"),
    ],
)
def test_refused_display_names(raw, key):
    with pytest.raises(InvalidInput) as refusal:
        accounts.clean_display_name(raw)
    assert refusal.value.key == key


def test_display_name_keeps_script_and_joiners_and_collapses_spaces():
    assert accounts.clean_display_name("  Rahman   Khan ") == "Rahman Khan"
    assert accounts.clean_display_name("می\u200cخواهم") == "می\u200cخواهم"


@pytest.mark.parametrize(
    ("password", "key"),
    [
        ("short", "errors.password_length"),
        ("        ", "errors.password_length"),
        ("p" * 10_000, "errors.password_length"),
        ("Rahman01", "errors.password_is_username"),
    ],
)
def test_refused_passwords(password, key):
    with pytest.raises(InvalidInput) as refusal:
        accounts.check_password(password, "rahman01")
    assert refusal.value.key == key
