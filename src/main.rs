//! The `cardsmith` binary: parses arguments, runs the library, prints what
//! happened and maps it to an exit status (0 ok, 1 bad input or failed
//! check, 2 usage error).

mod cli;
mod report;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use cardsmith::pipeline::{self, BuildOptions, CheckOptions};
use cardsmith::rebuild;
use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let outcome = match &cli.command {
        Command::Build(args) => build(&args.into(), args.quiet),
        Command::Check(args) => check(&args.into(), args.quiet),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// Returns whether every guide was built.
fn build(options: &BuildOptions, quiet: bool) -> anyhow::Result<bool> {
    let results = rebuild::build(options)?;
    let mut stderr = io::stderr().lock();
    let mut ok = true;
    let mut total = report::Totals::default();
    for outcome in &results {
        match &outcome.result {
            Ok(guide) => {
                total.add(guide);
                report::guide(&mut stderr, &outcome.input.path, guide, options.dry_run, quiet)?;
            }
            Err(err) => {
                ok = false;
                writeln!(stderr, "error: {err}")?;
            }
        }
    }
    if !quiet && results.len() > 1 {
        total.write(&mut stderr, results.len(), options.dry_run)?;
    }
    Ok(ok)
}

/// Returns whether every guide passed.
fn check(options: &CheckOptions, quiet: bool) -> anyhow::Result<bool> {
    let results = pipeline::check(options).context("check failed")?;
    let mut stderr = io::stderr().lock();
    let mut ok = true;
    for outcome in &results {
        match &outcome.result {
            Ok(guide) => {
                for diagnostic in &guide.diagnostics {
                    writeln!(stderr, "warning: {diagnostic}")?;
                }
                ok &= guide.diagnostics.is_empty();
                if !quiet {
                    writeln!(
                        stderr,
                        "{}: {} cards, coverage {:.1}% ({}/{}), {} finding{}",
                        outcome.input.path.display(),
                        guide.cards,
                        guide.coverage.percent(),
                        guide.coverage.covered,
                        guide.coverage.total,
                        guide.diagnostics.len(),
                        if guide.diagnostics.len() == 1 { "" } else { "s" }
                    )?;
                }
            }
            Err(err) => {
                ok = false;
                writeln!(stderr, "error: {err}")?;
            }
        }
    }
    Ok(ok)
}
