//! Identity, a pass of its own after rendering: takes rendered decks and
//! the previous state (the lock file beside the guides, see [`state`]),
//! gives every card its GUID and modification time, the new state, and what
//! changed.
//!
//! A card keeps its note when it can be told apart as the same card: the
//! same pinned id; the same question in the same place; the same question
//! and answer anywhere (a renamed section, title, deck or file, or a card
//! moved between sections and guides); the same question alone, when only
//! one card and one old note have it; or, as [`matching`] scores it, a
//! reworded question with the same answer or in the same place. Otherwise
//! its GUID derives from a stable key (deck, breadcrumb, kind, question) —
//! never from the answer, the build time or chance — made unlike every GUID
//! the state has ever given out, removed notes' included.

pub mod matching;
pub mod state;

use std::collections::{BTreeSet, HashMap, HashSet};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::card::CardKind;
use crate::deck::{Deck, DeckCard};
use crate::error::Error;
use crate::render;

pub use matching::{Changes, DeckMove, Moved, Named};
pub use state::{LockedNote, State};

/// Bump when rendering changes enough that every note should be refreshed
/// in Anki (hashed into every card's content).
const RENDER_EPOCH: &str = "1";

/// Bump when highlighted code renders differently (its classes or colours):
/// hashed into the content of cards that show code, so those notes, and
/// only those, are refreshed in Anki.
const CODE_EPOCH: &str = "2";

/// The modification time of a note cardsmith has no state for: older than
/// any copy of it already in Anki (2000-01-01), so importing never
/// overwrites a note there — new notes are added all the same.
pub const NO_STATE_MODIFIED: i64 = 946_684_800;

const BASE91: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";

/// What [`assign`] decided for a batch of decks.
#[derive(Debug, Default)]
pub struct Assigned {
    /// Per deck, in the order given.
    pub changes: Vec<Changes>,
    /// The state after this build: every guide of the previous state and
    /// every deck (a failed deck keeps its previous notes).
    pub state: State,
    /// Decks that cannot be built, with why (an id pinned in another guide).
    pub errors: Vec<(usize, Error)>,
    /// Notes of guides that are gone, no card having taken them.
    pub gone: Vec<(String, Vec<Named>)>,
    /// Cards Anki should move to their new deck.
    pub deck_moves: Vec<DeckMove>,
}

/// Where a batch of decks stands.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// Guides of the previous state whose notes stay as they are (not
    /// rebuilt now); every other guide of it is rebuilt or gone, and its
    /// notes are there for the taking.
    pub settled: &'a BTreeSet<String>,
    /// GUIDs a new card must not take besides the state's own (those of
    /// other folders in the same build).
    pub reserved: &'a HashSet<String>,
    /// Stamps notes removed from gone guides.
    pub now: i64,
}

/// Gives every card of `decks` its GUID and modification time, taking the
/// previous state (its settled guides' notes pass into the new one as they
/// are).
pub fn assign(decks: &mut [Deck], previous: State, scope: Scope) -> Assigned {
    let Scope { settled, reserved, now } = scope;
    let mut errors = pinned_clashes(decks, &previous, settled);
    let failed: HashSet<usize> = errors.iter().map(|(i, _)| *i).collect();
    let mut settled = settled.clone();
    settled.extend(failed.iter().map(|&i| decks[i].source.clone()));
    let mut in_deck: HashMap<String, usize> = HashMap::new();
    for note in previous.notes.iter().filter(|n| n.removed.is_none()) {
        *in_deck.entry(note.deck.clone()).or_default() += 1;
    }
    let (kept, open): (Vec<LockedNote>, Vec<LockedNote>) =
        previous.notes.into_iter().partition(|n| settled.contains(&n.guide));

    let facts: Vec<Vec<Facts>> = decks
        .iter()
        .enumerate()
        .map(|(i, deck)| {
            if failed.contains(&i) {
                return Vec::new();
            }
            deck.cards.par_iter().map(|card| Facts::of(card, deck.id_prefix.as_deref())).collect()
        })
        .collect();
    let scope = Scope { settled: &settled, reserved, now };
    let outcome = matching::match_cards(decks, &facts, open, &kept, scope);
    errors.sort_by_key(|(i, _)| *i);
    let deck_moves = DeckMove::collect(&outcome.changes, &in_deck);
    let mut state = outcome.state;
    state.notes.extend(kept);
    Assigned { changes: outcome.changes, state, errors, gone: outcome.gone, deck_moves }
}

/// An id pinned in two guides would give both the same note: the later
/// guide fails, naming both places.
fn pinned_clashes(decks: &[Deck], previous: &State, settled: &BTreeSet<String>) -> Vec<(usize, Error)> {
    let mut first: HashMap<String, (String, usize)> = previous
        .notes
        .iter()
        .filter(|n| n.removed.is_none() && settled.contains(&n.guide))
        .filter_map(|n| n.id.as_ref().map(|id| (id.clone(), (n.guide.clone(), 0))))
        .collect();
    let mut errors = Vec::new();
    for (i, deck) in decks.iter().enumerate() {
        let prefix = deck.id_prefix.as_deref();
        let mut mine = Vec::new();
        for card in &deck.cards {
            let Some(id) = &card.id else { continue };
            let full = pinned(prefix, id);
            match first.get(&full) {
                Some((guide, line)) if *guide != deck.source => {
                    let at = if *line == 0 { guide.clone() } else { format!("{guide}:{line}") };
                    errors.push((
                        i,
                        Error::PinnedElsewhere {
                            path: deck.source.clone().into(),
                            line: card.source.line,
                            id: id.clone(),
                            at,
                        },
                    ));
                    break;
                }
                _ => mine.push((full, card.source.line)),
            }
        }
        if errors.last().is_none_or(|(j, _)| *j != i) {
            for (full, line) in mine {
                first.entry(full).or_insert_with(|| (deck.source.clone(), line));
            }
        }
    }
    errors
}

