//! `cardsmith push`: takes a finished build and sends it to a running Anki
//! over AnkiConnect. It imports the packages (Anki's own import, so GUIDs,
//! reviews and the newer-wins rule hold as for a package imported by hand),
//! then does what an import cannot: moves notes whose deck changed since the
//! last push, tags notes removed from a guide `cardsmith::removed`, and, when
//! asked and confirmed, deletes them.
//!
//! AnkiConnect cannot search by GUID, so a note to move, tag or delete is
//! found in the deck it was pushed into by its fields (`finder`). What each
//! note was pushed into is kept in the output folder (`state`); without it
//! (a first push), the build's own moves stand in.

mod connect;
mod finder;
mod state;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use serde_json::json;

pub use connect::{Client, ConnectError};

use crate::discover::Input;
use crate::identity::State;
use crate::identity::state::Loaded;
use crate::rebuild::{Batch, BuildOptions};
use crate::record::{self, Record, RecordedNote};
use finder::{Finder, Key, Known, Tagged};

/// Where and how to push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushOptions {
    /// AnkiConnect's address, `http://127.0.0.1:8765` by default.
    pub url: String,
    /// AnkiConnect's API key, when its settings set one.
    pub key: Option<String>,
    /// Delete the notes removed from the guides (after `confirm`).
    pub prune: bool,
    /// Ask Anki to sync with AnkiWeb at the end.
    pub sync: bool,
}

pub const DEFAULT_URL: &str = "http://127.0.0.1:8765";

/// Why a push stopped.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error(
        "{source}: start Anki with the AnkiConnect add-on (or name its address with --anki-connect), or import {} by hand",
        packages.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    Unreachable { source: ConnectError, packages: Vec<PathBuf> },
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error("{}: no build record; build the guide first", path.display())]
    NoRecord { path: PathBuf },
    #[error(transparent)]
    Build(#[from] crate::Error),
}

/// What a push did to one guide's notes in Anki.
#[derive(Debug, Default)]
pub struct GuidePush {
    /// The guide pushed; none for a guide no longer there, whose removed
    /// notes the push tagged (`name` says which).
    pub input: Option<Input>,
    pub name: String,
    pub notes: usize,
    /// Notes moved into the deck the guide now gives them.
    pub moved: usize,
    /// Notes that should have moved but were not found in their old deck
    /// (deleted, or edited in Anki), by question.
    pub not_found: Vec<String>,
    /// Notes to move or tag left alone because another note cardsmith
    /// knows of has the same question and answer (Anki cannot tell them
    /// apart), by question.
    pub alike: Vec<String>,
    /// Removed notes tagged `cardsmith::removed` by this push.
    pub tagged: usize,
    /// Newly removed notes not found in Anki to tag (never pushed, or
    /// deleted or edited there).
    pub untagged: usize,
    /// Removed notes deleted by this push.
    pub pruned: usize,
    /// Notes back in the guide whose `cardsmith::removed` tag this push
    /// took off.
    pub returned: usize,
}

/// A removed note found in Anki, for the confirmation before deleting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prunable {
    pub guide: String,
    pub guid: String,
    pub question: String,
    pub note: i64,
}

/// What a push did.
#[derive(Debug, Default)]
pub struct PushReport {
    pub guides: Vec<GuidePush>,
    /// Removed notes found in Anki that `--prune` would delete, and whether
    /// they were.
    pub prunable: Vec<Prunable>,
    /// Removed notes `--prune` did not find tagged in their deck in Anki
    /// (deleted there already, or edited), or could not tell apart from
    /// another note.
    pub unfound: usize,
    pub pruned: bool,
    pub synced: bool,
}

impl PushReport {
    /// The entry of the guide named `name`, made for a guide no longer there.
    fn guide(&mut self, name: &str) -> &mut GuidePush {
        match self.guides.iter().position(|g| g.name == name) {
            Some(at) => &mut self.guides[at],
            None => {
                self.guides.push(GuidePush { name: name.to_owned(), ..GuidePush::default() });
                self.guides.last_mut().expect("just pushed")
            }
        }
    }
}

