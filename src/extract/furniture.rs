//! Page furniture: takes a guide's blocks, gives the ranges of those that
//! are navigation rather than content — tables of contents (lists or tables
//! of links, also inside `<details>`), "back to top" links, badge and
//! sponsor blocks, link-only lines, HTML that shows nothing, and sections
//! about the repository ("Contributing", "License"). They make no
//! card, never land in a back, and `check` counts them as skipped.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::classify::{self, regex};
use crate::markdown::strip_html_tags;
use crate::outline::{Block, BlockKind, Item};
use crate::source::SourceFile;

/// `[![alt](img)](href)`, `[text](href)`, `[text][ref]`, `<https://…>`.
static MD_LINK: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!?\[(?:[^\[\]]|\[[^\]]*\])*\]\((?:[^()]|\([^)]*\))*\)|\[[^\]]+\]\[[^\]]*\]|<https?://[^>]+>",
    )
});
/// Images that only decorate: badges, shields, sponsor buttons.
static BADGE_IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)!\[[^\]]*\]\(\s*<?https?://[^)]*(?:shields\.io|badge|badgen|travis-ci|circleci|codecov|coveralls|/workflows/|buymeacoffee|ko-fi|patreon|opencollective|liberapay)[^)]*\)",
    )
});
static HTML_ANCHOR: LazyLock<Regex> = LazyLock::new(|| regex(r"(?is)<a\b[^>]*>.*?</a\s*>"));
static HTML_IMAGE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)<img\b[^>]*>"));
static COMMENT: LazyLock<Regex> = LazyLock::new(|| regex(r"(?s)<!--.*?-->"));
static BARE_URL: LazyLock<Regex> = LazyLock::new(|| regex(r"https?://\S+"));
/// A card's metadata line: `**Difficulty:** 🟡 Medium`, `Tags: #js`.
static METADATA: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*(?:\*\*|__)?(?:difficulty|tags?|frequency|category|priority|importance|popularity|status|companies|asked\s+(?:in|at|by)|last\s+updated|updated|сложность|теги|частота|难度|标签|频率)\s*(?::\s*(?:\*\*|__)?|(?:\*\*|__)\s*:)",
    )
});

/// Whether every line of a paragraph is metadata about a card, not content.
fn metadata(text: &str) -> bool {
    text.lines().filter(|l| !l.trim().is_empty()).all(|l| METADATA.is_match(l))
}

/// An invitation to contribute, anywhere in a guide.
static CONTRIBUTIONS_WELCOME: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:contributions|pull\s+requests|PRs)\s+(?:are\s+)?(?:always\s+)?welcome|feel\s+free\s+to\s+(?:contribute|open\s+(?:an\s+issue|a\s+pull\s+request))|star\s+(?:this|the)\s+repo|mathjax|refresh(?:ing)?\s+the\s+page",
    )
});

/// A copyright or licence line.
static COPYRIGHT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^\s*(?:[*_]+\s*)?(?:copyright\b|©|\(c\)\s*\d{4}|licensed\s+under\b)"));
/// A README's words about itself: "This repository contains…", "submit a
/// pull request", "contribution guidelines".
static REPOSITORY_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:this|the|our)\s+(?:repo|repository|project)\b|pull\s+requests?|contribution\s+guidelines|\bcontribut(?:e|ing|ions?)\b|\bstar\s+(?:this|the|it)\b|этот\s+репозиторий|в\s+репозитории|本仓库|本项目|este\s+repositorio|dieses\s+repository|ce\s+dépôt",
    )
});

/// The ranges of every furniture block, nested ones included.
pub(super) fn find(source: &SourceFile, blocks: &[Block]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    walk(source, blocks, true, &mut out);
    out
}

