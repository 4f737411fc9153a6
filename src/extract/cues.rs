//! Code cues: takes a code block and its fence language, gives what the
//! code itself says it is about — the functions and classes it defines and
//! the library APIs it imports and calls — so a code card can say what to
//! write instead of "recall the code". Only names found in the code are
//! given; nothing is invented.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::classify::regex;

use super::code::{comment_markers, trailing_comment};

/// At most this many names in each of the two lists.
const MAX_CUES: usize = 3;

/// A definition the block makes: a function with its parameters, or a
/// class (struct, trait…) with the methods it defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    pub name: String,
    /// Parameters as written, for functions; `None` for classes.
    pub params: Option<String>,
    pub methods: Vec<String>,
}

impl Definition {
    /// `worker(num)`, `Timer`.
    pub fn signature(&self) -> String {
        match &self.params {
            Some(params) => format!("{}({params})", self.name),
            None => self.name.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cues {
    /// Top-level definitions, in order.
    pub defines: Vec<Definition>,
    /// APIs the code uses (`threading.Thread`, `start()`, `@contextmanager`,
    /// `git rebase`, `GROUP BY`), most telling first.
    pub uses: Vec<String>,
    /// Whether `uses` holds only built-ins (`sorted()`), which any better
    /// cue replaces.
    pub weak: bool,
}

impl Cues {
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.defines.is_empty() && self.uses.is_empty()
    }

    /// Puts first the section's own terms (from its prose, in code spans)
    /// that the code contains, unless they name what it defines.
    pub fn prefer_terms(&mut self, terms: &[String], code: &str) {
        let mut first: Vec<String> = terms
            .iter()
            .filter(|t| code.contains(t.as_str()))
            .filter(|t| !self.defines.iter().any(|d| d.name == **t || d.signature() == **t))
            .filter(|t| !self.uses.iter().any(|u| bare(u) == bare(t)))
            .take(MAX_CUES)
            .cloned()
            .collect();
        if first.is_empty() {
            return;
        }
        if !self.weak {
            first.append(&mut self.uses);
        }
        first.truncate(MAX_CUES);
        self.uses = first;
    }
}

/// A name without decoration, module or call: `@functools.wraps` → `wraps`.
pub(super) fn bare(name: &str) -> &str {
    let name = name.trim_start_matches('@').trim_end_matches("()");
    name.rsplit('.').next().unwrap_or(name)
}

/// What a block defines and uses, read by the family of its language.
#[cfg(test)]
pub fn cues(code: &str, lang: Option<&str>) -> Cues {
    cues_in(code, code, lang)
}

/// Cues of `code`, one part of `block`, whose imports (often in the
/// first part only) tell modules from variables.
pub fn cues_in(code: &str, block: &str, lang: Option<&str>) -> Cues {
    let markers = comment_markers(lang);
    let lang = lang.unwrap_or("").to_ascii_lowercase();
    match lang.as_str() {
        "sh" | "bash" | "shell" | "zsh" | "fish" | "console" | "shell-session" | "powershell" | "ps1" | "cmd" => {
            Cues { uses: shell_commands(code), ..Cues::default() }
        }
        "sql" | "psql" | "plsql" | "mysql" | "postgresql" | "sqlite" | "tsql" => {
            Cues { uses: sql_clauses(code, markers), ..Cues::default() }
        }
        "css" | "scss" | "less" | "sass" => Cues { uses: css_properties(code), ..Cues::default() },
        "html" | "xml" | "vue" | "svelte" => Cues { uses: html_tags(code), ..Cues::default() },
        "" | "text" | "txt" | "plain" | "plaintext" | "output" | "json" | "yaml" | "yml" | "toml" | "ini" => {
            Cues::default()
        }
        "c" | "cpp" | "c++" | "cc" | "h" | "hpp" | "java" | "cs" | "csharp" | "c#" | "dart" | "objc"
        | "objective-c" => program_cues(code, block, markers, true),
        _ => program_cues(code, block, markers, false),
    }
}

static FUNCTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(\s*)(?:export\s+)?(?:default\s+)?(?:pub(?:\([^)]*\))?\s+)?(?:(?:static|public|private|protected|async|inline|override|suspend)\s+)*(?:def|function\*?|func|fn|fun|sub|proc)\s+(?:\([^)]*\)\s*)?([A-Za-z_$][\w$]*[!?]?)\s*(?:<[^>()]*>)?\s*(?:\(([^)]*)\)?)?",
    )
});
static ARROW: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(\s*)(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s*)?(?:\(([^)]*)\)|([A-Za-z_$][\w$]*))\s*(?::\s*[^=]+)?=>",
    )
});
static CLASS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(\s*)(?:export\s+)?(?:default\s+)?(?:pub(?:\([^)]*\))?\s+)?(?:(?:abstract|final|public|private|data|sealed|static|open)\s+)*(?:class|struct|interface|trait|enum|record|impl|type|object|module)\s+([A-Za-z_]\w*)",
    )
});

