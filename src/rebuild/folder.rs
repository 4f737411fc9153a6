//! The identity pass over one folder of guides: takes the folder's lock
//! file and its guides after the first pass, gives each rendered guide its
//! identities (all at once, so a card can move between guides) and the
//! folder's new state, written back to the lock file at the end.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{self, BufRead, Read, Write};
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::discover::Input;
use crate::error::{Error, Result};
use crate::export;
use crate::identity::state::{LOCK_NAME, Loaded};
use crate::identity::{self, Scope, State};
use crate::record;
use crate::timings::Timings;

use super::guide::{Finish, Stage, skipped};
use super::{BuildOptions, BuiltGuide, LockReport};

/// A folder after the identity pass.
pub(super) struct Folder {
    pub report: LockReport,
    pub state: State,
    /// Whether the lock file may be written (not when it was refused).
    pub writable: bool,
    /// Guides to write, by input index.
    pub to_write: Vec<(usize, Finish)>,
}

/// Runs the identity pass for the guides `members` (indices into
/// `inputs`) found in `root`, taking their first-pass `stages`; outcomes
/// known already (skipped, failed) go into `results`. New GUIDs avoid
/// `reserved`, those of the folders before.
#[allow(clippy::too_many_arguments)]
pub(super) fn identify(
    root: &Path,
    members: &[usize],
    inputs: &[Input],
    stages: &mut [Option<Result<Stage>>],
    results: &mut [Option<Result<BuiltGuide>>],
    loaded: Loaded,
    reserved: &HashSet<String>,
    options: &BuildOptions,
    timings: &Timings,
) -> Folder {
    let lock_path = root.join(LOCK_NAME);
    let mut report = LockReport { path: lock_path.clone(), ..LockReport::default() };
    let created = matches!(loaded, Loaded::Missing);
    let (mut previous, writable) = match loaded {
        Loaded::Read(state) => (state, true),
        Loaded::Missing => (State::default(), true),
        Loaded::Refused(why) => {
            report.warnings.push(Diagnostic {
                path: lock_path.clone(),
                line: 0,
                code: "lock-refused",
                message: format!(
                    "{why}; the file was ignored and left as it is (fix it, or delete it to start afresh)"
                ),
                fix: "fix the lock file, or delete it to start afresh",
            });
            (State::default(), false)
        }
    };
    let known: BTreeSet<String> = previous.guides().into_iter().map(str::to_owned).collect();
    let names: BTreeSet<String> = members.iter().map(|&i| inputs[i].guide_name()).collect();
    // Guides of the lock this build leaves alone: not named now, still there.
    let mut settled: BTreeSet<String> =
        known.iter().filter(|g| !names.contains(*g) && root.join(g).is_file()).cloned().collect();
    let (mut decks, mut owners, mut extras) = (Vec::new(), Vec::new(), Vec::new());
    for &i in members {
        let input = &inputs[i];
        match stages[i].take() {
            Some(Ok(Stage::Skipped(record))) => {
                settled.insert(input.guide_name());
                results[i] = Some(Ok(skipped(input, &options.output_dir, &record)));
            }
            Some(Ok(Stage::Rendered { deck, warnings, record, hash })) => {
                if !known.contains(&input.guide_name()) {
                    match &record {
                        // Built by an older cardsmith: its record stands in.
                        Some(_) => {
                            let path = record::path_for(&options.output_dir, &input.relative);
                            if let Some(record) = record::Record::load(&path) {
                                previous.notes.extend(record.to_state(&input.guide_name()));
                            }
                        }
                        None if input.output(&options.output_dir, "apkg").is_file() => {
                            report.warnings.push(stateless(input, &lock_path, options));
                        }
                        None => {}
                    }
                }
                decks.push(deck);
                owners.push(i);
                extras.push((warnings, record, hash));
            }
            Some(Err(err)) => {
                settled.insert(input.guide_name());
                results[i] = Some(Err(err));
            }
            None => {}
        }
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let scope = Scope { settled: &settled, reserved, now };
    let assigned = timings.time("identify", || identity::assign(&mut decks, previous, scope));
    let mut state = assigned.state;
    if options.forget_removed {
        state.notes.retain(|n| n.removed.is_none() || settled.contains(&n.guide));
    }
    report.deck_moves = assigned.deck_moves;
    report.gone = assigned.gone;
    report.created = created && !state.notes.is_empty() && !options.dry_run;
    let mut failed: BTreeMap<usize, Error> = assigned.errors.into_iter().collect();
    let mut to_write = Vec::new();
    for (d, ((deck, (warnings, record, hash)), mut changes)) in
        decks.into_iter().zip(extras).zip(assigned.changes).enumerate()
    {
        let i = owners[d];
        if let Some(err) = failed.remove(&d) {
            results[i] = Some(Err(err));
            continue;
        }
        // The state keeps no line numbers; the record knows where removed cards were.
        if let Some(record) = record.as_ref().filter(|_| !changes.removed.is_empty()) {
            let notes = record.by_guid();
            for named in &mut changes.removed {
                named.line = notes.get(named.guid.as_str()).map_or(0, |n| n.line);
            }
        }
        to_write.push((i, Finish { deck, warnings, record, hash, changes }));
    }
    Folder { report, state, writable, to_write }
}

/// The warning for a guide built before whose state is lost.
fn stateless(input: &Input, lock_path: &Path, options: &BuildOptions) -> Diagnostic {
    let message = format!(
        "no identity state for this guide (not in {}, no {}): its cards are matched to your notes by their \
         questions alone, and notes already in Anki keep what they have there (to update them from the guide, \
         choose \"Update notes: Always\" in Anki's import dialog)",
        lock_path.display(),
        record::path_for(&options.output_dir, &input.relative).display()
    );
    let fix = "choose \"Update notes: Always\" in Anki's import dialog to update notes from the guide";
    Diagnostic { path: input.path.clone(), line: 0, code: "no-identity-state", message, fix }
}

/// Whether a folder's lock file needs writing: its text changed (an
/// unchanged build leaves the file, and its time, alone). A build asks
/// while it writes the outputs, then writes the lock after them.
pub(super) fn lock_changed(path: &Path, state: &State) -> bool {
    // No notes and no file: nothing to write.
    (!state.notes.is_empty() || path.exists()) && !holds(path, |out| state.write_text(out))
}

/// Writes a folder's lock file, a note at a time.
pub(super) fn write_lock(path: &Path, state: &State) -> Result<()> {
    export::write_atomic(path, |out| state.write_text(out))
}

/// Whether the file at `path` holds exactly what `write` writes, compared
/// a block at a time as it is written (a large lock is never held whole).
fn holds(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> bool {
    let Ok(file) = std::fs::File::open(path) else { return false };
    let mut file = io::BufReader::with_capacity(1 << 16, file);
    let mut same = Same { file: &mut file, theirs: Vec::new() };
    let mut out = io::BufWriter::with_capacity(1 << 16, &mut same);
    if write(&mut out).and_then(|()| out.flush()).is_err() {
        return false;
    }
    drop(out);
    // And nothing more.
    file.fill_buf().is_ok_and(|rest| rest.is_empty())
}

/// A writer that fails as soon as what is written differs from what
/// `file` holds next.
struct Same<'a, R> {
    file: &'a mut R,
    theirs: Vec<u8>,
}

impl<R: Read> Write for Same<'_, R> {
    fn write(&mut self, ours: &[u8]) -> io::Result<usize> {
        self.theirs.resize(ours.len(), 0);
        self.file.read_exact(&mut self.theirs)?;
        if self.theirs != ours {
            return Err(io::Error::other("the file differs"));
        }
        Ok(ours.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::holds;

    #[test]
    fn a_file_holds_only_its_exact_bytes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cardsmith.lock");
        let text = "x".repeat(200_000) + "end";
        let writes = |bytes: &[u8]| {
            let bytes = bytes.to_vec();
            // In pieces, as the lock is written.
            move |out: &mut dyn Write| bytes.chunks(1000).try_for_each(|piece| out.write_all(piece))
        };
        assert!(!holds(&path, writes(text.as_bytes())), "no file");
        std::fs::write(&path, &text).expect("written");
        assert!(holds(&path, writes(text.as_bytes())));
        assert!(!holds(&path, writes((text.clone() + "\n").as_bytes())), "longer");
        assert!(!holds(&path, writes(&text.as_bytes()[1..])), "shorter");
        let changed = "x".repeat(200_000) + "END";
        assert!(!holds(&path, writes(changed.as_bytes())), "same length, other bytes");
        assert!(!holds(&path, writes(b"")), "empty");
    }
}
