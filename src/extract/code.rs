//! Code blocks: R5 (one card per block, or per commented part) and R6
//! (a "what does this evaluate to?" card per line with a value comment).

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::card::CardKind;
use crate::lang::{Arg, Lang};
use crate::outline::{Block, BlockKind, Code};

use super::cues::{self, Cues, Definition};
use super::gaps;
use super::{Draft, Entry, Extractor, Scope};

/// Line-comment markers for a fence language; unknown languages try the
/// two most common.
pub fn comment_markers(lang: Option<&str>) -> &'static [&'static str] {
    let lang = lang.unwrap_or("").to_ascii_lowercase();
    match lang.as_str() {
        "python" | "py" | "python3" | "pycon" | "ruby" | "rb" | "bash" | "sh" | "shell" | "zsh" | "fish" | "r"
        | "perl" | "pl" | "yaml" | "yml" | "toml" | "ini" | "dockerfile" | "makefile" | "make" | "cmake"
        | "powershell" | "ps1" | "nim" | "julia" | "jl" | "elixir" | "ex" | "exs" | "crystal" | "graphql" | "conf"
        | "nginx" | "tcl" => &["#"],
        "sql" | "haskell" | "hs" | "lua" | "elm" | "ada" | "vhdl" | "psql" | "plsql" | "mysql" | "postgresql"
        | "sqlite" => &["--"],
        "lisp" | "clojure" | "clj" | "scheme" | "racket" | "asm" | "nasm" | "ini-semicolon" => &[";;", ";"],
        "erlang" | "erl" | "latex" | "tex" | "matlab" | "octave" => &["%"],
        "vim" | "viml" => &["\""],
        "" | "text" | "txt" | "plain" | "plaintext" => &["#", "//"],
        _ => &["//", "#"],
    }
}

/// One commented part of a code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodePart {
    /// The leading comment, marker removed, when the part has one.
    pub prompt: Option<String>,
    /// The part's code, comment included.
    pub text: String,
    /// Index of the part's first line within the block.
    pub first_line: usize,
    pub line_count: usize,
}

/// Splits a block at full-line comments that follow a blank line; a block
/// with fewer than two such headers is one part.
pub fn split_parts(code: &str, lang: Option<&str>) -> Vec<CodePart> {
    let markers = comment_markers(lang);
    let lines: Vec<&str> = code.lines().collect();
    let header = |i: usize| comment_text(lines[i], markers).filter(|_| i == 0 || lines[i - 1].trim().is_empty());
    let starts: Vec<usize> = (0..lines.len()).filter(|&i| header(i).is_some()).collect();
    let part = |from: usize, to: usize| {
        let mut end = to;
        while end > from + 1 && lines[end - 1].trim().is_empty() {
            end -= 1;
        }
        CodePart { prompt: header(from), text: lines[from..end].join("\n"), first_line: from, line_count: end - from }
    };
    if lines.is_empty() {
        return Vec::new();
    }
    if starts.len() < 2 {
        return vec![part(0, lines.len())];
    }
    // Lines before the first header (imports, setup) belong to the first part.
    let mut bounds = starts.clone();
    bounds[0] = 0;
    bounds.push(lines.len());
    bounds
        .windows(2)
        .zip(&starts)
        .map(|(w, &header_line)| CodePart { prompt: header(header_line), ..part(w[0], w[1]) })
        .collect()
}

/// The text of a full-line comment (`# Retry with backoff` → `Retry with backoff`).
fn comment_text(line: &str, markers: &[&str]) -> Option<String> {
    if line.starts_with("#!") {
        return None;
    }
    markers.iter().find_map(|m| {
        let rest = line.strip_prefix(m)?;
        if !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        let text = rest.trim().trim_end_matches(':').trim();
        (!text.is_empty() && text.chars().any(char::is_alphanumeric)).then(|| text.to_owned())
    })
}

