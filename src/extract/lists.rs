//! Lists outside a question's answer: question items in every shape (R1),
//! definitions (R2), topics with points (R3) and plain lists (R4).

use crate::card::{CardKind, MAX_LIST_ITEMS};
use crate::classify::{self, TermStyle};
use crate::lang::{Arg, Lang};
use crate::outline::{Block, BlockKind, Item, List};

use super::blocks::{answer_end, explain_front};
use super::question::{self, Question};
use super::{Draft, Entry, Extractor, SHORT_PARAGRAPH, Scope, chunk};

/// Whether an item's text asks a question: `Q3.`/`**Q:**` labels, or a
/// `?` — on its own, or on its first line with the answer on the next.
fn asks(head: &str) -> bool {
    !head.is_empty() && (classify::is_question(head) || inline_answer(head).is_some())
}

/// A question and its answer in one paragraph or item: split at a
/// separator (`? →`, `::`, a line holding `?`; see [`classify::split_qa`]),
/// or a question on the first line and the answer on the lines after it
/// (`**What is X?**` + line break + `It is …`).
pub(super) fn inline_answer(text: &str) -> Option<(&str, &str)> {
    inline_answer_in(text, true)
}

/// [`inline_answer`] for a paragraph: there, a first line that asks must
/// stand out (bold, labelled, or heading a short paragraph), since long
/// prose wraps after a `?` too.
pub(super) fn paragraph_answer(text: &str) -> Option<(&str, &str)> {
    inline_answer_in(text, false)
}

fn inline_answer_in(text: &str, item: bool) -> Option<(&str, &str)> {
    if let Some((question, answer)) = classify::split_qa(text)
        && classify::is_question(question)
    {
        return Some((question, answer));
    }
    if let Some(pair) = labelled_pair(text).or_else(|| bold_then_answer(text)) {
        return Some(pair);
    }
    let (first, rest) = text.trim().split_once('\n')?;
    let first = first.trim_end();
    // In a short paragraph a plain question line stands out too; in a long
    // one it is prose that wrapped after a `?`.
    let stands_out = item
        || text.len() <= SHORT_PARAGRAPH && first.len() <= 150
        || classify::unwrap_emphasis(first).len() < first.len()
        || classify::strip_label(first).0 == classify::Label::Question;
    (stands_out
        && classify::is_question(first)
        && !rest.trim().is_empty()
        && classify::explicit_prefix(first).is_none())
    .then(|| (first, rest.trim()))
}

/// `**What is a servlet?** A class that answers requests.`: a question in
/// bold and its answer after it on the same line.
fn bold_then_answer(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    let marker = ["**", "__"].into_iter().find(|m| text.starts_with(m))?;
    let close = text[2..].find(marker)? + 2;
    let asked = text[2..close].trim();
    let after = &text[close + 2..];
    let answer = after.trim();
    let one_line = !asked.contains('\n') && !after.trim_start_matches([' ', '\t']).starts_with('\n');
    (one_line
        && asked.ends_with(['?', '？'])
        && asked.split_whitespace().count() >= 2
        && classify::is_question(asked)
        && !answer.is_empty())
    .then_some((asked, answer))
}

/// `**Q:** …` on the first line and `**A:** …` on the next, in one item.
fn labelled_pair(text: &str) -> Option<(&str, &str)> {
    let (first, rest) = text.trim().split_once('\n')?;
    let Some(('Q', asked)) = classify::explicit_prefix(first.trim_end()) else { return None };
    let Some(('A', answer)) = classify::explicit_prefix(rest.trim()) else { return None };
    (!asked.trim().is_empty() && !answer.trim().is_empty()).then(|| (asked.trim(), answer.trim()))
}

/// A list in a section; returns how many entries it used (a list whose
/// last question lost its answer to a broken indent takes the blocks after
/// it as that answer).
pub(super) fn list_entry<'a>(
    ex: &mut Extractor<'a>,
    entries: &[Entry<'a>],
    i: usize,
    list: &'a List,
    scope: &Scope,
    pin: Option<String>,
) -> usize {
    let Some((last, pin)) = list_cards(ex, list, None, scope, pin) else { return 1 };
    let end = answer_end(ex, entries, i + 1);
    let mut body: Vec<&Block> = entries[i + 1..end].iter().map(|e| e.block).collect();
    let head = ex.doc.head(last);
    let line = ex.doc.line(last.span.start);
    let mut front = question::clean(&head);
    let mut covers = vec![last.span.clone()];
    // "Make this work:" and the code it introduces ask together.
    if head.trim_end().ends_with([':', '：']) && body.first().is_some_and(|b| matches!(b.kind, BlockKind::Code(_))) {
        let code = body.remove(0);
        front = format!("{front}\n\n{}", ex.doc.markdown(code.span.clone()));
        covers.push(code.span.clone());
    }
    let question = Question { front, line, covers, pin };
    if !question::card(ex, scope, question, String::new(), &body) {
        ex.notice(last.span.start, "no-answer", "question has no answer after it".to_owned());
    }
    end - i
}

