//! The one shape of every warning the library reports — from `build`, from
//! `check`, about a guide or a lock file — for the command line to print
//! (`warning: FILE:LINE: message`) or write as JSON.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::extract::Notice;

/// A problem worth telling the author about, at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based; 0 when it is about the whole file.
    pub line: usize,
    /// A stable kebab-case name for the kind of problem (`uncovered`,
    /// `duplicate-front`, `lock-refused`…).
    pub code: &'static str,
    pub message: String,
    /// What to do about it, on one line.
    pub fix: &'static str,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.path.display(), self.message),
            line => write!(f, "{}:{line}: {}", self.path.display(), self.message),
        }
    }
}

impl Diagnostic {
    /// A notice of the guide at `path`, with the fix `check` gives for it.
    pub(crate) fn of_notice(path: &Path, notice: Notice) -> Self {
        let fix = crate::check::fix_for(notice.code);
        Self { path: path.to_path_buf(), line: notice.line, code: notice.code, message: notice.message, fix }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_named_when_there_is_one() {
        let at = |line| Diagnostic { path: "g.md".into(), line, code: "uncovered", message: "m".into(), fix: "f" };
        assert_eq!(at(3).to_string(), "g.md:3: m");
        assert_eq!(at(0).to_string(), "g.md: m", "the whole file");
    }

    #[test]
    fn a_notice_takes_the_fix_check_gives_for_its_code() {
        let notice = Notice { line: 7, code: "oversized-answer", message: "long".into() };
        let diagnostic = Diagnostic::of_notice(Path::new("g.md"), notice);
        assert_eq!((diagnostic.line, diagnostic.code), (7, "oversized-answer"));
        assert_eq!(diagnostic.fix, crate::check::fix_for("oversized-answer"));
        assert!(!diagnostic.fix.is_empty());
    }
}
