//! Export: takes a rendered [`Deck`], gives output files. One module per
//! format behind [`Format`]; every file is written to a temporary file next
//! to its destination and renamed into place, so a failed or interrupted
//! build never leaves a half-written file where a good one was.

pub(crate) mod anki;
mod apkg;
mod csv;
mod json;
mod tsv;

use std::io::{self, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

use crate::deck::Deck;
use crate::error::{Error, Result};

pub use apkg::ApkgFormat;
pub use csv::{CsvFlavor, CsvFormat};
pub use json::JsonFormat;
pub use tsv::TsvFormat;

/// An output format.
pub trait Format {
    /// File extension, without the dot.
    fn extension(&self) -> &'static str;
    fn write(&self, deck: &Deck, out: &mut dyn Output) -> io::Result<()>;
}

/// Where a format writes: a file, or memory in tests. Seekable, so a
/// package can be zipped straight into it.
pub trait Output: Write + Seek {}

impl<T: Write + Seek> Output for T {}

/// The files `build` can write for a guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputKind {
    Apkg,
    Csv,
    Json,
    /// Plain `term<TAB>definition` lines.
    Tsv,
}

impl OutputKind {
    /// What `build` writes unless told otherwise.
    pub const DEFAULT: [Self; 3] = [Self::Apkg, Self::Csv, Self::Json];
}

/// The formats `build` writes, in the order given (each once: two writers
/// of one file would race); the package's work files go in `scratch`.
pub fn formats(kinds: &[OutputKind], csv: CsvFlavor, scratch: &Path) -> Vec<Box<dyn Format + Send + Sync>> {
    let mut seen = Vec::new();
    kinds
        .iter()
        .filter(|kind| {
            let first = !seen.contains(*kind);
            seen.push(**kind);
            first
        })
        .map(|kind| -> Box<dyn Format + Send + Sync> {
            match kind {
                OutputKind::Apkg => Box::new(ApkgFormat { scratch: Some(scratch.to_path_buf()) }),
                OutputKind::Csv => Box::new(CsvFormat { flavor: csv }),
                OutputKind::Json => Box::new(JsonFormat),
                OutputKind::Tsv => Box::new(TsvFormat),
            }
        })
        .collect()
}

/// Writes `path` through a temporary file in the same folder, then renames.
pub fn write_atomic(path: &Path, fill: impl FnOnce(&mut dyn Output) -> io::Result<()>) -> Result<()> {
    stage(path, fill)?.commit()
}

/// A file written under a temporary name next to its destination and being
/// synced to disk; [`Staged::commit`] waits for the sync, then renames it
/// into place. Dropped uncommitted, it is deleted and the destination is
/// untouched.
#[derive(Debug)]
pub struct Staged {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
    /// The sync runs on a thread of its own: a core waiting for the disk
    /// would otherwise sit idle while other outputs are still to be written.
    sync: std::thread::JoinHandle<io::Result<()>>,
}

/// Writes what will become `path`, without touching `path` yet.
pub fn stage(path: &Path, fill: impl FnOnce(&mut dyn Output) -> io::Result<()>) -> Result<Staged> {
    let fail = |source: io::Error| Error::Write { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut temp = tempfile::Builder::new().prefix(".cardsmith-").suffix(".tmp").tempfile_in(dir).map_err(fail)?;
    {
        let mut out = BufWriter::with_capacity(1 << 16, temp.as_file_mut());
        fill(&mut out).map_err(fail)?;
        out.flush().map_err(fail)?;
    }
    // Keep the permissions of the file being replaced; new files get 0644
    // (temporary files are created private).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        temp.as_file().set_permissions(std::fs::Permissions::from_mode(mode)).map_err(fail)?;
    }
    let file = temp.as_file().try_clone().map_err(fail)?;
    let sync =
        std::thread::Builder::new().name("cardsmith-sync".into()).spawn(move || file.sync_all()).map_err(fail)?;
    Ok(Staged { temp, path: path.to_path_buf(), sync })
}

impl Staged {
    /// Puts the file in place.
    pub fn commit(self) -> Result<()> {
        let Self { temp, path, sync } = self;
        let synced = sync.join().unwrap_or_else(|_| Err(io::Error::other("syncing the file failed")));
        if let Err(source) = synced {
            return Err(Error::Write { path, source });
        }
        temp.persist(&path).map_err(|e| Error::Write { path, source: e.error })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_named_twice_is_written_once() {
        let kinds = [OutputKind::Tsv, OutputKind::Json, OutputKind::Tsv];
        let formats = formats(&kinds, CsvFlavor::Anki, Path::new("."));
        let extensions: Vec<&str> = formats.iter().map(|f| f.extension()).collect();
        assert_eq!(extensions, ["tsv", "json"]);
    }
}
