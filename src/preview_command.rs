//! `cardsmith preview`: renders the guides as a build would (same cards,
//! same GUIDs from the lock file, nothing else written), runs `check` on
//! them for the findings, and writes each guide's page with the library's
//! [`preview`](cardsmith::preview).

use std::io::Write;

use cardsmith::BuildOptions;
use cardsmith::CheckOptions;
use cardsmith::Timings;
use cardsmith::preview::{self, Note};
use cardsmith::{CsvFlavor, OutputKind};

use crate::ERROR;
use crate::cli::PreviewArgs;

pub fn run(args: &PreviewArgs) -> anyhow::Result<bool> {
    let options = BuildOptions {
        inputs: args.paths.clone(),
        output_dir: args.output.clone(),
        formats: vec![OutputKind::Apkg],
        csv: CsvFlavor::Anki,
        dry_run: true,
        forget_removed: false,
        timings: false,
        bundle: None,
        keep_decks: true,
    };
    let batch = cardsmith::build(&options, &Timings::default(), &|_| {})?;
    let checked = cardsmith::check(&CheckOptions { inputs: args.paths.clone() })?;
    let mut stderr = anstream::stderr().lock();
    let mut ok = true;
    for (i, outcome) in batch.guides.iter().enumerate() {
        if let Err(err) = &outcome.result {
            ok = false;
            writeln!(stderr, "{} {err}", ERROR.render_prefix())?;
            continue;
        }
        let Some((_, deck)) = batch.decks.iter().find(|(at, _)| *at == i) else { continue };
        let notes: Vec<Note> = checked
            .iter()
            .filter(|c| c.input.path == outcome.input.path)
            .filter_map(|c| c.result.as_ref().ok())
            .flat_map(|c| c.findings.iter().map(Note::from).chain(c.diagnostics.iter().map(Note::from)))
            .collect();
        let path = outcome.input.output(&options.output_dir, "html");
        let written = preview::page(deck, &notes)
            .and_then(|page| cardsmith::write_atomic(&path, |out| out.write_all(page.as_bytes())));
        match written {
            Ok(()) if !args.quiet => {
                let cards = crate::report::count(deck.anki_card_count(), "card");
                writeln!(stderr, "preview {}: {cards} → {}", outcome.input.path.display(), path.display())?;
            }
            Ok(()) => {}
            Err(err) => {
                ok = false;
                writeln!(stderr, "{} {err}", ERROR.render_prefix())?;
            }
        }
    }
    Ok(ok)
}
