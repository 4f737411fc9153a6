//! Extraction: takes a guide's outline and gives its cards (rules R1–R7 of
//! DESIGN §4), each with deck, breadcrumb, tags and source line, plus what
//! was deliberately left out (`cardsmith:skip`, page furniture) and notices
//! for `check`.
//!
//! Each rule makes `Draft`s — a card's kind, sides, line, the source it
//! shows and the identity pinned on it — and hands them to
//! `Extractor::emit`, which places them in the current `Scope`.

mod blocks;
mod chunk;
mod code;
mod cues;
mod frontmatter;
mod furniture;
mod gaps;
mod lists;
mod question;
mod tables;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::card::{Card, CardKind, Part};
use crate::classify::{self, Label};
use crate::error::{Error, Result};
use crate::lang::{Arg, Lang};
use crate::outline::{Block, BlockKind, Item, Outline, dedent};
use crate::render;
use crate::source::SourceFile;

pub use code::value_lines;
pub use frontmatter::FrontMatter;

/// A paragraph longer than this is prose: not a lead-in, not a question,
/// and not part of what a question shows.
const SHORT_PARAGRAPH: usize = 300;

/// What extraction found in one guide.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The guide's title: its first `#` heading, else the file name.
    pub title: String,
    pub cards: Vec<Card>,
    /// Ranges left out on purpose (`cardsmith:skip`, comments).
    pub excluded: Vec<Range<usize>>,
    /// Page furniture left out: tables of contents, "back to top" links,
    /// badge and sponsor blocks, link-only lines.
    pub navigation: Vec<Range<usize>>,
    /// Questions the guide does not answer, left without a card (unless
    /// front matter's `keep-unanswered` asks for them).
    pub unanswered: Vec<Unanswered>,
    pub notices: Vec<Notice>,
    pub front_matter: FrontMatter,
}

/// A question left without a card because the guide does not answer it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unanswered {
    pub line: usize,
    pub front: String,
    /// The source the card would have shown.
    pub covers: Vec<Range<usize>>,
}

/// Something `check` should tell the author about, at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub line: usize,
    /// What kind of problem (`no-answer`, `front-matter`…), for `check`'s
    /// JSON and its fixes.
    pub code: &'static str,
    pub message: String,
}

/// Runs the card rules over a parsed guide.
pub fn extract(source: &SourceFile, outline: &Outline) -> Result<Extraction> {
    // A front matter field that does not fit is reported and left out: the
    // guide itself still converts, its other fields applied.
    let (front_matter, front_matter_problems) = FrontMatter::read(source, outline.front_matter.as_ref());
    let navigation = furniture::find(source, &outline.blocks);
    let nav_starts: HashSet<usize> = navigation.iter().map(|r| r.start).collect();
    let (lang, lang_problem) = guide_language(source, outline, front_matter.lang.as_deref());
    let mut ex = Extractor {
        doc: Doc { source, navigation: &nav_starts },
        cards: Vec::new(),
        excluded: Vec::new(),
        notices: lang_problem.into_iter().collect(),
        generated_fronts: HashMap::new(),
        extra_tags: front_matter.tags.iter().map(|t| tag_part(t)).collect(),
        promoted: HashSet::new(),
        question_bank: false,
        lang,
        keep_unanswered: front_matter.keep_unanswered,
        unanswered: Vec::new(),
        pinned_at: HashMap::new(),
        fatal: None,
    };
    ex.question_bank = lists::is_question_bank(&ex, &outline.blocks);
    for problem in front_matter_problems {
        ex.notices.push(Notice { line: problem.line, code: "front-matter", message: problem.message });
    }
    let entries = ex.apply_directives(&outline.blocks);
    if let Some(error) = ex.fatal.take() {
        return Err(error);
    }
    let root = build_tree(&ex.doc, entries);
    let title_heading = root.children.iter().find(|s| s.level == 1).map(|s| s.heading_md.clone());
    let titled = title_heading.is_some();
    // Without a `#` heading, front matter's `title:` names the guide
    // better than its file name does.
    let title = match &title_heading {
        Some(md) => render::inline_text(md),
        None => front_matter.deck.clone().unwrap_or_else(|| source.stem()),
    };
    // A front matter `deck:` may name a place among the user's decks
    // (`Languages::Python`); a title is one name.
    let deck_root = match &front_matter.deck {
        Some(deck) => deck_path(deck),
        None => deck_name(&title),
    };
    let scope = Scope {
        deck: deck_root,
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
            ex.section_body(child, &scope, None);
        } else {
            ex.section(child, &scope, None);
        }
    }
    let mut navigation = navigation;
    drop_furniture_cards(&mut ex.cards, &mut navigation, titled);
    Ok(Extraction {
        title,
        cards: ex.cards,
        excluded: ex.excluded,
        navigation,
        unanswered: ex.unanswered,
        notices: ex.notices,
        front_matter,
    })
}

