//! Bad input, hostile content and interrupted builds: a clear message, the
//! right exit status, and nothing lost.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::util::{Project, Run};

const GOOD: &str = "# Good\n\n### What is good?\n- This\n";

/// No backtrace, no panic, no status above 2, no colour off a terminal.
fn assert_clean_exit(run: &Run) {
    let code = run.output.status.code().expect("exited normally");
    assert!(code <= 2, "status {code}: {}", run.stderr());
    let stderr = run.stderr();
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
    assert!(!stderr.contains('\x1b'), "no colour codes when stderr is not a terminal: {stderr:?}");
}

#[test]
fn binary_garbage_is_refused_by_name() {
    let project = Project::new().file("source/image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").file("source/good.md", GOOD);
    let run = project.run(&["build"]).code(1).stderr_has("error: source/image.md:3: looks like a binary file");
    assert_clean_exit(&run);
    assert!(project.path("output/good.apkg").is_file());
}

#[test]
fn an_empty_file_builds_empty_decks_and_check_says_so() {
    let project = Project::new().file("source/empty.md", "");
    project.run(&["build"]).success().stderr_has("0 cards");
    assert_eq!(project.json("output/empty.json").cards.len(), 0);
    project.run(&["check"]).code(1).stderr_has("empty.md:1: no cards");
}

#[test]
fn bom_and_crlf_just_work() {
    let project = Project::new().file("source/win.md", "\u{feff}# Win\r\n\r\n### Why CRLF?\r\n- Because\r\n");
    project.run(&["build"]).success();
    let doc = project.json("output/win.json");
    assert_eq!(doc.title, "Win");
    assert_eq!(doc.cards[0].front.text, "Why CRLF?");
    assert!(!doc.cards[0].back.markdown.contains('\r'));
}

#[cfg(unix)]
#[test]
fn a_broken_link_fails_alone() {
    let project = Project::new().file("source/good.md", GOOD);
    std::os::unix::fs::symlink(project.path("nowhere.md"), project.path("source/broken.md")).expect("symlink");
    let run = project.run(&["build"]).code(1).stderr_has("broken.md");
    assert_clean_exit(&run);
    assert!(project.path("output/good.json").is_file());
}

#[test]
fn very_deep_nesting_does_not_crash() {
    let quotes = ">".repeat(100_000) + " deep\n";
    let lists: String = (0..1000).map(|i| format!("{}- level {i}\n", "  ".repeat(i))).collect();
    let project = Project::new().file("source/deep.md", format!("# Deep\n\n### Quotes?\n{quotes}\n### Lists\n{lists}"));
    let run = project.run(&["build"]);
    assert_clean_exit(&run);
    let run = project.run(&["check"]);
    assert_clean_exit(&run);
}

#[test]
fn a_multi_megabyte_line_is_fine() {
    let line = "word ".repeat(700_000);
    let project =
        Project::new().file("source/long.md", format!("# Long\n\n### Why so long?\n{line}\n\n- `x` - {line}\n"));
    let run = project.run(&["build"]).success();
    assert_clean_exit(&run);
    assert!(project.json("output/long.json").cards.len() >= 2);
}

#[test]
fn an_unclosed_fence_is_reported() {
    let project = Project::new().file("source/fence.md", "# F\n\n### Code\n```python\nx = 1\n\n### Lost heading\n");
    project.run(&["build"]).success();
    project.run(&["check"]).code(1).stderr_has("fence.md:4: code fence is never closed");
}

#[test]
fn headings_with_code_and_links_and_no_title() {
    let project = Project::new().file(
        "source/notes.md",
        "## The `gc` [module](https://docs.python.org)\n\n### What does `gc.collect()` return?\n- A count\n",
    );
    project.run(&["build"]).success();
    let doc = project.json("output/notes.json");
    assert_eq!(doc.cards[0].deck, "notes::The gc module");
    assert_eq!(doc.cards[0].front.markdown, "What does `gc.collect()` return?");
}

