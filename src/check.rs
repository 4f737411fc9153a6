//! Linting: takes a guide's outline, extraction and rendered deck, gives
//! diagnostics with file:line — uncovered content, oversized answers,
//! duplicate fronts in a deck, unknown code languages — and coverage figures,
//! plus the card quality findings of [`lint`].

use std::collections::HashMap;
use std::ops::Range;

use crate::card::{CardKind, MAX_LIST_ITEMS, MAX_PROSE_CHARS};
use crate::classify;
use crate::deck::Deck;
use crate::extract::Extraction;
use crate::lint::{self, Finding, Quality};
use crate::outline::{Block, BlockKind, Outline};
use crate::render;
use crate::source::SourceFile;
use crate::syntax;

pub use crate::diagnostic::Diagnostic;

/// How much of a guide's content made it onto cards.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub covered: usize,
    pub total: usize,
    /// Page furniture (tables of contents, "back to top" links, badges…)
    /// left out on purpose; its content is not counted in `total`.
    pub navigation: usize,
    /// Questions the guide does not answer, left without a card; not
    /// counted in `total` either (each has a `no-answer` diagnostic).
    pub unanswered: usize,
}

impl Coverage {
    pub fn percent(self) -> f64 {
        if self.total == 0 { 100.0 } else { self.covered as f64 * 100.0 / self.total as f64 }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub coverage: Coverage,
    /// Card quality findings (the `lint` module): advice, in line order.
    pub findings: Vec<Finding>,
    pub quality: Quality,
}

/// A piece of content that must appear on some card.
#[derive(Debug, Clone, Copy)]
struct Unit {
    offset: usize,
    what: &'static str,
}

pub fn check(source: &SourceFile, outline: &Outline, extraction: &Extraction, deck: &Deck) -> Report {
    let mut report = Report::default();
    let mut say = |line: usize, code: &'static str, message: String| {
        let fix = fix_for(code);
        report.diagnostics.push(Diagnostic { path: source.path.clone(), line, code, message, fix });
    };
    for notice in &extraction.notices {
        say(notice.line, notice.code, notice.message.clone());
    }

    if deck.cards.is_empty() {
        say(1, "no-cards", "no cards: the guide is empty or has no content cardsmith can use".to_owned());
    }

    let mut units = Vec::new();
    let mut languages = Vec::new();
    for block in &outline.blocks {
        content_units(source, block, &mut units, &mut languages);
    }
    let shown = merged(
        extraction.cards.iter().flat_map(|c| c.covers.iter().cloned()).chain(extraction.excluded.iter().cloned()),
    );
    let unanswered = extraction.unanswered.iter().flat_map(|u| u.covers.iter());
    let left_out = merged(extraction.navigation.iter().chain(unanswered).cloned());
    units.retain(|unit| !contains(&left_out, unit.offset));
    let mut covered = 0;
    for unit in &units {
        if contains(&shown, unit.offset) {
            covered += 1;
        } else {
            let line = source.line_of(unit.offset);
            let snippet = snippet(&source.text[unit.offset..]);
            say(line, "uncovered", format!("uncovered {}: \"{snippet}\" is on no card", unit.what));
        }
    }
    let coverage = Coverage {
        covered,
        total: units.len(),
        navigation: extraction.navigation.len(),
        unanswered: extraction.unanswered.len(),
    };

    for block in &outline.blocks {
        if let BlockKind::Code(_) = block.kind
            && unclosed_fence(&source.text[block.span.clone()])
        {
            say(
                source.line_of(block.span.start),
                "unclosed-fence",
                "code fence is never closed: everything after it is read as code".to_owned(),
            );
        }
    }

    for (block, code) in outline.code_block_spans() {
        let values = crate::extract::value_lines(&code.code, code.lang.as_deref()).len();
        if values > MANY_VALUES {
            say(
                source.line_of(block.span.start),
                "many-values",
                format!(
                    "code block has {values} value comments (more than {MANY_VALUES}): each makes a predict-the-output card"
                ),
            );
        }
    }

    for (offset, lang) in languages {
        if !syntax::is_known(&lang) {
            say(
                source.line_of(offset),
                "unknown-language",
                format!("unknown code language `{lang}`: shown as plain text"),
            );
        }
    }

    let mut fronts: HashMap<(&str, String), usize> = HashMap::new();
    for card in &deck.cards {
        let size = render::measure(&card.back.markdown);
        if size.items > MAX_LIST_ITEMS {
            say(
                card.source.line,
                "long-answer",
                format!("answer has {} list items (more than {MAX_LIST_ITEMS}): split it", size.items),
            );
        }
        if size.prose_chars > MAX_PROSE_CHARS {
            say(
                card.source.line,
                "long-prose",
                format!("answer has {} characters of prose (more than {MAX_PROSE_CHARS}): split it", size.prose_chars),
            );
        }
        if card.kind == CardKind::Cloze {
            for opener in classify::unclosed_clozes(&card.front.markdown) {
                say(
                    card.source.line,
                    "unclosed-cloze",
                    format!("`{opener}` is never closed with `}}}}`: Anki would show its braces on the card"),
                );
            }
        }
        let key = (card.deck.as_str(), card.front.text().to_lowercase());
        if let Some(first) = fronts.insert(key, card.source.line) {
            say(
                card.source.line,
                "duplicate-front",
                format!("same front as the card at line {first} in deck \"{}\"", card.deck),
            );
        }
    }
    report.diagnostics.sort_by_key(|d| d.line);
    report.coverage = coverage;
    (report.findings, report.quality) = lint::lint(deck);
    report
}

