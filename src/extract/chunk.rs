//! Splitting answers that would be too long to learn as one card: blocks
//! become pieces (a list item, a sentence group, a code block…) and pieces
//! are packed into chunks of at most `MAX_LIST_ITEMS` items and about
//! [`SPLIT_PROSE_CHARS`] characters of prose. Code is not counted. An answer
//! never becomes more than [`MAX_PARTS`] parts: past that the limits widen
//! to [`WIDE_LIST_ITEMS`] and [`WIDE_PROSE_CHARS`], and an answer that
//! still does not fit is packed into `MAX_PARTS` anyway and reported —
//! so long an answer means a structure was misread.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::card::MAX_LIST_ITEMS;

/// At most this many rows of a table on one card.
const TABLE_ROWS: usize = 4;
use crate::outline::{Block, BlockKind, Item};
use crate::render;

use super::Doc;

/// The most parts one answer is split into.
pub const MAX_PARTS: usize = 4;
/// List items a part may hold when an answer would not fit `MAX_PARTS`.
pub const WIDE_LIST_ITEMS: usize = 8;
/// Prose a part may hold when an answer would not fit `MAX_PARTS`.
pub const WIDE_PROSE_CHARS: usize = 1500;
/// An answer with more prose than this is split into parts. Higher than
/// the length `check` notes (`MAX_PROSE_CHARS`): a long card is easier to
/// study than a part that makes no sense alone.
const SPLIT_PROSE_CHARS: usize = 1200;
/// A part with at most one item and this much prose is a scrap.
const SCRAP_CHARS: usize = 200;

/// An answer's parts, and how many it would have needed.
#[derive(Debug, Clone, Default)]
pub struct Split {
    pub chunks: Vec<Chunk>,
    /// Parts needed at the wide limits; more than `MAX_PARTS` is reported.
    pub needed: usize,
}

impl Split {
    pub fn is_empty(&self) -> bool {
        self.chunks.iter().all(|c| c.markdown.trim().is_empty())
    }
}

/// One card's worth of answer.
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    pub markdown: String,
    pub covers: Vec<Range<usize>>,
    /// What the chunk starts with, for a later part's front to say what it
    /// asks for.
    pub label: Option<PartLabel>,
}

/// What a later part of an answer holds: the heading or lead-in it opens
/// with ("Good to hear"), or items of a numbered list ("items 4–5").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartLabel {
    Lead(String),
    Items(u32, u32),
}

