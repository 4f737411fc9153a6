//! Regrouping: takes the blocks CommonMark gives, gives them as real guides
//! mean them — `<details>` … `</details>` as one block with its summary,
//! `<h3>…</h3>` HTML as a heading, and a list item that opens with a
//! heading (`1. ### What is X?`) as that heading and the item's blocks.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::markdown::html_has_text;

use super::{Block, BlockKind, Details, Item, List, MAX_DEPTH};

static DETAILS_OPEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<details\b[^>]*>").expect("valid pattern"));
static DETAILS_CLOSE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)</details\s*>").expect("valid pattern"));
static SUMMARY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<summary\b[^>]*>(.*?)</summary\s*>").expect("valid pattern"));
static SUMMARY_OPEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<summary\b[^>]*>").expect("valid pattern"));
static SUMMARY_CLOSE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)</summary\s*>").expect("valid pattern"));
static CODE_SPAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"`+[^`]*`+").expect("valid pattern"));

/// Each `<details>` (+1) and `</details>` (-1) in `html`, in order; tags
/// inside code spans do not count.
fn details_tags(html: &str) -> Vec<(regex::Match<'_>, isize)> {
    if !html.contains('<') {
        return Vec::new();
    }
    let spans: Vec<Range<usize>> =
        if html.contains('`') { CODE_SPAN.find_iter(html).map(|m| m.range()).collect() } else { Vec::new() };
    let outside = |m: &regex::Match<'_>| !spans.iter().any(|s| s.contains(&m.start()));
    let mut tags: Vec<(regex::Match<'_>, isize)> = DETAILS_OPEN
        .find_iter(html)
        .filter(outside)
        .map(|m| (m, 1))
        .chain(DETAILS_CLOSE.find_iter(html).filter(outside).map(|m| (m, -1)))
        .collect();
    tags.sort_by_key(|(m, _)| m.start());
    tags
}

/// `<details>` opened minus closed in a block (a closing tag may end a
/// list item's last line).
fn details_balance(block: &Block, text: &str) -> isize {
    if matches!(block.kind, BlockKind::Code(_)) {
        return 0;
    }
    details_tags(&text[block.span.clone()]).iter().map(|(_, step)| step).sum()
}

/// The `</details>` in `html` that closes the group open when it starts
/// (`open` groups deep): where the count of open tags comes back to zero.
fn closing_tag(html: &str, open: isize) -> Option<regex::Match<'_>> {
    let mut depth = open;
    details_tags(html).into_iter().find_map(|(m, step)| {
        depth += step;
        (step < 0 && depth <= 0).then_some(m)
    })
}

/// What follows a closing `</details>` in its block: kept when it shows
/// something or opens the next group.
fn what_follows(range: Range<usize>, text: &str) -> Option<Block> {
    let opens = DETAILS_OPEN.is_match(&text[range.clone()]);
    if opens && range.start < range.end {
        return Some(Block { kind: BlockKind::Html, span: range });
    }
    html_remainder(range, text)
}

/// A block for the part of an HTML block that shows something, if any.
fn html_remainder(range: Range<usize>, text: &str) -> Option<Block> {
    (range.start < range.end && html_has_text(&text[range.clone()]))
        .then_some(Block { kind: BlockKind::Html, span: range })
}

/// Groups `<details>` … `</details>` into [`BlockKind::Details`] blocks,
/// here and inside list items and other details. A `<details>` that never
/// closes is left as it is, and so is nesting deeper than `MAX_DEPTH`.
pub(super) fn group_details(blocks: Vec<Block>, text: &str, depth: usize) -> Vec<Block> {
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
        // A bare `<details>` left at the end of a paragraph, its summary
        // opening the next block: one block from the tag on.
        let bare = text[block.span.start + open_tag.end()..block.span.end].trim().is_empty();
        if bare
            && let Some(next) = blocks.get(i + 1).and_then(Option::as_ref)
            && SUMMARY_OPEN
                .find(&text[next.span.clone()])
                .is_some_and(|m| text[next.span.start..next.span.start + m.start()].trim().is_empty())
        {
            let span = block.span.start..next.span.end;
            blocks[i + 1] = Some(Block { kind: BlockKind::Html, span });
            i += 1;
            continue;
        }
        // Where it closes: the block holding the `</details>` that brings
        // the count of open tags back to zero (maybe this very block, when
        // `</details><details>` glue groups together).
        let after_tag = &text[block.span.start + open_tag.end()..block.span.end];
        let mut close = closing_tag(after_tag, 1).map(|_| i);
        // How deep the groups are open where each following block starts.
        let mut open = details_balance(&block, text);
        for (j, next) in blocks.iter().enumerate().skip(i + 1) {
            if close.is_some() {
                break;
            }
            let Some(next) = next.as_ref().filter(|b| !matches!(b.kind, BlockKind::Code(_))) else { continue };
            if closing_tag(&text[next.span.clone()], open).is_some() {
                close = Some(j);
            } else {
                open += details_balance(next, text);
            }
        }
        let Some(close) = close else {
            out.push(block);
            i += 1;
            continue;
        };
        let (details, after) = details_from(&block, open_tag.end(), &mut blocks[i + 1..=close], open, text, depth);
        out.push(details);
        match after {
            // What follows the closing tag may open the next group
            // (`</details><details>` on one line): it is looked at again.
            Some(after) => {
                blocks[close] = Some(after);
                i = close;
            }
            None => i = close + 1,
        }
    }
    out
}

