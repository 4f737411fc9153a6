//! Tables: takes a table block's source, gives its rows as cells with the
//! line each row is on. A question-and-answer table (`| Question | Answer |`,
//! `| Front | Back |`, or a first column of questions) gives one question
//! card per row; any other table of two rows or more gives one card per row
//! ("SQL vs NoSQL › Schema: SQL vs NoSQL?"), or per cell when it has more
//! than four value columns — never a whole table on one card.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::card::CardKind;
use crate::classify;
use crate::outline::Block;

use super::{Draft, Extractor, Scope};
use super::{furniture, lists, question};

/// A table read from its Markdown: the header's cells, then each row's
/// cells with the byte range of its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(Vec<String>, Range<usize>)>,
}

/// Reads a GFM table whose text starts at byte `offset` of the guide.
pub(super) fn read(text: &str, offset: usize) -> Option<Table> {
    let mut lines = Vec::new();
    let mut at = offset;
    for line in text.split_inclusive('\n') {
        lines.push((line.trim_end_matches(['\n', '\r']), at..at + line.len()));
        at += line.len();
    }
    let mut lines = lines.into_iter().filter(|(l, _)| !l.trim().is_empty());
    let header = cells(lines.next()?.0);
    lines.next()?; // the delimiter row
    let rows = lines.map(|(line, range)| (cells(line), range)).collect();
    Some(Table { header, rows })
}

/// A row's cells: split at `|` outside code spans and escapes.
fn cells(line: &str) -> Vec<String> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let line = line.strip_suffix('|').filter(|l| !l.ends_with('\\')).unwrap_or(line);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut in_code = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '`' => {
                in_code = !in_code;
                cell.push(c);
            }
            '|' if !in_code => out.push(std::mem::take(&mut cell).trim().to_owned()),
            _ => cell.push(c),
        }
    }
    out.push(cell.trim().to_owned());
    out
}

static QUESTION_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:\*\*)?(?:q|questions?|front|prompt|вопрос|вопросы|问题|問題|pregunta|pergunta|frage)(?:\*\*)?$",
    )
    .expect("valid pattern")
});
static ANSWER_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\*\*)?(?:a|answers?|back|ответ|ответы|答案|回答|respuesta|resposta|antwort)(?:\*\*)?$")
        .expect("valid pattern")
});

/// Whether a table pairs questions with answers, row by row.
pub(super) fn is_question_table(table: &Table) -> bool {
    if table.header.len() < 2 || table.rows.is_empty() {
        return false;
    }
    let labelled = QUESTION_HEADER.is_match(&table.header[0]) && ANSWER_HEADER.is_match(&table.header[1]);
    let asking = table.rows.iter().filter(|(cells, _)| cells.first().is_some_and(|c| classify::is_question(c))).count();
    labelled || (table.rows.len() >= 2 && asking * 2 > table.rows.len())
}

/// One question card per row of a question table; the other cells are the
/// answer (named by their header when there are several).
pub(super) fn question_cards(ex: &mut Extractor<'_>, block: &Block, table: &Table, scope: &Scope, pin: Option<String>) {
    let mut pin = pin;
    let mut first = true;
    let mut unanswered = Vec::new();
    for (cells, range) in &table.rows {
        let Some(asked) = cells.first().filter(|c| !c.is_empty()) else { continue };
        // A link to an answer elsewhere ("[Solution](…)") is none here.
        let answers: Vec<(&String, &String)> = table
            .header
            .iter()
            .zip(cells)
            .skip(1)
            .filter(|(_, cell)| !cell.is_empty() && !furniture::link_only(cell))
            .collect();
        let line = ex.doc.line(range.start);
        let back = match answers.as_slice() {
            [] => {
                let draft =
                    Draft::new(CardKind::Question, question::clean(asked), String::new(), line, vec![range.clone()]);
                ex.emit_unanswered(scope, draft.pinned(pin.take()).authored());
                unanswered.push(range.start);
                continue;
            }
            [(_, only)] => (*only).clone(),
            several => several.iter().map(|(h, c)| labelled(h, c)).collect::<Vec<_>>().join("\n\n"),
        };
        let mut covers = vec![range.clone()];
        if std::mem::take(&mut first) {
            covers.push(block.span.clone());
        }
        let draft = Draft::new(CardKind::Question, question::clean(asked), back, line, covers);
        ex.emit(scope, draft.pinned(pin.take()).authored());
    }
    if let Some(&offset) = unanswered.first() {
        let message = lists::unanswered_message(ex, unanswered.len(), "table");
        ex.notice(offset, "no-answer", message);
        if first {
            // No row made a card: the header goes with the questions.
            ex.excluded.push(block.span.clone());
        }
    }
}

/// Whether a cell holds words or numbers, not only marks (`:+1:`, ✅).
fn says_something(cell: &str) -> bool {
    static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| classify::regex(r":[a-z0-9_+-]+:"));
    SHORTCODE.replace_all(cell, "").chars().any(char::is_alphanumeric)
}