/// R1 items and R2–R4 for a list outside a question's answer. Returns the
/// list's last item, with the identity pinned on it, when it is a question
/// left without an answer in a list of questions (its answer follows the
/// list).
pub(super) fn list_cards<'a>(
    ex: &mut Extractor<'a>,
    list: &'a List,
    lead_in: Option<&'a Block>,
    scope: &Scope,
    pin: Option<String>,
) -> Option<(&'a Item, Option<String>)> {
    let mut pin = pin;
    let lead_text = lead_in.map(|b| ex.doc.markdown(b.span.clone()));
    let prefix = match &lead_text {
        Some(text) => classify::unwrap_emphasis(text).trim_end().trim_end_matches([':', '：']).trim_end().to_owned(),
        None => scope.topic.trim_end().trim_end_matches(':').to_owned(),
    };
    let lead_cover: Vec<_> = lead_in.map(|b| b.span.clone()).into_iter().collect();
    let heads: Vec<String> = list.items.iter().map(|item| ex.doc.head(item)).collect();
    let questions = question_items(ex, list, &heads);
    let qa_list = is_qa_list(&heads);
    // Each head is read as a definition once, here (a regex match apiece).
    let definitions: Vec<Option<classify::Definition<'_>>> =
        heads.iter().zip(&questions).map(|(h, &q)| if q { None } else { classify::definition(h) }).collect();
    let definitions_are_cards = definitions.iter().flatten().count() * 2 >= list.items.len();
    let mostly_questions = questions.iter().filter(|&&q| q).count() * 2 >= list.items.len();
    let others_answered = list.items.iter().zip(&questions).rev().skip(1).all(|(item, &q)| q && !item.body.is_empty());
    // A sentence that introduces a short list of questions ("Ask the
    // interviewer:") makes them what the list names; a label that only
    // heads a question bank (a link, an anchor) does not.
    let names_its_questions = list.items.len() <= MAX_LIST_ITEMS
        && lead_text.as_deref().is_some_and(|t| !t.contains("](") && !t.contains('<'));
    let mut plain: Vec<&Item> = Vec::new();
    let mut lead_used = false;
    let mut trailing = None;
    let mut skip_next = false;
    let mut unanswered = Vec::new();
    for (n, ((item, head), definition)) in list.items.iter().zip(&heads).zip(&definitions).enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        let line = ex.doc.line(item.span.start);
        let mut covers = vec![item.span.clone()];
        if !lead_used {
            covers.extend(lead_cover.iter().cloned());
        }
        let body: Vec<&Block> = item.body.iter().collect();
        if !classify::cloze_numbers(head).is_empty() {
            let text = ex.doc.markdown(item.head.clone().unwrap_or(item.span.clone()));
            let back = classify::reveal_cloze(&text);
            let body = body.iter().map(|b| ex.doc.markdown(b.span.clone())).collect::<Vec<_>>().join("\n\n");
            let front = if body.is_empty() { text } else { format!("{text}\n\n{body}") };
            ex.emit(scope, Draft::new(CardKind::Cloze, front, back, line, covers).pinned(pin.take()));
        } else if questions[n] {
            let sibling_answer = list
                .items
                .get(n + 1)
                .filter(|_| item.body.is_empty())
                .and_then(|next| question::answer_text(&heads[n + 1]).map(|a| (next, a.to_owned())));
            let split = inline_answer(head).or_else(|| qa_list.then(|| classify::split_qa(head)).flatten());
            // What is written under a labelled answer goes on with it.
            let labelled = labelled_pair(head).is_some();
            let (asked, inline) = match split.filter(|_| item.body.is_empty() || labelled) {
                Some((asked, answer)) => (asked, Some(answer)),
                None => (head.as_str(), None),
            };
            let question = Question { front: question::clean(asked), line, covers, pin: pin.take() };
            if let Some(answer) = inline {
                let answer = question::answer_text(answer).unwrap_or(answer).to_owned();
                question::card(ex, scope, question, answer, &body);
            } else if let Some((next, answer)) = sibling_answer {
                skip_next = true;
                let mut question = question;
                question.covers.push(next.span.clone());
                let blocks: Vec<&Block> = next.body.iter().collect();
                question::card(ex, scope, question, answer, &blocks);
            } else if let Some((lead, blocks)) = question::labelled_answer(ex.doc, item) {
                question::card(ex, scope, question, lead, &blocks);
            } else if let Some(follow_ups) = follow_ups(ex, item) {
                // Questions nested under a question ask more; they do not answer it.
                question::card(ex, scope, question, String::new(), &[]);
                unanswered.push(item.span.start);
                stem_questions(ex, scope, asked, follow_ups, None, item.span.start..item.span.start);
            } else if !item.body.is_empty() {
                question::card(ex, scope, question, String::new(), &body);
            } else if n + 1 == list.items.len() && others_answered {
                // Its answer follows the list (an indent too shallow ended it).
                trailing = Some((item, question.pin));
            } else if mostly_questions && !names_its_questions {
                // A list of questions on their own; under a lead-in ("Ask
                // the interviewer:") they are what the list names instead.
                question::card(ex, scope, question, String::new(), &[]);
                unanswered.push(item.span.start);
            } else {
                plain.push(item);
                continue;
            }
        } else if let Some(sub) = item.sublists().next().filter(|sub| {
            let sub_heads: Vec<String> = sub.items.iter().map(|i| ex.doc.head(i)).collect();
            question_items(ex, sub, &sub_heads).iter().filter(|&&q| q).count() * 2 >= sub.items.len()
        }) {
            // A stem ("Variable correlation.", a scenario) with questions
            // under it: each question is a card that shows the stem.
            stem_questions(ex, scope, head, sub, pin.take(), item.span.clone());
            let rest: Vec<&Block> =
                item.body.iter().filter(|b| !matches!(&b.kind, BlockKind::List(l) if std::ptr::eq(l, sub))).collect();
            if !rest.is_empty() {
                let split = chunk::answer(ex.doc, &rest);
                let front = format!("{prefix} › {}", classify::unwrap_emphasis(head.trim()));
                ex.emit_parts(scope, Draft::new(CardKind::Topic, front, String::new(), line, Vec::new()), split);
            }
        } else if let Some(def) = definition.as_ref().filter(|_| definitions_are_cards) {
            let front = format!("{prefix}: {}", definition_question(ex.lang, def));
            // The back restates the whole item: term and explanation read together.
            let split = chunk::with_body(ex.doc, head, &body);
            ex.emit_parts(
                scope,
                Draft::new(CardKind::Definition, front, String::new(), line, covers).pinned(pin.take()),
                split,
            );
        } else if item.sublists().next().is_some() && !head.trim_end_matches(':').trim().is_empty() {
            let label = head.trim_end_matches([':', '：']).trim();
            let front = format!("{prefix} › {}", ex.lang.say("key-points", &[("label", Arg::Text(label))]));
            let split = chunk::answer(ex.doc, &body);
            ex.emit_parts(
                scope,
                Draft::new(CardKind::Topic, front, String::new(), line, covers).pinned(pin.take()),
                split,
            );
        } else {
            plain.push(item);
            continue;
        }
        lead_used = true;
    }
    if let Some(&first) = unanswered.first() {
        let message = unanswered_message(ex, unanswered.len(), "list");
        ex.notice(first, "no-answer", message);
    }
    if plain.is_empty() {
        return trailing;
    }
    let count = plain.len();
    let line = ex.doc.line(plain[0].span.start);
    let covers = if lead_used { Vec::new() } else { lead_cover };
    if count == 1 && plain.len() < list.items.len() {
        // One item left over beside cards is explained, not listed.
        let split = chunk::items(ex.doc, &plain, list.loose);
        ex.emit_parts(
            scope,
            Draft::new(CardKind::Note, explain_front(ex.lang, scope), String::new(), line, covers).pinned(pin),
            split,
        );
        return trailing;
    }
    if count > MAX_LIST_ITEMS {
        ex.notice(
            plain[0].span.start,
            "long-enumeration",
            format!("list of {count} items is hard to learn as one card; it was split (consider grouping it)"),
        );
    }
    let id = if plain.len() < list.items.len() {
        "name-others"
    } else if list.ordered {
        "name-all-ordered"
    } else {
        "name-all"
    };
    let what = ex.lang.say(id, &[("count", Arg::Count(count))]);
    let front = ex.lang.say("list-front", &[("prefix", Arg::Text(&prefix)), ("what", Arg::Text(&what))]);
    let split = chunk::items(ex.doc, &plain, list.loose);
    ex.emit_parts(scope, Draft::new(CardKind::List, front, String::new(), line, covers).pinned(pin), split);
    trailing
}