/// `preamble`: whether these blocks come before the guide's first section
/// or question (a `<details>` answer's paragraphs come after its question,
/// wherever the block sits).
fn walk(source: &SourceFile, blocks: &[Block], mut preamble: bool, out: &mut Vec<Range<usize>>) {
    let mut after_contents = false;
    // Inside a section about the repository ("Contributing", "License"):
    // the level of its heading.
    let mut meta_level = None;
    // Before the first section (a `##` or `###`; a tagline is often an
    // `####`) or question: where a README says what the repository is.
    // A one-line paragraph ending in `:`, just before this block.
    let mut lead_in: Option<Range<usize>> = None;
    for (i, block) in blocks.iter().enumerate() {
        let lead = lead_in.take();
        if connector(source, blocks, i) {
            out.push(block.span.clone());
            continue;
        }
        if let BlockKind::Heading { level, text: words, .. } = &block.kind {
            preamble &= !(2..=3).contains(level) || !html_has_words(&source.text[words.clone()]);
            preamble &= !classify::is_question(&source.text[words.clone()]);
            // A question asked under it is content all the same.
            if meta_level.is_some_and(|l| *level <= l) || classify::is_question(&source.text[words.clone()]) {
                meta_level = None;
            }
            if meta_level.is_none() && classify::is_meta_heading(&source.text[words.clone()]) {
                // The heading stays: it still ends the section before it.
                meta_level = Some(*level);
                continue;
            }
        }
        // A question under "References" or "Resources" (a quiz about Git's
        // references) shows the section is content after all.
        if asks(source, block) {
            meta_level = None;
            preamble = false;
        }
        if meta_level.is_some() {
            out.push(block.span.clone());
            continue;
        }
        let text = &source.text[block.span.clone()];
        if preamble && matches!(block.kind, BlockKind::Paragraph) && REPOSITORY_PROSE.is_match(text) {
            out.push(block.span.clone());
            continue;
        }
        let names_contents = match &block.kind {
            BlockKind::Paragraph => classify::is_contents_heading(text),
            BlockKind::Heading { text: words, .. } => classify::is_contents_heading(&source.text[words.clone()]),
            _ => false,
        };
        // Under "Table of Contents", a list of short names is one too.
        let contents_list = after_contents
            && matches!(&block.kind, BlockKind::List(list) if list.items.iter().all(|item| {
                item.head.clone().is_some_and(|h| source.text[h].trim().chars().count() <= 60)
            }));
        after_contents = names_contents;
        if is_furniture(source, block) || contents_list || names_contents && matches!(block.kind, BlockKind::Paragraph)
        {
            // "List of available languages:" goes with the links it introduces.
            if let Some(lead) = lead.filter(|_| matches!(block.kind, BlockKind::List(_))) {
                out.push(lead);
            }
            out.push(block.span.clone());
            continue;
        }
        lead_in = matches!(block.kind, BlockKind::Paragraph)
            .then(|| text.trim_end())
            .filter(|t| t.chars().count() <= 80 && !t.contains('\n') && t.ends_with([':', '：']))
            .map(|_| block.span.clone());
        match &block.kind {
            BlockKind::List(list) => list.items.iter().for_each(|item| walk(source, &item.body, preamble, out)),
            BlockKind::Details(details) => walk(source, &details.body, preamble, out),
            _ => {}
        }
    }
}

/// A `<details>` whose summary asks a question or leaves a blank: a card,
/// never page furniture.
fn asks(source: &SourceFile, block: &Block) -> bool {
    let BlockKind::Details(details) = &block.kind else { return false };
    details.summary.clone().is_some_and(|summary| {
        let text = strip_html_tags(&source.text[summary]);
        classify::is_question(text.trim()) || classify::has_blank(&text)
    })
}

/// A paragraph that only joins the blocks around it ("OR" between two
/// commands) or indexes the next (the letter over a glossary's table):
/// nothing to learn. A lone "B" elsewhere may well be an answer.
fn connector(source: &SourceFile, blocks: &[Block], i: usize) -> bool {
    if !matches!(blocks[i].kind, BlockKind::Paragraph) {
        return false;
    }
    let kind = |at: Option<usize>| at.and_then(|at| blocks.get(at)).map(|b| &b.kind);
    let bare = classify::unwrap_emphasis(source.text[blocks[i].span.clone()].trim());
    let mut letters = bare.chars();
    let one_letter = letters.next().is_some_and(char::is_uppercase) && letters.next().is_none();
    let joins = ["or", "and", "или", "或", "或者", "ou", "oder"].iter().any(|w| bare.eq_ignore_ascii_case(w));
    (one_letter && matches!(kind(Some(i + 1)), Some(BlockKind::Table)))
        || (joins
            && matches!(kind(i.checked_sub(1)), Some(BlockKind::Code(_)))
            && matches!(kind(Some(i + 1)), Some(BlockKind::Code(_))))
}

/// Whether a heading's text has any words (an anchor-only `<a name>` has none).
fn html_has_words(text: &str) -> bool {
    strip_html_tags(text).chars().any(char::is_alphanumeric)
}

fn is_furniture(source: &SourceFile, block: &Block) -> bool {
    let text = &source.text[block.span.clone()];
    match &block.kind {
        BlockKind::Paragraph => {
            link_only(text) || COPYRIGHT.is_match(text) || metadata(text) || CONTRIBUTIONS_WELCOME.is_match(text)
        }
        BlockKind::Html => html_furniture(text),
        BlockKind::List(list) => list.items.iter().all(|item| item_is_link(source, item)),
        BlockKind::Table => table_of_links(text),
        BlockKind::Details(details) => !details.body.is_empty() && details.body.iter().all(|b| is_furniture(source, b)),
        _ => false,
    }
}

