//! Extraction: takes a guide's outline and gives its cards (rules R1–R7 of
//! DESIGN §4), each with deck, breadcrumb, tags and source line, plus what
//! was deliberately left out (`cardsmith:skip`) and notices for `check`.

mod blocks;
mod chunk;
mod code;
mod frontmatter;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::card::{Card, CardKind, Part};
use crate::classify::{self, Label};
use crate::error::{Error, Result};
use crate::outline::{Block, BlockKind, Item, Outline, dedent};
use crate::render;
use crate::source::SourceFile;

pub use code::{ValueLine, comment_markers, split_parts, value_lines};
pub use frontmatter::FrontMatter;

/// What extraction found in one guide.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The guide's title: its first `#` heading, else the file name.
    pub title: String,
    pub cards: Vec<Card>,
    /// Ranges left out on purpose (`cardsmith:skip`, comments).
    pub excluded: Vec<Range<usize>>,
    pub notices: Vec<Notice>,
    pub front_matter: FrontMatter,
}

/// Something `check` should tell the author about, at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub line: usize,
    pub message: String,
}

/// Runs the card rules over a parsed guide.
pub fn extract(source: &SourceFile, outline: &Outline) -> Result<Extraction> {
    // Front matter that does not parse is reported and ignored: the guide
    // itself still converts.
    let (front_matter, front_matter_problem) = match FrontMatter::read(source, outline.front_matter.as_ref()) {
        Ok(front_matter) => (front_matter, None),
        Err(err) => (FrontMatter::default(), Some(err)),
    };
    let mut ex = Extractor {
        doc: Doc { source },
        cards: Vec::new(),
        excluded: Vec::new(),
        notices: Vec::new(),
        pending_pin: None,
        generated_fronts: HashMap::new(),
        extra_tags: front_matter.tags.iter().map(|t| tag_part(t)).collect(),
    };
    if let Some(Error::FrontMatter { line, message, .. }) = front_matter_problem {
        ex.notices.push(Notice { line, message: format!("front matter ignored: {message}") });
    }
    let entries = ex.apply_directives(&outline.blocks);
    let root = build_tree(entries);
    let title_heading = root.children.iter().find(|s| s.level == 1).map(|s| s.heading_md.clone());
    let title = match &title_heading {
        Some(md) => render::inline_text(md),
        None => source.stem(),
    };
    let deck_root = front_matter.deck.clone().unwrap_or_else(|| title.clone());
    let scope = Scope {
        deck: deck_name(&deck_root),
        context: vec![title.clone()],
        topic: title_heading.unwrap_or_else(|| escape_md(&title)),
        in_root: true,
    };
    blocks::run(&mut ex, &root.entries, &scope);
    let mut title_taken = false;
    for child in &root.children {
        let is_title = child.level == 1 && !title_taken;
        title_taken |= is_title;
        if is_title {
            ex.section_body(child, &scope);
        } else {
            ex.section(child, &scope);
        }
    }
    Ok(Extraction { title, cards: ex.cards, excluded: ex.excluded, notices: ex.notices, front_matter })
}

/// A block with the directives that apply to it.
#[derive(Debug)]
struct Entry<'a> {
    block: &'a Block,
    pin: Option<String>,
}

/// A heading with everything under it.
#[derive(Debug, Default)]
struct Section<'a> {
    level: u8,
    /// Heading text, label stripped (Markdown).
    heading_md: String,
    label: Option<Label>,
    heading: Option<Entry<'a>>,
    entries: Vec<Entry<'a>>,
    children: Vec<Section<'a>>,
}

impl Section<'_> {
    fn is_question(&self) -> bool {
        self.level >= 2 && (self.label == Some(Label::Question) || classify::is_question(&self.heading_md))
    }
}

/// A block after directives, with its heading's level, text and label.
type Labelled<'a> = (Entry<'a>, Option<(u8, String, Label)>);

fn build_tree<'a>(entries: Vec<Labelled<'a>>) -> Section<'a> {
    let mut stack: Vec<Section<'a>> = vec![Section::default()];
    for (entry, heading) in entries {
        match heading {
            Some((level, heading_md, label)) => {
                while stack.len() > 1 && stack.last().is_some_and(|s| s.level >= level) {
                    let done = stack.pop().expect("stack holds the root");
                    stack.last_mut().expect("stack holds the root").children.push(done);
                }
                stack.push(Section {
                    level,
                    heading_md,
                    label: Some(label),
                    heading: Some(entry),
                    ..Section::default()
                });
            }
            None => stack.last_mut().expect("stack holds the root").entries.push(entry),
        }
    }
    while stack.len() > 1 {
        let done = stack.pop().expect("checked length");
        stack.last_mut().expect("checked length").children.push(done);
    }
    stack.pop().expect("root")
}