/// In a guide of questions, prose under the title before any section
/// introduces the guide ("Frequently asked questions, updated weekly"), it
/// teaches nothing (unless it sets out notation or code): it is left out
/// like page furniture, and so is a banner picture under any guide's title
/// or a prose card that is only a picture from the web.
fn drop_furniture_cards(cards: &mut Vec<Card>, navigation: &mut Vec<Range<usize>>, titled: bool) {
    let questions = cards.iter().filter(|c| matches!(c.kind, CardKind::Question | CardKind::Explicit)).count();
    // Topic cards come out of long answers: they do not make a guide notes.
    let others = cards.iter().filter(|c| c.kind != CardKind::Topic).count();
    let question_guide = questions >= 5 && questions * 2 >= others;
    // Without a `#` title, a guide's first heading stands in for it.
    let top = if titled { 1 } else { 2 };
    let mut before_questions = true;
    cards.retain(|card| {
        before_questions &= !matches!(card.kind, CardKind::Question | CardKind::Explicit);
        let under_title = card.kind == CardKind::Note && card.context.len() == 1;
        // A picture alone under the title is the guide's banner; a picture
        // from the web alone under a heading cannot be studied offline.
        let pictures_only = card.kind == CardKind::Note && !classify::has_words_beside_pictures(&card.back);
        let banner = pictures_only && (under_title || card.back.contains("](http") || card.back.contains("src=\"http"));
        // Prose, or a "Best for: …" line, under the title before the first
        // question. Notation or code in it is content all the same.
        let introduction = question_guide
            && (under_title
                || before_questions
                    && card.context.len() <= top
                    && matches!(card.kind, CardKind::Note | CardKind::Definition))
            && !card.back.contains(['$', '`'])
            && !card.back.contains("\\(");
        if banner || introduction {
            navigation.extend(card.covers.iter().cloned());
        }
        !(banner || introduction)
    });
}

/// At most this much of a guide's prose is read to tell its language.
const LANGUAGE_SAMPLE: usize = 64 * 1024;

/// The language of a guide's prompts: front matter's `lang:` when it names
/// a shipped language, else the language of its prose (code left out).
/// An unknown `lang:` comes back as a notice for `check`.
fn guide_language(source: &SourceFile, outline: &Outline, asked: Option<&str>) -> (Lang, Option<Notice>) {
    let mut problem = None;
    if let Some(tag) = asked {
        if let Some(lang) = Lang::from_tag(tag) {
            return (lang, None);
        }
        let known: Vec<&str> = Lang::tags().collect();
        problem = Some(Notice {
            line: 1,
            code: "front-matter",
            message: format!(
                "front matter `lang: {tag}` is not a shipped language ({}): the guide's text decides",
                known.join(", ")
            ),
        });
    }
    let mut prose = String::new();
    for block in &outline.blocks {
        if prose.len() >= LANGUAGE_SAMPLE {
            break;
        }
        if !matches!(block.kind, BlockKind::Code(_) | BlockKind::Html) {
            prose.push_str(&source.text[block.span.clone()]);
            prose.push('\n');
        }
    }
    (Lang::detect(&prose), problem)
}

/// A block with the directives that apply to it.
#[derive(Debug, Clone)]
struct Entry<'a> {
    block: &'a Block,
    /// Identity pinned by `<!-- cardsmith:id NAME -->` before the block.
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
    /// A question by its own words, or by its place (see [`mark_questions`]).
    question: bool,
    /// Only a label (`# Question 3.`): the question is the heading under it.
    label_only: bool,
    entries: Vec<Entry<'a>>,
    children: Vec<Section<'a>>,
}

