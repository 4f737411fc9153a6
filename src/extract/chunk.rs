//! Splitting answers that would be too long to learn as one card: blocks
//! become pieces (a list item, a sentence group, a code block…) and pieces
//! are packed into chunks of at most `MAX_LIST_ITEMS` items and about
//! `MAX_PROSE_CHARS` characters of prose. Code is not counted.

use std::ops::Range;

use crate::card::{MAX_LIST_ITEMS, MAX_PROSE_CHARS};
use crate::outline::{Block, BlockKind, Item};
use crate::render;

use super::Doc;

/// One card's worth of answer.
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    pub markdown: String,
    pub covers: Vec<Range<usize>>,
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
}

impl Piece {
    fn new(markdown: String, covers: Vec<Range<usize>>) -> Self {
        let measure = render::measure(&markdown);
        Self {
            lead_in: markdown.trim_end().ends_with(':'),
            markdown,
            items: measure.items,
            prose: measure.prose_chars,
            covers,
            group: None,
            is_list: false,
        }
    }
}

/// Chunks for an answer made of whole blocks.
pub(super) fn answer(doc: Doc<'_>, blocks: &[&Block]) -> Vec<Chunk> {
    let mut pieces = Vec::new();
    for block in blocks {
        block_pieces(doc, block, &mut pieces);
    }
    pack(pieces)
}

/// Chunks for an item's own text followed by its nested blocks.
pub(super) fn with_body(doc: Doc<'_>, text: &str, body: &[Block]) -> Vec<Chunk> {
    let mut pieces = Vec::new();
    paragraph_pieces(text.to_owned(), Vec::new(), usize::MAX, &mut pieces);
    for block in body {
        block_pieces(doc, block, &mut pieces);
    }
    pack(pieces)
}

/// Chunks for a selection of a list's items.
pub(super) fn items(doc: Doc<'_>, items: &[&Item], loose: bool) -> Vec<Chunk> {
    let pieces = items.iter().map(|item| list_piece(doc, item, 0, loose)).collect();
    pack(pieces)
}

fn list_piece(doc: Doc<'_>, item: &Item, list_id: usize, loose: bool) -> Piece {
    let mut piece = Piece::new(doc.markdown(item.span.clone()), vec![item.span.clone()]);
    piece.group = Some((list_id, if loose { "\n\n" } else { "\n" }));
    piece.is_list = true;
    piece.lead_in = false;
    piece
}

fn block_pieces(doc: Doc<'_>, block: &Block, pieces: &mut Vec<Piece>) {
    match &block.kind {
        BlockKind::List(list) => {
            for item in &list.items {
                pieces.push(list_piece(doc, item, block.span.start, list.loose));
            }
        }
        BlockKind::Paragraph => {
            paragraph_pieces(doc.markdown(block.span.clone()), vec![block.span.clone()], block.span.start, pieces);
        }
        _ => pieces.push(Piece::new(doc.markdown(block.span.clone()), vec![block.span.clone()])),
    }
}

/// A paragraph, cut at sentence ends when it alone is too long.
fn paragraph_pieces(markdown: String, covers: Vec<Range<usize>>, id: usize, pieces: &mut Vec<Piece>) {
    let whole = Piece::new(markdown, covers);
    if whole.prose <= MAX_PROSE_CHARS {
        pieces.push(whole);
        return;
    }
    let mut current = String::new();
    for sentence in sentences(&whole.markdown) {
        if !current.is_empty() && current.len() + sentence.len() > MAX_PROSE_CHARS * 4 / 5 {
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

/// Splits prose after `.`, `!` or `?` followed by a space, outside code spans.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'`' => in_code = !in_code,
            b'.' | b'!' | b'?' if !in_code => {
                let next = bytes.get(i + 1).copied();
                let after = bytes.get(i + 2).copied();
                if matches!(next, Some(b' ' | b'\n'))
                    && after.is_some_and(|a| a.is_ascii_uppercase() || a == b'`' || a == b'*')
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

/// Greedy packing; a lead-in (ends with `:`) stays with what follows it.
fn pack(pieces: Vec<Piece>) -> Vec<Chunk> {
    let mut groups: Vec<Vec<Piece>> = Vec::new();
    let mut bound_to_next = false;
    for piece in pieces {
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
        let fits = items + g_items <= MAX_LIST_ITEMS && prose + g_prose <= MAX_PROSE_CHARS;
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
    chunks.iter().map(|pieces| join(pieces)).collect()
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
    chunk
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_outside_code() {
        assert_eq!(sentences("One. Two `a. B` three! Four"), ["One.", " Two `a. B` three!", " Four"]);
    }
}
