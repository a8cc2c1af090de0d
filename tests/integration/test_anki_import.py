"""An exported .apkg opens in Anki itself: its own Python library imports it into a fresh collection.

``anki`` 26.9 has no ``anki.importing.apkg`` module any more; packages are imported by the Rust backend
through ``Collection.import_anki_package(ImportAnkiPackageRequest(...))``.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

from glossary.export import DECK_NAME, MODEL_NAME, export_apkg
from glossary.model import GlossaryEntry

CAPORAL = GlossaryEntry(
    id="rank-le-caporal",
    french="le caporal",
    pos="m",
    english=("corporal",),
    spanish=("cabo",),
    theme="ranks",
    level="A1",
    example="Le caporal commande une équipe de quatre hommes.",
    example_en="The corporal leads a team of four.",
    example_es="El cabo manda un equipo de cuatro hombres.",
    notes="OR-3. Addressed « caporal » (no « mon »).",
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
)
TRICKY = GlossaryEntry(
    id="gen-tricky",
    french='« Halte ! » <dit> & "crie"',
    pos="expr",
    english=("Halt!",),
    spanish=("¡Alto!",),
    theme="checkpoint",
    level="A1",
    notes="two\nlines",
)
ENTRIES = [CAPORAL, ONU, TRICKY]


@dataclass
class CachedClip:
    path: Path
    mime: str = "audio/wav"


class OneCachedClip:
    """Stands for an AudioService whose cache holds a clip of «le caporal» only."""

    def __init__(self, path: Path):
        self.path = path

    def cached_clip(self, text: str, slow: bool = False):
        return CachedClip(self.path) if text == "le caporal" else None


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    path = tmp_path / "0f1e2d3c4b5a.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x01" * 800)  # 0.1 s
    return path


@pytest.fixture
def collection(tmp_path: Path):
    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    yield col
    col.close()


def import_package(col: Collection, path: Path):
    request = ImportAnkiPackageRequest(
        package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=False)
    )
    return col.import_anki_package(request)


def note_of(col: Collection, french: str):
    found = [col.get_note(note_id) for note_id in col.find_notes("")]
    return next(note for note in found if note["French"] == french)


def test_anki_imports_the_notes_cards_fields_and_media(tmp_path, clip, collection):
    package = tmp_path / "glossary.apkg"
    summary = export_apkg(ENTRIES, package, audio=OneCachedClip(clip))
    assert (summary.entries, summary.audio_clips) == (3, 1)

    import_package(collection, package)

    assert collection.note_count() == 3
    assert collection.card_count() == 6  # French → meaning and meaning → French
    caporal = note_of(collection, "le caporal")
    assert caporal.note_type()["name"] == MODEL_NAME
    assert caporal["English"] == "corporal"
    assert caporal["Spanish"] == "cabo"
    assert caporal["Gender/POS"] == "m"
    assert caporal["Example"] == CAPORAL.example
    assert caporal["Audio"] == f"[sound:{clip.name}]"
    assert sorted(caporal.tags) == ["parlez::level::A1", "parlez::theme::ranks"]
    onu = note_of(collection, "l'ONU")
    assert (onu["English"], onu["Notes"], onu["Audio"]) == (
        "UN; United Nations",
        "Organisation des Nations unies",
        "",
    )
    tricky = note_of(collection, '« Halte ! » &lt;dit&gt; &amp; "crie"')
    assert tricky["Notes"] == "two<br>lines"

    media = Path(collection.media.dir()) / clip.name
    assert media.read_bytes() == clip.read_bytes()

    deck = collection.decks.by_name(DECK_NAME)
    assert deck is not None
    assert len(collection.find_cards(f'"deck:{DECK_NAME}"')) == 6

    front, back = caporal.cards()
    assert "le caporal" in front.question() and "corporal" not in front.question()
    assert "corporal" in front.answer() and "cabo" in front.answer()
    assert "corporal" in back.question() and "le caporal" not in back.question()
    assert "le caporal" in back.answer()


def test_a_newer_export_updates_the_notes_instead_of_duplicating_them(tmp_path, clip, collection):
    first = tmp_path / "first.apkg"
    export_apkg(ENTRIES, first, timestamp=1_780_000_000)
    import_package(collection, first)

    corrected = replace(CAPORAL, english=("corporal", "lance corporal"))
    second = tmp_path / "second.apkg"
    export_apkg([corrected, ONU, TRICKY], second, timestamp=1_780_086_400)  # a day later
    import_package(collection, second)

    assert collection.note_count() == 3
    assert note_of(collection, "le caporal")["English"] == "corporal; lance corporal"
    names = [model.name for model in collection.models.all_names_and_ids()]
    assert [name for name in names if name.startswith(MODEL_NAME)] == [MODEL_NAME]  # no second note type
