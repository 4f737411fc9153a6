//! Parsing: takes a guide's text, gives its outline — a flat list of
//! top-level blocks (headings, paragraphs, lists with their items, code,
//! raw HTML, `<details>` groups, tables…), each with the byte range it came
//! from, so every later stage can point back at file:line and slice the
//! original Markdown.
//!
//! Two shapes of real guides are read as what they mean rather than as
//! CommonMark nests them: a list item that opens with a heading
//! (`1. ### What is X?`, the answer indented under it) becomes that heading
//! followed by the item's blocks, and `<details>` … `</details>` becomes one
//! block holding its summary and the blocks inside it.

use std::iter::Peekable;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, Event, MetadataBlockKind, OffsetIter, Parser, Tag, TagEnd};
use regex::Regex;

use crate::markdown::{self, html_has_text};

/// Nesting deeper than this is kept as one opaque block, so hostile input
/// cannot exhaust the stack.
const MAX_DEPTH: usize = 48;

#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub blocks: Vec<Block>,
    pub front_matter: Option<FrontMatterText>,
}

impl Outline {
    /// Every code block, nested ones too: (fence language, code).
    pub fn code_blocks(&self) -> Vec<(Option<&str>, &str)> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<(Option<&'a str>, &'a str)>) {
            for block in blocks {
                match &block.kind {
                    BlockKind::Code(code) => out.push((code.lang.as_deref(), &code.code)),
                    BlockKind::List(list) => list.items.iter().for_each(|item| walk(&item.body, out)),
                    BlockKind::Details(details) => walk(&details.body, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut out);
        out
    }
}

/// The raw text of a `---` (YAML) or `+++` (TOML) block at the top.
#[derive(Debug, Clone)]
pub struct FrontMatterText {
    pub toml: bool,
    pub text: String,
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte range of the whole block in the source.
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub enum BlockKind {
    Heading {
        level: u8,
        text: Range<usize>,
        /// It opened an item of a numbered list (`12. ### Output of this?`).
        numbered: bool,
    },
    Paragraph,
    List(List),
    Code(Code),
    Html,
    Table,
    Quote,
    Rule,
    Footnote,
    /// `<details><summary>…</summary> … </details>`.
    Details(Details),
    /// Content nested too deep to analyse; it is still rendered.
    Opaque,
}

#[derive(Debug, Clone)]
pub struct List {
    pub ordered: bool,
    pub loose: bool,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub span: Range<usize>,
    /// A task list item's box: `- [x]` is `Some(true)`, `- [ ]` `Some(false)`.
    pub checked: Option<bool>,
    /// The item's own text (first paragraph), without the list marker.
    pub head: Option<Range<usize>>,
    /// Blocks after the first paragraph: nested lists, code, more paragraphs.
    pub body: Vec<Block>,
}

#[derive(Debug, Clone)]
pub struct Details {
    /// The summary's inner text (it may hold inline HTML such as `<b>`).
    pub summary: Option<Range<usize>>,
    /// The blocks inside, after the summary. Content that shares a line with
    /// the opening or closing tags is a [`BlockKind::Html`] block of its own.
    pub body: Vec<Block>,
}

#[derive(Debug, Clone)]
pub struct Code {
    pub lang: Option<String>,
    pub code: String,
    /// Byte offset where the code text itself starts.
    pub code_start: usize,
}

impl Item {
    /// Nested lists directly in this item's body.
    pub fn sublists(&self) -> impl Iterator<Item = &List> {
        self.body.iter().filter_map(|block| match &block.kind {
            BlockKind::List(list) => Some(list),
            _ => None,
        })
    }
}

pub fn parse(text: &str) -> Outline {
    let joined = markdown::join_display_math(text);
    let mut events = Parser::new_ext(&joined, markdown::options()).into_offset_iter().peekable();
    let mut outline = Outline::default();
    while let Some((event, range)) = events.next() {
        if let Event::Start(Tag::MetadataBlock(kind)) = event {
            let mut body = String::new();
            let mut offset = range.start;
            for (event, inner) in events.by_ref() {
                match event {
                    Event::Text(t) => {
                        if body.is_empty() {
                            offset = inner.start;
                        }
                        body.push_str(&t);
                    }
                    Event::End(TagEnd::MetadataBlock(_)) => break,
                    _ => {}
                }
            }
            if outline.blocks.is_empty() && outline.front_matter.is_none() {
                outline.front_matter =
                    Some(FrontMatterText { toml: kind == MetadataBlockKind::PlusesStyle, text: body, offset });
            }
            continue;
        }
        if let Some(block) = block_from(event, range, &mut events, 0) {
            outline.blocks.push(block);
        }
    }
    let blocks = html_headings(std::mem::take(&mut outline.blocks), text);
    let blocks = group_details(blocks, text, 0);
    outline.blocks = unwrap_heading_items(blocks);
    outline
}

type Events<'a> = Peekable<OffsetIter<'a>>;

/// Builds the block that `event` starts, consuming events up to its end.
fn block_from(event: Event<'_>, range: Range<usize>, events: &mut Events<'_>, depth: usize) -> Option<Block> {
    let kind = match event {
        Event::Start(tag) => {
            if depth > MAX_DEPTH {
                skip_to_end(events);
                BlockKind::Opaque
            } else {
                match tag {
                    Tag::Heading { level, .. } => {
                        let text = inline_extent(events).unwrap_or(range.end..range.end);
                        BlockKind::Heading { level: level as u8, text, numbered: false }
                    }
                    Tag::Paragraph => {
                        skip_to_end(events);
                        BlockKind::Paragraph
                    }
                    Tag::List(start) => BlockKind::List(list(start.is_some(), events, depth + 1)),
                    Tag::CodeBlock(kind) => {
                        let lang = match kind {
                            CodeBlockKind::Fenced(info) => markdown::fence_language(&info).map(str::to_owned),
                            CodeBlockKind::Indented => None,
                        };
                        let mut code = String::new();
                        let mut code_start = None;
                        for (event, inner) in events.by_ref() {
                            match event {
                                Event::Text(t) => {
                                    code_start.get_or_insert(inner.start);
                                    code.push_str(&t);
                                }
                                Event::End(_) => break,
                                _ => {}
                            }
                        }
                        BlockKind::Code(Code { lang, code, code_start: code_start.unwrap_or(range.end) })
                    }
                    Tag::HtmlBlock => {
                        skip_to_end(events);
                        BlockKind::Html
                    }
                    Tag::Table(_) => {
                        skip_to_end(events);
                        BlockKind::Table
                    }
                    Tag::BlockQuote(_) => {
                        skip_to_end(events);
                        BlockKind::Quote
                    }
                    Tag::FootnoteDefinition(_) => {
                        skip_to_end(events);
                        BlockKind::Footnote
                    }
                    _ => {
                        skip_to_end(events);
                        BlockKind::Opaque
                    }
                }
            }
        }
        Event::Rule => BlockKind::Rule,
        Event::Html(_) => BlockKind::Html,
        Event::DisplayMath(_) | Event::Text(_) | Event::Code(_) | Event::InlineMath(_) => BlockKind::Paragraph,
        _ => return None,
    };
    Some(Block { kind, span: range })
}

fn list(ordered: bool, events: &mut Events<'_>, depth: usize) -> List {
    let mut list = List { ordered, loose: false, items: Vec::new() };
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Item) => {
                let (item, loose) = item(range, events, depth + 1);
                list.loose |= loose;
                list.items.push(item);
            }
            Event::End(TagEnd::List(_)) => break,
            _ => {}
        }
    }
    list
}

