//! The library's error type: every failure names the file (and line, when
//! there is one) so the binary can print `error: FILE:LINE: message`.

use std::io;
use std::path::PathBuf;

/// Everything that can go wrong while turning guides into decks.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },

    #[error("{}:{line}: not valid UTF-8 text (save the file as UTF-8)", path.display())]
    NotUtf8 { path: PathBuf, line: usize },

    #[error("{}:{line}: looks like a binary file, not a Markdown guide (it contains NUL bytes)", path.display())]
    Binary { path: PathBuf, line: usize },

    #[error("{}: no such file or folder", path.display())]
    Missing { path: PathBuf },

    #[error("{}: no guides found (looked for *.md and *.markdown)", path.display())]
    NoGuides { path: PathBuf },

    #[error("{} and {} would both be written to {}", first.display(), second.display(), output.display())]
    OutputClash { first: PathBuf, second: PathBuf, output: PathBuf },

    #[error("{}: building it would overwrite the guide itself ({}); choose another output folder with -o", input.display(), output.display())]
    OverwritesInput { input: PathBuf, output: PathBuf },

    #[error("{}: a build writes its lock file under this name, beside the guides; rename the guide", path.display())]
    GuideIsLockFile { path: PathBuf },

    #[error("{}: the output folder given with -o is a file", path.display())]
    OutputNotFolder { path: PathBuf },

    #[error("{}: another cardsmith build is writing to this folder; run this one when it is done", dir.display())]
    Locked { dir: PathBuf },

    #[error("{}:{second}: `cardsmith:id {id}` is already pinned at line {first}: give each card its own id", path.display())]
    RepeatedId { path: PathBuf, first: usize, second: usize, id: String },

    #[error("{}:{line}: `cardsmith:id {id}` is already pinned in {at}: give each card its own id (or an `id-prefix:` to each guide)", path.display())]
    PinnedElsewhere { path: PathBuf, line: usize, id: String, at: String },

    #[error("{}:{line}: `cardsmith:id {id}` is not an id: use one word of letters, digits, `_`, `-`, `.` or `/`", path.display())]
    BadId { path: PathBuf, line: usize, id: String },

    #[error(
        "--bundle {name:?}: give a plain file name, such as `all` (it is written as NAME.apkg in the output folder)"
    )]
    BundleName { name: String },
    #[error("{}: the bundle would overwrite the package of {} (choose another --bundle name)", path.display(), guide.display())]
    BundleClash { path: PathBuf, guide: PathBuf },
    #[error("{}: cannot write: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