/// A line whose trailing comment is a literal value (R6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueLine {
    /// Index of the line within the block.
    pub index: usize,
    /// The line with its value comment removed.
    pub code: String,
    pub value: String,
}

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?j?$").expect("valid"));
static STRING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^(?i:[rbuf]{0,2})(?:'[^']*'|"[^"]*")$"#).expect("valid"));
static REPR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z][\w.]*|deque|defaultdict|frozenset|array|set|dict|tuple|list|bytearray|range|slice|mappingproxy)\(.*\)$")
        .expect("valid")
});
static ERROR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:raises\s+)?[A-Z]\w*(?:Error|Exception|Interrupt|Exit)\b(?::.*)?$").expect("valid")
});
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:->|=>|→|==|(?i:output|outputs|prints|returns|result|value|evaluates to|gives)(?:\s*:|\s))\s*")
        .expect("valid")
});

/// Whether a comment's text is a literal value rather than prose.
fn literal_value(comment: &str) -> Option<String> {
    let text = comment.trim();
    let text = PREFIX.find(text).map_or(text, |m| text[m.end()..].trim());
    if text.is_empty() {
        return None;
    }
    let literal = NUMBER.is_match(text)
        || STRING.is_match(text)
        || REPR.is_match(text)
        || ERROR.is_match(text)
        || matches!(
            text,
            "True"
                | "False"
                | "None"
                | "true"
                | "false"
                | "null"
                | "nil"
                | "undefined"
                | "NaN"
                | "inf"
                | "-inf"
                | "nan"
                | "Ellipsis"
        )
        || balanced_brackets(text);
    literal.then(|| text.to_owned())
}

fn balanced_brackets(text: &str) -> bool {
    let pairs = [('[', ']'), ('(', ')'), ('{', '}'), ('<', '>')];
    let Some(&(_, close)) = pairs.iter().find(|(open, _)| text.starts_with(*open)) else {
        return false;
    };
    text.ends_with(close) && text.len() >= 2
}

/// Finds where a trailing comment starts, ignoring markers inside strings.
pub(super) fn trailing_comment(line: &str, markers: &[&str]) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' || b == b'`' => quote = Some(b),
            None => {
                if line.is_char_boundary(i) && markers.iter().any(|m| line[i..].starts_with(m)) {
                    return Some(i);
                }
            }
        }
        i += 1;
    }
    None
}

/// Every line of a block whose trailing comment is a literal value.
pub fn value_lines(code: &str, lang: Option<&str>) -> Vec<ValueLine> {
    let markers = comment_markers(lang);
    let lines: Vec<&str> = code.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| {
            let at = trailing_comment(line, markers)?;
            let before = line[..at].trim_end();
            // `x = None  # None` tells the value of a name, not of the line;
            // a line in a function the code never calls never runs.
            if before.trim().is_empty() || !reached(&lines, index) {
                return None;
            }
            let marker_len = markers.iter().find(|m| line[at..].starts_with(**m)).map_or(1, |m| m.len());
            let value = literal_value(&line[at + marker_len..])?;
            // An assignment has no value to predict, unless it fails.
            if ASSIGNMENT.is_match(before) && !ERROR.is_match(&value) {
                return None;
            }
            Some(ValueLine { index, code: before.to_owned(), value })
        })
        .collect()
}

/// An assignment (`x = …`, `let x = …`, `x: int = …`), not a comparison.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(?:let|const|var|val|auto|my)\s+(?:mut\s+)?)?[A-Za-z_][\w.\[\]'\x22]*\s*(?::\s*[^=]+?)?\s*(?:[-+*/%|&^]|//|\*\*)?=[^=]")
        .expect("valid")
});

/// Function headers whose name a call must use for their body to run.
static FUNCTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:async\s+)?(?:def|function|func|fn)\s+([A-Za-z_]\w*)").expect("valid"));

