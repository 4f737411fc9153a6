//! The identity state, kept beside the guides as `cardsmith.lock` and meant
//! to be committed with them, the way `Cargo.lock` is: for every note the
//! guides made, its GUID, when its content last changed, where it sits, its
//! question and hashes of its key, question, answer and content — plus
//! removed notes, whose GUIDs are never given to another card.
//!
//! Plain text, one line per note (fields separated by tabs) under a
//! `[guide.md]` line per guide: a diff shows exactly the notes an edit
//! touched, and reading the lock of a folder of thousands of notes costs
//! milliseconds. A lock that cannot be read, does not parse or gives one
//! GUID twice is ignored with a warning naming the file and why, and left
//! for the user to fix: it is never trusted in part, nor overwritten.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use crate::card::CardKind;

/// The lock file's name, in the folder the guides were found in.
pub const LOCK_NAME: &str = "cardsmith.lock";

const MAGIC: &str = "cardsmith-lock 1";

const HEADER: &str = "\
# Which Anki note each card of these guides is, and when its content last
# changed. Commit this file with the guides (as with Cargo.lock): a fresh
# clone then builds the same notes, and re-importing overwrites nothing.
# Written by `cardsmith build`. Under each [guide], one line per note, with
# tab-separated fields: guid, modified, removed, kind, part, id, key, front,
# answer, content (hashes), deck, breadcrumb, question.
";

/// How many fields a note's line has.
const FIELDS: usize = 13;

/// Every note of the guides in one folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub notes: Vec<LockedNote>,
}

/// One note as the last build made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedNote {
    /// The guide's path below the folder.
    pub guide: String,
    pub guid: String,
    pub kind: CardKind,
    pub deck: String,
    /// The breadcrumb, its parts joined by ` › ` as cards show it.
    pub context: String,
    /// The question as text, shortened: for people, and for matching
    /// rewordings.
    pub question: String,
    /// The id pinned with `cardsmith:id` (with the guide's `id-prefix`).
    pub id: Option<String>,
    /// Which part of a split answer.
    pub part: Option<usize>,
    /// Hash of the stable key (`identity::key`).
    pub key: u64,
    /// Hash of the front as written.
    pub front: u64,
    /// Hash of the answer.
    pub answer: u64,
    /// Hash of what a user studies (`identity::content_hash`).
    pub content: u64,
    /// When the content last changed, seconds since the epoch.
    pub modified: i64,
    /// When the note was noticed gone from the guides.
    pub removed: Option<i64>,
}

/// What reading a lock file gave.
#[derive(Debug)]
pub enum Loaded {
    Missing,
    Read(State),
    /// Ignored; the message says why.
    Refused(String),
}

impl State {
    /// Reads the lock file at `path`.
    pub fn load(path: &Path) -> Loaded {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::Missing,
            Err(e) => return Loaded::Refused(format!("cannot be read ({e})")),
        };
        match Self::parse(&text) {
            Ok(state) => Loaded::Read(state),
            Err(why) => Loaded::Refused(why),
        }
    }

    /// Parses a lock file's text; the error says what is wrong, and where.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut notes = Vec::new();
        let mut versioned = false;
        let mut guide: Option<String> = None;
        for (i, line) in text.lines().enumerate() {
            let at = |why: String| format!("line {}: {why}", i + 1);
            // A note's line always holds tabs (and may start with `#` or
            // `[`, which GUIDs use); other lines never do.
            let is_note = line.contains('\t');
            if line.is_empty() || (line.starts_with('#') && !is_note) {
                continue;
            }
            if !versioned {
                if line != MAGIC {
                    let found = line.chars().take(40).collect::<String>();
                    return Err(at(format!(
                        "expected `{MAGIC}`, found `{found}` (a newer cardsmith's lock, or not one)"
                    )));
                }
                versioned = true;
            } else if !is_note && let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                guide = Some(unescape(name));
            } else {
                let Some(guide) = &guide else {
                    return Err(at("a note before any `[guide]` line".to_owned()));
                };
                notes.push(note(guide, line).map_err(at)?);
            }
        }
        if !versioned {
            return Err(format!("empty: no `{MAGIC}` line"));
        }
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for note in &notes {
            if let Some(first) = seen.insert(&note.guid, &note.guide) {
                return Err(format!("GUID {} is given twice (in {first} and {})", note.guid, note.guide));
            }
        }
        Ok(Self { notes })
    }

    /// The guides the state knows, in order.
    pub fn guides(&self) -> std::collections::BTreeSet<&str> {
        self.notes.iter().map(|n| n.guide.as_str()).collect()
    }

    /// The lock file's text: what it is, then each guide's notes in order
    /// (stable, so rebuilding unchanged guides rewrites nothing).
    pub fn to_text(&self) -> String {
        let mut out = Vec::new();
        self.write_text(&mut out).expect("writing to memory does not fail");
        String::from_utf8(out).expect("the lock's text is UTF-8")
    }

    /// Writes [`State::to_text`] to `out` a note at a time (a large
    /// guide's lock is tens of megabytes; a build never holds it whole).
    pub fn write_text(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let mut notes: Vec<&LockedNote> = self.notes.iter().collect();
        notes.sort_by(|a, b| a.guide.cmp(&b.guide));
        out.write_all(HEADER.as_bytes())?;
        out.write_all(MAGIC.as_bytes())?;
        out.write_all(b"\n")?;
        let mut guide = None;
        for note in notes {
            if guide != Some(&note.guide) {
                write!(out, "\n[{}]\n", escape(&note.guide))?;
                guide = Some(&note.guide);
            }
            let optional = |value: Option<String>| value.unwrap_or_default();
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{:016x}\t{:016x}\t{:016x}\t{:016x}\t{}\t{}\t{}",
                note.guid,
                note.modified,
                optional(note.removed.map(|r| r.to_string())),
                note.kind.name(),
                optional(note.part.map(|p| p.to_string())),
                optional(note.id.as_deref().map(escape)),
                note.key,
                note.front,
                note.answer,
                note.content,
                escape(&note.deck),
                escape(&note.context),
                escape(&note.question),
            )?;
        }
        Ok(())
    }
}

