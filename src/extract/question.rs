//! R1: a question and its answer, whatever shape carries them — a question
//! heading and what is under it, a bold question paragraph and the blocks
//! after it, a question list item and its nested blocks, a `<details>`
//! whose summary asks. Where the answer is hidden — in `<details>`
//! "Answer", after an "Answer:" line, in the checked boxes of a task
//! list — what comes before it (code, options) belongs on the front.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::card::CardKind;
use crate::classify;
use crate::lang::Arg;
use crate::outline::{Block, BlockKind, Details, Item, List};

use super::{Doc, Draft, Extractor, SHORT_PARAGRAPH, Scope, Section, chunk, code, furniture};

/// The asking side of a question card.
#[derive(Debug, Clone)]
pub(super) struct Question {
    /// The question (Markdown), label and wrapping stripped.
    pub front: String,
    pub line: usize,
    pub covers: Vec<Range<usize>>,
    pub pin: Option<String>,
}

/// A question heading: its front, and everything under it up to the next
/// heading of the same or higher level — except sub-headings that are
/// questions themselves, which become cards of their own.
pub(super) fn section<'a>(ex: &mut Extractor<'a>, section: &Section<'a>, scope: &Scope, pin: Option<String>) {
    let heading = section.heading.as_ref().expect("question sections have headings");
    let mut body: Vec<&'a Block> = Vec::new();
    let mut nested: Vec<&Section<'a>> = Vec::new();
    let mut pins: HashMap<usize, String> = HashMap::new();
    collect(section, &mut body, &mut nested, &mut pins, false);
    let question = Question {
        front: clean(&section.heading_md),
        line: ex.doc.line(heading.block.span.start),
        covers: vec![heading.block.span.clone()],
        pin,
    };
    // A bold question paragraph in the answer starts a question of its own.
    let starts: Vec<(usize, String, String)> =
        (0..body.len()).filter_map(|i| bold_question(ex.doc, &body, i).map(|(q, a)| (i, q, a))).collect();
    let own_end = starts.first().map_or(body.len(), |(i, _, _)| *i);
    // With nothing of its own before sub-questions, the heading only groups
    // them; its pinned identity goes to the first.
    let groups = body[..own_end].iter().all(|b| ex.doc.is_navigation(b)) && (!nested.is_empty() || !starts.is_empty());
    let mut pin = None;
    // A follow-up that leans on this question ("How is this enforced?")
    // asks under it.
    let parent = (!groups).then(|| question.front.clone());
    if groups {
        ex.excluded.push(heading.block.span.clone());
        pin = question.pin;
    } else if !card(ex, scope, question, String::new(), &body[..own_end]) {
        ex.notice(heading.block.span.start, "no-answer", "question heading has no answer under it".to_owned());
    }
    for (n, (start, asked, lead)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(body.len(), |(i, _, _)| *i);
        let block = body[*start];
        let front = match &parent {
            Some(parent) if leans_on_context(ex.doc.text(block.span.clone())) => {
                format!("{parent}\n\n{}", clean(asked))
            }
            _ => clean(asked),
        };
        let question = Question {
            front,
            line: ex.doc.line(block.span.start),
            covers: vec![block.span.clone()],
            pin: pins.remove(&block.span.start).or_else(|| pin.take()),
        };
        card(ex, scope, question, lead.clone(), &body[start + 1..end]);
    }
    for child in nested {
        ex.section(child, scope, pin.take());
    }
}

/// A bare label heading (`### Question 26:`) over no heading: its first
/// paragraph of some length is the question (after a `Question:` line, if
/// any), the rest the answer. Returns false when it has no such paragraph.
pub(super) fn under_label<'a>(
    ex: &mut Extractor<'a>,
    section: &Section<'a>,
    scope: &Scope,
    pin: Option<String>,
) -> bool {
    let blocks: Vec<&'a Block> = section.entries.iter().map(|e| e.block).collect();
    let Some(at) = blocks.iter().position(|b| {
        matches!(b.kind, BlockKind::Paragraph) && {
            let text = ex.doc.text(b.span.clone());
            let text = classify::strip_label(text).1;
            text.split_whitespace().count() >= 3
        }
    }) else {
        return false;
    };
    let heading = section.heading.as_ref().expect("labelled sections have headings");
    let block = blocks[at];
    let text = ex.doc.markdown(block.span.clone());
    let (label, rest) = classify::strip_label(&text);
    let asked = if label == classify::Label::Question { rest.to_owned() } else { text.clone() };
    let mut covers = vec![heading.block.span.clone(), block.span.clone()];
    // What stood before the question ("Level 1") ends the back.
    covers.extend(blocks[..at].iter().map(|b| b.span.clone()));
    let body: Vec<&'a Block> = blocks[at + 1..].iter().chain(&blocks[..at]).copied().collect();
    let question = Question { front: asked, line: ex.doc.line(heading.block.span.start), covers, pin };
    if !card(ex, scope, question, String::new(), &body) {
        ex.notice(heading.block.span.start, "no-answer", "question has no answer under it".to_owned());
    }
    true
}

