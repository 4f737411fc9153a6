//! The identity state, kept beside the guides as `cardsmith.lock` and meant
//! to be committed with them, the way `Cargo.lock` is: for every note the
//! guides made, its GUID, where it sits, its question, hashes of its answer
//! and content, and when that content last changed — plus removed notes,
//! whose GUIDs are never given to another card. TOML, one table per note,
//! in guide order, so a diff shows which notes an edit touched.
//!
//! A lock that cannot be read, does not parse or gives one GUID twice is
//! ignored with a warning naming the file and why, and left for the user to
//! fix: it is never trusted in part, nor overwritten.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use crate::card::CardKind;

/// The lock file's name, in the folder the guides were found in.
pub const LOCK_NAME: &str = "cardsmith.lock";

const VERSION: u32 = 1;

/// Every note of the guides in one folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub notes: Vec<LockedNote>,
}

/// One note as the last build made it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedNote {
    /// The guide's path below the folder.
    pub guide: String,
    pub guid: String,
    pub kind: CardKind,
    pub deck: String,
    #[serde(default)]
    pub context: Vec<String>,
    /// The question as text, shortened: for people, and for matching
    /// rewordings.
    pub question: String,
    /// The id pinned with `cardsmith:id` (with the guide's `id-prefix`).
    #[serde(default)]
    pub id: Option<String>,
    /// Which part of a split answer.
    #[serde(default)]
    pub part: Option<usize>,
    /// Hash of the stable key ([`super::key`]).
    pub key: String,
    /// Hash of the front as written.
    pub front: String,
    /// Hash of the answer.
    pub answer: String,
    /// Hash of what a user studies ([`super::content_hash`]).
    pub content: String,
    /// When the content last changed, seconds since the epoch.
    pub modified: i64,
    /// When the note was noticed gone from the guides.
    #[serde(default)]
    pub removed: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LockFile {
    version: u32,
    #[serde(default)]
    note: Vec<LockedNote>,
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

    /// Parses a lock file's text; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: LockFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|span| text[..span.start.min(text.len())].lines().count().max(1));
            let message = e.message().trim_end().to_owned();
            match line {
                Some(line) => format!("line {line}: {message}"),
                None => message,
            }
        })?;
        if file.version != VERSION {
            return Err(format!("version {} is not one this cardsmith reads (it reads {VERSION})", file.version));
        }
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for note in &file.note {
            if note.guid.is_empty() || note.guid.chars().any(char::is_whitespace) {
                return Err(format!("a note of {} has no usable GUID ({:?})", note.guide, note.guid));
            }
            if let Some(first) = seen.insert(&note.guid, &note.guide) {
                return Err(format!("GUID {} is given twice (in {first} and {})", note.guid, note.guide));
            }
        }
        Ok(Self { notes: file.note })
    }

    /// The guides the state knows, in order.
    pub fn guides(&self) -> std::collections::BTreeSet<&str> {
        self.notes.iter().map(|n| n.guide.as_str()).collect()
    }

    /// The lock file's text: a header saying what it is, then one table per
    /// note in guide order (stable, so rebuilding unchanged guides rewrites
    /// nothing).
    pub fn to_toml(&self) -> String {
        let mut notes: Vec<&LockedNote> = self.notes.iter().collect();
        notes.sort_by(|a, b| a.guide.cmp(&b.guide));
        let mut out = String::with_capacity(64 + notes.len() * 320);
        out.push_str(
            "# Which Anki note each card of these guides is, and when its content last\n\
             # changed. Commit this file with the guides (as with Cargo.lock): a fresh\n\
             # clone then builds the same notes, and re-importing overwrites nothing.\n\
             # Written by `cardsmith build`.\n",
        );
        let _ = writeln!(out, "version = {VERSION}");
        for note in notes {
            out.push_str("\n[[note]]\n");
            field(&mut out, "guide", &note.guide);
            field(&mut out, "guid", &note.guid);
            field(&mut out, "kind", note.kind.name());
            field(&mut out, "deck", &note.deck);
            out.push_str("context = [");
            for (i, part) in note.context.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                quoted(&mut out, part);
            }
            out.push_str("]\n");
            field(&mut out, "question", &note.question);
            if let Some(id) = &note.id {
                field(&mut out, "id", id);
            }
            if let Some(part) = note.part {
                let _ = writeln!(out, "part = {part}");
            }
            field(&mut out, "key", &note.key);
            field(&mut out, "front", &note.front);
            field(&mut out, "answer", &note.answer);
            field(&mut out, "content", &note.content);
            let _ = writeln!(out, "modified = {}", note.modified);
            if let Some(removed) = note.removed {
                let _ = writeln!(out, "removed = {removed}");
            }
        }
        out
    }
}

fn field(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push_str(" = ");
    quoted(out, value);
    out.push('\n');
}

/// A TOML basic string.
fn quoted(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
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
            context: vec!["Net".into(), "Basics \"quoted\" \\ tab\t".into()],
            question: "What is \u{7}TCP?".into(),
            id: Some("tcp".into()),
            part: Some(2),
            key: "00ff".into(),
            front: "11".into(),
            answer: "22".into(),
            content: "33".into(),
            modified: 1_700_000_000,
            removed: Some(1_700_000_001),
        }
    }

    #[test]
    fn round_trips_through_its_text() {
        let state = State { notes: vec![note("b.md", "x"), note("a.md", "y")] };
        let parsed = State::parse(&state.to_toml()).expect("parses");
        assert_eq!(parsed.notes, vec![note("a.md", "y"), note("b.md", "x")], "sorted by guide");
    }

    #[test]
    fn a_guid_given_twice_is_refused() {
        let state = State { notes: vec![note("a.md", "x"), note("b.md", "x")] };
        let why = State::parse(&state.to_toml()).expect_err("refused");
        assert!(why.contains("GUID x is given twice (in a.md and b.md)"), "{why}");
    }

    #[test]
    fn garbage_names_the_line() {
        let why = State::parse("version = 1\n\n[[note]]\nguid = \n").expect_err("refused");
        assert!(why.starts_with("line 4:"), "{why}");
    }
}
