//! Code highlighting at build time (syntect, bat's syntaxes): takes a code
//! block and its fence language, gives HTML. No JavaScript and nothing
//! fetched at review time. Two markups: CSS classes naming each token's
//! colour in a light and a night palette ([`palette`]; the deck's stylesheet
//! colours them) and inline styles (coloured with no stylesheet at all, for
//! CSV and JSON), both from one parse of the block (`tokens`). Code a
//! card shows from a block (a part, an output card's window) is written
//! from the block's parse. A guide's blocks can be parsed ahead of
//! rendering, in parallel ([`Prepared`]). Unknown languages fall back to
//! escaped plain text.

use std::sync::LazyLock;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use syntect::highlighting::Highlighter;
use syntect::parsing::{BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxReference};
use syntect::util::LinesWithEndings;

use crate::syntax;

pub mod palette;
pub mod stored;
mod tokens;

use palette::{DARK, LIGHT, dark_theme, light_theme};
use tokens::{Look, Row, Tokens};

/// How colours are attached to code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colours {
    /// `class="hl-…"`, coloured by [`stylesheet`].
    Classes,
    /// `style="color:…"`, readable anywhere.
    Inline,
}

/// How a code block is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeMarkup {
    pub colours: Colours,
    /// Line breaks as `<br>`: Anki's editor and some mobile views do not
    /// keep raw newlines, so decks use `<br>`.
    pub br: bool,
}

impl CodeMarkup {
    /// For `.apkg` fields: classes and `<br>`.
    pub const ANKI: Self = Self { colours: Colours::Classes, br: true };
    /// For CSV imported into a stock note type: inline colours and `<br>`.
    pub const ANKI_INLINE: Self = Self { colours: Colours::Inline, br: true };
    /// For JSON: inline colours and plain newlines.
    pub const PORTABLE: Self = Self { colours: Colours::Inline, br: false };
}

const MONO: &str = "ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace";

/// A fenced code block as HTML (`<pre><code>…</code></pre>`).
#[cfg(test)]
pub fn code_block(code: &str, lang: Option<&str>, markup: CodeMarkup) -> String {
    Highlighting::of(code, lang, &Prepared::default(), None).html(code, lang, markup)
}

/// How a code block is coloured, worked out once and written in either
/// markup when an output needs it: its own parse, or, when it shows lines of
/// a block of the guide (a part, an output card's window), that block's
/// parse with each line coloured as in the block. Shares the parse, so a
/// block shown on many cards is held once.
#[derive(Debug, Clone, Default)]
pub struct Highlighting(Kind);

#[derive(Debug, Clone, Default)]
enum Kind {
    /// No known language: escaped text.
    #[default]
    Plain,
    Session(Arc<Highlighted>),
    Own(Arc<Tokens>),
    Selection(Arc<Tokens>, Arc<[Row]>),
}

impl Highlighting {
    /// For `code` with fence language `lang`, taking parses from `prepared`
    /// when they are there; `origin` is the block the code shows lines of.
    pub fn of(code: &str, lang: Option<&str>, prepared: &Prepared, origin: Option<&str>) -> Self {
        let lang = lang.filter(|l| !l.is_empty());
        if lang.is_some_and(syntax::is_session) {
            return Self(session(code).map_or(Kind::Plain, Kind::Session));
        }
        let Some(syntax) = lang.and_then(syntax::find) else { return Self::default() };
        if let Some(origin) = origin.filter(|o| *o != code)
            && let Some(block) = parsed(origin, syntax, prepared)
            && let Some(rows) = block.select(origin, code, |line| tokenize(line, syntax))
        {
            return Self(Kind::Selection(block, rows.into()));
        }
        Self(parsed(code, syntax, prepared).map_or(Kind::Plain, Kind::Own))
    }

    /// The block as HTML: `code` (the code this was made for) in `markup`.
    #[cfg(test)]
    pub fn html(&self, code: &str, lang: Option<&str>, markup: CodeMarkup) -> String {
        let mut out = String::new();
        self.write_html(&mut out, code, lang, markup);
        out
    }

