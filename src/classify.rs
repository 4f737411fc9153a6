//! Text heuristics the card rules rely on: heading labels (`Q7:`, `2.`,
//! `Part III —`), question detection, definition items (`TERM - text`),
//! cloze deletions and `Q:`/`A:` prefixes. Each takes a Markdown snippet
//! and gives back what it recognised.

use std::sync::LazyLock;

use regex::Regex;

/// A built-in pattern, compiled once by its `LazyLock`.
pub(crate) fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern is valid")
}

/// `Q7:`, `Q:`, `Question 4.`, `Q 12)`, `**Q1:**`, `Вопрос 3:`, `问题 2：` —
/// a label that marks a question (emphasis around the label goes with it).
static QUESTION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:\*\*|__|\*|_)?(?:(?i:q(?:uestion)?|вопрос|pregunta|pergunta|frage)\s*(?:\d+[a-z]?)?\s*[:.)：]|(?i:question|вопрос|pregunta|pergunta|frage)\s+\d+[a-z]?\s*[-–—]?|问题\s*\d*\s*[:：.])(?:\*\*|__|\*|_)?\s*",
    )
});

/// `2.`, `2)`, `1.3`, `Part III —`, `Chapter 2:`, `Step 4 -`, `IV.`, `B)`.
static PLAIN_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:(?i:part|chapter|section|step|lesson|module|unit|day|week|topic|appendix|example|exercise)\s+(?:\d+|[IVXLC]+|[A-Z])\b\s*[:.)\-–—]?\s*|\d+(?:\.\d+)*[.):]?\s+(?:[-–—]\s+)?|\d+(?:\.\d+)*[.):]\s*|\d{1,3}\s*[-–—]\s+|[IVXLC]+[.)]\s+|[A-Z][.)]\s+)",
    )
});

/// Headings that only name a table of contents.
static CONTENTS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:table\s+of\s+contents|contents|toc|содержание|оглавление|目录|目次|índice|indice|tabla\s+de\s+contenidos?|sumário|inhalt|inhaltsverzeichnis|sommaire|table\s+des\s+matières)$",
    )
});

/// Sections about the repository rather than the subject: how to
/// contribute, the licence, thanks, sponsors, contact, changelog.
static META_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:contributing|contributions?|how\s+to\s+contribute|contributors|licen[cs]e|credits|acknowledge?ments?|thanks|special\s+thanks|sponsors?|backers|support\s+(?:me|us|the\s+project)|donat(?:e|ions?)|contact(?:\s+(?:me|us|info))?|changelog|change\s+log|release\s+notes|translations?|download(?:ing)?\s+(?:the\s+)?(?:pdf|epub|mobi|e-?books?)\b.*|(?:pdf|epub)(?:\s*/\s*epub)?\s+(?:versions?|formats?)|disclaimer|stargazers|star\s+history|authors?|maintainers?|code\s+of\s+conduct|motivation|index(?:\s+of\s+[\w\s]+)?|todo|to\s+do|待完成|待补充|how\s+to\s+use(?:\s+(?:this|the)\s+(?:guide|repo|repository|list|deck|book))?|study\s+guide|recommended\s+(?:practice\s+questions|courses|reading|resources|books)|further\s+reading|useful\s+(?:links|resources)|resources|references|problem\s+template|level\s+descriptions?|practice\s+projects|version\s+history|screenshots?|demo|visual\s+aids|how\s+to\s+run(?:\s+it)?|project\s+structure|folder\s+structure|directory\s+structure|лицензия|благодарности|контрибьюторам|как\s+помочь|авторы|贡献|贡献者|许可证|许可|致谢|赞助|联系(?:方式|我)?|mitwirken|lizenz|danksagung|contribuir|contribuciones|licencia|agradecimientos|contribuer|licence|remerciements)$",
    )
});

/// Whether a heading names a section about the repository itself
/// ("Contributing", "License", "致谢").
pub fn is_meta_heading(text: &str) -> bool {
    let bare = crate::markdown::strip_html_tags(text);
    let bare = unwrap_emphasis(bare.trim()).trim_matches(|c: char| !c.is_alphanumeric());
    META_SECTION.is_match(bare)
}

/// Whether Markdown says anything beyond its pictures (`![…](…)`,
/// `<img>`) and markup.
pub fn has_words_beside_pictures(markdown: &str) -> bool {
    static PICTURE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?s)!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>"));
    static EMPTY_LINK: LazyLock<Regex> = LazyLock::new(|| regex(r"\[\s*\]\([^)]*\)"));
    let rest = PICTURE.replace_all(markdown, " ");
    // A picture linked to its full size leaves an empty link.
    let rest = EMPTY_LINK.replace_all(&rest, " ");
    crate::markdown::strip_html_tags(&rest).chars().any(char::is_alphanumeric)
}

/// Whether an answer only grades the candidate or only links to where the
/// answer is ("Bonus points if…", "[7_answer](solutions/7.py)"): the
/// question is unanswered here.
pub fn is_answer_elsewhere(markdown: &str) -> bool {
    static GRADING: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)bonus\s+points?|extra\s+points?|plus\s+points?|加分|дополнительн\w*\s+балл|puntos\s+extra|points\s+bonus",
        )
    });
    static ANSWER_LINK: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)^\s*[-*+]?\s*\[[^\]]*(?:answer|solution|ответ|решение|答案|解答|respuesta|lösung|réponse)[^\]]*\]\([^)]*\)\s*$",
        )
    });
    let mut lines = markdown.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else { return false };
    if lines.next().is_none() && ANSWER_LINK.is_match(first) {
        return true;
    }
    // Most answers mention no grading at all: one search of the whole
    // text (which finds whatever a line's does) settles those.
    if !GRADING.is_match(markdown) {
        return false;
    }
    let lines: Vec<&str> = markdown.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let grading = lines.iter().filter(|l| GRADING.is_match(l)).count();
    grading > 0 && lines.iter().all(|l| GRADING.is_match(l) || l.trim_end().ends_with(['?', '？']))
}