/// Pushes every guide `batch` built (a failed guide is left out) to Anki.
/// `confirm` is asked before removed notes are deleted.
pub fn push(
    batch: &Batch,
    build: &BuildOptions,
    options: &PushOptions,
    confirm: &dyn Fn(&[Prunable]) -> bool,
) -> Result<PushReport, PushError> {
    let guides: Vec<&Input> = batch.guides.iter().filter(|g| g.result.is_ok()).map(|g| &g.input).collect();
    let packages: Vec<PathBuf> = match &batch.bundle {
        Some(bundle) => vec![bundle.path.clone()],
        None => guides.iter().map(|input| input.output(&build.output_dir, "apkg")).collect(),
    };
    let client = Client::new(&options.url, options.key.as_deref());
    if let Err(source) = client.call::<serde_json::Value>("version", json!({})) {
        return Err(match source {
            ConnectError::Unreachable { .. } => PushError::Unreachable { source, packages },
            other => other.into(),
        });
    }
    for package in &packages {
        let path = std::path::absolute(package).unwrap_or_else(|_| package.clone());
        client.call::<serde_json::Value>("importPackage", json!({ "path": path.to_string_lossy() }))?;
    }

    let mut records = Vec::with_capacity(guides.len());
    for input in guides {
        let path = record::path_for(&build.output_dir, &input.relative);
        records.push((input, Record::load(&path).ok_or(PushError::NoRecord { path })?));
    }
    let locks: Vec<State> = batch
        .locks
        .iter()
        .filter_map(|lock| match State::load(&lock.path) {
            Loaded::Read(state) => Some(state),
            _ => None,
        })
        .collect();
    let known = Known::new(&build.output_dir, &locks, &records.iter().map(|(_, r)| r).collect::<Vec<_>>());
    let state_path = state::path(&build.output_dir);
    let mut pushed = state::load(&state_path).unwrap_or_default();
    let moved_in_build: HashMap<&str, &str> = batch
        .guides
        .iter()
        .filter_map(|g| g.result.as_ref().ok())
        .flat_map(|g| &g.changes.moved)
        .map(|m| (m.card.guid.as_str(), m.from_deck.as_str()))
        .collect();
    let mut report = PushReport::default();
    let mut finder = Finder::new(&client);
    for (input, record) in &records {
        let mut guide = GuidePush {
            input: Some((*input).clone()),
            name: input.guide_name(),
            notes: record.notes.len(),
            ..GuidePush::default()
        };
        // Where each note is in Anki before this push: the deck of the last
        // push, or the one the last build gave it.
        let before: HashMap<&str, String> = record
            .notes
            .iter()
            .filter_map(|n| {
                let deck =
                    pushed.get(&n.guid).map(|p| p.deck.as_str()).or(moved_in_build.get(n.guid.as_str()).copied());
                Some((n.guid.as_str(), deck?.to_owned()))
            })
            .collect();
        let back: Vec<&RecordedNote> =
            record.notes.iter().filter(|n| pushed.get(&n.guid).is_some_and(|p| p.removed)).collect();
        untag_returned(&client, &mut finder, &known, &back, &before, &mut guide)?;
        let stay = move_notes(&client, &mut finder, &known, record, &before, &mut guide)?;
        for note in &record.notes {
            let deck = stay.get(note.guid.as_str()).map_or(&note.deck, |from| from);
            pushed.insert(note.guid.clone(), state::Pushed { deck: deck.clone(), removed: false });
        }
        report.guides.push(guide);
    }

    // Removed notes: of the guides pushed, and of guides no longer there.
    let names: HashSet<String> = records.iter().map(|(input, _)| input.guide_name()).collect();
    let removed = known.removed(&|guide| names.contains(guide));
    // Each with the deck it is in Anki, and whether a push tagged it.
    let removed: Vec<(&str, &RecordedNote, String, bool)> = removed
        .into_iter()
        .map(|(guide, n)| match pushed.get(&n.guid) {
            Some(last) => (guide, n, last.deck.clone(), last.removed),
            None => (guide, n, n.deck.clone(), false),
        })
        .collect();
    let fresh: Vec<(&str, &RecordedNote, String)> =
        removed.iter().filter(|r| !r.3).map(|(guide, n, deck, _)| (*guide, *n, deck.clone())).collect();
    tag_removed(&client, &mut finder, &known, &fresh, &mut report)?;
    for (_, note, deck) in fresh {
        pushed.insert(note.guid.clone(), state::Pushed { deck, removed: true });
    }
    if options.prune {
        let all: Vec<(&str, &RecordedNote, String)> =
            removed.iter().map(|(guide, n, deck, _)| (*guide, *n, deck.clone())).collect();
        prune(&client, &mut finder, &known, &all, confirm, &mut report)?;
    }
    state::save(&state_path, &pushed)?;
    if options.sync {
        client.call::<serde_json::Value>("sync", json!({}))?;
        report.synced = true;
    }
    Ok(report)
}