    /// [`Self::html`], appended to `out`: a side's HTML is written once,
    /// with no copy of each block in between.
    pub fn write_html(&self, out: &mut String, code: &str, lang: Option<&str>, markup: CodeMarkup) {
        let lang = lang.filter(|l| !l.is_empty());
        match markup.colours {
            Colours::Classes => out.push_str("<pre class=\"cs-code hl-code\"><code"),
            Colours::Inline => {
                out.push_str("<pre style=\"");
                out.push_str(&PRE_STYLE);
                out.push_str("\"><code");
            }
        }
        if let Some(lang) = lang {
            out.push_str(" class=\"language-");
            push_escaped(out, lang);
            out.push('"');
        }
        if markup.colours == Colours::Inline {
            out.push_str(" style=\"font-family:");
            out.push_str(MONO);
            out.push_str(";white-space:pre\"");
        }
        out.push('>');
        if markup.br {
            // Which newline is the last shows only once the body is written.
            thread_local!(static BODY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) });
            BODY.with_borrow_mut(|body| {
                body.clear();
                self.write_body(body, code, markup.colours);
                push_with_br(out, body);
                if body.capacity() > 1 << 20 {
                    *body = String::new();
                }
            });
        } else {
            self.write_body(out, code, markup.colours);
        }
        out.push_str("</code></pre>");
    }

    fn write_body(&self, out: &mut String, code: &str, colours: Colours) {
        match &self.0 {
            Kind::Plain => push_escaped(out, code),
            Kind::Session(h) => out.push_str(match colours {
                Colours::Classes => &h.classed,
                Colours::Inline => &h.inline,
            }),
            Kind::Own(tokens) => tokens.write_into(out, code, colours),
            Kind::Selection(block, rows) => block.write_rows(out, code, rows, colours),
        }
    }
}

/// A block's parse: prepared, cached, or made now (and cached).
fn parsed(code: &str, syntax: &'static SyntaxReference, prepared: &Prepared) -> Option<Arc<Tokens>> {
    if let Some(hit) = prepared.get(code, syntax) {
        return Some(hit);
    }
    let key = (syntax.name.clone(), code.to_owned());
    if let Some(hit) = BLOCKS.lock().ok().and_then(|cache| cache.entries.get(&key).cloned()) {
        return Some(hit);
    }
    let fresh = Arc::new(tokenize(code, syntax)?);
    let size = fresh.bytes();
    Some(remember(&BLOCKS, key, fresh, size))
}

static PRE_STYLE: LazyLock<String> = LazyLock::new(|| {
    let bg = hex(LIGHT.background);
    // The colour of unstyled code (see `inline_spans`).
    let fg = hex(LIGHT.foreground);
    format!(
        "background-color:{bg};color:{fg};border:1px solid #d0d7de;border-radius:6px;padding:.6em .8em;overflow-x:auto;white-space:pre;word-wrap:normal;line-height:1.4;font-size:.85em;text-align:left"
    )
});

/// A shell session highlighted both ways.
#[derive(Debug)]
struct Highlighted {
    classed: String,
    inline: String,
}

/// A guide's code blocks parsed ahead of rendering, side by side with
/// extraction (which needs one thread), by syntax and code.
#[derive(Debug, Default)]
pub struct Prepared {
    /// Syntax name → code → parse.
    blocks: HashMap<&'static str, HashMap<String, Arc<Tokens>>>,
    /// How many parses came from a previous build's [`stored::Stored`].
    reused: usize,
}

/// How much parsed code a [`Prepared`] holds at most; the blocks past it
/// are parsed while rendering instead. Sides keep the parses they show
/// either way, so this bounds only the parses of blocks nothing shows.
const PREPARED_BUDGET: usize = 256 << 20;

