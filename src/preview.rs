//! `cardsmith preview`: takes a guide's rendered deck and its `check`
//! findings, gives one self-contained HTML page showing every card as Anki
//! shows it — the note types' own templates and stylesheet, one entry per
//! Anki card (a cloze note gives one per deletion number) — with flipping,
//! light/night and phone/desktop switches, filters by deck, kind and
//! finding, and each card's findings and `file:line`. Images are inlined as
//! `data:` addresses, and the page's script and style are its own: opening
//! it fetches nothing.

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
                inline_media(&fill(template, &fields), &media)
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
<main id="cs-cards" class="cs-cards">
{entries}</main>
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
    );
    Ok(page)
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

fn inline_media(html: &str, media: &[(String, String)]) -> String {
    let mut html = html.to_owned();
    for (name, data) in media {
        html = html.replace(&format!(r#"src="{name}""#), &format!(r#"src="{data}""#));
    }
    html
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
.cs-entry { border: 1px solid #d0d7de; border-radius: 8px; overflow: hidden; background: #ffffff; cursor: pointer; }
.cs-entry:focus { outline: 3px solid #0969da; outline-offset: 2px; }
.cs-entry[hidden] { display: none; }
.cs-cards.nightMode .cs-entry { background: #1d1f23; border-color: #3d444d; }
.cs-entry .card { max-width: none; }
.cs-meta { font-size: 12px; color: #59636e; padding: 0.4em 14px 0.6em; border-top: 1px dashed #d0d7de; }
.cs-cards.nightMode .cs-meta { color: #9ba7b4; border-top-color: #3d444d; }
.cs-findings { margin: 0.3em 0 0; padding-left: 1.2em; color: #9a6700; }
.cs-cards.nightMode .cs-findings { color: #d29922; }"#;

const PAGE_JS: &str = r#"(function () {
  "use strict";
  var cards = document.getElementById("cs-cards");
  var entries = Array.prototype.slice.call(document.querySelectorAll(".cs-entry"));
  function flip(entry, toAnswer) {
    var question = entry.querySelector(".cs-question");
    var answer = entry.querySelector(".cs-answer");
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
    var entry = event.target.closest ? event.target.closest(".cs-entry") : null;
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
