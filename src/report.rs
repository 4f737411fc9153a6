//! How `cardsmith build` reports each guide: one summary line, then the
//! cards a user must know about (removed, reworded and moved ones always;
//! every change on a dry run); then, per folder, the lock file and how to
//! move cards whose deck changed.

use std::io::{self, Write};
use std::path::Path;

use cardsmith::{BuiltGuide, LockReport};
use cardsmith::{Changes, Moved};

/// Counts over a batch.
#[derive(Debug, Default)]
pub struct Totals {
    guides_changed: usize,
    notes: usize,
    added: usize,
    changed: usize,
    reworded: usize,
    moved: usize,
    removed: usize,
}

impl Totals {
    pub fn add(&mut self, guide: &BuiltGuide) {
        self.guides_changed += usize::from(!guide.changes.is_empty());
        self.notes += guide.notes;
        self.added += guide.changes.added.len();
        self.changed += guide.changes.changed.len();
        self.reworded += guide.changes.reworded.len();
        self.moved += guide.changes.moved_only();
        self.removed += guide.changes.removed.len();
    }

    pub fn write(&self, out: &mut impl Write, guides: usize, dry_run: bool) -> io::Result<()> {
        let verb = if dry_run { "would change" } else { "changed" };
        let moved = if self.moved > 0 { format!("{} moved, ", self.moved) } else { String::new() };
        writeln!(
            out,
            "{guides} guides, {} cards; {} {verb}: {} added, {} changed, {} reworded, {moved}{} removed",
            self.notes, self.guides_changed, self.added, self.changed, self.reworded, self.removed
        )
    }
}

/// Moved cards are counted only when there are some.
fn counts(changes: &Changes) -> String {
    let moved = match changes.moved_only() {
        0 => String::new(),
        n => format!("{n} moved, "),
    };
    format!(
        "{} added, {} changed, {} reworded, {moved}{} removed, {} unchanged",
        changes.added.len(),
        changes.changed.len(),
        changes.reworded.len(),
        changes.removed.len(),
        changes.unchanged
    )
}

/// How a build's outcome is shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mode {
    pub dry_run: bool,
    pub quiet: bool,
    /// A push follows, which does in Anki what the advice would ask for.
    pub pushing: bool,
}

pub fn guide(out: &mut impl Write, path: &Path, guide: &BuiltGuide, mode: Mode) -> io::Result<()> {
    let Mode { dry_run, quiet, pushing } = mode;
    let file = path.display();
    let changes = &guide.changes;
    if !quiet {
        if guide.skipped {
            writeln!(out, "{file}: {}, unchanged", count(guide.notes, "card"))?;
        } else {
            let outputs: Vec<String> = guide.outputs.iter().map(|p| p.display().to_string()).collect();
            let written =
                if dry_run { " (dry run: nothing written)".to_owned() } else { format!(" → {}", outputs.join(", ")) };
            writeln!(out, "{file}: {} ({}){written}", count(guide.notes, "card"), counts(changes))?;
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
    for moved in &changes.moved {
        writeln!(out, "  moved: {file}:{} \"{}\" {}", moved.card.line, one_line(&moved.card.front), whence(moved))?;
    }
    for card in &changes.removed {
        let at = if card.line > 0 { format!("{file}:{}", card.line) } else { file.to_string() };
        writeln!(out, "  removed {at}: {}", one_line(&card.front))?;
    }
    if let Some(removed) = &guide.removed_deck
        && !changes.removed.is_empty()
        && !pushing
    {
        writeln!(
            out,
            "  removed notes stay in Anki: import {} to tag them cardsmith::removed, delete them there, then run `cardsmith build --forget-removed`",
            removed.display()
        )?;
    }
    Ok(())
}

/// `Net::Basics → Net::Fundamentals`, naming the guides when they differ.
fn whence(moved: &Moved) -> String {
    match (moved.from_deck == moved.to_deck, moved.from_guide == moved.to_guide) {
        (false, true) => format!("{} → {}", moved.from_deck, moved.to_deck),
        (true, false) => format!("{} → {}", moved.from_guide, moved.to_guide),
        _ => format!("{} ({}) → {} ({})", moved.from_deck, moved.from_guide, moved.to_deck, moved.to_guide),
    }
}

/// A folder's lock file: trouble with it, guides gone, and how to move
/// cards whose deck changed (Anki's import leaves them where they are).
pub fn lock(out: &mut impl Write, lock: &LockReport, mode: Mode) -> io::Result<()> {
    let Mode { dry_run, quiet, pushing } = mode;
    for warning in &lock.warnings {
        writeln!(out, "{} {warning}", crate::WARNING.render_prefix())?;
    }
    for (guide, notes) in &lock.gone {
        for note in notes {
            writeln!(out, "  removed {guide} (no longer there): {}", one_line(&note.front))?;
        }
    }
    if !lock.deck_moves.is_empty() && !pushing {
        let verb = if dry_run { "would stay" } else { "stay" };
        writeln!(
            out,
            "{} cards whose deck changed keep their reviews but {verb} in their old deck in Anki (its import never moves cards). \
             To move them: in Anki's Browser, paste each search below, select all (Ctrl+A), Change Deck (Ctrl+D), pick the deck named after it:",
            crate::NOTE.render_prefix()
        )?;
        for moved in &lock.deck_moves {
            writeln!(out, "  {}   → {}", moved.search(), moved.to)?;
        }
    }
    if lock.created && !quiet {
        writeln!(
            out,
            "{} wrote {}: it keeps which note each card is; commit it with your guides",
            crate::NOTE.render_prefix(),
            lock.path.display()
        )?;
    }
    Ok(())
}

/// `n` and the noun, singular for one: "1 card", "3 cards".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// A text on one line, cut at 90 characters.
pub fn one_line(text: &str) -> String {
    cardsmith::one_line(text, 90)
}