/// Whether a question names nothing of its own: "How is this enforced?",
/// "Why does it fail?", "如何保证？" (a short question in Chinese or
/// Japanese has no subject).
fn leans_on_context(question: &str) -> bool {
    const POINTERS: &[&str] = &[
        "this", "that", "it", "these", "those", "they", "them", "its", "such", "это", "этот", "эта", "эти", "его",
        "их", "esto", "eso", "ello", "dies", "das", "cela", "ceci",
    ];
    let text = question.trim();
    let han = text.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
    if han > 0 {
        return han <= 6 || text.contains(['这', '该', '其']);
    }
    let lower = text.to_lowercase();
    lower.split(|c: char| !c.is_alphanumeric()).any(|word| POINTERS.contains(&word))
}

/// A paragraph in bold that asks, with its answer after it (in the same
/// paragraph, after a line break, or in the blocks that follow).
fn bold_question(doc: Doc<'_>, body: &[&Block], i: usize) -> Option<(String, String)> {
    let block = body[i];
    if !matches!(block.kind, BlockKind::Paragraph) {
        return None;
    }
    let text = doc.markdown(block.span.clone());
    let bold = |t: &str| classify::unwrap_emphasis(t.trim()).len() < t.trim().len() && classify::is_question(t);
    // `**Why …?**` + line break + its answer, in one paragraph.
    if let Some((asked, answer)) = super::lists::paragraph_answer(&text)
        && bold(asked)
        && asked.len() <= SHORT_PARAGRAPH
    {
        return Some((asked.to_owned(), answer.to_owned()));
    }
    let answered = body.get(i + 1).is_some_and(|next| !matches!(next.kind, BlockKind::Heading { .. }));
    (text.len() <= SHORT_PARAGRAPH && answered && bold(&text)).then(|| (text.clone(), String::new()))
}

fn collect<'a, 's>(
    section: &'s Section<'a>,
    out: &mut Vec<&'a Block>,
    nested: &mut Vec<&'s Section<'a>>,
    pins: &mut HashMap<usize, String>,
    include_heading: bool,
) {
    if include_heading && let Some(heading) = &section.heading {
        out.push(heading.block);
    }
    for entry in &section.entries {
        out.push(entry.block);
        if let Some(pin) = &entry.pin {
            pins.insert(entry.block.span.start, pin.clone());
        }
    }
    for child in &section.children {
        if child.question {
            nested.push(child);
        } else {
            collect(child, out, nested, pins, true);
        }
    }
}

