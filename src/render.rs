//! Rendering: takes a card side's Markdown, gives sanitized HTML and plain
//! text. Raw HTML from the guide is cleaned (no scripts, event handlers or
//! `javascript:` URLs); math becomes MathJax delimiters Anki understands.

use std::borrow::Cow;
use std::sync::LazyLock;

use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::highlight::{CodeMarkup, Colours, Highlighting, Prepared};
use crate::markdown;

/// One side of a card: its Markdown and plain text, and its HTML as a
/// sanitized template whose code blocks are written in whichever markup an
/// output asks for ([`Side::html`], [`Side::deck_html`]). Holding the
/// template rather than every HTML form keeps a large guide's deck small.
#[derive(Debug, Clone)]
pub struct Side {
    /// Read, never changed: the code slots point into it.
    pub markdown: String,
    /// The plain text ([`Side::text`]); where the side shows code, before
    /// cleaning and with a slot for each block's code, so a code-heavy
    /// guide's sides do not hold their code a second time.
    text: String,
    /// Sanitized HTML with a slot for each code block.
    template: String,
    code: Vec<CodeSlot>,
}

#[derive(Debug, Clone)]
struct CodeSlot {
    lang: Option<String>,
    code: Code,
    highlighting: Highlighting,
}

/// A block's code: where it is in the side's Markdown (nearly always: a
/// fenced block's text is the Markdown's, byte for byte), or its own copy
/// (a block indented in a list, say). A code-heavy guide's sides would
/// otherwise hold their code twice.
#[derive(Debug, Clone)]
enum Code {
    Within(std::ops::Range<usize>),
    Own(String),
}

impl CodeSlot {
    fn code<'a>(&'a self, markdown: &'a str) -> &'a str {
        match &self.code {
            Code::Within(range) => &markdown[range.clone()],
            Code::Own(code) => code,
        }
    }
}

impl Side {
    /// Nothing to show: no text (code counts as text) and no image.
    pub fn is_blank(&self) -> bool {
        self.text().trim().is_empty() && !self.template.contains("<img")
    }

    /// The plain text: lists as `- ` lines, code kept verbatim.
    pub fn text(&self) -> Cow<'_, str> {
        if !self.text.contains(SLOT) {
            return Cow::Borrowed(&self.text);
        }
        let mut raw = String::with_capacity(
            self.text.len() + self.code.iter().map(|c| c.code(&self.markdown).len()).sum::<usize>(),
        );
        let mut rest = self.text.as_str();
        while let Some((before, after)) = rest.split_once(SLOT) {
            raw.push_str(before);
            let Some((number, after)) = after.split_once(SLOT) else { break };
            if let Some(slot) = number.parse::<usize>().ok().and_then(|i| self.code.get(i)) {
                // Its final newlines follow the slot.
                raw.push_str(slot.code(&self.markdown).trim_end_matches('\n'));
            }
            rest = after;
        }
        raw.push_str(rest);
        Cow::Owned(cleaned(&raw))
    }

    /// Whether the side shows a picture.
    pub fn has_image(&self) -> bool {
        self.template.contains("<img")
    }

    /// Whether the side shows code in a `<pre>` block.
    pub fn shows_code(&self) -> bool {
        !self.code.is_empty() || self.template.contains("<pre")
    }

    /// The HTML with inline code colours, for any page (the JSON's).
    pub fn html(&self) -> Cow<'_, str> {
        self.html_in(CodeMarkup::PORTABLE)
    }

    /// The HTML an `.apkg` field shows (code coloured by the note type's classes).
    pub fn deck_html(&self) -> Cow<'_, str> {
        self.html_in(CodeMarkup::ANKI)
    }

    /// The HTML with code in `markup`.
    pub(crate) fn html_in(&self, markup: CodeMarkup) -> Cow<'_, str> {
        if self.code.is_empty() {
            return Cow::Borrowed(&self.template);
        }
        // Each block written in place (a side is written out and dropped).
        let factor = if markup.colours == Colours::Classes { 7 } else { 13 };
        let code: usize = self.code.iter().map(|c| c.code(&self.markdown).len()).sum();
        let mut html = String::with_capacity(self.template.len() + code * factor + 256);
        let mut rest = self.template.as_str();
        for (i, c) in self.code.iter().enumerate() {
            let slot = format!("{SLOT}{i}{SLOT}");
            if let Some(at) = rest.find(&slot) {
                html.push_str(&rest[..at]);
                c.highlighting.write_html(&mut html, c.code(&self.markdown), c.lang.as_deref(), markup);
                rest = &rest[at + slot.len()..];
            }
        }
        html.push_str(rest);
        Cow::Owned(html)
    }
}