impl Prepared {
    /// Highlights `blocks` (fence language, code) in parallel until the
    /// budget is spent, taking the parses `stored` has.
    pub fn new<'a>(blocks: impl IntoIterator<Item = (Option<&'a str>, &'a str)>, stored: &stored::Stored) -> Self {
        Self::with_budget(blocks, PREPARED_BUDGET, LINE_CACHE_BUDGET, stored)
    }

    /// How many parses came from the previous build.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// `keep_lines`: past this much parsed code, the threads' line caches
    /// are emptied afterwards.
    fn with_budget<'a>(
        blocks: impl IntoIterator<Item = (Option<&'a str>, &'a str)>,
        budget: usize,
        keep_lines: usize,
        stored: &stored::Stored,
    ) -> Self {
        let mut seen = HashSet::new();
        let wanted: Vec<(&'static SyntaxReference, &str)> = blocks
            .into_iter()
            .filter_map(|(lang, code)| Some((lang.filter(|l| !l.is_empty()).and_then(syntax::find)?, code)))
            .filter(|(syntax, code)| seen.insert((syntax.name.as_str(), *code)))
            .collect();
        // One parallel pass (no pauses between batches, where a core would
        // wait for the other); each block checks the budget before it starts.
        let spent = AtomicUsize::new(0);
        let done: Vec<_> = wanted
            .par_iter()
            .filter_map(|&(syntax, code)| {
                if spent.load(Ordering::Relaxed) >= budget {
                    return None;
                }
                let kept = if stored.is_empty() { None } else { stored.get(&syntax.name, code) };
                let reused = kept.is_some();
                let tokens = match kept {
                    Some(tokens) => tokens,
                    None => tokenize(code, syntax)?,
                };
                spent.fetch_add(code.len() + tokens.bytes(), Ordering::Relaxed);
                Some((syntax.name.as_str(), code, tokens, reused))
            })
            .collect();
        // The guide's lines are parsed. On a guide with more code than the
        // line caches hold, they would only hold memory through the rest of
        // the build (on a 24 MB code-heavy guide, about a seventh of its
        // peak); on a smaller one they still save the render some parsing.
        if spent.load(Ordering::Relaxed) > keep_lines {
            rayon::broadcast(|_| LINES.with(|cache| *cache.borrow_mut() = LineCache::default()));
        }
        let mut prepared = Self::default();
        for (name, code, tokens, reused) in done {
            prepared.reused += usize::from(reused);
            prepared.blocks.entry(name).or_default().insert(code.to_owned(), Arc::new(tokens));
        }
        prepared
    }

    fn get(&self, code: &str, syntax: &'static SyntaxReference) -> Option<Arc<Tokens>> {
        self.blocks.get(syntax.name.as_str())?.get(code).cloned()
    }
}

/// Loads what highlighting needs (the syntaxes, the theme) while the guide
/// is parsed, which leaves a core free, for the fence languages the
/// Markdown appears to use. Only a head start: the fences are found by a
/// quick scan, not parsed.
pub fn warm_up(markdown: &str) {
    let _ = light_theme();
    let mut langs = HashSet::new();
    for line in markdown.lines() {
        let fence = line.trim_start();
        let Some(info) = fence.strip_prefix("```").or_else(|| fence.strip_prefix("~~~")) else { continue };
        if let Some(lang) = crate::markdown::fence_language(info.trim_start_matches(['`', '~']))
            && langs.len() < 16
        {
            langs.insert(lang);
        }
    }
    for syntax in langs.into_iter().filter_map(syntax::find) {
        let _ = ParseState::new(syntax);
    }
}

type CacheKey = (String, String);

/// Parses of blocks not [`Prepared`] (a side rendered alone), and shell
/// sessions: a side's two markups and repeated snippets come from one parse
/// while it stays here. Emptied when it would outgrow its budget, which
/// bounds memory on large guides.
struct Cache<T> {
    entries: HashMap<CacheKey, Arc<T>>,
    bytes: usize,
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Self { entries: HashMap::new(), bytes: 0 }
    }
}

static BLOCKS: LazyLock<Mutex<Cache<Tokens>>> = LazyLock::new(Mutex::default);
static SESSIONS: LazyLock<Mutex<Cache<Highlighted>>> = LazyLock::new(Mutex::default);
const CACHE_BUDGET: usize = 8 << 20;

/// Keeps `fresh` (about `size` bytes) in `cache`, emptied first when it
/// would outgrow its budget, and hands it back.
fn remember<T>(cache: &Mutex<Cache<T>>, key: CacheKey, fresh: Arc<T>, size: usize) -> Arc<T> {
    if let Ok(mut cache) = cache.lock() {
        let size = key.0.len() + key.1.len() + size;
        if cache.bytes + size > CACHE_BUDGET {
            *cache = Cache::default();
        }
        cache.bytes += size;
        cache.entries.insert(key, Arc::clone(&fresh));
    }
    fresh
}

/// Scope paths met while highlighting, numbered as a tree (a path is its
/// parent and the scope pushed onto it), each with its look in both
/// palettes. Matching a theme's selectors against a path is the costly part
/// of styling; this does it once per path and thread, not at every push.
struct Paths {
    light: Highlighter<'static>,
    dark: Highlighter<'static>,
    children: HashMap<(u32, Scope), u32>,
    /// By number; 0 is the empty path.
    looks: Vec<(Look, Look)>,
}

