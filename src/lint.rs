//! Card quality lints: takes a rendered deck, gives findings — each with
//! the card's source line, a stable code, a one-line message and a fix — on
//! how well each card follows the minimum-information principles (one
//! precise question, a short answer that the front does not give away, code
//! that fits a phone), plus a per-kind summary of how many cards have
//! findings. The lints read the cards only; `check` calls them beside its
//! coverage checks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::card::{CardKind, MAX_LIST_ITEMS};
use crate::deck::{Deck, DeckCard};
use crate::markdown;

/// An answer listing more items than this gets a `long-list` finding
/// (above `MAX_LIST_ITEMS` the answer is split, and `check` warns).
pub const LIST_ITEMS: usize = 5;
/// Code wider than this many columns (a tab counts as 4) is `wide-code`.
pub const CODE_COLUMNS: usize = 60;
/// Code taller than this many lines is `tall-code`.
pub const CODE_LINES: usize = 25;
/// `answer-in-front` judges only answers of at most this many distinct
/// content words…
pub const ANSWER_WORDS: usize = 12;
/// …and at least this many (a one- or two-word answer named among the
/// choices of its question is no give-away).
pub const ANSWER_MIN_WORDS: usize = 3;
/// …when at least this share (in percent) of them is on the front.
pub const ANSWER_IN_FRONT_PERCENT: usize = 70;

/// Phrases on a front that point at something the card must show (code,
/// a list, a picture). Lower case, words separated by single spaces;
/// matched as whole words, with inline code left out (so `` `this` `` is
/// never a reference). Add more as guides need them.
pub const DANGLING_REFERENCES: &[&str] = &[
    "the following",
    "following code",
    "following snippet",
    "following program",
    "following example",
    "code below",
    "below code",
    "below program",
    "below snippet",
    "program below",
    "snippet below",
    "example below",
    "table below",
    "figure below",
    "diagram below",
    "image below",
    "shown below",
    "given below",
    "code above",
    "above code",
    "snippet above",
    "example above",
    "shown above",
    "given above",
    "mentioned above",
    "as shown",
    "see above",
    "see below",
    "this code",
    "this snippet",
    "this program",
    "this script",
    "this example",
    "this function",
    "this query",
    "this output",
    "this diagram",
    "this figure",
    "this image",
    "this picture",
    "this table",
];

/// One-word labels that name no topic of their own ("Advantages: key
/// points?" asks nothing precise).
const GENERIC_LABELS: &[&str] = &[
    "about",
    "advantages",
    "appendix",
    "background",
    "basic",
    "basics",
    "benefits",
    "changelog",
    "checklist",
    "common",
    "conclusion",
    "contents",
    "contributing",
    "credits",
    "further",
    "getting",
    "guide",
    "history",
    "index",
    "installation",
    "key",
    "license",
    "links",
    "main",
    "mistakes",
    "motivation",
    "preface",
    "prerequisites",
    "quick",
    "reading",
    "recommended",
    "references",
    "requirements",
    "resources",
    "review",
    "setup",
    "started",
    "study",
    "techniques",
    "version",
    "characteristics",
    "concepts",
    "cons",
    "definition",
    "definitions",
    "description",
    "details",
    "disadvantages",
    "drawbacks",
    "example",
    "examples",
    "facts",
    "features",
    "general",
    "important",
    "info",
    "information",
    "intro",
    "introduction",
    "misc",
    "miscellaneous",
    "notes",
    "other",
    "others",
    "overview",
    "points",
    "properties",
    "pros",
    "remember",
    "summary",
    "terms",
    "terminology",
    "theory",
    "things",
    "tips",
    "usage",
    "uses",
];

/// Words that make a short front a question or a task.
const TASK_WORDS: &[&str] = &[
    "are",
    "calculate",
    "can",
    "compare",
    "complete",
    "compute",
    "contrast",
    "convert",
    "create",
    "define",
    "derive",
    "describe",
    "design",
    "did",
    "discuss",
    "do",
    "does",
    "draw",
    "evaluate",
    "explain",
    "fill",
    "find",
    "give",
    "how",
    "identify",
    "implement",
    "is",
    "list",
    "name",
    "outline",
    "predict",
    "prove",
    "show",
    "solve",
    "state",
    "summarise",
    "summarize",
    "translate",
    "what",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "why",
    "write",
];

/// Words that carry no answer of their own.
const STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does",
    "doing", "down", "during", "each", "either", "else", "etc", "even", "ever", "every", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "however", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "let", "like", "may", "me", "might", "more", "most", "much",
    "must", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "out",
    "over", "own", "per", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "thus", "to", "too", "under", "until", "up",
    "upon", "us", "use", "used", "uses", "using", "very", "via", "was", "we", "were", "what", "when", "where",
    "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yes",
    "yet", "you", "your",
];

/// Words that make a question symmetric: "difference between A and B"
/// asks what "difference between B and A" asks.
const SYMMETRIC_WORDS: &[&str] = &["between", "compare", "comparison", "difference", "differences", "versus", "vs"];

/// The lints, in the order findings on one line are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lint {
    /// The answer lists more than [`LIST_ITEMS`] items.
    LongList,
    /// The front asks nothing precise.
    VagueFront,
    /// Most of the answer's words are already on the front.
    AnswerInFront,
    /// The front points at code or a picture it does not show.
    DanglingReference,
    /// The front nearly repeats another front of the deck.
    NearDuplicate,
    /// Code wider than [`CODE_COLUMNS`].
    WideCode,
    /// Code taller than [`CODE_LINES`].
    TallCode,
    /// The front asks to explain; the answer is one word or none.
    ThinAnswer,
}

