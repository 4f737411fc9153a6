"""Shared helpers for the real-Anki round-trip tests.

The tests run the cardsmith binary named by CARDSMITH_BIN (the Makefile sets
it to target/release/cardsmith), import what it writes into fresh Anki
collections made by the `anki` package pinned in requirements-test.txt, and
check what Anki itself sees.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageRequest, ImportCsvRequest
from anki.import_export_pb2 import CsvMetadata

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# The guides every round-trip test runs on.
STYLE_GUIDE = REPO / "tests" / "fixtures" / "style-guide.md"  # 46 notes, no cloze
INTERNALS_GUIDE = HERE / "fixtures" / "python-internals.md"  # cloze, code, definitions, Q heading
GUIDES = {"style-guide": STYLE_GUIDE, "python-internals": INTERNALS_GUIDE}


@dataclass(frozen=True)
class Built:
    """What one `cardsmith build` of one guide wrote."""

    apkg: Path
    csv: Path
    json_path: Path
    data: dict

    @property
    def cards_by_guid(self) -> dict[str, dict]:
        return {card["guid"]: card for card in self.data["cards"]}


def _resolve_bin() -> Path:
    value = os.environ.get("CARDSMITH_BIN")
    if not value:
        pytest.fail(
            "CARDSMITH_BIN is not set: point it at the cardsmith binary, e.g. "
            "`cargo build --release && CARDSMITH_BIN=target/release/cardsmith .venv/bin/python -m pytest tests/anki` "
            "(or run `make test`)",
            pytrace=False,
        )
    path = Path(value)
    if not path.is_absolute():
        path = (Path.cwd() / path).resolve()
    if not path.is_file():
        pytest.fail(f"CARDSMITH_BIN={value!r}: no such file ({path}); run `cargo build` first", pytrace=False)
    if not os.access(path, os.X_OK):
        pytest.fail(f"CARDSMITH_BIN={value!r}: {path} is not executable", pytrace=False)
    return path


@pytest.fixture(scope="session")
def cardsmith_bin() -> Path:
    return _resolve_bin()


def build(binary: Path, guide: Path, outdir: Path) -> Built:
    """`cardsmith build GUIDE -o OUTDIR -q`, then the three files it wrote.

    A guide inside the repository is built from a copy of its folder, so the
    lock file cardsmith writes beside the guides never lands in the repository.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    if guide.resolve().is_relative_to(REPO):
        copy = outdir.parent / f"{outdir.name}-guides"
        shutil.copytree(guide.parent, copy, dirs_exist_ok=True)
        guide = copy / guide.name
    subprocess.run([str(binary), "build", str(guide), "-o", str(outdir), "-q"], check=True)
    stem = guide.stem
    paths = [outdir / f"{stem}.{ext}" for ext in ("apkg", "csv", "json")]
    for path in paths:
        assert path.is_file(), f"cardsmith build did not write {path}"
    data = json.loads(paths[2].read_text(encoding="utf-8"))
    return Built(apkg=paths[0], csv=paths[1], json_path=paths[2], data=data)


@pytest.fixture(scope="session")
def builder(cardsmith_bin):
    """build(guide, outdir) with the binary under test."""

    def run(guide: Path, outdir: Path) -> Built:
        return build(cardsmith_bin, guide, outdir)

    return run


@pytest.fixture(scope="session")
def built(cardsmith_bin, tmp_path_factory) -> dict[str, Built]:
    """Each fixture guide built once per session (read-only for the tests)."""
    out = {}
    for name, guide in GUIDES.items():
        out[name] = build(cardsmith_bin, guide, tmp_path_factory.mktemp(f"build-{name}"))
    return out


@pytest.fixture(params=sorted(GUIDES))
def guide_name(request) -> str:
    return request.param


@pytest.fixture
def new_collection(tmp_path):
    """Factory for FRESH collections in this test's tmp dir; all closed at teardown."""
    opened: list[Collection] = []

    def make(name: str = "collection") -> Collection:
        folder = tmp_path / name
        folder.mkdir()
        col = Collection(str(folder / "collection.anki2"))
        opened.append(col)
        return col

    yield make
    for col in opened:
        col.close()


@pytest.fixture
def col(new_collection) -> Collection:
    return new_collection()


def import_apkg(col: Collection, path: Path):
    """Imports an .apkg as Anki's import screen does: with its preset options."""
    options = col._backend.get_import_anki_package_presets()
    response = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options))
    return response.log


def import_csv(col: Collection, path: Path):
    """Imports a CSV as Anki's import dialog does with its default options:
    the metadata Anki reads from the file's headers, delimiter auto-detected."""
    meta = col.get_csv_metadata(path=str(path), delimiter=None)
    # The dialog's default duplicate handling is "Update" (DupeResolution.UPDATE,
    # the proto default, and what get_csv_metadata returns for a fresh
    # collection). Fail loudly if a future Anki changes that default, rather
    # than silently testing something else.
    assert meta.dupe_resolution == CsvMetadata.UPDATE, (
        f"Anki's default dupe_resolution is now {CsvMetadata.DupeResolution.Name(meta.dupe_resolution)}, not UPDATE"
    )
    response = col.import_csv(ImportCsvRequest(path=str(path), metadata=meta))
    return response.log


def notes_by_guid(col: Collection) -> dict:
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    by_guid = {note.guid: note for note in notes}
    assert len(by_guid) == len(notes), "two notes in the collection share a GUID"
    return by_guid


def deck_names_with_parents(decks) -> set[str]:
    names = set()
    for deck in decks:
        parts = deck.split("::")
        for depth in range(1, len(parts) + 1):
            names.add("::".join(parts[:depth]))
    return names


def collection_deck_names(col: Collection) -> set[str]:
    """Every deck in the collection but the stock, empty "Default"."""
    names = {d.name for d in col.decks.all_names_and_ids()}
    default = col.decks.name(1)
    if default in names and not col.find_cards("did:1"):
        names.discard(default)
    return names


def log_summary(log) -> str:
    return (
        f"new={len(log.new)} updated={len(log.updated)} duplicate={len(log.duplicate)} "
        f"conflicting={len(log.conflicting)} first_field_match={len(log.first_field_match)} "
        f"missing_notetype={len(log.missing_notetype)} missing_deck={len(log.missing_deck)} "
        f"empty_first_field={len(log.empty_first_field)} found_notes={log.found_notes}"
    )


def copy_guide(guide: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / guide.name
    shutil.copyfile(guide, target)
    return target
