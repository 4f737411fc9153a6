//! Finds cardsmith's notes in a running Anki. AnkiConnect cannot search by
//! GUID, so a note is looked for in one deck (not its sub-decks), among
//! notes tagged `cardsmith::*`, by its first two fields compared as text;
//! only a single note with both is taken, never a guess among several. And
//! since Anki cannot tell apart two notes whose text is the same, nothing is
//! done to a note whose text another note cardsmith knows of shares
//! ([`Known`]).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;

use serde::Deserialize;
use serde_json::json;

use super::{Client, PushError};
use crate::card::CardKind;
use crate::identity::State;
use crate::identity::matching::escape;
use crate::record::{Record, RecordedNote};
use crate::render;

/// Which of cardsmith's notes a search looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tagged {
    /// Notes not tagged `cardsmith::removed`.
    Live,
    /// Notes tagged `cardsmith::removed`.
    Removed,
}

/// A note's first two fields as text: what it is found by.
pub type Key = (String, String);

/// A recorded note's key: its fields as the package gives them to Anki,
/// as text (the code's colours change no text, so they are left out).
pub fn key(note: &RecordedNote) -> Key {
    let field = |markdown: &str| text(&render::side_unhighlighted(markdown).deck_html());
    let back = if note.kind == CardKind::Cloze { String::new() } else { field(&note.back) };
    (field(&note.front), back)
}

/// A stable hash of a key (kept in the push state between runs).
pub fn key_hash(key: &Key) -> u64 {
    stable_hash(&[&key.0, &key.1])
}

/// A stable hash of a note's content: when it is the same as at the last
/// push, so is its key, and the key need not be rendered again.
pub fn content_hash(note: &RecordedNote) -> u64 {
    stable_hash(&[note.kind.name(), &note.front, &note.back])
}

fn stable_hash(parts: &[&str]) -> u64 {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    // Never 0, which the state reads as "unknown".
    u64::from_le_bytes(digest[..8].try_into().unwrap_or_default()).max(1)
}

/// What a push may act on: the notes the guides still have and the ones
/// they removed (from the folders' lock files), with every note's last
/// content (from the output folder's build records, a guide not pushed this
/// time or deleted since included), keyed by text. A note may be moved,
/// tagged or deleted only when no other note has its key. The keys are
/// worked out on first need: a push that moves and removes nothing renders
/// nothing.
#[derive(Debug, Default)]
pub struct Known {
    records: Vec<Record>,
    index: OnceLock<Index>,
    /// Guides with notes still live.
    live_guides: HashSet<String>,
    /// Notes removed from the guides, by guide, in the locks' order.
    removed: Vec<(String, String)>,
    /// Where each note's last content is: record, tombstone or not, index.
    content: HashMap<String, (usize, bool, usize)>,
    /// The hash of the text each note was last pushed with, and the deck
    /// it was pushed into.
    pushed_keys: HashMap<String, u64>,
    pushed_decks: HashMap<String, String>,
}

/// The notes of the records by key, by the hash of their key (their text
/// now, and the one they were last pushed with), and live ones by deck and
/// question.
#[derive(Debug, Default)]
struct Index {
    by_key: HashMap<Key, HashSet<String>>,
    by_hash: HashMap<u64, HashSet<String>>,
    by_question: HashMap<(String, String), HashSet<String>>,
}

impl Known {
    /// `locks`: the batch's lock files; `batch`: the records of the guides
    /// pushed (they are in the output folder too, but a guide's live notes
    /// count even if its lock could not be read).
    pub fn new(output_dir: &Path, locks: &[State], batch: &[&Record]) -> Self {
        let records = records(&output_dir.join(".cardsmith"));
        let mut live: HashSet<String> = batch.iter().flat_map(|r| &r.notes).map(|n| n.guid.clone()).collect();
        let mut live_guides = HashSet::new();
        let mut removed = Vec::new();
        for note in locks.iter().flat_map(|l| &l.notes) {
            if note.removed.is_some() {
                removed.push((note.guide.clone(), note.guid.clone()));
            } else {
                live.insert(note.guid.clone());
                live_guides.insert(note.guide.clone());
            }
        }
        // A note a guide still has (moved to another guide) is never
        // tagged removed or deleted.
        removed.retain(|(_, guid)| !live.contains(guid));
        // A tombstone (the content when it was removed) over the entry of a
        // guide's stale record.
        let mut content = HashMap::new();
        for tombstones in [false, true] {
            for (r, record) in records.iter().enumerate() {
                let notes = if tombstones { &record.removed } else { &record.notes };
                for (i, note) in notes.iter().enumerate() {
                    content.insert(note.guid.clone(), (r, tombstones, i));
                }
            }
        }
        Self {
            records,
            index: OnceLock::new(),
            live_guides,
            removed,
            content,
            pushed_keys: HashMap::new(),
            pushed_decks: HashMap::new(),
        }
    }

