//! The blocks directly under a non-question heading: explicit `Q:`/`A:`
//! cards, cloze paragraphs, bold question paragraphs, lead-in sentences,
//! lists (R2–R4), code (R5–R6) and leftover prose.

use crate::card::{CardKind, MAX_LIST_ITEMS};
use crate::classify::{self, TermStyle};
use crate::outline::{Block, BlockKind, Item, List};

use super::{Entry, Extractor, Scope, chunk, code};

/// A paragraph longer than this is prose, not a lead-in or a question.
const SHORT_PARAGRAPH: usize = 300;

pub(super) fn run<'a>(ex: &mut Extractor<'a>, entries: &[Entry<'a>], scope: &Scope) {
    let mut prose: Vec<&'a Block> = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let entry = &entries[i];
        let block = entry.block;
        let is_prose = match &block.kind {
            BlockKind::Paragraph => paragraph_role(ex, entries, i) == Role::Prose,
            BlockKind::Table | BlockKind::Quote | BlockKind::Html | BlockKind::Footnote | BlockKind::Opaque => true,
            _ => false,
        };
        if is_prose {
            if entry.pin.is_some() {
                flush_prose(ex, &mut prose, scope);
                ex.pending_pin = entry.pin.clone();
            }
            prose.push(block);
            i += 1;
            continue;
        }
        flush_prose(ex, &mut prose, scope);
        if entry.pin.is_some() {
            ex.pending_pin = entry.pin.clone();
        }
        i += match &block.kind {
            BlockKind::Paragraph => paragraph(ex, entries, i, scope),
            BlockKind::List(list) => {
                list_cards(ex, list, None, scope);
                1
            }
            BlockKind::Code(c) => {
                code::code_cards(ex, block, c, None, scope);
                1
            }
            _ => 1,
        };
    }
    flush_prose(ex, &mut prose, scope);
}

#[derive(Debug, PartialEq, Eq)]
enum Role {
    Explicit,
    Cloze,
    /// Lines that are each `TERM - text`, written without bullets.
    Definitions,
    Question,
    LeadIn,
    Prose,
}

fn paragraph_role(ex: &Extractor<'_>, entries: &[Entry<'_>], i: usize) -> Role {
    let text = ex.doc.text(entries[i].block.span.clone()).trim();
    let next = entries.get(i + 1).map(|e| &e.block.kind);
    if let Some(('Q', _)) = classify::explicit_prefix(text) {
        return Role::Explicit;
    }
    if !classify::cloze_numbers(text).is_empty() {
        return Role::Cloze;
    }
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() >= 2 && lines.iter().all(|line| classify::definition(line).is_some()) {
        return Role::Definitions;
    }
    let short = text.len() <= SHORT_PARAGRAPH && !text.contains("\n\n");
    let answerable = matches!(
        next,
        Some(BlockKind::List(_) | BlockKind::Code(_) | BlockKind::Table | BlockKind::Quote | BlockKind::Paragraph)
    );
    if short && answerable && classify::is_question(text) && !text.trim_end().ends_with(':') {
        let next_is_question = entries
            .get(i + 1)
            .filter(|e| matches!(e.block.kind, BlockKind::Paragraph))
            .is_some_and(|e| classify::is_question(ex.doc.text(e.block.span.clone())));
        if !next_is_question {
            return Role::Question;
        }
    }
    if short && text.ends_with(':') && matches!(next, Some(BlockKind::List(_) | BlockKind::Code(_))) {
        return Role::LeadIn;
    }
    Role::Prose
}

