//! `cardsmith push`: takes a finished build and sends it to a running Anki
//! over AnkiConnect. It imports the packages (Anki's own import, so GUIDs,
//! reviews and the newer-wins rule hold as for a package imported by hand),
//! then does what an import cannot: moves notes whose deck changed since the
//! last push, tags notes removed from a guide `cardsmith::removed`, and, when
//! asked and confirmed, deletes them.
//!
//! AnkiConnect cannot search by GUID, so a note to move or delete is found
//! in the deck it was pushed into, among cardsmith's notes, by its first
//! field (and its second, when two notes share a first field), compared as
//! text. What each note was pushed into is kept in the output folder
//! (`.cardsmith/pushed.tsv`); without it (a first push), the build's own
//! moves stand in.

mod connect;
mod state;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::json;

pub use connect::{Client, ConnectError};

use crate::deck::DeckCard;
use crate::discover::Input;
use crate::export::{self, ApkgFormat, Format, anki};
use crate::identity::matching::escape;
use crate::rebuild::{Batch, BuildOptions};
use crate::record::{self, Record, RecordedNote};

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
    pub input: Option<Input>,
    pub notes: usize,
    /// Notes moved into the deck the guide now gives them.
    pub moved: usize,
    /// Notes that should have moved but were not found in their old deck
    /// (deleted, or edited in Anki), by question.
    pub not_found: Vec<String>,
    /// Removed notes tagged `cardsmith::removed` by this push.
    pub tagged: usize,
    /// Removed notes deleted by this push.
    pub pruned: usize,
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
    /// (deleted there already, or edited).
    pub unfound: usize,
    pub pruned: bool,
    pub synced: bool,
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
        import(&client, package)?;
    }

    let state_path = state::path(&build.output_dir);
    let mut pushed = state::load(&state_path);
    let moved_in_build: HashMap<&str, &str> = batch
        .guides
        .iter()
        .filter_map(|g| g.result.as_ref().ok())
        .flat_map(|g| &g.changes.moved)
        .map(|m| (m.card.guid.as_str(), m.from_deck.as_str()))
        .collect();
    let mut report = PushReport::default();
    let mut removed_notes: Vec<(String, RecordedNote, String)> = Vec::new();
    let mut finder = Finder::new(&client);
    for input in guides {
        let path = record::path_for(&build.output_dir, &input.relative);
        let record = Record::load(&path).ok_or(PushError::NoRecord { path })?;
        let mut guide = GuidePush { input: Some(input.clone()), notes: record.notes.len(), ..GuidePush::default() };

        // Moves: from the deck of the last push (or of the last build).
        let mut moves: BTreeMap<(String, String), Vec<&RecordedNote>> = BTreeMap::new();
        for note in &record.notes {
            let from =
                pushed.get(&note.guid).map(|p| p.deck.as_str()).or(moved_in_build.get(note.guid.as_str()).copied());
            if let Some(from) = from
                && from != note.deck
            {
                moves.entry((from.to_owned(), note.deck.clone())).or_default().push(note);
            }
        }
        for ((from, to), notes) in moves {
            let cards: Vec<DeckCard> = notes.iter().map(|n| n.to_card(&record.source)).collect();
            let found = finder.find(&from, &cards, false)?;
            let nids: Vec<i64> = found.iter().flatten().copied().collect();
            for (card, nid) in cards.iter().zip(&found) {
                if nid.is_none() {
                    guide.not_found.push(card.front.text.clone());
                }
            }
            if !nids.is_empty() {
                let query = format!("nid:{}", nids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
                let card_ids: Vec<i64> = client.call("findCards", json!({ "query": query }))?;
                client.call::<serde_json::Value>("changeDeck", json!({ "cards": card_ids, "deck": to }))?;
                guide.moved += nids.len();
                finder.forget(&from);
                finder.forget(&to);
            }
        }

        // Removed notes not pushed as removed yet: tag them, through a
        // package of just those (the guide's removed-notes package may hold
        // notes already deleted in Anki, which importing it would bring back).
        let fresh: Vec<RecordedNote> =
            record.removed.iter().filter(|n| !pushed.get(&n.guid).is_some_and(|p| p.removed)).cloned().collect();
        if !fresh.is_empty() {
            let modified = fresh.iter().map(|n| n.removed_at.unwrap_or(n.modified)).max().unwrap_or(0);
            let deck = crate::rebuild::removed_deck(&record.source, &record.source, modified, &fresh);
            let package = state_path.with_file_name("push-removed.apkg");
            let format = ApkgFormat { scratch: package.parent().map(Path::to_path_buf) };
            export::write_atomic(&package, |out| format.write(&deck, out))?;
            let imported = import(&client, &package);
            let _ = std::fs::remove_file(&package);
            imported?;
            guide.tagged = fresh.len();
            // Their tags changed: what was read of any deck is stale.
            finder.decks.clear();
        }
        for note in &record.notes {
            pushed.insert(note.guid.clone(), state::Pushed { deck: note.deck.clone(), removed: false });
        }
        for note in &record.removed {
            let deck = pushed.get(&note.guid).map_or_else(|| note.deck.clone(), |p| p.deck.clone());
            pushed.insert(note.guid.clone(), state::Pushed { deck: deck.clone(), removed: true });
            if options.prune {
                removed_notes.push((input.guide_name(), note.clone(), deck));
            }
        }
        report.guides.push(guide);
    }

    // Deleting: only removed notes found tagged in Anki, once confirmed.
    if options.prune {
        let mut by_deck: BTreeMap<&str, Vec<&(String, RecordedNote, String)>> = BTreeMap::new();
        for entry in &removed_notes {
            by_deck.entry(entry.2.as_str()).or_default().push(entry);
        }
        for (deck, entries) in by_deck {
            let cards: Vec<DeckCard> = entries.iter().map(|(_, n, _)| n.to_card("")).collect();
            let found = finder.find(deck, &cards, true)?;
            for ((guide, _, _), (card, nid)) in entries.iter().zip(cards.iter().zip(found)) {
                if nid.is_none() {
                    report.unfound += 1;
                }
                if let Some(note) = nid {
                    report.prunable.push(Prunable {
                        guide: guide.clone(),
                        guid: card.guid.clone(),
                        question: card.front.text.clone(),
                        note,
                    });
                }
            }
        }
        if !report.prunable.is_empty() && confirm(&report.prunable) {
            let notes: Vec<i64> = report.prunable.iter().map(|p| p.note).collect();
            client.call::<serde_json::Value>("deleteNotes", json!({ "notes": notes }))?;
            // (Their state stays "pushed as removed": were they not
            // forgotten, a later push must not tag them back into Anki.)
            report.pruned = true;
            for prunable in &report.prunable {
                if let Some(guide) = report
                    .guides
                    .iter_mut()
                    .find(|g| g.input.as_ref().is_some_and(|i| i.guide_name() == prunable.guide))
                {
                    guide.pruned += 1;
                }
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

fn import(client: &Client, package: &Path) -> Result<(), PushError> {
    let path = std::path::absolute(package).unwrap_or_else(|_| package.to_path_buf());
    client.call::<serde_json::Value>("importPackage", json!({ "path": path.to_string_lossy() }))?;
    Ok(())
}

/// Finds cardsmith's notes in a deck by their fields, asking Anki once per
/// deck (and again after notes moved in or out of it).
struct Finder<'a> {
    client: &'a Client,
    decks: HashMap<(String, bool), Vec<Found>>,
}

/// A note of a deck: its id, tags and first two fields as text.
#[derive(Debug)]
struct Found {
    id: i64,
    first: String,
    second: String,
}

#[derive(Deserialize)]
struct NoteInfo {
    #[serde(rename = "noteId")]
    note_id: i64,
    fields: HashMap<String, Field>,
}

#[derive(Deserialize)]
struct Field {
    value: String,
    order: usize,
}

impl<'a> Finder<'a> {
    fn new(client: &'a Client) -> Self {
        Self { client, decks: HashMap::new() }
    }

    fn forget(&mut self, deck: &str) {
        self.decks.retain(|(d, _), _| d != deck);
    }

    /// Each card's note in `deck` (not its sub-decks), when exactly one
    /// note there has its fields; with `removed`, only notes tagged
    /// `cardsmith::removed`.
    fn find(&mut self, deck: &str, cards: &[DeckCard], removed: bool) -> Result<Vec<Option<i64>>, PushError> {
        let key = (deck.to_owned(), removed);
        if !self.decks.contains_key(&key) {
            let notes = self.notes(deck, removed)?;
            self.decks.insert(key.clone(), notes);
        }
        let notes = &self.decks[&key];
        Ok(cards
            .iter()
            .map(|card| {
                let [first, second, ..] = anki::fields(card);
                let (first, second) = (text(&first), text(&second));
                let same: Vec<&Found> = notes.iter().filter(|n| n.first == first).collect();
                match same.as_slice() {
                    [one] => Some(one.id),
                    [] => None,
                    several => match several.iter().filter(|n| n.second == second).collect::<Vec<_>>().as_slice() {
                        [one] => Some(one.id),
                        _ => None,
                    },
                }
            })
            .collect())
    }

    fn notes(&self, deck: &str, removed: bool) -> Result<Vec<Found>, PushError> {
        let deck = escape(deck, false);
        let tag = if removed { "tag:cardsmith::removed" } else { "tag:cardsmith::* -tag:cardsmith::removed" };
        let query = format!("\"deck:{deck}\" -\"deck:{deck}::*\" {tag}");
        let ids: Vec<i64> = self.client.call("findNotes", json!({ "query": query }))?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let infos: Vec<NoteInfo> = self.client.call("notesInfo", json!({ "notes": ids }))?;
        Ok(infos
            .into_iter()
            .map(|info| {
                let mut fields: Vec<Field> = info.fields.into_values().collect();
                fields.sort_by_key(|f| f.order);
                let mut values = fields.into_iter().map(|f| text(&f.value));
                Found {
                    id: info.note_id,
                    first: values.next().unwrap_or_default(),
                    second: values.next().unwrap_or_default(),
                }
            })
            .collect())
    }
}

/// A field's text for comparing: tags dropped, the common entities read,
/// white space collapsed, so a note matches whatever colours its code had.
fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_compare_as_text_whatever_their_markup() {
        assert_eq!(text("<p>What is <code>a &lt; b</code>?</p>"), "What is a < b ?");
        assert_eq!(
            text(r#"<pre><span class="k">def</span>  f():</pre>"#),
            text(r#"<pre><span style="color:#000">def</span> f():</pre>"#)
        );
    }
}