/// The question's words for a front: label, wrapping emphasis and quotes
/// removed (`**Q3:** "Why?"` → `Why?`).
pub(super) fn clean(text: &str) -> String {
    // An anchor before the words (`<a name="q-2"></a> Does …?`) shows nothing.
    static ANCHORS: LazyLock<regex::Regex> =
        LazyLock::new(|| classify::regex(r#"^\s*(?:<a\s+(?:name|id)\s*=\s*["'][^"'>]*["']\s*>\s*</a\s*>\s*)+"#));
    let text = ANCHORS.find(text).map_or(text, |m| &text[m.end()..]);
    // Only a question label goes: `404 and 201?` keeps its number, though
    // an enumerator (`3- What is hoisting?`) goes too.
    let rest = match classify::strip_label(text) {
        (classify::Label::Question, rest) => rest,
        (_, rest) if classify::is_dash_numbered(text) => rest,
        _ => text.trim(),
    };
    let rest = classify::unwrap_emphasis(rest.trim());
    // `**Q: Why?**` loses its opening marker with the label: the closing one goes too.
    let rest = ["**", "__"]
        .iter()
        .find_map(|m| rest.strip_suffix(m).filter(|inner| inner.matches(m).count() % 2 == 0))
        .map_or(rest, str::trim_end);
    let pairs = [('"', '"'), ('“', '”'), ('«', '»'), ('\'', '\'')];
    for (open, close) in pairs {
        if let Some(inner) = rest.strip_prefix(open).and_then(|r| r.strip_suffix(close))
            && !inner.contains(open)
            && !inner.trim().is_empty()
        {
            return inner.trim().to_owned();
        }
    }
    rest.to_owned()
}

/// Whether an answer answers nothing here: a placeholder ("Answer here"),
/// grading notes, or only links out ("[link for learn about](…)", "Hint:
/// check out [this](…)") when the question does not ask for reading.
pub(super) fn no_answer_here(question: &str, answer: &str) -> bool {
    static HINT: LazyLock<Regex> = LazyLock::new(|| {
        classify::regex(r"(?i)^(?:\*\*|__)?(?:hint|подсказка|提示|pista|tipp|indice)s?\s*(?:\*\*|__)?\s*[:：]")
    });
    static ASKS_FOR_READING: LazyLock<Regex> = LazyLock::new(|| {
        classify::regex(
            r"(?i)\b(?:read|resources?|links?|books?|courses?|docs|documentation|tutorials?|references?|learn\s+more)\b|почитать|ресурс|ссылк|资料|链接|recursos|lecturas",
        )
    });
    if classify::is_placeholder(answer) || classify::is_answer_elsewhere(answer) {
        return true;
    }
    let lines: Vec<&str> = answer.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let points_out = |line: &&str| {
        let bare = line.trim_start_matches(['-', '*', '+', ' ']);
        furniture::link_only(bare) || HINT.is_match(bare) && bare.contains("](")
    };
    !lines.is_empty() && lines.iter().all(points_out) && !ASKS_FOR_READING.is_match(question)
}

/// Whether a question asks what code prints or gives.
pub(super) fn asks_for_output(question: &str) -> bool {
    let lower = question.to_lowercase();
    ["output", "print", "return", "result", "value", "выве", "результат", "输出", "打印", "salida", "ausgabe", "sortie"]
        .iter()
        .any(|w| lower.contains(w))
}

/// A code block without its value comments (`# []`), as a fence; `None`
/// when it has none.
pub(super) fn without_values(code: &crate::outline::Code) -> Option<String> {
    let values = code::value_lines(&code.code, code.lang.as_deref());
    if values.is_empty() {
        return None;
    }
    let lines: Vec<String> = code
        .code
        .lines()
        .enumerate()
        .map(|(i, line)| values.iter().find(|v| v.index == i).map_or_else(|| line.to_owned(), |v| v.code.clone()))
        .collect();
    let fence = if code.code.contains("```") { "~~~~" } else { "```" };
    Some(format!("{fence}{}\n{}\n{fence}", code.lang.as_deref().unwrap_or(""), lines.join("\n")))
}

/// Makes the card of a question whose answer is `lead` (text of its own,
/// such as an `A:` item's words) followed by `body`. A question the guide
/// does not answer goes to [`Extractor::emit_unanswered`]; then this
/// returns false, and the caller tells `check`.
pub(super) fn card<'a>(
    ex: &mut Extractor<'a>,
    scope: &Scope,
    question: Question,
    lead: String,
    body: &[&'a Block],
) -> bool {
    let mut question = question;
    let mut lead = lead;
    let shown: Vec<&'a Block> = body.iter().copied().filter(|b| !ex.doc.is_navigation(b)).collect();
    if shown.is_empty() && lead.is_empty() {
        // Links to other pages can be the whole answer ("Where can I read
        // more?"); links within the page never are.
        let links: Vec<&Block> = body
            .iter()
            .copied()
            .filter(|b| {
                matches!(b.kind, BlockKind::List(_) | BlockKind::Paragraph)
                    && !ex.doc.text(b.span.clone()).contains("](#")
            })
            .collect();
        lead = links.iter().map(|b| ex.doc.markdown(b.span.clone())).collect::<Vec<_>>().join("\n\n");
        question.covers.extend(links.iter().map(|b| b.span.clone()));
    }
    let body = shown;
    // `<details>` that ask a question of their own (a follow-up) are cards
    // of their own, after this one.
    let mut follow_ups: Vec<&'a Block> = Vec::new();
    let mut rest: Vec<&'a Block> = Vec::new();
    for (i, block) in body.into_iter().enumerate() {
        match &block.kind {
            BlockKind::Details(d) if i > 0 && asks_follow_up(ex.doc, d) => follow_ups.push(block),
            _ => rest.push(block),
        }
    }
    let mut body = rest;
    // A `%` line (mdanki's notes) ends the prompt: what is above it asks.
    if let Some(at) = body.iter().position(|b| ends_prompt(ex.doc, b)) {
        for shown in &body[..at] {
            question.front = format!("{}\n\n{}", question.front, ex.doc.markdown(shown.span.clone()));
        }
        question.covers.extend(body[..=at].iter().map(|b| b.span.clone()));
        body.drain(..=at);
    }
    // `Ans: …` right under the question: the label is not part of the
    // answer. (After code or options the label stays: it says which.)
    if lead.is_empty()
        && let Some(first) = body.first().filter(|b| matches!(b.kind, BlockKind::Paragraph))
        && let Some(words) = answer_text(&ex.doc.markdown(first.span.clone()))
    {
        // A label on a line of its own (`**Answer**:` over a list) goes whole.
        lead = words.trim().to_owned();
        question.covers.push(first.span.clone());
        body.remove(0);
    }
    // "Which of the following statements are true?" and its list, or
    // "…checked against these criteria:" and them, ask together when more
    // follows: the list is part of the question, not its answer.
    // "Is this an infinite loop?" or "What does it print?" over code and
    // then more: the code is what it asks about.
    let about_code = body.first().is_some_and(|b| matches!(b.kind, BlockKind::Code(_)))
        && (asks_for_output(&question.front) || points_at_this(&question.front));
    if (points_ahead(&question.front) || about_code)
        && body.len() >= 2
        && matches!(body[0].kind, BlockKind::List(_) | BlockKind::Code(_) | BlockKind::Table)
    {
        let shown = body.remove(0);
        let markdown = match &shown.kind {
            // "What will this print?" over `print(xs[10:])  # []`: the
            // comment would give the answer away.
            BlockKind::Code(c) if asks_for_output(&question.front) => without_values(c),
            _ => None,
        };
        let markdown = markdown.unwrap_or_else(|| ex.doc.markdown(shown.span.clone()));
        question.front = format!("{}\n\n{markdown}", question.front);
        question.covers.push(shown.span.clone());
    }
    // A multiple-choice question: what comes before "Options:" and its
    // list (the question's code, its table) asks with the options.
    let mut offered: Option<&List> = None;
    if let Some(at) = body.iter().position(|b| matches!(b.kind, BlockKind::Paragraph) && is_options_label(ex.doc, b))
        && let Some(BlockKind::List(list)) = body.get(at + 1).map(|b| &b.kind)
    {
        offered = Some(list);
        for shown in body.drain(..at + 2) {
            question.front = format!("{}\n\n{}", question.front, ex.doc.markdown(shown.span.clone()));
            question.covers.push(shown.span.clone());
        }
    }
    let reveal = reveal(ex.doc, &body);
    let mut front = question.front;
    for part in &reveal.front {
        front.push_str("\n\n");
        front.push_str(part);
    }
    if !reveal.lead.is_empty() {
        if !lead.is_empty() {
            lead.push_str("\n\n");
        }
        lead.push_str(&reveal.lead);
    }
    let mut split = chunk::with_body(ex.doc, &lead, &reveal.back);
    let mut covers = question.covers;
    covers.extend(reveal.covers);
    if let [only] = split.chunks.as_slice()
        && no_answer_here(&front, &only.markdown)
    {
        // "Answer here", "Bonus points if…", "[answer](7.py)": shown on no
        // card, like its question.
        covers.extend(only.covers.iter().cloned());
        split = chunk::Split::default();
    }
    // "Выбран 2 ответ.": the back says which option it means, in words.
    if let (Some(list), Some(first)) = (offered, split.chunks.first_mut())
        && let Some(option) = chosen_option(ex.doc, &first.markdown, list)
    {
        let (line, rest) = first.markdown.split_once('\n').unwrap_or((&first.markdown, ""));
        first.markdown = format!("{line}\n\n{option}\n\n{rest}").trim_end().to_owned();
    }
    if split.is_empty() {
        let draft = Draft::new(CardKind::Question, front, String::new(), question.line, covers);
        ex.emit_unanswered(scope, draft.pinned(question.pin).authored());
        return false;
    }
    let mut topics: Vec<&'a Item> = Vec::new();
    let mut named: Vec<(&'a Item, String)> = Vec::new();
    if split.needed > chunk::MAX_PARTS {
        // Too long to learn even in parts: where its lists have items with
        // content of their own, the answer keeps their words and each such
        // item becomes a card of its own.
        let outlined = chunk::outline(ex.doc, &lead, &reveal.back, |i| is_topic_item(i).then(|| ex.doc.head(i)));
        if outlined.needed < split.needed {
            split = outlined;
            topics = reveal
                .back
                .iter()
                .filter_map(|b| match &b.kind {
                    BlockKind::List(list) => Some(list.items.iter().filter(|i| is_topic_item(i))),
                    _ => None,
                })
                .flatten()
                .collect();
        }
    }
    if topics.is_empty() {
        (split, named) = by_name(ex.doc, &lead, &reveal.back, split);
    }
    let first_line = front.lines().next().unwrap_or_default().to_owned();
    let draft =
        Draft::new(CardKind::Question, front, String::new(), question.line, covers).pinned(question.pin).authored();
    ex.emit_parts(scope, draft, split);
    for item in topics {
        let head = ex.doc.head(item);
        let label = topic_label(&head);
        let front = format!("{first_line} › {}", ex.lang.say("key-points", &[("label", Arg::Text(&label))]));
        let body: Vec<&Block> = item.body.iter().collect();
        let line = ex.doc.line(item.span.start);
        let (split, named) = by_name(ex.doc, "", &body, chunk::with_body(ex.doc, "", &body));
        ex.emit_parts(scope, Draft::new(CardKind::Topic, front, String::new(), line, vec![item.span.clone()]), split);
        named_cards(ex, scope, &format!("{first_line} › {label}"), named);
    }
    named_cards(ex, scope, &first_line, named);
    for block in follow_ups {
        let BlockKind::Details(details) = &block.kind else { continue };
        let front = summary_question(ex.doc, details).unwrap_or_default();
        let line = ex.doc.line(block.span.start);
        let question = Question { front, line, covers: vec![block.span.clone()], pin: None };
        let inner: Vec<&Block> = details.body.iter().collect();
        card(ex, scope, question, String::new(), &inner);
    }
    for block in &reveal.back {
        if let BlockKind::Code(c) = &block.kind {
            code::output_cards(ex, c, scope);
        }
    }
    true
}

/// The option an answer's first line names by its number or letter
/// ("Answer: 2", "Выбран 2 ответ", "Correct: B"), as "**2.** its text".
fn chosen_option(doc: Doc<'_>, answer: &str, options: &List) -> Option<String> {
    static CHOSEN: LazyLock<Regex> = LazyLock::new(|| {
        classify::regex(
            r"(?i)^\W*(?:answer|correct(?:\s+answer)?|ответ|выбран|правильн\w*(?:\s+ответ)?|答案|respuesta|antwort|réponse)\W{0,3}(?:[a-zа-я]+\s+){0,2}?([1-9]|[A-E])\b",
        )
    });
    let first = answer.lines().next()?;
    let pick = CHOSEN.captures(first)?.get(1)?.as_str();
    let index = match pick.parse::<usize>() {
        Ok(n) => n.checked_sub(1)?,
        Err(_) => (pick.to_ascii_uppercase().as_bytes()[0] - b'A') as usize,
    };
    let item = options.items.get(index)?;
    Some(format!("**{pick}.** {}", doc.head(item)))
}

/// "Options:", "Ответы:", "Варианты ответа:" alone on a line: a
/// multiple-choice question's options follow.
fn is_options_label(doc: Doc<'_>, block: &Block) -> bool {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        classify::regex(
            r"(?i)^(?:options|choices|answers|possible\s+answers|answer\s+options|ответы|варианты(?:\s+ответов?)?|选项|opciones|respuestas\s+posibles|antwortmöglichkeiten|réponses\s+possibles)\s*[:：]?$",
        )
    });
    let text = doc.text(block.span.clone()).trim();
    LABEL.is_match(classify::unwrap_emphasis(text).trim())
}