#[derive(Debug, Clone)]
struct Piece {
    markdown: String,
    items: usize,
    prose: usize,
    covers: Vec<Range<usize>>,
    /// Pieces of one list (or one paragraph) share a group and join tightly.
    group: Option<(usize, &'static str)>,
    is_list: bool,
    lead_in: bool,
    heading: bool,
}

impl Piece {
    fn new(markdown: String, covers: Vec<Range<usize>>) -> Self {
        let measure = render::measure(&markdown);
        Self {
            lead_in: markdown.trim_end().trim_end_matches(['*', '_']).ends_with(':'),
            markdown,
            items: measure.items,
            prose: measure.prose_chars,
            covers,
            group: None,
            is_list: false,
            heading: false,
        }
    }
}

/// Chunks for an answer made of whole blocks.
pub(super) fn answer(doc: Doc<'_>, blocks: &[&Block]) -> Split {
    let mut pieces = Vec::new();
    for block in blocks {
        block_pieces(doc, block, &mut pieces);
    }
    split(pieces)
}

/// Chunks for an answer that starts with text of its own (an item's text,
/// an `A:` paragraph's words) followed by blocks.
pub(super) fn with_body(doc: Doc<'_>, text: &str, body: &[&Block]) -> Split {
    outline(doc, text, body, |_| None)
}

/// [`with_body`], where a list item for which `kept` gives words shows only
/// those (its own words, or its name): the caller makes the item a card of
/// its own.
pub(super) fn outline(doc: Doc<'_>, text: &str, body: &[&Block], kept: impl Fn(&Item) -> Option<String>) -> Split {
    let mut pieces = Vec::new();
    if !text.trim().is_empty() {
        paragraph_pieces(text.to_owned(), Vec::new(), usize::MAX, &mut pieces);
    }
    for block in body {
        match &block.kind {
            BlockKind::List(list) if list.items.iter().any(|item| kept(item).is_some()) => {
                for item in &list.items {
                    if let Some(words) = kept(item) {
                        let marker = if list.ordered { "1." } else { "-" };
                        let mut piece = Piece::new(format!("{marker} {words}"), vec![item.span.clone()]);
                        piece.group = Some((block.span.start, "\n"));
                        piece.is_list = true;
                        piece.items = 1;
                        pieces.push(piece);
                    } else {
                        pieces.push(list_piece(doc, item, block.span.start, false));
                    }
                }
            }
            _ => block_pieces(doc, block, &mut pieces),
        }
    }
    split(pieces)
}

/// Chunks for a selection of a list's items.
pub(super) fn items(doc: Doc<'_>, items: &[&Item], loose: bool) -> Split {
    let pieces = items.iter().map(|item| list_piece(doc, item, 0, loose)).collect();
    split(pieces)
}

/// Packs pieces at the usual limits, then the wide ones, then into
/// `MAX_PARTS` whatever it takes.
fn split(mut pieces: Vec<Piece>) -> Split {
    // A heading with nothing after it (its content was furniture) says nothing.
    while pieces.last().is_some_and(|p| p.heading) {
        pieces.pop();
    }
    let mut chunks = pack(&pieces, MAX_LIST_ITEMS, SPLIT_PROSE_CHARS);
    absorb_scraps(&mut chunks);
    if chunks.len() <= MAX_PARTS {
        let needed = chunks.len();
        return Split { chunks: joined(&chunks), needed };
    }
    let mut chunks = pack(&pieces, WIDE_LIST_ITEMS, WIDE_PROSE_CHARS);
    let needed = chunks.len();
    while chunks.len() > MAX_PARTS {
        // Merge the smallest neighbouring pair.
        let size = |c: &Vec<Piece>| c.iter().map(|p| p.items * 60 + p.prose).sum::<usize>();
        let at = (0..chunks.len() - 1).min_by_key(|&i| size(&chunks[i]) + size(&chunks[i + 1])).unwrap_or(0);
        let next = chunks.remove(at + 1);
        chunks[at].extend(next);
    }
    Split { chunks: joined(&chunks), needed }
}

fn list_piece(doc: Doc<'_>, item: &Item, list_id: usize, loose: bool) -> Piece {
    let mut piece = Piece::new(doc.markdown(item.span.clone()), vec![item.span.clone()]);
    piece.group = Some((list_id, if loose { "\n\n" } else { "\n" }));
    piece.is_list = true;
    piece.lead_in = false;
    piece
}

fn block_pieces(doc: Doc<'_>, block: &Block, pieces: &mut Vec<Piece>) {
    if doc.is_navigation(block) {
        return;
    }
    match &block.kind {
        BlockKind::Details(details) => {
            if let Some(summary) = &details.summary {
                let label = doc.text(summary.clone()).trim();
                if crate::markdown::html_has_text(label) && !crate::classify::is_answer_label(label) {
                    let mut piece =
                        Piece::new(format!("**{}**", crate::markdown::strip_html_tags(label).trim()), Vec::new());
                    piece.lead_in = true;
                    pieces.push(piece);
                }
            }
            for inner in &details.body {
                block_pieces(doc, inner, pieces);
            }
        }
        BlockKind::Heading { .. } => {
            let mut piece = Piece::new(doc.markdown(block.span.clone()), vec![block.span.clone()]);
            piece.lead_in = true;
            piece.heading = true;
            // A heading directly after another ends the first one's content.
            if pieces.last().is_some_and(|p| p.heading) {
                pieces.pop();
            }
            pieces.push(piece);
        }
        BlockKind::List(list) => {
            for item in &list.items {
                let piece = list_piece(doc, item, block.span.start, list.loose);
                if piece.items > MAX_LIST_ITEMS && !item.body.is_empty() {
                    // Too big to learn whole: its words lead, its blocks follow.
                    let head = doc.head(item);
                    if !head.is_empty() {
                        let mut lead = Piece::new(head, vec![item.span.clone()]);
                        lead.lead_in = true;
                        pieces.push(lead);
                    }
                    for inner in &item.body {
                        block_pieces(doc, inner, pieces);
                    }
                } else {
                    pieces.push(piece);
                }
            }
        }
        BlockKind::Paragraph => {
            paragraph_pieces(doc.markdown(block.span.clone()), vec![block.span.clone()], block.span.start, pieces);
        }
        BlockKind::Table => table_pieces(doc.markdown(block.span.clone()), &block.span, pieces),
        // Comments show nothing (`<!-- tags: (javascript) -->`).
        BlockKind::Html if super::is_comment_only(doc.text(block.span.clone())) => {}
        _ => pieces.push(Piece::new(doc.markdown(block.span.clone()), vec![block.span.clone()])),
    }
}

/// A table of more than [`TABLE_ROWS`] rows is learned a few rows at a
/// time, each slice under the header and filling a part of its own.
fn table_pieces(markdown: String, span: &Range<usize>, pieces: &mut Vec<Piece>) {
    let lines: Vec<&str> = markdown.lines().collect();
    let is_rule = |l: &str| l.contains('-') && l.chars().all(|c| " |:-\t".contains(c));
    let rows: Vec<&str> = lines.iter().skip(2).copied().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() < 3 || !is_rule(lines[1]) || rows.len() <= TABLE_ROWS || lines.len() - 2 != rows.len() {
        pieces.push(Piece::new(markdown, vec![span.clone()]));
        return;
    }
    // Even slices: 5 rows give 3 + 2, not 4 + 1.
    let slices = rows.len().div_ceil(TABLE_ROWS);
    for slice in rows.chunks(rows.len().div_ceil(slices)) {
        let mut piece = Piece::new(format!("{}\n{}\n{}", lines[0], lines[1], slice.join("\n")), vec![span.clone()]);
        // A slice fills its part: two never share a card.
        piece.items = MAX_LIST_ITEMS;
        pieces.push(piece);
    }
}

/// A paragraph, cut at sentence ends when it alone is too long.
fn paragraph_pieces(markdown: String, covers: Vec<Range<usize>>, id: usize, pieces: &mut Vec<Piece>) {
    let whole = Piece::new(markdown, covers);
    // A display formula is never cut: half a formula means nothing.
    if whole.prose <= SPLIT_PROSE_CHARS || whole.markdown.contains("$$") || whole.markdown.contains("\\[") {
        pieces.push(whole);
        return;
    }
    let mut current = String::new();
    for sentence in sentences(&whole.markdown) {
        if !current.is_empty() && current.len() + sentence.len() > SPLIT_PROSE_CHARS * 4 / 5 {
            pieces.push(sentence_piece(std::mem::take(&mut current), &whole.covers, id));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(sentence.trim());
    }
    if !current.is_empty() {
        pieces.push(sentence_piece(current, &whole.covers, id));
    }
}

fn sentence_piece(markdown: String, covers: &[Range<usize>], id: usize) -> Piece {
    let mut piece = Piece::new(markdown, covers.to_vec());
    piece.group = Some((id, " "));
    piece
}

/// Splits prose after `.`, `!` or `?` followed by a space, outside code
/// spans and inline math.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            // Inline code and inline math are never cut.
            b'`' | b'$' => in_code = !in_code,
            b'.' | b'!' | b'?' if !in_code => {
                let next = bytes.get(i + 1).copied();
                let after = bytes.get(i + 2).copied();
                if matches!(next, Some(b' ' | b'\n'))
                    && after.is_some_and(|a| a.is_ascii_uppercase() || a == b'`' || a == b'*')
                    && !enumerator_ends_at(text, i)
                {
                    out.push(&text[start..=i]);
                    start = i + 1;
                }
            }
            _ => {}
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Whether the `.` at `dot` ends a line's enumerator (`ii.`, `3.`, `b.`)
/// rather than a sentence: the item's words follow it.
fn enumerator_ends_at(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let start = before.rfind(char::is_whitespace).map_or(0, |at| at + 1);
    let token = &before[start..];
    let at_line_start = before[..start].trim_end_matches([' ', '\t']).is_empty()
        || before[..start].trim_end_matches([' ', '\t']).ends_with('\n');
    let roman = token.len() <= 5 && token.chars().all(|c| "ivxlcdmIVXLCDM".contains(c));
    let numeral = token.len() <= 3 && token.chars().all(|c| c.is_ascii_digit());
    let letter = token.len() == 1 && token.chars().all(|c| c.is_ascii_alphabetic());
    at_line_start && !token.is_empty() && (roman || numeral || letter)
}

/// A part holding one short item or sentence says too little to learn on
/// its own (a one-item tail, an intro line before an example): it joins its
/// neighbour when the two stay within 8 items and 1,500 characters.
fn absorb_scraps(chunks: &mut Vec<Vec<Piece>>) {
    let size = |c: &[Piece]| (c.iter().map(|p| p.items).sum::<usize>(), c.iter().map(|p| p.prose).sum::<usize>());
    let is_scrap = |c: &[Piece]| {
        let (items, prose) = size(c);
        items <= 1 && (1..=SCRAP_CHARS).contains(&prose)
    };
    let fits = |a: &[Piece], b: &[Piece]| {
        let ((ai, ap), (bi, bp)) = (size(a), size(b));
        ai + bi <= WIDE_LIST_ITEMS && ap + bp <= SPLIT_PROSE_CHARS * 5 / 4
    };
    let mut at = 0;
    while chunks.len() > 1 && at < chunks.len() {
        let merge_with = if !is_scrap(&chunks[at]) {
            None
        } else if at > 0 && fits(&chunks[at - 1], &chunks[at]) {
            Some(at - 1)
        } else if at + 1 < chunks.len() && fits(&chunks[at], &chunks[at + 1]) {
            Some(at)
        } else {
            None
        };
        match merge_with {
            Some(first) => {
                let next = chunks.remove(first + 1);
                chunks[first].extend(next);
                at = first;
            }
            None => at += 1,
        }
    }
}

/// Greedy packing; a lead-in (ends with `:`, or a heading) stays with what
/// follows it.
fn pack(pieces: &[Piece], max_items: usize, max_prose: usize) -> Vec<Vec<Piece>> {
    let mut groups: Vec<Vec<Piece>> = Vec::new();
    let mut bound_to_next = false;
    for piece in pieces.iter().cloned() {
        let lead_in = piece.lead_in && !piece.is_list;
        match groups.last_mut() {
            Some(group) if bound_to_next => group.push(piece),
            _ => groups.push(vec![piece]),
        }
        bound_to_next = lead_in;
    }
    let mut chunks: Vec<Vec<Piece>> = Vec::new();
    let (mut items, mut prose) = (0, 0);
    for group in groups {
        let g_items: usize = group.iter().map(|p| p.items).sum();
        let g_prose: usize = group.iter().map(|p| p.prose).sum();
        let fits = items + g_items <= max_items && prose + g_prose <= max_prose;
        match chunks.last_mut() {
            Some(chunk) if fits => chunk.extend(group),
            _ => {
                items = 0;
                prose = 0;
                chunks.push(group);
            }
        }
        items += g_items;
        prose += g_prose;
    }
    chunks
}

fn join(pieces: &[Piece]) -> Chunk {
    let mut chunk = Chunk::default();
    let mut previous: Option<&Piece> = None;
    for piece in pieces {
        if let Some(prev) = previous {
            let separator = match (prev.group, piece.group) {
                (Some((a, sep)), Some((b, _))) if a == b => sep,
                // Two separate lists would merge into one without a break.
                _ if prev.is_list && piece.is_list => "\n\n<!-- -->\n\n",
                _ => "\n\n",
            };
            chunk.markdown.push_str(separator);
        }
        chunk.markdown.push_str(&piece.markdown);
        chunk.covers.extend(piece.covers.iter().cloned());
        previous = Some(piece);
    }
    chunk.label = label(pieces);
    chunk.markdown = without_orphan_closers(&chunk.markdown);
    chunk
}

static CLOSER: LazyLock<Regex> = LazyLock::new(|| crate::classify::regex(r"(?i)</([a-z][a-z0-9]*)\s*>"));

/// Drops closing tags whose element opened outside the chunk (`</b></details>`
/// after the last item of an answer that sat in `<details><b>…`): the HTML
/// never shows them, and the Markdown should not either. Code, fenced or
/// inline, is left as it is (`</List>` in JSX).
fn without_orphan_closers(markdown: &str) -> String {
    if !markdown.contains("</") {
        return markdown.to_owned();
    }
    let mut out = String::with_capacity(markdown.len());
    let mut seen = String::new();
    let mut fence: Option<&str> = None;
    let mut changed = false;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if let Some(open) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            fence = Some(open);
            out.push_str(line);
            continue;
        }
        let mut last = 0;
        for m in CLOSER.captures_iter(line) {
            let whole = m.get(0).expect("match");
            let in_code = line[..whole.start()].matches('`').count() % 2 == 1;
            seen.push_str(&line[last..whole.start()].to_lowercase());
            let name = m[1].to_lowercase();
            let opened = seen
                .match_indices(&format!("<{name}"))
                .filter(|(at, _)| {
                    seen[at + name.len() + 1..].starts_with(|c: char| c == '>' || c == '/' || c.is_whitespace())
                })
                .count();
            let closed = seen.matches(&format!("</{name}")).count();
            if in_code || opened > closed {
                out.push_str(&line[last..whole.end()]);
                seen.push_str(&whole.as_str().to_lowercase());
            } else {
                out.push_str(&line[last..whole.start()]);
                changed = true;
            }
            last = whole.end();
        }
        out.push_str(&line[last..]);
        seen.push_str(&line[last..].to_lowercase());
    }
    if changed { out.trim_end().to_owned() } else { out }
}

