//! Images: takes the cards of a guide and the guide's folder, gives the
//! cards with image links rewritten to collision-safe media names and the
//! files to ship. Only files inside the guide's folder are taken: a path
//! that leaves it (`../`, absolute, or a symlink pointing out) is refused,
//! a missing file is reported, and remote URLs stay links (never fetched).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use sha2::{Digest, Sha256};

use crate::card::Card;
use crate::extract::Notice;
use crate::markdown;

/// An image file to pack into the deck and copy next to the outputs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct MediaFile {
    /// The name cards refer to: `stem-HASH.ext`.
    pub name: String,
    pub path: PathBuf,
}

/// Rewrites image links in every card; returns the media used (sorted by
/// name) and a notice per refused or missing image.
pub fn resolve(cards: &mut [Card], guide_dir: &Path) -> (Vec<MediaFile>, Vec<Notice>) {
    let base = guide_dir.canonicalize().ok();
    let mut media: BTreeMap<String, MediaFile> = BTreeMap::new();
    let mut notices = Vec::new();
    let mut resolved: BTreeMap<String, Result<String, String>> = BTreeMap::new();
    for card in cards {
        for side in [&mut card.front, &mut card.back] {
            if !side.contains("![") {
                continue;
            }
            let mut lookup = |url: &str| -> Result<String, String> {
                resolved
                    .entry(url.to_owned())
                    .or_insert_with(|| {
                        let file = local_file(base.as_deref(), guide_dir, url)?;
                        let name = media_name(&file)?;
                        media.insert(name.clone(), MediaFile { name: name.clone(), path: file });
                        Ok(name)
                    })
                    .clone()
            };
            let (rewritten, problems) = rewrite(side, &mut lookup);
            for problem in problems {
                if !notices.iter().any(|n: &Notice| n.message == problem) {
                    notices.push(Notice { line: card.line, code: "image", message: problem });
                }
            }
            *side = rewritten;
        }
    }
    (media.into_values().collect(), notices)
}

fn is_remote(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "//", "ftp://"].iter().any(|p| lower.starts_with(p))
}

/// Rewrites each `![alt](url)`: local images to their media name, remote
/// ones to plain links, refused or missing ones to their alt text.
fn rewrite(markdown: &str, lookup: &mut dyn FnMut(&str) -> Result<String, String>) -> (String, Vec<String>) {
    let mut images: Vec<(Range<usize>, String, String)> = Vec::new();
    let mut current: Option<(Range<usize>, String, String)> = None;
    for (event, range) in Parser::new_ext(markdown, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) if current.is_none() => {
                current = Some((range, dest_url.into_string(), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, alt)) = current.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => images.extend(current.take()),
            _ => {}
        }
    }
    let mut out = String::with_capacity(markdown.len());
    let mut problems = Vec::new();
    let mut last = 0;
    for (range, url, alt) in images {
        out.push_str(&markdown[last..range.start]);
        let alt = alt.replace(['[', ']'], "");
        if is_remote(&url) {
            out.push_str(&format!("[{}](<{url}>)", if alt.is_empty() { "image" } else { &alt }));
        } else {
            match lookup(&url) {
                Ok(name) => out.push_str(&format!("![{alt}](<{name}>)")),
                Err(problem) => {
                    problems.push(problem);
                    out.push_str(&format!("*[image: {}]*", if alt.is_empty() { &url } else { &alt }));
                }
            }
        }
        last = range.end;
    }
    out.push_str(&markdown[last..]);
    (out, problems)
}

/// The file an image link names, if it is inside the guide's folder.
fn local_file(base: Option<&Path>, guide_dir: &Path, url: &str) -> Result<PathBuf, String> {
    let decoded = percent_decode(url.split(['?', '#']).next().unwrap_or(url));
    let relative = Path::new(&decoded);
    if relative.is_absolute() || decoded.starts_with('\\') || decoded.contains(':') {
        return Err(format!("image `{url}` is an absolute path: only images inside the guide's folder are packed"));
    }
    if relative.components().any(|c| c == Component::ParentDir) {
        return Err(format!("image `{url}` leaves the guide's folder: not packed"));
    }
    let path = guide_dir.join(relative);
    let real = path.canonicalize().map_err(|_| format!("image `{url}` not found"))?;
    match base {
        Some(base) if real.starts_with(base) && real.is_file() => Ok(real),
        Some(base) if real.starts_with(base) => Err(format!("image `{url}` is not a file")),
        _ => Err(format!("image `{url}` links to a file outside the guide's folder: not packed")),
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `stem-HASH.ext`: the content hash keeps two different `diagram.png` apart
/// and lets identical files share one name.
pub fn media_name(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("image `{}` cannot be read: {e}", path.display()))?;
    let digest = Sha256::digest(&bytes);
    let hash: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    let clean = |s: &str| -> String {
        s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
    };
    let stem = path.file_stem().map(|s| clean(&s.to_string_lossy())).unwrap_or_default();
    let ext = path.extension().map(|e| clean(&e.to_string_lossy().to_ascii_lowercase())).unwrap_or_default();
    Ok(if ext.is_empty() { format!("{stem}-{hash}") } else { format!("{stem}-{hash}.{ext}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(markdown: &str, dir: &Path) -> (String, Vec<String>) {
        let mut found = Vec::new();
        let base = dir.canonicalize().ok();
        let mut lookup = |url: &str| {
            let file = local_file(base.as_deref(), dir, url)?;
            let name = media_name(&file)?;
            found.push(name.clone());
            Ok(name)
        };
        rewrite(markdown, &mut lookup)
    }

    #[test]
    fn local_remote_and_refused_images() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("img")).unwrap();
        std::fs::write(dir.path().join("img/a b.png"), b"png").unwrap();
        let (out, problems) = run(
            "See ![chart](img/a%20b.png \"t\") and ![logo](https://x.org/l.png), ![up](../secret.png), ![abs](/etc/passwd), ![gone](img/none.png)",
            dir.path(),
        );
        assert!(out.contains("![chart](<a_b-"), "{out}");
        assert!(out.contains("[logo](<https://x.org/l.png>)"), "{out}");
        assert!(
            out.contains("*[image: up]*") && out.contains("*[image: abs]*") && out.contains("*[image: gone]*"),
            "{out}"
        );
        assert_eq!(problems.len(), 3);
        assert!(problems[0].contains("leaves the guide's folder"));
        assert!(problems[1].contains("absolute path"));
        assert!(problems[2].contains("not found"));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_folder_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.png"), b"x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.png"), dir.path().join("link.png")).unwrap();
        let (_, problems) = run("![s](link.png)", dir.path());
        assert!(problems[0].contains("outside the guide's folder"), "{problems:?}");
    }
}
