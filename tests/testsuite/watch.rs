//! `cardsmith watch`: a saved guide is rebuilt, bad input is reported and
//! the watch goes on with the last good outputs kept, Ctrl-C ends it.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::Project;

const ONE: &str = "# Tiny\n\n## Basics\n\n### What is a thread?\n- A unit of execution\n";
const TWO: &str = "# Tiny\n\n## Basics\n\n### What is a thread?\n- A unit of execution\n\n### What is a process?\n- A program running\n";

/// Waits, at most 30 s, for `ready`.
fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < Duration::from_secs(30), "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn notes(project: &Project) -> Option<usize> {
    let text = std::fs::read_to_string(project.path("out/a.json")).ok()?;
    let doc: serde_json::Value = serde_json::from_str(&text).ok()?;
    doc["note_count"].as_u64().map(|n| n as usize)
}

#[cfg(unix)]
#[test]
fn watch_rebuilds_saved_guides_survives_bad_input_and_stops_on_ctrl_c() {
    let project = Project::new().file("notes/a.md", ONE);
    let mut child = Command::new(env!("CARGO_BIN_EXE_cardsmith"))
        .args(["watch", "notes", "-o", "out"])
        .current_dir(project.path(""))
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .expect("cardsmith starts");
    wait_for("the first build", || notes(&project) == Some(1));
    // Give the watcher a moment past the first build's own writes.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(project.path("notes/a.md"), TWO).expect("save");
    wait_for("the rebuild after a save", || notes(&project) == Some(2));
    // Not UTF-8: an error, and the outputs of the last good build stay.
    std::fs::write(project.path("notes/a.md"), b"# Broken \xff\xfe\n").expect("save");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(notes(&project), Some(2), "the last good outputs are kept");
    std::fs::write(project.path("notes/a.md"), ONE).expect("save");
    wait_for("the rebuild after the fix", || notes(&project) == Some(1));
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill runs");
    assert!(status.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(status.success(), "{status}: {stderr}");
    assert!(stderr.contains("watching notes for changes"), "{stderr}");
    assert!(stderr.contains("error: notes/a.md:1: not valid UTF-8"), "{stderr}");
    assert!(stderr.contains("notes/a.md: 2 cards"), "{stderr}");
    assert!(stderr.ends_with("stopped watching\n"), "{stderr}");
}
