//! The command line: a clap-derive description that converts into the
//! library's plain option structs; nothing else in the crate knows clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use cardsmith::BuildOptions;
use cardsmith::CheckOptions;
use cardsmith::{CsvFlavor, OutputKind};

use crate::check_report::CheckOutput;

const EXAMPLES: &str = "\
Examples:
  cardsmith build                      convert every guide in source/ into output/
  cardsmith build notes/ -o decks/     convert a folder, keeping its sub-folders
  cardsmith build guide.md             convert one file (any extension)
  cardsmith build --dry-run            show what a rebuild would add, change or remove
  cardsmith check                      lint source/: coverage, long answers, duplicates, card quality
  cardsmith check --strict             fail on card quality notes too
  cardsmith check --format json        findings and summaries as JSON lines on stdout

Exit status: 0 success, 1 bad input or failed check, 2 usage error.";

const PUSH_EXAMPLES: &str = "\
Examples:
  cardsmith push                       build source/ and send it to Anki (AnkiConnect on 127.0.0.1:8765)
  cardsmith push --prune               also delete the notes removed from the guides (asks first)
  cardsmith push --sync                then ask Anki to sync with AnkiWeb, for the phone
  cardsmith push notes/ -o decks/      push the guides of notes/, writing into decks/

Anki must be running on this machine, with the AnkiConnect add-on (code 2055492159).";

/// Turn Markdown study guides into atomic flashcards (Anki decks, CSV, JSON).
#[derive(Debug, Parser)]
#[command(name = "cardsmith", version, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert guides into card files in the output folder.
    #[command(after_help = EXAMPLES)]
    Build(BuildArgs),
    /// Lint guides: uncovered content, oversized answers, duplicate fronts,
    /// unknown code languages (warnings, exit 1), and card quality: long
    /// lists, vague fronts, answers given away, dangling references,
    /// near-duplicate fronts, wide or tall code, thin answers (notes, exit 0
    /// unless --strict).
    #[command(after_help = EXAMPLES)]
    Check(CheckArgs),
    /// Build, then send the decks to a running Anki over AnkiConnect:
    /// import them, move notes whose deck changed, tag removed notes
    /// `cardsmith::removed` (delete them with --prune), sync with --sync.
    #[command(after_help = PUSH_EXAMPLES)]
    Push(PushArgs),
    /// Write NAME.html for each guide: one self-contained page showing every
    /// card as Anki shows it, with flipping, night and phone views, filters
    /// by deck, kind and check finding (writes nothing else).
    Preview(PreviewArgs),
    /// Build, then build again each time a guide is saved (Ctrl-C stops).
    Watch(BuildArgs),
    /// Print a shell completion script: `cardsmith completions bash >
    /// ~/.local/share/bash-completion/completions/cardsmith`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write man pages (cardsmith.1 and one per command) into a folder.
    #[command(hide = true)]
    Man {
        /// Folder to write the pages into.
        #[arg(long, value_name = "DIR", default_value = "man")]
        out: PathBuf,
    },
}

/// The completion script for `shell`, from the same definition the
/// command line parses with.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    let mut command = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut command, "cardsmith", out);
}

/// Writes `cardsmith.1` and `cardsmith-COMMAND.1` for each visible command
/// into `dir`; returns the pages written.
pub fn man_pages(dir: &std::path::Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let command = <Cli as clap::CommandFactory>::command();
    let mut written = Vec::new();
    let mut page = |name: String, command: clap::Command| -> std::io::Result<()> {
        let mut roff = Vec::new();
        clap_mangen::Man::new(command).title(name.to_uppercase()).render(&mut roff)?;
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, roff)?;
        written.push(path);
        Ok(())
    };
    for sub in command.get_subcommands().filter(|c| !c.is_hide_set()) {
        let name = format!("cardsmith-{}", sub.get_name());
        page(name.clone(), sub.clone().name(name).version(command.get_version().unwrap_or_default().to_owned()))?;
    }
    page("cardsmith".to_owned(), command)?;
    Ok(written)
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Guide files or folders (folders are scanned for *.md and *.markdown).
    #[arg(value_name = "PATH", default_value = "source")]
    pub paths: Vec<PathBuf>,
    /// Folder to write the outputs into (sub-folders are kept).
    #[arg(short, long, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,
    /// Files to write for each guide, separated by commas: `apkg`, `csv`,
    /// `json`, and `tsv` (term<TAB>definition lines of plain text, for
    /// Quizlet-style importers).
    #[arg(long = "format", value_enum, value_name = "FORMATS", value_delimiter = ',', default_values_t = [OutputChoice::Apkg, OutputChoice::Csv, OutputChoice::Json])]
    pub formats: Vec<OutputChoice>,
    /// CSV layout: `anki` (Anki's file headers, stock note types) or
    /// `plain` (a header row: front,back,context,deck,tags,guid,source).
    #[arg(long, value_enum, value_name = "FLAVOR", default_value_t = CsvChoice::Anki)]
    pub csv: CsvChoice,
    /// Show what would change (added, changed, reworded, removed cards)
    /// without writing anything.
    #[arg(short = 'n', long)]
    pub dry_run: bool,
    /// Forget the notes removed from the guides (do this after deleting them
    /// in Anki; otherwise importing `NAME.removed.apkg` brings them back).
    #[arg(long)]
    pub forget_removed: bool,
    /// Also write NAME.apkg holding every guide built, for one import (same
    /// decks and notes as the guides' own packages; every guide is built).
    #[arg(long, value_name = "NAME")]
    pub bundle: Option<String>,
    /// Print how long each pipeline stage took (summed over guides).
    #[arg(long)]
    pub timings: bool,
    /// Print only errors and removed cards.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// Guide files or folders (folders are scanned for *.md and *.markdown).
    #[arg(value_name = "PATH", default_value = "source")]
    pub paths: Vec<PathBuf>,
    /// Folder to write the pages into (sub-folders are kept).
    #[arg(short, long, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,
    /// Print only errors.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// AnkiConnect's address. Anki must run on this machine: it reads the
    /// packages from this machine's disk.
    #[arg(long, value_name = "URL", default_value = cardsmith::push::DEFAULT_URL, value_parser = http_address)]
    pub anki_connect: String,
    /// AnkiConnect's API key, when its settings set one (or set
    /// CARDSMITH_ANKI_CONNECT_KEY).
    #[arg(long, value_name = "KEY", env = "CARDSMITH_ANKI_CONNECT_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// Delete the notes removed from the guides (those tagged
    /// cardsmith::removed), after asking; then forget them, as
    /// `build --forget-removed` does.
    #[arg(long)]
    pub prune: bool,
    /// Delete without asking (for --prune in scripts).
    #[arg(short, long, requires = "prune")]
    pub yes: bool,
    /// Then ask Anki to sync with AnkiWeb.
    #[arg(long)]
    pub sync: bool,
}

