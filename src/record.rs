//! The build record: what the last build wrote for a guide, kept next to
//! the outputs as `DIR/.cardsmith/NAME.json`. It is a cache — a guide whose
//! text and settings match it is not rebuilt — and it keeps every note's
//! sides, so notes removed from the guide can be written into the
//! removed-notes package. A build reads the notes without their sides
//! ([`RecordHead`]) and the whole record only when removed notes need it,
//! as the sides are most of a large guide's record. Identity lives in the
//! lock file beside the guides
//! ([`identity::state`](crate::identity::state)); a record of an older
//! cardsmith, without a lock, stands in for it once.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::card::{CardKind, Part};
use crate::deck::{Deck, DeckCard, SourceRef};
use crate::identity::{self, LockedNote};
use crate::media::MediaFile;
use crate::render;

pub const RECORD_VERSION: u32 = 2;

/// Where the record of the guide at `relative` (below its folder) goes.
pub fn path_for(output_dir: &Path, relative: &Path) -> PathBuf {
    output_dir.join(".cardsmith").join(relative).with_extension("json")
}

/// A build record; its notes are [`RecordedNote`]s when read whole, or
/// [`NoteHead`]s when read as a [`RecordHead`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record<N = RecordedNote> {
    pub format: String,
    pub version: u32,
    /// Guide path relative to its folder.
    pub source: String,
    /// Hash of the guide's text and of everything else that shapes the outputs.
    pub source_hash: String,
    pub notes: Vec<N>,
    /// Notes removed from the guide, kept so they can still be found in Anki.
    #[serde(default = "Vec::new")]
    pub removed: Vec<N>,
    /// Images the cards showed; a change to one rebuilds the guide.
    #[serde(default)]
    pub media: Vec<MediaFile>,
}

/// One note as a build made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedNote {
    pub guid: String,
    /// The key of a version-1 record (read, never written).
    #[serde(default, skip_serializing)]
    pub key: Option<String>,
    pub kind: CardKind,
    pub deck: String,
    pub context: Vec<String>,
    pub tags: Vec<String>,
    pub front: String,
    pub back: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    pub line: usize,
    /// When the content last changed, seconds since the epoch.
    pub modified: i64,
    /// When the note was noticed missing from the guide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_at: Option<i64>,
}

/// A record as deciding whether to rebuild reads it: its notes without
/// their sides, which a large guide's record is mostly made of (sides are
/// read, with [`Record::load`], only when removed notes need them).
pub type RecordHead = Record<NoteHead>;

/// A note of a [`RecordHead`]. The fields it skips must still be there: a
/// record that would not load whole is no record here either.
#[derive(Debug, Clone, Deserialize)]
pub struct NoteHead {
    pub guid: String,
    pub line: usize,
    pub modified: i64,
    #[serde(rename = "kind")]
    _kind: IgnoredAny,
    #[serde(rename = "deck")]
    _deck: IgnoredAny,
    #[serde(rename = "context")]
    _context: IgnoredAny,
    #[serde(rename = "tags")]
    _tags: IgnoredAny,
    #[serde(rename = "front")]
    _front: IgnoredAny,
    #[serde(rename = "back")]
    _back: IgnoredAny,
}

const FORMAT: &str = "cardsmith-record";

/// A note as a record holds it, whole or by its head.
pub trait Note {
    fn guid(&self) -> &str;
}

impl Note for RecordedNote {
    fn guid(&self) -> &str {
        &self.guid
    }
}

impl Note for NoteHead {
    fn guid(&self) -> &str {
        &self.guid
    }
}

impl<N: Note + DeserializeOwned> Record<N> {
    /// Reads a record (whole or its head); a missing or unreadable one, or
    /// one this cardsmith does not read, is no record.
    pub fn load(path: &Path) -> Option<Self> {
        let record: Self = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
        (record.format == FORMAT && (1..=RECORD_VERSION).contains(&record.version)).then_some(record)
    }

    /// Each GUID's first note, live notes before removed ones, as the
    /// record lists them.
    pub fn by_guid(&self) -> HashMap<&str, &N> {
        let mut notes = HashMap::new();
        for note in self.notes.iter().chain(&self.removed) {
            notes.entry(note.guid()).or_insert(note);
        }
        notes
    }
}

