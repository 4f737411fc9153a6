//! `cardsmith watch`: builds, then builds again each time a guide is saved
//! (changes settle for a moment first), printing what each rebuild did.
//! Bad input is reported and the watch goes on; the outputs of the last
//! good build stay, since every file is replaced only when whole. Ctrl-C
//! stops it between rebuilds.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use notify::{EventKind, RecursiveMode, Watcher};

use cardsmith::BuildOptions;
use cardsmith::Timings;

use crate::{ERROR, report};

/// How long saves must pause before a rebuild: an editor writes a file in
/// several steps.
const SETTLE: Duration = Duration::from_millis(150);

pub fn run(options: &BuildOptions, quiet: bool) -> anyhow::Result<bool> {
    let stop = Arc::new(AtomicBool::new(false));
    let stopping = Arc::clone(&stop);
    ctrlc::set_handler(move || stopping.store(true, Ordering::SeqCst)).context("cannot catch Ctrl-C")?;
    let (events, received) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(events).context("cannot watch files on this system")?;
    for path in &options.inputs {
        let (target, mode) = if path.is_dir() {
            (path.clone(), RecursiveMode::Recursive)
        } else {
            (
                path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf(),
                RecursiveMode::NonRecursive,
            )
        };
        watcher.watch(&target, mode).with_context(|| format!("{}: cannot watch", path.display()))?;
    }
    rebuild_once(options, quiet)?;
    let guides = Guides::of(options);
    let watched: Vec<String> = options.inputs.iter().map(|p| p.display().to_string()).collect();
    eprintln!("watching {} for changes (Ctrl-C to stop)", watched.join(", "));
    while !stop.load(Ordering::SeqCst) {
        match received.recv_timeout(Duration::from_millis(200)) {
            Ok(Ok(event)) if guides.touched(&event) => {
                // Let the saves settle, then build once for all of them.
                while received.recv_timeout(SETTLE).is_ok() {}
                if !stop.load(Ordering::SeqCst) {
                    rebuild_once(options, quiet)?;
                }
            }
            Ok(_) | Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    eprintln!("stopped watching");
    Ok(true)
}

/// What counts as a guide for the watch: Markdown files outside the output
/// folder, and the files named on the command line (resolved once, after
/// the first build has made the output folder).
struct Guides {
    named: Vec<PathBuf>,
    output: Option<PathBuf>,
}

impl Guides {
    fn of(options: &BuildOptions) -> Self {
        let named = options.inputs.iter().filter(|p| p.is_file()).filter_map(|p| p.canonicalize().ok()).collect();
        Self { named, output: options.output_dir.canonicalize().ok() }
    }

    /// Whether a guide was created, written, renamed or removed.
    fn touched(&self, event: &notify::Event) -> bool {
        if !matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)) {
            return false;
        }
        event.paths.iter().any(|path| {
            let markdown = path.extension().is_some_and(|e| e == "md" || e == "markdown");
            let inside_output = self.output.as_ref().is_some_and(|o| path.starts_with(o));
            (markdown && !inside_output) || path.canonicalize().is_ok_and(|p| self.named.contains(&p))
        })
    }
}

/// One build; prints the guides it rebuilt (not those it skipped) and
/// every error, and carries on whatever happened.
fn rebuild_once(options: &BuildOptions, quiet: bool) -> anyhow::Result<()> {
    let mut stderr = anstream::stderr().lock();
    let batch = match cardsmith::build(options, &Timings::default(), &|_| {}) {
        Ok(batch) => batch,
        Err(err) => {
            writeln!(stderr, "{} {err}", ERROR.render_prefix())?;
            return Ok(());
        }
    };
    let mode = report::Mode { dry_run: options.dry_run, quiet, pushing: false };
    for outcome in &batch.guides {
        match &outcome.result {
            Ok(guide) if guide.skipped => {}
            Ok(guide) => report::guide(&mut stderr, &outcome.input.path, guide, mode)?,
            Err(err) => writeln!(stderr, "{} {err}", ERROR.render_prefix())?,
        }
    }
    for lock in &batch.locks {
        report::lock(&mut stderr, lock, mode)?;
    }
    Ok(())
}