/// Where cards being made go: deck, breadcrumb, and the heading they sit under.
#[derive(Debug, Clone)]
struct Scope {
    deck: String,
    context: Vec<String>,
    /// Nearest heading (Markdown), used to word generated fronts.
    topic: String,
    /// Still at the guide's top, where `##` starts a sub-deck.
    in_root: bool,
}

/// Gives the source Markdown of blocks and items, ready to render alone.
#[derive(Debug, Clone, Copy)]
struct Doc<'a> {
    source: &'a SourceFile,
}

impl<'a> Doc<'a> {
    fn text(&self, range: Range<usize>) -> &'a str {
        &self.source.text[range]
    }

    /// A range's Markdown with the indentation of its first line removed.
    fn markdown(&self, range: Range<usize>) -> String {
        let column = range.start - self.source.lines.line_start(range.start);
        dedent(self.text(range), column).trim_end().to_owned()
    }

    fn line(&self, offset: usize) -> usize {
        self.source.line_of(offset)
    }

    fn head(&self, item: &Item) -> String {
        item.head.clone().map(|r| self.text(r).trim().to_owned()).unwrap_or_default()
    }

    fn body(&self, item: &Item) -> String {
        item.body.iter().map(|b| self.markdown(b.span.clone())).collect::<Vec<_>>().join("\n\n")
    }
}

struct Extractor<'a> {
    doc: Doc<'a>,
    cards: Vec<Card>,
    excluded: Vec<Range<usize>>,
    notices: Vec<Notice>,
    pending_pin: Option<String>,
    /// Generated fronts already used in the current section, for numbering.
    generated_fronts: HashMap<String, usize>,
    extra_tags: Vec<String>,
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*cardsmith:([A-Za-z-]+)(?:\s+([^\s]+?))?\s*-->").expect("valid directive pattern")
});
static HTML_COMMENT_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?s:\s*<!--.*?-->\s*)+$").expect("valid comment pattern"));