impl Record {
    /// The record's notes as identity state, for a guide the lock file does
    /// not know yet (a folder built by an older cardsmith).
    pub fn to_state(&self, guide: &str) -> Vec<LockedNote> {
        let live = self.notes.iter().map(|n| (n, None));
        let removed = self.removed.iter().map(|n| (n, Some(n.removed_at.unwrap_or(n.modified))));
        live.chain(removed)
            .map(|(note, removed)| {
                let card = note.to_card(guide);
                let key = match &note.key {
                    // Version 1 numbered repeated keys (` | #2`); the state keeps them bare.
                    Some(key) => match key.rsplit_once(" | #") {
                        Some((base, n)) if n.chars().all(|c| c.is_ascii_digit()) => base.to_owned(),
                        _ => key.clone(),
                    },
                    None => identity::key(&card, None),
                };
                LockedNote {
                    guide: guide.to_owned(),
                    guid: note.guid.clone(),
                    kind: note.kind,
                    deck: note.deck.clone(),
                    context: note.context.join(crate::identity::state::CONTEXT_SEPARATOR),
                    question: identity::question_text(&card.front.text()),
                    id: key.strip_prefix("id | ").map(str::to_owned),
                    part: note.part.map(|p| p.index),
                    key: identity::short_hash(&key),
                    front: identity::short_hash(&note.front),
                    answer: identity::answer_hash(&note.back),
                    content: identity::content_hash(
                        note.kind,
                        &note.front,
                        &note.back,
                        note.part,
                        &note.tags,
                        card.front.shows_code() || card.back.shows_code(),
                    ),
                    modified: note.modified,
                    removed,
                }
            })
            .collect()
    }
}

/// Writes the record of a build, borrowing from the deck rather than
/// copying every card (records of big guides are large).
pub fn write(out: &mut dyn Write, deck: &Deck, source_hash: &str, removed: &[RecordedNote]) -> io::Result<()> {
    #[derive(Serialize)]
    struct NoteView<'a> {
        guid: &'a str,
        kind: CardKind,
        deck: &'a str,
        context: &'a [String],
        tags: &'a [String],
        front: &'a str,
        back: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        part: Option<Part>,
        line: usize,
        modified: i64,
    }
    /// The notes, each viewed as it is written: a large guide's record is
    /// written while its outputs are, the build's busiest moment for memory.
    struct Notes<'a>(&'a [DeckCard]);
    impl Serialize for Notes<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.0.iter().map(|card| NoteView {
                guid: &card.guid,
                kind: card.kind,
                deck: &card.deck,
                context: &card.context,
                tags: &card.tags,
                front: &card.front.markdown,
                back: &card.back.markdown,
                part: card.part,
                line: card.source.line,
                modified: card.modified,
            }))
        }
    }
    #[derive(Serialize)]
    struct RecordView<'a> {
        format: &'static str,
        version: u32,
        source: &'a str,
        source_hash: &'a str,
        notes: Notes<'a>,
        removed: &'a [RecordedNote],
        media: &'a [MediaFile],
    }
    let view = RecordView {
        format: FORMAT,
        version: RECORD_VERSION,
        source: &deck.source,
        source_hash,
        notes: Notes(&deck.cards),
        removed,
        media: &deck.media,
    };
    serde_json::to_writer_pretty(&mut *out, &view)?;
    out.write_all(b"\n")
}

impl RecordedNote {
    /// The note as a card again (for the removed-notes deck).
    pub fn to_card(&self, file: &str) -> DeckCard {
        DeckCard {
            guid: self.guid.clone(),
            id: None,
            kind: self.kind,
            deck: self.deck.clone(),
            context: self.context.clone(),
            tags: self.tags.clone(),
            front: render::side(self.front.as_str()),
            back: render::side(self.back.as_str()),
            part: self.part,
            cloze: DeckCard::cloze_numbers(self.kind, &self.front),
            source: SourceRef { file: file.to_owned(), line: self.line },
            modified: self.removed_at.unwrap_or(self.modified),
        }
    }
}