/// A block after directives, with its heading's level, text and label.
type Labelled<'a> = (Entry<'a>, Option<(u8, String, Label)>);

fn build_tree<'a>(doc: &Doc<'_>, entries: Vec<Labelled<'a>>) -> Section<'a> {
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
    let mut root = stack.pop().expect("root");
    mark_questions(doc, &mut root);
    root
}

/// Decides which headings are questions. By its words: a `?`, a question
/// label (`Q3:`), opening a numbered list item, or standing over its own
/// folded answer. By its place: a heading that reads like a question
/// ("Explain the GIL", "Перечислите …") among siblings — or headings of its
/// level across the guide — that are at least half questions. A heading
/// that is only a label (`# Question 3.`) hands the question to the first
/// heading under it.
fn mark_questions(doc: &Doc<'_>, root: &mut Section<'_>) {
    fn by_words(doc: &Doc<'_>, section: &mut Section<'_>, levels: &mut [(usize, usize); 7]) {
        for child in &mut section.children {
            let numbered = child
                .heading
                .as_ref()
                .is_some_and(|h| matches!(h.block.kind, BlockKind::Heading { numbered: true, .. }));
            // An answer folded away under it (`<details><summary>Answer`)
            // makes a heading a question, whatever its words.
            let hides_answer = !classify::is_answer_label(&child.heading_md) && folds_its_answer(doc, child);
            child.question = child.level >= 2
                && (child.label == Some(Label::Question)
                    || classify::is_question(&child.heading_md)
                    || numbered
                    || hides_answer);
            child.label_only = classify::is_question_label_only(&child.heading_md);
            let level = usize::from(child.level.min(6));
            levels[level].0 += usize::from(child.question);
            levels[level].1 += 1;
            by_words(doc, child, levels);
        }
    }
    fn by_place(section: &mut Section<'_>, levels: &[(usize, usize); 7]) {
        let siblings = section.children.iter().filter(|c| c.level >= 2).count();
        let questions = section.children.iter().filter(|c| c.question).count();
        let siblings_ask = siblings >= 3 && questions * 2 >= siblings;
        for (n, child) in section.children.iter_mut().enumerate() {
            let (asked, total) = levels[usize::from(child.level.min(6))];
            // Under a bare label (`# Question 3.`), its first heading asks.
            let label_only = section.label_only && n == 0;
            let mostly = siblings_ask || (total >= 3 && asked * 2 >= total) || label_only;
            if !child.question
                && child.level >= 2
                && (child.children.is_empty() || mostly)
                && (mostly || !(child.entries.is_empty() && child.children.is_empty()))
                && (label_only || classify::reads_as_question(&child.heading_md, mostly))
                && (mostly || child.level >= 3)
            {
                child.question = true;
            }
            by_place(child, levels);
        }
    }
    let mut levels = [(0, 0); 7];
    by_words(doc, root, &mut levels);
    by_place(root, &levels);
}

/// Whether a section is a statement and its folded answer: what comes
/// before a `<details>` whose summary names the answer ("Answer", "Show
/// solution", not "Click to expand") is only a little code, options or a
/// sentence or two, and nothing follows but the fold.
fn folds_its_answer(doc: &Doc<'_>, section: &Section<'_>) -> bool {
    if !section.children.is_empty() {
        return false;
    }
    let Some(at) = section.entries.iter().position(|e| match &e.block.kind {
        BlockKind::Details(d) => d.summary.clone().is_some_and(|s| classify::names_answer(doc.text(s))),
        _ => false,
    }) else {
        return false;
    };
    let before = &section.entries[..at];
    let after = &section.entries[at + 1..];
    before.len() <= 4
        && before.iter().all(|e| match &e.block.kind {
            BlockKind::Code(_) | BlockKind::List(_) => true,
            BlockKind::Paragraph => e.block.span.len() <= SHORT_PARAGRAPH,
            _ => doc.is_navigation(e.block),
        })
        && after.iter().all(|e| doc.is_navigation(e.block) || matches!(e.block.kind, BlockKind::Html))
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
    /// Where page furniture starts: such blocks are on no card.
    navigation: &'a HashSet<usize>,
}