/// A C-family method or function header (`public static int add(int a, int b) {`).
static C_FUNCTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(\s*)(?:(?:public|private|protected|internal|static|final|virtual|override|abstract|async|inline|const|unsigned|extern|synchronized)\s+)*[\w<>\[\],.:*&?]+\s+[*&]?([A-Za-z_]\w*)\s*\(([^)]*)\)\s*(?:const\s*)?(?:throws\s+[\w, .]+)?\s*\{?\s*$",
    )
});
const C_KEYWORDS: &[&str] =
    &["return", "else", "new", "throw", "case", "goto", "delete", "await", "yield", "typedef", "using"];

/// Built-ins that fill a prompt only when nothing better is there.
const WEAK: &[&str] = &[
    "sorted",
    "sum",
    "min",
    "max",
    "abs",
    "next",
    "iter",
    "vars",
    "zip",
    "map",
    "filter",
    "enumerate",
    "any",
    "all",
    "round",
    "id",
    "hash",
    "callable",
    "reversed",
    "divmod",
    "pow",
    "chr",
    "ord",
    "bytes",
    "object",
];

/// Names that say nothing about what the code is for.
const NOISE: &[&str] = &[
    "print",
    "println",
    "printf",
    "puts",
    "len",
    "range",
    "str",
    "int",
    "float",
    "bool",
    "list",
    "dict",
    "set",
    "tuple",
    "repr",
    "super",
    "type",
    "self",
    "this",
    "assert",
    "main",
    "format",
    "split",
    "strip",
    "lower",
    "upper",
    "append",
    "get",
    "items",
    "keys",
    "values",
    "log",
    "toString",
    "Println",
    "Printf",
    "Sprintf",
    "Print",
    "console.log",
    "fmt.Println",
    "fmt.Printf",
    "fmt.Sprintf",
    "System.out.println",
    "String",
    "Object",
    "Error",
    "new",
    "return",
    "if",
    "for",
    "while",
    "switch",
    "catch",
    "elif",
    "and",
    "or",
    "not",
    "in",
    "with",
    "sizeof",
    "typeof",
    "function",
    "def",
    "fn",
    "func",
    "await",
    "yield",
    "lambda",
    "else",
    "match",
    "case",
    "throw",
    "raise",
    "del",
    "is",
    "as",
    "from",
    "import",
    "require",
    "echo",
    "unwrap",
    "expect",
    "to_string",
    "clone",
    "Some",
    "Ok",
    "Err",
    "None",
    "Vec",
    "vec",
    "length",
    "size",
    "input",
    "open",
    "isinstance",
    "hasattr",
    "getattr",
    "setattr",
];