/// AnkiConnect speaks plain HTTP (Anki listens on this machine).
fn http_address(value: &str) -> Result<String, String> {
    match value.strip_prefix("http://") {
        Some(rest) if !rest.is_empty() => Ok(value.to_owned()),
        _ => {
            Err("give an http:// address, such as http://127.0.0.1:8765 (AnkiConnect does not speak https)".to_owned())
        }
    }
}

impl From<&PushArgs> for cardsmith::push::PushOptions {
    fn from(args: &PushArgs) -> Self {
        Self { url: args.anki_connect.clone(), key: args.api_key.clone(), prune: args.prune, sync: args.sync }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputChoice {
    Apkg,
    Csv,
    Json,
    Tsv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvChoice {
    Anki,
    Plain,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Guide files or folders (folders are scanned for *.md and *.markdown).
    #[arg(value_name = "PATH", default_value = "source")]
    pub paths: Vec<PathBuf>,
    /// Print only findings, not the per-guide summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// Fail (exit 1) on card quality notes too, not only on warnings.
    #[arg(long)]
    pub strict: bool,
    /// `text`: `warning:` and `note:` lines and a summary per guide on
    /// stderr. `json`: one JSON object per line on stdout, per finding
    /// (`"type":"finding"`) and per guide (`"type":"summary"`).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = FormatChoice::Text)]
    pub format: FormatChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatChoice {
    Text,
    Json,
}

impl From<&BuildArgs> for BuildOptions {
    fn from(args: &BuildArgs) -> Self {
        Self {
            inputs: args.paths.clone(),
            output_dir: args.output.clone(),
            formats: {
                let mut kinds: Vec<OutputKind> = Vec::new();
                for choice in &args.formats {
                    let kind = match choice {
                        OutputChoice::Apkg => OutputKind::Apkg,
                        OutputChoice::Csv => OutputKind::Csv,
                        OutputChoice::Json => OutputKind::Json,
                        OutputChoice::Tsv => OutputKind::Tsv,
                    };
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                }
                kinds
            },
            csv: match args.csv {
                CsvChoice::Anki => CsvFlavor::Anki,
                CsvChoice::Plain => CsvFlavor::Plain,
            },
            dry_run: args.dry_run,
            forget_removed: args.forget_removed,
            timings: args.timings,
            bundle: args.bundle.clone(),
            keep_decks: false,
        }
    }
}

impl From<&CheckArgs> for CheckOptions {
    fn from(args: &CheckArgs) -> Self {
        Self { inputs: args.paths.clone() }
    }
}

impl From<&CheckArgs> for CheckOutput {
    fn from(args: &CheckArgs) -> Self {
        Self { json: args.format == FormatChoice::Json, strict: args.strict, quiet: args.quiet }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn verify_app() {
        Cli::command().debug_assert();
    }

    #[test]
    fn build_defaults_to_source_and_output() {
        let cli = Cli::parse_from(["cardsmith", "build"]);
        let Command::Build(args) = cli.command else { panic!("expected build") };
        let options = BuildOptions::from(&args);
        assert_eq!(options.inputs, [PathBuf::from("source")]);
        assert_eq!(options.output_dir, PathBuf::from("output"));
    }

    #[test]
    fn check_defaults_to_text_and_lenient() {
        let cli = Cli::parse_from(["cardsmith", "check"]);
        let Command::Check(args) = cli.command else { panic!("expected check") };
        assert_eq!(CheckOutput::from(&args), CheckOutput { json: false, strict: false, quiet: false });
        let cli = Cli::parse_from(["cardsmith", "check", "--format", "json", "--strict", "g.md"]);
        let Command::Check(args) = cli.command else { panic!("expected check") };
        assert_eq!(CheckOutput::from(&args), CheckOutput { json: true, strict: true, quiet: false });
        assert_eq!(CheckOptions::from(&args).inputs, [PathBuf::from("g.md")]);
    }
}