/// Whether a question points at what comes after it ("the following",
/// "below", a closing `:`).
fn points_ahead(question: &str) -> bool {
    let lower = question.trim_end().to_lowercase();
    lower.ends_with([':', '：'])
        || [
            "the following",
            "following are",
            "below",
            "ниже",
            "следующ",
            "以下",
            "下面",
            "siguiente",
            "folgende",
            "suivant",
        ]
        .iter()
        .any(|w| lower.contains(w))
}

/// A line holding only `%`: in mdanki's notes, it ends a card's prompt.
pub(super) fn ends_prompt(doc: Doc<'_>, block: &Block) -> bool {
    matches!(block.kind, BlockKind::Paragraph) && doc.text(block.span.clone()).trim() == "%"
}

/// Whether a question points at something shown with it ("Is this an
/// infinite loop?", "这段代码…", "如下…") rather than asking how to do a
/// thing ("How do you do this?" is answered by the code).
fn points_at_this(question: &str) -> bool {
    let lower = question.trim().to_lowercase();
    let how = ["how ", "как ", "如何", "怎么", "cómo ", "wie ", "comment "].iter().any(|w| lower.starts_with(w));
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    let this = [
        "this",
        "these",
        "этот",
        "этого",
        "эта",
        "это",
        "этом",
        "este",
        "esta",
        "esto",
        "dieser",
        "dieses",
        "ce",
        "ceci",
    ]
    .iter()
    .any(|w| words.contains(w));
    !how && (this || ["这段", "这个", "如下", "这些"].iter().any(|w| lower.contains(w)))
}

