//! Identity across restructuring, kept in the lock file beside the guides:
//! renamed sections, titles, decks and files, cards moved between sections
//! and guides, GUIDs that never collide, and a lock file that is lost,
//! corrupt or cloned.

use std::collections::{BTreeMap, HashSet};

use crate::util::Project;

const NET: &str = "\
# Net

## Basics

### What is TCP?
- A reliable byte stream

### What is UDP?
- Datagrams without delivery guarantees

## Naming

### What does DNS do?
- Maps names to addresses
";

/// Front text → GUID, from a guide's JSON.
fn guids(project: &Project, json: &str) -> BTreeMap<String, String> {
    project.json(json).cards.iter().map(|c| (c.front.text.clone(), c.guid.clone())).collect()
}

fn lock(project: &Project) -> String {
    std::fs::read_to_string(project.path("source/cardsmith.lock")).expect("lock file written")
}

/// GUID → modification time, from the lock file.
fn times(project: &Project) -> BTreeMap<String, i64> {
    let state = cardsmith::State::parse(&lock(project)).expect("lock parses");
    state.notes.into_iter().filter(|n| n.removed.is_none()).map(|n| (n.guid, n.modified)).collect()
}

fn edit(project: &Project, path: &str, text: &str) {
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(project.path(path), text).expect("edit guide");
}

fn built(text: &str) -> Project {
    let project = Project::new().file("source/net.md", text);
    project.run(&["build"]).success().stderr_has("note: wrote source/cardsmith.lock");
    project
}

#[test]
fn a_renamed_section_keeps_every_note_and_says_how_to_move_the_cards() {
    let project = built(NET);
    let (before, times_before) = (guids(&project, "output/net.json"), times(&project));
    edit(&project, "source/net.md", &NET.replace("## Basics", "## Fundamentals"));
    project
        .run(&["build"])
        .success()
        .stderr_has("0 added, 0 changed, 0 reworded, 2 moved, 0 removed, 1 unchanged")
        .stderr_has("moved: source/net.md:5 \"What is TCP?\" Net::Basics → Net::Fundamentals")
        .stderr_has("\"deck:Net::Basics\" -\"deck:Net::Basics::*\" tag:cardsmith::* -tag:cardsmith::removed   → Net::Fundamentals");
    assert_eq!(guids(&project, "output/net.json"), before);
    assert_eq!(times(&project), times_before, "a move alone changes nothing Anki would update");
    let doc = project.json("output/net.json");
    assert!(doc.cards.iter().any(|c| c.deck == "Net::Fundamentals"));
}

#[test]
fn a_renamed_title_or_deck_keeps_every_note() {
    let project = built(NET);
    let before = guids(&project, "output/net.json");
    edit(&project, "source/net.md", &NET.replace("# Net", "# Networking"));
    project.run(&["build"]).success().stderr_has("3 moved, 0 removed");
    assert_eq!(guids(&project, "output/net.json"), before);
    edit(&project, "source/net.md", &format!("---\ndeck: Interviews\n---\n{NET}"));
    project.run(&["build"]).success().stderr_has("3 moved, 0 removed").stderr_has("→ Interviews::Basics");
    assert_eq!(guids(&project, "output/net.json"), before);
}

#[test]
fn a_card_moved_to_another_section_keeps_its_note_and_the_search_names_it() {
    let project = built(NET);
    let before = guids(&project, "output/net.json");
    let moved = NET
        .replace("### What is UDP?\n- Datagrams without delivery guarantees\n\n", "")
        .replace("## Naming\n", "## Naming\n\n### What is UDP?\n- Datagrams without delivery guarantees\n");
    edit(&project, "source/net.md", &moved);
    project
        .run(&["build"])
        .success()
        .stderr_has("1 moved")
        .stderr_has("\"deck:Net::Basics\" -\"deck:Net::Basics::*\" tag:cardsmith::* -tag:cardsmith::removed (\"What is UDP?\")   → Net::Naming");
    assert_eq!(guids(&project, "output/net.json"), before);
}

#[test]
fn a_renamed_file_or_a_card_moved_to_another_guide_keeps_its_note() {
    let project = built(NET);
    let before = guids(&project, "output/net.json");
    std::fs::rename(project.path("source/net.md"), project.path("source/networking.md")).expect("rename");
    project
        .run(&["build"])
        .success()
        .stderr_has("0 added")
        .stderr_has("moved: source/networking.md:5 \"What is TCP?\" net.md → networking.md");
    assert_eq!(guids(&project, "output/networking.json"), before);

    // Cut from one guide, pasted into another with the same title.
    let without_dns = NET.replace("## Naming\n\n### What does DNS do?\n- Maps names to addresses\n", "");
    edit(&project, "source/networking.md", &without_dns);
    std::fs::write(
        project.path("source/dns.md"),
        "# Net\n\n## Naming\n\n### What does DNS do?\n- Maps names to addresses\n",
    )
    .expect("new guide");
    project.run(&["build"]).success().stderr_has("moved: source/dns.md:5 \"What does DNS do?\" networking.md → dns.md");
    assert_eq!(guids(&project, "output/dns.json")["What does DNS do?"], before["What does DNS do?"]);
}