fn item_is_link(source: &SourceFile, item: &Item) -> bool {
    let head = item.head.clone().map(|head| source.text[head].trim());
    let head_is_link = head.is_some_and(link_only);
    // A group label over links ("Processes" above its questions' links).
    let group_label = head.is_none_or(|h| h.chars().count() <= 40 && !h.contains('\n')) && !item.body.is_empty();
    // A contents entry (`[Processes](#processes)`) over the names of its
    // sub-sections, written without links ("PCB", "States").
    let contents_entry = head.is_some_and(|h| link_only(h) && h.contains("](#"));
    (head_is_link || group_label)
        && item.body.iter().all(|b| {
            matches!(b.kind, BlockKind::List(_)) && (is_furniture(source, b) || contents_entry && names(source, b))
        })
}

/// A list of section names (short, one line, no sentence), nested or not.
fn names(source: &SourceFile, block: &Block) -> bool {
    let BlockKind::List(list) = &block.kind else { return false };
    list.items.iter().all(|item| {
        item.body.iter().all(|b| names(source, b))
            && item.head.clone().is_some_and(|h| {
                let name = source.text[h].trim();
                name.chars().count() <= 40 && !name.contains('\n') && !name.ends_with(['.', ':', '?', '!', '。'])
            })
    })
}

/// Text made only of links (and badge images, arrows, separators).
pub(super) fn link_only(text: &str) -> bool {
    if !text.contains(['[', '<']) && !text.contains("http") {
        return false; // most paragraphs: no link at all
    }
    // A picture is content (a diagram, even linked to its full size), unless
    // it is a badge or a logo from the web that links somewhere.
    let links = MD_LINK.find_iter(text).filter(|m| {
        let link = m.as_str();
        !link.contains("![") || BADGE_IMAGE.is_match(link) || (link.starts_with("[![") && remote_image(link))
    });
    let mut rest = text.to_owned();
    let mut found = false;
    for m in links.collect::<Vec<_>>().into_iter().rev() {
        rest.replace_range(m.range(), " ");
        found = true;
    }
    if rest.contains('<') {
        let anchors = HTML_ANCHOR.find_iter(&rest).count();
        found |= anchors > 0;
        rest = strip_html_tags(&HTML_ANCHOR.replace_all(&rest, " ")).into_owned();
    }
    let urls = BARE_URL.find_iter(&rest).count();
    found |= urls > 0;
    let rest = BARE_URL.replace_all(&rest, " ");
    found && !rest.chars().any(char::is_alphanumeric)
}

/// An HTML block that shows nothing but links and decoration (badges,
/// sponsor logos, navigation tables), or nothing at all (`<br/>`, `</p>`).
fn html_furniture(html: &str) -> bool {
    let html = COMMENT.replace_all(html, "");
    if html.trim().is_empty() {
        // Comments are not furniture: they may be directives, and are left
        // out anyway.
        return false;
    }
    let html = html.as_ref();
    let without_anchors = HTML_ANCHOR.replace_all(html, " ");
    let visible = strip_html_tags(&without_anchors);
    let words: usize = visible.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
    let links = HTML_ANCHOR.is_match(html) || link_only_markdown_inside(&visible);
    let loose_images = HTML_IMAGE.find_iter(&without_anchors).any(|m| !is_badge_src(m.as_str()));
    if loose_images {
        // A diagram shown with `<img>` is content.
        return false;
    }
    if words == 0 {
        return true;
    }
    // Beside its links, a sponsor or badge block says no more than "Sponsored by".
    links
        && visible
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .all(|w| FURNITURE_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().as_str()))
}

/// The words sponsor, badge and navigation blocks use beside their links.
const FURNITURE_WORDS: &[&str] = &[
    "sponsor",
    "sponsors",
    "sponsored",
    "by",
    "supported",
    "support",
    "backers",
    "backer",
    "donate",
    "thanks",
    "thank",
    "to",
    "our",
    "special",
    "featured",
    "made",
    "with",
    "powered",
    "and",
    "the",
    "back",
    "top",
    "contents",
    "index",
    "home",
    "next",
    "previous",
    "prev",
    "up",
    "follow",
    "me",
    "on",
    "us",
    "star",
    "this",
    "repo",
    "repository",
    "if",
    "it",
    "helped",
    "helps",
    "you",
    "translations",
    "translation",
    "languages",
    "language",
    "read",
    "in",
    "other",
    "also",
    "available",
    "license",
    "contributors",
    "contributing",
    "sponsoring",
    "website",
    "site",
    "twitter",
    "github",
    "discord",
    "blog",
];

fn link_only_markdown_inside(text: &str) -> bool {
    MD_LINK.is_match(text) && link_only(text)
}

/// Whether a Markdown image link shows a picture from the web (a logo, a
/// badge) rather than one of the guide's own.
fn remote_image(link: &str) -> bool {
    link.split_once("![").and_then(|(_, rest)| rest.split_once("](")).is_some_and(|(_, src)| {
        let src = src.trim_start_matches('<').trim_start();
        src.starts_with("http://") || src.starts_with("https://")
    })
}