/// What names an item: its term (`**Heap:** …` → `Heap`), else its first
/// line, cut at a word near 60 characters.
fn topic_label(head: &str) -> String {
    if let Some(def) = classify::definition(head) {
        return def.term.trim_end_matches([':', '：']).to_owned();
    }
    let line = head.lines().next().unwrap_or_default();
    let line = classify::unwrap_emphasis(line.trim()).trim_end_matches([':', '：', '.', ',']).trim();
    if line.chars().count() <= 60 {
        return line.to_owned();
    }
    let cut: String = line.chars().take(60).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

/// Whether a `<details>` inside an answer asks a question of its own — in
/// so many words: "Show the code" or "Design notes" only fold extras away.
fn asks_follow_up(doc: Doc<'_>, details: &Details) -> bool {
    let Some(summary) = details.summary.clone() else { return false };
    let text = crate::markdown::strip_html_tags(doc.text(summary));
    let text = text.trim();
    !classify::is_answer_label(text)
        && (classify::is_question(text) || classify::reading(text) == classify::Reading::Interrogative)
}

/// The question a `<details>` summary asks, if it asks one: a summary that
/// hides its text is a flashcard already, so anything that asks, sets a
/// task or introduces (`…:`) is the question — but not "Answer".
pub(super) fn summary_question(doc: Doc<'_>, details: &Details) -> Option<String> {
    let summary = doc.text(details.summary.clone()?);
    let text = crate::markdown::strip_html_tags(summary);
    // `2. Describe the handshake.`: the number only counts the questions
    // (on a front it would read as a list).
    let text = match classify::strip_label(&text) {
        (classify::Label::Other, rest) => rest,
        _ => text.trim(),
    };
    let asks = classify::is_question(text)
        || classify::has_blank(text)
        || text.contains(['?', '？', '\n'])
        || classify::reads_as_question(text, true)
        || classify::is_instruction(text)
        || text.ends_with([':', '：'])
        || folds_a_short_answer(doc, text, details);
    (asks && !classify::is_answer_label(text)).then(|| clean(text))
}

/// A statement of a few words folding away a line or two (`A resource that
/// exposes deployments.` over `Services`): written as a flashcard, the
/// summary its prompt. A label over a section ("More details") folds more.
fn folds_a_short_answer(doc: Doc<'_>, summary: &str, details: &Details) -> bool {
    let words = summary.split_whitespace().count();
    let mut shown = 0;
    for block in &details.body {
        // A list, a table, code or headings: more than a line or two.
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::Html) {
            return false;
        }
        shown += crate::markdown::strip_html_tags(doc.text(block.span.clone())).trim().chars().count();
    }
    (4..=60).contains(&words) && (1..=200).contains(&shown) && !classify::is_contents_heading(summary)
}

