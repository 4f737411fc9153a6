//! Parses kept between builds: takes a guide's [`Prepared`] parses after a
//! build, gives them to the next build of that guide, so an edit parses
//! only the code it changed. One file per guide in the output folder,
//! keyed by each block's syntax and text, for one renderer (the tool's
//! version and executable). Bounded in size, and dropped whole when
//! anything about it is in doubt: a parse from it is only a head start,
//! never a different output.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use sha2::{Digest, Sha256};

use super::Prepared;
use super::tokens::{Tokens, put_len};

/// The parses a previous build left, read on demand.
#[derive(Debug, Default)]
pub struct Stored {
    bytes: Vec<u8>,
    /// Block key → where its tokens are in `bytes`.
    index: HashMap<Key, (usize, usize)>,
}

type Key = [u8; 16];

const MAGIC: &[u8] = b"cardsmith parses 1\n";

/// A file past this is not written (a guide with that much code parses
/// from scratch): the cache never outgrows what it saves.
const MAX_BYTES: usize = 128 << 20;

/// The guide's parse file, beside its build record.
pub fn path_for(record: &Path) -> PathBuf {
    record.with_extension("parses")
}

/// Which renderer wrote a file: the version, and the executable's size and
/// time, so a rebuilt tool never reads an older one's parses.
static RENDERER: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut id = format!("{}\0", env!("CARGO_PKG_VERSION")).into_bytes();
    if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
        id.extend(meta.len().to_le_bytes());
        if let Ok(modified) = meta
            .modified()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).map_err(|e| std::io::Error::other(e.to_string())))
        {
            id.extend(modified.as_nanos().to_le_bytes());
        }
    }
    id
});

pub(super) fn key(syntax: &str, code: &str) -> Key {
    let mut hasher = Sha256::new();
    hasher.update(syntax.as_bytes());
    hasher.update([0]);
    hasher.update(code.as_bytes());
    let mut key = [0; 16];
    key.copy_from_slice(&hasher.finalize()[..16]);
    key
}

impl Stored {
    /// The parses at `path`: none when it is missing, unreadable, from
    /// another renderer or not whole.
    pub fn load(path: &Path) -> Self {
        let Ok(bytes) = std::fs::read(path) else { return Self::default() };
        Self::from_bytes(bytes, &RENDERER).unwrap_or_default()
    }