fn is_badge_src(img: &str) -> bool {
    let lower = img.to_ascii_lowercase();
    [
        "shields.io",
        "badge",
        "badgen",
        "travis-ci",
        "circleci",
        "codecov",
        "coveralls",
        "/workflows/",
        "sponsor",
        "buymeacoffee",
        "ko-fi",
        "patreon",
        "opencollective",
        "liberapay",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// A table whose cells are all links, numbers or empty: a table of contents.
/// A table of in-page links, or a list of resources: every row names a
/// link to elsewhere in its first cell ("| [Kotlin Koans](https://…) |
/// Exercise-driven practice |").
fn table_of_links(text: &str) -> bool {
    let rows: Vec<&str> = text.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    let first_cell = |line: &str| line.trim().trim_matches('|').split('|').next().unwrap_or("").trim().to_owned();
    if rows.len() >= 2
        && rows.iter().all(|row| {
            let cell = first_cell(row);
            link_only(&cell) && cell.contains("](http")
        })
    {
        return true;
    }
    let mut links = 0;
    for (i, line) in text.lines().enumerate() {
        if i == 1 {
            continue; // the delimiter row
        }
        for cell in line.trim().trim_matches('|').split('|') {
            let cell = cell.trim();
            if i == 0 || cell.is_empty() || cell.chars().all(|c| c.is_ascii_digit() || c == '.') {
                continue;
            }
            if !link_only(cell) {
                return false;
            }
            links += 1;
        }
    }
    links > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_lines() {
        assert!(metadata("**Difficulty:** 🟡 Medium\n**Tags:** #javascript #closures\n**Frequency:** ⭐⭐⭐"));
        assert!(!metadata("**Difficulty:** medium\nClosures capture their scope."));
        assert!(!metadata("Tagged unions are sum types."));
    }

    #[test]
    fn link_only_lines() {
        assert!(link_only("**[⬆ Back to Top](#table-of-contents)**"));
        assert!(link_only("<br>[⬆ back to top](#toc)"));
        assert!(link_only("[к оглавлению](#sql)"));
        assert!(link_only(
            "[![Build](https://img.shields.io/x.svg)](https://ci) [![npm](https://badge.fury.io/y.svg)](https://npm)"
        ));
        assert!(link_only("[Docs](https://a.example) | [Blog](https://b.example)"));
        assert!(!link_only("See [the docs](https://a.example) for more."));
        assert!(!link_only("![diagram](img/flow.png)"));
        assert!(!link_only("[![arch](img/arch.png)](img/arch.png)"));
        assert!(!link_only("Explanation: [why](https://a.example)"));
        assert!(!link_only("Plain text"));
    }

    #[test]
    fn html_blocks() {
        assert!(html_furniture("<p align=\"center\">\n<a href=\"x\"><img src=\"logo.png\"></a>\n</p>"));
        assert!(html_furniture("<br/>"));
        assert!(!html_furniture("<!-- cardsmith:skip -->"));
        assert!(html_furniture(
            "<div align=\"center\"><a href=\"https://s\"><img src=\"https://img.shields.io/a\"></a> <a href=\"#toc\">Contents</a></div>"
        ));
        assert!(!html_furniture("<img src=\"images/jvm.png\" width=\"400\" />"));
        assert!(html_furniture(
            "<p align=\"center\">Translations: <a href=\"README.zh.md\">中文</a> | <a href=\"README.ru.md\">Русский</a></p>"
        ));
        assert!(html_furniture(
            "<div align=\"center\"><b>Star this repo if it helped!</b> <a href=\"https://github.com/x/y\"><img src=\"https://img.shields.io/github/stars/x/y\"></a></div>"
        ));
        assert!(html_furniture(
            "<p align=\"center\">Read on <a href=\"https://x.example\">the website</a> · Follow me on <a href=\"https://t.example\">Twitter</a></p>"
        ));
        assert!(!html_furniture("<p>The event loop runs one callback at a time, then checks the queue.</p>"));
        assert!(!html_furniture("<p>Use <a href=\"https://tokio.rs\">tokio</a> for async I/O.</p>"));
        assert!(html_furniture(
            "<div align=\"center\"><sub>Sponsored by</sub><br><a href=\"https://s\"><img src=\"logo.png\"></a></div>"
        ));
    }

    #[test]
    fn tables_of_contents() {
        assert!(table_of_links(
            "| No. | Questions |\n|---|---|\n| 1 | [What is X?](#what-is-x) |\n| 2 | [Why Y?](#why-y) |"
        ));
        assert!(!table_of_links("| Store | Schema |\n|---|---|\n| SQL | fixed |\n| Document | flexible |"));
    }
}
