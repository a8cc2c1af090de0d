"""Glossary exports: CSV for spreadsheets, .apkg for Anki, and the ``python -m glossary export`` command."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
import wave
import zipfile
from dataclasses import dataclass
from pathlib import Path

import genanki
import pytest

from audio.engines import Engine
from audio.formats import WAV
from audio.service import AudioService
from glossary.__main__ import main
from glossary.export import (
    ANKI_FIELDS,
    CSV_COLUMNS,
    DECK_ID,
    MODEL_ID,
    anki_model,
    apkg_bytes,
    csv_bytes,
    export_apkg,
    export_csv,
    note_fields,
)
from glossary.model import THEMES, GlossaryEntry
from library.content import load_course_and_glossary

CONTENT = Path(__file__).resolve().parent.parent / "fixtures" / "content" / "valid"

TRICKY = GlossaryEntry(
    id="gen-tricky",
    french="l'« état » d'urgence, dit \"EU\"",
    pos="m",
    english=("state of emergency", 'the "emergency", formally'),
    spanish=("estado de emergencia",),
    theme="general",
    level="B2",
    expansion="",
    example="Il a dit : « Halte ! »,\npuis il est parti.",
    example_en='He said "Halt!",\r\nthen left.',
    example_es="Dijo: «¡Alto!», y se fue.",
    notes='a <b>bold</b> & risky note; commas, "quotes", and a\nline break',
)
ONU = GlossaryEntry(
    id="un-onu",
    french="l'ONU",
    pos="f",
    english=("UN", "United Nations"),
    spanish=("ONU",),
    theme="un",
    level="A2",
    expansion="Organisation des Nations unies",
    alternatives=("l'Organisation des Nations Unies", "les Nations Unies"),
)
CAPORAL = GlossaryEntry(
    id="rank-le-caporal",
    french="le caporal",
    pos="m",
    english=("corporal",),
    spanish=("cabo",),
    theme="ranks",
    level="A1",
    notes="OR-3",
)
ENTRIES = [TRICKY, ONU, CAPORAL]


def expected_row(entry: GlossaryEntry) -> dict[str, str]:
    return {
        "id": entry.id,
        "french": entry.french,
        "pos": entry.pos,
        "english": "; ".join(entry.english),
        "spanish": "; ".join(entry.spanish),
        "theme": entry.theme,
        "level": entry.level,
        "expansion": entry.expansion,
        "alternatives": "; ".join(entry.alternatives),
        "example": entry.example,
        "example_en": entry.example_en,
        "example_es": entry.example_es,
        "notes": entry.notes,
    }


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


# -- CSV -----------------------------------------------------------------------------------------------
def test_csv_round_trips_tricky_text_through_the_csv_module(tmp_path):
    path = tmp_path / "glossary.csv"
    summary = export_csv(ENTRIES, path)
    assert summary.entries == 3
    data = path.read_bytes()
    assert read_csv(data) == [expected_row(entry) for entry in ENTRIES]


def test_csv_is_rfc4180_utf8_without_bom():
    data = csv_bytes([CAPORAL, TRICKY])
    assert not data.startswith(b"\xef\xbb\xbf")
    lines = data.split(b"\r\n")
    assert lines[0] == ",".join(CSV_COLUMNS).encode()
    assert (
        lines[1] == b"rank-le-caporal,le caporal,m,corporal,cabo,ranks,A1,,,,,,OR-3"
    )  # quotes only if needed
    assert b'"l\'\xc2\xab \xc3\xa9tat \xc2\xbb d\'urgence, dit ""EU"""' in data  # doubled quotes
    assert data.endswith(b"\r\n")


def test_csv_to_text_and_binary_files_and_bytes_agree(tmp_path):
    text = io.StringIO(newline="")
    export_csv(ENTRIES, text)
    binary = io.BytesIO()
    assert export_csv(ENTRIES, binary).entries == 3
    assert not binary.closed  # the caller's file stays open
    export_csv(ENTRIES, tmp_path / "out.csv")
    expected = csv_bytes(ENTRIES)
    assert (
        text.getvalue().encode("utf-8")
        == binary.getvalue()
        == (tmp_path / "out.csv").read_bytes()
        == expected
    )


def test_csv_of_no_entries_is_the_header_alone():
    assert csv_bytes([]) == (",".join(CSV_COLUMNS) + "\r\n").encode()