impl PartialEq for Side {
    fn eq(&self, other: &Self) -> bool {
        // The HTML follows from the Markdown and the code's origin.
        self.markdown == other.markdown && self.text == other.text && self.template == other.template
    }
}

impl Eq for Side {}

/// The JSON form: Markdown, HTML with inline colours, text.
impl Serialize for Side {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut side = serializer.serialize_struct("Side", 3)?;
        side.serialize_field("markdown", &self.markdown)?;
        side.serialize_field("html", &self.html())?;
        side.serialize_field("text", &self.text())?;
        side.end()
    }
}

/// Every form of a side, from a single parse of its Markdown.
pub fn side(markdown: impl Into<String>) -> Side {
    side_with(markdown, &Prepared::default(), None)
}

/// [`side`], with code parsed ahead of time where `prepared` has it; code
/// showing lines of the block `origin` is coloured as in that block.
pub fn side_with(markdown: impl Into<String>, prepared: &Prepared, origin: Option<&str>) -> Side {
    side_of(markdown.into(), |code, lang| Highlighting::of(code, lang, prepared, origin))
}

/// [`side`] with code left uncoloured: the same text and HTML but for the
/// colours, at a fraction of the cost (for comparing sides as text).
#[cfg(feature = "anki-connect")]
pub fn side_unhighlighted(markdown: impl Into<String>) -> Side {
    side_of(markdown.into(), |_, _| Highlighting::default())
}

fn side_of(mut markdown: String, highlight: impl Fn(&str, Option<&str>) -> Highlighting) -> Side {
    // A side lives until the outputs are written: hold no spare capacity
    // (a large guide keeps a hundred thousand of them).
    markdown.shrink_to_fit();
    let (template, code, text) = {
        let unslotted = without_slots(&markdown);
        let joined = markdown::join_display_math(&unslotted);
        let events: Vec<Event<'_>> = events(&joined).collect();
        let template = Template::new(events.iter().cloned(), markdown.len());
        let code = template
            .blocks
            .into_iter()
            .map(|(lang, mut code)| {
                code.shrink_to_fit();
                let highlighting = highlight(&code, lang.as_deref());
                let code = match markdown.find(code.as_str()) {
                    Some(at) if !code.is_empty() => Code::Within(at..at + code.len()),
                    _ => Code::Own(code),
                };
                CodeSlot { lang, code, highlighting }
            })
            .collect();
        let mut html = template.html;
        html.truncate(html.trim_end().len());
        html.shrink_to_fit();
        let (mut text, slotted) = raw_text(events.into_iter(), markdown.len(), true);
        if !slotted {
            text = cleaned(&text);
        }
        text.shrink_to_fit();
        (html, code, text)
    };
    Side { markdown, text, template, code }
}

/// Quotes and lists nested deeper than this are flattened: the content is
/// kept, the extra levels are not (deep HTML makes sanitizing quadratic).
const MAX_NESTING: usize = 24;

fn events(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    dialect(Parser::new_ext(markdown, markdown::options()))
}

