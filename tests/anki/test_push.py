"""`cardsmith push` against a real AnkiConnect server over a real collection.

The server is anki-connect-server from PyPI (pinned in
requirements-connect.txt, in its own Python 3.12 venv that `make test`
makes; CARDSMITH_CONNECT_PYTHON names its interpreter), started by each test
on 127.0.0.1 over a collection in a temporary folder, through
connect_server.py (which replaces only its broken importPackage). Every
check asks the server, over the protocol, what the collection holds; the
reviews are made through the collection's own scheduler (answerCards).
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

GUIDE = """# Networking

## Basics

### What does TCP give an application?
A reliable, ordered stream of bytes over IP.

### What does UDP give an application?
Single datagrams, with no delivery or ordering guarantees.

### What does DNS do?
It maps host names to addresses.

## Routing

### What does a router forward on?
The destination IP address of each packet.
"""


def front(card: dict) -> str:
    """A card's question as text."""
    return re.sub(r"<[^>]+>", "", card["fields"]["Front"]["value"]).strip()


def note_of(anki: "Anki", question: str) -> int:
    """The id of cardsmith's note with this question."""
    [note] = {c["note"] for c in anki.cards("tag:cardsmith::*") if front(c) == question}
    return note


def connect_python() -> str:
    value = os.environ.get("CARDSMITH_CONNECT_PYTHON")
    if not value or not Path(value).is_file():
        pytest.fail(
            "CARDSMITH_CONNECT_PYTHON does not name a Python with anki-connect-server "
            f"({value!r}); `make test` makes one (.venv-connect, Python 3.12 or newer)",
            pytrace=False,
        )
    return value


