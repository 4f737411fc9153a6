//! `cardsmith push`: builds as `build` does, then hands the batch to the
//! library's AnkiConnect push and prints a line per guide. Asking before
//! deleting notes happens here, on the terminal.

use std::io::{self, BufRead, IsTerminal, Write};

use cardsmith::BuildOptions;
use cardsmith::OutputKind;
use cardsmith::push::{self, Prunable, PushError, PushOptions};

use crate::cli::PushArgs;
use crate::report::{count, one_line};
use crate::{ERROR, NOTE, WARNING};

pub fn run(args: &PushArgs) -> anyhow::Result<bool> {
    let quiet = args.build.quiet;
    if args.build.dry_run {
        anyhow::bail!("push cannot be a dry run: `cardsmith build --dry-run` shows what would change");
    }
    let mut options = BuildOptions::from(&args.build);
    // What Anki imports; the other files are written as asked.
    if !options.formats.contains(&OutputKind::Apkg) {
        options.formats.insert(0, OutputKind::Apkg);
    }
    let (built, batch) = crate::build_batch(&options, quiet, true)?;
    let push_options = PushOptions::from(args);
    let assume_yes = args.yes;
    let confirm = |notes: &[Prunable]| confirm(notes, assume_yes);
    let report = match push::push(&batch, &options, &push_options, &confirm) {
        Ok(report) => report,
        Err(err @ PushError::Unreachable { .. }) => {
            writeln!(anstream::stderr(), "{} {err}", ERROR.render_prefix())?;
            return Ok(false);
        }
        Err(err) => return Err(err.into()),
    };
    let mut stderr = anstream::stderr().lock();
    for guide in &report.guides {
        let path = match &guide.input {
            Some(input) => input.path.display().to_string(),
            None => format!("{} (no longer there)", guide.name),
        };
        let mut done = Vec::new();
        if guide.moved > 0 {
            done.push(format!("{} moved to their new deck", guide.moved));
        }
        if guide.tagged > 0 {
            done.push(format!("{} removed tagged cardsmith::removed", guide.tagged));
        }
        if guide.pruned > 0 {
            done.push(format!("{} removed deleted", guide.pruned));
        }
        if guide.returned > 0 {
            done.push(format!("{} back in the guide untagged cardsmith::removed", guide.returned));
        }
        if !quiet && guide.input.is_some() {
            let done = if done.is_empty() { String::new() } else { format!(" ({})", done.join(", ")) };
            let notes = count(guide.notes, "note");
            writeln!(stderr, "pushed {path}: {notes}{done} → {}", push_options.url)?;
        } else if !quiet && !done.is_empty() {
            writeln!(stderr, "pushed {path}: {} → {}", done.join(", "), push_options.url)?;
        }
        for question in &guide.not_found {
            writeln!(
                stderr,
                "{} {}: not found in its old deck in Anki (deleted or edited there?), so not moved (the next push looks again): {}",
                WARNING.render_prefix(),
                path,
                one_line(question)
            )?;
        }
        for question in &guide.alike {
            writeln!(
                stderr,
                "{} {}: another note has the same question and answer, and Anki cannot tell them apart, so this one was neither moved nor tagged (move or delete it by hand): {}",
                WARNING.render_prefix(),
                path,
                one_line(question)
            )?;
        }
        for question in &guide.maybe_tagged {
            writeln!(
                stderr,
                "{} {}: back in the guide, but not found among the notes tagged cardsmith::removed in Anki (edited there?): it may still carry the tag, so take it off by hand: {}",
                WARNING.render_prefix(),
                path,
                one_line(question)
            )?;
        }
        if guide.untagged > 0 {
            let what = count(guide.untagged, "removed note");
            writeln!(
                stderr,
                "{} {}: {what} not found in Anki to tag cardsmith::removed (never pushed, or deleted or edited there), left untouched",
                NOTE.render_prefix(),
                path
            )?;
        }
    }
    if report.elsewhere > 0 {
        writeln!(
            stderr,
            "{} {} no build record in {} (built into another output folder?), so {} not looked for in Anki; push with that folder's -o to tag {}",
            NOTE.render_prefix(),
            if report.elsewhere == 1 {
                "1 removed note has".to_owned()
            } else {
                format!("{} removed notes have", report.elsewhere)
            },
            options.output_dir.display(),
            if report.elsewhere == 1 { "it was" } else { "they were" },
            if report.elsewhere == 1 { "it" } else { "them" },
        )?;
    }
    if push_options.prune {
        if report.unfound > 0 {
            writeln!(
                stderr,
                "{} {} not deleted: not found tagged cardsmith::removed in {} deck in Anki (deleted already, edited there, or like another note); once gone from Anki, they are forgotten by `cardsmith build --forget-removed`",
                NOTE.render_prefix(),
                count(report.unfound, "removed note"),
                if report.unfound == 1 { "its" } else { "their" }
            )?;
        }
        if report.pruned && report.unfound == 0 {
            drop(stderr);
            // All deleted in Anki: the build forgets them, as --forget-removed does.
            let forget = BuildOptions { forget_removed: true, ..options.clone() };
            let (forgot, _) = crate::build_batch(&forget, true, true)?;
            if !forgot {
                return Ok(false);
            }
        } else if report.prunable.is_empty() && report.unfound == 0 && !quiet {
            writeln!(stderr, "{} no removed notes to delete", NOTE.render_prefix())?;
        } else if !report.pruned && !report.prunable.is_empty() {
            writeln!(stderr, "{} nothing deleted", NOTE.render_prefix())?;
        }
    }
    if report.synced && !quiet {
        writeln!(anstream::stderr(), "asked Anki to sync with AnkiWeb")?;
    }
    Ok(built)
}

/// Lists the notes and asks on the terminal; without one, only `--yes` deletes.
fn confirm(notes: &[Prunable], assume_yes: bool) -> bool {
    let mut stderr = anstream::stderr().lock();
    let plural = if notes.len() == 1 { "note" } else { "notes" };
    let _ = writeln!(stderr, "removed from the guides, to delete from Anki: {} {plural}", notes.len());
    for note in notes {
        let _ = writeln!(stderr, "  - {}: {}", note.guide, one_line(&note.question));
    }
    if assume_yes {
        return true;
    }
    if !io::stdin().is_terminal() {
        let _ = writeln!(
            stderr,
            "{} not deleting without a terminal to ask on: add --yes to delete them",
            WARNING.render_prefix()
        );
        return false;
    }
    let _ = write!(stderr, "delete {} {plural} from Anki? [y/N] ", notes.len());
    let _ = stderr.flush();
    let mut answer = String::new();
    if io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_lowercase().as_str(), "y" | "yes")
}
