//! Rebuilding edited guides: identity, modification times, removed cards,
//! the build record and dry runs, seen through the command line and the
//! record file.

use crate::util::Project;

const V1: &str = "\
# Net

## Basics

### What is TCP?
- A reliable byte stream

### What is UDP?
- Datagrams without delivery guarantees

### Why use QUIC?
- Streams without head-of-line blocking

### Ports
- `22` - SSH
- `443` - HTTPS
";

fn record(project: &Project) -> serde_json::Value {
    let text = std::fs::read_to_string(project.path("output/.cardsmith/net.json")).expect("record written");
    serde_json::from_str(&text).expect("record is JSON")
}

fn guid_of(project: &Project, front: &str) -> String {
    let doc = project.json("output/net.json");
    doc.cards
        .iter()
        .find(|c| c.front.text.contains(front))
        .map(|c| c.guid.clone())
        .unwrap_or_else(|| panic!("no card {front}"))
}

fn modified_of(project: &Project, guid: &str) -> i64 {
    let record = record(project);
    let notes = record["notes"].as_array().expect("notes");
    notes.iter().find(|n| n["guid"] == guid).and_then(|n| n["modified"].as_i64()).expect("recorded")
}

fn touch_later(project: &Project, text: &str) {
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(project.path("source/net.md"), text).expect("edit guide");
}

#[test]
fn rewording_keeps_the_note_and_editing_keeps_unchanged_times() {
    let project = Project::new().file("source/net.md", V1);
    project.run(&["build"]).success();
    let tcp = guid_of(&project, "What is TCP?");
    let udp = guid_of(&project, "What is UDP?");
    let quic = guid_of(&project, "Why use QUIC?");
    let (tcp_time, quic_time) = (modified_of(&project, &tcp), modified_of(&project, &quic));

    let v2 = V1
        .replace("### What is TCP?", "### What exactly is TCP?")
        .replace("Datagrams without delivery guarantees", "Datagrams, no delivery guarantee");
    touch_later(&project, &v2);
    project
        .run(&["build"])
        .success()
        .stderr_has("0 added, 1 changed, 1 reworded, 0 removed, 3 unchanged")
        .stderr_has("reworded source/net.md:5: \"What is TCP?\" → \"What exactly is TCP?\"");
    assert_eq!(guid_of(&project, "What exactly is TCP?"), tcp, "a reworded question keeps its note");
    assert_eq!(guid_of(&project, "What is UDP?"), udp, "an edited answer keeps its note");
    assert_eq!(modified_of(&project, &quic), quic_time, "an unchanged note keeps its time");
    assert!(modified_of(&project, &tcp) > tcp_time, "a changed note gets a newer time");
}

#[test]
fn ambiguous_rewordings_are_reported_not_guessed() {
    let guide = "# G\n\n### Alpha one?\nSame answer.\n\n### Beta two?\nSame answer.\n";
    let project = Project::new().file("source/net.md", guide);
    project.run(&["build"]).success();
    touch_later(&project, "# G\n\n### Gamma three?\nSame answer.\n\n### Delta four?\nSame answer.\n");
    project.run(&["build"]).success().stderr_has("warning:").stderr_has("2 added, 0 changed, 0 reworded, 2 removed");
}

