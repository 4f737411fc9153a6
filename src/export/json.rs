//! JSON output: a versioned document described by `schema/cards.schema.json`.

use std::io;

use serde::Serialize;

use crate::deck::{Deck, DeckCard};

use super::{Format, Output};

/// Bumped whenever a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy)]
pub struct JsonFormat;

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u32,
    title: &'a str,
    source: &'a str,
    note_count: usize,
    card_count: usize,
    /// Image files the cards refer to, copied next to this file.
    media: Vec<&'a str>,
    cards: &'a [DeckCard],
}

impl Format for JsonFormat {
    fn extension(&self) -> &'static str {
        "json"
    }

    fn write(&self, deck: &Deck, out: &mut dyn Output) -> io::Result<()> {
        let document = Document {
            format: "cardsmith-cards",
            version: SCHEMA_VERSION,
            title: &deck.title,
            source: &deck.source,
            note_count: deck.cards.len(),
            card_count: deck.anki_card_count(),
            media: deck.media.iter().map(|m| m.name.as_str()).collect(),
            cards: &deck.cards,
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        out.write_all(b"\n")
    }
}