/// Whether an answer is only a placeholder for one ("Answer here", "TODO",
/// "Coming soon"): the question is still unanswered.
pub fn is_placeholder(text: &str) -> bool {
    let bare = crate::markdown::strip_html_tags(text);
    // More letters and digits than any placeholder has: not one, and not
    // dots either (a code answer is read no further).
    if bare.chars().filter(|c| c.is_alphanumeric()).nth(PLACEHOLDER_LETTERS).is_some() {
        return false;
    }
    let bare: String = unwrap_emphasis(bare.trim())
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let bare = bare.split_whitespace().collect::<Vec<_>>().join(" ");
    PLACEHOLDERS.contains(&bare.as_str()) || text.trim().chars().all(|c| matches!(c, '.' | '…' | '-' | '?' | ' '))
}

/// More than the letters of the longest placeholder ("work in progress").
const PLACEHOLDER_LETTERS: usize = 32;

const PLACEHOLDERS: &[&str] = &[
    "answer here",
    "your answer here",
    "answer goes here",
    "add answer",
    "add answer here",
    "todo",
    "tbd",
    "tba",
    "to do",
    "to be added",
    "to be done",
    "to be completed",
    "tbc",
    "coming soon",
    "wip",
    "work in progress",
    "ответ",
    "ответ здесь",
    "в процессе",
    "待补充",
    "待完善",
    "待完成",
    "待更新",
    "respuesta aquí",
    "próximamente",
    "antwort hier",
    "réponse ici",
];

/// `3- What is hoisting?`: a number, a dash, a space, then words.
pub fn is_dash_numbered(text: &str) -> bool {
    static DASH_NUMBERED: LazyLock<Regex> = LazyLock::new(|| regex(r"^\d{1,3}\s*[-–—] +\S"));
    DASH_NUMBERED.is_match(text.trim_start())
}

/// Whether a heading names a table of contents ("Table of Contents", "目录").
pub fn is_contents_heading(text: &str) -> bool {
    let bare = crate::markdown::strip_html_tags(text);
    let bare = unwrap_emphasis(bare.trim()).trim_matches(|c: char| !c.is_alphanumeric());
    CONTENTS.is_match(bare)
}

/// Whether text is nothing but a question label (`Question 3.`, `Q12:`).
pub fn is_question_label_only(text: &str) -> bool {
    let bare = unwrap_emphasis(text.trim());
    QUESTION_LABEL.find(bare).is_some_and(|m| bare[m.end()..].trim().is_empty())
}

/// What a heading's label said about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    None,
    Question,
    Other,
}

/// Splits a leading label off a heading or paragraph.
pub fn strip_label(text: &str) -> (Label, &str) {
    let trimmed = text.trim();
    // Emphasis wrapping a labelled question (`**Q1: Why?**`) is dropped with
    // the label: the front is the question.
    let bare = unwrap_emphasis(trimmed);
    for (pattern, label) in [(&*QUESTION_LABEL, Label::Question), (&*PLAIN_LABEL, Label::Other)] {
        if let Some(m) = pattern.find(bare) {
            let rest = bare[m.end()..].trim();
            // `5.1` is a number, not a label over the words `1`.
            if !rest.is_empty() && (label == Label::Question || rest.chars().any(char::is_alphabetic)) {
                return (label, rest);
            }
        }
    }
    (Label::None, trimmed)
}

/// The inside of a bold or italic wrapper around a whole paragraph.
pub fn unwrap_emphasis(text: &str) -> &str {
    for marker in ["**", "__", "*", "_"] {
        if let Some(inner) = text.strip_prefix(marker).and_then(|t| t.strip_suffix(marker))
            && !inner.contains(marker)
            && !inner.is_empty()
        {
            return inner.trim();
        }
    }
    text
}

/// Whether a statement leaves a blank to fill in (`The _____ stores…`):
/// a prompt as plain as a question, its answer the missing words.
pub fn has_blank(text: &str) -> bool {
    static BLANK: LazyLock<Regex> = LazyLock::new(|| regex(r"(?:^|[^\w_])_{3,}(?:[^\w_]|$)|＿{2,}"));
    BLANK.is_match(text)
}

/// Whether a heading (or a short paragraph) asks a question.
pub fn is_question(text: &str) -> bool {
    if !text.contains(['?', '？']) && !may_have_question_label(text) {
        return false; // most text: neither a `?` nor a label to look for
    }
    let (label, rest) = strip_label(text);
    label == Label::Question || ends_with_question_mark(rest)
}

/// Whether text starts with a letter a question label can start with.
fn may_have_question_label(text: &str) -> bool {
    text.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '_')
        .chars()
        .next()
        .is_some_and(|c| matches!(c, 'q' | 'Q' | 'p' | 'P' | 'f' | 'F' | 'в' | 'В' | '问'))
}

