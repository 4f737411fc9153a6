//! The blocks directly under a non-question heading: explicit `Q:`/`A:`
//! cards, cloze paragraphs, bold question paragraphs, `<details>` whose
//! summary asks, lead-in sentences, code (R5–R6) and leftover prose; lists
//! go to [`super::lists`].

use crate::card::CardKind;
use crate::classify::{self, Copula};
use crate::lang::{Arg, Lang};
use crate::outline::{Block, BlockKind, Details, Item};
use crate::render;

use super::lists::{definition_question, list_cards, list_entry, paragraph_answer, question_items, what_is};
use super::question::{self, Question};
use super::{Draft, Entry, Extractor, SHORT_PARAGRAPH, Scope, chunk, code, tables};

pub(super) fn run<'a>(ex: &mut Extractor<'a>, entries: &[Entry<'a>], scope: &Scope) {
    if split_card(ex, entries, scope) {
        return;
    }
    promote_bold_prompts(ex, entries);
    let terms = code::section_terms(ex, entries, scope);
    let mut prose = Prose::default();
    let mut i = 0;
    while i < entries.len() {
        let entry = &entries[i];
        let block = entry.block;
        if ex.doc.is_navigation(block) {
            i += 1;
            continue;
        }
        if let Some((front, lead)) = quoted_question(ex, entries, i) {
            prose.flush(ex, scope);
            i += quoted(ex, entries, i, (front, lead), scope, entry.pin.clone());
            continue;
        }
        if is_labelled_stem(ex, entries, i) {
            // "Вопрос 23. There is a table…" then "How do you do it?": the
            // statement asks with the question.
            prose.flush(ex, scope);
            i += 1 + question_paragraph(ex, entries, i + 1, Some(block), scope, entry.pin.clone());
            continue;
        }
        if is_prose(ex, entries, i) {
            if entry.pin.is_some() {
                prose.flush(ex, scope);
                prose.pin.clone_from(&entry.pin);
            }
            prose.blocks.push(block);
            i += 1;
            continue;
        }
        prose.flush(ex, scope);
        let pin = entry.pin.clone();
        i += match &block.kind {
            BlockKind::Paragraph => paragraph(ex, entries, i, scope, pin, &terms),
            BlockKind::List(list) => list_entry(ex, entries, i, list, scope, pin),
            BlockKind::Code(_) if asks_after_code(ex, entries, i) => {
                // Code, then `问题：…`/`Q:` about it: the code is the question's.
                1 + question_paragraph(ex, entries, i + 1, Some(block), scope, pin)
            }
            BlockKind::Code(c) => {
                code::code_cards(ex, block, c, None, scope, pin, &terms);
                1
            }
            BlockKind::Details(details) => {
                self::details(ex, block, details, scope, pin);
                1
            }
            BlockKind::Table => {
                if let Some(table) = tables::read(ex.doc.text(block.span.clone()), block.span.start) {
                    if tables::is_question_table(&table) {
                        tables::question_cards(ex, block, &table, scope, pin);
                    } else {
                        tables::row_cards(ex, block, &table, scope, pin);
                    }
                }
                1
            }
            _ => 1,
        };
    }
    prose.flush(ex, scope);
}

/// Prose gathered until something else comes, and the identity pinned on it.
#[derive(Debug, Default)]
struct Prose<'a> {
    blocks: Vec<&'a Block>,
    pin: Option<String>,
}

impl Prose<'_> {
    /// Prose no other rule took becomes an "explain" card, split when long.
    fn flush(&mut self, ex: &mut Extractor<'_>, scope: &Scope) {
        if self.blocks.is_empty() {
            return;
        }
        let mut blocks = std::mem::take(&mut self.blocks);
        // A paragraph that defines something is a card of its own.
        blocks.retain(|block| !definition(ex, block, scope, &mut self.pin));
        if blocks.is_empty() {
            return;
        }
        let line = ex.doc.line(blocks[0].span.start);
        let split = chunk::answer(ex.doc, &blocks);
        if split.is_empty() {
            return;
        }
        let front = ex.unique_front(explain_front(ex.lang, scope));
        let draft =
            Draft::new(CardKind::Note, front, String::new(), line, Vec::new()).pinned(self.pin.take()).authored();
        ex.emit_parts(scope, draft, split);
    }
}