def test_a_failed_export_leaves_the_previous_file_whole(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_text("previous", encoding="utf-8")

    def broken():
        yield CAPORAL
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        export_csv(broken(), path)
    assert path.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["glossary.csv"]  # no temporary file left


# -- Anki package (structure; tests/integration/test_anki_import.py imports one with Anki itself) -------
def tiny_wav(path: Path) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 400)
    return path


@dataclass
class FakeClip:
    path: Path
    mime: str = WAV


class Clips:
    """A stand-in audio service: cached clips for some texts, errors for others; records the lookups."""

    def __init__(self, clips: dict[str, Path], failing: tuple[str, ...] = ()):
        self.clips = clips
        self.failing = failing
        self.asked: list[str] = []

    def cached_clip(self, text, slow=False):
        self.asked.append(text)
        if text in self.failing:
            raise ValueError("unspeakable")
        path = self.clips.get(text)
        return FakeClip(path) if path else None


def package_contents(data: bytes) -> tuple[list[tuple], dict[str, str], dict[str, bytes]]:
    """(notes rows, media map, media bytes by name) of an .apkg."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        media = json.loads(archive.read("media"))
        files = {name: archive.read(index) for index, name in media.items()}
        database = archive.read("collection.anki2")
    with tempfile.NamedTemporaryFile(suffix=".anki2") as handle:
        handle.write(database)
        handle.flush()
        connection = sqlite3.connect(handle.name)
        try:
            notes = connection.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
            decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
        finally:
            connection.close()
    assert str(DECK_ID) in decks
    return notes, media, files


def test_apkg_has_one_note_per_entry_with_stable_ids_and_escaped_fields(tmp_path):
    notes, media, _ = package_contents(apkg_bytes(ENTRIES))
    assert [guid for guid, *_ in notes] == [genanki.guid_for(entry.id) for entry in ENTRIES]
    assert {mid for _, mid, *_ in notes} == {MODEL_ID}
    fields = [flds.split("\x1f") for _, _, flds, _ in notes]
    assert all(len(row) == len(ANKI_FIELDS) for row in fields)
    tricky = dict(zip(ANKI_FIELDS, fields[0], strict=True))
    assert tricky["French"] == "l'« état » d'urgence, dit \"EU\""
    assert (
        tricky["Notes"] == 'a &lt;b&gt;bold&lt;/b&gt; &amp; risky note; commas, "quotes", and a<br>line break'
    )
    assert tricky["Example"] == "Il a dit : « Halte ! »,<br>puis il est parti."
    assert tricky["ExampleTranslation"] == 'He said "Halt!",<br>then left.<br>Dijo: «¡Alto!», y se fue.'
    assert tricky["Audio"] == ""
    assert (tricky["Alternatives"], tricky["Expansion"]) == ("", "")
    onu = dict(zip(ANKI_FIELDS, fields[1], strict=True))
    assert (onu["English"], onu["Notes"], onu["Gender/POS"]) == (
        "UN; United Nations",
        "Organisation des Nations unies",
        "f",
    )
    assert (onu["Alternatives"], onu["Expansion"]) == (
        "l'Organisation des Nations Unies; les Nations Unies",
        "Organisation des Nations unies",
    )
    assert notes[2][3].split() == ["parlez::theme::ranks", "parlez::level::A1"]
    assert media == {}


def test_apkg_includes_the_cached_clip_of_each_french_term_once(tmp_path):
    clip = tiny_wav(tmp_path / "abc123.wav")
    second_sense = GlossaryEntry(
        id="rank-le-caporal-bis",
        french="le caporal",
        pos="m",
        english=("lance corporal",),
        spanish=("cabo",),
        theme="ranks",
        level="B1",
    )
    audio = Clips({"le caporal": clip}, failing=("l'ONU",))
    data = apkg_bytes([CAPORAL, ONU, second_sense, TRICKY], audio=audio)
    notes, media, files = package_contents(data)
    assert audio.asked == ["le caporal", "l'ONU", "le caporal", TRICKY.french]  # French terms, normal speed
    assert media == {"0": "abc123.wav"}
    assert files["abc123.wav"] == clip.read_bytes()
    audio_fields = [flds.split("\x1f")[ANKI_FIELDS.index("Audio")] for _, _, flds, _ in notes]
    assert audio_fields == ["[sound:abc123.wav]", "", "[sound:abc123.wav]", ""]


def test_apkg_media_names_are_unique_and_safe(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = tiny_wav(tmp_path / "a" / "clip [1].wav")
    second = tiny_wav(tmp_path / "b" / "clip [1].wav")
    audio = Clips({"le caporal": first, "l'ONU": second})
    _, media, _ = package_contents(apkg_bytes([CAPORAL, ONU], audio=audio))
    assert sorted(media.values()) == ["clip__1_-2.wav", "clip__1_.wav"]


class RefusingEngine(Engine):
    """An engine that fails the test if an export ever asks it to speak."""

    name = "espeak"
    mime = WAV

    @property
    def voice(self) -> str:
        return "fr-test"

    def speed_id(self, slow: bool) -> str:
        return "slow" if slow else "normal"

    def synthesise(self, text, slow, destination):
        raise AssertionError(f"an export must never synthesise ({text!r})")


def test_apkg_uses_a_real_audio_service_cache_without_synthesising(tmp_path):
    engine = RefusingEngine()
    service = AudioService(tmp_path / "audio", [engine])
    wav = tiny_wav(tmp_path / "made.wav")
    spec = service._spec(engine, "le caporal", False)
    service.cache.store(spec, lambda destination: destination.write_bytes(wav.read_bytes()))
    summary = export_apkg([CAPORAL, ONU], tmp_path / "deck.apkg", audio=service)
    assert (summary.entries, summary.audio_clips) == (2, 1)
    _, media, files = package_contents((tmp_path / "deck.apkg").read_bytes())
    assert list(files.values()) == [wav.read_bytes()]


def test_apkg_model_and_deck_ids_are_constants():
    assert 1 << 30 <= MODEL_ID < 1 << 31 and 1 << 30 <= DECK_ID < 1 << 31
    first, _, _ = package_contents(apkg_bytes([CAPORAL]))
    again, _, _ = package_contents(apkg_bytes([CAPORAL]))
    assert first[0][:2] == again[0][:2]  # guid and model id


def test_apkg_export_leaves_no_temporary_file(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # genanki's own write_to_file would leak here
    apkg_bytes(ENTRIES)
    export_apkg(ENTRIES, tmp_path / "deck.apkg")
    assert list(scratch.iterdir()) == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["deck.apkg", "scratch"]


def test_note_fields_of_a_plain_entry():
    assert note_fields(CAPORAL, "x.mp3") == [
        "le caporal",
        "m",
        "corporal",
        "cabo",
        "",
        "",
        "OR-3",
        "[sound:x.mp3]",
        "",
        "",
    ]


EVASAN = GlossaryEntry(
    id="med-evacuation-sanitaire",
    french="l'évacuation sanitaire",
    pos="f",
    english=("medical evacuation", "MEDEVAC"),
    spanish=("evacuación sanitaria",),
    theme="medical",
    level="A2",
    alternatives=("l'EVASAN", "la MEDEVAC"),
)
EMA = GlossaryEntry(
    id="org-l-ema",
    french="l'EMA",
    pos="m",
    english=("Defence Staff",),
    spanish=("Estado Mayor de la Defensa",),
    theme="organisation",
    level="B2",
    expansion="état-major des armées",
    alternatives=("l'état-major des armées",),
    notes="In Paris.",
)


@pytest.mark.parametrize(
    ("entry", "alternatives", "expansion", "notes"),
    [
        (EVASAN, "l'EVASAN; la MEDEVAC", "", ""),
        (EMA, "l'état-major des armées", "état-major des armées", "état-major des armées<br>In Paris."),
        (CAPORAL, "", "", "OR-3"),
    ],
)
def test_alternatives_and_expansion_reach_both_exports(entry, alternatives, expansion, notes):
    (row,) = read_csv(csv_bytes([entry]))
    assert (row["alternatives"], row["expansion"]) == (alternatives, expansion)
    fields = dict(zip(ANKI_FIELDS, note_fields(entry), strict=True))
    assert (fields["Alternatives"], fields["Expansion"], fields["Notes"]) == (alternatives, expansion, notes)


def test_new_anki_fields_come_after_the_old_ones():
    assert ANKI_FIELDS[:8] == (
        "French",
        "Gender/POS",
        "English",
        "Spanish",
        "Example",
        "ExampleTranslation",
        "Notes",
        "Audio",
    )
    assert ANKI_FIELDS[8:] == ("Alternatives", "Expansion")
    back = anki_model().templates[0]["afmt"]
    assert "{{Alternatives}}" in back


def test_the_real_glossary_export_keeps_evasan():
    content = Path(__file__).resolve().parents[2] / "content"
    _, glossary = load_course_and_glossary(content)
    rows = {row["id"]: row for row in read_csv(csv_bytes(glossary.entries))}
    assert "l'EVASAN" in rows["med-evacuation-sanitaire"]["alternatives"].split("; ")
    assert rows["un-onu"]["expansion"] == "Organisation des Nations Unies"
    with_alternatives = [entry for entry in glossary.entries if entry.alternatives]
    assert with_alternatives and all(
        rows[entry.id]["alternatives"] == "; ".join(entry.alternatives) for entry in with_alternatives
    )


# -- the command ---------------------------------------------------------------------------------------
def test_command_exports_a_theme_as_csv(tmp_path, capsys):
    output = tmp_path / "ranks.csv"
    assert (
        main(["export", "--format", "csv", "-o", str(output), "--theme", "ranks", "--content", str(CONTENT)])
        == 0
    )
    rows = read_csv(output.read_bytes())
    assert rows and {row["theme"] for row in rows} == {"ranks"}
    assert capsys.readouterr().out == f"exported {len(rows)} entries to {output}\n"


def test_command_exports_apkg_with_several_themes_and_levels(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PARLEZ_AUDIO_DIR", str(tmp_path / "empty-cache"))
    output = tmp_path / "deck.apkg"
    argv = [
        "export",
        "-o",
        str(output),
        "--theme",
        "general",
        "ranks",
        "--level",
        "A1",
        "--content",
        str(CONTENT),
    ]
    assert main(argv) == 0
    notes, _, _ = package_contents(output.read_bytes())
    assert capsys.readouterr().out == f"exported {len(notes)} entries to {output} (0 with audio)\n"
    tags = [set(note_tags.split()) for *_, note_tags in notes]
    assert {"parlez::theme::general", "parlez::theme::ranks"} <= set().union(*tags)
    assert all("parlez::level::A1" in note_tags for note_tags in tags)  # le major (B1) is left out
    assert genanki.guid_for("gen-major-promotion") not in {guid for guid, *_ in notes}


def test_command_exports_the_terms_of_a_unit(tmp_path, capsys):
    output = tmp_path / "unit.csv"
    assert main(["export", "-o", str(output), "--unit", "u01-ranks", "--content", str(CONTENT)]) == 0
    rows = read_csv(output.read_bytes())
    _, glossary = load_course_and_glossary(CONTENT)
    expected = [entry.id for entry in glossary.entries if "u01-ranks" in entry.units]
    assert expected and [row["id"] for row in rows] == expected
    assert capsys.readouterr().out == f"exported {len(rows)} entries to {output}\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--theme", "army"], 'unknown theme "army"; valid themes: ' + ", ".join(THEMES)),
        (["--theme", "ranks", "--theme", "rank", "armée"], 'unknown themes "rank", "armée"'),
        (["--level", "C1"], 'unknown level "C1"; valid levels: A1, A2, B1, B2'),
        (["--unit", "u99"], 'unknown unit "u99"; valid units: u00-first-contact, u01-ranks'),
        (["--format", "pdf"], "invalid choice: 'pdf'"),
        (["--content", "/no/such/dir"], "/no/such/dir: no such content directory"),
    ],
)
def test_command_refuses_bad_arguments_clearly(tmp_path, capsys, argv, message):
    output = tmp_path / "out.csv"
    arguments = ["export", "-o", str(output), *argv]
    if "--content" not in argv:
        arguments += ["--content", str(CONTENT)]
    assert main(arguments) == 2
    assert message in capsys.readouterr().err
    assert not output.exists()


def test_command_needs_a_format_it_can_tell(tmp_path, capsys):
    assert main(["export", "-o", str(tmp_path / "out.txt"), "--content", str(CONTENT)]) == 2
    assert "add --format csv or --format apkg" in capsys.readouterr().err
    assert main(["export", "-o", str(tmp_path / "missing" / "out.csv"), "--content", str(CONTENT)]) == 2
    assert "no such directory" in capsys.readouterr().err
    assert main([]) == 2


def test_command_with_no_matching_entry_writes_nothing(tmp_path, capsys):
    output = tmp_path / "out.csv"
    assert main(["export", "-o", str(output), "--theme", "alphabet", "--content", str(CONTENT)]) == 1
    assert "no glossary entry matches" in capsys.readouterr().err
    assert not output.exists()
