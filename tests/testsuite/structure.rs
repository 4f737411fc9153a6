//! Deck tree, breadcrumbs, tags, labels and line numbers.

use crate::util::deck;

const GUIDE: &str = "\
# Distributed Systems

Intro.

## Part II — Replication

### 2. Leaders

#### Q3: What does a leader do?
- Orders writes

## 3. Consensus

### Raft terms
- **Term**: a logical clock
";

#[test]
fn decks_follow_title_and_sections_with_labels_stripped() {
    let d = deck(GUIDE);
    let decks: Vec<&str> = d.cards.iter().map(|c| c.deck.as_str()).collect();
    assert_eq!(decks, ["Distributed Systems", "Distributed Systems::Replication", "Distributed Systems::Consensus"]);
    assert_eq!(d.title, "Distributed Systems");
}

#[test]
fn every_card_has_a_breadcrumb_and_hierarchical_tags() {
    let d = deck(GUIDE);
    assert_eq!(d.cards[1].context, ["Distributed Systems", "Replication", "Leaders"]);
    assert_eq!(d.cards[2].context, ["Distributed Systems", "Consensus", "Raft terms"]);
    assert!(d.cards[1].tags.contains(&"Distributed_Systems::Replication::Leaders".to_owned()));
    assert!(d.cards[1].tags.contains(&"cardsmith::question".to_owned()));
    assert!(d.cards.iter().all(|c| c.tags.iter().all(|t| !t.contains(' '))));
}

#[test]
fn every_card_knows_its_line() {
    let d = deck(GUIDE);
    let lines: Vec<usize> = d.cards.iter().map(|c| c.source.line).collect();
    assert_eq!(lines, [3, 9, 15]);
    assert!(d.cards.iter().all(|c| c.source.file == "guide.md"));
}

#[test]
fn a_guide_without_title_is_named_after_its_file() {
    let d = deck("## Section\n\n### What?\nThat.\n");
    assert_eq!(d.title, "guide");
    assert_eq!(d.cards[0].deck, "guide::Section");
}

#[test]
fn headings_with_inline_code_and_links_read_as_text() {
    let d = deck(
        "# The `asyncio` [guide](https://x.org)\n\n## `gather` and friends\n\n### What does `gather` return?\nA list.\n",
    );
    assert_eq!(d.title, "The asyncio guide");
    assert_eq!(d.cards[0].deck, "The asyncio guide::gather and friends");
    assert_eq!(d.cards[0].front.markdown, "What does `gather` return?");
}

#[test]
fn front_matter_sets_deck_tags_and_id_prefix() {
    let d = deck(
        "---\ndeck: Python Prep\ntags: [interview]\nid-prefix: py\n---\n# Advanced\n\n<!-- cardsmith:id gil -->\n### What is the GIL?\nA lock.\n",
    );
    assert_eq!(d.cards[0].deck, "Python Prep");
    assert!(d.cards[0].tags.contains(&"interview".to_owned()));
    let other = deck(
        "+++\nid-prefix = \"other\"\n+++\n# Advanced\n\n<!-- cardsmith:id gil -->\n### What is the GIL?\nA lock.\n",
    );
    assert_ne!(d.cards[0].guid, other.cards[0].guid, "the prefix namespaces pinned ids");
}

#[test]
fn a_front_matter_deck_path_nests_the_guide_under_its_parents() {
    let d = deck("---\ndeck: Languages :: Python ::\n---\n# Advanced\n\n## Basics\n\n### What is the GIL?\nA lock.\n");
    assert_eq!(d.cards[0].deck, "Languages::Python::Basics");
    let titled = deck("# C++ :: Templates\n\n### What is SFINAE?\nA rule.\n");
    assert_eq!(titled.cards[0].deck, "C++ : Templates", "a title is one deck name");
}

#[test]
fn crlf_and_bom_read_like_plain_text() {
    let unix = deck("# G\n\n### What?\n- a\n- b\n");
    let windows = deck("\u{feff}# G\r\n\r\n### What?\r\n- a\r\n- b\r\n");
    assert_eq!(unix.cards[0].guid, windows.cards[0].guid);
    assert_eq!(unix.cards[0].back.text(), windows.cards[0].back.text());
}
