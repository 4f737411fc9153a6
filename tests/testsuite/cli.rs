//! The command line: outputs, layout, exit codes and messages.

use crate::util::Project;

const GUIDE: &str = "# Tiny\n\n## Basics\n\n### What is a thread?\n- A unit of execution\n";

#[test]
fn build_defaults_to_source_into_output() {
    let project = Project::new().file("source/tiny.md", GUIDE);
    project.run(&["build"]).success().stderr_has("1 card (");
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
fn build_writes_apkg_csv_and_json() {
    let project = Project::new().file("source/g.md", GUIDE);
    project.run(&["build"]).success().stderr_has("output/g.apkg, output/g.csv, output/g.json");
    let apkg = std::fs::read(project.path("output/g.apkg")).expect("apkg written");
    assert_eq!(&apkg[..4], b"PK\x03\x04", "an .apkg is a zip archive");
    let csv = std::fs::read_to_string(project.path("output/g.csv")).expect("csv written");
    assert!(csv.starts_with(
        "#separator:Comma\n#html:true\n#notetype column:3\n#deck column:4\n#tags column:5\n#guid column:6\n"
    ));
    let guid = &project.json("output/g.json").cards[0].guid;
    assert!(csv.contains(",Basic,Tiny::Basics,"), "{csv}");
    assert!(csv.trim_end().ends_with(guid.as_str()), "the CSV carries the JSON's GUID: {csv}");
}

#[test]
fn plain_csv_flavour_has_a_header_row() {
    let project = Project::new().file("source/g.md", GUIDE);
    project.run(&["build", "--csv", "plain"]).success();
    let csv = std::fs::read_to_string(project.path("output/g.csv")).expect("csv written");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().expect("header row").clone();
    assert_eq!(headers.iter().collect::<Vec<_>>(), ["front", "back", "context", "deck", "tags", "guid", "source"]);
    let row = reader.records().next().expect("one card").expect("parses");
    assert!(row[0].contains("What is a thread?"));
    assert!(row[1].contains("A unit of execution"));
    assert_eq!(&row[6], "g.md:5");
    Project::new().run(&["build", "--csv", "fancy"]).code(2);
}

#[test]
fn rebuilding_is_byte_identical() {
    let project = Project::new().file("source/g.md", GUIDE);
    project.run(&["build"]).success();
    let read = |ext: &str| std::fs::read(project.path(&format!("output/g.{ext}"))).expect("written");
    let first: Vec<Vec<u8>> = ["apkg", "csv", "json"].iter().map(|e| read(e)).collect();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    project.run(&["build"]).success();
    let second: Vec<Vec<u8>> = ["apkg", "csv", "json"].iter().map(|e| read(e)).collect();
    assert!(first == second, "an unchanged rebuild must be byte-identical");
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
fn unanswered_questions_are_named_by_build_and_check_not_carded() {
    let guide =
        "# Bank\n\n- What is a closure?\n- What is hoisting?\n\n## Answered\n\n### What is `this`?\n\nThe receiver.\n";
    let project = Project::new().file("g.md", guide);
    project.run(&["build", "g.md", "-o", "out"]).success().stderr_has(
        "g.md:3: 2 questions have no answer in the guide and made no card (`cardsmith check` lists them; \
         `keep-unanswered: true` in front matter makes them cards)",
    );
    assert_eq!(project.json("out/g.json").cards.len(), 1);
    project
        .run(&["check", "g.md"])
        .code(1)
        .stderr_has("g.md:3: list holds 2 questions without an answer: no card is made")
        .stderr_has("g.md: 1 card, coverage 100.0% (1/1), 2 unanswered questions left out, ");
}

#[test]
fn a_bad_front_matter_field_is_a_build_warning_and_moves_no_card() {
    let guide = "---\ndeck: Networking\ntags: net\nkeep-unanswered: maybe\n---\n# Net notes\n\n### What is TCP?\n\nA reliable stream.\n";
    let project = Project::new().file("g.md", guide);
    project
        .run(&["build", "g.md", "-o", "out"])
        .success()
        .stderr_has("g.md:4: front matter field `keep-unanswered` ignored: expected true or false, found \"maybe\"");
    let cards = project.json("out/g.json").cards;
    assert_eq!(cards[0].deck, "Networking", "the other fields still apply");
    assert!(cards[0].tags.iter().any(|t| t == "net"), "`tags: net` is one tag: {:?}", cards[0].tags);
}

#[test]
fn a_guide_and_another_guides_removed_notes_package_never_share_a_file() {
    let guide = "# A\n\n### Why?\n\nBecause.\n";
    Project::new()
        .file("a.md", guide)
        .file("a.removed.md", guide)
        .run(&["build", "a.md", "a.removed.md", "-o", "out"])
        .code(1)
        .stderr_has("a.md and a.removed.md would both be written to out/a.removed.apkg");
}

#[test]
fn a_build_never_overwrites_its_guide_or_writes_into_a_file() {
    let guide = "# A\n\n### Why?\n\nBecause.\n";
    let project = Project::new().file("notes.csv", guide).file("afile", "not a folder");
    project
        .run(&["build", "notes.csv", "-o", "."])
        .code(1)
        .stderr_has("notes.csv: building it would overwrite the guide itself (./notes.csv)");
    assert_eq!(std::fs::read_to_string(project.path("notes.csv")).expect("read"), guide);
    project
        .run(&["build", "notes.csv", "-o", "afile"])
        .code(1)
        .stderr_has("afile: the output folder given with -o is a file");
}

#[test]
fn a_second_build_into_a_locked_folder_fails_clearly_and_a_killed_builds_leftovers_are_cleaned() {
    let project = Project::new().file("g.md", GUIDE).file("out/.cardsmith-left.tmp", "half a deck");
    let lock = std::fs::File::create(project.path("out/.cardsmith-build.lock")).expect("lock file");
    lock.try_lock().expect("the test holds the lock");
    project
        .run(&["build", "g.md", "-o", "out"])
        .code(1)
        .stderr_has("out: another cardsmith build is writing to this folder; run this one when it is done");
    assert!(!project.path("out/g.json").exists(), "nothing written beside a running build");
    drop(lock);
    project.run(&["build", "g.md", "-o", "out"]).success();
    assert!(project.path("out/g.json").exists());
    assert!(!project.path("out/.cardsmith-left.tmp").exists(), "a killed build's temporary file is gone");
}

#[test]
fn packages_are_built_in_the_output_folder_never_in_the_system_temp_folder() {
    // A killed build's work files must be where the next build cleans up:
    // with no usable temporary folder at all, building still works.
    let removed = format!("{GUIDE}\n### What is a process?\n- An address space\n");
    let project = Project::new().file("g.md", &removed);
    let nowhere = project.path("no-such-folder");
    project.run_with(&["build", "g.md", "-o", "out"], &[("TMPDIR", &nowhere)]).success();
    std::fs::write(project.path("g.md"), GUIDE).expect("remove a card");
    project.run_with(&["build", "g.md", "-o", "out"], &[("TMPDIR", &nowhere)]).success().stderr_has("1 removed");
    assert!(project.path("out/g.removed.apkg").is_file());
}

#[test]
fn a_repeated_or_unusable_id_fails_its_guide_with_both_lines() {
    let guide = "# G\n\n<!-- cardsmith:id tcp -->\n### What is TCP?\n\nA stream.\n\n<!-- cardsmith:id tcp -->\n### What is UDP?\n\nDatagrams.\n";
    Project::new()
        .file("g.md", guide)
        .run(&["build", "g.md", "-o", "out"])
        .code(1)
        .stderr_has("g.md:8: `cardsmith:id tcp` is already pinned at line 3: give each card its own id");
    Project::new()
        .file("g.md", "# G\n\n<!-- cardsmith:id with space -->\n### Why?\n\nBecause.\n")
        .run(&["check", "g.md"])
        .code(1)
        .stderr_has("g.md:3: `cardsmith:id with space` is not an id");
}

#[test]
fn check_warns_on_a_block_with_many_value_comments() {
    let body: String = (0..11).map(|i| format!("{i} + 1  # {}\n", i + 1)).collect();
    Project::new()
        .file("g.md", format!("# G\n\n### Sums\n\n```python\n{body}```\n"))
        .run(&["check", "g.md"])
        .code(1)
        .stderr_has("g.md:5: code block has 11 value comments (more than 10): each makes a predict-the-output card");
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

#[test]
fn apkg_entries_have_fixed_times_and_notes_never_look_newer_than_anki_s_copy() {
    let project = Project::new().file("source/g.md", GUIDE);
    project.run(&["build"]).success();
    let file = std::fs::File::open(project.path("output/g.apkg")).expect("apkg");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    assert_eq!(names, ["collection.anki2", "media"]);
    let entry = zip.by_name("collection.anki2").expect("collection");
    let time = entry.last_modified().expect("has a time");
    assert_eq!((time.year(), time.month(), time.day()), (1980, 1, 1), "no build time in the archive");
    drop(entry);
    let mut db = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("collection.anki2").expect("collection"), &mut db).expect("read");
    let path = project.path("collection.anki2");
    std::fs::write(&path, db).expect("write");
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    let (guid, modified): (String, i64) =
        conn.query_row("SELECT guid, mod FROM notes", [], |r| Ok((r.get(0)?, r.get(1)?))).expect("one note");
    assert_eq!(guid, project.json("output/g.json").cards[0].guid);
    assert_eq!(modified, cardsmith::NO_STATE_MODIFIED, "a note with no state is older than any copy in Anki");
    // Once the lock knows the note, a change to it carries the guide's time.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(project.path("source/g.md"), GUIDE.replace("A unit of execution", "A unit of scheduling"))
        .expect("edit");
    project.run(&["build"]).success();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(project.path("output/g.apkg")).expect("apkg")).expect("zip");
    let mut db = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("collection.anki2").expect("collection"), &mut db).expect("read");
    std::fs::write(&path, db).expect("write");
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    let modified: i64 = conn.query_row("SELECT max(mod) FROM notes", [], |r| r.get(0)).expect("notes");
    let source_time = std::fs::metadata(project.path("source/g.md"))
        .and_then(|m| m.modified())
        .expect("mtime")
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after epoch")
        .as_secs() as i64;
    assert_eq!(modified, source_time);
}