/// Among bold paragraphs alone on their line that introduce content, when
/// most ask a question, the others ("**Bias-variance trade-off**") are
/// prompts of the same kind.
fn promote_bold_prompts(ex: &mut Extractor<'_>, entries: &[Entry<'_>]) {
    let prompts: Vec<(usize, bool)> = entries
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            matches!(e.block.kind, BlockKind::Paragraph)
                && entries.get(i + 1).is_some_and(|n| !matches!(n.block.kind, BlockKind::Heading { .. }))
        })
        .filter_map(|(_, e)| {
            let text = ex.doc.text(e.block.span.clone()).trim();
            let bare = classify::unwrap_emphasis(text);
            let bold = bare.len() < text.len() && !bare.contains('\n') && text.len() <= SHORT_PARAGRAPH;
            // `4- ES6 features` among `3- What is hoisting?`: numbered prompts.
            let dash_numbered =
                classify::is_dash_numbered(text) && !text.contains('\n') && text.len() <= SHORT_PARAGRAPH;
            (bold || dash_numbered).then(|| (e.block.span.start, classify::is_question(text)))
        })
        .collect();
    let questions = prompts.iter().filter(|(_, q)| *q).count();
    if prompts.len() >= 4 && questions * 4 >= prompts.len() * 3 {
        ex.promoted.extend(prompts.iter().filter(|(_, q)| !q).map(|(start, _)| *start));
    }
}

/// A section written as one flashcard, its prompt and answer split by a
/// line holding only `%` (mdanki's notes): one card. Says whether it was.
fn split_card<'a>(ex: &mut Extractor<'a>, entries: &[Entry<'a>], scope: &Scope) -> bool {
    let is_split = |e: &Entry<'_>| question::ends_prompt(ex.doc, e.block);
    let Some(at) = entries.iter().position(is_split) else { return false };
    let prompt: Vec<&Block> = entries[..at].iter().map(|e| e.block).filter(|b| !ex.doc.is_navigation(b)).collect();
    if prompt.is_empty() || entries[at + 1..].iter().any(is_split) {
        return false;
    }
    let front = prompt.iter().map(|b| ex.doc.markdown(b.span.clone())).collect::<Vec<_>>().join("\n\n");
    let mut covers: Vec<_> = prompt.iter().map(|b| b.span.clone()).collect();
    covers.push(entries[at].block.span.clone());
    let line = ex.doc.line(prompt[0].span.start);
    let body: Vec<&Block> = entries[at + 1..].iter().map(|e| e.block).collect();
    let pin = entries[0].pin.clone();
    let question = Question { front: question::clean(&front), line, covers, pin };
    if !question::card(ex, scope, question, String::new(), &body) {
        ex.notice(entries[at].block.span.start, "no-answer", "nothing after the `%` that ends the prompt".to_owned());
    }
    true
}

/// A quoted question (`> Why is UDP preferred for video?`) over its answer:
/// a labelled one (`**Answer:** …`), or, when the quote ends in a question
/// mark, the prose, list or code under it. Gives the question without its
/// quote marks.
fn quoted_question(ex: &Extractor<'_>, entries: &[Entry<'_>], i: usize) -> Option<(String, String)> {
    let block = entries[i].block;
    if !matches!(block.kind, BlockKind::Quote) {
        return None;
    }
    let markdown = ex.doc.markdown(block.span.clone());
    let lines: Vec<&str> = markdown.lines().map(|l| l.trim_start().strip_prefix('>').unwrap_or(l).trim()).collect();
    // `> **Q:** …` and `> **A:** …` in one quote: the question and its answer.
    let quoted = lines.join("\n");
    if let Some(('Q', asked)) = classify::explicit_prefix(&quoted)
        && let Some((q, a)) = split_inline_answer(asked)
    {
        return Some((question::clean(q), a.trim().to_owned()));
    }
    let asked = question::clean(lines.join(" ").trim());
    if asked.len() > SHORT_PARAGRAPH || !classify::is_question(&asked) {
        return None;
    }
    let next = entries.get(i + 1).filter(|next| next.pin.is_none() && !ex.doc.is_navigation(next.block))?;
    let text = ex.doc.markdown(next.block.span.clone());
    let labelled = matches!(next.block.kind, BlockKind::Paragraph) && question::answer_text(&text).is_some();
    let answers = match next.block.kind {
        BlockKind::Paragraph => !classify::is_question(&text) && classify::explicit_prefix(&text).is_none(),
        BlockKind::List(_) | BlockKind::Code(_) | BlockKind::Table => true,
        _ => false,
    };
    (labelled || asked.trim_end().ends_with(['?', '？']) && answers).then_some((asked, String::new()))
}