/// Joins each chunk; a chunk that continues a list begun in an earlier one
/// is labelled by that list's lead ("Good to hear") when it has one.
fn joined(chunks: &[Vec<Piece>]) -> Vec<Chunk> {
    let all: Vec<&Piece> = chunks.iter().flatten().collect();
    let mut at = 0;
    chunks
        .iter()
        .map(|c| {
            let mut chunk = join(c);
            if chunk.label.is_none()
                && let Some(first) = c.first().filter(|p| p.is_list && p.group.is_some())
            {
                let start = (0..at).rev().take_while(|&i| all[i].group == first.group).last().unwrap_or(at);
                chunk.label = start.checked_sub(1).and_then(|i| lead_label(all[i]));
            }
            at += c.len();
            chunk
        })
        .collect()
}

/// A heading's or a short lead-in's words.
fn lead_label(piece: &Piece) -> Option<PartLabel> {
    if !(piece.heading || (piece.lead_in && !piece.is_list)) {
        return None;
    }
    let text = piece.markdown.trim().trim_start_matches('#').trim();
    let text = crate::classify::unwrap_emphasis(text).trim_end_matches([':', '：', ',', '-', '—', ' ']);
    let text = crate::classify::unwrap_emphasis(text.trim());
    (!text.is_empty() && text.chars().count() <= 80 && !text.contains('\n')).then(|| PartLabel::Lead(text.to_owned()))
}

