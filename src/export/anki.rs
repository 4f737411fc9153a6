//! What the `.apkg` and the CSV share: the note types (fixed ids, names,
//! fields and templates — changing any of them makes Anki refuse updates),
//! the deck stylesheet, and each note's fields.

use std::borrow::Cow;

use sha2::{Digest, Sha256};

use crate::card::CardKind;
use crate::deck::DeckCard;
use crate::highlight;

pub const BASIC_MODEL_ID: i64 = 1_721_304_517_001;
pub const CLOZE_MODEL_ID: i64 = 1_721_304_517_002;
pub const BASIC_MODEL_NAME: &str = "cardsmith Basic";
pub const CLOZE_MODEL_NAME: &str = "cardsmith Cloze";
pub const BASIC_FIELDS: [&str; 4] = ["Front", "Back", "Context", "Source"];
pub const CLOZE_FIELDS: [&str; 4] = ["Text", "Back Extra", "Context", "Source"];
pub const TEMPLATE_NAME: &str = "Card 1";
pub const CLOZE_TEMPLATE_NAME: &str = "Cloze";
/// When the note types' templates or CSS last changed; Anki updates a note
/// type on import only when this is newer than its copy. Bump it with them.
pub const MODELS_MODIFIED: i64 = 1_764_500_000;

pub const BASIC_QUESTION: &str = r#"<div class="cs-context">{{Context}}</div>
<div class="cs-front">{{Front}}</div>"#;
pub const BASIC_ANSWER: &str = r#"<div class="cs-context">{{Context}}</div>
<div class="cs-front">{{Front}}</div>
<hr id="answer">
<div class="cs-back">{{Back}}</div>
<div class="cs-source">{{Source}}</div>"#;
pub const CLOZE_QUESTION: &str = r#"<div class="cs-context">{{Context}}</div>
<div class="cs-front">{{cloze:Text}}</div>"#;
pub const CLOZE_ANSWER: &str = r#"<div class="cs-context">{{Context}}</div>
<div class="cs-front">{{cloze:Text}}</div>
<div class="cs-back">{{Back Extra}}</div>
<div class="cs-source">{{Source}}</div>"#;