/// A quoted question (see [`quoted_question`]) and its answer; returns how
/// many entries from `i` it used.
fn quoted<'a>(
    ex: &mut Extractor<'a>,
    entries: &[Entry<'a>],
    i: usize,
    (front, lead): (String, String),
    scope: &Scope,
    pin: Option<String>,
) -> usize {
    let block = entries[i].block;
    // An answer given in the quote is whole.
    let end = if lead.is_empty() { answer_end(ex, entries, i + 1) } else { i + 1 };
    let body: Vec<&Block> = entries[i + 1..end].iter().map(|e| e.block).collect();
    let question = Question { front, line: ex.doc.line(block.span.start), covers: vec![block.span.clone()], pin };
    question::card(ex, scope, question, lead, &body);
    end - i
}

/// A paragraph labelled as a question ("Вопрос 23.", "Question 4:") that
/// states rather than asks, right before the paragraph that asks. One
/// that asks on its first line and answers on the next (`Q1. …?` then
/// `Ans: …`) is a question and answer of its own.
fn is_labelled_stem(ex: &Extractor<'_>, entries: &[Entry<'_>], i: usize) -> bool {
    let block = entries[i].block;
    if !matches!(block.kind, BlockKind::Paragraph) {
        return false;
    }
    let text = ex.doc.text(block.span.clone());
    let (label, rest) = classify::strip_label(text);
    label == classify::Label::Question
        && !rest.is_empty()
        && !classify::is_question(rest)
        && paragraph_answer(text).is_none()
        && entries.get(i + 1).is_some_and(|next| {
            matches!(next.block.kind, BlockKind::Paragraph)
                && next.pin.is_none()
                && paragraph_role(ex, entries, i + 1) == Role::Question
        })
}

fn is_prose(ex: &Extractor<'_>, entries: &[Entry<'_>], i: usize) -> bool {
    match &entries[i].block.kind {
        BlockKind::Paragraph => paragraph_role(ex, entries, i) == Role::Prose,
        // A table of rows is learned row by row (or cell by cell); one
        // row is a sentence.
        BlockKind::Table => {
            let block = entries[i].block;
            tables::read(ex.doc.text(block.span.clone()), block.span.start)
                .is_none_or(|t| !tables::is_question_table(&t) && !tables::has_rows(&t))
        }
        BlockKind::Quote | BlockKind::Html | BlockKind::Footnote | BlockKind::Opaque => true,
        // One plain item is a sentence, not a list to name ("name all 1").
        BlockKind::List(list) => list.items.len() == 1 && is_plain_item(ex, &list.items[0]),
        _ => false,
    }
}

fn is_plain_item(ex: &Extractor<'_>, item: &Item) -> bool {
    let head = ex.doc.head(item);
    classify::cloze_numbers(&head).is_empty()
        && classify::definition(&head).is_none()
        && !classify::is_question(&head)
        && !(ex.question_bank && classify::reading(&head) >= classify::Reading::Task)
        && item.sublists().next().is_none()
}

