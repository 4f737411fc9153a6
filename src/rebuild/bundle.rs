//! `--bundle NAME`: one package holding every guide of a batch, so forty
//! guides are one import. Its notes are the guides' own (same decks, GUIDs
//! and note types), so importing it and a guide's package, in either order,
//! never makes a note twice.

use std::path::{Path, PathBuf};

use crate::deck::Deck;
use crate::discover::Input;
use crate::error::{Error, Result};
use crate::export::{self, ApkgFormat, Format};
use crate::media::MediaFile;

use super::Bundle;

/// Where the bundle goes, once its name is known to be a plain file name
/// and no guide's own package is there.
pub(super) fn check(name: &str, dir: &Path, inputs: &[Input]) -> Result<()> {
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(Error::BundleName { name: name.to_owned() });
    }
    let bundle = path(name, dir);
    match inputs.iter().find(|input| input.output(dir, "apkg") == bundle) {
        Some(input) => Err(Error::BundleClash { path: bundle, guide: input.path.clone() }),
        None => Ok(()),
    }
}

fn path(name: &str, dir: &Path) -> PathBuf {
    dir.join(format!("{name}.apkg"))
}

/// Writes `NAME.apkg` into `dir` from the batch's decks.
pub(super) fn write(name: &str, dir: &Path, decks: Vec<Deck>) -> Result<Bundle> {
    let path = path(name, dir);
    let guides = decks.len();
    let mut media: Vec<MediaFile> = Vec::new();
    let mut cards = Vec::new();
    let mut modified = 0;
    for deck in decks {
        modified = modified.max(deck.modified);
        for file in deck.media {
            // Named by their content's hash: one name, one file.
            if !media.iter().any(|m| m.name == file.name) {
                media.push(file);
            }
        }
        cards.extend(deck.cards);
    }
    let notes = cards.len();
    let bundle =
        Deck { title: name.to_owned(), source: format!("{name}.apkg"), cards, media, id_prefix: None, modified };
    let format = ApkgFormat { scratch: Some(dir.to_path_buf()) };
    export::write_atomic(&path, |out| format.write(&bundle, out))?;
    Ok(Bundle { path, guides, notes })
}
