//! The build record: what the previous build made of a guide, kept next to
//! the outputs as `DIR/.cardsmith/NAME.json` (human-readable JSON). It lets
//! the next build keep GUIDs of reworded questions, keep modification times
//! of unchanged notes, and notice removed cards. Losing it is harmless:
//! identity falls back to the stable keys.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::card::{CardKind, Part};
use crate::deck::{Deck, DeckCard, SourceRef};
use crate::media::MediaFile;
use crate::render;

/// Bump when rendering changes enough that every note should be refreshed
/// (a number, hashed as its digits).
const RENDER_EPOCH: &str = "1";

pub const RECORD_VERSION: u32 = 1;

/// Where the record of the guide at `relative` (below its folder) goes.
pub fn path_for(output_dir: &Path, relative: &Path) -> PathBuf {
    output_dir.join(".cardsmith").join(relative).with_extension("json")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub format: String,
    pub version: u32,
    /// Guide path relative to its folder.
    pub source: String,
    /// Hash of the guide's text and of everything else that shapes the outputs.
    pub source_hash: String,
    pub notes: Vec<RecordedNote>,
    /// Notes removed from the guide, kept so they can still be found in Anki.
    #[serde(default)]
    pub removed: Vec<RecordedNote>,
    /// Images the cards showed; a change to one rebuilds the guide.
    #[serde(default)]
    pub media: Vec<MediaFile>,
}

/// One note as a build made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedNote {
    pub guid: String,
    pub key: String,
    pub kind: CardKind,
    pub deck: String,
    pub context: Vec<String>,
    pub tags: Vec<String>,
    pub front: String,
    pub back: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    pub line: usize,
    /// Hash of what Anki sees of the note (line numbers excluded).
    pub content: String,
    /// When the content last changed, seconds since the epoch.
    pub modified: i64,
    /// When the note was noticed missing from the guide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_at: Option<i64>,
}

impl Record {
    /// Reads a record; a missing or unreadable one is no record.
    pub fn load(path: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(path).ok()?;
        let record: Self = serde_json::from_str(&text).ok()?;
        (record.format == "cardsmith-record" && record.version == RECORD_VERSION).then_some(record)
    }
}

/// Writes the record of a build, borrowing from the deck rather than
/// copying every card (records of big guides are large).
pub fn write(out: &mut dyn Write, deck: &Deck, source_hash: &str, removed: &[RecordedNote]) -> io::Result<()> {
    #[derive(Serialize)]
    struct NoteView<'a> {
        guid: &'a str,
        key: &'a str,
        kind: CardKind,
        deck: &'a str,
        context: &'a [String],
        tags: &'a [String],
        front: &'a str,
        back: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        part: Option<Part>,
        line: usize,
        content: &'a str,
        modified: i64,
    }
    #[derive(Serialize)]
    struct RecordView<'a> {
        format: &'static str,
        version: u32,
        source: &'a str,
        source_hash: &'a str,
        notes: Vec<NoteView<'a>>,
        removed: &'a [RecordedNote],
        media: &'a [MediaFile],
    }
    let notes = deck
        .cards
        .iter()
        .map(|card| NoteView {
            guid: &card.guid,
            key: &card.key,
            kind: card.kind,
            deck: &card.deck,
            context: &card.context,
            tags: &card.tags,
            front: &card.front.markdown,
            back: &card.back.markdown,
            part: card.part,
            line: card.source.line,
            content: &card.content,
            modified: card.modified,
        })
        .collect();
    let view = RecordView {
        format: "cardsmith-record",
        version: RECORD_VERSION,
        source: &deck.source,
        source_hash,
        notes,
        removed,
        media: &deck.media,
    };
    serde_json::to_writer_pretty(&mut *out, &view)?;
    out.write_all(b"\n")
}

impl RecordedNote {
    /// The note as a card again (for the removed-notes deck).
    pub fn to_card(&self, file: &str) -> DeckCard {
        DeckCard::hashed(DeckCard {
            guid: self.guid.clone(),
            key: self.key.clone(),
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
            content: String::new(),
        })
    }
}

/// What Anki sees of a note, hashed: a change here is a change worth an
/// update. Line numbers are left out so an edit above a card does not count
/// as a change to it.
pub fn content_hash(card: &DeckCard) -> String {
    let mut hasher = Sha256::new();
    // Each field is followed by 0x1f; lists are joined as they are written
    // straight into the hash.
    let mut joined = |parts: &mut dyn Iterator<Item = &str>, separator: &str| {
        for (i, part) in parts.enumerate() {
            if i > 0 {
                hasher.update(separator.as_bytes());
            }
            hasher.update(part.as_bytes());
        }
        hasher.update([0x1f]);
    };
    joined(&mut std::iter::once(RENDER_EPOCH), "");
    joined(&mut std::iter::once(card.kind.name()), "");
    joined(&mut std::iter::once(card.deck.as_str()), "");
    joined(&mut card.context.iter().map(String::as_str), "\u{1e}");
    joined(&mut card.tags.iter().map(String::as_str), " ");
    joined(&mut std::iter::once(card.front.markdown.as_str()), "");
    joined(&mut std::iter::once(card.back.markdown.as_str()), "");
    joined(&mut std::iter::once(card.source.file.as_str()), "");
    let part = card.part.map(|p| format!("{}/{}", p.index, p.count)).unwrap_or_default();
    joined(&mut std::iter::once(part.as_str()), "");
    hex(&hasher.finalize()[..8])
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}