#[derive(Debug, PartialEq, Eq)]
enum Role {
    Explicit,
    Cloze,
    /// Lines that are each `TERM - text`, written without bullets.
    Definitions,
    /// Lines that are each a question and its answer.
    QuestionLines,
    /// `**Problem:**` (`**Hint:**`) `**Solution:**` lines, one exercise after another.
    Exercises,
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
    if exercises(text).is_some() {
        return Role::Exercises;
    }
    // Lines that are each a question and its answer (`Capital of Peru? : Lima`).
    if lines.len() >= 2
        && lines.iter().all(|line| classify::split_qa(line).is_some_and(|(q, _)| classify::is_question(q)))
    {
        return Role::QuestionLines;
    }
    // `Q3. What does cd - do?` over `Ans: …` is no pair of terms.
    let labelled = |line: &&str| {
        classify::strip_label(line).0 == classify::Label::Question || classify::explicit_prefix(line).is_some()
    };
    if lines.len() >= 2 && !lines.iter().any(labelled) && lines.iter().all(|line| classify::definition(line).is_some())
    {
        return Role::Definitions;
    }
    let short = text.len() <= SHORT_PARAGRAPH && !text.contains("\n\n");
    let answerable = matches!(
        next,
        Some(
            BlockKind::List(_)
                | BlockKind::Code(_)
                | BlockKind::Table
                | BlockKind::Quote
                | BlockKind::Paragraph
                | BlockKind::Details(_)
                | BlockKind::Html
        )
    );
    let bare = classify::unwrap_emphasis(text);
    if paragraph_answer(text).is_some_and(|(question, _)| question.len() <= SHORT_PARAGRAPH) {
        return Role::Question;
    }
    let asks = classify::is_question(text) || ex.promoted.contains(&entries[i].block.span.start);
    // A labelled question (`Question:`, `Вопрос 3.`) may run long or end in `:`.
    let labelled = classify::strip_label(text).0 == classify::Label::Question;
    let short_enough = if labelled { text.len() <= SHORT_PARAGRAPH * 5 && !text.contains("\n\n") } else { short };
    if short_enough && answerable && asks && (labelled || !bare.trim_end().ends_with(':')) {
        let next_is_question =
            entries.get(i + 1).filter(|e| matches!(e.block.kind, BlockKind::Paragraph)).is_some_and(|e| {
                classify::is_question(ex.doc.text(e.block.span.clone())) || ex.promoted.contains(&e.block.span.start)
            });
        if !next_is_question {
            return Role::Question;
        }
    }
    // A lead-in over page furniture ("List of available languages:" over
    // links to translations) introduces nothing to learn.
    let next_is_content = entries.get(i + 1).is_some_and(|e| !ex.doc.is_navigation(e.block));
    if short && is_lead_in(text) && next_is_content && matches!(next, Some(BlockKind::List(_) | BlockKind::Code(_))) {
        return Role::LeadIn;
    }
    Role::Prose
}

/// A sentence ending in `:`, or a bold label alone on its line (`**Storage:**`,
/// `**Storage**`), that introduces what follows.
fn is_lead_in(text: &str) -> bool {
    let bare = classify::unwrap_emphasis(text);
    bare.trim_end().ends_with([':', '：']) || (bare.len() < text.len() && !bare.contains('\n') && bare.len() <= 80)
}

/// Handles the paragraph at `i`; returns how many entries it used.
fn paragraph<'a>(
    ex: &mut Extractor<'a>,
    entries: &[Entry<'a>],
    i: usize,
    scope: &Scope,
    pin: Option<String>,
    terms: &[String],
) -> usize {
    let block = entries[i].block;
    let text = ex.doc.markdown(block.span.clone());
    let line = ex.doc.line(block.span.start);
    match paragraph_role(ex, entries, i) {
        Role::Explicit => explicit(ex, entries, i, scope, pin),
        Role::Definitions => {
            let mut pin = pin;
            for (i, entry) in text.lines().enumerate() {
                let Some(def) = classify::definition(entry) else { continue };
                let front = format!("{}: {}", scope.topic, definition_question(ex.lang, &def));
                let back = entry.trim().to_owned();
                let draft = Draft::new(CardKind::Definition, front, back, line + i, vec![block.span.clone()]);
                ex.emit(scope, draft.pinned(pin.take()));
            }
            1
        }
        Role::Exercises => {
            let mut pin = pin;
            for exercise in exercises(&text).unwrap_or_default() {
                let mut front = exercise.problem;
                if let Some(hint) = exercise.hint {
                    front = format!("{front}\n\n{hint}");
                }
                let draft = Draft::new(
                    CardKind::Question,
                    front,
                    exercise.solution,
                    line + exercise.line,
                    vec![block.span.clone()],
                );
                ex.emit(scope, draft.pinned(pin.take()).authored());
            }
            1
        }
        Role::QuestionLines => {
            let mut pin = pin;
            for (i, entry) in text.lines().enumerate() {
                let Some((asked, answer)) = classify::split_qa(entry) else { continue };
                let draft = Draft::new(
                    CardKind::Question,
                    question::clean(asked),
                    answer.to_owned(),
                    line + i,
                    vec![block.span.clone()],
                );
                ex.emit(scope, draft.pinned(pin.take()).authored());
            }
            1
        }
        Role::Cloze => {
            let back = classify::reveal_cloze(&text);
            ex.emit(scope, Draft::new(CardKind::Cloze, text, back, line, vec![block.span.clone()]).pinned(pin));
            1
        }
        Role::Question => question_paragraph(ex, entries, i, None, scope, pin),
        Role::LeadIn => {
            let next = entries[i + 1].block;
            match &next.kind {
                BlockKind::List(list) => {
                    list_cards(ex, list, Some(block), scope, pin);
                }
                BlockKind::Code(c) => code::code_cards(ex, next, c, Some(block), scope, pin, terms),
                _ => unreachable!("lead-ins precede lists and code"),
            }
            2
        }
        Role::Prose => unreachable!("prose paragraphs are gathered by the caller"),
    }
}