/// Whether the line at `index` runs when the code does: not when it sits
/// in a function that nothing in the block calls.
fn reached(lines: &[&str], index: usize) -> bool {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let own = indent(lines[index]);
    if own == 0 {
        return true;
    }
    // The nearest header above with less indentation encloses the line.
    let Some((at, name)) = lines[..index].iter().enumerate().rev().find_map(|(i, l)| {
        (!l.trim().is_empty() && indent(l) < own).then(|| (i, FUNCTION.captures(l).map(|c| c[1].to_owned())))
    }) else {
        return true;
    };
    let Some(name) = name else { return true };
    let call = format!("{name}(");
    lines.iter().enumerate().any(|(i, l)| i != at && l.contains(&call))
}

/// Byte range of lines `first..first+count` of a code block in the source.
fn line_span(ex: &Extractor<'_>, code: &Code, first: usize, count: usize) -> Range<usize> {
    let lines = &ex.doc.source.lines;
    let first_line = lines.line_of(code.code_start) + first;
    let start = lines.offset_of_line(first_line).unwrap_or(code.code_start);
    let end = lines.offset_of_line(first_line + count.max(1)).unwrap_or(ex.doc.source.text.len());
    start..end.max(start)
}

fn fence(lang: Option<&str>, code: &str) -> String {
    let longest = code.lines().map(|l| l.trim_start().chars().take_while(|&c| c == '`').count()).max().unwrap_or(0);
    let ticks = "`".repeat(longest.max(2) + 1);
    format!("{ticks}{}\n{code}\n{ticks}", lang.unwrap_or(""))
}

/// "Python code", "shell commands", "код на Python" for a fence language.
fn language_name(lang: Lang, fence: Option<&str>) -> String {
    lang.say("code-what", &[("language", Arg::Text(&language_display(fence)))])
}

/// The language as prompts name it: `Python`, `shell`, `none` for plain code.
fn language_display(lang: Option<&str>) -> String {
    const NAMES: &[(&[&str], &str)] = &[
        (&["py", "python", "python3", "pycon"], "Python"),
        (&["js", "javascript", "jsx", "mjs"], "JavaScript"),
        (&["ts", "typescript", "tsx"], "TypeScript"),
        (&["sh", "bash", "shell", "zsh", "fish", "console", "shell-session"], "shell"),
        (&["sql", "psql", "plsql", "mysql", "postgresql", "sqlite", "tsql"], "SQL"),
        (&["html", "htm"], "HTML"),
        (&["css"], "CSS"),
        (&["scss"], "SCSS"),
        (&["c"], "C"),
        (&["cpp", "c++", "cc", "hpp"], "C++"),
        (&["cs", "csharp", "c#"], "C#"),
        (&["go", "golang"], "Go"),
        (&["rs", "rust"], "Rust"),
        (&["rb", "ruby"], "Ruby"),
        (&["kt", "kotlin"], "Kotlin"),
        (&["php"], "PHP"),
        (&["json"], "JSON"),
        (&["yaml", "yml"], "YAML"),
        (&["toml"], "TOML"),
        (&["xml"], "XML"),
        (&["dockerfile", "docker"], "Dockerfile"),
        (&["powershell", "ps1"], "PowerShell"),
    ];
    let lang = lang.map(str::to_ascii_lowercase).unwrap_or_default();
    if let Some((_, name)) = NAMES.iter().find(|(keys, _)| keys.contains(&lang.as_str())) {
        return (*name).to_owned();
    }
    match lang.as_str() {
        "" | "text" | "txt" | "plain" | "plaintext" => "none".to_owned(),
        other => {
            let mut name = other.to_owned();
            if let Some(first) = name.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            name
        }
    }
}

