"""One package for a batch (`build --bundle NAME`), seen in real Anki.

The bundle holds every guide's notes with the same GUIDs, decks and note
types as the guides' own packages: imported into a fresh collection it
gives as many notes as those packages together, in the same decks; a
guide's own package imported after it adds and changes nothing; and the
other way round, the bundle after a guide's package adds only the others.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from anki.collection import Collection

from conftest import collection_deck_names, copy_guide, import_apkg, log_summary, notes_by_guid

REPO = Path(__file__).resolve().parents[2]
GUIDES = [REPO / "source" / "advanced-python.md", REPO / "tests" / "anki" / "fixtures" / "python-internals.md"]


def build_bundle(binary: Path, tmp: Path) -> tuple[Path, dict[str, dict]]:
    src = tmp / "src"
    for guide in GUIDES:
        copy_guide(guide, src)
    out = tmp / "out"
    proc = subprocess.run(
        [str(binary), "build", str(src), "-o", str(out), "--bundle", "all"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "bundle: 2 guides" in proc.stderr, proc.stderr
    docs = {g.stem: json.loads((out / f"{g.stem}.json").read_text(encoding="utf-8")) for g in GUIDES}
    return out, docs


def test_the_bundle_holds_every_guides_notes_and_a_guides_package_after_it_changes_nothing(cardsmith_bin, tmp_path):
    out, docs = build_bundle(cardsmith_bin, tmp_path)
    expected_guids = {card["guid"] for doc in docs.values() for card in doc["cards"]}
    expected_decks = {card["deck"] for doc in docs.values() for card in doc["cards"]}
    col = Collection(str(tmp_path / "bundle.anki2"))
    try:
        log = import_apkg(col, out / "all.apkg")
        assert len(log.new) == len(expected_guids), log_summary(log)
        assert set(notes_by_guid(col)) == expected_guids
        assert expected_decks <= collection_deck_names(col)
        cards_before = col.card_count()
        for guide in GUIDES:
            log = import_apkg(col, out / f"{guide.stem}.apkg")
            assert len(log.new) == 0 and len(log.updated) == 0, log_summary(log)
            assert len(log.duplicate) == len(docs[guide.stem]["cards"]), log_summary(log)
        assert col.note_count() == len(expected_guids)
        assert col.card_count() == cards_before
    finally:
        col.close()


def test_a_guides_package_then_the_bundle_adds_only_the_other_guides(cardsmith_bin, tmp_path):
    out, docs = build_bundle(cardsmith_bin, tmp_path)
    first, second = (guide.stem for guide in GUIDES)
    col = Collection(str(tmp_path / "guide-first.anki2"))
    try:
        import_apkg(col, out / f"{first}.apkg")
        log = import_apkg(col, out / "all.apkg")
        assert len(log.new) == len(docs[second]["cards"]), log_summary(log)
        assert col.note_count() == sum(len(doc["cards"]) for doc in docs.values())
    finally:
        col.close()
