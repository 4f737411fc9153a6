//! `cardsmith build` over a batch of guides, in three passes: render every
//! guide that changed (in parallel; a guide whose text and settings match
//! its record and the lock file is skipped without parsing), give the cards
//! their identities (one pass over each folder's guides, so a card can move
//! between guides; see [`identity`](crate::identity)), then write each guide's outputs
//! atomically (in parallel), and each folder's lock file last.

mod folder;
mod guide;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::deck::Deck;
use crate::diagnostic::Diagnostic;
use crate::discover::{self, Input};
use crate::error::{Error, Result};
use crate::export::{self, CsvFlavor, OutputKind};
use crate::identity::state::{LOCK_NAME, Loaded};
use crate::identity::{Changes, DeckMove, Named, State};
use crate::timings::Timings;

use folder::Folder;

mod bundle;
use guide::{Finish, Stage};

/// What `cardsmith build` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOptions {
    pub inputs: Vec<PathBuf>,
    pub output_dir: PathBuf,
    /// Which files to write for each guide (a kind named twice is written once).
    pub formats: Vec<OutputKind>,
    pub csv: CsvFlavor,
    /// Report what would change without writing anything.
    pub dry_run: bool,
    /// Drop the record of removed notes (after deleting them in Anki).
    pub forget_removed: bool,
    /// Collect per-stage timings.
    pub timings: bool,
    /// Also write `NAME.apkg` in the output folder holding every guide of
    /// the batch (same decks and GUIDs as their own packages). Every guide
    /// is rendered then, none skipped.
    pub bundle: Option<String>,
    /// Hand every guide's rendered deck back in [`Batch::decks`] (for a
    /// preview); every guide is rendered then, none skipped.
    pub keep_decks: bool,
}

impl BuildOptions {
    fn keeps_decks(&self) -> bool {
        self.keep_decks || self.bundle.is_some()
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Batch {
    pub guides: Vec<Built>,
    /// One per folder of guides.
    pub locks: Vec<LockReport>,
    /// The package of the whole batch, when asked for and written.
    pub bundle: Option<Bundle>,
    /// Each guide's deck, by its place in `guides`, with `keep_decks`.
    pub decks: Vec<(usize, Deck)>,
}

/// A guide written, with its deck when a bundle takes it along.
type Written = (BuiltGuide, Option<Deck>);

/// The one package of a batch (`--bundle NAME`).
#[derive(Debug)]
pub struct Bundle {
    pub path: PathBuf,
    pub guides: usize,
    pub notes: usize,
}

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
    pub warnings: Vec<Diagnostic>,
}

/// A folder's lock file after the build.
#[derive(Debug, Default)]
pub struct LockReport {
    pub path: PathBuf,
    /// Written for the first time.
    pub created: bool,
    /// Warnings about the identity state (a refused lock, a lost one).
    pub warnings: Vec<Diagnostic>,
    /// Notes of guides no longer there that no card took.
    pub gone: Vec<(String, Vec<Named>)>,
    /// Cards Anki should move to their new deck.
    pub deck_moves: Vec<DeckMove>,
}

/// How far a build has got, for a progress display: two steps per guide
/// (rendered or skipped, then written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Start { steps: usize },
    Step,
    Done,
}

