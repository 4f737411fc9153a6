//! The corpus (`tests/corpus/`): guides of our own writing in the shapes
//! real guides take. Each is held to what the real ones must give: every
//! question a front (or, when the guide does not answer it, recognised and
//! left without a card), no page furniture on any card, no answer in more than
//! four parts, backs short enough to learn — and a snapshot of its fronts.

use std::path::Path;

use cardsmith::Deck;
use cardsmith::SourceFile;
use insta::assert_yaml_snapshot;
use regex::Regex;

use crate::util::repo;

/// Letters and digits only, lower-cased: markup and spacing do not count.
fn normalized(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Text a card must never show: navigation from the corpus guides.
const FURNITURE: &[&str] = &[
    "Back to Top",
    "back to top",
    "Наверх",
    "回到顶部",
    "Table of Contents",
    "Содержание",
    "View contents",
    "shields.io",
];

struct Guide {
    name: &'static str,
    deck: Deck,
    report: cardsmith::CheckReport,
    /// Questions the guide leaves unanswered: no card, but recognised.
    unanswered: Vec<(usize, String)>,
    questions: Vec<String>,
}

fn load(name: &'static str) -> Guide {
    let dir = repo().join("tests/corpus");
    let path = dir.join(format!("{name}.md"));
    let relative = format!("{name}.md");
    let source = SourceFile::read(&path, Path::new(&relative)).expect("corpus guide readable");
    let loaded = cardsmith::convert(source).expect("guide converts");
    let report = loaded.check();
    let questions = std::fs::read_to_string(dir.join(format!("{name}.questions")))
        .expect("questions listed")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    let unanswered = loaded.unanswered().iter().map(|u| (u.line, u.front.clone())).collect();
    Guide { name, deck: loaded.deck, report, unanswered, questions }
}

/// The promises every corpus guide keeps; returns its fronts for a snapshot.
fn assert_guide(name: &'static str) -> Vec<String> {
    let guide = load(name);
    let fronts: Vec<String> = guide
        .deck
        .cards
        .iter()
        .map(|c| normalized(&c.front.text()))
        .chain(guide.unanswered.iter().map(|(_, front)| normalized(front)))
        .collect();
    let missing: Vec<&String> =
        guide.questions.iter().filter(|q| !fronts.iter().any(|f| f.contains(&normalized(q)))).collect();
    assert!(missing.is_empty(), "{}: {} questions are on no front: {missing:#?}", guide.name, missing.len());

    let empty_label = Regex::new(r"› *:").expect("valid");
    let name_all_one = Regex::new(r"name (all|the other) 1\b").expect("valid");
    for card in &guide.deck.cards {
        let at = format!("{}.md:{}", guide.name, card.source.line);
        for side in [&card.front, &card.back] {
            for words in FURNITURE {
                assert!(!side.text().contains(words), "{at}: navigation {words:?} on a card: {}", side.text());
            }
        }
        assert!(!empty_label.is_match(&card.front.text()), "{at}: empty label in {:?}", card.front.text());
        assert!(!card.back.text().contains("No answer in the guide"), "{at}: an unanswered question made a card");
        assert!(!name_all_one.is_match(&card.front.text()), "{at}: {:?}", card.front.text());
        if let Some(part) = card.part {
            assert!(part.count <= 4, "{at}: answer split into {} parts", part.count);
        }
        let items = card.back.html().matches("<li>").count() + card.back.html().matches("<li ").count();
        assert!(items <= 8, "{at}: {items} list items on one back");
        let prose = prose_chars(&card.back.html());
        assert!(prose <= 1600, "{at}: {prose} characters of prose on one back");
    }
    let misread = guide.report.diagnostics.iter().filter(|d| d.message.contains("structure was misread")).count();
    assert_eq!(misread, 0, "{}: {:#?}", guide.name, guide.report.diagnostics);
    let cards = guide.deck.cards.iter().map(|c| format!("{} {}: {}", c.source.line, c.kind.name(), c.front.text()));
    let unanswered = guide.unanswered.iter().map(|(line, front)| format!("{line} unanswered, no card: {front}"));
    cards.chain(unanswered).collect()
}

fn prose_chars(html: &str) -> usize {
    let code = Regex::new(r"(?s)<pre[^>]*>.*?</pre>").expect("valid");
    let tags = Regex::new(r"<[^>]+>").expect("valid");
    tags.replace_all(&code.replace_all(html, ""), "").trim().chars().count()
}

fn navigation(name: &'static str) -> usize {
    load(name).report.coverage.navigation
}

macro_rules! corpus {
    ($($test:ident => $name:literal,)*) => {$(
        #[test]
        fn $test() {
            let fronts = assert_guide($name);
            assert_yaml_snapshot!(fronts);
        }
    )*};
}

corpus! {
    numbered_heading_items => "numbered-headings",
    details_after_multiple_choice => "details-multiple-choice",
    qa_as_list_items => "qa-list-items",
    q_colon_code_a => "q-colon-a",
    nested_question_headings => "nested-questions",
    bold_lead_ins => "bold-lead-ins",
    bold_question_paragraphs => "bold-question-paragraphs",
    math_course_notes => "math-notes",
    russian_sql_guide => "russian-sql",
    go_question_list => "go-question-list",
    system_design_cheat_sheet => "system-design-cheatsheet",
    chinese_notes => "chinese-notes",
    mixed_shapes => "mixed-real",
    seed_style => "seed-style",
    long_answers => "long-answers",
    questions_in_summaries => "summary-questions",
    q_dot_headings => "q-dot-headings",
    checkbox_quiz => "checkbox-quiz",
    question_bank_without_answers => "question-bank",
    flashcard_note_styles => "flashcard-notes",
    fill_in_the_blank_details => "fill-in-the-blank",
    plain_text_qa => "plain-text-qa",
}

#[test]
fn every_corpus_guide_has_a_test() {
    let source = std::fs::read_to_string(repo().join("tests/testsuite/corpus.rs")).expect("this file");
    for entry in std::fs::read_dir(repo().join("tests/corpus")).expect("corpus folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "questions") {
            let stem = path.file_stem().and_then(|s| s.to_str()).expect("name");
            assert!(source.contains(&format!("\"{stem}\"")), "tests/corpus/{stem}.md has no test");
        }
    }
}