/// Math as MathJax text and nesting bounded, whichever parser reads.
fn dialect<'a>(parser: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut depth = 0usize;
    parser.filter_map(move |event| match event {
        Event::InlineMath(tex) => Some(Event::Text(CowStr::from(format!("\\({tex}\\)")))),
        Event::DisplayMath(tex) => Some(Event::Text(CowStr::from(format!("\\[{tex}\\]")))),
        Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item) => {
            depth += 1;
            (depth <= MAX_NESTING).then_some(event)
        }
        Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item) => {
            depth -= 1;
            (depth < MAX_NESTING).then_some(event)
        }
        // A slot marker written as an entity (`&#xF8FF;`) is read as text
        // like any other: only the template's own markers are slots.
        Event::Text(t) if t.contains(SLOT) => Some(Event::Text(unslotted(&t))),
        Event::Code(t) if t.contains(SLOT) => Some(Event::Code(unslotted(&t))),
        Event::Html(t) if t.contains(SLOT) => Some(Event::Html(unslotted(&t))),
        Event::InlineHtml(t) if t.contains(SLOT) => Some(Event::InlineHtml(unslotted(&t))),
        other => Some(other),
    })
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["kbd", "samp", "var", "mark", "details", "summary", "input"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("pre", ["class"])
        .add_tag_attributes("span", ["class"])
        .add_tag_attributes("div", ["class"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("ol", ["start"])
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// Marks where a highlighted code block goes back in after sanitizing
/// (a private-use character, removed from guide text beforehand).
const SLOT: char = '\u{F8FF}';

/// Markdown → sanitized HTML, code highlighted with `markup`.
#[cfg(test)]
pub fn html(markdown: &str, markup: CodeMarkup) -> String {
    side(markdown).html_in(markup).into_owned()
}

/// The guide's text with any slot marker replaced, so no slot can be forged.
fn without_slots(markdown: &str) -> Cow<'_, str> {
    if markdown.contains(SLOT) { Cow::Owned(markdown.replace(SLOT, "\u{FFFD}")) } else { Cow::Borrowed(markdown) }
}

/// [`without_slots`] for an event's text (an entity can spell a marker).
fn unslotted(text: &str) -> CowStr<'static> {
    CowStr::from(without_slots(text).into_owned())
}

/// Sanitized HTML with marked slots where code blocks go, so one parse and
/// one sanitizing pass serve every code markup. Raw HTML from the guide is
/// sanitized; highlighted code is generated here and trusted, so it is put
/// in after sanitizing.
struct Template {
    html: String,
    /// Each block's fence language and code.
    blocks: Vec<(Option<String>, String)>,
}

impl Template {
    /// `size_hint`: the Markdown's length, which the HTML is near.
    fn new<'a>(events: impl Iterator<Item = Event<'a>>, size_hint: usize) -> Self {
        let mut blocks: Vec<(Option<String>, String)> = Vec::new();
        let mut code: Option<(Option<String>, String)> = None;
        let mut needs_cleaning = false;
        let mut raw = String::with_capacity(size_hint + size_hint / 2);
        let events = events.filter_map(|event| match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => markdown::fence_language(&info).map(str::to_owned),
                    CodeBlockKind::Indented => None,
                };
                code = Some((lang, String::new()));
                None
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, body)) = code.as_mut() {
                    body.push_str(&t);
                }
                None
            }
            Event::End(TagEnd::CodeBlock) => {
                blocks.push(code.take()?);
                Some(Event::Text(CowStr::from(format!("{SLOT}{}{SLOT}", blocks.len() - 1))))
            }
            other => {
                // Only raw HTML and URLs can carry anything dangerous; pulldown
                // escapes all other text, so the sanitizer runs only when needed.
                needs_cleaning |= matches!(
                    other,
                    Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::Link { .. } | Tag::Image { .. })
                );
                Some(other)
            }
        });
        pulldown_cmark::html::push_html(&mut raw, events);
        let html = if needs_cleaning { SANITIZER.clean(&raw).to_string() } else { raw };
        Self { html, blocks }
    }
}

/// Markdown → plain text: lists as `- ` lines, code kept verbatim.
#[cfg(test)]
pub fn text(markdown: &str) -> String {
    text_of(events(&markdown::join_display_math(markdown)), markdown.len())
}

fn text_of<'a>(events: impl Iterator<Item = Event<'a>>, size_hint: usize) -> String {
    cleaned(&raw_text(events, size_hint, false).0)
}