impl Lint {
    pub const ALL: [Lint; 8] = [
        Self::LongList,
        Self::VagueFront,
        Self::AnswerInFront,
        Self::DanglingReference,
        Self::NearDuplicate,
        Self::WideCode,
        Self::TallCode,
        Self::ThinAnswer,
    ];

    /// The stable kebab-case name used in output and JSON.
    pub fn code(self) -> &'static str {
        match self {
            Self::LongList => "long-list",
            Self::VagueFront => "vague-front",
            Self::AnswerInFront => "answer-in-front",
            Self::DanglingReference => "dangling-reference",
            Self::NearDuplicate => "near-duplicate",
            Self::WideCode => "wide-code",
            Self::TallCode => "tall-code",
            Self::ThinAnswer => "thin-answer",
        }
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One quality finding on one card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub lint: Lint,
    /// The card's source line.
    pub line: usize,
    pub kind: CardKind,
    /// What is wrong, on one line.
    pub message: String,
    /// What to do about it, on one line.
    pub fix: String,
}

/// How many cards of one kind there are, and how many have findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindQuality {
    pub kind: CardKind,
    pub cards: usize,
    pub with_findings: usize,
}

/// A guide's quality in figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quality {
    pub cards: usize,
    pub cards_with_findings: usize,
    /// Every kind the deck has, in [`CardKind`] order.
    pub by_kind: Vec<KindQuality>,
}

/// Lints every card of the deck; findings are in line order (then in
/// [`Lint`] order).
pub fn lint(deck: &Deck) -> (Vec<Finding>, Quality) {
    let cards: Vec<Anatomy> = deck.cards.iter().map(Anatomy::of).collect();
    let mut found: Vec<(usize, Lint, String, String)> = Vec::new();
    let mut reported: HashSet<(Lint, String)> = HashSet::new();
    for (index, (card, anatomy)) in deck.cards.iter().zip(&cards).enumerate() {
        let mut say = |lint: Lint, (message, fix): (String, String)| found.push((index, lint, message, fix));
        if let Some(f) = long_list(anatomy) {
            say(Lint::LongList, f);
        }
        if let Some(f) = vague_front(card, anatomy) {
            say(Lint::VagueFront, f);
        }
        if let Some(f) = answer_in_front(card, anatomy) {
            say(Lint::AnswerInFront, f);
        }
        if let Some(f) = dangling_reference(card, anatomy) {
            say(Lint::DanglingReference, f);
        }
        // A block shown on several cards (a code card and its output
        // cards) is reported once, where it is first shown.
        if let Some((f, widest)) = wide_code(anatomy)
            && reported.insert((Lint::WideCode, widest))
        {
            say(Lint::WideCode, f);
        }
        if let Some((f, opening)) = tall_code(anatomy)
            && reported.insert((Lint::TallCode, opening))
        {
            say(Lint::TallCode, f);
        }
        if let Some(f) = thin_answer(card, anatomy) {
            say(Lint::ThinAnswer, f);
        }
    }
    for (index, first) in near_duplicates(deck, &cards) {
        let card = &deck.cards[first];
        found.push((
            index,
            Lint::NearDuplicate,
            format!("front nearly repeats the card at line {} (\"{}\")", card.source.line, snippet(&card.front.text())),
            "merge the two cards, or make each ask something the other does not".to_owned(),
        ));
    }
    found.sort_by_key(|(index, lint, ..)| (deck.cards[*index].source.line, *index, *lint));
    // The parts of a split answer share a line: one finding per line and lint.
    let mut seen = HashSet::new();
    found.retain(|(index, lint, ..)| seen.insert((deck.cards[*index].source.line, *lint)));

    let mut by_kind: BTreeMap<CardKind, (usize, usize)> = BTreeMap::new();
    for card in &deck.cards {
        by_kind.entry(card.kind).or_default().0 += 1;
    }
    let mut flagged = vec![false; deck.cards.len()];
    for (index, ..) in &found {
        if !std::mem::replace(&mut flagged[*index], true) {
            by_kind.entry(deck.cards[*index].kind).or_default().1 += 1;
        }
    }
    let quality = Quality {
        cards: deck.cards.len(),
        cards_with_findings: flagged.iter().filter(|f| **f).count(),
        by_kind: by_kind
            .into_iter()
            .map(|(kind, (cards, with_findings))| KindQuality { kind, cards, with_findings })
            .collect(),
    };
    let findings = found
        .into_iter()
        .map(|(index, lint, message, fix)| {
            let card = &deck.cards[index];
            Finding { lint, line: card.source.line, kind: card.kind, message, fix }
        })
        .collect();
    (findings, quality)
}

/// What the lints need of a card's two sides, from one parse of each.
#[derive(Debug, Default)]
struct Anatomy {
    front: SideAnatomy,
    back: SideAnatomy,
}

#[derive(Debug, Default)]
struct SideAnatomy {
    /// Text outside code blocks, inline code marked off with `` ` ``.
    prose: String,
    /// The text of each code block.
    code: Vec<String>,
    /// List items at any depth.
    items: usize,
    /// Shows something besides prose: code, a list, a table, a picture.
    shows: bool,
}