/// A list item with content of its own beneath its words.
/// An answer that would be split into parts, when its lists name their
/// items (`**Goroutines**: …`): the answer keeps only the names, and the
/// items are returned to be cards of their own ([`named_cards`]). Else
/// the split as it was.
fn by_name<'a>(
    doc: Doc<'a>,
    lead: &str,
    back: &[&'a Block],
    split: chunk::Split,
) -> (chunk::Split, Vec<(&'a Item, String)>) {
    if split.chunks.len() <= 1 {
        return (split, Vec::new());
    }
    let names = named_items(doc, back);
    if names.is_empty() {
        return (split, Vec::new());
    }
    let kept = |item: &Item| names.iter().find(|(i, _)| std::ptr::eq(*i, item)).map(|(_, n)| n.clone());
    let outlined = chunk::outline(doc, lead, back, kept);
    if outlined.chunks.len() < split.chunks.len() { (outlined, names) } else { (split, Vec::new()) }
}

/// One card per named item, under its parent's words: "Who uses Go? ›
/// Dropbox: key points?"; its own named lists the same way.
fn named_cards<'a>(ex: &mut Extractor<'a>, scope: &Scope, parent: &str, named: Vec<(&'a Item, String)>) {
    for (item, name) in named {
        let front = format!("{parent} › {}", ex.lang.say("key-points", &[("label", Arg::Text(&name))]));
        let body: Vec<&Block> = item.body.iter().collect();
        let line = ex.doc.line(item.span.start);
        // The front names the item: the back is what the item says of it.
        let head = ex.doc.head(item);
        let said = classify::definition(&head).map_or(head.as_str(), |d| d.explanation).to_owned();
        let (split, inner) = by_name(ex.doc, &said, &body, chunk::with_body(ex.doc, &said, &body));
        let draft = Draft::new(CardKind::Topic, front, String::new(), line, vec![item.span.clone()]);
        ex.emit_parts(scope, draft, split);
        named_cards(ex, scope, &format!("{parent} › {name}"), inner);
    }
}

/// The items of an answer's lists that are named (`**Goroutines**: …`,
/// `Short - …`), with their names; only lists of at least three items,
/// two-thirds of them named.
fn named_items<'a>(doc: Doc<'a>, body: &[&'a Block]) -> Vec<(&'a Item, String)> {
    let mut out = Vec::new();
    for block in body {
        let BlockKind::List(list) = &block.kind else { continue };
        let names: Vec<(&Item, String)> = list
            .items
            .iter()
            .filter_map(|item| {
                let head = doc.head(item);
                let def = classify::definition(&head)?;
                let name = def.term.trim_end_matches([':', '：']).trim().to_owned();
                (name.chars().count() <= 50).then_some((item, name))
            })
            .collect();
        if list.items.len() >= 3 && names.len() * 3 >= list.items.len() * 2 {
            out.extend(names);
        }
    }
    out
}

fn is_topic_item(item: &Item) -> bool {
    item.head.is_some() && !item.body.is_empty()
}

/// A question's body cut into what the front shows and what the back does.
#[derive(Debug, Default)]
struct Reveal<'a> {
    /// Markdown shown under the question: its code, its options.
    front: Vec<String>,
    /// Text that opens the answer (the checked options of a task list).
    lead: String,
    back: Vec<&'a Block>,
    covers: Vec<Range<usize>>,
}