/// Builds the guides `options` names, telling `progress` how far it got.
pub fn build(options: &BuildOptions, timings: &Timings, progress: &(dyn Fn(Progress) + Sync)) -> Result<Batch> {
    let inputs = discover::inputs(&options.inputs)?;
    discover::check_clashes(&inputs, &options.output_dir)?;
    if let Some(name) = &options.bundle {
        bundle::check(name, &options.output_dir, &inputs)?;
    }
    // Held until the build ends: two builds never interleave their outputs.
    let _lock = if options.dry_run { None } else { Some(lock(&options.output_dir)?) };
    if !options.dry_run {
        // What a killed build left in the folders this one writes to.
        let mut folders: BTreeSet<PathBuf> = inputs
            .iter()
            .filter_map(|input| input.output(&options.output_dir, "json").parent().map(Path::to_path_buf))
            .collect();
        // (The packages' SQLite work files are made in the output folder itself.)
        folders.insert(options.output_dir.clone());
        folders.iter().for_each(|folder| remove_leftovers(folder));
    }
    let mut roots: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (i, input) in inputs.iter().enumerate() {
        roots.entry(input.root()).or_default().push(i);
    }
    let formats = export::formats(&options.formats, options.csv, &options.output_dir);
    progress(Progress::Start { steps: inputs.len() * 2 });

    // Render what changed, while the lock files are read: a guide needs
    // its notes in the lock only to be skipped, which its text decides
    // first, and a large lock takes a while to read (the lock of a 25 MB
    // guide, 0.17 s, which every build used to wait for before starting).
    // (Reading a lock must not use rayon's threads: they may be waiting on
    // it here.)
    let locks: OnceLock<BTreeMap<PathBuf, Loaded>> = OnceLock::new();
    let load = || roots.keys().map(|root| (root.clone(), State::load(&root.join(LOCK_NAME)))).collect();
    let mut stages: Vec<Option<Result<Stage>>> = std::thread::scope(|scope| {
        // A failed thread leaves the reading to whoever asks first.
        let _ = std::thread::Builder::new().name("cardsmith-lock".into()).spawn_scoped(scope, || {
            locks.get_or_init(load);
        });
        inputs
            .par_iter()
            .map(|input| {
                let locked = || match &locks.get_or_init(load)[&input.root()] {
                    Loaded::Read(state) => {
                        let guide = input.guide_name();
                        state.notes.iter().filter(|n| n.guide == guide).collect()
                    }
                    _ => Vec::new(),
                };
                let stage = guide::prepare(input, options, &locked, &formats, timings);
                progress(Progress::Step);
                Some(stage)
            })
            .collect()
    });
    let mut loaded = locks.into_inner().unwrap_or_else(load);
    // Identities, a folder at a time.
    let mut results: Vec<Option<Result<BuiltGuide>>> = (0..inputs.len()).map(|_| None).collect();
    let mut reserved: HashSet<String> = HashSet::new();
    let mut folders: Vec<Folder> = Vec::with_capacity(roots.len());
    for (root, members) in &roots {
        let loaded = loaded.remove(root).unwrap_or(Loaded::Missing);
        let folder =
            folder::identify(root, members, &inputs, &mut stages, &mut results, loaded, &reserved, options, timings);
        if roots.len() > 1 {
            reserved.extend(folder.state.notes.iter().map(|n| n.guid.clone()));
        }
        folders.push(folder);
    }
    // Outputs, then each folder's lock file.
    let mut writes: Vec<(usize, Finish, usize)> = Vec::new();
    let mut states = Vec::with_capacity(folders.len());
    let mut batch = Batch::default();
    for (f, folder) in folders.into_iter().enumerate() {
        writes.extend(folder.to_write.into_iter().map(|(i, finish)| (i, finish, f)));
        states.push((folder.report.path.clone(), folder.state, folder.writable));
        batch.locks.push(folder.report);
    }
    // Whether each lock file changed is worked out beside the outputs (a
    // large lock takes a while to write out and compare); changed ones
    // are written after them.
    let (written, changed): (Vec<(usize, Result<Written>)>, Vec<bool>) = rayon::join(
        || {
            writes
                .into_par_iter()
                .map(|(i, finish, f)| {
                    let result = guide::finish(&inputs[i], options, &formats, timings, finish, &states[f].1);
                    progress(Progress::Step);
                    (i, result)
                })
                .collect()
        },
        || {
            let write = |(path, state, writable): &(PathBuf, State, bool)| {
                *writable && !options.dry_run && folder::lock_changed(path, state)
            };
            states.iter().map(write).collect()
        },
    );
    progress(Progress::Done);
    let mut decks: Vec<(usize, Deck)> = Vec::new();
    for (i, result) in written {
        results[i] = Some(result.map(|(built, deck)| {
            decks.extend(deck.map(|d| (i, d)));
            built
        }));
    }
    // The batch's package, only when every guide built: a failed guide
    // leaves the last good bundle as it was.
    if let Some(name) = &options.bundle
        && !options.dry_run
        && results.iter().all(|r| matches!(r, Some(Ok(_))))
    {
        decks.sort_by_key(|(i, _)| *i);
        let decks: Vec<Deck> = decks.into_iter().map(|(_, d)| d).collect();
        batch.bundle = Some(bundle::write(name, &options.output_dir, decks)?);
    } else if options.keep_decks {
        decks.sort_by_key(|(i, _)| *i);
        batch.decks = decks;
    }
    for ((path, state, _), changed) in states.iter().zip(changed) {
        if changed {
            folder::write_lock(path, state)?;
        }
    }
    batch.guides = inputs
        .into_iter()
        .zip(results)
        .map(|(input, result)| Built { input, result: result.expect("every guide has an outcome") })
        .collect();
    Ok(batch)
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
pub const LOCK_FILE: &str = ".cardsmith-build.lock";

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
