"""`cardsmith preview` in real headless Chromium (Debian's, driven by
Playwright from requirements-test.txt): the page shows the cards the JSON
has, one entry per Anki card; flipping, the night and phone switches and the
filters work; it fetches nothing and logs no console error.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from conftest import copy_guide

HERE = Path(__file__).resolve().parent
INTERNALS = HERE / "fixtures" / "python-internals.md"

# A guide of our own with an image and a quality finding (a long list).
PICTURES = """# Pictures

## Layout

### What does the diagram show?
![A two by two grid](grid.png)

The four quadrants of the layout.

### Which colours does the palette have?
- red
- orange
- yellow
- green
- blue
- indigo
- violet
- black
- white
"""


def png() -> bytes:
    """A 2×2 PNG, made here."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail(
            "the preview test needs Debian's chromium (`apt-get install chromium`; .ci/run installs it)",
            pytrace=False,
        )
    return path


@pytest.fixture
def built(cardsmith_bin, tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    copy_guide(INTERNALS, src)
    (src / "pictures.md").write_text(PICTURES, encoding="utf-8")
    (src / "grid.png").write_bytes(png())
    subprocess.run([str(cardsmith_bin), "build", str(src), "-o", str(out), "-q"], check=True)
    before = files(tmp_path)
    proc = subprocess.run(
        [str(cardsmith_bin), "preview", str(src), "-o", str(out)], capture_output=True, text=True, check=True
    )
    assert f"preview {src / 'python-internals.md'}: 11 cards → {out / 'python-internals.html'}" in proc.stderr, proc.stderr
    after = files(tmp_path)
    assert {p: h for p, h in after.items() if not p.endswith(".html")} == before, "preview writes its pages only"
    assert sorted(p for p in after if p.endswith(".html")) == ["out/pictures.html", "out/python-internals.html"]
    return src, out


def files(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): hash(p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()}


def open_page(browser, path: Path):
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    seen = {"requests": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, seen


def test_the_preview_page_shows_the_jsons_cards_flips_switches_and_fetches_nothing(built):
    src, out = built
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            for name in ["python-internals", "pictures"]:
                doc = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
                page, seen = open_page(browser, out / f"{name}.html")
                entries = page.eval_on_selector_all(
                    ".cs-entry",
                    "els => els.map(e => ({guid: e.dataset.guid, deck: e.dataset.deck, kind: e.dataset.kind,"
                    " findings: e.dataset.findings, question: e.querySelector('.cs-question').innerText}))",
                )
                # One entry per Anki card: a cloze note gives one per number.
                expected = [(c["guid"], c["deck"], c["kind"]) for c in doc["cards"] for _ in (c.get("cloze") or [0])]
                assert [(e["guid"], e["deck"], e["kind"]) for e in entries] == expected
                by_guid = {c["guid"]: c for c in doc["cards"]}
                for entry in entries:
                    card = by_guid[entry["guid"]]
                    if card["kind"] != "cloze":
                        assert card["front"]["text"].split()[0] in entry["question"], entry
                assert seen["requests"] == [(out / f"{name}.html").as_uri()], "nothing but the page is fetched"
                assert seen["errors"] == [], seen["errors"]
                if name == "pictures":
                    src_attr = page.get_attribute(".cs-entry img", "src")
                    assert src_attr.startswith("data:image/png;base64,"), "images are inlined"
                    assert page.eval_on_selector(".cs-entry img", "img => img.naturalWidth") == 2
                    assert any("long-list" in e["findings"] for e in entries), "a finding is on its card"
                    assert "long-list" in page.inner_text(".cs-entry:nth-of-type(2) .cs-findings")
                    page.close()
                    continue

                # Flip by click and by space.
                first = page.locator(".cs-entry").first
                assert first.locator(".cs-question").is_visible() and not first.locator(".cs-answer").is_visible()
                first.click()
                assert first.locator(".cs-answer").is_visible() and not first.locator(".cs-question").is_visible()
                assert card_text(first.locator(".cs-answer")) != ""
                page.keyboard.press("Space")
                assert first.locator(".cs-question").is_visible(), "space flips the focused card back"

                # A cloze card shows [...] on its front and the words on its back.
                cloze = page.locator('.cs-entry[data-kind="cloze"]').first
                assert "[...]" in cloze.locator(".cs-question").inner_text()
                cloze.click()
                assert "[...]" not in cloze.locator(".cs-answer").inner_text()

                # Night mode: the deck's own night colours.
                background = lambda: page.eval_on_selector(".cs-entry .card", "e => getComputedStyle(e).backgroundColor")
                assert background() == "rgb(255, 255, 255)"
                page.click("#cs-night")
                assert background() == "rgb(29, 31, 35)"
                page.click("#cs-night")
                assert background() == "rgb(255, 255, 255)"

                # Phone width.
                page.click("#cs-phone")
                width = page.eval_on_selector(".cs-entry", "e => e.getBoundingClientRect().width")
                assert width <= 360, width

                # Filters.
                page.select_option("#cs-kind", "cloze")
                visible = page.eval_on_selector_all(".cs-entry", "els => els.filter(e => !e.hidden).length")
                assert visible == sum(len(c["cloze"]) for c in doc["cards"] if c["kind"] == "cloze")
                assert page.inner_text("#cs-count") == f"{visible} cards"
                page.select_option("#cs-kind", "")
                decks = sorted({c["deck"] for c in doc["cards"]})
                page.select_option("#cs-deck", decks[0])
                visible = page.eval_on_selector_all(".cs-entry", "els => els.filter(e => !e.hidden).length")
                assert visible == sum(len(c.get("cloze") or [0]) for c in doc["cards"] if c["deck"] == decks[0])
                assert seen["errors"] == [], seen["errors"]
                page.close()
        finally:
            browser.close()


def card_text(locator) -> str:
    return locator.inner_text().strip()


# A guide whose own markup uses the page's class names and ids, with a
# cloze card, an image on two cards and a finding on a line of no card.
HOSTILE = """# Hostile

## Markup

### What does <span class="cs-entry">this</span> say?
It says <span class="cs-answer">one</span>, <div class="cs-question">two</div> and <b id="cs-count">three</b>.

### Fill in
The {{c1::GIL}} lets one thread run {{c2::Python bytecode}} at a time.

### Cut
A **{{c1::bold** cut}} across markup, and {{c2::[a link](https://example.com) too}}.

### What does the grid look like?
![A grid](grid.png)

### What does the same grid show twice?
![The grid again](grid.png)

### How do you print in Zork?
Like this:

```zorkscript
PRINT "hi"
```
"""


def test_a_guides_own_markup_cannot_break_the_page(cardsmith_bin, tmp_path):
    # Regression: an answer's own class="cs-answer" span was taken for the
    # card's answer side, and flipping broke.
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    (src / "grid.png").write_bytes(png())
    subprocess.run([str(cardsmith_bin), "build", str(src), "-o", str(out), "-q"], check=True)
    subprocess.run([str(cardsmith_bin), "preview", str(src), "-o", str(out), "-q"], check=True)
    html = (out / "hostile.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 1, "an image on two cards is in the page once"
    doc = json.loads((out / "hostile.json").read_text(encoding="utf-8"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"])
        try:
            page, seen = open_page(browser, out / "hostile.html")
            entries = page.locator("#cs-cards > .cs-entry")
            assert entries.count() == sum(len(c.get("cloze") or [0]) for c in doc["cards"])
            first = entries.first
            first.click()
            assert first.locator(":scope > .cs-answer").is_visible()
            assert not first.locator(":scope > .cs-question").is_visible()
            assert "one" in first.locator(":scope > .cs-answer").inner_text()
            page.keyboard.press("Space")
            assert first.locator(":scope > .cs-question").is_visible(), "space flips it back"
            # A click on the guide's own .cs-entry span flips its card too.
            first.locator("span.cs-entry").first.click()
            assert first.locator(":scope > .cs-answer").is_visible()
            assert page.inner_text("#cs-count").endswith("cards"), "the count is the page's, not the guide's"

            # Each cloze card hides its own words and shows them on its back.
            clozes = page.locator('#cs-cards > .cs-entry[data-kind="cloze"]')
            assert clozes.count() == 4
            for i, words in enumerate(["GIL", "Python bytecode"]):
                cloze = clozes.nth(i)
                assert "[...]" in cloze.locator(":scope > .cs-question").inner_text()
                assert words not in cloze.locator(":scope > .cs-question").inner_text()
                cloze.click()
                assert words in cloze.locator(":scope > .cs-answer").inner_text()

            images = page.eval_on_selector_all("#cs-cards img", "els => els.map(i => [i.src.slice(0, 22), i.naturalWidth])")
            assert images and all(i == ["data:image/png;base64,", 2] for i in images), images

            # A cloze cut across markup leaves every card whole: each flips.
            for i in range(entries.count()):
                entry = entries.nth(i)
                entry.scroll_into_view_if_needed()
                answer = entry.locator(":scope > .cs-answer")
                if not answer.is_visible():
                    entry.click(position={"x": 5, "y": 5})
                assert answer.is_visible(), f"entry {i} flips"

            other = page.inner_text("#cs-other")
            assert "hostile.md:23" in other and "unknown-language" in other, other
            assert seen["errors"] == [], seen["errors"]
            assert seen["requests"] == [(out / "hostile.html").as_uri()]
        finally:
            browser.close()
