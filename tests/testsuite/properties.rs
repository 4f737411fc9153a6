//! Properties over generated guides: whatever the Markdown, conversion and
//! check never panic, every card has both sides, GUIDs are unique within a
//! guide, and the same text always gives the same deck and the same bytes.
//!
//! The generator composes what real guides are made of (headings labelled
//! `Q3:` or `2.`, questions, definition bullets, nested lists, Python code
//! with `# 3` value comments and commented parts, `Q:`/`A:` pairs, cloze,
//! directives, front matter) with some arbitrary noise between the blocks.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use cardsmith::Deck;
use cardsmith::Loaded;
use cardsmith::SourceFile;
use cardsmith::{ApkgFormat, CsvFlavor, CsvFormat, Format, JsonFormat};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

/// 64 cases each: the whole module stays well under 20 s in a debug build.
/// `PROPTEST_CASES=N` runs N cases of every property instead, for a longer
/// search.
fn config(cases: u32) -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases),
        // Failures are reported with their minimal input; don't write
        // regression files next to the sources.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

#[rustfmt::skip]
const WORDS: &[&str] = &[
    "the", "GIL", "thread", "lock", "cache", "event", "loop", "socket", "TCP", "handshake", "is", "a", "of",
    "returns", "value", "list", "dict", "`len()`", "`x`", "*fast*", "**bold**", "generator", "yield", "async",
    "await", "memory", "reference", "count", "café", "naïve", "日本語", "—", "2×MSL", "e.g.", "[link](https://x.y)",
    "HTTP/2", "<b>", "&amp;", "|", "#", "::", "›", "foo | #2", "\\*", "_x_", "~~old~~", "$PATH", "$x^2$",
];

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS).prop_map(str::to_owned)
}

/// A few words joined by spaces (`min`..=`max` words).
fn words(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), min..=max).prop_map(|w| w.join(" "))
}

/// Short text that may be anything at all, to shake the parsers.
fn noise() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        "[-#*`_>\\[\\]{}():|!<= \n\ta-z0-9]{0,40}",
        Just("```".to_owned()),
        Just("<!-- cardsmith:".to_owned()),
        Just("{{c1::".to_owned()),
        Just("    indented code".to_owned()),
        Just("\r\n".to_owned()),
        Just("\u{feff}".to_owned()),
    ]
}

fn heading() -> impl Strategy<Value = String> {
    let level = 2usize..=4;
    let text = prop_oneof![
        words(1, 5),
        words(1, 6).prop_map(|w| format!("{w}?")),
        (1u32..30, words(1, 6)).prop_map(|(n, w)| format!("Q{n}: {w}?")),
        words(1, 6).prop_map(|w| format!("Q: {w}")),
        (1u32..30, words(1, 4)).prop_map(|(n, w)| format!("{n}. {w}")),
        (1u32..9, words(1, 4)).prop_map(|(n, w)| format!("Question {n}. {w}")),
        words(1, 3).prop_map(|w| format!("Part III — {w}")),
        Just(String::new()),
    ];
    (level, text).prop_map(|(level, text)| format!("{} {text}", "#".repeat(level)))
}

fn bullet_item() -> impl Strategy<Value = String> {
    prop_oneof![
        words(1, 10),
        (words(1, 2), words(1, 8)).prop_map(|(t, w)| format!("**{t}**: {w}")),
        (words(1, 2), words(1, 8)).prop_map(|(t, w)| format!("**{t}** - {w}")),
        (word(), words(1, 8)).prop_map(|(t, w)| format!("`{t}` - {w}")),
        (word(), words(1, 8)).prop_map(|(t, w)| format!("{t} - {w}")),
        (word(), words(1, 8)).prop_map(|(t, w)| format!("{t} — {w}")),
        (word(), words(1, 8)).prop_map(|(t, w)| format!("{t}: {w}")),
        words(1, 4).prop_map(|w| format!("{w} {{{{c1::{w}}}}}")),
    ]
}

fn bullet_list() -> impl Strategy<Value = String> {
    let marker = prop::sample::select(&["-", "*", "+", "1."][..]);
    let nested = prop::collection::vec(words(1, 6), 0..4);
    let item = (bullet_item(), nested, prop::bool::weighted(0.1));
    (marker, prop::collection::vec(item, 1..10), prop::option::weighted(0.3, words(1, 5))).prop_map(
        |(marker, items, lead)| {
            let mut out = lead.map(|l| format!("{l}:\n\n")).unwrap_or_default();
            for (item, children, deeper) in items {
                out.push_str(&format!("{marker} {item}\n"));
                for child in &children {
                    out.push_str(&format!("  - {child}\n"));
                    if deeper {
                        out.push_str(&format!("    - {child}\n"));
                    }
                }
            }
            out
        },
    )
}

