//! Code highlighting at build time (syntect, bat's syntaxes): takes a code
//! block and its fence language, gives HTML. No JavaScript and nothing
//! fetched at review time. Two markups: CSS classes (the deck's stylesheet
//! colours them, light and `.nightMode`) and inline styles (coloured with no
//! stylesheet at all, for CSV and JSON). Unknown languages fall back to
//! escaped plain text.

use std::sync::LazyLock;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use syntect::highlighting::{HighlightIterator, HighlightState, Highlighter, Theme};
use syntect::html::{
    ClassStyle, IncludeBackground, css_for_theme_with_class_style, line_tokens_to_classed_spans,
    styled_line_to_highlighted_html,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference};
use syntect::util::LinesWithEndings;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

use crate::syntax;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static THEMES: LazyLock<EmbeddedLazyThemeSet> = LazyLock::new(two_face::theme::extra);

fn light_theme() -> &'static Theme {
    THEMES.get(EmbeddedThemeName::Github)
}

fn dark_theme() -> &'static Theme {
    THEMES.get(EmbeddedThemeName::OneHalfDark)
}

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
    let syntax = lang.filter(|l| !l.is_empty()).and_then(syntax::find);
    let class = lang.map(|l| format!(" class=\"language-{}\"", escape(l))).unwrap_or_default();
    let highlighted = syntax.and_then(|s| highlighted(code, s));
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
    let theme = light_theme();
    let bg = theme.settings.background.map_or("#ffffff".to_owned(), hex);
    let fg = theme.settings.foreground.map_or("#24292e".to_owned(), hex);
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

type CacheKey = (String, String);

/// Each side is rendered for two markups, and guides repeat snippets;
/// parsing is the expensive part, so a distinct block is parsed once while
/// it stays in the cache. Cleared when it would outgrow its budget, which
/// bounds memory on large guides.
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
    let fresh = Arc::new(highlight_both(code, syntax)?);
    if let Ok(mut cache) = CACHE.lock() {
        let size = key.0.len() + key.1.len() + fresh.classed.len() + fresh.inline.len();
        if cache.bytes + size > CACHE_BUDGET {
            *cache = Cache::default();
        }
        cache.bytes += size;
        cache.blocks.insert(key, Arc::clone(&fresh));
    }
    Some(fresh)
}

fn highlight_both(code: &str, syntax: &SyntaxReference) -> Option<Highlighted> {
    let highlighter = Highlighter::new(light_theme());
    let mut parse = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let mut styles = HighlightState::new(&highlighter, ScopeStack::new());
    let mut classed = String::with_capacity(code.len() * 6);
    let mut inline = String::with_capacity(code.len() * 12);
    let mut open: isize = 0;
    for line in LinesWithEndings::from(code) {
        let ops = parse.parse_line(line, syntax::syntaxes()).ok()?;
        let (spans, delta) = line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut scopes).ok()?;
        classed.push_str(&spans);
        open += delta;
        let regions: Vec<_> = HighlightIterator::new(&mut styles, &ops, line, &highlighter).collect();
        inline.push_str(&styled_line_to_highlighted_html(&regions, IncludeBackground::No).ok()?);
    }
    for _ in 0..open.max(0) {
        classed.push_str("</span>");
    }
    classed.shrink_to_fit();
    inline.shrink_to_fit();
    Some(Highlighted { classed, inline })
}

/// Every newline becomes `<br>`, except the block's final one.
fn newlines_to_br(html: &str) -> String {
    let trimmed = match html.rfind('\n') {
        Some(last) if html[last + 1..].trim_start_matches("</span>").is_empty() => {
            let mut s = html.to_owned();
            s.remove(last);
            s
        }
        _ => html.to_owned(),
    };
    trimmed.replace('\n', "<br>")
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
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

static STYLESHEET: LazyLock<String> = LazyLock::new(|| {
    let light = css_for_theme_with_class_style(light_theme(), CLASS_STYLE).unwrap_or_default();
    let dark = css_for_theme_with_class_style(dark_theme(), CLASS_STYLE).unwrap_or_default();
    format!("{}\n{}", strip_comments(&light), prefix_selectors(&strip_comments(&dark), ".nightMode"))
});

/// The colours of class-based code: light, then night under `.nightMode`.
pub fn stylesheet() -> &'static str {
    &STYLESHEET
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// `a, b { … }` → `P a, P b { … }` for every rule.
fn prefix_selectors(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    for rule in css.split_inclusive('}') {
        let Some((selectors, body)) = rule.split_once('{') else {
            out.push_str(rule);
            continue;
        };
        let prefixed: Vec<String> =
            selectors.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| format!("{prefix} {s}")).collect();
        out.push_str(&prefixed.join(", "));
        out.push_str(" {");
        out.push_str(body);
        out.push('\n');
    }
    out
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
    fn unknown_language_is_escaped_plain_text() {
        let html = code_block("a < b && c\n", Some("klingon"), CodeMarkup::ANKI);
        assert!(html.contains("a &lt; b &amp;&amp; c"), "{html}");
        assert!(!html.contains("<span"), "{html}");
    }

    #[test]
    fn stylesheet_has_night_rules() {
        let css = stylesheet();
        assert!(css.contains(".hl-comment"), "light rules");
        assert!(css.contains(".nightMode .hl-"), "night rules");
        assert!(!css.contains("/*"));
    }
}
