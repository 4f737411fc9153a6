//! cardsmith: Markdown study guides → atomic flashcards.
//!
//! The pipeline (DESIGN §2), one private module per stage: `source` reads a
//! file, `outline` parses it, `extract` applies the card rules, `render`
//! turns card sides into HTML and text, `identity` gives each card a stable
//! GUID (kept in a lock file beside the guides), and `export` writes the
//! outputs.
//!
//! The public API is what a program embedding cardsmith needs: [`build`]
//! runs a batch as `cardsmith build` does (reporting progress through a
//! callback, [`Progress`]); [`convert`] takes one guide to a [`Deck`], and
//! [`Loaded::check`] and [`check()`] lint guides as `cardsmith check` does;
//! the [`Format`]s write a deck to any [`Output`]. Every warning is a
//! [`Diagnostic`], for the caller to print. [`preview`] writes the HTML
//! page of a deck, and `push` (feature `anki-connect`) sends a finished
//! build to a running Anki.
//!
//! Built with `default-features = false`, the library leaves out what only
//! the command line uses.

// The library has no unsafe code (the binary sets one allocator option).
#![forbid(unsafe_code)]

pub(crate) mod card;
pub(crate) mod check;
pub(crate) mod classify;
pub(crate) mod deck;
pub(crate) mod diagnostic;
pub(crate) mod discover;
pub(crate) mod error;
pub(crate) mod export;
pub(crate) mod extract;
pub(crate) mod highlight;
pub(crate) mod identity;
pub(crate) mod lang;
pub(crate) mod lint;
pub(crate) mod markdown;
pub(crate) mod media;
pub(crate) mod outline;
pub(crate) mod pipeline;
pub mod preview;
#[cfg(feature = "anki-connect")]
pub mod push;
pub(crate) mod rebuild;
pub(crate) mod record;
pub(crate) mod render;
pub(crate) mod source;
pub(crate) mod syntax;
pub(crate) mod text;
pub(crate) mod timings;

// The public API: build a batch, convert or check one guide, the types
// they take and give back, and the formats a deck is written in.
pub use card::{CardKind, Part};
pub use check::{Coverage, Report as CheckReport};
pub use deck::{Deck, DeckCard, SourceRef};
pub use diagnostic::Diagnostic;
pub use error::{Error, Result};
pub use export::{ApkgFormat, CsvFlavor, CsvFormat, Format, JsonFormat, Output, OutputKind, TsvFormat, write_atomic};
pub use extract::{Notice, Unanswered};
pub use identity::{Changes, LockedNote, Moved, NO_STATE_MODIFIED, State};
pub use lint::{Finding, KindQuality, Quality};
pub use media::MediaFile;
pub use pipeline::{CheckOptions, Checked, CheckedGuide, Loaded, check, convert, convert_timed};
pub use rebuild::{Batch, BuildOptions, Built, BuiltGuide, LockReport, Progress, build};
pub use render::Side;
pub use source::SourceFile;
pub use text::one_line;
pub use timings::Timings;