/// A pinned id as the state keeps it: namespaced by the guide's `id-prefix`.
fn pinned(prefix: Option<&str>, id: &str) -> String {
    match prefix {
        Some(prefix) => format!("{prefix}/{id}"),
        None => id.to_owned(),
    }
}

/// What matching needs to know of a card, worked out once.
#[derive(Debug, Clone)]
pub struct Facts {
    /// Hash of the stable key (kind, deck, breadcrumb, question); a new
    /// card's GUID derives from the key itself, worked out again for it.
    pub key: u64,
    pub front: u64,
    pub answer: u64,
    pub content: u64,
    pub pinned: Option<String>,
}

impl Facts {
    fn of(card: &DeckCard, id_prefix: Option<&str>) -> Self {
        Self {
            key: short_hash(&key(card, id_prefix)),
            front: short_hash(&card.front.markdown),
            answer: answer_hash(&card.back.markdown),
            content: content_hash(
                card.kind,
                &card.front.markdown,
                &card.back.markdown,
                card.part,
                &card.tags,
                card.front.shows_code() || card.back.shows_code(),
            ),
            pinned: card.id.as_deref().map(|id| pinned(id_prefix, id)),
        }
    }
}

/// The stable key a new card's GUID is derived from.
pub fn key(card: &DeckCard, id_prefix: Option<&str>) -> String {
    if let Some(id) = &card.id {
        return format!("id | {}", pinned(id_prefix, id));
    }
    let front = match card.part {
        // A later part's front ends in " (continued, 2/3)" in the guide's
        // language, on a line of its own after code or a list.
        Some(part) if part.index > 1 => {
            let front = card.front.markdown.as_str();
            front.rfind(" (").max(front.rfind("\n(")).map_or(front, |at| &front[..at])
        }
        _ => card.front.markdown.as_str(),
    };
    let front = render::inline_text(front).to_lowercase();
    let mut key = format!("{} | {} | {} | {front}", card.kind.name(), card.deck, card.context.join(" › "));
    if let Some(part) = card.part.filter(|p| p.index > 1) {
        key.push_str(&format!(" | part {}", part.index));
    }
    key
}

/// What a user studies of a note, hashed: when it changes, the note's
/// modification time moves and re-importing updates it in Anki. Where the
/// note sits — deck, breadcrumb, the tag naming its place, the file and
/// line — is left out: moving a card changes nothing in Anki, so an edit
/// made there survives a renamed heading.
pub fn content_hash(
    kind: CardKind,
    front: &str,
    back: &str,
    part: Option<crate::card::Part>,
    tags: &[String],
    shows_code: bool,
) -> u64 {
    let mut hasher = Sha256::new();
    if shows_code {
        hasher.update(CODE_EPOCH.as_bytes());
        hasher.update([0x1e]);
    }
    let part = part.map(|p| format!("{}/{}", p.index, p.count)).unwrap_or_default();
    // The first tag names the card's place (see `extract`).
    let tags = tags.iter().skip(1).map(String::as_str).collect::<Vec<_>>().join(" ");
    for field in [RENDER_EPOCH, kind.name(), front, back, &part, &tags] {
        hasher.update(field.as_bytes());
        hasher.update([0x1f]);
    }
    first_64_bits(&hasher.finalize())
}

/// An answer, hashed with its whitespace evened out (as if its words were
/// joined by single spaces).
pub fn answer_hash(back: &str) -> u64 {
    let mut hasher = Sha256::new();
    for (i, word) in back.split_whitespace().enumerate() {
        if i > 0 {
            hasher.update(b" ");
        }
        hasher.update(word.as_bytes());
    }
    first_64_bits(&hasher.finalize())
}

/// A question as the state shows it: one line, at most 160 characters.
pub fn question_text(text: &str) -> String {
    crate::text::one_line(text, 160)
}

/// The first 64 bits of the text's SHA-256.
pub fn short_hash(text: &str) -> u64 {
    first_64_bits(&Sha256::digest(text.as_bytes()))
}

fn first_64_bits(digest: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(bytes)
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

/// Anki-style base91 GUID of the first 64 bits of SHA-256(key).
pub fn guid_for(key: &str) -> String {
    let mut n = short_hash(key);
    let mut out = Vec::with_capacity(10);
    loop {
        out.push(BASE91[(n % 91) as usize]);
        n /= 91;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("base91 alphabet is ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_is_stable_and_short() {
        let a = guid_for("x");
        assert_eq!(a, guid_for("x"));
        assert_ne!(a, guid_for("y"));
        assert!(a.len() <= 10 && !a.contains(' '));
    }

    #[test]
    fn place_is_not_content() {
        let tags = |place: &str| vec![place.to_owned(), "cardsmith::question".to_owned()];
        let a = content_hash(CardKind::Question, "Q?", "A", None, &tags("Net::Basics"), false);
        assert_eq!(a, content_hash(CardKind::Question, "Q?", "A", None, &tags("Net::Fundamentals"), false));
        assert_ne!(a, content_hash(CardKind::Question, "Q?", "B", None, &tags("Net::Basics"), false));
        let mut more = tags("Net::Basics");
        more.push("exam".to_owned());
        assert_ne!(a, content_hash(CardKind::Question, "Q?", "A", None, &more, false), "front-matter tags are content");
    }
}
