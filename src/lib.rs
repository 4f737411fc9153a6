//! cardsmith: Markdown study guides → atomic flashcards.
//!
//! The pipeline (DESIGN §2): [`source`] reads a file, [`outline`] parses it,
//! [`extract`] applies the card rules, [`render`] turns card sides into HTML
//! and text, [`identity`] gives each card a stable GUID (kept in a lock
//! file beside the guides), and [`export`] writes the outputs.
//! [`pipeline`] runs it over files and folders, [`rebuild`] is `cardsmith
//! build`; [`check`] lints guides, with [`lint`] judging each card's quality.

pub mod card;
pub mod check;
pub mod classify;
pub mod deck;
pub mod diagnostic;
pub mod discover;
pub mod error;
pub mod export;
pub mod extract;
pub mod highlight;
pub mod identity;
pub mod lang;
pub mod lint;
pub mod markdown;
pub mod media;
pub mod outline;
pub mod pipeline;
pub mod rebuild;
pub mod record;
pub mod render;
pub mod source;
pub mod syntax;
pub mod timings;

pub use diagnostic::Diagnostic;
pub use error::{Error, Result};
