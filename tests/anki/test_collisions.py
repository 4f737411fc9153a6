"""GUIDs that never collide, seen in real Anki.

- Two guides that share their title, section and question import as two
  notes, each with its own answer.
- A question reworded, then reworded back with a new answer beside the
  reworded one, or replaced and then brought back: importing each build and
  its removed-notes package leaves every live note live (none tagged
  removed) and adds no duplicate.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from anki.collection import Collection

from conftest import import_apkg, log_summary, notes_by_guid

SHARED = "# Networking\n\n## Basics\n\n### What is TCP?\n{answer}\n"


def build(binary: Path, src: Path, out: Path) -> None:
    proc = subprocess.run([str(binary), "build", str(src), "-o", str(out), "-q"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_two_guides_sharing_title_section_and_question_are_two_notes(cardsmith_bin, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "work.md").write_text(SHARED.format(answer="A reliable byte stream."), encoding="utf-8")
    (src / "home.md").write_text(SHARED.format(answer="The protocol under HTTP/1 and HTTP/2."), encoding="utf-8")
    build(cardsmith_bin, src, tmp_path / "out")
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        for name in ("work", "home"):
            log = import_apkg(col, tmp_path / "out" / f"{name}.apkg")
            assert len(log.new) == 1, log_summary(log)
        backs = sorted(note["Back"] for note in notes_by_guid(col).values())
        assert len(backs) == 2 and "reliable" in backs[0] and "HTTP/1" in backs[1], backs
    finally:
        col.close()


def import_versions(binary: Path, tmp_path: Path, versions: list[str]) -> tuple[dict, set[str]]:
    """Builds each version of a guide in turn, importing its package and its
    removed-notes package; returns the notes in Anki and the live GUIDs."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    guide = src / "net.md"
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        for text in versions:
            time.sleep(1.1)
            guide.write_text(text, encoding="utf-8")
            build(binary, src, out)
            import_apkg(col, out / "net.apkg")
            removed = out / "net.removed.apkg"
            if removed.is_file():
                import_apkg(col, removed)
        live = {card["guid"] for card in json.loads((out / "net.json").read_text(encoding="utf-8"))["cards"]}
        notes = {guid: (note["Back"], list(note.tags)) for guid, note in notes_by_guid(col).items()}
        return notes, live
    finally:
        col.close()


def test_reword_then_revert_keeps_every_live_note_live(cardsmith_bin, tmp_path):
    notes, live = import_versions(
        cardsmith_bin,
        tmp_path,
        [
            "# Net\n\n## S\n\n### What is TCP?\nA reliable stream.\n",
            "# Net\n\n## S\n\n### What exactly is TCP?\nA reliable stream.\n",
            "# Net\n\n## S\n\n### What is TCP?\nA transport protocol.\n\n### What exactly is TCP?\nA reliable stream.\n",
        ],
    )
    assert set(notes) == live, "no duplicate, nothing left over"
    tagged = {guid for guid in live if "cardsmith::removed" in notes[guid][1]}
    assert not tagged, f"live notes tagged removed: {tagged}"
    backs = [back for back, _ in notes.values()]
    assert any("transport protocol" in b for b in backs) and any("reliable stream" in b for b in backs), backs


def test_a_removed_question_that_returns_is_live_again(cardsmith_bin, tmp_path):
    # v2 replaces the question (too different to be a rewording); v3 brings
    # the first one back with a new answer and drops the second.
    notes, live = import_versions(
        cardsmith_bin,
        tmp_path,
        [
            "# Net\n\n## S\n\n### What is TCP?\nA reliable stream.\n",
            "# Net\n\n## S\n\n### Define the transmission control protocol.\nConnection-oriented transport.\n",
            "# Net\n\n## S\n\n### What is TCP?\nA transport protocol.\n",
        ],
    )
    assert len(live) == 1
    (guid,) = live
    assert "cardsmith::removed" not in notes[guid][1], notes
    assert "transport protocol" in notes[guid][0]
    removed = [g for g in notes if g not in live]
    assert len(removed) == 1 and "cardsmith::removed" in notes[removed[0]][1], notes