/// Reads one list item; also says whether it was loose (wrapped in paragraphs).
fn item(span: Range<usize>, events: &mut Events<'_>, depth: usize) -> (Item, bool) {
    let mut head: Option<Range<usize>> = None;
    let mut body = Vec::new();
    let mut loose = false;
    let mut checked = None;
    while let Some((event, range)) = events.next() {
        match event {
            Event::End(TagEnd::Item) => break,
            Event::TaskListMarker(mark) => checked = Some(mark),
            Event::Start(tag) if is_inline(&tag) => extend(&mut head, &range),
            Event::End(tag) if is_inline_end(&tag) => extend(&mut head, &range),
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::SoftBreak
            | Event::HardBreak
                if body.is_empty() =>
            {
                extend(&mut head, &range);
            }
            Event::Start(Tag::Paragraph) if head.is_none() && body.is_empty() => {
                loose = true;
                skip_to_end(events);
                head = Some(range);
            }
            other => {
                if matches!(other, Event::Start(Tag::Paragraph)) {
                    loose = true;
                }
                if let Some(block) = block_from(other, range, events, depth) {
                    body.push(block);
                }
            }
        }
    }
    (Item { span, checked, head, body }, loose)
}

static DETAILS_OPEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<details\b[^>]*>").expect("valid pattern"));
static DETAILS_CLOSE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)</details\s*>").expect("valid pattern"));
static SUMMARY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<summary\b[^>]*>(.*?)</summary\s*>").expect("valid pattern"));
static SUMMARY_OPEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<summary\b[^>]*>").expect("valid pattern"));
static SUMMARY_CLOSE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)</summary\s*>").expect("valid pattern"));
static CODE_SPAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"`+[^`]*`+").expect("valid pattern"));