impl Paths {
    fn new() -> Self {
        let (light, dark) = (Highlighter::new(light_theme()), Highlighter::new(dark_theme()));
        let root = (Look::of(light.get_default(), &LIGHT), Look::of(dark.get_default(), &DARK));
        Self { light, dark, children: HashMap::new(), looks: vec![root] }
    }

    /// The number of `path`, which is `parent`'s with `scope` pushed.
    fn child(&mut self, parent: u32, scope: Scope, path: &[Scope]) -> u32 {
        if let Some(&n) = self.children.get(&(parent, scope)) {
            return n;
        }
        // The same style the theme's highlighter gives a push onto `path`.
        let look =
            (Look::of(self.light.style_for_stack(path), &LIGHT), Look::of(self.dark.style_for_stack(path), &DARK));
        let n = u32::try_from(self.looks.len()).unwrap_or(u32::MAX);
        self.looks.push(look);
        self.children.insert((parent, scope), n);
        n
    }
}

/// Paths numbered past this are forgotten between blocks (memory bound).
const MAX_PATHS: usize = 1 << 16;

thread_local! {
    static PATHS: std::cell::RefCell<Paths> = std::cell::RefCell::new(Paths::new());
}

/// One parse of `code`, as tokens for both palettes.
fn tokenize(code: &str, syntax: &SyntaxReference) -> Option<Tokens> {
    PATHS.with(|paths| {
        let mut paths = paths.borrow_mut();
        if paths.looks.len() > MAX_PATHS {
            *paths = Paths::new();
        }
        let mut parse = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        // The number of each path on the stack, bottom (the empty path) up.
        let mut numbers = vec![0u32];
        let mut tokens = Tokens::default();
        for line in LinesWithEndings::from(code) {
            let ops = parsed_line(&mut parse, line, syntax)?;
            let mut from = 0;
            // Text up to an operation has the look of the path before it.
            for (at, op) in ops.iter().map(|(at, op)| (*at, Some(op))).chain([(line.len(), None)]) {
                if at > from {
                    let look = paths.looks[*numbers.last().unwrap_or(&0) as usize];
                    tokens.push(at, &line[from..at], look);
                    from = at;
                }
                let Some(op) = op else { break };
                stack
                    .apply_with_hook(op, |basic, path| match basic {
                        BasicScopeStackOp::Push(scope) => {
                            let parent = *numbers.last().unwrap_or(&0);
                            numbers.push(paths.child(parent, scope, path));
                        }
                        BasicScopeStackOp::Pop => {
                            if numbers.len() > 1 {
                                numbers.pop();
                            }
                        }
                    })
                    .ok()?;
            }
            tokens.end_line(line.len());
        }
        Some(tokens.finish())
    })
}

/// Both markups of `code`, from one parse.
fn highlight_both(code: &str, syntax: &SyntaxReference) -> Option<Highlighted> {
    let tokens = tokenize(code, syntax)?;
    Some(Highlighted { classed: tokens.write(code, Colours::Classes), inline: tokens.write(code, Colours::Inline) })
}

/// A line parsed from a state: the scope operations and the state after.
type ParsedLine = (ParseState, Vec<(usize, syntect::parsing::ScopeStackOp)>, ParseState);

/// Lines parsed on this thread, by syntax and text, with the state each was
/// parsed from. The same code is shown on several cards (a block, its
/// output cards' windows, its parts), and a line met again in the same
/// state parses the same: it is looked up instead. Emptied when it outgrows
/// its budget.
#[derive(Default)]
struct LineCache {
    lines: HashMap<(usize, String), Vec<ParsedLine>>,
    bytes: usize,
}

const LINE_CACHE_BUDGET: usize = 16 << 20;
const STATES_PER_LINE: usize = 8;

thread_local! {
    static LINES: std::cell::RefCell<LineCache> = std::cell::RefCell::default();
}

