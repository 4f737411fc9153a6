//! The `cardsmith` binary: parses arguments, runs the library, prints what
//! happened and maps it to an exit status (0 ok, 1 bad input or failed
//! check, 2 usage error).

#[cfg(not(target_env = "msvc"))]
mod allocator;
mod check_report;
mod cli;
mod preview_command;
mod push_command;
mod report;
mod watch;

use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};

use anyhow::Context;
use clap::Parser;

use cardsmith::BuildOptions;
use cardsmith::CheckOptions;
use cardsmith::Timings;
use check_report::CheckOutput;
use cli::{Cli, Command};

fn main() -> ExitCode {
    #[cfg(not(target_env = "msvc"))]
    allocator::hand_back_sooner();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    // A bug must still end as a one-line message and status 1, never a backtrace.
    panic::set_hook(Box::new(|info| {
        let _ = writeln!(anstream::stderr(), "{} internal error: {info} (please report this)", ERROR.render_prefix());
    }));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| match &cli.command {
        Command::Build(args) => build(&args.into(), args.quiet),
        Command::Check(args) => check(&args.into(), args.into()),
        Command::Watch(args) => watch::run(&args.into(), args.quiet),
        Command::Push(args) => push_command::run(args),
        Command::Preview(args) => preview_command::run(args),
        Command::Completions { shell } => {
            cli::completions(*shell, &mut io::stdout());
            Ok(true)
        }
        Command::Man { out } => {
            for page in cli::man_pages(out).with_context(|| format!("writing man pages into {}", out.display()))? {
                println!("{}", page.display());
            }
            Ok(true)
        }
    }));
    match outcome {
        Ok(Ok(true)) => ExitCode::SUCCESS,
        Ok(Ok(false)) | Err(_) => ExitCode::from(1),
        Ok(Err(err)) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Ok(Err(err)) => {
            let _ = writeln!(anstream::stderr(), "{} {err:#}", ERROR.render_prefix());
            ExitCode::from(1)
        }
    }
}

/// `error:` and `warning:` labels; colour only reaches a terminal, and
/// `NO_COLOR` turns it off (anstream strips it otherwise).
#[derive(Debug)]
pub struct Label {
    text: &'static str,
    style: Style,
}

impl Label {
    pub fn render_prefix(&self) -> String {
        format!("{}{}{}", self.style.render(), self.text, self.style.render_reset())
    }
}

pub const ERROR: Label = Label { text: "error:", style: AnsiColor::Red.on_default().bold() };
pub const WARNING: Label = Label { text: "warning:", style: AnsiColor::Yellow.on_default().bold() };
pub const NOTE: Label = Label { text: "note:", style: AnsiColor::Cyan.on_default().bold() };

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// Returns whether every guide was built.
fn build(options: &BuildOptions, quiet: bool) -> anyhow::Result<bool> {
    Ok(build_batch(options, quiet, false)?.0)
}

/// Builds and prints what each guide did; returns whether every guide was
/// built, and the batch. `pushing` leaves out the advice to move cards in
/// Anki by hand, which the push does.
fn build_batch(options: &BuildOptions, quiet: bool, pushing: bool) -> anyhow::Result<(bool, cardsmith::Batch)> {
    let timings = Timings::default();
    let bar = indicatif::ProgressBar::hidden();
    let progress = |step: cardsmith::Progress| match step {
        // Only worth drawing for a batch (and only ever drawn on a terminal).
        cardsmith::Progress::Start { steps } if !quiet && steps > 2 => {
            bar.set_length(steps as u64);
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {percent}% of the guides") {
                bar.set_style(style);
            }
        }
        cardsmith::Progress::Start { .. } => {}
        cardsmith::Progress::Step => bar.inc(1),
        cardsmith::Progress::Done => bar.finish_and_clear(),
    };
    let batch = cardsmith::build(options, &timings, &progress)?;
    let mode = report::Mode { dry_run: options.dry_run, quiet, pushing };
    let mut stderr = anstream::stderr().lock();
    let mut ok = true;
    let mut total = report::Totals::default();
    for outcome in &batch.guides {
        match &outcome.result {
            Ok(guide) => {
                total.add(guide);
                report::guide(&mut stderr, &outcome.input.path, guide, mode)?;
            }
            Err(err) => {
                ok = false;
                writeln!(stderr, "{} {err}", ERROR.render_prefix())?;
            }
        }
    }
    for lock in &batch.locks {
        report::lock(&mut stderr, lock, mode)?;
    }
    if let Some(bundle) = &batch.bundle
        && !quiet
    {
        let (guides, notes) = (report::count(bundle.guides, "guide"), report::count(bundle.notes, "note"));
        writeln!(stderr, "bundle: {guides}, {notes} → {}", bundle.path.display())?;
    }
    if !quiet && batch.guides.len() > 1 {
        total.write(&mut stderr, batch.guides.len(), options.dry_run)?;
    }
    if options.timings {
        writeln!(stderr, "timings: {timings}")?;
    }
    Ok((ok, batch))
}

/// Returns whether every guide passed: no warnings (and, with `--strict`,
/// no quality notes either).
fn check(options: &CheckOptions, output: CheckOutput) -> anyhow::Result<bool> {
    let results = cardsmith::check(options).context("check failed")?;
    let mut stderr = anstream::stderr().lock();
    let mut stdout = io::stdout().lock();
    let mut ok = true;
    for outcome in &results {
        match &outcome.result {
            Ok(guide) => {
                ok &= output.passes(guide);
                if output.json {
                    check_report::json(&mut stdout, &outcome.input.path, guide, output.quiet)?;
                } else {
                    check_report::text(&mut stderr, &outcome.input.path, guide, output.quiet)?;
                }
            }
            Err(err) => {
                ok = false;
                writeln!(stderr, "{} {err}", ERROR.render_prefix())?;
            }
        }
    }
    stdout.flush()?;
    Ok(ok)
}