/// Builds a `<details>` group from its opening block and the blocks up to
/// (and with) the one that closes it, where the groups are `open_at_last`
/// deep; also gives what follows the closing tag in that block.
fn details_from(
    open: &Block,
    tag_len: usize,
    rest: &mut [Option<Block>],
    open_at_last: isize,
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
            let close_tag = closing_tag(&text[from..open.span.end], 1);
            let close_at = close_tag.map_or(open.span.end, |m| from + m.start());
            pieces.extend(html_remainder(from..close_at, text));
            if let Some(m) = close_tag {
                after = what_follows(from + m.end()..open.span.end, text);
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
            match closing_tag(inner, open_at_last).or_else(|| DETAILS_CLOSE.find_iter(inner).last()) {
                Some(m) => {
                    pieces.extend(html_remainder(block.span.start..block.span.start + m.start(), text));
                    after = what_follows(block.span.start + m.end()..block.span.end, text);
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
pub(super) fn html_headings(blocks: Vec<Block>, text: &str) -> Vec<Block> {
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

/// Pandoc fenced divs (`::: {.definition title="Regular sequence"}` …
/// `:::`): a titled div opens a topic named by its title (a level-6
/// heading), and the fence lines are no content of their own.
pub(super) fn fenced_divs(blocks: Vec<Block>, text: &str) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        if !matches!(block.kind, BlockKind::Paragraph) || !text[block.span.clone()].starts_with(":::") {
            out.push(block);
            continue;
        }
        let span = block.span.clone();
        let first_end = text[span.clone()].find('\n').map_or(span.end, |at| span.start + at);
        let opening = &text[span.start..first_end];
        if let Some(c) = DIV_TITLE.captures(opening)
            && let Some(title) = c.get(1)
        {
            let title = span.start + title.start()..span.start + title.end();
            out.push(Block {
                kind: BlockKind::Heading { level: 6, text: title, numbered: false },
                span: span.start..first_end,
            });
        }
        // The body, without the opening and a closing fence line.
        let start = (first_end + 1).min(span.end);
        let mut end = span.end;
        let body = &text[start..end];
        if is_fence_only(body) {
            end = start;
        } else if let Some(at) = body.trim_end().rfind('\n')
            && is_fence_only(&body[at + 1..])
        {
            end = start + at;
        }
        if text[start..end].chars().any(|c| !c.is_whitespace()) {
            out.push(Block { kind: BlockKind::Paragraph, span: start..end });
        }
    }
    out
}

/// `title="…"` in a fenced div's opening line.
static DIV_TITLE: LazyLock<Regex> =
    LazyLock::new(|| crate::classify::regex(r#"^:{3,}\s*\{[^}]*\btitle\s*=\s*"([^"]+)"[^}]*\}\s*$"#));

fn is_fence_only(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| c == ':')
}

/// Replaces each list item that opens with a heading by the heading and
/// the item's other blocks; the other items stay lists.
pub(super) fn unwrap_heading_items(blocks: Vec<Block>) -> Vec<Block> {
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

/// Splits a paragraph whose lines are labelled questions and their answers
/// (`Q1. …?` / `Ans: …` / `Q2. …?`, written without blank lines) into one
/// paragraph per question; also inside list items and `<details>`.
pub(super) fn split_question_lines(blocks: Vec<Block>, text: &str) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for mut block in blocks {
        match &mut block.kind {
            BlockKind::Paragraph => {
                out.extend(
                    question_runs(&block.span, text).into_iter().map(|span| Block { kind: BlockKind::Paragraph, span }),
                );
                continue;
            }
            BlockKind::List(list) => {
                for item in &mut list.items {
                    item.body = split_question_lines(std::mem::take(&mut item.body), text);
                }
            }
            BlockKind::Details(details) => details.body = split_question_lines(std::mem::take(&mut details.body), text),
            _ => {}
        }
        out.push(block);
    }
    out
}

/// The paragraph at `span`, cut before each line after the first that
/// starts with a question label, when its first line starts with one too.
fn question_runs(span: &Range<usize>, text: &str) -> Vec<Range<usize>> {
    let labelled = |line: &str| crate::classify::strip_label(line).0 == crate::classify::Label::Question;
    let paragraph = &text[span.clone()];
    if !paragraph.lines().next().is_some_and(labelled) {
        return vec![span.clone()];
    }
    let mut cuts = vec![span.start];
    let mut at = span.start;
    for line in paragraph.split_inclusive('\n') {
        if at > span.start && labelled(line) {
            cuts.push(at);
        }
        at += line.len();
    }
    cuts.push(span.end);
    cuts.windows(2)
        .map(|w| {
            let piece = &text[w[0]..w[1]];
            w[0]..w[0] + piece.trim_end().len()
        })
        .collect()
}