/// `parse.parse_line(line)`, from the cache when this line was parsed from
/// this very state before (same result, without the parse).
fn parsed_line(
    parse: &mut ParseState,
    line: &str,
    syntax: &SyntaxReference,
) -> Option<Vec<(usize, syntect::parsing::ScopeStackOp)>> {
    let syntax_id = std::ptr::from_ref(syntax) as usize;
    let key = (syntax_id, line.to_owned());
    let hit = LINES.with(|cache| {
        let cache = cache.borrow();
        let entries = cache.lines.get(&key)?;
        entries.iter().find(|(before, _, _)| before == parse).map(|(_, ops, after)| (ops.clone(), after.clone()))
    });
    if let Some((ops, after)) = hit {
        *parse = after;
        return Some(ops);
    }
    let before = parse.clone();
    let ops = parse.parse_line(line, syntax::syntaxes()).ok()?;
    LINES.with(|cache| {
        let mut cache = cache.borrow_mut();
        let size = 2 * line.len() + ops.len() * 40 + 512;
        if cache.bytes + size > LINE_CACHE_BUDGET {
            *cache = LineCache::default();
        }
        // A line seen in many states (a blank line, a lone `}`) keeps a few:
        // looking through more would cost what it saves.
        let entries = cache.lines.entry(key).or_default();
        if entries.len() < STATES_PER_LINE {
            entries.push((before, ops.clone(), parse.clone()));
            cache.bytes += size;
        }
    });
    Some(ops)
}

/// A prompt at the start of a session's line: `$ `, `# `, `% `, `> `,
/// `PS C:\> `, or `user@host:~$ `.
static PROMPT: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^(?:[\w.-]+@[\w.-]+(?::[^$#\s]*)?[$#] |PS [^>\n]*> |[$#%>] )").expect("valid regex")
});

/// A shell session: each prompt in the colour of a comment, the command
/// after it highlighted as shell, the output as plain text.
fn session(code: &str) -> Option<Arc<Highlighted>> {
    let shell = syntax::find("bash")?;
    let key = ("shell session".to_owned(), code.to_owned());
    if let Some(hit) = SESSIONS.lock().ok().and_then(|cache| cache.entries.get(&key).cloned()) {
        return Some(hit);
    }
    let comment = syntax::find("bash").and_then(|s| highlight_both("# c\n", s))?;
    let mut out = Highlighted { classed: String::new(), inline: String::new() };
    for line in LinesWithEndings::from(code) {
        let Some(prompt) = PROMPT.find(line) else {
            let text = escape(line);
            out.classed.push_str(&text);
            out.inline.push_str(&text);
            continue;
        };
        // The prompt takes the comment's span, its text swapped in.
        for (target, model) in [(&mut out.classed, &comment.classed), (&mut out.inline, &comment.inline)] {
            let open = &model[..model.find('>').map_or(0, |i| i + 1)];
            target.push_str(open);
            push_escaped(target, prompt.as_str());
            target.push_str(if open.is_empty() { "" } else { "</span>" });
        }
        let command = highlight_both(&line[prompt.end()..], shell)?;
        out.classed.push_str(&command.classed);
        out.inline.push_str(&command.inline);
    }
    let size = out.classed.len() + out.inline.len();
    Some(remember(&SESSIONS, key, Arc::new(out), size))
}

/// Appends `html` with every newline made `<br>`, except the block's final one.
fn push_with_br(out: &mut String, html: &str) {
    let last = html.rfind('\n').filter(|&last| html[last + 1..].trim_start_matches("</span>").is_empty());
    out.reserve(html.len() + html.len() / 8);
    let mut copied = 0;
    for (at, _) in html.match_indices('\n') {
        out.push_str(&html[copied..at]);
        if Some(at) != last {
            out.push_str("<br>");
        }
        copied = at + 1;
    }
    out.push_str(&html[copied..]);
}

fn hex(c: syntect::highlighting::Color) -> String {
    let mut out = String::with_capacity(7);
    push_hex(&mut out, c);
    out
}

/// `#rrggbb`, written in place (once per coloured span).
pub(crate) fn push_hex(out: &mut String, c: syntect::highlighting::Color) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.push('#');
    for byte in [c.r, c.g, c.b] {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// [`escape`], appending to `out`: `&`, `<`, `>` and `"` become entities.
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    let mut plain_from = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[plain_from..i]);
        out.push_str(entity);
        plain_from = i + 1;
    }
    out.push_str(&text[plain_from..]);
}

static STYLESHEET: LazyLock<String> = LazyLock::new(palette::stylesheet);