/// One exercise of a paragraph of labelled lines.
#[derive(Debug, Default)]
struct Exercise {
    problem: String,
    hint: Option<String>,
    solution: String,
    /// Its first line, counted from the paragraph's.
    line: usize,
}

/// A paragraph of `**Problem:** …`, `**Hint:** …` (optional) and
/// `**Solution:** …` lines (or Exercise/Task and Answer), every problem
/// solved: the exercises, in order. Unlabelled lines go on with the line
/// before them.
fn exercises(text: &str) -> Option<Vec<Exercise>> {
    static LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        classify::regex(
            r"(?i)^(?:\*\*|__)?(problem|exercise|task|задача|题目|hint|подсказка|提示|solution|answer|решение|ответ|答案|解答)\s*\d*\s*(?::\*\*|:__|\*\*:|__:|:|：)\s*",
        )
    });
    let mut found: Vec<Exercise> = Vec::new();
    // Where the line being read goes: 0 problem, 1 hint, 2 solution.
    let mut slot = 0;
    for (n, line) in text.lines().enumerate() {
        let (label, rest) = match LABEL.captures(line.trim()) {
            Some(c) => (Some(c[1].to_lowercase()), line.trim()[c.get(0)?.end()..].trim()),
            None => (None, line.trim()),
        };
        match label.as_deref() {
            Some("problem" | "exercise" | "task" | "задача" | "题目") => {
                found.push(Exercise { problem: rest.to_owned(), line: n, ..Exercise::default() });
                slot = 0;
            }
            Some(other) => {
                let exercise = found.last_mut()?;
                slot = if matches!(other, "hint" | "подсказка" | "提示") { 1 } else { 2 };
                match slot {
                    // The hint keeps its label: the front says it is one.
                    1 => exercise.hint = Some(line.trim().to_owned()),
                    _ => exercise.solution = rest.to_owned(),
                }
            }
            None => {
                let exercise = found.last_mut()?;
                let target = match slot {
                    0 => &mut exercise.problem,
                    1 => exercise.hint.get_or_insert_with(String::new),
                    _ => &mut exercise.solution,
                };
                target.push('\n');
                target.push_str(rest);
            }
        }
    }
    let solved = |e: &Exercise| !e.problem.trim().is_empty() && !e.solution.trim().is_empty();
    (!found.is_empty() && found.iter().all(solved)).then_some(found)
}

/// Whether the code at `i` is followed by a labelled question about it.
fn asks_after_code(ex: &Extractor<'_>, entries: &[Entry<'_>], i: usize) -> bool {
    entries.get(i + 1).is_some_and(|next| {
        next.pin.is_none()
            && matches!(next.block.kind, BlockKind::Paragraph)
            && paragraph_role(ex, entries, i + 1) == Role::Question
            && classify::strip_label(ex.doc.text(next.block.span.clone())).0 == classify::Label::Question
    })
}