/// `<details>` opened minus closed in a block (a closing tag may end a
/// list item's last line); tags inside code spans do not count.
fn details_balance(block: &Block, text: &str) -> isize {
    if matches!(block.kind, BlockKind::Code(_)) {
        return 0;
    }
    let html = &text[block.span.clone()];
    if !html.contains('<') {
        return 0;
    }
    let html = if html.contains('`') { CODE_SPAN.replace_all(html, "") } else { std::borrow::Cow::Borrowed(html) };
    DETAILS_OPEN.find_iter(&html).count() as isize - DETAILS_CLOSE.find_iter(&html).count() as isize
}

/// A block for the part of an HTML block that shows something, if any.
fn html_remainder(range: Range<usize>, text: &str) -> Option<Block> {
    (range.start < range.end && html_has_text(&text[range.clone()]))
        .then_some(Block { kind: BlockKind::Html, span: range })
}

/// Groups `<details>` … `</details>` into [`BlockKind::Details`] blocks,
/// here and inside list items and other details. A `<details>` that never
/// closes is left as it is, and so is nesting deeper than `MAX_DEPTH`.
fn group_details(blocks: Vec<Block>, text: &str, depth: usize) -> Vec<Block> {
    if depth > MAX_DEPTH {
        return blocks;
    }
    let mut blocks: Vec<Option<Block>> = blocks.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(blocks.len());
    let mut i = 0;
    while i < blocks.len() {
        let Some(mut block) = blocks[i].take() else { break };
        if let BlockKind::List(list) = &mut block.kind {
            for item in &mut list.items {
                item.body = group_details(std::mem::take(&mut item.body), text, depth + 1);
            }
        }
        let open_at = match block.kind {
            BlockKind::Html => DETAILS_OPEN
                .find(&text[block.span.clone()])
                // Only a block that starts with the tag opens a group.
                .filter(|m| text[block.span.start..block.span.start + m.start()].trim().is_empty()),
            _ => None,
        };
        let Some(open_tag) = open_at else {
            out.push(block);
            i += 1;
            continue;
        };
        // Where it closes: the block that brings the balance back to zero.
        let mut balance = details_balance(&block, text);
        let mut close = (balance <= 0).then_some(i);
        for (j, next) in blocks.iter().enumerate().skip(i + 1) {
            if close.is_some() {
                break;
            }
            balance += next.as_ref().map_or(0, |b| details_balance(b, text));
            if balance <= 0 {
                close = Some(j);
            }
        }
        let Some(close) = close else {
            out.push(block);
            i += 1;
            continue;
        };
        let (details, after) = details_from(&block, open_tag.end(), &mut blocks[i + 1..=close], text, depth);
        out.push(details);
        out.extend(after);
        i = close + 1;
    }
    out
}