/// The names a section's prose and heading put in code spans
/// (`` `a | b` ``, `` `lru_cache` ``): what its code blocks are about.
/// Empty when the section has no code.
pub(super) fn section_terms(ex: &Extractor<'_>, entries: &[Entry<'_>], scope: &Scope) -> Vec<String> {
    static SPAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"`([^`\n]{2,40})`").expect("valid"));
    if !entries.iter().any(|e| matches!(e.block.kind, BlockKind::Code(_))) {
        return Vec::new();
    }
    let texts = std::iter::once(scope.topic.as_str()).chain(
        entries
            .iter()
            .filter(|e| !matches!(e.block.kind, BlockKind::Code(_)))
            .map(|e| ex.doc.text(e.block.span.clone())),
    );
    let mut terms: Vec<String> = Vec::new();
    for text in texts {
        for c in SPAN.captures_iter(text) {
            let term = c[1].trim();
            if term.chars().count() >= 2 && !terms.iter().any(|t| t == term) {
                terms.push(term.to_owned());
            }
        }
    }
    terms
}

/// What a code card asks for: the guide's own words for it (the sentence
/// before the block, the comment leading its part) and the code's cues.
fn code_prompt(lang: Lang, prompt: Option<&str>, cues: &Cues, what: &str, lines: usize) -> String {
    let names = |list: Vec<String>| lang.and_list(&list.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>());
    let defines = match cues.defines.as_slice() {
        [] => None,
        [only] if !only.methods.is_empty() => {
            let methods = names(only.methods.iter().take(3).map(|m| format!("{m}()")).collect());
            let name = format!("`{}`", only.signature());
            Some(lang.say("code-with-methods", &[("name", Arg::Text(&name)), ("methods", Arg::Text(&methods))]))
        }
        many => Some(names(many.iter().take(3).map(Definition::signature).collect())),
    };
    let uses = (!cues.uses.is_empty()).then(|| names(cues.uses.clone()));
    let task = match (defines, uses) {
        (Some(d), Some(u)) => lang.say("code-write-using", &[("defines", Arg::Text(&d)), ("uses", Arg::Text(&u))]),
        (Some(d), None) => lang.say("code-write", &[("defines", Arg::Text(&d))]),
        (None, Some(u)) => lang.say("code-write-what-using", &[("what", Arg::Text(what)), ("uses", Arg::Text(&u))]),
        (None, None) if prompt.is_some() => lang.say("code-write-what", &[("what", Arg::Text(what))]),
        (None, None) => lang.say("code-write-lines", &[("what", Arg::Text(what)), ("count", Arg::Count(lines))]),
    };
    match prompt {
        Some(prompt) => lang.say("code-front", &[("prompt", Arg::Text(prompt)), ("task", Arg::Text(&task))]),
        None => lang.say("code-front-bare", &[("task", Arg::Text(&task))]),
    }
}

/// R5 (+R6): cards for a code block outside a question's answer.
pub(super) fn code_cards<'a>(
    ex: &mut Extractor<'a>,
    block: &'a Block,
    code: &'a Code,
    lead_in: Option<&'a Block>,
    scope: &Scope,
    pin: Option<String>,
    terms: &[String],
) {
    let mut pin = pin;
    if code.code.trim().is_empty() {
        // Nothing to learn; its fence lines alone are not content.
        ex.excluded.push(block.span.clone());
        return;
    }
    let lang = code.lang.as_deref();
    let parts = split_parts(&code.code, lang);
    let lead = lead_in.map(|b| ex.doc.markdown(b.span.clone()));
    let lead_sentence = lead.as_deref().map(|l| l.trim_end().trim_end_matches(':').trim_end().to_owned());
    let what = language_name(ex.lang, lang);
    let several = parts.len() > 1;
    let origin: Arc<str> = Arc::from(code.code.as_str());
    for (i, part) in parts.iter().enumerate() {
        let prompt = match (several, &part.prompt, &lead_sentence) {
            (false, _, Some(lead)) => Some(lead.as_str()),
            (_, Some(comment), _) => Some(comment.as_str()),
            _ => None,
        };
        let mut cues = cues::cues_in(&part.text, &code.code, lang);
        cues.prefer_terms(terms, &part.text);
        let mut front = format!("{}: {}", scope.topic, code_prompt(ex.lang, prompt, &cues, &what, part.line_count));
        if several && let Some(lead) = &lead_sentence {
            front = format!("*{lead}:*\n\n{front}");
        }
        let back = fence(lang, &part.text);
        let mut covers = vec![line_span(ex, code, part.first_line, part.line_count)];
        if i == 0 {
            covers.push(block.span.start..code.code_start);
        }
        covers.extend(lead_in.map(|b| b.span.clone()));
        let line = if i == 0 { ex.doc.line(block.span.start) } else { ex.doc.line(covers[0].start) };
        ex.emit(scope, Draft::new(CardKind::Code, front, back, line, covers).pinned(pin.take()).code_from(&origin));
        if gaps::is_long(&part.text) {
            fill_cards(ex, code, &origin, part, &cues, terms, scope);
        }
    }
    output_cards(ex, code, scope);
}

