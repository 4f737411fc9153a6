//! Reading a guide: takes a path, gives its text (UTF-8, BOM removed, lines
//! of empty anchors blanked) and a line index that turns byte offsets into
//! 1-based line numbers.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One guide file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user reaches it (used in messages).
    pub path: PathBuf,
    /// The path relative to the folder it was found in (used in outputs).
    pub relative: PathBuf,
    pub text: String,
    pub lines: LineIndex,
    /// Modification time, seconds since the epoch.
    pub modified: i64,
}

/// The modification time given to guides that do not come from a file.
pub const DEFAULT_MODIFIED: i64 = 1_700_000_000;

impl SourceFile {
    /// Reads `path`, rejecting text that is not UTF-8 with the first bad line.
    pub fn read(path: &Path, relative: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                Error::Missing { path: path.to_path_buf() }
            } else {
                Error::Read { path: path.to_path_buf(), source }
            }
        })?;
        let modified = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(DEFAULT_MODIFIED, |d| d.as_secs() as i64);
        Ok(Self { modified, ..Self::from_bytes(path, relative, bytes)? })
    }

    /// Builds a source from bytes already in memory (tests, fuzzing).
    pub fn from_bytes(path: &Path, relative: &Path, bytes: Vec<u8>) -> Result<Self> {
        // `contains` on bytes is a fast memchr; most guides have no NUL at all.
        if bytes.contains(&0)
            && let Some(at) = bytes.iter().position(|&b| b == 0)
        {
            let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
            return Err(Error::Binary { path: path.to_path_buf(), line });
        }
        let mut text = String::from_utf8(bytes).map_err(|err| {
            let valid = err.utf8_error().valid_up_to();
            let line = 1 + err.as_bytes()[..valid].iter().filter(|&&b| b == b'\n').count();
            Error::NotUtf8 { path: path.to_path_buf(), line }
        })?;
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        crate::markdown::blank_anchor_lines(&mut text);
        let lines = LineIndex::new(&text);
        Ok(Self { path: path.to_path_buf(), relative: relative.to_path_buf(), text, lines, modified: DEFAULT_MODIFIED })
    }

    /// Convenience for tests: a guide from a string.
    pub fn from_text(name: &str, text: &str) -> Self {
        let mut text = text.strip_prefix('\u{feff}').unwrap_or(text).to_owned();
        crate::markdown::blank_anchor_lines(&mut text);
        Self {
            path: PathBuf::from(name),
            relative: PathBuf::from(name),
            lines: LineIndex::new(&text),
            text,
            modified: DEFAULT_MODIFIED,
        }
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset)
    }

    /// The file stem, used as deck name when the guide has no `#` title.
    pub fn stem(&self) -> String {
        self.relative.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "guide".to_owned())
    }
}

/// Byte offsets of line starts, for offset → line lookups by binary search.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { starts }
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte offset where 1-based `line` starts, if the text has that line.
    pub fn offset_of_line(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// Byte offset where the line holding `offset` starts.
    pub fn line_start(&self, offset: usize) -> usize {
        self.starts[self.line_of(offset) - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines() {
        let index = LineIndex::new("ab\ncd\n\nef");
        assert_eq!(index.line_of(0), 1);
        assert_eq!(index.line_of(2), 1);
        assert_eq!(index.line_of(3), 2);
        assert_eq!(index.line_of(6), 3);
        assert_eq!(index.line_of(7), 4);
        assert_eq!(index.line_start(8), 7);
    }

    #[test]
    fn bad_utf8_names_the_line() {
        let err =
            SourceFile::from_bytes(Path::new("g.md"), Path::new("g.md"), b"ok\nfine\nbad \xff\n".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "g.md:3: not valid UTF-8 text (save the file as UTF-8)");
    }

    #[test]
    fn binary_files_are_refused() {
        let err = SourceFile::from_bytes(Path::new("g.md"), Path::new("g.md"), b"PNG\n\0\x01".to_vec()).unwrap_err();
        assert!(err.to_string().starts_with("g.md:2: looks like a binary file"), "{err}");
    }

    #[test]
    fn bom_is_dropped() {
        let file = SourceFile::from_bytes(Path::new("g.md"), Path::new("g.md"), "\u{feff}# T".into()).unwrap();
        assert_eq!(file.text, "# T");
    }
}
