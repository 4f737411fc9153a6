//! Long code (R5): takes a block, or a part of one, longer than
//! [`LONG_CODE`] lines with the section's terms and the code's cues, gives
//! its key lines — the lines that use what the section is about — each
//! with a window of code around it, for "fill in the missing line" cards.
//! The choice depends only on the code and the section's text, so a
//! rebuild picks the same lines.

use super::cues::{Cues, bare, defined_name};

/// Code longer than this many non-blank lines is learned line by line.
pub const LONG_CODE: usize = 15;
/// At most this many lines of code around a gap.
const WINDOW: usize = 12;
/// At most this many gaps per block (one per 8 lines below that).
const MAX_GAPS: usize = 4;

/// A key line and the code shown around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// Index of the missing line within the code given.
    pub index: usize,
    /// The missing line, as written.
    pub line: String,
    /// The window with the line replaced by a blank, cut ends marked.
    pub shown: String,
    /// The function or class the line sits in, when the code names one.
    pub within: Option<String>,
}

/// Whether code is long enough to be learned through gaps.
pub fn is_long(code: &str) -> bool {
    code.lines().filter(|l| !l.trim().is_empty()).count() > LONG_CODE
}

/// The key lines of `code`, best first by score then in order of place,
/// returned in order of place.
pub fn gaps(code: &str, markers: &[&str], terms: &[String], cues: &Cues) -> Vec<Gap> {
    let lines: Vec<&str> = code.lines().collect();
    let nonblank = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let wanted = (nonblank / 8).clamp(1, MAX_GAPS);
    let names: Vec<&str> = cues
        .uses
        .iter()
        .map(|u| bare(u))
        .chain(cues.defines.iter().flat_map(|d| d.methods.iter().map(String::as_str)))
        .filter(|n| n.chars().count() >= 2)
        .collect();
    let mut scored: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| can_be_gap(line, markers))
        .map(|(i, line)| {
            let term_hits = terms.iter().filter(|t| line.contains(t.as_str())).count();
            let cue_hits = names.iter().filter(|n| contains_name(line, n)).count();
            let call = usize::from(line.contains('('));
            (term_hits * 3 + cue_hits * 2 + call, i)
        })
        .filter(|(score, _)| *score > 0)
        .collect();
    // Highest score first; among equals, the earlier line.
    scored.sort_by_key(|&(score, i)| (std::cmp::Reverse(score), i));
    let mut chosen: Vec<usize> = Vec::new();
    for (_, i) in scored {
        if chosen.len() == wanted {
            break;
        }
        if chosen.iter().all(|&c| c.abs_diff(i) >= 2) {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    chosen.into_iter().map(|i| gap(&lines, i, markers)).collect()
}

/// Words that may come before a definition's keyword.
const MODIFIERS: &[&str] = &["export", "default", "pub", "async", "static", "public", "private", "protected"];

/// A line worth learning: code, not a comment, a brace, a bare header or
/// an import.
fn can_be_gap(line: &str, markers: &[&str]) -> bool {
    let t = line.trim();
    if t.chars().filter(|c| c.is_alphanumeric()).count() < 4 {
        return false;
    }
    if markers.iter().any(|m| t.starts_with(m)) || t.starts_with("/*") || t.starts_with('*') {
        return false;
    }
    let mut words = t.split_whitespace().skip_while(|w| MODIFIERS.contains(w));
    let first = words.next().unwrap_or("");
    if matches!(first, "import" | "from" | "use" | "using" | "#include" | "package" | "require") {
        return false;
    }
    // A definition's header is what the card's prompt names, in a C-like
    // language too (`void producer() {`).
    let c_header = t.ends_with('{')
        && t.contains('(')
        && !matches!(first, "if" | "for" | "while" | "switch" | "else" | "catch" | "do" | "try" | "}")
        && !t.contains('=');
    !c_header && defined_name(line).is_none()
}

/// Whether `name` occurs in `line` as a whole identifier.
fn contains_name(line: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(name).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + name.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn gap(lines: &[&str], index: usize, markers: &[&str]) -> Gap {
    // The enclosing header: walk out through less indented lines until
    // one opens a definition (or none is left).
    let mut header = None;
    let mut level = indent(lines[index]);
    for i in (0..index).rev() {
        let l = lines[i];
        if l.trim().is_empty() || indent(l) >= level {
            continue;
        }
        if defined_name(l).is_some() {
            header = Some(i);
            break;
        }
        level = indent(l);
    }
    let within = header.and_then(|h| defined_name(lines[h]));
    // Otherwise the window opens after the blank line above, if near.
    let paragraph = (0..index).rev().find(|&i| lines[i].trim().is_empty()).map_or(0, |i| i + 1);
    let start = match header {
        Some(h) if index - h < WINDOW => h,
        _ => paragraph.max(index.saturating_sub(WINDOW / 2)),
    };
    let end = (start + WINDOW).min(lines.len()).max(index + 1);
    let end = end.min(index + 1 + WINDOW / 2).max(index + 1);
    let marker = markers.first().copied().unwrap_or("//");
    let mut shown: Vec<String> = Vec::with_capacity(end - start + 2);
    if start > 0 {
        shown.push(format!("{}{marker} …", " ".repeat(indent(lines[start]))));
    }
    for (i, line) in lines.iter().enumerate().take(end).skip(start) {
        if i == index {
            shown.push(format!("{}______", &line[..indent(line)]));
        } else {
            shown.push((*line).to_owned());
        }
    }
    while shown.last().is_some_and(|l| l.trim().is_empty()) {
        shown.pop();
    }
    if end < lines.len() && lines[end..].iter().any(|l| !l.trim().is_empty()) {
        shown.push(format!("{}{marker} …", " ".repeat(indent(lines[end.min(lines.len() - 1)]))));
    }
    Gap { index, line: lines[index].trim_end().to_owned(), shown: shown.join("\n"), within }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long_code() -> String {
        let mut code = String::from("import threading\n\ndef worker(num):\n    \"\"\"Work.\"\"\"\n    total = 0\n");
        for i in 0..8 {
            code.push_str(&format!("    total += {i}\n"));
        }
        code.push_str("    return total\n\nthreads = [threading.Thread(target=worker, args=(i,)) for i in range(5)]\n");
        code.push_str("for t in threads:\n    t.start()\nfor t in threads:\n    t.join()\n");
        code
    }

    #[test]
    fn key_lines_are_those_using_the_cues() {
        let code = long_code();
        assert!(is_long(&code));
        let cues = Cues { uses: vec!["threading.Thread".into(), "start()".into(), "join()".into()], ..Cues::default() };
        let found = gaps(&code, &["#"], &[], &cues);
        let lines: Vec<&str> = found.iter().map(|g| g.line.trim()).collect();
        assert_eq!(lines, ["threads = [threading.Thread(target=worker, args=(i,)) for i in range(5)]", "t.start()"]);
        assert!(found[1].shown.contains("    ______"));
        assert!(!found[1].shown.contains("t.start()"));
    }

    #[test]
    fn section_terms_outrank_cues_and_the_window_starts_at_the_function() {
        let code = long_code();
        let found = gaps(&code, &["#"], &["total +=".to_owned()], &Cues::default());
        assert_eq!(found[0].within.as_deref(), Some("worker()"));
        assert!(found[0].shown.starts_with("# …\ndef worker(num):"), "{}", found[0].shown);
        assert!(found[0].line.contains("total +="));
    }

    #[test]
    fn a_c_function_header_is_no_gap() {
        assert!(!can_be_gap("void producer() {", &["//"]));
        assert!(!can_be_gap("static int add(int a, int b) {", &["//"]));
        assert!(can_be_gap("if (count == N) sleep();", &["//"]));
        assert!(can_be_gap("while (count == 0) {", &["//"]));
    }

    #[test]
    fn short_code_is_not_long() {
        assert!(!is_long("a = 1\nb = 2\n"));
    }
}