impl Anatomy {
    fn of(card: &DeckCard) -> Self {
        Self { front: SideAnatomy::of(&card.front.markdown), back: SideAnatomy::of(&card.back.markdown) }
    }
}

impl SideAnatomy {
    fn of(markdown: &str) -> Self {
        let mut side = Self::default();
        let mut code: Option<String> = None;
        for event in Parser::new_ext(&markdown::join_display_math(markdown), markdown::options()) {
            match event {
                Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
                Event::End(TagEnd::CodeBlock) => {
                    side.code.extend(code.take());
                    side.shows = true;
                }
                Event::Text(t) => match &mut code {
                    Some(code) => code.push_str(&t),
                    None => side.prose.push_str(&t),
                },
                Event::Code(t) => {
                    side.prose.push('`');
                    side.prose.push_str(&t);
                    side.prose.push('`');
                }
                Event::SoftBreak | Event::HardBreak => side.prose.push(' '),
                Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                    side.prose.push('\n');
                }
                Event::Start(Tag::Item) => {
                    side.items += 1;
                    side.shows = true;
                }
                Event::Start(Tag::Table(_) | Tag::Image { .. } | Tag::List(_)) => side.shows = true,
                Event::Html(html) | Event::InlineHtml(html) => {
                    let lower = html.to_ascii_lowercase();
                    if ["<img", "<pre", "<table", "<svg", "<ul", "<ol"].iter().any(|tag| lower.contains(tag)) {
                        side.shows = true;
                    }
                }
                Event::InlineMath(t) | Event::DisplayMath(t) => {
                    side.prose.push('$');
                    side.prose.push_str(&t);
                    side.prose.push('$');
                }
                _ => {}
            }
        }
        side
    }

    /// Words of the prose (lower case; inline code and math left out).
    fn words(&self) -> Vec<String> {
        words(&without_inline_code(&self.prose))
    }
}

/// The prose with inline code and math blanked out.
fn without_inline_code(prose: &str) -> String {
    let mut out = String::with_capacity(prose.len());
    let mut inside: Option<char> = None;
    for c in prose.chars() {
        match inside {
            Some(end) if c == end => {
                inside = None;
                out.push(' ');
            }
            Some(_) => {}
            None if c == '`' || c == '$' => inside = Some(c),
            None => out.push(c),
        }
    }
    out
}

/// Lower-case words: runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Scripts written without spaces between words (Chinese, Japanese,
/// Korean…), where counting words by spaces means nothing.
fn spaceless(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
    })
}

/// Strips a crude plural/possessive ending so "transports" meets "transport".
fn stem(word: &str) -> &str {
    let word = word.strip_suffix("'s").unwrap_or(word);
    if word.len() > 4 && word.ends_with("es") && (word.ends_with("ses") || word.ends_with("xes")) {
        &word[..word.len() - 2]
    } else if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// The front without a leading label made of `names` (the breadcrumb or
/// the deck's names: "Storage: what is …" → "what is …").
fn without_breadcrumb<'a>(front: &'a str, names: &[String]) -> &'a str {
    let known: Vec<String> = names.iter().flat_map(|c| words(c)).collect();
    let mut rest = front.trim();
    while let Some((label, after)) = rest.split_once(": ").or_else(|| rest.split_once(" › ")) {
        let label_words = words(label);
        if label_words.is_empty() || !label_words.iter().all(|w| known.contains(w)) || after.trim().is_empty() {
            break;
        }
        rest = after.trim();
    }
    rest
}

fn snippet(text: &str) -> String {
    crate::text::one_line(text, 50)
}

fn finding(message: String, fix: &str) -> Option<(String, String)> {
    Some((message, fix.to_owned()))
}

/// Lint 1, `long-list`: more than [`LIST_ITEMS`] items on the back (code not
/// counted). Above [`MAX_LIST_ITEMS`] `check` already warns.
fn long_list(card: &Anatomy) -> Option<(String, String)> {
    let items = card.back.items;
    (LIST_ITEMS < items && items <= MAX_LIST_ITEMS).then_some(())?;
    finding(
        format!("answer lists {items} items (more than {LIST_ITEMS})"),
        "split it into groups of a few related items (sub-headings or sub-lists make one card each), or turn it into a table",
    )
}

/// Lint 2, `vague-front`: the front asks nothing precise — an "Explain: TOPIC"
/// prose card, a "LABEL: key points?" or "LABEL: name all N." card whose
/// label is one generic word, or a short label with no question or task.
fn vague_front(card: &DeckCard, anatomy: &Anatomy) -> Option<(String, String)> {
    if card.kind == CardKind::Cloze || anatomy.front.shows {
        return None;
    }
    let prose = anatomy.front.prose.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = prose.to_lowercase();
    if let Some(topic) = lower.strip_prefix("explain: ")
        && vague_topic(topic, card)
    {
        return finding(
            format!("front only says \"{}\": it asks nothing precise", snippet(&prose)),
            "turn the heading into the question the prose answers (### Why …? / ### How …?), or split the prose into Q/A pairs",
        );
    }
    let label = lower
        .strip_suffix(": key points?")
        .or_else(|| lower.split_once(": name all ").map(|(label, _)| label).filter(|_| lower.ends_with('.')));
    if let Some(label) = label
        && let [word] = words(label).as_slice()
        && GENERIC_LABELS.contains(&word.as_str())
    {
        return finding(
            format!("front \"{}\" names no topic ({word} of what?)", snippet(&prose)),
            "give the label its subject (\"Advantages of B-trees\") or ask a question about it",
        );
    }
    let words = anatomy.front.words();
    if !prose.contains(['?', '？'])
        && prose.is_ascii()
        && (1..3).contains(&words.len())
        && !prose.trim_end().ends_with(':')
        && !words.iter().any(|w| TASK_WORDS.contains(&w.as_str()))
        && !prose.contains('`')
    {
        return finding(
            format!("front \"{}\" is a label, not a question", snippet(&prose)),
            "ask what you want recalled about it (\"What does … do?\", \"Why …?\")",
        );
    }
    None
}