#[test]
fn two_guides_sharing_title_section_and_question_get_distinct_guids() {
    let project = Project::new().file("source/a.md", NET).file("source/b.md", NET);
    project.run(&["build"]).success();
    let (a, b) = (guids(&project, "output/a.json"), guids(&project, "output/b.json"));
    let a_set: HashSet<&String> = a.values().collect();
    assert!(b.values().all(|g| !a_set.contains(g)), "{a:?} / {b:?}");
    // And they stay so on rebuilds, either guide edited.
    edit(&project, "source/b.md", &NET.replace("A reliable byte stream", "An ordered byte stream"));
    project.run(&["build"]).success().stderr_has("0 added, 1 changed");
    assert_eq!(guids(&project, "output/a.json"), a);
    assert_eq!(guids(&project, "output/b.json"), b);
}

#[test]
fn an_id_pinned_in_two_guides_fails_the_second_naming_both() {
    let pinned = "# T\n\n<!-- cardsmith:id tcp -->\n### What is TCP?\nA stream.\n";
    let project = Project::new().file("source/a.md", pinned).file("source/b.md", pinned);
    project.run(&["build"]).code(1).stderr_has("error: b.md:4: `cardsmith:id tcp` is already pinned in a.md:4");
    assert!(project.path("output/a.apkg").is_file() && !project.path("output/b.apkg").exists());
}

#[test]
fn reword_then_revert_with_a_new_answer_never_shares_a_removed_guid() {
    let v1 = "# T\n\n## S\n\n### What is TCP?\nA reliable stream.\n";
    let project = built(v1);
    let tcp = guids(&project, "output/net.json")["What is TCP?"].clone();
    edit(&project, "source/net.md", &v1.replace("What is TCP?", "What exactly is TCP?"));
    project.run(&["build"]).success().stderr_has("1 reworded");
    // The old question comes back with a new answer, beside the reworded one.
    edit(
        &project,
        "source/net.md",
        "# T\n\n## S\n\n### What is TCP?\nA transport protocol.\n\n### What exactly is TCP?\nA reliable stream.\n",
    );
    project.run(&["build"]).success();
    let now = guids(&project, "output/net.json");
    assert_eq!(now["What exactly is TCP?"], tcp, "the reworded card keeps its note");
    assert_ne!(now["What is TCP?"], tcp);
    let state = cardsmith::State::parse(&lock(&project)).expect("lock parses, so no GUID is given twice");
    let removed: HashSet<&str> = state.notes.iter().filter(|n| n.removed.is_some()).map(|n| n.guid.as_str()).collect();
    assert!(now.values().all(|g| !removed.contains(g.as_str())));
}

#[test]
fn a_copy_inserted_above_leaves_the_original_its_note() {
    let v1 = "# T\n\n## S\n\n### What is it?\nThe original answer.\n";
    let project = built(v1);
    let original = project.json("output/net.json").cards[0].guid.clone();
    edit(
        &project,
        "source/net.md",
        "# T\n\n## S\n\n### What is it?\nA new answer.\n\n### What is it?\nThe original answer.\n",
    );
    project.run(&["build"]).success().stderr_has("1 added, 0 changed, 0 reworded, 0 removed, 1 unchanged");
    let doc = project.json("output/net.json");
    assert_eq!(doc.cards[1].guid, original);
    assert_ne!(doc.cards[0].guid, original);
}

#[test]
fn a_bad_tags_field_warns_and_moves_no_card() {
    let v1 = "---\ndeck: Interviews\ntags: [net]\n---\n# Net\n\n### What is TCP?\nA stream.\n";
    let project = built(v1);
    let before = guids(&project, "output/net.json");
    edit(&project, "source/net.md", &v1.replace("tags: [net]", "tags: {net: 1}"));
    project.run(&["build"]).success().stderr_has("warning: source/net.md:3:").stderr_has("0 reworded, 0 removed");
    assert_eq!(guids(&project, "output/net.json"), before);
    assert!(project.json("output/net.json").cards.iter().all(|c| c.deck.starts_with("Interviews")));
}

#[test]
fn a_fresh_clone_with_the_lock_file_builds_the_same_bytes() {
    let project = built(NET);
    edit(&project, "source/net.md", &NET.replace("A reliable byte stream", "An ordered byte stream"));
    project.run(&["build"]).success();
    let apkg = std::fs::read(project.path("output/net.apkg")).expect("apkg");
    // A clone: the guides and their lock file, no output folder.
    std::fs::remove_dir_all(project.path("output")).expect("clean");
    edit(&project, "source/net.md", &NET.replace("A reliable byte stream", "An ordered byte stream"));
    project.run(&["build"]).success().stderr_has("0 added, 0 changed, 0 reworded, 0 removed, 3 unchanged");
    assert_eq!(std::fs::read(project.path("output/net.apkg")).expect("apkg"), apkg, "same GUIDs and times");
}

