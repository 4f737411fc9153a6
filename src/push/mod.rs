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
    /// Notes back in the guide that may still be tagged `cardsmith::removed`
    /// (not found: edited in Anki since), by question.
    pub maybe_tagged: Vec<String>,
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
    /// Removed notes with no build record in this output folder (built into
    /// another one), which could not be looked for.
    pub elsewhere: usize,
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
    let state_path = state::path(&build.output_dir);
    let mut pushed = state::load(&state_path).unwrap_or_default();
    let known = Known::new(&build.output_dir, &locks, &records.iter().map(|(_, r)| r).collect::<Vec<_>>())
        .with_pushed(pushed.iter().map(|(guid, last)| (guid.clone(), last.key, last.deck.clone())));
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
        report.guides.push(GuidePush {
            input: Some((*input).clone()),
            name: input.guide_name(),
            notes: record.notes.len(),
            ..GuidePush::default()
        });
    }
    untag_returned(&client, &mut finder, &known, &records, &pushed, &mut report)?;
    // (The guides' entries are first in the report, in the records' order.)
    for (at, (_, record)) in records.iter().enumerate() {
        let mut guide = std::mem::take(&mut report.guides[at]);
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
        let stay = move_notes(&client, &mut finder, &known, record, &before, &mut guide)?;
        for note in &record.notes {
            let deck = stay.get(note.guid.as_str()).map_or(&note.deck, |from| from).clone();
            let content = finder::content_hash(note);
            // The text Anki was given: rendered again only when it changed.
            let key = match pushed.get(&note.guid) {
                Some(last) if last.content == content && last.key != 0 => last.key,
                _ => finder::key_hash(&finder::key(note)),
            };
            pushed.insert(note.guid.clone(), state::Pushed { deck, content, key, ..state::Pushed::default() });
        }
        report.guides[at] = guide;
    }

    // Removed notes: of the guides pushed, and of guides no longer there.
    let names: HashSet<String> = records.iter().map(|(input, _)| input.guide_name()).collect();
    let (removed, elsewhere) = known.removed(&|guide| names.contains(guide));
    report.elsewhere = elsewhere;
    let removed: Vec<Removed> = removed
        .into_iter()
        .map(|(guide, note)| {
            let last = pushed.get(&note.guid).cloned();
            let deck = last.as_ref().map_or_else(|| note.deck.clone(), |l| l.deck.clone());
            Removed { guide, note, deck, last }
        })
        .collect();
    let fresh: Vec<&Removed> = removed.iter().filter(|r| !r.last.as_ref().is_some_and(|l| l.removed)).collect();
    tag_removed(&client, &mut finder, &known, &fresh, &mut report)?;
    for r in fresh {
        let last = r.last.clone().unwrap_or_default();
        pushed.insert(r.note.guid.clone(), state::Pushed { deck: r.deck.clone(), removed: true, ..last });
    }
    if options.prune {
        let left: Vec<&Removed> = removed.iter().filter(|r| !r.last.as_ref().is_some_and(|l| l.pruned)).collect();
        prune(&client, &mut finder, &known, &left, confirm, &mut report)?;
        for prunable in &report.prunable {
            if report.pruned
                && let Some(state) = pushed.get_mut(&prunable.guid)
            {
                state.pruned = true;
            }
        }
    }
    state::save(&state_path, &pushed)?;
    if options.sync {
        client.call::<serde_json::Value>("sync", json!({}))?;
        report.synced = true;
    }
    Ok(report)
}

/// A note removed from a guide, with the deck it is in Anki and what the
/// last push recorded of it.
struct Removed<'a> {
    guide: &'a str,
    note: &'a RecordedNote,
    deck: String,
    last: Option<state::Pushed>,
}

