"""Restructuring a guide that is already studied: real Anki, real reviews.

(The section and question names hold `_`, `:` and quotes, which Anki's
search syntax gives meanings to: the printed searches must escape them.)

For each kind of restructuring (a renamed section or title, a new `deck:`, a
card moved to another section, a file renamed into a sub-folder, the build
record deleted, a fresh clone that has only the guides and their lock file,
and no state at all), one scenario:

1. build the guide and import it into a fresh collection;
2. review every card with Anki's scheduler and hand-edit one note in Anki;
3. restructure, rebuild, re-import the new package;
4. paste each Browser search the build printed for moved cards and change
   their deck as it says.

Then: no note was added or lost (0 duplicates), every card keeps its reviews,
the hand edit is still there, and every card sits in the deck the build's
JSON names.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from anki.collection import Collection

from conftest import import_apkg, log_summary, notes_by_guid

GUIDE = """\
# Networking

## TCP_IP basics

### What is TCP?
- A reliable, ordered byte stream
- Connection-oriented

### UDP: what does "connectionless" mean?
- Datagrams sent without a handshake
- No delivery guarantees

## Naming

### What does DNS do?
- Maps names to addresses
- Uses UDP port 53 for most queries

### What is a TTL?
- How long a record may be cached
"""

HAND_EDITED_Q = "What is TCP?"
HAND_EDIT = "<b>My own words:</b> a stream with acknowledgements"


def move_udp(text: str) -> str:
    udp = '### UDP: what does "connectionless" mean?\n- Datagrams sent without a handshake\n- No delivery guarantees\n\n'
    assert udp in text
    return text.replace(udp, "").replace("## Naming\n\n", "## Naming\n\n" + udp)


@dataclass
class Case:
    """A restructuring: what it does to the guide folder, and where the
    rebuilt package is."""

    name: str
    apkg: str = "net.apkg"


CASES = [
    Case("section renamed"),
    Case("title renamed"),
    Case("deck changed"),
    Case("card moved to another section"),
    Case("file renamed and moved", apkg="networking/intro.apkg"),
    Case("record deleted"),
    Case("fresh clone with the lock file"),
    Case("no state at all"),
]


def restructure(case: Case, root: Path) -> tuple[Path, Path]:
    """Applies the case under `root`; returns (guides folder, output folder)."""
    src, out = root / "src", root / "out"
    guide = src / "net.md"
    text = guide.read_text(encoding="utf-8")
    if case.name == "section renamed":
        guide.write_text(text.replace("## TCP_IP basics", "## Fundamentals"), encoding="utf-8")
    elif case.name == "title renamed":
        guide.write_text(text.replace("# Networking", "# Computer networks"), encoding="utf-8")
    elif case.name == "deck changed":
        guide.write_text("---\ndeck: Interviews\n---\n" + text, encoding="utf-8")
    elif case.name == "card moved to another section":
        guide.write_text(move_udp(text), encoding="utf-8")
    elif case.name == "file renamed and moved":
        (src / "networking").mkdir()
        guide.rename(src / "networking" / "intro.md")
    elif case.name == "record deleted":
        shutil.rmtree(out / ".cardsmith")
        # And an edit, which must still reach Anki.
        guide.write_text(text.replace("- How long a record may be cached", "- Seconds a record may be cached"), encoding="utf-8")
    elif case.name == "fresh clone with the lock file":
        clone = root / "clone"
        shutil.copytree(src, clone / "src")
        assert (clone / "src" / "cardsmith.lock").is_file()
        # A clone's files are all as new as the clone.
        for path in (clone / "src").rglob("*"):
            os.utime(path)
        return clone / "src", clone / "out"
    elif case.name == "no state at all":
        (src / "cardsmith.lock").unlink()
        shutil.rmtree(out)
    return src, out


def build(binary: Path, src: Path, out: Path) -> str:
    proc = subprocess.run([str(binary), "build", str(src), "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, f"cardsmith build failed:\n{proc.stderr}"
    return proc.stderr


def deck_moves(stderr: str) -> list[tuple[str, str]]:
    """The (search, deck) pairs the build printed for cards to move."""
    return [(m[1], m[2]) for m in re.finditer(r"^  (\"deck:.*?)   → (.+)$", stderr, re.M)]


def review_everything(col: Collection) -> None:
    """Answers every card once, Easy, with Anki's own scheduler."""
    col.decks.select(col.decks.id_for_name("Networking"))
    for _ in range(50):
        card = col.sched.getCard()
        if card is None:
            return
        col.sched.answerCard(card, 4)
    pytest.fail("the review queue did not run dry")


