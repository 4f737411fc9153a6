"""Regenerating a deck that is already in use: real Anki, real reviews.

One scenario, run once per module (the `scenario` fixture), checked by the
tests below:

1. build a v1 guide and import its .apkg into a fresh collection;
2. review some cards with Anki's own scheduler;
3. hand-edit, in Anki, a note the guide will leave alone;
4. edit the guide (one answer changed, one question reworded, the `## Extras`
   section removed, one question added), rebuild into the same output folder
   and re-import the .apkg into the same collection;
5. import NAME.removed.apkg, which should tag the removed notes;
6. rebuild without changes and re-import: nothing may change.

Each step's observations (import logs, notes, cards, revlog counts) are
snapshotted when they happen, so a later step cannot hide an earlier failure.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from anki.collection import Collection

from conftest import import_apkg, log_summary, notes_by_guid

REMOVED_TAG = "cardsmith::removed"

GUIDE_NAME = "networking.md"
STEM = "networking"

GUIDE_V1 = """\
# Networking

## Basics

### What is TCP?
- A reliable, ordered byte stream
- Connection-oriented, with a three-way handshake

### What is UDP?
- Connectionless datagrams
- No delivery or ordering guarantees

### What does DNS do?
- Maps names to addresses
- Uses UDP port 53 for most queries

### Why use a subnet mask?
- It separates the network part of an address from the host part
- Routers use it to decide where to forward

### Ports
- `22` - SSH
- `80` - HTTP
- `443` - HTTPS

## Extras

### What is NAT?
- Rewrites addresses at the network edge
- Lets many hosts share one public address