    /// The removed notes of the guides `pushed` names and of guides no
    /// longer there, with their last content, by guide.
    /// And how many of those have no content in this output folder (built
    /// into another one), which cannot be looked for.
    pub fn removed<'s>(&'s self, pushed: &dyn Fn(&str) -> bool) -> (Vec<(&'s str, &'s RecordedNote)>, usize) {
        let mut missing = 0;
        let found = self
            .removed
            .iter()
            .filter(|(guide, _)| pushed(guide) || !self.live_guides.contains(guide))
            .filter_map(|(guide, guid)| {
                let content = self.content(guid);
                missing += usize::from(content.is_none());
                Some((guide.as_str(), content?))
            })
            .collect();
        (found, missing)
    }

    /// A note's last content: its tombstone, or its entry in the record of
    /// a guide since deleted.
    fn content(&self, guid: &str) -> Option<&RecordedNote> {
        let &(r, tombstone, i) = self.content.get(guid)?;
        let record = &self.records[r];
        Some(if tombstone { &record.removed[i] } else { &record.notes[i] })
    }

    /// The hashes of the text each note was last pushed with and the decks
    /// it was pushed into (from the push state), so that no note is looked
    /// for by a text another had, and a note still in its old deck counts
    /// there.
    pub fn with_pushed(mut self, pushed: impl IntoIterator<Item = (String, u64, String)>) -> Self {
        for (guid, key, deck) in pushed {
            if key != 0 {
                self.pushed_keys.insert(guid.clone(), key);
            }
            self.pushed_decks.insert(guid, deck);
        }
        self
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let notes: Vec<(&RecordedNote, bool)> = self
                .records
                .iter()
                .flat_map(|r| r.notes.iter().map(|n| (n, true)).chain(r.removed.iter().map(|n| (n, false))))
                .collect();
            let keyed: Vec<(Key, &RecordedNote, bool)> = notes.par_iter().map(|&(n, live)| (key(n), n, live)).collect();
            let mut index = Index::default();
            for (key, note, live) in keyed {
                index.by_hash.entry(key_hash(&key)).or_default().insert(note.guid.clone());
                if live {
                    // Under the deck the guide gives it and, while a move is
                    // pending, the one Anki may still have it in.
                    let decks = [Some(&note.deck), self.pushed_decks.get(&note.guid)];
                    for deck in decks.into_iter().flatten() {
                        let place = (deck.clone(), key.0.clone());
                        index.by_question.entry(place).or_default().insert(note.guid.clone());
                    }
                }
                index.by_key.entry(key).or_default().insert(note.guid.clone());
            }
            for (guid, hash) in &self.pushed_keys {
                index.by_hash.entry(*hash).or_default().insert(guid.clone());
            }
            index
        })
    }

    /// Whether `guid` is the only note known with `key`.
    pub fn alone(&self, wanted: &Key, guid: &str) -> bool {
        self.index().by_key.get(wanted).is_none_or(|guids| guids.iter().all(|g| g == guid))
    }

    /// Whether `guid` is the only note known whose text, now or when last
    /// pushed, hashes to `hash`.
    pub fn alone_hashed(&self, hash: u64, guid: &str) -> bool {
        self.index().by_hash.get(&hash).is_none_or(|guids| guids.iter().all(|g| g == guid))
    }

    /// How many notes other than `guid` the guides put in `deck` asking
    /// `question`, or may still have there (counting too many only keeps a
    /// move pending).
    pub fn asking(&self, deck: &str, question: &str, guid: &str) -> usize {
        let place = (deck.to_owned(), question.to_owned());
        self.index().by_question.get(&place).map_or(0, |guids| guids.iter().filter(|g| *g != guid).count())
    }
}

