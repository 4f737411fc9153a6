#!/usr/bin/env python3
"""Screenshot `cardsmith preview`'s page for the README: the guide's page in
headless Chromium, its first code card flipped, once in light mode and once
in night mode at phone width.

    .venv/bin/python tools/preview_screenshot.py --cardsmith target/release/cardsmith \\
        --guide source/advanced-python.md --out docs/screenshots

Needs Debian's chromium (`apt-get install chromium`) and Playwright (in
requirements-test.txt).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cardsmith", required=True, type=Path)
    parser.add_argument("--guide", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or sys.exit("needs Debian's chromium (apt-get install chromium)")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # A copy of the guide, so the lock file stays out of the repository.
        guide = Path(tmp) / "src" / args.guide.name
        guide.parent.mkdir()
        shutil.copyfile(args.guide, guide)
        subprocess.run([str(args.cardsmith), "preview", str(guide), "-o", tmp, "-q"], check=True)
        page_path = Path(tmp) / args.guide.with_suffix(".html").name
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            page = browser.new_page(viewport={"width": 1000, "height": 760})
            page.goto(page_path.as_uri())
            page.select_option("#cs-kind", "code")
            page.locator('.cs-entry[data-kind="code"]').first.click()
            page.screenshot(path=str(args.out / "preview-light.png"))
            page.click("#cs-night")
            page.click("#cs-phone")
            page.screenshot(path=str(args.out / "preview-night-phone.png"))
            browser.close()
    print(f"wrote {args.out / 'preview-light.png'} and {args.out / 'preview-night-phone.png'}")


if __name__ == "__main__":
    main()
