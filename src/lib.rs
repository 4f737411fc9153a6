//! cardsmith: Markdown study guides → atomic flashcards.
//!
//! The pipeline (DESIGN §2): [`source`] reads a file, [`outline`] parses it,
//! [`extract`] applies the card rules, [`render`] turns card sides into HTML
//! and text, [`identity`] gives each card a stable GUID (kept in a lock
//! file beside the guides), and [`export`] writes the outputs.
//! [`pipeline`] runs it over one guide, [`build`] over a batch (what
//! `cardsmith build` runs, reporting progress through a callback); [`check`]
//! lints guides, with [`lint`] judging each card's quality. Every warning is
//! a [`Diagnostic`], for the caller to print. `push` (feature
//! `anki-connect`) sends a finished build to a running Anki.
//!
//! Built with `default-features = false`, the library leaves out what only
//! the command line uses.

pub(crate) mod card;
pub mod check;
pub(crate) mod classify;
pub mod deck;
pub mod diagnostic;
pub(crate) mod discover;
pub mod error;
pub mod export;
pub mod extract;
pub mod highlight;
pub mod identity;
pub mod lang;
pub mod lint;
pub(crate) mod markdown;
pub(crate) mod media;
pub mod outline;
pub mod pipeline;
pub mod preview;
#[cfg(feature = "anki-connect")]
pub mod push;
pub mod rebuild;
pub(crate) mod record;
pub mod render;
pub mod source;
pub(crate) mod syntax;
pub mod text;
pub mod timings;

// What a program embedding cardsmith needs most, at the top: build a
// batch (`build`), convert or check one guide (`pipeline`), and the types
// they give back. Modules of parsing details (Markdown dialect, syntaxes,
// classification, discovery, media, the output cache) are private.
pub use card::{CardKind, Part};
pub use deck::{Deck, DeckCard, SourceRef};
pub use diagnostic::Diagnostic;
pub use error::{Error, Result};
pub use media::MediaFile;
pub use rebuild::{Batch, BuildOptions, BuiltGuide, LockReport, Progress, build};
pub use render::Side;
