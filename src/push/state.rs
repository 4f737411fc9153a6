//! What each note was last pushed as, kept in the output folder as
//! `.cardsmith/pushed.tsv`: one line per GUID with the deck it is in Anki
//! (its old one while a move has not found it) and whether its removal was
//! handled (tagged, or looked for and not found). It is a cache of the last
//! push: without it, the next push moves only the notes its own build
//! moved, and looks for the removed notes once more.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::export;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub deck: String,
    pub removed: bool,
}

const HEADER: &str = "# cardsmith push state 1: guid, deck, removed (1) or live (0)";

pub fn path(output_dir: &Path) -> PathBuf {
    output_dir.join(".cardsmith").join("pushed.tsv")
}

/// The state, or none when missing or unreadable.
pub fn load(path: &Path) -> Option<BTreeMap<String, Pushed>> {
    let text = std::fs::read_to_string(path).ok()?;
    if text.lines().next() != Some(HEADER) {
        return None;
    }
    let state = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let (guid, deck, removed) = (fields.next()?, fields.next()?, fields.next()?);
            Some((guid.to_owned(), Pushed { deck: deck.to_owned(), removed: removed == "1" }))
        })
        .collect();
    Some(state)
}

pub fn save(path: &Path, state: &BTreeMap<String, Pushed>) -> Result<()> {
    let mut text = String::from(HEADER);
    text.push('\n');
    for (guid, pushed) in state {
        // Deck names hold no tabs or line breaks (they come from headings).
        let _ = writeln!(text, "{guid}\t{}\t{}", pushed.deck, u8::from(pushed.removed));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_path_buf(), source })?;
    }
    export::write_atomic(path, |out| out.write_all(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_reads_back_what_it_wrote() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = path(dir.path());
        let mut state = BTreeMap::new();
        state.insert("a".to_owned(), Pushed { deck: "Net::Basics".into(), removed: false });
        state.insert("b".to_owned(), Pushed { deck: "Net".into(), removed: true });
        save(&path, &state).expect("saved");
        assert_eq!(load(&path), Some(state));
        std::fs::write(&path, "not a state\na\tX\t0\n").expect("written");
        assert_eq!(load(&path), None, "another file is no state");
    }
}
