//! The Markdown dialect every stage reads: the extensions cardsmith turns on,
//! the one reader of fence info strings, and the one fix-up applied to a
//! text before any parse (display math that spans blank lines).

use std::borrow::Cow;

use pulldown_cmark::Options;

/// The Markdown extensions cardsmith reads (DESIGN §3).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_MATH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// The language named by a fence's info string: ```` ```rust,ignore ````,
/// ```` ```python {1,3} ````, ```` ```js title="x.js" ````, ```` ```{.python} ````
/// and ```` ```{r} ```` all name their language; an empty info names none.
pub fn fence_language(info: &str) -> Option<&str> {
    let info = info.trim_start().trim_start_matches('{').trim_start_matches('.').trim_start();
    let end = info.find(|c: char| c.is_whitespace() || matches!(c, ',' | '{' | '}')).unwrap_or(info.len());
    Some(&info[..end]).filter(|lang| !lang.is_empty())
}

/// Makes a `$$ … $$` block that contains blank lines parse as one formula,
/// without changing the text's length or any offset in it: each blank line
/// inside such a block trades places with its line break's neighbour, so
/// `"a\n\nb"` becomes `"a \nb"`. Text without such a block is borrowed.
pub fn join_display_math(text: &str) -> Cow<'_, str> {
    if !text.contains("$$") {
        return Cow::Borrowed(text);
    }
    // (start offset, line) of every line.
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push((offset, line));
        offset += line.len();
    }
    let delimiters = |line: &str| {
        let line = if line.contains('`') { CODE_SPAN.replace_all(line, "") } else { Cow::Borrowed(line) };
        line.matches("$$").count()
    };
    let mut fence: Option<(char, usize)> = None;
    let mut blanks: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (_, line) = lines[i];
        let trimmed = line.trim();
        i += 1;
        if let Some((marker, width)) = fence {
            let run = trimmed.chars().take_while(|&c| c == marker).count();
            if run >= width && trimmed.chars().all(|c| c == marker) {
                fence = None;
            }
            continue;
        }
        if let Some(marker) = trimmed.chars().next().filter(|c| *c == '`' || *c == '~') {
            let width = trimmed.chars().take_while(|&c| c == marker).count();
            if width >= 3 {
                fence = Some((marker, width));
                continue;
            }
        }
        // A formula opens on a line that starts with `$$` and does not close
        // it, and is one only if a later line closes it before any fence.
        if !trimmed.starts_with("$$") || delimiters(line) % 2 == 0 {
            continue;
        }
        let close = lines[i..].iter().position(|(_, l)| {
            let t = l.trim_start();
            t.starts_with("```") || t.starts_with("~~~") || delimiters(l) % 2 == 1
        });
        let Some(close) = close.map(|c| i + c).filter(|&c| !lines[c].1.trim_start().starts_with(['`', '~'])) else {
            continue;
        };
        blanks.extend(lines[i..close].iter().filter(|(_, l)| l.trim().is_empty()).map(|(start, _)| *start));
        i = close + 1;
    }
    if blanks.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for start in blanks {
        // The blank line runs from `start` (just after the previous line's
        // break) to its own break; the previous break becomes a space and
        // the blank line's break ends the previous line instead.
        if start == 0 || bytes[start - 1] != b'\n' {
            continue;
        }
        let cr = start >= 2 && bytes[start - 2] == b'\r';
        let prev_break = if cr { start - 2 } else { start - 1 };
        for byte in &mut bytes[prev_break..start] {
            *byte = b' ';
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces: still UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned()))
}

/// A line holding only an empty anchor: `<div id="a1" />`, `<a name="q1"></a>`.
static ANCHOR_LINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    crate::classify::regex(
        r#"(?mi)^[ \t]*<(?:div|a|span|p)\s+(?:id|name)\s*=\s*(?:"[^"\n]*"|'[^'\n]*')\s*(?:/>|>\s*</(?:div|a|span|p)\s*>)[ \t]*$"#,
    )
});

/// Blanks each line that holds only an empty anchor (spaces in its place,
/// so offsets and lines stay): it shows nothing, but a `<div …/>` line
/// opens an HTML block that would swallow the Markdown under it (an
/// answer's list and code read as raw HTML).
pub fn blank_anchor_lines(text: &mut String) {
    if !text.contains("id=") && !text.contains("name=") {
        return;
    }
    let ranges: Vec<std::ops::Range<usize>> = ANCHOR_LINE.find_iter(text).map(|m| m.range()).collect();
    for range in ranges {
        let spaces = " ".repeat(range.len());
        text.replace_range(range, &spaces);
    }
}

static CODE_SPAN: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"`+[^`]*`+").expect("valid pattern"));

static TAG: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"<[^>]*>").expect("valid pattern"));

/// Whether HTML shows anything once its tags are gone.
pub fn html_has_text(html: &str) -> bool {
    strip_html_tags(html).chars().any(|c| !c.is_whitespace())
}

/// Text with its HTML tags (and comments) removed.
pub fn strip_html_tags(html: &str) -> Cow<'_, str> {
    if html.contains('<') { TAG.replace_all(html, "") } else { Cow::Borrowed(html) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_lines_are_blanked_in_place() {
        let mut text =
            "## <a name=\"q\"></a>Why?\n  <div id=\"a1\" />\n<a name='x'></a>\n<div id=\"b\">text</div>\n".to_owned();
        let before = text.len();
        blank_anchor_lines(&mut text);
        assert_eq!(text.len(), before);
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            ["## <a name=\"q\"></a>Why?", "                 ", "                ", "<div id=\"b\">text</div>"]
        );
    }

    #[test]
    fn fence_info_names_its_language() {
        for (info, lang) in [
            ("python", Some("python")),
            ("rust,ignore", Some("rust")),
            ("python {1,3}", Some("python")),
            ("js title=\"x.js\"", Some("js")),
            ("{.python}", Some("python")),
            ("{r}", Some("r")),
            ("  go  ", Some("go")),
            ("", None),
            ("{}", None),
        ] {
            assert_eq!(fence_language(info), lang, "{info:?}");
        }
    }

    #[test]
    fn display_math_with_blank_lines_is_joined_in_place() {
        let text = "Before.\n\n$$\na = b \\\\\n\nc = d\n$$\n\nAfter.\n";
        let joined = join_display_math(text);
        assert_eq!(joined.len(), text.len());
        assert_eq!(joined, "Before.\n\n$$\na = b \\\\ \nc = d\n$$\n\nAfter.\n");
    }

    #[test]
    fn a_stray_dollar_pair_opens_nothing() {
        let text = "$$ is the shell's PID.\n\n```python\nimport os\n\nx = 1\n```\n";
        assert!(matches!(join_display_math(text), Cow::Borrowed(_)));
        let text = "Use `$$` for display math.\n\nNext paragraph.\n";
        assert!(matches!(join_display_math(text), Cow::Borrowed(_)));
    }

    #[test]
    fn math_in_code_and_closed_math_are_untouched() {
        let text = "```\n$$\n\nx\n```\n\n$$ a $$\n\nb\n";
        assert!(matches!(join_display_math(text), Cow::Borrowed(_)));
    }
}