/// Ends with `?` (or `？`), past closing marks, emphasis and decorations
/// such as difficulty emoji (`What is bagging? 👶`).
fn ends_with_question_mark(text: &str) -> bool {
    let bare = unwrap_emphasis(text.trim());
    bare.trim_end_matches(|c: char| {
        matches!(c, '*' | '_' | ')' | '"' | '\'' | '`' | '»' | '”' | '’' | '>' | '\u{200d}' | '\u{fe0f}')
            || c.is_whitespace()
            || is_decoration(c)
    })
    .ends_with(['?', '？'])
}

/// Emoji and pictographs authors append to headings.
fn is_decoration(c: char) -> bool {
    matches!(c as u32, 0x2190..=0x2BFF | 0x1F000..=0x1FAFF)
}

/// Words a question opens with, in the languages guides are commonly
/// written in: a heading that starts with one reads as a question even
/// without a `?` ("What is the output of below code").
const INTERROGATIVES: &[&str] = &[
    // "Difference between JDK and JRE": a question without its "what is".
    "difference between",
    "differences between",
    "разница между",
    "отличие",
    "отличия",
    "diferencia entre",
    "diferencias entre",
    "what",
    "why",
    "how",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "что",
    "чем",
    "как",
    "какой",
    "какая",
    "какое",
    "какие",
    "каков",
    "какова",
    "каковы",
    "зачем",
    "почему",
    "когда",
    "где",
    "кто",
    "сколько",
    "qué",
    "cómo",
    "por qué",
    "cuál",
    "cuáles",
    "cuándo",
    "dónde",
    "o que",
    "quais",
    "qual",
    "quando",
    "onde",
    "warum",
    "wie",
    "wann",
    "welche",
    "welcher",
    "quoi",
    "pourquoi",
    "comment",
    "quel",
    "quelle",
    "quels",
    "quelles",
];

/// Words a task or a yes/no question opens with ("Explain the GIL",
/// "Is a tuple hashable", "Перечислите …"): a question only among
/// siblings that are mostly questions. Verbs that are nouns as often
/// ("List comprehensions", "State machines", "Design patterns") are left
/// out.
const TASKS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "can",
    "could",
    "does",
    "do",
    "did",
    "should",
    "would",
    "will",
    "has",
    "have",
    "explain",
    "describe",
    "define",
    "compare",
    "contrast",
    "differentiate",
    "distinguish",
    "write",
    "implement",
    "discuss",
    "calculate",
    "compute",
    "prove",
    "generate",
    "create",
    "suppose",
    "given",
    "make",
    "можно",
    "может",
    "опишите",
    "перечислите",
    "расскажите",
    "объясните",
    "напишите",
    "назовите",
    "приведите",
    "дайте",
    "сравните",
    "explica",
    "explique",
    "describa",
    "descreva",
    "erkläre",
    "erklären",
    "expliquez",
];

/// An instruction written as a sentence ("Name three init systems.",
/// "List the layers of TCP/IP."): a task, where "List comprehensions" or
/// "Name resolution" as a title are not.
pub fn is_instruction(text: &str) -> bool {
    const VERBS: &[&str] = &[
        "name",
        "list",
        "give",
        "state",
        "identify",
        "outline",
        "summarize",
        "summarise",
        "show",
        "find",
        "solve",
        "derive",
        "enumerate",
        "mention",
        "tell",
        "illustrate",
        "demonstrate",
        "design",
        "draw",
    ];
    let text = unwrap_emphasis(text.trim());
    text.ends_with(['.', '。']) && (opens_with(text, VERBS) || opens_with(text, TASKS))
}

/// Whether text opens with one of `words` as a whole word (any case).
fn opens_with(text: &str, words: &[&str]) -> bool {
    let mut parts = text.split(|c: char| !c.is_alphanumeric());
    let (Some(first), second) = (parts.next(), parts.next()) else { return false };
    // No listed word is longer than this: most words are ruled out unread.
    if first.is_empty() || first.len() > 24 {
        return false;
    }
    let first = first.to_lowercase();
    words.iter().any(|w| match w.split_once(' ') {
        // "por qué", "o que": two words.
        Some((a, b)) => first == a && second.is_some_and(|s| s.to_lowercase() == b),
        None => first == *w,
    })
}

/// How a text without a `?` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reading {
    Statement,
    /// A task or a yes/no opening ("Explain …", "Is …").
    Task,
    /// A question word ("What …", "Почему …", "…是什么").
    Interrogative,
}

/// How a heading or item reads though it has no `?` (see [`Reading`]).
pub fn reading(text: &str) -> Reading {
    let bare = unwrap_emphasis(text.trim());
    let bare = bare.trim_start_matches(|c: char| !c.is_alphanumeric());
    // A difficulty tag such as `[E]` or `[Hard]` before the words.
    let bare = match bare.split_once(']') {
        Some((tag, rest)) if !tag.is_empty() && tag.len() <= 6 && tag.chars().all(|c| c.is_ascii_alphabetic()) => {
            rest.trim_start()
        }
        _ => bare,
    };
    let cjk = !bare.is_ascii();
    let contains = |words: &[&str]| cjk && words.iter().any(|w| bare.contains(w));
    if opens_with(bare, INTERROGATIVES)
        || contains(&[
            "什么",
            "为什么",
            "如何",
            "怎么",
            "怎样",
            "哪些",
            "是否",
            "吗",
            "何时",
            "なぜ",
            "ですか",
            "的区别",
            "有什么不同",
        ])
    {
        Reading::Interrogative
    } else if opens_with(bare, TASKS)
        || contains(&["简述", "解释", "说明", "介绍", "描述", "列举", "谈谈", "说说", "讨论", "区别", "请", "とは"])
    {
        Reading::Task
    } else {
        Reading::Statement
    }
}