/// A question paragraph at `i` (with the code shown before it, if any)
/// and its answer; returns how many entries from `i` it used.
fn question_paragraph<'a>(
    ex: &mut Extractor<'a>,
    entries: &[Entry<'a>],
    i: usize,
    shown: Option<&'a Block>,
    scope: &Scope,
    pin: Option<String>,
) -> usize {
    let block = entries[i].block;
    let text = ex.doc.markdown(block.span.clone());
    let line = ex.doc.line(shown.unwrap_or(block).span.start);
    let (asked, lead) = match paragraph_answer(&text) {
        Some((asked, answer)) => (asked, question::answer_text(answer).unwrap_or(answer).to_owned()),
        None => (text.as_str(), String::new()),
    };
    // An answer given inline is whole; otherwise the blocks after answer.
    let end = if lead.is_empty() { answer_end(ex, entries, i + 1) } else { i + 1 };
    let body: Vec<&Block> = entries[i + 1..end].iter().map(|e| e.block).collect();
    let mut front = question::clean(asked);
    let mut covers = vec![block.span.clone()];
    if let Some(shown) = shown {
        front = match shown.kind {
            // A stem reads before the question, without its label.
            BlockKind::Paragraph => format!("{}\n\n{front}", question::clean(&ex.doc.markdown(shown.span.clone()))),
            _ => format!("{front}\n\n{}", ex.doc.markdown(shown.span.clone())),
        };
        covers.push(shown.span.clone());
    }
    let pin = pin.or_else(|| entries[i].pin.clone());
    let question = Question { front, line, covers, pin };
    if !question::card(ex, scope, question, lead, &body) {
        ex.notice(block.span.start, "no-answer", "question has no answer after it".to_owned());
    }
    end - i
}

/// Where the answer that starts at `from` ends: at a pinned block, the next
/// question (paragraph, `Q:`, question list or `<details>`), or a cloze.
pub(super) fn answer_end(ex: &Extractor<'_>, entries: &[Entry<'_>], from: usize) -> usize {
    let mut j = from;
    while let Some(entry) = entries.get(j) {
        let ends = entry.pin.is_some()
            || match &entry.block.kind {
                BlockKind::Paragraph => {
                    // "Вопрос 23. …": the next question's label.
                    classify::strip_label(ex.doc.text(entry.block.span.clone())).0 == classify::Label::Question
                        || !matches!(paragraph_role(ex, entries, j), Role::Prose | Role::LeadIn | Role::Definitions)
                }
                BlockKind::List(list) => {
                    let heads: Vec<String> = list.items.iter().map(|item| ex.doc.head(item)).collect();
                    question_items(ex, list, &heads).first().copied().unwrap_or(false)
                }
                BlockKind::Code(_) => asks_after_code(ex, entries, j),
                BlockKind::Details(details) => question::summary_question(ex.doc, details).is_some(),
                BlockKind::Quote => quoted_question(ex, entries, j).is_some(),
                _ => false,
            };
        if ends {
            break;
        }
        j += 1;
    }
    j
}