fn code_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(&[
            "import threading", "x = [1, 2, 3]", "def f(n):", "    return n * 2", "for i in range(3):",
            "    print(i)", "class A:", "    pass", "with lock:", "    count += 1",
        ][..]).prop_map(str::to_owned),
        2 => (prop::sample::select(&["len(xs)", "f(2)", "x[0]", "a is b", "sum(x)", "type(1)"][..]),
              prop::sample::select(&["3", "4", "True", "None", "'abc'", "[1, 2]", "<class 'int'>", "-1"][..]))
            .prop_map(|(e, v)| format!("{e}  # {v}")),
        2 => words(1, 6).prop_map(|w| format!("\n# {w}")),
        1 => Just(String::new()),
        1 => "[ -~]{0,30}",
    ]
}

fn code_block() -> impl Strategy<Value = String> {
    let lang = prop::sample::select(&["python", "python", "py", "rust", "text", "", "klingon", "pycon"][..]);
    let fence = prop::sample::select(&["```", "```", "~~~", "````"][..]);
    (
        fence,
        lang,
        prop::collection::vec(code_line(), 0..12),
        prop::option::weighted(0.6, words(1, 8)),
        prop::bool::weighted(0.05),
    )
        .prop_map(|(fence, lang, lines, lead, unclosed)| {
            let lead = lead.map(|l| format!("{l}:\n\n")).unwrap_or_default();
            let close = if unclosed { "" } else { fence };
            format!("{lead}{fence}{lang}\n{}\n{close}", lines.join("\n"))
        })
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => heading(),
        6 => bullet_list(),
        3 => code_block(),
        3 => prop::collection::vec(words(1, 12), 1..4).prop_map(|s| s.join(". ") + "."),
        2 => (words(1, 8), prop::option::weighted(0.8, words(1, 10)))
            .prop_map(|(q, a)| match a {
                Some(a) => format!("Q: {q}?\n\nA: {a}."),
                None => format!("Q: {q}?"),
            }),
        2 => (words(0, 4), words(1, 3), words(0, 4), words(1, 2))
            .prop_map(|(a, b, c, d)| format!("{a} {{{{c1::{b}}}}} {c} {{{{c2::{d}::hint}}}}.")),
        1 => Just("<!-- cardsmith:skip -->".to_owned()),
        1 => prop::sample::select(&["gil", "intro", "a", "a.2"][..])
            .prop_map(|id| format!("<!-- cardsmith:id {id} -->")),
        1 => (1u32..9, words(1, 6), words(1, 8)).prop_map(|(n, q, a)| format!("**Q{n}: {q}?**\n\n{a}")),
        1 => words(1, 8).prop_map(|w| format!("> {w}\n> {w}")),
        1 => (word(), word()).prop_map(|(a, b)| format!("| {a} | {b} |\n|---|---|\n| {b} | {a} |")),
        1 => prop::sample::select(&["![diagram](missing.png)", "![up](../up.png)", "![abs](/etc/x.png)"][..])
            .prop_map(str::to_owned),
        1 => Just("<div>raw <em>html</em></div>".to_owned()),
        1 => prop::sample::select(&["---", "***", "___", "- - -"][..]).prop_map(|rule| format!("Before the rule.\n\n{rule}")),
        2 => noise(),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => Just(String::new()),
        1 => words(1, 3).prop_map(|d| format!("---\ndeck: \"{}\"\ntags: [alpha, beta]\nid-prefix: net\n---\n", d.replace(['"', '\\'], ""))),
        1 => words(1, 3).prop_map(|d| format!("+++\ndeck = \"{}\"\ntags = [\"alpha\"]\n+++\n", d.replace(['"', '\\'], ""))),
    ]
}

/// A whole guide: front matter, a title, blocks, and the line endings of
/// either platform.
fn guide() -> impl Strategy<Value = String> {
    let title = prop::option::weighted(0.9, words(1, 5));
    let sep = prop::sample::select(&["\n\n", "\n\n", "\n"][..]);
    (front_matter(), title, prop::collection::vec((block(), sep), 0..30), prop::bool::weighted(0.1)).prop_map(
        |(front, title, blocks, crlf)| {
            let mut out = front;
            match title {
                Some(title) => out.push_str(&format!("# {title}\n\n")),
                // Front matter only counts on the first line: keep noise
                // that starts with `---` or `+++` from looking like it.
                None if out.is_empty() => out.push('\n'),
                None => {}
            }
            for (i, (block, sep)) in blocks.into_iter().enumerate() {
                out.push_str(&unique_id(block, i));
                out.push_str(sep);
            }
            if crlf { out.replace('\n', "\r\n") } else { out }
        },
    )
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// Where generated guides live: an empty folder, so image links find nothing
/// on disk whatever folder the tests run in.
static GUIDE: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join("cardsmith-properties-empty");
    std::fs::create_dir_all(&dir).expect("create the guide folder");
    dir.join("guide.md")
});

