//! A small fluent harness: a temporary project with guide files, a way to
//! run the real `cardsmith` binary in it, and typed views of its JSON.

use std::path::PathBuf;
use std::process::{Command, Output};

use cardsmith::SourceFile;
use cardsmith::{Deck, DeckCard};
use serde::{Deserialize, Serialize};

/// Converts Markdown in memory and returns the rendered deck.
pub fn deck(markdown: &str) -> Deck {
    cardsmith::convert(SourceFile::from_text("guide.md", markdown)).expect("guide converts").deck
}

/// What a snapshot shows of a card: enough to judge it, nothing volatile.
#[derive(Debug, PartialEq, Serialize)]
pub struct CardView {
    pub kind: String,
    pub deck: String,
    pub context: String,
    pub front: String,
    pub back: String,
    pub line: usize,
}

pub fn views(markdown: &str) -> Vec<CardView> {
    deck(markdown).cards.iter().map(view).collect()
}

pub fn view(card: &DeckCard) -> CardView {
    CardView {
        kind: card.kind.name().to_owned(),
        deck: card.deck.clone(),
        context: card.context.join(" › "),
        front: card.front.markdown.clone(),
        back: card.back.markdown.clone(),
        line: card.source.line,
    }
}

/// A temporary folder to run cardsmith in.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn file(self, path: &str, contents: impl AsRef<[u8]>) -> Self {
        let path = self.dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write fixture");
        self
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        if relative.is_empty() { self.dir.path().to_path_buf() } else { self.dir.path().join(relative) }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// [`Project::run`] with extra environment variables.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &std::path::Path)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cardsmith"));
        command.args(args).current_dir(self.dir.path()).env("NO_COLOR", "1");
        for (name, value) in env {
            command.env(name, value);
        }
        Run { output: command.output().expect("cardsmith runs") }
    }

    pub fn json(&self, relative: &str) -> CardsDocument {
        let text = std::fs::read_to_string(self.path(relative)).expect("json written");
        serde_json::from_str(&text).expect("json parses into the documented structure")
    }
}

/// The result of one run, with fluent assertions.
pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(self, expected: i32) -> Self {
        assert_eq!(self.output.status.code(), Some(expected), "exit status; stderr:\n{}", self.stderr());
        self
    }

    pub fn success(self) -> Self {
        self.code(0)
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr_has(self, needle: &str) -> Self {
        assert!(self.stderr().contains(needle), "stderr lacks {needle:?}:\n{}", self.stderr());
        self
    }

    pub fn stderr_lacks(self, needle: &str) -> Self {
        assert!(!self.stderr().contains(needle), "stderr has {needle:?}:\n{}", self.stderr());
        self
    }

    pub fn stdout_has(self, needle: &str) -> Self {
        assert!(self.stdout().contains(needle), "stdout lacks {needle:?}:\n{}", self.stdout());
        self
    }
}

/// The JSON document, as a consumer would model it (independent of the
/// library's own types, so a format change breaks this test).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardsDocument {
    pub format: String,
    pub version: u32,
    pub title: String,
    pub source: String,
    pub note_count: usize,
    pub card_count: usize,
    pub media: Vec<String>,
    pub cards: Vec<JsonCard>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonCard {
    pub guid: String,
    pub id: Option<String>,
    pub kind: String,
    pub deck: String,
    pub context: Vec<String>,
    pub tags: Vec<String>,
    pub front: JsonSide,
    pub back: JsonSide,
    pub part: Option<JsonPart>,
    pub cloze: Option<Vec<u32>>,
    pub source: JsonSource,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSide {
    pub markdown: String,
    pub html: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonPart {
    pub index: usize,
    pub count: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSource {
    pub file: String,
    pub line: usize,
}

/// The repository root (for the shipped guide and schema).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