/// The text before [`cleaned`]; with `slots`, each code block's code is a
/// slot numbered as the template's blocks are. Says whether it has a slot.
fn raw_text<'a>(events: impl Iterator<Item = Event<'a>>, size_hint: usize, slots: bool) -> (String, bool) {
    let mut out = String::with_capacity(size_hint);
    let mut lists: Vec<Option<u64>> = Vec::new();
    // Inside a raw `<script>` or `<style>`, whose text is never shown.
    let mut hidden = false;
    // The code block being read (its number, how many newlines end it so
    // far), whether it has its slot, and how many blocks were read.
    let (mut in_code, mut slotted_block, mut blocks): (Option<(usize, usize)>, bool, usize) = (None, false, 0);
    let mut slotted = false;
    for event in events {
        match event {
            Event::Text(_) | Event::Code(_) if hidden => {}
            Event::Text(t) if slots && in_code.is_some() => {
                // A block's text can come in several events: one slot for
                // all, and its final newlines after it, as text (what comes
                // next depends on them).
                if let Some((n, tail)) = in_code.as_mut() {
                    if !slotted_block {
                        out.push_str(&format!("{SLOT}{n}{SLOT}"));
                        slotted = true;
                        slotted_block = true;
                    }
                    let trimmed = t.trim_end_matches('\n');
                    *tail = if trimmed.is_empty() { *tail + t.len() } else { t.len() - trimmed.len() };
                }
            }
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::List(start)) => {
                newline(&mut out);
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                paragraph_break(&mut out);
            }
            Event::Start(Tag::Item) => {
                newline(&mut out);
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                newline(&mut out);
                in_code = Some((blocks, 0));
                slotted_block = false;
                blocks += 1;
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Table | TagEnd::BlockQuote(_),
            ) => {
                if let Some((_, tail)) = in_code.take()
                    && slotted_block
                {
                    out.push_str(&"\n".repeat(tail));
                }
                if lists.is_empty() {
                    paragraph_break(&mut out);
                } else {
                    newline(&mut out);
                }
            }
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => newline(&mut out),
            Event::End(TagEnd::TableCell) => out.push_str(" | "),
            Event::TaskListMarker(done) => out.push_str(if done { "[x] " } else { "[ ] " }),
            Event::Rule => paragraph_break(&mut out),
            Event::Html(html) | Event::InlineHtml(html) => {
                let lower = html.to_ascii_lowercase();
                if hidden {
                    hidden = !(lower.contains("</script") || lower.contains("</style"));
                } else {
                    // An entity can spell a slot marker: kept as text.
                    out.push_str(&without_slots(&html_text(&html)));
                    hidden = (lower.contains("<script") && !lower.contains("</script"))
                        || (lower.contains("<style") && !lower.contains("</style"));
                }
            }
            _ => {}
        }
    }
    (out, slotted)
}

/// Lines trimmed at the end, runs of blank lines made one.
fn cleaned(raw: &str) -> String {
    let mut cleaned = String::with_capacity(raw.len());
    for line in raw.lines() {
        let mut line = line.trim_end();
        // (A loop, not `trim_end_matches(" |")`: that sets up a substring
        // search for every line.)
        while let Some(rest) = line.strip_suffix(" |") {
            line = rest;
        }
        if line.is_empty() && (cleaned.is_empty() || cleaned.ends_with("\n\n")) {
            continue;
        }
        cleaned.push_str(line);
        cleaned.push('\n');
    }
    cleaned.truncate(cleaned.trim_end().len());
    cleaned
}

/// Keeps only the text of HTML (no tags), and none of a script's or style's.
static TEXT_ONLY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder.clean_content_tags(["script", "style"].into_iter().collect());
    builder
});