/// More value columns than this, and a table is learned cell by cell.
const WIDE: usize = 4;

/// Whether a table has rows to learn one by one: two or more, with a label
/// and at least one value each. A row of values with no label (the totals
/// under a contingency table) names no card: such a table is learned whole.
pub(super) fn has_rows(table: &Table) -> bool {
    let unlabelled = |cells: &Vec<String>| {
        cells.first().is_none_or(|c| c.trim().is_empty()) && cells.iter().skip(1).any(|c| !c.trim().is_empty())
    };
    table.header.len() >= 2 && table.rows.len() >= 2 && !table.rows.iter().any(|(cells, _)| unlabelled(cells))
}

/// A value under its column's header, or alone under an empty one.
fn labelled(header: &str, cell: &str) -> String {
    if header.trim().is_empty() { cell.to_owned() } else { format!("**{header}:** {cell}") }
}

/// One card per row (its first cell names it), or per cell of a wide table;
/// the header gives the words of each front.
pub(super) fn row_cards(ex: &mut Extractor<'_>, block: &Block, table: &Table, scope: &Scope, pin: Option<String>) {
    let mut pin = pin;
    let mut first = true;
    let columns: Vec<&str> = table.header.iter().skip(1).map(String::as_str).collect();
    let wide = columns.len() > WIDE;
    for (cells, range) in &table.rows {
        let Some(label) = cells.first().filter(|c| !c.is_empty()) else { continue };
        let line = ex.doc.line(range.start);
        // A link to elsewhere ("[Solution](…)") teaches nothing here.
        let values: Vec<(&str, &str)> = columns
            .iter()
            .zip(cells.iter().skip(1))
            .filter(|(_, cell)| !cell.trim().is_empty() && !furniture::link_only(cell))
            .map(|(h, c)| (*h, c.as_str()))
            .collect();
        // The same mark in every column (`:+1:` `:+1:` `:+1:`) tells nothing apart.
        let marks_only = values.iter().all(|(_, c)| !says_something(c));
        let values =
            if marks_only && values.windows(2).all(|w| w[0].1.trim() == w[1].1.trim()) { Vec::new() } else { values };
        if values.is_empty() {
            ex.excluded.push(range.clone());
            continue;
        }
        let mut covers = vec![range.clone()];
        if std::mem::take(&mut first) {
            covers.push(block.span.clone());
        }
        if wide {
            for (header, cell) in values {
                let front = format!("{} › {label}: {header}?", scope.topic);
                let draft = Draft::new(CardKind::Note, front, cell.to_owned(), line, std::mem::take(&mut covers));
                ex.emit(scope, draft.pinned(pin.take()));
            }
            continue;
        }
        let asked: Vec<&str> = values.iter().map(|(h, _)| *h).filter(|h| !h.is_empty()).collect();
        // `| | SQL | NoSQL |` compares its columns; `| Name | Port | Notes |`
        // lists attributes.
        let joiner = if table.header[0].trim().is_empty() { " vs " } else { ", " };
        let front = match asked.as_slice() {
            [] => format!("{} › {label}?", scope.topic),
            _ => format!("{} › {label}: {}?", scope.topic, asked.join(joiner)),
        };
        let back = match values.as_slice() {
            [(_, only)] => (*only).to_owned(),
            several => several.iter().map(|(h, c)| labelled(h, c)).collect::<Vec<_>>().join("\n\n"),
        };
        ex.emit(scope, Draft::new(CardKind::Note, front, back, line, covers).pinned(pin.take()));
    }
    if first {
        // Every row only links elsewhere: the table is a list of links.
        ex.excluded.push(block.span.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_cells() {
        let text = "| Q | A |\n|---|---|\n| What is `a|b`? | a pipe \\| in code |\n| Why? | Because |\n";
        let table = read(text, 100).expect("a table");
        assert_eq!(table.header, ["Q", "A"]);
        assert_eq!(table.rows[0].0, ["What is `a|b`?", "a pipe | in code"]);
        let second = text.find("| Why?").expect("row");
        assert_eq!(table.rows[1].1, 100 + second..100 + text.len());
        assert!(is_question_table(&table));
    }

    #[test]
    fn a_table_has_rows_to_learn_from_two() {
        let one = read("| a | b |\n|---|---|\n| 1 | 2 |\n", 0).expect("a table");
        assert!(!has_rows(&one));
        let two = read("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n", 0).expect("a table");
        assert!(has_rows(&two));
    }

    #[test]
    fn a_comparison_table_is_not_a_question_table() {
        let table =
            read("| | SQL | NoSQL |\n|---|---|---|\n| Schema | fixed | flexible |\n| Joins | yes | rarely |\n", 0)
                .expect("a table");
        assert!(!is_question_table(&table));
    }
}