#[test]
fn without_any_state_notes_are_never_newer_and_the_build_says_so() {
    let project = built(NET);
    edit(&project, "source/net.md", &NET.replace("A reliable byte stream", "An ordered byte stream"));
    project.run(&["build"]).success();
    let before = guids(&project, "output/net.json");
    std::fs::remove_file(project.path("source/cardsmith.lock")).expect("lose the lock");
    std::fs::remove_dir_all(project.path("output/.cardsmith")).expect("lose the record");
    project
        .run(&["build"])
        .success()
        .stderr_has("warning: source/net.md: no identity state for this guide")
        .stderr_has("Update notes: Always");
    assert_eq!(guids(&project, "output/net.json"), before, "GUIDs come from the stable keys");
    assert!(times(&project).values().all(|&t| t == cardsmith::NO_STATE_MODIFIED));
}

#[test]
fn a_lock_lost_with_the_record_kept_is_rebuilt_from_the_record() {
    let project = built(NET);
    edit(&project, "source/net.md", &NET.replace("A reliable byte stream", "An ordered byte stream"));
    project.run(&["build"]).success();
    let lock_before = lock(&project);
    std::fs::remove_file(project.path("source/cardsmith.lock")).expect("lose the lock");
    project.run(&["build"]).success().stderr_has("3 unchanged");
    assert_eq!(lock(&project), lock_before);
}

#[test]
fn a_corrupt_lock_is_reported_ignored_and_left_alone() {
    let project = built(NET);
    // A merge conflict left in it.
    let garbage = "cardsmith-lock 1\n<<<<<<< HEAD\n";
    std::fs::write(project.path("source/cardsmith.lock"), garbage).expect("corrupt");
    project.run(&["build"]).success().stderr_has("warning: source/cardsmith.lock: line 2:").stderr_has("ignored");
    assert_eq!(lock(&project), garbage);

    let good = {
        std::fs::remove_file(project.path("source/cardsmith.lock")).expect("rm");
        project.run(&["build"]).success();
        lock(&project)
    };
    // The first note's line twice.
    let first = good.lines().find(|l| l.contains('\t')).expect("a note").to_owned();
    let twice = good.replacen(&first, &format!("{first}\n{first}"), 1);
    std::fs::write(project.path("source/cardsmith.lock"), &twice).expect("duplicate");
    project.run(&["build"]).success().stderr_has("is given twice (in net.md and net.md)");
    assert_eq!(lock(&project), twice);
}

#[test]
fn a_deleted_guide_s_notes_are_reported_removed() {
    let project = Project::new().file("source/net.md", NET).file("source/other.md", "# O\n\n### Why?\nBecause.\n");
    project.run(&["build"]).success();
    std::fs::remove_file(project.path("source/other.md")).expect("delete");
    project.run(&["build"]).success().stderr_has("removed other.md (no longer there): Why?");
    let state = cardsmith::State::parse(&lock(&project)).expect("parses");
    assert!(state.notes.iter().any(|n| n.guide == "other.md" && n.removed.is_some()), "its GUIDs stay reserved");
}

#[test]
fn guides_in_two_folders_of_one_build_never_share_a_guid() {
    let project = Project::new().file("work/net.md", NET).file("home/networking.md", NET);
    project.run(&["build", "work", "home"]).success();
    let (a, b) = (guids(&project, "output/net.json"), guids(&project, "output/networking.json"));
    let a_set: HashSet<&String> = a.values().collect();
    assert!(b.values().all(|g| !a_set.contains(g)), "{a:?} / {b:?}");
    assert!(project.path("work/cardsmith.lock").is_file() && project.path("home/cardsmith.lock").is_file());
}

#[test]
fn moved_and_edited_or_moved_and_reworded_at_once_still_keeps_the_note() {
    let project = built(NET);
    let before = guids(&project, "output/net.json");
    let edited = NET
        .replace("## Basics", "## Transport")
        .replace("A reliable byte stream", "An ordered, reliable byte stream")
        .replace("### What is UDP?", "### What is UDP, in short?");
    edit(&project, "source/net.md", &edited);
    project
        .run(&["build"])
        .success()
        .stderr_has("0 added")
        .stderr_has("reworded source/net.md:8: \"What is UDP?\" → \"What is UDP, in short?\"");
    let after = guids(&project, "output/net.json");
    assert_eq!(after["What is TCP?"], before["What is TCP?"], "moved with its answer edited");
    assert_eq!(after["What is UDP, in short?"], before["What is UDP?"], "moved and reworded");
}
