//! How `cardsmith build` reports each guide: one summary line, then the
//! cards a user must know about (removed and reworded ones always; every
//! change on a dry run).

use std::io::{self, Write};
use std::path::Path;

use cardsmith::identity::reconcile::Changes;
use cardsmith::rebuild::BuiltGuide;

/// Counts over a batch.
#[derive(Debug, Default)]
pub struct Totals {
    guides_changed: usize,
    notes: usize,
    added: usize,
    changed: usize,
    reworded: usize,
    removed: usize,
}

impl Totals {
    pub fn add(&mut self, guide: &BuiltGuide) {
        self.guides_changed += usize::from(!guide.changes.is_empty());
        self.notes += guide.notes;
        self.added += guide.changes.added.len();
        self.changed += guide.changes.changed.len();
        self.reworded += guide.changes.reworded.len();
        self.removed += guide.changes.removed.len();
    }

    pub fn write(&self, out: &mut impl Write, guides: usize, dry_run: bool) -> io::Result<()> {
        let verb = if dry_run { "would change" } else { "changed" };
        writeln!(
            out,
            "{guides} guides, {} cards; {} {verb}: {} added, {} changed, {} reworded, {} removed",
            self.notes, self.guides_changed, self.added, self.changed, self.reworded, self.removed
        )
    }
}

fn counts(changes: &Changes) -> String {
    format!(
        "{} added, {} changed, {} reworded, {} removed, {} unchanged",
        changes.added.len(),
        changes.changed.len(),
        changes.reworded.len(),
        changes.removed.len(),
        changes.unchanged
    )
}

pub fn guide(out: &mut impl Write, path: &Path, guide: &BuiltGuide, dry_run: bool, quiet: bool) -> io::Result<()> {
    let file = path.display();
    let changes = &guide.changes;
    if !quiet {
        if guide.skipped {
            writeln!(out, "{file}: {} cards, unchanged", guide.notes)?;
        } else {
            let outputs: Vec<String> = guide.outputs.iter().map(|p| p.display().to_string()).collect();
            let written =
                if dry_run { " (dry run: nothing written)".to_owned() } else { format!(" → {}", outputs.join(", ")) };
            writeln!(out, "{file}: {} cards ({}){written}", guide.notes, counts(changes))?;
        }
    }
    for warning in &guide.warnings {
        writeln!(out, "{} {warning}", crate::WARNING.render_prefix())?;
    }
    for message in &changes.ambiguous {
        writeln!(out, "{} {file}: {message}", crate::WARNING.render_prefix())?;
    }
    if dry_run {
        for card in &changes.added {
            writeln!(out, "  + {file}:{}: {}", card.line, one_line(&card.front))?;
        }
        for card in &changes.changed {
            writeln!(out, "  ~ {file}:{}: {}", card.line, one_line(&card.front))?;
        }
    }
    for (old, card) in &changes.reworded {
        writeln!(out, "  reworded {file}:{}: \"{}\" → \"{}\"", card.line, one_line(old), one_line(&card.front))?;
    }
    for card in &changes.removed {
        writeln!(out, "  removed {file}:{}: {}", card.line, one_line(&card.front))?;
    }
    if let Some(removed) = &guide.removed_deck
        && !changes.removed.is_empty()
    {
        writeln!(
            out,
            "  removed notes stay in Anki: import {} to tag them cardsmith::removed, delete them there, then run `cardsmith build --forget-removed`",
            removed.display()
        )?;
    }
    Ok(())
}

fn one_line(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 90 { format!("{}…", line.chars().take(89).collect::<String>()) } else { line }
}