/// Whether a heading reads like a question though it has no `?`; with
/// `tasks`, imperatives and yes/no openings count too.
pub fn reads_as_question(text: &str, tasks: bool) -> bool {
    let min = if tasks { Reading::Task } else { Reading::Interrogative };
    reading(text) >= min
}

/// `Answer`, `Show answer`, `Solution`, `Ответ`, `答案`… — a label that only
/// says "the answer follows" (a `<details>` summary, a sub-heading, the
/// start of an `Answer: 2` line).
static ANSWER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^[*_]*(?:(?:show\s+|view\s+|see\s+|reveal\s+|the\s+|correct\s+)?(?:answers?|ans|solutions?|explanation|ответ|решение|答案|解答|respuesta|solución|resposta|solução|réponse|lösung|antwort)\b|展开|点击展开|查看答案|развернуть|показать ответ|click\s+(?:here\s+)?to\s+(?:expand|show|see|view|reveal)\b)",
    )
});

/// Splits an answer label off text: `Answer: 2` → `(true, "2")` (the label
/// was followed by a separator), `Answer` → `(false, "")`.
pub fn answer_label(text: &str) -> Option<(bool, &str)> {
    let bare = text.trim();
    let m = ANSWER_LABEL.find(bare)?;
    let rest = bare[m.end()..].trim_start_matches(['*', '_', ' ', '\t']);
    let separated = rest.starts_with([':', '：', '-', '—', '.']);
    let rest = rest.trim_start_matches([':', '：', '-', '—', '.']).trim_start_matches(['*', '_']).trim();
    Some((separated, rest))
}

/// Whether an answer label names the answer itself ("Answer: C", "Ответ:
/// 4") rather than an explanation or a solution.
pub fn says_answer(text: &str) -> bool {
    let bare = text.trim().trim_start_matches(['*', '_']).to_lowercase();
    ["answer", "correct answer", "ответ", "答案", "respuesta", "resposta", "réponse", "antwort"]
        .iter()
        .any(|w| bare.starts_with(w))
}

/// Whether a summary names the answer it folds away ("Answer", "Show
/// solution", "Ответ") — not a mere "Click to expand".
pub fn names_answer(text: &str) -> bool {
    let bare = crate::markdown::strip_html_tags(text).to_lowercase();
    ["answer", "solution", "ответ", "решение", "答案", "解答", "respuesta", "resposta", "réponse", "lösung", "antwort"]
        .iter()
        .any(|w| bare.contains(w))
}

/// Whether text is an answer label, such as a `<details>` summary
/// "Answer", "Show answer", "Click to expand" or a heading "Answer: 2".
pub fn is_answer_label(text: &str) -> bool {
    let bare = crate::markdown::strip_html_tags(text);
    answer_label(bare.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '*' && c != '_')).is_some()
}

/// A definition item: the term (Markdown) and the explanation after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition<'a> {
    pub term: &'a str,
    pub style: TermStyle,
    pub explanation: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermStyle {
    Code,
    Bold,
    Plain,
}

static BOLD_DEF: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?s)(?:\*\*(?P<a>[^*\n]{1,80}?)(?P<ac>:?)\*\*|__(?P<b>[^_\n]{1,80}?)(?P<bc>:?)__)\s*(?P<sep>[:\-–—]?)\s+(?P<rest>\S)",
    )
});
static CODE_DEF: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?s)`(?P<term>[^`\n]{1,80})`\s*(?P<sep>[:\-–—])\s+(?P<rest>\S)"));
static PLAIN_DASH_DEF: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?s)(?P<term>[^\s:\-–—][^:\n]{0,59}?)\s+[-–—]{1,2}\s+(?P<rest>\S)"));
static PLAIN_EMDASH_TIGHT_DEF: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?s)(?P<term>[^\s:\-–—][^:\n—]{0,59}?)—(?P<rest>\S)"));
static PLAIN_COLON_DEF: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?s)(?P<term>[^\s:][^:\n]{0,59}?):\s+(?P<rest>\S)"));

/// Recognises `TERM - text`, `TERM — text`, `TERM: text`, `**TERM**: text`,
/// `**TERM** - text` and `` `TERM` - text ``.
pub fn definition(text: &str) -> Option<Definition<'_>> {
    let text = text.trim();
    // Cheap necessary conditions first: most list items are no definition.
    let bold = text.starts_with("**") || text.starts_with("__");
    if !bold && !text.starts_with('`') && !text.contains(['-', '–', '—', ':']) {
        return None;
    }
    if let Some(c) = bold.then(|| BOLD_DEF.captures(text)).flatten() {
        let term = c.name("a").or_else(|| c.name("b"))?;
        let colon_inside = c.name("ac").or_else(|| c.name("bc")).is_some_and(|m| !m.is_empty());
        let sep = c.name("sep").map_or("", |m| m.as_str());
        if colon_inside || !sep.is_empty() {
            return Some(Definition {
                term: term.as_str().trim(),
                style: TermStyle::Bold,
                explanation: text[c.name("rest")?.start()..].trim(),
            });
        }
        return None;
    }
    if let Some(c) = text.starts_with('`').then(|| CODE_DEF.captures(text)).flatten() {
        return Some(Definition {
            term: c.name("term")?.as_str(),
            style: TermStyle::Code,
            explanation: text[c.name("rest")?.start()..].trim(),
        });
    }
    for pattern in [&*PLAIN_DASH_DEF, &*PLAIN_EMDASH_TIGHT_DEF, &*PLAIN_COLON_DEF] {
        if let Some(c) = pattern.captures(text) {
            let term = c.name("term")?.as_str().trim();
            if plausible_plain_term(term) {
                return Some(Definition {
                    term,
                    style: TermStyle::Plain,
                    explanation: text[c.name("rest")?.start()..].trim(),
                });
            }
        }
    }
    None
}

