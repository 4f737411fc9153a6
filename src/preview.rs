//! `cardsmith preview`: takes a guide's rendered deck and its `check`
//! findings, gives one self-contained HTML page showing every card as Anki
//! shows it — the note types' own templates and stylesheet, one entry per
//! Anki card (a cloze note gives one per deletion number) — with flipping,
//! light/night and phone/desktop switches, filters by deck, kind and
//! finding, and each card's findings and `file:line` (findings on lines
//! that gave no card are listed above the cards). Images are inlined as
//! `data:` addresses, once each however many sides show them, and the
//! page's script and style are its own: opening it fetches nothing. The
//! script and style reach the page's own elements only as direct children
//! (`:scope >`), so a guide's markup using the same class names changes
//! nothing.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::classify;
use crate::deck::{Deck, DeckCard};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::export::anki;
use crate::highlight::escape;
use crate::lint::Finding;

/// A `check` finding as a card shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub code: String,
    pub message: String,
}

impl From<&Finding> for Note {
    fn from(finding: &Finding) -> Self {
        Self { line: finding.line, code: finding.lint.code().to_owned(), message: finding.message.clone() }
    }
}

impl From<&Diagnostic> for Note {
    fn from(diagnostic: &Diagnostic) -> Self {
        Self { line: diagnostic.line, code: diagnostic.code.to_owned(), message: diagnostic.message.clone() }
    }
}

