//! The rendered deck: takes extracted cards, gives what every exporter
//! writes — each side as Markdown, HTML and text. GUIDs and modification
//! times are left blank for [`identity::assign`](crate::identity::assign).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::card::{CardKind, Part};
use crate::classify;
use crate::extract::{Extraction, Notice};
use crate::highlight::Prepared;
use crate::media::MediaFile;
use crate::render::{self, Side};

/// A guide ready to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deck {
    pub title: String,
    /// The guide's path relative to the folder it was found in.
    pub source: String,
    pub cards: Vec<DeckCard>,
    /// Images the cards show, packed into the deck and copied next to it.
    #[serde(skip)]
    pub media: Vec<MediaFile>,
    /// The guide's `id-prefix`, which namespaces its pinned ids.
    #[serde(skip)]
    pub id_prefix: Option<String>,
    /// When the guide was last saved: the time of a note it changes.
    #[serde(skip)]
    pub modified: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeckCard {
    pub guid: String,
    /// The identity pinned with `cardsmith:id`, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    pub kind: CardKind,
    pub deck: String,
    pub context: Vec<String>,
    pub tags: Vec<String>,
    pub front: Side,
    pub back: Side,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub part: Option<Part>,
    /// Cloze numbers; an Anki cloze note makes one card per number.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cloze: Option<Vec<u32>>,
    pub source: SourceRef,
    /// Seconds since the epoch when this note's content last changed; Anki
    /// updates a note on import only when this is newer than its copy.
    #[serde(skip)]
    pub modified: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub file: String,
    pub line: usize,
}

impl DeckCard {
    /// The cloze numbers a note of `kind` with this front makes cards for.
    pub fn cloze_numbers(kind: CardKind, front: &str) -> Option<Vec<u32>> {
        (kind == CardKind::Cloze).then(|| classify::cloze_numbers(front))
    }
}

impl Deck {
    /// Renders the extracted cards, taking the extraction apart as it goes
    /// (on large guides, not holding both at once matters) and using the
    /// code highlighted ahead of time in `prepared`. A card a side of which
    /// renders to nothing is left out, with a notice saying so.
    pub fn from_extraction(
        source: &str,
        extraction: Extraction,
        modified: i64,
        prepared: &Prepared,
    ) -> (Self, Vec<Notice>) {
        let id_prefix = extraction.front_matter.id_prefix.clone();
        let mut cards = extraction
            .cards
            .into_par_iter()
            .map(|card| DeckCard {
                guid: String::new(),
                id: card.pinned_id,
                kind: card.kind,
                deck: card.deck,
                context: card.context,
                tags: card.tags,
                cloze: DeckCard::cloze_numbers(card.kind, &card.front),
                front: render::side_with(card.front, prepared, card.code_from.as_deref()),
                back: render::side_with(card.back, prepared, card.code_from.as_deref()),
                part: card.part,
                source: SourceRef { file: source.to_owned(), line: card.line },
                modified: 0,
            })
            .collect::<Vec<DeckCard>>();
        // A side that renders to nothing (say, only a `<script>`) is no card.
        // (Filtered afterwards: collecting a filtered parallel iterator
        // would hold every card twice.)
        let mut notices = Vec::new();
        cards.retain(|card| {
            let side = match (card.front.is_blank(), card.back.is_blank()) {
                (false, false) => return true,
                (true, false) => "question",
                (false, true) => "answer",
                (true, true) => "question and answer",
            };
            notices.push(Notice {
                line: card.source.line,
                code: "emptied",
                message: format!(
                    "a card was left out: its {side} is nothing but HTML that cards never show (scripts, styles, \
                     event handlers…); write it as text or Markdown"
                ),
            });
            false
        });
        let deck =
            Self { title: extraction.title, source: source.to_owned(), cards, media: Vec::new(), id_prefix, modified };
        (deck, notices)
    }

    /// How many Anki cards the notes make (a cloze note makes one per number).
    pub fn anki_card_count(&self) -> usize {
        self.cards.iter().map(|c| c.cloze.as_ref().map_or(1, |n| n.len().max(1))).sum()
    }
}