/// Which items of a list ask a question: by their own words, or — in a
/// list mostly of questions — by reading like one ("Explain …", "[E] Given …").
pub(super) fn question_items(ex: &Extractor<'_>, list: &List, heads: &[String]) -> Vec<bool> {
    let strict: Vec<bool> = heads.iter().map(|head| asks(head)).collect();
    // How the rest read matters only beside a question, or in a question bank.
    let read_all = ex.question_bank || strict.contains(&true);
    let readings: Vec<classify::Reading> = heads
        .iter()
        .zip(&strict)
        .map(
            |(head, &q)| {
                if q || head.is_empty() || !read_all { classify::Reading::Statement } else { classify::reading(head) }
            },
        )
        .collect();
    let count = |flags: &[bool]| flags.iter().filter(|&&q| q).count();
    let asking = count(&strict) + readings.iter().filter(|r| **r == classify::Reading::Interrogative).count();
    let readable = count(&strict) + readings.iter().filter(|r| **r >= classify::Reading::Task).count();
    // One at least must ask outright, and a quarter by question words: a
    // list of advice ("Write tests", "When in doubt, refactor") reads
    // like tasks too.
    let mostly = count(&strict) >= 1 && asking * 4 >= list.items.len() && readable * 2 >= list.items.len();
    let qa_list = is_qa_list(heads);
    let bank = ex.question_bank && (asking * 4 >= list.items.len() || readable * 2 >= list.items.len());
    strict
        .iter()
        .zip(&readings)
        .zip(heads)
        .zip(&list.items)
        .map(|(((&q, &reading), head), item)| {
            q || (mostly && reading >= classify::Reading::Task)
                || (qa_list && classify::split_qa(head).is_some())
                || (bank && item.body.is_empty() && !head.is_empty() && head.len() <= 160)
        })
        .collect()
}