/// The visible text of a raw HTML fragment.
fn html_text(html: &str) -> String {
    if !html.contains('<') {
        return html.to_owned();
    }
    TEXT_ONLY
        .clean(html)
        .to_string()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

fn newline(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn paragraph_break(out: &mut String) {
    newline(out);
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// Plain text of an inline fragment (a heading), on one line.
pub fn inline_text(markdown: &str) -> String {
    // A heading read alone has no link definitions: `[text][ref]` keeps its
    // text rather than its brackets.
    let mut keep_text =
        |link: BrokenLink<'_>| (link.link_type == LinkType::Reference).then(|| (CowStr::from(""), CowStr::from("")));
    let markdown = markdown::join_display_math(markdown);
    let parser = Parser::new_with_broken_link_callback(&markdown, markdown::options(), Some(&mut keep_text));
    let text = text_of(dialect(parser), markdown.len());
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How big an answer is, as `check` and the splitter see it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measure {
    /// List items at any depth.
    pub items: usize,
    /// Characters of text outside code blocks.
    pub prose_chars: usize,
    /// Lines inside code blocks.
    pub code_lines: usize,
}

pub fn measure(markdown: &str) -> Measure {
    plain_measure(markdown).unwrap_or_else(|| parsed_measure(markdown))
}

/// The measure of text no Markdown reader could take for markup (most of
/// a guide's sentences), without parsing it: every character counts, a
/// line break as one, as in [`parsed_measure`].
fn plain_measure(markdown: &str) -> Option<Measure> {
    let markup = |b: &u8| matches!(b, b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'&' | b'|' | b'~' | b'$');
    if markdown.bytes().any(|b| markup(&b) || b.is_ascii_control() && b != b'\n') {
        return None;
    }
    // Block markers and indentation count only at the start of a line, and
    // hard breaks only at its end.
    let plain_line = |line: &str| {
        line.as_bytes().first().is_some_and(|b| !b.is_ascii_digit() && !b" -+=#>".contains(b)) && !line.ends_with(' ')
    };
    markdown
        .split('\n')
        .all(plain_line)
        .then(|| Measure { prose_chars: markdown.chars().count(), ..Measure::default() })
}

fn parsed_measure(markdown: &str) -> Measure {
    let mut m = Measure::default();
    let mut in_code = false;
    for event in events(&markdown::join_display_math(markdown)) {
        match event {
            Event::Start(Tag::Item) => m.items += 1,
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if in_code => m.code_lines += t.lines().count(),
            Event::Text(t) | Event::Code(t) => m.prose_chars += t.chars().count(),
            Event::SoftBreak | Event::HardBreak => m.prose_chars += 1,
            _ => {}
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_measures_as_parsed() {
        use proptest::prelude::*;
        let plain = "[a-zA-Z0-9 .,;:'\"()?!=+#>/%@^{}é—“”\u{a0}\u{2028}\u{3000}\u{200b}漢字\n-]{1,40}";
        proptest!(|(text in plain)| {
            if let Some(quick) = plain_measure(&text) {
                prop_assert_eq!(quick, parsed_measure(&text), "{:?}", text);
            }
        });
        assert!(plain_measure("A sentence. Another one,\nwrapped!").is_some(), "the quick path is taken");
        for markup in ["- item", "1. one", "*em*", "a  \nb", "# T", "x\n\ny", "a <b>", " indented"] {
            assert!(plain_measure(markup).is_none(), "{markup:?}");
        }
    }

    #[test]
    fn hostile_html_is_removed() {
        let html = portable(
            "Hi <script>alert(1)</script><a href=\"JaVaScRiPt:alert(1)\" onclick=\"x()\">x</a> <kbd>Ctrl</kbd>",
        );
        assert!(!html.to_lowercase().contains("script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(html.contains("<kbd>Ctrl</kbd>"), "{html}");
    }

    fn portable(markdown: &str) -> String {
        html(markdown, CodeMarkup::PORTABLE)
    }

    #[test]
    fn code_is_highlighted_after_sanitizing() {
        let html = html("Hi <b onclick=x>there</b>\n\n```python\nx = 1 < 2\n```", CodeMarkup::ANKI);
        assert!(html.contains("<pre class=\"cs-code hl-code\"><code class=\"language-python\">"), "{html}");
        assert!(html.contains("<span class=\"hl-"), "{html}");
        assert!(html.contains("&lt;"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains(SLOT));
    }

    #[test]
    fn slot_marker_in_guide_text_cannot_inject() {
        let html = portable("x \u{F8FF}0\u{F8FF}\n\n```\n<script>\n```");
        assert_eq!(html.matches("<pre").count(), 1, "{html}");
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn slot_marker_written_as_an_entity_is_text_not_a_slot() {
        let markdown = "a &#xF8FF;0&#xF8FF; b\n\n```python\nx = 1\n```";
        let side = side(markdown);
        assert_eq!(side.html().matches("<pre").count(), 1, "{}", side.html());
        assert_eq!(side.text(), "a \u{FFFD}0\u{FFFD} b\n\nx = 1");
        assert_eq!(side.text(), text(markdown));
    }

    #[test]
    fn code_in_the_text_reads_as_if_written_there() {
        for markdown in [
            "Intro\n\n```python\nx = 1   \n\n\n\ny = 2\n```\n\nafter",
            "```\n\n\ncode first\n```",
            "- item\n\n  ```rust\n  let a = 1; |\n  ```\n- next",
            "```js\nconst a = 1;\n```\n```js\nconst b = 2;\n```",
            "<script>\n\n```js\nhidden()\n```\n",
        ] {
            let side = side(markdown);
            assert_eq!(side.text(), text(markdown), "{markdown:?}");
        }
    }

    #[test]
    fn a_sides_text_is_its_markdowns_text() {
        use proptest::prelude::*;
        let pieces = prop::sample::select(vec![
            "```python\n",
            "```\n",
            "~~~\n",
            "    indented code\n",
            "x = 1   \n",
            "a |\n",
            "\n",
            "\n\n",
            "- item\n",
            "  - nested\n",
            "1. one\n",
            "> quote\n",
            "<script>\n",
            "</script>\n",
            "text ",
            "`code` ",
            "| a | b |\n|---|---|\n| c | d |\n",
            "&#xF8FF;",
            "\t",
            "$$x$$\n",
        ]);
        proptest!(|(parts in prop::collection::vec(pieces, 1..16))| {
            let markdown = parts.concat();
            let side = side(markdown.as_str());
            prop_assert_eq!(side.text(), text(&markdown), "{:?}", markdown);
        });
    }

    #[test]
    fn one_parse_gives_every_form() {
        for markdown in
            ["Plain *text* and <kbd>x</kbd>", "Intro\n\n```python\nx = 1\n```\n\n- a\n- b\n\n```\nplain\n```"]
        {
            let side = side(markdown);
            assert_eq!(side.html(), html(markdown, CodeMarkup::PORTABLE));
            assert_eq!(side.deck_html(), html(markdown, CodeMarkup::ANKI));
            assert_eq!(side.text(), text(markdown));
            assert_eq!(side.shows_code(), markdown.contains("```"), "{markdown}");
            assert_eq!(side.html() == side.deck_html(), !markdown.contains("```"), "{markdown}");
        }
    }

    #[test]
    fn math_becomes_mathjax() {
        assert_eq!(portable("Area $\\pi r^2$"), "<p>Area \\(\\pi r^2\\)</p>");
        assert_eq!(text("$$x$$"), "\\[x\\]");
    }

    #[test]
    fn text_lists_and_code() {
        assert_eq!(text("Intro:\n\n- a\n- **b**\n  - c\n\n```\nx\n```"), "Intro:\n\n- a\n- b\n  - c\n\nx");
        assert_eq!(text("1. one\n2. two"), "1. one\n2. two");
    }

    #[test]
    fn tables_and_inline_code_render() {
        let html = portable("| a | b |\n|---|---|\n| `x` | $y^2$ |");
        assert!(html.starts_with("<table><thead><tr><th>a</th>"), "{html}");
        assert!(html.contains("<td><code>x</code></td><td>\\(y^2\\)</td>"), "{html}");
    }

    #[test]
    fn raw_html_keeps_its_text_but_not_scripts() {
        assert_eq!(text("<div>raw <em>html</em> &amp; more</div>"), "raw html & more");
        assert_eq!(text("a <kbd>Ctrl</kbd> b<script>evil()</script>"), "a Ctrl b");
    }

    #[test]
    fn deep_nesting_is_flattened_not_lost() {
        let html = portable(&(">".repeat(5000) + " deep"));
        assert!(html.contains("deep"));
        assert!(html.matches("<blockquote>").count() <= MAX_NESTING);
    }

    #[test]
    fn measure_counts_items_and_prose() {
        let m = measure("Hello\n\n- a\n- b\n  - c\n\n```\nlong code line\n```");
        assert_eq!(m, Measure { items: 3, prose_chars: 8, code_lines: 1 });
    }
}
#[cfg(test)]
mod reference_link_tests {
    #[test]
    fn reference_links_keep_their_text() {
        assert_eq!(super::inline_text("[`map()`](https://x.org) and [ref text][1] 🚀"), "map() and ref text 🚀");
        assert_eq!(super::inline_text("What does arr[0] return?"), "What does arr[0] return?");
    }
}