#[test]
fn furniture_is_counted_as_navigation() {
    for name in ["numbered-headings", "system-design-cheatsheet", "russian-sql", "chinese-notes", "mixed-real"] {
        assert!(navigation(name) >= 3, "{name}: {} navigation blocks", navigation(name));
    }
    assert_eq!(navigation("seed-style"), 0);
}

#[test]
fn multiple_choice_keeps_code_and_options_on_the_front() {
    let guide = load("details-multiple-choice");
    let card = guide.deck.cards.iter().find(|c| c.kind.name() == "question").expect("a question");
    assert!(card.front.html().contains("<pre"), "the question's code is on the front: {}", card.front.html());
    assert!(card.front.html().contains("<li>"), "the options are on the front: {}", card.front.html());
    assert!(!card.front.text().contains("Answer:"), "the answer is not: {}", card.front.text());
    assert!(card.back.text().contains("Answer:"), "{}", card.back.text());
}

#[test]
fn checked_options_are_the_answer() {
    let guide = load("checkbox-quiz");
    for card in guide.deck.cards.iter().filter(|c| c.kind.name() == "question") {
        assert!(!card.front.html().contains("checkbox"), "no box gives the answer away: {}", card.front.html());
    }
}

#[test]
fn one_line_and_table_cards_split_question_from_answer() {
    let guide = load("flashcard-notes");
    let back_of = |front: &str| {
        let card =
            guide.deck.cards.iter().find(|c| c.front.text() == front).unwrap_or_else(|| panic!("no card {front:?}"));
        card.back.text().trim().to_owned()
    };
    assert_eq!(back_of("Default port of HTTPS?"), "443.");
    assert_eq!(back_of("ARP vs RARP"), "address to MAC vs MAC to address.");
    assert!(back_of("Why does TCP need a three-way handshake?").starts_with("Both sides"));
    assert!(back_of("What is MTU?").starts_with("The largest frame"));
    assert!(back_of("What is a collision domain?").contains("own collision domain"));
    assert_eq!(back_of("Name the private IPv4 ranges"), "10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16.");
    assert!(
        guide.deck.cards.iter().all(|c| !c.front.text().contains("Question 3") && c.front.text() != "Question bank")
    );
}
