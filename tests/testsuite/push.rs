//! `cardsmith push` as a user meets it without Anki: what it refuses before
//! building, and nothing answering. (Pushing into a real AnkiConnect server
//! is tested in tests/anki/test_push.py.)

use crate::util::Project;

const GUIDE: &str = "# Net\n\n## Basics\n\n### What is TCP?\nA reliable byte stream.\n";

#[test]
fn push_with_nothing_answering_is_an_error_naming_the_address_and_the_package() {
    // Port 9 (discard) on loopback: nothing listens there in a test sandbox.
    let project = Project::new().file("src/net.md", GUIDE);
    project
        .run(&["push", "src", "-o", "out", "--anki-connect", "http://127.0.0.1:9"])
        .code(1)
        .stderr_has("error: nothing answers at http://127.0.0.1:9 (")
        .stderr_has("start Anki with the AnkiConnect add-on (or name its address with --anki-connect), or import out/net.apkg by hand");
    assert!(project.path("out/net.apkg").is_file(), "the outputs are written first");
}

#[test]
fn push_always_writes_the_package_anki_imports() {
    let project = Project::new().file("src/net.md", GUIDE);
    project.run(&["push", "src", "-o", "out", "--format", "json", "--anki-connect", "http://127.0.0.1:9"]).code(1);
    assert!(project.path("out/net.apkg").is_file() && project.path("out/net.json").is_file());
    assert!(!project.path("out/net.csv").exists(), "only what --format asks for, plus the package");
}

#[test]
fn push_refuses_https_a_dry_run_and_yes_without_prune() {
    let project = Project::new().file("src/net.md", GUIDE);
    project
        .run(&["push", "src", "--anki-connect", "https://127.0.0.1:8765"])
        .code(2)
        .stderr_has("give an http:// address");
    project
        .run(&["push", "src", "-o", "out", "--dry-run"])
        .code(1)
        .stderr_has("error: push cannot be a dry run: `cardsmith build --dry-run` shows what would change");
    assert!(!project.path("out").exists(), "nothing built");
    project.run(&["push", "src", "--yes"]).code(2).stderr_has("--prune");
}