/// Notes back in a guide after a push tagged them removed: the tag goes
/// (importing them again keeps it), so nobody deletes a note in use.
fn untag_returned(
    client: &Client,
    finder: &mut Finder,
    known: &Known,
    back: &[&RecordedNote],
    before: &HashMap<&str, String>,
    guide: &mut GuidePush,
) -> Result<(), PushError> {
    let mut by_deck: BTreeMap<&str, Vec<Key>> = BTreeMap::new();
    for note in back {
        let key = finder::key(note);
        if known.alone(&key, &note.guid) {
            let deck = before.get(note.guid.as_str()).unwrap_or(&note.deck);
            by_deck.entry(deck.as_str()).or_default().push(key);
        }
    }
    for (deck, keys) in by_deck {
        let notes: Vec<i64> = finder.find(deck, &keys, Tagged::Removed)?.into_iter().flatten().collect();
        if !notes.is_empty() {
            client.call::<serde_json::Value>("removeTags", json!({ "notes": notes, "tags": REMOVED_TAG }))?;
            guide.returned += notes.len();
            finder.forget(deck);
        }
    }
    Ok(())
}

/// Moves the guide's notes whose deck changed into their new deck. Returns
/// the notes left where they were (not found there, or not told apart from
/// another), by GUID, with that deck, so the next push tries again.
fn move_notes<'r>(
    client: &Client,
    finder: &mut Finder,
    known: &Known,
    record: &'r Record,
    before: &HashMap<&str, String>,
    guide: &mut GuidePush,
) -> Result<HashMap<&'r str, String>, PushError> {
    let mut moves: BTreeMap<(String, &str), Vec<(&RecordedNote, Key)>> = BTreeMap::new();
    let mut stay = HashMap::new();
    for note in &record.notes {
        if let Some(from) = before.get(note.guid.as_str())
            && *from != note.deck
        {
            let key = finder::key(note);
            if known.alone(&key, &note.guid) {
                moves.entry((from.clone(), note.deck.as_str())).or_default().push((note, key));
            } else {
                guide.alike.push(note.front.clone());
                stay.insert(note.guid.as_str(), from.clone());
            }
        }
    }
    for ((from, to), notes) in moves {
        let keys: Vec<Key> = notes.iter().map(|(_, key)| key.clone()).collect();
        let found = finder.find(&from, &keys, Tagged::Live)?;
        let missing: Vec<usize> = (0..notes.len()).filter(|&i| found[i].is_none()).collect();
        if !missing.is_empty() {
            // Already there (moved by hand, or deleted and imported anew)?
            let there_keys: Vec<Key> = missing.iter().map(|&i| keys[i].clone()).collect();
            let there = finder.find(to, &there_keys, Tagged::Live)?;
            for (&i, there) in missing.iter().zip(there) {
                if there.is_none() {
                    guide.not_found.push(notes[i].0.front.clone());
                    stay.insert(notes[i].0.guid.as_str(), from.clone());
                }
            }
        }
        let nids: Vec<i64> = found.into_iter().flatten().collect();
        if !nids.is_empty() {
            let query = format!("nid:{}", nids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
            let card_ids: Vec<i64> = client.call("findCards", json!({ "query": query }))?;
            client.call::<serde_json::Value>("changeDeck", json!({ "cards": card_ids, "deck": to }))?;
            guide.moved += nids.len();
            finder.forget(&from);
            finder.forget(to);
        }
    }
    Ok(stay)
}

