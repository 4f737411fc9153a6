//! Finds cardsmith's notes in a running Anki. AnkiConnect cannot search by
//! GUID, so a note is looked for in one deck (not its sub-decks), among
//! notes tagged `cardsmith::*`, by its first two fields compared as text;
//! only a single note with both is taken, never a guess among several.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::json;

use super::{Client, PushError};
use crate::deck::DeckCard;
use crate::export::anki;
use crate::identity::matching::escape;

/// Which of cardsmith's notes a search looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tagged {
    /// Notes not tagged `cardsmith::removed`.
    Live,
    /// Notes tagged `cardsmith::removed`.
    Removed,
}

/// A card's first two fields as text: what a note is found by.
pub type Key = (String, String);

pub fn key(card: &DeckCard) -> Key {
    let [first, second, ..] = anki::fields(card);
    (text(&first), text(&second))
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
        let slot = (deck.to_owned(), tagged);
        if !self.decks.contains_key(&slot) {
            let notes = self.notes(deck, tagged)?;
            self.decks.insert(slot.clone(), notes);
        }
        let notes = &self.decks[&slot];
        Ok(keys.iter().map(|key| pick(notes, key)).collect())
    }

    fn notes(&self, deck: &str, tagged: Tagged) -> Result<Vec<Found>, PushError> {
        let deck = escape(deck, false);
        let tag = match tagged {
            Tagged::Live => "tag:cardsmith::* -tag:cardsmith::removed",
            Tagged::Removed => "tag:cardsmith::removed",
        };
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
                let first = values.next().unwrap_or_default();
                Found { id: info.note_id, key: (first, values.next().unwrap_or_default()) }
            })
            .collect())
    }
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

    fn found(id: i64, first: &str, second: &str) -> Found {
        Found { id, key: (first.to_owned(), second.to_owned()) }
    }

    fn key(first: &str, second: &str) -> Key {
        (first.to_owned(), second.to_owned())
    }

    #[test]
    fn fields_compare_as_text_whatever_their_markup() {
        assert_eq!(text("<p>What is <code>a &lt; b</code>?</p>"), "What is a < b ?");
        assert_eq!(
            text(r#"<pre><span class="k">def</span>  f():</pre>"#),
            text(r#"<pre><span style="color:#000">def</span> f():</pre>"#)
        );
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
