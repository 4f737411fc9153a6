#!/usr/bin/env python3
"""Screenshot a few real cardsmith cards the way Anki shows them, at phone width.

Builds a guide with a cardsmith binary, imports the .apkg into a throwaway
Anki collection (the `anki` package from PyPI), picks one code card, one
question card and one definition card, renders each with Anki's own
renderer (`card.render_output()`), wraps each side in a page like Anki's
reviewer (body class `card`, plus `nightMode night_mode` in night mode) and
screenshots it with headless Chromium at 360x740.

    .venv/bin/python tools/screenshots.py \\
        --cardsmith target/debug/cardsmith \\
        --guide source/advanced-python.md --out docs/screenshots

Writes 16 PNGs: {code,question,definition,metaclass}-{question,answer}-
{light,night}.png (`metaclass` is the guide's registry-metaclass code card,
whose night colours once showed near-black tokens). It also measures, in
the same Chromium, how many columns of code the deck's stylesheet fits on
a 360 px screen, and fails below 40.
Needs Debian's chromium (`apt-get install chromium`); installs nothing itself.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

WIDTH, HEIGHT = 360, 740
# A code line longer than this overflows a 360 px screen, so the code
# block's sideways scroll is visible in the screenshot.
LONG_LINE = 45
# Code cards with at most this many code lines fit on one screen.
MAX_CODE_LINES = 16
NIGHT_BACKGROUND = "#1d1f23"

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{css}</style>{night_css}
</head><body class="{body_class}">{body}</body></html>
"""


def fail(message: str) -> NoReturn:
    print(f"screenshots: {message}", file=sys.stderr)
    sys.exit(1)


def find_chromium(explicit: str | None) -> str:
    candidates = [explicit] if explicit else ["chromium", "chromium-browser", "google-chrome"]
    for name in candidates:
        path = shutil.which(name) if name else None
        if path:
            return path
    fail(
        "headless Chromium not found"
        + (f" at {explicit!r}" if explicit else " (looked for chromium, chromium-browser, google-chrome)")
        + ". On Debian: apt-get update && apt-get install -y chromium"
    )


def build_deck(cardsmith: Path, guide: Path, out_dir: Path) -> Path:
    cmd = [str(cardsmith), "build", str(guide), "-o", str(out_dir), "-q"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{' '.join(cmd)} exited {result.returncode}:\n{result.stderr}{result.stdout}")
    packages = sorted(out_dir.rglob("*.apkg"))
    if len(packages) != 1:
        fail(f"expected one .apkg from {guide}, found {[str(p) for p in packages]}")
    return packages[0]


def code_lines(field_html: str) -> list[str]:
    """The text lines of every <pre> block in a field."""
    lines: list[str] = []
    for block in re.findall(r"<pre\b.*?</pre>", field_html, flags=re.S | re.I):
        text = re.sub(r"<br\s*/?>", "\n", block, flags=re.I)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        lines.extend(text.rstrip("\n").split("\n"))
    return lines


def guide_order(note) -> tuple[str, int]:
    """Sort key from the note's Source field (`guide.md:42`)."""
    source = note["Source"] if "Source" in note.keys() else ""
    file, _, line = html.unescape(re.sub(r"<[^>]+>", "", source)).rpartition(":")
    return (file, int(line) if line.isdigit() else 0)


def pick_cards(col) -> dict[str, object]:
    """One card per kind, chosen deterministically (guide order, then card id)."""

    def candidates(tag: str) -> list:
        cards = [col.get_card(cid) for cid in col.find_cards(f'"tag:{tag}"')]
        keyed = [(guide_order(card.note()), card.ord, card.id, card) for card in cards]
        return [entry[-1] for entry in sorted(keyed, key=lambda e: e[:3])]

    picked: dict[str, object] = {}

    codes = candidates("cardsmith::code")
    if not codes:
        fail("no card tagged cardsmith::code")

    def code_score(card) -> int:
        lines = code_lines(" ".join(card.note().fields))
        longest = max((len(line) for line in lines), default=0)
        # Best: a long line in code that fits on one screen; then any long line.
        if longest > LONG_LINE:
            return 0 if len(lines) <= MAX_CODE_LINES else 1
        return 2

    picked["code"] = min(codes, key=code_score)  # min() keeps the first of equals
    metaclass = [c for c in codes if "PluginMeta" in " ".join(c.note().fields)]
    if metaclass:
        picked["metaclass"] = metaclass[0]

    def prose_score(card) -> int:
        # Prefer an answer of a few lines that fits on one phone screen.
        fields = card.note().fields
        length = len(re.sub(r"<[^>]+>", "", fields[1] if len(fields) > 1 else ""))
        return 0 if 80 <= length <= 500 else 1

    for kind in ("question", "definition"):
        cards = [c for c in candidates(f"cardsmith::{kind}") if c.id not in {p.id for p in picked.values()}]
        if not cards:
            fail(f"no card tagged cardsmith::{kind}")
        picked[kind] = min(cards, key=prose_score)
    return picked


def page(side_html: str, css: str, night: bool) -> str:
    return PAGE.format(
        css=css,
        night_css=f"\n<style>html {{ background: {NIGHT_BACKGROUND}; }}</style>" if night else "",
        body_class="card nightMode night_mode" if night else "card",
        body=side_html,
    )


def chromium_command(chromium: str, scratch: Path, *args: str) -> list[str]:
    """Headless Chromium at phone size, with a fresh profile and nothing fetched
    in the background (the machine's network refuses it)."""
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=scratch))
    return [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}",
        *args,
    ]