class Anki:
    """An AnkiConnect server over a fresh collection."""

    def __init__(self, tmp: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(tmp / "server.log", "w")
        self.process = subprocess.Popen(
            [connect_python(), str(HERE / "connect_server.py"), str(tmp / "collection.anki2"), str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                assert self.call("version") == 6
                return
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    pytest.fail(f"the AnkiConnect server did not start: {(tmp / 'server.log').read_text()}")
                time.sleep(0.2)

    def call(self, action: str, **params):
        body = json.dumps({"action": action, "version": 6, "params": params}).encode()
        request = urllib.request.Request(self.url, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        assert answer["error"] is None, f"{action}: {answer['error']}"
        return answer["result"]

    def cards(self, query: str) -> list[dict]:
        return self.call("cardsInfo", cards=self.call("findCards", query=query))

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture
def anki(tmp_path):
    server = Anki(tmp_path)
    yield server
    server.close()


def push(binary: Path, src: Path, out: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(binary), "push", str(src), "-o", str(out), "--anki-connect", url, *extra],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def pushed_once(cardsmith_bin: Path, anki: "Anki", tmp_path: Path, text: str = GUIDE) -> tuple[Path, Path, Path]:
    """A source folder holding one guide (net.md), pushed once: its folder,
    the output folder and the guide."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    guide = src / "net.md"
    guide.write_text(text, encoding="utf-8")
    first = push(cardsmith_bin, src, out, anki.url)
    assert first.returncode == 0, first.stderr
    return src, out, guide


def build(cardsmith_bin: Path, src: Path, out: Path) -> None:
    """`cardsmith build` alone, as between two pushes."""
    done = subprocess.run([str(cardsmith_bin), "build", str(src), "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def push_on_terminal(binary: Path, src: Path, out: Path, url: str, answer: str) -> tuple[int, str]:
    """`push --prune` on a pseudo-terminal, answering its question."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [str(binary), "push", str(src), "-o", str(out), "--anki-connect", url, "--prune"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    seen = b""
    answered = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if not answered and b"[y/N]" in seen:
            os.write(leader, answer.encode() + b"\n")
            answered = True
        if process.poll() is not None and not ready:
            break
    os.close(leader)
    code = process.wait(timeout=30)
    return code, seen.decode(errors="replace")


def test_push_creates_updates_moves_tags_and_prunes_keeping_reviews(cardsmith_bin, anki, tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    guide = src / "net.md"
    guide.write_text(GUIDE, encoding="utf-8")

    # A first push creates every note, in its deck.
    first = push(cardsmith_bin, src, out, anki.url)
    assert first.returncode == 0, first.stderr
    assert f"pushed {guide}: 4 notes → {anki.url}" in first.stderr, first.stderr
    doc = json.loads((out / "net.json").read_text(encoding="utf-8"))
    assert len(doc["cards"]) == 4
    cards = anki.cards("tag:cardsmith::*")
    assert len(cards) == 4
    assert sorted(c["deckName"] for c in cards) == sorted(c["deck"] for c in doc["cards"])

    # Reviews through the collection's scheduler.
    assert anki.call("answerCards", answers=[{"cardId": c["cardId"], "ease": 3} for c in cards]) == [True] * 4
    reviewed = {c["cardId"]: c for c in anki.cards("tag:cardsmith::*")}
    assert all(c["reps"] == 1 for c in reviewed.values())
    reviews_before = anki.call("getReviewsOfCards", cards=[str(c) for c in reviewed])

    # Edit an answer, rename a section, remove a question; push again.
    edited = (
        GUIDE.replace("It maps host names to addresses.", "")
        .replace("### What does DNS do?\n", "")
        .replace("## Basics", "## Transport")
        .replace("The destination IP address of each packet.", "The destination address, by longest prefix.")
    )
    guide.write_text(edited, encoding="utf-8")
    time.sleep(1.1)  # a changed note's modification time must be newer
    second = push(cardsmith_bin, src, out, anki.url)
    assert second.returncode == 0, second.stderr
    assert "2 moved to their new deck, 1 removed tagged cardsmith::removed" in second.stderr, second.stderr
    after = {c["cardId"]: c for c in anki.cards("tag:cardsmith::*")}
    assert after.keys() == reviewed.keys(), "no note was added or lost"
    decks = {front(c): c["deckName"] for c in after.values()}
    assert decks["What does TCP give an application?"] == "Networking::Transport"
    assert decks["What does UDP give an application?"] == "Networking::Transport"
    assert decks["What does a router forward on?"] == "Networking::Routing"
    router = next(c for c in after.values() if front(c).startswith("What does a router"))
    assert "longest prefix" in router["fields"]["Back"]["value"], "the edited answer updated the note in place"
    for card_id, card in after.items():
        assert (card["reps"], card["interval"], card["due"]) == (
            reviewed[card_id]["reps"],
            reviewed[card_id]["interval"],
            reviewed[card_id]["due"],
        ), "reviews kept"
    assert anki.call("getReviewsOfCards", cards=[str(c) for c in after]) == reviews_before
    removed = anki.cards("tag:cardsmith::removed")
    assert [front(c) for c in removed] == ["What does DNS do?"]

    # Pushed again unchanged: nothing moves, nothing is tagged again.
    again = push(cardsmith_bin, src, out, anki.url)
    assert again.returncode == 0, again.stderr
    assert f"pushed {guide}: 3 notes → {anki.url}" in again.stderr, again.stderr

    # --prune deletes nothing without confirmation...
    unasked = push(cardsmith_bin, src, out, anki.url, "--prune")
    assert unasked.returncode == 0, unasked.stderr
    assert "add --yes to delete them" in unasked.stderr and "nothing deleted" in unasked.stderr
    code, shown = push_on_terminal(cardsmith_bin, src, out, anki.url, "n")
    assert code == 0, shown
    assert "net.md: What does DNS do?" in shown and "nothing deleted" in shown, shown
    assert len(anki.call("findNotes", query="tag:cardsmith::*")) == 4

    # ...and exactly the removed notes once confirmed.
    code, shown = push_on_terminal(cardsmith_bin, src, out, anki.url, "y")
    assert code == 0, shown
    assert "1 removed deleted" in shown, shown
    left = anki.cards("tag:cardsmith::*")
    assert sorted(c["cardId"] for c in left) == sorted(c for c in after if front(after[c]) != "What does DNS do?")
    assert not (out / "net.removed.apkg").exists(), "the pruned notes are forgotten"
    lock = (src / "cardsmith.lock").read_text(encoding="utf-8")
    assert "What does DNS do?" not in lock


def test_push_with_nothing_answering_names_the_address_and_keeps_the_outputs(cardsmith_bin, tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "net.md").write_text(GUIDE, encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    proc = push(cardsmith_bin, src, out, url)
    assert proc.returncode == 1, proc.stderr
    assert f"error: nothing answers at {url}" in proc.stderr, proc.stderr
    assert "start Anki with the AnkiConnect add-on" in proc.stderr
    assert f"import {out / 'net.apkg'} by hand" in proc.stderr
    assert (out / "net.apkg").is_file() and (out / "net.json").is_file(), "the outputs are still written"


def test_push_sync_asks_anki_to_sync(cardsmith_bin, anki, tmp_path):
    # The test server has no AnkiWeb account, so its answer to `sync` is a
    # refusal: seeing it shows the request went out, after the import.
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "net.md").write_text(GUIDE, encoding="utf-8")
    proc = push(cardsmith_bin, src, out, anki.url, "--sync")
    assert proc.returncode == 1, proc.stderr
    assert f"AnkiConnect at {anki.url} refused `sync`" in proc.stderr, proc.stderr
    assert len(anki.call("findNotes", query="tag:cardsmith::*")) == 4


def test_push_with_a_bundle_imports_the_batch_once(cardsmith_bin, anki, tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "net.md").write_text(GUIDE, encoding="utf-8")
    (src / "dns.md").write_text("# DNS\n\n## Records\n\n### What does an A record hold?\nAn IPv4 address.\n", encoding="utf-8")
    proc = push(cardsmith_bin, src, out, anki.url, "--bundle", "all")
    assert proc.returncode == 0, proc.stderr
    assert f"bundle: 2 guides, 5 notes → {out / 'all.apkg'}" in proc.stderr, proc.stderr
    assert f"pushed {src / 'dns.md'}: 1 note → {anki.url}" in proc.stderr, proc.stderr
    cards = anki.cards("tag:cardsmith::*")
    assert sorted(c["deckName"] for c in cards) == ["DNS::Records"] + ["Networking::Basics"] * 3 + ["Networking::Routing"]


def test_a_removed_note_deleted_by_hand_is_not_brought_back_nor_forgotten_unseen(cardsmith_bin, anki, tmp_path):
    src, out, guide = pushed_once(cardsmith_bin, anki, tmp_path)
    shorter = GUIDE.replace("### What does DNS do?\nIt maps host names to addresses.\n", "").replace(
        "### What does a router forward on?\nThe destination IP address of each packet.\n", ""
    )
    guide.write_text(shorter, encoding="utf-8")
    time.sleep(1.1)
    second = push(cardsmith_bin, src, out, anki.url)
    assert "2 removed tagged cardsmith::removed" in second.stderr, second.stderr
    # The user deletes one of them in Anki themselves.
    dns = [c["note"] for c in anki.cards("tag:cardsmith::removed") if front(c) == "What does DNS do?"]
    anki.call("deleteNotes", notes=dns)
    assert len(anki.call("findNotes", query="tag:cardsmith::*")) == 3

    pruning = push(cardsmith_bin, src, out, anki.url, "--prune", "--yes")
    assert pruning.returncode == 0, pruning.stderr
    assert "1 removed deleted" in pruning.stderr, pruning.stderr
    assert "1 removed note not deleted: not found tagged cardsmith::removed in its deck" in pruning.stderr, pruning.stderr
    assert len(anki.call("findNotes", query="tag:cardsmith::*")) == 2
    lock = (src / "cardsmith.lock").read_text(encoding="utf-8")
    assert "What does DNS do?" in lock and "What does a router forward on?" in lock, "not forgotten unseen"

    again = push(cardsmith_bin, src, out, anki.url)
    assert again.returncode == 0, again.stderr
    assert len(anki.call("findNotes", query="tag:cardsmith::*")) == 2, "a later push brings neither back"


def test_removed_notes_are_tagged_where_they_are_and_never_added_or_brought_back(cardsmith_bin, anki, tmp_path):
    # Regression: removed notes were once tagged by importing a package of
    # them, which added notes Anki never had, brought back notes deleted
    # there and overwrote edits made there.
    src, out, guide = pushed_once(cardsmith_bin, anki, tmp_path)
    dns = note_of(anki, "What does DNS do?")
    udp = note_of(anki, "What does UDP give an application?")
    anki.call("deleteNotes", notes=[dns])
    anki.call("updateNoteFields", note={"id": udp, "fields": {"Back": "Edited in Anki."}})

    # A question added and removed between two pushes is never in Anki.
    extra = "### What does ARP do?\nIt maps IP addresses to link addresses.\n"
    guide.write_text(GUIDE + "\n" + extra, encoding="utf-8")
    build(cardsmith_bin, src, out)
    time.sleep(1.1)
    shorter = (
        GUIDE.replace("### What does DNS do?\nIt maps host names to addresses.\n", "")
        .replace("### What does UDP give an application?\nSingle datagrams, with no delivery or ordering guarantees.\n", "")
        .replace("### What does TCP give an application?\n", "### What does TCP give an app?\n")
    )
    guide.write_text(shorter, encoding="utf-8")
    second = push(cardsmith_bin, src, out, anki.url)
    assert second.returncode == 0, second.stderr
    fronts = sorted(front(c) for c in anki.cards("tag:cardsmith::*"))
    assert "What does ARP do?" not in fronts, "a note Anki never had is not added"
    assert "What does DNS do?" not in fronts, "a note deleted in Anki is not brought back"
    [edited] = anki.call("notesInfo", notes=[udp])
    assert edited["fields"]["Back"]["value"] == "Edited in Anki.", "an edit made in Anki is kept"
    assert "cardsmith::removed" not in edited["tags"], "a note edited in Anki is not taken for the removed one"
    assert "3 removed notes not found in Anki to tag cardsmith::removed" in second.stderr, second.stderr
    removed = anki.cards("tag:cardsmith::removed")
    assert [front(c) for c in removed] == [], second.stderr

    # Each removed note is looked for once: a later push says nothing of them.
    again = push(cardsmith_bin, src, out, anki.url)
    assert again.returncode == 0 and "not found" not in again.stderr, again.stderr


def test_a_move_whose_note_is_not_found_is_tried_again_by_the_next_push(cardsmith_bin, anki, tmp_path):
    src, out, guide = pushed_once(cardsmith_bin, anki, tmp_path)
    router = note_of(anki, "What does a router forward on?")
    # Untagged, the note is not among cardsmith's notes for a while.
    tags = [t for t in anki.call("notesInfo", notes=[router])[0]["tags"] if t.startswith("cardsmith::")]
    anki.call("removeTags", notes=[router], tags=" ".join(tags))

    guide.write_text(GUIDE.replace("## Routing", "## Forwarding"), encoding="utf-8")
    missed = push(cardsmith_bin, src, out, anki.url)
    assert missed.returncode == 0, missed.stderr
    assert "not found in its old deck in Anki" in missed.stderr, missed.stderr
    assert anki.cards(f"nid:{router}")[0]["deckName"] == "Networking::Routing"

    anki.call("addTags", notes=[router], tags=" ".join(tags))
    retried = push(cardsmith_bin, src, out, anki.url)
    assert retried.returncode == 0, retried.stderr
    assert "1 moved to their new deck" in retried.stderr, retried.stderr
    assert anki.cards(f"nid:{router}")[0]["deckName"] == "Networking::Forwarding"


def test_notes_anki_cannot_tell_apart_are_never_moved_tagged_or_deleted(cardsmith_bin, anki, tmp_path):
    # Regression: a note the guides still have was tagged removed and then
    # deleted when a removed note's text matched it (questions differing
    # only in a link's target; the same card in a guide not pushed this
    # time), and a move took another guide's note with the same text.
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    twins = """# Net

## S

### What does [this RFC](https://www.rfc-editor.org/rfc/rfc791) define?
IP.

### What does [this RFC](https://datatracker.ietf.org/doc/html/rfc791) define?
IP.

### What is DNS?
A name service.
"""
    (src / "a.md").write_text(twins, encoding="utf-8")
    (src / "b.md").write_text("# Net\n\n## S\n\n### What is DNS?\nA name service.\n", encoding="utf-8")
    assert push(cardsmith_bin, src, out, anki.url).returncode == 0
    rfc = [c["note"] for c in anki.cards("tag:cardsmith::*") if front(c) == "What does this RFC define?"]
    dns = [c["note"] for c in anki.cards("tag:cardsmith::*") if front(c) == "What is DNS?"]
    assert len(rfc) == 2 and len(dns) == 2
    # The user deletes what looks like duplicates in Anki.
    anki.call("deleteNotes", notes=[max(rfc), min(dns)])

    # a.md drops its second RFC card and its DNS card and renames its
    # section; only a.md is pushed, pruning.
    (src / "a.md").write_text(
        twins.replace("### What does [this RFC](https://datatracker.ietf.org/doc/html/rfc791) define?\nIP.\n", "")
        .replace("### What is DNS?\nA name service.\n", "")
        .replace("## S", "## T"),
        encoding="utf-8",
    )
    pruned = push(cardsmith_bin, src / "a.md", out, anki.url, "--prune", "--yes")
    assert pruned.returncode == 0, pruned.stderr
    assert "Anki cannot tell them apart" in pruned.stderr, pruned.stderr
    left = anki.cards("tag:cardsmith::*")
    assert sorted(front(c) for c in left) == ["What does this RFC define?", "What is DNS?"], "nothing the guides have is deleted"
    assert all("cardsmith::removed" not in anki.call("notesInfo", notes=[c["note"]])[0]["tags"] for c in left)
    decks = {front(c): c["deckName"] for c in left}
    # Neither is moved: the RFC note could be either twin, the DNS note
    # either guide's.
    assert decks == {"What does this RFC define?": "Net::S", "What is DNS?": "Net::S"}


def test_accents_anki_composes_are_still_found(cardsmith_bin, anki, tmp_path):
    # Regression: Anki keeps fields in NFC, so a guide written with
    # decomposed accents never found its notes to move or tag.
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    guide = "# Café\n\n## Thé\n\n### Qu'est-ce qu'un cafe\u0301?\nUne boisson.\n\n### Déja\u0300 vu?\nOui.\n"
    (src / "c.md").write_text(guide, encoding="utf-8")
    assert push(cardsmith_bin, src, out, anki.url).returncode == 0
    (src / "c.md").write_text(
        guide.replace("## Thé", "## Eau").replace("### Déja\u0300 vu?\nOui.\n", ""), encoding="utf-8"
    )
    again = push(cardsmith_bin, src, out, anki.url)
    assert "1 moved to their new deck, 1 removed tagged cardsmith::removed" in again.stderr, again.stderr


def test_notes_placed_by_hand_stay_where_they_are_even_without_the_push_record(cardsmith_bin, anki, tmp_path):
    # Regression: with .cardsmith/pushed.tsv lost, a push read each note's
    # deck from Anki and moved the notes a user had placed themselves.
    src, out, _ = pushed_once(cardsmith_bin, anki, tmp_path)
    tcp = note_of(anki, "What does TCP give an application?")
    anki.call("changeDeck", cards=[c["cardId"] for c in anki.cards(f"nid:{tcp}")], deck="Mine")
    (out / ".cardsmith" / "pushed.tsv").unlink()
    again = push(cardsmith_bin, src, out, anki.url)
    assert again.returncode == 0 and "moved" not in again.stderr, again.stderr
    assert anki.cards(f"nid:{tcp}")[0]["deckName"] == "Mine"


def test_a_note_back_in_its_guide_loses_the_removed_tag_and_moves(cardsmith_bin, anki, tmp_path):
    # Regression: a card removed (and tagged) then put back under another
    # section kept its cardsmith::removed tag (the import, finding the note
    # no newer, left it) and was never found to move.
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    guide = src / "g.md"
    one = "### One?\nA1.\n\n"
    text = "# G\n\n## S\n\n" + one + "### Two?\nA2.\n\n## T\n\n### Three?\nA3.\n"
    guide.write_text(text, encoding="utf-8")
    assert push(cardsmith_bin, src, out, anki.url).returncode == 0
    guide.write_text(text.replace(one, ""), encoding="utf-8")
    time.sleep(1.1)
    assert "1 removed tagged" in push(cardsmith_bin, src, out, anki.url).stderr
    guide.write_text(text.replace(one, "").replace("### Three?", one + "### Three?"), encoding="utf-8")
    time.sleep(1.1)
    back = push(cardsmith_bin, src, out, anki.url)
    assert back.returncode == 0, back.stderr
    assert "1 moved to their new deck, 1 back in the guide untagged cardsmith::removed" in back.stderr, back.stderr
    [card] = [c for c in anki.cards("tag:cardsmith::*") if front(c) == "One?"]
    assert card["deckName"] == "G::T"
    assert "cardsmith::removed" not in anki.call("notesInfo", notes=[card["note"]])[0]["tags"]


def test_the_notes_of_a_deleted_guide_are_tagged_and_pruned(cardsmith_bin, anki, tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "net.md").write_text(GUIDE, encoding="utf-8")
    (src / "dns.md").write_text("# DNS\n\n## Records\n\n### What does an A record hold?\nAn IPv4 address.\n", encoding="utf-8")
    assert push(cardsmith_bin, src, out, anki.url).returncode == 0
    (src / "dns.md").unlink()
    gone = push(cardsmith_bin, src, out, anki.url)
    assert gone.returncode == 0, gone.stderr
    assert "pushed dns.md (no longer there): 1 removed tagged cardsmith::removed" in gone.stderr, gone.stderr
    assert [front(c) for c in anki.cards("tag:cardsmith::removed")] == ["What does an A record hold?"]
    pruned = push(cardsmith_bin, src, out, anki.url, "--prune", "--yes")
    assert pruned.returncode == 0, pruned.stderr
    assert "dns.md: What does an A record hold?" in pruned.stderr, pruned.stderr
    assert len(anki.call("findNotes", query="tag:cardsmith::*")) == 4


def test_a_removed_note_rebuilt_before_the_push_is_found_by_the_text_it_was_pushed_with(cardsmith_bin, anki, tmp_path):
    # Regression: an answer edited and built (not pushed), then the card
    # removed: the note was looked for by its last built text, which Anki
    # never had, and was never tagged.
    src, out, guide = pushed_once(cardsmith_bin, anki, tmp_path)
    time.sleep(1.1)
    guide.write_text(GUIDE.replace("It maps host names to addresses.", "It maps names to addresses."), encoding="utf-8")
    build(cardsmith_bin, src, out)
    guide.write_text(GUIDE.replace("### What does DNS do?\nIt maps host names to addresses.\n", ""), encoding="utf-8")
    pushed = push(cardsmith_bin, src, out, anki.url)
    assert "1 removed tagged cardsmith::removed" in pushed.stderr, pushed.stderr
    assert [front(c) for c in anki.cards("tag:cardsmith::removed")] == ["What does DNS do?"]


def test_a_note_back_in_its_guide_but_edited_in_anki_is_named_once(cardsmith_bin, anki, tmp_path):
    src, out, guide = pushed_once(cardsmith_bin, anki, tmp_path)
    dns = "### What does DNS do?\nIt maps host names to addresses.\n"
    time.sleep(1.1)
    guide.write_text(GUIDE.replace(dns, ""), encoding="utf-8")
    assert "1 removed tagged" in push(cardsmith_bin, src, out, anki.url).stderr
    # The card comes back in a build; then, before the push, the note is
    # edited in Anki, so the import finds Anki's copy newer and leaves it
    # (tag included).
    guide.write_text(GUIDE, encoding="utf-8")
    build(cardsmith_bin, src, out)
    time.sleep(1.1)
    note = note_of(anki, "What does DNS do?")
    anki.call("updateNoteFields", note={"id": note, "fields": {"Back": "My own words."}})
    back = push(cardsmith_bin, src, out, anki.url)
    assert "it may still carry the tag, so take it off by hand: What does DNS do?" in back.stderr, back.stderr
    [info] = anki.call("notesInfo", notes=[note])
    assert "cardsmith::removed" in info["tags"] and info["fields"]["Back"]["value"] == "My own words."
    again = push(cardsmith_bin, src, out, anki.url)
    assert "may still carry the tag" not in again.stderr, "named once"


def test_a_partial_prune_says_the_same_thing_each_time(cardsmith_bin, anki, tmp_path):
    src, out, guide = pushed_once(cardsmith_bin, anki, tmp_path)
    time.sleep(1.1)
    guide.write_text(
        GUIDE.replace("### What does DNS do?\nIt maps host names to addresses.\n", "").replace(
            "### What does UDP give an application?\nSingle datagrams, with no delivery or ordering guarantees.\n", ""
        ),
        encoding="utf-8",
    )
    assert "2 removed tagged" in push(cardsmith_bin, src, out, anki.url).stderr
    anki.call("deleteNotes", notes=[note_of(anki, "What does DNS do?")])
    first = push(cardsmith_bin, src, out, anki.url, "--prune", "--yes")
    assert "1 removed deleted" in first.stderr, first.stderr
    assert "1 removed note not deleted" in first.stderr, first.stderr
    second = push(cardsmith_bin, src, out, anki.url, "--prune", "--yes")
    assert "1 removed note not deleted" in second.stderr, second.stderr
    assert "no removed notes to delete" not in second.stderr and "2 removed" not in second.stderr, second.stderr


def test_the_pushed_text_never_leads_to_a_note_another_guide_has(cardsmith_bin, anki, tmp_path):
    # Regression: a removed note edited in Anki, whose answer a build had
    # changed, was looked for by its last pushed text, and another guide's
    # identical note was tagged in its place, then pruned.
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.md").write_text("# Alpha\n\n## S\n\n### Q1?\nA1.\n\n### Q9?\nA9.\n", encoding="utf-8")
    (src / "b.md").write_text("# Alpha\n\n## S\n\n### Q1?\nA1.\n", encoding="utf-8")
    assert push(cardsmith_bin, src, out, anki.url).returncode == 0
    info = anki.call("notesInfo", notes=anki.call("findNotes", query="tag:cardsmith::*"))
    a_note = next(n["noteId"] for n in info if "a.md" in n["fields"]["Source"]["value"] and "Q1" in n["fields"]["Front"]["value"])
    b_note = next(n["noteId"] for n in info if "b.md" in n["fields"]["Source"]["value"])
    anki.call("updateNoteFields", note={"id": a_note, "fields": {"Back": "A1. my note"}})
    time.sleep(1.1)
    (src / "a.md").write_text("# Alpha\n\n## S\n\n### Q1?\nA1 new.\n\n### Q9?\nA9.\n", encoding="utf-8")
    build(cardsmith_bin, src, out)
    (src / "a.md").write_text("# Alpha\n\n## S\n\n### Q9?\nA9.\n", encoding="utf-8")
    assert push(cardsmith_bin, src, out, anki.url).returncode == 0
    assert push(cardsmith_bin, src, out, anki.url, "--prune", "--yes").returncode == 0
    [b] = anki.call("notesInfo", notes=[b_note])
    assert b and "cardsmith::removed" not in b["tags"], "b.md's note is neither tagged nor deleted"


def test_another_projects_removed_note_keeps_its_tag(cardsmith_bin, anki, tmp_path):
    # Regression: a first push of another project untagged any removed
    # note anywhere whose text one of its notes had.
    s1, o1, s2, o2 = (tmp_path / n for n in ("s1", "o1", "s2", "o2"))
    s1.mkdir()
    s2.mkdir()
    (s1 / "a.md").write_text("# Alpha\n\n## S\n\n### Q1?\nA1.\n\n### Q2?\nA2.\n", encoding="utf-8")
    assert push(cardsmith_bin, s1, o1, anki.url).returncode == 0
    time.sleep(1.1)
    (s1 / "a.md").write_text("# Alpha\n\n## S\n\n### Q1?\nA1.\n", encoding="utf-8")
    assert "1 removed tagged" in push(cardsmith_bin, s1, o1, anki.url).stderr
    (s2 / "b.md").write_text("# Beta\n\n## S\n\n### Q2?\nA2.\n", encoding="utf-8")
    other = push(cardsmith_bin, s2, o2, anki.url)
    assert other.returncode == 0 and "back in the guide" not in other.stderr, other.stderr
    assert [c["deckName"] for c in anki.cards("tag:cardsmith::removed")] == ["Alpha::S"]


def test_a_note_asking_the_same_question_in_the_new_deck_does_not_end_a_pending_move(cardsmith_bin, anki, tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    guide = src / "a.md"
    text = "# Alpha\n\n## S\n\n### Why use it?\nBecause A.\n\n## T\n\n### Why use it?\nBecause B.\n"
    guide.write_text(text, encoding="utf-8")
    assert push(cardsmith_bin, src, out, anki.url).returncode == 0
    s_note = next(c["note"] for c in anki.cards("tag:cardsmith::*") if c["deckName"] == "Alpha::S")
    anki.call("updateNoteFields", note={"id": s_note, "fields": {"Back": "Because A. (see p.4)"}})
    guide.write_text("# Alpha\n\n## T\n\n### Why use it?\nBecause A.\n\n### Why use it?\nBecause B.\n", encoding="utf-8")
    missed = push(cardsmith_bin, src, out, anki.url)
    assert "not found in its old deck" in missed.stderr, missed.stderr
    anki.call("updateNoteFields", note={"id": s_note, "fields": {"Back": "Because A."}})
    retried = push(cardsmith_bin, src, out, anki.url)
    assert "1 moved to their new deck" in retried.stderr, retried.stderr
    assert anki.cards(f"nid:{s_note}")[0]["deckName"] == "Alpha::T"


def test_a_note_whose_own_move_is_pending_does_not_end_another_pending_move(cardsmith_bin, anki, tmp_path):
    # Regression: a note still in the deck another was moving into (its
    # own move built but not pushed yet) was taken for that note moved by
    # hand, and the move was dropped without a word.
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.md").write_text("# Alpha\n\n## S\n\n### Why?\nBecause A.\n\n## T\n\n### Else?\nE.\n", encoding="utf-8")
    (src / "c.md").write_text("# Alpha\n\n## T\n\n### Why?\nBecause B.\n\n## V\n\n### Other?\nO.\n", encoding="utf-8")
    (src / "b.md").write_text("# Beta\n\n## U\n\n### Why?\nBecause A.\n", encoding="utf-8")
    assert push(cardsmith_bin, src, out, anki.url).returncode == 0
    (src / "c.md").write_text("# Alpha\n\n## T\n\n## V\n\n### Other?\nO.\n\n### Why?\nBecause B.\n", encoding="utf-8")
    build(cardsmith_bin, src, out)
    (src / "a.md").write_text("# Alpha\n\n## S\n\n## T\n\n### Else?\nE.\n\n### Why?\nBecause A.\n", encoding="utf-8")
    pushed = push(cardsmith_bin, src, out, anki.url)
    assert "Anki cannot tell them apart" in pushed.stderr, pushed.stderr
    again = push(cardsmith_bin, src, out, anki.url)
    assert "Anki cannot tell them apart" in again.stderr, "still pending, still said"