/// Tags newly removed notes `cardsmith::removed` where they are found in
/// Anki. Nothing is imported for it: a package of them would add the ones
/// Anki never had, bring back the ones deleted there, and overwrite edits
/// made there.
fn tag_removed(
    client: &Client,
    finder: &mut Finder,
    known: &Known,
    fresh: &[(&str, &RecordedNote, String)],
    report: &mut PushReport,
) -> Result<(), PushError> {
    let mut by_deck: BTreeMap<&str, Vec<(&str, Key)>> = BTreeMap::new();
    for (guide, note, deck) in fresh {
        let key = finder::key(note);
        if known.alone(&key, &note.guid) {
            by_deck.entry(deck.as_str()).or_default().push((guide, key));
        } else {
            report.guide(guide).alike.push(note.front.clone());
        }
    }
    for (deck, entries) in by_deck {
        let keys: Vec<Key> = entries.iter().map(|(_, key)| key.clone()).collect();
        let found = finder.find(deck, &keys, Tagged::Live)?;
        // Not found among live notes: tagged already (its removed-notes
        // package imported by hand), or not in Anki as the guide had it.
        let missing: Vec<Key> = keys.iter().zip(&found).filter(|(_, f)| f.is_none()).map(|(k, _)| k.clone()).collect();
        let mut tagged_before = finder.find(deck, &missing, Tagged::Removed)?.into_iter();
        for ((guide, _), found) in entries.iter().zip(&found) {
            match found {
                Some(_) => report.guide(guide).tagged += 1,
                None if tagged_before.next().flatten().is_none() => report.guide(guide).untagged += 1,
                None => {}
            }
        }
        let notes: Vec<i64> = found.into_iter().flatten().collect();
        if !notes.is_empty() {
            client.call::<serde_json::Value>("addTags", json!({ "notes": notes, "tags": REMOVED_TAG }))?;
            finder.forget(deck);
        }
    }
    Ok(())
}

/// Deletes the removed notes found tagged in their deck, once confirmed.
fn prune(
    client: &Client,
    finder: &mut Finder,
    known: &Known,
    removed: &[(&str, &RecordedNote, String)],
    confirm: &dyn Fn(&[Prunable]) -> bool,
    report: &mut PushReport,
) -> Result<(), PushError> {
    let mut by_deck: BTreeMap<&str, Vec<(&str, &RecordedNote, Key)>> = BTreeMap::new();
    for (guide, note, deck) in removed {
        let key = finder::key(note);
        if known.alone(&key, &note.guid) {
            by_deck.entry(deck.as_str()).or_default().push((guide, note, key));
        } else {
            // Never deleted: Anki cannot tell it from the other note.
            report.unfound += 1;
        }
    }
    for (deck, entries) in by_deck {
        let keys: Vec<Key> = entries.iter().map(|(_, _, key)| key.clone()).collect();
        for ((guide, note, _), found) in entries.into_iter().zip(finder.find(deck, &keys, Tagged::Removed)?) {
            match found {
                Some(id) => report.prunable.push(Prunable {
                    guide: guide.to_owned(),
                    guid: note.guid.clone(),
                    question: note.front.clone(),
                    note: id,
                }),
                None => report.unfound += 1,
            }
        }
    }
    if report.prunable.is_empty() || !confirm(&report.prunable) {
        return Ok(());
    }
    let notes: Vec<i64> = report.prunable.iter().map(|p| p.note).collect();
    client.call::<serde_json::Value>("deleteNotes", json!({ "notes": notes }))?;
    // Their state stays "pushed as removed": were they not forgotten, a
    // later push must not look for them again.
    report.pruned = true;
    let guides: Vec<String> = report.prunable.iter().map(|p| p.guide.clone()).collect();
    for guide in guides {
        report.guide(&guide).pruned += 1;
    }
    Ok(())
}

const REMOVED_TAG: &str = "cardsmith::removed";