def screenshot(chromium: str, page_path: Path, png: Path, scratch: Path) -> None:
    cmd = chromium_command(chromium, scratch, "--hide-scrollbars", f"--screenshot={png}", page_path.resolve().as_uri())
    png.unlink(missing_ok=True)
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        fail(f"chromium timed out on {page_path}")
    if result.returncode != 0 or not png.exists():
        fail(f"chromium failed on {page_path} (exit {result.returncode}):\n{result.stderr[-2000:]}")


# A page with the deck's stylesheet and one long line of code; its script
# writes how many columns fit into the title, which --dump-dom shows.
PROBE = """<!doctype html>
<html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{css}</style></head>
<body class="card"><pre class="cs-code hl-code"><code id="c">{line}</code></pre>
<script>
const code = document.getElementById("c"), pre = code.parentElement, style = getComputedStyle(pre);
const inner = pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
const width = code.getBoundingClientRect().width / {chars};
document.title = "columns=" + Math.floor(inner / width);
</script></body></html>
"""


BREADCRUMBS = """<!doctype html>
<html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{css}</style></head>
<body class="card">{crumbs}
<script>
const crumbs = [...document.querySelectorAll(".cs-context")];
const one = crumbs.filter(c => c.getBoundingClientRect().height < 1.5 * parseFloat(getComputedStyle(c).lineHeight)).length;
document.title = "one-line=" + one + "/" + crumbs.length;
</script></body></html>
"""


def dump_title(chromium: str, page_path: Path, scratch: Path) -> str:
    """The title a page's script sets, from Chromium's --dump-dom at 360 px."""
    cmd = chromium_command(chromium, scratch, "--dump-dom", page_path.resolve().as_uri())
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    found = re.search(r"<title>(.*?)</title>", result.stdout)
    if not found:
        fail(f"no measurement from {page_path} (exit {result.returncode}):\n{result.stderr[-1000:]}")
    return found.group(1)


def breadcrumbs_on_one_line(chromium: str, css: str, contexts: list[str], scratch: Path) -> tuple[int, int]:
    """How many of the cards' breadcrumbs take one line at 360 px."""
    page_path = scratch / "breadcrumbs.html"
    crumbs = "".join(f'<div class="cs-context">{c}</div>' for c in contexts)
    page_path.write_text(BREADCRUMBS.format(css=css, crumbs=crumbs), encoding="utf-8")
    one, total = dump_title(chromium, page_path, scratch).removeprefix("one-line=").split("/")
    return int(one), int(total)


def columns_at_phone_width(chromium: str, css: str, scratch: Path) -> int:
    """How many monospace columns a code block shows at 360 px, measured in Chromium."""
    chars = 120
    probe = scratch / "probe.html"
    probe.write_text(PROBE.format(css=css, line="x" * chars, chars=chars), encoding="utf-8")
    return int(dump_title(chromium, probe, scratch).removeprefix("columns="))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cardsmith", required=True, type=Path, help="path to the cardsmith binary")
    parser.add_argument("--guide", required=True, type=Path, help="the Markdown guide to build")
    parser.add_argument("--out", required=True, type=Path, help="folder for the PNGs")
    parser.add_argument("--chromium", help="Chromium binary (default: chromium on PATH)")
    parser.add_argument("--keep-html", action="store_true", help="also write the HTML pages to --out")
    args = parser.parse_args()

    if not args.cardsmith.is_file():
        fail(f"no cardsmith binary at {args.cardsmith} (run `cargo build` first)")
    if not args.guide.is_file():
        fail(f"no guide at {args.guide}")
    chromium = find_chromium(args.chromium)
    try:
        from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
    except ImportError as err:
        fail(f"the `anki` package is missing ({err}); run with the project's .venv/bin/python")

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cardsmith-shots-") as tmp:
        scratch = Path(tmp)
        apkg = build_deck(args.cardsmith.resolve(), args.guide, scratch / "build")
        (scratch / "collection").mkdir()
        col = Collection(str(scratch / "collection" / "collection.anki2"))
        try:
            col.import_anki_package(
                ImportAnkiPackageRequest(
                    package_path=str(apkg),
                    options=ImportAnkiPackageOptions(with_scheduling=False),
                )
            )
            picked = pick_cards(col)
            contexts = [col.get_note(nid)["Context"] for nid in col.find_notes("") if "Context" in col.get_note(nid).keys()]
            rendered = {kind: card.render_output() for kind, card in picked.items()}
            for kind, card in picked.items():
                print(f"{kind:10} card {card.id}  {card.note()['Source'] if 'Source' in card.note().keys() else ''}")
        finally:
            col.close()

        pages = scratch / "pages"
        pages.mkdir()
        written = []
        for kind, output in rendered.items():
            for side, side_html in (("question", output.question_text), ("answer", output.answer_text)):
                for mode in ("light", "night"):
                    name = f"{kind}-{side}-{mode}"
                    page_path = pages / f"{name}.html"
                    page_path.write_text(page(side_html, output.css, mode == "night"), encoding="utf-8")
                    if args.keep_html:
                        shutil.copy(page_path, args.out / page_path.name)
                    png = args.out / f"{name}.png"
                    screenshot(chromium, page_path, png, scratch)
                    written.append(png)
        for png in written:
            print(png)
        css = next(iter(rendered.values())).css
        columns = columns_at_phone_width(chromium, css, scratch)
        print(f"code at {WIDTH} px: {columns} columns")
        if columns < 40:
            fail(f"code shows only {columns} columns at {WIDTH} px (at least 40 wanted)")
        one, total = breadcrumbs_on_one_line(chromium, css, contexts, scratch)
        print(f"breadcrumbs on one line at {WIDTH} px: {one} of {total}")
        if one < 0.9 * total:
            fail(f"only {one} of {total} breadcrumbs fit on one line at {WIDTH} px (90% wanted)")


if __name__ == "__main__":
    main()