/// Builds a `<details>` group from its opening block and the blocks up to
/// (and with) the one that closes it; also gives what follows the closing
/// tag in that block.
fn details_from(
    open: &Block,
    tag_len: usize,
    rest: &mut [Option<Block>],
    text: &str,
    depth: usize,
) -> (Block, Option<Block>) {
    let tag_end = open.span.start + tag_len;
    let last_end = rest.last().and_then(|b| b.as_ref()).map_or(open.span.end, |b| b.span.end);
    let mut summary = None;
    let mut body: Vec<Block> = Vec::new();
    // The parts of blocks that are body: (block index or the open block, from).
    let mut from_open = Some(tag_end);
    if let Some(c) = SUMMARY.captures(&text[tag_end..open.span.end]) {
        let inner = c.get(1).expect("group 1");
        summary = Some(tag_end + inner.start()..tag_end + inner.end());
        from_open = Some(tag_end + c.get(0).expect("match").end());
    } else if let Some(m) = SUMMARY_OPEN.find(&text[tag_end..open.span.end]) {
        // A summary over several blocks (it may hold a list): up to `</summary>`.
        let start = tag_end + m.end();
        let closes =
            rest.iter().position(|b| b.as_ref().is_some_and(|b| SUMMARY_CLOSE.is_match(&text[b.span.clone()])));
        match closes {
            Some(k) => {
                let block = rest[k].take().expect("not taken yet");
                let close_tag = SUMMARY_CLOSE.find(&text[block.span.clone()]).expect("matched above");
                summary = Some(start..block.span.start + close_tag.start());
                for skipped in rest.iter_mut().take(k) {
                    skipped.take();
                }
                rest[k] =
                    Some(Block { kind: BlockKind::Html, span: block.span.start + close_tag.end()..block.span.end });
                from_open = None;
            }
            None => {
                // Never closed: the summary is the rest of its block.
                summary = Some(start..open.span.end);
                from_open = None;
            }
        }
    }
    let single = rest.is_empty();
    let mut after = None;
    let mut pieces: Vec<Block> = Vec::new();
    if let Some(from) = from_open {
        if single {
            let close_tag = DETAILS_CLOSE.find_iter(&text[from..open.span.end]).last();
            let close_at = close_tag.map_or(open.span.end, |m| from + m.start());
            pieces.extend(html_remainder(from..close_at, text));
            if let Some(m) = close_tag {
                after = html_remainder(from + m.end()..open.span.end, text);
            }
        } else {
            pieces.extend(html_remainder(from..open.span.end, text));
        }
    }
    let count = rest.len();
    for (n, slot) in rest.iter_mut().enumerate() {
        let Some(block) = slot.take() else { continue };
        let is_close = n + 1 == count;
        if is_close && matches!(block.kind, BlockKind::Html | BlockKind::Paragraph) {
            let inner = &text[block.span.clone()];
            match DETAILS_CLOSE.find_iter(inner).last() {
                Some(m) => {
                    pieces.extend(html_remainder(block.span.start..block.span.start + m.start(), text));
                    after = html_remainder(block.span.start + m.end()..block.span.end, text);
                }
                None => pieces.push(block),
            }
        } else {
            pieces.push(block);
        }
    }
    body.extend(group_details(pieces, text, depth + 1));
    let end = after.as_ref().map_or(last_end, |a| a.span.start);
    (Block { kind: BlockKind::Details(Details { summary, body }), span: open.span.start..end }, after)
}

static HTML_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)^\s*<h([1-6])\b[^>]*>(.*?)</h([1-6])\s*>").expect("valid pattern"));

/// Reads an HTML block that opens with `<h3>…</h3>` as that heading, and
/// what follows it in the block (the answer, written without a blank line)
/// as a block of its own.
fn html_headings(blocks: Vec<Block>, text: &str) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        if !matches!(block.kind, BlockKind::Html) {
            out.push(block);
            continue;
        }
        let mut start = block.span.start;
        while let Some(c) = HTML_HEADING.captures(&text[start..block.span.end]) {
            let (Some(whole), Some(level), Some(inner), Some(close)) = (c.get(0), c.get(1), c.get(2), c.get(3)) else {
                break;
            };
            if level.as_str() != close.as_str() || inner.as_str().contains('<') && !html_has_text(inner.as_str()) {
                break;
            }
            let level: u8 = level.as_str().parse().unwrap_or(1);
            let heading_start = start + whole.start() + whole.as_str().len() - whole.as_str().trim_start().len();
            out.push(Block {
                kind: BlockKind::Heading { level, text: start + inner.start()..start + inner.end(), numbered: false },
                span: heading_start..start + whole.end(),
            });
            start += whole.end();
        }
        if start == block.span.start {
            out.push(block);
        } else if text[start..block.span.end].chars().any(|c| !c.is_whitespace()) {
            // The rest is Markdown as an author means it (it renders so alone).
            let rest = start + (text[start..block.span.end].len() - text[start..block.span.end].trim_start().len());
            let kind = if text[rest..block.span.end].trim_start().starts_with('<') {
                BlockKind::Html
            } else {
                BlockKind::Paragraph
            };
            out.push(Block { kind, span: rest..block.span.end });
        }
    }
    out
}