/// The colours of class-based code, light and night.
pub fn stylesheet() -> &'static str {
    &STYLESHEET
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::highlighting::Color;

    #[test]
    fn classes_for_decks() {
        let html = code_block("def f():\n    return 1\n", Some("python"), CodeMarkup::ANKI);
        assert!(html.starts_with("<pre class=\"cs-code hl-code\"><code class=\"language-python\">"), "{html}");
        assert!(html.contains("<span class=\"hl-"), "{html}");
        assert!(html.contains("<br>    "), "indentation kept after the break: {html}");
        assert!(!html.contains('\n'), "{html}");
    }

    #[test]
    fn inline_styles_for_portable_output() {
        let html = code_block("x = 1\n", Some("py"), CodeMarkup::PORTABLE);
        assert!(html.contains("style=\"color:#"), "{html}");
        assert!(html.contains("overflow-x:auto"), "{html}");
        assert!(html.ends_with("\n</code></pre>") || html.ends_with("\n</span></code></pre>"), "{html}");
    }

    #[test]
    fn inline_colours_only_where_they_differ() {
        let plain = hex(Highlighter::new(light_theme()).get_default().foreground);
        let html = code_block("total = compute(items, 10)  # note\n", Some("python"), CodeMarkup::PORTABLE);
        assert!(PRE_STYLE.contains(&format!("color:{plain}")), "{}", &*PRE_STYLE);
        assert!(!html.contains(&format!("<span style=\"color:{plain};\">")), "{html}");
        assert!(html.contains("<span style=\"color:#"), "{html}");
        assert!(html.contains("\">total "), "plain text stays unwrapped: {html}");
    }

    #[test]
    fn prepared_blocks_render_like_fresh_ones() {
        let code = "def twice(x):\n    return 2 * x\n";
        let prepared = Prepared::new([(Some("python"), code), (Some("klingon"), "x\n")], &stored::Stored::default());
        let python = syntax::find("python").expect("python is known");
        assert!(prepared.get(code, python).is_some());
        for markup in [CodeMarkup::ANKI, CodeMarkup::PORTABLE, CodeMarkup::ANKI_INLINE] {
            assert_eq!(
                Highlighting::of(code, Some("py"), &prepared, None).html(code, Some("py"), markup),
                code_block(code, Some("py"), markup)
            );
        }
    }

    #[test]
    fn preparing_leaves_no_line_cache_behind() {
        let codes: Vec<String> = (0..64).map(|i| format!("def f{i}(x):\n    return x * {i}\n")).collect();
        // A pool of its own: other tests fill the shared pool's caches.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("a pool");
        let held: usize = pool.install(|| {
            let blocks = || codes.iter().map(|c| (Some("python"), c.as_str()));
            let none = stored::Stored::default();
            let held = || -> usize { rayon::broadcast(|_| LINES.with(|cache| cache.borrow().bytes)).into_iter().sum() };
            let prepared = Prepared::with_budget(blocks(), PREPARED_BUDGET, LINE_CACHE_BUDGET, &none);
            assert_eq!(prepared.blocks.values().map(HashMap::len).sum::<usize>(), codes.len());
            assert!(held() > 0, "a guide with little code keeps them");
            Prepared::with_budget(blocks(), PREPARED_BUDGET, 0, &none);
            held()
        });
        assert_eq!(held, 0, "the threads' line caches are emptied once much code is parsed");
    }

    #[test]
    fn preparing_stops_at_the_budget() {
        let codes: Vec<String> = (0..300).map(|i| format!("x = {i}\n")).collect();
        let python = syntax::find("python").expect("python is known");
        let prepared = |budget| {
            let prepared = Prepared::with_budget(
                codes.iter().map(|c| (Some("python"), c.as_str())),
                budget,
                LINE_CACHE_BUDGET,
                &stored::Stored::default(),
            );
            codes.iter().filter(|code| prepared.get(code, python).is_some()).count()
        };
        assert_eq!(prepared(PREPARED_BUDGET), codes.len(), "all of them within the budget");
        // Each thread may finish the block it started when the budget ran out.
        let over_budget = prepared(1);
        assert!((1..=rayon::current_num_threads()).contains(&over_budget), "{over_budget} prepared");
    }

    #[test]
    fn escaping_and_colours() {
        assert_eq!(escape("a<b && \"c\" > 'd' é"), "a&lt;b &amp;&amp; &quot;c&quot; &gt; 'd' é");
        assert_eq!(hex(Color { r: 0x0a, g: 0xbc, b: 0xff, a: 0xff }), "#0abcff");
    }

    #[test]
    fn shell_sessions_colour_prompts_and_commands_not_output() {
        let html = code_block(
            "$ git status --short\n M src/lib.rs\n# apt-get install jq\n",
            Some("console"),
            CodeMarkup::ANKI,
        );
        assert!(html.contains("\">$ </span>"), "the prompt has the comment's colour: {html}");
        assert!(html.contains("<span class=\"hl-l") && html.contains("status"), "{html}");
        assert!(html.contains("</span> M src/lib.rs<br><span"), "output is plain: {html}");
        let inline = code_block("PS C:\\> Get-Item x\n", Some("shell-session"), CodeMarkup::PORTABLE);
        assert!(inline.contains("PS C:\\&gt; </span>") || inline.contains("PS C:\\> </span>"), "{inline}");
    }

    #[test]
    fn lines_met_again_highlight_exactly_as_when_parsed_fresh() {
        let python = syntax::find("python").expect("python is known");
        let block = "def f(x):\n    s = \"\"\"a\n    b\"\"\"\n    return x  # 1\n\nf(2)  # 2\n";
        let window = "    b\"\"\"\n    return x\n\nf(2)\n";
        // A thread of its own starts with an empty cache.
        let fresh = |code: &'static str| {
            std::thread::spawn(move || {
                let h = highlight_both(code, syntax::find("python").expect("python"))?;
                Some((h.classed, h.inline))
            })
            .join()
            .expect("thread")
        };
        let _ = highlight_both(block, python);
        for code in [block, window] {
            let again = highlight_both(code, python).map(|h| (h.classed, h.inline));
            assert_eq!(again, fresh(code), "{code:?}");
        }
    }

    /// Each line of highlighted HTML (`<br>` between lines) as the class
    /// of each of its visible characters, spaces left out.
    fn looks(html: &str) -> Vec<Vec<(String, char)>> {
        let body = &html[html.find("<code").and_then(|at| html[at..].find('>').map(|e| at + e + 1)).expect("code")..];
        let mut lines = vec![Vec::new()];
        let (mut class, mut rest) = (String::new(), body);
        while let Some(c) = rest.chars().next() {
            if let Some(tag) = rest.strip_prefix("<span class=\"") {
                let end = tag.find('"').expect("closed");
                class = tag[..end].to_owned();
                rest = &tag[end + 2..];
            } else if let Some(after) = rest.strip_prefix("</span>") {
                class.clear();
                rest = after;
            } else if let Some(after) = rest.strip_prefix("<br>") {
                lines.push(Vec::new());
                rest = after;
            } else if rest.starts_with("</code>") {
                break;
            } else {
                if !c.is_whitespace() {
                    lines.last_mut().expect("a line").push((class.clone(), c));
                }
                rest = &rest[c.len_utf8()..];
            }
        }
        lines
    }

    #[test]
    fn a_window_is_coloured_as_in_its_block() {
        let block =
            "LOG = \"\"\"\\\nerror 500\nok 200\n\"\"\"\ndef count(text):\n    return len(text)\ncount(LOG)  # 2\n";
        // An output card's window: a definition it uses, a gap, lines from
        // inside the string on, the call without its comment.
        let window = "LOG = \"\"\"\\\n# …\nok 200\n\"\"\"\ndef count(text):\n    return len(text)\ncount(LOG)\n";
        let prepared = Prepared::new([(Some("python"), block)], &stored::Stored::default());
        let whole =
            Highlighting::of(block, Some("python"), &prepared, None).html(block, Some("python"), CodeMarkup::ANKI);
        let shown = Highlighting::of(window, Some("python"), &prepared, Some(block)).html(
            window,
            Some("python"),
            CodeMarkup::ANKI,
        );
        let (shown, whole) = (looks(&shown), looks(&whole));
        assert_eq!(shown[2..6], whole[2..6], "the lines from the string on");
        assert!(shown[1].iter().all(|(class, _)| class == &shown[1][0].0 && !class.is_empty()), "a comment");
        assert_eq!(shown[6], whole[6][..shown[6].len()], "the call as in the block");
        // A window that starts inside the string: parsed on its own, it
        // would open a string where the block closes one.
        let inside = "ok 200\n\"\"\"\ndef count(text):\n    return len(text)\ncount(LOG)\n";
        let from_block = looks(&Highlighting::of(inside, Some("python"), &prepared, Some(block)).html(
            inside,
            Some("python"),
            CodeMarkup::ANKI,
        ));
        assert_eq!(from_block[..4], whole[2..6]);
        let alone = looks(&code_block(inside, Some("python"), CodeMarkup::ANKI));
        assert_ne!(alone[2], whole[4], "`def` read as string text");
        // The inline markup takes the same way.
        let inline = Highlighting::of(window, Some("python"), &prepared, Some(block)).html(
            window,
            Some("python"),
            CodeMarkup::PORTABLE,
        );
        assert_ne!(inline, code_block(window, Some("python"), CodeMarkup::PORTABLE));
    }

    #[test]
    fn a_window_deep_in_a_long_block_is_found_through_its_index() {
        let mut block: String = (0..300).map(|i| format!("x{i} = {i}\n")).collect();
        block.push_str("S = \"\"\"\\\nquoted\n\"\"\"\ny = 1  # 1\n");
        let window = "x0 = 0\n# …\nquoted\n\"\"\"\ny = 1\n";
        let whole = looks(&code_block(&block, Some("python"), CodeMarkup::ANKI));
        let shown = Highlighting::of(window, Some("python"), &Prepared::default(), Some(&block));
        let shown = looks(&shown.html(window, Some("python"), CodeMarkup::ANKI));
        assert_eq!(shown[2..4], whole[301..303], "the string's lines as in the block");
        assert_eq!(shown[4], whole[303][..shown[4].len()]);
    }

    #[test]
    fn code_that_is_not_from_the_block_is_parsed_on_its_own() {
        let block = "x = 1\n";
        let other = "def f():\n    return [1, 2]\n";
        for markup in [CodeMarkup::ANKI, CodeMarkup::PORTABLE] {
            let from = Highlighting::of(other, Some("python"), &Prepared::default(), Some(block)).html(
                other,
                Some("python"),
                markup,
            );
            assert_eq!(from, code_block(other, Some("python"), markup));
        }
    }

    #[test]
    fn a_part_of_a_block_shows_the_blocks_lines() {
        let block = "def f():\n    \"\"\"Doc\n    more doc\n    \"\"\"\n    return 1\n";
        let part = "    more doc\n    \"\"\"\n    return 1\n";
        let whole = looks(&code_block(block, Some("python"), CodeMarkup::ANKI));
        let shown = Highlighting::of(part, Some("python"), &Prepared::default(), Some(block)).html(
            part,
            Some("python"),
            CodeMarkup::ANKI,
        );
        assert_eq!(looks(&shown)[..3], whole[2..5]);
        let alone = looks(&code_block(part, Some("python"), CodeMarkup::ANKI));
        assert_ne!(alone[2], whole[4], "parsed alone, `return` is inside a string");
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let html = code_block("a < b && c\n", Some("klingon"), CodeMarkup::ANKI);
        assert!(html.contains("a &lt; b &amp;&amp; c"), "{html}");
        assert!(!html.contains("<span"), "{html}");
    }

    #[test]
    fn every_token_names_a_colour_in_both_palettes() {
        let html = code_block("class Meta(type):\n    x = f\"{a!r}\"  # c\n", Some("python"), CodeMarkup::ANKI);
        let spans: Vec<&str> = html.split("<span class=\"").skip(1).collect();
        assert!(spans.len() > 3, "{html}");
        for span in spans {
            let classes = &span[..span.find('"').expect("closed")];
            assert!(classes.split(' ').any(|c| c.starts_with("hl-l") && c[4..].parse::<usize>().is_ok()), "{classes}");
            assert!(classes.split(' ').any(|c| c.starts_with("hl-d") && c[4..].parse::<usize>().is_ok()), "{classes}");
        }
    }

    #[test]
    fn night_rules_outrank_light_ones_and_cover_both_classes() {
        let css = stylesheet();
        for n in 0..DARK.colours().len() {
            assert!(css.contains(&format!(".nightMode pre.cs-code .hl-d{n}, ")), "night colour {n}");
            assert!(css.contains(&format!(".night_mode pre.cs-code .hl-d{n} {{")), "AnkiDroid night class, {n}");
        }
        for line in css.lines().filter(|l| l.contains(".hl-d")) {
            assert!(line.starts_with(".nightMode") || line.starts_with(".night_mode"), "{line}");
        }
        assert!(!css.contains("/*"));
    }
}