#[test]
fn an_unclosed_cloze_and_a_card_emptied_by_sanitizing_are_reported() {
    let guide = "# T\n\n## S\n\nA {{c1::mutex}} guards {{c2::shared state.\n\n### What does this do?\n<script>alert(1)</script>\n";
    let project = Project::new().file("g.md", guide);
    project
        .run(&["check", "g.md"])
        .code(1)
        .stderr_has("warning: g.md:5: `{{c2::` is never closed with `}}`: Anki would show its braces on the card")
        .stderr_has("warning: g.md:7: a card was left out: its answer is nothing but HTML that cards never show");
    project.run(&["build", "g.md", "-o", "out"]).success().stderr_has("warning: g.md:7: a card was left out");
}

#[test]
fn a_guide_named_like_the_lock_file_is_refused_not_overwritten() {
    let project = Project::new().file("notes/cardsmith.lock", GUIDE);
    project
        .run(&["build", "notes/cardsmith.lock", "-o", "out"])
        .code(1)
        .stderr_has("error: notes/cardsmith.lock: a build writes its lock file under this name, beside the guides; rename the guide");
    assert_eq!(std::fs::read_to_string(project.path("notes/cardsmith.lock")).expect("kept"), GUIDE);
}

#[test]
fn format_chooses_the_files_and_tsv_is_term_tab_definition() {
    let guide = "# Py\n\n## Threads\n\n### What is a thread?\n- A unit of execution\n- Shares memory\n\n## Facts\n\nThe {{c1::GIL}} lets one thread run {{c2::bytecode}} at a time.\n";
    let project = Project::new().file("g.md", guide);
    project.run(&["build", "g.md", "-o", "out", "--format", "tsv,json,tsv"]).success();
    assert!(project.path("out/g.tsv").is_file() && project.path("out/g.json").is_file());
    assert!(!project.path("out/g.apkg").exists() && !project.path("out/g.csv").exists(), "only what was asked");
    let tsv = std::fs::read_to_string(project.path("out/g.tsv")).expect("tsv");
    assert_eq!(
        tsv,
        "What is a thread?\t- A unit of execution / - Shares memory\n\
         The ____ lets one thread run ____ at a time.\tGIL, bytecode\n"
    );
    // Unchanged, and the chosen files there: skipped; a file asked for anew is written.
    project.run(&["build", "g.md", "-o", "out", "--format", "tsv,json"]).success().stderr_has("unchanged");
    project.run(&["build", "g.md", "-o", "out"]).success().stderr_has("out/g.apkg, out/g.csv, out/g.json");
}