#[test]
fn removed_cards_are_reported_and_collected_in_a_small_deck() {
    let project = Project::new().file("source/net.md", V1);
    project.run(&["build"]).success();
    assert!(!project.path("output/net.removed.apkg").exists());
    touch_later(&project, &V1.replace("### Why use QUIC?\n- Streams without head-of-line blocking\n", ""));
    project
        .run(&["build"])
        .success()
        .stderr_has("removed source/net.md:11: Why use QUIC?")
        .stderr_has("net.removed.apkg");
    assert!(project.path("output/net.removed.apkg").is_file());
    assert_eq!(record(&project)["removed"].as_array().map(Vec::len), Some(1));
    project.run(&["build", "--forget-removed"]).success();
    assert!(!project.path("output/net.removed.apkg").exists());
    assert_eq!(record(&project)["removed"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_returning_card_gets_its_note_back() {
    let project = Project::new().file("source/net.md", V1);
    project.run(&["build"]).success();
    let quic = guid_of(&project, "Why use QUIC?");
    let without = V1.replace("### Why use QUIC?\n- Streams without head-of-line blocking\n", "");
    touch_later(&project, &without);
    project.run(&["build"]).success();
    touch_later(&project, V1);
    project.run(&["build"]).success().stderr_has("0 removed");
    assert_eq!(guid_of(&project, "Why use QUIC?"), quic);
    assert!(!project.path("output/net.removed.apkg").exists());
}

#[test]
fn dry_run_shows_changes_and_writes_nothing() {
    let project = Project::new().file("source/net.md", V1);
    project.run(&["build", "--dry-run"]).success().stderr_has("5 added").stderr_has("nothing written");
    assert!(!project.path("output").exists());
    assert!(!project.path("source/cardsmith.lock").exists(), "a dry run writes no lock file");
    project.run(&["build"]).success();
    let before = std::fs::read(project.path("output/net.apkg")).expect("apkg");
    let lock = std::fs::read(project.path("source/cardsmith.lock")).expect("lock");
    touch_later(&project, &V1.replace("A reliable byte stream", "An ordered, reliable byte stream"));
    project.run(&["build", "-n"]).success().stderr_has("  ~ source/net.md:5: What is TCP?");
    assert_eq!(std::fs::read(project.path("output/net.apkg")).expect("apkg"), before);
    assert_eq!(std::fs::read(project.path("source/cardsmith.lock")).expect("lock"), lock);
}

#[test]
fn unchanged_guides_are_skipped_and_stay_byte_identical() {
    let project = Project::new().file("source/net.md", V1);
    project.run(&["build"]).success();
    let before: Vec<Vec<u8>> = ["net.apkg", "net.csv", "net.json"]
        .iter()
        .map(|f| std::fs::read(project.path(&format!("output/{f}"))).expect("out"))
        .collect();
    touch_later(&project, V1);
    project.run(&["build"]).success().stderr_has("5 cards, unchanged");
    std::fs::remove_file(project.path("output/net.csv")).expect("remove");
    project.run(&["build"]).success().stderr_has("0 added, 0 changed, 0 reworded, 0 removed, 5 unchanged");
    let after: Vec<Vec<u8>> = ["net.apkg", "net.csv", "net.json"]
        .iter()
        .map(|f| std::fs::read(project.path(&format!("output/{f}"))).expect("out"))
        .collect();
    assert!(before == after, "rebuilt outputs are byte-identical");
}

#[test]
fn losing_the_record_keeps_every_note_through_the_lock_file() {
    let project = Project::new().file("source/net.md", V1);
    project.run(&["build"]).success();
    let udp = guid_of(&project, "What is UDP?");
    std::fs::remove_dir_all(project.path("output/.cardsmith")).expect("remove record");
    std::fs::write(project.path("output/.cardsmith-garbage"), "x").expect("write");
    project.run(&["build"]).success().stderr_has("0 added, 0 changed, 0 reworded, 0 removed, 5 unchanged");
    assert_eq!(guid_of(&project, "What is UDP?"), udp);
    std::fs::write(project.path("output/.cardsmith/net.json"), "{ not json").expect("corrupt record");
    project.run(&["build"]).success();
    assert_eq!(guid_of(&project, "What is UDP?"), udp);
}

#[test]
fn a_record_missing_a_note_s_sides_is_rebuilt_not_trusted() {
    // A rebuild decides from the record's notes without reading their
    // sides; a record that would not load whole must still not be trusted.
    let project = Project::new().file("source/net.md", V1);
    project.run(&["build"]).success();
    let mut cut = record(&project);
    cut["notes"][1].as_object_mut().expect("a note").remove("front");
    std::fs::write(project.path("output/.cardsmith/net.json"), cut.to_string()).expect("write record");
    touch_later(&project, V1);
    project.run(&["build"]).success().stderr_has("0 added, 0 changed, 0 reworded, 0 removed, 5 unchanged");
    assert!(record(&project)["notes"][1]["front"].is_string(), "the record is whole again");
    project.run(&["build"]).success().stderr_has("5 cards, unchanged");
}

#[test]
fn many_guides_build_in_one_batch() {
    let mut project = Project::new();
    for i in 0..12 {
        project = project.file(&format!("source/part{i:02}/guide.md"), V1.replace("# Net", &format!("# Net {i}")));
    }
    project.run(&["build"]).success().stderr_has("12 guides, 60 cards; 12 changed");
    project.run(&["build"]).success().stderr_has("12 guides, 60 cards; 0 changed");
    assert!(project.path("output/part11/guide.apkg").is_file());
}

const CODE_GUIDE: &str = "\
# Py

## Basics

### How do you square each number of a list?
```python
def squares(xs):
    return [x * x for x in xs]  # a list comprehension
```

### How do you read a file's lines?
```python
with open(path) as f:
    lines = f.read().splitlines()
```

### What does `len` return?
The number of items.
";

fn outputs(project: &Project) -> Vec<Vec<u8>> {
    ["py.apkg", "py.csv", "py.json"]
        .iter()
        .map(|f| std::fs::read(project.path(&format!("output/{f}"))).expect("out"))
        .collect()
}

/// Builds again from scratch: no output, so nothing is skipped.
fn rebuild_all(project: &Project) -> Vec<Vec<u8>> {
    std::fs::remove_file(project.path("output/py.csv")).expect("remove");
    project.run(&["build"]).success();
    outputs(project)
}

#[test]
fn an_edit_rebuild_reuses_the_code_parses_and_writes_what_a_full_build_writes() {
    let project = Project::new().file("source/py.md", CODE_GUIDE);
    project.run(&["build"]).success();
    let parses = project.path("output/.cardsmith/py.parses");
    assert!(parses.is_file(), "the build keeps its code parses for the next");
    std::fs::write(project.path("source/py.md"), CODE_GUIDE.replace("The number of items.", "How many items."))
        .expect("edit");
    project.run(&["build"]).success().stderr_has("1 changed");
    let with_parses = outputs(&project);

    std::fs::remove_file(&parses).expect("remove");
    assert!(rebuild_all(&project) == with_parses, "without the parses: byte-identical");
    assert!(parses.is_file(), "written again");
    let mut garbage = std::fs::read(&parses).expect("parses");
    let half = garbage.len() / 2;
    garbage.truncate(half);
    std::fs::write(&parses, &garbage).expect("cut");
    assert!(rebuild_all(&project) == with_parses, "with a cut file (dropped whole): byte-identical");
    std::fs::write(&parses, b"not parses").expect("garbage");
    assert!(rebuild_all(&project) == with_parses, "with garbage: byte-identical");
}

#[test]
fn a_dry_run_leaves_no_code_parses() {
    let project = Project::new().file("source/py.md", CODE_GUIDE);
    project.run(&["build", "--dry-run"]).success();
    assert!(!project.path("output").exists());
}
