//! Code highlighting at build time (syntect, bat's syntaxes): takes a code
//! block and its fence language, gives HTML. No JavaScript and nothing
//! fetched at review time. Two markups: CSS classes naming each token's
//! colour in a light and a night palette ([`palette`]; the deck's stylesheet
//! colours them) and inline styles (coloured with no stylesheet at all, for
//! CSV and JSON), both from one parse of the block.
//! A guide's blocks can be highlighted ahead of rendering, in parallel
//! ([`Prepared`]). Unknown languages fall back to escaped plain text.

use std::sync::LazyLock;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use syntect::highlighting::{Color, FontStyle, HighlightIterator, HighlightState, Highlighter, Style};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference};
use syntect::util::LinesWithEndings;

use crate::syntax;

pub mod palette;

use palette::{DARK, Ink, LIGHT, dark_theme, light_theme};

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
pub fn code_block(code: &str, lang: Option<&str>, markup: CodeMarkup) -> String {
    code_block_with(code, lang, markup, &Prepared::default())
}

/// [`code_block`], taking the highlighting from `prepared` when it is there.
pub fn code_block_with(code: &str, lang: Option<&str>, markup: CodeMarkup, prepared: &Prepared) -> String {
    let lang = lang.filter(|l| !l.is_empty());
    let syntax = lang.and_then(syntax::find);
    let class = lang.map(|l| format!(" class=\"language-{}\"", escape(l))).unwrap_or_default();
    let highlighted = match lang {
        Some(lang) if syntax::is_session(lang) => session(code),
        _ => syntax.and_then(|s| prepared.get(code, s).or_else(|| highlighted(code, s))),
    };
    let body = match (&highlighted, markup.colours) {
        (Some(h), Colours::Classes) => h.classed.clone(),
        (Some(h), Colours::Inline) => h.inline.clone(),
        (None, _) => escape(code),
    };
    let body = if markup.br { newlines_to_br(&body) } else { body };
    match markup.colours {
        Colours::Classes => format!("<pre class=\"cs-code hl-code\"><code{class}>{body}</code></pre>"),
        Colours::Inline => format!(
            "<pre style=\"{}\"><code{class} style=\"font-family:{MONO};white-space:pre\">{body}</code></pre>",
            &*PRE_STYLE
        ),
    }
}

static PRE_STYLE: LazyLock<String> = LazyLock::new(|| {
    let bg = hex(LIGHT.background);
    // The colour of unstyled code (see `inline_spans`).
    let fg = hex(LIGHT.foreground);
    format!(
        "background-color:{bg};color:{fg};border:1px solid #d0d7de;border-radius:6px;padding:.6em .8em;overflow-x:auto;white-space:pre;word-wrap:normal;line-height:1.4;font-size:.85em;text-align:left"
    )
});

/// One block highlighted both ways from a single parse.
#[derive(Debug)]
struct Highlighted {
    classed: String,
    inline: String,
}

/// A guide's code blocks highlighted ahead of rendering, side by side with
/// extraction (which needs one thread), by syntax and code.
#[derive(Debug, Default)]
pub struct Prepared {
    /// Syntax name → code → highlighting.
    blocks: HashMap<&'static str, HashMap<String, Arc<Highlighted>>>,
}

/// How much highlighted code a [`Prepared`] holds at most. On a huge guide
/// the blocks past it are highlighted while rendering instead, which bounds
/// memory and costs no time: by then extraction is long done.
const PREPARED_BUDGET: usize = 32 << 20;

