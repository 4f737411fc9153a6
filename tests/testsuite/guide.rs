//! Whole guides: the shipped Advanced Python guide and a fixture in the
//! common interview-notes style, held to the promises users rely on.

use std::io::Write;
use std::process::{Command, Stdio};

use cardsmith::{Deck, SourceFile};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
use regex::Regex;

use crate::util::{Project, repo};

const SHIPPED: &str = "source/advanced-python.md";
const STYLE: &str = "tests/fixtures/style-guide.md";

fn load(relative: &str) -> (String, Deck) {
    let path = repo().join(relative);
    let text = std::fs::read_to_string(&path).expect("guide readable");
    let deck = cardsmith::convert(SourceFile::from_text(relative, &text)).expect("converts").deck;
    (text, deck)
}

/// A guide's code blocks and list items as CommonMark reads them (an
/// oracle apart from cardsmith's own outline): each block's language,
/// code and first line, and each item's first line without its marker.
struct Parts {
    code: Vec<(Option<String>, String, usize)>,
    items: Vec<String>,
}

fn parts(text: &str) -> Parts {
    let marker = Regex::new(r"^\s*(?:[-*+]|\d+[.)])\s+").expect("valid");
    let mut parts = Parts { code: Vec::new(), items: Vec::new() };
    let mut open: Option<(Option<String>, String, usize)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_owned),
                    CodeBlockKind::Indented => None,
                };
                open = Some((lang, String::new(), text[..range.start].lines().count() + 1));
            }
            Event::Text(t) if open.is_some() => open.as_mut().expect("open").1.push_str(&t),
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => parts.code.extend(open.take()),
            Event::Start(Tag::Item) => {
                let first = text[range].lines().next().unwrap_or("");
                parts.items.push(marker.replace(first, "").trim().to_owned());
            }
            _ => {}
        }
    }
    parts
}

fn all_card_text(deck: &Deck) -> String {
    deck.cards
        .iter()
        .map(|c| format!("{}\n{}\n{}\n{}\n", c.front.markdown, c.back.markdown, c.front.text(), c.back.text()))
        .collect()
}

/// Text of an HTML answer without its code blocks and tags.
fn prose_of(html: &str) -> String {
    let code = Regex::new(r"(?s)<pre[^>]*>.*?</pre>").expect("valid");
    let tags = Regex::new(r"<[^>]+>").expect("valid");
    let without_code = code.replace_all(html, "");
    tags.replace_all(&without_code, "").trim().to_owned()
}

/// The promises for guides in the usual style (see the issue's "done when").
fn assert_converts_well(relative: &str) {
    let (text, deck) = load(relative);
    let fronts: Vec<&str> = deck.cards.iter().map(|c| c.front.markdown.as_str()).collect();
    let heading = Regex::new(r"^#{2,6}\s+(.*?)\s*#*\s*$").expect("valid");
    let label = Regex::new(r"^Q\d*\s*[:.)]\s*").expect("valid");
    let mut in_fence = false;
    let mut questions = 0;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence {
            continue;
        }
        let Some(c) = heading.captures(line) else { continue };
        let title = &c[1];
        if label.is_match(title) || title.ends_with('?') {
            let question = label.replace(title, "");
            assert!(fronts.contains(&question.as_ref()), "{relative}: no card asks {question:?}");
            questions += 1;
        }
    }
    assert!(questions >= 5, "{relative} has question headings");

    let everything = all_card_text(&deck);
    let parts = parts(&text);
    for (_, code, _) in &parts.code {
        for line in code.lines().filter(|l| !l.trim().is_empty()) {
            assert!(everything.contains(line), "{relative}: code line {line:?} is on no card");
        }
    }
    let heads: Vec<&String> = parts.items.iter().filter(|h| !h.is_empty()).collect();
    let items = (heads.iter().filter(|h| everything.contains(h.as_str())).count(), heads.len());
    assert!(items.0 * 100 >= items.1 * 97, "{relative}: only {}/{} list items on cards", items.0, items.1);

    for card in &deck.cards {
        let li = card.back.html().matches("<li>").count() + card.back.html().matches("<li ").count();
        assert!(li <= 8, "{relative}:{}: {li} list items on one card", card.source.line);
        let prose = prose_of(&card.back.html()).chars().count();
        assert!(prose <= 600, "{relative}:{}: {prose} characters of prose", card.source.line);
    }
}

#[test]
fn style_fixture_converts_well() {
    assert_converts_well(STYLE);
}

#[test]
fn shipped_guide_converts_well() {
    assert_converts_well(SHIPPED);
}

#[test]
fn shipped_guide_uses_every_card_kind() {
    let (_, deck) = load(SHIPPED);
    let mut kinds: Vec<&str> = deck.cards.iter().map(|c| c.kind.name()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(
        kinds,
        ["cloze", "code", "definition", "explicit", "fill", "list", "note", "output", "question", "topic"]
    );
    assert!(deck.cards.iter().any(|c| c.id.is_some()), "a pinned id is used");
    assert!(deck.cards.len() >= 150, "{} cards", deck.cards.len());
}

#[test]
fn check_passes_on_shipped_guides_with_full_coverage() {
    let project = Project::new();
    let run = project
        .run(&[
            "check",
            repo().join("source").to_str().expect("utf-8 path"),
            repo().join(STYLE).to_str().expect("utf-8"),
        ])
        .success();
    let stderr = run.stderr();
    assert_eq!(stderr.matches("coverage 100.0%").count(), 2, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn every_python_block_in_the_shipped_guide_compiles() {
    let (text, _) = load(SHIPPED);
    let mut compiled = 0;
    for (lang, code, line) in parts(&text).code {
        if !matches!(lang.as_deref(), Some("python" | "py")) {
            continue;
        }
        let mut child = Command::new("python3")
            .args(["-c", "import sys; compile(sys.stdin.read(), sys.argv[1], 'exec')", &format!("{SHIPPED}:{line}")])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 is installed");
        child.stdin.take().expect("stdin").write_all(code.as_bytes()).expect("write code");
        let output = child.wait_with_output().expect("python3 finishes");
        assert!(
            output.status.success(),
            "block at line {line} does not compile:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        compiled += 1;
    }
    assert!(compiled >= 20, "only {compiled} python blocks");
}
