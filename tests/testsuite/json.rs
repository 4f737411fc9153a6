//! The JSON output against its schema and its documented structure.

use crate::util::{Project, repo};

const GUIDE: &str = "# Py\n\n## Basics\n\n### What is a list?\n- Mutable sequence\n\n### Terms\n- **GIL**: a lock\n\n```python\nprint(1 + 1)  # 2\n```\n\nThe {{c1::GIL}} serialises {{c2::bytecode}}.\n\n### Q1: Long one?\n- a\n- b\n- c\n- d\n- e\n- f\n- g\n- h\n- i\n";

fn schema() -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join("schema/cards.schema.json")).expect("schema in repo");
    serde_json::from_str(&text).expect("schema is JSON")
}

#[test]
fn output_validates_against_the_schema() {
    let project = Project::new().file("source/py.md", GUIDE);
    project.run(&["build"]).success();
    let instance: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(project.path("output/py.json")).expect("json")).expect("parses");
    let validator = jsonschema::validator_for(&schema()).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&instance).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn schema_rejects_a_broken_document() {
    let validator = jsonschema::validator_for(&schema()).expect("schema compiles");
    let broken = serde_json::json!({"format": "cardsmith-cards", "version": 1, "title": "T", "source": "s",
        "note_count": 1, "card_count": 1, "cards": [{"guid": "x", "kind": "nonsense"}]});
    assert!(!validator.is_valid(&broken));
}

#[test]
fn output_deserializes_into_the_documented_structure() {
    let project = Project::new().file("source/py.md", GUIDE);
    project.run(&["build"]).success();
    let doc = project.json("output/py.json");
    assert_eq!((doc.format.as_str(), doc.version), ("cardsmith-cards", 1));
    assert_eq!(doc.source, "py.md");
    assert_eq!(doc.note_count, doc.cards.len());
    assert_eq!(doc.card_count, doc.cards.len() + 1, "the two-number cloze makes two cards");
    let kinds: Vec<&str> = doc.cards.iter().map(|c| c.kind.as_str()).collect();
    for kind in ["question", "definition", "code", "output", "cloze"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    let cloze = doc.cards.iter().find(|c| c.kind == "cloze").expect("cloze card");
    assert_eq!(cloze.cloze.as_deref(), Some(&[1, 2][..]));
    let split: Vec<_> = doc.cards.iter().filter(|c| c.part.is_some()).collect();
    assert_eq!(split.len(), 2);
    assert!(split.iter().all(|c| c.part.as_ref().is_some_and(|p| p.count == 2 && p.index >= 1)));
    for card in &doc.cards {
        assert!(!card.front.text.is_empty() && !card.back.text.is_empty());
        assert!(!card.front.html.is_empty() && !card.back.markdown.is_empty());
        assert_eq!(card.source.file, "py.md");
        assert!(card.source.line >= 5, "cards point below the title");
        assert!(card.deck.starts_with("Py"));
        assert!(card.id.is_none());
        assert!(!card.context.is_empty() && !card.tags.is_empty() && !card.guid.is_empty());
    }
    let code = doc.cards.iter().find(|c| c.kind == "code").expect("code card");
    assert!(code.back.html.contains("<code class=\"language-python\""), "{}", code.back.html);
    assert!(code.back.html.contains("style=\"color:#"), "code is coloured without a stylesheet");
}
