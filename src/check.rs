//! Linting: takes a guide's outline, extraction and rendered deck, gives
//! diagnostics with file:line — uncovered content, oversized answers,
//! duplicate fronts in a deck, unknown code languages — and coverage figures.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use crate::card::{MAX_LIST_ITEMS, MAX_PROSE_CHARS};
use crate::deck::Deck;
use crate::extract::Extraction;
use crate::outline::{Block, BlockKind, Outline};
use crate::render;
use crate::source::SourceFile;
use crate::syntax;

/// One finding, printed as `warning: FILE:LINE: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// How much of a guide's content made it onto cards.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub covered: usize,
    pub total: usize,
    /// Page furniture (tables of contents, "back to top" links, badges…)
    /// left out on purpose; its content is not counted in `total`.
    pub navigation: usize,
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
}

/// A piece of content that must appear on some card.
#[derive(Debug, Clone, Copy)]
struct Unit {
    offset: usize,
    what: &'static str,
}

pub fn check(source: &SourceFile, outline: &Outline, extraction: &Extraction, deck: &Deck) -> Report {
    let mut report = Report::default();
    let mut say = |line: usize, message: String| {
        report.diagnostics.push(Diagnostic { path: source.path.clone(), line, message });
    };
    for notice in &extraction.notices {
        say(notice.line, notice.message.clone());
    }

    if deck.cards.is_empty() {
        say(1, "no cards: the guide is empty or has no content cardsmith can use".to_owned());
    }

    let mut units = Vec::new();
    let mut languages = Vec::new();
    for block in &outline.blocks {
        content_units(source, block, &mut units, &mut languages);
    }
    let shown = merged(
        extraction.cards.iter().flat_map(|c| c.covers.iter().cloned()).chain(extraction.excluded.iter().cloned()),
    );
    let navigation = merged(extraction.navigation.iter().cloned());
    units.retain(|unit| !contains(&navigation, unit.offset));
    let mut covered = 0;
    for unit in &units {
        if contains(&shown, unit.offset) {
            covered += 1;
        } else {
            let line = source.line_of(unit.offset);
            let snippet = snippet(&source.text[unit.offset..]);
            say(line, format!("uncovered {}: \"{snippet}\" is on no card", unit.what));
        }
    }
    let coverage = Coverage { covered, total: units.len(), navigation: extraction.navigation.len() };

    for block in &outline.blocks {
        if let BlockKind::Code(_) = block.kind
            && unclosed_fence(&source.text[block.span.clone()])
        {
            say(
                source.line_of(block.span.start),
                "code fence is never closed: everything after it is read as code".to_owned(),
            );
        }
    }

    for (offset, lang) in languages {
        if !syntax::is_known(&lang) {
            say(source.line_of(offset), format!("unknown code language `{lang}`: shown as plain text"));
        }
    }

    let mut fronts: HashMap<(&str, String), usize> = HashMap::new();
    for card in &deck.cards {
        let size = render::measure(&card.back.markdown);
        if size.items > MAX_LIST_ITEMS {
            say(
                card.source.line,
                format!("answer has {} list items (more than {MAX_LIST_ITEMS}): split it", size.items),
            );
        }
        if size.prose_chars > MAX_PROSE_CHARS {
            say(
                card.source.line,
                format!("answer has {} characters of prose (more than {MAX_PROSE_CHARS}): split it", size.prose_chars),
            );
        }
        let key = (card.deck.as_str(), card.front.text.to_lowercase());
        if let Some(first) = fronts.insert(key, card.source.line) {
            say(card.source.line, format!("same front as the card at line {first} in deck \"{}\"", card.deck));
        }
    }
    report.diagnostics.sort_by_key(|d| d.line);
    report.coverage = coverage;
    report
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
    let line = text.lines().next().unwrap_or("").trim();
    let mut out: String = line.chars().take(50).collect();
    if line.chars().count() > 50 {
        out.push('…');
    }
    out
}
