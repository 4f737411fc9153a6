//! One guide's first and last pass of a build: skip it when nothing
//! changed, or render it; later, write its outputs and record atomically,
//! and the package of its removed notes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::deck::Deck;
use crate::diagnostic::Diagnostic;
use crate::discover::Input;
use crate::error::{Error, Result};
use crate::export::{self, ApkgFormat, Format, OutputKind, Staged};
use crate::extract::Notice;
use crate::identity::{self, Changes, LockedNote, State};
use crate::media;
use crate::pipeline::convert_for_build;
use crate::record::{self, Record, RecordHead, RecordedNote};
use crate::source::SourceFile;
use crate::timings::Timings;

use super::{BuildOptions, BuiltGuide};

/// A guide after the first pass.
pub(super) enum Stage {
    Skipped(RecordHead),
    Rendered { deck: Deck, warnings: Vec<Notice>, record: Option<RecordHead>, hash: String },
}

/// The file next to the outputs that holds notes removed from the guide.
pub fn removed_deck_path(input: &Input, dir: &Path) -> PathBuf {
    input.output(dir, "removed.apkg")
}

/// First pass for one guide: skip it when its text, settings, record and
/// lock all agree with what is on disk; otherwise render it. `locked` gives
/// the guide's notes in the lock, asked for only when its text and
/// settings are those of its record (the lock may still be being read).
pub(super) fn prepare<'l>(
    input: &Input,
    options: &BuildOptions,
    locked: &dyn Fn() -> Vec<&'l LockedNote>,
    formats: &[Box<dyn Format + Send + Sync>],
    timings: &Timings,
) -> Result<Stage> {
    let dir = &options.output_dir;
    let record_path = record::path_for(dir, &input.relative);
    let (previous, source) =
        timings.time("read", || (RecordHead::load(&record_path), SourceFile::read(&input.path, &input.relative)));
    let source = source?;
    let hash = source_hash(&source.text, options);
    let unchanged = previous.as_ref().is_some_and(|previous| {
        previous.source_hash == hash
            && !options.forget_removed
            && !options.keeps_decks()
            && lock_agrees(previous, &locked())
            && formats.iter().all(|f| input.output(dir, f.extension()).is_file())
            && previous.media.iter().all(|m| media::media_name(&m.path).is_ok_and(|name| name == m.name))
    });
    if unchanged && let Some(previous) = previous {
        return Ok(Stage::Skipped(previous));
    }
    // A dry run leaves the output folder as it was.
    let parses = (!options.dry_run).then(|| crate::highlight::stored::path_for(&record_path));
    let (deck, warnings) = convert_for_build(source, timings, parses.as_deref())?;
    Ok(Stage::Rendered { deck, warnings, record: previous, hash })
}

/// Whether the lock holds exactly the notes the record says were written.
fn lock_agrees(record: &RecordHead, locked: &[&LockedNote]) -> bool {
    let live: Vec<(&str, i64)> =
        locked.iter().filter(|n| n.removed.is_none()).map(|n| (n.guid.as_str(), n.modified)).collect();
    let recorded: Vec<(&str, i64)> = record.notes.iter().map(|n| (n.guid.as_str(), n.modified)).collect();
    let removed: BTreeSet<&str> = locked.iter().filter(|n| n.removed.is_some()).map(|n| n.guid.as_str()).collect();
    live == recorded && record.removed.iter().all(|n| removed.contains(n.guid.as_str()))
}

pub(super) fn skipped(input: &Input, dir: &Path, previous: &RecordHead) -> BuiltGuide {
    BuiltGuide {
        notes: previous.notes.len(),
        changes: Changes { unchanged: previous.notes.len(), ..Changes::default() },
        skipped: true,
        removed_deck: (!previous.removed.is_empty()).then(|| removed_deck_path(input, dir)),
        ..BuiltGuide::default()
    }
}

/// A rendered guide with its identities, ready to write.
pub(super) struct Finish {
    pub deck: Deck,
    pub warnings: Vec<Notice>,
    pub record: Option<RecordHead>,
    pub hash: String,
    pub changes: Changes,
}