/// The page for one guide. `notes` are its `check` findings; each goes to
/// the cards from its line.
pub fn page(deck: &Deck, notes: &[Note]) -> Result<String> {
    let media = media(deck)?;
    let card_lines: BTreeSet<usize> = deck.cards.iter().map(|c| c.source.line).collect();
    let mut entries = String::new();
    let mut decks = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    let mut codes = BTreeSet::new();
    let mut count = 0;
    for card in &deck.cards {
        let own: Vec<&Note> = notes.iter().filter(|n| n.line == card.source.line).collect();
        decks.insert(card.deck.as_str());
        kinds.insert(card.kind.name());
        codes.extend(own.iter().map(|n| n.code.as_str()));
        let [front, back, context, source] = anki::fields(card);
        let (question, answer) = if anki::is_cloze(card) {
            (anki::CLOZE_QUESTION, anki::CLOZE_ANSWER)
        } else {
            (anki::BASIC_QUESTION, anki::BASIC_ANSWER)
        };
        let numbers = card.cloze.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| vec![0]);
        for number in numbers {
            let fill = |template: &str, back_side: bool| {
                let text =
                    if number == 0 { front.to_string() } else { classify::show_cloze(&front, number, back_side) };
                let fields = [
                    ("Context", &*context),
                    ("cloze:Text", &text),
                    ("Front", &text),
                    ("Back", &back),
                    ("Back Extra", &back),
                    ("Source", &source),
                ];
                balanced(&point_media(&fill(template, &fields), &media))
            };
            count += 1;
            entry(&mut entries, card, number, &fill(question, false), &fill(answer, true), &own);
        }
    }
    let mut page = String::with_capacity(entries.len() + 16 * 1024);
    let title = escape(&deck.title);
    let options = |values: &BTreeSet<&str>| {
        values.iter().map(|v| format!(r#"<option value="{0}">{0}</option>"#, escape(v))).collect::<String>()
    };
    let _ = write!(
        page,
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<link rel="icon" href="data:,">
<title>{title} — cardsmith preview</title>
<style>
{stylesheet}
/* the page around the cards */
{PAGE_CSS}
</style>
</head>
<body class="cs-page">
<header class="cs-bar">
<strong class="cs-title">{title}</strong>
<span class="cs-count" id="cs-count">{count} cards</span>
<label>Deck <select id="cs-deck"><option value="">all</option>{decks}</select></label>
<label>Kind <select id="cs-kind"><option value="">all</option>{kinds}</select></label>
<label>Findings <select id="cs-finding"><option value="">all cards</option><option value="*">with findings</option><option value="-">without</option>{codes}</select></label>
<button type="button" id="cs-night" aria-pressed="false">Night</button>
<button type="button" id="cs-phone" aria-pressed="false">Phone</button>
<button type="button" id="cs-flip-all">Flip all</button>
<span class="cs-help">click a card or press space to flip it</span>
</header>
{other}<main id="cs-cards" class="cs-cards">
{entries}</main>
<script type="application/json" id="cs-media">{media_json}</script>
<script>
{PAGE_JS}
</script>
</body>
</html>
"##,
        stylesheet = anki::stylesheet(),
        decks = options(&decks),
        kinds = options(&kinds),
        codes = options(&codes),
        other = other_findings(&deck.source, notes, &card_lines),
        media_json = media_json(&media),
    );
    Ok(page)
}

/// The findings on lines that gave no card (uncovered prose, a heading
/// left without an answer), which no card's footer would show.
fn other_findings(file: &str, notes: &[Note], card_lines: &BTreeSet<usize>) -> String {
    let other: Vec<&Note> = notes.iter().filter(|n| !card_lines.contains(&n.line)).collect();
    if other.is_empty() {
        return String::new();
    }
    let mut out = format!(
        r#"<section id="cs-other" class="cs-other"><h2>Findings on lines without a card ({})</h2><ul class="cs-findings">"#,
        other.len()
    );
    for note in other {
        let _ = write!(
            out,
            r#"<li><span class="cs-where">{}:{}</span> <code>{}</code> {}</li>"#,
            escape(file),
            note.line,
            escape(&note.code),
            escape(&note.message)
        );
    }
    out.push_str("</ul></section>\n");
    out
}

fn entry(out: &mut String, card: &DeckCard, number: u32, question: &str, answer: &str, notes: &[&Note]) {
    let codes: Vec<&str> = notes.iter().map(|n| n.code.as_str()).collect();
    let cloze = if number > 0 { format!(" · cloze {number}") } else { String::new() };
    let _ = write!(
        out,
        r#"<article class="cs-entry" tabindex="0" data-guid="{guid}" data-deck="{deck}" data-kind="{kind}" data-findings="{codes}">
<div class="card cs-side cs-question">{question}</div>
<div class="card cs-side cs-answer" hidden>{answer}</div>
<footer class="cs-meta"><span class="cs-where">{file}:{line}</span> · {kind}{cloze} · {deck}"#,
        guid = escape(&card.guid),
        deck = escape(&card.deck),
        kind = card.kind.name(),
        codes = escape(&codes.join(" ")),
        file = escape(&card.source.file),
        line = card.source.line,
    );
    if !notes.is_empty() {
        out.push_str(r#"<ul class="cs-findings">"#);
        for note in notes {
            let _ = write!(out, "<li><code>{}</code> {}</li>", escape(&note.code), escape(&note.message));
        }
        out.push_str("</ul>");
    }
    out.push_str("</footer>\n</article>\n");
}

/// A template with each `{{Field}}` replaced, in one pass (so a field that
/// holds `{{…}}` text, as code about templates does, stays as it is).
fn fill(template: &str, fields: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + fields.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else { break };
        let name = &rest[start + 2..start + end];
        out.push_str(&rest[..start]);
        match fields.iter().find(|(field, _)| *field == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[start..start + end + 2]),
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

/// Each image the deck shows, as `(name, data: address)`.
fn media(deck: &Deck) -> Result<Vec<(String, String)>> {
    deck.media
        .iter()
        .map(|file| {
            let bytes = std::fs::read(&file.path).map_err(|source| Error::Read { path: file.path.clone(), source })?;
            let kind = match file.name.rsplit('.').next().map(str::to_ascii_lowercase).as_deref() {
                Some("png") => "image/png",
                Some("jpg" | "jpeg") => "image/jpeg",
                Some("gif") => "image/gif",
                Some("svg") => "image/svg+xml",
                Some("webp") => "image/webp",
                _ => "application/octet-stream",
            };
            Ok((file.name.clone(), format!("data:{kind};base64,{}", base64(&bytes))))
        })
        .collect()
}

/// `html` with every element it opens closed at its end, and closing tags
/// of elements it never opened dropped: a cloze that spans markup (`**{{c1::
/// bold** tail}}`) leaves a side with a tag cut in two, which would swallow
/// the cards after it (or close the page's own elements early).
fn balanced(html: &str) -> String {
    const VOID: &[&str] =
        &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];
    let mut out = String::with_capacity(html.len() + 16);
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let closing = after.starts_with('/');
        let name: String =
            after.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect::<String>();
        let name = name.to_ascii_lowercase();
        let Some(end) = crate::text::tag_end(after) else {
            // A `<` that opens no tag: text.
            out.push_str("&lt;");
            rest = after;
            continue;
        };
        let tag = &rest[start..start + 1 + end + 1];
        rest = &after[end + 1..];
        if name.is_empty() {
            out.push_str(tag); // a comment or a doctype: kept as it is
        } else if closing {
            if let Some(at) = open.iter().rposition(|n| *n == name) {
                for inner in open.drain(at..).skip(1).rev() {
                    out.push_str(&format!("</{inner}>"));
                }
                out.push_str(tag);
            }
        } else {
            out.push_str(tag);
            if !VOID.contains(&name.as_str()) && !tag.ends_with("/>") {
                open.push(name);
            }
        }
    }
    out.push_str(rest);
    for name in open.iter().rev() {
        out.push_str(&format!("</{name}>"));
    }
    out
}

/// Points each image at its entry in the page's media table, which the
/// script reads: a picture on many sides is in the page once.
fn point_media(html: &str, media: &[(String, String)]) -> String {
    let mut html = html.to_owned();
    for (name, _) in media {
        html = html.replace(&format!(r#"src="{name}""#), &format!(r#"data-cs-src="{name}""#));
    }
    html
}

/// The media table: name → `data:` address, as JSON safe inside `<script>`.
fn media_json(media: &[(String, String)]) -> String {
    let table: serde_json::Map<String, serde_json::Value> =
        media.iter().map(|(name, data)| (name.clone(), data.as_str().into())).collect();
    serde_json::Value::Object(table).to_string().replace("</", "<\\/")
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

const PAGE_CSS: &str = r#"body.cs-page { margin: 0; background: #f3f4f6; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Arial, sans-serif; }
body.cs-page.cs-dark { background: #111315; color: #e6edf3; }
.cs-bar { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: 0.5em 1em; align-items: center; padding: 0.6em 1em; background: #ffffff; border-bottom: 1px solid #d0d7de; font-size: 14px; }
.cs-dark .cs-bar { background: #1d1f23; border-bottom-color: #3d444d; }
.cs-bar select, .cs-bar button { font: inherit; }
.cs-bar select { max-width: 22em; }
.cs-bar button[aria-pressed="true"] { font-weight: bold; }
.cs-help { color: #59636e; }
.cs-dark .cs-help { color: #9ba7b4; }
.cs-cards { display: flex; flex-direction: column; gap: 1.2em; padding: 1.2em; max-width: 50em; margin: 0 auto; }
.cs-cards.cs-narrow { max-width: 360px; padding: 1em 0; }
.cs-other { max-width: 50em; margin: 1.2em auto 0; padding: 0 1.2em; font-size: 14px; }
.cs-other h2 { font-size: 15px; margin: 0 0 0.3em; }
.cs-cards > .cs-entry { border: 1px solid #d0d7de; border-radius: 8px; overflow: hidden; background: #ffffff; cursor: pointer; }
.cs-cards > .cs-entry:focus { outline: 3px solid #0969da; outline-offset: 2px; }
.cs-cards > .cs-entry[hidden] { display: none; }
.cs-cards.nightMode > .cs-entry { background: #1d1f23; border-color: #3d444d; }
.cs-cards > .cs-entry > .card { max-width: none; }
.cs-cards > .cs-entry > .cs-meta { font-size: 12px; color: #59636e; padding: 0.4em 14px 0.6em; border-top: 1px dashed #d0d7de; }
.cs-cards.nightMode > .cs-entry > .cs-meta { color: #9ba7b4; border-top-color: #3d444d; }
.cs-meta > .cs-findings, .cs-other > .cs-findings { margin: 0.3em 0 0; padding-left: 1.2em; color: #9a6700; }
.cs-cards.nightMode > .cs-entry > .cs-meta > .cs-findings, .cs-dark .cs-other > .cs-findings { color: #d29922; }"#;

const PAGE_JS: &str = r#"(function () {
  "use strict";
  var cards = document.getElementById("cs-cards");
  var entries = Array.prototype.slice.call(cards.querySelectorAll(":scope > .cs-entry"));
  var media = JSON.parse(document.getElementById("cs-media").textContent);
  Array.prototype.forEach.call(cards.querySelectorAll("img[data-cs-src]"), function (img) {
    var data = media[img.getAttribute("data-cs-src")];
    if (data) { img.src = data; }
  });
  // The entry holding an element: the child of the card list it is in.
  function entryOf(element) {
    while (element && element.parentElement !== cards) { element = element.parentElement; }
    return element && entries.indexOf(element) >= 0 ? element : null;
  }
  function flip(entry, toAnswer) {
    var question = entry.querySelector(":scope > .cs-question");
    var answer = entry.querySelector(":scope > .cs-answer");
    var showAnswer = toAnswer === undefined ? answer.hidden : toAnswer;
    answer.hidden = !showAnswer;
    question.hidden = showAnswer;
    entry.classList.toggle("cs-flipped", showAnswer);
  }
  entries.forEach(function (entry) {
    entry.addEventListener("click", function (event) {
      if (event.target.closest("a")) { return; }
      flip(entry);
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== " " || /^(SELECT|BUTTON|INPUT)$/.test(event.target.tagName)) { return; }
    var entry = entryOf(event.target);
    if (!entry) {
      entry = entries.filter(function (e) { return !e.hidden; })[0];
      if (!entry) { return; }
      entry.focus();
    }
    event.preventDefault();
    flip(entry);
  });
  var deck = document.getElementById("cs-deck");
  var kind = document.getElementById("cs-kind");
  var finding = document.getElementById("cs-finding");
  var count = document.getElementById("cs-count");
  function filter() {
    var shown = 0;
    entries.forEach(function (entry) {
      var codes = entry.dataset.findings ? entry.dataset.findings.split(" ") : [];
      var f = finding.value;
      var keep = (!deck.value || entry.dataset.deck === deck.value)
        && (!kind.value || entry.dataset.kind === kind.value)
        && (!f || (f === "*" ? codes.length > 0 : f === "-" ? codes.length === 0 : codes.indexOf(f) >= 0));
      entry.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = shown + (shown === 1 ? " card" : " cards");
  }
  [deck, kind, finding].forEach(function (select) { select.addEventListener("change", filter); });
  function toggle(button, apply) {
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", on ? "true" : "false");
      apply(on);
    });
  }
  toggle(document.getElementById("cs-night"), function (on) {
    cards.classList.toggle("nightMode", on);
    cards.classList.toggle("night_mode", on);
    document.body.classList.toggle("cs-dark", on);
  });
  toggle(document.getElementById("cs-phone"), function (on) { cards.classList.toggle("cs-narrow", on); });
  var all = false;
  document.getElementById("cs-flip-all").addEventListener("click", function () {
    all = !all;
    entries.forEach(function (entry) { flip(entry, all); });
  });
  filter();
})();"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_side_with_a_tag_cut_in_two_is_balanced() {
        assert_eq!(balanced("<p><strong>[...]</p>"), "<p><strong>[...]</strong></p>");
        assert_eq!(balanced("a</strong> b</div>c"), "a bc", "closers of nothing open are dropped");
        assert_eq!(balanced("<div>x</div>"), "<div>x</div>");
        assert_eq!(balanced(r#"<a title="1 > 0" href="u">x"#), r#"<a title="1 > 0" href="u">x</a>"#);
        assert_eq!(balanced("a <br> b <img src=x> 1 < 2"), "a <br> b <img src=x> 1 &lt; 2");
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar\xff"), "Zm9vYmFy/w==");
    }

    #[test]
    fn a_cloze_card_hides_only_its_own_number() {
        let text = "{{c1::GIL}} guards {{c2::refcounts::what}}";
        assert_eq!(classify::show_cloze(text, 1, false), r#"<span class="cloze">[...]</span> guards refcounts"#);
        assert_eq!(classify::show_cloze(text, 2, false), r#"GIL guards <span class="cloze">[what]</span>"#);
        assert_eq!(classify::show_cloze(text, 2, true), r#"GIL guards <span class="cloze">refcounts</span>"#);
    }
}
