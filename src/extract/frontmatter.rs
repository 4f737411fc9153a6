//! Optional front matter (YAML `---` or TOML `+++`): deck name, extra tags,
//! an id prefix for the file, the language of its prompts and whether
//! unanswered questions become cards.

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::outline::FrontMatterText;
use crate::source::SourceFile;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct FrontMatter {
    /// Root deck name instead of the `#` title.
    #[serde(alias = "title")]
    pub deck: Option<String>,
    /// Tags added to every card.
    pub tags: Vec<String>,
    /// Prefix for pinned ids, so two guides can both use `cardsmith:id intro`.
    #[serde(alias = "id_prefix")]
    pub id_prefix: Option<String>,
    /// The language of the prompts (`ru`, `de`…) instead of the one the
    /// guide's text is written in.
    #[serde(alias = "language")]
    pub lang: Option<String>,
    /// Questions without an answer become cards whose back says so; by
    /// default they make no card (nothing to study) and `check` names them.
    #[serde(alias = "keep_unanswered")]
    pub keep_unanswered: bool,
}

impl FrontMatter {
    pub(super) fn read(source: &SourceFile, text: Option<&FrontMatterText>) -> Result<Self> {
        let Some(text) = text else {
            return Ok(Self::default());
        };
        if text.text.trim().is_empty() {
            return Ok(Self::default());
        }
        let fail = |line: usize, message: String| Error::FrontMatter {
            path: source.path.clone(),
            line: source.line_of(text.offset) + line.saturating_sub(1),
            message,
        };
        if text.toml {
            toml::from_str(&text.text).map_err(|e| {
                let line = e.span().map_or(1, |s| 1 + text.text[..s.start].matches('\n').count());
                fail(line, e.message().to_owned())
            })
        } else {
            match serde_yaml_ng::from_str::<Option<Self>>(&text.text) {
                Ok(fm) => Ok(fm.unwrap_or_default()),
                Err(e) => {
                    let line = e.location().map_or(1, |l| l.line());
                    Err(fail(line, e.to_string()))
                }
            }
        }
    }
}