fn reveal<'a>(doc: Doc<'a>, body: &[&'a Block]) -> Reveal<'a> {
    let everything = || Reveal { back: body.to_vec(), ..Reveal::default() };
    for (i, block) in body.iter().enumerate() {
        let before = &body[..i];
        let asks = || before.iter().all(|b| is_question_material(doc, b));
        match &block.kind {
            BlockKind::Details(details) => {
                let summary = details.summary.clone().map(|s| doc.text(s)).unwrap_or("");
                let hides_answer = summary.trim().is_empty() || classify::is_answer_label(summary);
                if hides_answer && asks() {
                    let mut r = front_of(doc, before);
                    r.back = details.body.iter().chain(body[i + 1..].iter().copied()).collect();
                    r.covers.push(block.span.clone());
                    return r;
                }
            }
            BlockKind::Heading { text, .. } => {
                let words = doc.text(text.clone());
                if classify::is_answer_label(words) && asks() {
                    let mut r = front_of(doc, before);
                    if classify::answer_label(words).is_some_and(|(_, rest)| rest.is_empty()) {
                        // A bare "Answer" heading only says the answer follows.
                        r.covers.push(block.span.clone());
                        r.back = body[i + 1..].to_vec();
                    } else {
                        r.back = body[i..].to_vec();
                    }
                    return r;
                }
            }
            BlockKind::Paragraph if i > 0 => {
                let text = doc.text(block.span.clone());
                // "Answer: C" after the question's code or its options: only
                // those go up; an answer list followed by "Explanation:" or
                // hints before "Solution:" stay on the back.
                let shown = before.iter().all(|b| match &b.kind {
                    BlockKind::Code(_) | BlockKind::Heading { .. } => true,
                    BlockKind::List(list) => is_options(doc, list),
                    _ => false,
                });
                if classify::answer_label(text).is_some_and(|(separated, _)| separated)
                    && classify::says_answer(text)
                    && shown
                    && asks()
                {
                    let mut r = front_of(doc, before);
                    r.back = body[i..].to_vec();
                    return r;
                }
            }
            BlockKind::List(_)
                if asks()
                    && let Some(end) = quiz_end(body, i) =>
            {
                // Task-list options, each perhaps followed by its code.
                let mut r = front_of(doc, before);
                let mut right = Vec::new();
                let mut checked = false;
                for option in &body[i..end] {
                    r.covers.push(option.span.clone());
                    match &option.kind {
                        BlockKind::List(list) => {
                            r.front.push(options(doc, list));
                            for item in &list.items {
                                checked = item.checked == Some(true);
                                if checked {
                                    right.push(format!("- {}", doc.head(item)));
                                }
                            }
                        }
                        _ => {
                            let code = doc.markdown(option.span.clone());
                            if checked {
                                right.push(code.clone());
                            }
                            r.front.push(code);
                        }
                    }
                }
                r.lead = right.join("\n\n");
                r.back = body[end..].to_vec();
                return r;
            }
            _ => {}
        }
    }
    everything()
}

/// What may stand between a question and its hidden answer: code, options,
/// a table, a short sentence — not an explanation.
fn is_question_material(doc: Doc<'_>, block: &Block) -> bool {
    match &block.kind {
        BlockKind::Code(_) | BlockKind::List(_) | BlockKind::Table | BlockKind::Heading { .. } => true,
        BlockKind::Paragraph | BlockKind::Html => doc.text(block.span.clone()).len() <= SHORT_PARAGRAPH,
        _ => false,
    }
}

/// The blocks before a hidden answer, as the front shows them (headings,
/// such as a bare "Answer", are left out).
fn front_of<'a>(doc: Doc<'a>, before: &[&'a Block]) -> Reveal<'a> {
    let mut r = Reveal::default();
    for block in before {
        r.covers.push(block.span.clone());
        if !matches!(block.kind, BlockKind::Heading { .. }) {
            r.front.push(doc.markdown(block.span.clone()));
        }
    }
    r
}

/// Multiple-choice options: `- A: …`, `- 1) …`, `- b. …`.
fn is_options(doc: Doc<'_>, list: &List) -> bool {
    list.items.len() >= 2
        && list.items.iter().all(|item| {
            let head = doc.head(item);
            let mut chars = head.chars();
            let marker = chars.by_ref().take_while(|c| c.is_ascii_alphanumeric()).count();
            (1..=2).contains(&marker) && head[marker..].starts_with([':', '.', ')'])
        })
}

/// Where the options of a quiz that start at `i` end: task lists (with
/// code between them) holding both checked and unchecked boxes — the
/// checked ones are the right options.
fn quiz_end(body: &[&Block], i: usize) -> Option<usize> {
    fn task_list<'b>(block: Option<&&'b Block>) -> Option<&'b List> {
        match &block?.kind {
            BlockKind::List(list) => list.items.iter().all(|item| item.checked.is_some()).then_some(list),
            _ => None,
        }
    }
    let is_code = |j: usize| body.get(j).is_some_and(|b| matches!(b.kind, BlockKind::Code(_)));
    task_list(body.get(i))?;
    let (mut end, mut right, mut wrong, mut with_code) = (i, false, false, false);
    while let Some(list) = task_list(body.get(end)) {
        right |= list.items.iter().any(|item| item.checked == Some(true));
        wrong |= list.items.iter().any(|item| item.checked == Some(false));
        end += 1;
        if is_code(end) && (task_list(body.get(end + 1)).is_some() || with_code) {
            // Each option shows its code after it.
            with_code = true;
            end += 1;
        }
    }
    // Options none of which is checked still ask (the quiz left its answer
    // out); a short list of unchecked boxes may be a to-do list, though.
    let unchecked_options =
        || task_list(body.get(i)).is_some_and(|list| list.items.len() >= 3) && end == i + 1 && !right;
    (wrong && (right || unchecked_options())).then_some(end)
}