/// Whether the topic of an "Explain: TOPIC" prose card names nothing to
/// explain: the guide's own title or file name (prose before the first
/// section), or a heading of generic words only ("Introduction", "Common
/// mistakes", "Study guide"). A real topic ("Explain: Sliding window") is
/// left alone: that prose card asks for the topic as a whole.
fn vague_topic(topic: &str, card: &DeckCard) -> bool {
    // "Topic (2)", "Topic (continued, 2/3)": the same topic.
    let topic = topic.split(" (").next().unwrap_or(topic).trim();
    if topic.contains(['?', '？']) {
        return false;
    }
    let words = words(topic);
    let slug = !topic.contains(' ') && topic.contains(['-', '_']);
    let at_root = card.context.len() <= 1;
    let generic = !words.is_empty()
        && words.iter().all(|w| GENERIC_LABELS.contains(&w.as_str()) || STOPWORDS.contains(&w.as_str()));
    at_root || slug || generic
}

/// Lint 3, `answer-in-front`: a short answer whose content words (not stop
/// words, not words of the breadcrumb) are mostly on the front already.
fn answer_in_front(card: &DeckCard, anatomy: &Anatomy) -> Option<(String, String)> {
    // A front offering choices (a list) names its answer among them.
    if matches!(card.kind, CardKind::Cloze | CardKind::Output | CardKind::Code)
        || anatomy.front.shows
        || !anatomy.back.code.is_empty()
        || spaceless(&anatomy.back.prose)
    {
        return None;
    }
    // "How many X?" is answered "three X"; "Is X Y?" with "Yes, X is Y".
    let front_lower = anatomy.front.prose.to_lowercase();
    if ["how many", "how much"].iter().any(|q| front_lower.contains(q))
        || words(&anatomy.back.prose)
            .first()
            .is_some_and(|w| ["yes", "no", "true", "false", "correct", "incorrect"].contains(&w.as_str()))
    {
        return None;
    }
    let mut back_prose = without_inline_code(&anatomy.back.prose);
    if card.kind == CardKind::Definition {
        // A definition's back opens with its term, which its front names.
        for separator in [": ", " - ", " — ", " – "] {
            if let Some((_, definition)) = back_prose.split_once(separator) {
                back_prose = definition.to_owned();
                break;
            }
        }
    }
    // Line-leading labels ("**Short:** …", a table's column names) are
    // the card's layout, not its answer.
    let back_prose: String = back_prose
        .lines()
        .map(|line| match line.split_once(':') {
            Some((label, rest)) if label.split_whitespace().count() <= 4 => rest,
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let crumbs: Vec<String> = card.context.iter().flat_map(|c| words(c)).map(|w| stem(&w).to_owned()).collect();
    let mut content: Vec<String> = Vec::new();
    for word in words(&back_prose) {
        let stemmed = stem(&word).to_owned();
        let trivial = STOPWORDS.contains(&word.as_str()) || (word.len() < 2 && word.is_ascii());
        if !trivial && !crumbs.contains(&stemmed) && !content.contains(&stemmed) {
            content.push(stemmed);
        }
    }
    if !(ANSWER_MIN_WORDS..=ANSWER_WORDS).contains(&content.len()) {
        return None;
    }
    let front: Vec<String> = anatomy.front.words().iter().map(|w| stem(w).to_owned()).collect();
    let repeated: Vec<&String> = content.iter().filter(|w| front.contains(w)).collect();
    (repeated.len() * 100 >= content.len() * ANSWER_IN_FRONT_PERCENT).then_some(())?;
    let shown: Vec<&str> = repeated.iter().take(4).map(|w| w.as_str()).collect();
    finding(
        format!(
            "front gives the answer away: {} of its {} words are on the front ({}{})",
            repeated.len(),
            content.len(),
            shown.join(", "),
            if repeated.len() > shown.len() { ", …" } else { "" }
        ),
        "take the answer's words out of the question, or ask for something the front does not say",
    )
}

/// Lint 4, `dangling-reference`: the front points at something ("the code
/// below", "as shown") and shows no code, list, table or picture.
fn dangling_reference(card: &DeckCard, anatomy: &Anatomy) -> Option<(String, String)> {
    if anatomy.front.shows || card.kind == CardKind::Cloze {
        return None;
    }
    // Words and `:` (after which a reference is resolved in place).
    let text = without_inline_code(&anatomy.front.prose).to_lowercase();
    let tokens: Vec<String> = text
        .split_inclusive(|c: char| !c.is_alphanumeric())
        .flat_map(|piece| {
            let word: String = piece.chars().filter(|c| c.is_alphanumeric()).collect();
            let colon = piece.ends_with(':').then(|| ":".to_owned());
            [Some(word).filter(|w| !w.is_empty()), colon]
        })
        .flatten()
        .collect();
    for phrase in DANGLING_REFERENCES {
        let phrase: Vec<&str> = phrase.split(' ').collect();
        let Some(at) = tokens.windows(phrase.len()).position(|w| w.iter().zip(&phrase).all(|(a, b)| a == b)) else {
            continue;
        };
        let after = &tokens[at + phrase.len()..];
        let resolved = after.iter().position(|t| t == ":").is_some_and(|colon| colon + 1 < after.len());
        if !resolved {
            return finding(
                format!("front refers to \"{}\" but shows no code, list or picture", phrase.join(" ")),
                "put what it refers to on the front (the code or list just before the question), or name it in words",
            );
        }
    }
    None
}

/// Columns of a code line: characters, a tab counting as 4.
fn columns(line: &str) -> usize {
    line.trim_end().chars().map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// Lint 6a, `wide-code`: a code block wider than [`CODE_COLUMNS`]; gives the
/// widest line too.
fn wide_code(card: &Anatomy) -> Option<((String, String), String)> {
    let (side, width, widest) = [("front", &card.front), ("back", &card.back)]
        .into_iter()
        .flat_map(|(name, side)| side.code.iter().flat_map(|c| c.lines()).map(move |l| (name, columns(l), l)))
        .max_by_key(|(_, width, _)| *width)?;
    (width > CODE_COLUMNS).then_some(())?;
    let finding = finding(
        format!("code on the {side} is {width} columns wide (more than {CODE_COLUMNS})"),
        "break long lines or shorten names so the code fits a phone without scrolling",
    )?;
    Some((finding, widest.trim().to_owned()))
}

/// Lint 6b, `tall-code`: a code block taller than [`CODE_LINES`]; gives the
/// block's first lines too (cards showing it up to a line share them).
fn tall_code(card: &Anatomy) -> Option<((String, String), String)> {
    let (side, height, code) = [("front", &card.front), ("back", &card.back)]
        .into_iter()
        .flat_map(|(name, side)| side.code.iter().map(move |c| (name, c.trim_end().lines().count(), c)))
        .max_by_key(|(_, height, _)| *height)?;
    (height > CODE_LINES).then_some(())?;
    let finding = finding(
        format!("code on the {side} is {height} lines long (more than {CODE_LINES})"),
        "show only the lines that matter, or split the block into parts each led by a comment line",
    )?;
    Some((finding, code.lines().take(3).collect::<Vec<_>>().join("\n")))
}

/// Lint 7, `thin-answer`: the front asks to explain (explain, why, how,
/// describe, what is the difference) and the back is one word or none.
fn thin_answer(card: &DeckCard, anatomy: &Anatomy) -> Option<(String, String)> {
    if !anatomy.back.code.is_empty() || anatomy.back.shows && anatomy.back.items == 0 || card.kind == CardKind::Cloze {
        return None;
    }
    let asked = without_breadcrumb(&anatomy.front.prose, &card.context);
    let asked = asked.trim_start_matches(|c: char| !c.is_alphanumeric());
    let front = words(asked);
    let explains = match front.as_slice() {
        [first, ..] if ["explain", "why", "describe"].contains(&first.as_str()) => true,
        [how, next, ..] if how == "how" => {
            !["many", "much", "long", "old", "often", "far", "big", "large", "fast", "few"].contains(&next.as_str())
        }
        [what, verb, the, difference, ..] => {
            what == "what"
                && ["is", "s", "are"].contains(&verb.as_str())
                && the == "the"
                && (difference == "difference" || difference == "differences")
        }
        _ => false,
    };
    if !explains {
        return None;
    }
    let back = anatomy.back.prose.trim();
    let back_words = back.split_whitespace().count();
    if back_words > 1 || back.chars().count() > 20 || back.to_lowercase().contains("no answer in the guide") {
        return None;
    }
    let said = if back.is_empty() { "nothing".to_owned() } else { format!("\"{back}\"") };
    finding(
        format!("front asks to explain but the answer is {said}"),
        "write the explanation (a sentence or two), or ask a question a word can answer",
    )
}

/// Lint 5, `near-duplicate`: cards of one deck whose fronts ask the same thing
/// in other words — equal once case, punctuation, articles and a breadcrumb
/// label are set aside; the same words in another order in a symmetric
/// question ("difference between A and B"); or one long word apart by a
/// typo. Fronts equal but for case are left to `check`'s duplicate warning;
/// fronts with different code never match. Gives (card, earlier card).
fn near_duplicates(deck: &Deck, cards: &[Anatomy]) -> Vec<(usize, usize)> {
    struct Front {
        words: Vec<String>,
        exact: String,
    }
    let fronts: Vec<Front> = deck
        .cards
        .iter()
        .zip(cards)
        .map(|(card, anatomy)| {
            let deck_names: Vec<String> = card.deck.split("::").map(str::to_owned).collect();
            let asked = without_breadcrumb(&anatomy.front.prose, &deck_names);
            let mut words = question_words(asked);
            // Code on the front is part of the question.
            words.extend(anatomy.front.code.iter().map(|c| format!("\u{1}{c}")));
            Front { words, exact: card.front.text().to_lowercase() }
        })
        .collect();

    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut taken = vec![false; deck.cards.len()];
    let mut report = |index: usize, first: usize, out: &mut Vec<(usize, usize)>| {
        let (a, b) = (&deck.cards[index], &deck.cards[first]);
        let same_answer_parts = a.source.line == b.source.line;
        if !taken[index] && !same_answer_parts && fronts[index].exact != fronts[first].exact {
            taken[index] = true;
            out.push((index, first));
        }
    };
    let mut keys: HashMap<(&str, String), usize> = HashMap::new();
    let mut sorted: HashMap<(&str, Vec<&str>), usize> = HashMap::new();
    let mut wildcard: HashMap<(&str, usize, Vec<&str>), Vec<usize>> = HashMap::new();
    for (index, (card, front)) in deck.cards.iter().zip(&fronts).enumerate() {
        if card.kind == CardKind::Cloze || front.words.is_empty() {
            continue;
        }
        let deck_name = card.deck.as_str();
        // Equal but for case, punctuation, spacing and articles.
        match keys.entry((deck_name, front.words.concat())) {
            std::collections::hash_map::Entry::Occupied(first) => report(index, *first.get(), &mut out),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
        // The same words in another order, in a symmetric question.
        if front.words.len() >= 4 && front.words.iter().any(|w| SYMMETRIC_WORDS.contains(&w.as_str())) {
            let mut bag: Vec<&str> = front.words.iter().map(String::as_str).collect();
            bag.sort_unstable();
            match sorted.entry((deck_name, bag)) {
                std::collections::hash_map::Entry::Occupied(first) => report(index, *first.get(), &mut out),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(index);
                }
            }
        }
        // One word apart, by a typo in a long word.
        if front.words.len() >= 3 {
            for (at, word) in front.words.iter().enumerate() {
                if typo_candidate(word) {
                    let mut rest: Vec<&str> = front.words.iter().map(String::as_str).collect();
                    rest.remove(at);
                    wildcard.entry((deck_name, at, rest)).or_default().push(index);
                }
            }
        }
    }
    let mut groups: Vec<&Vec<usize>> = wildcard.values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for group in groups {
        for (i, &later) in group.iter().enumerate().skip(1) {
            for &first in &group[..i] {
                let at = fronts[later].words.iter().zip(&fronts[first].words).position(|(a, b)| a != b);
                let Some(at) = at else { continue };
                if typo(&fronts[later].words[at], &fronts[first].words[at]) {
                    report(later, first, &mut out);
                    break;
                }
            }
        }
    }
    out.sort_unstable();
    out
}

/// The words of a question, lower case, without articles: sentence
/// punctuation separates words and is dropped, a hyphen between letters
/// joins them ("multi-threading" is "multithreading"), other symbols are
/// kept ("-12 % 10" is not "12 10").
fn question_words(text: &str) -> Vec<String> {
    const PUNCTUATION: &[char] = &[
        ',', ';', ':', '?', '¿', '¡', '"', '\'', '`', '(', ')', '…', '«', '»', '“', '”', '‘', '’', '？', '，', '。',
        '：', '；', '！',
    ];
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let sentence_end = matches!(c, '.' | '!') && next.is_none_or(char::is_whitespace);
        let joiner = c == '-' && prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic);
        if c.is_whitespace() || sentence_end || PUNCTUATION.contains(&c) {
            words.push(std::mem::take(&mut word));
        } else if !joiner {
            word.extend(c.to_lowercase());
        }
    }
    words.push(word);
    words.retain(|w| !w.is_empty() && !["a", "an", "the"].contains(&w.as_str()));
    words
}

/// A word long enough, and plain enough, that a small edit in it is a typo
/// rather than another word: letters only, at least 6 of them.
fn typo_candidate(word: &str) -> bool {
    word.chars().count() >= 6 && word.chars().all(char::is_alphabetic)
}

/// Whether two different words are one typo apart: at most one edit (two
/// for words of 9 letters or more), and not a plural of one another alone.
fn typo(a: &str, b: &str) -> bool {
    if !typo_candidate(a) || !typo_candidate(b) || a == b {
        return false;
    }
    let limit = if a.chars().count().min(b.chars().count()) >= 9 { 2 } else { 1 };
    edit_distance(a, b, limit) <= limit
}

/// Levenshtein distance, giving up (returning `limit + 1`) past `limit`.
fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            current[j + 1] = (previous[j] + usize::from(ca != cb)).min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().all(|d| *d > limit) {
            return limit + 1;
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::SourceRef;
    use crate::render;

    fn card(kind: CardKind, front: &str, back: &str) -> DeckCard {
        card_at(kind, front, back, 1)
    }

    fn card_at(kind: CardKind, front: &str, back: &str, line: usize) -> DeckCard {
        DeckCard {
            guid: String::new(),
            id: None,
            kind,
            deck: "Guide::Networking".to_owned(),
            context: vec!["Guide".to_owned(), "Networking".to_owned()],
            tags: Vec::new(),
            front: render::side(front),
            back: render::side(back),
            part: None,
            cloze: None,
            source: SourceRef { file: "guide.md".to_owned(), line },
            modified: 0,
        }
    }

    fn codes(cards: Vec<DeckCard>) -> Vec<&'static str> {
        let deck = Deck {
            title: "Guide".to_owned(),
            source: "guide.md".to_owned(),
            cards,
            media: Vec::new(),
            id_prefix: None,
            modified: 0,
        };
        lint(&deck).0.iter().map(|f| f.lint.code()).collect()
    }

    fn codes_of(kind: CardKind, front: &str, back: &str) -> Vec<&'static str> {
        codes(vec![card(kind, front, back)])
    }

    const Q: CardKind = CardKind::Question;

    #[test]
    fn long_list_counts_items_above_five() {
        let six: String = (1..=6).map(|i| format!("- point {i}\n")).collect();
        let five: String = (1..=5).map(|i| format!("- point {i}\n")).collect();
        assert_eq!(codes_of(Q, "What are the points?", &six), ["long-list"]);
        assert!(codes_of(Q, "What are the points?", &five).is_empty());
        let code = format!("{five}\n```text\n- not\n- items\n```\n");
        assert!(codes_of(Q, "What are the points?", &code).is_empty(), "code is not counted");
        let eight: String = (1..=8).map(|i| format!("- point {i}\n")).collect();
        assert!(codes_of(Q, "What are the points?", &eight).is_empty(), "check already warns above 7");
    }

    #[test]
    fn vague_fronts_are_labels_and_bare_explains() {
        assert_eq!(codes_of(CardKind::Note, "Explain: Introduction", "This guide covers sharding."), ["vague-front"]);
        assert_eq!(codes_of(CardKind::Note, "Explain: Common mistakes (2)", "Sharding by date."), ["vague-front"]);
        assert_eq!(codes_of(CardKind::Note, "Explain: net-notes", "Notes on networks."), ["vague-front"]);
        let mut intro = card(CardKind::Note, "Explain: Networking interview prep", "Questions I was asked.");
        intro.context.truncate(1);
        assert_eq!(codes(vec![intro]), ["vague-front"], "prose before the first section");
        assert!(codes_of(CardKind::Note, "Explain: Sharding", "Splitting data across nodes.").is_empty());
        assert_eq!(codes_of(CardKind::Topic, "Advantages: key points?", "- fast\n- small"), ["vague-front"]);
        assert_eq!(codes_of(Q, "Sharding", "Splitting data across nodes by key."), ["vague-front"]);
        assert!(codes_of(CardKind::Note, "Explain: Why sharding helps?", "Spreads load.").is_empty());
        assert!(codes_of(CardKind::Topic, "Caching › Advantages: key points?", "- fast\n- small").is_empty());
        assert!(codes_of(CardKind::Topic, "Write-through: key points?", "- fast\n- safe").is_empty());
        assert!(codes_of(Q, "What is sharding?", "Splitting data across nodes by key.").is_empty());
        assert!(codes_of(Q, "Explain sharding", "Splitting data across nodes by key.").is_empty());
        assert!(codes_of(Q, "Consistent hashing in rings", "Keys map to a ring of nodes.").is_empty());
        assert!(codes_of(Q, "什么是分片", "把数据分到多个节点上。").is_empty(), "no word count without spaces");
        assert!(codes_of(Q, "Sharding\n\n```python\nshard(x)\n```", "Splits the data.").is_empty());
    }

    #[test]
    fn answer_in_front_needs_most_answer_words_on_the_front() {
        assert_eq!(
            codes_of(Q, "What is TCP, the reliable ordered transport?", "A reliable, ordered transport."),
            ["answer-in-front"]
        );
        assert!(codes_of(Q, "What is TCP?", "A reliable, ordered transport.").is_empty());
        assert!(codes_of(Q, "Which is ordered, TCP or UDP?", "TCP").is_empty(), "a choice named in the question");
        let choices = "Which transport is reliable?\n\n- TCP, the reliable ordered transport\n- UDP";
        assert!(codes_of(Q, choices, "TCP, the reliable ordered transport").is_empty(), "options on the front");
        let count = "Three hosts on a switch: how many collision domains and broadcast domains?";
        assert!(codes_of(Q, count, "Three collision domains and one broadcast domain").is_empty());
        assert!(
            codes_of(Q, "Is TCP reliable, ordered and stream-based?", "Yes: reliable, ordered, stream-based.")
                .is_empty()
        );
        let table = "Speed › Latency: short vs medium vs long?";
        assert!(codes_of(Q, table, "**Short:** :+1:\n\n**Medium:** :+1:\n\n**Long:** :+1:").is_empty());
        // Breadcrumb words are not the answer's own.
        assert!(codes_of(Q, "What carries networking guide data?", "Networking guide data").is_empty());
        assert_eq!(codes_of(Q, "What carries routed packet data?", "Routed packet data"), ["answer-in-front"]);
        let long = "A reliable ordered transport with streams windows acks retries checksums ports sockets handshakes and congestion control";
        assert!(codes_of(Q, &format!("Is TCP {long}?"), long).is_empty(), "long answers are not judged");
    }

    #[test]
    fn dangling_references_need_something_shown() {
        assert_eq!(codes_of(Q, "What is the output of the code below?", "It prints 3."), ["dangling-reference"]);
        assert_eq!(codes_of(Q, "What does this function return?", "None, always."), ["dangling-reference"]);
        assert!(
            codes_of(Q, "What is the output of the code below?\n\n```python\nprint(3)\n```", "It prints 3.").is_empty()
        );
        assert!(codes_of(Q, "Which of the following is mutable?\n\n- list\n- tuple", "A list.").is_empty());
        assert!(codes_of(Q, "What does `this` refer to in a method?", "The receiver object.").is_empty());
        assert!(codes_of(Q, "Which of the following are mutable: list, tuple?", "A list.").is_empty());
        assert!(codes_of(Q, "What is above the transport layer?", "The application layer.").is_empty());
    }

    #[test]
    fn near_duplicates_ask_the_same_in_other_words() {
        let b = "Several words of answer.";
        let pairs = [
            ("What is a deadlock?", "What is deadlock"),
            (
                "What is the difference between a list and a tuple?",
                "What is the difference between a tuple and a list?",
            ),
            ("How does a semaphore work?", "How does a semaphor work?"),
            ("Networking: what is a socket?", "What is a socket?"),
            ("What is multi-threading?", "What is multithreading?"),
        ];
        for (first, second) in pairs {
            let cards = vec![card_at(Q, first, "One answer here.", 3), card_at(Q, second, "Another answer.", 9)];
            assert_eq!(codes(cards), ["near-duplicate"], "{first} / {second}");
        }
        let distinct = [
            ("What is HTTP/1?", "What is HTTP/2?"),
            ("What does GET do?", "What does SET do?"),
            ("Is A faster than B?", "Is B faster than A?"),
            ("What is a mutex?", "What is a mutex?"),
            ("What is the output?\n\n```python\nprint(1)\n```", "What is the output?\n\n```python\nprint(2)\n```"),
            ("How does a process start?", "How does a process stop?"),
            ("What is the output of -12 % 10?", "What is the output of -12 // 10?"),
            ("Issue 1: what are **Causes**?", "Issue 2: what are **Causes**?"),
        ];
        for (first, second) in distinct {
            let cards = vec![card_at(Q, first, b, 3), card_at(Q, second, b, 9)];
            assert!(codes(cards).is_empty(), "{first} / {second}");
        }
        let mut other = card_at(Q, "What is deadlock", b, 9);
        other.deck = "Guide::Other".to_owned();
        assert!(codes(vec![card_at(Q, "What is a deadlock?", b, 3), other]).is_empty(), "other deck");
    }

    #[test]
    fn code_is_measured_in_columns_and_lines() {
        let wide = format!("```python\n{}\n```", "x".repeat(61));
        let tabbed = format!("```python\n\t{}\n```", "x".repeat(57));
        let fits = format!("```python\n{}\n```", "x".repeat(60));
        assert_eq!(codes_of(CardKind::Code, "Write it.", &wide), ["wide-code"]);
        assert_eq!(codes_of(CardKind::Code, "Write it.", &tabbed), ["wide-code"]);
        assert!(codes_of(CardKind::Code, "Write it.", &fits).is_empty());
        let tall = format!("```python\n{}```", "x = 1\n".repeat(26));
        let short = format!("```python\n{}```", "x = 1\n".repeat(25));
        assert_eq!(codes_of(CardKind::Code, "Write it.", &tall), ["tall-code"]);
        assert!(codes_of(CardKind::Code, "Write it.", &short).is_empty());
        assert_eq!(codes_of(Q, &format!("What does it print?\n\n{tall}"), "1"), ["tall-code"]);
    }

    #[test]
    fn thin_answers_to_explain_questions() {
        assert_eq!(codes_of(Q, "Why is TCP slower than UDP?", "Handshakes."), ["thin-answer"]);
        assert_eq!(codes_of(Q, "Networking: How does TCP recover losses?", "Retransmission"), ["thin-answer"]);
        assert!(codes_of(Q, "Why is TCP slower than UDP?", "Handshakes and acknowledgements.").is_empty());
        assert!(codes_of(Q, "How many bytes is an IPv4 address?", "4").is_empty());
        assert!(codes_of(Q, "What port does SSH use?", "22").is_empty());
        assert!(codes_of(Q, "Why is TCP slower?", "```text\nSYN\n```").is_empty(), "code is an answer");
    }

    #[test]
    fn quality_counts_cards_with_findings_by_kind() {
        let deck = Deck {
            title: "Guide".to_owned(),
            source: "guide.md".to_owned(),
            cards: vec![
                card_at(Q, "Why is TCP slower than UDP?", "Handshakes.", 3),
                card_at(CardKind::Note, "Explain: Overview", "Data split across nodes.", 5),
                card_at(Q, "What is UDP?", "A datagram protocol without delivery guarantees.", 7),
            ],
            media: Vec::new(),
            id_prefix: None,
            modified: 0,
        };
        let (findings, quality) = lint(&deck);
        let lines: Vec<(usize, &str)> = findings.iter().map(|f| (f.line, f.lint.code())).collect();
        assert_eq!(lines, [(3, "thin-answer"), (5, "vague-front")]);
        assert_eq!((quality.cards, quality.cards_with_findings), (3, 2));
        let kinds: Vec<(&str, usize, usize)> =
            quality.by_kind.iter().map(|k| (k.kind.name(), k.cards, k.with_findings)).collect();
        assert_eq!(kinds, [("question", 2, 1), ("note", 1, 1)]);
    }

    #[test]
    fn every_lint_has_a_distinct_kebab_case_code() {
        let mut codes: Vec<&str> = Lint::ALL.iter().map(|l| l.code()).collect();
        assert!(codes.iter().all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-')));
        codes.dedup();
        assert_eq!(codes.len(), Lint::ALL.len());
    }
}