/// Notes the guides have that may be tagged `cardsmith::removed` in Anki
/// (a push tagged them, or no push recorded them), looked for in the deck
/// they were pushed into (or, unrecorded, the one the guide gives them):
/// the tag goes, so nobody deletes a note in use. (Importing them again
/// does not take it off.) A note a push tagged that is not found so is
/// named, once.
fn untag_returned(
    client: &Client,
    finder: &mut Finder,
    known: &Known,
    records: &[(&Input, Record)],
    pushed: &BTreeMap<String, state::Pushed>,
    report: &mut PushReport,
) -> Result<(), PushError> {
    let mut by_deck: BTreeMap<String, Vec<(&Input, &RecordedNote)>> = BTreeMap::new();
    for (input, record) in records {
        for note in &record.notes {
            match pushed.get(&note.guid) {
                Some(last) if last.removed => by_deck.entry(last.deck.clone()).or_default().push((input, note)),
                None => by_deck.entry(note.deck.clone()).or_default().push((input, note)),
                Some(_) => {}
            }
        }
    }
    for (deck, notes) in by_deck {
        // One question per deck; most have no tagged note, and nothing is
        // rendered for them.
        // (None tagged there: the import took the tag off, the guide's
        // copy being newer, or the user did.)
        if finder.tagged_in(&deck)?.is_empty() {
            continue;
        }
        let keys: Vec<Key> = notes.iter().map(|(_, n)| finder::key(n)).collect();
        let found = finder.find(&deck, &keys, Tagged::Removed)?;
        let mut ids = Vec::new();
        for (((input, note), key), found) in notes.iter().zip(&keys).zip(found) {
            let guide = report.guide(&input.guide_name());
            match found {
                Some(id) if known.alone(key, &note.guid) => {
                    ids.push(id);
                    guide.returned += 1;
                }
                // (A note `--prune` deleted comes back through the
                // import, untagged.)
                _ if pushed.get(&note.guid).is_some_and(|p| p.removed && !p.pruned) => {
                    guide.maybe_tagged.push(note.front.clone());
                }
                _ => {}
            }
        }
        if !ids.is_empty() {
            client.call::<serde_json::Value>("removeTags", json!({ "notes": ids, "tags": REMOVED_TAG }))?;
            finder.forget(&deck);
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
            } else if !moved_by_hand(finder, known, &note.deck, &key.0, &note.guid)? {
                // (Already there, moved by hand: nothing more to say.)
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
                if there.is_none() && !moved_by_hand(finder, known, to, &keys[i].0, &notes[i].0.guid)? {
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

/// Whether a note asking `question` is in `deck` beyond those the guides
/// put there: the note `guid` the push could not find, moved by hand.
fn moved_by_hand(
    finder: &mut Finder,
    known: &Known,
    deck: &str,
    question: &str,
    guid: &str,
) -> Result<bool, PushError> {
    Ok(finder.asking(deck, question)? > known.asking(deck, question, guid))
}

/// Tags newly removed notes `cardsmith::removed` where they are found in
/// Anki: by the text they were last built with, or else by the one they
/// were last pushed with (a build since may have changed it). Nothing is
/// imported for it: a package of them would add the ones Anki never had,
/// bring back the ones deleted there, and overwrite edits made there.
fn tag_removed(
    client: &Client,
    finder: &mut Finder,
    known: &Known,
    fresh: &[&Removed],
    report: &mut PushReport,
) -> Result<(), PushError> {
    let mut by_deck: BTreeMap<&str, Vec<(&Removed, Key)>> = BTreeMap::new();
    for removed in fresh {
        let key = finder::key(removed.note);
        if known.alone(&key, &removed.note.guid) {
            by_deck.entry(removed.deck.as_str()).or_default().push((removed, key));
        } else {
            report.guide(removed.guide).alike.push(removed.note.front.clone());
        }
    }
    for (deck, entries) in by_deck {
        let mut notes = Vec::new();
        for (removed, key) in entries {
            let guide = report.guide(removed.guide);
            if let Some(id) = locate(finder, known, deck, removed, &key, Tagged::Live)? {
                notes.push(id);
                guide.tagged += 1;
            } else if locate(finder, known, deck, removed, &key, Tagged::Removed)?.is_none() {
                // (Found tagged: its removed-notes package imported by hand.)
                guide.untagged += 1;
            }
        }
        if !notes.is_empty() {
            client.call::<serde_json::Value>("addTags", json!({ "notes": notes, "tags": REMOVED_TAG }))?;
            finder.forget(deck);
        }
    }
    Ok(())
}

/// A removed note in `deck`, by the text it was last built with, or else
/// by the one it was last pushed with (when no other note known had that).
fn locate(
    finder: &mut Finder,
    known: &Known,
    deck: &str,
    removed: &Removed,
    key: &Key,
    tagged: Tagged,
) -> Result<Option<i64>, PushError> {
    if let Some(id) = finder.find(deck, std::slice::from_ref(key), tagged)?.pop().flatten() {
        return Ok(Some(id));
    }
    match &removed.last {
        Some(last)
            if last.key != 0
                && last.key != finder::key_hash(key)
                && known.alone_hashed(last.key, &removed.note.guid) =>
        {
            finder.find_hashed(deck, last.key, tagged)
        }
        _ => Ok(None),
    }
}

/// Deletes the removed notes found tagged in their deck, once confirmed.
fn prune(
    client: &Client,
    finder: &mut Finder,
    known: &Known,
    removed: &[&Removed],
    confirm: &dyn Fn(&[Prunable]) -> bool,
    report: &mut PushReport,
) -> Result<(), PushError> {
    for removed in removed {
        let key = finder::key(removed.note);
        let found = if known.alone(&key, &removed.note.guid) {
            locate(finder, known, &removed.deck, removed, &key, Tagged::Removed)?
        } else {
            // Never deleted: Anki cannot tell it from the other note.
            None
        };
        match found {
            Some(id) => report.prunable.push(Prunable {
                guide: removed.guide.to_owned(),
                guid: removed.note.guid.clone(),
                question: removed.note.front.clone(),
                note: id,
            }),
            None => report.unfound += 1,
        }
    }
    if report.prunable.is_empty() || !confirm(&report.prunable) {
        return Ok(());
    }
    let notes: Vec<i64> = report.prunable.iter().map(|p| p.note).collect();
    client.call::<serde_json::Value>("deleteNotes", json!({ "notes": notes }))?;
    report.pruned = true;
    let guides: Vec<String> = report.prunable.iter().map(|p| p.guide.clone()).collect();
    for guide in guides {
        report.guide(&guide).pruned += 1;
    }
    Ok(())
}

const REMOVED_TAG: &str = "cardsmith::removed";