def snapshot(col: Collection) -> dict[str, dict]:
    out = {}
    for guid, note in notes_by_guid(col).items():
        cards = note.cards()
        out[guid] = {
            "back": note["Back"],
            "revlog": sum(col.db.scalar("select count() from revlog where cid=?", c.id) for c in cards),
            "types": sorted(c.type for c in cards),
            "decks": sorted(col.decks.name(c.did) for c in cards),
        }
    return out


@pytest.fixture(params=CASES, ids=[c.name for c in CASES])
def outcome(request, cardsmith_bin, tmp_path):
    case: Case = request.param
    src = tmp_path / "src"
    src.mkdir()
    (src / "net.md").write_text(GUIDE, encoding="utf-8")
    build(cardsmith_bin, src, tmp_path / "out")
    first = json.loads((tmp_path / "out" / "net.json").read_text(encoding="utf-8"))
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        log = import_apkg(col, tmp_path / "out" / "net.apkg")
        assert len(log.new) == first["note_count"], log_summary(log)
        review_everything(col)
        hand = next(c["guid"] for c in first["cards"] if c["front"]["text"] == HAND_EDITED_Q)
        note = notes_by_guid(col)[hand]
        note["Back"] = HAND_EDIT
        col.update_note(note)
        before = snapshot(col)

        time.sleep(1.1)
        src2, out2 = restructure(case, tmp_path)
        stderr = build(cardsmith_bin, src2, out2)
        apkg = out2 / case.apkg
        rebuilt = json.loads(apkg.with_suffix(".json").read_text(encoding="utf-8"))
        log = import_apkg(col, apkg)
        moves = deck_moves(stderr)
        for search, deck in moves:
            cids = col.find_cards(search)
            assert cids, f"the search {search!r} finds no card"
            col.set_deck(cids, col.decks.id(deck))
        yield case, first, rebuilt, before, snapshot(col), log, stderr, moves, hand
    finally:
        col.close()


def test_no_duplicate_and_no_note_lost(outcome):
    case, first, rebuilt, before, after, log, stderr, _, _ = outcome
    assert not log.new, f"{case.name}: {log_summary(log)}\n{stderr}"
    assert set(after) == set(before)
    assert {c["guid"] for c in rebuilt["cards"]} == set(before), stderr


def test_every_review_is_kept(outcome):
    _, _, _, before, after, _, stderr, _, _ = outcome
    for guid, snap in before.items():
        assert snap["revlog"] == 1 and after[guid]["revlog"] == 1, (guid, stderr)
        assert after[guid]["types"] == snap["types"], (guid, stderr)


def test_the_hand_edit_is_kept(outcome):
    case, _, _, _, after, log, stderr, _, hand = outcome
    assert after[hand]["back"] == HAND_EDIT, f"{case.name}: {log_summary(log)}\n{stderr}"


def test_every_other_note_shows_the_guide_s_answer(outcome):
    """Edits in the guide still reach Anki (the TTL answer, edited in the
    "record deleted" case); a move alone leaves a note as it was."""
    case, _, rebuilt, _, after, log, stderr, _, hand = outcome
    for card in rebuilt["cards"]:
        if card["guid"] != hand:
            assert after[card["guid"]]["back"] == card["back"]["html"], f"{case.name}: {log_summary(log)}\n{stderr}"


def test_the_printed_searches_put_every_card_in_its_new_deck(outcome):
    case, _, rebuilt, _, after, _, stderr, moves, _ = outcome
    for card in rebuilt["cards"]:
        assert after[card["guid"]]["decks"] == [card["deck"]], f"{case.name}: {card['front']['text']}\n{stderr}"
    expect_moves = case.name in {"section renamed", "title renamed", "deck changed", "card moved to another section"}
    assert bool(moves) == expect_moves, stderr
