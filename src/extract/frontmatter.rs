//! Optional front matter (YAML `---` or TOML `+++`): deck name, extra tags,
//! an id prefix for the file, the language of its prompts and whether
//! unanswered questions become cards.

use crate::outline::FrontMatterText;
use crate::source::SourceFile;

/// Field names are kebab-case (`id-prefix`); snake_case is read too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// Root deck name instead of the `#` title.
    pub deck: Option<String>,
    /// Tags added to every card.
    pub tags: Vec<String>,
    /// Prefix for pinned ids, so two guides can both use `cardsmith:id intro`.
    pub id_prefix: Option<String>,
    /// The language of the prompts (`ru`, `de`…) instead of the one the
    /// guide's text is written in.
    pub lang: Option<String>,
    /// Questions without an answer become cards whose back says so; by
    /// default they make no card (nothing to study) and `check` names them.
    pub keep_unanswered: bool,
}

/// A front matter field that was there but could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// 1-based line in the guide.
    pub line: usize,
    pub message: String,
}

impl FrontMatter {
    /// Reads front matter field by field: a field that does not fit is
    /// reported and left out, and the others still apply, so one typo never
    /// moves every card to another deck. Front matter that does not parse
    /// at all is reported, though its `deck:`/`title:` and `tags:` lines are
    /// still read.
    pub(super) fn read(source: &SourceFile, text: Option<&FrontMatterText>) -> (Self, Vec<FieldProblem>) {
        let Some(text) = text else {
            return (Self::default(), Vec::new());
        };
        if text.text.trim().is_empty() {
            return (Self::default(), Vec::new());
        }
        let first_line = source.line_of(text.offset);
        let at = |line: usize| first_line + line.saturating_sub(1);
        let parsed: std::result::Result<Option<serde_json::Value>, (usize, String)> = if text.toml {
            toml::from_str::<serde_json::Value>(&text.text).map(Some).map_err(|e| {
                let line = e.span().map_or(1, |s| 1 + text.text[..s.start].matches('\n').count());
                (line, e.message().to_owned())
            })
        } else {
            serde_yaml_ng::from_str::<Option<serde_json::Value>>(&text.text)
                .map_err(|e| (e.location().map_or(1, |l| l.line()), e.to_string()))
        };
        let value = match parsed {
            Ok(value) => value.unwrap_or(serde_json::Value::Null),
            Err((line, message)) => {
                let problem = FieldProblem {
                    line: at(line),
                    message: format!(
                        "front matter ignored but for its `deck:` and `tags:` lines: it does not parse ({message})"
                    ),
                };
                let tags = line_value(&text.text, &["tags"])
                    .and_then(|value| serde_yaml_ng::from_str::<serde_json::Value>(&value).ok())
                    .and_then(|value| tags_of(&value))
                    .unwrap_or_default();
                return (
                    Self { deck: line_value(&text.text, &["deck", "title"]), tags, ..Self::default() },
                    vec![problem],
                );
            }
        };
        let serde_json::Value::Object(fields) = value else {
            let problem = FieldProblem {
                line: at(1),
                message: "front matter ignored: it is not a list of `key: value` fields".into(),
            };
            return (Self::default(), vec![problem]);
        };
        let mut out = Self::default();
        let mut problems = Vec::new();
        for (key, value) in &fields {
            let field = key.replace('_', "-");
            let ok = match field.as_str() {
                "deck" | "title" => text_of(value).map(|t| out.deck = Some(t)).is_some(),
                "tags" => tags_of(value).map(|t| out.tags = t).is_some(),
                "id-prefix" => text_of(value).map(|t| out.id_prefix = Some(t)).is_some(),
                "lang" | "language" => text_of(value).map(|t| out.lang = Some(t)).is_some(),
                "keep-unanswered" => value.as_bool().map(|b| out.keep_unanswered = b).is_some(),
                // Fields other tools use (layout, permalink…) are theirs.
                _ => true,
            };
            if !ok {
                let expected = match field.as_str() {
                    "tags" => "a list of words, or words separated by commas",
                    "keep-unanswered" => "true or false",
                    _ => "a piece of text",
                };
                problems.push(FieldProblem {
                    line: at(field_line(&text.text, key)),
                    message: format!("front matter field `{key}` ignored: expected {expected}, found {value}"),
                });
            }
        }
        (out, problems)
    }
}

fn text_of(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `[net, tcp]`, or `net, tcp` / `net tcp` written as one string.
fn tags_of(value: &serde_json::Value) -> Option<Vec<String>> {
    match value {
        serde_json::Value::Array(items) => items.iter().map(text_of).collect(),
        serde_json::Value::String(s) => {
            Some(s.split([',', ' ']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect())
        }
        serde_json::Value::Null => Some(Vec::new()),
        _ => None,
    }
}

/// The line (1-based, within the front matter) where `key` is set.
fn field_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
        })
        .map_or(1, |i| i + 1)
}

/// The value of a one-line field (`deck: Name`, `tags: [a, b]`) read from
/// front matter that does not parse, so that the cards stay where they were.
fn line_value(text: &str, keys: &[&str]) -> Option<String> {
    text.lines().find_map(|l| {
        let (key, value) = l.split_once(':').or_else(|| l.split_once('='))?;
        let value = value.trim().trim_matches(['"', '\'']).trim();
        (keys.contains(&key.trim()) && !value.is_empty()).then(|| value.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (FrontMatter, Vec<FieldProblem>) {
        let source = SourceFile::from_text("g.md", &format!("---\n{text}---\n# G\n"));
        let outline = crate::outline::parse(&source.text);
        FrontMatter::read(&source, outline.front_matter.as_ref())
    }

    #[test]
    fn one_bad_field_leaves_the_others() {
        let (fm, problems) = read("deck: Net\ntags: net\nkeep-unanswered: maybe\n");
        assert_eq!(fm.deck.as_deref(), Some("Net"));
        assert_eq!(fm.tags, ["net"], "a single word is a one-tag list");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 4);
        assert!(problems[0].message.contains("`keep-unanswered`"), "{problems:?}");
    }

    #[test]
    fn front_matter_that_does_not_parse_still_gives_its_deck_and_tags() {
        let (fm, problems) = read("deck: Net\ntags: [net]\nid-prefix: [oops\n");
        assert_eq!(fm.deck.as_deref(), Some("Net"));
        assert_eq!(fm.tags, ["net"]);
        assert_eq!(problems.len(), 1);
    }
}
