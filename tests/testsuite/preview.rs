//! `cardsmith preview` from the command line: what it writes and what it
//! leaves alone. (The page itself is tested in Chromium, in
//! tests/anki/test_preview.py.)

use crate::util::Project;

const GUIDE: &str = "# Net\n\n## Basics\n\n### What is TCP?\nA reliable byte stream.\n\n### What is UDP?\nDatagrams.\n";

#[test]
fn preview_writes_one_page_per_guide_and_nothing_else() {
    let project = Project::new()
        .file("src/net.md", GUIDE)
        .file("src/deep/dns.md", "# DNS\n\n### What is DNS?\nNames to addresses.\n");
    project
        .run(&["preview", "src", "-o", "out"])
        .success()
        .stderr_has("preview src/net.md: 2 cards → out/net.html")
        .stderr_has("→ out/deep/dns.html");
    let page = std::fs::read_to_string(project.path("out/net.html")).expect("page");
    assert!(page.contains("What is TCP?") && page.contains("Datagrams."), "both sides are on the page");
    assert_eq!(page.matches(r#"<article class="cs-entry""#).count(), 2);
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"), "nothing to fetch");
    let mut written: Vec<String> = walk(&project.path("out"));
    written.sort();
    assert_eq!(written, ["deep/dns.html", "net.html"]);
    assert!(!project.path("src/cardsmith.lock").exists(), "no lock file is written beside the guides");
}

#[test]
fn preview_names_a_broken_guide_and_still_writes_the_others() {
    let project = Project::new().file("src/net.md", GUIDE).file("src/bad.md", b"# Bad\n\xff\xfe\n".as_slice());
    project.run(&["preview", "src", "-o", "out"]).code(1).stderr_has("error: src/bad.md:2: not valid UTF-8 text");
    assert!(project.path("out/net.html").is_file());
    assert!(!project.path("out/bad.html").exists());
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            let name = entry.file_name().to_string_lossy().into_owned();
            found.extend(walk(&path).into_iter().map(|p| format!("{name}/{p}")));
        } else {
            found.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    found
}
