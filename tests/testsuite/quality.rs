//! `check`'s card quality lints as a user sees them: `note:` lines with
//! file:line, a fix and a code, a quality line per guide, `--strict`, and
//! `--format json`.

use serde_json::Value;

use crate::util::{Project, repo};

/// One card per lint (and one clean card, "What is a deadlock?").
fn guide() -> String {
    let tall: String = (1..=26).map(|i| format!("x{i} = {i}\n")).collect();
    format!(
        "# Net

## Basics

### What are the layers?
- physical
- link
- network
- transport
- session
- application

### What is TCP, the reliable ordered transport?
A reliable, ordered transport.

### What is the output of the code below?
It prints 3.

### What is a deadlock?
Two threads wait on each other forever.

### What is deadlock
Each thread holds a lock the other needs.

### Why is TCP slower than UDP?
Handshakes.

### How do you print a long message?
```python
print(\"a very long message that goes on and on and on and on and on\")
```

### How do you set many variables?
```python
{tall}```

### Overview
- fast
- small
"
    )
}

const NOTES: &[&str] = &[
    "note: g.md:5: answer lists 6 items (more than 5): split it into groups of a few related items (sub-headings or sub-lists make one card each), or turn it into a table [long-list]",
    "note: g.md:13: front gives the answer away: 3 of its 3 words are on the front (reliable, ordered, transport): take the answer's words out of the question, or ask for something the front does not say [answer-in-front]",
    "note: g.md:16: front refers to \"code below\" but shows no code, list or picture: put what it refers to on the front (the code or list just before the question), or name it in words [dangling-reference]",
    "note: g.md:22: front nearly repeats the card at line 19 (\"What is a deadlock?\"): merge the two cards, or make each ask something the other does not [near-duplicate]",
    "note: g.md:25: front asks to explain but the answer is \"Handshakes.\": write the explanation (a sentence or two), or ask a question a word can answer [thin-answer]",
    "note: g.md:28: code on the back is 69 columns wide (more than 60): break long lines or shorten names so the code fits a phone without scrolling [wide-code]",
    "note: g.md:33: code on the back is 26 lines long (more than 25): show only the lines that matter, or split the block into parts each led by a comment line [tall-code]",
    "note: g.md:64: front \"Overview: name all 2.\" names no topic (overview of what?): give the label its subject (\"Advantages of B-trees\") or ask a question about it [vague-front]",
];

#[test]
fn each_lint_is_a_note_with_line_fix_and_code_and_the_guide_still_passes() {
    let run = Project::new().file("g.md", guide()).run(&["check", "g.md"]).success();
    let mut expected: Vec<&str> = NOTES.to_vec();
    expected.push("g.md: 9 cards, coverage 100.0% (40/40), 0 findings");
    expected.push("g.md: quality: 9 cards, 8 with findings (question 7, list 1)");
    assert_eq!(run.stderr(), format!("{}\n", expected.join("\n")));
    assert_eq!(run.stdout(), "", "text goes to stderr");
}

#[test]
fn strict_fails_on_notes() {
    Project::new().file("g.md", guide()).run(&["check", "--strict", "g.md"]).code(1).stderr_has("[long-list]");
    let clean = "# Net\n\n### What is a deadlock?\nTwo threads wait on each other forever.\n";
    Project::new()
        .file("g.md", clean)
        .run(&["check", "--strict", "g.md"])
        .success()
        .stderr_has("g.md: quality: 1 card, 0 with findings\n");
}

#[test]
fn quiet_keeps_the_notes_and_drops_the_summaries() {
    let run = Project::new().file("g.md", guide()).run(&["check", "-q", "g.md"]).success();
    assert_eq!(run.stderr(), format!("{}\n", NOTES.join("\n")));
}

#[test]
fn warnings_keep_failing_and_come_before_notes_on_their_line() {
    let guide = "# G\n\n### Why?\nBecause.\n\n### Why?\nBecause.\n";
    let run = Project::new().file("g.md", guide).run(&["check", "g.md"]).code(1);
    let lines: Vec<String> = run.stderr().lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        [
            "note: g.md:3: front asks to explain but the answer is \"Because.\": write the explanation (a sentence or two), or ask a question a word can answer [thin-answer]",
            "warning: g.md:6: same front as the card at line 3 in deck \"G\"",
            "note: g.md:6: front asks to explain but the answer is \"Because.\": write the explanation (a sentence or two), or ask a question a word can answer [thin-answer]",
            "g.md: 2 cards, coverage 100.0% (2/2), 1 finding",
            "g.md: quality: 2 cards, 2 with findings (question 2)",
        ]
    );
}

/// Every stdout line parsed as JSON, each checked to have the documented fields.
fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            let object = value.as_object().unwrap_or_else(|| panic!("not an object: {line}"));
            match object.get("type").and_then(Value::as_str) {
                Some("finding") => {
                    for (field, ok) in [
                        ("file", object.get("file").is_some_and(Value::is_string)),
                        ("line", object.get("line").is_some_and(Value::is_u64)),
                        (
                            "severity",
                            matches!(object.get("severity").and_then(Value::as_str), Some("warning" | "note")),
                        ),
                        ("code", object.get("code").and_then(Value::as_str).is_some_and(|c| !c.is_empty())),
                        ("message", object.get("message").and_then(Value::as_str).is_some_and(|m| !m.is_empty())),
                        ("fix", object.get("fix").and_then(Value::as_str).is_some_and(|f| !f.is_empty())),
                    ] {
                        assert!(ok, "finding field {field} missing or wrong: {line}");
                    }
                }
                Some("summary") => {
                    for field in ["cards", "navigation", "findings", "warnings", "notes", "cards_with_findings"] {
                        assert!(object.get(field).is_some_and(Value::is_u64), "summary field {field}: {line}");
                    }
                    assert!(object.get("file").is_some_and(Value::is_string), "{line}");
                    let coverage = &object["coverage"];
                    assert!(coverage["covered"].is_u64() && coverage["total"].is_u64(), "{line}");
                    assert!(coverage["percent"].is_f64(), "{line}");
                    assert!(object.get("by_kind").is_some_and(Value::is_object), "{line}");
                }
                other => panic!("unknown type {other:?}: {line}"),
            }
            value
        })
        .collect()
}