/// Between breadcrumb parts, as the cards show them.
pub const CONTEXT_SEPARATOR: &str = " › ";

/// One note's line.
fn note(guide: &str, line: &str) -> Result<LockedNote, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() != FIELDS {
        return Err(format!("expected {FIELDS} fields separated by tabs, found {}", fields.len()));
    }
    let number = |name: &str, text: &str| text.parse::<i64>().map_err(|_| format!("{name} is not a number: `{text}`"));
    let hash = |name: &str, text: &str| {
        (text.len() == 16)
            .then(|| u64::from_str_radix(text, 16).ok())
            .flatten()
            .ok_or_else(|| format!("{name} is not a hash: `{text}`"))
    };
    let guid = fields[0];
    if guid.is_empty() || guid.contains(' ') {
        return Err(format!("`{guid}` is not a GUID"));
    }
    let kind = CardKind::from_name(fields[3]).ok_or_else(|| format!("`{}` is not a kind of card", fields[3]))?;
    let part = match fields[4] {
        "" => None,
        text => Some(text.parse::<usize>().map_err(|_| format!("part is not a number: `{text}`"))?),
    };
    Ok(LockedNote {
        guide: guide.to_owned(),
        guid: guid.to_owned(),
        modified: number("modified", fields[1])?,
        removed: match fields[2] {
            "" => None,
            text => Some(number("removed", text)?),
        },
        kind,
        part,
        id: (!fields[5].is_empty()).then(|| unescape(fields[5])),
        key: hash("key", fields[6])?,
        front: hash("front", fields[7])?,
        answer: hash("answer", fields[8])?,
        content: hash("content", fields[9])?,
        deck: unescape(fields[10]),
        context: unescape(fields[11]),
        question: unescape(fields[12]),
    })
}

/// A text field on one line: backslashes, tabs and line breaks escaped.
fn escape(text: &str) -> String {
    if !text.contains(['\\', '\t', '\n', '\r']) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(guide: &str, guid: &str) -> LockedNote {
        LockedNote {
            guide: guide.into(),
            guid: guid.into(),
            kind: CardKind::Question,
            deck: "Net::Basics".into(),
            context: "Net › Basics \"quoted\" \\ tab\t".into(),
            question: "What is \u{7}TCP?".into(),
            id: Some("tcp".into()),
            part: Some(2),
            key: 0x00ff,
            front: 0x11,
            answer: u64::MAX,
            content: 0x33,
            modified: 1_700_000_000,
            removed: Some(1_700_000_001),
        }
    }

    #[test]
    fn round_trips_through_its_text() {
        let mut plain = note("a b.md", "y");
        (plain.id, plain.part, plain.removed, plain.context) = (None, None, None, String::new());
        let state = State { notes: vec![note("b.md", "x"), plain.clone(), note("a b.md", "z")] };
        let parsed = State::parse(&state.to_text()).expect("parses");
        assert_eq!(parsed.notes, vec![plain, note("a b.md", "z"), note("b.md", "x")], "grouped by guide, in order");
    }

    #[test]
    fn guids_that_look_like_comments_or_headers_are_notes() {
        let state = State { notes: vec![note("a.md", "#IuEfuoaa"), note("a.md", "[91LE|^y]")] };
        assert_eq!(State::parse(&state.to_text()).expect("parses"), state);
    }

    #[test]
    fn any_guid_round_trips() {
        // Thousands of real GUIDs start with every character of the alphabet.
        let notes: Vec<LockedNote> = (0..5000).map(|i| note("a.md", &super::super::guid_for(&i.to_string()))).collect();
        let state = State { notes };
        assert_eq!(State::parse(&state.to_text()).expect("parses"), state);
    }

    #[test]
    fn a_guid_given_twice_is_refused() {
        let state = State { notes: vec![note("a.md", "x"), note("b.md", "x")] };
        let why = State::parse(&state.to_text()).expect_err("refused");
        assert!(why.contains("GUID x is given twice (in a.md and b.md)"), "{why}");
    }

    #[test]
    fn garbage_names_the_line() {
        let state = State { notes: vec![note("a.md", "x")] };
        let conflicted = state.to_text().replace("\n[a.md]\n", "\n[a.md]\n<<<<<<< HEAD\n");
        let why = State::parse(&conflicted).expect_err("refused");
        assert!(why.starts_with("line 10: expected 13 fields"), "{why}");
        assert!(State::parse("").expect_err("empty").starts_with("empty"));
        assert!(State::parse("cardsmith-lock 2\n").expect_err("newer").contains("newer"));
    }
}