const HOSTILE: &str = "# Hostile\n\n### What is XSS?\n- <script>alert(1)</script>Scripts run\n- <img src=x onerror=alert(2)> handlers fire\n- <a href=\"JaVaScRiPt:alert(3)\">links</a> and <a href=\"\tjavascript:alert(4)\">tabs</a>\n- <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O, line<br>break\n\n<div onclick=\"steal()\" style=\"x\">block <script>evil()</script></div>\n";

fn assert_harmless(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for bad in ["<script", "onerror", "onclick", "javascript:", "alert(", "evil()", "steal()"] {
        assert!(!lower.contains(bad), "{what} still holds {bad}: {text}");
    }
}

#[test]
fn hostile_html_never_reaches_any_output() {
    let project = Project::new().file("source/x.md", HOSTILE);
    project.run(&["build"]).success();
    let doc = project.json("output/x.json");
    for card in &doc.cards {
        assert_harmless("json html", &card.front.html);
        assert_harmless("json html", &card.back.html);
    }
    let question = doc.cards.iter().find(|c| c.kind == "question").expect("question card");
    for kept in ["<kbd>Ctrl</kbd>", "<sub>2</sub>", "<br>"] {
        assert!(question.back.html.contains(kept), "harmless {kept} kept: {}", question.back.html);
    }
    assert_harmless("csv", &std::fs::read_to_string(project.path("output/x.csv")).expect("csv"));

    let file = std::fs::File::open(project.path("output/x.apkg")).expect("apkg");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut db = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("collection.anki2").expect("collection"), &mut db).expect("read");
    std::fs::write(project.path("c.anki2"), db).expect("write");
    let conn = rusqlite::Connection::open(project.path("c.anki2")).expect("sqlite");
    let mut fields = conn.prepare("SELECT flds FROM notes").expect("query");
    let rows: Vec<String> = fields.query_map([], |r| r.get(0)).expect("rows").map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), doc.cards.len());
    for row in rows {
        assert_harmless("apkg note", &row);
    }
}

#[test]
fn an_interrupted_build_never_leaves_a_broken_file() {
    let big: String =
        (0..4000).map(|i| format!("### Question {i}?\n- answer {i}\n\n```python\nx = {i}  # {i}\n```\n\n")).collect();
    let project = Project::new().file("source/big.md", format!("# Big\n\n{big}"));
    project.run(&["build", "-q"]).success();
    for round in 0..8u64 {
        std::fs::write(project.path("source/big.md"), format!("# Big {round}\n\n{big}")).expect("edit");
        let mut child = Command::new(env!("CARGO_BIN_EXE_cardsmith"))
            .args(["build", "-q"])
            .current_dir(project.path(""))
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(40 + round * 60));
        let _ = child.kill();
        let _ = child.wait();
        let json = std::fs::read_to_string(project.path("output/big.json")).expect("json still there");
        let doc: serde_json::Value = serde_json::from_str(&json).expect("json is whole");
        assert!(doc["cards"].as_array().is_some_and(|c| c.len() > 1500));
        let apkg = std::fs::File::open(project.path("output/big.apkg")).expect("apkg still there");
        let mut zip = zip::ZipArchive::new(apkg).expect("apkg is a whole zip");
        std::io::copy(&mut zip.by_name("collection.anki2").expect("collection"), &mut std::io::sink())
            .expect("readable");
        let csv = std::fs::read_to_string(project.path("output/big.csv")).expect("csv still there");
        assert!(csv.starts_with("#separator:Comma"));
    }
}

#[test]
fn front_matter_that_does_not_parse_is_reported_not_fatal() {
    let project = Project::new().file("source/fm.md", "---\n```python\n\n```\n\n---\n# T\n\n### Why?\n- Because\n");
    project.run(&["build"]).success();
    assert_eq!(project.json("output/fm.json").cards.len(), 1);
    project.run(&["check"]).code(1).stderr_has("fm.md:2: front matter ignored");
}
