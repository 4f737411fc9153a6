//! The command line: outputs, layout, exit codes and messages.

use crate::util::Project;

const GUIDE: &str = "# Tiny\n\n## Basics\n\n### What is a thread?\n- A unit of execution\n";

#[test]
fn build_defaults_to_source_into_output() {
    let project = Project::new().file("source/tiny.md", GUIDE);
    project.run(&["build"]).success().stderr_has("1 cards");
    let doc = project.json("output/tiny.json");
    assert_eq!(doc.cards.len(), 1);
}

#[test]
fn folders_are_scanned_recursively_and_sub_folders_kept() {
    let project = Project::new()
        .file("notes/a.md", GUIDE)
        .file("notes/deep/b.markdown", GUIDE)
        .file("notes/deep/ignored.txt", "not a guide")
        .file("notes/.hidden/c.md", GUIDE);
    project.run(&["build", "notes", "-o", "decks"]).success();
    assert!(project.path("decks/a.json").is_file());
    assert!(project.path("decks/deep/b.json").is_file());
    assert!(!project.path("decks/deep/ignored.json").exists());
    assert!(!project.path("decks/.hidden").exists());
}

#[test]
fn a_file_named_explicitly_is_read_whatever_its_extension() {
    let project = Project::new().file("guide.txt", GUIDE);
    project.run(&["build", "guide.txt", "-o", "out"]).success();
    assert_eq!(project.json("out/guide.json").title, "Tiny");
}

#[test]
fn missing_input_is_an_error_naming_it() {
    Project::new().run(&["build", "nope.md"]).code(1).stderr_has("error: nope.md: no such file or folder");
}

#[test]
fn a_folder_without_guides_is_an_error() {
    Project::new().file("empty/readme.txt", "x").run(&["build", "empty"]).code(1).stderr_has("no guides found");
}

#[test]
fn usage_errors_exit_2() {
    Project::new().run(&["build", "--no-such-flag"]).code(2);
    Project::new().run(&["frobnicate"]).code(2);
    Project::new().run(&[]).code(2);
}

#[test]
fn help_shows_examples_and_exits_0() {
    Project::new().run(&["--help"]).success().stdout_has("Examples:").stdout_has("cardsmith build notes/ -o decks/");
    Project::new().run(&["build", "--help"]).success().stdout_has("--output <DIR>");
}

#[test]
fn non_utf8_input_names_file_and_line() {
    let project = Project::new().file("source/bad.md", b"# T\n\nfine\n\xff\xfe broken\n").file("source/good.md", GUIDE);
    project.run(&["build"]).code(1).stderr_has("bad.md:4: not valid UTF-8");
    assert!(project.path("output/good.json").is_file(), "other guides still build");
    assert!(!project.path("output/bad.json").exists(), "no output for the broken guide");
}

#[test]
fn a_failed_build_keeps_the_previous_good_output() {
    let project = Project::new().file("source/g.md", GUIDE);
    project.run(&["build"]).success();
    let good = std::fs::read(project.path("output/g.json")).expect("written");
    std::fs::write(project.path("source/g.md"), b"# T\n\xff\n").expect("rewrite");
    project.run(&["build"]).code(1);
    assert_eq!(std::fs::read(project.path("output/g.json")).expect("still there"), good);
    let leftovers: Vec<_> = std::fs::read_dir(project.path("output"))
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");
}

#[test]
fn rebuilding_is_byte_identical() {
    let project = Project::new().file("source/g.md", GUIDE);
    project.run(&["build"]).success();
    let first = std::fs::read(project.path("output/g.json")).expect("written");
    project.run(&["build"]).success();
    assert_eq!(std::fs::read(project.path("output/g.json")).expect("written"), first);
}

#[test]
fn sources_are_never_modified() {
    let project = Project::new().file("source/g.md", GUIDE);
    project.run(&["build"]).success();
    project.run(&["check"]).success();
    assert_eq!(std::fs::read_to_string(project.path("source/g.md")).expect("read"), GUIDE);
}

#[test]
fn check_passes_a_clean_guide() {
    Project::new().file("source/g.md", GUIDE).run(&["check"]).success().stderr_has("coverage 100.0% (1/1), 0 findings");
}

#[test]
fn check_reports_findings_with_file_and_line_and_exits_1() {
    let long: String = (1..=9).map(|i| format!("- item {i}\n")).collect();
    let guide = format!(
        "# G\n\n### Dup?\nOne.\n\n### Dup?\nTwo.\n\n### Code\n```klingon\nQapla'\n```\n\n### Long\n{long}\n### Empty?\n"
    );
    let run = Project::new().file("g.md", guide).run(&["check", "g.md"]).code(1);
    let stderr = run.stderr();
    assert!(stderr.contains("g.md:6: same front as the card at line 3"), "{stderr}");
    assert!(stderr.contains("g.md:10: unknown code language `klingon`"), "{stderr}");
    assert!(stderr.contains("g.md:15: list of 9 items"), "{stderr}");
    assert!(stderr.contains("g.md:25: question heading has no answer"), "{stderr}");
}

#[test]
fn check_reports_an_oversized_answer_that_cannot_be_split() {
    let word = "word ".repeat(130);
    Project::new()
        .file("g.md", format!("# G\n\n### Why?\n- {word}\n"))
        .run(&["check", "g.md"])
        .code(1)
        .stderr_has("g.md:3: answer has 649 characters of prose");
}

#[test]
fn two_guides_writing_one_output_is_an_error() {
    Project::new()
        .file("a/g.md", GUIDE)
        .file("b/g.md", GUIDE)
        .run(&["build", "a/g.md", "b/g.md"])
        .code(1)
        .stderr_has("would both be written to");
}
