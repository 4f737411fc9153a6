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

#[test]
fn push_to_a_port_that_never_answers_gives_up_with_the_clear_error() {
    // Regression: with no timeout, a listener that took the request and
    // never answered hung the push for good.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let held = std::thread::spawn(move || {
        let held: Vec<_> = listener.incoming().take(1).collect();
        std::thread::sleep(std::time::Duration::from_secs(60));
        drop(held);
    });
    let project = Project::new().file("src/net.md", GUIDE);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cardsmith"))
        .args(["push", "src", "-o", "out", "--anki-connect", &url])
        .current_dir(project.path(""))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("cardsmith runs");
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waited") {
            break status;
        }
        if start.elapsed() > std::time::Duration::from_secs(45) {
            child.kill().expect("killed");
            panic!("push still waiting after 45 s on a port that never answers");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr).expect("read");
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("error: nothing answers at {url} (")), "{stderr}");
    drop(held);
}