/// Functions, classes, imports and calls of a program in a C-like or
/// Python-like language.
fn program_cues(code: &str, block: &str, markers: &[&str], c_like: bool) -> Cues {
    let lines: Vec<String> = code.lines().map(|l| code_only(l, markers)).collect();
    let defines = definitions(&lines, c_like);
    let mut defined: HashSet<&str> = defines.iter().map(|d| d.name.as_str()).collect();
    let nested = nested_names(&lines);
    defined.extend(nested.iter().map(String::as_str));
    for d in &defines {
        defined.extend(d.methods.iter().map(String::as_str));
    }
    // Names the code assigns (`Point = namedtuple(…)`) are its own.
    static ASSIGNED: LazyLock<Regex> =
        LazyLock::new(|| regex(r"^\s*(?:(?:const|let|var|val|auto)\s+)?([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=[^=>]"));
    let assigned: Vec<String> = lines.iter().filter_map(|l| ASSIGNED.captures(l).map(|c| c[1].to_owned())).collect();
    defined.extend(assigned.iter().map(String::as_str));
    let block_lines: Vec<String> = block.lines().map(|l| code_only(l, markers)).collect();
    let (mut modules, imported) = imports(&block_lines);
    modules.extend(go_imports(block));

    // Ranked candidates: (rank, first position, text).
    let mut found: Vec<(u8, usize, String)> = Vec::new();
    static DECORATOR: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*@([A-Za-z_][\w.]*)"));
    static QUALIFIED: LazyLock<Regex> =
        LazyLock::new(|| regex(r"\b()([A-Za-z_$][\w$]*)((?:\.[A-Za-z_$][\w$]*)+)\s*\("));
    static PLAIN: LazyLock<Regex> = LazyLock::new(|| regex(r"\b()([A-Za-z_$][\w$]*)\s*\("));
    static NEW: LazyLock<Regex> = LazyLock::new(|| regex(r"\bnew\s+([A-Z][\w$]*)"));
    let mut position = 0;
    for line in &lines {
        if FUNCTION.is_match(line) || CLASS.is_match(line) || c_like && c_function(line).is_some() {
            // A definition's own name is no use; its decorators are.
            position += 1;
            if let Some(c) = DECORATOR.captures(line)
                && !defined.contains(&c[1])
            {
                found.push((0, position, format!("@{}", &c[1])));
            }
            continue;
        }
        if let Some(c) = DECORATOR.captures(line) {
            if !defined.contains(&c[1]) {
                found.push((0, position, format!("@{}", &c[1])));
            }
            continue;
        }
        for c in QUALIFIED.captures_iter(line) {
            position += 1;
            if line[..c.get(2).map_or(0, |m| m.start())].ends_with(['.', '$']) {
                continue;
            }
            let head = &c[2];
            let chain = format!("{head}{}", &c[3]);
            let last = c[3].rsplit('.').next().unwrap_or("").to_owned();
            if NOISE.contains(&chain.as_str()) {
                continue;
            }
            if modules.contains(head) || imported.contains(head) {
                found.push((1, position, chain));
            } else if head.starts_with(|c: char| c.is_ascii_uppercase()) && !defined.contains(head) {
                found.push((2, position, chain));
            } else if !defined.contains(last.as_str())
                && !NOISE.contains(&last.as_str())
                && head != "self"
                && head != "this"
            {
                found.push((3, position, format!("{last}()")));
            }
        }
        for c in NEW.captures_iter(line) {
            position += 1;
            let name = &c[1];
            if !defined.contains(name) && !NOISE.contains(&name) {
                found.push((2, position, name.to_owned()));
            }
        }
        for c in PLAIN.captures_iter(line) {
            position += 1;
            let name = &c[2];
            let before = &line[..c.get(2).map_or(0, |m| m.start())];
            let after_new = before.trim_end().ends_with("new");
            if defined.contains(name) || NOISE.contains(&name) || after_new || before.ends_with(['.', '@', '$']) {
                continue;
            }
            let weak = WEAK.contains(&name) || name.ends_with("Error") || name.ends_with("Exception");
            let rank = if imported.contains(name) {
                1
            } else if name.starts_with(|c: char| c.is_ascii_uppercase()) && !weak {
                2
            } else if weak {
                5
            } else {
                4
            };
            found.push((rank, position, format!("{name}()")));
        }
    }
    // Built-ins and exceptions only when nothing else names the code.
    let weak = !found.is_empty() && found.iter().all(|(rank, ..)| *rank == 5);
    if !defines.is_empty() || !weak {
        found.retain(|(rank, ..)| *rank < 5);
    }
    let mut uses = pick(found);
    if uses.is_empty() && defines.is_empty() {
        // Nothing called: the modules it imports still say what it is about.
        let mut modules: Vec<&String> = modules.iter().collect();
        modules.sort();
        uses = modules.into_iter().take(MAX_CUES).map(String::clone).collect();
    }
    Cues { weak: weak && !uses.is_empty() && defines.is_empty(), defines, uses }
}