#[test]
fn a_picture_left_out_of_the_tsv_is_a_warning_naming_its_line() {
    let guide = "# Py\n\n## Memory\n\n### What does the heap look like?\n\n![Heap](heap.png)\n\nBlocks of objects.\n";
    let project = Project::new().file("g.md", guide).file("heap.png", "png");
    project
        .run(&["build", "g.md", "-o", "out", "--format", "tsv"])
        .success()
        .stderr_has("warning: g.md:5: this card's picture is left out of the TSV (plain text holds no pictures)");
    project.run(&["build", "g.md", "-o", "out2"]).success().stderr_lacks("TSV");
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    Project::new()
        .file("g.md", GUIDE)
        .run(&["build", "g.md", "--format", "apkg,pdf"])
        .code(2)
        .stderr_has("invalid value 'pdf'");
}

#[test]
fn a_bundle_holds_every_guide_and_every_guide_is_built_for_it() {
    let project = Project::new().file("notes/a.md", GUIDE).file("notes/b.md", GUIDE.replace("thread", "process"));
    project.run(&["build", "notes", "-o", "out"]).success();
    // A rebuild for the bundle renders the unchanged guides too.
    project
        .run(&["build", "notes", "-o", "out", "--bundle", "all"])
        .success()
        .stderr_has("bundle: 2 guides, 2 notes → out/all.apkg");
    assert!(project.path("out/all.apkg").is_file());
}

#[test]
fn a_bundle_name_must_be_a_plain_name_that_no_guide_uses() {
    let project = Project::new().file("notes/all.md", GUIDE);
    project
        .run(&["build", "notes", "-o", "out", "--bundle", "x/y"])
        .code(1)
        .stderr_has("error: --bundle \"x/y\": give a plain file name");
    project
        .run(&["build", "notes", "-o", "out", "--bundle", "all"])
        .code(1)
        .stderr_has("error: out/all.apkg: the bundle would overwrite the package of notes/all.md");
    assert!(!project.path("out/all.apkg").exists(), "nothing written");
}