/// Last pass for one guide: its outputs, then its record.
pub(super) fn finish(
    input: &Input,
    options: &BuildOptions,
    formats: &[Box<dyn Format + Send + Sync>],
    timings: &Timings,
    guide: Finish,
    state: &State,
) -> Result<(BuiltGuide, Option<Deck>)> {
    let Finish { deck, warnings, record: previous, hash, changes } = guide;
    let dir = &options.output_dir;
    let name = input.guide_name();
    let record_path = record::path_for(dir, &input.relative);
    // Removed notes whose sides the last record kept go into the
    // removed-notes package (the record is read whole only for them).
    let removed: Vec<(&str, i64)> =
        state.notes.iter().filter(|n| n.guide == name).filter_map(|n| Some((n.guid.as_str(), n.removed?))).collect();
    let kept: Option<Record> = if removed.is_empty() || previous.is_none() { None } else { Record::load(&record_path) };
    let tombstones: Vec<RecordedNote> = kept.map_or_else(Vec::new, |kept| {
        let sides = kept.by_guid();
        removed
            .iter()
            .filter_map(|&(guid, at)| {
                let mut note = (*sides.get(guid)?).clone();
                note.removed_at = Some(at);
                Some(note)
            })
            .collect()
    });
    let mut warnings: Vec<Diagnostic> = warnings.into_iter().map(|n| Diagnostic::of_notice(&input.path, n)).collect();
    if options.formats.contains(&OutputKind::Tsv) {
        warnings.extend(deck.cards.iter().filter(|c| c.front.has_image() || c.back.has_image()).map(|card| {
            Diagnostic {
                path: input.path.clone(),
                line: card.source.line,
                code: "tsv-image",
                message: "this card's picture is left out of the TSV (plain text holds no pictures)".to_owned(),
                fix: "study this card from the .apkg, CSV or JSON, or describe the picture in words",
            }
        }));
    }
    let mut built = BuiltGuide {
        warnings,
        notes: deck.cards.len(),
        cards: deck.anki_card_count(),
        changes,
        removed_deck: (!tombstones.is_empty()).then(|| removed_deck_path(input, dir)),
        ..BuiltGuide::default()
    };
    if options.dry_run {
        return Ok((built, options.keeps_decks().then_some(deck)));
    }
    let rendered = deck;
    let deck = &rendered;
    let outputs: Vec<PathBuf> = formats.iter().map(|f| input.output(dir, f.extension())).collect();
    // The formats and the record are independent: write them side by side,
    // then put them in place only once all of them are whole, record last.
    let (staged, record) = rayon::join(
        || {
            formats
                .par_iter()
                .zip(&outputs)
                .map(|(format, path)| {
                    timings.time(format.extension(), || export::stage(path, |out| format.write(deck, out)))
                })
                .collect::<Result<Vec<Staged>>>()
        },
        || timings.time("record", || export::stage(&record_path, |out| record::write(out, deck, &hash, &tombstones))),
    );
    let (staged, record) = (staged?, record?);
    for file in staged {
        file.commit()?;
    }
    built.outputs = outputs;
    timings.time("media", || copy_media(input, dir, deck))?;
    timings.time("record", || {
        write_removed_deck(input, dir, deck, &tombstones)?;
        record.commit()
    })?;
    // A bundle of the batch takes the deck along; else it goes.
    let (kept, dropped) = if options.keeps_decks() { (Some(rendered), None) } else { (None, Some(rendered)) };
    crate::pipeline::let_go((dropped, tombstones, previous));
    Ok((built, kept))
}

/// Images go next to the CSV and JSON, under the names the cards use
/// (Anki's CSV import expects them in its media folder; see README).
fn copy_media(input: &Input, dir: &Path, deck: &Deck) -> Result<()> {
    let folder = input.output(dir, "json").parent().map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
    for file in &deck.media {
        let target = folder.join(&file.name);
        if target.is_file() {
            continue; // the name is the content's hash: same name, same bytes
        }
        let bytes = std::fs::read(&file.path).map_err(|source| Error::Read { path: file.path.clone(), source })?;
        export::write_atomic(&target, |out| out.write_all(&bytes))?;
    }
    Ok(())
}

/// Notes removed from the guide, as a small deck: importing it tags them
/// `cardsmith::removed` in Anki so they are easy to find and delete.
fn write_removed_deck(input: &Input, dir: &Path, deck: &Deck, tombstones: &[RecordedNote]) -> Result<()> {
    let path = removed_deck_path(input, dir);
    if tombstones.is_empty() {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Write { path, source: e }),
            _ => Ok(()),
        };
    }
    let removed = removed_deck(&deck.title, &deck.source, deck.modified, tombstones);
    let format = ApkgFormat { scratch: Some(dir.to_path_buf()) };
    export::write_atomic(&path, |out| format.write(&removed, out))
}

/// The deck of a guide's removed notes, each tagged `cardsmith::removed`
/// and with "Removed from the guide" in its breadcrumb.
fn removed_deck(title: &str, source: &str, modified: i64, tombstones: &[RecordedNote]) -> Deck {
    let cards = tombstones
        .iter()
        .map(|note| {
            let mut card = note.to_card(source);
            card.tags.push("cardsmith::removed".to_owned());
            card.context.insert(0, "Removed from the guide".to_owned());
            card
        })
        .collect();
    Deck { title: title.to_owned(), source: source.to_owned(), cards, media: Vec::new(), id_prefix: None, modified }
}

/// Bump when the same guide and settings give different output files, so
/// guides built before are rebuilt rather than skipped.
const OUTPUT_EPOCH: u32 = 9;

/// Everything that shapes a guide's outputs: its text, the tool's version
/// and output epoch, and the build settings.
fn source_hash(text: &str, options: &BuildOptions) -> String {
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update([0]);
    hasher.update(OUTPUT_EPOCH.to_le_bytes());
    hasher.update(format!("{:?}", options.csv).as_bytes());
    hasher.update([0]);
    hasher.update(text.as_bytes());
    identity::hex(&hasher.finalize()[..16])
}