/// Whether a guide is a question bank: at least 20 list items at its top,
/// two thirds of them questions or tasks ("Explain …"), a third at least
/// asking outright.
pub(super) fn is_question_bank(ex: &Extractor<'_>, blocks: &[Block]) -> bool {
    let heads: Vec<String> = blocks
        .iter()
        .flat_map(|block| match &block.kind {
            BlockKind::List(list) => list.items.as_slice(),
            _ => &[],
        })
        .map(|item| ex.doc.head(item))
        .collect();
    let (asked, others): (Vec<&String>, Vec<&String>) = heads.iter().partition(|head| asks(head));
    if heads.len() < 20 || asked.len() * 3 < heads.len() {
        return false;
    }
    let tasks = others.iter().filter(|head| classify::reading(head) >= classify::Reading::Task).count();
    (asked.len() + tasks) * 3 >= heads.len() * 2
}

/// A list of items mostly written `question → answer` (or `::`): every
/// item so written is a question and its answer, asked or not.
fn is_qa_list(heads: &[String]) -> bool {
    let splits: Vec<&str> = heads.iter().filter_map(|h| classify::split_qa(h)).map(|(q, _)| q).collect();
    let asked = splits.iter().filter(|q| q.ends_with(['?', '？'])).count();
    // Half the items written so, asking outright; or two thirds ("GIL →
    // Global Interpreter Lock"). One "When in doubt -> profile" is advice.
    splits.len() >= 2
        && ((splits.len() * 2 >= heads.len() && asked * 2 >= splits.len()) || splits.len() * 3 >= heads.len() * 2)
}

/// The list of follow-up questions that is all an item holds, if it is.
fn follow_ups<'a>(ex: &Extractor<'_>, item: &'a Item) -> Option<&'a List> {
    let [block] = item.body.as_slice() else { return None };
    let BlockKind::List(list) = &block.kind else { return None };
    let heads: Vec<String> = list.items.iter().map(|i| ex.doc.head(i)).collect();
    let asked = list.items.iter().zip(&heads).filter(|(i, head)| asks(head) && i.body.is_empty()).count();
    (asked * 2 > list.items.len() && question_items(ex, list, &heads).iter().all(|&q| q)).then_some(list)
}