/// R7: `Q: …`, then anything shown with the question (code), then `A: …`
/// and everything up to the next `Q:` or question; or `Q: …\nA: …` in one
/// paragraph.
fn explicit<'a>(ex: &mut Extractor<'a>, entries: &[Entry<'a>], i: usize, scope: &Scope, pin: Option<String>) -> usize {
    let block = entries[i].block;
    let text = ex.doc.markdown(block.span.clone());
    let line = ex.doc.line(block.span.start);
    let (_, question) = classify::explicit_prefix(&text).expect("role checked the prefix");
    let mut covers = vec![block.span.clone()];
    let mut front = question::clean(question);
    let mut j = i + 1;
    let lead = match split_inline_answer(question) {
        Some((q, a)) => {
            front = question::clean(q);
            a.to_owned()
        }
        None => {
            let mut shown: Vec<&Block> = Vec::new();
            let mut answer = None;
            while let Some(entry) = entries.get(j) {
                if entry.pin.is_some() {
                    break;
                }
                if matches!(entry.block.kind, BlockKind::Paragraph) {
                    let md = ex.doc.markdown(entry.block.span.clone());
                    match classify::explicit_prefix(&md) {
                        Some(('A', a)) => {
                            answer = Some(a.to_owned());
                            covers.push(entry.block.span.clone());
                            j += 1;
                            break;
                        }
                        Some(_) => break,
                        None => {}
                    }
                }
                shown.push(entry.block);
                j += 1;
            }
            // With no `A:`, an `Ans: …` written inside the code block right
            // after the question is the answer.
            if answer.is_none()
                && let Some(code_block) = shown.first()
                && let BlockKind::Code(code) = &code_block.kind
                && let Some(rest) = ["Ans:", "Answer:", "Ответ:", "答案："]
                    .iter()
                    .find_map(|label| code.code.trim_start().strip_prefix(label))
            {
                answer = Some(rest.trim().to_owned());
                covers.push(code_block.span.clone());
                j = i + 2;
                shown.clear();
            }
            // With no `A:` at all, code after a question that does not ask
            // about it ("How to remove all images?") is the answer.
            if answer.is_none()
                && let Some(code_block) = shown.first()
                && matches!(code_block.kind, BlockKind::Code(_))
                && !asks_about_shown(&front)
            {
                let end = answer_end(ex, entries, i + 1);
                let back: Vec<&Block> = entries[i + 1..end].iter().map(|e| e.block).collect();
                let split = chunk::with_body(ex.doc, "", &back);
                let draft = Draft::new(CardKind::Explicit, front, String::new(), line, covers).pinned(pin).authored();
                ex.emit_parts(scope, draft, split);
                return end - i;
            }
            let Some(answer) = answer else {
                ex.notice(block.span.start, "no-answer", "`Q:` paragraph has no `A:` answer after it".to_owned());
                // Code right after the question is the question's; nothing else is.
                let code = shown.first().filter(|b| matches!(b.kind, BlockKind::Code(_)));
                let front = match code {
                    Some(code) => format!("{front}\n\n{}", ex.doc.markdown(code.span.clone())),
                    None => front,
                };
                let covers = [Some(block.span.clone()), code.map(|c| c.span.clone())].into_iter().flatten().collect();
                let draft = Draft::new(CardKind::Explicit, front, String::new(), line, covers);
                ex.emit_unanswered(scope, draft.pinned(pin).authored());
                return if code.is_some() { 2 } else { 1 };
            };
            let asks_for_output = question::asks_for_output(&front);
            for b in shown {
                let markdown = match &b.kind {
                    // Its value comments would give the answer away.
                    BlockKind::Code(c) if asks_for_output => question::without_values(c),
                    _ => None,
                };
                front.push_str("\n\n");
                front.push_str(&markdown.unwrap_or_else(|| ex.doc.markdown(b.span.clone())));
                covers.push(b.span.clone());
            }
            answer
        }
    };
    let end = answer_end(ex, entries, j);
    let back: Vec<&Block> = entries[j..end].iter().map(|e| e.block).filter(|b| !ex.doc.is_navigation(b)).collect();
    let split = chunk::with_body(ex.doc, &lead, &back);
    if let [only] = split.chunks.as_slice()
        && question::no_answer_here(&front, &only.markdown)
    {
        // "A: [6_answer](6.py)": the answer is elsewhere.
        ex.notice(block.span.start, "no-answer", "`A:` only points to an answer elsewhere".to_owned());
        let mut covers = covers;
        covers.extend(only.covers.iter().cloned());
        let draft = Draft::new(CardKind::Explicit, front, String::new(), line, covers);
        ex.emit_unanswered(scope, draft.pinned(pin).authored());
        return end - i;
    }
    let draft = Draft::new(CardKind::Explicit, front, String::new(), line, covers).pinned(pin).authored();
    ex.emit_parts(scope, draft, split);
    for b in &back {
        if let BlockKind::Code(c) = &b.kind {
            code::output_cards(ex, c, scope);
        }
    }
    end - i
}

/// Whether a question asks about what is shown after it ("What does this
/// print?", "Make this work:") rather than being answered by it.
fn asks_about_shown(question: &str) -> bool {
    let lower = question.trim_end().to_lowercase();
    lower.ends_with([':', '：'])
        || crate::lint::DANGLING_REFERENCES.iter().any(|phrase| lower.contains(phrase))
        || ["output", "print", "return", "result", "wrong", "fix", "explain"].iter().any(|w| lower.contains(w))
}