/// The build records under `dir`, however deep.
fn records(dir: &Path) -> Vec<Record> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            found.extend(records(&path));
        } else if path.extension().is_some_and(|e| e == "json")
            && let Some(record) = Record::load(&path)
        {
            found.push(record);
        }
    }
    found
}

/// Reads each deck once, and again after notes moved in or out of it or
/// their tags changed.
pub struct Finder<'a> {
    client: &'a Client,
    decks: HashMap<(String, Tagged), Vec<Found>>,
}

/// A note of a deck: its id and first two fields as text.
#[derive(Debug)]
pub struct Found {
    pub id: i64,
    pub key: Key,
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
    pub fn new(client: &'a Client) -> Self {
        Self { client, decks: HashMap::new() }
    }

    /// Drops what was read of `deck`, after its notes changed.
    pub fn forget(&mut self, deck: &str) {
        self.decks.retain(|(d, _), _| d != deck);
    }

    /// Each key's note in `deck`.
    pub fn find(&mut self, deck: &str, keys: &[Key], tagged: Tagged) -> Result<Vec<Option<i64>>, PushError> {
        let notes = self.deck(deck, tagged)?;
        Ok(keys.iter().map(|key| pick(notes, key)).collect())
    }

    /// The note in `deck` whose key has hash `hash` (the text a note was
    /// last pushed with, which only its hash recalls), when one alone has.
    pub fn find_hashed(&mut self, deck: &str, hash: u64, tagged: Tagged) -> Result<Option<i64>, PushError> {
        let notes = self.deck(deck, tagged)?;
        let mut same = notes.iter().filter(|n| key_hash(&n.key) == hash);
        Ok(match (same.next(), same.next()) {
            (Some(one), None) => Some(one.id),
            _ => None,
        })
    }

    /// How many notes of `deck` ask `question` (their first field as text).
    pub fn asking(&mut self, deck: &str, question: &str) -> Result<usize, PushError> {
        Ok(self.deck(deck, Tagged::Live)?.iter().filter(|n| n.key.0 == question).count())
    }

    /// The notes of `deck` tagged `cardsmith::removed`.
    pub fn tagged_in(&mut self, deck: &str) -> Result<&[Found], PushError> {
        self.deck(deck, Tagged::Removed)
    }

    fn deck(&mut self, deck: &str, tagged: Tagged) -> Result<&[Found], PushError> {
        let slot = (deck.to_owned(), tagged);
        if !self.decks.contains_key(&slot) {
            let notes = self.notes(deck, tagged)?;
            self.decks.insert(slot.clone(), notes);
        }
        Ok(&self.decks[&slot])
    }

    fn notes(&self, deck: &str, tagged: Tagged) -> Result<Vec<Found>, PushError> {
        let deck = escape(deck, false);
        let tag = match tagged {
            Tagged::Live => "tag:cardsmith::* -tag:cardsmith::removed",
            Tagged::Removed => "tag:cardsmith::removed",
        };
        self.read(&format!("\"deck:{deck}\" -\"deck:{deck}::*\" {tag}"))
    }

    fn read(&self, query: &str) -> Result<Vec<Found>, PushError> {
        let ids: Vec<i64> = self.client.call("findNotes", json!({ "query": query }))?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let infos: Vec<NoteInfo> = self.client.call("notesInfo", json!({ "notes": ids }))?;
        Ok(infos.into_iter().map(|info| Found { id: info.note_id, key: fields_key(info.fields) }).collect())
    }
}

fn fields_key(fields: HashMap<String, Field>) -> Key {
    let mut fields: Vec<Field> = fields.into_values().collect();
    fields.sort_by_key(|f| f.order);
    let mut values = fields.into_iter().map(|f| text(&f.value));
    let first = values.next().unwrap_or_default();
    (first, values.next().unwrap_or_default())
}

/// The one note with both fields; none when no note or several have them
/// (two notes alike cannot be told apart, and a wrong one must not be
/// moved or deleted).
fn pick(notes: &[Found], key: &Key) -> Option<i64> {
    let mut same = notes.iter().filter(|n| n.key == *key);
    match (same.next(), same.next()) {
        (Some(one), None) => Some(one.id),
        _ => None,
    }
}