/// R5: "fill in the missing line" for each key line of a long part.
fn fill_cards(
    ex: &mut Extractor<'_>,
    code: &Code,
    origin: &Arc<str>,
    part: &CodePart,
    cues: &Cues,
    terms: &[String],
    scope: &Scope,
) {
    let lang = code.lang.as_deref();
    for gap in gaps::gaps(&part.text, comment_markers(lang), terms, cues) {
        let asks = match &gap.within {
            Some(name) => ex.lang.say("fill-in-of", &[("name", Arg::Text(&format!("`{name}`")))]),
            None => ex.lang.say("fill-in", &[]),
        };
        let front = format!("{}: {asks}.\n\n{}", scope.topic, fence(lang, &gap.shown));
        let back = fence(lang, gap.line.trim());
        let span = line_span(ex, code, part.first_line + gap.index, 1);
        let line = ex.doc.line(span.start);
        ex.emit(scope, Draft::new(CardKind::Fill, front, back, line, vec![span]).code_from(origin));
    }
}

/// R6: "what does this evaluate to?" for each line with a value comment;
/// the front shows the code of its part up to that line.
pub(super) fn output_cards(ex: &mut Extractor<'_>, code: &Code, scope: &Scope) {
    let lang = code.lang.as_deref();
    let values = value_lines(&code.code, lang);
    if values.is_empty() {
        return;
    }
    let parts = split_parts(&code.code, lang);
    let lines: Vec<&str> = code.code.lines().collect();
    let defs = top_level_names(&lines);
    let origin: Arc<str> = Arc::from(code.code.as_str());
    let runs = RunFacts::of(&lines);
    for value in values {
        let part_start = parts.iter().rev().find(|p| p.first_line <= value.index).map_or(0, |p| p.first_line);
        if runs.varies(part_start, value.index, &value.value) {
            continue;
        }
        let gap = format!("{} …", comment_markers(lang).first().copied().unwrap_or("#"));
        let mut shown: Vec<&str> = leading_lines(&lines, &defs, part_start, value.index, &gap);
        shown.push(&value.code);
        let asks = if value.code.trim_start().starts_with("print") || value.code.contains("console.log") {
            ex.lang.say("output-prints", &[])
        } else {
            ex.lang.say("output-value", &[])
        };
        let front = format!("{}: {asks}\n\n{}", scope.topic, fence(lang, &shown.join("\n")));
        let back = inline_code(&value.value);
        let span = line_span(ex, code, value.index, 1);
        let line = ex.doc.line(span.start);
        ex.emit(scope, Draft::new(CardKind::Output, front, back, line, vec![span]).code_from(&origin));
    }
}

