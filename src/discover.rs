//! Finding guides: takes the paths given on the command line, gives the
//! guide files to read and where each one's outputs go. Folders are scanned
//! recursively for `.md`/`.markdown` (hidden entries skipped); a file named
//! explicitly is read whatever its extension.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Error, Result};

/// One guide to convert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where to read it.
    pub path: PathBuf,
    /// Its path below the folder it was found in (its name, for a file).
    pub relative: PathBuf,
}

impl Input {
    /// The folder it was found in (for a file named alone, its folder).
    pub fn root(&self) -> PathBuf {
        let depth = self.relative.components().count();
        match self.path.ancestors().nth(depth) {
            Some(root) if !root.as_os_str().is_empty() => root.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// Its path below that folder, with `/` on every system.
    pub fn guide_name(&self) -> String {
        self.relative.to_string_lossy().replace('\\', "/")
    }

    /// The output path for an extension: sub-folders kept, extension replaced.
    pub fn output(&self, dir: &Path, extension: &str) -> PathBuf {
        dir.join(&self.relative).with_extension(extension)
    }
}

fn is_guide(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Expands paths into guides, in a stable order; duplicates dropped.
pub fn inputs(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut found = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => Error::Missing { path: path.clone() },
            _ => Error::Read { path: path.clone(), source },
        })?;
        if !meta.is_dir() {
            let name = path.file_name().map_or_else(|| path.clone(), PathBuf::from);
            found.push(Input { path: path.clone(), relative: name });
            continue;
        }
        let before = found.len();
        let walker = WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                // A broken link or unreadable entry that looks like a guide is
                // kept, so reading it reports the problem for that file alone.
                Err(err) => {
                    if let Some(bad) = err.path().filter(|p| is_guide(p)) {
                        let relative = bad.strip_prefix(path).unwrap_or(bad).to_path_buf();
                        found.push(Input { path: bad.to_path_buf(), relative });
                    }
                    continue;
                }
            };
            if entry.file_type().is_file() && is_guide(entry.path()) {
                let relative = entry.path().strip_prefix(path).unwrap_or(entry.path()).to_path_buf();
                found.push(Input { path: entry.path().to_path_buf(), relative });
            }
        }
        if found.len() == before {
            return Err(Error::NoGuides { path: path.clone() });
        }
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|input| seen.insert(input.path.clone()));
    Ok(found)
}

/// Fails when two guides would write the same output file.
pub fn check_clashes(inputs: &[Input], dir: &Path) -> Result<()> {
    if dir.is_file() {
        return Err(Error::OutputNotFolder { path: dir.to_path_buf() });
    }
    // Every file a guide's build may write, its removed-notes package
    // included: `a.removed.md`'s deck and `a.md`'s removed notes would
    // otherwise share `a.removed.apkg`.
    let mut outputs: HashMap<PathBuf, &Input> = HashMap::new();
    for input in inputs {
        for extension in OUTPUT_EXTENSIONS {
            let output = input.output(dir, extension);
            if let Some(first) = outputs.insert(output.clone(), input)
                && !std::ptr::eq(first, input)
            {
                return Err(Error::OutputClash { first: first.path.clone(), second: input.path.clone(), output });
            }
        }
    }
    // No output may be one of the guides (a guide named `notes.csv` built
    // into its own folder), nor may the lock file written beside them.
    // (Each path is resolved once: a batch has many guides.)
    let guides: HashMap<PathBuf, &Input> = inputs
        .iter()
        .map(|input| (std::fs::canonicalize(&input.path).unwrap_or_else(|_| input.path.clone()), input))
        .collect();
    let roots: std::collections::BTreeSet<PathBuf> = inputs.iter().map(Input::root).collect();
    for root in roots {
        let lock = std::fs::canonicalize(&root).unwrap_or(root).join(crate::identity::state::LOCK_NAME);
        if let Some(guide) = guides.get(&lock) {
            return Err(Error::GuideIsLockFile { path: guide.path.clone() });
        }
    }
    for (output, _) in outputs {
        let resolved = std::fs::canonicalize(&output).ok();
        let guide = resolved.as_ref().and_then(|o| guides.get(o)).or_else(|| guides.get(&output));
        if let Some(guide) = guide {
            return Err(Error::OverwritesInput { input: guide.path.clone(), output });
        }
    }
    Ok(())
}

/// What a build may write for a guide, by extension.
const OUTPUT_EXTENSIONS: [&str; 4] = ["apkg", "csv", "json", "removed.apkg"];