impl<'a> Doc<'a> {
    fn text(&self, range: Range<usize>) -> &'a str {
        &self.source.text[range]
    }

    /// A range's Markdown with the indentation of its first line removed.
    fn markdown(&self, range: Range<usize>) -> String {
        // The column as Markdown counts it: a tab reaches the next stop of 4.
        let before = &self.source.text[self.source.lines.line_start(range.start)..range.start];
        let column = before.chars().fold(0, |col, c| if c == '\t' { col + 4 - col % 4 } else { col + 1 });
        dedent(self.text(range), column).trim_end().to_owned()
    }

    fn line(&self, offset: usize) -> usize {
        self.source.line_of(offset)
    }

    fn head(&self, item: &Item) -> String {
        item.head.clone().map(|r| self.text(r).trim().to_owned()).unwrap_or_default()
    }

    /// Whether a block is page furniture (see [`furniture`]).
    fn is_navigation(&self, block: &Block) -> bool {
        self.navigation.contains(&block.span.start)
    }
}

/// A card before it is placed in a deck.
#[derive(Debug, Clone)]
struct Draft {
    kind: CardKind,
    front: String,
    back: String,
    line: usize,
    /// Source byte ranges the card shows (coverage).
    covers: Vec<Range<usize>>,
    /// Identity pinned on this card.
    pin: Option<String>,
    /// Words the author wrote (a question): never numbered when repeated.
    authored: bool,
    /// The block whose lines the card's code shows (see [`Card::code_from`]).
    code_from: Option<Arc<str>>,
}

impl Draft {
    fn new(kind: CardKind, front: String, back: String, line: usize, covers: Vec<Range<usize>>) -> Self {
        Self { kind, front, back, line, covers, pin: None, authored: false, code_from: None }
    }

    fn pinned(self, pin: Option<String>) -> Self {
        Self { pin, ..self }
    }

    fn authored(self) -> Self {
        Self { authored: true, ..self }
    }

    fn code_from(self, block: &Arc<str>) -> Self {
        Self { code_from: Some(Arc::clone(block)), ..self }
    }
}

struct Extractor<'a> {
    doc: Doc<'a>,
    cards: Vec<Card>,
    excluded: Vec<Range<usize>>,
    notices: Vec<Notice>,
    /// Generated fronts already used in the current section, for numbering.
    generated_fronts: HashMap<String, usize>,
    extra_tags: Vec<String>,
    /// Bold paragraphs that are questions by their place: among bold
    /// paragraphs that are mostly questions (see `blocks::run`).
    promoted: HashSet<usize>,
    /// The guide's lists are overwhelmingly questions: a short item in one
    /// of them ("Liveness vs readiness probe") is a prompt too.
    question_bank: bool,
    /// The language prompts are written in.
    lang: Lang,
    /// Front matter's `keep-unanswered`: a question without an answer is
    /// still a card.
    keep_unanswered: bool,
    /// Questions left without a card for want of an answer.
    unanswered: Vec<Unanswered>,
    /// Where each `cardsmith:id` was pinned, to refuse a repeat.
    pinned_at: HashMap<String, usize>,
    /// A problem that fails the guide (a repeated or unusable id).
    fatal: Option<Error>,
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*cardsmith:([A-Za-z-]+)(?:\s+([^\s]+?))?\s*-->").expect("valid directive pattern")
});
/// Every `cardsmith:id …` comment, whatever follows the word.
static ID_DIRECTIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<!--\s*cardsmith:id\b(.*?)-->").expect("valid id directive pattern"));
/// What an id may be: one word of letters, digits, `_`, `-`, `.` or `/`.
static ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\w./-]+$").expect("valid id pattern"));
static HTML_COMMENT_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?s:\s*<!--.*?-->\s*)+$").expect("valid comment pattern"));

/// HTML made only of comments: it shows nothing.
fn is_comment_only(html: &str) -> bool {
    HTML_COMMENT_ONLY.is_match(html)
}