/// A quiz's options without their boxes, so the front gives nothing away.
fn options(doc: Doc<'_>, list: &List) -> String {
    list.items.iter().map(|item| format!("- {}", doc.head(item))).collect::<Vec<_>>().join("\n")
}

/// A question list item's answer when it is written as nested `A:` /
/// `Answer:` items: their words, labels removed, and their own blocks.
pub(super) fn labelled_answer<'a>(doc: Doc<'a>, item: &'a Item) -> Option<(String, Vec<&'a Block>)> {
    let [first, rest @ ..] = item.body.as_slice() else { return None };
    let BlockKind::List(list) = &first.kind else { return None };
    let mut words = Vec::new();
    let mut blocks: Vec<&'a Block> = Vec::new();
    for answer in &list.items {
        let head = doc.head(answer);
        let text = answer_text(&head)?;
        words.push(text.to_owned());
        blocks.extend(answer.body.iter());
    }
    let mut lead = words.join("\n\n");
    if blocks.is_empty() && rest.is_empty() {
        lead = lead.trim().to_owned();
    }
    blocks.extend(rest.iter());
    Some((lead, blocks))
}

/// The words after an `A:` or `Answer:` label, if the text has one.
pub(super) fn answer_text(text: &str) -> Option<&str> {
    if let Some(('A', rest)) = classify::explicit_prefix(text) {
        return Some(rest);
    }
    classify::answer_label(text).filter(|(separated, _)| *separated).map(|(_, rest)| rest)
}