/// Lines before a value line shown with it: at most [`OUTPUT_WINDOW`]
/// lines above it (from the enclosing definition when it starts within
/// them), plus earlier top-level lines that import or define a name those
/// use (`defs`, from [`top_level_names`]). Bounded, so a block with a value
/// comment on every line does not cost quadratic output.
fn leading_lines<'a>(
    lines: &[&'a str],
    defs: &[Option<Vec<String>>],
    part_start: usize,
    index: usize,
    gap: &'a str,
) -> Vec<&'a str> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut start = index.saturating_sub(OUTPUT_WINDOW).max(part_start);
    // Inside a definition: start at its header when it is near.
    if lines.get(start).is_some_and(|l| indent(l) > 0)
        && let Some(header) = (part_start..start)
            .rev()
            .take(OUTPUT_WINDOW)
            .find(|&i| !lines[i].trim().is_empty() && indent(lines[i]) == 0)
    {
        start = header;
    }
    let window = &lines[start..index];
    // Sorted rather than hashed: a window has a few dozen words.
    let mut used: Vec<&str> = std::iter::once(lines[index])
        .chain(window.iter().copied())
        .flat_map(|l| l.split(|c: char| !(c.is_alphanumeric() || c == '_')))
        .filter(|w| w.len() > 1)
        .collect();
    used.sort_unstable();
    used.dedup();
    // The nearest earlier lines that define what the window uses.
    let mut needed: Vec<usize> = Vec::new();
    for i in (part_start.max(start.saturating_sub(DEFINITION_REACH))..start).rev() {
        if needed.len() == OUTPUT_WINDOW / 2 {
            break;
        }
        if let Some(names) = &defs[i]
            && (names.is_empty() || names.iter().any(|n| used.binary_search(&n.as_str()).is_ok()))
        {
            needed.push(i);
        }
    }
    needed.reverse();
    let mut shown: Vec<&str> = needed.iter().map(|&i| lines[i]).collect();
    if start > part_start {
        // A comment saying lines were left out (`# …`).
        shown.push(gap);
    }
    shown.extend_from_slice(window);
    shown
}

/// For each line, when it is a top-level import (no names) or definition
/// (the names it defines), else `None`.
fn top_level_names(lines: &[&str]) -> Vec<Option<Vec<String>>> {
    lines
        .iter()
        .map(|l| {
            let t = l.trim_start();
            if t.len() != l.len() || t.is_empty() {
                return None;
            }
            if ["import ", "from ", "use ", "#include"].iter().any(|p| t.starts_with(p)) {
                return Some(Vec::new());
            }
            let names = defined_names(t);
            (!names.is_empty()).then_some(names)
        })
        .collect()
}

/// How far above its window an output card looks for what the window uses.
const DEFINITION_REACH: usize = 400;

/// Most lines above a value line that its output card shows.
const OUTPUT_WINDOW: usize = 14;

/// Names a top-level line defines: `xs = …`, `def f(`, `class C`,
/// `const x =`, `let x =`.
fn defined_names(line: &str) -> Vec<String> {
    static ASSIGNED: LazyLock<Regex> = LazyLock::new(|| {
        crate::classify::regex(
            r"^(?:(?:const|let|var|val|auto|final)\s+)?([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::[^=]+)?=[^=]",
        )
    });
    if let Some(name) = cues::defined_name(line) {
        return vec![name.trim_end_matches("()").to_owned()];
    }
    ASSIGNED.captures(line).map(|c| c[1].split(',').map(|n| n.trim().to_owned()).collect()).unwrap_or_default()
}

/// What of a block tells whether a shown value differs from run to run (a
/// timing, a random draw), which no card can expect: read once per block,
/// which lines seed a random generator and which draw from one (as counts
/// up to each line), so a block with many value lines is not read again
/// for each.
struct RunFacts<'a> {
    lines: &'a [&'a str],
    seeded: Vec<u32>,
    random: Vec<u32>,
}

