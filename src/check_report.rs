//! How `cardsmith check` reports each guide: as text on stderr (`warning:`
//! and `note:` lines, then a coverage line and a quality line) or as JSON
//! lines on stdout (one object per finding, one summary per guide).

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;
use serde::ser::SerializeMap;

use cardsmith::CheckedGuide;
use cardsmith::{Finding, KindQuality};

use crate::{NOTE, WARNING};

/// How to report, and what fails the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOutput {
    /// JSON lines on stdout instead of text on stderr.
    pub json: bool,
    /// Quality notes fail the check too.
    pub strict: bool,
    /// No per-guide summary.
    pub quiet: bool,
}

impl CheckOutput {
    /// Whether the guide passes: no warnings, and no notes when strict.
    pub fn passes(&self, guide: &CheckedGuide) -> bool {
        guide.diagnostics.is_empty() && (!self.strict || guide.findings.is_empty())
    }
}

/// A warning or a note, in line order (a warning first on a shared line).
enum Entry<'a> {
    Warning(&'a cardsmith::Diagnostic),
    Note(&'a Finding),
}

fn entries(guide: &CheckedGuide) -> Vec<Entry<'_>> {
    let mut out: Vec<(usize, u8, Entry<'_>)> = guide
        .diagnostics
        .iter()
        .map(|d| (d.line, 0, Entry::Warning(d)))
        .chain(guide.findings.iter().map(|f| (f.line, 1, Entry::Note(f))))
        .collect();
    // Stable: each list keeps its own order within a line.
    out.sort_by_key(|(line, severity, _)| (*line, *severity));
    out.into_iter().map(|(.., entry)| entry).collect()
}

/// `warning:` / `note:` lines, then (unless quiet) the coverage and quality lines.
pub fn text(out: &mut impl Write, path: &Path, guide: &CheckedGuide, quiet: bool) -> io::Result<()> {
    let file = path.display();
    for entry in entries(guide) {
        match entry {
            Entry::Warning(d) => writeln!(out, "{} {d}", WARNING.render_prefix())?,
            Entry::Note(f) => writeln!(
                out,
                "{} {file}:{}: {}: {} [{}]",
                NOTE.render_prefix(),
                f.line,
                f.message,
                f.fix,
                f.lint.code()
            )?,
        }
    }
    if quiet {
        return Ok(());
    }
    let findings = guide.diagnostics.len();
    writeln!(
        out,
        "{file}: {}, coverage {:.1}% ({}/{}), {}{}{findings} finding{}",
        crate::report::count(guide.cards, "card"),
        guide.coverage.percent(),
        guide.coverage.covered,
        guide.coverage.total,
        match guide.coverage.navigation {
            0 => String::new(),
            1 => "1 navigation block skipped, ".to_owned(),
            n => format!("{n} navigation blocks skipped, "),
        },
        match guide.coverage.unanswered {
            0 => String::new(),
            1 => "1 unanswered question left out, ".to_owned(),
            n => format!("{n} unanswered questions left out, "),
        },
        if findings == 1 { "" } else { "s" }
    )?;
    let kinds: Vec<String> = guide
        .quality
        .by_kind
        .iter()
        .filter(|k| k.with_findings > 0)
        .map(|k| format!("{} {}", k.kind.name(), k.with_findings))
        .collect();
    writeln!(
        out,
        "{file}: quality: {}, {} with findings{}",
        crate::report::count(guide.quality.cards, "card"),
        guide.quality.cards_with_findings,
        if kinds.is_empty() { String::new() } else { format!(" ({})", kinds.join(", ")) }
    )
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    file: &'a str,
    line: usize,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    fix: &'a str,
}

#[derive(Serialize)]
struct JsonCoverage {
    covered: usize,
    total: usize,
    percent: f64,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    file: &'a str,
    cards: usize,
    coverage: JsonCoverage,
    navigation: usize,
    unanswered: usize,
    /// Every finding object printed for the guide: warnings and notes.
    findings: usize,
    warnings: usize,
    notes: usize,
    cards_with_findings: usize,
    by_kind: ByKind<'a>,
}

/// `{"question": {"cards": 40, "with_findings": 3}, …}` in card kind order.
struct ByKind<'a>(&'a [KindQuality]);

impl Serialize for ByKind<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Counts {
            cards: usize,
            with_findings: usize,
        }
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for k in self.0 {
            map.serialize_entry(k.kind.name(), &Counts { cards: k.cards, with_findings: k.with_findings })?;
        }
        map.end()
    }
}

fn json_line(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// One JSON object per finding, then (unless quiet) the guide's summary.
pub fn json(out: &mut impl Write, path: &Path, guide: &CheckedGuide, quiet: bool) -> io::Result<()> {
    let file = path.to_string_lossy();
    for entry in entries(guide) {
        let finding = match entry {
            Entry::Warning(d) => JsonFinding {
                kind: "finding",
                file: &file,
                line: d.line,
                severity: "warning",
                code: d.code,
                message: &d.message,
                fix: d.fix,
            },
            Entry::Note(f) => JsonFinding {
                kind: "finding",
                file: &file,
                line: f.line,
                severity: "note",
                code: f.lint.code(),
                message: &f.message,
                fix: &f.fix,
            },
        };
        json_line(out, &finding)?;
    }
    if quiet {
        return Ok(());
    }
    let coverage = guide.coverage;
    json_line(
        out,
        &JsonSummary {
            kind: "summary",
            file: &file,
            cards: guide.cards,
            coverage: JsonCoverage {
                covered: coverage.covered,
                total: coverage.total,
                percent: (coverage.percent() * 10.0).round() / 10.0,
            },
            navigation: coverage.navigation,
            unanswered: coverage.unanswered,
            findings: guide.diagnostics.len() + guide.findings.len(),
            warnings: guide.diagnostics.len(),
            notes: guide.findings.len(),
            cards_with_findings: guide.quality.cards_with_findings,
            by_kind: ByKind(&guide.quality.by_kind),
        },
    )
}
