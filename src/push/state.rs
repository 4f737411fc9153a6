//! What each note was last pushed as, kept in the output folder as
//! `.cardsmith/pushed.tsv`: one line per GUID with the deck it is in Anki
//! (its old one while a move has not found it), whether its removal was
//! handled (tagged, or looked for and not found) or it was deleted, and
//! hashes of the content and of the text Anki was given for it (a removed
//! note is looked for by the text it was last pushed with, which a build
//! since may have changed). It is a cache of the last push: without it, the
//! next push moves only the notes its own build moved, and looks for the
//! removed notes once more.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::export;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pushed {
    pub deck: String,
    pub removed: bool,
    /// Deleted from Anki by `--prune`.
    pub pruned: bool,
    /// A hash of the note's content when pushed (0: unknown).
    pub content: u64,
    /// A hash of the text Anki was given for it (0: unknown).
    pub key: u64,
}

const HEADER: &str =
    "# cardsmith push state 2: guid, deck, live (0) removed (1) or pruned (2), content hash, text hash";
const HEADER_1: &str = "# cardsmith push state 1: guid, deck, removed (1) or live (0)";

pub fn path(output_dir: &Path) -> PathBuf {
    output_dir.join(".cardsmith").join("pushed.tsv")
}

/// The state, or none when missing or unreadable.
pub fn load(path: &Path) -> Option<BTreeMap<String, Pushed>> {
    let text = std::fs::read_to_string(path).ok()?;
    if !matches!(text.lines().next(), Some(HEADER | HEADER_1)) {
        return None;
    }
    let state = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let (guid, deck, status) = (fields.next()?, fields.next()?, fields.next()?);
            let mut hash = || fields.next().and_then(|h| u64::from_str_radix(h, 16).ok()).unwrap_or(0);
            let (content, key) = (hash(), hash());
            let (removed, pruned) = (status != "0", status == "2");
            Some((guid.to_owned(), Pushed { deck: deck.to_owned(), removed, pruned, content, key }))
        })
        .collect();
    Some(state)
}

pub fn save(path: &Path, state: &BTreeMap<String, Pushed>) -> Result<()> {
    let mut text = String::from(HEADER);
    text.push('\n');
    for (guid, pushed) in state {
        // Deck names hold no tabs or line breaks (they come from headings).
        let status = if pushed.pruned { 2 } else { u8::from(pushed.removed) };
        let _ = writeln!(text, "{guid}\t{}\t{status}\t{:x}\t{:x}", pushed.deck, pushed.content, pushed.key);
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
        state
            .insert("a".to_owned(), Pushed { deck: "Net::Basics".into(), content: 7, key: 0xabc, ..Pushed::default() });
        state.insert("b".to_owned(), Pushed { deck: "Net".into(), removed: true, ..Pushed::default() });
        state.insert("c".to_owned(), Pushed { deck: "Net".into(), removed: true, pruned: true, ..Pushed::default() });
        save(&path, &state).expect("saved");
        assert_eq!(load(&path), Some(state));
        std::fs::write(&path, "not a state\na\tX\t0\n").expect("written");
        assert_eq!(load(&path), None, "another file is no state");
        std::fs::write(&path, format!("{HEADER_1}\na\tX\t1\n")).expect("written");
        let old = load(&path).expect("the first format reads");
        assert_eq!(old["a"], Pushed { deck: "X".into(), removed: true, ..Pushed::default() });
    }
}