/// A plain term is a short name, not the start of a sentence.
fn plausible_plain_term(term: &str) -> bool {
    let words = term.split_whitespace().count();
    words > 0
        && words <= 6
        && !term.ends_with(['.', ',', ';', '?', '!'])
        && !term.contains("](")
        && !term.starts_with(['(', '[', '>', '|', '<'])
        && !term.to_ascii_lowercase().starts_with("http")
}

/// Whether a definition's term reads best as "what are …" (a plural noun).
pub fn is_plural(term: &str) -> bool {
    let last = term.split_whitespace().last().unwrap_or("");
    let letters = last.trim_matches(|c: char| !c.is_alphanumeric());
    letters.len() > 3
        && letters.ends_with('s')
        && !letters.ends_with("ss")
        && !letters.ends_with("us")
        && !letters.ends_with("is")
        && letters.chars().any(|c| c.is_lowercase())
}

/// How a defining sentence links its subject to the definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copula {
    /// `X is …`, `X are …`, `X — это …`, `X ist …`, `X est …`, `X es …`, `X是…`.
    Is,
    /// `X means …`, `X refers to …`, `X bedeutet …`, `X означает …`.
    Means,
}

/// Words a sentence's subject never opens with when it defines something:
/// pronouns, determiners that point back, prepositions, conjunctions.
const NOT_SUBJECTS: &[&str] = &[
    "this",
    "that",
    "it",
    "there",
    "here",
    "which",
    "what",
    "these",
    "those",
    "he",
    "she",
    "they",
    "we",
    "you",
    "i",
    "one",
    "each",
    "all",
    "some",
    "my",
    "our",
    "his",
    "her",
    "its",
    "their",
    "so",
    "but",
    "and",
    "if",
    "when",
    "because",
    "also",
    "then",
    "now",
    "another",
    "other",
    "such",
    "in",
    "on",
    "for",
    "with",
    "by",
    "at",
    "from",
    "as",
    "both",
    "why",
    "how",
    "who",
    "where",
    "most",
    "many",
    "every",
    "no",
    "not",
    "only",
    "thus",
    "hence",
    "result",
    "answer",
    "reason",
    "problem",
    "idea",
    "goal",
    "point",
    "difference",
    "main",
    "key",
    "following",
    "results",
    "answers",
    "reasons",
    "questions",
    "below",
    "above",
    "next",
    "last",
    "first",
    "example",
    "output",
    "solution",
    "code",
    "same",
    "rest",
    "purpose",
    "question",
    "task",
    "following:",
    "today",
    "yes",
    "это",
    "он",
    "она",
    "они",
    "оно",
    "там",
    "здесь",
    "что",
    "как",
    "все",
    "этот",
    "эта",
    "эти",
    "так",
    "das",
    "es",
    "er",
    "sie",
    "dies",
    "dieser",
    "diese",
    "hier",
    "da",
    "was",
    "wie",
    "ce",
    "cela",
    "il",
    "elle",
    "ils",
    "elles",
    "c'est",
    "voici",
    "ici",
    "esto",
    "eso",
    "esta",
    "este",
    "ello",
    "él",
    "ella",
    "ellos",
    "aquí",
    "hay",
];

/// Words after "is" that make a statement about the subject, not a definition.
const NOT_DEFINING: &[&str] = &[
    "in",
    "on",
    "at",
    "for",
    "not",
    "also",
    "still",
    "then",
    "now",
    "here",
    "there",
    "too",
    "very",
    "so",
    "when",
    "if",
    "because",
    "always",
    "never",
    "available",
    "important",
    "true",
    "false",
    "easy",
    "hard",
    "possible",
    "required",
    "done",
    "given",
    "shown",
    "below",
    "above",
    "same",
    "different",
    "better",
    "worse",
    "faster",
    "slower",
    "by",
    "from",
    "with",
    "to",
    "nicht",
    "auch",
    "pas",
    "no",
    "не",
    "тоже",
    "также",
];

const ARTICLES: &[&str] =
    &["the", "a", "an", "der", "die", "das", "ein", "eine", "le", "la", "les", "un", "une", "el", "los", "las", "una"];

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{3040}'..='\u{30FF}' | '\u{AC00}'..='\u{D7AF}')
}

