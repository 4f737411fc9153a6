//! The card model shared by every stage after extraction.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// An answer with more list items than this is split (and `check` warns).
pub const MAX_LIST_ITEMS: usize = 7;
/// An answer with more characters of prose than this (code not counted) is
/// split (and `check` warns).
pub const MAX_PROSE_CHARS: usize = 500;

/// Which rule made a card; named in the JSON and used as a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    /// R1: a question heading (or a bold question paragraph) and its answer.
    Question,
    /// R2: one `TERM - text` item.
    Definition,
    /// R3: a short label with nested points.
    Topic,
    /// R4: a plain list under a heading.
    List,
    /// R5: a code block, or one commented part of it.
    Code,
    /// R6: predict what a line of code evaluates to.
    Output,
    /// R5: a key line of long code, left blank to fill in.
    Fill,
    /// R7: `{{c1::…}}` deletions.
    Cloze,
    /// R7: `Q:` / `A:` paragraphs.
    Explicit,
    /// Prose under a heading that no other rule took.
    Note,
}

impl CardKind {
    pub const ALL: [Self; 10] = [
        Self::Question,
        Self::Definition,
        Self::Topic,
        Self::List,
        Self::Code,
        Self::Output,
        Self::Fill,
        Self::Cloze,
        Self::Explicit,
        Self::Note,
    ];

    /// The kind a [`name`](Self::name) names.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Question => "question",
            Self::Definition => "definition",
            Self::Topic => "topic",
            Self::List => "list",
            Self::Code => "code",
            Self::Output => "output",
            Self::Fill => "fill",
            Self::Cloze => "cloze",
            Self::Explicit => "explicit",
            Self::Note => "note",
        }
    }
}

/// Which part of a split answer a card holds (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub index: usize,
    pub count: usize,
}

/// A card as extracted: Markdown sides plus where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Card {
    pub kind: CardKind,
    /// Anki deck path, `Title::Section`.
    pub deck: String,
    /// Breadcrumb shown above the question: guide › section › topic….
    pub context: Vec<String>,
    pub tags: Vec<String>,
    pub front: String,
    pub back: String,
    /// 1-based line of the card's source.
    pub line: usize,
    /// Identity pinned with `<!-- cardsmith:id NAME -->`.
    pub pinned_id: Option<String>,
    pub part: Option<Part>,
    /// Source byte ranges this card shows (coverage).
    #[serde(skip)]
    pub covers: Vec<Range<usize>>,
    /// The code block whose lines the card's code shows, when it shows a
    /// selection of them: highlighted from the block's parse.
    #[serde(skip)]
    pub code_from: Option<std::sync::Arc<str>>,
}
