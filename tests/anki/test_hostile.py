"""Raw HTML in a guide: what Anki stores must not run anything.

A guide with script, event handlers and javascript: links (in a question,
answers, a definition and raw HTML blocks) plus harmless inline markup is
built, its .apkg and its CSV are imported into fresh collections, and every
field of every note, as Anki stores it, is checked.
"""

from __future__ import annotations

import re

import pytest

from conftest import build, import_apkg, import_csv, log_summary, notes_by_guid

HOSTILE_GUIDE = """\
# Hostile

## Markup

### What does <kbd>Ctrl</kbd> do here <script>alert(1)</script>?
- Copies with <kbd>Ctrl</kbd>+<kbd>C</kbd>
- <img src=x onerror=alert(2)>
- Water is H<sub>2</sub>O
- Links like <a href="JaVaScRiPt:alert(3)">x</a> go nowhere

### Which tags survive?
- a<br>b
- <div onclick="steal()">y</div>
- <SCRIPT>alert(5)</SCRIPT> <IMG SRC=x OnError=alert(6)>

### Keys
- `Esc` - leaves <kbd>Insert</kbd> mode <img src=x onerror=alert(7)>
- `gg` - jumps to the top <a href="javascript:alert(8)">here</a>

### Raw blocks
<script>alert(1)</script>

<img src=x onerror=alert(2)>

<a href="JaVaScRiPt:alert(3)">x</a>

<div onclick="steal()">y</div>

<p>H<sub>2</sub>O and <kbd>Ctrl</kbd> and a<br>b</p>
"""

FORBIDDEN = re.compile(r"<script|onerror|onclick|javascript:", re.IGNORECASE)
HARMLESS = {
    "<kbd>": re.compile(r"<kbd>Ctrl</kbd>"),
    "<sub>": re.compile(r"H<sub>2</sub>O"),
    "<br>": re.compile(r"a<br\s*/?>b"),
}


@pytest.fixture(scope="module")
def hostile_build(cardsmith_bin, tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    guide = root / "src" / "hostile.md"
    guide.parent.mkdir()
    guide.write_text(HOSTILE_GUIDE, encoding="utf-8")
    out = build(cardsmith_bin, guide, root / "out")
    assert out.data["note_count"] >= 4, out.data["note_count"]
    return out


def _check_fields(col, expected_guids) -> None:
    notes = notes_by_guid(col)
    assert set(notes) == set(expected_guids)
    found = {name: False for name in HARMLESS}
    for guid, note in notes.items():
        for name, value in zip(note.keys(), note.fields):
            bad = FORBIDDEN.findall(value)
            assert not bad, f"note {guid!r} field {name!r} keeps {bad}: {value!r}"
            for tag, pattern in HARMLESS.items():
                if pattern.search(value):
                    found[tag] = True
    missing = [tag for tag, seen in found.items() if not seen]
    assert not missing, f"harmless markup lost: {missing}; fields: " + repr(
        [note.fields for note in notes.values()]
    )


def test_hostile_html_apkg(hostile_build, new_collection):
    col = new_collection("apkg")
    log = import_apkg(col, hostile_build.apkg)
    assert len(log.new) == hostile_build.data["note_count"], log_summary(log)
    _check_fields(col, hostile_build.cards_by_guid)


def test_hostile_html_csv(hostile_build, new_collection):
    col = new_collection("csv")
    log = import_csv(col, hostile_build.csv)
    assert len(log.new) == hostile_build.data["note_count"], log_summary(log)
    _check_fields(col, hostile_build.cards_by_guid)