/// What to do about a problem with this code.
/// More value comments than this in one block, and `check` warns.
const MANY_VALUES: usize = 10;

pub(crate) fn fix_for(code: &str) -> &'static str {
    match code {
        "no-cards" => "add question headings, Q:/A: pairs, definitions or lists (see the README's rules)",
        "uncovered" => "put it under a heading that makes a card, or mark it with <!-- cardsmith:skip -->",
        "unclosed-fence" => "close the block with a fence line like the one that opens it",
        "unclosed-cloze" => "end the deletion with `}}`: {{c1::text}}",
        "emptied" => "write the card's content as text or Markdown; raw HTML is kept only when harmless",
        "unknown-language" => "name a language the highlighter knows (python, bash, js…) or use `text`",
        "long-answer" => "split the list: sub-headings or bold lead-ins make one card each",
        "long-prose" => "split the answer into shorter questions",
        "duplicate-front" => "merge the two cards, or make the questions differ",
        "front-matter" => "fix the front matter (YAML between --- lines, TOML between +++ lines) or remove it",
        "image" => "put the image inside the guide's folder and check its path",
        "unknown-directive" => "use <!-- cardsmith:skip --> or <!-- cardsmith:id NAME -->",
        "stray-id" => "move the cardsmith:id line to just before the card it should pin",
        "long-enumeration" => "group the items under sub-headings or bold lead-ins",
        "oversized-answer" => "check the answer's structure: a heading or list in it probably starts new questions",
        "many-values" => "keep the value comments that teach something, or split the block",
        "no-answer" => {
            "write the answer under the question, or remove it; `keep-unanswered: true` in front matter makes such questions cards"
        }
        _ => "see the message",
    }
}

/// Collects the units (paragraphs, list items, code lines) of a block and
/// the languages of its code.
fn content_units(source: &SourceFile, block: &Block, units: &mut Vec<Unit>, languages: &mut Vec<(usize, String)>) {
    match &block.kind {
        BlockKind::Paragraph => units.push(Unit { offset: block.span.start, what: "paragraph" }),
        BlockKind::Table => units.push(Unit { offset: block.span.start, what: "table" }),
        BlockKind::Quote => units.push(Unit { offset: block.span.start, what: "quote" }),
        BlockKind::Opaque | BlockKind::Footnote => units.push(Unit { offset: block.span.start, what: "block" }),
        BlockKind::List(list) => {
            for item in &list.items {
                units.push(Unit { offset: item.span.start, what: "list item" });
                for inner in &item.body {
                    if !matches!(inner.kind, BlockKind::Paragraph) {
                        content_units(source, inner, units, languages);
                    }
                }
            }
        }
        BlockKind::Code(code) => {
            if let Some(lang) = &code.lang {
                languages.push((block.span.start, lang.clone()));
            }
            let first = source.line_of(code.code_start);
            for (i, line) in code.code.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                if let Some(offset) = source.lines.offset_of_line(first + i) {
                    units.push(Unit { offset, what: "code line" });
                }
            }
        }
        BlockKind::Details(details) => {
            for inner in &details.body {
                content_units(source, inner, units, languages);
            }
        }
        BlockKind::Heading { .. } | BlockKind::Html | BlockKind::Rule => {}
    }
}

/// Whether a fenced block's text lacks its closing fence.
fn unclosed_fence(block: &str) -> bool {
    let opening = block.trim_start();
    let Some(marker) = opening.chars().next().filter(|c| *c == '`' || *c == '~') else {
        return false;
    };
    let width = opening.chars().take_while(|c| *c == marker).count();
    if width < 3 {
        return false;
    }
    let mut lines = block.trim_end().lines();
    lines.next();
    !lines.last().is_some_and(|last| {
        let last = last.trim();
        last.chars().take_while(|c| *c == marker).count() >= width && last.trim_start_matches(marker).is_empty()
    })
}

fn merged(ranges: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut ranges: Vec<_> = ranges.filter(|r| r.start < r.end).collect();
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

fn contains(ranges: &[Range<usize>], offset: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= offset);
    ranges.get(i).is_some_and(|r| r.start <= offset)
}

fn snippet(text: &str) -> String {
    crate::text::one_line(text.lines().next().unwrap_or(""), 51)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_fix() {
        for code in ["no-answer", "front-matter", "image", "long-enumeration", "unknown-directive", "stray-id"] {
            assert_ne!(fix_for(code), "see the message", "{code}");
        }
        assert_eq!(fix_for("structure"), "see the message");
    }
}