impl<'a> Extractor<'a> {
    /// Resolves `cardsmith:skip` / `cardsmith:id` comments onto the blocks
    /// they precede, drops skipped blocks and labels headings.
    fn apply_directives(&mut self, blocks: &'a [Block]) -> Vec<Labelled<'a>> {
        let mut out = Vec::new();
        let mut skip_next = false;
        let mut pin: Option<String> = None;
        let mut skipping_below: Option<u8> = None;
        for block in blocks {
            let heading_level = match block.kind {
                BlockKind::Heading { level, .. } => Some(level),
                _ => None,
            };
            if let Some(limit) = skipping_below {
                if heading_level.is_some_and(|l| l <= limit) {
                    skipping_below = None;
                } else {
                    self.excluded.push(block.span.clone());
                    continue;
                }
            }
            if matches!(block.kind, BlockKind::Html) {
                let html = self.doc.text(block.span.clone());
                if HTML_COMMENT_ONLY.is_match(html) {
                    self.excluded.push(block.span.clone());
                    for directive in DIRECTIVE.captures_iter(html) {
                        match (&directive[1], directive.get(2)) {
                            ("skip", _) => skip_next = true,
                            ("id", Some(name)) => pin = Some(name.as_str().to_owned()),
                            (other, _) => self.notice(
                                block.span.start,
                                format!("unknown directive `cardsmith:{other}` (known: skip, id NAME)"),
                            ),
                        }
                    }
                    continue;
                }
            }
            if matches!(block.kind, BlockKind::Rule) {
                continue;
            }
            if std::mem::take(&mut skip_next) {
                self.excluded.push(block.span.clone());
                if let Some(level) = heading_level {
                    skipping_below = Some(level);
                }
                pin = None;
                continue;
            }
            let heading = match &block.kind {
                BlockKind::Heading { level, text } => {
                    let (label, rest) = classify::strip_label(self.doc.text(text.clone()));
                    Some((*level, rest.to_owned(), label))
                }
                _ => None,
            };
            out.push((Entry { block, pin: pin.take() }, heading));
        }
        out
    }

    fn notice(&mut self, offset: usize, message: String) {
        let line = self.doc.line(offset);
        self.notices.push(Notice { line, message });
    }

    /// A section under `parent`: a question card, or its own blocks and children.
    fn section(&mut self, section: &Section<'a>, parent: &Scope) {
        if section.is_question() {
            self.question_section(section, parent);
            return;
        }
        let name = render::inline_text(&section.heading_md);
        let scope = Scope {
            deck: if parent.in_root && section.level <= 2 {
                format!("{}::{}", parent.deck, deck_name(&name))
            } else {
                parent.deck.clone()
            },
            context: parent.context.iter().cloned().chain([name]).collect(),
            topic: section.heading_md.clone(),
            in_root: false,
        };
        self.section_body(section, &scope);
    }

    fn section_body(&mut self, section: &Section<'a>, scope: &Scope) {
        self.generated_fronts.clear();
        blocks::run(self, &section.entries, scope);
        for child in &section.children {
            self.section(child, scope);
        }
    }

    /// R1: the heading is the front, everything under it the back.
    fn question_section(&mut self, section: &Section<'a>, scope: &Scope) {
        let heading = section.heading.as_ref().expect("question sections have headings");
        let mut body: Vec<&'a Block> = Vec::new();
        collect_blocks(section, &mut body, false);
        if body.is_empty() {
            self.notice(heading.block.span.start, "question heading has no answer under it".to_owned());
            self.excluded.push(heading.block.span.clone());
            return;
        }
        self.pending_pin = heading.pin.clone();
        let chunks = chunk::answer(self.doc, &body);
        let line = self.doc.line(heading.block.span.start);
        let mut covers = vec![heading.block.span.clone()];
        covers.extend(body.iter().map(|b| b.span.clone()));
        self.push_parts(scope, CardKind::Question, &section.heading_md, chunks, line, covers, true);
        for block in body {
            if let BlockKind::Code(code) = &block.kind {
                code::output_cards(self, code, scope);
            }
        }
    }

    /// Pushes one card per chunk; parts after the first say so on the front.
    #[allow(clippy::too_many_arguments)]
    fn push_parts(
        &mut self,
        scope: &Scope,
        kind: CardKind,
        front: &str,
        chunks: Vec<chunk::Chunk>,
        line: usize,
        mut shared_covers: Vec<Range<usize>>,
        authored: bool,
    ) {
        let count = chunks.len();
        for (i, chunk) in chunks.into_iter().enumerate() {
            let part = (count > 1).then_some(Part { index: i + 1, count });
            let front = if i == 0 { front.to_owned() } else { format!("{front} (continued, {}/{count})", i + 1) };
            let mut covers = std::mem::take(&mut shared_covers);
            covers.extend(chunk.covers);
            let card = self.card(scope, kind, front, chunk.markdown, line, covers, authored);
            self.cards.push(Card { part, ..card });
        }
    }

    /// Makes a card in `scope`, taking any pinned id waiting for it.
    #[allow(clippy::too_many_arguments)]
    fn card(
        &mut self,
        scope: &Scope,
        kind: CardKind,
        front: String,
        back: String,
        line: usize,
        covers: Vec<Range<usize>>,
        authored: bool,
    ) -> Card {
        let front = if authored { front } else { self.unique_front(front) };
        let mut tags = vec![
            scope.context.iter().map(|c| tag_part(c)).collect::<Vec<_>>().join("::"),
            format!("cardsmith::{}", kind.name()),
        ];
        tags.extend(self.extra_tags.iter().cloned());
        Card {
            kind,
            deck: scope.deck.clone(),
            context: scope.context.clone(),
            tags,
            front,
            back,
            line,
            pinned_id: self.pending_pin.take(),
            part: None,
            covers,
        }
    }

    fn push(
        &mut self,
        scope: &Scope,
        kind: CardKind,
        front: String,
        back: String,
        line: usize,
        covers: Vec<Range<usize>>,
    ) {
        let card = self.card(scope, kind, front, back, line, covers, false);
        self.cards.push(card);
    }

    /// Numbers a generated front that repeats within one section.
    fn unique_front(&mut self, front: String) -> String {
        let seen = self.generated_fronts.entry(front.clone()).or_insert(0);
        *seen += 1;
        if *seen == 1 { front } else { format!("{front} ({seen})") }
    }
}

/// Every block under a section, sub-headings included, in document order.
fn collect_blocks<'a>(section: &Section<'a>, out: &mut Vec<&'a Block>, include_heading: bool) {
    if include_heading && let Some(heading) = &section.heading {
        out.push(heading.block);
    }
    out.extend(section.entries.iter().map(|e| e.block));
    for child in &section.children {
        collect_blocks(child, out, true);
    }
}

/// A deck name component: `::` would start a sub-deck, so it is softened.
fn deck_name(name: &str) -> String {
    let name = name.replace("::", ":");
    let trimmed = name.trim();
    if trimmed.is_empty() { "Untitled".to_owned() } else { trimmed.to_owned() }
}

/// A tag component: Anki tags cannot hold spaces.
fn tag_part(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '+' | '.' | '#' | '&' | '/') {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_owned();
    if out.is_empty() { "_".to_owned() } else { out }
}

/// Escapes text so it is shown literally when rendered as Markdown.
fn escape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_{}[]<>#|!".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