impl Prepared {
    /// Highlights `blocks` (fence language, code) in parallel until the
    /// budget is spent.
    pub fn new<'a>(blocks: impl IntoIterator<Item = (Option<&'a str>, &'a str)>) -> Self {
        Self::with_budget(blocks, PREPARED_BUDGET)
    }

    fn with_budget<'a>(blocks: impl IntoIterator<Item = (Option<&'a str>, &'a str)>, budget: usize) -> Self {
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
                let highlighted = highlight_both(code, syntax)?;
                spent.fetch_add(code.len() + highlighted.classed.len() + highlighted.inline.len(), Ordering::Relaxed);
                Some((syntax.name.as_str(), code, highlighted))
            })
            .collect();
        let mut prepared = Self::default();
        for (name, code, highlighted) in done {
            prepared.blocks.entry(name).or_default().insert(code.to_owned(), Arc::new(highlighted));
        }
        prepared
    }

    fn get(&self, code: &str, syntax: &'static SyntaxReference) -> Option<Arc<Highlighted>> {
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

/// For blocks not [`Prepared`] (parts of split blocks, single sides): a
/// side's two markups and repeated snippets come from one highlighting while
/// it stays here. Cleared when it would outgrow its budget, which bounds
/// memory on large guides.
#[derive(Default)]
struct Cache {
    blocks: HashMap<CacheKey, Arc<Highlighted>>,
    bytes: usize,
}

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(Mutex::default);
const CACHE_BUDGET: usize = 8 << 20;

fn highlighted(code: &str, syntax: &SyntaxReference) -> Option<Arc<Highlighted>> {
    let key = (syntax.name.clone(), code.to_owned());
    if let Some(hit) = CACHE.lock().ok().and_then(|cache| cache.blocks.get(&key).cloned()) {
        return Some(hit);
    }
    Some(remember(key, highlight_both(code, syntax)?))
}

/// Keeps a highlighting in the cache (emptied when it would outgrow its
/// budget) and hands it back.
fn remember(key: CacheKey, fresh: Highlighted) -> Arc<Highlighted> {
    let fresh = Arc::new(fresh);
    if let Ok(mut cache) = CACHE.lock() {
        let size = key.0.len() + key.1.len() + fresh.classed.len() + fresh.inline.len();
        if cache.bytes + size > CACHE_BUDGET {
            *cache = Cache::default();
        }
        cache.bytes += size;
        cache.blocks.insert(key, Arc::clone(&fresh));
    }
    fresh
}

thread_local! {
    /// One highlighter per theme and thread, kept: it remembers the style of
    /// every scope path it has seen, which spares matching the theme again.
    static HIGHLIGHTERS: (Highlighter<'static>, Highlighter<'static>) =
        (Highlighter::new(light_theme()), Highlighter::new(dark_theme()));
}

fn highlight_both(code: &str, syntax: &SyntaxReference) -> Option<Highlighted> {
    HIGHLIGHTERS.with(|(light, dark)| {
        let mut parse = ParseState::new(syntax);
        let mut light_state = HighlightState::new(light, ScopeStack::new());
        let mut dark_state = HighlightState::new(dark, ScopeStack::new());
        let mut classed = String::with_capacity(code.len() * 6);
        let mut inline = String::with_capacity(code.len() * 12);
        let mut inline_open = None;
        let mut classed_open = None;
        for line in LinesWithEndings::from(code) {
            let ops = parsed_line(&mut parse, line, syntax)?;
            // Both themes cut the line at the same places (the parse's).
            let lights = HighlightIterator::new(&mut light_state, &ops, line, light);
            let darks = HighlightIterator::new(&mut dark_state, &ops, line, dark);
            for ((light_style, text), (dark_style, _)) in lights.zip(darks) {
                inline_span(light_style, text, &mut inline_open, &mut inline);
                classed_span(light_style, dark_style, text, &mut classed_open, &mut classed);
            }
        }
        for (open, out) in [(inline_open.is_some(), &mut inline), (classed_open.is_some(), &mut classed)] {
            if open {
                out.push_str("</span>");
            }
        }
        classed.shrink_to_fit();
        inline.shrink_to_fit();
        Some(Highlighted { classed, inline })
    })
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
    if let Some(hit) = CACHE.lock().ok().and_then(|cache| cache.blocks.get(&key).cloned()) {
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
    Some(remember(key, out))
}

/// A token with classes naming its colours in both palettes. Text in the
/// block's own colours (which the `<pre>` sets) gets no span, and
/// neighbours alike share one.
fn classed_span(light: Style, dark: Style, text: &str, open: &mut Option<(Ink, Ink)>, out: &mut String) {
    let light = (LIGHT.number_of(light.foreground), light.font_style);
    let dark = (DARK.number_of(dark.foreground), dark.font_style);
    let plain = light.0 == 0 && dark.0 == 0 && light.1.is_empty() && dark.1.is_empty();
    let wanted = (!plain).then_some((light, dark));
    // Spaces look the same in any colour, so they never open a span.
    if wanted != *open && !text.trim().is_empty() {
        if open.is_some() {
            out.push_str("</span>");
        }
        if let Some((light, dark)) = wanted {
            out.push_str("<span class=\"");
            palette::push_classes(out, light, dark);
            out.push_str("\">");
        }
        *open = wanted;
    }
    push_escaped(out, text);
}

/// A token with its light colour inline. Text in the block's own colour
/// (which the `<pre>` sets) gets no span, and neighbours styled alike share
/// one: the same look in far less HTML than a span per token.
fn inline_span(style: Style, text: &str, open: &mut Option<Style>, out: &mut String) {
    let plain: Color = LIGHT.foreground;
    let wanted = (style.foreground != plain || !style.font_style.is_empty()).then_some(style);
    // Spaces look the same in any colour, so they never open a span.
    if wanted != *open && !text.trim().is_empty() {
        if open.is_some() {
            out.push_str("</span>");
        }
        if let Some(style) = wanted {
            out.push_str("<span style=\"color:");
            push_hex(out, style.foreground);
            out.push(';');
            for (flag, css) in [
                (FontStyle::BOLD, "font-weight:bold;"),
                (FontStyle::ITALIC, "font-style:italic;"),
                (FontStyle::UNDERLINE, "text-decoration:underline;"),
            ] {
                if style.font_style.contains(flag) {
                    out.push_str(css);
                }
            }
            out.push_str("\">");
        }
        *open = wanted;
    }
    push_escaped(out, text);
}

/// Every newline becomes `<br>`, except the block's final one.
fn newlines_to_br(html: &str) -> String {
    let last = html.rfind('\n').filter(|&last| html[last + 1..].trim_start_matches("</span>").is_empty());
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut copied = 0;
    for (at, _) in html.match_indices('\n') {
        out.push_str(&html[copied..at]);
        if Some(at) != last {
            out.push_str("<br>");
        }
        copied = at + 1;
    }
    out.push_str(&html[copied..]);
    out
}

/// Turns the newlines of every code block in rendered HTML into `<br>`:
/// the same as rendering with `br: true`, without rendering again.
pub fn pre_breaks(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(start) = rest.find("<pre") {
        let Some(tag_end) = rest[start..].find('>').map(|i| start + i + 1) else { break };
        let body = rest[tag_end..]
            .strip_prefix("<code")
            .and_then(|code| code.find('>').map(|i| tag_end + "<code".len() + i + 1))
            .and_then(|body_start| rest[body_start..].find("</code>").map(|i| (body_start, body_start + i)));
        match body {
            Some((body_start, body_end)) => {
                out.push_str(&rest[..body_start]);
                out.push_str(&newlines_to_br(&rest[body_start..body_end]));
                rest = &rest[body_end..];
            }
            None => {
                out.push_str(&rest[..tag_end]);
                rest = &rest[tag_end..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn hex(c: syntect::highlighting::Color) -> String {
    let mut out = String::with_capacity(7);
    push_hex(&mut out, c);
    out
}

/// `#rrggbb`, written in place (once per coloured span).
fn push_hex(out: &mut String, c: syntect::highlighting::Color) {
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
fn push_escaped(out: &mut String, text: &str) {
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
        let prepared = Prepared::new([(Some("python"), code), (Some("klingon"), "x\n")]);
        let python = syntax::find("python").expect("python is known");
        assert!(prepared.get(code, python).is_some());
        for markup in [CodeMarkup::ANKI, CodeMarkup::PORTABLE, CodeMarkup::ANKI_INLINE] {
            assert_eq!(code_block_with(code, Some("py"), markup, &prepared), code_block(code, Some("py"), markup));
        }
    }

    #[test]
    fn preparing_stops_at_the_budget() {
        let codes: Vec<String> = (0..300).map(|i| format!("x = {i}\n")).collect();
        let python = syntax::find("python").expect("python is known");
        let prepared = |budget| {
            let prepared = Prepared::with_budget(codes.iter().map(|c| (Some("python"), c.as_str())), budget);
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