/// Replaces each list item that opens with a heading by the heading and
/// the item's other blocks; the other items stay lists.
fn unwrap_heading_items(blocks: Vec<Block>) -> Vec<Block> {
    let opens_with_heading = |item: &Item| {
        item.head.is_none() && matches!(item.body.first(), Some(Block { kind: BlockKind::Heading { .. }, .. }))
    };
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        let BlockKind::List(list) = block.kind else {
            out.push(block);
            continue;
        };
        if !list.items.iter().any(opens_with_heading) {
            out.push(Block { kind: BlockKind::List(list), span: block.span });
            continue;
        }
        let List { ordered, loose, items } = list;
        let mut run: Vec<Item> = Vec::new();
        let flush = |run: &mut Vec<Item>, out: &mut Vec<Block>| {
            if let (Some(first), Some(last)) = (run.first(), run.last()) {
                let span = first.span.start..last.span.end;
                out.push(Block { kind: BlockKind::List(List { ordered, loose, items: std::mem::take(run) }), span });
            }
        };
        for item in items {
            if !opens_with_heading(&item) {
                run.push(item);
                continue;
            }
            flush(&mut run, &mut out);
            for (i, mut inner) in item.body.into_iter().enumerate() {
                if i == 0
                    && let BlockKind::Heading { numbered, .. } = &mut inner.kind
                {
                    *numbered = ordered;
                }
                out.push(inner);
            }
        }
        flush(&mut run, &mut out);
    }
    out
}

fn extend(extent: &mut Option<Range<usize>>, range: &Range<usize>) {
    match extent {
        Some(e) => {
            e.start = e.start.min(range.start);
            e.end = e.end.max(range.end);
        }
        None => *extent = Some(range.clone()),
    }
}

/// The byte extent of the inline content up to the current container's end.
fn inline_extent(events: &mut Events<'_>) -> Option<Range<usize>> {
    let mut extent = None;
    let mut depth = 0usize;
    for (event, range) in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        extend(&mut extent, &range);
    }
    extent
}

/// Consumes events up to the end of the container just started.
fn skip_to_end(events: &mut Events<'_>) {
    let mut depth = 0usize;
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Removes up to `indent` columns of leading spaces from every line after the
/// first, so a nested block's Markdown can be rendered on its own.
pub fn dedent(text: &str, indent: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i == 0 || indent == 0 {
            out.push_str(line);
            continue;
        }
        let mut removed = 0;
        let mut rest = line;
        while removed < indent {
            if let Some(r) = rest.strip_prefix(' ') {
                rest = r;
                removed += 1;
            } else if let Some(r) = rest.strip_prefix('\t') {
                rest = r;
                removed += 4;
            } else {
                break;
            }
        }
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        parse(text)
            .blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { level, text: t, .. } => format!("h{level}:{}", &text[t.clone()]),
                BlockKind::List(l) => format!("list:{}", l.items.len()),
                BlockKind::Code(c) => format!("code:{}", c.lang.as_deref().unwrap_or("")),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn blocks_in_order_with_heading_text() {
        let text = "# Title\n\nIntro.\n\n## `Sec` one\n\n- a\n- b\n\n```py\nx = 1\n```\n";
        assert_eq!(kinds(text), ["h1:Title", "Paragraph", "h2:`Sec` one", "list:2", "code:py"]);
    }

    #[test]
    fn item_head_and_nested_body() {
        let text = "- **Write-through**\n  - every write\n  - fresh reads\n- plain\n";
        let outline = parse(text);
        let BlockKind::List(list) = &outline.blocks[0].kind else { panic!() };
        let head = list.items[0].head.clone().unwrap();
        assert_eq!(&text[head], "**Write-through**");
        assert_eq!(list.items[0].sublists().next().unwrap().items.len(), 2);
        assert!(!list.loose);
    }

    #[test]
    fn front_matter_is_not_content() {
        let outline = parse("---\ndeck: X\n---\n# T\n");
        assert_eq!(outline.front_matter.unwrap().text.trim(), "deck: X");
        assert_eq!(outline.blocks.len(), 1);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = "> ".repeat(5000) + "deep\n" + &"- ".repeat(3000) + "x\n";
        let outline = parse(&text);
        assert!(!outline.blocks.is_empty());
    }

    #[test]
    fn dedent_keeps_first_line() {
        assert_eq!(dedent("- a\n    - b\n  c", 2), "- a\n  - b\nc");
    }
}