/// `Q: question\nA: answer` written as one paragraph.
fn split_inline_answer(text: &str) -> Option<(&str, &str)> {
    let at = ["\nA:", "\n**A:**", "\nAns:", "\nAnswer:", "\n**Answer:**"].iter().find_map(|label| text.find(label))?;
    let (q, rest) = text.split_at(at);
    let (_, a) = classify::explicit_prefix(rest.trim_start())?;
    Some((q.trim(), a))
}

/// R8: a paragraph whose first sentence defines something (`A mutex is
/// …`) gives "what is a mutex?", the paragraph its answer. Returns whether
/// it made the card.
fn definition(ex: &mut Extractor<'_>, block: &Block, scope: &Scope, pin: &mut Option<String>) -> bool {
    if !matches!(block.kind, BlockKind::Paragraph) {
        return false;
    }
    let text = ex.doc.text(block.span.clone());
    let Some((subject, copula)) = classify::defined_subject(text) else {
        return false;
    };
    let split = chunk::answer(ex.doc, &[block]);
    if split.is_empty() {
        return false;
    }
    let subject = lower_article(&subject);
    let asks = match copula {
        Copula::Means => ex.lang.say("term-means", &[("term", Arg::Text(&subject))]),
        Copula::Is => what_is(ex.lang, &subject),
    };
    let named = render::inline_text(&subject).to_lowercase();
    let topic = render::inline_text(&scope.topic).to_lowercase();
    let front = if named.trim_start_matches(|c: char| !c.is_whitespace()).trim() == topic || named == topic {
        capitalise(&asks)
    } else {
        format!("{}: {asks}", topic_name(scope))
    };
    let front = ex.unique_front(front);
    let line = ex.doc.line(block.span.start);
    let draft = Draft::new(CardKind::Definition, front, String::new(), line, Vec::new()).pinned(pin.take()).authored();
    ex.emit_parts(scope, draft, split);
    true
}

/// "A mutex" → "a mutex", so it reads inside a question.
fn lower_article(subject: &str) -> String {
    match subject.split_once(' ') {
        Some((first, rest)) if ["A", "An", "The"].contains(&first) => format!("{} {rest}", first.to_lowercase()),
        _ => subject.to_owned(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

pub(super) fn explain_front(lang: Lang, scope: &Scope) -> String {
    lang.say("explain", &[("topic", Arg::Text(&topic_name(scope)))])
}

/// The topic as a prompt names it: a bare number or label ("5.1") names
/// nothing, so the nearest heading with words in it comes first.
fn topic_name(scope: &Scope) -> String {
    if scope.topic.chars().any(char::is_alphabetic) {
        return scope.topic.clone();
    }
    match scope.context.iter().rev().find(|c| c.chars().any(char::is_alphabetic)) {
        Some(name) => format!("{name} › {}", scope.topic),
        None => scope.topic.clone(),
    }
}

/// `<details>` outside a question: a card when its summary asks; otherwise
/// its blocks are read as if they were not folded away.
fn details<'a>(ex: &mut Extractor<'a>, block: &'a Block, details: &'a Details, scope: &Scope, pin: Option<String>) {
    if let Some(front) = question::summary_question(ex.doc, details) {
        let line = ex.doc.line(block.span.start);
        let body: Vec<&Block> = details.body.iter().collect();
        let question = Question { front, line, covers: vec![block.span.clone()], pin };
        if !question::card(ex, scope, question, String::new(), &body) {
            ex.notice(block.span.start, "no-answer", "question in `<details>` has no answer in it".to_owned());
        }
        return;
    }
    // Read as the guide it folds away: its headings are sections too.
    let mut labelled = ex.apply_directives(&details.body);
    if let Some((first, _)) = labelled.first_mut()
        && first.pin.is_none()
    {
        first.pin = pin;
    }
    let root = super::build_tree(&ex.doc, labelled);
    run(ex, &root.entries, scope);
    for child in &root.children {
        ex.section(child, scope, None);
    }
}