const BASE_CSS: &str = r#".card {
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 19px;
  line-height: 1.45;
  text-align: left;
  color: #1f2328;
  background-color: #ffffff;
  margin: 0 auto;
  padding: 12px 14px;
  max-width: 46em;
  overflow-wrap: break-word;
}
.card.nightMode, .nightMode .card, .card.night_mode, .night_mode .card { color: #e6edf3; background-color: #1d1f23; }
.cs-context { font-size: 0.72em; color: #59636e; margin-bottom: 0.7em; }
.nightMode .cs-context, .night_mode .cs-context { color: #9ba7b4; }
.cs-source { font-size: 0.66em; color: #6e7781; margin-top: 1.2em; }
.nightMode .cs-source, .night_mode .cs-source { color: #8b949e; }
hr#answer { border: none; border-top: 1px solid #d0d7de; margin: 0.9em 0; }
.nightMode hr#answer, .night_mode hr#answer { border-top-color: #3d444d; }
ul, ol { padding-left: 1.3em; margin: 0.35em 0; }
li { margin: 0.15em 0; }
p { margin: 0.45em 0; }
code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.88em;
  background-color: rgba(127, 127, 127, 0.16);
  border-radius: 4px;
  padding: 0.08em 0.3em;
}
pre.cs-code {
  overflow-x: auto;
  -webkit-overflow-scrolling: touch;
  white-space: pre;
  overflow-wrap: normal;
  word-wrap: normal;
  max-width: 100%;
  box-sizing: border-box;
  padding: 0.6em 0.8em;
  border: 1px solid #d0d7de;
  border-radius: 6px;
  font-size: 0.8em;
  line-height: 1.4;
}
.nightMode pre.cs-code, .night_mode pre.cs-code { border-color: #3d444d; }
pre.cs-code code { background: none; padding: 0; font-size: 1em; white-space: pre; }
table { border-collapse: collapse; margin: 0.4em 0; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d7de; padding: 0.2em 0.5em; }
.nightMode th, .nightMode td, .night_mode th, .night_mode td { border-color: #3d444d; }
blockquote { margin: 0.4em 0; padding-left: 0.8em; border-left: 3px solid #d0d7de; color: #59636e; }
.nightMode blockquote, .night_mode blockquote { border-left-color: #3d444d; color: #9ba7b4; }
.cloze { font-weight: bold; color: #0969da; }
.nightMode .cloze, .night_mode .cloze { color: #58a6ff; }
img { max-width: 100%; height: auto; }
/* Phones: code fits 40 columns or more at 360 px (a smaller monospace and
   narrower margins); what is wider scrolls, with a shadow at the edge. */
@media (max-width: 480px) {
  .card { padding: 10px 10px; }
  pre.cs-code { font-size: 0.66em; padding: 0.5em 0.6em; }
}
"#;

/// The note types' stylesheet: layout plus light and night code colours.
pub fn stylesheet() -> String {
    format!("{BASE_CSS}\n/* code colours */\n{}", highlight::stylesheet())
}

/// An Anki deck id derived from the deck's name.
pub fn deck_id(name: &str) -> i64 {
    let digest = Sha256::digest(name.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    ((u64::from_be_bytes(bytes) >> 12) as i64).max(2)
}

/// Whether a card becomes a cloze note.
pub fn is_cloze(card: &DeckCard) -> bool {
    card.kind == CardKind::Cloze
}

/// The breadcrumb line shown above the question.
pub fn context_html(card: &DeckCard) -> String {
    let mut context = breadcrumb(card).iter().map(|c| highlight::escape(c)).collect::<Vec<_>>().join(" › ");
    // A later part's front says which part it is; the first part's does not.
    if let Some(part) = card.part.filter(|p| p.index == 1) {
        context.push_str(&format!(" · part {} of {}", part.index, part.count));
    }
    context
}

/// The breadcrumb a card shows: its context without what the card already
/// says elsewhere — the guide's title when the deck starts with it (Anki
/// shows the deck), and a last part the front begins with ("Metaclasses ›
/// A registry metaclass" over "A registry metaclass: …"). Never empty while
/// the context is not.
pub fn breadcrumb(card: &DeckCard) -> Vec<&str> {
    let mut parts: Vec<&str> = card.context.iter().map(String::as_str).collect();
    let root = card.deck.split("::").next().unwrap_or("");
    if parts.len() > 1 && parts[0] == root {
        parts.remove(0);
    }
    if parts.len() > 1
        && let Some(last) = parts.last()
        && let Some(rest) = card.front.text().trim_start().strip_prefix(last)
        && (rest.is_empty() || rest.starts_with([':', ' ', '?', '.', ',']))
    {
        parts.pop();
    }
    parts
}

/// `guide.md:42`, shown small under the answer.
pub fn source_html(card: &DeckCard) -> String {
    highlight::escape(&format!("{}:{}", card.source.file, card.source.line))
}

/// A note's four fields as the `.apkg` has them (code coloured by classes).
pub fn fields(card: &DeckCard) -> [Cow<'_, str>; 4] {
    let back = if is_cloze(card) { Cow::Borrowed("") } else { card.back.deck_html() };
    [card.front.deck_html(), back, context_html(card).into(), source_html(card).into()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_breadcrumb_leaves_out_what_the_card_already_says() {
        let mut deck = DeckCard {
            guid: String::new(),
            id: None,
            kind: crate::card::CardKind::Code,
            deck: "Advanced Python::Metaclasses".into(),
            context: Vec::new(),
            tags: Vec::new(),
            front: crate::render::side("A registry metaclass: write `PluginMeta`."),
            back: crate::render::side("code"),
            part: None,
            cloze: None,
            source: crate::deck::SourceRef { file: "g.md".into(), line: 1 },
            modified: 0,
        };
        deck.context = vec!["Advanced Python".into(), "Metaclasses".into(), "A registry metaclass".into()];
        assert_eq!(breadcrumb(&deck), ["Metaclasses"]);
        deck.front = crate::render::side("What does it record?");
        assert_eq!(breadcrumb(&deck), ["Metaclasses", "A registry metaclass"]);
        deck.deck = "Interviews::Metaclasses".into();
        assert_eq!(
            breadcrumb(&deck),
            ["Advanced Python", "Metaclasses", "A registry metaclass"],
            "deck: names another root"
        );
        deck.context.truncate(1);
        assert_eq!(breadcrumb(&deck), ["Advanced Python"], "never empty");
    }
}