/// Bytes as `build` reads them: refused if not UTF-8 or binary.
fn read(bytes: Vec<u8>) -> cardsmith::Result<SourceFile> {
    SourceFile::from_bytes(&GUIDE, Path::new("guide.md"), bytes)
}

fn convert(text: &str) -> cardsmith::Result<Loaded> {
    cardsmith::convert(read(text.as_bytes().to_vec())?)
}

fn check_all(loaded: &Loaded) -> cardsmith::CheckReport {
    loaded.check()
}

fn bytes(format: &dyn Format, deck: &Deck) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    format.write(deck, &mut out).expect("writing to memory succeeds");
    out.into_inner()
}

/// (b) and (c): both sides of every card say something; GUIDs are distinct.
fn assert_cards_sound(deck: &Deck) -> Result<(), TestCaseError> {
    let mut guids = HashSet::new();
    for card in &deck.cards {
        let at = format!("card at line {} ({:?})", card.source.line, card.kind);
        prop_assert!(!card.front.markdown.trim().is_empty(), "{at}: empty front markdown: {card:#?}");
        prop_assert!(!card.back.markdown.trim().is_empty(), "{at}: empty back markdown: {card:#?}");
        // A side may be only a picture; anything else shows some text.
        for (name, side) in [("front", &card.front), ("back", &card.back)] {
            let picture = side.html().contains("<img");
            prop_assert!(picture || !side.text().trim().is_empty(), "{at}: {name} has no text: {card:#?}");
        }
        prop_assert!(!card.guid.is_empty(), "{at}: empty GUID");
        prop_assert!(guids.insert(card.guid.clone()), "{at}: GUID {} used twice in {:#?}", card.guid, deck.cards);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    /// (a) Any text converts or fails cleanly, and check takes whatever converts.
    #[test]
    fn any_text_converts_without_panicking(text in "(?s).{0,300}") {
        if let Ok(loaded) = convert(&text) {
            check_all(&loaded);
        }
    }

    /// (a) Markdown-dense noise: many of the characters the parsers care about.
    #[test]
    fn markdown_noise_converts_without_panicking(
        text in "[-#*`_>\\[\\]{}():|!<=~+.0-9 \n\tQAcaz?]{0,400}",
    ) {
        if let Ok(loaded) = convert(&text) {
            check_all(&loaded);
        }
    }

    /// (a) Bytes go through the same UTF-8 gate as files: an error or a deck.
    #[test]
    fn any_bytes_convert_or_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let refused = bytes.contains(&0) || std::str::from_utf8(&bytes).is_err();
        match read(bytes) {
            Ok(source) => {
                prop_assert!(!refused, "binary or non-UTF-8 input was accepted");
                if let Ok(loaded) = cardsmith::convert(source) {
                    check_all(&loaded);
                }
            }
            Err(err) => prop_assert!(refused, "valid text refused: {err}"),
        }
    }

    /// (a) A real-looking guide with a few bytes flipped, so the bad bytes sit
    /// inside meaningful structure rather than in pure noise.
    #[test]
    fn mutated_guides_convert_or_are_refused(
        text in guide(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
    ) {
        let mut bytes = text.into_bytes();
        if !bytes.is_empty() {
            for (at, byte) in flips {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
        }
        if let Ok(loaded) = read(bytes).and_then(cardsmith::convert) {
            check_all(&loaded);
            assert_cards_sound(&loaded.deck)?;
        }
    }

    /// (a, b, c, e) Generated guides convert, every card has both sides,
    /// GUIDs are unique, and check runs to the end.
    #[test]
    fn generated_guides_give_sound_cards(text in guide()) {
        let loaded = convert(&text);
        prop_assert!(loaded.is_ok(), "conversion failed: {:?}", loaded.err());
        let loaded = loaded.expect("checked above");
        assert_cards_sound(&loaded.deck)?;
        let report = check_all(&loaded);
        prop_assert!(report.coverage.percent().is_finite(), "coverage {:?}", report.coverage);
    }

    /// (d) Converting twice gives the same deck, and JSON and CSV are
    /// byte-identical across writes and across conversions.
    #[test]
    fn conversion_and_text_exports_are_deterministic(text in guide()) {
        let (first, second) = match (convert(&text), convert(&text)) {
            (Ok(first), Ok(second)) => (first, second),
            (first, second) => {
                let (first, second) = (first.err().map(|e| e.to_string()), second.err().map(|e| e.to_string()));
                prop_assert_eq!(first, second, "one conversion failed, or they failed differently");
                return Ok(());
            }
        };
        prop_assert_eq!(&first.deck, &second.deck);
        prop_assert_eq!(&first.notices(), &second.notices());
        let formats: [&dyn Format; 3] =
            [&JsonFormat, &CsvFormat { flavor: CsvFlavor::Anki }, &CsvFormat { flavor: CsvFlavor::Plain }];
        for format in formats {
            let a = bytes(format, &first.deck);
            prop_assert_eq!(&a, &bytes(format, &first.deck), "{} differs between writes", format.extension());
            prop_assert_eq!(&a, &bytes(format, &second.deck), "{} differs between conversions", format.extension());
        }
        prop_assert_eq!(check_all(&first).diagnostics, check_all(&second).diagnostics);
    }
}

proptest! {
    // An .apkg write builds an SQLite collection and a zip: only a few cases.
    #![proptest_config(config(6))]

    /// (d) The Anki package is byte-identical across writes.
    #[test]
    fn apkg_export_is_deterministic(text in guide()) {
        let loaded = convert(&text);
        prop_assert!(loaded.is_ok(), "conversion failed: {:?}", loaded.err());
        let deck = loaded.expect("checked above").deck;
        let first = bytes(&ApkgFormat::default(), &deck);
        prop_assert!(!first.is_empty());
        prop_assert!(first == bytes(&ApkgFormat::default(), &deck), "apkg differs between writes");
    }
}

/// Questions drawn from a tiny pool, so the same front comes back often,
/// some with what looks like the ` | #N` that numbers repeated keys.
fn repeated_questions() -> impl Strategy<Value = String> {
    let question = prop::sample::select(&["x", "X", "x | #2", "x | #3", "x | #2 | #2", "y"][..]);
    let card = prop_oneof![
        question.clone().prop_map(|q| format!("Q: {q}\n\nA: answer")),
        question.clone().prop_map(|q| format!("### Q: {q}\n- answer")),
        question.prop_map(|q| format!("- `{q}` - answer")),
        prop::sample::select(&["a", "b"][..]).prop_map(|id| format!("<!-- cardsmith:id {id} -->")),
        Just("## Section".to_owned()),
    ];
    prop::collection::vec(card, 1..12).prop_map(|cards| {
        let cards: Vec<String> = cards.into_iter().enumerate().map(|(i, card)| unique_id(card, i)).collect();
        format!("# T\n\n{}\n", cards.join("\n\n"))
    })
}

/// A `cardsmith:id` block made unique in its guide (`a` → `a-3`): a
/// repeated id fails the guide, which tests of its own check.
fn unique_id(block: String, n: usize) -> String {
    match block.strip_prefix("<!-- cardsmith:id ").and_then(|rest| rest.strip_suffix(" -->")) {
        Some(id) => format!("<!-- cardsmith:id {id}-{n} -->"),
        None => block,
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// (c) Repeated and look-alike questions still get distinct GUIDs.
    #[test]
    fn repeated_fronts_get_distinct_guids(text in repeated_questions()) {
        let deck = convert(&text).map_err(|e| TestCaseError::fail(e.to_string()))?.deck;
        let mut guids = HashSet::new();
        for card in &deck.cards {
            prop_assert!(
                guids.insert(card.guid.as_str()),
                "line {}: GUID {} used twice ({:?})", card.source.line, card.guid, card.front.text(),
            );
        }
    }
}

/// Minimal inputs the properties above shrank to, each of which once broke
/// one of them: kept so they are always tried, whatever the generators draw.
#[test]
fn shrunk_counterexamples() {
    let cases = [
        // (c) a front that ends like the number given to a repeated key
        "# T\n\nQ: x\n\nA: a\n\nQ: x\n\nA: b\n\nQ: x | #2\n\nA: c\n",
        "# T\n\n### Q: x | #2\n- a\n\n### Q: x\n- b\n\n### Q: x\n- c\n",
        // (b) a question whose whole answer is an empty code block
        "\n## Question 1. the\n\n```python\n\n```\n",
        "# T\n\n### Why?\n\n```\n",
        // (b) raw HTML has no plain text: empty back text
        "# T\n\n<div>x</div>\n",
        // (b) an unclosed HTML comment swallows the rest of the guide
        "# T\n\n<!-- cardsmith:\n",
        // (b) a code block of blank lines becomes a card with nothing to recall
        "# T\n\n```python\n\n```\n",
        // (b) a question whose only answer is an empty heading
        "## the?\n\n### \n\n## the\n",
        "\n> #\n> #\n",
        // (b) a question heading that is only inline HTML: empty front text
        "\n## Q: <b>\n\n### the\n",
    ];
    let mut failures = Vec::new();
    for text in cases {
        let loaded = convert(text).expect("converts");
        if let Err(err) = assert_cards_sound(&loaded.deck) {
            failures.push(format!("{text:?}: {}", err.to_string().lines().next().unwrap_or_default()));
        }
    }
    assert!(failures.is_empty(), "{} of {} still fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
