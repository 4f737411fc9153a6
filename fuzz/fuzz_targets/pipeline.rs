//! Bytes → guide → deck → JSON and CSV, and the lint, with the invariants
//! every build relies on checked on the way:
//!
//! - nothing panics, overflows or hangs (libFuzzer's `-timeout`);
//! - non-UTF-8 or NUL bytes are refused with an error, never a panic;
//! - every card has a front and a back with something in them, as Markdown
//!   and as plain text (set `CARDSMITH_FUZZ_ALLOW_EMPTY_TEXT=1` to skip the
//!   plain-text half while a known bug there is open);
//! - GUIDs are distinct within the guide; source lines point into the guide;
//! - JSON parses back with the same number of cards; exports are
//!   byte-identical across writes; for one input in four, converting again
//!   gives the same deck.

#![no_main]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use cardsmith::Deck;
use cardsmith::{CsvFlavor, CsvFormat, Format, JsonFormat};
use cardsmith::SourceFile;
use libfuzzer_sys::fuzz_target;

/// An empty folder to put the guide in, so image links find nothing on disk
/// (never the files of whatever folder the fuzzer runs in).
static GUIDE: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join("cardsmith-fuzz-empty");
    std::fs::create_dir_all(&dir).expect("create the guide folder");
    dir.join("guide.md")
});

static ALLOW_EMPTY_TEXT: LazyLock<bool> =
    LazyLock::new(|| std::env::var_os("CARDSMITH_FUZZ_ALLOW_EMPTY_TEXT").is_some_and(|v| v != "0"));

fn write(format: &dyn Format, deck: &Deck) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    format.write(deck, &mut out).expect("writing to memory succeeds");
    out.into_inner()
}

fn read(bytes: &[u8]) -> Option<SourceFile> {
    SourceFile::from_bytes(&GUIDE, Path::new("guide.md"), bytes.to_vec()).ok()
}

fuzz_target!(|data: &[u8]| {
    let Some(source) = read(data) else {
        // Refused: must be because of a NUL byte or bad UTF-8.
        assert!(data.contains(&0) || std::str::from_utf8(data).is_err(), "valid text refused");
        return;
    };
    let lines = source.text.lines().count().max(1) + 1;
    let Ok(loaded) = cardsmith::convert(source) else {
        return; // bad front matter: a clean error
    };
    let deck = &loaded.deck;

    let mut guids = HashSet::new();
    for card in &deck.cards {
        let at = card.source.line;
        assert!(!card.front.markdown.trim().is_empty(), "line {at}: empty front: {card:?}");
        assert!(!card.back.markdown.trim().is_empty(), "line {at}: empty back: {card:?}");
        if !*ALLOW_EMPTY_TEXT {
            assert!(!card.front.text().trim().is_empty(), "line {at}: front has no text: {card:?}");
            assert!(!card.back.text().trim().is_empty(), "line {at}: back has no text: {card:?}");
        }
        assert!(!card.guid.is_empty(), "line {at}: empty GUID");
        assert!(guids.insert(card.guid.as_str()), "line {at}: GUID {} used twice", card.guid);
        assert!((1..=lines).contains(&at), "line {at} is outside the guide's {lines} lines");
    }

    loaded.check();

    let json = write(&JsonFormat, deck);
    assert_eq!(json, write(&JsonFormat, deck), "JSON differs between writes");
    let doc: serde_json::Value = serde_json::from_slice(&json).expect("JSON output parses");
    let cards = doc["cards"].as_array().map(Vec::len);
    assert_eq!(cards, Some(deck.cards.len()), "JSON holds every card");

    for flavor in [CsvFlavor::Anki, CsvFlavor::Plain] {
        let csv = write(&CsvFormat { flavor }, deck);
        assert_eq!(csv, write(&CsvFormat { flavor }, deck), "CSV ({flavor:?}) differs between writes");
    }

    if data.len() % 4 == 0 {
        let again = cardsmith::convert(read(data).expect("read before")).expect("converted before");
        assert!(again.deck == *deck, "converting twice gives different decks");
    }
});
