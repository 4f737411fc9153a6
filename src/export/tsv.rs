//! TSV output: the plain `term<TAB>definition` text that Quizlet-style
//! importers take, one card per line. Sides are plain text on one line
//! (line breaks become ` / `, tabs spaces); a cloze card's term is its text
//! with each deletion as `____`, its definition the deleted words. Pictures
//! cannot come along: the build warns about each card that had one.

use std::io;

use crate::deck::{Deck, DeckCard};

use super::{Format, Output, anki};

#[derive(Debug, Clone, Copy, Default)]
pub struct TsvFormat;

/// One field: its lines joined by ` / `, tabs as spaces.
fn field(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.join(" / ").replace('\t', " ")
}

/// A card as `term` and `definition`.
pub fn row(card: &DeckCard) -> (String, String) {
    if anki::is_cloze(card) {
        let front = card.front.text();
        let (term, answers) = crate::classify::hide_cloze(&front, "____");
        return (field(&term), field(&answers.join(", ")));
    }
    (field(&card.front.text()), field(&card.back.text()))
}

impl Format for TsvFormat {
    fn extension(&self) -> &'static str {
        "tsv"
    }

    fn write(&self, deck: &Deck, out: &mut dyn Output) -> io::Result<()> {
        for card in &deck.cards {
            let (term, definition) = row(card);
            writeln!(out, "{term}\t{definition}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_become_one_line_fields() {
        assert_eq!(field("Intro:\n\n- a\n- b\tc\n"), "Intro: / - a / - b c");
    }
}
