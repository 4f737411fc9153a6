//! TSV output: the plain `term<TAB>definition` text that Quizlet-style
//! importers take, one card per line. Sides are plain text on one line
//! (line breaks become ` / `, tabs spaces); a cloze card's term is its text
//! with each deletion as `____`, its definition the deleted words. Pictures
//! cannot come along: the build warns about each card that had one.

use std::io;
use std::sync::LazyLock;

use regex::Regex;

use crate::deck::{Deck, DeckCard};

use super::{Format, Output, anki};

#[derive(Debug, Clone, Copy, Default)]
pub struct TsvFormat;

static CLOZE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}").expect("valid pattern"));

/// One field: its lines joined by ` / `, tabs as spaces.
fn field(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.join(" / ").replace('\t', " ")
}

/// A card as `term` and `definition`.
pub fn row(card: &DeckCard) -> (String, String) {
    if anki::is_cloze(card) {
        let text = &card.front.text;
        let answers: Vec<&str> = CLOZE.captures_iter(text).filter_map(|c| c.get(1)).map(|m| m.as_str()).collect();
        return (field(&CLOZE.replace_all(text, "____")), field(&answers.join(", ")));
    }
    (field(&card.front.text), field(&card.back.text))
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