### What is a MAC address?
- A link-layer hardware identifier
- Forty-eight bits, written in hex
"""

# The questions each role is played by (front text as cardsmith's JSON has it).
REWORDED_OLD = "What is TCP?"
REWORDED_NEW = "What exactly is TCP?"
EDITED_Q = "Why use a subnet mask?"
EDITED_OLD_BULLET = "Routers use it to decide where to forward"
EDITED_NEW_BULLET = "Hosts use it to tell local peers from remote ones"
HAND_EDITED_Q = "What is UDP?"
HAND_EDIT = "<b>My own words:</b> fire-and-forget packets"
REVIEWED_UNCHANGED_Q = "What does DNS do?"
REMOVED_QS = {"What is NAT?": 28, "What is a MAC address?": 32}  # question -> v1 line
NEW_Q = "What is ICMP?"
NEW_BLOCK = "### What is ICMP?\n- Control messages such as echo and unreachable\n- Used by ping and traceroute\n\n"


def guide_v2() -> str:
    text = GUIDE_V1
    for old, new in (
        (f"- {EDITED_OLD_BULLET}\n", f"- {EDITED_NEW_BULLET}\n"),
        (f"### {REWORDED_OLD}\n", f"### {REWORDED_NEW}\n"),
        ("### Ports\n", NEW_BLOCK + "### Ports\n"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    text = text[: text.index("## Extras")]
    return text


# --- helpers -------------------------------------------------------------------


@dataclass
class Run:
    stdout: str
    stderr: str


def run_build(binary: Path, src: Path, out: Path) -> Run:
    """`cardsmith build SRC -o OUT` (not quiet: the report is under test)."""
    proc = subprocess.run(
        [str(binary), "build", str(src), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, f"cardsmith build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return Run(stdout=proc.stdout, stderr=proc.stderr)


def apkg_note_mods(apkg: Path) -> dict[str, int]:
    """guid -> notes.mod as written in the package (for failure messages)."""
    with zipfile.ZipFile(apkg) as zf, tempfile.TemporaryDirectory() as tmp:
        names = set(zf.namelist())
        for name in ("collection.anki21", "collection.anki2"):
            if name in names:
                path = Path(tmp) / name
                path.write_bytes(zf.read(name))
                con = sqlite3.connect(path)
                try:
                    return dict(con.execute("select guid, mod from notes").fetchall())
                finally:
                    con.close()
    return {}


def collection_note_mods(col: Collection) -> dict[str, int]:
    return dict(col.db.all("select guid, mod from notes"))


def mods_report(col: Collection, apkg: Path, guids) -> str:
    in_pkg = apkg_note_mods(apkg)
    in_col = collection_note_mods(col)
    return "notes.mod (apkg vs collection): " + ", ".join(
        f"{guid!r}: {in_pkg.get(guid)} vs {in_col.get(guid)}" for guid in sorted(guids)
    )


def revlog_count(col: Collection, cid: int) -> int:
    return col.db.scalar("select count() from revlog where cid=?", cid)


def card_state(col: Collection, cid: int) -> dict:
    card = col.get_card(cid)
    return {
        "type": card.type,
        "queue": card.queue,
        "ivl": card.ivl,
        "due": card.due,
        "reps": card.reps,
        "lapses": card.lapses,
        "factor": card.factor,
        "revlog": revlog_count(col, cid),
    }


def guid_of(data: dict, front: str) -> str:
    matches = [card["guid"] for card in data["cards"] if card["front"]["text"] == front]
    assert len(matches) == 1, f"{front!r}: {len(matches)} cards in the build's JSON"
    return matches[0]


@dataclass
class NoteSnap:
    nid: int
    guid: str
    fields: dict[str, str]
    tags: list[str]
    cards: dict[int, dict]  # cid -> card_state

    @classmethod
    def take(cls, col: Collection, note) -> NoteSnap:
        return cls(
            nid=note.id,
            guid=note.guid,
            fields=dict(note.items()),
            tags=list(note.tags),
            cards={card.id: card_state(col, card.id) for card in note.cards()},
        )


def snapshot(col: Collection) -> dict[str, NoteSnap]:
    return {guid: NoteSnap.take(col, note) for guid, note in notes_by_guid(col).items()}


@dataclass
class Scenario:
    src: Path
    out: Path
    guide: Path
    v1: dict = field(default_factory=dict)  # build JSON
    v2: dict = field(default_factory=dict)
    guids: dict[str, str] = field(default_factory=dict)  # role -> guid
    reviewed: dict[str, dict] = field(default_factory=dict)  # role -> {cid: state} right after reviewing
    after_v1: dict[str, NoteSnap] = field(default_factory=dict)  # after reviews and hand edit
    v2_run: Run | None = None
    v2_log: object = None
    v2_mods: str = ""
    after_v2: dict[str, NoteSnap] = field(default_factory=dict)
    v2_note_count: int = 0
    removed_log: object = None
    removed_mods: str = ""
    removed_pkg_guids: set[str] = field(default_factory=set)
    after_removed: dict[str, NoteSnap] = field(default_factory=dict)
    tagged_after_removed: set[int] = field(default_factory=set)
    removed_note_count: int = 0
    v3_run: Run | None = None
    v3_identical: dict[str, bool] = field(default_factory=dict)
    v3_log: object = None
    v3_mods: str = ""
    after_v3: dict[str, NoteSnap] = field(default_factory=dict)


def review_session(col: Collection, plan: dict[int, list[int]]) -> None:
    """A review session with Anki's v3 scheduler, as in the reviewer: the card
    at the top of the queue is answered with the next ease planned for it
    (cid -> eases), or buried when nothing is planned for it, until the plan
    is done. A card answered Good comes back (learning, learn-ahead) later in
    the same session."""
    remaining = {cid: list(eases) for cid, eases in plan.items()}
    for _ in range(100):
        if not any(remaining.values()):
            return
        card = col.sched.getCard()
        assert card is not None, f"the queue ran dry with answers left: {remaining}"
        if remaining.get(card.id):
            col.sched.answerCard(card, remaining[card.id].pop(0))
        else:
            col.sched.bury_cards([card.id], manual=True)
    pytest.fail(f"review session did not finish: {remaining}")


# --- the scenario ----------------------------------------------------------------


@pytest.fixture(scope="module")
def scenario(cardsmith_bin, tmp_path_factory) -> Scenario:
    root = tmp_path_factory.mktemp("regenerate")
    src, out = root / "src", root / "out"
    src.mkdir()
    guide = src / GUIDE_NAME
    sc = Scenario(src=src, out=out, guide=guide)
    apkg = out / f"{STEM}.apkg"

    # 1. v1: build, import into a fresh collection.
    guide.write_text(GUIDE_V1, encoding="utf-8")
    run_build(cardsmith_bin, src, out)
    sc.v1 = _read_json(out)
    for role, front in (
        ("reworded", REWORDED_OLD),
        ("edited", EDITED_Q),
        ("hand_edited", HAND_EDITED_Q),
        ("reviewed_unchanged", REVIEWED_UNCHANGED_Q),
        *((f"removed:{q}", q) for q in REMOVED_QS),
    ):
        sc.guids[role] = guid_of(sc.v1, front)

    (root / "collection").mkdir()
    col = Collection(str(root / "collection" / "collection.anki2"))
    try:
        log = import_apkg(col, apkg)
        assert len(log.new) == sc.v1["note_count"], log_summary(log)
        notes = notes_by_guid(col)

        # 2. Reviews with Anki's scheduler, in the guide's deck (and sub-decks).
        col.decks.select(col.decks.id_for_name("Networking"))
        # Good then Easy graduates a new card to review; one Easy graduates it
        # at once; one Good leaves it learning.
        plan = {
            "reworded": [3, 4],
            "edited": [4],
            "reviewed_unchanged": [3],
            f"removed:{next(iter(REMOVED_QS))}": [4],
        }
        review_session(
            col, {card.id: eases for role, eases in plan.items() for card in notes[sc.guids[role]].cards()}
        )
        for role, eases in plan.items():
            sc.reviewed[role] = {card.id: card_state(col, card.id) for card in notes[sc.guids[role]].cards()}
            for cid, state in sc.reviewed[role].items():
                assert state["revlog"] == len(eases), (role, state)
        assert all(s["type"] == 2 for s in sc.reviewed["reworded"].values()), sc.reviewed["reworded"]
        assert all(s["type"] == 1 for s in sc.reviewed["reviewed_unchanged"].values()), sc.reviewed

        # 3. Hand edit in Anki of a note the guide leaves alone.
        note = col.get_note(notes[sc.guids["hand_edited"]].id)
        note["Back"] = HAND_EDIT
        col.update_note(note)
        sc.after_v1 = snapshot(col)

        # 4. Edit the guide in a later second, rebuild into the same folder, re-import.
        time.sleep(1.1)
        guide.write_text(guide_v2(), encoding="utf-8")
        sc.v2_run = run_build(cardsmith_bin, src, out)
        sc.v2 = _read_json(out)
        sc.guids["new"] = guid_of(sc.v2, NEW_Q)
        saved = root / "v2-out"
        saved.mkdir()
        for ext in ("apkg", "csv", "json"):
            shutil.copyfile(out / f"{STEM}.{ext}", saved / f"{STEM}.{ext}")
        sc.v2_log = import_apkg(col, apkg)
        sc.v2_mods = mods_report(col, apkg, sc.after_v1.keys() | {sc.guids["new"]})
        sc.after_v2 = snapshot(col)
        sc.v2_note_count = col.note_count()

        # 5. The removed notes' package tags them.
        removed_apkg = out / f"{STEM}.removed.apkg"
        assert removed_apkg.is_file(), f"cardsmith did not write {removed_apkg}"
        sc.removed_pkg_guids = set(apkg_note_mods(removed_apkg))
        sc.removed_log = import_apkg(col, removed_apkg)
        sc.removed_mods = mods_report(col, removed_apkg, sc.removed_pkg_guids)
        sc.after_removed = snapshot(col)
        sc.tagged_after_removed = set(col.find_notes(f"tag:{REMOVED_TAG}"))
        sc.removed_note_count = col.note_count()

        # 6. Rebuild without changes (in a later second) and re-import.
        time.sleep(1.1)
        sc.v3_run = run_build(cardsmith_bin, src, out)
        for ext in ("apkg", "csv", "json"):
            name = f"{STEM}.{ext}"
            sc.v3_identical[name] = (out / name).read_bytes() == (saved / name).read_bytes()
        sc.v3_log = import_apkg(col, apkg)
        sc.v3_mods = mods_report(col, apkg, sc.after_v2.keys())
        sc.after_v3 = snapshot(col)
    finally:
        col.close()
    return sc


def _read_json(out: Path) -> dict:
    return json.loads((out / f"{STEM}.json").read_text(encoding="utf-8"))


# --- step 4: the re-import of the edited guide ------------------------------------


def test_reimport_log_counts(scenario):
    sc = scenario
    log = sc.v2_log
    detail = f"{log_summary(log)}; {sc.v2_mods}"
    expected_updated = {sc.after_v1[sc.guids["edited"]].nid, sc.after_v1[sc.guids["reworded"]].nid}
    assert {n.id.nid for n in log.updated} == expected_updated, detail
    assert len(log.updated) == 2, detail
    assert len(log.new) == 1, detail
    assert len(log.conflicting) == 0, detail
    assert len(log.missing_notetype) == 0, detail
    new_nid = sc.after_v2[sc.guids["new"]].nid
    assert [n.id.nid for n in log.new] == [new_nid], detail
    assert new_nid not in {s.nid for s in sc.after_v1.values()}
    assert NEW_Q in sc.after_v2[sc.guids["new"]].fields["Front"]
    # v1 notes + the new one; the removed ones stay.
    assert sc.v2_note_count == sc.v1["note_count"] + 1


def test_edited_answer_is_updated(scenario):
    sc = scenario
    guid = sc.guids["edited"]
    assert guid in {c["guid"] for c in sc.v2["cards"]}, "the edited question lost its GUID"
    back = sc.after_v2[guid].fields["Back"]
    assert EDITED_NEW_BULLET in back, f"{back!r}; {sc.v2_mods}"
    assert EDITED_OLD_BULLET not in back, f"{back!r}; {sc.v2_mods}"
    assert sc.after_v2[guid].nid == sc.after_v1[guid].nid
    # Its reviews are kept too.
    assert sc.after_v2[guid].cards == sc.after_v1[guid].cards


def test_reworded_note_keeps_identity_and_history(scenario):
    sc = scenario
    guid = sc.guids["reworded"]
    assert guid_of(sc.v2, REWORDED_NEW) == guid, "the reworded question got a new GUID"
    before, after = sc.after_v1[guid], sc.after_v2[guid]
    assert after.nid == before.nid
    assert REWORDED_NEW in after.fields["Front"], f"{after.fields['Front']!r}; {sc.v2_mods}"
    assert REWORDED_OLD not in after.fields["Front"], f"{after.fields['Front']!r}; {sc.v2_mods}"
    assert after.fields["Back"] == before.fields["Back"]
    assert set(after.cards) == set(before.cards), "the reworded note's cards were replaced"
    for cid, state in after.cards.items():
        assert state == sc.reviewed["reworded"][cid], f"card {cid}: {sc.reviewed['reworded'][cid]} -> {state}"
        assert state["revlog"] == 2 and state["type"] == 2, state


def test_reviewed_unchanged_note_keeps_reviews(scenario):
    sc = scenario
    guid = sc.guids["reviewed_unchanged"]
    before, after = sc.after_v1[guid], sc.after_v2[guid]
    assert after.nid == before.nid
    assert after.fields == before.fields
    assert after.cards == before.cards == sc.reviewed["reviewed_unchanged"]
    assert all(state["revlog"] == 1 for state in after.cards.values()), after.cards


def test_hand_edit_survives_reimport(scenario):
    sc = scenario
    guid = sc.guids["hand_edited"]
    assert sc.after_v1[guid].fields["Back"] == HAND_EDIT
    detail = f"{log_summary(sc.v2_log)}; {sc.v2_mods}"
    assert sc.after_v2[guid].fields["Back"] == HAND_EDIT, detail
    assert sc.after_v2[guid].nid not in {n.id.nid for n in sc.v2_log.updated}, detail
    # ... and the unchanged rebuild's re-import, too.
    assert sc.after_v3[guid].fields["Back"] == HAND_EDIT, f"{log_summary(sc.v3_log)}; {sc.v3_mods}"


def test_other_unchanged_notes_untouched(scenario):
    sc = scenario
    changed = {sc.guids["edited"], sc.guids["reworded"]}
    for guid, before in sc.after_v1.items():
        if guid in changed:
            continue
        after = sc.after_v2[guid]
        assert (after.nid, after.fields, after.tags, after.cards) == (
            before.nid,
            before.fields,
            before.tags,
            before.cards,
        ), before.fields.get("Front")


def test_removed_cards_reported(scenario):
    sc = scenario
    stderr = sc.v2_run.stderr
    for question, line in REMOVED_QS.items():
        pattern = rf"(?m)^  removed \S*{re.escape(GUIDE_NAME)}:{line}: {re.escape(question)}$"
        assert re.search(pattern, stderr), f"no {pattern!r} in stderr:\n{stderr}"
    assert len(re.findall(r"(?m)^  removed \S+:\d+: ", stderr)) == len(REMOVED_QS), stderr
    reworded = rf'(?m)^  reworded \S*{re.escape(GUIDE_NAME)}:5: "{re.escape(REWORDED_OLD)}" → "{re.escape(REWORDED_NEW)}"$'
    assert re.search(reworded, stderr), f"no {reworded!r} in stderr:\n{stderr}"
    summary = "(1 added, 1 changed, 1 reworded, 2 removed, 5 unchanged)"
    assert summary in stderr, stderr


def test_removed_notes_stay_in_anki(scenario):
    sc = scenario
    v2_guids = {card["guid"] for card in sc.v2["cards"]}
    for question in REMOVED_QS:
        guid = sc.guids[f"removed:{question}"]
        assert guid not in v2_guids
        assert guid in sc.after_v2, f"{question!r} was deleted from Anki"
        assert sc.after_v2[guid] == sc.after_v1[guid], question
    reviewed = sc.guids[f"removed:{next(iter(REMOVED_QS))}"]
    assert all(s["revlog"] == 1 for s in sc.after_v2[reviewed].cards.values())


def test_removed_apkg_tags_exactly_the_removed_notes(scenario):
    sc = scenario
    removed_guids = {sc.guids[f"removed:{q}"] for q in REMOVED_QS}
    removed_nids = {sc.after_v2[g].nid for g in removed_guids}
    detail = f"{log_summary(sc.removed_log)}; {sc.removed_mods}"
    assert sc.removed_pkg_guids == removed_guids, detail
    assert list(sc.removed_log.new) == [], detail
    assert len(sc.removed_log.conflicting) == 0, detail
    assert sc.removed_note_count == sc.v2_note_count, detail
    assert sc.tagged_after_removed == removed_nids, detail
    for guid in removed_guids:
        before, after = sc.after_v2[guid], sc.after_removed[guid]
        assert after.nid == before.nid
        assert after.cards == before.cards, "tagging a removed note touched its cards"
        assert set(after.tags) == set(before.tags) | {REMOVED_TAG}, after.tags
    for guid, before in sc.after_v2.items():
        if guid not in removed_guids:
            assert sc.after_removed[guid] == before, before.fields.get("Front")


# --- step 6: a rebuild without changes ----------------------------------------------


def test_unchanged_rebuild_is_byte_identical(scenario):
    for name, same in scenario.v3_identical.items():
        assert same, f"{name} differs after a rebuild without changes"
    assert set(scenario.v3_identical) == {f"{STEM}.{ext}" for ext in ("apkg", "csv", "json")}


def test_unchanged_rebuild_reimport_changes_nothing(scenario):
    sc = scenario
    log = sc.v3_log
    detail = f"{log_summary(log)}; {sc.v3_mods}"
    assert list(log.new) == [], detail
    assert list(log.updated) == [], detail
    assert len(log.conflicting) == 0, detail
    assert sc.after_v3 == sc.after_removed