#[test]
fn json_format_prints_one_object_per_finding_and_a_summary_on_stdout() {
    let run = Project::new().file("g.md", guide()).run(&["check", "--format", "json", "g.md"]).success();
    assert_eq!(run.stderr(), "", "nothing but errors on stderr");
    let values = json_lines(&run.stdout());
    assert_eq!(values.len(), NOTES.len() + 1);
    let codes: Vec<&str> = values.iter().filter_map(|v| v["code"].as_str()).collect();
    assert_eq!(
        codes,
        [
            "long-list",
            "answer-in-front",
            "dangling-reference",
            "near-duplicate",
            "thin-answer",
            "wide-code",
            "tall-code",
            "vague-front"
        ]
    );
    let first = &values[0];
    assert_eq!(first["file"], "g.md");
    assert_eq!(first["line"], 5);
    assert_eq!(first["severity"], "note");
    assert_eq!(first["message"], "answer lists 6 items (more than 5)");
    assert_eq!(
        first["fix"],
        "split it into groups of a few related items (sub-headings or sub-lists make one card each), or turn it into a table"
    );
    let summary = values.last().expect("summary");
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["cards"], 9);
    assert_eq!(summary["coverage"], serde_json::json!({"covered": 40, "total": 40, "percent": 100.0}));
    assert_eq!((summary["findings"].as_u64(), summary["warnings"].as_u64()), (Some(8), Some(0)));
    assert_eq!((summary["notes"].as_u64(), summary["cards_with_findings"].as_u64()), (Some(8), Some(8)));
    assert_eq!(
        summary["by_kind"],
        serde_json::json!({"question": {"cards": 8, "with_findings": 7}, "list": {"cards": 1, "with_findings": 1}})
    );
}

#[test]
fn json_format_marks_warnings_and_reports_errors_on_stderr() {
    let guide = "# G\n\n### Code\n```klingon\nQapla'\n```\n";
    let project = Project::new().file("g.md", guide);
    let run = project.run(&["check", "--format", "json", "g.md", "missing.md"]).code(1);
    assert!(run.stderr().contains("missing.md: no such file or folder"), "{}", run.stderr());
    assert_eq!(run.stdout(), "");
    let run = project.run(&["check", "--format", "json", "g.md"]).code(1);
    let values = json_lines(&run.stdout());
    let warning = values.iter().find(|v| v["severity"] == "warning").expect("a warning");
    assert_eq!(warning["code"], "unknown-language");
    assert_eq!(warning["line"], 4);
    assert_eq!(warning["message"], "unknown code language `klingon`: shown as plain text");
    assert_eq!(values.last().expect("summary")["warnings"], 1);
}

#[test]
fn the_shipped_guide_passes_check_with_notes_only() {
    let guide = repo().join("source/advanced-python.md");
    let guide = guide.to_str().expect("utf-8 path");
    let run = Project::new().run(&["check", guide]).success();
    let stderr = run.stderr();
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(stderr.contains("advanced-python.md: quality: "), "{stderr}");
    let values = json_lines(&Project::new().run(&["check", "--format", "json", guide]).success().stdout());
    let summary = values.last().expect("summary");
    assert_eq!(summary["warnings"], 0);
    // Few cards of a good guide have findings: the lints are not too eager.
    let (cards, flagged) = (summary["cards"].as_u64().expect("n"), summary["cards_with_findings"].as_u64().expect("n"));
    assert!(flagged * 5 < cards, "{flagged} of {cards} cards have findings");
}

#[test]
fn help_documents_strict_and_format() {
    Project::new()
        .run(&["check", "--help"])
        .success()
        .stdout_has("--strict")
        .stdout_has("--format <FORMAT>")
        .stdout_has("notes, exit 0 unless --strict");
}

#[test]
fn extraction_warnings_carry_their_codes() {
    let items: String = (1..=9).map(|i| format!("- item {i}\n")).collect();
    let guide = format!(
        "---\ntags: [a\n---\n# G\n\n## S\n\n### What is X?\n\n### Tools\n\n{items}\n<!-- cardsmith:frobnicate -->\n\n### Pictures\n\nSee ![x](missing.png) here.\n\n### Ask\n\nQ: Why?\n"
    );
    let project = Project::new().file("g.md", &guide);
    let values = json_lines(&project.run(&["check", "--format", "json", "g.md"]).code(1).stdout());
    let code_of = |needle: &str| {
        values
            .iter()
            .find(|v| v["message"].as_str().is_some_and(|m| m.contains(needle)))
            .map(|v| v["code"].as_str().expect("a code").to_owned())
            .unwrap_or_else(|| panic!("no finding mentions {needle:?}: {values:#?}"))
    };
    assert_eq!(code_of("question heading has no answer"), "no-answer");
    assert_eq!(code_of("front matter ignored"), "front-matter");
    assert_eq!(code_of("list of 9 items"), "long-enumeration");
    assert_eq!(code_of("unknown directive"), "unknown-directive");
    assert_eq!(code_of("missing.png"), "image");
    assert_eq!(code_of("has no `A:` answer"), "no-answer");
}