impl<'a> Extractor<'a> {
    /// Resolves `cardsmith:skip` / `cardsmith:id` comments onto the blocks
    /// they precede, drops skipped blocks and page furniture, and labels
    /// headings.
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
                if is_comment_only(html) {
                    self.excluded.push(block.span.clone());
                    let line = self.doc.line(block.span.start);
                    for written in ID_DIRECTIVE.captures_iter(html) {
                        let id = written[1].trim();
                        if !ID.is_match(id) {
                            self.fatal.get_or_insert(Error::BadId {
                                path: self.doc.source.path.clone(),
                                line,
                                id: id.to_owned(),
                            });
                        } else if let Some(&first) = self.pinned_at.get(id) {
                            self.fatal.get_or_insert(Error::RepeatedId {
                                path: self.doc.source.path.clone(),
                                first,
                                second: line,
                                id: id.to_owned(),
                            });
                        } else {
                            self.pinned_at.insert(id.to_owned(), line);
                        }
                    }
                    for directive in DIRECTIVE.captures_iter(html) {
                        match (&directive[1], directive.get(2)) {
                            ("skip", _) => skip_next = true,
                            ("id", Some(name)) => pin = Some(name.as_str().to_owned()),
                            (other, _) => self.notice(
                                block.span.start,
                                "unknown-directive",
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
            if self.doc.is_navigation(block) {
                if pin.take().is_some() {
                    self.notice(
                        block.span.start,
                        "stray-id",
                        "`cardsmith:id` before page furniture, which makes no card: ignored".to_owned(),
                    );
                }
                // Kept in place (a list of links can be an answer), but no
                // rule makes a card of it alone.
                out.push((Entry { block, pin: None }, None));
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
                BlockKind::Heading { level, text, .. } => {
                    let (label, rest) = classify::strip_label(self.doc.text(text.clone()));
                    Some((*level, rest.to_owned(), label))
                }
                _ => None,
            };
            out.push((Entry { block, pin: pin.take() }, heading));
        }
        out
    }

    fn notice(&mut self, offset: usize, code: &'static str, message: String) {
        let line = self.doc.line(offset);
        self.notices.push(Notice { line, code, message });
    }

    /// A section under `parent`: a question card, or its own blocks and children.
    fn section(&mut self, section: &Section<'a>, parent: &Scope, carried: Option<String>) {
        // An identity pinned on a heading that makes no card of its own goes
        // to the first card under it.
        let pin = carried.or_else(|| section.heading.as_ref().and_then(|h| h.pin.clone()));
        if section.question {
            question::section(self, section, parent, pin);
            return;
        }
        if section.label_only
            && section.children.is_empty()
            && question::under_label(self, section, parent, pin.clone())
        {
            return;
        }
        if section.label_only || classify::is_contents_heading(&section.heading_md) {
            // Neither a deck nor a topic: it only numbers what is under it,
            // or heads a table of contents (and what an author left under it).
            if let Some(heading) = &section.heading {
                self.excluded.push(heading.block.span.clone());
            }
            self.section_body(section, parent, pin);
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
            // "Restore stashed changes:" heads a prompt without its colon.
            topic: section.heading_md.trim_end().trim_end_matches([':', '：']).trim_end().to_owned(),
            in_root: false,
        };
        self.section_body(section, &scope, pin);
    }

    fn section_body(&mut self, section: &Section<'a>, scope: &Scope, carried: Option<String>) {
        self.generated_fronts.clear();
        let mut carried = carried;
        // The first block that can make a card takes it (not furniture).
        let first = section.entries.iter().position(|e| !self.doc.is_navigation(e.block));
        if carried.is_some()
            && let Some(first) = first
        {
            let mut entries = section.entries.clone();
            if entries[first].pin.is_none() {
                entries[first].pin = carried.take();
            }
            blocks::run(self, &entries, scope);
        } else {
            blocks::run(self, &section.entries, scope);
        }
        for child in &section.children {
            self.section(child, scope, carried.take());
        }
    }

    /// A question the guide does not answer: a card whose back says so
    /// when the guide keeps them, else only a record of what it covers.
    /// Whether a card was made.
    fn emit_unanswered(&mut self, scope: &Scope, draft: Draft) -> bool {
        if self.keep_unanswered {
            let draft = Draft { back: self.lang.say("no-answer", &[]), ..draft };
            self.emit(scope, draft);
        } else {
            self.unanswered.push(Unanswered { line: draft.line, front: draft.front, covers: draft.covers });
        }
        self.keep_unanswered
    }

    /// Places a card in `scope`.
    fn emit(&mut self, scope: &Scope, draft: Draft) {
        self.emit_part(scope, draft, None);
    }

    /// One card per chunk of an answer; parts after the first say so on
    /// the front, and only the first takes the draft's pinned identity.
    fn emit_parts(&mut self, scope: &Scope, draft: Draft, split: chunk::Split) {
        if split.needed > chunk::MAX_PARTS {
            self.notices.push(Notice {
                line: draft.line,
                code: "oversized-answer",
                message: format!(
                    "answer would take {} cards of up to {} list items or {} characters each; it was packed into {}, \
                     but an answer this long usually means its structure was misread (a heading or list that \
                     should start new questions?)",
                    split.needed,
                    chunk::WIDE_LIST_ITEMS,
                    chunk::WIDE_PROSE_CHARS,
                    chunk::MAX_PARTS
                ),
            });
        }
        let Draft { kind, front, line, covers, pin, authored, .. } = draft;
        let count = split.chunks.len();
        let front = if authored { front } else { self.unique_front(front) };
        let mut shared_covers = covers;
        let mut pin = pin;
        for (i, chunk) in split.chunks.into_iter().enumerate() {
            let part = (count > 1).then_some(Part { index: i + 1, count });
            let front = if i == 0 {
                front.clone()
            } else {
                let args = [("index", Arg::Count(i + 1)), ("count", Arg::Count(count))];
                let continued = self.lang.say("continued", &args);
                // Which part of the answer to recall: its lead, or its items.
                let suffix = match &chunk.label {
                    Some(chunk::PartLabel::Lead(lead)) => format!("› {lead} ({continued})"),
                    Some(chunk::PartLabel::Items(first, last)) => {
                        let items = [("first", Arg::Count(*first as usize)), ("last", Arg::Count(*last as usize))];
                        let id = if first == last { "part-item" } else { "part-items" };
                        format!("({continued}, {})", self.lang.say(id, &items))
                    }
                    None => format!("({continued})"),
                };
                // After code, math, a table or a list it is a line of its
                // own: on their last line it would break or join them.
                let separate = front.lines().last().is_some_and(|line| {
                    let line = line.trim_start();
                    ["```", "~~~", "$$", "|", "<", ">", "- ", "* ", "+ "].iter().any(|mark| line.starts_with(mark))
                        || line
                            .split_once(['.', ')'])
                            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                });
                format!("{front}{}{suffix}", if separate { "\n\n" } else { " " })
            };
            let mut covers = std::mem::take(&mut shared_covers);
            covers.extend(chunk.covers);
            let card = Draft {
                kind,
                front,
                back: chunk.markdown,
                line,
                covers,
                pin: pin.take(),
                authored: true,
                code_from: None,
            };
            self.emit_part(scope, card, part);
        }
    }

    fn emit_part(&mut self, scope: &Scope, draft: Draft, part: Option<Part>) {
        let front = if draft.authored { draft.front } else { self.unique_front(draft.front) };
        let mut tags = vec![
            scope.context.iter().map(|c| tag_part(c)).collect::<Vec<_>>().join("::"),
            format!("cardsmith::{}", draft.kind.name()),
        ];
        tags.extend(self.extra_tags.iter().cloned());
        self.cards.push(Card {
            kind: draft.kind,
            deck: scope.deck.clone(),
            context: scope.context.clone(),
            tags,
            front,
            back: draft.back,
            line: draft.line,
            pinned_id: draft.pin,
            part,
            covers: draft.covers,
            code_from: draft.code_from,
        });
    }

    /// Numbers a generated front that repeats within one section.
    fn unique_front(&mut self, front: String) -> String {
        let seen = self.generated_fronts.entry(front.clone()).or_insert(0);
        *seen += 1;
        if *seen == 1 { front } else { format!("{front} ({seen})") }
    }
}

/// A deck path written as one (`Languages::Python`): each part a deck
/// name, empty parts left out.
fn deck_path(path: &str) -> String {
    let parts: Vec<String> = path.split("::").filter(|p| !p.trim().is_empty()).map(deck_name).collect();
    if parts.is_empty() { deck_name("") } else { parts.join("::") }
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