/// Handles the paragraph at `i`; returns how many entries it used.
fn paragraph<'a>(ex: &mut Extractor<'a>, entries: &[Entry<'a>], i: usize, scope: &Scope) -> usize {
    let block = entries[i].block;
    let text = ex.doc.markdown(block.span.clone());
    let line = ex.doc.line(block.span.start);
    match paragraph_role(ex, entries, i) {
        Role::Explicit => explicit(ex, entries, i, scope),
        Role::Definitions => {
            for (i, entry) in text.lines().enumerate() {
                let Some(def) = classify::definition(entry) else { continue };
                let front = format!("{}: {}", scope.topic, definition_question(def.term, def.style));
                let back = entry.trim().to_owned();
                ex.push(scope, CardKind::Definition, front, back, line + i, vec![block.span.clone()]);
            }
            1
        }
        Role::Cloze => {
            let back = classify::reveal_cloze(&text);
            ex.push(scope, CardKind::Cloze, text, back, line, vec![block.span.clone()]);
            1
        }
        Role::Question => {
            let mut body = Vec::new();
            let mut j = i + 1;
            while let Some(entry) = entries.get(j) {
                let ends = entry.pin.is_some()
                    || (matches!(entry.block.kind, BlockKind::Paragraph)
                        && paragraph_role(ex, entries, j) != Role::Prose
                        && paragraph_role(ex, entries, j) != Role::LeadIn);
                if ends {
                    break;
                }
                body.push(entry.block);
                j += 1;
            }
            let front = classify::strip_label(&text).1.to_owned();
            let chunks = chunk::answer(ex.doc, &body);
            let mut covers = vec![block.span.clone()];
            covers.extend(body.iter().map(|b| b.span.clone()));
            ex.push_parts(scope, CardKind::Question, &front, chunks, line, covers, true);
            for b in &body {
                if let BlockKind::Code(c) = &b.kind {
                    code::output_cards(ex, c, scope);
                }
            }
            j - i
        }
        Role::LeadIn => {
            let next = entries[i + 1].block;
            match &next.kind {
                BlockKind::List(list) => list_cards(ex, list, Some(block), scope),
                BlockKind::Code(c) => code::code_cards(ex, next, c, Some(block), scope),
                _ => unreachable!("lead-ins precede lists and code"),
            }
            2
        }
        Role::Prose => unreachable!("prose paragraphs are gathered by the caller"),
    }
}

/// R7: `Q: …` then `A: …` (same paragraph or the next), plus any list,
/// code or table right after the answer.
fn explicit<'a>(ex: &mut Extractor<'a>, entries: &[Entry<'a>], i: usize, scope: &Scope) -> usize {
    let block = entries[i].block;
    let text = ex.doc.markdown(block.span.clone());
    let line = ex.doc.line(block.span.start);
    let (_, question) = classify::explicit_prefix(&text).expect("role checked the prefix");
    let mut covers = vec![block.span.clone()];
    let mut used = 1;
    let (front, mut back) = match split_inline_answer(question) {
        Some((q, a)) => (q.to_owned(), vec![a.to_owned()]),
        None => {
            let answer = entries.get(i + 1).filter(|e| matches!(e.block.kind, BlockKind::Paragraph)).and_then(|e| {
                let md = ex.doc.markdown(e.block.span.clone());
                match classify::explicit_prefix(&md) {
                    Some(('A', a)) => Some((a.to_owned(), e.block.span.clone())),
                    _ => None,
                }
            });
            match answer {
                Some((a, span)) => {
                    covers.push(span);
                    used += 1;
                    (question.to_owned(), vec![a])
                }
                None => {
                    ex.notice(block.span.start, "`Q:` paragraph has no `A:` answer after it".to_owned());
                    let text = text.clone();
                    ex.push(scope, CardKind::Note, explain_front(scope), text, line, covers);
                    return 1;
                }
            }
        }
    };
    while let Some(entry) = entries.get(i + used) {
        if entry.pin.is_some()
            || !matches!(
                entry.block.kind,
                BlockKind::List(_) | BlockKind::Code(_) | BlockKind::Table | BlockKind::Quote
            )
        {
            break;
        }
        back.push(ex.doc.markdown(entry.block.span.clone()));
        covers.push(entry.block.span.clone());
        used += 1;
    }
    let card = ex.card(scope, CardKind::Explicit, front, back.join("\n\n"), line, covers, true);
    ex.cards.push(card);
    used
}

/// `Q: question\nA: answer` written as one paragraph.
fn split_inline_answer(text: &str) -> Option<(&str, &str)> {
    let at = text.find("\nA:").or_else(|| text.find("\n**A:**"))?;
    let (q, rest) = text.split_at(at);
    let (_, a) = classify::explicit_prefix(rest.trim_start())?;
    Some((q.trim(), a))
}

fn explain_front(scope: &Scope) -> String {
    format!("Explain: {}", scope.topic)
}

/// Prose no other rule took becomes an "explain" card, split when long.
fn flush_prose(ex: &mut Extractor<'_>, prose: &mut Vec<&Block>, scope: &Scope) {
    if prose.is_empty() {
        return;
    }
    let blocks = std::mem::take(prose);
    let line = ex.doc.line(blocks[0].span.start);
    let chunks = chunk::answer(ex.doc, &blocks);
    let front = ex.unique_front(explain_front(scope));
    ex.push_parts(scope, CardKind::Note, &front, chunks, line, Vec::new(), true);
}

