//! Tables: takes a table block's source, gives its rows as cells with the
//! line each row is on. A question-and-answer table (`| Question | Answer |`,
//! `| Front | Back |`, or a first column of questions) gives one question
//! card per row.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::card::CardKind;
use crate::classify;
use crate::outline::Block;

use super::question;
use super::{Draft, Extractor, Scope};

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
    for (cells, range) in &table.rows {
        let Some(asked) = cells.first().filter(|c| !c.is_empty()) else { continue };
        let answers: Vec<(&String, &String)> =
            table.header.iter().zip(cells).skip(1).filter(|(_, cell)| !cell.is_empty()).collect();
        let back = match answers.as_slice() {
            [] => question::NO_ANSWER.to_owned(),
            [(_, only)] => (*only).clone(),
            several => several.iter().map(|(h, c)| format!("**{h}:** {c}")).collect::<Vec<_>>().join("\n\n"),
        };
        let mut covers = vec![range.clone()];
        if std::mem::take(&mut first) {
            covers.push(block.span.clone());
        }
        let line = ex.doc.line(range.start);
        let draft = Draft::new(CardKind::Question, question::clean(asked), back, line, covers);
        ex.emit(scope, draft.pinned(pin.take()).authored());
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
    fn a_comparison_table_is_not_a_question_table() {
        let table =
            read("| | SQL | NoSQL |\n|---|---|---|\n| Schema | fixed | flexible |\n| Joins | yes | rarely |\n", 0)
                .expect("a table");
        assert!(!is_question_table(&table));
    }
}
