//! CSV output, in two flavours.
//!
//! - **anki** (default): Anki's file headers make it import with no choices
//!   (`#separator`, `#html`, `#notetype column`, `#deck column`,
//!   `#tags column`, `#guid column`). Notes use the stock "Basic" and
//!   "Cloze" note types, which every fresh collection has, so the breadcrumb
//!   and source are folded into the two fields and code carries inline
//!   colours. GUIDs are the same as in the `.apkg`: re-importing an edited CSV
//!   updates notes in place, and importing it where the `.apkg` already is
//!   creates no duplicates (Anki will not turn a note into another type).
//! - **plain**: a header row and no `#` lines, for tools that read
//!   front/back CSV: `front,back,context,deck,tags,guid,source`.

use std::io;

use rayon::prelude::*;

use crate::deck::{Deck, DeckCard};
use std::borrow::Cow;

use crate::highlight::CodeMarkup;

use super::anki;
use super::{Format, Output};

/// Which CSV layout to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvFlavor {
    #[default]
    Anki,
    Plain,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct CsvFormat {
    pub flavor: CsvFlavor,
}

const ANKI_HEADER: &str =
    "#separator:Comma\n#html:true\n#notetype column:3\n#deck column:4\n#tags column:5\n#guid column:6\n";

/// Front and back for the stock note types: breadcrumb above the question,
/// source below the answer.
fn stock_fields(card: &DeckCard) -> (String, String) {
    let front = card.front.html_in(CodeMarkup::ANKI_INLINE);
    let back = if anki::is_cloze(card) { Cow::Borrowed("") } else { card.back.html_in(CodeMarkup::ANKI_INLINE) };
    let (context, source) = (anki::context_html(card), anki::source_html(card));
    // Muted by opacity, not a colour: readable on Anki's light and dark pages alike.
    let context = format!("<div style=\"font-size:0.72em;opacity:0.7;margin-bottom:0.7em\">{context}</div>");
    let source = format!("<div style=\"font-size:0.66em;opacity:0.7;margin-top:1.2em\">{source}</div>");
    (format!("{context}{front}"), format!("{back}{source}"))
}

/// Cards with their rendered fields, rendered in parallel a chunk at a time
/// so a large guide never holds every row in memory.
fn rendered<'a, T: Send + 'a>(
    cards: &'a [DeckCard],
    render: impl Fn(&DeckCard) -> T + Sync + Send + 'a,
) -> impl Iterator<Item = (&'a DeckCard, T)> + 'a {
    cards.chunks(2048).flat_map(move |chunk| {
        let fields: Vec<T> = chunk.par_iter().map(&render).collect();
        chunk.iter().zip(fields)
    })
}

impl Format for CsvFormat {
    fn extension(&self) -> &'static str {
        "csv"
    }

    fn write(&self, deck: &Deck, out: &mut dyn Output) -> io::Result<()> {
        if self.flavor == CsvFlavor::Anki {
            out.write_all(ANKI_HEADER.as_bytes())?;
        }
        let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(out);
        match self.flavor {
            CsvFlavor::Anki => {
                for (card, (front, back)) in rendered(&deck.cards, stock_fields) {
                    let notetype = if anki::is_cloze(card) { "Cloze" } else { "Basic" };
                    let tags = card.tags.join(" ");
                    writer.write_record([front.as_str(), &back, notetype, &card.deck, &tags, &card.guid])?;
                }
            }
            CsvFlavor::Plain => {
                writer.write_record(["front", "back", "context", "deck", "tags", "guid", "source"])?;
                let sides = |card: &DeckCard| (card.front.html().into_owned(), card.back.html().into_owned());
                for (card, (front, back)) in rendered(&deck.cards, sides) {
                    let context = card.context.join(" › ");
                    let tags = card.tags.join(" ");
                    let source = format!("{}:{}", card.source.file, card.source.line);
                    writer.write_record([&front, &back, &context, &card.deck, &tags, &card.guid, &source])?;
                }
            }
        }
        writer.flush()
    }
}