/// R2–R4 for a list outside a question's answer.
fn list_cards<'a>(ex: &mut Extractor<'a>, list: &'a List, lead_in: Option<&'a Block>, scope: &Scope) {
    let lead_text = lead_in.map(|b| ex.doc.markdown(b.span.clone()));
    let prefix = match &lead_text {
        Some(text) => text.trim_end().trim_end_matches(':').trim_end().to_owned(),
        None => scope.topic.trim_end().trim_end_matches(':').to_owned(),
    };
    let lead_cover: Vec<_> = lead_in.map(|b| b.span.clone()).into_iter().collect();
    let heads: Vec<String> = list.items.iter().map(|item| ex.doc.head(item)).collect();
    // Each head is read as a definition once, here (a regex match apiece).
    let definitions: Vec<Option<classify::Definition<'_>>> = heads.iter().map(|h| classify::definition(h)).collect();
    let definitions_are_cards = definitions.iter().flatten().count() * 2 >= list.items.len();
    let mut plain: Vec<&Item> = Vec::new();
    let mut lead_used = false;
    for ((item, head), definition) in list.items.iter().zip(&heads).zip(&definitions) {
        let line = ex.doc.line(item.span.start);
        let mut covers = vec![item.span.clone()];
        if !lead_used {
            covers.extend(lead_cover.iter().cloned());
        }
        let body = ex.doc.body(item);
        if !classify::cloze_numbers(head).is_empty() {
            let text = ex.doc.markdown(item.head.clone().unwrap_or(item.span.clone()));
            let back = classify::reveal_cloze(&text);
            let front = if body.is_empty() { text } else { format!("{text}\n\n{body}") };
            ex.push(scope, CardKind::Cloze, front, back, line, covers);
        } else if let Some(def) = definition.as_ref().filter(|_| definitions_are_cards) {
            let front = format!("{prefix}: {}", definition_question(def.term, def.style));
            // The back restates the whole item: term and explanation read together.
            let chunks = chunk::with_body(ex.doc, head, &item.body);
            ex.push_parts(scope, CardKind::Definition, &front, chunks, line, covers, false);
        } else if classify::is_question(head) && !item.body.is_empty() {
            let front = classify::strip_label(head).1.to_owned();
            let chunks = chunk::answer(ex.doc, &item.body.iter().collect::<Vec<_>>());
            ex.push_parts(scope, CardKind::Question, &front, chunks, line, covers, true);
        } else if item.sublists().next().is_some() {
            let label = head.trim_end_matches(':');
            let front = format!("{prefix} › {label}: key points?");
            let chunks = chunk::answer(ex.doc, &item.body.iter().collect::<Vec<_>>());
            ex.push_parts(scope, CardKind::Topic, &front, chunks, line, covers, false);
        } else {
            plain.push(item);
            continue;
        }
        lead_used = true;
    }
    if plain.is_empty() {
        return;
    }
    let count = plain.len();
    if count > MAX_LIST_ITEMS {
        ex.notice(
            plain[0].span.start,
            format!("list of {count} items is hard to learn as one card; it was split (consider grouping it)"),
        );
    }
    let what = if plain.len() < list.items.len() {
        format!("name the other {count} points")
    } else if list.ordered {
        format!("name all {count}, in order")
    } else {
        format!("name all {count}")
    };
    let front = format!("{prefix}: {what}.");
    let chunks = chunk::items(ex.doc, &plain, list.loose);
    let line = ex.doc.line(plain[0].span.start);
    let covers = if lead_used { Vec::new() } else { lead_cover };
    ex.push_parts(scope, CardKind::List, &front, chunks, line, covers, false);
}

/// "what does `map` do?", "what is **a mutex**?", "what are **daemon threads**?"
fn definition_question(term: &str, style: TermStyle) -> String {
    match style {
        TermStyle::Code if term.starts_with(|c: char| c.is_ascii_digit()) => format!("what does `{term}` mean?"),
        TermStyle::Code => format!("what does `{term}` do?"),
        _ if classify::is_plural(term) => format!("what are **{term}**?"),
        _ => format!("what is **{term}**?"),
    }
}