    fn from_bytes(bytes: Vec<u8>, renderer: &[u8]) -> Option<Self> {
        let mut at = MAGIC.len();
        if bytes.get(..at)? != MAGIC {
            return None;
        }
        let id_len = read_len(&bytes, &mut at)?;
        if bytes.get(at..at + id_len)? != renderer {
            return None;
        }
        at += id_len;
        let mut index = HashMap::new();
        while at < bytes.len() {
            let key: Key = bytes.get(at..at + 16)?.try_into().ok()?;
            at += 16;
            let len = read_len(&bytes, &mut at)?;
            let end = at.checked_add(len).filter(|&end| end <= bytes.len())?;
            index.insert(key, (at, end));
            at = end;
        }
        Some(Self { bytes, index })
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The stored parse of `code` in `syntax`, when there is one that fits it.
    pub(super) fn get(&self, syntax: &str, code: &str) -> Option<Tokens> {
        let &(start, end) = self.index.get(&key(syntax, code))?;
        Tokens::decode(&self.bytes[start..end], code)
    }
}

/// Writes `prepared`'s parses to `path` for the next build (whole or not at
/// all); a guide with too much code, or none, leaves no file. Written a
/// block at a time: a large guide's parses run to tens of megabytes, and
/// this runs while the guide's cards are rendered, the build's busiest
/// moment for memory.
pub fn save(path: &Path, prepared: &Prepared) -> crate::error::Result<()> {
    save_within(path, prepared, MAX_BYTES)
}

fn save_within(path: &Path, prepared: &Prepared, max_bytes: usize) -> crate::error::Result<()> {
    if prepared.blocks.iter().all(|(_, blocks)| blocks.is_empty()) {
        return remove(path);
    }
    let mut too_big = false;
    let written = crate::export::write_atomic(path, |out| {
        let mut head = MAGIC.to_vec();
        put_len(&mut head, RENDERER.len());
        head.extend_from_slice(&RENDERER);
        out.write_all(&head)?;
        let mut size = head.len();
        let mut block = Vec::new();
        for (syntax, blocks) in &prepared.blocks {
            for (code, tokens) in blocks {
                block.clear();
                block.extend(key(syntax, code));
                block.extend([0; 4]);
                tokens.encode(&mut block);
                let len = u32::try_from(block.len() - 20).unwrap_or(u32::MAX);
                block[16..20].copy_from_slice(&len.to_le_bytes());
                size += block.len();
                if size > max_bytes {
                    too_big = true;
                    return Err(std::io::Error::other("too much code to keep its parses"));
                }
                out.write_all(&block)?;
            }
        }
        Ok(())
    });
    match written {
        Err(_) if too_big => remove(path),
        written => written,
    }
}

fn remove(path: &Path) -> crate::error::Result<()> {
    match std::fs::remove_file(path) {
        Err(source) if source.kind() != std::io::ErrorKind::NotFound => {
            Err(crate::error::Error::Write { path: path.to_path_buf(), source })
        }
        _ => Ok(()),
    }
}

fn read_len(bytes: &[u8], at: &mut usize) -> Option<usize> {
    let n = u32::from_le_bytes(bytes.get(*at..*at + 4)?.try_into().ok()?);
    *at += 4;
    Some(n as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "def f(x):\n    return x + 1  # one more\n\nprint(f(2))\n";

    fn stored(prepared: &Prepared) -> Vec<u8> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("g.parses");
        save(&path, prepared).expect("saved");
        std::fs::read(&path).expect("read")
    }

    #[test]
    fn a_stored_parse_writes_the_same_html_as_a_fresh_one() {
        let fresh = Prepared::new([(Some("python"), CODE), (Some("rust"), "fn main() {}\n")], &Stored::default());
        assert_eq!(fresh.reused(), 0);
        let kept = Stored::from_bytes(stored(&fresh), &RENDERER).expect("whole");
        let again = Prepared::new([(Some("python"), CODE), (Some("rust"), "fn main() {}\n")], &kept);
        assert_eq!(again.reused(), 2, "both parses come from the file");
        for markup in [super::super::CodeMarkup::ANKI, super::super::CodeMarkup::PORTABLE] {
            let html = |p: &Prepared| {
                super::super::Highlighting::of(CODE, Some("python"), p, None).html(CODE, Some("python"), markup)
            };
            assert_eq!(html(&again), html(&fresh));
        }
    }

    #[test]
    fn a_guide_with_more_code_than_the_limit_leaves_no_file() {
        let fresh = Prepared::new([(Some("python"), CODE), (Some("rust"), "fn main() {}\n")], &Stored::default());
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("g.parses");
        save(&path, &fresh).expect("saved");
        let whole = std::fs::read(&path).expect("read").len();
        // One byte short: the last block no longer fits, and the file of the
        // build before goes too.
        save_within(&path, &fresh, whole - 1).expect("no error");
        assert!(!path.exists());
        save_within(&path, &fresh, whole).expect("saved");
        assert_eq!(std::fs::read(&path).expect("read").len(), whole);
        let leftovers = std::fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(leftovers, 1, "no work file is left behind");
    }

    #[test]
    fn a_file_in_doubt_is_dropped_whole() {
        let fresh = Prepared::new([(Some("python"), CODE)], &Stored::default());
        let bytes = stored(&fresh);
        assert!(Stored::from_bytes(bytes.clone(), b"another renderer").is_none(), "another renderer's file");
        assert!(Stored::from_bytes(bytes[..bytes.len() - 3].to_vec(), &RENDERER).is_none(), "a cut file");
        assert!(Stored::from_bytes(b"garbage".to_vec(), &RENDERER).is_none());
    }

    #[test]
    fn a_parse_that_does_not_fit_its_code_is_not_used() {
        let fresh = Prepared::new([(Some("python"), CODE)], &Stored::default());
        let kept = Stored::from_bytes(stored(&fresh), &RENDERER).expect("whole");
        let (start, end) = kept.index.values().next().copied().expect("one entry");
        // Same key, other text: a line past the code's end.
        let mut bytes = kept.bytes.clone();
        bytes[start + 4 + 4] = 0xff;
        let tampered = Stored { bytes, index: kept.index.clone() };
        assert!(tampered.get("Python", CODE).is_none(), "{start}..{end}");
        assert!(kept.get("Python", CODE).is_some());
    }
}