impl<'a> RunFacts<'a> {
    fn of(lines: &'a [&'a str]) -> Self {
        static RANDOM: LazyLock<Regex> =
            LazyLock::new(|| crate::classify::regex(r"\b(?:random|rand\b|rand\(|randint|shuffle)"));
        // A seeded generator gives the same value every run.
        static SEEDED: LazyLock<Regex> = LazyLock::new(|| crate::classify::regex(r"(?i)seed|default_rng\(\s*\d"));
        let counts = |re: &Regex| {
            let mut counts = Vec::with_capacity(lines.len() + 1);
            counts.push(0u32);
            for line in lines {
                let last = counts.last().copied().unwrap_or(0);
                counts.push(last + u32::from(re.is_match(line)));
            }
            counts
        };
        Self { lines, seeded: counts(&SEEDED), random: counts(&RANDOM) }
    }

    /// Whether the value of line `index`, run from line `from` on, varies:
    /// a duration, a timing on its own line, or a random draw before it
    /// with no seed.
    fn varies(&self, from: usize, index: usize, value: &str) -> bool {
        static DURATION: LazyLock<Regex> = LazyLock::new(|| {
            crate::classify::regex(r"(?i)^~?\d+(?:\.\d+)?(?:e-?\d+)?\s*(?:s|sec|secs|seconds|ms|µs|us|ns)\b")
        });
        static TIMING: LazyLock<Regex> = LazyLock::new(|| {
            crate::classify::regex(
                r"\b(?:time\.time|perf_counter|monotonic|timeit|Date\.now|performance\.now|time\.Since|nanoTime|currentTimeMillis|Instant::now|uuid4?|id\(|hash\()",
            )
        });
        let any = |counts: &[u32]| counts[index + 1] > counts[from];
        DURATION.is_match(value.trim()) || TIMING.is_match(self.lines[index]) || !any(&self.seeded) && any(&self.random)
    }
}

fn inline_code(text: &str) -> String {
    if text.contains('`') { format!("`` {text} ``") } else { format!("`{text}`") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_split_at_comment_headers() {
        let code = "import threading\n\n# Plain lock\nlock = threading.Lock()\n\n# Bounded semaphore\nsem = threading.BoundedSemaphore(3)\n";
        let parts = split_parts(code, Some("python"));
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].prompt.as_deref(), Some("Plain lock"));
        assert_eq!(parts[0].text, "import threading\n\n# Plain lock\nlock = threading.Lock()");
        assert_eq!(parts[1].prompt.as_deref(), Some("Bounded semaphore"));
        assert_eq!((parts[1].first_line, parts[1].line_count), (5, 2));
    }

    #[test]
    fn single_part_keeps_everything() {
        let parts = split_parts("# Only one\nx = 1\n# not a header\ny = 2", Some("python"));
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].prompt.as_deref(), Some("Only one"));
        assert_eq!(parts[0].line_count, 4);
    }

    #[test]
    fn output_cards_only_where_the_line_runs_and_is_a_value() {
        let code =
            "x = None  # None\ndef f():\n    print(1)  # 1\n\ndef g():\n    print(2)  # 2\n\ng()\nx == None  # True\n";
        let found: Vec<String> = value_lines(code, Some("python")).into_iter().map(|v| v.value).collect();
        assert_eq!(found, ["2", "True"]);
    }

    #[test]
    fn value_comments_are_found() {
        let code = "xs = [1, 2, 3]  # a list\nprint(len(xs))  # 3\nlist(g())  # [0, 1]\nlen('a # b')  # 5\nx = f()  # compute it\nint('x')  # ValueError: invalid literal\n";
        let found: Vec<(usize, String)> =
            value_lines(code, Some("python")).into_iter().map(|v| (v.index, v.value)).collect();
        assert_eq!(
            found,
            [
                (1, "3".to_owned()),
                (2, "[0, 1]".to_owned()),
                (3, "5".to_owned()),
                (5, "ValueError: invalid literal".to_owned())
            ]
        );
        let js = value_lines("total  // 42\nurl = 'http://x'", Some("js"));
        assert_eq!(js.len(), 1);
        assert_eq!(js[0].value, "42");
    }
}