/// The questions under a stem item, each with the stem on its front.
fn stem_questions<'a>(
    ex: &mut Extractor<'a>,
    scope: &Scope,
    stem: &str,
    list: &'a List,
    pin: Option<String>,
    stem_span: std::ops::Range<usize>,
) {
    let mut pin = pin;
    let mut stem_span = Some(stem_span);
    let heads: Vec<String> = list.items.iter().map(|item| ex.doc.head(item)).collect();
    let questions = question_items(ex, list, &heads);
    let stem = question::clean(stem);
    let mut unanswered = Vec::new();
    for ((item, head), &q) in list.items.iter().zip(&heads).zip(&questions) {
        let line = ex.doc.line(item.span.start);
        let body: Vec<&Block> = item.body.iter().collect();
        let front = if q { format!("{stem}\n\n{}", question::clean(head)) } else { format!("{stem}\n\n{head}") };
        let covers = [Some(item.span.clone()), stem_span.take()].into_iter().flatten().collect();
        let question = Question { front, line, covers, pin: pin.take() };
        if !question::card(ex, scope, question, String::new(), &body) {
            unanswered.push(item.span.start);
        }
    }
    if let Some(&offset) = unanswered.first() {
        let message = unanswered_message(ex, unanswered.len(), "list of questions");
        ex.notice(offset, "no-answer", message);
    }
}

/// What `check` says of the questions in a list or table that the guide
/// does not answer, and what became of them.
pub(super) fn unanswered_message(ex: &Extractor<'_>, count: usize, place: &str) -> String {
    let what = if count == 1 { "a question".to_owned() } else { format!("{count} questions") };
    if ex.keep_unanswered {
        format!("{place} holds {what} without an answer: each became a card whose back says so")
    } else {
        format!(
            "{place} holds {what} without an answer: no card is made (`keep-unanswered: true` in front matter makes them cards)"
        )
    }
}

/// "what does `map` do?", "what is **a mutex**?", "what are **daemon threads**?"
pub(super) fn definition_question(lang: Lang, def: &classify::Definition<'_>) -> String {
    let (term, style) = (def.term, def.style);
    // `**Pros**: …` under a topic names an aspect of it, not a term:
    // "Leader-follower: pros?", not "what are **Pros**?".
    if style != TermStyle::Code && is_aspect(term) {
        let mut chars = term.trim().chars();
        let first = chars.next().map(|c| c.to_lowercase().collect::<String>()).unwrap_or_default();
        return format!("{first}{}?", chars.as_str());
    }
    // `sample space` or `event` over math is a notion in code style: it
    // means something rather than does.
    let word = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && w.chars().all(|c| c.is_alphabetic() || c == '-')
    };
    let notion = term.split(' ').all(word) && (term.contains(' ') || def.explanation.contains('$'));
    let (id, term) = match style {
        TermStyle::Code if notion || term.starts_with(|c: char| c.is_ascii_digit()) => {
            ("term-code-means", term.to_owned())
        }
        TermStyle::Code => ("term-code-does", term.to_owned()),
        _ => return what_is(lang, &format!("**{term}**")),
    };
    lang.say(id, &[("term", Arg::Text(&term))])
}

/// Labels that name an aspect of the topic above them (its pros, an
/// example) rather than a term to define.
fn is_aspect(term: &str) -> bool {
    const ASPECTS: &[&str] = &[
        "pros",
        "cons",
        "advantages",
        "disadvantages",
        "benefits",
        "drawbacks",
        "trade-offs",
        "tradeoffs",
        "limitations",
        "use case",
        "use cases",
        "usage",
        "when to use",
        "purpose",
        "goal",
        "concept",
        "idea",
        "key idea",
        "definition",
        "example",
        "examples",
        "how it works",
        "pitfalls",
        "complexity",
        "time complexity",
        "space complexity",
        "summary",
        "description",
        "overview",
        "features",
        "key features",
        "characteristics",
        "properties",
        "плюсы",
        "минусы",
        "преимущества",
        "недостатки",
        "пример",
        "суть",
        "определение",
        "优点",
        "缺点",
        "优势",
        "劣势",
        "概念",
        "定义",
        "例子",
        "示例",
        "用途",
        "ventajas",
        "desventajas",
        "ejemplo",
        "vorteile",
        "nachteile",
        "beispiel",
        "avantages",
        "inconvénients",
        "exemple",
    ];
    let bare = term.trim().trim_end_matches([':', '：']).to_lowercase();
    ASPECTS.contains(&bare.as_str())
}

/// "what is **a mutex**?", "what are **daemon threads**?": `term` as
/// written, its number read from its last word.
pub(super) fn what_is(lang: Lang, term: &str) -> String {
    let id = if classify::is_plural(term) { "term-are" } else { "term-is" };
    lang.say(id, &[("term", Arg::Text(term))])
}