/// The label of a chunk: the heading or short lead-in it opens with, or
/// the numbers of the ordered list items it holds.
fn label(pieces: &[Piece]) -> Option<PartLabel> {
    let first = pieces.first()?;
    if first.heading || (first.lead_in && !first.is_list) {
        return lead_label(first);
    }
    let number = |p: &Piece| -> Option<u32> {
        let t = p.markdown.trim_start();
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        t[digits.len()..].starts_with(['.', ')']).then(|| digits.parse().ok()).flatten()
    };
    let start = number(first).filter(|&n| n > 1 && first.is_list)?;
    let end = pieces.iter().take_while(|p| p.group == first.group).filter_map(number).last()?;
    (end >= start).then_some(PartLabel::Items(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_outside_code() {
        assert_eq!(sentences("One. Two `a. B` three! Four"), ["One.", " Two `a. B` three!", " Four"]);
        assert_eq!(sentences("Let $x. Y$ be. Then"), ["Let $x. Y$ be.", " Then"]);
    }

    #[test]
    fn closing_tags_without_their_opening_are_dropped() {
        assert_eq!(without_orphan_closers("- last item\n</b></details>"), "- last item");
        assert_eq!(without_orphan_closers("one<br>two</b>"), "one<br>two");
        let jsx = "```jsx\n<List>\n  <li>a</li>\n</List>\n```";
        assert_eq!(without_orphan_closers(jsx), jsx, "code keeps its tags");
        assert_eq!(without_orphan_closers("Close it with `</div>`."), "Close it with `</div>`.");
        assert_eq!(without_orphan_closers("<b>kept</b> and <code>x</code>"), "<b>kept</b> and <code>x</code>");
    }

    #[test]
    fn a_line_enumerator_is_no_sentence_end() {
        assert_eq!(
            sentences("Types: </br>\ni. *Simple:* atomic. </br>\nii. Composite. In 2018. Then"),
            ["Types: </br>\ni. *Simple:* atomic. </br>\nii. Composite.", " In 2018.", " Then"]
        );
    }
}