/// The subject of a sentence that defines it ("A mutex is a lock that …"
/// → `A mutex`), in any shipped language; `None` for other sentences.
pub fn defined_subject(text: &str) -> Option<(String, Copula)> {
    static LINK: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"^(.{1,60}?)\s*(?:\s(is|are|means|refers\s+to|ist|sind|bedeutet|est|sont|désigne|es|son|significa)\s|\s[—–-]\s+это\s|\s+это\s|\s(означает|называется)\s|是)",
        )
    });
    let first = text.trim_start();
    let caps = LINK.captures(first)?;
    let subject = caps[1].trim();
    let means = caps.get(2).is_some_and(|m| {
        matches!(m.as_str().split_whitespace().next(), Some("means" | "refers" | "bedeutet" | "désigne" | "significa"))
    }) || caps.get(3).is_some();
    let words: Vec<&str> = subject.split_whitespace().collect();
    let bare = unwrap_emphasis(subject).trim_matches('`');
    // "X is in …", "X is not …", "X is important": a statement about X.
    let next = first[caps.get(0).map_or(0, |m| m.end())..].split_whitespace().next().unwrap_or("").to_lowercase();
    if NOT_DEFINING.contains(&next.trim_matches(|c: char| !c.is_alphanumeric())) {
        return None;
    }
    let word = |i: usize| words.get(i).map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase());
    let mut opener = word(0)?;
    if ARTICLES.contains(&opener.as_str()) && words.len() > 1 {
        opener = word(1)?;
    }
    let chinese = caps.get(0).is_some_and(|m| m.as_str().ends_with('是'));
    let fits = if chinese { (2..=12).contains(&bare.chars().count()) } else { (1..=5).contains(&words.len()) };
    if !fits
        || NOT_SUBJECTS.contains(&opener.as_str())
        || subject.contains([',', ';', ':', '.', '?', '!', '"', '“', '，', '。'])
        || !subject
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric() || !c.is_alphabetic() || is_cjk(c))
        || !subject.chars().next().is_some_and(|c| c.is_alphanumeric() || "*`_".contains(c))
        || words.iter().any(|w| ["that", "which", "who", "whose", "where", "when"].contains(&w.to_lowercase().as_str()))
        || chinese && bare.starts_with(['这', '那', '它', '他', '她', '我', '你', '也', '就', '都', '但'])
        // `还是` (or), `不是` (is not), `但是` (but)…: 是 is no copula there.
        || chinese && bare.ends_with(['还', '不', '但', '就', '也', '总', '只', '于', '可', '或', '要', '若', '正', '才', '都'])
        // A sentence that asks ("异步还是不异步?", "Is X …?") defines nothing.
        || first[caps.get(0).map_or(0, |m| m.end())..]
            .chars()
            .find(|c| ".。!！?？\n".contains(*c))
            .is_some_and(|c| c == '?' || c == '？')
    {
        return None;
    }
    Some((subject.to_owned(), if means { Copula::Means } else { Copula::Is }))
}

/// Separators flashcard notes put between a question and its answer on one
/// line: `→`, `->`, `=>`, `::` (Obsidian), or ` : ` after a `?`.
static QA_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| regex(r"\s+(?:→|->|=>)\s+|\s*:{2,3}\s*|\?\s+:\s+"));

/// A question and its answer written together: split at a line holding
/// only `?` (Obsidian's multi-line card) or at the first separator on the
/// first line (`Big-O of binary search? → O(log n)`). The question part
/// keeps its `?`.
pub fn split_qa(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    if !text.contains(['?', '→']) && !text.contains("->") && !text.contains("=>") && !text.contains("::") {
        return None; // most text: no separator at all
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if matches!(line.trim(), "?" | "??") && offset > 0 {
            let (q, a) = (text[..offset].trim(), text[offset + line.len()..].trim());
            return (!a.is_empty()).then_some((q, a));
        }
        offset += line.len();
    }
    let first = text.lines().next().unwrap_or("");
    let code_spans = first.matches('`').count();
    let m = QA_SEPARATOR.find(first)?;
    // Not inside inline code (`std::vec`), and with words on both sides.
    if code_spans > 0 && first[..m.start()].matches('`').count() % 2 == 1 {
        return None;
    }
    let question_end = if m.as_str().starts_with('?') { m.start() + 1 } else { m.start() };
    let (q, a) = (text[..question_end].trim(), text[m.end()..].trim());
    // `std::move` is a path, not a card: a bare `::` between two words.
    let path = m.as_str() == "::" && !q.contains(char::is_whitespace);
    let asks = !path;
    (asks && q.chars().any(char::is_alphanumeric) && a.chars().any(char::is_alphanumeric)).then_some((q, a))
}

static CLOZE: LazyLock<Regex> = LazyLock::new(|| regex(r"\{\{c(\d+)::"));

