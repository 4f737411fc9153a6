//! Code languages: the syntax definitions (bat's extended set), loaded once
//! on first use, and the names cardsmith treats as plain text.

use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

use syntect::parsing::{SyntaxReference, SyntaxSet};

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Fence tags that mean "no highlighting" on purpose.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext", "output", "none", "nohighlight"];

/// Fence tags of a shell session: commands after a prompt, and their output.
const SESSION: &[&str] = &["console", "shell-session", "shellsession", "sh-session", "bash-session", "terminal"];

/// Whether a fence tag names a shell session (highlighted by
/// [`crate::highlight`] as prompts, commands and output).
pub fn is_session(lang: &str) -> bool {
    SESSION.contains(&lang.to_ascii_lowercase().as_str())
}

pub fn syntaxes() -> &'static SyntaxSet {
    &SYNTAXES
}

/// The syntax for a fence tag such as `python`, `py` or `Rust`.
pub fn find(lang: &str) -> Option<&'static SyntaxReference> {
    // Looking a tag up scans every syntax; guides use a handful of tags
    // for many blocks, so answers are remembered.
    static FOUND: LazyLock<RwLock<HashMap<String, Option<&'static SyntaxReference>>>> = LazyLock::new(RwLock::default);
    if let Some(found) = FOUND.read().ok().and_then(|found| found.get(lang).copied()) {
        return found;
    }
    let syntax = lookup(lang);
    if let Ok(mut found) = FOUND.write()
        && found.len() < 1024
    {
        found.insert(lang.to_owned(), syntax);
    }
    syntax
}

fn lookup(lang: &str) -> Option<&'static SyntaxReference> {
    let set = syntaxes();
    set.find_syntax_by_token(lang).or_else(|| {
        let lower = lang.to_ascii_lowercase();
        let alias = match lower.as_str() {
            "py3" | "python3" | "pycon" => "python",
            "shell" | "zsh" | "console-session" => "bash",
            "golang" => "go",
            "c++" => "cpp",
            "c#" | "csharp" => "cs",
            "js" | "node" | "mjs" => "javascript",
            "ts" => "typescript",
            "yml" => "yaml",
            "dockerfile" => "Dockerfile",
            _ => lower.as_str(),
        };
        set.find_syntax_by_token(alias)
    })
}

/// Whether `check` should call a fence tag unknown.
pub fn is_known(lang: &str) -> bool {
    PLAIN.contains(&lang.to_ascii_lowercase().as_str()) || is_session(lang) || find(lang).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_languages_are_known() {
        for lang in
            ["python", "py", "rust", "bash", "toml", "typescript", "sql", "json", "text", "Go", "yaml", "console"]
        {
            assert!(is_known(lang), "{lang}");
        }
        assert!(!is_known("klingon"));
    }
}
