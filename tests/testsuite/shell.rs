//! Shell conventions: completion scripts and man pages, generated from the
//! same definition the command line parses with.

use std::collections::BTreeSet;

use crate::util::Project;

const COMMANDS: [&str; 6] = ["build", "check", "push", "preview", "watch", "completions"];

/// The long flags `cardsmith [COMMAND] --help` lists.
fn flags(project: &Project, command: &[&str]) -> BTreeSet<String> {
    let args: Vec<&str> = command.iter().copied().chain(["--help"]).collect();
    let run = project.run(&args).success();
    let help = run.stdout();
    let flag = regex::Regex::new(r"--[a-z][a-z-]+").expect("valid");
    flag.find_iter(&help).map(|m| m.as_str().to_owned()).collect()
}

#[test]
fn every_completion_script_names_every_command_and_flag() {
    let project = Project::new();
    let mut build_flags = flags(&project, &["build"]);
    assert!(build_flags.contains("--dry-run"), "{build_flags:?}");
    build_flags.extend(flags(&project, &["push"]));
    assert!(build_flags.contains("--prune"), "{build_flags:?}");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = project.run(&["completions", shell]).success();
        let script = run.stdout();
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: no `{command}` in the script");
        }
        for flag in &build_flags {
            let bare = flag.trim_start_matches('-');
            assert!(script.contains(bare), "{shell}: no {flag} in the script");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    Project::new().run(&["completions", "tcsh"]).code(2).stderr_has("invalid value 'tcsh'");
}

#[test]
fn man_pages_list_every_command_and_flag() {
    let project = Project::new();
    project.run(&["man", "--out", "man"]).success().stdout_has("cardsmith-build.1");
    // roff writes a hyphen as `\-`.
    let page =
        |name: &str| std::fs::read_to_string(project.path(&format!("man/{name}.1"))).expect("page").replace("\\-", "-");
    let main = page("cardsmith");
    for command in COMMANDS {
        assert!(main.contains(&format!("cardsmith-{command}(1)")), "cardsmith.1 names {command}");
        let sub = page(&format!("cardsmith-{command}"));
        for flag in flags(&project, &[command]) {
            assert!(sub.contains(&flag), "cardsmith-{command}.1 lacks {flag}");
        }
    }
    for flag in flags(&project, &[]) {
        assert!(main.contains(&flag), "cardsmith.1 lacks {flag}");
    }
}