/// The distinct cloze numbers in a text, ascending (`{{c1::…}}` → 1).
pub fn cloze_numbers(text: &str) -> Vec<u32> {
    let mut numbers: Vec<u32> =
        CLOZE.captures_iter(text).filter_map(|c| c[1].parse().ok()).filter(|&n| n > 0).collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

/// The openers (`{{c1::`) in a text that no `}}` closes.
pub fn unclosed_clozes(text: &str) -> Vec<&str> {
    let mut open: Vec<&str> = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        if let Some(m) = CLOZE.find(rest).filter(|m| m.start() == 0) {
            open.push(m.as_str());
            at += m.end();
        } else if rest.starts_with("}}") {
            open.pop();
            at += 2;
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    open
}

static CLOZE_FULL: LazyLock<Regex> = LazyLock::new(|| regex(r"\{\{c\d+::((?s:.*?))(?:::(?s:[^}]*?))?\}\}"));

/// The text with every deletion revealed, as the back of a cloze shows it.
pub fn reveal_cloze(text: &str) -> String {
    CLOZE_FULL.replace_all(text, "$1").into_owned()
}

static CLOZE_NUMBERED: LazyLock<Regex> = LazyLock::new(|| regex(r"\{\{c(\d+)::((?s:.*?))(?:::((?s:[^}]*?)))?\}\}"));

/// The text as Anki shows card `number` of a cloze note: that number's
/// deletions as `[...]` (or their hint) on the front and marked on the
/// back, the others as plain text.
pub fn show_cloze(text: &str, number: u32, back: bool) -> String {
    CLOZE_NUMBERED
        .replace_all(text, |c: &regex::Captures<'_>| {
            let words = &c[2];
            if c[1].parse::<u32>().ok() != Some(number) {
                words.to_owned()
            } else if back {
                format!(r#"<span class="cloze">{words}</span>"#)
            } else {
                let hint = c.get(3).map_or("...", |h| h.as_str());
                format!(r#"<span class="cloze">[{hint}]</span>"#)
            }
        })
        .into_owned()
}

/// The text with every deletion replaced by `blank`, and the deleted words
/// in order.
pub fn hide_cloze<'a>(text: &'a str, blank: &str) -> (String, Vec<&'a str>) {
    let answers = CLOZE_FULL.captures_iter(text).filter_map(|c| c.get(1)).map(|m| m.as_str()).collect();
    (CLOZE_FULL.replace_all(text, regex::NoExpand(blank)).into_owned(), answers)
}

static EXPLICIT: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?:\*\*|__)?(?P<k>Q|A(?:ns|nswer)?)(?::\*\*|:__|:)\s*"));

/// Splits an explicit `Q: …` or `A: …` paragraph into its letter and text.
pub fn explicit_prefix(text: &str) -> Option<(char, &str)> {
    let c = EXPLICIT.captures(text)?;
    let letter = c["k"].chars().next()?;
    Some((letter, text[c.get(0)?.end()..].trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_is_three_underscores_or_more_between_words() {
        for text in ["The _____ stores it.", "set .spec.____ here", "called _____", "<i>_____</i>", "名前は＿＿です"]
        {
            assert!(has_blank(text), "{text}");
        }
        for text in ["snake_case_name", "__init__ runs first", "a ___b", "x_____y", "__"] {
            assert!(!has_blank(text), "{text}");
        }
    }

    #[test]
    fn unclosed_cloze_openers_are_found() {
        assert!(unclosed_clozes("A {{c1::mutex}} guards {{c2::hint::x}}.").is_empty());
        assert_eq!(unclosed_clozes("A {{c1::mutex}} guards {{c2::state."), ["{{c2::"]);
        assert_eq!(unclosed_clozes("{{c1::outer {{c2::inner}}"), ["{{c1::"]);
    }

    #[test]
    fn defining_sentences_name_their_subject() {
        let subject = |t: &str| defined_subject(t).map(|(s, c)| (s, c == Copula::Means));
        assert_eq!(subject("A mutex is a lock that one thread holds at a time."), Some(("A mutex".into(), false)));
        assert_eq!(
            subject("**Daemon threads** are threads that do not block exit."),
            Some(("**Daemon threads**".into(), false))
        );
        assert_eq!(
            subject("Idempotence means that repeating a call changes nothing."),
            Some(("Idempotence".into(), true))
        );
        assert_eq!(subject("`GIL` refers to the global interpreter lock."), Some(("`GIL`".into(), true)));
        assert_eq!(subject("Мьютекс — это блокировка."), Some(("Мьютекс".into(), false)));
        assert_eq!(subject("Ein Mutex ist eine Sperre."), Some(("Ein Mutex".into(), false)));
        assert_eq!(subject("进程是资源分配的基本单位。"), Some(("进程".into(), false)));
        for not in [
            "This is why threads help.",
            "It is slow.",
            "In Python, a list is mutable.",
            "The answer is 42.",
            "There are three kinds.",
            "Threads that wait on a lock for a long time while holding another one is a deadlock.",
            "Use a queue; it is safer.",
            "these are the steps.",
            "Content that needs polishing is welcome.",
            "这也是一个问题。",
            "异步还是不异步? 这是一个问题.",
            "Nginx is fast, but is it safe?",
            "Below is the output.",
            "A class of distributions is in the exponential family if it fits.",
            "Speed is important here.",
        ] {
            assert_eq!(subject(not), None, "{not}");
        }
    }

    #[test]
    fn labels_are_stripped() {
        assert_eq!(strip_label("2. Sharding"), (Label::Other, "Sharding"));
        assert_eq!(strip_label("Q7: Why B-trees?"), (Label::Question, "Why B-trees?"));
        assert_eq!(strip_label("Q: Explain it"), (Label::Question, "Explain it"));
        assert_eq!(strip_label("Question 4. What now"), (Label::Question, "What now"));
        assert_eq!(strip_label("Part III — Scaling"), (Label::Other, "Scaling"));
        assert_eq!(strip_label("1.2 Replication"), (Label::Other, "Replication"));
        assert_eq!(strip_label("Example 1: Thread pools"), (Label::Other, "Thread pools"));
        assert_eq!(strip_label("**Q3: Why?**"), (Label::Question, "Why?"));
        assert_eq!(strip_label("Queues and pools"), (Label::None, "Queues and pools"));
        assert_eq!(strip_label("Quick sort"), (Label::None, "Quick sort"));
        assert_eq!(strip_label("3D graphics"), (Label::None, "3D graphics"));
        assert_eq!(strip_label("A note"), (Label::None, "A note"));
        assert_eq!(strip_label("Qt: a toolkit"), (Label::None, "Qt: a toolkit"));
        assert_eq!(strip_label("Questions:"), (Label::None, "Questions:"));
        assert_eq!(strip_label("Q1a: Why?"), (Label::Question, "Why?"));
    }

    #[test]
    fn questions_are_recognised() {
        assert!(is_question("Why does a B-tree keep nodes half full?"));
        assert!(is_question("Q4: Explain the GIL"));
        assert!(is_question("**What is `yield`?**"));
        assert!(!is_question("The GIL"));
        assert!(!is_question("Quick sort"));
    }

    #[test]
    fn definition_forms() {
        let d = definition("`404` - the resource does not exist").unwrap();
        assert_eq!((d.term, d.style, d.explanation), ("404", TermStyle::Code, "the resource does not exist"));
        let d = definition("**Mutex**: one holder at a time").unwrap();
        assert_eq!((d.term, d.style), ("Mutex", TermStyle::Bold));
        let d = definition("**Mutex:** one holder at a time").unwrap();
        assert_eq!(d.explanation, "one holder at a time");
        let d = definition("**Mutex** - one holder").unwrap();
        assert_eq!(d.term, "Mutex");
        let d = definition("Deadlock — two threads wait forever").unwrap();
        assert_eq!((d.term, d.style), ("Deadlock", TermStyle::Plain));
        let d = definition("Livelock: threads keep yielding").unwrap();
        assert_eq!(d.term, "Livelock");
        assert!(definition("**Write-through**").is_none());
        assert!(definition("This is a long sentence that happens to contain a colon: here").is_none());
        assert!(definition("See https://example.com").is_none());
        assert!(definition("plain item").is_none());
    }

    #[test]
    fn cloze_helpers() {
        let text = "The {{c2::GIL}} is a {{c1::lock::hint}}; {{c2::again}}";
        assert_eq!(cloze_numbers(text), [1, 2]);
        assert_eq!(reveal_cloze(text), "The GIL is a lock; again");
    }

    #[test]
    fn explicit_prefixes() {
        assert_eq!(explicit_prefix("Q: Why?"), Some(('Q', "Why?")));
        assert_eq!(explicit_prefix("**A:** Because."), Some(('A', "Because.")));
        assert_eq!(explicit_prefix("Quite"), None);
        assert!(
            is_placeholder("Answer here")
                && is_placeholder("*TODO*")
                && is_placeholder("...")
                && is_placeholder("待补充")
        );
        assert!(!is_placeholder("Answer: here is why.") && !is_placeholder("To do this, call `f`."));
        // Long text is not read letter by letter: no placeholder may have
        // more letters than that check allows, however its tags wrap it.
        for placeholder in PLACEHOLDERS {
            assert!(placeholder.chars().filter(|c| c.is_alphanumeric()).count() <= PLACEHOLDER_LETTERS);
        }
        assert!(is_placeholder("<p align=\"center\"><b>Work in progress</b></p>"));
        assert!(!is_placeholder(&format!("TODO {}", "x".repeat(40))));
        assert!(!has_words_beside_pictures("[![Imgur](http://i.imgur.com/x.png)](http://i.imgur.com/x.png)"));
        assert!(has_words_beside_pictures("![diagram](d.png)\n\nThe leader replicates."));
        assert!(is_answer_elsewhere("* Bonus points for a namespace.\n* What if it had none?"));
        assert!(
            is_answer_elsewhere("* 如果提到了特性检测，可以加分。") && is_answer_elsewhere("[7_answer](Middle/7.py)")
        );
        assert!(!is_answer_elsewhere("- A namespace. Bonus points for naming one.\n- It isolates state."));
        assert!(!is_answer_elsewhere("[The Go blog](https://go.dev/blog)"));
        // Grading words split over two lines are no line's.
        assert!(!is_answer_elsewhere("Bonus\npoints?"));
        assert_eq!(explicit_prefix("Ans: Docker."), Some(('A', "Docker.")));
        assert_eq!(explicit_prefix("**Answer:** Yes."), Some(('A', "Yes.")));
    }

    #[test]
    fn question_and_answer_on_one_line() {
        assert_eq!(split_qa("Big-O of binary search? → O(log n)."), Some(("Big-O of binary search?", "O(log n).")));
        assert_eq!(split_qa("Capital of Peru? : Lima ⚡️"), Some(("Capital of Peru?", "Lima ⚡️")));
        assert_eq!(split_qa("Stack vs queue::LIFO vs FIFO"), Some(("Stack vs queue", "LIFO vs FIFO")));
        assert_eq!(split_qa("What is X?\n?\nIt is Y.\nReally."), Some(("What is X?", "It is Y.\nReally.")));
        assert_eq!(split_qa("Use `std::vector` here"), None);
        assert_eq!(split_qa("std::move - casts to an rvalue"), None);
        assert_eq!(split_qa("GIL -> Global Interpreter Lock"), Some(("GIL", "Global Interpreter Lock")));
        assert_eq!(split_qa("Plain sentence."), None);
    }

    #[test]
    fn plural_terms() {
        assert!(is_plural("Daemon threads"));
        assert!(!is_plural("Process"));
        assert!(!is_plural("GIL"));
        assert!(!is_plural("asyncio"));
    }
}