/// A field's text for comparing: tags dropped (a block's, such as `<p>` or
/// `<br>`, leaving a space; an inline one's, such as a colour's `<span>`,
/// nothing), the common entities read, white space collapsed, in NFC (as
/// Anki keeps fields), so a note matches whatever colours its code had.
fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag = &rest[start + 1..];
        let end = crate::text::tag_end(tag).unwrap_or(tag.len());
        let name: String = tag.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
        if !INLINE.contains(&name.to_ascii_lowercase().as_str()) {
            out.push(' ');
        }
        rest = tag.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(&out).into_owned()
}

/// Tags that never break a line: dropping them joins what is around them.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "code", "em", "font", "i", "kbd", "mark", "s", "samp", "small", "span", "strong", "sub", "sup",
    "u", "var",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn found(id: i64, first: &str, second: &str) -> Found {
        Found { id, key: (first.to_owned(), second.to_owned()) }
    }

    fn key(first: &str, second: &str) -> Key {
        (first.to_owned(), second.to_owned())
    }

    #[test]
    fn fields_compare_as_text_whatever_their_markup() {
        assert_eq!(text("<p>What is <code>a &lt; b</code>?</p>"), "What is a < b?");
        assert_eq!(
            text(r#"<pre><span class="k">self</span><span>.x</span>  = 1<br>y</pre>"#),
            text(r#"<pre>self.x = 1<br>y</pre>"#)
        );
        assert_eq!(text(r#"<a title="a > b" href="x">link</a>s"#), "links");
    }

    #[test]
    fn decomposed_accents_compare_as_anki_keeps_them() {
        assert_eq!(text("Cafe\u{301} de\u{301}ja\u{300} vu"), text("Café déjà vu"));
    }

    #[test]
    fn a_recorded_note_keys_as_its_highlighted_package_field_reads() {
        let note = RecordedNote {
            guid: "g".into(),
            key: None,
            kind: CardKind::Code,
            deck: "D".into(),
            context: Vec::new(),
            tags: Vec::new(),
            front: "What does `self.x = 1` do?".into(),
            back: "```python\nself.x = [i for i in range(3)]  # a list\n```".into(),
            part: None,
            line: 1,
            modified: 0,
            removed_at: None,
        };
        let card = note.to_card("g.md");
        let [first, second, ..] = crate::export::anki::fields(&card);
        assert!(second.contains("<span"), "the package's field is highlighted: {second}");
        assert_eq!(super::key(&note), (text(&first), text(&second)));
    }

    #[test]
    fn only_the_one_note_with_a_key_may_be_acted_on() {
        let known = Known::default();
        let k = |s: &str| (s.to_owned(), "A.".to_owned());
        let mut index = Index::default();
        index.by_key.entry(k("Q1")).or_default().insert("a".into());
        index.by_key.entry(k("Q2")).or_default().extend(["b".to_owned(), "c".to_owned()]);
        index.by_hash.entry(7).or_default().insert("a".into());
        known.index.set(index).expect("unset");
        assert!(known.alone_hashed(7, "a") && !known.alone_hashed(7, "b") && known.alone_hashed(8, "b"));
        assert!(known.alone(&k("Q1"), "a"));
        assert!(!known.alone(&k("Q1"), "z"), "another note has it");
        assert!(!known.alone(&k("Q2"), "b"), "two notes share it");
        assert!(known.alone(&k("Q3"), "d"), "no other note has it");
    }

    #[test]
    fn a_note_with_the_same_question_but_another_answer_is_not_taken() {
        let notes = [found(1, "What is DNS?", "A name service."), found(2, "What is TCP?", "A stream.")];
        assert_eq!(pick(&notes, &key("What is DNS?", "It maps names to addresses.")), None);
        assert_eq!(pick(&notes, &key("What is DNS?", "A name service.")), Some(1));
    }

    #[test]
    fn of_notes_sharing_a_question_the_one_with_the_answer_is_taken() {
        let notes = [found(1, "Why?", "Because A."), found(2, "Why?", "Because B.")];
        assert_eq!(pick(&notes, &key("Why?", "Because B.")), Some(2));
        assert_eq!(pick(&notes, &key("Why?", "Because C.")), None);
    }

    #[test]
    fn two_notes_alike_are_never_guessed_between() {
        let notes = [found(1, "Why?", "Because."), found(2, "Why?", "Because.")];
        assert_eq!(pick(&notes, &key("Why?", "Because.")), None);
        assert_eq!(pick(&[], &key("Why?", "Because.")), None);
    }
}
