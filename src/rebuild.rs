//! `cardsmith build` over a batch of guides: each guide is matched against
//! its build record, written atomically (outputs first, record last) and
//! summarised. Guides are independent, so they run in parallel; a guide
//! whose text and settings match its record is skipped without parsing.

use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::deck::Deck;
use crate::discover::{self, Input};
use crate::error::{Error, Result};
use crate::export::{self, ApkgFormat, Format, Staged};
use crate::identity::reconcile::{self, Changes};
use crate::identity::record::{self, Record, RecordedNote};
use crate::media;
use crate::pipeline::{BuildOptions, convert_for_build};
use crate::source::SourceFile;
use crate::timings::Timings;

/// The outcome for one guide of a build.
#[derive(Debug)]
pub struct Built {
    pub input: Input,
    pub result: Result<BuiltGuide>,
}

#[derive(Debug, Default)]
pub struct BuiltGuide {
    pub notes: usize,
    pub cards: usize,
    /// Files written (none on a dry run or when skipped).
    pub outputs: Vec<PathBuf>,
    pub changes: Changes,
    /// Nothing changed since the record: not even parsed.
    pub skipped: bool,
    /// Where the removed notes' deck is, when there are any.
    pub removed_deck: Option<PathBuf>,
    /// Problems worth a warning that did not stop the build (missing images…).
    pub warnings: Vec<String>,
}

pub fn build(options: &BuildOptions, timings: &Timings) -> Result<Vec<Built>> {
    let inputs = discover::inputs(&options.inputs)?;
    discover::check_clashes(&inputs, &options.output_dir)?;
    // Held until the build ends: two builds never interleave their outputs.
    let _lock = if options.dry_run { None } else { Some(lock(&options.output_dir)?) };
    if !options.dry_run {
        // What a killed build left in the folders this one writes to.
        let folders: std::collections::BTreeSet<PathBuf> = inputs
            .iter()
            .filter_map(|input| input.output(&options.output_dir, "json").parent().map(Path::to_path_buf))
            .collect();
        folders.iter().for_each(|folder| remove_leftovers(folder));
    }
    let formats = export::formats(options.csv);
    let bar = progress_bar(options.progress, inputs.len());
    let results = inputs
        .into_par_iter()
        .map(|input| {
            let result = build_one(&input, options, &formats, timings);
            bar.inc(1);
            Built { input, result }
        })
        .collect();
    bar.finish_and_clear();
    Ok(results)
}

/// Takes the output folder for this build: with the lock held, no other
/// build writes there, so what a killed one left can go.
fn lock(dir: &Path) -> Result<std::fs::File> {
    let fail = |source: std::io::Error| Error::Write { path: dir.to_path_buf(), source };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let path = dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(fail)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked { dir: dir.to_path_buf() }),
        Err(std::fs::TryLockError::Error(source)) => Err(Error::Write { path, source }),
    }
}

/// The file a build locks in its output folder.
pub const LOCK_FILE: &str = ".cardsmith.lock";

/// Deletes the `.cardsmith-*.tmp` files of a killed build in one folder.
fn remove_leftovers(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".cardsmith-") && name.ends_with(".tmp") && entry.file_type().is_ok_and(|t| t.is_file()) {
            // Best effort: one that cannot go is tried again next time.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The file next to the outputs that holds notes removed from the guide.
pub fn removed_deck_path(input: &Input, dir: &Path) -> PathBuf {
    input.output(dir, "removed.apkg")
}

fn build_one(
    input: &Input,
    options: &BuildOptions,
    formats: &[Box<dyn Format + Send + Sync>],
    timings: &Timings,
) -> Result<BuiltGuide> {
    let dir = &options.output_dir;
    let record_path = record::path_for(dir, &input.relative);
    let (previous, source) =
        timings.time("read", || (Record::load(&record_path), SourceFile::read(&input.path, &input.relative)));
    let source = source?;
    let hash = source_hash(&source.text, options);
    let outputs: Vec<PathBuf> = formats.iter().map(|f| input.output(dir, f.extension())).collect();
    if let Some(previous) = &previous
        && previous.source_hash == hash
        && !options.forget_removed
        && outputs.iter().all(|p| p.is_file())
        && previous.media.iter().all(|m| media::media_name(&m.path).is_ok_and(|name| name == m.name))
    {
        return Ok(BuiltGuide {
            notes: previous.notes.len(),
            changes: Changes { unchanged: previous.notes.len(), ..Changes::default() },
            skipped: true,
            removed_deck: (!previous.removed.is_empty()).then(|| removed_deck_path(input, dir)),
            ..BuiltGuide::default()
        });
    }
    let now = source.modified;
    let (mut rendered, warnings) = convert_for_build(source, timings)?;
    let (changes, mut tombstones) =
        timings.time("identify", || reconcile::reconcile(&mut rendered.cards, previous.as_ref(), now));
    if options.forget_removed {
        tombstones.clear();
    }
    let deck = &rendered;
    let warnings = warnings.iter().map(|n| format!("{}:{}: {}", input.path.display(), n.line, n.message)).collect();
    let mut built = BuiltGuide {
        warnings,
        notes: deck.cards.len(),
        cards: deck.anki_card_count(),
        changes,
        removed_deck: (!tombstones.is_empty()).then(|| removed_deck_path(input, dir)),
        ..BuiltGuide::default()
    };
    if options.dry_run {
        return Ok(built);
    }
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
    crate::pipeline::let_go((rendered, tombstones, previous));
    Ok(built)
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
    let cards = tombstones
        .iter()
        .map(|note| {
            let mut card = note.to_card(&deck.source);
            card.tags.push("cardsmith::removed".to_owned());
            card.context.insert(0, "Removed from the guide".to_owned());
            card
        })
        .collect();
    let removed = Deck { title: deck.title.clone(), source: deck.source.clone(), cards, media: Vec::new() };
    export::write_atomic(&path, |out| ApkgFormat.write(&removed, out))
}

/// Bump when the same guide and settings give different output files, so
/// guides built before are rebuilt rather than skipped.
const OUTPUT_EPOCH: u32 = 7;

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
    record::hex(&hasher.finalize()[..16])
}

fn progress_bar(wanted: bool, len: usize) -> ProgressBar {
    if !wanted || len < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} guides") {
        bar.set_style(style);
    }
    bar
}