/// The most telling distinct candidates, in order of rank then place.
fn pick(mut found: Vec<(u8, usize, String)>) -> Vec<String> {
    found.sort_by_key(|(rank, at, _)| (*rank, *at));
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (_, _, text) in found {
        if seen.insert(text.clone()) {
            out.push(text);
            if out.len() == MAX_CUES {
                break;
            }
        }
    }
    out
}

/// A line with string contents and trailing comments removed, so names
/// in them are not read as calls.
fn code_only(line: &str, markers: &[&str]) -> String {
    static STRINGS: LazyLock<Regex> = LazyLock::new(|| regex(r#""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`"#));
    let code = trailing_comment(line, markers).map_or(line, |at| &line[..at]);
    STRINGS.replace_all(code, "\"\"").into_owned()
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Definitions at the outermost level of the block; a class keeps the
/// methods defined in it.
fn definitions(lines: &[String], c_like: bool) -> Vec<Definition> {
    let mut out: Vec<Definition> = Vec::new();
    // The indent of the outermost definition seen, and of the open class.
    let mut outer: Option<usize> = None;
    let mut class: Option<usize> = None;
    for line in lines {
        if line.trim().is_empty() {
            continue;
        }
        let at = indent(line);
        if class.is_some_and(|c| at <= c) && !line.trim_start().starts_with(['}', ')', '@']) {
            class = None;
        }
        let found = if let Some(c) = CLASS.captures(line) {
            Some((c[2].to_owned(), None, true))
        } else if let Some((name, params)) = c_like.then(|| c_function(line)).flatten() {
            Some((name, Some(params), false))
        } else if let Some(c) = FUNCTION.captures(line) {
            Some((c[2].to_owned(), Some(c.get(3).map_or("", |m| m.as_str()).trim().to_owned()), false))
        } else {
            ARROW.captures(line).map(|c| {
                let params = c.get(3).or(c.get(4)).map_or("", |m| m.as_str()).trim().to_owned();
                (c[2].to_owned(), Some(params), false)
            })
        };
        let Some((name, params, is_class)) = found else { continue };
        if let Some(c) = class
            && at > c
        {
            if let Some(owner) = out.last_mut()
                && params.is_some()
                && !owner.methods.contains(&name)
            {
                owner.methods.push(name);
            }
            continue;
        }
        if outer.is_some_and(|o| at > o) {
            continue;
        }
        outer = Some(outer.map_or(at, |o| o.min(at)));
        if is_class {
            class = Some(at);
            // `impl Trait for Type` adds to the type, not a new name.
            if let Some(existing) = out.iter().position(|d| d.name == name && d.params.is_none()) {
                let def = out.remove(existing);
                out.push(def);
                continue;
            }
        }
        let params = params.map(|p| shorten_params(&p));
        out.push(Definition { name, params, methods: Vec::new() });
    }
    out
}

/// The name a definition's header line gives: `worker()` for a function,
/// `Timer` for a class (struct, trait…); `None` for other lines.
pub(super) fn defined_name(line: &str) -> Option<String> {
    if let Some(c) = CLASS.captures(line) {
        return Some(c[2].to_owned());
    }
    FUNCTION.captures(line).or_else(|| ARROW.captures(line)).map(|c| format!("{}()", &c[2]))
}

/// A C-family function header's name and parameters.
fn c_function(line: &str) -> Option<(String, String)> {
    let c = C_FUNCTION.captures(line)?;
    let first = line.split_whitespace().next().unwrap_or("");
    let name = &c[2];
    if C_KEYWORDS.contains(&first) || ["if", "for", "while", "switch", "catch", "return"].contains(&name) {
        return None;
    }
    Some((name.to_owned(), c[3].trim().to_owned()))
}

/// Names of functions nested in others (a decorator's wrapper): not cues.
fn nested_names(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| indent(l) > 0)
        .filter_map(|l| FUNCTION.captures(l).or_else(|| ARROW.captures(l)).map(|c| c[2].to_owned()))
        .collect()
}

/// Parameters as a learner would write them: without type annotations and
/// defaults past a short length.
fn shorten_params(params: &str) -> String {
    let params = params.trim();
    if params.chars().count() <= 24 {
        return params.to_owned();
    }
    let names: Vec<&str> =
        params.split(',').map(|p| p.split([':', '=']).next().unwrap_or("").trim()).filter(|p| !p.is_empty()).collect();
    let joined = names.join(", ");
    if joined.chars().count() <= 32 { joined } else { "…".to_owned() }
}

/// Module aliases and imported names.
fn imports(lines: &[String]) -> (HashSet<String>, HashSet<String>) {
    static PY_IMPORT: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*import\s+([\w., ]+)$"));
    static PY_FROM: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*from\s+[\w.]+\s+import\s+\(?([\w, ]+)"));
    static JS_IMPORT: LazyLock<Regex> =
        LazyLock::new(|| regex(r#"^\s*import\s+(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\}|\*\s+as\s+(\w+))?\s*(?:from\s+)?"#));
    static REQUIRE: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?:const|let|var)\s+(?:(\w+)|\{([^}]*)\})\s*=\s*require\s*\("));
    static RUST_USE: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*(?:pub\s+)?use\s+([\w:]+?)(?:::\{([^}]*)\})?;"));
    static JAVA_IMPORT: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*import\s+(?:static\s+)?[\w.]+\.(\w+);"));
    let mut modules = HashSet::new();
    let mut names = HashSet::new();
    let split_names = |list: &str, into: &mut HashSet<String>| {
        for part in list.split(',') {
            let name = part.split_whitespace().last().unwrap_or("");
            if !name.is_empty() && name != "*" {
                into.insert(name.trim_matches(['(', ')']).to_owned());
            }
        }
    };
    for line in lines {
        if let Some(c) = RUST_USE.captures(line) {
            match c.get(2) {
                Some(list) => split_names(list.as_str(), &mut names),
                None => {
                    names.insert(c[1].rsplit("::").next().unwrap_or("").to_owned());
                }
            }
        } else if let Some(c) = JAVA_IMPORT.captures(line) {
            names.insert(c[1].to_owned());
        } else if let Some(c) = PY_FROM.captures(line) {
            split_names(&c[1], &mut names);
        } else if let Some(c) = PY_IMPORT.captures(line) {
            for module in c[1].split(',') {
                let alias = module.split_whitespace().last().unwrap_or("");
                modules.insert(alias.to_owned());
            }
        } else if let Some(c) = REQUIRE.captures(line) {
            if let Some(m) = c.get(1) {
                modules.insert(m.as_str().to_owned());
            }
            if let Some(list) = c.get(2) {
                split_names(list.as_str(), &mut names);
            }
        } else if line.trim_start().starts_with("import ")
            && let Some(c) = JS_IMPORT.captures(line)
        {
            if let Some(m) = c.get(1).or(c.get(3)) {
                modules.insert(m.as_str().to_owned());
            }
            if let Some(list) = c.get(2) {
                split_names(list.as_str(), &mut names);
            }
        }
    }
    modules.remove("");
    names.remove("");
    (modules, names)
}

/// Go's imports are strings (`"net/http"` names `http`), which
/// [`code_only`] empties: they are read from the raw block.
fn go_imports(code: &str) -> Vec<String> {
    static GO_IMPORT: LazyLock<Regex> =
        LazyLock::new(|| regex(r#"^\s*(?:import\s+)?(?:([A-Za-z_]\w*)\s+)?"([\w./-]+)"\s*\)?\s*$"#));
    if !code.contains("import \"") && !code.contains("import (") {
        return Vec::new();
    }
    code.lines()
        .filter_map(|line| GO_IMPORT.captures(line))
        .map(|c| c.get(1).map_or_else(|| c[2].rsplit('/').next().unwrap_or("").to_owned(), |a| a.as_str().to_owned()))
        .collect()
}

/// The commands a shell block runs (`git rebase`, `python -m cProfile`).
fn shell_commands(code: &str) -> Vec<String> {
    const SKIP: &[&str] = &["sudo", "env", "time", "exec", "nohup", "then", "do", "done", "fi", "else", "{", "}"];
    const WITH_SUBCOMMAND: &[&str] = &[
        "git",
        "docker",
        "kubectl",
        "npm",
        "yarn",
        "pnpm",
        "cargo",
        "go",
        "pip",
        "pip3",
        "apt",
        "apt-get",
        "brew",
        "systemctl",
        "helm",
        "terraform",
        "aws",
        "gcloud",
        "az",
        "conda",
        "poetry",
        "uv",
        "dotnet",
        "rustup",
        "gh",
    ];
    let mut found = Vec::new();
    for line in code.lines() {
        let line = line.trim();
        let line = line.strip_prefix("$ ").or_else(|| line.strip_prefix("> ")).unwrap_or(line);
        if line.is_empty() || line.starts_with('#') || line.ends_with(':') {
            continue;
        }
        for command in line.split(['|', ';']).flat_map(|c| c.split("&&")) {
            let mut words = command.split_whitespace().skip_while(|w| SKIP.contains(w) || w.contains('='));
            let Some(first) = words.next() else { continue };
            if !first.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c)) || first.starts_with('-') {
                continue;
            }
            let first = first.rsplit('/').next().unwrap_or(first);
            let rest: Vec<&str> = words.collect();
            let text = if first.starts_with("python") && rest.first() == Some(&"-m") && rest.len() > 1 {
                format!("python -m {}", rest[1])
            } else if WITH_SUBCOMMAND.contains(&first)
                && let Some(sub) = rest.iter().find(|w| !w.starts_with('-'))
                && sub.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                format!("{first} {sub}")
            } else {
                first.to_owned()
            };
            if !["cd", "echo", "ls", "cat", "export", "source", "set"].contains(&text.as_str()) {
                found.push(text);
            }
        }
    }
    dedup_take(found)
}

/// The SQL clauses that make a query what it is, most specific first.
fn sql_clauses(code: &str, markers: &[&str]) -> Vec<String> {
    const CLAUSES: &[(&str, &str)] = &[
        (r"\bover\s*\(", "OVER"),
        (r"\bwith\s+(?:recursive\s+)?\w+\s+as\s*\(", "WITH"),
        (r"\b(?:left|right|full|inner|cross)\s+(?:outer\s+)?join\b", "JOIN"),
        (r"\bjoin\b", "JOIN"),
        (r"\bgroup\s+by\b", "GROUP BY"),
        (r"\bhaving\b", "HAVING"),
        (r"\bunion(?:\s+all)?\b", "UNION"),
        (r"\bcase\s+when\b", "CASE WHEN"),
        (r"\b(?:not\s+)?exists\s*\(", "EXISTS"),
        (r"\bon\s+conflict\b", "ON CONFLICT"),
        (r"\breturning\b", "RETURNING"),
        (r"\bcreate\s+(?:unique\s+)?index\b", "CREATE INDEX"),
        (r"\bcreate\s+(?:or\s+replace\s+)?(?:function|procedure|trigger|view)\b", "CREATE"),
        (r"\bcreate\s+table\b", "CREATE TABLE"),
        (r"\balter\s+table\b", "ALTER TABLE"),
        (r"\binsert\s+into\b", "INSERT INTO"),
        (r"\bupdate\s+\w+\s+set\b", "UPDATE"),
        (r"\bdelete\s+from\b", "DELETE"),
        (r"\border\s+by\b", "ORDER BY"),
        (r"\blimit\b", "LIMIT"),
    ];
    static COMPILED: LazyLock<Vec<(Regex, &'static str)>> =
        LazyLock::new(|| CLAUSES.iter().map(|(p, name)| (regex(&format!("(?i){p}")), *name)).collect());
    let code: String = code.lines().map(|l| code_only(l, markers)).collect::<Vec<_>>().join("\n");
    let mut found = Vec::new();
    for (pattern, name) in COMPILED.iter() {
        let specific_join = found.iter().any(|f: &String| f.ends_with(" JOIN"));
        if let Some(m) = pattern.find(&code)
            && !(*name == "JOIN" && specific_join)
        {
            let text = if *name == "JOIN" {
                m.as_str().split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                (*name).to_owned()
            };
            found.push(text.to_uppercase());
        }
    }
    dedup_take(found)
}

fn css_properties(code: &str) -> Vec<String> {
    static PROPERTY: LazyLock<Regex> = LazyLock::new(|| regex(r"(?m)^\s*([a-z-]+)\s*:[^:;{]+;"));
    dedup_take(PROPERTY.captures_iter(code).map(|c| c[1].to_owned()).collect())
}

fn html_tags(code: &str) -> Vec<String> {
    static TAG: LazyLock<Regex> = LazyLock::new(|| regex(r"<([a-zA-Z][\w-]*)"));
    const PLAIN: &[&str] = &["div", "span", "p", "html", "head", "body", "meta", "br", "b", "i", "title", "link"];
    dedup_take(
        TAG.captures_iter(code)
            .map(|c| c[1].to_ascii_lowercase())
            .filter(|t| !PLAIN.contains(&t.as_str()))
            .map(|t| format!("<{t}>"))
            .collect(),
    )
}

fn dedup_take(found: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    found.into_iter().filter(|f| seen.insert(f.clone())).take(MAX_CUES).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(code: &str, lang: &str) -> Vec<String> {
        cues(code, Some(lang)).uses
    }

    #[test]
    fn python_threads() {
        let code = "import threading\n\ndef worker(num):\n    print(f\"worker {num}\")\n\nthreads = [threading.Thread(target=worker, args=(i,)) for i in range(5)]\nfor t in threads:\n    t.start()\nfor t in threads:\n    t.join()\n";
        let c = cues(code, Some("python"));
        assert_eq!(c.defines.iter().map(Definition::signature).collect::<Vec<_>>(), ["worker(num)"]);
        assert_eq!(c.uses, ["threading.Thread", "start()", "join()"]);
    }

    #[test]
    fn class_keeps_its_methods_and_decorators_come_first() {
        let code = "import time\nfrom contextlib import contextmanager\n\nclass Timer:\n    def __enter__(self):\n        self.start = time.perf_counter()\n        return self\n\n    def __exit__(self, *exc):\n        self.elapsed = time.perf_counter() - self.start\n\n@contextmanager\ndef timed():\n    yield\n";
        let c = cues(code, Some("python"));
        assert_eq!(c.defines[0].name, "Timer");
        assert_eq!(c.defines[0].methods, ["__enter__", "__exit__"]);
        assert_eq!(c.defines[1].signature(), "timed()");
        assert_eq!(c.uses, ["@contextmanager", "time.perf_counter"]);
    }

    #[test]
    fn nested_functions_are_not_listed() {
        let code = "import functools\n\ndef repeat(times):\n    def decorator(fn):\n        @functools.wraps(fn)\n        def wrapper(*args, **kwargs):\n            return fn(*args, **kwargs)\n        return wrapper\n    return decorator\n";
        let c = cues(code, Some("python"));
        assert_eq!(c.defines.iter().map(Definition::signature).collect::<Vec<_>>(), ["repeat(times)"]);
        assert_eq!(c.uses, ["@functools.wraps"]);
    }

    #[test]
    fn javascript_calls_and_arrows() {
        let code = "const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms));\n\nasync function main() {\n  const results = await Promise.all([fetch('/a'), fetch(\"/b\")]);\n  console.log(results.map(r => r.status));\n}\n";
        let c = cues(code, Some("js"));
        assert_eq!(c.defines.iter().map(Definition::signature).collect::<Vec<_>>(), ["sleep(ms)", "main()"]);
        assert_eq!(c.uses, ["Promise", "Promise.all", "map()"]);
    }

    #[test]
    fn go_packages_are_modules() {
        let code = "import (\n\t\"fmt\"\n\t\"net/http\"\n)\n\nfunc main() {\n\tresp, _ := http.Get(\"https://x\")\n\tfmt.Println(resp.Status)\n}\n";
        let c = cues(code, Some("go"));
        assert_eq!(c.uses, ["http.Get"]);
    }

    #[test]
    fn java_methods_and_weak_builtins() {
        let code = "import java.util.HashMap;\n\npublic class Cache {\n    private final HashMap<String, Integer> map = new HashMap<>();\n\n    public int lookup(String key) {\n        return map.getOrDefault(key, 0);\n    }\n}\n";
        let c = cues(code, Some("java"));
        assert_eq!(c.defines[0].name, "Cache");
        assert_eq!(c.defines[0].methods, ["lookup"]);
        assert_eq!(c.uses, ["HashMap", "getOrDefault()"]);
        assert_eq!(cues("total = sum(xs)\n", Some("python")).uses, ["sum()"]);
        assert!(cues("def f(xs):\n    return sorted(xs)\n", Some("python")).uses.is_empty());
    }

    #[test]
    fn strings_and_comments_are_not_calls() {
        let c = cues("x = compute()  # see helper(1)\nprint('call(me)')\n", Some("python"));
        assert_eq!(c.uses, ["compute()"]);
        // `//` is no comment in Python, nor `#` in C; `--` is one in SQL.
        assert_eq!(cues("half = n // 2 + compute()\n", Some("python")).uses, ["compute()"]);
        assert_eq!(cues("#include <stdio.h>\nint main() { run(); }\n", Some("c")).uses, ["run()"]);
        assert_eq!(uses("SELECT a FROM t -- LEFT JOIN u\nORDER BY a;", "sql"), ["ORDER BY"]);
    }

    #[test]
    fn shell_sql_css_html() {
        assert_eq!(
            uses("$ python -m cProfile -s cumtime app.py\n$ git rebase -i HEAD~3 && git push --force\n", "bash"),
            ["python -m cProfile", "git rebase", "git push"]
        );
        assert_eq!(
            uses(
                "SELECT dept, COUNT(*)\nFROM emp e LEFT JOIN dept d ON d.id = e.dept\nGROUP BY dept HAVING COUNT(*) > 2;",
                "sql"
            ),
            ["LEFT JOIN", "GROUP BY", "HAVING"]
        );
        assert_eq!(uses(".grid {\n  display: flex;\n  flex-wrap: wrap;\n}\n", "css"), ["display", "flex-wrap"]);
        assert_eq!(uses("<form>\n  <input type=\"text\">\n</form>", "html"), ["<form>", "<input>"]);
    }

    #[test]
    fn nothing_to_say_says_nothing() {
        assert!(cues("x = 1\ny = x + 2\n", Some("python")).is_empty());
        assert!(cues("{\"a\": 1}", Some("json")).is_empty());
    }
}
