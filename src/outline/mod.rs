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

use pulldown_cmark::{CodeBlockKind, Event, MetadataBlockKind, OffsetIter, Parser, Tag, TagEnd};

use crate::markdown;

mod regroup;

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
        self.code_block_spans().into_iter().map(|(_, code)| (code.lang.as_deref(), code.code.as_str())).collect()
    }

    /// Every code block, nested ones too, with the block (its span) it is.
    pub fn code_block_spans(&self) -> Vec<(&Block, &Code)> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<(&'a Block, &'a Code)>) {
            for block in blocks {
                match &block.kind {
                    BlockKind::Code(code) => out.push((block, code)),
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
    let blocks = regroup::html_headings(std::mem::take(&mut outline.blocks), text);
    let blocks = regroup::fenced_divs(blocks, text);
    let blocks = regroup::group_details(blocks, text, 0);
    let blocks = regroup::unwrap_heading_items(blocks);
    outline.blocks = regroup::split_question_lines(blocks, text);
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
    inline_extent(events);
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
                // A tab reaches the next stop of 4; what it goes past the
                // indent stays, as spaces (`\t- b` under `* a` is nested).
                removed += 4 - removed % 4;
                out.extend(std::iter::repeat_n(' ', removed.saturating_sub(indent)));
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

    /// Each `<details>` group's summary text, in order.
    fn summaries(text: &str) -> Vec<String> {
        parse(text)
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Details(d) => d.summary.clone().map(|s| text[s].to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn details_glued_on_one_line_are_groups_of_their_own() {
        let text = "<details>\n<summary>A</summary>\none\n<br></details><details>\n<summary>B</summary>\ntwo\n<br></details>\n";
        assert_eq!(summaries(text), ["A", "B"]);
    }

    #[test]
    fn a_details_tag_ending_a_paragraph_opens_the_next_group() {
        // The blank line ends the HTML block: `"None"` starts a paragraph
        // that closes the first group and opens the next.
        let text = "<details>\n<summary>A</summary>\none\n\n\"None\"\n<br></details><details>\n<summary>B</summary>\ntwo\n<br></details>\n";
        assert_eq!(summaries(text), ["A", "B"]);
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

    #[test]
    fn dedent_keeps_what_a_tab_goes_past() {
        assert_eq!(dedent("* a\n\t- b\n\t\t- c\n", 2), "* a\n  - b\n  \t- c\n");
        assert_eq!(dedent("x\n\t- b\n", 4), "x\n- b\n");
    }
}
